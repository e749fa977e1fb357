//! The request parameters section of the settings: sampling, do_sample, stop word, response format, user and
//! request ids. Each field shows the model's documented default and range; invalid text is refused at the field.

use glm_protocol::models::model_info;
use glm_protocol::params::{FieldError, ParamField};
use leptos::prelude::*;

use crate::i18n::Texts;
use crate::param_form::{FIELDS, max_tokens_limit, store};
use crate::settings::{Settings, format_decimal};
use crate::state::use_state;
use crate::views::bits::{flag, tr};
use crate::views::field::TextField;

#[component]
pub fn ParamsSection() -> impl IntoView {
    let state = use_state();
    let info = Memo::new(move |_| state.settings.with(|s| model_info(&s.model)));
    let has_error = Memo::new(move |_| FIELDS.iter().any(|f| state.params.error(*f).is_some()));
    let open = RwSignal::new(false);
    let default_of = move |v: Option<String>| {
        let t = state.t();
        v.map(|v| t.default_value.replace("{}", &v))
            .unwrap_or_else(|| t.model_default.to_string())
    };
    let fixed = |text: &'static str| Signal::derive(move || text.to_string());
    let text = |get: fn(&Texts) -> &'static str| Signal::derive(move || get(state.t()).to_string());
    view! {
        <details
            class="gc-section"
            data-section="parameters"
            prop:open=move || open.get() || has_error.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
        >
            <summary>{tr(|t| t.section_parameters)}</summary>
            <div class="gc-section-body">
                <div class="gc-sampling">
                    <ParamText
                        field=ParamField::Temperature
                        label=|t| t.temperature
                        number="0.01"
                        placeholder=Signal::derive(move || default_of(info.get().default_temperature.map(format_decimal)))
                        hint=fixed("0 – 1")
                    />
                    <ParamText
                        field=ParamField::TopP
                        label=|t| t.top_p
                        number="0.01"
                        placeholder=Signal::derive(move || default_of(info.get().default_top_p.map(format_decimal)))
                        hint=fixed("0.01 – 1")
                    />
                    <ParamText
                        field=ParamField::MaxTokens
                        label=|t| t.max_tokens
                        number="1"
                        placeholder=Signal::derive(move || default_of(info.get().default_max_tokens.map(|n| n.to_string())))
                        hint=Signal::derive(move || format!("1 – {}", state.settings.with(max_tokens_limit)))
                    />
                </div>
                <Check label=|t| t.do_sample hint=|t| t.do_sample_hint get=|s| s.params.do_sample put=|s, v| s.params.do_sample = v />
                <ParamText field=ParamField::Stop label=|t| t.stop_word number="" placeholder=fixed("") hint=text(|t| t.stop_hint) />
                <label class="gc-field" hidden=flag(move || !info.get().response_format)>
                    <span>{tr(|t| t.response_format)}</span>
                    <select
                        aria-label=tr(|t| t.response_format)
                        aria-describedby="gc-param-format-hint"
                        on:change=move |ev| {
                            let json = event_target_value(&ev) == "json_object";
                            state.edit_settings(|s| s.params.json_output = json);
                        }
                    >
                        <option value="text" prop:selected=flag(move || state.settings.with(|s| !s.params.json_output))>{tr(|t| t.format_text)}</option>
                        <option value="json_object" prop:selected=flag(move || state.settings.with(|s| s.params.json_output))>{tr(|t| t.format_json)}</option>
                    </select>
                    <small id="gc-param-format-hint">{tr(|t| t.format_hint)}</small>
                </label>
                <ParamText field=ParamField::UserId label=|t| t.user_id number="" placeholder=fixed("") hint=text(|t| t.user_id_hint) />
                <Check label=|t| t.request_id_auto hint=|t| t.request_id_hint get=|s| s.params.request_id put=|s, v| s.params.request_id = v />
                <div hidden=flag(move || !state.settings.with(|s| s.params.request_id))>
                    <ParamText
                        field=ParamField::RequestIdPrefix
                        label=|t| t.request_id_prefix
                        number=""
                        placeholder=fixed("")
                        hint=text(|t| t.request_id_prefix_hint)
                    />
                </div>
            </div>
        </details>
    }
}

