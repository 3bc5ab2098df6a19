//! POSIX TZ rules: `std offset [dst [offset] ,start[/time],end[/time]]`, with the RFC 9636
//! extensions (rule times from -167 to +167 hours; all-year daylight saving time).
//!
//! A [`PosixRule`] is parsed without allocation, printed back in a canonical form that parses
//! to an equal rule, and evaluated directly: the offset at an instant is computed from the two
//! transitions of the instant's year, with nothing cached.

use core::fmt;

use super::calendar::{
    SECONDS_PER_DAY, days_before_month, days_in_month, is_leap, jan1, weekday, year_and_jan1,
};
use super::{MAX_OFFSET_SECONDS, Transition, ZoneError, ZoneOffset};

/// Longest zone abbreviation accepted, in bytes (the longest in the IANA database is 6).
pub const MAX_NAME_LEN: usize = 16;
/// Shortest zone abbreviation accepted, in bytes (POSIX).
pub const MIN_NAME_LEN: usize = 3;
/// Largest magnitude of a rule's transition time: 167:59:59 (RFC 9636).
pub const MAX_RULE_TIME_SECONDS: i32 = 167 * 3600 + 59 * 60 + 59;
/// Transition time used when a rule date has no `/time`: 02:00:00.
pub const DEFAULT_RULE_TIME_SECONDS: i32 = 2 * 3600;
/// How many candidate transitions [`PosixRule`] examines when looking for the next change
/// (64 years of two transitions; only degenerate rules, such as all-year DST, ever run out).
const MAX_CHANGE_SEARCH_STEPS: usize = 128;

/// A zone abbreviation such as `EST` or `+0530`: 3 to 16 ASCII letters, digits, `+` or `-`.
///
/// ```
/// use doorcode::zone::{PosixRule, ZoneName};
/// let rule: PosixRule = "<+0530>-5:30".parse()?;
/// assert_eq!(rule.std_name().as_str(), "+0530");
/// assert_eq!(ZoneName::new("EST").map(|n| n.to_string()), Some("EST".to_string()));
/// # Ok::<(), doorcode::zone::PosixTzError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ZoneName {
    bytes: [u8; MAX_NAME_LEN],
    len: u8,
}

impl ZoneName {
    /// A name from its text, if it is 3 to 16 bytes of ASCII letters, digits, `+` and `-`.
    ///
    /// ```
    /// use doorcode::zone::ZoneName;
    /// assert!(ZoneName::new("CEST").is_some() && ZoneName::new("-03").is_some());
    /// assert!(ZoneName::new("ET").is_none()); // too short
    /// assert!(ZoneName::new("E_T").is_none()); // '_' is not allowed
    /// assert!(ZoneName::new("ABCDEFGHIJKLMNOPQ").is_none()); // 17 bytes
    /// ```
    pub fn new(name: &str) -> Option<Self> {
        Self::from_bytes(name.as_bytes())
    }

    pub(super) fn from_bytes(name: &[u8]) -> Option<Self> {
        if !(MIN_NAME_LEN..=MAX_NAME_LEN).contains(&name.len())
            || !name.iter().all(|&b| name_byte(b))
        {
            return None;
        }
        let mut bytes = [0u8; MAX_NAME_LEN];
        bytes.get_mut(..name.len())?.copy_from_slice(name);
        Some(Self {
            bytes,
            len: u8::try_from(name.len()).ok()?,
        })
    }

    /// The numeric abbreviation tzdb uses for an offset without a name, e.g. `+0530`, `-03`.
    // Every value written is a digit of a number below 100 (hours <= 24): no overflow, no
    // truncation.
    #[allow(
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    const fn numeric(offset_seconds: i32) -> Self {
        const fn digit(value: u32) -> u8 {
            b'0' + (value % 10) as u8
        }
        let sign = if offset_seconds < 0 { b'-' } else { b'+' };
        let magnitude = offset_seconds.unsigned_abs();
        let (hours, minutes, seconds) = (magnitude / 3600, magnitude / 60 % 60, magnitude % 60);
        let mut bytes = [0u8; MAX_NAME_LEN];
        bytes[0] = sign;
        bytes[1] = digit(hours / 10);
        bytes[2] = digit(hours);
        let mut len = 3;
        if minutes != 0 || seconds != 0 {
            bytes[3] = digit(minutes / 10);
            bytes[4] = digit(minutes);
            len = 5;
        }
        if seconds != 0 {
            bytes[5] = digit(seconds / 10);
            bytes[6] = digit(seconds);
            len = 7;
        }
        Self { bytes, len }
    }

    /// The name's bytes.
    ///
    /// ```
    /// use doorcode::zone::ZoneName;
    /// assert_eq!(ZoneName::new("AEST").ok_or("name")?.as_bytes(), b"AEST");
    /// # Ok::<(), &str>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// The name as text.
    ///
    /// ```
    /// use doorcode::zone::ZoneName;
    /// assert_eq!(ZoneName::new("+0545").ok_or("name")?.as_str(), "+0545");
    /// # Ok::<(), &str>(())
    /// ```
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    /// Whether the POSIX form needs `<...>` around the name (anything but letters).
    fn needs_quotes(&self) -> bool {
        !self.as_bytes().iter().all(u8::is_ascii_alphabetic)
    }
}

fn name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'-'
}

