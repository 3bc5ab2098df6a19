//! The binary encoding of schedules and access rules: the worked example of SPEC.md, sizes,
//! every refusal, and round trips.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap
)]

mod schedule_support;

use doorcode::civil::{DateError, LocalDate};
use doorcode::schedule::{
    AccessRule, DayMask, DecodeError, EncodeError, Exception, Grant, MAX_EXCEPTIONS,
    MAX_REPLACEMENT_RANGES, MAX_RULE_ENCODED_LEN, MAX_RULE_SCHEDULES, MAX_SCHEDULE_ENCODED_LEN,
    MAX_WINDOWS, Schedule, ScheduleError, TimeRange, Window,
};
use proptest::prelude::*;

fn date(text: &str) -> LocalDate {
    text.parse().unwrap()
}

fn hex(text: &str) -> Vec<u8> {
    let text: String = text.split_whitespace().collect();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn encode(schedule: &Schedule) -> Vec<u8> {
    let mut out = [0u8; MAX_SCHEDULE_ENCODED_LEN];
    let len = schedule.encode(&mut out).unwrap();
    assert_eq!(len, schedule.encoded_len());
    out[..len].to_vec()
}

fn encode_rule(rule: &AccessRule) -> Vec<u8> {
    let mut out = [0u8; MAX_RULE_ENCODED_LEN];
    let len = rule.encode(&mut out).unwrap();
    assert_eq!(len, rule.encoded_len());
    out[..len].to_vec()
}

/// SPEC.md worked example: a gym open weekdays 06:00-22:00 and weekends 08:00-20:00,
/// 08:00-12:00 on 2026-12-24, closed 2026-12-25..=26.
fn gym() -> Schedule {
    let mut s = Schedule::from_windows(&[
        Window::new(DayMask::WEEKDAYS, TimeRange::new(360, 1320).unwrap()),
        Window::new(DayMask::WEEKEND, TimeRange::new(480, 1200).unwrap()),
    ])
    .unwrap();
    s.push_exception(Exception::deny(date("2026-12-25"), date("2026-12-26")).unwrap())
        .unwrap();
    s.push_exception(
        Exception::replace(
            date("2026-12-24"),
            date("2026-12-24"),
            &[TimeRange::new(480, 720).unwrap()],
        )
        .unwrap(),
    )
    .unwrap();
    s
}

/// Range bytes: u24be(start << 11 | end).
/// 06:00-22:00: 360 << 11 = 737,280 = 0x0b4000, | 1320 (0x528) = 0x0b4528.
/// 08:00-20:00: 480 << 11 = 983,040 = 0x0f0000, | 1200 (0x4b0) = 0x0f04b0.
/// 08:00-12:00: 0x0f0000 | 720 (0x2d0) = 0x0f02d0.
/// Dates: 2026 = 0x07ea; 12-24 = 0c18, 12-25 = 0c19, 12-26 = 0c1a.
const GYM_HEX: &str =
    "01 02 1f 0b4528 60 0f04b0 02 07ea0c18 07ea0c18 11 0f02d0 07ea0c19 07ea0c1a 00";

#[test]
fn worked_example() {
    let bytes = encode(&gym());
    assert_eq!(bytes, hex(GYM_HEX));
    assert_eq!(bytes.len(), 32);
    assert_eq!(Schedule::decode(&bytes), Ok(gym()));
}

#[test]
fn access_rule_worked_example() {
    // Lease 2026-11-22T00:00Z (1,795,305,600 = 0x6b02_3080) to 2027-11-22T00:00Z
    // (+365 days = 1,826,841,600 = 0x6ce3_6400), with the gym schedule.
    let mut rule = AccessRule::new(Grant::new(1_795_305_600, 1_826_841_600).unwrap());
    rule.push_schedule(gym()).unwrap();
    let gym_body = &hex(GYM_HEX)[1..];
    let mut expected = hex("01 03 000000006b023080 000000006ce36400 01");
    expected.extend_from_slice(gym_body);
    assert_eq!(encode_rule(&rule), expected);
    assert_eq!(AccessRule::decode(&expected), Ok(rule));
    // No bounds and no schedule: "unrestricted" is three bytes.
    assert_eq!(encode_rule(&AccessRule::new(Grant::ALWAYS)), [1, 0, 0]);
    // Only not_after.
    let until = AccessRule::new(Grant::new(i64::MIN, 1_826_841_600).unwrap());
    assert_eq!(encode_rule(&until), hex("01 02 000000006ce36400 00"));
}

#[test]
fn encoding_sizes() {
    // 8 windows, 4 exceptions (3 deny, 1 replace with 1 range):
    // 1 + 1 + 8 x 4 + 1 + 3 x 9 + (9 + 3) = 74 bytes.
    let mut s = Schedule::new();
    for i in 0..8u16 {
        s.push_window(Window::new(
            DayMask::WEEKDAYS,
            TimeRange::new(i * 60, i * 60 + 30).unwrap(),
        ))
        .unwrap();
    }
    for day in ["2026-12-24", "2026-12-25", "2026-12-31"] {
        s.push_exception(Exception::deny(date(day), date(day)).unwrap())
            .unwrap();
    }
    s.push_exception(
        Exception::replace(
            date("2026-12-26"),
            date("2026-12-30"),
            &[TimeRange::new(600, 840).unwrap()],
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(encode(&s).len(), 74);
    // The largest: 16 windows, 16 replace exceptions of 4 ranges:
    // 1 + 1 + 16 x 4 + 1 + 16 x (9 + 4 x 3) = 403; a rule with 4 of them and both bounds:
    // 1 + 1 + 16 + 1 + 4 x 402 = 1,627.
    let mut max = Schedule::new();
    for i in 0..MAX_WINDOWS as u16 {
        max.push_window(Window::new(
            DayMask::EVERY_DAY,
            TimeRange::new(i, 0).unwrap(),
        ))
        .unwrap();
    }
    for i in 0..MAX_EXCEPTIONS as i32 {
        let d = LocalDate::from_days_since_epoch(20_000 + i).unwrap();
        max.push_exception(
            Exception::replace(d, d, &[TimeRange::ALL_DAY; MAX_REPLACEMENT_RANGES]).unwrap(),
        )
        .unwrap();
    }
    assert_eq!(encode(&max).len(), 403);
    assert_eq!(MAX_SCHEDULE_ENCODED_LEN, 403);
    let mut rule = AccessRule::new(Grant::new(0, 1).unwrap());
    for _ in 0..MAX_RULE_SCHEDULES {
        rule.push_schedule(max.clone()).unwrap();
    }
    assert_eq!(encode_rule(&rule).len(), 1627);
    assert_eq!(MAX_RULE_ENCODED_LEN, 1627);
    // Too small a buffer.
    let mut short = [0u8; 31];
    assert_eq!(
        gym().encode(&mut short),
        Err(EncodeError::BufferTooSmall { needed: 32 })
    );
}

#[test]
fn decode_refusals() {
    let gym = hex(GYM_HEX);
    // Every strict prefix is truncated.
    for len in 0..gym.len() {
        assert_eq!(
            Schedule::decode(&gym[..len]),
            Err(DecodeError::Truncated),
            "prefix {len}"
        );
    }
    let with = |index: usize, byte: u8| {
        let mut bytes = gym.clone();
        bytes[index] = byte;
        Schedule::decode(&bytes)
    };
    // Version.
    assert_eq!(with(0, 0x02), Err(DecodeError::UnsupportedVersion(2)));
    assert_eq!(with(0, 0x00), Err(DecodeError::UnsupportedVersion(0)));
    // Trailing bytes.
    let mut long = gym.clone();
    long.push(0);
    assert_eq!(Schedule::decode(&long), Err(DecodeError::TrailingBytes));
    // Day masks (byte 2 is the first window's mask).
    assert_eq!(
        with(2, 0x00),
        Err(DecodeError::Invalid(ScheduleError::EmptyDayMask))
    );
    assert_eq!(
        with(2, 0x9f),
        Err(DecodeError::Invalid(ScheduleError::InvalidDayMask))
    );
    // Minutes (bytes 3..6 are the first range): end 1441 = 0x5a1, start 1440 = 0x5a0 << 11,
    // and a reserved top bit.
    let range = |a: u8, b: u8, c: u8| {
        let mut bytes = gym.clone();
        bytes[3..6].copy_from_slice(&[a, b, c]);
        Schedule::decode(&bytes)
    };
    assert_eq!(
        range(0x0b, 0x45, 0xa1),
        Err(DecodeError::Invalid(ScheduleError::EndOutOfRange))
    );
    assert_eq!(
        range(0x0b, 0x47, 0xff),
        Err(DecodeError::Invalid(ScheduleError::EndOutOfRange))
    );
    // 1440 << 11 = 2,949,120 = 0x2d0000.
    assert_eq!(
        range(0x2d, 0x00, 0x00),
        Err(DecodeError::Invalid(ScheduleError::StartOutOfRange))
    );
    assert_eq!(
        range(0x8b, 0x45, 0x28),
        Err(DecodeError::Invalid(ScheduleError::StartOutOfRange))
    );
    assert!(range(0x2c, 0xfd, 0xa0).is_ok(), "23:59-24:00 is fine");
    // Counts: byte 1 windows, byte 10 exceptions.
    assert_eq!(
        with(1, 17),
        Err(DecodeError::Invalid(ScheduleError::TooManyWindows))
    );
    assert_eq!(
        with(10, 17),
        Err(DecodeError::Invalid(ScheduleError::TooManyExceptions))
    );
    // First exception: dates at 11..15 and 15..19, kind at 19.
    assert_eq!(
        with(13, 13),
        Err(DecodeError::InvalidDate(DateError::InvalidMonth))
    );
    assert_eq!(
        with(14, 32),
        Err(DecodeError::InvalidDate(DateError::InvalidDay))
    );
    let mut feb30 = gym.clone();
    feb30[13..15].copy_from_slice(&[2, 30]);
    assert_eq!(
        Schedule::decode(&feb30),
        Err(DecodeError::InvalidDate(DateError::InvalidDay))
    );
    let mut y1899 = gym.clone();
    y1899[11..13].copy_from_slice(&1899u16.to_be_bytes());
    assert_eq!(
        Schedule::decode(&y1899),
        Err(DecodeError::InvalidDate(DateError::YearOutOfRange))
    );
    assert_eq!(
        with(18, 0x17),
        Err(DecodeError::Invalid(ScheduleError::ReversedDateRange))
    );
    assert_eq!(with(19, 0x01), Err(DecodeError::UnknownExceptionKind(0x01)));
    assert_eq!(with(19, 0x21), Err(DecodeError::UnknownExceptionKind(0x21)));
    assert_eq!(
        with(19, 0x15),
        Err(DecodeError::Invalid(
            ScheduleError::TooManyReplacementRanges
        ))
    );
}

#[test]
fn decode_refuses_unsorted_and_overlapping_exceptions() {
    let deny = |first: &str, last: &str| {
        let (f, l) = (date(first).to_bytes(), date(last).to_bytes());
        [f.as_slice(), l.as_slice(), &[0x00]].concat()
    };
    let replace = |first: &str, last: &str| {
        let (f, l) = (date(first).to_bytes(), date(last).to_bytes());
        [f.as_slice(), l.as_slice(), &[0x10]].concat()
    };
    let schedule = |exceptions: &[Vec<u8>]| {
        let mut bytes = vec![0x01, 0x00, exceptions.len() as u8];
        for e in exceptions {
            bytes.extend_from_slice(e);
        }
        Schedule::decode(&bytes)
    };
    assert!(
        schedule(&[
            deny("2026-12-24", "2026-12-24"),
            deny("2026-12-25", "2026-12-25")
        ])
        .is_ok()
    );
    assert_eq!(
        schedule(&[
            deny("2026-12-25", "2026-12-25"),
            deny("2026-12-24", "2026-12-24")
        ]),
        Err(DecodeError::UnsortedExceptions)
    );
    assert_eq!(
        schedule(&[
            deny("2026-12-24", "2026-12-25"),
            deny("2026-12-25", "2026-12-26")
        ]),
        Err(DecodeError::Invalid(ScheduleError::OverlappingExceptions))
    );
    // A deny and a replace may overlap; on the same first date, deny comes first.
    assert!(
        schedule(&[
            deny("2026-12-24", "2026-12-25"),
            replace("2026-12-24", "2026-12-31")
        ])
        .is_ok()
    );
    assert_eq!(
        schedule(&[
            replace("2026-12-24", "2026-12-31"),
            deny("2026-12-24", "2026-12-25")
        ]),
        Err(DecodeError::UnsortedExceptions)
    );
    assert_eq!(
        schedule(&[
            deny("2026-12-24", "2026-12-24"),
            deny("2026-12-24", "2026-12-24")
        ]),
        Err(DecodeError::UnsortedExceptions)
    );
    assert_eq!(
        schedule(&[
            replace("2026-12-20", "2026-12-31"),
            deny("2026-12-24", "2026-12-24"),
            replace("2026-12-30", "2027-01-02"),
        ]),
        Err(DecodeError::Invalid(ScheduleError::OverlappingExceptions))
    );
}

#[test]
fn rule_decode_refusals() {
    assert_eq!(AccessRule::decode(&[]), Err(DecodeError::Truncated));
    assert_eq!(
        AccessRule::decode(&[0x02, 0, 0]),
        Err(DecodeError::UnsupportedVersion(2))
    );
    assert_eq!(
        AccessRule::decode(&[0x01, 0x04, 0]),
        Err(DecodeError::UnknownGrantFlags(4))
    );
    assert_eq!(
        AccessRule::decode(&[0x01, 0, 0, 0]),
        Err(DecodeError::TrailingBytes)
    );
    assert_eq!(
        AccessRule::decode(&[0x01, 0x01, 0, 0]),
        Err(DecodeError::Truncated)
    );
    let mut min = vec![0x01, 0x01];
    min.extend_from_slice(&i64::MIN.to_be_bytes());
    min.push(0);
    assert_eq!(
        AccessRule::decode(&min),
        Err(DecodeError::NonCanonicalGrant)
    );
    let mut max = vec![0x01, 0x02];
    max.extend_from_slice(&i64::MAX.to_be_bytes());
    max.push(0);
    assert_eq!(
        AccessRule::decode(&max),
        Err(DecodeError::NonCanonicalGrant)
    );
    let mut reversed = vec![0x01, 0x03];
    reversed.extend_from_slice(&10i64.to_be_bytes());
    reversed.extend_from_slice(&9i64.to_be_bytes());
    reversed.push(0);
    assert_eq!(
        AccessRule::decode(&reversed),
        Err(DecodeError::Invalid(ScheduleError::ReversedGrant))
    );
    assert_eq!(
        AccessRule::decode(&[0x01, 0x00, 5]),
        Err(DecodeError::Invalid(ScheduleError::TooManySchedules))
    );
    // Four empty schedules (each body "00 00") are fine; a fifth count is refused above.
    assert!(AccessRule::decode(&[0x01, 0x00, 4, 0, 0, 0, 0, 0, 0, 0, 0]).is_ok());
    assert_eq!(
        AccessRule::decode(&[0x01, 0x00, 4, 0, 0, 0, 0, 0, 0, 0]),
        Err(DecodeError::Truncated)
    );
}

proptest! {
    #[test]
    fn schedule_round_trip(schedule in schedule_support::any_schedule()) {
        let bytes = encode(&schedule);
        prop_assert_eq!(Schedule::decode(&bytes), Ok(schedule));
    }

    #[test]
    fn rule_round_trip(rule in schedule_support::any_rule()) {
        let bytes = encode_rule(&rule);
        prop_assert_eq!(AccessRule::decode(&bytes), Ok(rule));
    }

    /// Whatever decodes re-encodes to the same bytes (encodings are canonical). Mutations of
    /// valid encodings reach far more accepting paths than random bytes.
    #[test]
    fn decoded_bytes_reencode_identically(
        schedule in schedule_support::any_schedule(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut bytes = encode(&schedule);
        for (index, byte) in flips {
            let i = index.index(bytes.len());
            bytes[i] = byte;
        }
        if let Ok(decoded) = Schedule::decode(&bytes) {
            prop_assert_eq!(encode(&decoded), bytes);
        }
    }
}
