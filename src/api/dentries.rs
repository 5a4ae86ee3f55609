//! `GET /v1.0/storage/spaces/{spaceId}/dentries` through our server.

use super::client::get_json;
use super::ApiError;
use dingtalk_wire::query::encode;
use dingtalk_wire::{ListDentriesQuery, ListDentriesResponse, Order, OrderBy};

/// Page size of folder listings: DingTalk's maximum for this call.
pub const DENTRIES_PAGE: u32 = 50;

/// The query for one page of `parent_id`. The server pins `unionId` to the logged-in user,
/// so the value here is only the placeholder the query type requires.
pub fn dentries_query(
    parent_id: &str,
    order_by: OrderBy,
    order: Order,
    with_thumbnail: bool,
    token: Option<&str>,
) -> Result<ListDentriesQuery, ApiError> {
    ListDentriesQuery::new(
        "me",
        parent_id,
        DENTRIES_PAGE,
        order_by,
        order,
        with_thumbnail,
    )
    .map(|q| q.page(token))
    .map_err(|e| ApiError::Decode(e.to_string()))
}

/// Where the page is asked for; the space id is percent-encoded so it cannot change the path.
pub fn dentries_url(space_id: &str, query: &ListDentriesQuery) -> String {
    format!(
        "/v1.0/storage/spaces/{}/dentries?{}",
        encode(space_id),
        query.to_query()
    )
}

/// One page of a folder's entries. `signal` aborts it (a new sort, another folder, the
/// page left).
pub async fn list_dentries_page(
    space_id: &str,
    query: &ListDentriesQuery,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<ListDentriesResponse, ApiError> {
    get_json(&dentries_url(space_id, query), signal).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let q = dentries_query("0", OrderBy::Size, Order::Asc, true, None).expect("valid");
        assert_eq!(
            dentries_url("28000000001", &q),
            "/v1.0/storage/spaces/28000000001/dentries?parentId=0&maxResults=50&orderBy=SIZE&order=ASC&withThumbnail=true&unionId=me"
        );
        let q =
            dentries_query("7", OrderBy::Name, Order::Desc, false, Some("a+b=")).expect("valid");
        assert_eq!(
            dentries_url("../x", &q),
            "/v1.0/storage/spaces/..%2Fx/dentries?parentId=7&nextToken=a%2Bb%3D&maxResults=50&orderBy=NAME&order=DESC&withThumbnail=false&unionId=me"
        );
        assert!(dentries_query("", OrderBy::Name, Order::Desc, false, None).is_err());
        let q = dentries_query("7", OrderBy::Name, Order::Desc, false, Some("")).expect("ok");
        assert_eq!(q.next_token, None, "an empty token is the first page");
    }
}
