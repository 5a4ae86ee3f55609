//! Scans of a space: what fills it. DingTalk's listings give folders no size, so the server
//! walks the space's flat listing (`listAll`, 50 entries a page, one metered call each) through
//! the gateway, as the admin who asked, and rolls the files up into every folder at the end.
//!
//! - Before it starts, the admin is shown its estimated cost against what is left of the
//!   month's budget, and confirms; with nothing left it is refused. The budget stops a scan
//!   that runs out of it cleanly, keeping what it read.
//! - One scan per space runs at a time across every process sharing the store: it holds the
//!   lease `scan:{spaceId}`, renewed while it runs. A second admin asking gets the running one.
//! - Each page is written with the token of the next in one transaction: a scan whose process
//!   died is taken up by any process from its last page (see [`Scanner::watch`]).
//! - Cancelled, or stopped by DingTalk or the budget, a scan keeps what it read and says so.
//! - The listing's caveat: an item changed during the walk may come again or be missed; a
//!   repeat replaces the earlier copy and is counted.

use crate::collector::Operator;
use crate::error::AppError;
use crate::session::now_secs;
use crate::store::scans::{Ending, ScanRow};
use crate::store::snapshots::LEASE_SECS;
use crate::store::StoreError;
use crate::AppState;
use axum::http::StatusCode;
use dashboard_core::scan::ScanEntry;
use dashboard_core::scan_report::{
    roll_up_report, Cell, Crumb, Estimate, FolderSize, FolderSizes, ScanInfo, ScanReport,
    ScanState, ScanStatus, TreeLevel, TREEMAP_CELLS,
};
use dashboard_core::snapshot::Failure;
use dingtalk_wire::{ListAllRequest, ListDentriesResponse};
use std::collections::HashSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often a running scan renews its lease and shows it lives, while DingTalk answers.
const HEARTBEAT: Duration = Duration::from_secs(3);
/// How often the store is looked at for scans whose process died.
const WATCH: Duration = Duration::from_secs(5);
/// Folders above a treemap level the breadcrumbs name at most.
const MAX_DEPTH: usize = 64;

fn lease(space_id: &str) -> String {
    format!("scan:{space_id}")
}

fn list_all_path(space_id: &str) -> String {
    format!("/v1.0/storage/spaces/{space_id}/dentries/listAll")
}

fn failure(e: &AppError) -> Failure {
    Failure::new(e.status.as_u16(), e.code, &e.message)
}

/// The scan's row as the app sees it.
pub fn info(row: &ScanRow) -> ScanInfo {
    ScanInfo {
        id: row.id,
        state: ScanState::from_code(&row.state).unwrap_or(ScanState::Stopped),
        started_at: row.started_at,
        finished_at: row.finished_at,
        operator: row.operator_name.clone(),
        calls: row.pages,
        entries: row.listed,
        repeats: row.repeats,
        expected_calls: row.expected_calls,
        walk_secs: row.walk_secs,
        error: row
            .error
            .as_deref()
            .and_then(|e| serde_json::from_str(e).ok()),
        rollup_ms: row.rollup_ms,
        can_continue: (row.state == ScanState::Cancelled.code()
            || row.state == ScanState::Stopped.code())
            && row.next_token.is_some(),
    }
}

fn no_results() -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        "scan.none",
        "This space has not been scanned yet; scan it from its page to see what fills it",
    )
}

/// One dentry of a page as the scan keeps it.
fn entry(d: dingtalk_wire::Dentry) -> ScanEntry {
    ScanEntry {
        folder: d.is_folder(),
        modified_ms: d.modified_time.as_ref().and_then(|t| t.epoch_ms()),
        size: d.size.unwrap_or(0).max(0),
        extension: d.extension.unwrap_or_default(),
        creator: d.creator_id.unwrap_or_default(),
        id: d.id,
        parent_id: d.parent_id,
        name: d.name,
    }
}

/// Why a walk ended.
enum Walked {
    /// Every page read.
    Done,
    Cancelled,
    Stopped(Failure),
    /// The scan no longer runs here (another process took it over, or the store failed):
    /// nothing more is written.
    Lost,
}

/// This process's part in scanning.
pub struct Scanner {
    holder: String,
    /// The spaces this process scans now.
    running: Mutex<HashSet<String>>,
}

/// Takes a space for this process's scan until dropped (a panic included).
struct Claim<'a> {
    scanner: &'a Scanner,
    space: String,
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        self.scanner
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.space);
    }
}

impl Default for Scanner {
    fn default() -> Self {
        Self::new()
    }
}

