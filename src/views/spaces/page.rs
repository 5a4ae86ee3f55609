use crate::i18n::{fill, use_i18n, Msg};
use crate::state::review::use_spaces;
use crate::views::common::{use_window, ErrorPanel, Layout};
use crate::views::spaces::skeleton::{Skeleton, SummarySkeleton};
use crate::views::spaces::snapshot::SnapshotBar;
use crate::views::spaces::summary::SummaryPanel;
use crate::views::spaces::thresholds::ThresholdSettings;
use crate::views::spaces::toolbar::ReviewToolbar;
use crate::views::spaces::{state_msg, SpaceRow};
use dashboard_core::listing::Phase;
use dashboard_core::review::{visible, ReviewQuery};
use dashboard_core::review_csv::review_csv;
use dashboard_core::window::{OVERSCAN_ROWS, REVIEW_WINDOW_FROM, SPACE_ROW_PITCH};
use leptos::html::Ul;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// The quota review: every org space with its quota bar, rendered page by page as they
/// arrive; summary, thresholds, sort and filter (kept in the URL), CSV export.
#[component]
pub fn SpacesPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_spaces();
    store.ensure_loaded();
    // Each snapshot shown brings its spaces' trends (admins; one request per snapshot); the
    // trends store gives them to the rows, whichever comes last.
    let trends = crate::state::history::use_trends();
    if let Some(trends) = trends {
        let status = store.status();
        Effect::new(move |_| {
            let snapshot =
                status.with(|s| s.as_ref().and_then(|s| s.snapshot.as_ref().map(|x| x.id)));
            if let Some(id) = snapshot {
                trends.load_for(id);
            }
        });
    }
    let soon = trends.map(|_| {
        Signal::derive(move || {
            store
                .listing
                .with(|l| l.items().iter().filter(|r| r.full_soon()).count())
        })
    });
    let thresholds = RwSignal::new(crate::prefs::load_thresholds());
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| ReviewQuery::from_params(|k| m.get(k))));
    let rows = store.listing;
    let order = Memo::new(move |_| rows.with(|r| visible(r.items(), &query.get())));
    // Large organisations are windowed: only the rows on screen (plus a margin) are in the
    // DOM, so a page of spaces landing mid-order, a sort or a keystroke touches a few dozen
    // rows, not thousands. Rows have one height in this mode (main.css), measured.
    let list = NodeRef::<Ul>::new();
    let total = Signal::derive(move || order.with(Vec::len));
    // Whether to window follows the organisation's size, not the filter's: typing in the
    // filter never switches a large organisation to rendering every match.
    let windowed = Signal::derive(move || rows.with(|r| r.len()) > REVIEW_WINDOW_FROM);
    let layout = Layout {
        columns: |_| 1,
        pitch: SPACE_ROW_PITCH,
        measured: true,
        overscan: OVERSCAN_ROWS,
    };
    let win = use_window(list, total, windowed, layout).win;
    let shown = move || {
        let w = win.get();
        order.with(|o| {
            o.get(w.first..w.last)
                .map(<[usize]>::to_vec)
                .unwrap_or_default()
        })
    };
    let navigate = use_navigate();
    let location = use_location();
    let on_change = Callback::new(move |(q, replace): (ReviewQuery, bool)| {
        let qs = q.to_query();
        let path = location.pathname.get_untracked();
        let url = if qs.is_empty() {
            path
        } else {
            format!("{path}?{qs}")
        };
        navigate(
            &url,
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let on_export = Callback::new(move |_| {
        let lang = i18n.lang();
        let doc = rows.with_untracked(|r| {
            review_csv(
                r.items(),
                &order.get_untracked(),
                thresholds.get_untracked(),
                crate::format::Intl(lang),
                |s| lang.t(state_msg(s)),
            )
        });
        let name = format!("drive-spaces-{}.csv", crate::browser::today());
        if let Err(e) = crate::browser::download(&name, "text/csv;charset=utf-8", &doc) {
            leptos::logging::warn!("export failed: {e}");
        }
    });
    let status = move || {
        let (count, pages, phase) = rows.with(|r| (r.len(), r.pages(), r.phase().clone()));
        match phase {
            // From a snapshot the bar above says how the listing goes.
            Phase::Idle | Phase::Loading | Phase::More if store.from_snapshots() => view! {
                {(count == 0).then(|| view! { <Skeleton /> })}
            }
            .into_any(),
            Phase::Idle | Phase::Loading | Phase::More => view! {
                <div class="load-progress" role="status">
                    <progress class="page-progress"></progress>
                    <span>{fill(i18n.t(Msg::SpacesProgress), &[&pages.to_string(), &count.to_string()])}</span>
                    <button class="link-button cancel-load" on:click=move |_| store.cancel()>{i18n.t(Msg::Cancel)}</button>
                </div>
                {(count == 0).then(|| view! { <Skeleton /> })}
            }
            .into_any(),
            Phase::Done if count == 0 => view! { <p class="empty-state">{i18n.t(Msg::NoSpaces)}</p> }.into_any(),
            Phase::Done => view! { <p class="load-done" role="status">{fill(i18n.t(Msg::SpacesCount), &[&count.to_string()])}</p> }.into_any(),
            Phase::Cancelled => view! {
                <div class="load-progress" role="status">
                    <span>{i18n.t(Msg::SpacesCancelled)}</span>
                    <button class="link-button" on:click=move |_| store.retry()>{i18n.t(Msg::Retry)}</button>
                </div>
            }
            .into_any(),
            Phase::Failed(e) => view! { <ErrorPanel error=e on_retry=Callback::new(move |_| store.retry_load()) /> }.into_any(),
        }
    };
    let filter_note = move || {
        let q = query.get();
        let shown = order.with(Vec::len);
        let total = rows.with(|r| r.len());
        (!q.filter.trim().is_empty() && total > 0).then(|| {
            if shown == 0 {
                view! { <p class="empty-state no-match">{fill(i18n.t(Msg::NoMatch), &[q.filter.trim()])}</p> }.into_any()
            } else {
                view! { <p class="filter-count" role="status">{fill(i18n.t(Msg::ShowingCount), &[&shown.to_string(), &total.to_string()])}</p> }.into_any()
            }
        })
    };
    view! {
        <section class="spaces-page">
            <h1>{move || i18n.t(Msg::SpacesTitle)}</h1>
            <SnapshotBar />
            {trends.map(|t| view! { <crate::views::spaces::org::OrgPanel trends=t /> })}
            // Until the first page, the summary's shape holds its place.
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=move || rows.with(|r| matches!(r.phase(), Phase::Idle | Phase::Loading)).then(|| view! { <SummarySkeleton /> })
            >
                <SummaryPanel rows=rows thresholds=thresholds />
            </Show>
            <ReviewToolbar query=query on_change=on_change on_export=on_export soon=soon />
            <ThresholdSettings thresholds=thresholds />
            {status}
            {filter_note}
            <ul
                class="space-list"
                class:windowed=windowed
                node_ref=list
                data-total=move || total.get().to_string()
                style:padding-top=move || format!("{}px", win.get().top)
                style:padding-bottom=move || format!("{}px", win.get().bottom)
            >
                <For
                    each=shown
                    // A newer snapshot lists the same ids with new values: its rows are made anew.
                    key=move |i| rows.with_untracked(|r| (r.generation(), r.items().get(*i).map(|row| row.space.space_id.clone()).unwrap_or_default()))
                    children=move |i| {
                        rows.with_untracked(|r| r.items().get(i).cloned()).map(|row| view! {
                            <SpaceRow space=row.space usage=row.usage thresholds=thresholds />
                        })
                    }
                />
            </ul>
        </section>
    }
}
