//! Schedules: at which instants a credential may open a door.
//!
//! The model (SPEC.md, "Schedules"):
//!
//! - A [`Grant`] is a span of UTC instants `[not_before, not_after)`: a lease, a guest's stay.
//! - A [`Window`] is a weekly span of wall-clock time: the weekdays it *starts* on, a start and an
//!   end minute. It runs overnight into the next day when `end <= start`; `start == end` is a
//!   full 24 hours from `start`.
//! - A [`Schedule`] is the union of up to [`MAX_WINDOWS`] windows, with up to
//!   [`MAX_EXCEPTIONS`] holiday [`Exception`]s on local dates: *deny* (closed) or *replace* (other
//!   hours). Deny beats replace beats the regular windows. An empty schedule allows nothing; "no
//!   restriction" is the absence of a schedule.
//! - An [`AccessRule`] is a grant and up to [`MAX_RULE_SCHEDULES`] schedules (Key, door, guest)
//!   that must all allow: intersection across kinds, deny beats allow.
//!
//! Windows and exceptions use wall-clock semantics: an instant is allowed if its local date and
//! time in the door's zone is. A spring-forward gap shortens a window, a fall-back fold repeats
//! part of it, and a window belongs to the date it starts on even when it runs past a DST change.
//!
//! ```
//! use doorcode::schedule::{DayMask, Schedule, TimeRange, Window};
//! use doorcode::zone::Zone;
//! // 08:00-18:00 on weekdays.
//! let office = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
//! let zone = Zone::fixed(3600)?; // UTC+01:00
//! let friday_1700 = 1_795_795_200; // 2026-11-27T16:00:00Z = Friday 17:00 local
//! assert!(office.allows(friday_1700, &zone));
//! // Next change: closes at 18:00 local (17:00Z).
//! assert_eq!(office.next_change(friday_1700, &zone), Some(friday_1700 + 3600));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use crate::civil::{LocalDate, LocalDateTime, Weekday};
use crate::zone::{TimeError, Zone};

mod codec;
mod combine;
mod next_change;

pub use codec::{
    DecodeError, EncodeError, MAX_RULE_ENCODED_LEN, MAX_SCHEDULE_ENCODED_LEN, SCHEDULE_VERSION,
};

/// Most windows in one schedule.
pub const MAX_WINDOWS: usize = 16;
/// Most exceptions (deny and replace together) in one schedule.
pub const MAX_EXCEPTIONS: usize = 16;
/// Most time ranges one replace exception opens on each of its dates.
pub const MAX_REPLACEMENT_RANGES: usize = 4;
/// Most schedules in one access rule.
pub const MAX_RULE_SCHEDULES: usize = 4;
/// Minutes in a (24-hour) wall-clock day; the largest end minute.
pub const MINUTES_PER_DAY: u16 = 1440;
/// How far ahead [`Schedule::next_change`] and [`AccessRule::next_change`] look: 400 days.
pub const NEXT_CHANGE_HORIZON_SECONDS: i64 = 400 * 86_400;

/// What a schedule needs from a time zone.
///
/// [`Zone`] implements it; the trait also lets tests and fuzz targets drive schedules with
/// hand-built zones. Implementations must be consistent: the UTC offset
/// (`local_datetime(t)` minus `t`) is constant from any instant up to, excluding,
/// `next_transition` of it.
///
/// ```
/// use doorcode::civil::LocalDateTime;
/// use doorcode::schedule::{DayMask, Schedule, TimeRange, Window, ZoneRules};
/// use doorcode::zone::TimeError;
/// /// A hand-built zone: UTC+2 all year.
/// struct Plus2;
/// impl ZoneRules for Plus2 {
///     fn local_datetime(&self, instant: i64) -> Result<LocalDateTime, TimeError> {
///         LocalDateTime::from_wall_seconds(instant + 7200).ok_or(TimeError::OutOfRange)
///     }
///     fn next_transition(&self, _after: i64) -> Option<i64> {
///         None
///     }
/// }
/// let mornings = Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, TimeRange::new(360, 720)?)])?;
/// assert!(mornings.allows(1_795_305_600 + 5 * 3600, &Plus2)); // 05:00Z is 07:00 local
/// assert!(!mornings.allows(1_795_305_600 + 11 * 3600, &Plus2)); // 13:00 local
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait ZoneRules {
    /// Wall-clock date and time at `instant`.
    ///
    /// ```
    /// use doorcode::{schedule::ZoneRules, zone::Zone};
    /// let tokyo = Zone::posix("JST-9")?;
    /// let local = ZoneRules::local_datetime(&tokyo, 1_795_305_600)?; // 2026-11-22T00:00Z
    /// assert_eq!(local.to_string(), "2026-11-22T09:00:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn local_datetime(&self, instant: i64) -> Result<LocalDateTime, TimeError>;
    /// The first instant after `after` at which the UTC offset changes, if any.
    ///
    /// ```
    /// use doorcode::{schedule::ZoneRules, zone::Zone};
    /// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// // After 2026-11-22, clocks next change on 2027-03-14 at 07:00 UTC.
    /// assert_eq!(ZoneRules::next_transition(&new_york, 1_795_305_600), Some(1_805_007_600));
    /// assert_eq!(ZoneRules::next_transition(&Zone::UTC, 0), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn next_transition(&self, after: i64) -> Option<i64>;
}

impl<const N: usize> ZoneRules for Zone<N> {
    fn local_datetime(&self, instant: i64) -> Result<LocalDateTime, TimeError> {
        Zone::local_datetime(self, instant)
    }

    fn next_transition(&self, after: i64) -> Option<i64> {
        // An instant outside the supported range has no local time either: no transition.
        Zone::next_transition(self, after)
            .ok()
            .flatten()
            .map(|t| t.at)
    }
}

