//! What the admin chose, kept in the browser (localStorage). Unreadable or missing values
//! fall back to defaults; storage being unavailable (private mode) is not an error.

use crate::i18n::Lang;
use dashboard_core::quota::Thresholds;

const LANG_KEY: &str = "dqd.lang";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// The saved language, else the browser's (DingTalk's webview reports its own language).
pub fn initial_lang() -> Lang {
    if let Some(l) = load(LANG_KEY).as_deref().and_then(Lang::parse) {
        return l;
    }
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
pub fn load_thresholds() -> Thresholds {
    load(THRESHOLDS_KEY)
        .and_then(|v| Thresholds::from_pref(&v))
        .unwrap_or_default()
}

pub fn save_thresholds(t: Thresholds) {
    save(THRESHOLDS_KEY, &t.to_pref());
}
