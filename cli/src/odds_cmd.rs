//! `doorcode odds`.

use std::io::Write;

use doorcode::odds::{GuessOdds, ODDS_CEILING};
use doorcode::zone::Zone;

use crate::args::{Args, Spec, parse_number};
use crate::error::{CliError, usage_error};
use crate::{Status, opts, usage};

const SPEC: Spec = Spec {
    values: &[
        "digits",
        "daily-slots",
        "single-use-slots",
        "grace",
        "issuers",
    ],
    flags: &[],
};

/// 2000-01-01T12:00:00Z: noon in UTC, more than the longest grace (6 h) from either midnight, so
/// exactly one date is a candidate.
const MID_DAY: i64 = 946_728_000;

fn expected(odds: GuessOdds) -> String {
    match odds.expected_guesses() {
        Some(n) => format!("{n}"),
        None => "never (no code is accepted)".to_owned(),
    }
}

/// Print the worst-case and mid-day odds of a policy and whether it passes the ceiling.
pub fn odds(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse(raw, &SPEC)?;
    if args.help() {
        out.write_all(usage::odds().as_bytes())?;
        return Ok(Status::Success);
    }
    args.expect_positionals::<0>("nothing")?;
    let policy = opts::policy(&args)?;
    let issuers: usize = args
        .value("issuers")
        .map(|v| parse_number("issuers", v))
        .transpose()?
        .unwrap_or(1);
    let slots = u64::from(policy.daily_slots).saturating_add(u64::from(policy.single_use_slots));

    writeln!(out, "policy:          {}", opts::describe_policy(&policy))?;
    writeln!(out, "issuers:         {issuers}")?;
    let worst = policy.worst_case_odds(issuers);
    writeln!(
        out,
        "worst case:      {worst}\n                 ({} candidate dates within {} s of local midnight x {issuers} issuer(s) x {slots} slots)",
        policy.worst_case_candidate_dates(),
        policy.grace_seconds
    )?;
    writeln!(
        out,
        "                 expected random entries until one is accepted: {}",
        expected(worst)
    )?;
    match policy.odds_at(issuers, MID_DAY, &Zone::UTC) {
        Ok(mid) => {
            writeln!(
                out,
                "mid-day:         {mid}\n                 (1 candidate date x {issuers} issuer(s) x {slots} slots)"
            )?;
            writeln!(
                out,
                "                 expected random entries until one is accepted: {}",
                expected(mid)
            )?;
        }
        Err(e) => return Err(usage_error(format!("mid-day odds: {e}"))),
    }
    writeln!(
        out,
        "ceiling:         {}/{} (one random entry in {})",
        ODDS_CEILING.accepted,
        ODDS_CEILING.space,
        expected(ODDS_CEILING)
    )?;
    match policy.check(issuers) {
        Ok(()) => {
            writeln!(
                out,
                "verdict:         passes (DailyPolicy::check accepts it)"
            )?;
            Ok(Status::Success)
        }
        Err(e) => {
            writeln!(out, "verdict:         refused")?;
            Err(CliError::rejected(format!("policy refused: {e}")))
        }
    }
}
