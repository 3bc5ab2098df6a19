//! Constant-time evidence, dudect style (`dudect-bencher`): each bench times one operation on
//! inputs of two classes that differ only in a secret-dependent property, interleaved at
//! random, and reports Welch's t statistic over the timing distributions (cropped at several
//! percentiles). |t| below about 5 is no evidence of a difference; |t| above 10 is strong
//! evidence of a timing leak.
//!
//! Run: `cargo bench --bench ct` (one pass of 100,000 samples per bench; set
//! `DOORCODE_CT_SAMPLES` for more), one bench with `cargo bench --bench ct -- --filter NAME`,
//! or one bench round after round with `cargo bench --bench ct -- --continuous NAME`.
//!
//! Benches:
//! - `daily_match_vs_nomatch`: [`DailyVerifier::verify`] of a code that matches vs a random
//!   code that does not (same length). The accept/reject outcome is public, so only the few
//!   instructions after the constant-time search differ.
//! - `daily_nomatch_fixed_vs_random`: a fixed non-matching code vs random non-matching codes
//!   (the search itself must not depend on what was typed).
//! - `daily_match_position`: a match from the first issuer's slot 0 vs the last issuer's
//!   slot 99 (where the match is found must not show).
//! - `ff1_decrypt_fixed_vs_random`: FF1-AES-256 decryption of a fixed input (all zeros) vs
//!   random 7-digit inputs.
//! - `hmac_tag_first_vs_last_byte`: [`kdf::hmac_sha256_verify`] of a forged tag that differs
//!   from the right one in its first byte vs in its last byte (an early-exit compare leaks here).
//! - `update_tag_first_vs_last_byte`: [`LockVerifier::apply_update`] of a door update whose
//!   tag is wrong in the first vs the last byte (both refused as forged).
//! - `state_tag_first_vs_last_byte`: [`LockVerifier::restore`] of a persisted state whose tag
//!   is wrong in the first vs the last byte.
//! - `permanent_first_vs_last`: a keypress of the permanent code stored in the table's first
//!   entry vs its last (64 entries; both accepted).
//! - `permanent_none_vs_last_expired`: a keypress matching no entry vs the last entry whose
//!   grant has expired (both rejected at the keypad).
//! - `permanent_none_vs_last_denied`: the same with the last entry's person on the deny-list.
//! - `permanent_none_vs_last_outside_schedule`: the same with the last entry's schedule
//!   denying the instant (the table holds one schedule in every permanent bench).
//! - `single_use_used_vs_none`: a random non-matching code vs a single-use code whose window
//!   has passed (`SingleUseExpired`; both rejected and both counted as wrong).

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use std::cell::RefCell;
use std::path::PathBuf;

use doorcode::code::{CodeLength, Digits};
use doorcode::daily::{DailyKind, DailyPolicy, DailyVerifier, issue_daily};
use doorcode::ff1::Ff1Aes256;
use doorcode::kdf;
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
use doorcode::lock::Clock;
use doorcode::lock::{
    DefaultLock, KeypadAnswer, LockConfig, PermanentEntry, RejectReason, ThrottleConfig,
    build_update, max_update_len, permanent_tag,
};
use doorcode::schedule::{DayMask, Grant, Schedule, TimeRange, Window};
use doorcode::zone::Zone;
use dudect_bencher::ctbench::{BenchFn, BenchMetadata, BenchName, BenchOpts, run_benches_console};
use dudect_bencher::rand::{Rng, RngExt};
use dudect_bencher::{BenchRng, Class, CtRunner};

/// Samples per bench and run (override with the environment variable `DOORCODE_CT_SAMPLES`).
const DEFAULT_SAMPLES: usize = 100_000;

