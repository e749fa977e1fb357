//! What each supported language looks like to the lexer: its words, comments, quotes and quirks.
//!
//! Word lists are single space-separated strings rather than arrays of `&str`: in the wasm bundle that is the text
//! alone, without a pointer and a length per word.

/// Identifiers starting with a capital are types (all-capitals ones are constants).
pub const CAPS: u16 = 1;
/// `#…` at the start of a line is a preprocessor line.
pub const HASH_META: u16 = 1 << 1;
/// `@name` is a decorator or annotation.
pub const AT_META: u16 = 1 << 2;
/// Rust: `name!` macros, `#[attributes]`, `'lifetimes`, raw strings.
pub const RUST: u16 = 1 << 3;
/// Python: `"""triple"""` strings.
pub const TRIPLE: u16 = 1 << 4;
/// Keywords match in any case (SQL).
pub const NOCASE: u16 = 1 << 5;
/// Shell: `$VAR` and `${…}`, and `#` starts a comment only after a space.
pub const SHELL: u16 = 1 << 6;
/// A string followed by `:` is a key (JSON).
pub const KEYS: u16 = 1 << 7;
/// CSS: selectors, properties, at-rules, units and colours.
pub const CSS: u16 = 1 << 8;
/// `$` is part of identifiers (JavaScript).
pub const DOLLAR_IDENT: u16 = 1 << 9;

pub struct Syntax {
    pub keywords: &'static str,
    pub literals: &'static str,
    pub types: &'static str,
    /// Names that read as calls even without parentheses (shell builtins).
    pub builtins: &'static str,
    pub line_comment: &'static str,
    pub block_comment: Option<(&'static str, &'static str)>,
    pub quotes: &'static [u8],
    /// The quotes whose strings may span lines.
    pub multiline: &'static [u8],
    pub flags: u16,
}

const C_BLOCK: Option<(&str, &str)> = Some(("/*", "*/"));

const fn syntax(keywords: &'static str, literals: &'static str, types: &'static str, flags: u16) -> Syntax {
    Syntax {
        keywords,
        literals,
        types,
        builtins: "",
        line_comment: "//",
        block_comment: C_BLOCK,
        quotes: b"\"'",
        multiline: b"",
        flags,
    }
}

static RUST_SYNTAX: Syntax = Syntax {
    multiline: b"\"",
    ..syntax(
        "as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut \
         pub ref return static struct trait type unsafe use where while yield",
        "true false self Self Some None Ok Err",
        "u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize f32 f64 bool char str",
        CAPS | RUST,
    )
};

static PYTHON: Syntax = Syntax {
    line_comment: "#",
    block_comment: None,
    ..syntax(
        "and as assert async await break class continue def del elif else except finally for from global if import \
         in is lambda match case nonlocal not or pass raise return try while with yield",
        "True False None self cls",
        "int str float bool list dict set tuple bytes object complex frozenset",
        CAPS | TRIPLE | AT_META,
    )
};

static JAVASCRIPT: Syntax = Syntax {
    quotes: b"\"'`",
    multiline: b"`",
    ..syntax(
        "async await break case catch class const continue debugger default delete do else export extends finally \
         for from function if import in instanceof let new of return static super switch this throw try typeof var \
         void while with yield as interface type enum implements declare namespace readonly abstract private \
         protected public keyof satisfies infer is get set",
        "true false null undefined NaN Infinity",
        "string number boolean any unknown never object bigint symbol",
        CAPS | AT_META | DOLLAR_IDENT,
    )
};

static JSON: Syntax = Syntax {
    quotes: b"\"",
    ..syntax("", "true false null", "", KEYS)
};

static SHELL_SYNTAX: Syntax = Syntax {
    builtins: "echo printf cd pwd source exit set unset read test eval exec trap shift alias export local \
               readonly declare sudo",
    line_comment: "#",
    block_comment: None,
    multiline: b"\"'",
    ..syntax(
        "if then else elif fi case esac for while until do done in function select return",
        "true false",
        "",
        SHELL,
    )
};

