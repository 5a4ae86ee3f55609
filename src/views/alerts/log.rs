use crate::format::{Intl, Locale};
use crate::i18n::{fill, use_i18n, Lang, Msg};
use crate::views::common::{data_table, Td};
use dashboard_core::alerts_page::{AlertsPage, SentAlert};
use dashboard_core::alerts_view::{crossing_item, delivery_msg, state_msg};
use leptos::prelude::*;

/// When the rules were last judged, and what was sent, newest first: when, to whom, its
/// title, what crossed (each space linking to its page), where it stands, DingTalk's result,
/// the calls it cost and its last error. Names and titles are the organization's own: shown
/// as text, never markup.
#[component]
pub fn AlertLog(
    /// The page as the server sent it (its log and when the rules were last judged).
    #[prop(into)]
    page: Signal<AlertsPage>,
    /// Asks for the log again.
    on_reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let judged = move || {
        let lang = i18n.lang();
        match page.with(|p| p.judged_at) {
            Some(at) => fill(
                lang.t(Msg::AlertsJudged),
                &[&Intl(lang).date_time(at.saturating_mul(1000))],
            ),
            None => lang.t(Msg::AlertsNotJudged).to_owned(),
        }
    };
    let body = move || {
        let lang = i18n.lang();
        let rows: Vec<Vec<Td>> = page.with(|p| p.log.iter().map(|a| row(a, lang)).collect());
        if rows.is_empty() {
            return view! { <p class="alerts-note">{lang.t(Msg::AlertsLogEmpty)}</p> }.into_any();
        }
        let head = [
            (Msg::ColWhen, true),
            (Msg::ColTo, false),
            (Msg::ColWhat, false),
            (Msg::ColCrossings, false),
            (Msg::ColState, false),
            (Msg::ColResult, false),
            (Msg::ColCalls, true),
            (Msg::ColError, false),
        ];
        let table = data_table(lang, "alerts-log", Some(Msg::AlertsLogCaption), &head, rows);
        view! {
            <div class="scan-table-wrap" tabindex="0" role="region" aria-labelledby="alerts-log-title">
                {table}
            </div>
        }
        .into_any()
    };
    view! {
        <section class="alerts-part alerts-log-part" aria-labelledby="alerts-log-title">
            <div class="scan-part-head">
                <h2 id="alerts-log-title">{i18n.text(Msg::AlertsLogTitle)}</h2>
                <button type="button" class="button secondary" on:click=move |_| on_reload.run(())>
                    {i18n.text(Msg::AlertsLogReload)}
                </button>
            </div>
            <p class="alerts-note">{judged}</p>
            {body}
        </section>
    }
}

fn row(a: &SentAlert, lang: Lang) -> Vec<Td> {
    let loc = Intl(lang);
    let to = if a.to_name.trim().is_empty() {
        a.to_union_id.clone()
    } else {
        a.to_name.clone()
    };
    let title = if a.digest {
        fill(lang.t(Msg::AlertsDigest), &[&a.title])
    } else {
        a.title.clone()
    };
    let mut state = lang.t(state_msg(a.state)).to_owned();
    if a.attempts > 1 {
        state += &fill(lang.t(Msg::AlertsAttempts), &[&a.attempts.to_string()]);
    }
    let result = delivery_msg(a.delivery, a.state).map_or("—", |m| lang.t(m));
    vec![
        Td::Num(loc.date_time(a.at.saturating_mul(1000))),
        Td::Text(to),
        Td::Text(title),
        Td::Links(a.crossings.iter().map(|c| crossing_item(c, loc)).collect()),
        Td::Text(state),
        Td::Text(result.to_owned()),
        Td::Num(loc.number(a.calls as f64)),
        Td::Text(a.error.clone().unwrap_or_else(|| "—".to_owned())),
    ]
}
