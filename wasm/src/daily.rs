//! The daily codes (SPEC.md 6 and 7) and the odds of guessing them: `issueDaily`, `DailyIssuer`,
//! `DailyVerifier`, `deriveIssuerKey`, `defaultPolicy`, `localDate`, `guessOdds`, `checkPolicy`.

#[allow(unused_imports)]
use crate::prelude::*;

use doorcode::civil::LocalDate;
use doorcode::daily::{self, DailyPolicy, MAX_ISSUERS};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId, IssuerKey};
use doorcode::odds::{GuessOdds, ODDS_CEILING};
use wasm_bindgen::prelude::*;

use crate::args::{self, ArgError, PolicyFields};
use crate::{error, js, key_hex, text};

#[wasm_bindgen(typescript_custom_section)]
const DAILY_TYPES: &'static str = r#"
/** Which daily code: valid all day, or expiring 15 minutes after first use at the lock. */
export type DailyKind = "daily" | "single-use";

/** Issue one daily code (derives the keys on every call; keep a `DailyIssuer` to issue many). */
export function issueDaily(options: IssueDailyOptions): string;

/**
 * Derive an issuer's key for a door and epoch from the door key, as 64 lowercase hex digits.
 * This is what a partner receives to issue codes for that door offline.
 */
export function deriveIssuerKey(doorKeyHex: string, issuer: number, epoch: number): string;

/**
 * The local calendar date (`YYYY-MM-DD`) at `nowUnixSeconds` in `zone`: a `Zone`, or a fixed
 * offset in seconds east of UTC.
 */
export function localDate(nowUnixSeconds: number, zone: Zone | number): string;

/**
 * Worst-case odds (at an instant inside the midnight grace) that one random entry is accepted
 * by a lock with this policy and `issuers` enabled issuers.
 */
export function guessOdds(policy: DailyPolicyInit | null | undefined, issuers: number): GuessOdds;

/**
 * Check a policy for `issuers` enabled issuers, including the guessing-odds ceiling; throws an
 * `Error` with the reason when the lock would refuse it.
 */
export function checkPolicy(policy: DailyPolicyInit | null | undefined, issuers: number): void;

export interface DailyIssuer {
  /**
   * The code (a string of `policy.digits` digits) for `slot` of `kind` on the local date
   * `date` (`YYYY-MM-DD`).
   */
  issue(date: string, kind: DailyKind, slot: number): string;
}

export interface DailyVerifier {
  /**
   * Verify a typed entry at `nowUnixSeconds` (the lock's clock, UTC seconds) at a door in
   * `zone`: a `Zone`, or a fixed offset in seconds east of UTC. Spaces and `-` in the entry
   * are ignored.
   *
   * A rejected entry is a result (`{accepted: false, reason, message}`), not an exception;
   * only malformed arguments throw.
   */
  verify(code: string, nowUnixSeconds: number, zone: Zone | number): VerifyResult;
  /**
   * Odds that one random entry is accepted at `nowUnixSeconds` in `zone` (2 candidate days
   * inside the midnight grace, 1 outside it).
   */
  oddsAt(nowUnixSeconds: number, zone: Zone | number): GuessOdds;
}

/** Arguments of `issueDaily`. */
export interface IssueDailyOptions {
  /** The door key, 64 hex digits. */
  doorKeyHex: string;
  doorId: DoorIdInput;
  issuer: number;
  epoch: number;
  /** Local date at the door, `YYYY-MM-DD`. */
  date: string;
  kind: DailyKind;
  /** Slot within the day and kind, below the policy's slot count. */
  slot: number;
  policy?: DailyPolicyInit | null;
}

/** A code the lock accepted. */
export interface VerifyAccepted {
  accepted: true;
  /** The local date the code was issued for (`YYYY-MM-DD`). */
  date: string;
  slot: number;
  kind: DailyKind;
  issuer: number;
}

/** Why an entry was rejected (for logs and the console; a keypad shows only "rejected"). */
export type RejectReason =
  | "NoMatch"
  | "ClockOutOfRange"
  | "Malformed.Empty"
  | "Malformed.TooLong"
  | "Malformed.InvalidCharacter"
  | "Malformed.WrongLength"
  | "Malformed.UnsupportedLength"
  | "Malformed.Other"
  | "Other";

