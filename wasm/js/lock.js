// The package's JavaScript layer, part 2 for the `doorcode/lock` module (pkg/doorcode_lock.js);
// see js/common.js, which build.sh puts before it.
//
// exports: deriveDoorKey buildDoorUpdate issueCredential delegateCredential openCredential

// buildDoorUpdate -------------------------------------------------------------------------------

const UPDATE_FIELDS = [
  "doorKeyHex", "doorId", "counter", "issuedAt", "policy", "issuers", "singleUseMinutes", "throttle",
  "clockToleranceSeconds", "zone", "zoneHex", "schedules", "permanent", "deniedPersons",
];
const THROTTLE_FIELDS = ["limit", "baseSeconds", "capSeconds", "quietSeconds"];
const ENTRY_FIELDS = ["code", "person", "notBefore", "notAfter", "schedule"];

/** Most permanent entries one call builds (MAX_UPDATE_ENTRIES in src/lock.rs). */
const MAX_UPDATE_ENTRIES = 1024;

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
