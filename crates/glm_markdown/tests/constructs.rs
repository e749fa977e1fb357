//! One test per construct of the hand-written parser: what models write, and the rules that decide close calls.

use glm_markdown::{Align, Block, Inline, ListItem, parse, plain_text};

fn text(t: &str) -> Inline {
    Inline::Text(t.into())
}

fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(inlines)
}

fn p(t: &str) -> Block {
    para(vec![text(t)])
}

fn code(lang: Option<&str>, code: &str) -> Block {
    Block::CodeBlock {
        lang: lang.map(Into::into),
        code: code.into(),
    }
}

fn item(blocks: Vec<Block>) -> ListItem {
    ListItem { checked: None, blocks }
}

fn bullets(items: Vec<ListItem>) -> Block {
    Block::List {
        ordered: false,
        start: None,
        items,
    }
}

fn link(href: &str, children: Vec<Inline>) -> Inline {
    Inline::Link {
        href: href.into(),
        title: None,
        children,
    }
}

/// The inlines of a one-paragraph document.
fn inlines(markdown: &str) -> Vec<Inline> {
    match parse(markdown).as_slice() {
        [Block::Paragraph(inlines)] => inlines.clone(),
        other => panic!("{markdown:?} is not one paragraph: {other:?}"),
    }
}

#[test]
fn atx_and_setext_headings() {
    let h = |level, t: &str| Block::Heading {
        level,
        content: vec![text(t)],
    };
    assert_eq!(
        parse("## Two ##\n#### Four #not closing\n#\n#hashtag\n\nline one\nline two\n---\n\nTitle\n==="),
        vec![
            h(2, "Two"),
            h(4, "Four #not closing"),
            Block::Heading {
                level: 1,
                content: vec![]
            },
            p("#hashtag"),
            Block::Heading {
                level: 2,
                content: vec![text("line one"), Inline::SoftBreak, text("line two")]
            },
            h(1, "Title"),
        ]
    );
    // Seven hashes are text, and a heading interrupts a paragraph.
    assert_eq!(
        parse("####### no\ntext\n# yes"),
        vec![
            para(vec![text("####### no"), Inline::SoftBreak, text("text")]),
            h(1, "yes")
        ]
    );
}

#[test]
fn fenced_code_keeps_its_text_verbatim() {
    assert_eq!(
        parse("````md\n```\nnot the end\n```\n````\n\n~~~\n*not em* [ref_1] &amp;\n~~~~~\n\n``` a`b\nnot a fence"),
        vec![
            code(Some("md"), "```\nnot the end\n```"),
            code(None, "*not em* [ref_1] &amp;"),
            para(vec![text("``` a`b"), Inline::SoftBreak, text("not a fence")]),
        ]
    );
    // Indentation of the opening fence is removed from the lines inside it, and no more.
    assert_eq!(parse("  ```\n  a\n    b\nc\n  ```"), vec![code(None, "a\n  b\nc")]);
}

#[test]
fn indented_code_keeps_inner_blank_lines_and_cannot_interrupt_a_paragraph() {
    assert_eq!(
        parse("    one\n\n      two\n\n\nafter\n    not code"),
        vec![
            code(None, "one\n\n  two"),
            para(vec![text("after"), Inline::SoftBreak, text("not code")]),
        ]
    );
}

#[test]
fn lists_bullets_numbers_and_what_separates_them() {
    assert_eq!(
        parse("- a\n+ b\n\n1) one\n2) two\n\n7. seven"),
        vec![
            bullets(vec![item(vec![p("a")])]),
            bullets(vec![item(vec![p("b")])]),
            Block::List {
                ordered: true,
                start: Some(1),
                items: vec![item(vec![p("one")]), item(vec![p("two")])]
            },
            Block::List {
                ordered: true,
                start: Some(7),
                items: vec![item(vec![p("seven")])]
            },
        ]
    );
    // Only a list starting at 1 interrupts a paragraph: "in 2024. it…" stays text.
    assert_eq!(
        parse("Released in\n2024. It was\n1. first"),
        vec![
            para(vec![text("Released in"), Inline::SoftBreak, text("2024. It was")]),
            Block::List {
                ordered: true,
                start: Some(1),
                items: vec![item(vec![p("first")])]
            },
        ]
    );
}

