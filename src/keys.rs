//! The key hierarchy: site secret -> door key -> issuer key -> purpose keys.
//!
//! ```text
//! site secret (16..=64 bytes, held by the backend)
//!   └─ door key    = HKDF(salt "doorcode/v1/site", ikm site, info ["door", door id])   (installed in the lock)
//!        └─ issuer key = HKDF-Expand(door key, info ["issuer", issuer id, epoch])      (one per issuer and epoch)
//!             └─ purpose keys (daily codes, ...) = HKDF-Expand(issuer key, info [purpose label, ...])
//! ```
//!
//! A partner (third-party issuer) is handed only its own issuer key for each door it serves, so it
//! can issue codes offline but cannot issue anyone else's; bumping the issuer's epoch, or removing
//! the issuer from the door's policy, revokes everything it issued there.
//!
//! All key types zeroize on drop, are not `Copy`, print as `[redacted]` and compare in constant
//! time. They import and export as raw bytes, lowercase hex and standard base64 (padded).

use core::fmt;

use base64ct::{Base64, Encoding};
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::kdf::{self, LabelledInfo, TAG_LEN};

/// Shortest site secret accepted, in bytes (128 bits).
pub const MIN_SECRET_LEN: usize = 16;
/// Longest site secret accepted, in bytes.
pub const MAX_SECRET_LEN: usize = 64;
/// Length of every derived key (door, issuer, purpose), in bytes.
pub const KEY_LEN: usize = TAG_LEN;
/// Longest door identifier, in bytes.
pub const MAX_DOOR_ID_LEN: usize = 32;

/// HKDF salt for turning a site secret into door keys.
pub const SITE_SALT: &[u8] = b"doorcode/v1/site";
/// Label of the site-level permanent-code key (SPEC.md section 14).
pub const PERMANENT_KEY_LABEL: &[u8] = b"permanent-code";

/// Why key material or an identifier was refused.
///
/// ```
/// use doorcode::keys::{DoorId, DoorKey, KeyError, SiteKey};
/// assert_eq!(SiteKey::from_bytes(&[1; 15]).err(), Some(KeyError::TooShort { got: 15, min: 16 }));
/// assert_eq!(DoorKey::from_hex("0011zz").err(), Some(KeyError::InvalidHex));
/// assert_eq!(DoorId::new(b"").err(), Some(KeyError::EmptyDoorId));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// Fewer bytes than the minimum (16 for site secrets).
    TooShort {
        /// Bytes given.
        got: usize,
        /// Least accepted.
        min: usize,
    },
    /// More bytes than the maximum.
    TooLong {
        /// Bytes given.
        got: usize,
        /// Most accepted.
        max: usize,
    },
    /// A fixed-length key of the wrong length (derived keys are exactly 32 bytes).
    WrongLength {
        /// Bytes given.
        got: usize,
        /// Bytes required.
        expected: usize,
    },
    /// Text that is not hex (two digits per byte, `0-9a-fA-F`).
    InvalidHex,
    /// Text that is not padded standard base64.
    InvalidBase64,
    /// An output buffer too small for the encoding.
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
    },
    /// A door identifier that is empty.
    EmptyDoorId,
    /// A door identifier longer than [`MAX_DOOR_ID_LEN`] bytes.
    DoorIdTooLong {
        /// Bytes given.
        got: usize,
    },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort { got, min } => {
                write!(f, "key material is {got} bytes; at least {min} required")
            }
            Self::TooLong { got, max } => {
                write!(f, "key material is {got} bytes; at most {max} allowed")
            }
            Self::WrongLength { got, expected } => {
                write!(f, "key is {got} bytes; exactly {expected} required")
            }
            Self::InvalidHex => f.write_str("key is not valid hex"),
            Self::InvalidBase64 => f.write_str("key is not valid padded base64"),
            Self::BufferTooSmall { needed } => {
                write!(f, "output buffer too small; {needed} bytes needed")
            }
            Self::EmptyDoorId => f.write_str("door id is empty"),
            Self::DoorIdTooLong { got } => {
                write!(
                    f,
                    "door id is {got} bytes; at most {MAX_DOOR_ID_LEN} allowed"
                )
            }
        }
    }
}

