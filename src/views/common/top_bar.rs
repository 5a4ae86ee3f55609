use crate::format::{Intl, Locale};
use crate::i18n::{fill, use_i18n, Lang, Msg};
use crate::state::calls::use_calls;
use crate::state::session::{use_session, Auth};
use leptos::prelude::*;

/// Title, the month's DingTalk calls, the alerts page (admins), language switch, and the user
/// with a logout.
#[component]
pub fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toggle = move |_| {
        let next = match i18n.lang() {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        crate::prefs::save_lang(next);
        i18n.0.set(next);
    };
    let calls = use_calls();
    // The month's metered calls against the budget, once an answer has reported them.
    let usage = move || {
        let u = calls.0.get()?;
        let loc = Intl(i18n.lang());
        let figures = format!(
            "{} / {}",
            loc.number(u.used as f64),
            loc.number(u.budget as f64)
        );
        let title = fill(i18n.t(Msg::CallsThisMonthTitle), &[&u.resets_on]);
        let high = u.is_high();
        // On a phone the label is for screen readers only (the figures keep the bar on one line).
        Some(view! {
            <span class="call-usage" class:high=high title=title>
                {high.then_some("⚠ ")}
                <span class="calls-label">{i18n.t(Msg::CallsThisMonth)}" "</span>
                {figures}
            </span>
        })
    };
    let location = leptos_router::hooks::use_location();
    let on_alerts = move || (location.pathname.get() == "/alerts").then_some("page");
    let user = move || match session.get() {
        Auth::LoggedIn(me) => Some(view! {
            // The alerts page is for admins.
            {me.admin.then(|| view! {
                <a class="top-link" href="/alerts" aria-current=on_alerts>{move || i18n.t(Msg::NavAlerts)}</a>
            })}
            <span class="user-name">{me.name}</span>
            <button class="link-button" on:click=move |_| session.logout()>{move || i18n.t(Msg::Logout)}</button>
        }),
        _ => None,
    };
    view! {
        <header class="top-bar">
            <a class="app-title" href="/">{move || i18n.t(Msg::AppTitle)}</a>
            <div class="top-actions">
                {usage}
                {user}
                // The visible name is the button's name (speech input users say what they see);
                // it is in the other language, and says so. The purpose is the title.
                <button class="link-button lang-switch" title=move || i18n.t(Msg::LanguageSwitchLabel)
                    lang=move || match i18n.lang() { Lang::Zh => "en", Lang::En => "zh-CN" } on:click=toggle>
                    {move || i18n.t(Msg::LanguageSwitch)}
                </button>
            </div>
        </header>
    }
}
