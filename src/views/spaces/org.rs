use crate::format::{self, bytes_total, Intl};
use crate::i18n::{fill, use_i18n, Msg};
use crate::state::history::TrendsStore;
use crate::views::common::HistoryChart;
use dashboard_core::chart::Frame;
use dashboard_core::quota::fill_bp;
use leptos::either::EitherOf3;
use leptos::prelude::*;

/// The organization's storage as DingTalk reports it (one call with each snapshot): its used
/// against its capacity, beside what its spaces use and are allotted; its growth and
/// forecast; and its chart one click away. The box keeps its height while the figures come.
#[component]
pub fn OrgPanel(trends: TrendsStore) -> impl IntoView {
    let i18n = use_i18n();
    let body = move || match trends.org() {
        None => EitherOf3::A(view! {
            <p class="loading org-headline">{move || i18n.t(Msg::Loading)}</p>
        }),
        Some(Ok(h)) if !h.points.is_empty() => {
            let latest = h.latest().unwrap_or_default();
            let words = {
                let h = h.clone();
                move || {
                    let loc = Intl(i18n.lang());
                    let mut w = h.trend.change_text(loc);
                    if let Some(f) = h.trend.forecast_text(h.today, loc) {
                        w.push_str(i18n.t(Msg::ListSeparator));
                        w.push_str(&f);
                    }
                    w
                }
            };
            let headline = move || {
                let loc = Intl(i18n.lang());
                let share = fill_bp(latest.used, latest.capacity)
                    .map(|bp| format::percent_bp(bp, loc))
                    .unwrap_or_else(|| "—".into());
                fill(
                    i18n.t(Msg::OrgUsedOfCapacity),
                    &[
                        &bytes_total(latest.used.into(), loc),
                        &bytes_total(latest.capacity.into(), loc),
                        &share,
                    ],
                )
            };
            let detail = move || {
                let loc = Intl(i18n.lang());
                fill(
                    i18n.t(Msg::OrgDetail),
                    &[
                        &bytes_total(latest.reserved.into(), loc),
                        &bytes_total(latest.spaces_used.into(), loc),
                        &bytes_total(latest.allotted.into(), loc),
                    ],
                )
            };
            let frame = Frame::of_org(&h.points, h.demo_until);
            EitherOf3::B(view! {
                <p class="org-headline"><strong class="org-used">{headline}</strong></p>
                <p class="org-detail">{detail}</p>
                <p class="history-words">{words}</p>
                <details class="org-chart">
                    <summary>{move || i18n.t(Msg::OrgChartTitle)}</summary>
                    <HistoryChart frame=frame csv_name="org-history".to_owned() />
                </details>
            })
        }
        Some(_) => EitherOf3::C(view! {
            <p class="history-empty org-headline">{move || i18n.t(Msg::OrgNoFigures)}</p>
        }),
    };
    view! {
        <section class="org-history" aria-labelledby="org-title">
            <h2 id="org-title">{move || i18n.t(Msg::OrgTitle)}</h2>
            {body}
        </section>
    }
}
