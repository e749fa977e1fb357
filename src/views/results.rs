//! The data a reply can carry besides text: sources, moderation verdicts, tool calls, audio and video.
//! Every string here is untrusted: it is rendered as text, and only checked URLs become links or media.

use glm_markdown::{safe_image, safe_link};
use glm_protocol::reply::Reply;
use glm_protocol::wire::ToolCall;
use leptos::prelude::*;

use crate::chat::pending_tool_calls;
use crate::state::use_state;
use crate::views::bits::show;
use crate::views::markdown_dom::normalise_refer;

/// The web search results, numbered to match the inline citations; collapsed when there are many.
#[component]
pub fn Sources(reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
    let results = Memo::new(move |_| reply.with(|r| r.web_search.clone()));
    view! {
        {show(
            move || results.with(|r| !r.is_empty()),
            move || {
                view! {
                    <details class="gc-sources" data-part="sources" prop:open=move || results.with(|r| r.len() <= 4)>
                        <summary>{move || format!("{} ({})", state.t().sources, results.with(Vec::len))}</summary>
                        <ol>
                            {move || {
                                results
                                    .get()
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, s)| {
                                        let href = safe_link(&s.link);
                                        let icon = safe_image(&s.icon).filter(|u| u.starts_with("https:"));
                                        let title = if s.title.trim().is_empty() { s.link.clone() } else { s.title.clone() };
                                        let meta = [s.media.trim(), s.publish_date.trim()]
                                            .into_iter()
                                            .filter(|x| !x.is_empty())
                                            .collect::<Vec<_>>()
                                            .join(" · ");
                                        view! {
                                            <li data-refer=normalise_refer(&s.refer, i) value=(i + 1).to_string()>
                                                {icon.map(|src| view! {
                                                    // An icon that cannot be loaded goes, rather than leaving a blank gap before the title.
                                                    <img class="gc-source-icon" src=src alt="" width="16" height="16" referrerpolicy="no-referrer" loading="lazy"
                                                        on:error=|ev: web_sys::ErrorEvent| hide_target(&ev) />
                                                })}
                                                {match href {
                                                    Some(h) => view! {
                                                        <a href=h target="_blank" rel="noopener noreferrer">{title}</a>
                                                    }.into_any(),
                                                    None => view! { <span>{title}</span> }.into_any(),
                                                }}
                                                <span class="gc-source-meta">{meta}</span>
                                                <p class="gc-source-snippet">{s.content.clone()}</p>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </ol>
                    </details>
                }
                .into_any()
            },
        )}
    }
}

/// One warning per moderation verdict: what was flagged and how severe (level 0 is the most severe).
#[component]
pub fn ContentFilters(reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
    let filters = Memo::new(move |_| reply.with(|r| r.content_filter.clone()));
    view! {
        {move || {
            let t = state.t();
            filters
                .get()
                .into_iter()
                .map(|f| {
                    let what = match f.role.as_str() {
                        "assistant" => t.filter_role_assistant,
                        "user" => t.filter_role_user,
                        "history" => t.filter_role_history,
                        _ => t.filter_role_other,
                    };
                    let level = f.level.map(|l| l.to_string()).unwrap_or_default();
                    let severity = f.level.and_then(|l| usize::try_from(l).ok()).and_then(|l| t.filter_level.get(l).copied());
                    let text = match severity {
                        Some(s) => t.filter_sentence.replace("{what}", what).replace("{level}", s),
                        None => t.filter_sentence_no_level.replace("{what}", what),
                    };
                    view! {
                        <p class="gc-filter" data-part="content-filter" data-filter-role=f.role.clone() data-filter-level=level role="note">
                            <span aria-hidden="true">"⚠ "</span>
                            {text}
                        </p>
                    }
                })
                .collect_view()
        }}
    }
}

/// Function and MCP tool calls as cards with pretty-printed arguments; a function call still waiting for its
/// result has a form to answer it.
#[component]
pub fn ToolCalls(reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
    let calls = Memo::new(move |_| reply.with(|r| r.tool_calls.clone()));
    view! {
        {move || {
            calls
                .get()
                .into_iter()
                .map(|c| {
                    let answer = c
                        .function
                        .as_ref()
                        .and_then(|f| Some((c.id.clone()?, f.name.clone().unwrap_or_default())))
                        .map(|(id, name)| view! { <ToolAnswer call_id=id name=name /> });
                    view! {
                        {tool_card(state.t(), c)}
                        {answer}
                    }
                })
                .collect_view()
        }}
    }
}

/// The form that sends a function's result back to the model, shown while that call waits for one.
#[component]
fn ToolAnswer(call_id: String, name: String) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let draft = RwSignal::new(String::new());
    let id = StoredValue::new((call_id, name));
    let pending = Memo::new(move |_| {
        chat.rows
            .with(|rows| id.with_value(|(call, _)| pending_tool_calls(rows).iter().any(|(p, _)| p == call)))
    });
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let (call, name) = id.get_value();
        if chat.answer_tool(call, name, draft.get_untracked(), state.target()) {
            draft.set(String::new());
        }
    };
    view! {
        {show(
            move || pending.get(),
            move || {
                view! {
                    <form class="gc-tool-answer" data-part="tool-result-form" on:submit=submit>
                        <textarea
                            rows="2"
                            aria-label=move || format!("{} · {}", state.t().tool_result, id.with_value(|(_, n)| n.clone()))
                            placeholder=move || state.t().tool_result_placeholder
                            prop:value=move || draft.get()
                            on:input=move |ev| draft.set(event_target_value(&ev))
                        ></textarea>
                        <button
                            type="submit"
                            class="gc-action"
                            disabled=move || chat.busy.get() || draft.with(|d| d.trim().is_empty())
                        >
                            {move || state.t().send_result}
                        </button>
                    </form>
                }
                .into_any()
            },
        )}
    }
}

fn tool_card(t: &'static crate::i18n::Texts, call: ToolCall) -> impl IntoView {
    let (name, body) = match (&call.function, &call.mcp) {
        (Some(f), _) => (
            f.name.clone().unwrap_or_default(),
            pretty(f.arguments.as_deref().unwrap_or("")),
        ),
        (None, Some(m)) => {
            let mut lines = Vec::new();
            if let Some(label) = &m.server_label {
                lines.push(format!("{}: {label}", t.mcp_server));
            }
            if let Some(kind) = &m.kind {
                lines.push(format!("{}: {kind}", t.mcp_type));
            }
            for tool in &m.tools {
                lines.push(format!(
                    "• {} {}",
                    tool.name,
                    tool.description.clone().unwrap_or_default()
                ));
            }
            if let Some(args) = &m.arguments {
                lines.push(format!("{}: {}", t.mcp_arguments, pretty(args)));
            }
            if let Some(output) = &m.output {
                lines.push(format!(
                    "{}: {}",
                    t.mcp_output,
                    serde_json::to_string_pretty(output).unwrap_or_default()
                ));
            }
            if let Some(error) = &m.error {
                lines.push(format!("{}: {error}", t.mcp_error));
            }
            (
                m.name
                    .clone()
                    .or_else(|| m.server_label.clone())
                    .unwrap_or_else(|| "mcp".into()),
                lines.join("\n"),
            )
        }
        (None, None) => (call.kind.clone().unwrap_or_default(), String::new()),
    };
    let name_attr = name.clone();
    view! {
        <div class="gc-tool" data-part="tool-call" data-tool-name=name_attr>
            <p class="gc-tool-head">
                <span>{t.tool_call}</span>
                " "
                <code>{name}</code>
            </p>
            <pre class="gc-tool-args" aria-label=t.arguments>{body}</pre>
        </div>
    }
}

/// Arguments pretty-printed when they are JSON, shown as sent otherwise (e.g. while still streaming).
fn pretty(args: &str) -> String {
    serde_json::from_str::<serde_json::Value>(args)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| args.to_string())
}

