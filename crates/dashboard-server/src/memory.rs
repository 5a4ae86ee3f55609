//! A short memory of live DingTalk answers, per user: the same forwarded request (the same
//! path and query, `unionId` pinned to the session's user, so one user's answer never
//! reaches another) within [`crate::config::Config::live_memory`] is answered from here
//! with no DingTalk call. Back and forward, sorting back and forth, view toggles and a
//! reload spend nothing.
//!
//! Only successes are remembered: an error is always asked again, so a retry reaches
//! DingTalk. Each process remembers on its own; behind a load balancer a request that lands
//! on another replica asks DingTalk once more, which costs a call, never a wrong answer.

use crate::dingtalk::Forwarded;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The bytes of answers held at most; past it the oldest are forgotten first.
const MAX_BYTES: usize = 32 << 20;

struct Kept {
    at: Instant,
    answer: Forwarded,
}

pub struct Memory {
    keep_for: Duration,
    max_bytes: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    answers: HashMap<String, Kept>,
    bytes: usize,
}

impl Inner {
    fn forget(&mut self, key: &str) {
        if let Some(k) = self.answers.remove(key) {
            self.bytes -= k.answer.body.len();
        }
    }
}

impl Memory {
    /// `keep_for` zero: nothing is remembered.
    pub fn new(keep_for: Duration) -> Self {
        Self::with_capacity(keep_for, MAX_BYTES)
    }

    pub fn with_capacity(keep_for: Duration, max_bytes: usize) -> Self {
        Self {
            keep_for,
            max_bytes,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The key of a forwarded request: its path and its query as sent upstream (which names
    /// the user).
    pub fn key(path: &str, query: &str) -> String {
        format!("{path}?{query}")
    }

    /// The remembered answer to `key` and its age, if one was kept within the window.
    pub fn recall(&self, key: &str) -> Option<(Forwarded, Duration)> {
        if self.keep_for.is_zero() {
            return None;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let age = inner.answers.get(key)?.at.elapsed();
        if age >= self.keep_for {
            inner.forget(key);
            return None;
        }
        let answer = inner.answers.get(key)?.answer.clone();
        Some((answer, age))
    }

    /// Keeps `answer` to `key` if it is a success that fits.
    pub fn keep(&self, key: String, answer: &Forwarded) {
        let size = answer.body.len();
        if self.keep_for.is_zero() || !answer.status.is_success() || size > self.max_bytes / 4 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.forget(&key);
        let keep_for = self.keep_for;
        if inner.bytes + size > self.max_bytes {
            let before = inner.answers.len();
            inner.answers.retain(|_, k| k.at.elapsed() < keep_for);
            if inner.answers.len() != before {
                inner.bytes = inner.answers.values().map(|k| k.answer.body.len()).sum();
            }
        }
        while inner.bytes + size > self.max_bytes {
            let oldest = inner
                .answers
                .iter()
                .min_by_key(|(_, k)| k.at)
                .map(|(key, _)| key.clone());
            match oldest {
                Some(old) => inner.forget(&old),
                None => break,
            }
        }
        inner.bytes += size;
        let answer = Forwarded {
            // What this call cost is said when it is made; a recalled answer costs nothing.
            calls: None,
            ..answer.clone()
        };
        inner.answers.insert(
            key,
            Kept {
                at: Instant::now(),
                answer,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, StatusCode};

    fn answer(status: StatusCode, body: &str) -> Forwarded {
        Forwarded {
            status,
            content_type: None,
            request_id: None,
            calls: Some(HeaderValue::from_static("1 2000 2027-01-01")),
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
        }
    }

    #[test]
    fn successes_are_recalled_within_the_window_and_cost_nothing_said() {
        let m = Memory::new(Duration::from_secs(60));
        let key = Memory::key("/v1.0/drive/spaces", "unionId=u1");
        assert!(m.recall(&key).is_none());
        m.keep(key.clone(), &answer(StatusCode::OK, "{\"spaces\":[]}"));
        let (got, age) = m.recall(&key).expect("remembered");
        assert_eq!(&got.body[..], b"{\"spaces\":[]}");
        assert!(got.calls.is_none(), "a recalled answer says no cost");
        assert!(age < Duration::from_secs(1));
        // Another user's request is another key.
        assert!(m
            .recall(&Memory::key("/v1.0/drive/spaces", "unionId=u2"))
            .is_none());
    }

    #[test]
    fn errors_are_never_remembered_and_a_zero_window_keeps_nothing() {
        let m = Memory::new(Duration::from_secs(60));
        m.keep("a".into(), &answer(StatusCode::SERVICE_UNAVAILABLE, "{}"));
        m.keep("b".into(), &answer(StatusCode::BAD_REQUEST, "{}"));
        assert!(m.recall("a").is_none() && m.recall("b").is_none());
        let off = Memory::new(Duration::ZERO);
        off.keep("a".into(), &answer(StatusCode::OK, "{}"));
        assert!(off.recall("a").is_none());
    }

    #[test]
    fn an_answer_past_the_window_is_forgotten() {
        let m = Memory::new(Duration::from_millis(20));
        m.keep("a".into(), &answer(StatusCode::OK, "{}"));
        std::thread::sleep(Duration::from_millis(30));
        assert!(m.recall("a").is_none());
        assert_eq!(m.inner.lock().unwrap().bytes, 0);
    }

    #[test]
    fn the_oldest_answers_go_first_when_full() {
        let m = Memory::with_capacity(Duration::from_secs(60), 40);
        for key in ["a", "b", "c", "d"] {
            m.keep(key.into(), &answer(StatusCode::OK, "0123456789"));
            std::thread::sleep(Duration::from_millis(2));
        }
        m.keep("e".into(), &answer(StatusCode::OK, "0123456789"));
        assert!(m.recall("a").is_none(), "the oldest is forgotten");
        for key in ["b", "c", "d", "e"] {
            assert!(m.recall(key).is_some(), "{key}");
        }
        assert_eq!(m.inner.lock().unwrap().bytes, 40);
        // Keeping a key again replaces it without counting it twice.
        m.keep("e".into(), &answer(StatusCode::OK, "0123456789"));
        assert_eq!(m.inner.lock().unwrap().bytes, 40);
        // An answer larger than a quarter of the memory is not kept.
        m.keep("big".into(), &answer(StatusCode::OK, &"x".repeat(11)));
        assert!(m.recall("big").is_none());
    }
}
