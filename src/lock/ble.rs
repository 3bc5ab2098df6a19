//! The lock's BLE path: challenges and mobile-credential presentations (SPEC.md section 16.5),
//! and the credential extension of door updates and lock state (SPEC.md section 16.6).
//!
//! ```
//! # #[cfg(feature = "alloc")] {
//! use doorcode::credential::*;
//! use doorcode::keys::*;
//! use doorcode::lock::*;
//! let site = SiteKey::from_bytes(&[7; 32])?;
//! let door = DoorId::new(b"lobby")?;
//! let fields = CredentialFields::new(CredentialId::from_bytes([1; 16]), 42, doorcode::schedule::Grant::ALWAYS);
//! let phone = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[door])
//!     .issue(&fields, &[door], &[9; 32])?;
//! let mut lock = DefaultLock::new(site.door_key(&door), LockConfig::new(door))?;
//! let now = Clock::Set(1_795_338_000);
//! let challenge = lock.challenge(&[0; 16], now)?; // even zero entropy never repeats a nonce
//! let (answer, _) = lock.present(&phone.answer_challenge(&challenge.to_bytes())?, now);
//! assert_eq!(answer, KeypadAnswer::Accept);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use crate::credential::{
    CredentialError, CredentialId, CredentialReject, DoorCredentialKeys, ID_LEN, NONCE_LEN,
    VerifyContext, parse_presentation, verify_parsed,
};
use crate::kdf::LabelledInfo;
use crate::keys::{DoorId, DoorKey, Epoch, IssuerId, MAX_DOOR_ID_LEN};

use super::codec::{BufferTooSmall, FormatError, Reader, Writer};
use super::config::{LockConfig, MAX_DENIED_CREDENTIALS};
use super::{Clock, Event, KeypadAnswer, LockVerifier, Matched, RejectReason, reject};

/// Version byte of a challenge message.
///
/// ```
/// assert_eq!(doorcode::lock::CHALLENGE_VERSION, 1);
/// ```
pub const CHALLENGE_VERSION: u8 = 0x01;
/// Label of the nonce PRF below the door key.
///
/// ```
/// assert_eq!(doorcode::lock::CHALLENGE_LABEL, b"ble-challenge");
/// ```
pub const CHALLENGE_LABEL: &[u8] = b"ble-challenge";
/// How long a challenge may be answered, in seconds of the lock's clock.
///
/// ```
/// assert_eq!(doorcode::lock::CHALLENGE_LIFETIME_SECONDS, 60);
/// ```
pub const CHALLENGE_LIFETIME_SECONDS: i64 = 60;
/// Longest challenge message: version, nonce, door id length, door id.
///
/// ```
/// assert_eq!(doorcode::lock::MAX_CHALLENGE_LEN, 50);
/// ```
pub const MAX_CHALLENGE_LEN: usize = 1 + NONCE_LEN + 1 + MAX_DOOR_ID_LEN;
/// Tag byte that opens the credential extension of a door update or lock state.
///
/// ```
/// assert_eq!(doorcode::lock::CREDENTIAL_EXTENSION_TAG, 0x43);
/// ```
pub const CREDENTIAL_EXTENSION_TAG: u8 = 0x43;
/// Longest credential extension of a door update.
///
/// ```
/// assert_eq!(doorcode::lock::MAX_UPDATE_EXTENSION_LEN, 130);
/// ```
pub const MAX_UPDATE_EXTENSION_LEN: usize = 1 + 1 + MAX_DENIED_CREDENTIALS * ID_LEN;
/// Longest credential extension of lock state.
///
/// ```
/// assert_eq!(doorcode::lock::MAX_STATE_EXTENSION_LEN, 138);
/// ```
pub const MAX_STATE_EXTENSION_LEN: usize = MAX_UPDATE_EXTENSION_LEN + 8;

/// What the lock sends a phone: a fresh nonce and its door id.
///
/// ```
/// use doorcode::lock::Challenge;
/// let challenge = Challenge { nonce: [7; 16], door: doorcode::keys::DoorId::new(b"lobby")? };
/// let bytes = challenge.to_bytes();
/// assert_eq!(bytes.len(), 1 + 16 + 1 + 5);
/// assert_eq!(Challenge::from_bytes(&bytes)?, challenge);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// `u64be(counter) || 8 bytes of HMAC(door key, counter, entropy)`: never repeats.
    pub nonce: [u8; NONCE_LEN],
    /// The challenging door.
    pub door: DoorId,
}

