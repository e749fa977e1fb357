//! How repeated and fragmented stream data combines into one reply: tool-call fragments, audio pieces, search
//! results that may arrive twice.

use crate::wire::{AudioOut, McpCall, ToolCall, WebSearchResult};

/// Takes a value that is present; says whether it differed.
pub(super) fn set_if_some<T: PartialEq>(slot: &mut Option<T>, value: Option<T>) -> bool {
    match value {
        Some(value) if slot.as_ref() != Some(&value) => {
            *slot = Some(value);
            true
        }
        _ => false,
    }
}

/// Fills a field the first time it is seen; an empty string counts as unseen.
fn fill<T: IsBlank>(slot: &mut Option<T>, value: Option<T>) {
    if slot.as_ref().is_none_or(IsBlank::is_blank) && value.as_ref().is_some_and(|v| !v.is_blank()) {
        *slot = value;
    }
}

trait IsBlank {
    fn is_blank(&self) -> bool;
}

impl IsBlank for String {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl IsBlank for serde_json::Value {
    fn is_blank(&self) -> bool {
        self.is_null()
    }
}

fn non_empty(id: &Option<String>) -> Option<&str> {
    id.as_deref().filter(|id| !id.is_empty())
}

fn append(slot: &mut Option<String>, more: Option<String>) {
    match (slot.as_mut(), more) {
        (Some(text), Some(more)) => text.push_str(&more),
        (None, more) => *slot = more,
        (Some(_), None) => {}
    }
}

/// Merges a tool-call fragment: by `index` when it has one (a different `id` at the same index is a new call),
/// else by `id`; otherwise it is a call of its own.
pub(super) fn tool_call(calls: &mut Vec<ToolCall>, fragment: ToolCall) {
    let id = non_empty(&fragment.id);
    let slot = match (fragment.index, id) {
        (Some(index), _) => calls.iter().rposition(|call| {
            call.index == Some(index) && (id.is_none() || non_empty(&call.id).is_none() || non_empty(&call.id) == id)
        }),
        (None, Some(_)) => calls.iter().rposition(|call| non_empty(&call.id) == id),
        (None, None) => None,
    };
    let Some(call) = slot.and_then(|i| calls.get_mut(i)) else {
        calls.push(fragment);
        return;
    };
    call.index = call.index.or(fragment.index);
    fill(&mut call.id, fragment.id);
    fill(&mut call.kind, fragment.kind);
    match (call.function.as_mut(), fragment.function) {
        (Some(function), Some(more)) => {
            fill(&mut function.name, more.name);
            append(&mut function.arguments, more.arguments);
        }
        (None, more) => call.function = more,
        (Some(_), None) => {}
    }
    match (call.mcp.as_mut(), fragment.mcp) {
        (Some(mcp), Some(more)) => merge_mcp(mcp, more),
        (None, more) => call.mcp = more,
        (Some(_), None) => {}
    }
}

fn merge_mcp(mcp: &mut McpCall, more: McpCall) {
    fill(&mut mcp.id, more.id);
    fill(&mut mcp.kind, more.kind);
    fill(&mut mcp.server_label, more.server_label);
    fill(&mut mcp.name, more.name);
    set_if_some(&mut mcp.error, more.error);
    append(&mut mcp.arguments, more.arguments);
    if mcp.tools.is_empty() {
        mcp.tools = more.tools;
    }
    set_if_some(&mut mcp.output, more.output);
}

/// glm-4-voice may split the base64 audio across chunks; the pieces concatenate.
pub(super) fn audio(slot: &mut Option<AudioOut>, more: AudioOut) {
    match slot {
        None => *slot = Some(more),
        Some(audio) => {
            fill(&mut audio.id, more.id);
            append(&mut audio.data, more.data);
            audio.expires_at = audio.expires_at.or(more.expires_at);
        }
    }
}

/// Results may come on the first chunk, the last, or both; one per `refer` + `link`, the later copy winning.
pub(super) fn web_search(results: &mut Vec<WebSearchResult>, more: Vec<WebSearchResult>) -> bool {
    let mut changed = false;
    for result in more {
        match results
            .iter_mut()
            .find(|r| r.refer == result.refer && r.link == result.link)
        {
            Some(existing) if *existing == result => {}
            Some(existing) => {
                *existing = result;
                changed = true;
            }
            None => {
                results.push(result);
                changed = true;
            }
        }
    }
    changed
}

/// Appends the items not already present.
pub(super) fn append_new<T: PartialEq>(items: &mut Vec<T>, more: Vec<T>) -> bool {
    let before = items.len();
    for item in more {
        if !items.contains(&item) {
            items.push(item);
        }
    }
    items.len() != before
}
