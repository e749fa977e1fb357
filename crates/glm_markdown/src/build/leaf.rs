//! Recognising the start of each kind of block on a line, from the text after its indentation.

use super::inlines::{html_tag, link_destination, link_title, unescape};
use crate::Align;

const MAX_LANG_LEN: usize = 32;

/// `# Title ##` → (1, "Title").
pub(super) fn atx_heading(s: &str) -> Option<(u8, &str)> {
    let level = s.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &s[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut text = rest.trim_matches([' ', '\t']);
    // A closing run of `#` counts only after a space (or as the whole text).
    let closing = text.trim_end_matches('#');
    if closing.is_empty() || closing.ends_with([' ', '\t']) {
        text = closing.trim_end_matches([' ', '\t']);
    }
    Some((level as u8, text))
}

/// An opening code fence: its character, its length and the info string.
pub(super) fn fence_open(s: &str) -> Option<(u8, usize, &str)> {
    let ch = *s.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = s.bytes().take_while(|&b| b == ch).count();
    let info = s[len..].trim_matches([' ', '\t']);
    (len >= 3 && !(ch == b'`' && info.contains('`'))).then_some((ch, len, info))
}

pub(super) fn is_fence_close(s: &str, ch: u8, len: usize) -> bool {
    let run = s.bytes().take_while(|&b| b == ch).count();
    run >= len && s[run..].trim_matches([' ', '\t']).is_empty()
}

/// A display formula opening a line (`$$` or `\[`): its closing delimiter, the text after the opener (the
/// formula itself when it closes on this line), and whether it does. A formula followed by more text on its line
/// is not a block: that line is a paragraph with the formula inline.
pub(super) fn math_open(s: &str) -> Option<(&'static str, &str, bool)> {
    let (close, rest) = match s.strip_prefix("$$") {
        Some(r) if !r.starts_with('$') => ("$$", r),
        Some(_) => return None,
        None => ("\\]", s.strip_prefix("\\[")?),
    };
    let trimmed = rest.trim_end_matches([' ', '\t']);
    match trimmed.find(close) {
        None => Some((close, rest, false)),
        Some(k) if k + close.len() == trimmed.len() && !trimmed[..k].trim().is_empty() => {
            Some((close, &trimmed[..k], true))
        }
        Some(_) => None,
    }
}

/// The formula's text before `close` when `line` ends with it.
pub(super) fn math_close<'a>(line: &'a str, close: &str) -> Option<&'a str> {
    line.trim_end_matches([' ', '\t']).strip_suffix(close)
}

/// The first word of a fence's info string, cut at the first character outside `[A-Za-z0-9_+#.-]` (so
/// `rust,ignore` is `rust`), at most 32 characters: safe to use as a class name.
pub(super) fn code_lang(info: &str) -> Option<String> {
    let allowed = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '#' | '.' | '-');
    let lang: String = info.chars().take_while(allowed).take(MAX_LANG_LEN).collect();
    (!lang.is_empty()).then_some(lang)
}

/// `***`, `- - -`, `___`: three or more of one of `*-_`, spaces allowed between.
pub(super) fn is_thematic_break(s: &str) -> bool {
    let Some(ch) = s.bytes().next().filter(|b| matches!(b, b'*' | b'-' | b'_')) else {
        return false;
    };
    let mut count = 0;
    for b in s.bytes() {
        match b {
            b' ' | b'\t' => {}
            b if b == ch => count += 1,
            _ => return false,
        }
    }
    count >= 3
}

/// `===` (level 1) or `---` (level 2) under a paragraph.
pub(super) fn setext_level(s: &str) -> Option<u8> {
    let ch = *s.as_bytes().first()?;
    let level = match ch {
        b'=' => 1,
        b'-' => 2,
        _ => return None,
    };
    let run = s.bytes().take_while(|&b| b == ch).count();
    s[run..].trim_matches([' ', '\t']).is_empty().then_some(level)
}

/// A list item marker: `-`, `+`, `*`, or up to 9 digits and `.` or `)`, followed by a space, a tab or the end.
#[derive(Clone, Copy)]
pub(super) struct Marker {
    pub ordered: bool,
    pub start: u64,
    /// The bullet, or the delimiter after the number: items of one list share it.
    pub kind: u8,
    /// Bytes of the marker itself.
    pub width: usize,
}

