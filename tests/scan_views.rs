//! Component tests in headless Chromium of a space's scan and the organization's map: the
//! treemap draws areas proportional to sizes, zooms into a folder by Enter and comes back by
//! its breadcrumbs; the largest files, the breakdowns and the duplicates are tables; a
//! folder shows its scanned size; the organization's map links each space to its page.
#![cfg(target_arch = "wasm32")]

use dashboard_core::listing::{Listing, Page};
use dashboard_core::quota::Thresholds;
use dashboard_core::review::Row;
use dashboard_core::scan::Kind;
use dashboard_core::scan_report::{Cell, Crumb, Duplicates, FileRow, Group, TreeLevel};
use dashboard_core::scan_view::Breakdown;
use dingtalk_wire::{Dentry, DentryType, Space};
use drive_quota_dashboard::i18n::{I18n, Lang};
use drive_quota_dashboard::views::folder::{Flinging, ListRow, Tile};
use drive_quota_dashboard::views::scan::{
    BreakdownTable, DuplicateTable, LargestFiles, ScanStart, SpaceMap,
};
use drive_quota_dashboard::views::spaces::OrgMap;
use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use support::{all, key, text};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;

const MB: i64 = 1 << 20;

fn cell(id: &str, name: &str, folder: bool, size: i64, kind: Kind) -> Cell {
    Cell {
        id: id.into(),
        name: name.into(),
        folder,
        size,
        files: if folder { 12 } else { 1 },
        kind,
        // 2026-12-01 08:00 UTC.
        modified_ms: Some(1_796_112_000_000),
    }
}

fn level() -> TreeLevel {
    TreeLevel {
        scan_id: 1,
        folder: "p".into(),
        path: vec![
            Crumb {
                id: "top".into(),
                name: "项目".into(),
            },
            Crumb {
                id: "p".into(),
                name: "Launch".into(),
            },
        ],
        size: 1010 * MB,
        files: 16,
        cells: vec![
            cell("v", "Videos", true, 600 * MB, Kind::Video),
            cell("a", "deck.pptx", false, 300 * MB, Kind::Documents),
            cell("b", "logo.png", false, 100 * MB, Kind::Images),
        ],
        rest_items: 3,
        rest_bytes: 10 * MB,
    }
}

/// The area of a cell from its style (set through the CSSOM), in percent².
fn area(el: &web_sys::Element) -> f64 {
    let style = el.unchecked_ref::<web_sys::HtmlElement>().style();
    let get = |k: &str| -> f64 {
        style
            .get_property_value(k)
            .ok()
            .and_then(|v| v.trim_end_matches('%').parse().ok())
            .unwrap_or(0.0)
    };
    get("width") * get("height")
}

fn mount_map() -> (web_sys::Element, Arc<Mutex<Vec<String>>>) {
    let (host, el) = support::host("div");
    host.set_attribute("style", "width: 600px").expect("style");
    let zoomed = Arc::new(Mutex::new(Vec::new()));
    let z = zoomed.clone();
    std::mem::forget(mount_to(el, move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        let on_zoom = Callback::new(move |id: String| z.lock().expect("lock").push(id));
        view! { <SpaceMap level=level() on_zoom=on_zoom /> }
    }));
    (host, zoomed)
}

#[wasm_bindgen_test]
fn the_treemap_draws_areas_proportional_to_sizes() {
    let (host, _) = mount_map();
    let cells = all(&host, "ul.treemap > li.map-cell");
    assert_eq!(cells.len(), 3);
    let (v, a, b) = (area(&cells[0]), area(&cells[1]), area(&cells[2]));
    assert!(
        (v + a + b - 10_000.0).abs() < 1.0,
        "the box is filled: {}",
        v + a + b
    );
    assert!((v / a - 2.0).abs() < 0.01, "{v} / {a}");
    assert!((a / b - 3.0).abs() < 0.01, "{a} / {b}");
    // Coloured by kind, named with name, size and kind.
    assert!(cells[0].class_list().contains("kind-video"));
    let label = host
        .query_selector("ul.treemap button.map-hit")
        .expect("query")
        .and_then(|b| b.get_attribute("aria-label"))
        .unwrap_or_default();
    assert_eq!(label, "Videos, 600 MB, folder of 12 files, mostly Video");
    let file = all(&host, "ul.treemap span.map-hit[role=img]");
    assert_eq!(
        file[0].get_attribute("aria-label").as_deref(),
        Some("deck.pptx, 300 MB, Documents")
    );
    assert_eq!(text(&host, ".map-rest"), "and 3 smaller items, 10 MB");
    assert_eq!(all(&host, ".map-legend li").len(), 6);
    // One cell at a time in the tab order.
    let tabbable = all(&host, "ul.treemap [tabindex='0']");
    assert_eq!(tabbable.len(), 1);
}

