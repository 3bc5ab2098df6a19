//! Random delegation chains: the rights a lock grants equal the intersection computed here
//! independently, and no caveat widens (SPEC.md 16.4). Caveats the library refuses to create
//! are forged with the reference implementation in `credential_support`, and the lock must
//! refuse them at the same link.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    missing_docs
)]

mod credential_support;

use credential_support as reference;
use doorcode::credential::*;
use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};
use doorcode::schedule::Grant;
use doorcode::zone::Zone;
use proptest::prelude::*;

const NINE: i64 = 1_795_338_000;
const HOUR: i64 = 3600;

#[derive(Clone, Debug)]
struct Link {
    doors: u32,
    from: i64,
    to: i64,
    may_share: bool,
}

fn link() -> impl Strategy<Value = Link> {
    (0u32..16, -48i64..48, 0i64..96, prop::bool::weighted(0.9)).prop_map(
        |(doors, from, len, may_share)| Link {
            doors,
            from: NINE + from * HOUR,
            to: NINE + (from + len) * HOUR,
            may_share,
        },
    )
}

/// The model: the first refusal, or the intersected (doors, from, to).
fn model(
    root: &Link,
    door_count: usize,
    caveats: &[Link],
) -> Result<(u32, i64, i64), (u8, Widening)> {
    let mut doors = (1u32 << door_count) - 1;
    let (mut from, mut to, mut share) = (root.from, root.to, root.may_share);
    for (position, caveat) in (1u8..).zip(caveats) {
        if !share {
            return Err((position, Widening::NotShareable));
        }
        if caveat.doors & !doors != 0 {
            return Err((position, Widening::Doors));
        }
        if caveat.from < from || caveat.to > to {
            return Err((position, Widening::Window));
        }
        doors = caveat.doors;
        from = caveat.from;
        to = caveat.to;
        share = caveat.may_share;
    }
    Ok((doors, from, to))
}

fn door(index: usize) -> DoorId {
    DoorId::new(format!("d{index}").as_bytes()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rights_are_the_intersection_of_the_chain(
        door_count in 1usize..=4,
        root in link(),
        raw in prop::collection::vec((link(), prop::bool::weighted(0.9)), 0..=4),
        at in -60i64..60,
        door_index in 0usize..4,
        aim in prop::bool::weighted(0.7),
        fraction in 0.0f64..1.0,
    ) {
        let door_index = door_index % door_count;
        // Most links are clamped into their parent (so chains get deep), the rest are left as
        // drawn (and usually widen).
        let mut caveats = Vec::new();
        let (mut doors_so_far, mut from, mut to) = ((1u32 << door_count) - 1, root.from, root.to);
        for (mut link, clamp) in raw {
            if clamp {
                let narrowed = link.doors & doors_so_far;
                link.doors = if narrowed == 0 { doors_so_far } else { narrowed };
                link.from = link.from.clamp(from, to);
                link.to = link.to.clamp(link.from, to);
            }
            doors_so_far = link.doors;
            from = link.from;
            to = link.to;
            caveats.push(link);
        }
        let site = SiteKey::from_bytes(&[0x17; 32]).unwrap();
        let doors: Vec<DoorId> = (0..door_count).map(door).collect();
        let mut fields = CredentialFields::new(
            CredentialId::from_bytes([1; 16]), 5, Grant::new(root.from, root.to).unwrap());
        fields.may_share = root.may_share;
        let mut holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &doors)
            .issue(&fields, &doors, &[3; 16]).unwrap();
        let root_proofs: Vec<[u8; 32]> =
            holder.proofs().iter().map(|proof| *proof.proof.as_bytes()).collect();
        let expected = model(&root, door_count, &caveats);
        // Usually aim at a granted door and instant, so that deep chains get accepted too.
        let (door_index, now) = match expected {
            Ok((doors, from, to)) if aim && doors != 0 && to > from => {
                let granted: Vec<usize> = (0..door_count).filter(|i| doors & (1 << i) != 0).collect();
                let span = (to - from) as f64;
                (granted[door_index % granted.len()], from + (fraction * span) as i64)
            }
            _ => (door_index, NINE + at * HOUR),
        };
        // Build the chain: the library where it agrees to, the reference where it refuses.
        for (position, link) in (1u8..).zip(&caveats) {
            let mut caveat = Caveat::new(
                CredentialId::from_bytes([10 + position; 16]), u64::from(position),
                DoorSet(link.doors), Grant::new(link.from, link.to).unwrap());
            caveat.may_share = link.may_share;
            match holder.delegate(&caveat) {
                Ok(next) => {
                    prop_assert!(expected.is_ok() || expected.unwrap_err().0 > position);
                    prop_assert_eq!(next.open().unwrap().rights.doors, DoorSet(link.doors));
                    holder = next;
                }
                Err(error) => {
                    let (at_link, widening) = expected.unwrap_err();
                    prop_assert_eq!(at_link, position);
                    prop_assert_eq!(error, CredentialError::Widening(widening));
                    let plain = reference::caveat_plaintext(
                        [10 + position; 16], u64::from(position), link.doors, link.may_share,
                        link.from, link.to, &[]);
                    let siv = reference::split(holder.blob()).siv;
                    let sealed = reference::seal_caveat(
                        holder.content_key().as_bytes(), &siv, position, &plain);
                    let mut all = holder.caveats().to_vec();
                    all.push(sealed);
                    holder = HolderCredential::from_parts(
                        holder.blob().to_vec(), all, holder.content_key().clone(), vec![]).unwrap();
                    break;
                }
            }
        }
        // Present at `door_index` with T_n computed from the root's T0 by the reference.
        let mut proof = root_proofs[door_index];
        for sealed in holder.caveats() {
            proof = reference::next_tag(&proof, sealed);
        }
        let nonce = [9u8; 16];
        let name = door(door_index);
        let presentation = reference::presentation(
            door_index as u8, holder.blob(), holder.caveats(), &proof, &nonce, name.as_bytes());
        let door_key = site.door_key(&name);
        let context = VerifyContext {
            door_key: &door_key, door: &name, issuers: &[(IssuerId(0), Epoch(0))],
            nonce: &nonce, now, zone: &Zone::UTC, denied_credentials: &[], denied_persons: &[],
        };
        let got = verify_presentation(&context, &presentation);
        let want = match expected {
            Err((link, widening)) => Err(CredentialReject::Widening { link, widening }),
            Ok((doors, _, _)) if doors & (1 << door_index) == 0 => {
                Err(CredentialReject::DoorNotGranted)
            }
            Ok((_, from, _)) if now < from => Err(CredentialReject::NotYetValid),
            Ok((_, _, to)) if now >= to => Err(CredentialReject::Expired),
            Ok((doors, from, to)) => Ok((doors, from, to)),
        };
        match (got, want) {
            (Ok(presented), Ok((doors, from, to))) => {
                prop_assert_eq!(presented.rights.doors, DoorSet(doors));
                prop_assert_eq!(presented.rights.grant, Grant::new(from, to).unwrap());
                prop_assert_eq!(presented.depth as usize, holder.caveats().len());
                // No caveat widened: the granted window lies inside the root's.
                prop_assert!(from >= root.from && to <= root.to);
            }
            (got, want) => prop_assert_eq!(got.map(|_| ()), want.map(|_| ())),
        }
        // The holder's own view agrees with the lock's.
        match (holder.open(), expected) {
            (Ok(opened), Ok((doors, from, to))) => {
                prop_assert_eq!(opened.rights.doors, DoorSet(doors));
                prop_assert_eq!(opened.rights.grant, Grant::new(from, to).unwrap());
            }
            (Err(CredentialError::Widening(w)), Err((_, widening))) => prop_assert_eq!(w, widening),
            (opened, expected) => prop_assert!(false, "{:?} vs {:?}", opened, expected),
        }
    }
}

