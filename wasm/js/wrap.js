// The package's JavaScript layer: argument checks done in JavaScript, where they cost no `.wasm`.
//
// Not a module on its own: `build.sh` wraps this text into the package entry points,
// pkg/doorcode_wasm.js (CommonJS, for Node) and pkg-web/doorcode_wasm.js (ES module, for
// browsers), where `raw` is wasm-bindgen's generated glue (doorcode_wasm_glue.js, which
// re-exports everything else unchanged). A wrapped function checks its arguments here, with the
// messages the Rust checks gave, and calls the glue's typed `__name` export; what needs the
// library (key lengths, code digits, door id bytes) is still checked in Rust. Results with many
// fields come back from Rust as one flat string that this layer turns into the documented
// objects. Methods are wrapped on the classes' prototypes (shared by both builds), and a class
// whose constructor takes objects is exported as a Proxy of it (statics, `instanceof` and the
// prototype stay the class's). The names below are exported in place of the glue's.
//
// exports: derivePermanentCode buildDoorUpdate issueCredential delegateCredential openCredential issueDaily Schedule AccessRule

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

// buildDoorUpdate -------------------------------------------------------------------------------

const UPDATE_FIELDS = [
  "doorKeyHex", "doorId", "counter", "issuedAt", "policy", "issuers", "singleUseMinutes", "throttle",
  "clockToleranceSeconds", "zone", "zoneHex", "schedules", "permanent", "deniedPersons",
];
const THROTTLE_FIELDS = ["limit", "baseSeconds", "capSeconds", "quietSeconds"];
const ENTRY_FIELDS = ["code", "person", "notBefore", "notAfter", "schedule"];

/** Most permanent entries one call builds (MAX_UPDATE_ENTRIES in src/lock.rs). */
const MAX_UPDATE_ENTRIES = 1024;

/** An entry without `notBefore` / `notAfter`: `Grant::ALWAYS`'s bounds (no instant is a safe integer this far out). */
const ALWAYS_BEFORE = -(2n ** 63n);
const ALWAYS_AFTER = 2n ** 63n - 1n;

/** An entry without a schedule (indices are 0..=255). */
const NO_SCHEDULE = 256;

function throttle(value, what) {
  expectObject(value, what);
  checkFields(value, THROTTLE_FIELDS, what);
  const limit = optional(value, "limit", what, u32);
  if (limit !== undefined && limit > 255) throw new Error(`${what}.limit must be at most 255`);
  return [limit, ...THROTTLE_FIELDS.slice(1).map((name) => optional(value, name, what, u32))];
}

/** An entry's `notBefore` / `notAfter`: an instant, or `null` / omitted for no bound. */
function bound(entry, name, what, none) {
  const value = getOptional(entry, name, what);
  return value === undefined || value === null ? none : BigInt(safeInteger(value, `${what}.${name}`));
}

function permanentEntry(entry, what) {
  expectObject(entry, what);
  checkFields(entry, ENTRY_FIELDS, what);
  const code = string(get(entry, "code", what), `${what}.code`);
  const person = u64(get(entry, "person", what), `${what}.person`);
  const notBefore = bound(entry, "notBefore", what, ALWAYS_BEFORE);
  const notAfter = bound(entry, "notAfter", what, ALWAYS_AFTER);
  let schedule = getOptional(entry, "schedule", what);
  if (schedule === undefined || schedule === null) {
    schedule = NO_SCHEDULE;
  } else if (u32(schedule, `${what}.schedule`) > 255) {
    throw new Error(`${what}.schedule is not a schedule index`);
  }
  return { code, person, notBefore, notAfter, schedule };
}

function buildDoorUpdate(options) {
  expectObject(options, "options");
  checkFields(options, UPDATE_FIELDS, "options");
  const doorKeyHex = string(get(options, "doorKeyHex", "options"), "options.doorKeyHex");
  const doorId = get(options, "doorId", "options");
  const counter = u64(get(options, "counter", "options"), "options.counter");
  const issuedAt = BigInt(safeInteger(get(options, "issuedAt", "options"), "options.issuedAt"));
  const policy = getOptional(options, "policy", "options");
  const issuers = getOptional(options, "issuers", "options");
  const singleUseMinutes = optional(options, "singleUseMinutes", "options", u32);
  if (singleUseMinutes !== undefined && singleUseMinutes > 65535) {
    throw new Error("options.singleUseMinutes is too large");
  }
  const throttleFields = optional(options, "throttle", "options", throttle) ?? [];
  const clockToleranceSeconds = optional(options, "clockToleranceSeconds", "options", u32);
  const zone = optional(options, "zone", "options", string);
  const zoneHex = optional(options, "zoneHex", "options", string);
  if (zone !== undefined && zoneHex !== undefined) throw new Error("options: give zone or zoneHex, not both");
  const schedules = optional(options, "schedules", "options", (value, what) => arrayOf(value, what, 4, string)) ?? [];
  const entries =
    optional(options, "permanent", "options", (value, what) =>
      arrayOf(value, what, MAX_UPDATE_ENTRIES, permanentEntry),
    ) ?? [];
  const denied =
    optional(options, "deniedPersons", "options", (value, what) => arrayOf(value, what, 16, u64)) ?? [];
  return raw.__buildDoorUpdate(
    doorKeyHex,
    doorId,
    counter,
    issuedAt,
    policy,
    issuers,
    singleUseMinutes,
    throttleFields[0],
    throttleFields[1],
    throttleFields[2],
    throttleFields[3],
    clockToleranceSeconds,
    zone,
    zoneHex,
    schedules,
    entries.map((e) => e.code),
    BigUint64Array.from(entries, (e) => e.person),
    BigInt64Array.from(entries, (e) => e.notBefore),
    BigInt64Array.from(entries, (e) => e.notAfter),
    Uint16Array.from(entries, (e) => e.schedule),
    BigUint64Array.from(denied),
  );
}

