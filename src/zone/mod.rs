//! Time zones: which local date and time an instant falls on at a door.
//!
//! Instants are UTC seconds since 1970-01-01T00:00:00Z (leap seconds ignored, as in POSIX).
//! A [`Zone`] is the TZif model (RFC 9636) without its database: an optional list of explicit
//! transitions (UTC instant, offset after it, DST flag) followed by a [`PosixRule`] that governs
//! every instant from the last transition on. Lock and backend use the same type and the same
//! code, so they agree on every local date:
//!
//! - a lock holds a rule such as `EST5EDT,M3.2.0,M11.1.0` (`Zone<0>`, about 80 bytes) or a rule
//!   plus a few transitions (`Zone<4>`), provisioned with [`Zone::encode`] / [`Zone::decode`];
//! - the backend builds zones from the IANA database with `Zone::from_iana` (feature `std`).
//!
//! Instant -> local time is always unambiguous ([`Zone::local_datetime`]); local -> instant
//! ([`Zone::to_instant`]) makes the caller choose what a skipped or repeated wall time means
//! ([`Disambiguation`]).
//!
//! Queries are defined for instants in [`MIN_INSTANT`]..=[`MAX_INSTANT`] (1899-12-30 to
//! 10000-01-02 UTC, enough for every local date of 1900..=9999 at any offset) and refuse others
//! with [`TimeError::OutOfRange`].

use core::fmt;

use crate::civil::{LocalDate, LocalDateTime};

mod calendar;
mod encoding;
#[cfg(feature = "iana")]
mod iana;
mod posix;

pub use encoding::{
    ENCODING_VERSION, ZoneDecodeError, ZoneEncodeError, ZoneField, max_encoded_len,
};
#[cfg(feature = "iana")]
pub use iana::IanaError;
pub use posix::{
    DEFAULT_RULE_TIME_SECONDS, DstRule, MAX_NAME_LEN, MAX_RULE_TIME_SECONDS, MIN_NAME_LEN,
    PosixRule, PosixTzError, PosixTzErrorKind, RuleDate, RuleFieldError, ZoneName,
};

/// Largest offset magnitude accepted: 24:59:59, the POSIX TZ limit.
pub const MAX_OFFSET_SECONDS: i32 = 24 * 3600 + 59 * 60 + 59;
/// Earliest instant a zone answers for: 1899-12-30T00:00:00Z.
pub const MIN_INSTANT: i64 = -2_209_161_600;
/// Latest instant a zone answers for: 10000-01-02T23:59:59Z.
pub const MAX_INSTANT: i64 = 253_402_473_599;
/// Widest distance between an instant and its wall-clock reading: [`MAX_OFFSET_SECONDS`].
const OFFSET_REACH: i64 = MAX_OFFSET_SECONDS as i64;

/// Why an instant or a date could not be placed in a zone.
///
/// ```
/// use doorcode::zone::{TimeError, Zone, MAX_INSTANT, MIN_INSTANT};
/// assert!(Zone::UTC.offset_at(MAX_INSTANT).is_ok());
/// assert_eq!(Zone::UTC.offset_at(MAX_INSTANT + 1), Err(TimeError::OutOfRange));
/// assert_eq!(Zone::UTC.offset_at(MIN_INSTANT - 1), Err(TimeError::OutOfRange));
/// // MAX_INSTANT is on 10000-01-02 in UTC, past the supported calendar.
/// assert_eq!(Zone::UTC.local_date(MAX_INSTANT), Err(TimeError::OutOfRange));
/// ```
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
///
/// ```
/// use doorcode::zone::{PosixRule, Transition, Zone, ZoneError, ZoneOffset};
/// // 25:00:00 is beyond the POSIX limit of 24:59:59.
/// assert_eq!(Zone::fixed(25 * 3600).err(), Some(ZoneError::OffsetOutOfRange { seconds: 90_000 }));
/// let initial = ZoneOffset { seconds: 3600, is_dst: false };
/// let change = Transition { at: 0, offset: 7200, is_dst: false };
/// // The UTC rule cannot take over from a transition to UTC+2.
/// let zone = Zone::<1>::with_transitions(initial, &[change], PosixRule::UTC);
/// assert_eq!(zone.err(), Some(ZoneError::RuleDisagreesWithLastTransition));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZoneError {
    /// An offset beyond +-24:59:59.
    OffsetOutOfRange {
        /// Offset given, seconds east of UTC.
        seconds: i32,
    },
    /// More explicit transitions than the zone's capacity `N`.
    TooManyTransitions {
        /// Transitions given.
        count: usize,
        /// The capacity.
        capacity: usize,
    },
    /// Transition `index` is not strictly later than the one before it.
    TransitionsNotIncreasing {
        /// Index of the offending transition.
        index: usize,
    },
    /// Transition `index` is outside [`MIN_INSTANT`]..=[`MAX_INSTANT`].
    TransitionOutOfRange {
        /// Index of the offending transition.
        index: usize,
    },
    /// The rule does not give the last transition's offset and DST flag at its instant, so it
    /// could not take over from there.
    RuleDisagreesWithLastTransition,
}

