//! Lifting conversations written by older versions to the current schema, and decoding one into the domain type.
//!
//! Version 1 (the first saved format) kept a flat list of messages without ids, and only the model and system
//! prompt as settings. Version 2 is the tree. Each step is a function on JSON values, so an old file is migrated
//! before serde sees it and the domain types never carry legacy shapes.

use serde_json::{Map, Value, json};

use crate::SCHEMA_VERSION;
use crate::conversation::{Conversation, InvalidConversation, title_from};

/// Why one conversation could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConversationProblem {
    #[error("it is not a JSON object")]
    NotAnObject,
    /// serde's own wording, e.g. "missing field `id`" or "invalid type: string, expected i64".
    #[error("{0}")]
    Shape(String),
    #[error(transparent)]
    Invalid(#[from] InvalidConversation),
}

/// The oldest version this build still reads.
pub const OLDEST_VERSION: u32 = 1;

/// Decodes a conversation written at `version` (already checked to be within `OLDEST_VERSION..=SCHEMA_VERSION`).
pub fn decode_conversation(value: Value, version: u32) -> Result<Conversation, ConversationProblem> {
    let value = migrate(value, version)?;
    let mut conversation: Conversation =
        // Through text rather than `from_value`: the text deserialiser is in the app anyway (records are text), and
        // a second (`Value`) instantiation of every reply type would add kilobytes of wasm.
        serde_json::from_str(&value.to_string()).map_err(|e| {
            // The position is in text made here, so it would mean nothing to the reader.
            let text = e.to_string();
            ConversationProblem::Shape(text.split(" at line ").next().unwrap_or(&text).to_string())
        })?;
    conversation.validate()?;
    Ok(conversation)
}

/// Applies every step from `from` up to `SCHEMA_VERSION`.
pub fn migrate(mut value: Value, from: u32) -> Result<Value, ConversationProblem> {
    if !value.is_object() {
        return Err(ConversationProblem::NotAnObject);
    }
    for version in from..SCHEMA_VERSION {
        value = match version {
            1 => v1_to_v2(value)?,
            _ => value,
        };
    }
    Ok(value)
}

/// Flat list → tree: message `i` gets id `m{i+1}` and answers the one before it; the last one is on screen.
fn v1_to_v2(value: Value) -> Result<Value, ConversationProblem> {
    let Value::Object(mut old) = value else {
        return Err(ConversationProblem::NotAnObject);
    };
    let created_ms = old.get("created_ms").cloned().unwrap_or(json!(0));
    let messages = match old.remove("messages") {
        Some(Value::Array(list)) => list,
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(ConversationProblem::Shape("`messages` is not a list".into())),
    };
    let mut tree = Vec::with_capacity(messages.len());
    for (i, message) in messages.into_iter().enumerate() {
        let Value::Object(mut body) = message else {
            return Err(ConversationProblem::Shape(format!(
                "message {} is not an object",
                i + 1
            )));
        };
        let at = body.remove("created_ms").unwrap_or_else(|| created_ms.clone());
        let parent = if i == 0 { Value::Null } else { json!(format!("m{i}")) };
        tree.push(json!({ "id": format!("m{}", i + 1), "parent": parent, "created_ms": at, "body": body }));
    }
    let current_leaf = if tree.is_empty() {
        Value::Null
    } else {
        json!(format!("m{}", tree.len()))
    };

    // A v1 title was always derived from the first question; one that differs was typed by the user.
    let first_question = tree
        .iter()
        .find(|m| m["body"]["role"] == "user")
        .and_then(|m| m["body"]["text"].as_str())
        .map(title_from)
        .unwrap_or_default();
    let title = old.get("title").and_then(Value::as_str).unwrap_or_default().to_string();
    let mut settings = Map::new();
    for key in ["model", "system_prompt"] {
        if let Some(v) = old.remove(key) {
            settings.insert(key.to_string(), v);
        }
    }
    old.insert(
        "title_is_custom".into(),
        json!(!title.is_empty() && title != first_question),
    );
    old.insert("settings".into(), Value::Object(settings));
    old.insert("messages".into(), Value::Array(tree));
    old.insert("current_leaf".into(), current_leaf);
    Ok(Value::Object(old))
}
