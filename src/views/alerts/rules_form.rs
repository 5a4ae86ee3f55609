use crate::i18n::{use_i18n, Msg};
use crate::state::alerts::Save;
use crate::views::alerts::save_status::SaveStatus;
use dashboard_core::alerts::{Rules, MAX_FULL_WITHIN_DAYS};
use dashboard_core::alerts_page::AlertsPage;
use dashboard_core::alerts_view::{hysteresis_note, read_rules, RuleField};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const PROBLEM_ID: &str = "alert-rules-problem";

/// The rules (for every admin): the thresholds, the forecast's horizon and the organization's
/// threshold. Checked before anything is sent: a problem is named next to the form, with the
/// field to fix marked and focused, and nothing is sent; it is checked again as the admin
/// types until it is fixed.
#[component]
pub fn AlertRulesForm(
    /// The page as the server sent it: the rules in force.
    #[prop(into)]
    page: Signal<AlertsPage>,
    /// Where the last save stands.
    #[prop(into)]
    save: Signal<Save>,
    /// Called with rules that make sense.
    on_save: Callback<Rules>,
) -> impl IntoView {
    let i18n = use_i18n();
    let values = |r: &Rules| RuleField::ALL.map(|f| f.of(r).to_string());
    let fields = values(&page.with_untracked(|p| p.rules)).map(RwSignal::new);
    Effect::watch(
        move || page.with(|p| p.rules),
        move |now, before, _| {
            if before != Some(now) {
                for (s, v) in fields.iter().zip(values(now)) {
                    s.set(v);
                }
            }
        },
        false,
    );
    // Set by a refused save: from then on the problem follows the fields as they change.
    let checking = RwSignal::new(false);
    let read = move || {
        let v = fields.map(|f| f.get());
        read_rules([&v[0], &v[1], &v[2], &v[3]], i18n.lang())
    };
    let problem = move || checking.get().then(|| read().err()).flatten();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match read() {
            Ok(r) => {
                checking.set(false);
                on_save.run(r);
            }
            Err((f, _)) => {
                checking.set(true);
                // The field to fix takes the focus (found in this form, not by the page's ids).
                let field = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|form| form.query_selector(&format!("#{}", f.id())).ok().flatten())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(el) = field {
                    let _ = el.focus();
                }
            }
        }
    };
    let inputs = RuleField::ALL
        .into_iter()
        .zip(fields)
        .map(|(f, value)| {
            let bad = move || problem().is_some_and(|(g, _)| g == f);
            let max = match f {
                RuleField::Days => MAX_FULL_WITHIN_DAYS,
                _ => 100,
            };
            view! {
                <div class="alerts-field">
                    <label for=f.id()>{i18n.text(f.label())}</label>
                    <input type="number" id=f.id() inputmode="numeric" min="1" max=max step="1"
                        prop:value=move || value.get()
                        aria-invalid=move || bad().then_some("true")
                        aria-describedby=move || bad().then_some(PROBLEM_ID)
                        on:input=move |ev| value.set(event_target_value(&ev)) />
                </div>
            }
        })
        .collect_view();
    let shown_problem = move || {
        problem().map(|(_, text)| {
            view! { <p id=PROBLEM_ID class="field-error" role="alert">{text}</p> }
        })
    };
    view! {
        <section class="alerts-part alerts-rules" aria-labelledby="alerts-rules-title">
            <h2 id="alerts-rules-title">{i18n.text(Msg::AlertsRulesTitle)}</h2>
            <form novalidate on:submit=submit>
                <fieldset>
                    <legend>{i18n.text(Msg::AlertsRulesLegend)}</legend>
                    <div class="alerts-fields">{inputs}</div>
                </fieldset>
                {shown_problem}
                <p class="alerts-note">{move || hysteresis_note(i18n.lang())}</p>
                <div class="alerts-actions">
                    <button type="submit" class="button alerts-rules-save">{i18n.text(Msg::AlertsRulesSave)}</button>
                    <SaveStatus save=save />
                </div>
            </form>
        </section>
    }
}
