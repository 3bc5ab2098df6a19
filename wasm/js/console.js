// The package's JavaScript layer, part 2 for the `doorcode` module (pkg/doorcode_wasm.js); see
// js/common.js, which build.sh puts before it.
//
// exports: deriveDoorKey deriveIssuerKey localDate guessOdds checkPolicy derivePermanentCode issueDaily
// exports: DailyIssuer DailyVerifier parseZone Zone Schedule AccessRule

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

// Arguments of the daily codes: policies, zones -------------------------------------------------

const POLICY_FIELDS = ["digits", "dailySlots", "singleUseSlots", "graceSeconds"];

/**
 * A policy (`null` or `undefined` for the defaults) as its four numbers in POLICY_FIELDS'
 * order, `undefined` for an omitted field; their ranges are checked in Rust.
 */
function policy(value, what) {
  if (value === undefined || value === null) return [undefined, undefined, undefined, undefined];
  expectObject(value, what);
  checkFields(value, POLICY_FIELDS, what);
  return POLICY_FIELDS.map((name) => optional(value, name, what, number));
}

/** Largest fixed offset, seconds either side of UTC (MAX_OFFSET_SECONDS in the library). */
const MAX_OFFSET_SECONDS = 89999;

/**
 * A zone argument: a `Zone` (recognised by asking it for its encoding, `__doorcodeZoneHex()`,
 * which Rust decodes) or a fixed offset in seconds east of UTC; as `[hex, offset]` with `hex`
 * `undefined` for an offset.
 */
function zone(value, what) {
  if (typeof value === "number") {
    safeInteger(value, "utcOffsetSeconds");
    if (value < -MAX_OFFSET_SECONDS || value > MAX_OFFSET_SECONDS) {
      throw new Error(`utcOffsetSeconds must be between -${MAX_OFFSET_SECONDS} and ${MAX_OFFSET_SECONDS}, got ${value}`);
    }
    return [undefined, value];
  }
  const object = typeof value === "object" && value !== null;
  let hex;
  if (object) {
    try {
      hex = value.__doorcodeZoneHex();
    } catch {
      // Not a Zone, or a freed one: refused below.
    }
  }
  if (typeof hex !== "string") {
    const freed = object ? " (not a Zone, or a Zone already freed)" : "";
    throw new Error(`${what} must be a Zone or a number (utcOffsetSeconds), got ${typeName(value)}${freed}`);
  }
  return [hex, 0];
}

/** `{accepted, space, probability, expectedGuesses, withinCeiling}` from Rust's `odds_text`. */
function odds(text) {
  const [accepted, space, guesses, within] = text.split(" ").map((field) => (field === "" ? null : Number(field)));
  return {
    accepted,
    space,
    probability: space === 0 ? 1 : accepted / space,
    expectedGuesses: guesses,
    withinCeiling: within === 1,
  };
}

// deriveIssuerKey, localDate, guessOdds, checkPolicy --------------------------------------------

function deriveIssuerKey(doorKeyHex, issuer, epoch) {
  return raw.__deriveIssuerKey(string(doorKeyHex, "doorKeyHex"), u32(issuer, "issuer"), u32(epoch, "epoch"));
}

function localDate(nowUnixSeconds, zoneArg) {
  const now = instant(nowUnixSeconds, "nowUnixSeconds");
  return raw.__localDate(now, ...zone(zoneArg, "zone"));
}

function guessOdds(policyArg, issuers) {
  const fields = policy(policyArg, "policy");
  return odds(raw.__guessOdds(...fields, u32(issuers, "issuers")));
}

function checkPolicy(policyArg, issuers) {
  const fields = policy(policyArg, "policy");
  raw.__checkPolicy(...fields, u32(issuers, "issuers"));
}

// issueDaily ------------------------------------------------------------------------------------

const ISSUE_DAILY_FIELDS = ["doorKeyHex", "doorId", "issuer", "epoch", "date", "kind", "slot", "policy"];

function issueDaily(options) {
  const what = "options";
  expectObject(options, what);
  checkFields(options, ISSUE_DAILY_FIELDS, what);
  return raw.__issueDaily(
    string(get(options, "doorKeyHex", what), "options.doorKeyHex"),
    doorId(get(options, "doorId", what), "options.doorId"),
    u32(get(options, "issuer", what), "options.issuer"),
    u32(get(options, "epoch", what), "options.epoch"),
    string(get(options, "date", what), "options.date"),
    string(get(options, "kind", what), "options.kind"),
    u32(get(options, "slot", what), "options.slot"),
    ...policy(get(options, "policy", what), "options.policy"),
  );
}

