//! Snapshots of the quota review. The server lists every org space itself (each page through
//! the gateway, paged by the same machine as the app's lists) and keeps each complete listing
//! as a snapshot; admins open the review from the latest one with no DingTalk call.
//!
//! - One collection runs at a time across every process sharing the store: it holds the
//!   `collect` lease, renewed while it runs, so a holder that dies passes it on.
//! - A collection is written as a snapshot only once complete (one transaction); a failed,
//!   partial or killed one never replaces the latest snapshot, and its error is kept to show.
//! - Progress is in the store, so every admin on every replica sees the same run.
//! - A scheduled collection runs every day at `COLLECT_AT` (China time) as `COLLECTOR_UNION_ID`
//!   or the admin who logged in last; it pauses when DingTalk refuses that operator.

use crate::dingtalk::Forwarded;
use crate::error::AppError;
use crate::session::now_secs;
use crate::store::snapshots::{Collection, SnapshotSpace, COMPLETE, FAILED, LEASE_SECS, RUNNING};
use crate::store::{Store, StoreError};
use crate::AppState;
use dashboard_core::listing::{Listing, Page, Phase};
use dashboard_core::snapshot::{
    Failure, RefreshInfo, RefreshState, ReviewStatus as Status, ScheduleInfo, SnapshotInfo,
};
use dingtalk_wire::query::ListSpacesQuery;
use dingtalk_wire::query::MAX_RESULTS;
use dingtalk_wire::{ErrorClass, ListSpacesResponse};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The path of the org spaces list.
pub const SPACES_PATH: &str = "/v1.0/drive/spaces";
/// How often a running collection renews its lease and shows it lives.
const HEARTBEAT: Duration = Duration::from_secs(3);
/// How often the scheduler looks at the clock and the store.
const TICK: Duration = Duration::from_secs(5);
const COLLECT_LEASE: &str = "collect";
const LAST_ADMIN: &str = "last_admin";
const PAUSED: &str = "collector_paused";
/// China time, where DingTalk's day and the schedule are.
const CHINA_OFFSET_SECS: i64 = 8 * 3600;

/// Whom DingTalk is asked under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operator {
    pub union_id: String,
    pub name: String,
}

/// Why a collection runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// An admin asked at this time (Unix microseconds): done if a collection started since.
    Asked(i64),
    /// The review was opened with no snapshot fresher than the freshness setting.
    Stale,
    /// The daily schedule, for the scheduled time given (Unix seconds).
    Schedule(i64),
    /// The latest collection was cut short (its process died): listed again.
    Resume,
}

impl Reason {
    const SCHEDULE: &'static str = "schedule";

    fn code(self) -> &'static str {
        match self {
            Self::Asked(_) => "asked",
            Self::Stale => "stale",
            Self::Schedule(_) => Self::SCHEDULE,
            Self::Resume => "resume",
        }
    }
}

/// What starting a collection did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    /// It runs (its id).
    Running(i64),
    /// Another collection holds the lease; its progress is in the store.
    Busy,
    /// Nothing to do: a snapshot since the request, or still fresh.
    NotNeeded,
}

fn interrupted() -> Failure {
    Failure::new(
        503,
        "collect.interrupted",
        "The server listing the spaces stopped before the end; the spaces are listed again",
    )
}

fn app_failure(e: AppError) -> Failure {
    Failure::new(e.status.as_u16(), e.code, &e.message)
}

/// One space as it came, with the id it is kept once by.
#[derive(Debug, Clone)]
struct RawSpace(SnapshotSpace);

impl dashboard_core::listing::Item for RawSpace {
    fn id(&self) -> &str {
        &self.0.space_id
    }
}

/// A page of the spaces list: each space verbatim beside its decoded form.
#[derive(Deserialize)]
struct RawPage<'a> {
    #[serde(borrow, default)]
    spaces: Option<Vec<&'a RawValue>>,
}

