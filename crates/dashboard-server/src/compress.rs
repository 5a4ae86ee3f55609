//! Compression: the API's JSON answers on the fly, and the encoders the app's files are
//! stored with. Which encoding a client gets comes from [`crate::encoding::choose`], for
//! both.

use crate::encoding::{self, Coding};
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use bytes::Bytes;
use std::io::Write;

/// JSON answers smaller than this go uncompressed: below about a kilobyte, the encoder's work
/// and the encoding's own framing save too little to matter.
pub const COMPRESS_ABOVE: usize = 1024;

/// Bodies above this are compressed off the async workers (a page of a list call is about
/// 10 to 30 KB, compressed in well under a millisecond; DingTalk may send up to 8 MB).
const BLOCKING_ABOVE: usize = 64 * 1024;

/// Brotli for answers made per request. Measured on a page of 50 spaces (10,558 B): gzip -6
/// 2,586 B in ~0.35 ms; brotli 4 (tower-http's and nginx's default) 2,596 B, no smaller;
/// brotli 5 2,254 B (13% under gzip) in 0.3 to 0.45 ms with an 18-bit window, but ~1 ms with
/// the default 22-bit one, whose larger tables cost more to set up than a page takes to
/// compress (and a 16-bit window is pathologically slow in this encoder, ~9 ms).
const LIVE_BROTLI: (i32, i32) = (5, 18);
const LIVE_GZIP: u32 = 6;

/// gzip of `data` at `level` (0 to 9).
pub fn gzip(data: &[u8], level: u32) -> Option<Vec<u8>> {
    let mut e = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::new(level),
    );
    e.write_all(data).ok()?;
    e.finish().ok()
}

/// Brotli of `data` at `quality` (0 to 11) with a window of 2^`lgwin` bytes.
pub fn brotli(data: &[u8], quality: i32, lgwin: i32) -> Option<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 3);
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).ok()?;
    Some(out)
}

fn encode(coding: Coding, data: &[u8]) -> Option<Vec<u8>> {
    match coding {
        Coding::Br => brotli(data, LIVE_BROTLI.0, LIVE_BROTLI.1),
        Coding::Gzip => gzip(data, LIVE_GZIP),
        Coding::Identity => None,
    }
}

/// Compresses a JSON answer of the API in the encoding the request's `Accept-Encoding`
/// prefers (`axum::middleware::map_response`, on the API routes). Every answer says
/// `Vary: Accept-Encoding`; answers under [`COMPRESS_ABOVE`], already encoded, or not
/// JSON go as they are.
pub async fn json_answer(request: HeaderMap, mut resp: Response) -> Response {
    resp.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    let size = hyper::body::Body::size_hint(resp.body()).exact();
    let big = size.is_some_and(|n| n >= COMPRESS_ABOVE as u64);
    if !json || !big || resp.headers().contains_key(header::CONTENT_ENCODING) {
        return resp;
    }
    let coding = encoding::choose(&request, &[Coding::Identity, Coding::Gzip, Coding::Br]);
    if coding == Coding::Identity {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    // The answers here are whole in memory (the proxy reads DingTalk's answer whole, the
    // others are serialised JSON), so this does not wait on the network.
    let Ok(data) = http_body_util::BodyExt::collect(body)
        .await
        .map(|c| c.to_bytes())
    else {
        return Response::from_parts(parts, Body::empty());
    };
    let encoded = if data.len() > BLOCKING_ABOVE {
        let data = data.clone();
        tokio::task::spawn_blocking(move || encode(coding, &data))
            .await
            .ok()
            .flatten()
    } else {
        encode(coding, &data)
    };
    let body = match (encoded, coding.header_value()) {
        (Some(e), Some(name)) if e.len() < data.len() => {
            parts
                .headers
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
            Bytes::from(e)
        }
        _ => data,
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}