#[wasm_bindgen_test]
async fn enter_zooms_into_a_folder_and_the_breadcrumbs_lead_back() {
    let (host, zoomed) = mount_map();
    let folder = host
        .query_selector("ul.treemap button.map-hit")
        .expect("query")
        .expect("a folder cell");
    key(&folder, "Enter");
    assert_eq!(*zoomed.lock().expect("lock"), ["v"]);
    // Arrow keys move the focus (and the tab stop) to the next cell.
    key(&folder, "ArrowRight");
    leptos::task::tick().await;
    let tabbable = all(&host, "ul.treemap [tabindex='0']");
    assert_eq!(tabbable[0].get_attribute("data-i").as_deref(), Some("1"));
    // A file does nothing on Enter.
    key(&tabbable[0], "Enter");
    assert_eq!(zoomed.lock().expect("lock").len(), 1);
    // Breadcrumbs: the root and the way down; the current folder is not a button.
    let crumbs = all(&host, ".map-crumbs li");
    assert_eq!(crumbs.len(), 3);
    assert_eq!(crumbs[0].text_content().as_deref(), Some("Whole space"));
    assert!(crumbs[2]
        .query_selector("[aria-current]")
        .expect("q")
        .is_some());
    let buttons = all(&host, ".map-crumbs button");
    assert_eq!(buttons.len(), 2);
    buttons[0].unchecked_ref::<web_sys::HtmlElement>().click();
    buttons[1].unchecked_ref::<web_sys::HtmlElement>().click();
    assert_eq!(*zoomed.lock().expect("lock"), ["v", "0", "top"]);
}

#[wasm_bindgen_test]
async fn the_map_s_table_is_made_when_opened() {
    let (host, _) = mount_map();
    assert!(host
        .query_selector(".map-table table")
        .expect("q")
        .is_none());
    support::open_details(&host, "details.map-table", ".map-table table").await;
    let rows = all(&host, ".map-table tbody tr");
    assert_eq!(rows.len(), 3);
    let first = rows[0].text_content().unwrap_or_default();
    assert!(
        first.starts_with("VideosFolder · Video600 MB12") && first.contains("2026"),
        "name, kind, size, files and the newest change: {first}"
    );
}

fn file(name: &str, size: i64) -> FileRow {
    FileRow {
        id: name.into(),
        name: name.into(),
        folder: "/项目/视频".into(),
        parent_id: "p".into(),
        size,
        modified_ms: None,
        creator: "union-7".into(),
        kind: Kind::of(name.rsplit('.').next().unwrap_or("")),
    }
}

#[wasm_bindgen_test]
fn the_largest_files_are_a_table() {
    let (host, el) = support::host("div");
    std::mem::forget(mount_to(el, move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        let files = vec![file("launch.mp4", 900 * MB), file("=sum.xlsx", 2 * MB)];
        view! { <LargestFiles files=files space_id="s1".to_owned() /> }
    }));
    assert_eq!(all(&host, "thead th").len(), 6);
    let rows = all(&host, "tbody tr");
    assert_eq!(rows.len(), 2);
    let cells: Vec<String> = all(&rows[0], "th, td")
        .iter()
        .map(|c| c.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        cells,
        [
            "launch.mp4",
            "/项目/视频",
            "900 MB",
            "—",
            "union-7",
            "Video"
        ]
    );
    assert!(host
        .query_selector("button.scan-export")
        .expect("q")
        .is_some());
    // The scrolling box can be reached by keyboard and is named by the heading.
    let region = host
        .query_selector(".scan-table-wrap[tabindex='0'][role=region]")
        .expect("q")
        .expect("region");
    assert_eq!(
        region.get_attribute("aria-labelledby").as_deref(),
        Some("scan-largest-title")
    );
}

