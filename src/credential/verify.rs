//! Lock-side verification of a presentation (SPEC.md section 16.5). No allocation.

use zeroize::Zeroizing;

use crate::keys::{DoorId, DoorKey, Epoch, IssuerId};
use crate::schedule::{ScheduleDenial, ZoneRules};

use super::codec::{self, CredentialHeader, PresentationRef};
use super::crypto::{self, ContentKeys, DoorCredentialKeys};
use super::{
    CredentialError, CredentialId, CredentialReject, MAX_BODY_LEN, MAX_CAVEAT_BODY_LEN, NONCE_LEN,
    Revoked, Rights,
};

/// What a lock knows when it verifies a presentation.
///
/// ```
/// use doorcode::credential::{VerifyContext, verify_presentation, CredentialReject};
/// use doorcode::keys::*;
/// use doorcode::zone::Zone;
/// let door_key = DoorKey::from_bytes(&[1; 32])?;
/// let door = DoorId::new(b"lobby")?;
/// let context = VerifyContext {
///     door_key: &door_key, door: &door, issuers: &[(IssuerId(0), Epoch(0))],
///     nonce: &[0; 16], now: 1_795_338_000, zone: &Zone::UTC,
///     denied_credentials: &[], denied_persons: &[],
/// };
/// assert!(matches!(verify_presentation(&context, b"junk"), Err(CredentialReject::Malformed(_))));
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
pub struct VerifyContext<'a> {
    /// The lock's door key.
    pub door_key: &'a DoorKey,
    /// The lock's door.
    pub door: &'a DoorId,
    /// Enabled issuers and their current epochs.
    pub issuers: &'a [(IssuerId, Epoch)],
    /// The outstanding challenge's nonce.
    pub nonce: &'a [u8; NONCE_LEN],
    /// The lock's clock (UTC seconds).
    pub now: i64,
    /// The door's zone, for schedules.
    pub zone: &'a dyn ZoneRules,
    /// Denied credential and link ids.
    pub denied_credentials: &'a [CredentialId],
    /// Denied persons (root holders and guests).
    pub denied_persons: &'a [u64],
}

/// An accepted presentation: who and with what rights.
///
/// ```
/// use doorcode::credential::{Presented, CredentialId, Rights, DoorSet, Role};
/// let p = Presented {
///     id: CredentialId::default(), holder: 1, key: 0, depth: 0, link: None, guest: None,
///     door_index: 0,
///     rights: Rights { doors: DoorSet(1), grant: doorcode::schedule::Grant::ALWAYS,
///                      may_share: false, role: Role::Resident },
/// };
/// assert_eq!(p.depth, 0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Presented {
    /// The root credential's id.
    pub id: CredentialId,
    /// The root holder.
    pub holder: u64,
    /// The root's Key id.
    pub key: u64,
    /// Number of caveats (0: the root holder).
    pub depth: u8,
    /// The last link's id, if delegated.
    pub link: Option<CredentialId>,
    /// The last link's guest, if delegated.
    pub guest: Option<u64>,
    /// This door's index in the root's door list.
    pub door_index: u8,
    /// The effective rights (intersection of the chain).
    pub rights: Rights,
}

/// Verify a presentation against an outstanding challenge: the proof first (constant time),
/// then decryption, deny-lists, widening, door, window and schedules. See SPEC.md 16.5 for
/// the order. Pure: the caller consumes the nonce.
///
/// ```
/// # #[cfg(feature = "alloc")] {
/// use doorcode::credential::*;
/// use doorcode::keys::*;
/// use doorcode::zone::Zone;
/// let site = SiteKey::from_bytes(&[7; 32])?;
/// let door = DoorId::new(b"lobby")?;
/// let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
/// let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
///     .issue(&fields, &[door], &[1; 16])?;
/// let nonce = [5u8; 16];
/// let presentation = holder.present(&door, &nonce)?;
/// let door_key = site.door_key(&door);
/// let context = VerifyContext {
///     door_key: &door_key, door: &door, issuers: &[(IssuerId(0), Epoch(0))], nonce: &nonce,
///     now: 0, zone: &Zone::UTC, denied_credentials: &[], denied_persons: &[],
/// };
/// assert_eq!(verify_presentation(&context, &presentation)?.holder, 1);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify_presentation(
    context: &VerifyContext<'_>,
    presentation: &[u8],
) -> Result<Presented, CredentialReject> {
    let parsed = parse(context, presentation)?;
    let keys = DoorCredentialKeys::from_door_key(
        context.door_key,
        context.door,
        parsed.header.issuer,
        parsed.header.epoch,
    );
    verify_parsed(context, &parsed, &keys)
}

/// A presentation that parsed and names an enabled issuer at its current epoch.
pub(crate) struct Parsed<'a> {
    presentation: PresentationRef<'a>,
    pub(crate) header: CredentialHeader,
}

