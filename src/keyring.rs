//! The key's life in this tab: which mode keeps it, whether it is locked (encrypted and not yet unlocked), the
//! origin it may go to, JWT signing, Test and Forget, and the dialogs that stand between a send and the key
//! (unlock, confirm a new origin). The derived AES key and the decrypted API key live in memory only.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::CryptoKey;

use crate::browser::crypto::{self, CryptoError};
use crate::browser::fetch;
use crate::browser::storage::{self, Namespace};
use crate::config::KeyStorage;
use crate::key::{ApiKey, KeyTest, Scheme, origin_of, page_origin};
use crate::key_store::{self, ITERATIONS, IV_LEN, KeyMode, KeyPrefs, SALT_LEN, Sealed};
use crate::state::AppState;

/// The AES key derived from the passphrase, with what is needed to seal again under it.
struct Derived {
    key: CryptoKey,
    salt: Vec<u8>,
    iterations: u32,
}

/// "Send the key to this new origin?": `revert_to` is the base URL to go back to on Cancel (none when the check
/// came at send time rather than from an edit).
#[derive(Debug, Clone, PartialEq)]
pub struct OriginPrompt {
    pub from: String,
    pub to: String,
    pub revert_to: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnlockError {
    Wrong,
    Unavailable,
}

#[derive(Clone, Copy)]
pub struct Keyring {
    pub prefs: RwSignal<KeyPrefs>,
    /// An encrypted key is stored and this tab has not unlocked it.
    pub locked: RwSignal<bool>,
    /// A passphrase is set up in this tab (new keys typed are sealed at once).
    pub sealing: RwSignal<bool>,
    pub unlock_open: RwSignal<bool>,
    pub origin_prompt: RwSignal<Option<OriginPrompt>>,
    pub test: RwSignal<Option<KeyTest>>,
    pub host: KeyStorage,
    derived: StoredValue<Option<Derived>, LocalStorage>,
    /// What to do once the dialog in the way is answered (the send that opened it).
    pending: StoredValue<Option<Box<dyn FnOnce()>>, LocalStorage>,
    ns: StoredValue<Namespace>,
    /// Orders sealed writes: only the newest key typed is stored.
    generation: StoredValue<u64>,
}

impl Keyring {
    /// Takes the saved choices (`prefs`, and whether a readable sealed key is stored) and reads the key. A key saved
    /// before origins were recorded is taken as meant for the endpoint configured now.
    pub fn load(host: KeyStorage, base_url: &str, mut prefs: KeyPrefs, sealed: bool) -> (Keyring, String) {
        let ns = storage::current();
        let mode = key_store::effective(host, prefs.mode);
        let (key, locked) = match mode {
            None => (String::new(), false),
            Some(KeyMode::Encrypted) => (String::new(), sealed),
            Some(m) => (key_store::load_plain(&ns, m), false),
        };
        if (locked || !key.trim().is_empty()) && prefs.origin.is_none() {
            prefs.origin = Some(origin_of(base_url, &page_origin()));
            let _ = key_store::save_prefs(&ns, &prefs);
        }
        let keyring = Keyring {
            prefs: RwSignal::new(prefs),
            locked: RwSignal::new(locked),
            sealing: RwSignal::new(false),
            unlock_open: RwSignal::new(false),
            origin_prompt: RwSignal::new(None),
            test: RwSignal::new(None),
            host,
            derived: StoredValue::new_local(None),
            pending: StoredValue::new_local(None),
            ns: StoredValue::new(ns),
            generation: StoredValue::new(0),
        };
        (keyring, key)
    }

    /// The mode in force (the host's `key-storage` may override the visitor's choice).
    pub fn mode(&self) -> Option<KeyMode> {
        key_store::effective(self.host, self.prefs.with(|p| p.mode))
    }

    /// The key as a request carries it: locked, or bound to its origin with the chosen scheme.
    pub fn api_key(&self, text: &str) -> Option<ApiKey> {
        if self.locked.get_untracked() {
            return Some(ApiKey::locked());
        }
        let prefs = self.prefs.get_untracked();
        ApiKey::new(text).map(|k| {
            k.with_scheme(if prefs.jwt { Scheme::Jwt } else { Scheme::Raw })
                .bound_to(prefs.origin)
        })
    }

