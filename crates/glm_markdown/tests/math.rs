//! Formulas: where the Markdown parser finds them, and what the LaTeX converter makes of them.

use glm_markdown::{Block, Inline, MathError, MathEvent, StreamingMarkdown, latex_to_mathml, parse, plain_text};

fn math(tex: &str, display: bool) -> Inline {
    Inline::Math {
        tex: tex.into(),
        display,
    }
}

fn inlines(markdown: &str) -> Vec<Inline> {
    match parse(markdown).as_slice() {
        [Block::Paragraph(inlines)] => inlines.clone(),
        other => panic!("not one paragraph: {other:?}"),
    }
}

fn text(t: &str) -> Inline {
    Inline::Text(t.into())
}

#[test]
fn inline_formulas_and_their_delimiters() {
    assert_eq!(
        inlines("Euler: $e^{i\\pi}+1=0$."),
        vec![text("Euler: "), math("e^{i\\pi}+1=0", false), text(".")]
    );
    assert_eq!(
        inlines("\\(a_1\\) and \\[ b \\]"),
        vec![math("a_1", false), text(" and "), math("b", true)]
    );
    assert_eq!(
        inlines("\\[x^2\\] but \\[1\\]"),
        vec![math("x^2", true), text(" but [1]")]
    );
    assert_eq!(
        inlines("so $$x^2$$ holds"),
        vec![text("so "), math("x^2", true), text(" holds")]
    );
    // Emphasis markers inside a formula are part of it.
    assert_eq!(inlines("$a_1 * b_2 * c$"), vec![math("a_1 * b_2 * c", false)]);
}

#[test]
fn prices_and_escapes_stay_text() {
    for plain in [
        "It costs $5 and $10.",
        "from $5 to $6 per month",
        "between $ 5 and 6 $",
        "a $x $ b",
        "cost: $3$4",
        "\\$x\\$ is escaped",
        "$$$ money $$$",
        "$",
        "$$",
    ] {
        let got = inlines(plain);
        assert!(
            !got.iter().any(|i| matches!(i, Inline::Math { .. })),
            "{plain:?} became {got:?}"
        );
    }
    assert_eq!(inlines("pay $5, or $x$"), vec![text("pay $5, or "), math("x", false)]);
}

#[test]
fn code_is_never_a_formula() {
    assert_eq!(
        inlines("`$x$` and $a `b` c$"),
        vec![
            Inline::Code("$x$".into()),
            text(" and $a "),
            Inline::Code("b".into()),
            text(" c$")
        ]
    );
    assert_eq!(
        parse("```\n$$\nx\n$$\n```"),
        vec![Block::CodeBlock {
            lang: None,
            code: "$$\nx\n$$".into()
        }]
    );
}

#[test]
fn display_blocks() {
    assert_eq!(parse("$$\n\\frac{a}{b}\n$$"), vec![Block::Math("\\frac{a}{b}".into())]);
    assert_eq!(parse("\\[\nx = 1\n\\]"), vec![Block::Math("x = 1".into())]);
    assert_eq!(parse("$$ a + b $$"), vec![Block::Math("a + b".into())]);
    assert_eq!(parse("$$ a\n+ b $$"), vec![Block::Math("a\n+ b".into())]);
    // Right after a paragraph line, without a blank line, as models write it.
    assert_eq!(
        parse("The formula:\n$$\nE = mc^2\n$$\nwhere $c$ is light."),
        vec![
            Block::Paragraph(vec![text("The formula:")]),
            Block::Math("E = mc^2".into()),
            Block::Paragraph(vec![text("where "), math("c", false), text(" is light.")]),
        ]
    );
    // Inside a list item.
    let list = parse("- a\n  $$\n  x\n  $$\n- b");
    let Block::List { items, .. } = &list[0] else {
        panic!("{list:?}")
    };
    assert_eq!(items[0].blocks[1], Block::Math("x".into()));
    // A `$$` that never closes (a blank line or the end comes first) is the text it was.
    assert_eq!(
        parse("$$ not\nclosed\n\nnext"),
        vec![
            Block::Paragraph(vec![text("$$ not"), Inline::SoftBreak, text("closed")]),
            Block::Paragraph(vec![text("next")])
        ]
    );
    assert_eq!(plain_text(&parse("$$\nx\n$$\n\nand $y$")), "$$\nx\n$$\n\nand $y$");
}

