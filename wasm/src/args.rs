//! Checking values that arrive from JavaScript.
//!
//! Everything here is plain Rust (no `JsValue`), so the rules are unit-tested on the host. The
//! JavaScript layer (`js.rs`) only extracts numbers and strings and hands them to these functions.
//!
//! Error messages name the argument as JavaScript spells it (`doorKeyHex`, `policy.dailySlots`,
//! `issuers[2].epoch`) and reuse the library's `Display` text for the reason. They never echo key
//! material.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use doorcode::civil::{LocalDate, LocalDateTime, Weekday};
use doorcode::code::{CodeFormatError, CodeLength};
use doorcode::daily::{DailyKind, DailyPolicy, DailyReject};
use doorcode::keys::{DoorId, DoorKey, IssuerKey, SiteKey};
use doorcode::schedule::{AccessDenied, DayMask, ScheduleDenial, TimeRange};
use doorcode::zone::{
    Disambiguation, IANA_CAPACITY, LocalResolution, LocalTimeError, MAX_OFFSET_SECONDS, PosixRule,
    Zone,
};

/// Explicit transitions a JavaScript `Zone` holds: the library's `IANA_CAPACITY` (320), so every
/// zone the backend builds from the IANA database (1970..2100 needs at most 273, Asia/Hebron)
/// decodes in the browser. One capacity for every zone in the package (fixed offsets included)
/// keeps one copy of the generic zone and schedule code in the `.wasm`; a zone is then about
/// 5 KB of wasm memory, which only matters to nobody.
pub const ZONE_CAPACITY: usize = IANA_CAPACITY;

/// The zone type behind every zone argument and every JavaScript `Zone`.
pub type DoorZone = Zone<ZONE_CAPACITY>;

/// `Number.MAX_SAFE_INTEGER`: the largest integer a JavaScript number holds exactly (2^53 - 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A bad argument: the message becomes the `message` of the JavaScript `Error` that is thrown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgError(String);

impl ArgError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a number is shown in a message. The JavaScript layer passes `String(value)` (so messages
/// read `Infinity` and `1e+300`, as JavaScript prints them, and the `.wasm` carries no float
/// formatting code of its own); host tests pass Rust's `Display`.
pub type ShowNumber<'a> = &'a dyn Fn(f64) -> String;

/// A JavaScript number that must be a safe integer (`Number.isSafeInteger`).
///
/// NaN, infinities, fractions and magnitudes above 2^53 - 1 are refused: beyond 2^53 a number no
/// longer names one integer, so silently rounding it could pick another day or another slot.
pub fn safe_integer(value: f64, what: &str, show: ShowNumber<'_>) -> Result<i64, ArgError> {
    if !value.is_finite() || value % 1.0 != 0.0 {
        return Err(ArgError(cat!(
            what,
            " must be an integer, got ",
            show(value)
        )));
    }
    // Exact: 2^53 - 1 is representable in f64.
    #[allow(clippy::cast_precision_loss)]
    let limit = MAX_SAFE_INTEGER as f64;
    if value.abs() > limit {
        return Err(ArgError(cat!(
            what,
            " must be a safe integer (at most 2^53 - 1 in magnitude), got ",
            show(value)
        )));
    }
    // `value` is integral and within +-(2^53 - 1), so the conversion is exact.
    #[allow(clippy::cast_possible_truncation)]
    let integer = value as i64;
    Ok(integer)
}

/// A safe integer within `min..=max`.
pub fn integer_in(
    value: f64,
    min: i64,
    max: i64,
    what: &str,
    show: ShowNumber<'_>,
) -> Result<i64, ArgError> {
    let integer = safe_integer(value, what, show)?;
    if integer < min || integer > max {
        return Err(ArgError(cat!(
            what,
            " must be between ",
            min,
            " and ",
            max,
            ", got ",
            integer
        )));
    }
    Ok(integer)
}

/// A safe integer in `0..=u32::MAX` (issuer ids, epochs, slots, slot counts, grace seconds).
pub fn u32_arg(value: f64, what: &str, show: ShowNumber<'_>) -> Result<u32, ArgError> {
    let integer = integer_in(value, 0, i64::from(u32::MAX), what, show)?;
    u32::try_from(integer).map_err(|_| ArgError(cat!(what, " is out of range")))
}

/// A fixed UTC offset in seconds east of UTC (New York in winter is -18000).
pub fn zone(offset_seconds: f64, what: &str, show: ShowNumber<'_>) -> Result<DoorZone, ArgError> {
    let min = i64::from(MAX_OFFSET_SECONDS.saturating_neg());
    let offset = integer_in(
        offset_seconds,
        min,
        i64::from(MAX_OFFSET_SECONDS),
        what,
        show,
    )?;
    let offset = i32::try_from(offset).map_err(|_| ArgError(cat!(what, " is out of range")))?;
    PosixRule::fixed(offset)
        .map(Zone::from_rule)
        .map_err(|error| ArgError(cat!(what, ": ", error)))
}

/// A site secret from hex (16..=64 bytes).
pub fn site_key(hex: &str, what: &str) -> Result<SiteKey, ArgError> {
    SiteKey::from_hex(hex).map_err(|error| ArgError(cat!(what, ": site secret: ", error)))
}

/// A door key from hex (exactly 32 bytes).
pub fn door_key(hex: &str, what: &str) -> Result<DoorKey, ArgError> {
    DoorKey::from_hex(hex).map_err(|error| ArgError(cat!(what, ": door key: ", error)))
}

/// An issuer key from hex (exactly 32 bytes).
pub fn issuer_key(hex: &str, what: &str) -> Result<IssuerKey, ArgError> {
    IssuerKey::from_hex(hex).map_err(|error| ArgError(cat!(what, ": issuer key: ", error)))
}

/// A door id from its bytes (1..=32).
pub fn door_id(bytes: &[u8], what: &str) -> Result<DoorId, ArgError> {
    DoorId::new(bytes).map_err(|error| ArgError(cat!(what, ": ", error)))
}

/// `text` cut to `limit` characters, in double quotes, with `"`, `\` and control characters
/// escaped, for error messages. Like `{:?}`, which would bring about 4 KB of Unicode tables into
/// the `.wasm` (it also escapes unprintable non-control characters; these pass unchanged here).
pub fn quote(text: &str, limit: usize) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars().take(limit) {
        if c == '"' || c == '\\' {
            quoted.push('\\');
            quoted.push(c);
        } else if c.is_control() {
            // `\u{..}` in hex, as `{:?}` writes most control characters.
            quoted.push_str("\\u{");
            crate::text::put_hex(u32::from(c), &mut quoted);
            quoted.push('}');
        } else {
            quoted.push(c);
        }
    }
    quoted.push('"');
    quoted
}

