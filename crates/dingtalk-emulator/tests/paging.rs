//! Every item exactly once over all pages, in the requested order, for every sort.

mod common;

use common::{dentries_uri, get, shared, token};
use dingtalk_emulator::Emulator;
use dingtalk_wire::{Dentry, ListDentriesResponse, ListSpacesResponse, Order, OrderBy};
use std::cmp::Ordering;
use std::collections::HashSet;

#[derive(Debug, PartialEq, PartialOrd)]
enum Key {
    Num(i64),
    Text(String),
}

fn key(d: &Dentry, by: OrderBy) -> Key {
    let ms = |t: &Option<dingtalk_wire::IsoTime>| {
        t.as_ref()
            .and_then(|t| t.epoch_ms())
            .expect("parsable time")
    };
    match by {
        OrderBy::Name => Key::Text(d.name.clone()),
        OrderBy::Size => Key::Num(d.size.unwrap_or(0)),
        OrderBy::ModifiedTime => Key::Num(ms(&d.modified_time)),
        OrderBy::CreateTime => Key::Num(ms(&d.create_time)),
    }
}

/// Pages through a folder; asserts the order within and across pages.
async fn walk(
    emu: &Emulator,
    space: &str,
    parent: &str,
    by: OrderBy,
    order: Order,
    max: u32,
) -> Vec<String> {
    let token = token(emu).await;
    let mut next: Option<String> = None;
    let mut all: Vec<Dentry> = Vec::new();
    loop {
        let max_s = max.to_string();
        let mut params = vec![
            ("parentId", parent),
            ("maxResults", max_s.as_str()),
            ("orderBy", by.as_str()),
            ("order", order.as_str()),
        ];
        if let Some(t) = &next {
            params.push(("nextToken", t.as_str()));
        }
        let r = get(emu, &dentries_uri(space, &params), Some(&token)).await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let page: ListDentriesResponse = serde_json::from_slice(&r.body).expect("page");
        assert!(page.dentries.len() <= max as usize);
        assert!(
            !page.dentries.is_empty() || all.is_empty(),
            "empty page before the end"
        );
        all.extend(page.dentries.iter().cloned());
        match page.next() {
            Some(t) => next = Some(t.to_owned()),
            None => break,
        }
    }
    for w in all.windows(2) {
        let (a, b) = ((key(&w[0], by), &w[0].id), (key(&w[1], by), &w[1].id));
        let expected = if order == Order::Asc {
            Ordering::Less
        } else {
            Ordering::Greater
        };
        assert_eq!(
            a.partial_cmp(&b),
            Some(expected),
            "{by:?} {order:?}: {a:?} then {b:?}"
        );
    }
    all.into_iter().map(|d| d.id).collect()
}

async fn check_folder(emu: &Emulator, space: &str, parent: &str, sizes: &[u32]) {
    let expected: HashSet<String> = emu
        .children(space, parent)
        .expect("folder")
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert!(!expected.is_empty());
    for &max in sizes {
        for by in OrderBy::ALL {
            for order in [Order::Asc, Order::Desc] {
                let ids = walk(emu, space, parent, by, order, max).await;
                let unique: HashSet<String> = ids.iter().cloned().collect();
                assert_eq!(
                    unique.len(),
                    ids.len(),
                    "duplicates {by:?} {order:?} max {max}"
                );
                assert_eq!(unique, expected, "{by:?} {order:?} max {max}");
            }
        }
    }
}

#[tokio::test]
async fn root_and_a_subfolder_page_exactly_once_in_every_order() {
    let emu = shared();
    let space = &emu.space_ids()[0];
    check_folder(emu, space, "0", &[1, 7, 50]).await;
    let sub = emu
        .children(space, "0")
        .expect("root")
        .into_iter()
        .find(|d| d.name == "项目资料")
        .expect("项目资料");
    check_folder(emu, space, &sub.id, &[1, 7, 50]).await;
}

