//! The gate every DingTalk call passes: the pace of each API (DingTalk's ceiling is 20 calls a
//! second per app and API; see [`Pace`]), the month's metered calls counted in the store, and this app's
//! monthly budget, refused with a clear error before DingTalk is asked.
//!
//! DingTalk counts a metered call unless it refused it by throttling; the gateway counts the
//! same way: a call is taken from the budget before it is sent, and given back when DingTalk
//! answers that it was throttled.

use crate::error::AppError;
use crate::store::{MonthCalls, Store};
use axum::http::StatusCode;
use dingtalk_wire::{BillingMonth, Call, ErrorClass};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a call keeps its place in the pace after its answer: a second, and a margin.
const PACE_WINDOW: Duration = Duration::from_millis(1_050);

/// The calls of one API that count against the pace: those on their way, and those answered
/// within the last [`PACE_WINDOW`].
#[derive(Default)]
struct Lane {
    in_flight: usize,
    answered: VecDeque<Instant>,
}

/// DingTalk counts calls when they arrive, which is some time after they are sent. So a call
/// holds its place from the moment it may go until a window after its answer: any two calls
/// that arrive within one second then held their places at a common moment, and no more than
/// `per_second` places exist at any moment, so no second at DingTalk sees more than that,
/// however late a busy machine sends them.
///
/// Replicas on one Postgres share the places through the store ([`Shared`]): a call takes a
/// place here, then one there.
struct Pace {
    per_second: usize,
    lanes: Mutex<HashMap<Call, Lane>>,
    shared: Option<Shared>,
}

/// The places every replica shares (`pace_places` in the store).
struct Shared {
    store: Store,
    /// The APIs whose places this process has made sure exist.
    ready: tokio::sync::Mutex<std::collections::HashSet<Call>>,
    clock: fn() -> i64,
}

/// How long a call on its way holds a shared place if its process dies before the answer:
/// longer than any call takes ([`crate::dingtalk`]'s timeout is 15 s).
const IN_FLIGHT_HOLD_MS: i64 = 20_000;

impl Shared {
    /// A shared place of `call`'s API, waiting while every one is held.
    async fn place(&self, call: Call, per_second: u32) -> Result<i64, AppError> {
        {
            let mut ready = self.ready.lock().await;
            if !ready.contains(&call) {
                self.store
                    .ensure_pace_places(call.name(), per_second)
                    .await?;
                ready.insert(call);
            }
        }
        loop {
            let now = (self.clock)();
            let taken = self
                .store
                .take_pace_place(call.name(), per_second, now, now + IN_FLIGHT_HOLD_MS)
                .await?;
            if let Some(place) = taken {
                return Ok(place);
            }
            // The first place to free, unless it is a call on its way (which may end any
            // moment): then a short wait and a look again.
            let next = self.store.next_pace_place(call.name(), per_second).await?;
            let wait = (next - (self.clock)()).clamp(2, 25);
            tokio::time::sleep(Duration::from_millis(wait as u64)).await;
        }
    }
}

impl Pace {
    async fn place(self: &Arc<Self>, call: Call) -> Result<Place, AppError> {
        let mut place = self.local_place(call).await;
        if let Some(shared) = &self.shared {
            let number = shared.place(call, self.per_second as u32).await?;
            place.shared = Some(number);
        }
        Ok(place)
    }

    async fn local_place(self: &Arc<Self>, call: Call) -> Place {
        loop {
            let wait = {
                let mut lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
                let lane = lanes.entry(call).or_default();
                let now = Instant::now();
                while lane
                    .answered
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= PACE_WINDOW)
                {
                    lane.answered.pop_front();
                }
                if lane.in_flight + lane.answered.len() < self.per_second {
                    lane.in_flight += 1;
                    return Place {
                        pace: Arc::clone(self),
                        call,
                        shared: None,
                    };
                }
                // The oldest answer's place frees first, unless every place is on its way.
                lane.answered
                    .front()
                    .map(|t| PACE_WINDOW.saturating_sub(now.duration_since(*t)))
                    .unwrap_or(Duration::from_millis(10))
            };
            tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
        }
    }
}

/// A call's place in the pace: given back (for one more window) when dropped, at its answer
/// or when the request is abandoned.
struct Place {
    pace: Arc<Pace>,
    call: Call,
    /// The shared place held too, if replicas share the pace.
    shared: Option<i64>,
}

