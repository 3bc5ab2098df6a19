//! `derivePermanentCode`: a person's permanent code at a door or for the site's communal doors
//! (SPEC.md section 14), for the property's backend and its console.

#[allow(unused_imports)]
use crate::prelude::*;

use doorcode::code::{CodeLength, Digits};
use doorcode::keys::DoorId;
use doorcode::permanent::{
    Generation, MAX_ATTEMPTS, MAX_PERSON_ID_LEN, PermanentCode, PersonId, Scope, derive,
    permanent_code_sorted,
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
"#;

/// Most `taken` codes read from one array, to bound the work of one call. (A door within the
/// odds ceiling stores at most `10^digits / 10^4` codes; 10^7 covers every length up to 11.)
const MAX_TAKEN: usize = 10_000_000;

#[wasm_bindgen]
extern "C" {
    /// Only used for `instanceof Uint8Array`.
    #[wasm_bindgen(js_name = Uint8Array)]
    type Uint8ArrayType;
}

/// A person id: a string (UTF-8) or a `Uint8Array`, 1..=32 bytes.
fn person(value: &JsValue, what: &str) -> Result<PersonId, ArgError> {
    let bytes = if value.is_string() {
        js::string(value, what)?.into_bytes()
    } else if value.is_instance_of::<Uint8ArrayType>() {
        let len = js::length(value, what)?;
        if usize::try_from(len).map_or(true, |len| len > MAX_PERSON_ID_LEN) {
            return Err(ArgError::new(cat!(
                what,
                ": person id is ",
                len,
                " bytes; at most ",
                MAX_PERSON_ID_LEN,
                " allowed"
            )));
        }
        let mut bytes = Vec::new();
        for index in 0..len {
            let name = cat!(what, "[", index, "]");
            let byte = js::u32_arg(&js::element(value, index, what)?, &name)?;
            bytes
                .push(u8::try_from(byte).map_err(|_| ArgError::new(cat!(name, " is not a byte")))?);
        }
        bytes
    } else {
        let shown = if value.is_null() {
            "null".to_owned()
        } else {
            value.js_typeof().as_string().unwrap_or_default()
        };
        return Err(ArgError::new(cat!(
            what,
            " must be a string or a Uint8Array, got ",
            shown
        )));
    };
    PersonId::new(&bytes).map_err(|e| ArgError::new(cat!(what, ": ", e)))
}

/// The door (`Some`) or `common: true` (`None`).
fn scope(options: &JsValue) -> Result<Option<DoorId>, ArgError> {
    let door = js::get_optional(options, "door", "options")?;
    let common = match js::get_optional(options, "common", "options")? {
        None => false,
        Some(value) => value
            .as_bool()
            .ok_or_else(|| ArgError::new("options.common must be true or false (or omitted)"))?,
    };
    match (door, common) {
        (Some(_), true) => Err(ArgError::new(
            "give either options.door (a per-door code) or options.common: true (the communal doors' code), not both",
        )),
        (None, false) => Err(ArgError::new(
            "options.door is missing: give the door of a per-door code, or common: true for the communal doors' code",
        )),
        (Some(door), false) => js::door_id(&door, "options.door").map(Some),
        (None, true) => Ok(None),
    }
}

/// The code length, 6..=12.
fn length(options: &JsValue) -> Result<CodeLength, ArgError> {
    let digits = js::u32_arg(&js::get(options, "digits", "options")?, "options.digits")?;
    u8::try_from(digits)
        .ok()
        .and_then(|digits| CodeLength::new(digits).ok())
        .ok_or_else(|| {
            ArgError::new(cat!(
                "options.digits: code length ",
                digits,
                " is outside 6..=12"
            ))
        })
}

/// The taken codes' values, sorted.
fn taken(value: &JsValue, length: CodeLength) -> Result<Vec<u64>, ArgError> {
    let mut values = js::array_of(value, "options.taken", MAX_TAKEN, |code, what| {
        let text = js::string(code, what)?;
        Digits::parse(&text, length)
            .map(|digits| digits.value())
            .map_err(|e| {
                let shown = args::quote(&text, 24);
                ArgError::new(cat!(
                    what,
                    ": ",
                    shown,
                    " is not a ",
                    length.get(),
                    "-digit code: ",
                    e
                ))
            })
    })?;
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

/// A person's permanent code: the first of attempts 0..=63 whose candidate is not in `taken`,
/// with that attempt (or, given `attempt`, the code of that attempt). Throws an `Error` naming
/// the argument for bad input, and when all 64 candidates are taken.
#[wasm_bindgen(js_name = derivePermanentCode, unchecked_return_type = "PermanentCodeResult")]
pub fn derive_permanent_code(
    #[wasm_bindgen(unchecked_param_type = "DerivePermanentCodeOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    js::expect_object(&options, "options")?;
    js::check_fields(
        &options,
        &[
            "siteSecretHex",
            "person",
            "door",
            "common",
            "generation",
            "digits",
            "taken",
            "attempt",
        ],
        "options",
    )?;
    let key = args::site_key(
        &js::string_field(&options, "siteSecretHex", "options")?,
        "options.siteSecretHex",
    )?
    .permanent_key();
    let person = person(&js::get(&options, "person", "options")?, "options.person")?;
    let door = scope(&options)?;
    let scope = door.as_ref().map_or(Scope::Common, Scope::Door);
    let generation = Generation(js::u32_arg(
        &js::get(&options, "generation", "options")?,
        "options.generation",
    )?);
    let length = length(&options)?;
    let taken_value = js::get_optional(&options, "taken", "options")?;
    let issued = match js::get_optional(&options, "attempt", "options")? {
        Some(attempt) => {
            if taken_value.is_some() {
                return Err(ArgError::new(
                    "give either options.attempt (re-derive an issued code) or options.taken (resolve a new one), not both",
                )
                .into());
            }
            let attempt = js::u32_arg(&attempt, "options.attempt")?;
            if attempt >= MAX_ATTEMPTS {
                return Err(ArgError::new(cat!(
                    "options.attempt: ",
                    attempt,
                    " is outside 0..=",
                    MAX_ATTEMPTS.saturating_sub(1)
                ))
                .into());
            }
            PermanentCode {
                code: derive(&key, &person, scope, generation, length, attempt),
                attempt,
            }
        }
        None => {
            let taken = match taken_value {
                Some(value) => taken(&value, length)?,
                None => Vec::new(),
            };
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
