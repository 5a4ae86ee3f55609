use crate::format;
use crate::i18n::{fill, use_i18n, Msg};
use dashboard_core::quota::{QuotaState, Usage};
use leptos::prelude::*;

/// A space's fill as an accessible progress bar. Colour is never the only signal: the state
/// class also adds a pattern and the caller shows the state in words.
#[component]
pub fn QuotaBar(
    /// What the bar measures, for screen readers (usually the space name).
    #[prop(into)]
    name: String,
    /// The space's numbers.
    usage: Usage,
    /// Its state against the current thresholds.
    #[prop(into)]
    state: Signal<QuotaState>,
) -> impl IntoView {
    let i18n = use_i18n();
    let percent = usage.bar_percent();
    let unlimited = matches!(usage.quota, dingtalk_wire::Quota::Unlimited);
    let value_text = move || {
        let lang = i18n.lang();
        match usage.bp {
            _ if unlimited => lang.t(Msg::Unlimited).to_owned(),
            Some(bp) => format::percent_bp(bp, format::Intl(lang)),
            None if usage.is_zero_quota() => lang.t(Msg::QuotaZero).to_owned(),
            None => lang.t(Msg::UsedUnknown).to_owned(),
        }
    };
    let label = move || fill(i18n.t(Msg::QuotaBarLabel), &[&name]);
    view! {
        <div
            class=move || format!("quota-bar state-{}", state.get().as_str())
            role="progressbar"
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=(!unlimited).then(|| format!("{}", percent.round() as i64))
            aria-valuetext=value_text
            aria-label=label
        >
            <div class="quota-fill" style:width=format!("{percent}%")></div>
        </div>
    }
}
