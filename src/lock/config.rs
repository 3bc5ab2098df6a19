//! What a door update carries and what the lock keeps between updates: [`LockConfig`].

use core::fmt;

use crate::code::Digits;
use crate::credential::CredentialId;
use crate::daily::{DailyPolicy, MAX_ISSUERS, PolicyError};
use crate::kdf::{self, LabelledInfo, TAG_LEN};
use crate::keys::{DoorId, DoorKey, Epoch, IssuerId};
use crate::odds::{self, AboveCeiling, GuessOdds};
use crate::schedule::{Grant, Schedule};
use crate::zone::Zone;

/// Schedules a lock's permanent-code table can refer to (shared by all entries).
///
/// ```
/// use doorcode::lock::MAX_LOCK_SCHEDULES;
/// assert_eq!(MAX_LOCK_SCHEDULES, 4);
/// ```
pub const MAX_LOCK_SCHEDULES: usize = 4;
/// Persons a door update can deny.
///
/// ```
/// use doorcode::lock::MAX_DENIED_PERSONS;
/// assert_eq!(MAX_DENIED_PERSONS, 16);
/// ```
pub const MAX_DENIED_PERSONS: usize = 16;
/// Credential and link ids a door update can deny (SPEC.md section 16.6).
///
/// ```
/// assert_eq!(doorcode::lock::MAX_DENIED_CREDENTIALS, 8);
/// ```
pub const MAX_DENIED_CREDENTIALS: usize = 8;
/// Default single-use window: a single-use code works for 15 minutes after its first use.
///
/// ```
/// use doorcode::lock::DEFAULT_SINGLE_USE_MINUTES;
/// assert_eq!(DEFAULT_SINGLE_USE_MINUTES, 15);
/// ```
pub const DEFAULT_SINGLE_USE_MINUTES: u16 = 15;
/// Longest single-use window: one day.
///
/// ```
/// use doorcode::lock::MAX_SINGLE_USE_MINUTES;
/// assert_eq!(MAX_SINGLE_USE_MINUTES, 24 * 60);
/// ```
pub const MAX_SINGLE_USE_MINUTES: u16 = 1440;
/// Default clock rollback tolerance: 5 minutes.
///
/// ```
/// use doorcode::lock::DEFAULT_CLOCK_TOLERANCE_SECONDS;
/// assert_eq!(DEFAULT_CLOCK_TOLERANCE_SECONDS, 5 * 60);
/// ```
pub const DEFAULT_CLOCK_TOLERANCE_SECONDS: u32 = 300;
/// Largest clock rollback tolerance an update may set: 1 hour. The single-use eviction rule
/// uses this bound, so no later update can re-open an evicted record's code.
///
/// ```
/// use doorcode::lock::MAX_CLOCK_TOLERANCE_SECONDS;
/// assert_eq!(MAX_CLOCK_TOLERANCE_SECONDS, 3600);
/// ```
pub const MAX_CLOCK_TOLERANCE_SECONDS: u32 = 3600;
/// Longest lockout: 7 days.
///
/// ```
/// use doorcode::lock::MAX_LOCKOUT_SECONDS;
/// assert_eq!(MAX_LOCKOUT_SECONDS, 604_800);
/// ```
pub const MAX_LOCKOUT_SECONDS: u32 = 7 * 86_400;
/// Label of the permanent-table key below the door key.
///
/// ```
/// use doorcode::lock::PERMANENT_TABLE_LABEL;
/// assert_eq!(PERMANENT_TABLE_LABEL, b"lock-permanent-table");
/// ```
pub const PERMANENT_TABLE_LABEL: &[u8] = b"lock-permanent-table";
/// Version byte bound into every permanent-code tag.
///
/// ```
/// use doorcode::lock::PERMANENT_TAG_VERSION;
/// assert_eq!(PERMANENT_TAG_VERSION, 1);
/// ```
pub const PERMANENT_TAG_VERSION: u8 = 0x01;

