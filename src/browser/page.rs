//! Facts about the hosting page and small browser services: locale, configuration meta tags, clipboard, frames.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The default API base URL the hosting page names with `<meta name="glm-chat-default-endpoint" content="…">`
/// (the demo server injects it; a site owner with a proxy can set it too).
pub fn default_endpoint() -> Option<String> {
    let content = meta("default-endpoint")?;
    let content = content.trim();
    (!content.is_empty()).then(|| content.to_string())
}

/// The content of `<meta name="glm-chat-NAME" content="…">` in the hosting page, if there is one.
pub fn meta(name: &str) -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let meta = doc.query_selector(&format!("meta[name='glm-chat-{name}']")).ok()??;
    meta.get_attribute("content")
}

/// The calendar day of a timestamp (ms since the epoch) in the reader's time zone.
pub fn local_day(ms: f64) -> crate::format::Day {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    crate::format::Day {
        year: date.get_full_year() as i32,
        month: date.get_month() + 1,
        day: date.get_date(),
    }
}

pub fn browser_locale() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default()
}

/// Copies text to the clipboard; `false` when the browser refused (no permission, insecure context).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = window.navigator().clipboard();
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// Runs `f` on the next animation frame (or at once if frames are unavailable).
pub fn next_frame(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(f);
}

/// The closest ancestor (or self) of an event target matching `selector`.
pub fn closest(target: Option<web_sys::EventTarget>, selector: &str) -> Option<web_sys::Element> {
    target?.dyn_into::<web_sys::Element>().ok()?.closest(selector).ok()?
}

/// Calls a function whenever an element changes size, until dropped.
pub struct ResizeWatch {
    observer: web_sys::ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl ResizeWatch {
    pub fn new(element: &web_sys::Element, f: impl FnMut() + 'static) -> Option<Self> {
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(f);
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(ResizeWatch {
            observer,
            _callback: callback,
        })
    }

    /// Watches one more element with the same function.
    pub fn also(&self, element: &web_sys::Element) {
        self.observer.observe(element);
    }
}

impl Drop for ResizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
