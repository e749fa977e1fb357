//! Post-processing of inline runs: merging text, splitting out citations and bare URLs.

use crate::Inline;
use crate::citation::citation_refs;
use crate::url::safe_link;

/// Merges adjacent `Text` (the parser splits `[ref_1]` into `[`, `ref_1`, `]` because it looks
/// like a reference link), then splits each text into text, `Citation` and `Link` for bare
/// `http(s)://` URLs, which models write constantly and CommonMark ignores.
pub(crate) fn normalize(inlines: Vec<Inline>) -> Vec<Inline> {
    let merged = merge_text(inlines);
    if !merged.iter().any(|i| matches!(i, Inline::Text(_))) {
        return merged;
    }
    let mut out = Vec::with_capacity(merged.len());
    for inline in merged {
        match inline {
            Inline::Text(text) => split_text(text, &mut out),
            other => out.push(other),
        }
    }
    out
}

/// Only merges adjacent `Text`: used inside links, where a citation or a bare URL would
/// become an anchor nested in an anchor.
pub(crate) fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut merged: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (inline, merged.last_mut()) {
            (Inline::Text(t), Some(Inline::Text(prev))) => prev.push_str(&t),
            (Inline::Text(t), _) if t.is_empty() => {}
            (inline, _) => merged.push(inline),
        }
    }
    merged
}

fn split_text(text: String, out: &mut Vec<Inline>) {
    let markers = citation_refs(&text);
    if markers.is_empty() && !might_have_url(&text) {
        out.push(Inline::Text(text));
        return;
    }
    let mut at = 0;
    for (range, refer) in markers {
        push_plain(&text[at..range.start], out);
        let marker = text[range.clone()].to_string();
        out.push(Inline::Citation { refer, marker });
        at = range.end;
    }
    push_plain(&text[at..], out);
}

fn might_have_url(text: &str) -> bool {
    text.contains("://")
}

/// Pushes `text`, turning bare URLs into links.
fn push_plain(text: &str, out: &mut Vec<Inline>) {
    let mut at = 0;
    if might_have_url(text) {
        while let Some((range, href)) = next_url(text, at) {
            push_text(&text[at..range.start], out);
            let shown = text[range.clone()].to_string();
            out.push(Inline::Link {
                href,
                title: None,
                children: vec![Inline::Text(shown)],
            });
            at = range.end;
        }
    }
    push_text(&text[at..], out);
}

fn push_text(text: &str, out: &mut Vec<Inline>) {
    if !text.is_empty() {
        out.push(Inline::Text(text.to_string()));
    }
}

/// The next bare `http://` / `https://` URL at or after `from`, GFM-style: starts at a word
/// boundary (CJK may touch it: Chinese text has no spaces), ends at whitespace or CJK punctuation, trailing punctuation and unbalanced
/// closing brackets are not part of it.
fn next_url(text: &str, mut from: usize) -> Option<(std::ops::Range<usize>, String)> {
    loop {
        let rel = find_scheme(&text[from..])?;
        let start = from + rel;
        let boundary = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '/' && c != '@');
        let body_len = text[start..].find(|c: char| ends_url(c)).unwrap_or(text.len() - start);
        let end = start + trim_url_end(&text[start..start + body_len]);
        if boundary && let Some(href) = safe_link(&text[start..end]) {
            return Some((start..end, href));
        }
        from = start + 1;
    }
}

fn find_scheme(text: &str) -> Option<usize> {
    text.match_indices("://").find_map(|(i, _)| {
        ["https", "http"].into_iter().find_map(|scheme| {
            let start = i.checked_sub(scheme.len())?;
            let word = text.get(start..i)?;
            word.eq_ignore_ascii_case(scheme).then_some(start)
        })
    })
}

fn ends_url(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '<' | '>' | '"' | '`')
        // CJK symbols and punctuation, full-width forms: Chinese text glues them to URLs.
        || ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{ff00}'..='\u{ff65}').contains(&c)
}

/// Length of `url` without trailing punctuation that belongs to the sentence.
fn trim_url_end(url: &str) -> usize {
    let mut end = url.len();
    loop {
        let Some(last) = url[..end].chars().next_back() else {
            return end;
        };
        let unbalanced = |open: char, close: char| {
            last == close && url[..end].matches(close).count() > url[..end].matches(open).count()
        };
        if matches!(last, '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~')
            || unbalanced('(', ')')
            || unbalanced('[', ']')
        {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

/// `<br>`, `<br/>`, `<br />` in any case: models put them in table cells to break lines.
pub(crate) fn is_line_break_tag(html: &str) -> bool {
    let html = html.trim();
    let Some(rest) = html
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("<br"))
        .map(|_| &html[3..])
    else {
        return false;
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    rest == ">"
}
