//! What the grid and the list share: the window over the folder's entries and the arrow keys
//! between them.

use crate::state::folder::FolderStore;
use crate::views::common::{use_window, Layout, Windowed};
use dashboard_core::window::{nav_target, NavKey, WINDOW_FROM};
use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The window over the entries of `store` inside `body` (past [`WINDOW_FROM`] entries), and
/// the keydown handler that moves the focus between them.
pub fn use_entries_window<E>(
    store: FolderStore,
    body: NodeRef<E>,
    layout: Layout,
) -> (Windowed, impl Fn(web_sys::KeyboardEvent) + Copy)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let total = Signal::derive(move || store.listing.with(|l| l.len()));
    let windowed = Signal::derive(move || total.get() > WINDOW_FROM);
    let w = use_window(body, total, windowed, layout);
    let on_keydown = move |e: web_sys::KeyboardEvent| {
        let Some(el) = body.get_untracked() else {
            return;
        };
        let (columns, total) = (w.columns.get_untracked(), w.total.get_untracked());
        if move_focus(
            &e,
            el.unchecked_ref(),
            columns,
            total,
            w.pitch.get_untracked(),
        ) {
            e.prevent_default();
        }
    };
    (w, on_keydown)
}

/// Moves the focus from the entry holding the event's target to the one `key` leads to
/// (`columns` per row, `total` entries). Returns true when the key was used.
fn move_focus(
    e: &web_sys::KeyboardEvent,
    container: &web_sys::Element,
    columns: usize,
    total: usize,
    row_height: f64,
) -> bool {
    if e.alt_key() || e.ctrl_key() || e.meta_key() || e.shift_key() {
        return false; // Alt+Up is "parent folder", handled by the page
    }
    let Some(key) = NavKey::parse(&e.key()) else {
        return false;
    };
    let Some(from) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|t| t.closest("[data-index]").ok().flatten())
        .and_then(|el| el.get_attribute("data-index"))
        .and_then(|i| i.parse::<usize>().ok())
    else {
        return false;
    };
    let Some(to) = nav_target(key, from, columns, total) else {
        return false;
    };
    if !focus_entry(container, to) {
        // Outside the rendered window (Home/End in a long list): scroll there, then focus
        // once the window has followed.
        let row = (to / columns.max(1)) as f64;
        if let Some(w) = web_sys::window() {
            let top = container.get_bounding_client_rect().top() + w.scroll_y().unwrap_or(0.0);
            w.scroll_to_with_x_and_y(0.0, (top + row * row_height - 120.0).max(0.0));
        }
        let container = container.clone();
        request_animation_frame(move || {
            request_animation_frame(move || {
                focus_entry(&container, to);
            });
        });
    }
    true
}

/// Focuses entry `index` if it is in the DOM.
pub fn focus_entry(container: &web_sys::Element, index: usize) -> bool {
    let selector = format!("[data-index=\"{index}\"] .entry-focus");
    match container
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}