/// Why a schedule, window or rule could not be built or combined.
///
/// ```
/// use doorcode::schedule::{DayMask, Grant, ScheduleError, TimeRange};
/// assert_eq!(DayMask::new(0), Err(ScheduleError::EmptyDayMask));
/// assert_eq!(TimeRange::new(1440, 60), Err(ScheduleError::StartOutOfRange));
/// assert_eq!(Grant::new(200, 100), Err(ScheduleError::ReversedGrant));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScheduleError {
    /// A day mask with no day set (the window would never apply).
    EmptyDayMask,
    /// A day mask with bit 7 set (bits 0..=6 are Monday..=Sunday).
    InvalidDayMask,
    /// A start minute above 1439 (a window starting at 24:00 starts at 00:00 the next day).
    StartOutOfRange,
    /// An end minute above 1440.
    EndOutOfRange,
    /// More than [`MAX_WINDOWS`] windows.
    TooManyWindows,
    /// More than [`MAX_EXCEPTIONS`] exceptions.
    TooManyExceptions,
    /// More than [`MAX_REPLACEMENT_RANGES`] ranges in one replace exception.
    TooManyReplacementRanges,
    /// More than [`MAX_RULE_SCHEDULES`] schedules in one access rule.
    TooManySchedules,
    /// An exception whose last date is before its first.
    ReversedDateRange,
    /// Two deny exceptions, or two replace exceptions, share a date.
    OverlappingExceptions,
    /// A grant whose `not_after` is before its `not_before`.
    ReversedGrant,
    /// The union of two schedules with different exceptions is not a schedule.
    ExceptionsDiffer,
    /// The intersection of schedules with exceptions is not computed; hold both in an
    /// [`AccessRule`] instead.
    HasExceptions,
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::EmptyDayMask => "day mask has no day set",
            Self::InvalidDayMask => "day mask has bit 7 set",
            Self::StartOutOfRange => "start minute above 1439",
            Self::EndOutOfRange => "end minute above 1440",
            Self::TooManyWindows => "more than 16 windows",
            Self::TooManyExceptions => "more than 16 exceptions",
            Self::TooManyReplacementRanges => "more than 4 ranges in a replace exception",
            Self::TooManySchedules => "more than 4 schedules in an access rule",
            Self::ReversedDateRange => "exception ends before it starts",
            Self::OverlappingExceptions => "two exceptions of the same kind share a date",
            Self::ReversedGrant => "grant ends before it starts",
            Self::ExceptionsDiffer => "union of schedules with different exceptions",
            Self::HasExceptions => "intersection of schedules with exceptions",
        })
    }
}

impl core::error::Error for ScheduleError {}

/// Why a schedule denied an instant.
///
/// ```
/// use doorcode::civil::LocalDate;
/// use doorcode::schedule::{DayMask, Exception, Schedule, ScheduleDenial, TimeRange, Window};
/// use doorcode::zone::Zone;
/// let mut office = Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, TimeRange::new(480, 1080)?)])?;
/// let christmas = LocalDate::new(2026, 12, 25)?;
/// office.push_exception(Exception::deny(christmas, christmas)?)?;
/// let christmas_noon = christmas.midnight_utc_seconds() + 12 * 3600;
/// assert_eq!(office.check(christmas_noon, &Zone::UTC), Err(ScheduleDenial::ExceptionDenies));
/// assert_eq!(office.check(christmas_noon - 86_400 + 8 * 3600, &Zone::UTC), Err(ScheduleDenial::OutsideWindows));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScheduleDenial {
    /// The instant's local date is outside the supported calendar (fail closed).
    ClockOutOfRange,
    /// The local date is in a deny exception.
    ExceptionDenies,
    /// The local time is outside the ranges of a replace exception (and of any overnight range
    /// started the day before).
    OutsideReplacementHours,
    /// The local time is outside every window.
    OutsideWindows,
}

impl fmt::Display for ScheduleDenial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ClockOutOfRange => "clock outside the supported calendar",
            Self::ExceptionDenies => "date is closed by an exception",
            Self::OutsideReplacementHours => "outside the exception's hours",
            Self::OutsideWindows => "outside the schedule's windows",
        })
    }
}

/// Why an access rule denied.
///
/// ```
/// use doorcode::schedule::*;
/// use doorcode::zone::Zone;
/// let sunday = 1_795_305_600; // 2026-11-22T00:00Z, a Sunday
/// let mut rule = AccessRule::new(Grant::new(sunday, sunday + 7 * 86_400)?);
/// rule.push_schedule(Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::ALL_DAY)])?)?;
/// assert_eq!(rule.check(Some(sunday - 1), &Zone::UTC), Err(AccessDenied::NotYetValid));
/// assert_eq!(rule.check(Some(sunday + 7 * 86_400), &Zone::UTC), Err(AccessDenied::Expired));
/// let denial = AccessDenied::Schedule { index: 0, reason: ScheduleDenial::OutsideWindows };
/// assert_eq!(rule.check(Some(sunday + 3600), &Zone::UTC), Err(denial));
/// assert_eq!(rule.check(Some(sunday + 86_400), &Zone::UTC), Ok(())); // Monday
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccessDenied {
    /// The lock does not know the time: everything time-bound is denied.
    ClockUnknown,
    /// The clock's local date is outside the supported calendar.
    ClockOutOfRange,
    /// Before the grant's `not_before`.
    NotYetValid,
    /// At or after the grant's `not_after`.
    Expired,
    /// The rule's schedule number `index` denied.
    Schedule {
        /// Position of the schedule in the rule.
        index: u8,
        /// Why it denied.
        reason: ScheduleDenial,
    },
}

impl fmt::Display for AccessDenied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ClockUnknown => f.write_str("clock not set"),
            Self::ClockOutOfRange => f.write_str("clock outside the supported calendar"),
            Self::NotYetValid => f.write_str("grant not yet valid"),
            Self::Expired => f.write_str("grant expired"),
            Self::Schedule { index, reason } => write!(f, "schedule {index}: {reason}"),
        }
    }
}

/// The weekdays a window starts on: bit 0 is Monday, bit 6 Sunday, bit 7 unused.
///
/// ```
/// use doorcode::{civil::Weekday, schedule::DayMask};
/// assert_eq!(DayMask::WEEKDAYS.bits(), 0b001_1111);
/// assert_eq!(format!("{:?}", DayMask::WEEKEND), "DayMask(SaSu)");
/// assert_eq!(DayMask::single(Weekday::Monday).with(Weekday::Wednesday).bits(), 0b101);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DayMask(u8);

impl DayMask {
    /// Monday to Friday.
    pub const WEEKDAYS: DayMask = DayMask(0b001_1111);
    /// Saturday and Sunday.
    pub const WEEKEND: DayMask = DayMask(0b110_0000);
    /// Every day.
    pub const EVERY_DAY: DayMask = DayMask(0b111_1111);

