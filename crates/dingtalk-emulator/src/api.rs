//! The Drive/Storage calls (the spaces, a space, a folder's entries, a space's whole stream,
//! the organization's storage), the thumbnails their URLs point at, and the error answers in
//! DingTalk's shape.

use crate::auth::{user_by_union, DemoUser};
use crate::paging::{decode_token, dentry_key, encode_token, parse_key, select, Key};
use crate::rng::hash64;
use crate::tree::{Access, Tree};
use crate::{names, png, Emulator};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use dingtalk_wire::{
    Dentry, DentryStatus, DentryType, ErrorBody, ErrorCode, GetSpaceResponse, ListAllRequest,
    ListDentriesQuery, ListDentriesResponse, ListSpacesQuery, ListSpacesResponse, Order, OrderBy,
    QueryError, SpaceType, StorageSpace, Thumbnail, ACCESS_TOKEN_HEADER, REQUEST_ID_HEADER,
    ROOT_DENTRY_ID,
};
use serde::Serialize;
use std::time::{SystemTime, UNIX_EPOCH};

/// A JSON answer carrying `request_id` in the `x-acs-request-id` header, as DingTalk does.
pub(crate) fn respond<T: Serialize>(status: StatusCode, body: &T, request_id: &str) -> Response {
    let json = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    let mut resp = (status, [(header::CONTENT_TYPE, "application/json")], json).into_response();
    if let Ok(v) = HeaderValue::from_str(request_id) {
        resp.headers_mut().insert(REQUEST_ID_HEADER, v);
    }
    resp
}

pub(crate) fn json_ok<T: Serialize>(emu: &Emulator, body: &T) -> Response {
    respond(StatusCode::OK, body, &emu.request_id())
}

/// `{"code", "message", "requestid"}` with a fresh request id. The code also rides in the
/// answer's extensions, so the request log can tell which answers DingTalk would bill.
pub(crate) fn error(
    emu: &Emulator,
    status: StatusCode,
    code: ErrorCode,
    message: &str,
) -> Response {
    let id = emu.request_id();
    let mut body = ErrorBody::new(code.as_str(), message);
    body.requestid = Some(id.clone());
    let mut resp = respond(status, &body, &id);
    resp.extensions_mut().insert(code);
    resp
}

pub(crate) async fn not_found(State(emu): State<Emulator>) -> Response {
    let msg = "Specified api is not found, please check your url and method.";
    error(&emu, StatusCode::NOT_FOUND, ErrorCode::ActionNotFound, msg)
}

