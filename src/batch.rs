//! Batch issuance for backends: daily codes for many doors, days and slots at once, in parallel
//! (feature `batch`, which uses rayon's global thread pool).
//!
//! A [`BatchRequest`] names one issuer, a list of doors, a run of consecutive local dates and
//! the slots to issue on each; [`BatchRequest::issue`] returns every code in a fixed order (door,
//! then date, then slot range, then slot), the same codes in the same order as a loop over
//! [`DailyIssuer::issue`]. Keys are derived once per door, not per code, and the whole request
//! is checked before any work starts, so a bad request yields a typed [`BatchError`] and no
//! codes.
//!
//! The output is a list of plain values ([`BatchCode`]); it introduces no wire format.
//!
//! ```
//! use doorcode::batch::{BatchRequest, DoorKeys, SlotRange};
//! use doorcode::daily::{DailyKind, DailyPolicy};
//! use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};
//!
//! let site = SiteKey::from_bytes(&[7; 32])?;
//! let doors = [DoorId::new(b"room-101")?, DoorId::new(b"room-102")?];
//! let slots = [SlotRange { kind: DailyKind::Daily, first: 0, count: 3 }];
//! let request = BatchRequest {
//!     keys: DoorKeys::Site(&site),
//!     doors: &doors,
//!     issuer: IssuerId(0),
//!     epoch: Epoch(0),
//!     first_date: "2026-11-22".parse()?,
//!     days: 7,
//!     slots: &slots,
//!     policy: DailyPolicy::default(),
//! };
//! let codes = request.issue()?;
//! assert_eq!(codes.len(), 2 * 7 * 3);
//! // Door 0's first three codes are for 2026-11-22, slots 0, 1, 2.
//! assert_eq!(codes[2].door, 0);
//! assert_eq!(codes[2].slot, 2);
//! assert_eq!(codes[2].date.to_string(), "2026-11-22");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::vec::Vec;
use core::fmt;

use rayon::prelude::*;

use crate::civil::LocalDate;
use crate::code::Digits;
use crate::daily::{DailyIssuer, DailyKind, DailyPolicy, IssueError, PolicyError};
use crate::keys::{DoorId, DoorKey, Epoch, IssuerId, SiteKey};

/// Most codes one request may ask for (2^26, about 67 million: a few GB of output).
///
/// ```
/// // A year of every slot of the default policy for 900 doors fits in one batch.
/// assert!(900 * 365 * 200 <= doorcode::batch::MAX_BATCH_CODES);
/// ```
pub const MAX_BATCH_CODES: u64 = 1 << 26;

/// Where the door keys come from.
///
/// ```
/// use doorcode::batch::DoorKeys;
/// use doorcode::keys::{DoorKey, SiteKey};
/// let site = SiteKey::from_bytes(&[7; 32])?;
/// let from_site = DoorKeys::Site(&site);
/// let keys = [DoorKey::from_bytes(&[1; 32])?];
/// let given = DoorKeys::PerDoor(&keys);
/// # let _ = (from_site, given);
/// # Ok::<(), doorcode::keys::KeyError>(())
/// ```
#[derive(Clone, Copy)]
pub enum DoorKeys<'a> {
    /// Derive each door's key from the site key ([`SiteKey::door_key`]).
    Site(&'a SiteKey),
    /// One key per door, in the order of [`BatchRequest::doors`] (a backend that stores door
    /// keys rather than the site secret).
    PerDoor(&'a [DoorKey]),
}

impl fmt::Debug for DoorKeys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The keys redact themselves; say only which source it is.
        match self {
            Self::Site(_) => f.write_str("DoorKeys::Site(..)"),
            Self::PerDoor(keys) => write!(f, "DoorKeys::PerDoor({} keys)", keys.len()),
        }
    }
}

/// Consecutive slots of one kind: `first..first + count`.
///
/// ```
/// use doorcode::batch::SlotRange;
/// use doorcode::daily::{DailyKind, DailyPolicy};
/// let every_daily_slot = SlotRange::all(DailyKind::Daily, &DailyPolicy::default());
/// assert_eq!((every_daily_slot.first, every_daily_slot.count), (0, 100));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SlotRange {
    /// Daily or single-use.
    pub kind: DailyKind,
    /// First slot.
    pub first: u32,
    /// How many slots.
    pub count: u32,
}

impl SlotRange {
    /// Every slot the policy has for `kind`.
    ///
    /// ```
    /// use doorcode::batch::SlotRange;
    /// use doorcode::daily::{DailyKind, DailyPolicy};
    /// let policy = DailyPolicy { single_use_slots: 10, ..DailyPolicy::default() };
    /// assert_eq!(SlotRange::all(DailyKind::SingleUse, &policy).count, 10);
    /// ```
    pub fn all(kind: DailyKind, policy: &DailyPolicy) -> Self {
        let count = match kind {
            DailyKind::Daily => policy.daily_slots,
            DailyKind::SingleUse => policy.single_use_slots,
        };
        Self {
            kind,
            first: 0,
            count,
        }
    }
}

