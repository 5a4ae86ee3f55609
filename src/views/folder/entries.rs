use crate::api::ApiError;
use crate::i18n::{use_i18n, Msg};
use crate::state::folder::FolderStore;
use crate::views::folder::footer::PagerFooter;
use crate::views::folder::grid::EntryGrid;
use crate::views::folder::list::EntryList;
use crate::views::folder::listing_error::ListingError;
use dashboard_core::folder_query::{FolderQuery, ViewMode};
use dashboard_core::listing::Phase;
use dingtalk_wire::{Order, OrderBy};
use leptos::either::EitherOf5;
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Loading,
    Empty,
    Failed(ApiError),
    Entries(ViewMode),
}

/// The folder's contents in the chosen view, or why there are none to show.
#[component]
pub fn FolderEntries(
    /// The folder's listing.
    store: FolderStore,
    /// The current view.
    #[prop(into)]
    query: Signal<FolderQuery>,
    /// The space shown.
    #[prop(into)]
    space_id: Signal<String>,
    /// Called with a new sort (list headers).
    on_sort: Callback<(OrderBy, Order)>,
    /// Accessible name of the grid or table.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let folder_href = Callback::new(move |id: String| {
        query
            .with_untracked(|q| q.child(&id))
            .href(&space_id.get_untracked())
    });
    // Only what changes the layout: new pages land inside the grid without re-rendering it.
    let shown = Memo::new(move |_| {
        let view = query.with(|q| q.view);
        store.listing.with(|l| match (l.is_empty(), l.phase()) {
            (false, _) => Shown::Entries(view),
            (true, Phase::Done) => Shown::Empty,
            (true, Phase::Failed(e)) => Shown::Failed(e.clone()),
            (true, _) => Shown::Loading,
        })
    });
    move || match shown.get() {
        Shown::Loading => EitherOf5::A(view! {
            <p class="loading" role="status">{move || i18n.t(Msg::Loading)}</p>
        }),
        Shown::Empty => EitherOf5::B(view! {
            <p class="empty-state">{move || i18n.t(Msg::FolderEmpty)}</p>
        }),
        Shown::Failed(error) => EitherOf5::C(view! {
            <ListingError
                error=error
                query=query
                space_id=space_id
                on_retry=Callback::new(move |_| store.retry())
            />
        }),
        Shown::Entries(ViewMode::Grid) => EitherOf5::D(view! {
            <EntryGrid store=store folder_href=folder_href label=label />
            <PagerFooter store=store />
        }),
        Shown::Entries(ViewMode::List) => EitherOf5::E(view! {
            <EntryList store=store query=query on_sort=on_sort folder_href=folder_href label=label />
            <PagerFooter store=store />
        }),
    }
}
