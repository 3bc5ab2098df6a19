//! FF1 format-preserving encryption (NIST SP 800-38G), radix 10, over AES-128/192/256.
//!
//! PLACEHOLDER: the FF1 helper replaces this file with the full implementation.

/// Shortest numeral string accepted (SP 800-38G rev 1 requires radix^minlen >= 10^6).
pub const MIN_DIGITS: usize = 6;
/// Longest numeral string accepted: each Feistel half is at most 19 digits, so u128 suffices.
pub const MAX_DIGITS: usize = 38;

/// Why an FF1 operation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ff1Error {
    /// The AES key is not 16, 24 or 32 bytes long.
    InvalidKeyLength {
        /// Length that was given.
        got: usize,
    },
    /// The numeral string is shorter than [`MIN_DIGITS`] or longer than [`MAX_DIGITS`].
    InvalidLength {
        /// Length that was given.
        got: usize,
    },
    /// A numeral is not a decimal digit (0..=9).
    InvalidDigit {
        /// Index of the offending numeral.
        position: usize,
    },
    /// The output buffer is not the same length as the input.
    OutputLength,
    /// The tweak is longer than `u32::MAX` bytes.
    TweakTooLong,
}

/// An FF1 cipher keyed with AES (128/192/256 chosen by key length).
pub struct Ff1 {
    _private: (),
}

impl Ff1 {
    /// Key FF1 with an AES key of 16, 24 or 32 bytes.
    pub fn new(key: &[u8]) -> Result<Self, Ff1Error> {
        Err(Ff1Error::InvalidKeyLength { got: key.len() })
    }

    /// Encrypt `input` (digits 0..=9) under `tweak` into `output` (same length).
    pub fn encrypt(&self, tweak: &[u8], input: &[u8], output: &mut [u8]) -> Result<(), Ff1Error> {
        let _ = (tweak, output);
        Err(Ff1Error::InvalidLength { got: input.len() })
    }

    /// Decrypt `input` (digits 0..=9) under `tweak` into `output` (same length).
    pub fn decrypt(&self, tweak: &[u8], input: &[u8], output: &mut [u8]) -> Result<(), Ff1Error> {
        let _ = (tweak, output);
        Err(Ff1Error::InvalidLength { got: input.len() })
    }
}
