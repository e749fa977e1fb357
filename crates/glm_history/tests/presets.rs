//! System-prompt presets: reading the stored list (never mistaking damage for "none"), saving by name, deleting.

use glm_history::{
    ConversationSettings, Preset, PresetsError, delete_preset, find_preset, parse_presets, preset_name, presets_json,
    save_preset,
};

fn preset(name: &str, prompt: &str) -> Preset {
    Preset {
        name: name.into(),
        system_prompt: prompt.into(),
        settings: None,
    }
}

#[test]
fn nothing_stored_is_an_empty_list_and_a_list_round_trips() {
    assert_eq!(parse_presets(None), Ok(Vec::new()));
    let with_settings = Preset {
        settings: Some(ConversationSettings {
            model: "glm-4.6".into(),
            temperature: Some(0.2),
            ..ConversationSettings::default()
        }),
        ..preset("Translator", "Translate.")
    };
    let list = vec![preset("Pirate", "Arr."), with_settings];
    assert_eq!(parse_presets(Some(&presets_json(&list))), Ok(list));
    assert!(
        !presets_json(&[preset("a", "b")]).contains("settings"),
        "no settings: the key is left out"
    );
}

#[test]
fn damaged_foreign_or_newer_data_is_an_error_not_an_empty_list() {
    for bad in [
        "",
        "{",
        "[]",
        "null",
        r#"{"presets":[]}"#,
        r#"{"format":"other","version":1,"presets":[]}"#,
    ] {
        assert_eq!(parse_presets(Some(bad)), Err(PresetsError::Corrupt), "{bad:?}");
    }
    let broken_entry = r#"{"format":"glm-chat-presets","version":1,"presets":[{"system_prompt":"no name"}]}"#;
    assert_eq!(parse_presets(Some(broken_entry)), Err(PresetsError::Corrupt));
    let newer = r#"{"format":"glm-chat-presets","version":2,"presets":[]}"#;
    assert_eq!(parse_presets(Some(newer)), Err(PresetsError::TooNew));
    // Unknown fields from a later minor change are fine.
    let extra = r#"{"format":"glm-chat-presets","version":1,"presets":[{"name":"x","icon":"★"}],"sort":"name"}"#;
    assert_eq!(parse_presets(Some(extra)), Ok(vec![preset("x", "")]));
}

#[test]
fn saving_under_an_existing_name_replaces_it_in_place() {
    let mut list = vec![preset("Pirate", "Arr."), preset("Poet", "Rhyme.")];
    assert!(!save_preset(&mut list, preset("Chef", "Cook.")), "a new name is added");
    assert!(
        save_preset(&mut list, preset(" pirate ", "Arr, politely.")),
        "the same name, ignoring case and blanks"
    );
    assert_eq!(
        list.iter()
            .map(|p| (p.name.as_str(), p.system_prompt.as_str()))
            .collect::<Vec<_>>(),
        [(" pirate ", "Arr, politely."), ("Poet", "Rhyme."), ("Chef", "Cook.")]
    );
    assert_eq!(
        find_preset(&list, "POET").map(|p| p.system_prompt.as_str()),
        Some("Rhyme.")
    );
    assert!(delete_preset(&mut list, "poet"));
    assert!(!delete_preset(&mut list, "poet"), "already gone");
    assert_eq!(list.len(), 2);
}

#[test]
fn names_are_trimmed_and_at_most_60_characters() {
    assert_eq!(preset_name("  Pirate "), Some("Pirate".into()));
    assert_eq!(preset_name("   "), None);
    assert_eq!(preset_name(&"名".repeat(60)), Some("名".repeat(60)));
    assert_eq!(preset_name(&"n".repeat(61)), None);
}
