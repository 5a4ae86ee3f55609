//! The store's part for scans of a space (see the `scans` tables): each page's entries written
//! with the token of the next, so a scan resumes where it stopped; the folders' totals and the
//! report written with the scan's end.

use super::{Store, StoreError};
use dashboard_core::scan::ScanEntry;
use dashboard_core::scan_report::FolderRow;

/// A scan as its row holds it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ScanRow {
    pub id: i64,
    pub space_id: String,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub operator_union_id: String,
    pub operator_name: String,
    pub state: String,
    pub next_token: Option<String>,
    pub pages: i64,
    pub listed: i64,
    pub repeats: i64,
    pub expected_calls: Option<i64>,
    pub walk_secs: i64,
    pub cancel_asked: i64,
    pub error: Option<String>,
    pub heartbeat_at: i64,
    pub files: Option<i64>,
    pub bytes: Option<i64>,
    pub rollup_ms: Option<i64>,
}

const COLUMNS: &str = "id, space_id, started_at, finished_at, operator_union_id, operator_name, \
     state, next_token, pages, listed, repeats, expected_calls, walk_secs, cancel_asked, error, \
     heartbeat_at, files, bytes, rollup_ms";

/// Rows per INSERT of entries (9 values each) and of folders (8 each): well under both
/// databases' limits on parameters.
const ENTRIES_PER_INSERT: usize = 200;

/// How a scan ended, as written with its results.
pub struct Ending<'a> {
    pub state: &'a str,
    pub error: Option<&'a str>,
    pub repeats: i64,
    pub files: i64,
    pub bytes: i64,
    pub rollup_ms: i64,
    /// The report's JSON, without its `scan` (filled when sent).
    pub report: &'a str,
    pub folders: &'a [FolderRow],
    pub now: i64,
}

