//! `doorcode daily issue | verify | explain`.

use std::io::Write;

use doorcode::civil::LocalDate;
use doorcode::daily::{
    DailyAccepted, DailyIssuer, DailyKind, DailyPolicy, DailyReject, DailyVerifier,
};
use doorcode::keys::{Epoch, IssuerId};
use doorcode::odds::ODDS_CEILING;
use doorcode::zone::Zone;

use crate::args::{Args, Spec, parse_number};
use crate::error::{CliError, usage_error};
use crate::keys_cmd::describe_door;
use crate::time::{format_utc, parse_instant};
use crate::tz_cmd::{DoorZone, format_in_zone};
use crate::{Status, opts, usage};

const ISSUE_SPEC: Spec = Spec {
    values: &[
        "site-key",
        "door-key",
        "door",
        "door-hex",
        "issuer",
        "epoch",
        "date",
        "slot",
        "kind",
        "digits",
        "daily-slots",
        "single-use-slots",
        "grace",
        "utc-offset",
        "utc-offset-seconds",
        "zone",
    ],
    flags: &["all"],
};

const VERIFY_SPEC: Spec = Spec {
    values: &[
        "site-key",
        "door-key",
        "door",
        "door-hex",
        "issuers",
        "issuer",
        "epoch",
        "now",
        "digits",
        "daily-slots",
        "single-use-slots",
        "grace",
        "utc-offset",
        "utc-offset-seconds",
        "zone",
    ],
    flags: &[],
};

/// The stable name of a rejection reason, as used in the vectors: `NoMatch`, `ClockOutOfRange`,
/// `Malformed.Empty`, `Malformed.WrongLength`, ...
pub fn reject_name(reject: &DailyReject) -> String {
    use doorcode::code::CodeFormatError as F;
    match reject {
        DailyReject::NoMatch => "NoMatch".to_owned(),
        DailyReject::ClockOutOfRange => "ClockOutOfRange".to_owned(),
        DailyReject::Malformed(format) => {
            let inner = match format {
                F::Empty => "Empty",
                F::TooLong { .. } => "TooLong",
                F::InvalidCharacter { .. } => "InvalidCharacter",
                F::WrongLength { .. } => "WrongLength",
                F::UnsupportedLength { .. } => "UnsupportedLength",
                _ => "Other",
            };
            format!("Malformed.{inner}")
        }
        _ => "Other".to_owned(),
    }
}

/// `accepted date=.. slot=.. kind=.. issuer=..`.
pub fn describe_accepted(accepted: &DailyAccepted) -> String {
    format!(
        "accepted date={} slot={} kind={} issuer={}",
        accepted.date,
        accepted.slot,
        accepted.kind.name(),
        accepted.issuer.0
    )
}

/// `rejected: <reason> [Name]`.
pub fn describe_rejected(reject: &DailyReject) -> String {
    format!("rejected: {reject} [{}]", reject_name(reject))
}

/// One candidate date and why it is a candidate.
pub struct Candidate {
    /// The local date.
    pub date: LocalDate,
    /// Why it is tried.
    pub why: &'static str,
}

/// The dates whose codes a lock accepts at `now` (the library's rule), each with why.
pub fn candidate_dates<const N: usize>(
    now: i64,
    zone: &Zone<N>,
    grace: u32,
) -> Option<Vec<Candidate>> {
    let today = zone.local_date(now).ok()?;
    let dates = doorcode::daily::candidate_dates(now, zone, grace).ok()?;
    let explain = |date: &LocalDate| match date.cmp(&today) {
        std::cmp::Ordering::Equal => "the local date now",
        std::cmp::Ordering::Less => {
            "the local date one grace period ago: yesterday's codes still work just after midnight"
        }
        std::cmp::Ordering::Greater => {
            "the local date one grace period ahead: tomorrow's codes already work just before midnight"
        }
    };
    Some(
        dates
            .as_slice()
            .iter()
            .map(|date| Candidate {
                date: *date,
                why: explain(date),
            })
            .collect(),
    )
}

