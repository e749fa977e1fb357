//! The settings dialog: key and endpoint, then sections for the model, the prompt and its presets, the request
//! parameters and the tools, then language and theme. Changes apply at once.

use leptos::html::Dialog;
use leptos::prelude::*;

use glm_protocol::models::model_info;

use crate::i18n::Lang;
use crate::settings::{BIGMODEL_BASE, EndpointPreset, Settings, Theme, ZAI_BASE};
use crate::state::use_state;
use crate::views::bits::show;
use crate::views::bits::{flag, tr};
use crate::views::key_section::KeySection;
use crate::views::model_picker::ModelPicker;
use crate::views::params::ParamsSection;
use crate::views::presets::PresetsPanel;
use crate::views::tools_editor::ToolsSection;

#[component]
pub fn SettingsDialog() -> impl IntoView {
    let state = use_state();
    let dialog = NodeRef::<Dialog>::new();
    // The native modal dialog traps focus, closes on Escape and gives focus back to the opener.
    crate::reactive::effect(move || {
        let open = state.settings_open.get();
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                let _ = d.show_modal();
            } else if !open && d.open() {
                d.close();
            }
        }
    });
    let set = move |f: fn(&mut Settings, String), value: String| state.edit_settings(|s| f(s, value.clone()));
    let info = Memo::new(move |_| state.settings.with(|s| model_info(&s.model)));
    let preset = Memo::new(move |_| {
        state
            .settings
            .with(|s| state.demo_base.with_value(|d| EndpointPreset::of(&s.base_url, d)))
    });

    view! {
        <dialog class="gc-dialog" node_ref=dialog aria-labelledby="gc-settings-title" on:close=move |_| state.settings_open.set(false)>
            <div class="gc-dialog-head">
                <h2 id="gc-settings-title">{move || state.t().settings}</h2>
                <button type="button" class="gc-icon-button" aria-label=move || state.t().close on:click=move |_| state.settings_open.set(false)>
                    "✕"
                </button>
            </div>
            <div class="gc-form">
                // A host that holds the key itself (key-storage="none") never asks the visitor for one.
                {show(
                    move || !state.settings.with(|s| s.keyless),
                    move || {
                        view! {
                            <KeySection />
                        }
                        .into_any()
                    },
                )}
                <label class="gc-field">
                    <span>{move || state.t().endpoint_preset}</span>
                    <select on:change=move |ev| {
                        let base = match event_target_value(&ev).as_str() {
                            "bigmodel" => BIGMODEL_BASE.to_string(),
                            "zai" => ZAI_BASE.to_string(),
                            "demo" => state.demo_base.get_value(),
                            _ => return,
                        };
                        state.edit_settings(|s| s.base_url = base.clone());
                    }>
                        <option value="bigmodel" selected=move || preset.get() == EndpointPreset::BigModel>{move || state.t().preset_bigmodel}</option>
                        <option value="zai" selected=move || preset.get() == EndpointPreset::Zai>{move || state.t().preset_zai}</option>
                        <option value="demo" selected=move || preset.get() == EndpointPreset::Demo>{move || state.t().preset_demo}</option>
                        <option value="custom" selected=move || preset.get() == EndpointPreset::Custom>{move || state.t().preset_custom}</option>
                    </select>
                </label>
                <label class="gc-field">
                    <span>{move || state.t().api_base_url}</span>
                    <input
                        type="url"
                        spellcheck="false"
                        aria-label=move || state.t().api_base_url
                        prop:value=move || state.settings.with(|s| s.base_url.clone())
                        on:change=move |ev| set(|s, v| s.base_url = v.trim().to_string(), event_target_value(&ev))
                    />
                </label>
                // Request features (issue 5): what the chosen model accepts decides which controls show.
                <details class="gc-section" data-section="model" open>
                    <summary>{tr(|t| t.section_model)}</summary>
                    <div class="gc-section-body">
                        <ModelPicker />
                        <Toggle label=move || state.t().stream_responses get=|s| s.stream put=|s, v| s.stream = v />
                        <div hidden=flag(move || !info.get().thinking)>
                            <Toggle label=move || state.t().thinking get=|s| s.thinking put=|s, v| s.thinking = v />
                        </div>
                        <div hidden=flag(move || !info.get().builtin_tools)>
                            <Toggle label=move || state.t().web_search get=|s| s.web_search put=|s, v| s.web_search = v />
                        </div>
                    </div>
                </details>
                <details class="gc-section" data-section="prompt" open>
                    <summary>{tr(|t| t.section_prompt)}</summary>
                    <div class="gc-section-body">
                        <label class="gc-field">
                            <span>{move || state.t().system_prompt}</span>
                            <textarea
                                rows="3"
                                aria-label=move || state.t().system_prompt
                                placeholder=move || state.t().system_prompt_placeholder
                                prop:value=move || state.settings.with(|s| s.system_prompt.clone())
                                on:input=move |ev| set(|s, v| s.system_prompt = v, event_target_value(&ev))
                            ></textarea>
                        </label>
                        <PresetsPanel />
                    </div>
                </details>
                <ParamsSection />
                <ToolsSection />
                <label class="gc-field">
                    <span>{move || state.t().language}</span>
                    <select aria-label=move || state.t().language on:change=move |ev| {
                        let lang = match event_target_value(&ev).as_str() {
                            "en" => Some(Lang::En),
                            "zh" => Some(Lang::Zh),
                            _ => None,
                        };
                        state.edit_settings(|s| s.language = lang);
                    }>
                        <option value="auto" selected=move || state.settings.with(|s| s.language.is_none())>{move || state.t().language_auto}</option>
                        <option value="en" selected=move || state.settings.with(|s| s.language == Some(Lang::En))>"English"</option>
                        <option value="zh" selected=move || state.settings.with(|s| s.language == Some(Lang::Zh))>"中文"</option>
                    </select>
                </label>
                <label class="gc-field">
                    <span>{move || state.t().theme}</span>
                    <select aria-label=move || state.t().theme on:change=move |ev| {
                        let theme = match event_target_value(&ev).as_str() {
                            "light" => Theme::Light,
                            "dark" => Theme::Dark,
                            _ => Theme::System,
                        };
                        state.edit_settings(|s| s.theme = theme);
                    }>
                        <option value="system" selected=move || state.settings.with(|s| s.theme == Theme::System)>{move || state.t().theme_system}</option>
                        <option value="light" selected=move || state.settings.with(|s| s.theme == Theme::Light)>{move || state.t().theme_light}</option>
                        <option value="dark" selected=move || state.settings.with(|s| s.theme == Theme::Dark)>{move || state.t().theme_dark}</option>
                    </select>
                </label>
                <p class="gc-hint">{move || state.t().saved_automatically}</p>
            </div>
        </dialog>
    }
}

#[component]
fn Toggle(
    label: impl Fn() -> &'static str + Copy + Send + Sync + 'static,
    get: fn(&Settings) -> bool,
    put: fn(&mut Settings, bool),
) -> impl IntoView {
    let state = use_state();
    view! {
        <label class="gc-toggle">
            <input
                type="checkbox"
                aria-label=label
                prop:checked=move || state.settings.with(get)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    state.edit_settings(|s| put(s, on));
                }
            />
            <span>{label}</span>
        </label>
    }
}

crate::split!(
    settings,
    preload_settings,
    pub fn settings_dialog_view() -> AnyView {
        view! { <SettingsDialog /> }.into_any()
    }
);