impl fmt::Display for ZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OffsetOutOfRange { seconds } => {
                write!(f, "UTC offset {seconds} s is beyond +-24:59:59")
            }
            Self::TooManyTransitions { count, capacity } => {
                write!(
                    f,
                    "{count} transitions given; the zone holds at most {capacity}"
                )
            }
            Self::TransitionsNotIncreasing { index } => {
                write!(f, "transition {index} is not later than the one before it")
            }
            Self::TransitionOutOfRange { index } => {
                write!(f, "transition {index} is outside the supported instants")
            }
            Self::RuleDisagreesWithLastTransition => f.write_str(
                "the POSIX rule does not match the last transition's offset at its instant",
            ),
        }
    }
}

impl core::error::Error for ZoneError {}

/// A UTC offset and whether it is daylight-saving time.
///
/// ```
/// use doorcode::zone::{Zone, ZoneOffset};
/// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
/// // 2026-07-01T12:00:00Z: summer, EDT.
/// assert_eq!(new_york.offset_info_at(1_782_907_200)?, ZoneOffset { seconds: -4 * 3600, is_dst: true });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ZoneOffset {
    /// Seconds east of UTC (New York in winter: -18000).
    pub seconds: i32,
    /// Whether this is daylight-saving time (informational: local time depends only on
    /// `seconds`).
    pub is_dst: bool,
}

/// An explicit transition: from `at` on, the offset is `offset` (until the next transition).
///
/// ```
/// use doorcode::zone::{Transition, Zone};
/// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
/// // DST ends on 2026-11-01 at 02:00 EDT, 06:00 UTC: from then on EST (-5 h).
/// let end = new_york.next_transition(1_793_491_200)?.ok_or("no change")?; // 2026-11-01T00:00Z
/// assert_eq!(end, Transition { at: 1_793_512_800, offset: -5 * 3600, is_dst: false });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Transition {
    /// UTC instant of the change.
    pub at: i64,
    /// Offset from then on, seconds east of UTC.
    pub offset: i32,
    /// Whether that offset is daylight-saving time.
    pub is_dst: bool,
}

impl Transition {
    const EMPTY: Transition = Transition {
        at: 0,
        offset: 0,
        is_dst: false,
    };

    /// The offset in force from this transition on.
    ///
    /// ```
    /// use doorcode::zone::{Transition, ZoneOffset};
    /// let start = Transition { at: 1_772_953_200, offset: -4 * 3600, is_dst: true };
    /// assert_eq!(start.info(), ZoneOffset { seconds: -14_400, is_dst: true });
    /// ```
    pub const fn info(&self) -> ZoneOffset {
        ZoneOffset {
            seconds: self.offset,
            is_dst: self.is_dst,
        }
    }
}

/// How [`Zone::to_instant`] treats a wall-clock time that is skipped (gap) or repeated (fold)
/// by an offset change. The choices are those of jiff and TC39 Temporal.
///
/// ```
/// use doorcode::civil::{LocalDate, LocalDateTime};
/// use doorcode::zone::{Disambiguation, LocalTimeError, Zone};
/// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
/// // 01:30 on 2026-11-01 happens twice: at 05:30 UTC (EDT) and at 06:30 UTC (EST).
/// let wall = LocalDateTime { date: LocalDate::new(2026, 11, 1)?, second_of_day: 5400 };
/// assert_eq!(new_york.to_instant(wall, Disambiguation::Earlier)?, 1_793_511_000);
/// assert_eq!(new_york.to_instant(wall, Disambiguation::Later)?, 1_793_514_600);
/// let refused = new_york.to_instant(wall, Disambiguation::Reject);
/// assert_eq!(refused, Err(LocalTimeError::Ambiguous { earlier: 1_793_511_000, later: 1_793_514_600 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Disambiguation {
    /// The earlier instant in a fold; in a gap, the time shifted forward by the gap's length
    /// (02:30 in a 02:00-03:00 gap is 03:30).
    #[default]
    Compatible,
    /// The earlier instant in a fold; in a gap, the time read with the offset after the gap,
    /// which lands before it (02:30 in a 02:00-03:00 gap is 01:30).
    Earlier,
    /// The later instant in a fold; in a gap, the time read with the offset before the gap
    /// (02:30 in a 02:00-03:00 gap is 03:30).
    Later,
    /// Refuse skipped and repeated times.
    Reject,
}

