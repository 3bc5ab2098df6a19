//! Daily codes on zones with clock changes: a code for date D is accepted exactly while the
//! local date is D, widened by the grace at both ends, on days of 23, 25, 23.5 and 24.5 hours,
//! on days that start at 01:00, and never on a date that does not occur.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use doorcode::civil::LocalDate;
use doorcode::code::Digits;
use doorcode::daily::{DailyIssuer, DailyKind, DailyPolicy, DailyVerifier};
use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};
use doorcode::zone::{IANA_CAPACITY, Zone};

const HOUR: i64 = 3600;
const GRACES: [u32; 2] = [0, 900];

struct Lock {
    issuer: DailyIssuer,
    verifier: DailyVerifier,
}

impl Lock {
    fn new(grace: u32) -> Self {
        let site = SiteKey::from_bytes(&[0x5a; 32]).unwrap();
        let door = DoorId::new(b"front-door").unwrap();
        let door_key = site.door_key(&door);
        let policy = DailyPolicy {
            grace_seconds: grace,
            ..DailyPolicy::default()
        };
        let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
        Self {
            issuer: DailyIssuer::new(&issuer_key, IssuerId(0), door, policy),
            verifier: DailyVerifier::new(&door_key, door, policy, &[(IssuerId(0), Epoch(0))])
                .unwrap(),
        }
    }

    fn code(&self, date: LocalDate) -> Digits {
        self.issuer.issue(date, DailyKind::Daily, 0).unwrap()
    }

    /// Whether `code` is accepted at `now` as date `date`'s code.
    fn accepts<const N: usize>(
        &self,
        code: &Digits,
        date: LocalDate,
        now: i64,
        zone: &Zone<N>,
    ) -> bool {
        self.verifier
            .verify(&code.to_string(), now, zone)
            .is_ok_and(|accepted| accepted.date == date && accepted.slot == 0)
    }
}

fn date(text: &str) -> LocalDate {
    text.parse().unwrap()
}

fn iana(name: &str) -> Zone<IANA_CAPACITY> {
    Zone::from_iana(name, 0, 4_102_444_800).unwrap()
}

/// Checks a day of `zone`: its length, and that its code is accepted on exactly
/// `[start - grace, end + grace)`, at the boundaries to the second and every 5 minutes from
/// 3 hours before to 3 hours after.
fn assert_code_valid_exactly_on_day<const N: usize>(
    zone: &Zone<N>,
    day: &str,
    length: i64,
    first_local: &str,
) {
    let d = date(day);
    let (start, end) = zone.day_bounds(d).unwrap();
    assert_eq!(end - start, length, "{day} length");
    assert_eq!(
        zone.local_datetime(start).unwrap().to_string(),
        format!("{day}T{first_local}"),
        "{day} starts at"
    );
    for grace in GRACES {
        let lock = Lock::new(grace);
        let code = lock.code(d);
        let g = i64::from(grace);
        let (from, until) = (start - g, end + g);
        for (now, expected) in [
            (from - 1, false),
            (from, true),
            (start, true),
            (end - 1, true),
            (until - 1, true),
            (until, false),
        ] {
            assert_eq!(
                lock.accepts(&code, d, now, zone),
                expected,
                "{day} grace {grace} at {now} (day is [{start}, {end}))"
            );
        }
        for now in (from - 3 * HOUR..until + 3 * HOUR).step_by(300) {
            let expected = (from..until).contains(&now);
            assert_eq!(
                lock.accepts(&code, d, now, zone),
                expected,
                "{day} at {now}"
            );
        }
        // The neighbours' codes take over at the same instants.
        let yesterday = d.pred().unwrap();
        let tomorrow = d.succ().unwrap();
        if zone.day_bounds(yesterday).is_some_and(|(_, e)| e == start) {
            let code = lock.code(yesterday);
            assert!(lock.accepts(&code, yesterday, start + g - 1, zone));
            assert!(!lock.accepts(&code, yesterday, start + g, zone));
        }
        if zone.day_bounds(tomorrow).is_some_and(|(s, _)| s == end) {
            let code = lock.code(tomorrow);
            assert!(!lock.accepts(&code, tomorrow, end - g - 1, zone));
            assert!(lock.accepts(&code, tomorrow, end - g, zone));
        }
    }
}