/// The token check every api.dingtalk.com call makes first: the refusal, if any.
fn auth_refusal(emu: &Emulator, headers: &HeaderMap) -> Option<Response> {
    let token = headers
        .get(ACCESS_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !token.is_empty() && emu.tokens().is_valid(token) {
        None
    } else {
        let msg = "不合法的access_token";
        Some(error(
            emu,
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidAuthentication,
            msg,
        ))
    }
}

/// `GET /v1.0/drive/spaces`
pub(crate) async fn list_spaces(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Some(resp) = auth_refusal(&emu, &headers) {
        return resp;
    }
    let bad = |msg: &str| {
        error(
            &emu,
            StatusCode::BAD_REQUEST,
            ErrorCode::ParamErrorDotted,
            msg,
        )
    };
    let q = match ListSpacesQuery::parse(uri.query().unwrap_or("")) {
        Ok(q) => q,
        Err(QueryError::TooLarge(_)) => {
            let msg = "Too Large MaxResults";
            return error(
                &emu,
                StatusCode::BAD_REQUEST,
                ErrorCode::MaxResultsTooLarge,
                msg,
            );
        }
        Err(e) => return bad(&format!("Invalid Param: {e}")),
    };
    if user_by_union(&q.union_id).is_none() {
        return bad("Invalid Param: unionId is not a user of this organization");
    }
    if q.space_type != SpaceType::Org {
        return json_ok(&emu, &ListSpacesResponse::default());
    }
    let fingerprint = hash64(&[
        b"spaces",
        q.union_id.as_bytes(),
        q.space_type.as_str().as_bytes(),
    ]);
    let secret = emu.paging_secret();
    let cursor = match &q.next_token {
        None => None,
        Some(t) => match decode_token(secret, fingerprint, t) {
            Some(c) => Some(c),
            None => return bad("Invalid Param: invalid nextToken"),
        },
    };
    let spaces = &emu.world().spaces;
    let all: Vec<usize> = (0..spaces.len()).collect();
    // Listed by spaceId alone; the key is a constant.
    let key_of = |i: usize| (Key::Num(0), spaces[i].space_id.as_str());
    let after = cursor.as_ref().map(|(_, id)| (Key::Num(0), id.as_str()));
    let (page, more) = select(
        &all,
        key_of,
        dingtalk_wire::Order::Asc,
        after,
        q.max_results as usize,
    );
    let next_token = match page.last() {
        Some(&last) if more => Some(encode_token(
            secret,
            fingerprint,
            "0",
            &spaces[last].space_id,
        )),
        _ => None,
    };
    let body = ListSpacesResponse {
        spaces: page.iter().map(|&i| emu.space(i)).collect(),
        next_token,
    };
    json_ok(&emu, &body)
}

/// The index and id of the space the path names, or DingTalk's 404 for it.
fn known_space(
    emu: &Emulator,
    path: Result<Path<String>, PathRejection>,
) -> Result<(usize, String), Box<Response>> {
    let space_id = path.map(|Path(p)| p).unwrap_or_default();
    match emu.world().space_index(&space_id) {
        Some(i) => Ok((i, space_id)),
        None => {
            let msg = format!("space {space_id} does not exist");
            let refused = error(emu, StatusCode::NOT_FOUND, ErrorCode::SpaceNotExist, &msg);
            Err(Box::new(refused))
        }
    }
}

/// The operator a storage call names by `unionId`, after the token: refused as DingTalk does
/// when either is missing or not of this organization.
fn operator(
    emu: &Emulator,
    headers: &HeaderMap,
    uri: &Uri,
) -> Result<&'static crate::auth::DemoUser, Box<Response>> {
    if let Some(resp) = auth_refusal(emu, headers) {
        return Err(Box::new(resp));
    }
    let params = dingtalk_wire::query::Params::parse(uri.query().unwrap_or(""));
    user_by_union(params.get("unionId").unwrap_or("")).ok_or_else(|| {
        let msg = "unionId is missing or not a user of this organization";
        Box::new(error(
            emu,
            StatusCode::BAD_REQUEST,
            ErrorCode::ParamError,
            msg,
        ))
    })
}

/// `GET /v1.0/storage/spaces/{spaceId}?unionId=`: one space with its quota and use, in the
/// storage API's field names.
pub(crate) async fn get_space(
    State(emu): State<Emulator>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Err(refused) = operator(&emu, &headers, &uri) {
        return *refused;
    }
    let space = match known_space(&emu, path) {
        Ok((i, _)) => emu.space(i),
        Err(refused) => return *refused,
    };
    let body = GetSpaceResponse {
        space: StorageSpace {
            id: space.space_id.clone(),
            corp_id: crate::DEMO_CORP_ID.to_owned(),
            name: space.space_name,
            quota: space.quota,
            used_quota: space.used_quota,
            status: Some("NORMAL".into()),
            create_time: space.create_time,
            modified_time: space.modify_time,
        },
    };
    json_ok(&emu, &body)
}

