use crate::format::Intl;
use crate::i18n::{fill, use_i18n, Msg};
use dashboard_core::scan_report::ScanInfo;
use dashboard_core::scan_view::{progress_bar, progress_text};
use leptos::prelude::*;

/// A running scan: a progress bar of calls against those expected, entries, calls, time spent
/// and left in words, and a cancel button. The words change each second, so they are not a
/// live region; a polite one says only each tenth of the way, so a screen reader is not
/// interrupted every second.
#[component]
pub fn ScanProgress(
    /// The scan (its latest status).
    #[prop(into)]
    scan: Signal<Option<ScanInfo>>,
    /// A cancel is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called by the cancel button.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let bar = Memo::new(move |_| scan.with(|s| s.as_ref().map_or((0, 1), progress_bar)));
    let words = move || {
        scan.with(|s| {
            s.as_ref()
                .map(|s| progress_text(s, Intl(i18n.lang())))
                .unwrap_or_default()
        })
    };
    let tenth = Memo::new(move |_| {
        let (v, max) = bar.get();
        (v * 10 / max.max(1)).clamp(0, 10) * 10
    });
    let announce = move || fill(i18n.t(Msg::ScanDecile), &[&tenth.get().to_string()]);
    view! {
        <div class="scan-progress">
            <progress
                max=move || bar.get().1
                value=move || bar.get().0
                aria-label=i18n.text(Msg::ScanProgressLabel)
            ></progress>
            <p class="scan-progress-text">{words}</p>
            <p class="visually-hidden" aria-live="polite">{announce}</p>
            <button type="button" class="button secondary scan-cancel" disabled=move || busy.get() on:click=move |_| on_cancel.run(())>
                {i18n.text(Msg::ScanCancel)}
            </button>
        </div>
    }
}
