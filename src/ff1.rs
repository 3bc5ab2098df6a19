//! FF1 format-preserving encryption (NIST SP 800-38G rev 1), radix 10, over AES-128/192/256.
//!
//! Numeral strings are byte slices whose values are the decimal digits `0..=9` (not ASCII).
//! Their length must be in [`MIN_DIGITS`]`..=`[`MAX_DIGITS`], so each Feistel half has at
//! most 19 digits and fits a `u64`; all arithmetic is fixed-width (no bignum, no float, no
//! allocation).
//!
//! # Implementation notes
//!
//! * The PRF is AES-CBC-MAC with a zero IV over `P || Q` (SP 800-38G Algorithm 6). It is streamed
//!   through a single 16-byte state, so tweaks of any length up to `u32::MAX` bytes work without
//!   allocation.
//! * `Q = T || 0^((-t-b-1) mod 16) || [i] || NUM(B)` is a whole number of blocks, and the
//!   round-dependent bytes (`[i] || NUM(B)`, at most 9 bytes) always sit in its *last* block. The
//!   CBC-MAC state after `P` and every earlier block of `Q`, XORed with the tweak bytes of the last
//!   block, is therefore computed once per call; each of the ten rounds costs exactly one AES block.
//! * `NUM(A)` and `NUM(B)` stay integers (`u64`) across the rounds; digits are converted only on
//!   the way in and out.
//! * All ten rounds run inside a single `encrypt_with_backend` call, so the AES-NI / ARMv8
//!   runtime dispatch of the `aes` crate happens once per call instead of once per block.
//!
//! # Constant-time choices
//!
//! Branches depend only on public values (lengths, tweak length, digit validity). Secret-dependent
//! arithmetic avoids branches and variable-time instructions:
//!
//! * `y mod 10^m` uses Barrett reduction with a precomputed reciprocal and one mask-based
//!   conditional subtraction. For `d = 8` (`v <= 9`, the common short-code case) `y < 2^64` and
//!   `mu = floor(2^64 / 10^m)`: one 64x64->128 multiplication and one 64-bit multiplication. For
//!   `d = 12` `y < 2^96` and `mu = floor(2^96 / 10^m)`: four 64x64->128 multiplications and one
//!   multiplication by `10^m`. A plain `u128 % u128` was not used: it compiles to a call to
//!   `__umodti3`, whose running time depends on the operands (it branches on operand sizes and
//!   uses the variable-latency `div` instruction on x86-64; on 32-bit targets it is a
//!   shift-subtract loop). Measured on the x86-64 (AES-NI) development machine, both forms ran at
//!   the same speed within noise for 7-, 12- and 38-digit inputs, so the constant-time form costs
//!   nothing there.
//! * `(a + y) mod 10^m` and `(b - y) mod 10^m` are one addition/subtraction plus one
//!   mask-selected correction.
//! * Digits are produced from integers by restoring binary division (for each position, four
//!   masked subtractions of `8, 4, 2, 1 x 10^k`) instead of `/ 10`, which is a library call on
//!   32-bit targets.
//!
//! The AES key schedule lives in the `aes` crate's types, which zeroize themselves on drop
//! (`zeroize` feature); the per-call CBC-MAC state is wiped before returning.

use core::fmt;

use aes::cipher::{
    BlockCipherEncBackend, BlockCipherEncClosure, BlockCipherEncrypt, BlockSizeUser, KeyInit,
    consts::U16,
};
use aes::{Aes128Enc, Aes192Enc, Aes256Enc};
use zeroize::Zeroize;

/// Shortest numeral string accepted (SP 800-38G rev 1 requires radix^minlen >= 10^6).
pub const MIN_DIGITS: usize = 6;
/// Longest numeral string accepted: each Feistel half is at most 19 digits, so u128 suffices.
pub const MAX_DIGITS: usize = 38;

/// Why an FF1 operation was refused.
///
/// ```
/// use doorcode::ff1::{Ff1, Ff1Error};
/// assert_eq!(Ff1::new(&[0; 15]).err(), Some(Ff1Error::InvalidKeyLength { got: 15 }));
/// let ff1 = Ff1::new(&[0; 16])?;
/// let mut out = [0u8; 6];
/// assert_eq!(ff1.encrypt(b"", &[1, 2, 3, 4, 5], &mut out[..5]), Err(Ff1Error::InvalidLength { got: 5 }));
/// assert_eq!(ff1.encrypt(b"", &[1, 2, 3, 4, 5, 6], &mut out[..5]), Err(Ff1Error::OutputLength));
/// assert_eq!(ff1.encrypt(b"", &[1, 2, 10, 4, 5, 6], &mut out), Err(Ff1Error::InvalidDigit { position: 2 }));
/// # Ok::<(), Ff1Error>(())
/// ```
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

impl fmt::Display for Ff1Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidKeyLength { got } => {
                write!(f, "FF1 key must be 16, 24 or 32 bytes, got {got}")
            }
            Self::InvalidLength { got } => write!(
                f,
                "FF1 numeral string must have {MIN_DIGITS}..={MAX_DIGITS} digits, got {got}"
            ),
            Self::InvalidDigit { position } => {
                write!(
                    f,
                    "FF1 numeral at position {position} is not a decimal digit"
                )
            }
            Self::OutputLength => f.write_str("FF1 output buffer length differs from input"),
            Self::TweakTooLong => f.write_str("FF1 tweak is longer than u32::MAX bytes"),
        }
    }
}

