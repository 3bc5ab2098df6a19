//! AES-CTR as used by sealed credentials, against the NIST SP 800-38A Appendix F.5 CTR example
//! vectors (AES-128 and AES-256, encrypt and decrypt), hand-copied into
//! `vectors/nist/sp800-38a-ctr.json` with their source.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use doorcode::credential::aes_ctr_apply;
use serde_json::Value;

fn hex(text: &str) -> Vec<u8> {
    assert!(text.len().is_multiple_of(2), "odd hex {text}");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn joined(value: &Value) -> Vec<u8> {
    value
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|block| hex(block.as_str().unwrap()))
        .collect()
}

#[test]
fn sp800_38a_ctr_vectors() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vectors/nist/sp800-38a-ctr.json"
    ))
    .unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    assert!(file["source"].as_str().unwrap().contains("800-38A"));
    let tests = file["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 4);
    let mut key_lengths = Vec::new();
    for test in tests {
        let key = hex(test["key"].as_str().unwrap());
        let iv: [u8; 16] = hex(test["initCounter"].as_str().unwrap())
            .try_into()
            .unwrap();
        let input = joined(&test["input"]);
        let output = joined(&test["output"]);
        assert_eq!(input.len(), 64);
        // Whole message at once.
        let mut buf = input.clone();
        aes_ctr_apply(&key, &iv, &mut buf).unwrap();
        assert_eq!(buf, output, "{}", test["section"]);
        // Block by block with the counter advanced by hand: checks the big-endian increment.
        for block in 0..4 {
            let mut counter = u128::from_be_bytes(iv);
            counter = counter.wrapping_add(block as u128);
            let mut one = input[block * 16..block * 16 + 16].to_vec();
            aes_ctr_apply(&key, &counter.to_be_bytes(), &mut one).unwrap();
            assert_eq!(one, output[block * 16..block * 16 + 16]);
        }
        key_lengths.push(key.len());
    }
    key_lengths.sort_unstable();
    assert_eq!(key_lengths, [16, 16, 32, 32]);
}

#[test]
fn other_key_lengths_are_refused() {
    let mut buf = [0u8; 16];
    assert!(aes_ctr_apply(&[0; 24], &[0; 16], &mut buf).is_err());
    assert!(aes_ctr_apply(&[], &[0; 16], &mut buf).is_err());
    assert_eq!(buf, [0; 16]);
}
