//! What a person types: parsing a keypad or web entry into a fixed-length digit string.
//!
//! Rules (SPEC.md, "Code entry"): ASCII digits count; ASCII spaces and hyphen-minus (`-`) are
//! separators people type ("123 4567", "123-4567") and are ignored wherever they appear; any
//! other character is refused; the input may be at most [`MAX_INPUT_LEN`] bytes; the number of
//! digits must equal the configured code length exactly.

use core::fmt;

/// Shortest code length.
pub const MIN_CODE_DIGITS: u8 = 6;
/// Longest code length.
pub const MAX_CODE_DIGITS: u8 = 12;
/// Longest input accepted, separators included, in bytes.
pub const MAX_INPUT_LEN: usize = 64;

/// A code length in digits, 6..=12.
///
/// ```
/// use doorcode::code::CodeLength;
/// assert_eq!(CodeLength::default(), CodeLength::SEVEN);
/// assert_eq!(CodeLength::new(9)?.get(), 9);
/// # Ok::<(), doorcode::code::CodeFormatError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodeLength(u8);

impl CodeLength {
    /// Seven digits, the default.
    pub const SEVEN: CodeLength = CodeLength(7);

    /// A length of 6..=12 digits.
    ///
    /// ```
    /// use doorcode::code::{CodeFormatError, CodeLength};
    /// assert!(CodeLength::new(6).is_ok() && CodeLength::new(12).is_ok());
    /// assert_eq!(CodeLength::new(5), Err(CodeFormatError::UnsupportedLength { digits: 5 }));
    /// assert_eq!(CodeLength::new(13), Err(CodeFormatError::UnsupportedLength { digits: 13 }));
    /// ```
    pub const fn new(digits: u8) -> Result<Self, CodeFormatError> {
        if digits < MIN_CODE_DIGITS || digits > MAX_CODE_DIGITS {
            return Err(CodeFormatError::UnsupportedLength { digits });
        }
        Ok(Self(digits))
    }

    /// Number of digits.
    ///
    /// ```
    /// # use doorcode::code::CodeLength;
    /// assert_eq!(CodeLength::SEVEN.get(), 7);
    /// assert_eq!(CodeLength::new(12)?.get(), 12);
    /// # Ok::<(), doorcode::code::CodeFormatError>(())
    /// ```
    pub const fn get(self) -> u8 {
        self.0
    }

    /// `10^digits`, the number of distinct codes.
    ///
    /// ```
    /// # use doorcode::code::CodeLength;
    /// assert_eq!(CodeLength::new(6)?.code_space(), 1_000_000);
    /// assert_eq!(CodeLength::new(12)?.code_space(), 1_000_000_000_000);
    /// # Ok::<(), doorcode::code::CodeFormatError>(())
    /// ```
    pub const fn code_space(self) -> u64 {
        10u64.pow(self.0 as u32)
    }
}

impl Default for CodeLength {
    fn default() -> Self {
        Self::SEVEN
    }
}

/// Why typed input is not a well-formed code.
///
/// ```
/// use doorcode::code::{CodeFormatError, CodeLength, Digits};
/// let seven = CodeLength::SEVEN;
/// assert_eq!(Digits::parse("12a4567", seven), Err(CodeFormatError::InvalidCharacter { position: 2 }));
/// assert_eq!(Digits::parse(" - ", seven), Err(CodeFormatError::Empty));
/// assert_eq!(
///     Digits::parse("123 456", seven),
///     Err(CodeFormatError::WrongLength { expected: 7, got: 6 })
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeFormatError {
    /// No digits at all.
    Empty,
    /// More than [`MAX_INPUT_LEN`] bytes.
    TooLong {
        /// Bytes given.
        len: usize,
    },
    /// A character that is neither a digit nor a separator, at this byte offset.
    InvalidCharacter {
        /// Byte offset in the input.
        position: usize,
    },
    /// The wrong number of digits.
    WrongLength {
        /// Digits required.
        expected: u8,
        /// Digits given.
        got: usize,
    },
    /// A code length outside 6..=12.
    UnsupportedLength {
        /// Length asked for.
        digits: u8,
    },
}

