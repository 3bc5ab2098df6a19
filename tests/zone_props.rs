//! Property tests for zones: the binary form round-trips, the POSIX form round-trips, local time
//! and instants convert back and forth, day bounds hold their instants, and random POSIX rules
//! agree with jiff.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use std::sync::OnceLock;

use doorcode::zone::{
    DstRule, IANA_CAPACITY, LocalResolution, MAX_INSTANT, MAX_OFFSET_SECONDS,
    MAX_RULE_TIME_SECONDS, MIN_INSTANT, PosixRule, RuleDate, Transition, Zone, ZoneDecodeError,
    ZoneName, ZoneOffset, max_encoded_len,
};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use proptest::prelude::*;

const CAPACITY: usize = 8;

fn name() -> impl Strategy<Value = ZoneName> {
    "[A-Za-z]{3,6}|[A-Za-z0-9+-]{3,16}".prop_map(|s| ZoneName::new(&s).unwrap())
}

fn rule_date() -> impl Strategy<Value = RuleDate> {
    prop_oneof![
        (1u16..=365).prop_map(RuleDate::NoLeapDay),
        (0u16..=365).prop_map(RuleDate::ZeroBasedDay),
        (1u8..=12, 1u8..=5, 0u8..=6).prop_map(|(month, week, weekday)| RuleDate::MonthWeekday {
            month,
            week,
            weekday
        }),
    ]
}

fn offset() -> impl Strategy<Value = i32> {
    prop_oneof![
        (-14i32..=14).prop_map(|h| h * 3600),
        (-56i32..=56).prop_map(|q| q * 900),
        -MAX_OFFSET_SECONDS..=MAX_OFFSET_SECONDS,
    ]
}

fn rule_time() -> impl Strategy<Value = i32> {
    prop_oneof![
        (0i32..=24).prop_map(|h| h * 3600),
        -MAX_RULE_TIME_SECONDS..=MAX_RULE_TIME_SECONDS,
    ]
}

/// Any valid rule, including the odd ones (DST lasting most of the year, transitions crossing
/// the year boundary, DST equal to standard time).
fn any_rule() -> impl Strategy<Value = PosixRule> {
    (
        name(),
        offset(),
        proptest::option::of((
            name(),
            offset(),
            rule_date(),
            rule_time(),
            rule_date(),
            rule_time(),
        )),
    )
        .prop_map(|(std_name, std_offset, dst)| {
            let dst = dst.map(|(name, offset, start, start_time, end, end_time)| {
                DstRule::new(name, offset, (start, start_time), (end, end_time)).unwrap()
            });
            PosixRule::new(std_name, std_offset, dst).unwrap()
        })
}

/// Realistic rules: transitions well inside the year and months apart (what tzdb and the
/// firmware world use), where every implementation agrees on the meaning.
fn realistic_rule() -> impl Strategy<Value = PosixRule> {
    let month_date =
        (2u8..=11, 1u8..=5, 0u8..=6).prop_map(|(month, week, weekday)| RuleDate::MonthWeekday {
            month,
            week,
            weekday,
        });
    let date = prop_oneof![
        month_date,
        (32u16..=334).prop_map(RuleDate::NoLeapDay),
        (32u16..=334).prop_map(RuleDate::ZeroBasedDay),
    ];
    let time = (-48i32..=48, 0i32..4).prop_map(|(h, q)| h * 3600 + q * 900);
    (
        (-12i32..=14).prop_map(|h| h * 3600),
        prop_oneof![Just(3600), Just(1800), Just(-3600), Just(7200)],
        date.clone(),
        time.clone(),
        date,
        time,
    )
        .prop_filter(
            "start and end at least two months apart",
            |(_, _, start, _, end, _)| {
                let day = |d: &RuleDate| match *d {
                    RuleDate::NoLeapDay(n) | RuleDate::ZeroBasedDay(n) => i32::from(n),
                    RuleDate::MonthWeekday { month, .. } => i32::from(month) * 30 - 15,
                };
                let gap = (day(start) - day(end)).rem_euclid(365);
                (60..=305).contains(&gap)
            },
        )
        .prop_map(|(std, shift, start, start_time, end, end_time)| {
            let dst = DstRule::new(
                ZoneName::new("DST").unwrap(),
                std + shift,
                (start, start_time),
                (end, end_time),
            )
            .unwrap();
            PosixRule::new(ZoneName::new("STD").unwrap(), std, Some(dst)).unwrap()
        })
}

