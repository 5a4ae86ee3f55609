//! A scan of a space as the server reports it and the app draws it: the scan's state and
//! progress, what a new one would cost, and its results (the breakdowns, the largest files, the
//! likely duplicates, one folder's level of the treemap, the folder sizes the grid shows). The
//! server builds these from the walk's entries ([`crate::scan`]); the browser receives only
//! them.

use crate::scan::{self, Age, FolderTotals, Kind, ScanEntry, ROOT};
use crate::snapshot::Failure;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Entries DingTalk's `listAll` gives a page (one metered call each).
pub const ENTRIES_PER_CALL: i64 = dingtalk_wire::LIST_ALL_MAX_RESULTS as i64;
/// The largest files the report lists.
pub const LARGEST_FILES: usize = 100;
/// Creators, and extensions, the report names (the rest are not listed).
pub const TOP_CREATORS: usize = 20;
pub const TOP_EXTENSIONS: usize = 20;
/// Groups of likely duplicates the report lists, the most bytes to win back first.
pub const DUPLICATE_GROUPS: usize = 50;
/// Cells of one treemap level; smaller items are drawn as one cell "and N more".
pub const TREEMAP_CELLS: usize = 120;
/// The file size assumed for the estimate until a scan of the organization has measured its
/// own (bytes).
pub const DEFAULT_FILE_BYTES: i64 = 2 << 20;

/// Where a scan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ScanState {
    /// Walking the space (or about to be resumed, its server having stopped).
    Running,
    /// Every page read and rolled up.
    Complete,
    /// An admin cancelled it; what it read is kept.
    Cancelled,
    /// DingTalk or the budget stopped it ([`ScanInfo::error`] says which); what it read is
    /// kept.
    Stopped,
}

impl ScanState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Complete => "complete",
            Self::Cancelled => "cancelled",
            Self::Stopped => "stopped",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "running" => Self::Running,
            "complete" => Self::Complete,
            "cancelled" => Self::Cancelled,
            "stopped" => Self::Stopped,
            _ => return None,
        })
    }
}

/// One scan of a space.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanInfo {
    pub id: i64,
    pub state: ScanState,
    /// Unix seconds.
    pub started_at: i64,
    pub finished_at: Option<i64>,
    /// Who asked for it (its calls go under their unionId).
    pub operator: String,
    /// Pages read: one metered call each.
    pub calls: i64,
    /// Entries listed, repeats included.
    pub entries: i64,
    /// Entries listed more than once (known once it ends): the listing's caveat, that an item
    /// changed during the walk may come again.
    pub repeats: i64,
    /// The calls it was expected to take when it started.
    pub expected_calls: Option<i64>,
    /// Seconds spent walking (across restarts; without the time the server was down).
    pub walk_secs: i64,
    /// Why it stopped, when DingTalk or the budget stopped it.
    pub error: Option<Failure>,
    /// Milliseconds the roll-up of its entries took on the server.
    pub rollup_ms: Option<i64>,
    /// Cancelled or stopped before its last page: it can go on from where it stopped (its
    /// results stay as they are until it ends again).
    #[serde(default)]
    pub can_continue: bool,
}

impl ScanInfo {
    /// Seconds left at the pace so far, while running, once a page has been read and an
    /// expected size is known (`None` otherwise, or when past the expectation).
    pub fn secs_left(&self) -> Option<i64> {
        let expected = self.expected_calls?;
        if self.state != ScanState::Running || self.calls == 0 || self.walk_secs <= 0 {
            return None;
        }
        let left = expected - self.calls;
        (left > 0).then(|| (left * self.walk_secs + self.calls - 1) / self.calls)
    }

    /// The calls left to its end, as expected when it started (`None` when unknown or
    /// already past the expectation).
    pub fn calls_left(&self) -> Option<i64> {
        self.expected_calls
            .map(|e| e - self.calls)
            .filter(|left| *left > 0)
    }

    /// Whether its results are the whole space's.
    pub fn is_whole(&self) -> bool {
        self.state == ScanState::Complete
    }

    /// Ended with entries to show.
    pub fn has_results(&self) -> bool {
        self.state != ScanState::Running && self.entries > 0
    }
}

/// How the estimate was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EstimateBasis {
    /// The calls the space's last complete scan took.
    PreviousScan,
    /// The space's used size over the organization's typical file size.
    UsedSize,
    /// The space's used size over [`DEFAULT_FILE_BYTES`] (no scan has measured one yet).
    DefaultFileSize,
}

