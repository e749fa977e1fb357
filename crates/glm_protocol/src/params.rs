//! Request parameters as the user types them: each field's parsing and documented range (reference §2.1), and the
//! check that a whole set of options may be sent to its model.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::models::{MAX_TOKENS_SCHEMA_LIMIT, ModelInfo};

/// The parameters beyond model, prompt and sampling that a conversation remembers. Defaults send nothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestParams {
    /// `false` sends `do_sample: false` (greedy decoding; temperature and top_p are then not sent).
    pub do_sample: bool,
    /// The one stop word the API accepts, as stored (escapes already resolved).
    pub stop: Option<String>,
    /// Sends `response_format: {"type": "json_object"}` (text models only).
    pub json_output: bool,
    pub user_id: Option<String>,
    /// Sends a fresh `request_id` (an optional prefix and a UUID) with every request.
    pub request_id: bool,
    pub request_id_prefix: String,
    /// Sends `tool_stream: true` (models that support it, streamed requests only).
    pub tool_stream: bool,
}

impl Default for RequestParams {
    fn default() -> Self {
        RequestParams {
            do_sample: true,
            stop: None,
            json_output: false,
            user_id: None,
            request_id: false,
            request_id_prefix: String::new(),
            tool_stream: false,
        }
    }
}

/// Read through a JSON value, like `ToolEntry` (smaller in the wasm than a derived reader); missing or mistyped
/// fields take their defaults.
impl<'de> Deserialize<'de> for RequestParams {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let flag = |key: &str, default: bool| v.get(key).and_then(Value::as_bool).unwrap_or(default);
        let text = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        let d = RequestParams::default();
        Ok(RequestParams {
            do_sample: flag("do_sample", d.do_sample),
            stop: text("stop"),
            json_output: flag("json_output", d.json_output),
            user_id: text("user_id"),
            request_id: flag("request_id", d.request_id),
            request_id_prefix: text("request_id_prefix").unwrap_or_default(),
            tool_stream: flag("tool_stream", d.tool_stream),
        })
    }
}

/// A field of the parameters form, with a stable id for `data-*` hooks and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamField {
    Temperature,
    TopP,
    MaxTokens,
    Stop,
    UserId,
    RequestIdPrefix,
}

impl ParamField {
    pub fn id(self) -> &'static str {
        match self {
            ParamField::Temperature => "temperature",
            ParamField::TopP => "top_p",
            ParamField::MaxTokens => "max_tokens",
            ParamField::Stop => "stop",
            ParamField::UserId => "user_id",
            ParamField::RequestIdPrefix => "request_id",
        }
    }
}

/// Why a typed value is refused. The form words it, with the field's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    /// Not a number, or outside the documented range (for `max_tokens`: above the model's limit).
    OutOfRange,
    /// More than the two decimal places `temperature` and `top_p` take (§2.1), such as `0.123`.
    TooPrecise,
    TooShort,
    TooLong,
    /// A character the field does not allow.
    BadCharacter,
}

/// A value that must not be sent, and where the user fixes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamProblem {
    pub field: ParamField,
    pub error: FieldError,
}

/// Longest stop word accepted (the API documents none; this keeps a typo from becoming a paragraph).
pub const STOP_MAX_CHARS: usize = 100;
/// `user_id`: 6–128 characters (§2.1).
pub const USER_ID_CHARS: (usize, usize) = (6, 128);
/// A prefix plus a 36-character UUID stays within the 64 characters the web-search spec allows for `request_id`.
pub const REQUEST_ID_PREFIX_MAX: usize = 28;

/// `temperature`: empty means "model default"; otherwise [0, 1].
pub fn parse_temperature(s: &str) -> Result<Option<f64>, FieldError> {
    parse_ranged(s, 0.0, 1.0)
}

/// `top_p`: empty means "model default"; otherwise [0.01, 1].
pub fn parse_top_p(s: &str) -> Result<Option<f64>, FieldError> {
    parse_ranged(s, 0.01, 1.0)
}

/// `max_tokens`: empty means "model default"; otherwise a whole number in [1, the model's limit].
pub fn parse_max_tokens(s: &str, info: &ModelInfo) -> Result<Option<u32>, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<u32>() {
        Ok(n) if (1..=max_tokens_limit(info)).contains(&n) => Ok(Some(n)),
        _ => Err(FieldError::OutOfRange),
    }
}

/// The largest `max_tokens` a model takes: its documented limit, else the schema's.
pub fn max_tokens_limit(info: &ModelInfo) -> u32 {
    info.max_tokens_limit.unwrap_or(MAX_TOKENS_SCHEMA_LIMIT)
}

