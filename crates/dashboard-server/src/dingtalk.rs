//! Calls to DingTalk: the app token, the user behind an auth code, and forwarding the two
//! whitelisted list calls. The token and secret live only here, never in a log line.

use crate::config::Secret;
use crate::error::AppError;
use crate::gateway::Gateway;
use crate::token::TokenCache;
use crate::upstream::{Failure, Upstream};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use dingtalk_wire::auth::{AccessTokenRequest, AccessTokenResponse, UserInfo, UserInfoResponse};
use dingtalk_wire::message::OapiAnswer;
use dingtalk_wire::{Call, ErrorBody, ErrorClass, ACCESS_TOKEN_HEADER, REQUEST_ID_HEADER};
use std::time::{Duration, Instant};

/// Timeout of one upstream call.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);
/// Most DingTalk calls one forwarded request may cost when DingTalk throttles or is busy:
/// this server is the only layer that retries (the app shows the error with a retry button),
/// so a page costs at most this many calls, and the admin decides whether to spend more.
pub const MAX_ATTEMPTS: u32 = 3;
/// No retry is started that would end its wait later than this after the first call.
pub const RETRY_BUDGET: Duration = Duration::from_secs(4);

/// The body of an oapi call: JSON, or a form (as DingTalk documents the login's).
#[derive(Clone, Copy)]
pub enum OapiBody<'a> {
    Json(&'a serde_json::Value),
    Form(&'a [(&'a str, &'a str)]),
}

/// DingTalk's answer to a forwarded call, passed back to the browser as it came.
#[derive(Clone)]
pub struct Forwarded {
    pub status: StatusCode,
    pub content_type: Option<HeaderValue>,
    pub request_id: Option<HeaderValue>,
    /// This month's calls after this one ([`crate::gateway::Gateway::calls_header`]).
    pub calls: Option<HeaderValue>,
    pub body: bytes::Bytes,
}

impl Forwarded {
    /// The error this answer stands for when it is not a success with a JSON body: DingTalk's
    /// own error body when it sent one, otherwise [`Self::unreadable`].
    pub fn error_body(&self) -> (StatusCode, ErrorBody) {
        if !self.status.is_success() {
            let body = std::str::from_utf8(&self.body)
                .ok()
                .and_then(ErrorBody::from_body);
            if let Some(mut body) = body {
                if body.requestid.is_none() {
                    body.requestid = self
                        .request_id
                        .as_ref()
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                }
                return (self.status, body);
            }
        }
        self.unreadable()
    }

    /// The error for a DingTalk answer whose body is not the JSON it should be. Its size and
    /// content type are named and logged, never its text.
    pub fn unreadable(&self) -> (StatusCode, ErrorBody) {
        let f = self;
        let kind = f
            .content_type
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim())
            .filter(|v| !v.is_empty() && v.len() <= 100)
            .unwrap_or("no content type");
        let requestid = f
            .request_id
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        tracing::warn!(
            status = f.status.as_u16(),
            bytes = f.body.len(),
            content_type = kind,
            requestid = requestid.as_deref().unwrap_or(""),
            "upstream answer is not JSON"
        );
        let (status, code, message) = if f.status.is_success() {
            (
                StatusCode::BAD_GATEWAY,
                "upstream.malformed",
                format!(
                    "DingTalk answered HTTP {} but its body ({} bytes, {kind}) is not valid JSON: cut off, or not JSON at all; retry, and report it if it persists",
                    f.status.as_u16(),
                    f.body.len()
                ),
            )
        } else {
            let status = if f.status.is_client_error() || f.status.is_server_error() {
                f.status
            } else {
                StatusCode::BAD_GATEWAY
            };
            (
                status,
                "upstream.unreadable",
                format!(
                    "DingTalk answered HTTP {} with a body that is not its JSON error ({} bytes, {kind}), as its IP-ban and gateway pages look; wait a few minutes and retry",
                    f.status.as_u16(),
                    f.body.len()
                ),
            )
        };
        let mut body = ErrorBody::new(code, &message);
        body.requestid = requestid;
        (status, body)
    }
}

