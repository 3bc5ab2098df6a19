//! Lock verifier benchmarks: one keypress through [`LockVerifier::keypress`] (daily verifier,
//! permanent-table lookup over every entry, single-use and throttle bookkeeping), and the
//! persisted-state round trip.
//!
//! Run: `cargo bench --bench lock -- --warm-up-time 1 --measurement-time 3`.
//!
//! Groups:
//! - `lock/keypress_daily/entries=E`: a valid daily code, 1 issuer, E permanent entries; the
//!   cost must not grow with how many daily codes were issued, and grows with E only by one
//!   32-byte constant-time comparison per entry.
//! - `lock/keypress_permanent/entries=E`: the last permanent entry's code.
//! - `lock/keypress_locked_out`: an entry while locked out (nothing is evaluated).
//! - `lock/encode_state`, `lock/restore`: a `DefaultLock` with 64 entries and 32 records.
//! - `lock/permanent_lookup/{wrong,valid}/P`: a full keypress of a wrong 8-digit code (no daily
//!   or permanent match: `NoMatch`) and of a valid permanent code (the table's last entry), on a
//!   `LockVerifier<P, 32, 4>` whose table of P = 16, 256, 1,024 entries was installed with
//!   `build_update` / `apply_update`. Every entry is compared (constant time, no early exit), so
//!   the cost grows linearly with P, and a wrong code costs the same as a valid one. The wrong
//!   code is timed in runs of `limit - 1` entries, the clock moving on between runs far enough
//!   for the throttle to forgive them, so it never locks the door and every timed entry is
//!   evaluated.
//! - `lock/keypress_daily/default`: a valid daily code on a `DefaultLock` (1 issuer) after an
//!   update (`build_update` / `apply_update`) that fills all 64 permanent entries.

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use doorcode::code::{CodeLength, Digits};
use doorcode::daily::{DailyKind, issue_daily};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
use doorcode::lock::{
    Clock, DefaultLock, KeypadAnswer, LockConfig, LockVerifier, PermanentEntry, RejectReason,
    ThrottleConfig, build_update, max_update_len, permanent_tag,
};
use doorcode::schedule::Grant;

/// 2026-11-22T09:00:00Z.
const NINE: i64 = 1_795_338_000;

fn key() -> DoorKey {
    DoorKey::from_bytes(&[0x42; 32]).unwrap()
}

fn door() -> DoorId {
    DoorId::new(b"lobby").unwrap()
}

fn permanent_code(index: usize) -> String {
    format!("{:07}", 1_000_003 + index * 7919)
}

/// The lookup benches use 8-digit codes: 1,024 seven-digit codes beside the default daily
/// policy would exceed the odds ceiling (SPEC.md 14.7), which the lock refuses.
fn permanent_code_8(index: usize) -> String {
    format!("{:08}", 10_000_003 + index * 7919)
}

fn lock_with(entries: usize) -> DefaultLock {
    let mut config = LockConfig::<64>::new(door());
    for index in 0..entries {
        let code = Digits::parse(&permanent_code(index), CodeLength::SEVEN).unwrap();
        config
            .push_entry(PermanentEntry {
                tag: permanent_tag(&key(), &door(), &code),
                person: index as u64,
                grant: Grant::ALWAYS,
                schedule: None,
            })
            .unwrap();
    }
    DefaultLock::new(key(), config).unwrap()
}

/// A factory `LockVerifier<P, 32, 4>` that then applies one door update carrying `entries`
/// permanent codes (and the throttle limit raised to Matter's maximum, 255, with 1 s lockouts
/// and one wrong entry forgiven per second).
fn lock_updated<const P: usize>(entries: usize, digits: u8) -> Box<LockVerifier<P, 32, 4>> {
    let mut config = Box::new(LockConfig::<P>::new(door()));
    config.policy.length = CodeLength::new(digits).unwrap();
    config.throttle = ThrottleConfig {
        limit: u8::MAX,
        base_seconds: 1,
        cap_seconds: 1,
        quiet_seconds: u32::from(u8::MAX),
    };
    for index in 0..entries {
        let text = if digits == 8 {
            permanent_code_8(index)
        } else {
            permanent_code(index)
        };
        let code = Digits::parse(&text, config.policy.length).unwrap();
        config
            .push_entry(PermanentEntry {
                tag: permanent_tag(&key(), &door(), &code),
                person: index as u64,
                grant: Grant::ALWAYS,
                schedule: None,
            })
            .unwrap();
    }
    let mut update = vec![0u8; max_update_len(P)];
    let len = build_update(&key(), 1, NINE - 3600, &config, &mut update).unwrap();
    let mut lock = Box::new(LockVerifier::<P, 32, 4>::new(key(), LockConfig::new(door())).unwrap());
    let summary = lock.apply_update(&update[..len]).unwrap();
    assert_eq!(summary.entries, entries);
    lock
}

