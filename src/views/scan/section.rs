use crate::i18n::{error_text, use_i18n, Msg};
use crate::state::scan::{Loaded, ScanStore};
use crate::views::common::ErrorPanel;
use crate::views::scan::progress::ScanProgress;
use crate::views::scan::results::ScanResults;
use crate::views::scan::start::ScanStart;
use dashboard_core::scan_report::ScanState;
use leptos::either::EitherOf4;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Waiting,
    Failed,
    /// No scan, or one that ended: the estimate and the button.
    Idle,
    Running,
}

/// "What fills this space" (admins): the scan's cost or progress, then what the latest scan
/// with results found. The parts stay mounted while the progress is polled, so only their
/// words change each second.
#[component]
pub fn ScanSection(
    /// The space, from the URL.
    #[prop(into)]
    space_id: Signal<String>,
    /// Told the scan whose results are shown, when they arrive.
    #[prop(optional)]
    on_results: Option<Callback<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = ScanStore::new();
    if let Some(told) = on_results {
        Effect::new(move |_| {
            let id = store.report.with(|r| match r {
                Loaded::Got(Some(r)) => Some(r.scan.id),
                _ => None,
            });
            if let Some(id) = id {
                told.run(id);
            }
        });
    }
    Effect::new(move |_| {
        let id = space_id.get();
        if !id.is_empty() {
            store.show(id);
        }
    });
    let shown = Memo::new(move |_| {
        store.status.with(|s| match s {
            Loaded::Waiting => Shown::Waiting,
            Loaded::Failed(_) => Shown::Failed,
            Loaded::Got(s)
                if s.scan
                    .as_ref()
                    .is_some_and(|x| x.state == ScanState::Running) =>
            {
                Shown::Running
            }
            Loaded::Got(_) => Shown::Idle,
        })
    });
    let scan = Memo::new(move |_| {
        store.status.with(|s| match s {
            Loaded::Got(s) => s.scan.clone(),
            _ => None,
        })
    });
    let estimate = Memo::new(move |_| {
        store.status.with(|s| match s {
            Loaded::Got(s) => Some(s.estimate.clone()),
            _ => None,
        })
    });
    let head = move || match shown.get() {
        Shown::Waiting => EitherOf4::A(view! {
            <p class="loading" role="status">{i18n.text(Msg::Loading)}</p>
        }),
        Shown::Failed => {
            let e = store.status.with_untracked(|s| match s {
                Loaded::Failed(e) => Some(e.clone()),
                _ => None,
            });
            EitherOf4::B(e.map(|e| {
                view! {
                    <ErrorPanel error=e on_retry=Callback::new(move |_| store.reload()) />
                }
            }))
        }
        Shown::Idle => EitherOf4::C(move || {
            let e = estimate.get()?;
            let again = scan.with(Option::is_some);
            Some(view! {
                {(!again).then(|| view! { <p class="scan-none">{i18n.text(Msg::ScanNone)}</p> })}
                <ScanStart
                    estimate=e
                    again=again
                    busy=store.busy
                    on_start=Callback::new(move |_| store.start())
                    resumable=scan.get().filter(|s| s.can_continue)
                    on_continue=Callback::new(move |_| store.go_on())
                />
            })
        }),
        Shown::Running => EitherOf4::D(view! {
            <ScanProgress scan=scan busy=store.busy on_cancel=Callback::new(move |_| store.cancel()) />
        }),
    };
    let action_error = move || {
        store.action_error.get().map(|e| {
            view! { <p class="scan-error" role="alert">{move || error_text(i18n.lang(), &e)}</p> }
        })
    };
    view! {
        <section class="scan-section" aria-labelledby="scan-title">
            <h2 id="scan-title">{i18n.text(Msg::ScanTitle)}</h2>
            {head}
            {action_error}
            <ScanResults store=store latest=scan />
        </section>
    }
}
