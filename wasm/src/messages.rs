//! The text of library values (errors, dates, codes, zones) without `core::fmt`.
//!
//! Each [`Piece`] here writes what the library's `Display` writes (the host tests below check
//! that for every variant), so messages read the same as in the CLI, while the `.wasm` carries
//! no formatting machinery. Enums the library marks `#[non_exhaustive]` get a generic text for
//! variants added later; the tests fail until they are spelled out here.

#[allow(unused_imports)]
use crate::prelude::*;

use doorcode::civil::{DateError, LocalDate, LocalDateTime};
use doorcode::code::{CodeFormatError, Digits, MAX_CODE_DIGITS, MAX_INPUT_LEN};
use doorcode::daily::{DailyReject, IssueError, MAX_GRACE_SECONDS, MAX_ISSUERS, PolicyError};
use doorcode::keys::{KeyError, MAX_DOOR_ID_LEN};
use doorcode::lock::{
    BuildError, ConfigError, MAX_CLOCK_TOLERANCE_SECONDS, MAX_DENIED_CREDENTIALS,
    MAX_DENIED_PERSONS, MAX_LOCK_SCHEDULES, MAX_LOCKOUT_SECONDS, MAX_SINGLE_USE_MINUTES,
};
use doorcode::odds::{GuessOdds, ODDS_CEILING};
use doorcode::permanent::{MAX_PERSON_ID_LEN, PermanentError};
use doorcode::schedule::{AccessDenied, DecodeError, EncodeError, ScheduleDenial, ScheduleError};
use doorcode::zone::{
    LocalTimeError, PosixRule, PosixTzError, RuleDate, TimeError, Zone, ZoneDecodeError, ZoneError,
    ZoneField, ZoneName,
};

use crate::text::{Piece, put_hex, put_two_digits, put_u64};

/// Bytes in hex as `0x..` with at least two digits.
fn put_byte_hex(value: u8, out: &mut String) {
    out.push_str("0x");
    if value < 16 {
        out.push('0');
    }
    put_hex(u32::from(value), out);
}

impl Piece for KeyError {
    fn put(&self, out: &mut String) {
        match *self {
            Self::TooShort { got, min } => {
                cat_into!(
                    out,
                    "key material is ",
                    got,
                    " bytes; at least ",
                    min,
                    " required"
                )
            }
            Self::TooLong { got, max } => {
                cat_into!(
                    out,
                    "key material is ",
                    got,
                    " bytes; at most ",
                    max,
                    " allowed"
                )
            }
            Self::WrongLength { got, expected } => {
                cat_into!(
                    out,
                    "key is ",
                    got,
                    " bytes; exactly ",
                    expected,
                    " required"
                )
            }
            Self::InvalidHex => out.push_str("key is not valid hex"),
            Self::InvalidBase64 => out.push_str("key is not valid padded base64"),
            Self::BufferTooSmall { needed } => {
                cat_into!(out, "output buffer too small; ", needed, " bytes needed")
            }
            Self::EmptyDoorId => out.push_str("door id is empty"),
            Self::DoorIdTooLong { got } => {
                cat_into!(
                    out,
                    "door id is ",
                    got,
                    " bytes; at most ",
                    MAX_DOOR_ID_LEN,
                    " allowed"
                )
            }
            _ => out.push_str("invalid key"),
        }
    }
}

impl Piece for DateError {
    fn put(&self, out: &mut String) {
        out.push_str(match self {
            Self::YearOutOfRange => "year outside 1900..=9999",
            Self::InvalidMonth => "month outside 1..=12",
            Self::InvalidDay => "day does not exist in that month",
            Self::Malformed => "date is not of the form YYYY-MM-DD",
            _ => "invalid date",
        });
    }
}

impl Piece for LocalDate {
    fn put(&self, out: &mut String) {
        let year = self.year();
        for place in [1000, 100, 10] {
            if year < place {
                out.push('0');
            }
        }
        put_u64(u64::from(year), out);
        out.push('-');
        put_two_digits(u64::from(self.month()), out);
        out.push('-');
        put_two_digits(u64::from(self.day()), out);
    }
}

