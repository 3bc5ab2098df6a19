//! Daily doorcodes: valid for one calendar day in the door's time zone, verified offline.
//!
//! Construction (SPEC.md, "Daily codes"): the code is the FF1 encryption, under a per-issuer
//! purpose key, of a plaintext that names the kind and the slot, with a tweak that binds the
//! algorithm version, the date, the issuer and the door. Because FF1 is a permutation of all
//! `10^digits` codes:
//!
//! - distinct slots of one door-day always get distinct codes;
//! - the lock decrypts the typed code once per candidate (date, issuer) and accepts it if it
//!   lands on a configured slot, so its work does not grow with the number of codes issued;
//! - a random guess is accepted with probability `candidates x slots / 10^digits` ([`GuessOdds`]).
//!
//! Plaintext layout: the code space is split in two halves, `H = 5 x 10^(digits-1)`. A daily
//! code for slot `s` encrypts `s`; a single-use code encrypts `H + s`. Slots run `0..H`.
//!
//! ```
//! use doorcode::{civil::LocalDate, daily::*, keys::*, zone::Zone};
//! let site = SiteKey::from_bytes(&[7; 32])?;
//! let door = DoorId::new(b"lobby")?;
//! let door_key = site.door_key(&door);
//! let policy = DailyPolicy::default();
//!
//! // Backend: issue today's code for guest slot 3.
//! let issuer = DailyIssuer::new(&door_key.issuer_key(IssuerId(0), Epoch(0)), IssuerId(0), door, policy);
//! let date: LocalDate = "2026-11-22".parse()?;
//! let code = issuer.issue(date, DailyKind::Daily, 3)?;
//!
//! // Lock: verify it at 10:00 local time (UTC+1).
//! let zone = Zone::fixed(3600)?;
//! let lock = DailyVerifier::new(&door_key, door, policy, &[(IssuerId(0), Epoch(0))])?;
//! let now = 1_795_338_000; // 2026-11-22T09:00:00Z
//! let accepted = lock.verify(&code.to_string(), now, &zone).map_err(|r| r.to_string())?;
//! assert_eq!((accepted.date, accepted.slot, accepted.kind), (date, 3, DailyKind::Daily));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use subtle::{Choice, ConditionallySelectable, ConstantTimeLess};

use crate::civil::LocalDate;
use crate::code::{CodeFormatError, CodeLength, Digits, MAX_CODE_DIGITS};
use crate::ff1::Ff1Aes256;
use crate::keys::{DoorId, DoorKey, Epoch, IssuerId, IssuerKey, MAX_DOOR_ID_LEN};
use crate::odds::{GuessOdds, ODDS_CEILING};
use crate::zone::{TimeError, Zone};

/// Version of the daily-code algorithm, bound into every tweak.
pub const ALGORITHM_VERSION: u8 = 1;
/// Tweak byte that separates daily codes from other code families.
const FAMILY_DAILY: u8 = 0x01;
/// Purpose label of the daily-code key below an issuer key.
pub const DAILY_KEY_LABEL: &[u8] = b"daily-code";
/// Most issuers a lock can have enabled at once.
pub const MAX_ISSUERS: usize = 8;
/// Longest clock-drift grace: 6 hours (the candidate-day argument in SPEC.md needs grace well
/// under half of the shortest day).
pub const MAX_GRACE_SECONDS: u32 = 6 * 3600;
/// Default grace around local midnight: 15 minutes.
pub const DEFAULT_GRACE_SECONDS: u32 = 15 * 60;
/// Most candidate dates one verification tries (the day itself and one neighbour per side).
const MAX_CANDIDATE_DATES: usize = 3;
const MAX_TWEAK_LEN: usize = 11 + MAX_DOOR_ID_LEN;

/// Which daily code it is.
///
/// ```
/// use doorcode::daily::DailyKind;
/// assert_eq!(DailyKind::SingleUse.name(), "single-use");
/// assert_eq!(DailyKind::from_name("daily"), Some(DailyKind::Daily));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DailyKind {
    /// Works all day.
    Daily,
    /// Works from first use for a few minutes (the lock's verifier tracks the first use).
    SingleUse,
}

impl DailyKind {
    /// The name used in SPEC.md, vectors, the CLI and JavaScript.
    ///
    /// ```
    /// use doorcode::daily::DailyKind;
    /// assert_eq!(DailyKind::Daily.name(), "daily");
    /// assert_eq!(DailyKind::SingleUse.name(), "single-use");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Self::Daily => "daily",
            Self::SingleUse => "single-use",
        }
    }

    /// Parse a kind's name (`daily` or `single-use`).
    ///
    /// ```
    /// use doorcode::daily::DailyKind;
    /// assert_eq!(DailyKind::from_name("single-use"), Some(DailyKind::SingleUse));
    /// assert_eq!(DailyKind::from_name("Daily"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "daily" => Some(Self::Daily),
            "single-use" => Some(Self::SingleUse),
            _ => None,
        }
    }
}

