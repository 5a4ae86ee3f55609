//! The built app. Files come from `dist/`; every other path gets index.html so deep links
//! (`/spaces/123?...`) load the app, which then routes in the browser.

use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use tower_http::services::ServeDir;

/// index.html, read once at start-up, and the CSP hashes of its inline scripts (Trunk's
/// start-up script is inline; hashing it keeps 'unsafe-inline' out of the policy).
#[derive(Debug, Clone, Default)]
pub struct Frontend {
    pub index: Option<bytes::Bytes>,
    pub script_hashes: Vec<String>,
}

impl Frontend {
    pub fn load(dist: &Path) -> Self {
        match std::fs::read_to_string(dist.join("index.html")) {
            Ok(html) => Self {
                script_hashes: inline_script_hashes(&html),
                index: Some(html.into()),
            },
            Err(e) => {
                tracing::warn!(dist = %dist.display(), error = %e, "the app is not built: no readable index.html");
                Self::default()
            }
        }
    }
}

/// `'sha256-…'` of the text of every `<script>` without `src`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else {
            break;
        };
        let body = &rest[body_start..body_start + close];
        if !tag.contains(" src=") {
            let digest = Sha256::digest(body.as_bytes());
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &rest[body_start + close..];
    }
    out
}

/// Files of `dist/`, and index.html for any other path.
pub fn service(state: &AppState) -> ServeDir<axum::routing::MethodRouter> {
    ServeDir::new(&state.config.dist)
        .precompressed_gzip()
        .precompressed_br()
        .fallback(axum::routing::get(index).with_state(state.clone()))
}

pub async fn index(State(s): State<AppState>) -> Response {
    match &s.frontend.index {
        Some(html) => (
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")), (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))],
            html.clone(),
        )
            .into_response(),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            Html("<!doctype html><meta charset=utf-8><title>Dashboard not built</title><p>The dashboard app is not built. Run <code>cargo xtask demo</code> (or <code>trunk build --release</code>), or point <code>--dist</code> / <code>DASHBOARD_DIST</code> at the built app.</p>"),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = r#"<script type="module">alert(1)</script><script src="/a.js"></script><script>x</script>"#;
        let h = inline_script_hashes(html);
        assert_eq!(h.len(), 2);
        // sha256("alert(1)") in base64.
        assert_eq!(
            h[0],
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
        assert!(inline_script_hashes("<p>no scripts</p>").is_empty());
        assert!(inline_script_hashes("<script>unterminated").is_empty());
    }
}
