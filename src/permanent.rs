//! Permanent doorcodes: a person's own code at a door, kept when their Keys change.
//!
//! Construction (SPEC.md section 14): the property's backend derives each code from the site's
//! [`PermanentKey`] with HMAC-SHA256 as a PRF over a labelled, length-prefixed input naming the
//! person, the door (or, for a common code, the site's communal doors as a whole), the
//! generation, the code length and an attempt counter. The first 128 bits of the PRF output,
//! reduced modulo `10^digits`, are the code (bias below `10^12 / 2^128`, about `3e-27`).
//!
//! - **No Key in the input.** Moving a person from one Key to another keeps their codes.
//! - **Generations.** Bumping a person's [`Generation`] at a door gives a new, independent code;
//!   that is how a leaked or revoked code is replaced.
//! - **Unique per door.** [`permanent_code`] tries attempts `0, 1, 2, ...` (at most
//!   [`MAX_ATTEMPTS`]) and returns the first code the caller reports as not taken, with its
//!   attempt number, which the backend keeps (privately) so it can re-derive the code with
//!   [`derive()`].
//! - **Locks never derive.** A lock stores the codes synced to it; only the backend holds the key.
//!
//! ```
//! use doorcode::{code::CodeLength, keys::{DoorId, SiteKey}, permanent::*};
//! let key = SiteKey::from_bytes(&[7; 32])?.permanent_key();
//! let (door, alice) = (DoorId::new(b"unit-4b")?, PersonId::new(b"alice")?);
//!
//! // Nothing is taken yet at this door: attempt 0 is used.
//! let issued = permanent_code(&key, &alice, Scope::Door(&door), Generation(0), CodeLength::SEVEN, |_| false)?;
//! assert_eq!(issued.attempt, 0);
//! // Anyone with the key re-derives the same code from the stored attempt number.
//! assert_eq!(derive(&key, &alice, Scope::Door(&door), Generation(0), CodeLength::SEVEN, issued.attempt), issued.code);
//!
//! // If that code were taken, the next attempt is used, deterministically.
//! let taken = issued.code;
//! let other = permanent_code(&key, &alice, Scope::Door(&door), Generation(0), CodeLength::SEVEN, |c| *c == taken)?;
//! assert_eq!(other.attempt, 1);
//! assert_ne!(other.code, taken);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use crate::code::{CodeLength, Digits};
use crate::kdf::LabelledInfo;
use crate::keys::{DoorId, PermanentKey};

/// Label of the PRF input of a per-door permanent code (SPEC.md section 14.2).
pub const DOOR_CODE_LABEL: &[u8] = b"permanent-door";
/// Label of the PRF input of a common code for a site's communal doors (SPEC.md section 14.2).
pub const COMMON_CODE_LABEL: &[u8] = b"permanent-common";
/// Most attempts [`permanent_code`] makes before giving up with [`PermanentError::NoFreeCode`].
///
/// With a fraction `f` of the code space taken, all attempts collide with probability `f^64`;
/// under the odds ceiling (at most 1 code in 10,000 stored) that is below `10^-256`.
pub const MAX_ATTEMPTS: u32 = 64;
/// Longest person identifier, in bytes.
pub const MAX_PERSON_ID_LEN: usize = 32;

/// Bytes of the PRF output that are reduced to a code (128 bits).
const REDUCED_BYTES: usize = 16;

/// A person's identifier: 1 to 32 bytes chosen by the backend (a UUID's 16 bytes, a database
/// number's big-endian bytes, or text).
///
/// The backend MUST give each person one id for the life of the site, whatever Keys they hold:
/// that is what keeps their codes when Keys change. Locks name people by a `u64` handle that
/// the backend maps one-to-one to this id (see [`PermanentEntry::person`](crate::lock::PermanentEntry::person)).
///
/// ```
/// use doorcode::permanent::PersonId;
/// let row = PersonId::new(&4_711u64.to_be_bytes())?; // a database number
/// let uuid = PersonId::new(&[0x5a; 16])?;
/// assert_ne!(row, uuid);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PersonId {
    bytes: [u8; MAX_PERSON_ID_LEN],
    len: u8,
}

