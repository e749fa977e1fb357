//! The conversation list: New chat and the conversations of this session, most recent first.

use leptos::prelude::*;

use crate::state::use_state;

#[component]
pub fn Sidebar(open: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    view! {
        <nav
            class="gc-sidebar"
            class:gc-open=move || open.get()
            aria-label=move || state.t().conversations
        >
            <button
                type="button"
                class="gc-new-chat"
                on:click=move |_| {
                    chat.new_chat();
                    open.set(false);
                }
            >
                {move || state.t().new_chat}
            </button>
            <ul class="gc-conversations">
                <For each=move || chat.conversations.get() key=|c| c.id let(conversation)>
                    <li>
                        <button
                            type="button"
                            class="gc-conversation"
                            aria-current=move || (chat.current.get() == conversation.id).then_some("page")
                            on:click=move |_| {
                                chat.select(conversation.id);
                                open.set(false);
                            }
                        >
                            {move || {
                                let title = conversation.title.get();
                                if title.is_empty() { state.t().untitled.to_string() } else { title }
                            }}
                        </button>
                    </li>
                </For>
            </ul>
        </nav>
    }
}
