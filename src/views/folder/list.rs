use crate::i18n::{use_i18n, Msg};
use crate::state::folder::FolderStore;
use crate::state::folder_query::FolderQuery;
use crate::state::window::{LIST_ROW, OVERSCAN_ROWS};
use crate::views::folder::list_row::ListRow;
use crate::views::folder::sort_header::SortHeader;
use crate::views::folder::viewport::use_windowed;
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
    let w = use_windowed(store, body, |_| 1, LIST_ROW, OVERSCAN_ROWS);
    let win = w.win;
    let items = move || w.items(store);
    let on_keydown = move |e: web_sys::KeyboardEvent| {
        if let Some(el) = body.get_untracked() {
            w.keydown(&e, &el);
        }
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
                        key=|(i, d)| (*i, d.id.clone())
                        children=move |(i, d)| {
                            let href = d.is_folder().then(|| folder_href.run(d.id.clone()));
                            view! { <ListRow entry=d index=i href=href /> }
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
