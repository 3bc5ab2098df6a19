//! Schedules: every edge case of time.md, with expected instants derived by hand.
//!
//! Reference instants (checked with `date -u -d ... +%s`, an oracle independent of this crate):
//! - `NOV22` = 2026-11-22T00:00Z, a Sunday: day 20,779 since 1970-01-01; 20,779 x 86,400 =
//!   1,795,305,600. Other November/December dates are whole days after it.
//! - `MAR8` = 2026-03-08T00:00Z, a Sunday, New York's spring-forward day (second Sunday of March):
//!   day 20,779 - 259 = 20,520; 20,520 x 86,400 = 1,772,928,000.
//! - `NOV1` = 2026-11-01T00:00Z, a Sunday, New York's fall-back day (first Sunday of November):
//!   day 20,779 - 21 = 20,758; 20,758 x 86,400 = 1,793,491,200.
//!
//! DST: `new_york()` is `EST5EDT,M3.2.0,M11.1.0`, `havana()` is `CST5CDT,M3.2.0/0,M11.1.0/1`
//! and `santiago()` is `<-04>4<-03>,M9.1.6/24,M4.1.6/24`, all parsed by the crate's POSIX TZ
//! parser; the expected instants were derived by hand. `new_york_by_hand()` is the same 2026
//! New York as a plain list of transitions, which checks the `ZoneRules` contract itself.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]

use doorcode::civil::{LocalDate, LocalDateTime, Weekday};
use doorcode::schedule::{
    AccessDenied, AccessRule, DayMask, DecodeError, Exception, Grant, MAX_EXCEPTIONS,
    MAX_RULE_SCHEDULES, MAX_WINDOWS, NEXT_CHANGE_HORIZON_SECONDS, Schedule, ScheduleDenial,
    ScheduleError, TimeRange, Window, ZoneRules,
};
use doorcode::zone::{TimeError, Zone};
use proptest::prelude::*;

mod schedule_support;

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;
/// 2026-11-22T00:00:00Z (Sunday).
const NOV22: i64 = 1_795_305_600;
/// 2026-03-08T00:00:00Z (Sunday; New York springs forward at 07:00Z).
const MAR8: i64 = 1_772_928_000;
/// 2026-11-01T00:00:00Z (Sunday; New York falls back at 06:00Z).
const NOV1: i64 = 1_793_491_200;
/// New York spring forward: 02:00 EST = 07:00Z; clocks jump to 03:00 EDT.
const NY_SPRING: i64 = MAR8 + 7 * HOUR; // 1,772,953,200
/// New York fall back: 02:00 EDT = 06:00Z; clocks go back to 01:00 EST.
const NY_FALL: i64 = NOV1 + 6 * HOUR; // 1,793,512,800

/// A zone given by an initial UTC offset and a list of (instant, offset from then on).
struct TestZone {
    initial: i32,
    transitions: &'static [(i64, i32)],
}

impl TestZone {
    fn offset_at(&self, instant: i64) -> i32 {
        self.transitions
            .iter()
            .take_while(|(at, _)| *at <= instant)
            .last()
            .map_or(self.initial, |(_, offset)| *offset)
    }
}

impl ZoneRules for TestZone {
    fn local_datetime(&self, instant: i64) -> Result<LocalDateTime, TimeError> {
        LocalDateTime::from_wall_seconds(instant + i64::from(self.offset_at(instant)))
            .ok_or(TimeError::OutOfRange)
    }

    fn next_transition(&self, after: i64) -> Option<i64> {
        self.transitions
            .iter()
            .map(|(at, _)| *at)
            .find(|at| *at > after)
    }
}

/// America/New_York in 2026 (EST -5 h, EDT -4 h). As a POSIX rule: `EST5EDT,M3.2.0,M11.1.0`.
fn new_york() -> Zone {
    Zone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap()
}

/// The same 2026 New York as a hand-built list, to check the `ZoneRules` contract itself.
fn new_york_by_hand() -> TestZone {
    TestZone {
        initial: -5 * 3600,
        transitions: &[(NY_SPRING, -4 * 3600), (NY_FALL, -5 * 3600)],
    }
}

/// America/Havana, 2024-03-10: clocks go from 00:00 CST to 01:00 CDT, so the day starts at
/// 01:00. 2024-03-10 is day 19,792 (2026-03-08 is 20,520; minus 365 twice, 2024 leap day
/// before March); 19,792 x 86,400 = 1,710,028,800; 00:00 CST = 05:00Z = 1,710,046,800.
/// As a POSIX rule: `CST5CDT,M3.2.0/0,M11.1.0/1`.
fn havana() -> Zone {
    Zone::posix("CST5CDT,M3.2.0/0,M11.1.0/1").unwrap()
}

/// America/Santiago, 2025-04-05/06: at 24:00 -03 (03:00Z on the 6th) clocks go back to 23:00
/// -04, so 23:00-24:00 on Saturday 2025-04-05 happens twice. 2025-04-06 is day 20,184
/// (2026-03-08 = 20,520; minus 365 = 2025-03-08 = 20,155; plus 29); 20,184 x 86,400 =
/// 1,743,897,600; + 3 h = 1,743,908,400. As a POSIX rule: `<-04>4<-03>,M9.1.6/24,M4.1.6/24`.
fn santiago() -> Zone {
    Zone::posix("<-04>4<-03>,M9.1.6/24,M4.1.6/24").unwrap()
}

fn hm(hour: u16, minute: u16) -> u16 {
    hour * 60 + minute
}

fn window(days: DayMask, start: u16, end: u16) -> Window {
    Window::new(days, TimeRange::new(start, end).unwrap())
}

fn schedule(windows: &[Window]) -> Schedule {
    Schedule::from_windows(windows).unwrap()
}

fn date(text: &str) -> LocalDate {
    text.parse().unwrap()
}

fn utc_plus_1() -> Zone {
    Zone::fixed(3600).unwrap()
}

