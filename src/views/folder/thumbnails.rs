//! The grid's thumbnails: the fling signal (see `dashboard_core::fling`), true while the page is
//! scrolled fast and false again once it has settled, which tiles read when they are made;
//! the sweep that gives tiles made mid-fling their thumbnail; and the one listener that turns
//! a failed thumbnail into the file icon.

use dashboard_core::fling::Fling;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Whether the grid is being flung, provided by the grid to its tiles.
#[derive(Clone, Copy)]
pub struct Flinging(pub Signal<bool>);

impl Flinging {
    pub fn current() -> Signal<bool> {
        expect_context::<Flinging>().0
    }
}

/// Gives the thumbnails that tiles made during a fling kept aside (`data-src`) their source,
/// in `container`.
pub fn load_deferred_thumbnails(container: &web_sys::Element) {
    let Ok(waiting) = container.query_selector_all("img[data-src]") else {
        return;
    };
    for i in 0..waiting.length() {
        let Some(img) = waiting
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if let Some(src) = img.get_attribute("data-src") {
            let _ = img.remove_attribute("data-src");
            let _ = img.set_attribute("src", &src);
        }
    }
}

/// Thumbnails that fail to load in `container` (expired links) give way to the file icon
/// beside them: one listener for the whole grid (`error` does not bubble: it is caught on
/// its way down), instead of one per tile. The listener is one function for the page's
/// lifetime; it goes with the element, so nothing is left to remove.
pub fn watch_thumbnail_errors(container: &web_sys::Element) {
    thread_local! {
        static ON_ERROR: js_sys::Function = {
            let f = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(thumbnail_failed);
            let function = f.as_ref().unchecked_ref::<js_sys::Function>().clone();
            // Made once and kept for the page's lifetime: every grid shares it.
            f.forget();
            function
        };
    }
    ON_ERROR.with(|f| {
        let _ = container.add_event_listener_with_callback_and_bool("error", f, true);
    });
}

/// A thumbnail that did not load: its box becomes the file icon (`FileIcon`'s classes from
/// the box's `data-icon-class`, its label from `data-label`), and the image is hidden.
fn thumbnail_failed(ev: web_sys::Event) {
    let Some((img, thumb)) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlImageElement>().ok())
        .and_then(|img| img.parent_element().map(|p| (img, p)))
        .filter(|(_, p)| p.class_list().contains("tile-thumb"))
    else {
        return;
    };
    let class = thumb.get_attribute("data-icon-class").unwrap_or_default();
    thumb.set_class_name(&class);
    let _ = thumb.remove_attribute("style");
    let _ = thumb.set_attribute("aria-hidden", "true");
    let _ = img.set_attribute("hidden", "");
}

/// The grid's thumbnails in `container`: follows the page's scrolling and provides
/// [`Flinging`] to the tiles below; when a fling settles, loads the thumbnails deferred; and
/// turns failed ones into icons ([`watch_thumbnail_errors`]).
pub fn use_thumbnails<E>(container: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let state = Rc::new(RefCell::new(Fling::new()));
    let flinging = RwSignal::new(false);
    let timer = Rc::new(Cell::new(false));
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| {
        let y = window().scroll_y().unwrap_or(0.0);
        if state.borrow_mut().scrolled(y, now()) {
            if !flinging.get_untracked() {
                flinging.set(true);
            }
            if !timer.replace(true) {
                watch_settle(
                    state.clone(),
                    flinging,
                    timer.clone(),
                    dashboard_core::fling::SETTLE_MS,
                );
            }
        }
    });
    on_cleanup(move || on_scroll.remove());
    provide_context(Flinging(flinging.into()));
    Effect::new(move |_| {
        if let Some(el) = container.get() {
            watch_thumbnail_errors(el.unchecked_ref());
        }
    });
    Effect::new(move |_| {
        if !flinging.get() {
            if let Some(el) = container.get_untracked() {
                load_deferred_thumbnails(el.unchecked_ref());
            }
        }
    });
}

/// Looks again in `ms`: still flinging waits for the rest, otherwise the fling is over. One
/// timer at a time (`armed`), however many scroll events come.
fn watch_settle(
    state: Rc<RefCell<Fling>>,
    flinging: RwSignal<bool>,
    armed: Rc<Cell<bool>>,
    ms: f64,
) {
    set_timeout(
        move || {
            let left = state.borrow().settles_in(now());
            match left {
                Some(ms) => watch_settle(state, flinging, armed, ms),
                None => {
                    armed.set(false);
                    // The grid may be gone by now: a disposed signal is left alone.
                    flinging.try_set(false);
                }
            }
        },
        Duration::from_millis(ms.ceil().max(1.0) as u64),
    );
}

/// Milliseconds of the page's monotonic clock (`performance.now()`; 0 without one, which
/// only means no speed is ever measured, so no fling).
fn now() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}
