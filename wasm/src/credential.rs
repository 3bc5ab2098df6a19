//! Mobile credentials (SPEC.md section 16), the phone's and the web's side: open a bundle,
//! delegate to a guest, answer a lock's challenge; and, for consoles and backends, issue.
//!
//! A *bundle* is what a phone keeps (hex): the credential, its caveat chain, the content key and
//! a proof key per door. It contains secrets.

#[allow(unused_imports)]
use crate::prelude::*;

use doorcode::credential::{
    Caveat, CredentialError, CredentialFields, CredentialId, CredentialIssuer, DoorSet,
    HolderCredential, Role, Widening,
};
use doorcode::keys::{DoorId, Epoch, IssuerId};
use doorcode::schedule::{Grant, Schedule};
use wasm_bindgen::prelude::*;

use crate::args::{self, ArgError};
use crate::js;

#[wasm_bindgen(typescript_custom_section)]
const CREDENTIAL_TYPES: &'static str = r#"
/**
 * Issue a credential (backend or web console): returns the credential, its content key, a
 * proof key per door and the holder's bundle. Throws an `Error` naming the argument for bad
 * input, and `... [WeakEntropy]`, `[DuplicateDoor]`, `[TooManyDoors]`, ... when refused.
 */
export function issueCredential(options: IssueCredentialOptions): IssuedCredential;
/**
 * Derive a guest's bundle offline: append a caveat (never wider than the holder's rights) and
 * return the guest's bundle hex. Throws `... [Widening.Window]`, `[Widening.NotShareable]`,
 * `[TooManyCaveats]`, ... when refused.
 */
export function delegateCredential(bundleHex: string, options: DelegateOptions): string;
/**
 * Open a bundle with its content key: the holder-visible fields, every caveat and the
 * effective rights. Throws `... [WrongContentKey]`, `[Truncated]`, ... for a bad bundle.
 */
export function openCredential(bundleHex: string): OpenedCredential;

/** A credential's role at its doors. Every delegated link is "non-resident". */
export type CredentialRole = "resident" | "non-resident";

/** Arguments of `issueCredential` (the backend's side). */
export interface IssueCredentialOptions {
  /** The site secret, 16..=64 bytes of hex. */
  siteSecretHex: string;
  issuer: number;
  epoch: number;
  /** The doors, in order: door i is slot i (1 to 32, distinct). */
  doors: DoorIdInput[];
  /** The credential id, 32 hex digits (random, so ids never repeat). */
  credentialIdHex: string;
  /** The holder (the backend's person id), a safe integer. */
  holder: number;
  /** The Key the credential comes from (default 0: none). */
  key?: number;
  /** The window, unix seconds: works from notBefore until before notAfter (null: unbounded). */
  notBefore: number | null;
  notAfter: number | null;
  /** A schedule's binary encoding (hex), if restricted. */
  scheduleHex?: string | null;
  role?: CredentialRole;
  /** Whether the holder may delegate (default false). */
  mayShare?: boolean;
  /** At least 16 fresh random bytes (hex), mixed into the content key. */
  entropyHex: string;
}

/** A door's proof key (never sent to a lock). */
export interface CredentialProofKey {
  /** The door id, hex. */
  doorHex: string;
  /** Its slot in the credential's door list. */
  slot: number;
  proofKeyHex: string;
}

/** What `issueCredential` returns. */
export interface IssuedCredential {
  /** The credential blob (public header, wrapped keys, sealed body). */
  credentialHex: string;
  contentKeyHex: string;
  proofKeys: CredentialProofKey[];
  /** Everything the phone keeps: hand this to `openCredential`, `delegateCredential`, `answerChallenge`. */
  bundleHex: string;
}

/** One delegation step, as appended by `delegateCredential`. */
export interface CredentialCaveat {
  /** The link's id, 32 hex digits (deny-listable). */
  linkHex: string;
  /** The guest (a person id; 0 for anonymous). */
  guest: number;
  /** Door mask over the root's slots (bit i = slot i). */
  doors: number;
  /** Unix seconds; null when unbounded. */
  notBefore: number | null;
  notAfter: number | null;
  scheduleHex: string | null;
  mayShare: boolean;
}

