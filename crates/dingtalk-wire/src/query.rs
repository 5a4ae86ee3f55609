//! Query strings of the two list calls: the one place they are built, validated and parsed.
//!
//! The app builds them, the emulator parses them to validate a request, the server parses
//! them to pin `unionId`. Invalid values give a [`QueryError`] naming the parameter.

use crate::space::SpaceType;
use std::fmt;

/// Largest page DingTalk accepts for both list calls.
pub const MAX_RESULTS: u32 = 50;

/// A query that cannot be sent (or, in the emulator, that DingTalk would refuse).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// A required parameter is absent or empty.
    Missing(&'static str),
    /// A parameter has a value outside what DingTalk accepts.
    Invalid {
        param: &'static str,
        value: String,
        expected: &'static str,
    },
    /// `maxResults` above [`MAX_RESULTS`].
    TooLarge(u64),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(p) => write!(f, "required parameter {p} is missing"),
            Self::Invalid {
                param,
                value,
                expected,
            } => write!(
                f,
                "parameter {param}={value:?} is invalid: expected {expected}"
            ),
            Self::TooLarge(n) => write!(f, "maxResults={n} is too large: at most {MAX_RESULTS}"),
        }
    }
}

impl std::error::Error for QueryError {}

/// `orderBy` of ListDentries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OrderBy {
    Name,
    Size,
    #[default]
    ModifiedTime,
    CreateTime,
}

impl OrderBy {
    pub const ALL: [OrderBy; 4] = [Self::Name, Self::Size, Self::ModifiedTime, Self::CreateTime];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "NAME",
            Self::Size => "SIZE",
            Self::ModifiedTime => "MODIFIED_TIME",
            Self::CreateTime => "CREATE_TIME",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// `order` of ListDentries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Order {
    Asc,
    #[default]
    Desc,
}

impl Order {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "ASC",
            Self::Desc => "DESC",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ASC" => Some(Self::Asc),
            "DESC" => Some(Self::Desc),
            _ => None,
        }
    }
}

/// Query of `GET /v1.0/drive/spaces`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSpacesQuery {
    pub union_id: String,
    pub space_type: SpaceType,
    pub next_token: Option<String>,
    pub max_results: u32,
}

impl ListSpacesQuery {
    /// First page of the org spaces.
    pub fn org(union_id: &str, max_results: u32) -> Result<Self, QueryError> {
        let q = Self {
            union_id: union_id.to_owned(),
            space_type: SpaceType::Org,
            next_token: None,
            max_results,
        };
        q.validate()?;
        Ok(q)
    }

    /// The same query for the page after `token` (absent/empty token = first page).
    pub fn page(mut self, token: Option<&str>) -> Self {
        self.next_token = crate::next_page_token(token).map(str::to_owned);
        self
    }

    pub fn validate(&self) -> Result<(), QueryError> {
        if self.union_id.is_empty() {
            return Err(QueryError::Missing("unionId"));
        }
        if let SpaceType::Unknown(v) = &self.space_type {
            return Err(QueryError::Invalid {
                param: "spaceType",
                value: v.clone(),
                expected: "org or personal",
            });
        }
        check_max_results(self.max_results as u64)
    }

    /// `unionId=..&spaceType=..[&nextToken=..]&maxResults=..`, percent-encoded.
    pub fn to_query(&self) -> String {
        let mut q = QueryBuilder::default();
        q.push("unionId", &self.union_id);
        q.push("spaceType", self.space_type.as_str());
        if let Some(t) = &self.next_token {
            q.push("nextToken", t);
        }
        q.push("maxResults", &self.max_results.to_string());
        q.finish()
    }

