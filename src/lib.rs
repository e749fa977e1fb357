//! GLM Chat: a chat client for Zhipu's GLM chat-completions API that runs entirely in the browser.

pub mod browser;
pub mod chat;
pub mod config;
pub mod embed;
pub mod format;
pub mod i18n;
pub mod key;
pub mod key_store;
pub mod keyring;
pub mod param_form;
pub mod persist;
pub mod reactive;
pub mod request_log;
pub mod restore;
pub mod settings;
pub mod split;
pub mod state;
pub mod views;

pub use views::app::App;
