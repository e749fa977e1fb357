//! Validation of the tool editor's entries: function names, JSON-schema parameters, MCP and retrieval fields.

use glm_protocol::tools::{
    MAX_FUNCTIONS, SchemaFault, ToolEntry, ToolError, ToolField, ToolKind, ToolProblem, check_entries,
    valid_function_name,
};

fn problem(field: ToolField, error: ToolError) -> ToolProblem {
    ToolProblem { field, error }
}

fn function(name: &str, parameters: &str) -> ToolEntry {
    ToolEntry {
        name: name.into(),
        description: "d".into(),
        parameters: parameters.into(),
        ..ToolEntry::default()
    }
}

#[test]
fn function_names_follow_the_documented_pattern() {
    for good in ["a", "get_weather", "Get-Weather-2", &"x".repeat(64)] {
        assert!(valid_function_name(good), "{good:?}");
    }
    for bad in ["", "get weather", "get.weather", "wetter_für", &"x".repeat(65), "a\n"] {
        assert!(!valid_function_name(bad), "{bad:?}");
    }
    assert_eq!(
        function("get weather", "").problems(),
        [problem(ToolField::Name, ToolError::BadName)]
    );
    assert_eq!(
        function(" ", "").problems(),
        [problem(ToolField::Name, ToolError::Required)]
    );
    assert!(
        function(" padded ", "").problems().is_empty(),
        "blanks around the name are ignored"
    );
}