/// Slots available per kind for a code length: half the code space, `5 x 10^(digits-1)`.
///
/// ```
/// use doorcode::{code::CodeLength, daily::slots_per_kind};
/// assert_eq!(slots_per_kind(CodeLength::SEVEN), 5_000_000);
/// assert_eq!(slots_per_kind(CodeLength::new(6)?), 500_000);
/// # Ok::<(), doorcode::code::CodeFormatError>(())
/// ```
pub const fn slots_per_kind(length: CodeLength) -> u64 {
    length.code_space() / 2
}

/// What a door accepts: code length, slots per day of each kind, and the clock-drift grace.
///
/// ```
/// use doorcode::{code::CodeLength, daily::DailyPolicy};
/// let policy = DailyPolicy::default();
/// assert_eq!(policy.length, CodeLength::SEVEN);
/// assert_eq!((policy.daily_slots, policy.single_use_slots, policy.grace_seconds), (100, 100, 900));
/// assert!(policy.check(1).is_ok());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DailyPolicy {
    /// Digits per code.
    pub length: CodeLength,
    /// Daily codes per issuer per day (slots `0..daily_slots`).
    pub daily_slots: u32,
    /// Single-use codes per issuer per day.
    pub single_use_slots: u32,
    /// Seconds around local midnight during which the neighbouring day's codes also work.
    pub grace_seconds: u32,
}

impl Default for DailyPolicy {
    /// 7 digits, 100 daily and 100 single-use slots per issuer, 15 minutes of grace.
    fn default() -> Self {
        Self {
            length: CodeLength::SEVEN,
            daily_slots: 100,
            single_use_slots: 100,
            grace_seconds: DEFAULT_GRACE_SECONDS,
        }
    }
}

/// Why a daily-code configuration was refused.
///
/// ```
/// use doorcode::{daily::{DailyPolicy, PolicyError}, odds::GuessOdds};
/// let none = DailyPolicy { daily_slots: 0, single_use_slots: 0, ..DailyPolicy::default() };
/// assert_eq!(none.check(1), Err(PolicyError::NoSlots));
/// // 3 issuers x 2 candidate dates x 200 slots = 1,200 in 10^7: above 1 in 10,000.
/// assert_eq!(
///     DailyPolicy::default().check(3),
///     Err(PolicyError::OddsAboveCeiling(GuessOdds { accepted: 1_200, space: 10_000_000 }))
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyError {
    /// Neither kind has any slots.
    NoSlots,
    /// More slots of one kind than half the code space.
    TooManySlots {
        /// The kind.
        kind: DailyKind,
        /// Slots configured.
        slots: u32,
        /// Most allowed at this code length.
        max: u64,
    },
    /// Grace beyond [`MAX_GRACE_SECONDS`].
    GraceTooLong {
        /// Seconds configured.
        seconds: u32,
    },
    /// No issuer enabled.
    NoIssuers,
    /// More than [`MAX_ISSUERS`] issuers, or more than the verifier has room for.
    TooManyIssuers {
        /// Issuers given.
        count: usize,
    },
    /// The same issuer listed twice.
    DuplicateIssuer(IssuerId),
    /// A random entry would be accepted more often than [`ODDS_CEILING`] allows.
    OddsAboveCeiling(GuessOdds),
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSlots => f.write_str("policy has no slots of either kind"),
            Self::TooManySlots { kind, slots, max } => {
                write!(
                    f,
                    "{slots} {} slots configured; at most {max} at this length",
                    kind.name()
                )
            }
            Self::GraceTooLong { seconds } => {
                write!(
                    f,
                    "grace of {seconds} s exceeds the maximum of {MAX_GRACE_SECONDS} s"
                )
            }
            Self::NoIssuers => f.write_str("no issuer is enabled"),
            Self::TooManyIssuers { count } => {
                write!(
                    f,
                    "{count} issuers enabled; more than the verifier's capacity (at most {MAX_ISSUERS})"
                )
            }
            Self::DuplicateIssuer(id) => write!(f, "issuer {} is listed twice", id.0),
            Self::OddsAboveCeiling(odds) => write!(
                f,
                "a random guess would be accepted with odds {odds}, above the ceiling {ODDS_CEILING:?}"
            ),
        }
    }
}

impl core::error::Error for PolicyError {}

