//! Content negotiation for the app's files: which of the stored encodings of a file a client
//! accepts best, from its `Accept-Encoding` header (RFC 9110, section 12.5.3).

use axum::http::{header, HeaderMap};

/// An encoding a file can be stored in, least preferred first: when a client likes two
/// equally, the smaller wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Coding {
    Identity,
    Gzip,
    Br,
}

impl Coding {
    /// The `Content-Encoding` value; `None` for identity, which is sent without one.
    pub fn header_value(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Br => Some("br"),
        }
    }

    fn matches(self, token: &str) -> bool {
        match self {
            Self::Identity => token.eq_ignore_ascii_case("identity"),
            // "x-gzip" is gzip's old name, still to be treated as gzip (RFC 9110, 8.4.1.3).
            Self::Gzip => {
                token.eq_ignore_ascii_case("gzip") || token.eq_ignore_ascii_case("x-gzip")
            }
            Self::Br => token.eq_ignore_ascii_case("br"),
        }
    }
}

/// A q-value in thousandths: `q=0.8` is 800. `None` when malformed (RFC 9110, 12.4.2: "0",
/// "0.", up to three decimals, or "1" with zeros only), in which case the whole entry is
/// ignored rather than guessed at.
pub fn parse_qvalue(s: &str) -> Option<u16> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut thousandths: u16 = 0;
    for (i, b) in frac.bytes().enumerate() {
        thousandths += u16::from(b - b'0') * [100, 10, 1][i];
    }
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Each `coding;q=…` of the header lines, with its q-value in thousandths (1000 when none is
/// given). Malformed entries are skipped.
pub fn accepted(headers: &HeaderMap) -> impl Iterator<Item = (&str, u16)> {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|entry| {
            let mut parts = entry.split(';');
            let token = parts.next()?.trim();
            if token.is_empty() {
                return None;
            }
            let mut q = 1000;
            for param in parts {
                let (name, value) = param.split_once('=')?;
                if name.trim().eq_ignore_ascii_case("q") {
                    q = parse_qvalue(value.trim())?;
                }
            }
            Some((token, q))
        })
}

/// How much the client wants `coding`: its own entry, else `*`, else the default. Identity
/// is acceptable unless refused (RFC 9110), but only as the last resort: a client that lists
/// `gzip;q=0.8` alone asks for gzip, so an unlisted identity weighs the least possible
/// (0.001). Any other coding counts only when named. Without the header only identity is
/// chosen: a client that says nothing may not decode anything.
fn weight(headers: &HeaderMap, coding: Coding) -> u16 {
    let mut own = None;
    let mut any = None;
    for (token, q) in accepted(headers) {
        if coding.matches(token) {
            own = Some(own.map_or(q, |o: u16| o.max(q)));
        } else if token == "*" {
            any = Some(q);
        }
    }
    let default = if coding == Coding::Identity { 1 } else { 0 };
    own.or(any).unwrap_or(default)
}

/// The best of `available` for this client: the highest q-value above zero, and of equal
/// ones the most compact. When the client refuses everything on offer (`identity;q=0` and
/// no coding it takes), the file goes unencoded, as RFC 9110 advises over a 406.
pub fn choose(headers: &HeaderMap, available: &[Coding]) -> Coding {
    available
        .iter()
        .map(|&c| (weight(headers, c), c))
        .filter(|&(q, _)| q > 0)
        .max()
        .map_or(Coding::Identity, |(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(values: &[&'static str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
        }
        h
    }

    const ALL: &[Coding] = &[Coding::Identity, Coding::Gzip, Coding::Br];

    #[test]
    fn qvalues_parse_as_the_rfc_writes_them() {
        for (s, q) in [
            ("1", Some(1000)),
            ("1.", Some(1000)),
            ("1.000", Some(1000)),
            ("0", Some(0)),
            ("0.", Some(0)),
            ("0.8", Some(800)),
            ("0.80", Some(800)),
            ("0.001", Some(1)),
            ("0.000", Some(0)),
            ("1.001", None),
            ("0.0001", None),
            ("2", None),
            ("", None),
            (".5", None),
            ("0.8x", None),
            ("-0", None),
            ("0,5", None),
        ] {
            assert_eq!(parse_qvalue(s), q, "{s:?}");
        }
    }

    #[test]
    fn a_q_value_below_one_still_accepts() {
        let h = with(&["gzip;q=0.8"]);
        assert_eq!(choose(&h, &[Coding::Identity, Coding::Gzip]), Coding::Gzip);
        // The q-value of 0.8 is not the refusal q=0 (a substring test would say it is).
        let h = with(&["gzip; q=0.05"]);
        assert_eq!(choose(&h, &[Coding::Identity, Coding::Gzip]), Coding::Gzip);
    }

    #[test]
    fn zero_refuses() {
        let h = with(&["gzip;q=0"]);
        assert_eq!(choose(&h, ALL), Coding::Identity);
        let h = with(&["br;q=0, gzip"]);
        assert_eq!(choose(&h, ALL), Coding::Gzip);
        let h = with(&["GZIP;Q=0.000, br;q=0.0"]);
        assert_eq!(choose(&h, ALL), Coding::Identity);
    }

    #[test]
    fn the_highest_q_wins_and_ties_go_to_the_smallest() {
        assert_eq!(choose(&with(&["gzip, deflate, br"]), ALL), Coding::Br);
        assert_eq!(choose(&with(&["br;q=0.5, gzip;q=0.9"]), ALL), Coding::Gzip);
        assert_eq!(choose(&with(&["gzip;q=1, br;q=1.0"]), ALL), Coding::Br);
        // Only what the file has is offered.
        assert_eq!(
            choose(&with(&["br"]), &[Coding::Identity, Coding::Gzip]),
            Coding::Identity
        );
        assert_eq!(
            choose(
                &with(&["br, gzip;q=0.1"]),
                &[Coding::Identity, Coding::Gzip]
            ),
            Coding::Gzip
        );
    }

    #[test]
    fn identity_is_the_last_resort_unless_named() {
        assert_eq!(weight(&with(&["gzip"]), Coding::Identity), 1);
        let h = with(&["gzip;q=0.5, identity;q=0.1"]);
        assert_eq!(choose(&h, ALL), Coding::Gzip);
        let h = with(&["gzip;q=0.5, identity"]);
        assert_eq!(choose(&h, ALL), Coding::Identity);
        assert_eq!(choose(&with(&["identity;q=0"]), ALL), Coding::Identity);
    }

    #[test]
    fn wildcards_headers_and_junk() {
        // `*` covers what is not named.
        assert_eq!(choose(&with(&["*"]), ALL), Coding::Br);
        assert_eq!(choose(&with(&["*;q=0.5, br;q=0"]), ALL), Coding::Gzip);
        // `*;q=0` refuses identity too: everything is refused, so the file goes unencoded.
        assert_eq!(choose(&with(&["*;q=0"]), ALL), Coding::Identity);
        // No header, or an empty one: identity only.
        assert_eq!(choose(&HeaderMap::new(), ALL), Coding::Identity);
        assert_eq!(choose(&with(&[""]), ALL), Coding::Identity);
        // Several lines are one list; x-gzip is gzip; malformed entries are skipped.
        assert_eq!(
            choose(&with(&["identity;q=0.2", "x-gzip"]), ALL),
            Coding::Gzip
        );
        assert_eq!(
            choose(&with(&["br;q=2, gzip;q=abc"]), ALL),
            Coding::Identity
        );
        assert_eq!(choose(&with(&[" , ;q=1, br ; q = 0.9 "]), ALL), Coding::Br);
    }
}