/// What a new scan of the space would cost, against what is left of the month's budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    pub calls: i64,
    pub entries: i64,
    pub basis: EstimateBasis,
    /// The typical file size used (bytes), for [`EstimateBasis::UsedSize`] and the default.
    pub file_bytes: Option<i64>,
    /// Metered calls left this month, the month's budget, and when it starts again.
    pub budget_left: i64,
    pub budget: i64,
    pub resets_on: String,
}

impl Estimate {
    /// From the previous complete scan's calls when there is one; otherwise from the space's
    /// used bytes over `typical_file_bytes` (the organization's, or the default), with one
    /// folder for every ten files.
    pub fn work_out(
        previous_calls: Option<i64>,
        used_bytes: Option<i64>,
        typical_file_bytes: Option<i64>,
    ) -> (i64, i64, EstimateBasis, Option<i64>) {
        if let Some(calls) = previous_calls.filter(|c| *c > 0) {
            return (
                calls,
                calls * ENTRIES_PER_CALL,
                EstimateBasis::PreviousScan,
                None,
            );
        }
        let (file, basis) = match typical_file_bytes.filter(|b| *b > 0) {
            Some(b) => (b, EstimateBasis::UsedSize),
            None => (DEFAULT_FILE_BYTES, EstimateBasis::DefaultFileSize),
        };
        let files = used_bytes.unwrap_or(0).max(0) / file;
        let entries = files.saturating_add(files / 10).max(1);
        let calls = (entries + ENTRIES_PER_CALL - 1) / ENTRIES_PER_CALL;
        (calls, entries, basis, Some(file))
    }

    /// Whether the month's budget has room for all of it (otherwise the budget would stop it
    /// part-way, keeping what it read).
    pub fn fits(&self) -> bool {
        self.calls <= self.budget_left
    }

    /// Whether a scan can start: the budget has something left.
    pub fn can_start(&self) -> bool {
        self.budget_left > 0
    }
}

/// `GET /api/scans/{spaceId}`: the space's latest scan, and what a new one would cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanStatus {
    pub scan: Option<ScanInfo>,
    pub estimate: Estimate,
}

/// Files and bytes of one group of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// A [`Kind`] or [`Age`] code, an extension (lowercase, empty for none) or a creator's id.
    pub key: String,
    pub files: u64,
    pub bytes: i64,
}

/// One file of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileRow {
    pub id: String,
    pub name: String,
    /// The folder it is in, as a path from the space's root (`/` at the root).
    pub folder: String,
    pub parent_id: String,
    pub size: i64,
    pub modified_ms: Option<i64>,
    pub creator: String,
    pub kind: Kind,
}

/// Files with the same name and size: candidates, not proven copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Duplicates {
    pub name: String,
    pub size: i64,
    /// The folder of each copy.
    pub folders: Vec<String>,
}

/// `GET /api/scans/{spaceId}/report`: what a scan found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanReport {
    pub scan: ScanInfo,
    pub files: u64,
    pub folders: u64,
    pub bytes: i64,
    pub largest: Vec<FileRow>,
    pub by_kind: Vec<Group>,
    pub by_extension: Vec<Group>,
    pub by_age: Vec<Group>,
    pub by_creator: Vec<Group>,
    pub duplicates: Vec<Duplicates>,
}

/// One folder's totals as the store keeps them after a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderRow {
    pub id: String,
    pub parent_id: String,
    pub name: String,
    pub size: i64,
    pub files: u64,
    pub newest_ms: Option<i64>,
    pub kind: Kind,
}

