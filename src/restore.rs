//! Reading what earlier visits saved: the settings, the key's preferences and sealed key (localStorage), and the
//! conversations (IndexedDB records). A first visit has nothing saved, so this code, serde's readers for every saved
//! type, is a wasm chunk (`restore`) that only a returning visit fetches (about 54 KB gzip off a first visit,
//! docs/size-report.md):
//! - `Boot` (src/views/app.rs) fetches it before the app starts when the namespace has settings or a key saved, so
//!   the first paint already has the saved theme, language and model;
//! - loading saved conversations awaits it for their records (none: no fetch).
//!
//! Writing stays where it was: it serializes, which a first visit needs as soon as something is changed.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use wasm_bindgen::JsValue;

use crate::browser::idb::{self, LoadReport};
use crate::browser::page;
use crate::browser::storage::{Namespace, StorageError};
use crate::i18n::{Lang, lang_from_locale};
use crate::key_store::{self, KeyPrefs, Sealed};
use crate::settings::Settings;
use crate::split::ChunkError;

/// The saved texts of one namespace, as localStorage holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Raw {
    pub settings: Option<String>,
    pub prefs: Option<String>,
    pub sealed: Option<String>,
}

impl Raw {
    pub fn read(ns: &Namespace) -> Result<Raw, StorageError> {
        Ok(Raw {
            settings: ns.get(crate::state::SETTINGS_KEY)?,
            prefs: ns.get(key_store::PREFS_KEY)?,
            sealed: key_store::load_sealed(ns),
        })
    }

    /// Nothing is saved: no reader is needed (a first visit).
    pub fn is_empty(&self) -> bool {
        self.settings.is_none() && self.prefs.is_none() && self.sealed.is_none()
    }
}

/// What the saved texts hold. Anything unreadable reads as its default, field by field where it can.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Saved {
    /// `None` when no settings were saved.
    pub settings: Option<Settings>,
    pub prefs: KeyPrefs,
    /// A sealed key is stored in a form this version can open.
    pub sealed: bool,
}

crate::split!(
    restore,
    preload,
    fn read(raw: Raw, default_base: Option<String>) -> Saved {
        Saved {
            settings: raw
                .settings
                .map(|json| Settings::from_json(&json, default_base.as_deref())),
            prefs: raw.prefs.map(|json| key_store::parse_prefs(&json)).unwrap_or_default(),
            sealed: raw.sealed.is_some_and(|json| Sealed::parse(&json).is_some()),
        }
    }
);

crate::split!(
    restore,
    preload_conversations,
    fn read_conversations(records: Vec<(String, JsValue)>) -> LoadReport {
        idb::decode_all(records)
    }
);

/// Fetches what the first paint of `ns` needs: the reader if something is saved (storage that cannot be read has
/// nothing to read), then the Chinese texts if the interface will be Chinese. Only the reader's failure is an error:
/// without the Chinese texts the app starts in English and says so (`AppState::zh_failed`).
pub async fn prepare(ns: &Namespace) -> Result<(), ChunkError> {
    let raw = Raw::read(ns).unwrap_or_default();
    if !raw.is_empty() {
        preload().await?;
    }
    if language(raw) == Lang::Zh {
        let _ = crate::i18n::load_zh().await;
    }
    Ok(())
}

/// Whether the app can start on `ns` right now: it can read what is saved (nothing is, storage cannot be read, or the
/// reader has been fetched) and has the texts of its language (an embedded widget's entry awaits [`prepare`] first).
pub fn ready_now(ns: &Namespace) -> bool {
    let raw = Raw::read(ns).unwrap_or_default();
    let readable = raw.is_empty() || poll_now(preload()).is_some_and(|r| r.is_ok());
    readable && (crate::i18n::zh_now().is_some() || language(raw) == Lang::En)
}

/// The language the app starts in with the saved texts `raw`: the saved settings' choice, else the browser's
/// (English while the saved settings cannot be read yet).
fn language(raw: Raw) -> Lang {
    let saved = match raw.settings {
        Some(_) => read_now(raw, None).and_then(|saved| saved.settings).map(|s| s.language),
        None => Some(None),
    };
    match saved {
        Some(Some(lang)) => lang,
        Some(None) => lang_from_locale(&page::browser_locale()),
        None => Lang::En,
    }
}

/// The output of `future` if it is ready on its first poll (a chunk's function once the chunk is here).
pub fn poll_now<T>(future: impl Future<Output = T>) -> Option<T> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

/// Runs `future` to its end: at once when it is ready on its first poll (a chunk's function once the chunk is here),
/// giving its output back; else in a task of its own, which hands the output to `later` (and `None` is returned).
pub fn now_or_spawn<F: Future + 'static>(future: F, later: impl FnOnce(F::Output) + 'static) -> Option<F::Output> {
    let mut future = Box::pin(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => {
            leptos::task::spawn_local(async move { later(future.await) });
            None
        }
    }
}

/// Reads `raw` at once. `None` when something is saved but the reader has not been fetched (`prepare` was not awaited
/// first), so the caller must not write over what it could not read.
pub fn read_now(raw: Raw, default_base: Option<String>) -> Option<Saved> {
    if raw.is_empty() {
        return Some(Saved::default());
    }
    poll_now(read(raw, default_base)).and_then(Result::ok)
}

/// Every readable conversation of `records` (IndexedDB's keys and values), and each unreadable one with its reason.
pub async fn conversations(records: Vec<(String, JsValue)>) -> Result<LoadReport, ChunkError> {
    if records.is_empty() {
        return Ok(LoadReport::default());
    }
    read_conversations(records).await
}
