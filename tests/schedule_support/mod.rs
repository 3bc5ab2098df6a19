//! Proptest strategies for schedules and access rules, shared by the schedule test files.
#![allow(dead_code, clippy::unwrap_used, clippy::arithmetic_side_effects)]

use doorcode::civil::LocalDate;
use doorcode::schedule::{
    AccessRule, DayMask, Exception, Grant, MAX_EXCEPTIONS, MAX_REPLACEMENT_RANGES,
    MAX_RULE_SCHEDULES, MAX_WINDOWS, Schedule, TimeRange, Window,
};
use proptest::prelude::*;

/// Minutes, biased towards the New York gap and fold edges and midnight.
pub fn minute() -> impl Strategy<Value = u16> {
    prop_oneof![
        Just(0u16),
        Just(60),
        Just(90),
        Just(120),
        Just(150),
        Just(180),
        Just(1380),
        0u16..1440,
    ]
}

pub fn range() -> impl Strategy<Value = TimeRange> {
    (minute(), prop_oneof![Just(1440u16), minute()])
        .prop_map(|(start, end)| TimeRange::new(start, end).unwrap())
}

pub fn window() -> impl Strategy<Value = Window> {
    (1u8..=0x7f, range()).prop_map(|(mask, range)| Window::new(DayMask::new(mask).unwrap(), range))
}

/// An exception whose dates lie within `span` days after day number `base`.
pub fn exception(base: i32, span: i32) -> impl Strategy<Value = Exception> {
    (
        0..span,
        0..4i32,
        any::<bool>(),
        prop::collection::vec(range(), 0..=MAX_REPLACEMENT_RANGES),
    )
        .prop_map(move |(offset, length, deny, ranges)| {
            let first = LocalDate::from_days_since_epoch(base + offset).unwrap();
            let last = LocalDate::from_days_since_epoch(base + offset + length).unwrap();
            if deny {
                Exception::deny(first, last).unwrap()
            } else {
                Exception::replace(first, last, &ranges).unwrap()
            }
        })
}

/// A schedule; exceptions that overlap one of the same kind are dropped.
pub fn schedule_with(
    max_windows: usize,
    max_exceptions: usize,
    base: i32,
    span: i32,
) -> impl Strategy<Value = Schedule> {
    (
        prop::collection::vec(window(), 0..=max_windows),
        prop::collection::vec(exception(base, span), 0..=max_exceptions),
    )
        .prop_map(|(windows, exceptions)| {
            let mut schedule = Schedule::from_windows(&windows).unwrap();
            for exception in exceptions {
                let _ = schedule.push_exception(exception);
            }
            schedule
        })
}

/// Any schedule up to the limits, exceptions anywhere in 1900..=9999.
pub fn any_schedule() -> impl Strategy<Value = Schedule> {
    (0i32..2_932_896 - 25_567 - 400)
        .prop_flat_map(|base| schedule_with(MAX_WINDOWS, MAX_EXCEPTIONS, base - 25_567, 400))
}

pub fn grant() -> impl Strategy<Value = Grant> {
    let bound = prop_oneof![Just(None), any::<i64>().prop_map(Some)];
    (bound.clone(), bound).prop_map(|(a, b)| {
        let a = a.unwrap_or(i64::MIN);
        let b = b.unwrap_or(i64::MAX);
        Grant::new(a.min(b), a.max(b)).unwrap()
    })
}

pub fn any_rule() -> impl Strategy<Value = AccessRule> {
    (
        grant(),
        prop::collection::vec(any_schedule(), 0..=MAX_RULE_SCHEDULES),
    )
        .prop_map(|(grant, schedules)| {
            let mut rule = AccessRule::new(grant);
            for schedule in schedules {
                rule.push_schedule(schedule).unwrap();
            }
            rule
        })
}
