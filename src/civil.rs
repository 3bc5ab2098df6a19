//! Proleptic Gregorian calendar dates and times, with no time zone attached.
//!
//! Conversions use the days-from-civil algorithm (Howard Hinnant's derivation, rewritten here with
//! checked arithmetic); day 0 is 1970-01-01.

use core::fmt;

/// Earliest supported year.
pub const MIN_YEAR: u16 = 1900;
/// Latest supported year.
pub const MAX_YEAR: u16 = 9999;

const SECONDS_PER_DAY: i64 = 86_400;

/// Why a date could not be built or parsed.
///
/// ```
/// use doorcode::civil::{DateError, LocalDate};
/// assert_eq!(LocalDate::new(2026, 13, 1), Err(DateError::InvalidMonth));
/// assert_eq!("2026-11-2".parse::<LocalDate>(), Err(DateError::Malformed));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateError {
    /// Year outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    YearOutOfRange,
    /// Month outside 1..=12.
    InvalidMonth,
    /// Day outside the month.
    InvalidDay,
    /// Text not of the form `YYYY-MM-DD`.
    Malformed,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::YearOutOfRange => "year outside 1900..=9999",
            Self::InvalidMonth => "month outside 1..=12",
            Self::InvalidDay => "day does not exist in that month",
            Self::Malformed => "date is not of the form YYYY-MM-DD",
        })
    }
}

impl core::error::Error for DateError {}

/// Day of the week.
///
/// ```
/// use doorcode::civil::{LocalDate, Weekday};
/// // The Unix epoch fell on a Thursday.
/// assert_eq!(LocalDate::new(1970, 1, 1)?.weekday(), Weekday::Thursday);
/// assert!(Weekday::Monday < Weekday::Sunday);
/// # Ok::<(), doorcode::civil::DateError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum Weekday {
    Monday = 0,
    Tuesday = 1,
    Wednesday = 2,
    Thursday = 3,
    Friday = 4,
    Saturday = 5,
    Sunday = 6,
}

/// A calendar date (proleptic Gregorian) between 1900-01-01 and 9999-12-31.
///
/// ```
/// use doorcode::civil::LocalDate;
/// let date: LocalDate = "2026-11-22".parse()?;
/// assert_eq!(date.days_since_epoch(), 20_779);
/// assert_eq!(LocalDate::from_days_since_epoch(20_779), Some(date));
/// # Ok::<(), doorcode::civil::DateError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDate {
    year: u16,
    month: u8,
    day: u8,
}

