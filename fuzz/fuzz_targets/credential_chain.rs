//! Delegation chains: the fuzzer writes up to five caveats over a valid, shareable root
//! credential with three doors. Each caveat is appended either through the holder API
//! (`delegate`, which refuses widening) or sealed directly here from SPEC.md 16 with the
//! low-level primitives, so chains the holder API would refuse (widening, sharing without
//! may-share, too deep) reach the lock too. The phone then answers a lock's challenge for one
//! of the doors.
//!
//! Invariants: never panics; an accepted presentation's rights are never wider than the
//! independent intersection of the root and every caveat (doors, window), the clock lies inside
//! every window, every link before the last had may-share and every schedule allows; and a chain
//! in which every caveat narrows its parent is accepted exactly when that intersection grants the
//! door now.
#![no_main]

use std::sync::OnceLock;

use doorcode::credential::{
    Caveat, CredentialFields, CredentialId, CredentialIssuer, DoorSet, HolderCredential, Role,
    aes_ctr_apply,
};
use doorcode::kdf::hkdf_expand;
use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};
use doorcode::lock::{Challenge, Clock, KeypadAnswer, LockConfig, LockVerifier, Matched};
use doorcode::schedule::{Grant, Schedule};
use doorcode::zone::Zone;
use libfuzzer_sys::fuzz_target;

type Lock = LockVerifier<4, 4, 2>;
const SITE_KEY: [u8; 32] = [0x42; 32];
const DOORS: [&[u8]; 3] = [b"lobby", b"gym", b"roof"];
const T0: i64 = 1_795_338_000;
const ROOT_START: i64 = T0 - 100_000;
const ROOT_END: i64 = T0 + 100_000;

fn doors() -> [DoorId; 3] {
    DOORS.map(|d| DoorId::new(d).unwrap())
}

fn root() -> &'static HolderCredential {
    static ROOT: OnceLock<HolderCredential> = OnceLock::new();
    ROOT.get_or_init(|| {
        let site = SiteKey::from_bytes(&SITE_KEY).unwrap();
        let mut fields = CredentialFields::new(
            CredentialId::from_bytes([1; 16]),
            42,
            Grant::new(ROOT_START, ROOT_END).unwrap(),
        );
        fields.may_share = true;
        fields.role = Role::Resident;
        CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &doors())
            .issue(&fields, &doors(), &[5; 16])
            .unwrap()
    })
}

/// SPEC 4.1's labelled info, written out here.
fn info(label: &[u8], fields: &[&[u8]]) -> Vec<u8> {
    let mut out = b"doorcode\x01".to_vec();
    for part in std::iter::once(&label).chain(fields) {
        out.extend_from_slice(&(part.len() as u16).to_be_bytes());
        out.extend_from_slice(part);
    }
    out
}

fn expand(key: &[u8], label: &[u8], fields: &[&[u8]]) -> [u8; 32] {
    let mut out = [0u8; 32];
    hkdf_expand(key, &[&info(label, fields)], &mut out).unwrap();
    out
}

/// A caveat's plaintext (SPEC 16.2), sealed at `position` under the root's content key.
fn seal(caveat: &Caveat, position: u8) -> Vec<u8> {
    let mut plain = Vec::new();
    plain.extend_from_slice(caveat.link.as_bytes());
    plain.extend_from_slice(&caveat.guest.to_be_bytes());
    plain.extend_from_slice(&caveat.doors.0.to_be_bytes());
    plain.push(u8::from(caveat.may_share));
    plain.extend_from_slice(&caveat.grant.not_before().to_be_bytes());
    plain.extend_from_slice(&caveat.grant.not_after().to_be_bytes());
    match &caveat.schedule {
        None => plain.extend_from_slice(&[0, 0]),
        Some(schedule) => {
            let mut bytes = vec![0u8; schedule.encoded_len()];
            schedule.encode(&mut bytes).unwrap();
            plain.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
            plain.extend_from_slice(&bytes);
        }
    }
    let content = root().content_key().as_bytes();
    let enc = expand(content, b"credential-content-enc", &[]);
    let siv_key = expand(content, b"credential-content-siv", &[]);
    let body_siv = &root().blob()[10..26];
    let siv: [u8; 16] = expand(
        &siv_key,
        b"credential-caveat-siv",
        &[body_siv, &[position], &plain],
    )[..16]
        .try_into()
        .unwrap();
    aes_ctr_apply(&enc, &siv, &mut plain).unwrap();
    [siv.to_vec(), plain].concat()
}