    fn save_prefs(&self, state: AppState, change: impl FnOnce(&mut KeyPrefs)) {
        self.prefs.update(change);
        let prefs = self.prefs.get_untracked();
        let result = self.ns.with_value(|ns| key_store::save_prefs(ns, &prefs));
        state.storage_error.set(result.err());
    }

    fn endpoint_origin(state: AppState) -> String {
        state
            .settings
            .with_untracked(|s| origin_of(&s.base_url, &page_origin()))
    }

    /// The visitor typed a key. A first key is bound to the endpoint configured now.
    pub fn set_key(&self, state: AppState, text: String) {
        let was_empty = state.key.with_untracked(|k| k.trim().is_empty());
        let now_empty = text.trim().is_empty();
        state.key.set(text.clone());
        self.test.set(None);
        if was_empty != now_empty {
            let origin = (!now_empty).then(|| Self::endpoint_origin(state));
            self.save_prefs(state, |p| p.origin = origin);
        }
        self.persist(state, text);
    }

    fn persist(&self, state: AppState, text: String) {
        let ns = self.ns.get_value();
        match self.mode() {
            None => {}
            Some(KeyMode::Encrypted) => {
                if text.trim().is_empty() {
                    state.storage_error.set(key_store::forget(&ns).err());
                } else if self.sealing.get_untracked() {
                    self.seal_text(state, text);
                }
            }
            Some(mode) => state.storage_error.set(key_store::save_plain(&ns, mode, &text).err()),
        }
    }

    /// Seals `text` under the derived key with a fresh IV and stores it (the newest call wins).
    fn seal_text(&self, state: AppState, text: String) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let Some((key, salt, iterations)) = self
            .derived
            .with_value(|d| d.as_ref().map(|d| (d.key.clone(), d.salt.clone(), d.iterations)))
        else {
            return;
        };
        let keyring = *self;
        spawn_local(async move {
            if seal_in_chunk(keyring, state, generation, key, salt, iterations, text)
                .await
                .is_err()
            {
                // The sealing code could not be downloaded: the key is not saved, and the banner says so.
                state.storage_error.try_set(Some(storage::StorageError::WriteFailed));
            }
        });
    }

    /// Local or session-only: moves the key there. Encrypted is chosen through [`Keyring::seal`].
    pub fn choose_mode(&self, state: AppState, mode: KeyMode) {
        if !key_store::allowed(self.host, mode) || mode == KeyMode::Encrypted {
            return;
        }
        if self.locked.get_untracked() {
            let keyring = *self;
            self.ask_unlock(move || keyring.choose_mode(state, mode));
            return;
        }
        let key = state.key.get_untracked();
        let result = self.ns.with_value(|ns| key_store::save_plain(ns, mode, &key));
        state.storage_error.set(result.err());
        self.derived.set_value(None);
        self.sealing.set(false);
        self.save_prefs(state, |p| p.mode = mode);
    }

    /// Encrypts the key at rest with a new passphrase (a new random salt), and keeps sealing it as it changes.
    pub async fn seal(&self, state: AppState, passphrase: String) -> Result<(), CryptoError> {
        let salt = crypto::random_bytes(SALT_LEN)?;
        let key = crypto::derive_key(&passphrase, &salt, ITERATIONS).await?;
        self.derived.set_value(Some(Derived {
            key,
            salt,
            iterations: ITERATIONS,
        }));
        self.sealing.set(true);
        self.save_prefs(state, |p| p.mode = KeyMode::Encrypted);
        let text = state.key.get_untracked();
        if text.trim().is_empty() {
            let _ = self.ns.with_value(key_store::forget);
        } else {
            self.seal_text(state, text);
        }
        Ok(())
    }

