//! WebCrypto for the key: random bytes, PBKDF2 → AES-GCM to keep it encrypted at rest, and HMAC-SHA256 to sign a
//! JWT. Everything is async (SubtleCrypto returns promises) and fails with a typed error, never a panic.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// No WebCrypto (an insecure context, or a very old browser).
    #[error("this browser offers no WebCrypto here")]
    Unavailable,
    /// A decryption that did not authenticate: the wrong passphrase, or a damaged blob.
    #[error("the data could not be decrypted")]
    Rejected,
}

fn crypto() -> Result<web_sys::Crypto, CryptoError> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(CryptoError::Unavailable)
}

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    Ok(crypto()?.subtle())
}

/// `n` bytes from the browser's CSPRNG.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, CryptoError> {
    let mut bytes = vec![0u8; n];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| CryptoError::Unavailable)?;
    Ok(bytes)
}

/// A plain JS object from name/value pairs (WebCrypto's algorithm dictionaries).
fn object(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn usages(list: &[&str]) -> JsValue {
    list.iter().map(|u| JsValue::from_str(u)).collect::<Array>().into()
}

fn bytes_value(bytes: &[u8]) -> JsValue {
    Uint8Array::from(bytes).into()
}

async fn run(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, CryptoError> {
    JsFuture::from(promise.map_err(|_| CryptoError::Unavailable)?)
        .await
        .map_err(|_| CryptoError::Rejected)
}

async fn run_bytes(promise: Result<js_sys::Promise, JsValue>) -> Result<Vec<u8>, CryptoError> {
    Ok(Uint8Array::new(&run(promise).await?).to_vec())
}

/// An AES-GCM-256 key from a passphrase: PBKDF2 with SHA-256, `iterations` rounds and `salt`. Not extractable: it
/// can encrypt and decrypt, but its bytes never leave WebCrypto.
pub async fn derive_key(passphrase: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, CryptoError> {
    let subtle = subtle()?;
    let raw: Object = Uint8Array::from(passphrase.as_bytes()).into();
    let base = run(subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages(&["deriveKey"])))
        .await?
        .unchecked_into::<CryptoKey>();
    let algorithm = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", bytes_value(salt)),
        ("iterations", iterations.into()),
    ]);
    let target = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    Ok(run(subtle.derive_key_with_object_and_object(
        &algorithm,
        &base,
        &target,
        false,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await?
    .unchecked_into())
}

fn gcm(iv: &[u8]) -> Object {
    object(&[("name", "AES-GCM".into()), ("iv", bytes_value(iv))])
}

/// AES-GCM ciphertext (with its tag) of `plain` under `key` and a fresh 12-byte `iv`.
pub async fn encrypt(key: &CryptoKey, iv: &[u8], plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
    run_bytes(subtle()?.encrypt_with_object_and_u8_array(&gcm(iv), key, plain)).await
}

/// The plaintext, or `Rejected` when the tag does not verify (wrong passphrase, damaged data).
pub async fn decrypt(key: &CryptoKey, iv: &[u8], sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
    run_bytes(subtle()?.decrypt_with_object_and_u8_array(&gcm(iv), key, sealed)).await
}

/// HMAC-SHA256 of `data` under `secret` (the JWT signature).
pub async fn hmac_sha256(secret: &[u8], data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let subtle = subtle()?;
    let raw: Object = Uint8Array::from(secret).into();
    let algorithm = object(&[("name", "HMAC".into()), ("hash", "SHA-256".into())]);
    let key = run(subtle.import_key_with_object("raw", &raw, &algorithm, false, &usages(&["sign"])))
        .await?
        .unchecked_into::<CryptoKey>();
    run_bytes(subtle.sign_with_str_and_u8_array("HMAC", &key, data)).await
}
