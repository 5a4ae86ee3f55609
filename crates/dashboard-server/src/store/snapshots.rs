//! The store's part for snapshots of the organization's spaces, leases and settings.

use super::{Store, StoreError};

/// A run of listing every space (see the `collections` table).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Collection {
    pub id: i64,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub operator_union_id: String,
    pub operator_name: String,
    pub reason: String,
    pub state: String,
    pub pages: i64,
    pub spaces: i64,
    pub expected_pages: Option<i64>,
    pub error: Option<String>,
    pub heartbeat_at: i64,
}

pub const RUNNING: &str = "running";
pub const COMPLETE: &str = "complete";
pub const FAILED: &str = "failed";

/// Seconds a collection's process may go without a sign of life (and a lease without
/// renewal) before it is taken for dead.
pub const LEASE_SECS: i64 = 10;

impl Collection {
    /// Running, with its process alive at `now`.
    pub fn is_alive(&self, now: i64) -> bool {
        self.state == RUNNING && self.heartbeat_at >= now - LEASE_SECS
    }

    /// Marked running by a process that died.
    pub fn is_abandoned(&self, now: i64) -> bool {
        self.state == RUNNING && !self.is_alive(now)
    }

    /// When it ended (or, running, when it started).
    pub fn ended_at(&self) -> i64 {
        self.finished_at.unwrap_or(self.started_at)
    }
}

/// One space of a snapshot, as DingTalk sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotSpace {
    pub space_id: String,
    pub used: Option<i64>,
    pub quota: Option<i64>,
    /// The space's JSON object, verbatim.
    pub fields: String,
}

const COLUMNS: &str = "id, started_at, finished_at, operator_union_id, operator_name, reason, \
                       state, pages, spaces, expected_pages, error, heartbeat_at";

/// Rows per INSERT when a snapshot's spaces are written (6 values each, well under both
/// databases' limits on parameters).
const ROWS_PER_INSERT: usize = 200;

impl Store {
    /// Records the start of collection `c` (state [`RUNNING`]).
    pub async fn begin_collection(&self, c: &Collection) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO collections ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        ))
        .bind(c.id)
        .bind(c.started_at)
        .bind(c.finished_at)
        .bind(&c.operator_union_id)
        .bind(&c.operator_name)
        .bind(&c.reason)
        .bind(&c.state)
        .bind(c.pages)
        .bind(c.spaces)
        .bind(c.expected_pages)
        .bind(&c.error)
        .bind(c.heartbeat_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A sign that the process running collection `id` lives (between two pages).
    pub async fn touch_collection(&self, id: i64, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE collections SET heartbeat_at = $1 WHERE id = $2 AND state = 'running'")
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Progress of a running collection, and a sign that its process lives.
    pub async fn collection_progress(
        &self,
        id: i64,
        pages: i64,
        spaces: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE collections SET pages = $1, spaces = $2, heartbeat_at = $3 WHERE id = $4 AND state = 'running'",
        )
        .bind(pages)
        .bind(spaces)
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Makes collection `id` a snapshot holding `spaces`: all of them, its state and each
    /// space's point of the day (`space_days`) in one transaction, so a crash part-way leaves
    /// no snapshot and the previous one stands.
    pub async fn complete_collection(
        &self,
        id: i64,
        pages: i64,
        spaces: &[SnapshotSpace],
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for (chunk_no, chunk) in spaces.chunks(ROWS_PER_INSERT).enumerate() {
            let sql = format!(
                "INSERT INTO snapshot_spaces (collection_id, position, space_id, used, quota, fields) VALUES {}",
                super::values(chunk.len(), 6, "")
            );
            let mut q = sqlx::query(&sql);
            for (i, s) in chunk.iter().enumerate() {
                q = q
                    .bind(id)
                    .bind((chunk_no * ROWS_PER_INSERT + i) as i64)
                    .bind(&s.space_id)
                    .bind(s.used)
                    .bind(s.quota)
                    .bind(&s.fields);
            }
            q.execute(&mut *tx).await?;
        }
        let done = sqlx::query(
            "UPDATE collections SET state = 'complete', finished_at = $1, heartbeat_at = $1, \
             pages = $2, spaces = $3 WHERE id = $4 AND state = 'running'",
        )
        .bind(now)
        .bind(pages)
        .bind(spaces.len() as i64)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError(format!(
                "collection {id} was no longer running when its snapshot was to be written"
            )));
        }
        // Each space's point of the day: this snapshot's, the day's last so far.
        sqlx::query(
            "INSERT INTO space_days (space_id, day, used, quota, collection_id, demo)              SELECT space_id, $1, used, quota, collection_id, 0 FROM snapshot_spaces              WHERE collection_id = $2 AND used IS NOT NULL              ON CONFLICT (space_id, day) DO UPDATE SET used = excluded.used,              quota = excluded.quota, collection_id = excluded.collection_id, demo = 0",
        )
        .bind(dashboard_core::history::china_day(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks collection `id` failed with `error` (an error body's JSON).
    pub async fn fail_collection(&self, id: i64, error: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE collections SET state = 'failed', finished_at = $1, heartbeat_at = $1, error = $2 \
             WHERE id = $3 AND state = 'running'",
        )
        .bind(now)
        .bind(error)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks every collection still running as failed with `error`: called with the
    /// `collect` lease held, when none can be running any more (their processes died).
    pub async fn abandon_running(&self, error: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE collections SET state = 'failed', finished_at = heartbeat_at, error = $1 \
             WHERE state = 'running' AND heartbeat_at <= $2",
        )
        .bind(error)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// When the latest scheduled collection started, whatever came of it.
    pub async fn latest_scheduled_start(&self) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT MAX(started_at) FROM collections WHERE reason = 'schedule'")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// The latest snapshot (complete collection).
    pub async fn latest_snapshot(&self) -> Result<Option<Collection>, StoreError> {
        Ok(sqlx::query_as::<_, Collection>(&format!(
            "SELECT {COLUMNS} FROM collections WHERE state = 'complete' ORDER BY id DESC LIMIT 1"
        ))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The latest collection, whatever its state.
    pub async fn latest_collection(&self) -> Result<Option<Collection>, StoreError> {
        Ok(sqlx::query_as::<_, Collection>(&format!(
            "SELECT {COLUMNS} FROM collections ORDER BY id DESC LIMIT 1"
        ))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The spaces of snapshot `id`, each its JSON as DingTalk sent it, in DingTalk's order.
    pub async fn snapshot_fields(&self, id: i64) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT fields FROM snapshot_spaces WHERE collection_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// One space of snapshot `id`, if it held it.
    pub async fn snapshot_space(
        &self,
        id: i64,
        space_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT fields FROM snapshot_spaces WHERE space_id = $1 AND collection_id = $2",
        )
        .bind(space_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Takes (or renews) lease `name` for `holder` until `until`, if it is free, expired at
    /// `now`, or already `holder`'s. True when `holder` holds it now. Atomic across processes.
    pub async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        until: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let got: Option<String> = sqlx::query_scalar(
            "INSERT INTO leases (name, holder, until) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until \
             WHERE leases.until < $4 OR leases.holder = excluded.holder RETURNING holder",
        )
        .bind(name)
        .bind(holder)
        .bind(until)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(got.as_deref() == Some(holder))
    }

    /// Gives lease `name` up, if `holder` holds it.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE leases SET until = 0 WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn set_setting(&self, name: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO settings (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(name)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn clear_setting(&self, name: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM settings WHERE name = $1")
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
