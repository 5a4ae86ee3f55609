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
