//! Each parameter field at and around its documented boundaries (reference §2.1).

use glm_protocol::models::model_info;
use glm_protocol::params::{
    FieldError, ParamField, ParamProblem, RequestParams, check, format_stop, parse_max_tokens, parse_request_id_prefix,
    parse_stop, parse_temperature, parse_top_p, parse_user_id, uuid_v4,
};

#[test]
fn temperature_is_0_to_1() {
    assert_eq!(parse_temperature(""), Ok(None), "empty: the model's default");
    assert_eq!(parse_temperature("  "), Ok(None));
    assert_eq!(parse_temperature("0"), Ok(Some(0.0)));
    assert_eq!(parse_temperature("1"), Ok(Some(1.0)));
    assert_eq!(parse_temperature("1.0"), Ok(Some(1.0)));
    assert_eq!(parse_temperature("0.99"), Ok(Some(0.99)));
    for bad in ["1.01", "1.0001", "-0", "-0.1", "2", "abc", "0,5", "1e0"] {
        assert_eq!(parse_temperature(bad), Err(FieldError::OutOfRange), "{bad:?}");
    }
}

#[test]
fn top_p_is_0_01_to_1() {
    assert_eq!(parse_top_p("0.01"), Ok(Some(0.01)));
    assert_eq!(parse_top_p("1"), Ok(Some(1.0)));
    for bad in ["0", "0.009", "0.00", "1.01"] {
        assert_eq!(parse_top_p(bad), Err(FieldError::OutOfRange), "{bad:?}");
    }
}

#[test]
fn temperature_and_top_p_take_at_most_two_decimal_places() {
    for (text, v) in [
        ("0.5", 0.5),
        (".95", 0.95),
        ("1", 1.0),
        ("0.01", 0.01),
        ("0.50", 0.5),
        ("0.500", 0.5),
        ("1.000", 1.0),
    ] {
        assert_eq!(parse_temperature(text), Ok(Some(v)), "{text:?}");
        assert_eq!(parse_top_p(text), Ok(Some(v)), "{text:?}");
    }
    for bad in ["0.123", ".101", "0.999", "0.015", " 0.3333 "] {
        assert_eq!(parse_temperature(bad), Err(FieldError::TooPrecise), "{bad:?}");
        assert_eq!(parse_top_p(bad), Err(FieldError::TooPrecise), "{bad:?}");
    }
    // Out of range wins: the range is the first thing to fix.
    assert_eq!(parse_top_p("0.009"), Err(FieldError::OutOfRange));
    assert_eq!(parse_temperature("1.001"), Err(FieldError::OutOfRange));
    assert_eq!(parse_temperature(".001"), Err(FieldError::TooPrecise));
}

#[test]
fn stored_values_with_more_places_are_not_sent() {
    let p = RequestParams::default();
    let g46 = model_info("glm-4.6");
    for v in [0.0, 0.01, 0.07, 0.29, 0.5, 0.95, 0.99, 1.0] {
        assert_eq!(check(Some(v), Some(v.max(0.01)), None, &p, &g46), None, "{v}");
    }
    let problem = |field, error| Some(ParamProblem { field, error });
    assert_eq!(
        check(Some(0.123), None, None, &p, &g46),
        problem(ParamField::Temperature, FieldError::TooPrecise)
    );
    assert_eq!(
        check(None, Some(0.955), None, &p, &g46),
        problem(ParamField::TopP, FieldError::TooPrecise)
    );
}

#[test]
fn max_tokens_is_1_to_the_models_limit() {
    let plus = model_info("glm-4-plus");
    assert_eq!(parse_max_tokens("1", &plus), Ok(Some(1)));
    assert_eq!(parse_max_tokens("4095", &plus), Ok(Some(4095)));
    assert_eq!(parse_max_tokens("4096", &plus), Err(FieldError::OutOfRange));
    assert_eq!(parse_max_tokens("0", &plus), Err(FieldError::OutOfRange));
    let g46 = model_info("glm-4.6");
    assert_eq!(parse_max_tokens("131072", &g46), Ok(Some(131_072)));
    assert_eq!(parse_max_tokens("131073", &g46), Err(FieldError::OutOfRange));
    let g45 = model_info("glm-4.5");
    assert_eq!(parse_max_tokens("98304", &g45), Ok(Some(98_304)));
    assert_eq!(parse_max_tokens("98305", &g45), Err(FieldError::OutOfRange));
    let voice = model_info("glm-4-voice");
    assert_eq!(parse_max_tokens("4096", &voice), Ok(Some(4096)));
    assert_eq!(parse_max_tokens("4097", &voice), Err(FieldError::OutOfRange));
    // An unknown model falls back to the schema's limit.
    let custom = model_info("my-finetune");
    assert_eq!(parse_max_tokens("131072", &custom), Ok(Some(131_072)));
    assert_eq!(parse_max_tokens("131073", &custom), Err(FieldError::OutOfRange));
    for bad in ["1.5", "-1", "ten", "99999999999"] {
        assert_eq!(parse_max_tokens(bad, &g46), Err(FieldError::OutOfRange), "{bad:?}");
    }
}

