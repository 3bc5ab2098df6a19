//! The lock-side verifier: one state machine per door that the firmware calls per keypress.
//!
//! It combines the daily-code verifier ([`DailyVerifier`]) with what only a stateful lock can
//! do: a synced permanent-code table, single-use codes that expire after first use, wrong-code
//! throttling with escalating lockouts, a clock rollback guard, authenticated door updates and
//! a versioned, integrity-checked encoding of its state. Nothing allocates; capacities are
//! const generics (`P` permanent entries, `U` single-use records, `I` issuers) and the
//! [`DefaultLock`] alias uses 64 / 32 / 4. See SPEC.md, "Lock verifier".
//!
//! ```
//! use doorcode::{civil::LocalDate, daily::*, keys::*, lock::*};
//! let door = DoorId::new(b"lobby")?;
//! let door_key = DoorKey::from_bytes(&[9; 32])?;
//! let config = LockConfig::<64>::new(door);
//! let code = issue_daily(&door_key, door, IssuerId(0), Epoch(0), config.policy,
//!                        "2026-11-22".parse()?, DailyKind::Daily, 3)?;
//! let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, config)?;
//! let now = Clock::Set(1_795_338_000); // 2026-11-22T09:00:00Z
//! let (answer, event) = lock.keypress(&code.to_string(), now);
//! assert_eq!(answer, KeypadAnswer::Accept);
//! let (answer, event) = lock.keypress("0000000", now);
//! assert_eq!((answer, event.reason), (KeypadAnswer::Reject, Some(RejectReason::NoMatch)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod ble;
mod codec;
mod config;
mod judge;

use core::fmt;

use zeroize::Zeroizing;

use crate::civil::LocalDate;
use crate::code::{CodeFormatError, Digits};
use crate::daily::{DailyAccepted, DailyKind, DailyReject, DailyVerifier, MAX_GRACE_SECONDS};
use crate::kdf::{LabelledInfo, TAG_LEN};
use crate::keys::{DoorKey, Epoch, IssuerId};
use crate::schedule::ScheduleDenial;
use crate::zone::MAX_OFFSET_SECONDS;

pub use ble::{
    CHALLENGE_LABEL, CHALLENGE_LIFETIME_SECONDS, CHALLENGE_VERSION, CREDENTIAL_EXTENSION_TAG,
    Challenge, ChallengeBytes, ChallengeError, MAX_CHALLENGE_LEN, MAX_STATE_EXTENSION_LEN,
    MAX_UPDATE_EXTENSION_LEN,
};
pub use codec::{
    BufferTooSmall, ENTRY_LEN, FormatError, STATE_VERSION, UPDATE_VERSION, max_config_len,
    max_update_len,
};
use codec::{FRAME_OVERHEAD, Reader, Writer};
pub use config::MAX_DENIED_CREDENTIALS;
pub use config::{
    ConfigError, DEFAULT_CLOCK_TOLERANCE_SECONDS, DEFAULT_SINGLE_USE_MINUTES, LockConfig,
    MAX_CLOCK_TOLERANCE_SECONDS, MAX_DENIED_PERSONS, MAX_LOCK_SCHEDULES, MAX_LOCKOUT_SECONDS,
    MAX_SINGLE_USE_MINUTES, PERMANENT_TABLE_LABEL, PERMANENT_TAG_VERSION, PermanentEntry,
    ThrottleConfig, permanent_tag,
};

/// Label of the door-update MAC key below the door key.
pub const UPDATE_KEY_LABEL: &[u8] = b"lock-update";
/// Label of the state MAC key below the door key.
pub const STATE_KEY_LABEL: &[u8] = b"lock-state";
/// Default permanent-table capacity.
pub const DEFAULT_PERMANENT_CAPACITY: usize = 64;
/// Default single-use record capacity.
pub const DEFAULT_SINGLE_USE_CAPACITY: usize = 32;
/// Default issuer capacity.
pub const DEFAULT_ISSUER_CAPACITY: usize = 4;
/// Bytes of one single-use record in the state encoding.
pub const RECORD_LEN: usize = 4 + 4 + 4 + 4 + 8;

/// A lock with the default capacities: 64 permanent codes, 32 single-use records, 4 issuers.
pub type DefaultLock =
    LockVerifier<DEFAULT_PERMANENT_CAPACITY, DEFAULT_SINGLE_USE_CAPACITY, DEFAULT_ISSUER_CAPACITY>;

// RAM budget of the default lock on the firmware target: 8,760 bytes measured on
// thumbv7em-none-eabihf (8,880 on x86-64, SPEC.md 15.1), checked at compile time on 32-bit ARM.
#[cfg(target_arch = "arm")]
const _: () = assert!(core::mem::size_of::<DefaultLock>() <= 9 * 1024);

