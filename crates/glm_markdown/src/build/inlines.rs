//! Inline Markdown: code spans, emphasis (CommonMark's delimiter algorithm), `~~strike~~`, inline links and
//! images, autolinks, escapes, character references, line breaks, formulas; raw HTML stays text.
//!
//! Reference-style links (`[text][id]`, `[id]`) are left as the text they were written as: a definition may come
//! later in the reply than its use, and a streamed block already on screen cannot be revisited.

use super::MAX_INLINE_DEPTH;
use crate::Inline;
use crate::entity::entity_at;
use crate::inline::{is_line_break_tag, merge_text, normalize};
use crate::text::inline_text;
use crate::url::{safe_image, safe_link};

/// The inlines of a paragraph, heading or table cell (`text` has its lines joined with `\n`).
pub(crate) fn parse_inlines(text: &str) -> Vec<Inline> {
    let mut scan = Scanner {
        src: text,
        pieces: Vec::new(),
        brackets: Vec::new(),
        next_seq: 0,
        plain: 0,
        closers: [(usize::MAX, None); 4],
    };
    scan.run();
    let mut pieces = scan.pieces;
    process_emphasis(&mut pieces, 0);
    tidy(pieces.into_iter().map(Piece::into_inline).collect(), false)
}

/// Merges text and, outside links, splits out citations and bare URLs, at every level.
fn tidy(inlines: Vec<Inline>, in_link: bool) -> Vec<Inline> {
    let inlines = inlines
        .into_iter()
        .map(|inline| match inline {
            Inline::Emphasis(c) => Inline::Emphasis(tidy(c, in_link)),
            Inline::Strong(c) => Inline::Strong(tidy(c, in_link)),
            Inline::Strike(c) => Inline::Strike(tidy(c, in_link)),
            Inline::Link { href, title, children } => Inline::Link {
                href,
                title,
                children: tidy(children, true),
            },
            other => other,
        })
        .collect();
    if in_link {
        merge_text(inlines)
    } else {
        normalize(inlines)
    }
}

enum Piece {
    Text(String),
    Delim(Delim),
    /// A finished inline and the nesting depth of its deepest part.
    Node(Inline, usize),
    /// `[` or `![` that may still open a link or image.
    Open {
        image: bool,
        active: bool,
    },
}

struct Delim {
    ch: u8,
    len: usize,
    orig: usize,
    open: bool,
    close: bool,
    /// Order of appearance, which wrapping never changes (indexes into `pieces` do).
    seq: usize,
}

impl Piece {
    fn depth(&self) -> usize {
        match self {
            Piece::Node(_, d) => *d,
            _ => 0,
        }
    }

    fn into_inline(self) -> Inline {
        match self {
            Piece::Text(t) => Inline::Text(t),
            Piece::Delim(d) => Inline::Text((d.ch as char).to_string().repeat(d.len)),
            Piece::Node(inline, _) => inline,
            Piece::Open { image, .. } => Inline::Text(if image { "![" } else { "[" }.into()),
        }
    }
}

struct Scanner<'a> {
    src: &'a str,
    pieces: Vec<Piece>,
    /// Indexes of `Piece::Open` in `pieces`, innermost last.
    brackets: Vec<usize>,
    next_seq: usize,
    /// Start of the plain text not yet pushed.
    plain: usize,
    /// Per formula closer (`$`, `$$`, `\)`, `\]`): the last search, as (from, the first closer at or after it).
    /// Every opener between `from` and that closer has the same answer, which keeps text full of `$` linear.
    closers: [(usize, Option<usize>); 4],
}

/// The formula delimiters: (opener, closer, display).
const MATH: [(&str, &str, bool); 4] = [
    ("$", "$", false),
    ("$$", "$$", true),
    ("\\(", "\\)", false),
    ("\\[", "\\]", true),
];

