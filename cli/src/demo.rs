//! `doorcode demo`: a guided tour with a built-in, publicly known (insecure) site secret.

use std::io::Write;

use doorcode::civil::LocalDate;
use doorcode::code::Digits;
use doorcode::credential::{
    Caveat, CredentialFields, CredentialId, CredentialIssuer, DoorSet, HolderCredential, Role,
};
use doorcode::daily::{DailyIssuer, DailyKind, DailyPolicy, DailyReject, DailyVerifier};
use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};
use doorcode::lock::{Clock, DefaultLock, Event, KeypadAnswer, LockConfig};
use doorcode::schedule::Grant;
use doorcode::zone::Zone;

use crate::args::{Args, Spec};
use crate::daily_cmd::{candidate_dates, describe_accepted, describe_rejected};
use crate::error::CliError;
use crate::time::{format_local, format_offset, format_utc};
use crate::{Status, hex, opts, usage};

/// The demo's site secret. It is printed in every demo run and in the source: INSECURE.
pub const DEMO_SITE_SECRET: &[u8; 32] = b"doorcode-demo-site-key-INSECURE!";
/// The demo door.
pub const DEMO_DOOR: &str = "demo-door";
/// A second door of the same site, to show that codes do not carry over.
pub const DEMO_OTHER_DOOR: &str = "demo-door-2";
/// The demo door's zone: UTC+01:00.
pub const DEMO_UTC_OFFSET: i32 = 3600;

const SPEC: Spec = Spec {
    values: &[],
    flags: &[],
};

fn fail(what: impl std::fmt::Display) -> CliError {
    CliError::rejected(format!("demo: {what}"))
}

/// `doorcode demo`.
pub fn demo(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse(raw, &SPEC)?;
    if args.help() {
        out.write_all(usage::DEMO.as_bytes())?;
        return Ok(Status::Success);
    }
    args.expect_positionals::<0>("nothing")?;
    run_demo(crate::time::now()?, out)
}

