//! A history chart's geometry, words and numbers: the days, the series drawn over them (a
//! space's used and quota; the organization's used, capacity and allotted), the SVG paths in
//! whole viewBox units (no float formatting in the wasm), the axes' ticks, the point nearest
//! a pointer, the summary a screen reader hears, and the CSV of the same numbers.

use crate::csv;
use crate::format::{bytes, Locale};
use crate::i18n::{fill, Msg};

/// The viewBox: a thousandth of the plot's width a unit across, so a point's `x` is also its
/// place in per mille (the HTML labels beside the SVG are placed by it).
pub const WIDTH: i64 = 1000;
pub const HEIGHT: i64 = 300;
/// Ticks on the size axis, above zero.
const Y_TICKS: i64 = 4;
/// Dates on the time axis, at most.
const X_TICKS: usize = 5;

/// Days (oldest first) and the series drawn over them, one value a day each; `None` where a
/// series has no value that day (an unlimited quota, a space that did not exist yet).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Frame {
    pub days: Vec<i64>,
    /// Each series' name and values, `values.len() == days.len()`.
    pub series: Vec<(Msg, Vec<Option<i64>>)>,
    /// The first day that is not the demo's made-up history, when some is shown.
    pub demo_until: Option<i64>,
}

impl Frame {
    /// A space's history: `[day, used, quota]` rows, quota `-1` when unlimited.
    pub fn of_space(points: &[[i64; 3]], demo_until: Option<i64>) -> Self {
        Self {
            days: points.iter().map(|p| p[0]).collect(),
            series: vec![
                (Msg::ChartUsed, points.iter().map(|p| Some(p[1])).collect()),
                (
                    Msg::ChartQuota,
                    points.iter().map(|p| (p[2] >= 0).then_some(p[2])).collect(),
                ),
            ],
            demo_until,
        }
    }

    /// The organization's history: `[day, used, capacity, allotted, reserved, spacesUsed]`
    /// rows; drawn are its use, its capacity and what its spaces are allotted.
    pub fn of_org(points: &[[i64; 6]], demo_until: Option<i64>) -> Self {
        let series = |name: Msg, col: usize| (name, points.iter().map(|p| Some(p[col])).collect());
        Self {
            days: points.iter().map(|p| p[0]).collect(),
            series: vec![
                series(Msg::ChartUsed, 1),
                series(Msg::ChartCapacity, 2),
                series(Msg::ChartAllotted, 3),
            ],
            demo_until,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// The days on which series `s` changed from the day before (a quota raised, capacity
    /// bought), as indices into `days`.
    pub fn changes(&self, s: usize) -> Vec<usize> {
        let Some((_, v)) = self.series.get(s) else {
            return Vec::new();
        };
        (1..v.len()).filter(|&i| v[i] != v[i - 1]).collect()
    }
}

/// What the app draws.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plot {
    /// Each series' line: the first as a polyline, the others as steps (a quota holds until
    /// it changes).
    pub lines: Vec<String>,
    /// The area under the first series.
    pub area: String,
    /// Each day's `x`.
    pub xs: Vec<i64>,
    /// Each series' `y` a day (`None`: no value).
    pub ys: Vec<Vec<Option<i64>>>,
    /// The size axis: `(y, bytes)` from zero up.
    pub y_ticks: Vec<(i64, i64)>,
    /// The time axis: `(x, day)`.
    pub x_ticks: Vec<(i64, i64)>,
    /// The demo's made-up part, `x` from 0 to this, when there is one.
    pub demo_to: Option<i64>,
}

/// The top of the size axis: the smallest of 1, 2, 4, 5, 8, 10, 20, 40, 50, 80, 100, 200,
/// 400, 500 or 800 of a binary unit (B, KB, MB, …) at or above `max`, so the ticks fall on
/// round sizes.
pub fn axis_top(max: i64) -> i64 {
    const STEPS: [i64; 15] = [1, 2, 4, 5, 8, 10, 20, 40, 50, 80, 100, 200, 400, 500, 800];
    let max = max.max(1);
    let mut unit: i64 = 1;
    loop {
        if let Some(s) = STEPS
            .iter()
            .map(|s| s.saturating_mul(unit))
            .find(|&t| t >= max)
        {
            return s;
        }
        match unit.checked_mul(1024) {
            Some(u) => unit = u,
            None => return i64::MAX,
        }
    }
}

fn scale(v: i64, top: i64) -> i64 {
    let y = HEIGHT as f64 - v.max(0) as f64 / top as f64 * HEIGHT as f64;
    y.round().clamp(0.0, HEIGHT as f64) as i64
}

/// Lays `f` out in the viewBox.
pub fn plot(f: &Frame) -> Plot {
    let (Some(&first), Some(&last)) = (f.days.first(), f.days.last()) else {
        return Plot::default();
    };
    let span = (last - first).max(1) as f64;
    let x_of = |day: i64| ((day - first) as f64 / span * WIDTH as f64).round() as i64;
    let xs: Vec<i64> = f.days.iter().map(|&d| x_of(d)).collect();
    let max = f
        .series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0);
    let top = axis_top(max);
    let ys: Vec<Vec<Option<i64>>> = f
        .series
        .iter()
        .map(|(_, v)| v.iter().map(|o| o.map(|b| scale(b, top))).collect())
        .collect();
    let lines = ys
        .iter()
        .enumerate()
        .map(|(s, y)| path(&xs, y, s > 0))
        .collect();
    let area = ys.first().map(|y| area(&xs, y)).unwrap_or_default();
    let y_ticks = (0..=Y_TICKS)
        .map(|i| {
            let b = (top as i128 * i as i128 / Y_TICKS as i128) as i64;
            (scale(b, top), b)
        })
        .collect();
    let n = f.days.len();
    let picks = X_TICKS.min(n);
    let mut x_ticks: Vec<(i64, i64)> = (0..picks)
        .map(|k| {
            let i = if picks > 1 {
                k * (n - 1) / (picks - 1)
            } else {
                0
            };
            (xs[i], f.days[i])
        })
        .collect();
    x_ticks.dedup();
    let demo_to = f
        .demo_until
        .filter(|&d| d > first)
        .map(|d| x_of(d.min(last)));
    Plot {
        lines,
        area,
        xs,
        ys,
        y_ticks,
        x_ticks,
        demo_to,
    }
}