fn samples() -> usize {
    std::env::var("DOORCODE_CT_SAMPLES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(DEFAULT_SAMPLES)
}
/// 2026-11-22T05:00:00Z: the lock benches step one second per sample from here (see
/// [`instant`]).
const MORNING: i64 = 1_795_305_600 + 5 * 3600;

fn door() -> DoorId {
    DoorId::new(b"lobby").unwrap()
}

fn door_key() -> DoorKey {
    DoorKey::from_bytes(&[9; 32]).unwrap()
}

fn classes(rng: &mut BenchRng) -> Vec<Class> {
    (0..samples())
        .map(|_| {
            if rng.random::<bool>() {
                Class::Left
            } else {
                Class::Right
            }
        })
        .collect()
}

fn random_code(rng: &mut BenchRng) -> String {
    format!("{:07}", rng.next_u64() % 10_000_000)
}

/// Two issuers, 50 + 50 slots: a verifier whose search covers every (date, issuer).
fn verifier() -> (DailyVerifier, DailyPolicy) {
    let policy = DailyPolicy {
        daily_slots: 100,
        single_use_slots: 0,
        ..DailyPolicy::default()
    };
    let issuers = [(IssuerId(0), Epoch(0)), (IssuerId(1), Epoch(0))];
    (
        DailyVerifier::new(&door_key(), door(), policy, &issuers).unwrap(),
        policy,
    )
}

fn daily_code(policy: DailyPolicy, issuer: u32, slot: u32) -> String {
    let date = "2026-11-22".parse().unwrap();
    issue_daily(
        &door_key(),
        door(),
        IssuerId(issuer),
        Epoch(0),
        policy,
        date,
        DailyKind::Daily,
        slot,
    )
    .unwrap()
    .to_string()
}

fn daily_match_vs_nomatch(runner: &mut CtRunner, rng: &mut BenchRng) {
    let (lock, policy) = verifier();
    let zone = Zone::UTC;
    let now = MORNING + 4 * 3600;
    let valid = daily_code(policy, 1, 42);
    assert!(lock.verify(&valid, now, &zone).is_ok());
    let inputs: Vec<(Class, String)> = classes(rng)
        .into_iter()
        .map(|class| match class {
            Class::Left => (class, valid.clone()),
            Class::Right => loop {
                let code = random_code(rng);
                if lock.verify(&code, now, &zone).is_err() {
                    break (class, code);
                }
            },
        })
        .collect();
    for (class, code) in inputs {
        runner.run_one(class, || lock.verify(&code, now, &zone));
    }
}

fn daily_nomatch_fixed_vs_random(runner: &mut CtRunner, rng: &mut BenchRng) {
    let (lock, _) = verifier();
    let zone = Zone::UTC;
    let now = MORNING + 4 * 3600;
    let fixed = loop {
        let code = random_code(rng);
        if lock.verify(&code, now, &zone).is_err() {
            break code;
        }
    };
    let inputs: Vec<(Class, String)> = classes(rng)
        .into_iter()
        .map(|class| match class {
            Class::Left => (class, fixed.clone()),
            Class::Right => loop {
                let code = random_code(rng);
                if lock.verify(&code, now, &zone).is_err() {
                    break (class, code);
                }
            },
        })
        .collect();
    for (class, code) in &inputs {
        runner.run_one(*class, || lock.verify(code, now, &zone));
    }
}

fn daily_match_position(runner: &mut CtRunner, rng: &mut BenchRng) {
    let (lock, policy) = verifier();
    let zone = Zone::UTC;
    let now = MORNING + 4 * 3600;
    let first = daily_code(policy, 0, 0);
    let last = daily_code(policy, 1, 99);
    assert_eq!(lock.verify(&first, now, &zone).unwrap().slot, 0);
    assert_eq!(lock.verify(&last, now, &zone).unwrap().slot, 99);
    let inputs: Vec<(Class, String)> = classes(rng)
        .into_iter()
        .map(|class| match class {
            Class::Left => (class, first.clone()),
            Class::Right => (class, last.clone()),
        })
        .collect();
    for (class, code) in &inputs {
        runner.run_one(*class, || lock.verify(code, now, &zone));
    }
}

fn ff1_decrypt_fixed_vs_random(runner: &mut CtRunner, rng: &mut BenchRng) {
    let ff1 = Ff1Aes256::new(&[3; 32]);
    let tweak = [1u8; 16];
    let inputs: Vec<(Class, [u8; 7])> = classes(rng)
        .into_iter()
        .map(|class| {
            let mut numerals = [0u8; 7];
            if let Class::Right = class {
                for numeral in &mut numerals {
                    *numeral = rng.random_range(0..10);
                }
            }
            (class, numerals)
        })
        .collect();
    for (class, input) in inputs {
        runner.run_one(class, || {
            let mut out = [0u8; 7];
            ff1.decrypt(&tweak, &input, &mut out).map(|()| out)
        });
    }
}

fn hmac_tag_first_vs_last_byte(runner: &mut CtRunner, rng: &mut BenchRng) {
    let key = [5u8; 32];
    let message = [7u8; 200];
    let tag = kdf::hmac_sha256(&key, &[&message]);
    let (mut first, mut last) = (tag, tag);
    first[0] ^= 1;
    last[31] ^= 1;
    assert!(!kdf::hmac_sha256_verify(&key, &[&message], &first));
    assert!(!kdf::hmac_sha256_verify(&key, &[&message], &last));
    // One copy per sample, so that both classes are read from interleaved addresses.
    let inputs: Vec<(Class, [u8; 32])> = classes(rng)
        .into_iter()
        .map(|class| match class {
            Class::Left => (class, first),
            Class::Right => (class, last),
        })
        .collect();
    for (class, forged) in &inputs {
        runner.run_one(*class, || {
            kdf::hmac_sha256_verify(&key, &[&message], forged)
        });
    }
}

/// What the last entry of a bench table is.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    /// Valid at every bench instant.
    Valid,
    /// Its grant expired before [`MORNING`].
    Expired,
    /// Its person is on the deny-list.
    Denied,
    /// Its schedule (01:00 to 02:00 UTC every day) denies every bench instant.
    OutsideSchedule,
}