/** A bundle opened with its content key: what the holder may see. */
export interface OpenedCredential {
  issuer: number;
  epoch: number;
  doorCount: number;
  credentialIdHex: string;
  holder: number;
  key: number;
  role: CredentialRole;
  mayShare: boolean;
  notBefore: number | null;
  notAfter: number | null;
  scheduleHex: string | null;
  caveats: CredentialCaveat[];
  /** The effective rights at the end of the chain (the intersection of every link). */
  rights: { doors: number; notBefore: number | null; notAfter: number | null; mayShare: boolean; role: CredentialRole };
  /** The doors this bundle can open, with their slots. */
  doors: { doorHex: string; slot: number }[];
  /** Bytes of the credential blob. */
  credentialBytes: number;
}

/** Arguments of `delegateCredential`: what the guest gets (never more than the holder has). */
export interface DelegateOptions {
  /** The link's id, 32 hex digits. */
  linkHex: string;
  /** The guest's person id (default 0: anonymous). */
  guest?: number;
  /** A subset of the holder's doors (default: all it has). */
  doors?: DoorIdInput[];
  /** Default: the holder's window (null: unbounded, refused when the holder's is bounded). */
  notBefore?: number | null;
  notAfter?: number | null;
  scheduleHex?: string | null;
  /** Whether the guest may delegate further (default false). */
  mayShare?: boolean;
}
"#;

/// The name of a credential error (`Truncated`, `WrongContentKey`, `Widening.Window`, ...).
fn error_name(error: &CredentialError) -> &'static str {
    match error {
        CredentialError::Truncated => "Truncated",
        CredentialError::TrailingBytes => "TrailingBytes",
        CredentialError::UnknownVersion(_) => "UnknownVersion",
        CredentialError::TooLong => "TooLong",
        CredentialError::NoDoors => "NoDoors",
        CredentialError::TooManyDoors => "TooManyDoors",
        CredentialError::DuplicateDoor => "DuplicateDoor",
        CredentialError::DoorIndexOutOfRange(_) => "DoorIndexOutOfRange",
        CredentialError::TooManyCaveats => "TooManyCaveats",
        CredentialError::UnknownFlags(_) => "UnknownFlags",
        CredentialError::ReversedGrant => "ReversedGrant",
        CredentialError::Schedule(_) => "Schedule",
        CredentialError::Widening(Widening::NotShareable) => "Widening.NotShareable",
        CredentialError::Widening(Widening::Doors) => "Widening.Doors",
        CredentialError::Widening(Widening::Window) => "Widening.Window",
        CredentialError::Widening(Widening::Schedule) => "Widening.Schedule",
        CredentialError::NoKeyForDoor => "NoKeyForDoor",
        CredentialError::DoorNotHeld => "DoorNotHeld",
        CredentialError::WrongContentKey => "WrongContentKey",
        CredentialError::WeakEntropy => "WeakEntropy",
        _ => "Other",
    }
}

/// A thrown `Error` naming what was refused and why, by the error's name in brackets (the
/// library's longer messages would pull their formatting code into the package).
fn refused(what: &str, error: CredentialError) -> JsError {
    JsError::new(&cat!(what, " refused [", error_name(&error), "]"))
}

fn bundle(value: &JsValue, what: &str) -> Result<HolderCredential, JsError> {
    let bytes = args::hex_decode(&js::string(value, what)?, what)?;
    HolderCredential::from_bytes(&bytes).map_err(|e| refused(what, e))
}

fn id(text: &str, what: &str) -> Result<CredentialId, ArgError> {
    let bytes: [u8; 16] = args::hex_decode(text, what)?
        .try_into()
        .map_err(|_| ArgError::new(cat!(what, " must be 16 bytes (32 hex digits)")))?;
    Ok(CredentialId::from_bytes(bytes))
}

/// `scheduleHex` decoded, if given.
fn schedule(hex: Option<String>, what: &str) -> Result<Option<Schedule>, ArgError> {
    let Some(hex) = hex else {
        return Ok(None);
    };
    let name = cat!(what, ".scheduleHex");
    let bytes = args::hex_decode(&hex, &name)?;
    Schedule::decode(&bytes)
        .map(Some)
        .map_err(|e| ArgError::new(cat!(name, ": ", e)))
}

