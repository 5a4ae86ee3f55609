//! The paging state machine of one folder listing, without signals or HTTP so it is tested
//! natively. A listing belongs to one [`ListingKey`] (space, folder, sort, thumbnails);
//! resetting to another key starts a new run, and an answer carrying an older run number
//! is dropped, so a slow response for the old sort never lands in the new view.

use crate::api::ApiError;
use crate::state::paging::Pager;
use dingtalk_wire::{Dentry, ListDentriesResponse, Order, OrderBy};

/// What a listing lists: changing any of it means starting again from the first page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListingKey {
    pub space_id: String,
    pub folder: String,
    pub sort: OrderBy,
    pub order: Order,
    /// Ask for thumbnails (grid view only: they slow the call).
    pub thumbnails: bool,
}

impl ListingKey {
    /// Whether a listing loaded for `self` can be shown where `wanted` is asked for: the same
    /// folder in the same order, with thumbnails if they are wanted (a grid listing serves
    /// the list view; a list listing has no thumbnails for the grid).
    pub fn serves(&self, wanted: &ListingKey) -> bool {
        self.space_id == wanted.space_id
            && self.folder == wanted.folder
            && self.sort == wanted.sort
            && self.order == wanted.order
            && (self.thumbnails || !wanted.thumbnails)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ListPhase {
    /// Nothing asked yet.
    Idle,
    /// A page is on its way.
    Loading,
    /// More pages exist; the next one is asked for when the end comes into view.
    More,
    /// Every page is here.
    Done,
    /// The last call failed; what arrived before is kept.
    Failed(ApiError),
}

/// One page to fetch, stamped with the run it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub run: u64,
    pub key: ListingKey,
    pub token: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Listing {
    key: Option<ListingKey>,
    run: u64,
    pager: Pager,
    entries: Vec<Dentry>,
    phase: ListPhase,
}

impl Default for Listing {
    fn default() -> Self {
        Self {
            key: None,
            run: 0,
            pager: Pager::new(),
            entries: Vec::new(),
            phase: ListPhase::Idle,
        }
    }
}

impl Listing {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn key(&self) -> Option<&ListingKey> {
        self.key.as_ref()
    }

    pub fn run(&self) -> u64 {
        self.run
    }

    pub fn entries(&self) -> &[Dentry] {
        &self.entries
    }

    /// Entries `first..last` (clamped to what is loaded) with their positions.
    pub fn slice(&self, first: usize, last: usize) -> Vec<(usize, Dentry)> {
        let last = last.min(self.entries.len());
        let first = first.min(last);
        self.entries[first..last]
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, d)| (first + i, d))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn phase(&self) -> &ListPhase {
        &self.phase
    }

    pub fn pages(&self) -> usize {
        self.pager.pages()
    }

    /// True when the listing must start again to show `wanted`.
    pub fn needs_reset(&self, wanted: &ListingKey) -> bool {
        !self.key.as_ref().is_some_and(|k| k.serves(wanted))
    }

    /// Drops everything and starts a new run for `key`; answers of older runs are ignored
    /// from now on.
    pub fn reset(&mut self, key: ListingKey) {
        self.run += 1;
        self.key = Some(key);
        self.pager = Pager::new();
        self.entries.clear();
        self.phase = ListPhase::Idle;
    }

    /// Invalidates the run in flight (the view is gone, or a reset is coming): its answer
    /// will be ignored. What arrived is kept, and the next [`Self::next_request`] resumes.
    pub fn interrupt(&mut self) {
        self.run += 1;
        if self.phase == ListPhase::Loading {
            self.phase = if self.pager.pages() == 0 {
                ListPhase::Idle
            } else {
                ListPhase::More
            };
        }
    }

    /// The next page to fetch, if one may be asked for now (nothing in flight, pages left).
    /// After a failure it asks again for the page that failed.
    pub fn next_request(&mut self) -> Option<PageRequest> {
        let key = self.key.clone()?;
        let ready = match &self.phase {
            ListPhase::Idle | ListPhase::More => true,
            ListPhase::Failed(_) => !self.pager.is_done(),
            ListPhase::Loading | ListPhase::Done => false,
        };
        if !ready {
            return None;
        }
        self.phase = ListPhase::Loading;
        Some(PageRequest {
            run: self.run,
            key,
            token: self.pager.next_token().map(str::to_owned),
        })
    }

    /// True when an answer for `run` would still be taken.
    pub fn is_current(&self, run: u64) -> bool {
        run == self.run && self.phase == ListPhase::Loading
    }

    /// Takes the answer to a [`PageRequest`] of run `run`. Returns false (and changes
    /// nothing) for an answer of an older run. New entries are appended once each, however
    /// often DingTalk repeats them; an absent, null or empty nextToken ends the listing.
    pub fn accept(&mut self, run: u64, result: Result<ListDentriesResponse, ApiError>) -> bool {
        if !self.is_current(run) {
            return false;
        }
        match result {
            Ok(page) => {
                let next = page.next_token;
                let (fresh, error) = self
                    .pager
                    .accept(page.dentries, next.as_deref(), |d| d.id.as_str());
                self.entries.extend(fresh);
                self.phase = if error.is_some() {
                    ListPhase::Failed(ApiError::RepeatedPage)
                } else if self.pager.is_done() {
                    ListPhase::Done
                } else {
                    ListPhase::More
                };
            }
            Err(ApiError::Aborted) => {
                self.phase = if self.pager.pages() == 0 {
                    ListPhase::Idle
                } else {
                    ListPhase::More
                };
            }
            Err(e) => self.phase = ListPhase::Failed(e),
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(folder: &str, sort: OrderBy, thumbnails: bool) -> ListingKey {
        ListingKey {
            space_id: "s".into(),
            folder: folder.into(),
            sort,
            order: Order::Desc,
            thumbnails,
        }
    }

    fn page(ids: &[&str], next: &str) -> ListDentriesResponse {
        let dentries: Vec<String> = ids
            .iter()
            .map(|id| format!(r#"{{"id":"{id}","name":"n{id}","type":"FILE"}}"#))
            .collect();
        let json = format!(r#"{{"dentries":[{}]{next}}}"#, dentries.join(","));
        serde_json::from_str(&json).expect("test page")
    }

    fn ids(l: &Listing) -> Vec<&str> {
        l.entries().iter().map(|d| d.id.as_str()).collect()
    }

    #[test]
    fn pages_until_the_end_whatever_its_shape() {
        // The wire's three ways of saying "last page": absent, null and "".
        for last in ["", r#","nextToken":null"#, r#","nextToken":"""#] {
            let mut l = Listing::new();
            assert_eq!(l.next_request(), None, "no key, no request");
            l.reset(key("0", OrderBy::Name, false));
            let r = l.next_request().expect("first page");
            assert_eq!(r.token, None);
            assert_eq!(l.next_request(), None, "one request at a time");
            assert!(l.accept(r.run, Ok(page(&["a", "b"], r#","nextToken":"t1""#))));
            assert_eq!(l.phase(), &ListPhase::More);
            let r = l.next_request().expect("second page");
            assert_eq!(r.token.as_deref(), Some("t1"));
            assert!(l.accept(r.run, Ok(page(&["c"], last))));
            assert_eq!(l.phase(), &ListPhase::Done, "{last}");
            assert_eq!(l.next_request(), None, "nothing after the last page");
            assert_eq!(ids(&l), ["a", "b", "c"]);
            assert_eq!(l.pages(), 2);
        }
    }

    #[test]
    fn duplicates_across_pages_are_shown_once() {
        let mut l = Listing::new();
        l.reset(key("0", OrderBy::Name, false));
        let r = l.next_request().expect("page");
        l.accept(r.run, Ok(page(&["a", "b", "b"], r#","nextToken":"t1""#)));
        let r = l.next_request().expect("page");
        l.accept(r.run, Ok(page(&["b", "c", "a"], "")));
        assert_eq!(ids(&l), ["a", "b", "c"]);
        let slice: Vec<_> = l.slice(1, 99).into_iter().map(|(i, d)| (i, d.id)).collect();
        assert_eq!(slice, [(1, "b".to_owned()), (2, "c".to_owned())]);
        assert!(l.slice(7, 3).is_empty());
    }

    #[test]
    fn a_sort_change_resets_and_stale_answers_are_ignored() {
        let mut l = Listing::new();
        l.reset(key("0", OrderBy::Name, false));
        let first = l.next_request().expect("page");
        l.accept(first.run, Ok(page(&["a"], r#","nextToken":"t1""#)));
        let slow = l.next_request().expect("page 2 of the old sort");
        // The admin sorts by size while page 2 is on its way.
        let by_size = key("0", OrderBy::Size, false);
        assert!(l.needs_reset(&by_size));
        l.reset(by_size.clone());
        assert!(l.is_empty(), "old pages dropped");
        assert_eq!(l.phase(), &ListPhase::Idle);
        let fresh = l.next_request().expect("first page of the new sort");
        assert_eq!(fresh.token, None, "starts from the first page");
        assert_eq!(fresh.key, by_size);
        assert_ne!(fresh.run, slow.run);
        // The old sort's answer arrives late: dropped.
        assert!(!l.accept(slow.run, Ok(page(&["old"], ""))));
        assert!(l.is_empty());
        assert_eq!(
            l.phase(),
            &ListPhase::Loading,
            "still waiting for the new page"
        );
        assert!(l.accept(fresh.run, Ok(page(&["z"], ""))));
        assert_eq!(ids(&l), ["z"]);
        // A late failure of the old run cannot fail the new view either.
        assert!(!l.accept(slow.run, Err(ApiError::Network("x".into()))));
        assert_eq!(l.phase(), &ListPhase::Done);
    }

    #[test]
    fn folder_and_view_changes() {
        let grid = key("0", OrderBy::Name, true);
        let list = key("0", OrderBy::Name, false);
        let mut l = Listing::new();
        assert!(l.needs_reset(&list));
        l.reset(grid.clone());
        assert!(!l.needs_reset(&list), "a grid listing serves the list view");
        assert!(!l.needs_reset(&grid));
        l.reset(list.clone());
        assert!(l.needs_reset(&grid), "a list listing has no thumbnails");
        assert!(l.needs_reset(&key("1", OrderBy::Name, false)));
        let mut order = list.clone();
        order.order = Order::Asc;
        assert!(l.needs_reset(&order));
    }

    #[test]
    fn failures_keep_what_arrived_and_retry_the_same_page() {
        let mut l = Listing::new();
        l.reset(key("0", OrderBy::Name, false));
        let r = l.next_request().expect("page");
        l.accept(r.run, Ok(page(&["a"], r#","nextToken":"t1""#)));
        let r = l.next_request().expect("page");
        let denied = ApiError::Api {
            status: 403,
            code: "permissionDenied".into(),
            message: String::new(),
            request_id: Some("R".into()),
        };
        assert!(l.accept(r.run, Err(denied.clone())));
        assert_eq!(l.phase(), &ListPhase::Failed(denied));
        assert_eq!(ids(&l), ["a"]);
        let again = l.next_request().expect("retry");
        assert_eq!(again.token.as_deref(), Some("t1"));
    }

    #[test]
    fn a_repeated_token_stops_instead_of_looping() {
        let mut l = Listing::new();
        l.reset(key("0", OrderBy::Name, false));
        let r = l.next_request().expect("page");
        l.accept(r.run, Ok(page(&["a"], r#","nextToken":"t1""#)));
        let r = l.next_request().expect("page");
        l.accept(r.run, Ok(page(&["b"], r#","nextToken":"t1""#)));
        assert_eq!(l.phase(), &ListPhase::Failed(ApiError::RepeatedPage));
        assert_eq!(ids(&l), ["a", "b"]);
        assert_eq!(
            l.next_request(),
            None,
            "retrying would loop: only a reset helps"
        );
    }

    #[test]
    fn interrupting_drops_the_answer_in_flight_and_resumes_later() {
        let mut l = Listing::new();
        l.reset(key("0", OrderBy::Name, false));
        let r = l.next_request().expect("page");
        l.accept(r.run, Ok(page(&["a"], r#","nextToken":"t1""#)));
        let r = l.next_request().expect("page");
        l.interrupt();
        assert_eq!(l.phase(), &ListPhase::More);
        assert!(!l.accept(r.run, Ok(page(&["b"], ""))));
        let again = l.next_request().expect("resume");
        assert_eq!(again.token.as_deref(), Some("t1"));
        // An abort of the current run (the view left) leaves it resumable too.
        assert!(l.accept(again.run, Err(ApiError::Aborted)));
        assert_eq!(l.phase(), &ListPhase::More);
    }
}
