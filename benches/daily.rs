//! Daily-code benchmarks: issuing, lock-side verification, and the lock-side job done the way a
//! user of `totp-rs` would do it without this library (peers side by side in one run).
//!
//! Run: `cargo bench --bench daily -- --warm-up-time 1 --measurement-time 3`.
//!
//! Groups:
//! - `daily/issue`: [`DailyIssuer::issue`] with a pre-built issuer (7 digits, default policy).
//! - `daily/issue_from_door_key`: the one-shot [`issue_daily`], which derives the issuer and
//!   daily-code keys (HKDF) and expands the AES key on every call.
//! - `daily/verify/issuers=N`: [`DailyVerifier::verify`] of a valid code at 12:00 local (UTC+01:00),
//!   one candidate date, N issuers (7 digits, 50 + 50 slots: see below).
//! - `daily/verify_in_grace/issuers=4`: the same at 00:05 local, where the previous day is also a
//!   candidate (2 dates x 4 issuers = 8 FF1 decryptions).
//! - `lock_check/{totp_loop,doorcode}/slots=S`: one keypress checked against S issued slots.

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
use doorcode::civil::LocalDate;
use doorcode::code::CodeLength;
use doorcode::daily::{
    DEFAULT_GRACE_SECONDS, DailyIssuer, DailyKind, DailyPolicy, DailyVerifier, issue_daily,
};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId, SiteKey};
use doorcode::zone::Zone;
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// 2026-11-22T00:00:00Z.
const MIDNIGHT_UTC: i64 = 1_795_305_600;
/// The door's zone offset: UTC+01:00.
const OFFSET: i32 = 3600;
/// 12:00 local on 2026-11-22 (11:00Z): one candidate date.
const MIDDAY: i64 = MIDNIGHT_UTC + 11 * 3600;
/// 00:05 local on 2026-11-22 (2026-11-21T23:05Z): inside the 15-minute grace, so 2026-11-21's
/// codes are tried too.
const JUST_AFTER_MIDNIGHT: i64 = MIDNIGHT_UTC - 3600 + 5 * 60;

struct Door {
    key: DoorKey,
    id: DoorId,
    zone: Zone,
    today: LocalDate,
    yesterday: LocalDate,
}

fn door() -> Door {
    let site = SiteKey::from_bytes(&[7; 32]).expect("site key");
    let id = DoorId::new(b"lobby").expect("door id");
    let today: LocalDate = "2026-11-22".parse().expect("date");
    Door {
        key: site.door_key(&id),
        id,
        zone: Zone::fixed(OFFSET).expect("zone"),
        today,
        yesterday: today.pred().expect("date"),
    }
}

fn issuers(count: u32) -> Vec<(IssuerId, Epoch)> {
    (0..count).map(|i| (IssuerId(i), Epoch(0))).collect()
}

fn issuer(door: &Door, id: IssuerId, policy: DailyPolicy) -> DailyIssuer {
    DailyIssuer::new(&door.key.issuer_key(id, Epoch(0)), id, door.id, policy)
}

fn bench_daily(c: &mut Criterion) {
    let door = door();
    let policy = DailyPolicy::default();
    let mut group = c.benchmark_group("daily");

    let backend = issuer(&door, IssuerId(0), policy);
    backend
        .issue(door.today, DailyKind::Daily, 3)
        .expect("FF1 must be real to issue codes");
    group.bench_function("issue", |b| {
        b.iter(|| {
            backend.issue(
                black_box(door.today),
                black_box(DailyKind::Daily),
                black_box(3),
            )
        })
    });

    group.bench_function("issue_from_door_key", |b| {
        b.iter(|| {
            issue_daily(
                black_box(&door.key),
                door.id,
                black_box(IssuerId(0)),
                Epoch(0),
                policy,
                black_box(door.today),
                DailyKind::Daily,
                black_box(3),
            )
        })
    });

    // The default policy (100 + 100 slots, 15 min grace) is refused for 4 issuers by the odds
    // ceiling (2 dates x 4 issuers x 200 slots = 1600/10^7 > 1/10^4), so the verify benches use
    // 7 digits with 50 + 50 slots, valid for up to 5 issuers. Verification cost does not depend
    // on the slot counts (see `lock_check`), only on candidate dates x issuers.
    let policy = DailyPolicy {
        daily_slots: 50,
        single_use_slots: 50,
        ..DailyPolicy::default()
    };
    // A valid code from the last enabled issuer (the verifier tries every issuer regardless).
    for count in [1u32, 4] {
        let lock = DailyVerifier::new(&door.key, door.id, policy, &issuers(count)).expect("lock");
        let last = IssuerId(count - 1);
        let code = issuer(&door, last, policy)
            .issue(door.today, DailyKind::Daily, 42)
            .expect("issue")
            .to_string();
        let accepted = lock.verify(&code, MIDDAY, &door.zone).expect("valid code");
        assert_eq!(
            (accepted.date, accepted.slot, accepted.issuer),
            (door.today, 42, last)
        );
        group.bench_with_input(
            BenchmarkId::new("verify", format!("issuers={count}")),
            &code,
            |b, code| {
                b.iter(|| lock.verify(black_box(code), black_box(MIDDAY), black_box(&door.zone)))
            },
        );
    }

    // At 00:05 local yesterday's codes still work: 2 candidate dates x 4 issuers. The code is
    // yesterday's, from the last issuer.
    let lock = DailyVerifier::new(&door.key, door.id, policy, &issuers(4)).expect("lock");
    assert_eq!(
        lock.odds_at(JUST_AFTER_MIDNIGHT, &door.zone)
            .expect("odds")
            .accepted,
        2 * 4 * u64::from(policy.daily_slots + policy.single_use_slots),
        "00:05 local must have two candidate dates"
    );
    let code = issuer(&door, IssuerId(3), policy)
        .issue(door.yesterday, DailyKind::Daily, 42)
        .expect("issue")
        .to_string();
    let accepted = lock
        .verify(&code, JUST_AFTER_MIDNIGHT, &door.zone)
        .expect("valid in grace");
    assert_eq!(accepted.date, door.yesterday);
    group.bench_with_input(
        BenchmarkId::new("verify_in_grace", "issuers=4"),
        &code,
        |b, code| {
            b.iter(|| {
                lock.verify(
                    black_box(code),
                    black_box(JUST_AFTER_MIDNIGHT),
                    black_box(&door.zone),
                )
            })
        },
    );
    group.finish();
}