impl Scanner<'_> {
    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            i = match bytes[i] {
                b'\\' => self.escape(i),
                b'`' => self.code_span(i),
                b'*' | b'_' | b'~' => self.delimiter_run(i),
                b'$' => self.dollar(i),
                b'[' => self.open_bracket(i, false),
                b'!' if bytes.get(i + 1) == Some(&b'[') => self.open_bracket(i, true),
                b']' => self.close_bracket(i),
                b'<' => self.angle(i),
                b'&' => self.entity(i),
                b'\n' => self.line_break(i),
                _ => i + 1,
            };
        }
        self.flush(bytes.len());
    }

    /// Pushes the plain text before `end`.
    fn flush(&mut self, end: usize) {
        if end > self.plain {
            let text = &self.src[self.plain..end];
            match self.pieces.last_mut() {
                Some(Piece::Text(prev)) => prev.push_str(text),
                _ => self.pieces.push(Piece::Text(text.to_string())),
            }
        }
        self.plain = end;
    }

    /// Pushes `piece` in place of `src[at..end]`; returns `end`.
    fn replace(&mut self, at: usize, end: usize, piece: Piece) -> usize {
        self.flush(at);
        match (piece, self.pieces.last_mut()) {
            (Piece::Text(t), Some(Piece::Text(prev))) => prev.push_str(&t),
            (piece, _) => self.pieces.push(piece),
        }
        self.plain = end;
        end
    }

    fn escape(&mut self, i: usize) -> usize {
        let kind = match self.src.as_bytes().get(i + 1) {
            Some(b'(') => Some(2),
            Some(b'[') => Some(3),
            _ => None,
        };
        if let Some(end) = kind.and_then(|k| self.formula(i, k)) {
            return end;
        }
        match self.src.as_bytes().get(i + 1) {
            Some(b'\n') => {
                let end = skip_spaces(self.src, i + 2);
                self.replace(i, end, Piece::Node(Inline::HardBreak, 0))
            }
            Some(&b) if b.is_ascii_punctuation() => self.replace(i, i + 2, Piece::Text((b as char).to_string())),
            _ => i + 1,
        }
    }

    fn code_span(&mut self, i: usize) -> usize {
        let bytes = self.src.as_bytes();
        let run = run_len(bytes, i, b'`');
        let mut j = i + run;
        while let Some(k) = self.src[j..].find('`').map(|k| j + k) {
            let close = run_len(bytes, k, b'`');
            if close == run {
                let code = code_text(&self.src[i + run..k]);
                return self.replace(i, k + close, Piece::Node(Inline::Code(code), 0));
            }
            j = k + close;
        }
        // No closing run: the backticks are literal.
        i + run
    }

    /// `$` or `$$` at `i`: a formula when it opens one, else literal dollars.
    fn dollar(&mut self, i: usize) -> usize {
        let run = run_len(self.src.as_bytes(), i, b'$');
        let formula = match run {
            1 => self.formula(i, 0),
            2 => self.formula(i, 1),
            _ => None,
        };
        formula.unwrap_or(i + run)
    }

    /// The formula of kind `kind` (an index into `MATH`) opening at `i`: replaces it with a `Math` node and returns
    /// its end, or `None` when it does not open one. Code spans win: a formula never contains a backtick.
    fn formula(&mut self, i: usize, kind: usize) -> Option<usize> {
        let (open, close, display) = MATH[kind];
        let from = i + open.len();
        if kind == 0 && self.src[from..].starts_with(char::is_whitespace) {
            return None;
        }
        let (searched, found) = self.closers[kind];
        let end = if searched <= from && found.is_none_or(|k| k >= from) {
            found
        } else {
            let k = next_closer(self.src, from, kind);
            self.closers[kind] = (from, k);
            k
        }?;
        let tex = &self.src[from..end];
        // A `$` inside means the opener was a price (`$5, or $x$`): a formula never holds a bare `$`.
        if tex.trim().is_empty() || tex.contains('`') || (kind < 2 && tex.contains('$')) {
            return None;
        }
        // `\[1\]` inside a line is more likely escaped brackets than a formula: it needs to look like one.
        if kind == 3 && !tex.starts_with(' ') && !tex.contains(['\\', '^', '_', '=', '{', '+', '<', '>']) {
            return None;
        }
        let node = Inline::Math {
            tex: tex.trim().to_string(),
            display,
        };
        Some(self.replace(i, end + close.len(), Piece::Node(node, 0)))
    }

    fn delimiter_run(&mut self, i: usize) -> usize {
        let bytes = self.src.as_bytes();
        let ch = bytes[i];
        let len = run_len(bytes, i, ch);
        // Only `~~` strikes: a single `~` is common in ranges (`3~5 天`).
        if ch == b'~' && len != 2 {
            return i + len;
        }
        let before = self.src[..i].chars().next_back();
        let after = self.src[i + len..].chars().next();
        let left = flanking(after, before);
        let right = flanking(before, after);
        let (open, close) = if ch == b'_' {
            (
                left && (!right || before.is_some_and(is_punctuation)),
                right && (!left || after.is_some_and(is_punctuation)),
            )
        } else {
            (left, right)
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        let delim = Delim {
            ch,
            len,
            orig: len,
            open,
            close,
            seq,
        };
        self.replace(i, i + len, Piece::Delim(delim))
    }

    fn open_bracket(&mut self, i: usize, image: bool) -> usize {
        let len = if image { 2 } else { 1 };
        let end = self.replace(i, i + len, Piece::Open { image, active: true });
        self.brackets.push(self.pieces.len() - 1);
        end
    }

    fn close_bracket(&mut self, i: usize) -> usize {
        let Some(at) = self.brackets.pop() else {
            return i + 1;
        };
        let Piece::Open { image, active } = self.pieces[at] else {
            return i + 1;
        };
        if !active {
            return i + 1;
        }
        let Some((dest, title, end)) = link_tail(self.src, i + 1) else {
            return i + 1;
        };
        self.flush(i);
        process_emphasis(&mut self.pieces, at + 1);
        let inner: Vec<Piece> = self.pieces.drain(at + 1..).collect();
        self.pieces.pop();
        let depth = inner.iter().map(Piece::depth).max().unwrap_or(0) + 1;
        let children: Vec<Inline> = merge_text(inner.into_iter().map(Piece::into_inline).collect());
        let made = if image {
            let alt = inline_text(&children);
            match safe_image(&dest) {
                Some(src) => vec![Inline::Image { src, alt }],
                None if alt.is_empty() => Vec::new(),
                None => vec![Inline::Text(alt)],
            }
        } else {
            // No links inside links: earlier brackets can no longer open one.
            for &b in &self.brackets {
                if let Piece::Open { active, .. } = &mut self.pieces[b] {
                    *active = false;
                }
            }
            if let Some(citations) = link_citations(&children) {
                citations
            } else if let Some(href) = safe_link(&dest) {
                let title = title.filter(|t| !t.is_empty());
                vec![Inline::Link { href, title, children }]
            } else {
                // An unsafe link keeps its text, never its target.
                children
            }
        };
        for inline in made {
            // A link adds a level; the text of a refused link keeps the depth it had.
            let d = if matches!(inline, Inline::Link { .. }) {
                depth
            } else {
                depth - 1
            };
            self.pieces.push(Piece::Node(inline, d.min(MAX_INLINE_DEPTH)));
        }
        self.plain = end;
        end
    }

    /// `<`: an autolink, raw inline HTML (kept as text; `<br>` is a line break), or a literal `<`.
    fn angle(&mut self, i: usize) -> usize {
        if let Some((end, inline)) = autolink(self.src, i) {
            return self.replace(i, end, Piece::Node(inline, 0));
        }
        if let Some(end) = html_tag(self.src, i) {
            let tag = &self.src[i..end];
            let piece = if is_line_break_tag(tag) {
                Piece::Node(Inline::HardBreak, 0)
            } else {
                Piece::Text(tag.to_string())
            };
            return self.replace(i, end, piece);
        }
        i + 1
    }

    fn entity(&mut self, i: usize) -> usize {
        match entity_at(&self.src[i..]) {
            Some((decoded, len)) => {
                let mut text = String::new();
                decoded.push_to(&mut text);
                self.replace(i, i + len, Piece::Text(text))
            }
            None => i + 1,
        }
    }

    /// Two or more spaces before a line break make a hard break; otherwise it is soft. Spaces around it go.
    fn line_break(&mut self, i: usize) -> usize {
        let before = &self.src[self.plain..i];
        let trimmed = before.trim_end_matches(' ');
        let hard = before.len() - trimmed.len() >= 2;
        let text_end = self.plain + trimmed.len();
        self.flush(text_end);
        let end = skip_spaces(self.src, i + 1);
        let inline = if hard { Inline::HardBreak } else { Inline::SoftBreak };
        self.replace(text_end, end, Piece::Node(inline, 0))
    }
}

