use crate::i18n::{use_i18n, Msg};
use dashboard_core::folder_query::{next_sort, FolderQuery};
use dingtalk_wire::{Order, OrderBy};
use leptos::prelude::*;

/// A column header the server can sort by: a button that sorts by it (or flips the
/// direction), with `aria-sort` telling which way it is sorted now.
#[component]
pub fn SortHeader(
    /// The column's title.
    label: Msg,
    /// The server-side sort it stands for.
    by: OrderBy,
    /// The current view, for the current sort.
    #[prop(into)]
    query: Signal<FolderQuery>,
    /// Called with the new sort.
    on_sort: Callback<(OrderBy, Order)>,
    /// CSS class of the column.
    #[prop(into)]
    class: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = move || query.with(|q| (q.sort == by).then_some(q.order));
    let aria_sort = move || match current() {
        Some(Order::Asc) => "ascending",
        Some(Order::Desc) => "descending",
        None => "none",
    };
    let arrow = move || match current() {
        Some(Order::Asc) => "↑",
        Some(Order::Desc) => "↓",
        None => "",
    };
    let click = move |_| {
        let (sort, order) = query.with_untracked(|q| (q.sort, q.order));
        on_sort.run(next_sort((sort, order), by));
    };
    view! {
        <th scope="col" class=class aria-sort=aria_sort>
            <button class="sort-button" title=move || i18n.t(Msg::FolderSortHint) on:click=click>
                {move || i18n.t(label)}
                <span class="sort-arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}
