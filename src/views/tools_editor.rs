//! The tools section of the settings: the conversation's function tools, MCP servers and knowledge bases, each
//! switched on or off, an editor that validates an entry before saving it, and the tool_stream switch.
//!
//! Parts that come and go are hidden rather than rebuilt, which keeps this view small in the wasm.

use glm_protocol::models::model_info;
use glm_protocol::request::accepts;
use glm_protocol::tools::{
    SchemaFault, TRANSPORTS, ToolEntry, ToolError, ToolField, ToolKind, ToolProblem, check_entries,
};
use leptos::prelude::*;

use crate::i18n::Texts;
use crate::state::use_state;
use crate::views::bits::{flag, tr};
use crate::views::field::TextField;

/// The entry being edited: its index in the list (`None` for a new one) and its text.
type Editing = Option<(Option<usize>, ToolEntry)>;

fn kind_name(k: ToolKind) -> &'static str {
    match k {
        ToolKind::Function => "function",
        ToolKind::Mcp => "mcp",
        ToolKind::Retrieval => "retrieval",
    }
}

#[component]
pub fn ToolsSection() -> impl IntoView {
    let state = use_state();
    let info = Memo::new(move |_| state.settings.with(|s| model_info(&s.model)));
    let editing = RwSignal::new(None::<(Option<usize>, ToolEntry)>);
    let problems = RwSignal::new(Vec::<ToolProblem>::new());
    let open = RwSignal::new(false);
    let edit = move |index: Option<usize>, entry: ToolEntry| {
        problems.set(Vec::new());
        editing.set(Some((index, entry)));
    };
    let add = move |kind: ToolKind| {
        edit(
            None,
            ToolEntry {
                kind,
                ..ToolEntry::default()
            },
        )
    };
    let rows = move || {
        let t = state.t();
        let info = info.get();
        state.settings.with(|s| {
            s.tools
                .iter()
                .enumerate()
                .map(|(i, entry)| {
                    let title = entry.title().to_string();
                    let for_edit = entry.clone();
                    view! {
                        <li class="gc-tool-row" data-tool-kind=kind_name(entry.kind)>
                            <label class="gc-toggle">
                                <input
                                    type="checkbox"
                                    aria-label=format!("{} {title}", t.tool_use)
                                    prop:checked=entry.enabled
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        state.edit_settings(|s| {
                                            if let Some(e) = s.tools.get_mut(i) {
                                                e.enabled = on;
                                            }
                                        });
                                    }
                                />
                                <span><code>{kind_name(entry.kind)}</code> " " {title.clone()}</span>
                            </label>
                            <small class="gc-hint" hidden=accepts(&info, entry)>{t.tool_not_for_model}</small>
                            <span class="gc-tool-actions">
                                <button type="button" class="gc-action gc-secondary" aria-label=format!("{} {title}", t.edit)
                                    on:click=move |_| edit(Some(i), for_edit.clone())>{t.edit}</button>
                                <button type="button" class="gc-action gc-secondary" aria-label=format!("{} {title}", t.delete)
                                    on:click=move |_| {
                                        state.edit_settings(|s| {
                                            if i < s.tools.len() {
                                                s.tools.remove(i);
                                            }
                                        });
                                        editing.set(None);
                                    }>{t.delete}</button>
                            </span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <details
            class="gc-section"
            data-section="tools"
            prop:open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
        >
            <summary>{tr(|t| t.section_tools)}</summary>
            <div class="gc-section-body">
                <div class="gc-field" hidden=flag(move || !info.get().tool_stream)>
                    <label class="gc-toggle">
                        <input
                            type="checkbox"
                            aria-label=tr(|t| t.tool_stream)
                            disabled=flag(move || !state.settings.with(|s| s.stream))
                            prop:checked=move || state.settings.with(|s| s.params.tool_stream)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                state.edit_settings(|s| s.params.tool_stream = on);
                            }
                        />
                        <span>{tr(|t| t.tool_stream)}</span>
                    </label>
                    <small>{tr(|t| t.tool_stream_hint)}</small>
                </div>
                <ul class="gc-tool-list" aria-label=tr(|t| t.section_tools)>{rows}</ul>
                <div class="gc-row gc-buttons">
                    <button type="button" class="gc-action gc-secondary" hidden=flag(move || !info.get().function_tools)
                        on:click=move |_| add(ToolKind::Function)>{tr(|t| t.add_function)}</button>
                    <button type="button" class="gc-action gc-secondary" hidden=flag(move || !info.get().builtin_tools)
                        on:click=move |_| add(ToolKind::Mcp)>{tr(|t| t.add_mcp)}</button>
                    <button type="button" class="gc-action gc-secondary" hidden=flag(move || !info.get().builtin_tools)
                        on:click=move |_| add(ToolKind::Retrieval)>{tr(|t| t.add_retrieval)}</button>
                </div>
                <ToolForm editing=editing problems=problems />
            </div>
        </details>
    }
}

/// The editor of one entry, hidden while nothing is edited. Save checks the whole list (names must be unique)
/// and keeps the entry only when it is valid.
#[component]
fn ToolForm(editing: RwSignal<Editing>, problems: RwSignal<Vec<ToolProblem>>) -> impl IntoView {
    let state = use_state();
    let kind = move || editing.with(|e| e.as_ref().map(|(_, entry)| entry.kind));
    let only = move |k: ToolKind| flag(move || kind() != Some(k));
    let save = move |_| {
        let Some((index, entry)) = editing.get_untracked() else {
            return;
        };
        let mut list = state.settings.with_untracked(|s| s.tools.clone());
        let at = match index {
            Some(i) if i < list.len() => {
                list[i] = entry;
                i
            }
            _ => {
                list.push(entry);
                list.len() - 1
            }
        };
        let found = match check_entries(&list) {
            Some((i, found)) if i == at => found,
            _ => list[at].problems(),
        };
        if found.is_empty() {
            problems.set(Vec::new());
            state.edit_settings(|s| s.tools = list.clone());
            editing.set(None);
        } else {
            problems.set(found);
        }
    };
    view! {
        <fieldset class="gc-tool-form" data-part="tool-form" hidden=flag(move || kind().is_none())>
            <legend>{tr(|t| t.tool_editor)}</legend>
            {SPECS.iter().map(|spec| view! { <ToolInput editing=editing problems=problems spec=spec /> }).collect_view()}
            <label class="gc-field" hidden=only(ToolKind::Mcp)>
                <span>{tr(|t| t.mcp_transport)}</span>
                <select aria-label=tr(|t| t.mcp_transport) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    editing.update(|e| if let Some((_, entry)) = e { entry.transport = v.clone() });
                }>
                    {TRANSPORTS.iter().map(|name| {
                        let name = *name;
                        view! { <option value=name prop:selected=flag(move || editing.with(|e| e.as_ref().is_some_and(|(_, x)| x.transport == name)))>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <div class="gc-row gc-buttons">
                <button type="button" class="gc-action" on:click=save>{tr(|t| t.save_tool)}</button>
                <button type="button" class="gc-action gc-secondary" on:click=move |_| editing.set(None)>{tr(|t| t.cancel)}</button>
            </div>
        </fieldset>
    }
}

/// One text field of the editor: which kind it belongs to, what it edits, and the problem it reports.
struct Spec {
    kind: ToolKind,
    /// `None` for a field that is never refused.
    field: Option<ToolField>,
    label: fn(&Texts) -> &'static str,
    get: fn(&ToolEntry) -> &String,
    put: fn(&mut ToolEntry, String),
    multiline: bool,
    hint: Option<fn(&Texts) -> &'static str>,
}

/// The editor's text fields, in order. One table rendered in a loop keeps the wasm smaller than a call per field.
#[rustfmt::skip]
static SPECS: [Spec; 9] = [
    Spec { kind: ToolKind::Function, field: Some(ToolField::Name), label: |t| t.function_name, get: |e| &e.name, put: |e, v| e.name = v, multiline: false, hint: Some(|t| t.function_name_hint) },
    Spec { kind: ToolKind::Function, field: Some(ToolField::Description), label: |t| t.function_description, get: |e| &e.description, put: |e, v| e.description = v, multiline: true, hint: None },
    Spec { kind: ToolKind::Function, field: Some(ToolField::Parameters), label: |t| t.function_parameters, get: |e| &e.parameters, put: |e, v| e.parameters = v, multiline: true, hint: Some(|t| t.function_parameters_hint) },
    Spec { kind: ToolKind::Mcp, field: Some(ToolField::ServerLabel), label: |t| t.mcp_label, get: |e| &e.server_label, put: |e, v| e.server_label = v, multiline: false, hint: Some(|t| t.mcp_label_hint) },
    Spec { kind: ToolKind::Mcp, field: Some(ToolField::ServerUrl), label: |t| t.mcp_url, get: |e| &e.server_url, put: |e, v| e.server_url = v, multiline: false, hint: None },
    Spec { kind: ToolKind::Mcp, field: None, label: |t| t.mcp_allowed_tools, get: |e| &e.allowed_tools, put: |e, v| e.allowed_tools = v, multiline: false, hint: Some(|t| t.mcp_allowed_tools_hint) },
    Spec { kind: ToolKind::Mcp, field: Some(ToolField::Headers), label: |t| t.mcp_headers, get: |e| &e.headers, put: |e, v| e.headers = v, multiline: true, hint: Some(|t| t.mcp_headers_hint) },
    Spec { kind: ToolKind::Retrieval, field: Some(ToolField::KnowledgeId), label: |t| t.knowledge_id, get: |e| &e.knowledge_id, put: |e, v| e.knowledge_id = v, multiline: false, hint: None },
    Spec { kind: ToolKind::Retrieval, field: None, label: |t| t.prompt_template, get: |e| &e.prompt_template, put: |e, v| e.prompt_template = v, multiline: true, hint: Some(|t| t.prompt_template_hint) },
];

/// One field of the tool editor, shown for its kind, with its error (after a Save) at the field.
#[component]
fn ToolInput(editing: RwSignal<Editing>, problems: RwSignal<Vec<ToolProblem>>, spec: &'static Spec) -> impl IntoView {
    let state = use_state();
    let error = Signal::derive(move || {
        let field = spec.field?;
        problems.with(|p| {
            p.iter()
                .find(|p| p.field == field)
                .map(|p| tool_error_text(state.t(), &p.error))
        })
    });
    let value = Signal::derive(move || {
        editing.with(|e| {
            e.as_ref()
                .map(|(_, entry)| (spec.get)(entry).clone())
                .unwrap_or_default()
        })
    });
    let on_input = Callback::new(move |v: String| {
        editing.update(|e| {
            if let Some((_, entry)) = e {
                (spec.put)(entry, v);
            }
        })
    });
    let hint = Signal::derive(move || spec.hint.map(|h| h(state.t()).to_string()).unwrap_or_default());
    let hidden = flag(move || editing.with(|e| e.as_ref().map(|(_, entry)| entry.kind)) != Some(spec.kind));
    view! { <TextField label=spec.label value=value on_input=on_input error=error hint=hint multiline=spec.multiline hidden=hidden /> }
}

/// What is wrong with a tool field, in words; a schema fault names where it is (`properties.city.type`).
fn tool_error_text(t: &Texts, e: &ToolError) -> String {
    match e {
        ToolError::Required => t.tool_required,
        ToolError::BadName => t.tool_bad_name,
        ToolError::DuplicateName => t.tool_duplicate,
        ToolError::NotJson => t.tool_not_json,
        ToolError::NotObjectSchema => t.tool_not_object,
        ToolError::BadSchema { fault, path } => {
            let text = match fault {
                SchemaFault::NotObject => t.tool_schema_not_object,
                SchemaFault::BadType => t.tool_schema_bad_type,
                SchemaFault::BadEnum => t.tool_schema_bad_enum,
                SchemaFault::BadRequired => t.tool_schema_bad_required,
                SchemaFault::UnknownRequired => t.tool_schema_unknown_required,
                SchemaFault::NotString => t.tool_schema_not_string,
            };
            return text.replace("{path}", path);
        }
        ToolError::BadUrl => t.tool_bad_url,
        ToolError::BadHeader => t.tool_bad_header,
        ToolError::TooMany => t.tool_too_many,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, texts};

    #[test]
    fn schema_faults_are_worded_with_where_they_are() {
        let bad_type = ToolError::BadSchema {
            fault: SchemaFault::BadType,
            path: "properties.city.type".into(),
        };
        for lang in [Lang::En, Lang::Zh] {
            let text = tool_error_text(texts(lang), &bad_type);
            assert!(
                text.contains("properties.city.type") && !text.contains("{path}"),
                "{text}"
            );
        }
        assert!(tool_error_text(texts(Lang::En), &bad_type).contains("integer"));
        let unknown = ToolError::BadSchema {
            fault: SchemaFault::UnknownRequired,
            path: "required[1]".into(),
        };
        assert_eq!(
            tool_error_text(texts(Lang::En), &unknown),
            "Parameters: required[1] names a property that \"properties\" does not define."
        );
        assert_eq!(
            tool_error_text(texts(Lang::En), &ToolError::NotJson),
            "This is not valid JSON."
        );
    }
}
