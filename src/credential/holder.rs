//! The issuing and holding side (feature `alloc`): issue, open, delegate, present
//! (SPEC.md sections 16.3 to 16.5).

use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroizing;

use crate::civil::LocalDateTime;
use crate::keys::{DoorId, Epoch, IssuerId, IssuerKey, SiteKey};
use crate::lock::Challenge;
use crate::schedule::{ExceptionKind, Schedule, ZoneRules};

use super::codec::{
    self, CREDENTIAL_VERSION, CredentialHeader, Cursor, MAX_BLOB_LEN, MAX_SEALED_CAVEAT_LEN,
    PRESENTATION_VERSION, SIV_COVERED_HEADER_LEN,
};
use super::crypto::{self, ContentKeys, DoorCredentialKeys};
use super::{
    Caveat, ContentKey, CredentialError, CredentialFields, MAX_BODY_LEN, MAX_CAVEAT_BODY_LEN,
    MAX_CAVEATS, MAX_DOORS, NONCE_LEN, PROOF_LEN, ProofKey, Rights, SIV_LEN, Widening,
};

/// Version byte of [`HolderCredential::to_bytes`].
///
/// ```
/// assert_eq!(doorcode::credential::HOLDER_VERSION, 1);
/// ```
pub const HOLDER_VERSION: u8 = 0x01;

/// Smallest entropy accepted by [`CredentialIssuer::issue`].
const MIN_ENTROPY_LEN: usize = 16;

/// An issuer's credential keys for a set of doors: the property's backend (from the site
/// key) or a partner (from the issuer keys it was handed).
///
/// ```
/// use doorcode::credential::CredentialIssuer;
/// use doorcode::keys::*;
/// let site = SiteKey::from_bytes(&[7; 32])?;
/// let door = DoorId::new(b"gym")?;
/// let mut partner = CredentialIssuer::new(IssuerId(5), Epoch(2));
/// partner.add_door(door, &site.door_key(&door).issuer_key(IssuerId(5), Epoch(2)));
/// assert_eq!(partner.doors().count(), 1);
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
pub struct CredentialIssuer {
    issuer: IssuerId,
    epoch: Epoch,
    doors: Vec<(DoorId, DoorCredentialKeys)>,
}

impl fmt::Debug for CredentialIssuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialIssuer")
            .field("issuer", &self.issuer)
            .field("epoch", &self.epoch)
            .field("doors", &self.doors().collect::<Vec<_>>())
            .field("keys", &"[redacted]")
            .finish()
    }
}

impl CredentialIssuer {
    /// An issuer with no doors yet.
    ///
    /// ```
    /// use doorcode::{credential::CredentialIssuer, keys::{Epoch, IssuerId}};
    /// assert_eq!(CredentialIssuer::new(IssuerId(0), Epoch(0)).doors().count(), 0);
    /// ```
    pub fn new(issuer: IssuerId, epoch: Epoch) -> Self {
        Self {
            issuer,
            epoch,
            doors: Vec::new(),
        }
    }

    /// The backend's issuer for `doors`: each door's key comes from the site key.
    ///
    /// ```
    /// use doorcode::{credential::CredentialIssuer, keys::*};
    /// let site = SiteKey::from_bytes(&[1; 16])?;
    /// let issuer = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[DoorId::new(b"a")?]);
    /// assert_eq!(issuer.doors().count(), 1);
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn from_site(site: &SiteKey, issuer: IssuerId, epoch: Epoch, doors: &[DoorId]) -> Self {
        let mut this = Self::new(issuer, epoch);
        for door in doors {
            this.add_door(*door, &site.door_key(door).issuer_key(issuer, epoch));
        }
        this
    }

