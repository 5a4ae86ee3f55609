//! The store on both databases it runs on: SQLite in a data directory, and Postgres (a
//! throwaway cluster started for the test). The same checks run on each: migrations applied
//! at start-up and again harmlessly, forward only, and the monthly call meter exact under
//! concurrency and across a reopen, snapshots written whole, and leases with one holder.

mod common;

use common::postgres::Postgres;
use dashboard_server::store::{Store, StoreTarget};
use dingtalk_wire::BillingMonth;

const DEC: BillingMonth = BillingMonth {
    year: 2026,
    month: 12,
};

async fn meter_is_exact(target: &StoreTarget) {
    let store = Store::open(target).await.expect("store opens");
    let take = |month, budget| {
        let store = store.clone();
        async move { store.take_metered(month, budget, 1).await.expect("take") }
    };
    for n in 1..=3 {
        assert_eq!(take(DEC, 3).await, Some(n), "each call counted");
    }
    assert_eq!(take(DEC, 3).await, None, "the fourth of 3 is refused");
    store.give_back_metered(DEC, 1).await.expect("give back");
    assert_eq!(
        take(DEC, 3).await,
        Some(3),
        "a call given back can be taken"
    );
    assert_eq!(
        take(DEC.next(), 3).await,
        Some(1),
        "a new month starts at 0"
    );
    // A block of calls at once, only while the budget holds all of it.
    let feb = DEC.next().next().next();
    let block = |n| {
        let store = store.clone();
        async move { store.take_metered(feb, 5, n).await.expect("take") }
    };
    assert_eq!(block(4).await, Some(4));
    assert_eq!(block(4).await, None, "4 more would pass 5: nothing taken");
    assert_eq!(block(1).await, Some(5));
    store.give_back_metered(feb, 3).await.expect("give back");
    assert_eq!(block(3).await, Some(5));
    store
        .add_calls(DEC, "listSpaces", 1, 1)
        .await
        .expect("count");
    store
        .add_calls(DEC, "listSpaces", 1, 0)
        .await
        .expect("count");
    store
        .add_calls(DEC, "accessToken", 1, 0)
        .await
        .expect("count");

    // 40 requesters at once on a budget of 25: exactly 25 get a call.
    let jan = DEC.next().next();
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .take_metered(jan, 25, 1)
                    .await
                    .expect("take")
                    .is_some()
            })
        })
        .collect();
    let mut granted = 0;
    for t in tasks {
        granted += usize::from(t.await.expect("task"));
    }
    assert_eq!(granted, 25);
    store.close().await;

    // Reopened (the migrations run again and change nothing), the counts are still there.
    let store = Store::open(target).await.expect("store reopens");
    let dec = store.month_calls(DEC).await.expect("read");
    assert_eq!(dec.metered, 3);
    assert_eq!(
        dec.by_api,
        [
            ("accessToken".to_owned(), 1, 0),
            ("listSpaces".to_owned(), 2, 1)
        ]
    );
    assert_eq!(store.month_calls(jan).await.expect("read").metered, 25);
    assert_eq!(
        store
            .month_calls(BillingMonth {
                year: 2020,
                month: 1
            })
            .await
            .expect("read"),
        Default::default()
    );
    store.close().await;
}

/// The shared pace's places: as many as the pace allows, each held by one taker at a time
/// until it is given back, and free again at the time given.
async fn pace_places(target: &StoreTarget) {
    let store = Store::open(target).await.expect("store opens");
    store
        .ensure_pace_places("listDentries", 3)
        .await
        .expect("made");
    store
        .ensure_pace_places("listDentries", 3)
        .await
        .expect("made twice");
    let mut taken = Vec::new();
    for _ in 0..3 {
        let place = store
            .take_pace_place("listDentries", 3, 1_000, 21_000)
            .await
            .expect("read");
        taken.push(place.expect("a free place"));
    }
    taken.sort();
    assert_eq!(taken, [0, 1, 2]);
    assert_eq!(
        store
            .take_pace_place("listDentries", 3, 1_000, 21_000)
            .await
            .expect("read"),
        None,
        "every place is held"
    );
    // Another API has places of its own.
    store
        .ensure_pace_places("listSpaces", 3)
        .await
        .expect("made");
    assert!(store
        .take_pace_place("listSpaces", 3, 1_000, 21_000)
        .await
        .expect("read")
        .is_some());
    // Given back, free from the time given; a pace of two uses the first two places only.
    store
        .release_pace_place("listDentries", 1, 2_050)
        .await
        .expect("released");
    assert_eq!(
        store
            .next_pace_place("listDentries", 3)
            .await
            .expect("read"),
        2_050
    );
    assert_eq!(
        store
            .take_pace_place("listDentries", 3, 2_000, 22_000)
            .await
            .expect("read"),
        None
    );
    assert_eq!(
        store
            .take_pace_place("listDentries", 3, 2_050, 22_050)
            .await
            .expect("read"),
        Some(1)
    );
    // A holder that never gives its place back loses it when its hold runs out.
    assert_eq!(
        store
            .take_pace_place("listDentries", 2, 21_000, 41_000)
            .await
            .expect("read"),
        Some(0)
    );
    store.close().await;
}

