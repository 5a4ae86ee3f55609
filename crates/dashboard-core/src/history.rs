//! What the server says of the spaces' history, and how it works it out from the daily
//! points in its store: for the review, each space's growth over 7 and 30 days, its forecast
//! and a sparkline; for one space, every daily point. The server aggregates and the browser
//! receives only what it draws (a sparkline is 30 characters, not 30 numbers).

use crate::format::{bytes, Locale};
use crate::i18n::{fill, Msg};
use crate::trend::{change_over, forecast, Forecast, Point, WINDOW};
use serde::{Deserialize, Serialize};

/// China time is UTC+8 all year.
const CHINA_OFFSET_SECS: i64 = 8 * 3600;

/// The day (days since 1970-01-01 in China) of a Unix time in seconds.
pub fn china_day(epoch_secs: i64) -> i64 {
    (epoch_secs + CHINA_OFFSET_SECS).div_euclid(86_400)
}

/// The forecast as it travels: a kind and the days it names (no tagged enum, whose decoding
/// would bring serde's buffering into the wasm).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct ForecastInfo {
    pub kind: ForecastKind,
    /// Days of history the forecast had (at most the 30 it reads).
    pub points: usize,
    /// For `fills`: the range of days it is full on, and the likeliest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likely: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest: Option<i64>,
    /// For `fills`: bytes a day, rounded (whole numbers only travel: no float parsing in the
    /// wasm).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_day: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum ForecastKind {
    #[default]
    TooFewPoints,
    Unlimited,
    AlreadyFull,
    NotGrowing,
    Distant,
    Fills,
}

impl ForecastInfo {
    pub fn new(f: Forecast, points: usize) -> Self {
        let base = Self {
            points: points.min(WINDOW),
            ..Self::default()
        };
        match f {
            Forecast::TooFewPoints { .. } => base,
            Forecast::Unlimited => Self {
                kind: ForecastKind::Unlimited,
                ..base
            },
            Forecast::AlreadyFull => Self {
                kind: ForecastKind::AlreadyFull,
                ..base
            },
            Forecast::NotGrowing => Self {
                kind: ForecastKind::NotGrowing,
                ..base
            },
            Forecast::Distant => Self {
                kind: ForecastKind::Distant,
                ..base
            },
            Forecast::Fills {
                earliest,
                likely,
                latest,
                per_day,
            } => Self {
                kind: ForecastKind::Fills,
                earliest: Some(earliest),
                likely: Some(likely),
                latest,
                per_day: Some(per_day.round() as i64),
                ..base
            },
        }
    }

    /// Days from `today` until the likely day of being full (0 when already full).
    pub fn days_until_full(&self, today: i64) -> Option<i64> {
        match self.kind {
            ForecastKind::AlreadyFull => Some(0),
            ForecastKind::Fills => self.likely.map(|d| (d - today).max(0)),
            _ => None,
        }
    }
}

/// One space's growth and forecast, for its review row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct SpaceTrend {
    pub space_id: String,
    /// Bytes gained over 7 days (negative: freed), and as a share of the use then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change7: Option<i64>,
    /// In basis points (1% = 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change7_bp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change30: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change30_bp: Option<i64>,
    pub forecast: ForecastInfo,
    /// The last 30 days' use, one character a day ([`spark_encode`]).
    pub spark: String,
}

/// The review's history: each space's trend, judged on `today`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Trends {
    pub today: i64,
    /// Days of history kept, at most (the store's retention).
    pub days_kept: i64,
    /// The first day that is not the demo's made-up history, when there is some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo_until: Option<i64>,
    /// Days within which a forecast counts as soon (the server's `WARNING_HORIZON_DAYS`).
    pub horizon: i64,
    pub spaces: Vec<SpaceTrend>,
}

impl Trends {
    /// The warning horizon, the default where the server sent none.
    pub fn horizon(&self) -> i64 {
        if self.horizon > 0 {
            self.horizon
        } else {
            DEFAULT_WARNING_HORIZON_DAYS
        }
    }
}

