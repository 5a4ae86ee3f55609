//! Demo mode's history: days of daily points (180 by default) from the emulator's model
//! of how its spaces came to be as they are, written at start-up and marked as demo data, so
//! the history, growth figures and forecasts look real from the first start. Live snapshots
//! follow; a day that already has a point keeps it.

use crate::store::history::SpaceDay;
use crate::store::{Store, StoreError};
use dashboard_core::trend::Point;

/// Writes the model's last `days` days before `today` (a China day); the number of points.
pub async fn fill_history(
    store: &Store,
    emulator: &dingtalk_emulator::Emulator,
    today: i64,
    days: i64,
) -> Result<usize, StoreError> {
    let days: Vec<SpaceDay> = emulator
        .usage_history(days)
        .into_iter()
        .map(|d| SpaceDay {
            space_id: d.space_id,
            point: Point {
                day: today - d.days_ago,
                used: d.used,
                quota: Some(d.quota),
            },
        })
        .collect();
    store.add_demo_days(&days).await?;
    Ok(days.len())
}
