//! The parts of a reply that describe how it went: reasoning, finish notices, errors and token usage.

use glm_protocol::reply::{Reply, ReplyStatus};
use glm_protocol::wire::FinishReason;
use leptos::prelude::*;

use crate::chat::Row;
use crate::state::use_state;

pub use crate::views::results::{AudioPart, ContentFilters, Sources, ToolCalls, Videos};

/// The model's reasoning, streamed into its own expandable panel above the answer.
#[component]
pub fn Reasoning(reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
    let text = Memo::new(move |_| {
        reply.with(|r| {
            if r.reasoning.is_empty() {
                r.inline_reasoning()
            } else {
                r.reasoning.clone()
            }
        })
    });
    // Open while the model thinks and nothing of the answer has arrived yet; the user's toggle wins after that.
    let thinking = Memo::new(move |_| reply.with(|r| r.status == ReplyStatus::Streaming && r.content.is_empty()));
    let thought_ms = Memo::new(move |_| reply.with(|r| r.thought_ms));
    let summary = move || {
        let t = state.t();
        match (thinking.get(), thought_ms.get()) {
            (true, _) => t.thinking_now.to_string(),
            // Under a tenth of a second reads as "0.0 s", as if nothing happened.
            (false, Some(ms)) => t.thought_for.replace("{}", &seconds_with_tenths(ms.max(100))),
            (false, None) => t.reasoning.to_string(),
        }
    };
    view! {
        <Show when=move || text.with(|t| !t.trim().is_empty())>
            <details class="gc-reasoning" data-part="reasoning" prop:open=move || thinking.get()>
                <summary>{summary}</summary>
                <div class="gc-reasoning-text">{move || text.get()}</div>
            </details>
        </Show>
    }
}

/// What a finish notice offers the reader.
#[derive(Clone, Copy, PartialEq)]
enum NoticeAction {
    Retry,
    Continue,
    Reveal,
    NewChat,
    Nothing,
}

/// What ended the reply, when it is worth telling: a cut, moderation, a failure or an interruption.
#[component]
pub fn Notice(row: Row, reply: RwSignal<Reply>, revealed: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    // `None` for the endings that need no notice; otherwise the `data-finish` value.
    let ending = Memo::new(move |_| {
        reply.with(|r| match (r.status, &r.finish) {
            (ReplyStatus::Interrupted, _) => Some(None),
            (ReplyStatus::Streaming, _) | (_, None) | (_, Some(FinishReason::Stop | FinishReason::ToolCalls)) => None,
            (_, Some(f)) => Some(Some(f.clone())),
        })
    });
    let retry = move |_| chat.retry(row, state.target());
    view! {
        {move || {
            ending.get()
                .map(|finish| {
                    let t = state.t();
                    let (hook, text, action) = match &finish {
                        None => ("interrupted".to_string(), t.finish_interrupted.to_string(), NoticeAction::Retry),
                        Some(f) => {
                            let (text, action) = match f {
                                FinishReason::Length => (t.finish_length.to_string(), NoticeAction::Continue),
                                FinishReason::Sensitive => (t.finish_sensitive.to_string(), NoticeAction::Reveal),
                                FinishReason::NetworkError => (t.finish_network_error.to_string(), NoticeAction::Retry),
                                FinishReason::ModelContextWindowExceeded => {
                                    (t.finish_context.to_string(), NoticeAction::NewChat)
                                }
                                other => (format!("{}: {}", t.finish_other, other.as_str()), NoticeAction::Nothing),
                            };
                            (f.as_str().to_string(), text, action)
                        }
                    };
                    let has_text = reply.with_untracked(|r| !r.content.is_empty());
                    view! {
                        <div class="gc-notice" data-part="notice" data-finish=hook role="note">
                            <span>{text}</span>
                            {match action {
                                NoticeAction::Retry => view! {
                                    <button type="button" class="gc-action" disabled=move || chat.busy.get() on:click=retry>
                                        {t.retry}
                                    </button>
                                }.into_any(),
                                NoticeAction::Continue => view! {
                                    <button
                                        type="button"
                                        class="gc-action"
                                        disabled=move || chat.busy.get()
                                        on:click=move |_| chat.continue_reply(row, state.target())
                                    >
                                        {t.continue_}
                                    </button>
                                }.into_any(),
                                NoticeAction::Reveal if has_text => view! {
                                    <button
                                        type="button"
                                        class="gc-action"
                                        aria-pressed=move || revealed.get().to_string()
                                        on:click=move |_| revealed.update(|v| *v = !*v)
                                    >
                                        {move || if revealed.get() { t.hide_again } else { t.show_anyway }}
                                    </button>
                                }.into_any(),
                                NoticeAction::NewChat => view! {
                                    <button type="button" class="gc-action" on:click=move |_| chat.new_chat()>
                                        {t.new_chat}
                                    </button>
                                }.into_any(),
                                NoticeAction::Reveal | NoticeAction::Nothing => ().into_any(),
                            }}
                        </div>
                    }
                })
        }}
    }
}

