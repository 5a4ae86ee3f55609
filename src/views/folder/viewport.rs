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

/// What a windowed view of a listing needs: how many entries there are, how many columns
/// fit, and which rows are in the DOM. Shared by the grid and the list, which differ only in
/// their column rule and row height.
#[derive(Clone, Copy)]
pub struct Windowed {
    pub total: Memo<usize>,
    pub columns: Memo<usize>,
    pub win: Memo<crate::state::window::Window>,
    row_height: f64,
}

pub fn use_windowed<E>(
    store: crate::state::folder::FolderStore,
    body: NodeRef<E>,
    columns: fn(&Viewport) -> usize,
    row_height: f64,
) -> Windowed
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    use crate::state::window::{window, OVERSCAN_ROWS, WINDOW_FROM};
    let total = Memo::new(move |_| store.listing.with(crate::state::listing::Listing::len));
    let viewport = use_viewport(body, total.into());
    let columns = Memo::new(move |_| columns(&viewport.get()));
    let win = Memo::new(move |_| {
        window(
            total.get(),
            columns.get(),
            row_height,
            viewport.get(),
            OVERSCAN_ROWS,
            WINDOW_FROM,
        )
    });
    Windowed {
        total,
        columns,
        win,
        row_height,
    }
}

impl Windowed {
    /// The entries of the rendered window, with their indices.
    pub fn items(
        self,
        store: crate::state::folder::FolderStore,
    ) -> Vec<(usize, dingtalk_wire::Dentry)> {
        let w = self.win.get();
        store.listing.with(|l| l.slice(w.first, w.last))
    }

    /// Arrow keys, Home and End over the entries inside `container`.
    pub fn keydown(self, e: &web_sys::KeyboardEvent, container: &web_sys::Element) {
        let (columns, total) = (self.columns.get_untracked(), self.total.get_untracked());
        if crate::views::folder::keys::move_focus(e, container, columns, total, self.row_height) {
            e.prevent_default();
        }
    }
}
