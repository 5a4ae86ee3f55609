//! The alerts page (admins): the admin's subscriptions, the rules, the log of what was sent,
//! how to turn alerts on when they are off, and in demo mode what each demo user received.
//! Every part takes its data as props; the page fetches it (`crate::state::alerts`).

mod demo;
mod log;
mod off;
mod page;
mod rules_form;
mod save_status;
mod subscriptions;

pub use demo::DemoInboxes;
pub use log::AlertLog;
pub use off::AlertsOff;
pub use page::AlertsPage;
pub use rules_form::AlertRulesForm;
pub use save_status::SaveStatus;
pub use subscriptions::AlertSubscriptions;