pub struct DingTalk {
    http: reqwest::Client,
    /// The forwarded list calls (see `upstream`): hyper-util's client, with the answer size
    /// cap and the resend of a lost GET.
    proxy: Upstream,
    api_base: String,
    oapi_base: String,
    app_key: String,
    app_secret: Secret,
    tokens: TokenCache,
    /// Every call below passes it: pace, metering, the monthly budget.
    pub gateway: Gateway,
}

fn unreachable_err(what: &str, e: &reqwest::Error) -> AppError {
    // reqwest's Display includes the URL; the oapi URL carries the token, so name only the call.
    no_answer(what, e.is_timeout(), e.is_connect())
}

/// Sends the token or login call `what`: DingTalk's status and whole body, no redirect
/// followed.
async fn send_whole(
    what: &str,
    request: reqwest::RequestBuilder,
) -> Result<(StatusCode, String), AppError> {
    let resp = request
        .send()
        .await
        .map_err(|e| unreachable_err(what, &e))?;
    let status = resp.status();
    if status.is_redirection() {
        return Err(redirected(what, status));
    }
    let text = resp.text().await.map_err(|e| unreachable_err(what, &e))?;
    Ok((status, text))
}

/// DingTalk answered call `what` with a redirect. The token and login calls carry the app
/// secret and the app token: following a redirect would send them wherever it points (plain
/// HTTP, another host), so none is followed. Logged without the target, which can echo the
/// token.
fn redirected(what: &str, status: StatusCode) -> AppError {
    tracing::error!(
        call = what,
        status = status.as_u16(),
        "upstream answered with a redirect, not followed"
    );
    AppError::new(
        StatusCode::BAD_GATEWAY,
        "upstream.redirected",
        format!("DingTalk answered the {what} call with a redirect (HTTP {status}), which this server does not follow; check that DINGTALK_API_BASE and DINGTALK_OAPI_BASE name DingTalk's API hosts themselves (https://api.dingtalk.com, https://oapi.dingtalk.com)"),
    )
}

/// DingTalk did not answer call `what` (in time, when `timeout`): logged without the URL.
fn no_answer(what: &str, timeout: bool, connect: bool) -> AppError {
    let (status, code) = if timeout {
        (StatusCode::GATEWAY_TIMEOUT, "upstream.timeout")
    } else {
        (StatusCode::BAD_GATEWAY, "upstream.unreachable")
    };
    tracing::warn!(call = what, timeout, connect, "upstream call failed");
    AppError::new(status, code, format!("DingTalk did not answer the {what} call; try again shortly, and check the server's network access to DingTalk"))
}

impl DingTalk {
    pub fn new(
        api_base: String,
        oapi_base: String,
        app_key: String,
        app_secret: Secret,
        gateway: Gateway,
    ) -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(CALL_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .pool_max_idle_per_host(256)
            .build()
            .unwrap_or_default();
        let proxy = Upstream::new(crate::upstream::connector(), 256);
        Self {
            http,
            proxy,
            api_base,
            oapi_base,
            app_key,
            app_secret,
            tokens: TokenCache::new(),
            gateway,
        }
    }

    /// The app access token, cached; refreshed by one task at a time.
    pub async fn app_token(&self) -> Result<String, AppError> {
        self.tokens.get(|| self.fetch_app_token()).await
    }