    /// A mask from its bits; refuses an empty mask and bit 7.
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, ScheduleError};
    /// assert_eq!(DayMask::new(0b110_0000)?, DayMask::WEEKEND);
    /// assert_eq!(DayMask::new(0), Err(ScheduleError::EmptyDayMask));
    /// assert_eq!(DayMask::new(0x80), Err(ScheduleError::InvalidDayMask));
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn new(bits: u8) -> Result<Self, ScheduleError> {
        if bits == 0 {
            Err(ScheduleError::EmptyDayMask)
        } else if bits & 0x80 != 0 {
            Err(ScheduleError::InvalidDayMask)
        } else {
            Ok(Self(bits))
        }
    }

    /// The mask of one day.
    ///
    /// ```
    /// use doorcode::{civil::Weekday, schedule::DayMask};
    /// assert_eq!(DayMask::single(Weekday::Sunday).bits(), 0b100_0000);
    /// assert!(!DayMask::single(Weekday::Sunday).contains(Weekday::Saturday));
    /// ```
    pub const fn single(day: Weekday) -> Self {
        Self(weekday_bit(day))
    }

    /// This mask with `day` added.
    ///
    /// ```
    /// use doorcode::{civil::Weekday, schedule::DayMask};
    /// assert_eq!(DayMask::single(Weekday::Saturday).with(Weekday::Sunday), DayMask::WEEKEND);
    /// ```
    pub const fn with(self, day: Weekday) -> Self {
        Self(self.0 | weekday_bit(day))
    }

    /// The bits.
    ///
    /// ```
    /// use doorcode::schedule::DayMask;
    /// assert_eq!(DayMask::EVERY_DAY.bits(), 0x7f);
    /// assert_eq!(DayMask::WEEKDAYS.bits() | DayMask::WEEKEND.bits(), DayMask::EVERY_DAY.bits());
    /// ```
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// Whether `day` is in the mask.
    ///
    /// ```
    /// use doorcode::{civil::Weekday, schedule::DayMask};
    /// assert!(DayMask::WEEKDAYS.contains(Weekday::Friday));
    /// assert!(!DayMask::WEEKDAYS.contains(Weekday::Saturday));
    /// ```
    pub const fn contains(self, day: Weekday) -> bool {
        self.0 & weekday_bit(day) != 0
    }
}

impl fmt::Debug for DayMask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
        f.write_str("DayMask(")?;
        let mut bits = self.0;
        for name in NAMES {
            if bits & 1 != 0 {
                f.write_str(name)?;
            }
            bits >>= 1;
        }
        f.write_str(")")
    }
}

const fn weekday_bit(day: Weekday) -> u8 {
    match day {
        Weekday::Monday => 1,
        Weekday::Tuesday => 2,
        Weekday::Wednesday => 4,
        Weekday::Thursday => 8,
        Weekday::Friday => 16,
        Weekday::Saturday => 32,
        Weekday::Sunday => 64,
    }
}

/// A span of wall-clock time that starts on some date: minutes since that date's midnight.
///
/// `start` is in 0..=1439 and `end` in 0..=1440. If `end > start` the range is
/// `[start, end)` on its date (`end == 1440` is midnight at the end of the day). Otherwise it
/// runs overnight: from `start` on its date to `end` on the next date, so `start == end` is a
/// full 24 hours of wall-clock time from `start`.
///
/// ```
/// use doorcode::schedule::TimeRange;
/// let night = TimeRange::new(22 * 60, 6 * 60)?; // 22:00 to 06:00 the next morning
/// assert!(night.is_overnight());
/// assert_eq!(night.duration_minutes(), 8 * 60);
/// assert_eq!(format!("{night:?}"), "22:00-06:00(+1)");
/// # Ok::<(), doorcode::schedule::ScheduleError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeRange {
    start: u16,
    end: u16,
}

impl TimeRange {
    /// The whole day, 00:00 to 24:00.
    pub const ALL_DAY: TimeRange = TimeRange {
        start: 0,
        end: MINUTES_PER_DAY,
    };

    /// A range from its start (0..=1439) and end (0..=1440) minutes.
    ///
    /// ```
    /// use doorcode::schedule::{ScheduleError, TimeRange};
    /// assert_eq!(TimeRange::new(0, 1440)?, TimeRange::ALL_DAY);
    /// assert_eq!(TimeRange::new(1440, 0), Err(ScheduleError::StartOutOfRange));
    /// assert_eq!(TimeRange::new(0, 1441), Err(ScheduleError::EndOutOfRange));
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn new(start_minute: u16, end_minute: u16) -> Result<Self, ScheduleError> {
        if start_minute >= MINUTES_PER_DAY {
            Err(ScheduleError::StartOutOfRange)
        } else if end_minute > MINUTES_PER_DAY {
            Err(ScheduleError::EndOutOfRange)
        } else {
            Ok(Self {
                start: start_minute,
                end: end_minute,
            })
        }
    }

    /// Start, minutes after midnight of the date the range starts on.
    ///
    /// ```
    /// # use doorcode::schedule::TimeRange;
    /// assert_eq!(TimeRange::new(8 * 60 + 30, 17 * 60)?.start_minute(), 510);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn start_minute(self) -> u16 {
        self.start
    }

    /// End, minutes after midnight of the start date (or of the next date if overnight).
    ///
    /// ```
    /// # use doorcode::schedule::TimeRange;
    /// assert_eq!(TimeRange::new(8 * 60 + 30, 17 * 60)?.end_minute(), 1020);
    /// assert_eq!(TimeRange::ALL_DAY.end_minute(), 1440);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn end_minute(self) -> u16 {
        self.end
    }

    /// Whether the range runs into the next date (`end <= start`).
    ///
    /// ```
    /// # use doorcode::schedule::TimeRange;
    /// assert!(TimeRange::new(1320, 360)?.is_overnight());
    /// assert!(TimeRange::new(600, 600)?.is_overnight()); // 24 hours from 10:00
    /// assert!(!TimeRange::ALL_DAY.is_overnight());
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn is_overnight(self) -> bool {
        self.end <= self.start
    }

    /// Length in wall-clock minutes, 1..=1440 (real time differs across a DST change).
    ///
    /// ```
    /// # use doorcode::schedule::TimeRange;
    /// assert_eq!(TimeRange::new(480, 1080)?.duration_minutes(), 600);
    /// assert_eq!(TimeRange::new(1380, 60)?.duration_minutes(), 120); // 23:00 to 01:00
    /// assert_eq!(TimeRange::new(600, 600)?.duration_minutes(), 1440);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn duration_minutes(self) -> u16 {
        if self.is_overnight() {
            // end <= start < 1440, so no overflow or underflow.
            MINUTES_PER_DAY
                .saturating_sub(self.start)
                .saturating_add(self.end)
        } else {
            self.end.saturating_sub(self.start)
        }
    }

    /// Whether second `second` of the range's start date is in the range.
    fn covers_on_start_date(self, second: u32) -> bool {
        second >= minute_seconds(self.start)
            && (self.is_overnight() || second < minute_seconds(self.end))
    }

    /// Whether second `second` of the date after the range's start date is in the range.
    fn covers_on_next_date(self, second: u32) -> bool {
        self.is_overnight() && second < minute_seconds(self.end)
    }
}

impl fmt::Debug for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start / 60,
            self.start % 60,
            self.end / 60,
            self.end % 60
        )?;
        if self.is_overnight() {
            f.write_str("(+1)")?;
        }
        Ok(())
    }
}