/// One typed parameter: its text, the model's default as placeholder, its range as hint, and its error.
#[component]
fn ParamText(
    field: ParamField,
    label: fn(&Texts) -> &'static str,
    /// The `step` of a number field; empty for a text field.
    number: &'static str,
    placeholder: Signal<String>,
    hint: Signal<String>,
) -> impl IntoView {
    let state = use_state();
    let form = state.params;
    let error = Signal::derive(move || {
        let e = form.error(field)?;
        Some(state.settings.with(|s| field_message(state.t(), field, e, s)))
    });
    let on_input = Callback::new(move |text: String| {
        if form.input(field, text.clone()) {
            state.edit_settings(|s| store(s, field, &text));
        }
    });
    view! {
        <TextField
            label=label
            value=form.draft(field).into()
            on_input=on_input
            error=error
            hint=hint
            placeholder=placeholder
            number=number
            data=field.id()
        />
    }
}

/// A switch of the parameters, with a line saying what it does.
#[component]
fn Check(
    label: fn(&Texts) -> &'static str,
    hint: fn(&Texts) -> &'static str,
    get: fn(&Settings) -> bool,
    put: fn(&mut Settings, bool),
) -> impl IntoView {
    let state = use_state();
    view! {
        <div class="gc-field">
            <label class="gc-toggle">
                <input
                    type="checkbox"
                    aria-label=tr(label)
                    prop:checked=move || state.settings.with(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        state.edit_settings(|s| put(s, on));
                    }
                />
                <span>{tr(label)}</span>
            </label>
            <small>{tr(hint)}</small>
        </div>
    }
}

/// What is wrong with a field, in words (with the model's `max_tokens` limit).
pub fn field_message(t: &Texts, field: ParamField, error: FieldError, s: &Settings) -> String {
    match field {
        ParamField::Temperature | ParamField::TopP if error == FieldError::TooPrecise => {
            t.invalid_two_places.to_string()
        }
        ParamField::Temperature => t.invalid_temperature.to_string(),
        ParamField::TopP => t.invalid_top_p.to_string(),
        ParamField::MaxTokens => t.invalid_max_tokens_for.replace("{}", &max_tokens_limit(s).to_string()),
        ParamField::Stop => t.invalid_stop.to_string(),
        ParamField::UserId => match error {
            FieldError::TooShort => t.invalid_user_id_short.to_string(),
            _ => t.invalid_user_id_long.to_string(),
        },
        ParamField::RequestIdPrefix => t.invalid_request_id_prefix.to_string(),
    }
}

/// The label of a field by its id (`temperature`, `max_tokens`, …), for the "not sent" error of a reply.
pub fn field_by_id(id: &str) -> Option<ParamField> {
    FIELDS.iter().copied().find(|f| f.id() == id)
}

pub fn field_label(t: &Texts, field: ParamField) -> &'static str {
    match field {
        ParamField::Temperature => t.temperature,
        ParamField::TopP => t.top_p,
        ParamField::MaxTokens => t.max_tokens,
        ParamField::Stop => t.stop_word,
        ParamField::UserId => t.user_id,
        ParamField::RequestIdPrefix => t.request_id_prefix,
    }
}

/// What to do about a request that was not sent: which setting to fix (`field` is a parameter id or `tools`).
pub fn not_sent_advice(t: &Texts, field: Option<&str>) -> String {
    match field.and_then(field_by_id) {
        Some(f) => format!("{}: {}", field_label(t, f), t.not_sent_fix_param),
        None => t.not_sent_fix_tools.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, texts};

    #[test]
    fn too_many_decimal_places_are_named_at_the_field() {
        let s = Settings::default();
        for lang in [Lang::En, Lang::Zh] {
            let t = texts(lang);
            for field in [ParamField::Temperature, ParamField::TopP] {
                assert_eq!(
                    field_message(t, field, FieldError::TooPrecise, &s),
                    t.invalid_two_places
                );
            }
            assert_eq!(
                field_message(t, ParamField::Temperature, FieldError::OutOfRange, &s),
                t.invalid_temperature
            );
        }
        assert!(texts(Lang::En).invalid_two_places.contains("two decimal places"));
    }
}
