//! The folder page's listing, loaded one page at a time as the admin reaches its end, and the
//! names of the folders seen so far (for the breadcrumbs: from the listings of parents, or
//! from the paths of the entries of a deep-linked folder).

use crate::api::{self, ApiError};
use crate::state::list::{ListStore, Source};
use dashboard_core::folder_query::FolderKey;
use dashboard_core::listing::{Listing, Page, PageRequest};
use dingtalk_wire::Dentry;
use leptos::prelude::*;
use std::collections::HashMap;
use std::ops::Range;

/// Pages of `GET /v1.0/storage/spaces/{spaceId}/dentries`, learning folder names on the way.
#[derive(Clone, Copy)]
pub struct FolderEntries {
    /// (space id, folder id) -> name.
    names: RwSignal<HashMap<(String, String), String>>,
    /// (space id, folder id) -> the `path` of an entry listed in it, which names the
    /// folder's ancestors (the breadcrumbs of a deep link, before any parent is listed).
    paths: RwSignal<HashMap<(String, String), String>>,
}

impl Source<FolderKey, Dentry> for FolderEntries {
    async fn fetch(
        self,
        req: PageRequest<FolderKey>,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<Page<Dentry>, ApiError> {
        let k = &req.key;
        let query = api::dentries_query(
            &k.folder,
            k.sort,
            k.order,
            k.thumbnails,
            req.token.as_deref(),
        )?;
        let page = api::list_dentries_page(&k.space_id, &query, signal.as_ref()).await?;
        Ok(Page {
            items: page.dentries,
            next: page.next_token,
        })
    }

    fn received(self, listing: &mut Listing<FolderKey, Dentry>, fresh: Range<usize>) {
        if let Some(key) = listing.key() {
            self.learn_names(key, &listing.items()[fresh]);
        }
    }
}

impl FolderEntries {
    fn learn_names(self, key: &FolderKey, dentries: &[Dentry]) {
        let space_id = key.space_id.as_str();
        let place = (space_id.to_owned(), key.folder.clone());
        if !self.paths.with_untracked(|p| p.contains_key(&place)) {
            let sample = dentries
                .iter()
                .filter_map(|d| d.path.as_deref())
                .find(|p| p.contains('/'));
            if let Some(path) = sample {
                self.paths.update(|p| {
                    p.insert(place, path.to_owned());
                });
            }
        }
        let folders: Vec<_> = dentries
            .iter()
            .filter(|d| d.is_folder() && !d.id.is_empty() && !d.name.trim().is_empty())
            .map(|d| ((space_id.to_owned(), d.id.clone()), d.name.clone()))
            .collect();
        if !folders.is_empty() {
            self.names.update(|n| n.extend(folders));
        }
    }
}

pub type FolderStore = ListStore<FolderKey, Dentry, FolderEntries>;

impl FolderStore {
    /// The store of the folder page (its listing lives as long as the page).
    pub fn folder() -> Self {
        Self::new(FolderEntries {
            names: RwSignal::new(HashMap::new()),
            paths: RwSignal::new(HashMap::new()),
        })
    }

    /// The name of folder `id` in `space_id`, if it has been seen in a listing.
    pub fn folder_name(self, space_id: &str, id: &str) -> Option<String> {
        self.source()
            .names
            .with(|n| n.get(&(space_id.to_owned(), id.to_owned())).cloned())
    }

    /// The `path` of an entry seen in folder `id` of `space_id`.
    pub fn entry_path(self, space_id: &str, id: &str) -> Option<String> {
        self.source()
            .paths
            .with(|n| n.get(&(space_id.to_owned(), id.to_owned())).cloned())
    }
}
