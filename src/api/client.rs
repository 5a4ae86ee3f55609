use super::ApiError;
use dashboard_core::history::{OrgHistory, SpaceHistory, Trends};
use dashboard_core::snapshot::{Review, ReviewStatus};
use dashboard_core::usage::CallUsage;
use dingtalk_wire::{lenient, ListSpacesQuery, ListSpacesResponse, Space};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Page size of the spaces list: DingTalk's maximum, to make as few calls as possible.
pub const SPACES_PAGE: u32 = 50;

/// `/api/config`: what the login needs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientConfig {
    pub corp_id: String,
    pub client_id: String,
    pub demo: bool,
    pub demo_codes: Vec<String>,
}

/// `/api/me`: the logged-in user.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Me {
    pub user_id: String,
    pub name: String,
    pub admin: bool,
    pub expires_at: i64,
}

async fn send(
    req: gloo_net::http::RequestBuilder,
    signal: Option<&web_sys::AbortSignal>,
    body: Option<String>,
) -> Result<(u16, String, Option<String>), ApiError> {
    let req = req.abort_signal(signal);
    let req = match body {
        Some(b) => req.header("content-type", "application/json").body(b),
        None => req.build(),
    }
    .map_err(|e| ApiError::Network(e.to_string()))?;
    let resp = req.send().await.map_err(|e| {
        if signal.is_some_and(|s| s.aborted()) {
            ApiError::Aborted
        } else {
            ApiError::Network(e.to_string())
        }
    })?;
    read(resp, signal).await
}

