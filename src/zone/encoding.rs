//! The versioned binary form of a [`Zone`], for provisioning a lock (SPEC.md, "Zones").
//!
//! ```text
//! u8    version = 0x01
//! u8    flags: bit 0 = has DST; other bits 0
//! name  std name: u8 length (3..=16), then the bytes ([A-Za-z0-9+-])
//! i32be std offset, seconds east of UTC (|x| <= 89_999)
//! if DST:
//!   name  dst name
//!   i32be dst offset
//!   date  start date: 4 bytes, see below
//!   i32be start time, seconds (|x| <= 604_799)
//!   date  end date
//!   i32be end time
//! u16be transition count K
//! if K > 0:
//!   i32be initial offset; u8 initial is-DST (0 or 1)
//!   K times: i64be instant; i32be offset; u8 is-DST (0 or 1)
//! ```
//!
//! A date is `01 nn nn 00` for `Jn` (u16be n, 1..=365), `02 nn nn 00` for zero-based `n`
//! (0..=365) and `03 mm ww dd` for `Mm.w.d`. Every field has one encoding, so a decoded zone
//! re-encodes to the same bytes.

use core::fmt;

use super::posix::{DstRule, PosixRule, RuleDate, ZoneName};
use super::{
    MAX_INSTANT, MAX_NAME_LEN, MAX_OFFSET_SECONDS, MIN_INSTANT, Transition, Zone, ZoneError,
    ZoneOffset, validate,
};

/// First byte of every encoded zone.
pub const ENCODING_VERSION: u8 = 0x01;

const FLAG_DST: u8 = 0x01;
const DATE_NO_LEAP_DAY: u8 = 0x01;
const DATE_ZERO_BASED_DAY: u8 = 0x02;
const DATE_MONTH_WEEKDAY: u8 = 0x03;
/// Bytes per encoded transition: instant, offset, DST flag.
const TRANSITION_LEN: usize = 8 + 4 + 1;

/// Largest encoding of a zone with `transitions` explicit transitions.
///
/// ```
/// use doorcode::zone::{max_encoded_len, Zone};
/// // Version, flags, two 16-byte names with length bytes and offsets, two dates with times,
/// // the transition count and the initial offset; then 13 bytes per transition.
/// assert_eq!(max_encoded_len(0), 67);
/// assert_eq!(max_encoded_len(2), 67 + 2 * 13);
/// assert!(Zone::posix("EST5EDT,M3.2.0,M11.1.0")?.encoded_len() <= max_encoded_len(0));
/// # Ok::<(), doorcode::zone::PosixTzError>(())
/// ```
pub const fn max_encoded_len(transitions: usize) -> usize {
    // version, flags, two names with offsets, two dates with times, count, initial offset.
    let fixed = 2 + (1 + MAX_NAME_LEN + 4) * 2 + (4 + 4) * 2 + 2 + 5;
    fixed.saturating_add(transitions.saturating_mul(TRANSITION_LEN))
}

/// A field of the encoding, for [`ZoneDecodeError::BadField`].
///
/// ```
/// use doorcode::zone::{Zone, ZoneDecodeError, ZoneField};
/// // UTC0 with flag bit 1 set, which no encoder writes.
/// let bytes = [0x01, 0x02, 3, b'U', b'T', b'C', 0, 0, 0, 0, 0, 0];
/// let error = Zone::<0>::decode(&bytes);
/// assert_eq!(error, Err(ZoneDecodeError::BadField { field: ZoneField::Flags, offset: 1 }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZoneField {
    /// The flags byte (unknown bits set).
    Flags,
    /// The standard-time name.
    StdName,
    /// The standard offset.
    StdOffset,
    /// The daylight-saving name.
    DstName,
    /// The daylight-saving offset.
    DstOffset,
    /// The start date.
    StartDate,
    /// The start time.
    StartTime,
    /// The end date.
    EndDate,
    /// The end time.
    EndTime,
    /// The initial offset.
    InitialOffset,
    /// A DST flag that is neither 0 nor 1.
    DstFlag,
    /// A transition instant outside the supported range.
    TransitionInstant,
    /// A transition offset beyond +-24:59:59.
    TransitionOffset,
}