/** An entry the lock rejected. */
export interface VerifyRejected {
  accepted: false;
  reason: RejectReason;
  /** Human-readable explanation. */
  message: string;
}

/** The outcome of `DailyVerifier.verify`: test `accepted` to narrow it. */
export type VerifyResult = VerifyAccepted | VerifyRejected;

/** The probability that one random entry is accepted: `accepted / space`. */
export interface GuessOdds {
  /** Accepting (candidate, code) pairs. */
  accepted: number;
  /** Number of possible codes, 10^digits. */
  space: number;
  /** `accepted / space`. */
  probability: number;
  /** `floor(space / accepted)`, or null when nothing can be accepted. */
  expectedGuesses: number | null;
  /** Whether the odds are at or below the library's ceiling of 1 in 10,000. */
  withinCeiling: boolean;
}
"#;

/// A policy from its four fields as the JavaScript layer read them (numbers, `None` when
/// omitted); their ranges are checked here.
fn policy_of(
    digits: Option<f64>,
    daily_slots: Option<f64>,
    single_use_slots: Option<f64>,
    grace_seconds: Option<f64>,
    what: &str,
) -> Result<DailyPolicy, ArgError> {
    args::policy(
        PolicyFields {
            digits,
            daily_slots,
            single_use_slots,
            grace_seconds,
        },
        what,
        &js::show,
    )
}

/// Odds as one string for the JavaScript layer: `accepted space expectedGuesses withinCeiling`,
/// `expectedGuesses` empty when nothing can be accepted, `withinCeiling` `1` or `0`.
fn odds_text(odds: GuessOdds) -> Result<String, ArgError> {
    // The JavaScript layer reads the counts back as numbers, which must hold them exactly.
    args::exact_number(odds.accepted, "accepted")?;
    args::exact_number(odds.space, "space")?;
    let mut out = cat!(odds.accepted, " ", odds.space, " ");
    if let Some(guesses) = odds.expected_guesses() {
        args::exact_number(guesses, "expectedGuesses")?;
        cat_into!(&mut out, guesses);
    }
    out.push_str(if odds.exceeds(ODDS_CEILING) {
        " 0"
    } else {
        " 1"
    });
    Ok(out)
}

/// The message of a constructor or static that the JavaScript layer replaces (`js/console.js`);
/// only reachable through the raw glue.
const USE_ENTRY: &str = "call this through the package's entry point";

/// `deriveIssuerKey` after the JavaScript layer checked the argument types.
#[wasm_bindgen(js_name = __deriveIssuerKey, skip_typescript)]
pub fn derive_issuer_key(door_key_hex: &str, issuer: u32, epoch: u32) -> Result<String, JsError> {
    let door_key = args::door_key(door_key_hex, "doorKeyHex")?;
    Ok(key_hex(
        &door_key
            .issuer_key(IssuerId(issuer), Epoch(epoch))
            .to_hex_string(),
    ))
}

/// The default policy: 7 digits, 100 daily and 100 single-use slots, 900 s of grace.
#[wasm_bindgen(js_name = defaultPolicy, unchecked_return_type = "DailyPolicy")]
pub fn default_policy() -> JsValue {
    js::policy_object(&DailyPolicy::default())
}

/// `localDate` after the JavaScript layer checked the argument types: the zone is its encoding
/// in hex (a `Zone`) or, when `zone_hex` is absent, the fixed offset `offset`.
#[wasm_bindgen(js_name = __localDate, skip_typescript)]
pub fn local_date(now: i64, zone_hex: Option<String>, offset: i32) -> Result<String, JsError> {
    let zone = args::zone_arg(zone_hex.as_deref(), offset, "zone")?;
    let date = zone
        .local_date(now)
        .map_err(|e| error("nowUnixSeconds", e))?;
    Ok(text::text(&date))
}

/// `guessOdds` after the JavaScript layer checked the argument types (see `odds_text`).
#[wasm_bindgen(js_name = __guessOdds, skip_typescript)]
pub fn guess_odds(
    digits: Option<f64>,
    daily_slots: Option<f64>,
    single_use_slots: Option<f64>,
    grace_seconds: Option<f64>,
    issuers: u32,
) -> Result<String, JsError> {
    let policy = policy_of(
        digits,
        daily_slots,
        single_use_slots,
        grace_seconds,
        "policy",
    )?;
    let issuers = usize::try_from(issuers).map_err(|e| error("issuers", e))?;
    Ok(odds_text(policy.worst_case_odds(issuers))?)
}