impl fmt::Debug for ZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The day of the year on which a daylight-saving transition happens.
///
/// ```
/// use doorcode::zone::{PosixRule, RuleDate};
/// // Chile: DST from the first Saturday of September at 24:00 until the first Saturday of April.
/// let santiago: PosixRule = "<-04>4<-03>,M9.1.6/24,M4.1.6/24".parse()?;
/// let dst = santiago.dst().ok_or("no DST")?;
/// assert_eq!(dst.start(), (RuleDate::MonthWeekday { month: 9, week: 1, weekday: 6 }, 24 * 3600));
/// let julian: PosixRule = "XST3XDT,J60,300".parse()?;
/// assert_eq!(julian.dst().ok_or("no DST")?.start().0, RuleDate::NoLeapDay(60));
/// assert_eq!(julian.dst().ok_or("no DST")?.end().0, RuleDate::ZeroBasedDay(300));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleDate {
    /// `Jn`: day `n` of 1..=365, February 29 never counted (`J60` is March 1 in every year).
    NoLeapDay(u16),
    /// `n`: zero-based day of the year, 0..=365, February 29 counted (`59` is February 29 in a
    /// leap year and March 1 otherwise). Day 365 of a common year is January 1 of the next.
    ZeroBasedDay(u16),
    /// `Mm.w.d`: weekday `d` (0 = Sunday..=6) of week `w` (1..=5, 5 = the last) of month `m`.
    MonthWeekday {
        /// Month, 1..=12.
        month: u8,
        /// Week, 1..=5; week 1 holds the first `weekday` of the month, 5 the last.
        week: u8,
        /// Day of the week, 0 (Sunday)..=6 (Saturday).
        weekday: u8,
    },
}

impl RuleDate {
    /// Whether every field is in range.
    ///
    /// ```
    /// use doorcode::zone::RuleDate;
    /// assert!(RuleDate::NoLeapDay(365).is_valid() && !RuleDate::NoLeapDay(0).is_valid());
    /// assert!(RuleDate::ZeroBasedDay(365).is_valid() && !RuleDate::ZeroBasedDay(366).is_valid());
    /// assert!(!RuleDate::MonthWeekday { month: 3, week: 6, weekday: 0 }.is_valid());
    /// ```
    pub const fn is_valid(self) -> bool {
        match self {
            Self::NoLeapDay(day) => day >= 1 && day <= 365,
            Self::ZeroBasedDay(day) => day <= 365,
            Self::MonthWeekday {
                month,
                week,
                weekday,
            } => month >= 1 && month <= 12 && week >= 1 && week <= 5 && weekday <= 6,
        }
    }

    /// Day number (days since 1970-01-01) of this date in `year`, whose January 1 is day
    /// `first`.
    // Fields are validated (day <= 365, month 1..=12, week 1..=5) and day numbers of the clamped
    // years are below 2^22: no overflow.
    #[allow(clippy::arithmetic_side_effects)]
    fn day_number(self, year: i32, first: i64) -> i64 {
        match self {
            Self::NoLeapDay(day) => {
                let leap_shift = i64::from(is_leap(year) && day >= 60);
                first + i64::from(day) - 1 + leap_shift
            }
            Self::ZeroBasedDay(day) => first + i64::from(day),
            Self::MonthWeekday {
                month,
                week,
                weekday: wanted,
            } => {
                let month_start =
                    first + days_before_month(month) + i64::from(is_leap(year) && month > 2);
                let to_weekday = (i64::from(wanted) - weekday(month_start)).rem_euclid(7);
                let mut day = month_start + to_weekday + 7 * (i64::from(week) - 1);
                if week == 5 && day >= month_start + days_in_month(year, month) {
                    day -= 7;
                }
                day
            }
        }
    }

    /// The earliest and latest day of the year (0 = January 1) this date can fall on.
    // Small validated fields: no overflow.
    #[allow(clippy::arithmetic_side_effects)]
    fn day_of_year_range(self) -> (i64, i64) {
        match self {
            Self::NoLeapDay(day) => {
                let day = i64::from(day) - 1;
                (day, day + i64::from(day >= 59))
            }
            Self::ZeroBasedDay(day) => (i64::from(day), i64::from(day)),
            Self::MonthWeekday { month, week, .. } => {
                let (first_day, last_day) = if week == 5 {
                    (days_in_month(2001, month) - 6, days_in_month(2000, month))
                } else {
                    let first = 7 * (i64::from(week) - 1) + 1;
                    (first, first + 6)
                };
                let before = days_before_month(month);
                (
                    before + first_day - 1,
                    before + i64::from(month > 2) + last_day - 1,
                )
            }
        }
    }
}

impl fmt::Display for RuleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::NoLeapDay(day) => write!(f, "J{day}"),
            Self::ZeroBasedDay(day) => write!(f, "{day}"),
            Self::MonthWeekday {
                month,
                week,
                weekday,
            } => write!(f, "M{month}.{week}.{weekday}"),
        }
    }
}

/// The daylight-saving part of a rule.
///
/// ```
/// use doorcode::zone::{PosixRule, RuleDate};
/// let new_york: PosixRule = "EST5EDT,M3.2.0,M11.1.0".parse()?;
/// let dst = new_york.dst().ok_or("no DST")?;
/// assert_eq!((dst.name().as_str(), dst.offset()), ("EDT", -4 * 3600));
/// // No time given: the POSIX default of 02:00.
/// assert_eq!(dst.end(), (RuleDate::MonthWeekday { month: 11, week: 1, weekday: 0 }, 7200));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DstRule {
    name: ZoneName,
    offset: i32,
    start: RuleDate,
    start_time: i32,
    end: RuleDate,
    end_time: i32,
}

