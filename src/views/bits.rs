//! Small shared pieces for views with many labels and switches. Every label and every shown/hidden switch goes
//! through the same few types, so the wasm holds one copy of their rendering code instead of one per closure.

use leptos::prelude::*;

use crate::i18n::Texts;
use crate::state::use_state;

/// An interface string that follows the language setting.
pub fn tr(get: fn(&Texts) -> &'static str) -> Signal<&'static str> {
    let state = use_state();
    Signal::derive(move || get(state.t()))
}

/// A `bool` computed from the app state, for `hidden`, `disabled` and the like.
pub fn flag(f: impl Fn() -> bool + Send + Sync + 'static) -> Signal<bool> {
    Signal::derive(f)
}
