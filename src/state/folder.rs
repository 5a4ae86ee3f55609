//! The folder page's state: the current folder's listing, loaded one page at a time as the
//! admin reaches its end, and the names of the folders seen so far (for the breadcrumbs:
//! from the listings of parents, or from the paths of the entries of a deep-linked folder).

use crate::api::{self, ApiError};
use crate::state::listing::{ListPhase, Listing, ListingKey, PageRequest};
use crate::state::session::{use_session, Session};
use dingtalk_wire::Dentry;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub struct FolderStore {
    pub listing: RwSignal<Listing>,
    /// (space id, folder id) -> name.
    names: RwSignal<HashMap<(String, String), String>>,
    /// (space id, folder id) -> the `path` of an entry listed in it, which names the
    /// folder's ancestors (the breadcrumbs of a deep link, before any parent is listed).
    paths: RwSignal<HashMap<(String, String), String>>,
    abort: StoredValue<Option<web_sys::AbortController>>,
    session: Session,
}

impl FolderStore {
    pub fn new() -> Self {
        let store = Self {
            listing: RwSignal::new(Listing::new()),
            names: RwSignal::new(HashMap::new()),
            paths: RwSignal::new(HashMap::new()),
            abort: StoredValue::new(None),
            session: use_session(),
        };
        // Abort the request in flight when the admin leaves the page, so it neither costs
        // DingTalk quota nor lands in a view that is gone.
        on_cleanup(move || store.stop());
        store
    }

    /// Shows the listing for `key`. The current one is kept when it serves (e.g. going from
    /// grid to list); otherwise the request in flight is aborted, the old pages dropped and
    /// the first page of `key` asked for.
    pub fn show(self, key: ListingKey) {
        let keep = self
            .listing
            .try_with_untracked(|l| !l.needs_reset(&key))
            .unwrap_or(true);
        if keep {
            return;
        }
        self.stop();
        self.listing.update(|l| l.reset(key));
        self.load_more();
    }

    /// Starts the current listing again from its first page.
    pub fn reload(self) {
        if let Some(Some(key)) = self.listing.try_with_untracked(|l| l.key().cloned()) {
            self.stop();
            self.listing.update(|l| l.reset(key));
            self.load_more();
        }
    }

    /// After a failure: asks again for the page that failed, or starts over when DingTalk
    /// repeated a page (following it again would loop).
    pub fn retry(self) {
        let looped = self
            .listing
            .with_untracked(|l| l.phase() == &ListPhase::Failed(ApiError::RepeatedPage));
        if looped {
            self.reload();
        } else {
            self.load_more();
        }
    }

    /// Asks for the next page, unless one is in flight or none is left.
    pub fn load_more(self) {
        let Some(Some(req)) = self.listing.try_update(Listing::next_request) else {
            return;
        };
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        let _ = self.abort.try_set_value(controller);
        spawn_local(async move {
            let result = fetch(&req, signal.as_ref()).await;
            match &result {
                Err(e) if e.is_session_lost() => self.session.lost(e.clone()),
                Ok(page) => self.learn_names(&req.key, &page.dentries),
                Err(_) => {}
            }
            // A stale answer (another folder or sort since) is dropped inside `accept`.
            // DingTalk may send an empty page that still has a nextToken: with nothing on
            // screen to scroll to, the next page is asked for at once.
            let keep_going = self.listing.try_update(|l| {
                l.accept(req.run, result) && l.is_empty() && l.phase() == &ListPhase::More
            });
            if keep_going == Some(true) {
                self.load_more();
            }
        });
    }

    /// The name of folder `id` in `space_id`, if it has been seen in a listing.
    pub fn folder_name(self, space_id: &str, id: &str) -> Option<String> {
        self.names
            .with(|n| n.get(&(space_id.to_owned(), id.to_owned())).cloned())
    }

    /// The `path` of an entry seen in folder `id` of `space_id`.
    pub fn entry_path(self, space_id: &str, id: &str) -> Option<String> {
        self.paths
            .with(|n| n.get(&(space_id.to_owned(), id.to_owned())).cloned())
    }

    fn learn_names(self, key: &ListingKey, dentries: &[Dentry]) {
        let space_id = key.space_id.as_str();
        let place = (space_id.to_owned(), key.folder.clone());
        let known = self
            .paths
            .try_with_untracked(|p| p.contains_key(&place))
            .unwrap_or(true);
        if !known {
            let sample = dentries
                .iter()
                .filter_map(|d| d.path.as_deref())
                .find(|p| p.contains('/'));
            if let Some(path) = sample {
                self.paths.try_update(|p| p.insert(place, path.to_owned()));
            }
        }
        let folders: Vec<_> = dentries
            .iter()
            .filter(|d| d.is_folder() && !d.id.is_empty() && !d.name.trim().is_empty())
            .map(|d| ((space_id.to_owned(), d.id.clone()), d.name.clone()))
            .collect();
        if !folders.is_empty() {
            self.names.try_update(|n| n.extend(folders));
        }
    }

    /// Aborts the request in flight; its answer, should it still come, is ignored.
    fn stop(self) {
        self.listing.try_update(Listing::interrupt);
        if let Some(Some(c)) = self.abort.try_update_value(Option::take) {
            c.abort();
        }
    }
}

impl Default for FolderStore {
    fn default() -> Self {
        Self::new()
    }
}

async fn fetch(
    req: &PageRequest,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<dingtalk_wire::ListDentriesResponse, ApiError> {
    let k = &req.key;
    let query = api::dentries_query(
        &k.folder,
        k.sort,
        k.order,
        k.thumbnails,
        req.token.as_deref(),
    )?;
    api::list_dentries_page(&k.space_id, &query, signal).await
}
