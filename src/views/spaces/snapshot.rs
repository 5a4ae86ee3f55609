//! What the review's data is and how fresh: "as of" with whose account and why, the refresh
//! with its cost in DingTalk calls, a refresh's progress, why a refresh failed (the spaces
//! shown stay the last complete listing), and the daily collection.

use crate::format::Intl;
use crate::i18n::{use_i18n, Msg};
use crate::state::review::use_spaces;
use crate::views::common::ErrorPanel;
use dashboard_core::snapshot::{as_of, refresh_label, refresh_progress, schedule_line};
use leptos::prelude::*;

#[component]
pub fn SnapshotBar() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_spaces();
    let status = store.status();
    let refresh_error = store.source().refresh_error;
    // A refresh found running (by the stale check or another admin) is followed too.
    Effect::new(move |_| {
        if status.with(|s| s.as_ref().is_some_and(|s| s.running().is_some())) {
            store.follow();
        }
    });
    let retry = Callback::new(move |_| store.refresh());
    move || {
        let s = status.get()?;
        let loc = Intl(i18n.lang());
        let running = s.running().cloned();
        let failure = s
            .failed()
            .filter(|_| s.snapshot.is_some())
            .and_then(|r| r.error.as_ref())
            .map(|f| f.to_api_error());
        let paused = s.schedule.paused.as_ref().map(|f| f.to_api_error());
        let state = if running.is_some() { "running" } else { "idle" };
        let snapshot_id = s.snapshot.as_ref().map_or(0, |x| x.id);
        Some(view! {
            <section class="snapshot-bar" data-state=state data-snapshot-id=snapshot_id aria-label=i18n.t(Msg::SnapshotRegion)>
                <div class="snapshot-line">
                    <p class="snapshot-as-of">
                        {s.snapshot.as_ref().map_or_else(|| i18n.t(Msg::FirstListing).to_owned(), |x| as_of(x, loc))}
                    </p>
                    {match &running {
                        Some(r) => view! {
                            <div class="refresh-progress" role="status">
                                <progress
                                    max=r.expected_pages.unwrap_or(0).max(r.pages).max(1)
                                    value=r.pages
                                    aria-label=i18n.t(Msg::Refresh)
                                ></progress>
                                <span>{refresh_progress(r, loc)}</span>
                            </div>
                        }.into_any(),
                        None => view! {
                            <button class="button secondary refresh-button" on:click=move |_| store.refresh()>
                                {refresh_label(&s, loc)}
                            </button>
                        }.into_any(),
                    }}
                </div>
                {failure.map(|e| view! {
                    <div class="refresh-failed">
                        <p>{i18n.t(Msg::RefreshFailed)}</p>
                        <ErrorPanel error=e on_retry=retry />
                    </div>
                })}
                {move || refresh_error.get().map(|e| view! { <ErrorPanel error=e on_retry=retry /> })}
                <p class="schedule-line">{schedule_line(&s.schedule, loc)}</p>
                {paused.map(|e| view! {
                    <div class="schedule-paused">
                        <p>{i18n.t(Msg::SchedulePaused)}</p>
                        <p class="error-text">{crate::i18n::error_text(i18n.lang(), &e)}</p>
                    </div>
                })}
            </section>
        })
    }
}