/// `items` separated by `", "` (`[&str]::join` costs about 1 KB of `.wasm`).
pub fn join(items: &[&str]) -> String {
    let mut text = String::new();
    for item in items {
        if !text.is_empty() {
            text.push_str(", ");
        }
        text.push_str(item);
    }
    text
}

/// A local calendar date written `YYYY-MM-DD`.
pub fn date(text: &str, what: &str) -> Result<LocalDate, ArgError> {
    let shown = quote(text, 24);
    text.parse()
        .map_err(|error| ArgError(cat!(what, " ", shown, ": ", error)))
}

/// A daily-code kind: `"daily"` or `"single-use"`.
pub fn kind(name: &str, what: &str) -> Result<DailyKind, ArgError> {
    DailyKind::from_name(name).ok_or_else(|| {
        let shown = quote(name, 24);
        ArgError(cat!(
            what,
            " must be \"daily\" or \"single-use\", got ",
            shown
        ))
    })
}

/// The fields of a JavaScript policy object, each `None` when absent (`undefined`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PolicyFields {
    /// `digits`: code length, 6..=12 (default 7).
    pub digits: Option<f64>,
    /// `dailySlots` (default 100).
    pub daily_slots: Option<f64>,
    /// `singleUseSlots` (default 100).
    pub single_use_slots: Option<f64>,
    /// `graceSeconds` (default 900).
    pub grace_seconds: Option<f64>,
}

/// Build a policy from JavaScript fields, filling in the library's defaults.
///
/// Only the types and ranges of the numbers are checked here; whether the policy as a whole is
/// acceptable (slots within the code space, grace, odds ceiling) is `DailyPolicy::check`'s job.
pub fn policy(
    fields: PolicyFields,
    what: &str,
    show: ShowNumber<'_>,
) -> Result<DailyPolicy, ArgError> {
    let mut policy = DailyPolicy::default();
    if let Some(digits) = fields.digits {
        let name = cat!(what, ".digits");
        let digits = integer_in(digits, 0, 255, &name, show)?;
        let digits = u8::try_from(digits).map_err(|_| ArgError(cat!(name, " is out of range")))?;
        policy.length =
            CodeLength::new(digits).map_err(|error| ArgError(cat!(name, ": ", error)))?;
    }
    if let Some(slots) = fields.daily_slots {
        policy.daily_slots = u32_arg(slots, &cat!(what, ".dailySlots"), show)?;
    }
    if let Some(slots) = fields.single_use_slots {
        policy.single_use_slots = u32_arg(slots, &cat!(what, ".singleUseSlots"), show)?;
    }
    if let Some(grace) = fields.grace_seconds {
        policy.grace_seconds = u32_arg(grace, &cat!(what, ".graceSeconds"), show)?;
    }
    Ok(policy)
}

