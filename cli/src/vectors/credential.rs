//! `doorcode_credential_test.json`: mobile credentials (SPEC section 16).
//!
//! Every credential, caveat, proof key, nonce and presentation here is also built field by field
//! from SPEC 16 with the low-level primitives only (HKDF-Expand from `kdf`, AES-256-CTR from
//! `aes_ctr_apply`), and the generator fails if the library's bytes differ. Refused inputs are
//! made by one documented change each (a flipped bit, a missing byte, a wider caveat sealed
//! directly, a deny-list entry, another clock), so the reason is known before the library runs;
//! the generator then checks that the library gives exactly that reason.

// Instants are small offsets from a fixed 2026 instant and lengths are tiny: no overflow.
// Positions are inside the generator's own fixed byte strings.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use doorcode::credential::{
    Caveat, CredentialFields, CredentialId, CredentialIssuer, DoorSet, HolderCredential, Role,
    VerifyContext, aes_ctr_apply, verify_presentation,
};
use doorcode::kdf;
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId, SiteKey};
use doorcode::lock::{Clock, DefaultLock, KeypadAnswer, LockConfig, RejectReason};
use doorcode::schedule::{DayMask, Grant, Schedule, TimeRange, Window};
use doorcode::zone::Zone;
use serde_json::{Value, json};

use super::{FileBuilder, VectorFile, bug, labelled_info, pseudo_random, spec_keys};
use crate::credential_cmd::{error_name, reject_name};
use crate::error::CliError;
use crate::hex;

/// File name of the credential vectors.
pub const CREDENTIAL_FILE: &str = "doorcode_credential_test.json";

const HEADER: &[&str] = &[
    "Test vectors for doorcode mobile credentials, version 1 (SPEC.md section 16). All byte strings are hex; integers are big-endian in encodings; times are unix seconds.",
    "E(K, label, fields...) = HKDF-Expand(K, I(label, fields...), 32) with I() as in doorcode_keys_test.json. Door key and issuer key as in SPEC 4; per door: enc = E(issuerKey, \"credential-enc\", doorId), mac = E(issuerKey, \"credential-mac\", doorId).",
    "Content key CK = first 16 bytes of E(enc of the first door, \"credential-content-key\", credentialId, entropy); AES key = E(CK, \"credential-content-enc\"); SIV key = E(CK, \"credential-content-siv\").",
    "credential = 01 u32(issuer) u32(epoch) u8(doorCount) SIV, then per door AES-256-CTR(enc_i, IV = SIV, CK), then AES-256-CTR(AES key, IV = SIV, body); body = id(16) u64(holder) u64(key) u8(flags: 01 may share, 02 resident) i64(notBefore) i64(notAfter) u16(scheduleLen) schedule; SIV = first 16 bytes of E(SIV key, \"credential-body\", the 10 header bytes before the SIV, body).",
    "Caveat i (1-based) = SIV_i || AES-256-CTR(AES key, IV = SIV_i, plaintext); plaintext = link(16) u64(guest) u32(door mask over the root's slots) u8(flags: 01 may share) i64(notBefore) i64(notAfter) u16(scheduleLen) schedule; SIV_i = first 16 bytes of E(SIV key, \"credential-caveat-siv\", body SIV, u8(i), plaintext).",
    "Proof keys: T0 = E(mac of the door, \"credential-root\", credential); T_i = E(T_{i-1}, \"credential-caveat\", caveat i). Presentation = 01 u8(slot) u16(len) credential u8(n) (u16(len) caveat)* response; response = E(T_n, \"credential-response\", nonce, doorId, 01 || u8(slot) || u8(n)).",
    "Challenge = 01 nonce(16) u8(len) doorId; the lock's k-th challenge (k = 1, 2, ...) has nonce = u64(k) || first 8 bytes of E(doorKey, \"ble-challenge\", u64(k), entropy).",
    "Bundle (what a phone keeps) = 01 CK(16) u16(len) credential u8(n) (u16(len) caveat)* u8(m) (u8(slot) u8(len) doorId proofKey(32))*.",
    "CredentialIssueTest: valid: issuing must give exactly 'credential', 'contentKey', 'proofKeys' and 'bundle'; invalid: issuing fails with 'error'. CredentialDelegateTest: delegating 'parent' with the caveat gives 'caveat' and 'bundle', or fails with 'error' (Widening.* names the widening). CredentialBundleTest: reading and opening 'bundle' gives the fields and 'rights', or fails with 'error'. ChallengeTest: a factory lock issuing 'priorChallenges' challenges and then one with 'entropy' sends 'challenge'.",
    "PresentationTest: the lock at 'door' with 'doorKey', enabled 'issuers' [issuer, epoch], deny-lists, zone UTC, outstanding 'nonce' and clock 'now' accepts 'presentation' (valid: with the listed holder, depth and slot) or rejects it with 'reason'. BleSessionTest: a factory lock runs 'steps' in order: challenge (entropy, now -> challenge) and present (presentation, now -> answer, reason).",
    "Reason names: NoChallenge, ChallengeExpired, Malformed.<error>, UnknownIssuer, StaleEpoch, BadProof, WrongDoor, DoorNotGranted, Revoked.Credential|Holder|Link|Guest, Widening.NotShareable|Doors|Window|Schedule, NotYetValid, Expired, OutsideSchedule. Errors: Truncated, TrailingBytes, UnknownVersion, TooLong, NoDoors, TooManyDoors, DuplicateDoor, TooManyCaveats, WeakEntropy, WrongContentKey, DoorNotHeld, Widening.*.",
];

const NOTES: &[(&str, &str)] = &[
    (
        "OneDoor",
        "A one-door credential without schedule (93 bytes).",
    ),
    (
        "ManyDoors",
        "A credential for several doors (twenty: 397 bytes).",
    ),
    ("Schedule", "A credential or caveat with a schedule."),
    ("Delegated", "A chain with one or more caveats."),
    (
        "BitFlip",
        "One bit flipped in the credential, a caveat or the response.",
    ),
    ("WrongDoor", "Presented at, or for, another door."),
    ("Expired", "The clock is at or after the end of the window."),
    (
        "NotYetValid",
        "The clock is before the start of the window.",
    ),
    (
        "OutsideSchedule",
        "A schedule of the chain denies the clock (a Sunday for a weekday schedule).",
    ),
    (
        "Revoked",
        "The credential, a link, the holder or a guest is on the lock's deny-lists: every credential below a revoked ancestor is refused.",
    ),
    (
        "Epoch",
        "The issuer's epoch at the lock is not the credential's, or the issuer is not enabled.",
    ),
    (
        "Widening",
        "A caveat that would widen its parent (doors, window, schedule, sharing), refused by the holder and, sealed directly, by the lock.",
    ),
    (
        "Replay",
        "A recorded presentation answered for another nonce.",
    ),
    (
        "ReusedNonce",
        "A second presentation for the same challenge: the nonce is consumed by the first.",
    ),
    ("Truncated", "The last byte is missing."),
    (
        "Oversized",
        "A byte appended, or longer than the format's maximum.",
    ),
    ("WrongVersion", "A version byte is 0x02."),
    ("InvalidIssue", "An issuing request the issuer refuses."),
    (
        "ChallengeExpired",
        "Answered more than 60 seconds after the challenge.",
    ),
];

