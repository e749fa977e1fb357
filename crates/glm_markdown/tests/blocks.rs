//! Each block and inline kind, as the DOM layer will receive it.

use glm_markdown::{Align, Block, Inline, ListItem, parse, plain_text};

fn text(t: &str) -> Inline {
    Inline::Text(t.into())
}

fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(inlines)
}

fn item(blocks: Vec<Block>) -> ListItem {
    ListItem { checked: None, blocks }
}

#[test]
fn paragraphs_headings_and_rules() {
    assert_eq!(
        parse("# One\n\n###### Six ######\n\nSetext\n===\n\nTwo\n---\n\ntext\nmore\n\n***"),
        vec![
            Block::Heading {
                level: 1,
                content: vec![text("One")]
            },
            Block::Heading {
                level: 6,
                content: vec![text("Six")]
            },
            Block::Heading {
                level: 1,
                content: vec![text("Setext")]
            },
            Block::Heading {
                level: 2,
                content: vec![text("Two")]
            },
            para(vec![text("text"), Inline::SoftBreak, text("more")]),
            Block::Rule,
        ]
    );
}

#[test]
fn inline_kinds() {
    assert_eq!(
        parse(
            "*em* **strong** ~~gone~~ `co*de*` a  \nb\\\nc ![alt **b**](https://x.com/i.png) [l](https://x.com \"T\")"
        ),
        vec![para(vec![
            Inline::Emphasis(vec![text("em")]),
            text(" "),
            Inline::Strong(vec![text("strong")]),
            text(" "),
            Inline::Strike(vec![text("gone")]),
            text(" "),
            Inline::Code("co*de*".into()),
            text(" a"),
            Inline::HardBreak,
            text("b"),
            Inline::HardBreak,
            text("c "),
            Inline::Image {
                src: "https://x.com/i.png".into(),
                alt: "alt b".into()
            },
            text(" "),
            Inline::Link {
                href: "https://x.com".into(),
                title: Some("T".into()),
                children: vec![text("l")]
            },
        ])]
    );
}

#[test]
fn autolinks_and_bare_urls() {
    assert_eq!(
        parse("<https://a.com> <x@y.org> 见https://b.com/p?q=1。 (see http://c.com/x_(y)). nohttps://d.com"),
        vec![para(vec![
            Inline::Link {
                href: "https://a.com".into(),
                title: None,
                children: vec![text("https://a.com")]
            },
            text(" "),
            Inline::Link {
                href: "mailto:x@y.org".into(),
                title: None,
                children: vec![text("x@y.org")]
            },
            text(" 见"),
            Inline::Link {
                href: "https://b.com/p?q=1".into(),
                title: None,
                children: vec![text("https://b.com/p?q=1")]
            },
            text("。 (see "),
            Inline::Link {
                href: "http://c.com/x_(y)".into(),
                title: None,
                children: vec![text("http://c.com/x_(y)")]
            },
            text("). nohttps://d.com"),
        ])]
    );
    // No link inside a link.
    assert_eq!(
        parse("[see https://a.com](https://b.com)"),
        vec![para(vec![Inline::Link {
            href: "https://b.com".into(),
            title: None,
            children: vec![text("see https://a.com")],
        }])]
    );
}

#[test]
fn code_blocks_and_language_sanitising() {
    assert_eq!(
        parse(
            "```rust\nfn main() {}\n```\n\n~~~ c++ extra\nx\n~~~\n\n```rust,ignore\n```\n\n```{.py}\np\n```\n\n```\"><script>\nq\n```\n\n    indented\n\n```\nunclosed"
        ),
        vec![
            Block::CodeBlock {
                lang: Some("rust".into()),
                code: "fn main() {}".into()
            },
            Block::CodeBlock {
                lang: Some("c++".into()),
                code: "x".into()
            },
            Block::CodeBlock {
                lang: Some("rust".into()),
                code: "".into()
            },
            Block::CodeBlock {
                lang: None,
                code: "p".into()
            },
            Block::CodeBlock {
                lang: None,
                code: "q".into()
            },
            Block::CodeBlock {
                lang: None,
                code: "indented".into()
            },
            Block::CodeBlock {
                lang: None,
                code: "unclosed".into()
            },
        ]
    );
    let long = format!("```{}\n```", "a".repeat(100));
    assert_eq!(
        parse(&long),
        vec![Block::CodeBlock {
            lang: Some("a".repeat(32)),
            code: "".into()
        }]
    );
    assert_eq!(
        parse("```c#\n```\n\n```objective-c.v2_x\n```"),
        vec![
            Block::CodeBlock {
                lang: Some("c#".into()),
                code: "".into()
            },
            Block::CodeBlock {
                lang: Some("objective-c.v2_x".into()),
                code: "".into()
            },
        ]
    );
}

#[test]
fn quotes_nest() {
    assert_eq!(
        parse("> a\nlazy\n>\n> > b"),
        vec![Block::Quote(vec![
            para(vec![text("a"), Inline::SoftBreak, text("lazy")]),
            Block::Quote(vec![para(vec![text("b")])]),
        ])]
    );
}

#[test]
fn lists_ordered_nested_and_loose() {
    assert_eq!(
        parse("3. three\n4. four\n   - nested\n     1. deep\n\n- a\n\n  second para\n- b"),
        vec![
            Block::List {
                ordered: true,
                start: Some(3),
                items: vec![
                    item(vec![para(vec![text("three")])]),
                    item(vec![
                        para(vec![text("four")]),
                        Block::List {
                            ordered: false,
                            start: None,
                            items: vec![item(vec![
                                para(vec![text("nested")]),
                                Block::List {
                                    ordered: true,
                                    start: Some(1),
                                    items: vec![item(vec![para(vec![text("deep")])])]
                                },
                            ])],
                        },
                    ]),
                ],
            },
            Block::List {
                ordered: false,
                start: None,
                items: vec![
                    item(vec![para(vec![text("a")]), para(vec![text("second para")])]),
                    item(vec![para(vec![text("b")])]),
                ],
            },
        ]
    );
}