/// Longest state encoding of a lock with `entries` permanent entries and `records` single-use
/// records.
///
/// ```
/// use doorcode::lock::{max_state_len, DefaultLock};
/// assert_eq!(max_state_len(64, 32), DefaultLock::MAX_STATE_LEN);
/// ```
pub const fn max_state_len(entries: usize, records: usize) -> usize {
    max_config_len(entries)
        .saturating_add(FRAME_OVERHEAD + 8 + 1 + 3 * 8 + 2 + 2)
        .saturating_add(records.saturating_mul(RECORD_LEN))
        .saturating_add(ble::MAX_STATE_EXTENSION_LEN)
}

/// What the lock's clock says.
///
/// ```
/// use doorcode::lock::Clock;
/// assert_eq!(Clock::from(Some(1_795_338_000)), Clock::Set(1_795_338_000));
/// assert_eq!(Clock::from(None), Clock::Unset);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Clock {
    /// The clock has not been set since power-up (or lost its time).
    Unset,
    /// UTC seconds.
    Set(i64),
}

impl From<Option<i64>> for Clock {
    fn from(value: Option<i64>) -> Self {
        value.map_or(Self::Unset, Self::Set)
    }
}

/// All the keypad may show: nothing about why an entry was rejected.
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// let (answer, _) = lock.keypress("0000000", Clock::Set(1_795_338_000));
/// assert_eq!(answer, KeypadAnswer::Reject);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeypadAnswer {
    /// Open.
    Accept,
    /// Stay closed.
    Reject,
}

/// What an entry matched.
///
/// ```
/// use doorcode::{code::{CodeLength, Digits}, keys::*, lock::*, schedule::Grant};
/// let (key, door) = (DoorKey::from_bytes(&[9; 32])?, DoorId::new(b"lobby")?);
/// let mut config = LockConfig::<64>::new(door);
/// let tag = permanent_tag(&key, &door, &Digits::parse("4815162", CodeLength::SEVEN)?);
/// config.push_entry(PermanentEntry { tag, person: 7, grant: Grant::ALWAYS, schedule: None })?;
/// let mut lock = DefaultLock::new(key, config)?;
/// let (_, event) = lock.keypress("4815162", Clock::Set(1_795_338_000));
/// assert_eq!(event.matched, Some(Matched::Permanent { index: 0, person: 7 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matched {
    /// A daily or single-use code.
    Daily(DailyAccepted),
    /// A permanent code.
    Permanent {
        /// Position in the synced table.
        index: u16,
        /// The person it belongs to.
        person: u64,
    },
    /// A mobile credential presented over BLE ([`LockVerifier::present`]).
    Credential(crate::credential::Presented),
}

/// Why an entry was rejected (for the lock's log only).
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// let (_, event) = lock.keypress("0000000", Clock::Unset);
/// assert_eq!(event.reason, Some(RejectReason::ClockUnset));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectReason {
    /// Not a well-formed code of the door's length.
    Malformed(CodeFormatError),
    /// Well-formed, matches nothing valid now.
    NoMatch,
    /// The clock is unset: nothing is evaluated.
    ClockUnset,
    /// The clock is more than the tolerance behind the last trusted instant.
    ClockRolledBack {
        /// The last trusted instant.
        last_trusted: i64,
    },
    /// The clock is outside the supported calendar.
    ClockOutOfRange,
    /// Too many wrong entries: nothing is evaluated until `until`.
    LockedOut {
        /// First instant at which entries are evaluated again.
        until: i64,
    },
    /// A single-use code used more than the window ago.
    SingleUseExpired {
        /// When it was first used.
        first_use: i64,
    },
    /// A single-use code seen for the first time, but every record holds a code that may still
    /// be valid: refused rather than forget one (fail closed).
    SingleUseTableFull,
    /// A permanent code of a person the last update denied at this door.
    PersonDenied,
    /// A permanent code before its grant.
    NotYetValid,
    /// A permanent code after its grant.
    Expired,
    /// A permanent code outside its schedule.
    OutsideSchedule(ScheduleDenial),
    /// A mobile credential presentation was refused (never counts toward throttling).
    Credential(crate::credential::CredentialReject),
}

impl RejectReason {
    /// Whether this counts as a wrong entry for throttling.
    ///
    /// ```
    /// use doorcode::lock::RejectReason;
    /// assert!(RejectReason::NoMatch.counts_as_wrong());
    /// assert!(!RejectReason::LockedOut { until: 0 }.counts_as_wrong());
    /// ```
    pub const fn counts_as_wrong(self) -> bool {
        matches!(
            self,
            Self::Malformed(_)
                | Self::NoMatch
                | Self::SingleUseExpired { .. }
                | Self::PersonDenied
                | Self::NotYetValid
                | Self::Expired
                | Self::OutsideSchedule(_)
        )
    }
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(error) => write!(f, "malformed entry: {error}"),
            Self::NoMatch => f.write_str("no code matches"),
            Self::ClockUnset => f.write_str("clock not set"),
            Self::ClockRolledBack { last_trusted } => {
                write!(f, "clock is behind the last trusted instant {last_trusted}")
            }
            Self::ClockOutOfRange => f.write_str("clock outside the supported calendar"),
            Self::LockedOut { until } => write!(f, "locked out until {until}"),
            Self::SingleUseExpired { first_use } => {
                write!(f, "single-use code first used at {first_use} has expired")
            }
            Self::SingleUseTableFull => f.write_str("single-use record table is full"),
            Self::PersonDenied => f.write_str("person denied at this door"),
            Self::NotYetValid => f.write_str("permanent code not yet valid"),
            Self::Expired => f.write_str("permanent code expired"),
            Self::OutsideSchedule(denial) => write!(f, "outside schedule: {denial}"),
            Self::Credential(why) => write!(f, "credential refused: {why}"),
        }
    }
}

