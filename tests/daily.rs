//! Daily doorcodes end to end: issue on the backend, verify on the lock.
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

use std::collections::HashSet;

use doorcode::civil::LocalDate;
use doorcode::code::{CodeFormatError, CodeLength};
use doorcode::daily::{
    DailyAccepted, DailyIssuer, DailyKind, DailyPolicy, DailyReject, DailyVerifier, IssueError,
    PolicyError, issue_daily,
};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId, SiteKey};
use doorcode::odds::GuessOdds;
use doorcode::zone::Zone;
use proptest::prelude::*;

const HOUR: i64 = 3600;

fn site() -> SiteKey {
    SiteKey::from_bytes(b"test site secret, 32 bytes long!").unwrap()
}

fn door(name: &str) -> DoorId {
    DoorId::new(name.as_bytes()).unwrap()
}

fn date(text: &str) -> LocalDate {
    text.parse().unwrap()
}

/// First UTC second of `date` in a zone with `offset` seconds east of UTC, by hand:
/// midnight UTC of the date minus the offset.
fn local_midnight(date: LocalDate, offset: i64) -> i64 {
    date.midnight_utc_seconds() - offset
}

struct Door {
    id: DoorId,
    key: DoorKey,
}

impl Door {
    fn new(name: &str) -> Self {
        let id = door(name);
        Self {
            key: site().door_key(&id),
            id,
        }
    }

    fn issuer(&self, issuer: u32, epoch: u32, policy: DailyPolicy) -> DailyIssuer {
        let key = self.key.issuer_key(IssuerId(issuer), Epoch(epoch));
        DailyIssuer::new(&key, IssuerId(issuer), self.id, policy)
    }

    fn verifier(&self, policy: DailyPolicy, issuers: &[(u32, u32)]) -> DailyVerifier {
        let list: Vec<_> = issuers
            .iter()
            .map(|&(i, e)| (IssuerId(i), Epoch(e)))
            .collect();
        DailyVerifier::new(&self.key, self.id, policy, &list).unwrap()
    }
}

fn code(issuer: &DailyIssuer, day: &str, kind: DailyKind, slot: u32) -> String {
    issuer.issue(date(day), kind, slot).unwrap().to_string()
}

#[test]
fn every_slot_of_a_door_day_gets_a_distinct_code() {
    let front = Door::new("front");
    let policy = DailyPolicy::default();
    let issuer = front.issuer(0, 0, policy);
    let mut seen = HashSet::new();
    for kind in [DailyKind::Daily, DailyKind::SingleUse] {
        for slot in 0..100 {
            let text = code(&issuer, "2026-11-22", kind, slot);
            assert_eq!(text.len(), 7);
            assert!(seen.insert(text), "collision at {kind:?} slot {slot}");
        }
    }
    assert_eq!(seen.len(), 200);
}

#[test]
fn issued_codes_verify_with_their_date_slot_kind_and_issuer() {
    let front = Door::new("front");
    // Three issuers need 8 digits to stay under the odds ceiling (2 x 3 x 200 / 10^8).
    let policy = DailyPolicy {
        length: CodeLength::new(8).unwrap(),
        ..DailyPolicy::default()
    };
    let lock = front.verifier(policy, &[(0, 0), (7, 3), (9, 0)]);
    let zone = Zone::fixed(HOUR as i32).unwrap();
    let noon = local_midnight(date("2026-11-22"), HOUR) + 12 * HOUR;
    for (issuer_id, epoch) in [(0, 0), (7, 3), (9, 0)] {
        let issuer = front.issuer(issuer_id, epoch, policy);
        for kind in [DailyKind::Daily, DailyKind::SingleUse] {
            for slot in [0, 1, 50, 99] {
                let typed = code(&issuer, "2026-11-22", kind, slot);
                let expected = DailyAccepted {
                    date: date("2026-11-22"),
                    slot,
                    kind,
                    issuer: IssuerId(issuer_id),
                };
                assert_eq!(lock.verify(&typed, noon, &zone), Ok(expected));
            }
        }
    }
}

