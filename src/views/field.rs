//! One labelled text field with its hint and its error (`aria-invalid`, `aria-describedby`), shared by the request
//! parameters, the tool editor and the presets, so the wasm holds its rendering code once.

use std::cell::Cell;

use leptos::prelude::*;

use crate::i18n::Texts;
use crate::views::bits::{flag, tr};

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

#[component]
pub fn TextField(
    label: fn(&Texts) -> &'static str,
    value: Signal<String>,
    on_input: Callback<String>,
    /// The message when the text is refused.
    error: Signal<Option<String>>,
    /// Shown under the field when not empty.
    #[prop(optional)]
    hint: Signal<String>,
    #[prop(optional)] placeholder: Option<Signal<String>>,
    /// A `textarea`; otherwise one line.
    #[prop(optional)]
    multiline: bool,
    /// The `step` of a number field; empty for text.
    #[prop(optional)]
    number: &'static str,
    #[prop(optional)] hidden: Option<Signal<bool>>,
    /// `data-param` on the field, for tests and styles.
    #[prop(optional)]
    data: &'static str,
) -> impl IntoView {
    let n = NEXT_ID.with(|c| {
        let v = c.get();
        c.set(v + 1);
        v
    });
    let (hint_id, error_id) = (format!("gc-hint-{n}"), format!("gc-error-{n}"));
    let invalid = Memo::new(move |_| error.with(Option::is_some));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.with(|h| !h.is_empty()) {
                ids.push(hint_id.clone());
            }
            if invalid.get() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let input = move |ev| on_input.run(event_target_value(&ev));
    let control = if multiline {
        view! {
            <textarea rows="3" spellcheck="false" aria-label=tr(label) aria-invalid=move || invalid.get().to_string()
                aria-describedby=described placeholder=placeholder prop:value=value on:input=input></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                type=if number.is_empty() { "text" } else { "number" }
                step=(!number.is_empty()).then_some(number)
                inputmode=if number.is_empty() { "text" } else if number == "1" { "numeric" } else { "decimal" }
                spellcheck="false"
                autocomplete="off"
                aria-label=tr(label)
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described
                placeholder=placeholder
                prop:value=value
                on:input=input
            />
        }
        .into_any()
    };
    view! {
        <label class="gc-field" hidden=hidden.unwrap_or_default() data-param=(!data.is_empty()).then_some(data)>
            <span>{tr(label)}</span>
            {control}
            <small id=hint_id hidden=flag(move || hint.with(String::is_empty))>{hint}</small>
            <small id=error_id class="gc-field-error" role="alert" hidden=flag(move || !invalid.get())>{error}</small>
        </label>
    }
}
