use crate::format::Intl;
use crate::i18n::{use_i18n, Msg};
use dashboard_core::scan_report::{Estimate, ScanInfo};
use dashboard_core::scan_view::{budget_text, confirm_text, continue_text, estimate_text};
use leptos::prelude::*;

/// A scan's cost (calls, and how it was estimated) against the month's budget left, and the
/// button that starts one after an inline confirmation naming the cost (Esc or Cancel steps
/// back). Disabled, with the reason, when nothing is left of the month's budget; a warning
/// when the estimate is more than what is left (the budget would stop it part-way). When the
/// last scan was cancelled or stopped part-way, a second button takes it up where it stopped,
/// after its own confirmation.
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
    /// The last scan, when it can go on where it stopped.
    #[prop(default = None)]
    resumable: Option<ScanInfo>,
    /// Called once the admin confirmed going on with it.
    #[prop(optional)]
    on_continue: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Which confirmation is open: a new scan (false) or going on (true).
    let asking = RwSignal::new(None::<bool>);
    let can = estimate.can_start();
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    let open_button = NodeRef::<leptos::html::Button>::new();
    let continue_button = NodeRef::<leptos::html::Button>::new();
    // The confirmation takes the focus each time it appears, and gives it back when it goes.
    Effect::new(move |_| {
        if let Some(b) = confirm_button.get() {
            let _ = b.focus();
        }
    });
    let back = move || {
        let from = asking.get_untracked();
        asking.set(None);
        request_animation_frame(move || {
            let button = if from == Some(true) {
                continue_button
            } else {
                open_button
            };
            if let Some(b) = button.get_untracked() {
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
    let has_continue = resumable.is_some() && on_continue.is_some();
    let question = move || {
        let loc = Intl(i18n.lang());
        match (asking.get(), &resumable) {
            (Some(true), Some(s)) => continue_text(s, &estimate, loc),
            _ => confirm_text(&estimate, loc),
        }
    };
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
    let confirmed = move |_| {
        let going_on = asking.get_untracked() == Some(true);
        asking.set(None);
        match (going_on, on_continue) {
            (true, Some(f)) => f.run(()),
            _ => on_start.run(()),
        }
    };
    view! {
        <p class="scan-estimate">{words}</p>
        {over}
        <Show
            when=move || asking.get().is_some()
            fallback=move || view! {
                <div class="scan-actions">
                    <button
                        type="button"
                        class="button scan-start"
                        class:secondary=has_continue
                        node_ref=open_button
                        disabled=move || !can || busy.get()
                        aria-describedby=(!can).then_some("scan-budget")
                        on:click=move |_| asking.set(Some(false))
                    >
                        {i18n.text(label)}
                    </button>
                    {has_continue.then(|| view! {
                        <button
                            type="button"
                            class="button scan-continue"
                            node_ref=continue_button
                            disabled=move || !can || busy.get()
                            aria-describedby=(!can).then_some("scan-budget")
                            on:click=move |_| asking.set(Some(true))
                        >
                            {i18n.text(Msg::ScanContinue)}
                        </button>
                    })}
                </div>
            }
        >
            <div class="scan-confirm" role="group" aria-labelledby="scan-confirm-text" on:keydown=on_key>
                <p id="scan-confirm-text">{question.clone()}</p>
                <button
                    type="button"
                    class="button scan-confirm-start"
                    node_ref=confirm_button
                    disabled=move || busy.get()
                    on:click=confirmed
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