/// What the server keeps of a scan once it ends: the report of `entries` (each once) as of
/// `now_ms`, for `scan`, and every folder's totals (the root's first, id [`ROOT`], then each
/// folder the walk saw).
pub fn roll_up_report(
    entries: &[ScanEntry],
    now_ms: i64,
    scan: ScanInfo,
) -> (ScanReport, Vec<FolderRow>) {
    {
        let totals = scan::roll_up(entries);
        let names: HashMap<&str, (&str, &str)> = entries
            .iter()
            .filter(|e| e.folder)
            .map(|e| (e.id.as_str(), (e.name.as_str(), e.parent_id.as_str())))
            .collect();
        let mut paths: HashMap<String, String> = HashMap::new();
        let row = |id: &str, parent: &str, name: &str, t: &FolderTotals| FolderRow {
            id: id.to_owned(),
            parent_id: parent.to_owned(),
            name: name.to_owned(),
            size: t.size,
            files: t.files,
            newest_ms: t.newest_ms,
            kind: t.dominant(),
        };
        let root = totals.get(ROOT).copied().unwrap_or_default();
        let mut folder_rows = vec![row(ROOT, "", "", &root)];
        for e in entries.iter().filter(|e| e.folder) {
            if let Some(t) = totals.get(&e.id) {
                folder_rows.push(row(&e.id, &e.parent_id, &e.name, t));
            }
        }
        let group = |k: String, t: scan::Tally| Group {
            key: k,
            files: t.files,
            bytes: t.bytes,
        };
        let largest = scan::largest(entries, LARGEST_FILES)
            .into_iter()
            .map(|f| FileRow {
                id: f.id.clone(),
                name: f.name.clone(),
                folder: folder_path(&f.parent_id, &names, &mut paths),
                parent_id: f.parent_id.clone(),
                size: f.size,
                modified_ms: f.modified_ms,
                creator: f.creator.clone(),
                kind: Kind::of(&f.extension),
            })
            .collect();
        let duplicates = scan::duplicate_candidates(entries)
            .into_iter()
            .take(DUPLICATE_GROUPS)
            .map(|g| Duplicates {
                name: g[0].name.clone(),
                size: g[0].size,
                folders: g
                    .iter()
                    .map(|f| folder_path(&f.parent_id, &names, &mut paths))
                    .collect(),
            })
            .collect();
        let by_kind = scan::tally_by(entries, |f| Kind::of(&f.extension), Kind::ALL.len())
            .into_iter()
            .map(|(k, t)| group(k.code().to_owned(), t))
            .collect();
        let by_age = {
            let mut ages = scan::tally_by(entries, |f| Age::of(f.modified_ms, now_ms), 10);
            ages.sort_by_key(|(a, _)| *a);
            ages.into_iter()
                .map(|(a, t)| group(a.code().to_owned(), t))
                .collect()
        };
        let by_extension = scan::tally_by(
            entries,
            |f| f.extension.trim_start_matches('.').to_ascii_lowercase(),
            TOP_EXTENSIONS,
        )
        .into_iter()
        .map(|(k, t)| group(k, t))
        .collect();
        let by_creator = scan::tally_by(entries, |f| f.creator.clone(), TOP_CREATORS)
            .into_iter()
            .map(|(k, t)| group(k, t))
            .collect();
        let report = ScanReport {
            scan,
            files: root.files,
            folders: (folder_rows.len() - 1) as u64,
            bytes: root.size,
            largest,
            by_kind,
            by_extension,
            by_age,
            by_creator,
            duplicates,
        };
        (report, folder_rows)
    }
}

/// `/a/b` for folder `id` (`/` for the root, `…/b` when the way up meets a folder the walk did
/// not see, or a loop),
/// memoised in `paths`.
fn folder_path(
    id: &str,
    names: &HashMap<&str, (&str, &str)>,
    paths: &mut HashMap<String, String>,
) -> String {
    if id.is_empty() || id == ROOT {
        return "/".to_owned();
    }
    if let Some(p) = paths.get(id) {
        return p.clone();
    }
    // Up to the root, at most as many steps as there are folders (a loop stops there).
    let mut chain: Vec<(&str, &str)> = Vec::new();
    let mut at = id;
    let mut unseen = false;
    while !(at.is_empty() || at == ROOT) {
        match names.get(at) {
            Some((name, parent)) if !chain.iter().any(|(seen, _)| *seen == at) => {
                chain.push((at, name));
                at = parent;
            }
            // Not seen by the walk, or a loop (moved during it): the root is not reached.
            _ => {
                unseen = true;
                break;
            }
        }
    }
    let mut path = if unseen {
        "…".to_owned()
    } else {
        String::new()
    };
    for (_, name) in chain.iter().rev() {
        path.push('/');
        path.push_str(name);
    }
    if path.is_empty() {
        path.push('/');
    }
    paths.insert(id.to_owned(), path.clone());
    path
}

/// A folder on the way to a treemap level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Crumb {
    pub id: String,
    pub name: String,
}