/// The demo at instant `now` (UTC seconds).
pub fn run_demo(now: i64, out: &mut dyn Write) -> Result<Status, CliError> {
    let banner =
        "!!! INSECURE DEMO KEY: this site secret is public; never use it for a real door !!!";
    writeln!(out, "{banner}")?;
    let site = SiteKey::from_bytes(DEMO_SITE_SECRET).map_err(fail)?;
    let door = DoorId::new(DEMO_DOOR.as_bytes()).map_err(fail)?;
    let other_door = DoorId::new(DEMO_OTHER_DOOR.as_bytes()).map_err(fail)?;
    let zone = Zone::fixed(DEMO_UTC_OFFSET).map_err(fail)?;
    let policy = DailyPolicy::default();
    let issuers = [(IssuerId(0), Epoch(0))];
    let door_key = site.door_key(&door);
    let today = zone.local_date(now).map_err(fail)?;
    let yesterday = today.pred().ok_or_else(|| fail("no yesterday"))?;

    writeln!(
        out,
        "site secret:  {:?} = {} (INSECURE DEMO KEY)",
        String::from_utf8_lossy(DEMO_SITE_SECRET),
        hex::encode(DEMO_SITE_SECRET)
    )?;
    writeln!(
        out,
        "door:         {DEMO_DOOR:?} in zone UTC{}; its door key, derived from the site secret: {}",
        format_offset(DEMO_UTC_OFFSET),
        hex::encode(door_key.as_bytes())
    )?;
    writeln!(
        out,
        "now:          {} = {} local, so today is {today}",
        format_utc(now),
        format_local(now, DEMO_UTC_OFFSET)
    )?;
    writeln!(out, "policy:       {}", opts::describe_policy(&policy))?;
    writeln!(out, "issuers:      0 (the property's backend), epoch 0")?;

    writeln!(out)?;
    writeln!(out, "1. Issuing today's codes ({today}) for issuer 0:")?;
    let issuer = DailyIssuer::new(
        &door_key.issuer_key(IssuerId(0), Epoch(0)),
        IssuerId(0),
        door,
        policy,
    );
    let mut codes: Vec<(DailyKind, u32, Digits)> = Vec::new();
    for (kind, slots) in [
        (DailyKind::Daily, 0..=3u32),
        (DailyKind::SingleUse, 0..=1u32),
    ] {
        for slot in slots {
            let code = issuer
                .issue(today, kind, slot)
                .map_err(|e| fail(format!("issuing failed: {e}")))?;
            writeln!(out, "   {:<10} slot {slot}: {code}", kind.name())?;
            codes.push((kind, slot, code));
        }
    }

    writeln!(out)?;
    writeln!(
        out,
        "2. Verifying each code at the current time, as the lock of {DEMO_DOOR:?} would:"
    )?;
    let lock = DailyVerifier::new(&door_key, door, policy, &issuers).map_err(fail)?;
    for (kind, slot, code) in &codes {
        let result = lock.verify(&code.to_string(), now, &zone);
        match result {
            Ok(accepted)
                if accepted.date == today && accepted.slot == *slot && accepted.kind == *kind =>
            {
                writeln!(out, "   {code}: {}", describe_accepted(&accepted))?;
            }
            other => return Err(fail(format!("code {code} was not accepted: {other:?}"))),
        }
    }
    let (_, _, first) = codes.first().ok_or_else(|| fail("no codes"))?;
    let first_text = first.to_string();

    writeln!(out)?;
    writeln!(
        out,
        "3. Changing one digit of {first_text} (a mistyped or guessed code):"
    )?;
    let (changed, reject) = one_digit_change(&lock, &first_text, now, &zone)
        .ok_or_else(|| fail("every one-digit change was accepted"))?;
    writeln!(out, "   {changed}: {}", describe_rejected(&reject))?;

    writeln!(out)?;
    writeln!(
        out,
        "4. Typing {first_text} at another door of the same site, {DEMO_OTHER_DOOR:?}:"
    )?;
    let other_lock = DailyVerifier::new(&site.door_key(&other_door), other_door, policy, &issuers)
        .map_err(fail)?;
    match other_lock.verify(&first_text, now, &zone) {
        Err(reject) => writeln!(out, "   {first_text}: {}", describe_rejected(&reject))?,
        Ok(accepted) => return Err(fail(format!("other door accepted it: {accepted:?}"))),
    }

    writeln!(out)?;
    let old = issuer
        .issue(yesterday, DailyKind::Daily, 0)
        .map_err(|e| fail(format!("issuing failed: {e}")))?;
    writeln!(
        out,
        "5. Yesterday's ({yesterday}) daily code for slot 0 is {old}; typing it today:"
    )?;
    let at = instant_outside_grace(now, &zone, &policy, yesterday, today)?;
    if at != now {
        writeln!(
            out,
            "   (it is within {} s after local midnight, when yesterday's codes still work by design;\n    checking at local noon, {}, instead)",
            policy.grace_seconds,
            format_local(at, DEMO_UTC_OFFSET)
        )?;
    }
    match lock.verify(&old.to_string(), at, &zone) {
        Err(reject) => writeln!(out, "   {old}: {}", describe_rejected(&reject))?,
        Ok(accepted) => return Err(fail(format!("yesterday's code accepted: {accepted:?}"))),
    }

    writeln!(out)?;
    writeln!(out, "6. Guessing odds of this policy with 1 issuer:")?;
    let odds_now = lock.odds_at(now, &zone).map_err(fail)?;
    writeln!(
        out,
        "   right now:  {odds_now} that one random entry is accepted"
    )?;
    writeln!(
        out,
        "   worst case: {} (within {} s of local midnight, when two days' codes are valid)",
        policy.worst_case_odds(1),
        policy.grace_seconds
    )?;
    phone_credentials(&site, door, now, &zone, out)?;
    writeln!(out)?;
    writeln!(out, "All checks behaved as expected. {banner}")?;
    Ok(Status::Success)
}

/// The first one-digit change of `code` that the lock rejects (almost always the first one).
fn one_digit_change(
    lock: &DailyVerifier,
    code: &str,
    now: i64,
    zone: &Zone,
) -> Option<(String, DailyReject)> {
    let digits = code.as_bytes();
    for position in (0..digits.len()).rev() {
        for delta in 1..=9u8 {
            let mut changed = digits.to_vec();
            let digit = changed.get_mut(position)?;
            *digit = b'0'.wrapping_add(digit.wrapping_sub(b'0').wrapping_add(delta) % 10);
            let text = String::from_utf8(changed).ok()?;
            if let Err(reject) = lock.verify(&text, now, zone) {
                return Some((text, reject));
            }
        }
    }
    None
}

