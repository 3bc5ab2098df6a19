//! Tests of `doorcode::ff1`: Wycheproof vectors, error cases, property tests, and a
//! differential test against the `fpe` crate.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    missing_docs
)]

use doorcode::ff1::{Ff1, Ff1Error, MAX_DIGITS, MIN_DIGITS};
use fpe::ff1::{FF1, FlexibleNumeralString};
use proptest::prelude::*;
use serde_json::Value;

const WYCHEPROOF: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/vectors/wycheproof/aes_ff1_radix10_test.json"
);

fn hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd-length hex {s:?}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Wycheproof numerals are JSON integers and include invalid ones (-1, 10). Values that fit a
/// `u8` are passed through unchanged (so 10 stays 10); values that do not fit (e.g. -1) are
/// mapped explicitly to 255, which is equally not a decimal digit.
fn numerals(v: &Value) -> Vec<u8> {
    v.as_array()
        .expect("numeral array")
        .iter()
        .map(|x| {
            let x = x.as_i64().expect("integer numeral");
            u8::try_from(x).unwrap_or(255)
        })
        .collect()
}

fn load_wycheproof() -> Value {
    let text = std::fs::read_to_string(WYCHEPROOF)
        .unwrap_or_else(|e| panic!("Wycheproof FF1 vectors missing at {WYCHEPROOF}: {e}"));
    serde_json::from_str(&text).expect("valid JSON")
}

fn all_tests(doc: &Value) -> Vec<(&Value, &Value)> {
    let groups = doc["testGroups"].as_array().expect("testGroups");
    groups
        .iter()
        .flat_map(|g| {
            g["tests"]
                .as_array()
                .expect("tests")
                .iter()
                .map(move |t| (g, t))
        })
        .collect()
}

#[test]
fn wycheproof_vectors() {
    let doc = load_wycheproof();
    assert_eq!(doc["algorithm"], "AES-FF1");
    let tests = all_tests(&doc);
    assert_eq!(
        tests.len() as u64,
        doc["numberOfTests"].as_u64().unwrap(),
        "numberOfTests"
    );

    // Independent count of cases by message length, straight from the JSON.
    let in_range = |t: &Value| {
        let len = t["msg"].as_array().unwrap().len();
        (MIN_DIGITS..=MAX_DIGITS).contains(&len)
    };
    let expected_in_range = tests.iter().filter(|(_, t)| in_range(t)).count();
    let expected_out_of_range = tests.len() - expected_in_range;

    let (mut checked_valid, mut checked_bad_key, mut checked_bad_digit) = (0usize, 0usize, 0usize);
    let mut checked_out_of_range = 0usize;

    for (group, t) in &tests {
        let id = t["tcId"].as_u64().unwrap();
        assert_eq!(group["radix"], 10, "tcId {id}");
        let key = hex(t["key"].as_str().unwrap());
        let tweak = hex(t["tweak"].as_str().unwrap());
        let msg = numerals(&t["msg"]);
        let ct = numerals(&t["ct"]);
        let result = t["result"].as_str().unwrap();
        assert!(
            result == "valid" || result == "invalid",
            "tcId {id}: {result}"
        );
        assert_eq!(
            group["keySize"].as_u64().unwrap() as usize,
            key.len() * 8,
            "tcId {id}"
        );

        if !(MIN_DIGITS..=MAX_DIGITS).contains(&msg.len()) {
            // Outside our supported range, whatever Wycheproof says: must be InvalidLength.
            let ff1 = Ff1::new(&key).unwrap_or_else(|e| panic!("tcId {id}: key {e:?}"));
            let want = Err(Ff1Error::InvalidLength { got: msg.len() });
            let mut out = vec![0xAA; msg.len()];
            assert_eq!(ff1.encrypt(&tweak, &msg, &mut out), want, "tcId {id}");
            assert_eq!(ff1.decrypt(&tweak, &msg, &mut out), want, "tcId {id}");
            assert!(out.iter().all(|&d| d == 0xAA), "tcId {id}: output touched");
            checked_out_of_range += 1;
            continue;
        }

        if result == "valid" {
            let ff1 = Ff1::new(&key).unwrap_or_else(|e| panic!("tcId {id}: key {e:?}"));
            let mut out = vec![0xAA; msg.len()];
            ff1.encrypt(&tweak, &msg, &mut out)
                .unwrap_or_else(|e| panic!("tcId {id}: encrypt {e:?}"));
            assert_eq!(out, ct, "tcId {id}: encrypt");
            let mut back = vec![0xAA; msg.len()];
            ff1.decrypt(&tweak, &ct, &mut back)
                .unwrap_or_else(|e| panic!("tcId {id}: decrypt {e:?}"));
            assert_eq!(back, msg, "tcId {id}: decrypt");
            checked_valid += 1;
        } else if !matches!(key.len(), 16 | 24 | 32) {
            assert_eq!(
                Ff1::new(&key).map(|_| ()),
                Err(Ff1Error::InvalidKeyLength { got: key.len() }),
                "tcId {id}"
            );
            checked_bad_key += 1;
        } else if let Some(position) = msg.iter().position(|&d| d > 9) {
            let ff1 = Ff1::new(&key).unwrap();
            let want = Err(Ff1Error::InvalidDigit { position });
            let mut out = vec![0xAA; msg.len()];
            assert_eq!(ff1.encrypt(&tweak, &msg, &mut out), want, "tcId {id}");
            assert_eq!(ff1.decrypt(&tweak, &msg, &mut out), want, "tcId {id}");
            assert!(out.iter().all(|&d| d == 0xAA), "tcId {id}: output touched");
            checked_bad_digit += 1;
        } else {
            panic!("tcId {id}: invalid case of a kind this test does not know: {t}");
        }
    }

    let checked = checked_valid + checked_bad_key + checked_bad_digit;
    println!(
        "Wycheproof FF1: {checked} in-range cases checked ({checked_valid} valid, \
         {checked_bad_digit} invalid digit, {checked_bad_key} invalid key), \
         {checked_out_of_range} out-of-range cases rejected"
    );
    assert_eq!(checked, expected_in_range);
    assert!(checked > 3000, "only {checked} in-range cases");
    assert!(checked_valid > 3000, "only {checked_valid} valid cases");
    assert!(checked_bad_digit > 0 && checked_bad_key > 0);
    assert_eq!(checked_out_of_range, expected_out_of_range);
    assert!(checked_out_of_range > 0);
}

