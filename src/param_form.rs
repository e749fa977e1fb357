//! The parameter fields as typed: a value that does not validate is kept as text, shown with its error at the
//! field, and blocks sending until it is fixed (the last valid value is what the settings keep meanwhile).

use glm_protocol::models::{ModelInfo, model_info};
use glm_protocol::params::{
    self, FieldError, ParamField, ParamProblem, format_stop, parse_max_tokens, parse_request_id_prefix, parse_stop,
    parse_temperature, parse_top_p, parse_user_id,
};
use leptos::prelude::*;

use crate::settings::{Settings, format_decimal};

pub const FIELDS: [ParamField; 6] = [
    ParamField::Temperature,
    ParamField::TopP,
    ParamField::MaxTokens,
    ParamField::Stop,
    ParamField::UserId,
    ParamField::RequestIdPrefix,
];

#[derive(Clone, Copy)]
pub struct ParamForm {
    drafts: [RwSignal<String>; 6],
    settings: RwSignal<Settings>,
}

fn index(field: ParamField) -> usize {
    FIELDS.iter().position(|f| *f == field).unwrap_or(0)
}

impl ParamForm {
    /// The form follows `current`: opening another conversation shows that conversation's values. Text that does
    /// not validate stays (with its error, blocking sends) until the user fixes it: it is what they typed, and
    /// the first send of a new chat, which gives it an id, must not make it disappear.
    pub fn new(settings: RwSignal<Settings>, current: RwSignal<Option<glm_history::ConversationId>>) -> Self {
        let form = ParamForm {
            drafts: std::array::from_fn(|_| RwSignal::new(String::new())),
            settings,
        };
        crate::reactive::effect(move || {
            current.track();
            form.sync(false);
        });
        form
    }

    /// Shows the settings' values again, dropping any invalid text (a preset was applied).
    pub fn reset(&self) {
        self.sync(true);
    }

    fn sync(&self, drop_invalid: bool) {
        let (texts, info) = self
            .settings
            .with_untracked(|s| (FIELDS.map(|f| shown(s, f)), model_info(&s.model)));
        for ((draft, text), field) in self.drafts.iter().zip(texts).zip(FIELDS) {
            let keep = !drop_invalid && draft.with_untracked(|d| validate(field, d, &info).is_err());
            if !keep && draft.with_untracked(|d| *d != text) {
                draft.set(text);
            }
        }
    }

    pub fn draft(&self, field: ParamField) -> RwSignal<String> {
        self.drafts[index(field)]
    }

    /// The error of a field's text against the current model (tracked). The request-id prefix counts only while
    /// request ids are on (its field is hidden otherwise).
    pub fn error(&self, field: ParamField) -> Option<FieldError> {
        let (info, ids) = self.settings.with(|s| (model_info(&s.model), s.params.request_id));
        if field == ParamField::RequestIdPrefix && !ids {
            return None;
        }
        self.draft(field).with(|text| validate(field, text, &info).err())
    }

    /// The first field whose text must not be sent (untracked, for a request about to be made).
    pub fn first_problem(&self) -> Option<ParamProblem> {
        FIELDS.iter().find_map(|&field| {
            let error = untrack(|| self.error(field))?;
            Some(ParamProblem { field, error })
        })
    }

    /// Keeps typed text as the field's text; `true` when it validates (the caller then stores it).
    pub fn input(&self, field: ParamField, text: String) -> bool {
        let info = self.settings.with_untracked(|s| model_info(&s.model));
        let valid = validate(field, &text, &info).is_ok();
        self.draft(field).set(text);
        valid
    }
}

/// Whether `text` may be sent in `field` to the model described by `info`.
pub fn validate(field: ParamField, text: &str, info: &ModelInfo) -> Result<(), FieldError> {
    match field {
        ParamField::Temperature => parse_temperature(text).map(drop),
        ParamField::TopP => parse_top_p(text).map(drop),
        ParamField::MaxTokens => parse_max_tokens(text, info).map(drop),
        ParamField::Stop => parse_stop(text).map(drop),
        ParamField::UserId => parse_user_id(text).map(drop),
        ParamField::RequestIdPrefix => parse_request_id_prefix(text).map(drop),
    }
}

/// A stored value as its field shows it.
fn shown(s: &Settings, field: ParamField) -> String {
    match field {
        ParamField::Temperature => s.temperature.map(format_decimal).unwrap_or_default(),
        ParamField::TopP => s.top_p.map(format_decimal).unwrap_or_default(),
        ParamField::MaxTokens => s.max_tokens.map(|n| n.to_string()).unwrap_or_default(),
        ParamField::Stop => s.params.stop.as_deref().map(format_stop).unwrap_or_default(),
        ParamField::UserId => s.params.user_id.clone().unwrap_or_default(),
        ParamField::RequestIdPrefix => s.params.request_id_prefix.clone(),
    }
}

/// Stores a valid text in the settings.
pub fn store(s: &mut Settings, field: ParamField, text: &str) {
    let info = model_info(&s.model);
    match field {
        ParamField::Temperature => s.temperature = parse_temperature(text).ok().flatten(),
        ParamField::TopP => s.top_p = parse_top_p(text).ok().flatten(),
        ParamField::MaxTokens => s.max_tokens = parse_max_tokens(text, &info).ok().flatten(),
        ParamField::Stop => s.params.stop = parse_stop(text).ok().flatten(),
        ParamField::UserId => s.params.user_id = parse_user_id(text).ok().flatten(),
        ParamField::RequestIdPrefix => s.params.request_id_prefix = parse_request_id_prefix(text).unwrap_or_default(),
    }
}

/// The model-dependent upper bound of `max_tokens`, for the field's hint and message.
pub fn max_tokens_limit(s: &Settings) -> u32 {
    params::max_tokens_limit(&model_info(&s.model))
}