/// `GET /v1.0/storage/orgs/{corpId}?unionId=`: the organization's storage in one public
/// partition: used is the sum of its spaces' use, the maximum twice what the limited spaces
/// are allotted (rounded up to a TiB), reserved what they are allotted and have not used.
/// Only an org admin may read it (403 `permissionDenied` for anyone else, as DingTalk).
pub(crate) async fn org_storage(
    State(emu): State<Emulator>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let user = match operator(&emu, &headers, &uri) {
        Ok(user) => user,
        Err(refused) => return *refused,
    };
    let corp = path.map(|Path(p)| p).unwrap_or_default();
    if corp != crate::DEMO_CORP_ID {
        let msg = format!("corpId {corp} is not this organization");
        return error(&emu, StatusCode::BAD_REQUEST, ErrorCode::ParamError, &msg);
    }
    if !user.is_admin() {
        let msg = "the operator may not read the organization's storage";
        return error(
            &emu,
            StatusCode::FORBIDDEN,
            ErrorCode::PermissionDenied,
            msg,
        );
    }
    let f = crate::history::org_figures(emu.world().spaces.iter().map(|s| {
        let s = emu.space(emu.world().space_index(&s.space_id).unwrap_or(0));
        (s.used_quota.unwrap_or(0), s.quota.unwrap_or(0))
    }));
    let body = dingtalk_wire::GetOrgResponse {
        org: dingtalk_wire::OrgStorage {
            corp_id: corp,
            partitions: vec![dingtalk_wire::Partition {
                partition_type: Some("PUBLIC_OSS_PARTITION".into()),
                quota: dingtalk_wire::PartitionQuota {
                    used: Some(f.used),
                    max: Some(f.max),
                    reserved: (f.reserved > 0).then_some(f.reserved),
                    kind: Some("PRIVATE".into()),
                },
            }],
        },
    };
    json_ok(&emu, &body)
}

/// `POST /_emulator/spaces/{spaceId}/used` with `{"usedQuota": bytes}`: sets the space's use
/// ([`Emulator::set_used`]), so the demo can cross a threshold on demand.
pub(crate) async fn control_used(
    State(emu): State<Emulator>,
    Path(space_id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let used = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["usedQuota"].as_i64());
    match used {
        Some(used) if emu.set_used(&space_id, used) => StatusCode::NO_CONTENT.into_response(),
        Some(_) => (StatusCode::NOT_FOUND, "no such space").into_response(),
        None => (StatusCode::BAD_REQUEST, "send {\"usedQuota\": bytes}").into_response(),
    }
}

/// `GET /v1.0/storage/spaces/{spaceId}/dentries`
pub(crate) async fn list_dentries(
    State(emu): State<Emulator>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Some(resp) = auth_refusal(&emu, &headers) {
        return resp;
    }
    let bad = |msg: &str| error(&emu, StatusCode::BAD_REQUEST, ErrorCode::ParamError, msg);
    let q = match ListDentriesQuery::parse(uri.query().unwrap_or("")) {
        Ok(q) => q,
        Err(e) => return bad(&e.to_string()),
    };
    let Some(user) = user_by_union(&q.union_id) else {
        return bad("unionId is not a user of this organization");
    };
    let (tree, space_id) = match space_tree(&emu, path) {
        Ok(found) => found,
        Err(refused) => return *refused,
    };
    if let Some(resp) = parent_refusal(&emu, &tree, &q.parent_id, user) {
        return resp;
    }

    let fingerprint = hash64(&[
        b"dentries",
        space_id.as_bytes(),
        q.parent_id.as_bytes(),
        q.order_by.as_str().as_bytes(),
        q.order.as_str().as_bytes(),
        q.union_id.as_bytes(),
    ]);
    let sorted = tree.sorted_children(&q.parent_id, q.order_by);
    let ask = PageAsk {
        fingerprint,
        by: q.order_by,
        order: q.order,
        next_token: q.next_token.as_deref(),
        max_results: q.max_results as usize,
        with_thumbnail: q.with_thumbnail,
    };
    dentries_page(&emu, &tree, &sorted, &ask, &request_host(&headers, &uri))
}

