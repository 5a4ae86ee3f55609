use crate::i18n::{use_i18n, Msg};
use crate::views::spaces::{state_icon, state_msg};
use dashboard_core::quota::QuotaState;
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

/// The summary's shape while the first page is on its way: the boxes, labels and lines of
/// the summary panel with its figures greyed out, so the toolbar and the list below do not
/// move when the figures come (a layout shift on every first open otherwise).
#[component]
pub fn SummarySkeleton() -> impl IntoView {
    let i18n = use_i18n();
    let figure = || view! { <span class="skeleton-text"></span> };
    let chips = [
        QuotaState::Ok,
        QuotaState::Warning,
        QuotaState::Critical,
        QuotaState::Over,
        QuotaState::Unlimited,
    ]
    .into_iter()
    .map(|st| {
        view! {
            <li class=format!("state-chip state-{}", st.as_str())>
                <span>{state_icon(st)}</span>" "{move || i18n.t(state_msg(st))}" "
                <strong class="chip-count">{figure()}</strong>
            </li>
        }
    })
    .collect_view();
    view! {
        <section class="summary summary-skeleton" aria-hidden="true">
            <div class="summary-totals">
                <div class="total">
                    <span class="total-label">{move || i18n.t(Msg::SummaryUsed)}</span>
                    <span class="total-value">{figure()}</span>
                </div>
                <div class="total">
                    <span class="total-label">{move || i18n.t(Msg::SummaryAllotted)}</span>
                    <span class="total-value">{figure()}</span>
                    <span class="total-detail">{figure()}</span>
                </div>
                <div class="total">
                    <span class="total-label">{move || i18n.t(Msg::Unlimited)}</span>
                    <span class="total-detail">{figure()}</span>
                </div>
            </div>
            <div class="summary-columns">
                <div>
                    <h3>{move || i18n.t(Msg::SummaryStates)}</h3>
                    <ul class="state-chips">{chips}</ul>
                </div>
                <div>
                    <h3>{move || i18n.t(Msg::SummaryFullest)}</h3>
                    <ol class="fullest">
                        {(0..5).map(|_| view! { <li class="fullest-item">{figure()}</li> }).collect_view()}
                    </ol>
                </div>
            </div>
            // The organization's map, folded, as the summary shows it.
            <details class="lazy-details org-map"><summary tabindex="-1">{move || i18n.t(Msg::OrgMapTitle)}</summary></details>
        </section>
    }
}
