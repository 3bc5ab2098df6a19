//! `doorcode tz show | local | day | resolve | encode | decode`, and the `ZONE` argument shared
//! with `daily --zone`.
//!
//! A ZONE is a POSIX TZ string (`EST5EDT,M3.2.0,M11.1.0`, `<+0530>-5:30`), an IANA name
//! (`America/New_York`, built with `Zone::from_iana` from one year before now to 20 years after),
//! or `hex:` followed by the binary encoding (SPEC 5.1.4).

use std::io::Write;

use doorcode::civil::{LocalDate, LocalDateTime};
use doorcode::zone::{
    Disambiguation, IANA_CAPACITY, LocalResolution, LocalTimeError, PosixRule, Zone,
};

use crate::args::{Args, Spec};
use crate::error::{CliError, usage_error};
use crate::time::{format_offset, format_utc, now, parse_instant};
use crate::{Status, hex, usage};

/// The zone type the CLI works with: room for any IANA-built zone.
pub type DoorZone = Zone<IANA_CAPACITY>;

/// Seconds in a (365-day) year, for the IANA build range.
const YEAR: i64 = 365 * 86_400;

/// A parsed ZONE argument and how it was given.
pub struct ParsedZone {
    /// The zone.
    pub zone: DoorZone,
    /// Where it came from, for people: "POSIX TZ rule", "IANA America/New_York, built ...".
    pub source: String,
}

fn looks_like_iana(text: &str) -> bool {
    text.contains('/')
        && !text.contains(',')
        && !text.starts_with('<')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-' | b'+'))
}

/// Parse a ZONE argument (`what` names it in errors, e.g. `ZONE` or `--zone`).
pub fn parse_zone(what: &str, text: &str) -> Result<ParsedZone, CliError> {
    let text = text.trim();
    if let Some(encoded) = text.strip_prefix("hex:") {
        let bytes = hex::decode(encoded)
            .ok_or_else(|| usage_error(format!("{what}: not valid hex after 'hex:'")))?;
        let zone = DoorZone::decode(&bytes)
            .map_err(|e| usage_error(format!("{what}: not a zone encoding: {e}")))?;
        return Ok(ParsedZone {
            zone,
            source: format!("binary encoding, {} bytes", bytes.len()),
        });
    }
    if looks_like_iana(text) {
        let now = now()?;
        let (start, horizon) = (
            now.saturating_sub(YEAR),
            now.saturating_add(YEAR.saturating_mul(20)),
        );
        let zone = DoorZone::from_iana(text, start, horizon)
            .map_err(|e| usage_error(format!("{what}: IANA zone '{text}': {e}")))?;
        return Ok(ParsedZone {
            zone,
            source: format!(
                "IANA {text} (bundled tzdb), built from {} to {}",
                format_utc(start),
                format_utc(horizon)
            ),
        });
    }
    let rule = PosixRule::parse(text).map_err(|e| usage_error(format!("{what}: {e}")))?;
    Ok(ParsedZone {
        zone: DoorZone::from_rule(rule),
        source: "POSIX TZ rule".to_owned(),
    })
}

/// `2026-03-08T03:00:00-04:00`, or the UTC form if the instant is out of range.
pub fn format_in_zone(zone: &DoorZone, instant: i64) -> String {
    match (zone.local_datetime(instant), zone.offset_at(instant)) {
        (Ok(local), Ok(offset)) => format!("{local}{}", format_offset(offset)),
        _ => format_utc(instant),
    }
}

fn dst_word(is_dst: bool) -> &'static str {
    if is_dst { "DST" } else { "standard time" }
}