impl core::error::Error for Ff1Error {}

/// Number of 16-byte AES blocks.
const BLOCK: usize = 16;
/// Longest Feistel half, in digits.
const MAX_HALF: usize = MAX_DIGITS / 2;

/// `10^k`, or 0 if it does not fit a `u64` (never the case for `k <= 19`).
const fn pow10(k: u32) -> u64 {
    match 10u64.checked_pow(k) {
        Some(p) => p,
        None => 0,
    }
}

/// `10^k` as `u128`, or 0 if it does not fit (never the case for `k <= 38`).
const fn pow10_u128(k: u32) -> u128 {
    match 10u128.checked_pow(k) {
        Some(p) => p,
        None => 0,
    }
}

/// `b` of SP 800-38G: `ceil(ceil(v * log2(10)) / 8)`, computed exactly as the smallest `b`
/// with `256^b >= 10^v`.
const fn num_bytes(v: u32) -> usize {
    let target = pow10_u128(v);
    let mut b: u32 = 0;
    loop {
        match 256u128.checked_pow(b) {
            Some(cap) if cap < target => {}
            _ => break,
        }
        b = match b.checked_add(1) {
            Some(x) => x,
            None => break,
        };
    }
    b as usize
}

/// Per-half-length constants.
#[derive(Clone, Copy)]
struct Half {
    /// `10^m`.
    modulus: u64,
    /// Barrett constant `floor(2^96 / 10^m)`, for `y < 2^96` (`d = 12`).
    mu: u128,
    /// Barrett constant `floor(2^64 / 10^m)`, for `y < 2^64` (`d = 8`).
    mu64: u64,
}

const fn half(m: u32) -> Half {
    let modulus = pow10(m);
    let mu = match (1u128 << 96).checked_div(modulus as u128) {
        Some(x) => x,
        None => 0,
    };
    // floor(2^64 / p) == floor((2^64 - 1) / p) because p = 10^m (m >= 1) does not divide 2^64;
    // m = 0 is never used.
    let mu64 = match u64::MAX.checked_div(modulus) {
        Some(x) => x,
        None => 0,
    };
    Half { modulus, mu, mu64 }
}

/// [`Half`] constants for `m` in `0..=19`.
const HALVES: [Half; MAX_HALF + 1] = [
    half(0),
    half(1),
    half(2),
    half(3),
    half(4),
    half(5),
    half(6),
    half(7),
    half(8),
    half(9),
    half(10),
    half(11),
    half(12),
    half(13),
    half(14),
    half(15),
    half(16),
    half(17),
    half(18),
    half(19),
];

/// `b` for `v` in `0..=19`.
const NUM_BYTES: [usize; MAX_HALF + 1] = [
    num_bytes(0),
    num_bytes(1),
    num_bytes(2),
    num_bytes(3),
    num_bytes(4),
    num_bytes(5),
    num_bytes(6),
    num_bytes(7),
    num_bytes(8),
    num_bytes(9),
    num_bytes(10),
    num_bytes(11),
    num_bytes(12),
    num_bytes(13),
    num_bytes(14),
    num_bytes(15),
    num_bytes(16),
    num_bytes(17),
    num_bytes(18),
    num_bytes(19),
];

/// Descending powers of ten, `10^18, 10^17, ..., 10^0`.
const POW10_DESC: [u64; MAX_HALF] = [
    pow10(18),
    pow10(17),
    pow10(16),
    pow10(15),
    pow10(14),
    pow10(13),
    pow10(12),
    pow10(11),
    pow10(10),
    pow10(9),
    pow10(8),
    pow10(7),
    pow10(6),
    pow10(5),
    pow10(4),
    pow10(3),
    pow10(2),
    pow10(1),
    pow10(0),
];

/// All-ones if `flag`, else zero.
#[inline(always)]
fn mask64(flag: bool) -> u64 {
    u64::from(flag).wrapping_neg()
}

/// Splits `x` into `(high, low)` 64-bit halves.
#[inline(always)]
fn split(x: u128) -> (u64, u64) {
    let [
        l0,
        l1,
        l2,
        l3,
        l4,
        l5,
        l6,
        l7,
        h0,
        h1,
        h2,
        h3,
        h4,
        h5,
        h6,
        h7,
    ] = x.to_le_bytes();
    (
        u64::from_le_bytes([h0, h1, h2, h3, h4, h5, h6, h7]),
        u64::from_le_bytes([l0, l1, l2, l3, l4, l5, l6, l7]),
    )
}

