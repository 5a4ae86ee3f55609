//! The one windowing hook of every long list (the review, the folder grid and list): where
//! the list is on screen, how many columns fit, and which rows are in the DOM. The page
//! itself scrolls (no inner scroll box); spacers stand in for the rows outside the window,
//! keeping the scrollbar true. The arithmetic is `dashboard_core::window`'s.

use dashboard_core::window::{window as slice_of, Viewport, Window};
use leptos::ev;
use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How a list is laid out.
#[derive(Clone, Copy)]
pub struct Layout {
    /// Columns that fit the list's width (1 for a list).
    pub columns: fn(&Viewport) -> usize,
    /// Distance between the tops of two rows, CSS px.
    pub pitch: f64,
    /// Whether `pitch` is only a first guess, measured on the first two rendered rows once
    /// they are on screen (rows whose height follows the CSS, such as the review's).
    pub measured: bool,
    /// Rows rendered beyond each edge of the viewport.
    pub overscan: usize,
}

#[derive(Clone, Copy)]
pub struct Windowed {
    pub total: Signal<usize>,
    pub columns: Memo<usize>,
    pub win: Memo<Window>,
    pub pitch: Signal<f64>,
}

/// Windows the list `target` of `total` items, laid out by `layout`, when `windowed` says so
/// (short lists are rendered whole, so the browser's find-in-page sees every row).
pub fn use_window<E>(
    target: NodeRef<E>,
    total: Signal<usize>,
    windowed: Signal<bool>,
    layout: Layout,
) -> Windowed
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let viewport = use_viewport(target, total);
    let pitch = RwSignal::new(layout.pitch);
    let columns = Memo::new(move |_| (layout.columns)(&viewport.get()));
    let win = Memo::new(move |_| {
        slice_of(
            total.get(),
            columns.get(),
            pitch.get(),
            viewport.get(),
            layout.overscan,
            if windowed.get() { 0 } else { usize::MAX },
        )
    });
    if layout.measured {
        // Measured again when the window moves or the width changes (a phone turned
        // sideways changes a two-line row to one line).
        let width = Memo::new(move |_| viewport.with(|v| v.width.round() as i64));
        Effect::new(move |_| {
            win.track();
            width.track();
            if !windowed.get() {
                return;
            }
            let measured = target
                .get()
                .and_then(|el| measure_pitch(el.unchecked_ref()));
            if let Some(p) = measured.filter(|p| (p - pitch.get_untracked()).abs() > 0.5) {
                pitch.set(p);
            }
        });
    }
    Windowed {
        total,
        columns,
        win,
        pitch: pitch.into(),
    }
}

/// The distance between the tops of the first two rows in `list`, if two are rendered.
fn measure_pitch(list: &web_sys::Element) -> Option<f64> {
    let first = list.first_element_child()?;
    let second = first.next_element_sibling()?;
    let p = second.get_bounding_client_rect().top() - first.get_bounding_client_rect().top();
    (p.is_finite() && p > 1.0).then_some(p)
}

/// Tracks `target` against the browser viewport: measured on scroll and resize, and again as
/// the list grows (a new page can bring a scrollbar, narrowing the list).
fn use_viewport<E>(target: NodeRef<E>, grows: Signal<usize>) -> Signal<Viewport>
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
