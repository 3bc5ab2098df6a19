//! `doorcode_lock_test.json`: the lock verifier (SPEC section 15).
//!
//! Update and state bytes are written here field by field from SPEC 15.7 and 15.8 with the
//! low-level primitives only (HKDF for the keys of 15.3, HMAC for the tags), then compared with
//! `build_update` and `encode_state`. Refused inputs are made from those bytes by one documented
//! change each, so the error is known before the library runs. Scenario answers are derived by
//! hand from the rules of 15.5 and 15.6 and the instants chosen below; the generator then replays
//! every step through `LockVerifier` and fails if any answer differs.

// Instants here are small offsets from a fixed 2026 instant: no arithmetic can overflow.
#![allow(clippy::arithmetic_side_effects)]

use std::collections::HashSet;

use doorcode::code::{CodeLength, Digits};
use doorcode::daily::{DailyKind, issue_daily};
use doorcode::kdf;
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
use doorcode::lock::{
    Clock, DefaultLock, Event, FormatError, KeypadAnswer, LockConfig, Matched, PermanentEntry,
    RejectReason, StateError, UpdateError, build_update, max_update_len, permanent_tag,
};
use doorcode::schedule::{DayMask, Grant, Schedule, TimeRange, Window};
use doorcode::zone::Zone;
use serde_json::{Value, json};

use super::{FileBuilder, VectorFile, bug, date, labelled_info, overflow, pseudo_random};
use crate::error::CliError;
use crate::hex;

/// File name of the lock vectors.
pub const LOCK_FILE: &str = "doorcode_lock_test.json";

const HEADER: &[&str] = &[
    "Test vectors for the doorcode lock verifier, update version 1, state version 2 (SPEC.md section 15). Capacities: P = 64 permanent entries, U = 32 single-use records, I = 4 issuers (DefaultLock).",
    "UK = HKDF-Expand(doorKey, I(\"lock-update\", doorId), 32); SK = HKDF-Expand(doorKey, I(\"lock-state\"), 32); PTK = HKDF-Expand(doorKey, I(\"lock-permanent-table\", doorId), 32); I() as in doorcode_keys_test.json.",
    "update = 01 u32be(total) u64be(counter) i64be(issuedAt) config HMAC(UK, all bytes before it); state = 02 u32be(total) u64be(lastCounter) config dynamic HMAC(SK, all bytes before it) (SPEC 15.7, 15.8).",
    "A permanent entry's tag = HMAC(PTK, 01 || u8(digits) || the digits as ASCII); doorId is hex; config.entries give the code for reference, only its tag is in the bytes.",
    "LockUpdateTest: valid: build the update from the fields, it must equal 'update'; applying it to 'priorState' succeeds. invalid: applying 'update' to the lock restored from 'priorState' fails with 'error' and the encoded state stays 'priorState'.",
    "LockStateTest: valid: restoring 'state' succeeds and re-encodes to the same bytes, with the listed counters and records. invalid: restoring fails with 'error'.",
    "LockScenarioTest: restore 'priorState', apply 'update', then run the steps in order. action 'keypress' (or no action): call keypress(input, clock) (clock null = unset); the answer, reject reason (null when accepted), the reason's instant ('until', 'firstUse' or 'lastTrusted') and the end of a lockout the step started ('lockoutUntil') must match. action 'update': apply_update('update') must succeed when 'error' is null, else fail with 'error' and leave the state encoding unchanged. action 'reboot': replace the lock with restore(encode_state()).",
    "Error names: UpdateError Forged, Stale, WrongDoor, Malformed(Truncated|TrailingBytes|UnknownVersion); StateError Tampered, Truncated, UnknownVersion, TrailingBytes.",
];

const NOTES: &[(&str, &str)] = &[
    ("Factory", "The factory configuration of 15.2."),
    (
        "CustomConfig",
        "Non-default policy, throttling, window, tolerance and issuers, a permanent entry with a grant and a denied person.",
    ),
    (
        "Forged",
        "One bit of the tag flipped: the tag does not verify.",
    ),
    (
        "Stale",
        "The prior state has applied this counter already (a replay).",
    ),
    ("Truncated", "The last byte is missing (a torn write)."),
    (
        "TrailingByte",
        "One byte appended after the declared total.",
    ),
    (
        "UnknownVersion",
        "An update with version byte 0x02, or a state with version byte 0x01 (the earlier layout).",
    ),
    (
        "WrongDoor",
        "Signed with this door's update key but carrying another door id.",
    ),
    (
        "Tampered",
        "One bit flipped inside the configuration: the state tag does not verify.",
    ),
    (
        "StateWithRecords",
        "A state with a running lockout, outstanding wrong entries and single-use records.",
    ),
    (
        "Throttling",
        "Wrong entries up to the limit, LockedOut, lockout expiry, doubling, no reset on success, forgiveness one entry per quiet step.",
    ),
    (
        "SingleUse",
        "A single-use code: first use, again inside the window, SingleUseExpired after it.",
    ),
    ("ClockUnset", "A keypress with the clock unset."),
    (
        "ClockRolledBack",
        "A clock more than the tolerance behind the last trusted instant, and exactly at it.",
    ),
    (
        "SingleUseEviction",
        "A full single-use table: refusal while records may be valid, eviction of a dead record only, the evicted code stays rejected.",
    ),
    (
        "ScenarioUpdates",
        "Updates between keypresses: an epoch bump revokes codes; replayed, older, forged and wrong-door updates are refused with the state unchanged.",
    ),
    (
        "Reboot",
        "A reboot (encode, restore) inside a scenario: records and lockouts continue.",
    ),
    (
        "ScheduleDst",
        "A permanent code with a schedule at a door with daylight saving time, across the spring-forward gap.",
    ),
    (
        "PermanentGrant",
        "A permanent code before, inside (both edges) and after its grant; a denied person's code.",
    ),
];

/// 2026-11-22T09:00:00Z.
const T0: i64 = 1_795_338_000;
const DAY: &str = "2026-11-22";
const PERMANENT_CODE: &str = "4815162";
const DENIED_CODE: &str = "2718281";

fn door_key_bytes() -> Vec<u8> {
    pseudo_random("lock door key", 32)
}

fn door_key() -> Result<DoorKey, CliError> {
    DoorKey::from_bytes(&door_key_bytes()).map_err(|e| bug(format!("door key: {e}")))
}

