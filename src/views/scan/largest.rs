use crate::format::{bytes, Intl, Locale};
use crate::i18n::{fill, use_i18n, Msg};
use crate::views::common::{data_table, Td};
use dashboard_core::scan_report::FileRow;
use dashboard_core::scan_view::{kind_msg, largest_csv};
use leptos::prelude::*;
use std::sync::Arc;

/// The scan's largest files as a table (name, folder, size, modified, creator, kind) in a
/// box of its own height, and as CSV.
#[component]
pub fn LargestFiles(
    /// The files, largest first.
    files: Vec<FileRow>,
    /// The space (for the CSV's name).
    space_id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let files = Arc::new(files);
    let f = files.clone();
    let note = move || fill(i18n.t(Msg::ScanLargestNote), &[&f.len().to_string()]);
    let f = files.clone();
    let table = move || {
        let lang = i18n.lang();
        let loc = Intl(lang);
        let rows = f
            .iter()
            .map(|r| {
                vec![
                    Td::Text(r.name.clone()),
                    Td::Text(r.folder.clone()),
                    Td::Num(bytes(r.size, loc)),
                    Td::Num(
                        r.modified_ms
                            .map_or_else(|| "—".to_owned(), |m| loc.date_time(m)),
                    ),
                    Td::Text(r.creator.clone()),
                    Td::Text(lang.t(kind_msg(r.kind)).to_owned()),
                ]
            })
            .collect();
        let head = [
            (Msg::ColName, false),
            (Msg::ColFolder, false),
            (Msg::ColSize, true),
            (Msg::ColModified, true),
            (Msg::ColCreator, false),
            (Msg::ColKind, false),
        ];
        data_table(lang, "largest", None, &head, rows)
    };
    let f = files.clone();
    let export = move |_| {
        let doc = largest_csv(&f, Intl(i18n.lang()));
        let name = format!("largest-files-{space_id}.csv");
        if let Err(e) = crate::browser::download(&name, "text/csv;charset=utf-8", &doc) {
            leptos::logging::warn!("export failed: {e}");
        }
    };
    view! {
        <section class="scan-part largest-files" aria-labelledby="scan-largest-title">
            <div class="scan-part-head">
                <h3 id="scan-largest-title">{i18n.text(Msg::ScanLargestTitle)}</h3>
                <button type="button" class="button secondary scan-export" on:click=export>
                    {i18n.text(Msg::ExportCsv)}
                </button>
            </div>
            <p class="scan-note">{note}</p>
            <div class="scan-table-wrap tall" tabindex="0" role="region" aria-labelledby="scan-largest-title">
                {table}
            </div>
        </section>
    }
}
