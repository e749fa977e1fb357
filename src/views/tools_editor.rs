//! The tools section of the settings: the conversation's function tools, MCP servers and knowledge bases, each
//! switched on or off, an editor that validates an entry before saving it, and the tool_stream switch.

use glm_protocol::models::model_info;
use glm_protocol::request::accepts;
use glm_protocol::tools::{TRANSPORTS, ToolEntry, ToolError, ToolField, ToolKind, ToolProblem, check_entries};
use leptos::prelude::*;

use crate::i18n::Texts;
use crate::state::use_state;

/// The entry being edited: its index in the list (`None` for a new one) and its text.
type Editing = Option<(Option<usize>, ToolEntry)>;

#[component]
pub fn ToolsSection() -> impl IntoView {
    let state = use_state();
    let info = Memo::new(move |_| state.settings.with(|s| model_info(&s.model)));
    let editing = RwSignal::new(None::<(Option<usize>, ToolEntry)>);
    let problems = RwSignal::new(Vec::<ToolProblem>::new());
    let open = RwSignal::new(false);
    let add = move |kind: ToolKind| {
        problems.set(Vec::new());
        editing.set(Some((
            None,
            ToolEntry {
                kind,
                ..ToolEntry::default()
            },
        )));
    };
    let kind_name = |k: ToolKind| match k {
        ToolKind::Function => "function",
        ToolKind::Mcp => "mcp",
        ToolKind::Retrieval => "retrieval",
    };
    let rows = move || {
        let entries = state.settings.with(|s| s.tools.clone());
        entries
            .into_iter()
            .enumerate()
            .map(|(i, entry)| {
                let title = entry.title().to_string();
                let sent = accepts(&info.get(), &entry);
                let t = state.t();
                let (use_label, edit_label, delete_label) = (
                    format!("{} {title}", t.tool_use),
                    format!("{} {title}", t.edit),
                    format!("{} {title}", t.delete),
                );
                let for_edit = entry.clone();
                let title_attr = title.clone();
                view! {
                    <li class="gc-tool-row" data-tool-kind=kind_name(entry.kind) data-tool-title=title_attr>
                        <label class="gc-toggle">
                            <input
                                type="checkbox"
                                aria-label=use_label
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
                            <span><code>{kind_name(entry.kind)}</code> " " {title}</span>
                        </label>
                        {(!sent).then(|| view! { <small class="gc-hint">{t.tool_not_for_model}</small> })}
                        <span class="gc-tool-actions">
                            <button type="button" class="gc-action gc-secondary" aria-label=edit_label on:click=move |_| {
                                problems.set(Vec::new());
                                editing.set(Some((Some(i), for_edit.clone())));
                            }>{t.edit}</button>
                            <button type="button" class="gc-action gc-secondary" aria-label=delete_label on:click=move |_| {
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
    };
    let stream_on = move || state.settings.with(|s| s.stream);
    // Rebuilt when the language changes: static text is far smaller in the wasm than a closure per label.
    let body = move || {
        let t = state.t();
        view! {
            <summary>{t.section_tools}</summary>
            <div class="gc-section-body">
                {move || info.get().tool_stream.then(|| view! {
                    <div class="gc-field">
                        <label class="gc-toggle">
                            <input
                                type="checkbox"
                                aria-label=t.tool_stream
                                disabled=move || !stream_on()
                                prop:checked=move || state.settings.with(|s| s.params.tool_stream)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    state.edit_settings(|s| s.params.tool_stream = on);
                                }
                            />
                            <span>{t.tool_stream}</span>
                        </label>
                        <small>{t.tool_stream_hint}</small>
                    </div>
                })}
                <ul class="gc-tool-list" aria-label=t.section_tools>{rows}</ul>
                <div class="gc-row gc-buttons">
                    {move || {
                        let i = info.get();
                        let button = move |kind, text| view! {
                            <button type="button" class="gc-action gc-secondary" on:click=move |_| add(kind)>{text}</button>
                        };
                        view! {
                            {i.function_tools.then(|| button(ToolKind::Function, t.add_function))}
                            {i.builtin_tools.then(|| button(ToolKind::Mcp, t.add_mcp))}
                            {i.builtin_tools.then(|| button(ToolKind::Retrieval, t.add_retrieval))}
                        }
                    }}
                </div>
                {move || editing.with(Option::is_some).then(|| view! { <ToolForm editing=editing problems=problems /> })}
            </div>
        }
    };
    view! {
        <details
            class="gc-section"
            data-section="tools"
            prop:open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
        >
            {body}
        </details>
    }
}

/// The editor of one entry. Save checks the whole list (names must be unique) and keeps the entry only when valid.
#[component]
fn ToolForm(editing: RwSignal<Editing>, problems: RwSignal<Vec<ToolProblem>>) -> impl IntoView {
    let state = use_state();
    let kind = editing
        .with_untracked(|e| e.as_ref().map(|(_, entry)| entry.kind))
        .unwrap_or_default();
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
    let t = state.t();
    let field = move |f: Option<ToolField>, label: &'static str, get: fn(&ToolEntry) -> &String, put: fn(&mut ToolEntry, String), multiline: bool, hint: Option<&'static str>| {
        view! { <ToolInput editing=editing problems=problems field=f label=label get=get put=put multiline=multiline hint=hint /> }
    };
    let fields = match kind {
        ToolKind::Function => view! {
            {field(Some(ToolField::Name), t.function_name, |e| &e.name, |e, v| e.name = v, false, Some(t.function_name_hint))}
            {field(Some(ToolField::Description), t.function_description, |e| &e.description, |e, v| e.description = v, true, None)}
            {field(Some(ToolField::Parameters), t.function_parameters, |e| &e.parameters, |e, v| e.parameters = v, true, Some(t.function_parameters_hint))}
        }
        .into_any(),
        ToolKind::Mcp => view! {
            {field(Some(ToolField::ServerLabel), t.mcp_label, |e| &e.server_label, |e, v| e.server_label = v, false, Some(t.mcp_label_hint))}
            {field(Some(ToolField::ServerUrl), t.mcp_url, |e| &e.server_url, |e, v| e.server_url = v, false, None)}
            <label class="gc-field">
                <span>{t.mcp_transport}</span>
                <select aria-label=t.mcp_transport on:change=move |ev| {
                    let v = event_target_value(&ev);
                    editing.update(|e| if let Some((_, entry)) = e { entry.transport = v.clone() });
                }>
                    {TRANSPORTS.iter().map(|name| {
                        let name = *name;
                        view! { <option value=name prop:selected=move || editing.with(|e| e.as_ref().is_some_and(|(_, x)| x.transport == name))>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            {field(None, t.mcp_allowed_tools, |e| &e.allowed_tools, |e, v| e.allowed_tools = v, false, Some(t.mcp_allowed_tools_hint))}
            {field(Some(ToolField::Headers), t.mcp_headers, |e| &e.headers, |e, v| e.headers = v, true, Some(t.mcp_headers_hint))}
        }
        .into_any(),
        ToolKind::Retrieval => view! {
            {field(Some(ToolField::KnowledgeId), t.knowledge_id, |e| &e.knowledge_id, |e, v| e.knowledge_id = v, false, None)}
            {field(None, t.prompt_template, |e| &e.prompt_template, |e, v| e.prompt_template = v, true, Some(t.prompt_template_hint))}
        }
        .into_any(),
    };
    view! {
        <fieldset class="gc-tool-form" data-part="tool-form">
            <legend>{t.tool_editor}</legend>
            {fields}
            <div class="gc-row gc-buttons">
                <button type="button" class="gc-action" on:click=save>{t.save_tool}</button>
                <button type="button" class="gc-action gc-secondary" on:click=move |_| editing.set(None)>{t.cancel}</button>
            </div>
        </fieldset>
    }
}

/// One field of the tool editor, with its error (after a Save) at the field.
#[component]
fn ToolInput(
    editing: RwSignal<Editing>,
    problems: RwSignal<Vec<ToolProblem>>,
    /// The field its errors are reported for; `None` for one that is never refused.
    field: Option<ToolField>,
    label: &'static str,
    get: fn(&ToolEntry) -> &String,
    put: fn(&mut ToolEntry, String),
    multiline: bool,
    hint: Option<&'static str>,
) -> impl IntoView {
    let state = use_state();
    let error = Memo::new(move |_| {
        let field = field?;
        problems.with(|p| p.iter().find(|p| p.field == field).map(|p| p.error))
    });
    let n = NEXT_ID.with(|c| {
        let v = c.get();
        c.set(v + 1);
        v
    });
    let (hint_id, error_id) = (format!("gc-tool-hint-{n}"), format!("gc-tool-error-{n}"));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let value = move || editing.with(|e| e.as_ref().map(|(_, entry)| get(entry).clone()).unwrap_or_default());
    let on_input = move |ev| {
        let v = event_target_value(&ev);
        editing.update(|e| {
            if let Some((_, entry)) = e {
                put(entry, v.clone());
            }
        });
    };
    let control = if multiline {
        view! {
            <textarea rows="3" spellcheck="false" aria-label=label aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described.clone() prop:value=value on:input=on_input></textarea>
        }
        .into_any()
    } else {
        view! {
            <input type="text" spellcheck="false" autocomplete="off" aria-label=label
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=described prop:value=value on:input=on_input />
        }
        .into_any()
    };
    view! {
        <label class="gc-field">
            <span>{label}</span>
            {control}
            {hint.map(|h| view! { <small id=hint_id>{h}</small> })}
            {move || error.get().map(|e| view! {
                <small id=error_id.clone() class="gc-field-error" role="alert">{tool_error_text(state.t(), e)}</small>
            })}
        </label>
    }
}

thread_local! {
    static NEXT_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn tool_error_text(t: &Texts, e: ToolError) -> &'static str {
    match e {
        ToolError::Required => t.tool_required,
        ToolError::BadName => t.tool_bad_name,
        ToolError::DuplicateName => t.tool_duplicate,
        ToolError::NotJson => t.tool_not_json,
        ToolError::NotObjectSchema => t.tool_not_object,
        ToolError::BadUrl => t.tool_bad_url,
        ToolError::BadHeader => t.tool_bad_header,
        ToolError::TooMany => t.tool_too_many,
    }
}
