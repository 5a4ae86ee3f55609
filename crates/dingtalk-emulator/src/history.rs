//! How the demo's spaces came to be as they are today: a deterministic model of each space's
//! use and quota on each past day, ending at what the emulator serves now. DingTalk keeps no
//! history; the dashboard keeps its own from daily snapshots, and in demo mode it starts
//! from this model so that its history looks real from the first start.
//!
//! The shapes an admin meets: steady growers (most spaces, each at its own rate, with a
//! little day-to-day noise), a few shrinking, one fast grower full about
//! [`FAST_GROWER_DAYS`] days from today, one cleaned up [`CLEAN_UP_DAYS_AGO`] days ago, one
//! whose quota was raised [`QUOTA_RAISED_DAYS_AGO`] days ago, spaces created along the way,
//! and a few deleted along the way (in the history, gone from today's listing).

use crate::data::World;
use crate::rng::{hash64, Rng};
use dingtalk_wire::Space;

/// The fast grower is full this many days from today at its steady rate.
pub const FAST_GROWER_DAYS: i64 = 10;
/// The fast grower's fast growth spans its last this many days (what a forecast reads).
pub const FAST_GROWER_WINDOW: i64 = 30;
/// The cleaned-up space freed [`CLEAN_UP_SHARE`] of its use this many days ago.
pub const CLEAN_UP_DAYS_AGO: i64 = 40;
pub const CLEAN_UP_SHARE: f64 = 0.4;
/// The raised space had half its quota before this many days ago.
pub const QUOTA_RAISED_DAYS_AGO: i64 = 60;

/// One space on one past day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayUse {
    pub space_id: String,
    /// 1 = yesterday.
    pub days_ago: i64,
    pub used: i64,
    /// -1: unlimited, as DingTalk writes it.
    pub quota: i64,
}

/// The organization's storage as the emulator reports it, from its spaces' `(used, quota)`
/// (quota -1 or 0: not limited): used is their sum, the maximum twice what the limited spaces
/// are allotted rounded up to a whole TiB, reserved what they are allotted and have not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrgFigures {
    pub used: i64,
    pub max: i64,
    pub reserved: i64,
    pub allotted: i64,
}

pub fn org_figures(spaces: impl IntoIterator<Item = (i64, i64)>) -> OrgFigures {
    const TIB: i64 = 1 << 40;
    let mut f = OrgFigures::default();
    for (used, quota) in spaces {
        let used = used.max(0);
        f.used = f.used.saturating_add(used);
        if quota > 0 {
            f.allotted = f.allotted.saturating_add(quota);
            f.reserved = f.reserved.saturating_add((quota - used).max(0));
        }
    }
    f.max = (f.allotted.saturating_mul(2) / TIB)
        .saturating_add(1)
        .saturating_mul(TIB);
    f
}

/// The spaces with a story of their own, by index in today's listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Designated {
    pub fast_grower: Option<usize>,
    pub cleaned_up: Option<usize>,
    pub quota_raised: Option<usize>,
}

fn limited(s: &Space) -> Option<(i64, i64)> {
    let (q, u) = (s.quota?, s.used_quota?);
    (q > 0).then_some((q, u))
}

impl Designated {
    /// The first spaces (after the designated first space, whose folders the tests use)
    /// that fit each story: a limited space with room to grow into.
    pub fn of(world: &World) -> Self {
        let mut taken = Vec::new();
        let mut pick = |fits: &dyn Fn(i64, i64) -> bool| {
            let i =
                world.spaces.iter().enumerate().skip(1).find(|(i, s)| {
                    !taken.contains(i) && limited(s).is_some_and(|(q, u)| fits(q, u))
                })?;
            taken.push(i.0);
            Some(i.0)
        };
        Self {
            // Its last month at its fast rate must not start from nothing.
            fast_grower: pick(&|q, u| u > q * 3 / 4 && u < q * 9 / 10),
            cleaned_up: pick(&|q, u| u > q / 5 && u < q * 7 / 10),
            quota_raised: pick(&|q, u| u > q / 10 && u < q * 4 / 10),
        }
    }
}

/// Bytes a day the fast grower grows: today's room over [`FAST_GROWER_DAYS`].
pub fn fast_grower_rate(space: &Space) -> Option<f64> {
    let (q, u) = limited(space)?;
    Some((q - u) as f64 / FAST_GROWER_DAYS as f64)
}

/// The first day (days ago) a space existed, when it was created along the way (`None`:
/// older than any history asked for).
fn created_days_ago(seed: u64, index: usize) -> Option<i64> {
    if index == 0 || index % 11 != 5 {
        return None;
    }
    let h = hash64(&[b"created", &seed.to_le_bytes(), &index.to_le_bytes()]);
    Some(20 + (h % 150) as i64)
}

