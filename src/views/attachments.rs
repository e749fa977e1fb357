//! Attachments: the composer's tray and tools (attach, paste, drop, add by URL, record), and what a sent message
//! shows (thumbnails, links, an audio player). Every check is glm_media's; refusals name the file and the rule.

use glm_history::{Attachment, AttachmentKind, MessageBody};
use glm_media::{Refusal, check_audio_file, check_audio_seconds, check_image_file, check_image_size, check_url};
use glm_protocol::models::{ModelInfo, ModelKind, model_info};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::browser::media::{self, MicError, Recording};
use crate::chat::Row;
use crate::i18n::Texts;
use crate::split::ChunkError;
use crate::state::{AppState, use_state};
use crate::views::deferred::deferred;

/// What the composer is about to send besides its text, and the last refusal to show.
#[derive(Clone, Copy)]
pub struct Drafts {
    pub list: RwSignal<Vec<Attachment>>,
    pub notice: RwSignal<Option<String>>,
}

impl Drafts {
    pub fn new() -> Self {
        Drafts {
            list: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
        }
    }

    fn refuse(&self, state: AppState, r: &Refusal) {
        self.notice.set(Some(refusal_text(state, r)));
    }

    fn push(&self, a: Attachment) {
        self.notice.try_set(None);
        self.list.try_update(|l| l.push(a));
    }

    /// Files pasted, dropped or chosen: each is read, checked and added in turn, or refused with the reason.
    pub fn add_files(&self, state: AppState, files: Vec<web_sys::File>) {
        let drafts = *self;
        spawn_local(async move {
            match read_files(state, drafts, files).await {
                Ok(task) => task.await,
                Err(ChunkError) => {
                    let _ = drafts.notice.try_set(Some(state.t().chunk_failed.to_string()));
                }
            }
        });
    }

    fn count(&self, kind: AttachmentKind) -> usize {
        self.list
            .try_with_untracked(|l| l.iter().filter(|a| a.kind == kind).count())
            .unwrap_or(0)
    }

    /// The check made at send time: `false` (with the refusal shown) when the message must not go. Attachments
    /// came through the `attach` chunk, which holds the check (so a message without any is never held up by it).
    pub async fn check_for_send(&self, state: AppState) -> bool {
        match check_attachments(state, *self).await {
            Ok(ok) => ok,
            Err(ChunkError) => {
                let _ = self.notice.try_set(Some(state.t().chunk_failed.to_string()));
                false
            }
        }
    }
}

crate::split!(
    attach,
    preload_check,
    fn check_attachments(state: AppState, drafts: Drafts) -> bool {
        let model = state.settings.with_untracked(|s| model_info(&s.model));
        match drafts.list.with_untracked(|l| glm_media::check_message(l, &model)) {
            Ok(()) => true,
            Err(r) => {
                drafts.refuse(state, &r);
                false
            }
        }
    }
);

impl Default for Drafts {
    fn default() -> Self {
        Self::new()
    }
}

async fn read_file(file: &web_sys::File, model: &ModelInfo, images: usize) -> Result<Attachment, Refusal> {
    let name = file.name();
    let wants_audio = model.kind == ModelKind::Voice || file.type_().starts_with("audio/");
    let bytes = media::read_bytes(file)
        .await
        .ok_or_else(|| Refusal::ImageUnreadable { name: name.clone() })?;
    if wants_audio {
        let format = check_audio_file(&name, &bytes, model)?;
        if format == glm_media::AudioFormat::Mp3 {
            let seconds = media::audio_seconds(&bytes)
                .await
                .ok_or_else(|| Refusal::AudioFormat { name: name.clone() })?;
            check_audio_seconds(&name, seconds)?;
        }
        return Ok(Attachment {
            kind: AttachmentKind::Audio,
            mime: format.mime().into(),
            url: glm_media::data_url(format.mime(), &bytes),
            name,
        });
    }
    let format = check_image_file(&name, &bytes, model)?;
    if images >= model.max_images as usize {
        return Err(Refusal::TooManyImages { max: model.max_images });
    }
    let (width, height) = media::image_size(file)
        .await
        .ok_or_else(|| Refusal::ImageUnreadable { name: name.clone() })?;
    check_image_size(&name, width, height)?;
    Ok(Attachment {
        kind: AttachmentKind::Image,
        mime: format.mime().into(),
        url: glm_media::data_url(format.mime(), &bytes),
        name,
    })
}

