//! One paged listing, whatever it lists (the org's spaces, a folder's entries): the state
//! machine of DingTalk's `nextToken` paging, without signals or HTTP, so it is tested here once
//! and drives every list of the app (and can drive the server's own paging).
//!
//! - A listing belongs to a key (what is listed); resetting to another key starts a new run,
//!   and an answer stamped with an older run is dropped, so a slow answer for the old sort or
//!   folder never lands in the new view.
//! - One page is in flight at a time; a failure keeps what arrived and asks for the same page
//!   again.
//! - Each item is kept once (by id) however often DingTalk repeats it.
//! - An absent, null or empty `nextToken` ends the listing; a token that comes back a second
//!   time ends it with [`ApiError::RepeatedPage`] instead of looping forever.

use crate::error::ApiError;
use std::collections::HashSet;
use std::ops::Range;

/// What a listing lists. A listing loaded for one key may serve another (a folder listed with
/// thumbnails serves the list view too); by default only an equal key does.
pub trait ListKey: Clone + PartialEq {
    fn serves(&self, wanted: &Self) -> bool {
        self == wanted
    }
}

/// The org's spaces: one list, no parameters.
impl ListKey for () {}

/// An item of a listing, known by a stable id.
pub trait Item {
    fn id(&self) -> &str;
}

impl Item for dingtalk_wire::Dentry {
    fn id(&self) -> &str {
        &self.id
    }
}

/// One answer of DingTalk: the items of a page and the token of the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Nothing asked yet.
    Idle,
    /// A page is on its way.
    Loading,
    /// More pages exist and none is asked for (the view asks when it needs them).
    More,
    /// Stopped by the admin before the end; what arrived is kept and it can resume.
    Cancelled,
    /// Every page is here.
    Done,
    /// The last call failed; what arrived before is kept.
    Failed(ApiError),
}

/// One page to fetch, stamped with the run it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest<K> {
    pub run: u64,
    pub key: K,
    pub token: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Listing<K, T> {
    key: Option<K>,
    run: u64,
    items: Vec<T>,
    ids: HashSet<String>,
    tokens: HashSet<String>,
    next: Option<String>,
    pages: usize,
    /// No page is left to ask for: the last one came, or DingTalk repeated a token.
    exhausted: bool,
    phase: Phase,
    /// Counts the resets: the items of one generation are one listing.
    generation: u64,
}

impl<K, T> Default for Listing<K, T> {
    fn default() -> Self {
        Self {
            key: None,
            run: 0,
            items: Vec::new(),
            ids: HashSet::new(),
            tokens: HashSet::new(),
            next: None,
            pages: 0,
            exhausted: false,
            phase: Phase::Idle,
            generation: 0,
        }
    }
}

impl<K: ListKey, T: Item> Listing<K, T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn key(&self) -> Option<&K> {
        self.key.as_ref()
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items, to update what is derived from them (a rank, a cached text). Their ids
    /// must not change: they are what keeps each item once.
    pub fn items_mut(&mut self) -> &mut [T] {
        &mut self.items
    }

