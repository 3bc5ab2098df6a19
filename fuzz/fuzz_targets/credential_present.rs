//! The lock's BLE path: the fuzzer drives a sequence of challenges and presentations (its own
//! bytes, a real phone's answers, replays and one-byte corruptions of them) at a lock.
//!
//! Invariants: never panics; a nonce is never accepted twice; nothing is accepted without an
//! outstanding challenge; a rejected presentation consumes the challenge and leaves the
//! persisted state byte-for-byte unchanged; the real phone's fresh answer is accepted.
#![no_main]

use std::collections::HashSet;
use std::sync::OnceLock;

use doorcode::credential::{
    CredentialFields, CredentialId, CredentialIssuer, CredentialReject, HolderCredential,
};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId, SiteKey};
use doorcode::lock::{Clock, KeypadAnswer, LockConfig, LockVerifier, RejectReason};
use doorcode::schedule::Grant;
use libfuzzer_sys::fuzz_target;

type Lock = LockVerifier<4, 4, 2>;
const SITE_KEY: [u8; 32] = [0x42; 32];
const DOOR: &[u8] = b"lobby";
const T0: i64 = 1_795_338_000;

fn phone() -> &'static HolderCredential {
    static PHONE: OnceLock<HolderCredential> = OnceLock::new();
    PHONE.get_or_init(|| {
        let site = SiteKey::from_bytes(&SITE_KEY).unwrap();
        let door = DoorId::new(DOOR).unwrap();
        let fields = CredentialFields::new(
            CredentialId::from_bytes([1; 16]),
            42,
            Grant::new(T0 - 86_400, T0 + 86_400).unwrap(),
        );
        CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
            .issue(&fields, &[door], &[5; 16])
            .unwrap()
    })
}

fn encode(lock: &Lock) -> Vec<u8> {
    let mut out = vec![0u8; Lock::MAX_STATE_LEN + 512];
    let len = lock.encode_state(&mut out).unwrap();
    out.truncate(len);
    out
}

/// Reads the fuzzer's bytes as a program; runs out gracefully.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = usize::from(self.byte()?).min(self.0.len());
        let (head, tail) = self.0.split_at(len);
        self.0 = tail;
        Some(head)
    }
}

fuzz_target!(|data: &[u8]| {
    let site = SiteKey::from_bytes(&SITE_KEY).unwrap();
    let door = DoorId::new(DOOR).unwrap();
    let key: DoorKey = site.door_key(&door);
    let mut lock = Lock::new(key, LockConfig::new(door)).unwrap();
    let mut input = Input(data);
    let mut accepted = HashSet::new();
    let mut pending: Option<[u8; 16]> = None;
    let mut last_presentation: Vec<u8> = Vec::new();
    let mut now = T0;
    while let Some(op) = input.byte() {
        // The clock mostly moves forward in small steps; sometimes jumps or is unset.
        let step = input.byte().unwrap_or(0);
        now += i64::from(step % 32);
        let clock = if step == 0xff {
            Clock::Unset
        } else {
            Clock::Set(now)
        };
        let presentation = match op % 6 {
            0 => {
                let entropy = input.bytes().unwrap_or(&[]);
                let challenge = lock.challenge(entropy, clock).unwrap();
                assert_eq!(challenge.door, door);
                assert!(pending != Some(challenge.nonce), "nonce repeated");
                pending = Some(challenge.nonce);
                continue;
            }
            1 => input.bytes().unwrap_or(&[]).to_vec(),
            2 | 3 => match pending {
                Some(nonce) => {
                    let challenge = doorcode::lock::Challenge { nonce, door };
                    let mut bytes = phone().answer_challenge(&challenge.to_bytes()).unwrap();
                    if op % 6 == 3 && !bytes.is_empty() {
                        let at = usize::from(input.byte().unwrap_or(0)) * 7 % bytes.len();
                        bytes[at] ^= input.byte().unwrap_or(1).max(1);
                    }
                    bytes
                }
                None => phone().present(&door, &[0; 16]).unwrap(),
            },
            4 => last_presentation.clone(),
            _ => {
                now -= i64::from(input.byte().unwrap_or(0)) * 10;
                continue;
            }
        };
        let before = encode(&lock);
        let (answer, event) = lock.present(&presentation, clock);
        let consumed = pending.take();
        match answer {
            KeypadAnswer::Accept => {
                let nonce = consumed.expect("accepted without an outstanding challenge");
                assert!(accepted.insert(nonce), "a nonce was accepted twice");
                assert!(matches!(clock, Clock::Set(_)));
            }
            KeypadAnswer::Reject => {
                assert_eq!(
                    encode(&lock),
                    before,
                    "a rejected presentation changed the state"
                );
                if consumed.is_none()
                    && let Some(RejectReason::Credential(why)) = event.reason
                {
                    assert_eq!(why, CredentialReject::NoChallenge);
                }
                // The real phone's untouched fresh answer is refused only for time reasons.
                if op % 6 == 2
                    && consumed.is_some()
                    && let Clock::Set(at) = clock
                {
                    let fresh = matches!(
                        event.reason,
                        Some(RejectReason::Credential(CredentialReject::ChallengeExpired))
                            | Some(RejectReason::Credential(CredentialReject::Expired))
                            | Some(RejectReason::Credential(CredentialReject::NotYetValid))
                            | Some(RejectReason::ClockRolledBack { .. })
                    );
                    assert!(fresh, "a fresh valid answer at {at} was refused: {event:?}");
                }
            }
        }
        // The challenge is gone either way: presenting again finds none.
        let again = lock.present(&presentation, Clock::Set(now));
        assert_eq!(again.0, KeypadAnswer::Reject);
        last_presentation = presentation;
    }
});
