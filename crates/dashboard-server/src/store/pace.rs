//! The places of DingTalk's per-second pace, kept in the store so that replicas on one
//! database share them (`pace_places`, see [`crate::gateway`] for why places and not a
//! count per second). Times are the replicas' clocks, which must agree to within the pace's
//! margin (NTP does).

use super::{Store, StoreError};

impl Store {
    /// Makes places `0..per_second` of `api` (those that exist are left as they are).
    pub async fn ensure_pace_places(&self, api: &str, per_second: u32) -> Result<(), StoreError> {
        for place in 0..i64::from(per_second) {
            sqlx::query(
                "INSERT INTO pace_places (api, place, free_at) VALUES ($1, $2, 0) \
                 ON CONFLICT (api, place) DO NOTHING",
            )
            .bind(api)
            .bind(place)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// Takes a place of `api` free at `now` among its first `per_second`, holding it until
    /// `hold_until`: its number, or `None` when every place is held. Two replicas that pick
    /// the same place race on one conditional update, which only one wins.
    pub async fn take_pace_place(
        &self,
        api: &str,
        per_second: u32,
        now: i64,
        hold_until: i64,
    ) -> Result<Option<i64>, StoreError> {
        for _ in 0..4 {
            let free: Option<i64> = sqlx::query_scalar(
                "SELECT place FROM pace_places WHERE api = $1 AND place < $2 AND free_at <= $3 \
                 ORDER BY free_at LIMIT 1",
            )
            .bind(api)
            .bind(i64::from(per_second))
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
            let Some(place) = free else {
                return Ok(None);
            };
            let taken = sqlx::query(
                "UPDATE pace_places SET free_at = $1 WHERE api = $2 AND place = $3 AND free_at <= $4",
            )
            .bind(hold_until)
            .bind(api)
            .bind(place)
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected();
            if taken == 1 {
                return Ok(Some(place));
            }
        }
        // Lost every race: as good as none free; the caller waits a moment.
        Ok(None)
    }

    /// When the first of `api`'s places frees (milliseconds since 1970).
    pub async fn next_pace_place(&self, api: &str, per_second: u32) -> Result<i64, StoreError> {
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(free_at) FROM pace_places WHERE api = $1 AND place < $2",
        )
        .bind(api)
        .bind(i64::from(per_second))
        .fetch_one(&self.pool)
        .await?;
        Ok(at.unwrap_or(0))
    }

    /// Gives `place` of `api` back, free from `free_at`.
    pub async fn release_pace_place(
        &self,
        api: &str,
        place: i64,
        free_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE pace_places SET free_at = $1 WHERE api = $2 AND place = $3")
            .bind(free_at)
            .bind(api)
            .bind(place)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