const fn minute_seconds(minute: u16) -> u32 {
    // minute <= 1440, so at most 86_400.
    (minute as u32).saturating_mul(60)
}

/// A weekly window: a time range that starts on each day of a mask.
///
/// ```
/// use doorcode::schedule::{DayMask, Schedule, TimeRange, Window};
/// use doorcode::zone::Zone;
/// // Friday and Saturday nights, 20:00 to 02:00.
/// let nights = DayMask::new(0b011_0000)?;
/// let late = Schedule::from_windows(&[Window::new(nights, TimeRange::new(1200, 120)?)])?;
/// let saturday = 1_795_824_000; // 2026-11-28T00:00Z
/// assert!(late.allows(saturday + 3600, &Zone::UTC)); // 01:00 Saturday, from Friday's window
/// assert!(!late.allows(saturday + 3 * 3600, &Zone::UTC)); // 03:00
/// # Ok::<(), doorcode::schedule::ScheduleError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    /// The weekdays the window starts on.
    pub days: DayMask,
    /// Start and end wall-clock minutes.
    pub range: TimeRange,
}

impl Window {
    /// A window starting on `days` and covering `range`.
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, TimeRange, Window};
    /// let window = Window::new(DayMask::WEEKEND, TimeRange::new(600, 960)?);
    /// assert_eq!((window.days, window.range.start_minute()), (DayMask::WEEKEND, 600));
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn new(days: DayMask, range: TimeRange) -> Self {
        Self { days, range }
    }
}

/// What an exception does on its dates.
///
/// ```
/// use doorcode::{civil::LocalDate, schedule::{Exception, ExceptionKind}};
/// let day = LocalDate::new(2026, 12, 24)?;
/// assert_eq!(Exception::deny(day, day)?.kind(), ExceptionKind::Deny);
/// assert_eq!(Exception::replace(day, day, &[])?.kind(), ExceptionKind::Replace);
/// assert!(ExceptionKind::Deny < ExceptionKind::Replace); // deny sorts first
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExceptionKind {
    /// Closed: no instant on these dates is allowed, and no window starting on them runs (not
    /// even its overnight part on the following date).
    Deny,
    /// Other hours: the exception's ranges replace the windows that start on these dates.
    Replace,
}

/// A holiday exception: local dates `first..=last` that are closed or have other hours.
///
/// ```
/// use doorcode::civil::LocalDate;
/// use doorcode::schedule::{DayMask, Exception, Schedule, TimeRange, Window};
/// use doorcode::zone::Zone;
/// let mut office = Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, TimeRange::new(480, 1080)?)])?;
/// // Christmas Eve: open 08:00-12:00 only.
/// let eve = LocalDate::new(2026, 12, 24)?;
/// office.push_exception(Exception::replace(eve, eve, &[TimeRange::new(480, 720)?])?)?;
/// assert!(office.allows(eve.midnight_utc_seconds() + 9 * 3600, &Zone::UTC));
/// assert!(!office.allows(eve.midnight_utc_seconds() + 14 * 3600, &Zone::UTC));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct Exception {
    first: LocalDate,
    last: LocalDate,
    kind: ExceptionKind,
    ranges: [TimeRange; MAX_REPLACEMENT_RANGES],
    range_count: u8,
}

impl Exception {
    /// Closed on `first..=last`.
    ///
    /// ```
    /// use doorcode::{civil::LocalDate, schedule::{Exception, ScheduleError}};
    /// let (first, last) = (LocalDate::new(2026, 12, 24)?, LocalDate::new(2026, 12, 26)?);
    /// assert!(Exception::deny(first, last)?.contains(LocalDate::new(2026, 12, 25)?));
    /// assert_eq!(Exception::deny(last, first).err(), Some(ScheduleError::ReversedDateRange));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deny(first: LocalDate, last: LocalDate) -> Result<Self, ScheduleError> {
        Self::build(first, last, ExceptionKind::Deny, &[])
    }

    /// Open only during `ranges` (each starting on each date) on `first..=last`; no ranges means
    /// closed, except for the overnight part of a window started the day before `first`.
    ///
    /// ```
    /// use doorcode::civil::LocalDate;
    /// use doorcode::schedule::{Exception, ScheduleError, TimeRange};
    /// let eve = LocalDate::new(2026, 12, 24)?;
    /// let morning = TimeRange::new(480, 720)?;
    /// assert_eq!(Exception::replace(eve, eve, &[morning])?.ranges(), &[morning]);
    /// let five = [morning; 5];
    /// assert_eq!(Exception::replace(eve, eve, &five).err(), Some(ScheduleError::TooManyReplacementRanges));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replace(
        first: LocalDate,
        last: LocalDate,
        ranges: &[TimeRange],
    ) -> Result<Self, ScheduleError> {
        Self::build(first, last, ExceptionKind::Replace, ranges)
    }

    fn build(
        first: LocalDate,
        last: LocalDate,
        kind: ExceptionKind,
        ranges: &[TimeRange],
    ) -> Result<Self, ScheduleError> {
        if last < first {
            return Err(ScheduleError::ReversedDateRange);
        }
        let mut stored = [TimeRange::ALL_DAY; MAX_REPLACEMENT_RANGES];
        stored
            .get_mut(..ranges.len())
            .ok_or(ScheduleError::TooManyReplacementRanges)?
            .copy_from_slice(ranges);
        Ok(Self {
            first,
            last,
            kind,
            ranges: stored,
            range_count: u8::try_from(ranges.len())
                .map_err(|_| ScheduleError::TooManyReplacementRanges)?,
        })
    }

    /// First date.
    ///
    /// ```
    /// # use doorcode::{civil::LocalDate, schedule::Exception};
    /// let (first, last) = (LocalDate::new(2026, 12, 24)?, LocalDate::new(2026, 12, 26)?);
    /// assert_eq!(Exception::deny(first, last)?.first(), first);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn first(&self) -> LocalDate {
        self.first
    }

    /// Last date (inclusive).
    ///
    /// ```
    /// # use doorcode::{civil::LocalDate, schedule::Exception};
    /// let (first, last) = (LocalDate::new(2026, 12, 24)?, LocalDate::new(2026, 12, 26)?);
    /// assert_eq!(Exception::deny(first, last)?.last(), last);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn last(&self) -> LocalDate {
        self.last
    }

    /// Deny or replace.
    ///
    /// ```
    /// # use doorcode::{civil::LocalDate, schedule::{Exception, ExceptionKind}};
    /// let day = LocalDate::new(2026, 12, 31)?;
    /// assert_eq!(Exception::replace(day, day, &[])?.kind(), ExceptionKind::Replace);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn kind(&self) -> ExceptionKind {
        self.kind
    }

    /// The replacement ranges (empty for a deny exception).
    ///
    /// ```
    /// # use doorcode::{civil::LocalDate, schedule::{Exception, TimeRange}};
    /// let day = LocalDate::new(2026, 12, 31)?;
    /// let ranges = [TimeRange::new(480, 720)?, TimeRange::new(780, 960)?];
    /// assert_eq!(Exception::replace(day, day, &ranges)?.ranges(), &ranges);
    /// assert!(Exception::deny(day, day)?.ranges().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ranges(&self) -> &[TimeRange] {
        self.ranges
            .get(..usize::from(self.range_count))
            .unwrap_or(&[])
    }

    /// Whether `date` is one of the exception's dates.
    ///
    /// ```
    /// # use doorcode::{civil::LocalDate, schedule::Exception};
    /// let holidays = Exception::deny(LocalDate::new(2026, 12, 24)?, LocalDate::new(2026, 12, 26)?)?;
    /// assert!(holidays.contains(LocalDate::new(2026, 12, 26)?));
    /// assert!(!holidays.contains(LocalDate::new(2026, 12, 27)?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contains(&self, date: LocalDate) -> bool {
        self.first <= date && date <= self.last
    }

    /// Order of exceptions in a schedule and in its encoding.
    fn sort_key(&self) -> (LocalDate, ExceptionKind) {
        (self.first, self.kind)
    }
}

