//! What the admin chose, kept in the browser (localStorage). Unreadable or missing values
//! fall back to defaults; storage being unavailable (private mode) is not an error.

use crate::i18n::Lang;

const LANG_KEY: &str = "dqd.lang";

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

#[cfg(target_arch = "wasm32")]
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

#[cfg(target_arch = "wasm32")]
pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub fn load(_key: &str) -> Option<String> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
pub fn save(_key: &str, _value: &str) {}

/// The saved language, else the browser's (DingTalk's webview reports its own language).
pub fn initial_lang() -> Lang {
    if let Some(l) = load(LANG_KEY).as_deref().and_then(Lang::parse) {
        return l;
    }
    #[cfg(target_arch = "wasm32")]
    if let Some(l) = web_sys::window().and_then(|w| w.navigator().language()) {
        return Lang::from_locale(&l);
    }
    Lang::default()
}

pub fn save_lang(lang: Lang) {
    save(LANG_KEY, lang.code());
}

const THRESHOLDS_KEY: &str = "dqd.thresholds";

/// The saved thresholds (`"80,95"`), the defaults if none or unreadable.
pub fn load_thresholds() -> crate::quota::Thresholds {
    load(THRESHOLDS_KEY)
        .and_then(|v| parse_thresholds(&v))
        .unwrap_or_default()
}

pub fn save_thresholds(t: crate::quota::Thresholds) {
    save(THRESHOLDS_KEY, &format!("{},{}", t.warning, t.critical));
}

pub fn parse_thresholds(v: &str) -> Option<crate::quota::Thresholds> {
    let (w, c) = v.split_once(',')?;
    crate::quota::Thresholds::new(w.trim().parse().ok()?, c.trim().parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_round_trip_and_reject_junk() {
        let t = crate::quota::Thresholds::new(70, 90).expect("valid");
        assert_eq!(parse_thresholds("70,90"), Some(t));
        for junk in ["", "70", "90,70", "0,50", "50,101", "a,b", "70,90,1"] {
            assert_eq!(parse_thresholds(junk), None, "{junk}");
        }
    }
}