impl DailyPolicy {
    /// Check the policy for `issuers` enabled issuers, including the odds ceiling.
    ///
    /// ```
    /// use doorcode::daily::{DailyPolicy, PolicyError};
    /// let policy = DailyPolicy::default();
    /// assert!(policy.check(2).is_ok()); // 2 x 2 x 200 = 800 in 10^7
    /// assert_eq!(policy.check(0), Err(PolicyError::NoIssuers));
    /// let long_grace = DailyPolicy { grace_seconds: 7 * 3600, ..policy };
    /// assert_eq!(long_grace.check(1), Err(PolicyError::GraceTooLong { seconds: 25_200 }));
    /// ```
    pub fn check(&self, issuers: usize) -> Result<(), PolicyError> {
        let max = slots_per_kind(self.length);
        for (kind, slots) in [
            (DailyKind::Daily, self.daily_slots),
            (DailyKind::SingleUse, self.single_use_slots),
        ] {
            if u64::from(slots) > max {
                return Err(PolicyError::TooManySlots { kind, slots, max });
            }
        }
        if self.daily_slots == 0 && self.single_use_slots == 0 {
            return Err(PolicyError::NoSlots);
        }
        if self.grace_seconds > MAX_GRACE_SECONDS {
            return Err(PolicyError::GraceTooLong {
                seconds: self.grace_seconds,
            });
        }
        if issuers == 0 {
            return Err(PolicyError::NoIssuers);
        }
        if issuers > MAX_ISSUERS {
            return Err(PolicyError::TooManyIssuers { count: issuers });
        }
        let odds = self.worst_case_odds(issuers);
        if odds.exceeds(ODDS_CEILING) {
            return Err(PolicyError::OddsAboveCeiling(odds));
        }
        Ok(())
    }

    /// Most candidate dates any instant can have: 2 with a grace (the day and one neighbour,
    /// since the grace is under half the shortest day), 1 without.
    ///
    /// ```
    /// use doorcode::daily::DailyPolicy;
    /// assert_eq!(DailyPolicy::default().worst_case_candidate_dates(), 2);
    /// assert_eq!(DailyPolicy { grace_seconds: 0, ..DailyPolicy::default() }.worst_case_candidate_dates(), 1);
    /// ```
    pub const fn worst_case_candidate_dates(&self) -> u64 {
        if self.grace_seconds > 0 { 2 } else { 1 }
    }

    fn odds_for(&self, candidates: u64) -> GuessOdds {
        let slots = u64::from(self.daily_slots).saturating_add(u64::from(self.single_use_slots));
        GuessOdds {
            accepted: candidates.saturating_mul(slots),
            space: self.length.code_space(),
        }
    }

    /// Odds that one random entry is accepted at the worst instant (inside the grace).
    ///
    /// ```
    /// use doorcode::{daily::DailyPolicy, odds::GuessOdds};
    /// // 2 candidate dates x 2 issuers x (100 + 100) slots, out of 10^7 codes.
    /// assert_eq!(DailyPolicy::default().worst_case_odds(2), GuessOdds { accepted: 800, space: 10_000_000 });
    /// ```
    pub fn worst_case_odds(&self, issuers: usize) -> GuessOdds {
        let issuers = u64::try_from(issuers).unwrap_or(u64::MAX);
        self.odds_for(self.worst_case_candidate_dates().saturating_mul(issuers))
    }

    /// Odds that one random entry is accepted at `now` in `zone` with `issuers` issuers.
    ///
    /// ```
    /// use doorcode::{daily::DailyPolicy, odds::GuessOdds, zone::Zone};
    /// let policy = DailyPolicy::default();
    /// let midnight = 1_795_305_600; // 2026-11-22T00:00:00Z
    /// // At noon only today's codes work; 5 minutes after midnight yesterday's do too.
    /// let noon = policy.odds_at(1, midnight + 12 * 3600, &Zone::UTC)?;
    /// assert_eq!(noon, GuessOdds { accepted: 200, space: 10_000_000 });
    /// assert_eq!(policy.odds_at(1, midnight + 300, &Zone::UTC)?.accepted, 400);
    /// # Ok::<(), doorcode::zone::TimeError>(())
    /// ```
    pub fn odds_at<const N: usize>(
        &self,
        issuers: usize,
        now: i64,
        zone: &Zone<N>,
    ) -> Result<GuessOdds, TimeError> {
        let dates = candidate_dates(now, zone, self.grace_seconds)?;
        let issuers = u64::try_from(issuers).unwrap_or(u64::MAX);
        let candidates = u64::try_from(dates.len).unwrap_or(u64::MAX);
        Ok(self.odds_for(candidates.saturating_mul(issuers)))
    }
}

/// One issuer's daily-code key for one door.
struct DailyKey {
    ff1: Ff1Aes256,
    issuer: IssuerId,
}

impl DailyKey {
    fn derive(issuer_key: &IssuerKey, issuer: IssuerId) -> Self {
        let key = issuer_key.purpose_key(DAILY_KEY_LABEL, &[]);
        Self {
            ff1: Ff1Aes256::new(&key),
            issuer,
        }
    }
}

/// The FF1 tweak: version, family, date (4 bytes), issuer (u32 BE), door id length, door id.
struct Tweak {
    bytes: [u8; MAX_TWEAK_LEN],
    len: usize,
}

