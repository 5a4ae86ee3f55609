//! The API proxy: exactly the two list calls and the one-space call, with `unionId` pinned to
//! the session's user; a success is remembered a short while for the same request
//! ([`crate::memory`]).

use crate::dingtalk::Forwarded;
use crate::error::AppError;
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dingtalk_wire::query::{decode_cow, raw_pairs, QueryBuilder};
use dingtalk_wire::{is_valid_id, ErrorBody};

pub async fn list_spaces(State(s): State<AppState>, session: Session, uri: Uri) -> Response {
    forward(&s, &session, &uri, "/v1.0/drive/spaces", SPACES_PARAMS).await
}

pub async fn list_dentries(
    State(s): State<AppState>,
    session: Session,
    Path(space_id): Path<String>,
    uri: Uri,
) -> Response {
    in_space(&s, &session, &space_id, "/dentries", &uri, DENTRIES_PARAMS).await
}

/// One space, its name and fill: what a folder page's header needs, for one metered call
/// where listing every org space costs one per 50 spaces.
pub async fn get_space(
    State(s): State<AppState>,
    session: Session,
    Path(space_id): Path<String>,
    uri: Uri,
) -> Response {
    in_space(&s, &session, &space_id, "", &uri, &[]).await
}

/// Forwards the storage call `/v1.0/storage/spaces/{space_id}{rest}`, for a valid id only.
async fn in_space(
    s: &AppState,
    session: &Session,
    space_id: &str,
    rest: &str,
    uri: &Uri,
    allowed: &[&str],
) -> Response {
    if !is_valid_id(space_id) {
        return AppError::not_found().into_response();
    }
    let path = format!("/v1.0/storage/spaces/{space_id}{rest}");
    forward(s, session, uri, &path, allowed).await
}

/// Documented parameters of each call, besides `unionId`.
const SPACES_PARAMS: &[&str] = &["spaceType", "nextToken", "maxResults"];
const DENTRIES_PARAMS: &[&str] = &[
    "parentId",
    "nextToken",
    "maxResults",
    "orderBy",
    "order",
    "withThumbnail",
];

/// The query to send upstream: the documented parameters the client sent (the first of each,
/// re-encoded), then `unionId` set to the session's user. Anything else the client sent,
/// any `unionId` above all, is dropped, so nothing can be smuggled past the pin.
///
/// The same as decoding the whole query into [`dingtalk_wire::query::Params`] and keeping
/// the first of each allowed name (the tests check it against that), without copying the
/// pairs: it runs on every forwarded call.
pub fn pin_union_id(query: Option<&str>, union_id: &str, allowed: &[&str]) -> String {
    let query = query.unwrap_or("");
    let mut out = QueryBuilder::with_capacity(query.len() + union_id.len() + 16);
    for name in allowed {
        if let Some((_, v)) = raw_pairs(query).find(|(k, _)| decode_cow(k) == *name) {
            out.push(name, &decode_cow(v));
        }
    }
    out.push("unionId", union_id);
    out.finish()
}

async fn forward(
    s: &AppState,
    session: &Session,
    uri: &Uri,
    path: &str,
    allowed: &[&str],
) -> Response {
    let query = pin_union_id(uri.query(), &session.union_id, allowed);
    let key = crate::memory::Memory::key(path, &query);
    if let Some((f, age)) = s.memory.recall(&key) {
        let mut resp = answer(f, true);
        resp.headers_mut()
            .insert(header::AGE, HeaderValue::from(age.as_secs()));
        return resp;
    }
    match s.dingtalk.forward_get(path, &query).await {
        Ok(f) => {
            let readable = readable(&f);
            if readable && f.status.is_success() {
                s.memory.keep(key, &f);
            }
            answer(f, readable)
        }
        Err(e) => e.into_response(),
    }
}

/// Whether DingTalk's answer is what it should be: a success with a JSON body, or an error
/// in DingTalk's error shape.
fn readable(f: &Forwarded) -> bool {
    if f.status.is_success() {
        serde_json::from_slice::<serde::de::IgnoredAny>(&f.body).is_ok()
    } else if f.status.is_client_error() || f.status.is_server_error() {
        std::str::from_utf8(&f.body)
            .ok()
            .and_then(ErrorBody::from_body)
            .is_some()
    } else {
        false
    }
}

