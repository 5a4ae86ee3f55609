//! What the server remembers: SQLite embedded by default (one file under `DATA_DIR`), Postgres
//! when `DATABASE_URL` names one, for several replicas. One driver chosen at run time (sqlx's
//! `Any`), queries checked at run time (a build needs no database), and the migrations
//! embedded in the binary, applied at start-up, forward only.
//!
//! The SQL is the dialect both databases share: `$N` placeholders in order, `ON CONFLICT`
//! upserts, BIGINT and TEXT columns.

pub mod alerts;
pub mod history;
mod org;
mod pace;
pub mod scans;
pub mod snapshots;

use dingtalk_wire::BillingMonth;
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreTarget {
    /// `dashboard.sqlite3` in this directory (made if missing).
    Sqlite(PathBuf),
    /// A `postgres://` URL (its password is never printed).
    Postgres(String),
}

impl StoreTarget {
    /// For messages and logs: the file, or the database URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Self::Sqlite(dir) => sqlite_file(dir).display().to_string(),
            Self::Postgres(url) => without_password(url),
        }
    }
}

fn sqlite_file(dir: &Path) -> PathBuf {
    dir.join("dashboard.sqlite3")
}

/// `postgres://user:secret@host/db` -> `postgres://user:***@host/db`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "(not a URL)".into();
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = match authority.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or("");
            format!("{user}:***@{host}")
        }
        None => authority.to_owned(),
    };
    format!("{scheme}://{host}/{path}")
}

/// The store could not be opened or read: what, where, and the fix.
#[derive(Debug)]
pub struct StoreError(pub(crate) String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

/// What a request gets when the store fails it: 503 `store.unavailable`, logged once here.
impl From<StoreError> for crate::error::AppError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "store unavailable");
        Self::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "store.unavailable",
            format!("The dashboard could not reach its store ({e}), which counts DingTalk calls against the budget and keeps the snapshots; check DATA_DIR or DATABASE_URL and the disk or database behind it"),
        )
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        Self(format!("the store answered with an error: {e}"))
    }
}

/// `($1, $2, …, extra), ($n+1, …, extra), …`: the VALUES of a `rows`-row INSERT, each row
/// `columns` placeholders in order (the order SQLite needs) and then `extra` as written.
fn values(rows: usize, columns: usize, extra: &str) -> String {
    let mut sql = String::new();
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for col in 0..columns {
            if col > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", row * columns + col + 1));
        }
        sql.push_str(extra);
        sql.push(')');
    }
    sql
}

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// Postgres: replicas may share it (and DingTalk's pace through it).
    shared: bool,
}

/// A month of DingTalk calls, as counted by this app.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthCalls {
    /// Metered calls (the ones the budget counts).
    pub metered: i64,
    /// Every call by API name: (api, calls, metered).
    pub by_api: Vec<(String, i64, i64)>,
}

