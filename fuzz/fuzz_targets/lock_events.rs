//! Arbitrary event sequences against a small lock: keypresses (valid daily, single-use and
//! permanent codes, and arbitrary strings), clock moves (forward, backward, unset, extremes),
//! door updates (validly built with fresh, replayed, older or random counters, or built and then
//! mutated) and reboots (encode, then restore).
//!
//! Two locks run side by side: `lock`, which is never rebooted, and `twin`, which is replaced by
//! `restore(encode(lock))` at every reboot event. Invariants:
//! - nothing panics;
//! - both give the same answer and event for every keypress, the same result for every update,
//!   and encode to the same bytes after every event (a restored lock behaves identically);
//! - no entry is accepted while a lockout runs, and none with the clock unset;
//! - a single-use code is never accepted at or after its first use + the window;
//! - a refused update leaves the state encoding unchanged.
#![no_main]

use std::collections::HashMap;

use doorcode::civil::LocalDate;
use doorcode::code::{CodeLength, Digits};
use doorcode::daily::{DailyIssuer, DailyKind, DailyPolicy};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
use doorcode::lock::{
    Clock, KeypadAnswer, LockConfig, LockVerifier, Matched, PermanentEntry, RejectReason,
    ThrottleConfig, build_update, max_update_len, permanent_tag,
};
use doorcode::schedule::Grant;
use doorcode::zone::Zone;
use libfuzzer_sys::fuzz_target;

type Lock = LockVerifier<4, 4, 2>;
const DOOR_KEY: [u8; 32] = [0x42; 32];
/// 2026-11-22T09:00:00Z.
const START: i64 = 1_795_338_000;
const WINDOW_MINUTES: u16 = 1;

fn key() -> DoorKey {
    DoorKey::from_bytes(&DOOR_KEY).unwrap()
}

fn door() -> DoorId {
    DoorId::new(b"lobby").unwrap()
}

fn encode(lock: &Lock) -> Vec<u8> {
    let mut out = vec![0u8; Lock::MAX_STATE_LEN];
    let len = lock.encode_state(&mut out).unwrap();
    out.truncate(len);
    out
}

/// The configuration an update carries, varied by one byte: issuer 0's epoch, a second issuer,
/// the throttle limit, a deny-list entry and whether the permanent codes are synced.
fn config(variant: u8) -> LockConfig<4> {
    let mut config = LockConfig::new(door());
    config.single_use_minutes = WINDOW_MINUTES;
    config.throttle = ThrottleConfig {
        limit: 1 + variant % 3,
        base_seconds: 10,
        cap_seconds: 40,
        quiet_seconds: 40,
    };
    let epoch = Epoch(u32::from(variant >> 2 & 1));
    if variant & 8 != 0 {
        config
            .set_issuers(&[(IssuerId(0), epoch), (IssuerId(7), Epoch(0))])
            .unwrap();
    } else {
        config.set_issuers(&[(IssuerId(0), epoch)]).unwrap();
    }
    if variant & 16 == 0 {
        for (text, person, grant) in [
            ("4815162", 1, Grant::ALWAYS),
            ("2718281", 2, Grant::new(START, START + 3_600).unwrap()),
        ] {
            let digits = Digits::parse(text, CodeLength::SEVEN).unwrap();
            config
                .push_entry(PermanentEntry {
                    tag: permanent_tag(&key(), &door(), &digits),
                    person,
                    grant,
                    schedule: None,
                })
                .unwrap();
        }
    }
    if variant & 32 != 0 {
        config.deny_person(2).unwrap();
    }
    config
}

struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    fn u32(&mut self) -> Option<u32> {
        let mut bytes = [0u8; 4];
        for byte in &mut bytes {
            *byte = self.byte()?;
        }
        Some(u32::from_be_bytes(bytes))
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    let initial = config(0);
    let mut lock = Lock::new(key(), initial.clone()).unwrap();
    let mut twin = Lock::new(key(), initial).unwrap();
    let mut now = START;
    let mut unset = false;
    // Current epoch of issuer 0 per the last applied config, for issuing valid codes.
    let mut epoch = 0u32;
    // (input, date, issuer, slot) -> first accepted use of a single-use code.
    let mut first_uses: HashMap<(String, i32, u32, u32), i64> = HashMap::new();
    let mut update = vec![0u8; max_update_len(4)];
    // Issuer 0 at epochs 0 and 1 (every configuration here keeps the default policy).
    let issuers = [0, 1].map(|epoch| {
        DailyIssuer::new(
            &key().issuer_key(IssuerId(0), Epoch(epoch)),
            IssuerId(0),
            door(),
            DailyPolicy::default(),
        )
    });
    while let Some(op) = input.byte() {
        let clock = if unset { Clock::Unset } else { Clock::Set(now) };
        let entry: Option<String> = match op % 9 {
            0 | 1 => {
                let Some(arg) = input.byte() else { break };
                let kind = if op % 9 == 0 {
                    DailyKind::Daily
                } else {
                    DailyKind::SingleUse
                };
                let offset = i32::from(arg & 3) - 1;
                let date = Zone::UTC
                    .local_date(now)
                    .ok()
                    .and_then(|d| LocalDate::from_days_since_epoch(d.days_since_epoch() + offset));
                date.and_then(|date| {
                    issuers[usize::from(epoch == 1)]
                        .issue(date, kind, u32::from(arg >> 2 & 3))
                        .ok()
                        .map(|code| code.to_string())
                })
            }
            2 => Some(
                if input.byte().unwrap_or(0) & 1 == 0 {
                    "4815162"
                } else {
                    "2718281"
                }
                .to_owned(),
            ),
            3 => {
                let len = usize::from(input.byte().unwrap_or(0) % 14);
                let mut text = String::new();
                for _ in 0..len {
                    let Some(b) = input.byte() else { break };
                    text.push(if b < 200 {
                        char::from(b'0' + b % 10)
                    } else {
                        char::from(b % 128)
                    });
                }
                Some(text)
            }
            4 => {
                now = now.saturating_add(i64::from(input.u32().unwrap_or(0) % 200_000));
                unset = false;
                None
            }
            5 => {
                now = now.saturating_sub(i64::from(input.byte().unwrap_or(0)) * 20);
                None
            }
            6 => {
                match input.byte().unwrap_or(0) % 4 {
                    0 => unset = !unset,
                    1 => now = i64::MIN,
                    2 => now = i64::MAX,
                    _ => now = START,
                }
                None
            }
            7 => {
                let variant = input.byte().unwrap_or(0);
                let how = input.byte().unwrap_or(0);
                let last = lock.update_counter();
                let counter = match how % 4 {
                    0 | 1 => last.saturating_add(1),
                    2 => last,
                    _ => last.saturating_sub(1),
                };
                let issued_at = now.saturating_add(i64::from(how >> 2) * 60);
                let new = config(variant);
                let len = build_update(&key(), counter, issued_at, &new, &mut update).unwrap();
                let mut bytes = update[..len].to_vec();
                if how % 4 == 1 {
                    let position = usize::from(input.byte().unwrap_or(0)) * 7 % bytes.len();
                    bytes[position] ^= 1 << (how >> 5);
                }
                let before = encode(&lock);
                let result = lock.apply_update(&bytes);
                assert_eq!(twin.apply_update(&bytes), result);
                match result {
                    Ok(summary) => {
                        assert_eq!(summary.counter, counter);
                        assert!(counter > last);
                        epoch = u32::from(variant >> 2 & 1);
                    }
                    Err(_) => assert_eq!(encode(&lock), before),
                }
                None
            }
            _ => {
                let bytes = encode(&lock);
                twin = Lock::restore(key(), &bytes).unwrap();
                None
            }
        };
        if let Some(entry) = entry {
            let locked_until = lock.throttle_state().locked_until;
            let (answer, event) = lock.keypress(&entry, clock);
            assert_eq!(twin.keypress(&entry, clock), (answer, event));
            if answer == KeypadAnswer::Accept {
                let Clock::Set(t) = clock else {
                    panic!("accepted with the clock unset")
                };
                assert!(
                    locked_until.is_none_or(|until| t >= until),
                    "accepted while locked out"
                );
                if let Some(Matched::Daily(accepted)) = event.matched
                    && accepted.kind == DailyKind::SingleUse
                {
                    let id = (
                        entry.clone(),
                        accepted.date.days_since_epoch(),
                        accepted.issuer.0,
                        accepted.slot,
                    );
                    let first = *first_uses.entry(id).or_insert(t);
                    assert!(
                        t < first.saturating_add(i64::from(WINDOW_MINUTES) * 60),
                        "single-use code accepted again at {t}, first used at {first}"
                    );
                }
            } else if clock == Clock::Unset {
                assert_eq!(event.reason, Some(RejectReason::ClockUnset));
            }
        }
        assert_eq!(encode(&twin), encode(&lock));
    }
});