impl core::error::Error for RejectReason {}

/// One keypress's record for the lock's log.
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// let (_, event) = lock.keypress("0000000", Clock::Set(1_795_338_000));
/// assert_eq!((event.at, event.answer), (Some(1_795_338_000), KeypadAnswer::Reject));
/// assert_eq!((event.matched, event.lockout_until), (None, None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// The clock at the entry, if set.
    pub at: Option<i64>,
    /// What the keypad was told.
    pub answer: KeypadAnswer,
    /// Why it was rejected (`None` when accepted).
    pub reason: Option<RejectReason>,
    /// What the entry matched, when it matched a code (also for some rejections, such as an
    /// expired single-use code or a permanent code outside its schedule).
    pub matched: Option<Matched>,
    /// Set when this entry started a lockout: its end.
    pub lockout_until: Option<i64>,
}

/// The wrong-code counters (persisted; SPEC.md 15.5).
///
/// ```
/// use doorcode::{keys::*, lock::*};
/// let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// lock.keypress("0000000", Clock::Set(1_795_338_000));
/// let state = lock.throttle_state();
/// assert_eq!((state.wrong, state.forgive_from), (1, Some(1_795_338_000)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ThrottleState {
    /// Outstanding (not yet forgiven) wrong entries, at most
    /// [`ThrottleConfig::max_outstanding`]; 0 means none.
    pub wrong: u16,
    /// End of the current or last lockout.
    pub locked_until: Option<i64>,
    /// The instant from which the next outstanding wrong entry is being forgiven: the last
    /// wrong entry, the end of the lockout it started, or the last forgiveness step. `None`
    /// exactly when `wrong` is 0.
    pub forgive_from: Option<i64>,
}

/// A used single-use code (persisted).
///
/// ```
/// use doorcode::{daily::*, keys::*, lock::*};
/// let door = DoorId::new(b"lobby")?;
/// let config = LockConfig::<64>::new(door);
/// let code = issue_daily(&DoorKey::from_bytes(&[9; 32])?, door, IssuerId(0), Epoch(0),
///                        config.policy, "2026-11-22".parse()?, DailyKind::SingleUse, 5)?;
/// let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, config)?;
/// lock.keypress(&code.to_string(), Clock::Set(1_795_338_000));
/// let record = lock.used_records()[0];
/// assert_eq!((record.slot, record.first_use), (5, 1_795_338_000));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UsedRecord {
    /// The date the code was issued for.
    pub date: LocalDate,
    /// Its issuer.
    pub issuer: IssuerId,
    /// The issuer's epoch when it was used.
    pub epoch: Epoch,
    /// Its slot.
    pub slot: u32,
    /// The instant of its first use.
    pub first_use: i64,
}

impl UsedRecord {
    /// The instant from which no clock the lock can accept makes this record's code valid:
    /// the end of its date in the most extreme zone (`midnight UTC + 24 h + 24:59:59`) plus the
    /// longest grace, independent of the door's current zone and policy (either may change in
    /// an update).
    ///
    /// ```
    /// use doorcode::{keys::*, lock::UsedRecord};
    /// let record = UsedRecord { date: "2026-11-22".parse()?, issuer: IssuerId(0), epoch: Epoch(0),
    ///                           slot: 5, first_use: 1_795_338_000 };
    /// // Midnight UTC of the date + 24 h + 24:59:59 (largest offset) + 6 h (largest grace).
    /// assert_eq!(record.dead_after(), 1_795_305_600 + 86_400 + 89_999 + 21_600);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dead_after(&self) -> i64 {
        let margin = 86_400i64
            .saturating_add(i64::from(MAX_OFFSET_SECONDS))
            .saturating_add(i64::from(MAX_GRACE_SECONDS));
        self.date.midnight_utc_seconds().saturating_add(margin)
    }

    fn same_code(&self, other: &UsedRecord) -> bool {
        (self.date, self.issuer, self.epoch, self.slot)
            == (other.date, other.issuer, other.epoch, other.slot)
    }
}

const NO_RECORD: UsedRecord = UsedRecord {
    date: LocalDate::MIN,
    issuer: IssuerId(0),
    epoch: Epoch(0),
    slot: 0,
    first_use: 0,
};