/// An 8-digit code that is neither a permanent code of the table nor a daily code of the day.
const WRONG: &str = "99999990";

fn bench_lookup<const P: usize>(c: &mut Criterion) {
    let mut lock = lock_updated::<P>(P, 8);
    let valid = permanent_code_8(P - 1);
    assert_eq!(
        lock.keypress(&valid, Clock::Set(NINE)).0,
        KeypadAnswer::Accept
    );
    let (answer, event) = lock.keypress(WRONG, Clock::Set(NINE));
    assert_eq!(answer, KeypadAnswer::Reject);
    assert_eq!(event.reason, Some(RejectReason::NoMatch));
    lock.keypress(&valid, Clock::Set(NINE));

    let run = usize::from(lock.config().throttle.limit - 1) as u64;
    let mut now = NINE;
    c.bench_function(&format!("lock/permanent_lookup/wrong/{P}"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                // The previous run's wrong entries are forgiven (one per second), so no timed
                // entry is locked out. A correct code would not reset the count.
                now += i64::from(u8::MAX);
                let n = left.min(run);
                let start = Instant::now();
                for _ in 0..n {
                    black_box(lock.keypress(black_box(WRONG), black_box(Clock::Set(now))));
                }
                total += start.elapsed();
                left -= n;
            }
            total
        })
    });
    // Every timed entry was evaluated: none started a lockout.
    assert_eq!(lock.throttle_state().locked_until, None);
    c.bench_function(&format!("lock/permanent_lookup/valid/{P}"), |b| {
        b.iter(|| lock.keypress(black_box(&valid), black_box(Clock::Set(NINE))))
    });
}

fn daily_code(kind: DailyKind, slot: u32) -> String {
    issue_daily(
        &key(),
        door(),
        IssuerId(0),
        Epoch(0),
        Default::default(),
        "2026-11-22".parse().unwrap(),
        kind,
        slot,
    )
    .unwrap()
    .to_string()
}

fn bench(c: &mut Criterion) {
    let daily = daily_code(DailyKind::Daily, 3);
    for entries in [0usize, 16, 64] {
        let mut lock = lock_with(entries);
        c.bench_with_input(
            BenchmarkId::new("lock/keypress_daily/entries", entries),
            &daily,
            |b, code| b.iter(|| lock.keypress(black_box(code), Clock::Set(NINE))),
        );
        if entries > 0 {
            let code = permanent_code(entries - 1);
            c.bench_with_input(
                BenchmarkId::new("lock/keypress_permanent/entries", entries),
                &code,
                |b, code| b.iter(|| lock.keypress(black_box(code), Clock::Set(NINE))),
            );
        }
    }

    bench_lookup::<16>(c);
    bench_lookup::<256>(c);
    bench_lookup::<1024>(c);

    let mut default = lock_updated::<64>(64, 7);
    assert_eq!(
        default.keypress(&daily, Clock::Set(NINE)).0,
        KeypadAnswer::Accept
    );
    c.bench_function("lock/keypress_daily/default", |b| {
        b.iter(|| default.keypress(black_box(&daily), black_box(Clock::Set(NINE))))
    });

    let mut locked = lock_with(64);
    for _ in 0..5 {
        locked.keypress("0000000", Clock::Set(NINE));
    }
    c.bench_function("lock/keypress_locked_out", |b| {
        b.iter(|| locked.keypress(black_box(&daily), Clock::Set(NINE + 1)))
    });

    let mut full = lock_with(64);
    for slot in 0..32 {
        full.keypress(&daily_code(DailyKind::SingleUse, slot), Clock::Set(NINE));
    }
    let mut buffer = vec![0u8; DefaultLock::MAX_STATE_LEN];
    c.bench_function("lock/encode_state", |b| {
        b.iter(|| full.encode_state(black_box(&mut buffer)).unwrap())
    });
    let len = full.encode_state(&mut buffer).unwrap();
    let state = buffer[..len].to_vec();
    c.bench_function("lock/restore", |b| {
        b.iter(|| DefaultLock::restore(key(), black_box(&state)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