/// A stable, machine-readable name for a rejection: `NoMatch`, `ClockOutOfRange`,
/// `Malformed.WrongLength`, ... (the TypeScript type `RejectReason` lists them all).
pub fn reject_reason(reject: &DailyReject) -> &'static str {
    match reject {
        DailyReject::NoMatch => "NoMatch",
        DailyReject::ClockOutOfRange => "ClockOutOfRange",
        DailyReject::Malformed(error) => match error {
            CodeFormatError::Empty => "Malformed.Empty",
            CodeFormatError::TooLong { .. } => "Malformed.TooLong",
            CodeFormatError::InvalidCharacter { .. } => "Malformed.InvalidCharacter",
            CodeFormatError::WrongLength { .. } => "Malformed.WrongLength",
            CodeFormatError::UnsupportedLength { .. } => "Malformed.UnsupportedLength",
            // `CodeFormatError` is non-exhaustive: a new variant still reads as malformed.
            _ => "Malformed.Other",
        },
        // `DailyReject` is non-exhaustive.
        _ => "Other",
    }
}

/// The human-readable message for a rejection (the library's `Display`).
pub fn reject_message(reject: &DailyReject) -> String {
    crate::text::text(reject)
}

/// Convert a count that JavaScript receives as a number, refusing anything it cannot hold exactly.
pub fn exact_number(value: u64, what: &str) -> Result<f64, ArgError> {
    if value > MAX_SAFE_INTEGER {
        return Err(ArgError(cat!(
            what,
            " is ",
            value,
            ", too large for a JavaScript number to hold exactly"
        )));
    }
    // At most 2^53 - 1: exact.
    #[allow(clippy::cast_precision_loss)]
    let number = value as f64;
    Ok(number)
}

/// A zone from a POSIX TZ string (`EST5EDT,M3.2.0,M11.1.0`). The library's message names the
/// problem and its byte offset.
pub fn posix_zone(text: &str, what: &str) -> Result<DoorZone, ArgError> {
    PosixRule::parse(text)
        .map(Zone::from_rule)
        .map_err(|error| ArgError(cat!(what, " ", quote(text, 48), ": ", error)))
}

