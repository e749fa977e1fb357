//! Small shared helpers over Leptos' reactive graph that keep its generic code compiled once.

use leptos::prelude::*;

/// `Effect::new` for an effect that keeps no value between runs. Leptos' effect loop is generic over its function, so
/// each `Effect::new` compiles a copy of it (about 400 B of the first visit's wasm each); every effect made here
/// shares one.
pub fn effect(run: impl FnMut() + 'static) {
    effect_dyn(Box::new(run));
}

fn effect_dyn(mut run: Box<dyn FnMut()>) {
    Effect::new(move |_| run());
}
