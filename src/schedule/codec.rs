//! The compact binary encoding of schedules and access rules (SPEC.md, "Schedules", "Binary
//! encoding").
//!
//! ```text
//! schedule    = version(0x01) body
//! body        = u8(window count 0..=16) window*  u8(exception count 0..=16) exception*
//! window      = u8(day mask, bits 0..=6 = Mon..=Sun, not 0) range
//! range       = u24be(start << 11 | end)            start 0..=1439, end 0..=1440
//! exception   = date4(first) date4(last) u8(kind) range*
//! kind        = 0x00 deny | 0x10 + n replace with n ranges (n 0..=4)
//! access rule = version(0x01) u8(flags) [i64be(not_before)] [i64be(not_after)]
//!               u8(schedule count 0..=4) body*
//! flags       = bit 0: not_before present, bit 1: not_after present, others 0
//! ```
//!
//! Decoding accepts exactly the encodings [`Schedule::encode`] and [`AccessRule::encode`]
//! produce: every accepted byte string re-encodes to itself.

use core::fmt;

use super::{
    AccessRule, DayMask, Exception, ExceptionKind, Grant, MAX_EXCEPTIONS, MAX_REPLACEMENT_RANGES,
    MAX_RULE_SCHEDULES, MAX_WINDOWS, Schedule, ScheduleError, TimeRange, Window,
};
use crate::civil::{DateError, LocalDate};

/// First byte of every schedule and access-rule encoding.
pub const SCHEDULE_VERSION: u8 = 0x01;

const WINDOW_LEN: usize = 4;
const RANGE_LEN: usize = 3;
const EXCEPTION_HEAD_LEN: usize = 9;
const KIND_DENY: u8 = 0x00;
const KIND_REPLACE: u8 = 0x10;
const FLAG_NOT_BEFORE: u8 = 0x01;
const FLAG_NOT_AFTER: u8 = 0x02;

const MAX_BODY_LEN: usize = 2
    + MAX_WINDOWS * WINDOW_LEN
    + MAX_EXCEPTIONS * (EXCEPTION_HEAD_LEN + MAX_REPLACEMENT_RANGES * RANGE_LEN);
/// Longest schedule encoding: 403 bytes (16 windows, 16 replace exceptions of 4 ranges).
pub const MAX_SCHEDULE_ENCODED_LEN: usize = 1 + MAX_BODY_LEN;
/// Longest access-rule encoding: 1,627 bytes.
pub const MAX_RULE_ENCODED_LEN: usize = 3 + 16 + MAX_RULE_SCHEDULES * MAX_BODY_LEN;

/// Why bytes were refused as a schedule or an access rule.
///
/// ```
/// use doorcode::schedule::{DecodeError, Schedule, ScheduleError};
/// // A window with an empty day mask.
/// let bytes = [0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00];
/// assert_eq!(Schedule::decode(&bytes), Err(DecodeError::Invalid(ScheduleError::EmptyDayMask)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input ends inside a field.
    Truncated,
    /// The first byte is not a supported version.
    UnsupportedVersion(u8),
    /// Bytes follow the encoding.
    TrailingBytes,
    /// An exception kind byte other than 0x00 and 0x10..=0x1f.
    UnknownExceptionKind(u8),
    /// Grant flags with bits other than 0 and 1 set.
    UnknownGrantFlags(u8),
    /// A bound present in the encoding with the value that means "absent" (`i64::MIN` for
    /// `not_before`, `i64::MAX` for `not_after`): encodings are canonical.
    NonCanonicalGrant,
    /// An exception date that does not exist or is out of range.
    InvalidDate(DateError),
    /// Exceptions not in increasing order of (first date, kind).
    UnsortedExceptions,
    /// A field out of range or a limit exceeded.
    Invalid(ScheduleError),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated => f.write_str("encoding is truncated"),
            Self::UnsupportedVersion(v) => write!(f, "unsupported version 0x{v:02x}"),
            Self::TrailingBytes => f.write_str("bytes after the encoding"),
            Self::UnknownExceptionKind(k) => write!(f, "unknown exception kind 0x{k:02x}"),
            Self::UnknownGrantFlags(g) => write!(f, "unknown grant flags 0x{g:02x}"),
            Self::NonCanonicalGrant => f.write_str("grant bound encoded with its absent value"),
            Self::InvalidDate(e) => write!(f, "invalid exception date: {e}"),
            Self::UnsortedExceptions => f.write_str("exceptions out of order"),
            Self::Invalid(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl core::error::Error for DecodeError {}

impl From<ScheduleError> for DecodeError {
    fn from(e: ScheduleError) -> Self {
        Self::Invalid(e)
    }
}

/// Why a value could not be encoded.
///
/// ```
/// use doorcode::schedule::{EncodeError, Schedule};
/// assert_eq!(Schedule::new().encode(&mut [0u8; 2]), Err(EncodeError::BufferTooSmall { needed: 3 }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// The output buffer is shorter than the encoding.
    BufferTooSmall {
        /// Bytes the encoding needs.
        needed: usize,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BufferTooSmall { needed } => {
                write!(f, "output buffer shorter than {needed} bytes")
            }
        }
    }
}