/// Which field of a rule is out of range.
///
/// ```
/// use doorcode::zone::{DstRule, PosixRule, RuleDate, RuleFieldError, ZoneName};
/// let name = ZoneName::new("XDT").ok_or("name")?;
/// let day = RuleDate::ZeroBasedDay(100);
/// let bad_start = DstRule::new(name, 3600, (RuleDate::NoLeapDay(0), 0), (day, 0));
/// assert_eq!(bad_start, Err(RuleFieldError::StartDate));
/// assert_eq!(PosixRule::new(name, 25 * 3600, None), Err(RuleFieldError::StdOffset));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleFieldError {
    /// The standard offset is beyond +-24:59:59.
    StdOffset,
    /// The daylight-saving offset is beyond +-24:59:59.
    DstOffset,
    /// The start date has a field out of range.
    StartDate,
    /// The start time is beyond +-167:59:59.
    StartTime,
    /// The end date has a field out of range.
    EndDate,
    /// The end time is beyond +-167:59:59.
    EndTime,
}

impl fmt::Display for RuleFieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::StdOffset => "standard offset is beyond +-24:59:59",
            Self::DstOffset => "daylight-saving offset is beyond +-24:59:59",
            Self::StartDate => "start date has a field out of range",
            Self::StartTime => "start time is beyond +-167:59:59",
            Self::EndDate => "end date has a field out of range",
            Self::EndTime => "end time is beyond +-167:59:59",
        })
    }
}

impl core::error::Error for RuleFieldError {}

const fn offset_in_range(seconds: i32) -> bool {
    seconds >= -MAX_OFFSET_SECONDS && seconds <= MAX_OFFSET_SECONDS
}

const fn rule_time_in_range(seconds: i32) -> bool {
    seconds >= -MAX_RULE_TIME_SECONDS && seconds <= MAX_RULE_TIME_SECONDS
}

impl DstRule {
    /// Daylight-saving time named `name` at `offset` seconds east of UTC, starting at
    /// `start_time` seconds after local (standard) midnight of `start` and ending at `end_time`
    /// seconds after local (daylight) midnight of `end`.
    ///
    /// ```
    /// use doorcode::zone::{DstRule, PosixRule, RuleDate, RuleFieldError, ZoneName};
    /// let (est, edt) = (ZoneName::new("EST").ok_or("name")?, ZoneName::new("EDT").ok_or("name")?);
    /// let second_sunday_of_march = RuleDate::MonthWeekday { month: 3, week: 2, weekday: 0 };
    /// let first_sunday_of_november = RuleDate::MonthWeekday { month: 11, week: 1, weekday: 0 };
    /// let dst = DstRule::new(edt, -4 * 3600, (second_sunday_of_march, 7200), (first_sunday_of_november, 7200))?;
    /// assert_eq!(PosixRule::new(est, -5 * 3600, Some(dst))?, "EST5EDT,M3.2.0,M11.1.0".parse()?);
    /// let late = DstRule::new(edt, -4 * 3600, (second_sunday_of_march, 168 * 3600), (first_sunday_of_november, 7200));
    /// assert_eq!(late, Err(RuleFieldError::StartTime)); // beyond 167:59:59
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        name: ZoneName,
        offset: i32,
        (start, start_time): (RuleDate, i32),
        (end, end_time): (RuleDate, i32),
    ) -> Result<Self, RuleFieldError> {
        let checks = [
            (offset_in_range(offset), RuleFieldError::DstOffset),
            (start.is_valid(), RuleFieldError::StartDate),
            (rule_time_in_range(start_time), RuleFieldError::StartTime),
            (end.is_valid(), RuleFieldError::EndDate),
            (rule_time_in_range(end_time), RuleFieldError::EndTime),
        ];
        if let Some((_, error)) = checks.iter().find(|(ok, _)| !ok) {
            return Err(*error);
        }
        Ok(Self {
            name,
            offset,
            start,
            start_time,
            end,
            end_time,
        })
    }

    /// The daylight-saving abbreviation.
    ///
    /// ```
    /// # use doorcode::zone::PosixRule;
    /// let paris: PosixRule = "CET-1CEST,M3.5.0,M10.5.0/3".parse()?;
    /// assert_eq!(paris.dst().ok_or("no DST")?.name().as_str(), "CEST");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(&self) -> ZoneName {
        self.name
    }
    /// The daylight-saving offset, seconds east of UTC.
    ///
    /// ```
    /// # use doorcode::zone::PosixRule;
    /// let paris: PosixRule = "CET-1CEST,M3.5.0,M10.5.0/3".parse()?;
    /// // Without an explicit DST offset, DST is one hour ahead of standard time.
    /// assert_eq!(paris.dst().ok_or("no DST")?.offset(), 2 * 3600);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn offset(&self) -> i32 {
        self.offset
    }
    /// The date DST starts and the local (standard) time of day it starts at, in seconds.
    ///
    /// ```
    /// # use doorcode::zone::{PosixRule, RuleDate};
    /// let paris: PosixRule = "CET-1CEST,M3.5.0,M10.5.0/3".parse()?;
    /// let last_sunday_of_march = RuleDate::MonthWeekday { month: 3, week: 5, weekday: 0 };
    /// assert_eq!(paris.dst().ok_or("no DST")?.start(), (last_sunday_of_march, 2 * 3600));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn start(&self) -> (RuleDate, i32) {
        (self.start, self.start_time)
    }
    /// The date DST ends and the local (daylight) time of day it ends at, in seconds.
    ///
    /// ```
    /// # use doorcode::zone::{PosixRule, RuleDate};
    /// let paris: PosixRule = "CET-1CEST,M3.5.0,M10.5.0/3".parse()?;
    /// let last_sunday_of_october = RuleDate::MonthWeekday { month: 10, week: 5, weekday: 0 };
    /// assert_eq!(paris.dst().ok_or("no DST")?.end(), (last_sunday_of_october, 3 * 3600));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn end(&self) -> (RuleDate, i32) {
        (self.end, self.end_time)
    }

    /// The instant DST starts in `year` (January 1 = day `first`): the start time read in
    /// standard time.
    // Day numbers of clamped years (< 2^22) times 86_400 plus bounded times: below 2^39.
    #[allow(clippy::arithmetic_side_effects)]
    fn start_at(&self, year: i32, first: i64, std_offset: i32) -> i64 {
        self.start.day_number(year, first) * SECONDS_PER_DAY + i64::from(self.start_time)
            - i64::from(std_offset)
    }

    /// The instant DST ends in `year` (January 1 = day `first`): the end time read in
    /// daylight-saving time.
    #[allow(clippy::arithmetic_side_effects)]
    fn end_at(&self, year: i32, first: i64) -> i64 {
        self.end.day_number(year, first) * SECONDS_PER_DAY + i64::from(self.end_time)
            - i64::from(self.offset)
    }
}

