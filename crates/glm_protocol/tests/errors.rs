//! Error bodies of both shapes and odd ones, the code and status tables, and the user-facing text.

use glm_protocol::wire::ErrorDetail;
use glm_protocol::{ApiError, ErrorKind, Lang};

struct Case {
    status: u16,
    body: &'static str,
    kind: ErrorKind,
    code: Option<&'static str>,
    retryable: bool,
}

const fn case(status: u16, body: &'static str, kind: ErrorKind, code: Option<&'static str>, retryable: bool) -> Case {
    Case {
        status,
        body,
        kind,
        code,
        retryable,
    }
}

#[test]
fn http_error_table() {
    use ErrorKind::*;
    let cases = [
        // Wrapped, string code (BigModel docs).
        case(
            401,
            r#"{"error":{"code":"1002","message":"Authorization Token非法，请确认Authorization Token正确传递。"}}"#,
            Auth,
            Some("1002"),
            false,
        ),
        // Flat, numeric code (Z.ai OpenAPI).
        case(
            401,
            r#"{"code":1001,"message":"Header中未收到Authorization参数"}"#,
            Auth,
            Some("1001"),
            false,
        ),
        case(
            400,
            r#"{"error":{"code":"1301","message":"系统检测到输入或生成内容可能包含不安全或敏感内容"}}"#,
            ContentPolicy,
            Some("1301"),
            false,
        ),
        case(
            400,
            r#"{"error":{"code":"1261","message":"Prompt exceeds max length"}}"#,
            PromptTooLong,
            Some("1261"),
            false,
        ),
        case(
            400,
            r#"{"error":{"code":"1211","message":"模型不存在，请检查模型代码。"}}"#,
            ModelNotFound,
            Some("1211"),
            false,
        ),
        case(
            400,
            r#"{"error":{"code":"1214","message":"messages 参数非法"}}"#,
            InvalidRequest,
            Some("1214"),
            false,
        ),
        case(400, "", InvalidRequest, None, false),
        // 429 is many things; the code decides.
        case(
            429,
            r#"{"error":{"code":"1302","message":"Rate limit reached for requests"}}"#,
            RateLimit,
            Some("1302"),
            true,
        ),
        case(
            429,
            r#"{"error":{"code":"1303","message":"请求频率过高"}}"#,
            RateLimit,
            Some("1303"),
            true,
        ),
        case(
            429,
            r#"{"error":{"code":"1113","message":"余额不足或无可用资源包,请充值。"}}"#,
            Balance,
            Some("1113"),
            false,
        ),
        case(
            429,
            r#"{"error":{"code":"1305","message":"该模型当前访问量过大，请您稍后再试"},"request_id":"20260101"}"#,
            Overloaded,
            Some("1305"),
            true,
        ),
        case(
            429,
            r#"{"error":{"code":"1310","message":"Weekly limit reached, resets at 2026-01-05"}}"#,
            QuotaReached,
            Some("1310"),
            false,
        ),
        case(
            429,
            r#"{"error":{"code":"1304","message":"daily quota"}}"#,
            QuotaReached,
            Some("1304"),
            false,
        ),
        case(
            429,
            r#"{"error":{"code":"1308","message":"usage limit"}}"#,
            QuotaReached,
            Some("1308"),
            false,
        ),
        case(
            429,
            r#"{"error":{"code":"1313","message":"fair use"}}"#,
            QuotaReached,
            Some("1313"),
            false,
        ),
        case(
            429,
            r#"{"error":{"code":"1312","message":"model overloaded"}}"#,
            Overloaded,
            Some("1312"),
            true,
        ),
        case(
            429,
            r#"{"error":{"code":"1112","message":"账户已被锁定"}}"#,
            AccountLocked,
            Some("1112"),
            false,
        ),
        case(429, "", RateLimit, None, true),
        case(
            429,
            r#"{"error":{"code":"9999","message":"new code"}}"#,
            RateLimit,
            Some("9999"),
            true,
        ),
        case(
            500,
            r#"{"error":{"code":"500","message":"Internal Error"}}"#,
            Server,
            Some("500"),
            true,
        ),
        case(
            500,
            "<html><head><title>500 Internal Server Error</title></head><body>nginx</body></html>",
            Server,
            None,
            true,
        ),
        case(
            502,
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
            Server,
            None,
            true,
        ),
        case(503, "", Server, None, true),
        case(
            503,
            r#"{"error":{"code":"1305","message":"The service may be temporarily overloaded"}}"#,
            Overloaded,
            Some("1305"),
            true,
        ),
        case(504, "upstream request timeout", Server, None, true),
        case(404, "Not Found", NotFound, None, false),
        case(403, "", NoPermission, None, false),
        case(
            434,
            r#"{"error":{"code":"1220","message":"无权访问"}}"#,
            NoPermission,
            Some("1220"),
            false,
        ),
        case(
            403,
            r#"{"error":{"code":"1311","message":"plan has no access to glm-4.6"}}"#,
            NoPermission,
            Some("1311"),
            false,
        ),
        case(
            401,
            r#"{"error":{"code":"1309","message":"GLM Coding Plan expired"}}"#,
            Balance,
            Some("1309"),
            false,
        ),
        case(418, "", InvalidRequest, None, false),
        case(302, "", Unknown, None, false),
    ];
    for c in cases {
        let e = ApiError::from_http(c.status, c.body);
        let label = format!("{} {}", c.status, c.body);
        assert_eq!(e.kind, c.kind, "kind of {label}");
        assert_eq!(e.code.as_deref(), c.code, "code of {label}");
        assert_eq!(e.status, Some(c.status), "status of {label}");
        assert_eq!(e.retryable(), c.retryable, "retryable of {label}");
        for lang in [Lang::En, Lang::Zh] {
            assert!(!e.title(lang).is_empty() && !e.advice(lang).is_empty(), "{label}");
        }
    }
}

