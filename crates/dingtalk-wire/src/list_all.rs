//! POST /v1.0/storage/spaces/{spaceId}/dentries/listAll?unionId=: every file and folder of a
//! space in one paged stream, ordered by modified time, at most 50 a page
//! (<https://open.dingtalk.com/document/development/get-a-list-of-all-files-or-folders-under-a>).
//! The answer has the shape of a folder listing's page ([`crate::ListDentriesResponse`]).
//! DingTalk's caveat: items that change during the walk may repeat (ascending) or be missed
//! (descending).

use crate::Order;
use serde::{Deserialize, Serialize};

/// At most, and by default, this many entries a page.
pub const LIST_ALL_MAX_RESULTS: u32 = 50;

/// The request's body. The official SDK leaves `option` out when nothing is set.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ListAllRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<ListAllOption>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ListAllOption {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    /// `ASC` (DingTalk's default) or `DESC`, by modified time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_thumbnail: Option<bool>,
}

/// What a request asks, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListAllPage {
    pub next_token: Option<String>,
    pub max_results: u32,
    pub order: Order,
    pub with_thumbnail: bool,
}

impl ListAllRequest {
    /// The first page, or the page after `next_token`, in the order a scan walks (ascending:
    /// an item changed during the walk comes again rather than being missed).
    pub fn page(next_token: Option<&str>) -> Self {
        Self {
            option: Some(ListAllOption {
                next_token: next_token.map(str::to_owned),
                max_results: Some(i64::from(LIST_ALL_MAX_RESULTS)),
                order: None,
                with_thumbnail: None,
            }),
        }
    }

    /// Reads a body as DingTalk accepts it: none, `{}`, `{"option":{}}` or a full option;
    /// `maxResults` from 1 to 50, `order` ASC or DESC.
    pub fn parse(body: &[u8]) -> Result<ListAllPage, String> {
        let req: Self = if body.iter().all(u8::is_ascii_whitespace) {
            Self::default()
        } else {
            serde_json::from_slice(body)
                .map_err(|e| format!("the body is not a listAll request: {e}"))?
        };
        let o = req.option.unwrap_or_default();
        let max_results = match o.max_results {
            None => LIST_ALL_MAX_RESULTS,
            Some(n) if (1..=i64::from(LIST_ALL_MAX_RESULTS)).contains(&n) => n as u32,
            Some(n) => return Err(format!("maxResults is {n}; use 1 to 50")),
        };
        let order = match o.order.as_deref() {
            None | Some("ASC") => Order::Asc,
            Some("DESC") => Order::Desc,
            Some(other) => return Err(format!("order is {other:?}; use ASC or DESC")),
        };
        Ok(ListAllPage {
            next_token: o.next_token.filter(|t| !t.is_empty()),
            max_results,
            order,
            with_thumbnail: o.with_thumbnail.unwrap_or(false),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_as_dingtalk_reads_them() {
        for body in [&b""[..], b"  ", b"{}", br#"{"option":{}}"#] {
            let p = ListAllRequest::parse(body).expect("accepted");
            assert_eq!(
                p,
                ListAllPage {
                    next_token: None,
                    max_results: 50,
                    order: Order::Asc,
                    with_thumbnail: false
                }
            );
        }
        // The documentation's example.
        let p = ListAllRequest::parse(
            br#"{"option":{"nextToken":"3678056xxxxx","maxResults":30,"order":"DESC","withThumbnail":true}}"#,
        )
        .expect("accepted");
        assert_eq!(p.next_token.as_deref(), Some("3678056xxxxx"));
        assert_eq!(
            (p.max_results, p.order, p.with_thumbnail),
            (30, Order::Desc, true)
        );
        for bad in [
            &br#"{"option":{"maxResults":51}}"#[..],
            br#"{"option":{"maxResults":0}}"#,
            br#"{"option":{"order":"up"}}"#,
            b"not json",
        ] {
            assert!(
                ListAllRequest::parse(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn a_scan_asks_as_the_sdk_sends() {
        let first = serde_json::to_string(&ListAllRequest::page(None)).expect("json");
        assert_eq!(first, r#"{"option":{"maxResults":50}}"#);
        let next = serde_json::to_string(&ListAllRequest::page(Some("t1"))).expect("json");
        assert_eq!(next, r#"{"option":{"nextToken":"t1","maxResults":50}}"#);
        assert_eq!(
            ListAllRequest::parse(next.as_bytes())
                .expect("read")
                .next_token
                .as_deref(),
            Some("t1")
        );
    }
}
