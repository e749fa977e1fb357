//! Numbers, durations and dates in the interface language, as `Intl` would write them for `en` and `zh-CN`, in a few
//! lines of integer arithmetic: `Intl` through js-sys would cost more glue than this, and float formatting would
//! bring its own code into the wasm (see `parts.rs`).

use crate::i18n::{Lang, Texts};

/// `1234567` as `1,234,567` (English and Chinese both group by thousands with a comma).
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "Thought for 2.4 s", or past a minute "Thought for 1 min 5 s".
pub fn thought_for(ms: u64, t: &Texts) -> String {
    // Under a tenth of a second reads as "0.0 s", as if nothing happened.
    let ms = ms.max(100);
    if ms < 60_000 {
        let tenths = (ms + 50) / 100;
        return t.thought_for.replace("{}", &format!("{}.{}", tenths / 10, tenths % 10));
    }
    let seconds = (ms + 500) / 1000;
    t.thought_for_min
        .replace("{m}", &(seconds / 60).to_string())
        .replace("{s}", &(seconds % 60).to_string())
}

/// A calendar day in the reader's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Day {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`), to tell yesterday across months and years.
    fn number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `2026-11-25`, for a `<time datetime>`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// When a conversation was last active, as the list shows it: Today, Yesterday, `Nov 3` this year, `Nov 3, 2025`
/// before (Chinese: 今天, 昨天, `11月3日`, `2025年11月3日`).
pub fn day_label(day: Day, today: Day, lang: Lang, t: &Texts) -> String {
    match today.number() - day.number() {
        0 => return t.today.to_string(),
        1 => return t.yesterday.to_string(),
        _ => {}
    }
    let this_year = day.year == today.year;
    match lang {
        Lang::Zh if this_year => format!("{}月{}日", day.month, day.day),
        Lang::Zh => format!("{}年{}月{}日", day.year, day.month, day.day),
        Lang::En => {
            let month = t.months.get(day.month as usize - 1).copied().unwrap_or_default();
            if this_year {
                format!("{month} {}", day.day)
            } else {
                format!("{month} {}, {}", day.day, day.year)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ZH};

    fn day(year: i32, month: u32, day: u32) -> Day {
        Day { year, month, day }
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn thinking_time_in_tenths_then_minutes() {
        assert_eq!(thought_for(0, &EN), "Thought for 0.1 s");
        assert_eq!(thought_for(1249, &EN), "Thought for 1.2 s");
        assert_eq!(thought_for(1250, &ZH), "已思考 1.3 秒");
        assert_eq!(thought_for(59_949, &EN), "Thought for 59.9 s");
        assert_eq!(thought_for(65_400, &EN), "Thought for 1 min 5 s");
        assert_eq!(thought_for(125_000, &ZH), "已思考 2 分 5 秒");
    }

    #[test]
    fn days_read_as_today_yesterday_or_a_date() {
        let today = day(2026, 3, 1);
        assert_eq!(day_label(today, today, Lang::En, &EN), "Today");
        assert_eq!(day_label(day(2026, 2, 28), today, Lang::En, &EN), "Yesterday");
        assert_eq!(day_label(day(2026, 2, 28), today, Lang::Zh, &ZH), "昨天");
        assert_eq!(day_label(day(2026, 2, 27), today, Lang::En, &EN), "Feb 27");
        assert_eq!(day_label(day(2026, 2, 27), today, Lang::Zh, &ZH), "2月27日");
        assert_eq!(
            day_label(day(2025, 12, 31), day(2026, 1, 1), Lang::En, &EN),
            "Yesterday"
        );
        assert_eq!(day_label(day(2025, 11, 3), today, Lang::En, &EN), "Nov 3, 2025");
        assert_eq!(day_label(day(2025, 11, 3), today, Lang::Zh, &ZH), "2025年11月3日");
        // Leap years: 2024-02-29 is the day before 2024-03-01.
        assert_eq!(day_label(day(2024, 2, 29), day(2024, 3, 1), Lang::En, &EN), "Yesterday");
        assert_eq!(day(1970, 1, 1).number(), 0);
        assert_eq!(day(2026, 11, 25).iso(), "2026-11-25");
    }
}
