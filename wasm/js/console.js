// The package's JavaScript layer, part 2 for the `doorcode` module (pkg/doorcode_wasm.js); see
// js/common.js, which build.sh puts before it.
//
// exports: derivePermanentCode issueDaily Schedule AccessRule

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
