//! Browser tests in headless Chromium: storage, fetch streaming, the Markdown DOM and the mounted app.
#![cfg(target_arch = "wasm32")]

use glm_chat::browser::{fetch, storage};
use glm_chat::key::ApiKey;
use glm_chat::views::markdown_dom::MarkdownDom;
use glm_protocol::reply::{Reply, ReplyStatus, StreamReader};
use glm_protocol::wire::WebSearchResult;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_container() -> web_sys::HtmlElement {
    let doc = document();
    let el = doc.create_element("div").expect("div");
    doc.body().expect("body").append_child(&el).expect("append");
    el.unchecked_into()
}

#[wasm_bindgen_test]
fn the_browsers_lower_case_is_unicodes_and_keeps_two_character_foldings() {
    use glm_chat::browser::page::lower_case;
    for c in ['É', 'Ω', 'Д', 'Ǆ', 'ẞ', 'Ａ', '中', 'ア', '한', 'a', 'é', '𐐀'] {
        let mut out = Vec::new();
        lower_case(c, &mut out);
        assert_eq!(out, c.to_lowercase().collect::<Vec<_>>(), "{c}");
        out.clear();
        lower_case(c, &mut out); // the remembered answer
        assert_eq!(out, c.to_lowercase().collect::<Vec<_>>(), "{c}, again");
    }
    let mut out = Vec::new();
    lower_case('İ', &mut out);
    assert_eq!(out, ['i', '\u{307}']);
}

#[wasm_bindgen_test]
fn storage_round_trips_under_the_app_prefix() {
    storage::set("test-key", "value 1").expect("write");
    assert_eq!(storage::get("test-key").expect("read").as_deref(), Some("value 1"));
    let raw = window().local_storage().ok().flatten().expect("localStorage");
    assert_eq!(
        raw.get_item("glm-chat.test-key").ok().flatten().as_deref(),
        Some("value 1")
    );
    storage::remove("test-key").expect("remove");
    assert_eq!(storage::get("test-key").expect("read"), None);
}

#[wasm_bindgen_test]
async fn a_streamed_body_is_read_and_reduced() {
    let sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm\"}}]}\n\n\
               data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"你好，\"}}]}\n\n\
               data: {\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"delta\":{\"content\":\"world\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\n\
               data: [DONE]\n\n";
    let url = format!(
        "data:text/event-stream;charset=utf-8,{}",
        js_sys::encode_uri_component(sse)
    );
    let controller = web_sys::AbortController::new().expect("controller");
    let key = ApiKey::new("test.key");
    let response = fetch::post_json(&url, key.as_ref(), "{}".into(), &controller.signal())
        .await
        .expect("fetch");
    assert!(response.ok());
    let body = fetch::BodyReader::new(&response).expect("body");
    let mut reader = StreamReader::new();
    let mut reply = Reply::default();
    while let Some(bytes) = body.next().await.expect("read") {
        reader.feed(&bytes, &mut reply);
    }
    reader.finish(&mut reply);
    assert_eq!(reply.reasoning, "hmm");
    assert_eq!(reply.content, "你好，world");
    assert_eq!(reply.status, ReplyStatus::Done);
    assert_eq!(reply.usage.map(|u| u.total_tokens), Some(5));
}

#[wasm_bindgen_test]
async fn a_rejected_fetch_is_a_typed_network_error_without_the_key() {
    let controller = web_sys::AbortController::new().expect("controller");
    let key = ApiKey::new("secret.value");
    // Port 9 (discard) is closed on the test machine: the fetch rejects before any response.
    let err = fetch::post_json(
        "http://127.0.0.1:9/api/paas/v4/chat/completions",
        key.as_ref(),
        "{}".into(),
        &controller.signal(),
    )
    .await
    .expect_err("must fail");
    assert_eq!(err.data_code(), "network");
    assert!(!format!("{err} {err:?}").contains("secret.value"));
}

