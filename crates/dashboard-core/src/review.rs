//! The quota review's pure logic: the view in the URL (sort, order, filter), ordering the
//! spaces, and the summary. Tested natively; the views only render what this returns.

use crate::history::SpaceTrend;
use crate::listing::Phase;
use crate::quota::{QuotaState, Thresholds, Usage};
use dingtalk_wire::query::{Params, QueryBuilder};
use dingtalk_wire::{ErrorClass, Quota, Space};
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Fill percentage.
    #[default]
    Usage,
    Used,
    Quota,
    Name,
    Modified,
    /// Bytes gained over 7 days (from the history).
    Growth7,
    /// Bytes gained over 30 days.
    Growth30,
    /// Days until full, by the forecast.
    FullIn,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        Self::Usage,
        Self::Used,
        Self::Quota,
        Self::Name,
        Self::Modified,
        Self::Growth7,
        Self::Growth30,
        Self::FullIn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Usage => "usage",
            Self::Used => "used",
            Self::Quota => "quota",
            Self::Name => "name",
            Self::Modified => "modified",
            Self::Growth7 => "growth7",
            Self::Growth30 => "growth30",
            Self::FullIn => "full",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Whether sorting by it needs the history (admins' review only).
    pub fn needs_history(self) -> bool {
        matches!(self, Self::Growth7 | Self::Growth30 | Self::FullIn)
    }

    /// The natural direction when the admin picks this key: fullest, biggest, newest and
    /// fastest-growing first; names A to Z; the soonest full first.
    pub fn default_desc(self) -> bool {
        !matches!(self, Self::Name | Self::FullIn)
    }
}

/// What the admin is looking at, as it lives in the URL query: `?sort=usage&order=desc&q=研发`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewQuery {
    pub sort: SortKey,
    pub desc: bool,
    pub filter: String,
    /// Only the spaces forecast full within the warning horizon (`soon=1`).
    pub soon: bool,
}

impl Default for ReviewQuery {
    fn default() -> Self {
        Self {
            sort: SortKey::Usage,
            desc: true,
            filter: String::new(),
            soon: false,
        }
    }
}

impl ReviewQuery {
    /// Reads the query; unknown or missing values take the defaults (a hand-edited or old
    /// link still opens).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let sort = get("sort")
            .as_deref()
            .and_then(SortKey::parse)
            .unwrap_or_default();
        let desc = match get("order").as_deref() {
            Some("asc") => false,
            Some("desc") => true,
            _ => sort.default_desc(),
        };
        let filter = get("q").unwrap_or_default().chars().take(200).collect();
        let soon = get("soon").as_deref() == Some("1");
        Self {
            sort,
            desc,
            filter,
            soon,
        }
    }

    pub fn parse(query: &str) -> Self {
        let p = Params::parse(query);
        Self::from_params(|k| p.get(k).map(str::to_owned))
    }

    /// The query string (without `?`); defaults are left out so plain links stay plain.
    pub fn to_query(&self) -> String {
        let mut q = QueryBuilder::default();
        if self.sort != SortKey::default() || self.desc != self.sort.default_desc() {
            q.push("sort", self.sort.code());
            q.push("order", if self.desc { "desc" } else { "asc" });
        }
        if !self.filter.is_empty() {
            q.push("q", &self.filter);
        }
        if self.soon {
            q.push("soon", "1");
        }
        q.finish()
    }
}

/// A space with what sorting and filtering need, computed once per space.
#[derive(Debug, Clone)]
pub struct Row {
    pub space: Space,
    pub usage: Usage,
    /// Lower-cased name for the filter.
    folded: String,
    /// Position of the name in the language's collation (0 = first).
    pub name_rank: u32,
    /// From the history, once known: bytes gained over 7 and 30 days, days until full.
    pub growth7: Option<i64>,
    pub growth30: Option<i64>,
    /// 0 when already full.
    pub full_in: Option<i64>,
    /// Forecast to fill within the warning horizon (not already full).
    soon: bool,
}