/// Collection `id` as it starts at `now`, asked by an admin.
fn running(id: i64, now: i64) -> dashboard_server::store::snapshots::Collection {
    dashboard_server::store::snapshots::Collection {
        id,
        started_at: now,
        finished_at: None,
        operator_union_id: "u1".into(),
        operator_name: "王芳".into(),
        reason: "asked".into(),
        state: "running".into(),
        pages: 0,
        spaces: 0,
        expected_pages: None,
        error: None,
        heartbeat_at: now,
    }
}

/// Each snapshot leaves one point per space for its day (China time), the day's last winning;
/// the demo's made-up points are marked and give way to real ones; retention drops old points
/// and thins a day's earlier snapshots once they are a week old, never the latest.
async fn history(target: &StoreTarget) {
    use dashboard_core::history::OrgDay;
    use dashboard_core::trend::Point;
    use dashboard_server::store::history::SpaceDay;
    use dashboard_server::store::snapshots::SnapshotSpace;
    let store = Store::open(target).await.expect("store opens");
    // Noon in China on day `day`, plus `secs`.
    let at = |day: i64, secs: i64| day * 86_400 + 4 * 3600 + secs;
    let space = |id: &str, used: i64| SnapshotSpace {
        space_id: id.into(),
        used: Some(used),
        quota: Some(1000),
        fields: format!(r#"{{"spaceId":"{id}","usedQuota":{used},"quota":1000}}"#),
    };
    let snapshot = |id: i64, now: i64, spaces: Vec<SnapshotSpace>| {
        let store = store.clone();
        async move {
            store
                .begin_collection(&running(id, now))
                .await
                .expect("begun");
            store
                .complete_collection(id, 1, &spaces, now)
                .await
                .expect("complete");
        }
    };
    // Demo points for days 100 and 101; real snapshots on day 101 (twice) and 102.
    let demo = |day: i64, used: i64| SpaceDay {
        space_id: "a".into(),
        point: Point {
            day,
            used,
            quota: Some(1000),
        },
    };
    store
        .add_demo_days(&[demo(100, 5), demo(101, 6)])
        .await
        .expect("demo");
    assert_eq!(store.demo_until().await.expect("read"), Some(102));
    // Ids above the other tests' collections in the same store (the latest is the largest).
    let (s1, s2, s3) = (9_000_001, 9_000_002, 9_000_003);
    snapshot(s1, at(101, 0), vec![space("a", 10), space("b", 20)]).await;
    snapshot(s2, at(101, 60), vec![space("a", 11), space("b", 21)]).await;
    snapshot(s3, at(102, 0), vec![space("a", 12)]).await;
    let a = store.space_days("a").await.expect("read");
    let p = |day, used| Point {
        day,
        used,
        quota: Some(1000),
    };
    assert_eq!(
        a,
        vec![p(100, 5), p(101, 11), p(102, 12)],
        "the demo's day 100, then the day's last snapshot"
    );
    assert_eq!(store.space_days("b").await.expect("read"), vec![p(101, 21)]);
    let since: Vec<(String, i64)> = store
        .days_since(101)
        .await
        .expect("read")
        .into_iter()
        .map(|d| (d.space_id, d.point.day))
        .collect();
    assert_eq!(
        since,
        vec![("a".into(), 101), ("a".into(), 102), ("b".into(), 101)]
    );
    // Day 101's real point replaced the demo's, so the demo's history ends after day 100.
    assert_eq!(store.demo_until().await.expect("read"), Some(101));

    // The organization's days: the demo's; a live day replacing the demo's; a later snapshot
    // of a day replacing its earlier one; demo days never replacing live ones.
    let org = |day: i64, used: i64| OrgDay {
        day,
        used,
        capacity: 5000,
        reserved: 10,
        allotted: 3000,
        spaces_used: used - 1,
    };
    store
        .add_demo_org_days(&[org(100, 50), org(101, 60)])
        .await
        .expect("demo");
    assert_eq!(store.org_demo_until().await.expect("read"), Some(102));
    for d in [org(101, 70), org(101, 71), org(102, 80)] {
        store.put_org_day(&d).await.expect("written");
    }
    store.add_demo_org_days(&[org(102, 1)]).await.expect("demo");
    assert_eq!(
        store.org_days().await.expect("read"),
        vec![org(100, 50), org(101, 71), org(102, 80)]
    );
    assert_eq!(store.org_demo_until().await.expect("read"), Some(101));

    // A week on: s1 (day 101's first) is thinned, s2 (its last) and s3 stay; points before
    // day 101 go.
    let removed = store
        .apply_retention(101, at(102, 1))
        .await
        .expect("retention");
    assert!(
        removed >= 4,
        "day 100's point and organization day, and s1's two spaces: {removed}"
    );
    assert!(store.snapshot_fields(s1).await.expect("read").is_empty());
    assert_eq!(store.snapshot_fields(s2).await.expect("read").len(), 2);
    assert_eq!(store.snapshot_fields(s3).await.expect("read").len(), 1);
    assert_eq!(store.space_days("a").await.expect("read").len(), 2);
    assert_eq!(
        store.org_days().await.expect("read"),
        vec![org(101, 71), org(102, 80)],
        "the organization's days before day 101 go too"
    );
    // The latest snapshot is never thinned, even once no point refers to it.
    store
        .apply_retention(1_000, at(200, 0))
        .await
        .expect("retention");
    assert_eq!(store.snapshot_fields(s3).await.expect("read").len(), 1);
    assert!(store.snapshot_fields(s2).await.expect("read").is_empty());
    store.close().await;
}

/// Snapshots are written whole or not at all, the latest complete one is found, and a lease
/// has one holder at a time until it runs out.
async fn snapshots_and_leases(target: &StoreTarget) {
    use dashboard_server::store::snapshots::SnapshotSpace;
    let store = Store::open(target).await.expect("store opens");
    let collection = |id: i64| running(id, id);
    let spaces: Vec<_> = (0..450)
        .map(|i| SnapshotSpace {
            space_id: format!("s{i}"),
            used: Some(i),
            quota: (i % 2 == 0).then_some(-1),
            fields: format!(r#"{{"spaceId":"s{i}","usedQuota":{i},"extra":"段{i}"}}"#),
        })
        .collect();
    store
        .begin_collection(&collection(100))
        .await
        .expect("begin");
    store
        .collection_progress(100, 5, 250, 101)
        .await
        .expect("progress");
    assert_eq!(
        store.latest_snapshot().await.expect("read"),
        None,
        "running is not a snapshot"
    );
    store
        .complete_collection(100, 9, &spaces, 102)
        .await
        .expect("complete");
    let snap = store
        .latest_snapshot()
        .await
        .expect("read")
        .expect("a snapshot");
    assert_eq!(
        (snap.id, snap.pages, snap.spaces, snap.state.as_str()),
        (100, 9, 450, "complete")
    );
    let fields = store.snapshot_fields(100).await.expect("fields");
    assert_eq!(fields.len(), 450);
    assert_eq!(fields[0], spaces[0].fields, "verbatim, in DingTalk's order");
    assert_eq!(fields[449], spaces[449].fields);
    assert_eq!(
        store
            .snapshot_space(100, "s7")
            .await
            .expect("one")
            .as_deref(),
        Some(spaces[7].fields.as_str())
    );
    // A failed collection and one abandoned by a dead process leave the snapshot standing;
    // completing a collection that is no longer running is refused.
    store
        .begin_collection(&collection(200))
        .await
        .expect("begin");
    store
        .fail_collection(200, r#"{"status":500}"#, 201)
        .await
        .expect("fail");
    store
        .begin_collection(&collection(300))
        .await
        .expect("begin");
    store
        .abandon_running(r#"{"status":503}"#, 400)
        .await
        .expect("abandon");
    assert!(store
        .complete_collection(300, 1, &spaces[..1], 401)
        .await
        .is_err());
    assert_eq!(
        store.latest_snapshot().await.expect("read").map(|s| s.id),
        Some(100)
    );
    let last = store
        .latest_collection()
        .await
        .expect("read")
        .expect("last");
    assert_eq!((last.id, last.state.as_str()), (300, "failed"));
    // Leases: one holder until it runs out; renewable by its holder; released.
    assert!(store
        .take_lease("collect", "a", 110, 100)
        .await
        .expect("take"));
    assert!(!store
        .take_lease("collect", "b", 120, 105)
        .await
        .expect("busy"));
    assert!(store
        .take_lease("collect", "a", 130, 109)
        .await
        .expect("renew"));
    assert!(!store
        .take_lease("collect", "b", 140, 125)
        .await
        .expect("still a's"));
    assert!(store
        .take_lease("collect", "b", 150, 131)
        .await
        .expect("expired"));
    store
        .release_lease("collect", "a")
        .await
        .expect("not a's: no effect");
    assert!(!store
        .take_lease("collect", "a", 160, 140)
        .await
        .expect("b's"));
    store.release_lease("collect", "b").await.expect("release");
    assert!(store
        .take_lease("collect", "a", 170, 141)
        .await
        .expect("free"));
    // Settings.
    assert_eq!(store.setting("last_admin").await.expect("read"), None);
    store.set_setting("last_admin", "x").await.expect("set");
    store.set_setting("last_admin", "y").await.expect("replace");
    assert_eq!(
        store.setting("last_admin").await.expect("read").as_deref(),
        Some("y")
    );
    store.clear_setting("last_admin").await.expect("clear");
    assert_eq!(store.setting("last_admin").await.expect("read"), None);
    store.close().await;
}

/// A store written by a newer server (a migration this binary does not know) is refused with
/// a message, not run against.
async fn newer_stores_are_refused(target: &StoreTarget, url: &str) {
    Store::open(target)
        .await
        .expect("store opens")
        .close()
        .await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99999, 'from a newer server', TRUE, $1, 0)",
    )
    .bind(vec![0u8; 48])
    .execute(&pool)
    .await
    .expect("insert");
    pool.close().await;
    let refused = Store::open(target).await.err().expect("refused");
    assert!(refused.to_string().contains("newer version"), "{refused}");
}

/// A scan's pages, written with the next token (a repeat replaces its entry), a cancel asked,
/// its end with the folders and report, and the space's earlier results let go.
async fn scans(target: &StoreTarget) {
    use dashboard_core::scan::ScanEntry;
    use dashboard_core::scan_report::roll_up_report;
    use dashboard_server::store::scans::{Ending, ScanRow};
    let store = Store::open(target).await.expect("opens");
    let row = |id: i64| ScanRow {
        id,
        space_id: "space1".into(),
        started_at: 100,
        finished_at: None,
        operator_union_id: "u".into(),
        operator_name: "王芳".into(),
        state: "running".into(),
        next_token: None,
        pages: 0,
        listed: 0,
        repeats: 0,
        expected_calls: Some(2),
        walk_secs: 0,
        cancel_asked: 0,
        error: None,
        heartbeat_at: 100,
        files: None,
        bytes: None,
        rollup_ms: None,
    };
    let e = |id: &str, parent: &str, folder: bool, size: i64| ScanEntry {
        id: id.into(),
        parent_id: parent.into(),
        folder,
        name: format!("{id}.pdf"),
        extension: "pdf".into(),
        size,
        modified_ms: Some(5),
        creator: "c".into(),
    };
    for id in [1, 2] {
        store.begin_scan(&row(id)).await.expect("begins");
        let page1 = vec![e("a", "0", true, 0), e("f1", "a", false, 10)];
        assert_eq!(
            store
                .scan_page(id, &page1, Some("t2"), 1, 2, 1, 101)
                .await
                .expect("page"),
            Some(false)
        );
        // A repeat of f1 with a new size replaces it.
        let page2 = vec![e("f1", "a", false, 30), e("f2", "0", false, 5)];
        assert_eq!(
            store
                .scan_page(id, &page2, None, 2, 4, 2, 102)
                .await
                .expect("page"),
            Some(false)
        );
        let kept = store.scan(id).await.expect("reads").expect("row");
        let scan = dashboard_server::scanner::info(&kept);
        assert_eq!((kept.pages, kept.listed, kept.next_token), (2, 4, None));
        let mut entries = store.scan_entries(id).await.expect("entries");
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[1].size, 30, "the last seen wins");
        let (_, folders) = roll_up_report(&entries, 0, scan);
        let ending = Ending {
            state: "complete",
            error: None,
            repeats: 1,
            files: 2,
            bytes: 35,
            rollup_ms: 1,
            report: "{}",
            folders: &folders,
            now: 110,
        };
        assert!(store.end_scan(id, &ending).await.expect("ends"));
        assert!(
            !store.end_scan(id, &ending).await.expect("ends once"),
            "no longer running"
        );
    }
    // The space's latest results only: the first scan's entries and folders are gone.
    assert!(store.scan_entries(1).await.expect("entries").is_empty());
    assert!(store.scan_report(1).await.expect("report").is_none());
    assert_eq!(
        store
            .latest_scan_with_results("space1")
            .await
            .expect("reads")
            .map(|r| r.id),
        Some(2)
    );
    let sub = store.scan_subfolders(2, "0").await.expect("folders");
    assert_eq!(sub.len(), 1);
    assert_eq!(
        (sub[0].id.as_str(), sub[0].size, sub[0].files),
        ("a", 30, 1)
    );
    let root = store
        .scan_folder(2, "0")
        .await
        .expect("reads")
        .expect("root");
    assert_eq!(root.size, 35);
    let (files, count, bytes) = store.scan_files_in(2, "0", 10).await.expect("files");
    assert_eq!((files.len(), count, bytes), (1, 1, 5));
    assert_eq!(store.typical_file_bytes().await.expect("reads"), Some(17));
    assert_eq!(
        store
            .last_complete_scan_pages("space1")
            .await
            .expect("reads"),
        Some(2)
    );
    // A cancel reaches the running scan at its next page; a page after its end is refused.
    store.begin_scan(&row(3)).await.expect("begins");
    assert!(store.ask_cancel_scan(3).await.expect("asks"));
    assert_eq!(store.touch_scan(3, 120).await.expect("touch"), Some(true));
    assert_eq!(
        store
            .scan_page(3, &[e("x", "0", false, 1)], Some("t"), 1, 1, 1, 121)
            .await
            .expect("page"),
        Some(true)
    );
    assert_eq!(store.running_scans().await.expect("reads").len(), 1);
    assert!(
        !store.ask_cancel_scan(2).await.expect("asks"),
        "not running"
    );
    assert_eq!(
        store
            .scan_page(2, &[], None, 3, 5, 3, 130)
            .await
            .expect("page"),
        None
    );
    store.close().await;
}

#[tokio::test]
async fn sqlite_in_the_data_directory() {
    let dir = common::temp_dir("sqlite").join("not-yet-made");
    let target = StoreTarget::Sqlite(dir.clone());
    meter_is_exact(&target).await;
    snapshots_and_leases(&target).await;
    pace_places(&target).await;
    history(&target).await;
    scans(&target).await;
    assert!(dir.join("dashboard.sqlite3").exists());
    let url = format!("sqlite://{}", dir.join("dashboard.sqlite3").display());
    newer_stores_are_refused(&target, &url).await;
}

#[tokio::test]
async fn postgres_for_several_replicas() {
    let pg = Postgres::start();
    let target = StoreTarget::Postgres(pg.url.clone());
    meter_is_exact(&target).await;
    snapshots_and_leases(&target).await;
    pace_places(&target).await;
    history(&target).await;
    scans(&target).await;
    newer_stores_are_refused(&target, &pg.url).await;
}

#[tokio::test]
async fn an_unusable_data_directory_is_named() {
    let file = common::temp_dir("blocked").join("a-file");
    std::fs::write(&file, "not a directory").expect("write");
    let e = Store::open(&StoreTarget::Sqlite(file.join("data")))
        .await
        .err()
        .expect("refused");
    let text = e.to_string();
    assert!(
        text.contains("a-file") && text.contains("DATA_DIR"),
        "{text}"
    );
}