#[test]
fn list_items_continue_lazily_and_hold_any_block() {
    assert_eq!(
        parse("- first\nlazy line\n- second\n\n  ```sh\n  ls\n  ```\n  > quoted\n- [ ] task *em*"),
        vec![bullets(vec![
            item(vec![para(vec![text("first"), Inline::SoftBreak, text("lazy line")])]),
            item(vec![
                p("second"),
                code(Some("sh"), "ls"),
                Block::Quote(vec![p("quoted")])
            ]),
            ListItem {
                checked: Some(false),
                blocks: vec![para(vec![text("task "), Inline::Emphasis(vec![text("em")])])]
            },
        ])]
    );
    // Items nest by indentation, relative to where the item's text starts.
    assert_eq!(
        parse("10. ten\n    - under ten\n- back out"),
        vec![
            Block::List {
                ordered: true,
                start: Some(10),
                items: vec![item(vec![p("ten"), bullets(vec![item(vec![p("under ten")])])])]
            },
            bullets(vec![item(vec![p("back out")])]),
        ]
    );
}

#[test]
fn quotes_end_at_a_blank_line_and_take_lazy_lines() {
    assert_eq!(
        parse("> one\ntwo\n\n> three\n> - x\n>\n> # h"),
        vec![
            Block::Quote(vec![para(vec![text("one"), Inline::SoftBreak, text("two")])]),
            Block::Quote(vec![
                p("three"),
                bullets(vec![item(vec![p("x")])]),
                Block::Heading {
                    level: 1,
                    content: vec![text("h")]
                }
            ]),
        ]
    );
    // A rule under a quote is not a heading underline.
    assert_eq!(parse("> a\n---"), vec![Block::Quote(vec![p("a")]), Block::Rule]);
}

#[test]
fn thematic_breaks() {
    assert_eq!(parse("***\n- - -\n___\n *  *  *"), vec![Block::Rule; 4]);
    assert_eq!(
        parse("--\n**"),
        vec![para(vec![text("--"), Inline::SoftBreak, text("**")])]
    );
}

#[test]
fn tables_cells_alignment_and_where_they_end() {
    let cell = |t: &str| vec![text(t)];
    assert_eq!(
        parse("Intro line\n| a | `x|y` | c \\| d |\n|:-|-:|:-:|\n| 1 | 2 |\n| 1 | 2 | 3 | 4 |\nno pipes here\n\nafter"),
        vec![
            p("Intro line"),
            Block::Table {
                align: vec![Align::Left, Align::Right, Align::Center],
                head: vec![cell("a"), vec![Inline::Code("x|y".into())], cell("c | d")],
                rows: vec![
                    vec![cell("1"), cell("2"), vec![]],
                    vec![cell("1"), cell("2"), cell("3")],
                    vec![cell("no pipes here"), vec![], vec![]],
                ],
            },
            p("after"),
        ]
    );
    // The delimiter row must have as many cells as the header, and both need a `|`.
    assert_eq!(
        parse("a sentence\n|---|"),
        vec![para(vec![text("a sentence"), Inline::SoftBreak, text("|---|")])]
    );
    assert_eq!(
        parse("| a | b |\n|---|"),
        vec![para(vec![text("| a | b |"), Inline::SoftBreak, text("|---|")])]
    );
    assert_eq!(
        parse("a\n---"),
        vec![Block::Heading {
            level: 2,
            content: vec![text("a")]
        }]
    );
    // A block start ends the table.
    assert!(
        matches!(parse("| a |\n|---|\n| 1 |\n# next").as_slice(), [Block::Table { rows, .. }, Block::Heading { .. }] if rows.len() == 1)
    );
}