// ---------------------------------------------------------------------------------------------
// Peer: the same lock-side job with totp-rs 6.
//
// What a user without this library would write: give each issued slot (guest) its own HOTP/TOTP
// secret, derived from the door key and the slot number, and have the lock recompute every
// slot's code for the current day and compare it with what was typed.
//
// Choices (the generous-to-the-peer reading each time):
// - One `Totp` per slot with a per-slot 20-byte secret = the first 20 bytes of an HKDF-derived
//   key (door key -> issuer 0 -> label "totp-slot", slot as u32 BE). Derivation is setup, not
//   timed: the secrets depend only on the door key and slot count.
// - The `Totp` objects are built once, outside the timed loop: a lock would build them when its
//   slot table is provisioned and keep them. (totp-rs still re-keys HMAC inside every
//   `generate`; that is the library's cost, not ours to optimise away.)
// - HMAC-SHA256 (`Algorithm::SHA256`), step = 86 400 s with the time shifted by the zone offset so
//   that a step is one local calendar day, and skew 0 (no grace around midnight, i.e. one
//   HMAC per slot; doorcode at 12:00 local also has a single candidate date).
// - `Totp::check` per slot, in a loop that stops at the first match (as `check` itself does over
//   its window). The typed code matches no slot, so all S slots are computed: this is the cost a
//   wrong guess (or the last slot) pays, i.e. the lock's worst case.
// - 8 digits on both sides, not 7: with S = 1024 a 7-digit door would accept a random guess with
//   odds 1024/10^7, above the library's ceiling of 1/10^4, and `DailyVerifier::new` refuses that
//   configuration (so would any honest lock). At 8 digits every S here is allowed; FF1 over 8
//   digits costs the same number of rounds as over 7.
// ---------------------------------------------------------------------------------------------

const LOCK_CHECK_DIGITS: u8 = 8;
const DAY: u64 = 86_400;

fn totp_slots(door: &Door, slots: u32) -> Vec<Totp> {
    let issuer_key = door.key.issuer_key(IssuerId(0), Epoch(0));
    (0..slots)
        .map(|slot| {
            let key = issuer_key.purpose_key(b"totp-slot", &[&slot.to_be_bytes()]);
            let mut secret = [0u8; 20];
            secret.copy_from_slice(&key[..20]);
            Builder::new()
                .with_algorithm(Algorithm::SHA256)
                .with_digits(LOCK_CHECK_DIGITS)
                .with_secret(Secret::new_stack(secret))
                .with_step_duration(DAY)
                .with_skew(0)
                .build()
                .expect("totp")
        })
        .collect()
}

/// The lock's TOTP-style check: any slot whose code for the local day equals the entry.
fn totp_lock_check(slots: &[Totp], entry: &str, now: i64, offset: i32) -> Option<usize> {
    let local_time = u64::try_from(now + i64::from(offset)).ok()?;
    slots
        .iter()
        .position(|totp| totp.check(entry, local_time).is_some())
}

fn bench_lock_check(c: &mut Criterion) {
    let door = door();
    let mut group = c.benchmark_group("lock_check");
    // A code no slot issued (checked below for both sides).
    let wrong = "31415926";

    for slots in [1u32, 64, 1024] {
        let totps = totp_slots(&door, slots);
        // Sanity: the loop finds a real slot's code, and the wrong code matches none.
        let local_time = (MIDDAY + i64::from(OFFSET)) as u64;
        let last = totps[totps.len() - 1].generate(local_time).to_string();
        assert_eq!(
            totp_lock_check(&totps, &last, MIDDAY, OFFSET),
            Some(totps.len() - 1)
        );
        assert_eq!(totp_lock_check(&totps, wrong, MIDDAY, OFFSET), None);

        let policy = DailyPolicy {
            length: CodeLength::new(LOCK_CHECK_DIGITS).expect("length"),
            daily_slots: slots,
            single_use_slots: 0,
            grace_seconds: DEFAULT_GRACE_SECONDS,
        };
        let lock = DailyVerifier::new(&door.key, door.id, policy, &issuers(1)).expect("lock");
        let valid = issuer(&door, IssuerId(0), policy)
            .issue(door.today, DailyKind::Daily, slots - 1)
            .expect("issue")
            .to_string();
        assert!(lock.verify(&valid, MIDDAY, &door.zone).is_ok());
        assert!(lock.verify(wrong, MIDDAY, &door.zone).is_err());

        let id = format!("slots={slots}");
        group.bench_with_input(BenchmarkId::new("totp_loop", &id), &totps, |b, totps| {
            b.iter(|| {
                totp_lock_check(
                    black_box(totps),
                    black_box(wrong),
                    black_box(MIDDAY),
                    black_box(OFFSET),
                )
            })
        });
        group.bench_with_input(BenchmarkId::new("doorcode", &id), &lock, |b, lock| {
            b.iter(|| lock.verify(black_box(wrong), black_box(MIDDAY), black_box(&door.zone)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_daily, bench_lock_check);
criterion_main!(benches);
