use crate::state::folder::{scanned_size, FolderStore};
use crate::views::common::Layout;
use crate::views::folder::keys::use_entries_window;
use crate::views::folder::tile::Tile;
use dashboard_core::window::{columns, TILE_GAP, TILE_MIN_WIDTH, TILE_OVERSCAN_ROWS, TILE_ROW};
use leptos::prelude::*;

/// The grid view: as many tile columns as fit, and past `WINDOW_FROM` entries only the
/// rows near the viewport in the DOM (spacers keep the scrollbar true).
#[component]
pub fn EntryGrid(
    /// The folder's listing.
    store: FolderStore,
    /// The address of a subfolder, by id.
    folder_href: Callback<String, String>,
    /// Accessible name of the grid.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let body = NodeRef::<leptos::html::Div>::new();
    // Tiles flung past do not fetch their thumbnails (see `dashboard_core::fling`); failed ones
    // become icons.
    crate::views::folder::thumbnails::use_thumbnails(body);
    let layout = Layout {
        columns: |v| columns(v.width, TILE_MIN_WIDTH, TILE_GAP),
        pitch: TILE_ROW,
        measured: false,
        overscan: TILE_OVERSCAN_ROWS,
    };
    let (w, on_keydown) = use_entries_window(store, body, layout);
    let (win, cols) = (w.win, w.columns);
    // Tiles hold their words fixed (see `Tile`): keyed by the language too, they are all made
    // anew when it changes.
    let i18n = crate::i18n::use_i18n();
    // A folder's scanned size is part of its key too: a tile is made anew when it arrives.
    let items = move || {
        let lang = i18n.lang();
        let w = win.get();
        let scanned = store.scanned();
        let shown = store.listing.with(|l| l.slice(w.first, w.last));
        shown.into_iter().map(move |(i, d)| {
            let size = scanned_size(scanned.as_deref(), &d);
            (i, d, lang, size)
        })
    };
    view! {
        <div class="entry-grid-body" node_ref=body on:keydown=on_keydown>
            <div class="window-spacer" aria-hidden="true" style:height=move || format!("{}px", win.get().top)></div>
            <ul
                class="tile-grid"
                aria-label=label
                style:grid-template-columns=move || format!("repeat({}, minmax(0, 1fr))", cols.get())
            >
                <For
                    each=items
                    key=|(i, d, lang, size)| (*i, d.id.clone(), *lang, *size)
                    children=move |(i, d, _, size)| {
                        let href = d.is_folder().then(|| folder_href.run(d.id.clone()));
                        view! { <Tile entry=d index=i href=href scanned=size /> }
                    }
                />
            </ul>
            <div class="window-spacer" aria-hidden="true" style:height=move || format!("{}px", win.get().bottom)></div>
        </div>
    }
}
