use crate::i18n::{use_i18n, Msg};
use dashboard_core::folder_query::{default_order, FolderQuery, ViewMode};
use dingtalk_wire::{Order, OrderBy};
use leptos::prelude::*;

fn sort_msg(by: OrderBy) -> Msg {
    match by {
        OrderBy::Name => Msg::FolderSortName,
        OrderBy::Size => Msg::FolderSortSize,
        OrderBy::ModifiedTime => Msg::FolderSortModified,
        OrderBy::CreateTime => Msg::FolderSortCreated,
    }
}

/// Sort field and direction (both done by DingTalk) and the grid/list switch. Every change
/// goes through the URL.
#[component]
pub fn FolderToolbar(
    /// The current view.
    #[prop(into)]
    query: Signal<FolderQuery>,
    /// Called with the view asked for.
    on_change: Callback<FolderQuery>,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = move || {
        let current = query.with(|q| q.sort);
        OrderBy::ALL
            .into_iter()
            .map(|by| {
                view! {
                    <option value=by.as_str() selected=by == current>{i18n.t(sort_msg(by))}</option>
                }
            })
            .collect_view()
    };
    let on_sort = move |ev: web_sys::Event| {
        if let Some(by) = OrderBy::parse(&event_target_value(&ev)) {
            on_change.run(query.get_untracked().with_sort(by, default_order(by)));
        }
    };
    let flip = move |_| {
        let q = query.get_untracked();
        let order = match q.order {
            Order::Asc => Order::Desc,
            Order::Desc => Order::Asc,
        };
        on_change.run(q.with_sort(q.sort, order));
    };
    let order_text = move || match query.with(|q| q.order) {
        Order::Asc => i18n.t(Msg::FolderOrderAsc),
        Order::Desc => i18n.t(Msg::FolderOrderDesc),
    };
    let view_button = move |mode: ViewMode, label: Msg| {
        view! {
            <button
                class=format!("view-button view-{}", mode.as_str())
                aria-pressed=move || (query.with(|q| q.view) == mode).to_string()
                on:click=move |_| on_change.run(query.get_untracked().with_view(mode))
            >
                {move || i18n.t(label)}
            </button>
        }
    };
    view! {
        <div class="folder-toolbar">
            <label class="toolbar-field">
                <span>{move || i18n.t(Msg::FolderSortLabel)}</span>
                <select class="sort-select" on:change=on_sort prop:value=move || query.with(|q| q.sort.as_str())>
                    {options}
                </select>
            </label>
            <button class="button secondary order-toggle" title=move || i18n.t(Msg::FolderOrderToggle) on:click=flip>
                {order_text}
            </button>
            <div class="view-switch" role="group" aria-label=move || i18n.t(Msg::FolderViewLabel)>
                {view_button(ViewMode::Grid, Msg::FolderViewGrid)}
                {view_button(ViewMode::List, Msg::FolderViewList)}
            </div>
        </div>
    }
}