/// What the browser gets for DingTalk's answer: always JSON, with our own content type (what
/// DingTalk sent is not passed on: an HTML page served as such to the app's origin is a page
/// of DingTalk's, or an attacker's, running as ours). A success must be valid JSON and an
/// error must be DingTalk's error shape; otherwise (an IP-ban or gateway page in HTML, an
/// empty or cut-off body) the server says so in its own error shape. An error keeps
/// DingTalk's status, since 429 and 503 tell the admin DingTalk is throttling or busy; a
/// success with a broken body, or any other status, is a 502. `readable`: [`readable`].
fn answer(f: Forwarded, readable: bool) -> Response {
    let mut resp = if readable {
        Response::new(axum::body::Body::from(f.body))
    } else {
        let (status, body) = f.unreadable();
        (status, Json(body)).into_response()
    };
    if readable {
        *resp.status_mut() = f.status;
    }
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(v) = f.request_id {
        h.insert(dingtalk_wire::REQUEST_ID_HEADER, v);
    }
    if let Some(v) = f.calls {
        h.insert(dingtalk_wire::CALLS_HEADER, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_union_id_is_replaced() {
        for q in [
            "unionId=evil&spaceType=org",
            "unionId=evil&unionId=evil2&spaceType=org",
            "union%49d=evil&spaceType=org",
            "UNIONID=evil&spaceType=org",
            "spaceType=org&unionId=",
            "spaceType=org&unionId%3Devil",
            "spaceType=org&spaceType=personal&x=1",
        ] {
            assert_eq!(
                pin_union_id(Some(q), "me", SPACES_PARAMS),
                "spaceType=org&unionId=me",
                "{q}"
            );
        }
        assert_eq!(pin_union_id(None, "me", SPACES_PARAMS), "unionId=me");
    }

    /// What `pin_union_id` must equal: the whole query decoded, the first value of each
    /// allowed name kept, re-encoded.
    fn pinned_through_params(query: &str, union_id: &str, allowed: &[&str]) -> String {
        let sent = dingtalk_wire::query::Params::parse(query);
        let mut out = dingtalk_wire::query::Params::default();
        for name in allowed {
            if let Some(v) = sent.get(name) {
                out.0.push(((*name).to_owned(), v.to_owned()));
            }
        }
        out.0.push(("unionId".to_owned(), union_id.to_owned()));
        out.to_query()
    }

    #[test]
    fn pinning_equals_decoding_the_whole_query() {
        let parts = [
            "",
            "&",
            "?",
            "=",
            "spaceType=org",
            "spaceType=",
            "spaceType",
            "space%54ype=org",
            "spaceType=a+b",
            "nextToken=a%2Bb%3D%3d",
            "nextToken=%zz%4",
            "nextToken=%E4%B8%AD",
            "nextToken=%FF",
            "maxResults=50",
            "maxResults=5%30",
            "unionId=evil",
            "parentId=0",
            "orderBy=SIZE",
            "order=ASC",
            "withThumbnail=true",
            "x=1",
            "a=b=c",
            "+=+",
        ];
        for a in parts {
            for b in parts {
                for c in ["", "nextToken=second", "spaceType=personal"] {
                    let q = format!("{a}&{b}&{c}");
                    for allowed in [SPACES_PARAMS, DENTRIES_PARAMS] {
                        assert_eq!(
                            pin_union_id(Some(&q), "u+n ion", allowed),
                            pinned_through_params(&q, "u+n ion", allowed),
                            "{q}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn documented_parameters_pass_through_encoded() {
        let q =
            "parentId=0&nextToken=a%2Bb%3D&maxResults=50&orderBy=SIZE&order=ASC&withThumbnail=true";
        assert_eq!(
            pin_union_id(Some(q), "me", DENTRIES_PARAMS),
            "parentId=0&nextToken=a%2Bb%3D&maxResults=50&orderBy=SIZE&order=ASC&withThumbnail=true&unionId=me"
        );
    }
}
