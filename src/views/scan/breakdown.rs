use crate::format::{bytes, percent_bp, Intl, Locale};
use crate::i18n::{use_i18n, Msg};
use crate::views::common::{data_table, Td};
use dashboard_core::scan_report::Group;
use dashboard_core::scan_view::{group_text, share_bp, Breakdown};
use leptos::prelude::*;

fn titles(by: Breakdown) -> (Msg, Msg) {
    match by {
        Breakdown::Kind => (Msg::ScanByKind, Msg::ColKind),
        Breakdown::Extension => (Msg::ScanByExtension, Msg::ColExtension),
        Breakdown::Age => (Msg::ScanByAge, Msg::ColAge),
        Breakdown::Creator => (Msg::ScanByCreator, Msg::ColCreator),
    }
}

/// One breakdown of the scan's files (by kind, extension, age or creator) as a table: the
/// group, its files, its size, and its share of the whole as a bar and in words.
#[component]
pub fn BreakdownTable(
    /// Which breakdown it is (its title and how its keys read).
    by: Breakdown,
    /// Its groups, in the order to show.
    groups: Vec<Group>,
    /// The bytes of the whole scan, for the shares.
    total: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let (title, column) = titles(by);
    move || {
        let lang = i18n.lang();
        let loc = Intl(lang);
        let rows = groups
            .iter()
            .map(|g| {
                let bp = share_bp(g.bytes, total);
                vec![
                    Td::Text(group_text(&g.key, by, lang)),
                    Td::Num(loc.number(g.files as f64)),
                    Td::Num(bytes(g.bytes, loc)),
                    Td::Share(bp, percent_bp(bp, loc)),
                ]
            })
            .collect();
        let head = [
            (column, false),
            (Msg::ColFiles, true),
            (Msg::ColSize, true),
            (Msg::ColShare, false),
        ];
        data_table(lang, class(by), Some(title), &head, rows)
    }
}

fn class(by: Breakdown) -> &'static str {
    match by {
        Breakdown::Kind => "breakdown by-kind",
        Breakdown::Extension => "breakdown by-extension",
        Breakdown::Age => "breakdown by-age",
        Breakdown::Creator => "breakdown by-creator",
    }
}
