//! `/api/alerts…`: the alerts page (rules, this admin's subscriptions, the log of what was
//! sent), its two changes, and in demo mode what each demo user received (admins only; none
//! of these costs a DingTalk call).

use super::client::{get_json, put_json};
use super::ApiError;
use dashboard_core::alerts::Rules;
use dashboard_core::alerts_page::{AlertsPage, DemoInbox, Subscriptions};

pub async fn alerts_page() -> Result<AlertsPage, ApiError> {
    get_json("/api/alerts", None).await
}

/// Saves the rules this admin subscribes to and the language to write to them in.
pub async fn save_subscriptions(s: &Subscriptions) -> Result<AlertsPage, ApiError> {
    put_json("/api/alerts/subscriptions", s).await
}

/// Saves the rules (for every admin); refused with a 400 when they make no sense.
pub async fn save_rules(r: &Rules) -> Result<AlertsPage, ApiError> {
    put_json("/api/alerts/rules", r).await
}

/// What each demo user received (404 outside demo mode).
pub async fn demo_inboxes() -> Result<Vec<DemoInbox>, ApiError> {
    get_json("/api/alerts/demo", None).await
}
