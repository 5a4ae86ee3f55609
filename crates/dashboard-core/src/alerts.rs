//! Alert rules, judged after each snapshot: a space crossing the warning or critical
//! threshold, a space forecast full within N days, the organization's storage over a
//! threshold. One message per crossing: an alert that fired stays quiet until its subject
//! recovers past a margin below the threshold (hysteresis), so a space hovering at the line
//! does not alert at every snapshot; and an admin who would get many at once gets one digest.
//! Pure: the server keeps which alerts have fired (so nothing is sent twice across restarts
//! and replicas) and sends what [`plan`] returns.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Percentage points below a threshold a subject must fall to before the same alert may fire
/// again (80% fires; it fires again only after going under 75%).
pub const HYSTERESIS_POINTS: i64 = 5;
/// Days beyond the horizon a forecast must move (at least) before "full within N days" may
/// fire again: half the horizon, and at least a week.
pub const FORECAST_SLACK_MIN_DAYS: i64 = 7;
/// Crossings for one admin in one evaluation from which they get a single digest instead.
pub const DIGEST_FROM: usize = 5;
/// The default horizon of "full within N days".
pub const DEFAULT_FULL_WITHIN_DAYS: i64 = 14;

/// What an admin can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RuleKind {
    /// A space over the warning threshold.
    Warning,
    /// A space over the critical threshold (or over its quota).
    Critical,
    /// A space forecast full within the horizon.
    FullSoon,
    /// The organization's storage over its threshold.
    Org,
}

impl RuleKind {
    pub const ALL: [RuleKind; 4] = [Self::Warning, Self::Critical, Self::FullSoon, Self::Org];

    /// Its code in the store and on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Critical => "critical",
            Self::FullSoon => "fullSoon",
            Self::Org => "org",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The rules' settings: the thresholds (percent), the forecast's horizon (days) and the
/// organization's threshold (percent of its capacity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rules {
    pub warning: i64,
    pub critical: i64,
    pub full_within_days: i64,
    pub org_percent: i64,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            warning: 80,
            critical: 95,
            full_within_days: DEFAULT_FULL_WITHIN_DAYS,
            org_percent: 90,
        }
    }
}

/// Longest horizon of "full within N days".
pub const MAX_FULL_WITHIN_DAYS: i64 = 365;

impl Rules {
    /// The rules if they make sense: thresholds 1..=100 with the warning below the critical,
    /// a horizon of 1..=[`MAX_FULL_WITHIN_DAYS`] days, the organization's threshold 1..=100;
    /// otherwise what is wrong, in English for the server's error.
    pub fn check(self) -> Result<Self, String> {
        let pct = 1..=100;
        if !pct.contains(&self.warning) || !pct.contains(&self.critical) {
            return Err(format!(
                "the thresholds must be 1 to 100 percent (warning {}, critical {})",
                self.warning, self.critical
            ));
        }
        if self.warning >= self.critical {
            return Err(format!(
                "the warning threshold ({}%) must be below the critical one ({}%)",
                self.warning, self.critical
            ));
        }
        if !(1..=MAX_FULL_WITHIN_DAYS).contains(&self.full_within_days) {
            return Err(format!(
                "\"full within\" must be 1 to {MAX_FULL_WITHIN_DAYS} days (not {})",
                self.full_within_days
            ));
        }
        if !pct.contains(&self.org_percent) {
            return Err(format!(
                "the organization's threshold must be 1 to 100 percent (not {})",
                self.org_percent
            ));
        }
        Ok(self)
    }
}

/// A space as a snapshot and its history see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceSeen {
    pub space_id: String,
    pub name: String,
    /// Used as basis points of its quota (10,000 = full; over 10,000 = over quota); `None`
    /// for an unlimited space or one without usable figures.
    pub used_bp: Option<i64>,
    /// Days until the forecast says it is full; `None` when it is not filling (or has too
    /// few points to say).
    pub full_in_days: Option<i64>,
}