impl core::error::Error for KeyError {}

/// Decode hex into a stack buffer that is wiped on drop; returns the buffer and the length.
fn decode_hex(text: &str) -> Result<(Zeroizing<[u8; MAX_SECRET_LEN]>, usize), KeyError> {
    let mut buf = Zeroizing::new([0u8; MAX_SECRET_LEN]);
    let needed = text.len() / 2;
    if needed > MAX_SECRET_LEN {
        return Err(KeyError::TooLong {
            got: needed,
            max: MAX_SECRET_LEN,
        });
    }
    let len = base16ct::mixed::decode(text.as_bytes(), &mut buf[..])
        .map_err(|_| KeyError::InvalidHex)?
        .len();
    Ok((buf, len))
}

/// Decode padded base64 into a stack buffer that is wiped on drop.
fn decode_base64(text: &str) -> Result<(Zeroizing<[u8; MAX_SECRET_LEN]>, usize), KeyError> {
    let mut buf = Zeroizing::new([0u8; MAX_SECRET_LEN]);
    let needed = (text.len() / 4).saturating_mul(3);
    if needed > MAX_SECRET_LEN.saturating_add(2) {
        return Err(KeyError::TooLong {
            got: needed,
            max: MAX_SECRET_LEN,
        });
    }
    let len = Base64::decode(text, &mut buf[..])
        .map_err(|_| KeyError::InvalidBase64)?
        .len();
    Ok((buf, len))
}

fn encode_hex<'o>(bytes: &[u8], out: &'o mut [u8]) -> Result<&'o str, KeyError> {
    let needed = bytes.len().saturating_mul(2);
    base16ct::lower::encode_str(bytes, out).map_err(|_| KeyError::BufferTooSmall { needed })
}

fn encode_base64<'o>(bytes: &[u8], out: &'o mut [u8]) -> Result<&'o str, KeyError> {
    let needed = Base64::encoded_len(bytes);
    Base64::encode(bytes, out).map_err(|_| KeyError::BufferTooSmall { needed })
}

#[cfg(feature = "alloc")]
fn to_hex_string(bytes: &[u8]) -> Zeroizing<alloc::string::String> {
    let mut buf = Zeroizing::new([0u8; 2 * MAX_SECRET_LEN]);
    Zeroizing::new(alloc::string::String::from(
        encode_hex(bytes, &mut buf[..]).unwrap_or(""),
    ))
}

/// The property's root secret. Only the backend holds it.
///
/// ```
/// use doorcode::keys::{SiteKey, DoorId};
/// let site = SiteKey::from_hex("000102030405060708090a0b0c0d0e0f")?;
/// let door_key = site.door_key(&DoorId::new(b"front-door")?);
/// assert_eq!(format!("{door_key:?}"), "DoorKey([redacted])");
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SiteKey {
    bytes: [u8; MAX_SECRET_LEN],
    len: usize,
}

