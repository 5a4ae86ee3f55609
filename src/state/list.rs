//! The one signal store around a paged listing (`dashboard_core::listing`): it asks the API
//! for the pages the listing wants, aborts the request in flight when the listing changes or
//! the view goes away, and hands a lost session to the session store. What is listed and how
//! a page is fetched is the [`Source`]'s.

use crate::api::ApiError;
use crate::state::session::{use_session, Session};
use dashboard_core::listing::{Item, ListKey, Listing, Page, PageRequest, Phase};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::ops::Range;

/// Where the pages of one kind of listing come from.
pub trait Source<K, T>: Copy + Send + Sync + 'static {
    /// Fetches the page `req` asks for; `signal` aborts it.
    fn fetch(
        self,
        req: PageRequest<K>,
        signal: Option<web_sys::AbortSignal>,
    ) -> impl Future<Output = Result<Page<T>, ApiError>> + 'static;

    /// Learns from a page just added (the items at `fresh`), before the views see it.
    fn received(self, _listing: &mut Listing<K, T>, _fresh: Range<usize>) {}

    /// Ask for every page at once (the org's spaces, shown whole), instead of one page each
    /// time the view reaches the end (a folder).
    fn eager(self) -> bool {
        false
    }
}

pub struct ListStore<K: 'static, T: 'static, S> {
    pub listing: RwSignal<Listing<K, T>>,
    abort: StoredValue<Option<web_sys::AbortController>>,
    source: S,
    session: Session,
}

impl<K, T, S: Copy> Clone for ListStore<K, T, S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, T, S: Copy> Copy for ListStore<K, T, S> {}

impl<K, T, S> ListStore<K, T, S>
where
    K: ListKey + Send + Sync + 'static,
    T: Item + Send + Sync + 'static,
    S: Source<K, T>,
{
    /// A store owned by the current reactive owner: leaving it aborts the request in flight,
    /// so it neither costs DingTalk calls nor lands in a view that is gone.
    pub fn new(source: S) -> Self {
        let store = Self {
            listing: RwSignal::new(Listing::new()),
            abort: StoredValue::new(None),
            source,
            session: use_session(),
        };
        on_cleanup(move || store.stop());
        store
    }

    pub fn source(self) -> S {
        self.source
    }

    /// Shows the listing for `key`. The current one is kept when it serves; otherwise the
    /// request in flight is aborted, the old pages dropped and the first page asked for.
    pub fn show(self, key: K) {
        if self.listing.with_untracked(|l| l.needs_reset(&key)) {
            self.stop();
            self.listing.update(|l| l.reset(key));
            self.load_more();
        }
    }

    /// Starts the current listing again from its first page.
    pub fn reload(self) {
        if let Some(key) = self.listing.with_untracked(|l| l.key().cloned()) {
            self.stop();
            self.listing.update(|l| l.reset(key));
            self.load_more();
        }
    }

    /// Shows `page` as the whole listing for `key` in one step (a newer answer for what is
    /// shown): the view goes from the old items to the new ones with no empty moment between,
    /// so a long list keeps its scroll position.
    pub fn replace(self, key: K, page: Page<T>) {
        self.stop();
        self.listing.update(|l| {
            l.reset(key);
            let Some(req) = l.next_request() else {
                return;
            };
            if let Some(fresh) = l.accept(req.run, Ok(page)) {
                self.source.received(l, fresh);
            }
        });
    }

    /// After a failure or a cancel: asks again for the page that did not come, or starts
    /// over when DingTalk repeated a page (following it again would loop).
    pub fn retry(self) {
        let looped = self
            .listing
            .with_untracked(|l| l.phase() == &Phase::Failed(ApiError::RepeatedPage));
        if looped {
            self.reload();
        } else {
            self.load_more();
        }
    }

    /// The admin's cancel: what arrived stays, and [`Self::retry`] resumes.
    pub fn cancel(self) {
        self.listing.update(Listing::cancel);
        self.abort_request();
    }

    /// Asks for the next page, unless one is in flight or none is left.
    pub fn load_more(self) {
        let Some(Some(req)) = self.listing.try_update(Listing::next_request) else {
            return;
        };
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(web_sys::AbortController::signal);
        let _ = self.abort.try_set_value(controller);
        let run = req.run;
        let answer = self.source.fetch(req, signal);
        spawn_local(async move {
            let answer = answer.await;
            if let Err(e) = &answer {
                if e.is_session_lost() {
                    self.session.lost(e.clone());
                }
            }
            // A stale answer (another key since, or the view left) is dropped by `accept`.
            // DingTalk may send an empty page that still has a nextToken: with nothing on
            // screen to scroll to, the next page is asked for at once.
            let more = self.listing.try_update(|l| {
                let fresh = l.accept(run, answer)?;
                self.source.received(l, fresh);
                Some(l.phase() == &Phase::More && (self.source.eager() || l.is_empty()))
            });
            if more == Some(Some(true)) {
                self.load_more();
            }
        });
    }

    /// Aborts the request in flight; its answer, should it still come, is ignored.
    fn stop(self) {
        self.listing.try_update(Listing::interrupt);
        self.abort_request();
    }

    fn abort_request(self) {
        if let Some(Some(c)) = self.abort.try_update_value(Option::take) {
            c.abort();
        }
    }
}
