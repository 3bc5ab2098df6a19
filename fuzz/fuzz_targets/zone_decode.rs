//! Encoded zones: decoding never panics; whatever decodes re-encodes to exactly the input, and
//! every query on it answers without panicking.
#![no_main]

use doorcode::zone::{Zone, max_encoded_len};
use libfuzzer_sys::fuzz_target;

#[path = "zone_checks.rs"]
mod zone_checks;

/// Capacity of the decoded zone: small, so the fuzzer reaches full and overfull lists.
const CAPACITY: usize = 16;

fuzz_target!(|data: &[u8]| {
    match Zone::<CAPACITY>::decode(data) {
        Ok(zone) => {
            let mut out = [0u8; max_encoded_len(CAPACITY)];
            let len = zone.encode(&mut out).unwrap();
            assert_eq!(&out[..len], data);
            assert_eq!(zone.encoded_len(), data.len());
            // The rule alone prints and parses back.
            let rule = *zone.rule();
            assert_eq!(rule.to_string().parse(), Ok(rule));
            let around: Vec<i64> = zone.transitions().iter().flat_map(|t| [t.at - 1, t.at]).collect();
            zone_checks::check_queries(&zone, &around);
            // Decoding into a smaller capacity fails cleanly or gives the same zone.
            if let Ok(small) = Zone::<2>::decode(data) {
                assert_eq!(small.transitions(), zone.transitions());
            }
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