/// Asserts that `schedule` allows exactly `[open, close)` around the two edges, and that
/// next_change finds both edges.
fn assert_open_between<Z: ZoneRules>(schedule: &Schedule, zone: &Z, open: i64, close: i64) {
    assert!(!schedule.allows(open - 1, zone), "open - 1s");
    assert!(schedule.allows(open, zone), "open");
    assert!(schedule.allows(close - 1, zone), "close - 1s");
    assert!(!schedule.allows(close, zone), "close");
    assert_eq!(
        schedule.next_change(open - 1, zone),
        Some(open),
        "next_change to open"
    );
    assert_eq!(
        schedule.next_change(open, zone),
        Some(close),
        "next_change to close"
    );
}

#[test]
fn window_ending_at_2400() {
    // Monday 22:00-24:00 UTC. Monday 2026-11-23 = NOV22 + 1 day.
    let s = schedule(&[window(DayMask::single(Weekday::Monday), hm(22, 0), 1440)]);
    let open = NOV22 + DAY + 22 * HOUR; // 1,795,471,200
    let close = NOV22 + 2 * DAY; // Tuesday 00:00 = 1,795,478,400
    assert_open_between(&s, &Zone::UTC, open, close);
    assert!(!TimeRange::new(hm(22, 0), 1440).unwrap().is_overnight());
    assert_eq!(TimeRange::new(0, 1441), Err(ScheduleError::EndOutOfRange));
    assert_eq!(
        TimeRange::new(1440, 60),
        Err(ScheduleError::StartOutOfRange)
    );
}

#[test]
fn window_across_midnight() {
    // Monday 22:00 to Tuesday 06:00 UTC.
    let s = schedule(&[window(
        DayMask::single(Weekday::Monday),
        hm(22, 0),
        hm(6, 0),
    )]);
    let open = NOV22 + DAY + 22 * HOUR; // Mon 22:00
    let close = NOV22 + 2 * DAY + 6 * HOUR; // Tue 06:00
    assert_open_between(&s, &Zone::UTC, open, close);
    assert!(s.allows(NOV22 + 2 * DAY, &Zone::UTC), "Tuesday 00:00");
    // Monday 03:00 would be Sunday's overnight part: Sunday is not in the mask.
    assert!(!s.allows(NOV22 + DAY + 3 * HOUR, &Zone::UTC));
    // Tuesday 22:00: Tuesday is not in the mask.
    assert!(!s.allows(NOV22 + 2 * DAY + 22 * HOUR, &Zone::UTC));
}

#[test]
fn saturday_overnight_into_sunday() {
    // Saturday 20:00 to Sunday 02:00, and Sunday 22:00 to Monday 02:00 (the week wraps).
    let s = schedule(&[
        window(DayMask::single(Weekday::Saturday), hm(20, 0), hm(2, 0)),
        window(DayMask::single(Weekday::Sunday), hm(22, 0), hm(2, 0)),
    ]);
    let sat = NOV22 + 6 * DAY; // 2026-11-28, Saturday
    assert_open_between(&s, &Zone::UTC, sat + 20 * HOUR, sat + DAY + 2 * HOUR); // 1,795,896,000 .. 1,795,917,600
    let sun = NOV22 + 7 * DAY; // 2026-11-29
    assert_open_between(&s, &Zone::UTC, sun + 22 * HOUR, sun + DAY + 2 * HOUR); // .. 1,796,004,000
    // Sunday 20:00: Saturday's window does not start on Sunday.
    assert!(!s.allows(sun + 20 * HOUR, &Zone::UTC));
    // The previous Sunday 2026-11-22 22:00 also opens, and its tail reaches Monday 01:00.
    assert!(s.allows(NOV22 + DAY + HOUR, &Zone::UTC));
}

#[test]
fn overnight_window_across_dst_change() {
    let ny = new_york();
    let s = schedule(&[window(
        DayMask::single(Weekday::Saturday),
        hm(22, 0),
        hm(6, 0),
    )]);
    // Spring: Saturday 2026-03-07 22:00 EST = 03:00Z on the 8th; Sunday 06:00 EDT = 10:00Z.
    // 7 hours of real time for 8 wall-clock hours.
    let open = MAR8 + 3 * HOUR; // 1,772,938,800
    let close = MAR8 + 10 * HOUR; // 1,772,964,000
    assert_open_between(&s, &ny, open, close);
    assert_eq!(close - open, 7 * HOUR);
    // Across the jump itself: 01:59:59 EST and 03:00:00 EDT are both inside.
    assert!(s.allows(NY_SPRING - 1, &ny) && s.allows(NY_SPRING, &ny));
    assert_eq!(s.next_change(NY_SPRING - HOUR, &ny), Some(close));

    // Fall: Saturday 2026-10-31 22:00 EDT = 02:00Z on Nov 1; Sunday 06:00 EST = 11:00Z.
    // 9 hours for 8 wall-clock hours; the window belongs to Saturday throughout.
    let open = NOV1 + 2 * HOUR; // 1,793,498,400
    let close = NOV1 + 11 * HOUR; // 1,793,530,800
    assert_open_between(&s, &ny, open, close);
    assert_eq!(close - open, 9 * HOUR);
}

#[test]
fn start_equal_to_end_is_24_hours() {
    // Decision (SPEC.md): start == end runs a full 24 wall-clock hours from start.
    let range = TimeRange::new(hm(9, 0), hm(9, 0)).unwrap();
    assert!(range.is_overnight());
    assert_eq!(range.duration_minutes(), 1440);
    let s = schedule(&[window(
        DayMask::single(Weekday::Wednesday),
        hm(9, 0),
        hm(9, 0),
    )]);
    // Wednesday 2026-11-25 09:00Z to Thursday 09:00Z.
    let wed = NOV22 + 3 * DAY;
    assert_open_between(&s, &Zone::UTC, wed + 9 * HOUR, wed + DAY + 9 * HOUR); // 1,795,597,200 .. 1,795,683,600

    // Across spring forward it is 23 real hours: Saturday 2026-03-07 12:00 EST = 17:00Z to
    // Sunday 12:00 EDT = 16:00Z.
    let s = schedule(&[window(
        DayMask::single(Weekday::Saturday),
        hm(12, 0),
        hm(12, 0),
    )]);
    let open = MAR8 - DAY + 17 * HOUR; // 1,772,902,800
    let close = MAR8 + 16 * HOUR; // 1,772,985,600
    assert_open_between(&s, &new_york(), open, close);
    assert_eq!(close - open, 23 * HOUR);
    // 00:00-00:00 is the whole day.
    let s = schedule(&[window(DayMask::single(Weekday::Sunday), 0, 0)]);
    assert_open_between(&s, &Zone::UTC, NOV22, NOV22 + DAY);
}

