//! The DingTalk Drive quota dashboard, a Leptos client-side app.
//!
//! Layers, with imports pointing one way: `views` -> `state` -> `api` -> `dingtalk_wire`.
//! `quota`, `format`, `i18n` and `prefs` are pure helpers any layer may use.

pub mod api;
pub mod browser;
pub mod csv;
pub mod format;
pub mod i18n;
pub mod prefs;
pub mod quota;
pub mod state;
pub mod views;

pub use views::app::App;