/// DingTalk's answer to one page, as the listing takes it.
fn read_page(answer: Result<Forwarded, AppError>) -> Result<Page<RawSpace>, Failure> {
    let f = answer.map_err(app_failure)?;
    if !f.status.is_success() {
        let (status, body) = f.error_body();
        return Err(Failure::from_body(status.as_u16(), body));
    }
    let decoded = serde_json::from_slice::<ListSpacesResponse>(&f.body);
    let raw = serde_json::from_slice::<RawPage>(&f.body);
    let (Ok(decoded), Ok(raw)) = (decoded, raw) else {
        let (status, body) = f.error_body();
        return Err(Failure::from_body(status.as_u16(), body));
    };
    let raw = raw.spaces.unwrap_or_default();
    if raw.len() != decoded.spaces.len() {
        return Err(Failure::new(
            502,
            "upstream.malformed",
            "DingTalk's page of spaces could not be read space by space; retry, and report it if it persists",
        ));
    }
    let next = decoded.next().map(str::to_owned);
    let items = decoded
        .spaces
        .into_iter()
        .zip(raw)
        .map(|(s, r)| {
            RawSpace(SnapshotSpace {
                space_id: s.space_id,
                used: s.used_quota,
                quota: s.quota,
                fields: r.get().to_owned(),
            })
        })
        .collect();
    Ok(Page { items, next })
}

/// The latest snapshot and the latest collection (the same row when the last one completed):
/// what the status and the decision to refresh are made from.
struct Latest {
    snapshot: Option<Collection>,
    last: Option<Collection>,
}

impl Latest {
    async fn read(store: &Store) -> Result<Self, StoreError> {
        Ok(Self {
            snapshot: store.latest_snapshot().await?,
            last: store.latest_collection().await?,
        })
    }
}

/// Why the daily collection is paused: the operator DingTalk refused, and its answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Paused {
    union_id: String,
    failure: Failure,
}

/// The start of the day's scheduled time at or before `now` (Unix seconds), China time.
pub fn last_scheduled(now: i64, at_minutes: u32) -> i64 {
    let at = i64::from(at_minutes) * 60;
    let local = now + CHINA_OFFSET_SECS;
    let day = local.div_euclid(86_400) * 86_400;
    let mut t = day + at;
    if t > local {
        t -= 86_400;
    }
    t - CHINA_OFFSET_SECS
}

/// Clears [`Collector::running`] however a collection of this process ends, a panic
/// included, so the process can collect again.
struct Running<'a>(&'a AtomicBool);

