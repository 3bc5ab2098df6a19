//! `doorcode schedule encode | show | check | next | week` (SPEC 13).
//!
//! A schedule is given either as `--hex HEX` (the binary encoding, SPEC 13.6) or built from the
//! repeatable options `--window DAYS/HH:MM-HH:MM`, `--deny FIRST..LAST` and
//! `--replace FIRST..LAST=HH:MM-HH:MM[,HH:MM-HH:MM]`. The repeatable options are taken out of
//! the words before the rest goes through [`Args`], which refuses repeated options.

use std::io::Write;

use doorcode::civil::{LocalDate, LocalDateTime, Weekday};
use doorcode::schedule::{
    DayMask, Exception, ExceptionKind, NEXT_CHANGE_HORIZON_SECONDS, Schedule, TimeRange, Window,
};
use doorcode::zone::LocalResolution;

use crate::args::{Args, Spec};
use crate::error::{CliError, usage_error};
use crate::time::{now, parse_instant};
use crate::tz_cmd::{DoorZone, format_in_zone, parse_zone};
use crate::{Status, hex, usage};

/// Options that may be given more than once, building the schedule.
const REPEATABLE: [&str; 3] = ["window", "deny", "replace"];

const ENCODE_SPEC: Spec = Spec {
    values: &["hex"],
    flags: &[],
};
const AT_SPEC: Spec = Spec {
    values: &["hex", "zone", "at"],
    flags: &[],
};
const WEEK_SPEC: Spec = Spec {
    values: &["hex", "zone", "from"],
    flags: &["half-hours"],
};

const WEEK: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// The schedule-building options, in the order given: (option name, value).
type Building = Vec<(&'static str, String)>;

/// Split `raw` into the repeatable schedule options and the words for [`Args::parse`].
///
/// A value option of `spec` keeps its value word (so `--at --window` is not misread), and `--`
/// passes everything after it through.
fn split_repeatable(raw: &[String], spec: &Spec) -> Result<(Building, Vec<String>), CliError> {
    let mut building = Vec::new();
    let mut rest = Vec::new();
    let mut words = raw.iter();
    while let Some(word) = words.next() {
        if word == "--" {
            rest.push(word.clone());
            rest.extend(words.by_ref().cloned());
            break;
        }
        let Some(body) = word.strip_prefix("--") else {
            rest.push(word.clone());
            continue;
        };
        let (name, inline) = match body.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (body, None),
        };
        if let Some(&known) = REPEATABLE.iter().find(|&&r| r == name) {
            let value = match inline {
                Some(value) => value.to_owned(),
                None => words
                    .next()
                    .ok_or_else(|| usage_error(format!("option --{known} needs a value")))?
                    .clone(),
            };
            building.push((known, value));
            continue;
        }
        rest.push(word.clone());
        if inline.is_none()
            && spec.values.contains(&name)
            && let Some(value) = words.next()
        {
            rest.push(value.clone());
        }
    }
    Ok((building, rest))
}

/// `HH:MM` as minutes after midnight; `24:00` (1440) only if `end`.
fn parse_minute(what: &str, text: &str, end: bool) -> Result<u16, CliError> {
    let fail = |why: &str| usage_error(format!("{what}: '{text}' is not a time HH:MM: {why}"));
    let (hours, minutes) = text.split_once(':').ok_or_else(|| fail("expected HH:MM"))?;
    let field = |part: &str| -> Result<u16, CliError> {
        if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail("expected two digits for hours and for minutes"));
        }
        part.parse().map_err(|_| fail("not a number"))
    };
    let (hours, minutes) = (field(hours)?, field(minutes)?);
    if hours == 24 && minutes == 0 {
        return if end {
            Ok(1440)
        } else {
            Err(fail(
                "a range cannot start at 24:00 (write 00:00 of the next day)",
            ))
        };
    }
    if hours > 23 || minutes > 59 {
        return Err(fail(
            "hours must be 00..23 (24:00 only as an end) and minutes 00..59",
        ));
    }
    hours
        .checked_mul(60)
        .and_then(|h| h.checked_add(minutes))
        .ok_or_else(|| fail("out of range"))
}

/// `HH:MM-HH:MM` (end `24:00` allowed; end <= start runs overnight).
fn parse_range(what: &str, text: &str) -> Result<TimeRange, CliError> {
    let (start, end) = text.split_once('-').ok_or_else(|| {
        usage_error(format!(
            "{what}: '{text}' is not a time range such as 08:00-18:00"
        ))
    })?;
    let range = TimeRange::new(
        parse_minute(what, start, false)?,
        parse_minute(what, end, true)?,
    );
    range.map_err(|e| usage_error(format!("{what}: '{text}': {e}")))
}