/// Why a door update was refused. The lock's state is unchanged in every case.
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// let mut out = [0u8; 256];
/// let len = build_update(&DoorKey::from_bytes(&[9; 32])?, 1, 1_795_338_000, lock.config(), &mut out)?;
/// lock.apply_update(&out[..len])?;
/// assert_eq!(lock.apply_update(&out[..len]), Err(UpdateError::Stale { counter: 1, last: 1 }));
/// out[len - 1] ^= 1;
/// assert_eq!(lock.apply_update(&out[..len]), Err(UpdateError::Forged));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UpdateError {
    /// The tag does not verify under this door's update key.
    Forged,
    /// The counter is not above the last applied update's: a replay or an older update.
    Stale {
        /// The update's counter.
        counter: u64,
        /// The last applied counter.
        last: u64,
    },
    /// Authentic, but for another door id.
    WrongDoor,
    /// The bytes are not a well-formed update (length, version, fields).
    Malformed(FormatError),
    /// The configuration does not fit this lock (issuer capacity, policy).
    Config(ConfigError),
}

impl fmt::Display for UpdateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Forged => f.write_str("update tag does not verify"),
            Self::Stale { counter, last } => {
                write!(
                    f,
                    "update counter {counter} is not above the last applied {last}"
                )
            }
            Self::WrongDoor => f.write_str("update is for another door"),
            Self::Malformed(error) => write!(f, "malformed update: {error}"),
            Self::Config(error) => write!(f, "update does not fit this lock: {error}"),
        }
    }
}

impl core::error::Error for UpdateError {}

/// Why persisted state was refused (the caller keeps whatever state it had).
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// assert_eq!(DefaultLock::restore(DoorKey::from_bytes(&[9; 32])?, &[]).err(), Some(StateError::Truncated));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateError {
    /// Shorter than its framing or its declared length (a torn write).
    Truncated,
    /// The tag does not verify: tampered, corrupted, or another door's state.
    Tampered,
    /// A version this crate does not read.
    UnknownVersion(u8),
    /// Bytes beyond the declared length.
    TrailingBytes,
    /// Authentic but with a field out of range (written by an incompatible build).
    OutOfRange(FormatError),
    /// The configuration does not fit this build's capacities.
    Config(ConfigError),
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated => f.write_str("state is truncated"),
            Self::Tampered => f.write_str("state integrity tag does not verify"),
            Self::UnknownVersion(version) => write!(f, "unknown state version {version:#04x}"),
            Self::TrailingBytes => f.write_str("bytes after the state"),
            Self::OutOfRange(error) => write!(f, "state field out of range: {error}"),
            Self::Config(error) => write!(f, "state configuration does not fit: {error}"),
        }
    }
}

impl core::error::Error for StateError {}

impl From<FormatError> for StateError {
    fn from(error: FormatError) -> Self {
        match error {
            FormatError::Truncated => Self::Truncated,
            FormatError::BadTag => Self::Tampered,
            FormatError::UnknownVersion(version) => Self::UnknownVersion(version),
            FormatError::TrailingBytes => Self::TrailingBytes,
            FormatError::Config(error) => Self::Config(error),
            other => Self::OutOfRange(other),
        }
    }
}

/// Why [`build_update`] failed.
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// let mut tiny = [0u8; 16];
/// let result = build_update(&DoorKey::from_bytes(&[9; 32])?, 1, 0, lock.config(), &mut tiny);
/// assert!(matches!(result, Err(BuildError::Buffer(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// The configuration is invalid.
    Config(ConfigError),
    /// The output buffer is too small.
    Buffer(BufferTooSmall),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(error) => write!(f, "invalid configuration: {error}"),
            Self::Buffer(error) => error.fmt(f),
        }
    }
}

impl core::error::Error for BuildError {}

/// What an applied update changed.
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// let mut out = [0u8; 256];
/// let len = build_update(&DoorKey::from_bytes(&[9; 32])?, 1, 1_795_338_000, lock.config(), &mut out)?;
/// let summary = lock.apply_update(&out[..len])?;
/// assert_eq!((summary.counter, summary.issuers, summary.entries), (1, 1, 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpdateSummary {
    /// The update's counter, now the last applied.
    pub counter: u64,
    /// Issuers now enabled.
    pub issuers: usize,
    /// Permanent entries now in the table.
    pub entries: usize,
    /// Schedules now in the table.
    pub schedules: usize,
}

fn update_key(door_key: &DoorKey, config_door: &crate::keys::DoorId) -> Zeroizing<[u8; TAG_LEN]> {
    LabelledInfo::new(UPDATE_KEY_LABEL, &[config_door.as_bytes()]).expand(door_key.as_bytes())
}

fn state_key(door_key: &DoorKey) -> Zeroizing<[u8; TAG_LEN]> {
    LabelledInfo::new(STATE_KEY_LABEL, &[]).expand(door_key.as_bytes())
}

