//! A local stand-in for api.dingtalk.com and oapi.dingtalk.com: the login calls, Drive
//! spaces and storage dentries, work notifications and the unionId look-up, with
//! deterministic demo data of a Chinese company.
//!
//! The dashboard server runs it in-process in demo mode and in its tests; the
//! `dingtalk-emulator` binary serves it on its own.

mod api;
mod auth;
mod data;
pub mod faults;
pub mod history;
pub mod hostile;
mod messages;
mod metering;
mod names;
mod oapi;
mod paging;
mod png;
mod rng;
mod tree;

pub use auth::{DemoUser, USERS as DEMO_USERS};
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use dingtalk_wire::auth::errcode::ORG_QUOTA_SPENT;
use dingtalk_wire::message::oapi_refusal;
use dingtalk_wire::query::Params;
use dingtalk_wire::{
    Call, Dentry, ErrorClass, ErrorCode, Space, ACCESS_TOKEN_HEADER, ROOT_DENTRY_ID,
};
pub use messages::ReceivedMessage;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Auth code that logs in the demo org admin (reusable, unlike DingTalk's).
pub const DEMO_ADMIN_CODE: &str = "demo-admin";
/// Auth code that logs in the demo ordinary member.
pub const DEMO_MEMBER_CODE: &str = "demo-member";
/// unionId of the demo admin (userid `manager4512`, 王芳, sys true, sys_level 1).
pub const DEMO_ADMIN_UNION_ID: &str = "demoAdminUnion01";
/// The CorpId of the emulated organization.
pub const DEMO_CORP_ID: &str = "dingdemo0000corp";
/// unionId of the demo member (userid `user0203`, 李雷, sys false, sys_level 0).
pub const DEMO_MEMBER_UNION_ID: &str = "demoMemberUnion02";
/// The AgentId of the emulated app: work notifications must name it.
pub const DEMO_AGENT_ID: i64 = 3_190_000_001;

#[derive(Debug, Clone)]
pub struct Config {
    /// Seed of all generated data (same seed, same data).
    pub seed: u64,
    /// Number of org spaces (0 is allowed).
    pub spaces: usize,
    /// Entries of the big folder "历史照片归档" in the first space (at most 1,000,000).
    pub big_folder_entries: usize,
    pub app_key: String,
    pub app_secret: String,
    /// Validity of issued app tokens.
    pub token_ttl_secs: i64,
    /// Calls a second each list API serves before refusing as DingTalk does (0: no limit).
    pub qps_per_api: u32,
    /// Metered calls served before every further one is refused as over the organization's
    /// monthly quota (`None`: no quota).
    pub monthly_quota: Option<u64>,
    /// The app's AgentId; sends and results naming another are refused (errcode 40056).
    pub agent_id: i64,
    /// Messages delivered to one user a day; past it a send still succeeds but delivers
    /// nothing (DingTalk's 500 for an internal app).
    pub messages_per_user_per_day: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            seed: 42,
            spaces: 120,
            big_folder_entries: 10_000,
            app_key: "demo-app-key".into(),
            app_secret: "demo-app-secret".into(),
            token_ttl_secs: 7200,
            qps_per_api: dingtalk_wire::CALLS_PER_SECOND_PER_API,
            monthly_quota: None,
            agent_id: DEMO_AGENT_ID,
            messages_per_user_per_day: dingtalk_wire::message::MESSAGES_PER_USER_PER_DAY,
        }
    }
}

/// One request as it reached the emulator (refused ones included).
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// Raw, undecoded query string ("" when absent).
    pub query: String,
    /// The `x-acs-dingtalk-access-token` header, else the `access_token` query parameter.
    pub access_token: Option<String>,
    /// When it arrived (to check a client's pace).
    pub at: std::time::Instant,
}

/// Most requests the log holds; older ones are dropped in halves.
const LOG_CAP: usize = 100_000;