impl PersonId {
    /// A person id from 1..=32 bytes.
    ///
    /// ```
    /// use doorcode::permanent::{PersonId, PermanentError};
    /// assert!(PersonId::new(&42u64.to_be_bytes()).is_ok());
    /// assert_eq!(PersonId::new(b"").err(), Some(PermanentError::EmptyPersonId));
    /// ```
    pub fn new(bytes: &[u8]) -> Result<Self, PermanentError> {
        if bytes.is_empty() {
            return Err(PermanentError::EmptyPersonId);
        }
        let mut array = [0u8; MAX_PERSON_ID_LEN];
        array
            .get_mut(..bytes.len())
            .ok_or(PermanentError::PersonIdTooLong { got: bytes.len() })?
            .copy_from_slice(bytes);
        let len = u8::try_from(bytes.len()).unwrap_or(u8::MAX);
        Ok(Self { bytes: array, len })
    }

    /// The id's bytes.
    ///
    /// ```
    /// use doorcode::permanent::PersonId;
    /// assert_eq!(PersonId::new(b"alice")?.as_bytes(), b"alice");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

impl fmt::Debug for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonId(0x")?;
        for byte in self.as_bytes() {
            write!(f, "{byte:02x}")?;
        }
        f.write_str(")")
    }
}

/// A person's code generation at a door (or for their common code): bumping it replaces the code.
///
/// ```
/// use doorcode::{code::CodeLength, keys::{DoorId, SiteKey}, permanent::*};
/// let key = SiteKey::from_bytes(&[7; 32])?.permanent_key();
/// let (alice, door) = (PersonId::new(b"alice")?, DoorId::new(b"unit-4b")?);
/// let old = derive(&key, &alice, Scope::Door(&door), Generation(0), CodeLength::SEVEN, 0);
/// let new = derive(&key, &alice, Scope::Door(&door), Generation(1), CodeLength::SEVEN, 0);
/// assert_ne!(old, new); // a new generation replaces a leaked code
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Generation(pub u32);

/// Where a permanent code is valid.
///
/// ```
/// use doorcode::{code::CodeLength, keys::{DoorId, SiteKey}, permanent::*};
/// let key = SiteKey::from_bytes(&[7; 32])?.permanent_key();
/// let (alice, door) = (PersonId::new(b"alice")?, DoorId::new(b"unit-4b")?);
/// let own = derive(&key, &alice, Scope::Door(&door), Generation(0), CodeLength::SEVEN, 0);
/// let common = derive(&key, &alice, Scope::Common, Generation(0), CodeLength::SEVEN, 0);
/// assert_ne!(own, common); // per-door and common codes are separate
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope<'a> {
    /// One door: the code is unique among the codes stored at that door.
    Door(&'a DoorId),
    /// Every communal door of the site (the site is the one whose secret gave the key): one
    /// common code per person, unique among the codes stored at any of those doors.
    Common,
}

/// A resolved permanent code and the attempt that produced it.
///
/// ```
/// use doorcode::{code::CodeLength, keys::SiteKey, permanent::*};
/// let key = SiteKey::from_bytes(&[7; 32])?.permanent_key();
/// let bob = PersonId::new(b"bob")?;
/// let first = derive(&key, &bob, Scope::Common, Generation(0), CodeLength::SEVEN, 0);
/// // The first candidate is taken: the code comes from attempt 1.
/// let issued = permanent_code(&key, &bob, Scope::Common, Generation(0), CodeLength::SEVEN, |c| *c == first)?;
/// assert_eq!(issued.attempt, 1);
/// assert_eq!(issued.code, derive(&key, &bob, Scope::Common, Generation(0), CodeLength::SEVEN, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PermanentCode {
    /// The code to sync to the door(s).
    pub code: Digits,
    /// The attempt number (0 unless earlier candidates were taken). The backend stores it with
    /// the code and MUST NOT show it to the person: see SPEC.md section 14.6.
    pub attempt: u32,
}