/// The organization as its latest day sees it: used as basis points of its capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrgSeen {
    pub used_bp: Option<i64>,
}

/// One alert: a rule about a subject (a space's id, or [`ORG`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AlertKey {
    pub kind: RuleKind,
    pub subject: String,
}

/// The subject of the organization's alert.
pub const ORG: &str = "org";

/// A rule met by a subject that had not met it (or had recovered since).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crossing {
    pub key: AlertKey,
    /// The space's name (empty for the organization).
    pub name: String,
    /// Basis points used (thresholds) or days until full (the forecast).
    pub value: i64,
}

/// What one evaluation decided: the alerts that have fired and not recovered (to keep), and
/// the crossings to tell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evaluation {
    pub fired: BTreeSet<AlertKey>,
    pub crossings: Vec<Crossing>,
}

/// Where a subject stands against one rule.
enum Stand {
    /// It meets the rule.
    Meets(i64),
    /// It does not, but not by the margin: an alert that fired stays fired.
    Between,
    /// It is clear of the rule: an alert that fired is re-armed.
    Clear,
}

fn against_threshold(bp: Option<i64>, percent: i64) -> Stand {
    match bp {
        Some(bp) if bp >= percent * 100 => Stand::Meets(bp),
        Some(bp) if bp >= (percent - HYSTERESIS_POINTS) * 100 => Stand::Between,
        _ => Stand::Clear,
    }
}

fn against_horizon(days: Option<i64>, horizon: i64) -> Stand {
    let slack = (horizon / 2).max(FORECAST_SLACK_MIN_DAYS);
    match days {
        Some(d) if d <= horizon => Stand::Meets(d.max(0)),
        Some(d) if d <= horizon + slack => Stand::Between,
        _ => Stand::Clear,
    }
}

/// Judges `spaces` and `org` against `rules`, given the alerts that had fired (`fired`). A
/// subject no longer seen loses its alerts. When a space crosses the warning and the critical
/// thresholds at once, only the critical crossing is told (both are kept as fired).
pub fn evaluate(
    rules: &Rules,
    fired: &BTreeSet<AlertKey>,
    spaces: &[SpaceSeen],
    org: OrgSeen,
) -> Evaluation {
    let mut out = Evaluation::default();
    let mut judge = |kind: RuleKind, subject: &str, name: &str, stand: Stand| {
        let key = AlertKey {
            kind,
            subject: subject.to_owned(),
        };
        let was = fired.contains(&key);
        match stand {
            Stand::Meets(value) => {
                if !was {
                    out.crossings.push(Crossing {
                        key: key.clone(),
                        name: name.to_owned(),
                        value,
                    });
                }
                out.fired.insert(key);
            }
            Stand::Between if was => {
                out.fired.insert(key);
            }
            Stand::Between | Stand::Clear => {}
        }
    };
    for s in spaces {
        judge(
            RuleKind::Warning,
            &s.space_id,
            &s.name,
            against_threshold(s.used_bp, rules.warning),
        );
        judge(
            RuleKind::Critical,
            &s.space_id,
            &s.name,
            against_threshold(s.used_bp, rules.critical),
        );
        judge(
            RuleKind::FullSoon,
            &s.space_id,
            &s.name,
            against_horizon(s.full_in_days, rules.full_within_days),
        );
    }
    judge(
        RuleKind::Org,
        ORG,
        "",
        against_threshold(org.used_bp, rules.org_percent),
    );
    let critical: BTreeSet<String> = out
        .crossings
        .iter()
        .filter(|c| c.key.kind == RuleKind::Critical)
        .map(|c| c.key.subject.clone())
        .collect();
    out.crossings
        .retain(|c| !(c.key.kind == RuleKind::Warning && critical.contains(&c.key.subject)));
    out
}

/// What one admin is told after an evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    One(Crossing),
    /// [`DIGEST_FROM`] or more crossings at once, in one message.
    Digest(Vec<Crossing>),
}

