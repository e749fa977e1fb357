//! Tools the user defines for a conversation (reference §2.3): function tools, MCP servers and knowledge bases, as
//! the editor holds them (text as typed), their validation, and their wire form.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::wire::{FunctionDef, McpTool, RetrievalTool, Tool};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ToolKind {
    #[default]
    Function,
    Mcp,
    Retrieval,
}

/// One tool entry. Every field is the text the user typed; only the fields of its kind are used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolEntry {
    pub kind: ToolKind,
    /// Offered to the model in this conversation's requests.
    pub enabled: bool,
    /// Function: the name, the description, and the JSON-schema parameters (empty: none).
    pub name: String,
    pub description: String,
    pub parameters: String,
    /// MCP: label (the MCP code of a Zhipu-hosted server), URL of a third-party server, transport
    /// (`streamable-http` or `sse`), allowed tools (comma-separated) and headers (one `Name: value` per line).
    pub server_label: String,
    pub server_url: String,
    pub transport: String,
    pub allowed_tools: String,
    pub headers: String,
    /// Retrieval: the knowledge base id and an optional prompt template.
    pub knowledge_id: String,
    pub prompt_template: String,
}

impl Default for ToolEntry {
    fn default() -> Self {
        ToolEntry {
            kind: ToolKind::Function,
            enabled: true,
            name: String::new(),
            description: String::new(),
            parameters: String::new(),
            server_label: String::new(),
            server_url: String::new(),
            transport: TRANSPORTS[0].to_string(),
            allowed_tools: String::new(),
            headers: String::new(),
            knowledge_id: String::new(),
            prompt_template: String::new(),
        }
    }
}

/// Read through a JSON value rather than derived: the value reader is in the app anyway, while a derived reader of
/// twelve fields costs about 10 KB of wasm. Missing fields take their defaults; an unknown kind (a newer version's)
/// is an error, so such an entry is never sent as something else.
impl<'de> Deserialize<'de> for ToolEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let text = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        let kind = match v.get("kind").and_then(Value::as_str) {
            None | Some("function") => ToolKind::Function,
            Some("mcp") => ToolKind::Mcp,
            Some("retrieval") => ToolKind::Retrieval,
            Some(_) => return Err(serde::de::Error::custom("unknown tool kind")),
        };
        let d = ToolEntry::default();
        Ok(ToolEntry {
            kind,
            enabled: v.get("enabled").and_then(Value::as_bool).unwrap_or(d.enabled),
            name: text("name").unwrap_or(d.name),
            description: text("description").unwrap_or(d.description),
            parameters: text("parameters").unwrap_or(d.parameters),
            server_label: text("server_label").unwrap_or(d.server_label),
            server_url: text("server_url").unwrap_or(d.server_url),
            transport: text("transport").unwrap_or(d.transport),
            allowed_tools: text("allowed_tools").unwrap_or(d.allowed_tools),
            headers: text("headers").unwrap_or(d.headers),
            knowledge_id: text("knowledge_id").unwrap_or(d.knowledge_id),
            prompt_template: text("prompt_template").unwrap_or(d.prompt_template),
        })
    }
}

