//! Instants and UTC offsets on the command line: RFC 3339 timestamps, unix seconds, `+HH:MM`.
//!
//! Parsed by hand on top of [`doorcode::civil`] (no chrono): the date part must be a supported
//! calendar date (1900..=9999), the time part a wall-clock time, and the offset explicit (`Z`
//! or `+HH:MM` / `-HH:MM`), as RFC 3339 section 5.6 requires. Leap seconds (`:60`) are refused,
//! matching the library's POSIX time scale. A fraction of a second is accepted and dropped.

use doorcode::civil::LocalDate;
use doorcode::zone::Zone;

use crate::error::{CliError, usage_error};

const SECONDS_PER_HOUR: i64 = 3600;
const SECONDS_PER_MINUTE: i64 = 60;

/// Two ASCII digits as a number.
// Bounded arithmetic: at most 9 * 10 + 9.
#[allow(clippy::arithmetic_side_effects)]
fn two_digits(bytes: Option<&[u8]>) -> Option<i64> {
    match bytes? {
        [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
            Some(i64::from(a.wrapping_sub(b'0')) * 10 + i64::from(b.wrapping_sub(b'0')))
        }
        _ => None,
    }
}

/// Seconds east of UTC of an RFC 3339 offset: `Z`, `+HH:MM` or `-HH:MM`.
// Bounded arithmetic: two-digit fields.
#[allow(clippy::arithmetic_side_effects)]
fn rfc3339_offset(text: &[u8]) -> Result<i64, &'static str> {
    match text {
        [b'Z' | b'z'] => Ok(0),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (Some(hours), Some(b':'), Some(minutes), 5) = (
                two_digits(rest.get(0..2)),
                rest.get(2),
                two_digits(rest.get(3..5)),
                rest.len(),
            ) else {
                return Err("the offset must be Z, +HH:MM or -HH:MM");
            };
            if hours > 23 || minutes > 59 {
                return Err("the offset's hours must be 00..23 and minutes 00..59");
            }
            let magnitude = hours * SECONDS_PER_HOUR + minutes * SECONDS_PER_MINUTE;
            Ok(if *sign == b'-' { -magnitude } else { magnitude })
        }
        [] => Err("the offset is missing (add Z for UTC, or +HH:MM)"),
        _ => Err("the offset must be Z, +HH:MM or -HH:MM"),
    }
}

/// Parse an RFC 3339 timestamp (`2026-11-22T09:30:00Z`, `2026-11-22T10:30:00+01:00`) into UTC
/// seconds since 1970-01-01T00:00:00Z.
// Bounded arithmetic: hours/minutes/seconds are two-digit numbers, the date's midnight is within
// years 1900..=9999 (|value| < 2.6e11) and the offset under a day, so i64 cannot overflow.
#[allow(clippy::arithmetic_side_effects)]
pub fn parse_rfc3339(text: &str) -> Result<i64, CliError> {
    let fail = |why: &str| {
        usage_error(format!(
            "'{text}' is not an RFC 3339 timestamp such as 2026-11-22T09:30:00Z: {why}"
        ))
    };
    let bytes = text.as_bytes();
    let date: LocalDate = text
        .get(0..10)
        .ok_or_else(|| fail("too short"))?
        .parse()
        .map_err(|e| fail(&format!("{e}")))?;
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return Err(fail("expected 'T' between date and time"));
    }
    let (Some(hour), Some(b':'), Some(minute), Some(b':'), Some(second)) = (
        two_digits(bytes.get(11..13)),
        bytes.get(13),
        two_digits(bytes.get(14..16)),
        bytes.get(16),
        two_digits(bytes.get(17..19)),
    ) else {
        return Err(fail("the time must be HH:MM:SS"));
    };
    if hour > 23 || minute > 59 {
        return Err(fail("hours must be 00..23 and minutes 00..59"));
    }
    if second > 59 {
        return Err(fail(
            "seconds must be 00..59 (leap seconds are not supported)",
        ));
    }
    let mut rest = bytes.get(19..).unwrap_or(&[]);
    if let Some(fraction) = rest.strip_prefix(b".") {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return Err(fail("a '.' must be followed by digits"));
        }
        rest = fraction.get(digits..).unwrap_or(&[]);
    }
    let offset = rfc3339_offset(rest).map_err(fail)?;
    Ok(
        date.midnight_utc_seconds()
            + hour * SECONDS_PER_HOUR
            + minute * SECONDS_PER_MINUTE
            + second
            - offset,
    )
}

