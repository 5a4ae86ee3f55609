use crate::format::{Intl, Locale};
use crate::i18n::{fill, use_i18n, Lang, Msg};
use crate::state::Loaded;
use crate::views::common::ErrorPanel;
use dashboard_core::alerts_page::{DemoInbox, DemoMessage};
use dashboard_core::alerts_view::{demo_status, safe_href};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

/// Demo mode: what each demo user received from the emulator (or DingTalk's rules held
/// back), each message's title, its markdown as sent (shown as plain text, never rendered)
/// and where its button leads.
#[component]
pub fn DemoInboxes(
    /// The inboxes.
    #[prop(into)]
    inboxes: Signal<Loaded<Vec<DemoInbox>>>,
    /// Asks for them again.
    on_reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let body = move || {
        let lang = i18n.lang();
        inboxes.with(|i| match i {
            Loaded::Waiting => EitherOf3::A(view! {
                <p class="loading" role="status">{lang.t(Msg::Loading)}</p>
            }),
            Loaded::Failed(e) => EitherOf3::B(view! {
                <ErrorPanel error=e.clone() on_retry=on_reload />
            }),
            Loaded::Got(all) => EitherOf3::C(all.iter().map(|u| inbox(u, lang)).collect_view()),
        })
    };
    view! {
        <section class="alerts-part alerts-demo" aria-labelledby="alerts-demo-title">
            <div class="scan-part-head">
                <h2 id="alerts-demo-title">{i18n.text(Msg::AlertsDemoTitle)}</h2>
                <button type="button" class="button secondary" on:click=move |_| on_reload.run(())>
                    {i18n.text(Msg::AlertsDemoReload)}
                </button>
            </div>
            <p class="alerts-note">{i18n.text(Msg::AlertsDemoNote)}</p>
            {body}
        </section>
    }
}

fn inbox(u: &DemoInbox, lang: Lang) -> impl IntoView {
    let name = if u.admin {
        fill(lang.t(Msg::AlertsDemoAdmin), &[&u.name])
    } else {
        u.name.clone()
    };
    let messages = if u.messages.is_empty() {
        Either::Left(view! { <p class="alerts-note">{lang.t(Msg::AlertsDemoNone)}</p> })
    } else {
        let items = u.messages.iter().map(|m| message(m, lang)).collect_view();
        Either::Right(view! { <ol class="demo-messages">{items}</ol> })
    };
    view! {
        <div class="demo-inbox">
            <h3>{name}" "<span class="demo-userid">{u.userid.clone()}</span></h3>
            {messages}
        </div>
    }
}

fn message(m: &DemoMessage, lang: Lang) -> impl IntoView {
    let link = m.url.as_deref().map(|url| {
        let to = match safe_href(url) {
            Some(href) => Either::Left(view! { <a href=href.to_owned()>{href.to_owned()}</a> }),
            None => Either::Right(view! { <span class="demo-url">{url.to_owned()}</span> }),
        };
        view! { <p class="demo-link">{lang.t(Msg::AlertsDemoLink)}{to}</p> }
    });
    view! {
        <li class="demo-message" class:held=!m.delivered>
            <h4 class="demo-title">{m.title.clone()}</h4>
            <p class="demo-meta">{Intl(lang).date_time(m.at)}" · "{demo_status(m, lang)}</p>
            <p class="demo-text">{m.text.clone()}</p>
            {link}
        </li>
    }
}