/// Reads the fuzzer's bytes; runs out as zeros.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&first, rest)) => {
                self.0 = rest;
                first
            }
            None => 0,
        }
    }

    fn i16(&mut self) -> i64 {
        i64::from(i16::from_be_bytes([self.byte(), self.byte()]))
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    let count = input.byte() % 6;
    let slot = input.byte() % 3;
    let now = T0 + input.i16() * 8;
    let mut holder = root().clone();
    // Raw chain: the sealed caveats and the proof key of `slot` along them.
    let mut sealed: Vec<Vec<u8>> = Vec::new();
    let mut proof = root().proofs()[usize::from(slot)].proof.as_bytes().to_vec();
    let mut caveats: Vec<Caveat> = Vec::new();
    let mut via_api = true;
    for position in 1..=count {
        let flags = input.byte();
        let start = T0 + input.i16() * 16;
        let end = start + (input.i16().abs() * 16);
        let mut caveat = Caveat::new(
            CredentialId::from_bytes([position; 16]),
            u64::from(input.byte()),
            DoorSet(u32::from(flags & 0x0f)),
            Grant::new(start, end).unwrap(),
        );
        caveat.may_share = flags & 0x10 != 0;
        if flags & 0x20 != 0 {
            let len = usize::from(input.byte() % 24);
            let bytes: Vec<u8> = (0..len).map(|_| input.byte()).collect();
            caveat.schedule = Schedule::decode(&bytes).ok();
        }
        let bytes = seal(&caveat, position);
        proof = expand(&proof, b"credential-caveat", &[&bytes]).to_vec();
        sealed.push(bytes);
        if via_api && flags & 0x40 == 0 {
            match holder.delegate(&caveat) {
                Ok(next) => {
                    assert_eq!(
                        next.caveats().last(),
                        sealed.last(),
                        "holder seals differently"
                    );
                    holder = next;
                }
                Err(_) => via_api = false,
            }
        } else {
            via_api = false;
        }
        caveats.push(caveat);
    }

    // The presentation, written out from SPEC 16.5.
    let site = SiteKey::from_bytes(&SITE_KEY).unwrap();
    let door = doors()[usize::from(slot)];
    let mut lock = Lock::new(site.door_key(&door), LockConfig::new(door)).unwrap();
    let challenge = lock.challenge(&[input.byte()], Clock::Set(now)).unwrap();
    let blob = root().blob();
    let mut presentation = vec![1, slot];
    presentation.extend_from_slice(&(blob.len() as u16).to_be_bytes());
    presentation.extend_from_slice(blob);
    presentation.push(count);
    for bytes in &sealed {
        presentation.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
        presentation.extend_from_slice(bytes);
    }
    let response = expand(
        &proof,
        b"credential-response",
        &[&challenge.nonce, door.as_bytes(), &[1, slot, count]],
    );
    presentation.extend_from_slice(&response);
    if via_api && holder.proofs().iter().any(|p| p.door == door) {
        assert_eq!(
            holder.answer_challenge(&challenge.to_bytes()).unwrap(),
            presentation
        );
    }
    let _ = Challenge::from_bytes(&challenge.to_bytes()).unwrap();
    let (answer, event) = lock.present(&presentation, Clock::Set(now));

    // The independent intersection.
    let mut doors_left = 0b111u32;
    let mut window = (ROOT_START, ROOT_END);
    let mut shareable = true;
    let mut narrowing = count as usize <= 4;
    let mut schedules_allow = true;
    let (mut prev_doors, mut prev_window) = (doors_left, window);
    for caveat in &caveats {
        if !shareable
            || caveat.doors.0 & !prev_doors != 0
            || caveat.grant.not_before() < prev_window.0
            || caveat.grant.not_after() > prev_window.1
        {
            narrowing = false;
        }
        doors_left &= caveat.doors.0;
        window = (
            window.0.max(caveat.grant.not_before()),
            window.1.min(caveat.grant.not_after()),
        );
        if let Some(schedule) = &caveat.schedule {
            schedules_allow &= schedule.allows(now, &Zone::UTC);
        }
        shareable = caveat.may_share;
        prev_doors = caveat.doors.0;
        prev_window = (caveat.grant.not_before(), caveat.grant.not_after());
    }
    let granted =
        doors_left & (1 << slot) != 0 && window.0 <= now && now < window.1 && schedules_allow;
    if answer == KeypadAnswer::Accept {
        assert!(
            narrowing,
            "accepted a chain with a widening caveat: {event:?}"
        );
        assert!(granted, "accepted outside the intersection: {event:?}");
        let Some(Matched::Credential(presented)) = event.matched else {
            panic!("accepted without a credential match: {event:?}");
        };
        assert_eq!(presented.depth, count);
        assert_eq!(
            presented.rights.doors.0 & !doors_left,
            0,
            "doors wider than the chain"
        );
        assert!(presented.rights.grant.not_before() >= window.0);
        assert!(presented.rights.grant.not_after() <= window.1);
        if count > 0 {
            assert_eq!(presented.rights.role, Role::NonResident);
        }
    } else if narrowing && granted {
        panic!("a narrowing chain granting the door now was refused: {event:?}");
    }
});
