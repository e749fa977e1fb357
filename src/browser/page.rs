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

/// The stylesheet of the parts loaded on first use: being fetched (its `<link>`, and a promise settled when it has
/// loaded or failed), or here (or not needed).
enum LaterStyles {
    Loading(web_sys::Element, js_sys::Promise),
    Here,
}

thread_local! {
    static LATER_STYLES: std::cell::RefCell<Option<LaterStyles>> = const { std::cell::RefCell::new(None) };
}

/// Done once the stylesheet of the parts loaded on first use is here: the one `<meta name="glm-chat-later-css">`
/// names (scripts/css_bundle.py), linked by the first call. A page without that meta (an embedded widget, which
/// brings all its styles) has nothing to wait for, and neither has any call once it has loaded: the future is then
/// ready at once. A failed fetch is asked for once more at once (it may be a prefetch's from when the page was
/// offline); if that fails too, the future ends all the same (the part shows unstyled rather than not at all) and the
/// next call asks again.
pub fn later_styles() -> impl std::future::Future<Output = ()> {
    let mut pending = start_later_styles();
    async move {
        for again in [true, false] {
            let Some((link, done)) = pending.take() else {
                return;
            };
            // Settled with the link's `load` or `error` event (a failed link still has an empty `sheet`).
            let here = JsFuture::from(done)
                .await
                .and_then(|event| js_sys::Reflect::get(&event, &"type".into()))
                .is_ok_and(|kind| kind.as_string().as_deref() == Some("load"));
            LATER_STYLES.with(|cell| {
                let mut state = cell.borrow_mut();
                if matches!(&*state, Some(LaterStyles::Loading(current, _)) if *current == link) {
                    if !here {
                        link.remove();
                    }
                    *state = here.then_some(LaterStyles::Here);
                }
            });
            if here || !again {
                return;
            }
            pending = start_later_styles();
        }
    }
}

/// Starts fetching the stylesheet of [`later_styles`]: a part is about to be wanted.
pub fn prefetch_later_styles() {
    start_later_styles();
}

/// The stylesheet of [`later_styles`] linked if it is not yet: its `<link>` and promise while it is being fetched.
fn start_later_styles() -> Option<(web_sys::Element, js_sys::Promise)> {
    LATER_STYLES.with(|cell| {
        let mut state = cell.borrow_mut();
        match &*state {
            Some(LaterStyles::Here) => None,
            Some(LaterStyles::Loading(link, done)) => Some((link.clone(), done.clone())),
            None => {
                let started = link_later_styles();
                *state = Some(match &started {
                    Some((link, done)) => LaterStyles::Loading(link.clone(), done.clone()),
                    None => LaterStyles::Here,
                });
                started
            }
        }
    })
}

fn link_later_styles() -> Option<(web_sys::Element, js_sys::Promise)> {
    let href = meta("later-css")?;
    let doc = web_sys::window()?.document()?;
    let link = doc.create_element("link").ok()?;
    link.set_attribute("rel", "stylesheet").ok()?;
    link.set_attribute("href", &href).ok()?;
    let target = link.clone();
    let done = js_sys::Promise::new(&mut |settle, _| {
        let _ = js_sys::Reflect::set(&target, &"onload".into(), &settle);
        let _ = js_sys::Reflect::set(&target, &"onerror".into(), &settle);
    });
    doc.query_selector("head").ok()??.append_child(&link).ok()?;
    Some((link, done))
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

/// Whether the browser understands a CSS declaration (`CSS.supports`); false where it cannot be asked.
pub fn supports_css(property: &str, value: &str) -> bool {
    web_sys::css::supports_with_value(property, value).unwrap_or(false)
}

/// Makes a text box as tall as its text (up to its CSS `max-height`) where `field-sizing: content` does not (Firefox,
/// older Safari): the same growth, done by hand. Chromium grows the box itself and this does nothing.
pub fn fit_to_text(el: &web_sys::HtmlTextAreaElement) {
    if supports_css("field-sizing", "content") {
        return;
    }
    let style = el.style();
    let _ = style.set_property("height", "auto");
    let border = el.offset_height() - el.client_height();
    let _ = style.set_property("height", &format!("{}px", el.scroll_height() + border.max(0)));
}

/// Keeps `--gc-viewport-height` on `el` equal to the visual viewport's height: when a phone's on-screen keyboard
/// covers part of the page without resizing it (Safari), the app shrinks to what is visible, so the message box
/// stays above the keyboard. Browsers that resize the page for the keyboard (`interactive-widget=resizes-content`
/// in index.html) give the same height either way. For the full page only, which lives as long as the tab.
pub fn follow_visual_viewport(el: web_sys::HtmlElement) {
    use wasm_bindgen::prelude::*;
    let Some(viewport) = web_sys::window().and_then(|w| w.visual_viewport()) else {
        return;
    };
    let update = {
        let viewport = viewport.clone();
        move || {
            let _ = el
                .style()
                // Whole pixels: formatting an f64 would bring the float printer into the bundle (~5 KB gzip).
                .set_property(
                    "--gc-viewport-height",
                    &format!("{}px", viewport.height().round() as i32),
                );
        }
    };
    // No first reading: at start the visual viewport is the layout viewport, which the CSS fallback (100dvh) already
    // gives, and reading its height while the app is still mounting would force a layout of the half-built page.
    let listener = Closure::<dyn Fn()>::new(update);
    let _ = viewport.add_event_listener_with_callback("resize", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// A moment (ms since the epoch) as the reader's browser writes a date and time in `lang`, in their time zone:
/// "Dec 4, 2026, 3:20 PM" / "2026年12月4日 15:20".
pub fn local_date_time(ms: f64, lang: crate::i18n::Lang) -> String {
    use wasm_bindgen::JsValue;
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("dateStyle"), &JsValue::from_str("medium"));
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("timeStyle"), &JsValue::from_str("short"));
    let locale = if lang == crate::i18n::Lang::Zh { "zh-CN" } else { "en" };
    js_sys::Date::new(&JsValue::from_f64(ms))
        .to_locale_string(locale, &options)
        .as_string()
        .unwrap_or_default()
}

/// One character in lower case, by the browser's `toLowerCase` (for `glm_history::search_with`: the standard
/// library's case tables would add about 6 KB gzip to a first visit). Scripts without case (CJK, kana, Hangul, Yi)
/// need no call; other answers are remembered, so searching a long history calls the browser once per character.
pub fn lower_case(c: char, out: &mut Vec<char>) {
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<char, char>> = Default::default();
    }
    if matches!(c as u32, 0x2E80..=0xA4FF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF) {
        return out.push(c);
    }
    if let Some(l) = SEEN.with_borrow(|seen| seen.get(&c).copied()) {
        return out.push(l);
    }
    let lower = String::from(js_sys::JsString::from(c.encode_utf8(&mut [0; 4]) as &str).to_lower_case());
    let mut chars = lower.chars();
    match (chars.next(), chars.next()) {
        (Some(l), None) => {
            SEEN.with_borrow_mut(|seen| seen.insert(c, l));
            out.push(l);
        }
        _ => out.extend(lower.chars()),
    }
}
