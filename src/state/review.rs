//! The org's spaces for the quota review and the folder headers, each held once as a review
//! row with its name ranked for sorting. Admins read the server's latest snapshot (one
//! request, no DingTalk call) and follow a refresh's progress; anyone else lists live, every
//! page as soon as the previous one arrives.

use crate::api::{self, ApiError};
use crate::state::history::TrendsStore;
use crate::state::list::{ListStore, Source};
use crate::state::session::{use_session, Auth};
use dashboard_core::listing::{Listing, Page, PageRequest};
use dashboard_core::review::{lookup_space, NameRanks, Row, SpaceLookup};
use dashboard_core::snapshot::ReviewStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::ops::Range;

/// How often a running refresh's progress is asked for (it costs no DingTalk call).
const FOLLOW_MS: u32 = 600;

/// The org spaces, as review rows: from the snapshot for admins, live pages otherwise.
#[derive(Clone, Copy)]
pub struct OrgSpaces {
    ranks: StoredValue<NameRanks>,
    /// Admins read snapshots; anyone else (`ALLOW_NON_ADMINS`) lists under their own account.
    snapshot: bool,
    /// What the server says of the snapshot and of a refresh.
    pub status: RwSignal<Option<ReviewStatus>>,
    /// The snapshot the rows come from.
    shown: RwSignal<Option<i64>>,
    /// The last refresh request itself failed (the server, not DingTalk).
    pub refresh_error: RwSignal<Option<ApiError>>,
    following: StoredValue<bool>,
    /// Admins' history: each row takes its figures as it is made.
    trends: Option<TrendsStore>,
}

impl OrgSpaces {
    /// Follows the refresh that runs: its status every [`FOLLOW_MS`], each shown as it comes,
    /// until it has ended; the status then.
    async fn until_settled(
        self,
        signal: Option<&web_sys::AbortSignal>,
    ) -> Result<ReviewStatus, ApiError> {
        loop {
            api::sleep_ms(FOLLOW_MS).await;
            if signal.is_some_and(|s| s.aborted()) {
                return Err(ApiError::Aborted);
            }
            let status = api::review_status().await?;
            self.status.try_set(Some(status.clone()));
            if status.running().is_none() {
                return Ok(status);
            }
        }
    }
}

impl Source<(), Row> for OrgSpaces {
    async fn fetch(
        self,
        req: PageRequest<()>,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<Page<Row>, ApiError> {
        if !self.snapshot {
            let page = api::list_spaces_page(req.token.as_deref(), signal.as_ref()).await?;
            return Ok(Page {
                next: page.next().map(str::to_owned),
                items: page.spaces.into_iter().map(Row::new).collect(),
            });
        }
        loop {
            let review = api::review(signal.as_ref()).await?;
            let status = review.status;
            let snapshot = status.snapshot.as_ref().map(|s| s.id);
            let failure = status
                .failed()
                .and_then(|r| r.error.as_ref())
                .map(|f| f.to_api_error());
            let running = status.running().is_some();
            self.status.try_set(Some(status));
            if snapshot.is_some() {
                self.shown.try_set(snapshot);
                return Ok(snapshot_page(review.spaces));
            }
            match failure {
                // No snapshot yet, and the first listing failed: its error, with a retry.
                Some(e) if !running => return Err(e),
                // The first listing runs: wait for it, then read what it left.
                _ => {
                    self.until_settled(signal.as_ref()).await?;
                }
            }
        }
    }

    fn received(self, listing: &mut Listing<(), Row>, fresh: Range<usize>) {
        let compare = crate::format::name_collator();
        self.ranks.update_value(|ranks| {
            if fresh.start == 0 {
                *ranks = NameRanks::default();
            }
            ranks.add(listing.items_mut(), compare);
        });
        if let Some(t) = self.trends {
            if let Some(rows) = listing.items_mut().get_mut(fresh) {
                t.apply(rows);
            }
        }
    }

    fn eager(self) -> bool {
        true
    }
}

/// A snapshot's spaces as the one page of the review.
fn snapshot_page(spaces: Vec<dingtalk_wire::Space>) -> Page<Row> {
    Page {
        next: None,
        items: spaces.into_iter().map(Row::new).collect(),
    }
}

pub type SpacesStore = ListStore<(), Row, OrgSpaces>;

impl SpacesStore {
    /// The store of the logged-in user's spaces (provided by the app once logged in).
    pub fn spaces() -> Self {
        let admin = matches!(use_session().0.get_untracked(), Auth::LoggedIn(me) if me.admin);
        // History is snapshot data: admins only.
        let trends = admin.then(TrendsStore::new);
        let store = Self::new(OrgSpaces {
            ranks: StoredValue::new(NameRanks::default()),
            snapshot: admin,
            status: RwSignal::new(None),
            shown: RwSignal::new(None),
            refresh_error: RwSignal::new(None),
            following: StoredValue::new(false),
            trends,
        });
        if let Some(t) = trends {
            t.attach(store.listing);
        }
        store
    }