/// What a wall-clock time is in a zone.
///
/// ```
/// use doorcode::civil::{LocalDate, LocalDateTime};
/// use doorcode::zone::{LocalResolution, Zone};
/// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
/// // 02:30 on 2026-03-08 is skipped: read as EDT it is 06:30 UTC, as EST 07:30 UTC.
/// let skipped = LocalDateTime { date: LocalDate::new(2026, 3, 8)?, second_of_day: 9000 };
/// let gap = LocalResolution::Gap { earlier: 1_772_951_400, later: 1_772_955_000 };
/// assert_eq!(new_york.resolve(skipped)?, gap);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LocalResolution {
    /// Exactly one instant has this wall-clock time.
    Unique(i64),
    /// No instant has it (the clocks jumped forward over it). `earlier` reads it with the offset
    /// after the jump, `later` with the offset before; `earlier < jump <= later`.
    Gap {
        /// The wall time read with the offset in force after the jump.
        earlier: i64,
        /// The wall time read with the offset in force before the jump.
        later: i64,
    },
    /// More than one instant has it (the clocks went back): the first and the last.
    Fold {
        /// The first instant with this wall time.
        earlier: i64,
        /// The last instant with this wall time.
        later: i64,
    },
}

/// Why a wall-clock time could not be turned into an instant.
///
/// ```
/// use doorcode::civil::{LocalDate, LocalDateTime};
/// use doorcode::zone::{Disambiguation, LocalTimeError, Zone};
/// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
/// let skipped = LocalDateTime { date: LocalDate::new(2026, 3, 8)?, second_of_day: 9000 };
/// let refused = new_york.to_instant(skipped, Disambiguation::Reject);
/// assert_eq!(refused, Err(LocalTimeError::Skipped { earlier: 1_772_951_400, later: 1_772_955_000 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LocalTimeError {
    /// Outside the supported range.
    OutOfRange,
    /// The time does not exist in the zone (gap) and [`Disambiguation::Reject`] was asked for.
    Skipped {
        /// See [`LocalResolution::Gap`].
        earlier: i64,
        /// See [`LocalResolution::Gap`].
        later: i64,
    },
    /// The time occurs more than once (fold) and [`Disambiguation::Reject`] was asked for.
    Ambiguous {
        /// The first instant with this wall time.
        earlier: i64,
        /// The last instant with this wall time.
        later: i64,
    },
}

impl fmt::Display for LocalTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfRange => f.write_str("local time is outside the supported years"),
            Self::Skipped { .. } => f.write_str("local time is skipped by a clock change"),
            Self::Ambiguous { .. } => f.write_str("local time occurs twice (clocks went back)"),
        }
    }
}

impl core::error::Error for LocalTimeError {}

/// A door's time zone: up to `N` explicit transitions, then a POSIX rule.
///
/// `N` is the capacity for explicit transitions, fixed at compile time (no allocation): `Zone`
/// (= `Zone<0>`) holds a rule only, which is what most locks need; the backend builds IANA zones
/// with a large capacity such as `Zone<256>`. Offsets:
///
/// - before the first transition: the initial offset;
/// - from transition `i` until transition `i + 1`: transition `i`'s offset;
/// - from the last transition on (or everywhere, with no transitions): the rule. The rule must
///   agree with the last transition at its instant, so the hand-over is seamless.
///
/// ```
/// use doorcode::zone::{Disambiguation, Zone};
/// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
/// // 2026-11-22T03:00:00Z is still the 21st in New York.
/// assert_eq!(new_york.local_date(1_795_316_400)?.to_string(), "2026-11-21");
/// // 2026-03-08 had 23 hours there.
/// let (start, end) = new_york.day_bounds("2026-03-08".parse()?).ok_or("no such day")?;
/// assert_eq!(end - start, 23 * 3600);
/// // 02:30 that day never happened; compatible disambiguation moves it to 03:30 EDT.
/// let skipped = "2026-03-08".parse::<doorcode::civil::LocalDate>()?;
/// let wall = doorcode::civil::LocalDateTime { date: skipped, second_of_day: 9000 };
/// assert_eq!(new_york.to_instant(wall, Disambiguation::Compatible)?, 1_772_955_000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct Zone<const N: usize = 0> {
    rule: PosixRule,
    /// Offset before the first transition; meaningless (and kept zero) without transitions.
    initial: ZoneOffset,
    transitions: [Transition; N],
    len: usize,
}

