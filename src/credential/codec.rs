//! Byte layouts of credentials, caveats and presentations (SPEC.md section 16.2).

// The encoders serve the issuing side, which needs `alloc`.
#![cfg_attr(not(feature = "alloc"), allow(dead_code))]

use crate::keys::{Epoch, IssuerId};
use crate::schedule::{Grant, MAX_SCHEDULE_ENCODED_LEN, Schedule};

use super::{
    Caveat, CredentialError, CredentialFields, CredentialId, DoorSet, ID_LEN, MAX_CAVEATS,
    MAX_DOORS, PROOF_LEN, Role, SIV_LEN,
};

/// Version byte of a credential blob.
///
/// ```
/// assert_eq!(doorcode::credential::CREDENTIAL_VERSION, 1);
/// ```
pub const CREDENTIAL_VERSION: u8 = 0x01;
/// Version byte of a presentation (and of the chain format inside it).
///
/// ```
/// assert_eq!(doorcode::credential::PRESENTATION_VERSION, 1);
/// ```
pub const PRESENTATION_VERSION: u8 = 0x01;
/// Public header: version, issuer, epoch, door count, synthetic IV.
///
/// ```
/// assert_eq!(doorcode::credential::CREDENTIAL_HEADER_LEN, 26);
/// ```
pub const CREDENTIAL_HEADER_LEN: usize = 1 + 4 + 4 + 1 + SIV_LEN;
/// Bytes of the header the body's synthetic IV covers (everything before the IV).
pub(crate) const SIV_COVERED_HEADER_LEN: usize = 1 + 4 + 4 + 1;
/// Fixed part of a body: id, holder, Key, flags, window, schedule length.
///
/// ```
/// assert_eq!(doorcode::credential::BODY_FIXED_LEN, 51);
/// ```
pub const BODY_FIXED_LEN: usize = ID_LEN + 8 + 8 + 1 + 8 + 8 + 2;
/// Longest body (with the longest schedule).
///
/// ```
/// assert_eq!(doorcode::credential::MAX_BODY_LEN, 454);
/// ```
pub const MAX_BODY_LEN: usize = BODY_FIXED_LEN + MAX_SCHEDULE_ENCODED_LEN;
/// Longest credential blob: 32 doors and the longest schedule.
///
/// ```
/// assert_eq!(doorcode::credential::MAX_BLOB_LEN, 992);
/// ```
pub const MAX_BLOB_LEN: usize = CREDENTIAL_HEADER_LEN + MAX_DOORS * WRAPPED_KEY_LEN + MAX_BODY_LEN;
/// Fixed part of a caveat: link id, guest, doors, flags, window, schedule length.
///
/// ```
/// assert_eq!(doorcode::credential::CAVEAT_FIXED_LEN, 47);
/// ```
pub const CAVEAT_FIXED_LEN: usize = ID_LEN + 8 + 4 + 1 + 8 + 8 + 2;
/// Longest caveat plaintext.
///
/// ```
/// assert_eq!(doorcode::credential::MAX_CAVEAT_BODY_LEN, 450);
/// ```
pub const MAX_CAVEAT_BODY_LEN: usize = CAVEAT_FIXED_LEN + MAX_SCHEDULE_ENCODED_LEN;
/// Longest sealed caveat (synthetic IV and ciphertext).
///
/// ```
/// assert_eq!(doorcode::credential::MAX_SEALED_CAVEAT_LEN, 466);
/// ```
pub const MAX_SEALED_CAVEAT_LEN: usize = SIV_LEN + MAX_CAVEAT_BODY_LEN;
/// Longest presentation: version, slot, blob, caveats, response.
///
/// ```
/// assert_eq!(doorcode::credential::MAX_PRESENTATION_LEN, 2901);
/// ```
pub const MAX_PRESENTATION_LEN: usize =
    1 + 1 + 2 + MAX_BLOB_LEN + 1 + MAX_CAVEATS * (2 + MAX_SEALED_CAVEAT_LEN) + PROOF_LEN;

/// A wrapped content key per door.
pub(crate) const WRAPPED_KEY_LEN: usize = super::CONTENT_KEY_LEN;

const BODY_MAY_SHARE: u8 = 0x01;
const BODY_RESIDENT: u8 = 0x02;
const CAVEAT_MAY_SHARE: u8 = 0x01;