/// Backend side: a door update carrying `config`, numbered `counter` (must exceed the last one
/// the lock applied; the factory state has applied 0) and stamped `issued_at` (UTC seconds),
/// written into `out`. Returns the length.
///
/// At most [`max_update_len`]`(P)` bytes.
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// // Backend: raise the wrong-code limit and sync it as update number 1.
/// let mut config = lock.config().clone();
/// config.throttle.limit = 8;
/// let mut out = vec![0u8; max_update_len(64)];
/// let len = build_update(&DoorKey::from_bytes(&[9; 32])?, 1, 1_795_338_000, &config, &mut out)?;
/// // Lock:
/// lock.apply_update(&out[..len])?;
/// assert_eq!(lock.config().throttle.limit, 8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build_update<const P: usize>(
    door_key: &DoorKey,
    counter: u64,
    issued_at: i64,
    config: &LockConfig<P>,
    out: &mut [u8],
) -> Result<usize, BuildError> {
    config.validate().map_err(BuildError::Config)?;
    let key = update_key(door_key, &config.door);
    codec::seal(&key[..], UPDATE_VERSION, out, |w| {
        w.u64(counter)?;
        w.i64(issued_at)?;
        codec::write_config(w, config)?;
        ble::write_update_extension(w, config)
    })
    .map_err(BuildError::Buffer)
}

/// The lock-side state machine. See the [module documentation](self).
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
/// assert_eq!((lock.update_counter(), lock.last_trusted()), (0, None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct LockVerifier<const P: usize, const U: usize, const I: usize> {
    door_key: DoorKey,
    update_key: Zeroizing<[u8; TAG_LEN]>,
    state_key: Zeroizing<[u8; TAG_LEN]>,
    permanent_key: Zeroizing<[u8; TAG_LEN]>,
    daily: DailyVerifier<I>,
    config: LockConfig<P>,
    counter: u64,
    last_trusted: Option<i64>,
    throttle: ThrottleState,
    used: [UsedRecord; U],
    used_len: usize,
    ble: ble::BleState,
}

impl<const P: usize, const U: usize, const I: usize> fmt::Debug for LockVerifier<P, U, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LockVerifier")
            .field("config", &self.config)
            .field("counter", &self.counter)
            .field("last_trusted", &self.last_trusted)
            .field("throttle", &self.throttle)
            .field("used", &self.used_records())
            .finish_non_exhaustive()
    }
}

impl<const P: usize, const U: usize, const I: usize> LockVerifier<P, U, I> {
    /// Longest [`encode_state`](Self::encode_state) output for these capacities.
    pub const MAX_STATE_LEN: usize = max_state_len(P, U);