impl fmt::Display for CodeFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("no digits entered"),
            Self::TooLong { len } => {
                write!(f, "input is {len} bytes; at most {MAX_INPUT_LEN} accepted")
            }
            Self::InvalidCharacter { position } => {
                write!(
                    f,
                    "character at byte {position} is not a digit, space or '-'"
                )
            }
            Self::WrongLength { expected, got } => {
                write!(f, "{got} digits entered; codes have {expected}")
            }
            Self::UnsupportedLength { digits } => {
                write!(f, "code length {digits} is outside 6..=12")
            }
        }
    }
}

impl core::error::Error for CodeFormatError {}

/// A well-formed code: 6..=12 decimal digits (values 0..=9, not ASCII).
///
/// ```
/// use doorcode::code::{CodeLength, Digits};
/// let code = Digits::parse("012 3456", CodeLength::SEVEN)?;
/// assert_eq!(code.numerals(), &[0, 1, 2, 3, 4, 5, 6]);
/// assert_eq!(code.value(), 123_456);
/// // Debug output never shows the digits.
/// assert_eq!(format!("{code:?}"), "Digits(7 digits, [redacted])");
/// # Ok::<(), doorcode::code::CodeFormatError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Digits {
    digits: [u8; MAX_CODE_DIGITS as usize],
    len: CodeLength,
}

impl Digits {
    /// Parse typed input that must hold exactly `length` digits.
    ///
    /// ```
    /// use doorcode::code::{CodeLength, Digits};
    /// let code = Digits::parse("123-4567", CodeLength::SEVEN)?;
    /// assert_eq!(code.to_string(), "1234567");
    /// assert!(Digits::parse("123456", CodeLength::SEVEN).is_err());
    /// # Ok::<(), doorcode::code::CodeFormatError>(())
    /// ```
    pub fn parse(input: &str, length: CodeLength) -> Result<Self, CodeFormatError> {
        let bytes = input.as_bytes();
        if bytes.len() > MAX_INPUT_LEN {
            return Err(CodeFormatError::TooLong { len: bytes.len() });
        }
        let mut digits = [0u8; MAX_CODE_DIGITS as usize];
        let mut count = 0usize;
        for (position, &byte) in bytes.iter().enumerate() {
            match byte {
                b'0'..=b'9' => {
                    if let Some(slot) = digits.get_mut(count) {
                        *slot = byte.wrapping_sub(b'0');
                    }
                    count = count.saturating_add(1);
                }
                b' ' | b'-' => {}
                _ => return Err(CodeFormatError::InvalidCharacter { position }),
            }
        }
        if count == 0 {
            return Err(CodeFormatError::Empty);
        }
        if count != usize::from(length.get()) {
            return Err(CodeFormatError::WrongLength {
                expected: length.get(),
                got: count,
            });
        }
        Ok(Self {
            digits,
            len: length,
        })
    }

    /// The digits of `value`, left-padded with zeros to `length`; `None` if it does not fit.
    ///
    /// ```
    /// # use doorcode::code::{CodeLength, Digits};
    /// let code = Digits::from_value(42, CodeLength::SEVEN).ok_or("too big")?;
    /// assert_eq!(code.to_string(), "0000042");
    /// assert!(Digits::from_value(9_999_999, CodeLength::SEVEN).is_some());
    /// assert!(Digits::from_value(10_000_000, CodeLength::SEVEN).is_none());
    /// # Ok::<(), &str>(())
    /// ```
    pub fn from_value(value: u64, length: CodeLength) -> Option<Self> {
        if value >= length.code_space() {
            return None;
        }
        let mut digits = [0u8; MAX_CODE_DIGITS as usize];
        let mut rest = value;
        for slot in digits
            .get_mut(..usize::from(length.get()))?
            .iter_mut()
            .rev()
        {
            *slot = u8::try_from(rest % 10).ok()?;
            rest /= 10;
        }
        Some(Self {
            digits,
            len: length,
        })
    }