/// A refusal in the interface language.
pub fn refusal_text(state: AppState, r: &Refusal) -> String {
    let t = state.t();
    let model = state.settings.with_untracked(|s| s.model.trim().to_string());
    let named = |template: &str, name: &str| template.replace("{name}", name).replace("{model}", &model);
    match r {
        Refusal::ImageFormat { name } => named(t.refuse_image_format, name),
        Refusal::ImageTooBig { name, bytes } => {
            named(t.refuse_image_too_big, name).replace("{size}", &megabytes(*bytes))
        }
        Refusal::ImageTooLarge { name, width, height } => named(t.refuse_image_too_large, name)
            .replace("{width}", &width.to_string())
            .replace("{height}", &height.to_string()),
        Refusal::ImageUnreadable { name } => named(t.refuse_image_unreadable, name),
        Refusal::NoBase64Images => named(t.refuse_no_base64, ""),
        Refusal::TooManyImages { max } => named(t.refuse_too_many_images, "").replace("{max}", &max.to_string()),
        Refusal::NotAUrl { name } => named(t.refuse_not_a_url, name),
        Refusal::UrlFormat { name, kind } => named(
            match kind {
                AttachmentKind::Video => t.refuse_url_video,
                AttachmentKind::File => t.refuse_url_file,
                _ => t.refuse_url_image,
            },
            name,
        ),
        Refusal::KindNotSupported { kind } => named(t.refuse_kind, "").replace("{kind}", plural(t, *kind)),
        Refusal::FileWithMedia => t.refuse_file_with_media.to_string(),
        Refusal::TooManyFiles => t.refuse_too_many_files.to_string(),
        Refusal::AudioFormat { name } => named(t.refuse_audio_format, name),
        Refusal::AudioTooLong { name, seconds } => {
            named(t.refuse_audio_too_long, name).replace("{minutes}", &seconds.div_ceil(60).to_string())
        }
    }
}

fn plural(t: &Texts, kind: AttachmentKind) -> &'static str {
    match kind {
        AttachmentKind::Image => t.kinds_plural_images,
        AttachmentKind::Video => t.kinds_plural_videos,
        AttachmentKind::File => t.kinds_plural_files,
        AttachmentKind::Audio => t.kinds_plural_audio,
    }
}

/// `5.2 MB`, with integer arithmetic (the bundle has no float formatting).
fn megabytes(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10).div_ceil(1024 * 1024);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// `m:ss`.
fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The name shown for an attachment given by URL: its last path segment.
fn url_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url).trim_end_matches('/');
    match path.rsplit_once('/') {
        Some((rest, last)) if !last.is_empty() && !rest.ends_with('/') => last.to_string(),
        _ => url.to_string(),
    }
}

// Reading and checking files (image decoding, WAV/MP3 sniffing) loads with the first file.
crate::split!(
    attach,
    preload_attach,
    fn read_files(
        state: AppState,
        drafts: Drafts,
        files: Vec<web_sys::File>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
        let model_id = state.settings.with_untracked(|s| s.model.clone());
        let model = model_info(&model_id);
        Box::pin(async move {
            for file in files {
                match read_file(&file, &model, drafts.count(AttachmentKind::Image)).await {
                    Ok(a) => drafts.push(a),
                    Err(r) => {
                        let _ = drafts.notice.try_set(Some(refusal_text(state, &r)));
                    }
                }
            }
        })
    }
);

// The attach, URL and record tools load when a model that takes attachments is chosen.
crate::split!(
    attach,
    preload_attach_tools,
    pub fn attach_tools_view(drafts: Drafts) -> AnyView {
        view! { <AttachTools drafts=drafts /> }.into_any()
    }
);

/// The files of a paste or a drop.
fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A paste that carries files (a screenshot, a copied image) attaches them; text pastes as usual.
pub fn on_paste(state: AppState, drafts: Drafts, ev: web_sys::ClipboardEvent) {
    let Some(data) = ev.clipboard_data() else {
        return;
    };
    let files = files_of(data.files());
    let has_text = data.get_data("text/plain").is_ok_and(|t| !t.is_empty());
    let takes_files = state
        .settings
        .with_untracked(|s| model_info(&s.model).kind != ModelKind::Text);
    if !files.is_empty() && (takes_files || !has_text) {
        ev.prevent_default();
        drafts.add_files(state, files);
    }
}

pub fn on_drop(state: AppState, drafts: Drafts, ev: web_sys::DragEvent) {
    let files = files_of(ev.data_transfer().and_then(|d| d.files()));
    if !files.is_empty() {
        ev.prevent_default();
        drafts.add_files(state, files);
    }
}

