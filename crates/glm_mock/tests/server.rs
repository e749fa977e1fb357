//! The server around the scenarios: CORS, authentication, validation, static files and the request journal.

mod common;

use common::{ask, chat_body, send, start, start_default};
use glm_mock::Config;
use serde_json::{Value, json};

const CHAT: &str = "/api/paas/v4/chat/completions";

#[test]
fn preflight_allows_the_origin_and_the_client_headers() {
    let server = start_default();
    let reply = send(
        server.addr,
        "OPTIONS",
        CHAT,
        &[
            ("Origin", "http://app.test"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization,content-type"),
        ],
        b"",
    );
    assert_eq!(reply.status, 204);
    assert_eq!(reply.header("access-control-allow-origin"), Some("http://app.test"));
    assert_eq!(reply.header("access-control-allow-methods"), Some("POST, GET, OPTIONS"));
    assert_eq!(
        reply.header("access-control-allow-headers"),
        Some("authorization, content-type, accept-language")
    );
    assert_eq!(reply.header("access-control-max-age"), Some("600"));
    assert_eq!(reply.header("vary"), Some("Origin"));
    // Ordinary responses carry CORS headers too, `*` without an Origin.
    assert_eq!(
        ask(&server, "hi #fast", false).header("access-control-allow-origin"),
        Some("*")
    );
}

#[test]
fn a_configured_key_is_checked_only_when_a_key_is_sent() {
    let server = start(Config {
        key: Some("demo-key".into()),
        ..Config::default()
    });
    let body = chat_body("hi #fast", false).to_string();
    let post = |auth: &[(&str, &str)]| send(server.addr, "POST", CHAT, auth, body.as_bytes());
    let wrong = post(&[("Authorization", "Bearer nope")]);
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.json(),
        json!({"error": {"code": "1002", "message": "Authorization Token非法，请确认Authorization Token正确传递。"}})
    );
    assert_eq!(wrong.header("content-type"), Some("application/json"));
    assert_eq!(post(&[("Authorization", "Bearer demo-key")]).status, 200);
    assert_eq!(post(&[]).status, 200, "demo mode: no header, no check");
}

#[test]
fn require_key_rejects_requests_without_authorization() {
    let server = start(Config {
        require_key: true,
        ..Config::default()
    });
    let reply = ask(&server, "hi", false);
    assert_eq!(reply.status, 401);
    assert_eq!(reply.json()["error"]["code"], "1001");
}

#[test]
fn bad_bodies_get_the_real_business_codes() {
    let server = start_default();
    let post = |body: &str| send(server.addr, "POST", CHAT, &[], body.as_bytes());
    let cases = [
        ("{not json", "1210"),
        (r#"{"messages":[{"role":"user","content":"hi"}]}"#, "1213"),
        (r#"{"model":"glm-4.5","messages":[]}"#, "1214"),
        (
            r#"{"model":"glm-4.5","messages":[{"role":"system","content":"only system"}]}"#,
            "1214",
        ),
        (
            r#"{"model":"glm-4.5","messages":[{"role":"robot","content":"?"}]}"#,
            "1214",
        ),
    ];
    for (body, code) in cases {
        let reply = post(body);
        assert_eq!(
            (reply.status, reply.json()["error"]["code"].as_str()),
            (400, Some(code)),
            "{body}"
        );
    }
}

#[test]
fn any_path_ending_in_chat_completions_is_the_chat_endpoint() {
    let server = start_default();
    let body = chat_body("#fast hello", false).to_string();
    for path in ["/api/coding/paas/v4/chat/completions", "/v4/chat/completions"] {
        assert_eq!(
            send(server.addr, "POST", path, &[], body.as_bytes()).status,
            200,
            "{path}"
        );
    }
    assert_eq!(send(server.addr, "GET", "/nothing-here", &[], b"").status, 404);
    assert_eq!(send(server.addr, "PUT", CHAT, &[], b"").status, 405);
}

#[test]
fn chunked_request_bodies_are_decoded() {
    let server = start_default();
    let body = chat_body("#fast chunked", false).to_string();
    let (a, b) = body.split_at(10);
    let framed = format!("{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n", a.len(), b.len());
    let reply = send(
        server.addr,
        "POST",
        CHAT,
        &[("Transfer-Encoding", "chunked")],
        framed.as_bytes(),
    );
    // The test client also adds `Content-Length`, which chunked framing overrides.
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["object"], "chat.completion");
}

#[test]
fn the_journal_records_what_clients_sent() {
    let server = start_default();
    send(server.addr, "DELETE", "/__mock/requests", &[], b"");
    let body = json!({
        "model": "glm-4.5", "stream": false, "thinking": {"type": "disabled"},
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "#fast recorded?"}],
    });
    let payload = body.to_string();
    send(
        server.addr,
        "POST",
        CHAT,
        &[("Authorization", "Bearer k"), ("Accept-Language", "en-US,en")],
        payload.as_bytes(),
    );
    let journal = send(server.addr, "GET", "/__mock/requests", &[], b"").json();
    let entry = &journal.as_array().unwrap()[0];
    assert_eq!(entry["path"], CHAT);
    assert_eq!(entry["headers"]["authorization"], "Bearer k");
    assert_eq!(entry["headers"]["accept-language"], "en-US,en");
    assert_eq!(entry["body"], body);
    assert_eq!(send(server.addr, "DELETE", "/__mock/requests", &[], b"").status, 204);
    assert_eq!(send(server.addr, "GET", "/__mock/requests", &[], b"").json(), json!([]));
}

#[test]
fn the_scenario_list_names_every_tag() {
    let server = start_default();
    let list = send(server.addr, "GET", "/__mock/scenarios", &[], b"").json();
    let tags: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["tag"].as_str())
        .collect();
    for tag in [
        "#markdown",
        "#search",
        "#tool",
        "#drop",
        "#split",
        "#burst N",
        "#paced N R",
        "#1113",
        "#fast",
    ] {
        assert!(tags.contains(&tag), "{tag} missing from {tags:?}");
    }
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|s| s["description"].as_str().is_some_and(|d| !d.is_empty()))
    );
}

#[test]
fn oversized_heads_are_refused() {
    let server = start_default();
    let huge = "x".repeat(70 * 1024);
    let reply = send(server.addr, "GET", "/", &[("X-Big", huge.as_str())], b"");
    assert_eq!(reply.status, 431);
    assert!(matches!(reply.json(), Value::Object(_)));
}
