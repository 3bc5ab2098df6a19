//! Constant-time judging of a typed code against the permanent table and the single-use
//! records (SPEC.md 15.4, "Timing").
//!
//! Whether a guessed code is someone's code that is not valid now must not show in the time a
//! keypress takes: the scan selects the matching entry's fields by conditional assignment (no
//! secret-indexed read), and the validity checks that follow (deny-list, grant, every schedule of
//! the table at the keypress's instant) run in full for every well-formed entry, on the selected
//! entry or, when nothing matched, on the empty entry's fields. Their cost depends on the
//! configuration and the instant only; the selected entry's verdict is picked out with
//! `subtle`'s `ConditionallySelectable`.

use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeLess};
use zeroize::Zeroizing;

use super::config::{self, LockConfig, PermanentEntry};
use super::{Matched, RejectReason, UsedRecord};
use crate::code::Digits;
use crate::kdf::TAG_LEN;
use crate::schedule::ScheduleDenial;

/// `schedule` byte of an entry without a schedule (the update encoding's value, 15.7).
const NO_SCHEDULE: u8 = 0xff;

// Verdict codes of the selected entry, in the order SPEC.md 15.4 checks them.
const ALLOWED: u8 = 0;
const PERSON_DENIED: u8 = 1;
const NOT_YET_VALID: u8 = 2;
const EXPIRED: u8 = 3;
const BAD_SCHEDULE_INDEX: u8 = 4;
const CLOCK_OUT_OF_RANGE: u8 = 5;
const EXCEPTION_DENIES: u8 = 6;
const OUTSIDE_REPLACEMENT_HOURS: u8 = 7;
const OUTSIDE_WINDOWS: u8 = 8;
/// No entry matched.
const NO_MATCH: u8 = 9;

/// The reason of each verdict code (`ALLOWED` never reaches the table; `BAD_SCHEDULE_INDEX`,
/// an index beyond the table's schedules, which validation refuses, is `NoMatch` as before).
const REASONS: [RejectReason; 10] = [
    RejectReason::NoMatch,
    RejectReason::PersonDenied,
    RejectReason::NotYetValid,
    RejectReason::Expired,
    RejectReason::NoMatch,
    RejectReason::OutsideSchedule(ScheduleDenial::ClockOutOfRange),
    RejectReason::OutsideSchedule(ScheduleDenial::ExceptionDenies),
    RejectReason::OutsideSchedule(ScheduleDenial::OutsideReplacementHours),
    RejectReason::OutsideSchedule(ScheduleDenial::OutsideWindows),
    RejectReason::NoMatch,
];

/// What the permanent table says about a code, computed without secret-dependent branches.
pub(super) struct PermanentVerdict {
    found: Choice,
    index: u16,
    person: u64,
    code: u8,
}

impl PermanentVerdict {
    /// The keypress outcome: `Err((NoMatch, None))` when no entry matched. The verdict code
    /// is folded with the match bit by selection and decoded by one table read, so a code that
    /// matches an entry that is not valid now and a code that matches nothing take the same
    /// path here too.
    #[allow(clippy::type_complexity)]
    pub(super) fn outcome(&self) -> Result<Matched, (RejectReason, Option<Matched>)> {
        let code = u8::conditional_select(&NO_MATCH, &self.code, self.found);
        let matched = Matched::Permanent {
            index: self.index,
            person: self.person,
        };
        if code == ALLOWED {
            // Public: the door opens.
            return Ok(matched);
        }
        // A table read rather than a `match`, so that every rejected verdict takes the same
        // instructions (the table is 10 entries, read whole into cache by any keypress).
        let reason = REASONS
            .get(usize::from(code))
            .copied()
            .unwrap_or(RejectReason::NoMatch);
        Err((reason, bool::from(self.found).then_some(matched)))
    }
}