/// What to issue: one issuer's codes for `doors` x `days` dates from `first_date` x `slots`.
///
/// ```
/// use doorcode::batch::{BatchRequest, DoorKeys, SlotRange};
/// use doorcode::daily::{DailyKind, DailyPolicy};
/// use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};
/// let site = SiteKey::from_bytes(&[7; 32])?;
/// let doors = [DoorId::new(b"lobby")?];
/// let policy = DailyPolicy::default();
/// let slots = [SlotRange::all(DailyKind::Daily, &policy), SlotRange::all(DailyKind::SingleUse, &policy)];
/// let request = BatchRequest {
///     keys: DoorKeys::Site(&site),
///     doors: &doors,
///     issuer: IssuerId(0),
///     epoch: Epoch(0),
///     first_date: "2026-12-01".parse()?,
///     days: 31,
///     slots: &slots,
///     policy,
/// };
/// assert_eq!(request.code_count()?, 31 * 200);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct BatchRequest<'a> {
    /// The door keys: derived from the site key, or given per door.
    pub keys: DoorKeys<'a>,
    /// The doors, in output order.
    pub doors: &'a [DoorId],
    /// The issuer whose codes these are (0 is the property's own backend).
    pub issuer: IssuerId,
    /// The issuer's current epoch at these doors.
    pub epoch: Epoch,
    /// The first local date.
    pub first_date: LocalDate,
    /// How many consecutive dates, `first_date` included.
    pub days: u32,
    /// The slots to issue on each door-day, in output order.
    pub slots: &'a [SlotRange],
    /// The doors' policy (the same for every door in the request).
    pub policy: DailyPolicy,
}

/// One issued code and what it is for.
///
/// ```
/// use doorcode::batch::{BatchRequest, DoorKeys, SlotRange};
/// use doorcode::daily::{DailyKind, DailyPolicy, issue_daily};
/// use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId};
/// let keys = [DoorKey::from_bytes(&[9; 32])?];
/// let doors = [DoorId::new(b"gate")?];
/// let slots = [SlotRange { kind: DailyKind::SingleUse, first: 5, count: 1 }];
/// let request = BatchRequest {
///     keys: DoorKeys::PerDoor(&keys),
///     doors: &doors,
///     issuer: IssuerId(2),
///     epoch: Epoch(1),
///     first_date: "2026-11-22".parse()?,
///     days: 1,
///     slots: &slots,
///     policy: DailyPolicy::default(),
/// };
/// let code = request.issue()?[0];
/// let alone = issue_daily(&keys[0], doors[0], IssuerId(2), Epoch(1), request.policy,
///                         code.date, DailyKind::SingleUse, 5)?;
/// assert_eq!((code.kind, code.slot, code.code), (DailyKind::SingleUse, 5, alone));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchCode {
    /// Index of the door in [`BatchRequest::doors`].
    pub door: usize,
    /// The local date the code works on.
    pub date: LocalDate,
    /// Daily or single-use.
    pub kind: DailyKind,
    /// The slot.
    pub slot: u32,
    /// The code.
    pub code: Digits,
}

