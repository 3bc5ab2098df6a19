//! `buildDoorUpdate`: the bytes of a door update (SPEC.md 15.7) for the backend and web consoles,
//! built and authenticated with the door key exactly as `doorcode::lock::build_update` does.

#[allow(unused_imports)]
use crate::prelude::*;

use doorcode::code::Digits;
use doorcode::lock::{
    LockConfig, PermanentEntry, ThrottleConfig, build_update, max_update_len, permanent_tag,
};
use doorcode::schedule::{Grant, Schedule};
use doorcode::zone::Zone;
use wasm_bindgen::prelude::*;

use crate::args::{self, ArgError};
use crate::{error, js};

#[wasm_bindgen(typescript_custom_section)]
const LOCK_TYPES: &'static str = r#"
/** Wrong-code throttling of a door (SPEC 15.5). Omitted fields take the defaults. */
export interface ThrottleInit {
  /** Outstanding wrong entries per lockout, 1..=255 (default 5). */
  limit?: number;
  /** First lockout, seconds, >= 1 (default 60). */
  baseSeconds?: number;
  /** Longest lockout, seconds, baseSeconds..=604800 (default 86400). */
  capSeconds?: number;
  /** Quiet time that forgives `limit` wrong entries, seconds, >= capSeconds (default 86400). */
  quietSeconds?: number;
}

/** One permanent code synced to the door: the lock stores only its tag. */
export interface PermanentEntryInit {
  /** The code, the door's number of digits. */
  code: string;
  /** The person's u64 handle (a safe integer >= 0), which the deny-list also uses (SPEC 15.4). */
  person: number;
  /** First instant the code works (Unix seconds); omitted or null: always. */
  notBefore?: number | null;
  /** First instant it no longer works; omitted or null: never. */
  notAfter?: number | null;
  /** Index into `schedules` that must also allow the instant; omitted or null: none. */
  schedule?: number | null;
}

/**
 * The bytes of a door update (SPEC 15.7) carrying the given configuration, authenticated with
 * the door key: the same bytes `doorcode lock update build` and `build_update` produce. Throws
 * an `Error` naming the argument for bad input and for a configuration the lock would refuse
 * (for example odds above the ceiling of 1 in 10,000, or two entries with the same code).
 */
export function buildDoorUpdate(options: DoorUpdateOptions): Uint8Array;

/** Arguments of `buildDoorUpdate`. Omitted fields take the factory values of SPEC 15.2. */
export interface DoorUpdateOptions {
  /** The door key, 64 hex digits. */
  doorKeyHex: string;
  doorId: DoorIdInput;
  /** The update's number: a safe integer above the last one the lock applied (a fresh lock: 0). */
  counter: number;
  /** When the backend built it (Unix seconds); the lock trusts its clock from here on. */
  issuedAt: number;
  policy?: DailyPolicyInit | null;
  /** Enabled issuers with their current epochs (default [{issuer: 0, epoch: 0}]). */
  issuers?: IssuerEpoch[];
  /** Minutes a single-use code works after its first use, 1..=1440 (default 15). */
  singleUseMinutes?: number;
  throttle?: ThrottleInit;
  /** How far the lock's clock may go back behind the last trusted instant, 0..=3600 (default 300). */
  clockToleranceSeconds?: number;
  /** The door's zone as a POSIX TZ rule, e.g. "CET-1CEST,M3.5.0,M10.5.0/3" (default UTC). */
  zone?: string;
  /** The door's zone as its encoding in hex (SPEC 5.1.4, no explicit transitions); not with `zone`. */
  zoneHex?: string;
  /** Up to 4 schedules, each as `Schedule.encode()` hex, that entries can refer to by index. */
  schedules?: string[];
  /** Up to 1024 permanent entries (a lock refuses more than its capacity, 64 by default). */
  permanent?: PermanentEntryInit[];
  /** Up to 16 person handles denied at this door. */
  deniedPersons?: number[];
}
"#;

/// Most permanent entries one call builds (a `DefaultLock` holds 64; the odds ceiling allows
/// 600 seven-digit codes beside the default daily policy).
pub const MAX_UPDATE_ENTRIES: usize = 1024;