/// A challenge's encoding, without allocation; derefs to its bytes.
///
/// ```
/// use doorcode::lock::Challenge;
/// let challenge = Challenge { nonce: [0; 16], door: doorcode::keys::DoorId::new(b"a")? };
/// assert_eq!(challenge.to_bytes()[0], doorcode::lock::CHALLENGE_VERSION);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ChallengeBytes {
    bytes: [u8; MAX_CHALLENGE_LEN],
    len: usize,
}

impl core::ops::Deref for ChallengeBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

impl fmt::Debug for ChallengeBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.iter() {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl Challenge {
    /// `version || nonce || u8(door id length) || door id`.
    ///
    /// ```
    /// use doorcode::lock::Challenge;
    /// let challenge = Challenge { nonce: [0; 16], door: doorcode::keys::DoorId::new(b"a")? };
    /// assert_eq!(challenge.to_bytes().last(), Some(&b'a'));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_bytes(&self) -> ChallengeBytes {
        let mut bytes = [0u8; MAX_CHALLENGE_LEN];
        let door = self.door.as_bytes();
        let mut len = 0usize;
        for (slot, byte) in bytes.iter_mut().zip(
            [CHALLENGE_VERSION]
                .iter()
                .chain(&self.nonce)
                .chain(&[u8::try_from(door.len()).unwrap_or(u8::MAX)])
                .chain(door),
        ) {
            *slot = *byte;
            len = len.saturating_add(1);
        }
        ChallengeBytes { bytes, len }
    }

    /// Read [`to_bytes`](Self::to_bytes)'s output.
    ///
    /// ```
    /// use doorcode::{lock::Challenge, credential::CredentialError};
    /// assert_eq!(Challenge::from_bytes(&[1, 2]), Err(CredentialError::Truncated));
    /// assert_eq!(Challenge::from_bytes(&[2; 20]), Err(CredentialError::UnknownVersion(2)));
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CredentialError> {
        let (version, rest) = bytes.split_first().ok_or(CredentialError::Truncated)?;
        if *version != CHALLENGE_VERSION {
            return Err(CredentialError::UnknownVersion(*version));
        }
        let (nonce, rest) = rest
            .split_first_chunk::<NONCE_LEN>()
            .ok_or(CredentialError::Truncated)?;
        let (len, door) = rest.split_first().ok_or(CredentialError::Truncated)?;
        match door.len().cmp(&usize::from(*len)) {
            core::cmp::Ordering::Less => Err(CredentialError::Truncated),
            core::cmp::Ordering::Greater => Err(CredentialError::TrailingBytes),
            core::cmp::Ordering::Equal => Ok(Self {
                nonce: *nonce,
                door: DoorId::new(door).map_err(CredentialError::Key)?,
            }),
        }
    }
}

/// Why the lock could not issue a challenge.
///
/// ```
/// use doorcode::lock::ChallengeError;
/// assert_eq!(ChallengeError::CounterExhausted.to_string(), "challenge counter exhausted");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChallengeError {
    /// The persisted challenge counter reached its maximum (2^64 - 1 challenges).
    CounterExhausted,
}

impl fmt::Display for ChallengeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CounterExhausted => f.write_str("challenge counter exhausted"),
        }
    }
}

impl core::error::Error for ChallengeError {}

/// The BLE part of a lock's state: the persisted challenge counter, the one outstanding
/// challenge and the credential keys of the last issuer seen (neither persisted: a reboot
/// cancels the challenge and recomputes the keys).
#[derive(Default)]
pub(crate) struct BleState {
    pub(crate) counter: u64,
    pending: Option<Pending>,
    keys: Option<(IssuerId, Epoch, DoorCredentialKeys)>,
}