/// `POST /v1.0/storage/spaces/{spaceId}/dentries/listAll?unionId=`: every entry of the space
/// the operator may see, files and folders, by modified time (ASC by default), at most 50 a
/// page, each the same dentry the folder listing gives. The body may be absent, `{}`,
/// `{"option":{}}` or a full option (see [`ListAllRequest::parse`]).
pub(crate) async fn list_all(
    State(emu): State<Emulator>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
    body: axum::body::Bytes,
) -> Response {
    let user = match operator(&emu, &headers, &uri) {
        Ok(user) => user,
        Err(refused) => return *refused,
    };
    let bad = |msg: &str| error(&emu, StatusCode::BAD_REQUEST, ErrorCode::ParamError, msg);
    let page = match ListAllRequest::parse(&body) {
        Ok(p) => p,
        Err(e) => return bad(&e),
    };
    let (tree, space_id) = match space_tree(&emu, path) {
        Ok(found) => found,
        Err(refused) => return *refused,
    };
    let fingerprint = hash64(&[
        b"listAll",
        space_id.as_bytes(),
        page.order.as_str().as_bytes(),
        user.unionid.as_bytes(),
    ]);
    let sorted = tree.all_by_modified(user.is_admin());
    let ask = PageAsk {
        fingerprint,
        by: OrderBy::ModifiedTime,
        order: page.order,
        next_token: page.next_token.as_deref(),
        max_results: page.max_results as usize,
        with_thumbnail: page.with_thumbnail,
    };
    dentries_page(&emu, &tree, &sorted, &ask, &request_host(&headers, &uri))
}

/// The space's tree, or DingTalk's 404 `spaceNotExist`.
fn space_tree(
    emu: &Emulator,
    path: Result<Path<String>, PathRejection>,
) -> Result<(std::sync::Arc<Tree>, String), Box<Response>> {
    let (i, id) = known_space(emu, path)?;
    match emu.world().tree(i) {
        Some(tree) => Ok((tree, id)),
        None => Err(Box::new(error(
            emu,
            StatusCode::NOT_FOUND,
            ErrorCode::SpaceNotExist,
            &id,
        ))),
    }
}

/// What one page of dentries is asked with.
struct PageAsk<'a> {
    /// The query the page's token belongs to (everything but the page size).
    fingerprint: u64,
    by: OrderBy,
    order: Order,
    next_token: Option<&'a str>,
    max_results: usize,
    with_thumbnail: bool,
}

/// One page of `sorted` (ascending by `ask.by`, then id) after `ask.next_token`: the folder
/// listing's and `listAll`'s paging, keyset tokens and thumbnails, one way.
fn dentries_page(
    emu: &Emulator,
    tree: &Tree,
    sorted: &[usize],
    ask: &PageAsk<'_>,
    host: &str,
) -> Response {
    let bad = || {
        error(
            emu,
            StatusCode::BAD_REQUEST,
            ErrorCode::ParamError,
            "invalid nextToken",
        )
    };
    let secret = emu.paging_secret();
    let cursor = match ask.next_token {
        None => None,
        Some(t) => match decode_token(secret, ask.fingerprint, t) {
            Some(c) => Some(c),
            None => return bad(),
        },
    };
    let after = match &cursor {
        None => None,
        Some((key, id)) => match parse_key(ask.by, key) {
            Some(k) => Some((k, id.as_str())),
            None => return bad(),
        },
    };
    let nodes = &tree.nodes;
    let key_of = |i: usize| (dentry_key(&nodes[i], ask.by), nodes[i].dentry.id.as_str());
    let (page, more) = select(sorted, key_of, ask.order, after, ask.max_results);
    let next_token = match page.last() {
        Some(&last) if more => {
            let (key, id) = key_of(last);
            Some(encode_token(secret, ask.fingerprint, &key.to_text(), id))
        }
        _ => None,
    };
    let dentries = page
        .iter()
        .map(|&i| {
            let mut d = nodes[i].dentry.clone();
            if ask.with_thumbnail && has_thumbnail(&d) {
                d.thumbnail = Some(thumbnail_for(host, &d));
            }
            d
        })
        .collect();
    json_ok(
        emu,
        &ListDentriesResponse {
            dentries,
            next_token,
        },
    )
}

