//! Mobile credentials: sealed, signed, delegable, revocable (SPEC.md section 16).
//!
//! A credential is a compact binary blob a phone carries and presents to a lock over BLE:
//!
//! - **Sealed**: everything that says who the holder is and what they may open (credential id,
//!   holder, Key, grant window, schedule, role, may-share) is encrypted with AES-256-CTR under
//!   a per-credential content key with a synthetic IV; the content key is wrapped once per
//!   door under that door's `credential-enc` key. Only the header (version, issuer, epoch,
//!   door count) is public.
//! - **Signed**: for each door the backend hands the holder a *proof key*
//!   `T0 = HMAC(door's credential-mac key, blob)` (encrypt-then-MAC). The phone never sends it:
//!   it answers the lock's fresh challenge with `HMAC(T_n, nonce || door id || ...)`.
//! - **Delegable**: a holder whose credential has may-share appends sealed caveats offline,
//!   macaroon style (`T_i = HMAC(T_{i-1}, caveat_i)`); a guest's rights are the intersection
//!   of every link and a caveat that would widen anything is refused.
//! - **Revocable**: the lock checks the issuer's epoch, the credential id, every link id and
//!   every holder against its deny-lists: revoking an ancestor revokes every guest below it.
//!
//! The lock side ([`verify_presentation`], and [`crate::lock::LockVerifier::present`]) never
//! allocates. The issuing and holding side (`CredentialIssuer`, `HolderCredential`) needs
//! the `alloc` feature.
//!
//! ```
//! # #[cfg(feature = "alloc")] {
//! use doorcode::credential::*;
//! use doorcode::keys::*;
//! use doorcode::lock::*;
//! use doorcode::schedule::Grant;
//! let site = SiteKey::from_bytes(&[7; 32])?;
//! let lobby = DoorId::new(b"lobby")?;
//! let issuer = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[lobby]);
//! let fields = CredentialFields::new(CredentialId::from_bytes([1; 16]), 42,
//!                                    Grant::new(1_795_000_000, 1_796_000_000)?);
//! let holder = issuer.issue(&fields, &[lobby], &[0x5a; 32])?;
//! assert!(holder.blob().len() <= 200);
//!
//! let mut lock = DefaultLock::new(site.door_key(&lobby), LockConfig::new(lobby))?;
//! let now = Clock::Set(1_795_338_000);
//! let challenge = lock.challenge(&[3; 16], now)?;
//! let presentation = holder.answer_challenge(&challenge.to_bytes())?;
//! let (answer, event) = lock.present(&presentation, now);
//! assert_eq!(answer, KeypadAnswer::Accept, "{event:?}");
//! // The recorded exchange cannot be replayed.
//! assert_eq!(lock.present(&presentation, now).0, KeypadAnswer::Reject);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod codec;
mod crypto;
#[cfg(feature = "alloc")]
mod holder;
mod verify;

use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::keys::{Epoch, IssuerId, KeyError};
use crate::schedule::{DecodeError, Grant, Schedule, ScheduleDenial};

pub use codec::{
    BODY_FIXED_LEN, CAVEAT_FIXED_LEN, CREDENTIAL_HEADER_LEN, CREDENTIAL_VERSION, CredentialHeader,
    MAX_BLOB_LEN, MAX_BODY_LEN, MAX_CAVEAT_BODY_LEN, MAX_PRESENTATION_LEN, MAX_SEALED_CAVEAT_LEN,
    PRESENTATION_VERSION, blob_len, decode_header,
};
pub use crypto::{aes_ctr_apply, open_blob_with_door_key};
#[cfg(feature = "alloc")]
pub use holder::{CredentialIssuer, DoorProof, HOLDER_VERSION, HolderCredential, OpenedCredential};
pub use verify::{Presented, VerifyContext, verify_presentation};

pub(crate) use crypto::DoorCredentialKeys;
pub(crate) use verify::{parse as parse_presentation, verify_parsed};

