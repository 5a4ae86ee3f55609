//! The dashboard's pure logic, shared by the app and testable natively: nothing here touches
//! a browser, a signal or the network. The app's stores hold these models in signals; its
//! views render what they return.
//!
//! - [`listing`]: one paged listing (runs, stale answers, repeated tokens, duplicates);
//! - [`window`]: which rows of a long list are in the DOM, and the arrow keys over them;
//! - [`review`] and [`review_csv`]: the quota review's URL, order, filter, summary, export;
//! - [`folder_query`], [`entry`], [`fling`]: the folder page's URL, entries and scrolling;
//! - [`trend`], [`history`], [`chart`]: growth, forecasts and the history charts;
//! - [`scan`], [`scan_report`], [`scan_view`], [`treemap`]: what fills a space;
//! - [`alerts`]: the alert rules, their hysteresis and the digest;
//! - [`scan`], [`scan_report`], [`scan_view`], [`treemap`]: a space's scan and what the app
//!   shows of it;
//! - [`quota`], [`format`], [`csv`], [`i18n`], [`error`]: numbers, text and failures.

pub mod alert_notice;
pub mod alerts;
pub mod alerts_page;
pub mod alerts_view;
pub mod chart;
pub mod csv;
pub mod entry;
pub mod error;
pub mod fling;
pub mod folder_query;
pub mod format;
pub mod history;
pub mod i18n;
pub mod listing;
pub mod quota;
pub mod review;
pub mod review_csv;
pub mod scan;
pub mod scan_report;
pub mod scan_view;
pub mod snapshot;
pub mod treemap;
pub mod trend;
pub mod usage;
pub mod window;

pub use error::ApiError;