/// How a rule's transitions sit in the calendar, decided once at construction so that the
/// common case needs only the two transitions of the instant's own year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Layout {
    /// No daylight-saving time.
    Fixed,
    /// Every year's transitions fall inside that UTC year and DST starts before it ends
    /// (northern hemisphere): DST iff start <= t < end of t's year.
    Northern,
    /// Every year's transitions fall inside that UTC year and DST ends before it starts
    /// (southern hemisphere): DST iff t < end or t >= start of t's year.
    Southern,
    /// Anything else (transitions that can cross a year boundary, all-year DST, start and end
    /// whose order changes between years): compare the latest start and the latest end.
    General,
}

/// A POSIX TZ rule: a standard offset and, optionally, daylight-saving time with the yearly
/// dates it starts and ends.
///
/// ```
/// use doorcode::zone::PosixRule;
/// let new_york: PosixRule = "EST5EDT,M3.2.0,M11.1.0".parse()?;
/// assert_eq!(new_york.offset_info_at(1_783_000_000).seconds, -4 * 3600); // July 2026
/// assert_eq!(new_york.to_string(), "EST5EDT,M3.2.0,M11.1.0");
/// # Ok::<(), doorcode::zone::PosixTzError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PosixRule {
    std_name: ZoneName,
    std_offset: i32,
    dst: Option<DstRule>,
    layout: Layout,
}

impl PosixRule {
    /// `UTC0`.
    pub const UTC: PosixRule = PosixRule {
        std_name: ZoneName {
            bytes: *b"UTC\0\0\0\0\0\0\0\0\0\0\0\0\0",
            len: 3,
        },
        std_offset: 0,
        dst: None,
        layout: Layout::Fixed,
    };

    /// A fixed offset in seconds east of UTC, named like tzdb's numeric abbreviations
    /// (`<+0530>-5:30`); offset 0 is [`PosixRule::UTC`].
    ///
    /// ```
    /// use doorcode::zone::{PosixRule, ZoneError};
    /// assert_eq!(PosixRule::fixed(-3 * 3600)?.to_string(), "<-03>3");
    /// assert_eq!(PosixRule::fixed(0)?, PosixRule::UTC);
    /// assert_eq!(PosixRule::fixed(90_000), Err(ZoneError::OffsetOutOfRange { seconds: 90_000 }));
    /// # Ok::<(), ZoneError>(())
    /// ```
    pub const fn fixed(offset_seconds: i32) -> Result<Self, ZoneError> {
        if !offset_in_range(offset_seconds) {
            return Err(ZoneError::OffsetOutOfRange {
                seconds: offset_seconds,
            });
        }
        if offset_seconds == 0 {
            return Ok(Self::UTC);
        }
        Ok(Self {
            std_name: ZoneName::numeric(offset_seconds),
            std_offset: offset_seconds,
            dst: None,
            layout: Layout::Fixed,
        })
    }