impl Piece for LocalDateTime {
    fn put(&self, out: &mut String) {
        let (hour, minute, second) = self.hms();
        self.date.put(out);
        out.push('T');
        put_two_digits(u64::from(hour), out);
        out.push(':');
        put_two_digits(u64::from(minute), out);
        out.push(':');
        put_two_digits(u64::from(second), out);
    }
}

impl Piece for CodeFormatError {
    fn put(&self, out: &mut String) {
        match *self {
            Self::Empty => out.push_str("no digits entered"),
            Self::TooLong { len } => {
                cat_into!(
                    out,
                    "input is ",
                    len,
                    " bytes; at most ",
                    MAX_INPUT_LEN,
                    " accepted"
                )
            }
            Self::InvalidCharacter { position } => cat_into!(
                out,
                "character at byte ",
                position,
                " is not a digit, space or '-'"
            ),
            Self::WrongLength { expected, got } => {
                cat_into!(out, got, " digits entered; codes have ", expected)
            }
            Self::UnsupportedLength { digits } => {
                cat_into!(out, "code length ", digits, " is outside 6..=12")
            }
            _ => out.push_str("malformed code"),
        }
    }
}

impl Piece for Digits {
    fn put(&self, out: &mut String) {
        let mut buf = [0u8; MAX_CODE_DIGITS as usize];
        out.push_str(self.as_ascii(&mut buf));
    }
}

impl Piece for TimeError {
    fn put(&self, out: &mut String) {
        out.push_str(match self {
            Self::OutOfRange => "instant is outside the supported years 1900..=9999",
            _ => "invalid instant",
        });
    }
}

impl Piece for ZoneError {
    fn put(&self, out: &mut String) {
        match *self {
            Self::OffsetOutOfRange { seconds } => {
                cat_into!(out, "UTC offset ", seconds, " s is beyond +-24:59:59")
            }
            Self::TooManyTransitions { count, capacity } => cat_into!(
                out,
                count,
                " transitions given; the zone holds at most ",
                capacity
            ),
            Self::TransitionsNotIncreasing { index } => cat_into!(
                out,
                "transition ",
                index,
                " is not later than the one before it"
            ),
            Self::TransitionOutOfRange { index } => cat_into!(
                out,
                "transition ",
                index,
                " is outside the supported instants"
            ),
            Self::RuleDisagreesWithLastTransition => out.push_str(
                "the POSIX rule does not match the last transition's offset at its instant",
            ),
            _ => out.push_str("invalid zone"),
        }
    }
}

impl Piece for LocalTimeError {
    fn put(&self, out: &mut String) {
        out.push_str(match self {
            Self::OutOfRange => "local time is outside the supported years",
            Self::Skipped { .. } => "local time is skipped by a clock change",
            Self::Ambiguous { .. } => "local time occurs twice (clocks went back)",
            _ => "invalid local time",
        });
    }
}

fn zone_field_name(field: ZoneField) -> &'static str {
    match field {
        ZoneField::Flags => "Flags",
        ZoneField::StdName => "StdName",
        ZoneField::StdOffset => "StdOffset",
        ZoneField::DstName => "DstName",
        ZoneField::DstOffset => "DstOffset",
        ZoneField::StartDate => "StartDate",
        ZoneField::StartTime => "StartTime",
        ZoneField::EndDate => "EndDate",
        ZoneField::EndTime => "EndTime",
        ZoneField::InitialOffset => "InitialOffset",
        ZoneField::DstFlag => "DstFlag",
        ZoneField::TransitionInstant => "TransitionInstant",
        ZoneField::TransitionOffset => "TransitionOffset",
        _ => "unknown",
    }
}

impl Piece for ZoneDecodeError {
    fn put(&self, out: &mut String) {
        match *self {
            Self::Truncated { offset } => cat_into!(out, "encoded zone truncated at byte ", offset),
            Self::UnknownVersion { version } => {
                out.push_str("unknown zone encoding version ");
                put_byte_hex(version, out);
            }
            Self::BadField { field, offset } => cat_into!(
                out,
                "invalid ",
                zone_field_name(field),
                " field at byte ",
                offset
            ),
            Self::TransitionsNotIncreasing { index } => cat_into!(
                out,
                "transition ",
                index,
                " is not later than the one before it"
            ),
            Self::TooManyTransitions { count, capacity } => cat_into!(
                out,
                count,
                " transitions; this zone type holds at most ",
                capacity
            ),
            Self::RuleDisagreesWithLastTransition => {
                out.push_str("the rule does not match the last transition at its instant")
            }
            Self::TrailingBytes { offset } => {
                cat_into!(out, "unexpected bytes from offset ", offset)
            }
            _ => out.push_str("invalid zone encoding"),
        }
    }
}

