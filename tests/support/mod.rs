//! What the component tests share: a fresh element to mount a view into.

use wasm_bindgen::JsCast;

/// A new `<tag>` appended to the page's body, and the same as an `HtmlElement` for
/// `mount_to`.
pub fn host(tag: &str) -> (web_sys::Element, web_sys::HtmlElement) {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let host = document.create_element(tag).expect("an element");
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let el = host.clone().unchecked_into();
    (host, el)
}

/// Opens the `<details>` at `details` in `host` and waits until `made` is in it (the toggle
/// event is queued as a task; a lazy one is made after it).
// Each test file compiles this module; not all of them open a details.
#[allow(dead_code)]
pub async fn open_details(host: &web_sys::Element, details: &str, made: &str) {
    let d: web_sys::HtmlDetailsElement = host
        .query_selector(details)
        .expect("query")
        .expect("details")
        .unchecked_into();
    d.set_open(true);
    for _ in 0..20 {
        if host.query_selector(made).expect("query").is_some() {
            return;
        }
        drive_quota_dashboard::api::sleep_ms(10).await;
    }
}

/// Every element `selector` finds in `host`, in document order.
#[allow(dead_code)]
pub fn all(host: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let list = host.query_selector_all(selector).expect("query");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

/// The text of the first `selector` in `host` ("" when none).
#[allow(dead_code)]
pub fn text(host: &web_sys::Element, selector: &str) -> String {
    host.query_selector(selector)
        .expect("query")
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Presses `key` on `el` (a keydown that bubbles and can be cancelled).
#[allow(dead_code)]
pub fn key(el: &web_sys::Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let e =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    el.dispatch_event(&e).expect("dispatched");
}
