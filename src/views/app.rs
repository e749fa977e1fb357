//! The application shell: header, conversation list, messages, composer and the settings dialog.

use leptos::html::{Div, Section};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::browser::{page, storage, sw};

use crate::chat::RowBody;
use crate::config::{AppConfig, Mode};
use crate::persist::StoreProblem;
use crate::restore;
use crate::state::{AppState, persist_key, use_state};
use crate::views::bits::show;
use crate::views::composer::Composer;
use crate::views::deferred::deferred;
use crate::views::inspector::inspector_view;
use crate::views::message::{AssistantMessage, ToolMessage, UserMessage};
use crate::views::settings_dialog::settings_dialog_view;
use crate::views::shortcuts::{self, shortcuts_view};
use crate::views::sidebar::{Sidebar, export_all_button, export_menu_view, undo_toast_view};
use crate::views::unlock_dialog::key_dialogs_view;
use crate::views::update_prompt::UpdatePrompt;
use crate::views::welcome::Welcome;

/// Starts [`App`] once it can read what earlier visits saved and has the texts of its language: at once for an
/// English first visit, else after the `restore` chunk that reads saved data and the Chinese texts, as needed, have
/// been fetched (`restore::prepare`), and in an embedded widget its own `widget` chunk. Without the reader the app
/// does not start, since it would not know the saved settings and key and could write over them, nor does a widget
/// without its chunk: a notice says so, with Retry. Without the Chinese texts it starts in English and says so.
#[component]
pub fn Boot() -> impl IntoView {
    let ns = storage::current();
    let widget = crate::embed::embedded();
    if !restore::ready_now(&ns) || !crate::embed::part_ready() {
        let ready = RwSignal::new(None::<bool>);
        let ns = StoredValue::new(ns);
        let fetch = move || {
            let ns = ns.get_value();
            leptos::task::spawn_local(async move {
                let started = restore::prepare(&ns).await.is_ok() && crate::embed::fetch_part(widget).await.is_ok();
                ready.try_set(Some(started));
            });
        };
        fetch();
        let t = crate::i18n::texts(crate::i18n::lang_from_locale(&page::browser_locale()));
        return (move || match ready.get() {
            None => ().into_any(),
            Some(true) => untrack(|| view! { <App /> }).into_any(),
            Some(false) => view! {
                <div class="gc-app">
                    <div class="gc-banner gc-boot-error" role="alert" data-part="boot-error">
                        <p>{t.boot_failed}</p>
                        <button
                            type="button"
                            class="gc-action gc-secondary"
                            on:click=move |_| {
                                ready.set(None);
                                fetch();
                            }
                        >
                            {t.retry}
                        </button>
                    </div>
                </div>
            }
            .into_any(),
        })
        .into_any();
    }
    view! { <App /> }.into_any()
}

