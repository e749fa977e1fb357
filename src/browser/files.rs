//! Files in and out: downloading an export, reading an imported file, and fresh ids.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers `text` as a download named `name`. `false` when the browser refused.
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    fn go(name: &str, mime: &str, text: &str) -> Option<()> {
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let doc = web_sys::window()?.document()?;
        let a: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(name);
        a.set_hidden(true);
        doc.body()?.append_child(&a).ok()?;
        a.click();
        a.remove();
        // The download has started from the click; the object URL can go once the event loop turns.
        leptos::prelude::set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(10),
        );
        Some(())
    }
    go(name, mime, text).is_some()
}

/// The text of the first file chosen in a file input.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Option<(String, String)> {
    let file = input.files()?.get(0)?;
    let text = JsFuture::from(file.text()).await.ok()?.as_string()?;
    Some((file.name(), text))
}

/// A random id for a new conversation (unique across tabs and devices, so imports can merge by id).
pub fn random_id() -> String {
    let from_crypto = web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.random_uuid());
    from_crypto.unwrap_or_else(|| {
        // Without WebCrypto (an insecure context): time plus Math.random, still unique in practice.
        format!(
            "c{:x}-{:x}",
            js_sys::Date::now() as u64,
            (js_sys::Math::random() * 1e15) as u64
        )
    })
}
