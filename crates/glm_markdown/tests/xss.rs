//! Hostile Markdown: no unsafe URL survives into a Link or Image, raw HTML stays literal text.

use glm_markdown::{Block, Inline, parse, plain_text, safe_image, safe_link};

/// Every link and image in the tree, wherever it is nested.
fn urls(blocks: &[Block]) -> (Vec<String>, Vec<String>) {
    fn inlines(list: &[Inline], links: &mut Vec<String>, images: &mut Vec<String>) {
        for inline in list {
            match inline {
                Inline::Link { href, children, .. } => {
                    links.push(href.clone());
                    inlines(children, links, images);
                }
                Inline::Image { src, .. } => images.push(src.clone()),
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => inlines(c, links, images),
                _ => {}
            }
        }
    }
    fn walk(blocks: &[Block], links: &mut Vec<String>, images: &mut Vec<String>) {
        for block in blocks {
            match block {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => inlines(c, links, images),
                Block::Quote(b) => walk(b, links, images),
                Block::List { items, .. } => items.iter().for_each(|i| walk(&i.blocks, links, images)),
                Block::Table { head, rows, .. } => {
                    for cell in head.iter().chain(rows.iter().flatten()) {
                        inlines(cell, links, images);
                    }
                }
                _ => {}
            }
        }
    }
    let (mut links, mut images) = (Vec::new(), Vec::new());
    walk(blocks, &mut links, &mut images);
    (links, images)
}

fn assert_safe(markdown: &str) -> Vec<Block> {
    let blocks = parse(markdown);
    let (links, images) = urls(&blocks);
    for href in &links {
        let lower = href.to_ascii_lowercase();
        assert!(
            ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p)),
            "unsafe href {href:?} from {markdown:?}"
        );
        assert!(!href.chars().any(char::is_control), "control char in {href:?}");
    }
    for src in &images {
        let ok = src.starts_with("https://")
            || ["png", "jpeg", "gif", "webp"]
                .iter()
                .any(|t| src.starts_with(&format!("data:image/{t};base64,")));
        assert!(ok, "unsafe image {src:?} from {markdown:?}");
    }
    blocks
}

const HOSTILE: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](<\tjavascript:alert(1)>)",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](jav&#9;ascript:alert(1))",
    "[x](java&#10;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](\\javascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](file:///etc/passwd)",
    "[x](//evil.com)",
    "[x](/relative)",
    "[x](#anchor)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "![x](data:text/html;base64,AAAA)",
    "![x](http://insecure.example.com/a.png)",
    "![x](//cdn.example.com/a.png)",
    "[r]: javascript:alert(1)\n\n[click][r] and [r] and [r][]",
    "[r]: <javascript:alert(1)> \"t\"\n\n![img][r]",
    "[x](https://ok.com \"a\\\" onmouseover=\\\"alert(1)\")",
    "[x](https://ok.com 'it''s')",
    "[x](https://ok.com \"<script>alert(1)</script>\")",
    "[<img src=x onerror=alert(1)>](https://ok.com)",
    "[![a](javascript:alert(1))](javascript:alert(2))",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=javascript:alert(1)>click</a>",
    "<script>alert(1)</script>",
    "text <script>alert(1)</script> text",
    "<img src=x onerror=alert(1)>",
    "a <img src=x onerror=alert(1)> b",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<svg><script>alert(1)</script></svg>",
    "<style>body{display:none}</style>",
    "| a |\n|---|\n| [x](javascript:alert(1)) <script>x</script> |",
    "> - [x](javascript:alert(1))\n>   ![y](javascript:alert(2))",
    "*[x](javascript:alert(1))*",
    "javascript:alert(1)",
    "see javascript://%0aalert(1)",
    "https://ok.com\"onmouseover=\"alert(1)",
];

#[test]
fn hostile_inputs_yield_only_safe_urls() {
    for markdown in HOSTILE {
        assert_safe(markdown);
    }
}

#[test]
fn unsafe_links_keep_their_text_and_lose_their_target() {
    assert_eq!(
        assert_safe("[click me](javascript:alert(1))"),
        vec![Block::Paragraph(vec![Inline::Text("click me".into())])]
    );
    assert_eq!(
        assert_safe("![the alt](javascript:alert(1))"),
        vec![Block::Paragraph(vec![Inline::Text("the alt".into())])]
    );
    assert_eq!(
        assert_safe("<javascript:alert(1)>"),
        vec![Block::Paragraph(vec![Inline::Text("javascript:alert(1)".into())])]
    );
}

#[test]
fn obfuscated_schemes_in_parsed_links_are_refused() {
    for markdown in [
        "[x](jav&#x09;ascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](<\tjavascript:alert(1)>)",
        "[x](java&#10;script:alert(1))",
    ] {
        let (links, _) = urls(&parse(markdown));
        assert!(links.is_empty(), "{markdown:?} produced {links:?}");
    }
}

