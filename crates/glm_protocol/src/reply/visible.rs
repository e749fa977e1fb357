//! Separating what GLM puts inside `content` but the user should not see as the answer: `<think>` blocks and the
//! GLM-4.5V `<|begin_of_box|>` / `<|end_of_box|>` markers.

const THINK_OPEN: &str = "<think>";
const THINK_CLOSE: &str = "</think>";
const BOX_OPEN: &str = "<|begin_of_box|>";
const BOX_CLOSE: &str = "<|end_of_box|>";

/// The answer and the thought of a leading `<think>…</think>` block. GLM puts that block only at the very start of
/// `content`; the same words anywhere else are the model talking about the tags (e.g. in code) and stay as they are.
/// An unterminated block runs to the end (it is still streaming, or was cut off).
fn split(content: &str, streaming: bool) -> (&str, Option<&str>) {
    let lead = content.trim_start();
    if streaming && !lead.is_empty() && THINK_OPEN.starts_with(lead) {
        // `<thi` so far: hold it back rather than flash it.
        return ("", None);
    }
    let Some(inner) = lead.strip_prefix(THINK_OPEN) else {
        return (content, None);
    };
    match inner.find(THINK_CLOSE) {
        // The answer usually starts on a new line after the block; that break is layout, not content.
        Some(close) => (
            inner[close + THINK_CLOSE.len()..].trim_start_matches(['\r', '\n']),
            Some(&inner[..close]),
        ),
        None => ("", Some(inner)),
    }
}

/// Replaces each `<|begin_of_box|>X<|end_of_box|>` pair by `X`. While streaming, an opened box whose end has not
/// arrived yet is shown without its marker; once finished, a lone marker is left as written.
fn unbox(text: &str, streaming: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(BOX_OPEN) {
        let after = &rest[open + BOX_OPEN.len()..];
        match after.find(BOX_CLOSE) {
            Some(close) => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &after[close + BOX_CLOSE.len()..];
            }
            None if streaming => {
                out.push_str(&rest[..open]);
                rest = after;
                break;
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// While streaming, a marker may have arrived only in part (`<|begin_of`); hold it back rather than flash it.
fn hold_back_partial_marker(text: &mut String, markers: &[&str]) {
    let partial = markers
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
    let (answer, _) = split(content, streaming);
    let mut visible = unbox(answer, streaming);
    if streaming {
        hold_back_partial_marker(&mut visible, &[BOX_OPEN, BOX_CLOSE]);
    }
    visible
}

pub(super) fn inline_reasoning(content: &str, streaming: bool) -> String {
    let Some(thought) = split(content, streaming).1 else {
        return String::new();
    };
    let mut text = thought.to_string();
    if streaming {
        hold_back_partial_marker(&mut text, &[THINK_CLOSE]);
    }
    text.trim().to_string()
}