#[test]
fn a_code_for_one_door_never_opens_another() {
    let (front, back) = (Door::new("front"), Door::new("back"));
    let policy = DailyPolicy::default();
    let zone = Zone::UTC;
    let noon = date("2026-11-22").midnight_utc_seconds() + 12 * HOUR;
    let back_lock = back.verifier(policy, &[(0, 0)]);
    // Same door key, other door id: still rejected (the door id is in the tweak too).
    let same_key_lock =
        DailyVerifier::new(&front.key, door("back"), policy, &[(IssuerId(0), Epoch(0))]).unwrap();
    let issuer = front.issuer(0, 0, policy);
    for kind in [DailyKind::Daily, DailyKind::SingleUse] {
        for slot in 0..100 {
            let typed = code(&issuer, "2026-11-22", kind, slot);
            assert_eq!(
                back_lock.verify(&typed, noon, &zone),
                Err(DailyReject::NoMatch)
            );
            assert_eq!(
                same_key_lock.verify(&typed, noon, &zone),
                Err(DailyReject::NoMatch)
            );
        }
    }
}

#[test]
fn a_code_works_exactly_on_its_date_plus_the_grace() {
    let front = Door::new("front");
    for offset in [
        0,
        HOUR,
        -5 * HOUR,
        5 * HOUR + 45 * 60,
        13 * HOUR,
        -(9 * HOUR + 30 * 60),
    ] {
        for grace in [0u32, 900, 6 * 3600] {
            let policy = DailyPolicy {
                grace_seconds: grace,
                ..DailyPolicy::default()
            };
            let lock = front.verifier(policy, &[(0, 0)]);
            let zone = Zone::fixed(offset as i32).unwrap();
            let typed = code(
                &front.issuer(0, 0, policy),
                "2026-03-29",
                DailyKind::Daily,
                5,
            );
            let start = local_midnight(date("2026-03-29"), offset);
            let end = start + 24 * HOUR; // exclusive
            let g = i64::from(grace);
            let accepted = |t: i64| lock.verify(&typed, t, &zone).is_ok();
            assert!(
                !accepted(start - g - 1),
                "offset {offset} grace {grace}: too early"
            );
            assert!(
                accepted(start - g),
                "offset {offset} grace {grace}: first valid second"
            );
            assert!(
                accepted(start),
                "offset {offset} grace {grace}: local midnight"
            );
            assert!(
                accepted(end - 1),
                "offset {offset} grace {grace}: last second of the day"
            );
            assert!(
                accepted(end + g - 1),
                "offset {offset} grace {grace}: last valid second"
            );
            assert!(
                !accepted(end + g),
                "offset {offset} grace {grace}: too late"
            );
            assert!(!accepted(start - 3 * 24 * HOUR) && !accepted(end + 3 * 24 * HOUR));
        }
    }
}

#[test]
fn an_issuer_removed_from_the_policy_or_rotated_is_rejected() {
    let front = Door::new("front");
    let policy = DailyPolicy::default();
    let zone = Zone::UTC;
    let noon = date("2026-11-22").midnight_utc_seconds() + 12 * HOUR;
    let partner = front.issuer(7, 0, policy);
    let typed = code(&partner, "2026-11-22", DailyKind::Daily, 3);
    assert!(
        front
            .verifier(policy, &[(0, 0), (7, 0)])
            .verify(&typed, noon, &zone)
            .is_ok()
    );
    assert_eq!(
        front
            .verifier(policy, &[(0, 0)])
            .verify(&typed, noon, &zone),
        Err(DailyReject::NoMatch),
        "partner removed from the door"
    );
    assert_eq!(
        front
            .verifier(policy, &[(0, 0), (7, 1)])
            .verify(&typed, noon, &zone),
        Err(DailyReject::NoMatch),
        "partner's epoch bumped"
    );
}

