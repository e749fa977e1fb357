//! The full page's service worker: registers `sw.js` (written at build time with the release's file list), notices
//! a new release waiting to take over, and switches to it only when the visitor agrees, by reloading the page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// How often an open page asks the server whether a new release is out.
const CHECK_EVERY_MS: i32 = 30 * 60 * 1000;

/// A new release, ready once its worker has cached every file of it.
#[derive(Clone, Copy)]
pub struct Update {
    pub ready: RwSignal<bool>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
}

impl Update {
    /// Lets the waiting release take over, then reloads the page on it: the old page never runs with new files.
    pub fn apply(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let waiting = self
            .registration
            .with_value(|r| r.as_ref().and_then(ServiceWorkerRegistration::waiting));
        let (Some(container), Some(waiting)) = (container(), waiting) else {
            // Another tab already switched: the new release is active, a reload picks it up.
            let _ = window.location().reload();
            return;
        };
        let reload = Closure::once_into_js(move || {
            let _ = window.location().reload();
        });
        let _ = container.add_event_listener_with_callback("controllerchange", reload.unchecked_ref());
        let _ = waiting.post_message(&JsValue::from_str("skip-waiting"));
    }
}

/// The page's service worker container, when the browser has one (it needs a secure context). Read through
/// `Reflect::get`, because in a sandboxed frame without `allow-same-origin` the getter itself throws.
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
        .ok()?
        .dyn_into::<ServiceWorkerContainer>()
        .ok()
}

/// How long the page is left to itself before its service worker starts copying the release.
const SETTLE_MS: u64 = 3_000;

/// Registers `sw.js` next to the page (its scope is the page's folder, so a sub-path works). Debug builds have no
/// service worker, so development always sees fresh files. `busy` is true while a reply is being fetched.
pub fn register(busy: RwSignal<bool>) -> Update {
    let update = Update {
        ready: RwSignal::new(false),
        registration: StoredValue::new_local(None),
    };
    if cfg!(debug_assertions) {
        return update;
    }
    // The worker's download of the release (every chunk, for offline use: some 600 KB in 85 files) waits until the
    // page has settled and no reply is on its way: on a first visit it would otherwise compete with the page's own
    // files, with the chunks a first message loads, and with that reply's rendering.
    when_quiet(busy, move || {
        // Its code is a chunk, with the banners it may show: without it this visit has no service worker, the
        // next one tries again.
        spawn_local(async move {
            let _ = start_worker(update).await;
        })
    });
    update
}

crate::split!(
    notices,
    preload_worker,
    fn start_worker(update: Update) -> () {
        start(update)
    }
);

/// Runs `f` at an idle moment at least `SETTLE_MS` after now, once `busy` is false (checked again every `SETTLE_MS`).
fn when_quiet(busy: RwSignal<bool>, f: impl Fn() + 'static) {
    set_timeout(
        move || {
            // Nothing, once the app is gone.
            match busy.try_get_untracked() {
                Some(true) => when_quiet(busy, f),
                Some(false) => request_idle_callback(f),
                None => {}
            }
        },
        std::time::Duration::from_millis(SETTLE_MS),
    );
}

fn start(update: Update) {
    let Some(container) = container() else {
        return;
    };
    let promise = container.register("./sw.js");
    spawn_local(async move {
        let Ok(registration) = JsFuture::from(promise).await else {
            return;
        };
        // Checked, not assumed: a browser (or a test harness) that stubs service workers may resolve with nothing.
        let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() else {
            return;
        };
        update.registration.set_value(Some(registration.clone()));
        watch(&container, &registration, update.ready);
    });
}

/// Marks the update ready when a new worker has installed while an older one controls the page (on a first visit
/// there is nothing to update).
fn watch(container: &ServiceWorkerContainer, registration: &ServiceWorkerRegistration, ready: RwSignal<bool>) {
    let controlled = {
        let container = container.clone();
        move || container.controller().is_some()
    };
    if registration.waiting().is_some() && controlled() {
        ready.set(true);
    }
    let on_found = {
        let registration = registration.clone();
        Closure::<dyn FnMut()>::new(move || {
            let Some(worker) = registration.installing() else {
                return;
            };
            let controlled = controlled.clone();
            let installing: ServiceWorker = worker.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if installing.state() == ServiceWorkerState::Installed && controlled() {
                    ready.set(true);
                }
            });
            worker.set_onstatechange(Some(on_state.into_js_value().unchecked_ref()));
        })
    };
    registration.set_onupdatefound(Some(on_found.into_js_value().unchecked_ref()));
    let check = {
        let registration = registration.clone();
        Closure::<dyn FnMut()>::new(move || {
            let _ = registration.update();
        })
    };
    if let Some(window) = web_sys::window() {
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            check.into_js_value().unchecked_ref(),
            CHECK_EVERY_MS,
        );
    }
}