/// The stop word as typed: empty means none; `\n`, `\t` and `\\` stand for a line break, a tab and a backslash,
/// since a one-line field cannot hold a line break (a common stop word).
pub fn parse_stop(s: &str) -> Result<Option<String>, FieldError> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => {
                out.push('\\');
                if other != '\\' {
                    out.push(other);
                }
            }
            None => out.push('\\'),
        }
    }
    if out.chars().count() > STOP_MAX_CHARS {
        return Err(FieldError::TooLong);
    }
    Ok(Some(out))
}

/// A stored stop word as the field shows it (the inverse of `parse_stop`).
pub fn format_stop(stop: &str) -> String {
    stop.replace('\\', "\\\\").replace('\n', "\\n").replace('\t', "\\t")
}

/// `user_id`: empty means none; otherwise 6–128 characters, surrounding blanks ignored.
pub fn parse_user_id(s: &str) -> Result<Option<String>, FieldError> {
    let s = s.trim();
    let n = s.chars().count();
    match n {
        0 => Ok(None),
        _ if n < USER_ID_CHARS.0 => Err(FieldError::TooShort),
        _ if n > USER_ID_CHARS.1 => Err(FieldError::TooLong),
        _ => Ok(Some(s.to_string())),
    }
}

/// The `request_id` prefix: letters, digits, `_` and `-`, at most 28 of them.
pub fn parse_request_id_prefix(s: &str) -> Result<String, FieldError> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return Err(FieldError::BadCharacter);
    }
    if s.len() > REQUEST_ID_PREFIX_MAX {
        return Err(FieldError::TooLong);
    }
    Ok(s.to_string())
}

/// A version-4 UUID from 16 random bytes (the browser supplies them), lower-case with hyphens.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        for nibble in [b >> 4, b & 0x0f] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    out
}

/// The first stored value that must not be sent to the model described by `info` (values may have been valid for
/// the model the user had before), or `None` when everything may be sent.
pub fn check(
    temperature: Option<f64>,
    top_p: Option<f64>,
    max_tokens: Option<u32>,
    params: &RequestParams,
    info: &ModelInfo,
) -> Option<ParamProblem> {
    let problem = |field, error| Some(ParamProblem { field, error });
    for (field, value, min) in [
        (ParamField::Temperature, temperature, 0.0),
        (ParamField::TopP, top_p, 0.01),
    ] {
        match value {
            Some(v) if !(min..=1.0).contains(&v) => return problem(field, FieldError::OutOfRange),
            // A value stored before this check (or imported) may have more places than the API takes.
            Some(v) if ((v * 100.0).round() - v * 100.0).abs() > 1e-9 => return problem(field, FieldError::TooPrecise),
            _ => {}
        }
    }
    if max_tokens.is_some_and(|n| n == 0 || n > max_tokens_limit(info)) {
        return problem(ParamField::MaxTokens, FieldError::OutOfRange);
    }
    if let Some(stop) = &params.stop
        && stop.chars().count() > STOP_MAX_CHARS
    {
        return problem(ParamField::Stop, FieldError::TooLong);
    }
    if let Some(id) = &params.user_id
        && let Err(e) = parse_user_id(id)
    {
        return problem(ParamField::UserId, e);
    }
    if let Err(e) = parse_request_id_prefix(&params.request_id_prefix) {
        return problem(ParamField::RequestIdPrefix, e);
    }
    None
}

fn parse_ranged(s: &str, min: f64, max: f64) -> Result<Option<f64>, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match parse_decimal(s) {
        Some(v) if (min..=max).contains(&v) => {
            // At most two decimal places (§2.1); trailing zeros beyond them do not count (`0.500` is `0.5`).
            let places = s.split_once('.').map_or("", |(_, frac)| frac.trim_end_matches('0'));
            if places.len() > 2 {
                Err(FieldError::TooPrecise)
            } else {
                Ok(Some(v))
            }
        }
        _ => Err(FieldError::OutOfRange),
    }
}

/// A plain decimal (`0.7`, `.5`, `1`, `1.`), without `f64::from_str`, whose general parser costs the wasm about
/// 2 KB gzip. Up to 15 significant digits one division is correctly rounded, so `"0.7"` gives exactly `0.7`.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = || int.bytes().chain(frac.bytes());
    if int.len() + frac.len() == 0 || int.len() + frac.len() > 15 || !digits().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole = digits().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    Some(whole as f64 / 10f64.powi(frac.len() as i32))
}