/// Length of a credential id and of a link id.
///
/// ```
/// assert_eq!(doorcode::credential::ID_LEN, 16);
/// ```
pub const ID_LEN: usize = 16;
/// Length of the content key that seals one credential's body and caveats.
///
/// ```
/// assert_eq!(doorcode::credential::CONTENT_KEY_LEN, 16);
/// ```
pub const CONTENT_KEY_LEN: usize = 16;
/// Length of the synthetic IV in front of a sealed body or caveat.
///
/// ```
/// assert_eq!(doorcode::credential::SIV_LEN, 16);
/// ```
pub const SIV_LEN: usize = 16;
/// Length of a proof key (`T_i`) and of a presentation's response.
///
/// ```
/// assert_eq!(doorcode::credential::PROOF_LEN, 32);
/// ```
pub const PROOF_LEN: usize = 32;
/// Length of a challenge nonce.
///
/// ```
/// assert_eq!(doorcode::credential::NONCE_LEN, 16);
/// ```
pub const NONCE_LEN: usize = 16;
/// Most doors in one credential (door sets are 32-bit masks over the root's door list).
///
/// ```
/// assert_eq!(doorcode::credential::MAX_DOORS, 32);
/// ```
pub const MAX_DOORS: usize = 32;
/// Most caveats in a chain (delegation depth).
///
/// ```
/// assert_eq!(doorcode::credential::MAX_CAVEATS, 4);
/// ```
pub const MAX_CAVEATS: usize = 4;

/// Label of the per-door, per-issuer, per-epoch key that wraps content keys.
///
/// ```
/// assert_eq!(doorcode::credential::CREDENTIAL_ENC_LABEL, b"credential-enc");
/// ```
pub const CREDENTIAL_ENC_LABEL: &[u8] = b"credential-enc";
/// Label of the per-door, per-issuer, per-epoch key that computes root proof keys.
///
/// ```
/// assert_eq!(doorcode::credential::CREDENTIAL_MAC_LABEL, b"credential-mac");
/// ```
pub const CREDENTIAL_MAC_LABEL: &[u8] = b"credential-mac";
/// Label deriving a credential's content key from its first door's enc key.
///
/// ```
/// assert_eq!(doorcode::credential::CONTENT_KEY_LABEL, b"credential-content-key");
/// ```
pub const CONTENT_KEY_LABEL: &[u8] = b"credential-content-key";
/// Label of the AES-256 key (below the content key) that encrypts bodies and caveats.
///
/// ```
/// assert_eq!(doorcode::credential::CONTENT_ENC_LABEL, b"credential-content-enc");
/// ```
pub const CONTENT_ENC_LABEL: &[u8] = b"credential-content-enc";
/// Label of the key (below the content key) that computes synthetic IVs.
///
/// ```
/// assert_eq!(doorcode::credential::CONTENT_SIV_LABEL, b"credential-content-siv");
/// ```
pub const CONTENT_SIV_LABEL: &[u8] = b"credential-content-siv";
/// Label of a body's synthetic IV.
///
/// ```
/// assert_eq!(doorcode::credential::BODY_SIV_LABEL, b"credential-body");
/// ```
pub const BODY_SIV_LABEL: &[u8] = b"credential-body";
/// Label of a caveat's synthetic IV.
///
/// ```
/// assert_eq!(doorcode::credential::CAVEAT_SIV_LABEL, b"credential-caveat-siv");
/// ```
pub const CAVEAT_SIV_LABEL: &[u8] = b"credential-caveat-siv";
/// Label of the root proof key `T0`.
///
/// ```
/// assert_eq!(doorcode::credential::ROOT_TAG_LABEL, b"credential-root");
/// ```
pub const ROOT_TAG_LABEL: &[u8] = b"credential-root";
/// Label of a chained proof key `T_i`.
///
/// ```
/// assert_eq!(doorcode::credential::CAVEAT_TAG_LABEL, b"credential-caveat");
/// ```
pub const CAVEAT_TAG_LABEL: &[u8] = b"credential-caveat";
/// Label of a presentation's response.
///
/// ```
/// assert_eq!(doorcode::credential::RESPONSE_LABEL, b"credential-response");
/// ```
pub const RESPONSE_LABEL: &[u8] = b"credential-response";

