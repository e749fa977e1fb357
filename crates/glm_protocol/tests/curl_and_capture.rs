//! "Copy as curl": shell quoting and the key never in the text; the capped response capture; JSON re-indenting.

use glm_protocol::inspect::{Capture, KEY_VARIABLE, curl, json_answer, pretty_json, redact, shell_quote};

#[test]
fn shell_quoting_keeps_every_character_literal() {
    assert_eq!(shell_quote("plain"), "'plain'");
    assert_eq!(shell_quote(""), "''");
    assert_eq!(shell_quote("it's"), r"'it'\''s'");
    assert_eq!(shell_quote("''"), r"''\'''\'''");
    // Characters the shell would otherwise expand stay inside single quotes untouched.
    assert_eq!(shell_quote("$HOME `id` \\n \"x\" !"), "'$HOME `id` \\n \"x\" !'");
    assert_eq!(shell_quote("line\nbreak"), "'line\nbreak'");
}

#[test]
fn the_curl_command_repeats_the_exact_body_and_names_the_key_as_a_variable() {
    let body = r#"{"model":"glm-4.6","messages":[{"role":"user","content":"What's $5 in ¥?"}],"stream":true}"#;
    let text = curl(
        "https://open.bigmodel.cn/api/paas/v4/chat/completions",
        body,
        true,
        true,
    );
    assert_eq!(
        text,
        "curl -N 'https://open.bigmodel.cn/api/paas/v4/chat/completions' \\\n  \
         -H 'Content-Type: application/json' \\\n  \
         -H \"Authorization: Bearer $GLM_API_KEY\" \\\n  \
         --data-raw '{\"model\":\"glm-4.6\",\"messages\":[{\"role\":\"user\",\"content\":\"What'\\''s $5 in ¥?\"}],\"stream\":true}'"
    );
    let quiet = curl("http://127.0.0.1:8787/api/paas/v4/chat/completions", "{}", false, false);
    assert_eq!(
        quiet,
        "curl 'http://127.0.0.1:8787/api/paas/v4/chat/completions' \\\n  -H 'Content-Type: application/json' \\\n  --data-raw '{}'"
    );
    assert!(!quiet.contains("Authorization"), "no header when none was sent");
}

#[test]
fn the_key_is_never_in_what_is_shown() {
    let key = "0123456789abcdef.SECRETsecret";
    let body = format!(r#"{{"messages":[{{"role":"user","content":"my key is {key}"}}]}}"#);
    let shown = curl("https://x/chat/completions", &redact(&body, key), true, false);
    assert!(!shown.contains(key) && !shown.contains("SECRETsecret"));
    assert_eq!(
        shown.matches(KEY_VARIABLE).count(),
        2,
        "the header and the redacted text"
    );
    assert_eq!(redact("abc", "  "), "abc", "no key: nothing to redact");
    assert_eq!(redact("a short word", "short"), "a short word", "too short to be a key");
}

#[test]
fn capture_keeps_up_to_the_cap_and_counts_the_rest() {
    let mut c = Capture::new(10);
    c.push(b"data: ");
    c.push("你好".as_bytes());
    assert_eq!(c.total(), 12);
    assert_eq!(c.truncated(), Some((10, 12)));
    assert_eq!(
        c.text(),
        "data: 你\u{fffd}",
        "a character cut by the cap shows as U+FFFD"
    );
    let mut whole = Capture::new(100);
    whole.push(b"{\"ok\":true}");
    assert_eq!((whole.text().as_str(), whole.truncated()), ("{\"ok\":true}", None));
}

#[test]
fn json_is_reindented_keeping_key_order_and_strings() {
    let text = r#"{"model":"glm-4.6","a":[1,2,{}],"s":"x, {y}: \"z\"","e":[]}"#;
    assert_eq!(
        pretty_json(text).unwrap(),
        "{\n  \"model\": \"glm-4.6\",\n  \"a\": [\n    1,\n    2,\n    {}\n  ],\n  \"s\": \"x, {y}: \\\"z\\\"\",\n  \"e\": []\n}"
    );
    assert_eq!(pretty_json("not json"), None);
    assert_eq!(pretty_json(r#"{"a":1"#), None);
}

#[test]
fn an_answer_that_is_only_json_becomes_a_json_code_block() {
    assert_eq!(
        json_answer(" {\"city\":\"Beijing\"} ").unwrap(),
        "```json\n{\n  \"city\": \"Beijing\"\n}\n```"
    );
    assert!(json_answer("[1, 2]").is_some());
    assert_eq!(json_answer("The answer is {\"a\":1}"), None, "prose stays prose");
    assert_eq!(json_answer("{not json}"), None);
    assert_eq!(json_answer("42"), None, "a bare number is not worth a code block");
}
