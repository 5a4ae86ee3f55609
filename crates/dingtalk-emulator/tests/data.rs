//! The generated data: quota cases, file variety, tree shape, determinism, speed.

mod common;

use common::{dentries_uri, get, shared, token};
use dingtalk_emulator::{Config, Emulator, DEMO_ADMIN_UNION_ID};
use dingtalk_wire::{Dentry, DentryStatus, DentryType, Quota, StorageDriver};
use std::collections::HashSet;
use std::time::Instant;

#[test]
fn default_spaces_cover_every_quota_case() {
    let spaces = shared().spaces();
    assert!(spaces.len() >= 120);
    let has = |f: &dyn Fn(i64, i64) -> bool| {
        spaces
            .iter()
            .any(|s| f(s.quota.expect("quota"), s.used_quota.expect("used")))
    };
    assert!(has(&|q, _| q == -1), "unlimited");
    assert!(has(&|q, u| q > 0 && u == 0), "empty");
    assert!(has(&|q, u| q > 0 && u == q), "exactly full");
    assert!(has(&|q, u| q > 0 && u > q), "over quota");
    assert!(has(&|q, u| q == 0 && u == 0), "quota 0");
    for pm in [799, 800, 805, 949, 950, 955] {
        assert!(has(&|q, u| q > 0 && u * 1000 == q * pm), "{pm} per mille");
    }
    assert!(
        has(&|q, _| q > 1 << 40 && q % (1 << 30) != 0),
        "odd quota above 2^40"
    );
    for s in &spaces {
        assert_ne!(s.quota_kind(), Quota::Unknown, "{}", s.space_name);
        let q = s.quota.unwrap_or(0);
        assert!(
            q == -1 || q == 0 || (1 << 30..=16 << 40).contains(&q),
            "{q}"
        );
        for t in [&s.create_time, &s.modify_time] {
            assert!(t.as_ref().and_then(|t| t.epoch_ms()).is_some());
        }
        assert!(
            s.create_time.as_ref().and_then(|t| t.epoch_ms())
                <= s.modify_time.as_ref().and_then(|t| t.epoch_ms())
        );
    }
    let raws: Vec<&str> = spaces
        .iter()
        .filter_map(|s| s.create_time.as_ref())
        .map(|t| t.raw())
        .collect();
    assert!(raws.iter().any(|r| r.len() == "2024-03-01T08:30:00Z".len()));
    assert!(raws.iter().any(|r| r.len() == "2024-03-01T08:30Z".len()));
}

#[test]
fn space_names_look_like_a_chinese_company() {
    let spaces = shared().spaces();
    let names: Vec<&str> = spaces.iter().map(|s| s.space_name.as_str()).collect();
    assert_eq!(names[0], "全员共享盘");
    for n in [
        "研发中心",
        "市场部-华东区",
        "2024 年度财报",
        "Design Assets",
        "Sales APAC",
        "🎉 年会筹备",
    ] {
        assert!(names.contains(&n), "{n}");
    }
    assert!(names.iter().any(|n| n.chars().count() > 40), "a long name");
    let unique: HashSet<&&str> = names.iter().collect();
    assert_eq!(unique.len(), names.len());
}

#[test]
fn many_spaces_are_generated_quickly_and_trees_lazily() {
    let start = Instant::now();
    let emu = Emulator::new(Config {
        spaces: 5000,
        ..common::unpaced()
    });
    let took = start.elapsed();
    assert_eq!(emu.space_ids().len(), 5000);
    let unique: HashSet<String> = emu.space_ids().into_iter().collect();
    assert_eq!(unique.len(), 5000);
    eprintln!("5000 spaces generated in {took:?}");
    // Generous for debug builds; release takes a few milliseconds.
    assert!(took.as_millis() < 1000, "{took:?}");
    let empty = Emulator::new(Config {
        spaces: 0,
        ..common::unpaced()
    });
    assert!(empty.space_ids().is_empty());
    assert!(empty.children(&empty.big_folder().0, "0").is_none());
}

