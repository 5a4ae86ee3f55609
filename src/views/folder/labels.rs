//! Words for an entry's kind, type, badges and numbers, in the current language.

use crate::format;
use crate::i18n::{fill, Lang, Msg};
use dashboard_core::entry::{extension, Badge, FileKind};
use dingtalk_wire::{Dentry, DentryType};

pub fn kind_msg(kind: FileKind) -> Msg {
    match kind {
        FileKind::Folder => Msg::FolderKindFolder,
        FileKind::Image => Msg::FolderKindImage,
        FileKind::Video => Msg::FolderKindVideo,
        FileKind::Audio => Msg::FolderKindAudio,
        FileKind::Pdf => Msg::FolderKindPdf,
        FileKind::Document => Msg::FolderKindDocument,
        FileKind::Spreadsheet => Msg::FolderKindSpreadsheet,
        FileKind::Presentation => Msg::FolderKindPresentation,
        FileKind::Text => Msg::FolderKindText,
        FileKind::Archive => Msg::FolderKindArchive,
        FileKind::Code => Msg::FolderKindCode,
        FileKind::AliDoc => Msg::FolderKindAliDoc,
        FileKind::Other => Msg::FolderKindOther,
        FileKind::UnknownType => Msg::FolderTypeMissing,
    }
}

/// The type column: the kind in words, the extension for files, the raw value of a type
/// this build does not know.
pub fn type_text(d: &Dentry, lang: Lang) -> String {
    match &d.kind {
        Some(DentryType::Unknown(raw)) => fill(lang.t(Msg::FolderTypeUnknown), &[raw]),
        None => lang.t(Msg::FolderTypeMissing).to_owned(),
        Some(DentryType::Folder) => lang.t(Msg::FolderKindFolder).to_owned(),
        Some(DentryType::File) => {
            let kind = lang.t(kind_msg(FileKind::of(d)));
            match extension(d) {
                Some(ext) => format!("{kind} · {}", ext.to_uppercase()),
                None => kind.to_owned(),
            }
        }
    }
}

pub fn badge_text(b: &Badge, lang: Lang) -> String {
    match b {
        Badge::ReadOnly => lang.t(Msg::FolderBadgeReadOnly).to_owned(),
        Badge::Deleted => lang.t(Msg::FolderBadgeDeleted).to_owned(),
        Badge::Expired => lang.t(Msg::FolderBadgeExpired).to_owned(),
        Badge::UnknownStatus(raw) => fill(lang.t(Msg::FolderStatusUnknown), &[raw]),
        Badge::UnknownType(raw) if raw.is_empty() => lang.t(Msg::FolderTypeMissing).to_owned(),
        Badge::UnknownType(raw) => fill(lang.t(Msg::FolderTypeUnknown), &[raw]),
    }
}

/// Size for display; "—" when DingTalk sent none, and for folders (whose `size` is not the
/// size of what they hold, so "0 B" would mislead).
pub fn size_text(d: &Dentry, lang: Lang) -> String {
    match d.size {
        Some(s) if s >= 0 && !d.is_folder() => format::bytes(s, format::Intl(lang)),
        _ => "—".to_owned(),
    }
}

/// The name, or "(untitled)" for a blank one.
pub fn display_name(d: &Dentry, lang: Lang) -> String {
    if d.name.trim().is_empty() {
        lang.t(Msg::Untitled).to_owned()
    } else {
        d.name.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_shown_verbatim() {
        let d = Dentry {
            kind: Some(DentryType::Unknown("SHORTCUT".into())),
            ..Dentry::default()
        };
        assert_eq!(type_text(&d, Lang::En), "Unknown type: SHORTCUT");
        let b = Badge::UnknownStatus("QUARANTINED".into());
        assert_eq!(badge_text(&b, Lang::Zh), "未知状态：QUARANTINED");
        let f = Dentry {
            kind: Some(DentryType::File),
            name: "a.docx".into(),
            ..Dentry::default()
        };
        assert_eq!(type_text(&f, Lang::En), "Document · DOCX");
        assert_eq!(size_text(&f, Lang::En), "—");
        let folder = Dentry {
            kind: Some(DentryType::Folder),
            size: Some(0),
            ..Dentry::default()
        };
        assert_eq!(size_text(&folder, Lang::En), "—");
        assert_eq!(display_name(&Dentry::default(), Lang::En), "(untitled)");
    }
}