#[test]
fn one_shot_issue_matches_a_prebuilt_issuer() {
    let front = Door::new("front");
    let policy = DailyPolicy::default();
    let one_shot = issue_daily(
        &front.key,
        front.id,
        IssuerId(3),
        Epoch(2),
        policy,
        date("2030-01-01"),
        DailyKind::SingleUse,
        42,
    )
    .unwrap();
    assert_eq!(
        one_shot.to_string(),
        code(
            &front.issuer(3, 2, policy),
            "2030-01-01",
            DailyKind::SingleUse,
            42
        )
    );
}

#[test]
fn slots_beyond_the_policy_are_refused_at_issue() {
    let front = Door::new("front");
    let policy = DailyPolicy {
        daily_slots: 10,
        single_use_slots: 0,
        ..DailyPolicy::default()
    };
    let issuer = front.issuer(0, 0, policy);
    assert_eq!(
        issuer.issue(date("2026-11-22"), DailyKind::Daily, 10),
        Err(IssueError::SlotOutOfRange {
            slot: 10,
            slots: 10
        })
    );
    assert_eq!(
        issuer.issue(date("2026-11-22"), DailyKind::SingleUse, 0),
        Err(IssueError::SlotOutOfRange { slot: 0, slots: 0 })
    );
}

#[test]
fn malformed_entries_get_typed_reasons() {
    let front = Door::new("front");
    let lock = front.verifier(DailyPolicy::default(), &[(0, 0)]);
    let now = 1_795_305_600;
    let zone = Zone::UTC;
    let reject = |input: &str| lock.verify(input, now, &zone).unwrap_err();
    use CodeFormatError::*;
    assert_eq!(reject(""), DailyReject::Malformed(Empty));
    assert_eq!(reject(" - "), DailyReject::Malformed(Empty));
    assert_eq!(
        reject("123456"),
        DailyReject::Malformed(WrongLength {
            expected: 7,
            got: 6
        })
    );
    assert_eq!(
        reject("12345678"),
        DailyReject::Malformed(WrongLength {
            expected: 7,
            got: 8
        })
    );
    assert_eq!(
        reject("12a4567"),
        DailyReject::Malformed(InvalidCharacter { position: 2 })
    );
    assert_eq!(
        reject("١٢٣٤٥٦٧"),
        DailyReject::Malformed(InvalidCharacter { position: 0 })
    );
    assert_eq!(
        reject("1234567\n"),
        DailyReject::Malformed(InvalidCharacter { position: 7 })
    );
    let huge = "1".repeat(1 << 20);
    assert_eq!(
        reject(&huge),
        DailyReject::Malformed(TooLong { len: 1 << 20 })
    );
    assert_eq!(
        reject(&"1".repeat(65)),
        DailyReject::Malformed(TooLong { len: 65 })
    );
    assert_eq!(reject(&"-".repeat(64)), DailyReject::Malformed(Empty));
}

#[test]
fn separators_people_type_are_accepted() {
    let front = Door::new("front");
    let policy = DailyPolicy::default();
    let lock = front.verifier(policy, &[(0, 0)]);
    let typed = code(
        &front.issuer(0, 0, policy),
        "2026-11-22",
        DailyKind::Daily,
        8,
    );
    let noon = date("2026-11-22").midnight_utc_seconds() + 12 * HOUR;
    for variant in [
        format!("{} {}", &typed[..3], &typed[3..]),
        format!("{}-{}", &typed[..3], &typed[3..]),
        format!("  {} ", typed),
        typed.chars().flat_map(|c| [c, '-']).collect::<String>(),
    ] {
        assert_eq!(
            lock.verify(&variant, noon, &Zone::UTC).map(|a| a.slot),
            Ok(8),
            "{variant:?}"
        );
    }
}

#[test]
fn an_unrepresentable_clock_fails_closed() {
    let front = Door::new("front");
    let policy = DailyPolicy::default();
    let lock = front.verifier(policy, &[(0, 0)]);
    let typed = code(
        &front.issuer(0, 0, policy),
        "2026-11-22",
        DailyKind::Daily,
        0,
    );
    for now in [i64::MIN, -2_300_000_000, 253_402_300_800, i64::MAX] {
        assert_eq!(
            lock.verify(&typed, now, &Zone::UTC),
            Err(DailyReject::ClockOutOfRange)
        );
    }
}

