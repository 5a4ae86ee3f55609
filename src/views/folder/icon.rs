use dashboard_core::entry::{icon_label, FileKind};
use dingtalk_wire::Dentry;
use leptos::prelude::*;

/// The classes of the icon of an entry of `kind`.
pub fn icon_class(kind: FileKind) -> String {
    format!("file-icon kind-{}", kind.as_str())
}

/// A file-type icon drawn with CSS: a coloured card per kind with the extension on it, a
/// folder shape for folders. Decorative: the type is also given in words. (A grid tile whose
/// thumbnail fails becomes the same icon in place, with [`icon_class`]:
/// `thumbnails::thumbnail_failed`.)
#[component]
pub fn FileIcon(
    /// The entry the icon stands for.
    entry: Dentry,
) -> impl IntoView {
    let kind = FileKind::of(&entry);
    let label = icon_label(&entry);
    view! {
        <span class=icon_class(kind) aria-hidden="true">
            <span class="file-icon-label">{label}</span>
        </span>
    }
}