    /// Opens the sealed key with `passphrase`; on success the key is in memory until the tab closes.
    pub async fn unlock(&self, state: AppState, passphrase: String) -> Result<(), UnlockError> {
        let blob = self.ns.with_value(key_store::load_sealed);
        let key_store::SealedParts {
            iterations,
            salt,
            iv,
            data,
        } = blob
            .as_deref()
            .and_then(Sealed::parse)
            .ok_or(UnlockError::Unavailable)?;
        let key = crypto::derive_key(&passphrase, &salt, iterations)
            .await
            .map_err(|_| UnlockError::Unavailable)?;
        let plain = crypto::decrypt(&key, &iv, &data).await.map_err(|e| match e {
            CryptoError::Rejected => UnlockError::Wrong,
            CryptoError::Unavailable => UnlockError::Unavailable,
        })?;
        let text = String::from_utf8(plain).map_err(|_| UnlockError::Wrong)?;
        self.derived.try_set_value(Some(Derived { key, salt, iterations }));
        state.key.try_set(text);
        self.locked.try_set(false);
        self.sealing.try_set(true);
        self.unlock_open.try_set(false);
        self.run_pending();
        Ok(())
    }

    /// Removes the key from localStorage, sessionStorage, the sealed copy and memory.
    pub fn forget(&self, state: AppState) {
        let result = self.ns.with_value(key_store::forget);
        state.storage_error.set(result.err());
        self.derived.set_value(None);
        self.generation.update_value(|g| *g += 1);
        self.sealing.set(false);
        self.locked.set(false);
        self.unlock_open.set(false);
        self.pending.set_value(None);
        state.key.set(String::new());
        self.test.set(None);
        self.save_prefs(state, |p| p.origin = None);
    }

    pub fn set_jwt(&self, state: AppState, on: bool) {
        self.test.set(None);
        self.save_prefs(state, |p| p.jwt = on);
    }

    fn ask_unlock(&self, then: impl FnOnce() + 'static) {
        self.pending.set_value(Some(Box::new(then)));
        self.unlock_open.set(true);
    }

    fn run_pending(&self) {
        if let Some(action) = self.pending.try_update_value(Option::take).flatten() {
            action();
        }
    }

    /// Whether the key can go with a request now. If not, the dialog in the way opens and `then` runs once it is
    /// answered (unlocked, or the new origin confirmed).
    pub fn ready(&self, state: AppState, then: impl FnOnce() + 'static) -> bool {
        if state.settings.with_untracked(|s| s.keyless) {
            return true;
        }
        if self.locked.get_untracked() {
            self.ask_unlock(then);
            return false;
        }
        if let Some(prompt) = self.foreign_origin(state) {
            self.pending.set_value(Some(Box::new(then)));
            self.origin_prompt.set(Some(prompt));
            return false;
        }
        true
    }

    /// For sends that cannot wait (Retry, Regenerate…): opens the dialog in the way, if any; the request itself is
    /// refused by the key (see `ApiKey::authorization`) and can be retried once it is answered.
    pub fn prompt_if_needed(&self, state: AppState) {
        if !self.ready(state, || {}) {
            self.pending.set_value(None);
        }
    }

    fn foreign_origin(&self, state: AppState) -> Option<OriginPrompt> {
        if state.key.with_untracked(|k| k.trim().is_empty()) {
            return None;
        }
        let from = self.prefs.with_untracked(|p| p.origin.clone())?;
        let to = Self::endpoint_origin(state);
        (from != to).then_some(OriginPrompt {
            from,
            to,
            revert_to: None,
        })
    }

    /// "Keep key for new origin".
    pub fn confirm_origin(&self, state: AppState) {
        if let Some(prompt) = self.origin_prompt.get_untracked() {
            self.save_prefs(state, |p| p.origin = Some(prompt.to));
        }
        self.origin_prompt.set(None);
        self.run_pending();
    }

    /// "Cancel": the endpoint goes back to where the key belongs, and nothing waiting is sent.
    pub fn cancel_origin(&self, state: AppState) {
        self.pending.set_value(None);
        if let Some(revert) = self.origin_prompt.get_untracked().and_then(|p| p.revert_to) {
            state.edit_settings(|s| s.base_url = revert.clone());
        }
        self.origin_prompt.set(None);
    }

