//! Options shared by several subcommands: keys, door, issuer, policy, zone.

use doorcode::code::CodeLength;
use doorcode::daily::{DEFAULT_GRACE_SECONDS, DailyPolicy};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId, KeyError, SiteKey};
use doorcode::zone::{PosixRule, Zone};

use crate::args::{Args, parse_number};
use crate::error::{CliError, usage_error};
use crate::hex;
use crate::time::{format_offset, parse_utc_offset};
use crate::tz_cmd::{DoorZone, parse_zone};

/// Environment variable holding the site secret (hex or base64).
pub const ENV_SITE_KEY: &str = "DOORCODE_SITE_KEY";
/// Environment variable holding a door key (hex or base64).
pub const ENV_DOOR_KEY: &str = "DOORCODE_DOOR_KEY";

/// Options naming the door's time zone.
pub const ZONE_OPTIONS: &[&str] = &["utc-offset", "utc-offset-seconds", "zone"];

/// Where the key material came from.
pub enum KeyMaterial {
    /// The site secret: door keys are derived from it.
    Site(SiteKey),
    /// One door's key.
    Door(DoorKey),
}

impl KeyMaterial {
    /// The door key for `door` (derived when the material is the site secret).
    pub fn door_key(&self, door: &DoorId) -> Result<DoorKey, CliError> {
        match self {
            Self::Site(site) => Ok(site.door_key(door)),
            // Keys are deliberately not `Clone`; re-import the 32 bytes (cannot fail).
            Self::Door(key) => {
                DoorKey::from_bytes(key.as_bytes()).map_err(|e| key_error("door key", e))
            }
        }
    }
}

fn key_error(option: &str, error: KeyError) -> CliError {
    usage_error(format!("{option}: {error}"))
}

/// Decode key text: hex first; if it is not hex, padded standard base64.
fn decode_key<T>(
    option: &str,
    text: &str,
    from_hex: impl Fn(&str) -> Result<T, KeyError>,
    from_base64: impl Fn(&str) -> Result<T, KeyError>,
) -> Result<T, CliError> {
    let text = text.trim();
    match from_hex(text) {
        Err(KeyError::InvalidHex) => from_base64(text).map_err(|error| match error {
            KeyError::InvalidBase64 => usage_error(format!(
                "{option}: not valid hex (two digits per byte) nor padded base64"
            )),
            other => key_error(option, other),
        }),
        other => other.map_err(|error| key_error(option, error)),
    }
}

/// Parse a site secret (16..=64 bytes, hex or base64).
pub fn parse_site_key(option: &str, text: &str) -> Result<SiteKey, CliError> {
    decode_key(option, text, SiteKey::from_hex, SiteKey::from_base64)
}

/// Parse a door key (32 bytes, hex or base64).
pub fn parse_door_key(option: &str, text: &str) -> Result<DoorKey, CliError> {
    decode_key(option, text, DoorKey::from_hex, DoorKey::from_base64)
}

/// The key material: `--site-key` or `--door-key`, else `$DOORCODE_DOOR_KEY`, else
/// `$DOORCODE_SITE_KEY`.
pub fn key_material(args: &Args) -> Result<KeyMaterial, CliError> {
    match (args.value("site-key"), args.value("door-key")) {
        (Some(_), Some(_)) => Err(usage_error(
            "give either --site-key or --door-key, not both",
        )),
        (Some(text), None) => Ok(KeyMaterial::Site(parse_site_key("--site-key", text)?)),
        (None, Some(text)) => Ok(KeyMaterial::Door(parse_door_key("--door-key", text)?)),
        (None, None) => {
            if let Some(text) = env_value(ENV_DOOR_KEY) {
                Ok(KeyMaterial::Door(parse_door_key(ENV_DOOR_KEY, &text)?))
            } else if let Some(text) = env_value(ENV_SITE_KEY) {
                Ok(KeyMaterial::Site(parse_site_key(ENV_SITE_KEY, &text)?))
            } else {
                Err(usage_error(format!(
                    "no key given: pass --site-key or --door-key, or set {ENV_SITE_KEY} or {ENV_DOOR_KEY}"
                )))
            }
        }
    }
}

