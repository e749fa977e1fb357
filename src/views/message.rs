//! One message on screen: the user's text, or the assistant's reply with all of its parts.

use glm_protocol::reply::{Reply, ReplyStatus};
use glm_protocol::wire::FinishReason;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::page;
use crate::state::use_state;
use crate::views::markdown_dom::MarkdownDom;
use crate::views::parts::{
    AudioPart, ContentFilters, ErrorPart, Notice, Reasoning, Sources, ToolCalls, UsagePart, Videos,
};

#[component]
pub fn UserMessage(text: RwSignal<String>) -> impl IntoView {
    let state = use_state();
    view! {
        <article class="gc-msg gc-msg-user" data-role="user" aria-label=move || state.t().you>
            <div class="gc-user-text">{move || text.get()}</div>
        </article>
    }
}

/// The user's answer to a function call, as sent to the model.
#[component]
pub fn ToolMessage(call: StoredValue<(String, String)>, text: RwSignal<String>) -> impl IntoView {
    let state = use_state();
    let (call_id, name) = call.get_value();
    view! {
        <article class="gc-msg gc-msg-tool" data-role="tool" data-tool-call-id=call_id>
            <p class="gc-tool-head">{move || state.t().tool_result} " · " <code>{name}</code></p>
            <pre class="gc-tool-args">{move || text.get()}</pre>
        </article>
    }
}

#[component]
pub fn AssistantMessage(id: u64, reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
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
            <Reasoning reply=reply />
            <ContentFilters reply=reply />
            <Show when=move || waiting.get()>
                <p class="gc-waiting" role="status">
                    <span class="gc-dots" aria-hidden="true"></span>
                    {move || state.t().waiting}
                </p>
            </Show>
            <Content reply=reply hidden=concealed.into() />
            <ToolCalls reply=reply />
            <AudioPart reply=reply />
            <Videos reply=reply />
            <Sources reply=reply />
            <Notice id=id reply=reply revealed=revealed />
            <ErrorPart id=id reply=reply />
            <div class="gc-msg-foot">
                <UsagePart reply=reply />
                <Show when=move || {
                    status.get() != ReplyStatus::Streaming && reply.with(|r| !r.content.is_empty()) && !concealed.get()
                }>
                    <CopyButton reply=reply />
                </Show>
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
    Effect::new(move |_| {
        let Some(container) = node.get() else { return };
        let copy_label = state.t().copy_code;
        reply.with(|r| {
            let text = r.visible_content();
            let finished = r.status != ReplyStatus::Streaming;
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

#[component]
fn CopyButton(reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
    let label = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        let text = reply.with_untracked(|r| r.visible_content());
        let t = state.t();
        leptos::task::spawn_local(async move {
            let ok = page::copy_text(&text).await;
            label.set(Some(if ok { t.copied } else { t.copy_failed }));
            set_timeout(move || label.set(None), std::time::Duration::from_millis(1500));
        });
    };
    view! {
        <button type="button" class="gc-action" aria-label=move || state.t().copy on:click=copy>
            {move || label.get().unwrap_or(state.t().copy)}
        </button>
    }
}