// ---------------------------------------------------------------- error cases

const KEY: [u8; 32] = [
    0xA5, 0x5A, 0xC3, 0x3C, 0x96, 0x69, 0xF0, 0x0F, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
    0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFE,
];

#[test]
fn key_lengths() {
    for len in [0usize, 1, 8, 15, 17, 20, 23, 25, 31, 33, 48, 64] {
        let key = vec![7u8; len];
        assert_eq!(
            Ff1::new(&key).map(|_| ()),
            Err(Ff1Error::InvalidKeyLength { got: len }),
            "len {len}"
        );
    }
    for len in [16usize, 24, 32] {
        assert!(Ff1::new(&KEY[..len]).is_ok(), "len {len}");
    }
}

#[test]
fn different_key_sizes_differ() {
    let input = [1, 2, 3, 4, 5, 6, 7];
    let mut outs = Vec::new();
    for len in [16usize, 24, 32] {
        let mut out = [0u8; 7];
        Ff1::new(&KEY[..len])
            .unwrap()
            .encrypt(b"t", &input, &mut out)
            .unwrap();
        outs.push(out);
    }
    assert_ne!(outs[0], outs[1]);
    assert_ne!(outs[1], outs[2]);
    assert_ne!(outs[0], outs[2]);
}

#[test]
fn numeral_string_lengths() {
    let ff1 = Ff1::new(&KEY).unwrap();
    for n in [0usize, 1, 5, 39, 40, 64] {
        let input = vec![1u8; n];
        let mut out = vec![0xAA; n];
        let want = Err(Ff1Error::InvalidLength { got: n });
        assert_eq!(ff1.encrypt(b"", &input, &mut out), want);
        assert_eq!(ff1.decrypt(b"", &input, &mut out), want);
        assert!(out.iter().all(|&d| d == 0xAA));
    }
    for n in MIN_DIGITS..=MAX_DIGITS {
        let input = vec![9u8; n];
        let mut out = vec![0u8; n];
        ff1.encrypt(b"", &input, &mut out).unwrap();
    }
}

