//! Code parsing and daily verification with arbitrary input, clock, zone and policy.
//!
//! Invariants: never panics; an accepted entry is exactly the code the backend issues for the
//! (date, kind, slot, issuer) the lock reported.
#![no_main]

use doorcode::code::{CodeLength, Digits};
use doorcode::daily::{DailyIssuer, DailyPolicy, DailyVerifier};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
use doorcode::zone::Zone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((head, input)) = data.split_first_chunk::<16>() else { return };
    let now = i64::from_le_bytes([head[0], head[1], head[2], head[3], head[4], head[5], head[6], head[7]]);
    let offset = i32::from_le_bytes([head[8], head[9], head[10], head[11]]) % 90_000;
    let Ok(length) = CodeLength::new(6 + head[12] % 7) else { return };
    let policy = DailyPolicy {
        length,
        daily_slots: u32::from(head[13]),
        single_use_slots: u32::from(head[14]),
        grace_seconds: u32::from(head[15]) * 120,
    };
    let Ok(zone) = Zone::fixed(offset) else { return };
    let door = DoorId::new(b"fuzz-door").unwrap();
    let door_key = DoorKey::from_bytes(&[0x42; 32]).unwrap();
    let issuers = [(IssuerId(0), Epoch(0)), (IssuerId(5), Epoch(1))];
    let Ok(lock) = DailyVerifier::new(&door_key, door, policy, &issuers) else { return };
    let text = String::from_utf8_lossy(input);
    // Also parse on its own: a parse error must be exactly what verify reports.
    let parsed = Digits::parse(&text, length);
    match lock.verify(&text, now, &zone) {
        Ok(accepted) => {
            let epoch = issuers.iter().find(|(id, _)| *id == accepted.issuer).map(|(_, e)| *e).unwrap();
            let issuer = DailyIssuer::new(&door_key.issuer_key(accepted.issuer, epoch), accepted.issuer, door, policy);
            let reissued = issuer.issue(accepted.date, accepted.kind, accepted.slot).unwrap();
            assert_eq!(Ok(reissued), parsed);
        }
        Err(doorcode::daily::DailyReject::Malformed(reason)) => assert_eq!(parsed, Err(reason)),
        Err(_) => assert!(parsed.is_ok()),
    }
});
