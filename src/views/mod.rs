//! Leptos components: they render state and turn clicks into commands.

pub mod app;
pub mod composer;
pub mod launcher;
pub mod markdown_dom;
pub mod math_dom;
pub mod message;
pub mod parts;
pub mod results;
pub mod settings_dialog;
pub mod shortcuts;
pub mod sidebar;
pub mod update_prompt;
pub mod welcome;
