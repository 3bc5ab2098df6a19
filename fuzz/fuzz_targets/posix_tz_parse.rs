//! POSIX TZ strings: parsing never panics; an accepted rule prints as a string that parses
//! back to an equal zone, survives the binary form, and every query on it answers without
//! panicking.
#![no_main]

use doorcode::zone::{PosixRule, Zone, max_encoded_len};
use libfuzzer_sys::fuzz_target;

#[path = "zone_checks.rs"]
mod zone_checks;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else { return };
    match PosixRule::parse(text) {
        Ok(rule) => {
            let zone: Zone = Zone::from_rule(rule);
            let shown = zone.to_string();
            assert_eq!(Zone::posix(&shown), Ok(zone), "{text:?} printed as {shown:?}");
            let mut bytes = [0u8; max_encoded_len(0)];
            let len = zone.encode(&mut bytes).unwrap();
            assert_eq!(Zone::<0>::decode(&bytes[..len]), Ok(zone));
            zone_checks::check_queries(&zone, &[]);
        }
        Err(error) => {
            assert!(error.position <= text.len());
            assert!(!error.to_string().is_empty());
        }
    }
});
