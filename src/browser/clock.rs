//! Time and chance for requests: the clock, an awaitable timer, a random number for jitter, and request ids.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A number in [0, 1).
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// Resolves after `ms` milliseconds (at once when there is no window to time it).
pub async fn sleep(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        let timed = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                resolve.unchecked_ref(),
                ms.min(i32::MAX as u64) as i32,
            )
            .ok()
        });
        if timed.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// A fresh `request_id`: the prefix and a version-4 UUID from WebCrypto (or from `Math.random` where WebCrypto is
/// unavailable; the id only has to be unique, not secret).
pub fn request_id(prefix: &str) -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        bytes.iter_mut().for_each(|b| *b = (random() * 256.0) as u8);
    }
    format!("{prefix}{}", glm_protocol::params::uuid_v4(bytes))
}
