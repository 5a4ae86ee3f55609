//! Component tests in headless Chromium of the alerts page's parts, fed through their props
//! (no server): alerts off say how to turn them on; the subscriptions reflect what is saved
//! and save the ticked rules with the page's language; the rules form refuses a warning
//! threshold not below the critical one, says so and sends nothing; the log says each state
//! and DingTalk result in words, links each space and shows hostile names as text; the demo
//! inboxes show each message as plain text; and axe-core finds nothing wrong with them.
#![cfg(target_arch = "wasm32")]

use dashboard_core::alerts::{RuleKind, Rules};
use dashboard_core::alerts_page::{
    AlertsPage, CrossingSeen, Delivery, DemoInbox, DemoMessage, SendState, SentAlert, Subscriptions,
};
use drive_quota_dashboard::api::ApiError;
use drive_quota_dashboard::i18n::{I18n, Lang};
use drive_quota_dashboard::state::alerts::Save;
use drive_quota_dashboard::state::Loaded;
use drive_quota_dashboard::views::alerts::{
    AlertLog, AlertRulesForm, AlertSubscriptions, AlertsOff, DemoInboxes,
};
use leptos::prelude::*;
use std::cell::RefCell;
use std::sync::{Arc, Mutex};
use support::{all, text};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;

const HOSTILE: &str = "<img src=x onerror=alert(1)>设计部";

thread_local! {
    static LAST: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// A fresh host, the previous test's removed (tests run one at a time): the parts' ids are
/// the page's, so only one of each is in the document.
fn host() -> (web_sys::Element, web_sys::HtmlElement) {
    LAST.with(|l| {
        if let Some(old) = l.borrow_mut().take() {
            old.remove();
        }
    });
    let (host, el) = support::host("div");
    LAST.with(|l| *l.borrow_mut() = Some(host.clone()));
    (host, el)
}

fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> web_sys::Element {
    let (host, el) = host();
    std::mem::forget(mount_to(el, move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        view()
    }));
    host
}