/// A window from its bounds (`Grant::ALWAYS`'s on an unbounded side).
fn window(not_before: i64, not_after: i64, what: &str) -> Result<Grant, ArgError> {
    Grant::new(not_before, not_after)
        .map_err(|e| ArgError::new(cat!(what, ".notBefore/notAfter: ", e)))
}

/// `issueCredential` after the JavaScript layer (`js/lock.js`) checked the options' shape and
/// types (window bounds: `Grant::ALWAYS`'s when unbounded). Returns one string for the layer to
/// take apart: the credential, content key and bundle (hex), then door (hex), slot and proof key
/// (hex) per door, separated by spaces. Throws `... [WeakEntropy]`, `[DuplicateDoor]`,
/// `[TooManyDoors]`, ... when refused.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = __issueCredential, skip_typescript)]
pub fn issue_credential(
    site_secret_hex: &str,
    issuer: u32,
    epoch: u32,
    doors: JsValue,
    credential_id_hex: &str,
    holder: u64,
    key: u64,
    not_before: i64,
    not_after: i64,
    schedule_hex: Option<String>,
    resident: bool,
    may_share: bool,
    entropy_hex: &str,
) -> Result<String, JsError> {
    let what = "options";
    let site = args::site_key(site_secret_hex, "options.siteSecretHex")?;
    let doors: Vec<DoorId> = js::array_of(&doors, "options.doors", 64, js::door_id)?;
    let mut fields = CredentialFields::new(
        id(credential_id_hex, "options.credentialIdHex")?,
        holder,
        window(not_before, not_after, what)?,
    );
    fields.key = key;
    fields.schedule = schedule(schedule_hex, what)?;
    fields.role = if resident {
        Role::Resident
    } else {
        Role::NonResident
    };
    fields.may_share = may_share;
    let entropy = args::hex_decode(entropy_hex, "options.entropyHex")?;
    let holder = CredentialIssuer::from_site(&site, IssuerId(issuer), Epoch(epoch), &doors)
        .issue(&fields, &doors, &entropy)
        .map_err(|e| refused("issueCredential", e))?;
    let mut out = cat!(
        args::hex_encode(holder.blob()),
        " ",
        args::hex_encode(holder.content_key().as_bytes()),
        " ",
        args::hex_encode(&holder.to_bytes())
    );
    for proof in holder.proofs() {
        cat_into!(
            &mut out,
            " ",
            args::hex_encode(proof.door.as_bytes()),
            " ",
            proof.index,
            " ",
            args::hex_encode(proof.proof.as_bytes())
        );
    }
    Ok(out)
}

/// `openCredential` after the JavaScript layer (`js/lock.js`): the opened bundle as one string
/// of space-separated fields that the layer turns into the `OpenedCredential` object (cheaper
/// than building the objects from Rust). In order: issuer, epoch, door count, credential id,
/// holder, key, role (1: resident), may share (1/0), window, schedule (hex or `-`), blob bytes,
/// the rights (doors, window, may share, role), the caveat count and per caveat link, guest,
/// doors, window, schedule and may share, then door (hex) and slot per held door. Windows are
/// two signed integers (`Grant::ALWAYS`'s bounds when unbounded).
#[wasm_bindgen(js_name = __openCredential, skip_typescript)]
pub fn open_credential(bundle_hex: JsValue) -> Result<String, JsError> {
    let holder = bundle(&bundle_hex, "bundleHex")?;
    let opened = holder.open().map_err(|e| refused("bundleHex", e))?;
    let root = &opened.root;
    let flag = |value: bool| if value { " 1" } else { " 0" };
    let grant = |out: &mut String, grant: &Grant| {
        cat_into!(out, " ", grant.not_before(), " ", grant.not_after());
    };
    let schedule = |out: &mut String, schedule: Option<&Schedule>| match schedule {
        None => out.push_str(" -"),
        Some(schedule) => cat_into!(out, " ", args::hex_encode(&schedule.to_vec())),
    };
    let mut out = cat!(
        opened.header.issuer.0,
        " ",
        opened.header.epoch.0,
        " ",
        opened.header.door_count,
        " ",
        args::hex_encode(root.id.as_bytes()),
        " ",
        root.holder,
        " ",
        root.key,
        flag(root.role == Role::Resident),
        flag(root.may_share)
    );
    grant(&mut out, &root.grant);
    schedule(&mut out, root.schedule.as_ref());
    cat_into!(
        &mut out,
        " ",
        holder.blob().len(),
        " ",
        opened.rights.doors.0
    );
    grant(&mut out, &opened.rights.grant);
    cat_into!(
        &mut out,
        flag(opened.rights.may_share),
        flag(opened.rights.role == Role::Resident),
        " ",
        opened.caveats.len()
    );
    for caveat in &opened.caveats {
        cat_into!(
            &mut out,
            " ",
            args::hex_encode(caveat.link.as_bytes()),
            " ",
            caveat.guest,
            " ",
            caveat.doors.0
        );
        grant(&mut out, &caveat.grant);
        schedule(&mut out, caveat.schedule.as_ref());
        out.push_str(flag(caveat.may_share));
    }
    for proof in holder.proofs() {
        cat_into!(
            &mut out,
            " ",
            args::hex_encode(proof.door.as_bytes()),
            " ",
            proof.index
        );
    }
    Ok(out)
}

