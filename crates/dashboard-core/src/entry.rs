//! What the folder views show of one dentry, decided without the DOM: its kind (icon and
//! type column), its badges, and whether its thumbnail may enter the page at all.

use dingtalk_wire::{Dentry, DentryStatus, DentryType};

/// The family of an entry, for its icon and the type column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Folder,
    Image,
    Video,
    Audio,
    Pdf,
    Document,
    Spreadsheet,
    Presentation,
    Text,
    Archive,
    Code,
    /// DingTalk's online documents (ALIDOC driver).
    AliDoc,
    /// A file of a kind this build does not recognise.
    Other,
    /// A `type` that is neither FILE nor FOLDER (or none at all).
    UnknownType,
}

impl FileKind {
    pub fn of(d: &Dentry) -> Self {
        match &d.kind {
            Some(DentryType::Folder) => Self::Folder,
            Some(DentryType::File) => extension(d)
                .and_then(|e| Self::from_extension(&e))
                .or_else(|| d.category.as_deref().and_then(Self::from_category))
                .unwrap_or(Self::Other),
            Some(DentryType::Unknown(_)) | None => Self::UnknownType,
        }
    }

    /// By extension, case-insensitively.
    pub fn from_extension(ext: &str) -> Option<Self> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" | "png" | "gif" | "bmp" | "webp" | "heic" | "heif" | "svg" | "tif"
            | "tiff" => Self::Image,
            "mp4" | "mov" | "avi" | "mkv" | "wmv" | "flv" | "webm" | "m4v" => Self::Video,
            "mp3" | "wav" | "aac" | "flac" | "m4a" | "ogg" | "amr" => Self::Audio,
            "pdf" => Self::Pdf,
            "doc" | "docx" | "wps" | "rtf" | "odt" | "pages" => Self::Document,
            "xls" | "xlsx" | "et" | "csv" | "ods" | "numbers" => Self::Spreadsheet,
            "ppt" | "pptx" | "dps" | "odp" | "key" => Self::Presentation,
            "txt" | "md" | "log" => Self::Text,
            "zip" | "rar" | "7z" | "tar" | "gz" | "tgz" | "bz2" | "xz" => Self::Archive,
            "rs" | "py" | "ts" | "js" | "go" | "java" | "c" | "h" | "cpp" | "sql" | "sh"
            | "json" | "xml" | "yaml" | "yml" | "html" | "css" => Self::Code,
            "adoc" | "axls" | "appt" | "amind" => Self::AliDoc,
            _ => return None,
        })
    }

    /// By the SDK's `category` field, when the extension says nothing.
    pub fn from_category(category: &str) -> Option<Self> {
        Some(match category {
            "image" => Self::Image,
            "video" => Self::Video,
            "audio" => Self::Audio,
            "document" => Self::Document,
            "archive" => Self::Archive,
            "alidoc" => Self::AliDoc,
            _ => return None,
        })
    }

    /// Stable name, used as the icon's CSS class suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Folder => "folder",
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::Pdf => "pdf",
            Self::Document => "document",
            Self::Spreadsheet => "spreadsheet",
            Self::Presentation => "presentation",
            Self::Text => "text",
            Self::Archive => "archive",
            Self::Code => "code",
            Self::AliDoc => "alidoc",
            Self::Other => "other",
            Self::UnknownType => "unknown",
        }
    }
}

/// The extension: the `extension` field, else what follows the last dot of the name.
pub fn extension(d: &Dentry) -> Option<String> {
    let ext = match d.extension.as_deref().map(str::trim) {
        Some(e) if !e.is_empty() => e,
        _ => {
            let (stem, ext) = d.name.rsplit_once('.')?;
            if stem.is_empty() {
                return None; // ".bashrc" has no extension
            }
            ext
        }
    };
    let ext = ext.trim_start_matches('.');
    (!ext.is_empty()).then(|| ext.to_owned())
}

/// The short text inside a file icon: the extension in capitals (at most 4 characters),
/// or a mark for entries without one.
pub fn icon_label(d: &Dentry) -> String {
    match FileKind::of(d) {
        FileKind::Folder => String::new(),
        FileKind::UnknownType => "?".to_owned(),
        _ => match extension(d) {
            Some(e) => e.to_uppercase().chars().take(4).collect(),
            None => "…".to_owned(),
        },
    }
}

