//! The org's spaces for the quota review and the folder headers: every page loaded as soon as
//! the previous one arrives, so the review renders progressively; each space held once, as a
//! review row with its name ranked for sorting.

use crate::api::{self, ApiError};
use crate::state::list::{ListStore, Source};
use dashboard_core::listing::{Listing, Page, PageRequest};
use dashboard_core::review::{NameRanks, Row};
use leptos::prelude::*;
use std::ops::Range;

/// Pages of `GET /v1.0/drive/spaces`, as review rows.
#[derive(Clone, Copy)]
pub struct OrgSpaces {
    ranks: StoredValue<NameRanks>,
}

impl Source<(), Row> for OrgSpaces {
    async fn fetch(
        self,
        req: PageRequest<()>,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<Page<Row>, ApiError> {
        let page = api::list_spaces_page(req.token.as_deref(), signal.as_ref()).await?;
        Ok(Page {
            next: page.next().map(str::to_owned),
            items: page.spaces.into_iter().map(Row::new).collect(),
        })
    }

    fn received(self, listing: &mut Listing<(), Row>, fresh: Range<usize>) {
        let compare = crate::format::name_collator();
        self.ranks.update_value(|ranks| {
            if fresh.start == 0 {
                *ranks = NameRanks::default();
            }
            ranks.add(listing.items_mut(), compare);
        });
    }

    fn eager(self) -> bool {
        true
    }
}

pub type SpacesStore = ListStore<(), Row, OrgSpaces>;

impl SpacesStore {
    /// The store of the logged-in admin's spaces (provided by the app once logged in).
    pub fn spaces() -> Self {
        Self::new(OrgSpaces {
            ranks: StoredValue::new(NameRanks::default()),
        })
    }

    /// Starts loading unless a load has already started (the list is kept across views, so
    /// coming back to it costs no request).
    pub fn ensure_loaded(self) {
        self.show(());
    }
}

/// The spaces of the logged-in admin, provided by the app once logged in.
pub fn use_spaces() -> SpacesStore {
    expect_context::<SpacesStore>()
}
