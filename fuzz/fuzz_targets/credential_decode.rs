//! Credential decoders: the first byte picks the decoder, the rest is its input.
//!
//! Invariants: never panics; whatever decodes re-encodes to the same bytes (holder bundles and
//! challenges have one encoding); a decoded header echoes the bytes it came from; opening,
//! delegating and verifying what decoded never panics either.
#![no_main]

use doorcode::credential::{
    Caveat, CredentialId, DoorSet, HolderCredential, VerifyContext, decode_header,
    open_blob_with_door_key, verify_presentation,
};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
use doorcode::lock::Challenge;
use doorcode::zone::Zone;
use libfuzzer_sys::fuzz_target;

const SITE_KEY: [u8; 32] = [0x42; 32];
const DOOR: &[u8] = b"lobby";
const T0: i64 = 1_795_338_000;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let site = doorcode::keys::SiteKey::from_bytes(&SITE_KEY).unwrap();
    let door = DoorId::new(DOOR).unwrap();
    let door_key: DoorKey = site.door_key(&door);
    match selector % 5 {
        0 => {
            if let Ok(header) = decode_header(input) {
                assert_eq!(input[0], 1);
                assert_eq!(
                    header.issuer,
                    IssuerId(u32::from_be_bytes(input[1..5].try_into().unwrap()))
                );
                assert_eq!(
                    header.epoch,
                    Epoch(u32::from_be_bytes(input[5..9].try_into().unwrap()))
                );
                assert_eq!(header.door_count, input[9]);
                assert_eq!(&header.siv[..], &input[10..26]);
                assert!(header.door_count >= 1 && header.door_count <= 32);
            }
        }
        1 => {
            if let Ok(holder) = HolderCredential::from_bytes(input) {
                assert_eq!(&holder.to_bytes()[..], input);
                if let Ok(opened) = holder.open() {
                    assert!(opened.caveats.len() <= doorcode::credential::MAX_CAVEATS);
                    let caveat = Caveat::new(
                        CredentialId::from_bytes([9; 16]),
                        7,
                        DoorSet(opened.rights.doors.0 & 1),
                        opened.rights.grant,
                    );
                    if let Ok(guest) = holder.delegate(&caveat) {
                        assert_eq!(guest.caveats().len(), holder.caveats().len() + 1);
                        let again = HolderCredential::from_bytes(&guest.to_bytes()).unwrap();
                        assert_eq!(again, guest);
                    }
                }
                for proof in holder.proofs() {
                    let _ = holder.present(&proof.door, &[3; 16]);
                }
            }
        }
        2 => {
            if let Ok(challenge) = Challenge::from_bytes(input) {
                assert_eq!(&challenge.to_bytes()[..], input);
            }
        }
        3 => {
            let slot = input.first().copied().unwrap_or(0);
            let _ = open_blob_with_door_key(&door_key, &door, input.get(1..).unwrap_or(&[]), slot);
        }
        _ => {
            let context = VerifyContext {
                door_key: &door_key,
                door: &door,
                issuers: &[(IssuerId(0), Epoch(0))],
                nonce: &[3; 16],
                now: T0,
                zone: &Zone::UTC,
                denied_credentials: &[],
                denied_persons: &[],
            };
            if let Ok(presented) = verify_presentation(&context, input) {
                // Only a holder of a proof key for this door's chain gets here.
                assert!(presented.rights.doors.contains(presented.door_index));
                assert!(presented.rights.grant.contains(T0));
            }
        }
    }
});
