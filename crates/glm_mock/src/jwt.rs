//! Checks a self-signed token (reference §11) the way the real API is documented to: HS256 over
//! `base64url(header).base64url(payload)` with the key's secret, `api_key` = the key's id, `exp` in milliseconds.

use glm_protocol::base64;
use glm_protocol::jwt::split_key;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

/// What a token turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    /// Signed right but past its `exp` (1003).
    Expired,
    /// Not a token for this key (1002).
    Invalid,
}

/// Verifies `token` against `key` (`id.secret`) at `now_ms`.
pub fn verify(token: &str, key: &str, now_ms: i64) -> Verdict {
    let Some(parts) = split_key(key) else {
        return Verdict::Invalid;
    };
    let mut pieces = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (pieces.next(), pieces.next(), pieces.next(), pieces.next())
    else {
        return Verdict::Invalid;
    };
    let json = |piece: &str| -> Option<Value> { serde_json::from_slice(&base64::decode(piece)?).ok() };
    let (Some(h), Some(p), Some(sig)) = (json(header), json(payload), base64::decode(signature)) else {
        return Verdict::Invalid;
    };
    if h["alg"] != "HS256" || h["sign_type"] != "SIGN" || p["api_key"] != parts.id || !p["timestamp"].is_i64() {
        return Verdict::Invalid;
    }
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(parts.secret.as_bytes()) else {
        return Verdict::Invalid;
    };
    mac.update(format!("{header}.{payload}").as_bytes());
    if mac.verify_slice(&sig).is_err() {
        return Verdict::Invalid;
    }
    match p["exp"].as_i64() {
        Some(exp) if exp > now_ms => Verdict::Valid,
        Some(_) => Verdict::Expired,
        None => Verdict::Invalid,
    }
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The vector of glm_protocol::jwt (computed with Python's hmac): key demo1234.secret5678, issued at 1.7e12 ms.
    const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInNpZ25fdHlwZSI6IlNJR04ifQ.eyJhcGlfa2V5IjoiZGVtbzEyMzQiLCJleHAiOjE3MDAwMDAyMTAwMDAsInRpbWVzdGFtcCI6MTcwMDAwMDAwMDAwMH0.zXhpQPu1omfrbRWRKGN9KSSmXNPWpK7rruVscgaRUTk";

    #[test]
    fn tokens_are_checked_for_signature_id_and_expiry() {
        let key = "demo1234.secret5678";
        assert_eq!(verify(TOKEN, key, 1_700_000_100_000), Verdict::Valid);
        assert_eq!(verify(TOKEN, key, 1_700_000_210_000), Verdict::Expired);
        assert_eq!(verify(TOKEN, "demo1234.other", 1_700_000_100_000), Verdict::Invalid);
        assert_eq!(verify(TOKEN, "other.secret5678", 1_700_000_100_000), Verdict::Invalid);
        assert_eq!(verify(TOKEN, "plainkey", 1_700_000_100_000), Verdict::Invalid);
        let tampered = TOKEN.replace(".eyJhcGlf", ".eyJhcGlg");
        assert_eq!(verify(&tampered, key, 1_700_000_100_000), Verdict::Invalid);
        assert_eq!(verify("a.b", key, 0), Verdict::Invalid);
    }
}