fn texts(host: &web_sys::Element, selector: &str) -> Vec<String> {
    all(host, selector)
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

fn one(host: &web_sys::Element, selector: &str) -> web_sys::HtmlElement {
    host.query_selector(selector)
        .expect("query")
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into()
}

fn type_into(host: &web_sys::Element, selector: &str, value: &str) {
    let input: web_sys::HtmlInputElement = one(host, selector).unchecked_into();
    input.set_value(value);
    let e = web_sys::Event::new("input").expect("event");
    input.dispatch_event(&e).expect("dispatched");
}

fn checked(host: &web_sys::Element) -> Vec<(String, bool)> {
    all(host, "input[type=checkbox]")
        .into_iter()
        .map(|e| {
            let i: web_sys::HtmlInputElement = e.unchecked_into();
            (i.value(), i.checked())
        })
        .collect()
}

#[wasm_bindgen_test]
fn alerts_off_say_how_to_turn_them_on() {
    let host = mount(|| view! { <AlertsOff /> });
    assert_eq!(text(&host, "h2"), "Alerts are off");
    let steps = texts(&host, "ol li");
    assert_eq!(steps.len(), 3);
    assert!(
        steps[0].contains("DINGTALK_AGENT_ID") && steps[0].contains("AgentId"),
        "{steps:?}"
    );
    assert!(steps[0].contains("DingTalk developer console"), "{steps:?}");
    assert!(
        steps[1].contains("PUBLIC_URL") && steps[1].contains("https"),
        "{steps:?}"
    );
    assert!(steps[2].contains("restart"), "{steps:?}");
    assert!(host
        .text_content()
        .unwrap_or_default()
        .contains("You can set your subscriptions now"));
}

fn page(subscribed: Vec<RuleKind>) -> AlertsPage {
    AlertsPage {
        enabled: true,
        rules: Rules {
            warning: 70,
            ..Rules::default()
        },
        subscribed,
        lang: "zh".into(),
        calls_per_message: 2,
        ..AlertsPage::default()
    }
}

fn mount_subscriptions(
    page: RwSignal<AlertsPage>,
    save: RwSignal<Save>,
) -> (web_sys::Element, Arc<Mutex<Vec<Subscriptions>>>) {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let s = sent.clone();
    let host = mount(move || {
        let on_save = Callback::new(move |b: Subscriptions| s.lock().expect("lock").push(b));
        view! { <AlertSubscriptions page=page save=save on_save=on_save /> }
    });
    (host, sent)
}

#[wasm_bindgen_test]
async fn subscriptions_reflect_what_is_saved_and_save_the_ticked_rules_in_the_page_s_language() {
    let shown = RwSignal::new(page(vec![RuleKind::Warning, RuleKind::Org]));
    let save = RwSignal::new(Save::Idle);
    let (host, sent) = mount_subscriptions(shown, save);
    assert_eq!(
        text(&host, "legend"),
        "Tell me by DingTalk work notification when:"
    );
    assert_eq!(
        checked(&host),
        [
            ("warning".to_owned(), true),
            ("critical".to_owned(), false),
            ("fullSoon".to_owned(), false),
            ("org".to_owned(), true),
        ]
    );
    // Each choice is labelled with its rule's setting.
    let labels = texts(&host, "label.alert-choice");
    assert_eq!(labels[0], "a space passes the warning threshold (70%)");
    assert_eq!(labels[2], "a space is forecast full within 14 days");
    // What a message costs, and the language alerts are written in.
    assert!(
        text(&host, ".alerts-cost").starts_with("Each message costs 2 DingTalk calls"),
        "{}",
        text(&host, ".alerts-cost")
    );
    assert!(host
        .text_content()
        .unwrap_or_default()
        .contains("Your alerts are written in Chinese"));
    // Untick the warning, tick the forecast, save.
    one(&host, "input[value=warning]").click();
    one(&host, "input[value=fullSoon]").click();
    leptos::task::tick().await;
    one(&host, "button.alerts-save").click();
    let bodies = sent.lock().expect("lock").clone();
    assert_eq!(
        bodies,
        [Subscriptions {
            subscribed: vec![RuleKind::FullSoon, RuleKind::Org],
            lang: "en".into(),
        }]
    );
    assert_eq!(
        serde_json::to_string(&bodies[0]).expect("json"),
        r#"{"subscribed":["fullSoon","org"],"lang":"en"}"#
    );
    // The save's progress is announced in a live region; a failure is named.
    let status = one(&host, ".save-status");
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(status.text_content().unwrap_or_default(), "");
    save.set(Save::Saving);
    leptos::task::tick().await;
    assert_eq!(text(&host, ".save-status"), "Saving…");
    // The server's answer: what it saved is what the boxes show.
    shown.update(|p| p.subscribed = vec![RuleKind::Critical]);
    save.set(Save::Saved);
    leptos::task::tick().await;
    assert_eq!(text(&host, ".save-status"), "Saved");
    assert_eq!(
        checked(&host)
            .iter()
            .filter(|c| c.1)
            .map(|c| c.0.as_str())
            .collect::<Vec<_>>(),
        ["critical"]
    );
    save.set(Save::Failed(ApiError::Network(
        "TypeError: Failed to fetch".into(),
    )));
    leptos::task::tick().await;
    assert!(text(&host, ".save-error[role=alert]").starts_with("Could not reach the server"));
}

fn mount_rules() -> (web_sys::Element, Arc<Mutex<Vec<Rules>>>) {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let s = sent.clone();
    let host = mount(move || {
        let on_save = Callback::new(move |r: Rules| s.lock().expect("lock").push(r));
        view! { <AlertRulesForm page=AlertsPage::default() save=Save::Idle on_save=on_save /> }
    });
    (host, sent)
}

#[wasm_bindgen_test]
async fn the_rules_form_refuses_a_warning_not_below_the_critical_and_sends_nothing() {
    let (host, sent) = mount_rules();
    assert_eq!(text(&host, "legend"), "When to alert");
    let warning: web_sys::HtmlInputElement = one(&host, "#alert-rule-warning").unchecked_into();
    leptos::task::tick().await;
    assert_eq!(warning.value(), "80");
    // Every field has its label.
    for id in ["warning", "critical", "days", "org"] {
        assert!(
            host.query_selector(&format!("label[for=alert-rule-{id}]"))
                .expect("q")
                .is_some(),
            "{id}"
        );
    }
    type_into(&host, "#alert-rule-warning", "95");
    type_into(&host, "#alert-rule-critical", "90");
    one(&host, "button.alerts-rules-save").click();
    leptos::task::tick().await;
    assert!(sent.lock().expect("lock").is_empty(), "nothing is sent");
    let problem = text(&host, "#alert-rules-problem[role=alert]");
    assert_eq!(
        problem,
        "The warning threshold (95%) must be below the critical one (90%): lower the warning or raise the critical threshold."
    );
    assert_eq!(
        warning.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        warning.get_attribute("aria-describedby").as_deref(),
        Some("alert-rules-problem")
    );
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .map(|a| a.id());
    assert_eq!(focused.as_deref(), Some("alert-rule-warning"));
    // Fixing it takes the message away; then the rules are sent.
    type_into(&host, "#alert-rule-warning", "85");
    leptos::task::tick().await;
    assert!(host
        .query_selector("#alert-rules-problem")
        .expect("q")
        .is_none());
    assert!(!warning.has_attribute("aria-invalid"));
    one(&host, "button.alerts-rules-save").click();
    assert_eq!(
        *sent.lock().expect("lock"),
        [Rules {
            warning: 85,
            critical: 90,
            ..Rules::default()
        }]
    );
    // Not a number, and a horizon too long.
    type_into(&host, "#alert-rule-days", "");
    one(&host, "button.alerts-rules-save").click();
    leptos::task::tick().await;
    assert!(text(&host, "#alert-rules-problem").contains("must be a whole number"));
    type_into(&host, "#alert-rule-days", "400");
    leptos::task::tick().await;
    assert!(text(&host, "#alert-rules-problem").contains("1 to 365 days"));
    assert_eq!(sent.lock().expect("lock").len(), 1);
}

fn alert(id: i64, state: SendState, delivery: Option<Delivery>) -> SentAlert {
    SentAlert {
        id,
        // 2026-12-01 08:00 UTC.
        at: 1_796_112_000,
        to_name: format!("管理员 {id}"),
        to_union_id: format!("union-{id}"),
        crossings: vec![CrossingSeen {
            rule: RuleKind::Warning,
            subject: format!("space-{id}"),
            name: format!("空间 {id}"),
            value: 8_200,
        }],
        title: format!("title {id}"),
        lang: "zh".into(),
        state,
        attempts: 1,
        calls: 2,
        task_id: None,
        sent_at: None,
        delivery,
        error: None,
        ..SentAlert::default()
    }
}

fn log() -> Vec<SentAlert> {
    let deliveries = Delivery::ALL;
    let mut log: Vec<SentAlert> = deliveries
        .iter()
        .enumerate()
        .map(|(i, d)| alert(i as i64 + 1, SendState::Sent, Some(*d)))
        .collect();
    log.push(alert(9, SendState::Sent, None));
    log.push(alert(10, SendState::Pending, None));
    let mut failed = alert(11, SendState::Failed, None);
    failed.attempts = 3;
    failed.error = Some("60011: no permission".into());
    log.push(failed);
    let mut digest = alert(12, SendState::Sent, Some(Delivery::Read));
    digest.digest = true;
    digest.crossings = vec![
        CrossingSeen {
            rule: RuleKind::Critical,
            subject: "28000000001".into(),
            name: HOSTILE.into(),
            value: 9_610,
        },
        CrossingSeen {
            rule: RuleKind::FullSoon,
            subject: "a/b?c".into(),
            name: String::new(),
            value: 9,
        },
        CrossingSeen {
            rule: RuleKind::Org,
            subject: "org".into(),
            name: String::new(),
            value: 9_100,
        },
    ];
    digest.title = HOSTILE.into();
    log.push(digest);
    log
}

fn logged(judged_at: Option<i64>) -> AlertsPage {
    AlertsPage {
        log: log(),
        judged_at,
        ..AlertsPage::default()
    }
}

#[wasm_bindgen_test]
fn the_log_says_each_state_and_result_in_words_and_links_each_space() {
    let host = mount(
        || view! { <AlertLog page=logged(Some(1_796_112_000)) on_reload=Callback::new(|_| ()) /> },
    );
    let judged = text(&host, ".alerts-note");
    assert!(
        judged.starts_with("The rules were last judged ") && judged.contains("2026"),
        "{judged}"
    );
    let table = host
        .query_selector("table.alerts-log")
        .expect("q")
        .expect("a table");
    assert_eq!(text(&table, "caption"), "The latest alerts, newest first");
    assert_eq!(
        texts(&table, "thead th[scope=col]"),
        [
            "When",
            "To",
            "Title",
            "What crossed",
            "State",
            "DingTalk's result",
            "Calls",
            "Error"
        ]
    );
    let rows = all(&table, "tbody tr");
    assert_eq!(rows.len(), 12);
    let cells: Vec<Vec<String>> = rows.iter().map(|r| texts(r, "th, td")).collect();
    let results: Vec<&str> = cells.iter().map(|c| c[5].as_str()).collect();
    assert_eq!(
        results[..10],
        [
            "Read",
            "Delivered, not read yet",
            "Not delivered again: the same content reached them today (143106)",
            "Not delivered: their daily limit of messages from the app was reached (143105)",
            "Held back by a per-minute limit (143103, 143104)",
            "Not delivered: DingTalk does not know this user",
            "DingTalk says it failed",
            "DingTalk's result does not name them",
            "Waiting for DingTalk's result",
            "—",
        ]
    );
    let states: Vec<&str> = cells.iter().map(|c| c[4].as_str()).collect();
    assert_eq!(states[0], "Sent");
    assert_eq!(states[9], "Waiting to send");
    assert_eq!(states[10], "Gave up (3 attempts)");
    assert_eq!(cells[10][7], "60011: no permission");
    assert_eq!(cells[0][7], "—");
    // When (a date through Intl, heading its row), to whom, the calls.
    assert!(text(&rows[0], "th[scope=row]").contains("2026"));
    assert_eq!(cells[0][1], "管理员 1");
    assert_eq!(cells[0][6], "2");
    // Each space links to its page; the organization has none; hostile names are text.
    let first = all(&rows[0], "a");
    assert_eq!(
        first[0].get_attribute("href").as_deref(),
        Some("/spaces/space-1")
    );
    assert_eq!(cells[0][3], "Warning · 空间 1 · 82%");
    let digest = &rows[11];
    assert_eq!(cells[11][2], format!("Digest: {HOSTILE}"));
    let links = all(digest, "a");
    assert_eq!(
        links.len(),
        2,
        "a link per space, none for the organization"
    );
    assert_eq!(
        links[0].get_attribute("href").as_deref(),
        Some("/spaces/28000000001")
    );
    assert_eq!(
        links[0].text_content().unwrap_or_default(),
        format!("Critical · {HOSTILE} · 96.1%")
    );
    assert_eq!(
        links[1].get_attribute("href").as_deref(),
        Some("/spaces/a%2Fb%3Fc")
    );
    assert_eq!(
        texts(digest, "td li"),
        [
            format!("Critical · {HOSTILE} · 96.1%"),
            "Full soon · (untitled) · 9 days".to_owned(),
            "Organization · 91%".to_owned(),
        ]
    );
    assert!(
        host.query_selector("img, b").expect("q").is_none(),
        "names are never markup"
    );
}

#[wasm_bindgen_test]
fn an_empty_log_says_so() {
    let host =
        mount(|| view! { <AlertLog page=AlertsPage::default() on_reload=Callback::new(|_| ()) /> });
    assert!(host.query_selector("table").expect("q").is_none());
    assert_eq!(
        texts(&host, ".alerts-note"),
        [
            "The rules have not been judged yet: they are judged after each snapshot.",
            "No alert has been sent yet."
        ]
    );
}

fn message(task_id: i64, delivered: bool, read: bool, withheld: Option<&str>) -> DemoMessage {
    DemoMessage {
        task_id,
        at: 1_796_112_000_000,
        title: format!("空间「设计部」已用 96.1% #{task_id}"),
        text: "**设计部** 已用 96.1%。\n\n<b>not bold</b> [link](javascript:alert(1))".into(),
        url: Some("https://dash.example.com/spaces/28000000001".into()),
        delivered,
        withheld: withheld.map(str::to_owned),
        read,
    }
}

fn inboxes() -> Vec<DemoInbox> {
    let mut odd = message(5, true, false, None);
    odd.url = Some("javascript:alert(1)".into());
    vec![
        DemoInbox {
            userid: "manager4585".into(),
            name: "王芳".into(),
            admin: true,
            messages: vec![
                message(1, true, true, None),
                message(2, false, false, Some("143105")),
                message(3, false, false, Some("143106")),
                odd,
            ],
        },
        DemoInbox {
            userid: "user100".into(),
            name: HOSTILE.into(),
            admin: false,
            messages: Vec::new(),
        },
    ]
}

#[wasm_bindgen_test]
fn the_demo_inboxes_show_each_message_as_plain_text() {
    let host = mount(|| {
        view! { <DemoInboxes inboxes=Loaded::Got(inboxes()) on_reload=Callback::new(|_| ()) /> }
    });
    assert_eq!(
        texts(&host, ".demo-inbox h3"),
        [
            "王芳 (admin) manager4585".to_owned(),
            format!("{HOSTILE} user100")
        ]
    );
    let messages = all(&host, "li.demo-message");
    assert_eq!(messages.len(), 4);
    assert_eq!(text(&messages[0], "h4"), "空间「设计部」已用 96.1% #1");
    let metas = texts(&host, ".demo-meta");
    assert!(metas[0].ends_with("Delivered, read"), "{metas:?}");
    assert!(
        metas[1].ends_with("daily limit reached (143105)"),
        "{metas:?}"
    );
    assert!(
        metas[2].ends_with("the same content arrived today (143106)"),
        "{metas:?}"
    );
    assert!(metas[3].ends_with("Delivered, not read"), "{metas:?}");
    assert!(messages[1].class_list().contains("held"));
    // The markdown as sent, as text: nothing in it becomes markup.
    assert_eq!(
        text(&messages[0], ".demo-text"),
        "**设计部** 已用 96.1%。\n\n<b>not bold</b> [link](javascript:alert(1))"
    );
    assert!(host.query_selector(".demo-text *").expect("q").is_none());
    assert!(host.query_selector("img").expect("q").is_none());
    let link = one(&messages[0], ".demo-link a");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://dash.example.com/spaces/28000000001")
    );
    // A link that is not the web's is shown, not followed.
    assert!(messages[3].query_selector("a").expect("q").is_none());
    assert_eq!(text(&messages[3], ".demo-url"), "javascript:alert(1)");
    assert!(texts(&host, ".alerts-note")
        .iter()
        .any(|t| t == "No messages."));
}

