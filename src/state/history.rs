//! The history for the review (admins): each space's growth, forecast and sparkline, and the
//! organization's storage over time, asked for once per snapshot shown. The review works
//! without them: a failure to read them leaves the rows as they are.
//!
//! The rows get their figures from here, whichever comes last: when the trends arrive they
//! are given to the rows there are, and rows that arrive later take them as they are made
//! ([`TrendsStore::apply`] from the spaces store). No effect both reads the rows and writes
//! them.

use crate::api;
use dashboard_core::history::{OrgHistory, SpaceTrend, Trends};
use dashboard_core::listing::Listing;
use dashboard_core::review::Row;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::sync::Arc;

struct Index {
    today: i64,
    horizon: i64,
    by_id: HashMap<String, SpaceTrend>,
}

#[derive(Clone, Copy)]
pub struct TrendsStore {
    index: RwSignal<Option<Arc<Index>>>,
    /// The organization's history (`Err(())`: it could not be read).
    org: RwSignal<Option<Result<Arc<OrgHistory>, ()>>>,
    /// The snapshot the trends were asked for (one request per snapshot).
    asked_for: StoredValue<Option<i64>>,
    /// The review's rows, given the figures when the trends arrive.
    rows: StoredValue<Option<RwSignal<Listing<(), Row>>>>,
}

impl TrendsStore {
    pub fn new() -> Self {
        Self {
            index: RwSignal::new(None),
            org: RwSignal::new(None),
            asked_for: StoredValue::new(None),
            rows: StoredValue::new(None),
        }
    }

    /// The rows to give the figures to as the trends arrive.
    pub fn attach(self, rows: RwSignal<Listing<(), Row>>) {
        self.rows.set_value(Some(rows));
    }

    /// Asks for the trends of snapshot `snapshot`, unless they were asked for already.
    pub fn load_for(self, snapshot: i64) {
        if self.asked_for.get_value() == Some(snapshot) {
            return;
        }
        self.asked_for.set_value(Some(snapshot));
        spawn_local(async move {
            if let Ok(t) = api::history().await {
                self.index.try_set(Some(Arc::new(index(t))));
                if let Some(rows) = self.rows.try_get_value().flatten() {
                    rows.try_update(|l| self.apply(l.items_mut()));
                }
            }
        });
        spawn_local(async move {
            let org = api::org_history().await.map(Arc::new).map_err(|_| ());
            self.org.try_set(Some(org));
        });
    }

    /// The organization's history: `None` until it is here, `Some(Err(()))` if it could not
    /// be read.
    pub fn org(self) -> Option<Result<Arc<OrgHistory>, ()>> {
        self.org.get()
    }

    /// The trend of space `id`, once known.
    pub fn of(self, id: &str) -> Option<SpaceTrend> {
        self.index
            .with(|i| i.as_ref().and_then(|i| i.by_id.get(id).cloned()))
    }

    /// Gives each row of `rows` its space's figures, if the trends are known (read without
    /// tracking).
    pub fn apply(self, rows: &mut [Row]) {
        self.index.with_untracked(|i| {
            let Some(i) = i else {
                return;
            };
            for r in rows {
                if let Some(t) = i.by_id.get(&r.space.space_id) {
                    r.set_trend(t, i.today, i.horizon);
                }
            }
        });
    }

    /// The day the trends were judged on (China time).
    pub fn today(self) -> Option<i64> {
        self.index.with(|i| i.as_ref().map(|i| i.today))
    }

    /// Days within which a forecast counts as soon.
    pub fn horizon(self) -> i64 {
        self.index.with(|i| {
            i.as_ref()
                .map_or(dashboard_core::history::DEFAULT_WARNING_HORIZON_DAYS, |i| {
                    i.horizon
                })
        })
    }
}

impl Default for TrendsStore {
    fn default() -> Self {
        Self::new()
    }
}

fn index(t: Trends) -> Index {
    Index {
        today: t.today,
        horizon: t.horizon(),
        by_id: t
            .spaces
            .into_iter()
            .map(|s| (s.space_id.clone(), s))
            .collect(),
    }
}

/// The trends, when the app provides them (admins' review).
pub fn use_trends() -> Option<TrendsStore> {
    use_context::<TrendsStore>()
}
