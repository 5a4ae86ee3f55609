//! What the app shows of a scan, decided without the DOM: the estimate, progress and "as of"
//! in words, a treemap level laid out, the largest files as CSV, what a cleanup of likely
//! duplicates would win back, the spaces the organization's treemap draws, and the folder
//! grid's order by scanned size.

use crate::csv;
use crate::format::{bytes, Locale};
use crate::i18n::{fill, Lang, Msg};
use crate::review::Row;
use crate::scan::{Age, Kind};
use crate::scan_report::{Duplicates, Estimate, EstimateBasis, FileRow, ScanInfo, ScanState};
use crate::treemap::{squarify, Rect};

/// The treemap's box, in layout units: the view draws it in a box of the same aspect ratio
/// (set on it through the CSSOM, which the page's Content-Security-Policy allows, unlike a
/// style attribute), so the cells keep the shapes laid out here.
pub const MAP_WIDTH: f64 = 600.0;
pub const MAP_HEIGHT: f64 = 400.0;

/// The spaces the organization's treemap draws; the rest are counted in words.
pub const ORG_CELLS: usize = 120;

/// One rectangle per size, in [`MAP_WIDTH`] × [`MAP_HEIGHT`], its area proportional to its
/// size (a negative size counts as nothing).
pub fn layout(sizes: &[i64]) -> Vec<Rect> {
    let sizes: Vec<u64> = sizes.iter().map(|&s| s.max(0) as u64).collect();
    squarify(
        &sizes,
        Rect {
            x: 0.0,
            y: 0.0,
            w: MAP_WIDTH,
            h: MAP_HEIGHT,
        },
    )
}

pub fn kind_msg(k: Kind) -> Msg {
    match k {
        Kind::Documents => Msg::KindDocuments,
        Kind::Images => Msg::KindImages,
        Kind::Video => Msg::KindVideo,
        Kind::Audio => Msg::KindAudio,
        Kind::Archives => Msg::KindArchives,
        Kind::Other => Msg::KindOther,
    }
}

pub fn age_msg(a: Age) -> Msg {
    match a {
        Age::Under30Days => Msg::AgeUnder30Days,
        Age::Under1Year => Msg::AgeUnder1Year,
        Age::Under3Years => Msg::AgeUnder3Years,
        Age::Older => Msg::AgeOlder,
        Age::Unknown => Msg::AgeUnknown,
    }
}

/// A breakdown's key in words: a kind or an age by its code, an extension or a creator as is
/// (a code this build does not know is shown as it came).
pub fn group_text(key: &str, by: Breakdown, lang: Lang) -> String {
    let known = match by {
        Breakdown::Kind => Kind::ALL
            .into_iter()
            .find(|k| k.code() == key)
            .map(kind_msg),
        Breakdown::Age => Age::ALL.into_iter().find(|a| a.code() == key).map(age_msg),
        Breakdown::Extension if key.is_empty() => Some(Msg::ScanNoExtension),
        Breakdown::Creator if key.is_empty() => Some(Msg::ScanNoCreator),
        _ => None,
    };
    known.map_or_else(|| key.to_owned(), |m| lang.t(m).to_owned())
}

/// The four breakdowns of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    Kind,
    Extension,
    Age,
    Creator,
}

/// A span of seconds: "45 s", "3 min 5 s", "2 h 10 min".
pub fn duration(secs: i64, lang: Lang) -> String {
    let s = secs.max(0);
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        fill(lang.t(Msg::ScanHours), &[&h.to_string(), &m.to_string()])
    } else if m > 0 {
        fill(lang.t(Msg::ScanMinutes), &[&m.to_string(), &s.to_string()])
    } else {
        fill(lang.t(Msg::ScanSeconds), &[&s.to_string()])
    }
}

fn count(n: i64, loc: impl Locale) -> String {
    loc.number(n as f64)
}

