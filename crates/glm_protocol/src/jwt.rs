//! The self-signed token of reference §11: an API key `id.secret` becomes an HS256 JWT with the header
//! `{"alg":"HS256","sign_type":"SIGN"}` and the payload `{"api_key":id,"exp":ms,"timestamp":ms}` (milliseconds).
//!
//! This module builds everything but the HMAC itself: the browser signs with WebCrypto and the demo server with its
//! own HMAC, so the bundle carries no SHA-256.

use crate::base64::encode_url;

/// The JWT header, byte for byte: the two fields of the documented recipe, in its order.
pub const HEADER: &str = r#"{"alg":"HS256","sign_type":"SIGN"}"#;

/// How long a token lives: the official SDK's 3.5 minutes. A fresh one is signed for every request.
pub const TTL_MS: u64 = 210_000;

/// An API key split at its first `.`: the id goes into the payload, the secret signs.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyParts<'a> {
    pub id: &'a str,
    pub secret: &'a str,
}

impl std::fmt::Debug for KeyParts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyParts(***)")
    }
}

/// `None` unless the key is `id.secret` with both halves non-empty (the only shape a JWT can be made from).
pub fn split_key(key: &str) -> Option<KeyParts<'_>> {
    let (id, secret) = key.trim().split_once('.')?;
    (!id.is_empty() && !secret.is_empty()).then_some(KeyParts { id, secret })
}

/// The payload for a token issued at `now_ms`. The id is JSON-escaped by serde, never pasted raw.
pub fn payload(id: &str, now_ms: u64) -> String {
    let id = serde_json::to_string(id).unwrap_or_else(|_| "\"\"".into());
    format!(r#"{{"api_key":{id},"exp":{},"timestamp":{now_ms}}}"#, now_ms + TTL_MS)
}

/// `base64url(header) "." base64url(payload)`: the bytes the HMAC signs.
pub fn signing_input(id: &str, now_ms: u64) -> String {
    format!(
        "{}.{}",
        encode_url(HEADER.as_bytes()),
        encode_url(payload(id, now_ms).as_bytes())
    )
}

/// The finished token from its signing input and the HMAC-SHA256 of it.
pub fn token(signing_input: &str, signature: &[u8]) -> String {
    format!("{signing_input}.{}", encode_url(signature))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, Mac};
    use sha2::Sha256;

    // Computed independently with Python's hmac/hashlib/base64 (key "demo1234.secret5678", now 1700000000000 ms):
    //   si = b64u(HEADER) + "." + b64u('{"api_key":"demo1234","exp":1700000210000,"timestamp":1700000000000}')
    //   sig = b64u(hmac.new(b"secret5678", si.encode(), hashlib.sha256).digest())
    pub const VECTOR_KEY: &str = "demo1234.secret5678";
    pub const VECTOR_NOW_MS: u64 = 1_700_000_000_000;
    pub const VECTOR_SIGNING_INPUT: &str = "eyJhbGciOiJIUzI1NiIsInNpZ25fdHlwZSI6IlNJR04ifQ.eyJhcGlfa2V5IjoiZGVtbzEyMzQiLCJleHAiOjE3MDAwMDAyMTAwMDAsInRpbWVzdGFtcCI6MTcwMDAwMDAwMDAwMH0";
    pub const VECTOR_SIGNATURE: &str = "zXhpQPu1omfrbRWRKGN9KSSmXNPWpK7rruVscgaRUTk";

    #[test]
    fn signing_input_matches_the_independent_vector() {
        let parts = split_key(VECTOR_KEY).expect("id.secret");
        assert_eq!((parts.id, parts.secret), ("demo1234", "secret5678"));
        assert_eq!(
            payload(parts.id, VECTOR_NOW_MS),
            r#"{"api_key":"demo1234","exp":1700000210000,"timestamp":1700000000000}"#
        );
        assert_eq!(signing_input(parts.id, VECTOR_NOW_MS), VECTOR_SIGNING_INPUT);
    }

    #[test]
    fn the_signed_token_matches_the_vector() {
        let parts = split_key(VECTOR_KEY).unwrap();
        let mut mac = Hmac::<Sha256>::new_from_slice(parts.secret.as_bytes()).unwrap();
        mac.update(VECTOR_SIGNING_INPUT.as_bytes());
        let signature = mac.finalize().into_bytes();
        let jwt = token(VECTOR_SIGNING_INPUT, &signature);
        assert_eq!(jwt, format!("{VECTOR_SIGNING_INPUT}.{VECTOR_SIGNATURE}"));
        assert_eq!(jwt.split('.').count(), 3);
        assert!(!jwt.contains('=') && !jwt.contains('+') && !jwt.contains('/'));
    }

    #[test]
    fn only_id_dot_secret_keys_can_be_signed_and_parts_are_redacted() {
        assert!(split_key("plainkey").is_none());
        assert!(split_key(".secret").is_none());
        assert!(split_key("id.").is_none());
        // A secret may itself contain dots: only the first one splits.
        assert_eq!(split_key(" a.b.c ").map(|p| p.secret), Some("b.c"));
        assert_eq!(format!("{:?}", split_key("id.topsecret").unwrap()), "KeyParts(***)");
        // An id with quotes cannot break out of its JSON string.
        assert!(payload("a\"b", 0).starts_with(r#"{"api_key":"a\"b","#));
    }
}
