//! `doorcode credential issue | show | delegate | challenge | answer | verify`: mobile
//! credentials (SPEC section 16) from the backend's, the phone's and the lock's side.
//!
//! A *bundle* is what a phone keeps ([`HolderCredential::to_bytes`], hex): the credential, its
//! caveat chain, the content key and a proof key per door. It contains secrets.

use std::io::{Read, Write};

use doorcode::credential::{
    Caveat, CredentialError, CredentialFields, CredentialId, CredentialIssuer, CredentialReject,
    DoorSet, HolderCredential, Revoked, Rights, Role, VerifyContext, Widening, verify_presentation,
};
use doorcode::keys::{DoorId, Epoch, IssuerId};
use doorcode::lock::{Clock, DefaultLock, LockConfig};
use doorcode::schedule::{Grant, Schedule};

use crate::args::{Args, Spec, parse_number};
use crate::error::{CliError, usage_error};
use crate::opts::{self, KeyMaterial};
use crate::time::{format_utc, parse_rfc3339};
use crate::{Status, hex, usage};

const ISSUE_SPEC: Spec = Spec {
    values: &[
        "site-key",
        "door-key",
        "issuer",
        "epoch",
        "door",
        "holder",
        "key",
        "id",
        "not-before",
        "not-after",
        "schedule",
        "role",
        "entropy",
    ],
    flags: &["may-share", "bundle"],
};

const SHOW_SPEC: Spec = Spec {
    values: &[],
    flags: &[],
};

const DELEGATE_SPEC: Spec = Spec {
    values: &[
        "link",
        "guest",
        "door",
        "not-before",
        "not-after",
        "schedule",
    ],
    flags: &["may-share"],
};

const CHALLENGE_SPEC: Spec = Spec {
    values: &[
        "site-key", "door-key", "door", "door-hex", "entropy", "state", "now",
    ],
    flags: &[],
};

const ANSWER_SPEC: Spec = Spec {
    values: &[],
    flags: &[],
};

const VERIFY_SPEC: Spec = Spec {
    values: &[
        "site-key",
        "door-key",
        "door",
        "door-hex",
        "challenge",
        "now",
        "issuers",
        "deny-credential",
        "deny-person",
        "utc-offset",
        "utc-offset-seconds",
        "zone",
    ],
    flags: &[],
};

/// `doorcode credential ...`: dispatch on the subcommand.
pub fn credential(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let (sub, rest) = match raw.split_first() {
        Some((sub, rest)) => (sub.as_str(), rest),
        None => return help(out),
    };
    match sub {
        "issue" => issue(rest, out),
        "show" => show(rest, out),
        "delegate" => delegate(rest, out),
        "challenge" => challenge(rest, out),
        "answer" => answer(rest, out),
        "verify" => verify(rest, out),
        "--help" | "-h" | "help" => help(out),
        other => Err(usage_error(format!(
            "unknown subcommand 'credential {other}' (expected: issue, show, delegate, challenge, answer or verify)"
        ))),
    }
}

fn help(out: &mut dyn Write) -> Result<Status, CliError> {
    out.write_all(usage::CREDENTIAL.as_bytes())?;
    Ok(Status::Success)
}

/// The name of a credential error, without its payload (`UnknownVersion`, `Truncated`).
pub fn error_name(error: &CredentialError) -> String {
    match error {
        CredentialError::Widening(widening) => format!("Widening.{}", widening_name(*widening)),
        other => {
            let debug = format!("{other:?}");
            debug
                .split(['(', ' ', '{'])
                .next()
                .unwrap_or_default()
                .to_owned()
        }
    }
}

fn widening_name(widening: Widening) -> &'static str {
    match widening {
        Widening::NotShareable => "NotShareable",
        Widening::Doors => "Doors",
        Widening::Window => "Window",
        Widening::Schedule => "Schedule",
        _ => "Other",
    }
}