    /// The low `length` decimal digits of `value`, i.e. `value mod 10^length` left-padded with
    /// zeros (infallible, for reduced PRF outputs).
    pub(crate) fn low_digits(value: u64, length: CodeLength) -> Self {
        let mut digits = [0u8; MAX_CODE_DIGITS as usize];
        let mut rest = value;
        for slot in digits.iter_mut().take(usize::from(length.get())).rev() {
            *slot = u8::try_from(rest % 10).unwrap_or(0);
            rest /= 10;
        }
        Self {
            digits,
            len: length,
        }
    }

    /// Build from numerals 0..=9 (as FF1 produces them).
    pub(crate) fn from_numerals(numerals: &[u8]) -> Option<Self> {
        let len = CodeLength::new(u8::try_from(numerals.len()).ok()?).ok()?;
        let mut digits = [0u8; MAX_CODE_DIGITS as usize];
        digits.get_mut(..numerals.len())?.copy_from_slice(numerals);
        numerals
            .iter()
            .all(|&d| d <= 9)
            .then_some(Self { digits, len })
    }

    /// The numerals (values 0..=9).
    ///
    /// ```
    /// # use doorcode::code::{CodeLength, Digits};
    /// let code = Digits::parse("907-1234", CodeLength::SEVEN)?;
    /// assert_eq!(code.numerals(), &[9, 0, 7, 1, 2, 3, 4]);
    /// # Ok::<(), doorcode::code::CodeFormatError>(())
    /// ```
    pub fn numerals(&self) -> &[u8] {
        self.digits
            .get(..usize::from(self.len.get()))
            .unwrap_or(&[])
    }

    /// The code's length.
    ///
    /// ```
    /// # use doorcode::code::{CodeLength, Digits};
    /// let code = Digits::parse("12345678", CodeLength::new(8)?)?;
    /// assert_eq!(code.length().get(), 8);
    /// # Ok::<(), doorcode::code::CodeFormatError>(())
    /// ```
    pub fn length(&self) -> CodeLength {
        self.len
    }

    /// The code read as a decimal number.
    ///
    /// ```
    /// # use doorcode::code::{CodeLength, Digits};
    /// assert_eq!(Digits::parse("0000042", CodeLength::SEVEN)?.value(), 42);
    /// assert_eq!(Digits::parse("987654321012", CodeLength::new(12)?)?.value(), 987_654_321_012);
    /// # Ok::<(), doorcode::code::CodeFormatError>(())
    /// ```
    pub fn value(&self) -> u64 {
        self.numerals().iter().fold(0u64, |acc, &d| {
            acc.wrapping_mul(10).wrapping_add(u64::from(d))
        })
    }

    /// The code as ASCII digits, written into `out`.
    ///
    /// ```
    /// # use doorcode::code::{CodeLength, Digits, MAX_CODE_DIGITS};
    /// let code = Digits::from_value(7, CodeLength::new(6)?).ok_or(doorcode::code::CodeFormatError::Empty)?;
    /// let mut buf = [0u8; MAX_CODE_DIGITS as usize];
    /// assert_eq!(code.as_ascii(&mut buf), "000007");
    /// # Ok::<(), doorcode::code::CodeFormatError>(())
    /// ```
    pub fn as_ascii<'o>(&self, out: &'o mut [u8; MAX_CODE_DIGITS as usize]) -> &'o str {
        let len = usize::from(self.len.get());
        for (slot, digit) in out.iter_mut().zip(self.numerals()) {
            *slot = digit.wrapping_add(b'0');
        }
        core::str::from_utf8(out.get(..len).unwrap_or(&[])).unwrap_or("")
    }
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; MAX_CODE_DIGITS as usize];
        f.write_str(self.as_ascii(&mut buf))
    }
}

impl fmt::Debug for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A code opens a door: keep it out of logs that print debug output.
        write!(f, "Digits({} digits, [redacted])", self.len.get())
    }
}