fn sample_presentation() -> (Vec<u8>, HolderCredential) {
    let site = SiteKey::from_bytes(&[0x17; 32]).unwrap();
    let doors = [door(0), door(1)];
    let mut fields = CredentialFields::new(
        CredentialId::from_bytes([1; 16]),
        5,
        Grant::new(0, NINE * 2).unwrap(),
    );
    fields.may_share = true;
    let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &doors)
        .issue(&fields, &doors, &[3; 16])
        .unwrap();
    let mut caveat = Caveat::new(
        CredentialId::from_bytes([2; 16]),
        6,
        DoorSet(1),
        Grant::new(0, NINE * 2).unwrap(),
    );
    caveat.may_share = true;
    let guest = holder.delegate(&caveat).unwrap();
    (guest.present(&door(0), &[9; 16]).unwrap(), guest)
}

proptest! {
    /// Arbitrary bytes and random mutations of a valid presentation or wallet: typed errors,
    /// never a panic, never an acceptance of a mutated presentation.
    #[test]
    fn parsers_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let site = SiteKey::from_bytes(&[0x17; 32]).unwrap();
        let name = door(0);
        let door_key = site.door_key(&name);
        let nonce = [9u8; 16];
        let context = VerifyContext {
            door_key: &door_key, door: &name, issuers: &[(IssuerId(0), Epoch(0))],
            nonce: &nonce, now: NINE, zone: &Zone::UTC, denied_credentials: &[], denied_persons: &[],
        };
        let _ = verify_presentation(&context, &bytes);
        let _ = HolderCredential::from_bytes(&bytes);
        let _ = doorcode::lock::Challenge::from_bytes(&bytes);
        let _ = decode_header(&bytes);
        let (presentation, holder) = sample_presentation();
        prop_assert!(verify_presentation(&context, &presentation).is_ok());
        let mut mutated = presentation.clone();
        for (index, value) in &edits {
            let at = index.index(mutated.len());
            mutated[at] ^= value | 1;
        }
        // (Two edits of one byte can cancel out.)
        prop_assert!(mutated == presentation || verify_presentation(&context, &mutated).is_err());
        let cut = cut.index(presentation.len());
        prop_assert!(verify_presentation(&context, &presentation[..cut]).is_err());
        let wallet = holder.to_bytes();
        let mut bad = wallet.to_vec();
        for (index, value) in &edits {
            let at = index.index(bad.len());
            bad[at] ^= value | 1;
        }
        if let Ok(parsed) = HolderCredential::from_bytes(&bad) {
            let _ = parsed.open();
            let _ = parsed.present(&name, &nonce);
        }
    }
}
