//! The API key as a type that cannot leak through `Debug` or `Display` into logs, errors or exports.

use std::fmt;

#[derive(Clone, PartialEq, Eq, Default)]
pub struct ApiKey(String);

impl ApiKey {
    /// `None` for an empty or whitespace-only key.
    pub fn new(raw: &str) -> Option<Self> {
        let k = raw.trim();
        (!k.is_empty()).then(|| ApiKey(k.to_string()))
    }

    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
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
        assert!(ApiKey::new("   ").is_none());
    }
}
