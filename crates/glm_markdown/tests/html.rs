//! Blocks as HTML: the markup each block becomes, and that hostile or arbitrary input only ever yields the writer's
//! own elements and attributes, with every piece of text escaped.

use glm_markdown::{Cite, HtmlOptions, block_html, parse};
use proptest::prelude::*;

const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "span",
    "button",
    "pre",
    "code",
    "blockquote",
    "ul",
    "ol",
    "li",
    "input",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "em",
    "strong",
    "del",
    "br",
    "a",
    "img",
];
const VOID: &[&str] = &["input", "br", "hr", "img"];
const ATTRS: &[&str] = &[
    "class",
    "type",
    "disabled",
    "checked",
    "start",
    "href",
    "target",
    "rel",
    "title",
    "src",
    "alt",
    "loading",
    "referrerpolicy",
    "data-copy-code",
    "aria-label",
    "tabindex",
    "data-ref",
    "data-tip",
    "display",
    "mathvariant",
    "stretchy",
    "width",
    "lspace",
    "rspace",
    "movablelimits",
    "columnalign",
    "fence",
    "separator",
    "accent",
    "largeop",
    "form",
    "scriptlevel",
    "displaystyle",
    "linethickness",
    "encoding",
];

/// A hostile source for every citation: its tip tries to break out of the attribute.
fn cite(refer: &str) -> Option<Cite> {
    Some(Cite {
        n: refer.trim_start_matches("ref_").parse().ok()?,
        href: "https://example.com/?a=1&b=\"2\"".to_string(),
        tip: "\"><script>alert(1)</script> & 'x'".to_string(),
    })
}

fn html_of(markdown: &str, highlight: bool) -> String {
    let options = HtmlOptions {
        copy_label: "Copy \"code\"",
        highlight,
        cite: &cite,
    };
    let mut html = String::new();
    for block in parse(markdown) {
        block_html(&block, &options, &mut html);
    }
    html
}

/// Reads `html` as a browser would tokenize it and checks that it is only the writer's markup: known tags,
/// balanced; known attributes, double-quoted, with `href`/`src` on http(s), mailto or data:image; text with no
/// `<` or `>` of its own and only the writer's character references. Returns the text, references decoded.
fn check(html: &str) -> Result<String, String> {
    let mut text = String::new();
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let end = rest.find('>').ok_or("an unclosed tag")?;
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let top = open.pop().ok_or(format!("</{name}> closes nothing"))?;
                if top != name {
                    return Err(format!("</{name}> closes <{top}>"));
                }
                continue;
            }
            let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
            let math = open.iter().any(|t| t == "math") || name == "math";
            if !(TAGS.contains(&name)
                || math
                    && (name.starts_with('m') || name == "semantics" || name == "annotation")
                    && name.chars().all(|c| c.is_ascii_lowercase()))
            {
                return Err(format!("a tag that is not the writer's: <{tag}>"));
            }
            while let Some(start) = attrs.find(|c: char| c != ' ') {
                attrs = &attrs[start..];
                let name_end = attrs.find(['=', ' ']).unwrap_or(attrs.len());
                let attr = &attrs[..name_end];
                let mut value = "";
                attrs = &attrs[name_end..];
                if let Some(after) = attrs.strip_prefix('=') {
                    let quoted = after.strip_prefix('"').ok_or(format!("unquoted {attr} in <{tag}>"))?;
                    let close = quoted.find('"').ok_or(format!("unclosed {attr} in <{tag}>"))?;
                    value = &quoted[..close];
                    attrs = &quoted[close + 1..];
                }
                if !ATTRS.contains(&attr) || attr.starts_with("on") {
                    return Err(format!("an attribute that is not the writer's: {attr} in <{tag}>"));
                }
                if value.contains(['<', '>']) {
                    return Err(format!("an unescaped value: {attr}={value}"));
                }
                let url_ok = |v: &str| {
                    ["http://", "https://", "mailto:", "data:image/"]
                        .iter()
                        .any(|p| v.starts_with(p))
                };
                if matches!(attr, "href" | "src") && !url_ok(value) {
                    return Err(format!("an unsafe URL: {attr}={value}"));
                }
            }
            if !VOID.contains(&name) {
                open.push(name.to_string());
            }
        } else if c == '&' {
            let (entity, ch) = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
                ("&#13;", '\r'),
            ]
            .into_iter()
            .find(|(e, _)| rest.starts_with(e))
            .ok_or_else(|| format!("a character reference the writer does not write: {:.12}", rest))?;
            text.push(ch);
            rest = &rest[entity.len()..];
        } else if c == '>' {
            return Err("a bare >".into());
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    match open.pop() {
        Some(tag) => Err(format!("<{tag}> is never closed")),
        None => Ok(text),
    }
}