/// Checks the invariants of explicit transitions (everything but the capacity).
fn validate(
    initial: ZoneOffset,
    transitions: &[Transition],
    rule: &PosixRule,
) -> Result<(), ZoneError> {
    let check_offset = |seconds: i32| {
        if (-MAX_OFFSET_SECONDS..=MAX_OFFSET_SECONDS).contains(&seconds) {
            Ok(())
        } else {
            Err(ZoneError::OffsetOutOfRange { seconds })
        }
    };
    check_offset(initial.seconds)?;
    let mut previous: Option<i64> = None;
    for (index, transition) in transitions.iter().enumerate() {
        check_offset(transition.offset)?;
        if !(MIN_INSTANT..=MAX_INSTANT).contains(&transition.at) {
            return Err(ZoneError::TransitionOutOfRange { index });
        }
        if previous.is_some_and(|previous| transition.at <= previous) {
            return Err(ZoneError::TransitionsNotIncreasing { index });
        }
        previous = Some(transition.at);
    }
    if let Some(last) = transitions.last()
        && rule.offset_info_at(last.at) != last.info()
    {
        return Err(ZoneError::RuleDisagreesWithLastTransition);
    }
    Ok(())
}

const NO_OFFSET: ZoneOffset = ZoneOffset {
    seconds: 0,
    is_dst: false,
};

impl Zone {
    /// Coordinated Universal Time (`UTC0`).
    pub const UTC: Zone = Zone::from_rule(PosixRule::UTC);

    /// A zone with a fixed offset, in seconds east of UTC (New York winter is -18000). Offset 0
    /// is [`Zone::UTC`]; others are named like tzdb's numeric abbreviations (`<+0530>-5:30`).
    ///
    /// ```
    /// use doorcode::zone::{Zone, ZoneError};
    /// let india = Zone::fixed(5 * 3600 + 1800)?;
    /// assert_eq!(india.rule().to_string(), "<+0530>-5:30");
    /// assert_eq!(india.local_datetime(0)?.to_string(), "1970-01-01T05:30:00");
    /// assert_eq!(Zone::fixed(0)?, Zone::UTC);
    /// assert_eq!(Zone::fixed(-90_000).err(), Some(ZoneError::OffsetOutOfRange { seconds: -90_000 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn fixed(offset_seconds: i32) -> Result<Self, ZoneError> {
        match PosixRule::fixed(offset_seconds) {
            Ok(rule) => Ok(Zone::from_rule(rule)),
            Err(error) => Err(error),
        }
    }

    /// A zone from a POSIX TZ string such as `EST5EDT,M3.2.0,M11.1.0` or `<+0530>-5:30`.
    ///
    /// ```
    /// use doorcode::zone::Zone;
    /// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// assert_eq!(new_york.offset_at(1_795_305_600)?, -5 * 3600); // 2026-11-22: EST
    /// assert!(Zone::posix("EST5EDT,M3.2.0").is_err()); // a DST rule needs its end too
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn posix(text: &str) -> Result<Self, PosixTzError> {
        PosixRule::parse(text).map(Zone::from_rule)
    }
}