/// A lock config with `entries` permanent codes 1000000, 1000001, ... (persons 0, 1, ...), the
/// last one as `last` says; the table always holds the schedule and the deny-list entry (so
/// that both classes of a bench run on the same configuration). Throttling is set so that
/// wrong entries never lock the keypad during a run: the count starts over after 1 s of quiet,
/// and every sample is one second later.
fn config(entries: u64, last: Last) -> LockConfig<64> {
    let mut config = LockConfig::<64>::new(door());
    config.throttle = ThrottleConfig {
        limit: 255,
        base_seconds: 1,
        cap_seconds: 1,
        quiet_seconds: 1,
    };
    let night = Schedule::from_windows(&[Window::new(
        DayMask::EVERY_DAY,
        TimeRange::new(60, 120).unwrap(),
    )])
    .unwrap();
    let schedule = config.push_schedule(night).unwrap();
    config.deny_person(1_000_000).unwrap();
    for person in 0..entries {
        let code = permanent_code(person);
        let this = if person == entries - 1 {
            last
        } else {
            Last::Valid
        };
        config
            .push_entry(PermanentEntry {
                tag: permanent_tag(&door_key(), &door(), &code),
                person: if this == Last::Denied {
                    1_000_000
                } else {
                    person
                },
                grant: if this == Last::Expired {
                    Grant::new(0, MORNING - 10).unwrap()
                } else {
                    Grant::ALWAYS
                },
                schedule: (this == Last::OutsideSchedule).then_some(schedule),
            })
            .unwrap();
    }
    config
}

fn permanent_code(person: u64) -> Digits {
    Digits::from_value(1_000_000 + person, CodeLength::SEVEN).unwrap()
}

fn update_bytes() -> Vec<u8> {
    let mut out = vec![0u8; max_update_len(64)];
    let len = build_update(&door_key(), 1, MORNING, &config(64, Last::Valid), &mut out).unwrap();
    out.truncate(len);
    out
}

/// One heap copy of `left` or `right` per sample, so that both classes are read from
/// interleaved addresses (two fixed buffers could differ in alignment or cache sets).
fn per_sample_copies(rng: &mut BenchRng, left: &[u8], right: &[u8]) -> Vec<(Class, Vec<u8>)> {
    classes(rng)
        .into_iter()
        .map(|class| match class {
            Class::Left => (class, left.to_vec()),
            Class::Right => (class, right.to_vec()),
        })
        .collect()
}