/// `buildDoorUpdate` after the JavaScript layer (`js/lock.js`) checked the options' shape and
/// types: omitted numbers are `None`, the permanent entries come as parallel arrays (no bound:
/// `Grant::ALWAYS`'s; no schedule: 256). Keys, ids, policies, zones, schedules, codes and the
/// configuration as a whole are checked here, by the library.
///
/// The bytes of a door update (SPEC 15.7) carrying the given configuration, authenticated with
/// the door key: the same bytes `doorcode lock update build` and `build_update` produce.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = __buildDoorUpdate, skip_typescript)]
pub fn build_door_update(
    door_key_hex: &str,
    door_id: JsValue,
    counter: u64,
    issued_at: i64,
    policy: JsValue,
    issuers: JsValue,
    single_use_minutes: Option<u16>,
    throttle_limit: Option<u8>,
    throttle_base_seconds: Option<u32>,
    throttle_cap_seconds: Option<u32>,
    throttle_quiet_seconds: Option<u32>,
    clock_tolerance_seconds: Option<u32>,
    zone: Option<String>,
    zone_hex: Option<String>,
    schedules: Vec<String>,
    codes: Vec<String>,
    persons: Vec<u64>,
    not_before: Vec<i64>,
    not_after: Vec<i64>,
    entry_schedules: Vec<u16>,
    denied_persons: Vec<u64>,
) -> Result<Vec<u8>, JsError> {
    let door_key = args::door_key(door_key_hex, "options.doorKeyHex")?;
    let door = js::door_id(&door_id, "options.doorId")?;
    let mut config = Box::new(LockConfig::<MAX_UPDATE_ENTRIES>::new(door));
    if !policy.is_undefined() {
        config.policy = js::policy(&policy, "options.policy")?;
    }
    if !issuers.is_undefined() {
        let list = js::issuers(&issuers, &config.policy, "options.issuers")?;
        config
            .set_issuers(&list)
            .map_err(|e| error("options.issuers", e))?;
    }
    let defaults = ThrottleConfig::default();
    config.single_use_minutes = single_use_minutes.unwrap_or(config.single_use_minutes);
    config.throttle = ThrottleConfig {
        limit: throttle_limit.unwrap_or(defaults.limit),
        base_seconds: throttle_base_seconds.unwrap_or(defaults.base_seconds),
        cap_seconds: throttle_cap_seconds.unwrap_or(defaults.cap_seconds),
        quiet_seconds: throttle_quiet_seconds.unwrap_or(defaults.quiet_seconds),
    };
    config.clock_tolerance_seconds =
        clock_tolerance_seconds.unwrap_or(config.clock_tolerance_seconds);
    config.zone = door_zone(zone, zone_hex)?;
    for (index, text) in schedules.iter().enumerate() {
        let what = cat!("options.schedules[", index, "]");
        let bytes = args::hex_decode(text, &what)?;
        let schedule = Schedule::decode(&bytes).map_err(|e| error(&what, e))?;
        config
            .push_schedule(schedule)
            .map_err(|e| error(&what, e))?;
    }
    let entries = codes
        .iter()
        .zip(persons)
        .zip(not_before.into_iter().zip(not_after))
        .zip(entry_schedules);
    for (index, (((text, person), (not_before, not_after)), schedule)) in entries.enumerate() {
        let what = cat!("options.permanent[", index, "]");
        let code = Digits::parse(text, config.policy.length)
            .map_err(|e| error(&cat!(what, ".code"), e))?;
        let grant = Grant::new(not_before, not_after).map_err(|e| error(&what, e))?;
        config
            .push_entry(PermanentEntry {
                tag: permanent_tag(&door_key, &door, &code),
                person,
                grant,
                schedule: u8::try_from(schedule).ok(),
            })
            .map_err(|e| error(&what, e))?;
    }
    for (index, person) in denied_persons.into_iter().enumerate() {
        config
            .deny_person(person)
            .map_err(|e| error(&cat!("options.deniedPersons[", index, "]"), e))?;
    }
    let mut out = vec![0u8; max_update_len(config.entries().len())];
    let len = build_update(&door_key, counter, issued_at, &config, &mut out)
        .map_err(|e| error("options", e))?;
    out.truncate(len);
    Ok(out)
}

/// The door's zone from `zone` (a POSIX rule) or `zoneHex` (its encoding); UTC without either.
fn door_zone(posix: Option<String>, hex: Option<String>) -> Result<Zone, ArgError> {
    let door_zone = match (posix, hex) {
        (Some(text), _) => args::posix_zone(&text, "options.zone")?,
        (None, Some(text)) => args::zone_from_hex(&text, "options.zoneHex")?,
        (None, None) => return Ok(Zone::UTC),
    };
    door_zone.to_capacity::<0>().map_err(|_| {
        ArgError::new(String::from(
            "options.zoneHex: a lock's zone is a POSIX rule without explicit transitions",
        ))
    })
}