/// The whole app: the full page, or one embedded widget (its `AppConfig` and storage namespace come as context).
#[component]
pub fn App() -> impl IntoView {
    let config = AppConfig::current();
    provide_context(config.clone());
    let state = AppState::load();
    provide_context(state);
    persist_key(state);
    state.chat.open_storage(&storage::widget_id().unwrap_or_default());
    crate::embed::connect(state);
    // The page's title and its service worker belong to the page, never to a widget in someone else's page.
    let update = (!config.embedded()).then(|| {
        sync_document(state);
        sw::register(state.chat.busy)
    });
    // A request must not outlive the app (an embedded widget can be unmounted mid-reply).
    on_cleanup(move || state.chat.stop());
    let sidebar_open = RwSignal::new(false);
    let help_open = RwSignal::new(false);
    let root = NodeRef::<Div>::new();
    // The conversation list is a drawer over the chat when the app is narrow (760 px, style/app.css): while it is
    // open the chat behind it is inert (no focus, no clicks, hidden from screen readers) as behind a dialog, and a
    // click outside the drawer closes it.
    let narrow = RwSignal::new(false);
    let watch = StoredValue::new_local(None::<page::ResizeWatch>);
    let full_page = !config.embedded();
    crate::reactive::effect(move || {
        if let Some(el) = root.get() {
            if full_page {
                page::follow_visual_viewport(el.clone().into());
            }
            let measured = el.clone();
            watch.set_value(page::ResizeWatch::new(&el, move || {
                narrow.set(measured.client_width() <= 760)
            }));
        }
    });
    let drawer_open = Memo::new(move |_| sidebar_open.get() && narrow.get());
    if full_page {
        shortcuts::install(root, sidebar_open, drawer_open, help_open);
    }

    let app = view! {
        <div
            class="gc-app"
            node_ref=root
            on:click=move |ev| {
                if drawer_open.get_untracked()
                    && page::closest(ev.target(), ".gc-sidebar, .gc-sidebar-toggle").is_none()
                {
                    sidebar_open.set(false);
                }
            }
            class:gc-embedded=config.embedded()
            lang=move || if state.lang.get() == crate::i18n::Lang::Zh { "zh-CN" } else { "en" }
            data-theme=move || match state.settings.with(|s| s.theme) {
                crate::settings::Theme::System => "system",
                crate::settings::Theme::Light => "light",
                crate::settings::Theme::Dark => "dark",
            }
        >
            <Sidebar open=sidebar_open />
            <main class="gc-main" inert=move || drawer_open.get()>
                <header class="gc-header">
                    <button
                        type="button"
                        class="gc-icon-button gc-sidebar-toggle"
                        aria-label=move || state.t().toggle_sidebar
                        aria-expanded=move || sidebar_open.get().to_string()
                        on:click=move |_| {
                            sidebar_open.update(|o| *o = !*o);
                            // Into the drawer it opened, so Tab goes through the conversations, not the hidden chat.
                            if sidebar_open.get_untracked() {
                                shortcuts::focus_later(root, ".gc-new-chat");
                            }
                        }
                    >
                        "☰"
                    </button>
                    <h1 class="gc-title">{move || state.t().app_title}</h1>
                    <span class="gc-model" title=move || state.settings.with(|s| s.base_url.clone())>
                        {move || state.settings.with(|s| s.model.clone())}
                    </span>
                    // The export menu and the undo notice come with the conversation list's chunk: there is a
                    // conversation to export or a deletion to undo only once there are conversations.
                    {deferred(move || state.chat.current.with(Option::is_some), export_menu_view)}
                    <button
                        type="button"
                        class="gc-icon-button"
                        aria-label=move || state.t().keyboard_shortcuts
                        title=move || state.t().keyboard_shortcuts
                        on:click=move |_| help_open.set(true)
                    >
                        "⌨"
                    </button>
                    <button
                        type="button"
                        class="gc-icon-button"
                        aria-label=move || state.t().settings
                        title=move || state.t().settings
                        on:click=move |_| state.settings_open.set(true)
                    >
                        "⚙"
                    </button>
                </header>
                // Banners for rare moments (a new version waiting, a storage problem, a part that could not be
                // downloaded) come with the `notices` chunk when one is needed.
                {update.map(|update| deferred(move || update.ready.get(), move || update_prompt_view(update)))}
                {deferred(move || notice_wanted(state), storage_warning_view)}
                <Messages />
                {deferred(move || state.chat.undo.with(Option::is_some), undo_toast_view)}
                <Composer />
            </main>
            {deferred(move || state.settings_open.get(), settings_dialog_view)}
            {deferred(move || state.chat.log.inspecting.with(Option::is_some), inspector_view)}
            {deferred(move || help_open.get(), move || shortcuts_view(help_open))}
            {deferred(
                move || state.keyring.unlock_open.get() || state.keyring.origin_prompt.with(Option::is_some),
                key_dialogs_view,
            )}
        </div>
    };
    if config.mode == Mode::Launcher {
        match restore::poll_now(crate::embed::launcher_view(app.into_any())) {
            Some(Ok(view)) => view,
            // Not reached: a widget starts only once its chunk is here (`Boot`).
            _ => ().into_any(),
        }
    } else {
        app.into_any()
    }
}

/// Whether one of [`StorageWarning`]'s banners has something to say.
fn notice_wanted(state: AppState) -> bool {
    state.chunk_failed.get()
        || state.zh_failed.get()
        || state.storage_error.with(Option::is_some)
        || state.chat.persist.problem.with(Option::is_some)
}

crate::split!(
    notices,
    preload_storage_warning,
    fn storage_warning_view() -> AnyView {
        view! { <StorageWarning /> }.into_any()
    }
);

crate::split!(
    notices,
    preload_update_prompt,
    fn update_prompt_view(update: sw::Update) -> AnyView {
        view! { <UpdatePrompt update=update /> }.into_any()
    }
);

