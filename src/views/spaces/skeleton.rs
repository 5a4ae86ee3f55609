use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// Grey placeholder rows while the first page is on its way.
#[component]
pub fn Skeleton() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="space-list skeleton" aria-busy="true" aria-label=move || i18n.t(Msg::SkeletonLabel)>
            {(0..6).map(|_| view! {
                <li class="space-row skeleton-row" aria-hidden="true">
                    <div class="skeleton-line wide"></div>
                    <div class="skeleton-bar"></div>
                    <div class="skeleton-line"></div>
                </li>
            }).collect_view()}
        </ul>
    }
}
