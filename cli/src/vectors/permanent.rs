//! `doorcode_permanent_test.json`: permanent codes (SPEC section 14).
//!
//! Every code is recomputed here from the documented construction (14.1 and 14.2: HKDF of the
//! site secret, the labelled PRF input, HMAC, the first 16 bytes reduced modulo `10^n`) with the
//! low-level primitives only, and then compared with `doorcode::permanent`. Collision cases are
//! built from those recomputed candidates: the taken set holds chosen candidates (and unrelated
//! codes), so the expected attempt is the first candidate left out, known before the library
//! runs. The SPEC 14.9 worked example values are asserted literally.

use std::collections::BTreeSet;

use doorcode::code::CodeFormatError;
use doorcode::kdf;
use doorcode::keys::{DoorId, KeyError, SiteKey};
use doorcode::permanent::{
    Generation, MAX_ATTEMPTS, PermanentCode, PermanentError, PersonId, Scope, derive,
    permanent_code,
};
use serde_json::{Value, json};

use super::{
    FileBuilder, VectorFile, bug, counting, key_error_name, labelled_info, overflow, pseudo_random,
};
use crate::error::CliError;
use crate::hex;

/// File name of the permanent-code vectors.
pub const PERMANENT_FILE: &str = "doorcode_permanent_test.json";

const HEADER: &[&str] = &[
    "Test vectors for doorcode permanent codes, version 1 (SPEC.md section 14).",
    "permanentKey = HKDF-SHA256(salt = \"doorcode/v1/site\", IKM = siteSecret, info = I(\"permanent-code\"), L = 32)",
    "per-door code (scope = door id, hex): M = I(\"permanent-door\", person, doorId, u32be(generation), u8(digits), u32be(attempt))",
    "common code (scope = \"common\"): M = I(\"permanent-common\", person, u32be(generation), u8(digits), u32be(attempt))",
    "V = HKDF-Expand-SHA256(PRK = permanentKey, info = M, L = 32) = HMAC-SHA256(permanentKey, M || 0x01); code = (first 16 bytes of V as a big-endian integer) mod 10^digits, as 'digits' decimal digits, left-padded with zeros.",
    "I(label, f1, .., fn) = \"doorcode\" || 0x01 || u16be(len(label)) || label || u16be(len(f1)) || f1 || .. || u16be(len(fn)) || fn",
    "PermanentDeriveTest: the candidate code of the given attempt. PermanentResolveTest: the first attempt a = 0, 1, .., 63 whose candidate is not in 'taken' (a set of codes, in no particular order), with its code; 'NoFreeCode' if all 64 candidates are taken.",
    "person and siteSecret are hex; person ids are 1..=32 bytes, door ids 1..=32 bytes, digits 6..=12. Invalid cases name the refused input in 'error': EmptyPersonId, PersonIdTooLong, EmptyDoorId, DoorIdTooLong, UnsupportedLength, NoFreeCode.",
];

const NOTES: &[(&str, &str)] = &[
    (
        "WorkedExample",
        "A value of the SPEC 14.9 worked example (site secret 'doorcode-demo-site-key-INSECURE!', person 'alice', door 'demo-door').",
    ),
    (
        "Normal",
        "An ordinary per-door code: text person id and door id, generation 0, attempt 0.",
    ),
    (
        "PersonIdLength",
        "The person id is 1 or 32 bytes long, binary (a UUID's 16 bytes, a u64be database number) or non-ASCII UTF-8.",
    ),
    ("DoorIdLength", "The door id is 1 or 32 bytes long."),
    (
        "Generation",
        "A non-zero generation, including u32::MAX, to check its big-endian encoding.",
    ),
    ("Digits", "A code length other than 7, from 6 to 12."),
    (
        "Attempt",
        "A non-zero attempt, including 63, the last one resolution tries.",
    ),
    (
        "CommonCode",
        "A common code for the site's communal doors (scope 'common').",
    ),
    (
        "LeadingZero",
        "The reduced value has fewer digits than the code: the code is left-padded with zeros.",
    ),
    (
        "LengthInInput",
        "Same inputs as another test but a different length: the shorter code is not a suffix of the longer one.",
    ),
    (
        "Collision",
        "Earlier candidates are taken: resolution moves on to a later attempt.",
    ),
    (
        "NotTaken",
        "The taken set holds other codes (possibly later candidates) but not the first candidate: attempt 0.",
    ),
    (
        "NoFreeCode",
        "All 64 candidates are taken: resolution fails with NoFreeCode.",
    ),
    (
        "InvalidPersonId",
        "The person id is empty or 33 bytes long and must be refused.",
    ),
    (
        "InvalidDoorId",
        "The door id is empty or 33 bytes long and must be refused.",
    ),
    (
        "InvalidDigits",
        "The code length is 5 or 13 digits and must be refused.",
    ),
];

