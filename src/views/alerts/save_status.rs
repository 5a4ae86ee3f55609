use crate::i18n::{error_text, use_i18n, Msg};
use crate::state::alerts::Save;
use leptos::prelude::*;

/// Where a form's save stands: "Saving…" then "Saved" in a live region (announced, not
/// moving the focus), or why it failed and what to do.
#[component]
pub fn SaveStatus(
    /// The save.
    #[prop(into)]
    save: Signal<Save>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = move || match save.get() {
        Save::Saving => i18n.t(Msg::AlertsSaving),
        Save::Saved => i18n.t(Msg::AlertsSaved),
        Save::Idle | Save::Failed(_) => "",
    };
    let failed = move || match save.get() {
        Save::Failed(e) => Some(view! {
            <p class="field-error save-error" role="alert">{move || error_text(i18n.lang(), &e)}</p>
        }),
        _ => None,
    };
    view! {
        <span class="save-status" role="status">{status}</span>
        {failed}
    }
}
