//! Syntax highlighting of code blocks for the common languages: one small lexer driven by a table per language
//! (`langs`), and one for markup (`markup`). It colours keywords, strings, comments, numbers, literals, types,
//! calls, tags, attributes and meta lines; it is not a parser, and anything it does not recognise stays plain.
//! Work is linear in the code's length.

mod langs;
mod markup;

use std::ops::Range;

use langs::{AT_META, CAPS, CSS, DOLLAR_IDENT, HASH_META, KEYS, NOCASE, RUST, SHELL, Syntax, TRIPLE, Words};

/// What a highlighted span is; `class()` is its CSS class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Highlight {
    Keyword,
    String,
    Comment,
    Number,
    /// `true`, `null`, constants.
    Literal,
    Type,
    /// A called or defined function, a macro, a shell builtin.
    Function,
    /// A markup tag name, a CSS selector.
    Tag,
    /// A markup attribute, a JSON key, a CSS property, a shell variable.
    Attribute,
    /// Preprocessor lines, decorators, attributes, doctypes.
    Meta,
}

impl Highlight {
    pub fn class(self) -> &'static str {
        match self {
            Highlight::Keyword => "hl-kw",
            Highlight::String => "hl-str",
            Highlight::Comment => "hl-com",
            Highlight::Number => "hl-num",
            Highlight::Literal => "hl-lit",
            Highlight::Type => "hl-ty",
            Highlight::Function => "hl-fn",
            Highlight::Tag => "hl-tag",
            Highlight::Attribute => "hl-attr",
            Highlight::Meta => "hl-meta",
        }
    }
}

/// The spans of `code` to colour, in order and not overlapping (byte ranges on character boundaries), for a code
/// block whose info string is `lang`; `None` when the language is not one this knows (the block stays plain).
#[inline(never)] // a hot loop: see NO_INLINE in scripts/wasm_split.py
pub fn highlight(lang: &str, code: &str) -> Option<Vec<(Range<usize>, Highlight)>> {
    let lang = lang.to_ascii_lowercase();
    if matches!(
        lang.as_str(),
        "html" | "htm" | "xml" | "svg" | "xhtml" | "vue" | "svelte" | "plist" | "xaml"
    ) {
        return Some(markup::lex(code));
    }
    let syntax = langs::syntax_for(&lang)?;
    let mut lexer = Lexer {
        s: syntax,
        src: code,
        b: code.as_bytes(),
        out: Vec::new(),
        css_until: 0,
        css_selector: false,
        after_fn: false,
        words: Default::default(),
    };
    lexer.run();
    Some(lexer.out)
}

struct Lexer<'a> {
    s: &'static Syntax,
    src: &'a str,
    b: &'a [u8],
    out: Vec<(Range<usize>, Highlight)>,
    css_until: usize,
    css_selector: bool,
    /// The last word was `fn`, `def`, `func` or `function`: the next one names a function.
    after_fn: bool,
    /// The syntax's keywords, literals, types and builtins, each split into words when first needed.
    words: [Option<Words>; 4],
}

