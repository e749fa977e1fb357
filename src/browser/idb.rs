//! Saved conversations in IndexedDB: one database per namespace, one record per conversation, typed errors.
//!
//! Hand-written over web-sys rather than the `idb` or `indexed_db_futures` crates: five operations need only the
//! request-to-Promise bridge below, while the crates add their own typed wrapper layers (and `idb`, by default,
//! tokio) to a size-constrained bundle.
//!
//! Layout, at [`DB_VERSION`]:
//! - `conversations`: out-of-line keys, the key being the conversation id; the value is the JSON text of
//!   [`glm_history::encode_record`]. Text rather than a JS object: one crossing of the wasm boundary instead of one
//!   per field, the same serde_json code exports already use, and a value that is not a record (a hand edit, a
//!   half-migrated build) is just text that `decode_record` rejects for that record alone.
//! - `meta`: small app-wide values, out-of-line keys; created now so that using it later needs no upgrade.

use std::rc::Rc;

use glm_history::{Conversation, decode_record, encode_record};
use js_sys::{Array, Promise};
use thiserror::Error;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, Event, IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbRequestReadyState,
    IdbTransaction, IdbTransactionMode,
};

/// The database structure version: bump it only when stores or indexes change, never for a record schema change
/// (`decode_record` migrates records as it reads them). It starts at 2 so that a version-1 database left on this
/// origin by an earlier build is upgraded, which only ever adds what is missing.
pub const DB_VERSION: u32 = 2;
pub const CONVERSATIONS: &str = "conversations";
pub const META: &str = "meta";

/// The database for `namespace`: `glm-chat`, or `glm-chat.<namespace>` for an embedded widget that must not share
/// the full page's conversations.
pub fn database_name(namespace: &str) -> String {
    if namespace.is_empty() {
        "glm-chat".to_string()
    } else {
        format!("glm-chat.{namespace}")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdbError {
    #[error("saved conversations are not available here (private mode, a sandboxed frame or disabled storage)")]
    Unavailable,
    #[error("another tab with an older version of this app is open; close it to load saved conversations")]
    Blocked,
    #[error("the browser's storage for this site is full")]
    QuotaExceeded,
    #[error("saved conversations were written by a newer version of this app; reload the page")]
    VersionTooNew,
    /// One record (asked for by [`ConversationStore::get`]) cannot be read; it is left as it is.
    #[error("saved conversation {key} cannot be read: {reason}")]
    Corrupt { key: String, reason: String },
    /// Any other failure: the DOMException's name and message, never stored data.
    #[error("saved conversations failed: {0}")]
    Failed(String),
}

impl IdbError {
    pub fn from_dom(e: &DomException) -> Self {
        match e.name().as_str() {
            "QuotaExceededError" => IdbError::QuotaExceeded,
            "VersionError" => IdbError::VersionTooNew,
            "InvalidStateError" | "SecurityError" => IdbError::Unavailable,
            name => IdbError::Failed(format!("{name}: {}", e.message())),
        }
    }

    fn from_js(value: JsValue) -> Self {
        if let Some(e) = value.dyn_ref::<DomException>() {
            IdbError::from_dom(e)
        } else if let Some(e) = value.dyn_ref::<js_sys::Error>() {
            IdbError::Failed(format!("{}: {}", String::from(e.name()), String::from(e.message())))
        } else {
            IdbError::Failed("an unknown error".to_string())
        }
    }
}

/// What [`decode_all`] found in the records [`ConversationStore::load_all`] returned: every readable conversation,
/// in id order, and each record that could not be read as `(key, reason)`. Unreadable records stay in the database
/// untouched.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadReport {
    pub conversations: Vec<Conversation>,
    pub corrupt: Vec<(String, String)>,
}

/// One open connection. Cloning shares it; the connection closes when the last clone is dropped, or as soon as a
/// newer build in another tab asks to upgrade (later calls here then fail with [`IdbError::Unavailable`]).
#[derive(Clone)]
pub struct ConversationStore {
    connection: Rc<Connection>,
}

struct Connection {
    db: IdbDatabase,
    _close_for_upgrade: Closure<dyn FnMut()>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.db.set_onversionchange(None);
        self.db.close();
    }
}

