//! `doorcode_zone_test.json`: POSIX TZ rules, zone queries and the binary encoding (SPEC 5.1).
//!
//! Every expected local time, offset, day length and resolution is written out by hand below
//! (the arithmetic is in the comments); the generator checks that the hand-written values are
//! consistent with each other (local = UTC + offset), then that the library agrees, then, where
//! the zone exists in the IANA database, that a zone built with `Zone::from_iana` from jiff's
//! bundled tzdb agrees too (jiff is the independent oracle: `from_iana` keeps jiff's offsets for
//! every instant of its range, checked against jiff by `tests/zone_iana.rs`).

use doorcode::civil::{LocalDate, LocalDateTime};
use doorcode::zone::{
    Disambiguation, IANA_CAPACITY, LocalResolution, LocalTimeError, PosixRule, PosixTzErrorKind,
    RuleDate, Transition, Zone, ZoneDecodeError,
};
use serde_json::{Value, json};

use super::{FileBuilder, VectorFile, bug, overflow};
use crate::error::CliError;
use crate::hex;
use crate::time::{format_offset, parse_rfc3339};

/// File name of the zone vectors.
pub const ZONE_FILE: &str = "doorcode_zone_test.json";

/// Capacity of the zones in the vectors (and of the decoder the invalid encodings are fed to).
pub const CAPACITY: usize = IANA_CAPACITY;

/// A zone as the vectors use it.
pub type VZone = Zone<CAPACITY>;

/// 1970-01-01T00:00:00Z and 2100-01-01T00:00:00Z: the range of the IANA oracle zones.
const ORACLE_START: i64 = 0;
const ORACLE_HORIZON: i64 = 4_102_444_800;

const HEADER: &[&str] = &[
    "Test vectors for doorcode zones, version 1 (SPEC.md section 5.1: POSIX TZ rules, queries, binary encoding).",
    "ZoneQueryTest groups give a zone as its binary encoding ('encoding', hex, SPEC 5.1.4) and, for rule-only zones, as the POSIX TZ string ('posix') it parses from; both must give the same zone. IANA-built zones (explicit transitions then a rule) have 'posix': null and name their IANA zone and build range in the comment.",
    "Instants are UTC seconds since 1970-01-01T00:00:00Z; offsets are seconds east of UTC; local date-times are wall-clock YYYY-MM-DDTHH:MM:SS.",
    "query 'localTime': the instant's local date-time, offset and DST flag. 'dayBounds': the UTC instants [start, end) whose local date is 'date' (end - start = lengthSeconds); invalid with error DateDoesNotOccur if no instant has that date. 'resolve': the wall-clock time 'local' as 'resolution' (unique / gap / fold with earlier and later instants) and the instant chosen by 'disambiguation' (compatible, earlier, later, reject); reject in a gap or fold is invalid with error Skipped or Ambiguous. 'nextTransition': the first offset change strictly after the instant ('next': at, offsetSeconds, isDst), or null.",
    "PosixParseTest: a valid TZ string with its canonical form and encoding, or an invalid one with the error kind (PosixTzErrorKind) and its byte position. ZoneDecodeTest: bytes refused by a decoder of capacity 'capacity' transitions, with the error (ZoneDecodeError variant, BadField.<field>) and its byte offset where it has one.",
    "Every expected value is derived by hand from the zone's rules (the generator's source shows the arithmetic), checked by the generator against the library and, where an IANA zone exists (named in the group comment), against a zone built from jiff's bundled tzdb data with Zone::from_iana over 1970..2100 (jiff is the independent oracle; local times and offsets are compared, DST flags only with the rule, because the bundled data is in tzdb's rearguard form, where Europe/Dublin is GMT0IST,M3.5.0/1,M10.5.0).",
];

const NOTES: &[(&str, &str)] = &[
    (
        "Normal",
        "An ordinary instant or date away from any clock change.",
    ),
    (
        "SpringGap",
        "Around a forward clock change: wall-clock times that do not occur.",
    ),
    (
        "FallFold",
        "Around a backward clock change: wall-clock times that occur twice.",
    ),
    (
        "DayLength",
        "A day whose length is not 24 hours (23, 23.5, 24.5 or 25 hours).",
    ),
    ("HalfHourDst", "Lord Howe: DST of 30 minutes."),
    (
        "NegativeDst",
        "Europe/Dublin: the rule's 'DST' (winter, GMT) is behind standard time (IST).",
    ),
    (
        "MidnightChange",
        "A clock change at local midnight: a day starting at 01:00, or 23:00-24:00 repeated.",
    ),
    (
        "SkippedDate",
        "A date that does not occur at all (Pacific/Apia 2011-12-30).",
    ),
    (
        "SouthernRule",
        "DST from late in the year into the next: the rule wraps the year.",
    ),
    (
        "LeapYear",
        "Jn never counts February 29 (J60 is March 1), n counts it (59 is February 29 in a leap year).",
    ),
    (
        "LastWeek",
        "Mm.5.d is the last such weekday of the month, also when the month has only four.",
    ),
    (
        "RuleTime",
        "A rule time outside 00:00..24:00: negative, 24 or more, up to +-167 hours.",
    ),
    (
        "FixedOffset",
        "A rule without DST, with a non-whole-hour offset.",
    ),
    (
        "AllYearDst",
        "DST all year (RFC 9636): the end meets the next year's start.",
    ),
    (
        "ExplicitTransitions",
        "An IANA-built zone: explicit transitions, then the rule.",
    ),
    (
        "AfterTransitions",
        "An instant after the explicit transitions end: the rule governs.",
    ),
    (
        "Boundary",
        "The last second before, or the first second of, a change.",
    ),
    (
        "Disambiguation",
        "Local time to instant with a stated gap/fold choice.",
    ),
    (
        "NoTransition",
        "No offset change ever follows: next is null.",
    ),
    ("Canonical", "A valid TZ string and its canonical form."),
    ("MalformedPosix", "A refused TZ string."),
    ("BadEncoding", "Bytes that are not a zone encoding."),
];

// ---------------------------------------------------------------------------------------------
// Helpers

fn utc(text: &str) -> Result<i64, CliError> {
    parse_rfc3339(text).map_err(|e| bug(format!("{text}: {e}")))
}

/// `YYYY-MM-DDTHH:MM:SS` (wall clock) as a date-time.
pub(crate) fn wall(text: &str) -> Result<LocalDateTime, CliError> {
    let (date, time) = text
        .split_once('T')
        .ok_or_else(|| bug(format!("bad wall time {text}")))?;
    let date: LocalDate = date
        .parse()
        .map_err(|e| bug(format!("bad wall time {text}: {e}")))?;
    let mut second_of_day = 0u32;
    for part in time.split(':') {
        let value: u32 = part
            .parse()
            .map_err(|_| bug(format!("bad wall time {text}")))?;
        second_of_day = second_of_day
            .checked_mul(60)
            .and_then(|s| s.checked_add(value))
            .ok_or_else(overflow)?;
    }
    Ok(LocalDateTime {
        date,
        second_of_day,
    })
}

/// Wall-clock seconds since 1970-01-01T00:00 of a local date-time.
pub(crate) fn wall_seconds(local: LocalDateTime) -> Result<i64, CliError> {
    local
        .date
        .midnight_utc_seconds()
        .checked_add(i64::from(local.second_of_day))
        .ok_or_else(overflow)
}

fn minus(a: i64, b: i64) -> Result<i64, CliError> {
    a.checked_sub(b).ok_or_else(overflow)
}

