//! A view rendered without the contexts the app provides at its root fails at once, naming
//! what is missing, instead of falling back to a default that would hide the mistake.
#![cfg(target_arch = "wasm32")]

use drive_quota_dashboard::i18n::use_i18n;
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
#[should_panic(expected = "I18n context missing")]
fn the_language_is_required() {
    Owner::new().with(|| {
        use_i18n();
    });
}

#[wasm_bindgen_test]
#[should_panic]
fn the_session_is_required() {
    Owner::new().with(|| {
        drive_quota_dashboard::state::session::use_session();
    });
}