impl Tweak {
    fn new(date: LocalDate, issuer: IssuerId, door: &DoorId) -> Self {
        let mut bytes = [0u8; MAX_TWEAK_LEN];
        let door_bytes = door.as_bytes();
        let door_len = u8::try_from(door_bytes.len()).unwrap_or(u8::MAX);
        let head = [ALGORITHM_VERSION, FAMILY_DAILY];
        let parts: [&[u8]; 5] = [
            &head,
            &date.to_bytes(),
            &issuer.0.to_be_bytes(),
            &[door_len],
            door_bytes,
        ];
        let mut len = 0usize;
        for part in parts {
            let end = len.saturating_add(part.len());
            if let Some(slot) = bytes.get_mut(len..end) {
                slot.copy_from_slice(part);
            }
            len = end;
        }
        Self { bytes, len }
    }

    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

/// Why a code could not be issued.
///
/// ```
/// # use doorcode::daily::*;
/// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
/// # let door_key = DoorKey::from_bytes(&[7; 32])?;
/// # let door = DoorId::new(b"lobby")?;
/// # let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
/// let issuer = DailyIssuer::new(&issuer_key, IssuerId(0), door, DailyPolicy::default());
/// let date = "2026-11-22".parse()?;
/// assert_eq!(issuer.issue(date, DailyKind::Daily, 100), Err(IssueError::SlotOutOfRange { slot: 100, slots: 100 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssueError {
    /// The slot is not below the policy's slot count for that kind.
    SlotOutOfRange {
        /// Slot asked for.
        slot: u32,
        /// Slots of that kind in the policy.
        slots: u32,
    },
    /// The policy itself is invalid.
    Policy(PolicyError),
}

impl fmt::Display for IssueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SlotOutOfRange { slot, slots } => {
                write!(
                    f,
                    "slot {slot} is out of range; the policy has {slots} slots of that kind"
                )
            }
            Self::Policy(error) => write!(f, "invalid policy: {error}"),
        }
    }
}

impl core::error::Error for IssueError {}

/// The backend (or a partner) side: issues one issuer's daily codes for one door.
///
/// ```
/// # use doorcode::daily::*;
/// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
/// # let door_key = DoorKey::from_bytes(&[7; 32])?;
/// # let door = DoorId::new(b"lobby")?;
/// # let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
/// let issuer = DailyIssuer::new(&issuer_key, IssuerId(0), door, DailyPolicy::default());
/// let date = "2026-11-22".parse()?;
/// // FF1 is a permutation: distinct slots of one day never share a code.
/// let codes: std::collections::HashSet<u64> =
///     (0..100).map(|slot| issuer.issue(date, DailyKind::Daily, slot).map(|c| c.value())).collect::<Result<_, _>>()?;
/// assert_eq!(codes.len(), 100);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct DailyIssuer {
    key: DailyKey,
    door: DoorId,
    policy: DailyPolicy,
}

impl DailyIssuer {
    /// An issuer from its issuer key for this door (see [`DoorKey::issuer_key`]).
    ///
    /// ```
    /// # use doorcode::daily::*;
    /// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
    /// // Vector tcId 14 of vectors/doorcode_daily_issue_test.json (checked by vectors/reference.py).
    /// let door_key = DoorKey::from_hex("8a3dcd50b66bef1539a8f1317fd1bf86a60b9279433981a5469c8a4331a733c6")?;
    /// let door = DoorId::new(b"front-door")?;
    /// let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
    /// let issuer = DailyIssuer::new(&issuer_key, IssuerId(0), door, DailyPolicy::default());
    /// assert_eq!(issuer.issue("2026-11-22".parse()?, DailyKind::Daily, 0)?.to_string(), "9767911");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        issuer_key: &IssuerKey,
        issuer: IssuerId,
        door: DoorId,
        policy: DailyPolicy,
    ) -> Self {
        Self {
            key: DailyKey::derive(issuer_key, issuer),
            door,
            policy,
        }
    }

    /// The code for `slot` of `kind` on local date `date`.
    ///
    /// ```
    /// # use doorcode::daily::*;
    /// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
    /// // Vector tcId 14 of vectors/doorcode_daily_issue_test.json (checked by vectors/reference.py).
    /// let door_key = DoorKey::from_hex("8a3dcd50b66bef1539a8f1317fd1bf86a60b9279433981a5469c8a4331a733c6")?;
    /// let door = DoorId::new(b"front-door")?;
    /// let issuer = DailyIssuer::new(&door_key.issuer_key(IssuerId(0), Epoch(0)), IssuerId(0), door, DailyPolicy::default());
    /// let date = "2026-11-22".parse()?;
    /// assert_eq!(issuer.issue(date, DailyKind::Daily, 1)?.to_string(), "8964722"); // tcId 15
    /// assert_eq!(issuer.issue(date, DailyKind::Daily, 99)?.to_string(), "7752938"); // tcId 16
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn issue(&self, date: LocalDate, kind: DailyKind, slot: u32) -> Result<Digits, IssueError> {
        self.policy.check(1).map_err(IssueError::Policy)?;
        let slots = match kind {
            DailyKind::Daily => self.policy.daily_slots,
            DailyKind::SingleUse => self.policy.single_use_slots,
        };
        if slot >= slots {
            return Err(IssueError::SlotOutOfRange { slot, slots });
        }
        let length = self.policy.length;
        let base = match kind {
            DailyKind::Daily => 0,
            DailyKind::SingleUse => slots_per_kind(length),
        };
        let plaintext = Digits::from_value(base.saturating_add(u64::from(slot)), length)
            .ok_or(IssueError::SlotOutOfRange { slot, slots })?;
        let key = &self.key;
        let mut out = [0u8; MAX_CODE_DIGITS as usize];
        let out = out.get_mut(..plaintext.numerals().len()).unwrap_or(&mut []);
        let tweak = Tweak::new(date, key.issuer, &self.door);
        key.ff1
            .encrypt(tweak.as_bytes(), plaintext.numerals(), out)
            .ok()
            .and_then(|()| Digits::from_numerals(out))
            .ok_or(IssueError::SlotOutOfRange { slot, slots })
    }
}

