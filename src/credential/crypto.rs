//! The credential's keys, AES-256-CTR sealing with synthetic IVs, and the proof-key chain
//! (SPEC.md sections 16.1 and 16.3). Nothing here allocates.

// The encoders serve the issuing side, which needs `alloc`.
#![cfg_attr(not(feature = "alloc"), allow(dead_code))]

use aes::Aes256;
use aes::cipher::consts::U16;
use aes::cipher::{Block, BlockCipherEncrypt, BlockSizeUser, KeyInit};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::kdf::{LabelledInfo, TAG_LEN};
use crate::keys::{DoorId, DoorKey, Epoch, IssuerId, IssuerKey, KeyError};

use super::codec::{self, SIV_COVERED_HEADER_LEN, WRAPPED_KEY_LEN};
use super::{
    BODY_SIV_LABEL, CAVEAT_SIV_LABEL, CAVEAT_TAG_LABEL, CONTENT_ENC_LABEL, CONTENT_KEY_LABEL,
    CONTENT_KEY_LEN, CONTENT_SIV_LABEL, CREDENTIAL_ENC_LABEL, CREDENTIAL_MAC_LABEL, ContentKey,
    CredentialError, CredentialFields, ID_LEN, MAX_BODY_LEN, MAX_CAVEAT_BODY_LEN, PROOF_LEN,
    ProofKey, RESPONSE_LABEL, ROOT_TAG_LABEL, SIV_LEN,
};

/// A door's credential keys for one issuer and epoch.
pub(crate) struct DoorCredentialKeys {
    pub(crate) enc: Zeroizing<[u8; TAG_LEN]>,
    pub(crate) mac: Zeroizing<[u8; TAG_LEN]>,
}

impl DoorCredentialKeys {
    /// `credential-enc` and `credential-mac` below the issuer key, bound to the door id.
    pub(crate) fn from_issuer_key(issuer_key: &IssuerKey, door: &DoorId) -> Self {
        Self {
            enc: issuer_key.purpose_key(CREDENTIAL_ENC_LABEL, &[door.as_bytes()]),
            mac: issuer_key.purpose_key(CREDENTIAL_MAC_LABEL, &[door.as_bytes()]),
        }
    }

    pub(crate) fn from_door_key(
        door_key: &DoorKey,
        door: &DoorId,
        issuer: IssuerId,
        epoch: Epoch,
    ) -> Self {
        Self::from_issuer_key(&door_key.issuer_key(issuer, epoch), door)
    }
}

/// The keys below a content key. The AES key schedule is expanded once and reused for the
/// body and every caveat (it zeroizes on drop).
pub(crate) struct ContentKeys {
    enc: Aes256,
    siv: Zeroizing<[u8; TAG_LEN]>,
}

impl ContentKeys {
    pub(crate) fn new(content_key: &ContentKey) -> Self {
        let enc = LabelledInfo::new(CONTENT_ENC_LABEL, &[]).expand(content_key.as_bytes());
        Self {
            enc: Aes256::new((&*enc).into()),
            siv: LabelledInfo::new(CONTENT_SIV_LABEL, &[]).expand(content_key.as_bytes()),
        }
    }

    /// The body's synthetic IV: over the header before the IV and the body plaintext.
    pub(crate) fn body_siv(&self, header: &[u8], body: &[u8]) -> [u8; SIV_LEN] {
        truncate(&LabelledInfo::new(BODY_SIV_LABEL, &[header, body]).expand(&self.siv[..]))
    }

    /// Caveat `position`'s (1-based) synthetic IV, bound to the body's IV and its plaintext.
    pub(crate) fn caveat_siv(
        &self,
        body_siv: &[u8; SIV_LEN],
        position: u8,
        plaintext: &[u8],
    ) -> [u8; SIV_LEN] {
        let position = [position];
        let fields: [&[u8]; 3] = [body_siv, &position, plaintext];
        truncate(&LabelledInfo::new(CAVEAT_SIV_LABEL, &fields).expand(&self.siv[..]))
    }

    /// Encrypt or decrypt in place with IV `siv`.
    pub(crate) fn apply(&self, siv: &[u8; SIV_LEN], buf: &mut [u8]) {
        ctr_apply(&self.enc, siv, buf);
    }
}

fn truncate(tag: &[u8; TAG_LEN]) -> [u8; SIV_LEN] {
    let mut out = [0u8; SIV_LEN];
    out.copy_from_slice(tag.get(..SIV_LEN).unwrap_or(&[0; SIV_LEN]));
    out
}

