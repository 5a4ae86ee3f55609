//! The login calls: the app access token (api.dingtalk.com) and the user behind an auth
//! code (oapi.dingtalk.com, which answers errors with HTTP 200 and an `errcode`).

use crate::api::{error, json_ok};
use crate::oapi::{self, OapiRequest};
use crate::rng::{hash64, mix};
use crate::Emulator;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use dingtalk_wire::auth::{
    errcode, AccessTokenRequest, AccessTokenResponse, UserInfo, UserInfoResponse,
};
use dingtalk_wire::message::{self, GetByUnionIdRequest, GetByUnionIdResponse, UnionIdUser};
use dingtalk_wire::ErrorCode;
use std::time::{Duration, Instant};

/// A demo account: logging in with `code` yields this user.
#[derive(Debug, Clone, Copy)]
pub struct DemoUser {
    pub code: &'static str,
    pub userid: &'static str,
    pub unionid: &'static str,
    pub name: &'static str,
    pub sys: bool,
    pub sys_level: i64,
}

pub const USERS: [DemoUser; 2] = [
    DemoUser {
        code: crate::DEMO_ADMIN_CODE,
        userid: "manager4512",
        unionid: crate::DEMO_ADMIN_UNION_ID,
        name: "王芳",
        sys: true,
        sys_level: 1,
    },
    DemoUser {
        code: crate::DEMO_MEMBER_CODE,
        userid: "user0203",
        unionid: crate::DEMO_MEMBER_UNION_ID,
        name: "李雷",
        sys: false,
        sys_level: 0,
    },
];

impl DemoUser {
    pub fn is_admin(&self) -> bool {
        self.sys
    }

    fn info(&self) -> UserInfo {
        UserInfo {
            userid: self.userid.into(),
            unionid: self.unionid.into(),
            name: self.name.into(),
            sys: self.sys,
            sys_level: Some(self.sys_level),
        }
    }
}

pub fn user_by_union(unionid: &str) -> Option<&'static DemoUser> {
    USERS.iter().find(|u| u.unionid == unionid)
}

/// The app token currently issued. DingTalk hands out the same token until it expires.
#[derive(Default)]
pub struct Tokens {
    issued: u64,
    current: Option<(String, Instant)>,
}

impl Tokens {
    pub fn is_valid(&self, token: &str) -> bool {
        matches!(&self.current, Some((t, exp)) if t == token && Instant::now() < *exp)
    }

    pub fn expire_all(&mut self) {
        self.current = None;
    }

    /// The valid token and its remaining seconds, issuing a new one when needed.
    fn get_or_issue(&mut self, seed: u64, ttl_secs: i64) -> (String, i64) {
        let now = Instant::now();
        if let Some((token, exp)) = &self.current {
            if now < *exp {
                let left = exp.saturating_duration_since(now);
                let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
                return (token.clone(), (secs as i64).min(ttl_secs));
            }
        }
        self.issued += 1;
        let h = hash64(&[b"token", &seed.to_le_bytes(), &self.issued.to_le_bytes()]);
        let token = format!("{:016x}{:016x}", h, mix(h ^ 0x5DEE_CE66_D1CE_4E5B));
        let ttl = ttl_secs.max(0);
        let exp = now
            .checked_add(Duration::from_secs(ttl as u64))
            .or_else(|| now.checked_add(Duration::from_secs(1 << 32)))
            .unwrap_or(now);
        self.current = Some((token.clone(), exp));
        (token, ttl)
    }
}

/// `POST /v1.0/oauth2/accessToken`
pub(crate) async fn access_token(State(emu): State<Emulator>, body: Bytes) -> Response {
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let field = |name: &str| value.get(name).and_then(|v| v.as_str()).unwrap_or("");
    if field("appKey").is_empty() {
        return error(
            &emu,
            StatusCode::BAD_REQUEST,
            ErrorCode::MissingAppKey,
            "appKey is mandatory for this action.",
        );
    }
    if field("appSecret").is_empty() {
        return error(
            &emu,
            StatusCode::BAD_REQUEST,
            ErrorCode::MissingAppSecret,
            "appSecret is mandatory for this action.",
        );
    }
    let req = AccessTokenRequest {
        app_key: field("appKey").to_owned(),
        app_secret: field("appSecret").to_owned(),
    };
    let config = emu.config();
    if req.app_key != config.app_key || req.app_secret != config.app_secret {
        return error(
            &emu,
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidClientIdOrSecret,
            "无效的clientId或者clientSecret",
        );
    }
    let (access_token, expire_in) = emu
        .tokens()
        .get_or_issue(config.seed, config.token_ttl_secs);
    json_ok(
        &emu,
        &AccessTokenResponse {
            access_token,
            expire_in,
        },
    )
}

/// `POST /topapi/v2/user/getuserinfo?access_token=...` with `code=...` (or JSON).
pub(crate) async fn user_info(
    State(emu): State<Emulator>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = emu.request_id();
    let reply = |errcode: i64, errmsg: &str, result: Option<UserInfo>| {
        let body = UserInfoResponse {
            errcode,
            errmsg: errmsg.to_owned(),
            result,
            request_id: Some(request_id.clone()),
        };
        oapi::reply(errcode, &body, &request_id)
    };
    if !oapi::token_is_valid(&emu, &uri) {
        return reply(errcode::TOKEN_INVALID, "invalid access_token", None);
    }
    let fields = oapi::fields(&headers, &body).unwrap_or_default();
    match fields.get("code").and_then(|c| c.as_str()) {
        None | Some("") => reply(errcode::CODE_MISSING, "缺少参数 code", None),
        Some(code) => match USERS.iter().find(|u| u.code == code) {
            Some(user) => reply(errcode::OK, "ok", Some(user.info())),
            None => reply(errcode::CODE_UNKNOWN, "不存在的临时授权码", None),
        },
    }
}

/// `POST /topapi/user/getbyunionid?access_token=...` with `unionid` (JSON or form): the
/// userid of a demo user, consistent with what the login answers for the same person. Every
/// demo user is an employee (`contact_type` 0).
pub(crate) async fn user_by_union_id(
    State(emu): State<Emulator>,
    OapiRequest(request): OapiRequest<GetByUnionIdRequest>,
) -> Response {
    let unionid = request.unionid.trim();
    if unionid.is_empty() {
        let msg = "unionid is missing: give the user's unionId (lowercase key `unionid`)";
        return oapi::refused(&emu, message::errcode::BAD_PARAM, msg);
    }
    let Some(user) = user_by_union(unionid) else {
        let msg = "找不到该用户: no employee of this organization has this unionId";
        return oapi::refused(&emu, message::errcode::NO_SUCH_EMPLOYEE, msg);
    };
    let request_id = emu.request_id();
    let body = GetByUnionIdResponse {
        errcode: errcode::OK,
        errmsg: "ok".into(),
        result: Some(UnionIdUser {
            contact_type: Some(message::CONTACT_EMPLOYEE),
            userid: user.userid.into(),
        }),
        request_id: Some(request_id.clone()),
    };
    oapi::reply(errcode::OK, &body, &request_id)
}

/// The demo user with this userid.
pub fn user_by_userid(userid: &str) -> Option<&'static DemoUser> {
    USERS.iter().find(|u| u.userid == userid)
}