/// Whether `year` is a Gregorian leap year.
///
/// ```
/// use doorcode::civil::is_leap_year;
/// assert!(is_leap_year(2024) && is_leap_year(2000));
/// assert!(!is_leap_year(1900) && !is_leap_year(2026));
/// ```
pub const fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Number of days in `month` (1..=12) of `year`; 0 for an invalid month.
///
/// ```
/// use doorcode::civil::days_in_month;
/// assert_eq!(days_in_month(2024, 2), 29);
/// assert_eq!(days_in_month(1900, 2), 28);
/// assert_eq!(days_in_month(2026, 4), 30);
/// assert_eq!(days_in_month(2026, 13), 0);
/// ```
pub const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl LocalDate {
    /// The earliest supported date, 1900-01-01.
    pub const MIN: LocalDate = LocalDate {
        year: MIN_YEAR,
        month: 1,
        day: 1,
    };
    /// The latest supported date, 9999-12-31.
    pub const MAX: LocalDate = LocalDate {
        year: MAX_YEAR,
        month: 12,
        day: 31,
    };

    /// A date from year, month (1..=12) and day (1..=31).
    ///
    /// ```
    /// use doorcode::civil::{DateError, LocalDate};
    /// assert!(LocalDate::new(2024, 2, 29).is_ok());
    /// assert_eq!(LocalDate::new(2026, 2, 29), Err(DateError::InvalidDay));
    /// assert_eq!(LocalDate::new(1899, 12, 31), Err(DateError::YearOutOfRange));
    /// ```
    pub const fn new(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        if year < MIN_YEAR || year > MAX_YEAR {
            return Err(DateError::YearOutOfRange);
        }
        if month < 1 || month > 12 {
            return Err(DateError::InvalidMonth);
        }
        if day < 1 || day > days_in_month(year, month) {
            return Err(DateError::InvalidDay);
        }
        Ok(Self { year, month, day })
    }

    /// The year.
    ///
    /// ```
    /// # use doorcode::civil::LocalDate;
    /// assert_eq!(LocalDate::new(2026, 11, 22)?.year(), 2026);
    /// # Ok::<(), doorcode::civil::DateError>(())
    /// ```
    pub const fn year(self) -> u16 {
        self.year
    }
    /// The month, 1..=12.
    ///
    /// ```
    /// # use doorcode::civil::LocalDate;
    /// assert_eq!(LocalDate::new(2026, 11, 22)?.month(), 11);
    /// # Ok::<(), doorcode::civil::DateError>(())
    /// ```
    pub const fn month(self) -> u8 {
        self.month
    }
    /// The day of the month, 1..=31.
    ///
    /// ```
    /// # use doorcode::civil::LocalDate;
    /// assert_eq!(LocalDate::new(2026, 11, 22)?.day(), 22);
    /// # Ok::<(), doorcode::civil::DateError>(())
    /// ```
    pub const fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it).
    ///
    /// ```
    /// # use doorcode::civil::LocalDate;
    /// assert_eq!(LocalDate::new(1970, 1, 1)?.days_since_epoch(), 0);
    /// assert_eq!(LocalDate::new(1969, 12, 31)?.days_since_epoch(), -1);
    /// // 30 years, 7 of them leap years (1972..=1996): 30 * 365 + 7.
    /// assert_eq!(LocalDate::new(2000, 1, 1)?.days_since_epoch(), 10_957);
    /// # Ok::<(), doorcode::civil::DateError>(())
    /// ```
    // Every intermediate is bounded by the year range 1900..=9999 enforced in `new`: no overflow.
    #[allow(clippy::arithmetic_side_effects)]
    pub fn days_since_epoch(self) -> i32 {
        let month = i32::from(self.month);
        let year = i32::from(self.year) - i32::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let shifted_month = (month + 9) % 12; // March = 0
        let day_of_year = (153 * shifted_month + 2) / 5 + i32::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01, if within the supported range.
    ///
    /// ```
    /// # use doorcode::civil::LocalDate;
    /// assert_eq!(LocalDate::from_days_since_epoch(10_957), Some(LocalDate::new(2000, 1, 1)?));
    /// assert_eq!(LocalDate::from_days_since_epoch(-1), Some(LocalDate::new(1969, 12, 31)?));
    /// // Before 1900-01-01: unsupported.
    /// let min = LocalDate::MIN.days_since_epoch();
    /// assert_eq!(LocalDate::from_days_since_epoch(min - 1), None);
    /// # Ok::<(), doorcode::civil::DateError>(())
    /// ```
    // After the checked era split, `day_of_era` is in 0..146_097, so the rest cannot overflow.
    #[allow(clippy::arithmetic_side_effects)]
    pub fn from_days_since_epoch(days: i32) -> Option<Self> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let day_of_era = z.checked_sub(era.checked_mul(146_097)?)?;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era
            .checked_add(era.checked_mul(400)?)?
            .checked_add(i32::from(month <= 2))?;
        Self::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
        .ok()
    }

    /// The next day, if supported.
    ///
    /// ```
    /// # use doorcode::civil::LocalDate;
    /// assert_eq!(LocalDate::new(2024, 2, 28)?.succ(), Some(LocalDate::new(2024, 2, 29)?));
    /// assert_eq!(LocalDate::new(2026, 12, 31)?.succ(), Some(LocalDate::new(2027, 1, 1)?));
    /// assert_eq!(LocalDate::MAX.succ(), None);
    /// # Ok::<(), doorcode::civil::DateError>(())
    /// ```
    pub fn succ(self) -> Option<Self> {
        Self::from_days_since_epoch(self.days_since_epoch().checked_add(1)?)
    }

    /// The previous day, if supported.
    ///
    /// ```
    /// # use doorcode::civil::LocalDate;
    /// assert_eq!(LocalDate::new(2026, 3, 1)?.pred(), Some(LocalDate::new(2026, 2, 28)?));
    /// assert_eq!(LocalDate::MIN.pred(), None);
    /// # Ok::<(), doorcode::civil::DateError>(())
    /// ```
    pub fn pred(self) -> Option<Self> {
        Self::from_days_since_epoch(self.days_since_epoch().checked_sub(1)?)
    }

    /// Day of the week.
    ///
    /// ```
    /// # use doorcode::civil::{LocalDate, Weekday};
    /// assert_eq!(LocalDate::new(2000, 1, 1)?.weekday(), Weekday::Saturday);
    /// assert_eq!(LocalDate::new(2026, 11, 22)?.weekday(), Weekday::Sunday);
    /// # Ok::<(), doorcode::civil::DateError>(())
    /// ```
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3).
        match self.days_since_epoch().saturating_add(3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    /// UTC seconds of this date's midnight if the date were in UTC.
    ///
    /// ```
    /// # use doorcode::civil::LocalDate;
    /// // 10_957 days * 86_400 s.
    /// assert_eq!(LocalDate::new(2000, 1, 1)?.midnight_utc_seconds(), 946_684_800);
    /// # Ok::<(), doorcode::civil::DateError>(())
    /// ```
    pub fn midnight_utc_seconds(self) -> i64 {
        i64::from(self.days_since_epoch()).saturating_mul(SECONDS_PER_DAY)
    }

    /// The four-byte encoding used in tweaks and MAC inputs: year (u16 BE), month, day.
    ///
    /// ```
    /// # use doorcode::civil::LocalDate;
    /// // 2026 = 0x07EA.
    /// assert_eq!(LocalDate::new(2026, 11, 22)?.to_bytes(), [0x07, 0xEA, 11, 22]);
    /// # Ok::<(), doorcode::civil::DateError>(())
    /// ```
    pub fn to_bytes(self) -> [u8; 4] {
        let [year_hi, year_lo] = self.year.to_be_bytes();
        [year_hi, year_lo, self.month, self.day]
    }
}