/// Issue one daily code straight from a door key (derives the issuer and purpose keys each call;
/// keep a [`DailyIssuer`] to issue many).
///
/// ```
/// # use doorcode::daily::*;
/// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
/// // Vector tcId 14 of vectors/doorcode_daily_issue_test.json (checked by vectors/reference.py).
/// let door_key = DoorKey::from_hex("8a3dcd50b66bef1539a8f1317fd1bf86a60b9279433981a5469c8a4331a733c6")?;
/// let door = DoorId::new(b"front-door")?;
/// let policy = DailyPolicy::default();
/// let date = "2026-11-22".parse()?;
/// let code = issue_daily(&door_key, door, IssuerId(0), Epoch(0), policy, date, DailyKind::Daily, 0)?;
/// assert_eq!(code.to_string(), "9767911");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn issue_daily(
    door_key: &DoorKey,
    door: DoorId,
    issuer: IssuerId,
    epoch: Epoch,
    policy: DailyPolicy,
    date: LocalDate,
    kind: DailyKind,
    slot: u32,
) -> Result<Digits, IssueError> {
    DailyIssuer::new(&door_key.issuer_key(issuer, epoch), issuer, door, policy)
        .issue(date, kind, slot)
}

/// A code the lock accepted: which day, slot, kind and issuer it belongs to.
///
/// ```
/// # use doorcode::daily::*;
/// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
/// # let door_key = DoorKey::from_bytes(&[7; 32])?;
/// # let door = DoorId::new(b"lobby")?;
/// # let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
/// # use doorcode::zone::Zone;
/// let policy = DailyPolicy::default();
/// let date = "2026-11-22".parse()?;
/// let code = issue_daily(&door_key, door, IssuerId(0), Epoch(0), policy, date, DailyKind::SingleUse, 7)?;
/// let lock = DailyVerifier::new(&door_key, door, policy, &[(IssuerId(0), Epoch(0))])?;
/// let accepted = lock.verify(&code.to_string(), 1_795_338_000, &Zone::UTC)?; // 09:00 that day
/// assert_eq!(accepted, DailyAccepted { date, slot: 7, kind: DailyKind::SingleUse, issuer: IssuerId(0) });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DailyAccepted {
    /// The local date the code was issued for.
    pub date: LocalDate,
    /// The slot within that day and kind.
    pub slot: u32,
    /// Daily or single-use.
    pub kind: DailyKind,
    /// Who issued it.
    pub issuer: IssuerId,
}

/// Why the lock rejected an entry (for its log; the keypad shows only "rejected").
///
/// ```
/// # use doorcode::daily::*;
/// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
/// # let door_key = DoorKey::from_bytes(&[7; 32])?;
/// # let door = DoorId::new(b"lobby")?;
/// # let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
/// # use doorcode::{code::CodeFormatError, zone::Zone};
/// let policy = DailyPolicy::default();
/// let lock = DailyVerifier::new(&door_key, door, policy, &[(IssuerId(0), Epoch(0))])?;
/// let now = 1_795_338_000;
/// let wrong_length = CodeFormatError::WrongLength { expected: 7, got: 6 };
/// assert_eq!(lock.verify("123456", now, &Zone::UTC), Err(DailyReject::Malformed(wrong_length)));
/// // Yesterday's code at 09:00, long after the grace.
/// let yesterday = issue_daily(&door_key, door, IssuerId(0), Epoch(0), policy, "2026-11-21".parse()?, DailyKind::Daily, 0)?;
/// assert_eq!(lock.verify(&yesterday.to_string(), now, &Zone::UTC), Err(DailyReject::NoMatch));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DailyReject {
    /// The entry is not a well-formed code of the configured length.
    Malformed(CodeFormatError),
    /// The lock's clock reads an instant outside the supported calendar.
    ClockOutOfRange,
    /// Well-formed, but no enabled issuer issued it for a day valid now.
    NoMatch,
}

