//! Batch issuance: 1,000,000 daily codes with [`BatchRequest::issue`] (rayon, every core) and,
//! in the same run, the sequential baseline a backend would write without it (one
//! [`DailyIssuer`] per door, a loop over dates and slots).
//!
//! Run: `cargo bench --bench batch -- --warm-up-time 1 --measurement-time 5`.
//!
//! Shape: 500 doors x 10 days x 200 slots (the default policy's 100 daily + 100 single-use
//! slots, 7 digits). Both benches derive the door keys from the site key inside the timed part,
//! as a backend does for every batch. Throughput is reported in codes (elements) per second.

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

use std::hint::black_box;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use doorcode::batch::{BatchCode, BatchRequest, DoorKeys, SlotRange};
use doorcode::civil::LocalDate;
use doorcode::daily::{DailyIssuer, DailyKind, DailyPolicy};
use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};

const DOORS: usize = 500;
const DAYS: u32 = 10;

/// The loop a backend writes with the one-at-a-time API: same order as the batch.
fn sequential(request: &BatchRequest<'_>, site: &SiteKey) -> Vec<BatchCode> {
    let mut out = Vec::with_capacity(request.code_count().unwrap());
    let first = request.first_date.days_since_epoch();
    for (door_index, door) in request.doors.iter().enumerate() {
        let issuer_key = site
            .door_key(door)
            .issuer_key(request.issuer, request.epoch);
        let issuer = DailyIssuer::new(&issuer_key, request.issuer, *door, request.policy);
        for day in 0..request.days {
            let date =
                LocalDate::from_days_since_epoch(first + i32::try_from(day).unwrap()).unwrap();
            for range in request.slots {
                for slot in range.first..range.first + range.count {
                    let code = issuer.issue(date, range.kind, slot).unwrap();
                    out.push(BatchCode {
                        door: door_index,
                        date,
                        kind: range.kind,
                        slot,
                        code,
                    });
                }
            }
        }
    }
    out
}

fn bench_batch(c: &mut Criterion) {
    let site = SiteKey::from_bytes(&[7; 32]).unwrap();
    let doors: Vec<DoorId> = (0..DOORS)
        .map(|i| DoorId::new(format!("room-{i:04}").as_bytes()).unwrap())
        .collect();
    let policy = DailyPolicy::default();
    let slots = [
        SlotRange::all(DailyKind::Daily, &policy),
        SlotRange::all(DailyKind::SingleUse, &policy),
    ];
    let request = BatchRequest {
        keys: DoorKeys::Site(&site),
        doors: &doors,
        issuer: IssuerId(0),
        epoch: Epoch(0),
        first_date: "2026-11-22".parse().unwrap(),
        days: DAYS,
        slots: &slots,
        policy,
    };
    let count = request.code_count().unwrap();
    assert_eq!(count, 1_000_000);
    // Sanity: both sides produce the same million codes.
    assert_eq!(request.issue().unwrap(), sequential(&request, &site));

    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(count as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.bench_function("issue_1M/rayon", |b| {
        b.iter(|| black_box(&request).issue().unwrap())
    });
    group.bench_function("issue_1M/sequential", |b| {
        b.iter(|| sequential(black_box(&request), &site))
    });
    group.finish();
}

criterion_group!(benches, bench_batch);
criterion_main!(benches);
