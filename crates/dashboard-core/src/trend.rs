//! How a space's use changes: its daily points, the change over 7 and 30 days, and when it
//! will be full. The forecast is a Theil–Sen line through the last 30 daily points: the
//! median of the slopes between every pair of points, which day-to-day noise moves little.
//! A single jump (one large upload or clean-up) would still tilt it when it falls mid-window,
//! since half the pairs straddle it: a day's change that dwarfs every other day's (four times
//! the next largest departure from the typical day) is taken as a step and levelled out first.
//! The range comes from the quartiles of the same slopes, so a noisy space gets a wide range
//! of dates and a steady one a narrow range.
//!
//! Days are whole days in China time (`day` = days since 1970-01-01 there), the calendar the
//! snapshots are taken and thinned by.

/// One day of a space: its use and its quota at the day's last snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub day: i64,
    /// Bytes used.
    pub used: i64,
    /// Bytes allotted; `None` or negative: unlimited (DingTalk writes -1).
    pub quota: Option<i64>,
}

/// Points a forecast needs at least.
pub const MIN_POINTS: usize = 7;
/// The daily points a forecast looks at: the last 30.
pub const WINDOW: usize = 30;
/// Beyond this many days a forecast says "not within ten years".
pub const HORIZON_DAYS: i64 = 3650;

/// The change between the last point and the point `days` before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub bytes: i64,
    /// Relative to the earlier use; `None` when that was 0.
    pub percent: Option<f64>,
}

/// The change over the last `days` days: from the latest point at or before `last - days`
/// to the last point. `None` when the history does not reach that far back.
pub fn change_over(points: &[Point], days: i64) -> Option<Change> {
    let last = points.last()?;
    let then = points.iter().rev().find(|p| p.day <= last.day - days)?;
    let bytes = last.used.saturating_sub(then.used);
    let percent = (then.used > 0).then(|| bytes as f64 * 100.0 / then.used as f64);
    Some(Change { bytes, percent })
}

/// When a space will be full, or why that cannot be said.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Forecast {
    /// Fewer than [`MIN_POINTS`] days of history.
    TooFewPoints { have: usize },
    /// No quota: never full.
    Unlimited,
    /// Already at or over its quota.
    AlreadyFull,
    /// Not growing (flat or shrinking over the window).
    NotGrowing,
    /// Growing, but not full within [`HORIZON_DAYS`].
    Distant,
    /// Full between `earliest` and `latest` (days), most likely on `likely`; `latest` is
    /// `None` when the slow end of the range does not grow.
    Fills {
        earliest: i64,
        likely: i64,
        latest: Option<i64>,
        /// Bytes a day, the Theil–Sen slope.
        per_day: f64,
    },
}

impl Forecast {
    /// Days from `today` until the likely day of being full (0 when already full), if there
    /// is one: what "sort by days until full" sorts on.
    pub fn days_until_full(&self, today: i64) -> Option<i64> {
        match *self {
            Self::AlreadyFull => Some(0),
            Self::Fills { likely, .. } => Some((likely - today).max(0)),
            _ => None,
        }
    }
}

/// The median of `v` (sorted in place); `None` when empty.
fn median(v: &mut [f64]) -> Option<f64> {
    quantile(v, 0.5)
}

/// The `q` quantile of `v` (sorted in place), interpolated between neighbours.
fn quantile(v: &mut [f64], q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let pos = q * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(v[lo] + (v[hi] - v[lo]) * (pos - lo as f64))
}

/// The slopes between every pair of points (bytes a day).
fn pair_slopes(points: &[Point]) -> Vec<f64> {
    let mut slopes = Vec::with_capacity(points.len() * points.len() / 2);
    for (i, a) in points.iter().enumerate() {
        for b in &points[i + 1..] {
            if b.day != a.day {
                slopes.push((b.used - a.used) as f64 / (b.day - a.day) as f64);
            }
        }
    }
    slopes
}

/// `points` with one step levelled out: when one day's change departs from the typical
/// day's (the median change) by four times more than any other day's does, the points before
/// it are moved by that departure, so the series runs on at today's level without the jump.
fn without_one_step(points: &[Point]) -> Vec<Point> {
    let mut out = points.to_vec();
    if points.len() < 3 {
        return out;
    }
    let changes: Vec<f64> = points
        .windows(2)
        .map(|w| (w[1].used - w[0].used) as f64 / (w[1].day - w[0].day).max(1) as f64)
        .collect();
    let Some(typical) = median(&mut changes.clone()) else {
        return out;
    };
    let mut departures: Vec<(usize, f64)> = changes
        .iter()
        .enumerate()
        .map(|(i, c)| (i, (c - typical).abs()))
        .collect();
    departures.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (at, largest) = departures[0];
    let next = departures[1].1;
    if largest <= 0.0 || largest < 4.0 * next {
        return out;
    }
    // The jump beyond the typical change, over the step's days.
    let gap = (points[at + 1].day - points[at].day).max(1) as f64;
    let jump = ((changes[at] - typical) * gap).round() as i64;
    for p in &mut out[..=at] {
        p.used = p.used.saturating_add(jump);
    }
    out
}