impl fmt::Debug for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn parse_fixed_digits(text: &[u8]) -> Option<u16> {
    text.iter().try_fold(0u16, |acc, &c| {
        let digit = c
            .is_ascii_digit()
            .then(|| u16::from(c.wrapping_sub(b'0')))?;
        acc.checked_mul(10)?.checked_add(digit)
    })
}

impl core::str::FromStr for LocalDate {
    type Err = DateError;

    /// Parse exactly `YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<Self, DateError> {
        let bytes = text.as_bytes();
        let (Some(year), Some(b'-'), Some(month), Some(b'-'), Some(day), 10) = (
            bytes.get(0..4).and_then(parse_fixed_digits),
            bytes.get(4),
            bytes.get(5..7).and_then(parse_fixed_digits),
            bytes.get(7),
            bytes.get(8..10).and_then(parse_fixed_digits),
            bytes.len(),
        ) else {
            return Err(DateError::Malformed);
        };
        let month = u8::try_from(month).map_err(|_| DateError::InvalidMonth)?;
        let day = u8::try_from(day).map_err(|_| DateError::InvalidDay)?;
        Self::new(year, month, day)
    }
}

/// A wall-clock date and time, with no zone attached.
///
/// ```
/// use doorcode::civil::{LocalDate, LocalDateTime};
/// let at = LocalDateTime { date: LocalDate::new(2026, 11, 22)?, second_of_day: 9 * 3600 + 30 * 60 };
/// assert_eq!(at.to_string(), "2026-11-22T09:30:00");
/// # Ok::<(), doorcode::civil::DateError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime {
    /// The date.
    pub date: LocalDate,
    /// Seconds since the date's midnight, 0..86_400.
    pub second_of_day: u32,
}

impl LocalDateTime {
    /// Split seconds since 1970-01-01T00:00 (wall clock) into date and time of day.
    ///
    /// ```
    /// # use doorcode::civil::{LocalDate, LocalDateTime};
    /// let at = LocalDateTime::from_wall_seconds(946_684_800 + 3_661).ok_or("range")?;
    /// assert_eq!(at.date, LocalDate::new(2000, 1, 1)?);
    /// assert_eq!(at.second_of_day, 3_661);
    /// // One second before the epoch is the last second of 1969-12-31.
    /// let before = LocalDateTime::from_wall_seconds(-1).ok_or("range")?;
    /// assert_eq!((before.date, before.second_of_day), (LocalDate::new(1969, 12, 31)?, 86_399));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_wall_seconds(seconds: i64) -> Option<Self> {
        let days = i32::try_from(seconds.div_euclid(SECONDS_PER_DAY)).ok()?;
        let second_of_day = u32::try_from(seconds.rem_euclid(SECONDS_PER_DAY)).ok()?;
        Some(Self {
            date: LocalDate::from_days_since_epoch(days)?,
            second_of_day,
        })
    }

    /// Hour, minute and second of the day.
    ///
    /// ```
    /// # use doorcode::civil::{LocalDate, LocalDateTime};
    /// let at = LocalDateTime { date: LocalDate::new(2026, 11, 22)?, second_of_day: 45_296 };
    /// assert_eq!(at.hms(), (12, 34, 56));
    /// # Ok::<(), doorcode::civil::DateError>(())
    /// ```
    pub fn hms(self) -> (u8, u8, u8) {
        let hour = u8::try_from(self.second_of_day / 3600).unwrap_or(0);
        let minute = u8::try_from(self.second_of_day / 60 % 60).unwrap_or(0);
        let second = u8::try_from(self.second_of_day % 60).unwrap_or(0);
        (hour, minute, second)
    }
}

impl fmt::Debug for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (hour, minute, second) = self.hms();
        write!(f, "{}T{hour:02}:{minute:02}:{second:02}", self.date)
    }
}