    /// Add (or replace) a door with this issuer's key there for this epoch.
    ///
    /// ```
    /// use doorcode::{credential::CredentialIssuer, keys::*};
    /// let door = DoorId::new(b"a")?;
    /// let mut issuer = CredentialIssuer::new(IssuerId(1), Epoch(0));
    /// let key = IssuerKey::from_bytes(&[3; 32])?;
    /// issuer.add_door(door, &key);
    /// issuer.add_door(door, &key);
    /// assert_eq!(issuer.doors().count(), 1);
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn add_door(&mut self, door: DoorId, issuer_key: &IssuerKey) {
        let keys = DoorCredentialKeys::from_issuer_key(issuer_key, &door);
        self.doors.retain(|(known, _)| *known != door);
        self.doors.push((door, keys));
    }

    /// The doors this issuer can issue for.
    ///
    /// ```
    /// use doorcode::{credential::CredentialIssuer, keys::*};
    /// let issuer = CredentialIssuer::new(IssuerId(1), Epoch(0));
    /// assert!(issuer.doors().next().is_none());
    /// ```
    pub fn doors(&self) -> impl Iterator<Item = &DoorId> {
        self.doors.iter().map(|(door, _)| door)
    }

    fn keys_for(&self, door: &DoorId) -> Result<&DoorCredentialKeys, CredentialError> {
        self.doors
            .iter()
            .find(|(known, _)| known == door)
            .map(|(_, keys)| keys)
            .ok_or(CredentialError::NoKeyForDoor)
    }

    /// Issue a credential for `doors` (1 to 32, distinct, in the order that defines the door
    /// indices caveats refer to). `entropy` (at least 16 bytes, fresh) is mixed into the
    /// content key. Returns what the holder's phone keeps: the blob, the content key and one
    /// proof key per door.
    ///
    /// ```
    /// use doorcode::credential::*;
    /// use doorcode::keys::*;
    /// let site = SiteKey::from_bytes(&[7; 32])?;
    /// let door = DoorId::new(b"a")?;
    /// let issuer = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door]);
    /// let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// let holder = issuer.issue(&fields, &[door], &[9; 32])?;
    /// assert_eq!(holder.blob().len(), blob_len(1, 0));
    /// assert_eq!(issuer.issue(&fields, &[door], &[9; 8]).err(), Some(CredentialError::WeakEntropy));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn issue(
        &self,
        fields: &CredentialFields,
        doors: &[DoorId],
        entropy: &[u8],
    ) -> Result<HolderCredential, CredentialError> {
        if entropy.len() < MIN_ENTROPY_LEN {
            return Err(CredentialError::WeakEntropy);
        }
        let first = doors.first().ok_or(CredentialError::NoDoors)?;
        if doors.len() > MAX_DOORS {
            return Err(CredentialError::TooManyDoors);
        }
        let mut keys = Vec::with_capacity(doors.len());
        for (index, door) in doors.iter().enumerate() {
            if doors.get(..index).unwrap_or(&[]).contains(door) {
                return Err(CredentialError::DuplicateDoor);
            }
            keys.push(self.keys_for(door)?);
        }
        let first_keys = self.keys_for(first)?;
        let mut body = Zeroizing::new([0u8; MAX_BODY_LEN]);
        let body_len = codec::encode_body(fields, &mut body[..])?;
        let body = body.get_mut(..body_len).unwrap_or(&mut []);
        let mut header = [0u8; SIV_COVERED_HEADER_LEN];
        let door_count = u8::try_from(doors.len()).map_err(|_| CredentialError::TooManyDoors)?;
        {
            let mut w = codec::Writer::new(&mut header);
            w.put(&[CREDENTIAL_VERSION])?;
            w.put(&self.issuer.0.to_be_bytes())?;
            w.put(&self.epoch.0.to_be_bytes())?;
            w.put(&[door_count])?;
        }
        let content_key = crypto::content_key(&first_keys.enc, fields.id.as_bytes(), entropy);
        let content = ContentKeys::new(&content_key);
        let siv = content.body_siv(&header, body);
        content.apply(&siv, body);
        let mut blob = Vec::with_capacity(codec::blob_len(doors.len(), 0).saturating_add(64));
        blob.extend_from_slice(&header);
        blob.extend_from_slice(&siv);
        for door_keys in &keys {
            blob.extend_from_slice(&crypto::wrap(&door_keys.enc, &siv, content_key.as_bytes()));
        }
        blob.extend_from_slice(body);
        if blob.len() > MAX_BLOB_LEN {
            return Err(CredentialError::TooLong);
        }
        let proofs = doors
            .iter()
            .zip(&keys)
            .zip(0u8..)
            .map(|((door, door_keys), index)| DoorProof {
                door: *door,
                index,
                proof: crypto::root_tag(&door_keys.mac, &blob),
            })
            .collect();
        Ok(HolderCredential {
            blob,
            caveats: Vec::new(),
            content_key,
            proofs,
        })
    }
}

