//! Thumbnails: only on request, only for the right types, and the URLs serve real PNGs.

mod common;

use common::{dentries_uri, get, shared, token};
use dingtalk_wire::{Dentry, DentryStatus, DentryType, ListDentriesResponse};

const THUMBNAILED: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "bmp", "webp", "heic", "doc", "docx", "xls", "xlsx", "ppt",
    "pptx", "wps", "et", "dps", "pdf", "txt", "md", "csv", "log", "json",
];

fn expects_thumbnail(d: &Dentry) -> bool {
    d.kind == Some(DentryType::File)
        && d.status == Some(DentryStatus::Normal)
        && d.extension
            .as_deref()
            .is_some_and(|e| THUMBNAILED.contains(&e.to_ascii_lowercase().as_str()))
}

async fn root_page(with: Option<&str>) -> Vec<Dentry> {
    let emu = shared();
    let t = token(emu).await;
    let space = emu.space_ids()[0].clone();
    let mut p = vec![("parentId", "0"), ("maxResults", "50"), ("orderBy", "NAME")];
    if let Some(w) = with {
        p.push(("withThumbnail", w));
    }
    let mut all = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let mut p = p.clone();
        if let Some(n) = &next {
            p.push(("nextToken", n));
        }
        let r = get(emu, &dentries_uri(&space, &p), Some(&t)).await;
        assert_eq!(r.status, 200);
        let page: ListDentriesResponse = serde_json::from_slice(&r.body).expect("page");
        all.extend(page.dentries.clone());
        match page.next() {
            Some(n) => next = Some(n.to_owned()),
            None => return all,
        }
    }
}

#[tokio::test]
async fn no_thumbnails_unless_asked() {
    for with in [None, Some("false")] {
        let all = root_page(with).await;
        assert!(all.len() > 40);
        assert!(all.iter().all(|d| d.thumbnail.is_none()));
    }
}

#[tokio::test]
async fn thumbnails_only_for_images_office_pdf_and_text() {
    let all = root_page(Some("true")).await;
    let (mut with, mut without) = (0, 0);
    for d in &all {
        assert_eq!(
            d.thumbnail.is_some(),
            expects_thumbnail(d),
            "{} ({:?})",
            d.name,
            d.status
        );
        if d.thumbnail.is_some() {
            with += 1;
        } else if d.kind == Some(DentryType::File) {
            without += 1;
        }
    }
    assert!(with >= THUMBNAILED.len(), "{with}");
    assert!(without >= 15, "videos, archives, apps... {without}");
}

fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[tokio::test]
async fn thumbnail_urls_serve_pngs_of_the_declared_size() {
    let emu = shared();
    let all = root_page(Some("true")).await;
    let mut shapes = std::collections::HashSet::new();
    for d in all.iter().filter(|d| d.thumbnail.is_some()) {
        let th = d.thumbnail.as_ref().expect("thumbnail");
        let prefix = "http://emu.test:9100/thumbnails/";
        assert!(th.url.starts_with(prefix), "{}", th.url);
        assert!(th.url.contains("expires="), "{}", th.url);
        let path = &th.url["http://emu.test:9100".len()..];
        let r = get(emu, path, None).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.headers["content-type"], "image/png");
        let (w, h) = png_size(&r.body);
        assert_eq!(
            (Some(w as i64), Some(h as i64)),
            (th.width, th.height),
            "{path}"
        );
        shapes.insert((w, h));
    }
    assert_eq!(
        shapes.len(),
        3,
        "landscape, portrait and square: {shapes:?}"
    );
}

#[tokio::test]
async fn unknown_or_unthumbnailable_dentries_have_no_thumbnail_url() {
    let emu = shared();
    let space = emu.space_ids()[0].clone();
    let video = emu
        .children(&space, "0")
        .expect("root")
        .into_iter()
        .find(|d| d.extension.as_deref() == Some("mp4"))
        .expect("a video");
    for path in [
        format!("/thumbnails/{space}/424242.png"),
        format!("/thumbnails/{space}/{}.png", video.id),
        format!("/thumbnails/999/{}.png", video.id),
        format!("/thumbnails/{space}/{}", video.id),
        "/thumbnails/x".to_owned(),
    ] {
        let r = get(emu, &path, None).await;
        assert_eq!(r.status, 404, "{path}");
    }
}