    /// A rule from its parts; offsets are seconds east of UTC.
    ///
    /// ```
    /// use doorcode::zone::{PosixRule, ZoneName};
    /// let jst = PosixRule::new(ZoneName::new("JST").ok_or("name")?, 9 * 3600, None)?;
    /// assert_eq!(jst.to_string(), "JST-9"); // POSIX counts hours west of UTC
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        std_name: ZoneName,
        std_offset: i32,
        dst: Option<DstRule>,
    ) -> Result<Self, RuleFieldError> {
        if !offset_in_range(std_offset) {
            return Err(RuleFieldError::StdOffset);
        }
        let mut rule = Self {
            std_name,
            std_offset,
            dst,
            layout: Layout::Fixed,
        };
        rule.layout = rule.compute_layout();
        Ok(rule)
    }

    /// Parse a POSIX TZ string (see the module docs and SPEC.md for the grammar accepted).
    ///
    /// ```
    /// use doorcode::zone::{PosixRule, PosixTzErrorKind};
    /// assert_eq!(PosixRule::parse("IST-5:30")?.std_offset(), 5 * 3600 + 30 * 60);
    /// let missing = PosixRule::parse("EST5EDT").map_err(|e| e.kind);
    /// assert_eq!(missing, Err(PosixTzErrorKind::MissingRule));
    /// # Ok::<(), doorcode::zone::PosixTzError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Self, PosixTzError> {
        Parser {
            bytes: text.as_bytes(),
            pos: 0,
        }
        .parse()
    }

    /// The standard-time abbreviation.
    ///
    /// ```
    /// # use doorcode::zone::PosixRule;
    /// assert_eq!(PosixRule::parse("AEST-10AEDT,M10.1.0,M4.1.0/3")?.std_name().as_str(), "AEST");
    /// # Ok::<(), doorcode::zone::PosixTzError>(())
    /// ```
    pub fn std_name(&self) -> ZoneName {
        self.std_name
    }
    /// The standard offset, seconds east of UTC.
    ///
    /// ```
    /// # use doorcode::zone::PosixRule;
    /// assert_eq!(PosixRule::parse("AEST-10AEDT,M10.1.0,M4.1.0/3")?.std_offset(), 10 * 3600);
    /// assert_eq!(PosixRule::parse("<-03>3")?.std_offset(), -3 * 3600);
    /// # Ok::<(), doorcode::zone::PosixTzError>(())
    /// ```
    pub fn std_offset(&self) -> i32 {
        self.std_offset
    }
    /// The daylight-saving part, if any.
    ///
    /// ```
    /// # use doorcode::zone::PosixRule;
    /// assert!(PosixRule::parse("EST5EDT,M3.2.0,M11.1.0")?.dst().is_some());
    /// assert!(PosixRule::parse("JST-9")?.dst().is_none());
    /// # Ok::<(), doorcode::zone::PosixTzError>(())
    /// ```
    pub fn dst(&self) -> Option<&DstRule> {
        self.dst.as_ref()
    }

    // Every quantity is a day count below 400 times 86_400 plus bounded times and offsets.
    #[allow(clippy::arithmetic_side_effects)]
    fn compute_layout(&self) -> Layout {
        let Some(dst) = &self.dst else {
            return Layout::Fixed;
        };
        // Where in its UTC year (seconds after January 1, 00:00Z) a transition can fall.
        let span = |date: RuleDate, time: i32, offset: i32| {
            let (first, last) = date.day_of_year_range();
            let shift = i64::from(time) - i64::from(offset);
            (
                first * SECONDS_PER_DAY + shift,
                last * SECONDS_PER_DAY + shift,
            )
        };
        let start = span(dst.start, dst.start_time, self.std_offset);
        let end = span(dst.end, dst.end_time, dst.offset);
        let common_year = 365 * SECONDS_PER_DAY;
        let inside = |(first, last): (i64, i64)| first >= 0 && last < common_year;
        if !inside(start) || !inside(end) {
            Layout::General
        } else if start.1 < end.0 {
            Layout::Northern
        } else if end.1 < start.0 {
            Layout::Southern
        } else {
            Layout::General
        }
    }

    /// The offset and DST flag in force at `instant`.
    ///
    /// Defined for every instant; years outside 1800..=10100 are computed as the nearest of
    /// those years (zones only query instants inside their supported range).
    ///
    /// ```
    /// use doorcode::zone::{PosixRule, ZoneOffset};
    /// let new_york: PosixRule = "EST5EDT,M3.2.0,M11.1.0".parse()?;
    /// // DST starts on 2026-03-08 at 02:00 EST, which is 07:00 UTC.
    /// let start = 1_772_953_200;
    /// assert_eq!(new_york.offset_info_at(start - 1), ZoneOffset { seconds: -5 * 3600, is_dst: false });
    /// assert_eq!(new_york.offset_info_at(start), ZoneOffset { seconds: -4 * 3600, is_dst: true });
    /// # Ok::<(), doorcode::zone::PosixTzError>(())
    /// ```
    pub fn offset_info_at(&self, instant: i64) -> ZoneOffset {
        let standard = ZoneOffset {
            seconds: self.std_offset,
            is_dst: false,
        };
        let Some(dst) = &self.dst else {
            return standard;
        };
        let (year, first) = year_and_jan1(instant);
        let std_offset = self.std_offset;
        let in_dst = match self.layout {
            Layout::Fixed => false,
            Layout::Northern => {
                dst.start_at(year, first, std_offset) <= instant
                    && instant < dst.end_at(year, first)
            }
            Layout::Southern => {
                instant < dst.end_at(year, first)
                    || dst.start_at(year, first, std_offset) <= instant
            }
            Layout::General => {
                let (start_year, start) =
                    latest_at_or_before(instant, year, |y| dst.start_at(y, jan1(y), std_offset));
                let (end_year, end) =
                    latest_at_or_before(instant, year, |y| dst.end_at(y, jan1(y)));
                // A start and an end at the same instant: within one year DST lasts zero
                // seconds; an end meeting the next year's start (all-year DST) changes nothing.
                start > end || (start == end && start_year != end_year)
            }
        };
        if in_dst {
            ZoneOffset {
                seconds: dst.offset,
                is_dst: true,
            }
        } else {
            standard
        }
    }

    /// The first instant after `after` at which the offset (or, unless `offset_only`, the DST
    /// flag) changes, with what it changes to; `None` if it never changes.
    pub(super) fn next_change(&self, after: i64, offset_only: bool) -> Option<Transition> {
        let dst = self.dst.as_ref()?;
        if offset_only && dst.offset == self.std_offset {
            return None;
        }
        let before = self.offset_info_at(after);
        let std_offset = self.std_offset;
        let mut cursor = after;
        for _ in 0..MAX_CHANGE_SEARCH_STEPS {
            let (year, _) = year_and_jan1(cursor);
            let start = earliest_after(cursor, year, |y| dst.start_at(y, jan1(y), std_offset));
            let end = earliest_after(cursor, year, |y| dst.end_at(y, jan1(y)));
            let next = match (start, end) {
                (Some(start), Some(end)) => start.min(end),
                (Some(one), None) | (None, Some(one)) => one,
                (None, None) => return None,
            };
            let state = self.offset_info_at(next);
            let changed = if offset_only {
                state.seconds != before.seconds
            } else {
                state != before
            };
            if changed {
                return Some(Transition {
                    at: next,
                    offset: state.seconds,
                    is_dst: state.is_dst,
                });
            }
            cursor = next;
        }
        None
    }
}

/// The latest of `at(y)` that is at or before `instant`, searching the years around `year` (the
/// UTC year of `instant`). A transition of year `y` lies within about 9 days of that year
/// (dates plus at most 167 hours plus 25 hours of offset), and transitions of one kind are over
/// 350 days apart, so the latest one is of year `year + 1`, `year`, `year - 1` or `year - 2`.
fn latest_at_or_before(instant: i64, year: i32, at: impl Fn(i32) -> i64) -> (i32, i64) {
    let mut candidate = year.saturating_add(1);
    for _ in 0..4 {
        let when = at(candidate);
        if when <= instant {
            return (candidate, when);
        }
        candidate = candidate.saturating_sub(1);
    }
    (candidate, at(candidate))
}

