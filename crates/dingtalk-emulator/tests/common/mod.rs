//! Helpers shared by the integration tests: requests through the router, no network.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use dingtalk_emulator::{Config, Emulator, DEMO_ADMIN_UNION_ID};
use dingtalk_wire::query::encode;
use dingtalk_wire::ACCESS_TOKEN_HEADER;
use http_body_util::BodyExt;
use serde_json::Value;
use std::sync::OnceLock;
use tower::ServiceExt;

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// Asserts a DingTalk error body with this status and code; returns the message.
    pub fn assert_error(&self, status: u16, code: &str) -> String {
        let v = self.json();
        assert_eq!(self.status.as_u16(), status, "{v}");
        assert_eq!(v["code"], code, "{v}");
        let id = v["requestid"].as_str().expect("requestid");
        assert!(!id.is_empty());
        assert_eq!(self.headers["x-acs-request-id"], id);
        v["message"].as_str().expect("message").to_owned()
    }
}

pub async fn send(emu: &Emulator, req: Request<Body>) -> Reply {
    let resp = emu.router().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn get(emu: &Emulator, uri: &str, token: Option<&str>) -> Reply {
    let mut req = Request::get(uri).header("host", "emu.test:9100");
    if let Some(t) = token {
        req = req.header(ACCESS_TOKEN_HEADER, t);
    }
    send(emu, req.body(Body::empty()).expect("request")).await
}

pub async fn post(emu: &Emulator, uri: &str, content_type: &str, body: &str) -> Reply {
    let req = Request::post(uri)
        .header("content-type", content_type)
        .body(Body::from(body.to_owned()))
        .expect("request");
    send(emu, req).await
}

/// A valid app token.
pub async fn token(emu: &Emulator) -> String {
    let body = r#"{"appKey":"demo-app-key","appSecret":"demo-app-secret"}"#;
    let r = post(emu, "/v1.0/oauth2/accessToken", "application/json", body).await;
    assert_eq!(r.status, StatusCode::OK);
    r.json()["accessToken"].as_str().expect("token").to_owned()
}

/// The default emulator, shared so its trees are generated once per test binary.
/// The default data without DingTalk's 20 calls a second: these tests check what is served,
/// many requests at once; tests/metering.rs checks the limits.
pub fn unpaced() -> Config {
    Config {
        qps_per_api: 0,
        ..Config::default()
    }
}

pub fn shared() -> &'static Emulator {
    static EMU: OnceLock<Emulator> = OnceLock::new();
    EMU.get_or_init(|| Emulator::new(unpaced()))
}

pub fn dentries_uri(space: &str, params: &[(&str, &str)]) -> String {
    let mut q: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if !params.iter().any(|(k, _)| *k == "unionId") {
        q.push(format!("unionId={DEMO_ADMIN_UNION_ID}"));
    }
    format!("/v1.0/storage/spaces/{space}/dentries?{}", q.join("&"))
}