impl PartialEq for Exception {
    fn eq(&self, other: &Self) -> bool {
        self.sort_key() == other.sort_key()
            && self.last == other.last
            && self.ranges() == other.ranges()
    }
}

impl Eq for Exception {}

impl fmt::Debug for Exception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} {}..={}", self.kind, self.first, self.last)?;
        if self.kind == ExceptionKind::Replace {
            f.debug_list().entries(self.ranges()).finish()?;
        }
        Ok(())
    }
}

/// How a schedule treats one local date.
#[derive(Clone, Copy)]
enum DayRule<'a> {
    /// A deny exception covers it.
    Denied,
    /// A replace exception covers it: these ranges start on it.
    Replaced(&'a [TimeRange]),
    /// The windows whose day mask has its weekday start on it.
    Regular(Weekday),
}

/// A weekly schedule with holiday exceptions. No allocation: windows and exceptions live in
/// fixed arrays.
///
/// ```
/// use doorcode::schedule::{DayMask, Schedule, TimeRange, Window};
/// use doorcode::zone::Zone;
/// let office = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
/// let monday_9 = 1_795_392_000 + 9 * 3600; // 2026-11-23T09:00Z
/// assert!(office.allows(monday_9, &Zone::UTC));
/// assert!(!office.allows(monday_9 - 2 * 86_400, &Zone::UTC)); // Saturday
/// # Ok::<(), doorcode::schedule::ScheduleError>(())
/// ```
#[derive(Clone)]
pub struct Schedule {
    windows: [Window; MAX_WINDOWS],
    window_count: u8,
    exceptions: [Exception; MAX_EXCEPTIONS],
    exception_count: u8,
}

const FILLER_WINDOW: Window = Window::new(DayMask::EVERY_DAY, TimeRange::ALL_DAY);
const FILLER_EXCEPTION: Exception = Exception {
    first: LocalDate::MIN,
    last: LocalDate::MIN,
    kind: ExceptionKind::Deny,
    ranges: [TimeRange::ALL_DAY; MAX_REPLACEMENT_RANGES],
    range_count: 0,
};

impl Default for Schedule {
    fn default() -> Self {
        Self::new()
    }
}

impl Schedule {
    /// The empty schedule: allows nothing.
    ///
    /// ```
    /// use doorcode::{schedule::Schedule, zone::Zone};
    /// let closed = Schedule::new();
    /// assert!(closed.windows().is_empty());
    /// assert!(!closed.allows(1_795_392_000, &Zone::UTC));
    /// assert_eq!(closed, Schedule::default());
    /// ```
    pub const fn new() -> Self {
        Self {
            windows: [FILLER_WINDOW; MAX_WINDOWS],
            window_count: 0,
            exceptions: [FILLER_EXCEPTION; MAX_EXCEPTIONS],
            exception_count: 0,
        }
    }