/// The first closer of formula kind `kind` at or after `from`. A closing `$` has text right before it and no digit
/// right after it, and is not part of `$$`; backslash escapes are skipped.
fn next_closer(src: &str, from: usize, kind: usize) -> Option<usize> {
    let b = src.as_bytes();
    let close = MATH[kind].1.as_bytes();
    let mut k = from;
    while k < b.len() {
        if kind < 2 && b[k] == b'\\' {
            k += 2;
            continue;
        }
        if b[k..].starts_with(close) {
            let ok = match kind {
                0 => {
                    b.get(k + 1) != Some(&b'$')
                        && !b[k - 1].is_ascii_whitespace()
                        && b[k - 1] != b'$'
                        && !b.get(k + 1).is_some_and(u8::is_ascii_digit)
                }
                1 => b.get(k + 2) != Some(&b'$'),
                _ => true,
            };
            if ok {
                return Some(k);
            }
            k += close.len();
            continue;
        }
        k += 1;
    }
    None
}

fn skip_spaces(s: &str, mut i: usize) -> usize {
    while matches!(s.as_bytes().get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

fn run_len(bytes: &[u8], i: usize, b: u8) -> usize {
    bytes[i..].iter().take_while(|&&c| c == b).count()
}

/// A code span's text: line breaks are spaces, and one space is stripped from each end when both are there.
fn code_text(raw: &str) -> String {
    let text = raw.replace('\n', " ");
    let b = text.as_bytes();
    if b.len() >= 2 && b[0] == b' ' && b[b.len() - 1] == b' ' && !text.bytes().all(|c| c == b' ') {
        text[1..text.len() - 1].to_string()
    } else {
        text
    }
}

/// Whether a delimiter run with `next` after it and `prev` before it is left-flanking (swap them for
/// right-flanking). The start and end of the text count as whitespace.
fn flanking(next: Option<char>, prev: Option<char>) -> bool {
    let Some(next) = next.filter(|c| !c.is_whitespace()) else {
        return false;
    };
    !is_punctuation(next) || prev.is_none_or(|p| p.is_whitespace() || is_punctuation(p))
}

/// ASCII punctuation and the Unicode punctuation blocks that text actually uses (Latin-1, general, CJK,
/// full-width), without shipping Unicode's category tables.
pub(crate) fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}'
            | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' | '\u{2e00}'..='\u{2e4f}'
            | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}'
            | '\u{fe10}'..='\u{fe19}' | '\u{fe30}'..='\u{fe4f}' | '\u{fe50}'..='\u{fe6b}'
            | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}')
}

