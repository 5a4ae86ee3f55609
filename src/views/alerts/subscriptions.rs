use crate::i18n::{fill, use_i18n, Msg};
use crate::state::alerts::{toggled, Save};
use crate::views::alerts::save_status::SaveStatus;
use dashboard_core::alerts::{RuleKind, DIGEST_FROM};
use dashboard_core::alerts_page::{AlertsPage, Subscriptions};
use dashboard_core::alerts_view::{lang_name, rule_label};
use leptos::prelude::*;

/// This admin's subscriptions: a checkbox per rule (naming its setting), what a message
/// costs, the language messages are written in, and the save, which sends the page's
/// language with the choices.
#[component]
pub fn AlertSubscriptions(
    /// The page as the server sent it: this admin's subscriptions, the rules' settings, the
    /// language of their messages and what a message costs.
    #[prop(into)]
    page: Signal<AlertsPage>,
    /// Where the last save stands.
    #[prop(into)]
    save: Signal<Save>,
    /// Called with the body to send.
    on_save: Callback<Subscriptions>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The choices as ticked; the saved ones again whenever the server's answer changes them.
    let draft = RwSignal::new(page.with_untracked(|p| p.subscribed.clone()));
    Effect::watch(
        move || page.with(|p| p.subscribed.clone()),
        move |now, before, _| {
            if before != Some(now) {
                draft.set(now.clone());
            }
        },
        false,
    );
    let choices = move || {
        let lang = i18n.lang();
        let r = page.with(|p| p.rules);
        RuleKind::ALL
            .into_iter()
            .map(|k| {
                view! {
                    <li>
                        <label class="alert-choice">
                            <input type="checkbox" name="rule" value=k.code()
                                prop:checked=move || draft.with(|d| d.contains(&k))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    draft.update(|d| *d = toggled(d, k, on));
                                } />
                            {rule_label(k, &r, lang)}
                        </label>
                    </li>
                }
            })
            .collect_view()
    };
    let cost = move || {
        let calls = page.with(|p| p.calls_per_message).to_string();
        fill(i18n.t(Msg::AlertsCost), &[&calls, &DIGEST_FROM.to_string()])
    };
    let written_in = move || {
        let (name, any) = page.with(|p| (lang_name(&p.lang), !p.subscribed.is_empty()));
        let name = name?;
        any.then(|| {
            let text = fill(i18n.t(Msg::AlertsLangNote), &[i18n.t(name)]);
            view! { <p class="alerts-note">{text}</p> }
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_save.run(Subscriptions {
            subscribed: draft.get_untracked(),
            lang: i18n.lang_untracked().code().to_owned(),
        });
    };
    view! {
        <section class="alerts-part alerts-subscriptions" aria-labelledby="alerts-subs-title">
            <h2 id="alerts-subs-title">{i18n.text(Msg::AlertsSubsTitle)}</h2>
            <form novalidate on:submit=submit>
                <fieldset>
                    <legend>{i18n.text(Msg::AlertsSubsLegend)}</legend>
                    <ul class="alert-choices">{choices}</ul>
                </fieldset>
                <p class="alerts-note alerts-cost">{cost}</p>
                {written_in}
                <div class="alerts-actions">
                    <button type="submit" class="button alerts-save">{i18n.text(Msg::AlertsSave)}</button>
                    <SaveStatus save=save />
                </div>
            </form>
        </section>
    }
}
