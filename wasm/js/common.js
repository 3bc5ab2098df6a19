// The package's JavaScript layer, part 1 of 2: helpers shared by both modules.
//
// The package has two WebAssembly modules (see build.sh): `doorcode` (pkg/doorcode_wasm.js: daily
// and permanent codes, zones, schedules, access rules, odds) and `doorcode/lock`
// (pkg/doorcode_lock.js: door updates and mobile credentials, what travels to a lock). This file
// is not a module on its own: `build.sh` concatenates it with the module's part (js/console.js or
// js/lock.js) into the entry point, as CommonJS (Node) and as an ES module (browsers), where
// `raw` is wasm-bindgen's generated glue (doorcode_wasm_glue.js or doorcode_lock_glue.js, which
// the entry re-exports unchanged apart from the names the part lists after `exports:`).
//
// A wrapped function checks its arguments here, with the messages the Rust checks gave, and
// calls the glue's typed `__name` export; what needs the library (key lengths, code digits, door
// id bytes) is still checked in Rust. Results with many fields come back from Rust as one flat
// string that the part turns into the documented objects. Methods are wrapped on the classes'
// prototypes (shared by both builds), and a class whose constructor takes objects is exported as
// a Proxy of it (statics, `instanceof` and the prototype stay the class's).

/** What `typeof` says, with `null` and arrays told apart, for error messages. */
function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function wrongType(what, expected, value) {
  return new Error(`${what} must be ${expected}, got ${typeName(value)}`);
}

/** `value` must be a plain object (not `null`, not an array, not a function). */
function expectObject(value, what) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw wrongType(what, "an object", value);
  }
}

/** `object[name]`, with a throwing getter reported as an error. */
function get(object, name, what) {
  try {
    return Reflect.get(object, name);
  } catch {
    throw new Error(`reading ${what}.${name} threw an exception`);
  }
}

/** `object[name]`, or `undefined`. */
const getOptional = get;

/** `text` cut to `limit` characters, in double quotes, `"`, `\` and control characters escaped. */
function quote(text, limit) {
  let quoted = '"';
  let count = 0;
  for (const c of text) {
    if (count === limit) break;
    count += 1;
    const code = c.codePointAt(0);
    if (c === '"' || c === "\\") quoted += `\\${c}`;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) quoted += `\\u{${code.toString(16)}}`;
    else quoted += c;
  }
  return `${quoted}"`;
}

/** Refuse own enumerable fields outside `allowed`, so a typo is an error, not an ignored option. */
function checkFields(object, allowed, what) {
  let keys;
  try {
    keys = Object.keys(object);
  } catch {
    throw new Error(`listing the fields of ${what} threw an exception`);
  }
  for (const key of keys) {
    if (!allowed.includes(key)) {
      throw new Error(`${what} has an unknown field ${quote(key, 32)}; expected ${allowed.join(", ")}`);
    }
  }
}

/** A string that survives UTF-8 encoding unchanged (no lone surrogate). */
function string(value, what) {
  if (typeof value !== "string") throw wrongType(what, "a string", value);
  if (/\p{Surrogate}/u.test(value)) {
    throw new Error(`${what} is not valid Unicode (it contains a lone surrogate)`);
  }
  return value;
}

/** A number that is a safe integer (an instant, a counter). */
function safeInteger(value, what) {
  if (typeof value !== "number") throw wrongType(what, "a number", value);
  if (!Number.isInteger(value)) throw new Error(`${what} must be an integer, got ${String(value)}`);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`${what} must be a safe integer (at most 2^53 - 1 in magnitude), got ${String(value)}`);
  }
  return value;
}

/** A safe integer `>= 0` as a `BigInt`, for a `u64` in Rust (a counter, a person handle). */
function u64(value, what) {
  if (safeInteger(value, what) < 0) throw new Error(`${what} must not be negative`);
  return BigInt(value);
}

/** An optional field read with `read(value, name)`, or `undefined` when it is `undefined`. */
function optional(object, name, what, read) {
  const value = getOptional(object, name, what);
  return value === undefined ? undefined : read(value, `${what}.${name}`);
}

/** A safe integer in `0..=4294967295`. */
function u32(value, what) {
  safeInteger(value, what);
  if (value < 0 || value > 4294967295) {
    throw new Error(`${what} must be between 0 and 4294967295, got ${value}`);
  }
  return value;
}

/** `array.length`, read as the Rust checks read it (through a getter that may throw). */
function length(array, what) {
  return u32(get(array, "length", what), `${what}.length`);
}

/** An array of at most `limit` elements, each passed through `read(element, name)`. */
function arrayOf(value, what, limit, read) {
  if (!Array.isArray(value)) throw wrongType(what, "an array", value);
  const count = length(value, what);
  if (count > limit) throw new Error(`${what} has ${count} elements; at most ${limit} allowed`);
  const list = [];
  for (let index = 0; index < count; index += 1) {
    let element;
    try {
      element = Reflect.get(value, index);
    } catch {
      throw new Error(`reading ${what}[${index}] threw an exception`);
    }
    list.push(read(element, `${what}[${index}]`));
  }
  return list;
}

const utf8 = new TextEncoder();

/** Bytes given as a string (UTF-8) or a `Uint8Array`; their length is checked in Rust. */
function bytesOf(value, what, shown) {
  if (typeof value === "string") return utf8.encode(string(value, what));
  if (value instanceof Uint8Array) return value;
  throw new Error(`${what} must be a string or a Uint8Array, got ${shown(value)}`);
}

/** A missing `notBefore` / `notAfter`: `Grant::ALWAYS`'s bounds (no instant is a safe integer this far out). */
const ALWAYS_BEFORE = -(2n ** 63n);
const ALWAYS_AFTER = 2n ** 63n - 1n;

/** A number (its range is checked where it is used). */
function number(value, what) {
  if (typeof value !== "number") throw wrongType(what, "a number", value);
  return value;
}

/** An instant (Unix seconds, any safe integer) as a `BigInt`, for an `i64` in Rust. */
function instant(value, what) {
  return BigInt(safeInteger(value, what));
}

/** A door id: a string (its UTF-8 bytes) or a `Uint8Array`; its length (1..=32) is checked in Rust. */
function doorId(value, what) {
  if (typeof value === "string") return utf8.encode(string(value, what));
  if (!(value instanceof Uint8Array)) throw wrongType(what, "a string or a Uint8Array", value);
  length(value, what);
  return value;
}

// deriveDoorKey (both modules) ------------------------------------------------------------------

function deriveDoorKey(siteSecretHex, door) {
  return raw.__deriveDoorKey(string(siteSecretHex, "siteSecretHex"), doorId(door, "doorId"));
}