// DailyIssuer, DailyVerifier --------------------------------------------------------------------

/** `instance` with the prototype of `newTarget` (a subclass) when it is not `cls` itself. */
function constructed(instance, cls, newTarget) {
  if (newTarget !== cls) Object.setPrototypeOf(instance, newTarget.prototype);
  return instance;
}

/** The class as exported: `new DailyIssuer(...)` checks the arguments here (see `Schedule`). */
const DailyIssuer = new Proxy(raw.DailyIssuer, {
  construct(target, [doorKeyHex, door, issuer, epoch, policyArg], newTarget) {
    const key = string(doorKeyHex, "doorKeyHex");
    const id = doorId(door, "doorId");
    const issuerId = u32(issuer, "issuer");
    const epochNumber = u32(epoch, "epoch");
    const fields = policy(policyArg, "policy");
    const instance = target.__new(key, id, issuerId, epochNumber, ...fields);
    return constructed(instance, DailyIssuer, newTarget);
  },
});

raw.DailyIssuer.fromIssuerKey = function fromIssuerKey(issuerKeyHex, issuer, door, policyArg) {
  const key = string(issuerKeyHex, "issuerKeyHex");
  const issuerId = u32(issuer, "issuer");
  const id = doorId(door, "doorId");
  const fields = policy(policyArg, "policy");
  return raw.DailyIssuer.__fromIssuerKey(key, issuerId, id, ...fields);
};

raw.DailyIssuer.prototype.issue = function issue(date, kind, slot) {
  return this.__issue(string(date, "date"), string(kind, "kind"), u32(slot, "slot"));
};

/** Issuers a lock enables at most (MAX_ISSUERS in the library). */
const MAX_ISSUERS = 8;

/**
 * The enabled issuers `[{issuer, epoch}, ...]` as their ids and epochs one after the other, and
 * the array's length. Beyond MAX_ISSUERS the elements are not read: Rust refuses the count with
 * the library's message.
 */
function issuers(value, what) {
  if (!Array.isArray(value)) throw wrongType(what, "an array of {issuer, epoch}", value);
  const count = length(value, what);
  if (count > MAX_ISSUERS) return [new Uint32Array(0), count];
  const list = arrayOf(value, what, MAX_ISSUERS, (entry, name) => {
    expectObject(entry, name);
    checkFields(entry, ["issuer", "epoch"], name);
    return [u32(get(entry, "issuer", name), `${name}.issuer`), u32(get(entry, "epoch", name), `${name}.epoch`)];
  });
  return [Uint32Array.from(list.flat()), count];
}

/** The class as exported: `new DailyVerifier(...)` checks the arguments here (see `Schedule`). */
const DailyVerifier = new Proxy(raw.DailyVerifier, {
  construct(target, [doorKeyHex, door, policyArg, issuerList], newTarget) {
    const key = string(doorKeyHex, "doorKeyHex");
    const id = doorId(door, "doorId");
    const fields = policy(policyArg, "policy");
    const enabled = issuers(issuerList, "issuers");
    const instance = target.__new(key, id, ...fields, ...enabled);
    return constructed(instance, DailyVerifier, newTarget);
  },
});

raw.DailyVerifier.prototype.verify = function verify(code, nowUnixSeconds, zoneArg) {
  const text = this.__verify(
    string(code, "code"),
    instant(nowUnixSeconds, "nowUnixSeconds"),
    ...zone(zoneArg, "zone"),
  );
  if (text[0] === "1") {
    const [, date, slot, kind, issuer] = text.split(" ");
    return { accepted: true, date, slot: Number(slot), kind, issuer: Number(issuer) };
  }
  const space = text.indexOf(" ", 2);
  return { accepted: false, reason: text.slice(2, space), message: text.slice(space + 1) };
};

raw.DailyVerifier.prototype.oddsAt = function oddsAt(nowUnixSeconds, zoneArg) {
  return odds(this.__oddsAt(instant(nowUnixSeconds, "nowUnixSeconds"), ...zone(zoneArg, "zone")));
};

// allows, nextChange, weekGrid of Schedule and AccessRule; check of AccessRule ------------------

/** Zone arguments read the encoding of a `Zone` through this (see `zone` above). */
raw.Zone.prototype.__doorcodeZoneHex = raw.Zone.prototype.encode;

