//! The HTTP client of the app: one generic JSON fetch over gloo-net with a typed error, and
//! one function per endpoint on top of it. Only this module knows URLs.

mod alerts;
mod client;
mod dentries;
pub mod early;
pub mod jsapi;
mod scans;

pub use alerts::{alerts_page, demo_inboxes, save_rules, save_subscriptions};
pub use client::{
    decode, get_config, get_json, get_space, history, list_spaces_page, login, logout, me,
    on_calls, org_history, refresh_review, review, review_status, sleep_ms, space_history,
    ClientConfig, Me,
};
pub use dashboard_core::ApiError;
pub use dentries::{dentries_query, dentries_url, list_dentries_page, DENTRIES_PAGE};
pub use scans::{cancel_scan, folder_sizes, scan_report, scan_status, scan_tree, start_scan};