/// When the space whose daily points are `points` (oldest first, one a day at most) will be
/// full, judged on `today`.
pub fn forecast(points: &[Point], today: i64) -> Forecast {
    let Some(last) = points.last() else {
        return Forecast::TooFewPoints { have: 0 };
    };
    let quota = match last.quota {
        Some(q) if q >= 0 => q,
        _ => return Forecast::Unlimited,
    };
    if last.used >= quota {
        return Forecast::AlreadyFull;
    }
    let window = &points[points.len().saturating_sub(WINDOW)..];
    if window.len() < MIN_POINTS {
        return Forecast::TooFewPoints { have: window.len() };
    }
    let window = &without_one_step(window);
    let mut slopes = pair_slopes(window);
    let Some(per_day) = median(&mut slopes) else {
        return Forecast::TooFewPoints { have: window.len() };
    };
    if per_day <= 0.0 {
        return Forecast::NotGrowing;
    }
    // The line through the window's points at the median slope, read at today.
    let mut offsets: Vec<f64> = window
        .iter()
        .map(|p| p.used as f64 - per_day * (p.day - today) as f64)
        .collect();
    let now = median(&mut offsets).unwrap_or(last.used as f64);
    let left = (quota as f64 - now.max(last.used as f64)).max(0.0);
    // Whole days: the range outward (earliest down, latest up), the likeliest to the nearest.
    let days = |slope: f64| left / slope;
    let likely = days(per_day).round();
    if likely > HORIZON_DAYS as f64 {
        return Forecast::Distant;
    }
    let fast = quantile(&mut slopes, 0.75).unwrap_or(per_day).max(per_day);
    let slow = quantile(&mut slopes, 0.25).unwrap_or(per_day).min(per_day);
    let latest = (slow > 0.0)
        .then(|| days(slow).ceil())
        .filter(|d| *d <= HORIZON_DAYS as f64)
        .map(|d| today + d as i64);
    Forecast::Fills {
        earliest: today + days(fast).floor() as i64,
        likely: today + likely as i64,
        latest,
        per_day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GB: i64 = 1 << 30;

    fn series(days: i64, quota: Option<i64>, used: impl Fn(i64) -> i64) -> Vec<Point> {
        (0..days)
            .map(|d| Point {
                day: 20_000 + d,
                used: used(d),
                quota,
            })
            .collect()
    }

    fn today(points: &[Point]) -> i64 {
        points.last().map_or(0, |p| p.day)
    }

    #[test]
    fn a_steady_grower_is_full_when_the_line_says_with_a_narrow_range() {
        // 100 GB quota, 40 GB used, 1 GB a day: full in 60 days.
        let p = series(30, Some(100 * GB), |d| 11 * GB + d * GB);
        let t = today(&p);
        let Forecast::Fills {
            earliest,
            likely,
            latest,
            per_day,
        } = forecast(&p, t)
        else {
            panic!("a forecast: {:?}", forecast(&p, t));
        };
        assert_eq!(per_day, GB as f64);
        assert_eq!(likely - t, 60);
        assert_eq!((earliest - t, latest.map(|l| l - t)), (60, Some(60)));
        assert_eq!(forecast(&p, t).days_until_full(t), Some(60));
    }

    #[test]
    fn fewer_than_seven_points_say_so() {
        let p = series(6, Some(100 * GB), |d| d * GB);
        assert_eq!(forecast(&p, today(&p)), Forecast::TooFewPoints { have: 6 });
        assert_eq!(forecast(&[], 0), Forecast::TooFewPoints { have: 0 });
        let p = series(7, Some(100 * GB), |d| d * GB);
        assert!(matches!(forecast(&p, today(&p)), Forecast::Fills { .. }));
    }

    #[test]
    fn flat_and_shrinking_spaces_are_not_growing() {
        let flat = series(30, Some(100 * GB), |_| 50 * GB);
        assert_eq!(forecast(&flat, today(&flat)), Forecast::NotGrowing);
        let shrinking = series(30, Some(100 * GB), |d| 80 * GB - d * GB / 2);
        assert_eq!(
            forecast(&shrinking, today(&shrinking)),
            Forecast::NotGrowing
        );
        assert_eq!(forecast(&flat, today(&flat)).days_until_full(0), None);
    }

    #[test]
    fn unlimited_and_full_spaces_need_no_forecast() {
        for quota in [None, Some(-1)] {
            let p = series(30, quota, |d| d * GB);
            assert_eq!(forecast(&p, today(&p)), Forecast::Unlimited);
        }
        let over = series(30, Some(10 * GB), |d| 5 * GB + d * GB);
        assert_eq!(forecast(&over, today(&over)), Forecast::AlreadyFull);
        assert_eq!(forecast(&over, today(&over)).days_until_full(0), Some(0));
    }

    #[test]
    fn a_clean_up_barely_moves_the_forecast() {
        // 1 GB a day, and one day 20 GB deleted: the slope stays near 1 GB a day.
        let p = series(30, Some(200 * GB), |d| {
            10 * GB + d * GB - if d >= 15 { 20 * GB } else { 0 }
        });
        let Forecast::Fills { per_day, .. } = forecast(&p, today(&p)) else {
            panic!("still growing");
        };
        assert!(
            (per_day / GB as f64 - 1.0).abs() < 0.1,
            "{} GB a day",
            per_day / GB as f64
        );
        // Without levelling the step, Theil–Sen reads 0.23 GB a day here.
    }

    #[test]
    fn bursts_of_equal_size_are_growth_not_steps() {
        // 3.5 GB on two days a week, nothing on the others: 1 GB a day on average.
        let p = series(28, Some(500 * GB), |d| {
            let weeks = d / 7;
            let this_week = [0, 0, 1, 1, 1, 2, 2][(d % 7) as usize];
            10 * GB + (weeks * 2 + this_week) * 7 * GB / 2
        });
        let Forecast::Fills { per_day, .. } = forecast(&p, today(&p)) else {
            panic!("growing: {:?}", forecast(&p, today(&p)));
        };
        assert!(
            (per_day / GB as f64 - 1.0).abs() < 0.3,
            "{}",
            per_day / GB as f64
        );
    }

    #[test]
    fn one_large_upload_barely_moves_it_either() {
        let p = series(30, Some(500 * GB), |d| {
            10 * GB + d * GB + if d >= 20 { 50 * GB } else { 0 }
        });
        let Forecast::Fills { per_day, .. } = forecast(&p, today(&p)) else {
            panic!("growing");
        };
        assert!((per_day / GB as f64 - 1.0).abs() < 0.25, "{per_day}");
    }

    #[test]
    fn noise_widens_the_range_around_the_likely_day() {
        // 1 GB a day with ±3 GB of day-to-day noise (a fixed pattern).
        let noise = [3, -2, 1, -3, 2, 0, -1, 3, -2, 2];
        let p = series(30, Some(150 * GB), |d| {
            20 * GB + d * GB + noise[d as usize % noise.len()] * GB
        });
        let t = today(&p);
        let Forecast::Fills {
            earliest,
            likely,
            latest,
            ..
        } = forecast(&p, t)
        else {
            panic!("growing");
        };
        let latest = latest.expect("a latest day");
        assert!(
            earliest < likely && likely < latest,
            "{earliest} {likely} {latest}"
        );
        assert!((90..=115).contains(&(likely - t)), "{}", likely - t);
    }

    #[test]
    fn gaps_are_read_on_the_calendar() {
        // Points every third day, 3 GB between them: still 1 GB a day.
        let p: Vec<Point> = (0..10)
            .map(|i| Point {
                day: 20_000 + 3 * i,
                used: 10 * GB + 3 * i * GB,
                quota: Some(100 * GB),
            })
            .collect();
        let t = today(&p);
        let Forecast::Fills {
            per_day, likely, ..
        } = forecast(&p, t)
        else {
            panic!("growing");
        };
        assert_eq!(per_day, GB as f64);
        assert_eq!(likely - t, 100 - 37);
    }

    #[test]
    fn the_forecast_is_against_todays_quota() {
        // Growing 1 GB a day; the quota raised from 50 to 100 GB ten days ago.
        let p = series(30, None, |d| 10 * GB + d * GB)
            .into_iter()
            .map(|mut pt| {
                pt.quota = Some(if pt.day >= 20_020 { 100 * GB } else { 50 * GB });
                pt
            })
            .collect::<Vec<_>>();
        let t = today(&p);
        assert_eq!(forecast(&p, t).days_until_full(t), Some(100 - 39));
    }

    #[test]
    fn only_the_last_thirty_days_count_and_the_horizon_caps_it() {
        // Fast growth long ago, flat for the last 30 days.
        let p = series(60, Some(100 * GB), |d| (d.min(30)) * GB);
        assert_eq!(forecast(&p, today(&p)), Forecast::NotGrowing);
        // A byte a day: not within ten years.
        let slow = series(30, Some(100 * GB), |d| GB + d);
        assert_eq!(forecast(&slow, today(&slow)), Forecast::Distant);
    }

    #[test]
    fn changes_over_seven_and_thirty_days() {
        let p = series(40, Some(100 * GB), |d| 10 * GB + d * GB);
        let week = change_over(&p, 7).expect("a week back");
        assert_eq!(week.bytes, 7 * GB);
        let pct = week.percent.expect("percent");
        assert!((pct - 7.0 * 100.0 / 42.0).abs() < 1e-9, "{pct}");
        assert_eq!(change_over(&p, 30).map(|c| c.bytes), Some(30 * GB));
        assert_eq!(change_over(&p[..5], 7), None, "not far enough back");
        let from_zero = series(10, Some(GB), |d| d);
        assert_eq!(change_over(&from_zero, 9).and_then(|c| c.percent), None);
        // With a gap, the latest point at or before the day a week back.
        let gappy = [
            Point {
                day: 1,
                used: 10,
                quota: None,
            },
            Point {
                day: 3,
                used: 30,
                quota: None,
            },
            Point {
                day: 10,
                used: 100,
                quota: None,
            },
        ];
        assert_eq!(change_over(&gappy, 7).map(|c| c.bytes), Some(70));
    }
}