/// Wrong-code throttling (SPEC.md 15.5, "Throttling").
///
/// Matter's `WrongCodeEntryLimit` (1..=255) and `UserCodeTemporaryDisableTime` (1..=255 s) are
/// the floor: `limit` is a `u8` that must not be 0 and `base_seconds` must be at least 1.
///
/// The lock keeps one counter of outstanding wrong entries. Every wrong entry (of any code type)
/// adds one; every `limit`-th outstanding entry starts a lockout whose length doubles with the
/// level (`outstanding / limit`) up to `cap_seconds`; one outstanding entry is forgiven per
/// [`forgive_seconds`](Self::forgive_seconds) without wrong entries or lockout. A correct code
/// forgives nothing, so a guesser who holds a valid code cannot reset the count with it.
///
/// ```
/// use doorcode::lock::ThrottleConfig;
/// let throttle = ThrottleConfig::default();
/// assert_eq!((throttle.limit, throttle.base_seconds), (5, 60));
/// assert_eq!(throttle.forgive_seconds(), 17_280); // one wrong entry forgiven per 4 h 48 min
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ThrottleConfig {
    /// Outstanding wrong entries (of any code type) per lockout: every `limit`-th starts one.
    pub limit: u8,
    /// Length of the first lockout (level 1).
    pub base_seconds: u32,
    /// Longest lockout: the lockout of level `j` is `min(base * 2^(j-1), cap)`.
    pub cap_seconds: u32,
    /// Quiet time in which `limit` outstanding wrong entries are forgiven (one per
    /// `ceil(quiet / limit)` seconds without a wrong entry or lockout).
    pub quiet_seconds: u32,
}

impl Default for ThrottleConfig {
    /// 5 wrong entries per lockout; lockouts of 60 s, 120 s, 240 s, ... up to 24 h; 5 wrong
    /// entries forgiven per quiet day (one per 4 h 48 min).
    fn default() -> Self {
        Self {
            limit: 5,
            base_seconds: 60,
            cap_seconds: 86_400,
            quiet_seconds: 86_400,
        }
    }
}

impl ThrottleConfig {
    /// Seconds without a wrong entry or lockout that forgive one outstanding wrong entry:
    /// `ceil(quiet / limit)` (never shorter than `quiet / limit`).
    ///
    /// ```
    /// use doorcode::lock::ThrottleConfig;
    /// let throttle = ThrottleConfig { limit: 3, quiet_seconds: 100, ..ThrottleConfig::default() };
    /// assert_eq!(throttle.forgive_seconds(), 34);
    /// ```
    pub fn forgive_seconds(&self) -> u32 {
        let limit = u32::from(self.limit.max(1));
        self.quiet_seconds.div_ceil(limit).max(1)
    }

    /// Levels whose lockout is shorter than the cap (`K` in SPEC.md 15.5): the levels
    /// `1..=K` have `base * 2^(j-1) < cap`.
    ///
    /// ```
    /// use doorcode::lock::ThrottleConfig;
    /// // 60, 120, ..., 61,440 s are below the 86,400 s cap: 11 levels.
    /// assert_eq!(ThrottleConfig::default().short_levels(), 11);
    /// ```
    pub fn short_levels(&self) -> u8 {
        let mut levels = 0u8;
        let mut seconds = u64::from(self.base_seconds.max(1));
        while seconds < u64::from(self.cap_seconds) && levels < u8::MAX {
            levels = levels.saturating_add(1);
            seconds = seconds.saturating_mul(2);
        }
        levels
    }