/// The emulator: data, issued tokens and the request log. Clones share all of it.
#[derive(Clone)]
pub struct Emulator {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    world: data::World,
    tokens: Mutex<auth::Tokens>,
    log: Mutex<Vec<RecordedRequest>>,
    faults: Mutex<Vec<faults::Fault>>,
    /// DuplicateItem fault: the item to repeat at the start of the page after each token.
    carried: Mutex<std::collections::HashMap<String, serde_json::Value>>,
    /// Hostile fault: the next corpus entry to hand out.
    hostile_next: AtomicU64,
    request_ids: AtomicU64,
    /// DingTalk's per-second and monthly limits, and the answers by API.
    meter: Mutex<metering::Meter>,
    /// Work notifications sent, and what each user received.
    outbox: Mutex<messages::Outbox>,
    /// Spaces whose use was changed since the data was generated ([`Emulator::set_used`]).
    used: Mutex<std::collections::HashMap<String, i64>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Emulator {
    /// Generates the spaces; folder trees are generated when first listed.
    pub fn new(config: Config) -> Self {
        let world = data::World::new(config.seed, config.spaces, config.big_folder_entries);
        Self {
            inner: Arc::new(Inner {
                config,
                world,
                tokens: Mutex::default(),
                log: Mutex::default(),
                faults: Mutex::default(),
                carried: Mutex::default(),
                hostile_next: AtomicU64::new(0),
                request_ids: AtomicU64::new(0),
                meter: Mutex::default(),
                outbox: Mutex::default(),
                used: Mutex::default(),
            }),
        }
    }

    /// Every route, with request recording.
    pub fn router(&self) -> Router {
        let nf = api::not_found;
        Router::new()
            .route(
                "/v1.0/oauth2/accessToken",
                post(auth::access_token).fallback(nf),
            )
            .route(
                "/topapi/v2/user/getuserinfo",
                post(auth::user_info).fallback(nf),
            )
            .route(
                "/topapi/user/getbyunionid",
                post(auth::user_by_union_id)
                    .fallback(nf)
                    .layer(middleware::from_fn_with_state(
                        self.clone(),
                        faults::inject_oapi_faults,
                    )),
            )
            .route(
                "/topapi/message/corpconversation/asyncsend_v2",
                post(messages::async_send)
                    .fallback(nf)
                    .layer(middleware::from_fn_with_state(
                        self.clone(),
                        faults::inject_oapi_faults,
                    )),
            )
            .route(
                "/topapi/message/corpconversation/getsendresult",
                post(messages::send_result)
                    .fallback(nf)
                    .layer(middleware::from_fn_with_state(
                        self.clone(),
                        faults::inject_oapi_faults,
                    )),
            )
            .route(
                "/v1.0/drive/spaces",
                get(api::list_spaces)
                    .fallback(nf)
                    .layer(middleware::from_fn_with_state(
                        self.clone(),
                        faults::inject_faults,
                    )),
            )
            .route(
                "/v1.0/storage/spaces/{space_id}",
                get(api::get_space).fallback(nf),
            )
            .route(
                "/v1.0/storage/orgs/{corp_id}",
                get(api::org_storage).fallback(nf),
            )
            .route(
                "/v1.0/storage/spaces/{space_id}/dentries",
                get(api::list_dentries)
                    .fallback(nf)
                    .layer(middleware::from_fn_with_state(
                        self.clone(),
                        faults::inject_faults,
                    )),
            )
            .route(
                "/v1.0/storage/spaces/{space_id}/dentries/listAll",
                post(api::list_all)
                    .fallback(nf)
                    .layer(middleware::from_fn_with_state(
                        self.clone(),
                        faults::inject_faults,
                    )),
            )
            .route(
                "/_emulator/faults",
                post(faults::control_add)
                    .get(faults::control_list)
                    .delete(faults::control_clear),
            )
            .route("/_emulator/calls", get(metering::control_calls))
            .route("/_emulator/messages", get(messages::control_messages))
            .route("/_emulator/messages/read", post(messages::control_read))
            .route("/_emulator/spaces/{space_id}/used", post(api::control_used))
            .route(
                "/thumbnails/{space_id}/{file}",
                get(api::thumbnail).fallback(nf),
            )
            .fallback(nf)
            .layer(middleware::from_fn_with_state(self.clone(), record))
            .with_state(self.clone())
    }

    /// Every request that reached the emulator, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.inner.log).clone()
    }

    /// Forgets the request log and the metered count.
    pub fn clear_requests(&self) {
        lock(&self.inner.log).clear();
        metering::clear(self);
    }

    /// Answers since the last [`Emulator::clear_requests`] that DingTalk would count against
    /// the organization's monthly quota ([`Call::counted`]).
    pub fn metered_calls(&self) -> u64 {
        metering::billed_since_clear(self)
    }