    /// Parses and validates a query string (without the `?`).
    pub fn parse(query: &str) -> Result<Self, QueryError> {
        let p = Params::parse(query);
        let space_type = SpaceType::from(p.required("spaceType")?);
        let max_results = parse_max_results(p.required("maxResults")?)?;
        let q = Self {
            union_id: p.required("unionId")?.to_owned(),
            space_type,
            next_token: p
                .get("nextToken")
                .filter(|t| !t.is_empty())
                .map(str::to_owned),
            max_results,
        };
        q.validate()?;
        Ok(q)
    }
}

/// Query of `GET /v1.0/storage/spaces/{spaceId}/dentries` (the space id is in the path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListDentriesQuery {
    pub union_id: String,
    pub parent_id: String,
    pub next_token: Option<String>,
    pub max_results: u32,
    pub order_by: OrderBy,
    pub order: Order,
    pub with_thumbnail: bool,
}

impl ListDentriesQuery {
    pub fn new(
        union_id: &str,
        parent_id: &str,
        max_results: u32,
        order_by: OrderBy,
        order: Order,
        with_thumbnail: bool,
    ) -> Result<Self, QueryError> {
        let q = Self {
            union_id: union_id.to_owned(),
            parent_id: parent_id.to_owned(),
            next_token: None,
            max_results,
            order_by,
            order,
            with_thumbnail,
        };
        q.validate()?;
        Ok(q)
    }

    /// The same query for the page after `token` (absent/empty token = first page).
    pub fn page(mut self, token: Option<&str>) -> Self {
        self.next_token = crate::next_page_token(token).map(str::to_owned);
        self
    }

    pub fn validate(&self) -> Result<(), QueryError> {
        if self.union_id.is_empty() {
            return Err(QueryError::Missing("unionId"));
        }
        if self.parent_id.is_empty() {
            return Err(QueryError::Missing("parentId"));
        }
        check_max_results(self.max_results as u64)
    }

    pub fn to_query(&self) -> String {
        let mut q = QueryBuilder::default();
        q.push("parentId", &self.parent_id);
        if let Some(t) = &self.next_token {
            q.push("nextToken", t);
        }
        q.push("maxResults", &self.max_results.to_string());
        q.push("orderBy", self.order_by.as_str());
        q.push("order", self.order.as_str());
        q.push(
            "withThumbnail",
            if self.with_thumbnail { "true" } else { "false" },
        );
        q.push("unionId", &self.union_id);
        q.finish()
    }

    /// Parses and validates; optional parameters take DingTalk's documented defaults
    /// (maxResults 50, MODIFIED_TIME, DESC, no thumbnails).
    pub fn parse(query: &str) -> Result<Self, QueryError> {
        let p = Params::parse(query);
        let order_by = match p.get("orderBy").filter(|v| !v.is_empty()) {
            None => OrderBy::default(),
            Some(v) => OrderBy::parse(v).ok_or_else(|| QueryError::Invalid {
                param: "orderBy",
                value: v.to_owned(),
                expected: "NAME, SIZE, MODIFIED_TIME or CREATE_TIME",
            })?,
        };
        let order = match p.get("order").filter(|v| !v.is_empty()) {
            None => Order::default(),
            Some(v) => Order::parse(v).ok_or_else(|| QueryError::Invalid {
                param: "order",
                value: v.to_owned(),
                expected: "ASC or DESC",
            })?,
        };
        let with_thumbnail = match p.get("withThumbnail").filter(|v| !v.is_empty()) {
            None => false,
            Some(v) => parse_bool("withThumbnail", v)?,
        };
        let max_results = match p.get("maxResults").filter(|v| !v.is_empty()) {
            None => MAX_RESULTS,
            Some(v) => parse_max_results(v)?,
        };
        let q = Self {
            union_id: p.required("unionId")?.to_owned(),
            parent_id: p.required("parentId")?.to_owned(),
            next_token: p
                .get("nextToken")
                .filter(|t| !t.is_empty())
                .map(str::to_owned),
            max_results,
            order_by,
            order,
            with_thumbnail,
        };
        q.validate()?;
        Ok(q)
    }
}

