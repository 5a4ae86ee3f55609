use crate::format;
use crate::i18n::use_i18n;
use crate::views::folder::badges::Badges;
use crate::views::folder::icon::FileIcon;
use crate::views::folder::labels::{display_name, size_text, type_text};
use crate::views::folder::scanned_size::ScannedSize;
use dashboard_core::entry::FileKind;
use dingtalk_wire::Dentry;
use leptos::either::Either;
use leptos::prelude::*;

/// One entry of the list view: name (a link for folders), type, size, modified, created,
/// creator. Fixed height, so the list can be windowed.
#[component]
pub fn ListRow(
    /// The entry.
    entry: Dentry,
    /// Its position in the listing (`data-index`, used by the arrow keys).
    index: usize,
    /// Where opening it leads: `Some` for folders, `None` for everything else.
    href: Option<String>,
    /// A folder's size as of the space's latest scan, when known.
    #[prop(default = None)]
    scanned: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = FileKind::of(&entry);
    let name = {
        let entry = entry.clone();
        move || display_name(&entry, i18n.lang())
    };
    let label = match href {
        Some(href) => Either::Left(view! {
            <a class="row-name entry-focus" href=href title=name.clone()>{name.clone()}</a>
        }),
        None => Either::Right(view! {
            <span class="row-name entry-focus" tabindex="0" title=name.clone()>{name.clone()}</span>
        }),
    };
    let type_cell = {
        let entry = entry.clone();
        move || type_text(&entry, i18n.lang())
    };
    let size = {
        let entry = entry.clone();
        move || match scanned {
            Some(s) => Either::Right(view! { <ScannedSize size=s lang=i18n.lang() /> }),
            None => Either::Left(size_text(&entry, i18n.lang())),
        }
    };
    let (modified, created) = (entry.modified_time.clone(), entry.create_time.clone());
    let modified = move || format::wire_time(modified.as_ref(), format::Intl(i18n.lang()));
    let created = move || format::wire_time(created.as_ref(), format::Intl(i18n.lang()));
    let creator = entry
        .creator_id
        .clone()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "—".to_owned());
    view! {
        <tr class=format!("entry-row kind-{}", kind.as_str()) data-id=entry.id.clone() data-index=index>
            <td class="col-name">
                <div class="row-name-cell">
                    <FileIcon entry=entry.clone() />
                    {label}
                    <Badges entry=entry.clone() />
                </div>
            </td>
            <td class="col-type" title=type_cell.clone()>{type_cell.clone()}</td>
            <td class="col-size">{size}</td>
            <td class="col-modified">{modified}</td>
            <td class="col-created">{created}</td>
            <td class="col-creator" title=creator.clone()>{creator.clone()}</td>
        </tr>
    }
}