impl Piece for PosixTzError {
    fn put(&self, out: &mut String) {
        cat_into!(
            out,
            "invalid POSIX TZ string: ",
            self.kind.describe(),
            " at byte ",
            self.position
        );
    }
}

/// `[-]h[:mm[:ss]]`, as in POSIX TZ strings.
fn put_hms(seconds: i32, out: &mut String) {
    if seconds < 0 {
        out.push('-');
    }
    let magnitude = u64::from(seconds.unsigned_abs());
    let hours = magnitude / 3600;
    let minutes = magnitude / 60 % 60;
    let seconds = magnitude % 60;
    put_u64(hours, out);
    if minutes != 0 || seconds != 0 {
        out.push(':');
        put_two_digits(minutes, out);
    }
    if seconds != 0 {
        out.push(':');
        put_two_digits(seconds, out);
    }
}

fn put_zone_name(name: &ZoneName, out: &mut String) {
    if name.as_bytes().iter().all(u8::is_ascii_alphabetic) {
        out.push_str(name.as_str());
    } else {
        cat_into!(out, "<", name.as_str(), ">");
    }
}

fn put_rule_date((date, time): (RuleDate, i32), out: &mut String) {
    match date {
        RuleDate::NoLeapDay(day) => cat_into!(out, "J", day),
        RuleDate::ZeroBasedDay(day) => cat_into!(out, day),
        RuleDate::MonthWeekday {
            month,
            week,
            weekday,
        } => cat_into!(out, "M", month, ".", week, ".", weekday),
    }
    // 02:00:00, the POSIX default, is left out.
    if time != 7200 {
        out.push('/');
        put_hms(time, out);
    }
}

impl Piece for PosixRule {
    fn put(&self, out: &mut String) {
        put_zone_name(&self.std_name(), out);
        put_hms(self.std_offset().saturating_neg(), out);
        if let Some(dst) = self.dst() {
            put_zone_name(&dst.name(), out);
            if i64::from(dst.offset()) != i64::from(self.std_offset()).saturating_add(3600) {
                put_hms(dst.offset().saturating_neg(), out);
            }
            out.push(',');
            put_rule_date(dst.start(), out);
            out.push(',');
            put_rule_date(dst.end(), out);
        }
    }
}

impl<const N: usize> Piece for Zone<N> {
    fn put(&self, out: &mut String) {
        self.rule().put(out);
        if let Some(last) = self.transitions().last() {
            cat_into!(out, " [+", self.transitions().len(), " transitions until ");
            match LocalDateTime::from_wall_seconds(last.at) {
                Some(datetime) => datetime.put(out),
                None => cat_into!(out, last.at, "s"),
            }
            out.push_str("Z]");
        }
    }
}

impl Piece for ScheduleError {
    fn put(&self, out: &mut String) {
        out.push_str(match self {
            Self::EmptyDayMask => "day mask has no day set",
            Self::InvalidDayMask => "day mask has bit 7 set",
            Self::StartOutOfRange => "start minute above 1439",
            Self::EndOutOfRange => "end minute above 1440",
            Self::TooManyWindows => "more than 16 windows",
            Self::TooManyExceptions => "more than 16 exceptions",
            Self::TooManyReplacementRanges => "more than 4 ranges in a replace exception",
            Self::TooManySchedules => "more than 4 schedules in an access rule",
            Self::ReversedDateRange => "exception ends before it starts",
            Self::OverlappingExceptions => "two exceptions of the same kind share a date",
            Self::ReversedGrant => "grant ends before it starts",
            Self::ExceptionsDiffer => "union of schedules with different exceptions",
            Self::HasExceptions => "intersection of schedules with exceptions",
            _ => "invalid schedule",
        });
    }
}

