//! API failures: classifying HTTP errors, error bodies and in-stream error frames, and wording them for users.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::ErrorDetail;

mod classify;
mod text;

/// What stands for a credential taken out of a server's text.
const REDACTED: &str = "[redacted]";

/// The language of user-facing error text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

/// What went wrong, at the granularity the user can act on. Business codes (§8.3) decide the kind; the HTTP status
/// is the fallback when the code is absent or unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// 401, 1000–1004: the key is missing, wrong or expired.
    Auth,
    /// 1113 arrears / no resource package; 1309 Coding Plan expired.
    Balance,
    /// 1110–1112, 1121: the account is inactive, missing or locked.
    AccountLocked,
    /// 1302 concurrency, 1303 frequency, or a bare 429.
    RateLimit,
    /// 1304 daily, 1308 usage, 1310 weekly/monthly caps; 1313 fair-use restriction.
    QuotaReached,
    /// 1305 traffic limit, 1312 model overloaded.
    Overloaded,
    /// 1300, 1301: input or output judged unsafe.
    ContentPolicy,
    /// 1261, 413.
    PromptTooLong,
    /// 400 and the parameter codes (1200, 1210, 1212–1215, 1231).
    InvalidRequest,
    /// 1211.
    ModelNotFound,
    /// 403, 434, 1220, 1221, 1311: the key or plan may not use this API or model.
    NoPermission,
    /// 404, 1222: the endpoint URL is wrong.
    NotFound,
    /// 5xx, 408, 500, 1100, 1120, 1230, 1234.
    Server,
    /// `fetch` rejected before any response (offline, DNS, TLS, or a CORS failure the browser does not name).
    Network,
    /// The adapter established that the browser blocked the call (CORS).
    Cors,
    /// The server answered with something that is neither a reply nor an error (a malformed stream frame).
    InvalidResponse,
    Unknown,
}

impl ErrorKind {
    /// A stable lowercase name, for `data-*` attributes and logs.
    pub fn as_str(self) -> &'static str {
        classify::kind_name(self)
    }
}

/// A failed request. `message` is the server's own text (untrusted, shown as detail); `Display` never includes it,
/// so formatting an error cannot leak whatever the server echoed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{} ({})", self.title(Lang::En), self.data_code())]
pub struct ApiError {
    pub kind: ErrorKind,
    pub status: Option<u16>,
    pub code: Option<String>,
    pub message: Option<String>,
}

impl ApiError {
    /// An error the client raised itself, before or instead of a request, told apart by `code` (the interface
    /// explains each such code in its own words; there is no server text).
    pub fn local(kind: ErrorKind, code: &str) -> Self {
        ApiError {
            kind,
            status: None,
            code: Some(code.to_string()),
            message: None,
        }
    }

    pub fn new(kind: ErrorKind, message: Option<String>) -> Self {
        ApiError {
            kind,
            status: None,
            code: None,
            message: message.map(|m| text::clean_message(&m)),
        }
    }

    /// An HTTP error response. Accepts the wrapped (`{"error":{code,message}}`) and flat (`{code,message}`) shapes,
    /// string or numeric codes, and bodies that are empty, HTML or plain text.
    pub fn from_http(status: u16, body: &str) -> ApiError {
        let (code, message) = match parse_error_body(body) {
            Some(detail) => (detail.code, detail.message),
            None => (None, text::non_json_message(body)),
        };
        Self::build(Some(status), code, message)
    }

    /// An error frame inside a stream, or an error object in a 200 body.
    pub fn from_detail(detail: &ErrorDetail, status: Option<u16>) -> ApiError {
        Self::build(status, detail.code.clone(), detail.message.clone())
    }

    /// `fetch` rejected before any response arrived.
    pub fn network(message: impl Into<String>) -> ApiError {
        Self::new(ErrorKind::Network, Some(message.into()))
    }