fn update_tag_first_vs_last_byte(runner: &mut CtRunner, rng: &mut BenchRng) {
    let update = update_bytes();
    let (mut first, mut last) = (update.clone(), update.clone());
    let tag_start = update.len() - 32;
    first[tag_start] ^= 1;
    last[update.len() - 1] ^= 1;
    let lock = RefCell::new(DefaultLock::new(door_key(), LockConfig::new(door())).unwrap());
    assert!(lock.borrow_mut().apply_update(&first).is_err());
    assert!(lock.borrow_mut().apply_update(&last).is_err());
    let inputs = per_sample_copies(rng, &first, &last);
    for (class, forged) in &inputs {
        runner.run_one(*class, || lock.borrow_mut().apply_update(forged).is_ok());
    }
}

fn state_tag_first_vs_last_byte(runner: &mut CtRunner, rng: &mut BenchRng) {
    let lock = DefaultLock::new(door_key(), config(64, Last::Valid)).unwrap();
    let mut state = vec![0u8; DefaultLock::MAX_STATE_LEN];
    let len = lock.encode_state(&mut state).unwrap();
    state.truncate(len);
    let (mut first, mut last) = (state.clone(), state.clone());
    first[len - 32] ^= 1;
    last[len - 1] ^= 1;
    assert!(DefaultLock::restore(door_key(), &first).is_err());
    assert!(DefaultLock::restore(door_key(), &last).is_err());
    let inputs = per_sample_copies(rng, &first, &last);
    for (class, forged) in &inputs {
        runner.run_one(*class, || DefaultLock::restore(door_key(), forged).is_ok());
    }
}

/// The `sample`-th second of the run, counted within 05:00..23:00Z of successive days, so that
/// no keypress falls in the midnight grace (where a second candidate date would add work).
fn instant(sample: i64) -> i64 {
    const SPAN: i64 = 18 * 3600;
    MORNING + sample / SPAN * 86_400 + sample % SPAN
}

fn run_keypresses(
    runner: &mut CtRunner,
    rng: &mut BenchRng,
    lock: DefaultLock,
    left: &str,
    right: &str,
    expected: (KeypadAnswer, KeypadAnswer),
) {
    let lock = RefCell::new(lock);
    let mut now = MORNING;
    assert_eq!(
        lock.borrow_mut().keypress(left, Clock::Set(now)).0,
        expected.0
    );
    assert_eq!(
        lock.borrow_mut().keypress(right, Clock::Set(now)).0,
        expected.1
    );
    for (sample, class) in classes(rng).into_iter().enumerate() {
        now = instant(sample as i64 + 1);
        let code = match class {
            Class::Left => left,
            Class::Right => right,
        };
        runner.run_one(class, || {
            lock.borrow_mut().keypress(code, Clock::Set(now)).0
        });
    }
    // Nothing locked the keypad during the run.
    let last = lock.borrow_mut().keypress(left, Clock::Set(now + 86_400)).0;
    assert_eq!(last, expected.0);
}

fn permanent_first_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    let lock = DefaultLock::new(door_key(), config(64, Last::Valid)).unwrap();
    let (first, last) = (
        permanent_code(0).to_string(),
        permanent_code(63).to_string(),
    );
    run_keypresses(
        runner,
        rng,
        lock,
        &first,
        &last,
        (KeypadAnswer::Accept, KeypadAnswer::Accept),
    );
}

fn permanent_none_vs_last(runner: &mut CtRunner, rng: &mut BenchRng, last: Last) {
    let lock = DefaultLock::new(door_key(), config(64, last)).unwrap();
    let none = permanent_code(500).to_string();
    let invalid = permanent_code(63).to_string();
    run_keypresses(
        runner,
        rng,
        lock,
        &none,
        &invalid,
        (KeypadAnswer::Reject, KeypadAnswer::Reject),
    );
}

fn permanent_none_vs_last_expired(runner: &mut CtRunner, rng: &mut BenchRng) {
    permanent_none_vs_last(runner, rng, Last::Expired);
}

fn permanent_none_vs_last_denied(runner: &mut CtRunner, rng: &mut BenchRng) {
    permanent_none_vs_last(runner, rng, Last::Denied);
}

fn permanent_none_vs_last_outside_schedule(runner: &mut CtRunner, rng: &mut BenchRng) {
    permanent_none_vs_last(runner, rng, Last::OutsideSchedule);
}

