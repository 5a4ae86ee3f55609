use crate::i18n::{use_i18n, Msg};
use dashboard_core::review::{ReviewQuery, SortKey};
use leptos::prelude::*;

fn sort_msg(k: SortKey) -> Msg {
    match k {
        SortKey::Usage => Msg::SortUsage,
        SortKey::Used => Msg::SortUsed,
        SortKey::Quota => Msg::SortQuota,
        SortKey::Name => Msg::SortName,
        SortKey::Modified => Msg::SortModified,
        SortKey::Growth7 => Msg::SortGrowth7,
        SortKey::Growth30 => Msg::SortGrowth30,
        SortKey::FullIn => Msg::SortFullIn,
    }
}

/// Sort key, direction, name filter and export.
#[component]
pub fn ReviewToolbar(
    /// The view as read from the URL.
    #[prop(into)]
    query: Signal<ReviewQuery>,
    /// Writes a new view to the URL; `true` replaces the history entry (typing).
    on_change: Callback<(ReviewQuery, bool)>,
    /// Exports the current view.
    on_export: Callback<()>,
    /// With the history (admins): how many spaces are forecast full within 30 days; its
    /// sort keys and that filter are offered only then.
    soon: Option<Signal<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let set_sort = move |ev: leptos::ev::Event| {
        if let Some(sort) = SortKey::parse(&event_target_value(&ev)) {
            let q = ReviewQuery {
                sort,
                desc: sort.default_desc(),
                ..query.get_untracked()
            };
            on_change.run((q, false));
        }
    };
    let toggle_order = move |_| {
        let q = query.get_untracked();
        on_change.run((ReviewQuery { desc: !q.desc, ..q }, false));
    };
    let set_filter = move |ev: leptos::ev::Event| {
        let q = ReviewQuery {
            filter: event_target_value(&ev),
            ..query.get_untracked()
        };
        on_change.run((q, true));
    };
    let history = soon.is_some();
    let toggle_soon = move |ev: leptos::ev::Event| {
        let q = ReviewQuery {
            soon: event_target_checked(&ev),
            ..query.get_untracked()
        };
        on_change.run((q, false));
    };
    let soon_filter = soon.map(|count| {
        view! {
            <label class="toolbar-check soon-filter">
                <input type="checkbox" class="soon-check" prop:checked=move || query.get().soon on:change=toggle_soon />
                {move || crate::i18n::fill(i18n.t(Msg::FilterSoon), &[&count.get().to_string()])}
            </label>
        }
    });
    view! {
        <div class="review-toolbar">
            <label class="toolbar-field">
                <span>{move || i18n.t(Msg::SortLabel)}</span>
                <select class="sort-key" on:change=set_sort prop:value=move || query.get().sort.code()>
                    {SortKey::ALL.into_iter().filter(|k| history || !k.needs_history()).map(|k| view! {
                        <option value=k.code() selected=move || query.get().sort == k>{move || i18n.t(sort_msg(k))}</option>
                    }).collect_view()}
                </select>
            </label>
            <button class="button secondary sort-order" title=move || i18n.t(Msg::OrderToggleLabel) on:click=toggle_order>
                {move || i18n.t(if query.get().desc { Msg::OrderDesc } else { Msg::OrderAsc })}
            </button>
            <label class="toolbar-field filter-field">
                <span class="visually-hidden">{move || i18n.t(Msg::FilterLabel)}</span>
                <input type="search" class="name-filter" placeholder=move || i18n.t(Msg::FilterPlaceholder)
                    prop:value=move || query.get().filter on:input=set_filter />
            </label>
            {soon_filter}
            <button class="button secondary export-csv" title=move || i18n.t(Msg::ExportCsvHint) on:click=move |_| on_export.run(())>
                {move || i18n.t(Msg::ExportCsv)}
            </button>
        </div>
    }
}
