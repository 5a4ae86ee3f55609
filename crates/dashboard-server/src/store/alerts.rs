//! The store's part for alerts (see the `alert_*` tables): subscriptions, the alerts that have
//! fired, each snapshot judged once with the messages it decided (one transaction), and each
//! message's way through DingTalk, claimed by one process at a time.

use super::{Store, StoreError};
use dashboard_core::alerts::{AlertKey, RuleKind};
use std::collections::BTreeSet;

/// A message as its row holds it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub collection_id: i64,
    pub created_at: i64,
    pub union_id: String,
    pub lang: String,
    pub digest: i64,
    pub crossings: String,
    pub title: String,
    pub msg: String,
    pub state: String,
    pub attempts: i64,
    pub calls: i64,
    pub next_at: i64,
    pub task_id: Option<i64>,
    pub sent_at: Option<i64>,
    pub delivery: Option<String>,
    pub result_tries: i64,
    pub error: Option<String>,
}

const COLUMNS: &str = "id, collection_id, created_at, union_id, lang, digest, crossings, title, \
     msg, state, attempts, calls, next_at, task_id, sent_at, delivery, result_tries, error";

/// A message decided by a judgement, before it has an id.
pub struct NewMessage {
    pub union_id: String,
    pub lang: String,
    pub digest: bool,
    pub crossings: String,
    pub title: String,
    pub msg: String,
}

/// An admin subscribed to at least one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriberRow {
    pub union_id: String,
    pub lang: String,
    pub rules: BTreeSet<RuleKind>,
}

/// The setting that holds the rules' JSON.
pub const RULES_SETTING: &str = "alert_rules";

