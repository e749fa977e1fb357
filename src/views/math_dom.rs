//! Formulas as native MathML: the events from `glm_markdown::latex_to_mathml`, built with `createElementNS` and text
//! nodes (never markup); a formula that does not convert shows its source.

use glm_markdown::{MathEvent, latex_to_mathml};
use web_sys::{Document, Element};

const MATHML: &str = "http://www.w3.org/1998/Math/MathML";

/// A formula in a line of text, or (`display`) centred on its own.
pub fn formula(doc: &Document, tex: &str, display: bool) -> Option<Element> {
    match latex_to_mathml(tex, display)
        .ok()
        .and_then(|events| build(doc, &events))
    {
        Some(math) => Some(math),
        None => {
            let code = doc.create_element("code").ok()?;
            let _ = code.set_attribute("class", "gc-math-error");
            let fence = if display { "$$" } else { "$" };
            code.set_text_content(Some(&format!("{fence}{tex}{fence}")));
            Some(code)
        }
    }
}

/// A display formula as a block: it scrolls sideways when wider than the message.
pub fn display_block(doc: &Document, tex: &str) -> Option<Element> {
    let wrap = doc.create_element("div").ok()?;
    let _ = wrap.set_attribute("class", "gc-math-block");
    crate::views::markdown_dom::scrolls(&wrap);
    let _ = wrap.append_child(&formula(doc, tex, true)?.into());
    Some(wrap)
}

fn element(doc: &Document, tag: &str, attrs: &str) -> Option<Element> {
    let el = doc.create_element_ns(Some(MATHML), tag).ok()?;
    for pair in attrs.split_ascii_whitespace() {
        if let Some((name, value)) = pair.split_once('=') {
            let _ = el.set_attribute(name, value);
        }
    }
    Some(el)
}

/// The `<math>` element the events describe.
fn build(doc: &Document, events: &[MathEvent]) -> Option<Element> {
    let mut open: Vec<Element> = Vec::new();
    let mut root = None;
    for event in events {
        match event {
            MathEvent::Open { tag, attrs } => open.push(element(doc, tag, attrs)?),
            MathEvent::Token { tag, attrs, text } => {
                let el = element(doc, tag, attrs)?;
                el.set_text_content(Some(text));
                let _ = open.last()?.append_child(&el);
            }
            MathEvent::Close => {
                let done = open.pop()?;
                match open.last() {
                    Some(parent) => {
                        let _ = parent.append_child(&done);
                    }
                    None => root = Some(done),
                }
            }
        }
    }
    root
}
