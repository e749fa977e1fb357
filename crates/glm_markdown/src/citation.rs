//! Recognition of the web-search citation markers models write inline (`[ref_1]`, `【ref_1】`, …).
//!
//! There is no server-side syntax: the marker is whatever the search prompt asked for, so the
//! scanner is tolerant. Accepted, with optional spaces inside the brackets:
//! `[ref_1]`, `【ref_1】`, `［ref_1］`, `[来源：ref_1]`, `[来源:ref_1]`, `【来源：ref_1】`,
//! `[参考: ref_1]`, `[source: ref_1]`, groups `[ref_1, ref_2]` / `【ref_1，ref_2】` / `[ref_1、ref_2]`,
//! and Cherry Studio's `[ref_1](https://…)`. Not accepted: `ref 1`, `ref-1`, bare `ref_1`.

use std::ops::Range;

/// Most digits a citation index may have; the API numbers results from 1 and returns a handful.
const MAX_DIGITS: usize = 6;

/// Byte ranges of citation markers in `text` with their normalised ids (`ref_3`).
///
/// A group such as `[ref_1, ref_2]` yields one entry per id; their ranges are adjacent and
/// together cover the whole marker (`[ref_1, ` and `ref_2]`), so splitting the text by the
/// ranges loses nothing and an unresolved id can fall back to showing its own slice.
pub fn citation_refs(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find(['[', '【', '［']) {
        let start = at + offset;
        match marker_at(text, start) {
            Some((end, ids)) => {
                let bounds: Vec<usize> = ids.iter().skip(1).map(|(pos, _)| *pos).collect();
                let mut from = start;
                for (i, (_, refer)) in ids.into_iter().enumerate() {
                    let to = bounds.get(i).copied().unwrap_or(end);
                    found.push((from..to, refer));
                    from = to;
                }
                at = end;
            }
            None => at = start + text[start..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// Parses a marker whose opening bracket is at `start`: its end and each id with where its
/// element (prefix included) begins.
fn marker_at(text: &str, start: usize) -> Option<(usize, Vec<(usize, String)>)> {
    let mut cur = Cursor { text, pos: start };
    let ascii_open = cur.eat_char('[');
    if !ascii_open && !cur.eat_char('【') && !cur.eat_char('［') {
        return None;
    }
    let mut ids = Vec::new();
    loop {
        cur.skip_spaces();
        let element = cur.pos;
        cur.eat_prefix();
        ids.push((element, cur.eat_id()?));
        cur.skip_spaces();
        if !cur.eat_any(&[',', '，', '、', ';', '；']) {
            break;
        }
    }
    // Mismatched pairs (`[ref_1】`) are tolerated: a model that mixes them still means a citation.
    if !cur.eat_any(&[']', '】', '］']) {
        return None;
    }
    if ascii_open {
        cur.eat_link_destination();
    }
    Some((cur.pos, ids))
}

struct Cursor<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Cursor<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn eat_char(&mut self, c: char) -> bool {
        let hit = self.rest().starts_with(c);
        if hit {
            self.pos += c.len_utf8();
        }
        hit
    }

    fn eat_any(&mut self, set: &[char]) -> bool {
        set.iter().any(|&c| self.eat_char(c))
    }

    fn skip_spaces(&mut self) {
        while self.eat_any(&[' ', '\t', '\u{3000}', '\u{a0}']) {}
    }

    /// `来源：`, `来源:`, `参考：`, `source:` (any case) — what citation prompts tend to produce.
    fn eat_prefix(&mut self) {
        let save = self.pos;
        let rest = self.rest();
        let word = ["来源", "参考"]
            .into_iter()
            .find(|w| rest.starts_with(w))
            .map(str::len)
            .or_else(|| rest.get(..6).filter(|w| w.eq_ignore_ascii_case("source")).map(str::len));
        if let Some(len) = word {
            self.pos += len;
            self.skip_spaces();
            if self.eat_any(&[':', '：']) {
                self.skip_spaces();
                return;
            }
        }
        self.pos = save;
    }

    /// `ref_<digits>` (any case), normalised to `ref_<n>` without leading zeros.
    fn eat_id(&mut self) -> Option<String> {
        let rest = self.rest();
        if !rest.get(..4)?.eq_ignore_ascii_case("ref_") {
            return None;
        }
        let digits = rest[4..].bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > MAX_DIGITS {
            return None;
        }
        let number = rest[4..4 + digits].trim_start_matches('0');
        self.pos += 4 + digits;
        Some(format!("ref_{}", if number.is_empty() { "0" } else { number }))
    }

    /// Cherry Studio's `[ref_1](url)`: the `(url)` belongs to the marker when it is a plain
    /// destination (no spaces, no nested parentheses) on the same line.
    fn eat_link_destination(&mut self) {
        let rest = self.rest();
        if let Some(inner) = rest.strip_prefix('(')
            && let Some(close) = inner.find(|c: char| c == ')' || c == '(' || c.is_whitespace())
            && inner[close..].starts_with(')')
            && close > 0
        {
            self.pos += close + 2;
        }
    }
}