    /// Items `first..last` (clamped to what is loaded) with their positions.
    pub fn slice(&self, first: usize, last: usize) -> Vec<(usize, T)>
    where
        T: Clone,
    {
        let last = last.min(self.items.len());
        let first = first.min(last);
        (first..last)
            .zip(self.items[first..last].iter().cloned())
            .collect()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The items, each once, in the order they came.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// Which listing the items belong to: it changes with every reset, so a view that keys
    /// its rows by it and the item's id makes them anew when the same ids are listed again
    /// with new values (a newer snapshot), and keeps them while pages are added.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Pages received in this run.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// True when the listing must start again to show `wanted`.
    pub fn needs_reset(&self, wanted: &K) -> bool {
        !self.key.as_ref().is_some_and(|k| k.serves(wanted))
    }

    /// Drops everything and starts a new run for `key`; answers of older runs are ignored
    /// from now on.
    pub fn reset(&mut self, key: K) {
        let run = self.run + 1;
        let generation = self.generation + 1;
        *self = Self {
            key: Some(key),
            run,
            generation,
            ..Self::default()
        };
    }

    /// Invalidates the page in flight (the view is gone, or a reset is coming): its answer
    /// will be ignored. What arrived is kept, and the next [`Self::next_request`] resumes.
    pub fn interrupt(&mut self) {
        self.run += 1;
        if self.phase == Phase::Loading {
            self.phase = self.paused();
        }
    }

    /// The admin's cancel: like [`Self::interrupt`], and the listing says it was stopped.
    pub fn cancel(&mut self) {
        self.run += 1;
        if matches!(self.phase, Phase::Idle | Phase::Loading | Phase::More) {
            self.phase = Phase::Cancelled;
        }
    }

    fn paused(&self) -> Phase {
        if self.pages == 0 {
            Phase::Idle
        } else {
            Phase::More
        }
    }

    /// The next page to fetch, if one may be asked for now (a key, nothing in flight, pages
    /// left). After a failure or a cancel it asks again for the page that did not come.
    pub fn next_request(&mut self) -> Option<PageRequest<K>> {
        let key = self.key.clone()?;
        let ready = match self.phase {
            Phase::Idle | Phase::More | Phase::Cancelled | Phase::Failed(_) => !self.exhausted,
            Phase::Loading | Phase::Done => false,
        };
        if !ready {
            return None;
        }
        self.phase = Phase::Loading;
        Some(PageRequest {
            run: self.run,
            key,
            token: self.next.clone(),
        })
    }

    /// True when an answer for `run` would still be taken.
    pub fn is_current(&self, run: u64) -> bool {
        run == self.run && self.phase == Phase::Loading
    }

    /// Takes the answer to a [`PageRequest`] of run `run`. Returns the positions of the items
    /// it added, or `None` (and changes nothing) for an answer nobody waits for any more.
    pub fn accept(&mut self, run: u64, answer: Result<Page<T>, ApiError>) -> Option<Range<usize>> {
        if !self.is_current(run) {
            return None;
        }
        let start = self.items.len();
        match answer {
            Ok(page) => {
                let ids = &mut self.ids;
                self.items.extend(
                    page.items
                        .into_iter()
                        .filter(|it| ids.insert(it.id().to_owned())),
                );
                self.pages += 1;
                self.phase = match dingtalk_wire::next_page_token(page.next.as_deref()) {
                    None => {
                        self.exhausted = true;
                        self.next = None;
                        Phase::Done
                    }
                    Some(t) if !self.tokens.insert(t.to_owned()) => {
                        self.exhausted = true;
                        self.next = None;
                        Phase::Failed(ApiError::RepeatedPage)
                    }
                    Some(t) => {
                        self.next = Some(t.to_owned());
                        Phase::More
                    }
                };
            }
            Err(ApiError::Aborted) => self.phase = self.paused(),
            Err(e) => self.phase = Phase::Failed(e),
        }
        Some(start..self.items.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder-like key: `serves` lets a thumbnail listing serve a plain one.
    #[derive(Debug, Clone, PartialEq)]
    struct Key(&'static str, bool);

    impl ListKey for Key {
        fn serves(&self, wanted: &Self) -> bool {
            self.0 == wanted.0 && (self.1 || !wanted.1)
        }
    }

    impl Item for String {
        fn id(&self) -> &str {
            self
        }
    }

    fn page(ids: &[&str], next: Option<&str>) -> Result<Page<String>, ApiError> {
        Ok(Page {
            items: ids.iter().map(|s| s.to_string()).collect(),
            next: next.map(str::to_owned),
        })
    }

    fn ids(l: &Listing<Key, String>) -> Vec<&str> {
        l.items().iter().map(String::as_str).collect()
    }

    fn started() -> Listing<Key, String> {
        let mut l = Listing::new();
        l.reset(Key("0", false));
        l
    }

    #[test]
    fn pages_until_the_end_whatever_its_shape() {
        // The wire's ways of saying "last page": absent (or null) and "".
        for last in [None, Some("")] {
            let mut l = Listing::<Key, String>::new();
            assert_eq!(l.next_request(), None, "no key, no request");
            l.reset(Key("0", false));
            let r = l.next_request().expect("first page");
            assert_eq!(r.token, None);
            assert_eq!(l.next_request(), None, "one request at a time");
            assert_eq!(l.accept(r.run, page(&["a", "b"], Some("t1"))), Some(0..2));
            assert_eq!(l.phase(), &Phase::More);
            let r = l.next_request().expect("second page");
            assert_eq!(r.token.as_deref(), Some("t1"));
            assert_eq!(l.accept(r.run, page(&["c"], last)), Some(2..3));
            assert_eq!(l.phase(), &Phase::Done, "{last:?}");
            assert_eq!(l.next_request(), None, "nothing after the last page");
            assert_eq!(ids(&l), ["a", "b", "c"]);
            assert_eq!(l.pages(), 2);
        }
    }

    #[test]
    fn the_generation_changes_with_each_reset_only() {
        let mut l = started();
        let g = l.generation();
        let r = l.next_request().expect("page");
        l.accept(r.run, page(&["a"], Some("t1")));
        l.interrupt();
        let r = l.next_request().expect("page");
        l.accept(r.run, page(&["b"], None));
        assert_eq!(l.generation(), g, "pages, interrupts and resumes keep it");
        l.reset(Key("0", false));
        assert_eq!(l.generation(), g + 1);
    }

    #[test]
    fn duplicates_across_pages_are_kept_once() {
        let mut l = started();
        let r = l.next_request().expect("page");
        l.accept(r.run, page(&["a", "b", "b"], Some("t1")));
        let r = l.next_request().expect("page");
        assert_eq!(l.accept(r.run, page(&["b", "c", "a"], None)), Some(2..3));
        assert_eq!(ids(&l), ["a", "b", "c"]);
        let slice: Vec<_> = l.slice(1, 99);
        assert_eq!(slice, [(1, "b".to_owned()), (2, "c".to_owned())]);
        assert!(l.slice(7, 3).is_empty());
    }

    #[test]
    fn a_new_key_resets_and_stale_answers_are_dropped() {
        let mut l = started();
        let first = l.next_request().expect("page");
        l.accept(first.run, page(&["a"], Some("t1")));
        let slow = l.next_request().expect("page 2 of the old key");
        // The admin sorts differently while page 2 is on its way.
        let other = Key("1", false);
        assert!(l.needs_reset(&other));
        l.reset(other.clone());
        assert!(l.is_empty(), "old pages dropped");
        assert_eq!((l.phase(), l.pages()), (&Phase::Idle, 0));
        let fresh = l.next_request().expect("first page of the new key");
        assert_eq!(fresh.token, None, "starts from the first page");
        assert_eq!(fresh.key, other);
        assert_ne!(fresh.run, slow.run);
        // The old key's answer arrives late: dropped.
        assert_eq!(l.accept(slow.run, page(&["old"], None)), None);
        assert!(l.is_empty());
        assert_eq!(l.phase(), &Phase::Loading, "still waiting for the new page");
        assert!(l.accept(fresh.run, page(&["a"], None)).is_some());
        assert_eq!(ids(&l), ["a"], "an id of the old run is new in this one");
        // A late failure of the old run cannot fail the new view either.
        assert_eq!(l.accept(slow.run, Err(ApiError::Network("x".into()))), None);
        assert_eq!(l.phase(), &Phase::Done);
    }

    #[test]
    fn a_key_may_serve_another() {
        let with_thumbs = Key("0", true);
        let plain = Key("0", false);
        let mut l = Listing::<Key, String>::new();
        assert!(l.needs_reset(&plain), "nothing loaded serves nothing");
        l.reset(with_thumbs.clone());
        assert!(!l.needs_reset(&plain));
        assert!(!l.needs_reset(&with_thumbs));
        l.reset(plain);
        assert!(l.needs_reset(&with_thumbs));
        assert!(l.needs_reset(&Key("1", false)));
        let mut spaces = Listing::<(), String>::new();
        assert!(spaces.needs_reset(&()));
        spaces.reset(());
        assert!(!spaces.needs_reset(&()));
    }

    #[test]
    fn failures_keep_what_arrived_and_retry_the_same_page() {
        let mut l = started();
        let r = l.next_request().expect("page");
        l.accept(r.run, page(&["a"], Some("t1")));
        let r = l.next_request().expect("page");
        let denied = ApiError::Api {
            status: 403,
            code: "permissionDenied".into(),
            message: String::new(),
            request_id: Some("R".into()),
        };
        assert_eq!(l.accept(r.run, Err(denied.clone())), Some(1..1));
        assert_eq!(l.phase(), &Phase::Failed(denied));
        assert_eq!(ids(&l), ["a"]);
        let again = l.next_request().expect("retry");
        assert_eq!(again.token.as_deref(), Some("t1"));
    }

    #[test]
    fn a_repeated_token_stops_instead_of_looping() {
        let mut l = started();
        let r = l.next_request().expect("page");
        l.accept(r.run, page(&["a"], Some("t1")));
        let r = l.next_request().expect("page");
        l.accept(r.run, page(&["b"], Some("t1")));
        assert_eq!(l.phase(), &Phase::Failed(ApiError::RepeatedPage));
        assert_eq!(
            ids(&l),
            ["a", "b"],
            "what the repeated page brought is kept"
        );
        assert_eq!(
            l.next_request(),
            None,
            "retrying would loop: only a reset helps"
        );
    }

    #[test]
    fn interrupting_drops_the_answer_in_flight_and_resumes_later() {
        let mut l = started();
        let r = l.next_request().expect("page");
        l.interrupt();
        assert_eq!(l.phase(), &Phase::Idle, "nothing arrived yet");
        assert_eq!(l.accept(r.run, page(&["x"], None)), None);
        let r = l.next_request().expect("page");
        l.accept(r.run, page(&["a"], Some("t1")));
        let r = l.next_request().expect("page");
        l.interrupt();
        assert_eq!(l.phase(), &Phase::More);
        assert_eq!(l.accept(r.run, page(&["b"], None)), None);
        let again = l.next_request().expect("resume");
        assert_eq!(again.token.as_deref(), Some("t1"));
        // An abort of the current run (the view left) leaves it resumable too.
        assert!(l.accept(again.run, Err(ApiError::Aborted)).is_some());
        assert_eq!(l.phase(), &Phase::More);
    }

    #[test]
    fn a_cancel_says_so_keeps_what_arrived_and_resumes() {
        let mut l = started();
        let r = l.next_request().expect("page");
        l.accept(r.run, page(&["a"], Some("t1")));
        let r = l.next_request().expect("page");
        l.cancel();
        assert_eq!(l.phase(), &Phase::Cancelled);
        assert_eq!(
            l.accept(r.run, page(&["b"], None)),
            None,
            "the late answer is dropped"
        );
        assert_eq!(ids(&l), ["a"]);
        let again = l.next_request().expect("resume after the cancel");
        assert_eq!(again.token.as_deref(), Some("t1"));
        l.accept(again.run, page(&["b"], None));
        l.cancel();
        assert_eq!(l.phase(), &Phase::Done, "a finished listing stays finished");
    }
}