pub(super) fn list_marker(s: &str) -> Option<Marker> {
    let bytes = s.as_bytes();
    let (marker, width) = match bytes.first()? {
        b @ (b'-' | b'+' | b'*') => (
            Marker {
                ordered: false,
                start: 0,
                kind: *b,
                width: 1,
            },
            1,
        ),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let kind = *bytes.get(digits).filter(|b| matches!(b, b'.' | b')'))?;
            if digits > 9 {
                return None;
            }
            let start = s[..digits].parse().ok()?;
            (
                Marker {
                    ordered: true,
                    start,
                    kind,
                    width: digits + 1,
                },
                digits + 1,
            )
        }
        _ => return None,
    };
    matches!(bytes.get(width), None | Some(b' ' | b'\t')).then_some(marker)
}

/// `[ ]`, `[x]` or `[X]` and a space at the start of a list item.
pub(super) fn task_marker(s: &str) -> Option<bool> {
    let checked = match s.get(..3)? {
        "[ ]" => false,
        "[x]" | "[X]" => true,
        _ => return None,
    };
    let rest = &s[3..];
    (rest.starts_with([' ', '\t']) && !rest.trim_matches([' ', '\t']).is_empty()).then_some(checked)
}

/// How an HTML block ends.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum HtmlEnd {
    /// At the line containing this (case-insensitive for the closing tags).
    Contains(&'static str),
    /// Before the next blank line.
    Blank,
}

const RAW_TAGS: [(&str, &str); 4] = [
    ("script", "</script>"),
    ("pre", "</pre>"),
    ("style", "</style>"),
    ("textarea", "</textarea>"),
];

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// The start of an HTML block (CommonMark's seven kinds). `interrupting`: a paragraph is open, which only the
/// first six kinds may interrupt.
pub(super) fn html_start(s: &str, interrupting: bool) -> Option<HtmlEnd> {
    let rest = s.strip_prefix('<')?;
    let lower = |n: usize| rest.get(..n).map(str::to_ascii_lowercase);
    let ends_name = |n: usize| rest[n..].is_empty() || rest[n..].starts_with([' ', '\t', '>']);
    for (tag, end) in RAW_TAGS {
        if lower(tag.len()).as_deref() == Some(tag) && ends_name(tag.len()) {
            return Some(HtmlEnd::Contains(end));
        }
    }
    if rest.starts_with("!--") {
        return Some(HtmlEnd::Contains("-->"));
    }
    if rest.starts_with('?') {
        return Some(HtmlEnd::Contains("?>"));
    }
    if rest.starts_with("![CDATA[") {
        return Some(HtmlEnd::Contains("]]>"));
    }
    if rest.starts_with('!') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some(HtmlEnd::Contains(">"));
    }
    let name_at = usize::from(rest.starts_with('/'));
    let name_len = rest[name_at..].bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = rest[name_at..name_at + name_len].to_ascii_lowercase();
    let after = &rest[name_at + name_len..];
    if name_len > 0
        && BLOCK_TAGS.contains(&name.as_str())
        && (after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>"))
    {
        return Some(HtmlEnd::Blank);
    }
    // Any other complete tag alone on its line.
    if !interrupting
        && let Some(end) = html_tag(s, 0)
        && !s[..end].contains('\n')
        && s[end..].trim_matches([' ', '\t']).is_empty()
        && !RAW_TAGS.iter().any(|(t, _)| name == *t)
    {
        return Some(HtmlEnd::Blank);
    }
    None
}

pub(super) fn html_ends(end: HtmlEnd, line: &str) -> bool {
    match end {
        HtmlEnd::Contains(marker) if marker.starts_with("</") => line.to_ascii_lowercase().contains(marker),
        HtmlEnd::Contains(marker) => line.contains(marker),
        HtmlEnd::Blank => false,
    }
}

/// A link reference definition that fills the whole line: `[label]: destination "optional title"`.
pub(super) struct Definition {
    pub label: String,
    pub dest: String,
    pub title: Option<String>,
}