/// CommonMark's "process emphasis" over `pieces[bottom..]`: matches closers with the nearest possible opener
/// and wraps what lies between. Unmatched delimiters stay as text.
fn process_emphasis(pieces: &mut Vec<Piece>, bottom: usize) {
    // Per (character, closer length mod 3, closer can open): openers before this `seq` never match (a closer
    // that found no opener leaves this floor behind, so later closers of its kind do not search again).
    let mut floors = [[[None::<usize>; 2]; 3]; 3];
    let mut i = bottom;
    while i < pieces.len() {
        let Piece::Delim(closer) = &pieces[i] else {
            i += 1;
            continue;
        };
        if !closer.close {
            i += 1;
            continue;
        }
        let key = (
            match closer.ch {
                b'*' => 0,
                b'_' => 1,
                _ => 2,
            },
            closer.orig % 3,
            closer.open as usize,
        );
        let floor = floors[key.0][key.1][key.2];
        let mut found = None;
        for j in (bottom..i).rev() {
            if let Piece::Delim(opener) = &pieces[j] {
                if floor.is_some_and(|f| opener.seq < f) {
                    break;
                }
                if opener.ch == closer.ch && opener.open && odd_match(opener, closer) {
                    found = Some(j);
                    break;
                }
            }
        }
        let Some(o) = found else {
            floors[key.0][key.1][key.2] = Some(closer.seq);
            if !closer.open {
                let text = pieces[i].take_text();
                pieces[i] = text;
            }
            i += 1;
            continue;
        };
        let (ch, strong) = match (&pieces[o], &pieces[i]) {
            (Piece::Delim(a), Piece::Delim(b)) => (a.ch, a.len >= 2 && b.len >= 2),
            _ => unreachable!("both ends are delimiters"),
        };
        let used = if strong || ch == b'~' { 2 } else { 1 };
        for at in [o, i] {
            if let Piece::Delim(d) = &mut pieces[at] {
                d.len -= used;
            }
        }
        let inner: Vec<Piece> = pieces.drain(o + 1..i).collect();
        let depth = inner.iter().map(Piece::depth).max().unwrap_or(0) + 1;
        let children: Vec<Inline> = inner.into_iter().map(Piece::into_inline).collect();
        let mut at = o + 1;
        if depth > MAX_INLINE_DEPTH {
            // Too deep to nest: the text stays, the emphasis goes.
            let n = children.len();
            pieces.splice(at..at, children.into_iter().map(|c| Piece::Node(c, MAX_INLINE_DEPTH)));
            at += n;
        } else {
            let node = match (ch, strong) {
                (b'~', _) => Inline::Strike(children),
                (_, true) => Inline::Strong(children),
                _ => Inline::Emphasis(children),
            };
            pieces.insert(at, Piece::Node(node, depth));
            at += 1;
        }
        // `at` is now the closer.
        if matches!(&pieces[o], Piece::Delim(d) if d.len == 0) {
            pieces.remove(o);
            at -= 1;
        }
        if matches!(&pieces[at], Piece::Delim(d) if d.len == 0) {
            pieces.remove(at);
        }
        i = at;
    }
}

