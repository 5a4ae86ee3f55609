//! What a space's numbers mean for the admin: its fill percentage and its state against the
//! warning/critical thresholds. Pure, so it is tested natively.

use dingtalk_wire::{Quota, Space};

/// The admin's thresholds, in whole percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub warning: u32,
    pub critical: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            warning: 80,
            critical: 95,
        }
    }
}

impl Thresholds {
    /// Accepts 1..=100 for each and warning below critical.
    pub fn new(warning: u32, critical: u32) -> Option<Self> {
        ((1..=100).contains(&warning) && (1..=100).contains(&critical) && warning < critical)
            .then_some(Self { warning, critical })
    }

    /// As kept in the browser: `"80,95"`.
    pub fn to_pref(self) -> String {
        format!("{},{}", self.warning, self.critical)
    }

    /// Reads [`Self::to_pref`]; `None` for anything else.
    pub fn from_pref(v: &str) -> Option<Self> {
        let (w, c) = v.split_once(',')?;
        Self::new(w.trim().parse().ok()?, c.trim().parse().ok()?)
    }
}

/// How full a space is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuotaState {
    /// Below the warning threshold.
    Ok,
    Warning,
    Critical,
    /// More used than allotted.
    Over,
    /// quota = -1.
    Unlimited,
    /// DingTalk sent no usable quota or usage.
    Unknown,
}

impl QuotaState {
    /// CSS class suffix and stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warning => "warning",
            Self::Critical => "critical",
            Self::Over => "over",
            Self::Unlimited => "unlimited",
            Self::Unknown => "unknown",
        }
    }
}

/// Used / quota in basis points (1/100 of a percent), exact for any i64 inputs.
/// `None` when there is no finite, positive quota to divide by.
pub fn fill_bp(used: i64, quota: i64) -> Option<i64> {
    (quota > 0).then(|| {
        let bp = (used.max(0) as i128) * 10_000 / quota as i128;
        bp.min(i64::MAX as i128) as i64
    })
}

/// The quota facts of one space, computed once per space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    pub used: Option<i64>,
    pub quota: Quota,
    /// Fill in basis points; `None` for unlimited, zero or unknown quotas.
    pub bp: Option<i64>,
}

impl Usage {
    pub fn of(space: &Space) -> Self {
        let used = space.used_quota.filter(|u| *u >= 0);
        let quota = space.quota_kind();
        let bp = match (quota, used) {
            (Quota::Limited(q), Some(u)) => fill_bp(u, q),
            _ => None,
        };
        Self { used, quota, bp }
    }

    pub fn state(&self, t: Thresholds) -> QuotaState {
        match (self.quota, self.used) {
            (Quota::Unlimited, _) => QuotaState::Unlimited,
            (Quota::Unknown, _) | (_, None) => QuotaState::Unknown,
            (Quota::Limited(q), Some(u)) if u > q => QuotaState::Over,
            // quota 0 with nothing used: nothing allotted, nothing over.
            (Quota::Limited(0), Some(_)) => QuotaState::Ok,
            (Quota::Limited(_), Some(_)) => {
                let bp = self.bp.unwrap_or(0);
                if bp >= t.critical as i64 * 100 {
                    QuotaState::Critical
                } else if bp >= t.warning as i64 * 100 {
                    QuotaState::Warning
                } else {
                    QuotaState::Ok
                }
            }
        }
    }

    /// Nothing stored.
    pub fn is_empty(&self) -> bool {
        self.used == Some(0)
    }

    /// Quota of exactly 0 bytes.
    pub fn is_zero_quota(&self) -> bool {
        self.quota == Quota::Limited(0)
    }

    /// Bar fill in percent, clamped to 0..=100 (an over-quota bar is full).
    pub fn bar_percent(&self) -> f64 {
        match (self.quota, self.bp) {
            (Quota::Limited(0), _) if self.used.unwrap_or(0) > 0 => 100.0,
            (_, Some(bp)) => (bp.min(10_000) as f64) / 100.0,
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space(quota: Option<i64>, used: Option<i64>) -> Space {
        Space {
            quota,
            used_quota: used,
            ..Space::default()
        }
    }

    fn state(quota: i64, used: i64) -> QuotaState {
        Usage::of(&space(Some(quota), Some(used))).state(Thresholds::default())
    }

    #[test]
    fn thresholds_are_inclusive() {
        assert_eq!(state(1000, 0), QuotaState::Ok);
        assert_eq!(state(1000, 799), QuotaState::Ok);
        assert_eq!(state(1000, 800), QuotaState::Warning);
        assert_eq!(state(1000, 949), QuotaState::Warning);
        assert_eq!(state(1000, 950), QuotaState::Critical);
        assert_eq!(state(1000, 1000), QuotaState::Critical);
        assert_eq!(state(1000, 1001), QuotaState::Over);
    }

    #[test]
    fn special_quotas() {
        assert_eq!(state(-1, 5), QuotaState::Unlimited);
        assert_eq!(state(0, 0), QuotaState::Ok);
        assert_eq!(state(0, 1), QuotaState::Over);
        assert_eq!(state(-5, 1), QuotaState::Unknown);
        let u = Usage::of(&space(None, Some(1)));
        assert_eq!(u.state(Thresholds::default()), QuotaState::Unknown);
        let u = Usage::of(&space(Some(10), None));
        assert_eq!(u.state(Thresholds::default()), QuotaState::Unknown);
        assert!(Usage::of(&space(Some(0), Some(0))).is_zero_quota());
        assert!(Usage::of(&space(Some(10), Some(0))).is_empty());
    }

    #[test]
    fn percent_is_exact_and_bar_is_clamped() {
        assert_eq!(fill_bp(1, 3), Some(3333));
        assert_eq!(fill_bp(i64::MAX, i64::MAX), Some(10_000));
        assert_eq!(fill_bp(i64::MAX, 1), Some(i64::MAX));
        assert_eq!(fill_bp(5, 0), None);
        assert_eq!(Usage::of(&space(Some(100), Some(250))).bar_percent(), 100.0);
        assert_eq!(Usage::of(&space(Some(100), Some(25))).bar_percent(), 25.0);
        assert_eq!(Usage::of(&space(Some(-1), Some(25))).bar_percent(), 0.0);
        assert_eq!(Usage::of(&space(Some(0), Some(25))).bar_percent(), 100.0);
    }

    #[test]
    fn custom_thresholds() {
        let t = Thresholds::new(50, 60).expect("valid");
        assert_eq!(
            Usage::of(&space(Some(100), Some(55))).state(t),
            QuotaState::Warning
        );
        assert_eq!(Thresholds::new(90, 80), None);
        assert_eq!(Thresholds::new(0, 80), None);
        assert_eq!(Thresholds::new(80, 101), None);
    }

    #[test]
    fn thresholds_round_trip_and_reject_junk() {
        let t = Thresholds::new(70, 90).expect("valid");
        assert_eq!(Thresholds::from_pref(&t.to_pref()), Some(t));
        assert_eq!(Thresholds::from_pref(" 70 , 90"), Some(t));
        for junk in ["", "70", "90,70", "0,50", "50,101", "a,b", "70,90,1"] {
            assert_eq!(Thresholds::from_pref(junk), None, "{junk}");
        }
    }
}