#[test]
fn invalid_digits() {
    let ff1 = Ff1::new(&KEY).unwrap();
    for bad in [10u8, 11, 0x30, 0x39, 255] {
        for position in [0usize, 3, 4, 6] {
            let mut input = [5u8; 7];
            input[position] = bad;
            let mut out = [0xAA; 7];
            let want = Err(Ff1Error::InvalidDigit { position });
            assert_eq!(ff1.encrypt(b"tweak", &input, &mut out), want);
            assert_eq!(ff1.decrypt(b"tweak", &input, &mut out), want);
            assert_eq!(out, [0xAA; 7], "output touched");
        }
    }
    // The first invalid numeral is reported.
    let mut out = [0u8; 8];
    assert_eq!(
        ff1.encrypt(b"", &[0, 1, 2, 10, 4, 11, 6, 7], &mut out),
        Err(Ff1Error::InvalidDigit { position: 3 })
    );
}

#[test]
fn output_length_mismatch() {
    let ff1 = Ff1::new(&KEY).unwrap();
    let input = [1u8; 10];
    for len in [0usize, 9, 11, 38] {
        let mut out = vec![0xAA; len];
        assert_eq!(
            ff1.encrypt(b"", &input, &mut out),
            Err(Ff1Error::OutputLength)
        );
        assert_eq!(
            ff1.decrypt(b"", &input, &mut out),
            Err(Ff1Error::OutputLength)
        );
        assert!(out.iter().all(|&d| d == 0xAA));
    }
}

#[cfg(target_pointer_width = "64")]
#[test]
fn tweak_too_long() {
    // Zeroed allocation: the pages are never touched, so this costs no real memory.
    let tweak = vec![0u8; u32::MAX as usize + 1];
    let ff1 = Ff1::new(&KEY).unwrap();
    let mut out = [0xAA; 6];
    assert_eq!(
        ff1.encrypt(&tweak, &[0; 6], &mut out),
        Err(Ff1Error::TweakTooLong)
    );
    assert_eq!(
        ff1.decrypt(&tweak, &[0; 6], &mut out),
        Err(Ff1Error::TweakTooLong)
    );
    assert_eq!(out, [0xAA; 6]);
}

#[test]
fn debug_is_redacted() {
    for len in [16usize, 24, 32] {
        let ff1 = Ff1::new(&KEY[..len]).unwrap();
        let dbg = format!("{ff1:?}");
        assert_eq!(dbg, "Ff1 { .. }");
        let pretty = format!("{ff1:#?}");
        assert_eq!(pretty, "Ff1 { .. }");
        let key = &KEY[..len];
        let mut needles = vec![
            key.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            format!("{key:?}"),
        ];
        for w in key.windows(2) {
            needles.push(format!("{:02x}{:02x}", w[0], w[1]));
            needles.push(format!("{:02X}{:02X}", w[0], w[1]));
            needles.push(format!("{}, {}", w[0], w[1]));
        }
        for needle in &needles {
            assert!(!dbg.contains(needle.as_str()), "{dbg} contains {needle}");
            assert!(
                !pretty.contains(needle.as_str()),
                "{pretty} contains {needle}"
            );
        }
    }
}

#[test]
fn ff1_is_send_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Ff1>();
    assert_send_sync::<Ff1Error>();
}

#[test]
fn errors_display() {
    let msgs = [
        Ff1Error::InvalidKeyLength { got: 15 }.to_string(),
        Ff1Error::InvalidLength { got: 5 }.to_string(),
        Ff1Error::InvalidDigit { position: 3 }.to_string(),
        Ff1Error::OutputLength.to_string(),
        Ff1Error::TweakTooLong.to_string(),
    ];
    assert!(msgs[0].contains("15") && msgs[1].contains('5') && msgs[2].contains('3'));
    assert!(msgs.iter().all(|m| !m.is_empty()));
}

#[test]
fn u128_helpers() {
    let ff1 = Ff1::new(&KEY).unwrap();
    for digits in MIN_DIGITS..=MAX_DIGITS {
        let limit = 10u128.pow(digits as u32);
        for value in [0, 1, 42, limit / 3, limit - 1] {
            let mut input = vec![0u8; digits];
            let mut v = value;
            for d in input.iter_mut().rev() {
                *d = (v % 10) as u8;
                v /= 10;
            }
            let mut out = vec![0u8; digits];
            ff1.encrypt(b"tw", &input, &mut out).unwrap();
            let want = out.iter().fold(0u128, |acc, &d| acc * 10 + u128::from(d));
            let got = ff1.encrypt_u128(b"tw", digits, value).unwrap();
            assert_eq!(got, want, "digits {digits} value {value}");
            assert!(got < limit);
            assert_eq!(ff1.decrypt_u128(b"tw", digits, got).unwrap(), value);
        }
        assert_eq!(
            ff1.encrypt_u128(b"", digits, limit),
            Err(Ff1Error::InvalidDigit { position: 0 })
        );
        assert_eq!(
            ff1.decrypt_u128(b"", digits, u128::MAX),
            Err(Ff1Error::InvalidDigit { position: 0 })
        );
    }
    for digits in [0usize, 5, 39, 100] {
        assert_eq!(
            ff1.encrypt_u128(b"", digits, 0),
            Err(Ff1Error::InvalidLength { got: digits })
        );
    }
}