impl Piece for DecodeError {
    fn put(&self, out: &mut String) {
        match *self {
            Self::Truncated => out.push_str("encoding is truncated"),
            Self::UnsupportedVersion(version) => {
                out.push_str("unsupported version ");
                put_byte_hex(version, out);
            }
            Self::TrailingBytes => out.push_str("bytes after the encoding"),
            Self::UnknownExceptionKind(kind) => {
                out.push_str("unknown exception kind ");
                put_byte_hex(kind, out);
            }
            Self::UnknownGrantFlags(flags) => {
                out.push_str("unknown grant flags ");
                put_byte_hex(flags, out);
            }
            Self::NonCanonicalGrant => out.push_str("grant bound encoded with its absent value"),
            Self::InvalidDate(error) => cat_into!(out, "invalid exception date: ", error),
            Self::UnsortedExceptions => out.push_str("exceptions out of order"),
            Self::Invalid(error) => error.put(out),
            _ => out.push_str("invalid encoding"),
        }
    }
}

impl Piece for EncodeError {
    fn put(&self, out: &mut String) {
        match *self {
            Self::BufferTooSmall { needed } => {
                cat_into!(out, "output buffer shorter than ", needed, " bytes")
            }
            _ => out.push_str("cannot encode"),
        }
    }
}

impl Piece for ScheduleDenial {
    fn put(&self, out: &mut String) {
        out.push_str(match self {
            Self::ClockOutOfRange => "clock outside the supported calendar",
            Self::ExceptionDenies => "date is closed by an exception",
            Self::OutsideReplacementHours => "outside the exception's hours",
            Self::OutsideWindows => "outside the schedule's windows",
            _ => "denied by the schedule",
        });
    }
}

impl Piece for AccessDenied {
    fn put(&self, out: &mut String) {
        match *self {
            Self::ClockUnknown => out.push_str("clock not set"),
            Self::ClockOutOfRange => out.push_str("clock outside the supported calendar"),
            Self::NotYetValid => out.push_str("grant not yet valid"),
            Self::Expired => out.push_str("grant expired"),
            Self::Schedule { index, reason } => cat_into!(out, "schedule ", index, ": ", reason),
            _ => out.push_str("access denied"),
        }
    }
}

impl Piece for GuessOdds {
    fn put(&self, out: &mut String) {
        match self.expected_guesses() {
            Some(guesses) => cat_into!(
                out,
                self.accepted,
                "/",
                self.space,
                " (about 1 in ",
                guesses,
                ")"
            ),
            None => cat_into!(out, "0/", self.space, " (no code is accepted)"),
        }
    }
}

impl Piece for PolicyError {
    fn put(&self, out: &mut String) {
        match *self {
            Self::NoSlots => out.push_str("policy has no slots of either kind"),
            Self::TooManySlots { kind, slots, max } => cat_into!(
                out,
                slots,
                " ",
                kind.name(),
                " slots configured; at most ",
                max,
                " at this length"
            ),
            Self::GraceTooLong { seconds } => cat_into!(
                out,
                "grace of ",
                seconds,
                " s exceeds the maximum of ",
                MAX_GRACE_SECONDS,
                " s"
            ),
            Self::NoIssuers => out.push_str("no issuer is enabled"),
            Self::TooManyIssuers { count } => cat_into!(
                out,
                count,
                " issuers enabled; more than the verifier's capacity (at most ",
                MAX_ISSUERS,
                ")"
            ),
            Self::DuplicateIssuer(id) => cat_into!(out, "issuer ", id.0, " is listed twice"),
            Self::OddsAboveCeiling(odds) => cat_into!(
                out,
                "a random guess would be accepted with odds ",
                odds,
                ", above the ceiling GuessOdds(",
                ODDS_CEILING.accepted,
                "/",
                ODDS_CEILING.space,
                ")"
            ),
            _ => out.push_str("invalid policy"),
        }
    }
}

impl Piece for IssueError {
    fn put(&self, out: &mut String) {
        match *self {
            Self::SlotOutOfRange { slot, slots } => cat_into!(
                out,
                "slot ",
                slot,
                " is out of range; the policy has ",
                slots,
                " slots of that kind"
            ),
            Self::Policy(error) => cat_into!(out, "invalid policy: ", error),
            _ => out.push_str("cannot issue"),
        }
    }
}

impl Piece for DailyReject {
    fn put(&self, out: &mut String) {
        match *self {
            Self::Malformed(error) => cat_into!(out, "malformed code: ", error),
            Self::ClockOutOfRange => out.push_str("clock is outside the supported years"),
            Self::NoMatch => out.push_str("no enabled issuer issued this code for a valid day"),
            _ => out.push_str("rejected"),
        }
    }
}

