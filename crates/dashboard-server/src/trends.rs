//! The review's trends (each space's growth, forecast and sparkline), worked out from the
//! store's daily points once per snapshot and day and kept ready as JSON: every admin who
//! opens the review after a snapshot is answered from here, and the collector works them
//! out as soon as the snapshot is written, so even the first open does not wait for them.

use crate::session::now_secs;
use crate::store::{Store, StoreError};
use bytes::Bytes;
use dashboard_core::history::{china_day, space_trend, Trends};
use dashboard_core::trend::{Point, WINDOW};
use std::sync::{Mutex, PoisonError};

/// What the trends depend on: the points (a new snapshot adds some) and the day they are
/// judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    snapshot: Option<i64>,
    today: i64,
}

pub struct TrendsCache {
    days_kept: i64,
    horizon: i64,
    ready: Mutex<Option<(Key, Bytes)>>,
}

impl TrendsCache {
    pub fn new(days_kept: u32, horizon: u32) -> Self {
        Self {
            days_kept: i64::from(days_kept),
            horizon: i64::from(horizon),
            ready: Mutex::new(None),
        }
    }

    /// The trends as JSON, worked out again only when a snapshot or the day has changed
    /// since (two requests at once may both work them out; either answer is right).
    pub async fn json(&self, store: &Store) -> Result<Bytes, StoreError> {
        let key = Key {
            snapshot: store.latest_snapshot().await?.map(|c| c.id),
            today: china_day(now_secs()),
        };
        let held = self
            .ready
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, json)| json.clone());
        if let Some(json) = held {
            return Ok(json);
        }
        let trends = self.work_out(store, key.today).await?;
        let json = Bytes::from(serde_json::to_vec(&trends).unwrap_or_else(|_| b"{}".to_vec()));
        *self.ready.lock().unwrap_or_else(PoisonError::into_inner) = Some((key, json.clone()));
        Ok(json)
    }

    /// Every space's trend judged on `today`: the forecast's 30 points, and the point 30
    /// days back for the change over 30 days.
    async fn work_out(&self, store: &Store, today: i64) -> Result<Trends, StoreError> {
        let days = store.days_since(today - WINDOW as i64).await?;
        let mut spaces = Vec::new();
        let mut points: Vec<Point> = Vec::new();
        for (i, d) in days.iter().enumerate() {
            points.push(d.point);
            let last_of_space = days.get(i + 1).is_none_or(|n| n.space_id != d.space_id);
            if last_of_space {
                spaces.push(space_trend(&d.space_id, &points, today));
                points.clear();
            }
        }
        Ok(Trends {
            today,
            days_kept: self.days_kept,
            demo_until: store.demo_until().await?,
            horizon: self.horizon,
            spaces,
        })
    }
}
