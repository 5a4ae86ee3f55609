//! Demo mode's history: days of daily points (180 by default) from the emulator's model
//! of how its spaces came to be as they are, written at start-up and marked as demo data, so
//! the history, growth figures and forecasts look real from the first start. Live snapshots
//! follow; a day that already has a point keeps it. The organization's storage gets the
//! same days, as the emulator would have reported it from the day's spaces.

use crate::store::history::SpaceDay;
use crate::store::{Store, StoreError};
use dashboard_core::history::OrgDay;
use dashboard_core::trend::Point;
use dingtalk_emulator::history::org_figures;

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
    // The organization's storage each day, as the emulator reports it from that day's spaces.
    let mut by_day: std::collections::BTreeMap<i64, Vec<(i64, i64)>> = Default::default();
    for d in &days {
        by_day
            .entry(d.point.day)
            .or_default()
            .push((d.point.used, d.point.quota.unwrap_or(-1)));
    }
    let org: Vec<OrgDay> = by_day
        .into_iter()
        .map(|(day, spaces)| {
            let f = org_figures(spaces);
            OrgDay {
                day,
                used: f.used,
                capacity: f.max,
                reserved: f.reserved,
                allotted: f.allotted,
                spaces_used: f.used,
            }
        })
        .collect();
    store.add_demo_org_days(&org).await?;
    Ok(days.len())
}