/// An admin's subscriptions: who (their unionId) and to what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    pub union_id: String,
    pub kinds: BTreeSet<RuleKind>,
}

/// The messages each subscriber gets for `crossings`: the crossings of the rules they
/// subscribe to, one message each, or one digest from [`DIGEST_FROM`] on. Subscribers with
/// nothing to hear are left out.
pub fn plan(crossings: &[Crossing], subscribers: &[Subscriber]) -> Vec<(String, Vec<Message>)> {
    subscribers
        .iter()
        .filter_map(|s| {
            let theirs: Vec<Crossing> = crossings
                .iter()
                .filter(|c| s.kinds.contains(&c.key.kind))
                .cloned()
                .collect();
            let messages = match theirs.len() {
                0 => return None,
                n if n >= DIGEST_FROM => vec![Message::Digest(theirs)],
                _ => theirs.into_iter().map(Message::One).collect(),
            };
            Some((s.union_id.clone(), messages))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space(id: &str, used_bp: Option<i64>, full_in_days: Option<i64>) -> SpaceSeen {
        SpaceSeen {
            space_id: id.into(),
            name: format!("空间 {id}"),
            used_bp,
            full_in_days,
        }
    }

    /// The kinds told for `id` over a run of snapshots of its use (basis points).
    fn told(run: &[i64]) -> Vec<Vec<RuleKind>> {
        let rules = Rules::default();
        let mut fired = BTreeSet::new();
        run.iter()
            .map(|&bp| {
                let e = evaluate(
                    &rules,
                    &fired,
                    &[space("a", Some(bp), None)],
                    OrgSeen::default(),
                );
                fired = e.fired;
                e.crossings.iter().map(|c| c.key.kind).collect()
            })
            .collect()
    }

    #[test]
    fn a_threshold_fires_once_per_crossing_with_hysteresis() {
        use RuleKind::*;
        assert_eq!(
            told(&[7000, 8000, 8200, 7700, 7900, 7400, 8100]),
            vec![
                vec![],
                vec![Warning],
                vec![],
                vec![],
                vec![],
                vec![],
                vec![Warning]
            ],
            "fires at 80%, quiet while above 75%, fires again after going under it"
        );
        // Straight to critical: only the critical crossing is told; back to warning level is
        // quiet (it fired), and a new critical crossing after recovering below 90% is told.
        assert_eq!(
            told(&[5000, 9600, 9000, 8900, 9500, 9700]),
            vec![
                vec![],
                vec![Critical],
                vec![],
                vec![],
                vec![Critical],
                vec![]
            ]
        );
        // Over quota counts as over both thresholds.
        assert_eq!(told(&[10_500]), vec![vec![Critical]]);
        // Unlimited or unknown: nothing.
        let e = evaluate(
            &Rules::default(),
            &BTreeSet::new(),
            &[space("u", None, None)],
            OrgSeen::default(),
        );
        assert!(e.crossings.is_empty() && e.fired.is_empty());
    }

    #[test]
    fn full_soon_fires_within_the_horizon_and_rearms_past_its_slack() {
        let rules = Rules::default();
        let mut fired = BTreeSet::new();
        let mut kinds = Vec::new();
        for days in [
            Some(30),
            Some(14),
            Some(9),
            Some(20),
            Some(21),
            Some(22),
            Some(12),
            None,
            Some(3),
        ] {
            let e = evaluate(
                &rules,
                &fired,
                &[space("a", Some(1000), days)],
                OrgSeen::default(),
            );
            fired = e.fired;
            kinds.push(e.crossings.len());
            if let Some(c) = e.crossings.first() {
                assert_eq!(c.key.kind, RuleKind::FullSoon);
                assert_eq!(c.value, days.unwrap_or(-1));
            }
        }
        // 14 fires; 9, 20, 21 stay quiet (slack 7 days past 14); 22 re-arms; 12 fires; not
        // filling re-arms; 3 fires.
        assert_eq!(kinds, [0, 1, 0, 0, 0, 0, 1, 0, 1]);
    }

    #[test]
    fn the_organization_and_spaces_no_longer_seen() {
        let rules = Rules::default();
        let org = |bp| OrgSeen { used_bp: Some(bp) };
        let e = evaluate(
            &rules,
            &BTreeSet::new(),
            &[space("a", Some(8500), None)],
            org(9100),
        );
        let keys: Vec<(RuleKind, &str)> = e
            .crossings
            .iter()
            .map(|c| (c.key.kind, c.key.subject.as_str()))
            .collect();
        assert_eq!(keys, [(RuleKind::Warning, "a"), (RuleKind::Org, ORG)]);
        // The space is deleted: its alert goes, the organization's stays fired and quiet.
        let e = evaluate(&rules, &e.fired, &[], org(8800));
        assert!(e.crossings.is_empty());
        assert_eq!(
            e.fired.into_iter().collect::<Vec<_>>(),
            [AlertKey {
                kind: RuleKind::Org,
                subject: ORG.into()
            }]
        );
    }

    #[test]
    fn many_crossings_at_once_make_one_digest_per_admin() {
        let rules = Rules::default();
        let spaces: Vec<SpaceSeen> = (0..6)
            .map(|i| space(&format!("s{i}"), Some(8000 + i), None))
            .collect();
        let mut spaces = spaces;
        spaces.push(space("hot", Some(9900), Some(2)));
        let e = evaluate(&rules, &BTreeSet::new(), &spaces, OrgSeen::default());
        // Six warnings, one critical (its warning folded in) and one full soon.
        assert_eq!(e.crossings.len(), 8);
        let sub = |id: &str, kinds: &[RuleKind]| Subscriber {
            union_id: id.into(),
            kinds: kinds.iter().copied().collect(),
        };
        let plan = plan(
            &e.crossings,
            &[
                sub("all", &RuleKind::ALL),
                sub("critical", &[RuleKind::Critical, RuleKind::FullSoon]),
                sub("org", &[RuleKind::Org]),
            ],
        );
        assert_eq!(plan.len(), 2, "nothing for the organization's subscriber");
        assert_eq!(plan[0].0, "all");
        assert!(matches!(&plan[0].1[..], [Message::Digest(d)] if d.len() == 8));
        assert_eq!(plan[1].0, "critical");
        assert_eq!(plan[1].1.len(), 2, "two crossings: one message each");
        assert!(plan[1].1.iter().all(|m| matches!(m, Message::One(_))));
    }

    #[test]
    fn kinds_round_trip_their_codes() {
        for k in RuleKind::ALL {
            assert_eq!(RuleKind::from_code(k.code()), Some(k));
        }
        assert_eq!(RuleKind::from_code("nope"), None);
    }

    #[test]
    fn rules_are_checked() {
        assert!(Rules::default().check().is_ok());
        let bad = |r: Rules| r.check().unwrap_err();
        let d = Rules::default();
        assert!(bad(Rules {
            warning: 95,
            critical: 95,
            ..d
        })
        .contains("below"));
        assert!(bad(Rules { warning: 0, ..d }).contains("1 to 100"));
        assert!(bad(Rules { critical: 101, ..d }).contains("1 to 100"));
        assert!(bad(Rules {
            full_within_days: 0,
            ..d
        })
        .contains("days"));
        assert!(bad(Rules {
            full_within_days: 366,
            ..d
        })
        .contains("days"));
        assert!(bad(Rules {
            org_percent: 0,
            ..d
        })
        .contains("organization"));
        let json = serde_json_roundtrip(d);
        assert_eq!(json, d);
    }

    fn serde_json_roundtrip(r: Rules) -> Rules {
        let s = serde_json::to_string(&r).unwrap();
        assert!(s.contains("\"orgPercent\":90"), "{s}");
        serde_json::from_str(&s).unwrap()
    }
}
