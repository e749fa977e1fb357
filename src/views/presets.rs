//! System-prompt presets: save the current prompt (and, if asked, the model and parameters) under a name, pick one
//! to apply it, save again under its name to update it, delete it. Kept in localStorage, re-read before every
//! change (another tab may have changed them); a stored list that cannot be read is never overwritten unasked.

use glm_history::{
    Preset, PresetsError, delete_preset, find_preset, parse_presets, preset_name, presets_json, save_preset,
};
use leptos::prelude::*;

use crate::browser::storage;
use crate::state::use_state;
use crate::views::bits::{flag, tr};
use crate::views::field::TextField;

const KEY: &str = "prompt-presets";

fn load(ns: &storage::Namespace) -> Result<Vec<Preset>, PresetsError> {
    parse_presets(ns.get(KEY).ok().flatten().as_deref())
}

/// What the last action did, for the line under the buttons.
#[derive(Clone, Copy, PartialEq)]
enum Status {
    Saved,
    Updated,
    Deleted,
    NotSaved,
}

#[component]
pub fn PresetsPanel() -> impl IntoView {
    let state = use_state();
    // Captured now: click handlers run outside the app's owner, where a widget's namespace cannot be looked up.
    let ns = StoredValue::new(storage::current());
    let list = RwSignal::new(ns.with_value(load));
    let selected = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let name_invalid = RwSignal::new(false);
    let with_settings = RwSignal::new(false);
    let status = RwSignal::new(None::<Status>);
    // Another tab may have changed them while the dialog was closed.
    crate::reactive::effect(move || {
        if state.settings_open.get() {
            list.set(ns.with_value(load));
        }
    });
    // Writes `presets` unless the stored list cannot be read (then it is left alone and the warning stays).
    let write = move |change: &dyn Fn(&mut Vec<Preset>) -> Status| {
        let mut presets = match ns.with_value(load) {
            Ok(p) => p,
            Err(e) => {
                list.set(Err(e));
                return;
            }
        };
        let outcome = change(&mut presets);
        let outcome = match ns.with_value(|ns| ns.set(KEY, &presets_json(&presets))) {
            Ok(()) => outcome,
            Err(_) => Status::NotSaved,
        };
        list.set(Ok(presets));
        status.set(Some(outcome));
    };
    let save = move |_| {
        let Some(n) = preset_name(&name.get_untracked()) else {
            name_invalid.set(true);
            return;
        };
        name_invalid.set(false);
        let preset = state.settings.with_untracked(|s| Preset {
            name: n.clone(),
            system_prompt: s.system_prompt.clone(),
            settings: with_settings.get_untracked().then(|| s.conversation_settings()),
        });
        write(&|presets| {
            if save_preset(presets, preset.clone()) {
                Status::Updated
            } else {
                Status::Saved
            }
        });
        selected.set(n);
    };
    let pick = move |ev| {
        let chosen = event_target_value(&ev);
        selected.set(chosen.clone());
        status.set(None);
        let Some(preset) = list.with_untracked(|l| l.as_ref().ok().and_then(|l| find_preset(l, &chosen).cloned()))
        else {
            return;
        };
        name.set(preset.name.clone());
        with_settings.set(preset.settings.is_some());
        state.edit_settings(|s| {
            if let Some(c) = &preset.settings {
                s.apply_conversation(c);
            }
            s.system_prompt = preset.system_prompt.clone();
        });
        state.params.reset();
    };
    let delete = move |_| {
        let target = selected.get_untracked();
        if target.is_empty() {
            return;
        }
        write(&|presets| {
            delete_preset(presets, &target);
            Status::Deleted
        });
        selected.set(String::new());
    };
    let replace_unreadable = move |_| {
        if ns.with_value(|ns| ns.set(KEY, &presets_json(&[]))).is_ok() {
            list.set(Ok(Vec::new()));
        }
    };
    let options = move || {
        list.get()
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let (n, value) = (p.name.clone(), p.name.clone());
                view! { <option value=value prop:selected=move || selected.with(|s| *s == n)>{p.name}</option> }
            })
            .collect_view()
    };
    let problem = move || list.with(|l| l.as_ref().err().copied());
    view! {
        <div class="gc-presets" data-part="presets">
            <div class="gc-field-error gc-presets-problem" role="alert" hidden=flag(move || problem().is_none())>
                <p>
                    {move || {
                        let t = state.t();
                        match problem() {
                            Some(PresetsError::TooNew) => t.presets_too_new,
                            Some(PresetsError::Corrupt) => t.presets_corrupt,
                            None => "",
                        }
                    }}
                </p>
                <button type="button" class="gc-action gc-secondary" on:click=replace_unreadable>{tr(|t| t.presets_replace)}</button>
            </div>
            <label class="gc-field">
                <span>{tr(|t| t.prompt_preset)}</span>
                <select aria-label=tr(|t| t.prompt_preset) on:change=pick>
                    <option value="" prop:selected=flag(move || selected.with(String::is_empty))>{tr(|t| t.preset_none)}</option>
                    {options}
                </select>
            </label>
            <TextField
                label=|t| t.preset_name
                value=name.into()
                on_input=Callback::new(move |v: String| {
                    name.set(v);
                    name_invalid.set(false);
                })
                error=Signal::derive(move || name_invalid.get().then(|| state.t().preset_name_needed.to_string()))
            />
            <label class="gc-toggle">
                <input
                    type="checkbox"
                    aria-label=tr(|t| t.preset_with_settings)
                    prop:checked=move || with_settings.get()
                    on:change=move |ev| with_settings.set(event_target_checked(&ev))
                />
                <span>{tr(|t| t.preset_with_settings)}</span>
            </label>
            <div class="gc-row gc-buttons">
                <button type="button" class="gc-action" on:click=save>{tr(|t| t.save_preset)}</button>
                <button type="button" class="gc-action gc-secondary" disabled=flag(move || selected.with(String::is_empty)) on:click=delete>
                    {tr(|t| t.delete_preset)}
                </button>
            </div>
            <p class="gc-hint" role="status">
                {move || {
                    let t = state.t();
                    status.get().map(|s| match s {
                        Status::Saved => t.preset_saved,
                        Status::Updated => t.preset_updated,
                        Status::Deleted => t.preset_deleted,
                        Status::NotSaved => t.preset_not_saved,
                    })
                }}
            </p>
        </div>
    }
}
