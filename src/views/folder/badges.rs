use crate::i18n::{use_i18n, Lang};
use crate::views::folder::labels::badge_text;
use dashboard_core::entry::badges;
use dingtalk_wire::Dentry;
use leptos::either::Either;
use leptos::prelude::*;

/// Read-only, deleted, expired, and any type or status this build does not know (shown
/// verbatim, never hidden).
#[component]
pub fn Badges(
    /// The entry whose marks are shown.
    entry: Dentry,
    /// Their language, fixed (grid tiles are made anew on a change); without it, they follow
    /// the current language.
    #[prop(optional)]
    lang: Option<Lang>,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = badges(&entry);
    (!list.is_empty()).then(|| {
        let items = list
            .into_iter()
            .map(|b| {
                let class = format!("badge badge-{}", b.as_str());
                let text = match lang {
                    Some(lang) => Either::Left(badge_text(&b, lang)),
                    None => Either::Right(move || badge_text(&b, i18n.lang())),
                };
                view! { <span class=class>{text}</span> }
            })
            .collect_view();
        view! { <span class="badges">{items}</span> }
    })
}