impl BleState {
    /// This door's credential keys for `issuer` at `epoch`, derived once and kept (they are a
    /// function of the door key, door, issuer and epoch only, so they never go stale).
    fn keys(
        &mut self,
        door_key: &DoorKey,
        door: &DoorId,
        issuer: IssuerId,
        epoch: Epoch,
    ) -> &DoorCredentialKeys {
        let keys = match self.keys.take() {
            Some((id, at, keys)) if (id, at) == (issuer, epoch) => keys,
            _ => DoorCredentialKeys::from_door_key(door_key, door, issuer, epoch),
        };
        &self.keys.insert((issuer, epoch, keys)).2
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pending {
    nonce: [u8; NONCE_LEN],
    issued_at: Option<i64>,
}

impl<const P: usize, const U: usize, const I: usize> LockVerifier<P, U, I> {
    /// Issue a fresh challenge for a BLE session, replacing any outstanding one. `entropy`
    /// (the firmware's random bytes, any length) is mixed with the persisted counter, so a
    /// nonce never repeats even if the entropy does. The counter is part of
    /// [`encode_state`](Self::encode_state): persist the state before sending the challenge.
    ///
    /// ```
    /// use doorcode::{keys::*, lock::*};
    /// let door = DoorId::new(b"lobby")?;
    /// let mut lock = DefaultLock::new(DoorKey::from_bytes(&[1; 32])?, LockConfig::new(door))?;
    /// let a = lock.challenge(&[0; 16], Clock::Set(0))?;
    /// let b = lock.challenge(&[0; 16], Clock::Set(0))?;
    /// assert_ne!(a.nonce, b.nonce);
    /// assert_eq!(lock.challenge_counter(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn challenge(&mut self, entropy: &[u8], clock: Clock) -> Result<Challenge, ChallengeError> {
        let counter = self
            .ble
            .counter
            .checked_add(1)
            .ok_or(ChallengeError::CounterExhausted)?;
        let counter_bytes = counter.to_be_bytes();
        let mixed = LabelledInfo::new(CHALLENGE_LABEL, &[&counter_bytes, entropy])
            .expand(self.door_key.as_bytes());
        let mut nonce = [0u8; NONCE_LEN];
        for (slot, byte) in nonce
            .iter_mut()
            .zip(counter_bytes.iter().chain(mixed.iter()))
        {
            *slot = *byte;
        }
        self.ble.counter = counter;
        self.ble.pending = Some(Pending {
            nonce,
            issued_at: match clock {
                Clock::Set(now) => Some(now),
                Clock::Unset => None,
            },
        });
        Ok(Challenge {
            nonce,
            door: self.config.door,
        })
    }

    /// The number of challenges issued so far (persisted).
    ///
    /// ```
    /// use doorcode::{keys::*, lock::*};
    /// let lock = DefaultLock::new(DoorKey::from_bytes(&[1; 32])?, LockConfig::new(DoorId::new(b"a")?))?;
    /// assert_eq!(lock.challenge_counter(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn challenge_counter(&self) -> u64 {
        self.ble.counter
    }

    /// Evaluate a presentation answering the outstanding challenge, at `clock`. The challenge
    /// is consumed whatever the outcome, so a nonce is never accepted twice. Returns what the
    /// phone may be told and the event to log; the event's reason is
    /// [`RejectReason::Credential`] for credential failures.
    ///
    /// Failed presentations do not count toward wrong-code throttling and a keypad lockout
    /// does not block them (SPEC.md 16.5: a 256-bit response cannot be guessed, and counting
    /// them would let anyone in radio range lock residents out of the keypad).
    ///
    /// ```
    /// use doorcode::{credential::CredentialReject, keys::*, lock::*};
    /// let mut lock = DefaultLock::new(DoorKey::from_bytes(&[1; 32])?, LockConfig::new(DoorId::new(b"a")?))?;
    /// let (answer, event) = lock.present(b"anything", Clock::Set(0));
    /// assert_eq!(answer, KeypadAnswer::Reject);
    /// assert_eq!(event.reason, Some(RejectReason::Credential(CredentialReject::NoChallenge)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn present(&mut self, presentation: &[u8], clock: Clock) -> (KeypadAnswer, Event) {
        let pending = self.ble.pending.take();
        let now = match self.trusted_now(clock) {
            Ok(now) => now,
            Err((at, reason)) => return reject(at, reason, None, None),
        };
        let refuse = |why| reject(Some(now), RejectReason::Credential(why), None, None);
        let Some(pending) = pending else {
            return refuse(CredentialReject::NoChallenge);
        };
        let fresh = pending.issued_at.is_some_and(|issued| {
            now >= issued && now <= issued.saturating_add(CHALLENGE_LIFETIME_SECONDS)
        });
        if !fresh {
            return refuse(CredentialReject::ChallengeExpired);
        }
        let context = VerifyContext {
            door_key: &self.door_key,
            door: &self.config.door,
            issuers: self.config.issuers(),
            nonce: &pending.nonce,
            now,
            zone: &self.config.zone,
            denied_credentials: self.config.denied_credentials(),
            denied_persons: self.config.denied_persons(),
        };
        let parsed = match parse_presentation(&context, presentation) {
            Ok(parsed) => parsed,
            Err(why) => return refuse(why),
        };
        let keys = self.ble.keys(
            &self.door_key,
            &self.config.door,
            parsed.header.issuer,
            parsed.header.epoch,
        );
        match verify_parsed(&context, &parsed, keys) {
            Ok(presented) => {
                self.trust(now);
                (
                    KeypadAnswer::Accept,
                    Event {
                        at: Some(now),
                        answer: KeypadAnswer::Accept,
                        reason: None,
                        matched: Some(Matched::Credential(presented)),
                        lockout_until: None,
                    },
                )
            }
            Err(why) => refuse(why),
        }
    }
}