#[tokio::test]
async fn folders_of_other_spaces_page_exactly_once() {
    let emu = shared();
    let ids = emu.space_ids();
    let (empty, filled): (Vec<&String>, Vec<&String>) = ids
        .iter()
        .skip(1)
        .take(40)
        .partition(|s| emu.children(s, "0").is_some_and(|c| c.is_empty()));
    for space in filled.iter().take(6) {
        check_folder(emu, space, "0", &[7]).await;
    }
    // An empty space answers one empty page without nextToken.
    let space = empty.first().expect("an empty space");
    let t = token(emu).await;
    let r = get(emu, &dentries_uri(space, &[("parentId", "0")]), Some(&t)).await;
    assert_eq!(r.json(), serde_json::json!({"dentries": []}));
}

#[tokio::test]
async fn big_folder_pages_exactly_once_in_every_order() {
    let emu = shared();
    let (space, folder) = emu.big_folder();
    let n = emu.config().big_folder_entries;
    for by in OrderBy::ALL {
        for order in [Order::Asc, Order::Desc] {
            let ids = walk(emu, &space, &folder, by, order, 50).await;
            let unique: HashSet<&String> = ids.iter().collect();
            assert_eq!(ids.len(), n, "{by:?} {order:?}");
            assert_eq!(unique.len(), n, "{by:?} {order:?}");
        }
    }
}

#[tokio::test]
async fn default_page_size_is_50() {
    let emu = shared();
    let (space, folder) = emu.big_folder();
    let token = token(emu).await;
    let r = get(
        emu,
        &dentries_uri(&space, &[("parentId", &folder)]),
        Some(&token),
    )
    .await;
    let page: ListDentriesResponse = serde_json::from_slice(&r.body).expect("page");
    assert_eq!(page.dentries.len(), 50);
    assert!(page.next().is_some());
}

async fn walk_spaces(emu: &Emulator, union_id: &str, max: u32) -> Vec<String> {
    let token = token(emu).await;
    let mut next: Option<String> = None;
    let mut ids = Vec::new();
    loop {
        let mut uri =
            format!("/v1.0/drive/spaces?unionId={union_id}&spaceType=org&maxResults={max}");
        if let Some(t) = &next {
            uri.push_str(&format!("&nextToken={}", dingtalk_wire::query::encode(t)));
        }
        let r = get(emu, &uri, Some(&token)).await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let page: ListSpacesResponse = serde_json::from_slice(&r.body).expect("page");
        assert!(page.spaces.len() <= max as usize);
        ids.extend(page.spaces.iter().map(|s| s.space_id.clone()));
        match page.next() {
            Some(t) => next = Some(t.to_owned()),
            None => break,
        }
        assert!(r.json().get("nextToken").is_some());
    }
    ids
}

#[tokio::test]
async fn spaces_page_exactly_once_in_a_stable_order() {
    let emu = shared();
    let expected = emu.space_ids();
    assert!(
        expected.windows(2).all(|w| w[0] < w[1]),
        "listed by spaceId"
    );
    for max in [1, 7, 50] {
        for user in [
            dingtalk_emulator::DEMO_ADMIN_UNION_ID,
            dingtalk_emulator::DEMO_MEMBER_UNION_ID,
        ] {
            assert_eq!(walk_spaces(emu, user, max).await, expected, "max {max}");
        }
    }
}

#[tokio::test]
async fn last_page_omits_next_token() {
    let emu = shared();
    let token = token(emu).await;
    let n = emu.space_ids().len();
    let r = get(
        emu,
        &format!(
            "/v1.0/drive/spaces?unionId={}&spaceType=org&maxResults=50",
            dingtalk_emulator::DEMO_ADMIN_UNION_ID
        ),
        Some(&token),
    )
    .await;
    assert!(r.json().get("nextToken").is_some());
    let ids = walk_spaces(emu, dingtalk_emulator::DEMO_ADMIN_UNION_ID, 50).await;
    assert_eq!(ids.len(), n);
    // A folder that fits one page has no nextToken at all.
    let space = &emu.space_ids()[0];
    let (_, restricted) = emu.restricted_folder();
    let small = emu
        .children(space, "0")
        .expect("root")
        .into_iter()
        .filter(|d| d.is_folder() && d.id != restricted)
        .find(|d| emu.children(space, &d.id).is_some_and(|c| c.len() <= 50))
        .expect("a small folder");
    let r = get(
        emu,
        &dentries_uri(space, &[("parentId", &small.id)]),
        Some(&token),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(r.json().get("nextToken").is_none(), "{}", r.json());
}
