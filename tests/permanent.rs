//! Permanent doorcodes: derivation, generations, collision resolution, uniformity, odds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use std::collections::HashSet;

use doorcode::code::{CodeLength, Digits};
use doorcode::keys::{DoorId, PermanentKey, SiteKey};
use doorcode::odds::{GuessOdds, ODDS_CEILING, check_door_odds, door_odds, stored_code_odds};
use doorcode::permanent::{
    Generation, MAX_ATTEMPTS, PermanentCode, PermanentError, PersonId, Scope, derive,
    permanent_code, permanent_code_sorted,
};
use proptest::prelude::*;

fn key() -> PermanentKey {
    SiteKey::from_bytes(b"test site secret, 32 bytes long!")
        .unwrap()
        .permanent_key()
}

fn person(n: u64) -> PersonId {
    PersonId::new(&n.to_be_bytes()).unwrap()
}

fn len(digits: u8) -> CodeLength {
    CodeLength::new(digits).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SPEC.md section 14.9: the values there, computed independently (Python's hmac module).
#[test]
fn worked_example_from_the_spec() {
    let site = SiteKey::from_bytes(b"doorcode-demo-site-key-INSECURE!").unwrap();
    let key = site.permanent_key();
    assert_eq!(
        hex(key.as_bytes()),
        "cda486b4b6a2030e3fef8b9db6541f5e87321e64311bca8b686e65e1f5a65a85"
    );
    let alice = PersonId::new(b"alice").unwrap();
    let door = DoorId::new(b"demo-door").unwrap();
    let at = |scope, generation, digits, attempt| {
        derive(
            &key,
            &alice,
            scope,
            Generation(generation),
            len(digits),
            attempt,
        )
        .to_string()
    };
    assert_eq!(at(Scope::Door(&door), 0, 7, 0), "2405636");
    assert_eq!(at(Scope::Door(&door), 0, 7, 1), "5422029");
    assert_eq!(at(Scope::Door(&door), 1, 7, 0), "1961857");
    assert_eq!(at(Scope::Door(&door), 0, 12, 0), "569192733708");
    assert_eq!(at(Scope::Common, 0, 7, 0), "8725622");

    // 2405636 already taken at the door: attempt 1.
    let taken = [2_405_636u64];
    let issued = permanent_code_sorted(
        &key,
        &alice,
        Scope::Door(&door),
        Generation(0),
        len(7),
        &taken,
    )
    .unwrap();
    assert_eq!(
        (issued.code.to_string(), issued.attempt),
        ("5422029".into(), 1)
    );
}

#[test]
fn derivation_is_deterministic() {
    let door = DoorId::new(b"lobby").unwrap();
    for n in 0..100 {
        let a = derive(
            &key(),
            &person(n),
            Scope::Door(&door),
            Generation(2),
            len(7),
            0,
        );
        let b = derive(
            &key(),
            &person(n),
            Scope::Door(&door),
            Generation(2),
            len(7),
            0,
        );
        assert_eq!(a, b);
        let r1 = permanent_code(
            &key(),
            &person(n),
            Scope::Common,
            Generation(2),
            len(7),
            |_| false,
        )
        .unwrap();
        let r2 = permanent_code(
            &key(),
            &person(n),
            Scope::Common,
            Generation(2),
            len(7),
            |_| false,
        )
        .unwrap();
        assert_eq!(r1, r2);
        assert_eq!(r1.attempt, 0);
    }
}

/// The whole input of a resolution: key, person, scope, generation, length, taken codes.
type Resolve = fn(
    &PermanentKey,
    &PersonId,
    Scope<'_>,
    Generation,
    CodeLength,
    &[u64],
) -> Result<PermanentCode, PermanentError>;

/// There is no Key (access group) anywhere in the inputs: the signatures below are the whole
/// interface, so giving a person another Key with the same doors cannot change their codes.
#[test]
fn the_inputs_contain_no_key_so_moving_between_keys_keeps_codes() {
    let _derive: fn(&PermanentKey, &PersonId, Scope<'_>, Generation, CodeLength, u32) -> Digits =
        derive;
    let _resolve: Resolve = permanent_code_sorted;
    // Tracy at Door 1 under Key A, then under Key B: same (person, door, generation), same code.
    let door = DoorId::new(b"door-1").unwrap();
    let tracy = PersonId::new(b"tracy").unwrap();
    let under_key_a = derive(&key(), &tracy, Scope::Door(&door), Generation(0), len(7), 0);
    let under_key_b = derive(&key(), &tracy, Scope::Door(&door), Generation(0), len(7), 0);
    assert_eq!(under_key_a, under_key_b);
}

#[test]
fn distinct_persons_doors_generations_and_lengths_get_independent_codes() {
    // 10,000 persons at 12 digits: P(any collision) ~ 10^8 / (2 * 10^12) = 5e-5 for a random
    // key; for this fixed key there is none.
    let door = DoorId::new(b"lobby").unwrap();
    let other_door = DoorId::new(b"lobby2").unwrap();
    let mut seen = HashSet::new();
    let mut same_across_doors = 0;
    let mut same_across_generations = 0;
    let mut same_common = 0;
    for n in 0..10_000 {
        let code = derive(
            &key(),
            &person(n),
            Scope::Door(&door),
            Generation(0),
            len(12),
            0,
        );
        assert!(seen.insert(code.value()), "collision at person {n}");
        let elsewhere = derive(
            &key(),
            &person(n),
            Scope::Door(&other_door),
            Generation(0),
            len(12),
            0,
        );
        let next = derive(
            &key(),
            &person(n),
            Scope::Door(&door),
            Generation(1),
            len(12),
            0,
        );
        let common = derive(&key(), &person(n), Scope::Common, Generation(0), len(12), 0);
        same_across_doors += usize::from(elsewhere == code);
        same_across_generations += usize::from(next == code);
        same_common += usize::from(common == code);
    }
    assert_eq!(
        (same_across_doors, same_across_generations, same_common),
        (0, 0, 0)
    );

    // The length is part of the input: a person's 6-digit code is not the low digits of their
    // 7-digit code (which plain reduction of one PRF value would give).
    let mut low_digits_equal = 0;
    for n in 0..1_000 {
        let six = derive(
            &key(),
            &person(n),
            Scope::Door(&door),
            Generation(0),
            len(6),
            0,
        );
        let seven = derive(
            &key(),
            &person(n),
            Scope::Door(&door),
            Generation(0),
            len(7),
            0,
        );
        low_digits_equal += usize::from(seven.value() % 1_000_000 == six.value());
    }
    // Expected 1,000 / 10^6 = 0.001 by chance.
    assert!(low_digits_equal <= 1, "{low_digits_equal}");
}

#[test]
fn a_new_generation_replaces_the_code() {
    let door = DoorId::new(b"unit-12").unwrap();
    let alice = person(1);
    let mut codes = HashSet::new();
    for generation in 0..200 {
        let code = derive(
            &key(),
            &alice,
            Scope::Door(&door),
            Generation(generation),
            len(8),
            0,
        );
        codes.insert(code.value());
    }
    // 200 generations at 8 digits: a repeat has probability ~ 2e-4.
    assert_eq!(codes.len(), 200);

    // Reissue with the leaked code reported as taken: never the same code again.
    let leaked = derive(&key(), &alice, Scope::Door(&door), Generation(0), len(6), 0);
    for generation in 1..2_000 {
        let next = permanent_code(
            &key(),
            &alice,
            Scope::Door(&door),
            Generation(generation),
            len(6),
            |c| *c == leaked,
        )
        .unwrap();
        assert_ne!(next.code, leaked);
    }
}

/// At 6 digits collisions among attempt-0 codes occur at the birthday rate
/// (n^2 / (2 * 10^6), about 50 for n = 10,000); resolution in issue order removes them all and is
/// reproducible.
#[test]
fn six_digit_collisions_happen_at_the_birthday_rate_and_are_resolved() {
    let door = DoorId::new(b"lobby").unwrap();
    let issue_all = || {
        let mut taken = HashSet::new();
        let mut issued = Vec::new();
        for n in 0..10_000 {
            let code = permanent_code(
                &key(),
                &person(n),
                Scope::Door(&door),
                Generation(0),
                len(6),
                |c| taken.contains(&c.value()),
            )
            .unwrap();
            assert!(taken.insert(code.code.value()));
            issued.push(code);
        }
        issued
    };
    let issued = issue_all();
    let resolved = issued.iter().filter(|c| c.attempt > 0).count();
    // Expected ~ 49.99 (sum over n of n / 10^6); Poisson, sd ~ 7: accept 15..=100.
    assert!(
        (15..=100).contains(&resolved),
        "{resolved} resolved collisions"
    );
    assert!(issued.iter().all(|c| c.attempt < 3));
    assert_eq!(
        issue_all(),
        issued,
        "same order, same taken set, same codes"
    );
    // Each stored attempt re-derives its code without the table.
    for (n, c) in issued.iter().enumerate() {
        let again = derive(
            &key(),
            &person(n as u64),
            Scope::Door(&door),
            Generation(0),
            len(6),
            c.attempt,
        );
        assert_eq!(again, c.code);
    }
}

#[test]
fn resolution_skips_taken_codes_deterministically() {
    let door = DoorId::new(b"lobby").unwrap();
    let p = person(7);
    let candidates: Vec<Digits> = (0..MAX_ATTEMPTS)
        .map(|a| derive(&key(), &p, Scope::Door(&door), Generation(0), len(6), a))
        .collect();
    for first_free in [0u32, 1, 5, 63] {
        let taken: HashSet<u64> = candidates[..first_free as usize]
            .iter()
            .map(Digits::value)
            .collect();
        for _ in 0..3 {
            let got = permanent_code(&key(), &p, Scope::Door(&door), Generation(0), len(6), |c| {
                taken.contains(&c.value())
            })
            .unwrap();
            assert!(!taken.contains(&got.code.value()));
            assert_eq!(got.attempt, first_free);
            assert_eq!(got.code, candidates[first_free as usize]);
        }
    }
}

#[test]
fn a_nearly_full_space_gives_the_typed_error() {
    // 6 digits; everything is taken except one code that is none of the 64 candidates.
    let door = DoorId::new(b"lobby").unwrap();
    let p = person(9);
    let candidates: HashSet<u64> = (0..MAX_ATTEMPTS)
        .map(|a| derive(&key(), &p, Scope::Door(&door), Generation(0), len(6), a).value())
        .collect();
    let free = (0..1_000_000u64).find(|v| !candidates.contains(v)).unwrap();
    let mut calls = 0u32;
    let result = permanent_code(&key(), &p, Scope::Door(&door), Generation(0), len(6), |c| {
        calls += 1;
        c.value() != free
    });
    assert_eq!(
        result,
        Err(PermanentError::NoFreeCode {
            attempts: MAX_ATTEMPTS
        })
    );
    assert_eq!(calls, MAX_ATTEMPTS);
    assert!(result.unwrap_err().to_string().contains("nearly full"));
}

#[test]
fn sorted_slice_and_closure_agree() {
    let door = DoorId::new(b"lobby").unwrap();
    let mut taken: Vec<u64> = (0..1_000u64)
        .map(|n| {
            derive(
                &key(),
                &person(n),
                Scope::Door(&door),
                Generation(0),
                len(6),
                0,
            )
            .value()
        })
        .collect();
    // Make some of the newcomers' first candidates taken too.
    for n in 1_000..1_050u64 {
        taken.push(
            derive(
                &key(),
                &person(n),
                Scope::Door(&door),
                Generation(0),
                len(6),
                0,
            )
            .value(),
        );
    }
    taken.sort_unstable();
    let set: HashSet<u64> = taken.iter().copied().collect();
    for n in 1_000..1_100u64 {
        let a = permanent_code_sorted(
            &key(),
            &person(n),
            Scope::Door(&door),
            Generation(0),
            len(6),
            &taken,
        )
        .unwrap();
        let b = permanent_code(
            &key(),
            &person(n),
            Scope::Door(&door),
            Generation(0),
            len(6),
            |c| set.contains(&c.value()),
        )
        .unwrap();
        assert_eq!(a, b);
        assert_eq!(a.attempt > 0, n < 1_050);
    }
}

/// Chi-square tests over 100,000 six-digit codes. Thresholds are the 1 - 10^-6 quantiles of the
/// chi-square distribution (Wilson-Hilferty): 45.97 for 9 degrees of freedom, 181.1 for 99, so a
/// correct implementation fails with probability about 10^-6 per statistic (and, the key being
/// fixed, this test is deterministic). A reduction of a 31-bit value (RFC 4226) would still pass
/// at 6 digits; the exact bias of ours is checked arithmetically below.
#[test]
fn codes_are_uniform() {
    const N: usize = 100_000;
    let door = DoorId::new(b"lobby").unwrap();
    let mut per_position = [[0u64; 10]; 6];
    let mut buckets = [0u64; 100];
    for n in 0..N as u64 {
        let code = derive(
            &key(),
            &person(n),
            Scope::Door(&door),
            Generation(0),
            len(6),
            0,
        );
        for (position, &digit) in code.numerals().iter().enumerate() {
            per_position[position][usize::from(digit)] += 1;
        }
        buckets[(code.value() / 10_000) as usize] += 1;
    }
    let chi2 = |counts: &[u64]| {
        let expected = N as f64 / counts.len() as f64;
        counts
            .iter()
            .map(|&c| (c as f64 - expected).powi(2) / expected)
            .sum::<f64>()
    };
    for (position, counts) in per_position.iter().enumerate() {
        let x = chi2(counts);
        assert!(x < 45.97, "digit {position}: chi2 = {x}");
    }
    let x = chi2(&buckets);
    assert!(x < 181.1, "leading two digits: chi2 = {x}");
}

/// The reduction's exact bias: with `2^128 = q 10^n + r`, `r` codes have probability
/// `(q + 1) / 2^128` and the rest `q / 2^128`, so each code's probability is within a factor
/// `1 + 1/q` of uniform, and `1/q < 10^n / (2^128 - 10^n) <= 2.94e-27` at 12 digits.
#[test]
fn reduction_bias_bound() {
    for digits in 6..=12u32 {
        let m = 10u128.pow(digits);
        // q = floor(2^128 / m) = floor((2^128 - 1) / m) as m is not a power of two.
        let q = u128::MAX / m;
        // 1/q <= 2^-88 for every supported length (10^12 < 2^40).
        assert!(q >= 1u128 << 88, "{digits}");
    }
}

#[test]
fn permanent_odds_and_the_ceiling() {
    // 7 digits: up to 1,000 stored codes at the ceiling; with the default daily policy's 400,
    // 600 permanent codes remain.
    assert!(!stored_code_odds(1_000, len(7)).exceeds(ODDS_CEILING));
    assert!(stored_code_odds(1_001, len(7)).exceeds(ODDS_CEILING));
    let daily = GuessOdds {
        accepted: 400,
        space: 10_000_000,
    };
    assert_eq!(
        check_door_odds(&[daily, stored_code_odds(600, len(7))]),
        Ok(GuessOdds {
            accepted: 1_000,
            space: 10_000_000
        })
    );
    assert!(check_door_odds(&[daily, stored_code_odds(601, len(7))]).is_err());
    // Permanent codes at 8 digits do not add to 7-digit daily codes.
    assert_eq!(
        door_odds(&[daily, stored_code_odds(9_000, len(8))]),
        stored_code_odds(9_000, len(8))
    );
    assert!(check_door_odds(&[daily, stored_code_odds(9_000, len(8))]).is_ok());
}

proptest! {
    #[test]
    fn never_panics_and_always_has_n_digits(
        person_id in proptest::collection::vec(any::<u8>(), 1..=32),
        door_id in proptest::collection::vec(any::<u8>(), 1..=32),
        generation in any::<u32>(),
        digits in 6u8..=12,
        attempt in any::<u32>(),
        common in any::<bool>(),
        taken_mask in any::<u64>(),
    ) {
        let p = PersonId::new(&person_id).unwrap();
        let d = DoorId::new(&door_id).unwrap();
        let scope = if common { Scope::Common } else { Scope::Door(&d) };
        let length = len(digits);
        let code = derive(&key(), &p, scope, Generation(generation), length, attempt);
        prop_assert_eq!(code.numerals().len(), usize::from(digits));
        prop_assert!(code.value() < length.code_space());
        prop_assert_eq!(code.to_string().len(), usize::from(digits));
        // A taken set given by a bit mask over attempts: the result is the first free attempt.
        let mut attempt_no = 0u32;
        let result = permanent_code(&key(), &p, scope, Generation(generation), length, |_| {
            let taken = attempt_no < 64 && (taken_mask >> attempt_no) & 1 == 1;
            attempt_no += 1;
            taken
        });
        match result {
            Ok(c) => {
                prop_assert_eq!(c.attempt, taken_mask.trailing_ones());
                prop_assert_eq!(c.code.numerals().len(), usize::from(digits));
            }
            Err(e) => {
                prop_assert_eq!(taken_mask, u64::MAX);
                prop_assert_eq!(e, PermanentError::NoFreeCode { attempts: MAX_ATTEMPTS });
            }
        }
    }

    #[test]
    fn person_ids_of_any_length_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..=64)) {
        match PersonId::new(&bytes) {
            Ok(p) => prop_assert_eq!(p.as_bytes(), &bytes[..]),
            Err(PermanentError::EmptyPersonId) => prop_assert!(bytes.is_empty()),
            Err(PermanentError::PersonIdTooLong { got }) => prop_assert!(got > 32),
            Err(e) => prop_assert!(false, "unexpected {e}"),
        }
    }
}