    /// A schedule of `windows` and no exceptions.
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, Schedule, ScheduleError, TimeRange, Window, MAX_WINDOWS};
    /// let window = Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?);
    /// assert_eq!(Schedule::from_windows(&[window])?.windows(), &[window]);
    /// let too_many = [window; MAX_WINDOWS + 1];
    /// assert_eq!(Schedule::from_windows(&too_many).err(), Some(ScheduleError::TooManyWindows));
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn from_windows(windows: &[Window]) -> Result<Self, ScheduleError> {
        let mut schedule = Self::new();
        for window in windows {
            schedule.push_window(*window)?;
        }
        Ok(schedule)
    }

    /// Add a window (the union grows).
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, Schedule, TimeRange, Window};
    /// use doorcode::zone::Zone;
    /// let mut office = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
    /// let saturday_10 = 1_795_824_000 + 10 * 3600; // 2026-11-28T10:00Z
    /// assert!(!office.allows(saturday_10, &Zone::UTC));
    /// office.push_window(Window::new(DayMask::WEEKEND, TimeRange::new(600, 720)?))?;
    /// assert!(office.allows(saturday_10, &Zone::UTC));
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn push_window(&mut self, window: Window) -> Result<(), ScheduleError> {
        let count = usize::from(self.window_count);
        *self
            .windows
            .get_mut(count)
            .ok_or(ScheduleError::TooManyWindows)? = window;
        self.window_count = self
            .window_count
            .checked_add(1)
            .ok_or(ScheduleError::TooManyWindows)?;
        Ok(())
    }

    /// Add an exception, kept in order of (first date, deny before replace). Refuses one that
    /// shares a date with an exception of the same kind; a deny may overlap a replace (deny
    /// wins on the shared dates).
    ///
    /// ```
    /// use doorcode::civil::LocalDate;
    /// use doorcode::schedule::{Exception, Schedule, ScheduleError};
    /// let mut schedule = Schedule::new();
    /// let (d24, d25, d26) = (LocalDate::new(2026, 12, 24)?, LocalDate::new(2026, 12, 25)?, LocalDate::new(2026, 12, 26)?);
    /// schedule.push_exception(Exception::deny(d25, d26)?)?;
    /// schedule.push_exception(Exception::replace(d24, d25, &[])?)?; // overlaps a deny: allowed
    /// assert_eq!(schedule.exceptions()[0].first(), d24); // kept in date order
    /// let clash = schedule.push_exception(Exception::deny(d26, d26)?);
    /// assert_eq!(clash, Err(ScheduleError::OverlappingExceptions)); // overlaps the other deny
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn push_exception(&mut self, exception: Exception) -> Result<(), ScheduleError> {
        let count = usize::from(self.exception_count);
        if count >= MAX_EXCEPTIONS {
            return Err(ScheduleError::TooManyExceptions);
        }
        let existing = self.exceptions();
        if existing.iter().any(|e| {
            e.kind == exception.kind && e.first <= exception.last && exception.first <= e.last
        }) {
            return Err(ScheduleError::OverlappingExceptions);
        }
        let position = existing
            .iter()
            .position(|e| e.sort_key() > exception.sort_key())
            .unwrap_or(count);
        // count < MAX_EXCEPTIONS, so position..=count is within the array and not empty.
        let tail = self
            .exceptions
            .get_mut(position..=count)
            .ok_or(ScheduleError::TooManyExceptions)?;
        tail.rotate_right(1);
        *tail.first_mut().ok_or(ScheduleError::TooManyExceptions)? = exception;
        self.exception_count = self
            .exception_count
            .checked_add(1)
            .ok_or(ScheduleError::TooManyExceptions)?;
        Ok(())
    }

    /// The windows, in the order added.
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, Schedule, TimeRange, Window};
    /// let morning = Window::new(DayMask::EVERY_DAY, TimeRange::new(360, 720)?);
    /// let evening = Window::new(DayMask::WEEKDAYS, TimeRange::new(1020, 1320)?);
    /// assert_eq!(Schedule::from_windows(&[evening, morning])?.windows(), &[evening, morning]);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn windows(&self) -> &[Window] {
        self.windows
            .get(..usize::from(self.window_count))
            .unwrap_or(&[])
    }

    /// The exceptions, ordered by first date (deny before replace on the same first date).
    ///
    /// ```
    /// use doorcode::{civil::LocalDate, schedule::{Exception, ExceptionKind, Schedule}};
    /// let day = LocalDate::new(2026, 12, 31)?;
    /// let mut schedule = Schedule::new();
    /// schedule.push_exception(Exception::replace(day, day, &[])?)?;
    /// schedule.push_exception(Exception::deny(day, day)?)?;
    /// let kinds: Vec<ExceptionKind> = schedule.exceptions().iter().map(|e| e.kind()).collect();
    /// assert_eq!(kinds, [ExceptionKind::Deny, ExceptionKind::Replace]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exceptions(&self) -> &[Exception] {
        self.exceptions
            .get(..usize::from(self.exception_count))
            .unwrap_or(&[])
    }

    /// Whether the schedule allows `instant` in `zone`.
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, Schedule, TimeRange, Window};
    /// use doorcode::zone::Zone;
    /// let office = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
    /// let monday = 1_795_392_000; // 2026-11-23T00:00Z
    /// assert!(office.allows(monday + 8 * 3600, &Zone::UTC)); // 08:00: the start is included
    /// assert!(!office.allows(monday + 18 * 3600, &Zone::UTC)); // 18:00: the end is not
    /// // In New York (UTC-5) 13:00Z is 08:00 local.
    /// assert!(office.allows(monday + 13 * 3600, &Zone::posix("EST5EDT,M3.2.0,M11.1.0")?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allows<Z: ZoneRules + ?Sized>(&self, instant: i64, zone: &Z) -> bool {
        self.check(instant, zone).is_ok()
    }

    /// Whether the schedule allows `instant` in `zone`, and if not, why.
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, Schedule, ScheduleDenial, TimeRange, Window};
    /// use doorcode::zone::{Zone, MAX_INSTANT};
    /// let office = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
    /// assert_eq!(office.check(1_795_392_000 + 9 * 3600, &Zone::UTC), Ok(()));
    /// assert_eq!(office.check(1_795_392_000, &Zone::UTC), Err(ScheduleDenial::OutsideWindows));
    /// // Fail closed when the clock is past the calendar.
    /// assert_eq!(office.check(MAX_INSTANT, &Zone::UTC), Err(ScheduleDenial::ClockOutOfRange));
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn check<Z: ZoneRules + ?Sized>(
        &self,
        instant: i64,
        zone: &Z,
    ) -> Result<(), ScheduleDenial> {
        let local = zone
            .local_datetime(instant)
            .map_err(|_| ScheduleDenial::ClockOutOfRange)?;
        self.check_local(local)
    }

    /// Whether the schedule allows the wall-clock time `local`.
    ///
    /// ```
    /// use doorcode::civil::{LocalDate, LocalDateTime};
    /// use doorcode::schedule::{DayMask, Schedule, ScheduleDenial, TimeRange, Window};
    /// // Every night 22:00 to 06:00.
    /// let nights = Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, TimeRange::new(1320, 360)?)])?;
    /// let date = LocalDate::new(2026, 11, 23)?;
    /// assert_eq!(nights.check_local(LocalDateTime { date, second_of_day: 5 * 3600 }), Ok(()));
    /// let noon = LocalDateTime { date, second_of_day: 12 * 3600 };
    /// assert_eq!(nights.check_local(noon), Err(ScheduleDenial::OutsideWindows));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_local(&self, local: LocalDateTime) -> Result<(), ScheduleDenial> {
        let second = local.second_of_day;
        let today = self.day_rule(local.date);
        if matches!(today, DayRule::Denied) {
            return Err(ScheduleDenial::ExceptionDenies);
        }
        if self
            .ranges_starting(today)
            .any(|range| range.covers_on_start_date(second))
        {
            return Ok(());
        }
        if let Some(yesterday) = local.date.pred()
            && self
                .ranges_starting(self.day_rule(yesterday))
                .any(|range| range.covers_on_next_date(second))
        {
            return Ok(());
        }
        Err(match today {
            DayRule::Replaced(_) => ScheduleDenial::OutsideReplacementHours,
            _ => ScheduleDenial::OutsideWindows,
        })
    }

    /// The first instant after `instant`, within [`NEXT_CHANGE_HORIZON_SECONDS`], at which
    /// [`allows`](Self::allows) gives a different answer than at `instant`; `None` if there is
    /// none (or the search leaves the supported calendar).
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, Schedule, TimeRange, Window};
    /// use doorcode::zone::Zone;
    /// let office = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
    /// let friday_18 = 1_795_737_600 + 18 * 3600; // 2026-11-27T18:00Z, just closed
    /// // Next opening: Monday 2026-11-30 at 08:00.
    /// assert_eq!(office.next_change(friday_18, &Zone::UTC), Some(1_795_996_800 + 8 * 3600));
    /// assert_eq!(Schedule::new().next_change(friday_18, &Zone::UTC), None); // never opens
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn next_change<Z: ZoneRules + ?Sized>(&self, instant: i64, zone: &Z) -> Option<i64> {
        next_change::next_change(&Grant::ALWAYS, core::slice::from_ref(self), instant, zone)
    }

    fn day_rule(&self, date: LocalDate) -> DayRule<'_> {
        let mut replaced = None;
        for exception in self.exceptions() {
            if exception.first > date {
                break; // sorted by first date
            }
            if exception.last >= date {
                match exception.kind {
                    ExceptionKind::Deny => return DayRule::Denied,
                    ExceptionKind::Replace => replaced = Some(exception.ranges()),
                }
            }
        }
        match replaced {
            Some(ranges) => DayRule::Replaced(ranges),
            None => DayRule::Regular(date.weekday()),
        }
    }

    /// The ranges that start on a date governed by `rule`.
    fn ranges_starting<'a>(&'a self, rule: DayRule<'a>) -> StartingRanges<'a> {
        match rule {
            DayRule::Denied => StartingRanges {
                windows: [].iter(),
                day: 0,
                replacement: [].iter(),
            },
            DayRule::Replaced(ranges) => StartingRanges {
                windows: [].iter(),
                day: 0,
                replacement: ranges.iter(),
            },
            DayRule::Regular(weekday) => StartingRanges {
                windows: self.windows().iter(),
                day: weekday_bit(weekday),
                replacement: [].iter(),
            },
        }
    }
}