#[test]
fn streaming_a_formula_matches_parsing_it_whole() {
    let doc = "Intro with $a^2$ and \\(b\\).\n$$\n\\sum_{i=1}^n i\n$$\nText $5 and $x$ then\n\\[\ny\n\\]\n\n$$ open\n\nEnd.\n";
    for step in 1..=7 {
        let mut s = StreamingMarkdown::new();
        let mut end = 0;
        while end < doc.len() {
            end = (end + step).min(doc.len());
            while !doc.is_char_boundary(end) {
                end += 1;
            }
            s.update(&doc[..end]);
            let mut all = s.committed().to_vec();
            all.extend_from_slice(s.tail());
            assert_eq!(all, parse(&doc[..end]), "step {step} at {end}");
        }
    }
}

#[test]
fn many_dollars_stay_linear() {
    let text = "$5 $6 and $a b ".repeat(20_000);
    let start = std::time::Instant::now();
    parse(&text);
    assert!(start.elapsed().as_secs() < 3, "took {:?}", start.elapsed());
}

/// The events as compact text: `tag(children)` or `tag"text"`, attributes in brackets.
fn show(events: &[MathEvent]) -> String {
    let mut out = String::new();
    let mut first = vec![true];
    for e in events {
        let top = first.last_mut().unwrap();
        if !std::mem::replace(top, false) && !matches!(e, MathEvent::Close) {
            out.push(' ');
        }
        let attrs = |a: &str| a.split_whitespace().map(|p| format!("[{p}]")).collect::<String>();
        match e {
            MathEvent::Open { tag, attrs: a } => {
                out.push_str(&format!("{tag}{}(", attrs(a)));
                first.push(true);
            }
            MathEvent::Token { tag, attrs: a, text } => out.push_str(&format!("{tag}{}\"{text}\"", attrs(a))),
            MathEvent::Close => {
                out.push(')');
                first.pop();
            }
        }
    }
    out
}

/// The formula's body (inside `<math><semantics>`).
fn body(tex: &str) -> String {
    let events = latex_to_mathml(tex, false).unwrap_or_else(|e| panic!("{tex}: {e:?}"));
    let all = show(&events);
    let inner = all
        .strip_prefix("math(semantics(")
        .and_then(|s| s.strip_suffix(&format!(" annotation[encoding=application/x-tex]\"{tex}\"))")))
        .unwrap_or_else(|| panic!("not math(semantics(… annotation)): {all}"));
    inner.to_string()
}

#[test]
fn scripts_fractions_and_roots() {
    assert_eq!(body("x^2"), "msup(mi\"x\" mn\"2\")");
    assert_eq!(
        body("a_{i,j}^{n+1}"),
        "msubsup(mi\"a\" mrow(mi\"i\" mo\",\" mi\"j\") mrow(mi\"n\" mo\"+\" mn\"1\"))"
    );
    assert_eq!(body("x^23"), "mrow(msup(mi\"x\" mn\"2\") mn\"3\")");
    assert_eq!(body("\\frac{1}{2}"), "mfrac(mn\"1\" mn\"2\")");
    assert_eq!(body("\\sqrt{x}"), "msqrt(mi\"x\")");
    assert_eq!(body("\\sqrt[3]{8}"), "mroot(mn\"8\" mn\"3\")");
    assert_eq!(body("f'(x)"), "mrow(msup(mi\"f\" mo\"′\") mo\"(\" mi\"x\" mo\")\")");
    assert_eq!(body("3.14 - x"), "mrow(mn\"3.14\" mo\"−\" mi\"x\")");
    assert_eq!(
        body("\\binom{n}{k}"),
        "mrow(mo\"(\" mfrac[linethickness=0](mi\"n\" mi\"k\") mo\")\")"
    );
}

#[test]
fn symbols_operators_and_functions() {
    assert_eq!(
        body("\\alpha \\leq \\Omega"),
        "mrow(mi\"α\" mo\"≤\" mi[mathvariant=normal]\"Ω\")"
    );
    assert_eq!(body("\\sin x"), "mrow(mi\"sin\" mi\"x\")");
    assert_eq!(
        body("a \\to \\infty"),
        "mrow(mi\"a\" mo\"→\" mi[mathvariant=normal]\"∞\")"
    );
    assert_eq!(body("\\{ a \\}"), "mrow(mo\"{\" mi\"a\" mo\"}\")");
    assert_eq!(body("a\\,b"), "mrow(mi\"a\" mspace[width=0.1667em]\"\" mi\"b\")");
    assert_eq!(body("\\not= \\not\\in"), "mrow(mo\"=\u{338}\" mo\"∈\u{338}\")");
}

#[test]
fn big_operators_take_limits() {
    assert_eq!(
        body("\\sum_{i=1}^{n} i"),
        "mrow(munderover(mo[movablelimits=true]\"∑\" mrow(mi\"i\" mo\"=\" mn\"1\") mi\"n\") mi\"i\")"
    );
    assert_eq!(body("\\int_0^1 f"), "mrow(msubsup(mo\"∫\" mn\"0\" mn\"1\") mi\"f\")");
    assert_eq!(
        body("\\lim_{x \\to 0}"),
        "munder(mo[movablelimits=true][form=prefix]\"lim\" mrow(mi\"x\" mo\"→\" mn\"0\"))"
    );
}