/// 2026-11-22T09:00:00Z, a Sunday.
const T0: i64 = 1_795_338_000;
/// 2026-11-23T10:00:00Z, a Monday.
const MONDAY_10: i64 = T0 + 25 * 3600;
const DAY: i64 = 86_400;

fn site_secret() -> Vec<u8> {
    pseudo_random("credential site key", 32)
}

fn site() -> Result<SiteKey, CliError> {
    SiteKey::from_bytes(&site_secret()).map_err(|e| bug(format!("site key: {e}")))
}

fn door(name: &str) -> Result<DoorId, CliError> {
    DoorId::new(name.as_bytes()).map_err(|e| bug(format!("door id: {e}")))
}

fn id(label: &str) -> Result<CredentialId, CliError> {
    let bytes: [u8; 16] = pseudo_random(label, 16)
        .try_into()
        .map_err(|_| bug("id length"))?;
    Ok(CredentialId::from_bytes(bytes))
}

fn grant(from: i64, to: i64) -> Result<Grant, CliError> {
    Grant::new(from, to).map_err(bug)
}

fn weekday_schedule(start: u16, end: u16) -> Result<Schedule, CliError> {
    Schedule::from_windows(&[Window::new(
        DayMask::WEEKDAYS,
        TimeRange::new(start, end).map_err(bug)?,
    )])
    .map_err(bug)
}

fn every_day_schedule(start: u16, end: u16) -> Result<Schedule, CliError> {
    Schedule::from_windows(&[Window::new(
        DayMask::EVERY_DAY,
        TimeRange::new(start, end).map_err(bug)?,
    )])
    .map_err(bug)
}

fn schedule_bytes(schedule: Option<&Schedule>) -> Result<Vec<u8>, CliError> {
    let Some(schedule) = schedule else {
        return Ok(Vec::new());
    };
    let mut bytes = vec![0u8; schedule.encoded_len()];
    schedule.encode(&mut bytes).map_err(bug)?;
    Ok(bytes)
}

fn schedule_json(schedule: Option<&Schedule>) -> Result<Value, CliError> {
    Ok(match schedule {
        None => Value::Null,
        Some(_) => json!(hex::encode(&schedule_bytes(schedule)?)),
    })
}

// ---------------------------------------------------------------------------------------------
// SPEC 16, written out with the primitives only

fn expand(key: &[u8], label: &[u8], fields: &[&[u8]]) -> Result<[u8; 32], CliError> {
    let mut out = [0u8; 32];
    kdf::hkdf_expand(key, &[&labelled_info(label, fields)?], &mut out).map_err(bug)?;
    Ok(out)
}

fn first16(bytes: &[u8; 32]) -> Result<[u8; 16], CliError> {
    bytes
        .get(..16)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| bug("short"))
}

fn ctr(key: &[u8], iv: &[u8; 16], buf: &mut [u8]) -> Result<(), CliError> {
    aes_ctr_apply(key, iv, buf).map_err(bug)
}

/// The (enc, mac) credential keys of `door` for issuer `issuer` at `epoch`.
fn door_keys(door: &[u8], issuer: u32, epoch: u32) -> Result<([u8; 32], [u8; 32]), CliError> {
    let keys = spec_keys(&site_secret(), door, issuer, epoch)?;
    Ok((
        expand(&keys.issuer, b"credential-enc", &[door])?,
        expand(&keys.issuer, b"credential-mac", &[door])?,
    ))
}

struct SpecContent {
    enc: [u8; 32],
    siv: [u8; 32],
}

fn content(ck: &[u8; 16]) -> Result<SpecContent, CliError> {
    Ok(SpecContent {
        enc: expand(ck, b"credential-content-enc", &[])?,
        siv: expand(ck, b"credential-content-siv", &[])?,
    })
}

fn grant_bytes(out: &mut Vec<u8>, grant: &Grant) {
    out.extend_from_slice(&grant.not_before().to_be_bytes());
    out.extend_from_slice(&grant.not_after().to_be_bytes());
}

fn with_schedule(out: &mut Vec<u8>, schedule: Option<&Schedule>) -> Result<(), CliError> {
    let bytes = schedule_bytes(schedule)?;
    let len = u16::try_from(bytes.len()).map_err(|_| bug("schedule length"))?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&bytes);
    Ok(())
}

/// Content key, blob and T0 per door.
type SpecCredential = ([u8; 16], Vec<u8>, Vec<[u8; 32]>);

/// A credential issued from SPEC 16.
fn spec_issue(
    issuer: u32,
    epoch: u32,
    doors: &[&str],
    fields: &CredentialFields,
    entropy: &[u8],
) -> Result<SpecCredential, CliError> {
    let keys = doors
        .iter()
        .map(|d| door_keys(d.as_bytes(), issuer, epoch))
        .collect::<Result<Vec<_>, _>>()?;
    let (first_enc, _) = keys.first().ok_or_else(|| bug("no doors"))?;
    let ck = first16(&expand(
        first_enc,
        b"credential-content-key",
        &[fields.id.as_bytes(), entropy],
    )?)?;
    let sealing = content(&ck)?;
    let mut body = fields.id.as_bytes().to_vec();
    body.extend_from_slice(&fields.holder.to_be_bytes());
    body.extend_from_slice(&fields.key.to_be_bytes());
    body.push(u8::from(fields.may_share) | if fields.role == Role::Resident { 2 } else { 0 });
    grant_bytes(&mut body, &fields.grant);
    with_schedule(&mut body, fields.schedule.as_ref())?;
    let mut header = vec![1u8];
    header.extend_from_slice(&issuer.to_be_bytes());
    header.extend_from_slice(&epoch.to_be_bytes());
    header.push(u8::try_from(doors.len()).map_err(|_| bug("doors"))?);
    let siv = first16(&expand(
        &sealing.siv,
        b"credential-body",
        &[&header, &body],
    )?)?;
    ctr(&sealing.enc, &siv, &mut body)?;
    let mut blob = header;
    blob.extend_from_slice(&siv);
    for (enc, _) in &keys {
        let mut wrapped = ck;
        ctr(enc, &siv, &mut wrapped)?;
        blob.extend_from_slice(&wrapped);
    }
    blob.extend_from_slice(&body);
    let proofs = keys
        .iter()
        .map(|(_, mac)| expand(mac, b"credential-root", &[&blob]))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((ck, blob, proofs))
}

