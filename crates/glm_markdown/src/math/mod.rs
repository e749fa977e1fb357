//! LaTeX formulas to MathML, for the subset models write: sub- and superscripts, fractions, roots, Greek letters,
//! operators, relations and arrows, big operators and integrals with limits, `\left … \right`, accents, `\text{}`,
//! font alphabets (`\mathbb`, `\mathbf`, …), matrices, `cases` and `aligned`. Anything else is an error, and the
//! caller shows the source instead.
//!
//! The result is a flat list of events (open an element, a token with its text, close), never markup: the browser
//! layer builds it with `createElementNS` and text nodes. Flat, because scripts and tables wrap what came before
//! them, which is a splice here rather than moving trees around (and much less code in the wasm bundle).

mod symbols;

use symbols::{
    ACCENTS, BIG_OPERATORS, FUNCTIONS, GREEK, INTEGRALS, LIMIT_FUNCTIONS, OPERATORS, SPACES, UPRIGHT, alphabet_for,
    listed, lookup,
};

/// One step of building the MathML. `attrs` is `name=value` pairs separated by spaces (values have no spaces).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MathEvent {
    /// Opens an element; the events up to the matching `Close` are its children.
    Open {
        tag: &'static str,
        attrs: &'static str,
    },
    /// A leaf element with its text (`mi`, `mn`, `mo`, `mtext`, `mspace`, `annotation`).
    Token {
        tag: &'static str,
        attrs: &'static str,
        text: String,
    },
    Close,
}

/// Why a formula could not be converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MathError {
    UnknownCommand(String),
    UnknownEnvironment(String),
    /// A `{`, `\left` or `\begin` without its end, or an end without its start.
    Unbalanced,
    /// A command at the end of the formula without its argument.
    MissingArgument,
    /// Nested deeper than a formula needs (a hostile input).
    TooDeep,
}

const MAX_DEPTH: usize = 64;

/// `<math>` for a formula (`display`: a block of its own). Its first child shows the formula; the annotation keeps
/// the source, for screen readers and copying.
pub fn latex_to_mathml(tex: &str, display: bool) -> Result<Vec<MathEvent>, MathError> {
    let mut p = Parser {
        src: tex,
        pos: 0,
        depth: 0,
        out: Vec::new(),
    };
    p.open("math", if display { "display=block" } else { "" });
    p.open("semantics", "");
    let body = p.out.len();
    p.rows(None, None)?;
    p.wrap(body);
    p.token("annotation", "encoding=application/x-tex", tex);
    p.close();
    p.close();
    Ok(p.out)
}

/// What ends a run of a formula.
#[derive(Clone, Copy, PartialEq)]
enum End {
    /// `}`
    Brace,
    /// `\right`
    Right,
    /// `\end{…}` (left for the environment to read)
    Env,
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
    out: Vec<MathEvent>,
}

impl<'a> Parser<'a> {
    fn open(&mut self, tag: &'static str, attrs: &'static str) {
        self.out.push(MathEvent::Open { tag, attrs });
    }

    fn close(&mut self) {
        self.out.push(MathEvent::Close);
    }

    fn token(&mut self, tag: &'static str, attrs: &'static str, text: &str) {
        self.out.push(MathEvent::Token {
            tag,
            attrs,
            text: text.to_string(),
        });
    }

    fn op(&mut self, text: &str) {
        self.token("mo", "", text);
    }

