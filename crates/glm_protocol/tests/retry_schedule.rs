//! Automatic retries: which errors retry, the backoff schedule with an injected clock and deterministic jitter,
//! and Retry-After.

use glm_protocol::error::ApiError;
use glm_protocol::retry::{Countdown, Decision, POLICY, auto_retryable, parse_retry_after};

fn http(status: u16, code: &str) -> ApiError {
    ApiError::from_http(status, &format!(r#"{{"error":{{"code":"{code}","message":"m"}}}}"#))
}

#[test]
fn busy_and_server_errors_retry_and_the_rest_never() {
    for code in ["1302", "1303", "1305", "1312"] {
        assert!(auto_retryable(&http(429, code)), "429 {code}");
    }
    assert!(auto_retryable(&ApiError::from_http(429, "")), "a bare 429");
    assert!(auto_retryable(&http(500, "500")));
    assert!(auto_retryable(&ApiError::from_http(
        503,
        "<html>503 Service Temporarily Unavailable</html>"
    )));
    assert!(auto_retryable(&ApiError::from_http(502, "")));
    assert!(
        auto_retryable(&ApiError::network("Failed to fetch")),
        "no response at all"
    );
    for (status, code) in [
        (429, "1113"),
        (400, "1301"),
        (401, "1002"),
        (429, "1304"),
        (429, "1310"),
        (400, "1261"),
    ] {
        assert!(!auto_retryable(&http(status, code)), "{status} {code}");
    }
    assert!(!auto_retryable(&http(500, "1113")), "a 5xx whose code says no");
    for status in [400, 401, 403, 404, 413] {
        assert!(!auto_retryable(&ApiError::from_http(status, "")), "{status}");
    }
    let blocked = ApiError::new(glm_protocol::ErrorKind::Cors, None);
    assert!(!auto_retryable(&blocked), "a CORS block is not a network blip");
}

#[test]
fn backoff_doubles_from_half_a_second_to_an_8_second_cap_with_up_to_25_percent_jitter() {
    assert_eq!(
        (1..=6).map(|n| POLICY.backoff_ms(n, 0.0)).collect::<Vec<_>>(),
        [500, 1000, 2000, 4000, 8000, 8000]
    );
    assert_eq!(POLICY.backoff_ms(1, 0.5), 437);
    assert_eq!(POLICY.backoff_ms(2, 0.999_999), 750);
    assert_eq!(POLICY.backoff_ms(40, 0.0), 8000, "no overflow far out");
    for r in [0.0, 0.1, 0.5, 0.9, 0.999] {
        let d = POLICY.backoff_ms(2, r);
        assert!((750..=1000).contains(&d), "{r}: {d}");
    }
}

#[test]
fn three_tries_in_all() {
    let busy = http(429, "1302");
    assert_eq!(
        POLICY.decide(&busy, 1, None, 0, 0.0),
        Decision::Retry {
            delay_ms: 500,
            attempt: 2,
            of: 3
        }
    );
    assert_eq!(
        POLICY.decide(&busy, 2, None, 0, 0.2),
        Decision::Retry {
            delay_ms: 950,
            attempt: 3,
            of: 3
        }
    );
    assert_eq!(POLICY.decide(&busy, 3, None, 0, 0.0), Decision::GiveUp);
    assert_eq!(POLICY.decide(&http(429, "1113"), 1, None, 0, 0.0), Decision::GiveUp);
}

#[test]
fn retry_after_is_honoured_in_seconds_or_as_a_date() {
    let busy = http(429, "1305");
    assert_eq!(
        POLICY.decide(&busy, 1, Some("2"), 0, 0.9),
        Decision::Retry {
            delay_ms: 2000,
            attempt: 2,
            of: 3
        },
        "the server's delay, without jitter"
    );
    assert_eq!(
        POLICY.decide(&busy, 1, Some("0"), 0, 0.9),
        Decision::Retry {
            delay_ms: 0,
            attempt: 2,
            of: 3
        }
    );
    assert_eq!(
        POLICY.decide(&busy, 1, Some("61"), 0, 0.0),
        Decision::GiveUp,
        "too long to wait"
    );
    assert_eq!(
        POLICY.decide(&busy, 1, Some("soon"), 0, 0.0),
        Decision::Retry {
            delay_ms: 500,
            attempt: 2,
            of: 3
        },
        "an unreadable value is ignored"
    );
    // Sun, 06 Nov 1994 08:49:37 GMT is 784111777 s after the epoch.
    let date = "Sun, 06 Nov 1994 08:49:37 GMT";
    assert_eq!(parse_retry_after(date, 784_111_774_000), Some(3000));
    assert_eq!(
        parse_retry_after(date, 784_111_780_000),
        Some(0),
        "a date in the past: at once"
    );
    assert_eq!(parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", 0), Some(0));
    assert_eq!(
        parse_retry_after("Tue, 29 Feb 2028 12:00:00 GMT", 0),
        Some(1_835_438_400_000)
    );
    for bad in [
        "",
        "-1",
        "1.5",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
    ] {
        assert_eq!(parse_retry_after(bad, 0), None, "{bad:?}");
    }
}

#[test]
fn the_countdown_reads_whole_seconds_rounded_up_against_the_clock() {
    let c = Countdown::start(10_000, 1_500);
    assert_eq!((c.remaining_ms(10_000), c.seconds_left(10_000)), (1_500, 2));
    assert_eq!(c.seconds_left(10_499), 2);
    assert_eq!(c.seconds_left(10_500), 1);
    assert_eq!(c.seconds_left(11_499), 1);
    assert_eq!((c.remaining_ms(11_500), c.seconds_left(11_500)), (0, 0));
    assert_eq!(c.remaining_ms(99_999), 0, "a clock past the deadline");
}