/// Lowercase hex of `bytes`.
pub fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len().saturating_mul(2));
    for byte in bytes {
        for nibble in [byte >> 4, byte & 0x0f] {
            text.push(char::from(
                DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    text
}

/// Bytes from hex (either case; no spaces or prefix).
pub fn hex_decode(text: &str, what: &str) -> Result<Vec<u8>, ArgError> {
    fn nibble(digit: u8) -> Option<u8> {
        match digit {
            b'0'..=b'9' => Some(digit.wrapping_sub(b'0')),
            b'a'..=b'f' => Some(digit.wrapping_sub(b'a').wrapping_add(10)),
            b'A'..=b'F' => Some(digit.wrapping_sub(b'A').wrapping_add(10)),
            _ => None,
        }
    }
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return Err(ArgError(cat!(
            what,
            " is not valid hex: odd number of digits (",
            digits.len(),
            ")"
        )));
    }
    let mut bytes = Vec::with_capacity(digits.len() / 2);
    for (index, pair) in digits.chunks_exact(2).enumerate() {
        match pair {
            [high, low] => match (nibble(*high), nibble(*low)) {
                (Some(high), Some(low)) => bytes.push(high << 4 | low),
                (high, _) => {
                    let position = index
                        .saturating_mul(2)
                        .saturating_add(usize::from(high.is_some()));
                    return Err(ArgError(cat!(
                        what,
                        " is not valid hex: unexpected character at position ",
                        position
                    )));
                }
            },
            _ => return Err(ArgError(cat!(what, " is not valid hex"))),
        }
    }
    Ok(bytes)
}

/// A zone from its binary encoding (SPEC 5.1.4) in hex.
pub fn zone_from_hex(text: &str, what: &str) -> Result<DoorZone, ArgError> {
    let bytes = hex_decode(text, what)?;
    DoorZone::decode(&bytes).map_err(|error| ArgError(cat!(what, ": ", error)))
}

/// A zone argument as the JavaScript layer hands it over: the encoding in hex of a `Zone`, or
/// (`hex` absent) a fixed offset in seconds east of UTC that it already checked to be in range.
pub fn zone_arg(hex: Option<&str>, offset: i32, what: &str) -> Result<DoorZone, ArgError> {
    match hex {
        Some(hex) => zone_from_hex(hex, what),
        None => PosixRule::fixed(offset)
            .map(Zone::from_rule)
            .map_err(|error| ArgError(cat!("utcOffsetSeconds: ", error))),
    }
}

/// The binary encoding of a zone, in hex.
pub fn zone_to_hex(zone: &DoorZone) -> String {
    let mut bytes = vec![0; zone.encoded_len()];
    // The buffer has exactly the needed length, so encoding cannot fail.
    let written = zone.encode(&mut bytes).unwrap_or(0);
    bytes.truncate(written);
    hex_encode(&bytes)
}

/// Wall-clock `HH:MM` as minutes since midnight: `00:00` to `23:59`, and `24:00` (the end of
/// the day) when `end` is set. Hours have 1 or 2 digits, minutes exactly 2.
pub fn minute_of_day(text: &str, what: &str, end: bool) -> Result<u16, ArgError> {
    let shown = quote(text, 16);
    let malformed = || ArgError(cat!(what, " ", shown, " is not a time of day \"HH:MM\""));
    let (hours, minutes) = text.split_once(':').ok_or_else(malformed)?;
    let hour = small_number(hours, 1, 2).ok_or_else(malformed)?;
    let minute = small_number(minutes, 2, 2).ok_or_else(malformed)?;
    if minute > 59 {
        return Err(ArgError(cat!(
            what,
            " ",
            shown,
            ": minute ",
            minute,
            " is above 59"
        )));
    }
    let last_hour = if end { 24 } else { 23 };
    if hour > last_hour || (hour == 24 && minute != 0) {
        let allowed = if end {
            "00:00 to 24:00"
        } else {
            "00:00 to 23:59 (a start of 24:00 is 00:00 of the next day)"
        };
        return Err(ArgError(cat!(
            what,
            " ",
            shown,
            " is not a time of day: allowed are ",
            allowed
        )));
    }
    // hour <= 24 and minute <= 59: at most 1440.
    Ok(hour.saturating_mul(60).saturating_add(minute))
}

/// `digits` ASCII digits, between `min` and `max` of them, as a number.
fn small_number(digits: &str, min: usize, max: usize) -> Option<u16> {
    if !(min..=max).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Minutes since midnight as `HH:MM` (1440 is `24:00`).
pub fn format_minute(minute: u16) -> String {
    let mut out = String::new();
    crate::text::put_two_digits(u64::from(minute / 60), &mut out);
    out.push(':');
    crate::text::put_two_digits(u64::from(minute % 60), &mut out);
    out
}

/// A time range from `HH:MM` start and end (overnight when `end <= start`).
pub fn time_range(start: &str, end: &str, what: &str) -> Result<TimeRange, ArgError> {
    let start = minute_of_day(start, &cat!(what, ".start"), false)?;
    let end = minute_of_day(end, &cat!(what, ".end"), true)?;
    TimeRange::new(start, end).map_err(|error| ArgError(cat!(what, ": ", error)))
}

/// Day names as JavaScript spells them, Monday first (bit 0 of a day mask).
pub const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The day-mask bit of a day name (`"mon"` .. `"sun"`).
pub fn day_bit(name: &str, what: &str) -> Result<u8, ArgError> {
    (0u8..)
        .zip(DAY_NAMES)
        .find(|(_, day)| *day == name)
        .map(|(index, _)| 1u8 << index)
        .ok_or_else(|| {
            ArgError(cat!(
                what,
                " ",
                quote(name, 16),
                " is not a day name; expected one of ",
                join(&DAY_NAMES)
            ))
        })
}

/// A day mask from its bits; an empty mask is refused with a message that says why.
pub fn day_mask(bits: u8, what: &str) -> Result<DayMask, ArgError> {
    if bits == 0 {
        return Err(ArgError(cat!(
            what,
            " is empty: a window must start on at least one day"
        )));
    }
    DayMask::new(bits).map_err(|error| ArgError(cat!(what, ": ", error)))
}

/// The day names of a mask, Monday first.
pub fn day_names(mask: DayMask) -> Vec<&'static str> {
    (0u8..)
        .zip(DAY_NAMES)
        .filter(|(index, _)| mask.bits() & (1u8 << index) != 0)
        .map(|(_, name)| name)
        .collect()
}

/// The JavaScript name of a weekday.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "mon",
        Weekday::Tuesday => "tue",
        Weekday::Wednesday => "wed",
        Weekday::Thursday => "thu",
        Weekday::Friday => "fri",
        Weekday::Saturday => "sat",
        Weekday::Sunday => "sun",
    }
}