/// A spoken reply (glm-4-voice): a player, a download link and when the audio expires.
#[component]
pub fn AudioPart(reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
    let audio = Memo::new(move |_| reply.with(|r| r.audio.clone()));
    let done = Memo::new(move |_| reply.with(|r| r.status != glm_protocol::reply::ReplyStatus::Streaming));
    view! {
        {move || {
            let t = state.t();
            audio.get().filter(|_| done.get()).and_then(|a| {
                let data = a.data.filter(|d| is_base64(d))?;
                let src = format!("data:audio/wav;base64,{data}");
                // The machine-readable time in `datetime`, the reader's own in the text (their language and time zone).
                let expires = a
                    .expires_at
                    .map(|e| (format_unix(e), crate::browser::page::local_date_time(e as f64 * 1000.0, state.lang.get())));
                Some(view! {
                    <div class="gc-audio" data-part="audio">
                        <audio controls src=src.clone() aria-label=t.audio_reply></audio>
                        <a href=src download="glm-reply.wav">{t.download_audio}</a>
                        {expires.map(|(iso, shown)| {
                            view! {
                                <span class="gc-source-meta">{t.expires} " " <time datetime=iso>{shown}</time></span>
                            }
                        })}
                    </div>
                })
            })
        }}
    }
}

fn is_base64(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\n' | b'\r'))
}

/// A unix timestamp as an ISO 8601 UTC time, `YYYY-MM-DDTHH:MMZ`, without a date library.
fn format_unix(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}Z", rem / 3600, rem % 3600 / 60)
}

/// Generated videos, with the cover image as poster. Only https media are loaded.
#[component]
pub fn Videos(reply: RwSignal<Reply>) -> impl IntoView {
    let state = use_state();
    let videos = Memo::new(move |_| reply.with(|r| r.videos.clone()));
    view! {
        {move || {
            let t = state.t();
            videos
                .get()
                .into_iter()
                .filter_map(|v| {
                    let url = safe_link(&v.url).filter(|u| u.starts_with("https:"))?;
                    let poster = v.cover_image_url.as_deref().and_then(safe_image).unwrap_or_default();
                    Some(view! {
                        <div class="gc-video" data-part="video">
                            <video controls preload="none" src=url.clone() poster=poster aria-label=t.video_result></video>
                            <a href=url target="_blank" rel="noopener noreferrer">{t.video_result}</a>
                        </div>
                    })
                })
                .collect_view()
        }}
    }
}

/// Hides the element an event happened on (an image that failed to load).
fn hide_target(ev: &web_sys::Event) {
    use wasm_bindgen::JsCast;
    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        el.set_hidden(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_format_as_utc_dates() {
        assert_eq!(format_unix(0), "1970-01-01T00:00Z");
        assert_eq!(format_unix(1_749_187_238), "2025-06-06T05:20Z");
        assert_eq!(format_unix(951_782_400), "2000-02-29T00:00Z");
    }

    #[test]
    fn arguments_are_pretty_printed_when_json() {
        assert_eq!(pretty(r#"{"city":"Beijing"}"#), "{\n  \"city\": \"Beijing\"\n}");
        assert_eq!(pretty(r#"{"city":"Bei"#), r#"{"city":"Bei"#);
    }

    #[test]
    fn only_base64_becomes_an_audio_source() {
        assert!(is_base64("UklGRiQAAABXQVZF"));
        assert!(!is_base64("x\" onerror=alert(1)"));
        assert!(!is_base64(""));
    }
}
