use crate::i18n::use_i18n;
use crate::state::entry::badges;
use crate::views::folder::labels::badge_text;
use dingtalk_wire::Dentry;
use leptos::prelude::*;

/// Read-only, deleted, expired, and any type or status this build does not know (shown
/// verbatim, never hidden).
#[component]
pub fn Badges(
    /// The entry whose marks are shown.
    entry: Dentry,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = badges(&entry);
    (!list.is_empty()).then(|| {
        let items = list
            .into_iter()
            .map(|b| {
                let class = format!("badge badge-{}", b.as_str());
                view! { <span class=class>{move || badge_text(&b, i18n.lang())}</span> }
            })
            .collect_view();
        view! { <span class="badges">{items}</span> }
    })
}