impl core::error::Error for EncodeError {}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let (head, rest) = self
            .rest
            .split_first_chunk::<N>()
            .ok_or(DecodeError::Truncated)?;
        self.rest = rest;
        Ok(*head)
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        let [byte] = self.array::<1>()?;
        Ok(byte)
    }

    fn version(&mut self) -> Result<(), DecodeError> {
        match self.u8()? {
            SCHEDULE_VERSION => Ok(()),
            other => Err(DecodeError::UnsupportedVersion(other)),
        }
    }

    fn range(&mut self) -> Result<TimeRange, DecodeError> {
        let [a, b, c] = self.array::<3>()?;
        let packed = u32::from_be_bytes([0, a, b, c]);
        // start takes the upper 13 bits, so set reserved bits show up as a start above 1439.
        let start = u16::try_from(packed >> 11).map_err(|_| ScheduleError::StartOutOfRange)?;
        let end = u16::try_from(packed & 0x7ff).map_err(|_| ScheduleError::EndOutOfRange)?;
        Ok(TimeRange::new(start, end)?)
    }

    fn date(&mut self) -> Result<LocalDate, DecodeError> {
        let [y0, y1, month, day] = self.array::<4>()?;
        LocalDate::new(u16::from_be_bytes([y0, y1]), month, day).map_err(DecodeError::InvalidDate)
    }

    fn body(&mut self) -> Result<Schedule, DecodeError> {
        let mut schedule = Schedule::new();
        let window_count = usize::from(self.u8()?);
        if window_count > MAX_WINDOWS {
            return Err(ScheduleError::TooManyWindows.into());
        }
        for _ in 0..window_count {
            let days = DayMask::new(self.u8()?)?;
            let range = self.range()?;
            schedule.push_window(Window::new(days, range))?;
        }
        let exception_count = usize::from(self.u8()?);
        if exception_count > MAX_EXCEPTIONS {
            return Err(ScheduleError::TooManyExceptions.into());
        }
        for _ in 0..exception_count {
            let first = self.date()?;
            let last = self.date()?;
            let kind_byte = self.u8()?;
            let exception = match (kind_byte & 0xf0, usize::from(kind_byte & 0x0f)) {
                (KIND_DENY, 0) => Exception::deny(first, last)?,
                (KIND_REPLACE, count) => {
                    if count > MAX_REPLACEMENT_RANGES {
                        return Err(ScheduleError::TooManyReplacementRanges.into());
                    }
                    let mut ranges = [TimeRange::ALL_DAY; MAX_REPLACEMENT_RANGES];
                    let ranges = ranges
                        .get_mut(..count)
                        .ok_or(ScheduleError::TooManyReplacementRanges)?;
                    for range in ranges.iter_mut() {
                        *range = self.range()?;
                    }
                    Exception::replace(first, last, ranges)?
                }
                _ => return Err(DecodeError::UnknownExceptionKind(kind_byte)),
            };
            if schedule
                .exceptions()
                .last()
                .is_some_and(|previous| previous.sort_key() >= exception.sort_key())
            {
                return Err(DecodeError::UnsortedExceptions);
            }
            schedule.push_exception(exception)?;
        }
        Ok(schedule)
    }

    fn finish(self) -> Result<(), DecodeError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes)
        }
    }
}

struct Writer<'a> {
    out: &'a mut [u8],
    len: usize,
}

impl<'a> Writer<'a> {
    fn new(out: &'a mut [u8], needed: usize) -> Result<Self, EncodeError> {
        if out.len() < needed {
            return Err(EncodeError::BufferTooSmall { needed });
        }
        Ok(Self { out, len: 0 })
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        let needed = self.len.saturating_add(bytes.len());
        self.out
            .get_mut(self.len..needed)
            .ok_or(EncodeError::BufferTooSmall { needed })?
            .copy_from_slice(bytes);
        self.len = needed;
        Ok(())
    }

    fn range(&mut self, range: TimeRange) -> Result<(), EncodeError> {
        // start < 2^11 and end < 2^11, so the shift and the or stay within 22 bits.
        let packed = (u32::from(range.start_minute()) << 11) | u32::from(range.end_minute());
        let [_, a, b, c] = packed.to_be_bytes();
        self.put(&[a, b, c])
    }