impl Piece {
    fn take_text(&mut self) -> Piece {
        match std::mem::replace(self, Piece::Text(String::new())) {
            Piece::Delim(d) => Piece::Text((d.ch as char).to_string().repeat(d.len)),
            other => other,
        }
    }
}

/// The "rule of 3": a run that can both open and close matches only if the lengths do not add up to a multiple
/// of 3, unless both are multiples of 3. (`*foo**bar*` is one emphasis, not two.)
fn odd_match(opener: &Delim, closer: &Delim) -> bool {
    if opener.ch == b'~' {
        return true;
    }
    !((opener.close || closer.open)
        && (opener.orig + closer.orig).is_multiple_of(3)
        && !(opener.orig.is_multiple_of(3) && closer.orig.is_multiple_of(3)))
}

/// `(destination "title")` right after a link's `]`: the destination, the title and where it ends.
fn link_tail(src: &str, i: usize) -> Option<(String, Option<String>, usize)> {
    let bytes = src.as_bytes();
    if bytes.get(i) != Some(&b'(') {
        return None;
    }
    let mut j = skip_link_space(src, i + 1)?;
    if bytes.get(j) == Some(&b')') {
        return Some((String::new(), None, j + 1));
    }
    let (dest, after) = link_destination(src, j)?;
    j = after;
    let spaced = skip_link_space(src, j)?;
    let mut title = None;
    if spaced > j && matches!(bytes.get(spaced), Some(b'"' | b'\'' | b'(')) {
        let (t, after) = link_title(src, spaced)?;
        title = Some(t);
        j = skip_link_space(src, after)?;
    } else {
        j = spaced;
    }
    (bytes.get(j) == Some(&b')')).then_some((dest, title, j + 1))
}