impl Lexer<'_> {
    fn has(&self, flag: u16) -> bool {
        self.s.flags & flag != 0
    }

    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    fn push(&mut self, range: Range<usize>, what: Highlight) {
        if range.end > range.start {
            self.out.push((range, what));
        }
    }

    fn line_end(&self, i: usize) -> usize {
        self.src[i..].find('\n').map_or(self.b.len(), |k| i + k)
    }

    fn run(&mut self) {
        let mut i = 0;
        let mut line_start = true;
        while i < self.b.len() {
            let c = self.b[i];
            if c == b'\n' {
                line_start = true;
                i += 1;
                continue;
            }
            // Whitespace, and non-ASCII text (which no token starts with), is never coloured.
            if c.is_ascii_whitespace() || !c.is_ascii() {
                i += 1;
                continue;
            }
            let first_on_line = std::mem::replace(&mut line_start, false);
            i = self.token(i, first_on_line);
        }
    }

    /// Lexes the token at `i` (not whitespace); returns where it ends.
    fn token(&mut self, i: usize, first_on_line: bool) -> usize {
        let rest = &self.src[i..];
        let c = self.b[i];
        let s = self.s;
        let after_space = i == 0 || self.b[i - 1].is_ascii_whitespace();
        if !s.line_comment.is_empty() && rest.starts_with(s.line_comment) && (!self.has(SHELL) || after_space) {
            let end = self.line_end(i);
            self.push(i..end, Highlight::Comment);
            return end;
        }
        if let Some((open, close)) = s.block_comment
            && rest.starts_with(open)
        {
            let end = rest[open.len()..]
                .find(close)
                .map_or(self.b.len(), |k| i + open.len() + k + close.len());
            self.push(i..end, Highlight::Comment);
            return end;
        }
        if c == b'#' && self.has(HASH_META) && first_on_line {
            let end = self.line_end(i);
            self.push(i..end, Highlight::Meta);
            return end;
        }
        if c == b'#' && self.has(RUST) && matches!(self.at(i + 1), b'[' | b'!') {
            return self.rust_attribute(i);
        }
        if c == b'@' && self.has(AT_META) && self.at(i + 1).is_ascii_alphabetic() {
            let end = self.word_end(i + 1, b".");
            self.push(i..end, Highlight::Meta);
            return end;
        }
        if self.has(CSS)
            && let Some(end) = self.css(i)
        {
            return end;
        }
        if c == b'$' && self.has(SHELL) {
            return self.shell_variable(i);
        }
        if self.has(RUST)
            && let Some(end) = self.rust_special(i)
        {
            return end;
        }
        if s.quotes.contains(&c) {
            return self.string(i);
        }
        if c.is_ascii_digit() || (c == b'.' && self.at(i + 1).is_ascii_digit()) {
            let end = self.number_end(i);
            self.push(i..end, Highlight::Number);
            return end;
        }
        if c.is_ascii_alphabetic() || c == b'_' || (c == b'$' && self.has(DOLLAR_IDENT)) {
            return self.word(i);
        }
        i + 1
    }

    fn word_end(&self, mut j: usize, extra: &[u8]) -> usize {
        while j < self.b.len() {
            let c = self.b[j];
            let ok = c.is_ascii_alphanumeric()
                || c == b'_'
                || extra.contains(&c)
                || (c == b'$' && self.has(DOLLAR_IDENT))
                || (c == b'-' && self.has(CSS));
            if !ok {
                break;
            }
            j += 1;
        }
        j
    }

    /// The next non-blank byte at or after `j` on the same line.
    fn next_visible(&self, mut j: usize) -> u8 {
        while matches!(self.at(j), b' ' | b'\t') {
            j += 1;
        }
        self.at(j)
    }

    /// Whether `word` is in list `which` of the syntax (`list`), split on first use.
    fn listed(&mut self, which: usize, list: &'static str, word: &str, nocase: bool) -> bool {
        self.words[which]
            .get_or_insert_with(|| Words::new(list))
            .contains(word, nocase)
    }

    fn word(&mut self, i: usize) -> usize {
        let end = self.word_end(i + 1, b"");
        let src = self.src;
        let word = &src[i..end];
        let s = self.s;
        let nocase = self.has(NOCASE);
        let after_fn = std::mem::replace(&mut self.after_fn, false);
        let what = if self.listed(0, s.keywords, word, nocase) {
            self.after_fn = matches!(word, "fn" | "def" | "func" | "function");
            Some(Highlight::Keyword)
        } else if self.listed(1, s.literals, word, nocase) {
            Some(Highlight::Literal)
        } else if self.listed(2, s.types, word, nocase) {
            Some(Highlight::Type)
        } else if self.listed(3, s.builtins, word, false) {
            Some(Highlight::Function)
        } else if self.has(RUST) && self.at(end) == b'!' && self.at(end + 1) != b'=' {
            self.push(i..end + 1, Highlight::Function);
            return end + 1;
        } else if after_fn || self.next_visible(end) == b'(' {
            Some(Highlight::Function)
        } else if self.has(CAPS) && word.as_bytes()[0].is_ascii_uppercase() {
            let constant = word.len() > 1 && !word.bytes().any(|b| b.is_ascii_lowercase());
            Some(if constant { Highlight::Literal } else { Highlight::Type })
        } else {
            None
        };
        if let Some(what) = what {
            self.push(i..end, what);
        }
        end
    }

    fn number_end(&self, i: usize) -> usize {
        let hex = self.at(i) == b'0' && matches!(self.at(i + 1), b'x' | b'X');
        let mut j = i + 1;
        while j < self.b.len() {
            let c = self.b[j];
            let exponent_sign = matches!(c, b'+' | b'-')
                && !hex
                && matches!(self.b[j - 1], b'e' | b'E')
                && self.at(j + 1).is_ascii_digit();
            let ok = c.is_ascii_alphanumeric()
                || c == b'_'
                || (c == b'.' && self.at(j + 1).is_ascii_digit())
                || (c == b'%' && self.has(CSS))
                || exponent_sign;
            if !ok {
                break;
            }
            j += 1;
        }
        j
    }

    fn string(&mut self, i: usize) -> usize {
        let q = self.b[i];
        let triple = self.has(TRIPLE) && self.at(i + 1) == q && self.at(i + 2) == q;
        let end = if triple {
            let closing = [q, q, q];
            let body = &self.b[i + 3..];
            body.windows(3)
                .position(|w| w == closing)
                .map_or(self.b.len(), |k| i + 3 + k + 3)
        } else {
            let multiline = self.s.multiline.contains(&q);
            let mut j = i + 1;
            loop {
                match self.b.get(j) {
                    None => break j,
                    Some(b'\\') if !(self.has(SHELL) && q == b'\'') => j += 2,
                    Some(&b) if b == q => break j + 1,
                    Some(b'\n') if !multiline => break j,
                    Some(_) => j += 1,
                }
            }
            .min(self.b.len())
        };
        let key = self.has(KEYS) && self.next_visible(end) == b':';
        self.push(i..end, if key { Highlight::Attribute } else { Highlight::String });
        end
    }

    /// `$NAME`, `${…}`, `$1`, `$?`: a shell variable.
    fn shell_variable(&mut self, i: usize) -> usize {
        let end = match self.at(i + 1) {
            b'{' => self.src[i..].find('}').map_or(self.b.len(), |k| i + k + 1),
            c if c.is_ascii_alphabetic() || c == b'_' => self.word_end(i + 1, b""),
            c if c.is_ascii_digit() || b"@#?*!$-".contains(&c) => i + 2,
            _ => return i + 1,
        };
        self.push(i..end, Highlight::Attribute);
        end
    }

    /// `#[…]` or `#![…]`, brackets balanced, on one line.
    fn rust_attribute(&mut self, i: usize) -> usize {
        let line_end = self.line_end(i);
        let mut depth = 0usize;
        let mut end = line_end;
        for (k, &c) in self.b[i..line_end].iter().enumerate() {
            match c {
                b'[' => depth += 1,
                b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        self.push(i..end, Highlight::Meta);
        end
    }

    /// Raw strings (`r"…"`, `r#"…"#`, `br"…"`), and `'` as a lifetime or a character.
    fn rust_special(&mut self, i: usize) -> Option<usize> {
        let rest = &self.src[i..];
        let raw = rest.strip_prefix("br").or_else(|| rest.strip_prefix('r'));
        if let Some(after) = raw.filter(|_| i == 0 || !self.b[i - 1].is_ascii_alphanumeric()) {
            let hashes = after.bytes().take_while(|&b| b == b'#').count();
            if after.as_bytes().get(hashes) == Some(&b'"') {
                let open = rest.len() - after.len() + hashes + 1;
                let closing = format!("\"{}", "#".repeat(hashes));
                let end = rest[open..]
                    .find(&closing)
                    .map_or(self.b.len(), |k| i + open + k + closing.len());
                self.push(i..end, Highlight::String);
                return Some(end);
            }
        }
        if self.b[i] != b'\'' {
            return None;
        }
        // `'x'` and `'\n'` are characters; `'a` (no closing quote right after one character) is a lifetime.
        let body = &self.src[i + 1..];
        let char_len = if body.starts_with('\\') {
            body.get(2..).and_then(|r| r.find('\'')).map(|k| k + 2)
        } else {
            body.chars()
                .next()
                .map(char::len_utf8)
                .filter(|&n| body[n..].starts_with('\''))
        };
        match char_len {
            Some(n) if n <= 12 => {
                let end = i + 1 + n + 1;
                self.push(i..end, Highlight::String);
                Some(end)
            }
            _ => Some(self.word_end(i + 1, b"")),
        }
    }

    /// CSS: at-rules, `#id`/`.class`/`:pseudo` selectors, `#fff` colours, properties, functions, `!important`.
    fn css(&mut self, i: usize) -> Option<usize> {
        let c = self.b[i];
        // Selectors run up to a `{`, declarations up to a `;` or `}`: which one comes next decides what this is.
        // Remembered until passed, so the look-ahead stays linear.
        if i >= self.css_until {
            let d = self.b[i..]
                .iter()
                .position(|b| matches!(b, b'{' | b';' | b'}'))
                .map_or(self.b.len(), |k| i + k);
            self.css_until = d + 1;
            self.css_selector = self.at(d) == b'{';
        }
        let selector = self.css_selector;
        let next = self.at(i + 1);
        let (what, end) = match c {
            b'@' | b'!' if next.is_ascii_alphabetic() => (Highlight::Keyword, self.word_end(i + 1, b"")),
            b'#' if !selector => (Highlight::Number, self.word_end(i + 1, b"")),
            b'#' | b'.' if selector && (next.is_ascii_alphabetic() || next == b'-') => {
                (Highlight::Type, self.word_end(i + 1, b""))
            }
            b':' if selector && (next.is_ascii_alphabetic() || next == b':') => (
                Highlight::Keyword,
                self.word_end(i + 1 + usize::from(next == b':'), b""),
            ),
            c if (c.is_ascii_alphabetic() || c == b'-') && !next.is_ascii_digit() => {
                let end = self.word_end(i + 1, b"");
                match self.next_visible(end) {
                    _ if selector => (Highlight::Tag, end),
                    b':' => (Highlight::Attribute, end),
                    b'(' => (Highlight::Function, end),
                    _ => return Some(end),
                }
            }
            _ => return None,
        };
        self.push(i..end, what);
        Some(end)
    }
}