    /// Invalidates every issued app token; the next accessToken call issues a new one.
    pub fn expire_tokens(&self) {
        self.tokens().expire_all();
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The org spaces in listing order (by spaceId).
    pub fn spaces(&self) -> Vec<Space> {
        self.world().spaces.clone()
    }

    pub fn space_ids(&self) -> Vec<String> {
        self.world()
            .spaces
            .iter()
            .map(|s| s.space_id.clone())
            .collect()
    }

    /// (spaceId, dentryId) of "历史照片归档" at the root of the first space, holding
    /// `big_folder_entries` entries. With `spaces: 0` neither exists.
    pub fn big_folder(&self) -> (String, String) {
        (data::space_id(0), data::dentry_id(0, tree::BIG_FOLDER))
    }

    /// (spaceId, dentryId) of "董事会纪要（仅限董事）" at the root of the first space:
    /// listing it is refused with 403 permissionDenied for both demo users.
    pub fn restricted_folder(&self) -> (String, String) {
        (data::space_id(0), data::dentry_id(0, tree::RESTRICTED))
    }

    /// (spaceId, dentryId) of "人事档案（仅管理员）" at the root of the first space: the
    /// demo admin may list it, the demo member gets 403 permissionDenied.
    pub fn admin_only_folder(&self) -> (String, String) {
        (data::space_id(0), data::dentry_id(0, tree::ADMIN_ONLY))
    }

    /// The entries of a folder (or of the root, [`ROOT_DENTRY_ID`]), unsorted and without thumbnails; `None` for
    /// an unknown space or a parent that is not a folder. Permissions are not checked.
    pub fn children(&self, space_id: &str, parent_id: &str) -> Option<Vec<Dentry>> {
        let world = self.world();
        let tree = world.tree(world.space_index(space_id)?)?;
        if parent_id != ROOT_DENTRY_ID && !tree.get(parent_id)?.dentry.is_folder() {
            return None;
        }
        Some(
            tree.children(parent_id)
                .iter()
                .map(|&i| tree.nodes[i].dentry.clone())
                .collect(),
        )
    }

    /// Every space's use and quota on each of the last `days` days, from the demo's model of
    /// how they came to be as they are today ([`history`]).
    pub fn usage_history(&self, days: i64) -> Vec<history::DayUse> {
        history::history(self.world(), days)
    }

    /// The spaces the history's stories are about.
    pub fn designated(&self) -> history::Designated {
        history::Designated::of(self.world())
    }

    /// Sets the bytes space `space_id` uses, as if files were added to it or removed (its
    /// folder listing stays as generated): the spaces, the space and the organization's
    /// storage say so from now on. False for an unknown space.
    pub fn set_used(&self, space_id: &str, used: i64) -> bool {
        if self.world().space_index(space_id).is_none() {
            return false;
        }
        lock(&self.inner.used).insert(space_id.to_owned(), used.max(0));
        true
    }

    /// Space `i` as it is now: as generated, with its use as last set.
    pub(crate) fn space(&self, i: usize) -> dingtalk_wire::Space {
        let mut space = self.world().spaces[i].clone();
        if let Some(used) = lock(&self.inner.used).get(&space.space_id) {
            space.used_quota = Some(*used);
        }
        space
    }

    pub(crate) fn world(&self) -> &data::World {
        &self.inner.world
    }

    pub(crate) fn tokens(&self) -> MutexGuard<'_, auth::Tokens> {
        lock(&self.inner.tokens)
    }

    /// Keys nextTokens to the seed: tokens survive a restart with the same data only.
    pub(crate) fn paging_secret(&self) -> u64 {
        rng::hash64(&[b"paging", &self.inner.config.seed.to_le_bytes()])
    }

    /// A fresh request id in DingTalk's UUID-like form.
    pub(crate) fn request_id(&self) -> String {
        let n = self.inner.request_ids.fetch_add(1, Ordering::Relaxed);
        let a = rng::hash64(&[
            b"request",
            &self.inner.config.seed.to_le_bytes(),
            &n.to_le_bytes(),
        ]);
        let b = rng::mix(a);
        format!(
            "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }
}

/// Logs every request before it is answered; tokens are kept in memory only, never traced.
async fn record(State(emu): State<Emulator>, req: Request, next: Next) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or("").to_owned();
    let access_token = req
        .headers()
        .get(ACCESS_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| Params::parse(&query).get("access_token").map(str::to_owned));
    {
        let mut log = lock(&emu.inner.log);
        // A long demo or load run must not grow memory without bound: keep the newest.
        if log.len() >= LOG_CAP {
            log.drain(..LOG_CAP / 2);
        }
        log.push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query,
            access_token,
            at: std::time::Instant::now(),
        });
    }
    let call = Call::of_path(&path);
    let resp = match call.and_then(|c| metering::refusal(&emu, c)) {
        Some(refused) => refused,
        None => next.run(req).await,
    };
    let status = resp.status().as_u16();
    if let Some(call) = call {
        let code = resp.extensions().get::<ErrorCode>().map(ErrorCode::as_str);
        // oapi calls refuse with HTTP 200 and an errcode.
        let errcode = resp.extensions().get::<oapi::Errcode>().map(|c| c.0);
        let refusal = match errcode {
            Some(errcode) => oapi_refusal(errcode),
            None => (status >= 400).then(|| ErrorClass::of(status, code)),
        };
        // Past the monthly quota nothing more is billed.
        let over_quota = code == Some(ErrorCode::ApiCountLimitForOrg.as_str())
            || errcode == Some(ORG_QUOTA_SPENT);
        let billed = call.counted(refusal) && !over_quota;
        metering::served(&emu, call, refusal.is_none(), billed);
    }
    tracing::info!(%method, %path, status, "request");
    resp
}

/// Serves the emulator on `addr` (port 0 picks a free port) in a background task and
/// returns the bound address.
pub async fn spawn(
    emulator: Emulator,
    addr: SocketAddr,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    // A backlog above the default 128, so a load test's burst of connections (the server's
    // upstream pool filling) is not met with dropped handshakes.
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    // Not on Windows, where SO_REUSEADDR lets another process bind the same port.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    let listener = socket.listen(4096)?;
    let bound = listener.local_addr()?;
    let app = emulator.router();
    let handle = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "dingtalk emulator stopped");
        }
    });
    Ok((bound, handle))
}