/// Spaces, tabs and at most one line break.
fn skip_link_space(src: &str, mut i: usize) -> Option<usize> {
    let mut breaks = 0;
    while let Some(&b) = src.as_bytes().get(i) {
        match b {
            b' ' | b'\t' => {}
            b'\n' => {
                breaks += 1;
                if breaks > 1 {
                    return None;
                }
            }
            _ => break,
        }
        i += 1;
    }
    Some(i)
}

/// A link destination at `i`: `<…>` or a run without spaces and with balanced parentheses. Escapes and
/// character references are decoded.
pub(super) fn link_destination(src: &str, i: usize) -> Option<(String, usize)> {
    let bytes = src.as_bytes();
    if bytes.get(i) == Some(&b'<') {
        let mut j = i + 1;
        while let Some(&b) = bytes.get(j) {
            match b {
                b'>' => return Some((unescape(&src[i + 1..j]), j + 1)),
                b'<' | b'\n' => return None,
                b'\\' if bytes.get(j + 1).is_some_and(u8::is_ascii_punctuation) => j += 2,
                _ => j += 1,
            }
        }
        return None;
    }
    let mut depth = 0usize;
    let mut j = i;
    while let Some(&b) = bytes.get(j) {
        match b {
            b'\\' if bytes.get(j + 1).is_some_and(u8::is_ascii_punctuation) => {
                j += 2;
                continue;
            }
            b'(' => {
                depth += 1;
                if depth > 32 {
                    return None;
                }
            }
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b if b <= b' ' || b == 0x7f => break,
            _ => {}
        }
        j += 1;
    }
    (j > i && depth == 0).then(|| (unescape(&src[i..j]), j))
}

/// A link title at `i`: `"…"`, `'…'` or `(…)`, escapes and references decoded; no blank line inside.
pub(super) fn link_title(src: &str, i: usize) -> Option<(String, usize)> {
    let bytes = src.as_bytes();
    let close = match bytes.get(i)? {
        b'"' => b'"',
        b'\'' => b'\'',
        b'(' => b')',
        _ => return None,
    };
    let mut j = i + 1;
    while let Some(&b) = bytes.get(j) {
        if b == close {
            return Some((unescape(&src[i + 1..j]), j + 1));
        }
        match b {
            b'\\' if bytes.get(j + 1).is_some_and(u8::is_ascii_punctuation) => j += 1,
            b'(' if close == b')' => return None,
            b'\n' if src[j + 1..].trim_start_matches([' ', '\t']).starts_with('\n') => return None,
            _ => {}
        }
        j += 1;
    }
    None
}