#[test]
fn odds_are_the_hand_derived_fractions() {
    let policy = DailyPolicy::default();
    // 2 candidate dates x 1 issuer x (100 + 100) slots over 10^7 codes.
    assert_eq!(
        policy.worst_case_odds(1),
        GuessOdds {
            accepted: 400,
            space: 10_000_000
        }
    );
    let noon = date("2026-11-22").midnight_utc_seconds() + 12 * HOUR;
    assert_eq!(
        policy.odds_at(1, noon, &Zone::UTC),
        Ok(GuessOdds {
            accepted: 200,
            space: 10_000_000
        })
    );
    let just_after_midnight = date("2026-11-22").midnight_utc_seconds() + 60;
    assert_eq!(
        policy.odds_at(3, just_after_midnight, &Zone::UTC),
        Ok(GuessOdds {
            accepted: 1200,
            space: 10_000_000
        })
    );
    // 4 issuers with grace: 1600 / 10^7 > 1 / 10^4: refused.
    assert!(matches!(
        policy.check(4),
        Err(PolicyError::OddsAboveCeiling(_))
    ));
    // Exactly at the ceiling is allowed: 6 digits, 25 + 25 slots, 2 dates, 1 issuer = 100 / 10^6.
    let at_ceiling = DailyPolicy {
        length: CodeLength::new(6).unwrap(),
        daily_slots: 25,
        single_use_slots: 25,
        ..policy
    };
    assert_eq!(at_ceiling.check(1), Ok(()));
    assert!(matches!(
        DailyPolicy {
            daily_slots: 26,
            ..at_ceiling
        }
        .check(1),
        Err(PolicyError::OddsAboveCeiling(_))
    ));
}

#[test]
fn bad_policies_are_refused_with_reasons() {
    let front = Door::new("front");
    let ok = DailyPolicy::default();
    let refuse = |policy: DailyPolicy, issuers: &[(IssuerId, Epoch)]| {
        DailyVerifier::new(&front.key, front.id, policy, issuers).err()
    };
    let one = [(IssuerId(0), Epoch(0))];
    assert_eq!(
        refuse(
            DailyPolicy {
                daily_slots: 0,
                single_use_slots: 0,
                ..ok
            },
            &one
        ),
        Some(PolicyError::NoSlots)
    );
    assert_eq!(
        refuse(
            DailyPolicy {
                grace_seconds: 6 * 3600 + 1,
                ..ok
            },
            &one
        ),
        Some(PolicyError::GraceTooLong {
            seconds: 6 * 3600 + 1
        })
    );
    assert_eq!(
        refuse(
            DailyPolicy {
                daily_slots: 5_000_001,
                ..ok
            },
            &one
        ),
        Some(PolicyError::TooManySlots {
            kind: DailyKind::Daily,
            slots: 5_000_001,
            max: 5_000_000
        })
    );
    assert_eq!(refuse(ok, &[]), Some(PolicyError::NoIssuers));
    let nine: Vec<_> = (0..9).map(|i| (IssuerId(i), Epoch(0))).collect();
    let tiny = DailyPolicy {
        length: CodeLength::new(12).unwrap(),
        ..ok
    };
    assert_eq!(
        refuse(tiny, &nine),
        Some(PolicyError::TooManyIssuers { count: 9 })
    );
    // A verifier with room for two issuers refuses a third even though the policy allows it.
    let three = [
        (IssuerId(0), Epoch(0)),
        (IssuerId(1), Epoch(0)),
        (IssuerId(2), Epoch(0)),
    ];
    assert_eq!(
        DailyVerifier::<2>::with_capacity(&front.key, front.id, tiny, &three).err(),
        Some(PolicyError::TooManyIssuers { count: 3 })
    );
    assert_eq!(
        refuse(ok, &[(IssuerId(4), Epoch(0)), (IssuerId(4), Epoch(1))]),
        Some(PolicyError::DuplicateIssuer(IssuerId(4)))
    );
}