impl fmt::Display for DailyReject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(error) => write!(f, "malformed code: {error}"),
            Self::ClockOutOfRange => f.write_str("clock is outside the supported years"),
            Self::NoMatch => f.write_str("no enabled issuer issued this code for a valid day"),
        }
    }
}

impl core::error::Error for DailyReject {}

/// Up to three distinct candidate dates, today first.
///
/// ```
/// use doorcode::{daily::candidate_dates, zone::Zone};
/// // 23:55 UTC on 2026-11-21 with 15 minutes of grace: that day, then the next.
/// let dates = candidate_dates(1_795_305_600 - 300, &Zone::UTC, 900)?;
/// let shown: Vec<String> = dates.as_slice().iter().map(|d| d.to_string()).collect();
/// assert_eq!(shown, ["2026-11-21", "2026-11-22"]);
/// # Ok::<(), doorcode::zone::TimeError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CandidateDates {
    dates: [LocalDate; MAX_CANDIDATE_DATES],
    len: usize,
}

impl CandidateDates {
    /// The dates, in the order verification tries them.
    ///
    /// ```
    /// use doorcode::{daily::candidate_dates, zone::Zone};
    /// // Noon: far from midnight, only one date.
    /// let dates = candidate_dates(1_795_305_600 + 12 * 3600, &Zone::UTC, 900)?;
    /// assert_eq!(dates.as_slice(), &["2026-11-22".parse().map_err(|_| doorcode::zone::TimeError::OutOfRange)?]);
    /// # Ok::<(), doorcode::zone::TimeError>(())
    /// ```
    pub fn as_slice(&self) -> &[LocalDate] {
        self.dates.get(..self.len).unwrap_or(&[])
    }
}

/// The dates whose codes are accepted at `now`: the local dates at `now`, `now - grace` and
/// `now + grace`, without repeats, today first. A date that never occurs in the zone is never
/// the local date of any instant, so it is never a candidate.
///
/// ```
/// use doorcode::{daily::candidate_dates, zone::Zone};
/// // 00:05 UTC on 2026-11-22 with 15 minutes of grace: today and yesterday.
/// let dates = candidate_dates(1_795_305_900, &Zone::UTC, 900)?;
/// let shown: Vec<String> = dates.as_slice().iter().map(|d| d.to_string()).collect();
/// assert_eq!(shown, ["2026-11-22", "2026-11-21"]);
/// # Ok::<(), doorcode::zone::TimeError>(())
/// ```
pub fn candidate_dates<const N: usize>(
    now: i64,
    zone: &Zone<N>,
    grace: u32,
) -> Result<CandidateDates, TimeError> {
    let today = zone.local_date(now)?;
    let mut set = CandidateDates {
        dates: [today; MAX_CANDIDATE_DATES],
        len: 1,
    };
    for instant in [
        now.checked_sub(i64::from(grace)),
        now.checked_add(i64::from(grace)),
    ] {
        let date = zone.local_date(instant.ok_or(TimeError::OutOfRange)?)?;
        let seen = set.dates.get(..set.len).unwrap_or(&[]).contains(&date);
        if let (false, Some(slot)) = (seen, set.dates.get_mut(set.len)) {
            *slot = date;
            set.len = set.len.saturating_add(1);
        }
    }
    Ok(set)
}

/// The lock side: verifies typed codes against every enabled issuer.
///
/// Holds one expanded key per enabled issuer; build it once at boot or when the door's policy
/// changes. Verification runs one FF1 decryption per (candidate date, issuer), whatever the code,
/// and combines the results in constant time.
///
/// `I` is how many issuers it has room for (at most [`MAX_ISSUERS`] are ever enabled). Each slot
/// holds an expanded AES-256 key (about 250 bytes on a Cortex-M), so a lock that only ever
/// enables one or two issuers saves RAM with `DailyVerifier<1>` or `DailyVerifier<2>`.
///
/// ```
/// # use doorcode::daily::*;
/// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
/// # let door_key = DoorKey::from_bytes(&[7; 32])?;
/// # let door = DoorId::new(b"lobby")?;
/// # let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
/// # use doorcode::zone::Zone;
/// let policy = DailyPolicy::default();
/// let partner_key = door_key.issuer_key(IssuerId(5), Epoch(2));
/// // A partner issues offline with only its own issuer key...
/// let issuer = DailyIssuer::new(&partner_key, IssuerId(5), door, policy);
/// let code = issuer.issue("2026-11-22".parse()?, DailyKind::Daily, 0)?;
/// // ...and the lock, holding the door key, accepts it while that issuer and epoch are enabled.
/// let lock = DailyVerifier::new(&door_key, door, policy, &[(IssuerId(0), Epoch(0)), (IssuerId(5), Epoch(2))])?;
/// assert_eq!(lock.verify(&code.to_string(), 1_795_338_000, &Zone::UTC)?.issuer, IssuerId(5));
/// let revoked = DailyVerifier::new(&door_key, door, policy, &[(IssuerId(0), Epoch(0)), (IssuerId(5), Epoch(3))])?;
/// assert_eq!(revoked.verify(&code.to_string(), 1_795_338_000, &Zone::UTC), Err(DailyReject::NoMatch));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct DailyVerifier<const I: usize = MAX_ISSUERS> {
    door: DoorId,
    policy: DailyPolicy,
    keys: [Option<DailyKey>; I],
}

