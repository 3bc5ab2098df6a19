//! Permanent-code benchmarks (backend side: locks never derive permanent codes).
//!
//! Run: `cargo bench --bench permanent -- --warm-up-time 1 --measurement-time 3`.
//!
//! Groups:
//! - `permanent/derive/digits=N`: [`derive`], one candidate code (one HMAC-SHA256 of a ~60-byte
//!   input under a pre-derived key, then a 128-bit reduction).
//! - `permanent/derive_from_site_key`: [`SiteKey::permanent_key`] (HKDF-Extract + Expand) and
//!   one [`derive`], the cost when the key is not kept between calls.
//! - `permanent/resolve_sorted/taken=1000`: [`permanent_code_sorted`] at 7 digits against 1,000
//!   taken codes in a sorted slice, attempt 0 free (the usual case).
//! - `permanent/resolve_sorted/taken=1000,first_3_taken`: the same when the person's first three
//!   candidates are taken (four derivations and binary searches).
//!
//! Measured on the shared 2-core dev machine (2026-11-22, `--warm-up-time 1 --measurement-time 3`):
//! derive 6/7/12 digits ~350/410/390 ns; derive_from_site_key ~960 ns; resolve_sorted
//! taken=1000 ~410 ns, with the first three candidates taken ~1.8 us.

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use doorcode::code::CodeLength;
use doorcode::keys::{DoorId, SiteKey};
use doorcode::permanent::{Generation, PersonId, Scope, derive, permanent_code_sorted};

fn bench(c: &mut Criterion) {
    let site = SiteKey::from_bytes(&[7; 32]).expect("site key");
    let key = site.permanent_key();
    let door = DoorId::new(b"lobby").expect("door id");
    let person = PersonId::new(&123_456_789u64.to_be_bytes()).expect("person id");
    let seven = CodeLength::SEVEN;

    let mut group = c.benchmark_group("permanent");
    for digits in [6u8, 7, 12] {
        let length = CodeLength::new(digits).expect("length");
        group.bench_function(
            BenchmarkId::new("derive", format!("digits={digits}")),
            |b| {
                b.iter(|| {
                    derive(
                        black_box(&key),
                        black_box(&person),
                        Scope::Door(black_box(&door)),
                        Generation(0),
                        length,
                        0,
                    )
                });
            },
        );
    }
    group.bench_function("derive_from_site_key", |b| {
        b.iter(|| {
            let key = black_box(&site).permanent_key();
            derive(&key, &person, Scope::Door(&door), Generation(0), seven, 0)
        });
    });

    // 1,000 other people's codes at the door, sorted.
    let mut taken: Vec<u64> = (0..1_000u64)
        .map(|n| {
            let other = PersonId::new(&n.to_be_bytes()).expect("person id");
            derive(&key, &other, Scope::Door(&door), Generation(0), seven, 0).value()
        })
        .collect();
    taken.sort_unstable();
    taken.dedup();
    group.bench_function(BenchmarkId::new("resolve_sorted", "taken=1000"), |b| {
        b.iter(|| {
            permanent_code_sorted(
                black_box(&key),
                black_box(&person),
                Scope::Door(&door),
                Generation(0),
                seven,
                black_box(&taken),
            )
        });
    });
    let mut crowded = taken.clone();
    for attempt in 0..3 {
        crowded.push(
            derive(
                &key,
                &person,
                Scope::Door(&door),
                Generation(0),
                seven,
                attempt,
            )
            .value(),
        );
    }
    crowded.sort_unstable();
    group.bench_function(
        BenchmarkId::new("resolve_sorted", "taken=1000,first_3_taken"),
        |b| {
            b.iter(|| {
                permanent_code_sorted(
                    black_box(&key),
                    black_box(&person),
                    Scope::Door(&door),
                    Generation(0),
                    seven,
                    black_box(&crowded),
                )
            });
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