#[component]
fn StorageWarning() -> impl IntoView {
    let state = use_state();
    let namespace = StoredValue::new(storage::widget_id().unwrap_or_default());
    // Saved conversations that could not be read (their reader could not be downloaded): read them again.
    let reread = move || {
        state.chat.persist.problem.set(None);
        state.chat.open_storage(&namespace.get_value());
    };
    let problem = move || {
        let t = state.t();
        state.chat.persist.problem.with(|p| {
            p.as_ref().map(|p| match p {
                StoreProblem::Unavailable => (t.store_unavailable.to_string(), true),
                StoreProblem::Full => (t.store_full.to_string(), true),
                StoreProblem::Corrupt(n) => (t.store_corrupt.replace("{n}", &n.to_string()), false),
                StoreProblem::Blocked => (t.store_blocked.to_string(), false),
                StoreProblem::TooNew => (t.store_too_new.to_string(), false),
                StoreProblem::Failed(reason) => (t.store_failed.replace("{reason}", reason), true),
                StoreProblem::Unloaded => (t.store_unloaded.to_string(), true),
                StoreProblem::Unread => (t.store_unread.to_string(), false),
            })
        })
    };
    view! {
        {show(
            move || state.chunk_failed.get(),
            move || {
                view! {
                    <div class="gc-banner" role="alert" data-part="chunk-error">
                        <p>{move || state.t().chunk_failed}</p>
                        <button type="button" class="gc-action gc-secondary" on:click=move |_| state.chunk_failed.set(false)>
                            {move || state.t().dismiss}
                        </button>
                    </div>
                }
                .into_any()
            },
        )}
        // The Chinese texts could not be downloaded: English meanwhile, in words a Chinese reader also finds.
        {show(
            move || state.zh_failed.get(),
            move || {
                view! {
                    <div class="gc-banner" role="alert" data-part="language-error">
                        <p>{move || state.t().zh_failed}</p>
                        <button type="button" class="gc-action gc-secondary" on:click=move |_| state.zh_failed.set(false)>
                            {move || state.t().retry}
                        </button>
                    </div>
                }
                .into_any()
            },
        )}
        {show(
            move || state.storage_error.with(Option::is_some),
            move || {
                view! {
                    <p class="gc-banner" role="status">{move || state.t().storage_unavailable}</p>
                }
                .into_any()
            },
        )}
        {move || {
            problem()
                .map(|(text, offer_export)| {
                    let unread = state.chat.persist.problem.with(|p| p == &Some(StoreProblem::Unread));
                    view! {
                        <div class="gc-banner" role="alert" data-part="storage-problem">
                            <p>{text}</p>
                            {offer_export.then(export_all_button)}
                            {unread.then(|| view! {
                                <button type="button" class="gc-action gc-secondary" on:click=move |_| reread()>
                                    {state.t().retry}
                                </button>
                            })}
                        </div>
                    }
                })
        }}
    }
}

/// The message list's frame: the welcome while there is no message, the live region that says when a reply ends, and
/// Jump to latest. The messages themselves, with following the newest and bringing earlier ones back while scrolling
/// up, come with the `messages` chunk once there is a message.
#[component]
fn Messages() -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let list = NodeRef::<Section>::new();
    let inner = NodeRef::<Div>::new();
    let frame = ListFrame {
        list,
        inner,
        following: RwSignal::new(true),
        on_scroll: StoredValue::new_local(None),
    };
    let jump = move |_| {
        frame.following.set(true);
        if let Some(el) = list.get_untracked() {
            el.set_scroll_top(el.scroll_height());
        }
    };
    // Said once when a reply ends, never token by token.
    let announce = RwSignal::new("");
    Effect::new(move |was_busy: Option<bool>| {
        let busy = chat.busy.get();
        if busy {
            announce.set("");
        } else if was_busy == Some(true) {
            leptos::task::spawn_local(async move {
                let said = ending(state).await;
                // Not over the next reply's silence.
                if chat.busy.try_get_untracked() == Some(false) {
                    announce.try_set(said);
                }
            });
        }
        busy
    });
    // Said in the language of its moment: a language switch clears it rather than leave it in the old one.
    crate::reactive::effect(move || {
        state.lang.track();
        announce.set("");
    });
    view! {
        <p class="gc-visually-hidden" role="status" aria-live="polite" data-part="announce">{move || announce.get()}</p>
        <section
            class="gc-messages"
            node_ref=list
            on:scroll=move |_| frame.on_scroll.with_value(|f| if let Some(f) = f { f() })
        >
            <div class="gc-messages-inner" node_ref=inner>
                {show(
                    move || chat.rows.with(Vec::is_empty) && !chat.rows_failed.get(),
                    || view! { <Welcome /> }.into_any(),
                )}
                {deferred(
                    move || chat.rows.with(|r| !r.is_empty()) || chat.rows_failed.get(),
                    move || message_list_view(chat, frame),
                )}
            </div>
            {show(
                move || !frame.following.get(),
                move || {
                    view! {
                        <button type="button" class="gc-action gc-jump" on:click=jump>
                            {move || state.t().jump_to_latest}
                        </button>
                    }
                    .into_any()
                },
            )}
        </section>
    }
}

