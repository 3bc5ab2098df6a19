//! Day-number arithmetic for zone rules, on years wider than [`crate::civil`]'s 1900..=9999.
//!
//! Rule transitions of the years just outside the civil range still decide offsets inside it
//! (a rule time may be up to 167 hours past its date), so these helpers take any year and clamp
//! it into [`YEAR_MIN`]..=[`YEAR_MAX`]; with that clamp no intermediate can overflow, which is
//! why the functions below may use plain arithmetic.

/// Seconds in a day (no leap seconds, as in POSIX).
pub(super) const SECONDS_PER_DAY: i64 = 86_400;
/// Smallest year the helpers compute with.
pub(super) const YEAR_MIN: i32 = 1800;
/// Largest year the helpers compute with.
pub(super) const YEAR_MAX: i32 = 10_100;
/// Day numbers of 1800-01-01 and 10100-12-31 (day 0 is 1970-01-01).
const DAY_MIN: i64 = -62_091;
const DAY_MAX: i64 = 2_969_786;

/// Whether `year` is a Gregorian leap year.
pub(super) const fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1..=12) of `year`; 0 for an invalid month.
pub(super) const fn days_in_month(year: i32, month: u8) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from January 1 to the first of `month` (1..=12) in a common year.
pub(super) const fn days_before_month(month: u8) -> i64 {
    match month {
        2 => 31,
        3 => 59,
        4 => 90,
        5 => 120,
        6 => 151,
        7 => 181,
        8 => 212,
        9 => 243,
        10 => 273,
        11 => 304,
        12 => 334,
        _ => 0,
    }
}

/// Day number (days since 1970-01-01) of a date; the year is clamped into the supported range,
/// the month into 1..=12 and the day into 1..=31 (callers pass valid dates).
// Bounded by the clamps: |year| <= 10_100, so every product stays below 2^32.
// The reference conversion the fast helpers are tested against.
#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
pub(super) fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let year = i64::from(year.clamp(YEAR_MIN, YEAR_MAX));
    let month = i64::from(month.clamp(1, 12));
    let day = i64::from(day.clamp(1, 31));
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Day number of January 1 of `year` (clamped into the supported range): 365 days a year
/// plus the leap days of the years before it.
// With the clamp, `y` is below 10_100: no overflow.
#[allow(clippy::arithmetic_side_effects)]
pub(super) fn jan1(year: i32) -> i64 {
    let y = i64::from(year.clamp(YEAR_MIN, YEAR_MAX)) - 1;
    // 719_162 = days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar.
    365 * y + y / 4 - y / 100 + y / 400 - 719_162
}

/// The UTC year of `instant` (clamped into the supported range) and the day number of its
/// January 1. Cheaper than a full civil conversion: one estimate from the mean year length,
/// off by at most one year, then corrected.
// Bounded by the clamp on `days`.
#[allow(clippy::arithmetic_side_effects)]
pub(super) fn year_and_jan1(instant: i64) -> (i32, i64) {
    let days = instant.div_euclid(SECONDS_PER_DAY).clamp(DAY_MIN, DAY_MAX);
    let estimate = 1970 + (days * 400).div_euclid(146_097);
    let mut year = i32::try_from(estimate).unwrap_or(YEAR_MAX);
    let mut first = jan1(year);
    if days < first {
        year -= 1;
        first = jan1(year);
    } else if year < YEAR_MAX {
        let next = jan1(year + 1);
        if days >= next {
            year += 1;
            first = next;
        }
    }
    (year, first)
}

/// The year that day number `days` falls in (clamped into the supported range).
// Bounded by the clamp on `days`: every intermediate is below 2^32 in magnitude.
#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
pub(super) fn year_of_day(days: i64) -> i32 {
    let z = days.clamp(DAY_MIN, DAY_MAX) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let year = year_of_era + era * 400 + i64::from(shifted_month >= 10);
    i32::try_from(year).unwrap_or(YEAR_MAX)
}

/// Day of the week of a day number, Sunday = 0 (POSIX `d`); 1970-01-01 was a Thursday.
pub(super) fn weekday(days: i64) -> i64 {
    days.rem_euclid(7).saturating_add(4) % 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(YEAR_MIN, 1, 1), DAY_MIN);
        assert_eq!(days_from_civil(YEAR_MAX, 12, 31), DAY_MAX);
        assert_eq!(year_of_day(DAY_MIN), YEAR_MIN);
        assert_eq!(year_of_day(DAY_MAX), YEAR_MAX);
        assert_eq!(year_of_day(DAY_MAX + 1), YEAR_MAX);
        assert_eq!(weekday(0), 4);
        assert_eq!(weekday(-1), 3);
        for year in [1899, 1900, 1970, 2000, 2024, 2100, 9999, 10_000] {
            assert_eq!(year_of_day(jan1(year)), year);
            assert_eq!(year_of_day(jan1(year) - 1), year - 1);
            let length = jan1(year + 1) - jan1(year);
            assert_eq!(length, if is_leap(year) { 366 } else { 365 });
        }
        assert_eq!(year_and_jan1(i64::MIN), (YEAR_MIN, DAY_MIN));
        assert_eq!(year_and_jan1(i64::MAX).0, YEAR_MAX);
    }

    #[test]
    fn year_and_jan1_agree_with_the_civil_conversion() {
        for year in YEAR_MIN..=YEAR_MAX {
            assert_eq!(jan1(year), days_from_civil(year, 1, 1), "{year}");
        }
        let mut days = DAY_MIN;
        while days <= DAY_MAX {
            for instant in [days * SECONDS_PER_DAY, days * SECONDS_PER_DAY + 86_399] {
                let (year, first) = year_and_jan1(instant);
                assert_eq!(year, year_of_day(days), "{days}");
                assert_eq!(first, jan1(year));
            }
            days += 1;
        }
    }
}
