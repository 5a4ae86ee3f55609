//! What every oapi.dingtalk.com call shares: the `access_token` in the query, a body sent as
//! JSON or as a form, and answers with HTTP 200 whose `errcode` says whether it worked.

use crate::api::respond;
use crate::Emulator;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::Response;
use dingtalk_wire::auth::errcode::TOKEN_INVALID;
use dingtalk_wire::message::errcode::BAD_PARAM;
use dingtalk_wire::query::Params;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// The `errcode` of an oapi answer, carried in the response's extensions so the request log
/// can tell a refusal (HTTP 200 all the same) from a success.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Errcode(pub i64);

/// An oapi answer: `body` (which holds `errcode` = `code`) with HTTP 200.
pub(crate) fn reply<T: Serialize>(code: i64, body: &T, request_id: &str) -> Response {
    let mut resp = respond(StatusCode::OK, body, request_id);
    resp.extensions_mut().insert(Errcode(code));
    resp
}

/// `{"errcode", "errmsg", "request_id"}`: an oapi refusal.
pub(crate) fn refused(emu: &Emulator, code: i64, errmsg: &str) -> Response {
    let id = emu.request_id();
    let body = serde_json::json!({"errcode": code, "errmsg": errmsg, "request_id": id});
    reply(code, &body, &id)
}

/// Whether the query's `access_token` is a token the emulator issued and still honours.
pub(crate) fn token_is_valid(emu: &Emulator, uri: &Uri) -> bool {
    let query = Params::parse(uri.query().unwrap_or(""));
    let token = query.get("access_token").unwrap_or("");
    !token.is_empty() && emu.tokens().is_valid(token)
}

/// The body's fields as a JSON object: JSON as sent, a form as strings. `None` for a body
/// that is neither (a JSON array or scalar, broken JSON).
pub(crate) fn fields(headers: &HeaderMap, body: &Bytes) -> Option<Value> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
        || body.trim_ascii_start().starts_with(b"{");
    if is_json {
        return serde_json::from_slice::<Value>(body)
            .ok()
            .filter(Value::is_object);
    }
    let text = String::from_utf8_lossy(body);
    let form: Map<String, Value> = Params::parse(&text)
        .0
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    Some(Value::Object(form))
}

/// Bodies read at most: DingTalk's largest parameters (100 userids, a 5000-character
/// markdown) fit many times over.
const BODY_LIMIT: usize = 256 * 1024;

/// The body of an oapi call the app token allows, as `T`: the token is checked first (88
/// when refused, as DingTalk's topapi calls answer), then a body that is not `T` is answered
/// with 400002 naming the problem.
pub(crate) struct OapiRequest<T>(pub T);

impl<T: DeserializeOwned> FromRequest<Emulator> for OapiRequest<T> {
    type Rejection = Response;

    async fn from_request(req: Request, emu: &Emulator) -> Result<Self, Response> {
        if !token_is_valid(emu, req.uri()) {
            return Err(refused(emu, TOKEN_INVALID, "invalid access_token"));
        }
        let headers = req.headers().clone();
        let body = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| {
                let msg =
                    "the body is over 256 KiB or was cut short: send the documented fields only";
                refused(emu, BAD_PARAM, msg)
            })?;
        let fields = fields(&headers, &body).ok_or_else(|| {
            let msg = "the body is neither a JSON object nor a form: send JSON with the documented fields";
            refused(emu, BAD_PARAM, msg)
        })?;
        serde_json::from_value(fields).map(Self).map_err(|e| {
            let msg = format!("the body's fields are malformed ({e}): send the documented types");
            refused(emu, BAD_PARAM, &msg)
        })
    }
}