/// A holder's proof key for one door.
///
/// ```
/// use doorcode::credential::{DoorProof, ProofKey};
/// let proof = DoorProof { door: doorcode::keys::DoorId::new(b"a")?, index: 0,
///                         proof: ProofKey::from_bytes(&[1; 32])? };
/// assert!(format!("{proof:?}").contains("redacted"));
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoorProof {
    /// The door.
    pub door: DoorId,
    /// Its index in the root credential's door list (the slot a presentation names).
    pub index: u8,
    /// `T_n` for this door.
    pub proof: ProofKey,
}

/// What a phone keeps: the credential blob, its caveat chain, the content key and a proof key
/// per door it may open. Contains secrets: zeroized on drop, redacted in `Debug`.
///
/// ```
/// use doorcode::credential::*;
/// use doorcode::keys::*;
/// let site = SiteKey::from_bytes(&[7; 32])?;
/// let door = DoorId::new(b"a")?;
/// let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
/// let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
///     .issue(&fields, &[door], &[9; 32])?;
/// let stored = holder.to_bytes();
/// assert_eq!(HolderCredential::from_bytes(&stored)?, holder);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct HolderCredential {
    blob: Vec<u8>,
    caveats: Vec<Vec<u8>>,
    content_key: ContentKey,
    proofs: Vec<DoorProof>,
}

impl fmt::Debug for HolderCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HolderCredential")
            .field("blob_len", &self.blob.len())
            .field("caveats", &self.caveats.len())
            .field("content_key", &self.content_key)
            .field("proofs", &self.proofs)
            .finish()
    }
}

/// A holder's decrypted view of a credential and its chain.
///
/// ```
/// use doorcode::credential::*;
/// use doorcode::keys::*;
/// let site = SiteKey::from_bytes(&[7; 32])?;
/// let door = DoorId::new(b"a")?;
/// let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
/// let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
///     .issue(&fields, &[door], &[9; 32])?;
/// let opened = holder.open()?;
/// assert_eq!(opened.root, fields);
/// assert!(opened.allows(0, 0, &doorcode::zone::Zone::UTC));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct OpenedCredential {
    /// The public header.
    pub header: CredentialHeader,
    /// The issuer's fields.
    pub root: CredentialFields,
    /// The caveats, in order.
    pub caveats: Vec<Caveat>,
    /// The effective rights at the end of the chain.
    pub rights: Rights,
}

impl OpenedCredential {
    /// Whether the chain would open door `index` at `now` in `zone` (ignoring deny-lists and
    /// epochs, which only the lock knows).
    ///
    /// ```
    /// # use doorcode::credential::*;
    /// # use doorcode::keys::*;
    /// # let site = SiteKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"a")?;
    /// let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::new(0, 10)?);
    /// # let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
    /// #     .issue(&fields, &[door], &[9; 32])?;
    /// let opened = holder.open()?;
    /// assert!(opened.allows(0, 5, &doorcode::zone::Zone::UTC));
    /// assert!(!opened.allows(0, 10, &doorcode::zone::Zone::UTC));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allows(&self, index: u8, now: i64, zone: &dyn ZoneRules) -> bool {
        self.rights.doors.contains(index)
            && self.rights.grant.contains(now)
            && self.schedules().all(|schedule| schedule.allows(now, zone))
    }

    /// Every schedule of the chain (all must allow).
    ///
    /// ```
    /// # use doorcode::credential::*;
    /// # use doorcode::keys::*;
    /// # let site = SiteKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"a")?;
    /// # let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// # let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
    /// #     .issue(&fields, &[door], &[9; 32])?;
    /// assert_eq!(holder.open()?.schedules().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedules(&self) -> impl Iterator<Item = &Schedule> {
        self.root.schedule.iter().chain(
            self.caveats
                .iter()
                .filter_map(|caveat| caveat.schedule.as_ref()),
        )
    }
}

