//! Saved conversations: the branching message tree, the sidebar and search, export, import and migrations.
//!
//! Pure Rust like `glm_protocol`: no browser, no clock, no randomness. Times are passed in as milliseconds and new
//! conversation ids come from a caller-provided source, so every operation is deterministic and tested on the host.
//! The model holds no API key at all, so nothing built from it (a record, an export) can carry one.

pub mod conversation;
pub mod export;
pub mod history;
pub mod ids;
pub mod import;
pub mod markdown;
pub mod merge;
pub mod message;
pub mod migrate;
pub mod presets;
pub mod record;
pub mod search;
pub mod settings;
pub mod sidebar;
pub mod sync;
pub mod tree;

pub use conversation::{Conversation, InvalidConversation, title_from};
pub use export::{EXPORT_FORMAT, export_json};
pub use history::{history_before, history_through, history_turns};
pub use ids::{ConversationId, MessageId, set_message_id_tag};
pub use import::{ImportError, import_json};
pub use markdown::{export_markdown, message_markdown};
pub use merge::{MergeOutcome, merge};
pub use message::{Attachment, AttachmentKind, MessageBody, StoredMessage};
pub use migrate::ConversationProblem;
pub use presets::{
    Preset, PresetsError, delete_preset, find_preset, parse_presets, preset_name, presets_json, save_preset,
};
pub use record::{RecordError, StoredRecord, decode_record, encode_record};
pub use search::{Lower, SearchHit, search, search_with, unicode_lower};
pub use settings::ConversationSettings;
pub use sidebar::{Removed, remove_conversation, restore_conversation, sidebar_order};
pub use sync::merge3;
pub use tree::TreeError;

/// The version of the conversation schema written today, in records and in JSON exports alike.
/// Version 1 was a flat message list; version 2 is the branching tree. `migrate` lifts older data.
pub const SCHEMA_VERSION: u32 = 2;
