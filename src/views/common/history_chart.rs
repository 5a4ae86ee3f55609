use crate::format::{bytes, Intl};
use crate::i18n::{use_i18n, Msg};
use dashboard_core::chart::{history_csv, nearest, plot, readout, summary, Frame, HEIGHT, WIDTH};
use leptos::prelude::*;
use std::sync::Arc;

/// A history chart drawn by the app: the first series as a line over its area, the others as
/// steps (a quota holds until it changes). The SVG stretches to its box while its strokes keep
/// their width; the axis labels beside it are HTML, so they stay readable on a phone. It is an
/// image named by its summary, one day at a time by pointer, tap or arrow keys (the day read
/// out above it), its numbers in a table one click away, and exported as CSV.
#[component]
pub fn HistoryChart(
    /// The days and series.
    frame: Frame,
    /// The CSV's file name.
    csv_name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = Arc::new(plot(&frame));
    let frame = Arc::new(frame);
    let last = frame.days.len().saturating_sub(1);
    let at = RwSignal::new(last);

    let pick = {
        let xs = p.xs.clone();
        move |e: &web_sys::PointerEvent| {
            let Some(el) = e
                .current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            else {
                return;
            };
            let r = el.get_bounding_client_rect();
            if r.width() <= 0.0 {
                return;
            }
            let x = ((f64::from(e.client_x()) - r.left()) / r.width() * WIDTH as f64) as i64;
            if let Some(i) = nearest(&xs, x) {
                at.set(i);
            }
        }
    };
    let pick_down = pick.clone();
    let on_key = move |e: web_sys::KeyboardEvent| {
        let now = at.get_untracked();
        let to = match e.key().as_str() {
            "ArrowLeft" | "ArrowDown" => now.saturating_sub(1),
            "ArrowRight" | "ArrowUp" => (now + 1).min(last),
            "PageDown" => now.saturating_sub(7),
            "PageUp" => (now + 7).min(last),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        e.prevent_default();
        at.set(to);
    };

    let f = frame.clone();
    let read = move || readout(&f, at.get(), Intl(i18n.lang()));
    let f = frame.clone();
    let label = move || summary(&f, Intl(i18n.lang()));
    let cursor = {
        let p = p.clone();
        move || p.xs.get(at.get()).copied().unwrap_or(0)
    };
    let dots = {
        let p = p.clone();
        move || {
            let i = at.get();
            p.ys.iter()
                .enumerate()
                .filter_map(|(s, ys)| {
                    let y = ys.get(i).copied().flatten()?;
                    let x = p.xs.get(i).copied()?;
                    Some(view! {
                        <span class=format!("chart-dot series-{s}") style:left=per_mille(x, WIDTH) style:top=per_mille(y, HEIGHT)></span>
                    })
                })
                .collect_view()
        }
    };
    let y_labels = {
        let p = p.clone();
        move || {
            let loc = Intl(i18n.lang());
            p.y_ticks
                .iter()
                .map(|&(y, b)| view! { <span class="chart-y-label" style:top=per_mille(y, HEIGHT)>{bytes(b, loc)}</span> })
                .collect_view()
        }
    };
    let x_labels = {
        let p = p.clone();
        move || {
            let loc = Intl(i18n.lang());
            let n = p.x_ticks.len();
            p.x_ticks
                .iter()
                .enumerate()
                .map(|(k, &(x, day))| {
                    // The ends align to the plot's edges, the others centre on their day.
                    let edge = if k == 0 { "start" } else if k + 1 == n { "end" } else { "mid" };
                    view! { <span class=format!("chart-x-label {edge}") style:left=per_mille(x, WIDTH)>{dashboard_core::format::Locale::day(loc, day)}</span> }
                })
                .collect_view()
        }
    };
    let grid: Vec<_> = p
        .y_ticks
        .iter()
        .map(|&(y, _)| view! { <line class="chart-grid" x1="0" x2=WIDTH y1=y y2=y /> })
        .collect();
    let lines: Vec<_> = p
        .lines
        .iter()
        .enumerate()
        .map(|(s, d)| view! { <path class=format!("chart-line series-{s}") d=d.clone() /> })
        .collect();
    let demo = p.demo_to.map(|x| {
        view! { <rect class="chart-demo" x="0" y="0" width=x height=HEIGHT /> }
    });
    let legend = {
        let f = frame.clone();
        let has_demo = p.demo_to.is_some();
        move || {
            let mut items: Vec<_> = f
                .series
                .iter()
                .enumerate()
                .map(|(s, (name, _))| {
                    view! { <li><span class=format!("chart-swatch series-{s}") aria-hidden="true"></span>{i18n.t(*name)}</li> }
                        .into_any()
                })
                .collect();
            if has_demo {
                items.push(
                    view! { <li><span class="chart-swatch demo" aria-hidden="true"></span>{i18n.t(Msg::ChartDemoLegend)}</li> }
                        .into_any(),
                );
            }
            items
        }
    };
    let open = RwSignal::new(false);
    let table = {
        let f = frame.clone();
        move || {
            if !open.get() {
                return None;
            }
            let loc = Intl(i18n.lang());
            let head = f
                .series
                .iter()
                .map(|(name, _)| view! { <th scope="col">{i18n.t(*name)}</th> })
                .collect_view();
            let rows = f
                .days
                .iter()
                .enumerate()
                .rev()
                .map(|(i, &day)| {
                    let cells = f
                        .series
                        .iter()
                        .map(|(_, v)| {
                            let text = dashboard_core::chart::value_text(v.get(i).copied().flatten(), loc);
                            view! { <td>{text}</td> }
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{dashboard_core::format::Locale::day(loc, day)}</th>{cells}</tr> }
                })
                .collect_view();
            Some(view! {
                <div class="chart-table-wrap" tabindex="0" role="region" aria-label=move || i18n.t(Msg::ChartShowTable)>
                    <table class="chart-table">
                        <thead><tr><th scope="col">{i18n.t(Msg::ChartDate)}</th>{head}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })
        }
    };
    let on_toggle = move |e: web_sys::Event| {
        let el = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
        open.set(el.is_some_and(|d| d.has_attribute("open")));
    };
    let f = frame.clone();
    let export = move |_| {
        let doc = history_csv(&f, Intl(i18n.lang()));
        let name = format!("{csv_name}-{}.csv", crate::browser::today());
        if let Err(e) = crate::browser::download(&name, "text/csv;charset=utf-8", &doc) {
            leptos::logging::warn!("export failed: {e}");
        }
    };

    view! {
        <figure class="history-chart">
            <p class="chart-readout" aria-live="polite">{read}</p>
            <div class="chart-body">
                <div class="chart-y" aria-hidden="true">{y_labels}</div>
                <div
                    class="chart-plot"
                    tabindex="0"
                    role="group"
                    aria-label=move || i18n.t(Msg::ChartKeysHint)
                    on:pointermove=move |e| pick(&e)
                    on:pointerdown=move |e| pick_down(&e)
                    on:keydown=on_key
                >
                    <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img" aria-label=label>
                        {demo}
                        {grid}
                        <path class="chart-fill" d=p.area.clone() />
                        {lines}
                        <line class="chart-cursor" x1=cursor.clone() x2=cursor y1="0" y2=HEIGHT />
                    </svg>
                    {dots}
                </div>
                <div class="chart-x" aria-hidden="true">{x_labels}</div>
            </div>
            <figcaption>
                <ul class="chart-legend">{legend}</ul>
            </figcaption>
            <div class="chart-actions">
                <details class="chart-numbers" on:toggle=on_toggle>
                    <summary>{move || i18n.t(Msg::ChartShowTable)}</summary>
                    {table}
                </details>
                <button type="button" class="button secondary chart-export" on:click=export>
                    {move || i18n.t(Msg::ChartExport)}
                </button>
            </div>
        </figure>
    }
}

/// `v` of `of` as a CSS percentage with one decimal, from whole numbers.
fn per_mille(v: i64, of: i64) -> String {
    let pm = (v.clamp(0, of) * 1000 + of / 2) / of.max(1);
    format!("{}.{}%", pm / 10, pm % 10)
}
