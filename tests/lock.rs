//! The lock-side verifier: every rule with hand-derived instants (SPEC.md, "Lock verifier").
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    missing_docs
)]

use doorcode::civil::LocalDate;
use doorcode::code::{CodeLength, Digits};
use doorcode::daily::{DailyKind, issue_daily};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
use doorcode::lock::*;
use doorcode::schedule::{DayMask, Grant, Schedule, ScheduleDenial, TimeRange, Window};

/// 2026-11-22T00:00:00Z (a Sunday).
const MIDNIGHT: i64 = 1_795_305_600;
/// 2026-11-22T09:00:00Z.
const NINE: i64 = MIDNIGHT + 9 * 3600;
const KEY: [u8; 32] = [0x42; 32];

fn door() -> DoorId {
    DoorId::new(b"lobby").unwrap()
}
fn key() -> DoorKey {
    DoorKey::from_bytes(&KEY).unwrap()
}
fn date(text: &str) -> LocalDate {
    text.parse().unwrap()
}
fn code(issuer: u32, day: &str, kind: DailyKind, slot: u32) -> String {
    issue_daily(
        &key(),
        door(),
        IssuerId(issuer),
        Epoch(0),
        Default::default(),
        date(day),
        kind,
        slot,
    )
    .unwrap()
    .to_string()
}
fn daily(slot: u32) -> String {
    code(0, "2026-11-22", DailyKind::Daily, slot)
}
fn single(slot: u32) -> String {
    code(0, "2026-11-22", DailyKind::SingleUse, slot)
}
fn tag(text: &str) -> [u8; 32] {
    permanent_tag(
        &key(),
        &door(),
        &Digits::parse(text, CodeLength::SEVEN).unwrap(),
    )
}
/// An entry of the right length that no code of the tests' keys accepts.
const WRONG: &str = "0000000";

fn lock() -> DefaultLock {
    DefaultLock::new(key(), LockConfig::new(door())).unwrap()
}
fn state<const P: usize, const U: usize, const I: usize>(lock: &LockVerifier<P, U, I>) -> Vec<u8> {
    let mut out = vec![0u8; LockVerifier::<P, U, I>::MAX_STATE_LEN];
    let len = lock.encode_state(&mut out).unwrap();
    out.truncate(len);
    out
}
fn accept<const P: usize, const U: usize, const I: usize>(
    lock: &mut LockVerifier<P, U, I>,
    input: &str,
    at: i64,
) -> Event {
    let (answer, event) = lock.keypress(input, Clock::Set(at));
    assert_eq!(answer, KeypadAnswer::Accept, "{input} at {at}: {event:?}");
    event
}
fn rejected<const P: usize, const U: usize, const I: usize>(
    lock: &mut LockVerifier<P, U, I>,
    input: &str,
    at: i64,
) -> Event {
    let (answer, event) = lock.keypress(input, Clock::Set(at));
    assert_eq!(answer, KeypadAnswer::Reject, "{input} at {at}: {event:?}");
    event
}

