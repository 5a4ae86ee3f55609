//! Where a list is on screen, for windowing: measured on scroll and resize.

use crate::state::window::Viewport;
use leptos::ev;
use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Tracks `target` against the browser viewport. The page itself scrolls (no inner scroll
/// box), so the list's own scroll offset is how far its top is above the viewport's.
/// `grows` is measured again on change (a new page can bring a scrollbar, narrowing the list).
pub fn use_viewport<E>(target: NodeRef<E>, grows: Signal<usize>) -> Signal<Viewport>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let viewport = RwSignal::new(Viewport::default());
    let measure = move || {
        let Some(el) = target.get_untracked() else {
            return;
        };
        let el: &web_sys::Element = el.unchecked_ref();
        let rect = el.get_bounding_client_rect();
        let height = window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        let now = Viewport {
            offset: -rect.top(),
            height,
            width: rect.width(),
        };
        if viewport.try_get_untracked() != Some(now) {
            viewport.try_set(now);
        }
    };
    // First measure once the element is in the page, and again as the list grows.
    Effect::new(move |_| {
        grows.track();
        if target.get().is_some() {
            measure();
        }
    });
    let on_scroll = window_event_listener(ev::scroll, move |_| measure());
    let on_resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    viewport.into()
}