impl<const N: usize> Zone<N> {
    /// A zone governed by `rule` alone.
    ///
    /// ```
    /// use doorcode::zone::{PosixRule, Zone};
    /// let rule: PosixRule = "CET-1CEST,M3.5.0,M10.5.0/3".parse()?;
    /// let paris = Zone::<0>::from_rule(rule);
    /// assert_eq!(paris.offset_at(1_795_305_600)?, 3600); // 2026-11-22: CET
    /// assert!(paris.transitions().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn from_rule(rule: PosixRule) -> Self {
        Self {
            rule,
            initial: NO_OFFSET,
            transitions: [Transition::EMPTY; N],
            len: 0,
        }
    }

    /// A zone with explicit transitions (strictly increasing, within
    /// [`MIN_INSTANT`]..=[`MAX_INSTANT`], at most `N`), `initial` in force before the first, and
    /// `rule` from the last on. The rule must give the last transition's offset and DST flag at
    /// the last transition's instant.
    ///
    /// ```
    /// use doorcode::zone::{PosixRule, Transition, Zone, ZoneError, ZoneOffset};
    /// // A zone that moved from UTC+1 to a permanent UTC+2 at 2000-01-01T00:00:00Z.
    /// let initial = ZoneOffset { seconds: 3600, is_dst: false };
    /// let change = Transition { at: 946_684_800, offset: 7200, is_dst: false };
    /// let zone = Zone::<4>::with_transitions(initial, &[change], PosixRule::fixed(7200)?)?;
    /// assert_eq!(zone.offset_at(946_684_799)?, 3600);
    /// assert_eq!(zone.offset_at(946_684_800)?, 7200);
    /// let tight = Zone::<0>::with_transitions(initial, &[change], PosixRule::fixed(7200)?);
    /// assert_eq!(tight.err(), Some(ZoneError::TooManyTransitions { count: 1, capacity: 0 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_transitions(
        initial: ZoneOffset,
        transitions: &[Transition],
        rule: PosixRule,
    ) -> Result<Self, ZoneError> {
        if transitions.is_empty() {
            return Ok(Self::from_rule(rule));
        }
        if transitions.len() > N {
            return Err(ZoneError::TooManyTransitions {
                count: transitions.len(),
                capacity: N,
            });
        }
        validate(initial, transitions, &rule)?;
        let mut zone = Self::from_rule(rule);
        zone.initial = initial;
        for (slot, transition) in zone.transitions.iter_mut().zip(transitions) {
            *slot = *transition;
        }
        zone.len = transitions.len();
        Ok(zone)
    }

    /// The same zone with capacity `M` (fails if it has more than `M` transitions).
    ///
    /// ```
    /// use doorcode::zone::{PosixRule, Transition, Zone, ZoneError, ZoneOffset};
    /// let initial = ZoneOffset { seconds: 3600, is_dst: false };
    /// let change = Transition { at: 946_684_800, offset: 7200, is_dst: false };
    /// let zone = Zone::<4>::with_transitions(initial, &[change], PosixRule::fixed(7200)?)?;
    /// let small: Zone<1> = zone.to_capacity()?;
    /// assert_eq!(small.transitions(), zone.transitions());
    /// assert_eq!(zone.to_capacity::<0>().err(), Some(ZoneError::TooManyTransitions { count: 1, capacity: 0 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_capacity<const M: usize>(&self) -> Result<Zone<M>, ZoneError> {
        Zone::<M>::with_transitions(self.initial, self.transitions(), self.rule)
    }

    /// The POSIX rule that governs from the last transition on.
    ///
    /// ```
    /// use doorcode::zone::Zone;
    /// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// assert_eq!(new_york.rule().std_offset(), -5 * 3600);
    /// assert_eq!(new_york.rule().to_string(), "EST5EDT,M3.2.0,M11.1.0");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rule(&self) -> &PosixRule {
        &self.rule
    }

    /// The explicit transitions, oldest first.
    ///
    /// ```
    /// use doorcode::zone::{PosixRule, Transition, Zone, ZoneOffset};
    /// let initial = ZoneOffset { seconds: 0, is_dst: false };
    /// let changes = [
    ///     Transition { at: 100, offset: 3600, is_dst: false },
    ///     Transition { at: 200, offset: 7200, is_dst: false },
    /// ];
    /// let zone = Zone::<2>::with_transitions(initial, &changes, PosixRule::fixed(7200)?)?;
    /// assert_eq!(zone.transitions(), &changes);
    /// assert!(Zone::UTC.transitions().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn transitions(&self) -> &[Transition] {
        self.transitions.get(..self.len).unwrap_or(&[])
    }

    /// The offset in force before the first explicit transition (`None` without transitions).
    ///
    /// ```
    /// use doorcode::zone::{PosixRule, Transition, Zone, ZoneOffset};
    /// let initial = ZoneOffset { seconds: 3600, is_dst: false };
    /// let change = Transition { at: 946_684_800, offset: 7200, is_dst: false };
    /// let zone = Zone::<1>::with_transitions(initial, &[change], PosixRule::fixed(7200)?)?;
    /// assert_eq!(zone.initial_offset(), Some(initial));
    /// assert_eq!(Zone::UTC.initial_offset(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn initial_offset(&self) -> Option<ZoneOffset> {
        (self.len > 0).then_some(self.initial)
    }

    /// Offset and DST flag at any instant (years clamped as in [`PosixRule::offset_info_at`]).
    fn info(&self, instant: i64) -> ZoneOffset {
        let transitions = self.transitions();
        let after = transitions.partition_point(|t| t.at <= instant);
        if after == transitions.len() {
            // Past the last transition, or no transitions: the rule.
            return self.rule.offset_info_at(instant);
        }
        match after.checked_sub(1).and_then(|i| transitions.get(i)) {
            Some(transition) => transition.info(),
            None => self.initial,
        }
    }

    /// The first instant after `after` at which the offset changes (`None` if never).
    fn next_offset_change(&self, after: i64) -> Option<Transition> {
        let transitions = self.transitions();
        let first_later = transitions.partition_point(|t| t.at <= after);
        let mut current = self.info(after).seconds;
        for transition in transitions.get(first_later..).unwrap_or(&[]) {
            if transition.offset != current {
                return Some(*transition);
            }
            current = transition.offset;
        }
        // From the last transition (if still ahead) or from `after`, the rule decides; it agrees
        // with the last transition at its instant.
        let from = transitions.last().map_or(after, |last| last.at.max(after));
        self.rule.next_change(from, true)
    }

    fn check(instant: i64) -> Result<(), TimeError> {
        if (MIN_INSTANT..=MAX_INSTANT).contains(&instant) {
            Ok(())
        } else {
            Err(TimeError::OutOfRange)
        }
    }

    /// Offset from UTC (seconds east) in force at `instant`.
    ///
    /// ```
    /// use doorcode::zone::Zone;
    /// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// assert_eq!(new_york.offset_at(1_782_907_200)?, -4 * 3600); // 2026-07-01T12:00Z, EDT
    /// assert_eq!(new_york.offset_at(1_795_305_600)?, -5 * 3600); // 2026-11-22T00:00Z, EST
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn offset_at(&self, instant: i64) -> Result<i32, TimeError> {
        Ok(self.offset_info_at(instant)?.seconds)
    }

    /// Offset and DST flag in force at `instant`.
    ///
    /// ```
    /// use doorcode::zone::{Zone, ZoneOffset};
    /// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// let winter = new_york.offset_info_at(1_795_305_600)?; // 2026-11-22T00:00Z
    /// assert_eq!(winter, ZoneOffset { seconds: -18_000, is_dst: false });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn offset_info_at(&self, instant: i64) -> Result<ZoneOffset, TimeError> {
        Self::check(instant)?;
        Ok(self.info(instant))
    }

    /// Wall-clock date and time at `instant`.
    ///
    /// ```
    /// use doorcode::zone::Zone;
    /// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// // 2026-11-22T00:00:00Z is 19:00 the evening before in New York.
    /// assert_eq!(new_york.local_datetime(1_795_305_600)?.to_string(), "2026-11-21T19:00:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn local_datetime(&self, instant: i64) -> Result<LocalDateTime, TimeError> {
        let wall = instant
            .checked_add(i64::from(self.offset_at(instant)?))
            .ok_or(TimeError::OutOfRange)?;
        LocalDateTime::from_wall_seconds(wall).ok_or(TimeError::OutOfRange)
    }

    /// Local calendar date at `instant`.
    ///
    /// ```
    /// use doorcode::zone::Zone;
    /// let tokyo = Zone::posix("JST-9")?;
    /// // 2026-11-21T15:00:00Z is already midnight of the 22nd in Tokyo.
    /// assert_eq!(tokyo.local_date(1_795_305_600 - 9 * 3600)?.to_string(), "2026-11-22");
    /// assert_eq!(Zone::UTC.local_date(1_795_305_600 - 9 * 3600)?.to_string(), "2026-11-21");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn local_date(&self, instant: i64) -> Result<LocalDate, TimeError> {
        Ok(self.local_datetime(instant)?.date)
    }

    /// The first offset change strictly after `instant`: when, and the offset from then on.
    /// Changes of the DST flag alone are skipped. `None` if the offset never changes again
    /// (within [`MAX_INSTANT`]).
    ///
    /// ```
    /// use doorcode::zone::{Transition, Zone};
    /// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// // From 2026-01-01T00:00Z, the next change is DST on 2026-03-08 at 07:00 UTC.
    /// let next = new_york.next_transition(1_767_225_600)?;
    /// assert_eq!(next, Some(Transition { at: 1_772_953_200, offset: -4 * 3600, is_dst: true }));
    /// assert_eq!(Zone::UTC.next_transition(0)?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_transition(&self, instant: i64) -> Result<Option<Transition>, TimeError> {
        Self::check(instant)?;
        Ok(self
            .next_offset_change(instant)
            .filter(|t| t.at <= MAX_INSTANT))
    }

    /// Calls `visit(start, end, offset)` for each stretch of constant offset that overlaps
    /// `[from, to)`, in order, clipped to it. Bounded: a zone has at most `N` explicit changes,
    /// and a rule at most two a year, in any window this crate asks about (a few days).
    fn for_each_segment(&self, from: i64, to: i64, mut visit: impl FnMut(i64, i64, i32)) {
        let mut start = from.max(MIN_INSTANT);
        let to = to.min(MAX_INSTANT.saturating_add(1));
        for _ in 0..N.saturating_add(8) {
            if start >= to {
                return;
            }
            let offset = self.info(start).seconds;
            let end = self
                .next_offset_change(start)
                .map_or(to, |next| next.at.min(to));
            visit(start, end, offset);
            start = end;
        }
    }

    /// The UTC instants `[start, end)` during which the local date is `date`, or `None` if the
    /// date never occurs in this zone (Pacific/Apia skipped 2011-12-30).
    ///
    /// `end - start` is the day's length: 86,400 s on most days, 82,800 s on a spring-forward day
    /// with a one-hour change, 88,200 s on a 24.5-hour day. If the zone's local date ever goes
    /// backwards (a clock change over midnight that repeats part of the day before), the bounds
    /// are the first and last instant with this date, and instants of a neighbouring date can lie
    /// between them; for zones whose local date never decreases they tile the time line.
    ///
    /// ```
    /// use doorcode::zone::Zone;
    /// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// // 2026-11-01 (clocks back): 05:00 UTC to 05:00 UTC the next day, 25 hours.
    /// let (start, end) = new_york.day_bounds("2026-11-01".parse()?).ok_or("no such day")?;
    /// assert_eq!((start, end), (1_793_491_200 + 4 * 3600, 1_793_491_200 + 86_400 + 5 * 3600));
    /// assert_eq!(end - start, 25 * 3600);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn day_bounds(&self, date: LocalDate) -> Option<(i64, i64)> {
        let midnight = date.midnight_utc_seconds();
        let next_midnight = midnight.checked_add(86_400)?;
        let mut bounds: Option<(i64, i64)> = None;
        // An instant has this date iff midnight <= instant + offset < next_midnight.
        self.for_each_segment(
            midnight.saturating_sub(OFFSET_REACH),
            next_midnight.saturating_add(OFFSET_REACH),
            |start, end, offset| {
                let offset = i64::from(offset);
                let first = start.max(midnight.saturating_sub(offset));
                let last = end.min(next_midnight.saturating_sub(offset));
                if first < last {
                    bounds = Some(
                        bounds.map_or((first, last), |(lo, hi)| (lo.min(first), hi.max(last))),
                    );
                }
            },
        );
        bounds
    }

    /// Which instants have the wall-clock time `local`.
    ///
    /// ```
    /// use doorcode::civil::{LocalDate, LocalDateTime};
    /// use doorcode::zone::{LocalResolution, Zone};
    /// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// let noon = LocalDateTime { date: LocalDate::new(2026, 11, 22)?, second_of_day: 12 * 3600 };
    /// assert_eq!(new_york.resolve(noon)?, LocalResolution::Unique(1_795_305_600 + 17 * 3600));
    /// let twice = LocalDateTime { date: LocalDate::new(2026, 11, 1)?, second_of_day: 5400 };
    /// assert_eq!(new_york.resolve(twice)?, LocalResolution::Fold { earlier: 1_793_511_000, later: 1_793_514_600 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resolve(&self, local: LocalDateTime) -> Result<LocalResolution, TimeError> {
        // `second_of_day` is a public field: 86_400 or more is not a time of that day.
        if local.second_of_day >= 86_400 {
            return Err(TimeError::OutOfRange);
        }
        let wall = local
            .date
            .midnight_utc_seconds()
            .checked_add(i64::from(local.second_of_day))
            .ok_or(TimeError::OutOfRange)?;
        let mut found: Option<(i64, i64, usize)> = None;
        let mut gap: Option<(i64, i64)> = None;
        let mut previous: Option<i32> = None;
        self.for_each_segment(
            wall.saturating_sub(OFFSET_REACH),
            wall.saturating_add(OFFSET_REACH).saturating_add(1),
            |start, end, offset| {
                let candidate = wall.saturating_sub(i64::from(offset));
                if (start..end).contains(&candidate) {
                    found = Some(found.map_or((candidate, candidate, 1), |(lo, hi, n)| {
                        (lo.min(candidate), hi.max(candidate), n.saturating_add(1))
                    }));
                }
                // A forward jump at `start` over `wall`: start + before <= wall < start + after.
                if let Some(before) = previous {
                    let jumped_from = start.saturating_add(i64::from(before));
                    let jumped_to = start.saturating_add(i64::from(offset));
                    if gap.is_none() && jumped_from <= wall && wall < jumped_to {
                        gap = Some((
                            wall.saturating_sub(i64::from(offset)),
                            wall.saturating_sub(i64::from(before)),
                        ));
                    }
                }
                previous = Some(offset);
            },
        );
        match (found, gap) {
            (Some((instant, _, 1)), _) => Ok(LocalResolution::Unique(instant)),
            (Some((earlier, later, _)), _) => Ok(LocalResolution::Fold { earlier, later }),
            (None, Some((earlier, later))) => Ok(LocalResolution::Gap { earlier, later }),
            (None, None) => Err(TimeError::OutOfRange),
        }
    }

    /// The instant with wall-clock time `local`, resolving gaps and folds as `how` says.
    ///
    /// ```
    /// use doorcode::civil::{LocalDate, LocalDateTime};
    /// use doorcode::zone::{Disambiguation, Zone};
    /// let new_york = Zone::posix("EST5EDT,M3.2.0,M11.1.0")?;
    /// let skipped = LocalDateTime { date: LocalDate::new(2026, 3, 8)?, second_of_day: 9000 }; // 02:30
    /// assert_eq!(new_york.to_instant(skipped, Disambiguation::Compatible)?, 1_772_955_000); // 03:30 EDT
    /// assert_eq!(new_york.to_instant(skipped, Disambiguation::Earlier)?, 1_772_951_400); // 01:30 EST
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_instant(
        &self,
        local: LocalDateTime,
        how: Disambiguation,
    ) -> Result<i64, LocalTimeError> {
        let resolution = self
            .resolve(local)
            .map_err(|_| LocalTimeError::OutOfRange)?;
        let instant = match (resolution, how) {
            (LocalResolution::Unique(instant), _) => instant,
            (
                LocalResolution::Fold { earlier, .. },
                Disambiguation::Compatible | Disambiguation::Earlier,
            ) => earlier,
            (LocalResolution::Fold { later, .. }, Disambiguation::Later) => later,
            (LocalResolution::Fold { earlier, later }, Disambiguation::Reject) => {
                return Err(LocalTimeError::Ambiguous { earlier, later });
            }
            (
                LocalResolution::Gap { later, .. },
                Disambiguation::Compatible | Disambiguation::Later,
            ) => later,
            (LocalResolution::Gap { earlier, .. }, Disambiguation::Earlier) => earlier,
            (LocalResolution::Gap { earlier, later }, Disambiguation::Reject) => {
                return Err(LocalTimeError::Skipped { earlier, later });
            }
        };
        Self::check(instant).map_err(|_| LocalTimeError::OutOfRange)?;
        Ok(instant)
    }
}