/// A credential id or a link id: 16 bytes chosen by the backend or the delegating holder
/// (random, so ids never repeat). Prints and parses as 32 lowercase hex digits.
///
/// ```
/// use doorcode::credential::CredentialId;
/// let id: CredentialId = "000102030405060708090a0b0c0d0e0f".parse()?;
/// assert_eq!(id.to_string(), "000102030405060708090a0b0c0d0e0f");
/// assert_eq!(id.as_bytes()[15], 15);
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct CredentialId(pub [u8; ID_LEN]);

impl CredentialId {
    /// An id from its 16 bytes.
    ///
    /// ```
    /// let id = doorcode::credential::CredentialId::from_bytes([0xab; 16]);
    /// assert_eq!(id.as_bytes(), &[0xab; 16]);
    /// ```
    pub const fn from_bytes(bytes: [u8; ID_LEN]) -> Self {
        Self(bytes)
    }

    /// The id's bytes.
    ///
    /// ```
    /// let id = doorcode::credential::CredentialId::from_bytes([1; 16]);
    /// assert_eq!(id.as_bytes().len(), 16);
    /// ```
    pub const fn as_bytes(&self) -> &[u8; ID_LEN] {
        &self.0
    }
}

impl core::str::FromStr for CredentialId {
    type Err = KeyError;

    fn from_str(text: &str) -> Result<Self, KeyError> {
        let mut bytes = [0u8; ID_LEN];
        let decoded = base16ct::mixed::decode(text.as_bytes(), &mut bytes)
            .map_err(|_| KeyError::InvalidHex)?;
        if decoded.len() != ID_LEN {
            return Err(KeyError::WrongLength {
                got: decoded.len(),
                expected: ID_LEN,
            });
        }
        Ok(Self(bytes))
    }
}

impl fmt::Display for CredentialId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for CredentialId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CredentialId({self})")
    }
}

/// The holder's role for the credential's doors (the seeds' resident / non-resident): a
/// resident's entries at a private door are private. Every delegated link is non-resident.
///
/// ```
/// use doorcode::credential::Role;
/// assert_eq!(Role::default(), Role::NonResident);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Role {
    /// Not a resident (guests, vendors, staff).
    #[default]
    NonResident,
    /// A resident of the doors' unit.
    Resident,
}

/// A set of doors as a mask over the root credential's door list (bit `i` = door `i`).
///
/// ```
/// use doorcode::credential::DoorSet;
/// let first_two = DoorSet::from_indices(&[0, 1])?;
/// assert!(first_two.contains(1) && !first_two.contains(2));
/// assert!(first_two.is_subset_of(DoorSet::all(3)));
/// # Ok::<(), doorcode::credential::CredentialError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct DoorSet(pub u32);

impl DoorSet {
    /// The first `count` doors (`count` above [`MAX_DOORS`] is clamped).
    ///
    /// ```
    /// assert_eq!(doorcode::credential::DoorSet::all(3).0, 0b111);
    /// ```
    pub const fn all(count: usize) -> Self {
        if count >= MAX_DOORS {
            Self(u32::MAX)
        } else {
            // count < 32: the shift cannot overflow.
            Self((1u32 << count).wrapping_sub(1))
        }
    }

    /// The doors at `indices` (each below [`MAX_DOORS`]).
    ///
    /// ```
    /// use doorcode::credential::DoorSet;
    /// assert_eq!(DoorSet::from_indices(&[2])?.0, 0b100);
    /// assert!(DoorSet::from_indices(&[32]).is_err());
    /// # Ok::<(), doorcode::credential::CredentialError>(())
    /// ```
    pub fn from_indices(indices: &[u8]) -> Result<Self, CredentialError> {
        let mut mask = 0u32;
        for index in indices {
            let bit = 1u32
                .checked_shl(u32::from(*index))
                .ok_or(CredentialError::DoorIndexOutOfRange(*index))?;
            mask |= bit;
        }
        Ok(Self(mask))
    }

