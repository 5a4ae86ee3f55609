//! Loads every page of the org spaces, appending each page as it arrives so the list renders
//! progressively. Cancel, retry (resuming after the last good page) and leaving the view all
//! abort the request in flight.

use crate::api::{self, ApiError};
use crate::state::paging::Pager;
use crate::state::review::RowSet;
use crate::state::session::use_session;
use dingtalk_wire::Space;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Nothing asked yet.
    Idle,
    Loading,
    Done,
    Cancelled,
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub struct SpacesStore {
    pub spaces: RwSignal<Vec<Space>>,
    /// The same spaces ready for sorting and filtering (names ranked in pinyin order).
    pub rows: RwSignal<RowSet>,
    pub pages: RwSignal<usize>,
    pub phase: RwSignal<Phase>,
    pager: StoredValue<Pager>,
    abort: StoredValue<Option<web_sys::AbortController>>,
    /// Bumped by every start/cancel, so a response of an older run is dropped.
    run: StoredValue<u64>,
}

impl SpacesStore {
    pub fn new() -> Self {
        let store = Self {
            spaces: RwSignal::new(Vec::new()),
            rows: RwSignal::new(RowSet::default()),
            pages: RwSignal::new(0),
            phase: RwSignal::new(Phase::Idle),
            pager: StoredValue::new(Pager::new()),
            abort: StoredValue::new(None),
            run: StoredValue::new(0),
        };
        // Abort in-flight requests if the admin navigates away before loading finishes.
        on_cleanup(move || store.stop());
        store
    }

    /// Starts loading unless a load has already started (the list is kept across views, so
    /// coming back to it costs no request).
    pub fn ensure_loaded(self) {
        if self.phase.get_untracked() == Phase::Idle {
            self.reload();
        }
    }

    /// Loads from the first page, dropping what was loaded.
    pub fn reload(self) {
        self.stop();
        self.pager.set_value(Pager::new());
        self.spaces.set(Vec::new());
        self.rows.set(RowSet::default());
        self.pages.set(0);
        self.resume();
    }

    /// Continues after the last page received (after an error or a cancel).
    pub fn resume(self) {
        self.stop();
        let run = self.run.get_value();
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        self.abort.set_value(controller);
        self.phase.set(Phase::Loading);
        let session = use_session();
        spawn_local(async move {
            let collate = crate::format::name_collator();
            loop {
                let token = self.pager.with_value(|p| p.next_token().map(str::to_owned));
                let result = api::list_spaces_page(token.as_deref(), signal.as_ref()).await;
                if self.run.try_get_value() != Some(run) {
                    return; // cancelled or superseded: this answer belongs to no view
                }
                let page = match result {
                    Ok(page) => page,
                    Err(ApiError::Aborted) => return,
                    Err(e) => {
                        if e.is_session_lost() {
                            session.lost(e.clone());
                        }
                        self.phase.try_set(Phase::Failed(e));
                        return;
                    }
                };
                let next = page.next().map(str::to_owned);
                let Some((fresh, loop_error, pages, done)) = self.pager.try_update_value(|p| {
                    let (fresh, err) = p.accept(page.spaces, next.as_deref(), |s| &s.space_id);
                    (fresh, err, p.pages(), p.is_done())
                }) else {
                    return;
                };
                self.rows
                    .try_update(|rs| rs.extend(fresh.iter().cloned(), &collate));
                self.spaces.try_update(|v| v.extend(fresh));
                self.pages.try_set(pages);
                if loop_error.is_some() {
                    self.phase.try_set(Phase::Failed(ApiError::RepeatedPage));
                    return;
                }
                if done {
                    self.phase.try_set(Phase::Done);
                    return;
                }
            }
        });
    }

    /// The admin's cancel: keeps what arrived.
    pub fn cancel(self) {
        self.stop();
        self.phase.set(Phase::Cancelled);
    }

    fn stop(self) {
        let _ = self.run.try_update_value(|r| *r += 1);
        if let Some(Some(c)) = self.abort.try_update_value(Option::take) {
            c.abort();
        }
    }
}

impl Default for SpacesStore {
    fn default() -> Self {
        Self::new()
    }
}

/// The spaces list of the logged-in admin (provided by the app once logged in).
pub fn use_spaces() -> SpacesStore {
    expect_context::<SpacesStore>()
}
