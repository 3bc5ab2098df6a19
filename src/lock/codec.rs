//! Byte layouts of door updates and persisted lock state (SPEC.md, "Lock verifier").
//!
//! ```text
//! frame   = u8(version) u32be(total length, tag included) payload tag(32)
//! tag     = HMAC(key, every byte before it)            update key or state key
//! update payload = u64be(counter) i64be(issued_at) config
//! state payload  = u64be(last update counter) dynamic config
//! ```

use core::fmt;

use super::config::{
    ConfigError, LockConfig, MAX_DENIED_PERSONS, MAX_LOCK_SCHEDULES, PermanentEntry, ThrottleConfig,
};
use crate::civil::{DateError, LocalDate};
use crate::code::{CodeFormatError, CodeLength};
use crate::daily::{DailyPolicy, MAX_ISSUERS};
use crate::kdf::{self, TAG_LEN};
use crate::keys::{DoorId, Epoch, IssuerId, KeyError};
use crate::schedule::{DecodeError as ScheduleDecodeError, Grant, Schedule};
use crate::zone::{Zone, ZoneDecodeError};

/// Version byte of door updates.
///
/// ```
/// use doorcode::lock::UPDATE_VERSION;
/// assert_eq!(UPDATE_VERSION, 0x01);
/// ```
pub const UPDATE_VERSION: u8 = 0x01;
/// Version byte of persisted state (0x02: one outstanding wrong-entry count with gradual
/// forgiveness replaced version 0x01's count, streak and last wrong entry).
///
/// ```
/// use doorcode::lock::STATE_VERSION;
/// assert_eq!(STATE_VERSION, 0x02);
/// ```
pub const STATE_VERSION: u8 = 0x02;
/// Bytes of framing: version, length, tag.
pub(crate) const FRAME_OVERHEAD: usize = 1 + 4 + TAG_LEN;
/// Bytes of one permanent entry in an encoding.
///
/// ```
/// use doorcode::lock::ENTRY_LEN;
/// assert_eq!(ENTRY_LEN, 57); // tag, person, two grant bounds, schedule index
/// ```
pub const ENTRY_LEN: usize = TAG_LEN + 8 + 8 + 8 + 1;
/// Schedule index byte meaning "no schedule".
const NO_SCHEDULE: u8 = 0xff;

/// Why bytes were refused as a door update or lock state (after or before the tag check).
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// let mut out = [0u8; 256];
/// let len = build_update(&DoorKey::from_bytes(&[9; 32])?, 1, 0, lock.config(), &mut out)?;
/// out[0] = 0x09;
/// assert_eq!(lock.apply_update(&out[..len]), Err(UpdateError::Malformed(FormatError::UnknownVersion(9))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatError {
    /// The input is shorter than its framing or than its declared length (a torn write).
    Truncated,
    /// The version byte is not one this crate reads.
    UnknownVersion(u8),
    /// Bytes beyond the declared length, or left over after the last field.
    TrailingBytes,
    /// The tag does not match: forged, tampered or written under another door's key.
    BadTag,
    /// The door id field is empty or too long.
    DoorId(KeyError),
    /// The code length is outside 6..=12.
    CodeLength(CodeFormatError),
    /// The zone field is not a valid zone encoding.
    Zone(ZoneDecodeError),
    /// A schedule field is not a valid schedule encoding.
    Schedule(ScheduleDecodeError),
    /// A grant with `not_after < not_before`.
    ReversedGrant,
    /// A date field that does not exist.
    Date(DateError),
    /// A flags byte or presence flag with unknown bits, or an absent value that is not zero.
    NonCanonical,
    /// A field out of its range (counts beyond capacity, a record beyond the table).
    OutOfRange,
    /// The fields decode but do not make a valid configuration.
    Config(ConfigError),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated => f.write_str("input ends before its declared length"),
            Self::UnknownVersion(version) => write!(f, "unknown format version {version:#04x}"),
            Self::TrailingBytes => f.write_str("bytes after the encoding"),
            Self::BadTag => f.write_str("integrity tag does not match"),
            Self::DoorId(error) => write!(f, "invalid door id: {error}"),
            Self::CodeLength(error) => write!(f, "invalid code length: {error}"),
            Self::Zone(error) => write!(f, "invalid zone: {error}"),
            Self::Schedule(error) => write!(f, "invalid schedule: {error}"),
            Self::ReversedGrant => f.write_str("grant ends before it starts"),
            Self::Date(error) => write!(f, "invalid date: {error}"),
            Self::NonCanonical => f.write_str("non-canonical flags or absent value"),
            Self::OutOfRange => f.write_str("field out of range"),
            Self::Config(error) => write!(f, "invalid configuration: {error}"),
        }
    }
}

