//! The store's part for history: one point per space per day, written with each snapshot (the
//! day's last wins), read for the charts, the growth figures and the forecasts; and the
//! retention that keeps the store's size bounded.

use super::{Store, StoreError};
use dashboard_core::trend::Point;

/// One day of one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceDay {
    pub space_id: String,
    pub point: Point,
}

impl Store {
    /// Every space's points from `since` (a day) on, by space then day: what the review's
    /// growth figures and forecasts read.
    pub async fn days_since(&self, since: i64) -> Result<Vec<SpaceDay>, StoreError> {
        let rows: Vec<(String, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT space_id, day, used, quota FROM space_days WHERE day >= $1 \
             ORDER BY space_id, day",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(space_id, day, used, quota)| {
                Some(SpaceDay {
                    space_id,
                    point: Point {
                        day,
                        used: used?,
                        quota,
                    },
                })
            })
            .collect())
    }

    /// One space's points, oldest first.
    pub async fn space_days(&self, space_id: &str) -> Result<Vec<Point>, StoreError> {
        let rows: Vec<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT day, used, quota FROM space_days WHERE space_id = $1 ORDER BY day",
        )
        .bind(space_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(day, used, quota)| {
                Some(Point {
                    day,
                    used: used?,
                    quota,
                })
            })
            .collect())
    }

    /// The first day after the demo's made-up history, if the store holds some.
    pub async fn demo_until(&self) -> Result<Option<i64>, StoreError> {
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(day) FROM space_days WHERE demo = 1")
                .fetch_one(&self.pool)
                .await?;
        Ok(last.map(|d| d + 1))
    }

    /// Writes made-up points (the demo's history), marked as such; a day that has a point
    /// already keeps it.
    pub async fn add_demo_days(&self, days: &[SpaceDay]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        // 200 rows a statement (larger ones were measured slower through sqlx's Any driver).
        for chunk in days.chunks(200) {
            let sql = format!(
                "INSERT INTO space_days (space_id, day, used, quota, collection_id, demo) VALUES {} \
                 ON CONFLICT (space_id, day) DO NOTHING",
                super::values(chunk.len(), 4, ", 0, 1")
            );
            let mut q = sqlx::query(&sql);
            for d in chunk {
                q = q
                    .bind(&d.space_id)
                    .bind(d.point.day)
                    .bind(d.point.used)
                    .bind(d.point.quota);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Keeps the store's size bounded: points (the spaces' and the organization's) before
    /// `first_day` go, and the spaces of
    /// snapshots finished before `thin_before` (Unix seconds) go unless a day's point comes
    /// from them (the day's last) or they are the latest snapshot. Returns the rows removed.
    pub async fn apply_retention(
        &self,
        first_day: i64,
        thin_before: i64,
    ) -> Result<u64, StoreError> {
        let mut removed = 0;
        for table in ["space_days", "org_days"] {
            removed += sqlx::query(&format!("DELETE FROM {table} WHERE day < $1"))
                .bind(first_day)
                .execute(&self.pool)
                .await?
                .rows_affected();
        }
        removed += sqlx::query(
            "DELETE FROM snapshot_spaces WHERE collection_id IN (\
               SELECT c.id FROM collections c WHERE c.state = 'complete' AND c.finished_at < $1 \
               AND c.id < (SELECT MAX(id) FROM collections WHERE state = 'complete') \
               AND NOT EXISTS (SELECT 1 FROM space_days d WHERE d.collection_id = c.id))",
        )
        .bind(thin_before)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(removed)
    }
}