/// Parse `--now`: unix seconds (`1795339800`, `-1`) or an RFC 3339 timestamp.
pub fn parse_instant(text: &str) -> Result<i64, CliError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse()
            .map_err(|_| usage_error(format!("--now: '{text}' is out of range")));
    }
    parse_rfc3339(text)
}

/// Parse a UTC offset option: `Z`, `UTC`, `+HH:MM`, `-HH:MM`, `+HH:MM:SS`, optionally prefixed
/// by `UTC` (`UTC+01:00`). Returns seconds east of UTC.
// Bounded arithmetic: each field is two digits.
#[allow(clippy::arithmetic_side_effects)]
pub fn parse_utc_offset(text: &str) -> Result<i32, CliError> {
    let fail = || {
        usage_error(format!(
            "--utc-offset: '{text}' is not an offset such as +01:00, -05:00 or Z"
        ))
    };
    let trimmed = text.trim();
    if matches!(trimmed, "Z" | "z" | "UTC" | "utc") {
        return Ok(0);
    }
    let body = trimmed
        .strip_prefix("UTC")
        .or_else(|| trimmed.strip_prefix("utc"))
        .unwrap_or(trimmed)
        .as_bytes();
    let (negative, fields) = match body {
        [b'+', rest @ ..] => (false, rest),
        [b'-', rest @ ..] => (true, rest),
        _ => return Err(fail()),
    };
    let (hours, minutes, seconds) = match fields.len() {
        5 if fields.get(2) == Some(&b':') => (
            two_digits(fields.get(0..2)),
            two_digits(fields.get(3..5)),
            Some(0),
        ),
        8 if fields.get(2) == Some(&b':') && fields.get(5) == Some(&b':') => (
            two_digits(fields.get(0..2)),
            two_digits(fields.get(3..5)),
            two_digits(fields.get(6..8)),
        ),
        _ => (None, None, None),
    };
    let (Some(hours), Some(minutes), Some(seconds)) = (hours, minutes, seconds) else {
        return Err(fail());
    };
    if minutes > 59 || seconds > 59 {
        return Err(fail());
    }
    let magnitude = hours * SECONDS_PER_HOUR + minutes * SECONDS_PER_MINUTE + seconds;
    let signed = if negative { -magnitude } else { magnitude };
    let seconds = i32::try_from(signed).map_err(|_| fail())?;
    Zone::fixed(seconds).map_err(|e| usage_error(format!("--utc-offset: {e}")))?;
    Ok(seconds)
}

/// `+01:00`, `-09:30`, `+00:00`, or `+05:45:30` when there are seconds.
pub fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let magnitude = seconds.unsigned_abs();
    let (hours, minutes, secs) = (magnitude / 3600, magnitude / 60 % 60, magnitude % 60);
    if secs == 0 {
        format!("{sign}{hours:02}:{minutes:02}")
    } else {
        format!("{sign}{hours:02}:{minutes:02}:{secs:02}")
    }
}

/// An instant as RFC 3339 in UTC, or as raw seconds if it is outside the supported years.
pub fn format_utc(instant: i64) -> String {
    match Zone::UTC.local_datetime(instant) {
        Ok(datetime) => format!("{datetime}Z"),
        Err(_) => format!("unix {instant} (outside years 1900..=9999)"),
    }
}

/// An instant as RFC 3339 wall-clock time with the offset of `offset_seconds`.
pub fn format_local(instant: i64, offset_seconds: i32) -> String {
    match Zone::fixed(offset_seconds).map(|zone| zone.local_datetime(instant)) {
        Ok(Ok(datetime)) => format!("{datetime}{}", format_offset(offset_seconds)),
        _ => format!("unix {instant} (outside years 1900..=9999)"),
    }
}

/// The current time in UTC seconds, from the system clock.
pub fn now() -> Result<i64, CliError> {
    let elapsed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| usage_error("the system clock is before 1970; pass --now"))?;
    i64::try_from(elapsed.as_secs()).map_err(|_| usage_error("the system clock is out of range"))
}
