//! The model picker: the presets grouped by kind, a text field for any other id, and what the chosen model takes.

use glm_protocol::models::{ModelInfo, ModelKind, PRESETS, model_info};
use glm_protocol::params::max_tokens_limit;
use leptos::prelude::*;

use crate::i18n::Texts;
use crate::state::use_state;
use crate::views::bits::{flag, tr};

#[component]
pub fn ModelPicker() -> impl IntoView {
    let state = use_state();
    let model = Memo::new(move |_| state.settings.with(|s| s.model.trim().to_string()));
    let is_preset = move || model.with(|m| PRESETS.iter().any(|(id, _)| id == m));
    let options = move |kind: ModelKind| {
        PRESETS
            .iter()
            .filter(move |(_, k)| *k == kind)
            .map(move |(id, _)| view! { <option value=*id prop:selected=flag(move || model.with(|m| m == id))>{*id}</option> })
            .collect_view()
    };
    view! {
        <label class="gc-field">
            <span>{tr(|t| t.model_preset)}</span>
            <select
                aria-label=tr(|t| t.model_preset)
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if !id.is_empty() {
                        state.edit_settings(|s| s.model = id.clone());
                    }
                }
            >
                <optgroup label=tr(|t| t.kind_text)>{options(ModelKind::Text)}</optgroup>
                <optgroup label=tr(|t| t.kind_vision)>{options(ModelKind::Vision)}</optgroup>
                <optgroup label=tr(|t| t.kind_voice)>{options(ModelKind::Voice)}</optgroup>
                <option value="" prop:selected=flag(move || !is_preset())>{tr(|t| t.model_other)}</option>
            </select>
        </label>
        <label class="gc-field">
            <span>{tr(|t| t.model)}</span>
            <input
                type="text"
                list="gc-model-presets"
                spellcheck="false"
                aria-label=tr(|t| t.model)
                aria-describedby="gc-model-hint"
                prop:value=move || state.settings.with(|s| s.model.clone())
                on:input=move |ev| {
                    let id = event_target_value(&ev);
                    state.edit_settings(|s| s.model = id.clone());
                }
            />
            <datalist id="gc-model-presets">
                {PRESETS.iter().map(|(id, _)| view! { <option value=*id></option> }).collect_view()}
            </datalist>
            <small id="gc-model-hint" data-part="model-kind">{move || describe(state.t(), &model_info(&model.get()))}</small>
        </label>
    }
}

/// "Text model · thinking, tool_stream, response_format, web_search/retrieval/mcp · max_tokens ≤ 131072".
fn describe(t: &Texts, info: &ModelInfo) -> String {
    let kind = match info.kind {
        ModelKind::Text => t.kind_text_model,
        ModelKind::Vision => t.kind_vision_model,
        ModelKind::Voice => t.kind_voice_model,
    };
    let features: Vec<&str> = [
        (info.thinking, "thinking"),
        (info.tool_stream, "tool_stream"),
        (info.response_format, "response_format"),
        (info.function_tools, "functions"),
        (info.builtin_tools, "web_search/retrieval/mcp"),
    ]
    .into_iter()
    .filter_map(|(on, name)| on.then_some(name))
    .collect();
    format!(
        "{kind} · {} · max_tokens ≤ {}",
        features.join(", "),
        max_tokens_limit(info)
    )
}