/// Changing one digit of a valid code must be accepted only at the rate the odds predict.
#[test]
fn one_digit_changes_are_accepted_at_the_predicted_rate() {
    let front = Door::new("front");
    // Strongest acceptance the ceiling allows, so that accepted mutants are countable:
    // 6 digits, 50 + 50 slots, no grace, 1 issuer: p = 100 / 10^6 = 1e-4 per entry.
    let policy = DailyPolicy {
        length: CodeLength::new(6).unwrap(),
        daily_slots: 50,
        single_use_slots: 50,
        grace_seconds: 0,
    };
    let issuer = front.issuer(0, 0, policy);
    let lock = front.verifier(policy, &[(0, 0)]);
    let odds = policy.odds_at(1, 0, &Zone::UTC).unwrap();
    assert_eq!(
        odds,
        GuessOdds {
            accepted: 100,
            space: 1_000_000
        }
    );
    let mut trials = 0u64;
    let mut accepted = 0u64;
    let first = date("2026-01-01");
    for day in 0..40 {
        let day = LocalDate::from_days_since_epoch(first.days_since_epoch() + day).unwrap();
        let noon = day.midnight_utc_seconds() + 12 * HOUR;
        for kind in [DailyKind::Daily, DailyKind::SingleUse] {
            for slot in 0..50 {
                let valid = issuer.issue(day, kind, slot).unwrap().to_string();
                let bytes = valid.as_bytes();
                for position in 0..bytes.len() {
                    for digit in b'0'..=b'9' {
                        if digit == bytes[position] {
                            continue;
                        }
                        let mut mutant = bytes.to_vec();
                        mutant[position] = digit;
                        trials += 1;
                        if lock
                            .verify(std::str::from_utf8(&mutant).unwrap(), noon, &Zone::UTC)
                            .is_ok()
                        {
                            accepted += 1;
                        }
                    }
                }
            }
        }
    }
    // 40 days x 100 codes x 54 mutants = 216,000 trials; the odds predict 21.6 acceptances
    // (a mutant is a different code, so it hits one of the other 99 slots: 99/999,999 ~ 9.9e-5).
    assert_eq!(trials, 216_000);
    let expected = trials as f64 * odds.probability();
    eprintln!("one-digit changes: {accepted} of {trials} accepted, {expected:.1} expected");
    // Poisson(21.6): P(X < 7) and P(X > 42) are each below 1e-4.
    assert!(
        (7..=42).contains(&accepted),
        "{accepted} of {trials} one-digit changes accepted; {expected:.1} expected"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Large slot counts: distinct slots give distinct codes, and each verifies as itself.
    #[test]
    fn distinct_large_slots_give_distinct_codes(
        a in 0u32..20_000_000,
        b in 0u32..20_000_000,
        days in 0i32..30_000,
        single_use in any::<bool>(),
    ) {
        prop_assume!(a != b);
        let front = Door::new("front");
        let policy = DailyPolicy {
            length: CodeLength::new(12).unwrap(),
            daily_slots: 20_000_000,
            single_use_slots: 20_000_000,
            grace_seconds: 900,
        };
        let kind = if single_use { DailyKind::SingleUse } else { DailyKind::Daily };
        let day = LocalDate::from_days_since_epoch(days).unwrap();
        let issuer = front.issuer(0, 0, policy);
        let (code_a, code_b) = (issuer.issue(day, kind, a).unwrap(), issuer.issue(day, kind, b).unwrap());
        prop_assert_ne!(code_a, code_b);
        let lock = front.verifier(policy, &[(0, 0)]);
        let noon = day.midnight_utc_seconds() + 12 * HOUR;
        let got = lock.verify(&code_a.to_string(), noon, &Zone::UTC);
        prop_assert_eq!(got, Ok(DailyAccepted { date: day, slot: a, kind, issuer: IssuerId(0) }));
    }

    /// Whatever is typed, verification returns a typed answer and never panics.
    #[test]
    fn arbitrary_entries_never_panic(input in ".{0,80}", now in any::<i64>(), offset in -89_999i32..=89_999) {
        let front = Door::new("front");
        let lock = front.verifier(DailyPolicy::default(), &[(0, 0), (1, 0)]);
        let zone = Zone::fixed(offset).unwrap();
        let _ = lock.verify(&input, now, &zone);
    }

    /// Digit strings of the right length are accepted only if they are issued codes.
    #[test]
    fn random_codes_are_rejected_or_are_real_codes(digits in "[0-9]{7}", days in 0i32..30_000) {
        let front = Door::new("front");
        let policy = DailyPolicy::default();
        let lock = front.verifier(policy, &[(0, 0)]);
        let day = LocalDate::from_days_since_epoch(days).unwrap();
        let noon = day.midnight_utc_seconds() + 12 * HOUR;
        if let Ok(accepted) = lock.verify(&digits, noon, &Zone::UTC) {
            let reissued = front.issuer(0, 0, policy).issue(accepted.date, accepted.kind, accepted.slot).unwrap();
            prop_assert_eq!(reissued.to_string(), digits);
        }
    }
}

/// SPEC.md section 11. The expected values were computed by `vectors/reference.py`, the
/// independent Python implementation written from SPEC.md alone.
#[test]
fn worked_example_from_the_spec() {
    let site = SiteKey::from_bytes(b"doorcode-demo-site-key-INSECURE!").unwrap();
    let door = door("demo-door");
    let door_key = site.door_key(&door);
    let mut hex = [0u8; 64];
    assert_eq!(
        door_key.to_hex(&mut hex).unwrap(),
        "a1def29dc09bef3d74c05cdb3e20881de4c50a37248264e35046e830c624cff6"
    );
    let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
    assert_eq!(
        issuer_key.to_hex(&mut hex).unwrap(),
        "f645f387ec79e0c1b386e16cec6ebc5bba5263dc6e244c2878dbcce789c4b812"
    );
    let daily_key = issuer_key.purpose_key(doorcode::daily::DAILY_KEY_LABEL, &[]);
    let daily_key_hex: String = daily_key.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        daily_key_hex,
        "e467ad6401961c29b058af815289cf395622a7d9cb31cb0c8ba919f506369f47"
    );

    let policy = DailyPolicy::default();
    let issuer = DailyIssuer::new(&issuer_key, IssuerId(0), door, policy);
    assert_eq!(code(&issuer, "2026-11-22", DailyKind::Daily, 3), "0898207");
    assert_eq!(
        code(&issuer, "2026-11-22", DailyKind::SingleUse, 0),
        "8099180"
    );

    let lock = DailyVerifier::new(&door_key, door, policy, &[(IssuerId(0), Epoch(0))]).unwrap();
    let zone = Zone::fixed(3600).unwrap();
    let noon = 1_795_345_200; // 2026-11-22T12:00:00+01:00
    let day = date("2026-11-22");
    assert_eq!(
        lock.verify("0898207", noon, &zone),
        Ok(DailyAccepted {
            date: day,
            slot: 3,
            kind: DailyKind::Daily,
            issuer: IssuerId(0)
        })
    );
    assert_eq!(
        lock.verify("8099180", noon, &zone),
        Ok(DailyAccepted {
            date: day,
            slot: 0,
            kind: DailyKind::SingleUse,
            issuer: IssuerId(0)
        })
    );
}

/// A lock pays RAM only for the issuer slots it asks for.
#[test]
fn verifier_ram_scales_with_its_issuer_capacity() {
    let one = std::mem::size_of::<DailyVerifier<1>>();
    let eight = std::mem::size_of::<DailyVerifier>();
    eprintln!("size_of DailyVerifier<1> = {one} bytes, DailyVerifier<8> = {eight} bytes");
    assert!(one * 4 < eight, "{one} vs {eight}");
}