impl ConversationStore {
    pub async fn open(namespace: &str) -> Result<Self, IdbError> {
        let factory = web_sys::window()
            .ok_or(IdbError::Unavailable)?
            .indexed_db()
            .map_err(|_| IdbError::Unavailable)?
            .ok_or(IdbError::Unavailable)?;
        let request = factory
            .open_with_u32(&database_name(namespace), DB_VERSION)
            .map_err(IdbError::from_js)?;
        let pending = PendingOpen::new(request.clone());
        let promise = Promise::new(&mut |resolve, reject| {
            request.set_onsuccess(Some(&resolve));
            request.set_onerror(Some(&reject));
            request.set_onblocked(Some(&reject));
        });
        let outcome = JsFuture::from(promise).await;
        drop(pending);
        if let Err(event) = outcome {
            if event.dyn_ref::<Event>().is_some_and(|e| e.type_() == "blocked") {
                return Err(IdbError::Blocked);
            }
            return Err(request_error(&request));
        }
        let db: IdbDatabase = request
            .result()
            .map_err(IdbError::from_js)?
            .dyn_into()
            .map_err(|_| IdbError::Failed("the open request returned no database".to_string()))?;
        let names = db.object_store_names();
        if !(names.contains(CONVERSATIONS) && names.contains(META)) {
            db.close();
            return Err(IdbError::Failed(format!(
                "NotFoundError: database version {DB_VERSION} lacks the {CONVERSATIONS} store"
            )));
        }
        let close_for_upgrade = Closure::<dyn FnMut()>::new({
            let db = db.clone();
            move || db.close()
        });
        db.set_onversionchange(Some(close_for_upgrade.as_ref().unchecked_ref()));
        Ok(ConversationStore {
            connection: Rc::new(Connection {
                db,
                _close_for_upgrade: close_for_upgrade,
            }),
        })
    }

    /// Every record as `(key, value)`, in key order; [`decode_all`] reads them (in the `restore` chunk).
    pub async fn load_all(&self) -> Result<Vec<(String, JsValue)>, IdbError> {
        let (_tx, store) = self.conversations(IdbTransactionMode::Readonly)?;
        // Both requests go out before either is awaited, in one read-only transaction: the same snapshot, key order.
        let keys = store.get_all_keys().map_err(IdbError::from_js)?;
        let values = store.get_all().map_err(IdbError::from_js)?;
        let keys = as_array(settled(&keys).await?)?;
        let values = as_array(settled(&values).await?)?;
        if keys.length() != values.length() {
            return Err(IdbError::Failed(
                "the store returned different numbers of keys and values".to_string(),
            ));
        }
        Ok(keys
            .iter()
            .zip(values.iter())
            .map(|(key, value)| (key_text(&key), value))
            .collect())
    }

    pub async fn get(&self, id: &str) -> Result<Option<Conversation>, IdbError> {
        let (_tx, store) = self.conversations(IdbTransactionMode::Readonly)?;
        let request = store.get(&JsValue::from_str(id)).map_err(IdbError::from_js)?;
        let value = settled(&request).await?;
        if value.is_undefined() {
            return Ok(None);
        }
        decode(id, value).map(Some).map_err(|reason| IdbError::Corrupt {
            key: id.to_string(),
            reason,
        })
    }

    /// Rewrites this conversation's record, and only it, in one transaction; resolves once it is committed.
    pub async fn put(&self, conversation: &Conversation) -> Result<(), IdbError> {
        let text = serde_json::to_string(&encode_record(conversation))
            .map_err(|e| IdbError::Failed(format!("the conversation cannot be encoded: {e}")))?;
        let (tx, store) = self.conversations(IdbTransactionMode::Readwrite)?;
        store
            .put_with_key(&JsValue::from_str(&text), &JsValue::from_str(conversation.id.as_str()))
            .map_err(IdbError::from_js)?;
        committed(&tx).await
    }

    /// Reads the record of `id` and writes back what `merge` makes of it (`None`: there is no record), in one
    /// read-write transaction, so no other tab can write between the read and the write. Returns the record as
    /// it was and as it is now. A record that cannot be read is left untouched and reported.
    pub async fn update(
        &self,
        id: &str,
        merge: impl FnOnce(Option<&Conversation>) -> Conversation,
    ) -> Result<(Option<Conversation>, Conversation), IdbError> {
        let (tx, store) = self.conversations(IdbTransactionMode::Readwrite)?;
        let key = JsValue::from_str(id);
        let request = store.get(&key).map_err(IdbError::from_js)?;
        // The continuation runs in the microtask after the success event, while the transaction is still active.
        let value = settled(&request).await?;
        let theirs = if value.is_undefined() {
            None
        } else {
            match decode(id, value) {
                Ok(c) => Some(c),
                Err(reason) => {
                    let _ = tx.abort();
                    return Err(IdbError::Corrupt {
                        key: id.to_string(),
                        reason,
                    });
                }
            }
        };
        let merged = merge(theirs.as_ref());
        if theirs.as_ref() != Some(&merged) {
            let text = serde_json::to_string(&encode_record(&merged))
                .map_err(|e| IdbError::Failed(format!("the conversation cannot be encoded: {e}")))?;
            store
                .put_with_key(&JsValue::from_str(&text), &key)
                .map_err(IdbError::from_js)?;
        }
        committed(&tx).await?;
        Ok((theirs, merged))
    }

    pub async fn delete(&self, id: &str) -> Result<(), IdbError> {
        let (tx, store) = self.conversations(IdbTransactionMode::Readwrite)?;
        store.delete(&JsValue::from_str(id)).map_err(IdbError::from_js)?;
        committed(&tx).await
    }

    fn conversations(&self, mode: IdbTransactionMode) -> Result<(IdbTransaction, IdbObjectStore), IdbError> {
        let tx = self
            .connection
            .db
            .transaction_with_str_and_mode(CONVERSATIONS, mode)
            .map_err(IdbError::from_js)?;
        let store = tx.object_store(CONVERSATIONS).map_err(IdbError::from_js)?;
        Ok((tx, store))
    }
}

