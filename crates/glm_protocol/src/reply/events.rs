//! Turning one parsed completion (a stream chunk or a whole response) into reducer events.

use super::StreamEvent;
use crate::error::ApiError;
use crate::wire::{AssistantDelta, Completion};

/// The events carried by a chunk (`choices[].delta`) or a whole non-streamed response (`choices[].message`).
///
/// Only choice 0 is read: GLM returns one choice, and merging the text of several would garble it. Events come in
/// the order the UI wants to see them: metadata, early search results, text, then the closing data; an `error`
/// comes last so text that shares its frame is kept.
pub fn events_from_completion(c: Completion) -> Vec<StreamEvent> {
    let mut out = Vec::new();
    if c.id.is_some() || c.model.is_some() || c.created.is_some() || c.request_id.is_some() {
        out.push(StreamEvent::Meta {
            id: c.id,
            model: c.model,
            created: c.created,
            request_id: c.request_id,
        });
    }
    if let Some(results) = c.web_search.filter(|r| !r.is_empty()) {
        out.push(StreamEvent::WebSearch(results));
    }
    let mut finishes = Vec::new();
    for choice in c.choices.into_iter().filter(|choice| choice.index == 0) {
        for part in [choice.message, choice.delta].into_iter().flatten() {
            push_message(&mut out, part);
        }
        finishes.extend(choice.finish_reason);
    }
    if let Some(filters) = c.content_filter.filter(|f| !f.is_empty()) {
        out.push(StreamEvent::ContentFilter(filters));
    }
    if let Some(videos) = c.video_result.filter(|v| !v.is_empty()) {
        out.push(StreamEvent::Video(videos));
    }
    if let Some(usage) = c.usage {
        out.push(StreamEvent::Usage(usage));
    }
    out.extend(finishes.into_iter().map(StreamEvent::Finish));
    if let Some(detail) = c.error {
        out.push(StreamEvent::Error(ApiError::from_detail(&detail, None)));
    }
    out
}

fn push_message(out: &mut Vec<StreamEvent>, part: AssistantDelta) {
    if let Some(text) = part.reasoning_content.filter(|t| !t.is_empty()) {
        out.push(StreamEvent::Reasoning(text));
    }
    if let Some(text) = part.content.filter(|t| !t.is_empty()) {
        out.push(StreamEvent::Content(text));
    }
    out.extend(part.tool_calls.into_iter().map(StreamEvent::ToolCall));
    if let Some(audio) = part
        .audio
        .filter(|a| a.id.is_some() || a.data.is_some() || a.expires_at.is_some())
    {
        out.push(StreamEvent::Audio(audio));
    }
}