impl core::error::Error for FormatError {}

/// The output buffer is too small.
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// let mut small = [0u8; 8];
/// assert!(lock.encode_state(&mut small).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BufferTooSmall {
    /// Bytes needed, if known; otherwise the bytes written so far plus one.
    pub needed: usize,
}

impl fmt::Display for BufferTooSmall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "output buffer too small; {} bytes needed", self.needed)
    }
}

impl core::error::Error for BufferTooSmall {}

pub(crate) struct Writer<'a> {
    out: &'a mut [u8],
    pub(crate) pos: usize,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(out: &'a mut [u8]) -> Self {
        Self { out, pos: 0 }
    }

    pub(crate) fn put(&mut self, bytes: &[u8]) -> Result<(), BufferTooSmall> {
        let end = self.pos.saturating_add(bytes.len());
        self.out
            .get_mut(self.pos..end)
            .ok_or(BufferTooSmall { needed: end })?
            .copy_from_slice(bytes);
        self.pos = end;
        Ok(())
    }

    /// Reserve `len` bytes and return their range, for fields encoded in place.
    fn space(&mut self, len: usize) -> Result<&mut [u8], BufferTooSmall> {
        let start = self.pos;
        let end = start.saturating_add(len);
        self.pos = end;
        self.out
            .get_mut(start..end)
            .ok_or(BufferTooSmall { needed: end })
    }

    fn rest(&mut self) -> &mut [u8] {
        self.out.get_mut(self.pos..).unwrap_or(&mut [])
    }

    pub(crate) fn u8(&mut self, value: u8) -> Result<(), BufferTooSmall> {
        self.put(&[value])
    }
    pub(crate) fn u16(&mut self, value: u16) -> Result<(), BufferTooSmall> {
        self.put(&value.to_be_bytes())
    }
    pub(crate) fn u32(&mut self, value: u32) -> Result<(), BufferTooSmall> {
        self.put(&value.to_be_bytes())
    }
    pub(crate) fn u64(&mut self, value: u64) -> Result<(), BufferTooSmall> {
        self.put(&value.to_be_bytes())
    }
    pub(crate) fn i64(&mut self, value: i64) -> Result<(), BufferTooSmall> {
        self.put(&value.to_be_bytes())
    }
    pub(crate) fn opt_i64(&mut self, value: Option<i64>) -> Result<(), BufferTooSmall> {
        self.i64(value.unwrap_or(0))
    }
    pub(crate) fn date(&mut self, date: LocalDate) -> Result<(), BufferTooSmall> {
        self.put(&date.to_bytes())
    }
}

pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    pub(crate) fn take_slice(&mut self, len: usize) -> Result<&'a [u8], FormatError> {
        let end = self.pos.saturating_add(len);
        let slice = self
            .bytes
            .get(self.pos..end)
            .ok_or(FormatError::OutOfRange)?;
        self.pos = end;
        Ok(slice)
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], FormatError> {
        let slice = self.take_slice(N)?;
        slice.try_into().map_err(|_| FormatError::OutOfRange)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, FormatError> {
        Ok(u8::from_be_bytes(self.take()?))
    }
    pub(crate) fn u16(&mut self) -> Result<u16, FormatError> {
        Ok(u16::from_be_bytes(self.take()?))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, FormatError> {
        Ok(u32::from_be_bytes(self.take()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, FormatError> {
        Ok(u64::from_be_bytes(self.take()?))
    }
    pub(crate) fn i64(&mut self) -> Result<i64, FormatError> {
        Ok(i64::from_be_bytes(self.take()?))
    }
    /// An `i64` that is present iff `present`; an absent one must be written as 0.
    pub(crate) fn opt_i64(&mut self, present: bool) -> Result<Option<i64>, FormatError> {
        let value = self.i64()?;
        match (present, value) {
            (true, value) => Ok(Some(value)),
            (false, 0) => Ok(None),
            (false, _) => Err(FormatError::NonCanonical),
        }
    }
    pub(crate) fn date(&mut self) -> Result<LocalDate, FormatError> {
        let [year_hi, year_lo, month, day] = self.take::<4>()?;
        LocalDate::new(u16::from_be_bytes([year_hi, year_lo]), month, day)
            .map_err(FormatError::Date)
    }
    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }
    pub(crate) fn finish(&self) -> Result<(), FormatError> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(FormatError::TrailingBytes)
        }
    }
}

/// Write a frame: `version || u32be(total) || payload || HMAC(key, version || total || payload)`.
/// `payload` writes the payload into the writer it is given.
pub(crate) fn seal(
    key: &[u8],
    version: u8,
    out: &mut [u8],
    payload: impl FnOnce(&mut Writer<'_>) -> Result<(), BufferTooSmall>,
) -> Result<usize, BufferTooSmall> {
    let mut writer = Writer::new(out);
    writer.u8(version)?;
    writer.u32(0)?;
    payload(&mut writer)?;
    let total = writer.pos.saturating_add(TAG_LEN);
    let total32 = u32::try_from(total).map_err(|_| BufferTooSmall { needed: total })?;
    let body_end = writer.pos;
    if writer.out.len() < total {
        return Err(BufferTooSmall { needed: total });
    }
    if let Some(length) = writer.out.get_mut(1..5) {
        length.copy_from_slice(&total32.to_be_bytes());
    }
    let tag = kdf::hmac_sha256(key, &[writer.out.get(..body_end).unwrap_or(&[])]);
    writer.put(&tag)?;
    Ok(writer.pos)
}

/// Check a frame's version, length and tag; returns the payload.
pub(crate) fn open<'a>(key: &[u8], version: u8, bytes: &'a [u8]) -> Result<&'a [u8], FormatError> {
    let first = *bytes.first().ok_or(FormatError::Truncated)?;
    if first != version {
        return Err(FormatError::UnknownVersion(first));
    }
    let length: [u8; 4] = bytes
        .get(1..5)
        .and_then(|b| b.try_into().ok())
        .ok_or(FormatError::Truncated)?;
    let total = usize::try_from(u32::from_be_bytes(length)).map_err(|_| FormatError::OutOfRange)?;
    if total < FRAME_OVERHEAD {
        return Err(FormatError::OutOfRange);
    }
    if bytes.len() < total {
        return Err(FormatError::Truncated);
    }
    if bytes.len() > total {
        return Err(FormatError::TrailingBytes);
    }
    let body_end = total.saturating_sub(TAG_LEN);
    let (signed, tag) = bytes
        .split_at_checked(body_end)
        .ok_or(FormatError::Truncated)?;
    if !kdf::hmac_sha256_verify(key, &[signed], tag) {
        return Err(FormatError::BadTag);
    }
    signed.get(5..).ok_or(FormatError::Truncated)
}

/// Write a configuration (the part shared by updates and state).
pub(crate) fn write_config<const P: usize>(
    w: &mut Writer<'_>,
    config: &LockConfig<P>,
) -> Result<(), BufferTooSmall> {
    let door = config.door.as_bytes();
    w.u8(u8::try_from(door.len()).unwrap_or(u8::MAX))?;
    w.put(door)?;
    let policy = &config.policy;
    w.u8(policy.length.get())?;
    w.u32(policy.daily_slots)?;
    w.u32(policy.single_use_slots)?;
    w.u32(policy.grace_seconds)?;
    w.u16(config.single_use_minutes)?;
    let throttle = &config.throttle;
    w.u8(throttle.limit)?;
    w.u32(throttle.base_seconds)?;
    w.u32(throttle.cap_seconds)?;
    w.u32(throttle.quiet_seconds)?;
    w.u32(config.clock_tolerance_seconds)?;
    let issuers = config.issuers();
    w.u8(u8::try_from(issuers.len()).unwrap_or(u8::MAX))?;
    for (id, epoch) in issuers {
        w.u32(id.0)?;
        w.u32(epoch.0)?;
    }
    let zone_len = config.zone.encoded_len();
    w.u16(u16::try_from(zone_len).unwrap_or(u16::MAX))?;
    let start = w.pos;
    config.zone.encode(w.rest()).map_err(|_| BufferTooSmall {
        needed: start.saturating_add(zone_len),
    })?;
    w.space(zone_len)?;
    let schedules = config.schedules();
    w.u8(u8::try_from(schedules.len()).unwrap_or(u8::MAX))?;
    for schedule in schedules {
        let len = schedule.encoded_len();
        w.u16(u16::try_from(len).unwrap_or(u16::MAX))?;
        let start = w.pos;
        schedule.encode(w.rest()).map_err(|_| BufferTooSmall {
            needed: start.saturating_add(len),
        })?;
        w.space(len)?;
    }
    let entries = config.entries();
    w.u16(u16::try_from(entries.len()).unwrap_or(u16::MAX))?;
    for entry in entries {
        w.put(&entry.tag)?;
        w.u64(entry.person)?;
        w.i64(entry.grant.not_before())?;
        w.i64(entry.grant.not_after())?;
        w.u8(entry.schedule.unwrap_or(NO_SCHEDULE))?;
    }
    let denied = config.denied_persons();
    w.u8(u8::try_from(denied.len()).unwrap_or(u8::MAX))?;
    for person in denied {
        w.u64(*person)?;
    }
    Ok(())
}

