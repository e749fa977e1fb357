//! The embedding entry point: `mount(container, options)` for the JS entry (`glm-chat-embed.js`), the handle it
//! returns (`send`, `unmount`), and the events the widget sends its host.

pub mod events;

use std::any::Any;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::browser::storage::Namespace;
use crate::config::{AppConfig, Mode};
use crate::restore;
use crate::split::ChunkError;
use crate::state::AppState;
use crate::views::app::Boot;
use crate::views::launcher::Launcher;
use events::{WidgetEvent, watch_chat};

/// The global flag the JS entry sets before it starts the module, so that `main` leaves the host page alone.
const EMBED_FLAG: &str = "__glmChatEmbed";

/// Whether this module was started by the embedding entry rather than by the app's own page.
pub fn started_by_embed() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(EMBED_FLAG)).is_ok_and(|v| v.is_truthy())
}

/// Joins a mounted widget to its handle: the app's state once it exists, and the host's event callback.
#[derive(Clone, Copy)]
struct WidgetLink {
    state: StoredValue<Option<AppState>>,
    on_event: StoredValue<Option<js_sys::Function>, LocalStorage>,
}

/// Whether the app runs as an embedded widget (mounted by `mount`).
pub fn embedded() -> bool {
    use_context::<WidgetLink>().is_some()
}

/// Called by the app once its state exists. In a widget it starts telling the host page about messages, with the
/// watcher of the `widget` chunk, which the widget fetched before it started ([`prepare`], [`fetch_part`]).
pub fn connect(state: AppState) {
    let Some(link) = use_context::<WidgetLink>() else {
        return;
    };
    link.state.set_value(Some(state));
    if restore::poll_now(tell_host(state, link)).is_none_or(|r| r.is_err()) {
        state.chunk_failed.set(true);
    }
}

// What only a widget runs (the events for its host, the launcher's button and panel) is a chunk: the app's own page
// never fetches it.
crate::split!(
    widget,
    preload_widget,
    fn tell_host(state: AppState, link: WidgetLink) -> () {
        watch_chat(state, move |event| {
            let (name, detail) = match event {
                WidgetEvent::Message(d) => ("message", to_js(&d)),
                WidgetEvent::Error(d) => ("error", to_js(&d)),
            };
            link.on_event.with_value(|f| {
                if let Some(f) = f {
                    // A failing host callback must not break the chat.
                    let _ = f.call2(&JsValue::NULL, &JsValue::from_str(name), &detail);
                }
            });
        });
    }
);

crate::split!(
    widget,
    preload_launcher,
    /// The chat `app` in the launcher's panel, behind its floating button.
    pub fn launcher_view(app: AnyView) -> AnyView {
        view! { <Launcher>{app}</Launcher> }.into_any()
    }
);

/// Fetches the widget's chunk for both of its functions (each loads through a loader of its own: the second finds
/// the file already here).
async fn preload_part() -> Result<(), ChunkError> {
    preload_widget().await?;
    preload_launcher().await?;
    Ok(())
}

/// Whether the widget's chunk is here (always, outside a widget), so that the app can start at once.
pub fn part_ready() -> bool {
    !embedded() || restore::poll_now(preload_part()).is_some_and(|r| r.is_ok())
}

/// Fetches the widget's chunk when `widget` (nothing on the app's own page).
pub async fn fetch_part(widget: bool) -> Result<(), ChunkError> {
    if widget { preload_part().await } else { Ok(()) }
}

fn to_js(value: &impl serde::Serialize) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// The options of `mount`, as the JS entry passes them (attribute names in camelCase).
fn read_options(options: &JsValue) -> (AppConfig, Namespace, Option<js_sys::Function>) {
    let get = |name: &str| -> Option<String> {
        let camel = camel_case(name);
        js_sys::Reflect::get(options, &JsValue::from_str(&camel))
            .ok()
            .and_then(|v| v.as_string())
    };
    let mode = get("mode").and_then(|m| Mode::parse(&m)).unwrap_or(Mode::Inline);
    let config = AppConfig::from_lookup(mode, get);
    let namespace = Namespace::widget(&get("widget-id").unwrap_or_default());
    let on_event = js_sys::Reflect::get(options, &JsValue::from_str("onEvent"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    (config, namespace, on_event)
}

fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A mounted widget, as the host page holds it.
#[wasm_bindgen]
pub struct Widget {
    mounted: Option<Box<dyn Any>>,
    state: Option<StoredValue<Option<AppState>>>,
}

#[wasm_bindgen]
impl Widget {
    /// Sends `text` as the visitor would. `false` when there is nothing to send, a reply is still being
    /// generated, or the widget was unmounted.
    pub fn send(&self, text: String) -> bool {
        let Some(state) = self.state.and_then(|s| s.try_get_value().flatten()) else {
            return false;
        };
        state.chat.send(text, state.target())
    }

    /// Removes the widget: stops a reply in progress and takes its DOM out of the container.
    pub fn unmount(&mut self) {
        self.state = None;
        self.mounted = None;
    }
}

/// Fetches what the widget's first paint needs (its own chunk, the reader of its saved settings when some are saved,
/// the Chinese texts when it will be in Chinese), so that `mount` starts the widget at once. `false` when its chunk or
/// the reader could not be downloaded; `mount` then shows that, with Retry.
#[wasm_bindgen(js_name = prepare)]
pub async fn prepare(options: JsValue) -> bool {
    let (_, namespace, _) = read_options(&options);
    // The widget's own part is fetched beside the reader, not after it.
    wasm_bindgen_futures::spawn_local(async {
        let _ = preload_part().await;
    });
    let restored = restore::prepare(&namespace).await.is_ok();
    restored && preload_part().await.is_ok()
}

/// Mounts the chat into `container` (an element inside the widget's shadow root). `options`: `mode` (`inline` or
/// `launcher`), `endpoint`, `model`, `systemPrompt`, `keyStorage` (`local`, `session` or `none`), `widgetId`
/// (namespaces storage), and `onEvent(name, detail)`, called with `message` and `error`.
#[wasm_bindgen(js_name = mount)]
pub fn mount(container: web_sys::HtmlElement, options: JsValue) -> Widget {
    console_error_panic_hook::set_once();
    let (config, namespace, on_event) = read_options(&options);
    let link_out: std::rc::Rc<std::cell::Cell<Option<WidgetLink>>> = Default::default();
    let link_in = link_out.clone();
    let handle = leptos::mount::mount_to(container, move || {
        let link = WidgetLink {
            state: StoredValue::new(None),
            on_event: StoredValue::new_local(on_event),
        };
        link_in.set(Some(link));
        provide_context(config);
        provide_context(namespace);
        provide_context(link);
        view! { <Boot /> }
    });
    Widget {
        mounted: Some(Box::new(handle)),
        state: link_out.get().map(|l| l.state),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn option_names_become_camel_case() {
        assert_eq!(super::camel_case("system-prompt"), "systemPrompt");
        assert_eq!(super::camel_case("key-storage"), "keyStorage");
        assert_eq!(super::camel_case("model"), "model");
    }
}
