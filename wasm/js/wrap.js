// The package's JavaScript layer: argument checks done in JavaScript, where they cost no `.wasm`.
//
// Not a module on its own: `build.sh` wraps this text into the package entry points,
// pkg/doorcode_wasm.js (CommonJS, for Node) and pkg-web/doorcode_wasm.js (ES module, for
// browsers), where `raw` is wasm-bindgen's generated glue (doorcode_wasm_glue.js, which
// re-exports everything else unchanged). A wrapped function checks its arguments here, with the
// messages the Rust checks gave, and calls the glue's typed `__name` export; what needs the
// library (key lengths, code digits, door id bytes) is still checked in Rust.
//
// exports: derivePermanentCode

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

/** A safe integer in `0..=4294967295`. */
function u32(value, what) {
  if (typeof value !== "number") throw wrongType(what, "a number", value);
  if (!Number.isInteger(value)) throw new Error(`${what} must be an integer, got ${String(value)}`);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`${what} must be a safe integer (at most 2^53 - 1 in magnitude), got ${String(value)}`);
  }
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

// derivePermanentCode ---------------------------------------------------------------------------

const PERMANENT_FIELDS = ["siteSecretHex", "person", "door", "common", "generation", "digits", "taken", "attempt"];

/** Candidates tried per person: attempts 0..=63. */
const MAX_ATTEMPTS = 64;

/** Taken codes accepted in one call. */
const MAX_TAKEN = 10_000_000;

function derivePermanentCode(options) {
  expectObject(options, "options");
  checkFields(options, PERMANENT_FIELDS, "options");
  const siteSecretHex = string(get(options, "siteSecretHex", "options"), "options.siteSecretHex");
  const person = bytesOf(get(options, "person", "options"), "options.person", (value) =>
    value === null ? "null" : typeof value,
  );
  const door = getOptional(options, "door", "options");
  const common = getOptional(options, "common", "options");
  if (common !== undefined && typeof common !== "boolean") {
    throw new Error("options.common must be true or false (or omitted)");
  }
  if (door !== undefined && common === true) {
    throw new Error(
      "give either options.door (a per-door code) or options.common: true (the communal doors' code), not both",
    );
  }
  if (door === undefined && common !== true) {
    throw new Error(
      "options.door is missing: give the door of a per-door code, or common: true for the communal doors' code",
    );
  }
  const doorBytes =
    door === undefined
      ? undefined
      : bytesOf(door, "options.door", typeName);
  const generation = u32(get(options, "generation", "options"), "options.generation");
  const digits = u32(get(options, "digits", "options"), "options.digits");
  if (digits < 6 || digits > 12) throw new Error(`options.digits: code length ${digits} is outside 6..=12`);
  const taken = getOptional(options, "taken", "options");
  let attempt = getOptional(options, "attempt", "options");
  let takenList;
  if (attempt !== undefined) {
    if (taken !== undefined) {
      throw new Error(
        "give either options.attempt (re-derive an issued code) or options.taken (resolve a new one), not both",
      );
    }
    attempt = u32(attempt, "options.attempt");
    if (attempt >= MAX_ATTEMPTS) {
      throw new Error(`options.attempt: ${attempt} is outside 0..=${MAX_ATTEMPTS - 1}`);
    }
  } else if (taken !== undefined) {
    takenList = arrayOf(taken, "options.taken", MAX_TAKEN, string);
  }
  return raw.__derivePermanentCode(siteSecretHex, person, doorBytes, generation, digits, takenList, attempt);
}