    /// Starts loading unless a load has already started (the list is kept across views, so
    /// coming back to it costs no request).
    pub fn ensure_loaded(self) {
        self.show(());
    }

    /// What a folder page's header shows of `space_id`. Admins: the snapshot (loaded if it is
    /// not yet, which asks DingTalk nothing). Anyone else: the spaces list when it already
    /// holds the space, otherwise one single-space call, never a listing of every space.
    pub fn lookup(self, space_id: Memo<String>) -> Signal<SpaceLookup> {
        let listed = Memo::new(move |_| {
            let id = space_id.get();
            self.listing
                .with(|l| lookup_space(l.items(), l.phase(), &id))
        });
        if self.from_snapshots() {
            self.ensure_loaded();
            return listed.into();
        }
        let asked = RwSignal::new(SpaceLookup::Loading);
        Effect::new(move |_| {
            let id = space_id.get();
            asked.set(SpaceLookup::Loading);
            if listed.with_untracked(|l| matches!(l, SpaceLookup::Found(_))) {
                return;
            }
            spawn_local(async move {
                let answer = SpaceLookup::of_answer(api::get_space(&id).await);
                // Unless the page moved on to another space meanwhile.
                if space_id.try_get_untracked().as_deref() == Some(id.as_str()) {
                    asked.try_set(answer);
                }
            });
        });
        Signal::derive(move || match listed.get() {
            found @ SpaceLookup::Found(_) => found,
            _ => asked.get(),
        })
    }

    /// The retry of a failed load: for admins a refresh of the snapshot (asking for the same
    /// failed snapshot again would only repeat the failure), for others the page again.
    pub fn retry_load(self) {
        if self.source().snapshot {
            self.refresh();
        } else {
            self.retry();
        }
    }

    /// True when the rows come from the server's snapshots.
    pub fn from_snapshots(self) -> bool {
        self.source().snapshot
    }

    /// The history for the review, for admins.
    pub fn trends(self) -> Option<TrendsStore> {
        self.source().trends
    }

    /// What the server says of the snapshot (admins), once known.
    pub fn status(self) -> RwSignal<Option<ReviewStatus>> {
        self.source().status
    }

    /// The admin's refresh: every space listed again by the server (one refresh however many
    /// admins ask), its progress followed, and the new snapshot shown when it is complete.
    pub fn refresh(self) {
        let src = self.source();
        let session = use_session();
        src.refresh_error.set(None);
        spawn_local(async move {
            match api::refresh_review().await {
                Ok(status) => {
                    src.status.try_set(Some(status));
                    self.follow();
                }
                Err(e) => {
                    if e.is_session_lost() {
                        session.lost(e.clone());
                    }
                    src.refresh_error.try_set(Some(e));
                }
            }
        });
    }

    /// While a refresh runs, asks for its progress; once it has ended, shows the new snapshot
    /// if there is one (a failed refresh leaves the rows as they are). One follower at a time.
    pub fn follow(self) {
        let src = self.source();
        let running = src
            .status
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.running().is_some()));
        if !running || src.following.get_value() {
            return;
        }
        src.following.set_value(true);
        spawn_local(async move {
            match src.until_settled(None).await {
                Ok(status) => match status.snapshot.map(|s| s.id) {
                    Some(id) if Some(id) != src.shown.get_untracked() => self.show_latest().await,
                    Some(_) => {}
                    // With no snapshot yet, the listing's error (and its retry).
                    None => self.reload(),
                },
                Err(e) => {
                    src.refresh_error.try_set(Some(e));
                }
            }
            src.following.set_value(false);
        });
    }

    /// Swaps the rows for the latest snapshot's in one step: an admin scrolled down the
    /// review stays where they are when a refresh lands.
    async fn show_latest(self) {
        let src = self.source();
        match api::review(None).await {
            Ok(review) => {
                src.shown
                    .try_set(review.status.snapshot.as_ref().map(|s| s.id));
                src.status.try_set(Some(review.status));
                self.replace((), snapshot_page(review.spaces));
            }
            Err(e) => {
                src.refresh_error.try_set(Some(e));
            }
        }
    }
}

/// The spaces of the logged-in user, provided by the app once logged in.
pub fn use_spaces() -> SpacesStore {
    expect_context::<SpacesStore>()
}