/// `x mod 10^m` for `x < 2^96`, without data-dependent branches or division.
///
/// Barrett: `q = floor(x * mu / 2^96)` with `mu = floor(2^96 / p)` satisfies
/// `q <= x / p` and `x / p - q < 1 + x / 2^96 < 2`, so `x - q * p` lies in `[0, 2p)` and one
/// conditional subtraction finishes the job.
#[inline(always)]
fn reduce(x: u128, h: Half) -> u64 {
    let (x1, x0) = split(x); // x1 < 2^32
    let (mu1, mu0) = split(h.mu); // mu < 2^87, so mu1 < 2^23
    let mul = |a: u64, b: u64| u128::from(a).wrapping_mul(u128::from(b));
    // x * mu = p11 * 2^128 + (p01 + p10) * 2^64 + p00; no sum below can overflow:
    // p00 >> 64 < 2^64, p01 < 2^87, p10 < 2^96, p11 < 2^55.
    let t = (mul(x0, mu0) >> 64)
        .wrapping_add(mul(x0, mu1))
        .wrapping_add(mul(x1, mu0));
    let q = (mul(x1, mu1) << 32).wrapping_add(t >> 32);
    // q * p <= x, so the wrapping ops below are exact; r < 2p < 2^65.
    let p = u128::from(h.modulus);
    let r = x.wrapping_sub(q.wrapping_mul(p));
    let (d, borrow) = r.overflowing_sub(p);
    let keep = u128::from(borrow).wrapping_neg();
    let (_, res) = split((r & keep) | (d & !keep));
    res
}

/// `x mod 10^m` for `x < 2^64`, without data-dependent branches or division.
///
/// Barrett as in [`reduce`], with `mu = floor(2^64 / p)`: `x - q * p` lies in `[0, 2p)`.
/// Only used for `m <= 9` (`d = 8`), where it has a much shorter dependency chain.
#[inline(always)]
fn reduce64(x: u64, h: Half) -> u64 {
    let (q, _) = split(u128::from(x).wrapping_mul(u128::from(h.mu64)));
    let r = x.wrapping_sub(q.wrapping_mul(h.modulus)); // exact: q * p <= x
    let (d, borrow) = r.overflowing_sub(h.modulus); // r < 2p < 2^64
    let keep = mask64(borrow);
    (r & keep) | (d & !keep)
}

/// `(a + y) mod p` for `a, y < p <= 10^19`.
#[inline(always)]
fn add_mod(a: u64, y: u64, p: u64) -> u64 {
    let (s, carry) = a.overflowing_add(y);
    let (d, borrow) = s.overflowing_sub(p);
    // The true sum s + carry*2^64 is below p only if there was no carry and s < p.
    let keep = mask64(!carry & borrow);
    (s & keep) | (d & !keep)
}

/// `(a - y) mod p` for `a, y < p`.
#[inline(always)]
fn sub_mod(a: u64, y: u64, p: u64) -> u64 {
    let (d, borrow) = a.overflowing_sub(y);
    d.wrapping_add(p & mask64(borrow))
}

/// `NUM_10(digits)`, checking every digit; `offset` is added to reported positions.
/// `digits.len() <= 19`, so the result fits a `u64`.
#[inline]
fn parse_digits(digits: &[u8], offset: usize) -> Result<u64, Ff1Error> {
    let mut acc: u64 = 0;
    for (i, &d) in digits.iter().enumerate() {
        if d > 9 {
            return Err(Ff1Error::InvalidDigit {
                position: offset.wrapping_add(i),
            });
        }
        acc = acc.wrapping_mul(10).wrapping_add(u64::from(d));
    }
    Ok(acc)
}

/// `STR^m_10(x)` into `out` (`m = out.len() <= 19`, `x < 10^m`) by restoring binary division.
#[inline]
fn write_digits(mut x: u64, out: &mut [u8]) {
    let start = POW10_DESC.len().saturating_sub(out.len());
    let pows = POW10_DESC.get(start..).unwrap_or(&[]);
    for (o, &p) in out.iter_mut().zip(pows) {
        let mut digit: u8 = 0;
        for (bit, mult) in [(8u8, 8u64), (4, 4), (2, 2), (1, 1)] {
            // mult * p <= 8 * 10^18 < 2^63: no overflow.
            let (d, borrow) = x.overflowing_sub(p.wrapping_mul(mult));
            // `black_box` hides that `take` is a 0 / all-ones mask. Without it LLVM turned the
            // select below into a branch on the digit (benches/ct.rs, FF1 fixed vs random input).
            let take = core::hint::black_box(mask64(!borrow));
            x = (d & take) | (x & !take);
            digit |= bit & u8::from(!borrow).wrapping_neg();
        }
        *o = digit;
    }
}

/// One FF1 operation on integer halves, run inside an AES backend.
struct Job<'a> {
    tweak: &'a [u8],
    /// The block `P`.
    p: [u8; BLOCK],
    /// `b`: bytes of `NUM(B)` in `Q`.
    b: usize,
    /// `d = 12` (else `d = 8`): `S` is the first `d` bytes of `R`.
    wide: bool,
    /// Constants for `m = u` and `m = v`.
    hu: Half,
    hv: Half,
    /// `NUM(A)`, `NUM(B)`: inputs, replaced by the outputs.
    a: u64,
    bb: u64,
    decrypt: bool,
}

