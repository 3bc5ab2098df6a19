//! Model-based test of the lock verifier: random sequences of keypresses, clock changes,
//! updates and reboots against a small reference model of the accept rules (SPEC.md, "Lock
//! verifier").
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    missing_docs
)]

use std::collections::HashMap;

use doorcode::civil::LocalDate;
use doorcode::code::{CodeLength, Digits};
use doorcode::daily::{DailyKind, issue_daily};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
use doorcode::lock::*;
use doorcode::schedule::Grant;
use doorcode::zone::Zone;
use proptest::prelude::*;

/// 2026-11-22T00:00:00Z.
const START: i64 = 1_795_305_600;
const PERMANENT: &str = "2468013";
const WRONG: &str = "0000000";
type Lock = LockVerifier<4, 64, 1>;

fn door() -> DoorId {
    DoorId::new(b"model").unwrap()
}
fn key() -> DoorKey {
    DoorKey::from_bytes(&[0x17; 32]).unwrap()
}
fn config() -> LockConfig<4> {
    let mut config = LockConfig::new(door());
    let tag = permanent_tag(
        &key(),
        &door(),
        &Digits::parse(PERMANENT, CodeLength::SEVEN).unwrap(),
    );
    config
        .push_entry(PermanentEntry {
            tag,
            person: 1,
            grant: Grant::ALWAYS,
            schedule: None,
        })
        .unwrap();
    config
}
fn issue(date: LocalDate, kind: DailyKind, slot: u32) -> String {
    issue_daily(
        &key(),
        door(),
        IssuerId(0),
        Epoch(0),
        Default::default(),
        date,
        kind,
        slot,
    )
    .unwrap()
    .to_string()
}
fn encode(lock: &Lock) -> Vec<u8> {
    let mut out = vec![0u8; Lock::MAX_STATE_LEN];
    let len = lock.encode_state(&mut out).unwrap();
    out.truncate(len);
    out
}
fn update(counter: u64, issued_at: i64) -> Vec<u8> {
    let mut out = vec![0u8; max_update_len(4)];
    let len = build_update(&key(), counter, issued_at, &config(), &mut out).unwrap();
    out.truncate(len);
    out
}

#[derive(Clone, Copy, Debug)]
enum Entry {
    Daily(u32),
    SingleUse(u32),
    Permanent,
    Wrong,
    Malformed,
}

#[derive(Clone, Copy, Debug)]
enum Step {
    /// Advance the clock by this many seconds, then enter.
    Press {
        advance: i64,
        back: bool,
        unset: bool,
        entry: Entry,
    },
    /// Apply a fresh update stamped with the current clock.
    Update,
    /// Re-apply an update already applied.
    Replay,
    Reboot,
}

/// Entries, with a per-case weight of wrong entries so that some cases run long lockout
/// streaks and others mostly succeed.
fn entry(wrong: u32) -> BoxedStrategy<Entry> {
    prop::strategy::Union::new_weighted(vec![
        (2, (0u32..3).prop_map(Entry::Daily).boxed()),
        (3, (0u32..3).prop_map(Entry::SingleUse).boxed()),
        (1, Just(Entry::Permanent).boxed()),
        (wrong, Just(Entry::Wrong).boxed()),
        (1, Just(Entry::Malformed).boxed()),
    ])
    .boxed()
}

/// Clock advances are mostly whole half-minutes, so that the 15-minute single-use edge and the
/// lockout ends (multiples of 60 s) are hit exactly.
fn advance() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => (0i64..8).prop_map(|n| n * 30),
        2 => (0i64..40).prop_map(|n| n * 30),
        1 => 0i64..1200,
        1 => 0i64..100_000,
        1 => prop_oneof![Just(899i64), Just(900)],
        // Forgiveness steps (86,400 / 5 s) and their edges.
        1 => prop_oneof![Just(17_279i64), Just(17_280), Just(34_560)],
    ]
}

fn step(wrong: u32) -> impl Strategy<Value = Step> {
    prop_oneof![
        12 => (advance(), prop::bool::weighted(0.1), prop::bool::weighted(0.05), entry(wrong))
            .prop_map(|(advance, back, unset, entry)| Step::Press { advance, back, unset, entry }),
        1 => Just(Step::Update),
        1 => Just(Step::Replay),
        1 => Just(Step::Reboot),
    ]
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    (1u32..30).prop_flat_map(|wrong| prop::collection::vec(step(wrong), 1..80))
}

/// The reference model: the rules of SPEC.md written as plainly as possible.
#[derive(Default)]
struct Model {
    last_trusted: Option<i64>,
    /// Outstanding wrong entries.
    wrong: u32,
    locked_until: Option<i64>,
    /// Where the next forgiveness step (86,400 / 5 s) starts counting.
    forgive_from: Option<i64>,
    used: HashMap<(LocalDate, u32), i64>,
    counter: u64,
}

