use crate::format::{bytes, usage_amounts, Intl};
use crate::i18n::{fill, use_i18n, Lang, Msg};
use crate::views::common::{map_table, CellAction, LazyDetails, MapCell, Td, Treemap};
use crate::views::spaces::{state_icon, state_msg};
use dashboard_core::folder_query::space_href;
use dashboard_core::listing::Listing;
use dashboard_core::quota::{QuotaState, Thresholds};
use dashboard_core::review::Row;
use dashboard_core::scan_view::{org_cells, ORG_CELLS};
use leptos::prelude::*;

const STATES: [QuotaState; 6] = [
    QuotaState::Ok,
    QuotaState::Warning,
    QuotaState::Critical,
    QuotaState::Over,
    QuotaState::Unlimited,
    QuotaState::Unknown,
];

fn state_class(s: QuotaState) -> &'static str {
    match s {
        QuotaState::Ok => "state-ok",
        QuotaState::Warning => "state-warning",
        QuotaState::Critical => "state-critical",
        QuotaState::Over => "state-over",
        QuotaState::Unlimited => "state-unlimited",
        QuotaState::Unknown => "state-unknown",
    }
}

fn name_of(r: &Row, lang: Lang) -> String {
    if r.space.space_name.trim().is_empty() {
        lang.t(Msg::Untitled).to_owned()
    } else {
        r.space.space_name.clone()
    }
}

/// The organization as a treemap: the spaces of the review (no request of its own) sized by
/// what they use, coloured by state with the state's glyph in the cell and a pattern for
/// unlimited and over-quota spaces, so colour is never the only sign. At most
/// [`ORG_CELLS`] are drawn, the rest counted in words; a cell opens its space's page. It is
/// folded away until opened, and made only then, so the review's first screen is unchanged.
#[component]
pub fn OrgMap(
    /// The review's spaces.
    rows: RwSignal<Listing<(), Row>>,
    /// The thresholds in force.
    #[prop(into)]
    thresholds: Signal<Thresholds>,
) -> impl IntoView {
    let i18n = use_i18n();
    let body = move || {
        let lang = i18n.lang();
        let loc = Intl(lang);
        let t = thresholds.get();
        rows.with(|l| {
            let items = l.items();
            let (shown, rest, rest_bytes) = org_cells(items, ORG_CELLS);
            if shown.is_empty() {
                return view! { <p class="scan-note">{lang.t(Msg::OrgMapEmpty)}</p> }.into_any();
            }
            let drawn: Vec<&Row> = shown.iter().filter_map(|&i| items.get(i)).collect();
            let cells = drawn
                .iter()
                .map(|r| {
                    let state = r.usage.state(t);
                    let name = name_of(r, lang);
                    let used = r.usage.used.unwrap_or(0);
                    MapCell {
                        label: fill(
                            lang.t(Msg::OrgMapCell),
                            &[&name, &bytes(used, loc), lang.t(state_msg(state))],
                        ),
                        name: format!("{} {name}", state_icon(state)),
                        class: state_class(state),
                        size: used,
                        action: CellAction::Link(space_href(&r.space.space_id)),
                    }
                })
                .collect();
            let rest = (rest > 0).then(|| {
                let text = fill(
                    lang.t(Msg::OrgMapRest),
                    &[&rest.to_string(), &bytes(rest_bytes, loc)],
                );
                view! { <p class="map-rest">{text}</p> }
            });
            let legend = STATES
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            <span class=format!("map-swatch {}", state_class(s)) aria-hidden="true">{state_icon(s)}</span>
                            {lang.t(state_msg(s))}
                        </li>
                    }
                })
                .collect_view();
            let table_rows: Vec<Vec<Td>> = drawn
                .iter()
                .map(|r| {
                    vec![
                        Td::Link(name_of(r, lang), space_href(&r.space.space_id)),
                        Td::Text(lang.t(state_msg(r.usage.state(t))).to_owned()),
                        Td::Text(usage_amounts(&r.usage, loc)),
                    ]
                })
                .collect();
            let table_rows = std::sync::Arc::new(table_rows);
            let table = move || {
                let rows = table_rows.to_vec();
                let head = [
                    (Msg::CsvName, false),
                    (Msg::CsvState, false),
                    (Msg::CsvUsed, false),
                ];
                map_table(lang, &head, rows)
            };
            view! {
                <p class="map-hint">{lang.t(Msg::OrgMapHint)}</p>
                <Treemap cells=cells label=lang.t(Msg::OrgMapLabel) />
                {rest}
                <div class="map-legend-row">
                    <span class="visually-hidden">{lang.t(Msg::OrgMapLegend)}</span>
                    <ul class="map-legend">{legend}</ul>
                </div>
                <LazyDetails summary=Msg::ShowTable class="map-table">{table.clone()}</LazyDetails>
            }
            .into_any()
        })
    };
    view! {
        <LazyDetails summary=Msg::OrgMapTitle class="org-map">{body}</LazyDetails>
    }
}
