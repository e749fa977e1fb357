//! Citation markers: every accepted variant, the near misses, and markers inside code.

use glm_markdown::{Block, Inline, StreamingMarkdown, citation_refs, parse};

fn ids(text: &str) -> Vec<(String, String)> {
    citation_refs(text)
        .into_iter()
        .map(|(range, refer)| (text[range].to_string(), refer))
        .collect()
}

fn one(marker: &str, refer: &str) -> Vec<(String, String)> {
    vec![(marker.to_string(), refer.to_string())]
}

#[test]
fn single_marker_variants() {
    for (marker, refer) in [
        ("[ref_1]", "ref_1"),
        ("【ref_2】", "ref_2"),
        ("［ref_3］", "ref_3"),
        ("[来源：ref_4]", "ref_4"),
        ("[来源:ref_5]", "ref_5"),
        ("【来源：ref_6】", "ref_6"),
        ("【来源: ref_7】", "ref_7"),
        ("[ ref_8 ]", "ref_8"),
        ("【 ref_9 】", "ref_9"),
        ("[来源 ： ref_10]", "ref_10"),
        ("[参考：ref_11]", "ref_11"),
        ("[Source: ref_12]", "ref_12"),
        ("[REF_13]", "ref_13"),
        ("[ref_007]", "ref_7"),
        ("[ref_1】", "ref_1"),
        ("[ref_1](https://example.com/a)", "ref_1"),
    ] {
        assert_eq!(ids(marker), one(marker, refer), "{marker}");
        let text = format!("前文{marker}后文");
        assert_eq!(ids(&text), one(marker, refer), "{text}");
    }
}

#[test]
fn near_misses_are_not_citations() {
    for text in [
        "ref_1",
        "[ref 1]",
        "[ref-1]",
        "[ref_]",
        "[ref_x]",
        "[ref_1234567]",
        "[reference_1]",
        "[ref_1 and more]",
        "[来源 ref_1]",
        "[ref_1, ]",
        "[ref_1,ref_x]",
        "(ref_1)",
        "[[ref_1",
        "[ref_1",
        "ref_1]",
    ] {
        assert_eq!(ids(text), vec![], "{text}");
    }
}

#[test]
fn groups_split_into_adjacent_ranges() {
    let text = "见[ref_1, ref_2]。";
    assert_eq!(
        ids(text),
        vec![
            ("[ref_1, ".to_string(), "ref_1".to_string()),
            ("ref_2]".to_string(), "ref_2".to_string())
        ]
    );
    assert_eq!(
        ids("【ref_3，ref_4、ref_5】"),
        vec![
            ("【ref_3，".to_string(), "ref_3".to_string()),
            ("ref_4、".to_string(), "ref_4".to_string()),
            ("ref_5】".to_string(), "ref_5".to_string()),
        ]
    );
    assert_eq!(
        ids("[来源：ref_1；来源：ref_2]"),
        vec![
            ("[来源：ref_1；".to_string(), "ref_1".to_string()),
            ("来源：ref_2]".to_string(), "ref_2".to_string())
        ]
    );
    assert_eq!(
        ids("[ref_1][ref_2]"),
        vec![
            ("[ref_1]".to_string(), "ref_1".to_string()),
            ("[ref_2]".to_string(), "ref_2".to_string())
        ]
    );
}

#[test]
fn byte_ranges_are_exact() {
    let text = "a【ref_1】b[ref_2]";
    let refs = citation_refs(text);
    // `【` and `】` are three bytes each.
    assert_eq!(refs, vec![(1..12, "ref_1".to_string()), (13..20, "ref_2".to_string())]);
}

#[test]
fn cherry_studio_destination_must_be_a_plain_url() {
    assert_eq!(
        ids("[ref_1](https://a.com/x)"),
        one("[ref_1](https://a.com/x)", "ref_1")
    );
    assert_eq!(ids("[ref_1](https://a.com/x y)"), one("[ref_1]", "ref_1"));
    assert_eq!(ids("[ref_1]()"), one("[ref_1]", "ref_1"));
    assert_eq!(ids("【ref_1】(https://a.com)"), one("【ref_1】", "ref_1"));
}

fn citation(refer: &str, marker: &str) -> Inline {
    Inline::Citation {
        refer: refer.into(),
        marker: marker.into(),
    }
}

fn text(t: &str) -> Inline {
    Inline::Text(t.into())
}

#[test]
fn parsed_markers_survive_the_reference_link_split() {
    // The parser sees `[ref_1]` as an opening bracket, text and a closing one: they must be merged first.
    assert_eq!(
        parse("据报道[ref_1]，另见【ref_2】和[来源：ref_3]。"),
        vec![Block::Paragraph(vec![
            text("据报道"),
            citation("ref_1", "[ref_1]"),
            text("，另见"),
            citation("ref_2", "【ref_2】"),
            text("和"),
            citation("ref_3", "[来源：ref_3]"),
            text("。"),
        ])]
    );
}

