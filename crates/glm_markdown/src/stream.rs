//! Incremental parsing of a streamed reply: finished top-level blocks are parsed once.

use std::ops::Range;

use crate::Block;
use crate::build::{Label, Top, parse_document};

/// Parses a growing reply so that each update re-parses only the unfinished end of it.
///
/// Invariant (checked by the property tests): after every `update(full)`,
/// `committed() ++ tail() == parse(full)`, and a committed block never changes.
///
/// A top-level block is committed once a later top-level block has started on a complete
/// line: a block is closed for good when the next one starts, and nothing later in the
/// text can reach back into it (reference links, the one construct that could, are shown as
/// literal text). The start line must be complete because a partial one can still change its
/// mind: `#` is an empty heading that ends the paragraph above, `#foo` is a continuation of it.
/// Parsing then restarts at that line (see `committable`).
#[derive(Debug, Default, Clone)]
pub struct StreamingMarkdown {
    /// Everything seen so far, to detect a text that is not a continuation.
    seen: String,
    /// Offset in `seen` where the uncommitted text starts (always a line start).
    committed_bytes: usize,
    committed: Vec<Block>,
    tail: Vec<Block>,
    finished: bool,
    /// Labels of link reference definitions in the committed text: later duplicates are hidden.
    labels: Vec<Label>,
    bytes_parsed: usize,
}

/// What an update changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Update {
    /// The text did not continue the previous one: everything was parsed afresh, and any
    /// DOM built from earlier committed blocks must be thrown away.
    pub reset: bool,
    /// Indexes into `committed()` of the blocks committed by this update.
    pub newly_committed: Range<usize>,
}

impl StreamingMarkdown {
    pub fn new() -> Self {
        Self::default()
    }

    /// `full` is the whole reply so far. Appending is the normal case; any other change
    /// (a different reply, an edit, more text after `finish`) resets and re-parses it all.
    #[inline(never)] // a hot loop: see NO_INLINE in scripts/wasm_split.py
    pub fn update(&mut self, full: &str) -> Update {
        // A memcmp of the seen prefix: linear but gigabytes per second, unlike parsing.
        let continues = full.starts_with(self.seen.as_str()) && !(self.finished && full.len() > self.seen.len());
        let reset = !continues;
        if reset {
            *self = Self {
                bytes_parsed: self.bytes_parsed,
                ..Self::default()
            };
        } else if full.len() == self.seen.len() {
            let n = self.committed.len();
            return Update {
                reset,
                newly_committed: n..n,
            };
        }
        let before = self.committed.len();
        self.seen.push_str(&full[self.seen.len()..]);
        self.reparse_tail();
        Update {
            reset,
            newly_committed: before..self.committed.len(),
        }
    }

    /// Blocks that are final: they never change until a reset.
    pub fn committed(&self) -> &[Block] {
        &self.committed
    }

    /// Blocks after the committed ones, re-parsed on every update.
    pub fn tail(&self) -> &[Block] {
        &self.tail
    }

    /// End of the stream: the tail becomes committed.
    #[inline(never)] // a hot loop: see NO_INLINE in scripts/wasm_split.py
    pub fn finish(&mut self) -> Update {
        let before = self.committed.len();
        if !self.finished {
            self.finished = true;
            self.committed.append(&mut self.tail);
            self.committed_bytes = self.seen.len();
        }
        Update {
            reset: false,
            newly_committed: before..self.committed.len(),
        }
    }

    /// Total bytes handed to the parser since creation (resets included); lets tests check that
    /// streaming work stays linear in the reply length.
    #[doc(hidden)]
    pub fn bytes_parsed(&self) -> usize {
        self.bytes_parsed
    }

    fn reparse_tail(&mut self) {
        let window = &self.seen[self.committed_bytes..];
        self.bytes_parsed += window.len();
        let parsed = parse_document(window, &self.labels);
        let mut blocks = parsed.blocks;
        let n = committable(window, &parsed.tops);
        if n > 0 {
            let restart = parsed.tops[n].line;
            self.committed.extend(blocks.drain(..n));
            self.committed_bytes += restart;
            let committed_labels = parsed.labels.into_iter().filter(|(at, _)| *at < restart);
            self.labels.extend(committed_labels.map(|(_, label)| label));
        }
        self.tail = blocks;
    }
}

/// How many leading top-level blocks of `window` are final: all blocks before the one that starts on line `L`,
/// when `L` is complete and the parser can restart there as if the text began at `L`.
///
/// The block parser starts a top-level block on a line only when everything open before it has closed, and a line
/// that starts a block while a paragraph is open means the same out of context (those that would not, like
/// indented code or a list starting at 2, continue the paragraph instead). So a complete first line is enough,
/// with one exception: a line right after a paragraph line may become a table header when the next line is a
/// delimiter row, so without a blank line before it, the line after it must be complete too; and the parser
/// never restarts at such a table (see `Top::clean`).
fn committable(window: &str, tops: &[Top]) -> usize {
    let complete: Vec<usize> = crate::build::lines(window)
        .filter(|(_, _, complete)| *complete)
        .map(|(start, _, _)| start)
        .collect();
    for n in (1..tops.len()).rev().filter(|&n| tops[n].clean) {
        let restart = tops[n].line;
        let lines_from = complete.len() - complete.partition_point(|&start| start < restart);
        let needed = if blank_line_before(window, restart) { 1 } else { 2 };
        if lines_from >= needed {
            return n;
        }
    }
    0
}

fn blank_line_before(window: &str, restart: usize) -> bool {
    let before = &window[..restart];
    let before = before.strip_suffix('\n').unwrap_or(before);
    let before = before.strip_suffix('\r').unwrap_or(before);
    before[line_start(before, before.len())..]
        .trim_matches([' ', '\t'])
        .is_empty()
}

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}