#[wasm_bindgen_test]
fn breakdowns_and_duplicates_are_tables() {
    let (host, el) = support::host("div");
    std::mem::forget(mount_to(el, move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        let kinds = vec![
            Group {
                key: "video".into(),
                files: 3,
                bytes: 750,
            },
            Group {
                key: "documents".into(),
                files: 10,
                bytes: 250,
            },
        ];
        let ext = vec![Group {
            key: String::new(),
            files: 1,
            bytes: 5,
        }];
        let dups = vec![Duplicates {
            name: "合同.pdf".into(),
            size: 40 * MB,
            folders: vec!["/".into(), "/a".into(), "/b".into()],
        }];
        view! {
            <BreakdownTable by=Breakdown::Kind groups=kinds total=1000 />
            <BreakdownTable by=Breakdown::Extension groups=ext total=1000 />
            <DuplicateTable groups=dups />
        }
    }));
    let kind = host
        .query_selector("table.by-kind")
        .expect("q")
        .expect("the kind table");
    assert_eq!(text(&kind, "caption"), "By kind");
    let rows = all(&kind, "tbody tr");
    let first: Vec<String> = all(&rows[0], "th, td")
        .iter()
        .map(|c| c.text_content().unwrap_or_default())
        .collect();
    assert_eq!(first, ["Video", "3", "750 B", "75%"]);
    // Set through the CSSOM (the page's Content-Security-Policy refuses style attributes).
    let bar = rows[0]
        .query_selector(".share-bar > span")
        .expect("q")
        .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|s| s.style().get_property_value("width").unwrap_or_default())
        .unwrap_or_default();
    assert_eq!(bar, "75%");
    assert_eq!(text(&host, "table.by-extension tbody th"), "(no extension)");
    // Duplicates: candidates, each copy's folder, and what a cleanup wins back.
    assert!(text(&host, ".scan-duplicates h3").contains("candidates"));
    assert_eq!(
        text(&host, ".scan-dup-total"),
        "Keeping one copy of each would win back about 80 MB"
    );
    assert_eq!(all(&host, ".dup-folders li").len(), 3);
}

fn folder(id: &str) -> Dentry {
    Dentry {
        id: id.into(),
        name: "Videos".into(),
        kind: Some(DentryType::Folder),
        size: Some(0),
        ..Dentry::default()
    }
}

#[wasm_bindgen_test]
fn a_folder_shows_its_scanned_size() {
    let (host, el) = support::host("div");
    std::mem::forget(mount_to(el, move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        provide_context(Flinging(RwSignal::new(false).into()));
        view! {
            <ul>
                <Tile entry=folder("f1") index=0 href=Some("/x".to_owned()) scanned=Some(3 * MB / 2) />
                <Tile entry=folder("f2") index=1 href=Some("/y".to_owned()) />
            </ul>
            <table><tbody><ListRow entry=folder("f3") index=0 href=Some("/z".to_owned()) scanned=Some(5 * MB) /></tbody></table>
        }
    }));
    let tiles = all(&host, "li.tile .tile-size");
    assert_eq!(
        tiles[0].text_content().as_deref(),
        Some("1.5 MB (Size as of the scan)")
    );
    assert_eq!(
        tiles[0]
            .query_selector(".scanned-size")
            .expect("q")
            .and_then(|s| s.get_attribute("title"))
            .as_deref(),
        Some("Size as of the scan")
    );
    assert_eq!(tiles[1].text_content().as_deref(), Some("Folder"));
    assert_eq!(text(&host, "tr .col-size"), "5 MB (Size as of the scan)");
}

fn space(id: &str, used: i64, quota: i64) -> Space {
    Space {
        space_id: id.into(),
        space_name: format!("space {id}"),
        used_quota: Some(used),
        quota: Some(quota),
        ..Space::default()
    }
}

#[wasm_bindgen_test]
async fn the_organization_s_map_links_each_space() {
    let (host, el) = support::host("div");
    host.set_attribute("style", "width: 600px").expect("style");
    let mut listing: Listing<(), Row> = Listing::new();
    listing.reset(());
    let req = listing.next_request().expect("a request");
    listing.accept(
        req.run,
        Ok(Page {
            items: vec![
                Row::new(space("a", 10 * MB, 100 * MB)),
                Row::new(space("b", 300 * MB, 100 * MB)),
                Row::new(space("c", 50 * MB, -1)),
                Row::new(space("d", 0, 100 * MB)),
            ],
            next: None,
        }),
    );
    let rows = RwSignal::new(listing);
    std::mem::forget(mount_to(el, move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        view! { <OrgMap rows=rows thresholds=Thresholds::default() /> }
    }));
    assert!(
        host.query_selector(".treemap").expect("q").is_none(),
        "folded and not made"
    );
    support::open_details(&host, "details.org-map", ".treemap").await;
    let links = all(&host, ".treemap a.map-hit");
    assert_eq!(links.len(), 3, "the empty space is not drawn");
    assert_eq!(links[0].get_attribute("href").as_deref(), Some("/spaces/b"));
    assert_eq!(
        links[0].get_attribute("aria-label").as_deref(),
        Some("space b, 300 MB used, Over quota")
    );
    let cells = all(&host, ".treemap li.map-cell");
    assert!(cells[0].class_list().contains("state-over"));
    assert!(cells[1].class_list().contains("state-unlimited"));
    assert!(links[1].text_content().unwrap_or_default().starts_with('∞'));
}