// ---------------------------------------------------------------- differential vs `fpe`

fn fpe_crypt(key: &[u8], tweak: &[u8], input: &[u8], decrypt: bool) -> Vec<u8> {
    fn run<C>(key: &[u8], tweak: &[u8], input: &[u8], decrypt: bool) -> Vec<u8>
    where
        C: aes::cipher::KeyInit + aes::cipher::BlockCipherEncrypt + Clone,
    {
        let ff1 = FF1::<C>::new(key, 10).expect("radix 10");
        let ns =
            FlexibleNumeralString::from(input.iter().map(|&d| u16::from(d)).collect::<Vec<_>>());
        let out = if decrypt {
            ff1.decrypt(tweak, &ns)
        } else {
            ff1.encrypt(tweak, &ns)
        }
        .expect("fpe");
        Vec::<u16>::from(out).into_iter().map(|d| d as u8).collect()
    }
    match key.len() {
        16 => run::<aes::Aes128>(key, tweak, input, decrypt),
        24 => run::<aes::Aes192>(key, tweak, input, decrypt),
        32 => run::<aes::Aes256>(key, tweak, input, decrypt),
        n => panic!("key length {n}"),
    }
}

fn ours(key: &[u8], tweak: &[u8], input: &[u8], decrypt: bool) -> Vec<u8> {
    let ff1 = Ff1::new(key).unwrap();
    let mut out = vec![0xAA; input.len()];
    if decrypt {
        ff1.decrypt(tweak, input, &mut out).unwrap();
    } else {
        ff1.encrypt(tweak, input, &mut out).unwrap();
    }
    out
}

/// Every numeral-string length and every tweak length around the block and padding
/// boundaries, for all three key sizes, against `fpe`.
#[test]
fn fpe_all_lengths() {
    let mut seed = 0x0123_4567_89ab_cdefu64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for key_len in [16usize, 24, 32] {
        let key: Vec<u8> = (0..key_len).map(|_| next() as u8).collect();
        for n in MIN_DIGITS..=MAX_DIGITS {
            for t in (0..=50).chain([63, 64, 65, 100, 255, 256, 1000]) {
                let tweak: Vec<u8> = (0..t).map(|_| next() as u8).collect();
                let input: Vec<u8> = (0..n).map(|_| (next() % 10) as u8).collect();
                let want = fpe_crypt(&key, &tweak, &input, false);
                assert_eq!(
                    ours(&key, &tweak, &input, false),
                    want,
                    "enc k{key_len} n{n} t{t}"
                );
                assert_eq!(
                    ours(&key, &tweak, &want, true),
                    input,
                    "dec k{key_len} n{n} t{t}"
                );
                assert_eq!(
                    ours(&key, &tweak, &input, true),
                    fpe_crypt(&key, &tweak, &input, true),
                    "dec2 k{key_len} n{n} t{t}"
                );
            }
        }
    }
}

