//! The IndexedDB conversation store against real IndexedDB in headless Chromium; each test owns its own database.
#![cfg(target_arch = "wasm32")]

use glm_chat::browser::idb::{CONVERSATIONS, ConversationStore, DB_VERSION, IdbError, database_name, decode_all};
use glm_history::{Conversation, ConversationId, ConversationSettings, MessageBody, SCHEMA_VERSION};
use glm_protocol::reply::{Reply, ReplyStatus};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Raw IndexedDB, bypassing the adapter: to set up databases it did not create and to look behind its back.
#[wasm_bindgen(inline_js = r#"
function done(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error("blocked"));
  });
}
export async function rawCreate(name, version, store, keyPath, key, value) {
  const r = indexedDB.open(name, version);
  r.onupgradeneeded = () => r.result.createObjectStore(store, keyPath ? { keyPath } : undefined);
  const db = await done(r);
  db.close();
  if (value !== undefined) await rawPut(name, store, key, value);
}
export async function rawPut(name, store, key, value) {
  const db = await done(indexedDB.open(name));
  const tx = db.transaction(store, "readwrite");
  if (key === undefined) tx.objectStore(store).put(value); else tx.objectStore(store).put(value, key);
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onabort = () => reject(tx.error); });
  db.close();
}
export async function rawGet(name, store, key) {
  const db = await done(indexedDB.open(name));
  const value = await done(db.transaction(store).objectStore(store).get(key));
  db.close();
  return value;
}
export async function rawShape(name) {
  const db = await done(indexedDB.open(name));
  const shape = `${db.version}:${[...db.objectStoreNames].join(",")}`;
  db.close();
  return shape;
}
export async function rawHold(name, version) {
  const r = indexedDB.open(name, version);
  r.onupgradeneeded = () => r.result.createObjectStore("legacy");
  return await done(r);
}
export async function rawDelete(name) {
  await new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = resolve;
    r.onerror = () => reject(r.error);
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn rawCreate(
        name: &str,
        version: u32,
        store: &str,
        key_path: Option<String>,
        key: JsValue,
        value: JsValue,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    async fn rawPut(name: &str, store: &str, key: JsValue, value: JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    async fn rawGet(name: &str, store: &str, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn rawShape(name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn rawHold(name: &str, version: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn rawDelete(name: &str) -> Result<(), JsValue>;
}

/// A namespace no other test (or earlier run) uses.
fn namespace(test: &str) -> String {
    format!("test-{test}-{}", (js_sys::Math::random() * 1e12) as u64)
}

async fn shape(ns: &str) -> String {
    rawShape(&database_name(ns))
        .await
        .expect("shape")
        .as_string()
        .expect("text")
}

async fn raw_text(ns: &str, key: &str) -> JsValue {
    rawGet(&database_name(ns), CONVERSATIONS, key).await.expect("raw get")
}

async fn cleanup(ns: &str) {
    rawDelete(&database_name(ns)).await.expect("delete database");
}

/// A conversation with an edited question (two branches) and answers with reasoning and content.
fn sample(id: &str, question: &str) -> Conversation {
    let mut c = Conversation::new(ConversationId::new(id), 1_000, ConversationSettings::default());
    let q = c.push(MessageBody::user(question), 1_001);
    let answer = Reply {
        reasoning: "Short wavelengths scatter more.".into(),
        content: "**Rayleigh** scattering.".into(),
        model: Some("glm-4.6".into()),
        status: ReplyStatus::Done,
        ..Reply::default()
    };
    c.push(MessageBody::assistant(answer), 1_002);
    let edited = c.edit_user(&q, &format!("{question} (at noon)"), 1_003).expect("edit");
    let a2 = c
        .append(Some(&edited), MessageBody::assistant(Reply::default()), 1_004)
        .expect("append");
    let reply = c.reply_mut(&a2).expect("reply");
    reply.content = "Still scattering, 中文也可以.".into();
    reply.status = ReplyStatus::Interrupted;
    c
}

#[wasm_bindgen_test]
async fn put_get_and_load_all_round_trip_branches_and_replies() {
    let ns = namespace("roundtrip");
    let store = ConversationStore::open(&ns).await.expect("open");
    let a = sample("c-a", "Why is the sky blue?");
    let b = sample("c-b", "Why is grass green?");
    assert_eq!(a.messages.len(), 4);
    store.put(&b).await.expect("put b");
    store.put(&a).await.expect("put a");

    assert_eq!(store.get("c-a").await.expect("get"), Some(a.clone()));
    assert_eq!(store.get("missing").await.expect("get missing"), None);
    let report = decode_all(store.load_all().await.expect("load"));
    assert_eq!(report.conversations, vec![a, b], "id order, every field back");
    assert!(report.corrupt.is_empty());
    assert_eq!(shape(&ns).await, format!("{DB_VERSION}:conversations,meta"));
    drop(store);
    cleanup(&ns).await;
}

#[wasm_bindgen_test]
async fn put_rewrites_only_that_conversation_and_delete_removes_it() {
    let ns = namespace("overwrite");
    let store = ConversationStore::open(&ns).await.expect("open");
    let a = sample("c-a", "First");
    let b = sample("c-b", "Second");
    store.put(&a).await.expect("put a");
    store.put(&b).await.expect("put b");
    let b_text = raw_text(&ns, "c-b").await.as_string().expect("b is text");

    let mut renamed = a.clone();
    renamed.rename("Renamed", 2_000);
    store.put(&renamed).await.expect("rewrite a");
    let report = decode_all(store.load_all().await.expect("load"));
    assert_eq!(report.conversations, vec![renamed.clone(), b.clone()]);
    assert_eq!(
        raw_text(&ns, "c-b").await.as_string(),
        Some(b_text),
        "b's record untouched byte for byte"
    );

    store.delete("c-a").await.expect("delete");
    store
        .delete("never-there")
        .await
        .expect("deleting a missing id is fine");
    assert_eq!(store.get("c-a").await.expect("get"), None);
    assert_eq!(decode_all(store.load_all().await.expect("load")).conversations, vec![b]);
    drop(store);
    cleanup(&ns).await;
}

#[wasm_bindgen_test]
async fn corrupt_records_are_reported_kept_and_do_not_stop_the_rest() {
    let ns = namespace("corrupt");
    let name = database_name(&ns);
    let store = ConversationStore::open(&ns).await.expect("open");
    let good = sample("c-good", "Fine");
    let later = sample("z-later", "Also fine");
    store.put(&good).await.expect("put");
    store.put(&later).await.expect("put");
    let newer = format!(
        r#"{{"schema":{},"conversation":{{"id":"m-newer"}}}}"#,
        SCHEMA_VERSION + 1
    );
    let elsewhere = serde_json::to_string(&glm_history::encode_record(&sample("other-id", "x"))).expect("json");
    for (key, value) in [
        ("m-number", JsValue::from(42)),
        ("m-not-json", JsValue::from_str("{not json")),
        ("m-not-record", JsValue::from_str("[1,2,3]")),
        ("m-newer", JsValue::from_str(&newer)),
        ("m-wrong-key", JsValue::from_str(&elsewhere)),
    ] {
        rawPut(&name, CONVERSATIONS, key.into(), value).await.expect("raw put");
    }

    let report = decode_all(store.load_all().await.expect("load does not fail as a whole"));
    assert_eq!(report.conversations, vec![good, later]);
    let keys: Vec<&str> = report.corrupt.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["m-newer", "m-not-json", "m-not-record", "m-number", "m-wrong-key"]
    );
    let reason = |key: &str| {
        report
            .corrupt
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    };
    assert!(reason("m-number").contains("not JSON text"), "{}", reason("m-number"));
    assert!(reason("m-newer").contains("newer"), "{}", reason("m-newer"));
    assert!(reason("m-wrong-key").contains("other-id"), "{}", reason("m-wrong-key"));

    assert!(matches!(store.get("m-not-json").await, Err(IdbError::Corrupt { key, .. }) if key == "m-not-json"));
    assert_eq!(
        raw_text(&ns, "m-number").await.as_f64(),
        Some(42.0),
        "left in the database"
    );
    assert_eq!(
        raw_text(&ns, "m-not-json").await.as_string().as_deref(),
        Some("{not json")
    );
    assert_eq!(raw_text(&ns, "m-newer").await.as_string(), Some(newer));
    drop(store);
    cleanup(&ns).await;
}

#[wasm_bindgen_test]
async fn a_second_open_sees_what_the_first_saved() {
    let ns = namespace("reopen");
    let a = sample("c-a", "Persist me");
    let first = ConversationStore::open(&ns).await.expect("open");
    first.put(&a).await.expect("put");
    drop(first);
    let second = ConversationStore::open(&ns).await.expect("reopen");
    assert_eq!(
        decode_all(second.load_all().await.expect("load")).conversations,
        vec![a.clone()]
    );
    // Two live connections (two tabs) share the data too.
    let third = ConversationStore::open(&ns).await.expect("open alongside");
    third.delete("c-a").await.expect("delete");
    assert_eq!(second.get("c-a").await.expect("get"), None);
    drop((second, third));
    cleanup(&ns).await;
}

#[wasm_bindgen_test]
async fn a_database_from_a_newer_app_is_version_too_new_and_left_alone() {
    let ns = namespace("newer");
    let name = database_name(&ns);
    rawCreate(&name, 999, CONVERSATIONS, None, "k".into(), "future data".into())
        .await
        .expect("create v999");
    assert!(matches!(
        ConversationStore::open(&ns).await,
        Err(IdbError::VersionTooNew)
    ));
    assert_eq!(shape(&ns).await, "999:conversations");
    assert_eq!(raw_text(&ns, "k").await.as_string().as_deref(), Some("future data"));
    cleanup(&ns).await;
}

#[wasm_bindgen_test]
async fn an_upgrade_from_version_1_adds_stores_and_keeps_old_data() {
    let ns = namespace("upgrade");
    let name = database_name(&ns);
    let legacy = js_sys::JSON::parse(r#"{"id":"x","text":"old"}"#).expect("json");
    rawCreate(&name, 1, "legacy", Some("id".into()), JsValue::UNDEFINED, legacy)
        .await
        .expect("create v1");

    let store = ConversationStore::open(&ns).await.expect("open upgrades");
    let a = sample("c-a", "New data");
    store.put(&a).await.expect("put");
    assert_eq!(decode_all(store.load_all().await.expect("load")).conversations, vec![a]);
    drop(store);
    assert_eq!(shape(&ns).await, format!("{DB_VERSION}:conversations,legacy,meta"));
    let old = rawGet(&name, "legacy", "x").await.expect("raw get");
    let text = js_sys::Reflect::get(&old, &"text".into()).expect("field");
    assert_eq!(text.as_string().as_deref(), Some("old"));
    cleanup(&ns).await;
}

#[wasm_bindgen_test]
async fn an_old_tab_that_will_not_close_blocks_the_upgrade_without_bumping_the_version() {
    let ns = namespace("blocked");
    let name = database_name(&ns);
    let old_tab: web_sys::IdbDatabase = rawHold(&name, 1).await.expect("hold v1").unchecked_into();
    assert!(matches!(ConversationStore::open(&ns).await, Err(IdbError::Blocked)));
    // Once the old tab goes, the abandoned open runs: its upgrade is aborted, so version 1 stays as it was.
    old_tab.close();
    assert_eq!(shape(&ns).await, "1:legacy");
    let store = ConversationStore::open(&ns)
        .await
        .expect("open after the old tab closed");
    drop(store);
    assert_eq!(shape(&ns).await, format!("{DB_VERSION}:conversations,legacy,meta"));
    cleanup(&ns).await;
}

#[wasm_bindgen_test]
async fn an_open_store_steps_aside_for_a_newer_tab() {
    let ns = namespace("stepaside");
    let store = ConversationStore::open(&ns).await.expect("open");
    let newer_tab: web_sys::IdbDatabase = rawHold(&database_name(&ns), DB_VERSION + 1)
        .await
        .expect("a newer tab's upgrade is not blocked")
        .unchecked_into();
    newer_tab.close();
    assert_eq!(store.load_all().await.err(), Some(IdbError::Unavailable));
    drop(store);
    cleanup(&ns).await;
}

#[wasm_bindgen_test]
fn dom_exception_names_map_to_typed_errors() {
    let dom = |name: &str| {
        web_sys::DomException::new_with_message_and_name("secret-free message", name).expect("DOMException")
    };
    assert_eq!(IdbError::from_dom(&dom("QuotaExceededError")), IdbError::QuotaExceeded);
    assert_eq!(IdbError::from_dom(&dom("VersionError")), IdbError::VersionTooNew);
    assert_eq!(IdbError::from_dom(&dom("InvalidStateError")), IdbError::Unavailable);
    assert_eq!(IdbError::from_dom(&dom("SecurityError")), IdbError::Unavailable);
    assert_eq!(
        IdbError::from_dom(&dom("DataCloneError")),
        IdbError::Failed("DataCloneError: secret-free message".to_string())
    );
}

#[wasm_bindgen_test]
fn an_embedded_widget_gets_its_own_database() {
    assert_eq!(database_name(""), "glm-chat");
    assert_eq!(database_name("widget"), "glm-chat.widget");
}

/// Two tabs saving one conversation at the same moment: each save reads, merges and writes in one transaction,
/// so neither can write over a record it has not read, and both tabs' messages end up stored.
#[wasm_bindgen_test]
async fn concurrent_updates_from_two_connections_both_land() {
    let ns = namespace("update");
    let tab_a = ConversationStore::open(&ns).await.expect("open a");
    let tab_b = ConversationStore::open(&ns).await.expect("open b");
    let base = sample("c-u", "Shared question");
    tab_a.put(&base).await.expect("put base");

    let mut mine_a = base.clone();
    mine_a.push(MessageBody::user("from A"), 5_000);
    let mut mine_b = base.clone();
    mine_b.push(MessageBody::user("from B"), 5_001);
    let (a, b) = futures_join(
        tab_a.update("c-u", |theirs| glm_history::merge3(Some(&base), &mine_a, theirs)),
        tab_b.update("c-u", |theirs| glm_history::merge3(Some(&base), &mine_b, theirs)),
    )
    .await;
    let (_, after_a) = a.expect("update a");
    let (theirs_b, after_b) = b.expect("update b");
    assert_eq!(
        theirs_b.as_ref(),
        Some(&after_a),
        "the second save read what the first wrote"
    );

    let stored = tab_a.get("c-u").await.expect("get").expect("stored");
    assert_eq!(stored, after_b);
    let texts: Vec<String> = stored.messages.iter().map(|m| m.body.texts().join("")).collect();
    assert!(
        texts.iter().any(|t| t == "from A") && texts.iter().any(|t| t == "from B"),
        "{texts:?}"
    );
    let mut ids: Vec<&str> = stored.messages.iter().map(|m| m.id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), stored.messages.len(), "no id used twice");

    // An unreadable record is never overwritten by an update.
    rawPut(
        &database_name(&ns),
        CONVERSATIONS,
        JsValue::from_str("c-bad"),
        JsValue::from_str("{not json"),
    )
    .await
    .expect("plant");
    let refused = tab_a.update("c-bad", |_| sample("c-bad", "overwrite?")).await;
    assert!(matches!(refused, Err(IdbError::Corrupt { .. })), "{:?}", refused.err());
    assert_eq!(raw_text(&ns, "c-bad").await.as_string().as_deref(), Some("{not json"));
    drop((tab_a, tab_b));
    cleanup(&ns).await;
}

/// Polls two futures to completion together (both transactions are in flight at once).
async fn futures_join<A: std::future::Future, B: std::future::Future>(a: A, b: B) -> (A::Output, B::Output) {
    use std::pin::pin;
    use std::task::Poll;
    let mut a = pin!(a);
    let mut b = pin!(b);
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let Poll::Ready(v) = a.as_mut().poll(cx)
        {
            ra = Some(v);
        }
        if rb.is_none()
            && let Poll::Ready(v) = b.as_mut().poll(cx)
        {
            rb = Some(v);
        }
        if ra.is_some() && rb.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    (ra.expect("a"), rb.expect("b"))
}
