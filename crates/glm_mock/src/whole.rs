//! Folds a scripted stream into the one JSON body a non-streamed request gets (`choices[0].message`).

use glm_protocol::wire::{AudioOut, Choice, Completion, ErrorDetail, ToolCall};

use crate::ask::Ask;
use crate::script::assistant;

/// The non-streamed completion the frames add up to, or the error one of them carries.
pub fn collapse(frames: &[Completion], ask: &Ask) -> Result<Completion, ErrorDetail> {
    let mut whole = Completion {
        object: Some("chat.completion".to_string()),
        ..Completion::default()
    };
    let (mut content, mut reasoning) = (String::new(), String::new());
    let mut message = assistant();
    let mut finish = None;
    for frame in frames {
        if let Some(error) = &frame.error {
            return Err(error.clone());
        }
        whole.id = whole.id.take().or(frame.id.clone());
        whole.created = whole.created.or(frame.created);
        whole.model = whole.model.take().or(frame.model.clone());
        for choice in &frame.choices {
            let Some(delta) = &choice.delta else { continue };
            content.push_str(delta.content.as_deref().unwrap_or(""));
            reasoning.push_str(delta.reasoning_content.as_deref().unwrap_or(""));
            if let Some(audio) = &delta.audio {
                merge_audio(message.audio.get_or_insert_with(AudioOut::default), audio);
            }
            for call in &delta.tool_calls {
                merge_tool_call(&mut message.tool_calls, call);
            }
            finish = choice.finish_reason.clone().or(finish);
        }
        whole.usage = frame.usage.or(whole.usage);
        whole.web_search = frame.web_search.clone().or(whole.web_search.take());
        whole.content_filter = frame.content_filter.clone().or(whole.content_filter.take());
        whole.video_result = frame.video_result.clone().or(whole.video_result.take());
    }
    for call in &mut message.tool_calls {
        call.index = None;
    }
    message.content = (!content.is_empty() || message.tool_calls.is_empty()).then_some(content);
    message.reasoning_content = (!reasoning.is_empty()).then_some(reasoning);
    whole.request_id = ask.request.request_id.clone().or(whole.id.clone());
    whole.choices = vec![Choice {
        index: 0,
        message: Some(message),
        delta: None,
        finish_reason: finish,
    }];
    Ok(whole)
}

fn merge_audio(into: &mut AudioOut, part: &AudioOut) {
    into.id = into.id.take().or(part.id.clone());
    into.expires_at = into.expires_at.or(part.expires_at);
    if let Some(data) = &part.data {
        into.data.get_or_insert_with(String::new).push_str(data);
    }
}

/// Fragments with the same `index` are one call: later fragments append to `arguments`.
fn merge_tool_call(calls: &mut Vec<ToolCall>, part: &ToolCall) {
    let Some(existing) = calls.iter_mut().find(|c| part.index.is_some() && c.index == part.index) else {
        calls.push(part.clone());
        return;
    };
    existing.id = existing.id.take().or(part.id.clone());
    existing.kind = existing.kind.take().or(part.kind.clone());
    existing.mcp = existing.mcp.take().or(part.mcp.clone());
    if let Some(function) = &part.function {
        let into = existing.function.get_or_insert_with(Default::default);
        into.name = into.name.take().or(function.name.clone());
        if let Some(arguments) = &function.arguments {
            into.arguments.get_or_insert_with(String::new).push_str(arguments);
        }
    }
}
