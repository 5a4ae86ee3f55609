//! The folder page's listing, loaded one page at a time as the admin reaches its end, and the
//! names of the folders seen so far (for the breadcrumbs: from the listings of parents, or
//! from the paths of the entries of a deep-linked folder). For admins, the sizes of the
//! folders shown as of the space's latest scan (asked for once per folder, no DingTalk call):
//! DingTalk gives folders no size, so when the listing is by size its folders are ordered
//! among themselves by these.

use crate::api::{self, ApiError};
use crate::state::list::{ListStore, Source};
use dashboard_core::folder_query::FolderKey;
use dashboard_core::listing::{Listing, Page, PageRequest};
use dashboard_core::scan_view::order_folders_by_size;
use dingtalk_wire::{Dentry, Order, OrderBy};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// The sizes of one folder's subfolders as of the space's latest scan with results.
#[derive(Debug, Clone, PartialEq)]
pub struct Scanned {
    /// The scan they are from.
    pub scan_id: i64,
    /// Unix seconds when the scan ended.
    pub as_of: i64,
    /// The scan read the whole space (a partial one's sizes may be low).
    pub whole: bool,
    /// Folder id -> bytes.
    pub sizes: HashMap<String, i64>,
}

/// (space id, folder id) -> its subfolders' scanned sizes (`None`: asked for, or none), and
/// the scan with results known when they were asked for.
type ScannedSizes = HashMap<(String, String), (Option<i64>, Option<Arc<Scanned>>)>;

/// Pages of `GET /v1.0/storage/spaces/{spaceId}/dentries`, learning folder names on the way.
#[derive(Clone, Copy)]
pub struct FolderEntries {
    /// (space id, folder id) -> name.
    names: RwSignal<HashMap<(String, String), String>>,
    /// (space id, folder id) -> the `path` of an entry listed in it, which names the
    /// folder's ancestors (the breadcrumbs of a deep link, before any parent is listed).
    paths: RwSignal<HashMap<(String, String), String>>,
    scanned: RwSignal<ScannedSizes>,
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
        self.order_by_scan(listing);
    }
}

impl FolderEntries {
    /// When the listing is by size and its folders' scanned sizes are known, orders its
    /// folders among themselves by them (its files keep DingTalk's order).
    fn order_by_scan(self, listing: &mut Listing<FolderKey, Dentry>) {
        let Some(key) = listing.key().filter(|k| k.sort == OrderBy::Size) else {
            return;
        };
        let place = (key.space_id.clone(), key.folder.clone());
        let desc = key.order == Order::Desc;
        let Some(scanned) = self
            .scanned
            .with_untracked(|s| s.get(&place).and_then(|(_, got)| got.clone()))
        else {
            return;
        };
        order_folders_by_size(
            listing.items_mut(),
            Dentry::is_folder,
            |d| scanned.sizes.get(&d.id).copied(),
            desc,
        );
    }

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

/// The scanned size of `d`, if it is a folder whose size `scanned` knows.
pub fn scanned_size(scanned: Option<&Scanned>, d: &Dentry) -> Option<i64> {
    if !d.is_folder() {
        return None;
    }
    scanned.and_then(|s| s.sizes.get(&d.id).copied())
}

pub type FolderStore = ListStore<FolderKey, Dentry, FolderEntries>;

impl FolderStore {
    /// The store of the folder page (its listing lives as long as the page).
    pub fn folder() -> Self {
        Self::new(FolderEntries {
            names: RwSignal::new(HashMap::new()),
            paths: RwSignal::new(HashMap::new()),
            scanned: RwSignal::new(HashMap::new()),
        })
    }

    /// Asks, once per folder and scan, for the scanned sizes of the subfolders of `folder`
    /// in `space_id`; `latest` is the space's latest scan with results as the page knows it
    /// (a scan that ends while the page is open brings its sizes). When they come, a listing
    /// by size orders its folders by them. No scan with results means no sizes, not an error.
    pub fn load_sizes(self, space_id: String, folder: String, latest: Option<i64>) {
        let source = self.source();
        let place = (space_id, folder);
        let known = source.scanned.with_untracked(|s| {
            s.get(&place).is_some_and(|(asked, got)| {
                latest.is_none() || *asked == latest || got.as_ref().map(|g| g.scan_id) == latest
            })
        });
        if known {
            return;
        }
        source.scanned.update(|s| {
            let kept = s.remove(&place).and_then(|(_, got)| got);
            s.insert(place.clone(), (latest, kept));
        });
        spawn_local(async move {
            let Ok(got) = api::folder_sizes(&place.0, &place.1).await else {
                return;
            };
            let scanned = Arc::new(Scanned {
                scan_id: got.scan_id,
                as_of: got.as_of,
                whole: got.whole,
                sizes: got.folders.into_iter().map(|f| (f.id, f.size)).collect(),
            });
            source.scanned.try_update(|s| {
                s.insert(place, (latest, Some(scanned)));
            });
            self.listing.try_update(|l| source.order_by_scan(l));
        });
    }

    /// The scanned sizes of the subfolders of the folder listed, once known.
    pub fn scanned(self) -> Option<Arc<Scanned>> {
        let place = self
            .listing
            .with(|l| l.key().map(|k| (k.space_id.clone(), k.folder.clone())))?;
        self.source()
            .scanned
            .with(|s| s.get(&place).and_then(|(_, got)| got.clone()))
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
