//! What a scan of a space found, worked out from the entries of its flat listing (DingTalk's
//! `listAll`, which gives no folder sizes): each folder's size, file count and newest change
//! rolled up from the files under it, and the breakdowns an admin cleans by (by kind, by
//! extension, by age, by creator, the largest files, likely duplicates). Pure: the server
//! runs it over what the walk stored, the browser receives only the results.

use std::collections::HashMap;

/// The root folder's id in DingTalk's listings.
pub const ROOT: &str = "0";

/// One entry as the walk keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScanEntry {
    pub id: String,
    /// `0` (or empty) at the root.
    pub parent_id: String,
    pub folder: bool,
    pub name: String,
    pub extension: String,
    /// Bytes (files; folders carry none of their own).
    pub size: i64,
    /// Last change, Unix milliseconds.
    pub modified_ms: Option<i64>,
    /// The creator's unionId.
    pub creator: String,
}

/// A folder's totals over everything under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FolderTotals {
    pub size: i64,
    pub files: u64,
    /// The newest change of a file under it, Unix milliseconds.
    pub newest_ms: Option<i64>,
    /// Bytes under it by [`Kind`], in [`Kind::ALL`]'s order.
    pub kinds: [i64; 6],
}

impl FolderTotals {
    /// The kind holding the most bytes under it ([`Kind::Other`] when empty).
    pub fn dominant(&self) -> Kind {
        let mut best = (Kind::Other, 0);
        for (k, b) in Kind::ALL.iter().zip(self.kinds) {
            if b > best.1 {
                best = (*k, b);
            }
        }
        best.0
    }
}

/// The entries once each (the listing may repeat an item that changed during the walk: the
/// last seen wins), and how many repeats there were.
pub fn dedupe(entries: Vec<ScanEntry>) -> (Vec<ScanEntry>, usize) {
    let mut at: HashMap<String, usize> = HashMap::with_capacity(entries.len());
    let mut out: Vec<ScanEntry> = Vec::with_capacity(entries.len());
    let mut repeats = 0;
    for e in entries {
        match at.get(&e.id) {
            Some(&i) => {
                repeats += 1;
                out[i] = e;
            }
            None => {
                at.insert(e.id.clone(), out.len());
                out.push(e);
            }
        }
    }
    (out, repeats)
}

/// Every folder's totals, the root's under [`ROOT`]. A file whose parent the walk did not see
/// counts at the root (and in no folder between); a loop in the parents (an item moved during
/// the walk) stops at the folder seen twice.
pub fn roll_up(entries: &[ScanEntry]) -> HashMap<String, FolderTotals> {
    let parent_of: HashMap<&str, &str> = entries
        .iter()
        .filter(|e| e.folder)
        .map(|e| (e.id.as_str(), e.parent_id.as_str()))
        .collect();
    let mut totals: HashMap<String, FolderTotals> = HashMap::with_capacity(parent_of.len() + 1);
    totals.insert(ROOT.to_owned(), FolderTotals::default());
    for id in parent_of.keys() {
        totals.insert((*id).to_owned(), FolderTotals::default());
    }
    let limit = parent_of.len() + 1;
    for f in entries.iter().filter(|e| !e.folder) {
        let size = f.size.max(0);
        let kind = Kind::of(&f.extension) as usize;
        let add = |t: &mut FolderTotals| {
            t.size = t.size.saturating_add(size);
            t.files += 1;
            t.newest_ms = t.newest_ms.max(f.modified_ms);
            t.kinds[kind] = t.kinds[kind].saturating_add(size);
        };
        let mut folder = f.parent_id.as_str();
        let mut seen: Vec<&str> = Vec::new();
        while !is_root(folder) && seen.len() < limit && !seen.contains(&folder) {
            let Some(parent) = parent_of.get(folder) else {
                break; // not seen by the walk: counted at the root only
            };
            if let Some(t) = totals.get_mut(folder) {
                add(t);
            }
            seen.push(folder);
            folder = parent;
        }
        if let Some(t) = totals.get_mut(ROOT) {
            add(t);
        }
    }
    totals
}

