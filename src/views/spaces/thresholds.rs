use crate::i18n::{use_i18n, Msg};
use dashboard_core::quota::Thresholds;
use leptos::prelude::*;

/// The admin's warning/critical thresholds, saved in the browser. An invalid pair is
/// explained and not applied.
#[component]
pub fn ThresholdSettings(
    /// The thresholds in force.
    thresholds: RwSignal<Thresholds>,
) -> impl IntoView {
    let i18n = use_i18n();
    let warning = RwSignal::new(thresholds.get_untracked().warning.to_string());
    let critical = RwSignal::new(thresholds.get_untracked().critical.to_string());
    let invalid = RwSignal::new(false);
    let apply = move || {
        let parsed = warning
            .with(|w| w.trim().parse().ok())
            .zip(critical.with(|c| c.trim().parse().ok()));
        match parsed.and_then(|(w, c)| Thresholds::new(w, c)) {
            Some(t) => {
                invalid.set(false);
                crate::prefs::save_thresholds(t);
                thresholds.set(t);
            }
            None => invalid.set(true),
        }
    };
    let reset = move |_| {
        let t = Thresholds::default();
        warning.set(t.warning.to_string());
        critical.set(t.critical.to_string());
        apply();
    };
    view! {
        <details class="thresholds">
            <summary>{move || i18n.t(Msg::ThresholdsTitle)}{move || { let t = thresholds.get(); format!(" {} / {}", t.warning, t.critical) }}</summary>
            <div class="threshold-fields">
                <label>
                    <span class="legend-icon state-warning" aria-hidden="true">"⚠"</span>
                    {move || i18n.t(Msg::ThresholdWarning)}
                    <input type="number" min="1" max="99" class="threshold-warning" prop:value=move || warning.get()
                        on:input=move |ev| { warning.set(event_target_value(&ev)); apply(); } />
                </label>
                <label>
                    <span class="legend-icon state-critical" aria-hidden="true">"‼"</span>
                    {move || i18n.t(Msg::ThresholdCritical)}
                    <input type="number" min="2" max="100" class="threshold-critical" prop:value=move || critical.get()
                        on:input=move |ev| { critical.set(event_target_value(&ev)); apply(); } />
                </label>
                <button class="link-button" on:click=reset>{move || i18n.t(Msg::ThresholdsReset)}</button>
            </div>
            <Show when=move || invalid.get()>
                <p class="field-error" role="alert">{move || i18n.t(Msg::ThresholdsInvalid)}</p>
            </Show>
        </details>
    }
}