/// Parse `YYYY-MM-DDTHH:MM[:SS]` as a wall-clock time.
pub fn parse_wall(text: &str) -> Result<LocalDateTime, CliError> {
    let fail = || {
        usage_error(format!(
            "'{text}' is not a local date-time such as 2026-03-08T02:30 or 2026-03-08T02:30:00"
        ))
    };
    let (date, time) = text.split_once('T').ok_or_else(fail)?;
    let date: LocalDate = date
        .parse()
        .map_err(|e| usage_error(format!("'{text}': {e}")))?;
    let parts: Vec<&str> = time.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
        return Err(fail());
    }
    let mut fields = [0u32; 3];
    for (slot, part) in fields.iter_mut().zip(&parts) {
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail());
        }
        *slot = part.parse().map_err(|_| fail())?;
    }
    let [h, m, s] = fields;
    if h > 23 || m > 59 || s > 59 {
        return Err(fail());
    }
    let second_of_day = h
        .checked_mul(3600)
        .and_then(|x| x.checked_add(m.checked_mul(60)?))
        .and_then(|x| x.checked_add(s))
        .ok_or_else(fail)?;
    Ok(LocalDateTime {
        date,
        second_of_day,
    })
}

const SHOW_SPEC: Spec = Spec {
    values: &["at"],
    flags: &[],
};
const CHOICE_SPEC: Spec = Spec {
    values: &["choice"],
    flags: &[],
};
const PLAIN_SPEC: Spec = Spec {
    values: &[],
    flags: &[],
};

fn time_error(instant: i64) -> CliError {
    usage_error(format!(
        "instant {instant} is outside the supported years 1900..=9999"
    ))
}