#[test]
fn each_block_becomes_the_markup_the_styles_and_hooks_expect() {
    assert_eq!(
        html_of(
            "## Title *x*\n\nSome **bold**, `code`, ~~gone~~ and [a link](https://example.com \"T\").",
            true
        ),
        "<h2>Title <em>x</em></h2><p>Some <strong>bold</strong>, <code>code</code>, <del>gone</del> and \
         <a href=\"https://example.com\" target=\"_blank\" rel=\"noopener noreferrer\" title=\"T\">a link</a>.</p>"
    );
    assert_eq!(
        html_of("3. three\n4. four\n\n- [x] done\n- [ ] todo", true),
        "<ol start=\"3\"><li><p>three</p></li><li><p>four</p></li></ol><ul><li class=\"gc-task\"><input \
         type=\"checkbox\" disabled checked><p>done</p></li><li class=\"gc-task\"><input type=\"checkbox\" \
         disabled><p>todo</p></li></ul>"
    );
    assert_eq!(
        html_of("| a | b |\n|:--|--:|\n| 1 | 2 |", true),
        "<div class=\"gc-table\" tabindex=\"0\"><table><thead><tr><th class=\"gc-align-left\">a</th>\
         <th class=\"gc-align-right\">b</th></tr></thead><tbody><tr><td class=\"gc-align-left\">1</td>\
         <td class=\"gc-align-right\">2</td></tr></tbody></table></div>"
    );
    assert_eq!(
        html_of("```rust\nlet x = 1;\n```", true),
        "<div class=\"gc-code\"><div class=\"gc-code-head\"><span>rust</span><button type=\"button\" \
         class=\"gc-copy-code\" data-copy-code aria-label=\"Copy &quot;code&quot;\" title=\"Copy &quot;code&quot;\">\
         Copy \"code\"</button></div><pre tabindex=\"0\"><code class=\"language-rust\"><span class=\"hl-kw\">let</span> \
         x = <span class=\"hl-num\">1</span>;</code></pre></div>"
    );
    // A growing block is not highlighted; one without a language has no label and no class.
    assert!(html_of("```rust\nlet x = 1;\n```", false).contains("<code class=\"language-rust\">let x = 1;</code>"));
    assert!(
        html_of("```\nplain\n```", true).contains("<span></span>") && html_of("```\nx\n```", true).contains("<code>x")
    );
    assert_eq!(
        html_of("> quoted\n\n---", true),
        "<blockquote><p>quoted</p></blockquote><hr>"
    );
    assert_eq!(
        html_of("Cited [ref_2] and 【ref_9x】.", true),
        "<p>Cited <a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\" class=\"gc-cite\" data-ref=\"ref_2\" \
         target=\"_blank\" rel=\"noopener noreferrer\" data-tip=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; \
         &amp; 'x'\" aria-label=\"2: &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; 'x'\">2</a> and 【ref_9x】.</p>"
    );
    assert!(
        html_of("$$\nx^2\n$$", true)
            .starts_with("<div class=\"gc-math-block\" tabindex=\"0\"><math display=\"block\">")
    );
    assert_eq!(
        html_of("$\\frac{$ x", true),
        "<p><code class=\"gc-math-error\">$\\frac{$</code> x</p>"
    );
}

#[test]
fn a_link_inside_a_link_shows_its_text() {
    // Parsed, a nested <a> would end the outer link: a citation or autolink inside link text stays text.
    let html = html_of("[see [ref_1] at https://example.org](https://example.com)", true);
    assert_eq!(html.matches("<a ").count(), 1, "{html}");
    check(&html).unwrap();
}

#[test]
fn hostile_markdown_yields_only_the_writers_markup() {
    for markdown in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,<script>)",
        "![i](javascript:alert(1)) ![j](https://e.com/\" onerror=\"alert(1))",
        "[t](https://e.com \"a\\\" onmouseover=\\\"alert(1)\")",
        "<a href=\"javascript:alert(1)\">x</a> &lt;b&gt; &amp; &#60;script&#62;",
        "```html\n<script>alert(\"x\")</script>\n```",
        "```\"><img src=x onerror=alert(1)>\ncode\n```",
        "| <b>x</b> | y\" onclick=\"z |\n|---|---|\n| ]]> | <!-- |",
        "$<mi>x</mi>\\text{</math><script>}$",
        "> <iframe src=https://evil>\n> - [x] <svg onload=alert(1)>",
        "line\r\nbreak\0nul",
    ] {
        let html = html_of(markdown, true);
        if let Err(e) = check(&html) {
            panic!("{markdown:?}: {e}\n{html}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_markdown_yields_only_the_writers_markup(
        markdown in "([-*_#>|`~$\\[\\]()!:/\\\\\"'<>&=. \n\tazAZ09é中]|ref_1|https://x.y|javascript:|```rust\n|\\$\\$\n){0,40}"
    ) {
        let html = html_of(&markdown, true);
        prop_assert!(check(&html).is_ok(), "{:?}: {:?}\n{}", markdown, check(&html), html);
    }
}