#[test]
fn emphasis_follows_the_flanking_rules() {
    assert_eq!(
        inlines("*a* _b_ **c** __d__ ***e***"),
        vec![
            Inline::Emphasis(vec![text("a")]),
            text(" "),
            Inline::Emphasis(vec![text("b")]),
            text(" "),
            Inline::Strong(vec![text("c")]),
            text(" "),
            Inline::Strong(vec![text("d")]),
            text(" "),
            Inline::Emphasis(vec![Inline::Strong(vec![text("e")])]),
        ]
    );
    // Underscores inside words are literal (identifiers); stars inside words still emphasise.
    assert_eq!(inlines("snake_case_name"), vec![text("snake_case_name")]);
    assert_eq!(
        inlines("un*frigging*believable"),
        vec![text("un"), Inline::Emphasis(vec![text("frigging")]), text("believable")]
    );
    // Spaces inside the markers, or no closer: literal. `2 * 3 * 4` is arithmetic.
    assert_eq!(inlines("2 * 3 * 4 and *open"), vec![text("2 * 3 * 4 and *open")]);
    // The rule of three: `*foo**bar*` is one emphasis around `foo**bar`.
    assert_eq!(inlines("*foo**bar*"), vec![Inline::Emphasis(vec![text("foo**bar")])]);
    // Chinese text: markers next to CJK characters and punctuation.
    assert_eq!(
        inlines("这是**重点**，还有*斜体*。"),
        vec![
            text("这是"),
            Inline::Strong(vec![text("重点")]),
            text("，还有"),
            Inline::Emphasis(vec![text("斜体")]),
            text("。"),
        ]
    );
}

#[test]
fn strikethrough_needs_two_tildes() {
    assert_eq!(
        inlines("~~gone~~ and 3~5 days or ~one~"),
        vec![Inline::Strike(vec![text("gone")]), text(" and 3~5 days or ~one~")]
    );
}

#[test]
fn code_spans() {
    assert_eq!(
        inlines("`a` `` b`c `` ` ` `x\ny` ``unclosed`"),
        vec![
            Inline::Code("a".into()),
            text(" "),
            Inline::Code("b`c".into()),
            text(" "),
            Inline::Code(" ".into()),
            text(" "),
            Inline::Code("x y".into()),
            text(" ``unclosed`"),
        ]
    );
    // Nothing inside a code span is markup, not even entities or escapes.
    assert_eq!(inlines("`*a* &amp; \\*`"), vec![Inline::Code("*a* &amp; \\*".into())]);
}

#[test]
fn links_destinations_titles_and_nesting() {
    assert_eq!(
        inlines("[a](<https://x.com/a b> 'T') [b](https://x.com/p_(1)) [c](https://x.com/\\(q)"),
        vec![
            Inline::Link {
                href: "https://x.com/a b".into(),
                title: Some("T".into()),
                children: vec![text("a")]
            },
            text(" "),
            link("https://x.com/p_(1)", vec![text("b")]),
            text(" "),
            link("https://x.com/(q", vec![text("c")]),
        ]
    );
    // Markup in the text; an inner link wins over the outer one.
    assert_eq!(
        inlines("[**bold** `c`](https://a.com) [x [in](https://b.com)](https://c.com)"),
        vec![
            link(
                "https://a.com",
                vec![Inline::Strong(vec![text("bold")]), text(" "), Inline::Code("c".into())]
            ),
            text(" [x "),
            link("https://b.com", vec![text("in")]),
            text("]("),
            link("https://c.com", vec![text("https://c.com")]),
            text(")"),
        ]
    );
    // Not a link: a space in a bare destination, or nothing after `]`.
    assert_eq!(inlines("[a](b c) [d]"), vec![text("[a](b c) [d]")]);
}

#[test]
fn images_use_their_text_as_alt_and_fall_back_to_it() {
    assert_eq!(
        inlines("![a *b* `c`](https://x.com/i.png) ![no](http://x.com/i.png) ![](javascript:x)"),
        vec![
            Inline::Image {
                src: "https://x.com/i.png".into(),
                alt: "a b c".into()
            },
            text(" no "),
        ]
    );
}

