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

/// What `children` builds while `when` holds, and nothing otherwise: Leptos' `<Show>`, compiled once for every place
/// that uses it instead of once per place (about 500 B of wasm each).
pub fn show(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    show_else(when, children, || ().into_any())
}

/// [`show`] with what to build while `when` does not hold.
pub fn show_else(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> AnyView + Send + Sync + 'static,
    fallback: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    show_dyn(Box::new(when), Box::new(children), Box::new(fallback))
}

type Build = Box<dyn Fn() -> AnyView + Send + Sync>;

fn show_dyn(when: Box<dyn Fn() -> bool + Send + Sync>, children: Build, fallback: Build) -> AnyView {
    let on = Memo::new(move |_| when());
    (move || if on.get() { children() } else { fallback() }).into_any()
}
