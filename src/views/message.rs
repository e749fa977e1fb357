//! One message on screen: the user's text, or the assistant's reply with all of its parts.

use glm_protocol::reply::{Reply, ReplyStatus};
use glm_protocol::wire::FinishReason;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::page;
use crate::chat::Row;
use crate::state::use_state;
use crate::views::attachments::MessageAttachments;
use crate::views::bits::{show, show_else};
use crate::views::inspector::{InspectButton, RetryNotice};
use crate::views::markdown_dom::MarkdownDom;
use crate::views::parts::{
    AudioPart, ContentFilters, ErrorPart, Notice, Reasoning, Sources, ToolCalls, UsagePart, Videos,
};

#[component]
pub fn UserMessage(row: Row, text: RwSignal<String>) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let editing = RwSignal::new(None::<String>);
    let save = move || {
        if let Some(draft) = editing.get_untracked()
            && chat.edit(row, draft, state.target())
        {
            editing.set(None);
        }
    };
    view! {
        <article class="gc-msg gc-msg-user" data-role="user" aria-label=move || state.t().you>
            <MessageAttachments row=row />
            {show_else(
                move || editing.with(Option::is_some),
                move || {
                    view! {
                        <form class="gc-edit" on:submit=move |ev| {
                            ev.prevent_default();
                            save();
                        }>
                            <textarea
                                class="gc-input"
                                aria-label=move || state.t().edit
                                prop:value=move || editing.get().unwrap_or_default()
                                on:input=move |ev| editing.set(Some(event_target_value(&ev)))
                                on:keydown=move |ev: web_sys::KeyboardEvent| {
                                    if ev.key() == "Escape" {
                                        ev.prevent_default();
                                        editing.set(None);
                                    }
                                }
                            ></textarea>
                            <div class="gc-edit-actions">
                                <button type="submit" class="gc-action" disabled=move || chat.busy.get()>
                                    {move || state.t().save_and_send}
                                </button>
                                <button type="button" class="gc-action gc-secondary" on:click=move |_| editing.set(None)>
                                    {move || state.t().cancel}
                                </button>
                            </div>
                        </form>
                    }
                    .into_any()
                },
                move || view! { <div class="gc-user-text" data-part="text">{move || text.get()}</div> }.into_any(),
            )}
            <div class="gc-msg-foot">
                <BranchSwitch row=row />
                <CopyText text=Signal::derive(move || text.get()) />
                <button
                    type="button"
                    class="gc-action"
                    disabled=move || chat.busy.get()
                    on:click=move |_| editing.set(Some(text.get_untracked()))
                >
                    {move || state.t().edit}
                </button>
                <DeleteButton row=row />
            </div>
        </article>
    }
}

/// The user's answer to a function call, as sent to the model.
#[component]
pub fn ToolMessage(row: Row, call: StoredValue<(String, String)>, text: RwSignal<String>) -> impl IntoView {
    let state = use_state();
    let (call_id, name) = call.get_value();
    view! {
        <article class="gc-msg gc-msg-tool" data-role="tool" data-tool-call-id=call_id>
            <p class="gc-tool-head">{move || state.t().tool_result} " · " <code>{name}</code></p>
            <pre class="gc-tool-args">{move || text.get()}</pre>
            <div class="gc-msg-foot">
                <DeleteButton row=row />
            </div>
        </article>
    }
}

/// "‹ 2 / 3 ›": which version of a message is shown, when it has alternatives (edits, regenerated answers).
#[component]
fn BranchSwitch(row: Row) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    view! {
        {show(
            move || row.branch.with(|(_, n)| *n > 1),
            move || {
                view! {
                    <span class="gc-branch" data-part="branch">
                        <button
                            type="button"
                            class="gc-icon-button gc-small"
                            aria-label=move || state.t().previous_version
                            disabled=move || chat.busy.get() || row.branch.with(|(i, _)| *i <= 1)
                            on:click=move |_| chat.switch_branch(row, -1)
                        >
                            "‹"
                        </button>
                        <span class="gc-branch-pos">{move || row.branch.with(|(i, n)| format!("{i} / {n}"))}</span>
                        <button
                            type="button"
                            class="gc-icon-button gc-small"
                            aria-label=move || state.t().next_version
                            disabled=move || chat.busy.get() || row.branch.with(|(i, n)| i >= n)
                            on:click=move |_| chat.switch_branch(row, 1)
                        >
                            "›"
                        </button>
                    </span>
                }
                .into_any()
            },
        )}
    }
}

#[component]
fn DeleteButton(row: Row) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    view! {
        <button type="button" class="gc-action gc-secondary" on:click=move |_| chat.delete_message(row)>
            {move || state.t().delete}
        </button>
    }
}