/// "About 40 DingTalk calls (from the previous scan); 4,200 of this month's 5,000 calls are
/// left (the count starts again on 2025-07-01)."
pub fn estimate_text(e: &Estimate, loc: impl Locale) -> String {
    let lang = loc.lang();
    let file = bytes(e.file_bytes.unwrap_or(0), loc);
    let basis = match e.basis {
        EstimateBasis::PreviousScan => lang.t(Msg::ScanBasisPrevious).to_owned(),
        EstimateBasis::UsedSize => fill(lang.t(Msg::ScanBasisUsed), &[&file]),
        EstimateBasis::DefaultFileSize => fill(lang.t(Msg::ScanBasisDefault), &[&file]),
    };
    fill(
        lang.t(Msg::ScanEstimate),
        &[
            &count(e.calls, loc),
            &basis,
            &count(e.budget_left, loc),
            &count(e.budget, loc),
            &e.resets_on,
        ],
    )
}

/// What the budget left says of the estimate: why a scan cannot start (nothing left this
/// month), or that it may stop part-way (the estimate is more than what is left; the server
/// starts it anyway, since an estimate before a first scan is a guess, and the budget stops it
/// keeping what it read). `None` when it fits.
pub fn budget_text(e: &Estimate, loc: impl Locale) -> Option<String> {
    let lang = loc.lang();
    if !e.can_start() {
        Some(fill(lang.t(Msg::ScanNoBudget), &[&e.resets_on]))
    } else if !e.fits() {
        Some(fill(
            lang.t(Msg::ScanOverBudget),
            &[&count(e.calls, loc), &count(e.budget_left, loc)],
        ))
    } else {
        None
    }
}

/// The confirmation's question, naming the cost.
pub fn confirm_text(e: &Estimate, loc: impl Locale) -> String {
    fill(
        loc.lang().t(Msg::ScanConfirm),
        &[&count(e.calls, loc), &count(e.budget_left, loc)],
    )
}

/// The question before the last scan goes on where it stopped: the calls it is expected to
/// take still, when known, against the budget left.
pub fn continue_text(s: &ScanInfo, e: &Estimate, loc: impl Locale) -> String {
    let lang = loc.lang();
    match s.calls_left() {
        Some(left) => fill(
            lang.t(Msg::ScanContinueConfirm),
            &[&count(left, loc), &count(e.budget_left, loc)],
        ),
        None => fill(
            lang.t(Msg::ScanContinueConfirmOpen),
            &[&count(e.budget_left, loc)],
        ),
    }
}

/// "Scanning: 1,200 entries listed, 12 of about 40 calls; 30 s elapsed, about 1 min 10 s
/// left".
pub fn progress_text(s: &ScanInfo, loc: impl Locale) -> String {
    let lang = loc.lang();
    let entries = count(s.entries, loc);
    let calls = count(s.calls, loc);
    let mut t = match s.expected_calls {
        Some(total) if total >= s.calls => fill(
            lang.t(Msg::ScanRunningOf),
            &[&entries, &calls, &count(total, loc)],
        ),
        _ => fill(lang.t(Msg::ScanRunning), &[&entries, &calls]),
    };
    t.push_str(lang.t(Msg::ListSeparator));
    t.push_str(&fill(
        lang.t(Msg::ScanElapsed),
        &[&duration(s.walk_secs, lang)],
    ));
    if let Some(left) = s.secs_left() {
        t.push_str(lang.t(Msg::ListSeparator));
        t.push_str(&fill(lang.t(Msg::ScanLeft), &[&duration(left, lang)]));
    }
    t
}

/// The progress bar's value and maximum: calls of the expected calls (at least the calls so
/// far, so a scan past its expectation reads full, not over).
pub fn progress_bar(s: &ScanInfo) -> (i64, i64) {
    let max = s.expected_calls.unwrap_or(0).max(s.calls).max(1);
    (s.calls.clamp(0, max), max)
}

/// What an ended scan's results cover: the whole space, or part of it and why.
pub fn coverage_text(
    s: &ScanInfo,
    files: u64,
    folders: u64,
    total: i64,
    loc: impl Locale,
) -> String {
    let lang = loc.lang();
    let args = [
        loc.number(files as f64),
        loc.number(folders as f64),
        bytes(total, loc),
    ];
    let args = [args[0].as_str(), args[1].as_str(), args[2].as_str()];
    match s.state {
        ScanState::Complete | ScanState::Running => fill(lang.t(Msg::ScanWhole), &args),
        ScanState::Cancelled => fill(lang.t(Msg::ScanPartialCancelled), &args),
        ScanState::Stopped => {
            let why = s
                .error
                .as_ref()
                .map(|f| crate::i18n::error_text(lang, &f.to_api_error()))
                .unwrap_or_default();
            fill(
                lang.t(Msg::ScanPartialStopped),
                &[args[0], args[1], args[2], &why],
            )
        }
    }
}