fn is_root(id: &str) -> bool {
    id.is_empty() || id == ROOT
}

/// Kinds of file an admin cleans by.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    Documents,
    Images,
    Video,
    Audio,
    Archives,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Documents,
        Kind::Images,
        Kind::Video,
        Kind::Audio,
        Kind::Archives,
        Kind::Other,
    ];

    /// Its code on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Self::Documents => "documents",
            Self::Images => "images",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::Archives => "archives",
            Self::Other => "other",
        }
    }

    /// By extension, case-insensitive.
    pub fn of(extension: &str) -> Self {
        match extension
            .trim_start_matches('.')
            .to_ascii_lowercase()
            .as_str()
        {
            "doc" | "docx" | "xls" | "xlsx" | "ppt" | "pptx" | "pdf" | "txt" | "md" | "csv"
            | "rtf" | "odt" | "ods" | "odp" | "wps" | "et" | "dps" | "key" | "pages"
            | "numbers" | "adoc" | "axls" | "json" | "xml" | "html" => Self::Documents,
            "jpg" | "jpeg" | "png" | "gif" | "bmp" | "webp" | "heic" | "heif" | "tif" | "tiff"
            | "svg" | "raw" | "psd" | "ai" => Self::Images,
            "mp4" | "mov" | "avi" | "mkv" | "wmv" | "flv" | "m4v" | "webm" | "3gp" | "mpg"
            | "mpeg" => Self::Video,
            "mp3" | "wav" | "aac" | "flac" | "m4a" | "ogg" | "wma" | "amr" => Self::Audio,
            "zip" | "rar" | "7z" | "tar" | "gz" | "tgz" | "bz2" | "xz" | "iso" | "dmg" => {
                Self::Archives
            }
            _ => Self::Other,
        }
    }
}

/// Ages of last change an admin cleans by.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Age {
    Under30Days,
    Under1Year,
    Under3Years,
    Older,
    /// No time, or one that did not parse.
    Unknown,
}

impl Age {
    pub const ALL: [Age; 5] = [
        Age::Under30Days,
        Age::Under1Year,
        Age::Under3Years,
        Age::Older,
        Age::Unknown,
    ];

    /// Its code on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Self::Under30Days => "under30Days",
            Self::Under1Year => "under1Year",
            Self::Under3Years => "under3Years",
            Self::Older => "older",
            Self::Unknown => "unknown",
        }
    }

    pub fn of(modified_ms: Option<i64>, now_ms: i64) -> Self {
        const DAY: i64 = 86_400_000;
        match modified_ms.map(|m| now_ms.saturating_sub(m)) {
            None => Self::Unknown,
            Some(age) if age < 30 * DAY => Self::Under30Days,
            Some(age) if age < 365 * DAY => Self::Under1Year,
            Some(age) if age < 3 * 365 * DAY => Self::Under3Years,
            Some(_) => Self::Older,
        }
    }
}

/// Files and bytes in one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub files: u64,
    pub bytes: i64,
}

impl Tally {
    fn add(&mut self, bytes: i64) {
        self.files += 1;
        self.bytes = self.bytes.saturating_add(bytes.max(0));
    }
}

/// The files grouped by `key`, largest first (ties by key), the first `top` kept.
pub fn tally_by<K: Ord + Clone + std::hash::Hash>(
    entries: &[ScanEntry],
    key: impl Fn(&ScanEntry) -> K,
    top: usize,
) -> Vec<(K, Tally)> {
    let mut groups: HashMap<K, Tally> = HashMap::new();
    for f in entries.iter().filter(|e| !e.folder) {
        groups.entry(key(f)).or_default().add(f.size);
    }
    let mut out: Vec<(K, Tally)> = groups.into_iter().collect();
    out.sort_by(|a, b| b.1.bytes.cmp(&a.1.bytes).then_with(|| a.0.cmp(&b.0)));
    out.truncate(top);
    out
}