    /// Lockout length of level `level` (1-based): `min(base * 2^(level-1), cap)`.
    ///
    /// ```
    /// use doorcode::lock::ThrottleConfig;
    /// let throttle = ThrottleConfig::default();
    /// assert_eq!(throttle.lockout_seconds(1), 60);
    /// assert_eq!(throttle.lockout_seconds(3), 240);
    /// assert_eq!(throttle.lockout_seconds(40), 86_400);
    /// ```
    pub fn lockout_seconds(&self, level: u16) -> u32 {
        let shift = u32::from(level.saturating_sub(1));
        let factor = 1u64.checked_shl(shift.min(63)).unwrap_or(u64::MAX);
        let seconds = u64::from(self.base_seconds)
            .saturating_mul(factor)
            .min(u64::from(self.cap_seconds));
        u32::try_from(seconds).unwrap_or(u32::MAX)
    }

    /// The most outstanding wrong entries the lock ever holds: `limit * (K + 1) - 1`. A
    /// lockout at the cap level returns the count to `limit * K`.
    ///
    /// ```
    /// use doorcode::lock::ThrottleConfig;
    /// assert_eq!(ThrottleConfig::default().max_outstanding(), 59);
    /// ```
    pub fn max_outstanding(&self) -> u16 {
        let limit = u16::from(self.limit.max(1));
        limit
            .saturating_mul(u16::from(self.short_levels()).saturating_add(1))
            .saturating_sub(1)
    }

    /// Upper bound on the wrong entries any guesser can make in any window of `seconds`
    /// (SPEC.md 15.5): `ceil(limit * seconds / cap) + limit * (K + 2)`. Requires
    /// `quiet >= cap`, which [`LockConfig::validate`] enforces.
    ///
    /// ```
    /// use doorcode::lock::ThrottleConfig;
    /// let throttle = ThrottleConfig::default();
    /// assert_eq!(throttle.max_wrong_entries(86_400), 70); // in any 24 h
    /// assert_eq!(throttle.max_wrong_entries(365 * 86_400), 1_890); // in any 365 days
    /// ```
    pub fn max_wrong_entries(&self, seconds: u64) -> u64 {
        let limit = u64::from(self.limit.max(1));
        let cap = u64::from(self.cap_seconds.max(1));
        let steady = limit.saturating_mul(seconds).div_ceil(cap);
        let burst = limit.saturating_mul(u64::from(self.short_levels()).saturating_add(2));
        steady.saturating_add(burst)
    }
}

/// One synced permanent code: a tag of the code (never the code itself), who it belongs to,
/// when it works.
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
/// use doorcode::{code::{CodeLength, Digits}, schedule::Grant};
/// let tag = permanent_tag(&DoorKey::from_bytes(&[9; 32])?, &config.door, &Digits::parse("4815162", CodeLength::SEVEN)?);
/// config.push_entry(PermanentEntry { tag, person: 7, grant: Grant::new(0, 1_900_000_000)?, schedule: None })?;
/// assert_eq!(config.entries()[0].person, 7);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PermanentEntry {
    /// `HMAC(permanent-table key, 0x01 || u8(n) || n ASCII digits)`, see [`permanent_tag`].
    pub tag: [u8; TAG_LEN],
    /// The person the code belongs to, as the site's `u64` person handle: not the
    /// [`PersonId`](crate::permanent::PersonId) bytes the code was derived from, but a number
    /// the backend maps one-to-one to it (SPEC.md 15.4, "Person handles"); the deny-list and
    /// events use the same handle.
    pub person: u64,
    /// When the code works.
    pub grant: Grant,
    /// Index of a schedule in the table's schedules that must also allow, if any.
    pub schedule: Option<u8>,
}

impl PermanentEntry {
    /// An unused entry (never matches: the table only examines its first `len` entries).
    ///
    /// ```
    /// use doorcode::{lock::PermanentEntry, schedule::Grant};
    /// assert_eq!((PermanentEntry::EMPTY.person, PermanentEntry::EMPTY.grant), (0, Grant::ALWAYS));
    /// ```
    pub const EMPTY: PermanentEntry = PermanentEntry {
        tag: [0; TAG_LEN],
        person: 0,
        grant: Grant::ALWAYS,
        schedule: None,
    };
}

