//! `doorcode lock update build`: a signed door update for provisioning tools (SPEC 15.7); and
//! `doorcode lock state decode`: a human summary of a lock's persisted state (SPEC 15.8).

use std::io::Write;

use doorcode::code::Digits;
use doorcode::keys::{DoorId, DoorKey};
use doorcode::lock::{DefaultLock, LockConfig, PermanentEntry, build_update, max_update_len};
use doorcode::schedule::Grant;

use crate::args::{Args, Spec, parse_number};
use crate::error::{CliError, usage_error};
use crate::opts::{ENV_DOOR_KEY, parse_door_key, parse_issuer_list};
use crate::time::{format_utc, parse_rfc3339};
use crate::{Status, hex, opts, usage};

const BUILD_SPEC: Spec = Spec {
    values: &[
        "door-key",
        "door",
        "door-hex",
        "counter",
        "issued-at",
        "issuer",
        "permanent",
    ],
    flags: &[],
};

const DECODE_SPEC: Spec = Spec {
    values: &["door-key", "door", "door-hex"],
    flags: &[],
};

/// `--door-key`, else `$DOORCODE_DOOR_KEY`.
fn door_key(args: &Args) -> Result<DoorKey, CliError> {
    if let Some(text) = args.value("door-key") {
        return parse_door_key("--door-key", text);
    }
    match std::env::var(ENV_DOOR_KEY)
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        Some(text) => parse_door_key(ENV_DOOR_KEY, &text),
        None => Err(usage_error(format!(
            "no door key given: pass --door-key or set {ENV_DOOR_KEY}"
        ))),
    }
}

/// Unix seconds (possibly negative) or RFC 3339.
fn instant(option: &str, text: &str) -> Result<i64, CliError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse()
            .map_err(|_| usage_error(format!("--{option}: '{text}' is out of range")));
    }
    parse_rfc3339(text).map_err(|e| usage_error(format!("--{option}: {}", e.message())))
}

/// `--permanent CODE:PERSON[:NOT_BEFORE:NOT_AFTER]`.
fn permanent_entry(
    text: &str,
    door_key: &DoorKey,
    config: &LockConfig<64>,
) -> Result<PermanentEntry, CliError> {
    let parts: Vec<&str> = text.split(':').collect();
    let (code, person, grant) = match parts.as_slice() {
        [code, person] => (*code, *person, Grant::ALWAYS),
        [code, person, not_before, not_after] => {
            let grant = Grant::new(
                instant("permanent", not_before)?,
                instant("permanent", not_after)?,
            )
            .map_err(|e| usage_error(format!("--permanent '{text}': {e}")))?;
            (*code, *person, grant)
        }
        _ => {
            return Err(usage_error(format!(
                "--permanent '{text}': expected CODE:PERSON or CODE:PERSON:NOT_BEFORE:NOT_AFTER"
            )));
        }
    };
    let digits = Digits::parse(code, config.policy.length).map_err(|e| {
        usage_error(format!(
            "--permanent '{text}': not a {}-digit code: {e}",
            config.policy.length.get()
        ))
    })?;
    Ok(PermanentEntry {
        tag: doorcode::lock::permanent_tag(door_key, &config.door, &digits),
        person: parse_number("permanent", person)?,
        grant,
        schedule: None,
    })
}