    /// Checks the key against the configured endpoint with the smallest request there is (one token, not streamed).
    pub fn run_test(&self, state: AppState) {
        let keyring = *self;
        if !self.ready(state, move || keyring.run_test(state)) {
            return;
        }
        let Some(key) = self.api_key(&state.key.get_untracked()) else {
            self.test.set(Some(KeyTest::NoKey));
            return;
        };
        self.test.set(Some(KeyTest::Testing));
        let (url, body) = state.settings.with_untracked(|s| {
            let model = s.model.trim();
            // Written by hand rather than with `serde_json::json!`, which would bring `Value` into the bundle.
            let thinking = if glm_protocol::models::model_info(model).thinking {
                r#","thinking":{"type":"disabled"}"#
            } else {
                ""
            };
            let model = serde_json::to_string(model).unwrap_or_default();
            let body = format!(
                r#"{{"model":{model},"messages":[{{"role":"user","content":"Hi"}}],"max_tokens":1,"stream":false{thinking}}}"#
            );
            (glm_protocol::request::endpoint_url(&s.base_url), body)
        });
        spawn_local(async move {
            let result = test_request(&url, &key, body).await;
            keyring.test.try_set(Some(result));
        });
    }
}

async fn test_request(url: &str, key: &ApiKey, body: String) -> KeyTest {
    let Ok(controller) = web_sys::AbortController::new() else {
        return KeyTest::Network;
    };
    match fetch::post_json(url, Some(key), body, &controller.signal()).await {
        Ok(response) => {
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            let error = glm_protocol::error::ApiError::from_http(status, &text);
            // Some errors come inside a 200 (reference §8): look for a top-level `error` without building a `Value`.
            #[derive(serde::Deserialize)]
            struct Probe {
                error: Option<serde::de::IgnoredAny>,
            }
            let in_body = serde_json::from_str::<Probe>(&text).is_ok_and(|p| p.error.is_some());
            if response.ok() && !in_body {
                KeyTest::Works
            } else {
                KeyTest::from_error(error)
            }
        }
        Err(e) if e.kind == glm_protocol::ErrorKind::Network && fetch::reachable(url).await => {
            KeyTest::from_error(glm_protocol::ApiError::new(glm_protocol::ErrorKind::Cors, e.message))
        }
        Err(e) => KeyTest::from_error(e),
    }
}

/// Asks before the key follows the endpoint to another origin: an edit of the base URL that leaves the key's origin
/// opens the confirmation, and Cancel puts the old URL back.
pub fn watch_endpoint(state: AppState) {
    let keyring = state.keyring;
    Effect::new(move |previous: Option<String>| {
        let base = state.settings.with(|s| s.base_url.clone());
        if let Some(previous) = previous
            && previous != base
            && keyring.origin_prompt.with_untracked(Option::is_none)
        {
            let has_key = keyring.locked.get_untracked() || state.key.with_untracked(|k| !k.trim().is_empty());
            let from = keyring.prefs.with_untracked(|p| p.origin.clone());
            let to = origin_of(&base, &page_origin());
            if let Some(from) = from.filter(|f| has_key && *f != to) {
                keyring.origin_prompt.set(Some(OriginPrompt {
                    from,
                    to,
                    revert_to: Some(previous),
                }));
            }
        }
        base
    });
}

// Sealing comes with the settings' chunk, where encryption is chosen: a first visit never seals.
crate::split!(
    settings,
    preload_seal,
    fn seal_in_chunk(
        keyring: Keyring,
        state: AppState,
        generation: u64,
        key: CryptoKey,
        salt: Vec<u8>,
        iterations: u32,
        text: String,
    ) -> () {
        spawn_local(async move {
            let sealed = async {
                let iv = crypto::random_bytes(IV_LEN)?;
                let data = crypto::encrypt(&key, &iv, text.trim().as_bytes()).await?;
                Ok::<_, CryptoError>(Sealed::new(iterations, &salt, &iv, &data))
            }
            .await;
            if keyring.generation.try_get_value() != Some(generation) {
                return;
            }
            if let Ok(sealed) = sealed {
                let result = keyring.ns.with_value(|ns| key_store::save_sealed(ns, &sealed));
                state.storage_error.try_set(result.err());
            }
        });
    }
);
