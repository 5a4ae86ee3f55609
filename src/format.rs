//! Numbers, dates and names in the admin's language through the browser's `Intl`: the
//! [`Locale`] the views hand to `dashboard_core::format`.

pub use dashboard_core::format::*;

use crate::i18n::Lang;
use js_sys::{Array, Function, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// `Intl` in `Lang`: numbers grouped as the language writes them, dates in the admin's time
/// zone.
#[derive(Debug, Clone, Copy)]
pub struct Intl(pub Lang);

impl Locale for Intl {
    fn lang(self) -> Lang {
        self.0
    }

    fn number(self, v: f64) -> String {
        format(self.0, Kind::Number, &JsValue::from_f64(v))
    }

    fn date_time(self, epoch_ms: i64) -> String {
        // A date out of range throws in Intl's format: shown as unknown instead.
        let d = js_sys::Date::new(&JsValue::from_f64(epoch_ms as f64));
        if d.get_time().is_nan() {
            return "—".to_owned();
        }
        format(self.0, Kind::DateTime, &d)
    }

    fn day(self, day: i64) -> String {
        // Noon in China (04:00 UTC), written as China's date: the history's days are China's.
        let ms = day.saturating_mul(86_400_000).saturating_add(4 * 3_600_000);
        let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
        if d.get_time().is_nan() {
            return "—".to_owned();
        }
        format(self.0, Kind::Day, &d)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Number,
    DateTime,
    Day,
}

thread_local! {
    /// Formatters made once per (language, kind): `toLocaleString` builds a new formatter on
    /// every call, which showed in the cost of building rows and tiles (three dates and a size
    /// each). Holds each formatter's bound `format` function.
    static CACHE: RefCell<Vec<((Lang, u8), Function)>> = const { RefCell::new(Vec::new()) };
}

fn make(lang: Lang, kind: Kind) -> Function {
    let locales = Array::of1(&JsValue::from_str(lang.tag()));
    let opts = Object::new();
    match kind {
        Kind::Number => {
            js_sys::Intl::NumberFormat::format(&js_sys::Intl::NumberFormat::new(&locales, &opts))
        }
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
            js_sys::Intl::DateTimeFormat::format(&js_sys::Intl::DateTimeFormat::new(
                &locales, &opts,
            ))
        }
        Kind::Day => {
            for (k, v) in [
                ("year", "numeric"),
                ("month", "2-digit"),
                ("day", "2-digit"),
                ("timeZone", "Asia/Shanghai"),
            ] {
                let _ = Reflect::set(&opts, &k.into(), &v.into());
            }
            js_sys::Intl::DateTimeFormat::format(&js_sys::Intl::DateTimeFormat::new(
                &locales, &opts,
            ))
        }
    }
}

/// `value` formatted by the cached formatter of `kind` for `lang`; empty if it threw.
fn format(lang: Lang, kind: Kind, value: &JsValue) -> String {
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

/// Compares names the way people expect: `Intl.Collator("zh")` orders Chinese by pinyin and
/// Latin letters alphabetically.
pub fn name_collator() -> impl Fn(&str, &str) -> std::cmp::Ordering {
    let locales = Array::of1(&"zh".into());
    let collator = js_sys::Intl::Collator::new(&locales, &Object::new());
    let compare = collator.compare();
    move |a, b| {
        let r = compare
            .call2(&JsValue::NULL, &a.into(), &b.into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        r.partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal)
    }
}
