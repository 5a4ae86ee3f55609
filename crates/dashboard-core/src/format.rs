//! The one place numbers, sizes and times become text. The digits and dates themselves come
//! from a [`Locale`]: `Intl` in the browser (so no number or date crate lands in the wasm),
//! [`Plain`] elsewhere.

use crate::i18n::{fill, Lang, Msg};
use crate::quota::Usage;
use dingtalk_wire::{IsoTime, Quota};

/// Writes numbers and dates in a language.
pub trait Locale: Copy {
    fn lang(self) -> Lang;
    /// `1234.5` as the language writes it (`1,234.5`).
    fn number(self, v: f64) -> String;
    /// A date and time in the reader's time zone, e.g. 2024/3/1 16:30.
    fn date_time(self, epoch_ms: i64) -> String;
    /// A day (days since 1970-01-01 in China, where the history's days turn) as a date.
    fn day(self, day: i64) -> String {
        iso_day(day)
    }
}

/// A day as `YYYY-MM-DD` (the date in China).
pub fn iso_day(day: i64) -> String {
    // Noon in China is 04:00 UTC the same date.
    let ms = day.saturating_mul(86_400_000).saturating_add(4 * 3_600_000);
    IsoTime::from_epoch_ms(ms).raw().chars().take(10).collect()
}

/// Numbers with at most one decimal and ISO 8601 UTC times, the same in every language: for
/// tests and for text made away from a browser.
#[derive(Debug, Clone, Copy)]
pub struct Plain(pub Lang);

impl Locale for Plain {
    fn lang(self) -> Lang {
        self.0
    }

    fn number(self, v: f64) -> String {
        let s = format!("{v:.1}");
        s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
    }

    fn date_time(self, epoch_ms: i64) -> String {
        IsoTime::from_epoch_ms(epoch_ms).raw().to_owned()
    }
}

const UNITS: [&str; 7] = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];

/// Picks the binary unit for `bytes` and the value in it, rounded to what is shown:
/// 1 decimal below 100, none above (e.g. 1.5 GB, 640.4 MB, 120 GB).
pub fn scale_bytes(bytes: i64) -> (f64, &'static str) {
    let mut v = bytes.unsigned_abs() as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    let rounded = if unit == 0 || v >= 100.0 {
        v.round()
    } else {
        (v * 10.0).round() / 10.0
    };
    // 1023.96 KB rounds to 1024 KB: show 1 MB instead.
    if rounded >= 1024.0 && unit < UNITS.len() - 1 {
        return (1.0, UNITS[unit + 1]);
    }
    let sign = if bytes < 0 { -1.0 } else { 1.0 };
    (sign * rounded, UNITS[unit])
}

/// `1.5 GB`, with the number in the language's style.
pub fn bytes(bytes: i64, loc: impl Locale) -> String {
    let (v, unit) = scale_bytes(bytes);
    format!("{} {unit}", loc.number(v))
}

/// A percentage from basis points: `80.5%`, one decimal at most.
pub fn percent_bp(bp: i64, loc: impl Locale) -> String {
    let v = (bp as f64 / 10.0).round() / 10.0;
    format!("{}%", loc.number(v))
}

/// A wire time for display: formatted if it parsed, the raw text if not, "—" if absent.
pub fn wire_time(t: Option<&IsoTime>, loc: impl Locale) -> String {
    match t {
        Some(t) => match t.epoch_ms() {
            Some(ms) => loc.date_time(ms),
            None if !t.raw().is_empty() => t.raw().to_owned(),
            None => "—".to_owned(),
        },
        None => "—".to_owned(),
    }
}

/// "1.2 GB of 2 GB used" / "5 GB used, unlimited quota" / "Usage unknown".
pub fn usage_amounts(usage: &Usage, loc: impl Locale) -> String {
    let lang = loc.lang();
    let used = usage.used.map(|u| bytes(u, loc));
    match (usage.quota, used) {
        (Quota::Unlimited, Some(u)) => fill(lang.t(Msg::UsedUnlimited), &[&u]),
        (Quota::Limited(q), Some(u)) => fill(lang.t(Msg::UsedOfQuota), &[&u, &bytes(q, loc)]),
        _ => lang.t(Msg::UsedUnknown).to_owned(),
    }
}

/// Bytes of a total that may exceed i64 (sums over many spaces).
pub fn bytes_total(total: i128, loc: impl Locale) -> String {
    bytes(total.clamp(0, i64::MAX as i128) as i64, loc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(scale_bytes(0), (0.0, "B"));
        assert_eq!(scale_bytes(1023), (1023.0, "B"));
        assert_eq!(scale_bytes(1024), (1.0, "KB"));
        assert_eq!(scale_bytes(1536), (1.5, "KB"));
        assert_eq!(scale_bytes(640_445_953), (611.0, "MB"));
        assert_eq!(scale_bytes(64_044_595), (61.1, "MB"));
        assert_eq!(scale_bytes(2_147_483_648), (2.0, "GB"));
        assert_eq!(scale_bytes(1024 * 1024 - 1), (1.0, "MB"));
        assert_eq!(scale_bytes(150 * 1024 * 1024 * 1024), (150.0, "GB"));
        assert_eq!(scale_bytes(i64::MAX), (8.0, "EB"));
        assert_eq!(scale_bytes(-2048), (-2.0, "KB"));
    }

    #[test]
    fn text() {
        assert_eq!(bytes(2_147_483_648, Plain(Lang::En)), "2 GB");
        assert_eq!(bytes(640_445_953, Plain(Lang::Zh)), "611 MB");
        assert_eq!(percent_bp(8050, Plain(Lang::En)), "80.5%");
        assert_eq!(percent_bp(10_000, Plain(Lang::En)), "100%");
        assert_eq!(percent_bp(29_833, Plain(Lang::En)), "298.3%");
    }

    #[test]
    fn times() {
        let t = IsoTime::parse("2022-07-29T14:55Z");
        assert_eq!(wire_time(Some(&t), Plain(Lang::En)), "2022-07-29T14:55:00Z");
        let bad = IsoTime::parse("someday");
        assert_eq!(wire_time(Some(&bad), Plain(Lang::En)), "someday");
        assert_eq!(wire_time(None, Plain(Lang::En)), "—");
    }
}