/// A typed name for a lock's refusal: `BadProof`, `Revoked.Link`, `Malformed.Truncated`, ...
pub fn reject_name(reject: &CredentialReject) -> String {
    match reject {
        CredentialReject::NoChallenge => "NoChallenge".into(),
        CredentialReject::ChallengeExpired => "ChallengeExpired".into(),
        CredentialReject::Malformed(error) => format!("Malformed.{}", error_name(error)),
        CredentialReject::UnknownIssuer(_) => "UnknownIssuer".into(),
        CredentialReject::StaleEpoch { .. } => "StaleEpoch".into(),
        CredentialReject::BadProof => "BadProof".into(),
        CredentialReject::WrongDoor => "WrongDoor".into(),
        CredentialReject::DoorNotGranted => "DoorNotGranted".into(),
        CredentialReject::Revoked(which) => format!(
            "Revoked.{}",
            match which {
                Revoked::Credential => "Credential",
                Revoked::Holder => "Holder",
                Revoked::Link(_) => "Link",
                Revoked::Guest(_) => "Guest",
            }
        ),
        CredentialReject::Widening { widening, .. } => {
            format!("Widening.{}", widening_name(*widening))
        }
        CredentialReject::NotYetValid => "NotYetValid".into(),
        CredentialReject::Expired => "Expired".into(),
        CredentialReject::OutsideSchedule { .. } => "OutsideSchedule".into(),
        _ => "Other".into(),
    }
}

fn credential_error(what: &str, error: CredentialError) -> CliError {
    usage_error(format!("{what}: {error} ({})", error_name(&error)))
}

/// Unix seconds (possibly negative) or RFC 3339, for option `--option`.
fn instant(option: &str, text: &str) -> Result<i64, CliError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse()
            .map_err(|_| usage_error(format!("--{option}: '{text}' is out of range")));
    }
    parse_rfc3339(text).map_err(|e| usage_error(format!("--{option}: {}", e.message())))
}

fn hex_arg(what: &str, text: &str) -> Result<Vec<u8>, CliError> {
    hex::decode(text.trim())
        .ok_or_else(|| usage_error(format!("{what}: not valid hex (two digits per byte)")))
}

/// `len` bytes from the operating system's random source.
fn random_bytes(len: usize) -> Result<Vec<u8>, CliError> {
    let mut bytes = vec![0u8; len];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut file| file.read_exact(&mut bytes))
        .map_err(|e| {
            usage_error(format!(
                "cannot read random bytes ({e}); pass --id/--link and --entropy explicitly"
            ))
        })?;
    Ok(bytes)
}

/// `--NAME HEX` (16 bytes), else random.
fn id_option(args: &Args, name: &str) -> Result<CredentialId, CliError> {
    match args.value(name) {
        Some(text) => text
            .trim()
            .parse()
            .map_err(|e| usage_error(format!("--{name}: {e} (expected 32 hex digits)"))),
        None => {
            let bytes = random_bytes(16)?;
            let mut id = [0u8; 16];
            id.copy_from_slice(bytes.get(..16).unwrap_or(&[0; 16]));
            Ok(CredentialId::from_bytes(id))
        }
    }
}

/// `--not-before` / `--not-after`, each defaulting to the given bound.
fn window(args: &Args, default: Grant) -> Result<Grant, CliError> {
    let not_before = args
        .value("not-before")
        .map(|t| instant("not-before", t))
        .transpose()?
        .unwrap_or(default.not_before());
    let not_after = args
        .value("not-after")
        .map(|t| instant("not-after", t))
        .transpose()?
        .unwrap_or(default.not_after());
    Grant::new(not_before, not_after)
        .map_err(|e| usage_error(format!("--not-before/--not-after: {e}")))
}

/// `--schedule HEX`: a schedule's binary encoding (`doorcode schedule encode`).
fn schedule_option(args: &Args) -> Result<Option<Schedule>, CliError> {
    args.value("schedule")
        .map(|text| {
            Schedule::decode(&hex_arg("--schedule", text)?)
                .map_err(|e| usage_error(format!("--schedule: {e}")))
        })
        .transpose()
}

fn bundle_arg(text: &str) -> Result<HolderCredential, CliError> {
    HolderCredential::from_bytes(&hex_arg("bundle", text)?)
        .map_err(|e| credential_error("bundle refused", e))
}

fn door_name(door: &DoorId) -> String {
    match std::str::from_utf8(door.as_bytes()) {
        Ok(text) if text.chars().all(|c| !c.is_control()) => text.to_owned(),
        _ => format!("hex {}", hex::encode(door.as_bytes())),
    }
}

fn describe_window(grant: &Grant) -> String {
    if *grant == Grant::ALWAYS {
        return "always".into();
    }
    format!(
        "{} .. {} (unix {} .. {})",
        format_utc(grant.not_before()),
        format_utc(grant.not_after()),
        grant.not_before(),
        grant.not_after()
    )
}