/// The public part of a credential blob.
///
/// ```
/// # #[cfg(feature = "alloc")] {
/// use doorcode::credential::*;
/// use doorcode::keys::*;
/// let site = SiteKey::from_bytes(&[7; 32])?;
/// let doors = [DoorId::new(b"a")?, DoorId::new(b"b")?];
/// let issuer = CredentialIssuer::from_site(&site, IssuerId(3), Epoch(1), &doors);
/// let fields = CredentialFields::new(CredentialId::default(), 1, doorcode::schedule::Grant::ALWAYS);
/// let holder = issuer.issue(&fields, &doors, &[1; 16])?;
/// let header = decode_header(holder.blob())?;
/// assert_eq!((header.issuer, header.epoch, header.door_count), (IssuerId(3), Epoch(1), 2));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CredentialHeader {
    /// The issuer whose key sealed it.
    pub issuer: IssuerId,
    /// The issuer's epoch at issue.
    pub epoch: Epoch,
    /// Number of doors (wrapped keys).
    pub door_count: u8,
    /// The body's synthetic IV.
    pub siv: [u8; SIV_LEN],
}

/// The length of a blob with `doors` doors and a schedule of `schedule_len` encoded bytes
/// (0 for none).
///
/// ```
/// use doorcode::credential::blob_len;
/// assert_eq!(blob_len(1, 0), 93);
/// assert_eq!(blob_len(20, 0), 397);
/// ```
pub const fn blob_len(doors: usize, schedule_len: usize) -> usize {
    CREDENTIAL_HEADER_LEN
        .saturating_add(doors.saturating_mul(WRAPPED_KEY_LEN))
        .saturating_add(BODY_FIXED_LEN)
        .saturating_add(schedule_len)
}

/// Read and check a blob's public header, and that its length fits its door count.
///
/// ```
/// use doorcode::credential::{decode_header, CredentialError};
/// let mut blob = [0u8; 93];
/// blob[0] = 1; // version
/// blob[9] = 1; // one door
/// assert_eq!(decode_header(&blob)?.door_count, 1);
/// blob[9] = 0;
/// assert_eq!(decode_header(&blob), Err(CredentialError::NoDoors));
/// # Ok::<(), CredentialError>(())
/// ```
pub fn decode_header(blob: &[u8]) -> Result<CredentialHeader, CredentialError> {
    let mut r = Cursor::new(blob);
    let version = r.u8()?;
    if version != CREDENTIAL_VERSION {
        return Err(CredentialError::UnknownVersion(version));
    }
    if blob.len() > MAX_BLOB_LEN {
        return Err(CredentialError::TooLong);
    }
    let issuer = IssuerId(r.u32()?);
    let epoch = Epoch(r.u32()?);
    let door_count = r.u8()?;
    if door_count == 0 {
        return Err(CredentialError::NoDoors);
    }
    if usize::from(door_count) > MAX_DOORS {
        return Err(CredentialError::TooManyDoors);
    }
    let siv = r.array::<SIV_LEN>()?;
    let body_len = blob
        .len()
        .checked_sub(blob_len(usize::from(door_count), 0))
        .map(|extra| extra.saturating_add(BODY_FIXED_LEN))
        .ok_or(CredentialError::Truncated)?;
    if body_len > MAX_BODY_LEN {
        return Err(CredentialError::TooLong);
    }
    Ok(CredentialHeader {
        issuer,
        epoch,
        door_count,
        siv,
    })
}

/// The wrapped content key of door `index` and the body ciphertext of a blob whose header
/// decoded.
pub(crate) fn split_blob<'a>(
    blob: &'a [u8],
    header: &CredentialHeader,
    index: u8,
) -> Result<([u8; WRAPPED_KEY_LEN], &'a [u8]), CredentialError> {
    if index >= header.door_count {
        return Err(CredentialError::DoorIndexOutOfRange(index));
    }
    let slots_len = usize::from(header.door_count).saturating_mul(WRAPPED_KEY_LEN);
    let rest = blob
        .get(CREDENTIAL_HEADER_LEN..)
        .ok_or(CredentialError::Truncated)?;
    let (slots, body) = rest
        .split_at_checked(slots_len)
        .ok_or(CredentialError::Truncated)?;
    let start = usize::from(index).saturating_mul(WRAPPED_KEY_LEN);
    let slot = slots
        .get(start..start.saturating_add(WRAPPED_KEY_LEN))
        .and_then(|slot| slot.try_into().ok())
        .ok_or(CredentialError::Truncated)?;
    Ok((slot, body))
}