fn door(text: &[u8]) -> Result<DoorId, CliError> {
    DoorId::new(text).map_err(|e| bug(format!("door id: {e}")))
}

fn expand(label: &[u8], fields: &[&[u8]]) -> Result<[u8; 32], CliError> {
    let mut out = [0u8; 32];
    kdf::hkdf_expand(
        &door_key_bytes(),
        &[&labelled_info(label, fields)?],
        &mut out,
    )
    .map_err(bug)?;
    Ok(out)
}

fn spec_tag(door_id: &[u8], code: &str) -> Result<[u8; 32], CliError> {
    let ptk = expand(b"lock-permanent-table", &[door_id])?;
    let len = u8::try_from(code.len()).map_err(|_| overflow())?;
    Ok(kdf::hmac_sha256(&ptk, &[&[1, len], code.as_bytes()]))
}

/// A configuration as the vectors describe it, encoded independently from SPEC 15.7.
#[derive(Clone)]
struct Cfg {
    door: Vec<u8>,
    digits: u8,
    daily: u32,
    single: u32,
    grace: u32,
    window: u16,
    limit: u8,
    base: u32,
    cap: u32,
    quiet: u32,
    tol: u32,
    issuers: Vec<(u32, u32)>,
    /// (code, person, not_before, not_after, schedule index)
    entries: Vec<(&'static str, u64, i64, i64, Option<u8>)>,
    denied: Vec<u64>,
    /// POSIX rule of the door's zone (`None`: UTC).
    zone: Option<&'static str>,
    /// Schedule encodings (SPEC 13.6).
    schedules: Vec<Vec<u8>>,
}

impl Cfg {
    fn factory(door: &[u8]) -> Self {
        Self {
            door: door.to_vec(),
            digits: 7,
            daily: 100,
            single: 100,
            grace: 900,
            window: 15,
            limit: 5,
            base: 60,
            cap: 86_400,
            quiet: 86_400,
            tol: 300,
            issuers: vec![(0, 0)],
            entries: Vec::new(),
            denied: Vec::new(),
            zone: None,
            schedules: Vec::new(),
        }
    }

    fn library_zone(&self) -> Result<Zone, CliError> {
        self.zone.map_or(Ok(Zone::UTC), |text| {
            Zone::posix(text).map_err(|e| bug(format!("zone: {e}")))
        })
    }

    /// The zone's encoding (SPEC 5.1.4, which has its own vectors).
    fn zone_bytes(&self) -> Result<Vec<u8>, CliError> {
        let zone = self.library_zone()?;
        let mut out = vec![0u8; zone.encoded_len()];
        let len = zone
            .encode(&mut out)
            .map_err(|e| bug(format!("zone: {e}")))?;
        out.truncate(len);
        Ok(out)
    }

    fn encode(&self) -> Result<Vec<u8>, CliError> {
        let mut b = Vec::new();
        b.push(u8::try_from(self.door.len()).map_err(|_| overflow())?);
        b.extend_from_slice(&self.door);
        b.push(self.digits);
        for v in [self.daily, self.single, self.grace] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        b.extend_from_slice(&self.window.to_be_bytes());
        b.push(self.limit);
        for v in [self.base, self.cap, self.quiet, self.tol] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        b.push(u8::try_from(self.issuers.len()).map_err(|_| overflow())?);
        for (id, epoch) in &self.issuers {
            b.extend_from_slice(&id.to_be_bytes());
            b.extend_from_slice(&epoch.to_be_bytes());
        }
        let zone = self.zone_bytes()?;
        b.extend_from_slice(
            &u16::try_from(zone.len())
                .map_err(|_| overflow())?
                .to_be_bytes(),
        );
        b.extend_from_slice(&zone);
        b.push(u8::try_from(self.schedules.len()).map_err(|_| overflow())?);
        for schedule in &self.schedules {
            b.extend_from_slice(
                &u16::try_from(schedule.len())
                    .map_err(|_| overflow())?
                    .to_be_bytes(),
            );
            b.extend_from_slice(schedule);
        }
        b.extend_from_slice(
            &u16::try_from(self.entries.len())
                .map_err(|_| overflow())?
                .to_be_bytes(),
        );
        for (code, person, not_before, not_after, schedule) in &self.entries {
            b.extend_from_slice(&spec_tag(&self.door, code)?);
            b.extend_from_slice(&person.to_be_bytes());
            b.extend_from_slice(&not_before.to_be_bytes());
            b.extend_from_slice(&not_after.to_be_bytes());
            b.push(schedule.unwrap_or(0xff));
        }
        b.push(u8::try_from(self.denied.len()).map_err(|_| overflow())?);
        for person in &self.denied {
            b.extend_from_slice(&person.to_be_bytes());
        }
        Ok(b)
    }

    fn library(&self) -> Result<LockConfig<64>, CliError> {
        let mut config = LockConfig::<64>::new(door(&self.door)?);
        config.policy = super::policy(self.digits, self.daily, self.single, self.grace)?;
        config.single_use_minutes = self.window;
        config.throttle.limit = self.limit;
        config.throttle.base_seconds = self.base;
        config.throttle.cap_seconds = self.cap;
        config.throttle.quiet_seconds = self.quiet;
        config.clock_tolerance_seconds = self.tol;
        let issuers: Vec<(IssuerId, Epoch)> = self
            .issuers
            .iter()
            .map(|&(id, epoch)| (IssuerId(id), Epoch(epoch)))
            .collect();
        config.set_issuers(&issuers).map_err(bug)?;
        config.zone = self.library_zone()?;
        for schedule in &self.schedules {
            config
                .push_schedule(Schedule::decode(schedule).map_err(bug)?)
                .map_err(bug)?;
        }
        for (code, person, not_before, not_after, schedule) in &self.entries {
            let digits = Digits::parse(code, CodeLength::SEVEN).map_err(bug)?;
            config
                .push_entry(PermanentEntry {
                    tag: permanent_tag(&door_key()?, &config.door, &digits),
                    person: *person,
                    grant: Grant::new(*not_before, *not_after).map_err(bug)?,
                    schedule: *schedule,
                })
                .map_err(bug)?;
        }
        for person in &self.denied {
            config.deny_person(*person).map_err(bug)?;
        }
        Ok(config)
    }