/// A zone with up to CAPACITY transitions before `rule`; the last one matches the rule.
fn any_zone() -> impl Strategy<Value = Zone<CAPACITY>> {
    (
        any_rule(),
        offset(),
        any::<bool>(),
        proptest::collection::vec((1i64..400 * 86_400, offset(), any::<bool>()), 0..=CAPACITY),
        -2_000_000_000i64..4_000_000_000,
    )
        .prop_map(|(rule, initial, initial_dst, steps, first)| {
            let mut at = first;
            let mut transitions: Vec<Transition> = steps
                .into_iter()
                .map(|(step, offset, is_dst)| {
                    at += step;
                    Transition { at, offset, is_dst }
                })
                .collect();
            if let Some(last) = transitions.last_mut() {
                let info = rule.offset_info_at(last.at);
                last.offset = info.seconds;
                last.is_dst = info.is_dst;
            }
            let initial = ZoneOffset {
                seconds: initial,
                is_dst: initial_dst,
            };
            Zone::with_transitions(initial, &transitions, rule).unwrap()
        })
}

fn iana_zones() -> &'static [(String, Zone<IANA_CAPACITY>)] {
    static ZONES: OnceLock<Vec<(String, Zone<IANA_CAPACITY>)>> = OnceLock::new();
    ZONES.get_or_init(|| {
        [
            "America/New_York",
            "Europe/Dublin",
            "Australia/Lord_Howe",
            "Pacific/Apia",
            "America/Santiago",
            "America/St_Johns",
            "Asia/Gaza",
            "Africa/Casablanca",
            "Antarctica/Troll",
        ]
        .iter()
        .map(|name| {
            (
                name.to_string(),
                Zone::from_iana(name, MIN_INSTANT, MAX_INSTANT).unwrap(),
            )
        })
        .collect()
    })
}

