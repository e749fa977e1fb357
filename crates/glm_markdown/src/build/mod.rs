//! The Markdown parser: lines to blocks (`blocks`, `leaf`), then the text of each leaf to inlines (`inlines`).
//! Written for what models produce (CommonMark blocks and inlines, GFM tables, task lists and `~~strike~~`)
//! rather than every corner of the spec, in a fraction of the code size of a general parser.

mod blocks;
mod inlines;
mod leaf;
mod line;

use crate::Block;

/// Deeper quotes/lists are flattened into their parent, and deeper emphasis into its parent run, so every
/// consumer (DOM builder, serde, Drop) can recurse without blowing the stack on `>>>>>>…` input.
const MAX_BLOCK_DEPTH: usize = 16;
const MAX_INLINE_DEPTH: usize = 16;

/// The result of parsing one piece of text, with what the streaming splitter needs to know.
pub(crate) struct Parsed {
    pub blocks: Vec<Block>,
    /// One per block in `blocks`.
    pub tops: Vec<Top>,
    /// Shown link reference definitions: where each starts, and its label (normalised).
    pub labels: Vec<(usize, Label)>,
}

/// Where a top-level block starts.
pub(crate) struct Top {
    /// Offset of the line it starts on.
    pub line: usize,
    /// Parsing the text from `line` on gives the same blocks from this one on. True for every block except a
    /// table whose header was a paragraph's continuation line: alone, that line may mean something else
    /// (`    - x` is indented code, `2. x` a list).
    pub clean: bool,
}

/// A definition label, normalised the way CommonMark matches them (case-folded, spaces collapsed).
pub(crate) type Label = String;

/// Parses `src`; definitions whose label is in `known` are duplicates of ones earlier in the reply (outside
/// `src`) and, as in a one-shot parse where the first one wins, are not shown.
pub(crate) fn parse_document(src: &str, known: &[Label]) -> Parsed {
    let mut parser = blocks::Parser::new(known);
    for (offset, text, _) in line::lines(src) {
        parser.line(offset, text);
    }
    parser.finish()
}

pub(crate) use line::lines;
