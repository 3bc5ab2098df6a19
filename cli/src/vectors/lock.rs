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
use doorcode::schedule::Grant;
use doorcode::zone::Zone;
use serde_json::{Value, json};

use super::{FileBuilder, VectorFile, bug, date, labelled_info, overflow, pseudo_random};
use crate::error::CliError;
use crate::hex;

/// File name of the lock vectors.
pub const LOCK_FILE: &str = "doorcode_lock_test.json";

const HEADER: &[&str] = &[
    "Test vectors for the doorcode lock verifier, version 1 (SPEC.md section 15). Capacities: P = 64 permanent entries, U = 32 single-use records, I = 4 issuers (DefaultLock).",
    "UK = HKDF-Expand(doorKey, I(\"lock-update\", doorId), 32); SK = HKDF-Expand(doorKey, I(\"lock-state\"), 32); PTK = HKDF-Expand(doorKey, I(\"lock-permanent-table\", doorId), 32); I() as in doorcode_keys_test.json.",
    "update = 01 u32be(total) u64be(counter) i64be(issuedAt) config HMAC(UK, all bytes before it); state = 01 u32be(total) u64be(lastCounter) config dynamic HMAC(SK, all bytes before it) (SPEC 15.7, 15.8).",
    "A permanent entry's tag = HMAC(PTK, 01 || u8(digits) || the digits as ASCII); doorId is hex; config.entries give the code for reference, only its tag is in the bytes.",
    "LockUpdateTest: valid: build the update from the fields, it must equal 'update'; applying it to 'priorState' succeeds. invalid: applying 'update' to the lock restored from 'priorState' fails with 'error' and the encoded state stays 'priorState'.",
    "LockStateTest: valid: restoring 'state' succeeds and re-encodes to the same bytes, with the listed counters and records. invalid: restoring fails with 'error'.",
    "LockScenarioTest: restore 'priorState', apply 'update', then for each step call keypress(input, clock) (clock null = unset): the answer, reject reason (null when accepted), the reason's instant ('until', 'firstUse' or 'lastTrusted') and the end of a lockout the step started ('lockoutUntil') must match.",
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
    ("UnknownVersion", "The version byte is 0x02."),
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
        "A state with a running lockout, a lockout streak and single-use records.",
    ),
    (
        "Throttling",
        "Wrong entries up to the limit, LockedOut, lockout expiry, doubling, reset on success.",
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
    /// (code, person, not_before, not_after)
    entries: Vec<(&'static str, u64, i64, i64)>,
    denied: Vec<u64>,
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
        }
    }

    fn zone_bytes() -> Result<Vec<u8>, CliError> {
        let mut out = vec![0u8; Zone::UTC.encoded_len()];
        let len = Zone::UTC
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
        let zone = Self::zone_bytes()?;
        b.extend_from_slice(
            &u16::try_from(zone.len())
                .map_err(|_| overflow())?
                .to_be_bytes(),
        );
        b.extend_from_slice(&zone);
        b.push(0); // no schedules
        b.extend_from_slice(
            &u16::try_from(self.entries.len())
                .map_err(|_| overflow())?
                .to_be_bytes(),
        );
        for (code, person, not_before, not_after) in &self.entries {
            b.extend_from_slice(&spec_tag(&self.door, code)?);
            b.extend_from_slice(&person.to_be_bytes());
            b.extend_from_slice(&not_before.to_be_bytes());
            b.extend_from_slice(&not_after.to_be_bytes());
            b.push(0xff);
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
        for (code, person, not_before, not_after) in &self.entries {
            let digits = Digits::parse(code, CodeLength::SEVEN).map_err(bug)?;
            config
                .push_entry(PermanentEntry {
                    tag: permanent_tag(&door_key()?, &config.door, &digits),
                    person: *person,
                    grant: Grant::new(*not_before, *not_after).map_err(bug)?,
                    schedule: None,
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
            "zone": hex::encode(&Self::zone_bytes().unwrap_or_default()),
            "schedules": [],
            "entries": self.entries.iter().map(|(code, person, nb, na)| json!({
                "code": code, "person": person, "notBefore": nb, "notAfter": na, "schedule": null,
            })).collect::<Vec<_>>(),
            "deniedPersons": self.denied,
        })
    }
}

/// `01 u32be(total) body HMAC(key, ..)`.
fn frame(key: &[u8], body: &[u8]) -> Result<Vec<u8>, CliError> {
    let total = u32::try_from(body.len() + 5 + 32).map_err(|_| overflow())?;
    let mut out = vec![1u8];
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
    frame(&expand(b"lock-update", &[signing_door])?, &body)
}

/// The dynamic part of the state (SPEC 15.8).
#[derive(Clone, Default)]
struct Dynamic {
    last_trusted: Option<i64>,
    lockout_end: Option<i64>,
    last_wrong: Option<i64>,
    wrong: u8,
    streak: u8,
    /// (date, issuer, epoch, slot, first use)
    records: Vec<(&'static str, u32, u32, u32, i64)>,
}

fn spec_state(cfg: &Cfg, counter: u64, dynamic: &Dynamic) -> Result<Vec<u8>, CliError> {
    let mut body = counter.to_be_bytes().to_vec();
    body.extend_from_slice(&cfg.encode()?);
    let flags = u8::from(dynamic.last_trusted.is_some())
        | u8::from(dynamic.lockout_end.is_some()) << 1
        | u8::from(dynamic.last_wrong.is_some()) << 2;
    body.push(flags);
    for value in [
        dynamic.last_trusted,
        dynamic.lockout_end,
        dynamic.last_wrong,
    ] {
        body.extend_from_slice(&value.unwrap_or(0).to_be_bytes());
    }
    body.push(dynamic.wrong);
    body.push(dynamic.streak);
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
    frame(&expand(b"lock-state", &[])?, &body)
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
    cfg.entries = vec![(PERMANENT_CODE, 77, T0 + 3_600, T0 + 7_200)];
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
               "lockoutUntil": null, "lastWrong": null, "wrongCount": 0, "streak": 0, "records": []}),
        true,
    )?;
    // Build a lock with a lockout and records: factory update at T0, single-use slot 3 used at
    // T0 + 100, single-use slot 5 of issuer 0 at T0 + 200, then five wrong entries at
    // T0 + 300..=304: the fifth starts a 60 s lockout (streak 1, count 0).
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
        last_wrong: Some(T0 + 304),
        wrong: 0,
        streak: 1,
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
               "lockoutUntil": T0 + 364, "lastWrong": T0 + 304, "wrongCount": 0, "streak": 1,
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
        *first = 2;
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
        ("version 0x02", "UnknownVersion", &version, "UnknownVersion"),
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
            "input": input, "clock": clock, "answer": "accept", "reason": null,
            "reasonInstant": null, "lockoutUntil": null, "matched": matched,
        }),
        Want::Reject {
            reason,
            instant,
            lockout,
        } => json!({
            "input": input, "clock": clock, "answer": "reject", "reason": reason,
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

fn scenario(
    b: &mut FileBuilder,
    comment: &str,
    flags: &[&'static str],
    cfg: &Cfg,
    steps: &[(String, Option<i64>, Want)],
) -> Result<(), CliError> {
    let factory = factory_state()?;
    let update = spec_update(cfg, b"lobby", 1, T0)?;
    let mut lock = restore(&factory)?;
    lock.apply_update(&update).map_err(bug)?;
    let mut json_steps = Vec::new();
    for (index, (input, clock, want)) in steps.iter().enumerate() {
        let (answer, event) = lock.keypress(input, Clock::from(*clock));
        if !check_step(&event, answer, want) {
            return Err(bug(format!(
                "{comment}: step {index} ({input} at {clock:?}): library says {answer:?} {event:?}"
            )));
        }
        json_steps.push(step_json(input, *clock, want));
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
    // Throttling with the defaults: limit 5, 60 s doubling, cap and quiet 24 h.
    let mut steps = Vec::new();
    for i in 0..4 {
        steps.push((wrong.clone(), Some(T0 + i), reject("NoMatch", None, None)));
    }
    // 5th wrong at T0+4: lockout of 60 s until T0+64 (streak 0 -> 1).
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
    // 5th wrong of the second lockout at T0+68: 60 x 2 = 120 s, until T0+188.
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
    // The lockout has ended: a good code is accepted and resets the streak.
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
    // Streak reset: back to 60 s.
    steps.push((
        wrong.clone(),
        Some(T0 + 204),
        reject("NoMatch", None, Some(T0 + 264)),
    ));
    scenario(
        b,
        "wrong codes to the limit, lockout, doubling, reset by a success",
        &["Throttling"],
        &cfg,
        &steps,
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
        &steps,
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
        &steps,
    )?;

    // Permanent codes: grant [T0 + 3600, T0 + 7200) for person 77; person 99 denied.
    let mut pcfg = Cfg::factory(b"lobby");
    pcfg.entries = vec![
        (PERMANENT_CODE, 77, T0 + 3_600, T0 + 7_200),
        (DENIED_CODE, 99, i64::MIN, i64::MAX),
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
        &steps,
    )?;
    Ok(())
}

/// Build `doorcode_lock_test.json`.
pub fn lock_file() -> Result<VectorFile, CliError> {
    let mut b = FileBuilder::new("doorcode-lock-v1", HEADER, NOTES);
    update_file_cases(&mut b)?;
    state_cases(&mut b)?;
    scenario_cases(&mut b)?;
    b.finish(LOCK_FILE)
}
