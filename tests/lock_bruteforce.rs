//! Brute-force simulation (SPEC.md 15.5, "Brute-force bound"): a seeded random guesser types
//! uniformly random codes into a lock as fast as its throttling allows, over many simulated days,
//! while the lock's real daily codes are in use by a resident.
//!
//! Checked:
//! - the wrong entries in every window of 1, 7, 30, 365 and 3,650 days stay within
//!   `ThrottleConfig::max_wrong_entries` (the bound SPEC.md proves), for a greedy guesser and for
//!   one that waits for forgiveness at random;
//! - the number of accepted guesses lies within Chernoff bounds (false-failure probability at
//!   most 1e-6 per tail) around the sum of the per-guess odds given by the odds functions
//!   (`DailyPolicy::odds_at` plus `stored_code_odds` for the permanent table). Against the
//!   default lock few guesses succeed, so that run mainly checks the upper tail; a deliberately
//!   weak configuration (6 digits, at the odds ceiling, almost no throttling) makes enough
//!   guesses succeed to check the rate from both sides.
//!
//! The expectations come from the odds functions and a count of the codes that are valid at each
//! instant (issued here with `issue_daily`), never from the verifier under test.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]

use std::collections::HashSet;

use doorcode::code::{CodeLength, Digits};
use doorcode::daily::{DailyKind, issue_daily};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
use doorcode::lock::*;
use doorcode::odds::stored_code_odds;
use doorcode::schedule::Grant;
use doorcode::zone::Zone;

const KEY: [u8; 32] = [0x5a; 32];
/// 2026-11-22T09:00:00Z.
const START: i64 = 1_795_338_000;
const DAY: i64 = 86_400;
/// Per-tail false-failure probability of the statistical checks (for a random seed; the seeds
/// here are fixed, so the test is deterministic).
const DELTA: f64 = 1e-6;

fn door() -> DoorId {
    DoorId::new(b"lobby").unwrap()
}

fn key() -> DoorKey {
    DoorKey::from_bytes(&KEY).unwrap()
}

/// SplitMix64: small, seeded, good enough for uniform guesses.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        // Rejection sampling: exactly uniform.
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next();
            if x < zone {
                return x % n;
            }
        }
    }
}

fn format_code(value: u64, length: CodeLength) -> String {
    format!("{value:0width$}", width = usize::from(length.get()))
}

/// `count` distinct random permanent codes, stored as tags with an always-valid grant.
fn permanent_codes<const P: usize>(
    config: &mut LockConfig<P>,
    count: usize,
    rng: &mut Rng,
) -> HashSet<String> {
    let length = config.policy.length;
    let mut codes = HashSet::new();
    while codes.len() < count {
        let text = format_code(rng.below(length.code_space()), length);
        if codes.insert(text.clone()) {
            let digits = Digits::parse(&text, length).unwrap();
            config
                .push_entry(PermanentEntry {
                    tag: permanent_tag(&key(), &door(), &digits),
                    person: codes.len() as u64,
                    grant: Grant::ALWAYS,
                    schedule: None,
                })
                .unwrap();
        }
    }
    codes
}

/// Chernoff bound `P(X >= k) <= exp(-mu) (e mu / k)^k` (and the same for `X <= k` below the
/// mean), for a sum of indicators whose conditional probabilities sum to at most (at least)
/// `mu`. Returns `(low, high)` with `P(X < low) <= DELTA` for a mean of at least `mu_low` and
/// `P(X >= high) <= DELTA` for a mean of at most `mu_high`.
fn chernoff_range(mu_low: f64, mu_high: f64) -> (u64, u64) {
    let tail = |mu: f64, k: f64| (-mu + k - k * (k / mu).ln()).exp();
    // P(X = 0) <= exp(-mu); for 0 < k < mu the Chernoff bound above.
    let mut low = 0;
    if (-mu_low).exp() <= DELTA {
        low = 1;
        let mut k = mu_low.floor() as u64;
        while k > 1 {
            if tail(mu_low, k as f64) <= DELTA {
                low = k + 1;
                break;
            }
            k -= 1;
        }
    }
    let mut high = mu_high.ceil() as u64 + 1;
    while tail(mu_high, high as f64) > DELTA {
        high += 1;
    }
    (low, high)
}

/// The most entries in any half-open window `[t, t + seconds)` of the sorted `instants`.
fn max_in_window(instants: &[i64], seconds: i64) -> u64 {
    let mut most = 0;
    let mut end = 0;
    for (start, &t) in instants.iter().enumerate() {
        while end < instants.len() && instants[end] < t + seconds {
            end += 1;
        }
        most = most.max((end - start) as u64);
    }
    most
}

/// How the guesser spends its time.
#[derive(Clone, Copy, Debug)]
enum Strategy {
    /// Guess at once, and again one second later, or when the lockout ends.
    Greedy,
    /// Like `Greedy`, but before some guesses wait a random number of forgiveness steps.
    Patient,
}

