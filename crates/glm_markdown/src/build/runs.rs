//! Inline runs of the tree builder: emphasis, links, images, reference-style text.

use pulldown_cmark::LinkType;

use super::blocks::Frame;
use super::{Builder, MAX_INLINE_DEPTH};
use crate::Inline;
use crate::inline::{merge_text, normalize};
use crate::text::inline_text;
use crate::url::{safe_image, safe_link};

pub(super) enum RunKind {
    Emphasis,
    Strong,
    Strike,
    Link {
        href: Option<String>,
        title: Option<String>,
    },
    Image {
        src: Option<String>,
    },
    /// A reference-style link or image, shown as the text it was written as.
    Reference {
        suffix: String,
    },
    Flat,
}

pub(super) struct Run {
    kind: RunKind,
    children: Vec<Inline>,
}

impl Builder {
    /// A link or image; reference-style ones are shown as the text they were written as.
    pub(super) fn open_link(&mut self, link_type: LinkType, dest: &str, title: String, id: &str, image: bool) {
        let kind = match (reference_suffix(link_type, id), image) {
            (Some(suffix), _) => RunKind::Reference { suffix },
            (None, true) => RunKind::Image { src: safe_image(dest) },
            (None, false) => RunKind::Link {
                href: link_href(link_type, dest),
                title: Some(title).filter(|t| !t.is_empty()),
            },
        };
        self.open_run(kind, if image { "![" } else { "[" });
    }

    pub(super) fn text(&mut self, text: &str) {
        match self.frames.iter_mut().rev().find(|f| !matches!(f, Frame::Flat)) {
            Some(Frame::Code { code, .. }) => code.push_str(text),
            Some(Frame::Html(html)) => html.push_str(text),
            _ => self.inline(Inline::Text(text.to_string())),
        }
    }

    /// Adds an inline to the innermost open run, or to the current leaf.
    pub(super) fn inline(&mut self, inline: Inline) {
        if let Some(run) = self.runs.last_mut() {
            return run.children.push(inline);
        }
        match self.frames.iter_mut().rev().find(|f| !matches!(f, Frame::Flat)) {
            Some(Frame::Leaf { inlines, .. } | Frame::Cell(inlines)) => inlines.push(inline),
            Some(Frame::Blocks { text, .. }) => text.push(inline),
            Some(Frame::Code { code, .. }) => code.push_str(&inline_text(&[inline])),
            Some(Frame::Html(html)) => html.push_str(&inline_text(&[inline])),
            _ => {}
        }
    }

    /// `opener` is the literal text a reference-style link starts with, shown as written.
    pub(super) fn open_run(&mut self, kind: RunKind, opener: &str) {
        let kind = if self.runs.len() >= MAX_INLINE_DEPTH {
            RunKind::Flat
        } else {
            kind
        };
        let children = match kind {
            RunKind::Reference { .. } => vec![Inline::Text(opener.to_string())],
            _ => Vec::new(),
        };
        self.runs.push(Run { kind, children });
    }

    pub(super) fn close_run(&mut self) {
        let Some(Run { kind, children }) = self.runs.pop() else {
            return;
        };
        // Inside a link, citations and bare URLs stay text: an anchor cannot nest in an anchor.
        let in_link = self.runs.iter().any(|r| matches!(r.kind, RunKind::Link { .. }));
        let tidy = |children| {
            if in_link {
                merge_text(children)
            } else {
                normalize(children)
            }
        };
        match kind {
            RunKind::Emphasis => self.inline(Inline::Emphasis(tidy(children))),
            RunKind::Strong => self.inline(Inline::Strong(tidy(children))),
            RunKind::Strike => self.inline(Inline::Strike(tidy(children))),
            RunKind::Link { href, title } => {
                let children = merge_text(children);
                if let Some(citations) = link_citations(&children) {
                    citations.into_iter().for_each(|c| self.inline(c));
                } else if let Some(href) = href {
                    self.inline(Inline::Link { href, title, children });
                } else {
                    // An unsafe link keeps its text, never its target.
                    children.into_iter().for_each(|c| self.inline(c));
                }
            }
            RunKind::Image { src } => {
                let alt = inline_text(&children);
                match src {
                    Some(src) => self.inline(Inline::Image { src, alt }),
                    None if !alt.is_empty() => self.inline(Inline::Text(alt)),
                    None => {}
                }
            }
            RunKind::Reference { suffix } => {
                children.into_iter().for_each(|c| self.inline(c));
                self.inline(Inline::Text(suffix));
            }
            RunKind::Flat => children.into_iter().for_each(|c| self.inline(c)),
        }
    }
}

/// `Some(closing text)` for reference-style links, which are shown literally: a definition may
/// come later in the reply than its use, and a streamed block that is already on screen
/// cannot be revisited to turn into a link.
fn reference_suffix(link_type: LinkType, id: &str) -> Option<String> {
    match link_type {
        LinkType::Reference | LinkType::ReferenceUnknown => Some(format!("][{id}]")),
        LinkType::Collapsed | LinkType::CollapsedUnknown => Some("][]".into()),
        LinkType::Shortcut | LinkType::ShortcutUnknown => Some("]".into()),
        LinkType::WikiLink { .. } => Some("]]".into()),
        LinkType::Inline | LinkType::Autolink | LinkType::Email => None,
    }
}

fn link_href(link_type: LinkType, dest: &str) -> Option<String> {
    if link_type == LinkType::Email && !dest.get(..7).is_some_and(|s| s.eq_ignore_ascii_case("mailto:")) {
        safe_link(&format!("mailto:{dest}"))
    } else {
        safe_link(dest)
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
