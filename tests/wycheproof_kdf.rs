//! HMAC-SHA256 and HKDF-SHA256 against the Wycheproof vectors in ../shared/vectors/wycheproof.
//!
//! The files are read at run time; a missing file fails the test rather than skipping it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

use doorcode::kdf::{self, HKDF_MAX_OUTPUT, KdfError};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!(
        "{}/../shared/vectors/wycheproof/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read {path}: {e}; the shared vectors must sit beside the repo")
    });
    serde_json::from_str(&text).unwrap()
}

fn hex(value: &Value) -> Vec<u8> {
    let text = value.as_str().unwrap();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn cases(file: &Value) -> impl Iterator<Item = (&Value, &Value)> {
    file["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|group| {
            group["tests"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |t| (group, t))
        })
}

#[test]
fn hmac_sha256_matches_every_wycheproof_case() {
    let file = load("hmac_sha256_test.json");
    let mut checked = 0;
    for (group, case) in cases(&file) {
        let tag_len = group["tagSize"].as_u64().unwrap() as usize / 8;
        let (key, msg, tag) = (hex(&case["key"]), hex(&case["msg"]), hex(&case["tag"]));
        let valid = case["result"] == "valid";
        let full = kdf::hmac_sha256(&key, &[&msg]);
        assert_eq!(full[..tag_len] == tag[..], valid, "tcId {}", case["tcId"]);
        assert_eq!(
            kdf::hmac_sha256_verify(&key, &[&msg], &tag),
            valid,
            "tcId {}",
            case["tcId"]
        );
        // Splitting the message into parts must not change the tag.
        let (a, b) = msg.split_at(msg.len() / 2);
        assert_eq!(kdf::hmac_sha256(&key, &[a, b]), full);
        checked += 1;
    }
    assert_eq!(checked, file["numberOfTests"].as_u64().unwrap());
}

#[test]
fn hkdf_sha256_matches_every_wycheproof_case() {
    let file = load("hkdf_sha256_test.json");
    let mut checked = 0;
    for (_, case) in cases(&file) {
        let size = case["size"].as_u64().unwrap() as usize;
        let (ikm, salt, info) = (hex(&case["ikm"]), hex(&case["salt"]), hex(&case["info"]));
        let mut okm = vec![0u8; size];
        let outcome = kdf::hkdf(&salt, &ikm, &[&info], &mut okm);
        if case["result"] == "valid" {
            assert_eq!(outcome, Ok(()), "tcId {}", case["tcId"]);
            assert_eq!(okm, hex(&case["okm"]), "tcId {}", case["tcId"]);
        } else {
            assert!(size > HKDF_MAX_OUTPUT);
            assert_eq!(outcome, Err(KdfError::OutputTooLong { requested: size }));
            assert!(
                okm.iter().all(|&b| b == 0),
                "refused call must not write output"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, file["numberOfTests"].as_u64().unwrap());
}
