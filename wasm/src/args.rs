//! Checking values that arrive from JavaScript.
//!
//! Everything here is plain Rust (no `JsValue`), so the rules are unit-tested on the host. The
//! JavaScript layer (`js.rs`) only extracts numbers and strings and hands them to these functions.
//!
//! Error messages name the argument as JavaScript spells it (`doorKeyHex`, `policy.dailySlots`,
//! `issuers[2].epoch`) and reuse the library's `Display` text for the reason. They never echo key
//! material.

use core::fmt;

use doorcode::civil::LocalDate;
use doorcode::code::{CodeFormatError, CodeLength};
use doorcode::daily::{DailyKind, DailyPolicy, DailyReject};
use doorcode::keys::{DoorId, DoorKey, IssuerKey, SiteKey};
use doorcode::zone::{MAX_OFFSET_SECONDS, Zone};

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
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(ArgError(format!(
            "{what} must be an integer, got {}",
            show(value)
        )));
    }
    // Exact: 2^53 - 1 is representable in f64.
    #[allow(clippy::cast_precision_loss)]
    let limit = MAX_SAFE_INTEGER as f64;
    if value.abs() > limit {
        return Err(ArgError(format!(
            "{what} must be a safe integer (at most 2^53 - 1 in magnitude), got {}",
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
        return Err(ArgError(format!(
            "{what} must be between {min} and {max}, got {integer}"
        )));
    }
    Ok(integer)
}

/// A safe integer in `0..=u32::MAX` (issuer ids, epochs, slots, slot counts, grace seconds).
pub fn u32_arg(value: f64, what: &str, show: ShowNumber<'_>) -> Result<u32, ArgError> {
    let integer = integer_in(value, 0, i64::from(u32::MAX), what, show)?;
    u32::try_from(integer).map_err(|_| ArgError(format!("{what} is out of range")))
}

/// An instant in UTC seconds since 1970-01-01T00:00:00Z (any safe integer; the calendar range is
/// checked where the instant is used).
pub fn instant(value: f64, what: &str, show: ShowNumber<'_>) -> Result<i64, ArgError> {
    safe_integer(value, what, show)
}

/// A fixed UTC offset in seconds east of UTC (New York in winter is -18000).
pub fn zone(offset_seconds: f64, what: &str, show: ShowNumber<'_>) -> Result<Zone, ArgError> {
    let min = i64::from(MAX_OFFSET_SECONDS.saturating_neg());
    let offset = integer_in(
        offset_seconds,
        min,
        i64::from(MAX_OFFSET_SECONDS),
        what,
        show,
    )?;
    let offset = i32::try_from(offset).map_err(|_| ArgError(format!("{what} is out of range")))?;
    Zone::fixed(offset).map_err(|error| ArgError(format!("{what}: {error}")))
}

/// A site secret from hex (16..=64 bytes).
pub fn site_key(hex: &str, what: &str) -> Result<SiteKey, ArgError> {
    SiteKey::from_hex(hex).map_err(|error| ArgError(format!("{what}: site secret: {error}")))
}

/// A door key from hex (exactly 32 bytes).
pub fn door_key(hex: &str, what: &str) -> Result<DoorKey, ArgError> {
    DoorKey::from_hex(hex).map_err(|error| ArgError(format!("{what}: door key: {error}")))
}

/// An issuer key from hex (exactly 32 bytes).
pub fn issuer_key(hex: &str, what: &str) -> Result<IssuerKey, ArgError> {
    IssuerKey::from_hex(hex).map_err(|error| ArgError(format!("{what}: issuer key: {error}")))
}

/// A door id from its bytes (1..=32).
pub fn door_id(bytes: &[u8], what: &str) -> Result<DoorId, ArgError> {
    DoorId::new(bytes).map_err(|error| ArgError(format!("{what}: {error}")))
}

/// A local calendar date written `YYYY-MM-DD`.
pub fn date(text: &str, what: &str) -> Result<LocalDate, ArgError> {
    // A date is not secret; echo at most a short prefix so a huge string does not flood a log.
    let shown: String = text.chars().take(24).collect();
    text.parse()
        .map_err(|error| ArgError(format!("{what} {shown:?}: {error}")))
}

/// A daily-code kind: `"daily"` or `"single-use"`.
pub fn kind(name: &str, what: &str) -> Result<DailyKind, ArgError> {
    DailyKind::from_name(name).ok_or_else(|| {
        let shown: String = name.chars().take(24).collect();
        ArgError(format!(
            "{what} must be \"daily\" or \"single-use\", got {shown:?}"
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
        let name = format!("{what}.digits");
        let digits = integer_in(digits, 0, 255, &name, show)?;
        let digits =
            u8::try_from(digits).map_err(|_| ArgError(format!("{name} is out of range")))?;
        policy.length =
            CodeLength::new(digits).map_err(|error| ArgError(format!("{name}: {error}")))?;
    }
    if let Some(slots) = fields.daily_slots {
        policy.daily_slots = u32_arg(slots, &format!("{what}.dailySlots"), show)?;
    }
    if let Some(slots) = fields.single_use_slots {
        policy.single_use_slots = u32_arg(slots, &format!("{what}.singleUseSlots"), show)?;
    }
    if let Some(grace) = fields.grace_seconds {
        policy.grace_seconds = u32_arg(grace, &format!("{what}.graceSeconds"), show)?;
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
    reject.to_string()
}

/// Convert a count that JavaScript receives as a number, refusing anything it cannot hold exactly.
pub fn exact_number(value: u64, what: &str) -> Result<f64, ArgError> {
    if value > MAX_SAFE_INTEGER {
        return Err(ArgError(format!(
            "{what} is {value}, too large for a JavaScript number to hold exactly"
        )));
    }
    // At most 2^53 - 1: exact.
    #[allow(clippy::cast_precision_loss)]
    let number = value as f64;
    Ok(number)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

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
}