/// The earliest of `at(y)` strictly after `instant` (same reasoning: year - 1 ..= year + 2).
fn earliest_after(instant: i64, year: i32, at: impl Fn(i32) -> i64) -> Option<i64> {
    let mut candidate = year.saturating_sub(1);
    for _ in 0..4 {
        let when = at(candidate);
        if when > instant {
            return Some(when);
        }
        candidate = candidate.saturating_add(1);
    }
    None
}

/// Write a west-positive offset or a rule time: `[-]h[:mm[:ss]]`, minutes and seconds only when
/// not zero.
fn write_hms(f: &mut fmt::Formatter<'_>, seconds: i32) -> fmt::Result {
    if seconds < 0 {
        f.write_str("-")?;
    }
    let magnitude = seconds.unsigned_abs();
    let (hours, minutes, seconds) = (magnitude / 3600, magnitude / 60 % 60, magnitude % 60);
    write!(f, "{hours}")?;
    if minutes != 0 || seconds != 0 {
        write!(f, ":{minutes:02}")?;
    }
    if seconds != 0 {
        write!(f, ":{seconds:02}")?;
    }
    Ok(())
}

fn write_name(f: &mut fmt::Formatter<'_>, name: &ZoneName) -> fmt::Result {
    if name.needs_quotes() {
        write!(f, "<{name}>")
    } else {
        write!(f, "{name}")
    }
}

fn write_rule_date(f: &mut fmt::Formatter<'_>, date: RuleDate, time: i32) -> fmt::Result {
    write!(f, "{date}")?;
    if time != DEFAULT_RULE_TIME_SECONDS {
        f.write_str("/")?;
        write_hms(f, time)?;
    }
    Ok(())
}

impl fmt::Display for PosixRule {
    /// The canonical POSIX TZ string: names quoted only when not all letters, offsets and times
    /// as `[-]h[:mm[:ss]]`, the DST offset only when it is not standard + 1 hour, and `/time`
    /// only when it is not 02:00:00. It parses back to an equal rule.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_name(f, &self.std_name)?;
        write_hms(f, self.std_offset.saturating_neg())?;
        if let Some(dst) = &self.dst {
            write_name(f, &dst.name)?;
            if i64::from(dst.offset) != i64::from(self.std_offset).saturating_add(3600) {
                write_hms(f, dst.offset.saturating_neg())?;
            }
            f.write_str(",")?;
            write_rule_date(f, dst.start, dst.start_time)?;
            f.write_str(",")?;
            write_rule_date(f, dst.end, dst.end_time)?;
        }
        Ok(())
    }
}

impl core::str::FromStr for PosixRule {
    type Err = PosixTzError;

    fn from_str(text: &str) -> Result<Self, PosixTzError> {
        Self::parse(text)
    }
}

/// What is wrong with a POSIX TZ string.
///
/// ```
/// use doorcode::zone::{PosixRule, PosixTzErrorKind};
/// let kind = |text: &str| PosixRule::parse(text).err().map(|e| e.kind);
/// assert_eq!(kind(""), Some(PosixTzErrorKind::Empty));
/// assert_eq!(kind("EST5EDT,M13.2.0,M11.1.0"), Some(PosixTzErrorKind::MonthOutOfRange));
/// assert_eq!(kind("EST25"), Some(PosixTzErrorKind::OffsetHourOutOfRange));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PosixTzErrorKind {
    /// The string is empty.
    Empty,
    /// A zone abbreviation was expected (a letter or `<`).
    ExpectedName,
    /// An abbreviation shorter than 3 bytes.
    NameTooShort,
    /// An abbreviation longer than [`MAX_NAME_LEN`] bytes.
    NameTooLong,
    /// A `<` without its closing `>`.
    UnterminatedName,
    /// A byte other than a letter, digit, `+` or `-` inside `<...>`.
    InvalidNameByte,
    /// A digit was expected.
    ExpectedDigit,
    /// More digits than the field allows (2 for offset hours, 3 for rule hours and days, 2 for
    /// months, 1 for weeks and weekdays, exactly 2 for minutes and seconds).
    TooManyDigits,
    /// Offset hours above 24.
    OffsetHourOutOfRange,
    /// Minutes above 59.
    MinuteOutOfRange,
    /// Seconds above 59.
    SecondOutOfRange,
    /// The implied DST offset (standard + 1 hour) is beyond +-24:59:59.
    DstOffsetOutOfRange,
    /// A DST abbreviation without a `,start,end` rule (e.g. `EST5EDT`): refused rather than
    /// guessing the rule.
    MissingRule,
    /// A `,` was expected.
    ExpectedComma,
    /// A rule date (`Jn`, `n` or `Mm.w.d`) was expected.
    ExpectedDate,
    /// `Jn` outside 1..=365 or `n` outside 0..=365.
    DayOutOfRange,
    /// Month outside 1..=12.
    MonthOutOfRange,
    /// Week outside 1..=5.
    WeekOutOfRange,
    /// Weekday outside 0..=6.
    WeekdayOutOfRange,
    /// A `.` was expected in `Mm.w.d`.
    ExpectedDot,
    /// Rule time hours above 167.
    TimeHourOutOfRange,
    /// Bytes after a complete rule.
    TrailingCharacters,
}

