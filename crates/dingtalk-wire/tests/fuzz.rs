//! Property tests (a short run in `cargo xtask test`, a long one in `cargo xtask soak` with
//! PROPTEST_CASES raised): the decoders never panic on any input, and the query builders
//! round-trip any values.

use dingtalk_wire::query::{decode, encode, Params};
use dingtalk_wire::*;
use proptest::prelude::*;

/// JSON-ish text: valid documents with odd values, and mangled ones.
fn jsonish() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        any::<bool>().prop_map(|b| b.to_string()),
        ".*".prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
    ];
    let key = prop_oneof![
        Just("spaces"),
        Just("dentries"),
        Just("nextToken"),
        Just("spaceId"),
        Just("quota"),
        Just("usedQuota"),
        Just("size"),
        Just("type"),
        Just("status"),
        Just("appProperties"),
        Just("thumbnail"),
        Just("createTime"),
        Just("modifiedTime"),
        Just("properties"),
        Just("readOnly"),
        Just("url"),
        Just("width"),
        Just("code"),
        Just("requestid"),
    ];
    let value = leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((key.clone(), inner), 0..6).prop_map(|kv| format!(
                "{{{}}}",
                kv.iter()
                    .map(|(k, v)| format!("\"{k}\":{v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            )),
        ]
    });
    (value, any::<usize>(), any::<bool>()).prop_map(|(v, cut, mangle)| {
        if mangle && !v.is_empty() {
            let cut = cut % v.len();
            v.get(..cut).unwrap_or(&v).to_owned()
        } else {
            v
        }
    })
}

proptest! {
    #[test]
    fn decoders_never_panic(text in jsonish()) {
        let _ = serde_json::from_str::<ListSpacesResponse>(&text);
        let _ = serde_json::from_str::<ListDentriesResponse>(&text);
        let _ = ErrorBody::from_body(&text);
        let _ = serde_json::from_str::<auth::UserInfoResponse>(&text);
    }

    #[test]
    fn wrapped_values_decode_into_pages(v in jsonish()) {
        // Whatever a single field holds, a page around it decodes or fails cleanly.
        for key in ["quota", "usedQuota", "spaceName", "modifyTime", "spaceType"] {
            let _ = serde_json::from_str::<ListSpacesResponse>(&format!("{{\"spaces\":[{{\"{key}\":{v}}}]}}"));
        }
    }

    #[test]
    fn times_never_panic(s in ".*") {
        let t = IsoTime::parse(&s);
        prop_assert_eq!(t.raw(), s.as_str());
    }

    #[test]
    fn percent_coding_round_trips(s in ".*") {
        prop_assert_eq!(decode(&encode(&s)), s);
    }

    #[test]
    fn params_parse_anything(s in ".*") {
        let p = Params::parse(&s);
        let again = Params::parse(&p.to_query());
        prop_assert_eq!(p, again);
    }

    #[test]
    fn spaces_query_round_trips(union in ".+", token in proptest::option::of(".+"), max in 1u32..=50) {
        let q = ListSpacesQuery::org(&union, max).expect("valid").page(token.as_deref());
        prop_assert_eq!(ListSpacesQuery::parse(&q.to_query()), Ok(q));
    }

    #[test]
    fn dentries_query_round_trips(union in ".+", parent in ".+", token in proptest::option::of(".+"), max in 1u32..=50,
                                  ob in 0usize..4, asc in any::<bool>(), thumbs in any::<bool>()) {
        let order = if asc { Order::Asc } else { Order::Desc };
        let q = ListDentriesQuery::new(&union, &parent, max, OrderBy::ALL[ob], order, thumbs).expect("valid").page(token.as_deref());
        prop_assert_eq!(ListDentriesQuery::parse(&q.to_query()), Ok(q));
    }

    #[test]
    fn query_parsers_never_panic(s in ".*") {
        let _ = ListSpacesQuery::parse(&s);
        let _ = ListDentriesQuery::parse(&s);
    }
}
