//! `doorcode permanent derive`: a person's permanent code at a door or for the communal doors
//! (SPEC.md section 14); and `doorcode odds --permanent-codes M`: a door's combined odds with M
//! stored codes (SPEC 14.7).

use std::io::Write;

use doorcode::code::{CodeLength, Digits};
use doorcode::keys::{DoorId, SiteKey};
use doorcode::odds::{check_door_odds, stored_code_odds};
use doorcode::permanent::{
    Generation, PermanentCode, PermanentError, PersonId, Scope, derive, permanent_code,
};

use crate::args::{Args, Spec, parse_number};
use crate::error::{CliError, usage_error};
use crate::keys_cmd::describe_door;
use crate::opts::{ENV_SITE_KEY, parse_site_key};
use crate::{Status, hex, odds_cmd, opts, usage};

const SPEC: Spec = Spec {
    values: &[
        "site-key",
        "person",
        "person-hex",
        "door",
        "door-hex",
        "generation",
        "digits",
        "taken",
        "attempt",
    ],
    flags: &["common"],
};

/// The site secret: `--site-key`, else `$DOORCODE_SITE_KEY` (a door key cannot derive
/// permanent codes: they sit beside the door keys, SPEC 14.1).
fn site_key(args: &Args) -> Result<SiteKey, CliError> {
    if let Some(text) = args.value("site-key") {
        return parse_site_key("--site-key", text);
    }
    match std::env::var(ENV_SITE_KEY)
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        Some(text) => parse_site_key(ENV_SITE_KEY, &text),
        None => Err(usage_error(format!(
            "no site secret given: pass --site-key or set {ENV_SITE_KEY} (permanent codes derive from the site secret, not a door key)"
        ))),
    }
}

fn person(args: &Args) -> Result<PersonId, CliError> {
    let bytes = match (args.value("person"), args.value("person-hex")) {
        (Some(_), Some(_)) => {
            return Err(usage_error(
                "give either --person or --person-hex, not both",
            ));
        }
        (Some(text), None) => text.as_bytes().to_vec(),
        (None, Some(text)) => hex::decode(text.trim())
            .ok_or_else(|| usage_error("--person-hex: not valid hex (two digits per byte)"))?,
        (None, None) => return Err(usage_error("missing --person TEXT (or --person-hex HEX)")),
    };
    PersonId::new(&bytes).map_err(|e| usage_error(format!("person id: {e}")))
}

/// `Some(door)` for `--door`/`--door-hex`, `None` for `--common`.
fn scope(args: &Args) -> Result<Option<DoorId>, CliError> {
    let door_given = args.value("door").is_some() || args.value("door-hex").is_some();
    match (door_given, args.flag("common")) {
        (true, true) => Err(usage_error(
            "give either --door (a per-door code) or --common (the communal doors' code), not both",
        )),
        (false, false) => Err(usage_error(
            "missing --door ID (or --door-hex HEX) for a per-door code, or --common for the communal doors' code",
        )),
        (true, false) => opts::door_id(args).map(Some),
        (false, true) => Ok(None),
    }
}

/// `--taken CODE,CODE,...`: codes of `length` digits (separators `-` and spaces allowed in each).
fn taken(text: &str, length: CodeLength) -> Result<Vec<Digits>, CliError> {
    text.split(',')
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .map(|code| {
            Digits::parse(code, length).map_err(|e| {
                usage_error(format!(
                    "--taken: '{code}' is not a {}-digit code: {e}",
                    length.get()
                ))
            })
        })
        .collect()
}

/// Print a person's permanent code and the attempt that produced it.
pub fn derive_cmd(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse(raw, &SPEC)?;
    if args.help() {
        out.write_all(usage::permanent().as_bytes())?;
        return Ok(Status::Success);
    }
    args.expect_positionals::<0>("nothing")?;
    let key = site_key(&args)?.permanent_key();
    let person = person(&args)?;
    let door = scope(&args)?;
    let scope = door.as_ref().map_or(Scope::Common, Scope::Door);
    let generation = Generation(
        args.value("generation")
            .map(|v| parse_number("generation", v))
            .transpose()?
            .unwrap_or(0),
    );
    let digits: u8 = args
        .value("digits")
        .map(|v| parse_number("digits", v))
        .transpose()?
        .unwrap_or(CodeLength::SEVEN.get());
    let length = CodeLength::new(digits).map_err(|e| usage_error(format!("--digits: {e}")))?;
    let taken = taken(args.value("taken").unwrap_or(""), length)?;
    let issued = match args.value("attempt") {
        Some(text) => {
            if args.value("taken").is_some() {
                return Err(usage_error(
                    "give either --attempt (re-derive an issued code) or --taken (resolve a new one), not both",
                ));
            }
            let attempt: u32 = parse_number("attempt", text)?;
            if attempt >= doorcode::permanent::MAX_ATTEMPTS {
                return Err(usage_error(format!(
                    "--attempt: {attempt} is outside 0..={}",
                    doorcode::permanent::MAX_ATTEMPTS.saturating_sub(1)
                )));
            }
            PermanentCode {
                code: derive(&key, &person, scope, generation, length, attempt),
                attempt,
            }
        }
        None => permanent_code(&key, &person, scope, generation, length, |code| {
            taken.contains(code)
        })
        .map_err(|e| match e {
            PermanentError::NoFreeCode { .. } => {
                CliError::rejected(format!("{e} ({} taken codes given)", taken.len()))
            }
            other => usage_error(format!("{other}")),
        })?,
    };

    writeln!(out, "code:       {}", issued.code)?;
    writeln!(out, "attempt:    {}", issued.attempt)?;
    writeln!(out, "person:     {}", describe_door(person.as_bytes()))?;
    match &door {
        Some(door) => writeln!(out, "scope:      door {}", describe_door(door.as_bytes()))?,
        None => writeln!(out, "scope:      common (the site's communal doors)")?,
    }
    writeln!(out, "generation: {}", generation.0)?;
    writeln!(out, "digits:     {}", length.get())?;
    writeln!(
        out,
        "note:       the backend stores the attempt ({}) with the code and re-derives it with\n            --attempt; it never re-resolves an issued code and never shows the attempt to\n            the person (SPEC 14.5, 14.6)",
        issued.attempt
    )?;
    Ok(Status::Success)
}