#[test]
fn cherry_studio_links_become_citations() {
    assert_eq!(
        parse("结论[ref_1](https://example.com/a)。"),
        vec![Block::Paragraph(vec![
            text("结论"),
            citation("ref_1", "[ref_1]"),
            text("。")
        ])]
    );
    // Even when the URL would be refused: the id is what matters, the URL is never used.
    assert_eq!(
        parse("[ref_2](javascript:alert(1))"),
        vec![Block::Paragraph(vec![citation("ref_2", "[ref_2]")])]
    );
}

#[test]
fn markers_inside_link_text_stay_text() {
    // A citation renders as an anchor, and an anchor cannot nest in an anchor.
    assert_eq!(
        parse("[see 【ref_1】 and https://b.com](https://a.com)"),
        vec![Block::Paragraph(vec![Inline::Link {
            href: "https://a.com".into(),
            title: None,
            children: vec![text("see 【ref_1】 and https://b.com")],
        }])]
    );
}

#[test]
fn reference_style_pairs_and_groups_in_markdown() {
    assert_eq!(
        parse("A[ref_1][ref_2] B[ref_3, ref_4]"),
        vec![Block::Paragraph(vec![
            text("A"),
            citation("ref_1", "[ref_1]"),
            citation("ref_2", "[ref_2]"),
            text(" B"),
            citation("ref_3", "[ref_3, "),
            citation("ref_4", "ref_4]"),
        ])]
    );
}

#[test]
fn markers_in_code_are_literal() {
    assert_eq!(
        parse("`[ref_1]` and\n\n```\n【ref_2】\n```\n\n    [ref_3]"),
        vec![
            Block::Paragraph(vec![Inline::Code("[ref_1]".into()), text(" and")]),
            Block::CodeBlock {
                lang: None,
                code: "【ref_2】".into()
            },
            Block::CodeBlock {
                lang: None,
                code: "[ref_3]".into()
            },
        ]
    );
}

#[test]
fn markers_everywhere_text_goes() {
    let blocks = parse("# 标题[ref_1]\n\n- *强调[ref_2]*\n\n| a |\n|---|\n| **b【ref_3】** |\n\n> [ref_4]");
    let expected = vec![
        Block::Heading {
            level: 1,
            content: vec![text("标题"), citation("ref_1", "[ref_1]")],
        },
        Block::List {
            ordered: false,
            start: None,
            items: vec![glm_markdown::ListItem {
                checked: None,
                blocks: vec![Block::Paragraph(vec![Inline::Emphasis(vec![
                    text("强调"),
                    citation("ref_2", "[ref_2]"),
                ])])],
            }],
        },
        Block::Table {
            align: vec![glm_markdown::Align::None],
            head: vec![vec![text("a")]],
            rows: vec![vec![vec![Inline::Strong(vec![
                text("b"),
                citation("ref_3", "【ref_3】"),
            ])]]],
        },
        Block::Quote(vec![Block::Paragraph(vec![citation("ref_4", "[ref_4]")])]),
    ];
    assert_eq!(blocks, expected);
}

#[test]
fn a_definition_for_a_marker_does_not_turn_it_into_a_link() {
    let blocks = parse("见[ref_1]。\n\n[ref_1]: https://example.com");
    assert_eq!(
        blocks[0],
        Block::Paragraph(vec![text("见"), citation("ref_1", "[ref_1]"), text("。")])
    );
}

#[test]
fn marker_split_across_stream_chunks_resolves_when_closed() {
    let full = "第一段。\n\n第二段【来源：ref_12】结束。";
    let mut stream = StreamingMarkdown::new();
    let cut = full.find("ref_1").unwrap() + "ref_1".len();
    stream.update(&full[..cut]);
    let open: Vec<Block> = stream.committed().iter().chain(stream.tail()).cloned().collect();
    assert_eq!(open[1], Block::Paragraph(vec![text("第二段【来源：ref_1")]));
    stream.update(full);
    stream.finish();
    assert_eq!(
        stream.committed()[1],
        Block::Paragraph(vec![
            text("第二段"),
            citation("ref_12", "【来源：ref_12】"),
            text("结束。")
        ])
    );
    // Every split point of the marker itself, byte by byte, ends the same way.
    for cut in (0..=full.len()).filter(|&i| full.is_char_boundary(i)) {
        let mut stream = StreamingMarkdown::new();
        stream.update(&full[..cut]);
        stream.update(full);
        stream.finish();
        assert_eq!(stream.committed(), parse(full).as_slice(), "cut at {cut}");
    }
}
