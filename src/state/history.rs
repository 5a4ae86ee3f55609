//! The spaces' trends for the review (admins): each space's growth, forecast and sparkline
//! from the server's history, asked for once per snapshot shown. The review works without
//! them: a failure to read them leaves the rows as they are.

use crate::api;
use dashboard_core::history::{SpaceTrend, Trends};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::sync::Arc;

struct Index {
    today: i64,
    by_id: HashMap<String, SpaceTrend>,
}

#[derive(Clone, Copy)]
pub struct TrendsStore {
    index: RwSignal<Option<Arc<Index>>>,
    /// The snapshot the trends were asked for (one request per snapshot).
    asked_for: StoredValue<Option<i64>>,
}

impl TrendsStore {
    pub fn new() -> Self {
        Self {
            index: RwSignal::new(None),
            asked_for: StoredValue::new(None),
        }
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
            }
        });
    }

    /// The trend of space `id`, once known.
    pub fn of(self, id: &str) -> Option<SpaceTrend> {
        self.index
            .with(|i| i.as_ref().and_then(|i| i.by_id.get(id).cloned()))
    }

    /// Gives each row of `rows` its space's figures, once the trends are known (read without
    /// tracking; [`Self::today`] tracks their arrival).
    pub fn apply(self, rows: &mut [dashboard_core::review::Row]) {
        self.index.with_untracked(|i| {
            let Some(i) = i else { return };
            for r in rows {
                if let Some(t) = i.by_id.get(&r.space.space_id) {
                    r.set_trend(t, i.today);
                }
            }
        });
    }

    /// The day the trends were judged on (China time).
    pub fn today(self) -> Option<i64> {
        self.index.with(|i| i.as_ref().map(|i| i.today))
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
