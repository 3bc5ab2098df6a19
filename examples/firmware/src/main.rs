//! A lock firmware for a Cortex-M4F (`thumbv7em-none-eabihf`) that links doorcode's full lock
//! verifier (`doorcode::lock::LockVerifier`: daily codes, permanent codes, single-use records,
//! throttling, door updates and persisted state) with no `std` and no allocator.
//!
//! It exists to measure what the verifier costs in flash and RAM (`examples/firmware/size.sh`
//! prints the section sizes). Inputs come through `core::hint::black_box`, so the optimiser
//! cannot fold the verification away and the measured code is the code a real lock would run.
//!
//! Capacities: a small lock, `LockVerifier<16, 16, 1>`: 16 permanent codes, 16 single-use
//! records, 1 issuer (the property's own backend). See [`Lock`].
//!
//! Boot: restore the state from flash, or start from the factory state if there is no valid
//! state (erased, torn, tampered: fail closed, nothing of the bad state is trusted), then apply
//! the door update the phone app or the hub left in its buffer. Per keypress: `keypress`, then
//! persist the state, after every entry, accepted or rejected (counters and records change on
//! both).

#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use doorcode::keys::{DoorId, DoorKey};
use doorcode::lock::{Clock, LockConfig, LockVerifier, max_update_len};

/// The lock: 16 permanent-code entries, 16 single-use records, 1 issuer.
type Lock = LockVerifier<16, 16, 1>;

/// The lock's RAM budget on this target: `size_of::<Lock>()` is 4,560 bytes on
/// `thumbv7em-none-eabihf` (SPEC.md 15.1); this keeps it under 4.5 KiB at compile time. The
/// state and update buffers (`STATE_LEN`, `UPDATE_LEN` below) come on top.
const _: () = assert!(core::mem::size_of::<Lock>() <= 4608);

/// Room for the longest persisted state of [`Lock`].
const STATE_LEN: usize = Lock::MAX_STATE_LEN;
/// Room for the longest door update of a 16-entry table.
const UPDATE_LEN: usize = max_update_len(16);

/// The door key, installed at provisioning.
///
/// PLACEHOLDER: a fixed test key. A real lock reads the key it was provisioned with from its
/// flash (or a secure element) at boot; never ship a constant key.
const DOOR_KEY: [u8; 32] = [0x42; 32];
/// The door's identifier, provisioned alongside the key.
const DOOR_ID: &[u8] = b"lobby";
/// A stand-in for the keypad: what the person typed.
const TYPED: &str = "123 4567";
/// A stand-in for the real-time clock: 2026-11-22T11:00:00Z.
const RTC_NOW: i64 = 1_795_345_200;

/// Boot, then check every keypress entry.
#[entry]
fn main() -> ! {
    // Stand-ins for the state page in flash (erased: all 0xFF) and for the update buffer. Both
    // go through `black_box`, so their contents are unknown to the optimiser.
    let mut flash = black_box([0xFF_u8; STATE_LEN]);
    let update = black_box([0xFF_u8; UPDATE_LEN]);
    let update_len = black_box(UPDATE_LEN);

    let mut lock = boot(&flash);
    // A door update: applied only if authentic, newer than the last one and for this door; on
    // any error the state is unchanged. A real lock logs the typed error.
    if let Some(lock) = &mut lock
        && let Some(bytes) = update.get(..update_len)
        && lock.apply_update(bytes).is_ok()
    {
        persist(lock, &mut flash);
    }

    loop {
        if let Some(lock) = &mut lock {
            // One keypress entry: the keypad and the clock are read through `black_box`.
            let clock = Clock::from(black_box(Some(RTC_NOW)));
            let (answer, event) = lock.keypress(black_box(TYPED), clock);
            // A real lock drives its motor on `Accept` and logs the event.
            black_box((answer, event));
            persist(lock, &mut flash);
        } else {
            // Unprovisioned: fail closed, accept nothing.
            black_box(());
        }
        core::hint::spin_loop();
    }
}

/// The lock as persisted, or the factory lock if the stored state is unusable; `None` if the
/// provisioned material itself is unusable.
fn boot(flash: &[u8]) -> Option<Lock> {
    if let Ok(lock) = Lock::restore(door_key()?, flash) {
        return Some(lock);
    }
    let door = DoorId::new(black_box(DOOR_ID)).ok()?;
    Lock::new(door_key()?, LockConfig::new(door)).ok()
}

fn door_key() -> Option<DoorKey> {
    DoorKey::from_bytes(&black_box(DOOR_KEY)).ok()
}

/// Write the state to flash. The buffer holds `MAX_STATE_LEN` bytes, so encoding cannot fail;
/// a real lock writes the page (ideally to one of two pages, alternately, so that a torn write
/// leaves the previous state readable).
fn persist(lock: &Lock, flash: &mut [u8; STATE_LEN]) {
    let written = lock.encode_state(flash).ok();
    black_box((written, &flash));
}

/// Any panic (none is reachable by design; see the crate's lints) parks the core.
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