/// CTR mode (NIST SP 800-38A section 6.5): block `i` of `buf` is XORed with the encryption of
/// `iv + i`, the counter block incremented as a 128-bit big-endian integer (wrapping).
///
/// A plain loop over the block cipher rather than the `ctr` crate: the same output, and its
/// stream-cipher layer no longer ships in the wasm package (about 6 KB there).
fn ctr_apply<C>(cipher: &C, iv: &[u8; 16], buf: &mut [u8])
where
    C: BlockCipherEncrypt + BlockSizeUser<BlockSize = U16>,
{
    let mut counter = u128::from_be_bytes(*iv);
    for chunk in buf.chunks_mut(16) {
        let mut keystream = Block::<C>::from(counter.to_be_bytes());
        cipher.encrypt_block(&mut keystream);
        for (byte, key) in chunk.iter_mut().zip(keystream.iter()) {
            *byte ^= key;
        }
        zeroize::Zeroize::zeroize(keystream.as_mut_slice());
        counter = counter.wrapping_add(1);
    }
}

/// AES-256-CTR (NIST SP 800-38A, 128-bit big-endian counter starting at `iv`).
pub(crate) fn aes_ctr(key: &[u8; 32], iv: &[u8; 16], buf: &mut [u8]) {
    ctr_apply(&Aes256::new(key.into()), iv, buf);
}

/// AES-CTR as credentials use it (NIST SP 800-38A section 6.5: the counter block starts at
/// `iv` and is incremented as a 128-bit big-endian integer), with a 16-byte (AES-128) or
/// 32-byte (AES-256) key; credentials use AES-256. Encryption and decryption are the same
/// operation. Exposed for the SP 800-38A known-answer tests and for second implementations.
///
/// ```
/// use doorcode::credential::aes_ctr_apply;
/// // NIST SP 800-38A F.5.1, first block.
/// let key = [0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c];
/// let iv = [0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff];
/// let mut block = [0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a];
/// aes_ctr_apply(&key, &iv, &mut block)?;
/// assert_eq!(block[..4], [0x87, 0x4d, 0x61, 0x91]);
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
pub fn aes_ctr_apply(key: &[u8], iv: &[u8; 16], buf: &mut [u8]) -> Result<(), KeyError> {
    if let Ok(key) = <&[u8; 32]>::try_from(key) {
        aes_ctr(key, iv, buf);
        return Ok(());
    }
    let key: &[u8; 16] = key.try_into().map_err(|_| KeyError::WrongLength {
        got: key.len(),
        expected: 32,
    })?;
    ctr_apply(&aes::Aes128::new(key.into()), iv, buf);
    Ok(())
}

/// The content key of credential `id`: secret even if `entropy` is poor, because it is
/// derived with the first door's enc key.
pub(crate) fn content_key(
    first_door_enc: &[u8; TAG_LEN],
    id: &[u8; ID_LEN],
    entropy: &[u8],
) -> ContentKey {
    let full = LabelledInfo::new(CONTENT_KEY_LABEL, &[id, entropy]).expand(first_door_enc);
    let mut key = [0u8; CONTENT_KEY_LEN];
    key.copy_from_slice(full.get(..CONTENT_KEY_LEN).unwrap_or(&[0; CONTENT_KEY_LEN]));
    let out = ContentKey(key);
    zeroize::Zeroize::zeroize(&mut key);
    out
}

/// Wrap (or unwrap) a content key under a door's enc key: one AES-CTR block at IV = the
/// body's synthetic IV.
pub(crate) fn wrap(
    door_enc: &[u8; TAG_LEN],
    siv: &[u8; SIV_LEN],
    key: &[u8; WRAPPED_KEY_LEN],
) -> [u8; WRAPPED_KEY_LEN] {
    let mut out = *key;
    aes_ctr(door_enc, siv, &mut out);
    out
}

/// `T0 = HKDF-Expand(door mac key, info("credential-root", blob))`.
pub(crate) fn root_tag(door_mac: &[u8; TAG_LEN], blob: &[u8]) -> ProofKey {
    ProofKey(*LabelledInfo::new(ROOT_TAG_LABEL, &[blob]).expand(door_mac))
}

/// `T_i = HKDF-Expand(T_{i-1}, info("credential-caveat", sealed caveat i))`.
pub(crate) fn next_tag(previous: &ProofKey, sealed: &[u8]) -> ProofKey {
    ProofKey(*LabelledInfo::new(CAVEAT_TAG_LABEL, &[sealed]).expand(previous.as_bytes()))
}

/// `response = HKDF-Expand(T_n, info("credential-response", nonce, door id, bound fields))`.
pub(crate) fn response(
    proof: &ProofKey,
    nonce: &[u8],
    door: &DoorId,
    bound: &[u8],
) -> [u8; PROOF_LEN] {
    *LabelledInfo::new(RESPONSE_LABEL, &[nonce, door.as_bytes(), bound]).expand(proof.as_bytes())
}

/// Constant-time comparison of a response.
pub(crate) fn response_matches(expected: &[u8; PROOF_LEN], got: &[u8; PROOF_LEN]) -> bool {
    expected.ct_eq(got).into()
}

