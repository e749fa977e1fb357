//! The "new version" prompt of the full page: shown once a new release is cached and waiting; Reload switches.

use leptos::prelude::*;

use crate::browser::sw::Update;
use crate::state::use_state;

#[component]
pub fn UpdatePrompt(update: Update) -> impl IntoView {
    let state = use_state();
    view! {
        <Show when=move || update.ready.get()>
            <div class="gc-banner gc-update" role="status" data-part="update">
                <span>{move || state.t().new_version}</span>
                <button type="button" class="gc-action" on:click=move |_| update.apply()>
                    {move || state.t().reload}
                </button>
            </div>
        </Show>
    }
}