impl Job<'_> {
    #[inline(always)]
    fn run<const WIDE: bool>(&mut self, enc: impl Fn(&mut aes::Block)) {
        // The CBC-MAC state is kept as a big-endian u128; `blk` is the cipher's buffer. It is
        // reused for every block, and holds R of the last round until it is wiped below.
        let mut blk = aes::Block::default();
        // CBC-MAC (zero IV) over P, then every block of Q except the last.
        let mut state = cbc_step(&enc, &mut blk, u128::from_be_bytes(self.p));
        let (blocks, rem) = self.tweak.as_chunks::<BLOCK>();
        for chunk in blocks {
            state = cbc_step(&enc, &mut blk, state ^ u128::from_be_bytes(*chunk));
        }
        // Remaining r = t mod 16 tweak bytes, followed by the zero padding. With
        // pad = (-t-b-1) mod 16, they fill one more whole block iff r > 15 - b; otherwise they
        // are the start of Q's last block, which ends with [i] || NUM(B).
        let mut tail = [0u8; BLOCK];
        for (d, t) in tail.iter_mut().zip(rem) {
            *d = *t;
        }
        state ^= u128::from_be_bytes(tail);
        if rem.len().wrapping_add(self.b) > BLOCK.wrapping_sub(1) {
            state = cbc_step(&enc, &mut blk, state);
        }
        let mut base = state;
        state.zeroize();

        let i_shift = u32::try_from(self.b.wrapping_mul(8)).unwrap_or(0);
        let (mut a, mut b) = (self.a, self.bb);
        if self.decrypt {
            for i in (0..10u8).rev() {
                let h = if i % 2 == 0 { self.hu } else { self.hv };
                let y = prf::<WIDE>(&enc, &mut blk, base, i, i_shift, a, h);
                let c = sub_mod(b, y, h.modulus);
                b = a;
                a = c;
            }
        } else {
            for i in 0..10u8 {
                let h = if i % 2 == 0 { self.hu } else { self.hv };
                let y = prf::<WIDE>(&enc, &mut blk, base, i, i_shift, b, h);
                let c = add_mod(a, y, h.modulus);
                a = b;
                b = c;
            }
        }
        self.a = a;
        self.bb = b;
        base.zeroize();
        blk.as_mut_slice().zeroize();
    }
}

/// One CBC-MAC step: `CIPH(block)`, with blocks as big-endian `u128`.
#[inline(always)]
fn cbc_step(enc: &impl Fn(&mut aes::Block), blk: &mut aes::Block, block: u128) -> u128 {
    *blk = aes::Block::from(block.to_be_bytes());
    enc(blk);
    u128::from_be_bytes((*blk).into())
}

/// One round's `y mod 10^m`, where `y = NUM(S)` and `S` is the first `d` bytes of
/// `R = CIPH(base ^ ([i] || NUM as b bytes))`; `base` is the CBC-MAC state XORed with the
/// round-independent bytes of Q's last block. `WIDE` selects `d = 12` (else `d = 8`).
#[inline(always)]
fn prf<const WIDE: bool>(
    enc: &impl Fn(&mut aes::Block),
    blk: &mut aes::Block,
    base: u128,
    i: u8,
    i_shift: u32,
    num: u64,
    h: Half,
) -> u64 {
    let r = cbc_step(
        enc,
        blk,
        base ^ u128::from(i).wrapping_shl(i_shift) ^ u128::from(num),
    );
    if WIDE {
        reduce(r >> 32, h)
    } else {
        let (y, _) = split(r);
        reduce64(y, h)
    }
}

/// Adapter that runs a [`Job`] with the cipher's own backend (one runtime dispatch per call).
struct WithBackend<'a, 'b>(&'a mut Job<'b>);

impl BlockSizeUser for WithBackend<'_, '_> {
    type BlockSize = U16;
}

impl BlockCipherEncClosure for WithBackend<'_, '_> {
    #[inline(always)]
    fn call<B: BlockCipherEncBackend<BlockSize = U16>>(self, backend: &B) {
        let enc = |blk: &mut aes::Block| backend.encrypt_block_inplace(blk);
        if self.0.wide {
            self.0.run::<true>(enc);
        } else {
            self.0.run::<false>(enc);
        }
    }
}

enum Cipher {
    Aes128(Aes128Enc),
    Aes192(Aes192Enc),
    Aes256(Aes256Enc),
}

/// An FF1 cipher for radix 10, keyed with AES (128/192/256 chosen by key length).
///
/// The expanded key is wiped when the value is dropped; `Debug` prints no key material.
///
/// # Example
///
/// ```
/// use doorcode::ff1::Ff1;
///
/// let ff1 = Ff1::new(&[0x2b; 32])?;
/// let plain = [0, 1, 2, 3, 4, 5, 6];
/// let mut cipher = [0u8; 7];
/// ff1.encrypt(b"lock-42", &plain, &mut cipher)?;
/// assert!(cipher.iter().all(|&d| d <= 9));
///
/// let mut back = [0u8; 7];
/// ff1.decrypt(b"lock-42", &cipher, &mut back)?;
/// assert_eq!(back, plain);
/// # Ok::<(), doorcode::ff1::Ff1Error>(())
/// ```
///
/// `Ff1` is deliberately neither `Clone` nor `Copy`, so the key schedule is never duplicated
/// implicitly:
///
/// ```compile_fail
/// let ff1 = doorcode::ff1::Ff1::new(&[0; 16]).unwrap();
/// let copy = ff1.clone();
/// ```
pub struct Ff1 {
    cipher: Cipher,
}

impl fmt::Debug for Ff1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ff1").finish_non_exhaustive()
    }
}

// Every variant of `Cipher` holds an `aes` key schedule that zeroizes itself on drop.
impl zeroize::ZeroizeOnDrop for Ff1 {}

