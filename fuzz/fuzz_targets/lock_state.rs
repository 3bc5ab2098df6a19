//! Persisted lock state: the fuzzer writes the payload, the target frames it and signs it with
//! the real state key, so the parser behind the integrity tag is what gets exercised.
//!
//! Invariants: restore never panics; whatever it accepts re-encodes to exactly the same bytes
//! (the encoding is canonical), and the restored lock then handles a keypress without panicking.
#![no_main]

use doorcode::keys::DoorKey;
use doorcode::lock::{Clock, LockVerifier};
use libfuzzer_sys::fuzz_target;

type Lock = LockVerifier<2, 2, 1>;
const DOOR_KEY: [u8; 32] = [0x42; 32];

/// `HKDF-Expand(door key, info("lock-state"), 32)` (SPEC.md 4.1 and 14.3).
fn state_key() -> [u8; 32] {
    let label = b"lock-state";
    doorcode::kdf::hmac_sha256(&DOOR_KEY, &[b"doorcode\x01", &[0, label.len() as u8], label, &[1]])
}

fuzz_target!(|payload: &[u8]| {
    let total = (payload.len() + 37) as u32;
    let mut frame = vec![doorcode::lock::STATE_VERSION];
    frame.extend_from_slice(&total.to_be_bytes());
    frame.extend_from_slice(payload);
    let tag = doorcode::kdf::hmac_sha256(&state_key(), &[&frame]);
    frame.extend_from_slice(&tag);
    let key = DoorKey::from_bytes(&DOOR_KEY).unwrap();
    if let Ok(mut lock) = Lock::restore(key, &frame) {
        let mut out = vec![0u8; Lock::MAX_STATE_LEN];
        let len = lock.encode_state(&mut out).unwrap();
        assert_eq!(&out[..len], &frame[..]);
        let _ = lock.keypress("1234567", Clock::Set(1_795_338_000));
    }
});