#[test]
fn every_documented_business_code_has_a_kind() {
    let codes = [
        "500", "1000", "1001", "1002", "1003", "1004", "1100", "1110", "1111", "1112", "1113", "1120", "1121", "1200",
        "1210", "1211", "1212", "1213", "1214", "1215", "1220", "1221", "1222", "1230", "1231", "1234", "1261", "1300",
        "1301", "1302", "1303", "1304", "1305", "1308", "1309", "1310", "1311", "1312", "1313",
    ];
    for code in codes {
        let detail = ErrorDetail {
            code: Some(code.to_string()),
            message: None,
        };
        // Status 200 says nothing, so only the code can have given the kind.
        let e = ApiError::from_detail(&detail, Some(200));
        assert_ne!(e.kind, ErrorKind::Unknown, "code {code}");
        assert_ne!(e.kind, ErrorKind::InvalidResponse, "code {code}");
    }
}

#[test]
fn retryability_follows_the_reference() {
    let retry = ["1302", "1303", "1305", "1312"];
    let no_retry = [
        "1113", "1301", "1000", "1001", "1002", "1003", "1004", "1261", "1211", "1304", "1308", "1309", "1310", "1311",
        "1313",
    ];
    for code in retry {
        assert!(
            ApiError::from_detail(
                &ErrorDetail {
                    code: Some(code.into()),
                    message: None
                },
                None
            )
            .retryable(),
            "{code}"
        );
    }
    for code in no_retry {
        // Even when the status alone would be retryable.
        assert!(
            !ApiError::from_http(429, &format!(r#"{{"error":{{"code":"{code}"}}}}"#)).retryable(),
            "{code}"
        );
    }
    assert!(ApiError::network("Failed to fetch").retryable());
    assert!(!ApiError::from_http(400, "").retryable());
    assert!(!ApiError::from_http(401, "").retryable());
}

#[test]
fn business_code_wins_over_status() {
    let e = ApiError::from_http(429, r#"{"error":{"code":"1113","message":"余额不足"}}"#);
    assert_eq!(e.kind, ErrorKind::Balance);
    assert_eq!(e.title(Lang::En), "Insufficient balance");
    assert!(e.advice(Lang::En).contains("Top up"));
    assert!(e.advice(Lang::Zh).contains("充值"));
}

#[test]
fn message_is_kept_for_detail() {
    let e = ApiError::from_http(
        429,
        r#"{"error":{"code":"1302","message":"Rate limit reached for requests"}}"#,
    );
    assert_eq!(e.message.as_deref(), Some("Rate limit reached for requests"));
    let flat = ApiError::from_http(400, r#"{"code":"1210","msg":"参数错误"}"#);
    assert_eq!(
        (flat.code.as_deref(), flat.message.as_deref()),
        (Some("1210"), Some("参数错误"))
    );
    let string_error = ApiError::from_http(500, r#"{"error":"upstream exploded"}"#);
    assert_eq!(string_error.message.as_deref(), Some("upstream exploded"));
}

#[test]
fn odd_bodies_are_tolerated() {
    let html = ApiError::from_http(
        502,
        "<!DOCTYPE html><html><head><TITLE> 502 Bad Gateway </TITLE></head></html>",
    );
    assert_eq!(html.message.as_deref(), Some("502 Bad Gateway"));
    let bare_html = ApiError::from_http(502, "<html><body><script>alert(1)</script></body></html>");
    assert_eq!(bare_html.message, None, "raw markup is never kept");
    let empty = ApiError::from_http(503, "  \n");
    assert_eq!((empty.code.clone(), empty.message.clone()), (None, None));
    assert_eq!(empty.title(Lang::En), "Service unavailable");
    let json_without_error = ApiError::from_http(500, r#"{"status":"bad"}"#);
    assert_eq!(
        (json_without_error.kind, json_without_error.code.clone()),
        (ErrorKind::Server, None)
    );
    let array = ApiError::from_http(400, "[1,2,3]");
    assert_eq!(array.kind, ErrorKind::InvalidRequest);
    let long = ApiError::from_http(500, &"x".repeat(5000));
    assert!(long.message.as_deref().is_some_and(|m| m.chars().count() <= 501));
}

#[test]
fn data_code_prefers_code_then_status_then_kind() {
    assert_eq!(
        ApiError::from_http(429, r#"{"error":{"code":"1302"}}"#).data_code(),
        "1302"
    );
    assert_eq!(ApiError::from_http(500, "").data_code(), "500");
    assert_eq!(ApiError::network("Failed to fetch").data_code(), "network");
    // A code that could not be an attribute value falls back.
    assert_eq!(
        ApiError::from_http(400, r#"{"code":"<script>\"x\"","message":"m"}"#).data_code(),
        "400"
    );
}

#[test]
fn display_is_title_and_code_and_never_the_message() {
    let key = "0123456789abcdef0123456789abcdef.AbCdEfGh12345678";
    let e = ApiError::from_http(
        401,
        &format!(r#"{{"error":{{"code":"1002","message":"bad token {key}"}}}}"#),
    );
    assert_eq!(e.to_string(), "Invalid API key (1002)");
    assert_eq!(ApiError::network("x").to_string(), "Network error (network)");
    assert!(!format!("{e}").contains(key));
}

#[test]
fn key_like_text_in_messages_is_redacted() {
    let key = "0123456789abcdef0123456789abcdef.AbCdEfGh12345678";
    let e = ApiError::from_http(
        401,
        &format!(r#"{{"error":{{"code":"1002","message":"Token {key}. is invalid"}}}}"#),
    );
    let message = e.message.expect("message");
    assert!(!message.contains(key), "{message}");
    assert!(message.contains("[redacted]"));
    assert!(message.ends_with(". is invalid"), "{message}");
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJhcGlfa2V5IjoiMTIzIn0.c2lnbmF0dXJlMTIz";
    assert!(
        !ApiError::network(format!("Bearer {jwt}"))
            .message
            .unwrap_or_default()
            .contains(jwt)
    );
    // Ordinary text, URLs and request ids survive.
    let plain = ApiError::network("request 20250926190540c29952ed24ae4570 to https://open.bigmodel.cn/api failed");
    assert_eq!(
        plain.message.as_deref(),
        Some("request 20250926190540c29952ed24ae4570 to https://open.bigmodel.cn/api failed")
    );
}

#[test]
fn titles_and_advice_per_kind() {
    let auth = ApiError::from_http(401, r#"{"error":{"code":"1002"}}"#);
    assert_eq!(auth.title(Lang::En), "Invalid API key");
    assert_eq!(auth.title(Lang::Zh), "API Key 无效");
    assert!(auth.advice(Lang::En).contains("Settings"));
    let expired = ApiError::from_http(401, r#"{"error":{"code":"1003"}}"#);
    assert!(expired.title(Lang::En).contains("expired"));
    assert!(expired.advice(Lang::En).contains("expired"));
    let rate = ApiError::from_http(429, r#"{"error":{"code":"1302"}}"#);
    assert!(rate.advice(Lang::En).contains("wait"));
    let policy = ApiError::from_http(400, r#"{"error":{"code":"1301"}}"#);
    assert!(policy.advice(Lang::En).contains("Rephrase"));
    let long = ApiError::from_http(400, r#"{"error":{"code":"1261"}}"#);
    assert!(long.advice(Lang::En).contains("new chat"));
    let model = ApiError::from_http(400, r#"{"error":{"code":"1211"}}"#);
    assert!(model.advice(Lang::En).contains("model id"));
    let plan = ApiError::from_http(403, r#"{"error":{"code":"1311"}}"#);
    assert!(plan.advice(Lang::En).contains("plan"));
    let quota = ApiError::from_http(429, r#"{"error":{"code":"1308"}}"#);
    assert!(quota.advice(Lang::En).contains("resets"));
    let network = ApiError::network("Failed to fetch");
    assert!(network.advice(Lang::En).contains("CORS"));
    assert!(network.advice(Lang::Zh).contains("网络"));
    let server = ApiError::from_http(500, "");
    assert!(server.advice(Lang::En).contains("Try again"));
}

#[test]
fn error_kind_and_lang_serde_names() {
    assert_eq!(
        serde_json::to_string(&ErrorKind::RateLimit).ok().as_deref(),
        Some("\"rate_limit\"")
    );
    assert_eq!(ErrorKind::QuotaReached.as_str(), "quota_reached");
    assert_eq!(serde_json::to_string(&Lang::Zh).ok().as_deref(), Some("\"zh\""));
    assert_eq!(Lang::default(), Lang::En);
    let e = ApiError::from_http(429, r#"{"error":{"code":"1302","message":"m"}}"#);
    let back: ApiError = serde_json::from_str(&serde_json::to_string(&e).expect("ser")).expect("de");
    assert_eq!(back, e);
}

/// A key the key-like heuristic does not catch (a custom endpoint's token: no digits, no dots).
const PLAIN_KEY: &str = "my-proxy-token-abcdefgh";

#[test]
fn the_users_key_is_hidden_from_echoed_error_text() {
    // Echoed in the JSON message, with and without `Bearer `, and in the code.
    let body = format!(
        r#"{{"error":{{"code":"{PLAIN_KEY}","message":"Authorization: Bearer {PLAIN_KEY} rejected ({PLAIN_KEY})"}}}}"#
    );
    let raw = ApiError::from_http(401, &body);
    assert!(
        raw.message.as_deref().unwrap_or_default().contains(PLAIN_KEY),
        "the heuristic alone misses it"
    );
    let e = ApiError::from_http(401, &body).hiding(PLAIN_KEY);
    let message = e.message.clone().expect("message");
    assert_eq!(message, "Authorization: Bearer [redacted] rejected ([redacted])");
    assert_eq!(e.code.as_deref(), Some("[redacted]"));
    assert_eq!(e.kind, ErrorKind::Auth, "the kind still comes from the status");
    // Plain-text and HTML bodies; keys with surrounding blanks as typed.
    let e = ApiError::from_http(502, &format!("upstream refused key {PLAIN_KEY}")).hiding(&format!(" {PLAIN_KEY} "));
    assert_eq!(e.message.as_deref(), Some("upstream refused key [redacted]"));
    let e = ApiError::from_http(403, &format!("<html><title>Bad {PLAIN_KEY}</title></html>")).hiding(PLAIN_KEY);
    assert_eq!(e.message.as_deref(), Some("Bad [redacted]"));
    // An in-stream error frame.
    let detail = ErrorDetail {
        code: Some("1002".into()),
        message: Some(format!("token {PLAIN_KEY} expired")),
    };
    let e = ApiError::from_detail(&detail, None).hiding(PLAIN_KEY);
    assert_eq!(e.message.as_deref(), Some("token [redacted] expired"));
    // A message cut at its length cap inside the key keeps none of it.
    let long = format!(r#"{{"error":{{"message":"{}{PLAIN_KEY}"}}}}"#, "x".repeat(490));
    let e = ApiError::from_http(400, &long).hiding(PLAIN_KEY);
    let message = e.message.expect("message");
    assert!(message.ends_with("x[redacted]…"), "{message}");
    assert!(!message.contains(&PLAIN_KEY[..4]), "{message}");
    // Nothing else changes, and short keys are not looked for.
    let e = ApiError::from_http(429, r#"{"error":{"code":"1302","message":"slow down"}}"#);
    assert_eq!(e.clone().hiding(PLAIN_KEY), e);
    assert_eq!(e.clone().hiding("slow"), e);
}