/// Local time -> instant -> local time, and day bounds, for one instant of one zone.
fn check_round_trip<const N: usize>(zone: &Zone<N>, t: i64) -> Result<(), TestCaseError> {
    let Ok(local) = zone.local_datetime(t) else {
        return Ok(());
    };
    match zone.resolve(local).unwrap() {
        LocalResolution::Unique(instant) => prop_assert_eq!(instant, t),
        LocalResolution::Fold { earlier, later } => {
            prop_assert!(earlier <= t && t <= later && earlier < later);
            prop_assert_eq!(zone.local_datetime(earlier).unwrap(), local);
            prop_assert_eq!(zone.local_datetime(later).unwrap(), local);
        }
        LocalResolution::Gap { .. } => prop_assert!(false, "an occurring time resolved to a gap"),
    }
    for how in [
        doorcode::zone::Disambiguation::Compatible,
        doorcode::zone::Disambiguation::Earlier,
        doorcode::zone::Disambiguation::Later,
    ] {
        let back = zone.to_instant(local, how).unwrap();
        prop_assert_eq!(zone.local_datetime(back).unwrap(), local);
    }
    let (start, end) = zone.day_bounds(local.date).unwrap();
    prop_assert!(start <= t && t < end, "{} not in [{}, {})", t, start, end);
    prop_assert_eq!(zone.local_date(start).unwrap(), local.date);
    prop_assert_eq!(zone.local_date(end - 1).unwrap(), local.date);
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

proptest! {
    // 512 cases by default; PROPTEST_CASES overrides (the long runs before a release).
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn decode_inverts_encode(zone in any_zone()) {
        let mut buffer = [0u8; max_encoded_len(CAPACITY) + 1];
        let len = zone.encode(&mut buffer).unwrap();
        prop_assert_eq!(len, zone.encoded_len());
        prop_assert_eq!(Zone::<CAPACITY>::decode(&buffer[..len]), Ok(zone));
        // Every proper prefix is truncated, and an extra byte is refused.
        for cut in 0..len {
            let prefix = Zone::<CAPACITY>::decode(&buffer[..cut]);
            prop_assert!(
                matches!(prefix, Err(ZoneDecodeError::Truncated { .. })),
                "prefix {}: {:?}", cut, prefix
            );
        }
        prop_assert_eq!(
            Zone::<CAPACITY>::decode(&buffer[..len + 1]),
            Err(ZoneDecodeError::TrailingBytes { offset: len })
        );
        if !zone.transitions().is_empty() {
            let too_small = Zone::<0>::decode(&buffer[..len]);
            prop_assert!(
                matches!(too_small, Err(ZoneDecodeError::TooManyTransitions { .. })),
                "{:?}", too_small
            );
        }
    }

    #[test]
    fn posix_display_parses_back(rule in any_rule()) {
        let text = rule.to_string();
        prop_assert_eq!(PosixRule::parse(&text), Ok(rule), "{}", text);
        // jiff reads the canonical form too.
        prop_assert!(TimeZone::posix(&text).is_ok(), "{}", text);
    }

    #[test]
    fn local_time_round_trips_in_random_rules(rule in any_rule(), t in MIN_INSTANT..=MAX_INSTANT) {
        let zone: Zone = Zone::from_rule(rule);
        check_round_trip(&zone, t)?;
    }

    #[test]
    fn local_time_round_trips_in_random_zones(zone in any_zone(), t in -2_100_000_000i64..4_200_000_000) {
        check_round_trip(&zone, t)?;
        if let Some(first) = zone.transitions().first() {
            check_round_trip(&zone, first.at)?;
            check_round_trip(&zone, first.at - 1)?;
        }
    }

    #[test]
    fn local_time_round_trips_in_iana_zones(index in 0usize..9, t in MIN_INSTANT..=MAX_INSTANT) {
        let (_, zone) = &iana_zones()[index];
        check_round_trip(zone, t)?;
        // And near a transition, where folds and gaps are.
        if let Ok(Some(next)) = zone.next_transition(t) {
            for delta in [-7_200, -1, 0, 1, 3_599, 3_600] {
                check_round_trip(zone, next.at + delta)?;
            }
        }
    }

    #[test]
    fn realistic_rules_match_jiff(rule in realistic_rule(), t in 0i64..4_102_444_800) {
        let zone: Zone = Zone::from_rule(rule);
        let tz = TimeZone::posix(&rule.to_string()).unwrap();
        let mut instants = vec![t];
        if let Ok(Some(next)) = zone.next_transition(t) {
            instants.extend([next.at - 1, next.at, next.at + 1]);
            let theirs = tz.following(Timestamp::from_second(t).unwrap()).next().unwrap();
            prop_assert_eq!(next.at, theirs.timestamp().as_second(), "{}", rule);
        }
        for instant in instants {
            let ts = Timestamp::from_second(instant).unwrap();
            let info = tz.to_offset_info(ts);
            let ours = zone.offset_info_at(instant).unwrap();
            prop_assert_eq!(
                (ours.seconds, ours.is_dst),
                (info.offset().seconds(), info.dst().is_dst()),
                "{} at {}", rule, instant
            );
            prop_assert_eq!(
                zone.local_datetime(instant).unwrap().to_string(),
                ts.to_zoned(tz.clone()).datetime().to_string()
            );
        }
    }
}