impl Ff1 {
    /// Keys FF1 with an AES key of 16, 24 or 32 bytes (AES-128, AES-192 or AES-256).
    ///
    /// # Errors
    ///
    /// [`Ff1Error::InvalidKeyLength`] for any other key length.
    ///
    /// ```
    /// # // NIST SP 800-38G FF1 samples: key 2B7E1516 28AED2A6 ABF71588 09CF4F3C.
    /// # let key = [0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c];
    /// // NIST SP 800-38G sample 1 (AES-128, empty tweak).
    /// let ff1 = doorcode::ff1::Ff1::new(&key)?;
    /// let mut out = [0u8; 10];
    /// ff1.encrypt(b"", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], &mut out)?;
    /// assert_eq!(out, [2, 4, 3, 3, 4, 7, 7, 4, 8, 4]);
    /// assert!(doorcode::ff1::Ff1::new(&[0; 20]).is_err());
    /// # Ok::<(), doorcode::ff1::Ff1Error>(())
    /// ```
    pub fn new(key: &[u8]) -> Result<Self, Ff1Error> {
        let bad = |_| Ff1Error::InvalidKeyLength { got: key.len() };
        let cipher = match key.len() {
            16 => Cipher::Aes128(Aes128Enc::new_from_slice(key).map_err(bad)?),
            24 => Cipher::Aes192(Aes192Enc::new_from_slice(key).map_err(bad)?),
            32 => Cipher::Aes256(Aes256Enc::new_from_slice(key).map_err(bad)?),
            got => return Err(Ff1Error::InvalidKeyLength { got }),
        };
        Ok(Self { cipher })
    }

    /// Encrypts the numeral string `input` (values `0..=9`) under `tweak` into `output`.
    ///
    /// # Errors
    ///
    /// Checked in this order, before `output` is touched (it is left unchanged on error):
    /// [`Ff1Error::InvalidLength`] if `input.len()` is outside
    /// [`MIN_DIGITS`]`..=`[`MAX_DIGITS`], [`Ff1Error::OutputLength`] if
    /// `output.len() != input.len()`, [`Ff1Error::TweakTooLong`] if the tweak exceeds
    /// `u32::MAX` bytes, [`Ff1Error::InvalidDigit`] for the first numeral above 9.
    ///
    /// ```
    /// # // NIST SP 800-38G FF1 samples: key 2B7E1516 28AED2A6 ABF71588 09CF4F3C.
    /// # let key = [0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c];
    /// // NIST SP 800-38G sample 2 (AES-128, tweak "9876543210" in ASCII).
    /// let ff1 = doorcode::ff1::Ff1::new(&key)?;
    /// let mut out = [0u8; 10];
    /// ff1.encrypt(b"9876543210", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], &mut out)?;
    /// assert_eq!(out, [6, 1, 2, 4, 2, 0, 0, 7, 7, 3]);
    /// # Ok::<(), doorcode::ff1::Ff1Error>(())
    /// ```
    pub fn encrypt(&self, tweak: &[u8], input: &[u8], output: &mut [u8]) -> Result<(), Ff1Error> {
        self.crypt(tweak, input, output, false)
    }

    /// Decrypts the numeral string `input` (values `0..=9`) under `tweak` into `output`.
    ///
    /// # Errors
    ///
    /// As for [`Ff1::encrypt`].
    ///
    /// ```
    /// # // NIST SP 800-38G FF1 samples 7-9: the AES-256 key 2B7E1516 ... 04FC6A94.
    /// # let key = [
    /// #     0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
    /// #     0xef, 0x43, 0x59, 0xd8, 0xd5, 0x80, 0xaa, 0x4f, 0x7f, 0x03, 0x6d, 0x6f, 0x04, 0xfc, 0x6a, 0x94,
    /// # ];
    /// // NIST SP 800-38G sample 7 (AES-256, empty tweak), decrypted.
    /// let ff1 = doorcode::ff1::Ff1::new(&key)?;
    /// let mut out = [0u8; 10];
    /// ff1.decrypt(b"", &[6, 6, 5, 7, 6, 6, 7, 0, 0, 9], &mut out)?;
    /// assert_eq!(out, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    /// # Ok::<(), doorcode::ff1::Ff1Error>(())
    /// ```
    pub fn decrypt(&self, tweak: &[u8], input: &[u8], output: &mut [u8]) -> Result<(), Ff1Error> {
        self.crypt(tweak, input, output, true)
    }

    /// Encrypts the `digits`-digit decimal numeral string whose value is `value` (leading zeros
    /// included), returning the value of the ciphertext numeral string.
    ///
    /// Equivalent to [`Ff1::encrypt`] on the `digits` decimal digits of `value`.
    ///
    /// # Errors
    ///
    /// [`Ff1Error::InvalidLength`] if `digits` is outside [`MIN_DIGITS`]`..=`[`MAX_DIGITS`],
    /// [`Ff1Error::InvalidDigit`] with `position: 0` if `value >= 10^digits` (its leading numeral
    /// would not be a decimal digit), [`Ff1Error::TweakTooLong`] as for [`Ff1::encrypt`].
    ///
    /// ```
    /// # // NIST SP 800-38G FF1 samples: key 2B7E1516 28AED2A6 ABF71588 09CF4F3C.
    /// # let key = [0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c];
    /// // NIST SP 800-38G sample 1: the 10-digit string 0123456789 has the value 123_456_789.
    /// let ff1 = doorcode::ff1::Ff1::new(&key)?;
    /// assert_eq!(ff1.encrypt_u128(b"", 10, 123_456_789)?, 2_433_477_484);
    /// assert_eq!(ff1.encrypt_u128(b"", 10, 10_000_000_000), Err(doorcode::ff1::Ff1Error::InvalidDigit { position: 0 }));
    /// # Ok::<(), doorcode::ff1::Ff1Error>(())
    /// ```
    pub fn encrypt_u128(&self, tweak: &[u8], digits: usize, value: u128) -> Result<u128, Ff1Error> {
        self.crypt_u128(tweak, digits, value, false)
    }

