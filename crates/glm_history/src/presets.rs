//! Named system-prompt presets (optionally with a model and its parameters): the stored list, reading it without
//! ever mistaking unreadable data for "no presets", and the edits (save by name, delete).

use serde::{Deserialize, Serialize};

use crate::settings::ConversationSettings;

/// Marks the stored value as ours, so a value we cannot read is told apart from one another app wrote.
pub const PRESETS_FORMAT: &str = "glm-chat-presets";
pub const PRESETS_VERSION: u32 = 1;
/// Longest preset name.
pub const NAME_MAX_CHARS: usize = 60;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preset {
    pub name: String,
    #[serde(default)]
    pub system_prompt: String,
    /// The model and every parameter at the time of saving, when the user chose to include them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<ConversationSettings>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    format: String,
    version: u32,
    #[serde(default)]
    presets: Vec<Preset>,
}

/// Why the stored presets cannot be used. Either way they must be left as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PresetsError {
    #[error("the saved presets are damaged")]
    Corrupt,
    #[error("the saved presets were written by a newer version of this app")]
    TooNew,
}

/// The stored value (`None`: nothing stored yet) as a list.
pub fn parse_presets(stored: Option<&str>) -> Result<Vec<Preset>, PresetsError> {
    let Some(text) = stored else {
        return Ok(Vec::new());
    };
    let stored: Stored = serde_json::from_str(text).map_err(|_| PresetsError::Corrupt)?;
    if stored.format != PRESETS_FORMAT {
        return Err(PresetsError::Corrupt);
    }
    if stored.version > PRESETS_VERSION {
        return Err(PresetsError::TooNew);
    }
    Ok(stored.presets)
}

pub fn presets_json(presets: &[Preset]) -> String {
    let stored = Stored {
        format: PRESETS_FORMAT.to_string(),
        version: PRESETS_VERSION,
        presets: presets.to_vec(),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// A preset name as it is kept: trimmed, 1–60 characters. `None` when blank or too long.
pub fn preset_name(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty() && name.chars().count() <= NAME_MAX_CHARS).then(|| name.to_string())
}

/// Names match ignoring surrounding blanks and ASCII case (Unicode case folding would bring its tables into the
/// wasm for this one comparison).
fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Saves `preset`, replacing one with the same name (ignoring ASCII case) in place. Returns whether one was replaced.
pub fn save_preset(presets: &mut Vec<Preset>, preset: Preset) -> bool {
    match presets.iter_mut().find(|p| same_name(&p.name, &preset.name)) {
        Some(slot) => {
            *slot = preset;
            true
        }
        None => {
            presets.push(preset);
            false
        }
    }
}

/// Deletes the preset named `name`; `false` when there is none.
pub fn delete_preset(presets: &mut Vec<Preset>, name: &str) -> bool {
    let before = presets.len();
    presets.retain(|p| !same_name(&p.name, name));
    presets.len() != before
}

pub fn find_preset<'a>(presets: &'a [Preset], name: &str) -> Option<&'a Preset> {
    presets.iter().find(|p| same_name(&p.name, name))
}