/// The `n` largest files, largest first (ties by id).
pub fn largest(entries: &[ScanEntry], n: usize) -> Vec<&ScanEntry> {
    let mut files: Vec<&ScanEntry> = entries.iter().filter(|e| !e.folder).collect();
    files.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.id.cmp(&b.id)));
    files.truncate(n);
    files
}

/// Likely duplicates: files with the same name and size (candidates, not proven: the listing
/// gives no checksum), groups of two or more, the most bytes to win back first.
pub fn duplicate_candidates(entries: &[ScanEntry]) -> Vec<Vec<&ScanEntry>> {
    let mut groups: HashMap<(&str, i64), Vec<&ScanEntry>> = HashMap::new();
    for f in entries.iter().filter(|e| !e.folder && e.size > 0) {
        groups.entry((f.name.as_str(), f.size)).or_default().push(f);
    }
    let mut out: Vec<Vec<&ScanEntry>> = groups.into_values().filter(|g| g.len() > 1).collect();
    for g in &mut out {
        g.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let spare = |g: &Vec<&ScanEntry>| g[0].size.saturating_mul(g.len() as i64 - 1);
    out.sort_by(|a, b| {
        spare(b)
            .cmp(&spare(a))
            .then_with(|| a[0].name.cmp(&b[0].name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(id: &str, parent: &str) -> ScanEntry {
        ScanEntry {
            id: id.into(),
            parent_id: parent.into(),
            folder: true,
            name: format!("folder {id}"),
            ..ScanEntry::default()
        }
    }

    fn file(id: &str, parent: &str, name: &str, size: i64, modified: i64) -> ScanEntry {
        ScanEntry {
            id: id.into(),
            parent_id: parent.into(),
            folder: false,
            name: name.into(),
            extension: name
                .rsplit_once('.')
                .map(|(_, e)| e.into())
                .unwrap_or_default(),
            size,
            modified_ms: Some(modified),
            creator: format!("u{}", size % 3),
        }
    }

    fn totals(size: i64, files: u64, newest: i64) -> (i64, u64, Option<i64>) {
        (size, files, Some(newest))
    }

    fn of(t: &FolderTotals) -> (i64, u64, Option<i64>) {
        (t.size, t.files, t.newest_ms)
    }

    #[test]
    fn sizes_roll_up_to_every_folder_above() {
        // root ─ a ─ b ─ (f1 100, f2 50); root ─ f3 7; a ─ f4 20
        let entries = vec![
            folder("a", "0"),
            folder("b", "a"),
            file("f1", "b", "x.mp4", 100, 5),
            file("f2", "b", "y.jpg", 50, 9),
            file("f3", "0", "z.pdf", 7, 1),
            file("f4", "a", "w.zip", 20, 3),
        ];
        let t = roll_up(&entries);
        assert_eq!(of(&t["b"]), totals(150, 2, 9));
        assert_eq!(of(&t["a"]), totals(170, 3, 9));
        assert_eq!(of(&t[ROOT]), totals(177, 4, 9));
        // By kind: video 100, images 50, documents 7, archives 20.
        assert_eq!(t["b"].dominant(), Kind::Video);
        assert_eq!(t[ROOT].kinds, [7, 50, 100, 0, 20, 0]);
        assert_eq!(FolderTotals::default().dominant(), Kind::Other);
    }

    #[test]
    fn unseen_parents_loops_and_negative_sizes() {
        let entries = vec![
            // A loop (moved during the walk) and a file under it.
            folder("p", "q"),
            folder("q", "p"),
            file("f1", "p", "a", 10, 1),
            // A parent the walk never saw.
            file("f2", "ghost", "b", 5, 2),
            // A size DingTalk sent negative counts as nothing.
            file("f3", "0", "c", -4, 3),
        ];
        let t = roll_up(&entries);
        assert_eq!(t["p"].size, 10);
        assert_eq!(t["q"].size, 10);
        assert_eq!(of(&t[ROOT]), totals(15, 3, 3));
        assert!(!t.contains_key("ghost"));
    }

    #[test]
    fn repeats_are_counted_and_the_last_wins() {
        let (e, repeats) = dedupe(vec![
            file("f1", "0", "a", 1, 1),
            file("f2", "0", "b", 2, 1),
            file("f1", "0", "a", 3, 2),
        ]);
        assert_eq!(repeats, 1);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].size, 3, "the last seen, in the first's place");
    }

    #[test]
    fn kinds_ages_creators_largest_and_duplicates() {
        assert_eq!(Kind::of("MP4"), Kind::Video);
        assert_eq!(Kind::of(".docx"), Kind::Documents);
        assert_eq!(Kind::of("tar"), Kind::Archives);
        assert_eq!(Kind::of(""), Kind::Other);
        let day = 86_400_000;
        let now = 4000 * day;
        assert_eq!(Age::of(Some(now - day), now), Age::Under30Days);
        assert_eq!(Age::of(Some(now - 100 * day), now), Age::Under1Year);
        assert_eq!(Age::of(Some(now - 800 * day), now), Age::Under3Years);
        assert_eq!(Age::of(Some(now - 2000 * day), now), Age::Older);
        assert_eq!(Age::of(None, now), Age::Unknown);
        assert_eq!(
            Age::of(Some(now + day), now),
            Age::Under30Days,
            "a clock ahead"
        );

        let entries = vec![
            folder("d", "0"),
            file("1", "0", "a.mp4", 300, 0),
            file("2", "d", "a.mp4", 300, 0),
            file("3", "0", "b.jpg", 10, 0),
            file("4", "0", "c.pdf", 30, 0),
            file("5", "d", "c.pdf", 30, 0),
            file("6", "d", "c.pdf", 31, 0),
        ];
        let kinds = tally_by(&entries, |f| Kind::of(&f.extension), 10);
        assert_eq!(
            kinds[0],
            (
                Kind::Video,
                Tally {
                    files: 2,
                    bytes: 600
                }
            )
        );
        assert_eq!(
            kinds[1],
            (
                Kind::Documents,
                Tally {
                    files: 3,
                    bytes: 91
                }
            )
        );
        let ext = tally_by(&entries, |f| f.extension.to_ascii_lowercase(), 1);
        assert_eq!(
            ext,
            vec![(
                "mp4".to_owned(),
                Tally {
                    files: 2,
                    bytes: 600
                }
            )]
        );
        let big: Vec<&str> = largest(&entries, 3).iter().map(|f| f.id.as_str()).collect();
        assert_eq!(big, ["1", "2", "6"]);
        let dup = duplicate_candidates(&entries);
        assert_eq!(dup.len(), 2);
        assert_eq!(
            dup[0].iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            ["1", "2"]
        );
        assert_eq!(
            dup[1].iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            ["4", "5"]
        );
    }

    #[test]
    fn a_hundred_thousand_entries_roll_up() {
        // 1,000 folders ten deep in chains, 99,000 files spread under them.
        let mut entries = Vec::new();
        for i in 0..1000 {
            let parent = if i % 10 == 0 {
                "0".to_owned()
            } else {
                format!("d{}", i - 1)
            };
            entries.push(folder(&format!("d{i}"), &parent));
        }
        for i in 0..99_000 {
            entries.push(file(
                &format!("f{i}"),
                &format!("d{}", i % 1000),
                "x.bin",
                1,
                i,
            ));
        }
        let t = roll_up(&entries);
        assert_eq!(t[ROOT].files, 99_000);
        assert_eq!(t[ROOT].size, 99_000);
        // d0 holds its chain d0..d9: ten folders of 99 files each.
        assert_eq!(t["d0"].files, 990);
    }
}
