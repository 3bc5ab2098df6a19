//! Fuzz FF1: arbitrary key lengths (0..=40 bytes), tweaks and raw numeral bytes. Invalid input
//! must give the matching typed error; valid input must round-trip. Never panics otherwise.
#![no_main]

use doorcode::ff1::{Ff1, Ff1Error, MAX_DIGITS, MIN_DIGITS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Layout: [key length selector] [key bytes] [tweak length selector] [tweak] [numerals...]
    let Some((&key_sel, rest)) = data.split_first() else {
        return;
    };
    let key_len = usize::from(key_sel) % 41; // 0..=40: invalid lengths are exercised too
    let key_len = key_len.min(rest.len());
    let (key, rest) = rest.split_at(key_len);
    let (tweak_len, rest) = match rest.split_first() {
        Some((&sel, rest)) => (usize::from(sel).min(rest.len()), rest),
        None => (0, rest),
    };
    let (tweak, numerals) = rest.split_at(tweak_len);

    let ff1 = match Ff1::new(key) {
        Ok(ff1) => {
            assert!(matches!(key.len(), 16 | 24 | 32));
            ff1
        }
        Err(e) => {
            assert_eq!(e, Ff1Error::InvalidKeyLength { got: key.len() });
            assert!(!matches!(key.len(), 16 | 24 | 32));
            return;
        }
    };

    let n = numerals.len();
    let mut ct = [0xAAu8; 64];
    let Some(ct) = ct.get_mut(..n) else {
        // Longer than any valid input: must still be rejected cleanly.
        let mut out = vec![0u8; n];
        assert_eq!(
            ff1.encrypt(tweak, numerals, &mut out),
            Err(Ff1Error::InvalidLength { got: n })
        );
        return;
    };
    match ff1.encrypt(tweak, numerals, ct) {
        Ok(()) => {
            assert!((MIN_DIGITS..=MAX_DIGITS).contains(&n));
            assert!(numerals.iter().all(|&d| d <= 9));
            assert!(ct.iter().all(|&d| d <= 9));
            let mut back = [0xAAu8; MAX_DIGITS];
            let back = &mut back[..n];
            ff1.decrypt(tweak, ct, back).expect("decrypt of a valid ciphertext");
            assert_eq!(back, numerals, "round trip");
        }
        Err(Ff1Error::InvalidLength { got }) => {
            assert_eq!(got, n);
            assert!(!(MIN_DIGITS..=MAX_DIGITS).contains(&n));
            assert!(ct.iter().all(|&d| d == 0xAA), "output touched on error");
        }
        Err(Ff1Error::InvalidDigit { position }) => {
            assert!(numerals[position] > 9);
            assert!(numerals[..position].iter().all(|&d| d <= 9));
            assert!(ct.iter().all(|&d| d == 0xAA), "output touched on error");
            // decrypt validates the same way
            assert_eq!(
                ff1.decrypt(tweak, numerals, ct),
                Err(Ff1Error::InvalidDigit { position })
            );
        }
        Err(e) => panic!("unexpected error {e:?}"),
    }
});