/// Parse a presentation and check its issuer and epoch against the lock's.
pub(crate) fn parse<'a>(
    context: &VerifyContext<'_>,
    presentation: &'a [u8],
) -> Result<Parsed<'a>, CredentialReject> {
    let parsed = PresentationRef::parse(presentation).map_err(CredentialReject::Malformed)?;
    let header = codec::decode_header(parsed.blob).map_err(CredentialReject::Malformed)?;
    let current = context
        .issuers
        .iter()
        .find(|(id, _)| *id == header.issuer)
        .map(|(_, epoch)| *epoch)
        .ok_or(CredentialReject::UnknownIssuer(header.issuer))?;
    if current != header.epoch {
        return Err(CredentialReject::StaleEpoch {
            epoch: header.epoch,
            current,
        });
    }
    Ok(Parsed {
        presentation: parsed,
        header,
    })
}

/// Everything after the issuer check, with this door's keys for the credential's issuer and
/// epoch.
pub(crate) fn verify_parsed(
    context: &VerifyContext<'_>,
    parsed: &Parsed<'_>,
    keys: &DoorCredentialKeys,
) -> Result<Presented, CredentialReject> {
    let Parsed {
        presentation: parsed,
        header,
    } = parsed;
    // Proof first: nothing is decrypted for a presentation whose chain this door's key did
    // not start or whose holder does not know T_n.
    let mut tag = crypto::root_tag(&keys.mac, parsed.blob);
    for sealed in parsed.caveats() {
        tag = crypto::next_tag(&tag, sealed);
    }
    let expected = crypto::response(&tag, context.nonce, context.door, &parsed.bound_fields());
    if !crypto::response_matches(&expected, &parsed.response) {
        return Err(CredentialReject::BadProof);
    }
    let content = crypto::unwrap_content_key(keys, parsed.blob, header, parsed.slot)
        .map_err(CredentialReject::Malformed)?;
    let content = ContentKeys::new(&content);
    let mut plain = Zeroizing::new([0u8; MAX_BODY_LEN]);
    let len =
        crypto::open_body(&content, parsed.blob, header, &mut plain).map_err(
            |error| match error {
                CredentialError::WrongContentKey => CredentialReject::WrongDoor,
                other => CredentialReject::Malformed(other),
            },
        )?;
    let root =
        codec::decode_body(plain.get(..len).unwrap_or(&[])).map_err(CredentialReject::Malformed)?;
    if context.denied_credentials.contains(&root.id) {
        return Err(CredentialReject::Revoked(Revoked::Credential));
    }
    if context.denied_persons.contains(&root.holder) {
        return Err(CredentialReject::Revoked(Revoked::Holder));
    }
    let mut rights = Rights::of_root(&root, usize::from(header.door_count));
    // The first schedule that denies, reported after revocation and widening.
    let mut denial: Option<(u8, ScheduleDenial)> = root
        .schedule
        .as_ref()
        .and_then(|schedule| schedule.check(context.now, context.zone).err())
        .map(|denial| (0, denial));
    let mut last: Option<(CredentialId, u64)> = None;
    let mut caveat_plain = Zeroizing::new([0u8; MAX_CAVEAT_BODY_LEN]);
    for (position, sealed) in (1u8..).zip(parsed.caveats()) {
        let len = crypto::decrypt_caveat(&content, sealed, &mut caveat_plain)
            .map_err(CredentialReject::Malformed)?;
        let caveat = codec::decode_caveat(caveat_plain.get(..len).unwrap_or(&[]))
            .map_err(CredentialReject::Malformed)?;
        if context.denied_credentials.contains(&caveat.link) {
            return Err(CredentialReject::Revoked(Revoked::Link(position)));
        }
        if caveat.guest != 0 && context.denied_persons.contains(&caveat.guest) {
            return Err(CredentialReject::Revoked(Revoked::Guest(position)));
        }
        rights = rights
            .narrow(&caveat)
            .map_err(|widening| CredentialReject::Widening {
                link: position,
                widening,
            })?;
        if denial.is_none()
            && let Some(schedule) = caveat.schedule.as_ref()
            && let Err(why) = schedule.check(context.now, context.zone)
        {
            denial = Some((position, why));
        }
        last = Some((caveat.link, caveat.guest));
    }
    if !rights.doors.contains(parsed.slot) {
        return Err(CredentialReject::DoorNotGranted);
    }
    if context.now < rights.grant.not_before() {
        return Err(CredentialReject::NotYetValid);
    }
    if context.now >= rights.grant.not_after() {
        return Err(CredentialReject::Expired);
    }
    if let Some((link, denial)) = denial {
        return Err(CredentialReject::OutsideSchedule { link, denial });
    }
    Ok(Presented {
        id: root.id,
        holder: root.holder,
        key: root.key,
        depth: parsed.caveat_count,
        link: last.map(|(link, _)| link),
        guest: last.map(|(_, guest)| guest),
        door_index: parsed.slot,
        rights,
    })
}