/// A wall-clock date and time `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (no zone).
pub fn local_datetime(text: &str, what: &str) -> Result<LocalDateTime, ArgError> {
    let shown = quote(text, 32);
    let malformed = || {
        ArgError(cat!(
            what,
            " ",
            shown,
            " is not of the form YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS"
        ))
    };
    let (date_text, time) = text.split_once('T').ok_or_else(malformed)?;
    let date: LocalDate = date_text
        .parse()
        .map_err(|error| ArgError(cat!(what, " ", shown, ": ", error)))?;
    let mut parts = time.split(':');
    let mut field = |required: bool| match parts.next() {
        Some(part) => small_number(part, 2, 2).ok_or_else(malformed).map(Some),
        None if required => Err(malformed()),
        None => Ok(None),
    };
    let hour = field(true)?.unwrap_or(0);
    let minute = field(true)?.unwrap_or(0);
    let second = field(false)?.unwrap_or(0);
    if parts.next().is_some() {
        return Err(malformed());
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(ArgError(cat!(
            what,
            " ",
            shown,
            ": time of day outside 00:00:00..=23:59:59"
        )));
    }
    let second_of_day = u32::from(hour)
        .saturating_mul(3600)
        .saturating_add(u32::from(minute).saturating_mul(60))
        .saturating_add(u32::from(second));
    Ok(LocalDateTime {
        date,
        second_of_day,
    })
}

/// A gap/fold choice: `"compatible"` (the default), `"earlier"`, `"later"` or `"reject"`.
pub fn disambiguation(name: &str, what: &str) -> Result<Disambiguation, ArgError> {
    match name {
        "compatible" => Ok(Disambiguation::Compatible),
        "earlier" => Ok(Disambiguation::Earlier),
        "later" => Ok(Disambiguation::Later),
        "reject" => Ok(Disambiguation::Reject),
        _ => Err(ArgError(cat!(
            what,
            " must be \"compatible\", \"earlier\", \"later\" or \"reject\", got ",
            quote(name, 16)
        ))),
    }
}

/// The instant of a wall-clock time, choosing as `how` says; `Reject` refuses a gap or a fold
/// with a message saying which it is and what the other choices give.
pub fn to_instant(
    zone: &DoorZone,
    local: LocalDateTime,
    how: Disambiguation,
    what: &str,
) -> Result<i64, ArgError> {
    zone.to_instant(local, how).map_err(|error| {
        let alternatives = |earlier: i64, later: i64| {
            cat!(
                "choice \"earlier\" gives ",
                earlier,
                ", \"later\" gives ",
                later
            )
        };
        ArgError(match error {
            LocalTimeError::Skipped { earlier, later } => cat!(
                what,
                " ",
                local,
                " is in a gap: the clocks jumped forward over it, so it never \
                 happens; ",
                alternatives(earlier, later)
            ),
            LocalTimeError::Ambiguous { earlier, later } => cat!(
                what,
                " ",
                local,
                " is in a fold: the clocks went back, so it happens twice; ",
                alternatives(earlier, later)
            ),
            other => cat!(what, " ", local, ": ", other),
        })
    })
}

/// A grid step in minutes: a divisor of 1440 (so each row covers the day exactly).
pub fn step_minutes(value: f64, what: &str, show: ShowNumber<'_>) -> Result<u16, ArgError> {
    let step = integer_in(value, 1, 1440, what, show)?;
    let step = u16::try_from(step).map_err(|_| ArgError(cat!(what, " is out of range")))?;
    if !1440u16.is_multiple_of(step) {
        return Err(ArgError(cat!(
            what,
            " must divide 1440 (a day), got ",
            step
        )));
    }
    Ok(step)
}