/// Reads the records [`ConversationStore::load_all`] returned.
pub fn decode_all(records: Vec<(String, JsValue)>) -> LoadReport {
    let mut report = LoadReport::default();
    for (key, value) in records {
        match decode(&key, value) {
            Ok(conversation) => report.conversations.push(conversation),
            Err(reason) => report.corrupt.push((key, reason)),
        }
    }
    report
}

/// Reads one stored value; the reason it cannot be used otherwise. The key must match the id inside, so that
/// `get`, `put` and `delete` by id always address the record the sidebar shows.
fn decode(key: &str, value: JsValue) -> Result<Conversation, String> {
    let text = value.as_string().ok_or("the stored value is not JSON text")?;
    let json = serde_json::from_str(&text).map_err(|e| format!("the stored text is not JSON ({e})"))?;
    let conversation = decode_record(json).map_err(|e| e.to_string())?;
    if conversation.id.as_str() != key {
        return Err(format!("stored under {key} but holds conversation {}", conversation.id));
    }
    Ok(conversation)
}

fn key_text(key: &JsValue) -> String {
    key.as_string()
        .or_else(|| js_sys::JSON::stringify(key).ok().map(String::from))
        .unwrap_or_else(|| "?".to_string())
}

fn as_array(value: JsValue) -> Result<Array, IdbError> {
    value
        .dyn_into()
        .map_err(|_| IdbError::Failed("the store returned no list".to_string()))
}

/// The request's result once it succeeds. The Promise's own resolve and reject functions are the event handlers,
/// so there is no Rust closure to keep alive, leak or call after a dropped future.
async fn settled(request: &IdbRequest) -> Result<JsValue, IdbError> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    match JsFuture::from(promise).await {
        Ok(_) => request.result().map_err(IdbError::from_js),
        Err(_) => Err(request_error(request)),
    }
}

/// Resolves when the transaction commits. A failed request aborts its transaction, and a quota failure shows only
/// at commit, so the transaction's error is the one to report.
async fn committed(tx: &IdbTransaction) -> Result<(), IdbError> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    });
    JsFuture::from(promise).await.map(drop).map_err(|_| match tx.error() {
        Some(e) => IdbError::from_dom(&e),
        None => IdbError::Failed("AbortError: the transaction was aborted".to_string()),
    })
}

fn request_error(request: &IdbRequest) -> IdbError {
    match request.error() {
        Ok(Some(e)) => IdbError::from_dom(&e),
        Ok(None) => IdbError::Failed("UnknownError: the request failed without an error".to_string()),
        Err(e) => IdbError::from_js(e),
    }
}

/// The upgrade handler of an open request, and what happens if the request outlives the caller's wait (it was
/// blocked, or the future was dropped): the open still goes ahead once other tabs close, so its upgrade is aborted
/// (the version stays as it was) and a connection that nobody holds is closed, never left to block later upgrades.
struct PendingOpen {
    request: IdbOpenDbRequest,
    _upgrade: Closure<dyn FnMut()>,
}

impl PendingOpen {
    fn new(request: IdbOpenDbRequest) -> Self {
        let upgrade = Closure::<dyn FnMut()>::new({
            let request = request.clone();
            move || add_missing_stores(&request)
        });
        request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
        PendingOpen {
            request,
            _upgrade: upgrade,
        }
    }
}

impl Drop for PendingOpen {
    fn drop(&mut self) {
        let request = &self.request;
        request.set_onerror(None);
        request.set_onblocked(None);
        if request.ready_state() == IdbRequestReadyState::Done {
            request.set_onsuccess(None);
            request.set_onupgradeneeded(None);
            return;
        }
        let abort = Closure::once_into_js({
            let request = request.clone();
            move || abort_upgrade(&request)
        });
        request.set_onupgradeneeded(Some(abort.unchecked_ref()));
        let close = Closure::once_into_js({
            let request = request.clone();
            move || {
                if let Some(db) = opened(&request) {
                    db.close();
                }
            }
        });
        request.set_onsuccess(Some(close.unchecked_ref()));
    }
}

/// Creates the stores this version needs and nothing else: stores it does not know (an older build's, another
/// tool's) are kept with their data.
fn add_missing_stores(request: &IdbOpenDbRequest) {
    let Some(db) = opened(request) else {
        return abort_upgrade(request);
    };
    let names = db.object_store_names();
    for store in [CONVERSATIONS, META] {
        if !names.contains(store) && db.create_object_store(store).is_err() {
            return abort_upgrade(request);
        }
    }
}

fn opened(request: &IdbOpenDbRequest) -> Option<IdbDatabase> {
    request.result().ok()?.dyn_into().ok()
}

fn abort_upgrade(request: &IdbOpenDbRequest) {
    if let Some(tx) = request.transaction() {
        // Aborting can only fail if the transaction already finished, and then there is nothing to undo.
        let _ = tx.abort();
    }
}
