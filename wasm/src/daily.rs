//! The daily codes (SPEC.md 6 and 7) and the odds of guessing them: `issueDaily`, `DailyIssuer`,
//! `DailyVerifier`, `deriveIssuerKey`, `defaultPolicy`, `localDate`, `guessOdds`, `checkPolicy`.

#[allow(unused_imports)]
use crate::prelude::*;

use doorcode::civil::LocalDate;
use doorcode::daily::{self, DailyPolicy};
use doorcode::keys::{DoorKey, Epoch, IssuerId, IssuerKey};
use wasm_bindgen::prelude::*;

use crate::args;
use crate::{error, js, key_hex, text};

#[wasm_bindgen(typescript_custom_section)]
const DAILY_TYPES: &'static str = r#"
/** Which daily code: valid all day, or expiring 15 minutes after first use at the lock. */
export type DailyKind = "daily" | "single-use";

/** Issue one daily code (derives the keys on every call; keep a `DailyIssuer` to issue many). */
export function issueDaily(options: IssueDailyOptions): string;

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

/// Derive an issuer's key for a door and epoch from the door key, as 64 lowercase hex digits.
/// This is what a partner receives to issue codes for that door offline.
#[wasm_bindgen(js_name = deriveIssuerKey)]
pub fn derive_issuer_key(
    #[wasm_bindgen(js_name = doorKeyHex, unchecked_param_type = "string")] door_key_hex: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] issuer: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] epoch: JsValue,
) -> Result<String, JsError> {
    let door_key = args::door_key(&js::string(&door_key_hex, "doorKeyHex")?, "doorKeyHex")?;
    let issuer = js::u32_arg(&issuer, "issuer")?;
    let epoch = js::u32_arg(&epoch, "epoch")?;
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

/// The local calendar date (`YYYY-MM-DD`) at `nowUnixSeconds` in `zone`: a `Zone`, or a fixed
/// offset in seconds east of UTC.
#[wasm_bindgen(js_name = localDate)]
pub fn local_date(
    #[wasm_bindgen(js_name = nowUnixSeconds, unchecked_param_type = "number")] now: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Zone | number")] zone: JsValue,
) -> Result<String, JsError> {
    let now = js::instant(&now, "nowUnixSeconds")?;
    let zone = js::zone(&zone, "zone")?;
    let date = zone
        .local_date(now)
        .map_err(|e| error("nowUnixSeconds", e))?;
    Ok(text::text(&date))
}

/// Worst-case odds (at an instant inside the midnight grace) that one random entry is accepted
/// by a lock with this policy and `issuers` enabled issuers.
#[wasm_bindgen(js_name = guessOdds, unchecked_return_type = "GuessOdds")]
pub fn guess_odds(
    #[wasm_bindgen(unchecked_param_type = "DailyPolicyInit | null | undefined")] policy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] issuers: JsValue,
) -> Result<JsValue, JsError> {
    let policy = js::policy(&policy, "policy")?;
    let issuers = js::u32_arg(&issuers, "issuers")?;
    let issuers = usize::try_from(issuers).map_err(|e| error("issuers", e))?;
    Ok(js::odds_object(policy.worst_case_odds(issuers))?)
}

/// Check a policy for `issuers` enabled issuers, including the guessing-odds ceiling; throws an
/// `Error` with the reason when the lock would refuse it.
#[wasm_bindgen(js_name = checkPolicy)]
pub fn check_policy(
    #[wasm_bindgen(unchecked_param_type = "DailyPolicyInit | null | undefined")] policy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] issuers: JsValue,
) -> Result<(), JsError> {
    let policy = js::policy(&policy, "policy")?;
    let issuers = js::u32_arg(&issuers, "issuers")?;
    let issuers = usize::try_from(issuers).map_err(|e| error("issuers", e))?;
    policy.check(issuers).map_err(|e| error("", e))
}

/// `issueDaily` after the JavaScript layer (`js/console.js`) checked the options' shape and types:
/// one daily code (derives the keys on every call; keep a `DailyIssuer` to issue many).
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = __issueDaily, skip_typescript)]
pub fn issue_daily(
    door_key_hex: &str,
    door_id: JsValue,
    issuer: u32,
    epoch: u32,
    date: &str,
    kind: &str,
    slot: u32,
    policy: JsValue,
) -> Result<String, JsError> {
    let issuer = DailyIssuer::new_checked(
        &args::door_key(door_key_hex, "options.doorKeyHex")?,
        &door_id,
        "options.doorId",
        issuer,
        epoch,
        js::policy(&policy, "options.policy")?,
    )?;
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
        door_id: &JsValue,
        door_id_name: &str,
        issuer: u32,
        epoch: u32,
        policy: DailyPolicy,
    ) -> Result<Self, JsError> {
        Self::from_issuer_key_checked(
            &door_key.issuer_key(IssuerId(issuer), Epoch(epoch)),
            issuer,
            door_id,
            door_id_name,
            policy,
        )
    }

    fn from_issuer_key_checked(
        issuer_key: &IssuerKey,
        issuer: u32,
        door_id: &JsValue,
        door_id_name: &str,
        policy: DailyPolicy,
    ) -> Result<Self, JsError> {
        let door = js::door_id(door_id, door_id_name)?;
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
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = doorKeyHex, unchecked_param_type = "string")]
        door_key_hex: JsValue,
        #[wasm_bindgen(js_name = doorId, unchecked_param_type = "DoorIdInput")] door_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] issuer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] epoch: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DailyPolicyInit | null")] policy: JsValue,
    ) -> Result<DailyIssuer, JsError> {
        let door_key = args::door_key(&js::string(&door_key_hex, "doorKeyHex")?, "doorKeyHex")?;
        let issuer = js::u32_arg(&issuer, "issuer")?;
        let epoch = js::u32_arg(&epoch, "epoch")?;
        let policy = js::policy(&policy, "policy")?;
        Self::new_checked(&door_key, &door_id, "doorId", issuer, epoch, policy)
    }

    /// An issuer from an issuer key (as returned by `deriveIssuerKey`, which already binds the
    /// epoch), the issuer id it belongs to and the door id.
    #[wasm_bindgen(js_name = fromIssuerKey)]
    pub fn from_issuer_key(
        #[wasm_bindgen(js_name = issuerKeyHex, unchecked_param_type = "string")]
        issuer_key_hex: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] issuer: JsValue,
        #[wasm_bindgen(js_name = doorId, unchecked_param_type = "DoorIdInput")] door_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DailyPolicyInit | null")] policy: JsValue,
    ) -> Result<DailyIssuer, JsError> {
        let issuer_key = args::issuer_key(
            &js::string(&issuer_key_hex, "issuerKeyHex")?,
            "issuerKeyHex",
        )?;
        let issuer = js::u32_arg(&issuer, "issuer")?;
        let policy = js::policy(&policy, "policy")?;
        Self::from_issuer_key_checked(&issuer_key, issuer, &door_id, "doorId", policy)
    }

    /// The code (a string of `policy.digits` digits) for `slot` of `kind` on the local date
    /// `date` (`YYYY-MM-DD`).
    pub fn issue(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DailyKind")] kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] slot: JsValue,
    ) -> Result<String, JsError> {
        let date = js::string(&date, "date")?;
        let kind = js::string(&kind, "kind")?;
        let slot = js::u32_arg(&slot, "slot")?;
        self.issue_checked(&date, &kind, slot, "")
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
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = doorKeyHex, unchecked_param_type = "string")]
        door_key_hex: JsValue,
        #[wasm_bindgen(js_name = doorId, unchecked_param_type = "DoorIdInput")] door_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DailyPolicyInit | null | undefined")]
        policy: JsValue,
        #[wasm_bindgen(unchecked_param_type = "IssuerEpoch[]")] issuers: JsValue,
    ) -> Result<DailyVerifier, JsError> {
        let door_key = args::door_key(&js::string(&door_key_hex, "doorKeyHex")?, "doorKeyHex")?;
        let door = js::door_id(&door_id, "doorId")?;
        let policy = js::policy(&policy, "policy")?;
        let issuers = js::issuers(&issuers, &policy, "issuers")?;
        let inner = daily::DailyVerifier::new(&door_key, door, policy, &issuers)
            .map_err(|e| error("invalid policy", e))?;
        Ok(Self { inner })
    }

    /// Verify a typed entry at `nowUnixSeconds` (the lock's clock, UTC seconds) at a door in
    /// `zone`: a `Zone`, or a fixed offset in seconds east of UTC. Spaces and `-` in the entry
    /// are ignored.
    ///
    /// A rejected entry is a result (`{accepted: false, reason, message}`), not an exception;
    /// only malformed arguments throw.
    #[wasm_bindgen(unchecked_return_type = "VerifyResult")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(js_name = nowUnixSeconds, unchecked_param_type = "number")] now: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Zone | number")] zone: JsValue,
    ) -> Result<JsValue, JsError> {
        let code = js::string(&code, "code")?;
        let now = js::instant(&now, "nowUnixSeconds")?;
        let zone = js::zone(&zone, "zone")?;
        Ok(match self.inner.verify(&code, now, &zone) {
            Ok(accepted) => js::ObjectBuilder::new()
                .set("accepted", true)
                .set("date", text::text(&accepted.date))
                .set("slot", accepted.slot)
                .set("kind", accepted.kind.name())
                .set("issuer", accepted.issuer.0)
                .build(),
            Err(reject) => js::ObjectBuilder::new()
                .set("accepted", false)
                .set("reason", args::reject_reason(&reject))
                .set("message", args::reject_message(&reject))
                .build(),
        })
    }

    /// Odds that one random entry is accepted at `nowUnixSeconds` in `zone` (2 candidate days
    /// inside the midnight grace, 1 outside it).
    #[wasm_bindgen(js_name = oddsAt, unchecked_return_type = "GuessOdds")]
    pub fn odds_at(
        &self,
        #[wasm_bindgen(js_name = nowUnixSeconds, unchecked_param_type = "number")] now: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Zone | number")] zone: JsValue,
    ) -> Result<JsValue, JsError> {
        let now = js::instant(&now, "nowUnixSeconds")?;
        let zone = js::zone(&zone, "zone")?;
        let odds = self
            .inner
            .odds_at(now, &zone)
            .map_err(|e| error("nowUnixSeconds", e))?;
        Ok(js::odds_object(odds)?)
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