/// `doorcode tz SUBCOMMAND ...` (`raw` starts with the subcommand).
pub fn tz(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let Some((sub, rest)) = raw.split_first() else {
        out.write_all(usage::TZ.as_bytes())?;
        return Ok(Status::Success);
    };
    let spec = match sub.as_str() {
        "show" => SHOW_SPEC,
        "resolve" => CHOICE_SPEC,
        "local" | "day" | "encode" | "decode" => PLAIN_SPEC,
        "help" | "--help" | "-h" => {
            out.write_all(usage::TZ.as_bytes())?;
            return Ok(Status::Success);
        }
        other => {
            return Err(usage_error(format!(
                "unknown subcommand 'tz {other}' (expected: show, local, day, resolve, encode or decode)"
            )));
        }
    };
    let args = Args::parse(rest, &spec)?;
    if args.help() {
        out.write_all(usage::TZ.as_bytes())?;
        return Ok(Status::Success);
    }
    match sub.as_str() {
        "show" => {
            let [zone] = args.expect_positionals::<1>("ZONE")?;
            let parsed = parse_zone("ZONE", zone)?;
            let zone = &parsed.zone;
            let at = args.value("at").map(parse_instant).transpose()?;
            let at = match at {
                Some(at) => at,
                None => now()?,
            };
            let info = zone.offset_info_at(at).map_err(|_| time_error(at))?;
            writeln!(out, "zone:        {zone}")?;
            writeln!(out, "source:      {}", parsed.source)?;
            writeln!(out, "rule:        {}", zone.rule())?;
            writeln!(out, "transitions: {} explicit", zone.transitions().len())?;
            writeln!(out, "at:          {}", format_utc(at))?;
            writeln!(
                out,
                "local:       {} ({}, offset {})",
                format_in_zone(zone, at),
                dst_word(info.is_dst),
                format_offset(info.seconds)
            )?;
            match zone.next_transition(at).map_err(|_| time_error(at))? {
                Some(next) => writeln!(
                    out,
                    "next change: {} = {} ({}, offset {})",
                    format_utc(next.at),
                    format_in_zone(zone, next.at),
                    dst_word(next.is_dst),
                    format_offset(next.offset)
                )?,
                None => writeln!(out, "next change: none (the offset never changes again)")?,
            }
        }
        "local" => {
            let [zone, instant] = args.expect_positionals::<2>("ZONE and INSTANT")?;
            let zone = parse_zone("ZONE", zone)?.zone;
            let at = parse_instant(instant)?;
            let info = zone.offset_info_at(at).map_err(|_| time_error(at))?;
            writeln!(
                out,
                "{} ({}, offset {})",
                format_in_zone(&zone, at),
                dst_word(info.is_dst),
                format_offset(info.seconds)
            )?;
        }
        "day" => {
            let [zone, date] = args.expect_positionals::<2>("ZONE and DATE")?;
            let zone = parse_zone("ZONE", zone)?.zone;
            let date: LocalDate = date
                .parse()
                .map_err(|e| usage_error(format!("DATE '{date}': {e}")))?;
            match zone.day_bounds(date) {
                Some((start, end)) => {
                    let seconds = end.saturating_sub(start);
                    let (hours, rest) = (seconds / 3600, seconds % 3600);
                    let length = if rest == 0 {
                        format!("{hours} h")
                    } else {
                        format!("{hours} h {} min", rest / 60)
                    };
                    writeln!(
                        out,
                        "{date}: [{}, {}) = [{}, {}), {length} ({seconds} s)",
                        format_utc(start),
                        format_utc(end),
                        format_in_zone(&zone, start),
                        format_in_zone(&zone, end)
                    )?;
                }
                None => writeln!(out, "{date} does not occur in this zone")?,
            }
        }
        "resolve" => {
            let [zone, local] = args.expect_positionals::<2>("ZONE and LOCAL")?;
            let zone = parse_zone("ZONE", zone)?.zone;
            let wall = parse_wall(local)?;
            let (how, name) = match args.value("choice").unwrap_or("compatible") {
                "compatible" => (Disambiguation::Compatible, "compatible"),
                "earlier" => (Disambiguation::Earlier, "earlier"),
                "later" => (Disambiguation::Later, "later"),
                "reject" => (Disambiguation::Reject, "reject"),
                other => {
                    return Err(usage_error(format!(
                        "--choice: '{other}' is not compatible, earlier, later or reject"
                    )));
                }
            };
            let what = match zone.resolve(wall) {
                Ok(LocalResolution::Unique(_)) => "occurs once".to_owned(),
                Ok(LocalResolution::Gap { earlier, later }) => format!(
                    "is in a gap (skipped by a clock change): earlier {}, later {}",
                    format_utc(earlier),
                    format_utc(later)
                ),
                Ok(LocalResolution::Fold { earlier, later }) => format!(
                    "is in a fold (occurs twice): earlier {} = {}, later {} = {}",
                    format_utc(earlier),
                    format_in_zone(&zone, earlier),
                    format_utc(later),
                    format_in_zone(&zone, later)
                ),
                Err(e) => return Err(usage_error(format!("'{local}': {e}"))),
            };
            writeln!(out, "{wall} {what}")?;
            match zone.to_instant(wall, how) {
                Ok(instant) => writeln!(
                    out,
                    "{name}: {} = {}",
                    format_utc(instant),
                    format_in_zone(&zone, instant)
                )?,
                Err(LocalTimeError::Skipped { .. }) => {
                    return Err(CliError::rejected(format!(
                        "{wall} does not occur (gap) and --choice reject was given"
                    )));
                }
                Err(LocalTimeError::Ambiguous { .. }) => {
                    return Err(CliError::rejected(format!(
                        "{wall} occurs twice (fold) and --choice reject was given"
                    )));
                }
                Err(e) => return Err(usage_error(format!("'{local}': {e}"))),
            }
        }
        "encode" => {
            let [zone] = args.expect_positionals::<1>("ZONE")?;
            let zone = parse_zone("ZONE", zone)?.zone;
            let mut buffer = vec![0u8; zone.encoded_len()];
            let written = zone
                .encode(&mut buffer)
                .map_err(|e| usage_error(format!("{e}")))?;
            buffer.truncate(written);
            writeln!(out, "{}", hex::encode(&buffer))?;
        }
        "decode" => {
            let [text] = args.expect_positionals::<1>("HEX")?;
            let text = text.strip_prefix("hex:").unwrap_or(text);
            let parsed = parse_zone("HEX", &format!("hex:{text}"))?;
            let zone = &parsed.zone;
            writeln!(out, "zone:        {zone}")?;
            writeln!(out, "rule:        {}", zone.rule())?;
            writeln!(out, "transitions: {} explicit", zone.transitions().len())?;
            if let Some(initial) = zone.initial_offset() {
                writeln!(
                    out,
                    "initial:     offset {} ({})",
                    format_offset(initial.seconds),
                    dst_word(initial.is_dst)
                )?;
            }
            for t in zone.transitions() {
                writeln!(
                    out,
                    "  {} -> offset {} ({})",
                    format_utc(t.at),
                    format_offset(t.offset),
                    dst_word(t.is_dst)
                )?;
            }
        }
        _ => {}
    }
    Ok(Status::Success)
}