/// The binary form of SPEC 5.1.4, written from the rule's fields without the library's encoder.
pub(crate) fn spec_encoding(zone: &VZone) -> Vec<u8> {
    fn name(out: &mut Vec<u8>, bytes: &[u8]) {
        out.push(u8::try_from(bytes.len()).unwrap_or(u8::MAX));
        out.extend_from_slice(bytes);
    }
    fn date(out: &mut Vec<u8>, date: RuleDate) {
        match date {
            RuleDate::NoLeapDay(n) => {
                out.push(1);
                out.extend_from_slice(&n.to_be_bytes());
                out.push(0);
            }
            RuleDate::ZeroBasedDay(n) => {
                out.push(2);
                out.extend_from_slice(&n.to_be_bytes());
                out.push(0);
            }
            RuleDate::MonthWeekday {
                month,
                week,
                weekday,
            } => out.extend_from_slice(&[3, month, week, weekday]),
        }
    }
    let rule = zone.rule();
    let mut out = vec![0x01, u8::from(rule.dst().is_some())];
    name(&mut out, rule.std_name().as_bytes());
    out.extend_from_slice(&rule.std_offset().to_be_bytes());
    if let Some(dst) = rule.dst() {
        name(&mut out, dst.name().as_bytes());
        out.extend_from_slice(&dst.offset().to_be_bytes());
        for (when, time) in [dst.start(), dst.end()] {
            date(&mut out, when);
            out.extend_from_slice(&time.to_be_bytes());
        }
    }
    let transitions = zone.transitions();
    let count = u16::try_from(transitions.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&count.to_be_bytes());
    if let Some(initial) = zone.initial_offset() {
        out.extend_from_slice(&initial.seconds.to_be_bytes());
        out.push(u8::from(initial.is_dst));
        for t in transitions {
            out.extend_from_slice(&t.at.to_be_bytes());
            out.extend_from_slice(&t.offset.to_be_bytes());
            out.push(u8::from(t.is_dst));
        }
    }
    out
}

/// The encoding of `zone`, checked against [`spec_encoding`] and decoded back.
pub(crate) fn checked_encoding(zone: &VZone) -> Result<Vec<u8>, CliError> {
    let mut buffer = vec![0u8; zone.encoded_len()];
    let written = zone.encode(&mut buffer).map_err(bug)?;
    buffer.truncate(written);
    let spec = spec_encoding(zone);
    if buffer != spec {
        return Err(bug(format!(
            "zone {zone}: library encoding {} differs from SPEC 5.1.4 {}",
            hex::encode(&buffer),
            hex::encode(&spec)
        )));
    }
    let decoded = VZone::decode(&buffer).map_err(|e| bug(format!("zone {zone}: {e}")))?;
    if decoded != *zone {
        return Err(bug(format!("zone {zone}: decode(encode) differs")));
    }
    Ok(buffer)
}

/// A zone used by a group: the zone itself, and an IANA-built oracle where one exists.
pub(crate) struct TestZone {
    pub zone: VZone,
    pub posix: Option<String>,
    pub encoding: Vec<u8>,
    pub oracle: Option<(String, VZone)>,
}

impl TestZone {
    /// A rule-only zone from a POSIX TZ string, cross-checked with `iana` if given.
    pub fn posix(text: &str, iana: Option<&str>) -> Result<Self, CliError> {
        let rule = PosixRule::parse(text).map_err(|e| bug(format!("{text}: {e}")))?;
        let zone = VZone::from_rule(rule);
        Self::build(zone, Some(text.to_owned()), iana)
    }

    /// A zone built from the IANA database over `[start, horizon)` (explicit transitions).
    pub fn iana(name: &str, start: &str, horizon: &str) -> Result<Self, CliError> {
        let zone = VZone::from_iana(name, utc(start)?, utc(horizon)?)
            .map_err(|e| bug(format!("{name}: {e}")))?;
        Self::build(zone, None, Some(name))
    }

    fn build(zone: VZone, posix: Option<String>, iana: Option<&str>) -> Result<Self, CliError> {
        let encoding = checked_encoding(&zone)?;
        let oracle = match iana {
            Some(name) => Some((
                name.to_owned(),
                VZone::from_iana(name, ORACLE_START, ORACLE_HORIZON)
                    .map_err(|e| bug(format!("{name}: {e}")))?,
            )),
            None => None,
        };
        Ok(Self {
            zone,
            posix,
            encoding,
            oracle,
        })
    }

    /// The group fields naming the zone.
    pub fn json(&self) -> Value {
        json!({
            "posix": self.posix,
            "encoding": hex::encode(&self.encoding),
        })
    }

    /// The zones to check: the library's, then the oracle.
    fn each(&self) -> Vec<(&str, &VZone)> {
        let mut zones = vec![("library", &self.zone)];
        if let Some((name, oracle)) = &self.oracle {
            zones.push((name.as_str(), oracle));
        }
        zones
    }
}

/// A local date-time with its offset, as RFC 3339 (`2026-03-08T03:00:00-04:00`).
pub(crate) fn rfc3339_local(zone: &VZone, instant: i64) -> String {
    match (zone.local_datetime(instant), zone.offset_at(instant)) {
        (Ok(local), Ok(offset)) => format!("{local}{}", format_offset(offset)),
        _ => format!("unix {instant}"),
    }
}

/// Expected result of resolving a wall-clock time, as UTC instants written by hand.
#[derive(Clone, Copy)]
enum Res<'a> {
    Unique(&'a str),
    Gap(&'a str, &'a str),
    Fold(&'a str, &'a str),
}

const CHOICES: [(Disambiguation, &str); 4] = [
    (Disambiguation::Compatible, "compatible"),
    (Disambiguation::Earlier, "earlier"),
    (Disambiguation::Later, "later"),
    (Disambiguation::Reject, "reject"),
];

/// The cases of one query group.
struct Group<'a> {
    zone: &'a TestZone,
}

