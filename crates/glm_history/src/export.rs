//! The JSON export: a versioned envelope around whole conversations, lossless and re-importable.

use serde::Serialize;

use crate::SCHEMA_VERSION;
use crate::conversation::Conversation;

/// The `format` marker that tells our files from any other JSON.
pub const EXPORT_FORMAT: &str = "glm-chat-export";

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'static str,
    version: u32,
    exported_ms: i64,
    conversations: &'a [Conversation],
}

/// One or all conversations as a JSON file, every branch and every reply field included, so `import_json` gives
/// back equal conversations. Pretty-printed because people open these files.
pub fn export_json(conversations: &[Conversation], exported_ms: i64) -> String {
    let envelope = Envelope {
        format: EXPORT_FORMAT,
        version: SCHEMA_VERSION,
        exported_ms,
        conversations,
    };
    // Cannot fail: every map key is a string and serde_json writes non-finite floats as null.
    serde_json::to_string_pretty(&envelope).expect("conversations always serialise to JSON")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ConversationId;
    use crate::settings::ConversationSettings;
    use serde_json::Value;

    #[test]
    fn the_envelope_names_format_and_version() {
        let c = Conversation::new(ConversationId::new("c1"), 5, ConversationSettings::default());
        let v: Value = serde_json::from_str(&export_json(&[c], 99)).unwrap();
        assert_eq!(v["format"], EXPORT_FORMAT);
        assert_eq!(v["version"], SCHEMA_VERSION);
        assert_eq!(v["exported_ms"], 99);
        assert_eq!(v["conversations"][0]["id"], "c1");
    }
}
