use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// Alerts are off (the server has no `DINGTALK_AGENT_ID`): how to turn them on, and that
/// subscriptions can be set meanwhile.
#[component]
pub fn AlertsOff() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="alerts-off" aria-labelledby="alerts-off-title">
            <h2 id="alerts-off-title">{i18n.text(Msg::AlertsOffTitle)}</h2>
            <p>{i18n.text(Msg::AlertsOffWhy)}</p>
            <ol>
                <li>{i18n.text(Msg::AlertsOffAgentId)}</li>
                <li>{i18n.text(Msg::AlertsOffPublicUrl)}</li>
                <li>{i18n.text(Msg::AlertsOffRestart)}</li>
            </ol>
            <p>{i18n.text(Msg::AlertsOffMeanwhile)}</p>
        </section>
    }
}