/// Every space's use and quota on each of the last `days` days (1 = yesterday), oldest
/// first within each space; spaces created along the way from their creation on; the spaces
/// deleted along the way until their deletion.
pub fn history(world: &World, days: i64) -> Vec<DayUse> {
    let designated = Designated::of(world);
    let mut out = Vec::new();
    for (i, space) in world.spaces.iter().enumerate() {
        let used_now = space.used_quota.unwrap_or(0).max(0);
        let quota_now = space.quota.unwrap_or(-1);
        let mut rng = Rng::new(hash64(&[
            b"history",
            &world.seed.to_le_bytes(),
            &i.to_le_bytes(),
        ]));
        // Share of today's use gained a day, -0.1% to 0.5% (a few shrink).
        let story = [
            designated.fast_grower,
            designated.cleaned_up,
            designated.quota_raised,
        ]
        .contains(&Some(i));
        let rate = if story {
            0.002
        } else if i % 13 == 7 {
            -0.001 - rng.unit() * 0.002
        } else {
            rng.unit() * 0.005
        };
        let created = created_days_ago(world.seed, i).filter(|_| !story);
        for ago in (1..=days).rev() {
            if created.is_some_and(|c| ago > c) {
                continue;
            }
            let noise = (rng.unit() - 0.5) * 0.004 * used_now as f64;
            let mut used = used_now as f64 * (1.0 - rate * ago as f64) + noise;
            let mut quota = quota_now;
            if Some(i) == designated.fast_grower {
                // Fast for its last [`FAST_GROWER_WINDOW`] days, slowly before.
                let per_day = fast_grower_rate(space).unwrap_or(0.0);
                let fast_days = ago.min(FAST_GROWER_WINDOW);
                let then = used_now as f64 - per_day * fast_days as f64;
                used = then * (1.0 - 0.002 * (ago - fast_days) as f64);
            }
            if Some(i) == designated.cleaned_up && ago > CLEAN_UP_DAYS_AGO {
                used += CLEAN_UP_SHARE / (1.0 - CLEAN_UP_SHARE) * used_now as f64;
            }
            if Some(i) == designated.quota_raised && ago > QUOTA_RAISED_DAYS_AGO {
                quota = quota_now / 2;
            }
            if let Some(c) = created {
                // From nothing at its creation.
                used = used_now as f64 * (1.0 - ago as f64 / (c + 1) as f64);
            }
            out.push(DayUse {
                space_id: space.space_id.clone(),
                days_ago: ago,
                used: used.max(0.0) as i64,
                quota,
            });
        }
    }
    for (n, gone) in [30i64, 60, 90].into_iter().enumerate() {
        let space_id = (29_000_000_001u64 + n as u64).to_string();
        for ago in (gone..=days).rev() {
            out.push(DayUse {
                space_id: space_id.clone(),
                days_ago: ago,
                used: (50 << 30) - ago * (100 << 20),
                quota: 100 << 30,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> World {
        World::new(42, 120, 100)
    }

    fn of(h: &[DayUse], id: &str) -> Vec<DayUse> {
        h.iter().filter(|d| d.space_id == id).cloned().collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_history() {
        let (a, b) = (history(&world(), 180), history(&world(), 180));
        assert_eq!(a, b);
        assert!(a.len() > 120 * 150, "{}", a.len());
        assert!(a
            .iter()
            .all(|d| d.used >= 0 && (1..=180).contains(&d.days_ago)));
    }

    #[test]
    fn the_fast_grower_is_full_in_about_ten_days() {
        let w = world();
        let i = Designated::of(&w).fast_grower.expect("a fast grower");
        let s = &w.spaces[i];
        let h = of(&history(&w, 180), &s.space_id);
        let rate = fast_grower_rate(s).expect("limited");
        let (q, u) = (s.quota.unwrap(), s.used_quota.unwrap());
        // Yesterday it had one day's growth less than today.
        let yesterday = h.iter().find(|d| d.days_ago == 1).expect("yesterday");
        assert!(((u - yesterday.used) as f64 - rate).abs() <= 1.0);
        assert_eq!(((q - u) as f64 / rate).round() as i64, FAST_GROWER_DAYS);
    }

    #[test]
    fn the_cleaned_up_space_was_fuller_before_and_the_raised_one_had_half_its_quota() {
        let w = world();
        let d = Designated::of(&w);
        let h = history(&w, 180);
        let clean = &w.spaces[d.cleaned_up.expect("cleaned up")];
        let ch = of(&h, &clean.space_id);
        let before = ch
            .iter()
            .find(|x| x.days_ago == CLEAN_UP_DAYS_AGO + 1)
            .unwrap();
        let after = ch.iter().find(|x| x.days_ago == CLEAN_UP_DAYS_AGO).unwrap();
        let freed = (before.used - after.used) as f64 / before.used as f64;
        assert!((freed - CLEAN_UP_SHARE).abs() < 0.05, "freed {freed}");
        let raised = &w.spaces[d.quota_raised.expect("raised")];
        let rh = of(&h, &raised.space_id);
        let q = raised.quota.unwrap();
        assert!(rh.iter().all(|x| x.quota
            == if x.days_ago > QUOTA_RAISED_DAYS_AGO {
                q / 2
            } else {
                q
            }));
        assert!(
            rh.iter().all(|x| x.used <= x.quota),
            "never over its old quota"
        );
        assert_ne!(d.fast_grower, d.cleaned_up);
    }

    #[test]
    fn spaces_come_and_go_along_the_way() {
        let w = world();
        let h = history(&w, 180);
        let created = &w.spaces[5];
        let ch = of(&h, &created.space_id);
        assert!(!ch.is_empty() && ch.len() < 180, "{}", ch.len());
        let gone = of(&h, "29000000001");
        assert_eq!(gone.iter().map(|d| d.days_ago).min(), Some(30));
        assert!(
            w.space_index("29000000001").is_none(),
            "not in today's listing"
        );
    }
}