/// `checkPolicy` after the JavaScript layer checked the argument types.
#[wasm_bindgen(js_name = __checkPolicy, skip_typescript)]
pub fn check_policy(
    digits: Option<f64>,
    daily_slots: Option<f64>,
    single_use_slots: Option<f64>,
    grace_seconds: Option<f64>,
    issuers: u32,
) -> Result<(), JsError> {
    let policy = policy_of(
        digits,
        daily_slots,
        single_use_slots,
        grace_seconds,
        "policy",
    )?;
    let issuers = usize::try_from(issuers).map_err(|e| error("issuers", e))?;
    policy.check(issuers).map_err(|e| error("", e))
}

/// `issueDaily` after the JavaScript layer (`js/console.js`) checked the options' shape and types:
/// one daily code (derives the keys on every call; keep a `DailyIssuer` to issue many).
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = __issueDaily, skip_typescript)]
pub fn issue_daily(
    door_key_hex: &str,
    door_id: &[u8],
    issuer: u32,
    epoch: u32,
    date: &str,
    kind: &str,
    slot: u32,
    digits: Option<f64>,
    daily_slots: Option<f64>,
    single_use_slots: Option<f64>,
    grace_seconds: Option<f64>,
) -> Result<String, JsError> {
    let door_key = args::door_key(door_key_hex, "options.doorKeyHex")?;
    let door = args::door_id(door_id, "options.doorId")?;
    let policy = policy_of(
        digits,
        daily_slots,
        single_use_slots,
        grace_seconds,
        "options.policy",
    )?;
    let issuer = DailyIssuer::new_checked(&door_key, door, issuer, epoch, policy)?;
    issuer.issue_checked(date, kind, slot, "options.")
}

/// Issues one issuer's daily codes for one door.
///
/// Construct it once from the door key (the property's backend) or with
/// `DailyIssuer.fromIssuerKey` (a partner, which holds only its own issuer key), then call
/// `issue(date, kind, slot)` per code. Call `free()` when done to wipe the key from wasm memory.
#[wasm_bindgen]
pub struct DailyIssuer {
    inner: daily::DailyIssuer,
    policy: DailyPolicy,
}

impl DailyIssuer {
    fn new_checked(
        door_key: &DoorKey,
        door: DoorId,
        issuer: u32,
        epoch: u32,
        policy: DailyPolicy,
    ) -> Result<Self, JsError> {
        Self::from_issuer_key_checked(
            &door_key.issuer_key(IssuerId(issuer), Epoch(epoch)),
            issuer,
            door,
            policy,
        )
    }

    fn from_issuer_key_checked(
        issuer_key: &IssuerKey,
        issuer: u32,
        door: DoorId,
        policy: DailyPolicy,
    ) -> Result<Self, JsError> {
        // Refuse a bad policy now rather than on the first `issue`.
        policy.check(1).map_err(|e| error("invalid policy", e))?;
        Ok(Self {
            inner: daily::DailyIssuer::new(issuer_key, IssuerId(issuer), door, policy),
            policy,
        })
    }

    fn issue_checked(
        &self,
        date: &str,
        kind: &str,
        slot: u32,
        prefix: &str,
    ) -> Result<String, JsError> {
        let date: LocalDate = args::date(date, &cat!(prefix, "date"))?;
        let kind = args::kind(kind, &cat!(prefix, "kind"))?;
        let code = self
            .inner
            .issue(date, kind, slot)
            .map_err(|e| error("", e))?;
        Ok(text::text(&code))
    }
}