/// Why bytes are not an encoded zone.
///
/// ```
/// use doorcode::zone::{Zone, ZoneDecodeError};
/// let utc = [0x01, 0x00, 3, b'U', b'T', b'C', 0, 0, 0, 0, 0, 0];
/// assert_eq!(Zone::<0>::decode(&utc), Ok(Zone::UTC));
/// // The 4-byte offset starting at byte 6 is cut short.
/// assert_eq!(Zone::<0>::decode(&utc[..8]), Err(ZoneDecodeError::Truncated { offset: 6 }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZoneDecodeError {
    /// The input ends before the field starting at `offset` is complete.
    Truncated {
        /// Byte offset of the incomplete field.
        offset: usize,
    },
    /// The first byte is not a version this crate reads.
    UnknownVersion {
        /// The version byte found.
        version: u8,
    },
    /// A field holds a value out of range or not in canonical form.
    BadField {
        /// Which field.
        field: ZoneField,
        /// Its byte offset.
        offset: usize,
    },
    /// Transition `index` is not strictly later than the one before it.
    TransitionsNotIncreasing {
        /// Index of the offending transition.
        index: usize,
    },
    /// More transitions than the zone type holds.
    TooManyTransitions {
        /// Transitions in the input.
        count: usize,
        /// The capacity `N` of the `Zone<N>` decoded into.
        capacity: usize,
    },
    /// The rule does not match the last transition at its instant.
    RuleDisagreesWithLastTransition,
    /// Bytes remain after a complete zone.
    TrailingBytes {
        /// Offset of the first extra byte.
        offset: usize,
    },
}

impl fmt::Display for ZoneDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated { offset } => write!(f, "encoded zone truncated at byte {offset}"),
            Self::UnknownVersion { version } => {
                write!(f, "unknown zone encoding version 0x{version:02x}")
            }
            Self::BadField { field, offset } => {
                write!(f, "invalid {field:?} field at byte {offset}")
            }
            Self::TransitionsNotIncreasing { index } => {
                write!(f, "transition {index} is not later than the one before it")
            }
            Self::TooManyTransitions { count, capacity } => {
                write!(
                    f,
                    "{count} transitions; this zone type holds at most {capacity}"
                )
            }
            Self::RuleDisagreesWithLastTransition => {
                f.write_str("the rule does not match the last transition at its instant")
            }
            Self::TrailingBytes { offset } => write!(f, "unexpected bytes from offset {offset}"),
        }
    }
}

impl core::error::Error for ZoneDecodeError {}

/// Why a zone could not be encoded.
///
/// ```
/// use doorcode::zone::{Zone, ZoneEncodeError};
/// assert_eq!(Zone::UTC.encode(&mut [0u8; 4]), Err(ZoneEncodeError::BufferTooSmall { needed: 12 }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZoneEncodeError {
    /// The output buffer is shorter than the encoding.
    BufferTooSmall {
        /// Bytes the encoding needs.
        needed: usize,
    },
}

impl fmt::Display for ZoneEncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BufferTooSmall { needed } => {
                write!(f, "output buffer too small: the zone needs {needed} bytes")
            }
        }
    }
}

impl core::error::Error for ZoneEncodeError {}

struct Writer<'a> {
    out: &'a mut [u8],
    pos: usize,
}