#[test]
fn task_lists() {
    assert_eq!(
        parse("- [x] done\n- [ ] todo\n- plain\n- [X] upper"),
        vec![Block::List {
            ordered: false,
            start: None,
            items: vec![
                ListItem {
                    checked: Some(true),
                    blocks: vec![para(vec![text("done")])]
                },
                ListItem {
                    checked: Some(false),
                    blocks: vec![para(vec![text("todo")])]
                },
                ListItem {
                    checked: None,
                    blocks: vec![para(vec![text("plain")])]
                },
                ListItem {
                    checked: Some(true),
                    blocks: vec![para(vec![text("upper")])]
                },
            ],
        }]
    );
}

#[test]
fn tables_with_alignment() {
    assert_eq!(
        parse("| 左 | 中 | 右 | 无 |\n|:---|:---:|---:|---|\n| a | **b** | `c` | d<br>e |\n| short |"),
        vec![Block::Table {
            align: vec![Align::Left, Align::Center, Align::Right, Align::None],
            head: vec![vec![text("左")], vec![text("中")], vec![text("右")], vec![text("无")]],
            rows: vec![
                vec![
                    vec![text("a")],
                    vec![Inline::Strong(vec![text("b")])],
                    vec![Inline::Code("c".into())],
                    vec![text("d"), Inline::HardBreak, text("e")],
                ],
                vec![vec![text("short")], vec![], vec![], vec![]],
            ],
        }]
    );
}

#[test]
fn html_blocks_are_kept_verbatim() {
    assert_eq!(
        parse("<div class=\"x\">\n*not emphasis*\n</div>\n\nafter"),
        vec![
            Block::Html("<div class=\"x\">\n*not emphasis*\n</div>".into()),
            para(vec![text("after")])
        ]
    );
}

#[test]
fn reference_links_are_literal_and_definitions_visible() {
    assert_eq!(
        parse("See [the docs][d], [d][] and [d].\n\n[d]: https://example.com/docs \"Docs\"\n[x]: /relative"),
        vec![
            para(vec![text("See [the docs][d], [d][] and [d].")]),
            para(vec![
                text("[d]: "),
                Inline::Link {
                    href: "https://example.com/docs".into(),
                    title: Some("Docs".into()),
                    children: vec![text("https://example.com/docs")],
                },
            ]),
            para(vec![text("[x]: /relative")]),
        ]
    );
    // A duplicate definition is hidden, as CommonMark ignores it.
    assert_eq!(parse("[a]: https://one.com\n\n[a]: https://two.com").len(), 1);
    // Definitions inside containers stay there.
    assert_eq!(
        parse("> [q]: https://q.com\n> text"),
        vec![Block::Quote(vec![
            para(vec![
                text("[q]: "),
                Inline::Link {
                    href: "https://q.com".into(),
                    title: None,
                    children: vec![text("https://q.com")]
                },
            ]),
            para(vec![text("text")]),
        ])]
    );
}

#[test]
fn unsupported_extensions_keep_their_text() {
    assert_eq!(
        parse("x[^1] $a+b$\n\n[^1]: note"),
        vec![
            para(vec![
                text("x[^1] "),
                Inline::Math {
                    tex: "a+b".into(),
                    display: false
                }
            ]),
            para(vec![text("[^1]: note")])
        ]
    );
}

#[test]
fn deep_nesting_is_flattened_not_lost() {
    let quotes = format!("{} deep", ">".repeat(5000));
    let blocks = parse(&quotes);
    fn depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::Quote(inner) => 1 + depth(inner),
                Block::List { items, .. } => 1 + items.iter().map(|i| depth(&i.blocks)).max().unwrap_or(0),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    assert!(depth(&blocks) <= 16, "depth {}", depth(&blocks));
    assert!(plain_text(&blocks).ends_with("deep"));

    let lists: String = (0..100).map(|i| format!("{}- l{i}\n", "  ".repeat(i))).collect();
    let blocks = parse(&lists);
    assert!(depth(&blocks) <= 16);
    let flat = plain_text(&blocks);
    assert!(flat.contains("l0") && flat.contains("l99"), "{flat}");

    let stars = format!("{}x{}", "*".repeat(2000), "*".repeat(2000));
    let blocks = parse(&stars);
    assert!(plain_text(&blocks).contains('x'));
}

#[test]
fn plain_text_for_copying() {
    let blocks = parse(
        "# Title\n\nSome *text* [ref_1] and [a link](https://x.com).\n\n- one\n- [x] two\n  continued\n\n3. c\n4. d\n\n> quoted\n>\n> more\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```sh\nls -la\n```\n\n---",
    );
    assert_eq!(
        plain_text(&blocks),
        "Title\n\nSome text [ref_1] and a link.\n\n- one\n- [x] two\n      continued\n\n3. c\n4. d\n\n> quoted\n>\n> more\n\na | b\n1 | 2\n\nls -la\n\n---"
    );
}

#[test]
fn serde_round_trip() {
    let blocks = parse("# h [ref_1]\n\n- [x] a\n\n| a |\n|:-:|\n| b |\n\n<b>x</b>\n\n![i](https://x.com/i.png)");
    let json = serde_json::to_string(&blocks).unwrap();
    let back: Vec<Block> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, blocks);
}

#[test]
fn empty_and_whitespace_input() {
    assert_eq!(parse(""), vec![]);
    assert_eq!(parse("\n\n   \n"), vec![]);
    assert_eq!(plain_text(&[]), "");
}
