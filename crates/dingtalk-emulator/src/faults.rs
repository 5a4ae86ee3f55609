//! Fault injection: the ways real DingTalk misbehaves (throttling, faults, an IP-ban HTML page,
//! truncated or reset responses, odd paging, unknown or missing values, huge numbers, an
//! expired token), switched on per run (`--fault`) or per test (`POST /_emulator/faults`).

use crate::api::error;
use crate::{lock, Emulator};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use dingtalk_wire::query::Params;
use dingtalk_wire::ErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    /// Answer after `latency_ms`.
    Latency,
    /// 429 system.busy.
    Busy429,
    /// 403 Forbidden.AccessDenied.QpsLimitForApi.
    QpsLimit403,
    /// 500 systemError.
    SystemError500,
    /// 503 serviceBusy.
    ServiceBusy503,
    /// 403 with an HTML page, as an IP ban looks.
    HtmlBan,
    /// 200 with the JSON cut in half.
    TruncatedJson,
    /// The connection dropped in the middle of the body.
    ConnectionReset,
    /// The nextToken of the request comes back again.
    RepeatToken,
    /// The last item of a page appears again at the start of the next.
    DuplicateItem,
    /// Enum fields get values no client knows.
    UnknownEnums,
    /// Items keep only their id and name.
    MissingFields,
    /// Sizes and quotas near 2^63.
    HugeNumbers,
    /// Every issued app token expires before the call.
    ExpiredToken,
    /// Names, paths, extensions and thumbnail URLs replaced by hostile strings (XSS corpus).
    Hostile,
    /// An oapi call answered `{"errcode":-1}`: DingTalk busy (work notifications, contacts).
    OapiBusy,
}

impl FaultKind {
    pub const ALL: [FaultKind; 16] = [
        Self::Latency,
        Self::Busy429,
        Self::QpsLimit403,
        Self::SystemError500,
        Self::ServiceBusy503,
        Self::HtmlBan,
        Self::TruncatedJson,
        Self::ConnectionReset,
        Self::RepeatToken,
        Self::DuplicateItem,
        Self::UnknownEnums,
        Self::MissingFields,
        Self::HugeNumbers,
        Self::ExpiredToken,
        Self::Hostile,
        Self::OapiBusy,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(Value::String(s.to_owned())).ok()
    }
}

/// One fault: what, on which path (prefix; empty = both list calls), how many times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    pub kind: FaultKind,
    #[serde(default)]
    pub path: String,
    /// `None`: until cleared.
    #[serde(default)]
    pub times: Option<u32>,
    #[serde(default)]
    pub latency_ms: u64,
}

impl Fault {
    pub fn always(kind: FaultKind) -> Self {
        Self {
            kind,
            path: String::new(),
            times: None,
            latency_ms: 1500,
        }
    }
}

impl Emulator {
    pub fn inject(&self, fault: Fault) {
        lock(&self.inner.faults).push(fault);
    }

    pub fn clear_faults(&self) {
        lock(&self.inner.faults).clear();
        lock(&self.inner.carried).clear();
    }

    /// Takes one use of the first fault matching `path`.
    fn take_fault(&self, path: &str, named_only: bool) -> Option<Fault> {
        let mut faults = lock(&self.inner.faults);
        let i = faults
            .iter()
            .position(|f| path.starts_with(&f.path) && !(named_only && f.path.is_empty()))?;
        let f = faults[i].clone();
        match &mut faults[i].times {
            Some(1) | Some(0) => {
                faults.remove(i);
            }
            Some(n) => *n -= 1,
            None => {}
        }
        Some(f)
    }
}

/// `POST /_emulator/faults` with a [`Fault`]; `DELETE /_emulator/faults` clears them all;
/// `GET` lists the pending ones.
pub async fn control_add(State(emu): State<Emulator>, Json(f): Json<Fault>) -> StatusCode {
    emu.inject(f);
    StatusCode::NO_CONTENT
}

/// `GET /_emulator/faults`: the faults still pending, with the uses left (a test checks that
/// the fault it injected has fired).
pub async fn control_list(State(emu): State<Emulator>) -> Json<Vec<Fault>> {
    Json(lock(&emu.inner.faults).clone())
}

pub async fn control_clear(State(emu): State<Emulator>) -> StatusCode {
    emu.clear_faults();
    StatusCode::NO_CONTENT
}

/// A body that fails after its first bytes: the client sees the connection drop mid-answer.
struct Broken(Option<Bytes>);

impl http_body::Body for Broken {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(match self.0.take() {
            Some(b) => Ok(http_body::Frame::data(b)),
            None => Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "emulated reset",
            )),
        }))
    }
}

/// Applies the next fault that names an oapi call's path (a fault without a path is for the
/// list calls): DingTalk busy, an IP-ban page, latency.
pub async fn inject_oapi_faults(State(emu): State<Emulator>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let Some(fault) = emu.take_fault(&path, true) else {
        return next.run(req).await;
    };
    match fault.kind {
        FaultKind::Latency => {
            tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
            next.run(req).await
        }
        FaultKind::HtmlBan => html_ban(),
        _ => Json(serde_json::json!({ "errcode": -1, "errmsg": "系统繁忙" })).into_response(),
    }
}

/// The page DingTalk's gateway answers an IP it has banned with.
fn html_ban() -> Response {
    let html = "<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body><h1>Access Denied</h1><p>Your IP has been blocked for 5 minutes.</p></body></html>";
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/html")],
        html,
    )
        .into_response()
}

