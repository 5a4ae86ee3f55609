//! Component test in headless Chromium: a sparkline is an image named by its summary, its
//! line broken where a day has no point.
#![cfg(target_arch = "wasm32")]

use drive_quota_dashboard::views::common::Sparkline;
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;

fn mount(spark: &'static str, label: &'static str) -> web_sys::Element {
    let (host, el) = support::host("div");
    std::mem::forget(mount_to(el, move || {
        view! { <Sparkline spark=spark.to_owned() label=label.to_owned() /> }
    }));
    host.query_selector("svg").expect("query").expect("an svg")
}

#[wasm_bindgen_test]
fn a_sparkline_is_a_named_image() {
    let svg = mount("0Az", "近 30 天用量走势：30 天 +1.5 GB");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("近 30 天用量走势：30 天 +1.5 GB")
    );
    let path = svg.query_selector("path").expect("query").expect("a path");
    assert_eq!(
        path.get_attribute("d").as_deref(),
        Some("M0 159L290 133L580 1")
    );
}

#[wasm_bindgen_test]
fn a_gap_starts_a_new_stroke() {
    let svg = mount("0.z", "a");
    let d = svg
        .query_selector("path")
        .expect("query")
        .expect("a path")
        .get_attribute("d")
        .unwrap_or_default();
    assert_eq!(d.matches('M').count(), 2, "{d}");
}