impl<'a> Running<'a> {
    /// `None` when a collection of this process already runs.
    fn claim(flag: &'a AtomicBool) -> Option<Self> {
        (!flag.swap(true, Ordering::AcqRel)).then(|| Self(flag))
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

/// This process's part in collecting.
pub struct Collector {
    /// This process, as a lease holder.
    holder: String,
    fresh_for: i64,
    /// Minutes after midnight, China time.
    at_minutes: u32,
    /// `COLLECTOR_UNION_ID`.
    union_id: Option<String>,
    /// A collection of this process runs (the lease keeps other processes out; this keeps
    /// out this process's other requests, which hold the same lease).
    running: AtomicBool,
    /// Days of daily points kept (`HISTORY_DAYS`).
    history_days: i64,
}

/// Snapshots within a day are thinned to the day's last once they are this old (seconds).
const THIN_AFTER_SECS: i64 = 7 * 86_400;

/// A snapshot just written, for what follows it.
struct Taken {
    /// Unix seconds when it was written.
    at: i64,
}

impl Collector {
    pub fn new(fresh_for: Duration, at_minutes: u32, union_id: Option<String>) -> Self {
        let holder =
            crate::session::random_hex(8).unwrap_or_else(|| format!("pid{}", std::process::id()));
        Self {
            holder,
            fresh_for: fresh_for.as_secs() as i64,
            at_minutes,
            union_id,
            running: AtomicBool::new(false),
            history_days: 400,
        }
    }

    /// Keeps `days` days of daily points (the retention applied after each snapshot).
    pub fn keeping(mut self, days: u32) -> Self {
        self.history_days = i64::from(days.max(1));
        self
    }

    /// After a snapshot: daily points older than the retention go, and snapshots older
    /// than a week keep only each day's last.
    async fn apply_retention(&self, store: &Store, now: i64) {
        let first_day = dashboard_core::history::china_day(now) - self.history_days + 1;
        match store
            .apply_retention(first_day, now - THIN_AFTER_SECS)
            .await
        {
            Ok(0) => {}
            Ok(rows) => tracing::info!(rows, "retention: old history thinned"),
            Err(e) => {
                tracing::warn!(error = %e, "retention: the store could not be thinned; it is tried again after the next snapshot")
            }
        }
    }

    /// Remembers the admin who logged in last: the daily collection's operator unless
    /// `COLLECTOR_UNION_ID` names one.
    pub async fn admin_logged_in(&self, store: &Store, op: &Operator) -> Result<(), StoreError> {
        let value = serde_json::to_string(op).unwrap_or_default();
        store.set_setting(LAST_ADMIN, &value).await
    }

    /// Why the daily collection is paused, if it is.
    async fn paused(store: &Store) -> Result<Option<Paused>, StoreError> {
        Ok(store
            .setting(PAUSED)
            .await?
            .and_then(|v| serde_json::from_str(&v).ok()))
    }

    /// The daily collection's operator.
    async fn scheduled_operator(&self, store: &Store) -> Result<Option<Operator>, StoreError> {
        let last: Option<Operator> = store
            .setting(LAST_ADMIN)
            .await?
            .and_then(|v| serde_json::from_str(&v).ok());
        Ok(match &self.union_id {
            Some(id) => Some(Operator {
                union_id: id.clone(),
                name: last
                    .filter(|l| &l.union_id == id)
                    .map(|l| l.name)
                    .unwrap_or_else(|| "COLLECTOR_UNION_ID".to_owned()),
            }),
            None => last,
        })
    }

    /// What the review shows about its data.
    pub async fn status(&self, store: &Store) -> Result<Status, StoreError> {
        let latest = Latest::read(store).await?;
        self.status_of(store, latest, now_secs()).await
    }

    /// The review's status as `op` opens it, after starting a refresh as `op` when the
    /// snapshot is stale (see [`Self::wants_refresh`]).
    pub async fn open(&self, state: &AppState, op: Operator) -> Result<Status, StoreError> {
        let store = &state.store;
        let now = now_secs();
        let latest = Latest::read(store).await?;
        if self.wants_refresh(&latest, now) {
            if let Started::Running(_) = self.start(state, op, Reason::Stale).await? {
                return self.status(store).await;
            }
        }
        self.status_of(store, latest, now).await
    }

    async fn status_of(
        &self,
        store: &Store,
        latest: Latest,
        now: i64,
    ) -> Result<Status, StoreError> {
        let Latest { snapshot, last } = latest;
        let refresh = last
            .filter(|c| c.state != COMPLETE)
            .map(|c| self.refresh_info(c, now));
        let operator = self.scheduled_operator(store).await?;
        let paused = Self::paused(store)
            .await?
            .filter(|p| operator.as_ref().is_some_and(|o| o.union_id == p.union_id))
            .map(|p| p.failure);
        Ok(Status {
            // The listing's pages, and the organization's storage.
            refresh_calls: snapshot.as_ref().map(|s| s.pages.max(1) + 1),
            snapshot: snapshot.map(|s| SnapshotInfo {
                id: s.id,
                taken_at: s.ended_at(),
                operator: s.operator_name,
                reason: s.reason,
                spaces: s.spaces,
                pages: s.pages,
            }),
            refresh,
            schedule: ScheduleInfo {
                at: format!("{:02}:{:02}", self.at_minutes / 60, self.at_minutes % 60),
                operator: operator.map(|o| o.name),
                paused,
            },
        })
    }

    fn is_stale(&self, s: &Collection, now: i64) -> bool {
        now - s.ended_at() >= self.fresh_for
    }

    fn refresh_info(&self, c: Collection, now: i64) -> RefreshInfo {
        let alive = c.is_alive(now);
        let error = if alive {
            None
        } else if c.state == FAILED {
            c.error
                .as_deref()
                .and_then(|e| serde_json::from_str(e).ok())
        } else {
            Some(interrupted())
        };
        RefreshInfo {
            id: c.id,
            state: if alive {
                RefreshState::Running
            } else {
                RefreshState::Failed
            },
            started_at: c.started_at,
            operator: c.operator_name,
            reason: c.reason,
            pages: c.pages,
            spaces: c.spaces,
            expected_pages: c.expected_pages,
            error,
        }
    }

    /// Whether opening the review starts a refresh: when the snapshot is stale (or there is
    /// none), unless one runs or the last one failed within the freshness window (the admin
    /// retries that by hand: opening the review again must not spend calls on the same
    /// failure).
    fn wants_refresh(&self, latest: &Latest, now: i64) -> bool {
        let stale = latest
            .snapshot
            .as_ref()
            .is_none_or(|s| self.is_stale(s, now));
        let held_back = latest.last.as_ref().is_some_and(|c| {
            c.is_alive(now) || (c.state == FAILED && now - c.ended_at() < self.fresh_for)
        });
        stale && !held_back
    }

    /// Starts a collection as `op`, unless one runs (anywhere) or `reason` is already met.
    /// The listing goes on in the background; its progress is in the store.
    pub async fn start(
        &self,
        state: &AppState,
        op: Operator,
        reason: Reason,
    ) -> Result<Started, StoreError> {
        let store = &state.store;
        let now = now_secs();
        let Some(running) = Running::claim(&self.running) else {
            return Ok(Started::Busy);
        };
        if !store
            .take_lease(COLLECT_LEASE, &self.holder, now + LEASE_SECS, now)
            .await?
        {
            return Ok(Started::Busy);
        }
        match self.begin(store, &op, reason, now).await {
            Ok(Some(c)) => {
                let id = c.id;
                let state = state.clone();
                // The flag is the task's now, cleared when it ends.
                std::mem::forget(running);
                tokio::spawn(async move {
                    let taken = {
                        let _running = Running(&state.collector.running);
                        state.collector.run(&state, c).await
                    };
                    // Once the listing is over (lease and flag free, so an admin opening the
                    // review meanwhile is not turned away as busy).
                    if let Some(taken) = taken {
                        state.collector.after_snapshot(&state, taken).await;
                    }
                });
                Ok(Started::Running(id))
            }
            Ok(None) => {
                store.release_lease(COLLECT_LEASE, &self.holder).await?;
                Ok(Started::NotNeeded)
            }
            Err(e) => {
                let _ = store.release_lease(COLLECT_LEASE, &self.holder).await;
                Err(e)
            }
        }
    }

    /// With the lease held: whether `reason` still calls for a collection, and if so its row.
    async fn begin(
        &self,
        store: &Store,
        op: &Operator,
        reason: Reason,
        now: i64,
    ) -> Result<Option<Collection>, StoreError> {
        let latest = store.latest_snapshot().await?;
        let needed = match (reason, &latest) {
            (_, None) => true,
            (Reason::Asked(at), Some(s)) => s.id < at,
            (Reason::Stale, Some(s)) => self.is_stale(s, now),
            (Reason::Schedule(at), Some(s)) => s.started_at < at,
            (Reason::Resume, Some(_)) => true,
        };
        if !needed {
            return Ok(None);
        }
        // A collection still marked running holds no lease (this one does): its process died.
        store
            .abandon_running(
                &serde_json::to_string(&interrupted()).unwrap_or_default(),
                now,
            )
            .await?;
        let micros = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros() as i64)
            .unwrap_or(now * 1_000_000);
        let previous = store.latest_collection().await?.map_or(0, |c| c.id);
        let c = Collection {
            id: micros.max(previous + 1),
            started_at: now,
            finished_at: None,
            operator_union_id: op.union_id.clone(),
            operator_name: op.name.clone(),
            reason: reason.code().to_owned(),
            state: RUNNING.to_owned(),
            pages: 0,
            spaces: 0,
            expected_pages: latest.map(|s| s.pages),
            error: None,
            heartbeat_at: now,
        };
        store.begin_collection(&c).await?;
        Ok(Some(c))
    }

    /// Lists every page of the org spaces as `c`'s operator and writes the outcome.
    async fn run(&self, state: &AppState, c: Collection) -> Option<Taken> {
        let store = &state.store;
        // Between pages (which write the progress), the lease is renewed and the run shown
        // alive, however long DingTalk takes to answer one.
        let heartbeat = {
            let store = store.clone();
            let holder = self.holder.clone();
            let id = c.id;
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(HEARTBEAT).await;
                    let now = now_secs();
                    let renewed = store
                        .take_lease(COLLECT_LEASE, &holder, now + LEASE_SECS, now)
                        .await;
                    if !matches!(renewed, Ok(true)) {
                        tracing::warn!("collection: the lease could not be renewed");
                    }
                    let _ = store.touch_collection(id, now).await;
                }
            })
        };
        let started = std::time::Instant::now();
        let outcome = self.list(state, &c).await;
        // The organization's storage is part of the collection: when it is complete, every
        // DingTalk call it makes has been made.
        let org = match &outcome {
            Ok((_, spaces)) => self.ask_org(state, &c, spaces).await,
            Err(_) => None,
        };
        heartbeat.abort();
        let now = now_secs();
        let written = match &outcome {
            Ok((pages, spaces)) => {
                let written = store.complete_collection(c.id, *pages, spaces, now).await;
                if let (Ok(()), Some(mut day)) = (&written, org) {
                    day.day = dashboard_core::history::china_day(now);
                    if let Err(e) = store.put_org_day(&day).await {
                        tracing::warn!(error = %e, "organization storage: not written");
                    }
                }
                written
            }
            Err(failure) => {
                let text = serde_json::to_string(failure).unwrap_or_default();
                store.fail_collection(c.id, &text, now).await
            }
        };
        match (&outcome, &written) {
            (Ok((pages, spaces)), Ok(())) => {
                tracing::info!(pages, spaces = spaces.len(), ms = started.elapsed().as_millis() as u64, reason = %c.reason, "snapshot taken");
                let _ = store.clear_setting(PAUSED).await;
            }
            (Err(f), _) => {
                tracing::warn!(code = %f.code, status = f.status, reason = %c.reason, "collection failed; the latest snapshot stands");
                let refused = matches!(
                    ErrorClass::of(f.status, Some(&f.code)),
                    ErrorClass::Permission | ErrorClass::BadRequest
                );
                if c.reason == Reason::SCHEDULE && refused {
                    let paused = Paused {
                        union_id: c.operator_union_id.clone(),
                        failure: f.clone(),
                    };
                    let _ = store
                        .set_setting(PAUSED, &serde_json::to_string(&paused).unwrap_or_default())
                        .await;
                }
            }
            (Ok(_), Err(e)) => tracing::error!(error = %e, "the snapshot could not be written"),
        }
        let _ = store.release_lease(COLLECT_LEASE, &self.holder).await;
        match (outcome, written) {
            (Ok(_), Ok(())) => Some(Taken { at: now }),
            _ => None,
        }
    }

    /// What follows a snapshot: the retention, the trends ready before the first admin
    /// asks, and the alerts judged.
    async fn after_snapshot(&self, state: &AppState, t: Taken) {
        self.apply_retention(&state.store, t.at).await;
        if let Err(e) = state.trends.json(&state.store).await {
            tracing::warn!(error = %e, "trends: not worked out after the snapshot; the first admin to ask waits for them");
        }
        state.alerts.wake();
    }

    /// The organization's storage, asked once with each snapshot (one metered call), beside
    /// what the snapshot's spaces add up to (its day is the snapshot's). A failure leaves the
    /// day without it (the previous day's figures stand); the snapshot is kept either way.
    async fn ask_org(
        &self,
        state: &AppState,
        c: &Collection,
        spaces: &[SnapshotSpace],
    ) -> Option<dashboard_core::history::OrgDay> {
        if !dingtalk_wire::is_valid_id(&c.operator_union_id) {
            return None;
        }
        let path = format!("/v1.0/storage/orgs/{}", state.config.corp_id);
        let query = format!("unionId={}", c.operator_union_id);
        let answer = match state.dingtalk.forward_get(&path, &query).await {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(code = %e.code, "organization storage: no answer; the day keeps no figure");
                return None;
            }
        };
        let org = answer
            .status
            .is_success()
            .then(|| serde_json::from_slice::<dingtalk_wire::GetOrgResponse>(&answer.body).ok())
            .flatten();
        let totals = org.map(|o| o.org.totals());
        let Some((used, capacity, reserved)) =
            totals.and_then(|t| Some((t.used?, t.max?, t.reserved)))
        else {
            tracing::warn!(status = answer.status.as_u16(), "organization storage: DingTalk's answer gave no used and maximum; the day keeps no figure");
            return None;
        };
        let (allotted, spaces_used) = spaces.iter().fold((0i64, 0i64), |(a, u), s| {
            let quota = s.quota.filter(|q| *q > 0).unwrap_or(0);
            (
                a.saturating_add(quota),
                u.saturating_add(s.used.unwrap_or(0).max(0)),
            )
        });
        Some(dashboard_core::history::OrgDay {
            day: 0,
            used,
            capacity,
            reserved,
            allotted,
            spaces_used,
        })
    }

    /// Every page, in order, through the gateway: the pages and the spaces, each once.
    async fn list(
        &self,
        state: &AppState,
        c: &Collection,
    ) -> Result<(i64, Vec<SnapshotSpace>), Failure> {
        let first = ListSpacesQuery::org(&c.operator_union_id, MAX_RESULTS).map_err(|e| {
            Failure::new(
                400,
                "collect.operator",
                &format!("The collector's operator is not usable: {e}"),
            )
        })?;
        let mut listing = Listing::<(), RawSpace>::new();
        listing.reset(());
        while let Some(req) = listing.next_request() {
            let query = first.clone().page(req.token.as_deref()).to_query();
            let answer = state.dingtalk.forward_get(SPACES_PATH, &query).await;
            let page = read_page(answer)?;
            listing.accept(req.run, Ok(page));
            let (pages, spaces) = (listing.pages() as i64, listing.len() as i64);
            // Every admin waiting, on any replica, sees each page arrive.
            if let Err(e) = state
                .store
                .collection_progress(c.id, pages, spaces, now_secs())
                .await
            {
                tracing::warn!(error = %e, "collection: progress not written");
            }
        }
        match listing.phase() {
            Phase::Done => {}
            Phase::Failed(dashboard_core::ApiError::RepeatedPage) => {
                return Err(Failure::new(
                    502,
                    dashboard_core::snapshot::REPEATED_PAGE,
                    &format!(
                        "DingTalk sent the same page token twice after {} spaces; the listing was stopped so it cannot loop, and the incomplete listing was not kept",
                        listing.len()
                    ),
                ))
            }
            other => {
                return Err(Failure::new(
                    500,
                    "collect.incomplete",
                    &format!("The listing of spaces stopped unfinished ({other:?})"),
                ))
            }
        }
        let pages = listing.pages() as i64;
        Ok((
            pages,
            listing.into_items().into_iter().map(|r| r.0).collect(),
        ))
    }

    /// The scheduler: every [`TICK`], lists again after a collection cut short by a dead
    /// process, and runs the day's scheduled collection once it is due. Runs for the life of
    /// the process.
    pub async fn schedule(state: AppState) {
        loop {
            if let Err(e) = state.collector.tick(&state).await {
                tracing::warn!(error = %e, "collector: the store could not be read");
            }
            tokio::time::sleep(TICK).await;
        }
    }

    async fn tick(&self, state: &AppState) -> Result<(), StoreError> {
        let store = &state.store;
        let now = now_secs();
        let last = store.latest_collection().await?;
        if let Some(c) = &last {
            if c.is_abandoned(now) {
                let op = Operator {
                    union_id: c.operator_union_id.clone(),
                    name: c.operator_name.clone(),
                };
                tracing::info!("collector: the last collection was cut short; listing again");
                self.start(state, op, Reason::Resume).await?;
                return Ok(());
            }
        }
        let due = last_scheduled(now, self.at_minutes);
        let Some(op) = self.scheduled_operator(store).await? else {
            return Ok(());
        };
        // Once a day: not again after a snapshot since the scheduled time, nor after a
        // scheduled attempt (a failure waits for the next day, or for an admin's refresh).
        if store
            .latest_snapshot()
            .await?
            .is_some_and(|s| s.started_at >= due)
            || store
                .latest_scheduled_start()
                .await?
                .is_some_and(|t| t >= due)
        {
            return Ok(());
        }
        if Self::paused(store)
            .await?
            .is_some_and(|p| p.union_id == op.union_id)
        {
            return Ok(());
        }
        self.start(state, op, Reason::Schedule(due)).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection(
        state: &str,
        started_at: i64,
        finished_at: Option<i64>,
        heartbeat_at: i64,
    ) -> Collection {
        Collection {
            id: started_at,
            started_at,
            finished_at,
            operator_union_id: "u".into(),
            operator_name: "王芳".into(),
            reason: "asked".into(),
            state: state.into(),
            pages: 3,
            spaces: 120,
            expected_pages: None,
            error: None,
            heartbeat_at,
        }
    }

    #[test]
    fn opening_the_review_refreshes_only_a_stale_snapshot_and_never_repeats_a_failure() {
        let c = Collector::new(Duration::from_secs(3600), 120, None);
        let now = 100_000;
        let snap = |age: i64| {
            Some(collection(
                COMPLETE,
                now - age - 5,
                Some(now - age),
                now - age,
            ))
        };
        let latest = |snapshot: Option<Collection>, last: Option<Collection>| Latest {
            last: last.or_else(|| snapshot.clone()),
            snapshot,
        };
        assert!(c.wants_refresh(&latest(None, None), now), "no snapshot yet");
        assert!(!c.wants_refresh(&latest(snap(3599), None), now), "fresh");
        assert!(
            c.wants_refresh(&latest(snap(3600), None), now),
            "an hour old"
        );
        let running = collection(RUNNING, now - 20, None, now - 2);
        assert!(
            !c.wants_refresh(&latest(snap(7200), Some(running)), now),
            "one runs"
        );
        let dead = collection(RUNNING, now - 60, None, now - LEASE_SECS - 1);
        assert!(
            c.wants_refresh(&latest(snap(7200), Some(dead)), now),
            "its process died"
        );
        let failed = |ago| collection(FAILED, now - ago - 5, Some(now - ago), now - ago);
        assert!(
            !c.wants_refresh(&latest(snap(7200), Some(failed(600))), now),
            "failed lately"
        );
        assert!(
            !c.wants_refresh(&latest(None, Some(failed(600))), now),
            "the first listing failed lately"
        );
        assert!(
            c.wants_refresh(&latest(snap(9000), Some(failed(3600))), now),
            "failed long ago"
        );
    }

    #[test]
    fn the_schedule_is_in_china_time() {
        // 2026-12-01 17:59:59 UTC = 2026-12-02 01:59:59 in China: the last 02:00 was the
        // day before, 2026-12-01 02:00 China = 2026-11-30 18:00 UTC.
        let before = 1_796_147_999;
        assert_eq!(last_scheduled(before, 120), 1_796_061_600);
        // One second later it is today's.
        assert_eq!(last_scheduled(before + 1, 120), before + 1);
        // Midnight China time is 16:00 UTC.
        assert_eq!(last_scheduled(1_796_140_800, 0), 1_796_140_800);
        assert_eq!(last_scheduled(1_796_140_799, 0), 1_796_140_800 - 86_400);
    }
}
