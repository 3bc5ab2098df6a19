//! HMAC-SHA256 and HKDF-SHA256 (RFC 2104, RFC 5869), and the labelled encoding that binds every
//! derived key to its purpose and context.
//!
//! Everything here is allocation-free. Output keys live in [`zeroize::Zeroizing`] buffers or are
//! moved straight into key types that zeroize on drop.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroizing;

type HmacSha256 = Hmac<Sha256>;

/// Length of an HMAC-SHA256 tag and of every key this crate derives.
pub const TAG_LEN: usize = 32;
/// SHA-256 block size: HMAC keys longer than this are hashed first (RFC 2104).
const BLOCK_LEN: usize = 64;
/// Largest HKDF-Expand output (RFC 5869: 255 blocks).
pub const HKDF_MAX_OUTPUT: usize = 255 * TAG_LEN;

/// Prefix of every labelled `info` string (SPEC.md section 4.1): the crate name and the KDF
/// version.
pub const INFO_PREFIX: &[u8] = b"doorcode\x01";

/// Why an HKDF call was refused.
///
/// ```
/// use doorcode::kdf::{hkdf_expand, KdfError, HKDF_MAX_OUTPUT};
/// let mut okm = vec![0u8; HKDF_MAX_OUTPUT + 1];
/// assert_eq!(hkdf_expand(&[0; 32], &[], &mut okm), Err(KdfError::OutputTooLong { requested: 8161 }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KdfError {
    /// More than [`HKDF_MAX_OUTPUT`] bytes were asked for.
    OutputTooLong {
        /// Bytes requested.
        requested: usize,
    },
}

impl core::fmt::Display for KdfError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::OutputTooLong { requested } => write!(
                f,
                "HKDF output of {requested} bytes requested; at most {HKDF_MAX_OUTPUT} allowed"
            ),
        }
    }
}

impl core::error::Error for KdfError {}

/// A keyed HMAC-SHA256 ready to absorb message parts.
///
/// The RFC 2104 key preprocessing is done here (zero-pad, or hash when longer than a block) so
/// construction is infallible and the padded key is wiped afterwards.
pub(crate) fn hmac_keyed(key: &[u8]) -> HmacSha256 {
    let mut block = Zeroizing::new([0u8; BLOCK_LEN]);
    if key.len() > BLOCK_LEN {
        let digest: [u8; TAG_LEN] = Sha256::digest(key).into();
        if let Some(prefix) = block.get_mut(..TAG_LEN) {
            prefix.copy_from_slice(&digest);
        }
    } else if let Some(prefix) = block.get_mut(..key.len()) {
        prefix.copy_from_slice(key);
    }
    HmacSha256::new(&(*block).into())
}