/// Applies the next matching fault to a list call.
pub async fn inject_faults(State(emu): State<Emulator>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let Some(fault) = emu.take_fault(&path, false) else {
        return next.run(req).await;
    };
    let token_in = Params::parse(req.uri().query().unwrap_or(""))
        .get("nextToken")
        .map(str::to_owned);
    let status = |s: StatusCode, code: ErrorCode, msg: &str| error(&emu, s, code, msg);
    match fault.kind {
        FaultKind::Latency => {
            tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
            return next.run(req).await;
        }
        FaultKind::Busy429 => {
            return status(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::SystemBusy,
                "System is busy, please try again later",
            )
        }
        FaultKind::QpsLimit403 => {
            return status(
                StatusCode::FORBIDDEN,
                ErrorCode::QpsLimitForApi,
                "The request has exceeded the QPS limit",
            )
        }
        FaultKind::SystemError500 => {
            return status(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::SystemError,
                "system error",
            )
        }
        FaultKind::ServiceBusy503 => {
            return status(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::ServiceBusy,
                "service busy",
            )
        }
        FaultKind::HtmlBan => return html_ban(),
        FaultKind::ExpiredToken => {
            emu.expire_tokens();
            return next.run(req).await;
        }
        FaultKind::ConnectionReset => {
            let mut resp = Response::new(Body::new(Broken(Some(Bytes::from_static(
                b"{\"spaces\":[",
            )))));
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            resp.headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from_static("4096"));
            return resp;
        }
        _ => {}
    }
    let resp = next.run(req).await;
    if !resp.status().is_success() {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = http_body_util::BodyExt::collect(body)
        .await
        .map(|c| c.to_bytes())
    else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if fault.kind == FaultKind::TruncatedJson {
        let cut = bytes.slice(..bytes.len() / 2);
        let mut r = Response::from_parts(parts, Body::from(cut));
        r.headers_mut().remove(header::CONTENT_LENGTH);
        return r;
    }
    let Ok(mut json) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    transform(&emu, fault.kind, &mut json, token_in.as_deref());
    let mut r = Response::from_parts(parts, Body::from(json.to_string()));
    r.headers_mut().remove(header::CONTENT_LENGTH);
    r
}

fn transform(emu: &Emulator, kind: FaultKind, json: &mut Value, token_in: Option<&str>) {
    let list_key = if json.get("spaces").is_some() {
        "spaces"
    } else {
        "dentries"
    };
    match kind {
        FaultKind::RepeatToken => {
            if let Some(t) = token_in {
                json["nextToken"] = Value::String(t.to_owned());
            }
        }
        FaultKind::DuplicateItem => {
            let next = json
                .get("nextToken")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let Some(items) = json.get_mut(list_key).and_then(Value::as_array_mut) else {
                return;
            };
            if let Some(carried) = token_in.and_then(|t| lock(&emu.inner.carried).remove(t)) {
                items.insert(0, carried);
            }
            if let (Some(n), Some(last)) = (next, items.last()) {
                lock(&emu.inner.carried).insert(n, last.clone());
            }
        }
        FaultKind::UnknownEnums => each_item(json, list_key, |i, item| {
            let set = |item: &mut Value, k: &str, v: &str| {
                if item.get(k).is_some() {
                    item[k] = Value::String(v.to_owned());
                }
            };
            set(item, "spaceType", "team");
            set(item, "permissionMode", "hybrid");
            set(item, "storageDriver", "S3");
            set(item, "partitionType", "MARS_PARTITION");
            if i % 2 == 0 {
                set(item, "type", "SHORTCUT_V2");
            }
            set(item, "status", "ARCHIVED");
        }),
        FaultKind::MissingFields => each_item(json, list_key, |_, item| {
            if let Some(obj) = item.as_object_mut() {
                obj.retain(|k, _| {
                    matches!(k.as_str(), "id" | "spaceId" | "name" | "spaceName" | "type")
                });
            }
        }),
        FaultKind::HugeNumbers => each_item(json, list_key, |i, item| {
            let big = i64::MAX - i as i64;
            for k in ["size", "usedQuota"] {
                if item.get(k).is_some() {
                    item[k] = Value::from(big);
                }
            }
            if item.get("quota").is_some_and(|q| q.as_i64() != Some(-1)) {
                item["quota"] = Value::from(if i % 2 == 0 { i64::MAX } else { i64::MAX / 2 });
            }
        }),
        FaultKind::Hostile => each_item(json, list_key, |_, item| {
            // A running counter, so successive pages walk through the whole corpus.
            let n = emu
                .inner
                .hostile_next
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let p = crate::hostile::payload(n);
            for k in ["spaceName", "name", "path", "extension"] {
                if item.get(k).is_some() {
                    item[k] = Value::String(p.clone());
                }
            }
            if item.get("thumbnail").is_some_and(Value::is_object) {
                let url =
                    crate::hostile::PAYLOADS[(n % crate::hostile::PAYLOADS.len() as u64) as usize];
                item["thumbnail"]["url"] = Value::String(url.to_owned());
            }
        }),
        _ => {}
    }
}

fn each_item(json: &mut Value, key: &str, mut f: impl FnMut(usize, &mut Value)) {
    if let Some(items) = json.get_mut(key).and_then(Value::as_array_mut) {
        for (i, item) in items.iter_mut().enumerate() {
            f(i, item);
        }
    }
}