// issueCredential, delegateCredential -----------------------------------------------------------

const ISSUE_FIELDS = [
  "siteSecretHex", "issuer", "epoch", "doors", "credentialIdHex", "holder", "key", "notBefore", "notAfter",
  "scheduleHex", "role", "mayShare", "entropyHex",
];
const DELEGATE_FIELDS = ["linkHex", "guest", "doors", "notBefore", "notAfter", "scheduleHex", "mayShare"];

/** A person id (a holder, a key, a guest): a safe integer `>= 0`, as a `BigInt`. */
function person(value, what) {
  if (safeInteger(value, what) < 0) {
    throw new Error(`${what} must be between 0 and 9223372036854775807, got ${value}`);
  }
  return BigInt(value);
}

/** An optional `true` / `false`, `false` when omitted. */
function optionalBool(options, name, what) {
  const value = getOptional(options, name, what);
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw new Error(`${what}.${name} must be true or false`);
  return value;
}

/** A window bound: an instant, `null` for unbounded on that side, `undefined` when omitted. */
function windowBound(options, name, what, unbounded) {
  const value = getOptional(options, name, what);
  if (value === undefined || value === null) return value === null ? unbounded : undefined;
  return BigInt(safeInteger(value, `${what}.${name}`));
}

/** `scheduleHex`: a string, or `undefined` for none (omitted or `null`). */
function scheduleHex(options, what) {
  const value = getOptional(options, "scheduleHex", what);
  return value === undefined || value === null ? undefined : string(value, `${what}.scheduleHex`);
}

function issueCredential(options) {
  const what = "options";
  expectObject(options, what);
  checkFields(options, ISSUE_FIELDS, what);
  const siteSecretHex = string(get(options, "siteSecretHex", what), "options.siteSecretHex");
  const issuer = u32(get(options, "issuer", what), "options.issuer");
  const epoch = u32(get(options, "epoch", what), "options.epoch");
  const doors = get(options, "doors", what);
  const credentialIdHex = string(get(options, "credentialIdHex", what), "options.credentialIdHex");
  const holder = person(get(options, "holder", what), "options.holder");
  const notBefore = windowBound(options, "notBefore", what, ALWAYS_BEFORE);
  if (notBefore === undefined) throw new Error("options.notBefore is missing");
  const notAfter = windowBound(options, "notAfter", what, ALWAYS_AFTER);
  if (notAfter === undefined) throw new Error("options.notAfter is missing");
  const key = optional(options, "key", what, person) ?? 0n;
  const schedule = scheduleHex(options, what);
  const role = optional(options, "role", what, string) ?? "non-resident";
  if (role !== "resident" && role !== "non-resident") {
    throw new Error(`options.role must be "resident" or "non-resident", got ${quote(role, Infinity)}`);
  }
  const mayShare = optionalBool(options, "mayShare", what);
  const entropyHex = string(get(options, "entropyHex", what), "options.entropyHex");
  // One string: the credential, content key and bundle, then door, slot and proof key per door.
  const [credentialHex, contentKeyHex, bundleHex, ...proofs] = raw
    .__issueCredential(siteSecretHex, issuer, epoch, doors, credentialIdHex, holder, key, notBefore, notAfter,
      schedule, role === "resident", mayShare, entropyHex)
    .split(" ");
  const proofKeys = [];
  for (let i = 0; i + 2 < proofs.length; i += 3) {
    proofKeys.push({ doorHex: proofs[i], slot: Number(proofs[i + 1]), proofKeyHex: proofs[i + 2] });
  }
  return { credentialHex, contentKeyHex, proofKeys, bundleHex };
}

