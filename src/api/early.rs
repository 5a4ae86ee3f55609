//! The first data calls, started by index.html's inline script with the page, while the wasm
//! is still downloading: `window.dqdEarlyCalls` maps each URL to its `fetch()` promise. The
//! app takes each answer once, in place of asking again, so the calls a screen makes stay
//! exactly those it made before (the bench's "requests" scenario counts them).
//!
//! The review's answer only stands for a session that was already open: if `/api/me` says
//! there is none, [`discard`] drops it, and the list is asked again after the login.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The URLs index.html starts, in the form the app builds them (a test below keeps the two
/// in step): the session check, then the quota review's snapshot (both screens ask it; for
/// anyone but an admin it is refused, costing nothing, and the spaces are listed live), and
/// the review's history (its trends and the organization's days; admins only, no DingTalk
/// call), which would otherwise wait for the snapshot's answer.
pub const EARLY_URLS: [&str; 4] = ["/api/me", "/api/review", "/api/history", "/api/history/org"];

const KEY: &str = "dqdEarlyCalls";

fn calls() -> Option<Object> {
    let w = web_sys::window()?;
    Reflect::get(&w, &JsValue::from_str(KEY))
        .ok()?
        .dyn_into::<Object>()
        .ok()
}

/// The early `fetch()` of `url`, once; `None` if there was none or it was taken.
pub fn take(url: &str) -> Option<Promise> {
    let calls = calls()?;
    let key = JsValue::from_str(url);
    let promise = Reflect::get(&calls, &key)
        .ok()?
        .dyn_into::<Promise>()
        .ok()?;
    let _ = Reflect::delete_property(&calls, &key);
    Some(promise)
}

/// Drops every early answer not taken yet.
pub fn discard() {
    if let Some(w) = web_sys::window() {
        let _ = Reflect::delete_property(w.unchecked_ref::<Object>(), &JsValue::from_str(KEY));
    }
}

#[cfg(test)]
mod tests {
    use super::EARLY_URLS;

    #[test]
    fn index_html_starts_the_urls_the_app_asks() {
        let index = include_str!("../../index.html");
        for url in EARLY_URLS {
            assert!(
                index.contains(&format!("'{url}'")),
                "index.html's early calls must include {url}"
            );
        }
        assert_eq!(
            EARLY_URLS[1],
            super::super::client::REVIEW_URL,
            "the review's URL as review() asks it"
        );
        assert_eq!(EARLY_URLS[2], super::super::client::HISTORY_URL);
        assert_eq!(EARLY_URLS[3], super::super::client::ORG_HISTORY_URL);
    }
}