#[wasm_bindgen]
impl DailyIssuer {
    /// An issuer from the door key (64 hex digits), the door id, the issuer id and its epoch.
    /// `policy` defaults to `defaultPolicy()`.
    // Declared here for the `.d.ts`; the JavaScript layer (`js/console.js`) constructs through
    // `__new` after checking the arguments.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = doorKeyHex, unchecked_param_type = "string")]
        _door_key_hex: JsValue,
        #[wasm_bindgen(js_name = doorId, unchecked_param_type = "DoorIdInput")] _door_id: JsValue,
        #[wasm_bindgen(js_name = issuer, unchecked_param_type = "number")] _issuer: JsValue,
        #[wasm_bindgen(js_name = epoch, unchecked_param_type = "number")] _epoch: JsValue,
        #[wasm_bindgen(js_name = policy, unchecked_optional_param_type = "DailyPolicyInit | null")]
        _policy: JsValue,
    ) -> Result<DailyIssuer, JsError> {
        Err(JsError::new(USE_ENTRY))
    }

    /// The constructor after the JavaScript layer checked the argument types.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = __new, skip_typescript)]
    pub fn new_typed(
        door_key_hex: &str,
        door_id: &[u8],
        issuer: u32,
        epoch: u32,
        digits: Option<f64>,
        daily_slots: Option<f64>,
        single_use_slots: Option<f64>,
        grace_seconds: Option<f64>,
    ) -> Result<DailyIssuer, JsError> {
        let door_key = args::door_key(door_key_hex, "doorKeyHex")?;
        let door = args::door_id(door_id, "doorId")?;
        let policy = policy_of(
            digits,
            daily_slots,
            single_use_slots,
            grace_seconds,
            "policy",
        )?;
        Self::new_checked(&door_key, door, issuer, epoch, policy)
    }

    /// An issuer from an issuer key (as returned by `deriveIssuerKey`, which already binds the
    /// epoch), the issuer id it belongs to and the door id.
    // Declared here for the `.d.ts`; the JavaScript layer replaces it with a function that
    // checks the arguments and calls `__fromIssuerKey`.
    #[wasm_bindgen(js_name = fromIssuerKey)]
    pub fn from_issuer_key(
        #[wasm_bindgen(js_name = issuerKeyHex, unchecked_param_type = "string")]
        _issuer_key_hex: JsValue,
        #[wasm_bindgen(js_name = issuer, unchecked_param_type = "number")] _issuer: JsValue,
        #[wasm_bindgen(js_name = doorId, unchecked_param_type = "DoorIdInput")] _door_id: JsValue,
        #[wasm_bindgen(js_name = policy, unchecked_optional_param_type = "DailyPolicyInit | null")]
        _policy: JsValue,
    ) -> Result<DailyIssuer, JsError> {
        Err(JsError::new(USE_ENTRY))
    }

    /// `fromIssuerKey` after the JavaScript layer checked the argument types.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = __fromIssuerKey, skip_typescript)]
    pub fn from_issuer_key_typed(
        issuer_key_hex: &str,
        issuer: u32,
        door_id: &[u8],
        digits: Option<f64>,
        daily_slots: Option<f64>,
        single_use_slots: Option<f64>,
        grace_seconds: Option<f64>,
    ) -> Result<DailyIssuer, JsError> {
        let issuer_key = args::issuer_key(issuer_key_hex, "issuerKeyHex")?;
        let door = args::door_id(door_id, "doorId")?;
        let policy = policy_of(
            digits,
            daily_slots,
            single_use_slots,
            grace_seconds,
            "policy",
        )?;
        Self::from_issuer_key_checked(&issuer_key, issuer, door, policy)
    }

    /// `issue` after the JavaScript layer checked the argument types.
    #[wasm_bindgen(js_name = __issue, skip_typescript)]
    pub fn issue(&self, date: &str, kind: &str, slot: u32) -> Result<String, JsError> {
        self.issue_checked(date, kind, slot, "")
    }

    /// The policy in force.
    #[wasm_bindgen(getter, unchecked_return_type = "DailyPolicy")]
    pub fn policy(&self) -> JsValue {
        js::policy_object(&self.policy)
    }
}

/// The lock side: verifies typed codes against every enabled issuer of one door.
///
/// Build it once per door configuration; each `verify` runs one FF1 decryption per (candidate
/// day, issuer) whatever the input. Call `free()` when done to wipe the keys from wasm memory.
#[wasm_bindgen]
pub struct DailyVerifier {
    inner: daily::DailyVerifier,
}