impl Group<'_> {
    fn start<'a>(file: &mut FileBuilder, zone: &'a TestZone, comment: &str) -> Group<'a> {
        let mut params = json!({ "comment": comment });
        if let (Value::Object(map), Value::Object(fields)) = (&mut params, zone.json()) {
            map.extend(fields);
        }
        file.group("ZoneQueryTest", params);
        Group { zone }
    }

    /// Instant `utc` is `local` at `offset` (DST iff `dst`).
    #[allow(clippy::too_many_arguments)]
    fn local(
        &self,
        file: &mut FileBuilder,
        comment: &str,
        flags: &[&'static str],
        utc_text: &str,
        local: &str,
        offset: i32,
        dst: bool,
    ) -> Result<(), CliError> {
        let instant = utc(utc_text)?;
        let expected = wall(local)?;
        // The hand-written values must agree with each other: local = UTC + offset.
        if minus(wall_seconds(expected)?, instant)? != i64::from(offset) {
            return Err(bug(format!(
                "{comment}: {local} is not {utc_text} at offset {offset}"
            )));
        }
        for (who, zone) in self.zone.each() {
            let got = zone.local_datetime(instant).map_err(bug)?;
            let info = zone.offset_info_at(instant).map_err(bug)?;
            // The oracle's DST flag is not compared: the bundled tzdb is built in the rearguard
            // format, where Dublin's winter is standard time and summer DST (GMT0IST).
            let flag_ok = who != "library" || info.is_dst == dst;
            if got != expected || info.seconds != offset || !flag_ok {
                return Err(bug(format!(
                    "{comment}: {who} gives {got} {info:?} at {utc_text}, expected {local} {offset} dst={dst}"
                )));
            }
        }
        file.test(
            &format!("{comment}: {utc_text} is {local}{}", format_offset(offset)),
            flags,
            json!({
                "query": "localTime",
                "instant": instant,
                "local": local,
                "offsetSeconds": offset,
                "isDst": dst,
            }),
            true,
        )
    }

    /// Date `date` lasts from `start` to `end` (UTC), `hours` long; `None`: it does not occur.
    fn day(
        &self,
        file: &mut FileBuilder,
        comment: &str,
        flags: &[&'static str],
        date: &str,
        bounds: Option<(&str, &str, f64)>,
    ) -> Result<(), CliError> {
        let day: LocalDate = date.parse().map_err(bug)?;
        let expected = match bounds {
            Some((start, end, hours)) => {
                let (start, end) = (utc(start)?, utc(end)?);
                let length = minus(end, start)?;
                #[allow(clippy::cast_possible_truncation)]
                let hand = (hours * 3600.0) as i64;
                if length != hand {
                    return Err(bug(format!("{comment}: bounds are not {hours} h apart")));
                }
                Some((start, end))
            }
            None => None,
        };
        for (who, zone) in self.zone.each() {
            let got = zone.day_bounds(day);
            if got != expected {
                return Err(bug(format!(
                    "{comment}: {who} gives day bounds {got:?} for {date}, expected {expected:?}"
                )));
            }
        }
        match expected {
            Some((start, end)) => file.test(
                comment,
                flags,
                json!({
                    "query": "dayBounds",
                    "date": date,
                    "start": start,
                    "end": end,
                    "lengthSeconds": minus(end, start)?,
                }),
                true,
            ),
            None => file.test(
                comment,
                flags,
                json!({ "query": "dayBounds", "date": date, "error": "DateDoesNotOccur" }),
                false,
            ),
        }
    }

    /// Resolve `local` with each disambiguation (only compatible for a unique time).
    fn resolve(
        &self,
        file: &mut FileBuilder,
        comment: &str,
        flags: &[&'static str],
        local: &str,
        expected: Res<'_>,
    ) -> Result<(), CliError> {
        let when = wall(local)?;
        let resolution = match expected {
            Res::Unique(t) => LocalResolution::Unique(utc(t)?),
            Res::Gap(a, b) => LocalResolution::Gap {
                earlier: utc(a)?,
                later: utc(b)?,
            },
            Res::Fold(a, b) => LocalResolution::Fold {
                earlier: utc(a)?,
                later: utc(b)?,
            },
        };
        let resolution_json = match resolution {
            LocalResolution::Unique(t) => json!({ "kind": "unique", "instant": t }),
            LocalResolution::Gap { earlier, later } => {
                json!({ "kind": "gap", "earlier": earlier, "later": later })
            }
            LocalResolution::Fold { earlier, later } => {
                json!({ "kind": "fold", "earlier": earlier, "later": later })
            }
        };
        for (who, zone) in self.zone.each() {
            let got = zone.resolve(when).map_err(bug)?;
            if got != resolution {
                return Err(bug(format!(
                    "{comment}: {who} resolves {local} as {got:?}, expected {resolution:?}"
                )));
            }
        }
        let choices: &[(Disambiguation, &str)] = match resolution {
            LocalResolution::Unique(_) => CHOICES.get(..1).unwrap_or(&[]),
            _ => &CHOICES,
        };
        for &(how, name) in choices {
            // SPEC 5.1.2's table.
            let expect: Result<i64, &str> = match (resolution, how) {
                (LocalResolution::Unique(t), _) => Ok(t),
                (
                    LocalResolution::Fold { earlier, .. },
                    Disambiguation::Compatible | Disambiguation::Earlier,
                ) => Ok(earlier),
                (LocalResolution::Fold { later, .. }, _) if how == Disambiguation::Later => {
                    Ok(later)
                }
                (LocalResolution::Fold { .. }, _) => Err("Ambiguous"),
                (
                    LocalResolution::Gap { later, .. },
                    Disambiguation::Compatible | Disambiguation::Later,
                ) => Ok(later),
                (LocalResolution::Gap { earlier, .. }, Disambiguation::Earlier) => Ok(earlier),
                (LocalResolution::Gap { .. }, _) => Err("Skipped"),
            };
            for (who, zone) in self.zone.each() {
                let got = zone.to_instant(when, how);
                let agrees = match (&expect, &got) {
                    (Ok(t), Ok(u)) => t == u,
                    (Err("Skipped"), Err(LocalTimeError::Skipped { .. }))
                    | (Err("Ambiguous"), Err(LocalTimeError::Ambiguous { .. })) => true,
                    _ => false,
                };
                if !agrees {
                    return Err(bug(format!(
                        "{comment}: {who} to_instant({local}, {name}) = {got:?}, expected {expect:?}"
                    )));
                }
            }
            let text = format!("{comment}: {local} {name}");
            let mut fields = json!({
                "query": "resolve",
                "local": local,
                "disambiguation": name,
                "resolution": resolution_json,
            });
            let map = fields
                .as_object_mut()
                .ok_or_else(|| bug("fields are not an object"))?;
            match expect {
                Ok(instant) => {
                    map.insert("instant".to_owned(), json!(instant));
                    file.test(&text, flags, fields, true)?;
                }
                Err(error) => {
                    map.insert("error".to_owned(), json!(error));
                    file.test(&text, flags, fields, false)?;
                }
            }
        }
        Ok(())
    }

    /// The first offset change after `utc`: at `next` (UTC) to `offset` (DST iff `dst`).
    fn next(
        &self,
        file: &mut FileBuilder,
        comment: &str,
        flags: &[&'static str],
        utc_text: &str,
        next: Option<(&str, i32, bool)>,
    ) -> Result<(), CliError> {
        let instant = utc(utc_text)?;
        let expected = match next {
            Some((at, offset, is_dst)) => Some(Transition {
                at: utc(at)?,
                offset,
                is_dst,
            }),
            None => None,
        };
        for (who, zone) in self.zone.each() {
            let got = zone.next_transition(instant).map_err(bug)?;
            let same = match (got, expected) {
                (Some(g), Some(e)) => {
                    g.at == e.at
                        && g.offset == e.offset
                        && (who != "library" || g.is_dst == e.is_dst)
                }
                (None, None) => true,
                _ => false,
            };
            if !same {
                return Err(bug(format!(
                    "{comment}: {who} next transition after {utc_text} is {got:?}, expected {expected:?}"
                )));
            }
        }
        let next_json = match expected {
            Some(t) => json!({ "at": t.at, "offsetSeconds": t.offset, "isDst": t.is_dst }),
            None => Value::Null,
        };
        file.test(
            comment,
            flags,
            json!({ "query": "nextTransition", "instant": instant, "next": next_json }),
            true,
        )
    }
}

fn posix_error_name(kind: PosixTzErrorKind) -> String {
    format!("{kind:?}")
}

fn decode_error_json(error: ZoneDecodeError) -> Value {
    match error {
        ZoneDecodeError::Truncated { offset } => json!({ "error": "Truncated", "offset": offset }),
        ZoneDecodeError::UnknownVersion { .. } => {
            json!({ "error": "UnknownVersion", "offset": 0 })
        }
        ZoneDecodeError::BadField { field, offset } => {
            json!({ "error": format!("BadField.{field:?}"), "offset": offset })
        }
        ZoneDecodeError::TransitionsNotIncreasing { index } => {
            json!({ "error": "TransitionsNotIncreasing", "index": index })
        }
        ZoneDecodeError::TooManyTransitions { .. } => json!({ "error": "TooManyTransitions" }),
        ZoneDecodeError::RuleDisagreesWithLastTransition => {
            json!({ "error": "RuleDisagreesWithLastTransition" })
        }
        ZoneDecodeError::TrailingBytes { offset } => {
            json!({ "error": "TrailingBytes", "offset": offset })
        }
        other => json!({ "error": format!("{other:?}") }),
    }
}

// ---------------------------------------------------------------------------------------------
// The file

/// Generate `doorcode_zone_test.json`.
#[rustfmt::skip]
pub fn zone_file() -> Result<VectorFile, CliError> {
    let mut file = FileBuilder::new("doorcode-zone-v1", HEADER, NOTES);
    let f = &mut file;

    // New York. 2026-03-01 is a Sunday (2026-01-01 is a Thursday, +59 days), so M3.2.0 is
    // March 8: DST from 02:00 EST = 07:00Z. 2026-11-01 is 245 = 35 x 7 days after March 1,
    // a Sunday: M11.1.0 is November 1, back at 02:00 EDT = 06:00Z.
    let ny = TestZone::posix("EST5EDT,M3.2.0,M11.1.0", Some("America/New_York"))?;
    if hex::encode(&ny.encoding) != "010103455354ffffb9b003454454ffffc7c00303020000001c20030b010000001c200000" {
        return Err(bug("New York's encoding is not SPEC 5.1.4 worked example 1"));
    }
    let g = Group::start(f, &ny, "New York: EST5EDT,M3.2.0,M11.1.0 (cross-checked with America/New_York)");
    g.local(f, "winter", &["Normal"], "2026-01-15T12:00:00Z", "2026-01-15T07:00:00", -18_000, false)?;
    g.local(f, "summer", &["Normal"], "2026-07-01T12:00:00Z", "2026-07-01T08:00:00", -14_400, true)?;
    g.local(f, "last second of EST before the spring change", &["SpringGap", "Boundary"], "2026-03-08T06:59:59Z", "2026-03-08T01:59:59", -18_000, false)?;
    g.local(f, "first second of EDT: 02:00 EST becomes 03:00 EDT", &["SpringGap", "Boundary"], "2026-03-08T07:00:00Z", "2026-03-08T03:00:00", -14_400, true)?;
    g.local(f, "last second of EDT: 01:59:59 the first time", &["FallFold", "Boundary"], "2026-11-01T05:59:59Z", "2026-11-01T01:59:59", -14_400, true)?;
    g.local(f, "first second of EST: 01:00 again", &["FallFold", "Boundary"], "2026-11-01T06:00:00Z", "2026-11-01T01:00:00", -18_000, false)?;
    // Midnight EST (05:00Z) to the next midnight, which is EDT (04:00Z): 23 hours.
    g.day(f, "2026-03-08 lasts 23 hours", &["SpringGap", "DayLength"], "2026-03-08", Some(("2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 23.0)))?;
    // Midnight EDT (04:00Z) to midnight EST (05:00Z the next day): 25 hours.
    g.day(f, "2026-11-01 lasts 25 hours", &["FallFold", "DayLength"], "2026-11-01", Some(("2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", 25.0)))?;
    g.day(f, "an ordinary summer day", &["Normal"], "2026-07-01", Some(("2026-07-01T04:00:00Z", "2026-07-02T04:00:00Z", 24.0)))?;
    // 02:30 is skipped: read at EDT (-4) it is 06:30Z, at EST (-5) 07:30Z.
    g.resolve(f, "02:30 on the spring day does not occur", &["SpringGap", "Disambiguation"], "2026-03-08T02:30:00", Res::Gap("2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z"))?;
    g.resolve(f, "02:00:00, the first skipped second", &["SpringGap", "Disambiguation", "Boundary"], "2026-03-08T02:00:00", Res::Gap("2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z"))?;
    g.resolve(f, "03:00:00, the first wall time after the gap", &["SpringGap", "Disambiguation", "Boundary"], "2026-03-08T03:00:00", Res::Unique("2026-03-08T07:00:00Z"))?;
    // 01:30 occurs twice: at EDT (05:30Z) and at EST (06:30Z).
    g.resolve(f, "01:30 on the fall day occurs twice", &["FallFold", "Disambiguation"], "2026-11-01T01:30:00", Res::Fold("2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"))?;
    g.resolve(f, "02:00:00 after the fold occurs once (EST)", &["FallFold", "Disambiguation", "Boundary"], "2026-11-01T02:00:00", Res::Unique("2026-11-01T07:00:00Z"))?;
    g.resolve(f, "00:59:59 before the fold occurs once (EDT)", &["FallFold", "Disambiguation", "Boundary"], "2026-11-01T00:59:59", Res::Unique("2026-11-01T04:59:59Z"))?;
    g.next(f, "from New Year 2026 the next change is the spring one", &["SpringGap"], "2026-01-01T00:00:00Z", Some(("2026-03-08T07:00:00Z", -14_400, true)))?;
    g.next(f, "strictly after: from the change itself the next is the fall one", &["FallFold", "Boundary"], "2026-03-08T07:00:00Z", Some(("2026-11-01T06:00:00Z", -18_000, false)))?;

    // Lord Howe: +10:30 standard, +11 DST (30 minutes). 2026-04-01 is a Wednesday, so M4.1.0
    // is April 5: DST ends at 02:00 +11 = 2026-04-04T15:00Z, wall 02:00 -> 01:30.
    // 2026-10-01 is a Thursday, so M10.1.0 is October 4: DST starts at 02:00 +10:30 =
    // 2026-10-03T15:30Z, wall 02:00 -> 02:30.
    let lh = TestZone::posix("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", Some("Australia/Lord_Howe"))?;
    let g = Group::start(f, &lh, "Lord Howe: <+1030>-10:30<+11>-11,M10.1.0,M4.1.0 (cross-checked with Australia/Lord_Howe)");
    g.local(f, "southern summer: DST in January", &["SouthernRule", "HalfHourDst"], "2026-01-15T12:00:00Z", "2026-01-15T23:00:00", 39_600, true)?;
    g.local(f, "last second of DST", &["FallFold", "HalfHourDst", "Boundary"], "2026-04-04T14:59:59Z", "2026-04-05T01:59:59", 39_600, true)?;
    g.local(f, "first second of standard time: 02:00 becomes 01:30", &["FallFold", "HalfHourDst", "Boundary"], "2026-04-04T15:00:00Z", "2026-04-05T01:30:00", 37_800, false)?;
    g.local(f, "last second of standard time", &["SpringGap", "HalfHourDst", "Boundary"], "2026-10-03T15:29:59Z", "2026-10-04T01:59:59", 37_800, false)?;
    g.local(f, "first second of DST: 02:00 becomes 02:30", &["SpringGap", "HalfHourDst", "Boundary"], "2026-10-03T15:30:00Z", "2026-10-04T02:30:00", 39_600, true)?;
    // 2026-04-05 00:00 +11 = 04-04T13:00Z to 04-06 00:00 +10:30 = 04-05T13:30Z: 24.5 h.
    g.day(f, "2026-04-05 lasts 24.5 hours", &["FallFold", "HalfHourDst", "DayLength"], "2026-04-05", Some(("2026-04-04T13:00:00Z", "2026-04-05T13:30:00Z", 24.5)))?;
    // 2026-10-04 00:00 +10:30 = 10-03T13:30Z to 10-05 00:00 +11 = 10-04T13:00Z: 23.5 h.
    g.day(f, "2026-10-04 lasts 23.5 hours", &["SpringGap", "HalfHourDst", "DayLength"], "2026-10-04", Some(("2026-10-03T13:30:00Z", "2026-10-04T13:00:00Z", 23.5)))?;
    // 01:45 on 04-05: at +11 14:45Z, at +10:30 15:15Z.
    g.resolve(f, "01:45 occurs twice", &["FallFold", "HalfHourDst", "Disambiguation"], "2026-04-05T01:45:00", Res::Fold("2026-04-04T14:45:00Z", "2026-04-04T15:15:00Z"))?;
    // 02:15 on 10-04 is skipped: at +11 15:15Z, at +10:30 15:45Z.
    g.resolve(f, "02:15 does not occur", &["SpringGap", "HalfHourDst", "Disambiguation"], "2026-10-04T02:15:00", Res::Gap("2026-10-03T15:15:00Z", "2026-10-03T15:45:00Z"))?;

    // Dublin: IST-1GMT0: standard IST +1, "DST" GMT +0 in winter. 2026-03-29 is the last
    // Sunday of March (March 1 is a Sunday): DST (GMT) ends at 01:00 GMT = 01:00Z, wall 01:00
    // -> 02:00. 2026-10-25 is the last Sunday of October (October 1 is a Thursday): DST
    // starts at 02:00 IST = 01:00Z, wall 02:00 -> 01:00.
    let dublin = TestZone::posix("IST-1GMT0,M10.5.0,M3.5.0/1", Some("Europe/Dublin"))?;
    let g = Group::start(f, &dublin, "Dublin: IST-1GMT0,M10.5.0,M3.5.0/1, negative DST (cross-checked with Europe/Dublin)");
    g.local(f, "winter is the rule's DST, at +00:00", &["NegativeDst", "SouthernRule"], "2026-01-15T12:00:00Z", "2026-01-15T12:00:00", 0, true)?;
    g.local(f, "summer is standard time, at +01:00", &["NegativeDst"], "2026-07-01T12:00:00Z", "2026-07-01T13:00:00", 3600, false)?;
    g.local(f, "last second of GMT", &["NegativeDst", "SpringGap", "Boundary"], "2026-03-29T00:59:59Z", "2026-03-29T00:59:59", 0, true)?;
    g.local(f, "first second of IST: 01:00 becomes 02:00", &["NegativeDst", "SpringGap", "Boundary"], "2026-03-29T01:00:00Z", "2026-03-29T02:00:00", 3600, false)?;
    g.local(f, "last second of IST", &["NegativeDst", "FallFold", "Boundary"], "2026-10-25T00:59:59Z", "2026-10-25T01:59:59", 3600, false)?;
    g.local(f, "first second of GMT: 02:00 becomes 01:00", &["NegativeDst", "FallFold", "Boundary"], "2026-10-25T01:00:00Z", "2026-10-25T01:00:00", 0, true)?;
    // 00:00 GMT = 00:00Z to 00:00 IST = 03-29T23:00Z; 00:00 IST = 10-24T23:00Z to 00:00Z 10-26.
    g.day(f, "2026-03-29 lasts 23 hours", &["NegativeDst", "SpringGap", "DayLength"], "2026-03-29", Some(("2026-03-29T00:00:00Z", "2026-03-29T23:00:00Z", 23.0)))?;
    g.day(f, "2026-10-25 lasts 25 hours", &["NegativeDst", "FallFold", "DayLength"], "2026-10-25", Some(("2026-10-24T23:00:00Z", "2026-10-26T00:00:00Z", 25.0)))?;
    g.resolve(f, "01:30 on 03-29 does not occur", &["NegativeDst", "SpringGap", "Disambiguation"], "2026-03-29T01:30:00", Res::Gap("2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"))?;
    g.resolve(f, "01:30 on 10-25 occurs twice", &["NegativeDst", "FallFold", "Disambiguation"], "2026-10-25T01:30:00", Res::Fold("2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"))?;

    // Santiago: -04 standard, -03 DST, changes at 24:00 of the first Saturday of April and
    // September. 2025-04-01 is a Tuesday (2025-01-01 Wednesday + 90 days), so the first
    // Saturday is April 5: DST ends at 24:00 -03 = 04-06T03:00Z, wall 24:00 -> 23:00 of the 5th.
    // 2024-09-01 is a Sunday (2024-01-01 Monday + 244 days), so the first Saturday is
    // September 7: DST starts at 24:00 -04 = 09-08T04:00Z, wall 00:00 -> 01:00 of the 8th.
    let scl = TestZone::posix("<-04>4<-03>,M9.1.6/24,M4.1.6/24", Some("America/Santiago"))?;
    let g = Group::start(f, &scl, "Santiago: <-04>4<-03>,M9.1.6/24,M4.1.6/24 (cross-checked with America/Santiago)");
    g.local(f, "southern summer: DST in January", &["SouthernRule"], "2026-01-15T12:00:00Z", "2026-01-15T09:00:00", -10_800, true)?;
    g.local(f, "last second of -03: 23:59:59 the first time", &["FallFold", "MidnightChange", "RuleTime", "Boundary"], "2025-04-06T02:59:59Z", "2025-04-05T23:59:59", -10_800, true)?;
    g.local(f, "first second of -04: 23:00 again on the same date", &["FallFold", "MidnightChange", "RuleTime", "Boundary"], "2025-04-06T03:00:00Z", "2025-04-05T23:00:00", -14_400, false)?;
    g.local(f, "last second of -04 before the spring change", &["SpringGap", "MidnightChange", "RuleTime", "Boundary"], "2024-09-08T03:59:59Z", "2024-09-07T23:59:59", -14_400, false)?;
    g.local(f, "first second of 2024-09-08 is 01:00", &["SpringGap", "MidnightChange", "RuleTime", "Boundary"], "2024-09-08T04:00:00Z", "2024-09-08T01:00:00", -10_800, true)?;
    // 00:00 -03 = 03:00Z to 04-06 00:00 -04 = 04:00Z: 25 hours, 23:00-24:00 twice.
    g.day(f, "2025-04-05 lasts 25 hours: 23:00-24:00 happens twice", &["FallFold", "MidnightChange", "DayLength"], "2025-04-05", Some(("2025-04-05T03:00:00Z", "2025-04-06T04:00:00Z", 25.0)))?;
    // Starts at the change (04:00Z, 01:00 -03) and ends at 09-09 00:00 -03 = 03:00Z: 23 hours.
    g.day(f, "2024-09-08 starts at 01:00 and lasts 23 hours", &["SpringGap", "MidnightChange", "DayLength"], "2024-09-08", Some(("2024-09-08T04:00:00Z", "2024-09-09T03:00:00Z", 23.0)))?;
    g.resolve(f, "23:30 on 2025-04-05 occurs twice", &["FallFold", "MidnightChange", "Disambiguation"], "2025-04-05T23:30:00", Res::Fold("2025-04-06T02:30:00Z", "2025-04-06T03:30:00Z"))?;
    g.resolve(f, "00:30 on 2024-09-08 does not occur", &["SpringGap", "MidnightChange", "Disambiguation"], "2024-09-08T00:30:00", Res::Gap("2024-09-08T03:30:00Z", "2024-09-08T04:30:00Z"))?;

    // Havana: CST5CDT,M3.2.0/0,M11.1.0/1. 2024-03-01 is a Friday (2024-01-01 Monday + 60 days),
    // so M3.2.0 is March 10: DST from 00:00 CST = 05:00Z, wall 00:00 -> 01:00. 2024-11-01 is
    // 245 days later, a Friday: M11.1.0 is November 3, back at 01:00 CDT = 05:00Z, wall 01:00 ->
    // 00:00.
    let havana = TestZone::posix("CST5CDT,M3.2.0/0,M11.1.0/1", Some("America/Havana"))?;
    let g = Group::start(f, &havana, "Havana: CST5CDT,M3.2.0/0,M11.1.0/1 (cross-checked with America/Havana)");
    g.local(f, "last second of 2024-03-09", &["SpringGap", "MidnightChange", "Boundary"], "2024-03-10T04:59:59Z", "2024-03-09T23:59:59", -18_000, false)?;
    g.local(f, "the first second of 2024-03-10 is 01:00", &["SpringGap", "MidnightChange", "Boundary"], "2024-03-10T05:00:00Z", "2024-03-10T01:00:00", -14_400, true)?;
    // 01:00 CDT = 05:00Z to 03-11 00:00 CDT = 04:00Z.
    g.day(f, "2024-03-10 starts at 01:00 and lasts 23 hours", &["SpringGap", "MidnightChange", "DayLength"], "2024-03-10", Some(("2024-03-10T05:00:00Z", "2024-03-11T04:00:00Z", 23.0)))?;
    g.day(f, "2024-03-09 is an ordinary day", &["Normal"], "2024-03-09", Some(("2024-03-09T05:00:00Z", "2024-03-10T05:00:00Z", 24.0)))?;
    g.resolve(f, "00:30 on 2024-03-10 does not occur", &["SpringGap", "MidnightChange", "Disambiguation"], "2024-03-10T00:30:00", Res::Gap("2024-03-10T04:30:00Z", "2024-03-10T05:30:00Z"))?;
    // 00:30 on 11-03: at CDT (-4) 04:30Z, at CST (-5) 05:30Z.
    g.resolve(f, "00:30 on 2024-11-03 occurs twice", &["FallFold", "MidnightChange", "Disambiguation"], "2024-11-03T00:30:00", Res::Fold("2024-11-03T04:30:00Z", "2024-11-03T05:30:00Z"))?;

    // Nuuk: <-02>2<-01>,M3.5.0/-1,M10.5.0/0. 2026-03-29 is the last Sunday of March; -1:00
    // on it is 23:00 of Saturday the 28th, -02 = 03-29T01:00Z, wall 23:00 -> 24:00, so the
    // 28th ends at 23:00 and lasts 23 hours. 2026-10-25 is the last Sunday of October; 00:00
    // -01 = 10-25T01:00Z, wall 00:00 -> 23:00 of the 24th, which then lasts 25 hours.
    let nuuk = TestZone::posix("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", Some("America/Nuuk"))?;
    let g = Group::start(f, &nuuk, "Nuuk: <-02>2<-01>,M3.5.0/-1,M10.5.0/0, a negative rule time (cross-checked with America/Nuuk)");
    g.local(f, "22:59:59 -02 on Saturday", &["RuleTime", "SpringGap", "Boundary"], "2026-03-29T00:59:59Z", "2026-03-28T22:59:59", -7200, false)?;
    g.local(f, "Saturday 23:00 -02 becomes Sunday 00:00 -01", &["RuleTime", "SpringGap", "Boundary"], "2026-03-29T01:00:00Z", "2026-03-29T00:00:00", -3600, true)?;
    g.day(f, "2026-03-28 ends at 23:00: 23 hours", &["RuleTime", "SpringGap", "DayLength", "MidnightChange"], "2026-03-28", Some(("2026-03-28T02:00:00Z", "2026-03-29T01:00:00Z", 23.0)))?;
    g.day(f, "2026-10-24 gets 23:00-24:00 twice: 25 hours", &["RuleTime", "FallFold", "DayLength", "MidnightChange"], "2026-10-24", Some(("2026-10-24T01:00:00Z", "2026-10-25T02:00:00Z", 25.0)))?;

    // Kolkata-like fixed offset +05:30.
    let ist = TestZone::posix("<+0530>-5:30", Some("Asia/Kolkata"))?;
    let g = Group::start(f, &ist, "<+0530>-5:30, a fixed offset of +05:30 (cross-checked with Asia/Kolkata)");
    g.local(f, "midnight UTC is 05:30", &["FixedOffset"], "2026-11-22T00:00:00Z", "2026-11-22T05:30:00", 19_800, false)?;
    g.local(f, "18:30Z is the next local midnight", &["FixedOffset", "Boundary"], "2026-11-22T18:30:00Z", "2026-11-23T00:00:00", 19_800, false)?;
    g.day(f, "every day is 24 hours, from 18:30Z", &["FixedOffset"], "2026-11-22", Some(("2026-11-21T18:30:00Z", "2026-11-22T18:30:00Z", 24.0)))?;
    g.resolve(f, "every wall time is unique", &["FixedOffset", "Disambiguation"], "2026-11-22T12:00:00", Res::Unique("2026-11-22T06:30:00Z"))?;
    g.next(f, "a fixed offset never changes", &["FixedOffset", "NoTransition"], "2026-11-22T00:00:00Z", None)?;

    // J60 and 59 in a leap year. Offsets 0 and +1 h; changes at 00:00 standard time.
    // J60 is March 1 in every year; zero-based 59 is February 29 in 2024 and March 1 in 2025.
    let j60 = TestZone::posix("AAA0BBB,J60/0,J300/0", None)?;
    let g = Group::start(f, &j60, "AAA0BBB,J60/0,J300/0: DST from J60 (March 1, also in leap years)");
    g.local(f, "2024-02-29 12:00Z: J60 is March 1, not yet DST", &["LeapYear"], "2024-02-29T12:00:00Z", "2024-02-29T12:00:00", 0, false)?;
    g.local(f, "2024-02-29 23:59:59Z: still standard time", &["LeapYear", "Boundary"], "2024-02-29T23:59:59Z", "2024-02-29T23:59:59", 0, false)?;
    g.local(f, "2024-03-01 00:00Z: DST from March 1 00:00 standard", &["LeapYear", "Boundary"], "2024-03-01T00:00:00Z", "2024-03-01T01:00:00", 3600, true)?;
    g.local(f, "2025: also March 1", &["LeapYear", "Boundary"], "2025-03-01T00:00:00Z", "2025-03-01T01:00:00", 3600, true)?;
    let z59 = TestZone::posix("AAA0BBB,59/0,J300/0", None)?;
    let g = Group::start(f, &z59, "AAA0BBB,59/0,J300/0: DST from zero-based day 59 (February 29 in leap years)");
    g.local(f, "2024-02-28 23:59:59Z: standard time", &["LeapYear", "Boundary"], "2024-02-28T23:59:59Z", "2024-02-28T23:59:59", 0, false)?;
    g.local(f, "2024-02-29 00:00Z: day 59 of 2024 is February 29", &["LeapYear", "Boundary"], "2024-02-29T00:00:00Z", "2024-02-29T01:00:00", 3600, true)?;
    g.local(f, "2025-02-28 23:59:59Z: day 59 of 2025 is March 1", &["LeapYear", "Boundary"], "2025-02-28T23:59:59Z", "2025-02-28T23:59:59", 0, false)?;
    g.local(f, "2025-03-01 00:00Z: DST", &["LeapYear", "Boundary"], "2025-03-01T00:00:00Z", "2025-03-01T01:00:00", 3600, true)?;
    // The day of the change is 23 hours: 00:00Z to 03-01 00:00 +1 = 02-29T23:00Z.
    g.day(f, "2024-02-29 lasts 23 hours", &["LeapYear", "DayLength"], "2024-02-29", Some(("2024-02-29T00:00:00Z", "2024-02-29T23:00:00Z", 23.0)))?;

    // M2.5.0, the last Sunday of February, in a southern rule (-03 standard, -02 DST, ending at
    // 02:00 -02 = 04:00Z). 2004-02-01 is a Sunday (2004-01-01 Thursday + 31) and 2004 is a leap
    // year: the fifth Sunday is February 29. 2026-02-01 is a Sunday and February has 28 days:
    // the "fifth" Sunday would be March 1, so it is February 22.
    let m25 = TestZone::posix("<-03>3<-02>,M10.1.0,M2.5.0", None)?;
    let g = Group::start(f, &m25, "<-03>3<-02>,M10.1.0,M2.5.0: DST ends on the last Sunday of February");
    g.local(f, "2004-02-29 is the fifth Sunday: last second of DST", &["LastWeek", "LeapYear", "SouthernRule", "Boundary"], "2004-02-29T03:59:59Z", "2004-02-29T01:59:59", -7200, true)?;
    g.local(f, "2004-02-29: standard time from 04:00Z", &["LastWeek", "LeapYear", "SouthernRule", "Boundary"], "2004-02-29T04:00:00Z", "2004-02-29T01:00:00", -10_800, false)?;
    g.local(f, "2026-02-22 is the last Sunday: last second of DST", &["LastWeek", "SouthernRule", "Boundary"], "2026-02-22T03:59:59Z", "2026-02-22T01:59:59", -7200, true)?;
    g.local(f, "2026-02-22: standard time from 04:00Z", &["LastWeek", "SouthernRule", "Boundary"], "2026-02-22T04:00:00Z", "2026-02-22T01:00:00", -10_800, false)?;

    // Rule times of +167 and -167 hours. J1/167: January 1 00:00 + 6 days 23 hours = January 7
    // 23:00 standard (+0) = 23:00Z. J300 (October 27) /-167: October 20 01:00 DST (+1) =
    // October 20 00:00Z.
    let h167 = TestZone::posix("AAA0BBB,J1/167,J300/-167", None)?;
    let g = Group::start(f, &h167, "AAA0BBB,J1/167,J300/-167: rule times of +-167 hours");
    g.local(f, "last second before the +167 h start", &["RuleTime", "Boundary"], "2026-01-07T22:59:59Z", "2026-01-07T22:59:59", 0, false)?;
    g.local(f, "J1/167 starts DST at January 7 23:00", &["RuleTime", "Boundary"], "2026-01-07T23:00:00Z", "2026-01-08T00:00:00", 3600, true)?;
    g.local(f, "last second before the -167 h end", &["RuleTime", "Boundary"], "2026-10-19T23:59:59Z", "2026-10-20T00:59:59", 3600, true)?;
    g.local(f, "J300/-167 ends DST at October 20 01:00 DST", &["RuleTime", "Boundary"], "2026-10-20T00:00:00Z", "2026-10-20T00:00:00", 0, false)?;
    g.next(f, "the next change after New Year", &["RuleTime"], "2026-01-01T00:00:00Z", Some(("2026-01-07T23:00:00Z", 3600, true)))?;

    // All-year DST (RFC 9636): XXX3EDT4,0/0,J365/23: DST from January 1 00:00 -03 (03:00Z) to
    // December 31 23:00 -04 (January 1 03:00Z): the end meets the next start, so -04 always.
    let ay = TestZone::posix("XXX3EDT4,0/0,J365/23", None)?;
    let g = Group::start(f, &ay, "XXX3EDT4,0/0,J365/23: DST all year (RFC 9636)");
    g.local(f, "mid-year", &["AllYearDst"], "2026-06-15T12:00:00Z", "2026-06-15T08:00:00", -14_400, true)?;
    g.local(f, "the instant the year's DST ends and the next begins", &["AllYearDst", "Boundary"], "2026-01-01T03:00:00Z", "2025-12-31T23:00:00", -14_400, true)?;
    g.local(f, "one second before", &["AllYearDst", "Boundary"], "2026-01-01T02:59:59Z", "2025-12-31T22:59:59", -14_400, true)?;
    g.local(f, "December 31 of a leap year (J365 never counts February 29)", &["AllYearDst", "LeapYear"], "2024-12-31T12:00:00Z", "2024-12-31T08:00:00", -14_400, true)?;
    g.day(f, "New Year's day lasts 24 hours at -04", &["AllYearDst"], "2026-01-01", Some(("2026-01-01T04:00:00Z", "2026-01-02T04:00:00Z", 24.0)))?;
    g.next(f, "the offset never changes", &["AllYearDst", "NoTransition"], "2026-01-01T00:00:00Z", None)?;

    // IANA-built zones: explicit transitions, then the rule.
    // New York over 2005..2030: the old US rule (first Sunday of April, last Sunday of October)
    // until 2006, then the 2007 rule, which the POSIX footer reproduces from 2007-03-11 on.
    // Transitions: 2005-04-03T07:00Z EDT, 2005-10-30T06:00Z EST, 2006-04-02T07:00Z EDT,
    // 2006-10-29T06:00Z EST, 2007-03-11T07:00Z EDT.
    let ny_iana = TestZone::iana("America/New_York", "2005-01-01T00:00:00Z", "2030-01-01T00:00:00Z")?;
    if ny_iana.zone.transitions().len() != 5 {
        return Err(bug("New York 2005..2030 should need 5 explicit transitions"));
    }
    let g = Group::start(f, &ny_iana, "America/New_York built with Zone::from_iana from 2005-01-01 to 2030-01-01: 5 explicit transitions (2005-04-03 .. 2007-03-11), then EST5EDT,M3.2.0,M11.1.0");
    g.local(f, "before the first transition: the initial offset", &["ExplicitTransitions"], "2004-12-31T12:00:00Z", "2004-12-31T07:00:00", -18_000, false)?;
    g.local(f, "2006-04-01: still EST under the old rule (the footer alone would say EDT)", &["ExplicitTransitions"], "2006-04-01T12:00:00Z", "2006-04-01T07:00:00", -18_000, false)?;
    g.local(f, "2006-10-30: EST under the old rule (the footer alone would say EDT)", &["ExplicitTransitions"], "2006-10-30T12:00:00Z", "2006-10-30T07:00:00", -18_000, false)?;
    g.local(f, "the last explicit transition", &["ExplicitTransitions", "Boundary"], "2007-03-11T07:00:00Z", "2007-03-11T03:00:00", -14_400, true)?;
    g.local(f, "2026: after the transitions, the rule", &["AfterTransitions", "FallFold"], "2026-11-01T06:00:00Z", "2026-11-01T01:00:00", -18_000, false)?;
    g.day(f, "2006-10-29 lasts 25 hours", &["ExplicitTransitions", "FallFold", "DayLength"], "2006-10-29", Some(("2006-10-29T04:00:00Z", "2006-10-30T05:00:00Z", 25.0)))?;
    g.next(f, "the next change in October 2006 is an explicit one", &["ExplicitTransitions"], "2006-10-01T00:00:00Z", Some(("2006-10-29T06:00:00Z", -18_000, false)))?;
    // 2007-11-01 is a Thursday: M11.1.0 is November 4, 02:00 EDT = 06:00Z.
    g.next(f, "from the last explicit transition, the rule gives the next", &["AfterTransitions", "Boundary"], "2007-03-11T07:00:00Z", Some(("2007-11-04T06:00:00Z", -18_000, false)))?;

    // Apia over December 2011: -10 (DST) until 2011-12-29T23:59:59 local = 12-30T09:59:59Z,
    // then +14 (DST): 12-30T10:00Z is 2011-12-31T00:00 local; the footer <+13>-13 takes over at
    // the horizon 2012-01-01T00:00Z (step 3 of SPEC 5.1.5).
    let apia = TestZone::iana("Pacific/Apia", "2011-12-01T00:00:00Z", "2012-01-01T00:00:00Z")?;
    let g = Group::start(f, &apia, "Pacific/Apia built with Zone::from_iana from 2011-12-01 to 2012-01-01: 2011-12-30 is skipped, then <+13>-13");
    g.local(f, "last second of 2011-12-29", &["SkippedDate", "ExplicitTransitions", "Boundary"], "2011-12-30T09:59:59Z", "2011-12-29T23:59:59", -36_000, true)?;
    g.local(f, "the next second is 2011-12-31 00:00", &["SkippedDate", "ExplicitTransitions", "Boundary"], "2011-12-30T10:00:00Z", "2011-12-31T00:00:00", 50_400, true)?;
    g.local(f, "June 2012: after the transitions, the rule's +13", &["AfterTransitions"], "2012-06-01T00:00:00Z", "2012-06-01T13:00:00", 46_800, false)?;
    g.day(f, "2011-12-30 does not occur", &["SkippedDate"], "2011-12-30", None)?;
    g.day(f, "2011-12-29 ends at the jump", &["SkippedDate"], "2011-12-29", Some(("2011-12-29T10:00:00Z", "2011-12-30T10:00:00Z", 24.0)))?;
    g.day(f, "2011-12-31 starts at the jump", &["SkippedDate"], "2011-12-31", Some(("2011-12-30T10:00:00Z", "2011-12-31T10:00:00Z", 24.0)))?;
    // Noon of the skipped date: read at +14 it is 12-29T22:00Z, at -10 12-30T22:00Z.
    g.resolve(f, "noon on the skipped date", &["SkippedDate", "Disambiguation"], "2011-12-30T12:00:00", Res::Gap("2011-12-29T22:00:00Z", "2011-12-30T22:00:00Z"))?;

    posix_parse_group(f)?;
    decode_group(f, &ny, &ny_iana)?;
    file.finish(ZONE_FILE)
}

fn posix_parse_group(f: &mut FileBuilder) -> Result<(), CliError> {
    use PosixTzErrorKind as K;
    f.group(
        "PosixParseTest",
        json!({ "comment": "POSIX TZ strings: canonical forms, and refusals with the byte position" }),
    );
    let valid: &[(&str, &str)] = &[
        ("EST+5EDT4,M3.2.0/2:00:00,M11.1.0", "EST5EDT,M3.2.0,M11.1.0"),
        ("EST5EDT,M3.2.0,M11.1.0", "EST5EDT,M3.2.0,M11.1.0"),
        ("<+0530>-05:30", "<+0530>-5:30"),
        ("UTC0", "UTC0"),
        (
            "<-04>4<-03>,M9.1.6/24,M4.1.6/24",
            "<-04>4<-03>,M9.1.6/24,M4.1.6/24",
        ),
        ("IST-1GMT0,M10.5.0,M3.5.0/1", "IST-1GMT0,M10.5.0,M3.5.0/1"),
        (
            "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
            "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
        ),
        ("XXX3EDT4,0/0,J365/23", "XXX3EDT4,0/0,J365/23"),
        ("AAA0BBB,J1/167,J300/-167", "AAA0BBB,J1/167,J300/-167"),
        (
            "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
            "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
        ),
        ("AAA-24:59:59", "AAA-24:59:59"),
    ];
    for &(text, canonical) in valid {
        let rule = PosixRule::parse(text).map_err(|e| bug(format!("{text}: {e}")))?;
        let printed = rule.to_string();
        if printed != canonical {
            return Err(bug(format!(
                "{text} prints as {printed}, expected {canonical}"
            )));
        }
        let reparsed = PosixRule::parse(canonical).map_err(bug)?;
        if reparsed != rule {
            return Err(bug(format!(
                "{canonical} does not parse back to the same rule"
            )));
        }
        let encoding = checked_encoding(&VZone::from_rule(rule))?;
        f.test(
            &format!("{text} is {canonical}"),
            &["Canonical"],
            json!({ "posix": text, "canonical": canonical, "encoding": hex::encode(&encoding) }),
            true,
        )?;
    }
    // Positions: the byte where the problem is found (SPEC 5.1.3).
    let invalid: &[(&str, PosixTzErrorKind, usize, &str)] = &[
        ("", K::Empty, 0, "empty"),
        (
            "EST5EDT",
            K::MissingRule,
            7,
            "a DST name without the rule is refused, not guessed",
        ),
        (
            "EST5EDT4",
            K::MissingRule,
            8,
            "a DST name and offset without the rule",
        ),
        ("EST5EDT,M3.2.0", K::ExpectedComma, 14, "only one rule date"),
        ("EST", K::ExpectedDigit, 3, "no offset"),
        ("ES5", K::NameTooShort, 0, "a 2-letter name"),
        ("<EST5", K::UnterminatedName, 0, "'<' without '>'"),
        ("<E*T>5", K::InvalidNameByte, 2, "'*' in a quoted name"),
        ("ABCDEFGHIJKLMNOPQ5", K::NameTooLong, 0, "a 17-letter name"),
        ("5EST", K::ExpectedName, 0, "no name"),
        ("EST25", K::OffsetHourOutOfRange, 3, "offset hour 25"),
        ("EST5:60", K::MinuteOutOfRange, 5, "minute 60"),
        ("EST5:30:60", K::SecondOutOfRange, 8, "second 60"),
        ("EST5EDT,J0,M11.1.0", K::DayOutOfRange, 8, "J0"),
        (
            "EST5EDT,366,M11.1.0",
            K::DayOutOfRange,
            8,
            "zero-based day 366",
        ),
        ("EST5EDT,M13.2.0,M11.1.0", K::MonthOutOfRange, 9, "month 13"),
        ("EST5EDT,M3.6.0,M11.1.0", K::WeekOutOfRange, 11, "week 6"),
        (
            "EST5EDT,M3.2.7,M11.1.0",
            K::WeekdayOutOfRange,
            13,
            "weekday 7",
        ),
        (
            "EST5EDT,M3-2.0,M11.1.0",
            K::ExpectedDot,
            10,
            "'-' instead of '.'",
        ),
        (
            "EST5EDT,M3.2.0/168,M11.1.0",
            K::TimeHourOutOfRange,
            15,
            "rule time hour 168",
        ),
        (
            "EST5EDT,M3.2.0,M11.1.0x",
            K::TrailingCharacters,
            22,
            "a byte after the rule",
        ),
        (
            "XXX-24:59:59YYY,M3.2.0,M11.1.0",
            K::DstOffsetOutOfRange,
            15,
            "the implied DST offset would be -25:59:59",
        ),
        ("EST5EDT,X,M11.1.0", K::ExpectedDate, 8, "not a rule date"),
    ];
    for &(text, kind, position, why) in invalid {
        match PosixRule::parse(text) {
            Err(error) if error.kind == kind && error.position == position => {}
            other => {
                return Err(bug(format!(
                    "{text:?} should be refused with {kind:?} at {position}, got {other:?}"
                )));
            }
        }
        f.test(
            why,
            &["MalformedPosix"],
            json!({ "posix": text, "error": posix_error_name(kind), "position": position }),
            false,
        )?;
    }
    Ok(())
}

#[rustfmt::skip]
fn decode_group(f: &mut FileBuilder, ny: &TestZone, ny_iana: &TestZone) -> Result<(), CliError> {
    f.group(
        "ZoneDecodeTest",
        json!({
            "comment": "Refused encodings (SPEC 5.1.4), decoded into a zone of capacity 320",
            "capacity": CAPACITY,
        }),
    );
    let rule = ny.encoding.clone(); // 36 bytes; the count u16 is at offset 34
    let with_transitions = ny_iana.encoding.clone();
    let replace = |bytes: &[u8], at: usize, new: &[u8]| -> Result<Vec<u8>, CliError> {
        let mut out = bytes.to_vec();
        let end = at.checked_add(new.len()).ok_or_else(overflow)?;
        out.get_mut(at..end)
            .ok_or_else(|| bug("replace out of range"))?
            .copy_from_slice(new);
        Ok(out)
    };
    let mut trailing = rule.clone();
    trailing.push(0);
    let head = rule.get(..34).ok_or_else(|| bug("short"))?.to_vec();
    // 321 transitions declared (capacity 320): refused before reading them.
    let mut too_many = head.clone();
    too_many.extend_from_slice(&321u16.to_be_bytes());
    // New York's rule with two transitions at the same instant: the second is not later.
    let mut unsorted = head.clone();
    unsorted.extend_from_slice(&2u16.to_be_bytes());
    unsorted.extend_from_slice(&(-18_000i32).to_be_bytes());
    unsorted.push(0);
    for _ in 0..2 {
        unsorted.extend_from_slice(&1_173_596_400i64.to_be_bytes()); // 2007-03-11T07:00:00Z
        unsorted.extend_from_slice(&(-14_400i32).to_be_bytes());
        unsorted.push(1);
    }
    // One transition to EST at 2007-03-11T07:00:00Z, when the rule says EDT.
    let mut disagrees = head.clone();
    disagrees.extend_from_slice(&1u16.to_be_bytes());
    disagrees.extend_from_slice(&(-14_400i32).to_be_bytes());
    disagrees.push(1);
    disagrees.extend_from_slice(&1_173_596_400i64.to_be_bytes());
    disagrees.extend_from_slice(&(-18_000i32).to_be_bytes());
    disagrees.push(0);
    // SPEC 5.1.4 worked example 2 with its DST flag (the last byte) set to 2.
    let mut bad_flag = head.clone();
    bad_flag.extend_from_slice(&1u16.to_be_bytes());
    bad_flag.extend_from_slice(&(-18_000i32).to_be_bytes());
    bad_flag.push(0);
    bad_flag.extend_from_slice(&1_173_596_400i64.to_be_bytes());
    bad_flag.extend_from_slice(&(-14_400i32).to_be_bytes());
    let good_example2 = {
        let mut v = bad_flag.clone();
        v.push(1);
        v
    };
    bad_flag.push(2);
    if VZone::decode(&good_example2).is_err() {
        return Err(bug("worked example 2 should decode"));
    }
    // Cut inside the last transition's instant (8 bytes into its 13).
    let cut = with_transitions.len().checked_sub(8).ok_or_else(overflow)?;
    let last_start = with_transitions.len().checked_sub(13).ok_or_else(overflow)?;
    type Case = (&'static str, Vec<u8>, Value);
    let cases: Vec<Case> = vec![
        ("empty input", vec![], json!({ "error": "Truncated", "offset": 0 })),
        ("version 0x02", replace(&rule, 0, &[2])?, json!({ "error": "UnknownVersion", "offset": 0 })),
        ("version 0x00", replace(&rule, 0, &[0])?, json!({ "error": "UnknownVersion", "offset": 0 })),
        ("truncated inside the transition count (offset 34)", rule.get(..35).unwrap_or(&[]).to_vec(), json!({ "error": "Truncated", "offset": 34 })),
        ("truncated inside the last transition", with_transitions.get(..cut).unwrap_or(&[]).to_vec(), json!({ "error": "Truncated", "offset": last_start })),
        ("truncated inside the std offset (offset 6)", rule.get(..8).unwrap_or(&[]).to_vec(), json!({ "error": "Truncated", "offset": 6 })),
        ("a trailing byte", trailing, json!({ "error": "TrailingBytes", "offset": 36 })),
        ("flags bit 1 set", replace(&rule, 1, &[0x03])?, json!({ "error": "BadField.Flags", "offset": 1 })),
        ("std name length 2", replace(&rule, 2, &[2])?, json!({ "error": "BadField.StdName", "offset": 2 })),
        ("std offset +25:00", replace(&rule, 6, &90_000i32.to_be_bytes())?, json!({ "error": "BadField.StdOffset", "offset": 6 })),
        ("start date month 13", replace(&rule, 18, &[3, 13, 2, 0])?, json!({ "error": "BadField.StartDate", "offset": 18 })),
        ("start time 168 hours", replace(&rule, 22, &604_800i32.to_be_bytes())?, json!({ "error": "BadField.StartTime", "offset": 22 })),
        ("transitions not increasing", unsorted, json!({ "error": "TransitionsNotIncreasing", "index": 1 })),
        ("321 transitions for a capacity of 320", too_many, json!({ "error": "TooManyTransitions" })),
        ("the rule disagrees with the last transition", disagrees, json!({ "error": "RuleDisagreesWithLastTransition" })),
        ("a DST flag of 2", bad_flag, json!({ "error": "BadField.DstFlag", "offset": 53 })),
    ];
    for (comment, bytes, expected) in cases {
        let got = VZone::decode(&bytes);
        match got {
            Err(error) if decode_error_json(error) == expected => {}
            other => {
                return Err(bug(format!(
                    "encoding '{comment}' should be refused with {expected}, got {other:?}"
                )));
            }
        }
        let mut fields = json!({ "encoding": hex::encode(&bytes) });
        if let (Value::Object(map), Value::Object(extra)) = (&mut fields, expected) {
            map.extend(extra);
        }
        f.test(comment, &["BadEncoding"], fields, false)?;
    }
    Ok(())
}
