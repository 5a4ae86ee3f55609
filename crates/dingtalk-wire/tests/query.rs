use dingtalk_wire::query::{decode, encode, Params};
use dingtalk_wire::*;

#[test]
fn spaces_query_round_trips_and_validates() {
    let q = ListSpacesQuery::org("u 1&x", 50)
        .expect("valid")
        .page(Some("tok/=+"));
    let s = q.to_query();
    assert_eq!(
        s,
        "unionId=u%201%26x&spaceType=org&nextToken=tok%2F%3D%2B&maxResults=50"
    );
    assert_eq!(ListSpacesQuery::parse(&s), Ok(q.clone()));
    assert_eq!(q.clone().page(Some("")).next_token, None);
    assert_eq!(
        ListSpacesQuery::org("", 50),
        Err(QueryError::Missing("unionId"))
    );
    assert_eq!(ListSpacesQuery::org("u", 51), Err(QueryError::TooLarge(51)));
    assert!(matches!(
        ListSpacesQuery::org("u", 0),
        Err(QueryError::Invalid {
            param: "maxResults",
            ..
        })
    ));
    assert_eq!(
        ListSpacesQuery::parse("unionId=u&maxResults=5"),
        Err(QueryError::Missing("spaceType"))
    );
    assert_eq!(
        ListSpacesQuery::parse("unionId=u&spaceType=org"),
        Err(QueryError::Missing("maxResults"))
    );
    assert!(matches!(
        ListSpacesQuery::parse("unionId=u&spaceType=team&maxResults=5"),
        Err(QueryError::Invalid {
            param: "spaceType",
            ..
        })
    ));
    assert!(matches!(
        ListSpacesQuery::parse("unionId=u&spaceType=org&maxResults=ten"),
        Err(QueryError::Invalid {
            param: "maxResults",
            ..
        })
    ));
    assert_eq!(
        ListSpacesQuery::parse("unionId=u&spaceType=org&maxResults=99999999999"),
        Err(QueryError::TooLarge(99_999_999_999))
    );
}

#[test]
fn dentries_query_round_trips_every_sort() {
    for order_by in OrderBy::ALL {
        for order in [Order::Asc, Order::Desc] {
            for thumbs in [false, true] {
                let q = ListDentriesQuery::new("u", "0", 50, order_by, order, thumbs)
                    .expect("valid")
                    .page(Some("t"));
                assert_eq!(ListDentriesQuery::parse(&q.to_query()), Ok(q));
            }
        }
    }
}

#[test]
fn dentries_query_defaults_and_errors() {
    let q = ListDentriesQuery::parse("parentId=0&unionId=u").expect("valid");
    assert_eq!(
        (q.max_results, q.order_by, q.order, q.with_thumbnail),
        (50, OrderBy::ModifiedTime, Order::Desc, false)
    );
    assert_eq!(
        ListDentriesQuery::parse("unionId=u"),
        Err(QueryError::Missing("parentId"))
    );
    assert_eq!(
        ListDentriesQuery::parse("parentId=0"),
        Err(QueryError::Missing("unionId"))
    );
    assert_eq!(
        ListDentriesQuery::parse("parentId=0&unionId=u&maxResults=51"),
        Err(QueryError::TooLarge(51))
    );
    for bad in [
        "orderBy=SIZEX",
        "order=UP",
        "withThumbnail=yes",
        "maxResults=-1",
    ] {
        let r = ListDentriesQuery::parse(&format!("parentId=0&unionId=u&{bad}"));
        assert!(matches!(r, Err(QueryError::Invalid { .. })), "{bad}: {r:?}");
    }
    assert!(ListDentriesQuery::new("u", "", 10, OrderBy::Name, Order::Asc, false).is_err());
    let msg = QueryError::TooLarge(51).to_string();
    assert!(msg.contains("maxResults") && msg.contains("50"), "{msg}");
}

#[test]
fn percent_coding() {
    for s in ["", "abc", "a b&c=d", "中文 🙂", "%zz", "100%"] {
        assert_eq!(decode(&encode(s)), s);
    }
    assert_eq!(decode("a+b%20c%2"), "a b c%2");
    assert_eq!(decode("%E4%B8%AD"), "中");
    assert_eq!(decode("%FF"), "\u{FFFD}");
    let p = Params::parse("?a=1&a=2&b&=x&c=%3D");
    assert_eq!(p.get("a"), Some("1"));
    assert_eq!(p.get("b"), Some(""));
    assert_eq!(p.get("c"), Some("="));
    assert_eq!(p.0.len(), 5);
}

#[test]
fn booleans_are_read_in_any_letter_case() {
    use dingtalk_wire::query::parse_bool;
    for (v, b) in [
        ("true", true),
        ("True", true),
        ("TRUE", true),
        ("false", false),
        ("False", false),
        ("FALSE", false),
    ] {
        assert_eq!(parse_bool("withThumbnail", v), Ok(b), "{v}");
        let q = ListDentriesQuery::parse(&format!("parentId=0&unionId=u&withThumbnail={v}"))
            .expect("valid");
        assert_eq!(q.with_thumbnail, b, "{v}");
    }
    for v in [
        "1", "0", "yes", "no", "on", " true", "true ", "truee", "t", "是",
    ] {
        assert!(
            matches!(
                parse_bool("withThumbnail", v),
                Err(QueryError::Invalid {
                    param: "withThumbnail",
                    ..
                })
            ),
            "{v}"
        );
    }
    let q = ListDentriesQuery::parse("parentId=0&unionId=u&withThumbnail=").expect("valid");
    assert!(!q.with_thumbnail);
}