pub(super) fn definition(s: &str) -> Option<Definition> {
    let body = s.strip_prefix('[')?;
    let bytes = body.as_bytes();
    let mut end = 0;
    while end < bytes.len() && bytes[end] != b']' {
        match bytes[end] {
            b'[' => return None,
            b'\\' => end += 2,
            _ => end += 1,
        }
    }
    let label = body.get(..end)?;
    if label.trim().is_empty() || label.len() > 999 || !body[end..].starts_with("]:") {
        return None;
    }
    let after = &body[end + 2..];
    let dest_at = after.len() - after.trim_start_matches([' ', '\t']).len();
    let (dest, dest_end) = link_destination(after, dest_at)?;
    let rest = &after[dest_end..];
    let spaced = rest.trim_start_matches([' ', '\t']);
    if spaced.is_empty() {
        return Some(Definition {
            label: label.to_string(),
            dest,
            title: None,
        });
    }
    if spaced.len() == rest.len() {
        return None; // a title must be separated from the destination
    }
    let (title, title_end) = link_title(spaced, 0)?;
    spaced[title_end..]
        .trim_matches([' ', '\t'])
        .is_empty()
        .then(|| Definition {
            label: label.to_string(),
            dest,
            title: Some(title).filter(|t| !t.is_empty()),
        })
}

/// A definition label for matching duplicates: ASCII case-folded, inner whitespace collapsed. (Unicode case folding
/// would bring its tables into the wasm, about 8 KB gzip, for labels that are practically always ASCII.)
pub(super) fn label_key(label: &str) -> String {
    unescape(label)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// The cells of a table row: split at `|` except where escaped or inside a code span; `\|` becomes `|`, in code
/// spans too (as in GFM, where a `|` in a code span must be escaped).
pub(super) fn split_row(line: &str) -> Vec<String> {
    let line = line.trim_matches([' ', '\t']);
    let line = line.strip_prefix('|').unwrap_or(line);
    let bytes = line.as_bytes();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut i = 0;
    let mut from = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1) == Some(&b'|') => {
                cell.push_str(&line[from..i]);
                cell.push('|');
                i += 2;
                from = i;
            }
            b'\\' => i += 2,
            b'`' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                match closing_backticks(bytes, i + run, run) {
                    Some(end) => {
                        // GFM unescapes `\|` even inside a code span in a cell.
                        cell.push_str(&line[from..i]);
                        cell.push_str(&line[i..end].replace("\\|", "|"));
                        i = end;
                        from = i;
                    }
                    None => i += run,
                }
            }
            b'|' => {
                cell.push_str(&line[from..i]);
                cells.push(std::mem::take(&mut cell));
                i += 1;
                from = i;
            }
            _ => i += 1,
        }
    }
    let i = i.min(bytes.len());
    cell.push_str(&line[from..i]);
    // A trailing `|` closes the last cell rather than opening an empty one.
    if !cell.trim().is_empty() || cells.is_empty() {
        cells.push(cell);
    }
    cells
        .into_iter()
        .map(|c| c.trim_matches([' ', '\t']).to_string())
        .collect()
}

/// Where a run of exactly `run` backticks starting at or after `from` ends.
fn closing_backticks(bytes: &[u8], mut from: usize, run: usize) -> Option<usize> {
    while from < bytes.len() {
        if bytes[from] == b'`' {
            let n = bytes[from..].iter().take_while(|&&b| b == b'`').count();
            if n == run {
                return Some(from + n);
            }
            from += n;
        } else {
            from += 1;
        }
    }
    None
}