impl Store {
    /// Sets what `union_id` subscribes to (nothing: unsubscribed) and the language to write
    /// to them in.
    pub async fn set_alert_subscriptions(
        &self,
        union_id: &str,
        name: &str,
        lang: &str,
        rules: &BTreeSet<RuleKind>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO alert_admins (union_id, name, lang, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (union_id) DO UPDATE SET name = excluded.name, lang = excluded.lang, \
             updated_at = excluded.updated_at",
        )
        .bind(union_id)
        .bind(name)
        .bind(lang)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM alert_subscriptions WHERE union_id = $1")
            .bind(union_id)
            .execute(&mut *tx)
            .await?;
        for rule in rules {
            sqlx::query("INSERT INTO alert_subscriptions (union_id, rule) VALUES ($1, $2)")
                .bind(union_id)
                .bind(rule.code())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// What `union_id` subscribes to, and their language if they ever chose.
    pub async fn alert_subscriptions(
        &self,
        union_id: &str,
    ) -> Result<(BTreeSet<RuleKind>, Option<String>), StoreError> {
        let rules: Vec<String> =
            sqlx::query_scalar("SELECT rule FROM alert_subscriptions WHERE union_id = $1")
                .bind(union_id)
                .fetch_all(&self.pool)
                .await?;
        let lang = sqlx::query_scalar("SELECT lang FROM alert_admins WHERE union_id = $1")
            .bind(union_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok((
            rules
                .iter()
                .filter_map(|r| RuleKind::from_code(r))
                .collect(),
            lang,
        ))
    }

    /// Every admin subscribed to something, with their language.
    pub async fn alert_subscribers(&self) -> Result<Vec<SubscriberRow>, StoreError> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT s.union_id, a.lang, s.rule FROM alert_subscriptions s \
             JOIN alert_admins a ON a.union_id = s.union_id ORDER BY s.union_id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<SubscriberRow> = Vec::new();
        for (union_id, lang, rule) in rows {
            let Some(rule) = RuleKind::from_code(&rule) else {
                continue;
            };
            match out.last_mut() {
                Some(last) if last.union_id == union_id => {
                    last.rules.insert(rule);
                }
                _ => out.push(SubscriberRow {
                    union_id,
                    lang,
                    rules: BTreeSet::from([rule]),
                }),
            }
        }
        Ok(out)
    }

    /// The alerts that have fired and not recovered.
    pub async fn alerts_fired(&self) -> Result<BTreeSet<AlertKey>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT rule, subject FROM alert_fired")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(rule, subject)| {
                Some(AlertKey {
                    kind: RuleKind::from_code(&rule)?,
                    subject,
                })
            })
            .collect())
    }

    /// Whether snapshot `collection_id` has been judged.
    pub async fn alerts_judged(&self, collection_id: i64) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT collection_id FROM alert_evaluations WHERE collection_id = $1",
        )
        .bind(collection_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// When the latest judgement was made (epoch seconds).
    pub async fn latest_judgement(&self) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT MAX(at) FROM alert_evaluations")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Records the judgement of snapshot `collection_id`: the alerts fired after it and the
    /// messages it decided, all or nothing. False (nothing written) when another process
    /// judged it first.
    pub async fn record_judgement(
        &self,
        collection_id: i64,
        now: i64,
        fired: &BTreeSet<AlertKey>,
        crossings: usize,
        messages: &[NewMessage],
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let claimed = sqlx::query(
            "INSERT INTO alert_evaluations (collection_id, at, crossings, messages) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (collection_id) DO NOTHING",
        )
        .bind(collection_id)
        .bind(now)
        .bind(crossings as i64)
        .bind(messages.len() as i64)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let before: Vec<(String, String)> = sqlx::query_as("SELECT rule, subject FROM alert_fired")
            .fetch_all(&mut *tx)
            .await?;
        for (rule, subject) in &before {
            let kept = RuleKind::from_code(rule).is_some_and(|kind| {
                fired.contains(&AlertKey {
                    kind,
                    subject: subject.clone(),
                })
            });
            if !kept {
                sqlx::query("DELETE FROM alert_fired WHERE rule = $1 AND subject = $2")
                    .bind(rule)
                    .bind(subject)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for key in fired {
            sqlx::query(
                "INSERT INTO alert_fired (rule, subject, fired_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (rule, subject) DO NOTHING",
            )
            .bind(key.kind.code())
            .bind(&key.subject)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM alert_messages")
            .fetch_one(&mut *tx)
            .await?;
        let first = (now * 1000).max(last.unwrap_or(0) + 1);
        for (i, m) in messages.iter().enumerate() {
            sqlx::query(&format!(
                "INSERT INTO alert_messages ({COLUMNS}, claimed_until) VALUES ($1, $2, $3, $4, \
                 $5, $6, $7, $8, $9, 'pending', 0, 0, $10, NULL, NULL, NULL, 0, NULL, 0)"
            ))
            .bind(first + i as i64)
            .bind(collection_id)
            .bind(now)
            .bind(&m.union_id)
            .bind(&m.lang)
            .bind(i64::from(m.digest))
            .bind(&m.crossings)
            .bind(&m.title)
            .bind(&m.msg)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Messages with a step due at `now` that no live process holds: a send, or the look-up
    /// of a sent one's result (at most `result_tries` look-ups each).
    pub async fn due_alert_messages(
        &self,
        now: i64,
        result_tries: i64,
    ) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM alert_messages WHERE next_at <= $1 AND claimed_until < $1 \
             AND (state = 'pending' OR (state = 'sent' AND delivery IS NULL AND result_tries < $2)) \
             ORDER BY id LIMIT 50",
        )
        .bind(now)
        .bind(result_tries)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Claims message `id` for `holder` until `until`, if its step is still due and no live
    /// process holds it: the row, or `None`.
    pub async fn claim_alert_message(
        &self,
        id: i64,
        holder: &str,
        until: i64,
        now: i64,
    ) -> Result<Option<MessageRow>, StoreError> {
        let claimed = sqlx::query(
            "UPDATE alert_messages SET claimed_by = $1, claimed_until = $2 WHERE id = $3 \
             AND claimed_until < $4 AND next_at <= $4 \
             AND (state = 'pending' OR (state = 'sent' AND delivery IS NULL))",
        )
        .bind(holder)
        .bind(until)
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        if claimed.rows_affected() != 1 {
            return Ok(None);
        }
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM alert_messages WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Writes a claimed message's step (its changed fields) and lets it go.
    pub async fn write_alert_message(
        &self,
        m: &MessageRow,
        holder: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE alert_messages SET state = $1, attempts = $2, calls = $3, next_at = $4, \
             task_id = $5, sent_at = $6, delivery = $7, result_tries = $8, error = $9, \
             claimed_by = NULL, claimed_until = 0 WHERE id = $10 AND claimed_by = $11",
        )
        .bind(&m.state)
        .bind(m.attempts)
        .bind(m.calls)
        .bind(m.next_at)
        .bind(m.task_id)
        .bind(m.sent_at)
        .bind(&m.delivery)
        .bind(m.result_tries)
        .bind(&m.error)
        .bind(m.id)
        .bind(holder)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest `limit` messages, newest first, each with its admin's name.
    pub async fn alert_log(&self, limit: usize) -> Result<Vec<(MessageRow, String)>, StoreError> {
        let rows: Vec<MessageRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM alert_messages ORDER BY id DESC LIMIT $1"
        ))
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        let names: Vec<(String, String)> =
            sqlx::query_as("SELECT union_id, name FROM alert_admins")
                .fetch_all(&self.pool)
                .await?;
        let names: std::collections::HashMap<String, String> = names.into_iter().collect();
        Ok(rows
            .into_iter()
            .map(|m| {
                let name = names.get(&m.union_id).cloned().unwrap_or_default();
                (m, name)
            })
            .collect())
    }

    /// The userid looked up for `union_id`, if any.
    pub async fn alert_userid(&self, union_id: &str) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> =
            sqlx::query_scalar("SELECT userid FROM alert_admins WHERE union_id = $1")
                .bind(union_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.flatten())
    }

    /// Keeps the userid DingTalk gave for `union_id`.
    pub async fn set_alert_userid(&self, union_id: &str, userid: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE alert_admins SET userid = $1 WHERE union_id = $2")
            .bind(userid)
            .bind(union_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
