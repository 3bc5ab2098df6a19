//! Zone benchmarks: the local date of an instant, which the lock computes for every candidate
//! date of every code it verifies.
//!
//! Run: `cargo bench --bench zone -- --warm-up-time 1 --measurement-time 3`.
//!
//! Groups (instants spread over 2026, one per call, so both DST states are hit):
//! - `zone/local_date/fixed`: a fixed offset (`Zone::fixed(3600)`), the floor.
//! - `zone/local_date/posix_rule`: `EST5EDT,M3.2.0,M11.1.0` (`Zone<0>`, rule only).
//! - `zone/local_date/iana_dublin`: Europe/Dublin built with `Zone::<IANA_CAPACITY>::from_iana`
//!   from 1970 (its instants are past the explicit transitions, so the rule answers after a
//!   binary search of the list).
//! - `zone/local_date/iana_dublin_1990`: the same zone at instants in 1990, answered from the
//!   explicit list.
//! - `zone/local_date/jiff_dublin`: jiff's `Timestamp::to_zoned(..).date()` for the same
//!   instants, as a peer.

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

use criterion::{Criterion, criterion_group, criterion_main};
use doorcode::zone::{IANA_CAPACITY, Zone};

/// 2026-01-01T00:00:00Z.
const YEAR_2026: i64 = 1_767_225_600;
/// 1990-01-01T00:00:00Z.
const YEAR_1990: i64 = 631_152_000;

/// 64 instants spread over a year (about 5.7 days apart, at varying times of day).
fn instants(from: i64) -> Vec<i64> {
    (0..64).map(|i| from + i * 493_117).collect()
}

fn local_date<const N: usize>(c: &mut Criterion, name: &str, zone: &Zone<N>, from: i64) {
    let instants = instants(from);
    let mut i = 0usize;
    c.bench_function(name, |b| {
        b.iter(|| {
            i = (i + 1) & 63;
            zone.local_date(black_box(instants[i])).unwrap()
        })
    });
}

fn bench(c: &mut Criterion) {
    local_date(
        c,
        "zone/local_date/fixed",
        &Zone::fixed(3600).unwrap(),
        YEAR_2026,
    );
    let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap();
    local_date(c, "zone/local_date/posix_rule", &new_york, YEAR_2026);
    let dublin =
        Zone::<IANA_CAPACITY>::from_iana("Europe/Dublin", 0, 4_102_444_800).expect("Dublin");
    local_date(c, "zone/local_date/iana_dublin", &dublin, YEAR_2026);
    local_date(c, "zone/local_date/iana_dublin_1990", &dublin, YEAR_1990);

    let tz = jiff::tz::TimeZone::get("Europe/Dublin").unwrap();
    let timestamps: Vec<jiff::Timestamp> = instants(YEAR_2026)
        .into_iter()
        .map(|t| jiff::Timestamp::from_second(t).unwrap())
        .collect();
    let mut i = 0usize;
    c.bench_function("zone/local_date/jiff_dublin", |b| {
        b.iter(|| {
            i = (i + 1) & 63;
            black_box(timestamps[i]).to_zoned(tz.clone()).date()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
