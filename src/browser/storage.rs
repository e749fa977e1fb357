//! localStorage and sessionStorage access under this app's namespace. Storage may be disabled (private mode,
//! sandboxed iframe) or full; both are typed errors.
//!
//! Every key is prefixed with the namespace: `glm-chat.` for the full page, `glm-chat.<widget-id>.` for an
//! embedded widget, so the app never collides with the hosting page's keys, and two widgets never share theirs.
//! One wasm instance runs every widget of a page, so the namespace belongs to the mounted app, not to the process:
//! it is a context value set where the widget is mounted. Read it while the app is set up, in an effect, or in a
//! task started with `leptos::task::spawn_local_scoped` (a plain `spawn_local` task has no owner after its first
//! `.await`: capture `namespace()` before spawning).

use leptos::prelude::use_context;
use thiserror::Error;

/// The namespace of the full-page app.
pub const PREFIX: &str = "glm-chat.";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StorageError {
    #[error("browser storage is not available")]
    Unavailable,
    #[error("browser storage refused the write (full or blocked)")]
    WriteFailed,
}

/// Which browser storage a value lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Kept across visits (localStorage).
    Local,
    /// Kept until the tab closes (sessionStorage).
    Session,
}

/// The storage namespace of one mounted app, provided as context by whoever mounts it (an embedded widget).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    widget_id: Option<String>,
}

impl Namespace {
    /// The full page's namespace.
    pub fn page() -> Self {
        Namespace { widget_id: None }
    }

    /// A widget's namespace. The id is reduced to `[A-Za-z0-9_-]` (other characters become `_`), so that it
    /// cannot reach into another namespace with a `.`.
    pub fn widget(id: &str) -> Self {
        let id: String = id
            .trim()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Namespace {
            widget_id: Some(if id.is_empty() { "widget".to_string() } else { id }),
        }
    }

    /// The key prefix: `glm-chat.` or `glm-chat.<widget-id>.`.
    pub fn prefix(&self) -> String {
        match &self.widget_id {
            None => PREFIX.to_string(),
            Some(id) => format!("{PREFIX}{id}."),
        }
    }

    pub fn widget_id(&self) -> Option<&str> {
        self.widget_id.as_deref()
    }

    /// localStorage under this namespace, for code that runs outside the app's reactive owner (after an `.await`,
    /// in a BroadcastChannel callback): it keeps the namespace it was given instead of reading the context.
    pub fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.get_in(Area::Local, key)
    }

    pub fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.set_in(Area::Local, key, value)
    }

    pub fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.remove_in(Area::Local, key)
    }

    pub fn get_in(&self, which: Area, key: &str) -> Result<Option<String>, StorageError> {
        area(which)?
            .get_item(&format!("{}{key}", self.prefix()))
            .map_err(|_| StorageError::Unavailable)
    }

    pub fn set_in(&self, which: Area, key: &str, value: &str) -> Result<(), StorageError> {
        area(which)?
            .set_item(&format!("{}{key}", self.prefix()), value)
            .map_err(|_| StorageError::WriteFailed)
    }

    pub fn remove_in(&self, which: Area, key: &str) -> Result<(), StorageError> {
        area(which)?
            .remove_item(&format!("{}{key}", self.prefix()))
            .map_err(|_| StorageError::WriteFailed)
    }
}

/// The namespace of the app being set up or running: the mounted widget's, or the full page's.
pub fn current() -> Namespace {
    use_context::<Namespace>().unwrap_or_else(Namespace::page)
}

/// The key prefix of the current app (`glm-chat.` or `glm-chat.<widget-id>.`); name other stores after it too.
pub fn namespace() -> String {
    current().prefix()
}

/// The current widget's id, or `None` on the full page (for naming an IndexedDB database, for example).
pub fn widget_id() -> Option<String> {
    current().widget_id
}

fn area(area: Area) -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or(StorageError::Unavailable)?;
    match area {
        Area::Local => window.local_storage(),
        Area::Session => window.session_storage(),
    }
    .map_err(|_| StorageError::Unavailable)?
    .ok_or(StorageError::Unavailable)
}

pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    get_in(Area::Local, key)
}

pub fn set(key: &str, value: &str) -> Result<(), StorageError> {
    set_in(Area::Local, key, value)
}

pub fn remove(key: &str) -> Result<(), StorageError> {
    remove_in(Area::Local, key)
}

pub fn get_in(which: Area, key: &str) -> Result<Option<String>, StorageError> {
    current().get_in(which, key)
}

pub fn set_in(which: Area, key: &str, value: &str) -> Result<(), StorageError> {
    current().set_in(which, key, value)
}

pub fn remove_in(which: Area, key: &str) -> Result<(), StorageError> {
    current().remove_in(which, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_never_overlap() {
        assert_eq!(Namespace::page().prefix(), "glm-chat.");
        assert_eq!(Namespace::widget("support").prefix(), "glm-chat.support.");
        assert_eq!(Namespace::widget("a.b c").prefix(), "glm-chat.a_b_c.");
        assert_eq!(Namespace::widget("  ").prefix(), "glm-chat.widget.");
        assert_eq!(Namespace::widget("x").widget_id(), Some("x"));
        assert_eq!(Namespace::page().widget_id(), None);
    }
}