/// Backslash escapes and character references decoded.
pub(super) fn unescape(s: &str) -> String {
    if !s.contains(['\\', '&']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find(['\\', '&']) {
        out.push_str(&rest[..k]);
        let tail = &rest[k..];
        if let Some(escaped) = tail.strip_prefix('\\') {
            match escaped.chars().next() {
                Some(c) if c.is_ascii_punctuation() => {
                    out.push(c);
                    rest = &escaped[1..];
                }
                _ => {
                    out.push('\\');
                    rest = escaped;
                }
            }
        } else if let Some((decoded, len)) = entity_at(tail) {
            decoded.push_to(&mut out);
            rest = &tail[len..];
        } else {
            out.push('&');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `<scheme:…>` or `<user@host>` at `i`: the link (or the bare text when the URL is refused) and its end.
fn autolink(src: &str, i: usize) -> Option<(usize, Inline)> {
    let rest = &src[i + 1..];
    let end = rest.find('>')?;
    let inner = &rest[..end];
    if inner.is_empty() || inner.contains(|c: char| c.is_whitespace() || c.is_control() || c == '<') {
        return None;
    }
    let href = if is_uri(inner) {
        safe_link(inner)
    } else if is_email(inner) {
        safe_link(&format!("mailto:{inner}"))
    } else {
        return None;
    };
    let shown = vec![Inline::Text(inner.to_string())];
    let inline = match href {
        Some(href) => Inline::Link {
            href,
            title: None,
            children: shown,
        },
        None => Inline::Text(inner.to_string()),
    };
    Some((i + 1 + end + 1, inline))
}

fn is_uri(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

fn is_email(s: &str) -> bool {
    let Some((user, host)) = s.split_once('@') else {
        return false;
    };
    let user_ok = !user.is_empty()
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    user_ok && host.split('.').all(label_ok)
}

/// Raw inline HTML at `i` (a tag, closing tag, comment, processing instruction, declaration or CDATA): its end.
pub(super) fn html_tag(src: &str, i: usize) -> Option<usize> {
    let rest = &src[i..];
    for (open, close) in [("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>")] {
        if let Some(body) = rest.strip_prefix(open) {
            if open == "<!--" && (body.starts_with('>') || body.starts_with("->")) {
                return Some(i + open.len() + body.find('>')? + 1);
            }
            return body.find(close).map(|k| i + open.len() + k + close.len());
        }
    }
    let bytes = rest.as_bytes();
    if bytes.get(1) == Some(&b'!') {
        return bytes
            .get(2)
            .filter(|b| b.is_ascii_alphabetic())
            .and(rest.find('>'))
            .map(|k| i + k + 1);
    }
    let closing = bytes.get(1) == Some(&b'/');
    let mut j = if closing { 2 } else { 1 };
    let name_len = tag_name_len(&bytes[j..]);
    if name_len == 0 {
        return None;
    }
    j += name_len;
    if closing {
        j = skip_html_space(bytes, j);
        return (bytes.get(j) == Some(&b'>')).then_some(i + j + 1);
    }
    loop {
        let spaced = skip_html_space(bytes, j);
        match bytes.get(spaced) {
            Some(b'>') => return Some(i + spaced + 1),
            Some(b'/') if bytes.get(spaced + 1) == Some(&b'>') => return Some(i + spaced + 2),
            _ => {}
        }
        if spaced == j {
            return None; // an attribute must follow whitespace
        }
        j = attribute(bytes, spaced)?;
    }
}

fn tag_name_len(bytes: &[u8]) -> usize {
    if !bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return 0;
    }
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count()
}

fn skip_html_space(bytes: &[u8], mut j: usize) -> usize {
    while bytes.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
        j += 1;
    }
    j
}

/// An attribute `name`, `name=value`, `name='v'` or `name="v"` at `j`: where it ends.
fn attribute(bytes: &[u8], mut j: usize) -> Option<usize> {
    let start = j;
    while bytes
        .get(j)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-'))
    {
        j += 1;
    }
    if j == start || bytes[start].is_ascii_digit() || matches!(bytes[start], b'.' | b'-') {
        return None;
    }
    let eq = skip_html_space(bytes, j);
    if bytes.get(eq) != Some(&b'=') {
        return Some(j);
    }
    let v = skip_html_space(bytes, eq + 1);
    match bytes.get(v)? {
        q @ (b'"' | b'\'') => bytes[v + 1..].iter().position(|b| b == q).map(|k| v + 1 + k + 1),
        _ => {
            let n = bytes[v..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`'))
                .count();
            (n > 0).then_some(v + n)
        }
    }
}

/// Cherry Studio's `[ref_1](https://…)`: a link whose whole text is a citation id is a citation.
fn link_citations(children: &[Inline]) -> Option<Vec<Inline>> {
    let [Inline::Text(text)] = children else {
        return None;
    };
    let wrapped = format!("[{text}]");
    let refs = crate::citation_refs(&wrapped);
    let covers =
        refs.first().is_some_and(|(r, _)| r.start == 0) && refs.last().is_some_and(|(r, _)| r.end == wrapped.len());
    covers.then(|| {
        refs.into_iter()
            .map(|(range, refer)| Inline::Citation {
                refer,
                marker: wrapped[range].to_string(),
            })
            .collect()
    })
}