/// A forward-only reader that fails with [`CredentialError::Truncated`].
pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes }
    }

    pub(crate) fn take(&mut self, len: usize) -> Result<&'a [u8], CredentialError> {
        let (head, tail) = self
            .bytes
            .split_at_checked(len)
            .ok_or(CredentialError::Truncated)?;
        self.bytes = tail;
        Ok(head)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], CredentialError> {
        self.take(N)?
            .try_into()
            .map_err(|_| CredentialError::Truncated)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, CredentialError> {
        Ok(u8::from_be_bytes(self.array()?))
    }

    pub(crate) fn u16(&mut self) -> Result<u16, CredentialError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, CredentialError> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, CredentialError> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    pub(crate) fn i64(&mut self) -> Result<i64, CredentialError> {
        Ok(i64::from_be_bytes(self.array()?))
    }

    pub(crate) fn finish(&self) -> Result<(), CredentialError> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(CredentialError::TrailingBytes)
        }
    }
}

/// A writer into a fixed buffer.
pub(crate) struct Writer<'a> {
    out: &'a mut [u8],
    pos: usize,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(out: &'a mut [u8]) -> Self {
        Self { out, pos: 0 }
    }

    pub(crate) fn space(&mut self, len: usize) -> Result<&mut [u8], CredentialError> {
        let end = self.pos.saturating_add(len);
        let slot = self
            .out
            .get_mut(self.pos..end)
            .ok_or(CredentialError::BufferTooSmall { needed: end })?;
        self.pos = end;
        Ok(slot)
    }

    pub(crate) fn put(&mut self, bytes: &[u8]) -> Result<(), CredentialError> {
        self.space(bytes.len())?.copy_from_slice(bytes);
        Ok(())
    }

    pub(crate) fn len(&self) -> usize {
        self.pos
    }
}

fn write_grant(w: &mut Writer<'_>, grant: &Grant) -> Result<(), CredentialError> {
    w.put(&grant.not_before().to_be_bytes())?;
    w.put(&grant.not_after().to_be_bytes())
}

fn read_grant(r: &mut Cursor<'_>) -> Result<Grant, CredentialError> {
    Grant::new(r.i64()?, r.i64()?).map_err(|_| CredentialError::ReversedGrant)
}

fn write_schedule(w: &mut Writer<'_>, schedule: Option<&Schedule>) -> Result<(), CredentialError> {
    let Some(schedule) = schedule else {
        return w.put(&0u16.to_be_bytes());
    };
    let len = schedule.encoded_len();
    w.put(&u16::try_from(len).unwrap_or(u16::MAX).to_be_bytes())?;
    let slot = w.space(len)?;
    schedule
        .encode(slot)
        .map_err(|_| CredentialError::BufferTooSmall { needed: len })?;
    Ok(())
}

fn read_schedule(r: &mut Cursor<'_>) -> Result<Option<Schedule>, CredentialError> {
    let len = usize::from(r.u16()?);
    if len == 0 {
        return Ok(None);
    }
    if len > MAX_SCHEDULE_ENCODED_LEN {
        return Err(CredentialError::TooLong);
    }
    Schedule::decode(r.take(len)?)
        .map(Some)
        .map_err(CredentialError::Schedule)
}

/// Write a body's plaintext; returns its length.
pub(crate) fn encode_body(
    fields: &CredentialFields,
    out: &mut [u8],
) -> Result<usize, CredentialError> {
    let mut w = Writer::new(out);
    w.put(fields.id.as_bytes())?;
    w.put(&fields.holder.to_be_bytes())?;
    w.put(&fields.key.to_be_bytes())?;
    let flags = if fields.may_share { BODY_MAY_SHARE } else { 0 }
        | if fields.role == Role::Resident {
            BODY_RESIDENT
        } else {
            0
        };
    w.put(&[flags])?;
    write_grant(&mut w, &fields.grant)?;
    write_schedule(&mut w, fields.schedule.as_ref())?;
    Ok(w.len())
}