impl Drop for Place {
    fn drop(&mut self) {
        {
            let mut lanes = self.pace.lanes.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(lane) = lanes.get_mut(&self.call) {
                lane.in_flight = lane.in_flight.saturating_sub(1);
                lane.answered.push_back(Instant::now());
            }
        }
        let (Some(number), Some(shared)) = (self.shared, &self.pace.shared) else {
            return;
        };
        let free_at = (shared.clock)() + PACE_WINDOW.as_millis() as i64;
        let (store, api) = (shared.store.clone(), self.call.name());
        // Unless the runtime is stopping, when the place frees on its own after its hold.
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                if let Err(e) = store.release_pace_place(api, number, free_at).await {
                    tracing::warn!(error = %e, api, "could not give a shared pace place back; it frees on its own");
                }
            });
        }
    }
}

/// The gate's answer: the call may go. Hand it back to [`Gateway::settle`] with DingTalk's
/// answer.
#[must_use]
pub struct Admitted {
    call: Call,
    month: BillingMonth,
    taken: bool,
    _place: Place,
    /// The month's metered calls with this one (metered calls only).
    pub used: Option<i64>,
}

/// This month's calls against the budget, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// `2026-12`.
    pub month: String,
    /// Metered calls made this month.
    pub used: i64,
    pub budget: u32,
    /// `2027-01-01`: when the count starts again (China time).
    pub resets_on: String,
}

impl Usage {
    /// The `x-dashboard-calls` header saying it: `used budget resets-on`.
    pub fn header(&self) -> Option<axum::http::HeaderValue> {
        let value = format!("{} {} {}", self.used, self.budget, self.resets_on);
        axum::http::HeaderValue::from_str(&value).ok()
    }
}

/// Calls by API not yet written to the store: (calls, metered) per (month, API).
#[derive(Default)]
struct Tally {
    counts: HashMap<(BillingMonth, Call), (i64, i64)>,
    since: Option<Instant>,
}

/// How often the calls by API are written to the store (they are statistics; the budget's
/// count is written with every call).
const TALLY_EVERY: Duration = Duration::from_secs(1);

/// Metered calls this process took from the store's count ahead of use, so that most calls
/// cost no store write: `counted` is the month's count in the store after the last take, of
/// which `left` are not spent yet.
struct Lease {
    month: Option<BillingMonth>,
    counted: i64,
    left: u32,
}

/// Calls taken from the store at once while the budget has room for them; near the limit,
/// one at a time, so the budget still stops exactly at its number. What a process has taken
/// and not spent when it stops stays counted (at most this many less than the budget).
const LEASE_BLOCK: u32 = 4;

pub struct Gateway {
    store: Store,
    budget: u32,
    lease: tokio::sync::Mutex<Lease>,
    pace: Arc<Pace>,
    tally: Mutex<Tally>,
    /// The current time in milliseconds since 1970 (a test sets the month).
    clock: fn() -> i64,
}