    /// Whether door `index` is in the set.
    ///
    /// ```
    /// assert!(doorcode::credential::DoorSet(0b10).contains(1));
    /// ```
    pub const fn contains(self, index: u8) -> bool {
        match 1u32.checked_shl(index as u32) {
            Some(bit) => self.0 & bit != 0,
            None => false,
        }
    }

    /// Whether every door of `self` is in `other`.
    ///
    /// ```
    /// use doorcode::credential::DoorSet;
    /// assert!(!DoorSet(0b11).is_subset_of(DoorSet(0b01)));
    /// ```
    pub const fn is_subset_of(self, other: DoorSet) -> bool {
        self.0 & !other.0 == 0
    }
}

/// What the issuer puts in a credential's sealed body.
///
/// ```
/// use doorcode::credential::{CredentialFields, CredentialId, Role};
/// use doorcode::schedule::Grant;
/// let mut fields = CredentialFields::new(CredentialId::from_bytes([1; 16]), 7, Grant::ALWAYS);
/// fields.role = Role::Resident;
/// fields.may_share = true;
/// assert_eq!(fields.holder, 7);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CredentialFields {
    /// The credential's id (deny-listable).
    pub id: CredentialId,
    /// The holder (the backend's person id; a lock's denied persons are refused).
    pub holder: u64,
    /// The Key the credential comes from (the backend's id; 0 for none).
    pub key: u64,
    /// When the credential works.
    pub grant: Grant,
    /// At which times it works, if restricted.
    pub schedule: Option<Schedule>,
    /// The holder's role at the credential's doors.
    pub role: Role,
    /// Whether the holder may derive guest credentials.
    pub may_share: bool,
}

impl CredentialFields {
    /// A non-resident, non-sharing credential without schedule or Key id.
    ///
    /// ```
    /// use doorcode::credential::{CredentialFields, CredentialId};
    /// let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// assert!(!fields.may_share && fields.schedule.is_none());
    /// ```
    pub const fn new(id: CredentialId, holder: u64, grant: Grant) -> Self {
        Self {
            id,
            holder,
            key: 0,
            grant,
            schedule: None,
            role: Role::NonResident,
            may_share: false,
        }
    }
}

/// One delegation step: what a sharing holder grants the next link.
///
/// ```
/// use doorcode::credential::{Caveat, CredentialId, DoorSet};
/// use doorcode::schedule::Grant;
/// let caveat = Caveat::new(CredentialId::from_bytes([9; 16]), 77, DoorSet(0b1),
///                          Grant::new(100, 200)?);
/// assert!(!caveat.may_share);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Caveat {
    /// The link's id (deny-listable: revokes this guest and everyone below).
    pub link: CredentialId,
    /// The guest (a person id, deny-listable; 0 for an anonymous link).
    pub guest: u64,
    /// The doors, a subset of the parent's (indices into the root's door list).
    pub doors: DoorSet,
    /// When the link works: inside the parent's window.
    pub grant: Grant,
    /// A further schedule that must also allow, if any.
    pub schedule: Option<Schedule>,
    /// Whether the guest may delegate further (only if the parent may).
    pub may_share: bool,
}

impl Caveat {
    /// A non-sharing caveat without schedule.
    ///
    /// ```
    /// use doorcode::credential::{Caveat, CredentialId, DoorSet};
    /// let c = Caveat::new(CredentialId::default(), 0, DoorSet(1), doorcode::schedule::Grant::ALWAYS);
    /// assert!(c.schedule.is_none());
    /// ```
    pub const fn new(link: CredentialId, guest: u64, doors: DoorSet, grant: Grant) -> Self {
        Self {
            link,
            guest,
            doors,
            grant,
            schedule: None,
            may_share: false,
        }
    }
}

/// The effective rights at some link of a chain: the intersection of the root and every
/// caveat so far (schedules are not merged: every schedule in the chain must allow).
///
/// ```
/// use doorcode::credential::{Rights, DoorSet, Role};
/// use doorcode::schedule::Grant;
/// let root = Rights { doors: DoorSet::all(2), grant: Grant::ALWAYS, may_share: true, role: Role::Resident };
/// assert!(root.may_share);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rights {
    /// Doors still granted.
    pub doors: DoorSet,
    /// The window still granted.
    pub grant: Grant,
    /// Whether the link may delegate.
    pub may_share: bool,
    /// The link's role.
    pub role: Role,
}

