//! The chat-completions call over `fetch`: POST with the key in the Authorization header, then read the body.

use glm_protocol::error::ApiError;
use gloo_net::http::{Request, Response};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader};

use crate::key::ApiKey;

/// POSTs `body` to `url`. The key goes only into the Authorization header, never into the URL or an error; the key
/// itself refuses an origin the user did not confirm (and signs a JWT when asked to).
pub async fn post_json(
    url: &str,
    key: Option<&ApiKey>,
    body: String,
    signal: &AbortSignal,
) -> Result<Response, ApiError> {
    let mut builder = Request::post(url)
        .header("Content-Type", "application/json")
        .abort_signal(Some(signal));
    if let Some(key) = key {
        builder = builder.header("Authorization", &key.authorization(url).await?);
    }
    let request = builder
        .body(body)
        .map_err(|_| crate::chat::client_error(crate::chat::CODE_NO_FETCH))?;
    request.send().await.map_err(|e| network_error(&e))
}

/// Whether the server behind `url` answers at all. To the page, a request the browser blocked for CORS and a server
/// that cannot be reached fail the same way; an opaque `no-cors` GET succeeds only when the server is reachable,
/// so it tells the two apart. It carries no key, no body and no credentials.
pub async fn reachable(url: &str) -> bool {
    Request::get(url)
        .mode(web_sys::RequestMode::NoCors)
        .credentials(web_sys::RequestCredentials::Omit)
        .send()
        .await
        .is_ok()
}

fn network_error(e: &gloo_net::Error) -> ApiError {
    // A rejected fetch says little on purpose (CORS and offline look alike); keep the browser's words.
    let detail = match e {
        gloo_net::Error::JsError(js) => js.message.clone(),
        other => other.to_string(),
    };
    ApiError::network(detail)
}

/// Reads a response body chunk by chunk.
pub struct BodyReader {
    reader: ReadableStreamDefaultReader,
}

impl BodyReader {
    pub fn new(response: &Response) -> Option<Self> {
        let stream = response.body()?;
        let reader = stream.get_reader().dyn_into::<ReadableStreamDefaultReader>().ok()?;
        Some(BodyReader { reader })
    }

    /// The next chunk, `Ok(None)` at the end, `Err` when the connection broke or the request was aborted.
    pub async fn next(&self) -> Result<Option<Vec<u8>>, JsValue> {
        let result = JsFuture::from(self.reader.read()).await?;
        let done = Reflect::get(&result, &JsValue::from_str("done"))?
            .as_bool()
            .unwrap_or(true);
        if done {
            return Ok(None);
        }
        let value = Reflect::get(&result, &JsValue::from_str("value"))?;
        Ok(Some(
            value.dyn_into::<Uint8Array>().map(|a| a.to_vec()).unwrap_or_default(),
        ))
    }

    pub fn cancel(&self) {
        let _ = self.reader.cancel();
    }
}