fn estimate(calls: i64, left: i64) -> dashboard_core::scan_report::Estimate {
    dashboard_core::scan_report::Estimate {
        calls,
        entries: calls * 50,
        basis: dashboard_core::scan_report::EstimateBasis::PreviousScan,
        file_bytes: None,
        budget_left: left,
        budget: 2000,
        resets_on: "2027-01-01".into(),
    }
}

fn mount_start(e: dashboard_core::scan_report::Estimate) -> (web_sys::Element, Arc<Mutex<u32>>) {
    let (host, el) = support::host("div");
    let started = Arc::new(Mutex::new(0));
    let s = started.clone();
    std::mem::forget(mount_to(el, move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        let on_start = Callback::new(move |_| *s.lock().expect("lock") += 1);
        view! { <ScanStart estimate=e.clone() again=false busy=false on_start=on_start /> }
    }));
    (host, started)
}

fn click(host: &web_sys::Element, selector: &str) {
    host.query_selector(selector)
        .expect("query")
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_ref::<web_sys::HtmlElement>()
        .click();
}

fn focused_is(selector: &str) -> bool {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    doc.active_element()
        .is_some_and(|a| a.matches(selector).unwrap_or(false))
}

#[wasm_bindgen_test]
async fn a_scan_starts_only_once_confirmed_and_the_confirmation_opens_again_after_esc() {
    let (host, started) = mount_start(estimate(206, 1500));
    assert!(text(&host, ".scan-estimate").contains("206"));
    for _ in 0..2 {
        click(&host, "button.scan-start");
        leptos::task::tick().await;
        assert!(
            text(&host, ".scan-confirm").contains("206"),
            "the cost is named"
        );
        assert!(
            focused_is("button.scan-confirm-start"),
            "the confirmation has the focus"
        );
        let confirm = host
            .query_selector(".scan-confirm")
            .expect("q")
            .expect("the confirmation");
        key(&confirm, "Escape");
        leptos::task::tick().await;
        assert!(host.query_selector(".scan-confirm").expect("q").is_none());
        assert_eq!(*started.lock().expect("lock"), 0, "Esc starts nothing");
    }
    click(&host, "button.scan-start");
    leptos::task::tick().await;
    click(&host, "button.scan-confirm-start");
    assert_eq!(*started.lock().expect("lock"), 1);
}

#[wasm_bindgen_test]
fn over_the_budget_left_it_warns_and_with_nothing_left_it_cannot_start() {
    let (host, _) = mount_start(estimate(900, 300));
    assert!(!text(&host, ".scan-over-budget").is_empty(), "a warning");
    let button = host
        .query_selector("button.scan-start")
        .expect("q")
        .expect("button");
    assert!(
        !button.has_attribute("disabled"),
        "the admin may still start it"
    );
    let (host, _) = mount_start(estimate(900, 0));
    let button = host
        .query_selector("button.scan-start")
        .expect("q")
        .expect("button");
    assert!(
        button.has_attribute("disabled"),
        "nothing left: nothing could be read"
    );
}

#[wasm_bindgen_test]
async fn a_scan_stopped_part_way_goes_on_after_its_own_confirmation() {
    let (host, el) = support::host("div");
    let calls = Arc::new(Mutex::new(Vec::new()));
    let (s, c) = (calls.clone(), calls.clone());
    let stopped = dashboard_core::scan_report::ScanInfo {
        id: 7,
        state: dashboard_core::scan_report::ScanState::Stopped,
        started_at: 1_700_000_000,
        finished_at: Some(1_700_000_600),
        operator: "王芳".into(),
        calls: 12,
        entries: 600,
        repeats: 0,
        expected_calls: Some(40),
        walk_secs: 30,
        error: None,
        rollup_ms: Some(3),
        can_continue: true,
    };
    std::mem::forget(mount_to(el, move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        let on_start = Callback::new(move |_| s.lock().expect("lock").push("start"));
        let on_continue = Callback::new(move |_| c.lock().expect("lock").push("continue"));
        view! {
            <ScanStart
                estimate=estimate(40, 1500)
                again=true
                busy=false
                on_start=on_start
                resumable=Some(stopped.clone())
                on_continue=on_continue
            />
        }
    }));
    click(&host, "button.scan-continue");
    leptos::task::tick().await;
    assert!(
        text(&host, ".scan-confirm").contains("about 28 more DingTalk calls"),
        "{}",
        text(&host, ".scan-confirm")
    );
    assert!(focused_is("button.scan-confirm-start"));
    click(&host, "button.scan-confirm-start");
    assert_eq!(*calls.lock().expect("lock"), ["continue"]);
}
