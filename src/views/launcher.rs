//! Launcher mode of the widget: a floating button that opens the chat in a panel, and closes it again.

use leptos::html::{Button, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::use_state;

#[component]
pub fn Launcher(children: Children) -> impl IntoView {
    let state = use_state();
    let open = RwSignal::new(false);
    let panel = NodeRef::<Div>::new();
    let button = NodeRef::<Button>::new();
    // Opening puts the cursor in the message box; the chat stays mounted while closed, so nothing is lost.
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if is_open && was_open == Some(false) {
            let focus = move || {
                let message = panel
                    .get_untracked()
                    .and_then(|p| p.query_selector("textarea").ok().flatten());
                if let Some(el) = message.and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            };
            request_animation_frame(focus);
        }
        is_open
    });
    let close = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        // Escape in the settings dialog closes the dialog, not the panel.
        if ev.key() == "Escape" && open.get_untracked() && !state.settings_open.get_untracked() {
            close();
        }
    };
    view! {
        <div class="gc-launcher" class:gc-launcher-open=move || open.get() on:keydown=on_keydown>
            <div
                class="gc-launcher-panel"
                role="region"
                aria-label=move || state.t().app_title
                hidden=move || !open.get()
                node_ref=panel
            >
                {children()}
            </div>
            <button
                type="button"
                class="gc-launcher-button"
                node_ref=button
                aria-expanded=move || open.get().to_string()
                aria-label=move || if open.get() { state.t().close_chat } else { state.t().open_chat }
                title=move || if open.get() { state.t().close_chat } else { state.t().open_chat }
                on:click=move |_| if open.get_untracked() { close() } else { open.set(true) }
            >
                <svg class="gc-launcher-icon" viewBox="0 0 24 24" aria-hidden="true">
                    <path class="gc-launcher-bubble" d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16h.1A2.5 2.5 0 0 1 4 13.5z" />
                    <path class="gc-launcher-cross" d="M6.7 5.3 12 10.6l5.3-5.3 1.4 1.4-5.3 5.3 5.3 5.3-1.4 1.4-5.3-5.3-5.3 5.3-1.4-1.4 5.3-5.3-5.3-5.3z" />
                </svg>
            </button>
        </div>
    }
}
