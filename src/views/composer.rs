//! The message composer: a growing text box, Send, and Stop while a reply is being generated.

use leptos::prelude::*;
use web_sys::KeyboardEvent;

use crate::state::use_state;

#[component]
pub fn Composer() -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let draft = RwSignal::new(String::new());

    let send = move || {
        let text = draft.get_untracked();
        if chat.send(text, state.target()) {
            draft.set(String::new());
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        // Enter inside an open IME composition picks a candidate; it must never send.
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() && ev.key_code() != 229 {
            ev.prevent_default();
            send();
        }
    };

    view! {
        <form class="gc-composer" on:submit=move |ev| {
            ev.prevent_default();
            send();
        }>
            <textarea
                class="gc-input"
                rows="1"
                aria-label=move || state.t().message
                placeholder=move || state.t().message_placeholder
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=on_keydown
            ></textarea>
            <Show
                when=move || chat.busy.get()
                fallback=move || {
                    view! {
                        <button
                            type="submit"
                            class="gc-send"
                            aria-label=move || state.t().send
                            disabled=move || draft.with(|d| d.trim().is_empty())
                        >
                            {move || state.t().send}
                        </button>
                    }
                }
            >
                <button type="button" class="gc-stop" aria-label=move || state.t().stop on:click=move |_| chat.stop()>
                    {move || state.t().stop}
                </button>
            </Show>
        </form>
    }
}
