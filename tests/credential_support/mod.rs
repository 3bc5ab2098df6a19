//! A second, independent implementation of the credential format of SPEC.md section 16, written
//! from the SPEC with the primitive crates (hmac, sha2, aes, ctr) only: it opens blobs and seals
//! caveats the library must accept or refuse, so the tests' expected values do not come from
//! the code under test.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

use aes::Aes256;
use ctr::cipher::{KeyIvInit, StreamCipher};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// `HKDF-Expand(key, "doorcode\x01" || for label and each field: u16be(len) || bytes, 32)`.
pub fn expand(key: &[u8], label: &[u8], fields: &[&[u8]]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(b"doorcode\x01");
    for part in std::iter::once(label).chain(fields.iter().copied()) {
        mac.update(&(part.len() as u16).to_be_bytes());
        mac.update(part);
    }
    mac.update(&[1]);
    mac.finalize().into_bytes().into()
}

pub fn ctr(key: &[u8; 32], iv: &[u8; 16], buf: &mut [u8]) {
    ctr::Ctr128BE::<Aes256>::new(key.into(), iv.into()).apply_keystream(buf);
}

/// The door's (enc, mac) credential keys from its door key.
pub fn door_keys(
    door_key: &[u8; 32],
    door: &[u8],
    issuer: u32,
    epoch: u32,
) -> ([u8; 32], [u8; 32]) {
    let issuer_key = expand(
        door_key,
        b"issuer",
        &[&issuer.to_be_bytes(), &epoch.to_be_bytes()],
    );
    (
        expand(&issuer_key, b"credential-enc", &[door]),
        expand(&issuer_key, b"credential-mac", &[door]),
    )
}

pub struct ContentKeys {
    pub enc: [u8; 32],
    pub siv: [u8; 32],
}

pub fn content_keys(content_key: &[u8; 16]) -> ContentKeys {
    ContentKeys {
        enc: expand(content_key, b"credential-content-enc", &[]),
        siv: expand(content_key, b"credential-content-siv", &[]),
    }
}

/// A blob taken apart.
pub struct Blob {
    pub issuer: u32,
    pub epoch: u32,
    pub door_count: usize,
    pub siv: [u8; 16],
    pub wrapped: Vec<[u8; 16]>,
    pub body_ciphertext: Vec<u8>,
}

pub fn split(blob: &[u8]) -> Blob {
    assert_eq!(blob[0], 1);
    let door_count = blob[9] as usize;
    Blob {
        issuer: u32::from_be_bytes(blob[1..5].try_into().unwrap()),
        epoch: u32::from_be_bytes(blob[5..9].try_into().unwrap()),
        door_count,
        siv: blob[10..26].try_into().unwrap(),
        wrapped: (0..door_count)
            .map(|i| blob[26 + 16 * i..42 + 16 * i].try_into().unwrap())
            .collect(),
        body_ciphertext: blob[26 + 16 * door_count..].to_vec(),
    }
}

/// The decoded body fields.
#[derive(Debug, PartialEq)]
pub struct Body {
    pub id: [u8; 16],
    pub holder: u64,
    pub key: u64,
    pub flags: u8,
    pub not_before: i64,
    pub not_after: i64,
    pub schedule: Vec<u8>,
}

/// Unwrap door `index`'s content key with the door key, decrypt and check the body's IV.
pub fn open_with_door(door_key: &[u8; 32], door: &[u8], blob: &[u8], index: usize) -> Option<Body> {
    let parts = split(blob);
    let (enc, _) = door_keys(door_key, door, parts.issuer, parts.epoch);
    let mut content_key = parts.wrapped[index];
    ctr(&enc, &parts.siv, &mut content_key);
    open_with_content_key(&content_key, blob)
}

pub fn open_with_content_key(content_key: &[u8; 16], blob: &[u8]) -> Option<Body> {
    let parts = split(blob);
    let keys = content_keys(content_key);
    let mut plain = parts.body_ciphertext.clone();
    ctr(&keys.enc, &parts.siv, &mut plain);
    let siv = expand(&keys.siv, b"credential-body", &[&blob[..10], &plain]);
    if siv[..16] != parts.siv {
        return None;
    }
    let schedule_len = u16::from_be_bytes(plain[49..51].try_into().unwrap()) as usize;
    assert_eq!(plain.len(), 51 + schedule_len);
    Some(Body {
        id: plain[..16].try_into().unwrap(),
        holder: u64::from_be_bytes(plain[16..24].try_into().unwrap()),
        key: u64::from_be_bytes(plain[24..32].try_into().unwrap()),
        flags: plain[32],
        not_before: i64::from_be_bytes(plain[33..41].try_into().unwrap()),
        not_after: i64::from_be_bytes(plain[41..49].try_into().unwrap()),
        schedule: plain[51..].to_vec(),
    })
}

/// A caveat's plaintext, written from SPEC.md 16.2.
pub fn caveat_plaintext(
    link: [u8; 16],
    guest: u64,
    doors: u32,
    may_share: bool,
    not_before: i64,
    not_after: i64,
    schedule: &[u8],
) -> Vec<u8> {
    let mut out = link.to_vec();
    out.extend_from_slice(&guest.to_be_bytes());
    out.extend_from_slice(&doors.to_be_bytes());
    out.push(u8::from(may_share));
    out.extend_from_slice(&not_before.to_be_bytes());
    out.extend_from_slice(&not_after.to_be_bytes());
    out.extend_from_slice(&(schedule.len() as u16).to_be_bytes());
    out.extend_from_slice(schedule);
    out
}