/// The SPEC 14.9 site secret (32 ASCII bytes).
const DEMO_SECRET: &[u8] = b"doorcode-demo-site-key-INSECURE!";

/// One case's inputs. `door == None` is a common code.
#[derive(Clone)]
struct Inputs {
    secret: Vec<u8>,
    person: Vec<u8>,
    door: Option<Vec<u8>>,
    generation: u32,
    digits: u8,
}

impl Inputs {
    fn new(secret: &[u8], person: &[u8], door: Option<&[u8]>, generation: u32, digits: u8) -> Self {
        Self {
            secret: secret.to_vec(),
            person: person.to_vec(),
            door: door.map(<[u8]>::to_vec),
            generation,
            digits,
        }
    }

    fn json(&self) -> Result<Value, CliError> {
        Ok(json!({
            "siteSecret": hex::encode(&self.secret),
            "permanentKey": hex::encode(&spec_permanent_key(&self.secret)?),
            "person": hex::encode(&self.person),
            "scope": match &self.door {
                Some(door) => hex::encode(door),
                None => "common".to_owned(),
            },
            "generation": self.generation,
            "digits": self.digits,
        }))
    }
}

fn extend(mut base: Value, more: Value) -> Value {
    if let (Value::Object(base), Value::Object(more)) = (&mut base, more) {
        base.extend(more);
    }
    base
}

// ---------------------------------------------------------------------------------------------
// The documented construction, written out with the primitives only

fn spec_permanent_key(secret: &[u8]) -> Result<[u8; 32], CliError> {
    let mut key = [0u8; 32];
    kdf::hkdf(
        b"doorcode/v1/site",
        secret,
        &[&labelled_info(b"permanent-code", &[])?],
        &mut key,
    )
    .map_err(bug)?;
    Ok(key)
}

/// The candidate of `attempt` (SPEC 14.2), as `digits` decimal digits.
fn spec_candidate(inputs: &Inputs, attempt: u32) -> Result<String, CliError> {
    let key = spec_permanent_key(&inputs.secret)?;
    let generation = inputs.generation.to_be_bytes();
    let digits = [inputs.digits];
    let attempt = attempt.to_be_bytes();
    let message = match &inputs.door {
        Some(door) => labelled_info(
            b"permanent-door",
            &[&inputs.person, door, &generation, &digits, &attempt],
        )?,
        None => labelled_info(
            b"permanent-common",
            &[&inputs.person, &generation, &digits, &attempt],
        )?,
    };
    let output = kdf::hmac_sha256(&key, &[&message, &[1u8]]);
    let mut wide = [0u8; 16];
    wide.copy_from_slice(output.get(..16).ok_or_else(overflow)?);
    let modulus = 10u128
        .checked_pow(u32::from(inputs.digits))
        .ok_or_else(overflow)?;
    let value = u128::from_be_bytes(wide)
        .checked_rem(modulus)
        .ok_or_else(overflow)?;
    Ok(format!(
        "{value:0width$}",
        width = usize::from(inputs.digits)
    ))
}

fn spec_candidates(inputs: &Inputs) -> Result<Vec<String>, CliError> {
    (0..MAX_ATTEMPTS)
        .map(|attempt| spec_candidate(inputs, attempt))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The library

fn code_error_name(error: CodeFormatError) -> &'static str {
    match error {
        CodeFormatError::UnsupportedLength { .. } => "UnsupportedLength",
        _ => "Other",
    }
}

fn permanent_error_name(error: PermanentError) -> &'static str {
    match error {
        PermanentError::EmptyPersonId => "EmptyPersonId",
        PermanentError::PersonIdTooLong { .. } => "PersonIdTooLong",
        PermanentError::NoFreeCode { .. } => "NoFreeCode",
        _ => "Other",
    }
}

fn key_error(error: KeyError) -> &'static str {
    key_error_name(error)
}