/// A failed request, in the assistant's place: what happened, what to do, and Retry.
#[component]
pub fn ErrorPart(row: Row, reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let error = Memo::new(move |_| reply.with(|r| r.error.clone()));
    view! {
        {move || {
            error.get().map(|e| {
                let lang = state.lang.get();
                let t = state.t();
                let code = e.data_code();
                let code_attr = code.clone();
                let (title, advice) = match code.as_str() {
                    "no_key" => (t.no_key_title, t.no_key_advice),
                    crate::key::CODE_LOCKED => (t.key_locked_title, t.key_locked_advice),
                    crate::key::CODE_ORIGIN => (t.key_origin_title, t.key_origin_advice),
                    crate::key::CODE_FORMAT => (t.key_format_title, t.key_format_advice),
                    _ => (e.title(lang), e.advice(lang)),
                };
                let detail = e.message.clone().filter(|m| !m.trim().is_empty());
                view! {
                    <div class="gc-error" data-part="error" data-code=code_attr role="alert">
                        <p class="gc-error-title">
                            <strong>{title}</strong>
                            <span class="gc-code-tag">{code}</span>
                        </p>
                        <p>{advice}</p>
                        {detail.map(|d| view! { <p class="gc-error-detail">{t.server_said} ": " {d}</p> })}
                        <div class="gc-error-actions">
                            <button
                                type="button"
                                class="gc-action"
                                disabled=move || chat.busy.get()
                                on:click=move |_| chat.retry(row, state.target())
                            >
                                {t.retry}
                            </button>
                            <button
                                type="button"
                                class="gc-action gc-secondary"
                                on:click=move |_| state.settings_open.set(true)
                            >
                                {t.settings}
                            </button>
                        </div>
                    </div>
                }
            })
        }}
    }
}

/// Token usage of the reply: prompt, completion, total, and cached and reasoning tokens when reported.
#[component]
pub fn UsagePart(reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
    let usage = Memo::new(move |_| reply.with(|r| r.usage));
    view! {
        {move || {
            usage.get().map(|u| {
                let t = state.t();
                let mut parts = vec![
                    format!("{} {}", t.tokens_prompt, u.prompt_tokens),
                    format!("{} {}", t.tokens_completion, u.completion_tokens),
                    format!("{} {}", t.tokens_total, u.total_tokens),
                ];
                if let Some(c) = u.cached_tokens() {
                    parts.push(format!("{} {c}", t.tokens_cached));
                }
                if let Some(r) = u.reasoning_tokens() {
                    parts.push(format!("{} {r}", t.tokens_reasoning));
                }
                view! {
                    <p class="gc-usage" data-part="usage" title=t.usage>
                        <span class="gc-visually-hidden">{t.usage} ": "</span>
                        {parts.join(" · ")}
                    </p>
                }
            })
        }}
    }
}

/// `1234` ms as `1.2` (rounded half up), in integer arithmetic: formatting an `f64` would bring the float
/// formatting code into the wasm (about 4 KB gzip) for this one label.
fn seconds_with_tenths(ms: u64) -> String {
    let tenths = (ms + 50) / 100;
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::seconds_with_tenths;

    #[test]
    fn thinking_time_reads_in_tenths_of_a_second() {
        assert_eq!(seconds_with_tenths(100), "0.1");
        assert_eq!(seconds_with_tenths(1249), "1.2");
        assert_eq!(seconds_with_tenths(1250), "1.3");
        assert_eq!(seconds_with_tenths(61_000), "61.0");
    }
}
