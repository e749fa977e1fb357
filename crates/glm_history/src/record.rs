//! What one IndexedDB object holds, and reading it back one record at a time so a corrupt one costs only itself.
//!
//! One record per conversation, whole: a streaming reply is saved (at most about once a second) by rewriting
//! only its own conversation, which stays cheap, and a conversation is always read or written in one piece, so
//! messages can never be stored without their conversation. The IndexedDB adapter stores it under the conversation id (an out-of-line key) as the JSON text of the record.

use serde::Serialize;
use serde_json::Value;

use crate::SCHEMA_VERSION;
use crate::conversation::Conversation;
use crate::migrate::{ConversationProblem, OLDEST_VERSION, decode_conversation};

/// The stored object: the schema version it was written with, and the conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredRecord<'a> {
    pub schema: u32,
    pub conversation: &'a Conversation,
}

/// Why one stored record was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("the stored record has no schema version or no conversation")]
    NotARecord,
    /// Written by a newer build (another tab already updated); left untouched rather than misread.
    #[error("the stored record uses schema {found}, newer than this app's {SCHEMA_VERSION}")]
    NewerSchema { found: u64 },
    #[error("stored conversation {id} cannot be read: {problem}")]
    Invalid { id: String, problem: ConversationProblem },
}

/// The record to write for `conversation`.
pub fn encode_record(conversation: &Conversation) -> StoredRecord<'_> {
    StoredRecord {
        schema: SCHEMA_VERSION,
        conversation,
    }
}

/// Reads one record, migrating it if it is older. Never panics: anything unreadable is an error for this record
/// alone, so the app can skip it, report it and load the rest.
pub fn decode_record(value: Value) -> Result<Conversation, RecordError> {
    let Value::Object(mut record) = value else {
        return Err(RecordError::NotARecord);
    };
    let schema = record
        .get("schema")
        .and_then(Value::as_u64)
        .ok_or(RecordError::NotARecord)?;
    let conversation = record.remove("conversation").ok_or(RecordError::NotARecord)?;
    let version = match u32::try_from(schema) {
        Ok(v) if (OLDEST_VERSION..=SCHEMA_VERSION).contains(&v) => v,
        _ if schema > u64::from(SCHEMA_VERSION) => return Err(RecordError::NewerSchema { found: schema }),
        _ => return Err(RecordError::NotARecord),
    };
    let id = conversation
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string();
    decode_conversation(conversation, version).map_err(|problem| RecordError::Invalid { id, problem })
}
