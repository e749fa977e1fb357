//! JSON export and import: round trips, every kind of bad file, migration from version 1, and no key in exports.

mod common;

use common::*;
use glm_history::{
    ConversationProblem, EXPORT_FORMAT, ImportError, InvalidConversation, MessageBody, MessageId, SCHEMA_VERSION,
    export_json, import_json, merge,
};
use serde_json::{Value, json};

#[test]
fn an_export_imports_back_equal() {
    let (mut c, [_, _, q2, _]) = two_turns("c1");
    c.edit_user(&q2, "edited", 6_000).unwrap();
    c.push(MessageBody::assistant(rich_reply()), 7_000);
    c.pinned = true;
    c.settings.temperature = Some(0.7);
    let all = vec![c, empty("c2")];
    assert_eq!(import_json(&export_json(&all, 9)).unwrap(), all);
}

/// Recognises the error a bad file should produce.
type Check = fn(&ImportError) -> bool;

#[test]
fn every_bad_file_is_refused_with_a_readable_reason_and_nothing_changes() {
    let (mine, _) = two_turns("mine");
    let mut list = vec![mine];
    let before = list.clone();
    let v = SCHEMA_VERSION;
    let cases: Vec<(String, Check)> = vec![
        ("{\"format\": ".into(), |e| matches!(e, ImportError::NotJson(_))),
        ("[1, 2]".into(), |e| *e == ImportError::NotOurFormat),
        (
            json!({"format": "other-app", "version": 2, "conversations": []}).to_string(),
            |e| *e == ImportError::NotOurFormat,
        ),
        (json!({"format": EXPORT_FORMAT, "conversations": []}).to_string(), |e| {
            *e == ImportError::NotOurFormat
        }),
        (
            json!({"format": EXPORT_FORMAT, "version": v, "conversations": {}}).to_string(),
            |e| *e == ImportError::NotOurFormat,
        ),
        (
            json!({"format": EXPORT_FORMAT, "version": 99, "conversations": []}).to_string(),
            |e| matches!(e, ImportError::UnsupportedVersion { found: 99, .. }),
        ),
        (
            json!({"format": EXPORT_FORMAT, "version": 0, "conversations": []}).to_string(),
            |e| matches!(e, ImportError::UnsupportedVersion { found: 0, .. }),
        ),
        (
            json!({"format": EXPORT_FORMAT, "version": v, "conversations": [{"id": "ok"}, {"title": "no id"}]})
                .to_string(),
            |e| matches!(e, ImportError::InvalidConversation { position: 2, id, problem: ConversationProblem::Shape(_) } if id == "?"),
        ),
        (
            json!({"format": EXPORT_FORMAT, "version": v, "conversations": [{"id": "x", "messages": [
                {"id": "m1", "parent": "m7", "body": {"role": "user", "text": "hi"}}
            ]}]})
            .to_string(),
            |e| {
                matches!(
                    e,
                    ImportError::InvalidConversation {
                        position: 1,
                        problem: ConversationProblem::Invalid(InvalidConversation::MissingParent { .. }),
                        ..
                    }
                )
            },
        ),
        (
            json!({"format": EXPORT_FORMAT, "version": v, "conversations": [7]}).to_string(),
            |e| {
                matches!(
                    e,
                    ImportError::InvalidConversation {
                        problem: ConversationProblem::NotAnObject,
                        ..
                    }
                )
            },
        ),
    ];
    for (file, expected) in cases {
        let result = import_json(&file).map(|incoming| merge(&list, incoming, || unreachable!()).apply(&mut list));
        let err = result.expect_err(&file);
        assert!(expected(&err), "{file} gave {err:?}");
        let message = err.to_string();
        assert!(message.ends_with('.') && message.len() > 20, "readable: {message}");
        assert_eq!(list, before, "a refused file changes nothing");
    }
    let newer = import_json(&json!({"format": EXPORT_FORMAT, "version": 99, "conversations": []}).to_string());
    let newest = format!("this app reads versions 1 to {v}. A newer version of the app may open it.");
    assert_eq!(
        newer.unwrap_err().to_string(),
        format!("This file uses export version 99, but {newest}")
    );
    let err =
        import_json(&json!({"format": EXPORT_FORMAT, "version": v, "conversations": [{"title": "t"}]}).to_string());
    assert_eq!(
        err.unwrap_err().to_string(),
        "Conversation 1 (?) in this file cannot be read: missing field `id`."
    );
}

#[test]
fn a_version_1_file_opens_as_a_tree() {
    let old = json!({
        "format": EXPORT_FORMAT,
        "version": 1,
        "exported_ms": 5,
        "conversations": [
            {"id": "old", "title": "Hello", "created_ms": 100, "updated_ms": 300, "model": "glm-4.5",
             "system_prompt": "Be kind", "messages": [
                {"role": "user", "text": "Hello", "created_ms": 100},
                {"role": "assistant", "reply": {"content": "Hi!", "status": "done", "finish": "stop"}},
                {"role": "user", "text": "Thanks"}
             ]},
            {"id": "renamed", "title": "My own title", "messages": [{"role": "user", "text": "question"}]},
            {"id": "blank"}
        ]
    });
    let got = import_json(&old.to_string()).unwrap();
    let c = &got[0];
    assert_eq!(path_texts(c), ["Hello", "Hi!", "Thanks"]);
    assert_eq!(c.messages[1].parent, Some(MessageId::new("m1")));
    assert_eq!(
        c.messages[2].created_ms, 100,
        "a missing time falls back to the conversation's creation"
    );
    assert_eq!(c.current_leaf, Some(MessageId::new("m3")));
    assert_eq!(
        (c.settings.model.as_str(), c.settings.system_prompt.as_str()),
        ("glm-4.5", "Be kind")
    );
    assert!(c.settings.stream, "settings that version 1 lacked take their defaults");
    assert!(!c.title_is_custom && !c.pinned);
    assert!(
        got[1].title_is_custom,
        "a title unlike the first question was the user's"
    );
    assert!(got[2].messages.is_empty() && got[2].current_leaf.is_none());

    // Once migrated it is current data: it exports as the newest version and reads back the same.
    let again = import_json(&export_json(&got, 6)).unwrap();
    assert_eq!(again, got);
}

#[test]
fn no_export_contains_anything_named_like_a_key() {
    let (mut c, _) = two_turns("c");
    c.push(MessageBody::assistant(rich_reply()), 9_000);
    c.settings.system_prompt = "prompt".into();
    let exported: Value = serde_json::from_str(&export_json(&[c], 1)).unwrap();
    let mut names = Vec::new();
    collect_names(&exported, &mut names);
    assert!(
        names.iter().any(|n| n == "reasoning"),
        "the walk saw the reply: {names:?}"
    );
    for name in names {
        let n = name.to_ascii_lowercase().replace(['-', '_'], "");
        for bad in ["key", "secret", "authorization", "bearer", "password", "credential"] {
            assert!(!n.contains(bad), "field `{name}` looks like a credential");
        }
    }
}

fn collect_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                out.push(k.clone());
                collect_names(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_names(i, out)),
        _ => {}
    }
}
