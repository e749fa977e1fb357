//! localStorage access. Storage may be disabled (private mode, sandboxed iframe) or full; both are typed errors.

use thiserror::Error;

/// Every key this app writes starts with this, so it never collides with the hosting page's keys.
pub const PREFIX: &str = "glm-chat.";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StorageError {
    #[error("browser storage is not available")]
    Unavailable,
    #[error("browser storage refused the write (full or blocked)")]
    WriteFailed,
}

fn local() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .ok_or(StorageError::Unavailable)?
        .local_storage()
        .map_err(|_| StorageError::Unavailable)?
        .ok_or(StorageError::Unavailable)
}

pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    local()?
        .get_item(&format!("{PREFIX}{key}"))
        .map_err(|_| StorageError::Unavailable)
}

pub fn set(key: &str, value: &str) -> Result<(), StorageError> {
    local()?
        .set_item(&format!("{PREFIX}{key}"), value)
        .map_err(|_| StorageError::WriteFailed)
}

pub fn remove(key: &str) -> Result<(), StorageError> {
    local()?
        .remove_item(&format!("{PREFIX}{key}"))
        .map_err(|_| StorageError::WriteFailed)
}
