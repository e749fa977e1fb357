//! The API key as a type that cannot leak through `Debug` or `Display` into logs, errors or exports, and the one
//! place it is put on the wire: `authorization`, which refuses any origin but the one the user confirmed, and signs
//! a fresh JWT per request when the user chose that (reference §11).

use std::fmt;

use glm_protocol::error::{ApiError, ErrorKind};

/// How the key is presented in the `Authorization` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    /// `Bearer <key>`: the documented primary method.
    #[default]
    Raw,
    /// `Bearer <HS256 JWT>` signed with the secret half of an `id.secret` key.
    Jwt,
}

#[derive(Clone, PartialEq, Eq, Default)]
pub struct ApiKey {
    secret: String,
    scheme: Scheme,
    /// The only origin the key may be sent to; `None` before it is bound to one.
    origin: Option<String>,
    /// The key is stored encrypted and this tab has not unlocked it: nothing can be sent.
    locked: bool,
}

/// Error codes of requests the app refused to send with the key (shown like API errors, with Retry).
pub const CODE_LOCKED: &str = "key_locked";
pub const CODE_ORIGIN: &str = "key_origin";
pub const CODE_FORMAT: &str = "key_format";

impl ApiKey {
    /// `None` for an empty or whitespace-only key.
    pub fn new(raw: &str) -> Option<Self> {
        let k = raw.trim();
        (!k.is_empty()).then(|| ApiKey {
            secret: k.to_string(),
            ..ApiKey::default()
        })
    }

    /// A key that exists but is encrypted and not unlocked in this tab.
    pub fn locked() -> Self {
        ApiKey {
            locked: true,
            ..ApiKey::default()
        }
    }

    pub fn with_scheme(mut self, scheme: Scheme) -> Self {
        self.scheme = scheme;
        self
    }

    pub fn bound_to(mut self, origin: Option<String>) -> Self {
        self.origin = origin;
        self
    }

    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.secret)
    }

    /// Whether a request to `url` may carry this key.
    pub fn may_go_to(&self, url: &str, page_origin: &str) -> bool {
        self.origin.as_deref().is_none_or(|o| o == origin_of(url, page_origin))
    }

    /// The `Authorization` header value for a request to `url`, or the reason it must not be sent. The errors
    /// never contain the key.
    pub async fn authorization(&self, url: &str) -> Result<String, ApiError> {
        if self.locked {
            return Err(refusal(CODE_LOCKED));
        }
        if !self.may_go_to(url, &page_origin()) {
            return Err(refusal(CODE_ORIGIN));
        }
        match self.scheme {
            Scheme::Raw => Ok(self.bearer()),
            Scheme::Jwt => {
                let parts = glm_protocol::jwt::split_key(&self.secret).ok_or_else(|| refusal(CODE_FORMAT))?;
                let input = glm_protocol::jwt::signing_input(parts.id, js_sys::Date::now() as u64);
                let signature = crate::browser::crypto::hmac_sha256(parts.secret.as_bytes(), input.as_bytes())
                    .await
                    .map_err(|_| refusal(CODE_FORMAT))?;
                Ok(format!("Bearer {}", glm_protocol::jwt::token(&input, &signature)))
            }
        }
    }
}