impl<const N: usize> PartialEq for Zone<N> {
    fn eq(&self, other: &Self) -> bool {
        self.rule == other.rule
            && self.transitions() == other.transitions()
            && self.initial_offset() == other.initial_offset()
    }
}

impl<const N: usize> Eq for Zone<N> {}

impl<const N: usize> core::hash::Hash for Zone<N> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.rule.hash(state);
        self.transitions().hash(state);
        self.initial_offset().hash(state);
    }
}

impl<const N: usize> fmt::Display for Zone<N> {
    /// The POSIX rule (which parses back to an equal zone when there are no transitions); with
    /// transitions, followed by ` [+K transitions until <last instant>]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.rule)?;
        if let Some(last) = self.transitions().last() {
            write!(
                f,
                " [+{} transitions until {}Z]",
                self.len,
                UtcInstant(last.at)
            )?;
        }
        Ok(())
    }
}

impl<const N: usize> fmt::Debug for Zone<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({self})")
    }
}

impl<const N: usize> core::str::FromStr for Zone<N> {
    type Err = PosixTzError;

    /// Parse a POSIX TZ string (a rule-only zone; what [`fmt::Display`] prints for one).
    fn from_str(text: &str) -> Result<Self, PosixTzError> {
        PosixRule::parse(text).map(Zone::from_rule)
    }
}

/// Prints an instant as `YYYY-MM-DDTHH:MM:SS` (UTC), or the raw seconds out of range.
struct UtcInstant(i64);

impl fmt::Display for UtcInstant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match LocalDateTime::from_wall_seconds(self.0) {
            Some(datetime) => write!(f, "{datetime}"),
            None => write!(f, "{}s", self.0),
        }
    }
}

/// A capacity that holds every zone of the bundled IANA database from 1970 to 2100 with
/// `Zone::from_iana`: the most any zone needs is 273 (Asia/Hebron, whose DST pauses for Ramadan
/// are listed until 2086), checked by `tests/zone_iana.rs`; the rest is headroom for tzdb
/// updates.
pub const IANA_CAPACITY: usize = 320;