/// MCP transports, the API's default first.
pub const TRANSPORTS: [&str; 2] = ["streamable-http", "sse"];
/// The API takes at most this many function tools.
pub const MAX_FUNCTIONS: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToolField {
    Name,
    Description,
    Parameters,
    ServerLabel,
    ServerUrl,
    Headers,
    KnowledgeId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolError {
    Required,
    /// A function name must match `^[a-zA-Z0-9_-]{1,64}$`.
    BadName,
    /// Another enabled function already has this name.
    DuplicateName,
    NotJson,
    /// Parameters must be a JSON object schema: an object with `"type": "object"`.
    NotObjectSchema,
    /// The parameters schema is malformed at `path` (such as `properties.city.type` or `required[1]`).
    BadSchema {
        fault: SchemaFault,
        path: String,
    },
    /// Not an `http:` or `https:` URL.
    BadUrl,
    /// A header line without `Name: value`.
    BadHeader,
    /// More than 128 functions are enabled.
    TooMany,
}

/// What is wrong at one place of a parameters schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaFault {
    /// `properties`, one property's schema, or `items` is not a JSON object.
    NotObject,
    /// `type` is not a JSON Schema type name (string, number, integer, boolean, object, array, null) or a
    /// non-empty array of them.
    BadType,
    /// `enum` is not a non-empty array.
    BadEnum,
    /// `required` is not an array of strings.
    BadRequired,
    /// A `required` name that is not a key of `properties`.
    UnknownRequired,
    /// `description` is not a string.
    NotString,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolProblem {
    pub field: ToolField,
    pub error: ToolError,
}

/// Whether `name` is a valid function name: 1–64 of `[a-zA-Z0-9_-]`.
pub fn valid_function_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl ToolEntry {
    /// A short label for lists: the function name, the MCP label or the knowledge base id.
    pub fn title(&self) -> &str {
        match self.kind {
            ToolKind::Function => &self.name,
            ToolKind::Mcp => &self.server_label,
            ToolKind::Retrieval => &self.knowledge_id,
        }
        .trim()
    }

    /// Every problem with this entry, field by field (empty when it can be sent).
    pub fn problems(&self) -> Vec<ToolProblem> {
        match self.to_tool() {
            Ok(_) => Vec::new(),
            Err(problems) => problems,
        }
    }

    /// The wire form, or every problem found.
    pub fn to_tool(&self) -> Result<Tool, Vec<ToolProblem>> {
        let mut problems = Vec::new();
        let mut fail = |field, error| problems.push(ToolProblem { field, error });
        let tool = match self.kind {
            ToolKind::Function => {
                let name = self.name.trim();
                if name.is_empty() {
                    fail(ToolField::Name, ToolError::Required);
                } else if !valid_function_name(name) {
                    fail(ToolField::Name, ToolError::BadName);
                }
                if self.description.trim().is_empty() {
                    fail(ToolField::Description, ToolError::Required);
                }
                let parameters = match parse_schema(&self.parameters) {
                    Ok(p) => p,
                    Err(e) => {
                        fail(ToolField::Parameters, e);
                        None
                    }
                };
                Tool::Function {
                    function: FunctionDef {
                        name: name.to_string(),
                        description: self.description.trim().to_string(),
                        parameters,
                    },
                }
            }
            ToolKind::Mcp => {
                let label = self.server_label.trim();
                if label.is_empty() {
                    fail(ToolField::ServerLabel, ToolError::Required);
                }
                let url = self.server_url.trim();
                if !url.is_empty() && !is_http_url(url) {
                    fail(ToolField::ServerUrl, ToolError::BadUrl);
                }
                let headers = parse_headers(&self.headers).unwrap_or_else(|e| {
                    fail(ToolField::Headers, e);
                    Map::new()
                });
                let transport = self.transport.trim();
                Tool::Mcp {
                    mcp: McpTool {
                        server_label: label.to_string(),
                        server_url: (!url.is_empty()).then(|| url.to_string()),
                        transport_type: Some(
                            TRANSPORTS
                                .iter()
                                .find(|t| **t == transport)
                                .unwrap_or(&TRANSPORTS[0])
                                .to_string(),
                        ),
                        allowed_tools: self
                            .allowed_tools
                            .split([',', '\n'])
                            .map(str::trim)
                            .filter(|t| !t.is_empty())
                            .map(str::to_string)
                            .collect(),
                        headers: (!headers.is_empty()).then_some(headers),
                    },
                }
            }
            ToolKind::Retrieval => {
                let id = self.knowledge_id.trim();
                if id.is_empty() {
                    fail(ToolField::KnowledgeId, ToolError::Required);
                }
                let template = self.prompt_template.trim();
                Tool::Retrieval {
                    retrieval: RetrievalTool {
                        knowledge_id: id.to_string(),
                        prompt_template: (!template.is_empty()).then(|| template.to_string()),
                    },
                }
            }
        };
        if problems.is_empty() { Ok(tool) } else { Err(problems) }
    }
}

/// Checks a list as it will be sent: each enabled entry valid, function names unique, at most 128 functions.
/// Returns the index of the first bad entry and its problems.
pub fn check_entries(entries: &[ToolEntry]) -> Option<(usize, Vec<ToolProblem>)> {
    let mut names: Vec<&str> = Vec::new();
    for (i, entry) in entries.iter().enumerate().filter(|(_, e)| e.enabled) {
        let problems = entry.problems();
        if !problems.is_empty() {
            return Some((i, problems));
        }
        if entry.kind == ToolKind::Function {
            let name = entry.name.trim();
            let error = if names.contains(&name) {
                ToolError::DuplicateName
            } else if names.len() == MAX_FUNCTIONS {
                ToolError::TooMany
            } else {
                names.push(name);
                continue;
            };
            return Some((
                i,
                vec![ToolProblem {
                    field: ToolField::Name,
                    error,
                }],
            ));
        }
    }
    None
}

/// The parameters schema: empty text means none; otherwise a JSON object with `"type": "object"` whose keywords
/// are well-formed all the way down (see `check_schema`).
fn parse_schema(text: &str) -> Result<Option<Value>, ToolError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value: Value = serde_json::from_str(text).map_err(|_| ToolError::NotJson)?;
    match (&value, value.get("type")) {
        (Value::Object(root), Some(Value::String(t))) if t == "object" => {
            check_schema(root, "").map_err(|(fault, path)| ToolError::BadSchema { fault, path })?;
            Ok(Some(value))
        }
        _ => Err(ToolError::NotObjectSchema),
    }
}

