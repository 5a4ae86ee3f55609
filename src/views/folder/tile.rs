use crate::format;
use crate::i18n::{fill, use_i18n, Msg};
use crate::views::folder::badges::Badges;
use crate::views::folder::icon::{icon_class, FileIcon};
use crate::views::folder::labels::{display_name, kind_msg, size_text};
use crate::views::folder::scanned_size::ScannedSize;
use crate::views::folder::thumbnails::Flinging;
use dashboard_core::entry::{icon_label, thumbnail, FileKind};
use dingtalk_wire::Dentry;
use leptos::either::Either;
use leptos::prelude::*;

/// One entry of the grid: its thumbnail (lazy, in a box shaped like the image so nothing
/// moves when it arrives) or a file-type icon when there is none or it fails to load; the
/// name, the size and the modification time; badges. Folders are links.
#[component]
pub fn Tile(
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
    let thumb = thumbnail(&entry);
    // Nothing in a tile is reactive and it has no listener of its own: making one must be
    // cheap while the grid scrolls (a reactive media switch, image source and error listener
    // per tile measured one dropped frame in twelve of a fast scroll; without, about none).
    //
    // A tile made while the grid is flung past keeps its thumbnail's address aside
    // (`data-src`, the box already shaped like the image); the grid fetches the ones still
    // there once the fling settles (`thumbnails::load_deferred_thumbnails`).
    //
    // Thumbnail links are temporary: an expired one turns its box into the file icon (the
    // grid listens for failed thumbnails, `thumbnails::watch_thumbnail_errors`; the icon's
    // classes and label wait in `data-` attributes, so no hidden icon is built beside every
    // thumbnail).
    let deferred = Flinging::current().get_untracked();
    let media = match thumb {
        Some(t) => Either::Left(view! {
            <span
                class="tile-thumb"
                style:aspect-ratio=t.aspect_ratio
                data-icon-class=icon_class(kind)
                data-label=icon_label(&entry)
            >
                <img
                    src=(!deferred).then(|| t.url.clone())
                    data-src=deferred.then_some(t.url)
                    alt=""
                    loading="lazy"
                    decoding="async"
                />
            </span>
        }),
        None => Either::Right(view! { <FileIcon entry=entry.clone() /> }),
    };
    // Words in the language of the moment, fixed: the grid makes its tiles anew when the
    // language changes (it keys them by it), so a tile needs no reactive text of its own,
    // which keeps making one cheap while scrolling.
    let lang = i18n.lang_untracked();
    let name = display_name(&entry, lang);
    let name_title = name.clone();
    let first_line = match (kind, scanned) {
        (FileKind::Folder, Some(size)) => {
            Either::Right(view! { <ScannedSize size=size lang=lang /> })
        }
        (FileKind::Folder, None) => Either::Left(lang.t(kind_msg(kind)).to_owned()),
        _ => Either::Left(size_text(&entry, lang)),
    };
    // Tiles are narrow: the time alone is shown, the words are for hover and screen readers.
    let when = format::wire_time(entry.modified_time.as_ref(), format::Intl(lang));
    let modified_label = fill(lang.t(Msg::Modified), &[&when]);
    let modified_title = modified_label.clone();
    let body = view! {
        <span class="tile-media">
            {media}
            <Badges entry=entry.clone() lang=lang />
        </span>
        <span class="tile-name" title=name_title>{name}</span>
        <span class="tile-meta tile-size">{first_line}</span>
        <span class="tile-meta tile-modified" title=modified_title>
            <span class="visually-hidden">{modified_label}</span>
            <span aria-hidden="true">{when}</span>
        </span>
    };
    let inner = match href {
        Some(href) => Either::Left(view! { <a class="tile-link entry-focus" href=href>{body}</a> }),
        None => {
            Either::Right(view! { <div class="tile-link entry-focus" tabindex="0">{body}</div> })
        }
    };
    view! {
        <li class=format!("tile kind-{}", kind.as_str()) data-id=entry.id.clone() data-index=index>
            {inner}
        </li>
    }
}
