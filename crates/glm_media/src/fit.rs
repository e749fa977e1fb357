//! The request history fitted to the model it goes to. A conversation can change model half-way (an image sent to
//! GLM-4.5V, then a question to GLM-4.6), so every request is cut to what its model takes (reference §2.2):
//!
//! - text models get strings only; vision models images, video and files; glm-4-voice audio;
//! - images kept by value go as raw base64, without the `data:` prefix (the reference's advice: the official SDK
//!   strips it), and not at all to a model that takes images by URL only;
//! - `file_url` is never sent together with `image_url` or `video_url`: the newest message that has either decides;
//! - at most `max_images` images, the newest ones;
//! - video parts first for a model that needs them there (GLM-4V-Plus-0111), the other parts in their order.

use glm_protocol::models::{ModelInfo, ModelKind};
use glm_protocol::wire::{ContentPart, Message, MessageContent, UrlRef};

pub fn fit_to_model(mut messages: Vec<Message>, model: &ModelInfo) -> Vec<Message> {
    let files_win = messages.iter().rev().find_map(|m| {
        let parts = parts(m)?;
        let files = parts.iter().any(|p| matches!(p, ContentPart::FileUrl { .. }));
        let media = parts
            .iter()
            .any(|p| matches!(p, ContentPart::ImageUrl { .. } | ContentPart::VideoUrl { .. }));
        (files || media).then_some(files)
    });
    let mut images_left = model.max_images as usize;
    for m in messages.iter_mut().rev() {
        if !matches!(m.content, Some(MessageContent::Parts(_))) {
            continue;
        }
        let Some(MessageContent::Parts(list)) = m.content.take() else {
            continue;
        };
        let mut kept: Vec<ContentPart> = Vec::with_capacity(list.len());
        // Walk the parts newest-last, so the image budget goes to the latest ones.
        for part in list.into_iter().rev() {
            let keep = match &part {
                ContentPart::Text { .. } => true,
                ContentPart::ImageUrl { image_url } => {
                    let by_value = !is_http(&image_url.url);
                    let ok = model.kind == ModelKind::Vision
                        && files_win != Some(true)
                        && images_left > 0
                        && (!by_value || model.base64_images);
                    images_left -= usize::from(ok);
                    ok
                }
                ContentPart::VideoUrl { .. } => model.kind == ModelKind::Vision && files_win != Some(true),
                ContentPart::FileUrl { .. } => {
                    model.kind == ModelKind::Vision && model.file_input && files_win == Some(true)
                }
                ContentPart::InputAudio { .. } => model.kind == ModelKind::Voice,
            };
            if keep {
                kept.push(raw_base64(part));
            }
        }
        kept.reverse();
        if model.video_first {
            let (mut videos, rest): (Vec<_>, Vec<_>) = kept
                .into_iter()
                .partition(|p| matches!(p, ContentPart::VideoUrl { .. }));
            videos.extend(rest);
            kept = videos;
        }
        m.content = Some(if kept.iter().all(|p| matches!(p, ContentPart::Text { .. })) {
            MessageContent::Text(MessageContent::Parts(kept).to_text())
        } else {
            MessageContent::Parts(kept)
        });
    }
    messages
}

fn parts(m: &Message) -> Option<&[ContentPart]> {
    match &m.content {
        Some(MessageContent::Parts(p)) => Some(p),
        _ => None,
    }
}

