//! `doorcode daily batch`: many doors and days at once, as CSV (library: `doorcode::batch`).

use std::io::Write;

use doorcode::batch::{BatchRequest, DoorKeys, SlotRange};
use doorcode::civil::LocalDate;
use doorcode::daily::DailyKind;
use doorcode::keys::DoorId;

use crate::args::{Args, Spec, parse_number};
use crate::error::{CliError, usage_error};
use crate::hex;
use crate::opts::{self, KeyMaterial};
use crate::{Status, usage};

const BATCH_SPEC: Spec = Spec {
    values: &[
        "site-key",
        "door-key",
        "doors",
        "door",
        "door-hex",
        "issuer",
        "epoch",
        "from",
        "days",
        "kind",
        "slots",
        "digits",
        "daily-slots",
        "single-use-slots",
        "grace",
    ],
    flags: &[],
};

/// Help of `doorcode daily batch`.
pub fn help() -> String {
    format!(
        "\
doorcode daily batch - issue daily codes for many doors and days at once, as CSV

usage: doorcode daily batch KEY (--doors ID,ID,.. | --door ID | --door-hex HEX)
                            --from YYYY-MM-DD [--days N] [--kind KIND] [--slots N]
                            [--issuer N] [--epoch N] [POLICY]

Prints 'door,date,kind,slot,code' and one line per code, in the order door (as listed), date,
kind (daily before single-use), slot. Codes are issued in parallel on every core.

  --doors LIST         comma-separated UTF-8 door ids (needs the site key)
  --from YYYY-MM-DD    the first local date
  --days N             consecutive dates from --from (default 1)
  --kind KIND          only daily or only single-use codes (default both)
  --slots N            slots 0..N of each kind (default: every slot of the policy)
  --issuer N           issuer id (default 0)
  --epoch N            the issuer's key epoch (default 0)

{}",
        usage::key_and_policy_help()
    )
}

/// A CSV field: quoted when it holds a comma, quote or line break (door ids are free text).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn door_label(door: &DoorId) -> String {
    match std::str::from_utf8(door.as_bytes()) {
        Ok(text) if !text.chars().any(char::is_control) => csv_field(text),
        _ => format!("hex:{}", hex::encode(door.as_bytes())),
    }
}

fn doors(args: &Args) -> Result<Vec<DoorId>, CliError> {
    match args.value("doors") {
        Some(_) if args.value("door").is_some() || args.value("door-hex").is_some() => Err(
            usage_error("give either --doors LIST or --door/--door-hex, not both"),
        ),
        Some(list) => list
            .split(',')
            .map(|id| {
                DoorId::new(id.as_bytes()).map_err(|e| usage_error(format!("--doors '{id}': {e}")))
            })
            .collect(),
        None => Ok(vec![opts::door_id(args)?]),
    }
}

/// `doorcode daily batch`.
pub fn batch(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse(raw, &BATCH_SPEC)?;
    if args.help() {
        out.write_all(help().as_bytes())?;
        return Ok(Status::Success);
    }
    args.expect_positionals::<0>("nothing")?;
    let material = opts::key_material(&args)?;
    let doors = doors(&args)?;
    let (issuer, epoch) = opts::issuer_and_epoch(&args)?;
    let policy = opts::policy(&args)?;
    let first_date: LocalDate = match args.value("from") {
        Some(text) => text
            .parse()
            .map_err(|e| usage_error(format!("--from: '{text}': {e}")))?,
        None => return Err(usage_error("missing --from YYYY-MM-DD")),
    };
    let days: u32 = match args.value("days") {
        Some(text) => parse_number("days", text)?,
        None => 1,
    };
    let kinds = match args.value("kind") {
        Some(text) => vec![DailyKind::from_name(text).ok_or_else(|| {
            usage_error(format!(
                "--kind: expected 'daily' or 'single-use', got '{text}'"
            ))
        })?],
        None => vec![DailyKind::Daily, DailyKind::SingleUse],
    };
    let count: Option<u32> = args
        .value("slots")
        .map(|text| parse_number("slots", text))
        .transpose()?;
    let slots: Vec<SlotRange> = kinds
        .into_iter()
        .map(|kind| {
            let all = SlotRange::all(kind, &policy);
            SlotRange {
                count: count.unwrap_or(all.count),
                ..all
            }
        })
        .collect();
    let door_keys;
    let keys = match &material {
        KeyMaterial::Site(site) => DoorKeys::Site(site),
        KeyMaterial::Door(_) => {
            if doors.len() != 1 {
                return Err(usage_error(
                    "a door key issues for one door only; give the site key for --doors",
                ));
            }
            door_keys = doors
                .iter()
                .map(|door| material.door_key(door))
                .collect::<Result<Vec<_>, _>>()?;
            DoorKeys::PerDoor(&door_keys)
        }
    };
    let request = BatchRequest {
        keys,
        doors: &doors,
        issuer,
        epoch,
        first_date,
        days,
        slots: &slots,
        policy,
    };
    let codes = request
        .issue()
        .map_err(|e| usage_error(format!("cannot issue: {e}")))?;
    let labels: Vec<String> = doors.iter().map(door_label).collect();
    let mut out = std::io::BufWriter::new(out);
    writeln!(out, "door,date,kind,slot,code")?;
    for code in &codes {
        let label = labels.get(code.door).map_or("?", String::as_str);
        writeln!(
            out,
            "{label},{},{},{},{}",
            code.date,
            code.kind.name(),
            code.slot,
            code.code
        )?;
    }
    out.flush()?;
    Ok(Status::Success)
}