/// A space's growth and forecast from its daily points (oldest first), judged on `today`.
pub fn space_trend(space_id: &str, points: &[Point], today: i64) -> SpaceTrend {
    let week = change_over(points, 7);
    let month = change_over(points, 30);
    let window = points.len().min(WINDOW);
    SpaceTrend {
        space_id: space_id.to_owned(),
        change7: week.map(|c| c.bytes),
        change7_bp: week
            .and_then(|c| c.percent)
            .map(|p| (p * 100.0).round() as i64),
        change30: month.map(|c| c.bytes),
        change30_bp: month
            .and_then(|c| c.percent)
            .map(|p| (p * 100.0).round() as i64),
        forecast: ForecastInfo::new(forecast(points, today), window),
        spark: spark_encode(points, today),
    }
}

/// The characters of a sparkline, lowest to highest: 62 levels.
const SPARK_LEVELS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// A day with no point (the space did not exist, or no snapshot was taken).
pub const SPARK_GAP: char = '.';

/// The last 30 days' use up to `today` as 30 characters, one a day: each the day's use on a
/// scale from the window's lowest (`0`) to its highest (`z`), `.` where the day has no
/// point. A flat line is all `0`. Relative, like any sparkline: the review shows the bytes.
pub fn spark_encode(points: &[Point], today: i64) -> String {
    let first = today - WINDOW as i64 + 1;
    let recent: Vec<&Point> = points
        .iter()
        .filter(|p| p.day >= first && p.day <= today)
        .collect();
    let (lo, hi) = recent.iter().fold((i64::MAX, i64::MIN), |(lo, hi), p| {
        (lo.min(p.used), hi.max(p.used))
    });
    let top = (SPARK_LEVELS.len() - 1) as f64;
    (first..=today)
        .map(|day| match recent.iter().find(|p| p.day == day) {
            None => SPARK_GAP,
            Some(_) if hi <= lo => '0',
            Some(p) => {
                let level = ((p.used - lo) as f64 / (hi - lo) as f64 * top).round() as usize;
                SPARK_LEVELS[level.min(SPARK_LEVELS.len() - 1)] as char
            }
        })
        .collect()
}

/// A sparkline's levels from 0.0 (the window's lowest) to 1.0 (its highest), `None` for a
/// day without a point or a character that is not a level.
pub fn spark_decode(spark: &str) -> Vec<Option<f64>> {
    let top = (SPARK_LEVELS.len() - 1) as f64;
    spark
        .bytes()
        .map(|b| {
            SPARK_LEVELS
                .iter()
                .position(|l| *l == b)
                .map(|i| i as f64 / top)
        })
        .collect()
}

/// Days within which a forecast counts as soon, unless the server says otherwise: the review
/// marks the space.
pub const DEFAULT_WARNING_HORIZON_DAYS: i64 = 30;

/// A change in bytes with its sign: `+1.5 GB`, `−200 MB`, `±0 B`.
pub fn signed_bytes(b: i64, loc: impl Locale) -> String {
    let sign = match b.signum() {
        1 => "+",
        -1 => "−",
        _ => "±",
    };
    format!("{sign}{}", bytes(b.saturating_abs(), loc))
}

impl SpaceTrend {
    /// "30 days +1.5 GB", or "No history yet" without a point 30 days back or more recent
    /// (the sparkline's summary says the same in its label).
    pub fn change_text(&self, loc: impl Locale) -> String {
        let lang = loc.lang();
        match self.change30.or(self.change7) {
            Some(b) => fill(lang.t(Msg::TrendChange30), &[&signed_bytes(b, loc)]),
            None => lang.t(Msg::TrendNoHistory).to_owned(),
        }
    }

