//! A minimal lock firmware for a Cortex-M4F (`thumbv7em-none-eabihf`) that links doorcode's
//! lock-side daily-code verifier with no `std` and no allocator.
//!
//! It exists to measure what the verifier costs in flash and RAM (`examples/firmware/size.sh`
//! prints the section sizes). Inputs come through `core::hint::black_box`, so the optimiser
//! cannot fold the verification away and the measured code is the code a real lock would run.

#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use doorcode::daily::{DailyPolicy, DailyVerifier};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
use doorcode::zone::Zone;

/// The door key, installed at provisioning.
///
/// PLACEHOLDER: a fixed test key. A real lock reads the key it was provisioned with from its
/// flash (or a secure element) at boot; never ship a constant key.
const DOOR_KEY: [u8; 32] = [0x42; 32];
/// The door's identifier, provisioned alongside the key.
const DOOR_ID: &[u8] = b"lobby";
/// The door's UTC offset in seconds (UTC+01:00), also provisioned.
const ZONE_OFFSET_SECONDS: i32 = 3600;
/// A stand-in for the keypad: what the person typed.
const TYPED: &str = "123 4567";
/// A stand-in for the real-time clock: 2026-11-22T11:00:00Z.
const RTC_NOW: i64 = 1_795_345_200;

/// Boot: build the verifier once from the provisioned key, then check every keypress entry.
#[entry]
fn main() -> ! {
    let verifier = boot();
    loop {
        if let Some((verifier, zone)) = &verifier {
            // One keypress entry: the keypad and the clock are read through `black_box`.
            let verdict = verifier.verify(black_box(TYPED), black_box(RTC_NOW), zone);
            // A real lock drives its motor on `Ok` and logs the typed reason on `Err`.
            let _ = black_box(verdict);
        } else {
            // Unprovisioned or misconfigured: fail closed, accept nothing.
            black_box(());
        }
        core::hint::spin_loop();
    }
}

/// The verifier for this door, or `None` if the provisioned material is unusable.
fn boot() -> Option<(DailyVerifier<1>, Zone)> {
    let key = DoorKey::from_bytes(&black_box(DOOR_KEY)).ok()?;
    let door = DoorId::new(black_box(DOOR_ID)).ok()?;
    let zone = Zone::fixed(black_box(ZONE_OFFSET_SECONDS)).ok()?;
    let issuers = [(IssuerId(0), Epoch(0))];
    let verifier =
        DailyVerifier::with_capacity(&key, door, DailyPolicy::default(), &issuers).ok()?;
    Some((verifier, zone))
}

/// Any panic (none is reachable by design; see the crate's lints) parks the core.
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