/// A mark on an entry that the admin should notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Badge {
    ReadOnly,
    Deleted,
    Expired,
    /// A status this build does not know, verbatim.
    UnknownStatus(String),
    /// A type this build does not know, verbatim ("" when DingTalk sent none).
    UnknownType(String),
}

impl Badge {
    /// Stable name, used as a CSS class suffix.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::ReadOnly => "read-only",
            Self::Deleted => "deleted",
            Self::Expired => "expired",
            Self::UnknownStatus(_) => "unknown-status",
            Self::UnknownType(_) => "unknown-type",
        }
    }
}

pub fn badges(d: &Dentry) -> Vec<Badge> {
    let mut out = Vec::new();
    match &d.kind {
        Some(DentryType::Unknown(t)) => out.push(Badge::UnknownType(t.clone())),
        None => out.push(Badge::UnknownType(String::new())),
        _ => {}
    }
    match &d.status {
        Some(DentryStatus::Deleted) => out.push(Badge::Deleted),
        Some(DentryStatus::Expired) => out.push(Badge::Expired),
        Some(DentryStatus::Unknown(s)) => out.push(Badge::UnknownStatus(s.clone())),
        Some(DentryStatus::Normal) | None => {}
    }
    if d.read_only() {
        out.push(Badge::ReadOnly);
    }
    out
}

/// `url` if it is an absolute http(s) URL with a host, else `None`. Only such URLs are ever
/// put in an `src`: DingTalk's thumbnails are pre-signed https links, and anything else
/// (`javascript:`, `data:`, relative paths, tricks with leading blanks or control
/// characters that browsers strip) is refused rather than cleaned.
pub fn safe_thumbnail_url(url: &str) -> Option<&str> {
    if url.len() > 4096 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    // Whatever follows an `@` is the host; a host must be there and contain no backslash
    // (which browsers read as a slash).
    let host = host.rsplit('@').next().unwrap_or("");
    let host_ok = !host.is_empty() && !host.starts_with(':') && !rest.contains('\\');
    host_ok.then_some(url)
}

/// A thumbnail that may be shown: its URL (checked) and its shape, if DingTalk gave one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbnailView {
    pub url: String,
    /// CSS `aspect-ratio` value, e.g. `320 / 240`.
    pub aspect_ratio: Option<String>,
}

pub fn thumbnail(d: &Dentry) -> Option<ThumbnailView> {
    let t = d.thumbnail.as_ref()?;
    let url = safe_thumbnail_url(&t.url)?.to_owned();
    Some(ThumbnailView {
        url,
        aspect_ratio: aspect_ratio(t.width, t.height),
    })
}

