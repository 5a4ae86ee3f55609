use crate::i18n::{use_i18n, Msg};
use crate::state::alerts::AlertsStore;
use crate::state::session::{use_session, Auth};
use crate::state::Loaded;
use crate::views::alerts::{AlertLog, AlertRulesForm, AlertSubscriptions, AlertsOff, DemoInboxes};
use crate::views::common::ErrorPanel;
use dashboard_core::alerts_page::AlertsPage as Page;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

/// `/alerts`: storage alerts by DingTalk work notification, for admins.
#[component]
pub fn AlertsPage() -> impl IntoView {
    let i18n = use_i18n();
    let admin = matches!(use_session().0.get_untracked(), Auth::LoggedIn(me) if me.admin);
    view! {
        <section class="alerts-page" aria-labelledby="alerts-title">
            <h1 id="alerts-title">{i18n.text(Msg::AlertsTitle)}</h1>
            <p class="alerts-intro">{i18n.text(Msg::AlertsIntro)}</p>
            {if admin {
                Either::Left(view! { <AlertsBody /> })
            } else {
                Either::Right(view! { <p class="alerts-note">{i18n.text(Msg::AlertsAdminsOnly)}</p> })
            }}
        </section>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    Waiting,
    Failed,
    Got,
}

#[component]
fn AlertsBody() -> impl IntoView {
    let i18n = use_i18n();
    let store = AlertsStore::new();
    let shown = Memo::new(move |_| {
        store.page.with(|p| match p {
            Loaded::Waiting => Shown::Waiting,
            Loaded::Failed(_) => Shown::Failed,
            Loaded::Got(_) => Shown::Got,
        })
    });
    // The page as last answered. A memo: an answer the same as the last leaves the forms
    // (and their focus) alone.
    let page = Memo::new(move |_| {
        store.page.with(|p| match p {
            Loaded::Got(p) => p.clone(),
            _ => Page::default(),
        })
    });
    let enabled = Memo::new(move |_| page.with(|p| p.enabled));
    let demo = Memo::new(move |_| page.with(|p| p.demo));
    let reload = Callback::new(move |_| store.load());
    move || match shown.get() {
        Shown::Waiting => EitherOf3::A(view! {
            <p class="loading" role="status">{i18n.text(Msg::Loading)}</p>
        }),
        Shown::Failed => EitherOf3::B(store.page.with_untracked(|p| match p {
            Loaded::Failed(e) => Some(view! { <ErrorPanel error=e.clone() on_retry=reload /> }),
            _ => None,
        })),
        Shown::Got => EitherOf3::C(view! {
            {move || (!enabled.get()).then(|| view! { <AlertsOff /> })}
            <AlertSubscriptions
                page=page
                save=store.subscriptions
                on_save=Callback::new(move |s| store.save_subscriptions(s))
            />
            <AlertRulesForm page=page save=store.rules on_save=Callback::new(move |r| store.save_rules(r)) />
            <AlertLog page=page on_reload=reload />
            {move || demo.get().then(|| view! {
                <DemoInboxes inboxes=store.demo on_reload=Callback::new(move |_| store.load_demo()) />
            })}
        }),
    }
}
