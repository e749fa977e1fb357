//! Views that load on first use (see `crate::split`): a part is mounted once it is first wanted, with its code and
//! the stylesheet of such parts, and a part whose code could not be downloaded says so, with Retry.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::split::ChunkError;
use crate::state::use_state;

/// Starts fetching a chunk without waiting for it (a part the user is about to need).
pub fn prefetch<Fut, E>(preload: fn() -> Fut)
where
    Fut: Future<Output = Result<(), E>> + 'static,
{
    leptos::task::spawn_local(async move {
        let _ = preload().await;
    });
}

/// [`prefetch`] in a task of its own. Loading a chunk starts with a fetch of every file it needs, all at once; several
/// chunks asked for together would make one long task, and the keystroke that asked would wait for it to be drawn.
pub fn prefetch_soon<Fut, E>(preload: fn() -> Fut)
where
    Fut: Future<Output = Result<(), E>> + 'static,
{
    set_timeout(move || prefetch(preload), std::time::Duration::ZERO);
}

/// How a deferred part is built: the split function's call, boxed so that every part shares one instance of the
/// rendering below (generic, it was compiled once per part: about 18 KB of the first visit's module).
type Load = std::sync::Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<AnyView, ChunkError>> + Send>> + Send + Sync>;

/// What `load` builds, once `when` has been true (it stays mounted afterwards), or, when its code could not be
/// fetched, a message with Retry.
pub fn deferred<F, Fut>(when: impl Fn() -> bool + Send + Sync + 'static, load: F) -> AnyView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkError>> + Send + 'static,
{
    deferred_dyn(Box::new(when), boxed(load))
}

fn deferred_dyn(when: Box<dyn Fn() -> bool + Send + Sync>, load: Load) -> AnyView {
    let wanted = Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || when());
    (move || wanted.get().then(|| loaded_dyn(load.clone()))).into_any()
}

/// What `load` builds, as soon as its code is here (at once when it is), or, when it could not be fetched, a message
/// with Retry.
pub fn loaded<F, Fut>(load: F) -> AnyView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkError>> + Send + 'static,
{
    loaded_dyn(boxed(load))
}

fn boxed<F, Fut>(load: F) -> Load
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkError>> + Send + 'static,
{
    std::sync::Arc::new(move || Box::pin(load()))
}

fn loaded_dyn(load: Load) -> AnyView {
    let attempt = RwSignal::new(0u32);
    (move || {
        attempt.track();
        let view = load();
        // The part's stylesheet, fetched beside its code (at once when it is here).
        let styles = send_wrapper::SendWrapper::new(crate::browser::page::later_styles());
        Suspend::new(async move {
            let view = view.await;
            styles.await;
            match view {
                Ok(view) => view,
                Err(ChunkError) => chunk_error(attempt),
            }
        })
    })
    .into_any()
}

fn chunk_error(attempt: RwSignal<u32>) -> AnyView {
    let state = use_state();
    view! {
        <div class="gc-banner gc-chunk-error" role="alert" data-part="chunk-error">
            <p>{move || state.t().chunk_failed}</p>
            <button type="button" class="gc-action" on:click=move |_| attempt.update(|n| *n += 1)>
                {move || state.t().retry}
            </button>
        </div>
    }
    .into_any()
}
