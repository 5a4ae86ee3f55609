//! The API proxy: exactly the two list calls, with `unionId` pinned to the session's user.

use crate::error::AppError;
use crate::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use dingtalk_wire::query::{decode_cow, raw_pairs, QueryBuilder};

// Each handler takes the request whole (last): its headers and query are read in place, not
// copied out by the `HeaderMap` and `RawQuery` extractors.

pub async fn list_spaces(State(s): State<AppState>, req: Request) -> Response {
    forward(&s, req, "/v1.0/drive/spaces", SPACES_PARAMS).await
}

pub async fn list_dentries(
    State(s): State<AppState>,
    Path(space_id): Path<String>,
    req: Request,
) -> Response {
    // DingTalk space ids are short alphanumeric strings; anything else could smuggle a path.
    let valid = !space_id.is_empty()
        && space_id.len() <= 64
        && space_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return AppError::not_found().into_response();
    }
    let path = format!("/v1.0/storage/spaces/{space_id}/dentries");
    forward(&s, req, &path, DENTRIES_PARAMS).await
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

async fn forward(s: &AppState, req: Request, path: &str, allowed: &[&str]) -> Response {
    // The head alone: a body (none is expected on a GET) is not held across the call.
    let (head, _) = req.into_parts();
    let session = match s.session(&head.headers) {
        Ok(session) => session,
        Err(e) => return e.into_response(),
    };
    let query = pin_union_id(head.uri.query(), &session.union_id, allowed);
    match s.dingtalk.forward_get(path, &query).await {
        Ok(f) => {
            let mut resp = Response::new(axum::body::Body::from(f.body));
            *resp.status_mut() = f.status;
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                f.content_type
                    .unwrap_or_else(|| HeaderValue::from_static("application/json")),
            );
            if let Some(v) = f.request_id {
                h.insert(dingtalk_wire::REQUEST_ID_HEADER, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Err(e) => e.into_response(),
    }
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
