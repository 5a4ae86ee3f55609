use crate::i18n::{use_i18n, Msg};
use crate::state::scan::{Loaded, ScanStore};
use crate::views::common::ErrorPanel;
use crate::views::scan::about::ScanAbout;
use crate::views::scan::{BreakdownTable, DuplicateTable, LargestFiles, SpaceMap};
use dashboard_core::scan::ROOT;
use dashboard_core::scan_report::ScanInfo;
use dashboard_core::scan_view::Breakdown;
use leptos::either::EitherOf3;
use leptos::prelude::*;

/// What the latest scan with results found: what they cover, the treemap of the level shown,
/// the largest files, the breakdowns and the likely duplicates.
#[component]
pub fn ScanResults(
    /// Where the results come from.
    store: ScanStore,
    /// The space's latest scan (its results may be an earlier one's while it runs).
    #[prop(into)]
    latest: Signal<Option<ScanInfo>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let tree = move || match store.tree.get() {
        Loaded::Waiting => EitherOf3::A(view! {
            <p class="loading" role="status">{i18n.text(Msg::Loading)}</p>
        }),
        Loaded::Failed(e) => EitherOf3::B(view! {
            <ErrorPanel error=e on_retry=Callback::new(move |_| store.zoom(ROOT.to_owned())) />
        }),
        Loaded::Got(level) => EitherOf3::C(view! {
            <SpaceMap level=(*level).clone() on_zoom=Callback::new(move |id| store.zoom(id)) />
        }),
    };
    move || match store.report.get() {
        Loaded::Waiting => latest.with(Option::is_some).then(|| {
            view! { <p class="loading" role="status">{i18n.text(Msg::Loading)}</p> }.into_any()
        }),
        Loaded::Failed(e) => Some(
            view! { <ErrorPanel error=e on_retry=Callback::new(move |_| store.reload_report()) /> }
                .into_any(),
        ),
        Loaded::Got(None) => None,
        Loaded::Got(Some(r)) if r.files == 0 => {
            Some(view! { <p class="scan-none">{i18n.text(Msg::ScanNoResults)}</p> }.into_any())
        }
        Loaded::Got(Some(r)) => {
            let id = r.scan.id;
            let earlier = move || latest.with(|l| l.as_ref().is_some_and(|l| l.id != id));
            let total = r.bytes;
            Some(
                view! {
                    <div class="scan-results" data-scan-id=id>
                        <Show when=earlier>
                            <p class="scan-earlier">{i18n.text(Msg::ScanEarlier)}</p>
                        </Show>
                        <ScanAbout report=r.clone() />
                        <section class="scan-part" aria-labelledby="scan-map-title">
                            <h3 id="scan-map-title">{i18n.text(Msg::ScanMapTitle)}</h3>
                            {tree}
                        </section>
                        <LargestFiles files=r.largest.clone() space_id=store.space_id() />
                        <div class="scan-breakdowns">
                            <BreakdownTable by=Breakdown::Kind groups=r.by_kind.clone() total=total />
                            <BreakdownTable by=Breakdown::Age groups=r.by_age.clone() total=total />
                            <BreakdownTable by=Breakdown::Extension groups=r.by_extension.clone() total=total />
                            <BreakdownTable by=Breakdown::Creator groups=r.by_creator.clone() total=total />
                        </div>
                        <DuplicateTable groups=r.duplicates.clone() />
                    </div>
                }
                .into_any(),
            )
        }
    }
}
