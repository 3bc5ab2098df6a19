//! Key import from bytes, hex and base64: never panics, and whatever imports exports back to an
//! equal key.
#![no_main]

use doorcode::keys::{DoorId, DoorKey, IssuerKey, SiteKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut buf = [0u8; 128];

    for site in [SiteKey::from_bytes(data), SiteKey::from_hex(&text), SiteKey::from_base64(&text)] {
        if let Ok(site) = site {
            assert!((16..=64).contains(&site.as_bytes().len()));
            let hex = site.to_hex(&mut buf).unwrap().to_owned();
            assert_eq!(SiteKey::from_hex(&hex).unwrap(), site);
            let b64 = site.to_base64(&mut buf).unwrap().to_owned();
            assert_eq!(SiteKey::from_base64(&b64).unwrap(), site);
            if let Ok(door) = DoorId::new(data.get(..data.len().min(32)).unwrap_or(&[])) {
                let _ = site.door_key(&door);
            }
        }
    }
    for door in [DoorKey::from_bytes(data), DoorKey::from_hex(&text), DoorKey::from_base64(&text)] {
        if let Ok(door) = door {
            let hex = door.to_hex(&mut buf).unwrap().to_owned();
            assert_eq!(DoorKey::from_hex(&hex).unwrap(), door);
        }
    }
    if let Ok(issuer) = IssuerKey::from_base64(&text) {
        let b64 = issuer.to_base64(&mut buf).unwrap().to_owned();
        assert_eq!(IssuerKey::from_base64(&b64).unwrap(), issuer);
    }
    let _ = DoorId::new(data);
});
