//! Streaming equivalence: `committed ++ tail` always equals a one-shot parse of the same text.
//!
//! For a long hunt: `PROPTEST_CASES=100000 STREAM_ROUNDS=30000 cargo test --release --test streaming`.

use glm_markdown::{Block, StreamingMarkdown, parse};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// Realistic replies: what GLM writes, with the constructs that can change retroactively.
const CORPUS: &[&str] = &[
    "# 标题\n\n这是一个段落，引用了来源【ref_1】。\n\n## 小节\n\n- 第一项 [ref_2]\n- 第二项\n  - 嵌套项\n  - 另一个\n- 第三项\n\n1. 步骤一\n2. 步骤二\n\n   继续步骤二。\n3. 步骤三\n\n> 引用的话\n> 第二行\n懒惰续行\n\n```rust\nfn main() {\n    println!(\"[ref_1]\");\n}\n```\n\n| 列一 | 列二 | 列三 |\n|:-----|:----:|-----:|\n| a | b | c |\n| `[ref_3]` | **粗** | <br>x |\n\n---\n\n结束 [来源：ref_3]。\n",
    "Here is the plan:\n\n1. Install Rust\n2. Build\n\nThen, a paragraph\nwith a soft break and a setext heading\n===\n\nAnother\n---\n\n~~~python\nprint('~~~')\n~~~\n\n    indented code\n    more\n\n* [x] done\n* [ ] todo\n\nText with [a link](https://example.com \"title\") and ![img](https://example.com/a.png).\n",
    "Paragraph one.\n\n3. starts at three\n4. four\n\nParagraph two.\n\n7. starts at seven\n\n- a\n\n- loose b\n\n- c\n\n> - quoted list\n>   continued\n>\n> ```\n> code in quote\n> ```\n\nfinal [ref_1][ref_2] and [ref_10, ref_11]\n",
    "Some text\n# heading right after\ntext again\n- list interrupts\n- more\n\n| a | b |\n| - | - |\n| 1 | 2 |\nnot a row?\n\n[ref]: https://example.com \"Title\"\n\nUse [ref] and [text][ref].\n\n<div>\nraw *html*\n</div>\n\n<script>alert(1)</script>\n\nend\n",
    "```\nunclosed fence [ref_1]\nstill code\n\n# not heading\n",
    "1. one\n\n   ```js\n   let x = 1;\n   ```\n\n2. two\n   - nested\n     1. deep\n        - deeper\n\n10. ten\n\nafter list\n\n***\n\n> quote\n>\n> > nested quote [ref_4]\n\nLast paragraph with `code [ref_5]` and **bold [ref_6]**.",
    "| 模型 | 上下文 |\n|------|--------|\n| GLM-4.6 | 200K |\n| GLM-4.5 | 128K |\n\n根据搜索结果[ref_1](https://example.com/a)，以及【来源：ref_2】。\n\n[1]: https://example.com/one\n[2]: https://example.com/two\n'title on next line?'\n\nSee [1] and [2].\n",
];

/// Lines that change meaning depending on their neighbours, for random documents.
const LINES: &[&str] = &[
    "",
    "",
    "",
    "text",
    "$$",
    "$$ x $$",
    "\\[",
    "\\]",
    "cost $5 and $x$ or \\(y\\)",
    "  $$ a",
    "more text [ref_1]",
    "# h",
    "#",
    "#x",
    "## h2 ##",
    "- a",
    "- [ ] task",
    "  - b",
    "    - c",
    "* d",
    "1. one",
    "2. two",
    "3) three",
    "1.",
    "-",
    "> q",
    ">",
    "> - ql",
    "```",
    "```rust",
    "~~~",
    "    code",
    "\tcode",
    "| a | b |",
    "|---|:-:|",
    "| 1 | 2 |",
    "a | b",
    "---",
    "===",
    "***",
    "[a]: https://x.com",
    "[a]:",
    "\"title\"",
    "(title)",
    "[a] [b][a] [c]",
    "<div>",
    "</div>",
    "<!-- c",
    "-->",
    "<script>",
    "</script>",
    "【ref_2】",
    "[来源：ref_3]",
    "`[ref_4]`",
    "***bold***",
    "https://example.com/path.",
    "<br>",
    "  text",
    "     deep",
    "[^1]: foot",
    "+ e",
    "   > q3",
    "\t- tab item",
    "> ```",
    "1. [x] done",
    "  [b]: /u 'x'",
    "'",
    "(",
    "| x |",
    "|:--|",
    "<pre>",
    "</pre>",
    "<?php",
    "?>",
    "<a href=\"x\">",
    "hard  ",
    "back\\",
    "10. ten",
    "    ",
    "> > qq",
    "- - -",
    "* * ",
    "  1. n",
    "    1. m",
    "`code",
    "[ref_1",
    "]",
    "<details>",
    "</details>",
];

