//! Keyset paging: a page starts strictly after the (sort key, id) of the previous page's
//! last item, in a total order, so every item appears exactly once over all pages.
//!
//! `nextToken` is opaque: base64url of the cursor plus a fingerprint of the query it
//! belongs to and a check value, so a garbage token or one from another query is refused.

use crate::rng::hash64;
use crate::tree::Node;
use dingtalk_wire::{Order, OrderBy};

/// A sort key. Only keys of one `OrderBy` are ever compared with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key<'a> {
    Num(i64),
    Text(&'a str),
}

impl Key<'_> {
    pub fn to_text(self) -> String {
        match self {
            Key::Num(n) => n.to_string(),
            Key::Text(s) => s.to_owned(),
        }
    }
}

/// The key a dentry sorts by. Folders without a size sort as 0 bytes.
pub fn dentry_key(node: &Node, by: OrderBy) -> Key<'_> {
    match by {
        OrderBy::Name => Key::Text(&node.dentry.name),
        OrderBy::Size => Key::Num(node.dentry.size.unwrap_or(0)),
        OrderBy::ModifiedTime => Key::Num(node.modified_ms),
        OrderBy::CreateTime => Key::Num(node.created_ms),
    }
}

/// The key as read back from a token.
pub fn parse_key(by: OrderBy, text: &str) -> Option<Key<'_>> {
    match by {
        OrderBy::Name => Some(Key::Text(text)),
        _ => text.parse().ok().map(Key::Num),
    }
}

/// One page of `sorted` (ascending by (key, id); DESC walks it backwards), starting after
/// `after`. Returns the page and whether items remain behind it.
pub fn select<'a, T: Copy>(
    sorted: &[T],
    key_of: impl Fn(T) -> (Key<'a>, &'a str),
    order: Order,
    after: Option<(Key<'_>, &str)>,
    limit: usize,
) -> (Vec<T>, bool) {
    match order {
        Order::Asc => {
            let start = after.map_or(0, |a| sorted.partition_point(|&t| key_of(t) <= a));
            let end = start.saturating_add(limit).min(sorted.len());
            (sorted[start..end].to_vec(), end < sorted.len())
        }
        Order::Desc => {
            let end = after.map_or(sorted.len(), |a| sorted.partition_point(|&t| key_of(t) < a));
            let start = end.saturating_sub(limit);
            (
                sorted[start..end].iter().rev().copied().collect(),
                start > 0,
            )
        }
    }
}

/// Encodes a cursor; `fingerprint` identifies the query (everything but the page size).
pub fn encode_token(secret: u64, fingerprint: u64, key: &str, id: &str) -> String {
    let payload = format!("{fingerprint:016x}\n{id}\n{key}");
    let check = hash64(&[&secret.to_le_bytes(), payload.as_bytes()]);
    base64url_encode(format!("{check:016x}{payload}").as_bytes())
}

/// The `(key, id)` of a token issued for this query, or `None`.
pub fn decode_token(secret: u64, fingerprint: u64, token: &str) -> Option<(String, String)> {
    let text = String::from_utf8(base64url_decode(token)?).ok()?;
    let check = u64::from_str_radix(text.get(..16)?, 16).ok()?;
    let payload = text.get(16..)?;
    if check != hash64(&[&secret.to_le_bytes(), payload.as_bytes()]) {
        return None;
    }
    let mut parts = payload.splitn(3, '\n');
    let fp = u64::from_str_radix(parts.next()?, 16).ok()?;
    let id = parts.next()?;
    let key = parts.next()?;
    (fp == fingerprint).then(|| (key.to_owned(), id.to_owned()))
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = B64.iter().position(|b| b == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for s in ["", "a", "ab", "abc", "abcd", "董事会\n纪要🎉"] {
            let e = base64url_encode(s.as_bytes());
            assert!(!e.contains(['+', '/', '=']));
            assert_eq!(base64url_decode(&e).as_deref(), Some(s.as_bytes()), "{s}");
        }
        assert_eq!(base64url_decode("a"), None);
        assert_eq!(base64url_decode("ab!c"), None);
    }

    #[test]
    fn tokens_are_bound_to_their_query() {
        let t = encode_token(7, 42, "报告.docx", "100000004");
        assert_eq!(
            decode_token(7, 42, &t),
            Some(("报告.docx".into(), "100000004".into()))
        );
        assert_eq!(decode_token(7, 43, &t), None);
        assert_eq!(decode_token(8, 42, &t), None);
        assert_eq!(decode_token(7, 42, "garbage"), None);
        assert_eq!(decode_token(7, 42, ""), None);
    }

    #[test]
    fn select_walks_both_ways() {
        let items = [1i64, 2, 3, 4, 5];
        let ids = ["a", "b", "c", "d", "e"];
        let key = |i: usize| (Key::Num(items[i]), ids[i]);
        let all: Vec<usize> = (0..5).collect();
        let (p, more) = select(&all, key, Order::Asc, Some((Key::Num(2), "b")), 2);
        assert_eq!((p, more), (vec![2, 3], true));
        let (p, more) = select(&all, key, Order::Desc, Some((Key::Num(2), "b")), 2);
        assert_eq!((p, more), (vec![0], false));
        let (p, more) = select(&all, key, Order::Desc, None, 2);
        assert_eq!((p, more), (vec![4, 3], true));
    }
}