/// Decrypt and authenticate a blob's body with a content key (into `out`); returns the
/// plaintext length.
pub(crate) fn open_body(
    keys: &ContentKeys,
    blob: &[u8],
    header: &codec::CredentialHeader,
    out: &mut [u8; MAX_BODY_LEN],
) -> Result<usize, CredentialError> {
    let (_, body) = codec::split_blob(blob, header, 0)?;
    let plain = out.get_mut(..body.len()).ok_or(CredentialError::TooLong)?;
    plain.copy_from_slice(body);
    keys.apply(&header.siv, plain);
    let covered = blob
        .get(..SIV_COVERED_HEADER_LEN)
        .ok_or(CredentialError::Truncated)?;
    let siv = keys.body_siv(covered, plain);
    if bool::from(siv.ct_eq(&header.siv)) {
        Ok(body.len())
    } else {
        plain.fill(0);
        Err(CredentialError::WrongContentKey)
    }
}

/// Decrypt and authenticate sealed caveat `position` (1-based) into `out`; returns the
/// plaintext length.
pub(crate) fn open_caveat(
    keys: &ContentKeys,
    body_siv: &[u8; SIV_LEN],
    position: u8,
    sealed: &[u8],
    out: &mut [u8; MAX_CAVEAT_BODY_LEN],
) -> Result<usize, CredentialError> {
    let len = decrypt_caveat(keys, sealed, out)?;
    let (siv, _) = sealed
        .split_first_chunk::<SIV_LEN>()
        .ok_or(CredentialError::Truncated)?;
    let plain = out.get_mut(..len).ok_or(CredentialError::TooLong)?;
    let expected = keys.caveat_siv(body_siv, position, plain);
    if bool::from(expected.ct_eq(siv)) {
        Ok(len)
    } else {
        plain.fill(0);
        Err(CredentialError::WrongContentKey)
    }
}

/// Lock side: decrypt sealed caveat into `out` without recomputing its synthetic IV. The
/// proof chain already authenticates the sealed bytes, and whoever can extend the chain holds
/// the content key and could seal any plaintext, so the IV check would add nothing there
/// (SPEC.md 16.5); holders check it in [`open_caveat`].
pub(crate) fn decrypt_caveat(
    keys: &ContentKeys,
    sealed: &[u8],
    out: &mut [u8; MAX_CAVEAT_BODY_LEN],
) -> Result<usize, CredentialError> {
    let (siv, ciphertext) = sealed
        .split_first_chunk::<SIV_LEN>()
        .ok_or(CredentialError::Truncated)?;
    let plain = out
        .get_mut(..ciphertext.len())
        .ok_or(CredentialError::TooLong)?;
    plain.copy_from_slice(ciphertext);
    keys.apply(siv, plain);
    Ok(ciphertext.len())
}

/// Backend or lock side: unwrap door `slot`'s content key with the door key and read the
/// body. Checks the body's synthetic IV (which fails if `slot` is not this door's), not the
/// holder's proof: this is for inspection, not for opening doors.
///
/// ```
/// # #[cfg(feature = "alloc")] {
/// use doorcode::credential::*;
/// use doorcode::keys::*;
/// let site = SiteKey::from_bytes(&[7; 32])?;
/// let doors = [DoorId::new(b"a")?, DoorId::new(b"b")?];
/// let issuer = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &doors);
/// let fields = CredentialFields::new(CredentialId::from_bytes([4; 16]), 9,
///                                    doorcode::schedule::Grant::ALWAYS);
/// let holder = issuer.issue(&fields, &doors, &[1; 16])?;
/// let b = site.door_key(&doors[1]);
/// assert_eq!(open_blob_with_door_key(&b, &doors[1], holder.blob(), 1)?, fields);
/// assert_eq!(open_blob_with_door_key(&b, &doors[1], holder.blob(), 0),
///            Err(CredentialError::WrongContentKey));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn open_blob_with_door_key(
    door_key: &DoorKey,
    door: &DoorId,
    blob: &[u8],
    slot: u8,
) -> Result<CredentialFields, CredentialError> {
    let header = codec::decode_header(blob)?;
    let keys = DoorCredentialKeys::from_door_key(door_key, door, header.issuer, header.epoch);
    let content = unwrap_content_key(&keys, blob, &header, slot)?;
    let mut plain = Zeroizing::new([0u8; MAX_BODY_LEN]);
    let len = open_body(&ContentKeys::new(&content), blob, &header, &mut plain)?;
    codec::decode_body(plain.get(..len).unwrap_or(&[]))
}

pub(crate) fn unwrap_content_key(
    keys: &DoorCredentialKeys,
    blob: &[u8],
    header: &codec::CredentialHeader,
    slot: u8,
) -> Result<ContentKey, CredentialError> {
    let (wrapped, _) = codec::split_blob(blob, header, slot)?;
    Ok(ContentKey(wrap(&keys.enc, &header.siv, &wrapped)))
}