/// Feeds `doc` in the given chunks, checking the invariants after every update.
fn check_stream(doc: &str, cuts: &[usize]) -> Result<(), TestCaseError> {
    let mut stream = StreamingMarkdown::new();
    let mut prev_committed: Vec<Block> = Vec::new();
    let mut at = 0;
    for &cut in cuts.iter().chain(std::iter::once(&doc.len())) {
        let mut end = (at + cut).min(doc.len());
        while !doc.is_char_boundary(end) {
            end += 1;
        }
        let prefix = &doc[..end];
        let update = stream.update(prefix);
        prop_assert!(!update.reset, "append must not reset");
        let mut whole = stream.committed().to_vec();
        whole.extend_from_slice(stream.tail());
        prop_assert_eq!(&whole, &parse(prefix), "prefix {:?}", prefix);
        prop_assert!(
            stream.committed().starts_with(&prev_committed),
            "committed changed at {:?}",
            prefix
        );
        prop_assert_eq!(update.newly_committed, prev_committed.len()..stream.committed().len());
        prev_committed = stream.committed().to_vec();
        at = end;
        if at == doc.len() {
            break;
        }
    }
    let update = stream.finish();
    prop_assert_eq!(update.newly_committed, prev_committed.len()..stream.committed().len());
    prop_assert_eq!(stream.committed().to_vec(), parse(doc));
    prop_assert!(stream.tail().is_empty());
    Ok(())
}

/// Windows line endings: a `\r\n` split across chunks must not confuse the splitter.
fn line_endings(doc: &str, crlf: bool) -> String {
    if crlf {
        doc.replace('\n', "\r\n")
    } else {
        doc.to_string()
    }
}

fn random_doc() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(LINES), 1..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn corpus_in_random_chunks(
        doc in prop::sample::select(CORPUS),
        crlf in any::<bool>(),
        cuts in prop::collection::vec(1usize..40, 0..400),
    ) {
        check_stream(&line_endings(doc, crlf), &cuts)?;
    }

    #[test]
    fn random_lines_in_random_chunks(
        doc in random_doc(),
        crlf in any::<bool>(),
        cuts in prop::collection::vec(1usize..12, 0..400),
    ) {
        check_stream(&line_endings(&doc, crlf), &cuts)?;
    }
}

/// Cases the property tests found, each a way a block boundary seen mid-stream was wrong.
const FOUND: &[&str] = &[
    // After a definition, `    code` is paragraph text, not an indented code block.
    "\n\n\n\n[a]: https://x.com\n    code\n\ntext",
    // `|---|` makes a table until `:-:|` arrives and the column counts disagree.
    "  text\na | b\n| x |\n|---|:",
    "#\n  [b]: /u 'x'\ntext\n    1. m\n| x |\n|---|:-:|",
    // (Found with the earlier pulldown-cmark parser.) It split the paragraph for a table header, rejected it, kept
    // `|\` as a separate paragraph until `-||` shows it was not a table candidate at all.
    "a\n|\\\n-||",
    // A duplicate definition is hidden inside the list's span; the line after it is text.
    "[^1]: foot\n\n* * \n[^1]: foot\n\t- tab item\n#",
    "\n    code\n[^1]: foot\n- a\n\n[^1]: foot\n<a href=\"x\">\n---\n- [ ] task",
    // A definition's title may come on the next line, even spanning lines.
    "[a]: https://x.com\n\"multi\nline title\"\n\nafter",
    // `#` alone is an empty heading; `#foo` continues the paragraph.
    "para\n#foo\n\nnext",
];

#[test]
fn found_cases_byte_by_byte() {
    for doc in FOUND {
        check_stream(doc, &vec![1; doc.len()]).unwrap();
        check_stream(&line_endings(doc, true), &vec![1; doc.len() * 2]).unwrap();
    }
}

#[test]
fn corpus_byte_by_byte() {
    for doc in CORPUS {
        check_stream(doc, &vec![1; doc.len()]).unwrap();
    }
}

#[test]
fn random_lines_byte_by_byte() {
    // Deterministic sweep over many line soups, each fed one byte at a time.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let rounds = std::env::var("STREAM_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(150);
    for _ in 0..rounds {
        let doc = random_doc().new_tree(&mut runner).unwrap().current();
        check_stream(&doc, &vec![1; doc.len()]).unwrap();
    }
}

#[test]
fn work_per_update_does_not_grow_with_the_reply() {
    // ~100 KB reply of realistic blocks, streamed in 20 000+ small chunks.
    let doc: String = (0..400)
        .map(|i| CORPUS[i % CORPUS.len()].to_string() + "\n\n")
        .collect();
    let mut stream = StreamingMarkdown::new();
    let (mut at, mut updates) = (0, 0);
    while at < doc.len() {
        at = (at + 1 + (updates * 5) % 7).min(doc.len());
        while !doc.is_char_boundary(at) {
            at += 1;
        }
        stream.update(&doc[..at]);
        updates += 1;
    }
    assert!(updates > 20_000, "{updates} updates");
    stream.update(&doc);
    stream.finish();
    assert_eq!(stream.committed(), parse(&doc).as_slice());
    // Re-parsing the whole text each time would be ~ updates * len / 2 = 2e9 bytes. Bounded
    // work is the text once plus, per update, the still-open tail (the largest block of the
    // corpus, an unclosed code fence that swallows the next document, is under 2 KB).
    let parsed = stream.bytes_parsed();
    let bound = doc.len() + updates * 2048;
    assert!(
        parsed <= bound,
        "parsed {parsed} bytes for a {} byte reply in {updates} updates",
        doc.len()
    );
    assert!(
        parsed < doc.len() * updates / 50,
        "streaming degenerated into re-parsing everything"
    );
}

