//! The store's part for the organization's storage: one row per day (the day's last
//! snapshot's), read for the headline capacity, the chart and the forecast.

use super::{Store, StoreError};
use dashboard_core::history::OrgDay;

type Row = (i64, i64, i64, i64, i64, i64);

fn of_row((day, used, capacity, reserved, allotted, spaces_used): Row) -> OrgDay {
    OrgDay {
        day,
        used,
        capacity,
        reserved,
        allotted,
        spaces_used,
    }
}

impl Store {
    /// Writes the organization's storage for `d.day` (a later snapshot of the day replaces
    /// an earlier one, and a day the demo made up).
    pub async fn put_org_day(&self, d: &OrgDay) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO org_days (day, used, capacity, reserved, allotted, spaces_used, demo) \
             VALUES ($1, $2, $3, $4, $5, $6, 0) \
             ON CONFLICT (day) DO UPDATE SET used = excluded.used, capacity = excluded.capacity, \
             reserved = excluded.reserved, allotted = excluded.allotted, \
             spaces_used = excluded.spaces_used, demo = 0",
        )
        .bind(d.day)
        .bind(d.used)
        .bind(d.capacity)
        .bind(d.reserved)
        .bind(d.allotted)
        .bind(d.spaces_used)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Writes made-up days (the demo's history), marked as such; a day already held keeps
    /// its row.
    pub async fn add_demo_org_days(&self, days: &[OrgDay]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for chunk in days.chunks(200) {
            let sql = format!(
                "INSERT INTO org_days (day, used, capacity, reserved, allotted, spaces_used, demo) \
                 VALUES {} ON CONFLICT (day) DO NOTHING",
                super::values(chunk.len(), 6, ", 1")
            );
            let mut q = sqlx::query(&sql);
            for d in chunk {
                q = q
                    .bind(d.day)
                    .bind(d.used)
                    .bind(d.capacity)
                    .bind(d.reserved)
                    .bind(d.allotted)
                    .bind(d.spaces_used);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every day held, oldest first.
    pub async fn org_days(&self) -> Result<Vec<OrgDay>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT day, used, capacity, reserved, allotted, spaces_used FROM org_days ORDER BY day",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(of_row).collect())
    }

    /// The first day after the demo's made-up organization history, if any.
    pub async fn org_demo_until(&self) -> Result<Option<i64>, StoreError> {
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(day) FROM org_days WHERE demo = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(last.map(|d| d + 1))
    }
}
