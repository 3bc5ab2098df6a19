//! The language-neutral test vectors in `vectors/`: generation, and `doorcode vectors`.
//!
//! The generator is itself a test. Every expected result comes from how a case is built (which
//! secret, door, issuer, epoch, date and slot a code was issued for, which instant is chosen),
//! never from what the library answers; the generator then runs the library and fails loudly if
//! it disagrees. Key and code outputs are also recomputed from the documented construction
//! (HKDF with the labelled `info` encoding; FF1 with the documented tweak and plaintext) through
//! the library's low-level primitives, so a change to either side is caught here.
//!
//! Output is deterministic: objects keep insertion order (serde_json `preserve_order`), pretty
//! printed with a trailing newline, so the files can be compared byte for byte.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use doorcode::civil::LocalDate;
use doorcode::code::CodeLength;
use doorcode::daily::{
    DAILY_KEY_LABEL, DailyAccepted, DailyKind, DailyPolicy, DailyVerifier, IssueError, issue_daily,
};
use doorcode::ff1::Ff1;
use doorcode::kdf;
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId, KeyError, SiteKey};
use doorcode::zone::Zone;
use serde_json::{Map, Value, json};

use crate::args::{Args, Spec};
use crate::daily_cmd::{candidate_dates, reject_name};
use crate::error::CliError;
use crate::time::format_local;
use crate::{Status, hex, usage};

pub mod credential;
pub mod daily_dst;
pub mod lock;
pub mod permanent;
pub mod schedule;
pub mod zone;

/// File name of the key-hierarchy vectors.
pub const KEYS_FILE: &str = "doorcode_keys_test.json";
/// File name of the daily-code issuing vectors.
pub const ISSUE_FILE: &str = "doorcode_daily_issue_test.json";
/// File name of the daily-code verification vectors.
pub const VERIFY_FILE: &str = "doorcode_daily_verify_test.json";
/// Version of this generator, written into every file.
pub const GENERATOR_VERSION: &str = "1";

/// One generated vector file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VectorFile {
    /// File name, inside the vectors directory.
    pub name: &'static str,
    /// The exact file contents.
    pub contents: String,
    /// Number of test cases in it.
    pub tests: u64,
}

/// A failed self-check: the library disagrees with how a case was built. This is a bug.
fn bug(message: impl std::fmt::Display) -> CliError {
    CliError::rejected(format!("vector generator self-check failed: {message}"))
}

fn overflow() -> CliError {
    bug("arithmetic overflow")
}

/// Generate every vector file in memory.
pub fn generate() -> Result<Vec<VectorFile>, CliError> {
    Ok(vec![
        keys_file()?,
        issue_file()?,
        verify_file()?,
        zone::zone_file()?,
        daily_dst::daily_dst_file()?,
        schedule::schedule_file()?,
        permanent::permanent_file()?,
        lock::lock_file()?,
        credential::credential_file()?,
    ])
}

// ---------------------------------------------------------------------------------------------
// File builder

/// Assembles one Wycheproof-style file with consecutive tcIds and checked flags.
struct FileBuilder {
    algorithm: &'static str,
    header: &'static [&'static str],
    notes: &'static [(&'static str, &'static str)],
    groups: Vec<Value>,
    current: Option<(Map<String, Value>, Vec<Value>)>,
    count: u64,
    used_flags: BTreeSet<&'static str>,
}

