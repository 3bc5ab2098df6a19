//! `doorcode keys derive`.

use std::io::Write;

use doorcode::daily::DAILY_KEY_LABEL;

use crate::args::{Args, Spec};
use crate::error::CliError;
use crate::opts::{self, KeyMaterial};
use crate::{Status, hex, usage};

const SPEC: Spec = Spec {
    values: &[
        "site-key", "door-key", "door", "door-hex", "issuer", "epoch",
    ],
    flags: &[],
};

/// Print the door key, the issuer key and the daily-code key, labelled.
pub fn derive(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse(raw, &SPEC)?;
    if args.help() {
        out.write_all(usage::keys().as_bytes())?;
        return Ok(Status::Success);
    }
    args.expect_positionals::<0>("nothing")?;
    let material = opts::key_material(&args)?;
    let door = opts::door_id(&args)?;
    let (issuer, epoch) = opts::issuer_and_epoch(&args)?;
    let door_key = material.door_key(&door)?;
    let issuer_key = door_key.issuer_key(issuer, epoch);
    let daily_key = issuer_key.purpose_key(DAILY_KEY_LABEL, &[]);

    writeln!(out, "door id:        {}", describe_door(door.as_bytes()))?;
    writeln!(out, "issuer:         {} (epoch {})", issuer.0, epoch.0)?;
    match material {
        KeyMaterial::Site(_) => {
            writeln!(out, "door key:       {}", hex::encode(door_key.as_bytes()))?
        }
        KeyMaterial::Door(_) => writeln!(
            out,
            "door key:       {} (given)",
            hex::encode(door_key.as_bytes())
        )?,
    }
    writeln!(
        out,
        "issuer key:     {}",
        hex::encode(issuer_key.as_bytes())
    )?;
    writeln!(out, "daily-code key: {}", hex::encode(&daily_key[..]))?;
    Ok(Status::Success)
}

/// A door id as text when it is printable UTF-8, else as hex.
pub fn describe_door(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.chars().any(char::is_control) => {
            format!("{text:?} ({} bytes)", bytes.len())
        }
        _ => format!("hex {} ({} bytes)", hex::encode(bytes), bytes.len()),
    }
}