impl Rights {
    /// The rights of a root credential with `door_count` doors.
    ///
    /// ```
    /// use doorcode::credential::{CredentialFields, CredentialId, Rights};
    /// let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
    /// assert_eq!(Rights::of_root(&fields, 3).doors.0, 0b111);
    /// ```
    pub fn of_root(fields: &CredentialFields, door_count: usize) -> Self {
        Self {
            doors: DoorSet::all(door_count),
            grant: fields.grant,
            may_share: fields.may_share,
            role: fields.role,
        }
    }

    /// The rights after `caveat`, or why the caveat is refused: the parent must have
    /// may-share and the caveat must not widen the doors or the window. The result's role is
    /// always non-resident.
    ///
    /// ```
    /// use doorcode::credential::*;
    /// use doorcode::schedule::Grant;
    /// let parent = Rights { doors: DoorSet(0b11), grant: Grant::new(0, 100)?, may_share: true,
    ///                       role: Role::Resident };
    /// let narrow = Caveat::new(CredentialId::default(), 5, DoorSet(0b01), Grant::new(10, 20)?);
    /// assert_eq!(parent.narrow(&narrow)?.doors, DoorSet(0b01));
    /// let wide = Caveat::new(CredentialId::default(), 5, DoorSet(0b01), Grant::new(10, 200)?);
    /// assert_eq!(parent.narrow(&wide), Err(Widening::Window));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn narrow(&self, caveat: &Caveat) -> Result<Rights, Widening> {
        if !self.may_share {
            return Err(Widening::NotShareable);
        }
        if !caveat.doors.is_subset_of(self.doors) {
            return Err(Widening::Doors);
        }
        if caveat.grant.not_before() < self.grant.not_before()
            || caveat.grant.not_after() > self.grant.not_after()
        {
            return Err(Widening::Window);
        }
        Ok(Rights {
            doors: caveat.doors,
            grant: caveat.grant,
            may_share: caveat.may_share,
            role: Role::NonResident,
        })
    }
}

/// How a caveat tried to widen its parent's rights.
///
/// ```
/// use doorcode::credential::Widening;
/// assert_eq!(Widening::Doors.to_string(), "caveat adds doors");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Widening {
    /// The parent link does not have may-share (so no caveat, and in particular no caveat
    /// turning may-share on, may follow it).
    NotShareable,
    /// The caveat names a door its parent does not have.
    Doors,
    /// The caveat's window starts earlier or ends later than its parent's.
    Window,
    /// The caveat's schedule allows a time its parent's does not (issuing side only: the
    /// lock requires every schedule of the chain to allow, so such a caveat cannot widen).
    Schedule,
}

impl core::error::Error for Widening {}

impl fmt::Display for Widening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotShareable => "parent link may not share",
            Self::Doors => "caveat adds doors",
            Self::Window => "caveat extends the window",
            Self::Schedule => "caveat schedule is wider than its parent's",
        })
    }
}

