//! The alerts page (admins): the rules, this admin's subscriptions and the log, as the server
//! last answered; saving either form (each answer is the whole page again); and in demo mode
//! what each demo user received. Answers that arrive after the page was left are dropped.

use super::Loaded;
use crate::api::{self, ApiError};
use dashboard_core::alerts::{RuleKind, Rules};
use dashboard_core::alerts_page::{AlertsPage, DemoInbox, Subscriptions};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where a form's save stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Save {
    #[default]
    Idle,
    Saving,
    Saved,
    Failed(ApiError),
}

/// A change an admin saves.
enum Change {
    Subscriptions(Subscriptions),
    Rules(Rules),
}

#[derive(Clone, Copy)]
pub struct AlertsStore {
    pub page: RwSignal<Loaded<AlertsPage>>,
    pub subscriptions: RwSignal<Save>,
    pub rules: RwSignal<Save>,
    /// What each demo user received: asked for once the page says it is demo mode.
    pub demo: RwSignal<Loaded<Vec<DemoInbox>>>,
    demo_asked: StoredValue<bool>,
}

impl AlertsStore {
    /// A store owned by the current reactive owner, asking for the page at once.
    pub fn new() -> Self {
        let store = Self {
            page: RwSignal::new(Loaded::Waiting),
            subscriptions: RwSignal::new(Save::Idle),
            rules: RwSignal::new(Save::Idle),
            demo: RwSignal::new(Loaded::Waiting),
            demo_asked: StoredValue::new(false),
        };
        store.load();
        store
    }

    /// Asks for the page again. What is shown stays until the answer comes (the forms keep
    /// their focus); a failure replaces it only if nothing was shown.
    pub fn load(self) {
        if matches!(self.page.get_untracked(), Loaded::Failed(_)) {
            self.page.set(Loaded::Waiting);
        }
        spawn_local(async move {
            match api::alerts_page().await {
                Ok(p) => self.take(p),
                Err(e) => {
                    if !matches!(self.page.try_get_untracked(), Some(Loaded::Got(_))) {
                        self.page.try_set(Loaded::Failed(e));
                    }
                }
            }
        });
    }

    fn take(self, p: AlertsPage) {
        let demo = p.demo;
        self.page.try_set(Loaded::Got(p));
        if demo && self.demo_asked.try_get_value() == Some(false) {
            self.load_demo();
        }
    }

    /// Saves this admin's subscriptions (with the page's language).
    pub fn save_subscriptions(self, s: Subscriptions) {
        self.save(Change::Subscriptions(s));
    }

    /// Saves the rules; the form checked them first.
    pub fn save_rules(self, r: Rules) {
        self.save(Change::Rules(r));
    }

    fn save(self, change: Change) {
        let state = match change {
            Change::Subscriptions(_) => self.subscriptions,
            Change::Rules(_) => self.rules,
        };
        if state.get_untracked() == Save::Saving {
            return;
        }
        state.set(Save::Saving);
        spawn_local(async move {
            let got = match &change {
                Change::Subscriptions(s) => api::save_subscriptions(s).await,
                Change::Rules(r) => api::save_rules(r).await,
            };
            match got {
                Ok(p) => {
                    self.take(p);
                    state.try_set(Save::Saved);
                }
                Err(e) => {
                    state.try_set(Save::Failed(e));
                }
            }
        });
    }

    /// Asks what each demo user received (again).
    pub fn load_demo(self) {
        self.demo_asked.set_value(true);
        self.demo.set(Loaded::Waiting);
        spawn_local(async move {
            let got = api::demo_inboxes().await;
            self.demo.try_set(Loaded::of(got));
        });
    }
}

impl Default for AlertsStore {
    fn default() -> Self {
        Self::new()
    }
}

/// The subscriptions with `kind` on or off, in the rules' own order, each once.
pub fn toggled(subscribed: &[RuleKind], kind: RuleKind, on: bool) -> Vec<RuleKind> {
    RuleKind::ALL
        .into_iter()
        .filter(|&k| {
            if k == kind {
                on
            } else {
                subscribed.contains(&k)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use RuleKind::*;

    #[test]
    fn toggling_keeps_the_rules_order_and_no_repeats() {
        assert_eq!(toggled(&[], Org, true), [Org]);
        assert_eq!(
            toggled(&[Org, Warning], FullSoon, true),
            [Warning, FullSoon, Org]
        );
        assert_eq!(toggled(&[Warning, Warning, Org], Warning, false), [Org]);
        assert_eq!(toggled(&[Critical], Critical, true), [Critical]);
        assert_eq!(toggled(&[Critical], Warning, false), [Critical]);
    }
}
