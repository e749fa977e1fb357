//! The message composer: a growing text box, Send, and Stop while a reply is being generated.

use leptos::prelude::*;
use web_sys::KeyboardEvent;

use crate::browser::storage;
use crate::state::use_state;
use glm_protocol::models::{ModelKind, model_info};

use crate::views::attachments::{self, AttachmentTray, Drafts, attach_tools_view};
use crate::views::bits::show_else;
use crate::views::deferred::{deferred, prefetch_soon};

/// Where the unsent text of a conversation is kept (`draft:` alone for a new chat).
fn draft_key(id: Option<glm_history::ConversationId>) -> String {
    format!("draft:{}", id.map(|c| c.0).unwrap_or_default())
}

thread_local! {
    static PREPARED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A message is coming (typing, or a pointer or focus on an example prompt): what sending, showing and saving it
/// needs is fetched now, once, so that it is there (or nearly) when it is sent.
pub fn prepare_to_send() {
    if PREPARED.replace(true) {
        return;
    }
    prefetch_soon(crate::chat::preload_request);
    prefetch_soon(crate::views::app::preload_messages);
    prefetch_soon(crate::persist::preload_save);
    prefetch_soon(crate::views::sidebar::preload_conversation_list);
    // And the stylesheet of a message's parts.
    crate::browser::page::prefetch_later_styles();
}

#[component]
pub fn Composer() -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let draft = RwSignal::new(String::new());
    // Each conversation keeps its own draft: switching back restores it, even after a reload.
    crate::reactive::effect(move || {
        let key = draft_key(chat.current.get());
        draft.set(storage::get(&key).ok().flatten().unwrap_or_default());
    });
    let keep = move |text: String| {
        let key = draft_key(chat.current.get_untracked());
        let _ = if text.is_empty() {
            storage::remove(&key)
        } else {
            storage::set(&key, &text)
        };
        draft.set(text);
    };

    // Without `field-sizing: content` the box is grown by hand, also when the text changes from elsewhere (a switch
    // of conversation brings its draft, a send empties it).
    let input = NodeRef::<leptos::html::Textarea>::new();
    crate::reactive::effect(move || {
        draft.track();
        crate::browser::page::next_frame(move || {
            if let Some(el) = input.get_untracked() {
                crate::browser::page::fit_to_text(&el);
            }
        });
    });

    let drafts = Drafts::new();
    let send_checked = move || {
        let text = draft.get_untracked();
        let key = draft_key(chat.current.get_untracked());
        if chat.send_with(text, drafts.list.get_untracked(), state.target()) {
            let _ = storage::remove(&key);
            draft.set(String::new());
            drafts.list.set(Vec::new());
            drafts.notice.set(None);
        }
    };
    // Attachments are checked first (the model takes them, not too many): the message goes only if they pass.
    let send_now = move || {
        if drafts.list.with_untracked(Vec::is_empty) {
            return send_checked();
        }
        leptos::task::spawn_local(async move {
            // (Unless the composer is gone meanwhile: an embedded widget can be unmounted at any time.)
            if drafts.check_for_send(state).await && draft.try_get_untracked().is_some() {
                send_checked();
            }
        });
    };
    // A locked key or a new endpoint origin asks first; the message goes once that is answered.
    let send = move || {
        if !chat.busy.get_untracked() && state.keyring.ready(state, send_now) {
            send_now();
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        prepare_to_send();
        // Enter inside an open IME composition picks a candidate; it must never send.
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() && ev.key_code() != 229 {
            ev.prevent_default();
            send();
        }
    };

    view! {
        <form
            class="gc-composer"
            on:submit=move |ev| {
                ev.prevent_default();
                send();
            }
            on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
            on:drop=move |ev| attachments::on_drop(state, drafts, ev)
        >
            <AttachmentTray drafts=drafts />
            {deferred(
                move || state.settings.with(|s| model_info(&s.model).kind != ModelKind::Text),
                move || attach_tools_view(drafts),
            )}
            <textarea
                class="gc-input"
                node_ref=input
                rows="1"
                aria-label=move || state.t().message
                placeholder=move || state.t().message_placeholder
                prop:value=move || draft.get()
                on:input=move |ev| keep(event_target_value(&ev))
                on:keydown=on_keydown
                on:paste=move |ev| attachments::on_paste(state, drafts, ev)
            ></textarea>
            {show_else(
                move || chat.busy.get(),
                move || {
                    view! {
                        <button
                            type="button"
                            class="gc-stop"
                            aria-label=move || state.t().stop
                            on:click=move |_| chat.stop()
                        >
                            {move || state.t().stop}
                        </button>
                    }
                    .into_any()
                },
                move || {
                    view! {
                        <button
                            type="submit"
                            class="gc-send"
                            aria-label=move || state.t().send
                            disabled=move || draft.with(|d| d.trim().is_empty()) && drafts.list.with(Vec::is_empty)
                        >
                            {move || state.t().send}
                        </button>
                    }
                    .into_any()
                },
            )}
        </form>
    }
}