/// Why a permanent code could not be issued.
///
/// ```
/// use doorcode::permanent::{PersonId, PermanentError};
/// assert_eq!(PersonId::new(&[0; 33]).err(), Some(PermanentError::PersonIdTooLong { got: 33 }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PermanentError {
    /// A person identifier that is empty.
    EmptyPersonId,
    /// A person identifier longer than [`MAX_PERSON_ID_LEN`] bytes.
    PersonIdTooLong {
        /// Bytes given.
        got: usize,
    },
    /// Every one of [`MAX_ATTEMPTS`] candidates was taken: the door's code space is nearly full
    /// (or the `taken` test reports everything as taken).
    NoFreeCode {
        /// Attempts made.
        attempts: u32,
    },
}

impl fmt::Display for PermanentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyPersonId => f.write_str("person id is empty"),
            Self::PersonIdTooLong { got } => write!(
                f,
                "person id is {got} bytes; at most {MAX_PERSON_ID_LEN} allowed"
            ),
            Self::NoFreeCode { attempts } => write!(
                f,
                "all {attempts} candidate codes are already taken; the code space is nearly full"
            ),
        }
    }
}

impl core::error::Error for PermanentError {}

/// The 128-bit value the code of `attempt` is reduced from: the first 16 bytes, big-endian, of
/// `HKDF-Expand(key, info(label, person, [door,] u32be(generation), u8(digits), u32be(attempt)), 32)`.
fn prf_value(
    key: &PermanentKey,
    person: &PersonId,
    scope: Scope<'_>,
    generation: Generation,
    length: CodeLength,
    attempt: u32,
) -> u128 {
    let generation = generation.0.to_be_bytes();
    let digits = [length.get()];
    let attempt = attempt.to_be_bytes();
    let output = match scope {
        Scope::Door(door) => {
            let fields: [&[u8]; 5] = [
                person.as_bytes(),
                door.as_bytes(),
                &generation,
                &digits,
                &attempt,
            ];
            LabelledInfo::new(DOOR_CODE_LABEL, &fields).expand(key.as_bytes())
        }
        Scope::Common => {
            let fields: [&[u8]; 4] = [person.as_bytes(), &generation, &digits, &attempt];
            LabelledInfo::new(COMMON_CODE_LABEL, &fields).expand(key.as_bytes())
        }
    };
    let mut wide = [0u8; REDUCED_BYTES];
    if let Some(prefix) = output.get(..REDUCED_BYTES) {
        wide.copy_from_slice(prefix);
    }
    u128::from_be_bytes(wide)
}

/// The candidate code of one attempt, without looking at what is taken: the PRF value reduced
/// modulo `10^digits`.
///
/// Use it to re-derive an issued code from its stored attempt number, or to check one.
///
/// ```
/// use doorcode::{code::CodeLength, keys::{DoorId, SiteKey}, permanent::*};
/// let key = SiteKey::from_bytes(&[7; 32])?.permanent_key();
/// let person = PersonId::new(b"alice")?;
/// let door = DoorId::new(b"unit-4b")?;
/// let code = derive(&key, &person, Scope::Door(&door), Generation(0), CodeLength::SEVEN, 0);
/// assert_eq!(code.numerals().len(), 7);
/// assert_ne!(code, derive(&key, &person, Scope::Door(&door), Generation(1), CodeLength::SEVEN, 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn derive(
    key: &PermanentKey,
    person: &PersonId,
    scope: Scope<'_>,
    generation: Generation,
    length: CodeLength,
    attempt: u32,
) -> Digits {
    let value = prf_value(key, person, scope, generation, length, attempt);
    // code_space() >= 10^6 > 0, so the remainder exists and is below 10^12, which fits in u64.
    let reduced = value
        .checked_rem(u128::from(length.code_space()))
        .and_then(|r| u64::try_from(r).ok())
        .unwrap_or(0);
    Digits::low_digits(reduced, length)
}