/// Look `code` up in the table and judge the selected entry at `now`, every step for every
/// well-formed entry (see the module documentation).
pub(super) fn judge_permanent<const P: usize>(
    config: &LockConfig<P>,
    key: &[u8; TAG_LEN],
    code: &Digits,
    now: i64,
) -> PermanentVerdict {
    let tag = Zeroizing::new(tag_words(&config::tag_with_key(key, code)));
    // The empty entry's fields stand in when nothing matches: the checks below run on them.
    let empty = PermanentEntry::EMPTY;
    let mut found = Choice::from(0);
    let mut index = 0u16;
    let mut person = empty.person;
    let mut not_before = empty.grant.not_before();
    let mut not_after = empty.grant.not_after();
    let mut schedule = NO_SCHEDULE;
    // Every entry is compared, with no early exit: the tags as four 64-bit words whose XORs
    // are ORed together and compared with zero, one constant-time comparison per entry; the
    // first match's fields are selected by conditional assignment.
    for (position, entry) in (0u16..).zip(config.entries()) {
        let words = tag_words(&entry.tag);
        let diff = words
            .iter()
            .zip(tag.iter())
            .fold(0u64, |diff, (a, b)| diff | (a ^ b));
        let take = diff.ct_eq(&0) & !found;
        index.conditional_assign(&position, take);
        person.conditional_assign(&entry.person, take);
        not_before.conditional_assign(&entry.grant.not_before(), take);
        not_after.conditional_assign(&entry.grant.not_after(), take);
        schedule.conditional_assign(&entry.schedule.unwrap_or(NO_SCHEDULE), take);
        found |= take;
    }
    // Deny-list: every slot, no early exit.
    let denied = config
        .denied_persons()
        .iter()
        .fold(Choice::from(0), |denied, other| {
            denied | other.ct_eq(&person)
        });
    let before = ct_lt(now, not_before);
    let after = !ct_lt(now, not_after);
    let schedule_code = judge_schedules(config, schedule, now);
    // Lowest precedence first: each earlier check of 15.4 overrides the later ones.
    let mut code = schedule_code;
    code.conditional_assign(&EXPIRED, after);
    code.conditional_assign(&NOT_YET_VALID, before);
    code.conditional_assign(&PERSON_DENIED, denied);
    PermanentVerdict {
        found,
        index,
        person,
        code,
    }
}

/// The verdict of schedule `selected` (or [`ALLOWED`] for [`NO_SCHEDULE`]), evaluating every
/// schedule of the table at `now` so that the time spent does not depend on which one is
/// selected.
fn judge_schedules<const P: usize>(config: &LockConfig<P>, selected: u8, now: i64) -> u8 {
    let schedules = config.schedules();
    if schedules.is_empty() {
        // Public: the table has no schedule, so no entry refers to one.
        return u8::conditional_select(&BAD_SCHEDULE_INDEX, &ALLOWED, selected.ct_eq(&NO_SCHEDULE));
    }
    let local = config.zone.local_datetime(now);
    let mut code = BAD_SCHEDULE_INDEX;
    code.conditional_assign(&ALLOWED, selected.ct_eq(&NO_SCHEDULE));
    for (position, schedule) in (0u8..).zip(schedules) {
        let verdict = match local {
            Err(_) => CLOCK_OUT_OF_RANGE,
            Ok(local) => match schedule.check_local(local) {
                Ok(()) => ALLOWED,
                Err(denial) => denial_code(denial),
            },
        };
        code.conditional_assign(&verdict, selected.ct_eq(&position));
    }
    code
}

fn denial_code(denial: ScheduleDenial) -> u8 {
    match denial {
        ScheduleDenial::ClockOutOfRange => CLOCK_OUT_OF_RANGE,
        ScheduleDenial::ExceptionDenies => EXCEPTION_DENIES,
        ScheduleDenial::OutsideReplacementHours => OUTSIDE_REPLACEMENT_HOURS,
        ScheduleDenial::OutsideWindows => OUTSIDE_WINDOWS,
    }
}

/// `a < b` for signed instants, in constant time (the sign bit flipped maps the order of
/// `i64` onto that of `u64`).
fn ct_lt(a: i64, b: i64) -> Choice {
    const SIGN: u64 = 1 << 63;
    (a.cast_unsigned() ^ SIGN).ct_lt(&(b.cast_unsigned() ^ SIGN))
}

/// The first use of `probe`'s code among `records`, comparing every record with no early exit
/// (so that a used single-use code's record is found in the same time wherever it is, and a
/// probe that matches nothing costs the same).
pub(super) fn find_used(records: &[UsedRecord], probe: &UsedRecord) -> Option<i64> {
    let mut found = Choice::from(0);
    let mut first_use = 0i64;
    for record in records {
        let same = record.date.year().ct_eq(&probe.date.year())
            & record.date.month().ct_eq(&probe.date.month())
            & record.date.day().ct_eq(&probe.date.day())
            & record.issuer.0.ct_eq(&probe.issuer.0)
            & record.epoch.0.ct_eq(&probe.epoch.0)
            & record.slot.ct_eq(&probe.slot);
        let take = same & !found;
        first_use.conditional_assign(&record.first_use, take);
        found |= take;
    }
    bool::from(found).then_some(first_use)
}

/// A tag as four little-endian 64-bit words (for the word-wise constant-time comparison).
fn tag_words(tag: &[u8; TAG_LEN]) -> [u64; TAG_LEN / 8] {
    let mut words = [0u64; TAG_LEN / 8];
    for (word, chunk) in words.iter_mut().zip(tag.chunks_exact(8)) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        *word = u64::from_le_bytes(bytes);
    }
    words
}