impl fmt::Debug for PermanentEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PermanentEntry")
            .field("tag", &"[redacted]")
            .field("person", &self.person)
            .field("grant", &self.grant)
            .field("schedule", &self.schedule)
            .finish()
    }
}

/// The key of a door's permanent-code table:
/// `HKDF-Expand(door key, info("lock-permanent-table", door id), 32)`.
pub(crate) fn permanent_table_key(
    door_key: &DoorKey,
    door: &DoorId,
) -> zeroize::Zeroizing<[u8; TAG_LEN]> {
    LabelledInfo::new(PERMANENT_TABLE_LABEL, &[door.as_bytes()]).expand(door_key.as_bytes())
}

pub(crate) fn tag_with_key(key: &[u8; TAG_LEN], code: &Digits) -> [u8; TAG_LEN] {
    let mut ascii = [0u8; crate::code::MAX_CODE_DIGITS as usize];
    let text = code.as_ascii(&mut ascii);
    let len = [code.length().get()];
    let tag = kdf::hmac_sha256(&key[..], &[&[PERMANENT_TAG_VERSION], &len, text.as_bytes()]);
    zeroize::Zeroize::zeroize(&mut ascii);
    tag
}

/// The tag a lock stores for a permanent code (backend side, when building an update).
///
/// ```
/// use doorcode::{code::{CodeLength, Digits}, keys::{DoorId, DoorKey}, lock::permanent_tag};
/// let door_key = DoorKey::from_bytes(&[1; 32])?;
/// let door = DoorId::new(b"lobby")?;
/// let tag = permanent_tag(&door_key, &door, &Digits::parse("1234567", CodeLength::SEVEN)?);
/// let other = permanent_tag(&door_key, &DoorId::new(b"gym")?, &Digits::parse("1234567", CodeLength::SEVEN)?);
/// assert_ne!(tag, other); // tags are per door
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn permanent_tag(door_key: &DoorKey, door: &DoorId, code: &Digits) -> [u8; TAG_LEN] {
    tag_with_key(&permanent_table_key(door_key, door), code)
}