/// Seven rows (`first` and the six dates after it) of `1440 / step` cells: cell `i` of a row is
/// whether `allowed` holds at the wall-clock time `i * step` minutes of that date, read in
/// `zone`. A wall time that never happens (a spring-forward gap) is `false`; one that happens
/// twice (a fold) is `true` if either instant is allowed.
///
/// The rows come as one string of `'1'` (allowed) and `'0'`, row after row, which the
/// JavaScript layer (`js/console.js`) cuts into seven arrays of booleans: cheaper in the `.wasm`
/// than building the arrays from Rust.
pub fn week_grid(
    zone: &DoorZone,
    first: LocalDate,
    step: u16,
    what: &str,
    mut allowed: impl FnMut(i64) -> bool,
) -> Result<String, ArgError> {
    let mut rows = String::new();
    let mut date = Some(first);
    for _ in 0..7 {
        let day = date.ok_or_else(|| ArgError(cat!(what, ": the week runs past 9999-12-31")))?;
        let cells = (0..1440u16)
            .step_by(usize::from(step.max(1)))
            .map(|minute| {
                let local = LocalDateTime {
                    date: day,
                    second_of_day: u32::from(minute).saturating_mul(60),
                };
                match zone.resolve(local) {
                    Ok(LocalResolution::Unique(instant)) => allowed(instant),
                    Ok(LocalResolution::Fold { earlier, later }) => {
                        allowed(earlier) || allowed(later)
                    }
                    Ok(LocalResolution::Gap { .. }) | Err(_) => false,
                }
            });
        rows.extend(cells.map(|cell| if cell { '1' } else { '0' }));
        date = day.succ();
    }
    Ok(rows)
}

