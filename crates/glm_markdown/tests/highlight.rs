//! Syntax highlighting: what each language's tokens become, and that any input gives well-formed spans quickly.

use glm_markdown::{highlight, highlighted_html};
use proptest::prelude::*;

fn to_html(code: &str, lang: &str) -> String {
    let mut html = String::new();
    highlighted_html(code, &highlight(lang, code).unwrap(), &mut html);
    html
}

/// `highlighted_html` read back the way a browser parses it, with each span written as in `marked`; an error for
/// any markup other than the spans' own tags, or an entity it does not write.
fn read_html(html: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<span class=\"hl-") {
            let end = after.find("\">").ok_or("an unclosed span tag")?;
            out.push('{');
            out.push_str(&after[..end]);
            out.push(':');
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix("</span>") {
            out.push('}');
            rest = after;
        } else if c == '&' {
            let (entity, text) = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&#13;", '\r')]
                .into_iter()
                .find(|(e, _)| rest.starts_with(e))
                .ok_or_else(|| format!("an unknown entity at {rest:?}"))?;
            out.push(text);
            rest = &rest[entity.len()..];
        } else if c == '<' || c == '>' {
            return Err(format!("markup that is not a span at {rest:?}"));
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(out)
}

/// The code with each span written as `{class:text}` (class without the `hl-` prefix).
fn marked(lang: &str, code: &str) -> String {
    let spans = highlight(lang, code).expect("a known language");
    let mut out = String::new();
    let mut at = 0;
    for (range, what) in spans {
        out.push_str(&code[at..range.start]);
        out.push_str(&format!("{{{}:{}}}", &what.class()[3..], &code[range.clone()]));
        at = range.end;
    }
    out.push_str(&code[at..]);
    out
}

#[test]
fn rust() {
    assert_eq!(
        marked(
            "rust",
            "#[derive(Debug)]\npub fn main() -> u8 { let s = \"hi\\\"\"; println!(\"{s}\"); 0x1F } // done"
        ),
        "{meta:#[derive(Debug)]}\n{kw:pub} {kw:fn} {fn:main}() -> {ty:u8} { {kw:let} s = {str:\"hi\\\"\"}; \
         {fn:println!}({str:\"{s}\"}); {num:0x1F} } {com:// done}"
    );
    assert_eq!(
        marked(
            "rs",
            "fn f<'a>(c: char) -> Option<&'a str> { if c == 'x' { Some(r#\"raw \"q\"\"#) } else { None } }"
        ),
        "{kw:fn} {fn:f}<'a>(c: {ty:char}) -> {ty:Option}<&'a {ty:str}> { {kw:if} c == {str:'x'} \
         { {lit:Some}({str:r#\"raw \"q\"\"#}) } {kw:else} { {lit:None} } }"
    );
    assert_eq!(
        marked("rust", "const MAX: f64 = 1.5e-3; x != y"),
        "{kw:const} {lit:MAX}: {ty:f64} = {num:1.5e-3}; x != y"
    );
}

#[test]
fn python() {
    assert_eq!(
        marked(
            "python",
            "@cache\ndef greet(name: str) -> str:\n    \"\"\"Doc\n    string\"\"\"\n    return f'Hi {name}'  # ok\nprint(True, None, 3.14)"
        ),
        "{meta:@cache}\n{kw:def} {fn:greet}(name: {ty:str}) -> {ty:str}:\n    {str:\"\"\"Doc\n    string\"\"\"}\n    \
         {kw:return} f{str:'Hi {name}'}  {com:# ok}\n{fn:print}({lit:True}, {lit:None}, {num:3.14})"
    );
}

#[test]
fn javascript_and_typescript() {
    assert_eq!(
        marked(
            "js",
            "const $el = document.querySelector(`#id ${x}\n`); /* c */ if (a === null) return;"
        ),
        "{kw:const} $el = document.{fn:querySelector}({str:`#id ${x}\n`}); {com:/* c */} {kw:if} (a === {lit:null}) {kw:return};"
    );
    assert_eq!(
        marked("TypeScript", "interface User { name: string; tags: Array<Tag> }"),
        "{kw:interface} {ty:User} { name: {ty:string}; tags: {ty:Array}<{ty:Tag}> }"
    );
}

#[test]
fn json_keys_and_values() {
    assert_eq!(
        marked("json", "{\"name\": \"GLM\", \"n\": -1.5e3, \"ok\": true, \"x\": null}"),
        "{{attr:\"name\"}: {str:\"GLM\"}, {attr:\"n\"}: -{num:1.5e3}, {attr:\"ok\"}: {lit:true}, {attr:\"x\"}: {lit:null}}"
    );
}

#[test]
fn shell() {
    assert_eq!(
        marked(
            "bash",
            "#!/bin/sh\nif [ -n \"$HOME\" ]; then echo ${PATH} $1 # note\nfi\ncurl a#b"
        ),
        "{com:#!/bin/sh}\n{kw:if} [ -n {str:\"$HOME\"} ]; {kw:then} {fn:echo} {attr:${PATH}} {attr:$1} {com:# note}\n{kw:fi}\ncurl a#b"
    );
}

#[test]
fn markup() {
    assert_eq!(
        marked(
            "html",
            "<!DOCTYPE html>\n<!-- c --><a href=\"/x\" data-y='1' hidden>Tom &amp; Jerry</a>"
        ),
        "{meta:<!DOCTYPE html>}\n{com:<!-- c -->}<{tag:a} {attr:href}={str:\"/x\"} {attr:data-y}={str:'1'} {attr:hidden}>\
         Tom {lit:&amp;} Jerry</{tag:a}>"
    );
    assert_eq!(
        marked("xml", "<?xml version=\"1.0\"?><r/> a < b"),
        "{meta:<?xml version=\"1.0\"?>}<{tag:r}/> a < b"
    );
}

#[test]
fn css() {
    assert_eq!(
        marked(
            "css",
            "@media print { .a > p:hover, #id { color: #fff !important; margin: -2px 1.5em; } } /* c */"
        ),
        "{kw:@media} {tag:print} { {ty:.a} > {tag:p}{kw::hover}, {ty:#id} { {attr:color}: {num:#fff} {kw:!important}; \
         {attr:margin}: -{num:2px} {num:1.5em}; } } {com:/* c */}"
    );
}

#[test]
fn c_java_go_sql() {
    assert_eq!(
        marked("c", "#include <stdio.h>\nint main(void) { return 0; }"),
        "{meta:#include <stdio.h>}\n{ty:int} {fn:main}({ty:void}) { {kw:return} {num:0}; }"
    );
    assert_eq!(
        marked("cpp", "std::vector<int> v{1, 2}; auto p = nullptr;"),
        "{ty:std}::{ty:vector}<{ty:int}> v{{num:1}, {num:2}}; {kw:auto} p = {lit:nullptr};"
    );
    assert_eq!(
        marked("java", "@Override public String toString() { return \"x\"; }"),
        "{meta:@Override} {kw:public} {ty:String} {fn:toString}() { {kw:return} {str:\"x\"}; }"
    );
    assert_eq!(
        marked("go", "func main() { s := `raw\nline`; var e error = nil }"),
        "{kw:func} {fn:main}() { s := {str:`raw\nline`}; {kw:var} e {ty:error} = {lit:nil} }"
    );
    assert_eq!(
        marked(
            "SQL",
            "SELECT name, COUNT(*) FROM users WHERE id = 'a''b' -- c\nlimit 10;"
        ),
        "{kw:SELECT} name, {fn:COUNT}(*) {kw:FROM} users {kw:WHERE} id = {str:'a'}{str:'b'} {com:-- c}\n{kw:limit} {num:10};"
    );
}

#[test]
fn unknown_languages_stay_plain() {
    assert_eq!(highlight("brainfuck", "+++"), None);
    assert_eq!(highlight("", "x"), None);
}

#[test]
fn unterminated_things_run_to_the_end_without_panicking() {
    for (lang, code) in [
        ("rust", "/* open"),
        ("python", "'''open"),
        ("html", "<a href=\"x"),
        ("html", "<!-- open"),
        ("c", "\"open\nnext"),
        ("rust", "r#\"open"),
        ("rust", "'\\"),
        ("bash", "${open"),
        ("css", "a { b: c"),
    ] {
        let spans = highlight(lang, code).unwrap();
        assert!(spans.iter().all(|(r, _)| r.end <= code.len()), "{lang}: {code:?}");
    }
}

const LANGS: &[&str] = &[
    "rust", "python", "js", "json", "bash", "html", "css", "c", "java", "go", "sql",
];

#[test]
fn html_escapes_the_code_and_marks_only_the_spans() {
    let code = "let s = \"<script>alert(1)</script>\"; // a && b > c\r\n<img src=x onerror=alert(1)>";
    let html = to_html(code, "rust");
    assert_eq!(
        html,
        "<span class=\"hl-kw\">let</span> s = <span class=\"hl-str\">\"&lt;script&gt;alert(1)&lt;/script&gt;\"</span>; \
         <span class=\"hl-com\">// a &amp;&amp; b &gt; c&#13;</span>\n&lt;img src=x onerror=<span class=\"hl-fn\">alert</span>\
         (<span class=\"hl-num\">1</span>)&gt;"
    );
    // Markup languages' tags are text too.
    let html = to_html("<b onclick=\"x()\">", "html");
    assert_eq!(read_html(&html).unwrap(), marked("html", "<b onclick=\"x()\">"));
    assert!(!html.contains("<b"), "{html}");
    // The parser would drop a NUL: it is shown as U+FFFD, as a browser shows it in a page.
    assert_eq!(to_html("a\0b", "rust"), "a\u{FFFD}b");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn html_reads_back_as_the_code_and_its_spans(code in "[a-zA-Z0-9_ \n\r\t\"'`#@$/*!<>{}()\\[\\]:;.=&+\\\\-é中]{0,60}") {
        for lang in LANGS {
            let html = to_html(&code, lang);
            prop_assert_eq!(read_html(&html), Ok(marked(lang, &code)), "{}: {:?}", lang, code);
        }
    }

    #[test]
    fn spans_are_ordered_and_on_character_boundaries(code in "[a-zA-Z0-9_ \n\t\"'`#@$/*!<>{}()\\[\\]:;.=&+\\\\-é中]{0,60}") {
        for lang in LANGS {
            let spans = highlight(lang, &code).unwrap();
            let mut at = 0;
            for (range, _) in spans {
                prop_assert!(range.start >= at && range.end > range.start && range.end <= code.len(), "{lang}: {code:?}");
                prop_assert!(code.is_char_boundary(range.start) && code.is_char_boundary(range.end));
                at = range.end;
            }
        }
    }
}

#[test]
fn large_inputs_stay_fast() {
    // About 200 KB of each kind; linear work takes milliseconds (in a release build), quadratic work would not end.
    let big = "fn x() { let s = \"a\"; } // c\n".repeat(5_000) + &"'".repeat(20_000) + &"<a ".repeat(20_000);
    let start = std::time::Instant::now();
    for lang in LANGS {
        highlight(lang, &big).unwrap();
    }
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
}