impl Writer<'_> {
    /// Appends `bytes`; the caller checked the total length first, so this never truncates.
    fn put(&mut self, bytes: &[u8]) {
        let end = self.pos.saturating_add(bytes.len());
        if let Some(slot) = self.out.get_mut(self.pos..end) {
            slot.copy_from_slice(bytes);
        }
        self.pos = end;
    }

    fn name(&mut self, name: &ZoneName) {
        let bytes = name.as_bytes();
        self.put(&[u8::try_from(bytes.len()).unwrap_or(0)]);
        self.put(bytes);
    }

    fn date(&mut self, date: RuleDate) {
        let bytes = match date {
            RuleDate::NoLeapDay(day) => {
                let [hi, lo] = day.to_be_bytes();
                [DATE_NO_LEAP_DAY, hi, lo, 0]
            }
            RuleDate::ZeroBasedDay(day) => {
                let [hi, lo] = day.to_be_bytes();
                [DATE_ZERO_BASED_DAY, hi, lo, 0]
            }
            RuleDate::MonthWeekday {
                month,
                week,
                weekday,
            } => [DATE_MONTH_WEEKDAY, month, week, weekday],
        };
        self.put(&bytes);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take<const K: usize>(&mut self) -> Result<[u8; K], ZoneDecodeError> {
        let end = self.pos.saturating_add(K);
        let chunk = self
            .bytes
            .get(self.pos..end)
            .and_then(|slice| <[u8; K]>::try_from(slice).ok())
            .ok_or(ZoneDecodeError::Truncated { offset: self.pos })?;
        self.pos = end;
        Ok(chunk)
    }

    fn u8(&mut self) -> Result<u8, ZoneDecodeError> {
        let [byte] = self.take::<1>()?;
        Ok(byte)
    }

    fn i32(&mut self) -> Result<i32, ZoneDecodeError> {
        Ok(i32::from_be_bytes(self.take()?))
    }

    fn bad(field: ZoneField, offset: usize) -> ZoneDecodeError {
        ZoneDecodeError::BadField { field, offset }
    }

    /// An offset in seconds east of UTC, at most 24:59:59 in magnitude.
    fn offset(&mut self, field: ZoneField) -> Result<i32, ZoneDecodeError> {
        let at = self.pos;
        let seconds = self.i32()?;
        if (-MAX_OFFSET_SECONDS..=MAX_OFFSET_SECONDS).contains(&seconds) {
            Ok(seconds)
        } else {
            Err(Self::bad(field, at))
        }
    }

    fn flag(&mut self) -> Result<bool, ZoneDecodeError> {
        let at = self.pos;
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Self::bad(ZoneField::DstFlag, at)),
        }
    }

    fn name(&mut self, field: ZoneField) -> Result<ZoneName, ZoneDecodeError> {
        let at = self.pos;
        let len = usize::from(self.u8()?);
        if len > MAX_NAME_LEN {
            return Err(Self::bad(field, at));
        }
        let end = self.pos.saturating_add(len);
        let bytes = self
            .bytes
            .get(self.pos..end)
            .ok_or(ZoneDecodeError::Truncated { offset: self.pos })?;
        self.pos = end;
        ZoneName::from_bytes(bytes).ok_or(Self::bad(field, at))
    }

    fn date(&mut self, field: ZoneField) -> Result<RuleDate, ZoneDecodeError> {
        let at = self.pos;
        let [kind, a, b, c] = self.take::<4>()?;
        let date = match (kind, c) {
            (DATE_NO_LEAP_DAY, 0) => RuleDate::NoLeapDay(u16::from_be_bytes([a, b])),
            (DATE_ZERO_BASED_DAY, 0) => RuleDate::ZeroBasedDay(u16::from_be_bytes([a, b])),
            (DATE_MONTH_WEEKDAY, _) => RuleDate::MonthWeekday {
                month: a,
                week: b,
                weekday: c,
            },
            _ => return Err(Self::bad(field, at)),
        };
        if date.is_valid() {
            Ok(date)
        } else {
            Err(Self::bad(field, at))
        }
    }

    fn rule(&mut self) -> Result<PosixRule, ZoneDecodeError> {
        let flags_at = self.pos;
        let flags = self.u8()?;
        if flags & !FLAG_DST != 0 {
            return Err(Self::bad(ZoneField::Flags, flags_at));
        }
        let std_name = self.name(ZoneField::StdName)?;
        let std_offset_at = self.pos;
        let std_offset = self.i32()?;
        let dst = if flags & FLAG_DST != 0 {
            let name = self.name(ZoneField::DstName)?;
            let offset_at = self.pos;
            let offset = self.i32()?;
            let start_at = self.pos;
            let start = self.date(ZoneField::StartDate)?;
            let start_time = self.i32()?;
            let end_at = self.pos;
            let end = self.date(ZoneField::EndDate)?;
            let end_time = self.i32()?;
            let dst = DstRule::new(name, offset, (start, start_time), (end, end_time)).map_err(
                |error| {
                    use super::RuleFieldError as E;
                    match error {
                        E::DstOffset => Self::bad(ZoneField::DstOffset, offset_at),
                        E::StartDate => Self::bad(ZoneField::StartDate, start_at),
                        E::StartTime => Self::bad(ZoneField::StartTime, start_at.saturating_add(4)),
                        E::EndDate => Self::bad(ZoneField::EndDate, end_at),
                        _ => Self::bad(ZoneField::EndTime, end_at.saturating_add(4)),
                    }
                },
            )?;
            Some(dst)
        } else {
            None
        };
        PosixRule::new(std_name, std_offset, dst)
            .map_err(|_| Self::bad(ZoneField::StdOffset, std_offset_at))
    }
}

impl<const N: usize> Zone<N> {
    /// Length of [`Zone::encode`]'s output for this zone.
    ///
    /// ```
    /// use doorcode::zone::Zone;
    /// // Version, flags, "UTC" with its length byte, a 4-byte offset, a 2-byte transition count.
    /// assert_eq!(Zone::UTC.encoded_len(), 12);
    /// // Plus "EDT", its offset, and two 4-byte dates with 4-byte times.
    /// assert_eq!(Zone::posix("EST5EDT,M3.2.0,M11.1.0")?.encoded_len(), 36);
    /// # Ok::<(), doorcode::zone::PosixTzError>(())
    /// ```
    pub fn encoded_len(&self) -> usize {
        let name = |name: &ZoneName| 1usize.saturating_add(name.as_bytes().len());
        let rule = &self.rule;
        let mut len = 2usize
            .saturating_add(name(&rule.std_name()))
            .saturating_add(4);
        if let Some(dst) = rule.dst() {
            len = len
                .saturating_add(name(&dst.name()))
                .saturating_add(4 + 8 + 8);
        }
        len = len.saturating_add(2);
        if self.len > 0 {
            len = len
                .saturating_add(5)
                .saturating_add(self.len.saturating_mul(TRANSITION_LEN));
        }
        len
    }