    fn json(&self) -> Value {
        json!({
            "doorId": hex::encode(&self.door),
            "digits": self.digits,
            "dailySlots": self.daily,
            "singleUseSlots": self.single,
            "graceSeconds": self.grace,
            "singleUseMinutes": self.window,
            "wrongCodeLimit": self.limit,
            "lockoutBaseSeconds": self.base,
            "lockoutCapSeconds": self.cap,
            "quietSeconds": self.quiet,
            "clockToleranceSeconds": self.tol,
            "issuers": self.issuers.iter().map(|(id, epoch)| json!({"issuer": id, "epoch": epoch})).collect::<Vec<_>>(),
            "zone": hex::encode(&self.zone_bytes().unwrap_or_default()),
            "schedules": self.schedules.iter().map(|s| hex::encode(s)).collect::<Vec<_>>(),
            "entries": self.entries.iter().map(|(code, person, nb, na, schedule)| json!({
                "code": code, "person": person, "notBefore": nb, "notAfter": na, "schedule": schedule,
            })).collect::<Vec<_>>(),
            "deniedPersons": self.denied,
        })
    }
}

/// `01 u32be(total) body HMAC(key, ..)`.
fn frame(key: &[u8], version: u8, body: &[u8]) -> Result<Vec<u8>, CliError> {
    let total = u32::try_from(body.len() + 5 + 32).map_err(|_| overflow())?;
    let mut out = vec![version];
    out.extend_from_slice(&total.to_be_bytes());
    out.extend_from_slice(body);
    let tag = kdf::hmac_sha256(key, &[&out]);
    out.extend_from_slice(&tag);
    Ok(out)
}

/// The update bytes from SPEC 15.7, tagged with `signing_door`'s update key.
fn spec_update(
    cfg: &Cfg,
    signing_door: &[u8],
    counter: u64,
    issued_at: i64,
) -> Result<Vec<u8>, CliError> {
    let mut body = counter.to_be_bytes().to_vec();
    body.extend_from_slice(&issued_at.to_be_bytes());
    body.extend_from_slice(&cfg.encode()?);
    frame(&expand(b"lock-update", &[signing_door])?, 1, &body)
}

/// The dynamic part of the state (SPEC 15.8).
#[derive(Clone, Default)]
struct Dynamic {
    last_trusted: Option<i64>,
    lockout_end: Option<i64>,
    forgive_from: Option<i64>,
    wrong: u16,
    /// (date, issuer, epoch, slot, first use)
    records: Vec<(&'static str, u32, u32, u32, i64)>,
}

fn spec_state(cfg: &Cfg, counter: u64, dynamic: &Dynamic) -> Result<Vec<u8>, CliError> {
    let mut body = counter.to_be_bytes().to_vec();
    body.extend_from_slice(&cfg.encode()?);
    let flags = u8::from(dynamic.last_trusted.is_some())
        | u8::from(dynamic.lockout_end.is_some()) << 1
        | u8::from(dynamic.forgive_from.is_some()) << 2;
    body.push(flags);
    for value in [
        dynamic.last_trusted,
        dynamic.lockout_end,
        dynamic.forgive_from,
    ] {
        body.extend_from_slice(&value.unwrap_or(0).to_be_bytes());
    }
    body.extend_from_slice(&dynamic.wrong.to_be_bytes());
    body.extend_from_slice(
        &u16::try_from(dynamic.records.len())
            .map_err(|_| overflow())?
            .to_be_bytes(),
    );
    for (day, issuer, epoch, slot, first_use) in &dynamic.records {
        let d = date(day)?;
        body.extend_from_slice(&d.to_bytes());
        body.extend_from_slice(&issuer.to_be_bytes());
        body.extend_from_slice(&epoch.to_be_bytes());
        body.extend_from_slice(&slot.to_be_bytes());
        body.extend_from_slice(&first_use.to_be_bytes());
    }
    frame(&expand(b"lock-state", &[])?, 2, &body)
}

fn state_of(lock: &DefaultLock) -> Result<Vec<u8>, CliError> {
    let mut out = vec![0u8; DefaultLock::MAX_STATE_LEN];
    let len = lock.encode_state(&mut out).map_err(bug)?;
    out.truncate(len);
    Ok(out)
}

fn restore(state: &[u8]) -> Result<DefaultLock, CliError> {
    DefaultLock::restore(door_key()?, state).map_err(|e| bug(format!("restore: {e}")))
}

fn library_update(cfg: &Cfg, counter: u64, issued_at: i64) -> Result<Vec<u8>, CliError> {
    let mut out = vec![0u8; max_update_len(64)];
    let len =
        build_update(&door_key()?, counter, issued_at, &cfg.library()?, &mut out).map_err(bug)?;
    out.truncate(len);
    Ok(out)
}

fn update_error_name(error: UpdateError) -> String {
    match error {
        UpdateError::Forged => "Forged".to_owned(),
        UpdateError::Stale { .. } => "Stale".to_owned(),
        UpdateError::WrongDoor => "WrongDoor".to_owned(),
        UpdateError::Malformed(format) => format!("Malformed({})", format_name(format)),
        UpdateError::Config(_) => "Config".to_owned(),
        _ => "Other".to_owned(),
    }
}

fn format_name(error: FormatError) -> &'static str {
    match error {
        FormatError::Truncated => "Truncated",
        FormatError::TrailingBytes => "TrailingBytes",
        FormatError::UnknownVersion(_) => "UnknownVersion",
        FormatError::BadTag => "BadTag",
        _ => "Other",
    }
}

fn state_error_name(error: StateError) -> &'static str {
    match error {
        StateError::Truncated => "Truncated",
        StateError::Tampered => "Tampered",
        StateError::UnknownVersion(_) => "UnknownVersion",
        StateError::TrailingBytes => "TrailingBytes",
        StateError::OutOfRange(_) => "OutOfRange",
        StateError::Config(_) => "Config",
        _ => "Other",
    }
}

fn custom_cfg() -> Cfg {
    let mut cfg = Cfg::factory(b"lobby");
    cfg.daily = 50;
    cfg.single = 20;
    cfg.grace = 600;
    cfg.window = 30;
    cfg.limit = 3;
    cfg.base = 30;
    cfg.cap = 3_600;
    cfg.quiet = 7_200;
    cfg.tol = 120;
    cfg.issuers = vec![(0, 0), (7, 2)];
    cfg.entries = vec![(PERMANENT_CODE, 77, T0 + 3_600, T0 + 7_200, None)];
    cfg.denied = vec![99];
    cfg
}

