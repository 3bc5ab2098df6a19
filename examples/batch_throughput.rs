//! Throughput of batch issuance outside criterion, for measuring CPU time as well as wall time
//! on a shared machine: `perf stat -e task-clock target/release/examples/batch_throughput MODE`
//! after `cargo build --release --example batch_throughput`. MODE is `rayon`
//! ([`BatchRequest::issue`]) or `sequential` (a loop over [`DailyIssuer::issue`]); each issues
//! 5 x 1,000,000 codes (500 doors x 10 days x 200 slots, the shape of `benches/batch.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_precision_loss
)]

use std::time::Instant;

use doorcode::batch::{BatchRequest, DoorKeys, SlotRange};
use doorcode::civil::LocalDate;
use doorcode::daily::{DailyIssuer, DailyKind, DailyPolicy};
use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};

const ROUNDS: usize = 5;

fn main() {
    let mode = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "rayon".to_owned());
    let site = SiteKey::from_bytes(&[7; 32]).unwrap();
    let doors: Vec<DoorId> = (0..500)
        .map(|i| DoorId::new(format!("room-{i:04}").as_bytes()).unwrap())
        .collect();
    let policy = DailyPolicy::default();
    let slots = [
        SlotRange::all(DailyKind::Daily, &policy),
        SlotRange::all(DailyKind::SingleUse, &policy),
    ];
    let first_date: LocalDate = "2026-11-22".parse().unwrap();
    let request = BatchRequest {
        keys: DoorKeys::Site(&site),
        doors: &doors,
        issuer: IssuerId(0),
        epoch: Epoch(0),
        first_date,
        days: 10,
        slots: &slots,
        policy,
    };
    let start = Instant::now();
    let mut codes = 0usize;
    for _ in 0..ROUNDS {
        match mode.as_str() {
            "rayon" => codes = codes.saturating_add(request.issue().unwrap().len()),
            "sequential" => {
                for door in &doors {
                    let key = site.door_key(door).issuer_key(IssuerId(0), Epoch(0));
                    let issuer = DailyIssuer::new(&key, IssuerId(0), *door, policy);
                    let mut date = first_date;
                    for _ in 0..request.days {
                        for range in &slots {
                            for slot in range.first..range.first.saturating_add(range.count) {
                                std::hint::black_box(issuer.issue(date, range.kind, slot).unwrap());
                                codes = codes.saturating_add(1);
                            }
                        }
                        date = date.succ().unwrap();
                    }
                }
            }
            other => panic!("unknown mode {other}: expected rayon or sequential"),
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{mode}: {codes} codes in {seconds:.2} s wall = {:.2} M codes/s",
        codes as f64 / seconds / 1e6
    );
}