/// Why credential bytes or an issuing request were refused.
///
/// ```
/// use doorcode::credential::{CredentialError, decode_header};
/// assert_eq!(decode_header(&[]), Err(CredentialError::Truncated));
/// assert_eq!(decode_header(&[9; 40]), Err(CredentialError::UnknownVersion(9)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialError {
    /// The input ends inside a field.
    Truncated,
    /// Bytes follow the encoding.
    TrailingBytes,
    /// A version byte this library does not know.
    UnknownVersion(u8),
    /// Longer than the format's maximum.
    TooLong,
    /// A credential without doors.
    NoDoors,
    /// More than [`MAX_DOORS`] doors.
    TooManyDoors,
    /// The same door twice in one credential.
    DuplicateDoor,
    /// A door index at or above the credential's door count (or [`MAX_DOORS`]).
    DoorIndexOutOfRange(u8),
    /// More than [`MAX_CAVEATS`] caveats.
    TooManyCaveats,
    /// Flag bits this version does not define.
    UnknownFlags(u8),
    /// A window whose end is before its start.
    ReversedGrant,
    /// An embedded schedule is invalid.
    Schedule(DecodeError),
    /// A caveat that would widen its parent's rights.
    Widening(Widening),
    /// The issuer holds no key for a requested door.
    NoKeyForDoor,
    /// The holder has no proof key for the challenging door.
    DoorNotHeld,
    /// The content key does not open this credential (or its bytes were altered).
    WrongContentKey,
    /// Fewer than 16 bytes of entropy were supplied.
    WeakEntropy,
    /// An output buffer too small.
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
    },
    /// Key or id bytes of the wrong form.
    Key(KeyError),
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated => f.write_str("credential data is truncated"),
            Self::TrailingBytes => f.write_str("bytes follow the credential data"),
            Self::UnknownVersion(version) => write!(f, "unknown format version {version}"),
            Self::TooLong => f.write_str("credential data is longer than the format allows"),
            Self::NoDoors => f.write_str("credential has no doors"),
            Self::TooManyDoors => write!(f, "more than {MAX_DOORS} doors"),
            Self::DuplicateDoor => f.write_str("a door appears twice"),
            Self::DoorIndexOutOfRange(index) => write!(f, "door index {index} out of range"),
            Self::TooManyCaveats => write!(f, "more than {MAX_CAVEATS} caveats"),
            Self::UnknownFlags(flags) => write!(f, "unknown flag bits {flags:#04x}"),
            Self::ReversedGrant => f.write_str("window ends before it starts"),
            Self::Schedule(error) => write!(f, "invalid schedule: {error}"),
            Self::Widening(widening) => write!(f, "caveat refused: {widening}"),
            Self::NoKeyForDoor => f.write_str("issuer holds no key for a requested door"),
            Self::DoorNotHeld => f.write_str("no proof key for the challenging door"),
            Self::WrongContentKey => f.write_str("content key does not open this credential"),
            Self::WeakEntropy => f.write_str("at least 16 bytes of entropy required"),
            Self::BufferTooSmall { needed } => {
                write!(f, "output buffer too small; {needed} bytes needed")
            }
            Self::Key(error) => write!(f, "{error}"),
        }
    }
}

impl core::error::Error for CredentialError {}

/// Which deny-list entry revoked a presentation.
///
/// ```
/// use doorcode::credential::Revoked;
/// assert_eq!(Revoked::Link(2).to_string(), "link 2 id is denied");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Revoked {
    /// The root credential's id.
    Credential,
    /// The root holder (a denied person).
    Holder,
    /// The id of link `n` (1-based caveat position).
    Link(u8),
    /// The guest of link `n` (a denied person).
    Guest(u8),
}

impl fmt::Display for Revoked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Credential => f.write_str("credential id is denied"),
            Self::Holder => f.write_str("holder is denied"),
            Self::Link(n) => write!(f, "link {n} id is denied"),
            Self::Guest(n) => write!(f, "link {n} guest is denied"),
        }
    }
}

/// Why a lock refused a credential presentation (for its log; the holder is told only
/// accept or reject).
///
/// ```
/// use doorcode::credential::CredentialReject;
/// assert_eq!(CredentialReject::BadProof.to_string(), "proof does not verify");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialReject {
    /// No outstanding challenge (none issued, or already consumed by an earlier presentation).
    NoChallenge,
    /// The challenge is older than [`crate::lock::CHALLENGE_LIFETIME_SECONDS`].
    ChallengeExpired,
    /// The presentation does not parse.
    Malformed(CredentialError),
    /// The credential's issuer is not enabled at this door.
    UnknownIssuer(IssuerId),
    /// The credential's epoch is not the issuer's current one here.
    StaleEpoch {
        /// The credential's epoch.
        epoch: Epoch,
        /// The issuer's epoch at this door.
        current: Epoch,
    },
    /// The response is not a valid MAC over the challenge (forged, altered or replayed).
    BadProof,
    /// The presented slot is not this door's.
    WrongDoor,
    /// The chain's door set does not include this door.
    DoorNotGranted,
    /// A deny-list entry matches.
    Revoked(Revoked),
    /// Link `link` widens its parent.
    Widening {
        /// 1-based caveat position.
        link: u8,
        /// How.
        widening: Widening,
    },
    /// Before the chain's window.
    NotYetValid,
    /// After the chain's window.
    Expired,
    /// A schedule of the chain (link 0: the root) denies now.
    OutsideSchedule {
        /// 0 for the root, else the 1-based caveat position.
        link: u8,
        /// Why.
        denial: ScheduleDenial,
    },
}