impl FileBuilder {
    fn new(
        algorithm: &'static str,
        header: &'static [&'static str],
        notes: &'static [(&'static str, &'static str)],
    ) -> Self {
        Self {
            algorithm,
            header,
            notes,
            groups: Vec::new(),
            current: None,
            count: 0,
            used_flags: BTreeSet::new(),
        }
    }

    /// Start a test group of `kind` with the parameters in `params` (a JSON object).
    fn group(&mut self, kind: &str, params: Value) {
        self.close_group();
        let mut map = Map::new();
        map.insert("type".to_owned(), json!(kind));
        if let Value::Object(params) = params {
            map.extend(params);
        }
        self.current = Some((map, Vec::new()));
    }

    fn close_group(&mut self) {
        if let Some((mut map, tests)) = self.current.take() {
            map.insert("tests".to_owned(), Value::Array(tests));
            self.groups.push(Value::Object(map));
        }
    }

    /// Add a test to the current group: tcId, comment, flags, then `fields` in order, then
    /// result.
    fn test(
        &mut self,
        comment: &str,
        flags: &[&'static str],
        fields: Value,
        valid: bool,
    ) -> Result<(), CliError> {
        for flag in flags {
            if !self.notes.iter().any(|(name, _)| name == flag) {
                return Err(bug(format!("flag {flag} is not described in the notes")));
            }
            self.used_flags.insert(flag);
        }
        self.count = self.count.checked_add(1).ok_or_else(overflow)?;
        let mut map = Map::new();
        map.insert("tcId".to_owned(), json!(self.count));
        map.insert("comment".to_owned(), json!(comment));
        map.insert("flags".to_owned(), json!(flags));
        if let Value::Object(fields) = fields {
            map.extend(fields);
        }
        map.insert(
            "result".to_owned(),
            json!(if valid { "valid" } else { "invalid" }),
        );
        let (_, tests) = self
            .current
            .as_mut()
            .ok_or_else(|| bug("test added outside a group"))?;
        tests.push(Value::Object(map));
        Ok(())
    }

    fn finish(mut self, name: &'static str) -> Result<VectorFile, CliError> {
        self.close_group();
        if self.count == 0 {
            return Err(bug(format!("{name} has no tests")));
        }
        for (flag, _) in self.notes {
            if !self.used_flags.contains(flag) {
                return Err(bug(format!("{name}: note {flag} is not used by any test")));
            }
        }
        let mut notes = Map::new();
        for (flag, description) in self.notes {
            notes.insert((*flag).to_owned(), json!({ "description": description }));
        }
        let document = json!({
            "algorithm": self.algorithm,
            "generatorVersion": GENERATOR_VERSION,
            "numberOfTests": self.count,
            "notes": notes,
            "header": self.header,
            "testGroups": self.groups,
        });
        let mut contents = serde_json::to_string_pretty(&document)
            .map_err(|e| bug(format!("serializing {name}: {e}")))?;
        contents.push('\n');
        Ok(VectorFile {
            name,
            contents,
            tests: self.count,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// Deterministic, random-looking bytes: HMAC-SHA256 blocks keyed by a fixed string.
fn pseudo_random(label: &str, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut counter = 0u8;
    while out.len() < len {
        out.extend_from_slice(&kdf::hmac_sha256(
            b"doorcode test vectors",
            &[label.as_bytes(), &[counter]],
        ));
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
}

/// Bytes 0, 1, 2, ... (wrapping).
fn counting(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| u8::try_from(i % 256).unwrap_or(0))
        .collect()
}

fn date(text: &str) -> Result<LocalDate, CliError> {
    text.parse()
        .map_err(|e| bug(format!("bad date {text}: {e}")))
}

fn succ(date: LocalDate) -> Result<LocalDate, CliError> {
    date.succ()
        .ok_or_else(|| bug(format!("no day after {date}")))
}

fn pred(date: LocalDate) -> Result<LocalDate, CliError> {
    date.pred()
        .ok_or_else(|| bug(format!("no day before {date}")))
}

fn door_id(bytes: &[u8]) -> Result<DoorId, CliError> {
    DoorId::new(bytes).map_err(|e| bug(format!("door id: {e}")))
}

fn site_key(bytes: &[u8]) -> Result<SiteKey, CliError> {
    SiteKey::from_bytes(bytes).map_err(|e| bug(format!("site key: {e}")))
}

fn length(digits: u8) -> Result<CodeLength, CliError> {
    CodeLength::new(digits).map_err(|e| bug(format!("code length: {e}")))
}

fn policy(digits: u8, daily: u32, single_use: u32, grace: u32) -> Result<DailyPolicy, CliError> {
    Ok(DailyPolicy {
        length: length(digits)?,
        daily_slots: daily,
        single_use_slots: single_use,
        grace_seconds: grace,
    })
}

fn policy_json(policy: &DailyPolicy) -> Value {
    json!({
        "digits": policy.length.get(),
        "dailySlots": policy.daily_slots,
        "singleUseSlots": policy.single_use_slots,
        "graceSeconds": policy.grace_seconds,
    })
}

fn key_error_name(error: KeyError) -> &'static str {
    match error {
        KeyError::TooShort { .. } => "TooShort",
        KeyError::TooLong { .. } => "TooLong",
        KeyError::WrongLength { .. } => "WrongLength",
        KeyError::InvalidHex => "InvalidHex",
        KeyError::InvalidBase64 => "InvalidBase64",
        KeyError::BufferTooSmall { .. } => "BufferTooSmall",
        KeyError::EmptyDoorId => "EmptyDoorId",
        KeyError::DoorIdTooLong { .. } => "DoorIdTooLong",
        _ => "Other",
    }
}

/// The documented `info` encoding: `"doorcode\x01"`, then label and fields, each preceded by its
/// length as u16 big-endian. Written out here independently of the library's encoder.
fn labelled_info(label: &[u8], fields: &[&[u8]]) -> Result<Vec<u8>, CliError> {
    let mut info = b"doorcode\x01".to_vec();
    for part in std::iter::once(&label).chain(fields.iter()) {
        let len = u16::try_from(part.len()).map_err(|_| overflow())?;
        info.extend_from_slice(&len.to_be_bytes());
        info.extend_from_slice(part);
    }
    Ok(info)
}

/// The three keys of the hierarchy recomputed from the documented construction.
struct SpecKeys {
    door: [u8; 32],
    issuer: [u8; 32],
    daily: [u8; 32],
}

fn spec_keys_from_door_key(
    door_key: &[u8],
    issuer: u32,
    epoch: u32,
) -> Result<([u8; 32], [u8; 32]), CliError> {
    let (issuer_bytes, epoch_bytes) = (issuer.to_be_bytes(), epoch.to_be_bytes());
    let mut issuer_key = [0u8; 32];
    kdf::hkdf_expand(
        door_key,
        &[&labelled_info(b"issuer", &[&issuer_bytes, &epoch_bytes])?],
        &mut issuer_key,
    )
    .map_err(bug)?;
    let mut daily = [0u8; 32];
    kdf::hkdf_expand(
        &issuer_key,
        &[&labelled_info(b"daily-code", &[])?],
        &mut daily,
    )
    .map_err(bug)?;
    Ok((issuer_key, daily))
}

fn spec_keys(secret: &[u8], door: &[u8], issuer: u32, epoch: u32) -> Result<SpecKeys, CliError> {
    let mut door_key = [0u8; 32];
    kdf::hkdf(
        b"doorcode/v1/site",
        secret,
        &[&labelled_info(b"door", &[door])?],
        &mut door_key,
    )
    .map_err(bug)?;
    let (issuer_key, daily) = spec_keys_from_door_key(&door_key, issuer, epoch)?;
    Ok(SpecKeys {
        door: door_key,
        issuer: issuer_key,
        daily,
    })
}

/// A daily code recomputed from the documented construction with the FF1 primitive:
/// key = daily-code key, tweak = 01 01 | year u16 | month | day | issuer u32 | len | door id,
/// plaintext = slot (daily) or 5 * 10^(digits-1) + slot (single-use), left-padded digits.
#[allow(clippy::too_many_arguments)]
fn spec_code(
    door_key: &DoorKey,
    door: &[u8],
    issuer: u32,
    epoch: u32,
    digits: u8,
    date: LocalDate,
    kind: DailyKind,
    slot: u32,
) -> Result<String, CliError> {
    let (_, key) = spec_keys_from_door_key(door_key.as_bytes(), issuer, epoch)?;
    let mut tweak = vec![1u8, 1u8];
    tweak.extend_from_slice(&date.year().to_be_bytes());
    tweak.push(date.month());
    tweak.push(date.day());
    tweak.extend_from_slice(&issuer.to_be_bytes());
    tweak.push(u8::try_from(door.len()).map_err(|_| overflow())?);
    tweak.extend_from_slice(door);
    let exponent = u32::from(digits).checked_sub(1).ok_or_else(overflow)?;
    let half = 10u64
        .checked_pow(exponent)
        .and_then(|p| p.checked_mul(5))
        .ok_or_else(overflow)?;
    let value = match kind {
        DailyKind::Daily => u64::from(slot),
        DailyKind::SingleUse => half.checked_add(u64::from(slot)).ok_or_else(overflow)?,
    };
    let text = format!("{value:0width$}", width = usize::from(digits));
    let plaintext: Vec<u8> = text.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    let mut out = vec![0u8; plaintext.len()];
    Ff1::new(&key)
        .and_then(|ff1| ff1.encrypt(&tweak, &plaintext, &mut out))
        .map_err(|e| bug(format!("FF1: {e:?}")))?;
    Ok(out
        .iter()
        .map(|d| char::from(b'0'.wrapping_add(*d)))
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Key hierarchy

const KEYS_HEADER: &[&str] = &[
    "Test vectors of the doorcode key hierarchy, version 1 (SPEC.md, 'Key hierarchy').",
    "doorKey = HKDF-SHA256(salt = \"doorcode/v1/site\", IKM = siteSecret, info = I(\"door\", doorId), L = 32)",
    "issuerKey = HKDF-Expand-SHA256(PRK = doorKey, info = I(\"issuer\", u32be(issuer), u32be(epoch)), L = 32)",
    "dailyCodeKey = HKDF-Expand-SHA256(PRK = issuerKey, info = I(\"daily-code\"), L = 32)",
    "I(label, f1, .., fn) = \"doorcode\" || 0x01 || u16be(len(label)) || label || u16be(len(f1)) || f1 || .. || u16be(len(fn)) || fn",
    "siteSecret must be 16..=64 bytes and doorId 1..=32 bytes; invalid cases name the refusing KeyError variant in 'error'.",
    "All byte strings are lowercase hex; issuer and epoch are unsigned 32-bit integers.",
];

const KEYS_NOTES: &[(&str, &str)] = &[
    (
        "Normal",
        "An ordinary derivation: 32-byte site secret, text door id, issuer 0, epoch 0.",
    ),
    (
        "SecretLength",
        "The site secret has the shortest (16) or longest (64) accepted length, or an odd length.",
    ),
    (
        "DoorIdLength",
        "The door id has the shortest (1) or longest (32) accepted length, or is binary or non-ASCII.",
    ),
    (
        "IssuerEpoch",
        "A non-zero issuer and/or epoch, including u32::MAX, to check the big-endian encoding.",
    ),
    (
        "InvalidSecret",
        "The site secret has an unsupported length and must be refused.",
    ),
    (
        "InvalidDoorId",
        "The door id is empty or longer than 32 bytes and must be refused.",
    ),
];

struct KeyCase {
    comment: &'static str,
    flags: &'static [&'static str],
    secret: Vec<u8>,
    door: Vec<u8>,
    issuer: u32,
    epoch: u32,
    /// The KeyError variant the inputs must be refused with, by construction.
    error: Option<&'static str>,
}

fn keys_file() -> Result<VectorFile, CliError> {
    let secret32 = pseudo_random("site secret 32", 32);
    let front = b"front-door".to_vec();
    let valid = |comment: &'static str,
                 flags: &'static [&'static str],
                 secret: &Vec<u8>,
                 door: &[u8],
                 issuer: u32,
                 epoch: u32| KeyCase {
        comment,
        flags,
        secret: secret.clone(),
        door: door.to_vec(),
        issuer,
        epoch,
        error: None,
    };
    let cases = vec![
        valid(
            "32-byte secret, issuer 0, epoch 0",
            &["Normal"],
            &secret32,
            &front,
            0,
            0,
        ),
        valid(
            "shortest secret (16 bytes 00..0f)",
            &["SecretLength"],
            &counting(16),
            &front,
            0,
            0,
        ),
        valid(
            "longest secret (64 bytes)",
            &["SecretLength"],
            &pseudo_random("site secret 64", 64),
            &front,
            0,
            0,
        ),
        valid(
            "secret of 33 bytes (not a multiple of 8)",
            &["SecretLength"],
            &pseudo_random("site secret 33", 33),
            &front,
            0,
            0,
        ),
        valid(
            "64-byte secret 00..3f, door 'lobby'",
            &["SecretLength"],
            &counting(64),
            b"lobby",
            0,
            0,
        ),
        valid("one-byte door id", &["DoorIdLength"], &secret32, b"7", 0, 0),
        valid(
            "32-byte binary door id (00..1f)",
            &["DoorIdLength"],
            &secret32,
            &counting(32),
            0,
            0,
        ),
        valid(
            "16-byte binary door id (a UUID's bytes)",
            &["DoorIdLength"],
            &secret32,
            &pseudo_random("uuid", 16),
            0,
            0,
        ),
        valid(
            "non-ASCII UTF-8 door id 'porte-entrée' (13 bytes)",
            &["DoorIdLength"],
            &secret32,
            "porte-entrée".as_bytes(),
            0,
            0,
        ),
        valid(
            "another door of the same site",
            &["Normal"],
            &secret32,
            b"back-door",
            0,
            0,
        ),
        valid(
            "issuer 1, epoch 0",
            &["IssuerEpoch"],
            &secret32,
            &front,
            1,
            0,
        ),
        valid(
            "issuer u32::MAX, epoch 0",
            &["IssuerEpoch"],
            &secret32,
            &front,
            u32::MAX,
            0,
        ),
        valid(
            "issuer 0, epoch 1",
            &["IssuerEpoch"],
            &secret32,
            &front,
            0,
            1,
        ),
        valid(
            "issuer 0, epoch u32::MAX",
            &["IssuerEpoch"],
            &secret32,
            &front,
            0,
            u32::MAX,
        ),
        valid(
            "issuer 1, epoch 1",
            &["IssuerEpoch"],
            &secret32,
            &front,
            1,
            1,
        ),
        valid(
            "issuer 7, epoch 2 (a partner after one rotation)",
            &["IssuerEpoch"],
            &secret32,
            &front,
            7,
            2,
        ),
        valid(
            "issuer u32::MAX, epoch u32::MAX",
            &["IssuerEpoch"],
            &secret32,
            &front,
            u32::MAX,
            u32::MAX,
        ),
        valid(
            "issuer 256, epoch 65536 (bytes that a little-endian encoding would swap)",
            &["IssuerEpoch"],
            &secret32,
            &front,
            256,
            65_536,
        ),
        KeyCase {
            error: Some("TooShort"),
            ..valid(
                "empty site secret",
                &["InvalidSecret"],
                &Vec::new(),
                &front,
                0,
                0,
            )
        },
        KeyCase {
            error: Some("TooShort"),
            ..valid(
                "site secret of 15 bytes, one short",
                &["InvalidSecret"],
                &counting(15),
                &front,
                0,
                0,
            )
        },
        KeyCase {
            error: Some("TooLong"),
            ..valid(
                "site secret of 65 bytes, one too many",
                &["InvalidSecret"],
                &counting(65),
                &front,
                0,
                0,
            )
        },
        KeyCase {
            error: Some("EmptyDoorId"),
            ..valid("empty door id", &["InvalidDoorId"], &secret32, b"", 0, 0)
        },
        KeyCase {
            error: Some("DoorIdTooLong"),
            ..valid(
                "door id of 33 bytes, one too many",
                &["InvalidDoorId"],
                &secret32,
                &counting(33),
                0,
                0,
            )
        },
    ];

    let mut file = FileBuilder::new("doorcode-key-hierarchy-v1", KEYS_HEADER, KEYS_NOTES);
    file.group("KeyDerivationTest", json!({}));
    for case in &cases {
        let inputs = json!({
            "siteSecret": hex::encode(&case.secret),
            "doorId": hex::encode(&case.door),
            "issuer": case.issuer,
            "epoch": case.epoch,
        });
        let derived = SiteKey::from_bytes(&case.secret)
            .and_then(|site| Ok((site, DoorId::new(&case.door)?)))
            .map(|(site, door)| {
                let door_key = site.door_key(&door);
                let issuer_key = door_key.issuer_key(IssuerId(case.issuer), Epoch(case.epoch));
                let daily = issuer_key.purpose_key(DAILY_KEY_LABEL, &[]);
                (*door_key.as_bytes(), *issuer_key.as_bytes(), *daily)
            });
        let mut fields = inputs;
        match (case.error, derived) {
            (None, Ok((door_key, issuer_key, daily))) => {
                let spec = spec_keys(&case.secret, &case.door, case.issuer, case.epoch)?;
                if (spec.door, spec.issuer, spec.daily) != (door_key, issuer_key, daily) {
                    return Err(bug(format!(
                        "keys case '{}': library keys differ from the documented HKDF construction",
                        case.comment
                    )));
                }
                if let Value::Object(map) = &mut fields {
                    map.insert("doorKey".to_owned(), json!(hex::encode(&door_key)));
                    map.insert("issuerKey".to_owned(), json!(hex::encode(&issuer_key)));
                    map.insert("dailyCodeKey".to_owned(), json!(hex::encode(&daily)));
                }
                file.test(case.comment, case.flags, fields, true)?;
            }
            (Some(expected), Err(error)) if key_error_name(error) == expected => {
                if let Value::Object(map) = &mut fields {
                    map.insert("error".to_owned(), json!(expected));
                }
                file.test(case.comment, case.flags, fields, false)?;
            }
            (expected, got) => {
                return Err(bug(format!(
                    "keys case '{}': expected {}, library returned {}",
                    case.comment,
                    expected.unwrap_or("success"),
                    match got {
                        Ok(_) => "success".to_owned(),
                        Err(e) => key_error_name(e).to_owned(),
                    }
                )));
            }
        }
    }
    file.finish(KEYS_FILE)
}

// ---------------------------------------------------------------------------------------------
// Issuing daily codes

const ISSUE_HEADER: &[&str] = &[
    "Test vectors for issuing doorcode daily codes, version 1 (SPEC.md, 'Daily codes').",
    "code = FF1-AES-256 (NIST SP 800-38G, radix 10) encryption of the plaintext under key dailyCodeKey(doorKey, issuer, epoch) (see doorcode_keys_test.json) with tweak T:",
    "T = 0x01 (algorithm version) || 0x01 (daily-code family) || u16be(year) || u8(month) || u8(day) || u32be(issuer) || u8(len(doorId)) || doorId",
    "plaintext = the number slot (kind 'daily') or H + slot (kind 'single-use'), H = 5 * 10^(digits-1), written as 'digits' decimal digits with leading zeros.",
    "A slot must be below the policy's dailySlots (daily) or singleUseSlots (single-use); otherwise issuing fails with SlotOutOfRange.",
    "date is the door's local calendar date (YYYY-MM-DD, 1900-01-01..=9999-12-31); code is the ASCII digits to type; byte strings are lowercase hex.",
    "graceSeconds does not affect issuing; it completes the policy, which must pass the odds ceiling for one issuer.",
];

const ISSUE_NOTES: &[(&str, &str)] = &[
    ("Normal", "An ordinary daily code."),
    (
        "FirstSlot",
        "Slot 0: the plaintext is all zeros (daily) or H (single-use).",
    ),
    (
        "LastSlot",
        "The last slot the policy allows for the kind (slots - 1).",
    ),
    (
        "SingleUse",
        "A single-use code: the plaintext is offset by H = 5 * 10^(digits-1).",
    ),
    ("LeapDay", "Issued for 29 February of a leap year."),
    (
        "CalendarEdge",
        "Issued for the first (1900-01-01) or last (9999-12-31) supported date.",
    ),
    (
        "IssuerEpoch",
        "A partner issuer and/or a non-zero epoch: both enter the key, the issuer also the tweak.",
    ),
    (
        "DoorIdLength",
        "A 32-byte binary door id, the longest accepted (the tweak's longest form).",
    ),
    (
        "SlotOutOfRange",
        "The slot equals the number of slots of its kind: issuing must fail.",
    ),
];

struct IssueCase {
    comment: String,
    flags: Vec<&'static str>,
    door: Vec<u8>,
    issuer: u32,
    epoch: u32,
    date: LocalDate,
    kind: DailyKind,
    slot: u32,
    /// Whether the slot is in range, by construction.
    in_range: bool,
}

fn issue_file() -> Result<VectorFile, CliError> {
    let site = site_key(&pseudo_random("issue site secret", 32))?;
    let policies = [
        (
            "6 digits, 25 + 25 slots: exactly at the odds ceiling for one issuer",
            policy(6, 25, 25, 900)?,
        ),
        ("7 digits, the default policy", DailyPolicy::default()),
        ("8 digits, 1000 + 1000 slots", policy(8, 1000, 1000, 900)?),
        (
            "12 digits, 1000000 + 1000000 slots",
            policy(12, 1_000_000, 1_000_000, 900)?,
        ),
        (
            "7 digits, 400 daily slots and no single-use slots, no grace",
            policy(7, 400, 0, 0)?,
        ),
    ];
    let mut file = FileBuilder::new("doorcode-daily-v1", ISSUE_HEADER, ISSUE_NOTES);
    let ordinary = date("2026-11-22")?;
    let front = b"front-door".to_vec();
    for (description, policy) in policies {
        file.group(
            "DailyIssueTest",
            json!({ "comment": description, "policy": policy_json(&policy) }),
        );
        let mut cases = Vec::new();
        let mut case = |comment: &str,
                        flags: &[&'static str],
                        door: &[u8],
                        (issuer, epoch): (u32, u32),
                        date: LocalDate,
                        kind: DailyKind,
                        slot: u32,
                        in_range: bool| {
            cases.push(IssueCase {
                comment: comment.to_owned(),
                flags: flags.to_vec(),
                door: door.to_vec(),
                issuer,
                epoch,
                date,
                kind,
                slot,
                in_range,
            });
        };
        let daily = policy.daily_slots;
        let single = policy.single_use_slots;
        use DailyKind::{Daily, SingleUse};
        case(
            "daily code, slot 0",
            &["Normal", "FirstSlot"],
            &front,
            (0, 0),
            ordinary,
            Daily,
            0,
            true,
        );
        case(
            "daily code, slot 1",
            &["Normal"],
            &front,
            (0, 0),
            ordinary,
            Daily,
            1,
            true,
        );
        if let Some(last) = daily.checked_sub(1) {
            case(
                &format!("daily code, last slot {last}"),
                &["LastSlot"],
                &front,
                (0, 0),
                ordinary,
                Daily,
                last,
                true,
            );
        }
        if let Some(last) = single.checked_sub(1) {
            case(
                "single-use code, slot 0",
                &["SingleUse", "FirstSlot"],
                &front,
                (0, 0),
                ordinary,
                SingleUse,
                0,
                true,
            );
            case(
                &format!("single-use code, last slot {last}"),
                &["SingleUse", "LastSlot"],
                &front,
                (0, 0),
                ordinary,
                SingleUse,
                last,
                true,
            );
        }
        case(
            "leap day 2028-02-29",
            &["LeapDay"],
            &front,
            (0, 0),
            date("2028-02-29")?,
            Daily,
            2,
            true,
        );
        case(
            "first supported date",
            &["CalendarEdge"],
            &front,
            (0, 0),
            date("1900-01-01")?,
            Daily,
            3,
            true,
        );
        case(
            "last supported date",
            &["CalendarEdge"],
            &front,
            (0, 0),
            date("9999-12-31")?,
            Daily,
            4,
            true,
        );
        case(
            "partner issuer 7 at epoch 2",
            &["IssuerEpoch"],
            &front,
            (7, 2),
            ordinary,
            Daily,
            5,
            true,
        );
        case(
            "issuer u32::MAX at epoch u32::MAX",
            &["IssuerEpoch"],
            &front,
            (u32::MAX, u32::MAX),
            ordinary,
            Daily,
            6,
            true,
        );
        case(
            "32-byte binary door id",
            &["DoorIdLength"],
            &counting(32),
            (0, 0),
            ordinary,
            Daily,
            7,
            true,
        );
        case(
            &format!("daily slot {daily} == dailySlots is out of range"),
            &["SlotOutOfRange"],
            &front,
            (0, 0),
            ordinary,
            Daily,
            daily,
            false,
        );
        case(
            &format!("single-use slot {single} == singleUseSlots is out of range"),
            &["SlotOutOfRange", "SingleUse"],
            &front,
            (0, 0),
            ordinary,
            SingleUse,
            single,
            false,
        );
        let mut seen: HashSet<(String, LocalDate, u32, u32, String)> = HashSet::new();
        for case in cases {
            issue_case(&mut file, &site, &policy, &case, &mut seen)?;
        }
    }
    file.finish(ISSUE_FILE)
}

fn issue_case(
    file: &mut FileBuilder,
    site: &SiteKey,
    policy: &DailyPolicy,
    case: &IssueCase,
    seen: &mut HashSet<(String, LocalDate, u32, u32, String)>,
) -> Result<(), CliError> {
    let door = door_id(&case.door)?;
    let door_key = site.door_key(&door);
    let (issuer, epoch) = (IssuerId(case.issuer), Epoch(case.epoch));
    let mut fields = json!({
        "doorKey": hex::encode(door_key.as_bytes()),
        "doorId": hex::encode(&case.door),
        "issuer": case.issuer,
        "epoch": case.epoch,
        "date": case.date.to_string(),
        "kind": case.kind.name(),
        "slot": case.slot,
    });
    let result = issue_daily(
        &door_key, door, issuer, epoch, *policy, case.date, case.kind, case.slot,
    );
    let fail = |got: &str| {
        bug(format!(
            "issue case '{}': expected {}, library returned {got}",
            case.comment,
            if case.in_range {
                "a code"
            } else {
                "SlotOutOfRange"
            }
        ))
    };
    let map = fields
        .as_object_mut()
        .ok_or_else(|| bug("fields are not an object"))?;
    match (case.in_range, result) {
        (true, Ok(code)) => {
            let code = code.to_string();
            // The code must follow from the documented construction...
            let spec = spec_code(
                &door_key,
                &case.door,
                case.issuer,
                case.epoch,
                policy.length.get(),
                case.date,
                case.kind,
                case.slot,
            )?;
            if spec != code {
                return Err(bug(format!(
                    "issue case '{}': library code {code} differs from the documented construction {spec}",
                    case.comment
                )));
            }
            // ...be distinct from every other code of the same door, day and issuer...
            let key = (
                hex::encode(&case.door),
                case.date,
                case.issuer,
                case.epoch,
                code.clone(),
            );
            if !seen.insert(key) {
                return Err(bug(format!(
                    "issue case '{}': code {code} was issued twice for one door-day",
                    case.comment
                )));
            }
            // ...and be accepted by a lock at local noon of its date, for exactly this slot.
            let zone = Zone::UTC;
            let verifier = DailyVerifier::new(&door_key, door, *policy, &[(issuer, epoch)])
                .map_err(|e| bug(format!("verifier: {e}")))?;
            let noon = zone
                .day_bounds(case.date)
                .and_then(|(start, _)| start.checked_add(12 * 3600))
                .ok_or_else(overflow)?;
            let expected = DailyAccepted {
                date: case.date,
                slot: case.slot,
                kind: case.kind,
                issuer,
            };
            match verifier.verify(&code, noon, &zone) {
                Ok(accepted) if accepted == expected => {}
                other => {
                    return Err(bug(format!(
                        "issue case '{}': verifying {code} at noon gave {other:?}",
                        case.comment
                    )));
                }
            }
            map.insert("code".to_owned(), json!(code));
            file.test(&case.comment, &case.flags, fields, true)
        }
        (false, Err(IssueError::SlotOutOfRange { slot, slots }))
            if slot == case.slot && slots == case.slot =>
        {
            map.insert("error".to_owned(), json!("SlotOutOfRange"));
            file.test(&case.comment, &case.flags, fields, false)
        }
        (_, Ok(code)) => Err(fail(&format!("code {code}"))),
        (_, Err(error)) => Err(fail(&format!("{error:?}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// Verifying daily codes

const VERIFY_HEADER: &[&str] = &[
    "Test vectors for verifying doorcode daily codes as a lock does, version 1 (SPEC.md, 'Daily codes' and 'Code entry').",
    "A lock of door doorId holding doorKey, in a zone with the fixed offset utcOffsetSeconds (seconds east of UTC), accepting codes of the listed issuers (each at its current epoch), verifies the typed 'input' at instant 'now' (UTC seconds since 1970-01-01T00:00:00Z, leap seconds ignored).",
    "1. Entry: ASCII digits count; ASCII space and '-' are ignored wherever they appear; any other byte gives Malformed.InvalidCharacter; more than 64 bytes gives Malformed.TooLong (checked first); no digits gives Malformed.Empty; a digit count other than policy.digits gives Malformed.WrongLength. The entry is checked before the clock.",
    "2. Candidate dates: the local dates at now, now - graceSeconds and now + graceSeconds (without repeats, in that order). If any of them is outside 1900-01-01..=9999-12-31 the result is ClockOutOfRange.",
    "3. For each candidate date and listed issuer (in list order), FF1-decrypt the code with that issuer's daily-code key and the tweak of doorcode_daily_issue_test.json; the result p (a number) matches if p < dailySlots (kind daily, slot p) or H <= p < H + singleUseSlots (kind single-use, slot p - H), H = 5 * 10^(digits-1). The first match in that order is reported; no vector here has two matches.",
    "4. No match gives NoMatch. Valid cases give 'accepted' (the matching date, slot, kind and issuer); invalid cases give 'reject', the reason: NoMatch, ClockOutOfRange or Malformed.<CodeFormatError variant>.",
    "Every expectation follows from how the case was built (the date, door, key, issuer and epoch the code was issued for, and the instant chosen); the comment shows 'now' as local time at the door.",
];

const VERIFY_NOTES: &[(&str, &str)] = &[
    (
        "Normal",
        "A code of the local date at the instant, typed as issued.",
    ),
    (
        "MidnightBoundary",
        "The instant is the first or last second of a local date, or the first or last second of a grace window.",
    ),
    (
        "Grace",
        "The code is for the day before or after the local date: accepted only within graceSeconds of local midnight.",
    ),
    (
        "ZoneOffset",
        "The local date differs from the UTC date at this instant; an implementation that ignores the offset fails.",
    ),
    (
        "SingleUse",
        "A single-use code: the result says kind single-use (the lock then tracks its first use).",
    ),
    ("LastSlot", "The last slot of its kind."),
    (
        "WrongKind",
        "A code of a kind the door does not accept (its policy has no slots of that kind): rejected.",
    ),
    (
        "SlotBeyondPolicy",
        "A code issued for a slot at or beyond the door's slot count for its kind: rejected.",
    ),
    (
        "Issuer",
        "A code of a partner issuer, listed with its current epoch.",
    ),
    (
        "WrongDoor",
        "Issued with this door's key but for another door id (the door id is in the tweak): rejected.",
    ),
    (
        "WrongDoorKey",
        "Issued for this door id but with another door's (or site's) key: rejected.",
    ),
    (
        "WrongIssuer",
        "Issued by an issuer that is not listed at this door (e.g. a removed partner): rejected.",
    ),
    (
        "WrongEpoch",
        "Issued by a listed issuer under an epoch other than its current one (a revoked key): rejected.",
    ),
    (
        "Separators",
        "The input contains spaces and/or dashes, which are ignored.",
    ),
    (
        "InputLength",
        "The input is exactly 64 bytes (the longest accepted) or 65 bytes (refused).",
    ),
    (
        "ModifiedCode",
        "A valid code with one digit changed, or two adjacent digits swapped. Where the policy has at most 10000 slots the generator also checks that it is none of the codes valid at that instant.",
    ),
    ("Malformed", "The input is not a well-formed code."),
    (
        "NonAsciiDigit",
        "The input contains a Unicode digit that is not ASCII (e.g. ARABIC-INDIC DIGIT THREE): not a digit here.",
    ),
    (
        "ClockOutOfRange",
        "The instant, or the instant +- graceSeconds, has a local date outside 1900..=9999: the lock fails closed.",
    ),
    (
        "CalendarEdge",
        "An instant on the first or last supported date.",
    ),
    ("LeapDay", "Around 29 February of a leap year."),
    (
        "CodeLength",
        "A code length other than the default 7 digits.",
    ),
    ("MaxIssuers", "The lock lists the maximum of 8 issuers."),
];

/// What a verify case must produce, by construction.
enum Expect {
    Accept {
        date: LocalDate,
        slot: u32,
        kind: DailyKind,
        issuer: u32,
    },
    Reject(&'static str),
}

/// One lock configuration: a test group.
struct Lock {
    door_key: DoorKey,
    door: DoorId,
    policy: DailyPolicy,
    offset: i32,
    zone: Zone,
    issuers: Vec<(IssuerId, Epoch)>,
    verifier: DailyVerifier,
}

impl Lock {
    fn new(
        file: &mut FileBuilder,
        site: &SiteKey,
        door: &[u8],
        policy: DailyPolicy,
        offset: i32,
        issuers: &[(u32, u32)],
        comment: &str,
    ) -> Result<Self, CliError> {
        let door = door_id(door)?;
        let door_key = site.door_key(&door);
        let issuers: Vec<(IssuerId, Epoch)> = issuers
            .iter()
            .map(|&(id, epoch)| (IssuerId(id), Epoch(epoch)))
            .collect();
        let verifier = DailyVerifier::new(&door_key, door, policy, &issuers)
            .map_err(|e| bug(format!("lock '{comment}': {e}")))?;
        let zone = Zone::fixed(offset).map_err(bug)?;
        let issuer_list: Vec<Value> = issuers
            .iter()
            .map(|(id, epoch)| json!({ "issuer": id.0, "epoch": epoch.0 }))
            .collect();
        file.group(
            "DailyVerifyTest",
            json!({
                "comment": comment,
                "doorKey": hex::encode(door_key.as_bytes()),
                "doorId": hex::encode(door.as_bytes()),
                "policy": policy_json(&policy),
                "utcOffsetSeconds": offset,
                "issuers": issuer_list,
            }),
        );
        Ok(Self {
            door_key,
            door,
            policy,
            offset,
            zone,
            issuers,
            verifier,
        })
    }

    /// A code of this door and key.
    fn code(
        &self,
        date: LocalDate,
        kind: DailyKind,
        slot: u32,
        (issuer, epoch): (u32, u32),
    ) -> Result<String, CliError> {
        issue_with(
            &self.door_key,
            self.door,
            &self.policy,
            date,
            kind,
            slot,
            (issuer, epoch),
        )
    }

    /// The instant of local wall-clock time `h:m:s` on `date` at this door.
    fn at(&self, date: LocalDate, h: i64, m: i64, s: i64) -> Result<i64, CliError> {
        let (start, _) = self.zone.day_bounds(date).ok_or_else(overflow)?;
        h.checked_mul(3600)
            .and_then(|hs| hs.checked_add(m.checked_mul(60)?))
            .and_then(|t| t.checked_add(s))
            .and_then(|t| start.checked_add(t))
            .ok_or_else(overflow)
    }

    /// Every code valid at `now` (all listed issuers, kinds, slots and candidate dates), for
    /// checking that a modified code is really not valid. `None` when there are too many to list.
    fn all_valid_codes(&self, now: i64) -> Result<Option<HashSet<String>>, CliError> {
        let slots = u64::from(self.policy.daily_slots)
            .saturating_add(u64::from(self.policy.single_use_slots));
        if slots > 10_000 {
            return Ok(None);
        }
        let dates = candidate_dates(now, &self.zone, self.policy.grace_seconds)
            .ok_or_else(|| bug("clock out of range"))?;
        let mut codes = HashSet::new();
        for candidate in &dates {
            for (issuer, epoch) in &self.issuers {
                for (kind, slots) in [
                    (DailyKind::Daily, self.policy.daily_slots),
                    (DailyKind::SingleUse, self.policy.single_use_slots),
                ] {
                    for slot in 0..slots {
                        codes.insert(self.code(candidate.date, kind, slot, (issuer.0, epoch.0))?);
                    }
                }
            }
        }
        Ok(Some(codes))
    }

    /// Record a case after checking that the library agrees with the expectation.
    fn case(
        &self,
        file: &mut FileBuilder,
        comment: &str,
        flags: &[&'static str],
        input: &str,
        now: i64,
        expect: Expect,
    ) -> Result<(), CliError> {
        let comment = format!("{comment}; now = {}", format_local(now, self.offset));
        let got = self.verifier.verify(input, now, &self.zone);
        let mut fields = json!({ "input": input, "now": now });
        let map = fields
            .as_object_mut()
            .ok_or_else(|| bug("fields are not an object"))?;
        match (expect, got) {
            (
                Expect::Accept {
                    date,
                    slot,
                    kind,
                    issuer,
                },
                Ok(accepted),
            ) if accepted
                == (DailyAccepted {
                    date,
                    slot,
                    kind,
                    issuer: IssuerId(issuer),
                }) =>
            {
                map.insert(
                    "accepted".to_owned(),
                    json!({
                        "date": date.to_string(),
                        "slot": slot,
                        "kind": kind.name(),
                        "issuer": issuer,
                    }),
                );
                file.test(&comment, flags, fields, true)
            }
            (Expect::Reject(reason), Err(reject)) if reject_name(&reject) == reason => {
                map.insert("reject".to_owned(), json!(reason));
                file.test(&comment, flags, fields, false)
            }
            (
                Expect::Accept {
                    date,
                    slot,
                    kind,
                    issuer,
                },
                got,
            ) => Err(bug(format!(
                "verify case '{comment}': built to be accepted as date={date} slot={slot} kind={} issuer={issuer}, library returned {got:?}",
                kind.name()
            ))),
            (Expect::Reject(reason), got) => Err(bug(format!(
                "verify case '{comment}': built to be rejected with {reason}, library returned {got:?}"
            ))),
        }
    }
}

fn issue_with(
    door_key: &DoorKey,
    door: DoorId,
    policy: &DailyPolicy,
    date: LocalDate,
    kind: DailyKind,
    slot: u32,
    (issuer, epoch): (u32, u32),
) -> Result<String, CliError> {
    issue_daily(
        door_key,
        door,
        IssuerId(issuer),
        Epoch(epoch),
        *policy,
        date,
        kind,
        slot,
    )
    .map(|code| code.to_string())
    .map_err(|e| bug(format!("issuing for {date} slot {slot}: {e}")))
}

fn accept(date: LocalDate, kind: DailyKind, slot: u32, issuer: u32) -> Expect {
    Expect::Accept {
        date,
        slot,
        kind,
        issuer,
    }
}

/// `code` with its last digit increased by one (mod 10).
fn change_last_digit(code: &str) -> Result<String, CliError> {
    let mut bytes = code.as_bytes().to_vec();
    let last = bytes.last_mut().ok_or_else(|| bug("empty code"))?;
    *last = b'0'.wrapping_add(last.wrapping_sub(b'0').wrapping_add(1) % 10);
    String::from_utf8(bytes).map_err(bug)
}

/// `code` with the first pair of adjacent, different digits swapped.
fn swap_adjacent(code: &str) -> Result<String, CliError> {
    let mut bytes = code.as_bytes().to_vec();
    let position = bytes
        .windows(2)
        .position(|pair| pair.first() != pair.get(1))
        .ok_or_else(|| bug("all digits equal"))?;
    let next = position.checked_add(1).ok_or_else(overflow)?;
    bytes.swap(position, next);
    String::from_utf8(bytes).map_err(bug)
}

/// `code` split after `at` characters, joined by `separator`.
fn split(code: &str, at: usize, separator: &str) -> Result<String, CliError> {
    let (head, tail) = code
        .split_at_checked(at)
        .ok_or_else(|| bug("split point"))?;
    Ok(format!("{head}{separator}{tail}"))
}

/// A modified code, checked to be outside the set of codes valid at `now`.
fn modified(lock: &Lock, modified: String, now: i64) -> Result<String, CliError> {
    if let Some(valid) = lock.all_valid_codes(now)?
        && valid.contains(&modified)
    {
        return Err(bug(format!(
            "modified code {modified} happens to be a valid code; pick another modification"
        )));
    }
    Ok(modified)
}

fn verify_file() -> Result<VectorFile, CliError> {
    use DailyKind::{Daily, SingleUse};
    let mut file = FileBuilder::new("doorcode-daily-verify-v1", VERIFY_HEADER, VERIFY_NOTES);
    let site = site_key(&pseudo_random("verify site secret", 32))?;
    let other_site = site_key(&pseudo_random("another site secret", 32))?;
    let front = b"front-door";
    let default = DailyPolicy::default();

    // Group 1: UTC+01:00, default policy, the backend and one partner.
    {
        let lock = Lock::new(
            &mut file,
            &site,
            front,
            default,
            3600,
            &[(0, 0), (7, 2)],
            "UTC+01:00, default policy, issuers 0 (epoch 0) and 7 (epoch 2)",
        )?;
        let f = &mut file;
        let day = date("2026-11-22")?;
        let yesterday = pred(day)?;
        let tomorrow = succ(day)?;
        let noon = lock.at(day, 12, 0, 0)?;
        let code = lock.code(day, Daily, 3, (0, 0))?;
        lock.case(
            f,
            "today's code at mid-day",
            &["Normal"],
            &code,
            noon,
            accept(day, Daily, 3, 0),
        )?;
        lock.case(
            f,
            "today's code at the first second of the local date",
            &["MidnightBoundary"],
            &code,
            lock.at(day, 0, 0, 0)?,
            accept(day, Daily, 3, 0),
        )?;
        lock.case(
            f,
            "today's code at the last second of the local date",
            &["MidnightBoundary"],
            &code,
            lock.at(day, 23, 59, 59)?,
            accept(day, Daily, 3, 0),
        )?;
        let old = lock.code(yesterday, Daily, 5, (0, 0))?;
        lock.case(
            f,
            "yesterday's code 899 s after midnight: inside the 900 s grace",
            &["Grace", "MidnightBoundary"],
            &old,
            lock.at(day, 0, 14, 59)?,
            accept(yesterday, Daily, 5, 0),
        )?;
        lock.case(
            f,
            "yesterday's code 900 s after midnight: the grace is over",
            &["Grace", "MidnightBoundary"],
            &old,
            lock.at(day, 0, 15, 0)?,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "yesterday's code at mid-day",
            &["Grace"],
            &old,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        let next = lock.code(tomorrow, Daily, 6, (0, 0))?;
        lock.case(
            f,
            "tomorrow's code 900 s before midnight: inside the grace",
            &["Grace", "MidnightBoundary"],
            &next,
            lock.at(day, 23, 45, 0)?,
            accept(tomorrow, Daily, 6, 0),
        )?;
        lock.case(
            f,
            "tomorrow's code 901 s before midnight: not yet",
            &["Grace", "MidnightBoundary"],
            &next,
            lock.at(day, 23, 44, 59)?,
            Expect::Reject("NoMatch"),
        )?;
        let older = lock.code(pred(yesterday)?, Daily, 5, (0, 0))?;
        lock.case(
            f,
            "the day before yesterday's code at midnight: only one neighbouring day is a candidate",
            &["Grace", "MidnightBoundary"],
            &older,
            lock.at(day, 0, 0, 0)?,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "single-use code, slot 0",
            &["SingleUse"],
            &lock.code(day, SingleUse, 0, (0, 0))?,
            noon,
            accept(day, SingleUse, 0, 0),
        )?;
        lock.case(
            f,
            "single-use code, last slot 99",
            &["SingleUse", "LastSlot"],
            &lock.code(day, SingleUse, 99, (0, 0))?,
            noon,
            accept(day, SingleUse, 99, 0),
        )?;
        lock.case(
            f,
            "daily code, last slot 99",
            &["LastSlot"],
            &lock.code(day, Daily, 99, (0, 0))?,
            noon,
            accept(day, Daily, 99, 0),
        )?;
        lock.case(
            f,
            "partner 7's code at its current epoch 2",
            &["Issuer"],
            &lock.code(day, Daily, 1, (7, 2))?,
            noon,
            accept(day, Daily, 1, 7),
        )?;
        lock.case(
            f,
            "partner 7's single-use code",
            &["Issuer", "SingleUse"],
            &lock.code(day, SingleUse, 42, (7, 2))?,
            noon,
            accept(day, SingleUse, 42, 7),
        )?;
        lock.case(
            f,
            "partner 7's code under its old epoch 1 (revoked by the rotation to 2)",
            &["WrongEpoch"],
            &lock.code(day, Daily, 1, (7, 1))?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "issuer 0's code under epoch 1, which the lock does not know yet",
            &["WrongEpoch"],
            &lock.code(day, Daily, 1, (0, 1))?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "code of issuer 3, which is not enabled at this door",
            &["WrongIssuer"],
            &lock.code(day, Daily, 1, (3, 0))?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "code issued with this door's key but for door id 'back-door'",
            &["WrongDoor"],
            &issue_with(
                &lock.door_key,
                door_id(b"back-door")?,
                &default,
                day,
                Daily,
                3,
                (0, 0),
            )?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        let back = door_id(b"back-door")?;
        lock.case(
            f,
            "code issued for door 'back-door' of the same site (its own key and id)",
            &["WrongDoor", "WrongDoorKey"],
            &issue_with(&site.door_key(&back), back, &default, day, Daily, 3, (0, 0))?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        let this = door_id(front)?;
        lock.case(
            f,
            "code issued for door id 'front-door' of another site (another door key)",
            &["WrongDoorKey"],
            &issue_with(
                &other_site.door_key(&this),
                this,
                &default,
                day,
                Daily,
                3,
                (0, 0),
            )?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "code typed as 3 + 4 digits with a space",
            &["Separators"],
            &split(&code, 3, " ")?,
            noon,
            accept(day, Daily, 3, 0),
        )?;
        lock.case(
            f,
            "code typed with dashes, leading and trailing spaces",
            &["Separators"],
            &format!(" {} ", split(&split(&code, 4, "-")?, 2, "-")?),
            noon,
            accept(day, Daily, 3, 0),
        )?;
        lock.case(
            f,
            "code followed by separators up to exactly 64 bytes",
            &["Separators", "InputLength"],
            &format!("{code}{}", " -".repeat(32).get(..57).unwrap_or("")),
            noon,
            accept(day, Daily, 3, 0),
        )?;
        lock.case(
            f,
            "code followed by spaces up to 65 bytes",
            &["InputLength", "Malformed"],
            &format!("{code}{}", " ".repeat(58)),
            noon,
            Expect::Reject("Malformed.TooLong"),
        )?;
        lock.case(
            f,
            "today's code with its last digit changed",
            &["ModifiedCode"],
            &modified(&lock, change_last_digit(&code)?, noon)?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "today's code with two adjacent digits swapped",
            &["ModifiedCode"],
            &modified(&lock, swap_adjacent(&code)?, noon)?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "six digits (last digit dropped)",
            &["Malformed"],
            code.get(..6).unwrap_or(""),
            noon,
            Expect::Reject("Malformed.WrongLength"),
        )?;
        lock.case(
            f,
            "eight digits (a digit appended)",
            &["Malformed"],
            &format!("{code}0"),
            noon,
            Expect::Reject("Malformed.WrongLength"),
        )?;
        lock.case(
            f,
            "a letter in place of a digit",
            &["Malformed"],
            &format!(
                "{}a{}",
                code.get(..3).unwrap_or(""),
                code.get(4..).unwrap_or("")
            ),
            noon,
            Expect::Reject("Malformed.InvalidCharacter"),
        )?;
        lock.case(
            f,
            "a tab between the digits (only space and '-' are separators)",
            &["Malformed", "Separators"],
            &split(&code, 3, "\t")?,
            noon,
            Expect::Reject("Malformed.InvalidCharacter"),
        )?;
        lock.case(
            f,
            "ARABIC-INDIC DIGIT THREE (U+0663) in place of a digit",
            &["Malformed", "NonAsciiDigit"],
            &format!(
                "{}\u{663}{}",
                code.get(..3).unwrap_or(""),
                code.get(4..).unwrap_or("")
            ),
            noon,
            Expect::Reject("Malformed.InvalidCharacter"),
        )?;
        lock.case(
            f,
            "empty input",
            &["Malformed"],
            "",
            noon,
            Expect::Reject("Malformed.Empty"),
        )?;
        lock.case(
            f,
            "separators only",
            &["Malformed", "Separators"],
            " - ",
            noon,
            Expect::Reject("Malformed.Empty"),
        )?;
        let before_1900 = lock
            .at(date("1900-01-01")?, 0, 0, 0)?
            .checked_sub(12 * 3600)
            .ok_or_else(overflow)?;
        lock.case(
            f,
            "a well-formed code while the clock reads 1899-12-31 (clock not set)",
            &["ClockOutOfRange"],
            &code,
            before_1900,
            Expect::Reject("ClockOutOfRange"),
        )?;
        lock.case(
            f,
            "a malformed entry while the clock is out of range: the entry is checked first",
            &["ClockOutOfRange", "Malformed"],
            "12",
            before_1900,
            Expect::Reject("Malformed.WrongLength"),
        )?;
        let first = date("1900-01-01")?;
        let first_code = lock.code(first, Daily, 0, (0, 0))?;
        lock.case(
            f,
            "a code of 1900-01-01 at its mid-day",
            &["CalendarEdge"],
            &first_code,
            lock.at(first, 12, 0, 0)?,
            accept(first, Daily, 0, 0),
        )?;
        lock.case(
            f,
            "at 1900-01-01 00:05 local, now - grace falls in 1899: fail closed",
            &["CalendarEdge", "ClockOutOfRange"],
            &first_code,
            lock.at(first, 0, 5, 0)?,
            Expect::Reject("ClockOutOfRange"),
        )?;
        let last = date("9999-12-31")?;
        let last_code = lock.code(last, Daily, 0, (0, 0))?;
        lock.case(
            f,
            "a code of 9999-12-31 at its mid-day",
            &["CalendarEdge"],
            &last_code,
            lock.at(last, 12, 0, 0)?,
            accept(last, Daily, 0, 0),
        )?;
        lock.case(
            f,
            "at 9999-12-31 23:50 local, now + grace falls in year 10000: fail closed",
            &["CalendarEdge", "ClockOutOfRange"],
            &last_code,
            lock.at(last, 23, 50, 0)?,
            Expect::Reject("ClockOutOfRange"),
        )?;
    }

    // Groups 2-5: midnight boundaries in other zones.
    let zones: [(i32, &str, &str, &[&'static str]); 4] = [
        (-5 * 3600, "UTC-05:00", "2026-03-01", &[]),
        (5 * 3600 + 45 * 60, "UTC+05:45", "2028-02-29", &["LeapDay"]),
        (13 * 3600, "UTC+13:00", "2026-12-31", &[]),
        (-(9 * 3600 + 30 * 60), "UTC-09:30", "2027-01-01", &[]),
    ];
    for (offset, name, day, extra) in zones {
        let lock = Lock::new(
            &mut file,
            &site,
            b"lobby",
            default,
            offset,
            &[(0, 0)],
            &format!("{name}, default policy, issuer 0"),
        )?;
        let f = &mut file;
        let day = date(day)?;
        let (yesterday, tomorrow) = (pred(day)?, succ(day)?);
        let flags = |base: &[&'static str]| -> Vec<&'static str> {
            base.iter().chain(extra.iter()).copied().collect()
        };
        let code = lock.code(day, Daily, 10, (0, 0))?;
        lock.case(
            f,
            &format!("code of {day} at the first second of {day} local"),
            &flags(&["MidnightBoundary", "ZoneOffset"]),
            &code,
            lock.at(day, 0, 0, 0)?,
            accept(day, Daily, 10, 0),
        )?;
        lock.case(
            f,
            &format!("code of {day} at the last second of {day} local"),
            &flags(&["MidnightBoundary", "ZoneOffset"]),
            &code,
            lock.at(day, 23, 59, 59)?,
            accept(day, Daily, 10, 0),
        )?;
        let old = lock.code(yesterday, Daily, 11, (0, 0))?;
        lock.case(
            f,
            &format!("code of {yesterday} at 00:14:59 local: inside the grace"),
            &flags(&["Grace", "MidnightBoundary", "ZoneOffset"]),
            &old,
            lock.at(day, 0, 14, 59)?,
            accept(yesterday, Daily, 11, 0),
        )?;
        lock.case(
            f,
            &format!("code of {yesterday} at 00:15:00 local: the grace is over"),
            &flags(&["Grace", "MidnightBoundary", "ZoneOffset"]),
            &old,
            lock.at(day, 0, 15, 0)?,
            Expect::Reject("NoMatch"),
        )?;
        let next = lock.code(tomorrow, SingleUse, 12, (0, 0))?;
        lock.case(
            f,
            &format!("single-use code of {tomorrow} at 23:45:00 local: inside the grace"),
            &flags(&["Grace", "MidnightBoundary", "SingleUse", "ZoneOffset"]),
            &next,
            lock.at(day, 23, 45, 0)?,
            accept(tomorrow, SingleUse, 12, 0),
        )?;
        lock.case(
            f,
            &format!("single-use code of {tomorrow} at 23:44:59 local: not yet"),
            &flags(&["Grace", "MidnightBoundary", "SingleUse", "ZoneOffset"]),
            &next,
            lock.at(day, 23, 44, 59)?,
            Expect::Reject("NoMatch"),
        )?;
        // An instant of `day` (local) that falls on another UTC date, away from the grace.
        let probe = if offset < 0 {
            lock.at(day, 23, 0, 0)? // late evening local: already the next UTC date
        } else {
            lock.at(day, 1, 0, 0)? // early morning local: still the previous UTC date
        };
        let probe_date = day;
        let local_date_differs = Zone::UTC.local_date(probe).map_err(bug)? != probe_date;
        if !local_date_differs {
            return Err(bug(format!(
                "{name}: probe instant is on the same UTC date"
            )));
        }
        lock.case(
            f,
            &format!("code of {day} when the UTC date is another day but the local date is {day}"),
            &flags(&["ZoneOffset"]),
            &code,
            probe,
            accept(day, Daily, 10, 0),
        )?;
        let utc_date = Zone::UTC.local_date(probe).map_err(bug)?;
        lock.case(
            f,
            &format!("code of the UTC date {utc_date}, which is not a candidate at the door"),
            &flags(&["ZoneOffset"]),
            &lock.code(utc_date, Daily, 10, (0, 0))?,
            probe,
            Expect::Reject("NoMatch"),
        )?;
    }

    // Group 6: no grace.
    {
        let policy = policy(7, 100, 100, 0)?;
        let lock = Lock::new(
            &mut file,
            &site,
            front,
            policy,
            3600,
            &[(0, 0)],
            "UTC+01:00, grace 0: a code works exactly on its local date",
        )?;
        let f = &mut file;
        let day = date("2026-11-22")?;
        let (yesterday, tomorrow) = (pred(day)?, succ(day)?);
        let old = lock.code(yesterday, Daily, 20, (0, 0))?;
        lock.case(
            f,
            "yesterday's code at the last second of yesterday",
            &["MidnightBoundary"],
            &old,
            lock.at(yesterday, 23, 59, 59)?,
            accept(yesterday, Daily, 20, 0),
        )?;
        lock.case(
            f,
            "yesterday's code at midnight: no grace",
            &["MidnightBoundary", "Grace"],
            &old,
            lock.at(day, 0, 0, 0)?,
            Expect::Reject("NoMatch"),
        )?;
        let next = lock.code(tomorrow, Daily, 21, (0, 0))?;
        lock.case(
            f,
            "tomorrow's code at the last second of today: no grace",
            &["MidnightBoundary", "Grace"],
            &next,
            lock.at(day, 23, 59, 59)?,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "tomorrow's code at the first second of tomorrow",
            &["MidnightBoundary"],
            &next,
            lock.at(tomorrow, 0, 0, 0)?,
            accept(tomorrow, Daily, 21, 0),
        )?;
        lock.case(
            f,
            "today's code at mid-day",
            &["Normal"],
            &lock.code(day, Daily, 22, (0, 0))?,
            lock.at(day, 12, 0, 0)?,
            accept(day, Daily, 22, 0),
        )?;
    }

    // Group 7: 6 digits.
    {
        let policy = policy(6, 25, 25, 900)?;
        let lock = Lock::new(
            &mut file,
            &site,
            b"gate",
            policy,
            0,
            &[(0, 0)],
            "UTC, 6 digits, 25 + 25 slots (at the odds ceiling)",
        )?;
        let f = &mut file;
        let day = date("2027-06-15")?;
        let noon = lock.at(day, 12, 0, 0)?;
        let code = lock.code(day, Daily, 24, (0, 0))?;
        lock.case(
            f,
            "6-digit code, last daily slot",
            &["CodeLength", "LastSlot"],
            &code,
            noon,
            accept(day, Daily, 24, 0),
        )?;
        lock.case(
            f,
            "6-digit single-use code typed as 3-3",
            &["CodeLength", "SingleUse", "Separators"],
            &split(&lock.code(day, SingleUse, 0, (0, 0))?, 3, "-")?,
            noon,
            accept(day, SingleUse, 0, 0),
        )?;
        lock.case(
            f,
            "6-digit code with its last digit changed",
            &["CodeLength", "ModifiedCode"],
            &modified(&lock, change_last_digit(&code)?, noon)?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "7 digits where 6 are expected",
            &["CodeLength", "Malformed"],
            &format!("{code}1"),
            noon,
            Expect::Reject("Malformed.WrongLength"),
        )?;
    }

    // Group 7b: a door that accepts daily codes only, and fewer slots than the issuer used.
    {
        let policy = policy(7, 50, 0, 900)?;
        let lock = Lock::new(
            &mut file,
            &site,
            b"office",
            policy,
            0,
            &[(0, 0)],
            "UTC, 7 digits, 50 daily slots and no single-use slots",
        )?;
        let f = &mut file;
        let day = date("2027-06-15")?;
        let noon = lock.at(day, 12, 0, 0)?;
        // Issued under a wider policy (the default 100 + 100) by the same issuer for this door.
        let wider = DailyPolicy::default();
        let office = door_id(b"office")?;
        let office_key = site.door_key(&office);
        lock.case(
            f,
            "single-use code at a door that accepts no single-use codes",
            &["WrongKind", "SingleUse"],
            &issue_with(&office_key, office, &wider, day, SingleUse, 0, (0, 0))?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "daily slot 50, beyond this door's 50 daily slots",
            &["SlotBeyondPolicy"],
            &issue_with(&office_key, office, &wider, day, Daily, 50, (0, 0))?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "daily slot 49, this door's last",
            &["LastSlot"],
            &issue_with(&office_key, office, &wider, day, Daily, 49, (0, 0))?,
            noon,
            accept(day, Daily, 49, 0),
        )?;
    }

    // Group 8: 12 digits, two issuers.
    {
        let policy = policy(12, 1_000_000, 1_000_000, 900)?;
        let lock = Lock::new(
            &mut file,
            &site,
            b"service-entrance",
            policy,
            3600,
            &[(0, 0), (1, 0)],
            "UTC+01:00, 12 digits, 1000000 + 1000000 slots, issuers 0 and 1",
        )?;
        let f = &mut file;
        let day = date("2026-11-22")?;
        let noon = lock.at(day, 12, 0, 0)?;
        let code = lock.code(day, Daily, 999_999, (0, 0))?;
        lock.case(
            f,
            "12-digit code, last daily slot",
            &["CodeLength", "LastSlot"],
            &code,
            noon,
            accept(day, Daily, 999_999, 0),
        )?;
        lock.case(
            f,
            "12-digit single-use code of issuer 1 typed in groups of four",
            &["CodeLength", "Issuer", "SingleUse", "Separators"],
            &split(
                &split(&lock.code(day, SingleUse, 123_456, (1, 0))?, 8, " ")?,
                4,
                " ",
            )?,
            noon,
            accept(day, SingleUse, 123_456, 1),
        )?;
        lock.case(
            f,
            "12-digit code with its last digit changed",
            &["CodeLength", "ModifiedCode"],
            &modified(&lock, change_last_digit(&code)?, noon)?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
    }

    // Group 9: eight issuers.
    {
        let policy = policy(8, 100, 100, 900)?;
        let issuers: Vec<(u32, u32)> = (0..8u32).map(|i| (i, i)).collect();
        let lock = Lock::new(
            &mut file,
            &site,
            front,
            policy,
            -3 * 3600,
            &issuers,
            "UTC-03:00, 8 digits, 100 + 100 slots, the maximum of 8 issuers (issuer i at epoch i)",
        )?;
        let f = &mut file;
        let day = date("2026-11-22")?;
        let noon = lock.at(day, 12, 0, 0)?;
        lock.case(
            f,
            "issuer 5's code at its epoch 5",
            &["MaxIssuers", "Issuer", "CodeLength"],
            &lock.code(day, Daily, 7, (5, 5))?,
            noon,
            accept(day, Daily, 7, 5),
        )?;
        lock.case(
            f,
            "the last listed issuer's single-use code",
            &["MaxIssuers", "Issuer", "SingleUse", "CodeLength"],
            &lock.code(day, SingleUse, 99, (7, 7))?,
            noon,
            accept(day, SingleUse, 99, 7),
        )?;
        lock.case(
            f,
            "issuer 5's code at epoch 4",
            &["MaxIssuers", "WrongEpoch", "CodeLength"],
            &lock.code(day, Daily, 7, (5, 4))?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        lock.case(
            f,
            "issuer 8 is not listed",
            &["MaxIssuers", "WrongIssuer", "CodeLength"],
            &lock.code(day, Daily, 7, (8, 8))?,
            noon,
            Expect::Reject("NoMatch"),
        )?;
        let yesterday = pred(day)?;
        lock.case(
            f,
            "issuer 2's code of yesterday at 00:10 local",
            &["MaxIssuers", "Issuer", "Grace", "CodeLength"],
            &lock.code(yesterday, Daily, 0, (2, 2))?,
            lock.at(day, 0, 10, 0)?,
            accept(yesterday, Daily, 0, 2),
        )?;
    }

    file.finish(VERIFY_FILE)
}

// ---------------------------------------------------------------------------------------------
// `doorcode vectors generate | check`

const SPEC: Spec = Spec {
    values: &["dir"],
    flags: &[],
};

/// Compare generated files with those in `dir`; returns the names that differ or are missing.
pub fn differing(dir: &Path, files: &[VectorFile]) -> Vec<String> {
    files
        .iter()
        .filter(|file| {
            !std::fs::read(dir.join(file.name)).is_ok_and(|bytes| bytes == file.contents.as_bytes())
        })
        .map(|file| file.name.to_owned())
        .collect()
}

/// `doorcode vectors generate` (`check == false`) or `doorcode vectors check`.
pub fn command(raw: &[String], out: &mut dyn Write, check: bool) -> Result<Status, CliError> {
    let args = Args::parse(raw, &SPEC)?;
    if args.help() {
        out.write_all(usage::VECTORS.as_bytes())?;
        return Ok(Status::Success);
    }
    args.expect_positionals::<0>("nothing")?;
    let dir = PathBuf::from(args.value("dir").unwrap_or("vectors"));
    let files = generate()?;
    if !check {
        std::fs::create_dir_all(&dir)
            .map_err(|e| CliError::usage(format!("cannot create {}: {e}", dir.display())))?;
        for file in &files {
            let path = dir.join(file.name);
            std::fs::write(&path, &file.contents)
                .map_err(|e| CliError::usage(format!("cannot write {}: {e}", path.display())))?;
            writeln!(out, "wrote {} ({} tests)", path.display(), file.tests)?;
        }
        return Ok(Status::Success);
    }
    let differ = differing(&dir, &files);
    for file in &files {
        let path = dir.join(file.name);
        let state = if differ.iter().any(|name| name == file.name) {
            if path.exists() { "DIFFERS" } else { "MISSING" }
        } else {
            "ok"
        };
        writeln!(out, "{state:<8}{} ({} tests)", path.display(), file.tests)?;
    }
    if differ.is_empty() {
        Ok(Status::Success)
    } else {
        Err(CliError::rejected(format!(
            "vectors in {} differ from the code: {}; run 'doorcode vectors generate --dir {}' (cargo run -p doorcode-cli -- vectors generate) and review the diff",
            dir.display(),
            differ.join(", "),
            dir.display()
        )))
    }
}