/// Caveat `position` sealed from SPEC 16 under the holder's content key.
fn spec_seal(
    holder: &HolderCredential,
    caveat: &Caveat,
    position: u8,
) -> Result<Vec<u8>, CliError> {
    let ck: [u8; 16] = *holder.content_key().as_bytes();
    let sealing = content(&ck)?;
    let mut plain = caveat.link.as_bytes().to_vec();
    plain.extend_from_slice(&caveat.guest.to_be_bytes());
    plain.extend_from_slice(&caveat.doors.0.to_be_bytes());
    plain.push(u8::from(caveat.may_share));
    grant_bytes(&mut plain, &caveat.grant);
    with_schedule(&mut plain, caveat.schedule.as_ref())?;
    let body_siv = holder.blob().get(10..26).ok_or_else(|| bug("short blob"))?;
    let siv = first16(&expand(
        &sealing.siv,
        b"credential-caveat-siv",
        &[body_siv, &[position], &plain],
    )?)?;
    ctr(&sealing.enc, &siv, &mut plain)?;
    Ok([siv.to_vec(), plain].concat())
}

/// A presentation from SPEC 16 with proof key `proof` (`T_n` for the chain `caveats`).
fn spec_present(
    blob: &[u8],
    caveats: &[Vec<u8>],
    proof: &[u8; 32],
    slot: u8,
    nonce: &[u8; 16],
    door: &str,
) -> Result<Vec<u8>, CliError> {
    let count = u8::try_from(caveats.len()).map_err(|_| bug("caveats"))?;
    let mut out = vec![1, slot];
    out.extend_from_slice(
        &u16::try_from(blob.len())
            .map_err(|_| bug("blob"))?
            .to_be_bytes(),
    );
    out.extend_from_slice(blob);
    out.push(count);
    for caveat in caveats {
        out.extend_from_slice(
            &u16::try_from(caveat.len())
                .map_err(|_| bug("caveat"))?
                .to_be_bytes(),
        );
        out.extend_from_slice(caveat);
    }
    out.extend_from_slice(&expand(
        proof,
        b"credential-response",
        &[nonce, door.as_bytes(), &[1, slot, count]],
    )?);
    Ok(out)
}

/// `T_n` of `slot` along `caveats` from the root proof key.
fn spec_chain(root: &[u8; 32], caveats: &[Vec<u8>]) -> Result<[u8; 32], CliError> {
    let mut tag = *root;
    for caveat in caveats {
        tag = expand(&tag, b"credential-caveat", &[caveat])?;
    }
    Ok(tag)
}

fn spec_nonce(door_key: &[u8], k: u64, entropy: &[u8]) -> Result<[u8; 16], CliError> {
    let mixed = expand(door_key, b"ble-challenge", &[&k.to_be_bytes(), entropy])?;
    let mut nonce = [0u8; 16];
    nonce[..8].copy_from_slice(&k.to_be_bytes());
    nonce[8..].copy_from_slice(&mixed[..8]);
    Ok(nonce)
}

// ---------------------------------------------------------------------------------------------
// The credentials of the file

struct Issued {
    doors: Vec<&'static str>,
    issuer: u32,
    epoch: u32,
    fields: CredentialFields,
    entropy: Vec<u8>,
    holder: HolderCredential,
    /// Root proof keys from SPEC, one per door.
    roots: Vec<[u8; 32]>,
}

fn issue(
    label: &'static str,
    doors: &[&'static str],
    issuer: u32,
    epoch: u32,
    fields: CredentialFields,
) -> Result<Issued, CliError> {
    let entropy = pseudo_random(&format!("credential entropy {label}"), 32);
    let ids = doors
        .iter()
        .map(|d| door(d))
        .collect::<Result<Vec<_>, _>>()?;
    let holder = CredentialIssuer::from_site(&site()?, IssuerId(issuer), Epoch(epoch), &ids)
        .issue(&fields, &ids, &entropy)
        .map_err(|e| bug(format!("issue {label}: {e}")))?;
    let (ck, blob, roots) = spec_issue(issuer, epoch, doors, &fields, &entropy)?;
    if holder.blob() != blob.as_slice() || holder.content_key().as_bytes() != &ck {
        return Err(bug(format!(
            "{label}: the library's credential differs from SPEC 16"
        )));
    }
    for (proof, root) in holder.proofs().iter().zip(&roots) {
        if proof.proof.as_bytes() != root {
            return Err(bug(format!("{label}: proof key differs from SPEC 16")));
        }
    }
    Ok(Issued {
        doors: doors.to_vec(),
        issuer,
        epoch,
        fields,
        entropy,
        holder,
        roots,
    })
}

fn fields(label: &str, holder: u64, grant: Grant) -> Result<CredentialFields, CliError> {
    Ok(CredentialFields::new(id(label)?, holder, grant))
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Resident => "resident",
        Role::NonResident => "non-resident",
    }
}

fn fields_json(fields: &CredentialFields) -> Result<Value, CliError> {
    Ok(json!({
        "credentialId": fields.id.to_string(),
        "holder": fields.holder,
        "key": fields.key,
        "notBefore": fields.grant.not_before(),
        "notAfter": fields.grant.not_after(),
        "schedule": schedule_json(fields.schedule.as_ref())?,
        "role": role_name(fields.role),
        "mayShare": fields.may_share,
    }))
}

fn caveat_json(caveat: &Caveat) -> Result<Value, CliError> {
    Ok(json!({
        "link": caveat.link.to_string(),
        "guest": caveat.guest,
        "doors": caveat.doors.0,
        "notBefore": caveat.grant.not_before(),
        "notAfter": caveat.grant.not_after(),
        "schedule": schedule_json(caveat.schedule.as_ref())?,
        "mayShare": caveat.may_share,
    }))
}

fn proofs_json(holder: &HolderCredential) -> Value {
    Value::Array(
        holder
            .proofs()
            .iter()
            .map(|p| {
                json!({
                    "door": hex::encode(p.door.as_bytes()),
                    "slot": p.index,
                    "proofKey": hex::encode(p.proof.as_bytes()),
                })
            })
            .collect(),
    )
}

/// Delegate through the library and check the sealed caveat and proof keys against SPEC 16.
fn delegate(parent: &HolderCredential, caveat: &Caveat) -> Result<HolderCredential, CliError> {
    let guest = parent
        .delegate(caveat)
        .map_err(|e| bug(format!("delegate: {e}")))?;
    let position = u8::try_from(guest.caveats().len()).map_err(|_| bug("depth"))?;
    let sealed = spec_seal(parent, caveat, position)?;
    if guest.caveats().last() != Some(&sealed) {
        return Err(bug("the library's caveat differs from SPEC 16"));
    }
    for proof in guest.proofs() {
        let parent_proof = parent
            .proofs()
            .iter()
            .find(|p| p.index == proof.index)
            .ok_or_else(|| bug("proof without parent"))?;
        let expected = expand(
            parent_proof.proof.as_bytes(),
            b"credential-caveat",
            &[&sealed],
        )?;
        if proof.proof.as_bytes() != &expected {
            return Err(bug("a delegated proof key differs from SPEC 16"));
        }
    }
    Ok(guest)
}

