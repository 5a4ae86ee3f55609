use crate::i18n::{use_i18n, Lang, Msg};
use crate::state::session::{use_session, Auth};
use leptos::prelude::*;

/// Title, language switch, and the user with a logout.
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
    let user = move || match session.get() {
        Auth::LoggedIn(me) => Some(view! {
            <span class="user-name">{me.name}</span>
            <button class="link-button" on:click=move |_| session.logout()>{move || i18n.t(Msg::Logout)}</button>
        }),
        _ => None,
    };
    view! {
        <header class="top-bar">
            <a class="app-title" href="/">{move || i18n.t(Msg::AppTitle)}</a>
            <div class="top-actions">
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