    fn body(&mut self, schedule: &Schedule) -> Result<(), EncodeError> {
        self.put(&[schedule.window_count])?;
        for window in schedule.windows() {
            self.put(&[window.days.bits()])?;
            self.range(window.range)?;
        }
        self.put(&[schedule.exception_count])?;
        for exception in schedule.exceptions() {
            self.put(&exception.first().to_bytes())?;
            self.put(&exception.last().to_bytes())?;
            match exception.kind() {
                ExceptionKind::Deny => self.put(&[KIND_DENY])?,
                ExceptionKind::Replace => self.put(&[KIND_REPLACE | exception.range_count])?,
            }
            for range in exception.ranges() {
                self.range(*range)?;
            }
        }
        Ok(())
    }
}

fn body_len(schedule: &Schedule) -> usize {
    let exceptions: usize = schedule
        .exceptions()
        .iter()
        .map(|e| EXCEPTION_HEAD_LEN.saturating_add(e.ranges().len().saturating_mul(RANGE_LEN)))
        .fold(0, usize::saturating_add);
    schedule
        .windows()
        .len()
        .saturating_mul(WINDOW_LEN)
        .saturating_add(exceptions)
        .saturating_add(2)
}

impl Schedule {
    /// Length of [`encode`](Self::encode)'s output; at most [`MAX_SCHEDULE_ENCODED_LEN`].
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, Schedule, TimeRange, Window};
    /// let office = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
    /// assert_eq!(office.encoded_len(), 7); // version, window count, a 4-byte window, exception count
    /// assert_eq!(Schedule::new().encoded_len(), 3);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn encoded_len(&self) -> usize {
        body_len(self).saturating_add(1)
    }

    /// Write the binary encoding into `out`; returns the number of bytes written.
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, EncodeError, Schedule, TimeRange, Window};
    /// let office = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
    /// // Version, 1 window: mask 0x1f, (480 << 11 | 1080) as u24be; then 0 exceptions.
    /// let expected = [0x01, 0x01, 0x1f, 0x0f, 0x04, 0x38, 0x00];
    /// let mut out = [0u8; 16];
    /// let len = office.encode(&mut out)?;
    /// assert_eq!(out[..len], expected);
    /// assert_eq!(office.encode(&mut [0u8; 6]), Err(EncodeError::BufferTooSmall { needed: 7 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encode(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let mut writer = Writer::new(out, self.encoded_len())?;
        writer.put(&[SCHEDULE_VERSION])?;
        writer.body(self)?;
        Ok(writer.len)
    }

    /// The binary encoding in a new vector.
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, Schedule, TimeRange, Window};
    /// let office = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
    /// // Version, 1 window: mask 0x1f, (480 << 11 | 1080) as u24be; then 0 exceptions.
    /// let expected = [0x01, 0x01, 0x1f, 0x0f, 0x04, 0x38, 0x00];
    /// assert_eq!(office.to_vec(), expected);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> alloc::vec::Vec<u8> {
        encode_to_vec(self.encoded_len(), |out| self.encode(out))
    }

    /// Parse a binary encoding, refusing anything [`encode`](Self::encode) would not produce.
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, DecodeError, Schedule, TimeRange, Window};
    /// let office = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
    /// assert_eq!(Schedule::decode(&[0x01, 0x01, 0x1f, 0x0f, 0x04, 0x38, 0x00])?, office);
    /// assert_eq!(Schedule::decode(&[0x02, 0x00, 0x00]), Err(DecodeError::UnsupportedVersion(2)));
    /// assert_eq!(Schedule::decode(&[0x01, 0x00]), Err(DecodeError::Truncated));
    /// assert_eq!(Schedule::decode(&[0x01, 0x00, 0x00, 0x00]), Err(DecodeError::TrailingBytes));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut reader = Reader { rest: bytes };
        reader.version()?;
        let schedule = reader.body()?;
        reader.finish()?;
        Ok(schedule)
    }
}