#[test]
fn wrong_entry_is_rejected() {
    assert_ne!(daily(0), WRONG);
    let mut lock = lock();
    assert_eq!(
        rejected(&mut lock, WRONG, NINE).reason,
        Some(RejectReason::NoMatch)
    );
    assert!(matches!(
        rejected(&mut lock, "12", NINE).reason,
        Some(RejectReason::Malformed(_))
    ));
    let event = accept(&mut lock, &daily(3), NINE);
    match event.matched {
        Some(Matched::Daily(accepted)) => {
            assert_eq!((accepted.slot, accepted.kind), (3, DailyKind::Daily));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(lock.last_trusted(), Some(NINE));
}

#[test]
fn unset_clock_rejects_everything_and_counts_nothing() {
    let mut lock = lock();
    for _ in 0..10 {
        let (answer, event) = lock.keypress(&daily(3), Clock::Unset);
        assert_eq!(answer, KeypadAnswer::Reject);
        assert_eq!(event.reason, Some(RejectReason::ClockUnset));
        assert_eq!(event.at, None);
    }
    assert_eq!(lock.throttle_state(), ThrottleState::default());
    accept(&mut lock, &daily(3), NINE);
}

#[test]
fn single_use_works_for_fifteen_minutes_from_first_use() {
    let mut lock = lock();
    let code = single(7);
    let first = accept(&mut lock, &code, NINE);
    assert!(matches!(
        first.matched,
        Some(Matched::Daily(a)) if a.kind == DailyKind::SingleUse && a.slot == 7
    ));
    accept(&mut lock, &code, NINE + 15 * 60 - 1);
    let event = rejected(&mut lock, &code, NINE + 15 * 60);
    assert_eq!(
        event.reason,
        Some(RejectReason::SingleUseExpired { first_use: NINE })
    );
    // For the rest of its validity (until 00:15 the next day with the default grace).
    let event = rejected(&mut lock, &code, MIDNIGHT + 86_400 + 899);
    assert_eq!(
        event.reason,
        Some(RejectReason::SingleUseExpired { first_use: NINE })
    );
    // Other single-use slots are independent.
    accept(&mut lock, &single(8), NINE + 3600);
    assert_eq!(lock.used_records().len(), 2);
}

#[test]
fn single_use_window_is_configurable() {
    let mut config = LockConfig::<64>::new(door());
    config.single_use_minutes = 1;
    let mut lock = DefaultLock::new(key(), config).unwrap();
    accept(&mut lock, &single(1), NINE);
    accept(&mut lock, &single(1), NINE + 59);
    rejected(&mut lock, &single(1), NINE + 60);
}

type TinyLock = LockVerifier<2, 2, 1>;

fn tiny() -> TinyLock {
    TinyLock::new(key(), LockConfig::new(door())).unwrap()
}

#[test]
fn full_single_use_table_refuses_new_codes_and_never_forgets_a_live_one() {
    // No lockout during the test (expired single-use codes count as wrong entries).
    let mut config = LockConfig::<2>::new(door());
    config.throttle.limit = 255;
    let mut lock = TinyLock::new(key(), config).unwrap();
    accept(&mut lock, &single(0), NINE);
    accept(&mut lock, &single(1), NINE + 60);
    // Full, and both records' codes may still be valid: a new single-use code is refused.
    let event = rejected(&mut lock, &single(2), NINE + 120);
    assert_eq!(event.reason, Some(RejectReason::SingleUseTableFull));
    // Refusals for lack of room are not wrong entries.
    assert_eq!(lock.throttle_state().wrong, 0);
    // Many attempts to push them out never re-enable them.
    for slot in 2..20 {
        rejected(&mut lock, &single(slot), NINE + 200 + i64::from(slot));
        for used in [0, 1] {
            let event = rejected(&mut lock, &single(used), NINE + 3600);
            assert!(matches!(
                event.reason,
                Some(RejectReason::SingleUseExpired { .. })
            ));
        }
    }
    // Daily codes still work.
    accept(&mut lock, &daily(0), NINE + 3600);
}

#[test]
fn single_use_records_are_evicted_only_once_their_code_is_dead() {
    let mut lock = tiny();
    accept(&mut lock, &single(0), NINE);
    accept(&mut lock, &single(1), NINE + 60);
    let record = lock.used_records()[0];
    // midnight + 24 h + 24:59:59 (largest offset) + 6 h (largest grace).
    assert_eq!(record.dead_after(), MIDNIGHT + 86_400 + 89_999 + 21_600);
    // Eviction needs every acceptable clock past dead_after: now - 1 h (largest tolerance).
    let earliest = record.dead_after() + 3600;
    let later = |slot| code(0, "2026-11-24", DailyKind::SingleUse, slot);
    let event = rejected(&mut lock, &later(0), earliest - 1);
    assert_eq!(event.reason, Some(RejectReason::SingleUseTableFull));
    accept(&mut lock, &later(0), earliest);
    assert_eq!(lock.used_records()[0].date, date("2026-11-24"));
    accept(&mut lock, &later(1), earliest + 1);
    // The remaining old record is gone too; the new ones are live.
    let event = rejected(&mut lock, &later(2), earliest + 2);
    assert_eq!(event.reason, Some(RejectReason::SingleUseTableFull));
}

#[test]
fn five_wrong_entries_lock_the_keypad_and_lockouts_double() {
    let mut lock = lock();
    let good = daily(1);
    let mut t = NINE;
    for (round, seconds) in [60, 120, 240, 480].into_iter().enumerate() {
        for attempt in 1..=5 {
            let event = rejected(&mut lock, WRONG, t);
            if attempt < 5 {
                assert_eq!(event.lockout_until, None);
            } else {
                assert_eq!(event.lockout_until, Some(t + seconds), "round {round}");
            }
        }
        // While locked out nothing is evaluated, not even a good code.
        let event = rejected(&mut lock, &good, t + seconds - 1);
        assert_eq!(
            event.reason,
            Some(RejectReason::LockedOut { until: t + seconds })
        );
        assert_eq!(event.matched, None);
        t += seconds;
    }
    assert_eq!(lock.throttle_state().wrong, 20);
    // A success forgives nothing (else a valid code would reset a guesser's count): the next
    // five wrong entries start the fifth level's lockout, 60 x 2^4 s.
    accept(&mut lock, &good, t);
    assert_eq!(lock.throttle_state().wrong, 20);
    for _ in 0..5 {
        rejected(&mut lock, WRONG, t);
    }
    assert_eq!(lock.throttle_state().locked_until, Some(t + 960));
}

#[test]
fn quiet_time_forgives_one_wrong_entry_per_step() {
    let mut lock = lock();
    let step = 17_280; // 86,400 / 5
    for _ in 0..5 {
        rejected(&mut lock, WRONG, NINE);
    }
    let end = NINE + 60;
    assert_eq!(lock.throttle_state().forgive_from, Some(end));
    // Forgiveness runs from the end of the lockout: one step later one entry is forgiven, and
    // the remainder of a partial step is kept.
    accept(&mut lock, &daily(0), end + step - 1);
    assert_eq!(lock.throttle_state().wrong, 5);
    accept(&mut lock, &daily(0), end + 2 * step + 100);
    let state = lock.throttle_state();
    assert_eq!((state.wrong, state.forgive_from), (3, Some(end + 2 * step)));
    // One more step forgives a fourth; three wrong entries bring the count back to 5: a
    // first-level lockout again.
    let t = end + 3 * step;
    assert_eq!(rejected(&mut lock, WRONG, t).lockout_until, None);
    assert_eq!(rejected(&mut lock, WRONG, t).lockout_until, None);
    assert_eq!(rejected(&mut lock, WRONG, t).lockout_until, Some(t + 60));
    // A quiet day forgives all five.
    accept(
        &mut lock,
        &code(0, "2026-11-23", DailyKind::Daily, 0),
        t + 60 + 5 * step,
    );
    assert_eq!(lock.throttle_state().wrong, 0);
    assert_eq!(lock.throttle_state().forgive_from, None);
}

#[test]
fn a_resident_mistyping_a_few_times_a_day_is_never_locked_out() {
    let mut lock = lock();
    // Two mistakes every morning and two every evening (12 h apart), for 30 days.
    for day in 0..30i64 {
        let morning = NINE + day * 86_400;
        let today = LocalDate::from_days_since_epoch(20_779 + i32::try_from(day).unwrap())
            .unwrap()
            .to_string();
        for t in [morning, morning + 12 * 3600] {
            assert_eq!(rejected(&mut lock, WRONG, t).lockout_until, None);
            assert_eq!(rejected(&mut lock, WRONG, t + 5).lockout_until, None);
            accept(&mut lock, &code(0, &today, DailyKind::Daily, 0), t + 10);
        }
    }
}

#[test]
fn lockouts_are_capped_and_forgiven_step_by_step() {
    let mut config = LockConfig::<64>::new(door());
    config.throttle = ThrottleConfig {
        limit: 1,
        base_seconds: 100,
        cap_seconds: 300,
        quiet_seconds: 1000,
    };
    let mut lock = DefaultLock::new(key(), config).unwrap();
    let mut t = NINE;
    for seconds in [100, 200, 300, 300] {
        assert_eq!(
            rejected(&mut lock, WRONG, t).lockout_until,
            Some(t + seconds)
        );
        t += seconds;
    }
    // At the cap the count stays on the cap level's threshold (2 entries outstanding).
    assert_eq!(lock.throttle_state().wrong, 2);
    // Quiet for 1000 s (quiet / limit) forgives one entry: the next lockout is level 2's.
    t += 1000;
    assert_eq!(rejected(&mut lock, WRONG, t).lockout_until, Some(t + 200));
    // 2000 s forgive both: level 1 again.
    t += 200 + 2000;
    assert_eq!(rejected(&mut lock, WRONG, t).lockout_until, Some(t + 100));
}

#[test]
fn wrong_entries_of_every_type_count() {
    let mut config = LockConfig::<64>::new(door());
    let expired = "1357913";
    config
        .push_entry(PermanentEntry {
            tag: tag(expired),
            person: 9,
            grant: Grant::new(0, NINE).unwrap(),
            schedule: None,
        })
        .unwrap();
    let mut lock = DefaultLock::new(key(), config).unwrap();
    accept(&mut lock, &single(0), NINE - 3600);
    rejected(&mut lock, WRONG, NINE);
    rejected(&mut lock, "1", NINE);
    rejected(&mut lock, expired, NINE);
    rejected(&mut lock, &single(0), NINE);
    assert_eq!(lock.throttle_state().wrong, 4);
    let event = rejected(&mut lock, &code(0, "2026-11-20", DailyKind::Daily, 0), NINE);
    assert_eq!(event.lockout_until, Some(NINE + 60));
}

#[test]
fn clock_rolled_back_beyond_tolerance_is_refused() {
    let mut lock = lock();
    accept(&mut lock, &daily(0), NINE);
    let event = rejected(&mut lock, &daily(0), NINE - 301);
    assert_eq!(
        event.reason,
        Some(RejectReason::ClockRolledBack { last_trusted: NINE })
    );
    assert_eq!(lock.throttle_state().wrong, 0);
    accept(&mut lock, &daily(0), NINE - 300);
    assert_eq!(lock.last_trusted(), Some(NINE));
}

fn permanent_lock() -> DefaultLock {
    let mut config = LockConfig::<64>::new(door());
    let office = config
        .push_schedule(
            Schedule::from_windows(&[Window::new(
                DayMask::WEEKDAYS,
                TimeRange::new(8 * 60, 18 * 60).unwrap(),
            )])
            .unwrap(),
        )
        .unwrap();
    for (text, person, grant, schedule) in [
        ("2468013", 1, Grant::ALWAYS, None),
        ("1111111", 2, Grant::new(NINE, NINE + 3600).unwrap(), None),
        ("2222222", 3, Grant::ALWAYS, Some(office)),
    ] {
        config
            .push_entry(PermanentEntry {
                tag: tag(text),
                person,
                grant,
                schedule,
            })
            .unwrap();
    }
    DefaultLock::new(key(), config).unwrap()
}

#[test]
fn permanent_codes_with_grants_and_schedules() {
    let mut lock = permanent_lock();
    let event = accept(&mut lock, "246-8013", NINE);
    assert_eq!(
        event.matched,
        Some(Matched::Permanent {
            index: 0,
            person: 1
        })
    );
    let leased = Some(Matched::Permanent {
        index: 1,
        person: 2,
    });
    let event = rejected(&mut lock, "1111111", NINE - 1);
    assert_eq!(
        (event.reason, event.matched),
        (Some(RejectReason::NotYetValid), leased)
    );
    accept(&mut lock, "1111111", NINE);
    accept(&mut lock, "1111111", NINE + 3599);
    let event = rejected(&mut lock, "1111111", NINE + 3600);
    assert_eq!(event.reason, Some(RejectReason::Expired));
    // 2026-11-22 is a Sunday; Monday 2026-11-23 09:00Z is inside 08:00-18:00 weekdays (UTC).
    let event = rejected(&mut lock, "2222222", NINE + 3600);
    assert_eq!(
        event.reason,
        Some(RejectReason::OutsideSchedule(
            ScheduleDenial::OutsideWindows
        ))
    );
    accept(&mut lock, "2222222", NINE + 86_400);
    // Permanent codes need a set clock too.
    let (_, event) = lock.keypress("2468013", Clock::Unset);
    assert_eq!(event.reason, Some(RejectReason::ClockUnset));
    // Another door's table key gives other tags.
    assert_ne!(
        tag("2468013"),
        permanent_tag(
            &key(),
            &DoorId::new(b"gym").unwrap(),
            &Digits::parse("2468013", CodeLength::SEVEN).unwrap()
        )
    );
}

#[test]
fn config_floors_are_enforced() {
    let mut config = LockConfig::<64>::new(door());
    config.throttle.limit = 0;
    assert_eq!(
        DefaultLock::new(key(), config.clone()).err(),
        Some(ConfigError::ThrottleLimitZero)
    );
    config.throttle.limit = 5;
    config.throttle.base_seconds = 0;
    assert_eq!(
        DefaultLock::new(key(), config.clone()).err(),
        Some(ConfigError::DisableTimeZero)
    );
    config.throttle.base_seconds = 60;
    config.single_use_minutes = 0;
    assert_eq!(
        DefaultLock::new(key(), config.clone()).err(),
        Some(ConfigError::SingleUseWindowOutOfRange)
    );
    config.single_use_minutes = 15;
    config
        .set_issuers(&[(IssuerId(0), Epoch(0)), (IssuerId(1), Epoch(0))])
        .unwrap();
    assert!(matches!(
        TinyLock::new(key(), LockConfig::<2>::new(door())).map(|_| ()),
        Ok(())
    ));
    let mut two = LockConfig::<2>::new(door());
    two.set_issuers(config.issuers()).unwrap();
    assert_eq!(
        TinyLock::new(key(), two).err(),
        Some(ConfigError::TooManyIssuers {
            count: 2,
            capacity: 1
        })
    );
    let mut duplicate = LockConfig::<64>::new(door());
    for _ in 0..2 {
        duplicate
            .push_entry(PermanentEntry {
                tag: tag("2468013"),
                person: 1,
                grant: Grant::ALWAYS,
                schedule: None,
            })
            .unwrap();
    }
    assert_eq!(
        DefaultLock::new(key(), duplicate).err(),
        Some(ConfigError::DuplicateTag { entry: 1 })
    );
}

fn update(counter: u64, config: &LockConfig<64>) -> Vec<u8> {
    let mut out = vec![0u8; max_update_len(64)];
    let len = build_update(&key(), counter, NINE, config, &mut out).unwrap();
    out.truncate(len);
    out
}

#[test]
fn updates_are_authenticated_ordered_and_atomic() {
    let mut lock = lock();
    accept(&mut lock, &code(0, "2026-11-22", DailyKind::Daily, 0), NINE);
    let partner = code(5, "2026-11-22", DailyKind::Daily, 0);
    assert_eq!(
        rejected(&mut lock, &partner, NINE).reason,
        Some(RejectReason::NoMatch)
    );

    // Update 1: enable partner 5 and a permanent code.
    let mut config = LockConfig::<64>::new(door());
    config
        .set_issuers(&[(IssuerId(0), Epoch(0)), (IssuerId(5), Epoch(0))])
        .unwrap();
    config
        .push_entry(PermanentEntry {
            tag: tag("2468013"),
            person: 1,
            grant: Grant::ALWAYS,
            schedule: None,
        })
        .unwrap();
    let first = update(1, &config);
    let summary = lock.apply_update(&first).unwrap();
    assert_eq!(
        summary,
        UpdateSummary {
            counter: 1,
            issuers: 2,
            entries: 1,
            schedules: 0
        }
    );
    accept(&mut lock, &partner, NINE + 1);
    accept(&mut lock, "2468013", NINE + 1);

    // Update 2: partner 5 removed: its codes stop at once.
    let mut removed = LockConfig::<64>::new(door());
    removed.set_issuers(&[(IssuerId(0), Epoch(0))]).unwrap();
    let second = update(2, &removed);
    lock.apply_update(&second).unwrap();
    assert_eq!(
        rejected(&mut lock, &partner, NINE + 2).reason,
        Some(RejectReason::NoMatch)
    );
    rejected(&mut lock, "2468013", NINE + 2);

    let before = state(&lock);
    // Replayed and older updates.
    assert_eq!(
        lock.apply_update(&second),
        Err(UpdateError::Stale {
            counter: 2,
            last: 2
        })
    );
    assert_eq!(
        lock.apply_update(&first),
        Err(UpdateError::Stale {
            counter: 1,
            last: 2
        })
    );
    // Forged: any flipped bit, or another door key.
    let third = update(3, &config);
    for position in [0usize, 5, 20, third.len() / 2, third.len() - 1] {
        let mut forged = third.clone();
        forged[position] ^= 0x01;
        assert!(lock.apply_update(&forged).is_err(), "byte {position}");
    }
    let mut other = vec![0u8; max_update_len(64)];
    let len = build_update(
        &DoorKey::from_bytes(&[1; 32]).unwrap(),
        3,
        NINE,
        &config,
        &mut other,
    )
    .unwrap();
    assert_eq!(lock.apply_update(&other[..len]), Err(UpdateError::Forged));
    assert_eq!(
        lock.apply_update(&third[..third.len() - 1]),
        Err(UpdateError::Malformed(FormatError::Truncated))
    );
    assert_eq!(
        lock.apply_update(&[]),
        Err(UpdateError::Malformed(FormatError::Truncated))
    );
    assert_eq!(state(&lock), before, "a refused update changed the state");
    lock.apply_update(&third).unwrap();
    assert_eq!(lock.update_counter(), 3);
}

#[test]
fn update_for_another_door_is_refused() {
    let mut lock = lock();
    let mut other = vec![0u8; max_update_len(64)];
    let config = LockConfig::<64>::new(DoorId::new(b"gym").unwrap());
    let len = build_update(&key(), 1, NINE, &config, &mut other).unwrap();
    // The update key is bound to the door id, so the tag already fails.
    assert_eq!(lock.apply_update(&other[..len]), Err(UpdateError::Forged));
}

#[test]
fn state_survives_a_reboot_exactly() {
    let mut lock = lock();
    accept(&mut lock, &single(4), NINE);
    for _ in 0..5 {
        rejected(&mut lock, WRONG, NINE + 10);
    }
    rejected(&mut lock, WRONG, NINE + 70); // after the 60 s lockout: 1 wrong of the next round
    let bytes = state(&lock);
    assert!(bytes.len() <= DefaultLock::MAX_STATE_LEN);
    let mut rebooted = DefaultLock::restore(key(), &bytes).unwrap();
    assert_eq!(state(&rebooted), bytes);
    assert_eq!(rebooted.throttle_state(), lock.throttle_state());
    assert_eq!(rebooted.used_records(), lock.used_records());
    // The lockout streak continues: 4 more wrong entries give a 120 s lockout.
    for _ in 0..3 {
        rejected(&mut rebooted, WRONG, NINE + 80);
    }
    assert_eq!(
        rejected(&mut rebooted, WRONG, NINE + 80).lockout_until,
        Some(NINE + 200)
    );
    // The single-use code keeps its first use.
    accept(&mut rebooted, &single(4), NINE + 899);
    assert_eq!(
        rejected(&mut rebooted, &single(4), NINE + 900).reason,
        Some(RejectReason::SingleUseExpired { first_use: NINE })
    );
}

#[test]
fn state_keeps_the_last_update() {
    let mut lock = lock();
    let mut config = LockConfig::<64>::new(door());
    config.single_use_minutes = 5;
    lock.apply_update(&update(7, &config)).unwrap();
    let rebooted = DefaultLock::restore(key(), &state(&lock)).unwrap();
    assert_eq!(rebooted.update_counter(), 7);
    assert_eq!(rebooted.config().single_use_minutes, 5);
    assert_eq!(rebooted.last_trusted(), Some(NINE));
}

#[test]
fn every_bit_flip_and_truncation_of_the_state_is_refused() {
    let mut lock = tiny();
    accept(&mut lock, &single(0), NINE);
    rejected(&mut lock, WRONG, NINE + 1);
    let bytes = state(&lock);
    for position in 0..bytes.len() {
        for bit in 0..8 {
            let mut flipped = bytes.clone();
            flipped[position] ^= 1 << bit;
            let error = TinyLock::restore(key(), &flipped).err();
            assert!(error.is_some(), "byte {position} bit {bit}");
        }
    }
    for len in 0..bytes.len() {
        assert!(
            TinyLock::restore(key(), &bytes[..len]).is_err(),
            "length {len}"
        );
    }
    assert_eq!(
        TinyLock::restore(key(), &bytes[..bytes.len() - 1]).err(),
        Some(StateError::Truncated)
    );
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        TinyLock::restore(key(), &longer).err(),
        Some(StateError::TrailingBytes)
    );
    assert_eq!(bytes[0], 0x02);
    // Version 0x01 (the count-and-streak throttle) is not read by this build, nor is 0x03.
    for unknown in [0x01, 0x03] {
        let mut version = bytes.clone();
        version[0] = unknown;
        assert_eq!(
            TinyLock::restore(key(), &version).err(),
            Some(StateError::UnknownVersion(unknown))
        );
    }
    let mut tampered = bytes.clone();
    tampered[10] ^= 0x80;
    assert_eq!(
        TinyLock::restore(key(), &tampered).err(),
        Some(StateError::Tampered)
    );
    assert_eq!(
        TinyLock::restore(DoorKey::from_bytes(&[1; 32]).unwrap(), &bytes).err(),
        Some(StateError::Tampered)
    );
    // A state with more records than this build holds is refused, not truncated.
    let mut big = LockVerifier::<2, 3, 1>::new(key(), LockConfig::new(door())).unwrap();
    for slot in 0..3 {
        accept(&mut big, &single(slot), NINE);
    }
    assert!(matches!(
        TinyLock::restore(key(), &state(&big)).err(),
        Some(StateError::OutOfRange(FormatError::OutOfRange))
    ));
}

#[test]
fn sizes_of_the_default_capacities() {
    let verifier = core::mem::size_of::<DefaultLock>();
    let config = core::mem::size_of::<LockConfig<64>>();
    println!(
        "size_of::<DefaultLock>() = {verifier} bytes, LockConfig<64> = {config}, \
         MAX_STATE_LEN = {}, max_update_len(64) = {}",
        DefaultLock::MAX_STATE_LEN,
        max_update_len(64)
    );
    assert!(verifier < 16 * 1024);
    // The byte counts of SPEC.md's "Sizes" paragraph: the default configuration is 65 bytes.
    assert_eq!(update(1, &LockConfig::new(door())).len(), 118);
    assert_eq!(state(&lock()).len(), 139);
    let mut used = lock();
    accept(&mut used, &single(0), NINE);
    assert_eq!(state(&used).len(), 139 + RECORD_LEN);
    // Including the credential extension (SPEC.md 16.6): 138 and 130 bytes.
    assert_eq!(DefaultLock::MAX_STATE_LEN, 6441 + 138);
    assert_eq!(max_update_len(64), 5652 + 130);
}

#[test]
fn an_update_lowering_the_limit_keeps_the_state_restorable() {
    // Found by fuzz/lock_update: 3 wrong entries, then an update with a lower ceiling (limit
    // 2, no level below the cap: at most 1 outstanding entry).
    let mut lock = lock();
    for _ in 0..3 {
        rejected(&mut lock, WRONG, NINE);
    }
    let mut config = LockConfig::<64>::new(door());
    config.throttle.limit = 2;
    config.throttle.cap_seconds = 60;
    config.throttle.quiet_seconds = 60;
    lock.apply_update(&update(1, &config)).unwrap();
    assert_eq!(lock.throttle_state().wrong, 1);
    let mut rebooted = DefaultLock::restore(key(), &state(&lock)).unwrap();
    // The next wrong entry starts a (cap) lockout.
    assert_eq!(
        rejected(&mut rebooted, WRONG, NINE + 1).lockout_until,
        Some(NINE + 61)
    );
    assert_eq!(rebooted.throttle_state().wrong, 0);
}

#[test]
fn denied_persons_lose_their_permanent_codes() {
    let mut lock = permanent_lock();
    accept(&mut lock, "2468013", NINE);
    let mut config = lock.config().clone();
    config.deny_person(1).unwrap();
    lock.apply_update(&update(1, &config)).unwrap();
    let event = rejected(&mut lock, "2468013", NINE + 1);
    assert_eq!(
        (event.reason, event.matched),
        (
            Some(RejectReason::PersonDenied),
            Some(Matched::Permanent {
                index: 0,
                person: 1
            })
        )
    );
    // Others keep theirs, and the deny-list survives a reboot.
    accept(&mut lock, "1111111", NINE + 2);
    let mut rebooted = DefaultLock::restore(key(), &state(&lock)).unwrap();
    assert_eq!(rebooted.config().denied_persons(), &[1]);
    rejected(&mut rebooted, "2468013", NINE + 3);
    for person in 2..=16 {
        config.deny_person(person).unwrap();
    }
    assert_eq!(config.deny_person(99), Err(ConfigError::TooManyDenied));
}

#[test]
fn permanent_codes_count_towards_the_odds_ceiling() {
    use doorcode::odds::{AboveCeiling, GuessOdds};
    // 6 digits, 25 + 25 slots, no grace: 50 / 10^6 from daily codes; the ceiling is 100 / 10^6,
    // so 50 permanent codes fit and the 51st does not (SPEC 14.7).
    let mut config = LockConfig::<64>::new(door());
    config.policy.length = CodeLength::new(6).unwrap();
    config.policy.daily_slots = 25;
    config.policy.single_use_slots = 25;
    config.policy.grace_seconds = 0;
    for n in 0..50u32 {
        let code = Digits::parse(&format!("{:06}", 100_000 + n), config.policy.length).unwrap();
        config
            .push_entry(PermanentEntry {
                tag: permanent_tag(&key(), &door(), &code),
                person: u64::from(n),
                grant: Grant::ALWAYS,
                schedule: None,
            })
            .unwrap();
    }
    assert_eq!(
        config.worst_case_odds(),
        GuessOdds {
            accepted: 100,
            space: 1_000_000
        }
    );
    assert_eq!(config.validate(), Ok(()));
    let code = Digits::parse("200000", config.policy.length).unwrap();
    config
        .push_entry(PermanentEntry {
            tag: permanent_tag(&key(), &door(), &code),
            person: 50,
            grant: Grant::ALWAYS,
            schedule: None,
        })
        .unwrap();
    let above = ConfigError::OddsAboveCeiling(AboveCeiling(GuessOdds {
        accepted: 101,
        space: 1_000_000,
    }));
    assert_eq!(config.validate(), Err(above));
    assert!(matches!(
        DefaultLock::new(key(), config.clone()),
        Err(error) if error == above
    ));
    let mut out = vec![0u8; max_update_len(64)];
    assert_eq!(
        build_update(&key(), 1, NINE, &config, &mut out),
        Err(BuildError::Config(above))
    );
    // The default lock at full capacity: 400 + 64 per 10^7, below the ceiling.
    let mut full = LockConfig::<64>::new(door());
    for n in 0..64u32 {
        let code = Digits::parse(&format!("{:07}", 3_000_000 + n), CodeLength::SEVEN).unwrap();
        full.push_entry(PermanentEntry {
            tag: tag(code.to_string().as_str()),
            person: u64::from(n),
            grant: Grant::ALWAYS,
            schedule: None,
        })
        .unwrap();
    }
    assert_eq!(full.worst_case_odds().accepted, 464);
    assert_eq!(full.validate(), Ok(()));
}

#[test]
fn lockouts_escalate_to_the_cap_and_the_count_stays_bounded() {
    let mut lock = lock();
    let mut t = NINE;
    // Levels 1..=11: 60 s x 2^(level-1), all below the 24 h cap; level 12 and beyond: 24 h, and
    // the count returns to 55 (5 x 11), so it never exceeds max_outstanding = 59.
    for level in 1..=15u32 {
        for attempt in 1..=5 {
            let event = rejected(&mut lock, WRONG, t);
            if attempt < 5 {
                assert_eq!(event.lockout_until, None, "level {level}");
            } else {
                let seconds = if level <= 11 {
                    60i64 << (level - 1)
                } else {
                    86_400
                };
                assert_eq!(event.lockout_until, Some(t + seconds), "level {level}");
                t += seconds;
            }
            assert!(lock.throttle_state().wrong <= 59);
        }
        let expected = if level <= 11 { 5 * level } else { 55 };
        assert_eq!(
            u32::from(lock.throttle_state().wrong),
            expected,
            "level {level}"
        );
    }
    assert_eq!(ThrottleConfig::default().max_outstanding(), 59);
}

/// SPEC.md 15.7: an update clamps the outstanding wrong entries to `max_outstanding` of the new
/// throttle (`l (K + 1) - 1`), not to `limit - 1`, and keeps the anchor and the lockout end.
#[test]
fn an_update_clamps_outstanding_wrong_entries_to_the_new_maximum() {
    let mut lock = lock();
    // Default throttle: the fifth wrong entry (at NINE + 4) locks out for 60 s.
    for t in NINE..NINE + 5 {
        rejected(&mut lock, WRONG, t);
    }
    assert_eq!(lock.throttle_state().locked_until, Some(NINE + 64));
    rejected(&mut lock, WRONG, NINE + 70);
    rejected(&mut lock, WRONG, NINE + 71);
    assert_eq!(lock.throttle_state().wrong, 7);
    // New throttle: l = 3, base 60, cap = quiet = 120, so K = 1 (60 < 120, 120 is not) and
    // max_outstanding = 3 x 2 - 1 = 5; f = ceil(120 / 3) = 40 s.
    let mut config = LockConfig::<64>::new(door());
    config.throttle = ThrottleConfig {
        limit: 3,
        base_seconds: 60,
        cap_seconds: 120,
        quiet_seconds: 120,
    };
    assert_eq!(config.throttle.max_outstanding(), 5);
    lock.apply_update(&update(1, &config)).unwrap();
    let state = lock.throttle_state();
    assert_eq!(state.wrong, 5);
    assert_eq!(state.forgive_from, Some(NINE + 71));
    assert_eq!(state.locked_until, Some(NINE + 64));
    // At NINE + 80 nothing is forgiven (9 s < 40 s); w = 6 is a multiple of 3: level 2 > K, a
    // lockout at the cap of 120 s, and w returns to l K = 3. (Clamped to limit - 1 = 2, the
    // entry would have made w = 3: a level-1 lockout of 60 s.)
    let event = rejected(&mut lock, WRONG, NINE + 80);
    assert_eq!(event.lockout_until, Some(NINE + 200));
    assert_eq!(lock.throttle_state().wrong, 3);
}

/// SPEC.md 15.8 "Sizes" and 16.6: the first challenge adds the 10-byte state extension
/// (0x43, the counter as u64be, a credential count of 0) before the tag.
#[test]
fn the_first_challenge_adds_the_state_extension() {
    let mut lock = lock();
    assert_eq!(state(&lock).len(), 139);
    lock.challenge(&[], Clock::Set(NINE)).unwrap();
    let bytes = state(&lock);
    assert_eq!(bytes.len(), 149);
    assert_eq!(
        bytes[149 - 32 - 10..149 - 32],
        [0x43, 0, 0, 0, 0, 0, 0, 0, 1, 0]
    );
    assert_eq!(u32::from_be_bytes(bytes[1..5].try_into().unwrap()), 149);
}