impl Row {
    pub fn new(space: Space) -> Self {
        let usage = Usage::of(&space);
        let folded = space.space_name.to_lowercase();
        Self {
            space,
            usage,
            folded,
            name_rank: 0,
            growth7: None,
            growth30: None,
            full_in: None,
            soon: false,
        }
    }

    /// Takes the history's figures for sorting and filtering (`today`: the day they were
    /// judged on; `horizon`: the days within which a forecast counts as soon).
    pub fn set_trend(&mut self, t: &SpaceTrend, today: i64, horizon: i64) {
        self.growth7 = t.change7;
        self.growth30 = t.change30;
        self.full_in = t.forecast.days_until_full(today);
        self.soon = t.full_soon(today, horizon);
    }

    /// Forecast to fill within the warning horizon (a space already full is not: its state
    /// says so).
    pub fn full_soon(&self) -> bool {
        self.soon
    }

    fn modified(&self) -> Option<i64> {
        self.space.modify_time.as_ref().and_then(|t| t.epoch_ms())
    }
}

impl crate::listing::Item for Row {
    fn id(&self) -> &str {
        &self.space.space_id
    }
}

/// Ranks the names of the rows in collation order (Intl.Collator "zh" in the browser, so
/// Chinese names sort in pinyin order), so sorting by name is a plain integer sort. Pages are
/// added as they arrive: each new name is placed by binary search (a few collator calls per
/// name, not a full re-sort).
#[derive(Debug, Clone, Default)]
pub struct NameRanks {
    by_name: Vec<usize>,
}

impl NameRanks {
    /// Ranks the rows not ranked yet (those past the ones seen before) and renumbers all.
    pub fn add(&mut self, rows: &mut [Row], compare: impl Fn(&str, &str) -> Ordering) {
        for i in self.by_name.len()..rows.len() {
            let pos = self.by_name.partition_point(|&j| {
                compare(&rows[j].space.space_name, &rows[i].space.space_name)
                    .then_with(|| rows[j].space.space_id.cmp(&rows[i].space.space_id))
                    == Ordering::Less
            });
            self.by_name.insert(pos, i);
        }
        for (rank, &i) in self.by_name.iter().enumerate() {
            rows[i].name_rank = rank as u32;
        }
    }
}

/// The sort value of a row for `key`; `None` (no usable data) always sorts last.
fn sort_value(row: &Row, key: SortKey) -> Option<i64> {
    match key {
        SortKey::Usage => match (row.usage.quota, row.usage.used) {
            (Quota::Unlimited, _) => Some(-1),
            // Anything stored in a zero quota is infinitely over.
            (Quota::Limited(0), Some(u)) if u > 0 => Some(i64::MAX),
            (Quota::Limited(0), Some(_)) => Some(0),
            _ => row.usage.bp,
        },
        SortKey::Used => row.usage.used,
        SortKey::Quota => match row.usage.quota {
            Quota::Unlimited => Some(i64::MAX),
            Quota::Limited(q) => Some(q),
            Quota::Unknown => None,
        },
        SortKey::Name => Some(row.name_rank as i64),
        SortKey::Modified => row.modified(),
        SortKey::Growth7 => row.growth7,
        SortKey::Growth30 => row.growth30,
        SortKey::FullIn => row.full_in,
    }
}