fn is_http(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// `data:image/png;base64,AAAA` becomes `AAAA`; URLs and raw base64 are left as they are.
fn raw_base64(part: ContentPart) -> ContentPart {
    match part {
        ContentPart::ImageUrl { image_url } if image_url.url.starts_with("data:") => {
            let url = match image_url.url.split_once(";base64,") {
                Some((_, data)) => data.to_string(),
                None => image_url.url,
            };
            ContentPart::ImageUrl {
                image_url: UrlRef { url },
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use glm_history::{Attachment, AttachmentKind, Conversation, ConversationId, ConversationSettings, MessageBody};
    use glm_protocol::models::model_info;
    use glm_protocol::reply::{Reply, ReplyStatus};
    use glm_protocol::wire::{InputAudio, Role};

    fn att(kind: AttachmentKind, url: &str) -> Attachment {
        Attachment {
            kind,
            name: "x".into(),
            mime: String::new(),
            url: url.into(),
        }
    }

    /// The request history of a conversation whose user turns carry these attachments, each with its text.
    fn history(turns: &[(&str, Vec<Attachment>)]) -> Vec<Message> {
        let mut c = Conversation::new(ConversationId::new("c"), 0, ConversationSettings::default());
        for (i, (text, attachments)) in turns.iter().enumerate() {
            c.push(
                MessageBody::User {
                    text: text.to_string(),
                    attachments: attachments.clone(),
                },
                i as i64,
            );
            c.push(
                MessageBody::assistant(Reply {
                    content: format!("answer {i}"),
                    status: ReplyStatus::Done,
                    ..Reply::default()
                }),
                i as i64,
            );
        }
        glm_history::history_turns(&c)
    }

    fn json(messages: &[Message]) -> serde_json::Value {
        serde_json::to_value(messages).unwrap()
    }

    const PNG_DATA: &str = "data:image/png;base64,iVBORw0KGgo=";

    #[test]
    fn vision_models_get_every_visual_part_with_raw_base64() {
        let h = history(&[(
            "what is this?",
            vec![
                att(AttachmentKind::Image, PNG_DATA),
                att(AttachmentKind::Image, "https://x.test/b.jpg"),
                att(AttachmentKind::Video, "https://x.test/c.mp4"),
            ],
        )]);
        let sent = json(&fit_to_model(h, &model_info("glm-4.5v")));
        assert_eq!(
            sent[0]["content"],
            serde_json::json!([
                {"type": "image_url", "image_url": {"url": "iVBORw0KGgo="}},
                {"type": "image_url", "image_url": {"url": "https://x.test/b.jpg"}},
                {"type": "video_url", "video_url": {"url": "https://x.test/c.mp4"}},
                {"type": "text", "text": "what is this?"}
            ])
        );
        assert_eq!(sent[1]["content"], "answer 0");
    }

    #[test]
    fn file_parts_go_alone_and_only_to_models_with_file_input() {
        let h = history(&[
            ("look", vec![att(AttachmentKind::Image, PNG_DATA)]),
            ("read", vec![att(AttachmentKind::File, "https://x.test/d.pdf")]),
        ]);
        let sent = json(&fit_to_model(h.clone(), &model_info("glm-4.6v")));
        assert_eq!(
            sent[0]["content"], "look",
            "the older image gives way to the newer file"
        );
        assert_eq!(
            sent[2]["content"],
            serde_json::json!([
                {"type": "file_url", "file_url": {"url": "https://x.test/d.pdf"}},
                {"type": "text", "text": "read"}
            ])
        );
        // glm-4v-plus takes no files: the file is dropped, and the image (no longer in conflict) stays out too,
        // since the newest media message decided for files.
        let plus = json(&fit_to_model(h, &model_info("glm-4v-plus-0111")));
        assert_eq!(plus[2]["content"], "read");
        // The other way round: a newer image wins over an older file.
        let h = history(&[
            ("read", vec![att(AttachmentKind::File, "https://x.test/d.pdf")]),
            ("look", vec![att(AttachmentKind::Video, "https://x.test/v.mkv")]),
        ]);
        let sent = json(&fit_to_model(h, &model_info("glm-4.5v")));
        assert_eq!(sent[0]["content"], "read");
        assert_eq!(sent[2]["content"][0]["type"], "video_url");
    }

    #[test]
    fn the_newest_images_fill_the_model_budget() {
        let h = history(&[
            ("old", vec![att(AttachmentKind::Image, "https://x.test/1.png")]),
            (
                "new",
                vec![
                    att(AttachmentKind::Image, "https://x.test/2.png"),
                    att(AttachmentKind::Image, "https://x.test/3.png"),
                ],
            ),
        ]);
        let flash = json(&fit_to_model(h.clone(), &model_info("glm-4v-flash")));
        assert_eq!(flash[0]["content"], "old");
        assert_eq!(
            flash[2]["content"],
            serde_json::json!([
                {"type": "image_url", "image_url": {"url": "https://x.test/3.png"}},
                {"type": "text", "text": "new"}
            ])
        );
        let all = json(&fit_to_model(h, &model_info("glm-4.5v")));
        assert_eq!(all[0]["content"][0]["image_url"]["url"], "https://x.test/1.png");
        assert_eq!(all[2]["content"].as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn url_only_models_never_get_base64() {
        let h = history(&[(
            "two",
            vec![
                att(AttachmentKind::Image, PNG_DATA),
                att(AttachmentKind::Image, "https://x.test/b.png"),
            ],
        )]);
        let sent = json(&fit_to_model(h, &model_info("glm-4v-flash")));
        assert_eq!(sent[0]["content"][0]["image_url"]["url"], "https://x.test/b.png");
        assert_eq!(sent[0]["content"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn text_models_get_strings_only() {
        let h = history(&[
            ("see", vec![att(AttachmentKind::Image, PNG_DATA)]),
            (
                "hear",
                vec![att(AttachmentKind::Audio, "data:audio/wav;base64,UklGRg==")],
            ),
        ]);
        let sent = fit_to_model(h, &model_info("glm-4.5-flash"));
        for m in &sent {
            assert!(matches!(m.content, Some(MessageContent::Text(_))), "{m:?}");
        }
        assert_eq!(json(&sent)[2]["content"], "hear");
    }

    #[test]
    fn the_voice_model_gets_audio_and_text() {
        let h = history(&[(
            "repeat slowly",
            vec![
                att(AttachmentKind::Audio, "data:audio/wav;base64,UklGRg=="),
                att(AttachmentKind::Image, PNG_DATA),
            ],
        )]);
        let sent = fit_to_model(h, &model_info("glm-4-voice"));
        let Some(MessageContent::Parts(parts)) = &sent[0].content else {
            panic!("parts expected")
        };
        assert_eq!(
            parts,
            &vec![
                ContentPart::InputAudio {
                    input_audio: InputAudio {
                        data: "UklGRg==".into(),
                        format: "wav".into()
                    }
                },
                ContentPart::Text {
                    text: "repeat slowly".into()
                }
            ]
        );
        assert_eq!(sent[1].role, Role::Assistant);
    }

    #[test]
    fn glm_4v_plus_0111_gets_the_video_part_first() {
        let h = history(&[(
            "what happens?",
            vec![
                att(AttachmentKind::Image, "https://x.test/a.png"),
                att(AttachmentKind::Video, "https://x.test/v.mp4"),
                att(AttachmentKind::Image, "https://x.test/b.png"),
            ],
        )]);
        let video_first = serde_json::json!([
            {"type": "video_url", "video_url": {"url": "https://x.test/v.mp4"}},
            {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}},
            {"type": "image_url", "image_url": {"url": "https://x.test/b.png"}},
            {"type": "text", "text": "what happens?"}
        ]);
        for id in ["glm-4v-plus-0111", " GLM-4V-Plus-0111 "] {
            assert_eq!(
                json(&fit_to_model(h.clone(), &model_info(id)))[0]["content"],
                video_first,
                "{id}"
            );
        }
        // Other vision models keep the attachments' order.
        let other = json(&fit_to_model(h, &model_info("glm-4.5v")));
        assert_eq!(other[0]["content"][0]["type"], "image_url");
        assert_eq!(other[0]["content"][1]["type"], "video_url");
    }

    #[test]
    fn a_message_with_only_an_image_has_no_empty_text_part() {
        let h = history(&[("", vec![att(AttachmentKind::Image, PNG_DATA)])]);
        let sent = json(&fit_to_model(h, &model_info("glm-4.5v")));
        assert_eq!(
            sent[0]["content"],
            serde_json::json!([{"type": "image_url", "image_url": {"url": "iVBORw0KGgo="}}])
        );
    }
}