fn env_value(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The door id: `--door TEXT` (UTF-8 bytes) or `--door-hex HEX`.
pub fn door_id(args: &Args) -> Result<DoorId, CliError> {
    let bytes = match (args.value("door"), args.value("door-hex")) {
        (Some(_), Some(_)) => {
            return Err(usage_error("give either --door or --door-hex, not both"));
        }
        (Some(text), None) => text.as_bytes().to_vec(),
        (None, Some(text)) => hex::decode(text.trim())
            .ok_or_else(|| usage_error("--door-hex: not valid hex (two digits per byte)"))?,
        (None, None) => return Err(usage_error("missing --door ID (or --door-hex HEX)")),
    };
    DoorId::new(&bytes).map_err(|error| usage_error(format!("{error}")))
}

/// `--issuer N` and `--epoch N` (both default 0).
pub fn issuer_and_epoch(args: &Args) -> Result<(IssuerId, Epoch), CliError> {
    let issuer = args
        .value("issuer")
        .map(|v| parse_number("issuer", v))
        .transpose()?
        .unwrap_or(0);
    let epoch = args
        .value("epoch")
        .map(|v| parse_number("epoch", v))
        .transpose()?
        .unwrap_or(0);
    Ok((IssuerId(issuer), Epoch(epoch)))
}

/// The daily-code policy from `--digits`, `--daily-slots`, `--single-use-slots`, `--grace`
/// (defaults: 7, 100, 100, 900). Only the shape is checked here; the library checks the rest.
pub fn policy(args: &Args) -> Result<DailyPolicy, CliError> {
    let defaults = DailyPolicy::default();
    let number = |name: &str, default: u32| -> Result<u32, CliError> {
        args.value(name)
            .map(|v| parse_number(name, v))
            .transpose()
            .map(|v| v.unwrap_or(default))
    };
    let digits: u8 = args
        .value("digits")
        .map(|v| parse_number("digits", v))
        .transpose()?
        .unwrap_or(defaults.length.get());
    let length = CodeLength::new(digits).map_err(|e| usage_error(format!("--digits: {e}")))?;
    Ok(DailyPolicy {
        length,
        daily_slots: number("daily-slots", defaults.daily_slots)?,
        single_use_slots: number("single-use-slots", defaults.single_use_slots)?,
        grace_seconds: number("grace", DEFAULT_GRACE_SECONDS)?,
    })
}

/// The door's zone: `--zone ZONE` (POSIX TZ string, IANA name, `hex:` encoding, or a fixed
/// offset such as `-05:00`), `--utc-offset ±HH:MM` or `--utc-offset-seconds N`; default UTC.
/// Returns the zone and a description of it.
pub fn door_zone(args: &Args) -> Result<(DoorZone, String), CliError> {
    let given: Vec<&str> = ZONE_OPTIONS
        .iter()
        .copied()
        .filter(|name| args.value(name).is_some())
        .collect();
    if given.len() > 1 {
        return Err(usage_error(format!(
            "give only one of --{}",
            given.join(", --")
        )));
    }
    let fixed = |seconds: i32| -> Result<(DoorZone, String), CliError> {
        let zone = DoorZone::from_rule(
            PosixRule::fixed(seconds).map_err(|e| usage_error(format!("--utc-offset: {e}")))?,
        );
        Ok((zone, format!("UTC{}", format_offset(seconds))))
    };
    if let Some(text) = args.value("utc-offset") {
        return fixed(parse_utc_offset(text)?);
    }
    if let Some(text) = args.value("zone") {
        // A fixed offset (`-05:00`, `UTC+01:00`, `Z`) keeps its old meaning.
        let trimmed = text.trim();
        let offset_like = matches!(trimmed, "Z" | "z" | "UTC" | "utc")
            || trimmed.starts_with(['+', '-'])
            || ((trimmed.starts_with("UTC+") || trimmed.starts_with("UTC-"))
                && trimmed.contains(':'));
        if offset_like {
            return fixed(parse_utc_offset(text)?);
        }
        let parsed = parse_zone("--zone", text)?;
        let description = format!("{} ({})", parsed.zone, parsed.source);
        return Ok((parsed.zone, description));
    }
    if let Some(text) = args.value("utc-offset-seconds") {
        let trimmed = text.trim();
        let seconds: i32 = trimmed.parse().map_err(|_| {
            usage_error(format!(
                "--utc-offset-seconds: expected a whole number of seconds east of UTC, got '{text}'"
            ))
        })?;
        Zone::fixed(seconds).map_err(|e| usage_error(format!("--utc-offset-seconds: {e}")))?;
        return fixed(seconds);
    }
    fixed(0)
}

/// Parse an issuer list `0:0,7:2` (issuer:epoch pairs; a bare `7` means epoch 0).
pub fn parse_issuer_list(text: &str) -> Result<Vec<(IssuerId, Epoch)>, CliError> {
    let mut list = Vec::new();
    for item in text.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err(usage_error(format!(
                "--issuers: empty entry in '{text}' (expected issuer:epoch,...)"
            )));
        }
        let (issuer, epoch) = item.split_once(':').unwrap_or((item, "0"));
        list.push((
            IssuerId(parse_number("issuers", issuer)?),
            Epoch(parse_number("issuers", epoch)?),
        ));
    }
    Ok(list)
}

/// One-line description of a policy.
pub fn describe_policy(policy: &DailyPolicy) -> String {
    format!(
        "{} digits, {} daily + {} single-use slots per issuer per day, grace {} s around local midnight",
        policy.length.get(),
        policy.daily_slots,
        policy.single_use_slots,
        policy.grace_seconds
    )
}
