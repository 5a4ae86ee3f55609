use crate::i18n::{use_i18n, Msg};
use crate::state::folder::{scanned_size, FolderStore};
use crate::views::common::Layout;
use crate::views::folder::keys::use_entries_window;
use crate::views::folder::list_row::ListRow;
use crate::views::folder::sort_header::SortHeader;
use dashboard_core::folder_query::FolderQuery;
use dashboard_core::window::{LIST_ROW, OVERSCAN_ROWS};
use dingtalk_wire::{Order, OrderBy};
use leptos::prelude::*;

/// The list view: a table with a fixed row height, windowed like the grid. Headers the
/// server can sort by are buttons; the others say that it cannot.
#[component]
pub fn EntryList(
    /// The folder's listing.
    store: FolderStore,
    /// The current view (for the sort shown in the headers).
    #[prop(into)]
    query: Signal<FolderQuery>,
    /// Called with a new sort when a header is clicked.
    on_sort: Callback<(OrderBy, Order)>,
    /// The address of a subfolder, by id.
    folder_href: Callback<String, String>,
    /// Accessible name of the table.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let body = NodeRef::<leptos::html::Tbody>::new();
    let layout = Layout {
        columns: |_| 1,
        pitch: LIST_ROW,
        measured: false,
        overscan: OVERSCAN_ROWS,
    };
    let (w, on_keydown) = use_entries_window(store, body, layout);
    let win = w.win;
    let items = move || {
        let w = win.get();
        let scanned = store.scanned();
        let shown = store.listing.with(|l| l.slice(w.first, w.last));
        shown.into_iter().map(move |(i, d)| {
            let size = scanned_size(scanned.as_deref(), &d);
            (i, d, size)
        })
    };
    let unsortable = move |class: &'static str, title: Msg| {
        view! {
            <th scope="col" class=class title=move || i18n.t(Msg::FolderNoServerSort)>
                <span class="unsortable">{move || i18n.t(title)}</span>
                <span class="no-sort-hint">{move || i18n.t(Msg::FolderNoSortHint)}</span>
            </th>
        }
    };
    view! {
        <div class="entry-table-wrap">
            <table class="entry-table" aria-label=label>
                <thead>
                    <tr>
                        <SortHeader label=Msg::FolderSortName by=OrderBy::Name query=query on_sort=on_sort class="col-name" />
                        {unsortable("col-type", Msg::FolderColType)}
                        <SortHeader label=Msg::FolderSortSize by=OrderBy::Size query=query on_sort=on_sort class="col-size" />
                        <SortHeader label=Msg::FolderSortModified by=OrderBy::ModifiedTime query=query on_sort=on_sort class="col-modified" />
                        <SortHeader label=Msg::FolderSortCreated by=OrderBy::CreateTime query=query on_sort=on_sort class="col-created" />
                        {unsortable("col-creator", Msg::FolderColCreator)}
                    </tr>
                </thead>
                <tbody node_ref=body on:keydown=on_keydown>
                    <tr class="window-spacer" aria-hidden="true">
                        <td colspan="6" style:height=move || format!("{}px", win.get().top)></td>
                    </tr>
                    <For
                        each=items
                        key=|(i, d, size)| (*i, d.id.clone(), *size)
                        children=move |(i, d, size)| {
                            let href = d.is_folder().then(|| folder_href.run(d.id.clone()));
                            view! { <ListRow entry=d index=i href=href scanned=size /> }
                        }
                    />
                    <tr class="window-spacer" aria-hidden="true">
                        <td colspan="6" style:height=move || format!("{}px", win.get().bottom)></td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}