    /// Decrypts the `digits`-digit decimal numeral string whose value is `value`, returning the
    /// value of the plaintext numeral string. Inverse of [`Ff1::encrypt_u128`].
    ///
    /// # Errors
    ///
    /// As for [`Ff1::encrypt_u128`].
    ///
    /// ```
    /// # // NIST SP 800-38G FF1 samples: key 2B7E1516 28AED2A6 ABF71588 09CF4F3C.
    /// # let key = [0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c];
    /// // NIST SP 800-38G sample 2, decrypted (its ciphertext 6124200773).
    /// let ff1 = doorcode::ff1::Ff1::new(&key)?;
    /// assert_eq!(ff1.decrypt_u128(b"9876543210", 10, 6_124_200_773)?, 123_456_789);
    /// # Ok::<(), doorcode::ff1::Ff1Error>(())
    /// ```
    pub fn decrypt_u128(&self, tweak: &[u8], digits: usize, value: u128) -> Result<u128, Ff1Error> {
        self.crypt_u128(tweak, digits, value, true)
    }

    fn crypt_u128(
        &self,
        tweak: &[u8],
        digits: usize,
        value: u128,
        decrypt: bool,
    ) -> Result<u128, Ff1Error> {
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
            return Err(Ff1Error::InvalidLength { got: digits });
        }
        // digits <= 38, so 10^digits fits a u128.
        let limit = pow10_u128(u32::try_from(digits).unwrap_or(u32::MAX));
        if value >= limit {
            return Err(Ff1Error::InvalidDigit { position: 0 });
        }
        // Write all 38 digits of `value` (the leading ones are zero since value < 10^digits)
        // without division: the top 19 digits by masked subtractions of {8,4,2,1} * 10^(19+k),
        // then the low 19 digits (value now < 10^19) as in the slice API.
        let mut input = [0u8; MAX_DIGITS];
        let mut output = [0u8; MAX_DIGITS];
        let result = (|| {
            let (hi_digits, lo_digits) = input
                .split_at_mut_checked(MAX_HALF)
                .ok_or(Ff1Error::InvalidLength { got: digits })?;
            let mut rest = value;
            for (o, k) in hi_digits.iter_mut().zip((0..19u32).rev()) {
                let p = pow10_u128(k.wrapping_add(19));
                let mut digit: u8 = 0;
                for (bit, mult) in [(8u8, 8u128), (4, 4), (2, 2), (1, 1)] {
                    // mult * p <= 8 * 10^37 < 2^127: no overflow.
                    let (d, borrow) = rest.overflowing_sub(p.wrapping_mul(mult));
                    let take = u128::from(!borrow).wrapping_neg();
                    rest = (d & take) | (rest & !take);
                    digit |= bit & u8::from(!borrow).wrapping_neg();
                }
                *o = digit;
            }
            let (_, lo) = split(rest); // rest < 10^19 < 2^64
            write_digits(lo, lo_digits);
            let inp = input
                .get(MAX_DIGITS.wrapping_sub(digits)..)
                .ok_or(Ff1Error::InvalidLength { got: digits })?;
            let out = output
                .get_mut(..digits)
                .ok_or(Ff1Error::InvalidLength { got: digits })?;
            self.crypt(tweak, inp, out, decrypt)?;
            let mut acc: u128 = 0;
            for &d in out.iter() {
                acc = acc.wrapping_mul(10).wrapping_add(u128::from(d));
            }
            Ok(acc)
        })();
        input.zeroize();
        output.zeroize();
        result
    }

    fn crypt(
        &self,
        tweak: &[u8],
        input: &[u8],
        output: &mut [u8],
        decrypt: bool,
    ) -> Result<(), Ff1Error> {
        match &self.cipher {
            Cipher::Aes128(c) => crypt_with(c, tweak, input, output, decrypt),
            Cipher::Aes192(c) => crypt_with(c, tweak, input, output, decrypt),
            Cipher::Aes256(c) => crypt_with(c, tweak, input, output, decrypt),
        }
    }
}

/// FF1 over AES-256 only: what the code modules use. Same algorithm and results as [`Ff1`] with
/// a 32-byte key, but a build that only uses this type links no AES-128/192 code (about 15 KB of
/// a wasm build).
///
/// ```
/// use doorcode::ff1::{Ff1, Ff1Aes256};
/// let key = [0x2b; 32];
/// let (mut a, mut b) = ([0u8; 7], [0u8; 7]);
/// Ff1Aes256::new(&key).encrypt(b"t", &[0, 1, 2, 3, 4, 5, 6], &mut a)?;
/// Ff1::new(&key)?.encrypt(b"t", &[0, 1, 2, 3, 4, 5, 6], &mut b)?;
/// assert_eq!(a, b);
/// # Ok::<(), doorcode::ff1::Ff1Error>(())
/// ```
pub struct Ff1Aes256 {
    cipher: Aes256Enc,
}

