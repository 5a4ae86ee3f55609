use crate::api::ApiError;
use crate::api::ClientConfig;
use crate::i18n::{use_i18n, Msg};
use crate::state::session::use_session;
use crate::views::common::ErrorPanel;
use leptos::prelude::*;

/// Shown without a session: in demo mode, the demo logins; otherwise the way in is the
/// DingTalk workbench.
#[component]
pub fn LoginPage(config: Option<ClientConfig>, error: Option<ApiError>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let demo = config.as_ref().is_some_and(|c| c.demo);
    let codes = config.map(|c| c.demo_codes).unwrap_or_default();
    let error = error
        .map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| session.check()) /> });
    let body = if demo {
        let buttons = codes
            .into_iter()
            .map(|code| {
                let label = if code.contains("admin") { Msg::DemoLoginAdmin } else { Msg::DemoLoginMember };
                let c = code.clone();
                view! {
                    <button class="button demo-login" data-code=code on:click=move |_| session.login(c.clone())>
                        {move || i18n.t(label)}
                    </button>
                }
            })
            .collect_view();
        view! {
            <p class="notice">{move || i18n.t(Msg::DemoNotice)}</p>
            <div class="login-buttons">{buttons}</div>
        }
        .into_any()
    } else {
        view! { <p class="notice">{move || i18n.t(Msg::OpenFromDingTalk)}</p> }.into_any()
    };
    view! {
        <section class="login-page">
            <h1>{move || i18n.t(Msg::LoginTitle)}</h1>
            {error}
            {body}
        </section>
    }
}
