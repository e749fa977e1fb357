//! The "new version" prompt of the full page: shown once a new release is cached and waiting; Reload switches.

use leptos::prelude::*;

use crate::browser::sw::Update;
use crate::state::use_state;
use crate::views::bits::show;

#[component]
pub fn UpdatePrompt(update: Update) -> impl IntoView {
    let state = use_state();
    view! {
        {show(
            move || update.ready.get(),
            move || {
                view! {
                    <div class="gc-banner gc-update" role="status" data-part="update">
                        <span>{move || state.t().new_version}</span>
                        <button type="button" class="gc-action" on:click=move |_| update.apply()>
                            {move || state.t().reload}
                        </button>
                    </div>
                }
                .into_any()
            },
        )}
    }
}