#[test]
fn big_folder_has_the_configured_size() {
    let emu = shared();
    let (space, big) = emu.big_folder();
    assert_eq!(space, emu.space_ids()[0]);
    let start = Instant::now();
    let entries = emu.children(&space, &big).expect("big folder");
    eprintln!("first space generated in {:?}", start.elapsed());
    assert_eq!(entries.len(), 10_000);
    let names: HashSet<&str> = entries.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names.len(), 10_000, "names are unique within a folder");
    let root = emu.children(&space, "0").expect("root");
    assert!(root.iter().any(|d| d.id == big && d.name == "历史照片归档"));

    let small = Emulator::new(Config {
        big_folder_entries: 123,
        spaces: 1,
        ..common::unpaced()
    });
    let (space, big) = small.big_folder();
    assert_eq!(small.children(&space, &big).map(|c| c.len()), Some(123));
}

/// Every dentry of a space, walking the tree through the library.
fn walk(emu: &Emulator, space: &str, parent: &str, depth: u32, out: &mut Vec<(u32, Dentry)>) {
    for d in emu.children(space, parent).expect("folder") {
        if d.is_folder() {
            walk(emu, space, &d.id, depth + 1, out);
        }
        out.push((depth, d));
    }
}

#[test]
fn the_first_space_has_every_kind_of_entry() {
    let emu = shared();
    let space = emu.space_ids()[0].clone();
    let root = emu.children(&space, "0").expect("root");
    let ext: HashSet<&str> = root.iter().filter_map(|d| d.extension.as_deref()).collect();
    for e in [
        "jpg", "jpeg", "png", "gif", "bmp", "webp", "heic", "doc", "docx", "xls", "xlsx", "ppt",
        "pptx", "wps", "et", "dps", "pdf", "txt", "md", "csv", "log", "json", "mp4", "mov", "mp3",
        "wav", "zip", "rar", "7z", "py", "adoc", "axls", "apk", "exe", "dmg", "qzx9",
    ] {
        assert!(ext.contains(e), "{e}");
    }
    let files = || root.iter().filter(|d| d.kind == Some(DentryType::File));
    assert!(
        files().any(|d| d.extension.is_none()),
        "a file without extension"
    );
    assert!(root
        .iter()
        .any(|d| d.kind == Some(DentryType::Unknown("SHORTCUT".into()))));
    assert!(root.iter().any(|d| d.status == Some(DentryStatus::Deleted)));
    assert!(root.iter().any(|d| d.status == Some(DentryStatus::Expired)));
    assert!(files().any(|d| d.read_only()));
    assert!(root.iter().any(|d| d.is_folder() && d.read_only()));
    assert!(files().any(|d| d.size == Some(0)));
    assert!(
        files().any(|d| d.size.unwrap_or(0) > 40 << 30),
        "tens of GB"
    );
    assert!(
        root.iter().any(|d| d.name.chars().count() > 80),
        "a very long name"
    );
    assert!(root.iter().any(|d| d.name.starts_with('🎉')));
    assert!(root
        .iter()
        .filter(|d| matches!(d.extension.as_deref(), Some("adoc" | "axls")))
        .all(|d| d.storage_driver == Some(StorageDriver::AliDoc)));
    assert!(root.iter().any(|d| !d.app_properties.is_empty()));
    assert!(root.len() <= 60, "{}", root.len());
}

#[tokio::test]
async fn dentries_carry_every_field_and_app_properties_as_a_map() {
    let emu = shared();
    let t = token(emu).await;
    let space = emu.space_ids()[0].clone();
    let r = get(
        emu,
        &dentries_uri(&space, &[("parentId", "0"), ("orderBy", "NAME")]),
        Some(&t),
    )
    .await;
    let v = r.json();
    let list = v["dentries"].as_array().expect("dentries");
    assert_eq!(list.len(), 50);
    for d in list {
        for field in [
            "id",
            "spaceId",
            "parentId",
            "type",
            "name",
            "path",
            "version",
            "status",
            "creatorId",
            "modifierId",
            "createTime",
            "modifiedTime",
            "properties",
            "uuid",
            "partitionType",
            "storageDriver",
        ] {
            assert!(d.get(field).is_some(), "{field} missing in {d}");
        }
        if let Some(p) = d.get("appProperties") {
            assert!(p.is_object(), "map form: {p}");
        }
    }
    // Unknown values pass through untouched.
    let all = emu.children(&space, "0").expect("root");
    let shortcut = all
        .iter()
        .find(|d| d.kind == Some(DentryType::Unknown("SHORTCUT".into())))
        .expect("shortcut");
    let json = serde_json::to_value(shortcut).expect("json");
    assert_eq!(json["type"], "SHORTCUT");
}