impl Piece for PermanentError {
    fn put(&self, out: &mut String) {
        match *self {
            Self::EmptyPersonId => out.push_str("person id is empty"),
            Self::PersonIdTooLong { got } => cat_into!(
                out,
                "person id is ",
                got,
                " bytes; at most ",
                MAX_PERSON_ID_LEN,
                " allowed"
            ),
            Self::NoFreeCode { attempts } => cat_into!(
                out,
                "all ",
                attempts,
                " candidate codes are already taken; the code space is nearly full"
            ),
            _ => out.push_str("cannot derive a permanent code"),
        }
    }
}

impl Piece for ConfigError {
    fn put(&self, out: &mut String) {
        match *self {
            Self::Policy(error) => cat_into!(out, "invalid daily policy: ", error),
            Self::TooManyIssuers { count, capacity } => {
                cat_into!(out, count, " issuers; this lock has room for ", capacity)
            }
            Self::ThrottleLimitZero => out.push_str("wrong-code limit must be at least 1"),
            Self::DisableTimeZero => out.push_str("lockout time must be at least 1 s"),
            Self::LockoutCapOutOfRange => cat_into!(
                out,
                "lockout cap must be between the base time and ",
                MAX_LOCKOUT_SECONDS,
                " s"
            ),
            Self::QuietBelowCap => out.push_str("quiet period shorter than the lockout cap"),
            Self::SingleUseWindowOutOfRange => cat_into!(
                out,
                "single-use window must be 1..=",
                MAX_SINGLE_USE_MINUTES,
                " minutes"
            ),
            Self::ToleranceTooLong => cat_into!(
                out,
                "clock tolerance above ",
                MAX_CLOCK_TOLERANCE_SECONDS,
                " s"
            ),
            Self::TooManyEntries { count, capacity } => cat_into!(
                out,
                count,
                " permanent entries; this lock has room for ",
                capacity
            ),
            Self::TooManySchedules => {
                cat_into!(out, "more than ", MAX_LOCK_SCHEDULES, " schedules")
            }
            Self::ScheduleIndexOutOfRange { entry } => cat_into!(
                out,
                "permanent entry ",
                entry,
                " refers to a missing schedule"
            ),
            Self::TooManyDenied => {
                cat_into!(out, "more than ", MAX_DENIED_PERSONS, " denied persons")
            }
            Self::DuplicateTag { entry } => {
                cat_into!(out, "permanent entry ", entry, " repeats an earlier code")
            }
            Self::OddsAboveCeiling(above) => cat_into!(
                out,
                "daily and permanent codes: ",
                PolicyError::OddsAboveCeiling(above.0)
            ),
            Self::TooManyDeniedCredentials => cat_into!(
                out,
                "more than ",
                MAX_DENIED_CREDENTIALS,
                " denied credentials"
            ),
            _ => out.push_str("invalid lock configuration"),
        }
    }
}

impl Piece for BuildError {
    fn put(&self, out: &mut String) {
        match *self {
            Self::Config(error) => cat_into!(out, "invalid configuration: ", error),
            Self::Buffer(error) => cat_into!(
                out,
                "output buffer too small; ",
                error.needed,
                " bytes needed"
            ),
            _ => out.push_str("cannot build the update"),
        }
    }
}

impl Piece for core::num::TryFromIntError {
    fn put(&self, out: &mut String) {
        out.push_str("out of range integral type conversion attempted");
    }
}

#[cfg(test)]
mod tests {
    //! Each text against the library's `Display`, an independent implementation.
    #![allow(clippy::unwrap_used)]
    use super::*;
    use core::fmt::Display;
    use doorcode::daily::DailyKind;
    use doorcode::keys::IssuerId;
    use doorcode::zone::PosixTzErrorKind;

    fn same<T: Piece + Display>(values: &[T]) {
        for value in values {
            assert_eq!(crate::text::text(value), value.to_string());
        }
    }