impl Model {
    /// Expected (accepted, reason) for `entry` at `clock`.
    fn press(&mut self, entry: Entry, clock: Option<i64>) -> Result<(), RejectReason> {
        let Some(t) = clock else {
            return Err(RejectReason::ClockUnset);
        };
        if let Some(last) = self.last_trusted
            && t < last - 300
        {
            return Err(RejectReason::ClockRolledBack { last_trusted: last });
        }
        // Forgive one wrong entry per full 17,280 s step of quiet.
        while let Some(from) = self.forgive_from
            && from + 17_280 <= t
        {
            self.wrong -= 1;
            self.forgive_from = (self.wrong > 0).then_some(from + 17_280);
        }
        if let Some(until) = self.locked_until
            && t < until
        {
            return Err(RejectReason::LockedOut { until });
        }
        let today = Zone::UTC.local_date(t).unwrap();
        let result = match entry {
            Entry::Daily(_) | Entry::Permanent => Ok(()),
            Entry::Wrong => Err(RejectReason::NoMatch),
            Entry::Malformed => Err(RejectReason::Malformed(
                doorcode::code::CodeFormatError::WrongLength {
                    expected: 7,
                    got: 2,
                },
            )),
            Entry::SingleUse(slot) => match self.used.get(&(today, slot)) {
                Some(&first_use) if t >= first_use + 900 => {
                    Err(RejectReason::SingleUseExpired { first_use })
                }
                Some(_) => Ok(()),
                None => {
                    self.used.insert((today, slot), t);
                    Ok(())
                }
            },
        };
        match result {
            Ok(()) => {
                // A success forgives nothing.
                self.last_trusted = Some(self.last_trusted.map_or(t, |last| last.max(t)));
            }
            Err(_) => {
                self.wrong += 1;
                self.forgive_from = Some(t);
                if self.wrong.is_multiple_of(5) {
                    // Level j = wrong / 5 locks out for 60 x 2^(j-1) s, at most a day; levels
                    // 1..=11 are below the day, and at level 12 the count returns to 55.
                    let level = self.wrong / 5;
                    let seconds = (60i64 << (level - 1).min(20)).min(86_400);
                    self.locked_until = Some(t + seconds);
                    self.forgive_from = Some(t + seconds);
                    if level > 11 {
                        self.wrong = 55;
                    }
                }
            }
        }
        result
    }
}

#[test]
fn wrong_is_wrong_on_the_model_days() {
    // The model treats WRONG as matching nothing; check that at the start, middle and end of
    // every day the steps can reach (covering each date and both neighbours within the grace).
    for day in 0..80 {
        for offset in [0, 43_200, 86_399] {
            let t = START + day * 86_400 + offset;
            let mut lock = Lock::new(key(), config()).unwrap();
            let (answer, _) = lock.keypress(WRONG, Clock::Set(t));
            assert_eq!(answer, KeypadAnswer::Reject, "day {day} offset {offset}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn lock_follows_the_model(steps in steps()) {
        let mut lock = Lock::new(key(), config()).unwrap();
        let mut model = Model::default();
        let mut now = START + 9 * 3600;
        let mut applied: Vec<Vec<u8>> = Vec::new();
        for step in steps {
            match step {
                Step::Press { advance, back, unset, entry } => {
                    now = if back { now - advance.min(600) } else { now + advance };
                    let clock = (!unset).then_some(now);
                    let today = Zone::UTC.local_date(now).unwrap();
                    let input = match entry {
                        Entry::Daily(slot) => issue(today, DailyKind::Daily, slot),
                        Entry::SingleUse(slot) => issue(today, DailyKind::SingleUse, slot),
                        Entry::Permanent => PERMANENT.to_string(),
                        Entry::Wrong => WRONG.to_string(),
                        Entry::Malformed => "12".to_string(),
                    };
                    let expected = model.press(entry, clock);
                    let (answer, event) = lock.keypress(&input, Clock::from(clock));
                    match expected {
                        Ok(()) => prop_assert_eq!(answer, KeypadAnswer::Accept, "{:?}", event),
                        Err(reason) => {
                            prop_assert_eq!(answer, KeypadAnswer::Reject);
                            prop_assert_eq!(event.reason, Some(reason));
                        }
                    }
                    prop_assert_eq!(lock.throttle_state().locked_until, model.locked_until);
                    prop_assert_eq!(u32::from(lock.throttle_state().wrong), model.wrong);
                    prop_assert_eq!(lock.throttle_state().forgive_from, model.forgive_from);
                    prop_assert_eq!(lock.last_trusted(), model.last_trusted);
                }
                Step::Update => {
                    let bytes = update(model.counter + 1, now);
                    prop_assert!(lock.apply_update(&bytes).is_ok());
                    model.counter += 1;
                    model.last_trusted = Some(model.last_trusted.map_or(now, |l| l.max(now)));
                    applied.push(bytes);
                }
                Step::Replay => {
                    let before = encode(&lock);
                    if let Some(old) = applied.first() {
                        let refused = matches!(lock.apply_update(old), Err(UpdateError::Stale { .. }));
                        prop_assert!(refused);
                    }
                    prop_assert_eq!(encode(&lock), before);
                }
                Step::Reboot => {
                    let bytes = encode(&lock);
                    lock = Lock::restore(key(), &bytes).unwrap();
                    prop_assert_eq!(encode(&lock), bytes);
                }
            }
        }
    }
}
