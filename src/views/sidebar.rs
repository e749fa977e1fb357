//! The conversation list: New chat, search, and the saved conversations with rename, pin, delete, export, import.

use glm_history::{ConversationId, ImportError};
use leptos::html::Input;
use leptos::prelude::*;

use crate::browser::{files, page};
use crate::chat::{Chat, Summary, Undo};
use crate::i18n::Texts;
use crate::state::{AppState, use_state};
use crate::views::bits::{show, show_else};
use crate::views::deferred::{deferred, loaded};

#[component]
pub fn Sidebar(open: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let query = RwSignal::new(String::new());
    // What is searched for, if anything: the list is not built again for each keystroke that leaves the box blank.
    let searching = Memo::new(move |_| {
        let q = query.get();
        (!q.trim().is_empty()).then_some(q)
    });
    let listed = Memo::new(move |_| chat.list.with(|l| !l.is_empty()));
    view! {
        <nav class="gc-sidebar" class:gc-open=move || open.get() aria-label=move || state.t().conversations>
            <button
                type="button"
                class="gc-new-chat"
                on:click=move |_| {
                    chat.new_chat();
                    open.set(false);
                }
            >
                {move || state.t().new_chat}
            </button>
            <input
                type="search"
                class="gc-search"
                aria-label=move || state.t().search_conversations
                placeholder=move || state.t().search_conversations
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            {move || match searching.get() {
                None => view! {
                    {deferred(move || chat.list.with(|l| !l.is_empty()), move || conversation_list(open))}
                    {show(
                        move || chat.persist.loaded.get() && chat.list.with(Vec::is_empty),
                        move || {
                            view! { <p class="gc-hint gc-no-matches">{move || state.t().no_conversations}</p> }
                                .into_any()
                        },
                    )}
                }
                    .into_any(),
                // Searching comes with the conversation list's chunk: with no conversation there is nothing to find.
                Some(q) => (move || {
                    if listed.get() {
                        let q = q.clone();
                        loaded(move || search_results(q.clone(), open)).into_any()
                    } else {
                        no_matches(state).into_any()
                    }
                })
                .into_any(),
            }}
            <Transfer />
        </nav>
    }
}

fn no_matches(state: AppState) -> impl IntoView {
    view! { <p class="gc-hint gc-no-matches">{move || state.t().no_matches}</p> }
}