/// The factory state of door `lobby`, built from SPEC 15.8 and checked against the library.
fn factory_state() -> Result<Vec<u8>, CliError> {
    let cfg = Cfg::factory(b"lobby");
    let spec = spec_state(&cfg, 0, &Dynamic::default())?;
    let lock = DefaultLock::new(door_key()?, cfg.library()?).map_err(bug)?;
    if state_of(&lock)? != spec {
        return Err(bug("factory state differs from SPEC 15.8"));
    }
    Ok(spec)
}

fn update_file_cases(b: &mut FileBuilder) -> Result<(), CliError> {
    let factory = factory_state()?;
    b.group(
        "LockUpdateTest",
        json!({"doorKey": hex::encode(&door_key_bytes())}),
    );
    let mut valid = Vec::new();
    for (comment, flag, cfg, counter) in [
        (
            "factory configuration, counter 1",
            "Factory",
            Cfg::factory(b"lobby"),
            1u64,
        ),
        (
            "custom configuration, counter 7",
            "CustomConfig",
            custom_cfg(),
            7,
        ),
    ] {
        let spec = spec_update(&cfg, b"lobby", counter, T0)?;
        if library_update(&cfg, counter, T0)? != spec {
            return Err(bug(format!(
                "{comment}: build_update differs from SPEC 15.7"
            )));
        }
        let mut lock = restore(&factory)?;
        let summary = lock.apply_update(&spec).map_err(bug)?;
        if summary.counter != counter || lock.last_trusted() != Some(T0) {
            return Err(bug(format!("{comment}: applied update summary")));
        }
        b.test(
            comment,
            &[flag],
            json!({
                "counter": counter,
                "issuedAt": T0,
                "config": cfg.json(),
                "priorState": hex::encode(&factory),
                "update": hex::encode(&spec),
            }),
            true,
        )?;
        valid.push((cfg, spec));
    }
    let (cfg, good) = valid
        .first()
        .cloned()
        .ok_or_else(|| bug("no valid update"))?;
    // A state that has applied counter 1 (built from the spec, checked below).
    let applied = spec_state(
        &cfg,
        1,
        &Dynamic {
            last_trusted: Some(T0),
            ..Dynamic::default()
        },
    )?;
    {
        let mut lock = restore(&factory)?;
        lock.apply_update(&good).map_err(bug)?;
        if state_of(&lock)? != applied {
            return Err(bug("state after the update differs from SPEC 15.8"));
        }
    }
    let mut forged = good.clone();
    if let Some(last) = forged.last_mut() {
        *last ^= 0x01;
    }
    let truncated = good.get(..good.len() - 1).unwrap_or(&[]).to_vec();
    let mut trailing = good.clone();
    trailing.push(0);
    let mut version = good.clone();
    if let Some(first) = version.first_mut() {
        *first = 2;
    }
    let wrong_door = spec_update(&Cfg::factory(b"gym"), b"lobby", 2, T0)?;
    let cases = [
        ("tag bit flipped", "Forged", &factory, &forged, "Forged"),
        ("counter 1 replayed", "Stale", &applied, &good, "Stale"),
        (
            "last byte missing",
            "Truncated",
            &factory,
            &truncated,
            "Malformed(Truncated)",
        ),
        (
            "one byte after the total",
            "TrailingByte",
            &factory,
            &trailing,
            "Malformed(TrailingBytes)",
        ),
        (
            "version 0x02",
            "UnknownVersion",
            &factory,
            &version,
            "Malformed(UnknownVersion)",
        ),
        (
            "door id 'gym' under the update key of 'lobby'",
            "WrongDoor",
            &factory,
            &wrong_door,
            "WrongDoor",
        ),
    ];
    for (comment, flag, prior, update, error) in cases {
        let mut lock = restore(prior)?;
        let got = lock
            .apply_update(update)
            .err()
            .map(update_error_name)
            .unwrap_or_default();
        if got != error {
            return Err(bug(format!(
                "{comment}: expected {error}, library says {got}"
            )));
        }
        if state_of(&lock)? != *prior {
            return Err(bug(format!("{comment}: refused update changed the state")));
        }
        b.test(
            comment,
            &[flag],
            json!({
                "priorState": hex::encode(prior),
                "update": hex::encode(update),
                "error": error,
            }),
            false,
        )?;
    }
    Ok(())
}

