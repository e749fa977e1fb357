//! The application state shared through context, loaded from storage at start and saved back by named effects.

use leptos::prelude::*;

use crate::browser::{page, storage};
use crate::chat::{Chat, Target};
use crate::config::AppConfig;
use crate::i18n::{Lang, Texts, lang_from_locale, texts};
use crate::keyring::Keyring;
use crate::param_form::ParamForm;
use crate::restore;
use crate::settings::{LOCAL_DEMO_BASE, Settings};

pub const SETTINGS_KEY: &str = "settings";

#[derive(Clone, Copy)]
pub struct AppState {
    pub settings: RwSignal<Settings>,
    /// The API key in memory (decrypted, in the encrypted mode); `keyring` knows where it is kept.
    pub key: RwSignal<String>,
    pub keyring: Keyring,
    pub chat: Chat,
    /// The interface language: the one the settings or the browser ask for, once its texts are here (the Chinese
    /// table loads on first use, [`crate::i18n::load_zh`]); English until then.
    pub lang: Memo<Lang>,
    /// The Chinese texts were asked for but could not be downloaded (the interface stays English; shown with Retry).
    pub zh_failed: RwSignal<bool>,
    pub settings_open: RwSignal<bool>,
    /// The demo server's base URL: the one the page named, or the local default.
    pub demo_base: StoredValue<String>,
    /// The last storage failure, shown to the user (settings still work for this session).
    pub storage_error: RwSignal<Option<storage::StorageError>>,
    /// A part of the app that loads on first use could not be downloaded (shown until dismissed).
    pub chunk_failed: RwSignal<bool>,
    /// Saved settings could not be read, so they are never written over in this tab.
    pub settings_unread: bool,
    /// The parameter fields as typed (invalid text blocks sending).
    pub params: ParamForm,
}

impl AppState {
    /// Reads settings and key from localStorage; unreadable or unavailable storage yields defaults.
    pub fn load() -> Self {
        let config = AppConfig::current();
        let page_default = page::default_endpoint();
        let (raw, mut storage_error) = match restore::Raw::read(&storage::current()) {
            Ok(raw) => (raw, None),
            Err(e) => (restore::Raw::default(), Some(e)),
        };
        // `Boot` fetched the reader if anything is saved; without it (never expected) nothing saved is written over:
        // the settings and the key last for this session only, and the banner says so.
        let saved = restore::read_now(raw, page_default.clone());
        let settings_unread = saved.is_none();
        if settings_unread {
            storage_error = Some(storage::StorageError::Unavailable);
        }
        let saved = saved.unwrap_or_default();
        let settings = saved
            .settings
            .unwrap_or_else(|| Settings::first_run(page_default.as_deref()));
        let settings = config.apply(settings);
        let key_storage = if settings_unread {
            crate::config::KeyStorage::None
        } else {
            config.key_storage
        };
        let (keyring, key) = Keyring::load(key_storage, &settings.base_url, saved.prefs, saved.sealed);
        let settings = RwSignal::new(settings);
        let chat = Chat::new(settings, config.clone());
        let browser_lang = lang_from_locale(&page::browser_locale());
        let wanted = Memo::new(move |_| settings.with(|s| s.language).unwrap_or(browser_lang));
        let zh_ready = RwSignal::new(crate::i18n::zh_now().is_some());
        let zh_failed = RwSignal::new(false);
        let lang = Memo::new(move |_| match wanted.get() {
            Lang::Zh if !zh_ready.get() => Lang::En,
            lang => lang,
        });
        // Chinese asked for (at start, by the settings, or by Retry after a failure) and not here yet: fetch it.
        crate::reactive::effect(move || {
            if wanted.get() == Lang::Zh && !zh_ready.get() && !zh_failed.get() {
                leptos::task::spawn_local(async move {
                    match crate::i18n::load_zh().await {
                        Ok(()) => zh_ready.try_set(true),
                        Err(_) => zh_failed.try_set(true),
                    };
                });
            }
        });
        let params = ParamForm::new(settings, chat.current);
        AppState {
            settings,
            key: RwSignal::new(key),
            keyring,
            chat,
            lang,
            zh_failed,
            settings_open: RwSignal::new(false),
            demo_base: StoredValue::new(page_default.unwrap_or_else(|| LOCAL_DEMO_BASE.to_string())),
            storage_error: RwSignal::new(storage_error),
            chunk_failed: RwSignal::new(false),
            settings_unread,
            params,
        }
    }

    /// Applies a change the user made in the settings dialog: to what the dialog shows (and so to the current
    /// conversation, which remembers it) and to the defaults new chats start from, which are saved.
    pub fn edit_settings(&self, change: impl Fn(&mut Settings)) {
        self.settings.update(&change);
        self.chat.defaults.update_value(&change);
        if self.settings_unread {
            return self.chat.settings_edited();
        }
        let json = self.chat.defaults.with_value(Settings::to_json);
        self.storage_error.set(storage::set(SETTINGS_KEY, &json).err());
        self.chat.settings_edited();
    }

    pub fn t(&self) -> &'static Texts {
        texts(self.lang.get())
    }

    /// Endpoint, options and key as they are now, for a request about to be sent. A locked key, or one the
    /// endpoint's origin was not confirmed for, opens the dialog that can fix it (the key refuses to go meanwhile).
    pub fn target(&self) -> Target {
        self.keyring.prompt_if_needed(*self);
        Target {
            settings: self.settings.get_untracked(),
            key: self.keyring.api_key(&self.key.get_untracked()),
            invalid: self.params.first_problem(),
        }
    }

    /// Whether the app talks to the demo server (no key needed, the welcome text says so).
    pub fn on_demo(&self) -> bool {
        let base = self.settings.with(|s| s.base_url.trim_end_matches('/').to_string());
        self.demo_base.with_value(|d| d.trim_end_matches('/') == base)
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

/// The key is saved by the keyring as it is typed; this watches for an endpoint that would take it elsewhere.
pub fn persist_key(state: AppState) {
    crate::keyring::watch_endpoint(state);
}