impl SiteKey {
    /// Import a site secret of 16..=64 bytes (it should be uniformly random).
    ///
    /// ```
    /// use doorcode::keys::{KeyError, SiteKey};
    /// assert_eq!(SiteKey::from_bytes(&[7; 16])?.as_bytes(), &[7; 16]);
    /// assert_eq!(SiteKey::from_bytes(&[7; 65]).err(), Some(KeyError::TooLong { got: 65, max: 64 }));
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn from_bytes(secret: &[u8]) -> Result<Self, KeyError> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(KeyError::TooShort {
                got: secret.len(),
                min: MIN_SECRET_LEN,
            });
        }
        let mut bytes = [0u8; MAX_SECRET_LEN];
        let slot = bytes.get_mut(..secret.len()).ok_or(KeyError::TooLong {
            got: secret.len(),
            max: MAX_SECRET_LEN,
        })?;
        slot.copy_from_slice(secret);
        Ok(Self {
            bytes,
            len: secret.len(),
        })
    }

    /// Import a site secret from hex (upper or lower case).
    ///
    /// ```
    /// # use doorcode::keys::{KeyError, SiteKey};
    /// let site = SiteKey::from_hex("000102030405060708090A0B0C0D0E0F")?;
    /// assert_eq!(site.as_bytes(), &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    /// assert_eq!(SiteKey::from_hex("00010g").err(), Some(KeyError::InvalidHex));
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn from_hex(text: &str) -> Result<Self, KeyError> {
        let (buf, len) = decode_hex(text)?;
        Self::from_bytes(buf.get(..len).unwrap_or(&[]))
    }

    /// Import a site secret from padded standard base64.
    ///
    /// ```
    /// # use doorcode::keys::{KeyError, SiteKey};
    /// let site = SiteKey::from_base64("AAECAwQFBgcICQoLDA0ODw==")?;
    /// assert_eq!(site, SiteKey::from_hex("000102030405060708090a0b0c0d0e0f")?);
    /// assert_eq!(SiteKey::from_base64("AAECAwQFBgcICQoLDA0ODw").err(), Some(KeyError::InvalidBase64));
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let (buf, len) = decode_base64(text)?;
        Self::from_bytes(buf.get(..len).unwrap_or(&[]))
    }

    /// The secret's bytes, for storing it in a vault.
    ///
    /// ```
    /// # use doorcode::keys::SiteKey;
    /// let secret = [0x5a; 20];
    /// assert_eq!(SiteKey::from_bytes(&secret)?.as_bytes(), &secret);
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    /// Write the secret as lowercase hex into `out` (at least twice its length).
    ///
    /// ```
    /// # use doorcode::keys::{KeyError, SiteKey};
    /// let site = SiteKey::from_bytes(&[0xab; 16])?;
    /// let mut out = [0u8; 32];
    /// assert_eq!(site.to_hex(&mut out)?, "ab".repeat(16));
    /// assert_eq!(site.to_hex(&mut [0u8; 31]).err(), Some(KeyError::BufferTooSmall { needed: 32 }));
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn to_hex<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, KeyError> {
        encode_hex(self.as_bytes(), out)
    }

    /// Write the secret as padded base64 into `out`.
    ///
    /// ```
    /// # use doorcode::keys::SiteKey;
    /// let site = SiteKey::from_hex("000102030405060708090a0b0c0d0e0f")?;
    /// let mut out = [0u8; 24];
    /// assert_eq!(site.to_base64(&mut out)?, "AAECAwQFBgcICQoLDA0ODw==");
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn to_base64<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, KeyError> {
        encode_base64(self.as_bytes(), out)
    }

    /// The secret as lowercase hex in a string that is wiped on drop.
    ///
    /// ```
    /// # use doorcode::keys::SiteKey;
    /// let site = SiteKey::from_bytes(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xff])?;
    /// assert_eq!(site.to_hex_string().as_str(), "000102030405060708090a0b0c0d0eff");
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    #[cfg(feature = "alloc")]
    pub fn to_hex_string(&self) -> Zeroizing<alloc::string::String> {
        to_hex_string(self.as_bytes())
    }

    /// The key of one door: `HKDF-SHA256(salt = SITE_SALT, ikm = secret, info = ["door", id])`.
    ///
    /// ```
    /// use doorcode::keys::{DoorId, SiteKey};
    /// let site = SiteKey::from_hex("000102030405060708090a0b0c0d0e0f")?;
    /// let key = site.door_key(&DoorId::new(b"front-door")?);
    /// // First bytes as computed with Python's hmac module from the formula above.
    /// assert_eq!(key.as_bytes()[..4], [0x4b, 0x54, 0x6a, 0x3f]);
    /// assert_ne!(key, site.door_key(&DoorId::new(b"back-door")?));
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn door_key(&self, door: &DoorId) -> DoorKey {
        let prk = kdf::hkdf_extract(SITE_SALT, self.as_bytes());
        DoorKey::from_array(&LabelledInfo::new(b"door", &[door.as_bytes()]).expand(&prk[..]))
    }

    /// The site's permanent-code key:
    /// `HKDF-SHA256(salt = SITE_SALT, ikm = secret, info = ["permanent-code"])`.
    ///
    /// It sits beside the door keys, not below them: permanent codes are issued by the
    /// property's backend only and a lock only stores the codes synced to it, so neither a lock
    /// (which holds its door key) nor a partner (which holds issuer keys) can derive them.
    ///
    /// ```
    /// use doorcode::keys::SiteKey;
    /// let site = SiteKey::from_bytes(&[7; 32])?;
    /// assert_eq!(site.permanent_key(), site.permanent_key());
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn permanent_key(&self) -> PermanentKey {
        let prk = kdf::hkdf_extract(SITE_SALT, self.as_bytes());
        PermanentKey::from_array(&LabelledInfo::new(PERMANENT_KEY_LABEL, &[]).expand(&prk[..]))
    }
}

