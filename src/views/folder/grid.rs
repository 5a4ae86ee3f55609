use crate::state::folder::FolderStore;
use crate::state::listing::Listing;
use crate::state::window::{
    columns, window, OVERSCAN_ROWS, TILE_GAP, TILE_MIN_WIDTH, TILE_ROW, WINDOW_FROM,
};
use crate::views::folder::keys::move_focus;
use crate::views::folder::tile::Tile;
use crate::views::folder::viewport::use_viewport;
use leptos::prelude::*;

/// The grid view: as many tile columns as fit, and past a few hundred entries only the
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
    let total = Memo::new(move |_| store.listing.with(Listing::len));
    let viewport = use_viewport(body, total.into());
    let cols = Memo::new(move |_| columns(viewport.get().width, TILE_MIN_WIDTH, TILE_GAP));
    let win = Memo::new(move |_| {
        window(
            total.get(),
            cols.get(),
            TILE_ROW,
            viewport.get(),
            OVERSCAN_ROWS,
            WINDOW_FROM,
        )
    });
    let items = move || {
        let w = win.get();
        store.listing.with(|l| l.slice(w.first, w.last))
    };
    let on_keydown = move |e: web_sys::KeyboardEvent| {
        if let Some(el) = body.get_untracked() {
            if move_focus(
                &e,
                &el,
                cols.get_untracked(),
                total.get_untracked(),
                TILE_ROW,
            ) {
                e.prevent_default();
            }
        }
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
                    key=|(i, d)| (*i, d.id.clone())
                    children=move |(i, d)| {
                        let href = d.is_folder().then(|| folder_href.run(d.id.clone()));
                        view! { <Tile entry=d index=i href=href /> }
                    }
                />
            </ul>
            <div class="window-spacer" aria-hidden="true" style:height=move || format!("{}px", win.get().bottom)></div>
        </div>
    }
}