/// Write the update's credential extension: present only when credentials are denied.
pub(crate) fn write_update_extension<const P: usize>(
    w: &mut Writer<'_>,
    config: &LockConfig<P>,
) -> Result<(), BufferTooSmall> {
    let denied = config.denied_credentials();
    if denied.is_empty() {
        return Ok(());
    }
    w.u8(CREDENTIAL_EXTENSION_TAG)?;
    write_denied(w, denied)
}

fn write_denied(w: &mut Writer<'_>, denied: &[CredentialId]) -> Result<(), BufferTooSmall> {
    w.u8(u8::try_from(denied.len()).unwrap_or(u8::MAX))?;
    for id in denied {
        w.put(id.as_bytes())?;
    }
    Ok(())
}

fn read_denied<const P: usize>(
    r: &mut Reader<'_>,
    config: &mut LockConfig<P>,
) -> Result<(), FormatError> {
    let count = usize::from(r.u8()?);
    if count > MAX_DENIED_CREDENTIALS {
        return Err(FormatError::OutOfRange);
    }
    for _ in 0..count {
        let id: [u8; ID_LEN] = r
            .take_slice(ID_LEN)?
            .try_into()
            .map_err(|_| FormatError::OutOfRange)?;
        config
            .deny_credential(CredentialId(id))
            .map_err(FormatError::Config)?;
    }
    Ok(())
}

/// Read the update's credential extension, if the payload continues.
pub(crate) fn read_update_extension<const P: usize>(
    r: &mut Reader<'_>,
    config: &mut LockConfig<P>,
) -> Result<(), FormatError> {
    if r.remaining() == 0 {
        return Ok(());
    }
    if r.u8()? != CREDENTIAL_EXTENSION_TAG {
        return Err(FormatError::TrailingBytes);
    }
    read_denied(r, config)?;
    if config.denied_credentials().is_empty() {
        // An empty extension has one encoding: absent.
        return Err(FormatError::NonCanonical);
    }
    Ok(())
}

/// Write the state's credential extension: present only when there is something to keep.
pub(crate) fn write_state_extension<const P: usize>(
    w: &mut Writer<'_>,
    config: &LockConfig<P>,
    ble: &BleState,
) -> Result<(), BufferTooSmall> {
    let denied = config.denied_credentials();
    if denied.is_empty() && ble.counter == 0 {
        return Ok(());
    }
    w.u8(CREDENTIAL_EXTENSION_TAG)?;
    w.u64(ble.counter)?;
    write_denied(w, denied)
}

/// Read the state's credential extension, if the payload continues.
pub(crate) fn read_state_extension<const P: usize>(
    r: &mut Reader<'_>,
    config: &mut LockConfig<P>,
) -> Result<BleState, FormatError> {
    if r.remaining() == 0 {
        return Ok(BleState::default());
    }
    if r.u8()? != CREDENTIAL_EXTENSION_TAG {
        return Err(FormatError::TrailingBytes);
    }
    let counter = r.u64()?;
    read_denied(r, config)?;
    if counter == 0 && config.denied_credentials().is_empty() {
        return Err(FormatError::NonCanonical);
    }
    Ok(BleState {
        counter,
        ..BleState::default()
    })
}