    fn build(status: Option<u16>, code: Option<String>, message: Option<String>) -> ApiError {
        let code = code.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        let kind = code
            .as_deref()
            .and_then(classify::by_code)
            .map(|(kind, _)| kind)
            .or_else(|| status.map(|s| classify::by_status(s).0))
            .unwrap_or(ErrorKind::Unknown);
        let message = message.map(|m| text::clean_message(&m)).filter(|m| !m.is_empty());
        ApiError {
            kind,
            status,
            code,
            message,
        }
    }

    /// This error with the API key taken out of the server's text (`message` and `code`): a server may echo the
    /// key, or `Bearer <key>`, it was sent, and this text is shown, saved and exported. Also catches the start of
    /// the key where a long message was cut. Keys shorter than 8 characters are not looked for (as
    /// `inspect::redact`: they would match ordinary words).
    pub fn hiding(mut self, key: &str) -> ApiError {
        let key = key.trim();
        if key.len() >= 8 {
            let hide = |text: String| {
                let out = text.replace(key, REDACTED);
                // `clean_message` cuts a long message and ends it with `…`: the cut may fall inside the key.
                let Some(head) = out.strip_suffix('…') else {
                    return out;
                };
                match (4..key.len())
                    .rev()
                    .find(|&n| key.is_char_boundary(n) && head.ends_with(&key[..n]))
                {
                    Some(n) => format!("{}{REDACTED}…", &head[..head.len() - n]),
                    None => out,
                }
            };
            self.message = self.message.map(hide);
            self.code = self.code.map(hide);
        }
        self
    }

    /// Whether sending the same request again later may succeed. A known business code decides; otherwise the
    /// status; otherwise the kind.
    pub fn retryable(&self) -> bool {
        if let Some((_, retry)) = self.code.as_deref().and_then(classify::by_code) {
            return retry;
        }
        match self.status {
            Some(status) if status >= 400 => classify::by_status(status).1,
            _ => matches!(
                self.kind,
                ErrorKind::Network
                    | ErrorKind::InvalidResponse
                    | ErrorKind::RateLimit
                    | ErrorKind::Overloaded
                    | ErrorKind::Server
            ),
        }
    }

    /// A short, attribute-safe identifier: the business code, else the HTTP status, else the kind
    /// (`network` for a rejected fetch).
    pub fn data_code(&self) -> String {
        match (self.code.as_deref().filter(|c| text::is_plain_code(c)), self.status) {
            (Some(code), _) => code.to_string(),
            (None, Some(status)) => status.to_string(),
            (None, None) => self.kind.as_str().to_string(),
        }
    }

    /// A short headline for the error.
    pub fn title(&self, lang: Lang) -> &'static str {
        text::title(self.kind, self.code.as_deref(), self.status, lang)
    }

    /// Plain words on what the user can do about it.
    pub fn advice(&self, lang: Lang) -> &'static str {
        text::advice(self.kind, self.code.as_deref(), self.status, lang)
    }
}

/// The error detail of a JSON body in any shape we have seen: wrapped object, wrapped string, or flat (with
/// `message` or `msg`). `None` when the body is not JSON or carries no error fields.
pub(crate) fn parse_error_body(body: &str) -> Option<ErrorDetail> {
    let value: Value = serde_json::from_str(body.trim()).ok()?;
    let obj = value.as_object()?;
    let text_of = |v: Option<&Value>| -> Option<String> {
        match v? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let detail = match obj.get("error") {
        Some(Value::Object(inner)) => ErrorDetail {
            code: text_of(inner.get("code")),
            message: text_of(inner.get("message")).or_else(|| text_of(inner.get("msg"))),
        },
        Some(Value::String(message)) => ErrorDetail {
            code: text_of(obj.get("code")),
            message: Some(message.clone()),
        },
        _ => ErrorDetail {
            code: text_of(obj.get("code")),
            message: text_of(obj.get("message")).or_else(|| text_of(obj.get("msg"))),
        },
    };
    (detail.code.is_some() || detail.message.is_some()).then_some(detail)
}