/// `mon`, `monday`, or any prefix of a full day name of at least three letters.
fn parse_weekday(what: &str, text: &str) -> Result<Weekday, CliError> {
    const FULL: [(&str, Weekday); 7] = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    let lower = text.trim().to_ascii_lowercase();
    FULL.iter()
        .find(|(full, _)| lower.len() >= 3 && full.starts_with(lower.as_str()))
        .map(|&(_, day)| day)
        .ok_or_else(|| {
            usage_error(format!(
                "{what}: '{text}' is not a day (mon, tue, wed, thu, fri, sat, sun, or daily)"
            ))
        })
}

/// `mon-fri`, `mon,wed,fri`, `sat`, `fri-mon` (wraps), `daily`/`all`, `weekdays`, `weekend`.
fn parse_days(what: &str, text: &str) -> Result<DayMask, CliError> {
    match text.to_ascii_lowercase().as_str() {
        "daily" | "all" | "every-day" => return Ok(DayMask::EVERY_DAY),
        "weekdays" => return Ok(DayMask::WEEKDAYS),
        "weekend" | "weekends" => return Ok(DayMask::WEEKEND),
        _ => {}
    }
    let mut bits = 0u8;
    for item in text.split(',') {
        let (first, last) = match item.split_once('-') {
            Some((first, last)) => (parse_weekday(what, first)?, parse_weekday(what, last)?),
            None => {
                let day = parse_weekday(what, item)?;
                (day, day)
            }
        };
        let mut index = first as u8;
        let last = last as u8;
        // At most 7 steps: the walk wraps from Sunday to Monday.
        for _ in 0..7 {
            bits |= 1u8.checked_shl(u32::from(index)).unwrap_or(0);
            if index == last {
                break;
            }
            index = if index >= 6 {
                0
            } else {
                index.saturating_add(1)
            };
        }
    }
    DayMask::new(bits).map_err(|e| usage_error(format!("{what}: '{text}': {e}")))
}

/// `DAYS/HH:MM-HH:MM`.
fn parse_window(text: &str) -> Result<Window, CliError> {
    let (days, range) = text.split_once('/').ok_or_else(|| {
        usage_error(format!(
            "--window: '{text}' is not DAYS/HH:MM-HH:MM such as mon-fri/08:00-18:00"
        ))
    })?;
    Ok(Window::new(
        parse_days("--window", days)?,
        parse_range("--window", range)?,
    ))
}

fn parse_date(what: &str, text: &str) -> Result<LocalDate, CliError> {
    text.parse()
        .map_err(|e| usage_error(format!("{what}: date '{text}': {e}")))
}

/// `YYYY-MM-DD..YYYY-MM-DD` or one date.
fn parse_dates(what: &str, text: &str) -> Result<(LocalDate, LocalDate), CliError> {
    match text.split_once("..") {
        Some((first, last)) => Ok((parse_date(what, first)?, parse_date(what, last)?)),
        None => {
            let date = parse_date(what, text)?;
            Ok((date, date))
        }
    }
}

fn parse_exception(name: &str, text: &str) -> Result<Exception, CliError> {
    let what = format!("--{name}");
    let built = if name == "deny" {
        let (first, last) = parse_dates(&what, text)?;
        Exception::deny(first, last)
    } else {
        let (dates, ranges) = text.split_once('=').ok_or_else(|| {
            usage_error(format!(
                "--replace: '{text}' is not FIRST..LAST=HH:MM-HH:MM[,HH:MM-HH:MM] \
                 (nothing after '=' closes the dates)"
            ))
        })?;
        let (first, last) = parse_dates(&what, dates)?;
        let ranges = if ranges.trim().is_empty() {
            Vec::new()
        } else {
            ranges
                .split(',')
                .map(|range| parse_range(&what, range))
                .collect::<Result<Vec<_>, _>>()?
        };
        Exception::replace(first, last, &ranges)
    };
    built.map_err(|e| usage_error(format!("{what}: '{text}': {e}")))
}

/// The schedule from `--hex` or the building options; an error if neither or both are given.
fn schedule_from(args: &Args, building: &Building) -> Result<Schedule, CliError> {
    match (args.value("hex"), building.is_empty()) {
        (Some(_), false) => Err(usage_error(
            "give either --hex or --window/--deny/--replace, not both",
        )),
        (Some(text), true) => {
            let text = text.trim();
            let text = text.strip_prefix("hex:").unwrap_or(text);
            let bytes = hex::decode(text).ok_or_else(|| usage_error("--hex: not valid hex"))?;
            Schedule::decode(&bytes)
                .map_err(|e| usage_error(format!("--hex: not a schedule encoding: {e}")))
        }
        (None, true) => Err(usage_error(
            "no schedule given: use --hex HEX or --window DAYS/HH:MM-HH:MM (see --help)",
        )),
        (None, false) => {
            let mut schedule = Schedule::new();
            for (name, value) in building {
                if *name == "window" {
                    schedule
                        .push_window(parse_window(value)?)
                        .map_err(|e| usage_error(format!("--window: {e}")))?;
                } else {
                    schedule
                        .push_exception(parse_exception(name, value)?)
                        .map_err(|e| usage_error(format!("--{name} '{value}': {e}")))?;
                }
            }
            Ok(schedule)
        }
    }
}