crate::split!(
    conversation_list,
    preload_search,
    /// The conversations that match `q` (read in place: a keystroke must not copy every conversation), each opening
    /// at the message found.
    fn search_results(q: String, open: RwSignal<bool>) -> AnyView {
        let state = use_state();
        let chat = state.chat;
        // Found again when the list changes; shown again only when what is found changes (a hit keeps its focus).
        let hits = Memo::new(move |_| {
            chat.list.track();
            chat.conversations.with_value(|all| {
                glm_history::search_with(all, &q, crate::browser::page::lower_case)
                    .into_iter()
                    .map(|h| {
                        let title = all
                            .iter()
                            .find(|c| c.id == h.conversation)
                            .map(|c| c.title.clone())
                            .unwrap_or_default();
                        (h, title)
                    })
                    .collect::<Vec<_>>()
            })
        });
        (move || {
            let hits = hits.get();
            if hits.is_empty() {
                return no_matches(state).into_any();
            }
            view! {
                <ul class="gc-conversations gc-hits">
                    {hits
                        .into_iter()
                        .map(|(hit, title)| {
                            let id = hit.conversation.clone();
                            let message = hit.message.clone();
                            let current = id.clone();
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="gc-conversation gc-hit"
                                        aria-current=move || chat.current.with(|c| (c.as_ref() == Some(&current)).then_some("page"))
                                        on:click=move |_| {
                                            chat.open_at(&id, message.as_ref());
                                            open.set(false);
                                        }
                                    >
                                        <span class="gc-conv-title">{title}</span>
                                        <span class="gc-snippet">{hit.snippet}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        })
        .into_any()
    }
);

// The list with its rows (rename, pin, delete, export, the day labels) loads once there is a conversation to list:
// typing the first message fetches it, and a returning visit fetches it beside the reader of saved conversations.
crate::split!(
    conversation_list,
    preload_conversation_list,
    pub fn conversation_list(open: RwSignal<bool>) -> AnyView {
        let chat = use_state().chat;
        view! {
            // Keyed by day too, so the date it shows follows the last activity.
            <ul class="gc-conversations">
                <For
                    each=move || chat.list.get()
                    key=|c| (c.id.clone(), c.title.clone(), c.pinned, page::local_day(c.updated_ms as f64))
                    let(summary)
                >
                    <ConversationItem summary=summary open=open />
                </For>
            </ul>
        }
        .into_any()
    }
);

#[component]
fn ConversationItem(summary: Summary, open: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let id = StoredValue::new(summary.id.clone());
    let renaming = RwSignal::new(false);
    let input = NodeRef::<Input>::new();
    let is_current = move || chat.current.with(|c| id.with_value(|id| c.as_ref() == Some(id)));
    let title = summary.title.clone();
    let shown = if title.is_empty() {
        state.t().untitled.to_string()
    } else {
        title.clone()
    };
    let commit = move |value: String| {
        if renaming.get_untracked() {
            renaming.set(false);
            id.with_value(|id| chat.rename(id, &value));
        }
    };
    crate::reactive::effect(move || {
        if renaming.get()
            && let Some(el) = input.get()
        {
            let _ = el.focus();
            el.select();
        }
    });
    let pinned = summary.pinned;
    let day = page::local_day(summary.updated_ms as f64);
    let when = move || {
        let today = page::local_day(js_sys::Date::now());
        crate::format::day_label(day, today, state.lang.get(), state.t())
    };
    view! {
        <li class="gc-conv-item" class:gc-pinned=pinned data-pinned=pinned.to_string()>
            {show_else(
                move || renaming.get(),
                move || {
                    view! {
                        <input
                            class="gc-rename"
                            node_ref=input
                            aria-label=move || state.t().conversation_title
                            value=title.clone()
                            on:keydown=move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
                                "Enter" => {
                                    ev.prevent_default();
                                    commit(event_target_value(&ev));
                                }
                                "Escape" => {
                                    ev.prevent_default();
                                    renaming.set(false);
                                }
                                _ => {}
                            }
                            on:blur=move |ev| commit(event_target_value(&ev))
                        />
                    }
                    .into_any()
                },
                move || {
                    let shown = shown.clone();
                    view! {
                        <button
                            type="button"
                            class="gc-conversation"
                            aria-current=move || is_current().then_some("page")
                            on:click=move |_| {
                                id.with_value(|id| chat.select(id));
                                open.set(false);
                            }
                        >
                            {pinned.then(|| view! { <span class="gc-pin-mark">{pin_icon()}</span> })}
                            <span class="gc-conv-title">{shown}</span>
                            <time class="gc-conv-time" datetime=day.iso()>{when}</time>
                        </button>
                    }
                    .into_any()
                },
            )}
            <span class="gc-conv-actions">
                <button
                    type="button"
                    class="gc-icon-button gc-small"
                    aria-pressed=pinned.to_string()
                    aria-label=move || if pinned { state.t().unpin } else { state.t().pin }
                    title=move || if pinned { state.t().unpin } else { state.t().pin }
                    on:click=move |_| id.with_value(|id| chat.set_pinned(id, !pinned))
                >
                    {pin_icon()}
                </button>
                <button
                    type="button"
                    class="gc-icon-button gc-small"
                    aria-label=move || state.t().rename
                    title=move || state.t().rename
                    on:click=move |_| renaming.set(true)
                >
                    "✎"
                </button>
                <button
                    type="button"
                    class="gc-icon-button gc-small"
                    aria-label=move || state.t().delete_conversation
                    title=move || state.t().delete_conversation
                    on:click=move |_| id.with_value(|id| chat.delete_conversation(id))
                >
                    {trash_icon()}
                </button>
            </span>
        </li>
    }
}

/// Small inline icons (no emoji: not every system has an emoji font).
fn pin_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="15" height="15" aria-hidden="true" class="gc-svg">
            <path fill="currentColor" d="M15 2l7 7-2.5 1-4 4 .8 5.2-1.8 1.8-4.3-4.3L4.4 22 2 19.6l5.8-5.8-4.3-4.3L5.3 7.7l5.2.8 4-4z" />
        </svg>
    }
}

fn trash_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="15" height="15" aria-hidden="true" class="gc-svg">
            <path fill="currentColor" d="M9 2h6l1 2h5v2H3V4h5l1-2zM5 8h14l-1.2 14H6.2L5 8zm4 3v8h2v-8H9zm4 0v8h2v-8h-2z" />
        </svg>
    }
}

