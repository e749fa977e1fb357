//! Browser tests of the embedding entry: the storage namespace of a mounted app, and `mount` / `unmount`.
#![cfg(target_arch = "wasm32")]

use glm_chat::browser::storage::{self, Namespace};
use glm_chat::embed;
use js_sys::{Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_container() -> web_sys::HtmlElement {
    let doc = document();
    let el = doc.create_element("div").expect("div");
    doc.body().expect("body").append_child(&el).expect("append");
    el.unchecked_into()
}

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v)).expect("set");
    }
    o.into()
}

#[wasm_bindgen_test]
fn storage_follows_the_namespace_of_the_mounted_app() {
    let owner = Owner::new();
    owner.with(|| {
        provide_context(Namespace::widget("wb-test"));
        assert_eq!(storage::namespace(), "glm-chat.wb-test.");
        assert_eq!(storage::widget_id().as_deref(), Some("wb-test"));
        storage::set("probe", "widget value").expect("write");
    });
    let raw = window().local_storage().ok().flatten().expect("localStorage");
    assert_eq!(
        raw.get_item("glm-chat.wb-test.probe").ok().flatten().as_deref(),
        Some("widget value")
    );
    assert_eq!(
        storage::namespace(),
        "glm-chat.",
        "outside a widget: the page's namespace"
    );
    assert_eq!(
        storage::get("probe").expect("read"),
        None,
        "the page does not see the widget's keys"
    );
    owner.with(|| storage::remove("probe").expect("remove"));
}

#[wasm_bindgen_test]
async fn a_widget_mounts_with_the_hosts_options_and_unmounts_cleanly() {
    let title = document().title();
    let container = fresh_container();
    let mut widget = embed::mount(
        container.clone(),
        options(&[
            ("mode", "inline"),
            ("keyStorage", "none"),
            ("widgetId", "wb"),
            ("model", "glm-4.6"),
        ]),
    );
    leptos::task::tick().await;
    let q = |sel: &str| container.query_selector(sel).expect("query");
    assert!(q(".gc-app.gc-embedded").is_some(), "the app, marked as embedded");
    let settings: web_sys::HtmlElement = q("button[aria-label='Settings']")
        .expect("settings button")
        .unchecked_into();
    settings.click();
    leptos::task::tick().await;
    assert!(q("input[aria-label='API base URL']").is_some(), "the settings are open");
    assert!(
        q("input[aria-label='API key']").is_none(),
        "no key field when the host holds the key"
    );
    assert_eq!(
        q(".gc-model").and_then(|m| m.text_content()).as_deref(),
        Some("glm-4.6")
    );
    assert_eq!(document().title(), title, "a widget never retitles its host page");
    assert!(!widget.send("   ".into()), "nothing to send");

    widget.unmount();
    leptos::task::tick().await;
    assert!(q(".gc-app").is_none(), "unmounted");
    assert!(!widget.send("hello".into()), "an unmounted widget sends nothing");
}

#[wasm_bindgen_test]
async fn launcher_mode_starts_closed_and_opens_on_click() {
    let container = fresh_container();
    let mut widget = embed::mount(container.clone(), options(&[("mode", "launcher"), ("widgetId", "wl")]));
    leptos::task::tick().await;
    let q = |sel: &str| container.query_selector(sel).expect("query");
    let button: web_sys::HtmlElement = q("button.gc-launcher-button").expect("button").unchecked_into();
    let panel = q(".gc-launcher-panel").expect("panel");
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(panel.has_attribute("hidden"));
    button.click();
    leptos::task::tick().await;
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(!panel.has_attribute("hidden"));
    // The settings dialog is mounted when first opened (a chunk of its own in release builds).
    let settings: web_sys::HtmlElement = q("button[aria-label='Settings']")
        .expect("settings button")
        .unchecked_into();
    settings.click();
    leptos::task::tick().await;
    assert!(
        q("input[type='password'][aria-label='API key']").is_some(),
        "key-storage defaults to local"
    );
    widget.unmount();
}