/// "As of 2025/06/01 10:30": the scan's end (its start while it has none).
pub fn as_of_text(s: &ScanInfo, loc: impl Locale) -> String {
    let at = s.finished_at.unwrap_or(s.started_at);
    fill(
        loc.lang().t(Msg::ScanAsOf),
        &[&loc.date_time(at.saturating_mul(1000))],
    )
}

/// The listing's caveat: how many entries came twice (when any), and that items changed
/// during a scan may be missed or repeated.
pub fn repeats_text(s: &ScanInfo, loc: impl Locale) -> String {
    let lang = loc.lang();
    let caveat = lang.t(Msg::ScanCaveat);
    if s.repeats > 0 {
        let mut t = fill(lang.t(Msg::ScanRepeats), &[&count(s.repeats, loc)]);
        t.push(' ');
        t.push_str(caveat);
        t
    } else {
        caveat.to_owned()
    }
}

/// The bytes a cleanup would win back: one copy kept.
pub fn spare_bytes(d: &Duplicates) -> i64 {
    d.size
        .max(0)
        .saturating_mul(d.folders.len().saturating_sub(1) as i64)
}

/// The share of `part` in `whole` in basis points, 0..=10,000 (for a proportional bar).
pub fn share_bp(part: i64, whole: i64) -> i64 {
    crate::quota::fill_bp(part, whole).unwrap_or(0).min(10_000)
}

/// The largest files as CSV: name, folder, size in bytes and in words, modified, creator,
/// kind.
pub fn largest_csv(files: &[FileRow], loc: impl Locale) -> String {
    let lang = loc.lang();
    let header = [
        Msg::ColName,
        Msg::ColFolder,
        Msg::ColSizeBytes,
        Msg::ColSize,
        Msg::ColModified,
        Msg::ColCreator,
        Msg::ColKind,
    ]
    .map(|m| lang.t(m));
    let rows = files.iter().map(|f| {
        vec![
            csv::cell(&f.name),
            csv::cell(&f.folder),
            csv::number(f.size),
            csv::cell(&bytes(f.size, loc)),
            csv::cell(&f.modified_ms.map(|m| loc.date_time(m)).unwrap_or_default()),
            csv::cell(&f.creator),
            csv::cell(lang.t(kind_msg(f.kind))),
        ]
    });
    csv::document(&header, rows)
}

/// The spaces the organization's treemap draws: those using anything, the most used first, at
/// most `limit`; and the number and bytes of those left out.
pub fn org_cells(rows: &[Row], limit: usize) -> (Vec<usize>, usize, i64) {
    let mut idx: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].usage.used.unwrap_or(0) > 0)
        .collect();
    idx.sort_by(|&a, &b| {
        let used = |i: usize| rows[i].usage.used.unwrap_or(0);
        used(b)
            .cmp(&used(a))
            .then_with(|| rows[a].space.space_id.cmp(&rows[b].space.space_id))
    });
    let rest = idx.split_off(idx.len().min(limit));
    let rest_bytes = rest
        .iter()
        .map(|&i| rows[i].usage.used.unwrap_or(0))
        .fold(0i64, i64::saturating_add);
    (idx, rest.len(), rest_bytes)
}