/// Run `permanent_code` (or `derive` when `attempt` is given) on `inputs`; errors by name.
fn library(
    inputs: &Inputs,
    attempt: Option<u32>,
    taken: &BTreeSet<String>,
) -> Result<PermanentCode, &'static str> {
    let key = SiteKey::from_bytes(&inputs.secret)
        .map_err(key_error)?
        .permanent_key();
    let person = PersonId::new(&inputs.person).map_err(permanent_error_name)?;
    let door = inputs
        .door
        .as_deref()
        .map(DoorId::new)
        .transpose()
        .map_err(key_error)?;
    let scope = door.as_ref().map_or(Scope::Common, Scope::Door);
    let length = doorcode::code::CodeLength::new(inputs.digits).map_err(code_error_name)?;
    let generation = Generation(inputs.generation);
    match attempt {
        Some(attempt) => Ok(PermanentCode {
            code: derive(&key, &person, scope, generation, length, attempt),
            attempt,
        }),
        None => permanent_code(&key, &person, scope, generation, length, |code| {
            taken.contains(&code.to_string())
        })
        .map_err(permanent_error_name),
    }
}

// ---------------------------------------------------------------------------------------------
// Cases

fn derive_case(
    file: &mut FileBuilder,
    comment: &str,
    flags: &[&'static str],
    inputs: &Inputs,
    attempt: u32,
) -> Result<String, CliError> {
    let expected = spec_candidate(inputs, attempt)?;
    let got = library(inputs, Some(attempt), &BTreeSet::new())
        .map_err(|e| bug(format!("{comment}: refused as {e}")))?;
    if got.code.to_string() != expected {
        return Err(bug(format!(
            "{comment}: library code {} != construction {expected}",
            got.code
        )));
    }
    let fields = extend(
        inputs.json()?,
        json!({ "attempt": attempt, "code": expected }),
    );
    file.test(comment, flags, fields, true)?;
    Ok(expected)
}

fn invalid_case(
    file: &mut FileBuilder,
    comment: &str,
    flags: &[&'static str],
    inputs: &Inputs,
    error: &'static str,
) -> Result<(), CliError> {
    match library(inputs, Some(0), &BTreeSet::new()) {
        Err(got) if got == error => {}
        Err(got) => {
            return Err(bug(format!(
                "{comment}: refused as {got}, built as {error}"
            )));
        }
        Ok(code) => return Err(bug(format!("{comment}: accepted as {}", code.code))),
    }
    let fields = extend(inputs.json()?, json!({ "attempt": 0, "error": error }));
    file.test(comment, flags, fields, false)
}

/// A resolution case. `taken` is built from the candidates: `expected` is the attempt the
/// construction leads to (None: every candidate is taken).
fn resolve_case(
    file: &mut FileBuilder,
    comment: &str,
    flags: &[&'static str],
    inputs: &Inputs,
    taken: &[String],
    expected: Option<u32>,
) -> Result<(), CliError> {
    let candidates = spec_candidates(inputs)?;
    let set: BTreeSet<String> = taken.iter().cloned().collect();
    // The construction: candidates before `expected` are all taken and `expected`'s is not.
    let limit = expected.unwrap_or(MAX_ATTEMPTS);
    for (attempt, candidate) in (0..limit).zip(&candidates) {
        if !set.contains(candidate) {
            return Err(bug(format!(
                "{comment}: candidate {attempt} ({candidate}) was meant to be taken"
            )));
        }
    }
    let expected_code = match expected {
        Some(attempt) => {
            let code = candidates
                .get(usize::try_from(attempt).map_err(|_| overflow())?)
                .ok_or_else(overflow)?
                .clone();
            if set.contains(&code) {
                return Err(bug(format!(
                    "{comment}: candidate {attempt} collides with the taken set; pick other inputs"
                )));
            }
            Some(code)
        }
        None => None,
    };
    let got = library(inputs, None, &set);
    let fields = match (&expected_code, got) {
        (Some(code), Ok(got)) if got.code.to_string() == *code && Some(got.attempt) == expected => {
            json!({ "taken": taken, "code": code, "attempt": got.attempt })
        }
        (None, Err("NoFreeCode")) => json!({ "taken": taken, "error": "NoFreeCode" }),
        (_, got) => {
            return Err(bug(format!(
                "{comment}: library gave {got:?}, construction {expected_code:?} at {expected:?}"
            )));
        }
    };
    file.test(
        comment,
        flags,
        extend(inputs.json()?, fields),
        expected.is_some(),
    )
}

/// Codes of `digits` digits unrelated to the case: candidates of other people.
fn others(
    secret: &[u8],
    door: Option<&[u8]>,
    digits: u8,
    count: u32,
) -> Result<Vec<String>, CliError> {
    (0..count)
        .map(|i| {
            let person = format!("neighbour-{i}");
            spec_candidate(&Inputs::new(secret, person.as_bytes(), door, 0, digits), 0)
        })
        .collect()
}

fn slice(candidates: &[String], range: std::ops::Range<usize>) -> Result<Vec<String>, CliError> {
    candidates
        .get(range)
        .map(<[String]>::to_vec)
        .ok_or_else(overflow)
}

/// Generate `doorcode_permanent_test.json`.
pub fn permanent_file() -> Result<VectorFile, CliError> {
    let mut file = FileBuilder::new("doorcode-permanent-v1", HEADER, NOTES);
    let secret = pseudo_random("permanent site secret", 32);
    let demo_door: &[u8] = b"demo-door";
    let front: &[u8] = b"front-door";

    // SPEC 14.9, asserted literally.
    file.group(
        "PermanentDeriveTest",
        json!({ "comment": "SPEC 14.9 worked example" }),
    );
    let demo = |door: Option<&[u8]>, generation, digits| {
        Inputs::new(DEMO_SECRET, b"alice", door, generation, digits)
    };
    if hex::encode(&spec_permanent_key(DEMO_SECRET)?)
        != "cda486b4b6a2030e3fef8b9db6541f5e87321e64311bca8b686e65e1f5a65a85"
    {
        return Err(bug("SPEC 14.9 permanent-code key"));
    }
    let worked: [(&str, &[&'static str], Inputs, u32, &str); 5] = [
        (
            "per-door, generation 0, 7 digits, attempt 0",
            &["WorkedExample", "Normal"],
            demo(Some(demo_door), 0, 7),
            0,
            "2405636",
        ),
        (
            "per-door, attempt 1",
            &["WorkedExample", "Attempt"],
            demo(Some(demo_door), 0, 7),
            1,
            "5422029",
        ),
        (
            "per-door, generation 1",
            &["WorkedExample", "Generation"],
            demo(Some(demo_door), 1, 7),
            0,
            "1961857",
        ),
        (
            "per-door, 12 digits",
            &["WorkedExample", "Digits"],
            demo(Some(demo_door), 0, 12),
            0,
            "569192733708",
        ),
        (
            "common code, attempt 0",
            &["WorkedExample", "CommonCode"],
            demo(None, 0, 7),
            0,
            "8725622",
        ),
    ];
    for (comment, flags, inputs, attempt, spec) in &worked {
        let code = derive_case(&mut file, comment, flags, inputs, *attempt)?;
        if code != *spec {
            return Err(bug(format!("SPEC 14.9 {comment}: {code} != {spec}")));
        }
    }

    // Per-door codes.
    file.group(
        "PermanentDeriveTest",
        json!({ "comment": "per-door codes" }),
    );
    let door = |person: &[u8], generation, digits| {
        Inputs::new(&secret, person, Some(front), generation, digits)
    };
    derive_case(
        &mut file,
        "text person and door",
        &["Normal"],
        &door(b"alice", 0, 7),
        0,
    )?;
    derive_case(
        &mut file,
        "another person",
        &["Normal"],
        &door(b"bob", 0, 7),
        0,
    )?;
    derive_case(
        &mut file,
        "another door",
        &["Normal"],
        &Inputs::new(&secret, b"alice", Some(b"back-door"), 0, 7),
        0,
    )?;
    derive_case(
        &mut file,
        "one-byte person id",
        &["PersonIdLength"],
        &door(b"7", 0, 7),
        0,
    )?;
    derive_case(
        &mut file,
        "32-byte person id (00..1f)",
        &["PersonIdLength"],
        &door(&counting(32), 0, 7),
        0,
    )?;
    derive_case(
        &mut file,
        "16-byte person id (a UUID's bytes)",
        &["PersonIdLength"],
        &door(&pseudo_random("person uuid", 16), 0, 7),
        0,
    )?;
    derive_case(
        &mut file,
        "person id u64be(42), a database number",
        &["PersonIdLength"],
        &door(&42u64.to_be_bytes(), 0, 7),
        0,
    )?;
    derive_case(
        &mut file,
        "non-ASCII UTF-8 person id 'zoë' (4 bytes)",
        &["PersonIdLength"],
        &door("zoë".as_bytes(), 0, 7),
        0,
    )?;
    derive_case(
        &mut file,
        "one-byte door id",
        &["DoorIdLength"],
        &Inputs::new(&secret, b"alice", Some(b"7"), 0, 7),
        0,
    )?;
    derive_case(
        &mut file,
        "32-byte door id (00..1f)",
        &["DoorIdLength"],
        &Inputs::new(&secret, b"alice", Some(&counting(32)), 0, 7),
        0,
    )?;
    for generation in [1, 2, 0x0102_0304, u32::MAX] {
        derive_case(
            &mut file,
            &format!("generation {generation}"),
            &["Generation"],
            &door(b"alice", generation, 7),
            0,
        )?;
    }
    let mut by_length = Vec::new();
    for digits in 6..=12u8 {
        let flags: &[&'static str] = if digits == 7 {
            &["LengthInInput"]
        } else {
            &["Digits", "LengthInInput"]
        };
        let code = derive_case(
            &mut file,
            &format!("{digits} digits"),
            flags,
            &door(b"carol", 0, digits),
            0,
        )?;
        by_length.push(code);
    }
    for pair in by_length.windows(2) {
        if let [shorter, longer] = pair
            && longer.ends_with(shorter.as_str())
        {
            return Err(bug(format!(
                "{shorter} is a suffix of {longer}; pick another person"
            )));
        }
    }
    for attempt in [1, 2, 62, 63] {
        derive_case(
            &mut file,
            &format!("attempt {attempt}"),
            &["Attempt"],
            &door(b"alice", 0, 7),
            attempt,
        )?;
    }
    // Left padding: the first generations of a person until a 6-digit code starts with '0'.
    let mut padded = 0u32;
    for generation in 0..1000u32 {
        let inputs = door(b"dave", generation, 6);
        if spec_candidate(&inputs, 0)?.starts_with('0') {
            derive_case(
                &mut file,
                &format!("6 digits with a leading zero (generation {generation})"),
                &["LeadingZero", "Digits", "Generation"],
                &inputs,
                0,
            )?;
            padded = padded.checked_add(1).ok_or_else(overflow)?;
            if padded == 2 {
                break;
            }
        }
    }
    if padded < 2 {
        return Err(bug("no leading-zero code found"));
    }

    // Common codes.
    file.group(
        "PermanentDeriveTest",
        json!({ "comment": "common codes for the site's communal doors" }),
    );
    let common =
        |person: &[u8], generation, digits| Inputs::new(&secret, person, None, generation, digits);
    let common_code = derive_case(
        &mut file,
        "common code",
        &["CommonCode"],
        &common(b"alice", 0, 7),
        0,
    )?;
    if common_code == spec_candidate(&door(b"alice", 0, 7), 0)? {
        return Err(bug(
            "common and per-door codes coincide; pick another person",
        ));
    }
    derive_case(
        &mut file,
        "common code, another person",
        &["CommonCode"],
        &common(b"bob", 0, 7),
        0,
    )?;
    derive_case(
        &mut file,
        "common code, generation u32::MAX",
        &["CommonCode", "Generation"],
        &common(b"alice", u32::MAX, 7),
        0,
    )?;
    derive_case(
        &mut file,
        "common code, 8 digits",
        &["CommonCode", "Digits"],
        &common(b"alice", 0, 8),
        0,
    )?;
    derive_case(
        &mut file,
        "common code, attempt 5",
        &["CommonCode", "Attempt"],
        &common(b"alice", 0, 7),
        5,
    )?;
    derive_case(
        &mut file,
        "common code, 32-byte person id",
        &["CommonCode", "PersonIdLength"],
        &common(&counting(32), 0, 12),
        0,
    )?;

    // Collision resolution.
    file.group(
        "PermanentResolveTest",
        json!({ "comment": "collision resolution against the codes already stored" }),
    );
    let worked_door = demo(Some(demo_door), 0, 7);
    resolve_case(
        &mut file,
        "SPEC 14.9: nothing taken",
        &["WorkedExample", "Normal"],
        &worked_door,
        &[],
        Some(0),
    )?;
    resolve_case(
        &mut file,
        "SPEC 14.9: 2405636 taken at the door",
        &["WorkedExample", "Collision"],
        &worked_door,
        &["2405636".to_owned()],
        Some(1),
    )?;
    let alice = door(b"alice", 0, 7);
    let alice_candidates = spec_candidates(&alice)?;
    let neighbours = others(&secret, Some(front), 7, 5)?;
    resolve_case(
        &mut file,
        "other people's codes, none of them a candidate",
        &["NotTaken"],
        &alice,
        &neighbours,
        Some(0),
    )?;
    let mut later = slice(&alice_candidates, 1..3)?;
    later.extend(neighbours.iter().cloned());
    resolve_case(
        &mut file,
        "candidates 1 and 2 taken, candidate 0 free",
        &["NotTaken"],
        &alice,
        &later,
        Some(0),
    )?;
    let mut first = neighbours.clone();
    first.extend(slice(&alice_candidates, 0..1)?);
    resolve_case(
        &mut file,
        "candidate 0 taken among other codes",
        &["Collision"],
        &alice,
        &first,
        Some(1),
    )?;
    let mut gap = slice(&alice_candidates, 0..1)?;
    gap.extend(slice(&alice_candidates, 2..3)?);
    resolve_case(
        &mut file,
        "candidates 0 and 2 taken: attempt 1",
        &["Collision"],
        &alice,
        &gap,
        Some(1),
    )?;
    let mut three = slice(&alice_candidates, 0..3)?;
    three.reverse();
    resolve_case(
        &mut file,
        "candidates 0, 1, 2 taken (listed in reverse)",
        &["Collision"],
        &alice,
        &three,
        Some(3),
    )?;
    let mut all_but_last = slice(&alice_candidates, 0..63)?;
    all_but_last.reverse();
    resolve_case(
        &mut file,
        "candidates 0..=62 taken: attempt 63, the last",
        &["Collision", "Attempt"],
        &alice,
        &all_but_last,
        Some(63),
    )?;
    let common_alice = common(b"alice", 0, 7);
    let common_candidates = spec_candidates(&common_alice)?;
    resolve_case(
        &mut file,
        "common code, candidate 0 taken at a communal door",
        &["CommonCode", "Collision"],
        &common_alice,
        &slice(&common_candidates, 0..1)?,
        Some(1),
    )?;
    let six = door(b"erin", 3, 6);
    let six_candidates = spec_candidates(&six)?;
    resolve_case(
        &mut file,
        "6 digits, generation 3, candidates 0 and 1 taken",
        &["Collision", "Digits", "Generation"],
        &six,
        &slice(&six_candidates, 0..2)?,
        Some(2),
    )?;
    // Every candidate taken (deduplicated, sorted: the set of the first 64 candidates).
    let full: BTreeSet<String> = alice_candidates.iter().cloned().collect();
    resolve_case(
        &mut file,
        "all 64 candidates taken",
        &["NoFreeCode"],
        &alice,
        &full.into_iter().collect::<Vec<_>>(),
        None,
    )?;
    let full_common: BTreeSet<String> = common_candidates.iter().cloned().collect();
    let mut full_common: Vec<String> = full_common.into_iter().collect();
    full_common.extend(others(&secret, None, 7, 3)?);
    resolve_case(
        &mut file,
        "common code: all 64 candidates and other codes taken",
        &["NoFreeCode", "CommonCode"],
        &common_alice,
        &full_common,
        None,
    )?;

    // Refused inputs.
    file.group(
        "PermanentDeriveTest",
        json!({ "comment": "refused inputs" }),
    );
    invalid_case(
        &mut file,
        "empty person id",
        &["InvalidPersonId"],
        &door(b"", 0, 7),
        "EmptyPersonId",
    )?;
    invalid_case(
        &mut file,
        "33-byte person id",
        &["InvalidPersonId"],
        &door(&counting(33), 0, 7),
        "PersonIdTooLong",
    )?;
    invalid_case(
        &mut file,
        "empty person id, common code",
        &["InvalidPersonId", "CommonCode"],
        &common(b"", 0, 7),
        "EmptyPersonId",
    )?;
    invalid_case(
        &mut file,
        "empty door id",
        &["InvalidDoorId"],
        &Inputs::new(&secret, b"alice", Some(b""), 0, 7),
        "EmptyDoorId",
    )?;
    invalid_case(
        &mut file,
        "33-byte door id",
        &["InvalidDoorId"],
        &Inputs::new(&secret, b"alice", Some(&counting(33)), 0, 7),
        "DoorIdTooLong",
    )?;
    invalid_case(
        &mut file,
        "5 digits",
        &["InvalidDigits"],
        &door(b"alice", 0, 5),
        "UnsupportedLength",
    )?;
    invalid_case(
        &mut file,
        "13 digits",
        &["InvalidDigits"],
        &door(b"alice", 0, 13),
        "UnsupportedLength",
    )?;
    invalid_case(
        &mut file,
        "13 digits, common code",
        &["InvalidDigits", "CommonCode"],
        &common(b"alice", 0, 13),
        "UnsupportedLength",
    )?;
    file.finish(PERMANENT_FILE)
}