#[test]
fn delimiters_accents_text_and_fonts() {
    assert_eq!(
        body("\\left( \\frac{a}{b} \\right)"),
        "mrow(mo[stretchy=true]\"(\" mfrac(mi\"a\" mi\"b\") mo[stretchy=true]\")\")"
    );
    assert_eq!(body("\\left. x \\right|"), "mrow(mi\"x\" mo[stretchy=true]\"|\")");
    assert_eq!(
        body("\\left\\langle x \\rightarrow y \\right\\rangle")
            .matches("mo")
            .count(),
        3
    );
    assert_eq!(body("\\hat{x}"), "mover[accent=true](mi\"x\" mo[stretchy=false]\"^\")");
    assert_eq!(
        body("\\overline{AB}"),
        "mover[accent=true](mrow(mi\"A\" mi\"B\") mo[stretchy=true]\"‾\")"
    );
    assert_eq!(body("\\text{if } x"), "mrow(mtext\"if \" mi\"x\")");
    assert_eq!(body("\\mathbb{R}^n"), "msup(mi\"ℝ\" mi\"n\")");
    assert_eq!(body("\\mathbf{v}"), "mi\"𝐯\"");
    assert_eq!(body("\\mathcal{L}"), "mi\"ℒ\"");
    assert_eq!(body("\\operatorname{rank} A"), "mrow(mi\"rank\" mi\"A\")");
}

#[test]
fn environments() {
    assert_eq!(
        body("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}"),
        "mrow(mo[stretchy=true]\"(\" mtable(mtr(mtd(mi\"a\") mtd(mi\"b\")) mtr(mtd(mi\"c\") mtd(mi\"d\"))) mo[stretchy=true]\")\")"
    );
    assert_eq!(
        body("f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}"),
        "mrow(mi\"f\" mo\"(\" mi\"x\" mo\")\" mo\"=\" mrow(mo[stretchy=true]\"{\" mtable[class=gc-math-cases](mtr(mtd(mn\"1\") \
         mtd(mi\"x\" mo\">\" mn\"0\")) mtr(mtd(mn\"0\") mtd(mtext\"otherwise\")))))"
    );
    assert!(body("\\begin{aligned} a &= b \\\\ &= c \\end{aligned}").starts_with("mtable[class=gc-math-aligned]"));
    assert!(body("\\begin{array}{cc} 1 & 2 \\end{array}").starts_with("mtable(mtr(mtd(mn\"1\")"));
    // Rows at the top level (display math with line breaks) become a table too.
    assert_eq!(body("a \\\\ b"), "mtable(mtr(mtd(mi\"a\")) mtr(mtd(mi\"b\")))");
}

#[test]
fn invalid_formulas_are_errors_not_panics() {
    assert_eq!(
        latex_to_mathml("\\foo", false),
        Err(MathError::UnknownCommand("foo".into()))
    );
    assert_eq!(latex_to_mathml("{x", false), Err(MathError::Unbalanced));
    assert_eq!(latex_to_mathml("x}", false), Err(MathError::Unbalanced));
    assert_eq!(latex_to_mathml("\\frac{1}", false), Err(MathError::MissingArgument));
    assert_eq!(latex_to_mathml("\\left( x", false), Err(MathError::Unbalanced));
    assert_eq!(latex_to_mathml("x \\right)", false), Err(MathError::Unbalanced));
    assert_eq!(
        latex_to_mathml("\\begin{foo}x\\end{foo}", false),
        Err(MathError::UnknownEnvironment("foo".into()))
    );
    assert_eq!(
        latex_to_mathml("\\begin{matrix}x\\end{pmatrix}", false),
        Err(MathError::Unbalanced)
    );
    assert_eq!(latex_to_mathml(&"{".repeat(10_000), false), Err(MathError::TooDeep));
    assert_eq!(
        latex_to_mathml(&"\\sqrt".repeat(10_000), false),
        Err(MathError::TooDeep)
    );
    for tex in [
        "^",
        "_",
        "x^",
        "\\",
        "\\sqrt[",
        "\\left",
        "&",
        "\\begin",
        "\\text{",
        "é^中",
        "\\frac{}{}",
        "''",
    ] {
        let _ = latex_to_mathml(tex, true);
    }
    assert_eq!(
        latex_to_mathml("x", true).unwrap()[0],
        MathEvent::Open {
            tag: "math",
            attrs: "display=block"
        }
    );
}
