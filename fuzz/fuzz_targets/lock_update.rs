//! Door updates: the fuzzer writes the payload, the target frames it and signs it with the real
//! update key, then applies it to a lock that has already seen some traffic.
//!
//! Invariants: never panics; a refused update leaves the encoded state byte-for-byte unchanged;
//! an applied one sets the update counter and survives a state round trip.
#![no_main]

use doorcode::keys::{DoorId, DoorKey};
use doorcode::lock::{Clock, LockConfig, LockVerifier};
use libfuzzer_sys::fuzz_target;

type Lock = LockVerifier<4, 4, 2>;
const DOOR_KEY: [u8; 32] = [0x42; 32];
const DOOR: &[u8] = b"lobby";

/// `HKDF-Expand(door key, info("lock-update", door id), 32)` (SPEC.md 4.1 and 14.3).
fn update_key() -> [u8; 32] {
    let label = b"lock-update";
    doorcode::kdf::hmac_sha256(
        &DOOR_KEY,
        &[b"doorcode\x01", &[0, label.len() as u8], label, &[0, DOOR.len() as u8], DOOR, &[1]],
    )
}

fn encode(lock: &Lock) -> Vec<u8> {
    let mut out = vec![0u8; Lock::MAX_STATE_LEN];
    let len = lock.encode_state(&mut out).unwrap();
    out.truncate(len);
    out
}

fuzz_target!(|payload: &[u8]| {
    let total = (payload.len() + 37) as u32;
    let mut frame = vec![0x01];
    frame.extend_from_slice(&total.to_be_bytes());
    frame.extend_from_slice(payload);
    let tag = doorcode::kdf::hmac_sha256(&update_key(), &[&frame]);
    frame.extend_from_slice(&tag);

    let door = DoorId::new(DOOR).unwrap();
    let key = DoorKey::from_bytes(&DOOR_KEY).unwrap();
    let mut lock = Lock::new(key, LockConfig::new(door)).unwrap();
    for input in ["0000000", "1", "7654321"] {
        let _ = lock.keypress(input, Clock::Set(1_795_338_000));
    }
    let before = encode(&lock);
    match lock.apply_update(&frame) {
        Ok(summary) => {
            assert_eq!(lock.update_counter(), summary.counter);
            let state = encode(&lock);
            let again = Lock::restore(DoorKey::from_bytes(&DOOR_KEY).unwrap(), &state).unwrap();
            assert_eq!(encode(&again), state);
            let _ = lock.keypress("1234567", Clock::Set(1_795_338_100));
        }
        Err(_) => assert_eq!(encode(&lock), before),
    }
});