/// Read a body's plaintext (all of `bytes`).
pub(crate) fn decode_body(bytes: &[u8]) -> Result<CredentialFields, CredentialError> {
    let mut r = Cursor::new(bytes);
    let id = CredentialId(r.array()?);
    let holder = r.u64()?;
    let key = r.u64()?;
    let flags = r.u8()?;
    if flags & !(BODY_MAY_SHARE | BODY_RESIDENT) != 0 {
        return Err(CredentialError::UnknownFlags(flags));
    }
    let grant = read_grant(&mut r)?;
    let schedule = read_schedule(&mut r)?;
    r.finish()?;
    Ok(CredentialFields {
        id,
        holder,
        key,
        grant,
        schedule,
        role: if flags & BODY_RESIDENT != 0 {
            Role::Resident
        } else {
            Role::NonResident
        },
        may_share: flags & BODY_MAY_SHARE != 0,
    })
}

/// Write a caveat's plaintext; returns its length.
pub(crate) fn encode_caveat(caveat: &Caveat, out: &mut [u8]) -> Result<usize, CredentialError> {
    let mut w = Writer::new(out);
    w.put(caveat.link.as_bytes())?;
    w.put(&caveat.guest.to_be_bytes())?;
    w.put(&caveat.doors.0.to_be_bytes())?;
    w.put(&[if caveat.may_share {
        CAVEAT_MAY_SHARE
    } else {
        0
    }])?;
    write_grant(&mut w, &caveat.grant)?;
    write_schedule(&mut w, caveat.schedule.as_ref())?;
    Ok(w.len())
}

/// Read a caveat's plaintext (all of `bytes`).
pub(crate) fn decode_caveat(bytes: &[u8]) -> Result<Caveat, CredentialError> {
    let mut r = Cursor::new(bytes);
    let link = CredentialId(r.array()?);
    let guest = r.u64()?;
    let doors = DoorSet(r.u32()?);
    let flags = r.u8()?;
    if flags & !CAVEAT_MAY_SHARE != 0 {
        return Err(CredentialError::UnknownFlags(flags));
    }
    let grant = read_grant(&mut r)?;
    let schedule = read_schedule(&mut r)?;
    r.finish()?;
    Ok(Caveat {
        link,
        guest,
        doors,
        grant,
        schedule,
        may_share: flags & CAVEAT_MAY_SHARE != 0,
    })
}

/// A parsed presentation, borrowing its input.
pub(crate) struct PresentationRef<'a> {
    pub(crate) slot: u8,
    pub(crate) blob: &'a [u8],
    pub(crate) caveats: [&'a [u8]; MAX_CAVEATS],
    pub(crate) caveat_count: u8,
    pub(crate) response: [u8; PROOF_LEN],
}