impl ConstantTimeEq for SiteKey {
    fn ct_eq(&self, other: &Self) -> Choice {
        // Lengths are not secret; contents are compared in full.
        self.len.ct_eq(&other.len) & self.bytes.ct_eq(&other.bytes)
    }
}

impl PartialEq for SiteKey {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}
impl Eq for SiteKey {}

impl fmt::Debug for SiteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SiteKey([redacted])")
    }
}

/// Common behaviour of the 32-byte derived keys.
macro_rules! derived_key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Zeroize, ZeroizeOnDrop)]
        pub struct $name([u8; KEY_LEN]);

        impl $name {
            fn from_array(bytes: &[u8; KEY_LEN]) -> Self {
                Self(*bytes)
            }

            /// Import exactly 32 bytes of key material.
            ///
            /// ```
            #[doc = concat!("# use doorcode::keys::{", stringify!($name), " as Key, KeyError};")]
            /// assert_eq!(Key::from_bytes(&[7; 32])?.as_bytes(), &[7; 32]);
            /// assert_eq!(Key::from_bytes(&[7; 31]).err(), Some(KeyError::WrongLength { got: 31, expected: 32 }));
            /// # Ok::<(), KeyError>(())
            /// ```
            pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
                let array: &[u8; KEY_LEN] = bytes
                    .try_into()
                    .map_err(|_| KeyError::WrongLength { got: bytes.len(), expected: KEY_LEN })?;
                Ok(Self::from_array(array))
            }

            /// Import from hex (64 digits, upper or lower case).
            ///
            /// ```
            #[doc = concat!("# use doorcode::keys::{", stringify!($name), " as Key, KeyError};")]
            /// assert_eq!(Key::from_hex(&"AB".repeat(32))?, Key::from_bytes(&[0xab; 32])?);
            /// assert_eq!(Key::from_hex(&"ab".repeat(31)).err(), Some(KeyError::WrongLength { got: 31, expected: 32 }));
            /// # Ok::<(), KeyError>(())
            /// ```
            pub fn from_hex(text: &str) -> Result<Self, KeyError> {
                let (buf, len) = decode_hex(text)?;
                Self::from_bytes(buf.get(..len).unwrap_or(&[]))
            }

            /// Import from padded standard base64 (44 characters).
            ///
            /// ```
            #[doc = concat!("# use doorcode::keys::{", stringify!($name), " as Key, KeyError};")]
            /// let text = format!("{}q6s=", "q6ur".repeat(10));
            /// assert_eq!(Key::from_base64(&text)?, Key::from_bytes(&[0xab; 32])?);
            /// assert_eq!(Key::from_base64("q6ur!").err(), Some(KeyError::InvalidBase64));
            /// # Ok::<(), KeyError>(())
            /// ```
            pub fn from_base64(text: &str) -> Result<Self, KeyError> {
                let (buf, len) = decode_base64(text)?;
                Self::from_bytes(buf.get(..len).unwrap_or(&[]))
            }

            /// The key's bytes, for provisioning or storage.
            ///
            /// ```
            #[doc = concat!("# use doorcode::keys::{", stringify!($name), " as Key, KeyError};")]
            /// let bytes: [u8; 32] = core::array::from_fn(|i| i as u8);
            /// assert_eq!(Key::from_bytes(&bytes)?.as_bytes(), &bytes);
            /// # Ok::<(), KeyError>(())
            /// ```
            pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
                &self.0
            }

            /// Write the key as lowercase hex into `out` (at least 64 bytes).
            ///
            /// ```
            #[doc = concat!("# use doorcode::keys::{", stringify!($name), " as Key, KeyError};")]
            /// let key = Key::from_bytes(&[0xab; 32])?;
            /// assert_eq!(key.to_hex(&mut [0u8; 64])?, "ab".repeat(32));
            /// assert_eq!(key.to_hex(&mut [0u8; 63]).err(), Some(KeyError::BufferTooSmall { needed: 64 }));
            /// # Ok::<(), KeyError>(())
            /// ```
            pub fn to_hex<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, KeyError> {
                encode_hex(&self.0, out)
            }

            /// The key as lowercase hex in a string that is wiped on drop.
            ///
            /// ```
            #[doc = concat!("# use doorcode::keys::{", stringify!($name), " as Key, KeyError};")]
            /// let key = Key::from_bytes(&[0x0f; 32])?;
            /// assert_eq!(key.to_hex_string().as_str(), "0f".repeat(32));
            /// # Ok::<(), KeyError>(())
            /// ```
            #[cfg(feature = "alloc")]
            pub fn to_hex_string(&self) -> Zeroizing<alloc::string::String> {
                to_hex_string(&self.0)
            }

            /// Write the key as padded base64 into `out` (at least 44 bytes).
            ///
            /// ```
            #[doc = concat!("# use doorcode::keys::{", stringify!($name), " as Key, KeyError};")]
            /// let key = Key::from_bytes(&[0xab; 32])?;
            /// assert_eq!(key.to_base64(&mut [0u8; 44])?, format!("{}q6s=", "q6ur".repeat(10)));
            /// assert_eq!(key.to_base64(&mut [0u8; 43]).err(), Some(KeyError::BufferTooSmall { needed: 44 }));
            /// # Ok::<(), KeyError>(())
            /// ```
            pub fn to_base64<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, KeyError> {
                encode_base64(&self.0, out)
            }
        }

        impl ConstantTimeEq for $name {
            fn ct_eq(&self, other: &Self) -> Choice {
                self.0.ct_eq(&other.0)
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.ct_eq(other).into()
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

derived_key!(
    /// One door's key, derived from the site secret and installed in that door's lock.
    ///
    /// ```
    /// use doorcode::keys::{DoorId, DoorKey, SiteKey};
    /// let from_site = SiteKey::from_bytes(&[7; 32])?.door_key(&DoorId::new(b"front-door")?);
    /// // What the lock is provisioned with: the same key, imported from its bytes.
    /// let in_lock = DoorKey::from_bytes(from_site.as_bytes())?;
    /// assert_eq!(in_lock, from_site);
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    DoorKey
);

derived_key!(
    /// One issuer's key for one door and epoch: what a partner receives to issue codes offline.
    ///
    /// ```
    /// use doorcode::keys::{DoorKey, Epoch, IssuerId, IssuerKey};
    /// let door_key = DoorKey::from_bytes(&[0x42; 32])?;
    /// let for_partner = door_key.issuer_key(IssuerId(7), Epoch(0));
    /// // The partner imports it from base64 and gets the same key.
    /// let mut text = [0u8; 44];
    /// assert_eq!(IssuerKey::from_base64(for_partner.to_base64(&mut text)?)?, for_partner);
    /// assert_ne!(for_partner, door_key.issuer_key(IssuerId(8), Epoch(0)));
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    IssuerKey
);

derived_key!(
    /// The site's key for permanent codes (SPEC.md section 14), held by the property's backend
    /// only: derived from the site secret with [`SiteKey::permanent_key`].
    ///
    /// ```
    /// use doorcode::keys::SiteKey;
    /// let site = SiteKey::from_hex("000102030405060708090a0b0c0d0e0f")?;
    /// // HKDF-SHA256(salt "doorcode/v1/site", site, info ["permanent-code"]), computed with Python.
    /// assert_eq!(site.permanent_key().as_bytes()[..4], [0x50, 0xc4, 0x69, 0xc1]);
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    PermanentKey
);

impl DoorKey {
    /// The key of `issuer` at this door in `epoch`:
    /// `HKDF-Expand(door key, info = ["issuer", issuer (u32 BE), epoch (u32 BE)], 32)`.
    ///
    /// ```
    /// use doorcode::keys::{DoorKey, IssuerId, Epoch};
    /// let door_key = DoorKey::from_bytes(&[0x42; 32])?;
    /// let a = door_key.issuer_key(IssuerId(0), Epoch(0));
    /// let b = door_key.issuer_key(IssuerId(0), Epoch(1));
    /// assert_ne!(a, b); // a new epoch is a new key
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn issuer_key(&self, issuer: IssuerId, epoch: Epoch) -> IssuerKey {
        let (issuer, epoch) = (issuer.0.to_be_bytes(), epoch.0.to_be_bytes());
        let fields: [&[u8]; 2] = [&issuer, &epoch];
        let info = LabelledInfo::new(b"issuer", &fields);
        IssuerKey::from_array(&info.expand(&self.0))
    }
}

impl IssuerKey {
    /// A purpose key below this issuer key: `HKDF-Expand(issuer key, info = [label, fields..], 32)`.
    ///
    /// Exposed for interoperability tests and test vectors; the code modules call it with
    /// their own labels (for example [`crate::daily::DAILY_KEY_LABEL`]).
    ///
    /// ```
    /// use doorcode::kdf::hkdf_expand;
    /// use doorcode::keys::{IssuerKey, KEY_LEN};
    /// let issuer = IssuerKey::from_bytes(&[9; 32])?;
    /// let key = issuer.purpose_key(b"label", &[b"ab"]);
    /// // The labelled info is "doorcode\x01", then each part with a 16-bit big-endian length.
    /// let mut expected = [0u8; KEY_LEN];
    /// hkdf_expand(issuer.as_bytes(), &[b"doorcode\x01", &[0, 5], b"label", &[0, 2], b"ab"], &mut expected)
    ///     .map_err(|_| doorcode::keys::KeyError::InvalidHex)?;
    /// assert_eq!(*key, expected);
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn purpose_key(&self, label: &[u8], fields: &[&[u8]]) -> Zeroizing<[u8; KEY_LEN]> {
        LabelledInfo::new(label, fields).expand(&self.0)
    }
}

/// Who issued a code: 0 is the property's own backend, other numbers are partners.
///
/// ```
/// use doorcode::keys::{DoorKey, Epoch, IssuerId};
/// let door_key = DoorKey::from_bytes(&[0x42; 32])?;
/// assert_eq!(IssuerId::default(), IssuerId(0));
/// assert_ne!(door_key.issuer_key(IssuerId(0), Epoch(0)), door_key.issuer_key(IssuerId(1), Epoch(0)));
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct IssuerId(pub u32);

/// A key generation: bumping an issuer's epoch at a door replaces its key there.
///
/// ```
/// use doorcode::keys::{DoorKey, Epoch, IssuerId};
/// let door_key = DoorKey::from_bytes(&[0x42; 32])?;
/// let old = door_key.issuer_key(IssuerId(3), Epoch(0));
/// assert_ne!(old, door_key.issuer_key(IssuerId(3), Epoch(1)));
/// assert!(Epoch(1) > Epoch::default());
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Epoch(pub u32);

/// A door's identifier: 1 to 32 bytes chosen by the backend (a UUID, a slug, a number).
///
/// ```
/// use doorcode::keys::DoorId;
/// assert_eq!(format!("{:?}", DoorId::new(b"front-door")?), "DoorId(\"front-door\")");
/// assert_eq!(format!("{:?}", DoorId::new(&[0xff, 0x01])?), "DoorId(0xff01)");
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DoorId {
    bytes: [u8; MAX_DOOR_ID_LEN],
    len: u8,
}

impl DoorId {
    /// A door id from 1..=32 bytes.
    ///
    /// ```
    /// use doorcode::keys::{DoorId, KeyError};
    /// assert!(DoorId::new(&[0; 32]).is_ok());
    /// assert_eq!(DoorId::new(&[0; 33]).err(), Some(KeyError::DoorIdTooLong { got: 33 }));
    /// assert_eq!(DoorId::new(b"").err(), Some(KeyError::EmptyDoorId));
    /// ```
    pub fn new(bytes: &[u8]) -> Result<Self, KeyError> {
        if bytes.is_empty() {
            return Err(KeyError::EmptyDoorId);
        }
        let mut array = [0u8; MAX_DOOR_ID_LEN];
        array
            .get_mut(..bytes.len())
            .ok_or(KeyError::DoorIdTooLong { got: bytes.len() })?
            .copy_from_slice(bytes);
        let len = u8::try_from(bytes.len()).unwrap_or(u8::MAX);
        Ok(Self { bytes: array, len })
    }

    /// The id's bytes.
    ///
    /// ```
    /// # use doorcode::keys::DoorId;
    /// assert_eq!(DoorId::new(b"room-101")?.as_bytes(), b"room-101");
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

impl fmt::Debug for DoorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match core::str::from_utf8(self.as_bytes()) {
            Ok(text) => write!(f, "DoorId({text:?})"),
            Err(_) => {
                f.write_str("DoorId(0x")?;
                for byte in self.as_bytes() {
                    write!(f, "{byte:02x}")?;
                }
                f.write_str(")")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn short_and_long_secrets_are_refused() {
        assert_eq!(
            SiteKey::from_bytes(&[1; 15]).err(),
            Some(KeyError::TooShort { got: 15, min: 16 })
        );
        assert_eq!(
            SiteKey::from_bytes(&[1; 65]).err(),
            Some(KeyError::TooLong { got: 65, max: 64 })
        );
        assert!(SiteKey::from_bytes(&[1; 16]).is_ok());
        assert_eq!(
            DoorKey::from_bytes(&[1; 31]).err(),
            Some(KeyError::WrongLength {
                got: 31,
                expected: 32
            })
        );
        assert_eq!(
            DoorKey::from_hex("0011zz").err(),
            Some(KeyError::InvalidHex)
        );
        assert_eq!(
            DoorKey::from_base64("!!!!").err(),
            Some(KeyError::InvalidBase64)
        );
    }

    #[test]
    fn hex_and_base64_round_trip() {
        let key = DoorKey::from_bytes(&[0xab; 32]).unwrap();
        let mut hex = [0u8; 64];
        let text = key.to_hex(&mut hex).unwrap();
        assert_eq!(text, "ab".repeat(32));
        assert_eq!(DoorKey::from_hex(text).unwrap(), key);
        assert_eq!(DoorKey::from_hex(&"AB".repeat(32)).unwrap(), key);
        let mut b64 = [0u8; 44];
        let text = key.to_base64(&mut b64).unwrap();
        assert_eq!(DoorKey::from_base64(text).unwrap(), key);
        assert_eq!(
            key.to_hex(&mut [0u8; 63]).err(),
            Some(KeyError::BufferTooSmall { needed: 64 })
        );
    }

    #[test]
    fn debug_is_redacted() {
        let site = SiteKey::from_bytes(&[0x5a; 16]).unwrap();
        let text = std::format!("{site:?} {:?}", site.door_key(&DoorId::new(b"d").unwrap()));
        assert!(!text.contains("5a") && !text.contains("90"), "{text}");
        assert!(text.contains("redacted"));
    }

    #[test]
    fn door_ids_are_bounded() {
        assert_eq!(DoorId::new(b"").err(), Some(KeyError::EmptyDoorId));
        assert!(DoorId::new(&[0; 32]).is_ok());
        assert_eq!(
            DoorId::new(&[0; 33]).err(),
            Some(KeyError::DoorIdTooLong { got: 33 })
        );
    }
}