static C_FAMILY: Syntax = syntax(
    "auto break case catch class const constexpr continue default delete do else enum explicit extern for friend \
     goto if inline namespace new noexcept operator override final private protected public return sizeof static \
     static_cast dynamic_cast reinterpret_cast struct switch template this throw try typedef typename union using \
     virtual volatile while mutable co_await co_return",
    "true false nullptr NULL",
    "void int char short long float double signed unsigned bool size_t int8_t int16_t int32_t int64_t uint8_t \
     uint16_t uint32_t uint64_t wchar_t std string vector map",
    CAPS | HASH_META,
);

static JAVA: Syntax = syntax(
    "abstract assert break case catch class const continue default do else enum extends final finally for goto if \
     implements import instanceof interface native new package private protected public return static strictfp \
     super switch synchronized this throw throws transient try var volatile while record yield sealed permits",
    "true false null",
    "void boolean byte char short int long float double",
    CAPS | AT_META,
);

static GO: Syntax = Syntax {
    quotes: b"\"'`",
    multiline: b"`",
    ..syntax(
        "break case chan const continue default defer else fallthrough for func go goto if import interface map \
         package range return select struct switch type var",
        "true false nil iota",
        "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 \
         uint16 uint32 uint64 uintptr any",
        0,
    )
};

static SQL: Syntax = Syntax {
    line_comment: "--",
    ..syntax(
        "select from where and or not insert into values update set delete create table drop alter add column index \
         primary key foreign references join inner left right full outer cross on as group by order asc desc having \
         limit offset union all distinct case when then else end in is like between exists with returning view \
         default unique constraint check if begin commit rollback transaction grant revoke",
        "null true false",
        "int integer bigint smallint tinyint varchar char text date time timestamp timestamptz boolean bool decimal \
         numeric float real double serial bigserial blob json jsonb uuid",
        NOCASE,
    )
};

static CSS_SYNTAX: Syntax = Syntax {
    line_comment: "",
    ..syntax("", "", "", CSS)
};

/// The syntax for a code block's language (its info string, lower-cased); `None` when unknown.
pub fn syntax_for(lang: &str) -> Option<&'static Syntax> {
    Some(match lang {
        "rust" | "rs" => &RUST_SYNTAX,
        "python" | "py" | "python3" | "py3" | "gyp" => &PYTHON,
        "javascript" | "js" | "jsx" | "mjs" | "cjs" | "node" | "typescript" | "ts" | "tsx" | "mts" | "cts" => {
            &JAVASCRIPT
        }
        "json" | "jsonc" | "json5" | "jsonl" | "geojson" => &JSON,
        "bash" | "sh" | "shell" | "zsh" | "console" | "shellscript" | "ksh" => &SHELL_SYNTAX,
        "c" | "h" | "cpp" | "c++" | "cxx" | "cc" | "hpp" | "hh" | "hxx" | "objc" | "cuda" => &C_FAMILY,
        "java" => &JAVA,
        "go" | "golang" => &GO,
        "sql" | "mysql" | "postgresql" | "postgres" | "psql" | "sqlite" | "plsql" | "tsql" => &SQL,
        "css" | "scss" | "less" => &CSS_SYNTAX,
        _ => return None,
    })
}

/// A space-separated word list, split into words once for the lookups of one code block. Each identifier is looked
/// up in up to four lists; walking a list's bytes on every lookup was most of the cost of highlighting code (it runs
/// while the browser still has the highlighter in its baseline compiler, on the first long reply).
pub struct Words(Vec<&'static str>);

impl Words {
    pub fn new(list: &'static str) -> Self {
        Words(list.split_ascii_whitespace().collect())
    }

    /// Whether `word` is one of the words; with `nocase`, in any case.
    pub fn contains(&self, word: &str, nocase: bool) -> bool {
        self.0.iter().any(|candidate| {
            candidate.len() == word.len()
                && if nocase {
                    candidate.eq_ignore_ascii_case(word)
                } else {
                    *candidate == word
                }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole_words_only() {
        let list = Words::new("select from where  in\nint");
        for word in ["select", "from", "where", "in", "int"] {
            assert!(list.contains(word, false), "{word}");
        }
        for word in ["sel", "elect", "fro", "i", "nt", "wherein", "", "from where", "SELECT"] {
            assert!(!list.contains(word, false), "{word:?}");
        }
        assert!(list.contains("SeLeCt", true));
        assert!(!list.contains("SELECTS", true));
    }
}