    /// A freshly installed lock: its door key and the installation configuration (no update
    /// applied yet: counter 0, no trusted instant, no records).
    ///
    /// ```
    /// use doorcode::{keys::*, lock::*};
    /// let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// config.throttle.limit = 0;
    /// let refused = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, config);
    /// assert_eq!(refused.err(), Some(ConfigError::ThrottleLimitZero));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(door_key: DoorKey, config: LockConfig<P>) -> Result<Self, ConfigError> {
        config.validate()?;
        let daily = Self::daily_for(&door_key, &config)?;
        Ok(Self {
            update_key: update_key(&door_key, &config.door),
            state_key: state_key(&door_key),
            permanent_key: config::permanent_table_key(&door_key, &config.door),
            door_key,
            daily,
            config,
            counter: 0,
            last_trusted: None,
            throttle: ThrottleState::default(),
            used: [NO_RECORD; U],
            used_len: 0,
            ble: ble::BleState::default(),
        })
    }

    fn daily_for(
        door_key: &DoorKey,
        config: &LockConfig<P>,
    ) -> Result<DailyVerifier<I>, ConfigError> {
        let issuers = config.issuers();
        if issuers.len() > I {
            return Err(ConfigError::TooManyIssuers {
                count: issuers.len(),
                capacity: I,
            });
        }
        DailyVerifier::with_capacity(door_key, config.door, config.policy, issuers)
            .map_err(ConfigError::Policy)
    }

    /// The configuration in force.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
    /// assert_eq!(lock.config().throttle.limit, 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn config(&self) -> &LockConfig<P> {
        &self.config
    }

    /// The counter of the last applied update (0: none).
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
    /// assert_eq!(lock.update_counter(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update_counter(&self) -> u64 {
        self.counter
    }

    /// The latest instant seen in an accepted entry or an applied update.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
    /// let mut out = [0u8; 256];
    /// let len = build_update(&DoorKey::from_bytes(&[9; 32])?, 1, 1_795_338_000, lock.config(), &mut out)?;
    /// assert_eq!(lock.last_trusted(), None);
    /// lock.apply_update(&out[..len])?;
    /// assert_eq!(lock.last_trusted(), Some(1_795_338_000));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn last_trusted(&self) -> Option<i64> {
        self.last_trusted
    }

    /// The wrong-code counters.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
    /// for _ in 0..5 {
    ///     lock.keypress("0000000", Clock::Set(1_795_338_000));
    /// }
    /// assert_eq!(lock.throttle_state().locked_until, Some(1_795_338_060));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn throttle_state(&self) -> ThrottleState {
        self.throttle
    }

    /// The used single-use codes on record.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
    /// assert!(lock.used_records().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn used_records(&self) -> &[UsedRecord] {
        self.used.get(..self.used_len).unwrap_or(&[])
    }

    /// The clock's instant when it is set and not set back beyond the tolerance from the last
    /// trusted time (SPEC.md 15.5); otherwise the instant to log (if any) and the reason both
    /// entry points (keypad and BLE) refuse with.
    fn trusted_now(&self, clock: Clock) -> Result<i64, (Option<i64>, RejectReason)> {
        let Clock::Set(now) = clock else {
            return Err((None, RejectReason::ClockUnset));
        };
        match self.last_trusted {
            Some(last_trusted)
                if now
                    < last_trusted
                        .saturating_sub(i64::from(self.config.clock_tolerance_seconds)) =>
            {
                Err((Some(now), RejectReason::ClockRolledBack { last_trusted }))
            }
            _ => Ok(now),
        }
    }

    /// Evaluate one keypad entry at `clock`. Returns what the keypad may show and the event to
    /// log. See SPEC.md, "Lock verifier", for the order of the checks.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
    /// let (answer, event) = lock.keypress("12", Clock::Set(1_795_338_000));
    /// assert_eq!(answer, KeypadAnswer::Reject);
    /// assert!(matches!(event.reason, Some(RejectReason::Malformed(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn keypress(&mut self, input: &str, clock: Clock) -> (KeypadAnswer, Event) {
        let now = match self.trusted_now(clock) {
            Ok(now) => now,
            Err((at, reason)) => return reject(at, reason, None, None),
        };
        self.forgive(now);
        if let Some(until) = self.throttle.locked_until
            && now < until
        {
            return reject(Some(now), RejectReason::LockedOut { until }, None, None);
        }
        match self.evaluate(input, now) {
            Ok(matched) => {
                // A correct code forgives nothing (SPEC.md 15.5): otherwise anyone holding a
                // valid code could reset the count between guesses.
                self.trust(now);
                (
                    KeypadAnswer::Accept,
                    Event {
                        at: Some(now),
                        answer: KeypadAnswer::Accept,
                        reason: None,
                        matched: Some(matched),
                        lockout_until: None,
                    },
                )
            }
            Err((reason, matched)) => {
                let lockout = if reason.counts_as_wrong() {
                    self.count_wrong(now)
                } else {
                    None
                };
                reject(Some(now), reason, matched, lockout)
            }
        }
    }

    fn trust(&mut self, instant: i64) {
        self.last_trusted = Some(self.last_trusted.map_or(instant, |last| last.max(instant)));
    }

    /// Forgive one outstanding wrong entry per `forgive_seconds` elapsed since `forgive_from`
    /// (which never lies inside a lockout), keeping the remainder of a partial step.
    fn forgive(&mut self, now: i64) {
        let throttle = &mut self.throttle;
        let Some(from) = throttle.forgive_from else {
            return;
        };
        let step = i64::from(self.config.throttle.forgive_seconds());
        let steps = now.saturating_sub(from).checked_div(step).unwrap_or(0);
        if steps <= 0 {
            return;
        }
        let forgiven = u16::try_from(steps).unwrap_or(u16::MAX);
        throttle.wrong = throttle.wrong.saturating_sub(forgiven);
        throttle.forgive_from = if throttle.wrong == 0 {
            None
        } else {
            Some(from.saturating_add(steps.saturating_mul(step)))
        };
    }

    /// Count a wrong entry; returns the end of the lockout it starts, if it starts one.
    fn count_wrong(&mut self, now: i64) -> Option<i64> {
        let config = self.config.throttle;
        let limit = u16::from(config.limit.max(1));
        let throttle = &mut self.throttle;
        throttle.wrong = throttle.wrong.saturating_add(1);
        throttle.forgive_from = Some(now);
        if throttle.wrong.checked_rem(limit) != Some(0) {
            return None;
        }
        let level = throttle.wrong.checked_div(limit).unwrap_or(u16::MAX);
        let until = now.saturating_add(i64::from(config.lockout_seconds(level)));
        let short = u16::from(config.short_levels());
        if level > short {
            // At the cap: the count stays on the cap level's threshold.
            throttle.wrong = limit.saturating_mul(short);
        }
        throttle.locked_until = Some(until);
        throttle.forgive_from = (throttle.wrong > 0).then_some(until);
        Some(until)
    }

    #[allow(clippy::type_complexity)]
    fn evaluate(
        &mut self,
        input: &str,
        now: i64,
    ) -> Result<Matched, (RejectReason, Option<Matched>)> {
        let code = Digits::parse(input, self.config.policy.length)
            .map_err(|error| (RejectReason::Malformed(error), None))?;
        // Every well-formed entry runs the daily search, the permanent table's lookup and
        // checks, and the single-use record search, whatever each finds (SPEC.md 15.4,
        // "Timing"): which of them matched must not show in the time taken.
        let daily = self.daily.verify(input, now, &self.config.zone);
        let permanent = judge::judge_permanent(&self.config, &self.permanent_key, &code, now);
        let probe = match daily {
            Ok(accepted) => self.record_of(accepted, now),
            Err(_) => NO_RECORD,
        };
        let first_use = judge::find_used(self.used_records(), &probe);
        match daily {
            Ok(accepted) => {
                let matched = Matched::Daily(accepted);
                match accepted.kind {
                    DailyKind::Daily => Ok(matched),
                    DailyKind::SingleUse => self
                        .use_single(probe, first_use, now)
                        .map(|()| matched)
                        .map_err(|reason| (reason, Some(matched))),
                }
            }
            Err(DailyReject::ClockOutOfRange) => Err((RejectReason::ClockOutOfRange, None)),
            Err(DailyReject::Malformed(error)) => Err((RejectReason::Malformed(error), None)),
            Err(_) => permanent.outcome(),
        }
    }

    /// The record a first use of `accepted` at `now` would write (the issuer's current epoch).
    fn record_of(&self, accepted: DailyAccepted, now: i64) -> UsedRecord {
        let epoch = self
            .config
            .issuers()
            .iter()
            .find(|(id, _)| *id == accepted.issuer)
            .map_or(Epoch(0), |(_, epoch)| *epoch);
        UsedRecord {
            date: accepted.date,
            issuer: accepted.issuer,
            epoch,
            slot: accepted.slot,
            first_use: now,
        }
    }

    /// Single-use rule: accept while `now < first_use + window`; record the first use, evicting
    /// only a record whose code no acceptable clock can make valid again.
    /// `first_use` is [`judge::find_used`]'s answer for `record`.
    fn use_single(
        &mut self,
        record: UsedRecord,
        first_use: Option<i64>,
        now: i64,
    ) -> Result<(), RejectReason> {
        let window = i64::from(self.config.single_use_minutes).saturating_mul(60);
        if let Some(first_use) = first_use {
            return if now < first_use.saturating_add(window) {
                Ok(())
            } else {
                Err(RejectReason::SingleUseExpired { first_use })
            };
        }
        if let Some(slot) = self.used.get_mut(self.used_len) {
            *slot = record;
            self.used_len = self.used_len.saturating_add(1);
            return Ok(());
        }
        // Full. The accepted entry makes `now` trusted, so every later clock is at least
        // `max(last_trusted, now) - tolerance`; tolerance is at most MAX_CLOCK_TOLERANCE_SECONDS
        // whatever later updates set.
        let floor = self
            .last_trusted
            .map_or(now, |last| last.max(now))
            .saturating_sub(i64::from(MAX_CLOCK_TOLERANCE_SECONDS));
        let victim = self
            .used
            .iter_mut()
            .take(self.used_len)
            .filter(|used| used.dead_after() <= floor)
            .min_by_key(|used| used.dead_after())
            .ok_or(RejectReason::SingleUseTableFull)?;
        *victim = record;
        Ok(())
    }

    /// Apply a door update built by [`build_update`]. On any error the state is unchanged.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
    /// let mut out = [0u8; 256];
    /// let len = build_update(&DoorKey::from_bytes(&[9; 32])?, 7, 1_795_338_000, lock.config(), &mut out)?;
    /// assert_eq!(lock.apply_update(&out[..len])?.counter, 7);
    /// assert_eq!(lock.update_counter(), 7);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply_update(&mut self, bytes: &[u8]) -> Result<UpdateSummary, UpdateError> {
        let payload = codec::open(&self.update_key[..], UPDATE_VERSION, bytes).map_err(
            |error| match error {
                FormatError::BadTag => UpdateError::Forged,
                other => UpdateError::Malformed(other),
            },
        )?;
        let mut reader = Reader::new(payload);
        let counter = reader.u64().map_err(UpdateError::Malformed)?;
        if counter <= self.counter {
            return Err(UpdateError::Stale {
                counter,
                last: self.counter,
            });
        }
        let issued_at = reader.i64().map_err(UpdateError::Malformed)?;
        let mut config = codec::read_config::<P>(&mut reader).map_err(UpdateError::Malformed)?;
        ble::read_update_extension(&mut reader, &mut config).map_err(UpdateError::Malformed)?;
        reader.finish().map_err(UpdateError::Malformed)?;
        if config.door != self.config.door {
            return Err(UpdateError::WrongDoor);
        }
        let daily = Self::daily_for(&self.door_key, &config).map_err(UpdateError::Config)?;
        // Everything is built: swap.
        let summary = UpdateSummary {
            counter,
            issuers: config.issuers().len(),
            entries: config.entries().len(),
            schedules: config.schedules().len(),
        };
        // A lower ceiling clamps the count (the state stays restorable); never below what is
        // outstanding otherwise.
        self.throttle.wrong = self.throttle.wrong.min(config.throttle.max_outstanding());
        if self.throttle.wrong == 0 {
            self.throttle.forgive_from = None;
        }
        self.daily = daily;
        self.config = config;
        self.counter = counter;
        self.trust(issued_at);
        Ok(summary)
    }

    /// Write the persistent state (configuration, update counter, last trusted instant,
    /// throttle counters, single-use records) into `out`; at most
    /// [`MAX_STATE_LEN`](Self::MAX_STATE_LEN) bytes. Returns the length.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
    /// let mut out = vec![0u8; DefaultLock::MAX_STATE_LEN];
    /// let len = lock.encode_state(&mut out)?;
    /// assert_eq!(out[0], STATE_VERSION);
    /// assert!(len <= DefaultLock::MAX_STATE_LEN);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encode_state(&self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        codec::seal(&self.state_key[..], STATE_VERSION, out, |w| {
            w.u64(self.counter)?;
            codec::write_config(w, &self.config)?;
            self.write_dynamic(w)?;
            ble::write_state_extension(w, &self.config, &self.ble)
        })
    }

    fn write_dynamic(&self, w: &mut Writer<'_>) -> Result<(), BufferTooSmall> {
        let throttle = &self.throttle;
        let flags = u8::from(self.last_trusted.is_some())
            | u8::from(throttle.locked_until.is_some()) << 1
            | u8::from(throttle.forgive_from.is_some()) << 2;
        w.u8(flags)?;
        w.opt_i64(self.last_trusted)?;
        w.opt_i64(throttle.locked_until)?;
        w.opt_i64(throttle.forgive_from)?;
        w.u16(throttle.wrong)?;
        w.u16(u16::try_from(self.used_len).unwrap_or(u16::MAX))?;
        for record in self.used_records() {
            w.date(record.date)?;
            w.u32(record.issuer.0)?;
            w.u32(record.epoch.0)?;
            w.u32(record.slot)?;
            w.i64(record.first_use)?;
        }
        Ok(())
    }

    /// Rebuild a lock from [`encode_state`](Self::encode_state)'s output. Torn, truncated,
    /// tampered, unknown-version or out-of-range state is refused with a typed error.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut lock = DefaultLock::new(DoorKey::from_bytes(&[9; 32])?, LockConfig::new(DoorId::new(b"lobby")?))?;
    /// lock.keypress("0000000", Clock::Set(1_795_338_000));
    /// let mut out = vec![0u8; DefaultLock::MAX_STATE_LEN];
    /// let len = lock.encode_state(&mut out)?;
    /// let rebooted = DefaultLock::restore(DoorKey::from_bytes(&[9; 32])?, &out[..len])?;
    /// assert_eq!(rebooted.throttle_state(), lock.throttle_state());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn restore(door_key: DoorKey, bytes: &[u8]) -> Result<Self, StateError> {
        let key = state_key(&door_key);
        let payload = codec::open(&key[..], STATE_VERSION, bytes)?;
        let mut r = Reader::new(payload);
        let counter = r.u64()?;
        let mut config = codec::read_config::<P>(&mut r)?;
        let flags = r.u8()?;
        if flags & !0b111 != 0 {
            return Err(StateError::OutOfRange(FormatError::NonCanonical));
        }
        let last_trusted = r.opt_i64(flags & 1 != 0)?;
        let locked_until = r.opt_i64(flags & 2 != 0)?;
        let forgive_from = r.opt_i64(flags & 4 != 0)?;
        let throttle = ThrottleState {
            wrong: r.u16()?,
            locked_until,
            forgive_from,
        };
        if throttle.wrong > config.throttle.max_outstanding()
            || (throttle.wrong == 0) != throttle.forgive_from.is_none()
        {
            return Err(StateError::OutOfRange(FormatError::OutOfRange));
        }
        let used_len = usize::from(r.u16()?);
        if used_len > U {
            return Err(StateError::OutOfRange(FormatError::OutOfRange));
        }
        let mut used = [NO_RECORD; U];
        for index in 0..used_len {
            let record = UsedRecord {
                date: r.date()?,
                issuer: IssuerId(r.u32()?),
                epoch: Epoch(r.u32()?),
                slot: r.u32()?,
                first_use: r.i64()?,
            };
            if used
                .get(..index)
                .unwrap_or(&[])
                .iter()
                .any(|other| other.same_code(&record))
            {
                return Err(StateError::OutOfRange(FormatError::NonCanonical));
            }
            if let Some(slot) = used.get_mut(index) {
                *slot = record;
            }
        }
        let ble = ble::read_state_extension(&mut r, &mut config)?;
        r.finish()?;
        let mut lock = Self::new(door_key, config).map_err(StateError::Config)?;
        lock.ble = ble;
        lock.counter = counter;
        lock.last_trusted = last_trusted;
        lock.throttle = throttle;
        lock.used = used;
        lock.used_len = used_len;
        Ok(lock)
    }
}

fn reject(
    at: Option<i64>,
    reason: RejectReason,
    matched: Option<Matched>,
    lockout_until: Option<i64>,
) -> (KeypadAnswer, Event) {
    (
        KeypadAnswer::Reject,
        Event {
            at,
            answer: KeypadAnswer::Reject,
            reason: Some(reason),
            matched,
            lockout_until,
        },
    )
}
