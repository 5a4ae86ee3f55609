use crate::format;
use crate::i18n::{use_i18n, Msg};
use crate::views::common::QuotaBar;
use dashboard_core::quota::{Thresholds, Usage};
use dashboard_core::review::SpaceLookup;
use leptos::either::EitherOf3;
use leptos::prelude::*;

/// The space's name and quota bar above its folders; the id stands in for the name until
/// the spaces list brings it.
#[component]
pub fn SpaceHeader(
    /// The space as found in the spaces list.
    #[prop(into)]
    lookup: Signal<SpaceLookup>,
    /// Its id, from the URL.
    #[prop(into)]
    space_id: Signal<String>,
    /// The admin's thresholds, for the bar's colour.
    thresholds: Thresholds,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || match lookup.get() {
        SpaceLookup::Found(s) if !s.space_name.trim().is_empty() => s.space_name,
        _ => space_id.get(),
    };
    let bar = move || match lookup.get() {
        SpaceLookup::Found(space) => {
            let usage = Usage::of(&space);
            let state = usage.state(thresholds);
            EitherOf3::A(view! {
                <QuotaBar name=space.space_name.clone() usage=usage state=Signal::stored(state) />
                <p class="folder-space-amounts">{move || format::usage_amounts(&usage, format::Intl(i18n.lang()))}</p>
            })
        }
        SpaceLookup::Loading => EitherOf3::B(view! {
            <p class="loading folder-space-amounts">{move || i18n.t(Msg::FolderQuotaLoading)}</p>
        }),
        SpaceLookup::Missing | SpaceLookup::Unavailable => EitherOf3::C(()),
    };
    view! {
        <header class="folder-header">
            <a class="back-link" href="/">"← "{move || i18n.t(Msg::BackToSpaces)}</a>
            <h1 class="folder-space-name" title=title>{title}</h1>
            {bar}
        </header>
    }
}