impl fmt::Display for CredentialReject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoChallenge => f.write_str("no outstanding challenge"),
            Self::ChallengeExpired => f.write_str("challenge expired"),
            Self::Malformed(error) => write!(f, "malformed presentation: {error}"),
            Self::UnknownIssuer(issuer) => write!(f, "issuer {} not enabled", issuer.0),
            Self::StaleEpoch { epoch, current } => {
                write!(f, "epoch {} is not the current {}", epoch.0, current.0)
            }
            Self::BadProof => f.write_str("proof does not verify"),
            Self::WrongDoor => f.write_str("credential slot is not this door's"),
            Self::DoorNotGranted => f.write_str("door not granted by the chain"),
            Self::Revoked(which) => write!(f, "revoked: {which}"),
            Self::Widening { link, widening } => write!(f, "link {link} refused: {widening}"),
            Self::NotYetValid => f.write_str("credential not yet valid"),
            Self::Expired => f.write_str("credential expired"),
            Self::OutsideSchedule { link, denial } => {
                write!(f, "outside schedule of link {link}: {denial}")
            }
        }
    }
}

impl core::error::Error for CredentialReject {}

/// The secret that seals one credential's body and caveats. Held by the holder (and passed
/// to guests, who need it to delegate further). Zeroized on drop, redacted in `Debug`.
///
/// ```
/// use doorcode::credential::ContentKey;
/// let key = ContentKey::from_bytes(&[1; 16])?;
/// assert_eq!(format!("{key:?}"), "ContentKey([redacted])");
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ContentKey([u8; CONTENT_KEY_LEN]);

/// A holder's proof key for one door at the end of its chain (`T_n`): never sent to a lock.
/// Zeroized on drop, redacted in `Debug`.
///
/// ```
/// use doorcode::credential::ProofKey;
/// let key = ProofKey::from_bytes(&[1; 32])?;
/// assert_eq!(format!("{key:?}"), "ProofKey([redacted])");
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ProofKey([u8; PROOF_LEN]);

