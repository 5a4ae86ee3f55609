//! The built app, held in memory: embedded in the binary at build time, or read from `--dist`
//! at start-up. Hashed assets are cached for a year, index.html is revalidated; every other
//! path gets index.html so deep links (`/spaces/123?...`) load the app, which then routes.
//! Each file goes out brotli- or gzip-compressed or as it is, whichever the client accepts
//! best (`crate::encoding`).

use crate::encoding::{self, Coding};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// One file of the app.
#[derive(Debug, Clone)]
pub struct Asset {
    pub body: Bytes,
    /// gzip -9 of the body, when that is smaller (made once at start-up).
    pub gzip: Option<Bytes>,
    /// Brotli (quality 11) of the body, when that is smaller. Made after start-up on a thread
    /// of its own: it takes seconds for the wasm, which would otherwise hold up every start;
    /// until it is there, gzip goes out instead.
    pub br: Arc<OnceLock<Option<Bytes>>>,
    pub content_type: &'static str,
    /// Trunk puts a content hash in the name: such a file never changes.
    pub immutable: bool,
}

impl Asset {
    /// The encodings this file is held in right now, identity first.
    fn codings(&self) -> ([Coding; 3], usize) {
        let mut out = [Coding::Identity; 3];
        let mut n = 1;
        if self.gzip.is_some() {
            out[n] = Coding::Gzip;
            n += 1;
        }
        if matches!(self.br.get(), Some(Some(_))) {
            out[n] = Coding::Br;
            n += 1;
        }
        (out, n)
    }

    fn encoded(&self, coding: Coding) -> Bytes {
        let stored = match coding {
            Coding::Br => self.br.get().and_then(Option::as_ref),
            Coding::Gzip => self.gzip.as_ref(),
            Coding::Identity => None,
        };
        stored.unwrap_or(&self.body).clone()
    }
}

/// The icon shown for the app when the build brings none (index.html links `/favicon.svg`).
const FAVICON_SVG: &[u8] = include_bytes!("../../assets/favicon.svg");

/// The app's files and the CSP hashes of index.html's inline scripts (Trunk's start-up
/// script is inline; hashing it keeps 'unsafe-inline' out of the policy).
#[derive(Debug, Clone, Default)]
pub struct Frontend {
    pub files: HashMap<String, Asset>,
    pub script_hashes: Vec<String>,
}

impl Frontend {
    /// From `dist` if given, else what was embedded at build time.
    pub fn load(dist: Option<&Path>) -> Self {
        let mut raw: Vec<(String, Vec<u8>)> = Vec::new();
        match dist {
            Some(dir) => read_dir(dir, dir, &mut raw),
            None => raw.extend(
                embedded::EMBEDDED
                    .iter()
                    .map(|(p, b)| ((*p).to_owned(), b.to_vec())),
            ),
        }
        if !raw.iter().any(|(p, _)| p == "/favicon.svg") {
            raw.push(("/favicon.svg".to_owned(), FAVICON_SVG.to_vec()));
        }
        let files: HashMap<String, Asset> = raw
            .into_iter()
            .map(|(path, body)| (path.clone(), asset(&path, body)))
            .collect();
        compress_brotli_in_background(&files);
        let script_hashes = files
            .get("/index.html")
            .map(|a| inline_script_hashes(&String::from_utf8_lossy(&a.body)))
            .unwrap_or_default();
        if !files.contains_key("/index.html") {
            tracing::warn!(dist = ?dist, "the app is not built: no index.html (run `cargo xtask build`, or pass --dist)");
        }
        Self {
            files,
            script_hashes,
        }
    }
}

fn read_dir(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        tracing::warn!(dir = %dir.display(), "cannot read the app directory");
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if p.is_dir() {
            read_dir(root, &p, out);
        } else if let (Ok(rel), Ok(body)) = (p.strip_prefix(root), std::fs::read(&p)) {
            out.push((
                format!("/{}", rel.to_string_lossy().replace('\\', "/")),
                body,
            ));
        }
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `name-0123456789abcdef.ext`: Trunk's hashed file names.
fn is_hashed(path: &str) -> bool {
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or("")
        .split('.')
        .next()
        .unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn asset(path: &str, body: Vec<u8>) -> Asset {
    let content_type = content_type(path);
    let compressible = !matches!(
        content_type,
        "image/png" | "image/x-icon" | "application/octet-stream"
    );
    let gzip = compressible
        .then(|| crate::compress::gzip(&body, 9))
        .flatten()
        .filter(|g| g.len() < body.len())
        .map(Bytes::from);
    Asset {
        body: Bytes::from(body),
        gzip,
        // Files that do not compress are settled now: the thread leaves them alone.
        br: Arc::new(if compressible {
            OnceLock::new()
        } else {
            OnceLock::from(None)
        }),
        content_type,
        immutable: is_hashed(path),
    }
}

/// Fills in each file's brotli, smallest first so the page's own files are ready soonest.
fn compress_brotli_in_background(files: &HashMap<String, Asset>) {
    let mut pending: Vec<(Bytes, Arc<OnceLock<Option<Bytes>>>)> = files
        .values()
        .filter(|a| a.br.get().is_none())
        .map(|a| (a.body.clone(), Arc::clone(&a.br)))
        .collect();
    if pending.is_empty() {
        return;
    }
    pending.sort_by_key(|(body, _)| body.len());
    let spawned = std::thread::Builder::new()
        .name("brotli".into())
        .spawn(move || {
            let started = std::time::Instant::now();
            let (mut raw, mut packed) = (0, 0);
            for (body, slot) in pending {
                // Quality 11 with a 4 MB window: the wasm (~800 KB) fits it whole.
                let br = crate::compress::brotli(&body, 11, 22).filter(|b| b.len() < body.len());
                raw += body.len();
                packed += br.as_ref().map_or(body.len(), Vec::len);
                let _ = slot.set(br.map(Bytes::from));
            }
            tracing::info!(
                raw,
                brotli = packed,
                ms = started.elapsed().as_millis() as u64,
                "app files brotli-compressed"
            );
        });
    if let Err(e) = spawned {
        // Not fatal: gzip still goes out.
        tracing::warn!(error = %e, "cannot start the brotli thread; the app's files go out gzip-compressed");
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

/// Any GET not matched by the API routes.
pub async fn serve(State(s): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    let asset = match s.frontend.files.get(path) {
        Some(a) => a,
        // Browsers ask for /favicon.ico by themselves: the app's page would be no icon.
        None if path == "/favicon.ico" => {
            return (
                StatusCode::NOT_FOUND,
                [(header::CACHE_CONTROL, "public, max-age=86400")],
            )
                .into_response()
        }
        None => match s.frontend.files.get("/index.html") {
            Some(a) => a,
            None => return not_built(),
        },
    };
    let cache = if asset.immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let (held, n) = asset.codings();
    let coding = encoding::choose(&headers, &held[..n]);
    let mut resp = asset.encoded(coding).into_response();
    let h = resp.headers_mut();
    if let Some(name) = coding.header_value() {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    }
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    resp
}

fn not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Html("<!doctype html><meta charset=utf-8><title>Dashboard not built</title><p>The dashboard app is not built into this server. Run <code>cargo xtask build</code>, or point <code>--dist</code> / <code>DASHBOARD_DIST</code> at the built app.</p>"),
    )
        .into_response()
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

    #[test]
    fn hashed_names_are_immutable() {
        assert!(is_hashed("/drive-quota-dashboard-a0b9b7b8b84a7492_bg.wasm"));
        assert!(is_hashed("/main-5202d118b7772e13.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/dingtalk-bridge.js"));
    }
}