/// Seal caveat `position` (1-based) of the credential whose body IV is `body_siv`.
pub fn seal_caveat(
    content_key: &[u8; 16],
    body_siv: &[u8; 16],
    position: u8,
    plaintext: &[u8],
) -> Vec<u8> {
    let keys = content_keys(content_key);
    let siv: [u8; 16] = expand(
        &keys.siv,
        b"credential-caveat-siv",
        &[body_siv, &[position], plaintext],
    )[..16]
        .try_into()
        .unwrap();
    let mut ciphertext = plaintext.to_vec();
    ctr(&keys.enc, &siv, &mut ciphertext);
    let mut out = siv.to_vec();
    out.extend_from_slice(&ciphertext);
    out
}

/// Open sealed caveat `position` with the content key.
pub fn open_caveat(
    content_key: &[u8; 16],
    body_siv: &[u8; 16],
    position: u8,
    sealed: &[u8],
) -> Option<Vec<u8>> {
    let keys = content_keys(content_key);
    let siv: [u8; 16] = sealed[..16].try_into().unwrap();
    let mut plain = sealed[16..].to_vec();
    ctr(&keys.enc, &siv, &mut plain);
    let expected = expand(
        &keys.siv,
        b"credential-caveat-siv",
        &[body_siv, &[position], &plain],
    );
    (expected[..16] == siv).then_some(plain)
}

/// `T0` for a door.
pub fn root_tag(door_mac: &[u8; 32], blob: &[u8]) -> [u8; 32] {
    expand(door_mac, b"credential-root", &[blob])
}

/// `T_i` from `T_{i-1}`.
pub fn next_tag(previous: &[u8; 32], sealed: &[u8]) -> [u8; 32] {
    expand(previous, b"credential-caveat", &[sealed])
}

/// A presentation built from its parts (SPEC.md 16.4).
pub fn presentation(
    slot: u8,
    blob: &[u8],
    caveats: &[Vec<u8>],
    proof: &[u8; 32],
    nonce: &[u8; 16],
    door: &[u8],
) -> Vec<u8> {
    let mut out = vec![1, slot];
    out.extend_from_slice(&(blob.len() as u16).to_be_bytes());
    out.extend_from_slice(blob);
    out.push(caveats.len() as u8);
    for caveat in caveats {
        out.extend_from_slice(&(caveat.len() as u16).to_be_bytes());
        out.extend_from_slice(caveat);
    }
    let response = expand(
        proof,
        b"credential-response",
        &[nonce, door, &[1, slot, caveats.len() as u8]],
    );
    out.extend_from_slice(&response);
    out
}

/// Issue a credential from SPEC.md 16.2-16.3 alone: returns (blob, content key, T0 per door).
#[allow(clippy::too_many_arguments)]
pub fn issue(
    door_keys_and_ids: &[([u8; 32], &[u8])],
    issuer: u32,
    epoch: u32,
    body_plaintext: &[u8],
    id: &[u8; 16],
    entropy: &[u8],
) -> (Vec<u8>, [u8; 16], Vec<[u8; 32]>) {
    let keys: Vec<([u8; 32], [u8; 32])> = door_keys_and_ids
        .iter()
        .map(|(door_key, door)| door_keys(door_key, door, issuer, epoch))
        .collect();
    let content_key: [u8; 16] = expand(&keys[0].0, b"credential-content-key", &[id, entropy])[..16]
        .try_into()
        .unwrap();
    let content = content_keys(&content_key);
    let mut header = vec![1];
    header.extend_from_slice(&issuer.to_be_bytes());
    header.extend_from_slice(&epoch.to_be_bytes());
    header.push(keys.len() as u8);
    let siv: [u8; 16] = expand(&content.siv, b"credential-body", &[&header, body_plaintext])[..16]
        .try_into()
        .unwrap();
    let mut blob = header;
    blob.extend_from_slice(&siv);
    for (enc, _) in &keys {
        let mut wrapped = content_key;
        ctr(enc, &siv, &mut wrapped);
        blob.extend_from_slice(&wrapped);
    }
    let mut body = body_plaintext.to_vec();
    ctr(&content.enc, &siv, &mut body);
    blob.extend_from_slice(&body);
    let proofs = keys.iter().map(|(_, mac)| root_tag(mac, &blob)).collect();
    (blob, content_key, proofs)
}

/// A body's plaintext, written from SPEC.md 16.2.
pub fn body_plaintext(
    id: &[u8; 16],
    holder: u64,
    key: u64,
    flags: u8,
    not_before: i64,
    not_after: i64,
    schedule: &[u8],
) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend_from_slice(&holder.to_be_bytes());
    out.extend_from_slice(&key.to_be_bytes());
    out.push(flags);
    out.extend_from_slice(&not_before.to_be_bytes());
    out.extend_from_slice(&not_after.to_be_bytes());
    out.extend_from_slice(&(schedule.len() as u16).to_be_bytes());
    out.extend_from_slice(schedule);
    out
}

pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
