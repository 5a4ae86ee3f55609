use crate::format::{bytes, Intl, Locale};
use crate::i18n::{fill, use_i18n, Lang, Msg};
use crate::views::common::{map_table, CellAction, LazyDetails, MapCell, Td, Treemap};
use crate::views::scan::kind_class;
use dashboard_core::scan::{Kind, ROOT};
use dashboard_core::scan_report::{Cell, TreeLevel};
use dashboard_core::scan_view::kind_msg;
use leptos::prelude::*;
use std::sync::Arc;

fn name_of(c: &Cell, lang: Lang) -> String {
    if c.name.trim().is_empty() {
        lang.t(Msg::Untitled).to_owned()
    } else {
        c.name.clone()
    }
}

/// The kind column: the kind of a file, or "Folder · Video" for a folder mostly of video.
fn kind_text(c: &Cell, lang: Lang) -> String {
    let kind = lang.t(kind_msg(c.kind));
    if c.folder {
        format!("{} · {kind}", lang.t(Msg::FolderKindFolder))
    } else {
        kind.to_owned()
    }
}

fn cells(level: &TreeLevel, lang: Lang) -> Vec<MapCell> {
    let loc = Intl(lang);
    level
        .cells
        .iter()
        .map(|c| {
            let name = name_of(c, lang);
            let size = bytes(c.size, loc);
            let kind = lang.t(kind_msg(c.kind));
            let (label, action) = if c.folder {
                let files = loc_number(c.files, lang);
                (
                    fill(lang.t(Msg::ScanMapFolder), &[&name, &size, &files, kind]),
                    CellAction::Zoom(c.id.clone()),
                )
            } else {
                (
                    fill(lang.t(Msg::ScanMapFile), &[&name, &size, kind]),
                    CellAction::None,
                )
            };
            MapCell {
                name,
                label,
                class: kind_class(c.kind),
                size: c.size,
                action,
            }
        })
        .collect()
}

fn loc_number(n: u64, lang: Lang) -> String {
    dashboard_core::format::Locale::number(Intl(lang), n as f64)
}

/// One level of a scanned space as a treemap, coloured by kind with its legend: a folder's
/// cell zooms into it (by click, Enter or Space), the breadcrumbs lead back, the items too
/// small to draw are counted in words, and the same cells are a table one click away.
#[component]
pub fn SpaceMap(
    /// The level shown.
    level: TreeLevel,
    /// Called with the id of the folder to show (`0`: the space's root).
    on_zoom: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let level = Arc::new(level);
    let crumbs = {
        let path = level.path.clone();
        move || {
            let lang = i18n.lang();
            let mut all = vec![(ROOT.to_owned(), lang.t(Msg::ScanMapRoot).to_owned())];
            all.extend(path.iter().map(|c| {
                let name = if c.name.trim().is_empty() {
                    lang.t(Msg::Untitled).to_owned()
                } else {
                    c.name.clone()
                };
                (c.id.clone(), name)
            }));
            let last = all.len() - 1;
            all.into_iter()
                .enumerate()
                .map(|(i, (id, name))| {
                    if i == last {
                        view! { <li><span aria-current="location">{name}</span></li> }.into_any()
                    } else {
                        view! {
                            <li>
                                <button type="button" class="link-button" on:click=move |_| on_zoom.run(id.clone())>{name}</button>
                            </li>
                        }
                        .into_any()
                    }
                })
                .collect_view()
        }
    };
    let l = level.clone();
    let map = move || {
        let lang = i18n.lang();
        let here = l
            .path
            .last()
            .map_or_else(|| lang.t(Msg::ScanMapRoot).to_owned(), |c| c.name.clone());
        let label = fill(lang.t(Msg::ScanMapLabel), &[&here]);
        if l.cells.iter().all(|c| c.size <= 0) {
            return view! { <p class="scan-map-empty">{lang.t(Msg::ScanMapEmpty)}</p> }.into_any();
        }
        view! { <Treemap cells=cells(&l, lang) label=label on_zoom=on_zoom /> }.into_any()
    };
    let l = level.clone();
    let rest = move || {
        (l.rest_items > 0).then(|| {
            let lang = i18n.lang();
            let text = fill(
                lang.t(Msg::ScanMapRest),
                &[
                    &loc_number(l.rest_items, lang),
                    &bytes(l.rest_bytes, Intl(lang)),
                ],
            );
            view! { <p class="map-rest">{text}</p> }
        })
    };
    let legend = move || {
        Kind::ALL
            .into_iter()
            .map(|k| {
                view! {
                    <li><span class=format!("map-swatch {}", kind_class(k)) aria-hidden="true"></span>{i18n.t(kind_msg(k))}</li>
                }
            })
            .collect_view()
    };
    let l = level.clone();
    let table = move || {
        let lang = i18n.lang();
        let loc = Intl(lang);
        let rows = l
            .cells
            .iter()
            .map(|c| {
                vec![
                    Td::Text(name_of(c, lang)),
                    Td::Text(kind_text(c, lang)),
                    Td::Num(bytes(c.size, loc)),
                    Td::Num(loc_number(c.files, lang)),
                    Td::Num(
                        c.modified_ms
                            .map_or_else(|| "—".to_owned(), |m| loc.date_time(m)),
                    ),
                ]
            })
            .collect();
        let head = [
            (Msg::ColName, false),
            (Msg::ColKind, false),
            (Msg::ColSize, true),
            (Msg::ColFiles, true),
            (Msg::ColNewest, true),
        ];
        map_table(lang, &head, rows)
    };
    view! {
        <div class="space-map">
            <nav class="map-crumbs" aria-label=i18n.text(Msg::ScanMapPath)>
                <ol>{crumbs}</ol>
            </nav>
            <p class="map-hint">{i18n.text(Msg::ScanMapHint)}</p>
            {map}
            {rest}
            <div class="map-legend-row">
                <span class="visually-hidden">{i18n.text(Msg::ScanMapLegend)}</span>
                <ul class="map-legend">{legend}</ul>
            </div>
            <LazyDetails summary=Msg::ShowTable class="map-table">
                {table.clone()}
            </LazyDetails>
        </div>
    }
}
