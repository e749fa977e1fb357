//! The parts of a reply that describe how it went: reasoning, finish notices, errors and token usage.

use glm_protocol::reply::{Reply, ReplyStatus};
use glm_protocol::wire::FinishReason;
use leptos::prelude::*;

use crate::browser::storage;
use crate::chat::Row;
use crate::state::use_state;
use crate::views::bits::show;

pub use crate::views::results::{AudioPart, ContentFilters, Sources, ToolCalls, Videos};

/// Where the reader's open/closed choice for each reply's reasoning is kept (localStorage, under the app's
/// namespace): one `<conversation>/<message> 1|0` line per reply, the most recent last, at most `CHOICES_KEPT`.
/// Kept apart from the saved conversations, so their records, exports and merges are unchanged.
const CHOICES_KEY: &str = "reasoning-open";
const CHOICES_KEPT: usize = 300;

fn reasoning_choices() -> Vec<(String, bool)> {
    parse_choices(&storage::get(CHOICES_KEY).ok().flatten().unwrap_or_default())
}

/// The stored lines; anything unreadable is skipped (ids never contain spaces or line breaks).
fn parse_choices(text: &str) -> Vec<(String, bool)> {
    text.lines()
        .filter_map(|line| {
            let (key, open) = line.rsplit_once(' ')?;
            Some((key.to_string(), open == "1"))
        })
        .collect()
}

fn write_choices(choices: &[(String, bool)]) -> String {
    choices
        .iter()
        .map(|(key, open)| format!("{key} {}\n", u8::from(*open)))
        .collect()
}

/// Records `open` for `key` as the newest choice, forgetting the oldest beyond `CHOICES_KEPT`.
fn remember_choice(choices: &mut Vec<(String, bool)>, key: &str, open: bool) {
    choices.retain(|(k, _)| k != key);
    choices.push((key.to_string(), open));
    let extra = choices.len().saturating_sub(CHOICES_KEPT);
    choices.drain(..extra);
}

/// The model's reasoning, streamed into its own expandable panel above the answer: open while the model thinks,
/// collapsed to "Thought for N s" once the answer starts, unless the reader opened or closed it, which is remembered
/// per message (across re-renders, conversation switches and reloads).
#[component]
pub fn Reasoning(row: Row, reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
    let key = state
        .chat
        .current
        .get_untracked()
        .map(|c| format!("{}/{}", c.as_str(), row.id.with_value(|m| m.as_str().to_string())));
    let chosen = RwSignal::new(key.as_ref().and_then(|k| {
        reasoning_choices()
            .into_iter()
            .find_map(|(id, open)| (&id == k).then_some(open))
    }));
    let details = NodeRef::<leptos::html::Details>::new();
    // A click on the summary (keyboards click it too) is the reader's choice. The panel follows `chosen`, so the
    // browser's own toggle is cancelled: it would come after the change and undo it.
    let on_toggle = move |ev: web_sys::MouseEvent| {
        ev.prevent_default();
        let Some(el) = details.get_untracked() else { return };
        let open = !el.open();
        chosen.set(Some(open));
        if let Some(k) = &key {
            let mut choices = reasoning_choices();
            remember_choice(&mut choices, k, open);
            let _ = storage::set(CHOICES_KEY, &write_choices(&choices));
        }
    };
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
            (false, Some(ms)) => crate::format::thought_for(ms, t),
            (false, None) => t.reasoning.to_string(),
        }
    };
    view! {
        {show(
            move || text.with(|t| !t.trim().is_empty()),
            move || {
                view! {
                    <details
                        class="gc-reasoning"
                        data-part="reasoning"
                        node_ref=details
                        prop:open=move || chosen.get().unwrap_or_else(|| thinking.get())
                    >
                        <summary on:click=on_toggle.clone()>{summary}</summary>
                        <div class="gc-reasoning-text">{move || text.get()}</div>
                    </details>
                }
                .into_any()
            },
        )}
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
                let (title, advice) = error_texts(t, &e, lang);
                let detail = e.message.clone().filter(|m| !m.trim().is_empty() && code != crate::chat::NOT_SENT_CODE);
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
                let n = |label: &str, value: u64| format!("{label} {}", crate::format::count(value));
                let mut parts = vec![
                    n(t.tokens_prompt, u.prompt_tokens),
                    n(t.tokens_completion, u.completion_tokens),
                    n(t.tokens_total, u.total_tokens),
                ];
                if let Some(c) = u.cached_tokens() {
                    parts.push(n(t.tokens_cached, c));
                }
                if let Some(r) = u.reasoning_tokens() {
                    parts.push(n(t.tokens_reasoning, r));
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

/// An error's title and advice as the error box words them (the live region says the title): the page's own
/// errors (no key, settings not valid, key refusals, a part of the app that could not be downloaded, a browser that
/// cannot send) in their own words, the API's by kind.
pub fn error_texts(
    t: &'static crate::i18n::Texts,
    e: &glm_protocol::error::ApiError,
    lang: crate::i18n::Lang,
) -> (&'static str, String) {
    let (title, advice) = match e.data_code().as_str() {
        crate::chat::CODE_NO_KEY => (t.no_key_title, t.no_key_advice),
        crate::chat::NOT_SENT_CODE => {
            return (
                t.not_sent_title,
                crate::views::params::not_sent_advice(t, e.message.as_deref()),
            );
        }
        crate::key::CODE_LOCKED => (t.key_locked_title, t.key_locked_advice),
        crate::key::CODE_ORIGIN => (t.key_origin_title, t.key_origin_advice),
        crate::key::CODE_FORMAT => (t.key_format_title, t.key_format_advice),
        crate::chat::CODE_APP_DOWNLOAD => (t.app_download_title, t.app_download_advice),
        crate::chat::CODE_NO_FETCH => (t.no_fetch_title, t.no_fetch_advice),
        _ => (e.title(lang), e.advice(lang)),
    };
    (title, advice.to_string())
}

#[cfg(test)]
mod tests {
    use super::{CHOICES_KEPT, parse_choices, remember_choice, write_choices};

    #[test]
    fn reasoning_choices_keep_the_latest_per_message_and_forget_the_oldest() {
        let mut choices = vec![("c/m1".to_string(), true), ("c/m2".to_string(), false)];
        remember_choice(&mut choices, "c/m1", false);
        assert_eq!(choices, vec![("c/m2".to_string(), false), ("c/m1".to_string(), false)]);
        for i in 0..CHOICES_KEPT {
            remember_choice(&mut choices, &format!("d/m{i}"), true);
        }
        assert_eq!(choices.len(), CHOICES_KEPT);
        assert_eq!(choices[0].0, "d/m0", "the two oldest were forgotten");
        assert_eq!(parse_choices(&write_choices(&choices)), choices);
        assert_eq!(
            parse_choices("a/m1 1\nbroken\nb/m2 0\n"),
            vec![("a/m1".into(), true), ("b/m2".into(), false)]
        );
    }
}
