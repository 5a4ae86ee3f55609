//! `POST /v1.0/storage/spaces/{spaceId}/dentries/listAll?unionId=`: a space's whole stream as
//! documented (files and folders, by modified time, 50 a page), the same entries and data as
//! walking its folders through the folder listing, refused as DingTalk documents, and metered.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;
use dingtalk_emulator::{Config, Emulator, DEMO_ADMIN_UNION_ID, DEMO_MEMBER_UNION_ID};
use dingtalk_wire::query::encode;
use dingtalk_wire::{Call, Dentry, ListDentriesResponse, ACCESS_TOKEN_HEADER};
use std::collections::{BTreeMap, HashSet};

fn small() -> Emulator {
    Emulator::new(Config {
        big_folder_entries: 123,
        spaces: 2,
        ..unpaced()
    })
}

fn uri(space: &str, union_id: &str) -> String {
    format!(
        "/v1.0/storage/spaces/{space}/dentries/listAll?unionId={}",
        encode(union_id)
    )
}

async fn list_all(emu: &Emulator, uri: &str, token: &str, body: Option<&str>) -> Reply {
    let req = Request::post(uri)
        .header(ACCESS_TOKEN_HEADER, token)
        .header("host", "emu.test:9100")
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .expect("request");
    send(emu, req).await
}

/// Every page of the stream, checking each page's size and the order across pages.
async fn stream(emu: &Emulator, space: &str, union_id: &str, order: &str) -> Vec<Dentry> {
    let token = token(emu).await;
    let mut all: Vec<Dentry> = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let body = match &next {
            None => format!(r#"{{"option":{{"order":"{order}"}}}}"#),
            Some(t) => format!(r#"{{"option":{{"order":"{order}","nextToken":"{t}"}}}}"#),
        };
        let r = list_all(emu, &uri(space, union_id), &token, Some(&body)).await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let page: ListDentriesResponse = serde_json::from_slice(&r.body).expect("a page");
        assert!(page.dentries.len() <= 50, "at most 50 a page");
        all.extend(page.dentries.iter().cloned());
        match page.next() {
            Some(t) => {
                assert_eq!(page.dentries.len(), 50, "a page before the last is full");
                next = Some(t.to_owned());
            }
            None => break,
        }
    }
    let modified = |d: &Dentry| {
        d.modified_time
            .as_ref()
            .and_then(|t| t.epoch_ms())
            .expect("a modified time")
    };
    for w in all.windows(2) {
        let (a, b) = ((modified(&w[0]), &w[0].id), (modified(&w[1]), &w[1].id));
        if order == "ASC" {
            assert!(a < b, "ascending by modified time, then id: {a:?} {b:?}");
        } else {
            assert!(a > b, "descending: {a:?} {b:?}");
        }
    }
    all
}

/// Every entry reachable through the folder listing as `union_id` (a folder it may not list
/// shows, its contents do not), by id.
async fn walk(emu: &Emulator, space: &str, union_id: &str) -> BTreeMap<String, Dentry> {
    let token = token(emu).await;
    let mut found = BTreeMap::new();
    let mut folders = vec!["0".to_owned()];
    while let Some(parent) = folders.pop() {
        let mut next: Option<String> = None;
        loop {
            let mut params = vec![("parentId", parent.as_str()), ("unionId", union_id)];
            if let Some(t) = &next {
                params.push(("nextToken", t.as_str()));
            }
            let r = get(emu, &dentries_uri(space, &params), Some(&token)).await;
            if r.status == 403 {
                break;
            }
            assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            let page: ListDentriesResponse = serde_json::from_slice(&r.body).expect("a page");
            for d in &page.dentries {
                if d.is_folder() {
                    folders.push(d.id.clone());
                }
                found.insert(d.id.clone(), d.clone());
            }
            match page.next() {
                Some(t) => next = Some(t.to_owned()),
                None => break,
            }
        }
    }
    found
}

#[tokio::test]
async fn the_stream_is_every_entry_the_folder_listing_shows_once_by_modified_time() {
    let emu = small();
    let space = emu.space_ids()[0].clone();
    for union_id in [DEMO_ADMIN_UNION_ID, DEMO_MEMBER_UNION_ID] {
        let all = stream(&emu, &space, union_id, "ASC").await;
        let ids: HashSet<&str> = all.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids.len(), all.len(), "each entry once");
        let walked = walk(&emu, &space, union_id).await;
        assert_eq!(
            ids,
            walked.keys().map(String::as_str).collect::<HashSet<_>>(),
            "the same entries as the folder listing shows {union_id}"
        );
        // The same data: each entry as the folder listing gives it (no thumbnail asked).
        for d in &all {
            let mut listed = walked[&d.id].clone();
            listed.thumbnail = None;
            assert_eq!(d, &listed, "{}", d.id);
        }
        assert!(all.iter().any(Dentry::is_folder), "folders included");
        // Descending is the same entries in reverse.
        let desc = stream(&emu, &space, union_id, "DESC").await;
        let rev: Vec<&str> = desc.iter().rev().map(|d| d.id.as_str()).collect();
        assert_eq!(rev, all.iter().map(|d| d.id.as_str()).collect::<Vec<_>>());
    }
    // The member sees less: the admins' folder's contents are left out.
    let admin = stream(&emu, &space, DEMO_ADMIN_UNION_ID, "ASC").await.len();
    let member = stream(&emu, &space, DEMO_MEMBER_UNION_ID, "ASC")
        .await
        .len();
    assert!(member < admin, "{member} < {admin}");
}