/// A line through the points that have a value, a new stroke after each that has none; as
/// steps (across, then up or down) when `step`. A lone point is a dot (a zero-length stroke
/// drawn by a round cap).
fn path(xs: &[i64], ys: &[Option<i64>], step: bool) -> String {
    let mut d = String::new();
    let mut prev: Option<i64> = None;
    for (i, (&x, y)) in xs.iter().zip(ys).enumerate() {
        let Some(y) = *y else {
            prev = None;
            continue;
        };
        match prev {
            None => {
                d.push_str(&format!("M{x} {y}"));
                if ys.get(i + 1).is_none_or(|n| n.is_none()) {
                    d.push_str("h0");
                }
            }
            Some(p) if step => {
                d.push_str(&format!("H{x}"));
                if y != p {
                    d.push_str(&format!("V{y}"));
                }
            }
            Some(_) => d.push_str(&format!("L{x} {y}")),
        }
        prev = Some(y);
    }
    d
}

/// The area between the first series and the axis, one shape per run of values.
fn area(xs: &[i64], ys: &[Option<i64>]) -> String {
    let mut d = String::new();
    let mut run: Option<i64> = None; // x where the current run began
    for (i, (&x, y)) in xs.iter().zip(ys).enumerate() {
        match (*y, run) {
            (Some(y), None) => {
                d.push_str(&format!("M{x} {HEIGHT}L{x} {y}"));
                run = Some(x);
            }
            (Some(y), Some(_)) => d.push_str(&format!("L{x} {y}")),
            (None, _) => {}
        }
        let ends = ys.get(i + 1).is_none_or(|n| n.is_none());
        if y.is_some() && ends {
            d.push_str(&format!("L{x} {HEIGHT}Z"));
            run = None;
        }
    }
    d
}

/// The day nearest `x` (viewBox units), as an index into `xs`.
pub fn nearest(xs: &[i64], x: i64) -> Option<usize> {
    if xs.is_empty() {
        return None;
    }
    let i = xs.partition_point(|&p| p < x);
    let best = match i {
        0 => 0,
        i if i >= xs.len() => xs.len() - 1,
        i if x - xs[i - 1] <= xs[i] - x => i - 1,
        i => i,
    };
    Some(best)
}

/// A value for reading: the size, or "unlimited".
pub fn value_text(v: Option<i64>, loc: impl Locale) -> String {
    match v {
        Some(b) => bytes(b, loc),
        None => loc.lang().t(Msg::ChartUnlimited).to_owned(),
    }
}