#[test]
fn one_stop_word_up_to_100_characters_with_escapes() {
    assert_eq!(parse_stop(""), Ok(None));
    assert_eq!(parse_stop("END"), Ok(Some("END".into())));
    assert_eq!(parse_stop(" "), Ok(Some(" ".into())), "a blank is a valid stop word");
    assert_eq!(parse_stop(r"\n\n"), Ok(Some("\n\n".into())));
    assert_eq!(parse_stop(r"a\tb\\n"), Ok(Some("a\tb\\n".into())));
    assert_eq!(
        parse_stop(r"\x"),
        Ok(Some(r"\x".into())),
        "unknown escapes stay as typed"
    );
    assert_eq!(parse_stop("x".repeat(100).as_str()), Ok(Some("x".repeat(100))));
    assert_eq!(parse_stop("x".repeat(101).as_str()), Err(FieldError::TooLong));
    assert_eq!(
        parse_stop("停".repeat(100).as_str()).map(|s| s.map(|s| s.chars().count())),
        Ok(Some(100))
    );
    for stored in ["\n\nEND", "a\\b", "tab\there", "plain"] {
        assert_eq!(
            parse_stop(&format_stop(stored)),
            Ok(Some(stored.to_string())),
            "{stored:?}"
        );
    }
}

#[test]
fn user_id_is_6_to_128_characters() {
    assert_eq!(parse_user_id(""), Ok(None));
    assert_eq!(parse_user_id("12345"), Err(FieldError::TooShort));
    assert_eq!(parse_user_id("123456"), Ok(Some("123456".into())));
    assert_eq!(
        parse_user_id("  123456  "),
        Ok(Some("123456".into())),
        "blanks around are ignored"
    );
    assert_eq!(
        parse_user_id("用户一二三四"),
        Ok(Some("用户一二三四".into())),
        "characters, not bytes"
    );
    assert_eq!(parse_user_id(&"u".repeat(128)), Ok(Some("u".repeat(128))));
    assert_eq!(parse_user_id(&"u".repeat(129)), Err(FieldError::TooLong));
}

#[test]
fn request_id_prefix_is_short_and_plain() {
    assert_eq!(parse_request_id_prefix(""), Ok(String::new()));
    assert_eq!(parse_request_id_prefix("app_1-"), Ok("app_1-".into()));
    assert_eq!(parse_request_id_prefix(&"p".repeat(28)), Ok("p".repeat(28)));
    assert_eq!(parse_request_id_prefix(&"p".repeat(29)), Err(FieldError::TooLong));
    for bad in ["a b", "a.b", "ä", "a/b"] {
        assert_eq!(parse_request_id_prefix(bad), Err(FieldError::BadCharacter), "{bad:?}");
    }
}

#[test]
fn uuids_are_version_4_and_fit_the_request_id_limit() {
    let id = uuid_v4([0xff; 16]);
    assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    assert_eq!(format!("{}{}", "p".repeat(28), id).len(), 64);
}

#[test]
fn check_covers_stored_values_against_the_model() {
    let p = RequestParams::default();
    let g46 = model_info("glm-4.6");
    assert_eq!(check(Some(0.0), Some(0.01), Some(1), &p, &g46), None);
    assert_eq!(check(Some(1.0), Some(1.0), Some(131_072), &p, &g46), None);
    assert!(check(None, None, Some(0), &p, &g46).is_some());
    assert!(check(None, None, Some(5000), &p, &model_info("glm-4-plus")).is_some());
    assert!(check(None, Some(0.0), None, &p, &g46).is_some());
    let long_stop = RequestParams {
        stop: Some("x".repeat(101)),
        ..RequestParams::default()
    };
    assert!(check(None, None, None, &long_stop, &g46).is_some());
    let bad_prefix = RequestParams {
        request_id_prefix: "a b".into(),
        ..RequestParams::default()
    };
    assert!(check(None, None, None, &bad_prefix, &g46).is_some());
}