struct StartingRanges<'a> {
    windows: core::slice::Iter<'a, Window>,
    day: u8,
    replacement: core::slice::Iter<'a, TimeRange>,
}

impl Iterator for StartingRanges<'_> {
    type Item = TimeRange;

    fn next(&mut self) -> Option<TimeRange> {
        if let Some(range) = self.replacement.next() {
            return Some(*range);
        }
        let day = self.day;
        self.windows
            .find(|window| window.days.bits() & day != 0)
            .map(|window| window.range)
    }
}

impl PartialEq for Schedule {
    fn eq(&self, other: &Self) -> bool {
        self.windows() == other.windows() && self.exceptions() == other.exceptions()
    }
}

impl Eq for Schedule {}

impl fmt::Debug for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schedule")
            .field("windows", &self.windows())
            .field("exceptions", &self.exceptions())
            .finish()
    }
}

/// A span of UTC instants `[not_before, not_after)`: a lease or a guest's stay.
///
/// ```
/// use doorcode::schedule::Grant;
/// let stay = Grant::new(1_795_305_600, 1_795_305_600 + 3 * 86_400)?; // three nights
/// assert!(stay.contains(1_795_305_600));
/// assert!(!stay.contains(1_795_305_600 + 3 * 86_400));
/// assert!(Grant::ALWAYS.contains(i64::MIN));
/// # Ok::<(), doorcode::schedule::ScheduleError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Grant {
    not_before: i64,
    not_after: i64,
}

impl Grant {
    /// No time limit.
    pub const ALWAYS: Grant = Grant {
        not_before: i64::MIN,
        not_after: i64::MAX,
    };

    /// `[not_before, not_after)`; equal bounds make an empty grant.
    ///
    /// ```
    /// use doorcode::schedule::{Grant, ScheduleError};
    /// assert!(!Grant::new(100, 100)?.contains(100)); // empty
    /// assert_eq!(Grant::new(100, 99), Err(ScheduleError::ReversedGrant));
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn new(not_before: i64, not_after: i64) -> Result<Self, ScheduleError> {
        if not_after < not_before {
            return Err(ScheduleError::ReversedGrant);
        }
        Ok(Self {
            not_before,
            not_after,
        })
    }

    /// First allowed instant.
    ///
    /// ```
    /// # use doorcode::schedule::Grant;
    /// assert_eq!(Grant::new(100, 200)?.not_before(), 100);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn not_before(&self) -> i64 {
        self.not_before
    }

    /// First instant no longer allowed.
    ///
    /// ```
    /// # use doorcode::schedule::Grant;
    /// assert_eq!(Grant::new(100, 200)?.not_after(), 200);
    /// assert_eq!(Grant::ALWAYS.not_after(), i64::MAX);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn not_after(&self) -> i64 {
        self.not_after
    }

    /// Whether `instant` is in the grant.
    ///
    /// ```
    /// # use doorcode::schedule::Grant;
    /// let grant = Grant::new(100, 200)?;
    /// assert!(!grant.contains(99) && grant.contains(100) && grant.contains(199) && !grant.contains(200));
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn contains(&self, instant: i64) -> bool {
        self.not_before <= instant && instant < self.not_after
    }

    /// The instants in both grants (empty if they do not meet).
    ///
    /// ```
    /// # use doorcode::schedule::Grant;
    /// let lease = Grant::new(100, 200)?;
    /// assert_eq!(lease.intersection(&Grant::new(150, 300)?), Grant::new(150, 200)?);
    /// let apart = lease.intersection(&Grant::new(300, 400)?);
    /// assert!(!apart.contains(300) && apart.not_before() == apart.not_after());
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn intersection(&self, other: &Grant) -> Grant {
        let not_before = self.not_before.max(other.not_before);
        let not_after = self.not_after.min(other.not_after).max(not_before);
        Grant {
            not_before,
            not_after,
        }
    }

    fn check(&self, instant: i64) -> Result<(), AccessDenied> {
        if instant < self.not_before {
            Err(AccessDenied::NotYetValid)
        } else if instant >= self.not_after {
            Err(AccessDenied::Expired)
        } else {
            Ok(())
        }
    }
}

/// A grant and up to [`MAX_RULE_SCHEDULES`] schedules that must all allow: what one
/// credential (a Key given to a person at a door, or a guest derived from it) may do.
///
/// ```
/// use doorcode::schedule::{AccessDenied, AccessRule, DayMask, Grant, Schedule, TimeRange, Window};
/// use doorcode::zone::Zone;
/// let weekdays = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
/// let lease = Grant::new(1_795_000_000, 1_800_000_000)?;
/// let mut rule = AccessRule::new(lease);
/// rule.push_schedule(weekdays)?;
/// assert_eq!(rule.check(None, &Zone::UTC), Err(AccessDenied::ClockUnknown));
/// # Ok::<(), doorcode::schedule::ScheduleError>(())
/// ```
#[derive(Clone)]
pub struct AccessRule {
    grant: Grant,
    schedules: [Schedule; MAX_RULE_SCHEDULES],
    schedule_count: u8,
}