/// Why a lock configuration was refused.
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
/// config.single_use_minutes = 0;
/// assert_eq!(config.validate(), Err(ConfigError::SingleUseWindowOutOfRange));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// The daily-code policy or issuer list is invalid (including the odds ceiling).
    Policy(PolicyError),
    /// More issuers than the verifier has room for.
    TooManyIssuers {
        /// Issuers given.
        count: usize,
        /// Room in this lock.
        capacity: usize,
    },
    /// `limit` is 0 (Matter's floor is 1).
    ThrottleLimitZero,
    /// `base_seconds` is 0 (Matter's floor is 1 s).
    DisableTimeZero,
    /// `cap_seconds` below `base_seconds` or above [`MAX_LOCKOUT_SECONDS`].
    LockoutCapOutOfRange,
    /// `quiet_seconds` below `cap_seconds`: forgiveness would then outpace the longest
    /// lockout and the bound of SPEC.md 15.5 would not hold.
    QuietBelowCap,
    /// Single-use window of 0 or more than [`MAX_SINGLE_USE_MINUTES`] minutes.
    SingleUseWindowOutOfRange,
    /// Clock tolerance above [`MAX_CLOCK_TOLERANCE_SECONDS`].
    ToleranceTooLong,
    /// More permanent entries than the table has room for.
    TooManyEntries {
        /// Entries given.
        count: usize,
        /// Room in this lock.
        capacity: usize,
    },
    /// More than [`MAX_LOCK_SCHEDULES`] schedules.
    TooManySchedules,
    /// An entry refers to a schedule that is not in the table.
    ScheduleIndexOutOfRange {
        /// The entry's position.
        entry: usize,
    },
    /// More than [`MAX_DENIED_PERSONS`] denied persons.
    TooManyDenied,
    /// Two entries have the same tag (the same code): the backend must resolve collisions.
    DuplicateTag {
        /// The later entry's position.
        entry: usize,
    },
    /// The daily codes' worst case plus the permanent table (`entries / 10^n`) exceed the
    /// ceiling of SPEC.md section 8 (the daily codes alone are checked by `Policy`).
    OddsAboveCeiling(AboveCeiling),
    /// More than [`MAX_DENIED_CREDENTIALS`] denied credential ids.
    TooManyDeniedCredentials,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Policy(error) => write!(f, "invalid daily policy: {error}"),
            Self::TooManyIssuers { count, capacity } => {
                write!(f, "{count} issuers; this lock has room for {capacity}")
            }
            Self::ThrottleLimitZero => f.write_str("wrong-code limit must be at least 1"),
            Self::DisableTimeZero => f.write_str("lockout time must be at least 1 s"),
            Self::LockoutCapOutOfRange => write!(
                f,
                "lockout cap must be between the base time and {MAX_LOCKOUT_SECONDS} s"
            ),
            Self::QuietBelowCap => f.write_str("quiet period shorter than the lockout cap"),
            Self::SingleUseWindowOutOfRange => write!(
                f,
                "single-use window must be 1..={MAX_SINGLE_USE_MINUTES} minutes"
            ),
            Self::ToleranceTooLong => {
                write!(f, "clock tolerance above {MAX_CLOCK_TOLERANCE_SECONDS} s")
            }
            Self::TooManyEntries { count, capacity } => {
                write!(
                    f,
                    "{count} permanent entries; this lock has room for {capacity}"
                )
            }
            Self::TooManySchedules => {
                write!(f, "more than {MAX_LOCK_SCHEDULES} schedules")
            }
            Self::ScheduleIndexOutOfRange { entry } => {
                write!(f, "permanent entry {entry} refers to a missing schedule")
            }
            Self::TooManyDenied => write!(f, "more than {MAX_DENIED_PERSONS} denied persons"),
            Self::DuplicateTag { entry } => {
                write!(f, "permanent entry {entry} repeats an earlier code")
            }
            Self::OddsAboveCeiling(above) => write!(f, "daily and permanent codes: {above}"),
            Self::TooManyDeniedCredentials => {
                write!(f, "more than {MAX_DENIED_CREDENTIALS} denied credentials")
            }
        }
    }
}

impl core::error::Error for ConfigError {}

/// Everything a door update sets: the door's daily-code issuers and policy, its zone, its
/// throttling and clock rules and its permanent-code table of up to `P` entries.
///
/// ```
/// # use doorcode::{keys::*, lock::*};
/// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
/// config.single_use_minutes = 30;
/// assert_eq!(config.validate(), Ok(()));
/// assert_eq!(config.issuers(), &[(IssuerId(0), Epoch(0))]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct LockConfig<const P: usize> {
    /// The door.
    pub door: DoorId,
    /// Daily-code policy.
    pub policy: DailyPolicy,
    /// Minutes a single-use code works after its first use.
    pub single_use_minutes: u16,
    /// Wrong-code throttling.
    pub throttle: ThrottleConfig,
    /// How far the clock may go back behind the last trusted instant.
    pub clock_tolerance_seconds: u32,
    /// The door's zone (POSIX rule only).
    pub zone: Zone,
    issuers: [(IssuerId, Epoch); MAX_ISSUERS],
    issuer_count: u8,
    schedules: [Schedule; MAX_LOCK_SCHEDULES],
    schedule_count: u8,
    entries: [PermanentEntry; P],
    entry_count: u16,
    denied: [u64; MAX_DENIED_PERSONS],
    denied_count: u8,
    denied_credentials: [CredentialId; MAX_DENIED_CREDENTIALS],
    denied_credential_count: u8,
}