#[test]
fn extreme_inputs_match_fpe() {
    for key_len in [16usize, 24, 32] {
        let key = &KEY[..key_len];
        for n in MIN_DIGITS..=MAX_DIGITS {
            for fill in [0u8, 9] {
                let input = vec![fill; n];
                for decrypt in [false, true] {
                    assert_eq!(
                        ours(key, b"", &input, decrypt),
                        fpe_crypt(key, b"", &input, decrypt),
                        "k{key_len} n{n} fill{fill} decrypt {decrypt}"
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------- property tests

fn key_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 16),
        prop::collection::vec(any::<u8>(), 24),
        prop::collection::vec(any::<u8>(), 32),
    ]
}

fn digits_strategy() -> impl Strategy<Value = Vec<u8>> {
    (MIN_DIGITS..=MAX_DIGITS).prop_flat_map(|n| prop::collection::vec(0u8..10, n))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn roundtrip(
        key in key_strategy(),
        tweak in prop::collection::vec(any::<u8>(), 0..64),
        x in digits_strategy(),
    ) {
        let ff1 = Ff1::new(&key).unwrap();
        let mut ct = vec![0xAA; x.len()];
        ff1.encrypt(&tweak, &x, &mut ct).unwrap();
        prop_assert!(ct.iter().all(|&d| d < 10));
        let mut back = vec![0xAA; x.len()];
        ff1.decrypt(&tweak, &ct, &mut back).unwrap();
        prop_assert_eq!(&back, &x);
        // decrypt is also a permutation whose inverse is encrypt
        let mut pt = vec![0xAA; x.len()];
        ff1.decrypt(&tweak, &x, &mut pt).unwrap();
        prop_assert!(pt.iter().all(|&d| d < 10));
        let mut again = vec![0xAA; x.len()];
        ff1.encrypt(&tweak, &pt, &mut again).unwrap();
        prop_assert_eq!(&again, &x);
    }

    #[test]
    fn distinct_inputs_distinct_outputs(
        key in key_strategy(),
        tweak in prop::collection::vec(any::<u8>(), 0..64),
        x in digits_strategy(),
        idx in any::<prop::sample::Index>(),
        delta in 1u8..10,
    ) {
        let mut y = x.clone();
        let i = idx.index(y.len());
        y[i] = (y[i] + delta) % 10;
        prop_assert_ne!(&x, &y);
        let ff1 = Ff1::new(&key).unwrap();
        let mut cx = vec![0u8; x.len()];
        let mut cy = vec![0u8; y.len()];
        ff1.encrypt(&tweak, &x, &mut cx).unwrap();
        ff1.encrypt(&tweak, &y, &mut cy).unwrap();
        prop_assert_ne!(&cx, &cy);
        prop_assert!(cx.iter().chain(&cy).all(|&d| d < 10));
    }

    #[test]
    fn matches_fpe(
        key in key_strategy(),
        tweak in prop::collection::vec(any::<u8>(), 0..64),
        x in digits_strategy(),
    ) {
        let want = fpe_crypt(&key, &tweak, &x, false);
        prop_assert_eq!(ours(&key, &tweak, &x, false), want);
        prop_assert_eq!(ours(&key, &tweak, &x, true), fpe_crypt(&key, &tweak, &x, true));
    }

    #[test]
    fn invalid_inputs_never_panic(
        key_len in 0usize..=40,
        tweak in prop::collection::vec(any::<u8>(), 0..40),
        x in prop::collection::vec(any::<u8>(), 0..50),
        out_len in 0usize..50,
    ) {
        let key = vec![3u8; key_len];
        match Ff1::new(&key) {
            Err(e) => prop_assert_eq!(e, Ff1Error::InvalidKeyLength { got: key_len }),
            Ok(ff1) => {
                let mut out = vec![0xAA; out_len];
                let r = ff1.encrypt(&tweak, &x, &mut out);
                let want = if !(MIN_DIGITS..=MAX_DIGITS).contains(&x.len()) {
                    Err(Ff1Error::InvalidLength { got: x.len() })
                } else if out_len != x.len() {
                    Err(Ff1Error::OutputLength)
                } else if let Some(position) = x.iter().position(|&d| d > 9) {
                    Err(Ff1Error::InvalidDigit { position })
                } else {
                    Ok(())
                };
                prop_assert_eq!(r, want);
                if r.is_err() {
                    prop_assert!(out.iter().all(|&d| d == 0xAA));
                }
            }
        }
    }
}

proptest::proptest! {
    /// The AES-256-only type is the same cipher as `Ff1` keyed with 32 bytes.
    #[test]
    fn aes256_only_type_matches_ff1(
        key in proptest::array::uniform32(proptest::prelude::any::<u8>()),
        tweak in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..48),
        digits in proptest::collection::vec(0u8..10, 6..=38),
    ) {
        let (general, only) = (doorcode::ff1::Ff1::new(&key).unwrap(), doorcode::ff1::Ff1Aes256::new(&key));
        let (mut a, mut b) = (vec![0u8; digits.len()], vec![0u8; digits.len()]);
        general.encrypt(&tweak, &digits, &mut a).unwrap();
        only.encrypt(&tweak, &digits, &mut b).unwrap();
        proptest::prop_assert_eq!(&a, &b);
        only.decrypt(&tweak, &a, &mut b).unwrap();
        proptest::prop_assert_eq!(&b, &digits);
    }
}
