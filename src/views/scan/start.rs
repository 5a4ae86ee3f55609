use crate::format::Intl;
use crate::i18n::{use_i18n, Msg};
use dashboard_core::scan_report::Estimate;
use dashboard_core::scan_view::{budget_text, confirm_text, estimate_text};
use leptos::prelude::*;

/// A scan's cost (calls, and how it was estimated) against the month's budget left, and the
/// button that starts one after an inline confirmation naming the cost (Esc or Cancel steps
/// back). Disabled, with the reason, when nothing is left of the month's budget; a warning
/// when the estimate is more than what is left (the budget would stop it part-way).
#[component]
pub fn ScanStart(
    /// What a new scan would cost.
    estimate: Estimate,
    /// A scan was made before ("Scan again").
    again: bool,
    /// A start is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called once the admin confirmed.
    on_start: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let can = estimate.can_start();
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    let open_button = NodeRef::<leptos::html::Button>::new();
    // The confirmation takes the focus each time it appears, and gives it back when it goes.
    Effect::new(move |_| {
        if let Some(b) = confirm_button.get() {
            let _ = b.focus();
        }
    });
    let back = move || {
        asking.set(false);
        request_animation_frame(move || {
            if let Some(b) = open_button.get_untracked() {
                let _ = b.focus();
            }
        });
    };
    let e = estimate.clone();
    let words = move || estimate_text(&e, Intl(i18n.lang()));
    let e = estimate.clone();
    let over = move || {
        budget_text(&e, Intl(i18n.lang()))
            .map(|t| view! { <p class="scan-over-budget" id="scan-budget">{t}</p> })
    };
    let e = estimate;
    let question = move || confirm_text(&e, Intl(i18n.lang()));
    let label = if again {
        Msg::ScanAgain
    } else {
        Msg::ScanButton
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            back();
        }
    };
    view! {
        <p class="scan-estimate">{words}</p>
        {over}
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button
                    type="button"
                    class="button scan-start"
                    node_ref=open_button
                    disabled=move || !can || busy.get()
                    aria-describedby=(!can).then_some("scan-budget")
                    on:click=move |_| asking.set(true)
                >
                    {i18n.text(label)}
                </button>
            }
        >
            <div class="scan-confirm" role="group" aria-labelledby="scan-confirm-text" on:keydown=on_key>
                <p id="scan-confirm-text">{question.clone()}</p>
                <button
                    type="button"
                    class="button scan-confirm-start"
                    node_ref=confirm_button
                    disabled=move || busy.get()
                    on:click=move |_| {
                        asking.set(false);
                        on_start.run(());
                    }
                >
                    {i18n.text(Msg::ScanConfirmStart)}
                </button>
                <button type="button" class="button secondary" on:click=move |_| back()>
                    {i18n.text(Msg::Cancel)}
                </button>
            </div>
        </Show>
    }
}
