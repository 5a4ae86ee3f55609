//! The one place numbers, sizes and times become text. In the browser it uses `Intl` (through
//! js-sys), so no number or date crate lands in the wasm; natively (tests) a plain fallback.

use crate::i18n::Lang;

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
pub fn bytes(bytes: i64, lang: Lang) -> String {
    let (v, unit) = scale_bytes(bytes);
    format!("{} {unit}", number(v, lang))
}

/// A percentage from basis points: `80.5%`, one decimal at most.
pub fn percent_bp(bp: i64, lang: Lang) -> String {
    let v = (bp as f64 / 10.0).round() / 10.0;
    format!("{}%", number(v, lang))
}

/// `Intl` formatters, made once per language: `toLocaleString` builds a new formatter on every
/// call, which showed in the cost of building rows and tiles (three dates and a size each).
#[cfg(target_arch = "wasm32")]
mod intl {
    use crate::i18n::Lang;
    use js_sys::{Array, Function, Intl, Object, Reflect};
    use std::cell::RefCell;
    use wasm_bindgen::JsValue;

    #[derive(Clone, Copy)]
    pub enum Kind {
        Number,
        DateTime,
    }

    thread_local! {
        /// (language, kind) -> the formatter's bound `format` function.
        static CACHE: RefCell<Vec<((Lang, u8), Function)>> = const { RefCell::new(Vec::new()) };
    }

    fn make(lang: Lang, kind: Kind) -> Function {
        let locales = Array::of1(&JsValue::from_str(lang.tag()));
        let opts = Object::new();
        match kind {
            Kind::Number => Intl::NumberFormat::format(&Intl::NumberFormat::new(&locales, &opts)),
            Kind::DateTime => {
                for (k, v) in [
                    ("year", "numeric"),
                    ("month", "2-digit"),
                    ("day", "2-digit"),
                    ("hour", "2-digit"),
                    ("minute", "2-digit"),
                ] {
                    let _ = Reflect::set(&opts, &k.into(), &v.into());
                }
                Intl::DateTimeFormat::format(&Intl::DateTimeFormat::new(&locales, &opts))
            }
        }
    }

    /// `value` formatted by the cached formatter of `kind` for `lang`; empty if it threw.
    pub fn format(lang: Lang, kind: Kind, value: &JsValue) -> String {
        let key = (lang, kind as u8);
        let cached = CACHE.with(|c| {
            c.borrow()
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, f)| f.clone())
        });
        // Made outside the borrow, so a formatter that threw could not leave it held.
        let f = cached.unwrap_or_else(|| {
            let f = make(lang, kind);
            CACHE.with(|c| c.borrow_mut().push((key, f.clone())));
            f
        });
        f.call1(&JsValue::NULL, value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    }
}

#[cfg(target_arch = "wasm32")]
pub fn number(v: f64, lang: Lang) -> String {
    intl::format(
        lang,
        intl::Kind::Number,
        &wasm_bindgen::JsValue::from_f64(v),
    )
}

#[cfg(not(target_arch = "wasm32"))]
pub fn number(v: f64, _lang: Lang) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// A date and time in the admin's language and time zone (browser), e.g. 2024/3/1 16:30.
#[cfg(target_arch = "wasm32")]
pub fn date_time(epoch_ms: i64, lang: Lang) -> String {
    // A date out of range throws in Intl's format: shown as unknown instead.
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms as f64));
    if d.get_time().is_nan() {
        return "—".to_owned();
    }
    intl::format(lang, intl::Kind::DateTime, &d)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn date_time(epoch_ms: i64, _lang: Lang) -> String {
    dingtalk_wire::IsoTime::from_epoch_ms(epoch_ms)
        .raw()
        .to_owned()
}

/// A wire time for display: formatted if it parsed, the raw text if not, "—" if absent.
pub fn wire_time(t: Option<&dingtalk_wire::IsoTime>, lang: Lang) -> String {
    match t {
        Some(t) => match t.epoch_ms() {
            Some(ms) => date_time(ms, lang),
            None if !t.raw().is_empty() => t.raw().to_owned(),
            None => "—".to_owned(),
        },
        None => "—".to_owned(),
    }
}

/// Compares names the way people of the language expect: `Intl.Collator("zh")` orders
/// Chinese by pinyin and Latin letters alphabetically. Natively, by code point.
#[cfg(target_arch = "wasm32")]
pub fn name_collator() -> impl Fn(&str, &str) -> std::cmp::Ordering {
    let locales = js_sys::Array::of1(&"zh".into());
    let collator = js_sys::Intl::Collator::new(&locales, &js_sys::Object::new());
    let compare = collator.compare();
    move |a, b| {
        let r = compare
            .call2(&wasm_bindgen::JsValue::NULL, &a.into(), &b.into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        r.partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal)
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub fn name_collator() -> impl Fn(&str, &str) -> std::cmp::Ordering {
    |a: &str, b: &str| a.cmp(b)
}

/// "1.2 GB of 2 GB used" / "5 GB used, unlimited quota" / "Usage unknown".
pub fn usage_amounts(usage: &crate::quota::Usage, lang: Lang) -> String {
    use crate::i18n::{fill, Msg};
    use dingtalk_wire::Quota;
    let used = usage.used.map(|u| bytes(u, lang));
    match (usage.quota, used) {
        (Quota::Unlimited, Some(u)) => fill(lang.t(Msg::UsedUnlimited), &[&u]),
        (Quota::Limited(q), Some(u)) => fill(lang.t(Msg::UsedOfQuota), &[&u, &bytes(q, lang)]),
        _ => lang.t(Msg::UsedUnknown).to_owned(),
    }
}

/// Bytes of a total that may exceed i64 (sums over many spaces).
pub fn bytes_total(total: i128, lang: Lang) -> String {
    bytes(total.clamp(0, i64::MAX as i128) as i64, lang)
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
        assert_eq!(bytes(2_147_483_648, Lang::En), "2 GB");
        assert_eq!(bytes(640_445_953, Lang::Zh), "611 MB");
        assert_eq!(percent_bp(8050, Lang::En), "80.5%");
        assert_eq!(percent_bp(10_000, Lang::En), "100%");
        assert_eq!(percent_bp(29_833, Lang::En), "298.3%");
    }

    #[test]
    fn times() {
        let t = dingtalk_wire::IsoTime::parse("2022-07-29T14:55Z");
        assert_eq!(wire_time(Some(&t), Lang::En), "2022-07-29T14:55:00Z");
        let bad = dingtalk_wire::IsoTime::parse("someday");
        assert_eq!(wire_time(Some(&bad), Lang::En), "someday");
        assert_eq!(wire_time(None, Lang::En), "—");
    }
}
