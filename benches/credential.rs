//! Mobile-credential benchmarks (SPEC.md section 16).
//!
//! Run: `cargo bench --bench credential -- --warm-up-time 1 --measurement-time 3`.
//!
//! Groups:
//! - `credential/issue/doors=N`: the backend issues an N-door credential with a one-window
//!   schedule (seal, wrap, N root proof keys).
//! - `credential/delegate`: a holder appends one caveat (open the chain, seal, chain the proof).
//! - `credential/verify/links=L`: the lock side, [`verify_presentation`] of a one-door
//!   credential with L caveats (proof chain, decrypt, deny-lists, widening, schedules). Goal:
//!   at most 10 µs for three links.
//! - `credential/present_lock/links=3`: `LockVerifier::present` of a three-link chain (the
//!   lock path: the consumed challenge, clock checks, cached issuer keys, verification); the
//!   challenge and the phone's answer are made outside the timing.

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use doorcode::credential::{
    Caveat, CredentialFields, CredentialId, CredentialIssuer, DoorSet, HolderCredential,
    VerifyContext, verify_presentation,
};
use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};
use doorcode::lock::{Clock, DefaultLock, KeypadAnswer, LockConfig};
use doorcode::schedule::{DayMask, Grant, Schedule, TimeRange, Window};
use doorcode::zone::Zone;

/// 2026-11-22T09:00:00Z (a Sunday).
const NINE: i64 = 1_795_338_000;

fn site() -> SiteKey {
    SiteKey::from_bytes(&[0x42; 32]).unwrap()
}

fn doors(count: usize) -> Vec<DoorId> {
    (0..count)
        .map(|index| DoorId::new(format!("door-{index:02}").as_bytes()).unwrap())
        .collect()
}

fn fields() -> CredentialFields {
    let mut fields = CredentialFields::new(
        CredentialId::from_bytes([7; 16]),
        1001,
        Grant::new(NINE - 86_400, NINE + 86_400 * 365).unwrap(),
    );
    fields.may_share = true;
    fields.schedule = Some(
        Schedule::from_windows(&[Window::new(
            DayMask::EVERY_DAY,
            TimeRange::new(6 * 60, 23 * 60).unwrap(),
        )])
        .unwrap(),
    );
    fields
}

fn chain(links: usize) -> (HolderCredential, DoorId) {
    let all = doors(1);
    let issuer = CredentialIssuer::from_site(&site(), IssuerId(0), Epoch(0), &all);
    let mut holder = issuer.issue(&fields(), &all, &[1; 32]).unwrap();
    for link in 0..links {
        let mut caveat = Caveat::new(
            CredentialId::from_bytes([10 + link as u8; 16]),
            2000 + link as u64,
            DoorSet(1),
            Grant::new(NINE - 3600, NINE + 86_400 * (30 - link as i64)).unwrap(),
        );
        caveat.may_share = true;
        holder = holder.delegate(&caveat).unwrap();
    }
    (holder, all[0])
}

fn bench(c: &mut Criterion) {
    let site = site();
    for count in [1usize, 20] {
        let all = doors(count);
        let issuer = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &all);
        let fields = fields();
        c.bench_with_input(
            BenchmarkId::new("credential/issue", format!("doors={count}")),
            &count,
            |b, _| b.iter(|| issuer.issue(black_box(&fields), &all, &[1; 32]).unwrap()),
        );
    }

    let (holder, _) = chain(0);
    let caveat = Caveat::new(
        CredentialId::from_bytes([3; 16]),
        77,
        DoorSet(1),
        Grant::new(NINE, NINE + 3600).unwrap(),
    );
    c.bench_function("credential/delegate", |b| {
        b.iter(|| holder.delegate(black_box(&caveat)).unwrap())
    });

    for links in [0usize, 3] {
        let (holder, door) = chain(links);
        let nonce = [9u8; 16];
        let presentation = holder.present(&door, &nonce).unwrap();
        let door_key = site.door_key(&door);
        let context = VerifyContext {
            door_key: &door_key,
            door: &door,
            issuers: &[(IssuerId(0), Epoch(0))],
            nonce: &nonce,
            now: NINE,
            zone: &Zone::UTC,
            denied_credentials: &[],
            denied_persons: &[],
        };
        assert!(verify_presentation(&context, &presentation).is_ok());
        c.bench_with_input(
            BenchmarkId::new("credential/verify", format!("links={links}")),
            &links,
            |b, _| b.iter(|| verify_presentation(&context, black_box(&presentation)).unwrap()),
        );
    }

    // Only `present` is timed: each iteration needs a fresh challenge and its answer, made
    // outside the measurement.
    let (holder, door) = chain(3);
    let mut lock = DefaultLock::new(site.door_key(&door), LockConfig::new(door)).unwrap();
    c.bench_function("credential/present_lock/links=3", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let challenge = lock.challenge(&[5; 16], Clock::Set(NINE)).unwrap();
                let presentation = holder.present(&door, &challenge.nonce).unwrap();
                let start = Instant::now();
                let (answer, _) = lock.present(black_box(&presentation), Clock::Set(NINE));
                total += start.elapsed();
                assert_eq!(answer, KeypadAnswer::Accept);
            }
            total
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
