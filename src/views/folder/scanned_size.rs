use crate::format::{bytes, Intl};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

/// A folder's size as of the space's latest scan, marked as such for sight (its title) and
/// for screen readers. Its words are fixed, like a tile's.
#[component]
pub fn ScannedSize(
    /// Bytes, as of the scan.
    size: i64,
    /// The language of the moment.
    lang: Lang,
) -> impl IntoView {
    let hint = lang.t(Msg::ScanSizeTitle);
    view! {
        <span class="scanned-size" title=hint data-bytes=size>
            {bytes(size, Intl(lang))}
            <span class="visually-hidden">" ("{hint}")"</span>
        </span>
    }
}
