//! Component tests in headless Chromium: the quota bar's accessibility values and state classes.
#![cfg(target_arch = "wasm32")]

use dashboard_core::quota::{QuotaState, Thresholds, Usage};
use dingtalk_wire::Space;
use drive_quota_dashboard::i18n::{I18n, Lang};
use drive_quota_dashboard::views::common::QuotaBar;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;

fn mount(quota: i64, used: i64) -> web_sys::Element {
    let (host, el) = support::host("div");
    let space = Space {
        space_name: "研发中心".into(),
        quota: Some(quota),
        used_quota: Some(used),
        ..Space::default()
    };
    let usage = Usage::of(&space);
    let state = usage.state(Thresholds::default());
    std::mem::forget(mount_to(el, move || {
        provide_context(I18n(RwSignal::new(Lang::Zh)));
        view! { <QuotaBar name="研发中心" usage=usage state=Signal::stored(state) /> }
    }));
    host.query_selector("[role=progressbar]")
        .expect("query")
        .expect("a progressbar")
}

fn attr(el: &web_sys::Element, name: &str) -> Option<String> {
    el.get_attribute(name)
}

#[wasm_bindgen_test]
fn ok_bar_has_aria_values() {
    let bar = mount(1000, 250);
    assert_eq!(attr(&bar, "aria-valuemin").as_deref(), Some("0"));
    assert_eq!(attr(&bar, "aria-valuemax").as_deref(), Some("100"));
    assert_eq!(attr(&bar, "aria-valuenow").as_deref(), Some("25"));
    assert!(attr(&bar, "aria-label").is_some_and(|l| l.contains("研发中心")));
    assert!(bar.class_list().contains("state-ok"));
    let fill: web_sys::HtmlElement = bar.first_element_child().expect("fill").unchecked_into();
    assert_eq!(
        fill.style().get_property_value("width").ok().as_deref(),
        Some("25%")
    );
}

#[wasm_bindgen_test]
fn states_map_to_classes() {
    assert!(mount(1000, 800).class_list().contains("state-warning"));
    assert!(mount(1000, 950).class_list().contains("state-critical"));
    let over = mount(1000, 2500);
    assert!(over.class_list().contains("state-over"));
    assert_eq!(attr(&over, "aria-valuenow").as_deref(), Some("100"));
    assert!(attr(&over, "aria-valuetext").is_some_and(|t| t.contains("250")));
}

#[wasm_bindgen_test]
fn unlimited_has_no_value_but_says_so() {
    let bar = mount(-1, 5_000);
    assert!(bar.class_list().contains("state-unlimited"));
    assert_eq!(attr(&bar, "aria-valuenow"), None);
    assert!(attr(&bar, "aria-valuetext").is_some_and(|t| !t.is_empty()));
    let _ = QuotaState::Unlimited;
}