    async fn fetch_app_token(&self) -> Result<(String, i64), AppError> {
        let started = Instant::now();
        let body = AccessTokenRequest {
            app_key: self.app_key.clone(),
            app_secret: self.app_secret.expose().to_owned(),
        };
        let request = self
            .http
            .post(format!("{}/v1.0/oauth2/accessToken", self.api_base))
            .json(&body);
        let admitted = self.gateway.admit(Call::AccessToken).await?;
        let sent = send_whole("accessToken", request).await;
        self.gateway.settle(admitted, None).await;
        let (status, text) = sent?;
        tracing::info!(
            call = "accessToken",
            status = status.as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "upstream"
        );
        if status.is_success() {
            if let Ok(t) = serde_json::from_str::<AccessTokenResponse>(&text) {
                return Ok((t.access_token, t.expire_in));
            }
        }
        let detail = ErrorBody::from_body(&text).map(|e| format!("{}: {}", e.code, e.message));
        tracing::error!(
            call = "accessToken",
            status = status.as_u16(),
            detail = detail.as_deref().unwrap_or("unreadable body"),
            "app token refused"
        );
        Err(AppError::new(
            StatusCode::BAD_GATEWAY,
            "upstream.appToken",
            format!(
                "DingTalk refused the app credentials ({}); check DINGTALK_APP_KEY and DINGTALK_APP_SECRET",
                detail.unwrap_or_else(|| format!("HTTP {status}"))
            ),
        ))
    }

    /// The user behind a JSAPI auth code (`getuserinfo`, its form body as DingTalk documents
    /// it).
    pub async fn user_info(&self, code: &str) -> Result<UserInfo, AppError> {
        let path = "/topapi/v2/user/getuserinfo";
        let (info, _) = self
            .oapi_post::<UserInfoResponse>(Call::UserInfo, path, OapiBody::Form(&[("code", code)]))
            .await?;
        match (info.refusal(), info.result) {
            (None, Some(user)) if !user.unionid.is_empty() => Ok(user),
            (Some(ErrorClass::Auth), _) => Err(AppError::new(
                StatusCode::BAD_GATEWAY,
                "upstream.appToken",
                "DingTalk keeps refusing a fresh app token; check the app's credentials",
            )),
            (Some(ErrorClass::BadRequest), _) => Err(AppError::new(StatusCode::UNAUTHORIZED, "login.invalidCode", "The login code is invalid or was already used; reopen the dashboard from the DingTalk workbench")),
            _ => Err(AppError::new(StatusCode::BAD_GATEWAY, "upstream.userInfo", format!("DingTalk could not identify the user (errcode {}: {})", info.errcode, info.errmsg))),
        }
    }

    /// One oapi call (the login's `getuserinfo`; the alerts' `asyncsend_v2`, `getsendresult`,
    /// `getbyunionid`): a POST of `body` through the gateway, once, after one token refresh if
    /// DingTalk says the token is no longer valid. No retry here: the login shows its error
    /// with a retry, the alerts' outbox decides when to try again, so retries never multiply.
    /// DingTalk's answer (its refusal included) and whether it counts against the monthly
    /// quota; an answer that is not the call's JSON (an IP-ban page, a cut-off body) is an
    /// error.
    pub async fn oapi_post<T: serde::de::DeserializeOwned + OapiAnswer>(
        &self,
        call: Call,
        path: &str,
        body: OapiBody<'_>,
    ) -> Result<(T, bool), AppError> {
        let what = call.name();
        let mut refreshed = false;
        loop {
            let token = self.app_token().await?;
            let started = Instant::now();
            let request = self
                .http
                .post(format!("{}{path}", self.oapi_base))
                .query(&[("access_token", token.as_str())]);
            let request = match body {
                OapiBody::Json(v) => request.json(v),
                OapiBody::Form(fields) => request.form(fields),
            };
            let admitted = self.gateway.admit(call).await?;
            let (status, text) = match send_whole(what, request).await {
                Ok(answer) => answer,
                Err(e) => {
                    self.gateway.settle(admitted, None).await;
                    return Err(e);
                }
            };
            let Ok(answer) = serde_json::from_str::<T>(&text) else {
                self.gateway
                    .settle(admitted, Some(ErrorClass::Unknown))
                    .await;
                tracing::warn!(
                    call = what,
                    status = status.as_u16(),
                    bytes = text.len(),
                    "upstream answer is not the call's JSON"
                );
                // As for the list calls: a success cut off or not JSON is malformed; an error
                // status without the call's JSON is a ban or gateway page.
                let code = if status.is_success() {
                    "upstream.malformed"
                } else {
                    "upstream.unreadable"
                };
                return Err(AppError::new(
                    StatusCode::BAD_GATEWAY,
                    code,
                    format!("DingTalk answered the {what} call (HTTP {}) with a body that is not its JSON ({} bytes): cut off, or a ban or gateway page; try again in a few minutes", status.as_u16(), text.len()),
                ));
            };
            let refusal = answer.refusal();
            self.gateway.settle(admitted, refusal).await;
            tracing::info!(
                call = what,
                status = status.as_u16(),
                errcode = answer.errcode(),
                ms = started.elapsed().as_millis() as u64,
                "upstream"
            );
            if refusal == Some(ErrorClass::Auth) && !refreshed {
                refreshed = true;
                self.tokens.invalidate(&token).await;
                continue;
            }
            return Ok((answer, call.counted(refusal)));
        }
    }