/// The last refusal, and the attachments waiting to be sent (a chunk: there are some only once the `attach` chunk
/// has read a file or taken a URL).
#[component]
pub fn AttachmentTray(drafts: Drafts) -> impl IntoView {
    view! {
        {move || {
            drafts.notice.get().map(|text| {
                view! { <p class="gc-attach-notice" role="alert" data-part="attach-error">{text}</p> }
            })
        }}
        {deferred(move || drafts.list.with(|l| !l.is_empty()), move || drafts_view(drafts))}
    }
}

crate::split!(
    attach,
    preload_drafts,
    /// The attachments waiting to be sent, with a remove button each.
    fn drafts_view(drafts: Drafts) -> AnyView {
        let state = use_state();
        let remove = move |i: usize| {
            drafts.list.update(|l| {
                if i < l.len() {
                    l.remove(i);
                }
            });
            drafts.notice.set(None);
        };
        (move || {
            let list = drafts.list.get();
            (!list.is_empty()).then(|| {
                view! {
                    <ul class="gc-attach-tray" aria-label=move || state.t().attachments data-part="drafts">
                        {list
                            .into_iter()
                            .enumerate()
                            .map(|(i, a)| {
                                let label = state.t().remove_attachment.replace("{name}", &a.name);
                                let kind = kind_name(a.kind);
                                view! {
                                    <li class="gc-attach-item" data-attachment=kind>
                                        <Preview attachment=a />
                                        <button
                                            type="button"
                                            class="gc-attach-remove"
                                            aria-label=label.clone()
                                            title=label
                                            on:click=move |_| remove(i)
                                        >
                                            "✕"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })
        })
        .into_any()
    }
);

fn kind_name(kind: AttachmentKind) -> &'static str {
    match kind {
        AttachmentKind::Image => "image",
        AttachmentKind::Video => "video",
        AttachmentKind::File => "file",
        AttachmentKind::Audio => "audio",
    }
}

/// Only what can be shown safely: images from `data:image/` or http(s), audio from `data:audio/`, links to http(s).
fn safe_url(a: &Attachment) -> Option<String> {
    let url = a.url.trim();
    let lower = url.get(..11).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let ok = match a.kind {
        AttachmentKind::Image => web || lower.starts_with("data:image/"),
        AttachmentKind::Audio => lower.starts_with("data:audio/"),
        AttachmentKind::Video | AttachmentKind::File => web,
    };
    ok.then(|| url.to_string())
}

/// One attachment: a thumbnail, an audio player, or a link chip.
#[component]
fn Preview(attachment: Attachment) -> impl IntoView {
    let state = use_state();
    let t = state.t();
    let url = safe_url(&attachment);
    let name = attachment.name.clone();
    match (attachment.kind, url) {
        (AttachmentKind::Image, Some(src)) => {
            view! { <img class="gc-thumb" src=src alt=format!("{}: {name}", t.kind_image) title=name.clone() /> }
                .into_any()
        }
        (AttachmentKind::Audio, Some(src)) => {
            view! { <audio class="gc-attach-audio" controls src=src aria-label=format!("{}: {name}", t.voice_message)></audio> }
                .into_any()
        }
        (kind, Some(href)) => {
            let label = if kind == AttachmentKind::Video { t.kind_video } else { t.kind_file };
            view! {
                <a class="gc-chip" href=href target="_blank" rel="noopener noreferrer" title=name.clone()>
                    <span class="gc-chip-kind">{label}</span>
                    <span class="gc-chip-name">{name.clone()}</span>
                </a>
            }
                .into_any()
        }
        (_, None) => view! { <span class="gc-chip">{name}</span> }.into_any(),
    }
}

// Feather icons (MIT): emoji are not in every system font.
const PAPERCLIP: &str =
    "M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48";
const LINK: &str = "M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71";
const MIC: &str = "M12 1a3 3 0 0 0-3 3v8a3 3 0 0 0 6 0V4a3 3 0 0 0-3-3zM19 10v2a7 7 0 0 1-14 0v-2M12 19v4M8 23h8";

fn icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="gc-svg-icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d=path />
        </svg>
    }
}

/// The attach button (a labelled file input), Add by URL, and recording, as the current model allows.
#[component]
pub fn AttachTools(drafts: Drafts) -> impl IntoView {
    let state = use_state();
    let model = Memo::new(move |_| state.settings.with(|s| model_info(&s.model)));
    let kind = move || model.with(|m| m.kind);
    let url_open = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let files = files_of(input.files());
        // Cleared, so choosing the same file again fires another change.
        input.set_value("");
        drafts.add_files(state, files);
    };
    view! {
        {move || {
            let k = kind();
            (k != ModelKind::Text).then(|| {
                let accept = if k == ModelKind::Voice {
                    "audio/wav,audio/x-wav,audio/mpeg,.wav,.mp3"
                } else {
                    "image/png,image/jpeg,.png,.jpg,.jpeg"
                };
                view! {
                    <label class="gc-icon-button gc-attach" title=move || state.t().attach_files>
                        {icon(PAPERCLIP)}
                        <input
                            type="file"
                            class="gc-visually-hidden"
                            multiple
                            aria-label=move || state.t().attach_files
                            accept=accept
                            on:change=on_change
                        />
                    </label>
                    {if k == ModelKind::Voice {
                        view! { <Recorder drafts=drafts /> }.into_any()
                    } else {
                        view! {
                            <button
                                type="button"
                                class="gc-icon-button gc-attach"
                                aria-label=move || state.t().add_by_url
                                title=move || state.t().add_by_url
                                aria-expanded=move || url_open.get().to_string()
                                on:click=move |_| url_open.update(|o| *o = !*o)
                            >
                                {icon(LINK)}
                            </button>
                        }
                            .into_any()
                    }}
                }
            })
        }}
        {move || {
            (url_open.get() && kind() == ModelKind::Vision).then(|| view! { <UrlForm drafts=drafts model=model open=url_open /> })
        }}
    }
}

/// Adds an image, video or file by its URL (video and files are URL-only in the API).
#[component]
fn UrlForm(drafts: Drafts, model: Memo<ModelInfo>, open: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let url = RwSignal::new(String::new());
    let kind = RwSignal::new(AttachmentKind::Image);
    let add = move || {
        let text = url.get_untracked().trim().to_string();
        let k = kind.get_untracked();
        match check_url(k, &text, &model.get_untracked()) {
            Ok(()) => {
                drafts.push(Attachment {
                    kind: k,
                    name: url_name(&text),
                    mime: String::new(),
                    url: text,
                });
                url.set(String::new());
                open.set(false);
            }
            Err(r) => drafts.refuse(state, &r),
        }
    };
    view! {
        <div class="gc-url-form" role="group" aria-label=move || state.t().add_by_url>
            <select
                aria-label=move || state.t().attachment_kind
                on:change=move |ev| {
                    kind.set(match event_target_value(&ev).as_str() {
                        "video" => AttachmentKind::Video,
                        "file" => AttachmentKind::File,
                        _ => AttachmentKind::Image,
                    })
                }
            >
                <option value="image">{move || state.t().kind_image}</option>
                <option value="video">{move || state.t().kind_video}</option>
                {move || model.with(|m| m.file_input).then(|| view! { <option value="file">{move || state.t().kind_file}</option> })}
            </select>
            <input
                type="url"
                inputmode="url"
                spellcheck="false"
                placeholder="https://"
                aria-label=move || state.t().attachment_url
                prop:value=move || url.get()
                on:input=move |ev| url.set(event_target_value(&ev))
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" && !ev.is_composing() {
                        ev.prevent_default();
                        add();
                    }
                }
            />
            <button type="button" class="gc-action" on:click=move |_| add()>
                {move || state.t().add}
            </button>
        </div>
    }
}