impl Scanner {
    pub fn new() -> Self {
        let holder =
            crate::session::random_hex(8).unwrap_or_else(|| format!("pid{}", std::process::id()));
        Self {
            holder,
            running: Mutex::new(HashSet::new()),
        }
    }

    fn claim(&self, space: &str) -> Option<Claim<'_>> {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        running.insert(space.to_owned()).then(|| Claim {
            scanner: self,
            space: space.to_owned(),
        })
    }

    /// The space's latest scan and what a new one would cost.
    pub async fn status(&self, state: &AppState, space_id: &str) -> Result<ScanStatus, AppError> {
        let scan = state.store.latest_scan(space_id).await?;
        let estimate = self.estimate(state, space_id).await?;
        Ok(ScanStatus {
            scan: scan.as_ref().map(info),
            estimate,
        })
    }

    /// From the space's last complete scan, or its used size (the latest snapshot's) over
    /// the organization's typical file size; against the month's budget.
    async fn estimate(&self, state: &AppState, space_id: &str) -> Result<Estimate, AppError> {
        let store = &state.store;
        let previous = store.last_complete_scan_pages(space_id).await?;
        let used = match previous {
            Some(_) => None,
            None => self.used_bytes(state, space_id).await?,
        };
        let typical = store.typical_file_bytes().await?;
        let (calls, entries, basis, file_bytes) = Estimate::work_out(previous, used, typical);
        let usage = state.dingtalk.gateway.usage().await?;
        Ok(Estimate {
            calls,
            entries,
            basis,
            file_bytes,
            budget_left: (i64::from(usage.budget) - usage.used).max(0),
            budget: i64::from(usage.budget),
            resets_on: usage.resets_on,
        })
    }

    /// The space's used bytes in the latest snapshot that holds it.
    async fn used_bytes(
        &self,
        state: &AppState,
        space_id: &str,
    ) -> Result<Option<i64>, StoreError> {
        let Some(snapshot) = state.store.latest_snapshot().await? else {
            return Ok(None);
        };
        let fields = state.store.snapshot_space(snapshot.id, space_id).await?;
        Ok(fields
            .and_then(|f| serde_json::from_str::<dingtalk_wire::Space>(&f).ok())
            .and_then(|s| s.used_quota))
    }

    /// Starts a scan of `space_id` as `op` (with `go_on`, takes the cancelled or stopped
    /// latest one up from where it stopped), unless one runs (anywhere): then that one's
    /// status. Refused when the month's budget has nothing left.
    pub async fn start(
        &self,
        state: &AppState,
        op: Operator,
        space_id: &str,
        go_on: bool,
    ) -> Result<ScanStatus, AppError> {
        let store = &state.store;
        let now = now_secs();
        if let Some(row) = store.latest_scan(space_id).await? {
            if row.state == ScanState::Running.code() && row.heartbeat_at >= now - LEASE_SECS {
                return self.status(state, space_id).await;
            }
        }
        let estimate = self.estimate(state, space_id).await?;
        // An estimate over what is left is the admin's call (it is a guess until the space
        // has been scanned once, and the budget stops the scan cleanly, keeping what it
        // read); with nothing left, no page could be read.
        if estimate.budget_left == 0 {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                "scan.budget",
                format!(
                    "This month's DingTalk call budget is spent, so a scan could read nothing; it starts again on {}, or raise DINGTALK_MONTHLY_CALL_BUDGET within what the organization's other apps leave",
                    estimate.resets_on
                ),
            ));
        }
        let Some(claim) = self.claim(space_id) else {
            return self.running_one(state, space_id).await;
        };
        if !store
            .take_lease(&lease(space_id), &self.holder, now + LEASE_SECS, now)
            .await?
        {
            return self.running_one(state, space_id).await;
        }
        // With the lease: a scan still marked running holds none, so its process died; it is
        // taken up where it stopped rather than begun again.
        let latest = match store.latest_scan(space_id).await {
            Ok(l) => l,
            Err(e) => {
                let _ = store.release_lease(&lease(space_id), &self.holder).await;
                return Err(e.into());
            }
        };
        let row = match latest {
            Some(row) if row.state == ScanState::Running.code() => row,
            Some(row) if go_on => {
                let reopened = store.reopen_scan(row.id, now).await;
                let row = match reopened {
                    Ok(true) => store.scan(row.id).await.ok().flatten(),
                    _ => None,
                };
                let Some(row) = row else {
                    let _ = store.release_lease(&lease(space_id), &self.holder).await;
                    return Err(AppError::new(
                        StatusCode::CONFLICT,
                        "scan.cannotContinue",
                        "The space's last scan cannot go on (it ran to its end, or was not stopped part-way); start a new scan instead",
                    ));
                };
                tracing::info!(
                    space = space_id,
                    pages = row.pages,
                    "scan taken up where it stopped"
                );
                row
            }
            previous => {
                let micros = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_micros() as i64)
                    .unwrap_or(now * 1_000_000);
                let row = ScanRow {
                    id: micros.max(previous.map_or(0, |p| p.id + 1)),
                    space_id: space_id.to_owned(),
                    started_at: now,
                    finished_at: None,
                    operator_union_id: op.union_id.clone(),
                    operator_name: op.name.clone(),
                    state: ScanState::Running.code().to_owned(),
                    next_token: None,
                    pages: 0,
                    listed: 0,
                    repeats: 0,
                    expected_calls: Some(estimate.calls),
                    walk_secs: 0,
                    cancel_asked: 0,
                    error: None,
                    heartbeat_at: now,
                    files: None,
                    bytes: None,
                    rollup_ms: None,
                };
                if let Err(e) = store.begin_scan(&row).await {
                    let _ = store.release_lease(&lease(space_id), &self.holder).await;
                    return Err(e.into());
                }
                tracing::info!(
                    space = space_id,
                    expected_calls = estimate.calls,
                    "scan started"
                );
                row
            }
        };
        self.spawn(state, claim, row);
        self.status(state, space_id).await
    }

    /// The status once the scan another request (or process) is starting has its row: a
    /// moment at most.
    async fn running_one(&self, state: &AppState, space_id: &str) -> Result<ScanStatus, AppError> {
        for _ in 0..40 {
            let latest = state.store.latest_scan(space_id).await?;
            if latest.is_some_and(|r| r.state == ScanState::Running.code()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.status(state, space_id).await
    }

    /// Runs `row`'s walk in the background, the space claimed until it ends.
    fn spawn(&self, state: &AppState, claim: Claim<'_>, row: ScanRow) {
        // The claim is the task's now: released when it ends.
        let space = claim.space.clone();
        std::mem::forget(claim);
        let state = state.clone();
        tokio::spawn(async move {
            let _claim = Claim {
                scanner: &state.scanner,
                space,
            };
            state.scanner.run(&state, row).await;
        });
    }

    /// Asks the space's running scan to stop; its process stops it after the page it reads.
    pub async fn cancel(&self, state: &AppState, space_id: &str) -> Result<ScanStatus, AppError> {
        if let Some(row) = state.store.latest_scan(space_id).await? {
            if row.state == ScanState::Running.code() {
                state.store.ask_cancel_scan(row.id).await?;
                tracing::info!(space = space_id, "scan: cancel asked");
            }
        }
        self.status(state, space_id).await
    }

    /// Walks the rest of `row`'s pages and ends it with what it read.
    async fn run(&self, state: &AppState, row: ScanRow) {
        let store = &state.store;
        let heartbeat = {
            let store = store.clone();
            let (holder, name, id) = (self.holder.clone(), lease(&row.space_id), row.id);
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(HEARTBEAT).await;
                    let now = now_secs();
                    if !matches!(
                        store
                            .take_lease(&name, &holder, now + LEASE_SECS, now)
                            .await,
                        Ok(true)
                    ) {
                        tracing::warn!("scan: the lease could not be renewed");
                    }
                    let _ = store.touch_scan(id, now).await;
                }
            })
        };
        let walked = self.walk(state, &row).await;
        heartbeat.abort();
        let ended = match walked {
            Walked::Done => Some((ScanState::Complete, None)),
            Walked::Cancelled => Some((ScanState::Cancelled, None)),
            Walked::Stopped(f) => Some((ScanState::Stopped, Some(f))),
            Walked::Lost => None,
        };
        if let Some((end, error)) = ended {
            if let Err(e) = self.end(state, row.id, end, error).await {
                tracing::error!(error = %e, "scan: its results could not be written; it is taken up again");
            }
        }
        let _ = store
            .release_lease(&lease(&row.space_id), &self.holder)
            .await;
    }

    /// Reads pages from `row`'s next token until the last, a cancel, or a refusal.
    async fn walk(&self, state: &AppState, row: &ScanRow) -> Walked {
        let store = &state.store;
        if !dingtalk_wire::is_valid_id(&row.operator_union_id) {
            return Walked::Stopped(Failure::new(
                400,
                "scan.operator",
                "The scan's operator has no usable unionId; log in again and scan once more",
            ));
        }
        // Read to the end already (its process died as it rolled up).
        if row.pages > 0 && row.next_token.is_none() {
            return Walked::Done;
        }
        let path = list_all_path(&row.space_id);
        let query = format!("unionId={}", row.operator_union_id);
        let (mut token, mut pages, mut listed) = (row.next_token.clone(), row.pages, row.listed);
        let mut walk_secs = row.walk_secs;
        let mut seen: HashSet<String> = token.iter().cloned().collect();
        let mut mark = Instant::now();
        let mut carried = 0u128;
        loop {
            let body =
                serde_json::to_vec(&ListAllRequest::page(token.as_deref())).unwrap_or_default();
            let answer = match state
                .dingtalk
                .forward_post(&path, &query, bytes::Bytes::from(body))
                .await
            {
                Ok(a) => a,
                Err(e) => return Walked::Stopped(failure(&e)),
            };
            let page = answer
                .status
                .is_success()
                .then(|| serde_json::from_slice::<ListDentriesResponse>(&answer.body).ok())
                .flatten();
            let Some(page) = page else {
                let (status, body) = answer.error_body();
                return Walked::Stopped(Failure::from_body(status.as_u16(), body));
            };
            let next = page.next().map(str::to_owned);
            if next.as_ref().is_some_and(|n| !seen.insert(n.clone())) {
                return Walked::Stopped(Failure::new(
                    502,
                    dashboard_core::snapshot::REPEATED_PAGE,
                    &format!("DingTalk sent the same page token twice after {listed} entries; the scan was stopped so it cannot loop, and what it read is kept"),
                ));
            }
            let entries: Vec<ScanEntry> = page.dentries.into_iter().map(entry).collect();
            pages += 1;
            listed += entries.len() as i64;
            // Whole seconds walked, the fractions carried.
            carried += mark.elapsed().as_millis();
            mark = Instant::now();
            walk_secs += (carried / 1000) as i64;
            carried %= 1000;
            let written = store
                .scan_page(
                    row.id,
                    &entries,
                    next.as_deref(),
                    pages,
                    listed,
                    walk_secs,
                    now_secs(),
                )
                .await;
            match written {
                Ok(Some(false)) => {}
                Ok(Some(true)) => return Walked::Cancelled,
                Ok(None) => return Walked::Lost,
                Err(e) => {
                    tracing::error!(error = %e, "scan: a page could not be written; the scan is taken up again from the last page written");
                    return Walked::Lost;
                }
            }
            match next {
                Some(n) => token = Some(n),
                None => return Walked::Done,
            }
        }
    }

    /// Rolls up what scan `id` read and writes its end.
    async fn end(
        &self,
        state: &AppState,
        id: i64,
        end: ScanState,
        error: Option<Failure>,
    ) -> Result<(), StoreError> {
        let store = &state.store;
        let Some(row) = store.scan(id).await? else {
            return Ok(());
        };
        let entries = store.scan_entries(id).await?;
        let mut scan = info(&row);
        scan.state = end;
        let started = Instant::now();
        let (report, folder_rows) = roll_up_report(&entries, now_secs() * 1000, scan);
        let rollup_ms = started.elapsed().as_millis() as i64;
        let repeats = (row.listed - entries.len() as i64).max(0);
        let (files, bytes) = (report.files as i64, report.bytes);
        let report = serde_json::to_string(&report).unwrap_or_default();
        let error = error.map(|f| serde_json::to_string(&f).unwrap_or_default());
        let written = store
            .end_scan(
                id,
                &Ending {
                    state: end.code(),
                    error: error.as_deref(),
                    repeats,
                    files,
                    bytes,
                    rollup_ms,
                    report: &report,
                    folders: &folder_rows,
                    now: now_secs(),
                },
            )
            .await?;
        if written {
            tracing::info!(space = %row.space_id, state = end.code(), pages = row.pages, entries = entries.len(), repeats, rollup_ms, "scan ended");
        }
        Ok(())
    }

    /// The report of the space's latest scan with results.
    pub async fn report(&self, state: &AppState, space_id: &str) -> Result<ScanReport, AppError> {
        let store = &state.store;
        let row = store
            .latest_scan_with_results(space_id)
            .await?
            .ok_or_else(no_results)?;
        let json = store.scan_report(row.id).await?.ok_or_else(no_results)?;
        let mut report: ScanReport = serde_json::from_str(&json).map_err(|e| {
            tracing::error!(error = %e, "scan: a stored report could not be read");
            AppError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "scan.unreadable",
                "The stored results of this space's scan could not be read; scan the space again",
            )
        })?;
        report.scan = info(&row);
        Ok(report)
    }

    /// One folder's level of the treemap, from the space's latest scan with results.
    pub async fn tree(
        &self,
        state: &AppState,
        space_id: &str,
        folder: &str,
    ) -> Result<TreeLevel, AppError> {
        let store = &state.store;
        let row = store
            .latest_scan_with_results(space_id)
            .await?
            .ok_or_else(no_results)?;
        let not_in_scan = || {
            AppError::new(
                StatusCode::NOT_FOUND,
                "scan.folder",
                "This folder is not in the space's latest scan (made since, or moved); scan the space again to see it",
            )
        };
        let this = store
            .scan_folder(row.id, folder)
            .await?
            .ok_or_else(not_in_scan)?;
        let mut path = Vec::new();
        let mut at = this.clone();
        while at.id != dashboard_core::scan::ROOT && path.len() < MAX_DEPTH {
            path.push(Crumb {
                id: at.id.clone(),
                name: at.name.clone(),
            });
            match store.scan_folder(row.id, &at.parent_id).await? {
                Some(parent) if !path.iter().any(|c| c.id == parent.id) => at = parent,
                _ => break,
            }
        }
        path.reverse();
        let mut cells: Vec<Cell> = store
            .scan_subfolders(row.id, folder)
            .await?
            .into_iter()
            .map(|f| Cell {
                id: f.id,
                name: f.name,
                folder: true,
                size: f.size,
                files: f.files,
                kind: f.kind,
                modified_ms: f.newest_ms,
            })
            .collect();
        let (files, in_folder, in_bytes) = store
            .scan_files_in(row.id, folder, TREEMAP_CELLS as i64)
            .await?;
        let (shown, shown_bytes) = (
            files.len() as i64,
            files.iter().map(|f| f.size).sum::<i64>(),
        );
        cells.extend(files.into_iter().map(|f| Cell {
            kind: dashboard_core::scan::Kind::of(&f.extension),
            id: f.id,
            name: f.name,
            folder: false,
            size: f.size,
            files: 1,
            modified_ms: f.modified_ms,
        }));
        let mut level = TreeLevel {
            scan_id: row.id,
            folder: folder.to_owned(),
            path,
            size: this.size,
            files: this.files,
            cells: Vec::new(),
            rest_items: 0,
            rest_bytes: 0,
        };
        level.trim(cells);
        level.rest_items += (in_folder - shown).max(0) as u64;
        level.rest_bytes += (in_bytes - shown_bytes).max(0);
        Ok(level)
    }

    /// The sizes of `parent`'s subfolders as of the space's latest scan with results.
    pub async fn folder_sizes(
        &self,
        state: &AppState,
        space_id: &str,
        parent: &str,
    ) -> Result<FolderSizes, AppError> {
        let store = &state.store;
        let row = store
            .latest_scan_with_results(space_id)
            .await?
            .ok_or_else(no_results)?;
        let folders = store
            .scan_subfolders(row.id, parent)
            .await?
            .into_iter()
            .map(|f| FolderSize {
                id: f.id,
                size: f.size,
                files: f.files,
            })
            .collect();
        Ok(FolderSizes {
            scan_id: row.id,
            as_of: row.finished_at.unwrap_or(row.started_at),
            whole: row.state == ScanState::Complete.code(),
            folders,
        })
    }

    /// Every [`WATCH`], takes up the scans whose process died, from their last page. Runs for
    /// the life of the process.
    pub async fn watch(state: AppState) {
        loop {
            if let Err(e) = state.scanner.take_up(&state).await {
                tracing::warn!(error = %e, "scanner: the store could not be read");
            }
            tokio::time::sleep(WATCH).await;
        }
    }

    async fn take_up(&self, state: &AppState) -> Result<(), StoreError> {
        let now = now_secs();
        for row in state.store.running_scans().await? {
            if row.heartbeat_at >= now - LEASE_SECS {
                continue;
            }
            let Some(claim) = self.claim(&row.space_id) else {
                continue;
            };
            if !state
                .store
                .take_lease(&lease(&row.space_id), &self.holder, now + LEASE_SECS, now)
                .await?
            {
                continue;
            }
            // Re-read with the lease: another process may have ended it meanwhile.
            let Some(row) = state.store.scan(row.id).await? else {
                continue;
            };
            if row.state != ScanState::Running.code() {
                let _ = state
                    .store
                    .release_lease(&lease(&row.space_id), &self.holder)
                    .await;
                continue;
            }
            tracing::info!(space = %row.space_id, pages = row.pages, "scan: its process stopped; taken up from its last page");
            self.spawn(state, claim, row);
        }
        Ok(())
    }
}
