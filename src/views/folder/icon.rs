use crate::state::entry::{icon_label, FileKind};
use dingtalk_wire::Dentry;
use leptos::prelude::*;

/// A file-type icon drawn with CSS: a coloured card per kind with the extension on it, a
/// folder shape for folders. Decorative: the type is also given in words. (A grid tile whose
/// thumbnail fails becomes the same icon in place: `fling::thumbnail_failed`.)
#[component]
pub fn FileIcon(
    /// The entry the icon stands for.
    entry: Dentry,
) -> impl IntoView {
    let kind = FileKind::of(&entry);
    let label = icon_label(&entry);
    view! {
        <span class=format!("file-icon kind-{}", kind.as_str()) aria-hidden="true">
            <span class="file-icon-label">{label}</span>
        </span>
    }
}