/// Records speech from the microphone into a WAV attachment, with the elapsed time and a stop button; it stops by
/// itself at the 10-minute limit.
#[component]
fn Recorder(drafts: Drafts) -> impl IntoView {
    let state = use_state();
    let recording = StoredValue::new_local(None::<Recording>);
    let elapsed = RwSignal::new(None::<u32>);
    let ticker = StoredValue::new_local(None::<IntervalHandle>);
    let count = StoredValue::new(0u32);
    let on = Memo::new(move |_| elapsed.with(Option::is_some));
    let stop = move || {
        if let Some(handle) = ticker.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        elapsed.try_set(None);
        let Some(rec) = recording.try_update_value(Option::take).flatten() else {
            return;
        };
        let (samples, rate) = rec.finish();
        let samples = glm_media::wav::downsample(&samples, rate, glm_media::wav::SPEECH_RATE);
        let rate = rate.min(glm_media::wav::SPEECH_RATE);
        let wav = glm_media::wav::encode(&samples, rate);
        count.update_value(|n| *n += 1);
        drafts.push(Attachment {
            kind: AttachmentKind::Audio,
            name: format!("recording-{}.wav", count.get_value()),
            mime: "audio/wav".into(),
            url: glm_media::data_url("audio/wav", &wav),
        });
    };
    let start = move |_| {
        if elapsed.get_untracked().is_some() {
            return;
        }
        elapsed.set(Some(0));
        spawn_local(async move {
            match Recording::start().await {
                Ok(rec) => {
                    recording.set_value(Some(rec));
                    let began = js_sys::Date::now();
                    let handle = set_interval_with_handle(
                        move || {
                            let seconds = ((js_sys::Date::now() - began) / 1000.0) as u32;
                            elapsed.try_set(Some(seconds));
                            let captured = recording.with_value(|r| r.as_ref().map_or(0.0, Recording::seconds));
                            if captured >= glm_media::MAX_AUDIO_SECONDS
                                || f64::from(seconds) >= glm_media::MAX_AUDIO_SECONDS
                            {
                                stop();
                            }
                        },
                        std::time::Duration::from_millis(250),
                    );
                    ticker.set_value(handle.ok());
                }
                Err(e) => {
                    elapsed.try_set(None);
                    let t = state.t();
                    drafts.notice.try_set(Some(
                        (if e == MicError::Denied {
                            t.mic_denied
                        } else {
                            t.mic_unsupported
                        })
                        .to_string(),
                    ));
                }
            }
        });
    };
    on_cleanup(move || {
        if let Some(rec) = recording.try_update_value(Option::take).flatten() {
            let _ = rec.finish();
        }
        if let Some(handle) = ticker.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    });
    view! {
        {move || {
            if on.get() {
                view! {
                    <span class="gc-recording" role="status" data-part="recording">
                        <span class="gc-rec-dot" aria-hidden="true"></span>
                        {move || state.t().recording.replace("{time}", &clock(elapsed.get().unwrap_or(0)))}
                    </span>
                    <button type="button" class="gc-action gc-rec-stop" on:click=move |_| stop()>
                        {move || state.t().stop_recording}
                    </button>
                }
                    .into_any()
            } else {
                view! {
                    <button
                        type="button"
                        class="gc-icon-button gc-attach"
                        aria-label=move || state.t().record_audio
                        title=move || state.t().record_audio
                        on:click=start
                    >
                        {icon(MIC)}
                    </button>
                }
                    .into_any()
            }
        }}
    }
}