/// Print a signed door update (hex) carrying the factory configuration with the given issuers
/// and permanent codes.
pub fn update_build(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse_repeatable(raw, &BUILD_SPEC, &["issuer", "permanent"])?;
    if args.help() {
        out.write_all(usage::LOCK.as_bytes())?;
        return Ok(Status::Success);
    }
    args.expect_positionals::<0>("nothing")?;
    let key = door_key(&args)?;
    let door = opts::door_id(&args)?;
    let counter: u64 = parse_number(
        "counter",
        args.value("counter")
            .ok_or_else(|| usage_error("missing --counter N (above the lock's last update)"))?,
    )?;
    if counter == 0 {
        return Err(usage_error(
            "--counter: must be at least 1 (a fresh lock has applied 0)",
        ));
    }
    let issued_at = instant(
        "issued-at",
        args.value("issued-at")
            .ok_or_else(|| usage_error("missing --issued-at T (unix seconds or RFC 3339)"))?,
    )?;
    let mut config = LockConfig::<64>::new(door);
    let issuers = args.values("issuer");
    if !issuers.is_empty() {
        let mut list = Vec::new();
        for text in issuers {
            list.extend(parse_issuer_list(text)?);
        }
        config
            .set_issuers(&list)
            .map_err(|e| usage_error(format!("--issuer: {e}")))?;
    }
    for text in args.values("permanent") {
        let entry = permanent_entry(text, &key, &config)?;
        config
            .push_entry(entry)
            .map_err(|e| usage_error(format!("--permanent '{text}': {e}")))?;
    }
    let mut bytes = vec![0u8; max_update_len(64)];
    let len = build_update(&key, counter, issued_at, &config, &mut bytes)
        .map_err(|e| usage_error(format!("cannot build the update: {e}")))?;
    writeln!(out, "{}", hex::encode(bytes.get(..len).unwrap_or(&[])))?;
    Ok(Status::Success)
}

fn describe_door(door: &DoorId) -> String {
    match std::str::from_utf8(door.as_bytes()) {
        Ok(text) if text.chars().all(|c| !c.is_control()) => text.to_owned(),
        _ => format!("hex {}", hex::encode(door.as_bytes())),
    }
}

fn when(instant: Option<i64>) -> String {
    instant.map_or_else(|| "none".to_owned(), |t| format!("{t} ({})", format_utc(t)))
}

/// Print a human summary of a persisted lock state (hex).
pub fn state_decode(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse(raw, &DECODE_SPEC)?;
    if args.help() {
        out.write_all(usage::LOCK.as_bytes())?;
        return Ok(Status::Success);
    }
    let [text] = args.expect_positionals::<1>("the state as hex")?;
    let key = door_key(&args)?;
    let door = opts::door_id(&args)?;
    let bytes = hex::decode(text.trim())
        .ok_or_else(|| usage_error("state: not valid hex (two digits per byte)"))?;
    let lock = DefaultLock::restore(key, &bytes)
        .map_err(|e| usage_error(format!("state refused: {e}")))?;
    let config = lock.config();
    if config.door != door {
        return Err(usage_error(format!(
            "state is for door '{}', not '{}'",
            describe_door(&config.door),
            describe_door(&door)
        )));
    }
    let throttle = lock.throttle_state();
    let issuers: Vec<String> = config
        .issuers()
        .iter()
        .map(|(id, epoch)| format!("{}:{}", id.0, epoch.0))
        .collect();
    writeln!(out, "door: {}", describe_door(&config.door))?;
    writeln!(out, "state bytes: {}", bytes.len())?;
    writeln!(out, "update counter: {}", lock.update_counter())?;
    writeln!(out, "last trusted: {}", when(lock.last_trusted()))?;
    writeln!(
        out,
        "outstanding wrong entries: {} (a lockout every {})",
        throttle.wrong, config.throttle.limit
    )?;
    writeln!(out, "lockout until: {}", when(throttle.locked_until))?;
    writeln!(out, "forgiving from: {}", when(throttle.forgive_from))?;
    writeln!(out, "issuers: {}", issuers.join(","))?;
    writeln!(out, "permanent entries: {}", config.entries().len())?;
    writeln!(out, "denied persons: {}", config.denied_persons().len())?;
    let records = lock.used_records();
    writeln!(out, "single-use records: {}", records.len())?;
    for record in records {
        writeln!(
            out,
            "  {} issuer {} epoch {} slot {}: first use {}",
            record.date,
            record.issuer.0,
            record.epoch.0,
            record.slot,
            when(Some(record.first_use))
        )?;
    }
    Ok(Status::Success)
}
