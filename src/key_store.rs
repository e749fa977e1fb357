//! Where the visitor's API key is kept: localStorage, sessionStorage or nowhere, as the host chose, always under
//! the app's storage namespace.

use crate::browser::storage::{self, Area, StorageError};
use crate::config::KeyStorage;

const API_KEY_KEY: &str = "api-key";

fn area(policy: KeyStorage) -> Option<Area> {
    match policy {
        KeyStorage::Local => Some(Area::Local),
        KeyStorage::Session => Some(Area::Session),
        KeyStorage::None => None,
    }
}

/// The saved key, or an empty string (nothing saved, storage unavailable, or keys are not kept at all).
pub fn load(policy: KeyStorage) -> String {
    area(policy)
        .and_then(|a| storage::get_in(a, API_KEY_KEY).ok().flatten())
        .unwrap_or_default()
}

/// Saves the key; an empty key is removed rather than stored. With `KeyStorage::None` nothing is written.
pub fn save(policy: KeyStorage, key: &str) -> Result<(), StorageError> {
    let Some(a) = area(policy) else {
        return Ok(());
    };
    if key.trim().is_empty() {
        storage::remove_in(a, API_KEY_KEY)
    } else {
        storage::set_in(a, API_KEY_KEY, key.trim())
    }
}