impl Store {
    /// Opens (creating if needed) the store and brings its schema up to date.
    pub async fn open(target: &StoreTarget) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let where_ = target.describe();
        let (url, connections) = match target {
            StoreTarget::Sqlite(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError(format!(
                        "cannot create the data directory {}: {e}; set DATA_DIR to a writable directory",
                        dir.display()
                    ))
                })?;
                // One writer at a time is SQLite's rule; a few readers beside it.
                (
                    format!("sqlite://{}?mode=rwc", sqlite_file(dir).display()),
                    4,
                )
            }
            StoreTarget::Postgres(url) => (url.clone(), 8),
        };
        let sqlite = matches!(target, StoreTarget::Sqlite(_));
        let pool = AnyPoolOptions::new()
            .max_connections(connections)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if sqlite {
                        // Readers do not wait for the writer; a writer waits up to 5 s for
                        // another (a second process on the same file) instead of failing.
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA busy_timeout = 5000")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA synchronous = NORMAL")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|e| {
                StoreError(format!(
                    "cannot open the store at {where_}: {e}; check DATA_DIR or DATABASE_URL"
                ))
            })?;
        MIGRATIONS.run(&pool).await.map_err(|e| {
            StoreError(format!(
                "cannot bring the store at {where_} up to date: {e}; a store written by a newer version of this server cannot be used by an older one"
            ))
        })?;
        Ok(Self {
            pool,
            shared: !sqlite,
        })
    }

    /// Whether several replicas may share this store (Postgres); then the gateway keeps
    /// DingTalk's per-second pace in it too.
    pub fn is_shared(&self) -> bool {
        self.shared
    }

    /// Takes `n` metered calls at once from `month`'s budget of `budget` calls: the month's
    /// count with them, or `None` when fewer than `n` were left (nothing is taken then).
    /// Atomic across processes sharing the store (one conditional update; the month's row is
    /// made by its first call).
    pub async fn take_metered(
        &self,
        month: BillingMonth,
        budget: u32,
        n: u32,
    ) -> Result<Option<i64>, StoreError> {
        let month = month.to_string();
        let take = || {
            sqlx::query_scalar::<_, i64>(
                "UPDATE call_months SET metered = metered + $1 WHERE month = $2 \
                 AND metered <= $3 - $1 RETURNING metered",
            )
            .bind(i64::from(n))
            .bind(month.clone())
            .bind(i64::from(budget))
            .fetch_optional(&self.pool)
        };
        if let Some(used) = take().await? {
            return Ok(Some(used));
        }
        // Refused: the budget is spent, or the month has no row yet (made here, or by another
        // process meanwhile); once it exists, the same update decides.
        sqlx::query(
            "INSERT INTO call_months (month, metered) VALUES ($1, 0) ON CONFLICT (month) DO NOTHING",
        )
        .bind(&month)
        .execute(&self.pool)
        .await?;
        Ok(take().await?)
    }

    /// Gives back `n` calls taken by [`Self::take_metered`] and not spent.
    pub async fn give_back_metered(&self, month: BillingMonth, n: u32) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE call_months SET metered = metered - $1 WHERE month = $2 AND metered >= $1",
        )
        .bind(i64::from(n))
        .bind(month.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Adds `calls` calls of `api` in `month`, `metered` of them metered.
    pub async fn add_calls(
        &self,
        month: BillingMonth,
        api: &str,
        calls: i64,
        metered: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO call_counts (month, api, calls, metered) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (month, api) DO UPDATE SET calls = call_counts.calls + excluded.calls, \
             metered = call_counts.metered + excluded.metered",
        )
        .bind(month.to_string())
        .bind(api)
        .bind(calls)
        .bind(metered)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The calls of `month`.
    pub async fn month_calls(&self, month: BillingMonth) -> Result<MonthCalls, StoreError> {
        let month = month.to_string();
        let metered: Option<i64> =
            sqlx::query_scalar("SELECT metered FROM call_months WHERE month = $1")
                .bind(&month)
                .fetch_optional(&self.pool)
                .await?;
        let by_api: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT api, calls, metered FROM call_counts WHERE month = $1 ORDER BY api",
        )
        .bind(&month)
        .fetch_all(&self.pool)
        .await?;
        Ok(MonthCalls {
            metered: metered.unwrap_or(0),
            by_api,
        })
    }

    /// Closes the connections (a clean stop writes SQLite's journal back into its file).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_number_placeholders_in_order() {
        assert_eq!(values(2, 3, ""), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(values(1, 2, ", 0"), "($1, $2, 0)");
        assert_eq!(values(0, 2, ""), "");
    }

    #[test]
    fn passwords_are_not_printed() {
        assert_eq!(
            without_password("postgres://dash:s3cr3t@db.internal:5432/quota"),
            "postgres://dash:***@db.internal:5432/quota"
        );
        assert_eq!(
            without_password("postgres://db/quota"),
            "postgres://db/quota"
        );
        assert_eq!(without_password("nonsense"), "(not a URL)");
        let t = StoreTarget::Sqlite(PathBuf::from("/var/lib/dqd"));
        assert_eq!(t.describe(), "/var/lib/dqd/dashboard.sqlite3");
    }
}
