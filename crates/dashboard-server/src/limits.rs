//! Limits on the request head, checked before any route: the dashboard's own requests carry
//! a session cookie of a few hundred bytes and a short query, so anything near these limits is
//! not the app. hyper alone would take up to ~400 KB of headers and a 64 KB URI. hyper has
//! read and parsed the head by the time this runs, so these limits do not save that work:
//! they keep oversized heads away from the routes, the session check and DingTalk.
//!
//! Over HTTP/1, hyper itself refuses more than 100 headers and a head over its buffer
//! (~400 KB) with 431 and an empty body, before this runs. The count is checked here too, so
//! the limits are this server's own and do not depend on hyper's defaults.

use crate::error::AppError;
use axum::http::{HeaderMap, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// Most bytes of all header lines together (names, values, ": " and line ends), like
/// nginx's default of 4 × 8 KB buffers, halved.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Most header lines (hyper's HTTP/1 default).
pub const MAX_HEADERS: usize = 100;
/// Longest request target (path and query) accepted.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The size of the header block as sent on the wire.
fn header_bytes(headers: &HeaderMap) -> usize {
    headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum()
}

fn uri_bytes(uri: &Uri) -> usize {
    uri.authority().map_or(0, |a| a.as_str().len())
        + uri.path_and_query().map_or(0, |p| p.as_str().len())
}

/// The refusal of a request whose head is over the limits: a URI over [`MAX_URI_BYTES`] with
/// 414, headers over [`MAX_HEADER_BYTES`] or [`MAX_HEADERS`] with 431, in the server's error
/// shape; `None` for a head within them. Only sizes are logged, never values (the cookie is a
/// credential).
pub fn refusal<B>(req: &Request<B>) -> Option<Response> {
    let uri = uri_bytes(req.uri());
    if uri > MAX_URI_BYTES {
        tracing::warn!(uri_bytes = uri, "request refused: URI too long");
        return Some(
            AppError::new(
                StatusCode::URI_TOO_LONG,
                "request.uriTooLong",
                format!(
                    "The request URI is {uri} bytes; this server accepts at most {MAX_URI_BYTES}"
                ),
            )
            .into_response(),
        );
    }
    let (count, bytes) = (req.headers().len(), header_bytes(req.headers()));
    if count > MAX_HEADERS || bytes > MAX_HEADER_BYTES {
        tracing::warn!(
            headers = count,
            header_bytes = bytes,
            "request refused: headers too large"
        );
        return Some(AppError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request.headersTooLarge",
            format!(
                "The request has {count} headers of {bytes} bytes in all; this server accepts at most {MAX_HEADERS} headers and {MAX_HEADER_BYTES} bytes (clear this site's cookies if they have grown)"
            ),
        )
        .into_response());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn sizes_count_what_goes_on_the_wire() {
        let mut h = HeaderMap::new();
        h.insert("cookie", HeaderValue::from_static("a=1"));
        h.append("x-y", HeaderValue::from_static(""));
        // "cookie: a=1\r\n" + "x-y: \r\n"
        assert_eq!(header_bytes(&h), 13 + 7);
        let uri: Uri = "/v1.0/drive/spaces?a=1".parse().expect("uri");
        assert_eq!(uri_bytes(&uri), 22);
        let abs: Uri = "http://h:1/p".parse().expect("uri");
        assert_eq!(uri_bytes(&abs), "h:1/p".len());
    }
}