#[test]
fn autolinks_and_their_safety() {
    assert_eq!(
        inlines("<https://x.com/a?b=1> <mailto:a@b.co> <me@example.org> <ftp://x.com> <not a link>"),
        vec![
            link("https://x.com/a?b=1", vec![text("https://x.com/a?b=1")]),
            text(" "),
            link("mailto:a@b.co", vec![text("mailto:a@b.co")]),
            text(" "),
            link("mailto:me@example.org", vec![text("me@example.org")]),
            text(" ftp://x.com <not a link>"),
        ]
    );
}

#[test]
fn hard_and_soft_breaks() {
    assert_eq!(
        inlines("two spaces  \nbackslash\\\none space \nend  "),
        vec![
            text("two spaces"),
            Inline::HardBreak,
            text("backslash"),
            Inline::HardBreak,
            text("one space"),
            Inline::SoftBreak,
            text("end"),
        ]
    );
}

#[test]
fn html_is_shown_as_text() {
    assert_eq!(
        parse("<!-- a comment\n\nstill the comment -->\nafter\n\n<table>\n<tr><td>x</td></tr>\n</table>"),
        vec![
            Block::Html("<!-- a comment\n\nstill the comment -->".into()),
            p("after"),
            Block::Html("<table>\n<tr><td>x</td></tr>\n</table>".into()),
        ]
    );
    // Inline tags are text, and `*` inside an attribute is not emphasis.
    assert_eq!(
        inlines("a <span title=\"*x*\">b</span> *c*"),
        vec![
            text("a <span title=\"*x*\">b</span> "),
            Inline::Emphasis(vec![text("c")])
        ]
    );
    // A tag alone on its line is an HTML block, but cannot interrupt a paragraph.
    assert_eq!(
        parse("text\n<span>\n\n<span>"),
        vec![
            para(vec![text("text"), Inline::SoftBreak, text("<span>")]),
            Block::Html("<span>".into())
        ]
    );
}

#[test]
fn entities_and_escapes() {
    assert_eq!(
        inlines("&lt;b&gt; &copy; &#8364; &#x1F600; &nosuch; &amp &\\*not em\\* \\[x\\] \\a"),
        vec![text("<b> © € 😀 &nosuch; &amp &*not em* [x] \\a")]
    );
    // References are decoded in destinations and titles.
    assert_eq!(
        inlines("[x](https://x.com/?a=1&amp;b=2 \"&quot;T&quot;\")"),
        vec![Inline::Link {
            href: "https://x.com/?a=1&b=2".into(),
            title: Some("\"T\"".into()),
            children: vec![text("x")]
        }]
    );
}

#[test]
fn citations_inside_emphasis_and_tables_but_not_links() {
    let blocks = parse("**见[ref_1]** [see [ref_2]](https://x.com)");
    assert_eq!(
        blocks,
        vec![para(vec![
            Inline::Strong(vec![
                text("见"),
                Inline::Citation {
                    refer: "ref_1".into(),
                    marker: "[ref_1]".into()
                }
            ]),
            text(" "),
            link("https://x.com", vec![text("see [ref_2]")]),
        ])]
    );
    assert_eq!(plain_text(&blocks), "见[ref_1] see [ref_2]");
}

#[test]
fn crlf_and_lone_cr_line_endings() {
    let expected = parse("# h\n\n- a\n- b\n\n```\nx\n```");
    assert_eq!(parse("# h\r\n\r\n- a\r\n- b\r\n\r\n```\r\nx\r\n```"), expected);
    assert_eq!(parse("# h\r\r- a\r- b\r\r```\rx\r```"), expected);
}

#[test]
fn tabs_count_as_four_columns() {
    assert_eq!(parse("\tcode"), vec![code(None, "code")]);
    assert_eq!(
        parse("-\tone\n\t- two"),
        vec![bullets(vec![item(vec![p("one"), bullets(vec![item(vec![p("two")])])])])]
    );
}