#[component]
pub fn AssistantMessage(row: Row, reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let status = Memo::new(move |_| reply.with(|r| r.status));
    let revealed = RwSignal::new(false);
    // Text withheld by moderation stays hidden (and is not offered for copying) until the reader shows it.
    let concealed = Memo::new(move |_| reply.with(|r| r.finish == Some(FinishReason::Sensitive)) && !revealed.get());
    let waiting = Memo::new(move |_| {
        reply.with(|r| r.status == ReplyStatus::Streaming && r.content.is_empty() && r.reasoning.is_empty())
    });
    view! {
        <article
            class="gc-msg gc-msg-assistant"
            data-role="assistant"
            data-status=move || status.get().as_str()
            aria-busy=move || (status.get() == ReplyStatus::Streaming).to_string()
            aria-label=move || state.t().assistant
        >
            <Reasoning row=row reply=reply />
            <ContentFilters reply=reply />
            {show(
                move || waiting.get() && chat.log.retry.with(Option::is_none),
                move || {
                    view! {
                        <p class="gc-waiting" role="status">
                            <span class="gc-dots" aria-hidden="true"></span>
                            {move || state.t().waiting}
                        </p>
                    }
                    .into_any()
                },
            )}
            <RetryNotice row=row />
            <Content reply=reply hidden=concealed.into() />
            <ToolCalls reply=reply />
            <AudioPart reply=reply />
            <Videos reply=reply />
            <Sources reply=reply />
            <Notice row=row reply=reply revealed=revealed />
            <ErrorPart row=row reply=reply />
            <div class="gc-msg-foot">
                <UsagePart reply=reply />
                <BranchSwitch row=row />
                {show(
                    move || {
                    status.get() != ReplyStatus::Streaming && reply.with(|r| !r.content.is_empty()) && !concealed.get()
                },
                    move || {
                        view! {
                            <CopyText text=Signal::derive(move || reply.with(|r| r.visible_content())) />
                        }
                        .into_any()
                    },
                )}
                {show(
                    move || status.get() != ReplyStatus::Streaming,
                    move || {
                        view! {
                            <button
                                type="button"
                                class="gc-action"
                                disabled=move || chat.busy.get()
                                on:click=move |_| chat.regenerate(row, state.target())
                            >
                                {move || state.t().regenerate}
                            </button>
                            <InspectButton row=row />
                            <DeleteButton row=row />
                        }
                        .into_any()
                    },
                )}
            </div>
        </article>
    }
}

/// The answer as Markdown. Finished blocks keep their DOM; only the growing tail is rebuilt each frame.
#[component]
fn Content(reply: RwSignal<Reply>, hidden: Signal<bool>) -> impl IntoView {
    let state = use_state();
    let node = NodeRef::<Div>::new();
    let dom = StoredValue::new_local(MarkdownDom::new());
    crate::reactive::effect(move || {
        let Some(container) = node.get() else { return };
        let copy_label = state.t().copy_code;
        reply.with(|r| {
            let finished = r.status != ReplyStatus::Streaming;
            // A finished answer that is only JSON (response_format json_object) reads best indented, as code.
            let text = r.visible_content();
            let text = finished
                .then(|| glm_protocol::inspect::json_answer(&text))
                .flatten()
                .unwrap_or(text);
            dom.update_value(|d| {
                let _ = d.sync(&container, &text, finished, &r.web_search, copy_label);
            });
        });
    });
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(button) = page::closest(ev.target(), "[data-copy-code]") else {
            return;
        };
        let code = button
            .closest(".gc-code")
            .ok()
            .flatten()
            .and_then(|block| block.query_selector("pre").ok().flatten())
            .and_then(|pre| pre.text_content())
            .unwrap_or_default();
        let t = state.t();
        leptos::task::spawn_local(async move {
            let ok = page::copy_text(&code).await;
            flash_label(
                button.unchecked_into(),
                if ok { t.copied } else { t.copy_failed },
                t.copy_code,
            );
        });
    };
    view! { <div class="gc-content" data-part="content" node_ref=node hidden=move || hidden.get() on:click=on_click></div> }
}

/// Shows `flash` on a button for a moment, then `normal` again.
fn flash_label(button: web_sys::HtmlElement, flash: &'static str, normal: &'static str) {
    button.set_text_content(Some(flash));
    set_timeout(
        move || button.set_text_content(Some(normal)),
        std::time::Duration::from_millis(1500),
    );
}

/// Copies a message as Markdown (its source text), and says so for a moment.
#[component]
fn CopyText(text: Signal<String>) -> impl IntoView {
    let state = use_state();
    let label = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        let text = text.get_untracked();
        let t = state.t();
        leptos::task::spawn_local(async move {
            let ok = page::copy_text(&text).await;
            label.try_set(Some(if ok { t.copied } else { t.copy_failed }));
            set_timeout(
                move || {
                    label.try_set(None);
                },
                std::time::Duration::from_millis(1500),
            );
        });
    };
    view! {
        <button type="button" class="gc-action" aria-label=move || state.t().copy on:click=copy>
            {move || label.get().unwrap_or(state.t().copy)}
        </button>
    }
}