#[test]
fn raw_html_is_literal_text() {
    let blocks = assert_safe("<script>alert(1)</script>");
    assert_eq!(blocks, vec![Block::Html("<script>alert(1)</script>".into())]);

    let blocks = assert_safe("a <img src=x onerror=alert(1)> b");
    assert_eq!(
        blocks,
        vec![Block::Paragraph(vec![Inline::Text(
            "a <img src=x onerror=alert(1)> b".into()
        )])]
    );

    let blocks = assert_safe("<a href=javascript:alert(1)>click</a>");
    assert_eq!(plain_text(&blocks), "<a href=javascript:alert(1)>click</a>");

    let blocks = assert_safe("x <b onclick=alert(1)>bold</b> y");
    assert_eq!(
        blocks,
        vec![Block::Paragraph(vec![Inline::Text(
            "x <b onclick=alert(1)>bold</b> y".into()
        )])]
    );
}

#[test]
fn line_break_tags_are_the_only_html_honoured() {
    let blocks = parse("a<br>b<br/>c<BR />d<br x>e<bra>f");
    assert_eq!(
        blocks,
        vec![Block::Paragraph(vec![
            Inline::Text("a".into()),
            Inline::HardBreak,
            Inline::Text("b".into()),
            Inline::HardBreak,
            Inline::Text("c".into()),
            Inline::HardBreak,
            Inline::Text("d<br x>e<bra>f".into()),
        ])]
    );
}

#[test]
fn link_titles_with_quotes_are_kept_as_data() {
    let blocks = assert_safe("[x](https://ok.com \"a \\\"quoted\\\" <b>title</b>\")");
    assert_eq!(
        blocks,
        vec![Block::Paragraph(vec![Inline::Link {
            href: "https://ok.com".into(),
            title: Some("a \"quoted\" <b>title</b>".into()),
            children: vec![Inline::Text("x".into())],
        }])]
    );
}

#[test]
fn safe_link_table() {
    let cases: &[(&str, Option<&str>)] = &[
        ("https://example.com/a?b=c#d", Some("https://example.com/a?b=c#d")),
        ("HTTP://EXAMPLE.COM", Some("http://EXAMPLE.COM")),
        ("  https://example.com  ", Some("https://example.com")),
        ("\u{0}\u{1f}https://example.com\u{7f}", Some("https://example.com")),
        ("https://exa\tmple.com/\na", Some("https://example.com/a")),
        ("MailTo:someone@example.com", Some("mailto:someone@example.com")),
        ("mailto:", None),
        ("https://", None),
        ("https:///path", None),
        ("https:example.com", None),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("\tjavascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("java\u{0}script:alert(1)", None),
        ("jav&#x09;ascript:alert(1)", None),
        ("javascript&colon;alert(1)", None),
        ("\u{200b}javascript:alert(1)", None),
        ("vbscript:msgbox(1)", None),
        ("VBScript:msgbox(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("data:image/png;base64,AAAA", None),
        ("file:///etc/passwd", None),
        ("ftp://example.com", None),
        ("/relative/path", None),
        ("relative", None),
        ("#anchor", None),
        ("?query", None),
        ("//evil.com", None),
        ("", None),
        ("   ", None),
    ];
    for (input, expected) in cases {
        assert_eq!(safe_link(input).as_deref(), *expected, "safe_link({input:?})");
    }
}

#[test]
fn safe_image_table() {
    let cases: &[(&str, Option<&str>)] = &[
        ("https://example.com/a.png", Some("https://example.com/a.png")),
        ("HTTPS://example.com/a.png", Some("https://example.com/a.png")),
        (
            "data:image/png;base64,iVBORw0KGgo=",
            Some("data:image/png;base64,iVBORw0KGgo="),
        ),
        (
            "DATA:IMAGE/JPEG;BASE64,/9j/4A==",
            Some("data:image/jpeg;base64,/9j/4A=="),
        ),
        (
            "data:image/gif;base64,R0lG ODlh",
            Some("data:image/gif;base64,R0lGODlh"),
        ),
        ("data:image/webp;base64,UklGR", Some("data:image/webp;base64,UklGR")),
        ("data:image/svg+xml;base64,PHN2Zz4=", None),
        ("data:image/svg+xml,<svg onload=alert(1)>", None),
        ("data:image/png,rawbytes", None),
        ("data:image/png;base64,<script>", None),
        ("data:image/png;base64,", None),
        ("data:text/html;base64,PHNjcmlwdD4=", None),
        ("http://example.com/a.png", None),
        ("javascript:alert(1)", None),
        ("//example.com/a.png", None),
        ("/a.png", None),
        ("mailto:a@b.c", None),
    ];
    for (input, expected) in cases {
        assert_eq!(safe_image(input).as_deref(), *expected, "safe_image({input:?})");
    }
}

/// The checker itself must be able to fail: a tree with a bad URL is caught.
#[test]
#[should_panic(expected = "unsafe href")]
fn checker_catches_an_unsafe_link() {
    let blocks = vec![Block::Paragraph(vec![Inline::Link {
        href: "javascript:alert(1)".into(),
        title: None,
        children: vec![],
    }])];
    let (links, _) = urls(&blocks);
    for href in links {
        assert!(href.starts_with("https://"), "unsafe href {href:?}");
    }
}