#[test]
fn trees_are_nested_two_to_four_levels_with_consistent_paths() {
    let emu = shared();
    let ids = emu.space_ids();
    let spaces = emu.spaces();
    let mut checked = 0;
    for (space, meta) in ids.iter().zip(&spaces).skip(1).take(30) {
        let mut all = Vec::new();
        walk(emu, space, "0", 1, &mut all);
        if meta.used_quota == Some(0) {
            assert!(all.is_empty(), "an empty space has no files");
            continue;
        }
        checked += 1;
        let depth = all
            .iter()
            .filter(|(_, d)| d.is_folder())
            .map(|(l, _)| *l)
            .max()
            .unwrap_or(0);
        assert!((1..=4).contains(&depth), "{depth} levels of folders");
        assert!(all.iter().map(|(l, _)| *l).max() >= Some(2), "nested");
        let by_id: std::collections::HashMap<&str, &Dentry> =
            all.iter().map(|(_, d)| (d.id.as_str(), d)).collect();
        assert_eq!(by_id.len(), all.len(), "ids unique");
        for (_, d) in &all {
            assert_eq!(&d.space_id, space);
            let parent_path = match by_id.get(d.parent_id.as_str()) {
                Some(p) => p.path.clone().expect("path"),
                None => {
                    assert_eq!(d.parent_id, "0");
                    String::new()
                }
            };
            assert_eq!(
                d.path.as_deref(),
                Some(format!("{parent_path}/{}", d.name).as_str())
            );
            if d.is_folder() {
                let n = emu.children(space, &d.id).expect("folder").len();
                assert!((3..=60).contains(&n), "{n} entries in {}", d.name);
                assert!(d.size.unwrap_or(0) == 0);
            }
            let (c, m) = (
                d.create_time.as_ref().and_then(|t| t.epoch_ms()),
                d.modified_time.as_ref().and_then(|t| t.epoch_ms()),
            );
            assert!(c.is_some() && c <= m, "{c:?} {m:?}");
        }
    }
    assert!(checked >= 20, "{checked}");
}

async fn snapshot(emu: &Emulator) -> String {
    let t = token(emu).await;
    let mut out = String::new();
    let spaces =
        format!("/v1.0/drive/spaces?unionId={DEMO_ADMIN_UNION_ID}&spaceType=org&maxResults=50");
    out.push_str(&String::from_utf8_lossy(
        &get(emu, &spaces, Some(&t)).await.body,
    ));
    for space in emu.space_ids().iter().take(5) {
        let r = get(
            emu,
            &dentries_uri(space, &[("parentId", "0"), ("orderBy", "NAME")]),
            Some(&t),
        )
        .await;
        out.push_str(&String::from_utf8_lossy(&r.body));
    }
    out
}

#[tokio::test]
async fn same_seed_same_json_other_seed_other_data() {
    let a = snapshot(&Emulator::new(common::unpaced())).await;
    let b = snapshot(&Emulator::new(common::unpaced())).await;
    assert_eq!(a, b);
    let c = snapshot(&Emulator::new(Config {
        seed: 7,
        ..common::unpaced()
    }))
    .await;
    assert_ne!(a, c);
    let other = Emulator::new(Config {
        seed: 7,
        ..common::unpaced()
    });
    assert_eq!(
        other.big_folder(),
        shared().big_folder(),
        "fixed ids whatever the seed"
    );
    assert_eq!(other.space_ids()[0], shared().space_ids()[0]);
}
