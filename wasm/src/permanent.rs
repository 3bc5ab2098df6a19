//! `derivePermanentCode`: a person's permanent code at a door or for the site's communal doors
//! (SPEC.md section 14), for the property's backend and its console.

#[allow(unused_imports)]
use crate::prelude::*;

use doorcode::code::{CodeLength, Digits};
use doorcode::permanent::{
    Generation, MAX_ATTEMPTS, PermanentCode, PersonId, Scope, derive, permanent_code_sorted,
};
use wasm_bindgen::prelude::*;

use crate::args::{self, ArgError};
use crate::{error, js};

#[wasm_bindgen(typescript_custom_section)]
const PERMANENT_TYPES: &'static str = r#"
/** A person id: a string (its UTF-8 bytes) or raw bytes (a UUID's 16 bytes, ...); 1 to 32 bytes. */
export type PersonIdInput = string | Uint8Array;

/** Arguments of `derivePermanentCode`: give `door` for a per-door code or `common: true`. */
export interface DerivePermanentCodeOptions {
  /** The site secret, 16..=64 bytes of hex (permanent codes derive from it, not a door key). */
  siteSecretHex: string;
  /** The person, with one id for the life of the site. */
  person: PersonIdInput;
  /** The door of a per-door code (omit it with `common: true`). */
  door?: DoorIdInput;
  /** `true` for the person's common code for the site's communal doors. */
  common?: boolean;
  /** The code's generation (0, 1, ...): bumping it replaces the code. */
  generation: number;
  /** Digits, 6..=12. */
  digits: number;
  /**
   * Codes already stored at the door (for `common`: at every communal door), each of `digits`
   * digits. Resolution returns the first of attempts 0..=63 whose code is not among them.
   */
  taken?: string[];
  /** Re-derive an issued code from its stored attempt (0..=63) instead of resolving `taken`. */
  attempt?: number;
}

/** A permanent code and the attempt that produced it. */
export interface PermanentCodeResult {
  /** The code, `digits` decimal digits. */
  code: string;
  /**
   * The attempt, 0..=63. The backend stores it with the code and re-derives the code from it
   * (never re-resolving an issued code); it is never shown to the person (SPEC 14.5, 14.6).
   */
  attempt: number;
}

/**
 * A person's permanent code: the first of attempts 0..=63 whose candidate is not in `taken`, with
 * that attempt (or, given `attempt`, the code of that attempt). Throws an `Error` naming the
 * argument for bad input, and when all 64 candidates are taken.
 */
export function derivePermanentCode(options: DerivePermanentCodeOptions): PermanentCodeResult;
"#;

/// The taken codes' values, sorted.
fn taken(codes: &[String], length: CodeLength) -> Result<Vec<u64>, ArgError> {
    let mut values = Vec::with_capacity(codes.len());
    for (index, text) in codes.iter().enumerate() {
        let value = Digits::parse(text, length).map_err(|e| {
            ArgError::new(cat!(
                "options.taken[",
                index,
                "]: ",
                args::quote(text, 24),
                " is not a ",
                length.get(),
                "-digit code: ",
                e
            ))
        })?;
        values.push(value.value());
    }
    heap_sort(&mut values);
    Ok(values)
}

/// Sort in place (heapsort, O(n log n) for any input). `sort_unstable` would do, but it adds
/// about 5 KB to the `.wasm` for one call on a list the backend sends once per new code.
fn heap_sort(values: &mut [u64]) {
    let len = values.len();
    for root in (0..len.div_euclid(2)).rev() {
        sift_down(values, root, len);
    }
    for end in (1..len).rev() {
        values.swap(0, end);
        sift_down(values, 0, end);
    }
}

/// Move `values[root]` down the max-heap held in `values[..end]` until both children are smaller.
fn sift_down(values: &mut [u64], mut root: usize, end: usize) {
    loop {
        let Some(left) = root.checked_mul(2).and_then(|double| double.checked_add(1)) else {
            return;
        };
        if left >= end {
            return;
        }
        let right = left.saturating_add(1);
        let child = if right < end && values.get(right) > values.get(left) {
            right
        } else {
            left
        };
        if values.get(child) <= values.get(root) {
            return;
        }
        values.swap(root, child);
        root = child;
    }
}

/// `derivePermanentCode` after the JavaScript layer (`js/console.js`) checked the options' shape
/// and types: `person` and `door` as bytes (`door` absent for the communal code), `taken` absent
/// when `attempt` is given. Key, id and code checks that need the library stay here.
#[wasm_bindgen(js_name = __derivePermanentCode, skip_typescript)]
pub fn derive_permanent_code(
    site_secret_hex: &str,
    person: &[u8],
    door: Option<Vec<u8>>,
    generation: u32,
    digits: u8,
    taken_codes: Option<Vec<String>>,
    attempt: Option<u32>,
) -> Result<JsValue, JsError> {
    let key = args::site_key(site_secret_hex, "options.siteSecretHex")?.permanent_key();
    let person = PersonId::new(person).map_err(|e| error("options.person", e))?;
    let door = door
        .map(|bytes| args::door_id(&bytes, "options.door"))
        .transpose()?;
    let scope = door.as_ref().map_or(Scope::Common, Scope::Door);
    let generation = Generation(generation);
    let length = CodeLength::new(digits).map_err(|_| {
        ArgError::new(cat!(
            "options.digits: code length ",
            digits,
            " is outside 6..=12"
        ))
    })?;
    let issued = match attempt {
        Some(attempt) if attempt < MAX_ATTEMPTS => PermanentCode {
            code: derive(&key, &person, scope, generation, length, attempt),
            attempt,
        },
        Some(attempt) => {
            return Err(ArgError::new(cat!(
                "options.attempt: ",
                attempt,
                " is outside 0..=",
                MAX_ATTEMPTS.saturating_sub(1)
            ))
            .into());
        }
        None => {
            let taken = taken(taken_codes.as_deref().unwrap_or_default(), length)?;
            permanent_code_sorted(&key, &person, scope, generation, length, &taken)
                .map_err(|e| error("options.taken", e))?
        }
    };
    Ok(js::ObjectBuilder::new()
        .set("code", crate::text::text(&issued.code))
        .set("attempt", issued.attempt)
        .build())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
    use super::heap_sort;

    #[test]
    fn heap_sort_sorts_like_the_standard_library() {
        // A linear congruential generator (Knuth's MMIX constants) for varied inputs, with
        // duplicates from the small modulus, checked against `slice::sort`.
        let mut state: u64 = 1;
        for len in [0usize, 1, 2, 3, 4, 5, 7, 8, 31, 64, 100, 1000] {
            let mut values: Vec<u64> = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    (state >> 33) % 97
                })
                .collect();
            let mut expected = values.clone();
            expected.sort();
            heap_sort(&mut values);
            assert_eq!(values, expected, "length {len}");
        }
        let mut descending: Vec<u64> = (0..50).rev().collect();
        heap_sort(&mut descending);
        assert_eq!(descending, (0..50).collect::<Vec<u64>>());
    }
}