    /// Wraps the events from `start` in an `mrow`, unless they already are exactly one element.
    fn wrap(&mut self, start: usize) {
        let mut depth = 0usize;
        let mut nodes = 0;
        for e in &self.out[start..] {
            match e {
                MathEvent::Open { .. } => {
                    nodes += usize::from(depth == 0);
                    depth += 1;
                }
                MathEvent::Close => depth = depth.saturating_sub(1),
                MathEvent::Token { .. } => nodes += usize::from(depth == 0),
            }
        }
        if nodes != 1 {
            self.out.insert(start, MathEvent::Open { tag: "mrow", attrs: "" });
            self.close();
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else if c == '%' {
                // A comment, to the end of the line.
                self.pos = self.src[self.pos..].find('\n').map_or(self.src.len(), |k| self.pos + k);
            } else {
                break;
            }
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        let found = self.src[self.pos..].starts_with(s);
        if found {
            self.pos += s.len();
        }
        found
    }

    /// Whether the cursor is at the command `\name` (and not at a longer one, like `\rightarrow` for `right`).
    fn at_command(&self, name: &str) -> bool {
        self.src[self.pos..]
            .strip_prefix('\\')
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_alphabetic()))
    }

    /// A command's name after its `\`: letters, or one other character.
    fn command_name(&mut self) -> Result<&'a str, MathError> {
        let src = self.src;
        let rest = &src[self.pos..];
        let len = match rest.find(|c: char| !c.is_ascii_alphabetic()) {
            Some(0) => rest.chars().next().map_or(0, char::len_utf8),
            Some(n) => n,
            None => rest.len(),
        };
        if len == 0 {
            return Err(MathError::MissingArgument);
        }
        self.pos += len;
        Ok(&rest[..len])
    }

    fn deeper(&mut self) -> Result<(), MathError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(MathError::TooDeep);
        }
        Ok(())
    }

    /// A run of the formula up to `end` (or the end of the text). `&` and `\\` make it a table of cells and rows;
    /// `table` (the `mtable` attributes) makes it one from the start.
    fn rows(&mut self, end: Option<End>, table: Option<&'static str>) -> Result<(), MathError> {
        self.deeper()?;
        let start = self.out.len();
        let mut is_table = false;
        if let Some(attrs) = table {
            self.open("mtable", attrs);
            self.open("mtr", "");
            self.open("mtd", "");
            is_table = true;
        }
        // Where the last node of the current cell starts: scripts attach to it.
        let mut last: Option<usize> = None;
        loop {
            self.skip_space();
            let Some(c) = self.peek() else {
                if end.is_some() {
                    return Err(MathError::Unbalanced);
                }
                break;
            };
            let closing = if c == '}' {
                Some(End::Brace)
            } else if self.at_command("right") {
                Some(End::Right)
            } else if self.at_command("end") {
                Some(End::Env)
            } else {
                None
            };
            if let Some(found) = closing {
                if end != Some(found) {
                    return Err(MathError::Unbalanced);
                }
                // `\end` stays for the environment, which checks its name.
                self.pos += match found {
                    End::Brace => 1,
                    End::Right => "\\right".len(),
                    End::Env => 0,
                };
                break;
            }
            let new_row = self.eat("\\\\");
            if new_row || self.eat("&") {
                if !is_table {
                    let head =
                        [("mtable", ""), ("mtr", ""), ("mtd", "")].map(|(tag, attrs)| MathEvent::Open { tag, attrs });
                    self.out.splice(start..start, head);
                    is_table = true;
                }
                self.close();
                if new_row {
                    self.close();
                    self.open("mtr", "");
                }
                self.open("mtd", "");
                last = None;
                continue;
            }
            if matches!(c, '^' | '_' | '\'') {
                let base = match last {
                    Some(at) => at,
                    None => {
                        let at = self.out.len();
                        self.open("mrow", "");
                        self.close();
                        at
                    }
                };
                self.scripts(base)?;
                last = Some(base);
                continue;
            }
            let at = self.out.len();
            self.atom()?;
            if self.out.len() > at {
                last = Some(at);
            }
        }
        if is_table {
            // A trailing `\\` leaves an empty row behind.
            let n = self.out.len();
            let empty_row = n >= start + 5
                && matches!(
                    &self.out[n - 2..],
                    [MathEvent::Open { tag: "mtr", .. }, MathEvent::Open { tag: "mtd", .. }]
                );
            if empty_row {
                self.out.truncate(n - 2);
            } else {
                self.close();
                self.close();
            }
            self.close();
        }
        self.depth -= 1;
        Ok(())
    }

    /// `^x`, `_x` (in any order, or both) and primes after the node starting at `base`.
    fn scripts(&mut self, base: usize) -> Result<(), MathError> {
        let limits = matches!(&self.out[base], MathEvent::Token { attrs, .. } if attrs.contains("movablelimits"));
        let (mut sub, mut sup, mut primes) = (None, None, String::new());
        loop {
            self.skip_space();
            let slot = if self.eat("^") {
                &mut sup
            } else if self.eat("_") {
                &mut sub
            } else if self.eat("'") {
                primes.push('′');
                continue;
            } else {
                break;
            };
            let at = self.out.len();
            self.argument()?;
            *slot = Some(self.out.split_off(at));
        }
        if !primes.is_empty() {
            let mut p = vec![MathEvent::Token {
                tag: "mo",
                attrs: "",
                text: primes,
            }];
            if let Some(s) = sup {
                p.insert(0, MathEvent::Open { tag: "mrow", attrs: "" });
                p.extend(s);
                p.push(MathEvent::Close);
            }
            sup = Some(p);
        }
        let tag = match (&sub, &sup, limits) {
            (Some(_), Some(_), true) => "munderover",
            (Some(_), Some(_), false) => "msubsup",
            (Some(_), None, true) => "munder",
            (Some(_), None, false) => "msub",
            (None, Some(_), true) => "mover",
            (None, Some(_), false) => "msup",
            (None, None, _) => return Ok(()),
        };
        self.out.insert(base, MathEvent::Open { tag, attrs: "" });
        self.out.extend(sub.into_iter().chain(sup).flatten());
        self.close();
        Ok(())
    }

    /// A command's argument: a `{group}` or one token; always one element.
    fn argument(&mut self) -> Result<(), MathError> {
        self.skip_space();
        let start = self.out.len();
        if self.eat("{") {
            self.rows(Some(End::Brace), None)?;
        } else if let Some(d) = self.peek().filter(char::is_ascii_digit) {
            self.pos += 1;
            self.token("mn", "", d.encode_utf8(&mut [0; 4]));
        } else {
            self.atom()?;
        }
        if self.out.len() == start {
            return Err(MathError::MissingArgument);
        }
        self.wrap(start);
        Ok(())
    }

    /// The raw text of a `{…}` argument, braces balanced (for `\text`, environment names, colours).
    fn raw_argument(&mut self) -> Result<&'a str, MathError> {
        let src = self.src;
        self.skip_space();
        if !self.eat("{") {
            return Err(MathError::MissingArgument);
        }
        let start = self.pos;
        let mut depth = 1;
        for (k, c) in src[start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos = start + k + 1;
                        return Ok(&src[start..start + k]);
                    }
                }
                _ => {}
            }
        }
        Err(MathError::Unbalanced)
    }

    /// One node at the cursor (or nothing, for commands like `\displaystyle`).
    fn atom(&mut self) -> Result<(), MathError> {
        self.deeper()?;
        let c = self.peek().ok_or(MathError::MissingArgument)?;
        self.pos += c.len_utf8();
        match c {
            '{' => {
                let start = self.out.len();
                self.rows(Some(End::Brace), None)?;
                self.wrap(start);
            }
            '}' | '&' | '^' | '_' => return Err(MathError::MissingArgument),
            '\\' => self.command()?,
            '0'..='9' | '.' if c != '.' || self.peek().is_some_and(|d| d.is_ascii_digit()) => {
                let start = self.pos - 1;
                let rest = &self.src[self.pos..];
                let mut len = 0;
                for (k, d) in rest.char_indices() {
                    let decimal = d == '.' && rest[k + 1..].starts_with(|e: char| e.is_ascii_digit());
                    if !(d.is_ascii_digit() || decimal) {
                        break;
                    }
                    len = k + 1;
                }
                self.pos += len;
                let src = self.src;
                self.token("mn", "", &src[start..self.pos]);
            }
            '-' => self.op("−"),
            '*' => self.op("∗"),
            '~' => self.token("mtext", "", "\u{a0}"),
            '\'' => self.op("′"),
            // Ordinary symbols in TeX: no space around them (`|x|`, `a/b`).
            '|' | '/' => self.token("mo", "lspace=0 rspace=0", c.encode_utf8(&mut [0; 4])),
            c if c.is_alphabetic() => self.token("mi", "", c.encode_utf8(&mut [0; 4])),
            c => self.op(c.encode_utf8(&mut [0; 4])),
        }
        self.depth -= 1;
        Ok(())
    }

    fn command(&mut self) -> Result<(), MathError> {
        let name = self.command_name()?;
        let tables = [
            (GREEK, "mi", ""),
            (UPRIGHT, "mi", "mathvariant=normal"),
            (OPERATORS, "mo", ""),
            (BIG_OPERATORS, "mo", "movablelimits=true"),
            (INTEGRALS, "mo", ""),
        ];
        for (table, tag, attrs) in tables {
            if let Some(v) = lookup(table, name) {
                self.token(tag, attrs, v);
                return Ok(());
            }
        }
        if let Some(width) = lookup(SPACES, name) {
            self.token("mspace", width, "");
            return Ok(());
        }
        if listed(FUNCTIONS, name) {
            self.token("mi", "", name);
            return Ok(());
        }
        if listed(LIMIT_FUNCTIONS, name) {
            let text = match name {
                "liminf" => "lim inf",
                "limsup" => "lim sup",
                "argmax" => "arg max",
                "argmin" => "arg min",
                n => n,
            };
            self.token("mo", "movablelimits=true form=prefix", text);
            return Ok(());
        }
        if let Some(mark) = lookup(ACCENTS, name) {
            let under = name.starts_with("under");
            let wide = under || name.starts_with("wide") || name.starts_with("over");
            self.open(
                if under { "munder" } else { "mover" },
                if under { "accentunder=true" } else { "accent=true" },
            );
            self.argument()?;
            self.token("mo", if wide { "stretchy=true" } else { "stretchy=false" }, mark);
            self.close();
            return Ok(());
        }
        if let Some(alphabet) = alphabet_for(name) {
            let start = self.out.len();
            self.argument()?;
            for e in &mut self.out[start..] {
                if let MathEvent::Token {
                    tag: "mi" | "mn",
                    attrs,
                    text,
                } = e
                {
                    *text = text.chars().map(|c| alphabet.map(c)).collect();
                    *attrs = "";
                }
            }
            return Ok(());
        }
        match name {
            " " => self.token("mspace", "width=0.25em", ""),
            "!" | "displaystyle" | "textstyle" | "scriptstyle" | "limits" | "nolimits" | "nonumber" | "notag"
            | "mathit" | "mathnormal" => {}
            "frac" | "dfrac" | "tfrac" | "cfrac" | "binom" | "dbinom" | "tbinom" => {
                let binom = name.ends_with("binom");
                if binom {
                    self.open("mrow", "");
                    self.op("(");
                }
                self.open("mfrac", if binom { "linethickness=0" } else { "" });
                self.argument()?;
                self.argument()?;
                self.close();
                if binom {
                    self.op(")");
                    self.close();
                }
            }
            "sqrt" => {
                self.skip_space();
                if self.eat("[") {
                    let end = self.src[self.pos..].find(']').ok_or(MathError::Unbalanced)?;
                    let index = &self.src[self.pos..self.pos + end];
                    self.pos += end + 1;
                    let mut sub = Parser {
                        src: index,
                        pos: 0,
                        depth: self.depth,
                        out: Vec::new(),
                    };
                    sub.rows(None, None)?;
                    sub.wrap(0);
                    self.open("mroot", "");
                    self.argument()?;
                    self.out.append(&mut sub.out);
                } else {
                    self.open("msqrt", "");
                    self.argument()?;
                }
                self.close();
            }
            "left" => {
                self.open("mrow", "");
                self.delimiter()?;
                self.rows(Some(End::Right), None)?;
                self.delimiter()?;
                self.close();
            }
            "middle" | "big" | "Big" | "bigg" | "Bigg" | "bigl" | "bigr" | "Bigl" | "Bigr" | "biggl" | "biggr"
            | "Biggl" | "Biggr" | "bigm" | "Bigm" => self.delimiter()?,
            "text" | "textrm" | "textnormal" | "mbox" | "textit" | "textbf" | "textsf" | "texttt" | "hbox" => {
                let text = self.raw_argument()?.replace(['{', '}'], "");
                self.token("mtext", "", &text);
            }
            "operatorname" | "mathrm" => {
                self.eat("*");
                let text = self.raw_argument()?.replace(['{', '}', '\\'], "");
                let text = text.trim();
                let attrs = if text.chars().count() == 1 {
                    "mathvariant=normal"
                } else {
                    ""
                };
                self.token("mi", attrs, text);
            }
            "overset" | "stackrel" | "underset" => {
                // The script comes first in the source, the base first in MathML.
                let at = self.out.len();
                self.argument()?;
                let script = self.out.split_off(at);
                self.open(if name == "underset" { "munder" } else { "mover" }, "");
                self.argument()?;
                self.out.extend(script);
                self.close();
            }
            "xrightarrow" | "xleftarrow" => {
                self.open("mover", "");
                self.token("mo", "stretchy=true", if name == "xrightarrow" { "→" } else { "←" });
                self.argument()?;
                self.close();
            }
            "not" => {
                let at = self.out.len();
                self.argument()?;
                if let Some(MathEvent::Token { text, .. }) = self.out.get_mut(at) {
                    text.push('\u{338}');
                }
            }
            "boxed" | "phantom" => {
                let (tag, attrs) = if name == "boxed" {
                    ("mrow", "class=gc-math-boxed")
                } else {
                    ("mphantom", "")
                };
                self.open(tag, attrs);
                self.argument()?;
                self.close();
            }
            "mathop" | "mathbin" | "mathrel" | "mathord" => self.argument()?,
            "color" | "tag" | "label" => {
                self.raw_argument()?;
            }
            "textcolor" => {
                self.raw_argument()?;
                self.argument()?;
            }
            "bmod" | "mod" => self.op("mod"),
            "pmod" => {
                self.open("mrow", "");
                self.op("(");
                self.op("mod");
                self.argument()?;
                self.op(")");
                self.close();
            }
            "substack" => {
                self.skip_space();
                if !self.eat("{") {
                    return Err(MathError::MissingArgument);
                }
                self.rows(Some(End::Brace), Some(""))?;
            }
            "begin" => self.environment()?,
            _ => return Err(MathError::UnknownCommand(name.to_string())),
        }
        Ok(())
    }

    /// The delimiter after `\left`, `\right`, `\big`…, as a stretchy operator; nothing for `.`.
    fn delimiter(&mut self) -> Result<(), MathError> {
        self.skip_space();
        if self.eat(".") {
            return Ok(());
        }
        let at = self.out.len();
        self.atom()?;
        let one = self.out.len() == at + 1;
        match self.out.get_mut(at) {
            Some(MathEvent::Token { tag, attrs, .. }) if one => {
                *tag = "mo";
                *attrs = "stretchy=true";
                Ok(())
            }
            _ => Err(MathError::MissingArgument),
        }
    }

    /// `\begin{name} … \end{name}`: matrices, cases, aligned equations.
    fn environment(&mut self) -> Result<(), MathError> {
        let name = self.raw_argument()?.trim();
        let (open, close, attrs) = match name.trim_end_matches('*') {
            "matrix" | "smallmatrix" | "array" | "subarray" | "gathered" | "gather" | "equation" => ("", "", ""),
            "pmatrix" => ("(", ")", ""),
            "bmatrix" => ("[", "]", ""),
            "Bmatrix" => ("{", "}", ""),
            "vmatrix" => ("|", "|", ""),
            "Vmatrix" => ("‖", "‖", ""),
            "cases" => ("{", "", "class=gc-math-cases"),
            "rcases" => ("", "}", "class=gc-math-cases"),
            "aligned" | "align" | "alignat" | "split" | "eqnarray" => ("", "", "class=gc-math-aligned"),
            _ => return Err(MathError::UnknownEnvironment(name.to_string())),
        };
        if name.starts_with("array") || name.starts_with("alignat") || name.starts_with("subarray") {
            self.raw_argument()?; // the column specification
        }
        let fenced = !(open.is_empty() && close.is_empty());
        if fenced {
            self.open("mrow", "");
        }
        if !open.is_empty() {
            self.token("mo", "stretchy=true", open);
        }
        self.rows(Some(End::Env), Some(attrs))?;
        if !self.eat("\\end") || self.raw_argument()?.trim() != name {
            return Err(MathError::Unbalanced);
        }
        if !close.is_empty() {
            self.token("mo", "stretchy=true", close);
        }
        if fenced {
            self.close();
        }
        Ok(())
    }
}