impl<const P: usize> LockConfig<P> {
    /// The factory configuration: default policy and throttling, UTC, the property's own
    /// backend (issuer 0, epoch 0) as the only issuer, no permanent codes.
    ///
    /// ```
    /// use doorcode::{keys::DoorId, lock::LockConfig, zone::Zone};
    /// let config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// assert_eq!((config.single_use_minutes, config.zone), (15, Zone::UTC));
    /// assert!(config.entries().is_empty());
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn new(door: DoorId) -> Self {
        let mut issuers = [(IssuerId(0), Epoch(0)); MAX_ISSUERS];
        if let Some(first) = issuers.first_mut() {
            *first = (IssuerId(0), Epoch(0));
        }
        Self {
            door,
            policy: DailyPolicy::default(),
            single_use_minutes: DEFAULT_SINGLE_USE_MINUTES,
            throttle: ThrottleConfig::default(),
            clock_tolerance_seconds: DEFAULT_CLOCK_TOLERANCE_SECONDS,
            zone: Zone::UTC,
            issuers,
            issuer_count: 1,
            schedules: [const { Schedule::new() }; MAX_LOCK_SCHEDULES],
            schedule_count: 0,
            entries: [PermanentEntry::EMPTY; P],
            entry_count: 0,
            denied: [0; MAX_DENIED_PERSONS],
            denied_count: 0,
            denied_credentials: [CredentialId([0; crate::credential::ID_LEN]);
                MAX_DENIED_CREDENTIALS],
            denied_credential_count: 0,
        }
    }