/// Orders the folders of `items` among themselves by their scanned size (`size`, `None` when
/// not known: those go last, in their order), largest first when `desc`: DingTalk gives
/// folders no size, so its own order by size leaves them where they fell. Files keep their
/// places; the folders take the places folders had. Returns whether anything moved.
pub fn order_folders_by_size<T: Clone>(
    items: &mut [T],
    is_folder: impl Fn(&T) -> bool,
    size: impl Fn(&T) -> Option<i64>,
    desc: bool,
) -> bool {
    let slots: Vec<usize> = (0..items.len()).filter(|&i| is_folder(&items[i])).collect();
    let mut order = slots.clone();
    // Stable: equal sizes and unknown ones keep DingTalk's order.
    order.sort_by(|&a, &b| match (size(&items[a]), size(&items[b])) {
        (Some(x), Some(y)) if desc => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    if order == slots {
        return false;
    }
    let moved: Vec<T> = order.iter().map(|&i| items[i].clone()).collect();
    for (slot, item) in slots.into_iter().zip(moved) {
        items[slot] = item;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Plain;
    use crate::snapshot::Failure;

    fn info(state: ScanState) -> ScanInfo {
        ScanInfo {
            id: 1,
            state,
            started_at: 1_700_000_000,
            finished_at: Some(1_700_000_600),
            operator: "u".into(),
            calls: 12,
            entries: 1200,
            repeats: 0,
            expected_calls: Some(40),
            walk_secs: 30,
            error: None,
            rollup_ms: None,
            can_continue: false,
        }
    }

    fn estimate(basis: EstimateBasis, calls: i64, left: i64) -> Estimate {
        Estimate {
            calls,
            entries: calls * 100,
            basis,
            file_bytes: Some(2 << 20),
            budget_left: left,
            budget: 5000,
            resets_on: "2025-07-01".into(),
        }
    }

    #[test]
    fn the_estimate_names_its_basis_and_the_budget() {
        let en = Plain(Lang::En);
        let e = estimate(EstimateBasis::PreviousScan, 40, 4200);
        assert_eq!(
            estimate_text(&e, en),
            "About 40 DingTalk calls (from the previous scan); 4200 of this month's 5000 calls are left (the count starts again on 2025-07-01)."
        );
        assert!(budget_text(&e, en).is_none());
        let e = estimate(EstimateBasis::DefaultFileSize, 900, 12);
        assert!(
            estimate_text(&e, en).contains("2 MB"),
            "{}",
            estimate_text(&e, en)
        );
        let why = budget_text(&e, en).expect("over budget");
        assert!(
            why.contains("900") && why.contains("12") && why.contains("keeps what it read"),
            "{why}"
        );
        let none = budget_text(&estimate(EstimateBasis::PreviousScan, 5, 0), en).expect("none");
        assert!(
            none.contains("cannot start") && none.contains("2025-07-01"),
            "{none}"
        );
        assert!(confirm_text(&e, Plain(Lang::Zh)).contains("900"));
        // Going on from where a scan stopped: what it still needs, when known.
        let stopped = info(ScanState::Stopped);
        assert_eq!(
            continue_text(&stopped, &e, en),
            "The last scan goes on where it stopped: about 28 more DingTalk calls (12 left this month). Continue it?"
        );
        let unknown = ScanInfo {
            expected_calls: None,
            ..stopped
        };
        assert!(continue_text(&unknown, &e, en).contains("one DingTalk call per 50 entries"));
        assert!(estimate_text(&estimate(EstimateBasis::UsedSize, 1, 1), en)
            .contains("typical file size of 2 MB"));
    }

    #[test]
    fn progress_and_the_end_in_words() {
        let en = Plain(Lang::En);
        let s = ScanInfo {
            finished_at: None,
            ..info(ScanState::Running)
        };
        assert_eq!(
            progress_text(&s, en),
            "Scanning: 1200 entries listed, 12 of about 40 calls, 30 s elapsed, about 1 min 10 s left"
        );
        assert_eq!(progress_bar(&s), (12, 40));
        let past = ScanInfo {
            calls: 50,
            ..s.clone()
        };
        assert_eq!(progress_bar(&past), (50, 50));
        assert!(!progress_text(&past, en).contains("of about"));
        assert_eq!(duration(7325, Lang::En), "2 h 2 min");
        assert_eq!(duration(-3, Lang::Zh), "0 秒");

        let done = info(ScanState::Complete);
        assert!(as_of_text(&done, en).starts_with("As of 2023-11-14T22:23:20"));
        assert!(coverage_text(&done, 3, 2, 1024, en)
            .starts_with("Covers the whole space: 3 files in 2 folders, 1 KB"));
        assert!(coverage_text(&info(ScanState::Cancelled), 3, 2, 1024, en).contains("cancelled"));
        let stopped = ScanInfo {
            error: Some(Failure::new(403, "budget.exhausted", "spent")),
            ..info(ScanState::Stopped)
        };
        let t = coverage_text(&stopped, 3, 2, 1024, en);
        assert!(
            t.contains("part of the space") && t.contains("call budget"),
            "{t}"
        );
        assert_eq!(
            repeats_text(&done, en),
            "Items changed during a scan may be missed or listed twice."
        );
        let r = ScanInfo { repeats: 3, ..done };
        assert!(repeats_text(&r, en).starts_with("3 entries were listed twice"));
    }

    #[test]
    fn groups_in_words() {
        assert_eq!(group_text("video", Breakdown::Kind, Lang::En), "Video");
        assert_eq!(group_text("under1Year", Breakdown::Age, Lang::Zh), "1 年内");
        assert_eq!(
            group_text("", Breakdown::Extension, Lang::En),
            "(no extension)"
        );
        assert_eq!(group_text("mp4", Breakdown::Extension, Lang::En), "mp4");
        assert_eq!(group_text("newKind", Breakdown::Kind, Lang::En), "newKind");
        assert_eq!(
            group_text("union-1", Breakdown::Creator, Lang::En),
            "union-1"
        );
    }

    #[test]
    fn the_layout_is_proportional_and_spare_bytes_keep_one_copy() {
        let r = layout(&[300, 100, -5, 200]);
        let total = MAP_WIDTH * MAP_HEIGHT;
        assert!((r[0].area() - total / 2.0).abs() < 1e-6);
        assert!((r[1].area() - total / 6.0).abs() < 1e-6);
        assert_eq!(r[2].area(), 0.0);
        let d = Duplicates {
            name: "a".into(),
            size: 10,
            folders: vec!["/".into(), "/x".into(), "/y".into()],
        };
        assert_eq!(spare_bytes(&d), 20);
        assert_eq!(share_bp(1, 4), 2500);
        assert_eq!(share_bp(5, 0), 0);
    }

    #[test]
    fn the_largest_files_as_csv() {
        let f = FileRow {
            id: "1".into(),
            name: "=cmd.mp4".into(),
            folder: "/a,b".into(),
            parent_id: "9".into(),
            size: 2048,
            modified_ms: Some(0),
            creator: "u1".into(),
            kind: Kind::Video,
        };
        let doc = largest_csv(&[f], Plain(Lang::En));
        assert!(doc.starts_with('\u{FEFF}'));
        let lines: Vec<&str> = doc.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Name,Folder,Size (bytes),Size,Modified,Creator,Kind"
        );
        assert_eq!(
            lines[1],
            "'=cmd.mp4,\"/a,b\",2048,2 KB,1970-01-01T00:00:00Z,u1,Video"
        );
    }

    #[test]
    fn folders_are_ordered_among_themselves_by_scanned_size() {
        // (id, folder, scanned size)
        let mut items = vec![
            ("f1", true, Some(5)),
            ("x", false, None),
            ("f2", true, None),
            ("f3", true, Some(50)),
            ("y", false, None),
            ("f4", true, Some(7)),
        ];
        let moved = order_folders_by_size(&mut items, |i| i.1, |i| i.2, true);
        assert!(moved);
        let ids: Vec<&str> = items.iter().map(|i| i.0).collect();
        assert_eq!(ids, ["f3", "x", "f4", "f1", "y", "f2"]);
        order_folders_by_size(&mut items, |i| i.1, |i| i.2, false);
        let ids: Vec<&str> = items.iter().map(|i| i.0).collect();
        assert_eq!(ids, ["f1", "x", "f4", "f3", "y", "f2"]);
        assert!(!order_folders_by_size(&mut items, |i| i.1, |i| i.2, false));
    }

    #[test]
    fn the_org_map_draws_the_largest_spaces() {
        let row = |id: &str, used: Option<i64>| {
            Row::new(dingtalk_wire::Space {
                space_id: id.into(),
                used_quota: used,
                quota: Some(100),
                ..dingtalk_wire::Space::default()
            })
        };
        let rows = vec![
            row("a", Some(5)),
            row("b", Some(50)),
            row("c", None),
            row("d", Some(0)),
            row("e", Some(7)),
            row("f", Some(1)),
        ];
        let (shown, rest, rest_bytes) = org_cells(&rows, 2);
        assert_eq!(shown, [1, 4]);
        assert_eq!((rest, rest_bytes), (2, 6));
    }
}