function delegateCredential(bundleHex, options) {
  const what = "options";
  string(bundleHex, "bundleHex");
  expectObject(options, what);
  checkFields(options, DELEGATE_FIELDS, what);
  return raw.__delegateCredential(
    bundleHex,
    string(get(options, "linkHex", what), "options.linkHex"),
    optional(options, "guest", what, person) ?? 0n,
    getOptional(options, "doors", what),
    windowBound(options, "notBefore", what, ALWAYS_BEFORE),
    windowBound(options, "notAfter", what, ALWAYS_AFTER),
    scheduleHex(options, what),
    optionalBool(options, "mayShare", what),
  );
}

/** Reads the fields of `__openCredential`'s answer in order. */
function fieldReader(text) {
  const fields = text.split(" ");
  let next = 0;
  const field = () => fields[next++];
  const number = () => Number(field());
  const flag = () => field() === "1";
  const role = () => (flag() ? "resident" : "non-resident");
  /** A person id (u64): exact in a JavaScript number, or an error as before. */
  const personId = (what) => {
    const text = field();
    const value = Number(text);
    if (!Number.isSafeInteger(value)) {
      throw new Error(`${what} is ${text}, too large for a JavaScript number to hold exactly`);
    }
    return value;
  };
  /** A window bound: `null` when unbounded (beyond the safe integers). */
  const instant = () => {
    const value = number();
    return Number.isSafeInteger(value) ? value : null;
  };
  const schedule = () => {
    const hex = field();
    return hex === "-" ? null : hex;
  };
  return { field, number, flag, role, personId, instant, schedule, more: () => next < fields.length };
}

function openCredential(bundleHex) {
  const r = fieldReader(raw.__openCredential(bundleHex));
  const issuer = r.number();
  const epoch = r.number();
  const doorCount = r.number();
  const credentialIdHex = r.field();
  const holder = r.personId("holder");
  const key = r.personId("key");
  const role = r.role();
  const mayShare = r.flag();
  const notBefore = r.instant();
  const notAfter = r.instant();
  const scheduleHex = r.schedule();
  const credentialBytes = r.number();
  const rights = { doors: r.number(), notBefore: r.instant(), notAfter: r.instant(), mayShare: r.flag(), role: r.role() };
  const caveats = [];
  for (let count = r.number(); count > 0; count -= 1) {
    caveats.push({
      linkHex: r.field(),
      guest: r.personId("guest"),
      doors: r.number(),
      notBefore: r.instant(),
      notAfter: r.instant(),
      scheduleHex: r.schedule(),
      mayShare: r.flag(),
    });
  }
  const doors = [];
  while (r.more()) doors.push({ doorHex: r.field(), slot: r.number() });
  return {
    issuer, epoch, doorCount, credentialIdHex, holder, key, role, mayShare, notBefore, notAfter, scheduleHex,
    caveats, rights, doors, credentialBytes,
  };
}

// issueDaily ------------------------------------------------------------------------------------

const ISSUE_DAILY_FIELDS = ["doorKeyHex", "doorId", "issuer", "epoch", "date", "kind", "slot", "policy"];

function issueDaily(options) {
  const what = "options";
  expectObject(options, what);
  checkFields(options, ISSUE_DAILY_FIELDS, what);
  return raw.__issueDaily(
    string(get(options, "doorKeyHex", what), "options.doorKeyHex"),
    get(options, "doorId", what),
    u32(get(options, "issuer", what), "options.issuer"),
    u32(get(options, "epoch", what), "options.epoch"),
    string(get(options, "date", what), "options.date"),
    string(get(options, "kind", what), "options.kind"),
    u32(get(options, "slot", what), "options.slot"),
    get(options, "policy", what),
  );
}

// weekGrid of Schedule and AccessRule -----------------------------------------------------------

// The Rust method returns the seven rows as one string of "1" and "0"; these wrappers, put on
// the classes' prototypes, return the arrays of booleans the API promises.
for (const cls of [raw.Schedule, raw.AccessRule]) {
  const cells = cls.prototype.weekGrid;
  cls.prototype.weekGrid = function weekGrid(firstDate, zone, stepMinutes) {
    const text = cells.call(this, firstDate, zone, stepMinutes);
    const width = text.length / 7;
    const rows = [];
    for (let day = 0; day < 7; day += 1) {
      rows.push(Array.from(text.slice(day * width, (day + 1) * width), (cell) => cell === "1"));
    }
    return rows;
  };
}

// Schedule.describe -----------------------------------------------------------------------------

// The Rust method returns the items as one string (see `describe` in src/schedule.rs); this
// wrapper returns the objects the API promises.
{
  const items = raw.Schedule.prototype.describe;
  raw.Schedule.prototype.describe = function describe() {
    const text = items.call(this);
    if (text === "") return [];
    return text.split(";").map((item) => {
      const [type, first, second, third] = item.split(" ");
      if (type === "window") return { type, days: first.split(","), start: second, end: third };
      if (type === "deny") return { type, from: first, to: second };
      const ranges = third === "" ? [] : third.split(",").map((range) => {
        const [start, end] = range.split("-");
        return { start, end };
      });
      return { type, from: first, to: second, ranges };
    });
  };
}