impl DailyVerifier {
    /// A verifier for `door` accepting codes from `issuers` (id and current epoch), with room for
    /// [`MAX_ISSUERS`] issuers.
    ///
    /// ```
    /// # use doorcode::daily::*;
    /// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
    /// # let door_key = DoorKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"lobby")?;
    /// # let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
    /// let policy = DailyPolicy::default();
    /// let lock = DailyVerifier::new(&door_key, door, policy, &[(IssuerId(0), Epoch(0)), (IssuerId(1), Epoch(0))])?;
    /// assert_eq!(lock.issuer_count(), 2);
    /// let twice = DailyVerifier::new(&door_key, door, policy, &[(IssuerId(1), Epoch(0)), (IssuerId(1), Epoch(1))]);
    /// assert_eq!(twice.err(), Some(PolicyError::DuplicateIssuer(IssuerId(1))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        door_key: &DoorKey,
        door: DoorId,
        policy: DailyPolicy,
        issuers: &[(IssuerId, Epoch)],
    ) -> Result<Self, PolicyError> {
        Self::with_capacity(door_key, door, policy, issuers)
    }
}

impl<const I: usize> DailyVerifier<I> {
    /// As [`DailyVerifier::new`], with room for `I` issuers:
    /// `DailyVerifier::<1>::with_capacity(..)` on a lock that only accepts its own backend's codes.
    ///
    /// ```
    /// # use doorcode::daily::*;
    /// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
    /// # let door_key = DoorKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"lobby")?;
    /// # let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
    /// let policy = DailyPolicy::default();
    /// let own = DailyVerifier::<1>::with_capacity(&door_key, door, policy, &[(IssuerId(0), Epoch(0))])?;
    /// assert_eq!(own.issuer_count(), 1);
    /// let two = [(IssuerId(0), Epoch(0)), (IssuerId(1), Epoch(0))];
    /// let full = DailyVerifier::<1>::with_capacity(&door_key, door, policy, &two);
    /// assert_eq!(full.err(), Some(PolicyError::TooManyIssuers { count: 2 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_capacity(
        door_key: &DoorKey,
        door: DoorId,
        policy: DailyPolicy,
        issuers: &[(IssuerId, Epoch)],
    ) -> Result<Self, PolicyError> {
        policy.check(issuers.len())?;
        if issuers.len() > I {
            return Err(PolicyError::TooManyIssuers {
                count: issuers.len(),
            });
        }
        let mut keys = [const { None }; I];
        for (index, (id, epoch)) in issuers.iter().enumerate() {
            if issuers
                .get(..index)
                .unwrap_or(&[])
                .iter()
                .any(|(other, _)| other == id)
            {
                return Err(PolicyError::DuplicateIssuer(*id));
            }
            if let Some(slot) = keys.get_mut(index) {
                *slot = Some(DailyKey::derive(&door_key.issuer_key(*id, *epoch), *id));
            }
        }
        Ok(Self { door, policy, keys })
    }

    /// The policy in force.
    ///
    /// ```
    /// # use doorcode::daily::*;
    /// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
    /// # let door_key = DoorKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"lobby")?;
    /// # let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
    /// let policy = DailyPolicy { daily_slots: 10, ..DailyPolicy::default() };
    /// let lock = DailyVerifier::new(&door_key, door, policy, &[(IssuerId(0), Epoch(0))])?;
    /// assert_eq!(lock.policy().daily_slots, 10);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn policy(&self) -> &DailyPolicy {
        &self.policy
    }

    /// Number of enabled issuers.
    ///
    /// ```
    /// # use doorcode::daily::*;
    /// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
    /// # let door_key = DoorKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"lobby")?;
    /// # let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
    /// let issuers = [(IssuerId(0), Epoch(0)), (IssuerId(3), Epoch(1)), (IssuerId(4), Epoch(0))];
    /// let policy = DailyPolicy { grace_seconds: 0, ..DailyPolicy::default() }; // 3 x 200 in 10^7
    /// assert_eq!(DailyVerifier::new(&door_key, door, policy, &issuers)?.issuer_count(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn issuer_count(&self) -> usize {
        self.keys.iter().flatten().count()
    }

    /// Odds that one random entry is accepted at `now`.
    ///
    /// ```
    /// # use doorcode::daily::*;
    /// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
    /// # let door_key = DoorKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"lobby")?;
    /// # let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
    /// # use doorcode::{odds::GuessOdds, zone::Zone};
    /// let lock = DailyVerifier::new(&door_key, door, DailyPolicy::default(), &[(IssuerId(0), Epoch(0))])?;
    /// // 00:05 UTC: today and yesterday are candidates, 2 x 200 slots.
    /// let odds = lock.odds_at(1_795_305_600 + 300, &Zone::UTC)?;
    /// assert_eq!(odds, GuessOdds { accepted: 400, space: 10_000_000 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn odds_at<const N: usize>(
        &self,
        now: i64,
        zone: &Zone<N>,
    ) -> Result<GuessOdds, TimeError> {
        self.policy.odds_at(self.issuer_count(), now, zone)
    }

    /// Verify a typed entry at `now` (UTC seconds) in the door's `zone`.
    ///
    /// ```
    /// # use doorcode::daily::*;
    /// # use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
    /// # let door_key = DoorKey::from_bytes(&[7; 32])?;
    /// # let door = DoorId::new(b"lobby")?;
    /// # let issuer_key = door_key.issuer_key(IssuerId(0), Epoch(0));
    /// # use doorcode::zone::Zone;
    /// let policy = DailyPolicy::default();
    /// let lock = DailyVerifier::new(&door_key, door, policy, &[(IssuerId(0), Epoch(0))])?;
    /// let code = issue_daily(&door_key, door, IssuerId(0), Epoch(0), policy, "2026-11-22".parse()?, DailyKind::Daily, 4)?;
    /// let typed = format!("{} {}", &code.to_string()[..3], &code.to_string()[3..]); // "123 4567"
    /// // 00:10 on 2026-11-23: still inside the 15 minutes of grace, so yesterday's code works.
    /// let accepted = lock.verify(&typed, 1_795_305_600 + 86_400 + 600, &Zone::UTC)?;
    /// assert_eq!((accepted.slot, accepted.date.to_string()), (4, "2026-11-22".to_string()));
    /// assert_eq!(lock.verify(&typed, 1_795_305_600 + 86_400 + 1_200, &Zone::UTC), Err(DailyReject::NoMatch));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify<const N: usize>(
        &self,
        input: &str,
        now: i64,
        zone: &Zone<N>,
    ) -> Result<DailyAccepted, DailyReject> {
        let code = Digits::parse(input, self.policy.length).map_err(DailyReject::Malformed)?;
        let dates = candidate_dates(now, zone, self.policy.grace_seconds)
            .map_err(|_| DailyReject::ClockOutOfRange)?;
        let half = slots_per_kind(self.policy.length);
        let daily_slots = u64::from(self.policy.daily_slots);
        let single_use_slots = u64::from(self.policy.single_use_slots);

        let mut found = Choice::from(0);
        let (mut date_index, mut slot, mut single_use, mut issuer) = (0u64, 0u64, 0u8, 0u32);
        let numerals = code.numerals();
        for (candidate, date) in dates.dates.iter().take(dates.len).enumerate() {
            for key in self.keys.iter().flatten() {
                let mut out = [0u8; MAX_CODE_DIGITS as usize];
                let out = out.get_mut(..numerals.len()).unwrap_or(&mut []);
                let tweak = Tweak::new(*date, key.issuer, &self.door);
                let decrypted = key.ff1.decrypt(tweak.as_bytes(), numerals, out).is_ok();
                let value = Digits::from_numerals(out).map_or(u64::MAX, |d| d.value());
                // Branch-free from here: which half, which slot, and whether it is in range.
                let in_daily_half = value.ct_lt(&half);
                let candidate_slot =
                    u64::conditional_select(&value.wrapping_sub(half), &value, in_daily_half);
                let limit = u64::conditional_select(&single_use_slots, &daily_slots, in_daily_half);
                let hit = candidate_slot.ct_lt(&limit) & Choice::from(u8::from(decrypted));
                let take = hit & !found;
                let candidate = u64::try_from(candidate).unwrap_or(0);
                date_index.conditional_assign(&candidate, take);
                slot.conditional_assign(&candidate_slot, take);
                single_use.conditional_assign(&u8::from(!bool::from(in_daily_half)), take);
                issuer.conditional_assign(&key.issuer.0, take);
                found |= hit;
            }
        }
        if !bool::from(found) {
            return Err(DailyReject::NoMatch);
        }
        let date = usize::try_from(date_index)
            .ok()
            .and_then(|index| dates.dates.get(index).copied())
            .ok_or(DailyReject::NoMatch)?;
        Ok(DailyAccepted {
            date,
            slot: u32::try_from(slot).map_err(|_| DailyReject::NoMatch)?,
            kind: if single_use == 1 {
                DailyKind::SingleUse
            } else {
                DailyKind::Daily
            },
            issuer: IssuerId(issuer),
        })
    }
}
