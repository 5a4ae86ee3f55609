//! This month's metered DingTalk calls against the app's budget, as the last answer that cost
//! one reported them (no request of its own).

use dashboard_core::usage::CallUsage;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Calls(pub RwSignal<Option<CallUsage>>);

impl Calls {
    /// Made once by the app: follows every answer from now on.
    pub fn follow() -> Self {
        let calls = RwSignal::new(None);
        crate::api::on_calls(move |u| {
            calls.try_set(Some(u));
        });
        Self(calls)
    }
}

/// The calls the app provides at its root.
pub fn use_calls() -> Calls {
    expect_context::<Calls>()
}