#[wasm_bindgen_test]
fn a_failed_demo_inbox_names_the_error_with_a_retry() {
    let retried = Arc::new(Mutex::new(0));
    let r = retried.clone();
    let host = mount(move || {
        let failed = ApiError::Api {
            status: 404,
            code: "notFound".into(),
            message: "not in demo mode".into(),
            request_id: Some("req-1".into()),
        };
        let on_reload = Callback::new(move |_| *r.lock().expect("lock") += 1);
        view! { <DemoInboxes inboxes=Loaded::Failed(failed) on_reload=on_reload /> }
    });
    assert!(host
        .query_selector(".error-panel[role=alert]")
        .expect("q")
        .is_some());
    one(&host, ".error-panel button").click();
    assert_eq!(*retried.lock().expect("lock"), 1);
}

/// axe-core, as the end-to-end tests run it, over every part at once with the app's style.
#[wasm_bindgen_test]
async fn axe_finds_nothing_wrong_with_the_parts() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let style = document.create_element("style").expect("style");
    style.set_text_content(Some(include_str!("../style/main.css")));
    document
        .body()
        .expect("body")
        .append_child(&style)
        .expect("append");
    js_sys::Function::new_no_args(include_str!("../node_modules/axe-core/axe.min.js"))
        .call0(&wasm_bindgen::JsValue::NULL)
        .expect("axe loads");
    let save = RwSignal::new(Save::Idle);
    let host = mount(move || {
        let nothing = Callback::new(|_| ());
        view! {
            <main>
                <h1>"Storage alerts"</h1>
                <AlertsOff />
                <AlertSubscriptions page=page(vec![RuleKind::Critical]) save=save on_save=Callback::new(|_| ()) />
                <AlertRulesForm page=page(Vec::new()) save=Save::Saved on_save=Callback::new(|_| ()) />
                <AlertLog page=logged(None) on_reload=nothing />
                <DemoInboxes inboxes=Loaded::Got(inboxes()) on_reload=nothing />
            </main>
        }
    });
    // A refused rule and a failed save on screen too.
    type_into(&host, "#alert-rule-critical", "50");
    one(&host, "button.alerts-rules-save").click();
    save.set(Save::Failed(ApiError::Network("offline".into())));
    leptos::task::tick().await;
    assert!(host
        .query_selector("#alert-rules-problem")
        .expect("q")
        .is_some());
    let axe =
        js_sys::Reflect::get(&web_sys::window().expect("window"), &"axe".into()).expect("axe");
    let run: js_sys::Function = js_sys::Reflect::get(&axe, &"run".into())
        .expect("run")
        .unchecked_into();
    let options = js_sys::JSON::parse(
        r#"{"runOnly":{"type":"tag","values":["wcag2a","wcag2aa","wcag21a","wcag21aa"]},"resultTypes":["violations"]}"#,
    )
    .expect("options");
    let promise: js_sys::Promise = run
        .call2(&axe, &host, &options)
        .expect("axe runs")
        .unchecked_into();
    let result = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("axe answers");
    let violations = js_sys::Reflect::get(&result, &"violations".into()).expect("violations");
    let report = js_sys::JSON::stringify(&violations)
        .map(String::from)
        .unwrap_or_default();
    assert_eq!(
        js_sys::Array::from(&violations).length(),
        0,
        "axe-core found: {report}"
    );
}