pub(super) fn credential_file() -> Result<VectorFile, CliError> {
    let mut b = FileBuilder::new("doorcode-credential-v1", HEADER, NOTES);

    // Roots.
    let one = issue(
        "one door",
        &["lobby"],
        0,
        0,
        fields("one door", 42, grant(T0 - 10 * DAY, T0 + 20 * DAY)?)?,
    )?;
    let mut resident_fields = fields("resident", 1001, grant(T0 - 30 * DAY, T0 + 30 * DAY)?)?;
    resident_fields.role = Role::Resident;
    resident_fields.may_share = true;
    resident_fields.key = 7;
    let resident = issue("resident", &["lobby", "gym", "roof"], 3, 2, resident_fields)?;
    let mut office_fields = fields("office", 77, grant(T0 - DAY, T0 + 10 * DAY)?)?;
    office_fields.schedule = Some(weekday_schedule(480, 1080)?);
    office_fields.may_share = true;
    let office = issue("office", &["lobby"], 0, 0, office_fields)?;
    let twenty_names: Vec<&'static str> = vec![
        "d00", "d01", "d02", "d03", "d04", "d05", "d06", "d07", "d08", "d09", "d10", "d11", "d12",
        "d13", "d14", "d15", "d16", "d17", "d18", "d19",
    ];
    let twenty = issue(
        "twenty doors",
        &twenty_names,
        0,
        0,
        fields("twenty doors", 5, Grant::ALWAYS)?,
    )?;
    if one.holder.blob().len() != 93 || twenty.holder.blob().len() != 397 {
        return Err(bug("credential sizes differ from SPEC 16"));
    }

    // Chains: resident -> guest (gym, roof; may share) -> second guest (gym).
    let mut first = Caveat::new(
        id("link 1")?,
        99,
        DoorSet(0b110),
        grant(T0 - DAY, T0 + 5 * DAY)?,
    );
    first.may_share = true;
    let guest = delegate(&resident.holder, &first)?;
    let second = Caveat::new(
        id("link 2")?,
        100,
        DoorSet(0b010),
        grant(T0 - 3600, T0 + DAY)?,
    );
    let guest2 = delegate(&guest, &second)?;
    let mut evening = Caveat::new(
        id("link 3")?,
        101,
        DoorSet(1),
        grant(T0 - DAY, T0 + 5 * DAY)?,
    );
    evening.schedule = Some(weekday_schedule(540, 720)?);
    let office_guest = delegate(&office.holder, &evening)?;

    // --- Issue
    b.group("CredentialIssueTest", json!({}));
    for (issued, comment, flags) in [
        (
            &one,
            "one door, non-resident, no schedule",
            &["OneDoor"][..],
        ),
        (
            &resident,
            "three doors, resident, may share, Key id, issuer 3 epoch 2",
            &["ManyDoors"][..],
        ),
        (&office, "weekday 08:00-18:00 schedule", &["Schedule"][..]),
        (&twenty, "twenty doors, always", &["ManyDoors"][..]),
    ] {
        b.test(
            comment,
            flags,
            json!({
                "siteKey": hex::encode(&site_secret()),
                "issuer": issued.issuer,
                "epoch": issued.epoch,
                "doors": issued.doors.iter().map(|d| hex::encode(d.as_bytes())).collect::<Vec<_>>(),
                "fields": fields_json(&issued.fields)?,
                "entropy": hex::encode(&issued.entropy),
                "contentKey": hex::encode(issued.holder.content_key().as_bytes()),
                "credential": hex::encode(issued.holder.blob()),
                "proofKeys": proofs_json(&issued.holder),
                "bundle": hex::encode(&issued.holder.to_bytes()),
            }),
            true,
        )?;
    }
    let many: Vec<String> = (0..33).map(|i| format!("x{i:02}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    for (comment, doors, entropy_len, error) in [
        (
            "entropy of 15 bytes",
            &["lobby"][..],
            15usize,
            "WeakEntropy",
        ),
        (
            "the same door twice",
            &["lobby", "gym", "lobby"][..],
            32,
            "DuplicateDoor",
        ),
        ("no doors", &[][..], 32, "NoDoors"),
        ("33 doors", &many[..], 32, "TooManyDoors"),
    ] {
        let ids = doors
            .iter()
            .map(|d| door(d))
            .collect::<Result<Vec<_>, _>>()?;
        let entropy = pseudo_random("invalid issue entropy", entropy_len);
        let got = CredentialIssuer::from_site(&site()?, IssuerId(0), Epoch(0), &ids)
            .issue(&one.fields, &ids, &entropy)
            .map(|_| ())
            .map_err(|e| error_name(&e));
        if got != Err(error.to_owned()) {
            return Err(bug(format!(
                "issue '{comment}': expected {error}, got {got:?}"
            )));
        }
        b.test(
            comment,
            &["InvalidIssue"],
            json!({
                "siteKey": hex::encode(&site_secret()),
                "issuer": 0,
                "epoch": 0,
                "doors": doors.iter().map(|d| hex::encode(d.as_bytes())).collect::<Vec<_>>(),
                "fields": fields_json(&one.fields)?,
                "entropy": hex::encode(&entropy),
                "error": error,
            }),
            false,
        )?;
    }

    // --- Delegate
    b.group("CredentialDelegateTest", json!({}));
    for (parent, caveat, child, comment, flags) in [
        (
            &resident.holder,
            &first,
            &guest,
            "resident shares gym and roof for five days, may share",
            &["Delegated"][..],
        ),
        (
            &guest,
            &second,
            &guest2,
            "the guest shares the gym for a day",
            &["Delegated"][..],
        ),
        (
            &office.holder,
            &evening,
            &office_guest,
            "weekday mornings inside weekday office hours",
            &["Delegated", "Schedule"][..],
        ),
    ] {
        b.test(
            comment,
            flags,
            json!({
                "parent": hex::encode(&parent.to_bytes()),
                "caveat": caveat_json(caveat)?,
                "sealedCaveat": hex::encode(child.caveats().last().ok_or_else(|| bug("no caveat"))?),
                "proofKeys": proofs_json(child),
                "bundle": hex::encode(&child.to_bytes()),
            }),
            true,
        )?;
    }
    let wider_window = Caveat::new(
        id("wide")?,
        5,
        DoorSet(0b010),
        grant(T0 - DAY, T0 + 6 * DAY)?,
    );
    let wider_doors = Caveat::new(id("wide")?, 5, DoorSet(0b011), grant(T0, T0 + DAY)?);
    let beyond = Caveat::new(id("wide")?, 5, DoorSet(0b1000), grant(T0, T0 + DAY)?);
    let reshare = Caveat::new(id("wide")?, 5, DoorSet(0b010), grant(T0, T0 + 3600)?);
    let mut all_week = Caveat::new(id("wide")?, 5, DoorSet(1), grant(T0, T0 + DAY)?);
    all_week.schedule = Some(every_day_schedule(420, 1200)?);
    let mut deep = resident.holder.clone();
    for n in 0..4u8 {
        let mut caveat = Caveat::new(
            id(&format!("deep {n}"))?,
            0,
            DoorSet(1),
            grant(T0 - DAY, T0 + DAY)?,
        );
        caveat.may_share = true;
        deep = delegate(&deep, &caveat)?;
    }
    let fifth = Caveat::new(id("deep 4")?, 0, DoorSet(1), grant(T0 - DAY, T0 + DAY)?);
    for (parent, caveat, comment, error) in [
        (
            &guest,
            &wider_window,
            "a window ending after the parent's",
            "Widening.Window",
        ),
        (
            &guest,
            &wider_doors,
            "a door the parent does not have",
            "Widening.Doors",
        ),
        (
            &guest,
            &beyond,
            "a slot beyond the credential's doors",
            "Widening.Doors",
        ),
        (
            &guest2,
            &reshare,
            "sharing below a link without may-share",
            "Widening.NotShareable",
        ),
        (
            &office.holder,
            &all_week,
            "every day 07:00-20:00 below weekdays 08:00-18:00",
            "Widening.Schedule",
        ),
        (&deep, &fifth, "a fifth caveat", "TooManyCaveats"),
    ] {
        let got = parent
            .delegate(caveat)
            .map(|_| ())
            .map_err(|e| error_name(&e));
        if got != Err(error.to_owned()) {
            return Err(bug(format!(
                "delegate '{comment}': expected {error}, got {got:?}"
            )));
        }
        b.test(
            comment,
            &["Widening"],
            json!({
                "parent": hex::encode(&parent.to_bytes()),
                "caveat": caveat_json(caveat)?,
                "error": error,
            }),
            false,
        )?;
    }

    // --- Bundles
    b.group("CredentialBundleTest", json!({}));
    for (holder, comment, flags) in [
        (&one.holder, "root credential", &["OneDoor"][..]),
        (&guest2, "two caveats", &["Delegated"][..]),
        (
            &office_guest,
            "root and caveat schedules",
            &["Schedule", "Delegated"][..],
        ),
    ] {
        let opened = holder.open().map_err(bug)?;
        b.test(
            comment,
            flags,
            json!({
                "bundle": hex::encode(&holder.to_bytes()),
                "issuer": opened.header.issuer.0,
                "epoch": opened.header.epoch.0,
                "doorCount": opened.header.door_count,
                "fields": fields_json(&opened.root)?,
                "caveats": opened.caveats.iter().map(caveat_json).collect::<Result<Vec<_>, _>>()?,
                "rights": {
                    "doors": opened.rights.doors.0,
                    "notBefore": opened.rights.grant.not_before(),
                    "notAfter": opened.rights.grant.not_after(),
                    "mayShare": opened.rights.may_share,
                    "role": role_name(opened.rights.role),
                },
            }),
            true,
        )?;
    }
    let bundle = guest2.to_bytes().to_vec();
    // Bundle layout: 01, CK (16), u16 blob length, blob: the body ciphertext ends the blob.
    let blob_end = 19 + guest2.blob().len();
    let caveat_start = blob_end + 1 + 2 + 16;
    let mut cases: Vec<(String, Vec<u8>, &str, &[&'static str])> = Vec::new();
    cases.push((
        "truncated by one byte".into(),
        bundle[..bundle.len() - 1].to_vec(),
        "Truncated",
        &["Truncated"],
    ));
    cases.push((
        "a byte appended".into(),
        [&bundle[..], &[0]].concat(),
        "TrailingBytes",
        &["Oversized"],
    ));
    let mut v2 = bundle.clone();
    v2[0] = 2;
    cases.push((
        "bundle version 2".into(),
        v2,
        "UnknownVersion",
        &["WrongVersion"],
    ));
    let mut body_flip = bundle.clone();
    body_flip[blob_end - 1] ^= 0x01;
    cases.push((
        "last bit of the body ciphertext flipped".into(),
        body_flip,
        "WrongContentKey",
        &["BitFlip"],
    ));
    let mut caveat_flip = bundle.clone();
    caveat_flip[caveat_start + 3] ^= 0x80;
    cases.push((
        "a bit of the first caveat's ciphertext flipped".into(),
        caveat_flip,
        "WrongContentKey",
        &["BitFlip"],
    ));
    let mut blob_v2 = bundle.clone();
    blob_v2[19] = 2;
    cases.push((
        "credential version 2".into(),
        blob_v2,
        "UnknownVersion",
        &["WrongVersion"],
    ));
    for (comment, bytes, error, flags) in cases {
        let got = HolderCredential::from_bytes(&bytes)
            .and_then(|holder| holder.open())
            .map(|_| ())
            .map_err(|e| error_name(&e));
        if got != Err(error.to_owned()) {
            return Err(bug(format!(
                "bundle '{comment}': expected {error}, got {got:?}"
            )));
        }
        b.test(
            &comment,
            flags,
            json!({ "bundle": hex::encode(&bytes), "error": error }),
            false,
        )?;
    }

    // --- Challenges
    b.group("ChallengeTest", json!({}));
    for (prior, entropy, door_name) in [
        (0u64, pseudo_random("challenge entropy 0", 16), "lobby"),
        (1, pseudo_random("challenge entropy 0", 16), "lobby"),
        (2, Vec::new(), "gym"),
    ] {
        let door_id = door(door_name)?;
        let door_key = site()?.door_key(&door_id);
        let mut lock = DefaultLock::new(door_key, LockConfig::new(door_id)).map_err(bug)?;
        for _ in 0..prior {
            lock.challenge(&entropy, Clock::Set(T0)).map_err(bug)?;
        }
        let challenge = lock.challenge(&entropy, Clock::Set(T0)).map_err(bug)?;
        let door_key_bytes = spec_keys(&site_secret(), door_name.as_bytes(), 0, 0)?.door;
        let nonce = spec_nonce(&door_key_bytes, prior + 1, &entropy)?;
        if challenge.nonce != nonce {
            return Err(bug("challenge nonce differs from SPEC 16"));
        }
        let name_len = u8::try_from(door_name.len()).map_err(|_| bug("door"))?;
        let message = [&[1u8][..], &nonce, &[name_len], door_name.as_bytes()].concat();
        if challenge.to_bytes().to_vec() != message {
            return Err(bug("challenge bytes differ from SPEC 16"));
        }
        b.test(
            &format!("challenge number {} at {door_name}", prior + 1),
            &[],
            json!({
                "doorKey": hex::encode(&door_key_bytes),
                "door": hex::encode(door_name.as_bytes()),
                "priorChallenges": prior,
                "entropy": hex::encode(&entropy),
                "nonce": hex::encode(&nonce),
                "challenge": hex::encode(&message),
            }),
            true,
        )?;
    }

    presentations(
        &mut b,
        &one,
        &resident,
        &office,
        &guest,
        &guest2,
        &office_guest,
    )?;
    sessions(&mut b, &one)?;
    b.finish(CREDENTIAL_FILE)
}

/// What a lock knows, for a presentation case.
struct Ctx {
    door: &'static str,
    issuers: Vec<(u32, u32)>,
    denied_credentials: Vec<CredentialId>,
    denied_persons: Vec<u64>,
    now: i64,
}

impl Ctx {
    fn at(door: &'static str, issuer: (u32, u32), now: i64) -> Self {
        Self {
            door,
            issuers: vec![issuer],
            denied_credentials: Vec::new(),
            denied_persons: Vec::new(),
            now,
        }
    }
}

/// Add a presentation case after checking the library's verdict is `expected` (a reason name,
/// or `None` for accept with the given depth).
fn presentation_case(
    b: &mut FileBuilder,
    comment: &str,
    flags: &[&'static str],
    ctx: &Ctx,
    nonce: &[u8; 16],
    presentation: &[u8],
    expected: Result<(u64, u8, u8), &str>,
) -> Result<(), CliError> {
    let door_id = door(ctx.door)?;
    let door_key_bytes = spec_keys(&site_secret(), ctx.door.as_bytes(), 0, 0)?.door;
    let door_key = DoorKey::from_bytes(&door_key_bytes).map_err(bug)?;
    let issuers: Vec<(IssuerId, Epoch)> = ctx
        .issuers
        .iter()
        .map(|(i, e)| (IssuerId(*i), Epoch(*e)))
        .collect();
    let context = VerifyContext {
        door_key: &door_key,
        door: &door_id,
        issuers: &issuers,
        nonce,
        now: ctx.now,
        zone: &Zone::UTC,
        denied_credentials: &ctx.denied_credentials,
        denied_persons: &ctx.denied_persons,
    };
    let got = verify_presentation(&context, presentation)
        .map(|p| (p.holder, p.depth, p.door_index))
        .map_err(|r| reject_name(&r));
    if got != expected.map_err(str::to_owned) {
        return Err(bug(format!(
            "presentation '{comment}': expected {expected:?}, got {got:?}"
        )));
    }
    let mut fields = json!({
        "doorKey": hex::encode(&door_key_bytes),
        "door": hex::encode(ctx.door.as_bytes()),
        "issuers": ctx.issuers.iter().map(|(i, e)| json!([i, e])).collect::<Vec<_>>(),
        "deniedCredentials": ctx.denied_credentials.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "deniedPersons": ctx.denied_persons,
        "nonce": hex::encode(nonce),
        "now": ctx.now,
        "presentation": hex::encode(presentation),
    });
    let map = fields.as_object_mut().ok_or_else(|| bug("fields"))?;
    match expected {
        Ok((holder, depth, slot)) => {
            map.insert("holder".into(), json!(holder));
            map.insert("depth".into(), json!(depth));
            map.insert("slot".into(), json!(slot));
        }
        Err(reason) => {
            map.insert("reason".into(), json!(reason));
        }
    }
    b.test(comment, flags, fields, expected.is_ok())
}

#[allow(clippy::too_many_lines)]
fn presentations(
    b: &mut FileBuilder,
    one: &Issued,
    resident: &Issued,
    office: &Issued,
    guest: &HolderCredential,
    guest2: &HolderCredential,
    office_guest: &HolderCredential,
) -> Result<(), CliError> {
    b.group("PresentationTest", json!({}));
    let nonce: [u8; 16] = pseudo_random("presentation nonce", 16)
        .try_into()
        .map_err(|_| bug("nonce"))?;
    let other_nonce: [u8; 16] = pseudo_random("other nonce", 16)
        .try_into()
        .map_err(|_| bug("nonce"))?;
    let present = |holder: &HolderCredential, door_name: &str| -> Result<Vec<u8>, CliError> {
        holder.present(&door(door_name)?, &nonce).map_err(bug)
    };
    let resident_issuer = (3, 2);
    // Each library presentation must equal SPEC's.
    let check = |holder: &HolderCredential,
                 roots: &[[u8; 32]],
                 slot: u8,
                 door_name: &str|
     -> Result<Vec<u8>, CliError> {
        let bytes = present(holder, door_name)?;
        let root = roots.get(usize::from(slot)).ok_or_else(|| bug("slot"))?;
        let tag = spec_chain(root, holder.caveats())?;
        if bytes
            != spec_present(
                holder.blob(),
                holder.caveats(),
                &tag,
                slot,
                &nonce,
                door_name,
            )?
        {
            return Err(bug("a presentation differs from SPEC 16"));
        }
        Ok(bytes)
    };
    let one_p = check(&one.holder, &one.roots, 0, "lobby")?;
    let resident_gym = check(&resident.holder, &resident.roots, 1, "gym")?;
    let guest_roof = check(guest, &resident.roots, 2, "roof")?;
    let guest2_gym = check(guest2, &resident.roots, 1, "gym")?;
    let office_p = check(&office.holder, &office.roots, 0, "lobby")?;
    let office_guest_p = check(office_guest, &office.roots, 0, "lobby")?;

    let at = |door: &'static str, now: i64| Ctx::at(door, (0, 0), now);
    let r_at = |door: &'static str, now: i64| Ctx::at(door, resident_issuer, now);
    presentation_case(
        b,
        "one-door credential at its door",
        &["OneDoor"],
        &at("lobby", T0),
        &nonce,
        &one_p,
        Ok((42, 0, 0)),
    )?;
    presentation_case(
        b,
        "resident at the second of three doors",
        &["ManyDoors"],
        &r_at("gym", T0),
        &nonce,
        &resident_gym,
        Ok((1001, 0, 1)),
    )?;
    presentation_case(
        b,
        "guest at the roof (one caveat)",
        &["Delegated"],
        &r_at("roof", T0),
        &nonce,
        &guest_roof,
        Ok((1001, 1, 2)),
    )?;
    presentation_case(
        b,
        "second guest at the gym (two caveats)",
        &["Delegated"],
        &r_at("gym", T0),
        &nonce,
        &guest2_gym,
        Ok((1001, 2, 1)),
    )?;
    presentation_case(
        b,
        "weekday schedule on a Monday at 10:00",
        &["Schedule"],
        &at("lobby", MONDAY_10),
        &nonce,
        &office_p,
        Ok((77, 0, 0)),
    )?;
    presentation_case(
        b,
        "root and caveat schedules both allow Monday 10:00",
        &["Schedule", "Delegated"],
        &at("lobby", MONDAY_10),
        &nonce,
        &office_guest_p,
        Ok((77, 1, 0)),
    )?;

    // Bit flips.
    let blob_len = one.holder.blob().len();
    for (position, bit, comment, reason) in [
        (
            4 + 9,
            0x02,
            "door count 1 -> 3: the credential is too short",
            "Malformed.Truncated",
        ),
        (4 + 9, 0x01, "door count 1 -> 0", "Malformed.NoDoors"),
        (4 + 8, 0x01, "epoch bit flipped", "StaleEpoch"),
        (4 + 12, 0x10, "a bit of the SIV flipped", "BadProof"),
        (4 + 30, 0x04, "a bit of the wrapped key flipped", "BadProof"),
        (
            4 + blob_len - 1,
            0x80,
            "last bit of the body flipped",
            "BadProof",
        ),
        (
            one_p.len() - 1,
            0x01,
            "last bit of the response flipped",
            "BadProof",
        ),
        (1, 0x01, "slot byte changed to 1", "BadProof"),
        (4 + 2, 0x01, "issuer bit flipped", "UnknownIssuer"),
    ] {
        let mut bytes = one_p.clone();
        bytes[position] ^= bit;
        presentation_case(
            b,
            comment,
            &["BitFlip"],
            &at("lobby", T0),
            &nonce,
            &bytes,
            Err(reason),
        )?;
    }
    let mut bytes = guest2_gym.clone();
    let first_caveat = 4 + resident.holder.blob().len() + 1 + 2;
    bytes[first_caveat + 20] ^= 0x02;
    presentation_case(
        b,
        "a bit of the first caveat flipped",
        &["BitFlip", "Delegated"],
        &r_at("gym", T0),
        &nonce,
        &bytes,
        Err("BadProof"),
    )?;

    // Doors.
    presentation_case(
        b,
        "lobby's presentation at the gym",
        &["WrongDoor"],
        &r_at("gym", T0),
        &nonce,
        &check(&resident.holder, &resident.roots, 0, "lobby")?,
        Err("BadProof"),
    )?;
    let wrong_slot = spec_present(
        resident.holder.blob(),
        &[],
        &resident.roots[1],
        0,
        &nonce,
        "gym",
    )?;
    presentation_case(
        b,
        "the gym's proof naming the lobby's slot (0)",
        &["WrongDoor"],
        &r_at("gym", T0),
        &nonce,
        &wrong_slot,
        Err("WrongDoor"),
    )?;
    let lobby_through = spec_chain(&resident.roots[0], guest.caveats())?;
    let not_granted = spec_present(
        guest.blob(),
        guest.caveats(),
        &lobby_through,
        0,
        &nonce,
        "lobby",
    )?;
    presentation_case(
        b,
        "the resident chains the lobby's proof through a caveat without the lobby",
        &["WrongDoor", "Delegated"],
        &r_at("lobby", T0),
        &nonce,
        &not_granted,
        Err("DoorNotGranted"),
    )?;

    // Time.
    presentation_case(
        b,
        "at the end of the window",
        &["Expired"],
        &at("lobby", T0 + 20 * DAY),
        &nonce,
        &one_p,
        Err("Expired"),
    )?;
    presentation_case(
        b,
        "one second before the end",
        &["OneDoor"],
        &at("lobby", T0 + 20 * DAY - 1),
        &nonce,
        &one_p,
        Ok((42, 0, 0)),
    )?;
    presentation_case(
        b,
        "one second before the window",
        &["NotYetValid"],
        &at("lobby", T0 - 10 * DAY - 1),
        &nonce,
        &one_p,
        Err("NotYetValid"),
    )?;
    presentation_case(
        b,
        "second guest after its caveat's day, inside the parent's",
        &["Expired", "Delegated"],
        &r_at("gym", T0 + 2 * DAY),
        &nonce,
        &guest2_gym,
        Err("Expired"),
    )?;
    presentation_case(
        b,
        "weekday schedule on a Sunday",
        &["OutsideSchedule"],
        &at("lobby", T0),
        &nonce,
        &office_p,
        Err("OutsideSchedule"),
    )?;
    presentation_case(
        b,
        "caveat schedule (09:00-12:00) on a Monday at 13:00",
        &["OutsideSchedule", "Delegated"],
        &at("lobby", MONDAY_10 + 3 * 3600),
        &nonce,
        &office_guest_p,
        Err("OutsideSchedule"),
    )?;

    // Revocation and epochs.
    let revoked = |credentials: Vec<CredentialId>, persons: Vec<u64>| Ctx {
        denied_credentials: credentials,
        denied_persons: persons,
        ..r_at("gym", T0)
    };
    let link1 = guest
        .open()
        .map_err(bug)?
        .caveats
        .first()
        .map(|c| c.link)
        .ok_or_else(|| bug("link"))?;
    let link2 = guest2
        .open()
        .map_err(bug)?
        .caveats
        .get(1)
        .map(|c| c.link)
        .ok_or_else(|| bug("link"))?;
    for (ctx, comment, reason) in [
        (
            revoked(vec![resident.fields.id], vec![]),
            "root credential revoked: the second guest is refused",
            "Revoked.Credential",
        ),
        (
            revoked(vec![link1], vec![]),
            "first link revoked: the guest below it is refused",
            "Revoked.Link",
        ),
        (
            revoked(vec![link2], vec![]),
            "the second guest's own link revoked",
            "Revoked.Link",
        ),
        (
            revoked(vec![], vec![1001]),
            "the resident denied as a person",
            "Revoked.Holder",
        ),
        (
            revoked(vec![], vec![99]),
            "the first guest denied as a person",
            "Revoked.Guest",
        ),
    ] {
        presentation_case(
            b,
            comment,
            &["Revoked", "Delegated"],
            &ctx,
            &nonce,
            &guest2_gym,
            Err(reason),
        )?;
    }
    presentation_case(
        b,
        "issuer 3 moved to epoch 3",
        &["Epoch"],
        &Ctx::at("gym", (3, 3), T0),
        &nonce,
        &resident_gym,
        Err("StaleEpoch"),
    )?;
    presentation_case(
        b,
        "issuer 3 not enabled",
        &["Epoch"],
        &Ctx::at("gym", (0, 0), T0),
        &nonce,
        &resident_gym,
        Err("UnknownIssuer"),
    )?;

    // Widening caveats sealed directly (the holder API refuses them).
    let wider = Caveat::new(
        CredentialId::from_bytes([0xee; 16]),
        5,
        DoorSet(0b010),
        grant(T0 - DAY, T0 + 6 * DAY)?,
    );
    let doors_wider = Caveat::new(
        CredentialId::from_bytes([0xee; 16]),
        5,
        DoorSet(0b011),
        grant(T0, T0 + DAY)?,
    );
    let reshare = Caveat::new(
        CredentialId::from_bytes([0xee; 16]),
        5,
        DoorSet(0b010),
        grant(T0, T0 + 3600)?,
    );
    for (parent, caveat, comment, reason) in [
        (
            guest,
            &wider,
            "a second caveat ending after the first",
            "Widening.Window",
        ),
        (
            guest,
            &doors_wider,
            "a second caveat adding the lobby",
            "Widening.Doors",
        ),
        (
            guest2,
            &reshare,
            "a third caveat below a link without may-share",
            "Widening.NotShareable",
        ),
    ] {
        let position = u8::try_from(parent.caveats().len() + 1).map_err(|_| bug("depth"))?;
        let sealed = spec_seal(parent, caveat, position)?;
        let chain: Vec<Vec<u8>> = parent.caveats().iter().cloned().chain([sealed]).collect();
        let tag = spec_chain(&resident.roots[1], &chain)?;
        let bytes = spec_present(parent.blob(), &chain, &tag, 1, &nonce, "gym")?;
        presentation_case(
            b,
            comment,
            &["Widening", "Delegated"],
            &r_at("gym", T0),
            &nonce,
            &bytes,
            Err(reason),
        )?;
    }

    // Replay, lengths, versions.
    presentation_case(
        b,
        "answered for another nonce",
        &["Replay"],
        &at("lobby", T0),
        &other_nonce,
        &one_p,
        Err("BadProof"),
    )?;
    presentation_case(
        b,
        "truncated by one byte",
        &["Truncated"],
        &at("lobby", T0),
        &nonce,
        &one_p[..one_p.len() - 1],
        Err("Malformed.Truncated"),
    )?;
    presentation_case(
        b,
        "empty",
        &["Truncated"],
        &at("lobby", T0),
        &nonce,
        &[],
        Err("Malformed.Truncated"),
    )?;
    presentation_case(
        b,
        "a byte appended",
        &["Oversized"],
        &at("lobby", T0),
        &nonce,
        &[&one_p[..], &[0]].concat(),
        Err("Malformed.TrailingBytes"),
    )?;
    let huge = [
        &one_p[..],
        &vec![0u8; doorcode::credential::MAX_PRESENTATION_LEN],
    ]
    .concat();
    presentation_case(
        b,
        "longer than the maximum presentation",
        &["Oversized"],
        &at("lobby", T0),
        &nonce,
        &huge,
        Err("Malformed.TooLong"),
    )?;
    let mut v2 = one_p.clone();
    v2[0] = 2;
    presentation_case(
        b,
        "presentation version 2",
        &["WrongVersion"],
        &at("lobby", T0),
        &nonce,
        &v2,
        Err("Malformed.UnknownVersion"),
    )?;
    let mut blob_v2 = one_p.clone();
    blob_v2[4] = 2;
    presentation_case(
        b,
        "credential version 2",
        &["WrongVersion"],
        &at("lobby", T0),
        &nonce,
        &blob_v2,
        Err("Malformed.UnknownVersion"),
    )?;
    Ok(())
}

fn sessions(b: &mut FileBuilder, one: &Issued) -> Result<(), CliError> {
    b.group("BleSessionTest", json!({}));
    let door_id = door("lobby")?;
    let door_key_bytes = spec_keys(&site_secret(), b"lobby", 0, 0)?.door;
    let mut lock = DefaultLock::new(
        DoorKey::from_bytes(&door_key_bytes).map_err(bug)?,
        LockConfig::new(door_id),
    )
    .map_err(bug)?;
    let mut steps = Vec::new();
    let mut k = 0u64;
    let mut challenge = |lock: &mut DefaultLock,
                         steps: &mut Vec<Value>,
                         now: i64|
     -> Result<Vec<u8>, CliError> {
        k += 1;
        let entropy = pseudo_random(&format!("session entropy {k}"), 16);
        let challenge = lock.challenge(&entropy, Clock::Set(now)).map_err(bug)?;
        if challenge.nonce != spec_nonce(&door_key_bytes, k, &entropy)? {
            return Err(bug("session nonce differs from SPEC 16"));
        }
        let bytes = challenge.to_bytes().to_vec();
        steps.push(json!({"op": "challenge", "entropy": hex::encode(&entropy), "now": now, "challenge": hex::encode(&bytes)}));
        Ok(bytes)
    };
    let present = |lock: &mut DefaultLock,
                   steps: &mut Vec<Value>,
                   bytes: &[u8],
                   now: i64,
                   expected: Option<&str>|
     -> Result<(), CliError> {
        let (answer, event) = lock.present(bytes, Clock::Set(now));
        let reason = match event.reason {
            Some(RejectReason::Credential(why)) => Some(reject_name(&why)),
            Some(other) => Some(format!("{other:?}")),
            None => None,
        };
        if reason.as_deref() != expected || (answer == KeypadAnswer::Accept) != expected.is_none() {
            return Err(bug(format!(
                "session: expected {expected:?}, got {answer:?} {reason:?}"
            )));
        }
        steps.push(json!({"op": "present", "presentation": hex::encode(bytes), "now": now, "answer": if expected.is_none() { "accept" } else { "reject" }, "reason": expected}));
        Ok(())
    };
    present(&mut lock, &mut steps, &[1], T0, Some("NoChallenge"))?;
    let first = challenge(&mut lock, &mut steps, T0)?;
    let answer = one.holder.answer_challenge(&first).map_err(bug)?;
    present(&mut lock, &mut steps, &answer, T0 + 5, None)?;
    present(&mut lock, &mut steps, &answer, T0 + 6, Some("NoChallenge"))?;
    challenge(&mut lock, &mut steps, T0 + 10)?;
    present(&mut lock, &mut steps, &answer, T0 + 11, Some("BadProof"))?;
    let third = challenge(&mut lock, &mut steps, T0 + 20)?;
    let late = one.holder.answer_challenge(&third).map_err(bug)?;
    present(
        &mut lock,
        &mut steps,
        &late,
        T0 + 81,
        Some("ChallengeExpired"),
    )?;
    let fourth = challenge(&mut lock, &mut steps, T0 + 100)?;
    let edge = one.holder.answer_challenge(&fourth).map_err(bug)?;
    present(&mut lock, &mut steps, &edge, T0 + 160, None)?;
    b.test(
        "accept, reuse of the nonce, replay for a new nonce, a late answer, an answer at 60 s",
        &["ReusedNonce", "Replay", "ChallengeExpired"],
        json!({
            "doorKey": hex::encode(&door_key_bytes),
            "door": hex::encode(b"lobby"),
            "steps": steps,
        }),
        true,
    )
}