/// Why a batch was refused (nothing is issued).
///
/// ```
/// use doorcode::batch::{BatchError, BatchRequest, DoorKeys, SlotRange};
/// use doorcode::daily::{DailyKind, DailyPolicy};
/// use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};
/// let site = SiteKey::from_bytes(&[7; 32])?;
/// let doors = [DoorId::new(b"lobby")?];
/// let slots = [SlotRange { kind: DailyKind::Daily, first: 90, count: 20 }]; // 90..110
/// let request = BatchRequest {
///     keys: DoorKeys::Site(&site), doors: &doors, issuer: IssuerId(0), epoch: Epoch(0),
///     first_date: "2026-11-22".parse()?, days: 1, slots: &slots, policy: DailyPolicy::default(),
/// };
/// assert!(matches!(request.issue(), Err(BatchError::SlotOutOfRange { slots: 100, .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BatchError {
    /// The policy is invalid for one issuer.
    Policy(PolicyError),
    /// [`DoorKeys::PerDoor`] holds a different number of keys than there are doors.
    KeyCountMismatch {
        /// Doors in the request.
        doors: usize,
        /// Keys given.
        keys: usize,
    },
    /// A slot range reaches past the policy's slots of its kind (or past `u32::MAX`).
    SlotOutOfRange {
        /// The offending range.
        range: SlotRange,
        /// Slots of that kind in the policy.
        slots: u32,
    },
    /// The last date would be after [`LocalDate::MAX`].
    DatesOutOfRange {
        /// First date asked for.
        first: LocalDate,
        /// Days asked for.
        days: u32,
    },
    /// More than [`MAX_BATCH_CODES`] codes (saturated at `u64::MAX`).
    TooManyCodes {
        /// Codes the request asks for.
        requested: u64,
    },
    /// Issuing one code failed (not expected after the checks above; reported, not hidden).
    Issue(IssueError),
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Policy(error) => write!(f, "invalid policy: {error}"),
            Self::KeyCountMismatch { doors, keys } => {
                write!(f, "{keys} door keys given for {doors} doors")
            }
            Self::SlotOutOfRange { range, slots } => write!(
                f,
                "{} slots {}+{} reach past the policy's {slots} slots",
                range.kind.name(),
                range.first,
                range.count
            ),
            Self::DatesOutOfRange { first, days } => {
                write!(f, "{days} days from {first} reach past {}", LocalDate::MAX)
            }
            Self::TooManyCodes { requested } => write!(
                f,
                "{requested} codes requested; at most {MAX_BATCH_CODES} per batch"
            ),
            Self::Issue(error) => write!(f, "issuing failed: {error}"),
        }
    }
}

impl core::error::Error for BatchError {}

/// The checked shape of a request: everything the parallel part needs, no failure left but
/// the (unexpected) [`IssueError`].
struct Plan {
    dates: Vec<LocalDate>,
    /// `ends[i]` is the number of codes per door-day in `slots[..=i]`.
    ends: Vec<u64>,
    per_door_day: u64,
    total: u64,
}

