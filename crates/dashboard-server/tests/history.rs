//! The spaces' history from the store's daily points: each snapshot leaves a point per space
//! for its day; the review's trends (growth, forecast, sparkline) and one space's history are
//! served to admins only, with no DingTalk call.

mod common;

use axum::http::StatusCode;
use common::*;
use dashboard_core::history::{china_day, ForecastKind, OrgHistory, SpaceHistory, Trends};
use dashboard_core::trend::Point;
use dashboard_server::store::history::SpaceDay;
use std::time::Duration;

/// Opens the review and waits for its first snapshot.
async fn first_snapshot(h: &Harness, cookie: &str) {
    h.get("/api/review", Some(cookie)).await;
    for _ in 0..200 {
        let s = h.get("/api/review/status", Some(cookie)).await.json();
        if s["snapshot"].is_object() && s["refresh"].is_null() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no snapshot");
}

#[tokio::test]
async fn a_snapshot_leaves_todays_points_and_the_trends_say_what_they_can() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    first_snapshot(&h, &cookie).await;
    let today = china_day(dashboard_server::session::now_secs());
    h.emulator.clear_requests();

    let a = h.get("/api/history", Some(&cookie)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let trends: Trends = serde_json::from_str(&a.body).expect("trends");
    assert_eq!((trends.today, trends.days_kept), (today, 400));
    assert_eq!(trends.horizon, 30, "the default warning horizon");
    assert_eq!(trends.demo_until, None);
    assert_eq!(trends.spaces.len(), 120, "every space of the snapshot");
    for t in &trends.spaces {
        assert_eq!(t.forecast.points, 1);
        assert!(matches!(
            t.forecast.kind,
            ForecastKind::TooFewPoints | ForecastKind::Unlimited | ForecastKind::AlreadyFull
        ));
        assert_eq!((t.change7, t.change30), (None, None), "one day of history");
        assert_eq!(t.spark.len(), 30);
        assert!(t.spark[..29].chars().all(|c| c == '.') && !t.spark.ends_with('.'));
    }
    let id = &trends.spaces[0].space_id;
    let one = h
        .get(&format!("/api/history/spaces/{id}"), Some(&cookie))
        .await;
    let one: SpaceHistory = serde_json::from_str(&one.body).expect("a history");
    assert_eq!(one.points.len(), 1);
    assert_eq!(one.points[0][0], today);
    assert!(h.emulator.requests().is_empty(), "no DingTalk call");
}

#[tokio::test]
async fn each_snapshot_asks_the_organizations_storage_once_and_keeps_it_for_the_day() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    h.emulator.clear_requests();
    first_snapshot(&h, &cookie).await;
    let org_calls = |h: &Harness| {
        h.emulator
            .requests()
            .iter()
            .filter(|r| r.path.starts_with("/v1.0/storage/orgs/"))
            .count()
    };
    assert_eq!(org_calls(&h), 1, "one call with the snapshot");
    let today = china_day(dashboard_server::session::now_secs());
    let a = h.get("/api/history/org", Some(&cookie)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let org: OrgHistory = serde_json::from_str(&a.body).expect("org history");
    // What the emulator reports, worked out here from the spaces the review lists.
    let review = h.get("/api/review", Some(&cookie)).await.json();
    let spaces = review["spaces"].as_array().expect("spaces");
    let figures = dingtalk_emulator::history::org_figures(spaces.iter().map(|s| {
        (
            s["usedQuota"].as_i64().unwrap_or(0),
            s["quota"].as_i64().unwrap_or(0),
        )
    }));
    let latest = org.latest().expect("today's figures");
    assert_eq!(latest.day, today);
    assert_eq!(
        (latest.used, latest.capacity, latest.reserved),
        (figures.used, figures.max, figures.reserved)
    );
    assert_eq!(
        (latest.allotted, latest.spaces_used),
        (figures.allotted, figures.used)
    );
    assert_eq!(org.demo_until, None);
    assert_eq!(org.trend.forecast.kind, ForecastKind::TooFewPoints);
    // The refresh's cost counts it: the listing's pages and this one call.
    let status = h.get("/api/review/status", Some(&cookie)).await.json();
    let pages = status["snapshot"]["pages"].as_i64().expect("pages");
    assert_eq!(status["refreshCalls"].as_i64(), Some(pages + 1));
    // Reading the history asks DingTalk nothing.
    h.emulator.clear_requests();
    h.get("/api/history/org", Some(&cookie)).await;
    assert!(h.emulator.requests().is_empty());
}

#[tokio::test]
async fn a_refused_organization_call_leaves_the_snapshot_standing() {
    // A corpId DingTalk does not know: 400 paramError for the organization's storage.
    let h = harness(&["--corp-id", "dingother"]).await;
    let cookie = h.admin_cookie().await;
    first_snapshot(&h, &cookie).await;
    let org: OrgHistory =
        serde_json::from_str(&h.get("/api/history/org", Some(&cookie)).await.body).expect("org");
    assert!(org.points.is_empty(), "no figures for the day");
    let trends: Trends =
        serde_json::from_str(&h.get("/api/history", Some(&cookie)).await.body).expect("trends");
    assert_eq!(
        trends.spaces.len(),
        120,
        "the snapshot and its points stand"
    );
}

#[tokio::test]
async fn the_trends_are_worked_out_once_per_snapshot() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    first_snapshot(&h, &cookie).await;
    let read = || async {
        let a = h.get("/api/history", Some(&cookie)).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        serde_json::from_str::<Trends>(&a.body).expect("trends")
    };
    let before = read().await;
    let today = before.today;
    // A point written behind the trends' back is not seen while the snapshot stands...
    let id = before.spaces[0].space_id.clone();
    let yesterday = SpaceDay {
        space_id: id.clone(),
        point: Point {
            day: today - 1,
            used: 1,
            quota: Some(1000),
        },
    };
    h.state
        .store
        .add_demo_days(&[yesterday])
        .await
        .expect("written");
    assert_eq!(
        read().await,
        before,
        "the same snapshot and day: as worked out"
    );
    // ...and is once a new snapshot is taken.
    let taken = snapshot_id(&h, &cookie).await;
    h.send(
        axum::http::Request::post("/api/review/refresh")
            .header("cookie", h.cookie_header(&cookie))
            .body(axum::body::Body::empty())
            .expect("request"),
    )
    .await;
    for _ in 0..200 {
        if snapshot_id(&h, &cookie).await != taken {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let after = read().await;
    let t = after
        .spaces
        .iter()
        .find(|t| t.space_id == id)
        .expect("the space");
    assert_eq!(t.forecast.points, 2, "yesterday's point and today's");
}

async fn snapshot_id(h: &Harness, cookie: &str) -> Option<i64> {
    h.get("/api/review/status", Some(cookie)).await.json()["snapshot"]["id"].as_i64()
}

#[tokio::test]
async fn the_warning_horizon_is_the_servers() {
    let h = harness(&["--warning-horizon-days", "14"]).await;
    let cookie = h.admin_cookie().await;
    let trends: Trends =
        serde_json::from_str(&h.get("/api/history", Some(&cookie)).await.body).expect("trends");
    assert_eq!(trends.horizon, 14);
}

#[tokio::test]
async fn a_month_of_growth_gives_a_forecast_and_the_demo_history_is_marked() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    let today = china_day(dashboard_server::session::now_secs());
    // 30 days of a space growing 10 bytes a day towards a quota of 1,000, ending today.
    let days: Vec<SpaceDay> = (0..30)
        .map(|i| SpaceDay {
            space_id: "90000000001".into(),
            point: Point {
                day: today - 29 + i,
                used: 200 + 10 * i,
                quota: Some(1000),
            },
        })
        .collect();
    h.state.store.add_demo_days(&days).await.expect("written");
    let trends: Trends =
        serde_json::from_str(&h.get("/api/history", Some(&cookie)).await.body).expect("trends");
    assert_eq!(trends.demo_until, Some(today + 1));
    let t = &trends.spaces[0];
    assert_eq!(t.change7, Some(70));
    assert_eq!(t.forecast.kind, ForecastKind::Fills);
    // 490 used, 10 a day, 1,000: 51 days.
    assert_eq!(t.forecast.days_until_full(today), Some(51));
    let one: SpaceHistory = serde_json::from_str(
        &h.get("/api/history/spaces/90000000001", Some(&cookie))
            .await
            .body,
    )
    .expect("history");
    assert_eq!(one.points.len(), 30);
    assert_eq!(one.trend, *t);
}

#[tokio::test]
async fn only_admins_read_history() {
    let h = harness(&["--allow-non-admins"]).await;
    let member = h.login(dingtalk_emulator::DEMO_MEMBER_CODE).await;
    let member = h.session_cookie(&member).expect("member session");
    for uri in [
        "/api/history",
        "/api/history/spaces/28000000001",
        "/api/history/org",
    ] {
        let a = h.get(uri, Some(&member)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{uri}");
        assert_eq!(a.code(), "review.adminsOnly");
        assert_eq!(h.get(uri, None).await.status, StatusCode::UNAUTHORIZED);
    }
    let admin = h.admin_cookie().await;
    let bad = h.get("/api/history/spaces/a%2Fb", Some(&admin)).await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_demo_history_shows_its_stories() {
    let h = harness(&[]).await;
    let cookie = h.admin_cookie().await;
    let today = china_day(dashboard_server::session::now_secs());
    let written = dashboard_server::demo::fill_history(&h.state.store, &h.emulator, today, 180)
        .await
        .expect("written");
    assert!(written > 120 * 150, "{written}");
    let trends: Trends =
        serde_json::from_str(&h.get("/api/history", Some(&cookie)).await.body).expect("trends");
    assert_eq!(trends.demo_until, Some(today));
    let designated = h.emulator.designated();
    let ids = h.emulator.space_ids();
    let of = |i: Option<usize>| {
        let id = &ids[i.expect("designated")];
        trends
            .spaces
            .iter()
            .find(|t| &t.space_id == id)
            .expect("a trend")
            .clone()
    };
    // The fast grower: full in 10 days as the model says (its room over its rate), within
    // the forecast's range and a day of its likeliest (whole bytes and whole days).
    let fast = of(designated.fast_grower);
    assert_eq!(fast.forecast.kind, ForecastKind::Fills);
    let model = dingtalk_emulator::history::FAST_GROWER_DAYS;
    let likely = fast.forecast.days_until_full(today).expect("days");
    assert!(
        (likely - model).abs() <= 1,
        "{likely} days, the model says {model}"
    );
    let (earliest, latest) = (
        fast.forecast.earliest.expect("earliest") - today,
        fast.forecast.latest.expect("latest") - today,
    );
    assert!(earliest <= model && model <= latest, "{earliest}..{latest}");
    // Every space has a sparkline of 29 days of history before today.
    assert!(trends
        .spaces
        .iter()
        .filter(|t| ids.contains(&t.space_id))
        .all(|t| t.spark.len() == 30));
    // Writing it again changes nothing.
    dashboard_server::demo::fill_history(&h.state.store, &h.emulator, today, 180)
        .await
        .expect("again");
    let again: Trends =
        serde_json::from_str(&h.get("/api/history", Some(&cookie)).await.body).expect("trends");
    assert_eq!(again, trends);
}