#[test]
fn empty_day_mask() {
    // Decision: a window with no day would never apply; it is refused, in code and encoding.
    assert_eq!(DayMask::new(0), Err(ScheduleError::EmptyDayMask));
    assert_eq!(DayMask::new(0x80), Err(ScheduleError::InvalidDayMask));
    assert_eq!(DayMask::new(0xff), Err(ScheduleError::InvalidDayMask));
    assert_eq!(DayMask::new(0x7f), Ok(DayMask::EVERY_DAY));
    // 0x01 version, 1 window: mask 0x00, 08:00-18:00, 0 exceptions.
    let bytes = [0x01, 0x01, 0x00, 0x0f, 0x04, 0x38, 0x00];
    assert_eq!(
        Schedule::decode(&bytes),
        Err(DecodeError::Invalid(ScheduleError::EmptyDayMask))
    );
    let mut with_mask = bytes;
    with_mask[2] = 0x1f;
    assert!(Schedule::decode(&with_mask).is_ok());
    // The empty schedule (no windows) allows nothing, and never changes.
    let empty = Schedule::new();
    assert!(!empty.allows(NOV22, &Zone::UTC));
    assert_eq!(empty.next_change(NOV22, &Zone::UTC), None);
    assert_eq!(
        empty.check(NOV22, &Zone::UTC),
        Err(ScheduleDenial::OutsideWindows)
    );
}

#[test]
fn spring_gap_inside_window() {
    // Sunday 01:00-04:00 in New York on 2026-03-08: 01:00 EST = 06:00Z, 04:00 EDT = 08:00Z,
    // two real hours for three wall-clock hours.
    let ny = new_york();
    let s = schedule(&[window(DayMask::single(Weekday::Sunday), hm(1, 0), hm(4, 0))]);
    assert_open_between(&s, &ny, MAR8 + 6 * HOUR, MAR8 + 8 * HOUR); // 1,772,949,600 .. 1,772,956,800
    assert!(s.allows(NY_SPRING - 1, &ny) && s.allows(NY_SPRING, &ny));
}

#[test]
fn window_starting_in_spring_gap() {
    // Sunday 02:30-05:00: 02:30 never happens; the window opens when the clock jumps to 03:00
    // EDT (07:00Z, the transition) and closes at 05:00 EDT = 09:00Z.
    let ny = new_york();
    let s = schedule(&[window(
        DayMask::single(Weekday::Sunday),
        hm(2, 30),
        hm(5, 0),
    )]);
    assert_open_between(&s, &ny, NY_SPRING, MAR8 + 9 * HOUR); // 1,772,953,200 .. 1,772,960,400
    assert_eq!(s.next_change(MAR8, &ny), Some(NY_SPRING));
}

#[test]
fn window_ending_in_spring_gap() {
    // Sunday 00:30-02:30: opens 00:30 EST = 05:30Z, closes when 01:59:59 EST jumps to 03:00
    // EDT (07:00Z), since 03:00 is past 02:30.
    let ny = new_york();
    let s = schedule(&[window(
        DayMask::single(Weekday::Sunday),
        hm(0, 30),
        hm(2, 30),
    )]);
    assert_open_between(&s, &ny, MAR8 + 5 * HOUR + 30 * MINUTE, NY_SPRING); // 1,772,947,800 .. 1,772,953,200
}

#[test]
fn window_inside_spring_gap_never_opens() {
    // Sunday 02:00-03:00 is exactly the gap: closed all of 2026-03-08. The next opening is
    // Sunday 2026-03-15 02:00 EDT = 06:00Z = MAR8 + 7 days + 6 h = 1,773,554,400.
    let ny = new_york();
    let s = schedule(&[window(DayMask::single(Weekday::Sunday), hm(2, 0), hm(3, 0))]);
    assert!(!s.allows(NY_SPRING, &ny));
    assert!(!s.allows(NY_SPRING - 1, &ny));
    let next_week = MAR8 + 7 * DAY + 6 * HOUR;
    assert_eq!(s.next_change(MAR8, &ny), Some(next_week));
    assert_eq!(s.next_change(next_week, &ny), Some(next_week + HOUR));
}

#[test]
fn fold_repeats_window() {
    let ny = new_york();
    // Sunday 2026-11-01 01:00-02:00: 01:00 EDT = 05:00Z; at 06:00Z clocks go back to 01:00 EST,
    // still inside; 02:00 EST = 07:00Z closes. Two real hours, no flip at the transition.
    let s = schedule(&[window(DayMask::single(Weekday::Sunday), hm(1, 0), hm(2, 0))]);
    assert_open_between(&s, &ny, NOV1 + 5 * HOUR, NOV1 + 7 * HOUR); // 1,793,509,200 .. 1,793,516,400
    assert!(s.allows(NY_FALL - 1, &ny) && s.allows(NY_FALL, &ny));

    // Sunday 01:30-03:00: 01:30 EDT = 05:30Z open; 06:00Z the clock shows 01:00 EST, closed;
    // 01:30 EST = 06:30Z open again; 03:00 EST = 08:00Z closed.
    let s = schedule(&[window(
        DayMask::single(Weekday::Sunday),
        hm(1, 30),
        hm(3, 0),
    )]);
    let flips = [
        NOV1 + 5 * HOUR + 30 * MINUTE, // 1,793,511,000
        NY_FALL,                       // 1,793,512,800
        NOV1 + 6 * HOUR + 30 * MINUTE, // 1,793,514,600
        NOV1 + 8 * HOUR,               // 1,793,520,000
    ];
    let mut at = NOV1;
    for (i, flip) in flips.iter().enumerate() {
        assert_eq!(s.next_change(at, &ny), Some(*flip), "flip {i}");
        assert_eq!(s.allows(*flip, &ny), i % 2 == 0, "state after flip {i}");
        at = *flip;
    }

    // Sunday 00:00-01:30: 00:00 EDT = 04:00Z .. 01:30 EDT = 05:30Z, then again 06:00Z (01:00
    // EST) .. 06:30Z (01:30 EST).
    let s = schedule(&[window(DayMask::single(Weekday::Sunday), 0, hm(1, 30))]);
    assert_open_between(&s, &ny, NOV1 + 4 * HOUR, NOV1 + 5 * HOUR + 30 * MINUTE); // 1,793,505,600 ..
    assert_open_between(&s, &ny, NY_FALL, NOV1 + 6 * HOUR + 30 * MINUTE);
}