struct Outcome {
    /// Instants of the guesses the lock evaluated and rejected (wrong entries).
    wrong: Vec<i64>,
    accepted: u64,
    /// Sum of the odds functions' per-guess odds (upper bound on the expected accepts).
    mu_high: f64,
    /// Sum of exact per-guess odds from the valid codes counted here (lower bound).
    mu_low: f64,
    resident_locked_out: u64,
}

/// Run the guesser for `days` simulated days; `step` is the pause between guesses that do not
/// start a lockout. `daily_sets` says whether to count the valid daily codes exactly (for
/// `mu_low`); otherwise `mu_low` is 0.
#[allow(clippy::too_many_arguments)]
fn simulate<const P: usize>(
    config: LockConfig<P>,
    permanent: &HashSet<String>,
    days: i64,
    step: i64,
    strategy: Strategy,
    count_exactly: bool,
    rng: &mut Rng,
) -> Outcome {
    let policy = config.policy;
    let length = policy.length;
    let space = length.code_space() as f64;
    let forgive = i64::from(config.throttle.forgive_seconds());
    let stored = stored_code_odds(permanent.len() as u64, length).probability();
    let mut lock = LockVerifier::<P, 8, 1>::new(key(), config).unwrap();
    let end = START + days * DAY;
    let mut t = START;
    let mut outcome = Outcome {
        wrong: Vec::new(),
        accepted: 0,
        mu_high: 0.0,
        mu_low: 0.0,
        resident_locked_out: 0,
    };
    // Exact count of the codes valid at the current date (daily, single-use and permanent,
    // distinct), minus single-use codes already used that day.
    let mut valid_until = i64::MIN;
    let (mut daily_odds, mut odds_until) = (0.0, i64::MIN);
    let mut valid_count = 0u64;
    let mut used_single = 0u64;
    // Once a day at 18:00 UTC the resident types the day's first daily code.
    let mut resident = START + 9 * 3600;
    while t < end {
        let next_guess = match lock.throttle_state().locked_until {
            Some(until) if t < until => until,
            _ => t,
        };
        if resident <= next_guess {
            let at = resident;
            resident += DAY;
            let date = Zone::UTC.local_date(at).unwrap();
            let code = issue_daily(
                &key(),
                door(),
                IssuerId(0),
                Epoch(0),
                policy,
                date,
                DailyKind::Daily,
                0,
            )
            .unwrap();
            let (answer, event) = lock.keypress(&code.to_string(), Clock::Set(at));
            match event.reason {
                None => assert_eq!(answer, KeypadAnswer::Accept),
                Some(RejectReason::LockedOut { .. }) => outcome.resident_locked_out += 1,
                Some(other) => panic!("resident's code refused: {other}"),
            }
            continue;
        }
        t = next_guess;
        if matches!(strategy, Strategy::Patient) && rng.below(6) == 0 {
            t += forgive * rng.below(8) as i64 + rng.below(forgive as u64) as i64;
            continue;
        }
        let guess = format_code(rng.below(length.code_space()), length);
        // Without a grace the odds only change at midnight: ask the odds function once a day.
        if policy.grace_seconds > 0 || t >= odds_until {
            daily_odds = policy.odds_at(1, t, &Zone::UTC).unwrap().probability();
            odds_until = (t.div_euclid(DAY) + 1) * DAY;
        }
        outcome.mu_high += daily_odds + stored;
        if count_exactly {
            assert_eq!(policy.grace_seconds, 0, "exact counts assume one date");
            if valid_until <= t {
                let date = Zone::UTC.local_date(t).unwrap();
                valid_until = (t.div_euclid(DAY) + 1) * DAY;
                let mut codes = permanent.clone();
                for (kind, slots) in [
                    (DailyKind::Daily, policy.daily_slots),
                    (DailyKind::SingleUse, policy.single_use_slots),
                ] {
                    for slot in 0..slots {
                        let code = issue_daily(
                            &key(),
                            door(),
                            IssuerId(0),
                            Epoch(0),
                            policy,
                            date,
                            kind,
                            slot,
                        )
                        .unwrap();
                        codes.insert(code.to_string());
                    }
                }
                valid_count = codes.len() as u64;
                used_single = 0;
            }
            outcome.mu_low += valid_count.saturating_sub(used_single) as f64 / space;
        }
        let (answer, event) = lock.keypress(&guess, Clock::Set(t));
        match answer {
            KeypadAnswer::Accept => {
                outcome.accepted += 1;
                if let Some(Matched::Daily(accepted)) = event.matched
                    && accepted.kind == DailyKind::SingleUse
                {
                    used_single += 1;
                }
            }
            KeypadAnswer::Reject => {
                let reason = event.reason.unwrap();
                assert!(reason.counts_as_wrong(), "{reason}");
                outcome.wrong.push(t);
            }
        }
        t = event.lockout_until.unwrap_or(t + step);
    }
    outcome
}