impl AccessRule {
    /// Length of [`encode`](Self::encode)'s output; at most [`MAX_RULE_ENCODED_LEN`].
    ///
    /// ```
    /// use doorcode::schedule::{AccessRule, Grant};
    /// assert_eq!(AccessRule::new(Grant::ALWAYS).encoded_len(), 3); // absent bounds take no bytes
    /// assert_eq!(AccessRule::new(Grant::new(1000, 2000)?).encoded_len(), 3 + 8 + 8);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn encoded_len(&self) -> usize {
        let grant = [
            self.grant.not_before != i64::MIN,
            self.grant.not_after != i64::MAX,
        ]
        .iter()
        .filter(|present| **present)
        .count()
        .saturating_mul(8);
        self.schedules()
            .iter()
            .map(body_len)
            .fold(grant.saturating_add(3), usize::saturating_add)
    }

    /// Write the binary encoding into `out`; returns the number of bytes written.
    ///
    /// ```
    /// use doorcode::schedule::{AccessRule, EncodeError, Grant};
    /// let rule = AccessRule::new(Grant::new(1000, i64::MAX)?);
    /// // Version, flags (not_before only), not_before as i64be, 0 schedules.
    /// let expected = [0x01, 0x01, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0x00];
    /// let mut out = [0u8; 16];
    /// let len = rule.encode(&mut out)?;
    /// assert_eq!(out[..len], expected);
    /// assert_eq!(rule.encode(&mut [0u8; 10]), Err(EncodeError::BufferTooSmall { needed: 11 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encode(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let mut writer = Writer::new(out, self.encoded_len())?;
        let has_not_before = self.grant.not_before != i64::MIN;
        let has_not_after = self.grant.not_after != i64::MAX;
        let mut flags = 0;
        if has_not_before {
            flags |= FLAG_NOT_BEFORE;
        }
        if has_not_after {
            flags |= FLAG_NOT_AFTER;
        }
        writer.put(&[SCHEDULE_VERSION, flags])?;
        if has_not_before {
            writer.put(&self.grant.not_before.to_be_bytes())?;
        }
        if has_not_after {
            writer.put(&self.grant.not_after.to_be_bytes())?;
        }
        writer.put(&[self.schedule_count])?;
        for schedule in self.schedules() {
            writer.body(schedule)?;
        }
        Ok(writer.len)
    }

    /// The binary encoding in a new vector.
    ///
    /// ```
    /// use doorcode::schedule::{AccessRule, Grant};
    /// let rule = AccessRule::new(Grant::new(1000, i64::MAX)?);
    /// // Version, flags (not_before only), not_before as i64be, 0 schedules.
    /// let expected = [0x01, 0x01, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0x00];
    /// assert_eq!(rule.to_vec(), expected);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> alloc::vec::Vec<u8> {
        encode_to_vec(self.encoded_len(), |out| self.encode(out))
    }

    /// Parse a binary encoding, refusing anything [`encode`](Self::encode) would not produce.
    ///
    /// ```
    /// use doorcode::schedule::{AccessRule, DecodeError, Grant};
    /// let rule = AccessRule::new(Grant::new(1000, i64::MAX)?);
    /// assert_eq!(AccessRule::decode(&[0x01, 0x01, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0x00])?, rule);
    /// assert_eq!(AccessRule::decode(&[0x01, 0x04, 0x00]), Err(DecodeError::UnknownGrantFlags(4)));
    /// // i64::MIN as not_before means "absent" and must be encoded by omitting it.
    /// let min = [0x01, 0x01, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x00];
    /// assert_eq!(AccessRule::decode(&min), Err(DecodeError::NonCanonicalGrant));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut reader = Reader { rest: bytes };
        reader.version()?;
        let flags = reader.u8()?;
        if flags & !(FLAG_NOT_BEFORE | FLAG_NOT_AFTER) != 0 {
            return Err(DecodeError::UnknownGrantFlags(flags));
        }
        let mut not_before = i64::MIN;
        let mut not_after = i64::MAX;
        if flags & FLAG_NOT_BEFORE != 0 {
            not_before = i64::from_be_bytes(reader.array::<8>()?);
            if not_before == i64::MIN {
                return Err(DecodeError::NonCanonicalGrant);
            }
        }
        if flags & FLAG_NOT_AFTER != 0 {
            not_after = i64::from_be_bytes(reader.array::<8>()?);
            if not_after == i64::MAX {
                return Err(DecodeError::NonCanonicalGrant);
            }
        }
        let mut rule = AccessRule::new(Grant::new(not_before, not_after)?);
        let count = usize::from(reader.u8()?);
        if count > MAX_RULE_SCHEDULES {
            return Err(ScheduleError::TooManySchedules.into());
        }
        for _ in 0..count {
            rule.push_schedule(reader.body()?)?;
        }
        reader.finish()?;
        Ok(rule)
    }
}

/// Run `encode` into a vector of exactly `len` bytes (the encoder's own `encoded_len`, so encoding
/// cannot fail; a failure would yield an empty vector rather than a panic).
#[cfg(feature = "alloc")]
fn encode_to_vec(
    len: usize,
    encode: impl FnOnce(&mut [u8]) -> Result<usize, EncodeError>,
) -> alloc::vec::Vec<u8> {
    let mut out = alloc::vec![0; len];
    let written = encode(&mut out).unwrap_or(0);
    out.truncate(written);
    out
}
