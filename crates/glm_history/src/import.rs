//! Reading an exported JSON file back: checking it is ours, migrating older versions, validating every conversation.

use serde_json::Value;

use crate::SCHEMA_VERSION;
use crate::conversation::Conversation;
use crate::export::EXPORT_FORMAT;
use crate::migrate::{ConversationProblem, OLDEST_VERSION, decode_conversation};

/// Why a file cannot be imported. Import is all or nothing: on any error nothing is returned to merge, so the
/// user's conversations stay exactly as they were.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("This file is not valid JSON ({0}).")]
    NotJson(String),
    #[error("This file is not a GLM Chat export.")]
    NotOurFormat,
    #[error(
        "This file uses export version {found}, but this app reads versions {OLDEST_VERSION} to {newest}. A newer version of the app may open it."
    )]
    UnsupportedVersion { found: u64, newest: u32 },
    #[error("Conversation {position} ({id}) in this file cannot be read: {problem}.")]
    InvalidConversation {
        /// 1-based, as a person counts.
        position: usize,
        /// The conversation's id if it has one, else `?`.
        id: String,
        problem: ConversationProblem,
    },
}

/// Parses an export of any supported version into current conversations. Ids are not checked against the
/// user's conversations here; `merge` does that.
pub fn import_json(text: &str) -> Result<Vec<Conversation>, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::NotJson(e.to_string()))?;
    if value.get("format").and_then(Value::as_str) != Some(EXPORT_FORMAT) {
        return Err(ImportError::NotOurFormat);
    }
    let version = value
        .get("version")
        .and_then(Value::as_u64)
        .ok_or(ImportError::NotOurFormat)?;
    let Some(version) = u32::try_from(version)
        .ok()
        .filter(|v| (OLDEST_VERSION..=SCHEMA_VERSION).contains(v))
    else {
        return Err(ImportError::UnsupportedVersion {
            found: version,
            newest: SCHEMA_VERSION,
        });
    };
    let Some(Value::Array(list)) = value.get("conversations") else {
        return Err(ImportError::NotOurFormat);
    };
    list.iter()
        .enumerate()
        .map(|(i, raw)| {
            decode_conversation(raw.clone(), version).map_err(|problem| ImportError::InvalidConversation {
                position: i + 1,
                id: raw.get("id").and_then(Value::as_str).unwrap_or("?").to_string(),
                problem,
            })
        })
        .collect()
}
