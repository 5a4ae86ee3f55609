//! The store on both databases it runs on: SQLite in a data directory, and Postgres (a
//! throwaway cluster started for the test). The same checks run on each: migrations applied
//! at start-up and again harmlessly, forward only, and the monthly call meter exact under
//! concurrency and across a reopen.

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

#[tokio::test]
async fn sqlite_in_the_data_directory() {
    let dir = common::temp_dir("sqlite").join("not-yet-made");
    let target = StoreTarget::Sqlite(dir.clone());
    meter_is_exact(&target).await;
    assert!(dir.join("dashboard.sqlite3").exists());
    let url = format!("sqlite://{}", dir.join("dashboard.sqlite3").display());
    newer_stores_are_refused(&target, &url).await;
}

#[tokio::test]
async fn postgres_for_several_replicas() {
    let pg = Postgres::start();
    let target = StoreTarget::Postgres(pg.url.clone());
    meter_is_exact(&target).await;
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