#[wasm_bindgen]
impl DailyVerifier {
    /// A verifier from the door key (64 hex digits), the door id, the policy (`null` or
    /// `undefined` for the default) and the enabled issuers with their epochs.
    // Declared here for the `.d.ts`; the JavaScript layer (`js/console.js`) constructs through
    // `__new` after checking the arguments.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = doorKeyHex, unchecked_param_type = "string")]
        _door_key_hex: JsValue,
        #[wasm_bindgen(js_name = doorId, unchecked_param_type = "DoorIdInput")] _door_id: JsValue,
        #[wasm_bindgen(js_name = policy, unchecked_param_type = "DailyPolicyInit | null | undefined")]
        _policy: JsValue,
        #[wasm_bindgen(js_name = issuers, unchecked_param_type = "IssuerEpoch[]")]
        _issuers: JsValue,
    ) -> Result<DailyVerifier, JsError> {
        Err(JsError::new(USE_ENTRY))
    }

    /// The constructor after the JavaScript layer checked the argument types: `issuers` holds
    /// each enabled issuer's id and epoch, one after the other, and is empty when `count` (the
    /// length of the array given) is above what the library allows, which is refused with the
    /// library's message without reading the elements.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = __new, skip_typescript)]
    pub fn new_typed(
        door_key_hex: &str,
        door_id: &[u8],
        digits: Option<f64>,
        daily_slots: Option<f64>,
        single_use_slots: Option<f64>,
        grace_seconds: Option<f64>,
        issuers: &[u32],
        count: u32,
    ) -> Result<DailyVerifier, JsError> {
        let door_key = args::door_key(door_key_hex, "doorKeyHex")?;
        let door = args::door_id(door_id, "doorId")?;
        let policy = policy_of(
            digits,
            daily_slots,
            single_use_slots,
            grace_seconds,
            "policy",
        )?;
        let count = usize::try_from(count).unwrap_or(usize::MAX);
        if count > MAX_ISSUERS {
            return Err(policy
                .check(count)
                .err()
                .map_or_else(
                    || ArgError::new(cat!("invalid policy: ", count, " issuers given")),
                    |e| ArgError::new(cat!("invalid policy: ", e)),
                )
                .into());
        }
        let issuers: Vec<(IssuerId, Epoch)> = issuers
            .chunks_exact(2)
            .filter_map(|pair| match pair {
                [issuer, epoch] => Some((IssuerId(*issuer), Epoch(*epoch))),
                _ => None,
            })
            .collect();
        let inner = daily::DailyVerifier::new(&door_key, door, policy, &issuers)
            .map_err(|e| error("invalid policy", e))?;
        Ok(Self { inner })
    }

    /// `verify` after the JavaScript layer checked the argument types (the zone as in
    /// `__localDate`). The result is one string: `1 date slot kind issuer` for an accepted
    /// entry, `0 reason message` for a rejected one.
    #[wasm_bindgen(js_name = __verify, skip_typescript)]
    pub fn verify(
        &self,
        code: &str,
        now: i64,
        zone_hex: Option<String>,
        offset: i32,
    ) -> Result<String, JsError> {
        let zone = args::zone_arg(zone_hex.as_deref(), offset, "zone")?;
        Ok(match self.inner.verify(code, now, &zone) {
            Ok(accepted) => cat!(
                "1 ",
                accepted.date,
                " ",
                accepted.slot,
                " ",
                accepted.kind.name(),
                " ",
                accepted.issuer.0
            ),
            Err(reject) => cat!(
                "0 ",
                args::reject_reason(&reject),
                " ",
                args::reject_message(&reject)
            ),
        })
    }

    /// `oddsAt` after the JavaScript layer checked the argument types (see `odds_text`).
    #[wasm_bindgen(js_name = __oddsAt, skip_typescript)]
    pub fn odds_at(
        &self,
        now: i64,
        zone_hex: Option<String>,
        offset: i32,
    ) -> Result<String, JsError> {
        let zone = args::zone_arg(zone_hex.as_deref(), offset, "zone")?;
        let odds = self
            .inner
            .odds_at(now, &zone)
            .map_err(|e| error("nowUnixSeconds", e))?;
        Ok(odds_text(odds)?)
    }

    /// The policy in force.
    #[wasm_bindgen(getter, unchecked_return_type = "DailyPolicy")]
    pub fn policy(&self) -> JsValue {
        js::policy_object(self.inner.policy())
    }

    /// Number of enabled issuers.
    #[wasm_bindgen(getter, js_name = issuerCount)]
    pub fn issuer_count(&self) -> usize {
        self.inner.issuer_count()
    }
}
