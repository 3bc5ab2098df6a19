//! Union and intersection of schedules and access rules, where the result is representable.

use super::{AccessRule, DayMask, MINUTES_PER_DAY, Schedule, ScheduleError, TimeRange, Window};

/// Minutes in a week: windows repeat with this period.
const WEEK_MINUTES: u32 = 7 * 1440;

impl Schedule {
    /// The schedule that allows what either allows.
    ///
    /// Exact when both have the same exceptions (the windows are pooled; duplicates are kept
    /// once). With different exceptions the union is not a schedule:
    /// [`ScheduleError::ExceptionsDiffer`]. More than [`MAX_WINDOWS`](super::MAX_WINDOWS)
    /// windows: [`ScheduleError::TooManyWindows`].
    ///
    /// ```
    /// use doorcode::civil::LocalDate;
    /// use doorcode::schedule::{DayMask, Exception, Schedule, ScheduleError, TimeRange, Window};
    /// let weekdays = Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?);
    /// let weekend = Window::new(DayMask::WEEKEND, TimeRange::new(600, 960)?);
    /// let a = Schedule::from_windows(&[weekdays])?;
    /// let b = Schedule::from_windows(&[weekend, weekdays])?;
    /// assert_eq!(a.union(&b)?.windows(), &[weekdays, weekend]);
    /// let mut closed = b.clone();
    /// let day = LocalDate::new(2026, 12, 25)?;
    /// closed.push_exception(Exception::deny(day, day)?)?;
    /// assert_eq!(a.union(&closed).err(), Some(ScheduleError::ExceptionsDiffer));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn union(&self, other: &Schedule) -> Result<Schedule, ScheduleError> {
        if self.exceptions() != other.exceptions() {
            return Err(ScheduleError::ExceptionsDiffer);
        }
        let mut result = self.clone();
        for window in other.windows() {
            if !result.windows().contains(window) {
                result.push_window(*window)?;
            }
        }
        Ok(result)
    }

    /// The schedule that allows what both allow, for schedules without exceptions
    /// ([`ScheduleError::HasExceptions`] otherwise: put both in an [`AccessRule`], which
    /// intersects exactly).
    ///
    /// Each pair of window occurrences in the week overlaps in at most one span (both are at
    /// most a day long); spans with the same start and end minutes share one window and merge
    /// their day masks. [`ScheduleError::TooManyWindows`] if more than
    /// [`MAX_WINDOWS`](super::MAX_WINDOWS) remain.
    ///
    /// ```
    /// use doorcode::schedule::{DayMask, Schedule, TimeRange, Window};
    /// let office_hours = Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, TimeRange::new(480, 1080)?)])?;
    /// let weekdays = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::ALL_DAY)])?;
    /// let both = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(480, 1080)?)])?;
    /// assert_eq!(office_hours.intersection(&weekdays)?, both);
    /// // Nights 22:00-06:00 and mornings 05:00-09:00 meet from 05:00 to 06:00 on the next day.
    /// let nights = Schedule::from_windows(&[Window::new(DayMask::new(0b1)?, TimeRange::new(1320, 360)?)])?; // Mondays
    /// let mornings = Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, TimeRange::new(300, 540)?)])?;
    /// let tuesday_5_to_6 = Window::new(DayMask::new(0b10)?, TimeRange::new(300, 360)?);
    /// assert_eq!(nights.intersection(&mornings)?.windows(), &[tuesday_5_to_6]);
    /// # Ok::<(), doorcode::schedule::ScheduleError>(())
    /// ```
    pub fn intersection(&self, other: &Schedule) -> Result<Schedule, ScheduleError> {
        if !self.exceptions().is_empty() || !other.exceptions().is_empty() {
            return Err(ScheduleError::HasExceptions);
        }
        let mut result = Schedule::new();
        for a in self.windows() {
            for b in other.windows() {
                for day_a in days_of(a.days) {
                    for day_b in days_of(b.days) {
                        if let Some((day, range)) = overlap(day_a, a.range, day_b, b.range) {
                            add_occurrence(&mut result, day, range)?;
                        }
                    }
                }
            }
        }
        Ok(result)
    }
}