    /// Write the binary form into `out`; returns the number of bytes written.
    ///
    /// ```
    /// use doorcode::zone::{Zone, ZoneEncodeError};
    /// let mut out = [0u8; 16];
    /// let len = Zone::posix("UTC0")?.encode(&mut out)?;
    /// assert_eq!(out[..len], [0x01, 0x00, 3, b'U', b'T', b'C', 0, 0, 0, 0, 0, 0]);
    /// let too_small = Zone::UTC.encode(&mut [0u8; 11]);
    /// assert_eq!(too_small, Err(ZoneEncodeError::BufferTooSmall { needed: 12 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encode(&self, out: &mut [u8]) -> Result<usize, ZoneEncodeError> {
        let needed = self.encoded_len();
        if out.len() < needed {
            return Err(ZoneEncodeError::BufferTooSmall { needed });
        }
        let mut writer = Writer { out, pos: 0 };
        let rule = &self.rule;
        let flags = if rule.dst().is_some() { FLAG_DST } else { 0 };
        writer.put(&[ENCODING_VERSION, flags]);
        writer.name(&rule.std_name());
        writer.put(&rule.std_offset().to_be_bytes());
        if let Some(dst) = rule.dst() {
            writer.name(&dst.name());
            writer.put(&dst.offset().to_be_bytes());
            let (start, start_time) = dst.start();
            writer.date(start);
            writer.put(&start_time.to_be_bytes());
            let (end, end_time) = dst.end();
            writer.date(end);
            writer.put(&end_time.to_be_bytes());
        }
        let count = u16::try_from(self.len).unwrap_or(u16::MAX);
        writer.put(&count.to_be_bytes());
        if self.len > 0 {
            writer.put(&self.initial.seconds.to_be_bytes());
            writer.put(&[u8::from(self.initial.is_dst)]);
            for transition in self.transitions() {
                writer.put(&transition.at.to_be_bytes());
                writer.put(&transition.offset.to_be_bytes());
                writer.put(&[u8::from(transition.is_dst)]);
            }
        }
        Ok(writer.pos)
    }

    /// Read a zone written by [`Zone::encode`]. Every byte is checked: unknown versions, values
    /// out of range, transitions out of order or beyond the capacity `N`, and trailing bytes are
    /// refused.
    ///
    /// ```
    /// use doorcode::zone::{Zone, ZoneDecodeError};
    /// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// let mut bytes = [0u8; 64];
    /// let len = new_york.encode(&mut bytes)?;
    /// assert_eq!(Zone::<0>::decode(&bytes[..len])?, new_york);
    /// assert_eq!(Zone::<0>::decode(&bytes[..len + 1]), Err(ZoneDecodeError::TrailingBytes { offset: len }));
    /// assert_eq!(Zone::<0>::decode(&[0x02]), Err(ZoneDecodeError::UnknownVersion { version: 2 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decode(bytes: &[u8]) -> Result<Self, ZoneDecodeError> {
        let mut reader = Reader { bytes, pos: 0 };
        let version = reader.u8()?;
        if version != ENCODING_VERSION {
            return Err(ZoneDecodeError::UnknownVersion { version });
        }
        let rule = reader.rule()?;
        let count = usize::from(u16::from_be_bytes(reader.take()?));
        if count > N {
            return Err(ZoneDecodeError::TooManyTransitions { count, capacity: N });
        }
        let mut zone = Self::from_rule(rule);
        if count > 0 {
            let seconds = reader.offset(ZoneField::InitialOffset)?;
            zone.initial = ZoneOffset {
                seconds,
                is_dst: reader.flag()?,
            };
            for slot in zone.transitions.iter_mut().take(count) {
                let instant_at = reader.pos;
                let at = i64::from_be_bytes(reader.take()?);
                if !(MIN_INSTANT..=MAX_INSTANT).contains(&at) {
                    return Err(Reader::bad(ZoneField::TransitionInstant, instant_at));
                }
                let offset = reader.offset(ZoneField::TransitionOffset)?;
                let is_dst = reader.flag()?;
                *slot = Transition { at, offset, is_dst };
            }
            zone.len = count;
            validate(zone.initial, zone.transitions(), &zone.rule).map_err(
                |error| match error {
                    ZoneError::TransitionsNotIncreasing { index } => {
                        ZoneDecodeError::TransitionsNotIncreasing { index }
                    }
                    _ => ZoneDecodeError::RuleDisagreesWithLastTransition,
                },
            )?;
        }
        if reader.pos != bytes.len() {
            return Err(ZoneDecodeError::TrailingBytes { offset: reader.pos });
        }
        Ok(zone)
    }
}