#[test]
fn non_continuation_resets() {
    let mut stream = StreamingMarkdown::new();
    stream.update("# one\n\npara\n\n- a\n");
    assert!(!stream.committed().is_empty());
    let update = stream.update("# other\n\ntext");
    assert!(update.reset);
    assert_eq!(update.newly_committed, 0..stream.committed().len());
    let mut whole = stream.committed().to_vec();
    whole.extend_from_slice(stream.tail());
    assert_eq!(whole, parse("# other\n\ntext"));

    // Same text again: nothing to do.
    let update = stream.update("# other\n\ntext");
    let n = stream.committed().len();
    assert_eq!(
        update,
        glm_markdown::Update {
            reset: false,
            newly_committed: n..n
        }
    );

    // Shrinking is not a continuation either.
    assert!(stream.update("# oth").reset);
    assert!(stream.update("").reset);
    assert!(stream.committed().is_empty() && stream.tail().is_empty());
}

#[test]
fn finish_commits_the_tail_and_later_growth_resets() {
    let mut stream = StreamingMarkdown::new();
    stream.update("para one\n\npara two");
    // A block that starts on an unfinished line is never trusted to close the one above.
    assert_eq!(stream.committed().len(), 0);
    stream.update("para one\n\npara two\n");
    assert_eq!(stream.committed().len(), 1);
    assert_eq!(stream.tail().len(), 1);
    let update = stream.finish();
    assert_eq!(update.newly_committed, 1..2);
    assert!(stream.tail().is_empty());
    assert_eq!(stream.finish().newly_committed, 2..2);
    // "para two" may have been only half of a paragraph: more text after finish re-parses.
    let update = stream.update("para one\n\npara two\ncontinues");
    assert!(update.reset);
    stream.finish();
    assert_eq!(stream.committed(), parse("para one\n\npara two\ncontinues").as_slice());
}

#[test]
fn a_partial_line_does_not_close_the_block_above() {
    // `#` alone is an empty heading that would end the paragraph; `#foo` is paragraph text.
    let mut stream = StreamingMarkdown::new();
    stream.update("para\n#");
    assert!(stream.committed().is_empty());
    stream.update("para\n#foo\n\nnext\n\n");
    assert_eq!(stream.committed(), parse("para\n#foo").as_slice());
}

#[test]
fn ordered_list_numbering_survives_the_commit_boundary() {
    let doc = "1. a\n2. b\n\ntext\n\n3. c\n4. d\n\nend\n";
    let mut stream = StreamingMarkdown::new();
    for end in (1..=doc.len()).filter(|&i| doc.is_char_boundary(i)) {
        stream.update(&doc[..end]);
    }
    stream.finish();
    let starts: Vec<Option<u64>> = stream
        .committed()
        .iter()
        .filter_map(|b| match b {
            Block::List { start, .. } => Some(*start),
            _ => None,
        })
        .collect();
    assert_eq!(starts, vec![Some(1), Some(3)]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 800, ..ProptestConfig::default() })]

    /// Short strings over Markdown's significant characters, fed one byte at a time.
    #[test]
    fn markdown_character_soup(doc in "[-#*>+ \n`~|\\[\\]:()<>a1.=\t\"!_\\\\/$]{0,80}") {
        check_stream(&doc, &vec![1; doc.len()])?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// A wider alphabet: entities, autolinks, HTML, tabs, CR line endings, CJK and emoji, in random chunks.
    #[test]
    fn wide_character_soup(
        doc in "[-#*>+ \n\r\t`~|\\[\\]:()<>a1.=\"!_\\\\/&;#xh@中，😀]{0,160}",
        cuts in prop::collection::vec(1usize..9, 0..200),
    ) {
        check_stream(&doc, &cuts)?;
    }
}

/// Inputs built to make a naive parser quadratic or recursive finish quickly and keep their text.
#[test]
fn pathological_inputs_stay_fast() {
    let cases = [
        "[".repeat(20_000),
        "a*".repeat(10_000),
        "*a_".repeat(7_000),
        "x`".repeat(10_000),
        "` ``".repeat(5_000),
        "> ".repeat(10_000) + "x",
        "- ".repeat(10_000) + "x",
        "[a](".repeat(5_000),
        "<a ".repeat(7_000),
        "&#".repeat(10_000),
        "| a ".repeat(5_000) + "|\n" + &"|-".repeat(5_000) + "|\n",
    ];
    for doc in &cases {
        let start = std::time::Instant::now();
        let blocks = parse(doc);
        let took = start.elapsed();
        assert!(took.as_secs_f64() < 2.0, "{:?}… took {took:?}", &doc[..20]);
        assert!(
            !glm_markdown::plain_text(&blocks).is_empty(),
            "{:?}… lost its text",
            &doc[..20]
        );
    }
}