/// Export all and Import, with what happened.
#[component]
fn Transfer() -> impl IntoView {
    let state = use_state();
    let file = NodeRef::<Input>::new();
    let outcome = RwSignal::new(None::<(bool, String)>);
    let on_file = move |_| {
        let Some(input) = file.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            if import_chosen(state, input.clone(), outcome).await.is_err() {
                // Cleared, so that choosing the same file again (to retry) is a change.
                input.set_value("");
                outcome.try_set(Some((false, state.t().chunk_failed.to_string())));
            }
        });
    };
    view! {
        <div class="gc-transfer">
            {export_all_button()}
            <button
                type="button"
                class="gc-action gc-secondary"
                on:click=move |_| {
                    if let Some(input) = file.get_untracked() {
                        input.click();
                    }
                }
            >
                {move || state.t().import}
            </button>
            <input
                type="file"
                accept=".json,application/json"
                hidden=true
                node_ref=file
                aria-label=move || state.t().import
                on:change=on_file
            />
            {move || {
                outcome
                    .get()
                    .map(|(ok, text)| {
                        view! {
                            <p class="gc-transfer-result" class:gc-field-error=!ok role=if ok { "status" } else { "alert" }>
                                {text}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The "Export all" button, also offered by the storage warning.
pub fn export_all_button() -> impl IntoView {
    let state = use_state();
    view! {
        <button
            type="button"
            class="gc-action gc-secondary"
            on:click=move |_| {
                leptos::task::spawn_local(async move {
                    if export_all(state.chat).await.is_err() {
                        state.chunk_failed.try_set(true);
                    }
                });
            }
        >
            {move || state.t().export_all}
        </button>
    }
}

/// A file name like `glm-chat-all-2026-11-25.json`.
pub fn export_name(what: &str, ext: &str) -> String {
    let iso = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
    let day = iso.get(..10).unwrap_or("export");
    let what: String = what
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .take(40)
        .collect();
    format!("glm-chat-{what}-{day}.{ext}")
}

/// Offers the conversation `id` as a download.
pub fn export_one(id: &ConversationId, markdown: bool) {
    let state = use_state();
    let id = id.clone();
    leptos::task::spawn_local(async move {
        if export_conversation(state.chat, id, markdown, state.lang.get_untracked())
            .await
            .is_err()
        {
            state.chunk_failed.try_set(true);
        }
    });
}

// Export and import (JSON and Markdown writers, the import checks) load with the first use.
crate::split!(
    transfer,
    preload_transfer,
    fn export_all(chat: Chat) -> () {
        files::download(&export_name("all", "json"), "application/json", &chat.export_all_json());
    }
);

crate::split!(
    transfer,
    preload_transfer_one,
    fn export_conversation(chat: Chat, id: ConversationId, markdown: bool, lang: crate::i18n::Lang) -> () {
        let title = chat.conversation(&id).map(|c| c.title).unwrap_or_default();
        let name = if title.trim().is_empty() {
            "conversation".to_string()
        } else {
            title
        };
        if markdown {
            if let Some(text) = chat.export_markdown(&id, lang) {
                files::download(&export_name(&name, "md"), "text/markdown", &text);
            }
        } else if let Some(text) = chat.export_json(&id) {
            files::download(&export_name(&name, "json"), "application/json", &text);
        }
    }
);

crate::split!(
    transfer,
    preload_import_chosen,
    /// Reads the file chosen in `input` and imports it; `outcome` says how that went.
    fn import_chosen(
        state: AppState,
        input: web_sys::HtmlInputElement,
        outcome: RwSignal<Option<(bool, String)>>,
    ) -> () {
        leptos::task::spawn_local(async move {
            let Some((name, text)) = files::read_chosen_file(&input).await else {
                return;
            };
            input.set_value("");
            outcome.try_set(Some(import_file(state, name, text)));
        });
    }
);

fn import_file(state: AppState, name: String, text: String) -> (bool, String) {
    let t = state.t();
    match state.chat.import(&text) {
        Ok(done) => (
            true,
            t.imported
                .replace("{added}", &done.added.to_string())
                .replace("{updated}", &done.updated.to_string())
                .replace("{skipped}", &done.skipped.to_string()),
        ),
        Err(e) => (
            false,
            t.import_failed
                .replace("{file}", &name)
                .replace("{reason}", &import_reason(t, &e)),
        ),
    }
}

fn import_reason(t: &Texts, e: &ImportError) -> String {
    match e {
        ImportError::NotJson(_) => t.import_not_json.to_string(),
        ImportError::NotOurFormat => t.import_not_ours.to_string(),
        ImportError::UnsupportedVersion { .. } => t.import_too_new.to_string(),
        ImportError::InvalidConversation { position, problem, .. } => t
            .import_invalid
            .replace("{n}", &position.to_string())
            .replace("{detail}", &problem.to_string()),
    }
}

crate::split!(
    conversation_list,
    preload_undo_toast,
    /// "Conversation deleted. Undo", for a few seconds after a delete.
    pub fn undo_toast_view() -> AnyView {
        let state = use_state();
        let chat = state.chat;
        view! {
            {move || {
                chat.undo
                    .with(|u| {
                        u.as_ref()
                            .map(|u| match u {
                                Undo::Conversation(_) => state.t().conversation_deleted,
                                Undo::Messages(_) => state.t().message_deleted,
                            })
                    })
                    .map(|text| {
                        view! {
                            <div class="gc-toast" role="status">
                                <span>{text}</span>
                                <button type="button" class="gc-action" on:click=move |_| chat.undo()>
                                    {move || state.t().undo}
                                </button>
                            </div>
                        }
                    })
            }}
        }
        .into_any()
    }
);

crate::split!(
    conversation_list,
    preload_export_menu,
    /// Export of the conversation on screen, as JSON or Markdown.
    pub fn export_menu_view() -> AnyView {
        let state = use_state();
        let chat = state.chat;
        let menu = NodeRef::<leptos::html::Details>::new();
        let export = move |markdown: bool| {
            if let Some(id) = chat.current.get_untracked() {
                export_one(&id, markdown);
            }
            if let Some(d) = menu.get_untracked() {
                d.set_open(false);
            }
        };
        view! {
            {show(
                move || chat.current.with(Option::is_some),
                move || {
                    view! {
                        <details class="gc-menu" node_ref=menu>
                            <summary class="gc-action gc-secondary">{move || state.t().export}</summary>
                            <div class="gc-menu-items">
                                <button type="button" class="gc-action gc-secondary" on:click=move |_| export(false)>
                                    {move || state.t().export_json}
                                </button>
                                <button type="button" class="gc-action gc-secondary" on:click=move |_| export(true)>
                                    {move || state.t().export_markdown}
                                </button>
                            </div>
                        </details>
                    }
                    .into_any()
                },
            )}
        }
        .into_any()
    }
);