const SCHEMA_TYPES: [&str; 7] = ["string", "number", "integer", "boolean", "object", "array", "null"];

/// The first malformed keyword of a schema and where it is: `type` a type name or a non-empty array of them,
/// `description` a string, `enum` a non-empty array, `properties` an object of schemas, `required` names of
/// those properties, `items` a schema. Nested schemas are checked the same way (serde_json caps the nesting).
/// Other keywords are left to the server.
fn check_schema(schema: &Map<String, Value>, path: &str) -> Result<(), (SchemaFault, String)> {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    let fail = |fault, key: &str| Err((fault, at(key)));
    let type_name = |v: &Value| v.as_str().is_some_and(|t| SCHEMA_TYPES.contains(&t));
    match schema.get("type") {
        None => {}
        Some(Value::Array(list)) if !list.is_empty() && list.iter().all(type_name) => {}
        Some(t) if type_name(t) => {}
        Some(_) => return fail(SchemaFault::BadType, "type"),
    }
    if schema.get("description").is_some_and(|d| !d.is_string()) {
        return fail(SchemaFault::NotString, "description");
    }
    if schema
        .get("enum")
        .is_some_and(|e| e.as_array().is_none_or(Vec::is_empty))
    {
        return fail(SchemaFault::BadEnum, "enum");
    }
    let properties = match schema.get("properties") {
        None => None,
        Some(Value::Object(p)) => Some(p),
        Some(_) => return fail(SchemaFault::NotObject, "properties"),
    };
    for (name, property) in properties.into_iter().flatten() {
        let here = format!("{}.{name}", at("properties"));
        match property {
            Value::Object(p) => check_schema(p, &here)?,
            _ => return Err((SchemaFault::NotObject, here)),
        }
    }
    if let Some(required) = schema.get("required") {
        let names = required.as_array().filter(|r| r.iter().all(Value::is_string));
        let Some(names) = names else {
            return fail(SchemaFault::BadRequired, "required");
        };
        for (i, name) in names.iter().enumerate() {
            if !properties.is_some_and(|p| name.as_str().is_some_and(|n| p.contains_key(n))) {
                return Err((SchemaFault::UnknownRequired, format!("{}[{i}]", at("required"))));
            }
        }
    }
    match schema.get("items") {
        None => Ok(()),
        Some(Value::Object(items)) => check_schema(items, &at("items")),
        Some(_) => fail(SchemaFault::NotObject, "items"),
    }
}

/// `Name: value` lines (blank lines ignored) as a JSON object of strings.
fn parse_headers(text: &str) -> Result<Map<String, Value>, ToolError> {
    let mut map = Map::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(ToolError::BadHeader)?;
        let name = name.trim();
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(ToolError::BadHeader);
        }
        map.insert(name.to_string(), Value::String(value.trim().to_string()));
    }
    Ok(map)
}

fn is_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["https://", "http://"].iter().any(|p| {
        lower
            .strip_prefix(p)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
    })
}