    /// The forecast in words, judged on `today`; `None` where the quota state says it all
    /// (unlimited, already full).
    pub fn forecast_text(&self, today: i64, loc: impl Locale) -> Option<String> {
        let lang = loc.lang();
        let f = &self.forecast;
        let text = match f.kind {
            ForecastKind::Unlimited | ForecastKind::AlreadyFull => return None,
            ForecastKind::TooFewPoints => lang.t(Msg::ForecastTooFew).to_owned(),
            ForecastKind::NotGrowing => lang.t(Msg::ForecastNotGrowing).to_owned(),
            ForecastKind::Distant => lang.t(Msg::ForecastDistant).to_owned(),
            ForecastKind::Fills => {
                let from = (f.earliest? - today).max(0);
                match f.latest {
                    Some(to) => fill(
                        lang.t(Msg::ForecastFills),
                        &[&from.to_string(), &(to - today).max(from).to_string()],
                    ),
                    None => fill(lang.t(Msg::ForecastFillsOpen), &[&from.to_string()]),
                }
            }
        };
        Some(text)
    }

    /// Whether the space is forecast full within `horizon` days of `today`.
    pub fn full_soon(&self, today: i64, horizon: i64) -> bool {
        self.forecast.kind == ForecastKind::Fills
            && self
                .forecast
                .days_until_full(today)
                .is_some_and(|d| d <= horizon)
    }
}

/// The SVG path of a sparkline `width` × `height` (viewBox units, whole numbers: no float
/// formatting in the wasm): a point a day left to right, the highest at the top, a new stroke
/// after each day without a point; a lone point is a dot (a zero-length stroke, drawn by a
/// round cap).
pub fn spark_path(spark: &str, width: i64, height: i64) -> String {
    let levels = spark_decode(spark);
    let last = levels.len().saturating_sub(1).max(1) as f64;
    let mut d = String::new();
    let mut pen_down = false;
    for (i, level) in levels.iter().enumerate() {
        let Some(level) = level else {
            pen_down = false;
            continue;
        };
        let x = (i as f64 * width as f64 / last).round() as i64;
        let y = 1 + ((1.0 - level) * (height - 2) as f64).round() as i64;
        let lone = !pen_down && levels.get(i + 1).is_none_or(|n| n.is_none());
        let cmd = if pen_down { 'L' } else { 'M' };
        d.push_str(&format!("{cmd}{x} {y}"));
        if lone {
            d.push_str("h0");
        }
        pen_down = true;
    }
    d
}

/// One space's whole history, for its chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct SpaceHistory {
    pub today: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo_until: Option<i64>,
    /// `[day, used, quota]` (quota -1 when unlimited), oldest first.
    pub points: Vec<[i64; 3]>,
    pub trend: SpaceTrend,
}

impl SpaceHistory {
    pub fn new(space_id: &str, points: &[Point], today: i64, demo_until: Option<i64>) -> Self {
        Self {
            today,
            demo_until,
            points: points
                .iter()
                .map(|p| [p.day, p.used, p.quota.unwrap_or(-1)])
                .collect(),
            trend: space_trend(space_id, points, today),
        }
    }
}

/// The organization's storage on one day: DingTalk's figures for the organization, beside
/// what its spaces added up to in the same snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrgDay {
    pub day: i64,
    pub used: i64,
    pub capacity: i64,
    pub reserved: i64,
    pub allotted: i64,
    pub spaces_used: i64,
}

/// The organization's history, for its headline and chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct OrgHistory {
    pub today: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo_until: Option<i64>,
    /// `[day, used, capacity, allotted, reserved, spacesUsed]`, oldest first.
    pub points: Vec<[i64; 6]>,
    /// The organization's growth and its forecast of filling its capacity.
    pub trend: SpaceTrend,
}

impl OrgHistory {
    pub fn new(days: &[OrgDay], today: i64, demo_until: Option<i64>) -> Self {
        let points: Vec<Point> = days
            .iter()
            .map(|d| Point {
                day: d.day,
                used: d.used,
                quota: Some(d.capacity),
            })
            .collect();
        Self {
            today,
            demo_until,
            points: days
                .iter()
                .map(|d| {
                    [
                        d.day,
                        d.used,
                        d.capacity,
                        d.allotted,
                        d.reserved,
                        d.spaces_used,
                    ]
                })
                .collect(),
            trend: space_trend("org", &points, today),
        }
    }