/// A person's permanent code, unique among the codes `taken` reports as already in use.
///
/// Tries attempts `0, 1, ..., MAX_ATTEMPTS - 1` in order and returns the first candidate
/// ([`derive()`]) for which `taken` returns `false`. Deterministic: the same key, inputs and taken
/// set always give the same code and attempt.
///
/// For [`Scope::Door`], `taken` must cover every code stored at that door (other people's
/// per-door codes and the common codes valid there). For [`Scope::Common`], it must cover every
/// code stored at any of the site's communal doors. The caller SHOULD also report the person's
/// own revoked codes as taken, so that a new generation never lands on a leaked code again.
///
/// A person's code changes only when their generation changes, or when it is resolved again
/// against a table that gained, before theirs, a code equal to one of their earlier candidates;
/// the backend therefore stores the attempt number with each issued code and never re-resolves
/// an issued code (SPEC.md section 14.5).
///
/// ```
/// use doorcode::{code::CodeLength, keys::SiteKey, permanent::*};
/// let key = SiteKey::from_bytes(&[7; 32])?.permanent_key();
/// let bob = PersonId::new(b"bob")?;
/// let common = permanent_code(&key, &bob, Scope::Common, Generation(3), CodeLength::SEVEN, |_| false)?;
/// assert_eq!(common.code.length(), CodeLength::SEVEN);
///
/// // Everything taken: a typed error, never a loop or a panic.
/// let full = permanent_code(&key, &bob, Scope::Common, Generation(3), CodeLength::SEVEN, |_| true);
/// assert_eq!(full, Err(PermanentError::NoFreeCode { attempts: MAX_ATTEMPTS }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn permanent_code(
    key: &PermanentKey,
    person: &PersonId,
    scope: Scope<'_>,
    generation: Generation,
    length: CodeLength,
    mut taken: impl FnMut(&Digits) -> bool,
) -> Result<PermanentCode, PermanentError> {
    for attempt in 0..MAX_ATTEMPTS {
        let code = derive(key, person, scope, generation, length, attempt);
        if !taken(&code) {
            return Ok(PermanentCode { code, attempt });
        }
    }
    Err(PermanentError::NoFreeCode {
        attempts: MAX_ATTEMPTS,
    })
}

/// [`permanent_code`] with the taken codes given as their values ([`Digits::value`]) in a
/// slice sorted in ascending order (binary search; an unsorted slice gives wrong answers, never
/// a panic). The slice must hold only codes of `length` digits: as plain numbers, a 6-digit
/// `123456` would match the 7-digit candidate `0123456` (SPEC.md 14.5).
///
/// The taken set is the backend's own table, not a secret, so this lookup is not constant-time.
///
/// ```
/// use doorcode::{code::CodeLength, keys::{DoorId, SiteKey}, permanent::*};
/// let key = SiteKey::from_bytes(&[7; 32])?.permanent_key();
/// let door = DoorId::new(b"lobby")?;
/// let carol = PersonId::new(b"carol")?;
/// let first = derive(&key, &carol, Scope::Door(&door), Generation(0), CodeLength::SEVEN, 0);
/// let taken = [1_234_567, first.value()];
/// let mut sorted = taken;
/// sorted.sort_unstable();
/// let issued = permanent_code_sorted(&key, &carol, Scope::Door(&door), Generation(0), CodeLength::SEVEN, &sorted)?;
/// assert_eq!(issued.attempt, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn permanent_code_sorted(
    key: &PermanentKey,
    person: &PersonId,
    scope: Scope<'_>,
    generation: Generation,
    length: CodeLength,
    taken_sorted: &[u64],
) -> Result<PermanentCode, PermanentError> {
    permanent_code(key, person, scope, generation, length, |code| {
        taken_sorted.binary_search(&code.value()).is_ok()
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::keys::SiteKey;

    #[test]
    fn person_ids_are_bounded() {
        assert_eq!(
            PersonId::new(b"").err(),
            Some(PermanentError::EmptyPersonId)
        );
        assert!(PersonId::new(&[1; 32]).is_ok());
        assert_eq!(
            PersonId::new(&[1; 33]).err(),
            Some(PermanentError::PersonIdTooLong { got: 33 })
        );
    }

    #[test]
    fn scopes_are_separated() {
        let key = SiteKey::from_bytes(&[1; 16]).unwrap().permanent_key();
        let person = PersonId::new(b"p").unwrap();
        let door = DoorId::new(b"d").unwrap();
        let length = CodeLength::new(12).unwrap();
        let a = prf_value(&key, &person, Scope::Door(&door), Generation(0), length, 0);
        let b = prf_value(&key, &person, Scope::Common, Generation(0), length, 0);
        assert_ne!(a, b);
    }
}