#[test]
fn parameters_must_be_a_json_object_schema() {
    assert!(function("f", "").problems().is_empty(), "no parameters at all is fine");
    assert!(function("f", r#"{"type":"object"}"#).problems().is_empty());
    let not_json = [problem(ToolField::Parameters, ToolError::NotJson)];
    assert_eq!(function("f", "{type: object}").problems(), not_json);
    assert_eq!(function("f", r#"{"type":"object""#).problems(), not_json);
    let not_object = [problem(ToolField::Parameters, ToolError::NotObjectSchema)];
    for bad in [
        r#"[]"#,
        r#""object""#,
        r#"{"type":"array"}"#,
        r#"{"properties":{}}"#,
        "42",
    ] {
        assert_eq!(function("f", bad).problems(), not_object, "{bad}");
    }
}

#[test]
fn every_problem_of_an_entry_is_reported_at_once() {
    let entry = ToolEntry {
        name: "bad name".into(),
        parameters: "nope".into(),
        ..ToolEntry::default()
    };
    assert_eq!(
        entry.problems(),
        [
            problem(ToolField::Name, ToolError::BadName),
            problem(ToolField::Description, ToolError::Required),
            problem(ToolField::Parameters, ToolError::NotJson)
        ]
    );
}

#[test]
fn mcp_entries_need_a_label_and_take_an_http_url_and_headers() {
    let mcp = |label: &str, url: &str, headers: &str| ToolEntry {
        kind: ToolKind::Mcp,
        server_label: label.into(),
        server_url: url.into(),
        headers: headers.into(),
        ..ToolEntry::default()
    };
    assert!(mcp("search", "", "").problems().is_empty());
    assert!(
        mcp("mine", "https://mcp.example/sse", "Authorization: Bearer x")
            .problems()
            .is_empty()
    );
    assert_eq!(
        mcp("", "https://mcp.example", "").problems(),
        [problem(ToolField::ServerLabel, ToolError::Required)]
    );
    for bad in ["ftp://x", "mcp.example", "https://", "https://a b"] {
        assert_eq!(
            mcp("m", bad, "").problems(),
            [problem(ToolField::ServerUrl, ToolError::BadUrl)],
            "{bad}"
        );
    }
    for bad in ["no colon", ": value", "Bad Name: x"] {
        assert_eq!(
            mcp("m", "", bad).problems(),
            [problem(ToolField::Headers, ToolError::BadHeader)],
            "{bad}"
        );
    }
}

#[test]
fn retrieval_entries_need_a_knowledge_id() {
    let kb = |id: &str| ToolEntry {
        kind: ToolKind::Retrieval,
        knowledge_id: id.into(),
        ..ToolEntry::default()
    };
    assert!(kb("123").problems().is_empty());
    assert_eq!(
        kb("  ").problems(),
        [problem(ToolField::KnowledgeId, ToolError::Required)]
    );
}

#[test]
fn enabled_function_names_are_unique_and_at_most_128() {
    let list = vec![function("a", ""), function("b", ""), function("a", "")];
    assert_eq!(
        check_entries(&list),
        Some((2, vec![problem(ToolField::Name, ToolError::DuplicateName)]))
    );
    let mut off = list.clone();
    off[0].enabled = false;
    assert_eq!(check_entries(&off), None, "a disabled entry does not count");
    let many: Vec<ToolEntry> = (0..=MAX_FUNCTIONS).map(|i| function(&format!("f{i}"), "")).collect();
    assert_eq!(check_entries(&many[..MAX_FUNCTIONS]), None);
    assert_eq!(
        check_entries(&many),
        Some((MAX_FUNCTIONS, vec![problem(ToolField::Name, ToolError::TooMany)]))
    );
}

#[test]
fn entries_round_trip_and_old_or_partial_ones_read() {
    let e = function("get_weather", r#"{"type":"object"}"#);
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(serde_json::from_str::<ToolEntry>(&json).unwrap(), e);
    let partial: ToolEntry = serde_json::from_str(r#"{"kind":"retrieval","knowledge_id":"k","future":1}"#).unwrap();
    assert_eq!(
        (partial.kind, partial.enabled, partial.transport.as_str()),
        (ToolKind::Retrieval, true, "streamable-http")
    );
}

fn bad_schema(fault: SchemaFault, path: &str) -> [ToolProblem; 1] {
    [problem(
        ToolField::Parameters,
        ToolError::BadSchema {
            fault,
            path: path.into(),
        },
    )]
}

#[test]
fn well_formed_schemas_of_every_shape_pass() {
    for good in [
        r#"{"type":"object","properties":{"city":{"type":"string","description":"City name"}},"required":["city"]}"#,
        r#"{"type":"object","description":"root","properties":{"unit":{"type":"string","enum":["c","f"]}}}"#,
        r#"{"type":"object","properties":{"n":{"type":["integer","null"]},"any":{}}}"#,
        r#"{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string","enum":[1,"a",null]}}}}"#,
        r#"{"type":"object","properties":{"at":{"type":"object","properties":{"lat":{"type":"number"}},"required":["lat"]}}}"#,
        r#"{"type":"object","properties":{},"required":[],"additionalProperties":false}"#,
    ] {
        assert!(function("f", good).problems().is_empty(), "{good}");
    }
}

#[test]
fn malformed_schemas_are_refused_with_what_and_where() {
    let cases = [
        (
            r#"{"type":"object","properties":[]}"#,
            SchemaFault::NotObject,
            "properties",
        ),
        (
            r#"{"type":"object","properties":{"city":"string"}}"#,
            SchemaFault::NotObject,
            "properties.city",
        ),
        (
            r#"{"type":"object","properties":{"city":{"type":"text"}}}"#,
            SchemaFault::BadType,
            "properties.city.type",
        ),
        (
            r#"{"type":"object","properties":{"city":{"type":3}}}"#,
            SchemaFault::BadType,
            "properties.city.type",
        ),
        (
            r#"{"type":"object","properties":{"city":{"type":[]}}}"#,
            SchemaFault::BadType,
            "properties.city.type",
        ),
        (
            r#"{"type":"object","properties":{"n":{"type":["integer","int"]}}}"#,
            SchemaFault::BadType,
            "properties.n.type",
        ),
        (
            r#"{"type":"object","properties":{"unit":{"enum":[]}}}"#,
            SchemaFault::BadEnum,
            "properties.unit.enum",
        ),
        (
            r#"{"type":"object","properties":{"unit":{"enum":"c"}}}"#,
            SchemaFault::BadEnum,
            "properties.unit.enum",
        ),
        (
            r#"{"type":"object","properties":{"tags":{"type":"array","items":[]}}}"#,
            SchemaFault::NotObject,
            "properties.tags.items",
        ),
        (
            r#"{"type":"object","properties":{"tags":{"items":{"type":"str"}}}}"#,
            SchemaFault::BadType,
            "properties.tags.items.type",
        ),
        (
            r#"{"type":"object","properties":{"at":{"type":"object","properties":{"lat":{"type":"float"}}}}}"#,
            SchemaFault::BadType,
            "properties.at.properties.lat.type",
        ),
        (
            r#"{"type":"object","properties":{"city":{}},"required":"city"}"#,
            SchemaFault::BadRequired,
            "required",
        ),
        (
            r#"{"type":"object","properties":{"city":{}},"required":["city",1]}"#,
            SchemaFault::BadRequired,
            "required",
        ),
        (
            r#"{"type":"object","properties":{"city":{}},"required":["city","zip"]}"#,
            SchemaFault::UnknownRequired,
            "required[1]",
        ),
        (
            r#"{"type":"object","required":["city"]}"#,
            SchemaFault::UnknownRequired,
            "required[0]",
        ),
        (
            r#"{"type":"object","properties":{"at":{"type":"object","properties":{},"required":["x"]}}}"#,
            SchemaFault::UnknownRequired,
            "properties.at.required[0]",
        ),
        (
            r#"{"type":"object","description":7}"#,
            SchemaFault::NotString,
            "description",
        ),
        (
            r#"{"type":"object","properties":{"city":{"description":{"en":"x"}}}}"#,
            SchemaFault::NotString,
            "properties.city.description",
        ),
    ];
    for (schema, fault, path) in cases {
        assert_eq!(function("f", schema).problems(), bad_schema(fault, path), "{schema}");
    }
    // A malformed schema is never sent.
    assert!(
        function("f", r#"{"type":"object","properties":{"city":{"type":"text"}}}"#)
            .to_tool()
            .is_err()
    );
}
