//! Automatic retries: which failures are retried, and when (exponential backoff with jitter, or the server's
//! `Retry-After`). The clock and the random source are passed in, so the schedule is tested on the host.
//!
//! Three tries in all: the request and at most two retries, 0.5 s then 1 s (each shortened by up to a quarter at
//! random, as the official SDK does; the doubling is capped at 8 s). Retried: 429 with business code 1302, 1303,
//! 1305 or 1312 (or with no code at all), 500, 502, 503 and 504, and a request that failed before any response
//! arrived (offline, connection refused). Never retried: any other business code (1113 balance, 1301 unsafe
//! content, 1002 bad key…), other statuses, a blocked (CORS) request, and anything after the reply began.

use crate::error::{ApiError, ErrorKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub max_attempts: u32,
    pub base_ms: u64,
    pub cap_ms: u64,
    /// A `Retry-After` longer than this is not waited for: the error is shown instead.
    pub max_retry_after_ms: u64,
}

pub const POLICY: RetryPolicy = RetryPolicy {
    max_attempts: 3,
    base_ms: 500,
    cap_ms: 8_000,
    max_retry_after_ms: 60_000,
};

/// Business codes that mean "busy, try again shortly" (reference §8.3, §10).
const RETRY_CODES: [&str; 4] = ["1302", "1303", "1305", "1312"];

/// Whether a failure that happened before any byte of the reply is worth retrying automatically.
pub fn auto_retryable(error: &ApiError) -> bool {
    let code = error.code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    match (error.status, code) {
        (Some(429), None) => true,
        (Some(429), Some(c)) => RETRY_CODES.contains(&c),
        // A 5xx with a business code that says "do not retry" (say 1113) is not retried.
        (Some(500 | 502 | 503 | 504), Some(c)) => RETRY_CODES.contains(&c) || error.retryable(),
        (Some(500 | 502 | 503 | 504), None) => true,
        (None, _) => error.kind == ErrorKind::Network,
        _ => false,
    }
}

/// What to do after a failed try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then make try number `attempt` (of `of`).
    Retry {
        delay_ms: u64,
        attempt: u32,
        of: u32,
    },
    GiveUp,
}

impl RetryPolicy {
    /// The backoff before retry number `retry` (1 for the first retry): `base · 2^(retry-1)`, capped, then
    /// shortened by `random · 25 %` (`random` in [0, 1)).
    pub fn backoff_ms(&self, retry: u32, random: f64) -> u64 {
        let doubled = self.base_ms.saturating_mul(1u64 << retry.saturating_sub(1).min(20));
        let capped = doubled.min(self.cap_ms);
        let jitter = 1.0 - 0.25 * random.clamp(0.0, 1.0);
        (capped as f64 * jitter) as u64
    }

    /// After try number `attempt` failed with `error` before any reply byte: retry (and when), or give up.
    /// `retry_after` is the response's `Retry-After` header, `now_ms` the clock (for an HTTP-date value).
    pub fn decide(
        &self,
        error: &ApiError,
        attempt: u32,
        retry_after: Option<&str>,
        now_ms: u64,
        random: f64,
    ) -> Decision {
        if attempt >= self.max_attempts || !auto_retryable(error) {
            return Decision::GiveUp;
        }
        let delay_ms = match retry_after.and_then(|v| parse_retry_after(v, now_ms)) {
            Some(ms) if ms > self.max_retry_after_ms => return Decision::GiveUp,
            Some(ms) => ms,
            None => self.backoff_ms(attempt, random),
        };
        Decision::Retry {
            delay_ms,
            attempt: attempt + 1,
            of: self.max_attempts,
        }
    }
}

/// A countdown to the next try, read against the injected clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Countdown {
    pub until_ms: u64,
}

impl Countdown {
    pub fn start(now_ms: u64, delay_ms: u64) -> Self {
        Countdown {
            until_ms: now_ms.saturating_add(delay_ms),
        }
    }

    pub fn remaining_ms(&self, now_ms: u64) -> u64 {
        self.until_ms.saturating_sub(now_ms)
    }

    /// Whole seconds left, rounded up, so "Retrying in 1 s" shows until the try is made.
    pub fn seconds_left(&self, now_ms: u64) -> u64 {
        self.remaining_ms(now_ms).div_ceil(1000)
    }
}

/// `Retry-After` as a delay: whole seconds (`"2"`) or an HTTP date (`"Wed, 21 Oct 2015 07:28:00 GMT"`, a date in the
/// past is no delay). `None` when the value is neither.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(|s| s.saturating_mul(1000));
    }
    http_date_ms(value).map(|at| at.saturating_sub(now_ms))
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) as milliseconds since the Unix epoch.
fn http_date_ms(value: &str) -> Option<u64> {
    let mut parts = value.split_whitespace();
    let _weekday = parts.next()?.strip_suffix(',')?;
    let day: u64 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = u64::try_from(days).ok()? * 86_400 + h * 3600 + m * 60 + s;
    Some(secs * 1000)
}