impl PosixTzErrorKind {
    /// What went wrong, as the error message words it.
    ///
    /// ```
    /// use doorcode::zone::PosixTzErrorKind;
    /// assert_eq!(PosixTzErrorKind::ExpectedDigit.describe(), "expected a digit");
    /// ```
    pub fn describe(self) -> &'static str {
        match self {
            Self::Empty => "empty TZ string",
            Self::ExpectedName => "expected a zone abbreviation (a letter or '<')",
            Self::NameTooShort => "zone abbreviation shorter than 3 bytes",
            Self::NameTooLong => "zone abbreviation longer than 16 bytes",
            Self::UnterminatedName => "'<' without a closing '>'",
            Self::InvalidNameByte => "byte not allowed in a quoted zone abbreviation",
            Self::ExpectedDigit => "expected a digit",
            Self::TooManyDigits => "too many digits",
            Self::OffsetHourOutOfRange => "offset hours above 24",
            Self::MinuteOutOfRange => "minutes above 59",
            Self::SecondOutOfRange => "seconds above 59",
            Self::DstOffsetOutOfRange => "implied DST offset beyond +-24:59:59",
            Self::MissingRule => "DST abbreviation without a ',start,end' rule",
            Self::ExpectedComma => "expected ','",
            Self::ExpectedDate => "expected a rule date (Jn, n or Mm.w.d)",
            Self::DayOutOfRange => "day out of range (J1..J365 or 0..365)",
            Self::MonthOutOfRange => "month outside 1..12",
            Self::WeekOutOfRange => "week outside 1..5",
            Self::WeekdayOutOfRange => "weekday outside 0..6",
            Self::ExpectedDot => "expected '.'",
            Self::TimeHourOutOfRange => "rule time hours above 167",
            Self::TrailingCharacters => "unexpected characters after the rule",
        }
    }
}

/// A POSIX TZ string was refused: what is wrong and at which byte.
///
/// ```
/// use doorcode::zone::{PosixRule, PosixTzError, PosixTzErrorKind};
/// // One byte too many after a complete rule of 22 bytes.
/// let error = PosixRule::parse("EST5EDT,M3.2.0,M11.1.0x").err();
/// assert_eq!(error, Some(PosixTzError { kind: PosixTzErrorKind::TrailingCharacters, position: 22 }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PosixTzError {
    /// The problem.
    pub kind: PosixTzErrorKind,
    /// Byte offset in the string where it was found.
    pub position: usize,
}

impl fmt::Display for PosixTzError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid POSIX TZ string: {} at byte {}",
            self.kind.describe(),
            self.position
        )
    }
}

