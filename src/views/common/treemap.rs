use dashboard_core::scan_view::{layout, MAP_HEIGHT, MAP_WIDTH};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// What choosing a cell does.
#[derive(Debug, Clone, PartialEq)]
pub enum CellAction {
    /// Nothing (a file).
    None,
    /// Zooms into the folder of this id.
    Zoom(String),
    /// Follows this link (a space's page).
    Link(String),
}

/// One cell of a treemap.
#[derive(Debug, Clone, PartialEq)]
pub struct MapCell {
    /// The name written in the cell (when it fits).
    pub name: String,
    /// Its accessible name: the name, the size and the kind or state in words.
    pub label: String,
    /// The class of its colour and pattern (`kind-video`, `state-over`).
    pub class: &'static str,
    pub size: i64,
    pub action: CellAction,
}

/// A treemap: one cell per item in a box of fixed aspect ratio, each cell's area
/// proportional to its size (laid out by `dashboard_core::scan_view::layout`), largest first.
/// It is a list named by `label`; one cell at a time is in the tab order (the arrow keys,
/// Home and End move between them, in order of size), and Enter or Space on a folder zooms
/// into it. Cells of no size are left out of the drawing (the table beside it lists them).
#[component]
pub fn Treemap(
    /// The cells, largest first.
    cells: Vec<MapCell>,
    /// The accessible name of the map.
    #[prop(into)]
    label: String,
    /// Called with a folder's id when it is chosen.
    #[prop(optional)]
    on_zoom: Option<Callback<String>>,
) -> impl IntoView {
    let rects = layout(&cells.iter().map(|c| c.size).collect::<Vec<_>>());
    let shown: Vec<usize> = (0..cells.len())
        .filter(|&i| rects[i].area() > 0.0)
        .collect();
    let last = shown.len().saturating_sub(1);
    let cells = Arc::new(cells);
    let focus = RwSignal::new(0usize);
    let list = NodeRef::<leptos::html::Ul>::new();
    let zoom = move |id: &str| {
        if let Some(f) = on_zoom {
            f.run(id.to_owned());
        }
    };
    let position = |el: &web_sys::Element| -> Option<usize> {
        el.closest("[data-i]")
            .ok()
            .flatten()
            .and_then(|c| c.get_attribute("data-i"))
            .and_then(|i| i.parse().ok())
    };
    let move_to = move |to: usize| {
        focus.set(to);
        let target = list
            .get_untracked()
            .and_then(|l| l.query_selector(&format!("[data-i='{to}']")).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(t) = target {
            let _ = t.focus();
        }
    };
    let on_key = {
        let cells = cells.clone();
        move |e: web_sys::KeyboardEvent| {
            let Some(at) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| position(&el))
            else {
                return;
            };
            let to = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => (at + 1).min(last),
                "ArrowLeft" | "ArrowUp" => at.saturating_sub(1),
                "Home" => 0,
                "End" => last,
                "Enter" | " " => {
                    if let Some(CellAction::Zoom(id)) =
                        shown.get(at).and_then(|&i| cells.get(i)).map(|c| &c.action)
                    {
                        e.prevent_default();
                        zoom(id);
                    }
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            move_to(to);
        }
    };
    let on_focus = move |e: web_sys::FocusEvent| {
        if let Some(at) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| position(&el))
        {
            focus.set(at);
        }
    };
    let items = (0..cells.len())
        .filter(|&i| rects[i].area() > 0.0)
        .enumerate()
        .map(|(at, i)| {
            let c = &cells[i];
            let r = rects[i];
            let pct = |v: f64, of: f64| format!("{:.3}%", v / of * 100.0);
            let (left, top) = (pct(r.x, MAP_WIDTH), pct(r.y, MAP_HEIGHT));
            let (width, height) = (pct(r.w, MAP_WIDTH), pct(r.h, MAP_HEIGHT));
            // Too small for its name: the name is for hover and the accessible name.
            let tiny = r.w < 36.0 || r.h < 16.0;
            let tabindex = move || if focus.get() == at { 0 } else { -1 };
            let hit = match &c.action {
                CellAction::Link(href) => view! {
                    <a class="map-hit" href=href.clone() data-i=at tabindex=tabindex aria-label=c.label.clone() title=c.label.clone()>
                        {c.name.clone()}
                    </a>
                }
                .into_any(),
                CellAction::Zoom(id) => {
                    let id = id.clone();
                    view! {
                        <button type="button" class="map-hit" data-i=at tabindex=tabindex aria-label=c.label.clone() title=c.label.clone() on:click=move |_| zoom(&id)>
                            {c.name.clone()}
                        </button>
                    }
                    .into_any()
                }
                CellAction::None => view! {
                    <span class="map-hit" role="img" data-i=at tabindex=tabindex aria-label=c.label.clone() title=c.label.clone()>
                        {c.name.clone()}
                    </span>
                }
                .into_any(),
            };
            view! { <li class=format!("map-cell {}", c.class) class:tiny=tiny style:left=left style:top=top style:width=width style:height=height>{hit}</li> }
        })
        .collect_view();
    view! {
        <ul
            class="treemap"
            node_ref=list
            aria-label=label
            on:keydown=on_key
            on:focusin=on_focus
            style:aspect-ratio=format!("{MAP_WIDTH} / {MAP_HEIGHT}")
        >
            {items}
        </ul>
    }
}