/// The attachments of a sent message, read once from the saved conversation (a message's attachments never change:
/// an edit is a new message).
#[component]
pub fn MessageAttachments(row: Row) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let attachments = chat
        .current
        .get_untracked()
        .and_then(|cid| {
            chat.with_conversation(&cid, |c| {
                c.message(&row.id.get_value()).and_then(|m| match &m.body {
                    MessageBody::User { attachments, .. } if !attachments.is_empty() => Some(attachments.clone()),
                    _ => None,
                })
            })
        })
        .flatten();
    attachments.map(|list| {
        view! {
            <div class="gc-msg-attachments" data-part="attachments">
                {list
                    .into_iter()
                    .map(|a| {
                        let kind = kind_name(a.kind);
                        view! {
                            <span class="gc-attach-item" data-attachment=kind>
                                <Preview attachment=a />
                            </span>
                        }
                    })
                    .collect_view()}
            </div>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_times_read_plainly() {
        assert_eq!(megabytes(5 * 1024 * 1024), "5.0 MB");
        assert_eq!(megabytes(5 * 1024 * 1024 + 1), "5.1 MB");
        assert_eq!(clock(7), "0:07");
        assert_eq!(clock(600), "10:00");
        assert_eq!(url_name("https://x.test/a/clip.mp4?sig=1"), "clip.mp4");
        assert_eq!(url_name("https://x.test"), "https://x.test");
        assert_eq!(url_name("https://x.test/"), "https://x.test/");
    }

    #[test]
    fn only_safe_urls_are_shown() {
        let a = |kind, url: &str| Attachment {
            kind,
            name: "n".into(),
            mime: String::new(),
            url: url.into(),
        };
        assert!(safe_url(&a(AttachmentKind::Image, "data:image/png;base64,AAAA")).is_some());
        assert!(safe_url(&a(AttachmentKind::Image, "https://x.test/a.png")).is_some());
        assert!(safe_url(&a(AttachmentKind::Image, "javascript:alert(1)")).is_none());
        assert!(safe_url(&a(AttachmentKind::Image, "data:text/html,<script>")).is_none());
        assert!(safe_url(&a(AttachmentKind::Video, "data:video/mp4;base64,AAAA")).is_none());
        assert!(safe_url(&a(AttachmentKind::File, "HTTPS://x.test/a.pdf")).is_some());
        assert!(safe_url(&a(AttachmentKind::Audio, "https://x.test/a.wav")).is_none());
        assert!(safe_url(&a(AttachmentKind::Audio, "data:audio/wav;base64,UklG")).is_some());
    }
}