fn system_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Gateway {
    pub fn new(store: Store, budget: u32, per_second: u32) -> Self {
        Self::with_clock(store, budget, per_second, system_ms)
    }

    pub fn with_clock(store: Store, budget: u32, per_second: u32, clock: fn() -> i64) -> Self {
        let shared = store.is_shared().then(|| Shared {
            store: store.clone(),
            ready: tokio::sync::Mutex::default(),
            clock,
        });
        Self {
            store,
            budget,
            pace: Arc::new(Pace {
                per_second: per_second.max(1) as usize,
                lanes: Mutex::new(HashMap::new()),
                shared,
            }),
            tally: Mutex::new(Tally::default()),
            lease: tokio::sync::Mutex::new(Lease {
                month: None,
                counted: 0,
                left: 0,
            }),
            clock,
        }
    }

    fn month(&self) -> BillingMonth {
        BillingMonth::of_epoch_ms((self.clock)())
    }

    /// Lets `call` go once, if DingTalk meters it, a call is taken from this month's budget,
    /// and once it fits the pace. Refused (429 `budget.exhausted`) when the budget is spent.
    pub async fn admit(&self, call: Call) -> Result<Admitted, AppError> {
        let month = self.month();
        let used = if call.is_metered() {
            let used = self.take(month).await?;
            if used.is_none() {
                tracing::warn!(call = call.name(), %month, budget = self.budget, "monthly call budget spent");
                return Err(AppError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "budget.exhausted",
                    format!(
                        "This dashboard's DingTalk call budget for {month} ({} metered calls, DINGTALK_MONTHLY_CALL_BUDGET) is spent; it starts again on {} (China time). The organization's other DingTalk apps share its {} calls a month, so raise the budget only within what they leave",
                        self.budget,
                        month.resets_on(),
                        dingtalk_wire::ORG_MONTHLY_CALLS,
                    ),
                ));
            }
            used
        } else {
            None
        };
        let place = match self.pace.place(call).await {
            Ok(place) => place,
            Err(e) => {
                self.give_back(used.is_some(), month).await;
                return Err(e);
            }
        };
        Ok(Admitted {
            call,
            month,
            taken: used.is_some(),
            _place: place,
            used,
        })
    }

    /// One metered call of `month`: the month's count with it, as far as this process knows,
    /// or `None` when the budget is spent.
    async fn take(&self, month: BillingMonth) -> Result<Option<i64>, AppError> {
        let mut lease = self.lease.lock().await;
        if lease.month != Some(month) {
            if let (Some(old), left @ 1..) = (lease.month, lease.left) {
                if let Err(e) = self.store.give_back_metered(old, left).await {
                    tracing::error!(error = %e, "could not give unspent calls back");
                }
            }
            *lease = Lease {
                month: Some(month),
                counted: 0,
                left: 0,
            };
        }
        if lease.left == 0 {
            for n in [LEASE_BLOCK, 1] {
                let taken = self
                    .store
                    .take_metered(month, self.budget, n)
                    .await
                    .map_err(AppError::from)?;
                if let Some(counted) = taken {
                    (lease.counted, lease.left) = (counted, n);
                    break;
                }
            }
            if lease.left == 0 {
                return Ok(None);
            }
        }
        lease.left -= 1;
        Ok(Some(lease.counted - i64::from(lease.left)))
    }

    /// Records how DingTalk answered an admitted call (`refusal`: the class of an error
    /// answer; `None` on success or when no answer came). A call DingTalk throttled was not
    /// counted by DingTalk and goes back to the budget.
    pub async fn settle(&self, admitted: Admitted, refusal: Option<ErrorClass>) {
        let counted = admitted.call.counted(refusal);
        self.give_back(admitted.taken && !counted, admitted.month)
            .await;
        let due = {
            let mut tally = self.tally.lock().unwrap_or_else(|p| p.into_inner());
            let entry = tally
                .counts
                .entry((admitted.month, admitted.call))
                .or_default();
            entry.0 += 1;
            entry.1 += i64::from(counted);
            let since = *tally.since.get_or_insert_with(Instant::now);
            since.elapsed() >= TALLY_EVERY
        };
        if due {
            self.flush().await;
        }
    }

    /// Returns a metered call taken from `month`'s budget and not spent, if `taken`.
    async fn give_back(&self, taken: bool, month: BillingMonth) {
        if taken {
            let mut lease = self.lease.lock().await;
            if lease.month == Some(month) {
                lease.left += 1;
            }
        }
    }

    /// Writes the calls by API counted since the last write.
    async fn flush(&self) {
        let counts = {
            let mut tally = self.tally.lock().unwrap_or_else(|p| p.into_inner());
            tally.since = None;
            std::mem::take(&mut tally.counts)
        };
        for ((month, call), (calls, metered)) in counts {
            if let Err(e) = self
                .store
                .add_calls(month, call.name(), calls, metered)
                .await
            {
                tracing::error!(error = %e, "could not write the DingTalk calls by API");
            }
        }
    }

    /// The [`dingtalk_wire::CALLS_HEADER`] of an answer that cost the metered call `admitted`.
    pub fn calls_header(&self, admitted: &Admitted) -> Option<axum::http::HeaderValue> {
        let used = admitted.used?;
        let value = format!("{used} {} {}", self.budget, admitted.month.resets_on());
        axum::http::HeaderValue::from_str(&value).ok()
    }

    /// This month's metered calls against the budget.
    pub async fn usage(&self) -> Result<Usage, AppError> {
        let month = self.month();
        let calls = self.month_calls().await?;
        Ok(Usage {
            month: month.to_string(),
            used: calls.metered,
            budget: self.budget,
            resets_on: month.resets_on(),
        })
    }

    /// This month's calls by API; `metered` leaves out the calls this process has taken from
    /// the store and not spent.
    pub async fn month_calls(&self) -> Result<MonthCalls, AppError> {
        self.flush().await;
        let month = self.month();
        let mut calls = self
            .store
            .month_calls(month)
            .await
            .map_err(AppError::from)?;
        let lease = self.lease.lock().await;
        if lease.month == Some(month) {
            calls.metered -= i64::from(lease.left);
        }
        Ok(calls)
    }
}
