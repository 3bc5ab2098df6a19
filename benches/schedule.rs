//! Schedule benchmarks: evaluation on the lock path and next_change for apps.
//!
//! Run: `cargo bench --bench schedule -- --warm-up-time 1 --measurement-time 3`.
//!
//! The schedule under test has 8 windows (weekday shifts, a weekend window, two overnight
//! windows) and 4 exceptions (3 deny, 1 replace), at a door at UTC+01:00. Groups:
//! - `schedule/allows/{open,closed,holiday}`: [`Schedule::allows`] at a weekday 10:00 (open), a
//!   weekday 03:00 (closed after scanning every window), and a deny date.
//! - `schedule/next_change/{friday_evening,in_window}`: the weekday-only office schedule from
//!   Friday 19:00 to Monday 09:00 (the "opens at 09:00" case), and the 8-window schedule from
//!   inside a window.
//! - `schedule/next_change/no_change_400_days`: the worst case, a schedule open around the
//!   clock, where the whole 400-day horizon is walked.
//! - `rule/check/3_schedules`: [`AccessRule::check`] with a grant and three 8-window schedules.
//! - `schedule/decode/8w4e`: [`Schedule::decode`] of the 74-byte encoding.

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use doorcode::civil::LocalDate;
use doorcode::schedule::{AccessRule, DayMask, Exception, Grant, Schedule, TimeRange, Window};
use doorcode::zone::Zone;

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;
/// 2026-11-22T00:00:00Z, a Sunday.
const NOV22: i64 = 1_795_305_600;
/// Monday 2026-11-23 00:00 at UTC+01:00.
const MONDAY: i64 = NOV22 + DAY - HOUR;

fn range(start: u16, end: u16) -> TimeRange {
    TimeRange::new(start, end).unwrap()
}

fn date(text: &str) -> LocalDate {
    text.parse().unwrap()
}

fn eight_windows_four_exceptions() -> Schedule {
    let weekdays = DayMask::WEEKDAYS;
    let mut s = Schedule::from_windows(&[
        Window::new(weekdays, range(360, 480)),
        Window::new(weekdays, range(540, 720)),
        Window::new(weekdays, range(780, 1020)),
        Window::new(weekdays, range(1080, 1200)),
        Window::new(DayMask::WEEKEND, range(600, 960)),
        Window::new(DayMask::new(0b001_0101).unwrap(), range(1320, 120)),
        Window::new(DayMask::new(0b100_0000).unwrap(), range(1380, 60)),
        Window::new(DayMask::new(0b000_1000).unwrap(), range(1260, 1440)),
    ])
    .unwrap();
    for day in ["2026-12-25", "2027-01-01", "2027-05-01"] {
        s.push_exception(Exception::deny(date(day), date(day)).unwrap())
            .unwrap();
    }
    s.push_exception(
        Exception::replace(date("2026-12-24"), date("2026-12-31"), &[range(600, 840)]).unwrap(),
    )
    .unwrap();
    s
}

fn bench(c: &mut Criterion) {
    let zone = Zone::fixed(3600).unwrap();
    let big = eight_windows_four_exceptions();
    assert_eq!(big.encoded_len(), 74);

    let open = MONDAY + 10 * HOUR;
    let closed = MONDAY + 3 * HOUR;
    let holiday = NOV22 + 33 * DAY + 12 * HOUR; // 2026-12-25
    assert!(big.allows(open, &zone) && !big.allows(closed, &zone) && !big.allows(holiday, &zone));
    c.bench_function("schedule/allows/open", |b| {
        b.iter(|| black_box(&big).allows(black_box(open), &zone))
    });
    c.bench_function("schedule/allows/closed", |b| {
        b.iter(|| black_box(&big).allows(black_box(closed), &zone))
    });
    c.bench_function("schedule/allows/holiday", |b| {
        b.iter(|| black_box(&big).allows(black_box(holiday), &zone))
    });

    let office =
        Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, range(540, 1020))]).unwrap();
    let friday_evening = MONDAY + 4 * DAY + 19 * HOUR;
    assert_eq!(
        office.next_change(friday_evening, &zone),
        Some(MONDAY + 7 * DAY + 9 * HOUR)
    );
    c.bench_function("schedule/next_change/friday_evening", |b| {
        b.iter(|| black_box(&office).next_change(black_box(friday_evening), &zone))
    });
    c.bench_function("schedule/next_change/in_window", |b| {
        b.iter(|| black_box(&big).next_change(black_box(open), &zone))
    });
    let always = Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, range(0, 0))]).unwrap();
    assert_eq!(always.next_change(open, &zone), None);
    c.bench_function("schedule/next_change/no_change_400_days", |b| {
        b.iter(|| black_box(&always).next_change(black_box(open), &zone))
    });

    let mut rule = AccessRule::new(Grant::new(NOV22, NOV22 + 365 * DAY).unwrap());
    for _ in 0..3 {
        rule.push_schedule(big.clone()).unwrap();
    }
    assert!(rule.allows(Some(open), &zone));
    c.bench_function("rule/check/3_schedules", |b| {
        b.iter(|| black_box(&rule).check(black_box(Some(open)), &zone))
    });

    let mut bytes = [0u8; 74];
    big.encode(&mut bytes).unwrap();
    c.bench_function("schedule/decode/8w4e", |b| {
        b.iter(|| Schedule::decode(black_box(&bytes)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