/// `delegateCredential` after the JavaScript layer (`js/lock.js`) checked the options' shape
/// and types: a window bound is `None` when omitted (the holder's) and `Grant::ALWAYS`'s when
/// `null`. Returns the guest's bundle hex. Throws `... [Widening.Window]`,
/// `[Widening.NotShareable]`, `[TooManyCaveats]`, ... when refused.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = __delegateCredential, skip_typescript)]
pub fn delegate_credential(
    bundle_hex: JsValue,
    link_hex: &str,
    guest: u64,
    doors: JsValue,
    not_before: Option<i64>,
    not_after: Option<i64>,
    schedule_hex: Option<String>,
    may_share: bool,
) -> Result<String, JsError> {
    let what = "options";
    let holder = bundle(&bundle_hex, "bundleHex")?;
    let opened = holder.open().map_err(|e| refused("bundleHex", e))?;
    let doors = if doors.is_undefined() {
        opened.rights.doors
    } else {
        let ids = js::array_of(&doors, "options.doors", 64, js::door_id)?;
        let mut mask = 0u32;
        for door in ids {
            let proof = holder
                .proofs()
                .iter()
                .find(|proof| proof.door == door)
                .ok_or_else(|| {
                    ArgError::new(cat!(
                        "options.doors: the bundle holds no door ",
                        args::hex_encode(door.as_bytes())
                    ))
                })?;
            mask |= 1u32.checked_shl(u32::from(proof.index)).unwrap_or(0);
        }
        DoorSet(mask)
    };
    let mut caveat = Caveat::new(
        id(link_hex, "options.linkHex")?,
        guest,
        doors,
        window(
            not_before.unwrap_or(opened.rights.grant.not_before()),
            not_after.unwrap_or(opened.rights.grant.not_after()),
            what,
        )?,
    );
    caveat.schedule = schedule(schedule_hex, what)?;
    caveat.may_share = may_share;
    let guest = holder
        .delegate(&caveat)
        .map_err(|e| refused("delegateCredential", e))?;
    Ok(args::hex_encode(&guest.to_bytes()))
}

/// The presentation (hex) answering a lock's challenge (hex, as the lock sent it over BLE).
/// Throws `... [DoorNotHeld]` when the bundle has no proof key for the challenging door.
#[wasm_bindgen(js_name = answerChallenge)]
pub fn answer_challenge(
    #[wasm_bindgen(js_name = bundleHex, unchecked_param_type = "string")] bundle_hex: JsValue,
    #[wasm_bindgen(js_name = challengeHex, unchecked_param_type = "string")] challenge_hex: JsValue,
) -> Result<String, JsError> {
    let holder = bundle(&bundle_hex, "bundleHex")?;
    let challenge = args::hex_decode(&js::string(&challenge_hex, "challengeHex")?, "challengeHex")?;
    let presentation = holder
        .answer_challenge(&challenge)
        .map_err(|e| refused("challengeHex", e))?;
    Ok(args::hex_encode(&presentation))
}