impl fmt::Debug for Ff1Aes256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ff1Aes256").finish_non_exhaustive()
    }
}

// The `aes` key schedule zeroizes itself on drop.
impl zeroize::ZeroizeOnDrop for Ff1Aes256 {}

impl Ff1Aes256 {
    /// Keys FF1 with an AES-256 key; infallible because the length is fixed by the type.
    ///
    /// ```
    /// # // NIST SP 800-38G FF1 samples 7-9: the AES-256 key 2B7E1516 ... 04FC6A94.
    /// # let key = [
    /// #     0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
    /// #     0xef, 0x43, 0x59, 0xd8, 0xd5, 0x80, 0xaa, 0x4f, 0x7f, 0x03, 0x6d, 0x6f, 0x04, 0xfc, 0x6a, 0x94,
    /// # ];
    /// // NIST SP 800-38G sample 7 (AES-256, empty tweak).
    /// let ff1 = doorcode::ff1::Ff1Aes256::new(&key);
    /// let mut out = [0u8; 10];
    /// ff1.encrypt(b"", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], &mut out)?;
    /// assert_eq!(out, [6, 6, 5, 7, 6, 6, 7, 0, 0, 9]);
    /// # Ok::<(), doorcode::ff1::Ff1Error>(())
    /// ```
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            cipher: Aes256Enc::new(&(*key).into()),
        }
    }

    /// As [`Ff1::encrypt`].
    ///
    /// ```
    /// # // NIST SP 800-38G FF1 samples 7-9: the AES-256 key 2B7E1516 ... 04FC6A94.
    /// # let key = [
    /// #     0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
    /// #     0xef, 0x43, 0x59, 0xd8, 0xd5, 0x80, 0xaa, 0x4f, 0x7f, 0x03, 0x6d, 0x6f, 0x04, 0xfc, 0x6a, 0x94,
    /// # ];
    /// // NIST SP 800-38G sample 8 (AES-256, tweak "9876543210" in ASCII).
    /// let ff1 = doorcode::ff1::Ff1Aes256::new(&key);
    /// let mut out = [0u8; 10];
    /// ff1.encrypt(b"9876543210", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], &mut out)?;
    /// assert_eq!(out, [1, 0, 0, 1, 6, 2, 3, 4, 6, 3]);
    /// # Ok::<(), doorcode::ff1::Ff1Error>(())
    /// ```
    pub fn encrypt(&self, tweak: &[u8], input: &[u8], output: &mut [u8]) -> Result<(), Ff1Error> {
        crypt_with(&self.cipher, tweak, input, output, false)
    }

    /// As [`Ff1::decrypt`].
    ///
    /// ```
    /// # // NIST SP 800-38G FF1 samples 7-9: the AES-256 key 2B7E1516 ... 04FC6A94.
    /// # let key = [
    /// #     0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
    /// #     0xef, 0x43, 0x59, 0xd8, 0xd5, 0x80, 0xaa, 0x4f, 0x7f, 0x03, 0x6d, 0x6f, 0x04, 0xfc, 0x6a, 0x94,
    /// # ];
    /// // NIST SP 800-38G sample 8, decrypted.
    /// let ff1 = doorcode::ff1::Ff1Aes256::new(&key);
    /// let mut out = [0u8; 10];
    /// ff1.decrypt(b"9876543210", &[1, 0, 0, 1, 6, 2, 3, 4, 6, 3], &mut out)?;
    /// assert_eq!(out, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    /// # Ok::<(), doorcode::ff1::Ff1Error>(())
    /// ```
    pub fn decrypt(&self, tweak: &[u8], input: &[u8], output: &mut [u8]) -> Result<(), Ff1Error> {
        crypt_with(&self.cipher, tweak, input, output, true)
    }
}

