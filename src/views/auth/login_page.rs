use crate::api::ApiError;
use crate::api::ClientConfig;
use crate::i18n::{use_i18n, Msg};
use crate::state::session::use_session;
use crate::views::common::ErrorPanel;
use leptos::prelude::*;

/// Shown without a session. Inside DingTalk the way in is DingTalk's own login, again; in
/// demo mode elsewhere, the demo logins; otherwise the page says to open it from the
/// DingTalk workbench.
#[component]
pub fn LoginPage(
    /// The server's login settings; `None` when they could not be had.
    config: Option<ClientConfig>,
    /// Why the last attempt failed, if it did.
    error: Option<ApiError>,
    /// The page runs inside a DingTalk client.
    in_dingtalk: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let demo = !in_dingtalk && config.as_ref().is_some_and(|c| c.demo);
    let codes = config.map(|c| c.demo_codes).unwrap_or_default();
    let has_error = error.is_some();
    let error = error
        .map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| session.check()) /> });
    let body = if in_dingtalk {
        // After a failure the error panel's retry is the way in; after a logout, this.
        let again = (!has_error).then(|| {
            view! {
                <button class="button dingtalk-login" on:click=move |_| session.check()>
                    {move || i18n.t(Msg::LoginWithDingTalk)}
                </button>
            }
        });
        view! { <div class="login-buttons">{again}</div> }.into_any()
    } else if demo {
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
