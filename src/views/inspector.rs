//! The request inspector: for one reply, the request body that was sent, the same request as a `curl` command
//! (the key as `$GLM_API_KEY`), and the raw response. Also the message action that opens it and the retry notice.

use glm_protocol::inspect::pretty_json;
use leptos::html::Dialog;
use leptos::prelude::*;

use crate::browser::page;
use crate::chat::Row;
use crate::request_log::ReplyKey;
use crate::state::use_state;
use crate::views::bits::show;
use crate::views::bits::{flag, tr};

/// The key of `row`'s reply in the request log (tracked: the current conversation).
fn reply_key(row: Row) -> Option<ReplyKey> {
    let state = use_state();
    Some((state.chat.current.get()?, row.id.get_value()))
}

/// "Inspect": shown on a reply whose request this tab sent.
#[component]
pub fn InspectButton(row: Row) -> impl IntoView {
    let state = use_state();
    let log = state.chat.log;
    let key = Memo::new(move |_| reply_key(row).filter(|k| log.has(k)));
    view! {
        {show(
            move || key.with(Option::is_some),
            move || {
                view! {
                    <button
                        type="button"
                        class="gc-action gc-secondary"
                        aria-label=tr(|t| t.inspect_request)
                        on:click=move |_| log.inspecting.set(key.get_untracked())
                    >
                        {tr(|t| t.inspect)}
                    </button>
                }
                .into_any()
            },
        )}
    }
}

/// "Retrying in 2 s… (attempt 2 of 3)" with Cancel, on the reply being retried.
#[component]
pub fn RetryNotice(row: Row) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let notice = Memo::new(move |_| {
        let key = reply_key(row)?;
        chat.log.retry.with(|n| n.as_ref().filter(|n| n.reply == key).cloned())
    });
    view! {
        {move || notice.get().map(|n| {
            let (t, lang) = (state.t(), state.lang.get());
            let fill = |s: &str| {
                s.replace("{s}", &n.seconds.to_string()).replace("{n}", &n.attempt.to_string()).replace("{m}", &n.of.to_string())
            };
            let why = format!("{} ({}).", n.error.title(lang), n.error.data_code());
            view! {
                <div class="gc-retry" data-part="retry" data-attempt=n.attempt data-code=n.error.data_code()>
                    // The countdown ticks every second: screen readers hear the sentence once, without it.
                    <p role="status">
                        {why} " "
                        <span aria-hidden="true">{fill(t.retrying_in)}</span>
                        <span class="gc-visually-hidden">{fill(t.retrying_soon)}</span>
                    </p>
                    <button type="button" class="gc-action gc-secondary" on:click=move |_| chat.stop()>{t.cancel}</button>
                </div>
            }
        })}
    }
}

#[component]
pub fn InspectorDialog() -> impl IntoView {
    let state = use_state();
    let log = state.chat.log;
    let dialog = NodeRef::<Dialog>::new();
    // A native modal dialog: focus is trapped inside, Escape closes it, focus goes back to the opener.
    crate::reactive::effect(move || {
        let open = log.inspecting.with(Option::is_some);
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                let _ = d.show_modal();
            } else if !open && d.open() {
                d.close();
            }
        }
    });
    let exchange = Memo::new(move |_| log.inspecting.get().and_then(|k| log.get(&k)));
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let Some(curl) = exchange.with_untracked(|e| e.as_ref().map(|e| e.curl())) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let ok = page::copy_text(&curl).await;
            copied.try_set(Some(ok));
            set_timeout(
                move || {
                    copied.try_set(None);
                },
                std::time::Duration::from_millis(1500),
            );
        });
    };
    // One text per part, read from the exchange shown; the structure is static (small in the wasm).
    let part = move |f: fn(&'static crate::i18n::Texts, &crate::request_log::Exchange) -> String| {
        Signal::derive(move || exchange.with(|e| e.as_ref().map(|e| f(state.t(), e)).unwrap_or_default()))
    };
    let missing = flag(move || exchange.with(Option::is_none));
    view! {
        <dialog
            class="gc-dialog gc-inspector"
            node_ref=dialog
            aria-labelledby="gc-inspector-title"
            on:close=move |_| log.inspecting.set(None)
        >
            <div class="gc-dialog-head">
                <h2 id="gc-inspector-title">{tr(|t| t.request_details)}</h2>
                <button type="button" class="gc-icon-button" aria-label=tr(|t| t.close) on:click=move |_| log.inspecting.set(None)>
                    "✕"
                </button>
            </div>
            <div class="gc-form">
                <p hidden=flag(move || !missing.get() || log.inspecting.with(Option::is_none))>{tr(|t| t.request_gone)}</p>
                <div class="gc-inspect" hidden=missing>
                    <div class="gc-row gc-buttons">
                        <button type="button" class="gc-action" on:click=copy>
                            {move || {
                                let t = state.t();
                                match copied.get() {
                                    Some(true) => t.copied,
                                    Some(false) => t.copy_failed,
                                    None => t.copy_as_curl,
                                }
                            }}
                        </button>
                    </div>
                    <p class="gc-inspect-line"><code>{part(|_, e| format!("POST {}", e.url))}</code></p>
                    <p class="gc-hint">{part(|t, e| t.attempt_of.replace("{n}", &e.attempt.to_string()))}</p>
                    <h3>{tr(|t| t.request_body)}</h3>
                    <pre class="gc-inspect-pre" data-part="request-body" tabindex="0">
                        {part(|_, e| pretty_json(&e.body).unwrap_or_else(|| e.body.clone()))}
                    </pre>
                    <h3>"curl"</h3>
                    <pre class="gc-inspect-pre" data-part="curl" tabindex="0">{part(|_, e| e.curl())}</pre>
                    <h3>
                        {tr(|t| t.raw_response)} " · "
                        <span data-part="response-status">
                            {part(|t, e| e.status.map(|s| format!("HTTP {s}")).unwrap_or_else(|| t.no_response.to_string()))}
                        </span>
                    </h3>
                    <pre class="gc-inspect-pre" data-part="response" tabindex="0">{part(|_, e| e.response.clone())}</pre>
                    <p class="gc-hint">
                        {part(|t, e| {
                            e.truncated
                                .map(|(kept, total)| {
                                    t.response_truncated.replace("{kept}", &kept.to_string()).replace("{total}", &total.to_string())
                                })
                                .unwrap_or_default()
                        })}
                    </p>
                </div>
            </div>
        </dialog>
    }
}

crate::split!(
    inspector,
    preload_inspector,
    pub fn inspector_view() -> AnyView {
        view! { <InspectorDialog /> }.into_any()
    }
);