fn state_cases(b: &mut FileBuilder) -> Result<(), CliError> {
    let factory = factory_state()?;
    b.group(
        "LockStateTest",
        json!({"doorKey": hex::encode(&door_key_bytes())}),
    );
    b.test(
        "factory state of door lobby",
        &["Factory"],
        json!({"state": hex::encode(&factory), "counter": 0, "lastTrusted": null,
               "lockoutUntil": null, "forgiveFrom": null, "wrongCount": 0, "records": []}),
        true,
    )?;
    // Build a lock with a lockout and records: factory update at T0, single-use slot 3 used at
    // T0 + 100, single-use slot 5 of issuer 0 at T0 + 200, then five wrong entries at
    // T0 + 300..=304: the fifth starts a 60 s lockout (5 outstanding, forgiven from its end).
    let cfg = Cfg::factory(b"lobby");
    let mut lock = restore(&factory)?;
    lock.apply_update(&spec_update(&cfg, b"lobby", 1, T0)?)
        .map_err(bug)?;
    let key = door_key()?;
    let lobby = door(b"lobby")?;
    let policy = cfg.library()?.policy;
    let day = date(DAY)?;
    for (slot, at) in [(3u32, T0 + 100), (5, T0 + 200)] {
        let code = issue_daily(
            &key,
            lobby,
            IssuerId(0),
            Epoch(0),
            policy,
            day,
            DailyKind::SingleUse,
            slot,
        )
        .map_err(bug)?
        .to_string();
        if lock.keypress(&code, Clock::Set(at)).0 != KeypadAnswer::Accept {
            return Err(bug("single-use code refused"));
        }
    }
    let wrong = wrong_code(&cfg)?;
    for at in T0 + 300..=T0 + 304 {
        lock.keypress(&wrong, Clock::Set(at));
    }
    let dynamic = Dynamic {
        last_trusted: Some(T0 + 200),
        lockout_end: Some(T0 + 304 + 60),
        forgive_from: Some(T0 + 304 + 60),
        wrong: 5,
        records: vec![(DAY, 0, 0, 3, T0 + 100), (DAY, 0, 0, 5, T0 + 200)],
    };
    let spec = spec_state(&cfg, 1, &dynamic)?;
    if state_of(&lock)? != spec {
        return Err(bug("state with records differs from SPEC 15.8"));
    }
    if state_of(&restore(&spec)?)? != spec {
        return Err(bug("state does not re-encode"));
    }
    b.test(
        "after an update, two single-use codes and five wrong entries (lockout running)",
        &["StateWithRecords"],
        json!({"state": hex::encode(&spec), "counter": 1, "lastTrusted": T0 + 200,
               "lockoutUntil": T0 + 364, "forgiveFrom": T0 + 364, "wrongCount": 5,
               "records": dynamic.records.iter().map(|(d, i, e, s, f)| json!({
                   "date": d, "issuer": i, "epoch": e, "slot": s, "firstUse": f})).collect::<Vec<_>>()}),
        true,
    )?;
    let mut tampered = spec.clone();
    if let Some(byte) = tampered.get_mut(20) {
        *byte ^= 0x01;
    }
    let truncated = spec.get(..spec.len() - 1).unwrap_or(&[]).to_vec();
    let mut version = spec.clone();
    if let Some(first) = version.first_mut() {
        *first = 1;
    }
    let mut trailing = spec.clone();
    trailing.push(0);
    for (comment, flag, bytes, error) in [
        (
            "bit 0 of byte 20 flipped",
            "Tampered",
            &tampered,
            "Tampered",
        ),
        ("last byte missing", "Truncated", &truncated, "Truncated"),
        (
            "version 0x01 (the earlier state layout)",
            "UnknownVersion",
            &version,
            "UnknownVersion",
        ),
        (
            "one byte after the total",
            "TrailingByte",
            &trailing,
            "TrailingBytes",
        ),
    ] {
        let got = DefaultLock::restore(door_key()?, bytes)
            .err()
            .map(state_error_name)
            .unwrap_or("accepted");
        if got != error {
            return Err(bug(format!(
                "{comment}: expected {error}, library says {got}"
            )));
        }
        b.test(
            comment,
            &[flag],
            json!({"state": hex::encode(bytes), "error": error}),
            false,
        )?;
    }
    Ok(())
}

/// Every daily and single-use code of the configuration's issuers for the day and its
/// neighbours.
fn valid_codes(cfg: &Cfg) -> Result<HashSet<String>, CliError> {
    let config = cfg.library()?;
    let key = door_key()?;
    let mut codes = HashSet::new();
    for day in ["2026-11-21", DAY, "2026-11-23"] {
        for &(issuer, epoch) in &cfg.issuers {
            for (kind, slots) in [
                (DailyKind::Daily, cfg.daily),
                (DailyKind::SingleUse, cfg.single),
            ] {
                for slot in 0..slots {
                    let code = issue_daily(
                        &key,
                        config.door,
                        IssuerId(issuer),
                        Epoch(epoch),
                        config.policy,
                        date(day)?,
                        kind,
                        slot,
                    )
                    .map_err(bug)?;
                    codes.insert(code.to_string());
                }
            }
        }
    }
    for (code, ..) in &cfg.entries {
        codes.insert((*code).to_owned());
    }
    Ok(codes)
}

/// The first of 0000000, 0000001, ... that is none of the door's codes around the day.
fn wrong_code(cfg: &Cfg) -> Result<String, CliError> {
    let codes = valid_codes(cfg)?;
    (0u32..)
        .map(|n| format!("{n:07}"))
        .find(|c| !codes.contains(c))
        .ok_or_else(|| bug("no wrong code"))
}

/// What a step must produce.
#[derive(Clone)]
enum Want {
    Accept(Value),
    Reject {
        reason: &'static str,
        instant: Option<i64>,
        lockout: Option<i64>,
    },
}

fn reject(reason: &'static str, instant: Option<i64>, lockout: Option<i64>) -> Want {
    Want::Reject {
        reason,
        instant,
        lockout,
    }
}

fn reason_of(reason: RejectReason) -> (&'static str, Option<i64>) {
    match reason {
        RejectReason::Malformed(_) => ("Malformed", None),
        RejectReason::NoMatch => ("NoMatch", None),
        RejectReason::ClockUnset => ("ClockUnset", None),
        RejectReason::ClockRolledBack { last_trusted } => ("ClockRolledBack", Some(last_trusted)),
        RejectReason::ClockOutOfRange => ("ClockOutOfRange", None),
        RejectReason::LockedOut { until } => ("LockedOut", Some(until)),
        RejectReason::SingleUseExpired { first_use } => ("SingleUseExpired", Some(first_use)),
        RejectReason::SingleUseTableFull => ("SingleUseTableFull", None),
        RejectReason::PersonDenied => ("PersonDenied", None),
        RejectReason::NotYetValid => ("NotYetValid", None),
        RejectReason::Expired => ("Expired", None),
        RejectReason::OutsideSchedule(_) => ("OutsideSchedule", None),
        _ => ("Other", None),
    }
}

fn matched_json(matched: Option<Matched>) -> Value {
    match matched {
        Some(Matched::Daily(a)) => json!({
            "type": "daily",
            "date": a.date.to_string(),
            "kind": match a.kind { DailyKind::Daily => "daily", DailyKind::SingleUse => "single-use" },
            "slot": a.slot,
            "issuer": a.issuer.0,
        }),
        Some(Matched::Permanent { index, person }) => {
            json!({"type": "permanent", "index": index, "person": person})
        }
        Some(Matched::Credential(presented)) => json!({
            "type": "credential",
            "id": presented.id.to_string(),
            "holder": presented.holder,
            "depth": presented.depth,
        }),
        None => Value::Null,
    }
}

fn step_json(input: &str, clock: Option<i64>, want: &Want) -> Value {
    match want {
        Want::Accept(matched) => json!({
            "action": "keypress", "input": input, "clock": clock, "answer": "accept", "reason": null,
            "reasonInstant": null, "lockoutUntil": null, "matched": matched,
        }),
        Want::Reject {
            reason,
            instant,
            lockout,
        } => json!({
            "action": "keypress", "input": input, "clock": clock, "answer": "reject", "reason": reason,
            "reasonInstant": instant, "lockoutUntil": lockout, "matched": null,
        }),
    }
}