#[test]
fn midnight_gap_day_starts_at_0100() {
    // Havana 2024-03-10 (Sunday) starts at 01:00 CDT = 05:00Z. A Sunday 00:00-08:00 window
    // opens at the first instant of the day, the transition; 08:00 CDT = 12:00Z closes.
    let zone = havana();
    let sunday = 1_710_028_800; // 2024-03-10T00:00Z
    let s = schedule(&[window(DayMask::single(Weekday::Sunday), 0, hm(8, 0))]);
    assert_open_between(&s, &zone, sunday + 5 * HOUR, sunday + 12 * HOUR);
}

#[test]
fn fold_at_2300_2400() {
    // Santiago, Saturday 2025-04-05 23:30 to Sunday 00:30 (overnight, owned by Saturday):
    // 23:30 -03 = 02:30Z; at 03:00Z the clock shows 23:00 -04 (still Saturday), closed;
    // 23:30 -04 = 03:30Z open; Sunday 00:30 -04 = 04:30Z closed.
    let zone = santiago();
    let sunday = 1_743_897_600; // 2025-04-06T00:00Z
    let s = schedule(&[window(
        DayMask::single(Weekday::Saturday),
        hm(23, 30),
        hm(0, 30),
    )]);
    let flips = [
        sunday + 2 * HOUR + 30 * MINUTE, // 1,743,906,600
        sunday + 3 * HOUR,               // 1,743,908,400
        sunday + 3 * HOUR + 30 * MINUTE, // 1,743,910,200
        sunday + 4 * HOUR + 30 * MINUTE, // 1,743,913,800
    ];
    let mut at = sunday;
    for (i, flip) in flips.iter().enumerate() {
        assert_eq!(s.next_change(at, &zone), Some(*flip), "flip {i}");
        assert_eq!(s.allows(*flip, &zone), i % 2 == 0, "state after flip {i}");
        at = *flip;
    }
}

/// Weekdays 08:00-18:00; 2026-12-21..=31 replaced by 10:00-14:00; 2026-12-24..=25 denied.
fn holiday_schedule() -> Schedule {
    let mut s = schedule(&[window(DayMask::WEEKDAYS, hm(8, 0), hm(18, 0))]);
    s.push_exception(
        Exception::replace(
            date("2026-12-21"),
            date("2026-12-31"),
            &[TimeRange::new(hm(10, 0), hm(14, 0)).unwrap()],
        )
        .unwrap(),
    )
    .unwrap();
    s.push_exception(Exception::deny(date("2026-12-24"), date("2026-12-25")).unwrap())
        .unwrap();
    s
}

#[test]
fn deny_exception_overlapping_replace_exception() {
    let s = holiday_schedule();
    let z = Zone::UTC;
    let dec21 = NOV22 + 29 * DAY; // Monday 2026-12-21 = 1,797,811,200
    // Replaced dates: 10:00-14:00 instead of 08:00-18:00, weekend included.
    assert_eq!(
        s.check(dec21 + 9 * HOUR, &z),
        Err(ScheduleDenial::OutsideReplacementHours)
    );
    assert_open_between(&s, &z, dec21 + 10 * HOUR, dec21 + 14 * HOUR);
    let dec26 = dec21 + 5 * DAY; // Saturday
    assert!(s.allows(dec26 + 11 * HOUR, &z));
    // Deny beats replace on the shared dates.
    let dec24 = dec21 + 3 * DAY;
    assert_eq!(
        s.check(dec24 + 11 * HOUR, &z),
        Err(ScheduleDenial::ExceptionDenies)
    );
    assert_eq!(
        s.check(dec24 + DAY + 11 * HOUR, &z),
        Err(ScheduleDenial::ExceptionDenies)
    );
    // From Wednesday 23rd 14:00 (closing), the next opening skips the 24th and 25th:
    // Saturday 26th 10:00 = dec21 + 5 days + 10 h = 1,798,279,200.
    let dec23 = dec21 + 2 * DAY;
    assert_eq!(
        s.next_change(dec23 + 13 * HOUR, &z),
        Some(dec23 + 14 * HOUR)
    );
    assert_eq!(
        s.next_change(dec23 + 14 * HOUR, &z),
        Some(dec26 + 10 * HOUR)
    );
    // Monday 2027-01-04 (dec21 + 14 days) is back to 08:00.
    assert!(s.allows(dec21 + 14 * DAY + 8 * HOUR, &z));
    // Overlap within one kind is refused.
    let mut t = holiday_schedule();
    assert_eq!(
        t.push_exception(Exception::deny(date("2026-12-25"), date("2026-12-26")).unwrap()),
        Err(ScheduleError::OverlappingExceptions)
    );
    assert_eq!(
        t.push_exception(Exception::replace(date("2026-12-31"), date("2027-01-01"), &[]).unwrap()),
        Err(ScheduleError::OverlappingExceptions)
    );
    assert_eq!(
        Exception::deny(date("2026-12-25"), date("2026-12-24")),
        Err(ScheduleError::ReversedDateRange)
    );
}