/// The answer of a call index.html started early (see [`super::early`]), read as [`send`]
/// reads its own. It cannot be aborted; an abort while it is on its way still ends in
/// [`ApiError::Aborted`].
async fn early_answer(
    promise: js_sys::Promise,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(u16, String, Option<String>), ApiError> {
    use wasm_bindgen::JsCast;
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await;
    if signal.is_some_and(|s| s.aborted()) {
        return Err(ApiError::Aborted);
    }
    let resp = answer
        .and_then(|v| v.dyn_into::<web_sys::Response>())
        .map_err(|e| {
            // As gloo-net describes a failed fetch: "TypeError: Failed to fetch".
            let e = js_sys::Error::from(e);
            ApiError::Network(format!(
                "{}: {}",
                String::from(e.name()),
                String::from(e.message())
            ))
        })?;
    read(gloo_net::http::Response::from(resp), signal).await
}

async fn read(
    resp: gloo_net::http::Response,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(u16, String, Option<String>), ApiError> {
    let status = resp.status();
    let request_id = resp.headers().get(dingtalk_wire::REQUEST_ID_HEADER);
    if let Some(calls) = resp
        .headers()
        .get(dingtalk_wire::CALLS_HEADER)
        .as_deref()
        .and_then(CallUsage::from_header)
    {
        ON_CALLS.with(|f| {
            if let Some(f) = f.borrow().as_ref() {
                f(calls);
            }
        });
    }
    let text = resp.text().await.map_err(|e| {
        if signal.is_some_and(|s| s.aborted()) {
            ApiError::Aborted
        } else {
            ApiError::Network(e.to_string())
        }
    })?;
    Ok((status, text, request_id))
}

/// Who is told of the month's calls.
type CallsObserver = Box<dyn Fn(CallUsage)>;

thread_local! {
    static ON_CALLS: std::cell::RefCell<Option<CallsObserver>> =
        const { std::cell::RefCell::new(None) };
}

/// Hands `f` the month's DingTalk calls each time an answer reports them (every answer that
/// cost a metered call does), so they are shown without a request of their own.
pub fn on_calls(f: impl Fn(CallUsage) + 'static) {
    ON_CALLS.with(|slot| *slot.borrow_mut() = Some(Box::new(f)));
}

/// Decodes a success body, or classifies the failure.
pub fn decode<T: DeserializeOwned>(
    status: u16,
    text: &str,
    request_id: Option<String>,
) -> Result<T, ApiError> {
    if !(200..300).contains(&status) {
        return Err(ApiError::from_response(status, text, request_id));
    }
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// GET `url`, decoded as `T`. `signal` aborts it (e.g. when the view is left). If the
/// session has ended and the page is inside DingTalk, logs in again silently through the
/// JSAPI and repeats the request once, so the admin's view is not lost.
pub async fn get_json<T: DeserializeOwned>(
    url: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<T, ApiError> {
    let (status, text, rid) = get_text(url, signal).await?;
    decode(status, &text, rid)
}

/// The request of [`get_json`], apart from its decoding: not generic, so the wasm holds the
/// sending, the early answers and the silent re-login once, not once per answer type.
async fn get_text(
    url: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(u16, String, Option<String>), ApiError> {
    let answer = match super::early::take(url) {
        Some(early) => early_answer(early, signal).await?,
        None => send(gloo_net::http::Request::get(url), signal, None).await?,
    };
    // Only the data calls renew the session: /api/me at start-up leads to the regular login
    // (which asks DingTalk itself), and /api/config is public.
    let (status, text, _) = &answer;
    let lost = *status == 401
        && (url.starts_with("/v1.0/") || url.starts_with(REVIEW_URL))
        && ApiError::from_response(*status, text, None).is_session_lost();
    if lost && reauth::silently().await {
        return send(gloo_net::http::Request::get(url), signal, None).await;
    }
    Ok(answer)
}

/// One silent re-login at a time, however many requests found the session gone.
mod reauth {
    use super::super::jsapi;
    use std::cell::Cell;

    thread_local! {
        static RUNNING: Cell<bool> = const { Cell::new(false) };
        static SUCCEEDED: Cell<bool> = const { Cell::new(false) };
    }

    /// Clears RUNNING however the attempt ends (even if its future is dropped), so a
    /// cancelled attempt cannot leave later ones waiting forever.
    struct Running;
    impl Drop for Running {
        fn drop(&mut self) {
            RUNNING.set(false);
        }
    }

    pub async fn silently() -> bool {
        if !jsapi::in_dingtalk().await {
            return false;
        }
        if RUNNING.get() {
            while RUNNING.get() {
                super::sleep_ms(50).await;
            }
            return SUCCEEDED.get();
        }
        RUNNING.set(true);
        let _running = Running;
        SUCCEEDED.set(false);
        let ok = async {
            let config = super::get_config().await.ok()?;
            let code = jsapi::request_auth_code(&config.corp_id, &config.client_id)
                .await
                .ok()?;
            super::login(&code).await.ok()
        }
        .await
        .is_some();
        SUCCEEDED.set(ok);
        ok
    }
}

pub(super) async fn post_json<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
) -> Result<T, ApiError> {
    send_json(gloo_net::http::Request::post(url), body).await
}

/// PUT `body` to `url` as JSON, the answer decoded as `T` (sent as [`post_json`] sends).
pub(super) async fn put_json<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
) -> Result<T, ApiError> {
    send_json(gloo_net::http::Request::put(url), body).await
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    request: gloo_net::http::RequestBuilder,
    body: &B,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))?;
    let (status, text, rid) = send(request, None, Some(body)).await?;
    decode(status, &text, rid)
}

/// The login's settings, asked without the re-login path (which itself needs them).
pub async fn get_config() -> Result<ClientConfig, ApiError> {
    let (status, text, rid) = send(gloo_net::http::Request::get("/api/config"), None, None).await?;
    decode(status, &text, rid)
}

pub async fn me() -> Result<Me, ApiError> {
    get_json("/api/me", None).await
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoginBody<'a> {
    auth_code: &'a str,
}

pub async fn login(auth_code: &str) -> Result<Me, ApiError> {
    post_json("/api/login", &LoginBody { auth_code }).await
}

pub async fn logout() -> Result<(), ApiError> {
    // 204 has no body: accept any JSON-less success. The body, if any, is skipped unread.
    match post_json::<_, serde::de::IgnoredAny>("/api/logout", &()).await {
        Ok(_) | Err(ApiError::Decode(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// One page of the org spaces. The server pins `unionId` to the logged-in user, so the
/// value sent here is only a placeholder the query builder requires.
pub async fn list_spaces_page(
    token: Option<&str>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<ListSpacesResponse, ApiError> {
    get_json(&spaces_url(token)?, signal).await
}

/// The URL of one page of the org spaces (`None`: the first).
pub fn spaces_url(token: Option<&str>) -> Result<String, ApiError> {
    let query = ListSpacesQuery::org("me", SPACES_PAGE)
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .page(token);
    Ok(format!("/v1.0/drive/spaces?{}", query.to_query()))
}

/// One space, its name and fill (one metered call; the server remembers it a short while),
/// as the Drive list names them. The server pins `unionId` to the logged-in user.
pub async fn get_space(space_id: &str) -> Result<Space, ApiError> {
    let id = String::from(js_sys::encode_uri_component(space_id));
    let url = format!("/v1.0/storage/spaces/{id}?unionId=me");
    get_json::<OneSpace>(&url, None)
        .await
        .map(|r| r.space.into())
}

/// What the header needs of `GET /v1.0/storage/spaces/{spaceId}` (the whole answer is
/// [`dingtalk_wire::GetSpaceResponse`]; decoding only these fields keeps the wasm smaller).
#[derive(Deserialize, Default)]
#[serde(default)]
struct OneSpace {
    space: OneSpaceFields,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct OneSpaceFields {
    #[serde(deserialize_with = "lenient::string_or_null")]
    id: String,
    #[serde(deserialize_with = "lenient::string_or_null")]
    name: String,
    #[serde(deserialize_with = "lenient::opt_i64")]
    quota: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    used_quota: Option<i64>,
}

impl From<OneSpaceFields> for Space {
    fn from(f: OneSpaceFields) -> Self {
        Space {
            space_id: f.id,
            space_name: f.name,
            quota: f.quota,
            used_quota: f.used_quota,
            ..Space::default()
        }
    }
}

/// The quota review: the latest snapshot of the org spaces and what the server says of it
/// (admins only; no DingTalk call).
pub async fn review(signal: Option<&web_sys::AbortSignal>) -> Result<Review, ApiError> {
    get_json(REVIEW_URL, signal).await
}

pub const REVIEW_URL: &str = "/api/review";

/// Each space's growth, forecast and sparkline from the server's history (admins only; no
/// DingTalk call).
pub async fn history() -> Result<Trends, ApiError> {
    get_json(HISTORY_URL, None).await
}

pub const HISTORY_URL: &str = "/api/history";
pub const ORG_HISTORY_URL: &str = "/api/history/org";

/// The organization's storage each day and its trend (admins only; no DingTalk call).
pub async fn org_history() -> Result<OrgHistory, ApiError> {
    get_json(ORG_HISTORY_URL, None).await
}

/// One space's daily points and trend, for its chart (admins only; no DingTalk call).
pub async fn space_history(space_id: &str) -> Result<SpaceHistory, ApiError> {
    let id: String = js_sys::encode_uri_component(space_id).into();
    get_json(&format!("/api/history/spaces/{id}"), None).await
}

/// The snapshot's time and a refresh's progress.
pub async fn review_status() -> Result<ReviewStatus, ApiError> {
    get_json("/api/review/status", None).await
}

/// Asks the server to list every space again (or to join the refresh already running).
pub async fn refresh_review() -> Result<ReviewStatus, ApiError> {
    post_json("/api/review/refresh", &()).await
}

/// Waits `ms` milliseconds (browser timer).
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_classifies() {
        assert_eq!(
            decode::<ClientConfig>(200, r#"{"corpId":"c","demo":true}"#, None).map(|c| c.demo),
            Ok(true)
        );
        assert!(matches!(
            decode::<ClientConfig>(200, "not json", None),
            Err(ApiError::Decode(_))
        ));
        assert!(matches!(
            decode::<ClientConfig>(502, "<html>", None),
            Err(ApiError::BadBody { status: 502, .. })
        ));
    }
}
