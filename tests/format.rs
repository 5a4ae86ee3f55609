//! Number and date formatting in the browser, through `Intl` formatters cached per language:
//! each language gets its own formatter, a second call gives the same text, and a date out of
//! range is shown as unknown instead of throwing.
#![cfg(target_arch = "wasm32")]

use drive_quota_dashboard::format::{self, Intl, Locale};
use drive_quota_dashboard::i18n::Lang;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn numbers_follow_the_language_and_the_cache_keeps_them_apart() {
    assert_eq!(Intl(Lang::En).number(1234.5), "1,234.5");
    assert_eq!(format::bytes(1536, Intl(Lang::En)), "1.5 KB");
    // zh-CN groups thousands the same way; asked after English, it must not get its formatter.
    assert_eq!(Intl(Lang::Zh).number(1234.5), "1,234.5");
    assert_eq!(format::percent_bp(8050, Intl(Lang::Zh)), "80.5%");
    // Cached: the same answer again.
    assert_eq!(Intl(Lang::En).number(0.25), "0.25");
    assert_eq!(Intl(Lang::En).number(0.25), "0.25");
}

#[wasm_bindgen_test]
fn dates_are_formatted_per_language_and_out_of_range_is_unknown() {
    // 2024-03-01T08:30:00Z: 2024 in every time zone (29 Feb or 1 Mar).
    let ms = 1_709_281_800_000;
    let en = Intl(Lang::En).date_time(ms);
    let zh = Intl(Lang::Zh).date_time(ms);
    assert!(en.contains("2024") && en.contains(':'), "{en}");
    assert!(zh.starts_with("2024/0") && zh.contains(':'), "{zh}");
    assert_ne!(en, zh, "each language has its own formatter");
    assert_eq!(
        Intl(Lang::En).date_time(ms),
        en,
        "cached formatter, same text"
    );
    assert_eq!(Intl(Lang::Zh).date_time(i64::MAX), "—");
}