fn check_windows(throttle: ThrottleConfig, wrong: &[i64], label: &str) -> u64 {
    let mut per_day = 0;
    for days in [1, 7, 30, 365, 3650] {
        let seconds = days * DAY;
        let most = max_in_window(wrong, seconds);
        let bound = throttle.max_wrong_entries(seconds as u64);
        assert!(
            most <= bound,
            "{label}: {most} wrong entries in {days} days, bound {bound}"
        );
        if days == 1 {
            per_day = most;
        }
    }
    per_day
}

#[test]
fn default_lock_bounds_guesses_and_accepts_at_the_predicted_rate() {
    let mut rng = Rng(0x0d00_4c0d_e001);
    let mut config = LockConfig::<DEFAULT_PERMANENT_CAPACITY>::new(door());
    let permanent = permanent_codes(&mut config, DEFAULT_PERMANENT_CAPACITY, &mut rng);
    let throttle = config.throttle;
    assert_eq!(throttle, ThrottleConfig::default());
    assert_eq!(config.worst_case_odds().accepted, 464);
    assert_eq!(throttle.max_wrong_entries(DAY as u64), 70);

    let days = 10_000;
    let greedy = simulate(
        config.clone(),
        &permanent,
        days,
        1,
        Strategy::Greedy,
        false,
        &mut rng,
    );
    let per_day = check_windows(throttle, &greedy.wrong, "greedy");
    // The long-run rate is the limit per cap: 5 a day, after a first-day burst.
    let total = greedy.wrong.len() as u64;
    assert!(total <= throttle.max_wrong_entries((days * DAY) as u64));
    assert!(
        total >= 5 * days as u64 - 5,
        "greedy guesser too slow: {total}"
    );
    let (low, high) = chernoff_range(0.0, greedy.mu_high);
    assert!(
        (low..high).contains(&greedy.accepted),
        "{} accepted, expected below {high} (mean at most {:.2})",
        greedy.accepted,
        greedy.mu_high
    );
    eprintln!(
        "default lock, greedy: {days} days, {total} wrong entries, at most {per_day} in 24 h, \
         {} accepted (odds predict at most {:.2}; must be below {high}), resident locked out on {} days",
        greedy.accepted, greedy.mu_high, greedy.resident_locked_out
    );

    let days = 3_000;
    let patient = simulate(
        config,
        &permanent,
        days,
        30,
        Strategy::Patient,
        false,
        &mut rng,
    );
    let per_day = check_windows(throttle, &patient.wrong, "patient");
    let (_, high) = chernoff_range(0.0, patient.mu_high);
    assert!(patient.accepted < high);
    eprintln!(
        "default lock, patient: {days} days, {} wrong entries, at most {per_day} in 24 h, {} accepted",
        patient.wrong.len(),
        patient.accepted
    );
}

#[test]
fn weak_lock_accepts_at_the_rate_the_odds_function_predicts() {
    let mut rng = Rng(0x0bad_5eed);
    let mut config = LockConfig::<50>::new(door());
    // 6 digits, 25 + 25 slots, no grace, 50 permanent codes: 100 / 10^6, exactly the ceiling.
    config.policy.length = CodeLength::new(6).unwrap();
    config.policy.daily_slots = 25;
    config.policy.single_use_slots = 25;
    config.policy.grace_seconds = 0;
    // Almost no throttling: 255 wrong entries per 1 s lockout.
    config.throttle = ThrottleConfig {
        limit: 255,
        base_seconds: 1,
        cap_seconds: 1,
        quiet_seconds: 1,
    };
    let permanent = permanent_codes(&mut config, 50, &mut rng);
    assert_eq!(config.worst_case_odds().accepted, 100);
    let throttle = config.throttle;
    // About 415,000 guesses, 5 s apart: 24 simulated days.
    let days = 24;
    let outcome = simulate(
        config,
        &permanent,
        days,
        5,
        Strategy::Greedy,
        true,
        &mut rng,
    );
    check_windows(throttle, &outcome.wrong, "weak");
    assert!(outcome.mu_low <= outcome.mu_high);
    let (low, high) = chernoff_range(outcome.mu_low, outcome.mu_high);
    eprintln!(
        "weak lock: {} guesses, {} accepted; odds predict {:.2}..={:.2}, Chernoff range {low}..{high}",
        outcome.wrong.len() as u64 + outcome.accepted,
        outcome.accepted,
        outcome.mu_low,
        outcome.mu_high
    );
    assert!(
        (low..high).contains(&outcome.accepted),
        "{} accepted outside {low}..{high}",
        outcome.accepted
    );
}