/// The parent must be the root or a folder of this space the operator may read:
/// the refusal, if any.
fn parent_refusal(
    emu: &Emulator,
    tree: &Tree,
    parent_id: &str,
    user: &DemoUser,
) -> Option<Response> {
    if parent_id == ROOT_DENTRY_ID {
        return None;
    }
    let node = match tree.get(parent_id) {
        Some(n) if n.dentry.kind == Some(DentryType::Folder) => n,
        _ => {
            let msg = format!("dentry {parent_id} does not exist or is not a folder");
            return Some(error(
                emu,
                StatusCode::NOT_FOUND,
                ErrorCode::DentryNotExist,
                &msg,
            ));
        }
    };
    let allowed = match node.access {
        Access::Everyone => true,
        Access::AdminOnly => user.is_admin(),
        Access::Nobody => false,
    };
    if allowed {
        None
    } else {
        let msg = format!("no permission to list folder {parent_id}");
        Some(error(
            emu,
            StatusCode::FORBIDDEN,
            ErrorCode::PermissionDenied,
            &msg,
        ))
    }
}

/// DingTalk renders thumbnails for images, Office/WPS, PDF and text files only.
pub fn has_thumbnail(d: &Dentry) -> bool {
    d.kind == Some(DentryType::File)
        && d.status == Some(DentryStatus::Normal)
        && d.extension
            .as_deref()
            .and_then(names::kind_of)
            .is_some_and(|k| k.thumbnail)
}

/// Landscape, portrait or square, fixed per dentry.
fn thumbnail_size(dentry_id: &str) -> (u32, u32) {
    match hash64(&[b"thumb", dentry_id.as_bytes()]) % 3 {
        0 => (320, 240),
        1 => (240, 320),
        _ => (256, 256),
    }
}

fn thumbnail_for(host: &str, d: &Dentry) -> Thumbnail {
    let (w, h) = thumbnail_size(&d.id);
    let expires = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |t| t.as_secs())
        + 3600;
    Thumbnail {
        width: Some(w.into()),
        height: Some(h.into()),
        url: format!(
            "http://{host}/thumbnails/{}/{}.png?expires={expires}",
            d.space_id, d.id
        ),
    }
}

/// The `Host` the client used, so thumbnail URLs point back at this emulator. Anything
/// that does not look like a host name is ignored.
fn request_host(headers: &HeaderMap, uri: &Uri) -> String {
    let ok = |h: &&str| {
        !h.is_empty()
            && h.len() <= 255
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b))
    };
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(ok)
        .or_else(|| uri.authority().map(|a| a.as_str()).filter(ok))
        .unwrap_or("localhost")
        .to_owned()
}

/// `GET /thumbnails/{spaceId}/{dentryId}.png`: pre-signed like DingTalk's, so no token.
pub(crate) async fn thumbnail(
    State(emu): State<Emulator>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Response {
    let found = path.ok().and_then(|Path((space_id, file))| {
        let id = file.strip_suffix(".png")?.to_owned();
        let world = emu.world();
        let tree = world.tree(world.space_index(&space_id)?)?;
        tree.get(&id)
            .filter(|n| has_thumbnail(&n.dentry))
            .map(|_| id)
    });
    let Some(id) = found else {
        return error(
            &emu,
            StatusCode::NOT_FOUND,
            ErrorCode::DentryNotExist,
            "thumbnail not found",
        );
    };
    let (w, h) = thumbnail_size(&id);
    let c = hash64(&[b"colour", id.as_bytes()]).to_le_bytes();
    let base = [64 + c[0] % 128, 64 + c[1] % 128, 64 + c[2] % 128];
    let image = png::encode(w, h, |x, y| {
        let shade = (y * 48 / h) as u8 + if (x + y) / 24 % 2 == 0 { 12 } else { 0 };
        base.map(|v| v.saturating_add(shade))
    });
    let headers = [
        (header::CONTENT_TYPE, "image/png"),
        (header::CACHE_CONTROL, "private, max-age=3600"),
    ];
    (StatusCode::OK, headers, image).into_response()
}
