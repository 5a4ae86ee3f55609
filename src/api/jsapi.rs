//! The DingTalk JSAPI, through the bridge index.html inlines (jsapi/bridge.js), which loads
//! the official `dingtalk-jsapi` package when the page may be inside DingTalk.

use wasm_bindgen::prelude::*;

/// Why no auth code could be had from DingTalk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsapiError(pub String);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = dqdDingTalk, js_name = inDingTalk, catch)]
    async fn in_dingtalk_js() -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = dqdDingTalk, js_name = requestAuthCode, catch)]
    async fn request_auth_code_js(corp_id: &str, client_id: &str) -> Result<JsValue, JsValue>;
}

/// Inside a DingTalk client, as the official package tells. False when the bridge is
/// missing (it then cannot log in either).
pub async fn in_dingtalk() -> bool {
    in_dingtalk_js()
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

pub async fn request_auth_code(corp_id: &str, client_id: &str) -> Result<String, JsapiError> {
    match request_auth_code_js(corp_id, client_id).await {
        Ok(v) => v
            .as_string()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| JsapiError("DingTalk returned no auth code".into())),
        Err(e) => Err(JsapiError(describe(&e))),
    }
}

/// A JS error or DingTalk's `{errorCode, errorMessage}` as text.
fn describe(e: &JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    let field = |k: &str| {
        js_sys::Reflect::get(e, &k.into())
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let text = |v: JsValue| v.as_string().or_else(|| v.as_f64().map(|n| n.to_string()));
    let message = field("errorMessage")
        .or_else(|| field("message"))
        .and_then(text);
    let code = field("errorCode").and_then(text);
    match (code, message) {
        (Some(c), Some(m)) => format!("{m} ({c})"),
        (None, Some(m)) => m,
        (Some(c), None) => format!("error {c}"),
        (None, None) => "unknown error".into(),
    }
}