impl BatchRequest<'_> {
    fn plan(&self) -> Result<Plan, BatchError> {
        self.policy.check(1).map_err(BatchError::Policy)?;
        if let DoorKeys::PerDoor(keys) = self.keys
            && keys.len() != self.doors.len()
        {
            return Err(BatchError::KeyCountMismatch {
                doors: self.doors.len(),
                keys: keys.len(),
            });
        }
        let mut ends = Vec::with_capacity(self.slots.len());
        let mut per_door_day = 0u64;
        for range in self.slots {
            let slots = SlotRange::all(range.kind, &self.policy).count;
            match range.first.checked_add(range.count) {
                Some(end) if end <= slots => {}
                _ => {
                    return Err(BatchError::SlotOutOfRange {
                        range: *range,
                        slots,
                    });
                }
            }
            per_door_day = per_door_day.saturating_add(u64::from(range.count));
            ends.push(per_door_day);
        }
        let first_day = self.first_date.days_since_epoch();
        let out_of_range = BatchError::DatesOutOfRange {
            first: self.first_date,
            days: self.days,
        };
        // Check the last date first so that `dates` is never allocated for a range that fails.
        if let Some(last_offset) = self.days.checked_sub(1) {
            i32::try_from(last_offset)
                .ok()
                .and_then(|offset| first_day.checked_add(offset))
                .and_then(LocalDate::from_days_since_epoch)
                .ok_or(out_of_range)?;
        }
        let doors = u64::try_from(self.doors.len()).unwrap_or(u64::MAX);
        let total = doors
            .saturating_mul(u64::from(self.days))
            .saturating_mul(per_door_day);
        if total > MAX_BATCH_CODES {
            return Err(BatchError::TooManyCodes { requested: total });
        }
        let dates = (0..self.days)
            .map(|offset| {
                i32::try_from(offset)
                    .ok()
                    .and_then(|offset| first_day.checked_add(offset))
                    .and_then(LocalDate::from_days_since_epoch)
                    .ok_or(out_of_range)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Plan {
            dates,
            ends,
            per_door_day,
            total,
        })
    }

    /// How many codes [`issue`](Self::issue) would return, after checking the request.
    ///
    /// ```
    /// use doorcode::batch::{BatchRequest, DoorKeys, SlotRange};
    /// use doorcode::daily::{DailyKind, DailyPolicy};
    /// use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};
    /// let site = SiteKey::from_bytes(&[7; 32])?;
    /// let doors = [DoorId::new(b"a")?, DoorId::new(b"b")?, DoorId::new(b"c")?];
    /// let slots = [SlotRange { kind: DailyKind::Daily, first: 0, count: 10 }];
    /// let request = BatchRequest {
    ///     keys: DoorKeys::Site(&site), doors: &doors, issuer: IssuerId(0), epoch: Epoch(0),
    ///     first_date: "2026-11-22".parse()?, days: 30, slots: &slots,
    ///     policy: DailyPolicy::default(),
    /// };
    /// assert_eq!(request.code_count()?, 3 * 30 * 10);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn code_count(&self) -> Result<usize, BatchError> {
        let total = self.plan()?.total;
        usize::try_from(total).map_err(|_| BatchError::TooManyCodes { requested: total })
    }

    /// Issue every code of the request in parallel, in order: door, date, slot range, slot.
    ///
    /// The result equals, element for element, a loop over the doors, the dates, the slot
    /// ranges and their slots that calls [`DailyIssuer::issue`]. Runs on rayon's global pool;
    /// call it inside `rayon::ThreadPool::install` to choose the threads.
    ///
    /// ```
    /// use doorcode::batch::{BatchRequest, DoorKeys, SlotRange};
    /// use doorcode::daily::{DailyIssuer, DailyKind, DailyPolicy};
    /// use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};
    /// let site = SiteKey::from_bytes(&[7; 32])?;
    /// let doors = [DoorId::new(b"lobby")?];
    /// let slots = [SlotRange { kind: DailyKind::Daily, first: 7, count: 2 }];
    /// let request = BatchRequest {
    ///     keys: DoorKeys::Site(&site), doors: &doors, issuer: IssuerId(0), epoch: Epoch(0),
    ///     first_date: "2026-11-22".parse()?, days: 2, slots: &slots,
    ///     policy: DailyPolicy::default(),
    /// };
    /// let codes = request.issue()?;
    /// let one = DailyIssuer::new(&site.door_key(&doors[0]).issuer_key(IssuerId(0), Epoch(0)),
    ///                            IssuerId(0), doors[0], request.policy);
    /// let second_day = "2026-11-23".parse()?;
    /// assert_eq!(codes[3].code, one.issue(second_day, DailyKind::Daily, 8)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn issue(&self) -> Result<Vec<BatchCode>, BatchError> {
        let plan = self.plan()?;
        if plan.total == 0 {
            return Ok(Vec::new());
        }
        // One issuer (door key -> issuer key -> daily key -> AES schedule) per door, in parallel.
        let issuers: Vec<DailyIssuer> = (0..self.doors.len())
            .into_par_iter()
            .filter_map(|index| {
                let door = *self.doors.get(index)?;
                let issuer_key = match self.keys {
                    DoorKeys::Site(site) => {
                        site.door_key(&door).issuer_key(self.issuer, self.epoch)
                    }
                    DoorKeys::PerDoor(keys) => keys.get(index)?.issuer_key(self.issuer, self.epoch),
                };
                Some(DailyIssuer::new(
                    &issuer_key,
                    self.issuer,
                    door,
                    self.policy,
                ))
            })
            .collect();
        if issuers.len() != self.doors.len() {
            return Err(BatchError::KeyCountMismatch {
                doors: self.doors.len(),
                keys: issuers.len(),
            });
        }
        // Codes are independent: split the flat index space, each index names its code.
        (0..plan.total)
            .into_par_iter()
            .map(|index| self.issue_one(&plan, &issuers, index))
            .collect()
    }

    fn issue_one(
        &self,
        plan: &Plan,
        issuers: &[DailyIssuer],
        index: u64,
    ) -> Result<BatchCode, BatchError> {
        // `plan` guarantees per_door_day > 0 when total > 0; the fallbacks are never taken.
        let door_day = index.checked_div(plan.per_door_day).unwrap_or(0);
        let within = index.checked_rem(plan.per_door_day).unwrap_or(0);
        let days = u64::try_from(plan.dates.len()).unwrap_or(u64::MAX);
        let door = door_day.checked_div(days).unwrap_or(0);
        let day = door_day.checked_rem(days).unwrap_or(0);
        let range_index = plan.ends.partition_point(|end| *end <= within);
        let before = range_index
            .checked_sub(1)
            .and_then(|previous| plan.ends.get(previous))
            .copied()
            .unwrap_or(0);
        let internal = BatchError::Issue(IssueError::SlotOutOfRange { slot: 0, slots: 0 });
        let range = self.slots.get(range_index).ok_or(internal)?;
        let slot = u32::try_from(within.saturating_sub(before))
            .ok()
            .and_then(|offset| range.first.checked_add(offset))
            .ok_or(internal)?;
        let door = usize::try_from(door).map_err(|_| internal)?;
        let date = usize::try_from(day)
            .ok()
            .and_then(|day| plan.dates.get(day))
            .copied()
            .ok_or(internal)?;
        let issuer = issuers.get(door).ok_or(internal)?;
        let code = issuer
            .issue(date, range.kind, slot)
            .map_err(BatchError::Issue)?;
        Ok(BatchCode {
            door,
            date,
            kind: range.kind,
            slot,
            code,
        })
    }
}