impl AccessRule {
    /// A rule with `grant` and no schedule (unrestricted within the grant).
    ///
    /// ```
    /// use doorcode::{schedule::{AccessRule, Grant}, zone::Zone};
    /// let rule = AccessRule::new(Grant::new(100, 200)?);
    /// assert!(rule.schedules().is_empty());
    /// assert!(rule.allows(Some(150), &Zone::UTC));
    /// assert!(!rule.allows(Some(200), &Zone::UTC));
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn new(grant: Grant) -> Self {
        Self {
            grant,
            schedules: [const { Schedule::new() }; MAX_RULE_SCHEDULES],
            schedule_count: 0,
        }
    }

    /// Add a schedule that must also allow.
    ///
    /// ```
    /// use doorcode::schedule::{AccessRule, Grant, Schedule, ScheduleError, MAX_RULE_SCHEDULES};
    /// let mut rule = AccessRule::new(Grant::ALWAYS);
    /// for _ in 0..MAX_RULE_SCHEDULES {
    ///     rule.push_schedule(Schedule::new())?;
    /// }
    /// assert_eq!(rule.push_schedule(Schedule::new()), Err(ScheduleError::TooManySchedules));
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn push_schedule(&mut self, schedule: Schedule) -> Result<(), ScheduleError> {
        *self
            .schedules
            .get_mut(usize::from(self.schedule_count))
            .ok_or(ScheduleError::TooManySchedules)? = schedule;
        self.schedule_count = self
            .schedule_count
            .checked_add(1)
            .ok_or(ScheduleError::TooManySchedules)?;
        Ok(())
    }

    /// The grant.
    ///
    /// ```
    /// # use doorcode::schedule::{AccessRule, Grant};
    /// let lease = Grant::new(100, 200)?;
    /// assert_eq!(AccessRule::new(lease).grant(), &lease);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub const fn grant(&self) -> &Grant {
        &self.grant
    }

    /// The schedules, in the order added.
    ///
    /// ```
    /// # use doorcode::schedule::*;
    /// let key = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::ALL_DAY)])?;
    /// let door = Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, TimeRange::new(360, 1320)?)])?;
    /// let mut rule = AccessRule::new(Grant::ALWAYS);
    /// rule.push_schedule(key.clone())?;
    /// rule.push_schedule(door.clone())?;
    /// assert_eq!(rule.schedules(), &[key, door]);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn schedules(&self) -> &[Schedule] {
        self.schedules
            .get(..usize::from(self.schedule_count))
            .unwrap_or(&[])
    }

    /// Whether the rule allows access at `clock` (`None`: the lock does not know the time,
    /// which denies).
    ///
    /// ```
    /// use doorcode::schedule::*;
    /// use doorcode::zone::Zone;
    /// let mut rule = AccessRule::new(Grant::ALWAYS);
    /// rule.push_schedule(Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::ALL_DAY)])?)?;
    /// let monday = 1_795_392_000; // 2026-11-23T00:00Z
    /// assert!(rule.allows(Some(monday), &Zone::UTC));
    /// assert!(!rule.allows(None, &Zone::UTC)); // unknown time: fail closed
    /// assert!(!rule.allows(Some(monday - 1), &Zone::UTC)); // Sunday 23:59:59
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn allows<Z: ZoneRules + ?Sized>(&self, clock: Option<i64>, zone: &Z) -> bool {
        self.check(clock, zone).is_ok()
    }

    /// Whether the rule allows access at `clock`, and if not, which part denied: the clock,
    /// then the grant, then the schedules in order.
    ///
    /// ```
    /// use doorcode::schedule::*;
    /// use doorcode::zone::Zone;
    /// let monday = 1_795_392_000; // 2026-11-23T00:00Z
    /// let mut rule = AccessRule::new(Grant::new(monday, monday + 86_400)?);
    /// rule.push_schedule(Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, TimeRange::ALL_DAY)])?)?;
    /// rule.push_schedule(Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, TimeRange::new(480, 1080)?)])?)?;
    /// assert_eq!(rule.check(None, &Zone::UTC), Err(AccessDenied::ClockUnknown));
    /// assert_eq!(rule.check(Some(monday + 86_400), &Zone::UTC), Err(AccessDenied::Expired));
    /// let second = AccessDenied::Schedule { index: 1, reason: ScheduleDenial::OutsideWindows };
    /// assert_eq!(rule.check(Some(monday + 3600), &Zone::UTC), Err(second));
    /// assert_eq!(rule.check(Some(monday + 9 * 3600), &Zone::UTC), Ok(()));
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn check<Z: ZoneRules + ?Sized>(
        &self,
        clock: Option<i64>,
        zone: &Z,
    ) -> Result<(), AccessDenied> {
        let instant = clock.ok_or(AccessDenied::ClockUnknown)?;
        self.grant.check(instant)?;
        let schedules = self.schedules();
        if schedules.is_empty() {
            return Ok(());
        }
        let local = zone
            .local_datetime(instant)
            .map_err(|_| AccessDenied::ClockOutOfRange)?;
        check_schedules_local(schedules, local)
    }

    /// The first instant after `clock`, within [`NEXT_CHANGE_HORIZON_SECONDS`], at which
    /// [`allows`](Self::allows) changes; `None` if there is none or the clock is unknown.
    ///
    /// ```
    /// use doorcode::schedule::*;
    /// use doorcode::zone::Zone;
    /// let monday = 1_795_392_000; // 2026-11-23T00:00Z
    /// let mut rule = AccessRule::new(Grant::new(monday, monday + 10 * 3600)?);
    /// rule.push_schedule(Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, TimeRange::new(480, 1080)?)])?)?;
    /// // Opens at 08:00, then the grant ends at 10:00 before the window does.
    /// assert_eq!(rule.next_change(Some(monday), &Zone::UTC), Some(monday + 8 * 3600));
    /// assert_eq!(rule.next_change(Some(monday + 9 * 3600), &Zone::UTC), Some(monday + 10 * 3600));
    /// assert_eq!(rule.next_change(None, &Zone::UTC), None);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn next_change<Z: ZoneRules + ?Sized>(&self, clock: Option<i64>, zone: &Z) -> Option<i64> {
        next_change::next_change(&self.grant, self.schedules(), clock?, zone)
    }
}

fn check_schedules_local(schedules: &[Schedule], local: LocalDateTime) -> Result<(), AccessDenied> {
    for (index, schedule) in (0u8..).zip(schedules) {
        schedule
            .check_local(local)
            .map_err(|reason| AccessDenied::Schedule { index, reason })?;
    }
    Ok(())
}

impl PartialEq for AccessRule {
    fn eq(&self, other: &Self) -> bool {
        self.grant == other.grant && self.schedules() == other.schedules()
    }
}

impl Eq for AccessRule {}

impl fmt::Debug for AccessRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessRule")
            .field("grant", &self.grant)
            .field("schedules", &self.schedules())
            .finish()
    }
}