/// `w / h` for positive, plausible pixel sizes; `None` otherwise (the box stays square).
pub fn aspect_ratio(width: Option<i64>, height: Option<i64>) -> Option<String> {
    const MAX: i64 = 100_000;
    match (width, height) {
        (Some(w), Some(h)) if (1..=MAX).contains(&w) && (1..=MAX).contains(&h) => {
            Some(format!("{w} / {h}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dingtalk_wire::{DentryProperties, Thumbnail};

    fn file(name: &str, ext: Option<&str>) -> Dentry {
        Dentry {
            id: "1".into(),
            name: name.into(),
            kind: Some(DentryType::File),
            extension: ext.map(str::to_owned),
            status: Some(DentryStatus::Normal),
            ..Dentry::default()
        }
    }

    #[test]
    fn kinds_from_extension_name_and_category() {
        assert_eq!(FileKind::of(&file("a.JPG", Some("JPG"))), FileKind::Image);
        assert_eq!(FileKind::of(&file("a.pdf", None)), FileKind::Pdf);
        assert_eq!(
            FileKind::of(&file("a.xlsx", Some("xlsx"))),
            FileKind::Spreadsheet
        );
        assert_eq!(
            FileKind::of(&file("a.pptx", Some("pptx"))),
            FileKind::Presentation
        );
        assert_eq!(FileKind::of(&file("a.7z", Some("7z"))), FileKind::Archive);
        assert_eq!(FileKind::of(&file("x.qzx9", Some("qzx9"))), FileKind::Other);
        assert_eq!(FileKind::of(&file("README", None)), FileKind::Other);
        let mut d = file("scan", None);
        d.category = Some("image".into());
        assert_eq!(FileKind::of(&d), FileKind::Image);
        let mut d = file("x", None);
        d.kind = Some(DentryType::Folder);
        assert_eq!(FileKind::of(&d), FileKind::Folder);
        d.kind = Some(DentryType::Unknown("SHORTCUT".into()));
        assert_eq!(FileKind::of(&d), FileKind::UnknownType);
        d.kind = None;
        assert_eq!(FileKind::of(&d), FileKind::UnknownType);
    }

    #[test]
    fn icon_labels() {
        assert_eq!(icon_label(&file("a.docx", Some("docx"))), "DOCX");
        assert_eq!(icon_label(&file("a.jpeg", None)), "JPEG");
        assert_eq!(icon_label(&file("a.verylong", None)), "VERY");
        assert_eq!(icon_label(&file(".bashrc", None)), "…");
        assert_eq!(icon_label(&file("README", None)), "…");
        let mut d = file("s", None);
        d.kind = Some(DentryType::Unknown("SHORTCUT".into()));
        assert_eq!(icon_label(&d), "?");
    }

    #[test]
    fn badges_keep_unknown_values() {
        let mut d = file("a.pdf", None);
        assert!(badges(&d).is_empty());
        d.status = Some(DentryStatus::Deleted);
        d.properties = Some(DentryProperties { read_only: true });
        assert_eq!(badges(&d), vec![Badge::Deleted, Badge::ReadOnly]);
        d.status = Some(DentryStatus::Expired);
        assert_eq!(badges(&d)[0], Badge::Expired);
        d.status = Some(DentryStatus::Unknown("QUARANTINED".into()));
        d.kind = Some(DentryType::Unknown("SHORTCUT".into()));
        assert_eq!(
            badges(&d),
            vec![
                Badge::UnknownType("SHORTCUT".into()),
                Badge::UnknownStatus("QUARANTINED".into()),
                Badge::ReadOnly
            ]
        );
        d.kind = None;
        assert_eq!(badges(&d)[0], Badge::UnknownType(String::new()));
    }

    #[test]
    fn only_http_urls_pass() {
        for ok in [
            "https://static.dingtalk.com/t/1.png?x=1",
            "http://127.0.0.1:9000/thumbnails/s/1.png",
            "HTTPS://EXAMPLE.COM/a",
            "https://user@host/a",
        ] {
            assert_eq!(safe_thumbnail_url(ok), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:image/png;base64,AAAA",
            "vbscript:msgbox(1)",
            "/thumbnails/1.png",
            "thumbnails/1.png",
            "//evil.example/1.png",
            " https://example.com/a",
            "\thttps://example.com/a",
            "\u{0}https://example.com/a",
            "java\nscript:alert(1)",
            "https://exa mple.com/",
            "https://",
            "https:///path",
            "https://:80/x",
            "https:\\\\evil.example",
            "https://evil.example\\@good/",
            "ftp://example.com/a",
            "",
            "http",
        ] {
            assert_eq!(safe_thumbnail_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn thumbnails_and_shapes() {
        let mut d = file("a.jpg", None);
        assert_eq!(thumbnail(&d), None);
        d.thumbnail = Some(Thumbnail {
            width: Some(320),
            height: Some(240),
            url: "https://x.example/t.png".into(),
        });
        assert_eq!(
            thumbnail(&d),
            Some(ThumbnailView {
                url: "https://x.example/t.png".into(),
                aspect_ratio: Some("320 / 240".into())
            })
        );
        d.thumbnail = Some(Thumbnail {
            width: Some(0),
            height: Some(240),
            url: "https://x.example/t.png".into(),
        });
        assert_eq!(thumbnail(&d).and_then(|t| t.aspect_ratio), None);
        d.thumbnail = Some(Thumbnail {
            width: Some(10),
            height: Some(10),
            url: "javascript:alert(1)".into(),
        });
        assert_eq!(thumbnail(&d), None);
        assert_eq!(aspect_ratio(Some(-1), Some(5)), None);
        assert_eq!(aspect_ratio(Some(5), None), None);
        assert_eq!(aspect_ratio(Some(i64::MAX), Some(5)), None);
    }
}