    #[test]
    fn library_texts_match_display() {
        same(&[
            KeyError::TooShort { got: 3, min: 16 },
            KeyError::TooLong { got: 70, max: 64 },
            KeyError::WrongLength {
                got: 31,
                expected: 32,
            },
            KeyError::InvalidHex,
            KeyError::InvalidBase64,
            KeyError::BufferTooSmall { needed: 9 },
            KeyError::EmptyDoorId,
            KeyError::DoorIdTooLong { got: 33 },
        ]);
        same(&[
            DateError::YearOutOfRange,
            DateError::InvalidMonth,
            DateError::InvalidDay,
            DateError::Malformed,
        ]);
        let dates = ["1900-01-01", "0999-01-01", "2026-11-22", "9999-12-31"];
        let dates: Vec<LocalDate> = dates.iter().filter_map(|d| d.parse().ok()).collect();
        assert!(dates.len() >= 3);
        same(&dates);
        same(&[
            LocalDateTime::from_wall_seconds(0).unwrap(),
            LocalDateTime::from_wall_seconds(1_795_000_000 + 3_661).unwrap(),
        ]);
        same(&[
            CodeFormatError::Empty,
            CodeFormatError::TooLong { len: 99 },
            CodeFormatError::InvalidCharacter { position: 4 },
            CodeFormatError::WrongLength {
                expected: 7,
                got: 6,
            },
            CodeFormatError::UnsupportedLength { digits: 13 },
        ]);
        same(&[TimeError::OutOfRange]);
        same(&[
            ZoneError::OffsetOutOfRange { seconds: -90_000 },
            ZoneError::TooManyTransitions {
                count: 400,
                capacity: 320,
            },
            ZoneError::TransitionsNotIncreasing { index: 3 },
            ZoneError::TransitionOutOfRange { index: 0 },
            ZoneError::RuleDisagreesWithLastTransition,
        ]);
        same(&[
            ZoneDecodeError::Truncated { offset: 5 },
            ZoneDecodeError::UnknownVersion { version: 7 },
            ZoneDecodeError::UnknownVersion { version: 0xab },
            ZoneDecodeError::TransitionsNotIncreasing { index: 2 },
            ZoneDecodeError::TooManyTransitions {
                count: 9,
                capacity: 0,
            },
            ZoneDecodeError::RuleDisagreesWithLastTransition,
            ZoneDecodeError::TrailingBytes { offset: 12 },
        ]);
        for field in [
            ZoneField::Flags,
            ZoneField::StdName,
            ZoneField::StdOffset,
            ZoneField::DstName,
            ZoneField::DstOffset,
            ZoneField::StartDate,
            ZoneField::StartTime,
            ZoneField::EndDate,
            ZoneField::EndTime,
            ZoneField::InitialOffset,
            ZoneField::DstFlag,
            ZoneField::TransitionInstant,
            ZoneField::TransitionOffset,
        ] {
            same(&[ZoneDecodeError::BadField { field, offset: 1 }]);
        }
        for kind in [
            PosixTzErrorKind::Empty,
            PosixTzErrorKind::ExpectedDigit,
            PosixTzErrorKind::TrailingCharacters,
        ] {
            same(&[PosixTzError { kind, position: 4 }]);
        }
        same(&[
            LocalTimeError::OutOfRange,
            LocalTimeError::Skipped {
                earlier: 0,
                later: 3600,
            },
            LocalTimeError::Ambiguous {
                earlier: 0,
                later: 3600,
            },
        ]);
        same(&[
            ScheduleError::EmptyDayMask,
            ScheduleError::InvalidDayMask,
            ScheduleError::StartOutOfRange,
            ScheduleError::EndOutOfRange,
            ScheduleError::TooManyWindows,
            ScheduleError::TooManyExceptions,
            ScheduleError::TooManyReplacementRanges,
            ScheduleError::TooManySchedules,
            ScheduleError::ReversedDateRange,
            ScheduleError::OverlappingExceptions,
            ScheduleError::ReversedGrant,
            ScheduleError::ExceptionsDiffer,
            ScheduleError::HasExceptions,
        ]);
        same(&[
            DecodeError::Truncated,
            DecodeError::UnsupportedVersion(2),
            DecodeError::TrailingBytes,
            DecodeError::UnknownExceptionKind(0x1f),
            DecodeError::UnknownGrantFlags(0x80),
            DecodeError::NonCanonicalGrant,
            DecodeError::InvalidDate(DateError::InvalidDay),
            DecodeError::UnsortedExceptions,
            DecodeError::Invalid(ScheduleError::TooManyWindows),
        ]);
        same(&[EncodeError::BufferTooSmall { needed: 40 }]);
        for reason in [
            ScheduleDenial::ClockOutOfRange,
            ScheduleDenial::ExceptionDenies,
            ScheduleDenial::OutsideReplacementHours,
            ScheduleDenial::OutsideWindows,
        ] {
            same(&[reason]);
            same(&[AccessDenied::Schedule { index: 2, reason }]);
        }
        same(&[
            AccessDenied::ClockUnknown,
            AccessDenied::ClockOutOfRange,
            AccessDenied::NotYetValid,
            AccessDenied::Expired,
        ]);
        let odds = [
            GuessOdds {
                accepted: 3,
                space: 1_000_000,
            },
            GuessOdds {
                accepted: 0,
                space: 10,
            },
        ];
        same(&odds);
        same(&[
            PolicyError::NoSlots,
            PolicyError::TooManySlots {
                kind: DailyKind::SingleUse,
                slots: 9,
                max: 5,
            },
            PolicyError::GraceTooLong { seconds: 99_999 },
            PolicyError::NoIssuers,
            PolicyError::TooManyIssuers { count: 300 },
            PolicyError::DuplicateIssuer(IssuerId(4)),
            PolicyError::OddsAboveCeiling(odds[0]),
        ]);
        same(&[
            IssueError::SlotOutOfRange {
                slot: 100,
                slots: 100,
            },
            IssueError::Policy(PolicyError::NoSlots),
        ]);
        same(&[
            DailyReject::Malformed(CodeFormatError::Empty),
            DailyReject::ClockOutOfRange,
            DailyReject::NoMatch,
        ]);
        same(&[
            PermanentError::EmptyPersonId,
            PermanentError::PersonIdTooLong { got: 70 },
            PermanentError::NoFreeCode { attempts: 64 },
        ]);
        same(&[u8::try_from(300u32).unwrap_err()]);
        let config_errors = [
            ConfigError::Policy(PolicyError::NoIssuers),
            ConfigError::TooManyIssuers {
                count: 9,
                capacity: 8,
            },
            ConfigError::ThrottleLimitZero,
            ConfigError::DisableTimeZero,
            ConfigError::LockoutCapOutOfRange,
            ConfigError::QuietBelowCap,
            ConfigError::SingleUseWindowOutOfRange,
            ConfigError::ToleranceTooLong,
            ConfigError::TooManyEntries {
                count: 70,
                capacity: 64,
            },
            ConfigError::TooManySchedules,
            ConfigError::ScheduleIndexOutOfRange { entry: 3 },
            ConfigError::TooManyDenied,
            ConfigError::DuplicateTag { entry: 5 },
            ConfigError::OddsAboveCeiling(doorcode::odds::AboveCeiling(odds[0])),
            ConfigError::TooManyDeniedCredentials,
        ];
        same(&config_errors);
        for error in config_errors {
            same(&[BuildError::Config(error)]);
        }
        same(&[BuildError::Buffer(doorcode::lock::BufferTooSmall {
            needed: 77,
        })]);
    }

    #[test]
    fn zones_and_rules_match_display() {
        let rules = [
            "UTC0",
            "CET-1CEST,M3.5.0,M10.5.0/3",
            "EST5EDT,M3.2.0,M11.1.0",
            "<+0330>-3:30",
            "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
            "NZST-12NZDT,M9.5.0,M4.1.0/3",
            "AAA-1:02:03BBB-3:00:01,J60/1:30,300/25",
            "IST-1GMT0,M10.5.0,M3.5.0/1",
        ];
        for text in rules {
            let rule = PosixRule::parse(text).unwrap();
            same(&[rule]);
            same(&[Zone::<0>::posix(text).unwrap()]);
        }
        let initial = doorcode::zone::ZoneOffset {
            seconds: 3600,
            is_dst: false,
        };
        let change = doorcode::zone::Transition {
            at: 946_684_800,
            offset: 7200,
            is_dst: false,
        };
        let zone = Zone::<4>::with_transitions(initial, &[change], PosixRule::fixed(7200).unwrap());
        same(&[zone.unwrap()]);
    }
}
