//! The requests the official DingTalk SDKs (alibabacloud `dingtalk` for Java, Python, Go, C#,
//! PHP, Node/TypeScript and C++, on the Tea/Darabonba runtime) send for the calls the emulator
//! serves, written byte for byte to a real socket; then the variants DingTalk also accepts and
//! the requests it refuses.
//!
//! What the SDKs send, per call (generated client + openapi-util `query` + the Tea core's URL
//! builder + the `gateway-dingtalk` request hook):
//! - Headers: `host` (the endpoint), `user-agent` (`AlibabaCloud (<os>; <arch>) <Lang>/<ver>
//!   Core/<ver> TeaDSL/1`), `accept: application/json`, `x-acs-dingtalk-access-token` (the
//!   token as is), plus whatever the HTTP library adds. A GET has no body and no content-type;
//!   a POST body is JSON with `content-type: application/json; charset=utf-8`.
//! - Query order: Python, C#, PHP and Node keep the generated insertion order (alphabetical by
//!   name); Go (`url.Values.Encode`) and C++ (`std::map`) sort by name, which is the same order;
//!   Java builds a `java.util.HashMap`, whose iteration order for these names is fixed by their
//!   hash codes (`unionId, spaceType, maxResults, nextToken` and `unionId, maxResults,
//!   nextToken, orderBy, withThumbnail, parentId, order`).
//! - Booleans: Python `str(True)` and C# `bool.ToString()` write `True`/`False`; the others
//!   write `true`/`false`. Integers are plain decimal everywhere.
//! - Escaping: a space is `+` from Java (`URLEncoder`), Python (`urlencode`), Go
//!   (`url.Values.Encode`) and PHP (`http_build_query`), `%20` from C# and Node (`querystring`);
//!   `*` is raw from Java and Node, `%2A` elsewhere; `~` is `%7E` from Java and PHP, raw
//!   elsewhere. The ids, unionIds and the emulator's nextTokens below use only characters every
//!   encoder leaves as they are, so each target is the same bytes whichever encoder wrote it.
//! - The user-agent's versions and platform differ per installation; the ones below are
//!   examples of the format.

use dingtalk_emulator::{spawn, Config, Emulator, DEMO_ADMIN_CODE, DEMO_ADMIN_UNION_ID};
use dingtalk_wire::{ListDentriesQuery, Order, OrderBy};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::OnceLock;
use std::time::Duration;

struct Served {
    addr: SocketAddr,
    emu: Emulator,
    _runtime: tokio::runtime::Runtime,
}

/// One emulator per test binary, served on a loopback port by its own runtime, so the tests
/// talk to it with plain blocking sockets.
fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        // Every SDK's requests at once: DingTalk's per-second limit is tested in metering.rs.
        let emu = Emulator::new(Config {
            big_folder_entries: 100,
            qps_per_api: 0,
            ..Config::default()
        });
        let addr = SocketAddr::from(([127, 0, 0, 1], 0));
        let (addr, _task) = runtime
            .block_on(spawn(emu.clone(), addr))
            .expect("emulator listens");
        Served {
            addr,
            emu,
            _runtime: runtime,
        }
    })
}

struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// `Ok(body)` for a 200, else a description of the answer.
    fn ok(&self) -> Result<Value, String> {
        if self.status == 200 {
            Ok(self.json())
        } else {
            Err(format!(
                "HTTP {}: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            ))
        }
    }

    /// Asserts DingTalk's error shape with this status and code.
    fn assert_error(&self, status: u16, code: &str, what: &str) {
        let v = self.json();
        assert_eq!(self.status, status, "{what}: {v}");
        assert_eq!(v["code"], code, "{what}: {v}");
        assert!(v["message"].is_string(), "{what}: {v}");
        assert!(v["requestid"].as_str().is_some_and(|s| !s.is_empty()));
    }
}

/// Writes `request` as is to a new connection and reads one answer (by its Content-Length).
fn exchange(request: &[u8]) -> Answer {
    let mut s = TcpStream::connect(served().addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    s.write_all(request).expect("send");
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let status: u16 = head
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("no status line: {head}"));
            let length: usize = head
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse().ok())
                .unwrap_or_else(|| panic!("no content-length: {head}"));
            while buf.len() < end + 4 + length {
                let n = s.read(&mut chunk).expect("read body");
                assert!(n > 0, "connection closed inside the body");
                buf.extend_from_slice(&chunk[..n]);
            }
            return Answer {
                status,
                body: buf[end + 4..end + 4 + length].to_vec(),
            };
        }
        let n = s.read(&mut chunk).expect("read head");
        assert!(n > 0, "connection closed before an answer");
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// The official SDK of one language: how it writes the calls' queries and headers.
struct Sdk {
    lang: &'static str,
    /// `{true}`/`{false}` in the templates become these.
    yes: &'static str,
    no: &'static str,
    /// `GET /v1.0/drive/spaces`: first page, then with `{token}`.
    spaces: [&'static str; 2],
    /// `GET /v1.0/storage/spaces/{space}/dentries`: first page (thumbnails), then with
    /// `{token}` (no thumbnails).
    dentries: [&'static str; 2],
    /// Header lines before the token, `{host}` filled in.
    headers: &'static str,
}

const ALPHABETICAL_SPACES: [&str; 2] = [
    "/v1.0/drive/spaces?maxResults=50&spaceType=org&unionId={union}",
    "/v1.0/drive/spaces?maxResults=50&nextToken={token}&spaceType=org&unionId={union}",
];
const ALPHABETICAL_DENTRIES: [&str; 2] = [
    "/v1.0/storage/spaces/{space}/dentries?maxResults=30&order=DESC&orderBy=MODIFIED_TIME&parentId={parent}&unionId={union}&withThumbnail={true}",
    "/v1.0/storage/spaces/{space}/dentries?maxResults=30&nextToken={token}&order=DESC&orderBy=MODIFIED_TIME&parentId={parent}&unionId={union}&withThumbnail={false}",
];

const SDKS: [Sdk; 7] = [
    Sdk {
        lang: "Java (tea 1.4, OkHttp)",
        yes: "true",
        no: "false",
        spaces: [
            "/v1.0/drive/spaces?unionId={union}&spaceType=org&maxResults=50",
            "/v1.0/drive/spaces?unionId={union}&spaceType=org&maxResults=50&nextToken={token}",
        ],
        dentries: [
            "/v1.0/storage/spaces/{space}/dentries?unionId={union}&maxResults=30&orderBy=MODIFIED_TIME&withThumbnail={true}&parentId={parent}&order=DESC",
            "/v1.0/storage/spaces/{space}/dentries?unionId={union}&maxResults=30&nextToken={token}&orderBy=MODIFIED_TIME&withThumbnail={false}&parentId={parent}&order=DESC",
        ],
        headers: "host: {host}\r\nuser-agent: AlibabaCloud (Linux; amd64) Java/1.8.0_412-b08 tea-util/0.2.26 TeaDSL/1\r\naccept: application/json\r\nConnection: Keep-Alive\r\nAccept-Encoding: gzip\r\n",
    },
    Sdk {
        lang: "Python (alibabacloud_tea, requests)",
        yes: "True",
        no: "False",
        spaces: ALPHABETICAL_SPACES,
        dentries: ALPHABETICAL_DENTRIES,
        headers: "host: {host}\r\nAccept-Encoding: identity\r\nuser-agent: AlibabaCloud (Linux; x86_64) Python/3.11.9 Core/0.3.13 TeaDSL/1\r\naccept: application/json\r\n",
    },
    Sdk {
        lang: "Go (alibabacloud-go/tea, net/http)",
        yes: "true",
        no: "false",
        spaces: ALPHABETICAL_SPACES,
        dentries: ALPHABETICAL_DENTRIES,
        headers: "Host: {host}\r\nUser-Agent: AlibabaCloud (linux; amd64) Golang/1.22.5 Core/0.01 TeaDSL/1\r\naccept: application/json\r\nAccept-Encoding: gzip\r\n",
    },
    Sdk {
        lang: "C# (Tea, HttpClient)",
        yes: "True",
        no: "False",
        spaces: ALPHABETICAL_SPACES,
        dentries: ALPHABETICAL_DENTRIES,
        headers: "Host: {host}\r\nuser-agent: AlibabaCloud (Unix 6.5.0.1025) .NET/8.0.6 Core/1.0.0.0 TeaDSL/1\r\naccept: application/json\r\n",
    },
    Sdk {
        lang: "PHP (alibabacloud/tea, Guzzle)",
        yes: "true",
        no: "false",
        spaces: ALPHABETICAL_SPACES,
        dentries: ALPHABETICAL_DENTRIES,
        headers: "Host: {host}\r\nUser-Agent: AlibabaCloud (Linux; cli) PHP/8.2.20 Core/3.1 TeaDSL/1\r\naccept: application/json\r\n",
    },
    Sdk {
        lang: "Node/TypeScript (@alicloud/tea-typescript, httpx)",
        yes: "true",
        no: "false",
        spaces: ALPHABETICAL_SPACES,
        dentries: ALPHABETICAL_DENTRIES,
        headers: "host: {host}\r\nuser-agent: AlibabaCloud (linux; x64) Node.js/v20.15.0 Core/1.0.1 TeaDSL/1\r\naccept: application/json\r\nConnection: keep-alive\r\n",
    },
    Sdk {
        lang: "C++ (darabonba core)",
        yes: "true",
        no: "false",
        spaces: ALPHABETICAL_SPACES,
        dentries: ALPHABETICAL_DENTRIES,
        headers: "host: {host}\r\nuser-agent: AlibabaCloud (Linux; x86_64) Cpp/11 Core/1.0 TeaDSL/1\r\naccept: application/json\r\n",
    },
];

impl Sdk {
    fn headers(&self) -> String {
        self.headers.replace("{host}", &served().addr.to_string())
    }

    /// A GET as this SDK writes it, with the access token.
    fn get(&self, target: &str, token: &str) -> Answer {
        let req = format!(
            "GET {target} HTTP/1.1\r\n{}x-acs-dingtalk-access-token: {token}\r\n\r\n",
            self.headers()
        );
        exchange(req.as_bytes())
    }

    /// The app token call (`POST /v1.0/oauth2/accessToken`): the body is the request model
    /// as compact JSON, `appKey` first in every language.
    fn access_token(&self) -> Answer {
        let body = r#"{"appKey":"demo-app-key","appSecret":"demo-app-secret"}"#;
        let req = format!(
            "POST /v1.0/oauth2/accessToken HTTP/1.1\r\n{}content-type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
            self.headers(),
            body.len()
        );
        exchange(req.as_bytes())
    }

    fn fill(&self, template: &str, vars: &Vars, token: Option<&str>) -> String {
        template
            .replace("{union}", DEMO_ADMIN_UNION_ID)
            .replace("{space}", &vars.space)
            .replace("{parent}", &vars.parent)
            .replace("{token}", token.unwrap_or(""))
            .replace("{true}", self.yes)
            .replace("{false}", self.no)
    }
}

struct Vars {
    space: String,
    parent: String,
}

fn vars() -> Vars {
    let (space, parent) = served().emu.big_folder();
    Vars { space, parent }
}

/// A token issued to a plain request (the same one every SDK gets while it is valid).
fn token() -> String {
    let a = SDKS[0].access_token();
    a.ok().expect("token")["accessToken"]
        .as_str()
        .expect("accessToken")
        .to_owned()
}

fn ids(page: &Value, list: &str, id: &str) -> Vec<String> {
    page[list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list}: {page}"))
        .iter()
        .map(|d| d[id].as_str().expect("id").to_owned())
        .collect()
}

fn next_token(page: &Value) -> Option<String> {
    page["nextToken"]
        .as_str()
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

fn thumbnails(page: &Value) -> usize {
    page["dentries"].as_array().map_or(0, |a| {
        a.iter()
            .filter(|d| d["thumbnail"]["url"].is_string())
            .count()
    })
}

/// Runs `case` for every SDK and fails once, naming every SDK that failed.
fn for_every_sdk(case: impl Fn(&Sdk) -> Result<(), String>) {
    let failures: Vec<String> = SDKS
        .iter()
        .filter_map(|sdk| case(sdk).err().map(|e| format!("{}: {e}", sdk.lang)))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn check(cond: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(what())
    }
}

#[test]
fn access_token_call_of_every_sdk() {
    for_every_sdk(|sdk| {
        let v = sdk.access_token().ok()?;
        check(
            v["accessToken"].as_str().is_some_and(|t| !t.is_empty()) && v["expireIn"].is_i64(),
            || format!("unexpected body {v}"),
        )
    });
}

#[test]
fn list_spaces_call_of_every_sdk() {
    let t = token();
    let all = served().emu.space_ids();
    let v = vars();
    for_every_sdk(|sdk| {
        let first = sdk.get(&sdk.fill(sdk.spaces[0], &v, None), &t).ok()?;
        check(ids(&first, "spaces", "spaceId") == all[..50], || {
            format!("first page: {first}")
        })?;
        let token = next_token(&first).ok_or("first page has no nextToken")?;
        let second = sdk
            .get(&sdk.fill(sdk.spaces[1], &v, Some(&token)), &t)
            .ok()?;
        check(ids(&second, "spaces", "spaceId") == all[50..100], || {
            format!("second page: {second}")
        })?;
        check(next_token(&second).is_some(), || "no third page".into())
    });
}

#[test]
fn list_dentries_call_of_every_sdk() {
    let t = token();
    let v = vars();
    // The same two pages as the app asks for them (lowercase booleans, its own order).
    let app = |thumbs: bool, token: Option<&str>| {
        let q = ListDentriesQuery::new(
            DEMO_ADMIN_UNION_ID,
            &v.parent,
            30,
            OrderBy::ModifiedTime,
            Order::Desc,
            thumbs,
        )
        .expect("valid")
        .page(token);
        let target = format!("/v1.0/storage/spaces/{}/dentries?{}", v.space, q.to_query());
        SDKS[2].get(&target, &t).ok().expect("app page")
    };
    let app_first = app(true, None);
    let app_token = next_token(&app_first).expect("a second page");
    let app_second = app(false, Some(&app_token));
    let (first_ids, second_ids) = (
        ids(&app_first, "dentries", "id"),
        ids(&app_second, "dentries", "id"),
    );
    let children: BTreeSet<String> = served()
        .emu
        .children(&v.space, &v.parent)
        .expect("folder")
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!((first_ids.len(), second_ids.len()), (30, 30));
    let listed: BTreeSet<&String> = first_ids.iter().chain(&second_ids).collect();
    assert_eq!(listed.len(), 60);
    assert!(listed.iter().all(|id| children.contains(*id)));
    assert!(thumbnails(&app_first) > 0);

    for_every_sdk(|sdk| {
        let first = sdk.get(&sdk.fill(sdk.dentries[0], &v, None), &t).ok()?;
        check(ids(&first, "dentries", "id") == first_ids, || {
            format!("first page: {first}")
        })?;
        check(thumbnails(&first) == thumbnails(&app_first), || {
            format!("withThumbnail={} gave no thumbnails", sdk.yes)
        })?;
        let token = next_token(&first).ok_or("first page has no nextToken")?;
        let second = sdk
            .get(&sdk.fill(sdk.dentries[1], &v, Some(&token)), &t)
            .ok()?;
        check(ids(&second, "dentries", "id") == second_ids, || {
            format!("second page: {second}")
        })?;
        check(thumbnails(&second) == 0, || {
            format!("withThumbnail={} gave thumbnails", sdk.no)
        })
    });
}

/// The user-info call through DingTalk's Java server SDK (`DefaultDingTalkClient`): the token
/// appended to the URL, the request's text parameters as a JSON body.
#[test]
fn user_info_call_of_the_server_sdk() {
    let t = token();
    let body = format!(r#"{{"code":"{DEMO_ADMIN_CODE}"}}"#);
    let req = format!(
        "POST /topapi/v2/user/getuserinfo?access_token={t} HTTP/1.1\r\nHost: {}\r\nAccept: text/xml,text/javascript\r\nUser-Agent: top-sdk-java\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\n\r\n{body}",
        served().addr,
        body.len()
    );
    let v = exchange(req.as_bytes()).ok().expect("user info");
    assert_eq!(v["errcode"], 0, "{v}");
    assert_eq!(v["result"]["unionid"], DEMO_ADMIN_UNION_ID, "{v}");
}

/// A ten-item page of the big folder, `extra` appended.
fn dentries_target(extra: &str) -> String {
    dentries_target_with("&maxResults=10", extra)
}

fn dentries_target_with(max_results: &str, extra: &str) -> String {
    let v = vars();
    format!(
        "/v1.0/storage/spaces/{}/dentries?parentId={}{max_results}&unionId={DEMO_ADMIN_UNION_ID}{extra}",
        v.space, v.parent
    )
}

#[test]
fn booleans_in_any_letter_case() {
    let t = token();
    let go = &SDKS[2];
    for (value, thumbs) in [
        ("true", true),
        ("True", true),
        ("TRUE", true),
        ("tRUe", true),
        ("%74rue", true),
        ("%54RUE", true),
        ("false", false),
        ("False", false),
        ("FALSE", false),
        ("fAlSe", false),
        ("", false),
    ] {
        let target = dentries_target(&format!("&withThumbnail={value}"));
        let page = go
            .get(&target, &t)
            .ok()
            .unwrap_or_else(|e| panic!("withThumbnail={value}: {e}"));
        assert_eq!(
            thumbnails(&page) > 0,
            thumbs,
            "withThumbnail={value}: {page}"
        );
    }
}

#[test]
fn percent_encoded_values_in_either_encoding() {
    let t = token();
    let go = &SDKS[2];
    let v = vars();
    let every_byte = |s: &str, lower: bool| -> String {
        s.bytes()
            .map(|b| {
                if lower {
                    format!("%{b:02x}")
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let plain = go.get(&dentries_target(""), &t).ok().expect("plain");
    let token = next_token(&plain).expect("a second page");
    let plain_next = go
        .get(&dentries_target(&format!("&nextToken={token}")), &t)
        .ok()
        .expect("plain next");
    for lower in [false, true] {
        let target = format!(
            "/v1.0/storage/spaces/{}/dentries?parentId={}&maxResults=10&unionId={}&nextToken={}",
            v.space,
            every_byte(&v.parent, lower),
            every_byte(DEMO_ADMIN_UNION_ID, lower),
            every_byte(&token, lower),
        );
        let page = go.get(&target, &t).ok().expect("encoded");
        assert_eq!(
            ids(&page, "dentries", "id"),
            ids(&plain_next, "dentries", "id")
        );
    }
    // `+` and `%20` both stand for a space: the refusal names the same decoded value.
    for (order_by, ok) in [
        ("MODIFIED%5fTIME", true),
        ("MODIFIED%5FTIME", true),
        ("MODIFIED+TIME", false),
        ("MODIFIED%20TIME", false),
    ] {
        let a = go.get(&dentries_target(&format!("&orderBy={order_by}")), &t);
        if ok {
            a.ok().expect(order_by);
        } else {
            a.assert_error(400, "paramError", order_by);
            let msg = a.json()["message"].as_str().unwrap_or("").to_owned();
            assert!(msg.contains("\"MODIFIED TIME\""), "{order_by}: {msg}");
        }
    }
}

#[test]
fn repeated_and_unknown_parameters() {
    let t = token();
    let go = &SDKS[2];
    let page = go
        .get(&dentries_target("&maxResults=99&unionId=stranger"), &t)
        .ok()
        .expect("first of each repeated name wins");
    assert_eq!(ids(&page, "dentries", "id").len(), 10);
    let plain = go.get(&dentries_target(""), &t).ok().expect("plain");
    let extra = go
        .get(&dentries_target("&x-acs-extra=1&callerTag=a%20b&flag"), &t)
        .ok()
        .expect("unknown names are ignored");
    assert_eq!(ids(&extra, "dentries", "id"), ids(&plain, "dentries", "id"));
}

#[test]
fn what_dingtalk_refuses_is_still_refused() {
    let t = token();
    let go = &SDKS[2];
    let v = vars();
    for value in [
        "1", "0", "yes", "no", "on", "off", "t", "truee", "%20true", "true+", "null",
    ] {
        go.get(&dentries_target(&format!("&withThumbnail={value}")), &t)
            .assert_error(400, "paramError", &format!("withThumbnail={value}"));
    }
    for extra in [
        "&maxResults=51",
        "&maxResults=abc",
        "&maxResults=30.0",
        "&maxResults=-1",
    ] {
        go.get(&dentries_target_with(extra, ""), &t)
            .assert_error(400, "paramError", extra);
    }
    let no_union = format!(
        "/v1.0/storage/spaces/{}/dentries?maxResults=30&parentId={}&withThumbnail=True",
        v.space, v.parent
    );
    go.get(&no_union, &t)
        .assert_error(400, "paramError", "no unionId");
    go.get(
        "/v1.0/drive/spaces?maxResults=51&spaceType=org&unionId=demoAdminUnion01",
        &t,
    )
    .assert_error(400, "param.error.maxresults", "spaces maxResults=51");
    go.get("/v1.0/drive/spaces?maxResults=50&spaceType=org", &t)
        .assert_error(400, "param.error", "spaces without unionId");
    let target = dentries_target("&withThumbnail=True");
    go.get(&target, "not-a-token")
        .assert_error(400, "InvalidAuthentication", "bad token");
    let no_token = format!("GET {target} HTTP/1.1\r\n{}\r\n", go.headers());
    exchange(no_token.as_bytes()).assert_error(400, "InvalidAuthentication", "no token");
    let bearer = format!(
        "GET {target} HTTP/1.1\r\n{}authorization: Bearer {t}\r\n\r\n",
        go.headers()
    );
    exchange(bearer.as_bytes()).assert_error(400, "InvalidAuthentication", "token elsewhere");
}
