use crate::format;
use crate::i18n::{fill, use_i18n, Msg};
use crate::state::history::use_trends;
use crate::views::common::{QuotaBar, Sparkline};
use dashboard_core::quota::{QuotaState, Thresholds, Usage};
use dingtalk_wire::Space;
use leptos::prelude::*;

pub fn state_msg(s: QuotaState) -> Msg {
    match s {
        QuotaState::Ok => Msg::StateOk,
        QuotaState::Warning => Msg::StateWarning,
        QuotaState::Critical => Msg::StateCritical,
        QuotaState::Over => Msg::StateOver,
        QuotaState::Unlimited => Msg::StateUnlimited,
        QuotaState::Unknown => Msg::StateUnknown,
    }
}

/// A glyph per state, so colour is never the only signal.
pub fn state_icon(s: QuotaState) -> &'static str {
    match s {
        QuotaState::Ok => "✓",
        QuotaState::Warning => "⚠",
        QuotaState::Critical => "‼",
        QuotaState::Over => "✖",
        QuotaState::Unlimited => "∞",
        QuotaState::Unknown => "?",
    }
}

/// One space: name, bar, "used of quota", percentage, state in words, last modified.
#[component]
pub fn SpaceRow(
    /// The space.
    space: Space,
    /// Its numbers (computed once, with the row set).
    usage: Usage,
    /// The admin's thresholds.
    #[prop(into)]
    thresholds: Signal<Thresholds>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = Signal::derive(move || usage.state(thresholds.get()));
    let name = if space.space_name.trim().is_empty() {
        None
    } else {
        Some(space.space_name.clone())
    };
    let display_name = {
        let name = name.clone();
        move || {
            name.clone()
                .unwrap_or_else(|| i18n.t(Msg::Untitled).to_owned())
        }
    };
    let amounts = move || format::usage_amounts(&usage, format::Intl(i18n.lang()));
    let percent = move || {
        usage
            .bp
            .map(|bp| format::percent_bp(bp, format::Intl(i18n.lang())))
    };
    let notes = move || {
        let mut notes = vec![i18n.t(state_msg(state.get()))];
        if usage.is_zero_quota() {
            notes.push(i18n.t(Msg::QuotaZero));
        }
        if usage.is_empty() {
            notes.push(i18n.t(Msg::Empty));
        }
        notes.join(" · ")
    };
    let modified = space.modify_time.clone();
    let modified = move || {
        fill(
            i18n.t(Msg::Modified),
            &[&format::wire_time(
                modified.as_ref(),
                format::Intl(i18n.lang()),
            )],
        )
    };
    let trends = use_trends();
    let trend_of = space.space_id.clone();
    let trend = move || {
        let store = trends?;
        let t = store.of(&trend_of)?;
        let today = store.today()?;
        let loc = format::Intl(i18n.lang());
        let change = t.change_text(loc);
        let label = fill(i18n.t(Msg::TrendSparkLabel), &[&change]);
        // Soon: marked in words and by an icon (the stylesheet's, before the words), not by
        // colour alone.
        let soon = t.full_soon(today, store.horizon());
        let class = if soon {
            "forecast forecast-soon"
        } else {
            "forecast"
        };
        let forecast = t.forecast_text(today, loc).unwrap_or_default();
        Some(view! {
            <Sparkline spark=t.spark label=label />
            <span class="trend-change">{change}</span>
            <span class=class>{forecast}</span>
        })
    };
    // Admins' rows have the trend line, empty until the trends arrive (every row keeps one
    // height, which the windowed review relies on).
    let trend = trends
        .is_some()
        .then(|| view! { <div class="space-trend">{trend}</div> });
    let bar_name = name.unwrap_or_default();
    let href = dashboard_core::folder_query::space_href(&space.space_id);
    view! {
        <li class=move || format!("space-row state-{}", state.get().as_str()) data-space-id=space.space_id.clone()>
            <div class="space-head">
                <a class="space-name" href=href title=display_name.clone()>{display_name.clone()}</a>
                <span class="space-percent">{percent}</span>
            </div>
            <QuotaBar name=bar_name usage=usage state=state />
            <div class="space-meta">
                <span class="space-amounts">{amounts}</span>
                <span class="space-state"><span class="state-icon" aria-hidden="true">{move || state_icon(state.get())}</span>" "{notes}</span>
                <span class="space-modified">{modified}</span>
            </div>
            {trend}
        </li>
    }
}