// Schedule: its constructor's items, addWindow, addDeny, addReplace -----------------------------

/** Windows plus exceptions a schedule holds (MAX_WINDOWS + MAX_EXCEPTIONS in the library). */
const MAX_SCHEDULE_ITEMS = 32;

/** Ranges of one replace exception (MAX_REPLACEMENT_RANGES). */
const MAX_REPLACEMENT_RANGES = 4;

/** The `type` field of an item, if present, must name the kind being read. */
function checkType(value, kind, what) {
  const tag = getOptional(value, "type", what);
  if (tag === undefined) return;
  if (string(tag, `${what}.type`) !== kind) {
    throw new Error(`${what}.type is ${quote(tag, 16)} but this reads a "${kind}"`);
  }
}

function addWindow(schedule, value, what) {
  expectObject(value, what);
  checkFields(value, ["type", "days", "start", "end"], what);
  checkType(value, "window", what);
  const days = arrayOf(get(value, "days", what), `${what}.days`, 7, string);
  const start = string(get(value, "start", what), `${what}.start`);
  const end = string(get(value, "end", what), `${what}.end`);
  schedule.__addWindow(what, days, start, end);
}

function addException(schedule, value, kind, what) {
  expectObject(value, what);
  const replace = kind === "replace";
  checkFields(value, replace ? ["type", "from", "to", "ranges"] : ["type", "from", "to"], what);
  checkType(value, kind, what);
  const from = string(get(value, "from", what), `${what}.from`);
  const to = optional(value, "to", what, string);
  const ranges = replace
    ? arrayOf(get(value, "ranges", what), `${what}.ranges`, MAX_REPLACEMENT_RANGES, (range, name) => {
        expectObject(range, name);
        checkFields(range, ["start", "end"], name);
        return [string(get(range, "start", name), `${name}.start`), string(get(range, "end", name), `${name}.end`)];
      }).flat()
    : [];
  schedule.__addException(what, replace, from, to, ranges);
}

function addItem(schedule, value, what) {
  expectObject(value, what);
  const kind = string(get(value, "type", what), `${what}.type`);
  if (kind === "window") addWindow(schedule, value, what);
  else if (kind === "deny" || kind === "replace") addException(schedule, value, kind, what);
  else throw new Error(`${what}.type must be "window", "deny" or "replace", got ${quote(kind, 16)}`);
}

raw.Schedule.prototype.addWindow = function (window) {
  addWindow(this, window, "window");
};
raw.Schedule.prototype.addDeny = function (deny) {
  addException(this, deny, "deny", "deny");
};
raw.Schedule.prototype.addReplace = function (replace) {
  addException(this, replace, "replace", "replace");
};

/**
 * The class as exported: `new Schedule(items)` builds an empty schedule in Rust and adds the
 * items here. A Proxy keeps everything else (statics, `instanceof`, the prototype) the class's.
 */
const Schedule = new Proxy(raw.Schedule, {
  construct(target, args, newTarget) {
    const schedule = Reflect.construct(target, [], newTarget);
    const items = args[0];
    if (items !== undefined && items !== null) {
      try {
        arrayOf(items, "items", MAX_SCHEDULE_ITEMS, (item, name) => addItem(schedule, item, name));
      } catch (error) {
        schedule.free();
        throw error;
      }
    }
    return schedule;
  },
});

// AccessRule: its constructor's grant --------------------------------------------------------------

/** A grant bound: an instant, or `null` / omitted for unbounded. */
function grantBound(grant, name, unbounded) {
  const value = getOptional(grant, name, "grant");
  if (value === undefined || value === null) return unbounded;
  if (typeof value !== "number") {
    throw wrongType(`grant.${name}`, "a number (Unix seconds) or null (clock unknown)", value);
  }
  return BigInt(safeInteger(value, `grant.${name}`));
}

/** The class as exported: `new AccessRule(grant)` checks `grant` here (see `Schedule`). */
const AccessRule = new Proxy(raw.AccessRule, {
  construct(target, args, newTarget) {
    const rule = Reflect.construct(target, [], newTarget);
    const grant = args[0];
    if (grant !== undefined && grant !== null) {
      try {
        expectObject(grant, "grant");
        checkFields(grant, ["notBefore", "notAfter"], "grant");
        rule.__setGrant(grantBound(grant, "notBefore", ALWAYS_BEFORE), grantBound(grant, "notAfter", ALWAYS_AFTER));
      } catch (error) {
        rule.free();
        throw error;
      }
    }
    return rule;
  },
});