/// Day `i` in words: "2026-11-20: used 1.2 GB, quota 5 GB".
pub fn readout(f: &Frame, i: usize, loc: impl Locale) -> String {
    let lang = loc.lang();
    let Some(&day) = f.days.get(i) else {
        return String::new();
    };
    let values: Vec<String> = f
        .series
        .iter()
        .map(|(name, v)| {
            format!(
                "{} {}",
                lang.t(*name),
                value_text(v.get(i).copied().flatten(), loc)
            )
        })
        .collect();
    fill(
        lang.t(Msg::ChartReadout),
        &[&loc.day(day), &values.join(lang.t(Msg::ListSeparator))],
    )
}

/// The chart in one sentence, for its image role: the period, each series from its first
/// value to its last, and how often the second series changed.
pub fn summary(f: &Frame, loc: impl Locale) -> String {
    let lang = loc.lang();
    let (Some(&first), Some(&last)) = (f.days.first(), f.days.last()) else {
        return lang.t(Msg::ChartEmpty).to_owned();
    };
    let parts: Vec<String> = f
        .series
        .iter()
        .map(|(name, v)| {
            let a = value_text(v.first().copied().flatten(), loc);
            let b = value_text(v.last().copied().flatten(), loc);
            if a == b {
                format!("{} {a}", lang.t(*name))
            } else {
                format!("{} {a} → {b}", lang.t(*name))
            }
        })
        .collect();
    let mut text = fill(
        lang.t(Msg::ChartSummary),
        &[
            &loc.day(first),
            &loc.day(last),
            &f.days.len().to_string(),
            &parts.join(lang.t(Msg::ListSeparator)),
        ],
    );
    let changes = f.changes(1).len();
    if changes > 0 {
        let name = f.series.get(1).map(|(n, _)| lang.t(*n)).unwrap_or_default();
        text.push_str(&fill(
            lang.t(Msg::ChartChanges),
            &[name, &changes.to_string()],
        ));
    }
    text
}