/// HMAC-SHA256 of the concatenation of `parts` under `key`.
///
/// ```
/// let tag = doorcode::kdf::hmac_sha256(b"key", &[b"The quick brown fox ", b"jumps over the lazy dog"]);
/// assert_eq!(tag[..4], [0xf7, 0xbc, 0x83, 0xf4]); // RFC 4231-style known answer (Wikipedia example)
/// ```
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; TAG_LEN] {
    let mut mac = hmac_keyed(key);
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Constant-time check that `tag` is a correct (possibly truncated, at least 16 bytes)
/// HMAC-SHA256 tag of `parts` under `key`.
///
/// Every byte of the tag is compared whatever the earlier bytes were. Tags shorter than 16 bytes
/// or longer than 32 are refused (a truncated tag must still carry 128 bits).
///
/// ```
/// use doorcode::kdf::{hmac_sha256, hmac_sha256_verify};
/// let tag = hmac_sha256(b"key", &[b"message"]);
/// assert!(hmac_sha256_verify(b"key", &[b"mess", b"age"], &tag));
/// assert!(hmac_sha256_verify(b"key", &[b"message"], &tag[..16]));
/// assert!(!hmac_sha256_verify(b"key", &[b"message"], &tag[..15]));
/// assert!(!hmac_sha256_verify(b"other key", &[b"message"], &tag));
/// ```
pub fn hmac_sha256_verify(key: &[u8], parts: &[&[u8]], tag: &[u8]) -> bool {
    let expected = Zeroizing::new(hmac_sha256(key, parts));
    match expected.get(..tag.len()) {
        Some(prefix) if tag.len() >= 16 => bool::from(prefix.ct_eq(tag)),
        _ => false,
    }
}

/// Constant-time equality of two byte strings (length is not secret).
///
/// ```
/// use doorcode::kdf::ct_eq;
/// assert!(bool::from(ct_eq(b"1234567", b"1234567")));
/// assert!(!bool::from(ct_eq(b"1234567", b"1234568")));
/// assert!(!bool::from(ct_eq(b"123456", b"1234567")));
/// ```
pub fn ct_eq(a: &[u8], b: &[u8]) -> Choice {
    a.ct_eq(b)
}

/// HKDF-Extract (RFC 5869 section 2.2): `PRK = HMAC-SHA256(salt, IKM)`.
///
/// An empty salt means a string of 32 zero bytes, which HMAC treats identically.
///
/// ```
/// // RFC 5869 appendix A.1.
/// let salt: Vec<u8> = (0x00..=0x0c).collect();
/// let prk = doorcode::kdf::hkdf_extract(&salt, &[0x0b; 22]);
/// assert_eq!(prk[..4], [0x07, 0x77, 0x09, 0x36]);
/// assert_eq!(prk[28..], [0xd7, 0xc2, 0xb3, 0xe5]);
/// ```
pub fn hkdf_extract(salt: &[u8], ikm: &[u8]) -> Zeroizing<[u8; TAG_LEN]> {
    Zeroizing::new(hmac_sha256(salt, &[ikm]))
}

/// HKDF-Expand (RFC 5869 section 2.3) of `info` (given as parts that are concatenated) into
/// `okm`, which may be 0 to [`HKDF_MAX_OUTPUT`] bytes long.
///
/// ```
/// // RFC 5869 appendix A.1, from its PRK; `info` may be split into parts.
/// # let salt: Vec<u8> = (0x00..=0x0c).collect();
/// let prk = doorcode::kdf::hkdf_extract(&salt, &[0x0b; 22]);
/// let mut okm = [0u8; 42];
/// doorcode::kdf::hkdf_expand(&prk[..], &[&[0xf0, 0xf1, 0xf2], &[0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9]], &mut okm)?;
/// assert_eq!(okm[..4], [0x3c, 0xb2, 0x5f, 0x25]);
/// assert_eq!(okm[38..], [0x87, 0x18, 0x58, 0x65]);
/// # Ok::<(), doorcode::kdf::KdfError>(())
/// ```
pub fn hkdf_expand(prk: &[u8], info: &[&[u8]], okm: &mut [u8]) -> Result<(), KdfError> {
    if okm.len() > HKDF_MAX_OUTPUT {
        return Err(KdfError::OutputTooLong {
            requested: okm.len(),
        });
    }
    let keyed = hmac_keyed(prk);
    let mut previous = Zeroizing::new([0u8; TAG_LEN]);
    for (index, chunk) in okm.chunks_mut(TAG_LEN).enumerate() {
        let mut mac = keyed.clone();
        if index > 0 {
            mac.update(&previous[..]);
        }
        for part in info {
            mac.update(part);
        }
        // index < 255 by the length check above, so the counter fits in a byte.
        let counter = u8::try_from(index.saturating_add(1)).unwrap_or(u8::MAX);
        mac.update(&[counter]);
        previous.copy_from_slice(&mac.finalize().into_bytes());
        let take = chunk.len();
        chunk.copy_from_slice(previous.get(..take).unwrap_or(&[]));
    }
    Ok(())
}

/// HKDF-SHA256 (extract then expand) into `okm`.
///
/// ```
/// // RFC 5869 appendix A.1.
/// let salt: Vec<u8> = (0x00..=0x0c).collect();
/// let info: Vec<u8> = (0xf0..=0xf9).collect();
/// let mut okm = [0u8; 42];
/// doorcode::kdf::hkdf(&salt, &[0x0b; 22], &[&info], &mut okm)?;
/// assert_eq!(okm[..4], [0x3c, 0xb2, 0x5f, 0x25]);
/// assert_eq!(okm[38..], [0x87, 0x18, 0x58, 0x65]);
/// # Ok::<(), doorcode::kdf::KdfError>(())
/// ```
pub fn hkdf(salt: &[u8], ikm: &[u8], info: &[&[u8]], okm: &mut [u8]) -> Result<(), KdfError> {
    let prk = hkdf_extract(salt, ikm);
    hkdf_expand(&prk[..], info, okm)
}

/// The `info` string of a derived key: [`INFO_PREFIX`], then the label and each context field,
/// each preceded by its length as a 16-bit big-endian integer.
///
/// Length prefixes make the encoding injective: no two (label, fields) lists share an encoding.
/// Labels and fields are short, fixed by this crate's types (at most 64 bytes each).
pub(crate) struct LabelledInfo<'a> {
    label: &'a [u8],
    fields: &'a [&'a [u8]],
}

impl<'a> LabelledInfo<'a> {
    pub(crate) const fn new(label: &'a [u8], fields: &'a [&'a [u8]]) -> Self {
        Self { label, fields }
    }

    fn feed(&self, mac: &mut HmacSha256) {
        mac.update(INFO_PREFIX);
        for part in core::iter::once(&self.label).chain(self.fields.iter()) {
            let len = u16::try_from(part.len()).unwrap_or(u16::MAX);
            mac.update(&len.to_be_bytes());
            mac.update(part);
        }
    }

    /// `HKDF-Expand(parent, info, 32)`: one HMAC block, counter byte 0x01.
    pub(crate) fn expand(&self, parent: &[u8]) -> Zeroizing<[u8; TAG_LEN]> {
        let mut mac = hmac_keyed(parent);
        self.feed(&mut mac);
        mac.update(&[1]);
        Zeroizing::new(mac.finalize().into_bytes().into())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn labelled_expand_is_hkdf_expand_of_the_encoding() {
        let parent = [7u8; 32];
        let info = LabelledInfo::new(b"door", &[b"front", &[0, 1]]);
        let mut manual = [0u8; 32];
        let encoded: &[&[u8]] = &[
            b"doorcode\x01",
            &[0, 4],
            b"door",
            &[0, 5],
            b"front",
            &[0, 2],
            &[0, 1],
        ];
        hkdf_expand(&parent, encoded, &mut manual).unwrap_or_default();
        assert_eq!(*info.expand(&parent), manual);
    }

    #[test]
    fn truncated_tags_below_16_bytes_are_refused() {
        let tag = hmac_sha256(b"k", &[b"m"]);
        assert!(hmac_sha256_verify(b"k", &[b"m"], &tag[..16]));
        assert!(!hmac_sha256_verify(b"k", &[b"m"], &tag[..15]));
        assert!(!hmac_sha256_verify(b"k", &[b"m"], &[]));
    }
}