impl Store {
    /// Records the start of scan `s` (state `running`).
    pub async fn begin_scan(&self, s: &ScanRow) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO scans ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
             $12, $13, $14, $15, $16, $17, $18, $19)"
        ))
        .bind(s.id)
        .bind(&s.space_id)
        .bind(s.started_at)
        .bind(s.finished_at)
        .bind(&s.operator_union_id)
        .bind(&s.operator_name)
        .bind(&s.state)
        .bind(&s.next_token)
        .bind(s.pages)
        .bind(s.listed)
        .bind(s.repeats)
        .bind(s.expected_calls)
        .bind(s.walk_secs)
        .bind(s.cancel_asked)
        .bind(&s.error)
        .bind(s.heartbeat_at)
        .bind(s.files)
        .bind(s.bytes)
        .bind(s.rollup_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Scan `id`.
    pub async fn scan(&self, id: i64) -> Result<Option<ScanRow>, StoreError> {
        Ok(
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM scans WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The latest scan of `space_id`.
    pub async fn latest_scan(&self, space_id: &str) -> Result<Option<ScanRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM scans WHERE space_id = $1 ORDER BY id DESC LIMIT 1"
        ))
        .bind(space_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The latest scan of `space_id` that ended with results (its report and folders kept).
    pub async fn latest_scan_with_results(
        &self,
        space_id: &str,
    ) -> Result<Option<ScanRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM scans WHERE space_id = $1 AND report IS NOT NULL \
             ORDER BY id DESC LIMIT 1"
        ))
        .bind(space_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The calls of `space_id`'s latest complete scan.
    pub async fn last_complete_scan_pages(
        &self,
        space_id: &str,
    ) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT pages FROM scans WHERE space_id = $1 AND state = 'complete' \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(space_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The organization's typical file size (bytes), over its complete scans with files.
    pub async fn typical_file_bytes(&self) -> Result<Option<i64>, StoreError> {
        let (bytes, files): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT CAST(SUM(bytes) AS BIGINT), CAST(SUM(files) AS BIGINT) FROM scans \
             WHERE state = 'complete' AND files > 0",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(match (bytes, files) {
            (Some(b), Some(f)) if f > 0 => Some(b / f),
            _ => None,
        })
    }

    /// Scans marked running: those of a process that died are resumed.
    pub async fn running_scans(&self) -> Result<Vec<ScanRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM scans WHERE state = 'running' ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Writes one page of scan `id`: its entries (a repeat replaces the earlier one), the
    /// token of the next page and the progress, in one transaction. `None` when the scan no
    /// longer runs (nothing is written then); otherwise whether an admin asked to cancel it.
    #[allow(clippy::too_many_arguments)]
    pub async fn scan_page(
        &self,
        id: i64,
        entries: &[ScanEntry],
        next_token: Option<&str>,
        pages: i64,
        listed: i64,
        walk_secs: i64,
        now: i64,
    ) -> Result<Option<bool>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let cancel: Option<i64> = sqlx::query_scalar(
            "UPDATE scans SET next_token = $1, pages = $2, listed = $3, walk_secs = $4, \
             heartbeat_at = $5 WHERE id = $6 AND state = 'running' RETURNING cancel_asked",
        )
        .bind(next_token)
        .bind(pages)
        .bind(listed)
        .bind(walk_secs)
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(cancel) = cancel else {
            return Ok(None);
        };
        for chunk in entries.chunks(ENTRIES_PER_INSERT) {
            let sql = format!(
                "INSERT INTO scan_entries (scan_id, entry_id, parent_id, folder, name, extension, \
                 size, modified_ms, creator) VALUES {} ON CONFLICT (scan_id, entry_id) DO UPDATE \
                 SET parent_id = excluded.parent_id, folder = excluded.folder, \
                 name = excluded.name, extension = excluded.extension, size = excluded.size, \
                 modified_ms = excluded.modified_ms, creator = excluded.creator",
                super::values(chunk.len(), 9, "")
            );
            let mut q = sqlx::query(&sql);
            for e in chunk {
                q = q
                    .bind(id)
                    .bind(&e.id)
                    .bind(&e.parent_id)
                    .bind(i64::from(e.folder))
                    .bind(&e.name)
                    .bind(&e.extension)
                    .bind(e.size)
                    .bind(e.modified_ms)
                    .bind(&e.creator);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(Some(cancel != 0))
    }

    /// A sign that the process running scan `id` lives; whether an admin asked to cancel it
    /// (`None` when it no longer runs).
    pub async fn touch_scan(&self, id: i64, now: i64) -> Result<Option<bool>, StoreError> {
        Ok(sqlx::query_scalar::<_, i64>(
            "UPDATE scans SET heartbeat_at = $1 WHERE id = $2 AND state = 'running' \
             RETURNING cancel_asked",
        )
        .bind(now)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|c| c != 0))
    }

    /// Asks the running scan `id` to stop (its process stops it at its next page). False
    /// when it does not run.
    pub async fn ask_cancel_scan(&self, id: i64) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE scans SET cancel_asked = 1 WHERE id = $1 AND state = 'running'")
                .bind(id)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every entry scan `id` listed, once each.
    pub async fn scan_entries(&self, id: i64) -> Result<Vec<ScanEntry>, StoreError> {
        let rows: Vec<EntryTuple> = sqlx::query_as(
            "SELECT entry_id, parent_id, folder, name, extension, size, modified_ms, creator \
                 FROM scan_entries WHERE scan_id = $1",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, parent_id, folder, name, extension, size, modified_ms, creator)| ScanEntry {
                    id,
                    parent_id,
                    folder: folder != 0,
                    name,
                    extension,
                    size,
                    modified_ms,
                    creator,
                },
            )
            .collect())
    }

    /// Ends scan `id` with its results, in one transaction: its state, the report, every
    /// folder's totals. The space's earlier scans then keep their row only (their entries,
    /// folders and report go). False when it no longer runs (nothing is written then).
    pub async fn end_scan(&self, id: i64, e: &Ending<'_>) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE scans SET state = $1, error = $2, repeats = $3, files = $4, bytes = $5, \
             rollup_ms = $6, report = $7, finished_at = $8, heartbeat_at = $8, next_token = \
             CASE WHEN $1 = 'complete' THEN NULL ELSE next_token END \
             WHERE id = $9 AND state = 'running'",
        )
        .bind(e.state)
        .bind(e.error)
        .bind(e.repeats)
        .bind(e.files)
        .bind(e.bytes)
        .bind(e.rollup_ms)
        .bind(e.report)
        .bind(e.now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        for chunk in e.folders.chunks(ENTRIES_PER_INSERT) {
            let sql = format!(
                "INSERT INTO scan_folders (scan_id, folder_id, parent_id, name, size, files, \
                 newest_ms, kind) VALUES {} ON CONFLICT (scan_id, folder_id) DO NOTHING",
                super::values(chunk.len(), 8, "")
            );
            let mut q = sqlx::query(&sql);
            for f in chunk {
                q = q
                    .bind(id)
                    .bind(&f.id)
                    .bind(&f.parent_id)
                    .bind(&f.name)
                    .bind(f.size)
                    .bind(f.files as i64)
                    .bind(f.newest_ms)
                    .bind(f.kind.code());
            }
            q.execute(&mut *tx).await?;
        }
        let space: String = sqlx::query_scalar("SELECT space_id FROM scans WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        for table in ["scan_folders", "scan_entries"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE scan_id IN (SELECT id FROM scans WHERE space_id = $1 \
                 AND id < $2)"
            ))
            .bind(&space)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE scans SET report = NULL WHERE space_id = $1 AND id < $2")
            .bind(&space)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Takes up the cancelled or stopped scan `id` again as running, from its next token, with
    /// the entries it read; its results go until it ends again. False when it cannot go on
    /// (it ran to its end, or runs).
    pub async fn reopen_scan(&self, id: i64, now: i64) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE scans SET state = 'running', cancel_asked = 0, error = NULL, report = NULL, \
             finished_at = NULL, heartbeat_at = $1 WHERE id = $2 \
             AND state IN ('cancelled', 'stopped') AND next_token IS NOT NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM scan_folders WHERE scan_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// The report of scan `id` (without its `scan`), when it has one.
    pub async fn scan_report(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar::<_, Option<String>>("SELECT report FROM scans WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .flatten(),
        )
    }

    /// Folder `folder_id` of scan `id`'s results.
    pub async fn scan_folder(
        &self,
        id: i64,
        folder_id: &str,
    ) -> Result<Option<FolderRow>, StoreError> {
        let row: Option<FolderTuple> = sqlx::query_as(
            "SELECT folder_id, parent_id, name, size, files, newest_ms, kind FROM scan_folders \
             WHERE scan_id = $1 AND folder_id = $2",
        )
        .bind(id)
        .bind(folder_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(folder_row))
    }

    /// The folders directly in `parent` in scan `id`'s results.
    pub async fn scan_subfolders(
        &self,
        id: i64,
        parent: &str,
    ) -> Result<Vec<FolderRow>, StoreError> {
        let rows: Vec<FolderTuple> = sqlx::query_as(
            "SELECT folder_id, parent_id, name, size, files, newest_ms, kind FROM scan_folders \
             WHERE scan_id = $1 AND parent_id = $2 AND folder_id <> '0'",
        )
        .bind(id)
        .bind(parent)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(folder_row).collect())
    }

    /// The `limit` largest files directly in `parent` of scan `id` (largest first), and how
    /// many files and bytes it holds directly in all.
    pub async fn scan_files_in(
        &self,
        id: i64,
        parent: &str,
        limit: i64,
    ) -> Result<(Vec<ScanEntry>, i64, i64), StoreError> {
        let rows: Vec<(String, String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT entry_id, name, extension, size, modified_ms FROM scan_entries WHERE scan_id = $1 \
             AND parent_id = $2 AND folder = 0 ORDER BY size DESC, entry_id LIMIT $3",
        )
        .bind(id)
        .bind(parent)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let (count, bytes): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), CAST(SUM(size) AS BIGINT) FROM scan_entries WHERE scan_id = $1 \
             AND parent_id = $2 AND folder = 0",
        )
        .bind(id)
        .bind(parent)
        .fetch_one(&self.pool)
        .await?;
        let files = rows
            .into_iter()
            .map(|(id, name, extension, size, modified_ms)| ScanEntry {
                extension,
                id,
                parent_id: parent.to_owned(),
                folder: false,
                name,
                size,
                modified_ms,
                creator: String::new(),
            })
            .collect();
        Ok((files, count, bytes.unwrap_or(0)))
    }
}

/// An entry's columns: id, parent, folder, name, extension, size, modified, creator.
type EntryTuple = (
    String,
    String,
    i64,
    String,
    String,
    i64,
    Option<i64>,
    String,
);

type FolderTuple = (String, String, String, i64, i64, Option<i64>, String);

fn folder_row((id, parent_id, name, size, files, newest_ms, kind): FolderTuple) -> FolderRow {
    FolderRow {
        id,
        parent_id,
        name,
        size,
        files: files.max(0) as u64,
        newest_ms,
        kind: dashboard_core::scan::Kind::ALL
            .into_iter()
            .find(|k| k.code() == kind)
            .unwrap_or(dashboard_core::scan::Kind::Other),
    }
}
