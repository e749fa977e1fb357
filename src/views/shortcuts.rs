//! Keyboard shortcuts for the full page, and the dialog that lists them.

use leptos::html::{Dialog, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

use crate::state::use_state;

/// Focuses the first element under the app that matches `selector`, once the view has caught up.
pub fn focus_later(root: NodeRef<Div>, selector: &'static str) {
    request_animation_frame(move || {
        focus_now(root, selector);
    });
}

/// Focuses the element at once (the message box is always there): keys typed right after the shortcut land in it,
/// even while the page is busy and the next frame is late.
fn focus_now(root: NodeRef<Div>, selector: &'static str) -> bool {
    root.get_untracked()
        .and_then(|r| r.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .is_some_and(|el| el.focus().is_ok())
}

/// True when the key goes to a text field (a bare key such as `/` or `?` is then text, not a shortcut).
fn typing(ev: &KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable())
}

/// Listens for the shortcuts on the whole page (only the full page: a widget must not take a host page's keys).
pub fn install(root: NodeRef<Div>, sidebar_open: RwSignal<bool>, drawer_open: Memo<bool>, help_open: RwSignal<bool>) {
    let state = use_state();
    let handle = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if ev.default_prevented() || ev.is_composing() {
            return;
        }
        let key = ev.key();
        let cmd = ev.ctrl_key() || ev.meta_key();
        let dialog_open = root
            .get_untracked()
            .and_then(|r| r.query_selector("dialog[open]").ok().flatten())
            .is_some();
        let mut done = true;
        match key.as_str() {
            "Escape" if ev.shift_key() && !dialog_open => {
                focus_now(root, ".gc-input");
            }
            // The phone's conversation drawer closes first (it covers the chat), and the focus goes back to its button
            // once the chat is no longer inert.
            "Escape" if !dialog_open && drawer_open.get_untracked() => {
                sidebar_open.set(false);
                focus_later(root, ".gc-sidebar-toggle");
            }
            "Escape" if !dialog_open && state.chat.busy.get_untracked() => state.chat.stop(),
            "o" | "O" if cmd && ev.shift_key() => {
                state.chat.new_chat();
                sidebar_open.set(false);
                focus_later(root, ".gc-input");
            }
            "k" | "K" if cmd && !ev.shift_key() => {
                sidebar_open.set(true);
                focus_later(root, ".gc-search");
            }
            "," if cmd => state.settings_open.set(true),
            "/" if cmd => help_open.set(true),
            "/" if !typing(&ev) && !dialog_open => {
                focus_now(root, ".gc-input");
            }
            "?" if !typing(&ev) && !dialog_open => help_open.set(true),
            _ => done = false,
        }
        if done {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

/// The list of shortcuts, in a native modal dialog (focus trapped inside, Escape closes, focus goes back).
#[component]
pub fn ShortcutsDialog(open: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let dialog = NodeRef::<Dialog>::new();
    crate::reactive::effect(move || {
        let show = open.get();
        if let Some(d) = dialog.get() {
            if show && !d.open() {
                let _ = d.show_modal();
            } else if !show && d.open() {
                d.close();
            }
        }
    });
    let rows = move || {
        let t = state.t();
        [
            ("Ctrl/⌘ + Shift + O", t.new_chat),
            ("/ · Shift + Esc", t.focus_composer),
            ("Esc", t.stop_reply),
            ("Ctrl/⌘ + K", t.search_conversations),
            ("Ctrl/⌘ + ,", t.settings),
            ("? · Ctrl/⌘ + /", t.keyboard_shortcuts),
        ]
        .into_iter()
        .map(|(keys, what)| view! { <dt><kbd>{keys}</kbd></dt><dd>{what}</dd> })
        .collect_view()
    };
    view! {
        <dialog class="gc-dialog gc-shortcuts" node_ref=dialog aria-labelledby="gc-shortcuts-title" on:close=move |_| open.set(false)>
            <div class="gc-dialog-head">
                <h2 id="gc-shortcuts-title">{move || state.t().keyboard_shortcuts}</h2>
                <button type="button" class="gc-icon-button" aria-label=move || state.t().close on:click=move |_| open.set(false)>
                    "✕"
                </button>
            </div>
            <dl class="gc-shortcut-list">{rows}</dl>
        </dialog>
    }
}

crate::split!(
    shortcuts,
    preload_shortcuts,
    pub fn shortcuts_view(open: RwSignal<bool>) -> AnyView {
        view! { <ShortcutsDialog open=open /> }.into_any()
    }
);
