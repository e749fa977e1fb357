//! The two questions that stand between a request and the key: the passphrase of an encrypted key (asked once per
//! tab), and whether the key may follow the endpoint to a new origin. Both are native modal dialogs, like the
//! settings: focus is trapped inside, Escape cancels, and focus returns to where it was.

use leptos::html::{Dialog, Input};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::keyring::UnlockError;
use crate::state::use_state;

/// Opens and closes a native modal dialog with a signal.
fn sync_modal(dialog: NodeRef<Dialog>, open: impl Fn() -> bool + 'static) {
    crate::reactive::effect(move || {
        let show = open();
        if let Some(d) = dialog.get() {
            if show && !d.open() {
                let _ = d.show_modal();
            } else if !show && d.open() {
                d.close();
            }
        }
    });
}

#[component]
pub fn KeyDialogs() -> impl IntoView {
    view! {
        <UnlockDialog />
        <OriginDialog />
    }
}

#[component]
fn UnlockDialog() -> impl IntoView {
    let state = use_state();
    let keyring = state.keyring;
    let dialog = NodeRef::<Dialog>::new();
    let input = NodeRef::<Input>::new();
    let passphrase = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<UnlockError>);
    let busy = RwSignal::new(false);
    sync_modal(dialog, move || keyring.unlock_open.get());
    // The passphrase field takes the focus when the dialog opens (not `autofocus`, which a cross-origin frame blocks
    // with a console error).
    crate::reactive::effect(move || {
        if keyring.unlock_open.get() {
            request_animation_frame(move || {
                if let Some(el) = input.get_untracked() {
                    let _ = el.focus();
                }
            });
        }
    });
    let close = move || {
        passphrase.set(String::new());
        problem.set(None);
        keyring.unlock_open.set(false);
    };
    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        problem.set(None);
        let text = passphrase.get_untracked();
        spawn_local(async move {
            let result = keyring.unlock(state, text).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    passphrase.try_set(String::new());
                }
                Err(e) => {
                    problem.try_set(Some(e));
                    if let Some(el) = input.get_untracked() {
                        let _ = el.focus();
                        el.select();
                    }
                }
            }
        });
    };
    view! {
        <dialog
            class="gc-dialog gc-small-dialog"
            node_ref=dialog
            aria-labelledby="gc-unlock-title"
            on:close=move |_| close()
        >
            <div class="gc-dialog-head">
                <h2 id="gc-unlock-title">{move || state.t().unlock_title}</h2>
                <button type="button" class="gc-icon-button" aria-label=move || state.t().close on:click=move |_| close()>
                    "✕"
                </button>
            </div>
            <form class="gc-form" on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }>
                <p class="gc-hint">{move || state.t().unlock_text}</p>
                <label class="gc-field">
                    <span>{move || state.t().passphrase}</span>
                    <input
                        type="password"
                        node_ref=input
                        autocomplete="current-password"
                        aria-label=move || state.t().passphrase
                        aria-invalid=move || problem.with(Option::is_some).to_string()
                        prop:value=move || passphrase.get()
                        on:input=move |ev| passphrase.set(event_target_value(&ev))
                    />
                </label>
                {move || {
                    problem.get().map(|e| {
                        let t = state.t();
                        let text = if e == UnlockError::Wrong { t.wrong_passphrase } else { t.crypto_unavailable };
                        view! { <p class="gc-field-error" role="alert" data-part="unlock-error">{text}</p> }
                    })
                }}
                <div class="gc-row gc-dialog-actions">
                    <button type="submit" class="gc-action gc-primary" disabled=move || busy.get()>
                        {move || if busy.get() { state.t().unlocking } else { state.t().unlock }}
                    </button>
                    <button type="button" class="gc-action gc-secondary" on:click=move |_| close()>
                        {move || state.t().cancel}
                    </button>
                </div>
            </form>
        </dialog>
    }
}

#[component]
fn OriginDialog() -> impl IntoView {
    let state = use_state();
    let keyring = state.keyring;
    let dialog = NodeRef::<Dialog>::new();
    sync_modal(dialog, move || keyring.origin_prompt.with(Option::is_some));
    let text = move || {
        keyring
            .origin_prompt
            .get()
            .map(|p| state.t().origin_text.replace("{from}", &p.from).replace("{to}", &p.to))
            .unwrap_or_default()
    };
    view! {
        <dialog
            class="gc-dialog gc-small-dialog"
            node_ref=dialog
            aria-labelledby="gc-origin-title"
            aria-describedby="gc-origin-text"
            on:cancel=move |ev: web_sys::Event| {
                // Escape means Cancel: the endpoint goes back.
                ev.prevent_default();
                keyring.cancel_origin(state);
            }
        >
            <div class="gc-dialog-head">
                <h2 id="gc-origin-title">{move || state.t().origin_title}</h2>
            </div>
            <div class="gc-form">
                <p id="gc-origin-text" data-part="origin-text">{text}</p>
                <div class="gc-row gc-dialog-actions">
                    <button type="button" class="gc-action gc-primary" on:click=move |_| keyring.confirm_origin(state)>
                        {move || state.t().origin_keep}
                    </button>
                    <button type="button" class="gc-action gc-secondary" on:click=move |_| keyring.cancel_origin(state)>
                        {move || state.t().cancel}
                    </button>
                </div>
            </div>
        </dialog>
    }
}

crate::split!(
    key_dialogs,
    preload_key_dialogs,
    pub fn key_dialogs_view() -> AnyView {
        view! { <KeyDialogs /> }.into_any()
    }
);