/// A table's delimiter row (`|:--|:-:|--:|`): one alignment per column. It must contain a `|`, so that `---`
/// under a line stays a heading underline.
pub(super) fn delimiter_row(line: &str) -> Option<Vec<Align>> {
    if !line.contains('|') {
        return None;
    }
    let cells = split_row(line);
    cells
        .iter()
        .map(|cell| {
            let left = cell.starts_with(':');
            let right = cell.ends_with(':') && cell.len() > 1;
            let dashes = cell.trim_start_matches(':').trim_end_matches(':');
            (!dashes.is_empty() && dashes.bytes().all(|b| b == b'-')).then_some(match (left, right) {
                (true, true) => Align::Center,
                (true, false) => Align::Left,
                (false, true) => Align::Right,
                (false, false) => Align::None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_fences_and_rules() {
        assert_eq!(atx_heading("## Title ##"), Some((2, "Title")));
        assert_eq!(atx_heading("# a #b"), Some((1, "a #b")));
        assert_eq!(atx_heading("#"), Some((1, "")));
        assert_eq!(atx_heading("# #"), Some((1, "")));
        assert_eq!(atx_heading("#x"), None);
        assert_eq!(atx_heading("####### seven"), None);
        assert_eq!(fence_open("```rust extra"), Some((b'`', 3, "rust extra")));
        assert_eq!(fence_open("``` a`b"), None);
        assert_eq!(fence_open("~~~~ a`b"), Some((b'~', 4, "a`b")));
        assert!(is_fence_close("````  ", b'`', 3));
        assert!(!is_fence_close("``", b'`', 3));
        assert!(!is_fence_close("``` x", b'`', 3));
        assert!(is_thematic_break("- - -") && is_thematic_break("___") && !is_thematic_break("--a"));
        assert_eq!(setext_level("==="), Some(1));
        assert_eq!(setext_level("- -"), None);
    }

    #[test]
    fn list_and_task_markers() {
        let m = list_marker("12) x").unwrap();
        assert!(m.ordered && m.start == 12 && m.kind == b')' && m.width == 3);
        assert!(list_marker("-").is_some());
        assert!(list_marker("-x").is_none());
        assert!(list_marker("1234567890. x").is_none());
        assert_eq!(task_marker("[x] done"), Some(true));
        assert_eq!(task_marker("[ ] todo"), Some(false));
        assert_eq!(task_marker("[x]"), None);
        assert_eq!(task_marker("[y] no"), None);
    }

    #[test]
    fn html_block_kinds() {
        assert_eq!(html_start("<script>", false), Some(HtmlEnd::Contains("</script>")));
        assert_eq!(html_start("<!-- c", false), Some(HtmlEnd::Contains("-->")));
        assert_eq!(html_start("<div class=x>", true), Some(HtmlEnd::Blank));
        assert_eq!(html_start("</table>", true), Some(HtmlEnd::Blank));
        assert_eq!(html_start("<a href=\"x\">", false), Some(HtmlEnd::Blank));
        assert_eq!(html_start("<a href=\"x\">", true), None);
        assert_eq!(html_start("<a href=\"x\">text", false), None);
        assert_eq!(html_start("<scripts>", true), None);
        assert!(html_ends(HtmlEnd::Contains("</script>"), "x</SCRIPT>"));
    }

    #[test]
    fn definitions_fill_the_line() {
        let d = definition("[Docs]: <https://x.com/a b> 'T'").unwrap();
        assert_eq!(
            (d.label.as_str(), d.dest.as_str(), d.title.as_deref()),
            ("Docs", "https://x.com/a b", Some("T"))
        );
        assert!(definition("[a]: https://x.com trailing").is_none());
        assert!(definition("[a]: <https://x.com>\"t\"").is_none());
        assert!(definition("[a]:").is_none());
        assert!(definition("[]: x").is_none());
        assert_eq!(label_key(" Foo   BAR "), "foo bar");
    }

    #[test]
    fn rows_split_outside_code_spans_and_escapes() {
        assert_eq!(
            split_row("| a | `b|c` | d\\|e | `f\\|g` |"),
            vec!["a", "`b|c`", "d|e", "`f|g`"]
        );
        assert_eq!(split_row("a | b"), vec!["a", "b"]);
        assert_eq!(split_row("| x |"), vec!["x"]);
        assert_eq!(split_row("| `unclosed | y |"), vec!["`unclosed", "y"]);
        assert_eq!(split_row("|"), vec![""]);
        assert_eq!(
            delimiter_row("|:--|:-:|--:|---|"),
            Some(vec![Align::Left, Align::Center, Align::Right, Align::None])
        );
        assert_eq!(delimiter_row("---"), None);
        assert_eq!(delimiter_row("|--|x|"), None);
    }
}