/// One cell of a treemap level: a folder (its totals) or a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    pub id: String,
    pub name: String,
    pub folder: bool,
    pub size: i64,
    /// Files under it (1 for a file).
    pub files: u64,
    /// The file's kind, or the kind holding most of the folder's bytes.
    pub kind: Kind,
    /// The file's last change, or the newest change of a file under the folder (Unix
    /// milliseconds).
    #[serde(default)]
    pub modified_ms: Option<i64>,
}

/// `GET /api/scans/{spaceId}/tree?folder=`: one folder's content as the treemap draws it,
/// largest first, at most [`TREEMAP_CELLS`] cells and the rest as one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TreeLevel {
    pub scan_id: i64,
    pub folder: String,
    /// From the root's first folder down to this one (empty at the root).
    pub path: Vec<Crumb>,
    pub size: i64,
    pub files: u64,
    pub cells: Vec<Cell>,
    /// Items left out (too small to draw), and their bytes.
    pub rest_items: u64,
    pub rest_bytes: i64,
}

impl TreeLevel {
    /// Orders `cells` largest first (ties by name, then id) and keeps [`TREEMAP_CELLS`] of
    /// them, counting the rest.
    pub fn trim(&mut self, mut cells: Vec<Cell>) {
        cells.sort_by(|a, b| {
            b.size
                .cmp(&a.size)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        let rest = cells.split_off(cells.len().min(TREEMAP_CELLS));
        self.rest_items = rest.len() as u64;
        self.rest_bytes = rest.iter().map(|c| c.size.max(0)).sum();
        self.cells = cells;
    }
}

/// One folder's size as the grid shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderSize {
    pub id: String,
    pub size: i64,
    pub files: u64,
}

/// `GET /api/scans/{spaceId}/folders?parent=`: the sizes of a folder's subfolders as of the
/// space's latest scan with results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderSizes {
    pub scan_id: i64,
    /// Unix seconds when the scan ended.
    pub as_of: i64,
    /// The whole space was read.
    pub whole: bool,
    pub folders: Vec<FolderSize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(id: &str, parent: &str, name: &str) -> ScanEntry {
        ScanEntry {
            id: id.into(),
            parent_id: parent.into(),
            folder: true,
            name: name.into(),
            ..ScanEntry::default()
        }
    }