/// `now`, unless yesterday is still a candidate date then (inside the grace after midnight), in
/// which case local noon of today.
fn instant_outside_grace(
    now: i64,
    zone: &Zone,
    policy: &DailyPolicy,
    yesterday: LocalDate,
    today: LocalDate,
) -> Result<i64, CliError> {
    let candidates = candidate_dates(now, zone, policy.grace_seconds)
        .ok_or_else(|| fail("clock out of range"))?;
    if !candidates.iter().any(|c| c.date == yesterday) {
        return Ok(now);
    }
    let (start, _) = zone
        .day_bounds(today)
        .ok_or_else(|| fail("today has no bounds"))?;
    start
        .checked_add(12 * 3600)
        .ok_or_else(|| fail("clock out of range"))
}

/// Step 7: a resident's phone credential, a guest's delegated one, both presented at the demo
/// door's lock over a (simulated) BLE challenge-response; a replayed exchange is refused.
fn phone_credentials(
    site: &SiteKey,
    door: DoorId,
    now: i64,
    zone: &Zone,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    const HOUR: i64 = 3600;
    const MONTH: i64 = 30 * 24 * HOUR;
    const DAY: i64 = 24 * HOUR;
    let grant = |from: i64, to: i64| {
        Grant::new(
            now.checked_add(from)
                .ok_or_else(|| fail("clock out of range"))?,
            now.checked_add(to)
                .ok_or_else(|| fail("clock out of range"))?,
        )
        .map_err(fail)
    };
    let mut fields = CredentialFields::new(
        CredentialId::from_bytes([0x11; 16]),
        1001,
        grant(-HOUR, MONTH)?,
    );
    fields.role = Role::Resident;
    fields.may_share = true;
    // Fixed entropy keeps the demo reproducible; a backend uses fresh random bytes.
    let resident = CredentialIssuer::from_site(site, IssuerId(0), Epoch(0), &[door])
        .issue(&fields, &[door], &[0x5a; 32])
        .map_err(|e| fail(format!("issuing the credential failed: {e}")))?;
    writeln!(out)?;
    writeln!(
        out,
        "7. A phone credential for resident 1001 at {DEMO_DOOR:?} (may share, 30 days): {} bytes",
        resident.blob().len()
    )?;
    let caveat = Caveat::new(
        CredentialId::from_bytes([0x22; 16]),
        2002,
        DoorSet::all(1),
        grant(-60, DAY)?,
    );
    let guest = resident
        .delegate(&caveat)
        .map_err(|e| fail(format!("delegating failed: {e}")))?;
    writeln!(
        out,
        "   the resident delegates to guest 2002 for the next 24 hours, offline (one caveat)"
    )?;
    let mut config = LockConfig::new(door);
    config.zone = *zone;
    let mut lock = DefaultLock::new(site.door_key(&door), config).map_err(fail)?;
    let mut present = |who: &str, phone: &HolderCredential| -> Result<Vec<u8>, CliError> {
        let challenge = lock.challenge(&[0x33; 16], Clock::Set(now)).map_err(fail)?;
        let presentation = phone
            .answer_challenge(&challenge.to_bytes())
            .map_err(|e| fail(format!("answering failed: {e}")))?;
        let (answer, event) = lock.present(&presentation, Clock::Set(now));
        if answer != KeypadAnswer::Accept {
            return Err(fail(format!("{who}'s credential was refused: {event:?}")));
        }
        writeln!(
            out,
            "   {who}: nonce {} answered with {} bytes: {}",
            hex::encode(&challenge.nonce),
            presentation.len(),
            describe_event(&event)
        )?;
        Ok(presentation)
    };
    present("resident", &resident)?;
    let replay = present("guest", &guest)?;
    let (answer, event) = lock.present(&replay, Clock::Set(now));
    if answer == KeypadAnswer::Accept {
        return Err(fail("a replayed presentation was accepted"));
    }
    writeln!(
        out,
        "   replaying the guest's recorded answer: {}",
        describe_event(&event)
    )?;
    Ok(())
}

fn describe_event(event: &Event) -> String {
    match (event.answer, &event.reason, &event.matched) {
        (KeypadAnswer::Accept, _, Some(doorcode::lock::Matched::Credential(presented))) => {
            match presented.guest {
                Some(guest) => format!(
                    "accepted (guest {guest} via resident {}'s credential)",
                    presented.holder
                ),
                None => format!("accepted (holder {})", presented.holder),
            }
        }
        (_, Some(reason), _) => format!("rejected: {reason}"),
        _ => format!("{:?}", event.answer),
    }
}