fn encode(schedule: &Schedule) -> Result<Vec<u8>, CliError> {
    let mut buffer = vec![0u8; schedule.encoded_len()];
    let written = schedule
        .encode(&mut buffer)
        .map_err(|e| usage_error(format!("{e}")))?;
    buffer.truncate(written);
    Ok(buffer)
}

fn format_minute(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// `08:00-18:00`, or `22:00-06:00 (overnight)`.
fn format_range(range: TimeRange) -> String {
    let text = format!(
        "{}-{}",
        format_minute(range.start_minute()),
        format_minute(range.end_minute())
    );
    if range.is_overnight() {
        format!("{text} (overnight, ends the next day)")
    } else {
        text
    }
}

fn short_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

/// `Mon-Fri`, `Mon,Wed,Fri`, `every day`.
fn format_days(mask: DayMask) -> String {
    if mask == DayMask::EVERY_DAY {
        return "every day".to_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(Weekday, Weekday)> = None;
    let flush = |run: Option<(Weekday, Weekday)>, parts: &mut Vec<String>| {
        if let Some((first, last)) = run {
            let (a, b) = (first as u8, last as u8);
            parts.push(match b.saturating_sub(a) {
                0 => short_name(first).to_owned(),
                1 => format!("{},{}", short_name(first), short_name(last)),
                _ => format!("{}-{}", short_name(first), short_name(last)),
            });
        }
    };
    for day in WEEK {
        if mask.contains(day) {
            run = Some(run.map_or((day, day), |(first, _)| (first, day)));
        } else {
            flush(run.take(), &mut parts);
        }
    }
    flush(run, &mut parts);
    parts.join(",")
}

fn require_zone(args: &Args) -> Result<DoorZone, CliError> {
    let text = args.value("zone").ok_or_else(|| {
        usage_error("missing --zone ZONE (the door's time zone, e.g. EST5EDT,M3.2.0,M11.1.0)")
    })?;
    Ok(parse_zone("--zone", text)?.zone)
}

fn instant_or_now(args: &Args) -> Result<i64, CliError> {
    match args.value("at") {
        Some(text) => parse_instant(text),
        None => now(),
    }
}

fn weekday_name(zone: &DoorZone, instant: i64) -> &'static str {
    zone.local_datetime(instant)
        .map_or("", |local| short_name(local.date.weekday()))
}

/// `doorcode schedule SUBCOMMAND ...` (`raw` starts with the subcommand).
pub fn schedule(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let Some((sub, rest)) = raw.split_first() else {
        out.write_all(usage::SCHEDULE.as_bytes())?;
        return Ok(Status::Success);
    };
    let spec = match sub.as_str() {
        "encode" | "show" => ENCODE_SPEC,
        "check" | "next" => AT_SPEC,
        "week" => WEEK_SPEC,
        "help" | "--help" | "-h" => {
            out.write_all(usage::SCHEDULE.as_bytes())?;
            return Ok(Status::Success);
        }
        other => {
            return Err(usage_error(format!(
                "unknown subcommand 'schedule {other}' (expected: encode, show, check, next or week)"
            )));
        }
    };
    let (building, rest) = split_repeatable(rest, &spec)?;
    let args = Args::parse(&rest, &spec)?;
    if args.help() {
        out.write_all(usage::SCHEDULE.as_bytes())?;
        return Ok(Status::Success);
    }
    args.expect_positionals::<0>("nothing")?;
    let schedule = schedule_from(&args, &building)?;
    match sub.as_str() {
        "encode" => writeln!(out, "{}", hex::encode(&encode(&schedule)?))?,
        "show" => show(&schedule, out)?,
        "check" => {
            let zone = require_zone(&args)?;
            let at = instant_or_now(&args)?;
            let local = format_in_zone(&zone, at);
            let day = weekday_name(&zone, at);
            return Ok(match schedule.check(at, &zone) {
                Ok(()) => {
                    writeln!(out, "allowed at {local} ({day}, unix {at})")?;
                    Status::Success
                }
                Err(reason) => {
                    writeln!(out, "denied at {local} ({day}, unix {at}): {reason}")?;
                    Status::Rejected
                }
            });
        }
        "next" => {
            let zone = require_zone(&args)?;
            let at = instant_or_now(&args)?;
            let open = schedule.allows(at, &zone);
            match schedule.next_change(at, &zone) {
                Some(next) => writeln!(
                    out,
                    "{} at {} ({next})",
                    if open { "closes" } else { "opens" },
                    format_in_zone(&zone, next)
                )?,
                None => writeln!(
                    out,
                    "no change within {} days (stays {})",
                    NEXT_CHANGE_HORIZON_SECONDS / 86_400,
                    if open { "open" } else { "closed" }
                )?,
            }
        }
        "week" => week(&schedule, &args, out)?,
        _ => {}
    }
    Ok(Status::Success)
}

fn show(schedule: &Schedule, out: &mut dyn Write) -> Result<(), CliError> {
    let windows = schedule.windows();
    if windows.is_empty() {
        writeln!(
            out,
            "windows:    none (allows nothing outside replace exceptions)"
        )?;
    } else {
        writeln!(out, "windows:    {}", windows.len())?;
    }
    for window in windows {
        writeln!(
            out,
            "  {} {}",
            format_days(window.days),
            format_range(window.range)
        )?;
    }
    let exceptions = schedule.exceptions();
    writeln!(out, "exceptions: {}", exceptions.len())?;
    for exception in exceptions {
        let dates = if exception.first() == exception.last() {
            format!("{}", exception.first())
        } else {
            format!("{}..{}", exception.first(), exception.last())
        };
        match exception.kind() {
            ExceptionKind::Deny => writeln!(out, "  {dates} closed (deny)")?,
            ExceptionKind::Replace if exception.ranges().is_empty() => writeln!(
                out,
                "  {dates} replaced with no hours (closed, but yesterday's overnight windows still run)"
            )?,
            ExceptionKind::Replace => {
                let ranges: Vec<String> = exception
                    .ranges()
                    .iter()
                    .copied()
                    .map(format_range)
                    .collect();
                writeln!(out, "  {dates} replaced: open {}", ranges.join(", "))?;
            }
        }
    }
    let bytes = encode(schedule)?;
    writeln!(
        out,
        "encoding:   {} bytes: {}",
        bytes.len(),
        hex::encode(&bytes)
    )?;
    Ok(())
}

/// The grid: 7 rows (Monday to Sunday of the week containing `--from`, default today in the
/// zone), 24 hourly or 48 half-hourly cells evaluated at each cell's middle (wall clock).
fn week(schedule: &Schedule, args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let zone = require_zone(args)?;
    let from = match args.value("from") {
        Some(text) => parse_date("--from", text)?,
        None => {
            let at = now()?;
            zone.local_datetime(at)
                .map_err(|_| usage_error("the current time is outside the zone's range"))?
                .date
        }
    };
    let back = i32::from(from.weekday() as u8);
    let monday = from
        .days_since_epoch()
        .checked_sub(back)
        .and_then(LocalDate::from_days_since_epoch)
        .ok_or_else(|| usage_error(format!("--from {from}: week outside years 1900..=9999")))?;
    let (cells, cell_seconds): (u32, u32) = if args.flag("half-hours") {
        (48, 1800)
    } else {
        (24, 3600)
    };
    let pad = " ".repeat(16);
    if cells == 24 {
        let tens: String = (0..24u8)
            .map(|h| char::from(b'0'.saturating_add(h / 10)))
            .collect();
        let units: String = (0..24u8)
            .map(|h| char::from(b'0'.saturating_add(h % 10)))
            .collect();
        writeln!(out, "{pad}{tens}")?;
        writeln!(out, "{pad}{units}")?;
    } else {
        let hours: String = (0..24u32).map(|h| format!("{h:02}")).collect();
        writeln!(out, "{pad}{hours}")?;
    }
    let mut gaps = false;
    let mut date = monday;
    for day in 0..7 {
        if day > 0 {
            date = date
                .succ()
                .ok_or_else(|| usage_error("week outside years 1900..=9999"))?;
        }
        let mut row = String::new();
        for cell in 0..cells {
            let middle = cell
                .saturating_mul(cell_seconds)
                .saturating_add(cell_seconds / 2);
            let wall = LocalDateTime {
                date,
                second_of_day: middle,
            };
            let mark = if matches!(zone.resolve(wall), Ok(LocalResolution::Gap { .. })) {
                gaps = true;
                '~'
            } else if schedule.check_local(wall).is_ok() {
                '#'
            } else {
                '.'
            };
            row.push(mark);
        }
        writeln!(out, "{} {date}  {row}", short_name(date.weekday()))?;
    }
    let legend = if gaps {
        "# open, . closed, ~ skipped by a clock change; each cell at its middle (wall clock)"
    } else {
        "# open, . closed; each cell at its middle (wall clock)"
    };
    writeln!(out, "{legend}")?;
    Ok(())
}
