//! ISO 8601 times as DingTalk sends them: with or without seconds, `Z` or an offset.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A time from the wire. The original text is kept (to show it if it cannot be parsed);
/// `epoch_ms` is `None` when the text is not a time this parser understands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IsoTime {
    raw: String,
    epoch_ms: Option<i64>,
}

impl IsoTime {
    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM)`; other text is kept unparsed.
    pub fn parse(raw: &str) -> Self {
        Self {
            raw: raw.to_owned(),
            epoch_ms: parse_epoch_ms(raw.trim()),
        }
    }

    /// Builds the canonical `YYYY-MM-DDTHH:MM:SSZ` form of a UTC instant.
    pub fn from_epoch_ms(ms: i64) -> Self {
        let secs = ms.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let raw = format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            (rem / 60) % 60,
            rem % 60
        );
        Self {
            raw,
            epoch_ms: Some(ms),
        }
    }

    /// The text exactly as received.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Milliseconds since 1970-01-01T00:00Z, if the text parsed.
    pub fn epoch_ms(&self) -> Option<i64> {
        self.epoch_ms
    }
}

impl Serialize for IsoTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for IsoTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Self::parse(&s))
    }
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_epoch_ms(s: &str) -> Option<i64> {
    let (date, rest) = s.split_once(['T', ' '])?;
    let mut dp = date.splitn(3, '-');
    let (y, mo, d) = (num(dp.next()?)?, num(dp.next()?)?, num(dp.next()?)?);
    // Split the clock from the zone designator.
    let (clock, offset_min) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(pos) = rest.rfind(['+', '-']) {
        let (c, z) = rest.split_at(pos);
        let sign = if z.starts_with('-') { -1 } else { 1 };
        let z = z[1..].replace(':', "");
        if z.len() != 4 {
            return None;
        }
        let (zh, zm) = (num(&z[..2])?, num(&z[2..])?);
        (c, sign * (zh * 60 + zm))
    } else {
        // No zone: DingTalk's documented examples always carry one; read it as UTC.
        (rest, 0)
    };
    let mut cp = clock.splitn(3, ':');
    let h = num(cp.next()?)?;
    let mi = num(cp.next()?)?;
    let (sec, ms) = match cp.next() {
        None => (0, 0),
        Some(sec) => match sec.split_once('.') {
            None => (num(sec)?, 0),
            Some((s, frac)) => {
                let digits: String = frac.chars().take(3).collect();
                let scale = 10_i64.pow(3 - digits.len() as u32);
                (num(s)?, num(&digits)? * scale)
            }
        },
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    Some(((days * 86_400 + h * 3600 + mi * 60 + sec) - offset_min * 60) * 1000 + ms)
}

// Howard Hinnant's civil-calendar algorithms (proleptic Gregorian), exact for all i64 years
// this data can hold.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_documented_formats_parse() {
        assert_eq!(
            IsoTime::parse("2022-07-29T14:55Z").epoch_ms(),
            Some(1_659_106_500_000)
        );
        assert_eq!(
            IsoTime::parse("2022-01-01T10:00:00Z").epoch_ms(),
            Some(1_641_031_200_000)
        );
    }

    #[test]
    fn offsets_and_fractions() {
        let utc = IsoTime::parse("2022-01-01T10:00:00Z").epoch_ms();
        assert_eq!(IsoTime::parse("2022-01-01T18:00:00+08:00").epoch_ms(), utc);
        assert_eq!(IsoTime::parse("2022-01-01T18:00:00+0800").epoch_ms(), utc);
        assert_eq!(
            IsoTime::parse("2022-01-01T10:00:00.25Z").epoch_ms(),
            utc.map(|t| t + 250)
        );
    }

    #[test]
    fn garbage_is_kept_not_fatal() {
        for s in [
            "",
            "yesterday",
            "2022-13-01T00:00Z",
            "2022-01-01",
            "2022-01-01T25:00Z",
        ] {
            let t = IsoTime::parse(s);
            assert_eq!(t.epoch_ms(), None, "{s}");
            assert_eq!(t.raw(), s);
        }
    }

    #[test]
    fn round_trip_from_epoch() {
        for ms in [0, 1_641_031_200_000, 1_659_106_500_000, -86_400_000] {
            let t = IsoTime::from_epoch_ms(ms);
            assert_eq!(IsoTime::parse(t.raw()).epoch_ms(), Some(ms), "{}", t.raw());
        }
        assert_eq!(
            IsoTime::from_epoch_ms(1_641_031_200_000).raw(),
            "2022-01-01T10:00:00Z"
        );
    }
}
