//! The app access token: fetched once, shared by every request, refreshed shortly before it
//! expires, and refreshed by exactly one task however many requests wait for it.

use std::future::Future;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, RwLock};

/// Refresh this long before DingTalk's stated expiry.
const MARGIN: Duration = Duration::from_secs(300);

#[derive(Clone)]
struct Cached {
    token: String,
    refresh_at: Instant,
}

/// A token cache with single-flight refresh.
#[derive(Default)]
pub struct TokenCache {
    current: RwLock<Option<Cached>>,
    refresh: Mutex<()>,
}

impl TokenCache {
    pub fn new() -> Self {
        Self::default()
    }

    async fn fresh(&self) -> Option<String> {
        let cur = self.current.read().await;
        cur.as_ref()
            .filter(|c| Instant::now() < c.refresh_at)
            .map(|c| c.token.clone())
    }

    /// A valid token, calling `fetch` (which returns the token and its lifetime in seconds)
    /// only when none is cached. Concurrent callers share one fetch.
    pub async fn get<F, Fut, E>(&self, fetch: F) -> Result<String, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(String, i64), E>>,
    {
        if let Some(t) = self.fresh().await {
            return Ok(t);
        }
        let _gate = self.refresh.lock().await;
        // Another task may have refreshed while this one waited at the gate.
        if let Some(t) = self.fresh().await {
            return Ok(t);
        }
        let (token, expire_in) = fetch().await?;
        let life = Duration::from_secs(expire_in.max(0) as u64);
        let refresh_at = Instant::now() + life.saturating_sub(MARGIN.min(life / 2));
        *self.current.write().await = Some(Cached {
            token: token.clone(),
            refresh_at,
        });
        Ok(token)
    }

    /// DingTalk refused `token`: drop it, unless another task has already replaced it (so a
    /// burst of refusals causes one refresh, not one each).
    pub async fn invalidate(&self, token: &str) {
        let mut cur = self.current.write().await;
        if cur.as_ref().is_some_and(|c| c.token == token) {
            *cur = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch() {
        let cache = Arc::new(TokenCache::new());
        let calls = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let (cache, calls) = (cache.clone(), calls.clone());
                tokio::spawn(async move {
                    cache
                        .get(|| async {
                            calls.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            Ok::<_, ()>(("T1".to_owned(), 7200))
                        })
                        .await
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.expect("joins"), Ok("T1".to_owned()));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn invalidate_only_drops_the_refused_token() {
        let cache = TokenCache::new();
        let t = cache
            .get(|| async { Ok::<_, ()>(("A".into(), 7200)) })
            .await;
        assert_eq!(t, Ok("A".into()));
        cache.invalidate("stale").await;
        let t = cache
            .get(|| async { Ok::<_, ()>(("B".into(), 7200)) })
            .await;
        assert_eq!(t, Ok("A".into()));
        cache.invalidate("A").await;
        let t = cache
            .get(|| async { Ok::<_, ()>(("B".into(), 7200)) })
            .await;
        assert_eq!(t, Ok("B".into()));
    }

    #[tokio::test]
    async fn short_lived_tokens_are_refreshed() {
        let cache = TokenCache::new();
        let _ = cache.get(|| async { Ok::<_, ()>(("A".into(), 0)) }).await;
        let t = cache
            .get(|| async { Ok::<_, ()>(("B".into(), 7200)) })
            .await;
        assert_eq!(t, Ok("B".into()));
    }

    #[tokio::test]
    async fn failed_fetch_is_reported_and_not_cached() {
        let cache = TokenCache::new();
        assert_eq!(
            cache
                .get(|| async { Err::<(String, i64), _>("down") })
                .await,
            Err("down")
        );
        let t = cache
            .get(|| async { Ok::<_, &str>(("A".into(), 7200)) })
            .await;
        assert_eq!(t, Ok("A".into()));
    }
}
