//! Clock, pseudo-random numbers and GLM-looking identifiers (`20250926190540c29952ed24ae4570`, `call_…`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// splitmix64: tiny, deterministic for a given seed, good enough to vary chunk sizes and ids.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// Seeded from the clock and a process-wide counter, so concurrent requests differ.
    pub fn fresh() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        Rng(nanos
            ^ COUNTER
                .fetch_add(1, Ordering::Relaxed)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next_u64() % (high - low + 1) as u64) as usize
    }

    pub fn hex(&mut self, digits: usize) -> String {
        let mut out = String::with_capacity(digits);
        while out.len() < digits {
            out.push_str(&format!("{:016x}", self.next_u64()));
        }
        out.truncate(digits);
        out
    }
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `YYYYMMDDhhmmss` in Beijing time (UTC+8) followed by 16 hex digits, like the task ids of the real API.
pub fn completion_id(now: i64, rng: &mut Rng) -> String {
    let beijing = now + 8 * 3600;
    let (days, secs) = (beijing.div_euclid(86_400), beijing.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}{}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        rng.hex(16)
    )
}

pub fn call_id(rng: &mut Rng) -> String {
    format!("call_{}", rng.hex(24))
}

/// Howard Hinnant's days-to-civil conversion (proleptic Gregorian, UTC).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_the_real_ones() {
        // `created` and `id` of the recorded glm-4.5 stream: 1758884740 is 2025-09-26 19:05:40 in Beijing.
        let id = completion_id(1_758_884_740, &mut Rng::new(1));
        assert!(id.starts_with("20250926190540"), "{id}");
        assert_eq!(id.len(), 30);
        assert!(call_id(&mut Rng::new(2)).starts_with("call_"));
    }

    #[test]
    fn between_stays_in_range() {
        let mut rng = Rng::new(7);
        assert!((0..1000).map(|_| rng.between(1, 3)).all(|n| (1..=3).contains(&n)));
    }
}
