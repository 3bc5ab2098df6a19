//! Time zones: which local date and time an instant falls on at a door.
//!
//! Instants are UTC seconds since 1970-01-01T00:00:00Z (leap seconds ignored, as in POSIX).
//! Instant -> local time is always unambiguous. This version supports fixed UTC offsets; zones
//! with daylight-saving rules plug in behind the same queries.

use core::fmt;

use crate::civil::{LocalDate, LocalDateTime};

/// Largest offset magnitude accepted: 24:59:59, the POSIX TZ limit.
pub const MAX_OFFSET_SECONDS: i32 = 24 * 3600 + 59 * 60 + 59;

/// Why an instant or a date could not be placed in a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeError {
    /// The instant's local date is outside the supported calendar (years 1900..=9999).
    OutOfRange,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfRange => f.write_str("instant is outside the supported years 1900..=9999"),
        }
    }
}

impl core::error::Error for TimeError {}

/// Why a zone was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZoneError {
    /// An offset beyond +-24:59:59.
    OffsetOutOfRange {
        /// Offset given, seconds east of UTC.
        seconds: i32,
    },
}

impl fmt::Display for ZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OffsetOutOfRange { seconds } => {
                write!(f, "UTC offset {seconds} s is beyond +-24:59:59")
            }
        }
    }
}

impl core::error::Error for ZoneError {}

/// How to map a wall-clock time that occurs never (a gap) or twice (a fold) to an instant.
///
/// The names and meanings follow Temporal and `jiff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Disambiguation {
    /// A time in a gap is pushed forward by the gap's length; a time in a fold takes its
    /// earlier occurrence.
    #[default]
    Compatible,
    /// The earlier of the two candidate instants.
    Earlier,
    /// The later of the two candidate instants.
    Later,
    /// Refuse times in a gap or a fold.
    Reject,
}

/// Why a wall-clock time could not be mapped to an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LocalTimeError {
    /// The time never occurs (clocks jump over it) and [`Disambiguation::Reject`] was asked for.
    Gap,
    /// The time occurs twice and [`Disambiguation::Reject`] was asked for.
    Fold,
    /// The time or the instant is outside the supported range.
    OutOfRange,
}

impl fmt::Display for LocalTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Gap => "local time falls in a gap (clocks skip it)",
            Self::Fold => "local time occurs twice (clocks are set back over it)",
            Self::OutOfRange => "local time is outside the supported range",
        })
    }
}

impl core::error::Error for LocalTimeError {}

/// A door's time zone.
///
/// ```
/// use doorcode::zone::Zone;
/// let new_york_winter = Zone::fixed(-5 * 3600)?;
/// // 2026-11-22T03:00:00Z is still the 21st in New York.
/// assert_eq!(new_york_winter.local_date(1_795_316_400)?.to_string(), "2026-11-21");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone {
    offset_seconds: i32,
}

impl Zone {
    /// Coordinated Universal Time.
    pub const UTC: Zone = Zone { offset_seconds: 0 };

    /// A zone with a fixed offset, in seconds east of UTC (New York winter is -18000).
    pub const fn fixed(offset_seconds: i32) -> Result<Self, ZoneError> {
        if offset_seconds > MAX_OFFSET_SECONDS || offset_seconds < -MAX_OFFSET_SECONDS {
            return Err(ZoneError::OffsetOutOfRange {
                seconds: offset_seconds,
            });
        }
        Ok(Self { offset_seconds })
    }

    /// Offset from UTC (seconds east) in force at `instant`.
    pub fn offset_at(&self, instant: i64) -> i32 {
        let _ = instant;
        self.offset_seconds
    }

    /// Wall-clock date and time at `instant`.
    pub fn local_datetime(&self, instant: i64) -> Result<LocalDateTime, TimeError> {
        let wall = instant
            .checked_add(i64::from(self.offset_at(instant)))
            .ok_or(TimeError::OutOfRange)?;
        LocalDateTime::from_wall_seconds(wall).ok_or(TimeError::OutOfRange)
    }

    /// Local calendar date at `instant`.
    pub fn local_date(&self, instant: i64) -> Result<LocalDate, TimeError> {
        Ok(self.local_datetime(instant)?.date)
    }

    /// The instant at which the wall clock shows `local`, resolving gaps and folds by `choice`.
    ///
    /// A fixed offset has neither, so `choice` only matters for zones with transitions.
    pub fn to_instant(
        &self,
        local: LocalDateTime,
        choice: Disambiguation,
    ) -> Result<i64, LocalTimeError> {
        let _ = choice;
        if local.second_of_day >= 86_400 {
            return Err(LocalTimeError::OutOfRange);
        }
        local
            .date
            .midnight_utc_seconds()
            .checked_add(i64::from(local.second_of_day))
            .and_then(|wall| wall.checked_sub(i64::from(self.offset_seconds)))
            .ok_or(LocalTimeError::OutOfRange)
    }

    /// The first instant after `after` at which the UTC offset changes, if any.
    pub fn next_transition(&self, after: i64) -> Option<i64> {
        let _ = after;
        None
    }

    /// The UTC instants `[start, end)` during which the local date is `date`, or `None` if the
    /// date never occurs in this zone.
    pub fn day_bounds(&self, date: LocalDate) -> Option<(i64, i64)> {
        let offset = i64::from(self.offset_seconds);
        let start = date.midnight_utc_seconds().checked_sub(offset)?;
        Some((start, start.checked_add(86_400)?))
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.offset_seconds < 0 { '-' } else { '+' };
        let magnitude = self.offset_seconds.unsigned_abs();
        write!(
            f,
            "Zone(UTC{sign}{:02}:{:02}:{:02})",
            magnitude / 3600,
            magnitude / 60 % 60,
            magnitude % 60
        )
    }
}