#[test]
fn deny_exception_cuts_overnight_windows_both_ways() {
    // Decision: a deny date closes every instant of the date AND cancels windows starting on it
    // (their tail into the next date included). A replace date only replaces the windows that
    // start on it.
    let night = window(DayMask::EVERY_DAY, hm(22, 0), hm(6, 0));
    let mut s = schedule(&[night]);
    s.push_exception(Exception::deny(date("2026-12-25"), date("2026-12-25")).unwrap())
        .unwrap();
    let dec25 = NOV22 + 33 * DAY;
    let z = Zone::UTC;
    // Thursday 24th 22:00 opens; closes at midnight instead of 06:00.
    assert!(s.allows(dec25 - 2 * HOUR, &z));
    assert_eq!(s.next_change(dec25 - 2 * HOUR, &z), Some(dec25));
    // The 25th's own window is cancelled, tail on the 26th included; the 26th's opens at 22:00.
    assert!(!s.allows(dec25 + DAY + HOUR, &z));
    assert_eq!(s.next_change(dec25, &z), Some(dec25 + DAY + 22 * HOUR));

    let mut r = schedule(&[night]);
    r.push_exception(Exception::replace(date("2026-12-25"), date("2026-12-25"), &[]).unwrap())
        .unwrap();
    // A replace with no ranges: the 24th's tail still runs to 06:00 on the 25th.
    assert!(r.allows(dec25 + 5 * HOUR, &z));
    assert_eq!(
        r.check(dec25 + 6 * HOUR, &z),
        Err(ScheduleDenial::OutsideReplacementHours)
    );
    assert!(!r.allows(dec25 + DAY + HOUR, &z));
}

#[test]
fn overlapping_windows() {
    // Monday 08:00-12:00, 10:00-14:00 and 14:00-15:00: open without a break 08:00-15:00.
    let monday = DayMask::single(Weekday::Monday);
    let s = schedule(&[
        window(monday, hm(8, 0), hm(12, 0)),
        window(monday, hm(10, 0), hm(14, 0)),
        window(monday, hm(14, 0), hm(15, 0)),
    ]);
    let mon = NOV22 + DAY;
    assert_open_between(&s, &Zone::UTC, mon + 8 * HOUR, mon + 15 * HOUR);
    // Identical windows twice change nothing.
    let twice = schedule(&[window(monday, 0, 60), window(monday, 0, 60)]);
    assert_open_between(&twice, &Zone::UTC, mon, mon + HOUR);
}

#[test]
fn grant_end_exactly_at_not_after() {
    let start = NOV22 + 15 * HOUR; // check-in 15:00Z
    let end = NOV22 + 3 * DAY + 11 * HOUR; // check-out 11:00Z
    let rule = AccessRule::new(Grant::new(start, end).unwrap());
    let z = Zone::UTC;
    assert_eq!(
        rule.check(Some(start - 1), &z),
        Err(AccessDenied::NotYetValid)
    );
    assert_eq!(rule.check(Some(start), &z), Ok(()));
    assert_eq!(rule.check(Some(end - 1), &z), Ok(()));
    assert_eq!(rule.check(Some(end), &z), Err(AccessDenied::Expired));
    assert_eq!(rule.next_change(Some(start - 10), &z), Some(start));
    assert_eq!(rule.next_change(Some(start), &z), Some(end));
    assert_eq!(rule.next_change(Some(end), &z), None);
    assert_eq!(Grant::new(end, start), Err(ScheduleError::ReversedGrant));
    // An empty grant allows nothing.
    let empty = AccessRule::new(Grant::new(start, start).unwrap());
    assert!(!empty.allows(Some(start), &z));
}

#[test]
fn unknown_clock() {
    let always = AccessRule::new(Grant::ALWAYS);
    assert!(always.allows(Some(NOV22), &Zone::UTC));
    assert_eq!(
        always.check(None, &Zone::UTC),
        Err(AccessDenied::ClockUnknown)
    );
    assert_eq!(always.next_change(None, &Zone::UTC), None);
    // An instant whose local date is outside 1900..=9999 fails closed too.
    let mut rule = AccessRule::new(Grant::ALWAYS);
    rule.push_schedule(schedule(&[window(DayMask::EVERY_DAY, 0, 0)]))
        .unwrap();
    assert!(rule.allows(Some(NOV22), &Zone::UTC));
    assert_eq!(
        rule.check(Some(i64::MAX - 1), &Zone::UTC),
        Err(AccessDenied::ClockOutOfRange)
    );
    assert_eq!(
        rule.schedules()[0].check(i64::MIN, &Zone::UTC),
        Err(ScheduleDenial::ClockOutOfRange)
    );
}

#[test]
fn access_rule_reports_the_denying_component() {
    let z = utc_plus_1();
    let key = schedule(&[window(DayMask::WEEKDAYS, hm(8, 0), hm(18, 0))]);
    let door = schedule(&[window(DayMask::EVERY_DAY, hm(6, 0), hm(12, 0))]);
    let mut rule = AccessRule::new(Grant::ALWAYS);
    rule.push_schedule(key).unwrap();
    rule.push_schedule(door).unwrap();
    let mon = NOV22 + DAY - HOUR; // Monday 00:00 local = Sunday 23:00Z
    assert_eq!(
        rule.check(Some(mon + 7 * HOUR), &z),
        Err(AccessDenied::Schedule {
            index: 0,
            reason: ScheduleDenial::OutsideWindows
        })
    );
    assert_eq!(rule.check(Some(mon + 9 * HOUR), &z), Ok(()));
    assert_eq!(
        rule.check(Some(mon + 13 * HOUR), &z),
        Err(AccessDenied::Schedule {
            index: 1,
            reason: ScheduleDenial::OutsideWindows
        })
    );
    // Open 08:00-12:00 local only: intersection across kinds.
    assert_eq!(rule.next_change(Some(mon), &z), Some(mon + 8 * HOUR));
    assert_eq!(
        rule.next_change(Some(mon + 8 * HOUR), &z),
        Some(mon + 12 * HOUR)
    );
}