/// What the message list's code in the `messages` chunk needs of its frame.
#[derive(Clone, Copy)]
pub struct ListFrame {
    list: NodeRef<Section>,
    inner: NodeRef<Div>,
    /// Whether the newest message is kept in view (the reader has not scrolled up).
    following: RwSignal<bool>,
    /// What a scroll of the list does, set by the list's code.
    on_scroll: StoredValue<Option<Box<dyn Fn()>>, LocalStorage>,
}

/// Following the newest message, and earlier messages added above while the reader scrolls up.
fn scrolling(chat: crate::chat::Chat, frame: ListFrame) -> impl Fn() + Copy + 'static {
    let ListFrame {
        list,
        inner,
        following,
        on_scroll,
    } = frame;
    follow_latest(list, inner, following);
    // Adds earlier messages above without moving what the reader sees: the first message in view is kept where it
    // was, now and in the next frame (as messages near the view are laid out at their real size).
    let earlier = move || {
        let (Some(Some(el)), Some(Some(inner))) = (list.try_get_untracked(), inner.try_get_untracked()) else {
            return;
        };
        let anchor = first_in_view(&el, &inner);
        let was = anchor.as_ref().map(HtmlElement::offset_top);
        chat.show_earlier();
        if let (Some(anchor), Some(was)) = (anchor, was) {
            let keep = move |anchor: &HtmlElement, was: i32| {
                el.set_scroll_top(el.scroll_top() + anchor.offset_top() - was);
                anchor.offset_top()
            };
            page::next_frame(move || {
                let now = keep(&anchor, was);
                page::next_frame(move || {
                    keep(&anchor, now);
                });
            });
        }
    };
    let last_top = StoredValue::new(0);
    let queued = StoredValue::new(false);
    on_scroll.set_value(Some(Box::new(move || {
        if let Some(el) = list.get_untracked() {
            // Scrolling up to read stops the follow; coming back to the bottom resumes it. Only a move up counts:
            // the event for the list's own scroll down can arrive after more text came, not at the bottom any more.
            let top = el.scroll_top();
            if el.scroll_height() - top - el.client_height() < 48 {
                following.set(true);
            } else if top < last_top.get_value() {
                following.set(false);
            }
            last_top.set_value(top);
            // Nearing the top of what is on screen brings the next page of earlier messages, in a task of its own:
            // scroll events are dispatched in the frame that paints the scroll, and drawing the messages there as
            // well made that one frame a long task.
            if top < el.client_height() && chat.hidden.get_untracked() > 0 && !queued.get_value() {
                queued.set_value(true);
                set_timeout(
                    move || {
                        queued.try_set_value(false);
                        earlier();
                    },
                    std::time::Duration::ZERO,
                );
            }
        }
    })));
    earlier
}

/// The first message at least partly inside the list's view. Messages are positioned against the list
/// (`.gc-messages` is `position: relative`), so their `offsetTop` compares with its `scrollTop`.
fn first_in_view(list: &web_sys::HtmlElement, inner: &web_sys::HtmlElement) -> Option<HtmlElement> {
    let top = list.scroll_top();
    let all = inner.query_selector_all(":scope > article").ok()?;
    (0..all.length())
        .filter_map(|i| all.item(i)?.dyn_into::<HtmlElement>().ok())
        .find(|a| a.offset_top() + a.offset_height() > top)
}

