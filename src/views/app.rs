use crate::i18n::{use_i18n, I18n, Msg};
use crate::state::session::{Auth, Session};
use crate::views::alerts::AlertsPage;
use crate::views::auth::LoginPage;
use crate::views::common::TopBar;
use crate::views::folder::FolderPage;
use crate::views::spaces::SpacesPage;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The whole app: language and session in context, the login until there is a session,
/// then the routes.
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n(RwSignal::new(crate::prefs::initial_lang()));
    provide_context(i18n);
    let session = Session::new();
    provide_context(session);
    provide_context(crate::state::calls::Calls::follow());
    session.check();
    // Keep <html lang> in step for screen readers and fonts.
    Effect::new(move |_| {
        let tag = i18n.lang().tag();
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", tag);
        }
        document().set_title(i18n.t(Msg::AppTitle));
    });
    let body = move || match session.get() {
        Auth::Checking | Auth::LoggingIn => view! { <Loading /> }.into_any(),
        Auth::LoggedOut {
            config,
            error,
            in_dingtalk,
        } => view! { <LoginPage config=config error=error in_dingtalk=in_dingtalk /> }.into_any(),
        Auth::LoggedIn(_) => view! { <AppRoutes /> }.into_any(),
    };
    view! {
        <Router>
            <TopBar />
            <main class="content">{body}</main>
        </Router>
    }
}

#[component]
fn AppRoutes() -> impl IntoView {
    // One spaces list per session, shared by the quota review and the folder pages.
    let spaces = crate::state::review::SpacesStore::spaces();
    provide_context(spaces);
    // History is snapshot data: admins only.
    if let Some(trends) = spaces.trends() {
        provide_context(trends);
    }
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/") view=SpacesPage />
            <Route path=path!("/spaces") view=SpacesPage />
            <Route path=path!("/spaces/:id") view=FolderPage />
            <Route path=path!("/alerts") view=AlertsPage />
        </Routes>
    }
}

#[component]
fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{move || i18n.t(Msg::Loading)}</p> }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="not-found">
            <p>{move || i18n.t(Msg::NotFoundPage)}</p>
            <a href="/">{move || i18n.t(Msg::BackToSpaces)}</a>
        </section>
    }
}
