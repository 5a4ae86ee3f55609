//! Compressed answers over real HTTP: the API's JSON on the fly, the app's files stored
//! compressed, each in the encoding the client's `Accept-Encoding` (q-values included)
//! prefers.

mod common;

use common::*;
use std::io::Read;
use std::time::{Duration, Instant};

/// GET `path` with `accept_encoding` and the session `cookie`: status, headers, raw body (not
/// decoded: reqwest is built here without decompression).
async fn fetch(
    addr: std::net::SocketAddr,
    path: &str,
    accept_encoding: Option<&str>,
    cookie: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut r = reqwest::Client::new().get(format!("http://{addr}{path}"));
    if let Some(ae) = accept_encoding {
        r = r.header("accept-encoding", ae);
    }
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    let resp = r.send().await.expect("answered");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.bytes().await.expect("body").to_vec();
    (status, headers, body)
}

fn header<'a>(h: &'a reqwest::header::HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

fn decode(encoding: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        None => out.extend_from_slice(body),
        Some("gzip") => {
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut out)
                .expect("valid gzip");
        }
        Some("br") => {
            brotli::Decompressor::new(body, 4096)
                .read_to_end(&mut out)
                .expect("valid brotli");
        }
        Some(other) => panic!("unexpected encoding {other}"),
    }
    out
}

#[tokio::test]
async fn api_answers_are_compressed_as_the_client_prefers() {
    let h = harness(&[]).await;
    let cookie = h.cookie_header(&h.admin_cookie().await);
    let addr = h.listen().await;
    let space = h.emulator.space_ids().into_iter().next().expect("a space");
    for (what, path) in [
        (
            "list spaces, 50 a page",
            "/v1.0/drive/spaces?spaceType=org&maxResults=50".to_owned(),
        ),
        (
            "list dentries, 50 a page",
            format!("/v1.0/storage/spaces/{space}/dentries?parentId=0&maxResults=50"),
        ),
    ] {
        let (status, plain_headers, plain) = fetch(addr, &path, None, Some(&cookie)).await;
        assert_eq!(status, 200, "{what}");
        assert_eq!(header(&plain_headers, "content-encoding"), None);
        let mut sizes = vec![("identity", plain.len())];
        for (accept, want) in [
            ("gzip", Some("gzip")),
            ("gzip;q=0.8", Some("gzip")),
            ("br;q=0.5, gzip", Some("gzip")),
            ("gzip, deflate, br, zstd", Some("br")),
            ("br", Some("br")),
            ("gzip;q=0, br;q=0", None),
            ("identity", None),
        ] {
            let (status, headers, body) = fetch(addr, &path, Some(accept), Some(&cookie)).await;
            assert_eq!(status, 200);
            let got = header(&headers, "content-encoding");
            assert_eq!(got, want, "{what}, {accept}");
            assert!(
                header(&headers, "vary")
                    .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")),
                "{what}, {accept}: {headers:?}"
            );
            assert_eq!(header(&headers, "content-type"), Some("application/json"));
            assert_eq!(header(&headers, "cache-control"), Some("no-store"));
            assert_eq!(decode(got, &body), plain, "{what}, {accept}: the same JSON");
            if let Some(name) = want {
                if !sizes.iter().any(|(n, _)| *n == name) {
                    sizes.push((name, body.len()));
                }
            }
        }
        let size = |n: &str| sizes.iter().find(|(m, _)| *m == n).map_or(0, |s| s.1);
        println!(
            "{what}: identity {} B, gzip {} B ({:.0}%), brotli {} B ({:.0}%)",
            size("identity"),
            size("gzip"),
            100.0 * size("gzip") as f64 / size("identity") as f64,
            size("br"),
            100.0 * size("br") as f64 / size("identity") as f64,
        );
        assert!(size("gzip") * 3 < size("identity"), "{sizes:?}");
        assert!(size("br") < size("gzip"), "{sizes:?}");
    }
    // A small answer is not worth compressing.
    let (_, headers, body) = fetch(addr, "/api/config", Some("gzip, br"), None).await;
    assert!(body.len() < 1024);
    assert_eq!(header(&headers, "content-encoding"), None);
}

/// A scratch `dist/` with `files`; removed when dropped.
struct Dist(std::path::PathBuf);

impl Dist {
    fn new(files: &[(&str, &[u8])]) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "dashboard-dist-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        for (name, body) in files {
            std::fs::write(dir.join(name), body).expect("written");
        }
        Self(dir)
    }
}

impl Drop for Dist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Text that compresses the way the app's JS and wasm do (repetitive, not trivially).
fn app_like(bytes: usize) -> Vec<u8> {
    let mut out = String::new();
    let mut i: u64 = 1;
    while out.len() < bytes {
        i = i
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        out.push_str(&format!(
            "function f{}(a,b){{return a*{}+b;}}\n",
            i % 977,
            i >> 50
        ));
    }
    out.truncate(bytes);
    out.into_bytes()
}

