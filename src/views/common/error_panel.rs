use crate::api::ApiError;
use crate::i18n::{error_text, use_i18n, Msg};
use leptos::prelude::*;

/// Explains a failed call: what happened and what to do, the code and requestid for
/// support, and a retry.
#[component]
pub fn ErrorPanel(
    /// The failure.
    error: ApiError,
    /// Called by the retry button.
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = {
        let error = error.clone();
        move || error_text(i18n.lang(), &error)
    };
    let code = error.code().map(str::to_owned);
    let request_id = error.request_id().map(str::to_owned);
    view! {
        <div class="error-panel" role="alert">
            <p class="error-title">{move || i18n.t(Msg::ErrorTitle)}</p>
            <p class="error-text">{text}</p>
            {code.map(|c| view! { <p class="error-meta">{move || i18n.t(Msg::ErrorCode)}<code>{c.clone()}</code></p> })}
            {request_id.map(|r| view! { <p class="error-meta">{move || i18n.t(Msg::RequestId)}<code class="request-id">{r.clone()}</code></p> })}
            <button class="button" on:click=move |_| on_retry.run(())>{move || i18n.t(Msg::Retry)}</button>
        </div>
    }
}