/// One FF1 encryption or decryption with any AES variant (monomorphized per variant, so each
/// caller links only the ciphers it uses).
fn crypt_with<C: BlockCipherEncrypt + BlockSizeUser<BlockSize = U16>>(
    cipher: &C,
    tweak: &[u8],
    input: &[u8],
    output: &mut [u8],
    decrypt: bool,
) -> Result<(), Ff1Error> {
    let n = input.len();
    if !(MIN_DIGITS..=MAX_DIGITS).contains(&n) {
        return Err(Ff1Error::InvalidLength { got: n });
    }
    if output.len() != n {
        return Err(Ff1Error::OutputLength);
    }
    let t = u32::try_from(tweak.len()).map_err(|_| Ff1Error::TweakTooLong)?;
    let bad_len = Ff1Error::InvalidLength { got: n };
    let n8 = u8::try_from(n).map_err(|_| bad_len)?;
    let u_byte = n8 >> 1;
    let u = usize::from(u_byte);
    let v = n.wrapping_sub(u);
    let (a_digits, b_digits) = input.split_at_checked(u).ok_or(bad_len)?;
    let a = parse_digits(a_digits, 0)?;
    let bb = parse_digits(b_digits, u)?;

    let hu = *HALVES.get(u).ok_or(bad_len)?;
    let hv = *HALVES.get(v).ok_or(bad_len)?;
    let b = *NUM_BYTES.get(v).ok_or(bad_len)?;
    // d = 4 * ceil(b / 4) + 4 is 8 or 12 here (b <= 8), so S = first d bytes of R.
    let d = b.div_ceil(4).wrapping_mul(4).wrapping_add(4);

    let [n0, n1, n2, n3] = u32::from(n8).to_be_bytes();
    let [t0, t1, t2, t3] = t.to_be_bytes();
    let p = [
        1, 2, 1, 0, 0, 10, 10, u_byte, n0, n1, n2, n3, t0, t1, t2, t3,
    ];

    let mut job = Job {
        tweak,
        p,
        b,
        wide: d > 8,
        hu,
        hv,
        a,
        bb,
        decrypt,
    };
    cipher.encrypt_with_backend(WithBackend(&mut job));

    let (out_a, out_b) = output.split_at_mut_checked(u).ok_or(bad_len)?;
    write_digits(job.a, out_a);
    write_digits(job.bb, out_b);
    job.a.zeroize();
    job.bb.zeroize();
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation
    )]
    use super::*;

    #[test]
    fn tables() {
        for m in 0..=19u32 {
            let h = HALVES[m as usize];
            assert_eq!(u128::from(h.modulus), 10u128.pow(m));
            assert_eq!(h.mu, (1u128 << 96) / 10u128.pow(m));
            if m > 0 {
                assert_eq!(u128::from(h.mu64), (1u128 << 64) / 10u128.pow(m));
            }
            let b = NUM_BYTES[m as usize];
            // smallest b with 256^b >= 10^m
            assert!(256u128.pow(b as u32) >= 10u128.pow(m));
            if b > 0 {
                assert!(256u128.pow(b as u32 - 1) < 10u128.pow(m));
            }
        }
        assert_eq!(
            NUM_BYTES[3..=19],
            [2, 2, 3, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 8, 8]
        );
        for (k, p) in POW10_DESC.iter().enumerate() {
            assert_eq!(*p, 10u64.pow(18 - k as u32));
        }
    }

    fn check_reduce(x: u128, m: usize) {
        assert_eq!(
            u128::from(reduce(x, HALVES[m])),
            x % 10u128.pow(m as u32),
            "x={x} m={m}"
        );
    }

    fn check_reduce64(x: u64, m: usize) {
        assert_eq!(
            reduce64(x, HALVES[m]),
            x % 10u64.pow(m as u32),
            "x={x} m={m}"
        );
    }

    #[test]
    fn reduce64_edges_and_random() {
        for m in 1..=18 {
            let p = 10u64.pow(m as u32);
            for x in [
                0,
                1,
                p - 1,
                p,
                p + 1,
                2 * p - 1,
                2 * p,
                u64::MAX,
                u64::MAX - 1,
            ] {
                check_reduce64(x, m);
            }
            check_reduce64(u64::MAX / p * p, m);
            check_reduce64(u64::MAX / p * p - 1, m);
        }
        let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let m = 1 + (s as usize % 18);
            check_reduce64(s, m);
            let p = 10u64.pow(m as u32);
            let k = s / p * p;
            check_reduce64(k, m);
            if k > 0 {
                check_reduce64(k - 1, m);
            }
        }
    }

    #[test]
    fn reduce_edges() {
        let max = (1u128 << 96) - 1;
        for m in 3..=19 {
            let p = 10u128.pow(m as u32);
            for x in [
                0,
                1,
                p - 1,
                p,
                p + 1,
                2 * p - 1,
                2 * p,
                u128::from(u64::MAX),
                1 << 64,
                max,
                max - 1,
                max / p * p,
                max / p * p - 1,
            ] {
                check_reduce(x, m);
            }
        }
    }

    #[test]
    fn reduce_random() {
        // xorshift; deterministic
        let mut s: u128 = 0x1234_5678_9abc_def0_0fed_cba9_8765_4321;
        for _ in 0..200_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let x = s >> 32;
            let m = 3 + (s as usize % 17);
            check_reduce(x, m);
            check_reduce(x >> 32, m);
            let p = 10u128.pow(m as u32);
            // near multiples of p
            let k = x / p;
            check_reduce(k * p, m);
            if k > 0 {
                check_reduce(k * p - 1, m);
            }
        }
    }

    #[test]
    fn add_sub_mod() {
        for m in [3u32, 9, 18, 19] {
            let p = 10u64.pow(m);
            for a in [0, 1, p / 2, p - 2, p - 1] {
                for y in [0, 1, p / 2, p - 2, p - 1] {
                    let want_add = ((u128::from(a) + u128::from(y)) % u128::from(p)) as u64;
                    assert_eq!(add_mod(a, y, p), want_add);
                    let want_sub =
                        ((i128::from(a) - i128::from(y)).rem_euclid(i128::from(p))) as u64;
                    assert_eq!(sub_mod(a, y, p), want_sub);
                }
            }
        }
    }

    #[test]
    fn digits_roundtrip() {
        let mut buf = [0u8; 19];
        for x in [
            0u64,
            1,
            9,
            10,
            99,
            12345,
            9_999_999_999_999_999_999,
            1_000_000_000_000_000_000,
        ] {
            write_digits(x, &mut buf);
            assert_eq!(parse_digits(&buf, 0).unwrap(), x);
        }
        let mut small = [0u8; 4];
        write_digits(907, &mut small);
        assert_eq!(small, [0, 9, 0, 7]);
    }
}