fn check_step(event: &Event, answer: KeypadAnswer, want: &Want) -> bool {
    match want {
        Want::Accept(matched) => {
            answer == KeypadAnswer::Accept && matched_json(event.matched) == *matched
        }
        Want::Reject {
            reason,
            instant,
            lockout,
        } => {
            answer == KeypadAnswer::Reject
                && event.reason.map(reason_of) == Some((reason, *instant))
                && event.lockout_until == *lockout
        }
    }
}

/// One event of a scenario.
enum Step {
    /// `keypress(input, clock)` must give `Want`.
    Press(String, Option<i64>, Want),
    /// `apply_update(bytes)` must succeed (`None`) or fail with the named error; a failure must
    /// leave the state encoding unchanged.
    Update(Vec<u8>, Option<&'static str>),
    /// `restore(encode_state())`: the lock continues from its persisted state.
    Reboot,
}

fn presses(steps: Vec<(String, Option<i64>, Want)>) -> Vec<Step> {
    steps
        .into_iter()
        .map(|(input, clock, want)| Step::Press(input, clock, want))
        .collect()
}

fn scenario(
    b: &mut FileBuilder,
    comment: &str,
    flags: &[&'static str],
    cfg: &Cfg,
    steps: &[Step],
) -> Result<(), CliError> {
    let factory = factory_state()?;
    let update = spec_update(cfg, b"lobby", 1, T0)?;
    let mut lock = restore(&factory)?;
    lock.apply_update(&update).map_err(bug)?;
    let mut json_steps = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        match step {
            Step::Press(input, clock, want) => {
                let (answer, event) = lock.keypress(input, Clock::from(*clock));
                if !check_step(&event, answer, want) {
                    return Err(bug(format!(
                        "{comment}: step {index} ({input} at {clock:?}): library says {answer:?} {event:?}"
                    )));
                }
                json_steps.push(step_json(input, *clock, want));
            }
            Step::Update(bytes, want) => {
                let before = state_of(&lock)?;
                let got = lock.apply_update(bytes).err().map(update_error_name);
                if got.as_deref() != *want {
                    return Err(bug(format!(
                        "{comment}: step {index} (update): library says {got:?}, expected {want:?}"
                    )));
                }
                if want.is_some() && state_of(&lock)? != before {
                    return Err(bug(format!(
                        "{comment}: step {index}: refused update changed state"
                    )));
                }
                json_steps.push(json!({
                    "action": "update", "update": hex::encode(bytes), "error": want,
                }));
            }
            Step::Reboot => {
                lock = restore(&state_of(&lock)?)?;
                json_steps.push(json!({"action": "reboot"}));
            }
        }
    }
    b.test(
        comment,
        flags,
        json!({
            "priorState": hex::encode(&factory),
            "update": hex::encode(&update),
            "config": cfg.json(),
            "steps": json_steps,
        }),
        true,
    )
}

fn daily_code(cfg: &Cfg, kind: DailyKind, slot: u32) -> Result<String, CliError> {
    let config = cfg.library()?;
    Ok(issue_daily(
        &door_key()?,
        config.door,
        IssuerId(0),
        Epoch(0),
        config.policy,
        date(DAY)?,
        kind,
        slot,
    )
    .map_err(bug)?
    .to_string())
}

fn daily_match(kind: &str, slot: u32) -> Value {
    json!({"type": "daily", "date": DAY, "kind": kind, "slot": slot, "issuer": 0})
}

fn scenario_cases(b: &mut FileBuilder) -> Result<(), CliError> {
    b.group(
        "LockScenarioTest",
        json!({"doorKey": hex::encode(&door_key_bytes())}),
    );
    let cfg = Cfg::factory(b"lobby");
    let wrong = wrong_code(&cfg)?;
    let good = daily_code(&cfg, DailyKind::Daily, 4)?;
    // Throttling with the defaults: limit 5, 60 s doubling up to 24 h, one wrong entry forgiven
    // per 86,400 / 5 = 17,280 s without wrong entries or lockout.
    let mut steps = Vec::new();
    for i in 0..4 {
        steps.push((wrong.clone(), Some(T0 + i), reject("NoMatch", None, None)));
    }
    // 5th wrong at T0+4: level 1, lockout of 60 s until T0+64.
    steps.push((
        wrong.clone(),
        Some(T0 + 4),
        reject("NoMatch", None, Some(T0 + 64)),
    ));
    steps.push((
        good.clone(),
        Some(T0 + 63),
        reject("LockedOut", Some(T0 + 64), None),
    ));
    for i in 0..4 {
        steps.push((
            wrong.clone(),
            Some(T0 + 64 + i),
            reject("NoMatch", None, None),
        ));
    }
    // 10th outstanding wrong entry at T0+68: level 2, 60 x 2 = 120 s, until T0+188.
    steps.push((
        wrong.clone(),
        Some(T0 + 68),
        reject("NoMatch", None, Some(T0 + 188)),
    ));
    steps.push((
        wrong.clone(),
        Some(T0 + 187),
        reject("LockedOut", Some(T0 + 188), None),
    ));
    // The lockout has ended: a good code is accepted and forgives nothing.
    steps.push((
        good.clone(),
        Some(T0 + 188),
        Want::Accept(daily_match("daily", 4)),
    ));
    for i in 0..4 {
        steps.push((
            wrong.clone(),
            Some(T0 + 200 + i),
            reject("NoMatch", None, None),
        ));
    }
    // 15th outstanding: level 3, 240 s, until T0+444.
    steps.push((
        wrong.clone(),
        Some(T0 + 204),
        reject("NoMatch", None, Some(T0 + 444)),
    ));
    // Forgiveness runs from the lockout's end T0+444, one entry per full 17,280 s. One second
    // short of two steps only one is forgiven (15 -> 14): the next wrong entry makes 15, level 3
    // again (240 s).
    let q1 = T0 + 444 + 2 * 17_280 - 1;
    steps.push((
        wrong.clone(),
        Some(q1),
        reject("NoMatch", None, Some(q1 + 240)),
    ));
    // Exactly two steps after that lockout's end two are forgiven (15 -> 13): one wrong entry
    // makes 14 (no lockout), the next 15 (240 s).
    let q2 = q1 + 240 + 2 * 17_280;
    steps.push((wrong.clone(), Some(q2), reject("NoMatch", None, None)));
    steps.push((
        wrong.clone(),
        Some(q2),
        reject("NoMatch", None, Some(q2 + 240)),
    ));
    scenario(
        b,
        "wrong codes to the limit, lockout, doubling, no reset by a success, forgiveness",
        &["Throttling"],
        &cfg,
        &presses(steps),
    )?;

    // Single-use: window 15 min = 900 s from first use F = T0 + 1000.
    let single = daily_code(&cfg, DailyKind::SingleUse, 9)?;
    let first = T0 + 1_000;
    let last_accept = first + 899;
    let steps = vec![
        (
            single.clone(),
            Some(first),
            Want::Accept(daily_match("single-use", 9)),
        ),
        (
            single.clone(),
            Some(last_accept),
            Want::Accept(daily_match("single-use", 9)),
        ),
        (
            single.clone(),
            Some(first + 900),
            reject("SingleUseExpired", Some(first), None),
        ),
        (
            single.clone(),
            Some(first + 5_000),
            reject("SingleUseExpired", Some(first), None),
        ),
        (single.clone(), None, reject("ClockUnset", None, None)),
    ];
    scenario(
        b,
        "single-use code: first use, within 15 minutes, expired after, clock unset",
        &["SingleUse", "ClockUnset"],
        &cfg,
        &presses(steps),
    )?;

    // Clock rollback: L = T0 + 500 after an accepted entry; tolerance 300 s.
    let steps = vec![
        (
            good.clone(),
            Some(T0 + 500),
            Want::Accept(daily_match("daily", 4)),
        ),
        (
            good.clone(),
            Some(T0 + 199),
            reject("ClockRolledBack", Some(T0 + 500), None),
        ),
        (
            good.clone(),
            Some(T0 + 200),
            Want::Accept(daily_match("daily", 4)),
        ),
        (good.clone(), None, reject("ClockUnset", None, None)),
        (
            wrong.clone(),
            Some(T0 - 301),
            reject("ClockRolledBack", Some(T0 + 500), None),
        ),
    ];
    scenario(
        b,
        "clock more than the tolerance behind the last accepted entry, and exactly at it",
        &["ClockRolledBack", "ClockUnset"],
        &cfg,
        &presses(steps),
    )?;

    // Permanent codes: grant [T0 + 3600, T0 + 7200) for person 77; person 99 denied.
    let mut pcfg = Cfg::factory(b"lobby");
    pcfg.entries = vec![
        (PERMANENT_CODE, 77, T0 + 3_600, T0 + 7_200, None),
        (DENIED_CODE, 99, i64::MIN, i64::MAX, None),
    ];
    pcfg.denied = vec![99];
    let permanent = |index: u16, person: u64| {
        Want::Accept(json!({"type": "permanent", "index": index, "person": person}))
    };
    let codes = valid_codes(&Cfg {
        entries: Vec::new(),
        ..pcfg.clone()
    })?;
    if codes.contains(PERMANENT_CODE) || codes.contains(DENIED_CODE) {
        return Err(bug("a permanent code is also a daily code"));
    }
    let steps = vec![
        (
            PERMANENT_CODE.to_owned(),
            Some(T0 + 3_599),
            reject("NotYetValid", None, None),
        ),
        (
            PERMANENT_CODE.to_owned(),
            Some(T0 + 3_600),
            permanent(0, 77),
        ),
        (
            PERMANENT_CODE.to_owned(),
            Some(T0 + 7_199),
            permanent(0, 77),
        ),
        (
            PERMANENT_CODE.to_owned(),
            Some(T0 + 7_200),
            reject("Expired", None, None),
        ),
        (
            DENIED_CODE.to_owned(),
            Some(T0 + 7_300),
            reject("PersonDenied", None, None),
        ),
        (
            PERMANENT_CODE.to_owned(),
            None,
            reject("ClockUnset", None, None),
        ),
    ];
    scenario(
        b,
        "permanent code before, inside and after its grant; a denied person's code",
        &["PermanentGrant", "ClockUnset"],
        &pcfg,
        &presses(steps),
    )?;
    single_use_eviction(b, &cfg)?;
    updates_and_reboots(b, &cfg)?;
    schedule_on_a_dst_day(b)?;
    Ok(())
}

fn code_on(
    cfg: &Cfg,
    epoch: u32,
    day: &str,
    kind: DailyKind,
    slot: u32,
) -> Result<String, CliError> {
    let config = cfg.library()?;
    Ok(issue_daily(
        &door_key()?,
        config.door,
        IssuerId(0),
        Epoch(epoch),
        config.policy,
        date(day)?,
        kind,
        slot,
    )
    .map_err(bug)?
    .to_string())
}

fn matched_on(day: &str, kind: &str, slot: u32) -> Want {
    Want::Accept(json!({"type": "daily", "date": day, "kind": kind, "slot": slot, "issuer": 0}))
}

/// U = 32 records: a 33rd single-use code is refused while every record may still be valid;
/// a record is evicted only once `max(L, t) - 3,600 >= dead_after`, and its code stays dead.
fn single_use_eviction(b: &mut FileBuilder, cfg: &Cfg) -> Result<(), CliError> {
    let single = |day: &str, slot: u32| code_on(cfg, 0, day, DailyKind::SingleUse, slot);
    let mut steps = Vec::new();
    for slot in 0..32u32 {
        steps.push(Step::Press(
            single(DAY, slot)?,
            Some(T0 + i64::from(slot)),
            matched_on(DAY, "single-use", slot),
        ));
    }
    steps.push(Step::Press(
        single(DAY, 32)?,
        Some(T0 + 100),
        reject("SingleUseTableFull", None, None),
    ));
    // Slot 0 was first used at T0; 15 minutes later it is expired for the rest of its validity.
    steps.push(Step::Press(
        single(DAY, 0)?,
        Some(T0 + 900),
        reject("SingleUseExpired", Some(T0), None),
    ));
    // dead_after(2026-11-22) = 1,795,305,600 + 86,400 + 89,999 + 21,600 = 1,795,503,599; the
    // first instant that may evict is 3,600 s later: 1,795,507,199 (2026-11-24T09:59:59Z).
    let evict = 1_795_507_199;
    let later = "2026-11-24";
    steps.push(Step::Press(
        single(later, 0)?,
        Some(evict - 1),
        reject("SingleUseTableFull", None, None),
    ));
    steps.push(Step::Press(
        single(later, 0)?,
        Some(evict),
        matched_on(later, "single-use", 0),
    ));
    // The evicted code (2026-11-22 slot 0) is not a candidate on 2026-11-24: NoMatch.
    steps.push(Step::Press(
        single(DAY, 0)?,
        Some(evict + 1),
        reject("NoMatch", None, None),
    ));
    // The new record survives a reboot: inside its window, then expired.
    steps.push(Step::Reboot);
    steps.push(Step::Press(
        single(later, 0)?,
        Some(evict + 899),
        matched_on(later, "single-use", 0),
    ));
    steps.push(Step::Press(
        single(later, 0)?,
        Some(evict + 900),
        reject("SingleUseExpired", Some(evict), None),
    ));
    scenario(
        b,
        "single-use records: table full, expiry, eviction only of dead records, across a reboot",
        &["SingleUseEviction", "SingleUse", "Reboot"],
        cfg,
        &steps,
    )
}

/// Updates inside a scenario: a fresh update bumping issuer 0's epoch revokes its codes; a
/// replayed, an older, a forged and a wrong-door update are refused and change nothing; a
/// lockout continues across a reboot.
fn updates_and_reboots(b: &mut FileBuilder, cfg: &Cfg) -> Result<(), CliError> {
    let old_code = code_on(cfg, 0, DAY, DailyKind::Daily, 4)?;
    let mut bumped = cfg.clone();
    bumped.issuers = vec![(0, 1)];
    let new_code = code_on(&bumped, 1, DAY, DailyKind::Daily, 4)?;
    let wrong = wrong_code(&bumped)?;
    if old_code == new_code {
        return Err(bug("epochs gave the same code"));
    }
    let fresh = spec_update(&bumped, b"lobby", 2, T0 + 20)?;
    let older = spec_update(cfg, b"lobby", 1, T0 + 25)?;
    let mut forged = spec_update(cfg, b"lobby", 3, T0 + 26)?;
    if let Some(last) = forged.last_mut() {
        *last ^= 0x01;
    }
    let wrong_door = spec_update(&Cfg::factory(b"gym"), b"lobby", 3, T0 + 27)?;
    let steps = vec![
        Step::Press(old_code.clone(), Some(T0 + 10), matched_on(DAY, "daily", 4)),
        Step::Update(fresh.clone(), None),
        // Epoch 0's codes are revoked at once (wrong entries 1 and 2).
        Step::Press(
            old_code.clone(),
            Some(T0 + 30),
            reject("NoMatch", None, None),
        ),
        Step::Press(new_code.clone(), Some(T0 + 31), matched_on(DAY, "daily", 4)),
        Step::Update(fresh, Some("Stale")),
        Step::Update(older, Some("Stale")),
        Step::Update(forged, Some("Forged")),
        Step::Update(wrong_door, Some("WrongDoor")),
        Step::Press(old_code, Some(T0 + 40), reject("NoMatch", None, None)),
        // Wrong entries 3, 4 and 5: a 60 s lockout from T0 + 52.
        Step::Press(wrong.clone(), Some(T0 + 50), reject("NoMatch", None, None)),
        Step::Press(wrong.clone(), Some(T0 + 51), reject("NoMatch", None, None)),
        Step::Press(
            wrong,
            Some(T0 + 52),
            reject("NoMatch", None, Some(T0 + 112)),
        ),
        Step::Reboot,
        Step::Press(
            new_code.clone(),
            Some(T0 + 111),
            reject("LockedOut", Some(T0 + 112), None),
        ),
        Step::Press(new_code, Some(T0 + 112), matched_on(DAY, "daily", 4)),
    ];
    scenario(
        b,
        "epoch bump by update; replayed, older, forged and wrong-door updates refused; lockout across a reboot",
        &["ScenarioUpdates", "Stale", "Forged", "WrongDoor", "Reboot"],
        cfg,
        &steps,
    )
}

/// A permanent code with a schedule (every day 02:30-03:30) at a door in
/// CET-1CEST,M3.5.0,M10.5.0/3, on the day before and on the spring-forward day 2027-03-28,
/// when 02:00 CET jumps to 03:00 CEST at 01:00 UTC (1,806,195,600).
fn schedule_on_a_dst_day(b: &mut FileBuilder) -> Result<(), CliError> {
    let mut cfg = Cfg::factory(b"lobby");
    cfg.zone = Some("CET-1CEST,M3.5.0,M10.5.0/3");
    let window = Window::new(DayMask::EVERY_DAY, TimeRange::new(150, 210).map_err(bug)?);
    cfg.schedules = vec![Schedule::from_windows(&[window]).map_err(bug)?.to_vec()];
    cfg.entries = vec![(
        PERMANENT_CODE,
        77,
        Grant::ALWAYS.not_before(),
        Grant::ALWAYS.not_after(),
        Some(0),
    )];
    let jump = 1_806_195_600;
    let permanent = || Want::Accept(json!({"type": "permanent", "index": 0, "person": 77}));
    let code = || PERMANENT_CODE.to_owned();
    let steps = vec![
        // 2027-03-27, CET (UTC+1): 02:29:59 local = 01:29:59 UTC is outside, 02:30 inside.
        Step::Press(
            code(),
            Some(jump - 86_400 + 1_799),
            reject("OutsideSchedule", None, None),
        ),
        Step::Press(code(), Some(jump - 86_400 + 1_800), permanent()),
        // 2027-03-28: 00:59:59 UTC is 01:59:59 CET, outside; one second later it is 03:00 CEST,
        // inside (local 02:30-03:00 does not exist that day); 03:30 CEST is outside again.
        Step::Press(
            code(),
            Some(jump - 1),
            reject("OutsideSchedule", None, None),
        ),
        Step::Press(code(), Some(jump), permanent()),
        Step::Press(code(), Some(jump + 1_799), permanent()),
        Step::Press(
            code(),
            Some(jump + 1_800),
            reject("OutsideSchedule", None, None),
        ),
    ];
    scenario(
        b,
        "permanent code with a 02:30-03:30 schedule on the day before and on a spring-forward day",
        &["ScheduleDst"],
        &cfg,
        &steps,
    )
}

/// Build `doorcode_lock_test.json`.
pub fn lock_file() -> Result<VectorFile, CliError> {
    let mut b = FileBuilder::new("doorcode-lock-v1", HEADER, NOTES);
    update_file_cases(&mut b)?;
    state_cases(&mut b)?;
    scenario_cases(&mut b)?;
    b.finish(LOCK_FILE)
}