fn describe_schedule(schedule: Option<&Schedule>) -> Result<String, CliError> {
    let Some(schedule) = schedule else {
        return Ok("none".into());
    };
    let mut bytes = vec![0u8; schedule.encoded_len()];
    schedule
        .encode(&mut bytes)
        .map_err(|e| usage_error(format!("schedule: {e}")))?;
    Ok(format!(
        "{} window(s), {} exception(s), hex {}",
        schedule.windows().len(),
        schedule.exceptions().len(),
        hex::encode(&bytes)
    ))
}

/// Door slots of `doors`, with the names the holder knows.
fn describe_doors(doors: DoorSet, holder: &HolderCredential, count: u8) -> String {
    let names: Vec<String> = (0..count)
        .filter(|slot| doors.contains(*slot))
        .map(
            |slot| match holder.proofs().iter().find(|proof| proof.index == slot) {
                Some(proof) => format!("{slot} ({})", door_name(&proof.door)),
                None => slot.to_string(),
            },
        )
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Resident => "resident",
        Role::NonResident => "non-resident",
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// `doorcode credential issue`.
pub fn issue(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse_repeatable(raw, &ISSUE_SPEC, &["door"])?;
    if args.help() {
        return help(out);
    }
    args.expect_positionals::<0>("nothing")?;
    let site = match opts::key_material(&args)? {
        KeyMaterial::Site(site) => site,
        KeyMaterial::Door(_) => {
            return Err(usage_error(
                "issuing needs the site secret (--site-key or $DOORCODE_SITE_KEY), not a door key",
            ));
        }
    };
    let (issuer, epoch) = opts::issuer_and_epoch(&args)?;
    let doors = args
        .values("door")
        .into_iter()
        .map(|text| {
            DoorId::new(text.as_bytes()).map_err(|e| usage_error(format!("--door '{text}': {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if doors.is_empty() {
        return Err(usage_error(
            "missing --door ID (repeat it for several doors)",
        ));
    }
    let holder: u64 = parse_number(
        "holder",
        args.value("holder")
            .ok_or_else(|| usage_error("missing --holder N (the backend's person id)"))?,
    )?;
    let mut fields = CredentialFields::new(
        id_option(&args, "id")?,
        holder,
        window(&args, Grant::ALWAYS)?,
    );
    fields.key = args
        .value("key")
        .map(|v| parse_number("key", v))
        .transpose()?
        .unwrap_or(0);
    fields.schedule = schedule_option(&args)?;
    fields.role = match args.value("role").unwrap_or("non-resident") {
        "resident" => Role::Resident,
        "non-resident" => Role::NonResident,
        other => {
            return Err(usage_error(format!(
                "--role: '{other}' (expected resident or non-resident)"
            )));
        }
    };
    fields.may_share = args.flag("may-share");
    let entropy = match args.value("entropy") {
        Some(text) => hex_arg("--entropy", text)?,
        None => random_bytes(32)?,
    };
    let credential = CredentialIssuer::from_site(&site, issuer, epoch, &doors)
        .issue(&fields, &doors, &entropy)
        .map_err(|e| credential_error("cannot issue", e))?;
    let bundle = credential.to_bytes();
    if args.flag("bundle") {
        writeln!(out, "{}", hex::encode(&bundle))?;
        return Ok(Status::Success);
    }
    writeln!(out, "credential: {}", hex::encode(credential.blob()))?;
    writeln!(out, "credential bytes: {}", credential.blob().len())?;
    writeln!(
        out,
        "content key: {}",
        hex::encode(credential.content_key().as_bytes())
    )?;
    for proof in credential.proofs() {
        writeln!(
            out,
            "proof key {} (slot {}): {}",
            door_name(&proof.door),
            proof.index,
            hex::encode(proof.proof.as_bytes())
        )?;
    }
    writeln!(out, "bundle: {}", hex::encode(&bundle))?;
    Ok(Status::Success)
}

/// `doorcode credential show BUNDLE`.
pub fn show(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse(raw, &SHOW_SPEC)?;
    if args.help() {
        return help(out);
    }
    let [text] = args.expect_positionals::<1>("the bundle as hex")?;
    let holder = bundle_arg(text)?;
    let opened = holder
        .open()
        .map_err(|e| credential_error("cannot open the credential", e))?;
    let count = opened.header.door_count;
    let root = &opened.root;
    writeln!(
        out,
        "issuer: {}, epoch {}",
        opened.header.issuer.0, opened.header.epoch.0
    )?;
    writeln!(out, "credential id: {}", root.id)?;
    writeln!(out, "holder: {}", root.holder)?;
    writeln!(out, "key: {}", root.key)?;
    writeln!(out, "role: {}", role_name(root.role))?;
    writeln!(out, "may share: {}", yes_no(root.may_share))?;
    writeln!(out, "window: {}", describe_window(&root.grant))?;
    writeln!(
        out,
        "schedule: {}",
        describe_schedule(root.schedule.as_ref())?
    )?;
    writeln!(
        out,
        "doors: {count} ({})",
        describe_doors(DoorSet::all(usize::from(count)), &holder, count)
    )?;
    for (position, caveat) in (1u32..).zip(&opened.caveats) {
        writeln!(
            out,
            "caveat {position}: link {}, guest {}, doors {}, window {}, schedule {}, may share {}",
            caveat.link,
            caveat.guest,
            describe_doors(caveat.doors, &holder, count),
            describe_window(&caveat.grant),
            describe_schedule(caveat.schedule.as_ref())?,
            yes_no(caveat.may_share)
        )?;
    }
    let Rights {
        doors,
        grant,
        may_share,
        role,
    } = opened.rights;
    writeln!(
        out,
        "rights: doors {}, window {}, may share {}, role {}",
        describe_doors(doors, &holder, count),
        describe_window(&grant),
        yes_no(may_share),
        role_name(role)
    )?;
    writeln!(out, "credential bytes: {}", holder.blob().len())?;
    Ok(Status::Success)
}

/// `doorcode credential delegate BUNDLE`.
pub fn delegate(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse_repeatable(raw, &DELEGATE_SPEC, &["door"])?;
    if args.help() {
        return help(out);
    }
    let [text] = args.expect_positionals::<1>("the bundle as hex")?;
    let holder = bundle_arg(text)?;
    let opened = holder
        .open()
        .map_err(|e| credential_error("cannot open the credential", e))?;
    let names = args.values("door");
    let doors = if names.is_empty() {
        opened.rights.doors
    } else {
        let mut slots = Vec::new();
        for name in names {
            let proof = holder
                .proofs()
                .iter()
                .find(|proof| proof.door.as_bytes() == name.as_bytes())
                .ok_or_else(|| {
                    usage_error(format!("--door '{name}': this bundle holds no such door"))
                })?;
            slots.push(proof.index);
        }
        DoorSet::from_indices(&slots).map_err(|e| credential_error("--door", e))?
    };
    let guest: u64 = args
        .value("guest")
        .map(|v| parse_number("guest", v))
        .transpose()?
        .unwrap_or(0);
    let mut caveat = Caveat::new(
        id_option(&args, "link")?,
        guest,
        doors,
        window(&args, opened.rights.grant)?,
    );
    caveat.schedule = schedule_option(&args)?;
    caveat.may_share = args.flag("may-share");
    let guest_bundle = holder
        .delegate(&caveat)
        .map_err(|e| credential_error("cannot delegate", e))?;
    writeln!(out, "{}", hex::encode(&guest_bundle.to_bytes()))?;
    Ok(Status::Success)
}

/// `doorcode credential challenge`: the lock's side of a BLE session.
pub fn challenge(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse(raw, &CHALLENGE_SPEC)?;
    if args.help() {
        return help(out);
    }
    args.expect_positionals::<0>("nothing")?;
    let door = opts::door_id(&args)?;
    let key = opts::key_material(&args)?.door_key(&door)?;
    let mut lock = match args.value("state") {
        Some(text) => DefaultLock::restore(key, &hex_arg("--state", text)?)
            .map_err(|e| usage_error(format!("--state refused: {e}")))?,
        None => DefaultLock::new(key, LockConfig::new(door))
            .map_err(|e| usage_error(format!("lock configuration: {e}")))?,
    };
    if lock.config().door != door {
        return Err(usage_error(format!(
            "--state is for door '{}', not '{}'",
            door_name(&lock.config().door),
            door_name(&door)
        )));
    }
    let entropy = match args.value("entropy") {
        Some(text) => hex_arg("--entropy", text)?,
        None => random_bytes(16)?,
    };
    let now = match args.value("now") {
        Some(text) => instant("now", text)?,
        None => crate::time::now()?,
    };
    let challenge = lock
        .challenge(&entropy, Clock::Set(now))
        .map_err(|e| usage_error(format!("cannot issue a challenge: {e}")))?;
    let mut state = vec![0u8; DefaultLock::MAX_STATE_LEN.saturating_add(1024)];
    let len = lock
        .encode_state(&mut state)
        .map_err(|e| usage_error(format!("cannot encode the state: {e}")))?;
    writeln!(out, "challenge: {}", hex::encode(&challenge.to_bytes()))?;
    writeln!(out, "nonce: {}", hex::encode(&challenge.nonce))?;
    writeln!(out, "challenge counter: {}", lock.challenge_counter())?;
    writeln!(
        out,
        "state: {}",
        hex::encode(state.get(..len).unwrap_or(&[]))
    )?;
    Ok(Status::Success)
}

/// `doorcode credential answer BUNDLE CHALLENGE`: the phone's presentation.
pub fn answer(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse(raw, &ANSWER_SPEC)?;
    if args.help() {
        return help(out);
    }
    let [bundle, challenge] =
        args.expect_positionals::<2>("the bundle and the challenge as hex")?;
    let holder = bundle_arg(bundle)?;
    let presentation = holder
        .answer_challenge(&hex_arg("challenge", challenge)?)
        .map_err(|e| credential_error("cannot answer", e))?;
    writeln!(out, "{}", hex::encode(&presentation))?;
    Ok(Status::Success)
}

/// `doorcode credential verify PRESENTATION`: accept or reject as the lock would.
pub fn verify(raw: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let args = Args::parse_repeatable(raw, &VERIFY_SPEC, &["deny-credential", "deny-person"])?;
    if args.help() {
        return help(out);
    }
    let [text] = args.expect_positionals::<1>("the presentation as hex")?;
    let presentation = hex_arg("presentation", text)?;
    let door = opts::door_id(&args)?;
    let key = opts::key_material(&args)?.door_key(&door)?;
    let challenge_bytes = hex_arg(
        "--challenge",
        args.value("challenge")
            .ok_or_else(|| usage_error("missing --challenge HEX (the lock's challenge)"))?,
    )?;
    let challenge = doorcode::lock::Challenge::from_bytes(&challenge_bytes)
        .map_err(|e| credential_error("--challenge", e))?;
    if challenge.door != door {
        return Err(usage_error(format!(
            "--challenge is for door '{}', not '{}'",
            door_name(&challenge.door),
            door_name(&door)
        )));
    }
    let now = match args.value("now") {
        Some(text) => instant("now", text)?,
        None => crate::time::now()?,
    };
    let issuers = match args.value("issuers") {
        Some(text) => opts::parse_issuer_list(text)?,
        None => vec![(IssuerId(0), Epoch(0))],
    };
    let denied_credentials = args
        .values("deny-credential")
        .into_iter()
        .map(|text| {
            text.trim()
                .parse::<CredentialId>()
                .map_err(|e| usage_error(format!("--deny-credential: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let denied_persons = args
        .values("deny-person")
        .into_iter()
        .map(|text| parse_number::<u64>("deny-person", text))
        .collect::<Result<Vec<_>, _>>()?;
    let (zone, _) = opts::door_zone(&args)?;
    let context = VerifyContext {
        door_key: &key,
        door: &door,
        issuers: &issuers,
        nonce: &challenge.nonce,
        now,
        zone: &zone,
        denied_credentials: &denied_credentials,
        denied_persons: &denied_persons,
    };
    match verify_presentation(&context, &presentation) {
        Ok(presented) => {
            write!(
                out,
                "accept: credential {} holder {} key {}",
                presented.id, presented.holder, presented.key
            )?;
            if let (Some(link), Some(guest)) = (presented.link, presented.guest) {
                write!(
                    out,
                    ", delegated {} time(s), last link {link} guest {guest}",
                    presented.depth
                )?;
            }
            writeln!(
                out,
                ", door slot {}, role {}, window {}",
                presented.door_index,
                role_name(presented.rights.role),
                describe_window(&presented.rights.grant)
            )?;
            Ok(Status::Success)
        }
        Err(reject) => {
            writeln!(out, "reject: {} ({reject})", reject_name(&reject))?;
            Ok(Status::Rejected)
        }
    }
}