impl core::error::Error for PosixTzError {}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    fn error_at(position: usize, kind: PosixTzErrorKind) -> PosixTzError {
        PosixTzError { kind, position }
    }

    fn error(&self, kind: PosixTzErrorKind) -> PosixTzError {
        Self::error_at(self.pos, kind)
    }

    fn expect(&mut self, byte: u8, kind: PosixTzErrorKind) -> Result<(), PosixTzError> {
        if self.peek() == Some(byte) {
            self.bump();
            Ok(())
        } else {
            Err(self.error(kind))
        }
    }

    fn parse(mut self) -> Result<PosixRule, PosixTzError> {
        if self.bytes.is_empty() {
            return Err(self.error(PosixTzErrorKind::Empty));
        }
        let std_name = self.name()?;
        let std_offset = self.offset()?;
        let dst = match self.peek() {
            Some(byte) if byte.is_ascii_alphabetic() || byte == b'<' => Some(self.dst(std_offset)?),
            _ => None,
        };
        if self.peek().is_some() {
            return Err(self.error(PosixTzErrorKind::TrailingCharacters));
        }
        PosixRule::new(std_name, std_offset, dst)
            .map_err(|_| self.error(PosixTzErrorKind::OffsetHourOutOfRange))
    }

    fn dst(&mut self, std_offset: i32) -> Result<DstRule, PosixTzError> {
        let name = self.name()?;
        let offset = match self.peek() {
            None => return Err(self.error(PosixTzErrorKind::MissingRule)),
            Some(b',') => {
                let offset = std_offset.saturating_add(3600);
                if !offset_in_range(offset) {
                    return Err(self.error(PosixTzErrorKind::DstOffsetOutOfRange));
                }
                offset
            }
            Some(_) => {
                let offset = self.offset()?;
                if self.peek().is_none() {
                    return Err(self.error(PosixTzErrorKind::MissingRule));
                }
                offset
            }
        };
        self.expect(b',', PosixTzErrorKind::ExpectedComma)?;
        let start = self.date_time()?;
        self.expect(b',', PosixTzErrorKind::ExpectedComma)?;
        let end = self.date_time()?;
        let at = self.pos;
        DstRule::new(name, offset, start, end)
            .map_err(|_| Self::error_at(at, PosixTzErrorKind::TimeHourOutOfRange))
    }

    fn name(&mut self) -> Result<ZoneName, PosixTzError> {
        let open = self.pos;
        let quoted = match self.peek() {
            Some(b'<') => true,
            Some(byte) if byte.is_ascii_alphabetic() => false,
            _ => return Err(self.error(PosixTzErrorKind::ExpectedName)),
        };
        if quoted {
            self.bump();
        }
        let start = self.pos;
        while let Some(byte) = self.peek() {
            let allowed = if quoted {
                name_byte(byte)
            } else {
                byte.is_ascii_alphabetic()
            };
            if !allowed {
                break;
            }
            self.bump();
        }
        let text = self.bytes.get(start..self.pos).unwrap_or(&[]);
        if quoted {
            match self.peek() {
                Some(b'>') => self.bump(),
                Some(_) => return Err(self.error(PosixTzErrorKind::InvalidNameByte)),
                None => return Err(Self::error_at(open, PosixTzErrorKind::UnterminatedName)),
            }
        }
        if text.len() < MIN_NAME_LEN {
            return Err(Self::error_at(start, PosixTzErrorKind::NameTooShort));
        }
        if text.len() > MAX_NAME_LEN {
            return Err(Self::error_at(start, PosixTzErrorKind::NameTooLong));
        }
        ZoneName::from_bytes(text).ok_or(Self::error_at(start, PosixTzErrorKind::ExpectedName))
    }

    /// An unsigned decimal of 1 to `max_digits` digits (`max_digits <= 3`, so no overflow).
    fn number(&mut self, max_digits: usize) -> Result<u32, PosixTzError> {
        let start = self.pos;
        let mut value = 0u32;
        let mut count = 0usize;
        while let Some(byte) = self.peek().filter(u8::is_ascii_digit) {
            if count == max_digits {
                return Err(Self::error_at(start, PosixTzErrorKind::TooManyDigits));
            }
            value = value
                .saturating_mul(10)
                .saturating_add(u32::from(byte.wrapping_sub(b'0')));
            count = count.saturating_add(1);
            self.bump();
        }
        if count == 0 {
            return Err(self.error(PosixTzErrorKind::ExpectedDigit));
        }
        Ok(value)
    }

    /// Exactly two digits, at most `max`.
    fn two_digits(&mut self, max: u32, kind: PosixTzErrorKind) -> Result<u32, PosixTzError> {
        let start = self.pos;
        let value = self.number(2)?;
        if self.pos.saturating_sub(start) != 2 {
            return Err(self.error(PosixTzErrorKind::ExpectedDigit));
        }
        if value > max {
            return Err(Self::error_at(start, kind));
        }
        Ok(value)
    }

    /// `[+-]h[h...][:mm[:ss]]` with at most `max_hour_digits` hour digits and hours at most
    /// `max_hours`; returns signed seconds (sign as written).
    fn signed_hms(
        &mut self,
        max_hour_digits: usize,
        max_hours: u32,
        hour_error: PosixTzErrorKind,
    ) -> Result<i32, PosixTzError> {
        let negative = match self.peek() {
            Some(b'-') => {
                self.bump();
                true
            }
            Some(b'+') => {
                self.bump();
                false
            }
            _ => false,
        };
        let hour_start = self.pos;
        let hours = self.number(max_hour_digits)?;
        if hours > max_hours {
            return Err(Self::error_at(hour_start, hour_error));
        }
        let mut seconds = hours.saturating_mul(3600);
        if self.peek() == Some(b':') {
            self.bump();
            let minutes = self.two_digits(59, PosixTzErrorKind::MinuteOutOfRange)?;
            seconds = seconds.saturating_add(minutes.saturating_mul(60));
            if self.peek() == Some(b':') {
                self.bump();
                let secs = self.two_digits(59, PosixTzErrorKind::SecondOutOfRange)?;
                seconds = seconds.saturating_add(secs);
            }
        }
        let seconds = i32::try_from(seconds).unwrap_or(i32::MAX);
        Ok(if negative {
            seconds.saturating_neg()
        } else {
            seconds
        })
    }

    /// A POSIX offset (west-positive) as seconds east of UTC.
    fn offset(&mut self) -> Result<i32, PosixTzError> {
        let west = self.signed_hms(2, 24, PosixTzErrorKind::OffsetHourOutOfRange)?;
        Ok(west.saturating_neg())
    }

    fn date_time(&mut self) -> Result<(RuleDate, i32), PosixTzError> {
        let date = self.date()?;
        let time = if self.peek() == Some(b'/') {
            self.bump();
            self.signed_hms(3, 167, PosixTzErrorKind::TimeHourOutOfRange)?
        } else {
            DEFAULT_RULE_TIME_SECONDS
        };
        Ok((date, time))
    }

    fn date(&mut self) -> Result<RuleDate, PosixTzError> {
        let start = self.pos;
        let in_range = |ok: bool, at: usize, kind| {
            if ok {
                Ok(())
            } else {
                Err(Self::error_at(at, kind))
            }
        };
        match self.peek() {
            Some(b'J') => {
                self.bump();
                let day = self.number(3)?;
                in_range(
                    (1..=365).contains(&day),
                    start,
                    PosixTzErrorKind::DayOutOfRange,
                )?;
                Ok(RuleDate::NoLeapDay(u16::try_from(day).unwrap_or(0)))
            }
            Some(byte) if byte.is_ascii_digit() => {
                let day = self.number(3)?;
                in_range(day <= 365, start, PosixTzErrorKind::DayOutOfRange)?;
                Ok(RuleDate::ZeroBasedDay(u16::try_from(day).unwrap_or(0)))
            }
            Some(b'M') => {
                self.bump();
                let at = self.pos;
                let month = self.number(2)?;
                in_range(
                    (1..=12).contains(&month),
                    at,
                    PosixTzErrorKind::MonthOutOfRange,
                )?;
                self.expect(b'.', PosixTzErrorKind::ExpectedDot)?;
                let at = self.pos;
                let week = self.number(1)?;
                in_range(
                    (1..=5).contains(&week),
                    at,
                    PosixTzErrorKind::WeekOutOfRange,
                )?;
                self.expect(b'.', PosixTzErrorKind::ExpectedDot)?;
                let at = self.pos;
                let weekday = self.number(1)?;
                in_range(weekday <= 6, at, PosixTzErrorKind::WeekdayOutOfRange)?;
                Ok(RuleDate::MonthWeekday {
                    month: u8::try_from(month).unwrap_or(0),
                    week: u8::try_from(week).unwrap_or(0),
                    weekday: u8::try_from(weekday).unwrap_or(0),
                })
            }
            _ => Err(self.error(PosixTzErrorKind::ExpectedDate)),
        }
    }
}