#[wasm_bindgen_test]
fn markdown_renders_safe_dom_with_citations() {
    let container = fresh_container();
    let mut dom = MarkdownDom::new();
    let text = "# Title\n\nSee [ref_1] and [ref_9], $x^2$.\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1)) [ok](https://example.com)\n\n```rust\nfn main() {}\n```\n";
    let sources = vec![WebSearchResult {
        refer: "ref_1".into(),
        title: "Example <b>news</b>".into(),
        link: "https://example.com/news".into(),
        media: "Example".into(),
        ..Default::default()
    }];
    let _ = dom.sync(&container, text, true, &sources, "Copy code");
    assert!(
        container.query_selector("script").expect("query").is_none(),
        "no script element"
    );
    assert_eq!(
        container
            .query_selector("h1")
            .ok()
            .flatten()
            .and_then(|h| h.text_content())
            .as_deref(),
        Some("Title")
    );
    let cite = container
        .query_selector("a[data-ref='ref_1']")
        .ok()
        .flatten()
        .expect("citation link");
    assert_eq!(cite.get_attribute("href").as_deref(), Some("https://example.com/news"));
    assert_eq!(cite.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
    // The source's title is an attribute's text, never markup.
    assert_eq!(
        cite.get_attribute("data-tip").as_deref(),
        Some("Example <b>news</b> — Example")
    );
    assert!(
        container.query_selector("b").expect("query").is_none(),
        "no element from a title"
    );
    // A formula is MathML, parsed into its namespace.
    let math = container.query_selector("math").ok().flatten().expect("formula");
    assert_eq!(
        math.namespace_uri().as_deref(),
        Some("http://www.w3.org/1998/Math/MathML")
    );
    assert!(
        container
            .query_selector("pre code span.hl-kw")
            .expect("query")
            .is_some(),
        "a finished code block is highlighted"
    );
    assert!(
        container
            .query_selector("a[data-ref='ref_9']")
            .expect("query")
            .is_none(),
        "unknown ref stays text"
    );
    assert!(container.text_content().unwrap_or_default().contains("[ref_9]"));
    assert!(
        container
            .text_content()
            .unwrap_or_default()
            .contains("<script>alert(1)</script>"),
        "raw HTML shown as text"
    );
    let links = container.query_selector_all("a[href]").expect("links");
    for i in 0..links.length() {
        let a: web_sys::Element = links.item(i).expect("a").unchecked_into();
        let href = a.get_attribute("href").unwrap_or_default();
        assert!(href.starts_with("https:"), "unsafe href {href}");
    }
    assert!(
        container
            .query_selector("button[aria-label='Copy code']")
            .expect("query")
            .is_some()
    );
}

#[wasm_bindgen_test]
fn streaming_markdown_keeps_finished_blocks_in_place() {
    let container = fresh_container();
    let mut dom = MarkdownDom::new();
    let _ = dom.sync(&container, "First paragraph.\n\nSecond", false, &[], "Copy code");
    let first = container.first_element_child().expect("first block");
    let _ = dom.sync(
        &container,
        "First paragraph.\n\nSecond paragraph grows.\n\nThird",
        false,
        &[],
        "Copy code",
    );
    let still_first = container.first_element_child().expect("first block");
    assert!(first.is_same_node(Some(&still_first)), "a finished block was rebuilt");
    let _ = dom.sync(
        &container,
        "First paragraph.\n\nSecond paragraph grows.\n\nThird.",
        true,
        &[],
        "Copy code",
    );
    assert_eq!(container.child_element_count(), 3);
    assert_eq!(
        container.last_element_child().and_then(|e| e.text_content()).as_deref(),
        Some("Third.")
    );
}

#[wasm_bindgen_test]
async fn the_app_mounts_with_its_contract_controls() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), glm_chat::App);
    leptos::task::tick().await;
    let q = |sel: &str| container.query_selector(sel).ok().flatten();
    assert!(q("textarea[aria-label='Message']").is_some(), "composer");
    assert!(q("button[aria-label='Settings']").is_some(), "settings button");
    assert!(q("nav[aria-label='Conversations']").is_some(), "conversation list");
    // The settings dialog is mounted when first opened (a chunk of its own in release builds).
    assert!(
        q("dialog[aria-labelledby]").is_none(),
        "no settings dialog before it is opened"
    );
    let settings: web_sys::HtmlElement = q("button[aria-label='Settings']")
        .expect("settings button")
        .unchecked_into();
    settings.click();
    leptos::task::tick().await;
    assert!(q("dialog[aria-labelledby]").is_some(), "settings dialog");
    assert!(q("input[type='password'][aria-label='API key']").is_some(), "key field");
    assert!(q("input[type='checkbox'][aria-label='Stream responses']").is_some());
}

#[wasm_bindgen_test]
fn sources_arriving_last_turn_markers_into_links_without_duplicating_text() {
    let container = fresh_container();
    let mut dom = MarkdownDom::new();
    let text = "Intro paragraph.\n\nA claim [ref_1].\n\nStill growing";
    let _ = dom.sync(&container, text, false, &[], "Copy code");
    assert!(container.query_selector("a[data-ref]").expect("query").is_none());
    let sources = vec![WebSearchResult {
        refer: "ref_1".into(),
        link: "https://example.com/a".into(),
        ..Default::default()
    }];
    let _ = dom.sync(&container, &format!("{text}."), true, &sources, "Copy code");
    let all = container.text_content().unwrap_or_default();
    assert_eq!(all.matches("Intro paragraph.").count(), 1, "text shown once: {all}");
    assert_eq!(all.matches("Still growing.").count(), 1, "text shown once: {all}");
    assert!(
        container
            .query_selector("a[data-ref='ref_1']")
            .expect("query")
            .is_some()
    );
}

#[wasm_bindgen_test]
fn code_block_buttons_follow_the_interface_language() {
    let container = fresh_container();
    let mut dom = MarkdownDom::new();
    let text = "```rust\nfn main() {}\n```\n";
    let _ = dom.sync(&container, text, true, &[], "Copy code");
    assert!(
        container
            .query_selector("button[aria-label='Copy code']")
            .expect("query")
            .is_some()
    );
    let _ = dom.sync(&container, text, true, &[], "复制代码");
    assert!(
        container
            .query_selector("button[aria-label='复制代码']")
            .expect("query")
            .is_some()
    );
    assert_eq!(
        container.query_selector_all("pre").expect("query").length(),
        1,
        "the block is shown once"
    );
}
