//! Windowing shared by the folder grid and list.

use crate::state::window::Viewport;
use crate::views::common::use_viewport;
use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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
    overscan_rows: usize,
) -> Windowed
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    use crate::state::window::{window, WINDOW_FROM};
    let total = Memo::new(move |_| store.listing.with(crate::state::listing::Listing::len));
    let viewport = use_viewport(body, total.into());
    let columns = Memo::new(move |_| columns(&viewport.get()));
    let win = Memo::new(move |_| {
        window(
            total.get(),
            columns.get(),
            row_height,
            viewport.get(),
            overscan_rows,
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