impl<'a> PresentationRef<'a> {
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Self, CredentialError> {
        let mut r = Cursor::new(bytes);
        let version = r.u8()?;
        if version != PRESENTATION_VERSION {
            return Err(CredentialError::UnknownVersion(version));
        }
        if bytes.len() > MAX_PRESENTATION_LEN {
            return Err(CredentialError::TooLong);
        }
        let slot = r.u8()?;
        let blob_len = usize::from(r.u16()?);
        let blob = r.take(blob_len)?;
        let caveat_count = r.u8()?;
        if usize::from(caveat_count) > MAX_CAVEATS {
            return Err(CredentialError::TooManyCaveats);
        }
        let mut caveats: [&'a [u8]; MAX_CAVEATS] = [&[]; MAX_CAVEATS];
        for caveat in caveats.iter_mut().take(usize::from(caveat_count)) {
            let len = usize::from(r.u16()?);
            if len > MAX_SEALED_CAVEAT_LEN {
                return Err(CredentialError::TooLong);
            }
            if len < SIV_LEN.saturating_add(CAVEAT_FIXED_LEN) {
                return Err(CredentialError::Truncated);
            }
            *caveat = r.take(len)?;
        }
        let response = r.array()?;
        r.finish()?;
        Ok(Self {
            slot,
            blob,
            caveats,
            caveat_count,
            response,
        })
    }

    pub(crate) fn caveats(&self) -> &[&'a [u8]] {
        self.caveats
            .get(..usize::from(self.caveat_count))
            .unwrap_or(&[])
    }

    /// The presentation's fields the response binds besides the chain: version, slot, count.
    pub(crate) fn bound_fields(&self) -> [u8; 3] {
        [PRESENTATION_VERSION, self.slot, self.caveat_count]
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::schedule::{DayMask, TimeRange, Window};

    fn fields() -> CredentialFields {
        let mut fields =
            CredentialFields::new(CredentialId([3; 16]), 0x0102, Grant::new(-5, 7).unwrap());
        fields.key = 9;
        fields.may_share = true;
        fields.schedule = Some(
            Schedule::from_windows(&[Window::new(
                DayMask::WEEKEND,
                TimeRange::new(60, 120).unwrap(),
            )])
            .unwrap(),
        );
        fields
    }

    #[test]
    fn bodies_round_trip_and_have_the_documented_layout() {
        let fields = fields();
        let mut out = [0u8; MAX_BODY_LEN];
        let len = encode_body(&fields, &mut out).unwrap();
        assert_eq!(len, BODY_FIXED_LEN + 7);
        assert_eq!(&out[16..24], &0x0102u64.to_be_bytes());
        assert_eq!(out[32], 0x01, "may-share, non-resident");
        assert_eq!(&out[33..41], &(-5i64).to_be_bytes());
        assert_eq!(&out[49..51], &[0, 7]);
        assert_eq!(decode_body(&out[..len]).unwrap(), fields);
        assert_eq!(
            decode_body(&out[..len - 1]),
            Err(CredentialError::Truncated)
        );
        let mut bad = out;
        bad[32] = 0x04;
        assert_eq!(
            decode_body(&bad[..len]),
            Err(CredentialError::UnknownFlags(4))
        );
        let mut reversed = out;
        reversed[33..41].copy_from_slice(&100i64.to_be_bytes());
        assert_eq!(
            decode_body(&reversed[..len]),
            Err(CredentialError::ReversedGrant)
        );
        assert_eq!(
            encode_body(&fields, &mut [0u8; 20]),
            Err(CredentialError::BufferTooSmall { needed: 24 })
        );
    }

    #[test]
    fn caveats_round_trip() {
        let mut caveat = Caveat::new(CredentialId([5; 16]), 8, DoorSet(0b101), Grant::ALWAYS);
        caveat.may_share = true;
        let mut out = [0u8; MAX_CAVEAT_BODY_LEN];
        let len = encode_caveat(&caveat, &mut out).unwrap();
        assert_eq!(len, CAVEAT_FIXED_LEN);
        assert_eq!(&out[24..28], &[0, 0, 0, 5]);
        assert_eq!(decode_caveat(&out[..len]).unwrap(), caveat);
        let mut trailing = out;
        trailing[len] = 0;
        assert_eq!(
            decode_caveat(&trailing[..len + 1]),
            Err(CredentialError::TrailingBytes)
        );
        out[28] = 0x02;
        assert_eq!(
            decode_caveat(&out[..len]),
            Err(CredentialError::UnknownFlags(2))
        );
    }

    #[test]
    fn headers_check_door_counts_and_lengths() {
        let mut blob = [0u8; 93];
        blob[0] = CREDENTIAL_VERSION;
        blob[9] = 1;
        assert_eq!(decode_header(&blob).unwrap().door_count, 1);
        blob[9] = 2; // 93 bytes cannot hold two wrapped keys and a body
        assert_eq!(decode_header(&blob), Err(CredentialError::Truncated));
        blob[9] = 1;
        let header = decode_header(&blob).unwrap();
        assert_eq!(
            split_blob(&blob, &header, 1).err(),
            Some(CredentialError::DoorIndexOutOfRange(1))
        );
        let (_, body) = split_blob(&blob, &header, 0).unwrap();
        assert_eq!(body.len(), BODY_FIXED_LEN);
    }

    #[test]
    fn limits_match_the_spec() {
        assert_eq!(MAX_BODY_LEN, 454);
        assert_eq!(MAX_BLOB_LEN, 992);
        assert_eq!(MAX_SEALED_CAVEAT_LEN, 466);
        assert_eq!(MAX_PRESENTATION_LEN, 2901);
    }
}