fn refusal(code: &str) -> ApiError {
    ApiError::local(ErrorKind::Auth, code)
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

/// The origin of the page the app runs in (an embedded widget: its host page's).
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// `scheme://host[:port]` of an absolute http(s) URL, lower-case, without userinfo or a default port. A relative
/// URL (a same-origin proxy such as `/api/paas/v4`) belongs to the page's origin.
pub fn origin_of(url: &str, page_origin: &str) -> String {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let (scheme, rest) = if let Some(r) = lower.strip_prefix("https://") {
        ("https", r)
    } else if let Some(r) = lower.strip_prefix("http://") {
        ("http", r)
    } else if let Some(r) = lower.strip_prefix("//") {
        (page_origin.split("://").next().unwrap_or("https"), r)
    } else {
        return page_origin.trim_end_matches('/').to_ascii_lowercase();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = match (scheme, host.rsplit_once(':')) {
        ("https", Some((h, "443"))) | ("http", Some((h, "80"))) => h,
        _ => host,
    };
    format!("{scheme}://{host}")
}

/// What "Test key" found, in the words the user gets.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyTest {
    Testing,
    Works,
    /// 401, or a business code 1000–1004.
    Rejected,
    RateLimited,
    Cors,
    Network,
    /// There is no key to test.
    NoKey,
    /// Anything else: the error's own headline.
    Other(ApiError),
}

impl KeyTest {
    /// The verdict on a failed test request.
    pub fn from_error(e: ApiError) -> Self {
        let auth_code = e
            .code
            .as_deref()
            .and_then(|c| c.parse::<u32>().ok())
            .is_some_and(|c| (1000..=1004).contains(&c));
        match e.kind {
            _ if auth_code || e.status == Some(401) => KeyTest::Rejected,
            ErrorKind::RateLimit | ErrorKind::Overloaded | ErrorKind::QuotaReached => KeyTest::RateLimited,
            ErrorKind::Cors => KeyTest::Cors,
            ErrorKind::Network => KeyTest::Network,
            _ => KeyTest::Other(e),
        }
    }

    /// A stable name for `data-result`.
    pub fn as_str(&self) -> &'static str {
        match self {
            KeyTest::Testing => "testing",
            KeyTest::Works => "works",
            KeyTest::Rejected => "rejected",
            KeyTest::RateLimited => "rate_limited",
            KeyTest::Cors => "cors",
            KeyTest::Network => "network",
            KeyTest::NoKey => "no_key",
            KeyTest::Other(_) => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_redacted_and_trimmed() {
        let k = ApiKey::new("  abc.def ").expect("a key");
        assert_eq!(k.bearer(), "Bearer abc.def");
        assert!(!format!("{k:?}").contains("abc"));
        let bound = k
            .clone()
            .with_scheme(Scheme::Jwt)
            .bound_to(Some("https://x.test".into()));
        assert_eq!(format!("{bound:?}"), "ApiKey(***)");
        assert!(ApiKey::new("   ").is_none());
    }

    #[test]
    fn refusals_never_carry_the_key() {
        for code in [CODE_LOCKED, CODE_ORIGIN, CODE_FORMAT] {
            let e = refusal(code);
            let shown = format!("{e} {e:?} {}", serde_json::to_string(&e).unwrap());
            assert!(!shown.contains("abc.def"), "{shown}");
            assert_eq!(e.data_code(), code, "a plain code the error view can match");
        }
    }

    #[test]
    fn origins_are_normalised() {
        let page = "http://127.0.0.1:8787";
        assert_eq!(
            origin_of("https://open.bigmodel.cn/api/paas/v4", page),
            "https://open.bigmodel.cn"
        );
        assert_eq!(
            origin_of("HTTPS://Open.BigModel.cn:443/api", page),
            "https://open.bigmodel.cn"
        );
        assert_eq!(origin_of("http://127.0.0.1:8787/api/paas/v4", page), page);
        assert_eq!(origin_of("http://x.test:80", page), "http://x.test");
        assert_eq!(
            origin_of("https://user:pw@x.test:8443/a?b#c", page),
            "https://x.test:8443"
        );
        assert_eq!(origin_of("/api/paas/v4", page), page, "a same-origin proxy");
        assert_eq!(origin_of("//cdn.test/v4", "https://app.test"), "https://cdn.test");
        // Lookalikes are different origins.
        assert_ne!(
            origin_of("https://open.bigmodel.cn.evil.test/api", page),
            origin_of("https://open.bigmodel.cn/api", page)
        );
    }

    #[test]
    fn a_bound_key_goes_only_to_its_origin() {
        let page = "http://127.0.0.1:8787";
        let k = ApiKey::new("id.secret")
            .unwrap()
            .bound_to(Some("https://open.bigmodel.cn".into()));
        assert!(k.may_go_to("https://open.bigmodel.cn/api/paas/v4/chat/completions", page));
        assert!(!k.may_go_to("https://api.z.ai/api/paas/v4/chat/completions", page));
        assert!(!k.may_go_to("/api/paas/v4/chat/completions", page));
        assert!(
            ApiKey::new("k").unwrap().may_go_to("https://anywhere.test", page),
            "not bound yet"
        );
    }

    #[test]
    fn test_results_in_plain_categories() {
        let http = |status, body: &str| KeyTest::from_error(ApiError::from_http(status, body));
        assert_eq!(
            http(401, r#"{"error":{"code":"1002","message":"bad"}}"#),
            KeyTest::Rejected
        );
        assert_eq!(http(401, ""), KeyTest::Rejected);
        assert_eq!(
            http(400, r#"{"error":{"code":"1003"}}"#),
            KeyTest::Rejected,
            "an expired token"
        );
        assert_eq!(http(429, r#"{"error":{"code":"1302"}}"#), KeyTest::RateLimited);
        assert_eq!(http(429, r#"{"error":{"code":"1305"}}"#), KeyTest::RateLimited);
        assert_eq!(
            KeyTest::from_error(ApiError::network("Failed to fetch")),
            KeyTest::Network
        );
        assert_eq!(
            KeyTest::from_error(ApiError::new(ErrorKind::Cors, None)).as_str(),
            "cors"
        );
        assert!(matches!(http(429, r#"{"error":{"code":"1113"}}"#), KeyTest::Other(_)));
        assert!(matches!(http(500, ""), KeyTest::Other(_)));
    }
}
