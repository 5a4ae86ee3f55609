//! DingTalk's limits on the calls it serves, as DingTalk applies them: 20 calls a second per
//! app and API (`--qps-per-api`, 403 `Forbidden.AccessDenied.QpsLimitForAppkeyAndApi` past it,
//! not counted), and, when set, the organization's monthly quota of metered calls
//! (`--monthly-quota`, 403 `Forbidden.AccessDenied.ApiCountLimitForOrg` past it). The oapi
//! calls answer the same refusals with HTTP 200 and errcode 90018 or 90020. Also the
//! count of what was served, by API, for tests and the bench (`GET /_emulator/calls`).

use crate::{api, lock, oapi, Emulator};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use dingtalk_wire::auth::errcode;
use dingtalk_wire::{Call, ErrorCode};
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// What the limits have seen: arrivals of the last second per API, the metered calls of the
/// emulator's "month" (its lifetime), and answers by API.
#[derive(Default)]
pub(crate) struct Meter {
    arrivals: HashMap<Call, VecDeque<Instant>>,
    billed: u64,
    /// `billed` when the request log was last cleared (tests count from there).
    billed_at_clear: u64,
    served: HashMap<&'static str, u64>,
    throttled: u64,
}

/// Whether the emulator holds `call` to DingTalk's calls a second: the metered calls and the
/// contacts look-up. The login calls are not held: DingTalk limits them too, but a client
/// makes one per login or token, far below the ceiling.
fn is_paced(call: Call) -> bool {
    call.is_metered() || call == Call::UserByUnionId
}

/// The refusal DingTalk would answer `call` with now, if any; otherwise the call is taken.
pub(crate) fn refusal(emu: &Emulator, call: Call) -> Option<Response> {
    let config = emu.config();
    if !is_paced(call) {
        return None;
    }
    let mut meter = lock(&emu.inner.meter);
    if config.qps_per_api > 0 {
        let now = Instant::now();
        let window = meter.arrivals.entry(call).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            window.pop_front();
        }
        if window.len() >= config.qps_per_api as usize {
            meter.throttled += 1;
            drop(meter);
            return Some(if call.is_oapi() {
                let msg = "api调用频率超过限制: too many calls a second for this app and API";
                oapi::refused(emu, errcode::THROTTLED[0], msg)
            } else {
                api::error(
                    emu,
                    StatusCode::FORBIDDEN,
                    ErrorCode::QpsLimitForAppkeyAndApi,
                    "Too many requests per second for this app and API",
                )
            });
        }
        window.push_back(now);
    }
    let spent = call.is_metered()
        && config
            .monthly_quota
            .is_some_and(|quota| meter.billed >= quota);
    drop(meter);
    let msg = "The organization has used up its API calls for this month";
    spent.then(|| {
        if call.is_oapi() {
            oapi::refused(emu, errcode::ORG_QUOTA_SPENT, msg)
        } else {
            api::error(
                emu,
                StatusCode::FORBIDDEN,
                ErrorCode::ApiCountLimitForOrg,
                msg,
            )
        }
    })
}

/// Counts an answer of `call`; `ok`: it succeeded; `billed`: DingTalk would count it.
pub(crate) fn served(emu: &Emulator, call: Call, ok: bool, billed: bool) {
    let mut meter = lock(&emu.inner.meter);
    if ok {
        *meter.served.entry(call.name()).or_default() += 1;
    }
    meter.billed += u64::from(billed);
}

/// Metered calls billed since [`Emulator::clear_requests`].
pub(crate) fn billed_since_clear(emu: &Emulator) -> u64 {
    let meter = lock(&emu.inner.meter);
    meter.billed - meter.billed_at_clear
}

/// Starts [`billed_since_clear`] from zero; the month's quota keeps its count.
pub(crate) fn clear(emu: &Emulator) {
    let mut meter = lock(&emu.inner.meter);
    meter.billed_at_clear = meter.billed;
}

/// `GET /_emulator/calls`: successful answers by API, the metered count DingTalk would bill,
/// and the calls refused by the per-second limit.
pub(crate) async fn control_calls(State(emu): State<Emulator>) -> Json<serde_json::Value> {
    let meter = lock(&emu.inner.meter);
    Json(serde_json::json!({
        "served": meter.served,
        "metered": meter.billed,
        "throttled": meter.throttled,
    }))
}