fn parse_kind(text: &str) -> Result<DailyKind, CliError> {
    DailyKind::from_name(text).ok_or_else(|| {
        usage_error(format!(
            "--kind: expected 'daily' or 'single-use', got '{text}'"
        ))
    })
}

fn parse_date(text: &str) -> Result<LocalDate, CliError> {
    text.parse()
        .map_err(|e| usage_error(format!("--date: '{text}': {e}")))
}

fn slots_of(policy: &DailyPolicy, kind: DailyKind) -> u32 {
    match kind {
        DailyKind::Daily => policy.daily_slots,
        DailyKind::SingleUse => policy.single_use_slots,
    }
}

/// `doorcode daily issue`.
pub fn issue(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse(raw, &ISSUE_SPEC)?;
    if args.help() {
        out.write_all(usage::daily_issue().as_bytes())?;
        return Ok(Status::Success);
    }
    args.expect_positionals::<0>("nothing")?;
    let material = opts::key_material(&args)?;
    let door = opts::door_id(&args)?;
    let (issuer, epoch) = opts::issuer_and_epoch(&args)?;
    let policy = opts::policy(&args)?;
    policy
        .check(1)
        .map_err(|e| usage_error(format!("invalid policy: {e}")))?;
    let (zone, _) = opts::door_zone(&args)?;
    let date = match args.value("date") {
        Some(text) => parse_date(text)?,
        None => zone
            .local_date(crate::time::now()?)
            .map_err(|e| usage_error(format!("today's date: {e}")))?,
    };
    let kind = args.value("kind").map(parse_kind).transpose()?;
    let slot: Option<u32> = args
        .value("slot")
        .map(|v| parse_number("slot", v))
        .transpose()?;
    let door_key = material.door_key(&door)?;
    let issuer_obj = DailyIssuer::new(&door_key.issuer_key(issuer, epoch), issuer, door, policy);
    let issue_one = |kind: DailyKind, slot: u32| {
        issuer_obj
            .issue(date, kind, slot)
            .map_err(|e| usage_error(format!("cannot issue: {e}")))
    };

    match (args.flag("all"), slot) {
        (true, Some(_)) => Err(usage_error("give either --slot or --all, not both")),
        (false, None) => Err(usage_error("missing --slot N (or --all for every slot)")),
        (false, Some(slot)) => {
            let code = issue_one(kind.unwrap_or(DailyKind::Daily), slot)?;
            writeln!(out, "{code}")?;
            Ok(Status::Success)
        }
        (true, None) => {
            let kinds = match kind {
                Some(kind) => vec![kind],
                None => vec![DailyKind::Daily, DailyKind::SingleUse],
            };
            writeln!(
                out,
                "# {date}, door {}, issuer {} epoch {}",
                describe_door(door.as_bytes()),
                issuer.0,
                epoch.0
            )?;
            writeln!(out, "{:>8}  {:<10}  code", "slot", "kind")?;
            for kind in kinds {
                for slot in 0..slots_of(&policy, kind) {
                    let code = issue_one(kind, slot)?;
                    writeln!(out, "{slot:>8}  {:<10}  {code}", kind.name())?;
                }
            }
            Ok(Status::Success)
        }
    }
}

fn issuer_list(args: &Args) -> Result<Vec<(IssuerId, Epoch)>, CliError> {
    match (
        args.value("issuers"),
        args.value("issuer").or(args.value("epoch")),
    ) {
        (Some(_), Some(_)) => Err(usage_error(
            "give either --issuers LIST or --issuer/--epoch, not both",
        )),
        (Some(list), None) => opts::parse_issuer_list(list),
        (None, Some(_)) => Ok(vec![opts::issuer_and_epoch(args)?]),
        (None, None) => Ok(vec![(IssuerId(0), Epoch(0))]),
    }
}