#[test]
fn guest_rule_is_the_intersection_of_host_and_own() {
    let z = Zone::UTC;
    let mut host = AccessRule::new(Grant::new(NOV22, NOV22 + 30 * DAY).unwrap());
    host.push_schedule(schedule(&[window(DayMask::EVERY_DAY, hm(7, 0), hm(23, 0))]))
        .unwrap();
    let mut own = AccessRule::new(Grant::new(NOV22 + 2 * DAY, NOV22 + 40 * DAY).unwrap());
    own.push_schedule(schedule(&[window(DayMask::WEEKEND, 0, 1440)]))
        .unwrap();
    let guest = host.intersection(&own).unwrap();
    assert_eq!(
        *guest.grant(),
        Grant::new(NOV22 + 2 * DAY, NOV22 + 30 * DAY).unwrap()
    );
    assert_eq!(guest.schedules().len(), 2);
    // Saturday 2026-11-28 (NOV22 + 6 days) 07:00-23:00 only.
    let sat = NOV22 + 6 * DAY;
    assert_eq!(guest.next_change(Some(NOV22), &z), Some(sat + 7 * HOUR));
    assert_eq!(
        guest.next_change(Some(sat + 7 * HOUR), &z),
        Some(sat + 23 * HOUR)
    );
    // Past the host's lease, nothing: the grants meet in [day 2, day 30).
    assert!(!guest.allows(Some(NOV22 + 34 * DAY + 12 * HOUR), &z));
    // Disjoint grants give an empty grant.
    let late = AccessRule::new(Grant::new(NOV22 + 50 * DAY, NOV22 + 60 * DAY).unwrap());
    let none = host.intersection(&late).unwrap();
    assert!(!none.allows(Some(NOV22 + 55 * DAY), &z));
    // Too many schedules.
    let mut full = AccessRule::new(Grant::ALWAYS);
    for minute in 0..MAX_RULE_SCHEDULES as u16 {
        full.push_schedule(schedule(&[window(DayMask::EVERY_DAY, minute, 0)]))
            .unwrap();
    }
    assert_eq!(
        full.intersection(&host).map(|_| ()),
        Err(ScheduleError::TooManySchedules)
    );
}

#[test]
fn next_change_opens_monday_0900_from_friday_evening() {
    // Weekdays 09:00-17:00 at UTC+01:00. Friday 2026-11-27 19:00 local = 18:00Z =
    // NOV22 + 5 days + 18 h = 1,795,802,400. Monday 2026-11-30 09:00 local = 08:00Z =
    // NOV22 + 8 days + 8 h = 1,796,025,600.
    let s = schedule(&[window(DayMask::WEEKDAYS, hm(9, 0), hm(17, 0))]);
    let friday_evening = NOV22 + 5 * DAY + 18 * HOUR;
    let monday_0900 = NOV22 + 8 * DAY + 8 * HOUR;
    assert_eq!(
        s.next_change(friday_evening, &utc_plus_1()),
        Some(monday_0900)
    );
    assert_eq!(
        s.next_change(monday_0900, &utc_plus_1()),
        Some(monday_0900 + 8 * HOUR)
    );
}

#[test]
fn next_change_across_holiday() {
    // The same with Monday 2026-11-30 denied: Tuesday 2026-12-01 09:00 local = 08:00Z =
    // 1,796,112,000.
    let mut s = schedule(&[window(DayMask::WEEKDAYS, hm(9, 0), hm(17, 0))]);
    s.push_exception(Exception::deny(date("2026-11-30"), date("2026-11-30")).unwrap())
        .unwrap();
    let friday_evening = NOV22 + 5 * DAY + 18 * HOUR;
    assert_eq!(
        s.next_change(friday_evening, &utc_plus_1()),
        Some(NOV22 + 9 * DAY + 8 * HOUR)
    );
}

#[test]
fn next_change_across_dst_change() {
    let ny = new_york();
    let s = schedule(&[window(DayMask::WEEKDAYS, hm(9, 0), hm(17, 0))]);
    // Friday 2026-03-06 18:00 EST = 23:00Z (MAR8 - 2 days + 23 h = 1,772,838,000) to Monday
    // 2026-03-09 09:00 EDT = 13:00Z (MAR8 + 1 day + 13 h = 1,773,061,200).
    assert_eq!(
        s.next_change(MAR8 - 2 * DAY + 23 * HOUR, &ny),
        Some(MAR8 + DAY + 13 * HOUR)
    );
    // Friday 2026-10-30 18:00 EDT = 22:00Z to Monday 2026-11-02 09:00 EST = 14:00Z
    // (NOV1 + 1 day + 14 h = 1,793,628,000).
    assert_eq!(
        s.next_change(NOV1 - 2 * DAY + 22 * HOUR, &ny),
        Some(NOV1 + DAY + 14 * HOUR)
    );
    // The transition itself is not a change when nothing is open across it.
    assert_eq!(
        s.next_change(NY_FALL - HOUR, &ny),
        Some(NOV1 + DAY + 14 * HOUR)
    );
}

#[test]
fn next_change_horizon() {
    let z = Zone::UTC;
    // Always open, and never open: no change.
    let always = schedule(&[window(DayMask::EVERY_DAY, 0, 0)]);
    assert!(always.allows(NOV22, &z));
    assert_eq!(always.next_change(NOV22, &z), None);
    // A replace exception 399 days ahead is found; 401 days ahead is beyond the horizon.
    assert_eq!(NEXT_CHANGE_HORIZON_SECONDS, 400 * DAY);
    let near = LocalDate::from_days_since_epoch(20_779 + 399).unwrap();
    let far = LocalDate::from_days_since_epoch(20_779 + 401).unwrap();
    let mut s = Schedule::new();
    s.push_exception(Exception::replace(near, near, &[TimeRange::ALL_DAY]).unwrap())
        .unwrap();
    assert_eq!(s.next_change(NOV22, &z), Some(NOV22 + 399 * DAY));
    let mut s = Schedule::new();
    s.push_exception(Exception::replace(far, far, &[TimeRange::ALL_DAY]).unwrap())
        .unwrap();
    assert_eq!(s.next_change(NOV22, &z), None);
}

