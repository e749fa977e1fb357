//! Leptos components: they render state and turn clicks into commands.

pub mod app;
pub mod composer;
pub mod markdown_dom;
pub mod message;
pub mod parts;
pub mod results;
pub mod settings_dialog;
pub mod sidebar;
