//! Separating what GLM puts inside `content` but the user should not see as the answer: `<think>` blocks and the
//! GLM-4.5V `<|begin_of_box|>` / `<|end_of_box|>` markers.

const THINK_OPEN: &str = "<think>";
const THINK_CLOSE: &str = "</think>";
const BOX_OPEN: &str = "<|begin_of_box|>";
const BOX_CLOSE: &str = "<|end_of_box|>";
const MARKERS: [&str; 4] = [THINK_OPEN, THINK_CLOSE, BOX_OPEN, BOX_CLOSE];

/// The content outside `<think>` blocks and the inner texts of those blocks (an unterminated last block runs to
/// the end).
fn split(content: &str) -> (String, Vec<&str>) {
    let mut visible = String::with_capacity(content.len());
    let mut thoughts = Vec::new();
    let mut rest = content;
    while let Some(open) = rest.find(THINK_OPEN) {
        visible.push_str(&rest[..open]);
        let inner = &rest[open + THINK_OPEN.len()..];
        match inner.find(THINK_CLOSE) {
            Some(close) => {
                thoughts.push(&inner[..close]);
                // The answer usually starts on a new line after the block; that break is layout, not content.
                rest = inner[close + THINK_CLOSE.len()..].trim_start_matches(['\r', '\n']);
            }
            None => {
                thoughts.push(inner);
                rest = "";
            }
        }
    }
    visible.push_str(rest);
    (visible, thoughts)
}

fn remove_markers(text: &str) -> String {
    [THINK_CLOSE, BOX_OPEN, BOX_CLOSE]
        .iter()
        .fold(text.to_string(), |acc, marker| acc.replace(marker, ""))
}

/// While streaming, a marker may have arrived only in part (`<|begin_of`); hold it back rather than flash it.
fn hold_back_partial_marker(text: &mut String) {
    let partial = MARKERS
        .iter()
        .flat_map(|marker| (1..marker.len()).map(move |len| &marker[..len]))
        .filter(|prefix| text.ends_with(prefix))
        .map(str::len)
        .max();
    if let Some(len) = partial {
        text.truncate(text.len() - len);
    }
}

pub(super) fn visible(content: &str, streaming: bool) -> String {
    let (visible, _) = split(content);
    let mut visible = remove_markers(&visible);
    if streaming {
        hold_back_partial_marker(&mut visible);
    }
    visible
}

pub(super) fn inline_reasoning(content: &str, streaming: bool) -> String {
    let (_, thoughts) = split(content);
    let last = thoughts.len().saturating_sub(1);
    thoughts
        .iter()
        .enumerate()
        .map(|(i, thought)| {
            let mut text = remove_markers(thought);
            // Only the last block can still be growing.
            if streaming && i == last {
                hold_back_partial_marker(&mut text);
            }
            text.trim().to_string()
        })
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
