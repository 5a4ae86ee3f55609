use crate::format::{bytes, Intl, Locale};
use crate::i18n::{fill, use_i18n, Msg};
use crate::views::common::{data_table, Td};
use dashboard_core::scan_report::Duplicates;
use dashboard_core::scan_view::spare_bytes;
use leptos::prelude::*;

/// Files with the same name and size, labelled as candidates: each group's size, copies, the
/// bytes a cleanup would win back (one copy kept) and the folder of each copy.
#[component]
pub fn DuplicateTable(
    /// The groups, the most to win back first.
    groups: Vec<Duplicates>,
) -> impl IntoView {
    let i18n = use_i18n();
    let spare: i64 = groups.iter().map(spare_bytes).fold(0, i64::saturating_add);
    let empty = groups.is_empty();
    let body = move || {
        let lang = i18n.lang();
        let loc = Intl(lang);
        if empty {
            return view! { <p class="scan-note">{lang.t(Msg::ScanDupNone)}</p> }.into_any();
        }
        let total = fill(lang.t(Msg::ScanDupTotal), &[&bytes(spare, loc)]);
        let rows = groups
            .iter()
            .map(|d| {
                vec![
                    Td::Text(d.name.clone()),
                    Td::Num(bytes(d.size, loc)),
                    Td::Num(loc.number(d.folders.len() as f64)),
                    Td::Num(bytes(spare_bytes(d), loc)),
                    Td::Lines(d.folders.clone()),
                ]
            })
            .collect();
        let head = [
            (Msg::ColName, false),
            (Msg::ColSize, true),
            (Msg::ScanDupCopies, true),
            (Msg::ScanDupSpare, true),
            (Msg::ScanDupFolders, false),
        ];
        view! {
            <p class="scan-dup-total"><strong>{total}</strong></p>
            <div class="scan-table-wrap tall" tabindex="0" role="region" aria-labelledby="scan-dup-title">
                {data_table(lang, "duplicates", None, &head, rows)}
            </div>
        }
        .into_any()
    };
    view! {
        <section class="scan-part scan-duplicates" aria-labelledby="scan-dup-title">
            <h3 id="scan-dup-title">{i18n.text(Msg::ScanDupTitle)}</h3>
            <p class="scan-note">{i18n.text(Msg::ScanDupNote)}</p>
            {body}
        </section>
    }
}
