//! Leptos components: they render state and turn clicks into commands.

pub mod app;
pub mod attachments;
pub mod composer;
pub mod key_section;
pub mod launcher;
pub mod markdown_dom;
pub mod message;
pub mod parts;
pub mod results;
pub mod settings_dialog;
pub mod shortcuts;
pub mod sidebar;
pub mod unlock_dialog;
pub mod update_prompt;
