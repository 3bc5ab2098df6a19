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

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use doorcode::code::{CodeLength, Digits};
use doorcode::daily::{DailyKind, issue_daily};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
use doorcode::lock::{Clock, DefaultLock, LockConfig, PermanentEntry, permanent_tag};
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