    /// Replace the enabled issuers (id and current epoch). An issuer not listed is revoked.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// // Partner 7 joins; the property's own backend moves to epoch 1 (revoking epoch 0's codes).
    /// config.set_issuers(&[(IssuerId(0), Epoch(1)), (IssuerId(7), Epoch(0))])?;
    /// assert_eq!(config.issuers().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_issuers(&mut self, issuers: &[(IssuerId, Epoch)]) -> Result<(), ConfigError> {
        if issuers.len() > MAX_ISSUERS {
            return Err(ConfigError::Policy(PolicyError::TooManyIssuers {
                count: issuers.len(),
            }));
        }
        for (slot, issuer) in self.issuers.iter_mut().zip(issuers) {
            *slot = *issuer;
        }
        self.issuer_count = u8::try_from(issuers.len()).unwrap_or(u8::MAX);
        Ok(())
    }

    /// The enabled issuers.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// assert_eq!(config.issuers(), &[(IssuerId(0), Epoch(0))]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn issuers(&self) -> &[(IssuerId, Epoch)] {
        self.issuers
            .get(..usize::from(self.issuer_count))
            .unwrap_or(&[])
    }

    /// Add a schedule that permanent entries can refer to; returns its index.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// use doorcode::schedule::{DayMask, Schedule, TimeRange, Window};
    /// let office = Schedule::from_windows(&[Window::new(DayMask::WEEKDAYS, TimeRange::new(8 * 60, 18 * 60)?)])?;
    /// assert_eq!(config.push_schedule(office)?, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn push_schedule(&mut self, schedule: Schedule) -> Result<u8, ConfigError> {
        let index = self.schedule_count;
        *self
            .schedules
            .get_mut(usize::from(index))
            .ok_or(ConfigError::TooManySchedules)? = schedule;
        self.schedule_count = index.saturating_add(1);
        Ok(index)
    }

    /// The schedules.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// config.push_schedule(doorcode::schedule::Schedule::new())?;
    /// assert_eq!(config.schedules().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedules(&self) -> &[Schedule] {
        self.schedules
            .get(..usize::from(self.schedule_count))
            .unwrap_or(&[])
    }

    /// Add a permanent entry.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// for _ in 0..64 {
    ///     config.push_entry(PermanentEntry::EMPTY)?;
    /// }
    /// assert_eq!(config.push_entry(PermanentEntry::EMPTY), Err(ConfigError::TooManyEntries { count: 65, capacity: 64 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn push_entry(&mut self, entry: PermanentEntry) -> Result<(), ConfigError> {
        let count = usize::from(self.entry_count);
        *self
            .entries
            .get_mut(count)
            .ok_or(ConfigError::TooManyEntries {
                count: count.saturating_add(1),
                capacity: P,
            })? = entry;
        self.entry_count = self.entry_count.saturating_add(1);
        Ok(())
    }

    /// Remove every permanent entry.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// config.push_entry(PermanentEntry::EMPTY)?;
    /// config.clear_entries();
    /// assert!(config.entries().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn clear_entries(&mut self) {
        self.entries = [PermanentEntry::EMPTY; P];
        self.entry_count = 0;
    }

    /// The permanent entries.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// assert!(config.entries().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn entries(&self) -> &[PermanentEntry] {
        self.entries
            .get(..usize::from(self.entry_count))
            .unwrap_or(&[])
    }

    /// Deny a person at this door: their permanent entries (and, later, credentials rooted in
    /// them) are refused whatever the table says.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// config.deny_person(42)?;
    /// assert!(config.is_denied(42));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deny_person(&mut self, person: u64) -> Result<(), ConfigError> {
        let count = self.denied_count;
        *self
            .denied
            .get_mut(usize::from(count))
            .ok_or(ConfigError::TooManyDenied)? = person;
        self.denied_count = count.saturating_add(1);
        Ok(())
    }

    /// The denied persons.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// config.deny_person(42)?;
    /// assert_eq!(config.denied_persons(), &[42]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn denied_persons(&self) -> &[u64] {
        self.denied
            .get(..usize::from(self.denied_count))
            .unwrap_or(&[])
    }

    /// Whether `person` is denied at this door.
    ///
    /// ```
    /// # use doorcode::{keys::*, lock::*};
    /// # let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// assert!(!config.is_denied(42));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_denied(&self, person: u64) -> bool {
        self.denied_persons().contains(&person)
    }

    /// The door's worst-case odds that one random entry is accepted: the daily and
    /// single-use codes at the worst instant (section 8) plus the permanent table,
    /// `entries / 10^n` (SPEC.md 14.7, 15.2).
    ///
    /// ```
    /// use doorcode::{keys::DoorId, lock::LockConfig, odds::GuessOdds};
    /// let config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// // 2 dates x (100 + 100) slots, no permanent codes yet.
    /// assert_eq!(config.worst_case_odds(), GuessOdds { accepted: 400, space: 10_000_000 });
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn worst_case_odds(&self) -> GuessOdds {
        let stored = u64::try_from(self.entries().len()).unwrap_or(u64::MAX);
        odds::door_odds(&[
            self.policy.worst_case_odds(self.issuers().len()),
            odds::stored_code_odds(stored, self.policy.length),
        ])
    }

    /// Deny a mobile credential or delegation link at this door: it and every guest
    /// credential below it are refused (SPEC.md section 16.6).
    ///
    /// ```
    /// use doorcode::{credential::CredentialId, keys::DoorId, lock::LockConfig};
    /// let mut config = LockConfig::<4>::new(DoorId::new(b"a")?);
    /// config.deny_credential(CredentialId::from_bytes([1; 16]))?;
    /// assert!(config.is_credential_denied(&CredentialId::from_bytes([1; 16])));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deny_credential(&mut self, id: CredentialId) -> Result<(), ConfigError> {
        let count = self.denied_credential_count;
        *self
            .denied_credentials
            .get_mut(usize::from(count))
            .ok_or(ConfigError::TooManyDeniedCredentials)? = id;
        self.denied_credential_count = count.saturating_add(1);
        Ok(())
    }

    /// The denied credential and link ids.
    ///
    /// ```
    /// use doorcode::{keys::DoorId, lock::LockConfig};
    /// assert!(LockConfig::<4>::new(DoorId::new(b"a")?).denied_credentials().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn denied_credentials(&self) -> &[CredentialId] {
        self.denied_credentials
            .get(..usize::from(self.denied_credential_count))
            .unwrap_or(&[])
    }

    /// Whether a credential or link id is denied.
    ///
    /// ```
    /// use doorcode::{credential::CredentialId, keys::DoorId, lock::LockConfig};
    /// let config = LockConfig::<4>::new(DoorId::new(b"a")?);
    /// assert!(!config.is_credential_denied(&CredentialId::default()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_credential_denied(&self, id: &CredentialId) -> bool {
        self.denied_credentials().contains(id)
    }

    /// Check everything but the issuers' fit in a particular verifier (see
    /// [`LockVerifier`](super::LockVerifier), which also checks its issuer capacity),
    /// including the odds ceiling over daily and permanent codes together.
    ///
    /// ```
    /// use doorcode::{keys::DoorId, lock::{ConfigError, LockConfig}};
    /// let mut config = LockConfig::<64>::new(DoorId::new(b"lobby")?);
    /// assert_eq!(config.validate(), Ok(()));
    /// config.throttle.limit = 0;
    /// assert_eq!(config.validate(), Err(ConfigError::ThrottleLimitZero));
    /// # Ok::<(), doorcode::keys::KeyError>(())
    /// ```
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.policy
            .check(self.issuers().len())
            .map_err(ConfigError::Policy)?;
        let issuers = self.issuers();
        for (index, (id, _)) in issuers.iter().enumerate() {
            let earlier = issuers.get(..index).unwrap_or(&[]);
            if earlier.iter().any(|(other, _)| other == id) {
                return Err(ConfigError::Policy(PolicyError::DuplicateIssuer(*id)));
            }
        }
        let throttle = &self.throttle;
        if throttle.limit == 0 {
            return Err(ConfigError::ThrottleLimitZero);
        }
        if throttle.base_seconds == 0 {
            return Err(ConfigError::DisableTimeZero);
        }
        if throttle.cap_seconds < throttle.base_seconds
            || throttle.cap_seconds > MAX_LOCKOUT_SECONDS
        {
            return Err(ConfigError::LockoutCapOutOfRange);
        }
        if throttle.quiet_seconds < throttle.cap_seconds {
            return Err(ConfigError::QuietBelowCap);
        }
        if self.single_use_minutes == 0 || self.single_use_minutes > MAX_SINGLE_USE_MINUTES {
            return Err(ConfigError::SingleUseWindowOutOfRange);
        }
        if self.clock_tolerance_seconds > MAX_CLOCK_TOLERANCE_SECONDS {
            return Err(ConfigError::ToleranceTooLong);
        }
        let schedules = usize::from(self.schedule_count);
        for (index, entry) in self.entries().iter().enumerate() {
            if entry
                .schedule
                .is_some_and(|schedule| usize::from(schedule) >= schedules)
            {
                return Err(ConfigError::ScheduleIndexOutOfRange { entry: index });
            }
            if self
                .entries()
                .get(..index)
                .unwrap_or(&[])
                .iter()
                .any(|other| other.tag == entry.tag)
            {
                return Err(ConfigError::DuplicateTag { entry: index });
            }
        }
        let stored = u64::try_from(self.entries().len()).unwrap_or(u64::MAX);
        odds::check_door_odds(&[
            self.policy.worst_case_odds(self.issuers().len()),
            odds::stored_code_odds(stored, self.policy.length),
        ])
        .map_err(ConfigError::OddsAboveCeiling)?;
        Ok(())
    }
}

impl<const P: usize> fmt::Debug for LockConfig<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LockConfig")
            .field("door", &self.door)
            .field("policy", &self.policy)
            .field("single_use_minutes", &self.single_use_minutes)
            .field("throttle", &self.throttle)
            .field("clock_tolerance_seconds", &self.clock_tolerance_seconds)
            .field("zone", &self.zone)
            .field("issuers", &self.issuers())
            .field("schedules", &self.schedules())
            .field("entries", &self.entries())
            .field("denied", &self.denied_persons())
            .field("denied_credentials", &self.denied_credentials())
            .finish()
    }
}
