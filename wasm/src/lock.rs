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

const FIELDS: &[&str] = &[
    "doorKeyHex",
    "doorId",
    "counter",
    "issuedAt",
    "policy",
    "issuers",
    "singleUseMinutes",
    "throttle",
    "clockToleranceSeconds",
    "zone",
    "zoneHex",
    "schedules",
    "permanent",
    "deniedPersons",
];

/// A safe integer `>= 0` (a counter or a person handle).
fn u64_arg(value: &JsValue, what: &str) -> Result<u64, ArgError> {
    let number = js::number(value, what)?;
    let integer = args::safe_integer(number, what, &js::show)?;
    u64::try_from(integer).map_err(|_| ArgError::new(cat!(what, " must not be negative")))
}

/// An optional field read with `read`, or `default` when it is `undefined`.
fn optional<T>(
    object: &JsValue,
    name: &str,
    what: &str,
    default: T,
    read: impl FnOnce(&JsValue, &str) -> Result<T, ArgError>,
) -> Result<T, ArgError> {
    match js::get_optional(object, name, what)? {
        Some(value) => read(&value, &cat!(what, ".", name)),
        None => Ok(default),
    }
}

/// An array's elements, at most `max` of them.
fn elements(value: &JsValue, what: &str, max: usize) -> Result<Vec<JsValue>, ArgError> {
    if !value.is_array() {
        return Err(ArgError::new(cat!(what, " must be an array")));
    }
    let count = js::length(value, what)?;
    if usize::try_from(count).map_or(true, |count| count > max) {
        return Err(ArgError::new(cat!(
            what,
            " has ",
            count,
            " elements; at most ",
            max,
            " allowed"
        )));
    }
    (0..count)
        .map(|index| js::element(value, index, what))
        .collect()
}

fn throttle(value: &JsValue, what: &str) -> Result<ThrottleConfig, ArgError> {
    js::expect_object(value, what)?;
    js::check_fields(
        value,
        &["limit", "baseSeconds", "capSeconds", "quietSeconds"],
        what,
    )?;
    let defaults = ThrottleConfig::default();
    let limit = optional(value, "limit", what, u32::from(defaults.limit), js::u32_arg)?;
    Ok(ThrottleConfig {
        limit: u8::try_from(limit)
            .map_err(|_| ArgError::new(cat!(what, ".limit must be at most 255")))?,
        base_seconds: optional(
            value,
            "baseSeconds",
            what,
            defaults.base_seconds,
            js::u32_arg,
        )?,
        cap_seconds: optional(value, "capSeconds", what, defaults.cap_seconds, js::u32_arg)?,
        quiet_seconds: optional(
            value,
            "quietSeconds",
            what,
            defaults.quiet_seconds,
            js::u32_arg,
        )?,
    })
}

fn zone(options: &JsValue) -> Result<Zone, ArgError> {
    let posix = js::get_optional(options, "zone", "options")?;
    let hex = js::get_optional(options, "zoneHex", "options")?;
    let door_zone = match (posix, hex) {
        (None, None) => return Ok(Zone::UTC),
        (Some(_), Some(_)) => {
            return Err(ArgError::new(String::from(
                "options: give zone or zoneHex, not both",
            )));
        }
        (Some(text), None) => {
            args::posix_zone(&js::string(&text, "options.zone")?, "options.zone")?
        }
        (None, Some(text)) => {
            args::zone_from_hex(&js::string(&text, "options.zoneHex")?, "options.zoneHex")?
        }
    };
    door_zone.to_capacity::<0>().map_err(|_| {
        ArgError::new(String::from(
            "options.zoneHex: a lock's zone is a POSIX rule without explicit transitions",
        ))
    })
}

