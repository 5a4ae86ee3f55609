use crate::format;
use crate::i18n::{use_i18n, Msg};
use crate::quota::{Thresholds, Usage};
use crate::state::spaces::Phase;
use crate::views::common::QuotaBar;
use dingtalk_wire::Space;
use leptos::either::EitherOf3;
use leptos::prelude::*;

/// What the shared spaces list says about the space shown.
#[derive(Debug, Clone, PartialEq)]
pub enum SpaceLookup {
    /// The list is still loading and the space has not come yet.
    Loading,
    Found(Box<Space>),
    /// The whole list is here and the space is not in it.
    Missing,
    /// The list stopped (failed or cancelled) before the space came.
    Unavailable,
}

pub fn lookup_space(spaces: &[Space], phase: &Phase, id: &str) -> SpaceLookup {
    match spaces.iter().find(|s| s.space_id == id) {
        Some(s) => SpaceLookup::Found(Box::new(s.clone())),
        None => match phase {
            Phase::Idle | Phase::Loading => SpaceLookup::Loading,
            Phase::Done => SpaceLookup::Missing,
            Phase::Cancelled | Phase::Failed(_) => SpaceLookup::Unavailable,
        },
    }
}

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
                <p class="folder-space-amounts">{move || format::usage_amounts(&usage, i18n.lang())}</p>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_states() {
        let s = Space {
            space_id: "1".into(),
            ..Space::default()
        };
        let list = vec![s.clone()];
        assert_eq!(
            lookup_space(&list, &Phase::Loading, "1"),
            SpaceLookup::Found(Box::new(s))
        );
        assert_eq!(
            lookup_space(&list, &Phase::Loading, "2"),
            SpaceLookup::Loading
        );
        assert_eq!(lookup_space(&list, &Phase::Idle, "2"), SpaceLookup::Loading);
        assert_eq!(lookup_space(&list, &Phase::Done, "2"), SpaceLookup::Missing);
        assert_eq!(
            lookup_space(&list, &Phase::Cancelled, "2"),
            SpaceLookup::Unavailable
        );
    }
}