/** A clock: an instant, or `null` when the lock does not know the time (`undefined` in Rust). */
function clock(value, what) {
  if (value === null) return undefined;
  if (typeof value !== "number") throw wrongType(what, "a number (Unix seconds) or null (clock unknown)", value);
  return instant(value, what);
}

/** The Rust method returns the seven rows as one string of "1" and "0": the rows of booleans. */
function weekRows(text) {
  const width = text.length / 7;
  const rows = [];
  for (let day = 0; day < 7; day += 1) {
    rows.push(Array.from(text.slice(day * width, (day + 1) * width), (cell) => cell === "1"));
  }
  return rows;
}

for (const cls of [raw.Schedule, raw.AccessRule]) {
  cls.prototype.weekGrid = function weekGrid(firstDate, zoneArg, stepMinutes) {
    const first = string(firstDate, "firstDate");
    const [hex, offset] = zone(zoneArg, "zone");
    return weekRows(this.__weekGrid(first, hex, offset, number(stepMinutes, "stepMinutes")));
  };
}

raw.Schedule.prototype.allows = function allows(unixSeconds, zoneArg) {
  return this.__allows(instant(unixSeconds, "unixSeconds"), ...zone(zoneArg, "zone"));
};

raw.Schedule.prototype.nextChange = function nextChange(unixSeconds, zoneArg) {
  return this.__nextChange(instant(unixSeconds, "unixSeconds"), ...zone(zoneArg, "zone")) ?? null;
};

raw.AccessRule.prototype.nextChange = function nextChange(clockArg, zoneArg) {
  return this.__nextChange(clock(clockArg, "clock"), ...zone(zoneArg, "zone")) ?? null;
};

raw.AccessRule.prototype.check = function check(clockArg, zoneArg) {
  const text = this.__check(clock(clockArg, "clock"), ...zone(zoneArg, "zone"));
  if (text === "1") return { allowed: true };
  const [, reason, schedule] = text.split(" ", 3);
  const message = text.slice(reason.length + schedule.length + 4);
  return { allowed: false, reason, schedule: schedule === "-" ? null : Number(schedule), message };
};

// parseZone, Zone: its constructor, fixed, decode; decode of Schedule and AccessRule ------------

// The Rust functions take a string or a number; these check the argument's type first. (In the
// CommonJS entry `raw` is the exports object, whose parseZone becomes this wrapper: keep the
// glue's.)
const typedParseZone = raw.parseZone;

function parseZone(posix) {
  return typedParseZone(string(posix, "posix"));
}

/** The class as exported: `new Zone(posix)` checks `posix` here (see `Schedule`). */
const Zone = new Proxy(raw.Zone, {
  construct(target, [posix], newTarget) {
    return Reflect.construct(target, [string(posix, "posix")], newTarget);
  },
});

{
  const typed = raw.Zone.fixed;
  raw.Zone.fixed = function fixed(offsetSeconds) {
    return typed(number(offsetSeconds, "offsetSeconds"));
  };
}

for (const cls of [raw.Zone, raw.Schedule, raw.AccessRule]) {
  const typed = cls.decode;
  cls.decode = function decode(hex) {
    return typed(string(hex, "hex"));
  };
}

// Zone: localDateTime, localDate, dayBounds, resolve, nextTransition ---------------------------

raw.Zone.prototype.localDateTime = function localDateTime(unixSeconds) {
  const [date, time, weekday, offset, dst] = this.__localDateTime(instant(unixSeconds, "unixSeconds")).split(" ");
  return { date, time, weekday, offsetSeconds: Number(offset), isDst: dst === "1" };
};

raw.Zone.prototype.localDate = function localDate(unixSeconds) {
  return this.__localDate(instant(unixSeconds, "unixSeconds"));
};

raw.Zone.prototype.dayBounds = function dayBounds(date) {
  const text = this.__dayBounds(string(date, "date"));
  if (text === "") return null;
  const [start, end] = text.split(" ").map(Number);
  return { start, end };
};

raw.Zone.prototype.resolve = function resolve(localDateTime, choice) {
  const local = string(localDateTime, "localDateTime");
  return this.__resolve(local, choice === undefined ? undefined : string(choice, "choice"));
};

raw.Zone.prototype.nextTransition = function nextTransition(unixSeconds) {
  const text = this.__nextTransition(instant(unixSeconds, "unixSeconds"));
  if (text === "") return null;
  const [at, offset, dst] = text.split(" ");
  return { at: Number(at), offsetSeconds: Number(offset), isDst: dst === "1" };
};

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