/// Orders two rows: by the key in the chosen direction, unknown values last whatever the
/// direction, then by name and id so the order is total and stable.
pub fn compare(a: &Row, b: &Row, key: SortKey, desc: bool) -> Ordering {
    let primary = match (sort_value(a, key), sort_value(b, key)) {
        (Some(x), Some(y)) if desc => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    primary
        .then(a.name_rank.cmp(&b.name_rank))
        .then_with(|| a.space.space_id.cmp(&b.space.space_id))
}

/// What is known of the space a folder page shows: from the shared spaces list, or from the
/// one-space call.
#[derive(Debug, Clone, PartialEq)]
pub enum SpaceLookup {
    /// The list (or the call) is still loading and the space has not come yet.
    Loading,
    Found(Box<Space>),
    /// The whole list is here and the space is not in it, or DingTalk says it does not exist.
    Missing,
    /// The list stopped (failed or cancelled) before the space came, or the call failed.
    Unavailable,
}

impl SpaceLookup {
    /// The one-space call's answer (`GET /v1.0/storage/spaces/{spaceId}`), in the Drive
    /// list's terms ([`dingtalk_wire::StorageSpace::as_drive_space`]).
    pub fn of_answer(answer: Result<Space, crate::ApiError>) -> Self {
        match answer {
            Ok(space) => Self::Found(Box::new(space)),
            Err(e) if e.dingtalk_code().map(|c| c.class()) == Some(ErrorClass::NotFound) => {
                Self::Missing
            }
            Err(_) => Self::Unavailable,
        }
    }
}

pub fn lookup_space(rows: &[Row], phase: &Phase, id: &str) -> SpaceLookup {
    match rows.iter().find(|r| r.space.space_id == id) {
        Some(r) => SpaceLookup::Found(Box::new(r.space.clone())),
        None => match phase {
            Phase::Idle | Phase::Loading | Phase::More => SpaceLookup::Loading,
            Phase::Done => SpaceLookup::Missing,
            Phase::Cancelled | Phase::Failed(_) => SpaceLookup::Unavailable,
        },
    }
}

/// Indices of the rows the view shows, in order.
pub fn visible(rows: &[Row], q: &ReviewQuery) -> Vec<usize> {
    let needle = q.filter.trim().to_lowercase();
    let mut idx: Vec<usize> = (0..rows.len())
        .filter(|&i| needle.is_empty() || rows[i].folded.contains(&needle))
        .filter(|&i| !q.soon || rows[i].full_soon())
        .collect();
    idx.sort_by(|&a, &b| compare(&rows[a], &rows[b], q.sort, q.desc));
    idx
}

/// The numbers at the top of the review.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub spaces: usize,
    /// Bytes used, all spaces (i128: thousands of spaces near i64::MAX cannot overflow it).
    pub used: i128,
    /// Bytes allotted to limited spaces.
    pub allotted: i128,
    /// Bytes used by the limited spaces only (to set against `allotted`).
    pub used_limited: i128,
    pub unlimited: usize,
    pub ok: usize,
    pub warning: usize,
    pub critical: usize,
    pub over: usize,
    pub unknown: usize,
    /// The five fullest limited spaces (row indices), fullest first.
    pub fullest: Vec<usize>,
    /// The five spaces that grew most over 30 days (row indices, growth above zero), most
    /// first; empty until the history's figures reach the rows.
    pub growing: Vec<usize>,
    /// Spaces forecast full within the warning horizon.
    pub soon: usize,
}

