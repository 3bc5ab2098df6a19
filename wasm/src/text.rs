//! Building messages without `core::fmt`.
//!
//! `format!` and `to_string()` pull the whole formatting machinery (a virtual `Write`, padding,
//! `Display` tables) into the `.wasm`, about 20 KB. The bindings only ever join strings and
//! integers, so `cat!` appends [`Piece`]s to a `String` directly.

#[allow(unused_imports)]
use crate::prelude::*;

/// Something that can be appended to a message.
pub trait Piece {
    /// Appends the text of `self` to `out`.
    fn put(&self, out: &mut String);
}

impl Piece for str {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn put(&self, out: &mut String) {
        (**self).put(out);
    }
}

/// Appends the decimal digits of `value`.
pub fn put_u64(value: u64, out: &mut String) {
    if let Some(higher) = value.checked_div(10).filter(|higher| *higher > 0) {
        put_u64(higher, out);
    }
    let digit = value
        .checked_rem(10)
        .and_then(|digit| u32::try_from(digit).ok());
    if let Some(digit) = digit.and_then(|digit| char::from_digit(digit, 10)) {
        out.push(digit);
    }
}

/// Appends `value` with a leading `-` when negative.
pub fn put_i64(value: i64, out: &mut String) {
    if value < 0 {
        out.push('-');
    }
    put_u64(value.unsigned_abs(), out);
}

/// Appends `value` in lowercase hexadecimal without leading zeros.
pub fn put_hex(value: u32, out: &mut String) {
    if let Some(higher) = value.checked_div(16).filter(|higher| *higher > 0) {
        put_hex(higher, out);
    }
    if let Some(digit) = value
        .checked_rem(16)
        .and_then(|digit| char::from_digit(digit, 16))
    {
        out.push(digit);
    }
}

/// Appends `value` as at least two digits (`07`), for times of day.
pub fn put_two_digits(value: u64, out: &mut String) {
    if value < 10 {
        out.push('0');
    }
    put_u64(value, out);
}

macro_rules! unsigned_pieces {
    ($($ty:ty),*) => {$(
        impl Piece for $ty {
            fn put(&self, out: &mut String) {
                put_u64(u64::from(*self), out);
            }
        }
    )*};
}
unsigned_pieces!(u8, u16, u32, u64);

macro_rules! signed_pieces {
    ($($ty:ty),*) => {$(
        impl Piece for $ty {
            fn put(&self, out: &mut String) {
                put_i64(i64::from(*self), out);
            }
        }
    )*};
}
signed_pieces!(i8, i16, i32, i64);

impl Piece for usize {
    fn put(&self, out: &mut String) {
        put_u64(u64::try_from(*self).unwrap_or(u64::MAX), out);
    }
}

/// The text of one piece.
pub fn text(piece: &dyn Piece) -> String {
    let mut out = String::new();
    piece.put(&mut out);
    out
}

/// Joins pieces (`&str`, `String`, integers, library values) into a `String`, like `format!`
/// with only `{}` and without `core::fmt`.
macro_rules! cat {
    ($($piece:expr),+ $(,)?) => {{
        let mut out = ::alloc::string::String::new();
        $( $crate::text::Piece::put(&$piece, &mut out); )+
        out
    }};
}

/// Appends pieces to an existing `String`.
macro_rules! cat_into {
    ($out:expr, $($piece:expr),+ $(,)?) => {{
        $( $crate::text::Piece::put(&$piece, $out); )+
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_print_like_display() {
        for value in [0u64, 1, 9, 10, 99, 100, 12345, u64::MAX] {
            assert_eq!(text(&value), value.to_string());
        }
        for value in [0i64, -1, 7, -10, i64::MIN, i64::MAX] {
            assert_eq!(text(&value), value.to_string());
        }
        assert_eq!(
            cat!("a", 1u8, "-", -2i32, String::from("b"), 3usize),
            "a1--2b3"
        );
        let mut out = String::new();
        put_two_digits(7, &mut out);
        put_two_digits(42, &mut out);
        assert_eq!(out, "0742");
    }
}