    /// The latest day's figures.
    pub fn latest(&self) -> Option<OrgDay> {
        self.points.last().map(|p| OrgDay {
            day: p[0],
            used: p[1],
            capacity: p[2],
            allotted: p[3],
            reserved: p[4],
            spaces_used: p[5],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(days: &[(i64, i64)]) -> Vec<Point> {
        days.iter()
            .map(|&(day, used)| Point {
                day,
                used,
                quota: Some(1000),
            })
            .collect()
    }

    #[test]
    fn days_turn_at_midnight_in_china() {
        // 2026-11-30T15:59:59Z is 23:59:59 in Beijing; a second later it is 1 December.
        let last = 1_795_881_599;
        assert_eq!(china_day(last + 1) - china_day(last), 1);
        assert_eq!(china_day(0), 0);
        assert_eq!(china_day(-8 * 3600 - 1), -1);
    }

    #[test]
    fn a_sparkline_is_thirty_characters_scaled_to_its_window() {
        let today = 100;
        let p: Vec<Point> = pts(&(71..=100).map(|d| (d, d * 10)).collect::<Vec<_>>());
        let s = spark_encode(&p, today);
        assert_eq!(s.len(), 30);
        assert!(s.starts_with('0') && s.ends_with('z'), "{s}");
        let levels = spark_decode(&s);
        assert_eq!(levels.first(), Some(&Some(0.0)));
        assert_eq!(levels.last(), Some(&Some(1.0)));
        assert!(levels.windows(2).all(|w| w[0] <= w[1]), "rising");
    }

    #[test]
    fn gaps_flat_lines_and_old_points() {
        let today = 50;
        // Only days 48 and 50, and one long before the window.
        let p = pts(&[(1, 999), (48, 10), (50, 20)]);
        let s = spark_encode(&p, today);
        assert_eq!(s.len(), 30);
        assert_eq!(&s[27..], "0.z");
        assert!(s[..27].chars().all(|c| c == SPARK_GAP), "{s}");
        let flat = pts(&[(49, 5), (50, 5)]);
        assert!(spark_encode(&flat, today).ends_with("00"));
        assert_eq!(spark_decode("0.?"), vec![Some(0.0), None, None]);
        assert_eq!(spark_encode(&[], today), ".".repeat(30));
    }

    #[test]
    fn a_trend_has_its_changes_forecast_and_sparkline() {
        let today = 200;
        let p: Vec<Point> = (160..=200)
            .map(|d| Point {
                day: d,
                used: 100 + (d - 160) * 10,
                quota: Some(1000),
            })
            .collect();
        let t = space_trend("28", &p, today);
        assert_eq!((t.change7, t.change30), (Some(70), Some(300)));
        assert_eq!(t.forecast.kind, ForecastKind::Fills);
        assert_eq!(t.forecast.points, 30);
        // 500 used, 10 a day, 1000 quota: 50 days.
        assert_eq!(t.forecast.days_until_full(today), Some(50));
        assert_eq!(t.spark.len(), 30);
        // What travels reads back the same.
        let json = serde_json::to_string(&t).expect("json");
        assert!(json.contains("\"kind\":\"fills\""), "{json}");
        assert_eq!(serde_json::from_str::<SpaceTrend>(&json).expect("read"), t);
        let few = space_trend("29", &p[..3], today);
        assert_eq!(few.forecast.kind, ForecastKind::TooFewPoints);
        assert_eq!(few.forecast.points, 3);
        assert_eq!(few.forecast.days_until_full(today), None);
    }

    #[test]
    fn sparkline_paths_break_at_gaps() {
        assert_eq!(spark_path("0z", 100, 120), "M0 119L100 1");
        assert_eq!(spark_path("0.z0", 300, 120), "M0 119h0M200 1L300 119");
        assert_eq!(spark_path("...", 100, 120), "");
        assert_eq!(spark_path("", 100, 120), "");
    }

    #[test]
    fn trends_in_words() {
        use crate::format::Plain;
        use crate::i18n::Lang;
        let today = 200;
        let mut t = SpaceTrend {
            change30: Some(3 * 1024 * 1024 * 1024 / 2),
            forecast: ForecastInfo {
                kind: ForecastKind::Fills,
                points: 30,
                earliest: Some(209),
                likely: Some(210),
                latest: Some(212),
                per_day: Some(1),
            },
            ..SpaceTrend::default()
        };
        let en = Plain(Lang::En);
        assert_eq!(t.change_text(en), "30 days +1.5 GB");
        assert_eq!(t.change_text(Plain(Lang::Zh)), "30 天 +1.5 GB");
        assert_eq!(
            t.forecast_text(today, en).as_deref(),
            Some("Full in about 9–12 days")
        );
        assert!(t.full_soon(today, 30) && !t.full_soon(today, 5));
        t.forecast.latest = None;
        assert_eq!(
            t.forecast_text(today, Plain(Lang::Zh)).as_deref(),
            Some("预计 9 天后或更晚才满")
        );
        t.change30 = None;
        t.change7 = Some(-200 * 1024 * 1024);
        assert_eq!(t.change_text(en), "30 days −200 MB");
        t.change7 = None;
        assert_eq!(t.change_text(en), "No history yet");
        for (kind, text) in [
            (
                ForecastKind::TooFewPoints,
                Some("Under 7 days of history: no forecast yet"),
            ),
            (ForecastKind::NotGrowing, Some("Not growing over 30 days")),
            (ForecastKind::Distant, Some("Not full within ten years")),
            (ForecastKind::Unlimited, None),
            (ForecastKind::AlreadyFull, None),
        ] {
            t.forecast = ForecastInfo {
                kind,
                ..ForecastInfo::default()
            };
            assert_eq!(t.forecast_text(today, en).as_deref(), text, "{kind:?}");
            assert!(!t.full_soon(today, 30));
        }
        assert_eq!(signed_bytes(0, en), "±0 B");
    }

    #[test]
    fn the_organization_is_forecast_against_its_capacity() {
        let days: Vec<OrgDay> = (0..30)
            .map(|i| OrgDay {
                day: 100 + i,
                used: 1000 + 10 * i,
                capacity: 2000,
                reserved: 50,
                allotted: 1500,
                spaces_used: 990 + 10 * i,
            })
            .collect();
        let h = OrgHistory::new(&days, 129, None);
        assert_eq!(h.points.len(), 30);
        assert_eq!(h.points[29], [129, 1290, 2000, 1500, 50, 1280]);
        assert_eq!(h.trend.change7, Some(70));
        // 710 bytes of room at 10 a day: 71 days.
        assert_eq!(h.trend.forecast.kind, ForecastKind::Fills);
        assert_eq!(h.trend.forecast.days_until_full(129), Some(71));
        assert_eq!(h.latest().map(|d| (d.used, d.capacity)), Some((1290, 2000)));
        let json = serde_json::to_string(&h).expect("json");
        assert_eq!(serde_json::from_str::<OrgHistory>(&json).expect("read"), h);
        assert_eq!(OrgHistory::new(&[], 5, None).latest(), None);
    }

    #[test]
    fn a_history_travels_as_rows_of_three() {
        let p = vec![
            Point {
                day: 1,
                used: 5,
                quota: None,
            },
            Point {
                day: 2,
                used: 6,
                quota: Some(10),
            },
        ];
        let h = SpaceHistory::new("28", &p, 2, Some(2));
        assert_eq!(h.points, vec![[1, 5, -1], [2, 6, 10]]);
        let json = serde_json::to_string(&h).expect("json");
        assert!(json.contains("\"points\":[[1,5,-1],[2,6,10]]"), "{json}");
    }
}
