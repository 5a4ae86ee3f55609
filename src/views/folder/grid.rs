use crate::state::folder::FolderStore;
use crate::state::window::{columns, TILE_GAP, TILE_MIN_WIDTH, TILE_OVERSCAN_ROWS, TILE_ROW};
use crate::views::folder::tile::Tile;
use crate::views::folder::viewport::use_windowed;
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
    // Tiles flung past do not fetch their thumbnails (see `state::fling`); failed ones
    // become icons.
    crate::views::folder::thumbnails::use_thumbnails(body);
    let w = use_windowed(
        store,
        body,
        |v| columns(v.width, TILE_MIN_WIDTH, TILE_GAP),
        TILE_ROW,
        TILE_OVERSCAN_ROWS,
    );
    let (win, cols) = (w.win, w.columns);
    // Tiles hold their words fixed (see `Tile`): keyed by the language too, they are all made
    // anew when it changes.
    let i18n = crate::i18n::use_i18n();
    let items = move || {
        let lang = i18n.lang();
        w.items(store).into_iter().map(move |(i, d)| (i, d, lang))
    };
    let on_keydown = move |e: web_sys::KeyboardEvent| {
        if let Some(el) = body.get_untracked() {
            w.keydown(&e, &el);
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
                    key=|(i, d, lang)| (*i, d.id.clone(), *lang)
                    children=move |(i, d, _)| {
                        let href = d.is_folder().then(|| folder_href.run(d.id.clone()));
                        view! { <Tile entry=d index=i href=href /> }
                    }
                />
            </ul>
            <div class="window-spacer" aria-hidden="true" style:height=move || format!("{}px", win.get().bottom)></div>
        </div>
    }
}
