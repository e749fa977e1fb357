//! Leptos components: they render state and turn clicks into commands.

pub mod app;
pub mod attachments;
pub mod bits;
pub mod composer;
pub mod deferred;
pub mod field;
pub mod inspector;
pub mod key_section;
pub mod launcher;
pub mod markdown_dom;
pub mod message;
pub mod model_picker;
pub mod params;
pub mod parts;
pub mod presets;
pub mod results;
pub mod settings_dialog;
pub mod shortcuts;
pub mod sidebar;
pub mod tools_editor;
pub mod unlock_dialog;
pub mod update_prompt;
pub mod welcome;