/// Read a configuration written by [`write_config`] and validate it.
pub(crate) fn read_config<const P: usize>(
    r: &mut Reader<'_>,
) -> Result<LockConfig<P>, FormatError> {
    let door_len = usize::from(r.u8()?);
    let door = DoorId::new(r.take_slice(door_len)?).map_err(FormatError::DoorId)?;
    let mut config = LockConfig::<P>::new(door);
    let length = CodeLength::new(r.u8()?).map_err(FormatError::CodeLength)?;
    config.policy = DailyPolicy {
        length,
        daily_slots: r.u32()?,
        single_use_slots: r.u32()?,
        grace_seconds: r.u32()?,
    };
    config.single_use_minutes = r.u16()?;
    config.throttle = ThrottleConfig {
        limit: r.u8()?,
        base_seconds: r.u32()?,
        cap_seconds: r.u32()?,
        quiet_seconds: r.u32()?,
    };
    config.clock_tolerance_seconds = r.u32()?;
    let issuer_count = usize::from(r.u8()?);
    if issuer_count > MAX_ISSUERS {
        return Err(FormatError::OutOfRange);
    }
    let mut issuers = [(IssuerId(0), Epoch(0)); MAX_ISSUERS];
    for slot in issuers.iter_mut().take(issuer_count) {
        *slot = (IssuerId(r.u32()?), Epoch(r.u32()?));
    }
    config
        .set_issuers(issuers.get(..issuer_count).unwrap_or(&[]))
        .map_err(FormatError::Config)?;
    let zone_len = usize::from(r.u16()?);
    config.zone = Zone::decode(r.take_slice(zone_len)?).map_err(FormatError::Zone)?;
    let schedule_count = usize::from(r.u8()?);
    if schedule_count > MAX_LOCK_SCHEDULES {
        return Err(FormatError::OutOfRange);
    }
    for _ in 0..schedule_count {
        let len = usize::from(r.u16()?);
        let schedule = Schedule::decode(r.take_slice(len)?).map_err(FormatError::Schedule)?;
        config
            .push_schedule(schedule)
            .map_err(FormatError::Config)?;
    }
    let entry_count = usize::from(r.u16()?);
    if entry_count > P {
        return Err(FormatError::Config(ConfigError::TooManyEntries {
            count: entry_count,
            capacity: P,
        }));
    }
    for _ in 0..entry_count {
        let tag: [u8; TAG_LEN] = r
            .take_slice(TAG_LEN)?
            .try_into()
            .map_err(|_| FormatError::OutOfRange)?;
        let person = r.u64()?;
        let grant = Grant::new(r.i64()?, r.i64()?).map_err(|_| FormatError::ReversedGrant)?;
        let schedule = match r.u8()? {
            NO_SCHEDULE => None,
            index => Some(index),
        };
        config
            .push_entry(PermanentEntry {
                tag,
                person,
                grant,
                schedule,
            })
            .map_err(FormatError::Config)?;
    }
    let denied = usize::from(r.u8()?);
    if denied > MAX_DENIED_PERSONS {
        return Err(FormatError::Config(ConfigError::TooManyDenied));
    }
    for _ in 0..denied {
        config.deny_person(r.u64()?).map_err(FormatError::Config)?;
    }
    config.validate().map_err(FormatError::Config)?;
    Ok(config)
}

/// Longest configuration encoding for `P` permanent entries.
///
/// ```
/// use doorcode::lock::{max_config_len, max_update_len};
/// assert!(max_config_len(64) < max_update_len(64));
/// ```
pub const fn max_config_len(entries: usize) -> usize {
    let fixed = 1 + crate::keys::MAX_DOOR_ID_LEN + 13 + 2 + 13 + 4 + 1 + MAX_ISSUERS * 8;
    let zone = crate::zone::max_encoded_len(0).saturating_add(2);
    let schedules = 1 + MAX_LOCK_SCHEDULES * (2 + crate::schedule::MAX_SCHEDULE_ENCODED_LEN);
    fixed
        .saturating_add(schedules)
        .saturating_add(2)
        .saturating_add(1 + MAX_DENIED_PERSONS * 8)
        .saturating_add(zone)
        .saturating_add(entries.saturating_mul(ENTRY_LEN))
}

/// Longest door update for a lock with `P` permanent entries.
///
/// ```
/// use doorcode::lock::max_update_len;
/// assert_eq!(max_update_len(64), 5782); // 5,652 + 130 for the credential extension (SPEC 16)
/// ```
pub const fn max_update_len(entries: usize) -> usize {
    max_config_len(entries)
        .saturating_add(FRAME_OVERHEAD + 16)
        .saturating_add(super::ble::MAX_UPDATE_EXTENSION_LEN)
}
