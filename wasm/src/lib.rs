//! JavaScript bindings for `doorcode`, built with `wasm-bindgen` and published as the npm
//! package `doorcode` (see `README.md` in this directory).
//!
//! The JavaScript API is camelCase and typed (the TypeScript declarations come from the custom
//! section below plus `wasm-bindgen`'s generated `.d.ts`). Rules that hold for every export:
//!
//! - A malformed *argument* (wrong type, non-hex or short key, door id of 0 or 33+ bytes, a number
//!   that is not a safe integer in range, an unknown kind, a bad date, an unknown option field)
//!   throws an `Error` whose message names the argument and the reason. Nothing panics: there is
//!   no wasm trap to poison the module.
//! - A *rejected code* is a result (`{accepted: false, reason, message}`), not an exception.
//! - Numbers are JavaScript numbers; integers must satisfy `Number.isSafeInteger` and the target
//!   range before they are converted.

// On wasm32 the crate is `no_std`: std's panic machinery formats its message with `core::fmt`,
// which the module otherwise no longer contains (see `panic` below).
#![cfg_attr(target_arch = "wasm32", no_std)]
// A module built with one feature leaves some shared argument helpers unused.
#![cfg_attr(
    not(all(feature = "console", feature = "lock")),
    allow(dead_code, unused_imports)
)]

extern crate alloc;

/// `alloc`'s types, which std's prelude provides on the host.
mod prelude {
    pub use alloc::boxed::Box;
    pub use alloc::string::String;
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

#[allow(unused_imports)]
use crate::prelude::*;

/// The library has no reachable panic (its lints deny them); should one happen anyway (a bounds
/// check the compiler could not remove), trap at once instead of formatting a message nobody sees.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// std brings dlmalloc on wasm32; without std the same allocator comes from its crate.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

#[macro_use]
mod text;
mod args;
mod js;
mod messages;

// Two modules are built from this crate (see build.sh): feature `console` is the `doorcode`
// module (codes, zones, schedules, odds), feature `lock` the `doorcode/lock` module (door updates
// and mobile credentials). Each page downloads only the one it uses; a host build has both.
#[cfg(feature = "console")]
mod daily;
#[cfg(feature = "console")]
mod permanent;
#[cfg(feature = "console")]
mod schedule;
#[cfg(feature = "console")]
mod zone;

#[cfg(feature = "lock")]
mod credential;
#[cfg(feature = "lock")]
mod lock;

#[cfg(feature = "console")]
pub use daily::{DailyIssuer, DailyVerifier};
#[cfg(feature = "console")]
pub use permanent::derive_permanent_code;
#[cfg(feature = "console")]
pub use schedule::{JsAccessRule, JsSchedule};
#[cfg(feature = "console")]
pub use zone::{JsZone, parse_zone};

#[cfg(feature = "lock")]
pub use credential::{answer_challenge, delegate_credential, issue_credential, open_credential};
#[cfg(feature = "lock")]
pub use lock::build_door_update;

use wasm_bindgen::prelude::*;

use crate::args::ArgError;

impl From<ArgError> for JsError {
    fn from(error: ArgError) -> Self {
        JsError::new(error.message())
    }
}

/// Any library error, its message prefixed with some context.
fn error(context: &str, error: impl text::Piece) -> JsError {
    // One non-generic body for every error type keeps the `.wasm` small.
    error_message(context, &error)
}

fn error_message(context: &str, error: &dyn text::Piece) -> JsError {
    if context.is_empty() {
        JsError::new(&text::text(error))
    } else {
        JsError::new(&cat!(context, ": ", error))
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Code length and slot counts of a door's daily codes. Omitted fields take the defaults. */
export interface DailyPolicyInit {
  /** Digits per code, 6..=12 (default 7). */
  digits?: number;
  /** Daily codes per issuer per day (default 100). */
  dailySlots?: number;
  /** Single-use codes per issuer per day (default 100). */
  singleUseSlots?: number;
  /** Seconds around local midnight during which the neighbouring day's codes also work (default 900). */
  graceSeconds?: number;
}

/** A complete daily-code policy, as returned by `defaultPolicy()` and the `policy` getters. */
export interface DailyPolicy {
  digits: number;
  dailySlots: number;
  singleUseSlots: number;
  graceSeconds: number;
}

/** A door id: a string (its UTF-8 bytes) or raw bytes; 1 to 32 bytes. */
export type DoorIdInput = string | Uint8Array;

/**
 * Derive a door's key from the site secret: `HKDF-SHA256(salt "doorcode/v1/site", site secret,
 * ["door", doorId])`, as 64 lowercase hex digits.
 *
 * `siteSecretHex` is 16 to 64 bytes of hex; `doorId` is a string (UTF-8) or a `Uint8Array`,
 * 1 to 32 bytes.
 */
export function deriveDoorKey(siteSecretHex: string, doorId: DoorIdInput): string;

/** An issuer enabled at a door, with its current key epoch. */
export interface IssuerEpoch {
  /** 0 is the property's own backend; other numbers are partners. */
  issuer: number;
  epoch: number;
}
"#;

/// Hex of a key. The library's string is wiped on drop; the copy handed to JavaScript cannot be
/// (JavaScript strings are immutable and garbage-collected).
fn key_hex(hex: &str) -> String {
    String::from(hex)
}

/// `deriveDoorKey` after the JavaScript layer (`js/common.js`) checked the argument types:
/// `door_id` is the door id's bytes (a string's UTF-8).
#[wasm_bindgen(js_name = __deriveDoorKey, skip_typescript)]
pub fn derive_door_key(site_secret_hex: &str, door_id: &[u8]) -> Result<String, JsError> {
    let site = args::site_key(site_secret_hex, "siteSecretHex")?;
    let door = args::door_id(door_id, "doorId")?;
    Ok(key_hex(&site.door_key(&door).to_hex_string()))
}