#[tokio::test]
async fn bodies_limits_and_refusals_as_documented() {
    let emu = small();
    let token = token(&emu).await;
    let space = emu.space_ids()[1].clone();
    let at = uri(&space, DEMO_ADMIN_UNION_ID);
    // No body, {} and {"option":{}} all read as the first page of 50.
    let first = list_all(&emu, &at, &token, None).await;
    assert_eq!(first.status, 200);
    for body in ["{}", r#"{"option":{}}"#] {
        let r = list_all(&emu, &at, &token, Some(body)).await;
        assert_eq!(r.body, first.body, "{body}");
    }
    let two = list_all(&emu, &at, &token, Some(r#"{"option":{"maxResults":2}}"#)).await;
    let two: ListDentriesResponse = serde_json::from_slice(&two.body).expect("page");
    assert_eq!(two.dentries.len(), 2);
    // Thumbnails only when asked.
    let thumbs = list_all(
        &emu,
        &at,
        &token,
        Some(r#"{"option":{"withThumbnail":true}}"#),
    )
    .await;
    let thumbs: ListDentriesResponse = serde_json::from_slice(&thumbs.body).expect("page");
    let plain: ListDentriesResponse = serde_json::from_slice(&first.body).expect("page");
    assert!(plain.dentries.iter().all(|d| d.thumbnail.is_none()));
    assert_eq!(thumbs.dentries.len(), plain.dentries.len());

    for body in [
        r#"{"option":{"maxResults":51}}"#,
        r#"{"option":{"order":"NEWEST"}}"#,
        r#"{"option":{"nextToken":"forged"}}"#,
        "not json",
    ] {
        list_all(&emu, &at, &token, Some(body))
            .await
            .assert_error(400, "paramError");
    }
    // A token of the other order is not this query's.
    let desc = list_all(&emu, &at, &token, Some(r#"{"option":{"order":"DESC"}}"#)).await;
    let t = desc.json()["nextToken"].as_str().expect("more").to_owned();
    list_all(
        &emu,
        &at,
        &token,
        Some(&format!(r#"{{"option":{{"nextToken":"{t}"}}}}"#)),
    )
    .await
    .assert_error(400, "paramError");
    list_all(&emu, &uri("99999999999", DEMO_ADMIN_UNION_ID), &token, None)
        .await
        .assert_error(404, "spaceNotExist");
    let r = list_all(&emu, &uri(&space, "nobody0"), &token, None).await;
    assert!(r.status.is_client_error(), "an unknown operator is refused");
    let r = list_all(&emu, &at, "not-a-token", None).await;
    assert!(r.status.is_client_error(), "no app token, no answer");
    // A metered call.
    assert_eq!(
        Call::of_path(at.split('?').next().unwrap_or("")),
        Some(Call::ListAllDentries)
    );
    let before = emu.metered_calls();
    list_all(&emu, &at, &token, None).await;
    assert_eq!(emu.metered_calls(), before + 1);
}