#[test]
fn limits() {
    let mut s = Schedule::new();
    for minute in 0..MAX_WINDOWS as u16 {
        s.push_window(window(DayMask::EVERY_DAY, minute, 0))
            .unwrap();
    }
    assert_eq!(
        s.push_window(window(DayMask::EVERY_DAY, 100, 0)),
        Err(ScheduleError::TooManyWindows)
    );
    for day in 0..MAX_EXCEPTIONS as i32 {
        let d = LocalDate::from_days_since_epoch(20_779 + 2 * day).unwrap();
        s.push_exception(Exception::deny(d, d).unwrap()).unwrap();
    }
    assert_eq!(
        s.push_exception(Exception::deny(date("2030-01-01"), date("2030-01-01")).unwrap()),
        Err(ScheduleError::TooManyExceptions)
    );
    let five = [TimeRange::ALL_DAY; 5];
    assert_eq!(
        Exception::replace(date("2030-01-01"), date("2030-01-01"), &five).map(|_| ()),
        Err(ScheduleError::TooManyReplacementRanges)
    );
}

#[test]
fn exceptions_are_kept_in_order() {
    let mut s = Schedule::new();
    let later = Exception::deny(date("2027-01-01"), date("2027-01-02")).unwrap();
    let earlier = Exception::deny(date("2026-12-25"), date("2026-12-25")).unwrap();
    let replace_same_day = Exception::replace(date("2026-12-25"), date("2026-12-31"), &[]).unwrap();
    s.push_exception(later).unwrap();
    s.push_exception(replace_same_day).unwrap();
    s.push_exception(earlier).unwrap();
    assert_eq!(s.exceptions(), &[earlier, replace_same_day, later]);
}

/// The zones the properties run in: fixed offsets and the hand-built DST zones.
fn zone_by_index(index: u8) -> Box<dyn ZoneRules> {
    match index % 5 {
        0 => Box::new(Zone::UTC),
        1 => Box::new(Zone::fixed(-9 * 3600 - 30 * 60).unwrap()),
        2 => Box::new(new_york()),
        3 => Box::new(havana()),
        _ => Box::new(santiago()),
    }
}

/// Instants around the zones' transitions (2024-03-10, 2025-04-06, 2026-03-08, 2026-11-01),
/// each with a few days either side.
fn instant_near_transition() -> impl Strategy<Value = i64> {
    (
        prop::sample::select(vec![1_710_046_800i64, 1_743_908_400, NY_SPRING, NY_FALL]),
        -4 * DAY..4 * DAY,
    )
        .prop_map(|(base, delta)| base + delta)
}

/// Day number of the date 3 days before `instant` (UTC), as the base for exception dates.
fn exception_base(instant: i64) -> i32 {
    (instant.div_euclid(DAY) - 3) as i32
}

/// The first multiple of 60 s after `t` at which the answer differs, scanning `days` days.
/// Every boundary (windows, offsets, transitions, grant edges below) is on a whole minute.
fn brute_force_next_change(allows: impl Fn(i64) -> bool, t: i64, days: i64) -> Option<i64> {
    let initial = allows(t);
    let mut u = t.div_euclid(MINUTE) * MINUTE + MINUTE;
    while u <= t + days * DAY {
        if allows(u) != initial {
            return Some(u);
        }
        u += MINUTE;
    }
    None
}

const SCAN_DAYS: i64 = 8;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn next_change_matches_a_minute_by_minute_scan(
        (t, s) in instant_near_transition().prop_flat_map(|t| {
            (Just(t), schedule_support::schedule_with(4, 3, exception_base(t), 8))
        }),
        zone_index in any::<u8>(),
    ) {
        let zone = zone_by_index(zone_index);
        let expected = brute_force_next_change(|u| s.allows(u, &*zone), t, SCAN_DAYS);
        let got = s.next_change(t, &*zone);
        match expected {
            Some(_) => prop_assert_eq!(got, expected),
            None => prop_assert!(got.is_none_or(|g| g > t + SCAN_DAYS * DAY), "{:?}", got),
        }
    }

    #[test]
    fn rule_next_change_matches_a_minute_by_minute_scan(
        (t, a, b) in instant_near_transition().prop_flat_map(|t| {
            (
                Just(t),
                schedule_support::schedule_with(3, 2, exception_base(t), 8),
                schedule_support::schedule_with(3, 2, exception_base(t), 8),
            )
        }),
        (start, end) in (-3 * DAY / MINUTE..9 * DAY / MINUTE, -3 * DAY / MINUTE..9 * DAY / MINUTE),
        zone_index in any::<u8>(),
    ) {
        let zone = zone_by_index(zone_index);
        let minute = t.div_euclid(MINUTE) * MINUTE; // grant edges on whole minutes
        let mut rule = AccessRule::new(
            Grant::new(minute + start.min(end) * MINUTE, minute + start.max(end) * MINUTE).unwrap(),
        );
        rule.push_schedule(a).unwrap();
        rule.push_schedule(b).unwrap();
        let expected = brute_force_next_change(|u| rule.allows(Some(u), &*zone), t, SCAN_DAYS);
        let got = rule.next_change(Some(t), &*zone);
        match expected {
            Some(_) => prop_assert_eq!(got, expected),
            None => prop_assert!(got.is_none_or(|g| g > t + SCAN_DAYS * DAY), "{:?}", got),
        }
    }

    #[test]
    fn intersection_allows_what_both_allow(
        a in schedule_support::schedule_with(4, 0, 0, 1),
        b in schedule_support::schedule_with(4, 0, 0, 1),
        instants in prop::collection::vec(instant_near_transition(), 32),
        zone_index in any::<u8>(),
    ) {
        let zone = zone_by_index(zone_index);
        if let Ok(both) = a.intersection(&b) {
            for t in instants {
                prop_assert_eq!(both.allows(t, &*zone), a.allows(t, &*zone) && b.allows(t, &*zone), "at {}", t);
            }
        }
    }

    #[test]
    fn union_allows_what_either_allows(
        (t0, a, exceptions) in instant_near_transition().prop_flat_map(|t| {
            (
                Just(t),
                schedule_support::schedule_with(4, 3, exception_base(t), 8),
                prop::collection::vec(schedule_support::window(), 0..4),
            )
        }),
        offsets in prop::collection::vec(-2 * DAY..6 * DAY, 32),
        zone_index in any::<u8>(),
    ) {
        // b: other windows, the same exceptions as a.
        let zone = zone_by_index(zone_index);
        let mut b = Schedule::from_windows(&exceptions).unwrap();
        for e in a.exceptions() {
            b.push_exception(*e).unwrap();
        }
        if let Ok(either) = a.union(&b) {
            for offset in offsets {
                let t = t0 + offset;
                prop_assert_eq!(either.allows(t, &*zone), a.allows(t, &*zone) || b.allows(t, &*zone), "at {}", t);
            }
        }
    }
}

