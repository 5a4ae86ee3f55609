//! Requests that change something (login, logout: every method but GET, HEAD and OPTIONS)
//! are taken only from the server's own pages. SameSite=Lax already keeps the session cookie
//! off other sites' POSTs; this refuses them outright, so another site can neither log a
//! visitor in or out nor spend this network's login attempts.
//!
//! A request is same-origin when its `Origin` is this server's own (scheme, host and port of
//! the request's `Host`: `https` when cookies are `Secure`, either scheme otherwise), or when
//! the browser says `Sec-Fetch-Site: same-origin` (the check that still works behind a
//! reverse proxy that rewrites `Host`).
//!
//! With neither header, the request is let through. Browsers send `Origin` on every
//! cross-origin POST (Chromium, Firefox and WebKit have for years), and `Sec-Fetch-Site` on
//! every request; a request with neither comes from a program such as curl, a health check
//! or a test, which carries only the cookies it was given and cannot be made to act for a
//! user by another site. Refusing those would break such clients for no protection.

use crate::error::AppError;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};

/// The refusal of a cross-origin request that could change something; `None` when it may go
/// on. `secure`: the server is reached over HTTPS (`COOKIE_SECURE`).
pub fn refusal<B>(req: &Request<B>, secure: bool) -> Option<Response> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    let headers = req.headers();
    let fetch_site = headers.get("sec-fetch-site").map(|v| v.as_bytes());
    let origin = headers.get(header::ORIGIN).map(|v| v.as_bytes());
    if fetch_site == Some(b"same-origin") {
        return None;
    }
    let own = own_origins(headers, req.uri(), secure);
    match origin {
        Some(o) if own.iter().any(|own| same(o, own)) => return None,
        None if fetch_site.is_none() => return None,
        _ => {}
    }
    let shown = |v: Option<&[u8]>| {
        v.map_or_else(
            || "none".to_owned(),
            |b| String::from_utf8_lossy(&b[..b.len().min(120)]).into_owned(),
        )
    };
    let (origin, site) = (shown(origin), shown(fetch_site));
    let expected = own
        .first()
        .map_or("unknown (no Host header)", String::as_str);
    tracing::warn!(%origin, sec_fetch_site = %site, expected, method = %req.method(), "cross-origin request refused");
    Some(
        AppError::new(
            StatusCode::FORBIDDEN,
            "request.crossOrigin",
            format!(
                "This server takes {} requests only from its own pages (Origin: {origin}, Sec-Fetch-Site: {site}; this server is {expected}); open the dashboard at its own address. Behind a reverse proxy, pass the original Host header through (nginx: proxy_set_header Host $host)",
                req.method()
            ),
        )
        .into_response(),
    )
}

/// This server's origins as the browser would write them, from the request's `Host` (or the
/// authority of an absolute URI), without the scheme's default port.
fn own_origins(headers: &HeaderMap, uri: &axum::http::Uri, secure: bool) -> Vec<String> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()));
    let Some(host) = host.map(str::trim).filter(|h| !h.is_empty()) else {
        return Vec::new();
    };
    let schemes: &[(&str, &str)] = if secure {
        &[("https", ":443")]
    } else {
        &[("http", ":80"), ("https", ":443")]
    };
    schemes
        .iter()
        .map(|(scheme, default_port)| {
            let host = host.strip_suffix(default_port).unwrap_or(host);
            format!("{scheme}://{host}").to_ascii_lowercase()
        })
        .collect()
}

/// Origins compare case-insensitively; a default port written out counts as left out.
fn same(origin: &[u8], own: &str) -> bool {
    let Ok(origin) = std::str::from_utf8(origin) else {
        return false;
    };
    let origin = origin.trim();
    let origin = if origin.starts_with("https://") {
        origin.strip_suffix(":443").unwrap_or(origin)
    } else {
        origin.strip_suffix(":80").unwrap_or(origin)
    };
    origin.eq_ignore_ascii_case(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)]) -> Request<()> {
        let mut b = Request::post("/api/login");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(()).expect("request")
    }

    #[test]
    fn own_origin_or_same_origin_fetch_passes() {
        let host = ("host", "quota.example.com");
        for (headers, secure) in [
            (vec![host, ("origin", "https://quota.example.com")], true),
            (
                vec![host, ("origin", "https://Quota.Example.com:443")],
                true,
            ),
            (
                vec![
                    ("host", "quota.example.com:443"),
                    ("origin", "https://quota.example.com"),
                ],
                true,
            ),
            (vec![host, ("origin", "http://quota.example.com")], false),
            (
                vec![
                    ("host", "127.0.0.1:8080"),
                    ("origin", "http://127.0.0.1:8080"),
                ],
                false,
            ),
            // Behind a proxy that rewrote Host: the browser's own word.
            (
                vec![
                    ("host", "127.0.0.1:8080"),
                    ("origin", "https://quota.example.com"),
                    ("sec-fetch-site", "same-origin"),
                ],
                true,
            ),
            // Not a browser.
            (vec![host], true),
            (vec![], true),
        ] {
            assert!(refusal(&post(&headers), secure).is_none(), "{headers:?}");
        }
    }

    #[test]
    fn other_origins_are_refused() {
        let host = ("host", "quota.example.com");
        for (headers, secure) in [
            (vec![host, ("origin", "https://evil.example")], true),
            (
                vec![host, ("origin", "https://quota.example.com.evil.example")],
                true,
            ),
            (
                vec![host, ("origin", "https://quota.example.com:8443")],
                true,
            ),
            // Plain HTTP is another origin of a server behind TLS.
            (vec![host, ("origin", "http://quota.example.com")], true),
            (vec![host, ("origin", "null")], true),
            (vec![host, ("sec-fetch-site", "cross-site")], true),
            (vec![host, ("sec-fetch-site", "same-site")], false),
            (vec![("origin", "https://quota.example.com")], true),
        ] {
            let r = refusal(&post(&headers), secure);
            let r = r.unwrap_or_else(|| panic!("{headers:?} passed"));
            assert_eq!(r.status(), StatusCode::FORBIDDEN);
        }
    }

    #[test]
    fn reads_are_never_refused() {
        let req = Request::get("/api/me")
            .header("origin", "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .body(())
            .expect("request");
        assert!(refusal(&req, true).is_none());
    }
}