pub fn summarize(rows: &[Row], t: Thresholds) -> Summary {
    let mut s = Summary {
        spaces: rows.len(),
        ..Summary::default()
    };
    for r in rows {
        let used = r.usage.used.unwrap_or(0) as i128;
        s.used += used;
        if let Quota::Limited(q) = r.usage.quota {
            s.allotted += q as i128;
            s.used_limited += used;
        }
        match r.usage.state(t) {
            QuotaState::Ok => s.ok += 1,
            QuotaState::Warning => s.warning += 1,
            QuotaState::Critical => s.critical += 1,
            QuotaState::Over => s.over += 1,
            QuotaState::Unlimited => s.unlimited += 1,
            QuotaState::Unknown => s.unknown += 1,
        }
    }
    let mut limited: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            matches!(rows[i].usage.quota, Quota::Limited(_))
                && rows[i].usage.used.is_some_and(|u| u > 0)
        })
        .collect();
    limited.sort_by(|&a, &b| compare(&rows[a], &rows[b], SortKey::Usage, true));
    limited.truncate(5);
    s.fullest = limited;
    let mut growing: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].growth30.is_some_and(|g| g > 0))
        .collect();
    growing.sort_by(|&a, &b| compare(&rows[a], &rows[b], SortKey::Growth30, true));
    growing.truncate(5);
    s.growing = growing;
    s.soon = rows.iter().filter(|r| r.full_soon()).count();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        id: &str,
        name: &str,
        quota: Option<i64>,
        used: Option<i64>,
        modified: Option<&str>,
    ) -> Row {
        Row::new(Space {
            space_id: id.into(),
            space_name: name.into(),
            quota,
            used_quota: used,
            modify_time: modified.map(dingtalk_wire::IsoTime::parse),
            ..Space::default()
        })
    }

    fn rows() -> Vec<Row> {
        let spaces = vec![
            row("a", "Alpha", Some(100), Some(50), Some("2024-01-01T00:00Z")),
            row(
                "b",
                "beta",
                Some(-1),
                Some(900),
                Some("2024-03-01T00:00:00Z"),
            ),
            row("c", "Gamma", Some(0), Some(5), None),
            row(
                "d",
                "delta",
                Some(100),
                Some(250),
                Some("2023-01-01T00:00Z"),
            ),
            row("e", "Epsilon", None, None, Some("2025-01-01T00:00Z")),
            row("f", "zero", Some(0), Some(0), Some("2022-01-01T00:00Z")),
            row("g", "Full", Some(100), Some(100), Some("2021-01-01T00:00Z")),
        ];
        // Arriving over two pages must rank the same as arriving at once.
        let mut rows = spaces;
        let mut ranks = NameRanks::default();
        let fold = |a: &str, b: &str| a.to_lowercase().cmp(&b.to_lowercase());
        ranks.add(&mut rows[..3], fold);
        ranks.add(&mut rows, fold);
        rows
    }

    fn ids(rows: &[Row], q: &ReviewQuery) -> String {
        visible(rows, q)
            .into_iter()
            .map(|i| rows[i].space.space_id.as_str())
            .collect()
    }

    fn q(sort: SortKey, desc: bool) -> ReviewQuery {
        ReviewQuery {
            sort,
            desc,
            ..ReviewQuery::default()
        }
    }

    #[test]
    fn usage_order_puts_zero_quota_overuse_first_unlimited_low_unknown_last() {
        let r = rows();
        assert_eq!(ids(&r, &q(SortKey::Usage, true)), "cdgafbe");
        assert_eq!(ids(&r, &q(SortKey::Usage, false)), "bfagdce");
    }

    #[test]
    fn quota_order_counts_unlimited_as_largest() {
        let r = rows();
        assert_eq!(ids(&r, &q(SortKey::Quota, true)), "badgcfe");
        assert_eq!(ids(&r, &q(SortKey::Quota, false)), "cfadgbe");
    }

    #[test]
    fn used_name_and_modified_orders() {
        let r = rows();
        assert_eq!(ids(&r, &q(SortKey::Used, true)), "bdgacfe");
        assert_eq!(ids(&r, &q(SortKey::Name, false)), "abdegcf");
        assert_eq!(ids(&r, &q(SortKey::Modified, true)), "ebadfgc");
    }

    #[test]
    fn filter_is_case_insensitive_substring() {
        let r = rows();
        let mut query = q(SortKey::Name, false);
        query.filter = "  ELT ".into();
        assert_eq!(ids(&r, &query), "d");
        query.filter = "a".into();
        assert_eq!(ids(&r, &query), "abdc");
    }

    #[test]
    fn equal_names_rank_by_id_whatever_the_arrival_order() {
        let mut rows =
            [("2", "同名"), ("3", "另"), ("1", "同名")].map(|(id, n)| row(id, n, None, None, None));
        NameRanks::default().add(&mut rows, |a, b| a.cmp(b));
        let by_rank: String = {
            let mut v: Vec<_> = rows.iter().collect();
            v.sort_by_key(|r| r.name_rank);
            v.iter().map(|r| r.space.space_id.as_str()).collect()
        };
        assert_eq!(by_rank, "312", "另 < 同名 by code point, then ids 1 < 2");
    }

    #[test]
    fn growth_and_days_until_full_sort_and_filter_once_the_history_is_known() {
        use crate::history::{ForecastInfo, ForecastKind};
        let mut r = rows();
        let trend = |c7: i64, c30: i64, full: Option<i64>| SpaceTrend {
            change7: Some(c7),
            change30: Some(c30),
            forecast: ForecastInfo {
                kind: if full.is_some() {
                    ForecastKind::Fills
                } else {
                    ForecastKind::NotGrowing
                },
                likely: full.map(|d| 100 + d),
                ..ForecastInfo::default()
            },
            ..SpaceTrend::default()
        };
        // Before the history: no figures, everything sorts by name after the key.
        assert!(r.iter().all(|x| x.full_in.is_none() && !x.full_soon()));
        r[0].set_trend(&trend(10, 300, Some(45)), 100, 30);
        r[1].set_trend(&trend(50, 100, Some(12)), 100, 30);
        r[2].set_trend(&trend(-5, -20, None), 100, 30);
        let by = |sort: SortKey| ReviewQuery {
            sort,
            desc: sort.default_desc(),
            ..ReviewQuery::default()
        };
        let full = ids(&r, &by(SortKey::FullIn));
        assert!(
            full.starts_with("ba"),
            "soonest first, no forecast last: {full}"
        );
        assert!(ids(&r, &by(SortKey::Growth7)).starts_with('b'));
        assert!(ids(&r, &by(SortKey::Growth30)).starts_with('a'));
        let soon = ReviewQuery {
            soon: true,
            ..ReviewQuery::default()
        };
        assert_eq!(ids(&r, &soon), "b", "only the one full within 30 days");
        assert!(!SortKey::FullIn.default_desc() && SortKey::Growth7.default_desc());
        // A space already full sorts first by days until full, but is not "full soon".
        let mut full = trend(0, 0, None);
        full.forecast.kind = ForecastKind::AlreadyFull;
        r[3].set_trend(&full, 100, 30);
        assert!(ids(&r, &by(SortKey::FullIn)).starts_with('d'));
        assert_eq!(ids(&r, &soon), "b");
        assert!(ReviewQuery::parse("soon=1").soon);
        // The summary: growing fastest over 30 days (growth above zero only), and how many
        // are full soon.
        let s = summarize(&r, Thresholds::default());
        let growing: Vec<&str> = s
            .growing
            .iter()
            .map(|&i| r[i].space.space_id.as_str())
            .collect();
        assert_eq!(growing, ["a", "b"]);
        assert_eq!(s.soon, 1);
        // The horizon is the server's: at 60 days the one full in 45 is soon too.
        r[0].set_trend(&trend(10, 300, Some(45)), 100, 60);
        assert!(r[0].full_soon());
        assert_eq!(summarize(&r, Thresholds::default()).soon, 2);
    }

    #[test]
    fn url_query_round_trip() {
        for query in [
            ReviewQuery::default(),
            ReviewQuery {
                sort: SortKey::Name,
                desc: false,
                filter: "研发 & 市场=1".into(),
                soon: false,
            },
            ReviewQuery {
                sort: SortKey::Quota,
                desc: false,
                filter: String::new(),
                soon: true,
            },
            ReviewQuery {
                sort: SortKey::Usage,
                desc: false,
                filter: "x".into(),
                soon: false,
            },
            ReviewQuery {
                sort: SortKey::FullIn,
                desc: false,
                filter: String::new(),
                soon: true,
            },
        ] {
            assert_eq!(
                ReviewQuery::parse(&query.to_query()),
                query,
                "{}",
                query.to_query()
            );
        }
        assert_eq!(ReviewQuery::default().to_query(), "");
        assert_eq!(
            ReviewQuery::parse("sort=bogus&order=sideways"),
            ReviewQuery::default()
        );
        assert_eq!(
            ReviewQuery::parse("sort=name"),
            ReviewQuery {
                sort: SortKey::Name,
                desc: false,
                ..ReviewQuery::default()
            }
        );
    }

    #[test]
    fn summary_counts_states_and_keeps_unlimited_apart() {
        let r = rows();
        let s = summarize(&r, Thresholds::default());
        assert_eq!(s.spaces, 7);
        assert_eq!(s.used, 50 + 900 + 5 + 250 + 100);
        assert_eq!(s.allotted, 100 + 100 + 100);
        assert_eq!(s.used_limited, 50 + 5 + 250 + 100);
        assert_eq!(
            (s.ok, s.warning, s.critical, s.over, s.unlimited, s.unknown),
            (2, 0, 1, 2, 1, 1)
        );
        let fullest: String = s
            .fullest
            .iter()
            .map(|&i| r[i].space.space_id.as_str())
            .collect();
        assert_eq!(fullest, "cdga");
    }

    #[test]
    fn summary_does_not_overflow() {
        let r: Vec<Row> = (0..1000)
            .map(|i| row(&i.to_string(), "n", Some(i64::MAX), Some(i64::MAX), None))
            .collect();
        let s = summarize(&r, Thresholds::default());
        assert_eq!(s.used, i64::MAX as i128 * 1000);
    }

    #[test]
    fn lookup_states() {
        let r = rows();
        let found = SpaceLookup::Found(Box::new(r[0].space.clone()));
        assert_eq!(lookup_space(&r, &Phase::Loading, "a"), found);
        assert_eq!(lookup_space(&r, &Phase::Loading, "z"), SpaceLookup::Loading);
        assert_eq!(lookup_space(&r, &Phase::Idle, "z"), SpaceLookup::Loading);
        assert_eq!(lookup_space(&r, &Phase::Done, "z"), SpaceLookup::Missing);
        assert_eq!(
            lookup_space(&r, &Phase::Cancelled, "z"),
            SpaceLookup::Unavailable
        );
        let failed = Phase::Failed(crate::ApiError::RepeatedPage);
        assert_eq!(lookup_space(&r, &failed, "z"), SpaceLookup::Unavailable);
    }

    #[test]
    fn the_one_space_answer_names_the_space_or_says_it_is_gone() {
        let space = dingtalk_wire::StorageSpace {
            id: "28".into(),
            name: "设计部".into(),
            quota: Some(100),
            used_quota: Some(40),
            ..Default::default()
        };
        let SpaceLookup::Found(found) = SpaceLookup::of_answer(Ok(space.as_drive_space())) else {
            panic!("found");
        };
        assert_eq!(
            (found.space_id.as_str(), found.space_name.as_str()),
            ("28", "设计部")
        );
        assert_eq!((found.quota, found.used_quota), (Some(100), Some(40)));
        let gone = crate::ApiError::from_response(
            404,
            r#"{"code":"spaceNotExist","message":"no such space"}"#,
            None,
        );
        assert_eq!(SpaceLookup::of_answer(Err(gone)), SpaceLookup::Missing);
        let busy = crate::ApiError::from_response(
            503,
            r#"{"code":"ServiceUnavailable","message":"busy"}"#,
            None,
        );
        assert_eq!(SpaceLookup::of_answer(Err(busy)), SpaceLookup::Unavailable);
        assert_eq!(
            SpaceLookup::of_answer(Err(crate::ApiError::Network("offline".into()))),
            SpaceLookup::Unavailable
        );
    }
}