fn check_max_results(n: u64) -> Result<(), QueryError> {
    match n {
        0 => Err(QueryError::Invalid {
            param: "maxResults",
            value: "0".into(),
            expected: "1 to 50",
        }),
        n if n > MAX_RESULTS as u64 => Err(QueryError::TooLarge(n)),
        _ => Ok(()),
    }
}

/// A Boolean query value as DingTalk reads it: `true` or `false` in any letter case.
///
/// The official SDKs stringify booleans with their language's own conversion: Python's
/// `str(True)` and C#'s `bool.ToString()` give `True`/`False`; Java's `String.valueOf`, Go's
/// `%v`, Node's `toString()`, C++ and PHP's openapi-util (which maps PHP booleans to
/// `'true'`/`'false'`) give `true`/`false`. DingTalk accepts all of them. Anything else (`1`,
/// `0`, `yes`, `on`, padding) is refused: DingTalk documents no other spelling, and a refusal
/// is the conservative reading of an undocumented value.
pub fn parse_bool(param: &'static str, v: &str) -> Result<bool, QueryError> {
    if v.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if v.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(QueryError::Invalid {
            param,
            value: v.to_owned(),
            expected: "true or false",
        })
    }
}

/// An Integer query value: the SDKs all write plain decimal digits (`30`).
fn parse_max_results(v: &str) -> Result<u32, QueryError> {
    let n: u64 = v.parse().map_err(|_| QueryError::Invalid {
        param: "maxResults",
        value: v.to_owned(),
        expected: "an integer from 1 to 50",
    })?;
    check_max_results(n)?;
    Ok(n as u32)
}

/// Builds `a=1&b=2` with every value percent-encoded.
#[derive(Default)]
pub struct QueryBuilder(String);

impl QueryBuilder {
    /// A builder with room for `bytes` of query.
    pub fn with_capacity(bytes: usize) -> Self {
        Self(String::with_capacity(bytes))
    }

    pub fn push(&mut self, key: &str, value: &str) -> &mut Self {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        encode_into(&mut self.0, key);
        self.0.push('=');
        encode_into(&mut self.0, value);
        self
    }

    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s);
    out
}

fn encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// [`decode`], borrowing `s` when there is nothing to decode (the common case).
pub fn decode_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b == b'%' || b == b'+') {
        std::borrow::Cow::Owned(decode(s))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Decodes `%XX` and `+` (form encoding). Invalid escapes are kept literally and invalid
/// UTF-8 is replaced, so no input makes it fail.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A decoded query string: ordered `(key, value)` pairs, repeated keys kept.
///
/// Names are matched exactly (case-sensitive). Values are decoded from either query encoding
/// the SDKs use: Java's `URLEncoder`, Python's `urlencode`, Go's `url.Values` and PHP's
/// `http_build_query` write a space as `+`, the C# and Node cores write `%20`; `*` and `~`
/// come raw or as `%2A`/`%7E`; hex digits in either case. Readers take the first value of a repeated name and ignore names
/// they do not know: the SDKs let a caller add arbitrary query parameters (global and
/// per-call "extends" parameters) to any call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(pub Vec<(String, String)>);

/// The `(key, value)` pairs of a query string as sent, still encoded: a leading `?` is
/// skipped, empty pairs are dropped and a pair without `=` has an empty value.
pub fn raw_pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
}

impl Params {
    pub fn parse(query: &str) -> Self {
        Self(
            raw_pairs(query)
                .map(|(k, v)| (decode(k), decode(v)))
                .collect(),
        )
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn required(&self, key: &'static str) -> Result<&str, QueryError> {
        self.get(key)
            .filter(|v| !v.is_empty())
            .ok_or(QueryError::Missing(key))
    }

    /// Re-encodes the pairs.
    pub fn to_query(&self) -> String {
        let mut q = QueryBuilder::default();
        for (k, v) in &self.0 {
            q.push(k, v);
        }
        q.finish()
    }
}
