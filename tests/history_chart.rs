//! Component tests in headless Chromium: a history chart is an image named by its summary,
//! read a day at a time by the arrow keys and by a pointer, with its numbers in a table that
//! is made when it is opened.
#![cfg(target_arch = "wasm32")]

use dashboard_core::chart::Frame;
use drive_quota_dashboard::i18n::{I18n, Lang};
use drive_quota_dashboard::views::common::HistoryChart;
use leptos::prelude::*;
use support::{key, text};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;

const GB: i64 = 1 << 30;

/// Four days of a space (20,000 is 2024-10-04 in China), its quota raised on the third.
fn mount() -> web_sys::Element {
    let (host, el) = support::host("div");
    host.set_attribute("style", "width: 600px").expect("style");
    let frame = Frame::of_space(
        &[
            [20_000, GB, 4 * GB],
            [20_001, 2 * GB, 4 * GB],
            [20_002, 3 * GB, 8 * GB],
            [20_003, 3 * GB, 8 * GB],
        ],
        None,
    );
    std::mem::forget(mount_to(el, move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        view! { <HistoryChart frame=frame csv_name="space-1-history".to_owned() /> }
    }));
    host
}

#[wasm_bindgen_test]
fn the_chart_is_a_named_image_with_its_quota_as_steps() {
    let host = mount();
    let svg = host
        .query_selector(".chart-plot > svg[role=img]")
        .expect("query")
        .expect("an image");
    let label = svg.get_attribute("aria-label").unwrap_or_default();
    assert!(
        label.contains("4 days") && label.contains("Quota changed 1 times"),
        "{label}"
    );
    let lines = host.query_selector_all(".chart-line").expect("query");
    assert_eq!(lines.length(), 2, "used and quota");
    let quota = host
        .query_selector(".chart-line.series-1")
        .expect("query")
        .and_then(|p| p.get_attribute("d"))
        .unwrap_or_default();
    assert!(quota.contains('V'), "the raise is a step: {quota}");
    // The last day is read out first; five sizes on the axis, from 0 B to 8 GB.
    assert!(
        text(&host, ".chart-readout").starts_with("10/07/2024"),
        "{}",
        text(&host, ".chart-readout")
    );
    let ticks = host.query_selector_all(".chart-y-label").expect("query");
    assert_eq!(ticks.length(), 5);
    assert_eq!(text(&host, ".chart-y-label"), "0 B");
}

#[wasm_bindgen_test]
async fn arrow_keys_and_a_pointer_read_a_day() {
    let host = mount();
    let plot = host
        .query_selector(".chart-plot")
        .expect("query")
        .expect("the plot");
    key(&plot, "Home");
    leptos::task::tick().await;
    assert_eq!(
        text(&host, ".chart-readout"),
        "10/04/2024: Used 1 GB, Quota 4 GB"
    );
    key(&plot, "ArrowRight");
    leptos::task::tick().await;
    assert!(text(&host, ".chart-readout").starts_with("10/05/2024"));
    key(&plot, "End");
    leptos::task::tick().await;
    assert_eq!(
        text(&host, ".chart-readout"),
        "10/07/2024: Used 3 GB, Quota 8 GB"
    );
    // A pointer at two thirds of the width is on the third day.
    let r = plot.get_bounding_client_rect();
    let init = web_sys::PointerEventInit::new();
    init.set_client_x((r.left() + r.width() * 2.0 / 3.0) as i32);
    init.set_client_y((r.top() + r.height() / 2.0) as i32);
    init.set_bubbles(true);
    let e = web_sys::PointerEvent::new_with_event_init_dict("pointermove", &init).expect("event");
    plot.dispatch_event(&e).expect("dispatched");
    leptos::task::tick().await;
    assert!(
        text(&host, ".chart-readout").starts_with("10/06/2024"),
        "{}",
        text(&host, ".chart-readout")
    );
}

#[wasm_bindgen_test]
async fn the_table_is_made_when_opened() {
    let host = mount();
    assert!(host
        .query_selector(".chart-table")
        .expect("query")
        .is_none());
    support::open_details(&host, "details.chart-numbers", ".chart-table").await;
    let rows = host
        .query_selector_all(".chart-table tbody tr")
        .expect("query");
    assert_eq!(rows.length(), 4, "a row a day");
    assert_eq!(
        text(&host, ".chart-table tbody th"),
        "10/07/2024",
        "newest first"
    );
}