/// The chart's numbers as CSV: the date (ISO, for spreadsheets), then each series in bytes
/// and as shown; an unlimited value is empty in bytes and says so as shown. Whether the day
/// is the demo's made-up history closes each record.
pub fn history_csv(f: &Frame, loc: impl Locale) -> String {
    let lang = loc.lang();
    let mut header: Vec<String> = vec![lang.t(Msg::ChartDate).to_owned()];
    for (name, _) in &f.series {
        header.push(fill(lang.t(Msg::ChartBytes), &[lang.t(*name)]));
        header.push(lang.t(*name).to_owned());
    }
    header.push(lang.t(Msg::ChartDemoColumn).to_owned());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let records = f.days.iter().enumerate().map(|(i, &day)| {
        let mut r = vec![csv::cell(&crate::format::iso_day(day))];
        for (_, v) in &f.series {
            let value = v.get(i).copied().flatten();
            r.push(value.map(csv::number).unwrap_or_default());
            r.push(csv::cell(&value_text(value, loc)));
        }
        let demo = f.demo_until.is_some_and(|d| day < d);
        r.push(csv::cell(if demo { lang.t(Msg::Yes) } else { "" }));
        r
    });
    csv::document(&header, records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Plain;
    use crate::i18n::Lang;

    const GB: i64 = 1 << 30;

    fn space() -> Frame {
        Frame::of_space(
            &[
                [100, GB, 4 * GB],
                [101, 2 * GB, 4 * GB],
                [102, 3 * GB, 8 * GB],
                [104, 3 * GB, -1],
            ],
            Some(101),
        )
    }

    #[test]
    fn axis_tops_are_round_sizes() {
        assert_eq!(axis_top(0), 1);
        assert_eq!(axis_top(3), 4);
        assert_eq!(axis_top(900), 1024);
        assert_eq!(axis_top(1025), 2 * 1024);
        assert_eq!(axis_top(3 * GB), 4 * GB);
        assert_eq!(axis_top(9 * GB), 10 * GB);
        assert_eq!(axis_top(801 * GB), 1024 * GB);
        assert_eq!(axis_top(i64::MAX), i64::MAX);
    }

    #[test]
    fn a_space_is_laid_out_by_day_with_its_quota_as_steps() {
        let f = space();
        let p = plot(&f);
        // Days 100..104: a day is 250 units; the missing day 103 leaves its place empty.
        assert_eq!(p.xs, vec![0, 250, 500, 1000]);
        // Top 8 GB: 1 GB is an eighth of the height up.
        assert_eq!(p.ys[0][0], Some(HEIGHT - HEIGHT / 8));
        assert_eq!(p.lines[0], "M0 263L250 225L500 188L1000 188");
        // The quota steps up on day 102 and ends where it becomes unlimited.
        assert_eq!(p.lines[1], "M0 150H250H500V0");
        assert_eq!(p.area, "M0 300L0 263L250 225L500 188L1000 188L1000 300Z");
        assert_eq!(p.y_ticks.first(), Some(&(HEIGHT, 0)));
        assert_eq!(p.y_ticks.last(), Some(&(0, 8 * GB)));
        assert_eq!(
            p.x_ticks,
            vec![(0, 100), (250, 101), (500, 102), (1000, 104)]
        );
        assert_eq!(p.demo_to, Some(250));
        assert_eq!(f.changes(1), vec![2, 3]);
        for y in p.ys.iter().flatten().flatten() {
            assert!((0..=HEIGHT).contains(y), "inside the box: {y}");
        }
    }

    #[test]
    fn gaps_break_lines_and_lone_points_are_dots() {
        let f = Frame {
            days: vec![1, 2, 3, 4],
            series: vec![(Msg::ChartUsed, vec![Some(1), None, Some(1), Some(1)])],
            demo_until: None,
        };
        let p = plot(&f);
        assert_eq!(p.lines[0], "M0 0h0M667 0L1000 0");
        assert_eq!(p.area, "M0 300L0 0L0 300ZM667 300L667 0L1000 0L1000 300Z");
        assert_eq!(plot(&Frame::default()), Plot::default());
        let one = plot(&Frame::of_space(&[[7, 5, 10]], None));
        assert_eq!(one.xs, vec![0]);
        assert_eq!(one.lines[0], "M0 150h0");
        assert_eq!(one.x_ticks, vec![(0, 7)]);
    }

    #[test]
    fn the_nearest_day_to_a_pointer() {
        let xs = [0, 250, 500, 1000];
        assert_eq!(nearest(&xs, -5), Some(0));
        assert_eq!(nearest(&xs, 124), Some(0));
        assert_eq!(nearest(&xs, 126), Some(1));
        assert_eq!(nearest(&xs, 750), Some(2));
        assert_eq!(nearest(&xs, 751), Some(3));
        assert_eq!(nearest(&xs, 5000), Some(3));
        assert_eq!(nearest(&[], 1), None);
    }

    #[test]
    fn words_for_a_reader() {
        let f = space();
        let en = Plain(Lang::En);
        assert_eq!(
            summary(&f, en),
            "1970-04-11 to 1970-04-15, 4 days: Used 1 GB → 3 GB, Quota 4 GB → unlimited. Quota changed 2 times."
        );
        assert_eq!(readout(&f, 3, en), "1970-04-15: Used 3 GB, Quota unlimited");
        assert_eq!(readout(&f, 9, en), "");
        assert!(summary(&f, Plain(Lang::Zh)).contains("配额"));
        assert_eq!(
            summary(&Frame::default(), en),
            "No history yet: each daily snapshot adds a point."
        );
    }

    #[test]
    fn the_organization_draws_use_capacity_and_allotted() {
        let f = Frame::of_org(
            &[
                [1, 10, 100, 60, 5, 9],
                [2, 20, 100, 80, 5, 19],
                [3, 30, 200, 80, 5, 29],
            ],
            None,
        );
        assert_eq!(f.series.len(), 3);
        assert_eq!(f.changes(1), vec![2], "capacity bought on day 3");
        let p = plot(&f);
        assert_eq!(p.lines.len(), 3);
        assert_eq!(p.lines[2], "M0 210H500V180H1000", "allotted as steps");
        let doc = history_csv(&f, Plain(Lang::En));
        assert!(
            doc.contains("Capacity (bytes),Capacity,Allotted to spaces (bytes)"),
            "{doc}"
        );
    }

    #[test]
    fn the_history_as_csv() {
        let doc = history_csv(&space(), Plain(Lang::En));
        let lines: Vec<&str> = doc.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert!(doc.starts_with('\u{FEFF}'));
        assert_eq!(
            lines[0],
            "Date,Used (bytes),Used,Quota (bytes),Quota,Demo data"
        );
        assert_eq!(lines[1], "1970-04-11,1073741824,1 GB,4294967296,4 GB,yes");
        assert_eq!(lines[4], "1970-04-15,3221225472,3 GB,,unlimited,");
        assert_eq!(lines.len(), 6, "four days, a header and the last CRLF");
    }
}
