//! Component tests in headless Chromium: a grid tile with and without a thumbnail, and with
//! a thumbnail that fails to load (expired link), which must give way to the file icon.
#![cfg(target_arch = "wasm32")]

use dingtalk_wire::{Dentry, DentryProperties, DentryStatus, DentryType, IsoTime, Thumbnail};
use drive_quota_dashboard::i18n::{I18n, Lang};
use drive_quota_dashboard::views::folder::{
    load_deferred_thumbnails, watch_thumbnail_errors, Flinging, Tile,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;

fn photo(url: &str) -> Dentry {
    Dentry {
        id: "42".into(),
        space_id: "s".into(),
        name: "IMG_20240301_163000.jpg".into(),
        kind: Some(DentryType::File),
        extension: Some("jpg".into()),
        size: Some(3 * 1024 * 1024),
        status: Some(DentryStatus::Normal),
        modified_time: Some(IsoTime::parse("2024-03-01T08:30:00Z")),
        thumbnail: Some(Thumbnail {
            width: Some(320),
            height: Some(240),
            url: url.into(),
        }),
        ..Dentry::default()
    }
}

fn mount(entry: Dentry, href: Option<String>) -> web_sys::Element {
    mount_with(entry, href, None)
}

/// Mounts the tile in Chinese, under the given fling signal (never flinging by default).
fn mount_with(
    entry: Dentry,
    href: Option<String>,
    flinging: Option<RwSignal<bool>>,
) -> web_sys::Element {
    let (host, el) = support::host("ul");
    std::mem::forget(mount_to(el, move || {
        provide_context(I18n(RwSignal::new(Lang::Zh)));
        let flinging = flinging.unwrap_or_else(|| RwSignal::new(false));
        provide_context(Flinging(flinging.into()));
        view! { <Tile entry=entry index=7 href=href /> }
    }));
    host.query_selector("li.tile")
        .expect("query")
        .expect("a tile")
}

fn find(tile: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
    tile.query_selector(selector).expect("selector")
}

#[wasm_bindgen_test]
fn a_tile_with_a_thumbnail_shows_it_lazily_in_a_shaped_box() {
    let tile = mount(photo("https://static.example/t/42.png?x=1"), None);
    assert_eq!(tile.get_attribute("data-id").as_deref(), Some("42"));
    assert_eq!(tile.get_attribute("data-index").as_deref(), Some("7"));
    let img = find(&tile, "img").expect("an img");
    assert_eq!(
        img.get_attribute("src").as_deref(),
        Some("https://static.example/t/42.png?x=1")
    );
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert!(
        find(&tile, ".file-icon").is_none(),
        "no icon beside a thumbnail"
    );
    let frame: web_sys::HtmlElement = find(&tile, ".tile-thumb").expect("box").unchecked_into();
    let ratio = frame
        .style()
        .get_property_value("aspect-ratio")
        .expect("style");
    // Set through the CSSOM (the server's CSP forbids inline style text).
    assert_eq!(ratio.replace(' ', ""), "320/240");
    let name = find(&tile, ".tile-name").expect("name");
    assert_eq!(
        name.get_attribute("title").as_deref(),
        Some("IMG_20240301_163000.jpg")
    );
    assert_eq!(
        name.text_content().as_deref(),
        Some("IMG_20240301_163000.jpg")
    );
    let size = find(&tile, ".tile-size").expect("size");
    assert!(size.text_content().is_some_and(|t| t.contains("MB")));
}

#[wasm_bindgen_test]
fn a_tile_made_during_a_fling_fetches_its_thumbnail_once_it_settles() {
    let tile = mount_with(
        photo("https://static.example/t/7.png"),
        None,
        Some(RwSignal::new(true)),
    );
    let img = find(&tile, "img").expect("an img, shaped, without a source yet");
    assert_eq!(img.get_attribute("src"), None, "nothing fetched mid-fling");
    assert_eq!(
        img.get_attribute("data-src").as_deref(),
        Some("https://static.example/t/7.png")
    );
    assert!(find(&tile, ".tile-thumb").is_some());
    // What the grid does when the fling settles.
    load_deferred_thumbnails(&tile);
    assert_eq!(
        img.get_attribute("src").as_deref(),
        Some("https://static.example/t/7.png"),
        "fetched once the fling settles"
    );
    assert_eq!(img.get_attribute("data-src"), None, "and not again");
    // Made while the grid is still: fetched at once, nothing kept aside.
    let still = mount_with(
        photo("https://static.example/t/8.png"),
        None,
        Some(RwSignal::new(false)),
    );
    let img = find(&still, "img").expect("an img");
    assert_eq!(
        img.get_attribute("src").as_deref(),
        Some("https://static.example/t/8.png")
    );
    assert_eq!(img.get_attribute("data-src"), None);
}

#[wasm_bindgen_test]
fn a_tile_without_a_thumbnail_shows_the_file_icon() {
    let mut entry = photo("");
    entry.thumbnail = None;
    entry.name = "季度报告.pdf".into();
    entry.extension = Some("pdf".into());
    entry.status = Some(DentryStatus::Expired);
    entry.properties = Some(DentryProperties { read_only: true });
    let tile = mount(entry, None);
    assert!(find(&tile, "img").is_none());
    let icon = find(&tile, ".file-icon").expect("an icon");
    assert!(icon.class_list().contains("kind-pdf"));
    assert_eq!(icon.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert_eq!(icon.text_content().as_deref(), Some("PDF"));
    assert!(find(&tile, ".badge-expired").is_some());
    assert!(find(&tile, ".badge-read-only").is_some());
}

#[wasm_bindgen_test]
fn unsafe_thumbnail_urls_never_reach_the_page() {
    let tile = mount(photo("javascript:alert(1)"), None);
    assert!(find(&tile, "img").is_none());
    assert!(find(&tile, ".file-icon").is_some());
}

#[wasm_bindgen_test]
fn a_folder_tile_is_a_link_and_unknown_types_are_shown() {
    let folder = Dentry {
        id: "9".into(),
        name: "项目资料".into(),
        kind: Some(DentryType::Folder),
        ..Dentry::default()
    };
    let tile = mount(folder, Some("/spaces/s?folder=9".into()));
    let link = find(&tile, "a.tile-link").expect("a link");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/spaces/s?folder=9")
    );
    assert!(find(&tile, ".file-icon.kind-folder").is_some());

    let shortcut = Dentry {
        id: "10".into(),
        name: "快捷方式".into(),
        kind: Some(DentryType::Unknown("SHORTCUT".into())),
        status: Some(DentryStatus::Unknown("QUARANTINED".into())),
        ..Dentry::default()
    };
    let tile = mount(shortcut, None);
    let badges = find(&tile, ".badges")
        .expect("badges")
        .text_content()
        .unwrap_or_default();
    assert!(
        badges.contains("SHORTCUT") && badges.contains("QUARANTINED"),
        "{badges}"
    );
    assert!(
        find(&tile, "a").is_none(),
        "an unknown type cannot be opened"
    );
}

#[wasm_bindgen_test]
async fn a_failing_thumbnail_gives_way_to_the_icon() {
    let tile = mount(photo("https://static.example/expired.png"), None);
    let img = find(&tile, "img").expect("an img");
    // The grid listens for failed thumbnails; here, the tile's host does.
    watch_thumbnail_errors(&tile.parent_element().expect("the host"));
    let error = web_sys::Event::new("error").expect("event");
    img.dispatch_event(&error).expect("dispatch");
    assert!(img.has_attribute("hidden"), "the broken image is gone");
    let icon = find(&tile, ".file-icon").expect("the icon instead");
    assert!(icon.class_list().contains("kind-image"));
    assert_eq!(icon.get_attribute("data-label").as_deref(), Some("JPG"));
    assert_eq!(icon.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert!(
        find(&tile, ".tile-name").is_some(),
        "the rest of the tile stays"
    );
}