#[test]
fn day_of_23_hours_new_york() {
    let posix = Zone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap();
    assert_code_valid_exactly_on_day(&posix, "2026-03-08", 23 * HOUR, "00:00:00");
    assert_code_valid_exactly_on_day(
        &iana("America/New_York"),
        "2026-03-08",
        23 * HOUR,
        "00:00:00",
    );
}

#[test]
fn day_of_25_hours_new_york() {
    let posix = Zone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap();
    assert_code_valid_exactly_on_day(&posix, "2026-11-01", 25 * HOUR, "00:00:00");
    assert_code_valid_exactly_on_day(
        &iana("America/New_York"),
        "2026-11-01",
        25 * HOUR,
        "00:00:00",
    );
}

#[test]
fn day_of_23_5_hours_lord_howe() {
    let zone = iana("Australia/Lord_Howe");
    assert_code_valid_exactly_on_day(&zone, "2024-10-06", 47 * HOUR / 2, "00:00:00");
}

#[test]
fn day_of_24_5_hours_lord_howe() {
    let zone = iana("Australia/Lord_Howe");
    assert_code_valid_exactly_on_day(&zone, "2024-04-07", 49 * HOUR / 2, "00:00:00");
}

#[test]
fn days_starting_at_01_00() {
    assert_code_valid_exactly_on_day(&iana("America/Havana"), "2024-03-10", 23 * HOUR, "01:00:00");
    assert_code_valid_exactly_on_day(
        &iana("America/Santiago"),
        "2024-09-08",
        23 * HOUR,
        "01:00:00",
    );
    assert_code_valid_exactly_on_day(
        &iana("America/Sao_Paulo"),
        "2015-10-18",
        23 * HOUR,
        "01:00:00",
    );
}

#[test]
fn day_with_a_fold_at_23_00_santiago() {
    assert_code_valid_exactly_on_day(
        &iana("America/Santiago"),
        "2025-04-05",
        25 * HOUR,
        "00:00:00",
    );
}

#[test]
fn date_that_never_occurs_is_never_valid_apia() {
    let zone = iana("Pacific/Apia");
    let skipped = date("2011-12-30");
    assert_eq!(zone.day_bounds(skipped), None);
    let jump = 1_325_239_200; // 2011-12-30T10:00:00Z: 2011-12-29 24:00 -10 = 2011-12-31 00:00 +14
    for grace in GRACES {
        let lock = Lock::new(grace);
        let g = i64::from(grace);
        let code = lock.code(skipped);
        for now in (jump - 2 * 86_400..jump + 2 * 86_400).step_by(60) {
            assert!(!lock.accepts(&code, skipped, now, &zone), "at {now}");
        }
        for now in [
            jump - g - 1,
            jump - g,
            jump - 1,
            jump,
            jump + g - 1,
            jump + g,
        ] {
            assert!(!lock.accepts(&code, skipped, now, &zone), "at {now}");
        }
        // The 29th hands over straight to the 31st.
        let before = date("2011-12-29");
        let after = date("2011-12-31");
        let (before_code, after_code) = (lock.code(before), lock.code(after));
        assert!(lock.accepts(&before_code, before, jump + g - 1, &zone));
        assert!(!lock.accepts(&before_code, before, jump + g, &zone));
        assert!(!lock.accepts(&after_code, after, jump - g - 1, &zone));
        assert!(lock.accepts(&after_code, after, jump - g, &zone));
    }
}

#[test]
fn odds_count_candidate_dates_on_dst_days() {
    // At 00:05 local on the 25-hour day, with 15 minutes of grace, two dates are candidates; at
    // noon one.
    let zone = Zone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap();
    let policy = DailyPolicy::default();
    let (start, _) = zone.day_bounds(date("2026-11-01")).unwrap();
    let near_midnight = policy.odds_at(1, start + 300, &zone).unwrap();
    let noon = policy.odds_at(1, start + 13 * HOUR, &zone).unwrap();
    assert_eq!(near_midnight.accepted, 2 * noon.accepted);
}
