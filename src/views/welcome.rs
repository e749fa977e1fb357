//! What an empty chat shows: the conversations loading, a short guided setup when there is no key yet, or a welcome
//! with example prompts.

use leptos::html::Section;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::page;
use crate::config::AppConfig;
use crate::settings::{BIGMODEL_BASE, EndpointPreset, ZAI_BASE};
use crate::state::use_state;

/// Where each service hands out API keys.
const BIGMODEL_KEYS: &str = "https://bigmodel.cn/usercenter/proj-mgmt/apikeys";
const ZAI_KEYS: &str = "https://z.ai/manage-apikey/apikey-list";

#[component]
pub fn Welcome() -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    // Said only when loading takes a moment: a fast start should not flash it.
    let slow = RwSignal::new(false);
    set_timeout(
        move || {
            slow.try_set(true);
        },
        std::time::Duration::from_millis(300),
    );
    // Once the reader types in the setup it stays until they finish it: the key they paste would end it at once.
    let in_setup = RwSignal::new(false);
    // Which view: a memo, so that typing the key (which changes what it depends on) does not rebuild the setup.
    let shown = Memo::new(move |_| {
        let needs_key = state.key.with(|k| k.trim().is_empty()) && state.settings.with(|s| s.endpoint_needs_key());
        // (Also while a conversation's rows wait for their code: it is about to show.)
        if !chat.persist.loaded.get() || chat.rows_fetching.get() {
            Shown::Loading
        } else if needs_key || in_setup.get() {
            Shown::Setup
        } else {
            Shown::Examples
        }
    });
    move || match shown.get() {
        Shown::Loading => slow
            .get()
            .then(
                || view! { <p class="gc-empty gc-loading" role="status">{move || state.t().loading_conversations}</p> },
            )
            .into_any(),
        Shown::Setup => view! { <Setup in_setup=in_setup /> }.into_any(),
        Shown::Examples => view! { <Examples /> }.into_any(),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Shown {
    Loading,
    Setup,
    Examples,
}

/// Three steps: choose BigModel or Z.ai, paste the key (with a link to where to get one), start chatting. Built
/// again when the language changes (its text is plain, not a reactive node per label: much less code).
#[component]
fn Setup(in_setup: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let section = NodeRef::<Section>::new();
    // A host that fixed the endpoint leaves only the key to give.
    let choose_service = AppConfig::current().endpoint.is_none();
    let demo = page::default_endpoint();
    let preset = Memo::new(move |_| {
        state
            .settings
            .with(|s| state.demo_base.with_value(|d| EndpointPreset::of(&s.base_url, d)))
    });
    let zai = move || preset.get() == EndpointPreset::Zai;
    let has_key = move || state.key.with(|k| !k.trim().is_empty());
    move || {
        let t = state.t();
        let service = move |which: EndpointPreset, base: &'static str, name: &'static str, hint: &'static str| {
            view! {
                <label class="gc-choice">
                    <input
                        type="radio"
                        name="gc-setup-service"
                        prop:checked=move || preset.get() == which
                        on:change=move |_| state.edit_settings(|s| s.base_url = base.to_string())
                    />
                    <span>
                        <strong>{name}</strong>
                        <small>{hint}</small>
                    </span>
                </label>
            }
        };
        let demo = demo.clone();
        view! {
            <section class="gc-setup" node_ref=section aria-labelledby="gc-setup-title" data-part="setup">
                <h2 id="gc-setup-title">{t.setup_title}</h2>
                <p class="gc-hint">{t.setup_intro}</p>
                <ol class="gc-setup-steps">
                    {choose_service.then(|| view! {
                        <li>
                            <fieldset>
                                <legend>{t.setup_step_service}</legend>
                                {service(EndpointPreset::BigModel, BIGMODEL_BASE, "BigModel · open.bigmodel.cn", t.setup_bigmodel_hint)}
                                {service(EndpointPreset::Zai, ZAI_BASE, "Z.ai · api.z.ai", t.setup_zai_hint)}
                            </fieldset>
                        </li>
                    })}
                    <li>
                        <label class="gc-field">
                            <span>{t.setup_step_key}</span>
                            <input
                                type="password"
                                class="gc-setup-key"
                                autocomplete="off"
                                spellcheck="false"
                                aria-describedby="gc-setup-key-help"
                                prop:value=move || state.key.get()
                                on:input=move |ev| {
                                    in_setup.set(true);
                                    state.keyring.set_key(state, event_target_value(&ev).trim().to_string());
                                }
                            />
                        </label>
                        <p class="gc-hint" id="gc-setup-key-help">
                            <a href=move || if zai() { ZAI_KEYS } else { BIGMODEL_KEYS } target="_blank" rel="noopener noreferrer">
                                {move || t.setup_get_key.replace("{site}", if zai() { "z.ai" } else { "bigmodel.cn" })}
                                <span class="gc-visually-hidden">" " {t.opens_in_new_tab}</span>
                            </a>
                            " "
                            <span role="status">{move || if has_key() { t.setup_key_saved } else { "" }}</span>
                        </p>
                    </li>
                    <li>
                        <span class="gc-setup-step">{t.setup_step_start}</span>
                        <button
                            type="button"
                            class="gc-send gc-setup-start"
                            disabled=move || !has_key()
                            on:click=move |_| {
                                in_setup.set(false);
                                focus_composer(section);
                            }
                        >
                            {t.setup_start}
                        </button>
                    </li>
                </ol>
                // Only when the page came with a demo server (the bundled one injects its address).
                {demo.map(|demo| view! {
                    <button
                        type="button"
                        class="gc-link-button"
                        on:click=move |_| {
                            in_setup.set(false);
                            state.edit_settings(|s| s.base_url = demo.clone());
                        }
                    >
                        {t.setup_demo}
                    </button>
                })}
            </section>
        }
    }
}

/// The welcome of an empty chat, with a few prompts to start from (each sends itself).
#[component]
fn Examples() -> impl IntoView {
    let state = use_state();
    let chat = state.chat;
    let hint = move || {
        let t = state.t();
        if state.on_demo() {
            t.empty_demo
        } else if state.settings.with(|s| s.keyless) {
            t.empty_keyless
        } else {
            t.empty_with_key
        }
    };
    let examples = move || {
        let t = state.t();
        if state.on_demo() { t.examples_demo } else { t.examples }
    };
    view! {
        <div class="gc-empty">
            <h2>{move || state.t().empty_title}</h2>
            <p>{hint}</p>
            <h3 class="gc-examples-title">{move || state.t().examples_title}</h3>
            <ul
                class="gc-examples"
                on:pointerover=move |_| crate::views::composer::prepare_to_send()
                on:focusin=move |_| crate::views::composer::prepare_to_send()
            >
                {move || {
                    examples()
                        .into_iter()
                        .map(|text| {
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="gc-example"
                                        on:click=move |_| {
                                            chat.send(text.to_string(), state.target());
                                        }
                                    >
                                        {text}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// Moves focus to the message box of the app `inside` belongs to.
fn focus_composer(inside: NodeRef<Section>) {
    let input = inside
        .get_untracked()
        .and_then(|s| s.closest(".gc-app").ok().flatten())
        .and_then(|app| app.query_selector(".gc-composer .gc-input").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(input) = input {
        let _ = input.focus();
    }
}