/// What the live region says when a reply ends: the error's title, that it was interrupted, or that it is complete.
/// The titles of errors come with the `messages` chunk, which showed the error; without it, the error is that a part
/// of the app could not be downloaded.
async fn ending(state: AppState) -> &'static str {
    let t = state.t();
    let last = state.chat.rows.with_untracked(|rows| {
        rows.iter().rev().find_map(|r| match r.body {
            RowBody::Assistant { reply } => Some(reply),
            _ => None,
        })
    });
    let Some((error, status)) = last.map(|reply| reply.with_untracked(|r| (r.error.clone(), r.status))) else {
        return t.reply_complete;
    };
    match (error, status) {
        (Some(e), _) => error_title(t, e, state.lang.get_untracked())
            .await
            .unwrap_or(t.app_download_title),
        (None, glm_protocol::reply::ReplyStatus::Interrupted) => t.finish_interrupted,
        _ => t.reply_complete,
    }
}

crate::split!(
    messages,
    preload_error_title,
    fn error_title(
        t: &'static crate::i18n::Texts,
        e: glm_protocol::error::ApiError,
        lang: crate::i18n::Lang,
    ) -> &'static str {
        crate::views::parts::error_texts(t, &e, lang).0
    }
);

/// Keeps the newest message in view while the reader is at the bottom: whenever the messages grow (a streamed
/// token, a new message, an image loading) or the list shrinks, it scrolls down, unless the reader has scrolled up. A new message
/// of the user's always brings the view back down.
fn follow_latest(list: NodeRef<Section>, inner: NodeRef<Div>, following: RwSignal<bool>) {
    let state = use_state();
    let scroll_down = move || {
        if let Some(el) = list.get_untracked() {
            el.set_scroll_top(el.scroll_height());
        }
    };
    let watch = StoredValue::new_local(None::<page::ResizeWatch>);
    crate::reactive::effect(move || {
        if let (Some(el), Some(outer)) = (inner.get(), list.get()) {
            let watcher = page::ResizeWatch::new(&el, move || {
                if following.get_untracked() {
                    scroll_down();
                }
            });
            // The list itself shrinks when the message box grows (a phone's keyboard, a long draft).
            if let Some(w) = &watcher {
                w.also(&outer);
            }
            watch.set_value(watcher);
        }
    });
    // A new last message (not earlier ones added above it).
    Effect::new(move |was: Option<Option<u64>>| {
        let last = state.chat.rows.with(|rows| rows.last().map(|r| r.uid));
        if last.is_some() && was != Some(last) {
            following.set(true);
            scroll_down();
        }
        last
    });
}

/// Keeps the page's title and `<html lang>` in the interface language when the app owns the page.
fn sync_document(state: AppState) {
    crate::reactive::effect(move || {
        let title = state.t().app_title;
        let lang = if state.lang.get() == crate::i18n::Lang::Zh {
            "zh-CN"
        } else {
            "en"
        };
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(title);
            if let Some(html) = doc.document_element() {
                let _ = html.set_attribute("lang", lang);
            }
        }
    });
}

// The messages and everything they show (Markdown, formulas, code, results) load with the first message.
crate::split!(
    messages,
    preload_messages,
    pub fn message_list_view(chat: crate::chat::Chat, frame: ListFrame) -> AnyView {
        // Shown for rows whose code could not be downloaded, now here (Retry): build them.
        if chat.rows_failed.get_untracked() {
            chat.refresh_rows();
        }
        let earlier = scrolling(chat, frame);
        let state = use_state();
        view! {
            {show(
                move || chat.hidden.get() != 0,
                move || {
                    view! {
                        <button type="button" class="gc-action gc-secondary gc-earlier" on:click=move |_| earlier()>
                            {move || state.t().show_earlier.replace("{n}", &chat.hidden.get().to_string())}
                        </button>
                    }
                    .into_any()
                },
            )}
            <For each=move || chat.rows.get() key=|r| r.uid let(row)>
                {match row.body {
                    RowBody::User { text } => view! { <UserMessage row=row text=text /> }.into_any(),
                    RowBody::Assistant { reply } => view! { <AssistantMessage row=row reply=reply /> }.into_any(),
                    RowBody::Tool { call, text } => view! { <ToolMessage row=row call=call text=text /> }.into_any(),
                }}
            </For>
        }
        .into_any()
    }
);
