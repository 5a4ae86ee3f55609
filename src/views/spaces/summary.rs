use crate::format;
use crate::i18n::{fill, use_i18n, Msg};
use crate::views::spaces::{state_icon, state_msg};
use dashboard_core::listing::Listing;
use dashboard_core::quota::{QuotaState, Thresholds};
use dashboard_core::review::{summarize, Row};
use leptos::prelude::*;

/// Totals, spaces per state, and the five fullest spaces.
#[component]
pub fn SummaryPanel(
    /// All spaces loaded so far.
    rows: RwSignal<Listing<(), Row>>,
    /// The thresholds in force.
    #[prop(into)]
    thresholds: Signal<Thresholds>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Admins' review has the history's figures.
    let trends = crate::state::history::use_trends();
    let summary = Memo::new(move |_| rows.with(|r| summarize(r.items(), thresholds.get())));
    let totals = move || {
        let s = summary.get();
        let lang = i18n.lang();
        let share = dashboard_core::quota::fill_bp(
            s.used_limited.clamp(0, i64::MAX as i128) as i64,
            s.allotted.clamp(0, i64::MAX as i128) as i64,
        )
        .map(|bp| format::percent_bp(bp, format::Intl(lang)))
        .unwrap_or_else(|| "—".into());
        view! {
            <div class="summary-totals">
                <div class="total">
                    <span class="total-label">{lang.t(Msg::SummaryUsed)}</span>
                    <span class="total-value summary-used">{format::bytes_total(s.used, format::Intl(lang))}</span>
                </div>
                <div class="total">
                    <span class="total-label">{lang.t(Msg::SummaryAllotted)}</span>
                    <span class="total-value summary-allotted">{format::bytes_total(s.allotted, format::Intl(lang))}</span>
                    <span class="total-detail">{fill(lang.t(Msg::SummaryAllottedDetail), &[&format::bytes_total(s.used_limited, format::Intl(lang)), &share])}</span>
                </div>
                {trends.map(|t| {
                    let horizon = t.horizon().to_string();
                    view! {
                        <div class="total">
                            <span class="total-label">{fill(lang.t(Msg::SummarySoon), &[&horizon])}</span>
                            <span class="total-value summary-soon">{s.soon}</span>
                            <span class="total-detail">{fill(lang.t(Msg::SummarySoonDetail), &[&s.soon.to_string(), &horizon])}</span>
                        </div>
                    }
                })}
                <div class="total">
                    <span class="total-label">{lang.t(Msg::Unlimited)}</span>
                    <span class="total-detail summary-unlimited">
                        {fill(lang.t(Msg::SummaryUnlimited), &[&s.unlimited.to_string(), &format::bytes_total(s.used - s.used_limited, format::Intl(lang))])}
                    </span>
                </div>
            </div>
        }
    };
    let states = move || {
        let s = summary.get();
        [
            (QuotaState::Ok, s.ok),
            (QuotaState::Warning, s.warning),
            (QuotaState::Critical, s.critical),
            (QuotaState::Over, s.over),
            (QuotaState::Unlimited, s.unlimited),
            (QuotaState::Unknown, s.unknown),
        ]
        .into_iter()
        .filter(|(st, n)| *n > 0 || *st != QuotaState::Unknown)
        .map(|(st, n)| {
            view! {
                <li class=format!("state-chip state-{}", st.as_str()) data-state=st.as_str()>
                    <span aria-hidden="true">{state_icon(st)}</span>
                    " "{i18n.t(state_msg(st))}" "<strong class="chip-count">{n}</strong>
                </li>
            }
        })
        .collect_view()
    };
    let fullest = move || {
        let s = summary.get();
        let t = thresholds.get();
        rows.with(|r| {
            s.fullest
                .iter()
                .filter_map(|&i| r.items().get(i))
                .map(|row| {
                    let st = row.usage.state(t);
                    let pct = row.usage.bp.map(|bp| format::percent_bp(bp, format::Intl(i18n.lang()))).unwrap_or_else(|| i18n.t(Msg::StateOver).to_owned());
                    let href = dashboard_core::folder_query::space_href(&row.space.space_id);
                    view! {
                        <li class=format!("fullest-item state-{}", st.as_str())>
                            <a href=href>{row.space.space_name.clone()}</a>
                            <span class="fullest-pct"><span aria-hidden="true">{state_icon(st)}</span>" "{pct}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let growing = move || {
        let s = summary.get();
        if s.growing.is_empty() {
            return view! { <li class="growing-none">{i18n.t(Msg::SummaryNoGrowth)}</li> }
                .into_any();
        }
        let loc = format::Intl(i18n.lang());
        rows.with(|r| {
            s.growing
                .iter()
                .filter_map(|&i| r.items().get(i))
                .map(|row| {
                    let href = dashboard_core::folder_query::space_href(&row.space.space_id);
                    let g = dashboard_core::history::signed_bytes(row.growth30.unwrap_or(0), loc);
                    view! {
                        <li class="growing-item">
                            <a href=href>{row.space.space_name.clone()}</a>
                            <span class="growing-amount">{g}</span>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    let growing_column = trends.map(|_| {
        view! {
            <div>
                <h3>{move || i18n.t(Msg::SummaryGrowing)}</h3>
                <ol class="fullest growing">{growing}</ol>
            </div>
        }
    });
    view! {
        <section class="summary" aria-labelledby="summary-title">
            <h2 id="summary-title" class="visually-hidden">{move || i18n.t(Msg::SummaryTitle)}</h2>
            {totals}
            <div class="summary-columns">
                <div>
                    <h3>{move || i18n.t(Msg::SummaryStates)}</h3>
                    <ul class="state-chips">{states}</ul>
                </div>
                <div>
                    <h3>{move || i18n.t(Msg::SummaryFullest)}</h3>
                    <ol class="fullest">{fullest}</ol>
                </div>
                {growing_column}
            </div>
            <crate::views::spaces::OrgMap rows=rows thresholds=thresholds />
        </section>
    }
}