impl HolderCredential {
    /// The credential blob (public header, wrapped keys, sealed body).
    ///
    /// ```
    /// # use doorcode::credential::*;
    /// # use doorcode::keys::*;
    /// # let site = SiteKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"a")?;
    /// # let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// # let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
    /// #     .issue(&fields, &[door], &[9; 32])?;
    /// assert_eq!(holder.blob()[0], CREDENTIAL_VERSION);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn blob(&self) -> &[u8] {
        &self.blob
    }

    /// The sealed caveats, in order.
    ///
    /// ```
    /// # use doorcode::credential::*;
    /// # use doorcode::keys::*;
    /// # let site = SiteKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"a")?;
    /// # let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// # let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
    /// #     .issue(&fields, &[door], &[9; 32])?;
    /// assert!(holder.caveats().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn caveats(&self) -> &[Vec<u8>] {
        &self.caveats
    }

    /// The content key.
    ///
    /// ```
    /// # use doorcode::credential::*;
    /// # use doorcode::keys::*;
    /// # let site = SiteKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"a")?;
    /// # let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// # let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
    /// #     .issue(&fields, &[door], &[9; 32])?;
    /// assert_eq!(holder.content_key().as_bytes().len(), 16);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn content_key(&self) -> &ContentKey {
        &self.content_key
    }

    /// The proof keys, one per door the chain grants.
    ///
    /// ```
    /// # use doorcode::credential::*;
    /// # use doorcode::keys::*;
    /// # let site = SiteKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"a")?;
    /// # let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// # let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
    /// #     .issue(&fields, &[door], &[9; 32])?;
    /// assert_eq!(holder.proofs()[0].door, door);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn proofs(&self) -> &[DoorProof] {
        &self.proofs
    }

    /// Assemble a holder credential from its parts (as delivered by a backend or a sharer).
    ///
    /// ```
    /// # use doorcode::credential::*;
    /// # use doorcode::keys::*;
    /// # let site = SiteKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"a")?;
    /// # let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// # let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
    /// #     .issue(&fields, &[door], &[9; 32])?;
    /// let copy = HolderCredential::from_parts(holder.blob().to_vec(), holder.caveats().to_vec(),
    ///     holder.content_key().clone(), holder.proofs().to_vec())?;
    /// assert_eq!(copy, holder);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_parts(
        blob: Vec<u8>,
        caveats: Vec<Vec<u8>>,
        content_key: ContentKey,
        proofs: Vec<DoorProof>,
    ) -> Result<Self, CredentialError> {
        let header = codec::decode_header(&blob)?;
        if caveats.len() > MAX_CAVEATS {
            return Err(CredentialError::TooManyCaveats);
        }
        if caveats
            .iter()
            .any(|caveat| caveat.len() > MAX_SEALED_CAVEAT_LEN)
        {
            return Err(CredentialError::TooLong);
        }
        if let Some(proof) = proofs.iter().find(|proof| proof.index >= header.door_count) {
            return Err(CredentialError::DoorIndexOutOfRange(proof.index));
        }
        Ok(Self {
            blob,
            caveats,
            content_key,
            proofs,
        })
    }

    /// Decrypt the credential and its caveats with the content key and compute the effective
    /// rights.
    ///
    /// ```
    /// # use doorcode::credential::*;
    /// # use doorcode::keys::*;
    /// # let site = SiteKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"a")?;
    /// # let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// # let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
    /// #     .issue(&fields, &[door], &[9; 32])?;
    /// assert_eq!(holder.open()?.rights.doors, DoorSet(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(&self) -> Result<OpenedCredential, CredentialError> {
        let header = codec::decode_header(&self.blob)?;
        let content = ContentKeys::new(&self.content_key);
        let mut plain = Zeroizing::new([0u8; MAX_BODY_LEN]);
        let len = crypto::open_body(&content, &self.blob, &header, &mut plain)?;
        let root = codec::decode_body(plain.get(..len).unwrap_or(&[]))?;
        let mut rights = Rights::of_root(&root, usize::from(header.door_count));
        let mut caveats = Vec::with_capacity(self.caveats.len());
        let mut caveat_plain = Zeroizing::new([0u8; MAX_CAVEAT_BODY_LEN]);
        for (position, sealed) in (1u8..).zip(&self.caveats) {
            let len =
                crypto::open_caveat(&content, &header.siv, position, sealed, &mut caveat_plain)?;
            let caveat = codec::decode_caveat(caveat_plain.get(..len).unwrap_or(&[]))?;
            rights = rights.narrow(&caveat).map_err(CredentialError::Widening)?;
            caveats.push(caveat);
        }
        Ok(OpenedCredential {
            header,
            root,
            caveats,
            rights,
        })
    }

    /// Derive a guest credential offline: append `caveat` (sealed under the content key) and
    /// chain every remaining door's proof key through it. Refuses a caveat that would widen
    /// (doors, window, schedule), one after a link without may-share, and a fifth caveat.
    ///
    /// ```
    /// use doorcode::credential::*;
    /// use doorcode::keys::*;
    /// use doorcode::schedule::Grant;
    /// let site = SiteKey::from_bytes(&[7; 32])?;
    /// let doors = [DoorId::new(b"a")?, DoorId::new(b"b")?];
    /// let mut fields = CredentialFields::new(CredentialId::default(), 1, Grant::new(0, 1000)?);
    /// fields.may_share = true;
    /// let resident = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &doors)
    ///     .issue(&fields, &doors, &[9; 32])?;
    /// let caveat = Caveat::new(CredentialId::from_bytes([2; 16]), 99, DoorSet(0b10), Grant::new(10, 20)?);
    /// let guest = resident.delegate(&caveat)?;
    /// assert_eq!(guest.proofs().len(), 1); // only door "b"
    /// let wider = Caveat::new(CredentialId::from_bytes([3; 16]), 99, DoorSet(0b10), Grant::new(0, 2000)?);
    /// assert_eq!(resident.delegate(&wider).err(), Some(CredentialError::Widening(Widening::Window)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn delegate(&self, caveat: &Caveat) -> Result<HolderCredential, CredentialError> {
        let opened = self.open()?;
        if self.caveats.len() >= MAX_CAVEATS {
            return Err(CredentialError::TooManyCaveats);
        }
        opened
            .rights
            .narrow(caveat)
            .map_err(CredentialError::Widening)?;
        if let Some(schedule) = caveat.schedule.as_ref()
            && !schedule_within(schedule, &opened.schedules().collect::<Vec<_>>())
        {
            return Err(CredentialError::Widening(Widening::Schedule));
        }
        let position = u8::try_from(self.caveats.len().saturating_add(1))
            .map_err(|_| CredentialError::TooManyCaveats)?;
        let mut plain = Zeroizing::new([0u8; MAX_CAVEAT_BODY_LEN]);
        let len = codec::encode_caveat(caveat, &mut plain[..])?;
        let plain = plain.get_mut(..len).unwrap_or(&mut []);
        let content = ContentKeys::new(&self.content_key);
        let siv = content.caveat_siv(&opened.header.siv, position, plain);
        content.apply(&siv, plain);
        let mut sealed = Vec::with_capacity(SIV_LEN.saturating_add(len));
        sealed.extend_from_slice(&siv);
        sealed.extend_from_slice(plain);
        let proofs = self
            .proofs
            .iter()
            .filter(|proof| caveat.doors.contains(proof.index))
            .map(|proof| DoorProof {
                door: proof.door,
                index: proof.index,
                proof: crypto::next_tag(&proof.proof, &sealed),
            })
            .collect();
        let mut caveats = self.caveats.clone();
        caveats.push(sealed);
        Ok(HolderCredential {
            blob: self.blob.clone(),
            caveats,
            content_key: self.content_key.clone(),
            proofs,
        })
    }

    /// The presentation answering `nonce` from `door`.
    ///
    /// ```
    /// # use doorcode::credential::*;
    /// # use doorcode::keys::*;
    /// # let site = SiteKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"a")?;
    /// # let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// # let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
    /// #     .issue(&fields, &[door], &[9; 32])?;
    /// let presentation = holder.present(&door, &[0; 16])?;
    /// assert_eq!(presentation.len(), 1 + 1 + 2 + holder.blob().len() + 1 + 32);
    /// assert_eq!(holder.present(&DoorId::new(b"b")?, &[0; 16]).err(), Some(CredentialError::DoorNotHeld));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn present(
        &self,
        door: &DoorId,
        nonce: &[u8; NONCE_LEN],
    ) -> Result<Vec<u8>, CredentialError> {
        let proof = self
            .proofs
            .iter()
            .find(|proof| proof.door == *door)
            .ok_or(CredentialError::DoorNotHeld)?;
        let count =
            u8::try_from(self.caveats.len()).map_err(|_| CredentialError::TooManyCaveats)?;
        let blob_len = u16::try_from(self.blob.len()).map_err(|_| CredentialError::TooLong)?;
        let mut out = Vec::with_capacity(self.blob.len().saturating_add(64));
        out.push(PRESENTATION_VERSION);
        out.push(proof.index);
        out.extend_from_slice(&blob_len.to_be_bytes());
        out.extend_from_slice(&self.blob);
        out.push(count);
        for caveat in &self.caveats {
            let len = u16::try_from(caveat.len()).map_err(|_| CredentialError::TooLong)?;
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(caveat);
        }
        let bound = [PRESENTATION_VERSION, proof.index, count];
        let response: [u8; PROOF_LEN] = crypto::response(&proof.proof, nonce, door, &bound);
        out.extend_from_slice(&response);
        Ok(out)
    }

    /// Answer a lock's challenge bytes ([`Challenge::to_bytes`]) with a presentation.
    ///
    /// ```
    /// # use doorcode::credential::*;
    /// # use doorcode::keys::*;
    /// # let site = SiteKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"a")?;
    /// # let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// # let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
    /// #     .issue(&fields, &[door], &[9; 32])?;
    /// let challenge = doorcode::lock::Challenge { nonce: [1; 16], door };
    /// assert_eq!(holder.answer_challenge(&challenge.to_bytes())?, holder.present(&door, &[1; 16])?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn answer_challenge(&self, challenge: &[u8]) -> Result<Vec<u8>, CredentialError> {
        let challenge = Challenge::from_bytes(challenge)?;
        self.present(&challenge.door, &challenge.nonce)
    }

    /// Serialize for the phone's secure storage or for handing to a guest (contains secrets:
    /// the buffer is wiped on drop).
    ///
    /// ```
    /// # use doorcode::credential::*;
    /// # use doorcode::keys::*;
    /// # let site = SiteKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"a")?;
    /// # let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// # let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
    /// #     .issue(&fields, &[door], &[9; 32])?;
    /// assert_eq!(holder.to_bytes()[0], HOLDER_VERSION);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(self.blob.len().saturating_add(128)));
        out.push(HOLDER_VERSION);
        out.extend_from_slice(self.content_key.as_bytes());
        out.extend_from_slice(
            &u16::try_from(self.blob.len())
                .unwrap_or(u16::MAX)
                .to_be_bytes(),
        );
        out.extend_from_slice(&self.blob);
        out.push(u8::try_from(self.caveats.len()).unwrap_or(u8::MAX));
        for caveat in &self.caveats {
            out.extend_from_slice(
                &u16::try_from(caveat.len())
                    .unwrap_or(u16::MAX)
                    .to_be_bytes(),
            );
            out.extend_from_slice(caveat);
        }
        out.push(u8::try_from(self.proofs.len()).unwrap_or(u8::MAX));
        for proof in &self.proofs {
            out.push(proof.index);
            let door = proof.door.as_bytes();
            out.push(u8::try_from(door.len()).unwrap_or(u8::MAX));
            out.extend_from_slice(door);
            out.extend_from_slice(proof.proof.as_bytes());
        }
        out
    }

    /// Read [`to_bytes`](Self::to_bytes)'s output.
    ///
    /// ```
    /// use doorcode::credential::{HolderCredential, CredentialError};
    /// assert_eq!(HolderCredential::from_bytes(&[2]).err(), Some(CredentialError::UnknownVersion(2)));
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CredentialError> {
        let mut r = Cursor::new(bytes);
        let version = r.u8()?;
        if version != HOLDER_VERSION {
            return Err(CredentialError::UnknownVersion(version));
        }
        let content_key = ContentKey::from_bytes(r.take(super::CONTENT_KEY_LEN)?)
            .map_err(CredentialError::Key)?;
        let blob_len = usize::from(r.u16()?);
        let blob = r.take(blob_len)?.to_vec();
        let count = usize::from(r.u8()?);
        if count > MAX_CAVEATS {
            return Err(CredentialError::TooManyCaveats);
        }
        let mut caveats = Vec::with_capacity(count);
        for _ in 0..count {
            let len = usize::from(r.u16()?);
            caveats.push(r.take(len)?.to_vec());
        }
        let proof_count = usize::from(r.u8()?);
        if proof_count > MAX_DOORS {
            return Err(CredentialError::TooManyDoors);
        }
        let mut proofs = Vec::with_capacity(proof_count);
        for _ in 0..proof_count {
            let index = r.u8()?;
            let door_len = usize::from(r.u8()?);
            let door = DoorId::new(r.take(door_len)?).map_err(CredentialError::Key)?;
            let proof = ProofKey::from_bytes(r.take(PROOF_LEN)?).map_err(CredentialError::Key)?;
            proofs.push(DoorProof { door, index, proof });
        }
        r.finish()?;
        Self::from_parts(blob, caveats, content_key, proofs)
    }
}

