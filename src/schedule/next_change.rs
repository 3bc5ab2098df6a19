//! `next_change`: the first instant at which a grant-and-schedules answer flips.
//!
//! Whether an instant is allowed depends only on the grant (UTC instants) and on the instant's
//! wall-clock date and time. The timeline is cut into *segments* at the zone's transitions and
//! at the grant's edges; within a segment the UTC offset is constant, so the wall clock advances
//! one second per second and the answer can only change when the wall clock reaches a
//! *boundary*: a minute at which some window or replacement range starts or ends on that
//! date, or midnight (where the date's exception status changes). The walk visits the boundaries
//! of each date in wall-clock order, maps each to an instant with the segment's offset, and
//! evaluates there; at the end of a segment it evaluates the segment's end itself. A boundary
//! that falls in a spring-forward gap is never reached by the wall clock of either segment:
//! the answer changes at the transition, which is a segment end. A fold is handled because the
//! segment after it restarts the walk at the earlier wall-clock time.
//!
//! The result is exact (to the second) for any zone that honours the [`ZoneRules`] contract.

use super::{Grant, MINUTES_PER_DAY, NEXT_CHANGE_HORIZON_SECONDS, Schedule, ZoneRules};
use crate::civil::{LocalDate, LocalDateTime};

/// Most segments one search visits: a zone with two transitions a year and a grant have about
/// five within the horizon; the cap bounds the time spent on a pathological zone.
const MAX_SEGMENTS: usize = 1024;

const WORDS: usize = 23; // 23 * 64 = 1472 >= 1440 minutes

/// A set of minutes of one day (0..1440).
struct MinuteSet([u64; WORDS]);

impl MinuteSet {
    fn insert(&mut self, minute: u16) {
        if minute >= MINUTES_PER_DAY {
            return; // 24:00 is the next date's 00:00, which is always a boundary
        }
        if let Some(word) = self.0.get_mut(usize::from(minute / 64)) {
            *word |= 1u64 << (minute % 64);
        }
    }

    /// The minutes in increasing order.
    fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        (0u16..).zip(self.0.iter()).flat_map(|(index, word)| {
            let base = index.saturating_mul(64);
            let mut rest = *word;
            core::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = u16::try_from(rest.trailing_zeros()).unwrap_or(0);
                rest &= rest.wrapping_sub(1);
                Some(base.saturating_add(bit))
            })
        })
    }
}

/// The minutes of `date` at which the answer of `schedules` may change (a superset).
fn boundaries(schedules: &[Schedule], date: LocalDate) -> MinuteSet {
    let mut set = MinuteSet([0; WORDS]);
    set.insert(0);
    let yesterday = date.pred();
    for schedule in schedules {
        for range in schedule.ranges_starting(schedule.day_rule(date)) {
            set.insert(range.start_minute());
            if !range.is_overnight() {
                set.insert(range.end_minute());
            }
        }
        if let Some(yesterday) = yesterday {
            for range in schedule.ranges_starting(schedule.day_rule(yesterday)) {
                if range.is_overnight() {
                    set.insert(range.end_minute());
                }
            }
        }
    }
    set
}

fn allows_local(grant: &Grant, schedules: &[Schedule], instant: i64, local: LocalDateTime) -> bool {
    grant.contains(instant)
        && schedules
            .iter()
            .all(|schedule| schedule.check_local(local).is_ok())
}

fn allows<Z: ZoneRules + ?Sized>(
    grant: &Grant,
    schedules: &[Schedule],
    instant: i64,
    zone: &Z,
) -> bool {
    if schedules.is_empty() {
        return grant.contains(instant);
    }
    match zone.local_datetime(instant) {
        Ok(local) => allows_local(grant, schedules, instant, local),
        Err(_) => false,
    }
}

fn wall_seconds(local: LocalDateTime) -> Option<i64> {
    local
        .date
        .midnight_utc_seconds()
        .checked_add(i64::from(local.second_of_day))
}

/// See the module documentation.
pub(super) fn next_change<Z: ZoneRules + ?Sized>(
    grant: &Grant,
    schedules: &[Schedule],
    instant: i64,
    zone: &Z,
) -> Option<i64> {
    let initial = allows(grant, schedules, instant, zone);
    let horizon = instant.saturating_add(NEXT_CHANGE_HORIZON_SECONDS);
    let mut current = instant;
    for _ in 0..MAX_SEGMENTS {
        let mut segment_end = horizon;
        let edges = [
            zone.next_transition(current),
            Some(grant.not_before()),
            Some(grant.not_after()),
        ];
        for edge in edges.into_iter().flatten() {
            if edge > current && edge < segment_end {
                segment_end = edge;
            }
        }
        if !schedules.is_empty()
            && let Some(change) =
                walk_segment(grant, schedules, current, segment_end, initial, zone)?
        {
            return Some(change);
        }
        if segment_end >= horizon {
            return None;
        }
        if allows(grant, schedules, segment_end, zone) != initial {
            return Some(segment_end);
        }
        current = segment_end;
    }
    None
}

/// The first boundary instant in `(current, end)` whose answer differs from `initial`:
/// `Some(None)` if there is none, `None` if the walk leaves the supported calendar.
fn walk_segment<Z: ZoneRules + ?Sized>(
    grant: &Grant,
    schedules: &[Schedule],
    current: i64,
    end: i64,
    initial: bool,
    zone: &Z,
) -> Option<Option<i64>> {
    let local = zone.local_datetime(current).ok()?;
    let current_wall = wall_seconds(local)?;
    let offset = current_wall.checked_sub(current)?;
    let mut date = local.date;
    loop {
        let midnight_wall = date.midnight_utc_seconds();
        if midnight_wall.checked_sub(offset)? >= end {
            return Some(None);
        }
        for minute in boundaries(schedules, date).iter() {
            let second_of_day = u32::from(minute).saturating_mul(60);
            let wall = midnight_wall.checked_add(i64::from(second_of_day))?;
            if wall <= current_wall {
                continue;
            }
            let at = wall.checked_sub(offset)?;
            if at >= end {
                return Some(None);
            }
            let local = LocalDateTime {
                date,
                second_of_day,
            };
            if allows_local(grant, schedules, at, local) != initial {
                return Some(Some(at));
            }
        }
        date = date.succ()?;
    }
}
