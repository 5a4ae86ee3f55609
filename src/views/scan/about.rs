use crate::format::Intl;
use crate::i18n::use_i18n;
use dashboard_core::scan_report::ScanReport;
use dashboard_core::scan_view::{as_of_text, coverage_text, repeats_text};
use leptos::prelude::*;
use std::sync::Arc;

/// What the results are: as of the scan's end, whether they cover the whole space (a
/// cancelled or stopped scan's are partial, and a stopped one says why), and the listing's
/// caveat about items that changed during the scan.
#[component]
pub fn ScanAbout(
    /// The results.
    report: Arc<ScanReport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = report.clone();
    let as_of = move || as_of_text(&r.scan, Intl(i18n.lang()));
    let r = report.clone();
    let coverage = move || coverage_text(&r.scan, r.files, r.folders, r.bytes, Intl(i18n.lang()));
    let r = report.clone();
    let caveat = move || repeats_text(&r.scan, Intl(i18n.lang()));
    let state = report.scan.state.code();
    view! {
        <div class="scan-about" data-state=state>
            <p class="scan-as-of"><strong>{as_of}</strong></p>
            <p class="scan-coverage" class:partial=!report.scan.is_whole()>{coverage}</p>
            <p class="scan-caveat">{caveat}</p>
        </div>
    }
}
