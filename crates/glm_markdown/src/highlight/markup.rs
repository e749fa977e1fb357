//! HTML and XML: comments, doctypes and processing instructions, tag names, attributes, quoted values, entities.

use std::ops::Range;

use super::Highlight;

pub fn lex(code: &str) -> Vec<(Range<usize>, Highlight)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut push = |range: Range<usize>, what| {
        if range.end > range.start {
            out.push((range, what));
        }
    };
    let find = |from: usize, pat: &str| code[from..].find(pat).map(|k| from + k);
    let mut i = 0;
    while i < b.len() {
        if !matches!(b[i], b'<' | b'&') {
            i += 1;
            continue;
        }
        let rest = &code[i..];
        if rest.starts_with("<!--") {
            let end = find(i + 4, "-->").map_or(b.len(), |k| k + 3);
            push(i..end, Highlight::Comment);
            i = end;
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = find(i, ">").map_or(b.len(), |k| k + 1);
            push(i..end, Highlight::Meta);
            i = end;
        } else if b[i] == b'<' {
            let name = i + 1 + usize::from(b.get(i + 1) == Some(&b'/'));
            if !b.get(name).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
                continue;
            }
            let name_end = name_end(b, name);
            push(name..name_end, Highlight::Tag);
            i = tag_body(code, name_end, &mut push);
        } else {
            let end = rest
                .bytes()
                .take(12)
                .position(|c| c == b';')
                .filter(|&k| k > 1 && rest[1..k].bytes().all(|c| c.is_ascii_alphanumeric() || c == b'#'));
            match end {
                Some(k) => {
                    push(i..i + k + 1, Highlight::Literal);
                    i += k + 1;
                }
                None => i += 1,
            }
        }
    }
    out
}

fn name_end(b: &[u8], mut j: usize) -> usize {
    while b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'_' | b'-' | b'.'))
    {
        j += 1;
    }
    j
}

/// Attributes and values after a tag's name, up to and including its `>`; returns where it ends.
fn tag_body(code: &str, mut j: usize, push: &mut impl FnMut(Range<usize>, Highlight)) -> usize {
    let b = code.as_bytes();
    while j < b.len() {
        match b[j] {
            b'>' => return j + 1,
            q @ (b'"' | b'\'') => {
                let end = code[j + 1..].find(q as char).map_or(b.len(), |k| j + 1 + k + 1);
                push(j..end, Highlight::String);
                j = end;
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'@' || c == b':' => {
                let end = name_end(b, j + 1);
                push(j..end, Highlight::Attribute);
                j = end;
            }
            // A `<` before any `>`: the tag was never closed; let the caller see the next one.
            b'<' => return j,
            _ => j += 1,
        }
    }
    j
}