/// The bytes of a door update (SPEC 15.7) carrying the given configuration, authenticated with
/// the door key: the same bytes `doorcode lock update build` and `build_update` produce. Throws
/// an `Error` naming the argument for bad input and for a configuration the lock would refuse
/// (for example odds above the ceiling of 1 in 10,000, or two entries with the same code).
#[wasm_bindgen(js_name = buildDoorUpdate)]
pub fn build_door_update(
    #[wasm_bindgen(unchecked_param_type = "DoorUpdateOptions")] options: JsValue,
) -> Result<Vec<u8>, JsError> {
    js::expect_object(&options, "options")?;
    js::check_fields(&options, FIELDS, "options")?;
    let door_key = args::door_key(
        &js::string_field(&options, "doorKeyHex", "options")?,
        "options.doorKeyHex",
    )?;
    let door = js::door_id(&js::get(&options, "doorId", "options")?, "options.doorId")?;
    let counter = u64_arg(&js::get(&options, "counter", "options")?, "options.counter")?;
    let issued_at = js::instant(
        &js::get(&options, "issuedAt", "options")?,
        "options.issuedAt",
    )?;
    let mut config = Box::new(LockConfig::<MAX_UPDATE_ENTRIES>::new(door));
    config.policy = optional(&options, "policy", "options", config.policy, js::policy)?;
    if let Some(issuers) = js::get_optional(&options, "issuers", "options")? {
        let list = js::issuers(&issuers, &config.policy, "options.issuers")?;
        config
            .set_issuers(&list)
            .map_err(|e| error("options.issuers", e))?;
    }
    let window = optional(
        &options,
        "singleUseMinutes",
        "options",
        u32::from(config.single_use_minutes),
        js::u32_arg,
    )?;
    config.single_use_minutes = u16::try_from(window)
        .map_err(|_| ArgError::new(String::from("options.singleUseMinutes is too large")))?;
    config.throttle = optional(&options, "throttle", "options", config.throttle, throttle)?;
    config.clock_tolerance_seconds = optional(
        &options,
        "clockToleranceSeconds",
        "options",
        config.clock_tolerance_seconds,
        js::u32_arg,
    )?;
    config.zone = zone(&options)?;
    if let Some(schedules) = js::get_optional(&options, "schedules", "options")? {
        for (index, value) in elements(&schedules, "options.schedules", 4)?
            .iter()
            .enumerate()
        {
            let what = cat!("options.schedules[", index, "]");
            let bytes = args::hex_decode(&js::string(value, &what)?, &what)?;
            let schedule = Schedule::decode(&bytes).map_err(|e| error(&what, e))?;
            config
                .push_schedule(schedule)
                .map_err(|e| error(&what, e))?;
        }
    }
    if let Some(entries) = js::get_optional(&options, "permanent", "options")? {
        for (index, value) in elements(&entries, "options.permanent", MAX_UPDATE_ENTRIES)?
            .iter()
            .enumerate()
        {
            let what = cat!("options.permanent[", index, "]");
            js::expect_object(value, &what)?;
            js::check_fields(
                value,
                &["code", "person", "notBefore", "notAfter", "schedule"],
                &what,
            )?;
            let text = js::string_field(value, "code", &what)?;
            let code = Digits::parse(&text, config.policy.length)
                .map_err(|e| error(&cat!(what, ".code"), e))?;
            let person = u64_arg(&js::get(value, "person", &what)?, &cat!(what, ".person"))?;
            let bound = |name: &str| -> Result<Option<i64>, ArgError> {
                match js::get_optional(value, name, &what)? {
                    Some(v) if !v.is_null() => js::instant(&v, &cat!(what, ".", name)).map(Some),
                    _ => Ok(None),
                }
            };
            let grant = Grant::new(
                bound("notBefore")?.unwrap_or(Grant::ALWAYS.not_before()),
                bound("notAfter")?.unwrap_or(Grant::ALWAYS.not_after()),
            )
            .map_err(|e| error(&what, e))?;
            let schedule = match js::get_optional(value, "schedule", &what)? {
                Some(v) if !v.is_null() => {
                    let index = js::u32_arg(&v, &cat!(what, ".schedule"))?;
                    Some(u8::try_from(index).map_err(|_| {
                        ArgError::new(cat!(what, ".schedule is not a schedule index"))
                    })?)
                }
                _ => None,
            };
            config
                .push_entry(PermanentEntry {
                    tag: permanent_tag(&door_key, &door, &code),
                    person,
                    grant,
                    schedule,
                })
                .map_err(|e| error(&what, e))?;
        }
    }
    if let Some(denied) = js::get_optional(&options, "deniedPersons", "options")? {
        for (index, value) in elements(&denied, "options.deniedPersons", 16)?
            .iter()
            .enumerate()
        {
            let what = cat!("options.deniedPersons[", index, "]");
            config
                .deny_person(u64_arg(value, &what)?)
                .map_err(|e| error(&what, e))?;
        }
    }
    let mut out = vec![0u8; max_update_len(config.entries().len())];
    let len = build_update(&door_key, counter, issued_at, &config, &mut out)
        .map_err(|e| error("options", e))?;
    out.truncate(len);
    Ok(out)
}