/// Monday 2024-01-01T00:00 as wall-clock seconds: the reference week for window comparison.
const REFERENCE_MONDAY: i64 = 1_704_067_200;

/// Whether `schedule` allows nothing that every one of `parents` does not (issuing side).
///
/// Exact for the weekly windows, compared minute by minute over a week against each parent's
/// windows. A replace exception could reopen hours on its dates, so a caveat schedule with one
/// is refused when the chain already has a schedule. Deny exceptions only narrow.
fn schedule_within(schedule: &Schedule, parents: &[&Schedule]) -> bool {
    if parents.is_empty() {
        return true;
    }
    if schedule
        .exceptions()
        .iter()
        .any(|exception| exception.kind() == ExceptionKind::Replace)
    {
        return false;
    }
    let Ok(own) = Schedule::from_windows(schedule.windows()) else {
        return false;
    };
    let mut regular = Vec::new();
    for parent in parents {
        match Schedule::from_windows(parent.windows()) {
            Ok(windows) => regular.push(windows),
            Err(_) => return false,
        }
    }
    (0i64..7 * 1440).all(|minute| {
        let Some(local) = LocalDateTime::from_wall_seconds(
            REFERENCE_MONDAY.saturating_add(minute.saturating_mul(60)),
        ) else {
            return false;
        };
        own.check_local(local).is_err()
            || regular
                .iter()
                .all(|parent| parent.check_local(local).is_ok())
    })
}
