//! WebCrypto in headless Chromium: the JWT signature equals the independently computed vector, and a key sealed
//! with a passphrase opens with it and only with it.
#![cfg(target_arch = "wasm32")]

use glm_chat::browser::crypto::{self, CryptoError};
use glm_protocol::jwt;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// The vector of glm_protocol::jwt, computed with Python's hmac/hashlib (key demo1234.secret5678 at 1.7e12 ms).
const SIGNING_INPUT: &str = "eyJhbGciOiJIUzI1NiIsInNpZ25fdHlwZSI6IlNJR04ifQ.eyJhcGlfa2V5IjoiZGVtbzEyMzQiLCJleHAiOjE3MDAwMDAyMTAwMDAsInRpbWVzdGFtcCI6MTcwMDAwMDAwMDAwMH0";
const SIGNATURE: &str = "zXhpQPu1omfrbRWRKGN9KSSmXNPWpK7rruVscgaRUTk";

#[wasm_bindgen_test]
async fn webcrypto_hmac_signs_the_jwt_vector() {
    let parts = jwt::split_key("demo1234.secret5678").expect("id.secret");
    let input = jwt::signing_input(parts.id, 1_700_000_000_000);
    assert_eq!(input, SIGNING_INPUT);
    let signature = crypto::hmac_sha256(parts.secret.as_bytes(), input.as_bytes())
        .await
        .expect("WebCrypto HMAC");
    assert_eq!(jwt::token(&input, &signature), format!("{SIGNING_INPUT}.{SIGNATURE}"));
}

#[wasm_bindgen_test]
async fn a_sealed_key_opens_only_with_its_passphrase() {
    let salt = crypto::random_bytes(16).expect("random");
    let iv = crypto::random_bytes(12).expect("random");
    assert_ne!(salt, vec![0; 16]);
    let right = crypto::derive_key("correct horse", &salt, 310_000)
        .await
        .expect("derive");
    let sealed = crypto::encrypt(&right, &iv, b"demo-key").await.expect("encrypt");
    assert!(
        !sealed.windows(8).any(|w| w == b"demo-key"),
        "the ciphertext does not hold the key"
    );
    assert_eq!(
        crypto::decrypt(&right, &iv, &sealed).await.as_deref(),
        Ok(&b"demo-key"[..])
    );
    let wrong = crypto::derive_key("wrong horse", &salt, 310_000).await.expect("derive");
    assert_eq!(crypto::decrypt(&wrong, &iv, &sealed).await, Err(CryptoError::Rejected));
}
