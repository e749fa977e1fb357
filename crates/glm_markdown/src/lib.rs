//! Model-output Markdown to a tree of safe blocks, and those blocks as escaped HTML for the browser layer.
//!
//! Raw HTML in the input comes out as literal text (`Block::Html`, `Inline::Text`), links and
//! images carry only URLs that passed [`safe_link`] / [`safe_image`], and citation markers
//! (`[ref_1]`, `【ref_1】`, …) are separate inlines. [`block_html`] writes a block with all of its
//! text escaped. [`StreamingMarkdown`] re-parses only the unfinished end of a streamed reply.

mod build;
mod citation;
mod entity;
mod highlight;
mod html;
mod inline;
mod math;
mod stream;
mod text;
mod url;

use serde::{Deserialize, Serialize};

pub use citation::citation_refs;
pub use highlight::{Highlight, highlight};
pub use html::{Cite, HtmlOptions, block_html, highlighted_html};
pub use math::{MathError, MathEvent, latex_to_mathml};
pub use stream::{StreamingMarkdown, Update};
pub use text::plain_text;
pub use url::{safe_image, safe_link};

/// A block-level element.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// `level` is 1 to 6.
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    /// `lang` is limited to `[A-Za-z0-9_+#.-]`, at most 32 characters (safe as a class name).
    CodeBlock {
        lang: Option<String>,
        code: String,
    },
    Quote(Vec<Block>),
    /// `start` is `Some` exactly for ordered lists.
    List {
        ordered: bool,
        start: Option<u64>,
        items: Vec<ListItem>,
    },
    /// Every row has the cells the source had; a row may be shorter or longer than `align`.
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
    /// A display formula (`$$…$$` or `\[…\]` on lines of its own): the LaTeX between the delimiters.
    Math(String),
    /// A raw HTML block, to be shown as escaped literal text so the user sees what the model
    /// wrote, never interpreted as markup.
    Html(String),
}

/// A list item; the text of tight items is a `Paragraph` too.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ListItem {
    /// `Some` for task-list items (`- [x]` / `- [ ]`).
    pub checked: Option<bool>,
    pub blocks: Vec<Block>,
}

/// A table column's alignment.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// An inline element.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum Inline {
    /// Literal text (including any raw inline HTML, which is never markup).
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Code(String),
    /// `href` passed [`safe_link`]; an unsafe link is replaced by its children. Bare
    /// `http(s)://` URLs in text become links too.
    Link {
        href: String,
        title: Option<String>,
        children: Vec<Inline>,
    },
    /// `src` passed [`safe_image`]; an unsafe image is replaced by `Text(alt)`.
    Image {
        src: String,
        alt: String,
    },
    /// A web-search citation: `refer` is normalised (`ref_3`), `marker` is the text as
    /// written (`【ref_3】`), to show when the id does not resolve.
    Citation {
        refer: String,
        marker: String,
    },
    /// A formula: `$…$` or `\(…\)` inline, `$$…$$` or `\[…\]` (`display`) inside a line. `$` needs text right
    /// after it and before its closing `$`, and no digit after that (so `$5 and $10` stays text).
    Math {
        tex: String,
        display: bool,
    },
    SoftBreak,
    HardBreak,
}

/// Parses a whole Markdown document: CommonMark blocks and inlines as models write them, GFM tables,
/// `~~strikethrough~~`, task lists and LaTeX formulas.
///
/// Reference-style links (`[text][id]`, `[text]`) are kept as the literal text they were
/// written as, and link reference definitions are shown as `[id]: url` paragraphs, so no block
/// depends on text after it (which is what makes [`StreamingMarkdown`] exact).
pub fn parse(markdown: &str) -> Vec<Block> {
    build::parse_document(markdown, &[]).blocks
}
