//! The DingTalk Drive quota dashboard, a Leptos client-side app.
//!
//! Layers, with imports pointing one way: `views` -> `state` -> `api` -> `dingtalk_wire`.
//! The pure logic every layer uses (paging, windowing, sorting, quota math, texts) is the
//! `dashboard_core` crate; `format`, `i18n`, `prefs` and `browser` adapt it to the browser.

pub mod api;
pub mod browser;
pub mod format;
pub mod i18n;
pub mod prefs;
pub mod state;
pub mod views;

pub use views::app::App;