#[test]
fn combination_limits() {
    let mut a = schedule(&[window(DayMask::WEEKDAYS, hm(8, 0), hm(18, 0))]);
    let b = schedule(&[window(DayMask::EVERY_DAY, hm(12, 0), hm(20, 0))]);
    // 08:00-18:00 weekdays with 12:00-20:00 daily: 12:00-18:00 weekdays, one window.
    assert_eq!(
        a.intersection(&b).unwrap().windows(),
        &[window(DayMask::WEEKDAYS, hm(12, 0), hm(18, 0))]
    );
    // Overnight meets morning across the week's end: Sunday 22:00-06:00 and Monday 05:00-07:00
    // give Monday 05:00-06:00.
    let night = schedule(&[window(
        DayMask::single(Weekday::Sunday),
        hm(22, 0),
        hm(6, 0),
    )]);
    let morning = schedule(&[window(DayMask::single(Weekday::Monday), hm(5, 0), hm(7, 0))]);
    assert_eq!(
        night.intersection(&morning).unwrap().windows(),
        &[window(DayMask::single(Weekday::Monday), hm(5, 0), hm(6, 0))]
    );
    assert_eq!(
        a.union(&b).unwrap().windows(),
        &[
            window(DayMask::WEEKDAYS, hm(8, 0), hm(18, 0)),
            window(DayMask::EVERY_DAY, hm(12, 0), hm(20, 0))
        ]
    );
    a.push_exception(Exception::deny(date("2026-12-25"), date("2026-12-25")).unwrap())
        .unwrap();
    assert_eq!(a.intersection(&b), Err(ScheduleError::HasExceptions));
    assert_eq!(a.union(&b), Err(ScheduleError::ExceptionsDiffer));
    // 16 windows in each, pairwise disjoint days: too many to pool.
    let many: Vec<Window> = (0..MAX_WINDOWS as u16)
        .map(|i| window(DayMask::EVERY_DAY, i * 60, i * 60 + 30))
        .collect();
    let other: Vec<Window> = (0..MAX_WINDOWS as u16)
        .map(|i| window(DayMask::EVERY_DAY, i * 60 + 30, i * 60 + 60))
        .collect();
    assert_eq!(
        schedule(&many).union(&schedule(&other)).map(|_| ()),
        Err(ScheduleError::TooManyWindows)
    );
}

#[test]
fn fixed_zone_local_to_instant() {
    use doorcode::zone::{Disambiguation, LocalTimeError};
    // 2026-11-22T09:30 at UTC+01:00 = 08:30Z = NOV22 + 8.5 h; no gaps, folds or transitions.
    let zone = utc_plus_1();
    let local = LocalDateTime {
        date: date("2026-11-22"),
        second_of_day: 9 * 3600 + 30 * 60,
    };
    for choice in [
        Disambiguation::Compatible,
        Disambiguation::Earlier,
        Disambiguation::Later,
        Disambiguation::Reject,
    ] {
        assert_eq!(
            zone.to_instant(local, choice),
            Ok(NOV22 + 8 * HOUR + 30 * MINUTE)
        );
    }
    assert_eq!(Disambiguation::default(), Disambiguation::Compatible);
    let bad = LocalDateTime {
        date: date("2026-11-22"),
        second_of_day: 86_400,
    };
    assert_eq!(
        zone.to_instant(bad, Disambiguation::Compatible),
        Err(LocalTimeError::OutOfRange)
    );
    assert_eq!(zone.next_transition(NOV22), Ok(None));
    assert_eq!(LocalDate::MIN, date("1900-01-01"));
    assert_eq!(LocalDate::MAX, date("9999-12-31"));
}

/// The POSIX-rule New York and the hand-built list of its 2026 transitions agree on every
/// query of a schedule with windows in and around both gaps.
#[test]
fn posix_zone_and_hand_built_transitions_agree() {
    let s = schedule(&[
        window(DayMask::WEEKDAYS, hm(8, 0), hm(18, 0)),
        window(DayMask::single(Weekday::Sunday), hm(1, 30), hm(2, 30)),
        window(DayMask::single(Weekday::Saturday), hm(23, 0), hm(3, 0)),
    ]);
    let (posix, by_hand) = (new_york(), new_york_by_hand());
    // From 2026-03-01 to 2026-11-15 in steps of 17 minutes: about 22,000 instants.
    let mut t = MAR8 - 7 * DAY;
    while t < NOV1 + 14 * DAY {
        assert_eq!(s.allows(t, &posix), s.allows(t, &by_hand), "allows at {t}");
        assert_eq!(
            s.next_change(t, &posix),
            s.next_change(t, &by_hand),
            "next_change at {t}"
        );
        t += 17 * MINUTE;
    }
}
