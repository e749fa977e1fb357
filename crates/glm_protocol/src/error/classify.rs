//! The tables from business code and HTTP status to error kind and retryability (reference §8.2, §8.3, §10).

use super::ErrorKind::{self, *};

/// The kind and retryability of a documented business code; `None` for codes we do not know.
pub(super) fn by_code(code: &str) -> Option<(ErrorKind, bool)> {
    let n: u32 = code.parse().ok()?;
    Some(match n {
        1000..=1004 => (Auth, false),
        1113 | 1309 => (Balance, false),
        1110..=1112 | 1121 => (AccountLocked, false),
        1302 | 1303 => (RateLimit, true),
        // The quota codes reset at a stated time, far beyond any automatic backoff; 1313 is a penalty.
        1304 | 1308 | 1310 | 1313 => (QuotaReached, false),
        1305 | 1312 => (Overloaded, true),
        1300 | 1301 => (ContentPolicy, false),
        1261 => (PromptTooLong, false),
        1200 | 1210 | 1212..=1215 | 1231 => (InvalidRequest, false),
        1211 => (ModelNotFound, false),
        1220 | 1221 | 1311 => (NoPermission, false),
        1222 => (NotFound, false),
        // "Retry later" per the code table.
        500 | 1100 | 1120 | 1230 | 1234 => (Server, true),
        _ => return None,
    })
}

/// The kind and retryability of an HTTP status when no known business code says more.
pub(super) fn by_status(status: u16) -> (ErrorKind, bool) {
    match status {
        400 | 435 => (InvalidRequest, false),
        401 => (Auth, false),
        403 | 434 => (NoPermission, false),
        404 => (NotFound, false),
        408 => (Server, true),
        413 => (PromptTooLong, false),
        429 => (RateLimit, true),
        500..=599 => (Server, true),
        400..=499 => (InvalidRequest, false),
        _ => (Unknown, false),
    }
}

pub(super) fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        Auth => "auth",
        Balance => "balance",
        AccountLocked => "account_locked",
        RateLimit => "rate_limit",
        QuotaReached => "quota_reached",
        Overloaded => "overloaded",
        ContentPolicy => "content_policy",
        PromptTooLong => "prompt_too_long",
        InvalidRequest => "invalid_request",
        ModelNotFound => "model_not_found",
        NoPermission => "no_permission",
        NotFound => "not_found",
        Server => "server",
        Network => "network",
        Cors => "cors",
        InvalidResponse => "invalid_response",
        Unknown => "unknown",
    }
}
