//! Views that load on first use (see `crate::split`): a part is mounted once it is first wanted, with its code and
//! the stylesheet of such parts, and a part whose code could not be downloaded says so, with Retry.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

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
        // The part's code and stylesheet, built under this attempt's owner (so what the part creates lives while it
        // is shown and finds the app's context). Both here already: the part is built at once, in this render.
        let view = load();
        let styles = crate::browser::page::later_styles();
        let job = Scoped {
            owner: Owner::current(),
            job: Box::pin(async move {
                let view = view.await;
                styles.await;
                match view {
                    Ok(view) => view,
                    Err(ChunkError) => chunk_error(attempt),
                }
            }),
        };
        let slot = std::sync::Arc::new(std::sync::Mutex::new(None));
        let arrived = RwSignal::new(false);
        let later = {
            let slot = slot.clone();
            move |view| {
                *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(view);
                arrived.try_set(true);
            }
        };
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = crate::restore::now_or_spawn(job, later);
        // Shown by a closure of its own: its re-run when the part arrives leaves the part's owner alone.
        move || {
            arrived.track();
            slot.lock().unwrap_or_else(|e| e.into_inner()).take()
        }
    })
    .into_any()
}

/// A part being built, polled with the owner it is built under. (Leptos' `Suspend` does this and more, at about
/// 11 KB of the first visit's module for what the parts need of it.)
struct Scoped {
    owner: Option<Owner>,
    job: Pin<Box<dyn Future<Output = AnyView>>>,
}

impl Future for Scoped {
    type Output = AnyView;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<AnyView> {
        let this = &mut *self;
        match &this.owner {
            Some(owner) => owner.with(|| this.job.as_mut().poll(cx)),
            None => this.job.as_mut().poll(cx),
        }
    }
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