    fn file(id: &str, parent: &str, name: &str, size: i64, modified_ms: i64) -> ScanEntry {
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
            modified_ms: Some(modified_ms),
            creator: format!("creator{}", size % 2),
        }
    }

    const DAY: i64 = 86_400_000;

    #[test]
    fn the_report_of_a_small_space() {
        let now = 1000 * DAY;
        let entries = vec![
            folder("a", "0", "项目"),
            folder("b", "a", "视频"),
            file("1", "b", "发布会.MP4", 900, now - DAY),
            file("2", "a", "合同.pdf", 40, now - 400 * DAY),
            file("3", "0", "合同.pdf", 40, now - 2000 * DAY),
            file("4", "ghost", "旧.zip", 21, now - 100 * DAY),
        ];
        let (r, folders) = roll_up_report(&entries, now, info(ScanState::Complete, 1, 1, None));
        assert_eq!((r.files, r.folders, r.bytes), (4, 2, 1001));
        let ids: Vec<&str> = r.largest.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["1", "2", "3", "4"]);
        assert_eq!(r.largest[0].folder, "/项目/视频");
        assert_eq!(r.largest[0].kind, Kind::Video);
        assert_eq!(r.largest[2].folder, "/");
        assert_eq!(r.largest[3].folder, "…", "a parent the walk did not see");
        assert_eq!(
            r.by_kind
                .iter()
                .map(|g| (g.key.as_str(), g.files, g.bytes))
                .collect::<Vec<_>>(),
            [("video", 1, 900), ("documents", 2, 80), ("archives", 1, 21)]
        );
        assert_eq!(
            r.by_age
                .iter()
                .map(|g| (g.key.as_str(), g.bytes))
                .collect::<Vec<_>>(),
            [
                ("under30Days", 900),
                ("under1Year", 21),
                ("under3Years", 40),
                ("older", 40)
            ],
            "in the ages' order, not by size"
        );
        assert_eq!(r.by_extension[0].key, "mp4", "lowercase");
        assert_eq!(r.by_creator[0].key, "creator0");
        assert_eq!(r.by_creator[0].bytes, 980);
        assert_eq!(r.duplicates.len(), 1);
        assert_eq!(r.duplicates[0].name, "合同.pdf");
        assert_eq!(r.duplicates[0].folders, ["/项目", "/"]);
        // The root first, then every folder.
        assert_eq!(folders[0].id, ROOT);
        assert_eq!(folders[0].size, 1001);
        let b = folders.iter().find(|f| f.id == "b").expect("b");
        assert_eq!((b.size, b.files, b.kind), (900, 1, Kind::Video));
        assert_eq!((b.parent_id.as_str(), b.name.as_str()), ("a", "视频"));
    }

    #[test]
    fn paths_survive_loops() {
        let entries = vec![
            folder("p", "q", "P"),
            folder("q", "p", "Q"),
            file("1", "p", "x.txt", 5, 0),
        ];
        let (r, _) = roll_up_report(&entries, 0, info(ScanState::Complete, 1, 1, None));
        assert_eq!(r.largest[0].folder, "…/Q/P");
    }

    #[test]
    fn estimates() {
        // From the previous scan.
        assert_eq!(
            Estimate::work_out(Some(12), Some(1 << 40), Some(1)),
            (12, 600, EstimateBasis::PreviousScan, None)
        );
        // From the used size: 1,000 files of 1 MiB and 100 folders: 22 pages.
        assert_eq!(
            Estimate::work_out(None, Some(1000 << 20), Some(1 << 20)),
            (22, 1100, EstimateBasis::UsedSize, Some(1 << 20))
        );
        // No typical size yet: the default.
        let (calls, _, basis, file) = Estimate::work_out(Some(0), Some(100 << 20), None);
        assert_eq!(basis, EstimateBasis::DefaultFileSize);
        assert_eq!(file, Some(DEFAULT_FILE_BYTES));
        assert_eq!(calls, 2);
        // An empty space still takes its one call.
        assert_eq!(Estimate::work_out(None, None, None).0, 1);
        assert_eq!(Estimate::work_out(None, Some(-5), Some(10)).0, 1);
    }

    fn info(state: ScanState, calls: i64, walk_secs: i64, expected: Option<i64>) -> ScanInfo {
        ScanInfo {
            id: 1,
            state,
            started_at: 0,
            finished_at: None,
            operator: "王芳".into(),
            calls,
            entries: calls * 50,
            repeats: 0,
            expected_calls: expected,
            walk_secs,
            error: None,
            rollup_ms: None,
            can_continue: false,
        }
    }

    #[test]
    fn time_left_at_the_pace_so_far() {
        assert_eq!(
            info(ScanState::Running, 100, 10, Some(400)).secs_left(),
            Some(30)
        );
        assert_eq!(
            info(ScanState::Running, 3, 1, Some(4)).secs_left(),
            Some(1),
            "rounded up"
        );
        assert_eq!(info(ScanState::Running, 0, 0, Some(400)).secs_left(), None);
        assert_eq!(
            info(ScanState::Running, 500, 9, Some(400)).secs_left(),
            None
        );
        assert_eq!(info(ScanState::Running, 10, 9, None).secs_left(), None);
        assert_eq!(
            info(ScanState::Complete, 10, 9, Some(400)).secs_left(),
            None
        );
        assert!(info(ScanState::Cancelled, 3, 1, None).has_results());
        assert!(!info(ScanState::Running, 3, 1, None).has_results());
        for s in [
            ScanState::Running,
            ScanState::Complete,
            ScanState::Cancelled,
            ScanState::Stopped,
        ] {
            assert_eq!(ScanState::from_code(s.code()), Some(s));
        }
        assert_eq!(ScanState::from_code("x"), None);
    }

    #[test]
    fn a_level_keeps_the_largest_cells() {
        let cells: Vec<Cell> = (0..(TREEMAP_CELLS as i64 + 5))
            .map(|i| Cell {
                id: format!("c{i}"),
                name: format!("n{i}"),
                folder: i % 2 == 0,
                size: i,
                files: 1,
                kind: Kind::Other,
                modified_ms: None,
            })
            .collect();
        let mut level = TreeLevel {
            scan_id: 1,
            folder: ROOT.into(),
            path: vec![],
            size: 0,
            files: 0,
            cells: vec![],
            rest_items: 0,
            rest_bytes: 0,
        };
        level.trim(cells);
        assert_eq!(level.cells.len(), TREEMAP_CELLS);
        assert_eq!(level.cells[0].size, TREEMAP_CELLS as i64 + 4);
        assert_eq!(level.rest_items, 5);
        assert_eq!(level.rest_bytes, 1 + 2 + 3 + 4);
    }
}