/// The options of `doorcode odds` that add stored permanent codes.
const PERMANENT_ODDS_OPTIONS: [&str; 2] = ["--permanent-codes", "--permanent-digits"];

/// `doorcode odds`'s options plus the permanent ones.
const ODDS_SPEC: Spec = Spec {
    values: &[
        "digits",
        "daily-slots",
        "single-use-slots",
        "grace",
        "issuers",
        "permanent-codes",
        "permanent-digits",
    ],
    flags: &[],
};

/// Whether `word` is one of [`PERMANENT_ODDS_OPTIONS`], as `--name` or `--name=value`.
fn permanent_odds_option(word: &str) -> Option<bool> {
    PERMANENT_ODDS_OPTIONS.iter().find_map(|option| {
        let rest = word.strip_prefix(option)?;
        match rest {
            "" => Some(true),
            _ if rest.starts_with('=') => Some(false),
            _ => None,
        }
    })
}

/// `doorcode odds`: the daily policy's odds ([`odds_cmd::odds`]); with `--permanent-codes M`
/// (and `--permanent-digits N`, default the policy's length) also the odds of M stored
/// permanent codes and the door's combined odds ([`check_door_odds`]), which must pass the
/// ceiling too.
pub fn odds(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    if !raw.iter().any(|word| permanent_odds_option(word).is_some()) {
        return odds_cmd::odds(raw, out);
    }
    let args = Args::parse(raw, &ODDS_SPEC)?;
    if args.help() {
        out.write_all(usage::odds().as_bytes())?;
        return Ok(Status::Success);
    }
    args.expect_positionals::<0>("nothing")?;
    let stored: u64 = parse_number(
        "permanent-codes",
        args.value("permanent-codes")
            .ok_or_else(|| usage_error("--permanent-digits needs --permanent-codes M"))?,
    )?;
    let policy = opts::policy(&args)?;
    let digits: u8 = args
        .value("permanent-digits")
        .map(|v| parse_number("permanent-digits", v))
        .transpose()?
        .unwrap_or(policy.length.get());
    let length =
        CodeLength::new(digits).map_err(|e| usage_error(format!("--permanent-digits: {e}")))?;
    let issuers: usize = args
        .value("issuers")
        .map(|v| parse_number("issuers", v))
        .transpose()?
        .unwrap_or(1);
    // The daily policy's report, without the permanent options (each `--name value` is two
    // words, `--name=value` one).
    let mut daily_args = Vec::new();
    let mut words = raw.iter();
    while let Some(word) = words.next() {
        match permanent_odds_option(word) {
            Some(true) => {
                words.next();
            }
            Some(false) => {}
            None => daily_args.push(word.clone()),
        }
    }
    odds_cmd::odds(&daily_args, out)?;

    let permanent = stored_code_odds(stored, length);
    writeln!(
        out,
        "permanent:       {permanent}\n                 ({stored} stored codes of {digits} digits)"
    )?;
    let combined = check_door_odds(&[policy.worst_case_odds(issuers), permanent]);
    let door = combined.unwrap_or_else(|above| above.0);
    writeln!(
        out,
        "door:            {door}\n                 (daily worst case and permanent codes: codes of one length add up, the worst length counts)"
    )?;
    match combined {
        Ok(_) => {
            writeln!(
                out,
                "door verdict:    passes (odds::check_door_odds accepts it)"
            )?;
            Ok(Status::Success)
        }
        Err(e) => {
            writeln!(out, "door verdict:    refused")?;
            Err(CliError::rejected(format!("door refused: {e}")))
        }
    }
}
