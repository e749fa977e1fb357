//! What the user may see of a request: the body as a `curl` command with the key left out, and the raw response
//! captured up to a size cap.

/// What stands for the API key in a `curl` command: the shell expands it from the user's environment.
pub const KEY_VARIABLE: &str = "$GLM_API_KEY";

/// `s` as one shell word: single quotes, with each `'` written as `'\''`. Nothing inside is expanded.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A `curl` command that repeats the request: the exact body, the key as `$GLM_API_KEY` (only when the request
/// carried one), `-N` for a streamed reply so it prints as it arrives.
pub fn curl(url: &str, body: &str, with_key: bool, stream: bool) -> String {
    let mut out = String::from("curl");
    if stream {
        out.push_str(" -N");
    }
    out.push(' ');
    out.push_str(&shell_quote(url));
    out.push_str(" \\\n  -H 'Content-Type: application/json'");
    if with_key {
        // Double quotes, so the shell expands the variable (and nothing else is in them).
        out.push_str(" \\\n  -H \"Authorization: Bearer ");
        out.push_str(KEY_VARIABLE);
        out.push('"');
    }
    out.push_str(" \\\n  --data-raw ");
    out.push_str(&shell_quote(body));
    out
}

/// `text` with every occurrence of `key` replaced by `$GLM_API_KEY`. Keys shorter than 8 characters are not looked
/// for (they would match ordinary words); real keys are far longer.
pub fn redact(text: &str, key: &str) -> String {
    let key = key.trim();
    if key.len() < 8 {
        return text.to_string();
    }
    text.replace(key, KEY_VARIABLE)
}

/// The raw bytes of a response, kept up to `cap`; the rest is counted, not kept.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    kept: Vec<u8>,
    total: usize,
    cap: usize,
}

/// Enough for any ordinary reply; a 20,000-chunk benchmark stream is cut.
pub const CAPTURE_CAP: usize = 256 * 1024;

impl Capture {
    pub fn new(cap: usize) -> Self {
        Capture {
            kept: Vec::new(),
            total: 0,
            cap,
        }
    }

    pub fn push(&mut self, bytes: &[u8]) {
        self.total += bytes.len();
        let room = self.cap.saturating_sub(self.kept.len());
        self.kept.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    pub fn total(&self) -> usize {
        self.total
    }

    /// The text kept; invalid UTF-8 (such as a character cut by the cap) shows as U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.kept).into_owned()
    }

    /// `(kept, total)` bytes when some were dropped.
    pub fn truncated(&self) -> Option<(usize, usize)> {
        (self.total > self.kept.len()).then_some((self.kept.len(), self.total))
    }
}

/// `text` re-indented by two spaces when it is one JSON value, keeping the order of keys and every string as
/// written; `None` when it is not JSON.
pub fn pretty_json(text: &str) -> Option<String> {
    let text = text.trim();
    serde_json::from_str::<serde::de::IgnoredAny>(text).ok()?;
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // An empty object or array stays on one line.
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// A reply that is nothing but a JSON object or array, as a `json` code block for Markdown; `None` otherwise.
pub fn json_answer(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return None;
    }
    pretty_json(trimmed).map(|p| format!("```json\n{p}\n```"))
}