/// The weekday indices (0 = Monday) of a mask.
fn days_of(mask: DayMask) -> impl Iterator<Item = u32> {
    (0u32..7).filter(move |day| mask.bits() & (1u8 << day) != 0)
}

/// Start (minutes since Monday 00:00) and length of one occurrence.
// day < 7, start < 1440 and length <= 1440: every value stays below 2 * WEEK_MINUTES.
#[allow(clippy::arithmetic_side_effects)]
fn occurrence(day: u32, range: TimeRange) -> (u32, u32) {
    (
        day * 1440 + u32::from(range.start_minute()),
        u32::from(range.duration_minutes()),
    )
}

/// The overlap of two occurrences on the weekly circle, as (start weekday, range).
// All values are below 3 * WEEK_MINUTES (see `occurrence`); subtractions are guarded.
#[allow(clippy::arithmetic_side_effects)]
fn overlap(day_a: u32, a: TimeRange, day_b: u32, b: TimeRange) -> Option<(u32, TimeRange)> {
    let (start_a, len_a) = occurrence(day_a, a);
    let (start_b, len_b) = occurrence(day_b, b);
    // Both spans are at most a day long, so on the 7-day circle they meet in at most one span;
    // try b shifted a week back, unshifted and a week ahead (a is shifted instead of b going
    // negative).
    for (shift_a, shift_b) in [(WEEK_MINUTES, 0), (0, 0), (0, WEEK_MINUTES)] {
        let lo = (start_a + shift_a).max(start_b + shift_b);
        let hi = (start_a + shift_a + len_a).min(start_b + shift_b + len_b);
        if lo < hi {
            let start = lo % WEEK_MINUTES;
            let day = start / 1440;
            let start_minute = u16::try_from(start % 1440).ok()?;
            let length = u16::try_from(hi - lo).ok()?;
            let end = start_minute + length;
            let end = if end > MINUTES_PER_DAY {
                end - MINUTES_PER_DAY
            } else {
                end
            };
            return Some((day, TimeRange::new(start_minute, end).ok()?));
        }
    }
    None
}

fn add_occurrence(result: &mut Schedule, day: u32, range: TimeRange) -> Result<(), ScheduleError> {
    let bit = 1u8 << day;
    let count = usize::from(result.window_count);
    if let Some(window) = result
        .windows
        .get_mut(..count)
        .and_then(|windows| windows.iter_mut().find(|w| w.range == range))
    {
        window.days = DayMask::new(window.days.bits() | bit)?;
        return Ok(());
    }
    result.push_window(Window::new(DayMask::new(bit)?, range))
}

impl AccessRule {
    /// The rule that allows what both allow: the grants intersect, the schedules are pooled
    /// (identical ones kept once). This is how a guest's rule is derived from its host's.
    /// More than [`MAX_RULE_SCHEDULES`](super::MAX_RULE_SCHEDULES) schedules:
    /// [`ScheduleError::TooManySchedules`].
    ///
    /// ```
    /// use doorcode::schedule::*;
    /// let door = Schedule::from_windows(&[Window::new(DayMask::EVERY_DAY, TimeRange::new(360, 1320)?)])?;
    /// let mut host = AccessRule::new(Grant::new(1_000, 5_000)?);
    /// host.push_schedule(door.clone())?;
    /// let mut guest = AccessRule::new(Grant::new(2_000, 9_000)?);
    /// guest.push_schedule(door.clone())?;
    /// let derived = host.intersection(&guest)?;
    /// assert_eq!(*derived.grant(), Grant::new(2_000, 5_000)?);
    /// assert_eq!(derived.schedules(), &[door]); // the shared schedule is kept once
    /// # Ok::<(), ScheduleError>(())
    /// ```
    pub fn intersection(&self, other: &AccessRule) -> Result<AccessRule, ScheduleError> {
        let mut result = AccessRule::new(self.grant.intersection(&other.grant));
        for schedule in self.schedules().iter().chain(other.schedules()) {
            if !result.schedules().contains(schedule) {
                result.push_schedule(schedule.clone())?;
            }
        }
        Ok(result)
    }
}