/// A stable name for why an access rule denied (the TypeScript type `AccessDeniedReason`), and
/// the index of the schedule that denied, if one did.
pub fn access_denied_reason(denied: &AccessDenied) -> (&'static str, Option<u8>) {
    match denied {
        AccessDenied::ClockUnknown => ("ClockUnknown", None),
        AccessDenied::ClockOutOfRange => ("ClockOutOfRange", None),
        AccessDenied::NotYetValid => ("NotYetValid", None),
        AccessDenied::Expired => ("Expired", None),
        AccessDenied::Schedule { index, reason } => (
            match reason {
                ScheduleDenial::ClockOutOfRange => "Schedule.ClockOutOfRange",
                ScheduleDenial::ExceptionDenies => "Schedule.ExceptionDenies",
                ScheduleDenial::OutsideReplacementHours => "Schedule.OutsideReplacementHours",
                ScheduleDenial::OutsideWindows => "Schedule.OutsideWindows",
                _ => "Schedule.Other",
            },
            Some(*index),
        ),
        // `AccessDenied` is non-exhaustive.
        _ => ("Other", None),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn quote_matches_debug_for_ordinary_text_and_escapes_the_rest() {
        for text in ["", "daily", "dailyslots", "2026-13-01", "caf\u{e9}", "it's"] {
            assert_eq!(quote(text, 64), format!("{text:?}"));
        }
        assert_eq!(quote("a\"b\\c", 64), r#""a\"b\\c""#);
        assert_eq!(quote("x\ny\u{7f}", 64), r#""x\u{a}y\u{7f}""#);
        assert_eq!(quote("abcdef", 3), r#""abc""#);
    }

    fn show(value: f64) -> String {
        format!("{value}")
    }

    fn message<T: fmt::Debug>(result: Result<T, ArgError>) -> String {
        result.expect_err("expected an error").0
    }

    #[test]
    fn numbers_must_be_safe_integers() {
        assert_eq!(safe_integer(42.0, "n", &show), Ok(42));
        assert_eq!(safe_integer(-0.0, "n", &show), Ok(0));
        assert_eq!(
            safe_integer(-1_795_305_600.0, "n", &show),
            Ok(-1_795_305_600)
        );
        assert_eq!(
            safe_integer(9_007_199_254_740_991.0, "n", &show),
            Ok(9_007_199_254_740_991)
        );
        assert_eq!(
            message(safe_integer(f64::NAN, "n", &show)),
            "n must be an integer, got NaN"
        );
        assert!(message(safe_integer(f64::INFINITY, "n", &show)).contains("inf"));
        assert!(message(safe_integer(1.5, "n", &show)).contains("integer"));
        assert!(
            message(safe_integer(9_007_199_254_740_992.0, "n", &show)).contains("safe integer")
        );
        assert!(message(safe_integer(-1e300, "n", &show)).contains("safe integer"));
    }

    #[test]
    fn u32_range() {
        assert_eq!(u32_arg(4_294_967_295.0, "slot", &show), Ok(u32::MAX));
        assert_eq!(
            message(u32_arg(-1.0, "slot", &show)),
            "slot must be between 0 and 4294967295, got -1"
        );
        assert!(message(u32_arg(4_294_967_296.0, "issuer", &show)).starts_with("issuer must be"));
    }

    #[test]
    fn zones() {
        assert!(zone(3600.0, "off", &show).is_ok());
        assert!(zone(-89_999.0, "off", &show).is_ok());
        assert!(message(zone(90_000.0, "off", &show)).contains("between -89999 and 89999"));
    }

    #[test]
    fn keys_and_door_ids() {
        assert!(door_key(&"ab".repeat(32), "doorKeyHex").is_ok());
        assert_eq!(
            message(door_key(&"ab".repeat(16), "doorKeyHex")),
            "doorKeyHex: door key: key is 16 bytes; exactly 32 required"
        );
        assert!(message(door_key("xyz", "doorKeyHex")).contains("not valid hex"));
        assert!(message(site_key("00", "siteSecretHex")).contains("at least 16"));
        assert!(message(door_id(b"", "doorId")).contains("empty"));
        assert!(message(door_id(&[1; 33], "doorId")).contains("33 bytes"));
        assert!(door_id(&[1; 32], "doorId").is_ok());
    }

    #[test]
    fn dates_and_kinds() {
        assert_eq!(
            date("2026-11-22", "date").unwrap().to_string(),
            "2026-11-22"
        );
        assert!(message(date("2026-13-01", "date")).contains("month"));
        assert!(message(date("22/11/2026", "date")).contains("YYYY-MM-DD"));
        assert_eq!(kind("single-use", "kind"), Ok(DailyKind::SingleUse));
        assert!(message(kind("weekly", "kind")).contains("\"weekly\""));
    }

    #[test]
    fn policies() {
        assert_eq!(
            policy(PolicyFields::default(), "policy", &show),
            Ok(DailyPolicy::default())
        );
        let custom = policy(
            PolicyFields {
                digits: Some(8.0),
                daily_slots: Some(10.0),
                single_use_slots: Some(0.0),
                grace_seconds: Some(60.0),
            },
            "policy",
            &show,
        )
        .unwrap();
        assert_eq!(custom.length.get(), 8);
        assert_eq!((custom.daily_slots, custom.single_use_slots), (10, 0));
        let bad = PolicyFields {
            digits: Some(5.0),
            ..PolicyFields::default()
        };
        assert_eq!(
            message(policy(bad, "policy", &show)),
            "policy.digits: code length 5 is outside 6..=12"
        );
        let bad = PolicyFields {
            grace_seconds: Some(f64::NAN),
            ..PolicyFields::default()
        };
        assert!(message(policy(bad, "policy", &show)).starts_with("policy.graceSeconds must be"));
    }

    #[test]
    fn reasons() {
        assert_eq!(reject_reason(&DailyReject::NoMatch), "NoMatch");
        let wrong = DailyReject::Malformed(CodeFormatError::WrongLength {
            expected: 7,
            got: 6,
        });
        assert_eq!(reject_reason(&wrong), "Malformed.WrongLength");
        assert_eq!(
            reject_message(&wrong),
            "malformed code: 6 digits entered; codes have 7"
        );
    }

    #[test]
    fn exact_numbers() {
        assert_eq!(exact_number(400, "n"), Ok(400.0));
        assert!(exact_number(1 << 53, "n").is_err());
    }

    #[test]
    fn hex() {
        assert_eq!(hex_encode(&[0x01, 0xab, 0xff]), "01abff");
        assert_eq!(hex_decode("01ABff", "h"), Ok(vec![0x01, 0xab, 0xff]));
        assert_eq!(hex_decode("", "h"), Ok(vec![]));
        assert_eq!(
            message(hex_decode("abc", "h")),
            "h is not valid hex: odd number of digits (3)"
        );
        assert_eq!(
            message(hex_decode("00zz", "h")),
            "h is not valid hex: unexpected character at position 2"
        );
        assert!(message(hex_decode("0z", "h")).ends_with("position 1"));
        assert!(message(hex_decode("\u{e9}", "h")).contains("position 0")); // 2 bytes, not hex
    }

    #[test]
    fn zones_from_text_and_hex() {
        let new_york = posix_zone("EST5EDT,M3.2.0,M11.1.0", "posix").unwrap();
        let hex = zone_to_hex(&new_york);
        assert_eq!(hex.len(), 72);
        assert_eq!(zone_from_hex(&hex, "hex").unwrap(), new_york);
        assert!(message(posix_zone("EST5EDT", "posix")).ends_with("at byte 7"));
        assert!(message(zone_from_hex("02", "hex")).starts_with("hex: unknown zone"));
        assert_eq!(zone(0.0, "o", &show).unwrap().to_string(), "UTC0");
    }

    #[test]
    fn times_of_day() {
        assert_eq!(minute_of_day("08:00", "t", false), Ok(480));
        assert_eq!(minute_of_day("8:05", "t", false), Ok(485));
        assert_eq!(minute_of_day("23:59", "t", false), Ok(1439));
        assert_eq!(minute_of_day("24:00", "t", true), Ok(1440));
        assert!(message(minute_of_day("24:00", "t", false)).contains("00:00 of the next day"));
        assert!(message(minute_of_day("24:01", "t", true)).contains("00:00 to 24:00"));
        assert!(message(minute_of_day("25:00", "t", true)).starts_with("t \"25:00\" is not"));
        assert!(message(minute_of_day("12:60", "t", true)).contains("minute 60 is above 59"));
        for bad in [
            "", "8", "08:0", "008:00", "08:000", "-1:00", "+8:00", "08.00", "08:00:00",
        ] {
            assert!(
                message(minute_of_day(bad, "t", true)).contains("is not a time of day"),
                "{bad}"
            );
        }
        assert_eq!(format_minute(0), "00:00");
        assert_eq!(format_minute(1440), "24:00");
        assert_eq!(format_minute(485), "08:05");
        let overnight = time_range("22:00", "06:00", "w").unwrap();
        assert!(overnight.is_overnight());
    }

    #[test]
    fn days() {
        assert_eq!(day_bit("mon", "d"), Ok(1));
        assert_eq!(day_bit("sun", "d"), Ok(64));
        assert!(message(day_bit("Sunday", "d")).contains("expected one of mon, tue"));
        assert!(message(day_mask(0, "days")).contains("is empty"));
        assert_eq!(
            day_names(day_mask(0b100_0101, "d").unwrap()),
            ["mon", "wed", "sun"]
        );
        assert_eq!(weekday_name(Weekday::Saturday), "sat");
    }

    #[test]
    fn local_datetimes_and_resolution() {
        let local = local_datetime("2026-03-08T02:30", "l").unwrap();
        assert_eq!(local.second_of_day, 9000);
        assert_eq!(
            local_datetime("2026-03-08T02:30:15", "l")
                .unwrap()
                .second_of_day,
            9015
        );
        for bad in [
            "2026-03-08",
            "2026-03-08T",
            "2026-03-08T02",
            "2026-03-08T2:30",
            "2026-03-08T02:30:1",
            "2026-03-08T02:30:00:00",
            "2026-03-08 02:30",
        ] {
            assert!(
                message(local_datetime(bad, "l")).contains("is not of the form"),
                "{bad}"
            );
        }
        assert!(message(local_datetime("2026-03-08T24:00", "l")).contains("outside"));
        assert!(message(local_datetime("2026-13-08T00:00", "l")).contains("month"));
        let new_york = posix_zone("EST5EDT,M3.2.0,M11.1.0", "posix").unwrap();
        let how = |name| disambiguation(name, "c").unwrap();
        assert_eq!(
            to_instant(&new_york, local, how("compatible"), "l"),
            Ok(1_772_955_000)
        );
        assert_eq!(
            to_instant(&new_york, local, how("earlier"), "l"),
            Ok(1_772_951_400)
        );
        assert!(message(to_instant(&new_york, local, how("reject"), "l")).contains("gap"));
        assert!(message(disambiguation("first", "c")).contains("\"first\""));
    }

    #[test]
    fn grids() {
        assert_eq!(step_minutes(15.0, "s", &show), Ok(15));
        assert!(message(step_minutes(7.0, "s", &show)).contains("must divide 1440"));
        assert!(message(step_minutes(0.0, "s", &show)).contains("between 1 and 1440"));
        let utc = zone(0.0, "z", &show).unwrap();
        let monday = date("2026-11-23", "d").unwrap();
        let rows = week_grid(&utc, monday, 60, "d", |instant| instant % 7200 == 0).unwrap();
        assert_eq!(rows.len(), 7 * 24);
        assert_eq!(rows.get(..4), Some("1010"));
        let last = date("9999-12-26", "d").unwrap();
        assert!(message(week_grid(&utc, last, 60, "d", |_| true)).contains("past 9999-12-31"));
    }

    #[test]
    fn access_reasons() {
        assert_eq!(
            access_denied_reason(&AccessDenied::Schedule {
                index: 2,
                reason: ScheduleDenial::OutsideWindows
            }),
            ("Schedule.OutsideWindows", Some(2))
        );
        assert_eq!(
            access_denied_reason(&AccessDenied::ClockUnknown),
            ("ClockUnknown", None)
        );
    }
}