    /// In demo mode: what the emulator says each demo user received (its control endpoint,
    /// `{"users": {userid: [message, ...]}}`; not a DingTalk call).
    pub async fn emulator_messages(&self) -> Result<serde_json::Value, AppError> {
        let failed = || {
            AppError::new(
                StatusCode::BAD_GATEWAY,
                "demo.emulator",
                "The demo's DingTalk emulator did not say what its users received; restart the demo",
            )
        };
        let answer = self
            .http
            .get(format!("{}/_emulator/messages", self.oapi_base))
            .send()
            .await
            .map_err(|_| failed())?;
        answer.json().await.map_err(|_| failed())
    }

    /// One list call (a GET, or `listAll`'s POST with its JSON `body`): its head and whole
    /// body, within [`CALL_TIMEOUT`].
    async fn send_list(
        &self,
        url: &str,
        token: &HeaderValue,
        body: Option<&bytes::Bytes>,
    ) -> Result<(axum::http::response::Parts, bytes::Bytes), AppError> {
        let uri: axum::http::Uri = url.parse().map_err(|_| no_answer("list", false, false))?;
        let json = HeaderValue::from_static("application/json");
        let token_header = (
            axum::http::HeaderName::from_static(ACCESS_TOKEN_HEADER),
            token,
        );
        let with_body = [token_header.clone(), (CONTENT_TYPE, &json)];
        let call = match body {
            None => crate::upstream::Call {
                method: axum::http::Method::GET,
                url: &uri,
                headers: std::slice::from_ref(&token_header),
                body: bytes::Bytes::new(),
            },
            Some(body) => crate::upstream::Call {
                method: axum::http::Method::POST,
                url: &uri,
                headers: &with_body,
                body: body.clone(),
            },
        };
        match tokio::time::timeout(CALL_TIMEOUT, self.proxy.send(&call)).await {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(Failure::TooLarge)) => {
                tracing::warn!(call = "list", "upstream answer over the size limit");
                Err(AppError::new(
                    StatusCode::BAD_GATEWAY,
                    "upstream.tooLarge",
                    format!(
                        "DingTalk's answer to the list call was larger than {} MB, which no page of it should be; try again, and report it if it persists",
                        crate::upstream::MAX_ANSWER_BYTES >> 20
                    ),
                ))
            }
            Ok(Err(failure)) => Err(no_answer("list", false, failure == Failure::Connect)),
            Err(_) => Err(no_answer("list", true, false)),
        }
    }

    /// Forwards `GET {api_base}{path}?{query}` with the app token. DingTalk's answer comes
    /// back as it is, after one token refresh on a refused token, and after retries of a
    /// throttled or busy answer paced by [`ErrorClass::retry_after`] (a later one-second
    /// window each time), at most [`MAX_ATTEMPTS`] calls within [`RETRY_BUDGET`].
    /// (Streaming a success through instead of reading it whole was measured: no faster, and
    /// a stalled body would then hold the browser's request past [`CALL_TIMEOUT`].)
    pub async fn forward_get(&self, path: &str, query: &str) -> Result<Forwarded, AppError> {
        self.forward(path, query, None).await
    }

    /// [`Self::forward_get`] for `listAll`: `POST {api_base}{path}?{query}` with its JSON
    /// `body` (a call that only reads, retried the same way).
    pub async fn forward_post(
        &self,
        path: &str,
        query: &str,
        body: bytes::Bytes,
    ) -> Result<Forwarded, AppError> {
        self.forward(path, query, Some(&body)).await
    }

    async fn forward(
        &self,
        path: &str,
        query: &str,
        body: Option<&bytes::Bytes>,
    ) -> Result<Forwarded, AppError> {
        let url = format!("{}{path}?{query}", self.api_base);
        let first = Instant::now();
        let mut refreshed = false;
        let mut attempts = 0;
        loop {
            let token = self.app_token().await?;
            attempts += 1;
            let (answer, refusal) = self.list_once(&url, path, &token, body).await?;
            if refusal == Some(ErrorClass::Auth) && !refreshed {
                refreshed = true;
                self.tokens.invalidate(&token).await;
                continue;
            }
            let wait = refusal
                .and_then(|r| r.retry_after(attempts - 1))
                .filter(|w| attempts < MAX_ATTEMPTS && first.elapsed() + *w <= RETRY_BUDGET);
            match wait {
                Some(wait) => tokio::time::sleep(wait).await,
                None => return Ok(answer),
            }
        }
    }

    /// One call of [`DingTalk::forward_get`]: DingTalk's answer, and the class of its
    /// refusal when it is an error. Logged with whether DingTalk bills it, never the token.
    async fn list_once(
        &self,
        url: &str,
        path: &str,
        token: &str,
        body: Option<&bytes::Bytes>,
    ) -> Result<(Forwarded, Option<ErrorClass>), AppError> {
        let mut token_header = HeaderValue::from_str(token).map_err(|_| {
            AppError::new(
                StatusCode::BAD_GATEWAY,
                "upstream.appToken",
                "DingTalk gave an app token that cannot be sent in a header",
            )
        })?;
        // Hidden from any debug print of the request.
        token_header.set_sensitive(true);
        let call = Call::of_path(path).ok_or_else(|| {
            AppError::new(
                StatusCode::NOT_FOUND,
                "request.notForwarded",
                "This server calls only the Drive spaces list, a space, its dentries and their flat listing, and the organization's storage",
            )
        })?;
        let admitted = self.gateway.admit(call).await?;
        let started = Instant::now();
        let (head, body) = match self.send_list(url, &token_header, body).await {
            Ok(answer) => answer,
            Err(e) => {
                self.gateway.settle(admitted, None).await;
                return Err(e);
            }
        };
        let status = head.status;
        let error = (!status.is_success())
            .then(|| {
                std::str::from_utf8(&body)
                    .ok()
                    .and_then(ErrorBody::from_body)
            })
            .flatten();
        let request_id = head.headers.get(REQUEST_ID_HEADER).cloned().or_else(|| {
            let id = error.as_ref()?.requestid.as_deref()?;
            HeaderValue::from_str(id).ok()
        });
        let code = error.as_ref().map(|e| e.code.as_str());
        let refusal = (!status.is_success()).then(|| ErrorClass::of(status.as_u16(), code));
        let logged_id = request_id
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let metered = call.counted(refusal);
        let calls = self.gateway.calls_header(&admitted);
        self.gateway.settle(admitted, refusal).await;
        tracing::info!(call = %path, status = status.as_u16(), code = code.unwrap_or(""), requestid = logged_id, metered, ms = started.elapsed().as_millis() as u64, "upstream");
        let answer = Forwarded {
            status,
            content_type: head.headers.get(CONTENT_TYPE).cloned(),
            request_id,
            calls,
            body,
        };
        Ok((answer, refusal))
    }
}