/// `doorcode daily verify` and `doorcode daily explain`.
pub fn verify(raw: &[String], out: &mut dyn Write, explain: bool) -> Result<Status, CliError> {
    let args = Args::parse(raw, &VERIFY_SPEC)?;
    if args.help() {
        out.write_all(usage::daily_verify(explain).as_bytes())?;
        return Ok(Status::Success);
    }
    let [code] = args.expect_positionals::<1>("the CODE to verify")?;
    let material = opts::key_material(&args)?;
    let door = opts::door_id(&args)?;
    let policy = opts::policy(&args)?;
    let issuers = issuer_list(&args)?;
    let (zone, zone_name) = opts::door_zone(&args)?;
    let now = match args.value("now") {
        Some(text) => parse_instant(text)?,
        None => crate::time::now()?,
    };
    let door_key = material.door_key(&door)?;
    let verifier = DailyVerifier::new(&door_key, door, policy, &issuers)
        .map_err(|e| usage_error(format!("invalid policy: {e}")))?;
    let result = verifier.verify(code, now, &zone);

    if explain {
        explain_lines(out, code, now, &zone_name, &zone, &verifier, &issuers)?;
    }
    let line = match &result {
        Ok(accepted) => describe_accepted(accepted),
        Err(reject) => describe_rejected(reject),
    };
    if explain {
        writeln!(out, "result:           {line}")?;
    } else {
        writeln!(out, "{line}")?;
    }
    Ok(match result {
        Ok(_) => Status::Success,
        Err(_) => Status::Rejected,
    })
}

fn explain_lines(
    out: &mut dyn Write,
    code: &str,
    now: i64,
    zone_name: &str,
    zone: &DoorZone,
    verifier: &DailyVerifier,
    issuers: &[(IssuerId, Epoch)],
) -> Result<(), CliError> {
    let policy = verifier.policy();
    writeln!(out, "input:            {code:?}")?;
    match Zone::UTC.local_datetime(now) {
        Ok(_) => writeln!(out, "instant:          {} (unix {now})", format_utc(now))?,
        Err(_) => writeln!(out, "instant:          {}", format_utc(now))?,
    }
    writeln!(
        out,
        "door zone:        {zone_name}; local time {}",
        format_in_zone(zone, now)
    )?;
    writeln!(out, "policy:           {}", opts::describe_policy(policy))?;
    let listed: Vec<String> = issuers
        .iter()
        .map(|(id, epoch)| format!("{} (epoch {})", id.0, epoch.0))
        .collect();
    writeln!(out, "issuers:          {}", listed.join(", "))?;
    match candidate_dates(now, zone, policy.grace_seconds) {
        Some(list) => {
            writeln!(
                out,
                "candidate dates:  {} (one FF1 decryption per date and issuer)",
                list.len()
            )?;
            for candidate in &list {
                writeln!(out, "  {}  {}", candidate.date, candidate.why)?;
            }
        }
        None => writeln!(
            out,
            "candidate dates:  none: the clock (or the clock +- grace) is outside years 1900..=9999"
        )?,
    }
    match verifier.odds_at(now, zone) {
        Ok(odds) => writeln!(
            out,
            "odds now:         {odds} that one random entry is accepted"
        )?,
        Err(e) => writeln!(out, "odds now:         not defined: {e}")?,
    }
    let worst = policy.worst_case_odds(verifier.issuer_count());
    writeln!(
        out,
        "odds worst case:  {worst} (within {} s of local midnight)",
        policy.grace_seconds
    )?;
    let verdict = match policy.check(verifier.issuer_count()) {
        Ok(()) => "the worst case is within it".to_owned(),
        Err(e) => format!("refused: {e}"),
    };
    writeln!(
        out,
        "ceiling:          {}/{}; {verdict}",
        ODDS_CEILING.accepted, ODDS_CEILING.space
    )?;
    Ok(())
}