macro_rules! secret_bytes {
    ($name:ident, $len:expr) => {
        impl $name {
            /// Import the key's bytes.
            ///
            /// ```
            #[doc = concat!("assert!(doorcode::credential::", stringify!($name), "::from_bytes(&[0; 3]).is_err());")]
            /// ```
            pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
                let array: [u8; $len] = bytes.try_into().map_err(|_| KeyError::WrongLength {
                    got: bytes.len(),
                    expected: $len,
                })?;
                Ok(Self(array))
            }

            /// The key's bytes.
            ///
            /// ```
            #[doc = concat!("let key = doorcode::credential::", stringify!($name), "::from_bytes(&[7; ", stringify!($len), "])?;")]
            /// assert_eq!(key.as_bytes()[0], 7);
            /// # Ok::<(), doorcode::keys::KeyError>(())
            /// ```
            pub fn as_bytes(&self) -> &[u8; $len] {
                &self.0
            }

            /// Import the key from hex (either case).
            ///
            /// ```
            #[doc = concat!("let key = doorcode::credential::", stringify!($name), "::from_hex(&\"0a\".repeat(", stringify!($len), "))?;")]
            /// assert_eq!(key.as_bytes()[0], 10);
            /// # Ok::<(), doorcode::keys::KeyError>(())
            /// ```
            pub fn from_hex(text: &str) -> Result<Self, KeyError> {
                let mut bytes = zeroize::Zeroizing::new([0u8; $len]);
                if text.len() != 2 * $len {
                    return Err(KeyError::WrongLength {
                        got: text.len() / 2,
                        expected: $len,
                    });
                }
                base16ct::mixed::decode(text.as_bytes(), &mut bytes[..])
                    .map_err(|_| KeyError::InvalidHex)?;
                Ok(Self(*bytes))
            }

            /// The key as lowercase hex in a string that is wiped on drop.
            ///
            /// ```
            #[doc = concat!("let key = doorcode::credential::", stringify!($name), "::from_bytes(&[0xab; ", stringify!($len), "])?;")]
            /// assert!(key.to_hex_string().starts_with("abab"));
            /// # Ok::<(), doorcode::keys::KeyError>(())
            /// ```
            #[cfg(feature = "alloc")]
            pub fn to_hex_string(&self) -> zeroize::Zeroizing<alloc::string::String> {
                let mut buf = zeroize::Zeroizing::new([0u8; 2 * $len]);
                zeroize::Zeroizing::new(alloc::string::String::from(
                    base16ct::lower::encode_str(&self.0, &mut buf[..]).unwrap_or(""),
                ))
            }
        }

        impl subtle::ConstantTimeEq for $name {
            fn ct_eq(&self, other: &Self) -> subtle::Choice {
                self.0.ct_eq(&other.0)
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                subtle::ConstantTimeEq::ct_eq(self, other).into()
            }
        }

        impl Eq for $name {}

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

secret_bytes!(ContentKey, 16);
secret_bytes!(ProofKey, 32);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn door_sets() {
        assert_eq!(DoorSet::all(0), DoorSet(0));
        assert_eq!(DoorSet::all(32), DoorSet(u32::MAX));
        assert_eq!(DoorSet::all(31).0, 0x7fff_ffff);
        assert!(!DoorSet(u32::MAX).contains(32));
        assert!(DoorSet(1 << 31).contains(31));
        assert_eq!(
            DoorSet::from_indices(&[0, 31]).unwrap(),
            DoorSet(0x8000_0001)
        );
    }

    #[test]
    fn narrowing_rules() {
        let parent = Rights {
            doors: DoorSet(0b110),
            grant: Grant::new(10, 20).unwrap(),
            may_share: true,
            role: Role::Resident,
        };
        let caveat = |doors, from, to| {
            Caveat::new(
                CredentialId::default(),
                0,
                DoorSet(doors),
                Grant::new(from, to).unwrap(),
            )
        };
        let same = parent.narrow(&caveat(0b110, 10, 20)).unwrap();
        assert_eq!(same.role, Role::NonResident);
        assert!(!same.may_share);
        assert_eq!(parent.narrow(&caveat(0b001, 10, 20)), Err(Widening::Doors));
        assert_eq!(parent.narrow(&caveat(0b010, 9, 20)), Err(Widening::Window));
        assert_eq!(parent.narrow(&caveat(0b010, 10, 21)), Err(Widening::Window));
        assert_eq!(
            same.narrow(&caveat(0b010, 10, 20)),
            Err(Widening::NotShareable)
        );
        // An empty door set or window narrows (and then opens nothing).
        assert!(parent.narrow(&caveat(0, 15, 15)).is_ok());
    }

    #[test]
    fn secret_hex() {
        assert!(ContentKey::from_hex(&"0f".repeat(16)).is_ok());
        assert_eq!(
            ContentKey::from_hex("0f0f").err(),
            Some(KeyError::WrongLength {
                got: 2,
                expected: 16
            })
        );
        assert_eq!(
            ProofKey::from_hex(&"zz".repeat(32)).err(),
            Some(KeyError::InvalidHex)
        );
    }

    #[test]
    fn ids_parse_and_print() {
        let id: CredentialId = "00ff00ff00ff00ff00ff00ff00ff00ff".parse().unwrap();
        assert_eq!(
            std::format!("{id:?}"),
            "CredentialId(00ff00ff00ff00ff00ff00ff00ff00ff)"
        );
        assert!("00ff".parse::<CredentialId>().is_err());
        assert!("zz".repeat(16).parse::<CredentialId>().is_err());
    }
}