/// A random non-matching code vs a single-use code first used 20 minutes before the sample
/// (both rejected: `NoMatch` vs `SingleUseExpired`). Each bench day has its own single-use
/// code, used (untimed) at 04:40 of that day.
fn single_use_used_vs_none(runner: &mut CtRunner, rng: &mut BenchRng) {
    let config = config(64, Last::Valid);
    let policy = config.policy;
    let lock = RefCell::new(DefaultLock::new(door_key(), config).unwrap());
    let used_code = |day: i64| {
        let date = doorcode::civil::LocalDate::from_days_since_epoch(
            ((MORNING + day * 86_400) / 86_400) as i32,
        )
        .unwrap();
        issue_daily(
            &door_key(),
            door(),
            IssuerId(0),
            Epoch(0),
            policy,
            date,
            DailyKind::SingleUse,
            7,
        )
        .unwrap()
        .to_string()
    };
    let mut day = -1;
    let mut used = String::new();
    for (sample, class) in classes(rng).into_iter().enumerate() {
        let now = instant(sample as i64);
        if (now - MORNING) / 86_400 != day {
            day = (now - MORNING) / 86_400;
            used = used_code(day);
            let first = MORNING + day * 86_400 - 20 * 60;
            let mut lock = lock.borrow_mut();
            assert_eq!(
                lock.keypress(&used, Clock::Set(first)).0,
                KeypadAnswer::Accept
            );
            let (answer, event) = lock.keypress(&used, Clock::Set(now));
            assert_eq!(answer, KeypadAnswer::Reject);
            assert!(matches!(
                event.reason,
                Some(RejectReason::SingleUseExpired { .. })
            ));
        }
        let code = match class {
            Class::Left => loop {
                let code = random_code(rng);
                if !(1_000_000..1_000_064).contains(&code.parse::<u64>().unwrap()) && code != used {
                    break code;
                }
            },
            Class::Right => used.clone(),
        };
        runner.run_one(class, || {
            lock.borrow_mut().keypress(&code, Clock::Set(now)).0
        });
    }
}

/// dudect-bencher's own `ctbench_main!` refuses the `--bench` flag that `cargo bench` passes,
/// so this main reads the same options itself: `--filter NAME`, `--continuous NAME`,
/// `--out FILE` (raw timings as CSV).
fn main() {
    let benches: [(&'static str, BenchFn); 12] = [
        ("daily_match_vs_nomatch", daily_match_vs_nomatch),
        (
            "daily_nomatch_fixed_vs_random",
            daily_nomatch_fixed_vs_random,
        ),
        ("daily_match_position", daily_match_position),
        ("ff1_decrypt_fixed_vs_random", ff1_decrypt_fixed_vs_random),
        ("hmac_tag_first_vs_last_byte", hmac_tag_first_vs_last_byte),
        (
            "update_tag_first_vs_last_byte",
            update_tag_first_vs_last_byte,
        ),
        ("state_tag_first_vs_last_byte", state_tag_first_vs_last_byte),
        ("permanent_first_vs_last", permanent_first_vs_last),
        (
            "permanent_none_vs_last_expired",
            permanent_none_vs_last_expired,
        ),
        (
            "permanent_none_vs_last_denied",
            permanent_none_vs_last_denied,
        ),
        (
            "permanent_none_vs_last_outside_schedule",
            permanent_none_vs_last_outside_schedule,
        ),
        ("single_use_used_vs_none", single_use_used_vs_none),
    ];
    let mut opts = BenchOpts::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => {}
            "--filter" => opts.filter = args.next(),
            "--continuous" => {
                opts.continuous = true;
                opts.filter = args.next();
            }
            "--out" => opts.file_out = args.next().map(PathBuf::from),
            // `cargo bench --bench ct NAME` passes a bare filter.
            other if !other.starts_with('-') => opts.filter = Some(other.to_owned()),
            other => panic!("unknown option {other}: expected --filter, --continuous or --out"),
        }
    }
    let benches = benches
        .into_iter()
        .map(|(name, benchfn)| BenchMetadata {
            name: BenchName(name),
            seed: None,
            benchfn,
        })
        .collect();
    run_benches_console(opts, benches).unwrap();
}