#[tokio::test]
async fn app_files_go_out_in_the_best_encoding_the_client_accepts() {
    let wasm_name = "app-0123456789abcdef_bg.wasm";
    let wasm = app_like(24 * 1024);
    let index = b"<!doctype html><html><head><title>t</title></head><body>the app</body></html>";
    let png = [0x89u8, b'P', b'N', b'G', 13, 10, 26, 10, 0, 0, 0, 0];
    let dist = Dist::new(&[
        ("index.html", index),
        (wasm_name, &wasm),
        ("logo.png", &png),
    ]);
    let h = harness(&["--dist", dist.0.to_str().expect("utf-8 path")]).await;
    let addr = h.listen().await;
    let path = format!("/{wasm_name}");

    // Brotli is made after start-up; until then gzip goes out to a client asking for br.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, headers, _) = fetch(addr, &path, Some("br, gzip"), None).await;
        match header(&headers, "content-encoding") {
            Some("br") => break,
            Some("gzip") if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            other => panic!("{other:?} while brotli is being made"),
        }
    }

    let mut sizes = Vec::new();
    for (accept, want) in [
        (None, None),
        (Some(""), None),
        (Some("identity"), None),
        (Some("gzip"), Some("gzip")),
        (Some("gzip;q=0.8"), Some("gzip")),
        (Some("x-gzip"), Some("gzip")),
        (Some("br;q=0.5, gzip"), Some("gzip")),
        (Some("gzip, deflate, br, zstd"), Some("br")),
        (Some("br;q=0.9, gzip;q=0.8"), Some("br")),
        (Some("*"), Some("br")),
        (Some("br;q=0, *;q=0.1"), Some("gzip")),
        (Some("gzip;q=0, br;q=0"), None),
        (Some("deflate"), None),
        // Everything refused: the file goes as it is rather than not at all.
        (Some("identity;q=0"), None),
    ] {
        let (status, headers, body) = fetch(addr, &path, accept, None).await;
        assert_eq!(status, 200);
        let got = header(&headers, "content-encoding");
        assert_eq!(got, want, "{accept:?}");
        assert_eq!(
            header(&headers, "vary"),
            Some("accept-encoding"),
            "{accept:?}"
        );
        assert_eq!(header(&headers, "content-type"), Some("application/wasm"));
        assert_eq!(
            header(&headers, "cache-control"),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(decode(got, &body), wasm, "{accept:?}");
        sizes.push((want.unwrap_or("identity"), body.len()));
    }
    let size = |n: &str| sizes.iter().find(|(m, _)| *m == n).map_or(0, |s| s.1);
    println!(
        "app file: identity {} B, gzip -9 {} B, brotli 11 {} B",
        size("identity"),
        size("gzip"),
        size("br")
    );
    assert!(size("br") < size("gzip") && size("gzip") < size("identity"));

    // index.html, and the deep links that get it, are revalidated.
    for p in ["/", "/index.html", "/spaces/1?sort=name"] {
        let (status, headers, body) = fetch(addr, p, Some("gzip"), None).await;
        assert_eq!(status, 200, "{p}");
        assert_eq!(header(&headers, "cache-control"), Some("no-cache"), "{p}");
        assert_eq!(
            decode(header(&headers, "content-encoding"), &body),
            index,
            "{p}"
        );
    }
    // What does not compress goes as it is.
    let (_, headers, body) = fetch(addr, "/logo.png", Some("br, gzip"), None).await;
    assert_eq!(header(&headers, "content-encoding"), None);
    assert_eq!(body, png);
}

#[tokio::test]
async fn the_favicon_is_an_icon_never_the_apps_page() {
    let dist = Dist::new(&[("index.html", b"<!doctype html><title>app</title>")]);
    let h = harness(&["--dist", dist.0.to_str().expect("utf-8 path")]).await;
    let addr = h.listen().await;
    let (status, headers, body) = fetch(addr, "/favicon.svg", None, None).await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), Some("image/svg+xml"));
    let svg = String::from_utf8(body).expect("text");
    assert!(svg.starts_with("<svg") && svg.contains("viewBox"), "{svg}");
    // Browsers ask for /favicon.ico unprompted: no icon there, and not the page either.
    let (status, headers, body) = fetch(addr, "/favicon.ico", Some("gzip"), None).await;
    assert_eq!(status, 404);
    assert!(body.is_empty());
    assert!(!header(&headers, "content-type").is_some_and(|t| t.contains("html")));
    // An app that brings its own icon serves that one.
    let own = b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    let dist = Dist::new(&[("index.html", b"<!doctype html>"), ("favicon.svg", own)]);
    let h = harness(&["--dist", dist.0.to_str().expect("utf-8 path")]).await;
    let addr = h.listen().await;
    let (_, _, body) = fetch(addr, "/favicon.svg", None, None).await;
    assert_eq!(body, own);
}
