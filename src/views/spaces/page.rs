use crate::i18n::{fill, use_i18n, Msg};
use crate::quota::Thresholds;
use crate::state::spaces::{Phase, SpacesStore};
use crate::views::common::ErrorPanel;
use crate::views::spaces::SpaceRow;
use leptos::prelude::*;

/// Every org space with its quota bar, rendered page by page as they arrive.
#[component]
pub fn SpacesPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = SpacesStore::new();
    store.reload();
    let thresholds = Signal::stored(Thresholds::default());
    let status = move || {
        let count = store.spaces.with(Vec::len).to_string();
        match store.phase.get() {
            Phase::Loading => view! {
                <div class="load-progress" role="status">
                    <span>{fill(i18n.t(Msg::SpacesProgress), &[&store.pages.get().to_string(), &count])}</span>
                    <button class="link-button" on:click=move |_| store.cancel()>{i18n.t(Msg::Cancel)}</button>
                </div>
            }
            .into_any(),
            Phase::Done if count == "0" => view! { <p class="empty-state">{i18n.t(Msg::NoSpaces)}</p> }.into_any(),
            Phase::Done => view! { <p class="load-done" role="status">{fill(i18n.t(Msg::SpacesCount), &[&count])}</p> }.into_any(),
            Phase::Cancelled => view! {
                <div class="load-progress" role="status">
                    <span>{i18n.t(Msg::SpacesCancelled)}</span>
                    <button class="link-button" on:click=move |_| store.resume()>{i18n.t(Msg::Retry)}</button>
                </div>
            }
            .into_any(),
            Phase::Failed(e) => view! { <ErrorPanel error=e on_retry=Callback::new(move |_| store.resume()) /> }.into_any(),
        }
    };
    view! {
        <section class="spaces-page">
            <h1>{move || i18n.t(Msg::SpacesTitle)}</h1>
            {status}
            <ul class="space-list">
                <For each=move || store.spaces.get() key=|s| s.space_id.clone() let:space>
                    <SpaceRow space=space thresholds=thresholds />
                </For>
            </ul>
        </section>
    }
}
