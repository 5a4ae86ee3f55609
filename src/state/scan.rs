//! A space's scan for its page (admins): its status, polled about once a second while it
//! runs; the report of its latest results; the treemap level shown; starting and cancelling.
//! Every answer is checked against the space still shown, so a slow one for another space
//! never lands here. Nothing here costs a DingTalk call except [`ScanStore::start`], which
//! the admin confirmed.

use crate::api::{self, ApiError};
use dashboard_core::scan::ROOT;
use dashboard_core::scan_report::{ScanReport, ScanState, ScanStatus, TreeLevel};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

pub use super::Loaded;

/// What an admin asked of the scan.
#[derive(Clone, Copy)]
enum Action {
    Start,
    Continue,
    Cancel,
}

/// How often a running scan's progress is asked for.
const POLL_MS: u32 = 1000;

#[derive(Clone, Copy)]
pub struct ScanStore {
    space: StoredValue<String>,
    pub status: RwSignal<Loaded<ScanStatus>>,
    /// The latest results (`Got(None)`: no scan has any).
    pub report: RwSignal<Loaded<Option<Arc<ScanReport>>>>,
    /// The treemap level shown.
    pub tree: RwSignal<Loaded<Arc<TreeLevel>>>,
    /// A start or cancel on its way.
    pub busy: RwSignal<bool>,
    /// Why the last start or cancel failed.
    pub action_error: RwSignal<Option<ApiError>>,
    /// The scan (id, state) the report was asked for.
    report_for: StoredValue<Option<(i64, ScanState)>>,
    /// The folder of the treemap level asked for.
    tree_for: StoredValue<String>,
    /// Counts the polling loops started: a loop whose number is not the last one ends.
    poll_run: StoredValue<u64>,
    polling: StoredValue<bool>,
}

impl ScanStore {
    /// A store owned by the current reactive owner: when it goes, the polling stops and late
    /// answers are dropped.
    pub fn new() -> Self {
        Self {
            space: StoredValue::new(String::new()),
            status: RwSignal::new(Loaded::Waiting),
            report: RwSignal::new(Loaded::Waiting),
            tree: RwSignal::new(Loaded::Waiting),
            busy: RwSignal::new(false),
            action_error: RwSignal::new(None),
            report_for: StoredValue::new(None),
            tree_for: StoredValue::new(String::new()),
            poll_run: StoredValue::new(0),
            polling: StoredValue::new(false),
        }
    }

    /// Shows space `id`: forgets the previous space's figures and asks for this one's.
    pub fn show(self, id: String) {
        if self.space.get_value() == id {
            return;
        }
        self.space.set_value(id);
        self.poll_run.update_value(|r| *r += 1);
        self.polling.set_value(false);
        self.report_for.set_value(None);
        self.status.set(Loaded::Waiting);
        self.report.set(Loaded::Waiting);
        self.tree.set(Loaded::Waiting);
        self.action_error.set(None);
        self.reload();
    }

    /// The space shown, if the store is still alive and shows `id`.
    fn shows(self, id: &str) -> bool {
        self.space.try_get_value().as_deref() == Some(id)
    }

    /// Asks for the status again (after a failure).
    pub fn reload(self) {
        let id = self.space.get_value();
        spawn_local(async move {
            let got = api::scan_status(&id).await;
            if self.shows(&id) {
                match got {
                    Ok(s) => self.apply(s),
                    Err(e) => {
                        self.status.try_set(Loaded::Failed(e));
                    }
                }
            }
        });
    }

    /// Takes a status: polls while it runs, and asks for the report when the scan it
    /// describes changed (a new one, or one that ended).
    fn apply(self, s: ScanStatus) {
        let scan = s.scan.as_ref().map(|x| (x.id, x.state));
        let running = scan.is_some_and(|(_, st)| st == ScanState::Running);
        self.status.try_set(Loaded::Got(s));
        if scan.is_none() {
            self.report.try_set(Loaded::Got(None));
        } else if self.report_for.try_get_value().flatten() != scan {
            self.report_for.try_set_value(scan);
            self.load_report();
        }
        if running && self.polling.try_get_value() == Some(false) {
            self.poll();
        }
    }

    /// The space shown.
    pub fn space_id(self) -> String {
        self.space.try_get_value().unwrap_or_default()
    }

    /// Asks for the report again (after a failure).
    pub fn reload_report(self) {
        self.report.set(Loaded::Waiting);
        self.load_report();
    }

    fn load_report(self) {
        let id = self.space.get_value();
        spawn_local(async move {
            let got = match api::scan_report(&id).await {
                Ok(r) => Ok(Some(Arc::new(r))),
                Err(e) if e.code() == Some("scan.none") => Ok(None),
                Err(e) => Err(e),
            };
            if !self.shows(&id) {
                return;
            }
            let has = matches!(got, Ok(Some(_)));
            self.report.try_set(Loaded::of(got));
            // A new scan's folders are not the old one's: the map starts at the root.
            if has {
                self.zoom(ROOT.to_owned());
            }
        });
    }

    /// Asks for the treemap level of `folder`.
    pub fn zoom(self, folder: String) {
        let id = self.space.get_value();
        self.tree_for.set_value(folder.clone());
        self.tree.set(Loaded::Waiting);
        spawn_local(async move {
            let got = api::scan_tree(&id, &folder).await;
            if self.shows(&id) && self.tree_for.try_get_value().as_deref() == Some(&folder) {
                self.tree.try_set(Loaded::of(got.map(Arc::new)));
            }
        });
    }

    /// Asks for the progress in about a second; [`Self::apply`] asks again while the scan
    /// runs. A tick for another space, or after the page was left, ends the chain.
    fn poll(self) {
        self.polling.set_value(true);
        let run = self.poll_run.get_value();
        let id = self.space.get_value();
        spawn_local(async move {
            let current = {
                let id = id.clone();
                move || self.poll_run.try_get_value() == Some(run) && self.shows(&id)
            };
            api::sleep_ms(POLL_MS).await;
            if !current() {
                return;
            }
            let got = api::scan_status(&id).await;
            if !current() {
                return;
            }
            self.polling.set_value(false);
            match got {
                Ok(s) => self.apply(s),
                Err(e) => {
                    self.status.try_set(Loaded::Failed(e));
                }
            }
        });
    }

    /// Starts a scan (the admin confirmed its cost), or joins the one running.
    pub fn start(self) {
        self.act(Action::Start);
    }

    /// Takes the last scan up where it stopped (the admin confirmed).
    pub fn go_on(self) {
        self.act(Action::Continue);
    }

    pub fn cancel(self) {
        self.act(Action::Cancel);
    }

    fn act(self, action: Action) {
        let id = self.space.get_value();
        self.busy.set(true);
        self.action_error.set(None);
        spawn_local(async move {
            let got = match action {
                Action::Start => api::start_scan(&id, false).await,
                Action::Continue => api::start_scan(&id, true).await,
                Action::Cancel => api::cancel_scan(&id).await,
            };
            if !self.shows(&id) {
                return;
            }
            self.busy.try_set(false);
            match got {
                Ok(s) => self.apply(s),
                Err(e) => {
                    self.action_error.try_set(Some(e));
                }
            }
        });
    }
}

impl Default for ScanStore {
    fn default() -> Self {
        Self::new()
    }
}
