//! Accumulates `nextToken` pages: each item kept once (by id) however often DingTalk repeats
//! it, the end on an absent/null/"" token, and a token that comes back twice treated as an
//! error instead of an endless loop.

use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingError {
    /// DingTalk sent a nextToken it had already sent: following it would loop forever.
    RepeatedToken(String),
}

#[derive(Debug, Clone, Default)]
pub struct Pager {
    ids: HashSet<String>,
    tokens: HashSet<String>,
    next: Option<String>,
    pages: usize,
    done: bool,
}

impl Pager {
    pub fn new() -> Self {
        Self::default()
    }

    /// The token to ask for next (`None` for the first page or after the last).
    pub fn next_token(&self) -> Option<&str> {
        self.next.as_deref()
    }

    pub fn pages(&self) -> usize {
        self.pages
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Takes one page: returns the items not seen before, in order, and moves to the
    /// page after it. A repeated token ends the paging with an error; the page's new items
    /// are still returned, so nothing received is lost.
    pub fn accept<T>(
        &mut self,
        items: Vec<T>,
        next: Option<&str>,
        id: impl Fn(&T) -> &str,
    ) -> (Vec<T>, Option<PagingError>) {
        let fresh: Vec<T> = items
            .into_iter()
            .filter(|it| self.ids.insert(id(it).to_owned()))
            .collect();
        self.pages += 1;
        match dingtalk_wire::next_page_token(next) {
            None => {
                self.next = None;
                self.done = true;
            }
            Some(t) => {
                if !self.tokens.insert(t.to_owned()) {
                    self.done = true;
                    self.next = None;
                    return (fresh, Some(PagingError::RepeatedToken(t.to_owned())));
                }
                self.next = Some(t.to_owned());
            }
        }
        (fresh, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pages_until_an_empty_token() {
        for last in [None, Some("")] {
            let mut p = Pager::new();
            assert_eq!(p.next_token(), None);
            assert_eq!(
                p.accept(ids(&["a", "b"]), Some("t1"), |s| s),
                (ids(&["a", "b"]), None)
            );
            assert_eq!(p.next_token(), Some("t1"));
            assert!(!p.is_done());
            assert_eq!(p.accept(ids(&["c"]), last, |s| s), (ids(&["c"]), None));
            assert!(p.is_done());
            assert_eq!(p.pages(), 2);
        }
    }

    #[test]
    fn duplicates_across_pages_are_kept_once() {
        let mut p = Pager::new();
        assert_eq!(
            p.accept(ids(&["a", "b"]), Some("t1"), |s| s),
            (ids(&["a", "b"]), None)
        );
        assert_eq!(
            p.accept(ids(&["b", "c", "c"]), None, |s| s),
            (ids(&["c"]), None)
        );
    }

    #[test]
    fn a_repeated_token_stops_the_loop() {
        let mut p = Pager::new();
        let _ = p.accept(ids(&["a"]), Some("t1"), |s| s);
        let r = p.accept(ids(&["b"]), Some("t1"), |s| s);
        assert_eq!(
            r,
            (ids(&["b"]), Some(PagingError::RepeatedToken("t1".into())))
        );
        assert!(p.is_done());
        assert_eq!(p.next_token(), None);
    }
}
