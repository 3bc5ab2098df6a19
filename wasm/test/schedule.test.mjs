// Schedules and access rules from JavaScript: building, evaluating in a DST zone, next change,
// week grids, encodings, union/intersection, and bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { doorcode, NOV22_UTC_MIDNIGHT, HOUR, MINUTE } from "../test-support/doorcode.mjs";

const { parseZone, Zone, Schedule, AccessRule } = doorcode;

const DAY = 86400;
const newYork = parseZone("EST5EDT,M3.2.0,M11.1.0");
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"];

// 2026-11-22 is a Sunday (NOV22_UTC_MIDNIGHT = 1,795,305,600); New York is on EST (-5 h).
const MON23 = NOV22_UTC_MIDNIGHT + DAY; // 2026-11-23T00:00:00Z = 1,795,392,000
const FRI27 = NOV22_UTC_MIDNIGHT + 5 * DAY; // 1,795,737,600
const SAT28 = NOV22_UTC_MIDNIGHT + 6 * DAY; // 1,795,824,000
const SUN29 = NOV22_UTC_MIDNIGHT + 7 * DAY; // 1,795,910,400
const MON30 = NOV22_UTC_MIDNIGHT + 8 * DAY; // 1,795,996,800
const EST = 5 * HOUR; // local EST time t is t + 5 h in UTC

function office() {
  const schedule = new Schedule();
  schedule.addWindow({ days: WEEKDAYS, start: "08:00", end: "18:00" });
  return schedule;
}

/** Assert that `fn` throws a plain Error (not a wasm trap) whose message matches `pattern`. */
function throwsWith(fn, pattern) {
  assert.throws(fn, (error) => {
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `wasm trap: ${error}`);
    assert.ok(error instanceof Error, `not an Error: ${error}`);
    assert.doesNotMatch(error.message, /unreachable|recursive use|null pointer/);
    assert.match(error.message, pattern);
    return true;
  });
  // The module keeps working.
  assert.equal(office().allows(MON23 + 9 * HOUR + EST, newYork), true);
}

test("weekdays 08:00-18:00 in New York: allows, nextChange", () => {
  const schedule = office();
  // Monday 2026-11-23 09:00 EST = 14:00Z.
  assert.equal(schedule.allows(MON23 + 9 * HOUR + EST, newYork), true);
  assert.equal(schedule.allows(MON23 + 7 * HOUR + 59 * MINUTE + EST, newYork), false); // 07:59
  assert.equal(schedule.allows(MON23 + 8 * HOUR + EST, newYork), true); // 08:00 opens
  assert.equal(schedule.allows(MON23 + 18 * HOUR + EST, newYork), false); // 18:00 closed
  assert.equal(schedule.allows(MON23 + 9 * HOUR + EST, -18000), true); // a fixed offset works too
  assert.equal(schedule.allows(MON23 + 9 * HOUR + EST, 0), true); // 14:00 UTC
  assert.equal(schedule.allows(MON23 + 7 * HOUR + EST, 0), true); // 12:00 UTC, 07:00 in New York
  // Friday 2026-11-27 18:00 EST (23:00Z): closed until Monday 2026-11-30 08:00 EST (13:00Z).
  const friday1800 = FRI27 + 18 * HOUR + EST; // 1,795,820,400
  assert.equal(schedule.allows(friday1800, newYork), false);
  assert.equal(schedule.nextChange(friday1800, newYork), MON30 + 8 * HOUR + EST); // 1,796,043,600
  assert.equal(schedule.nextChange(friday1800 - 1, newYork), friday1800);
  // The empty schedule never changes.
  assert.equal(new Schedule().nextChange(friday1800, newYork), null);
  assert.equal(new Schedule().allows(friday1800, newYork), false);
});

test("an overnight window belongs to the day it starts on", () => {
  const schedule = new Schedule();
  schedule.addWindow({ days: ["sat"], start: "22:00", end: "06:00" });
  assert.equal(schedule.allows(SAT28 + 21 * HOUR + 59 * MINUTE + EST, newYork), false);
  assert.equal(schedule.allows(SAT28 + 22 * HOUR + EST, newYork), true);
  assert.equal(schedule.allows(SUN29 + 5 * HOUR + 59 * MINUTE + EST, newYork), true); // Sunday 05:59
  assert.equal(schedule.allows(SUN29 + 6 * HOUR + EST, newYork), false);
  assert.equal(schedule.allows(SUN29 + 23 * HOUR + EST, newYork), false); // Sunday night: no
  assert.equal(schedule.nextChange(SAT28 + 23 * HOUR + EST, newYork), SUN29 + 6 * HOUR + EST);
  // 24:00 is allowed as an end; a start equal to the end is 24 hours.
  const evening = new Schedule([{ type: "window", days: ["sun"], start: "20:00", end: "24:00" }]);
  assert.equal(evening.allows(SUN29 + 23 * HOUR + 59 * MINUTE + EST, newYork), true);
  assert.equal(evening.nextChange(SUN29 + 21 * HOUR + EST, newYork), MON30 + EST);
  const fullDay = new Schedule([{ type: "window", days: ["wed"], start: "09:00", end: "09:00" }]);
  const wed25 = NOV22_UTC_MIDNIGHT + 3 * DAY;
  assert.equal(fullDay.nextChange(wed25 + 9 * HOUR + EST, newYork), wed25 + DAY + 9 * HOUR + EST);
});

test("deny and replace exceptions", () => {
  const schedule = office();
  schedule.addDeny({ from: "2026-12-24", to: "2026-12-26" });
  schedule.addReplace({ from: "2026-12-31", ranges: [{ start: "10:00", end: "12:00" }] });
  const utc = Zone.fixed(0);
  const dec23 = NOV22_UTC_MIDNIGHT + 31 * DAY; // Wednesday 2026-12-23, 1,797,984,000
  const dec24 = dec23 + DAY; // Thursday, denied
  const dec31 = dec23 + 8 * DAY; // Thursday, replaced
  assert.equal(schedule.allows(dec23 + 10 * HOUR, utc), true);
  assert.equal(schedule.allows(dec24 + 10 * HOUR, utc), false);
  assert.equal(schedule.allows(dec24 + 4 * DAY + 10 * HOUR, utc), true); // Monday 12-28
  assert.equal(schedule.allows(dec31 + 9 * HOUR, utc), false);
  assert.equal(schedule.allows(dec31 + 11 * HOUR, utc), true);
  assert.equal(schedule.allows(dec31 + 13 * HOUR, utc), false);
  // Closed from Wednesday 18:00 to Monday 08:00 (12-24..12-26 denied, then the weekend).
  assert.equal(schedule.nextChange(dec23 + 18 * HOUR, utc), dec23 + 5 * DAY + 8 * HOUR);
  // Reasons, through an access rule without a grant.
  const rule = new AccessRule();
  rule.addSchedule(schedule);
  assert.deepEqual(rule.check(dec24 + 10 * HOUR, utc), {
    allowed: false,
    reason: "Schedule.ExceptionDenies",
    schedule: 0,
    message: "schedule 0: date is closed by an exception",
  });
  assert.equal(rule.check(dec31 + 9 * HOUR, utc).reason, "Schedule.OutsideReplacementHours");
  assert.equal(rule.check(dec23 + 7 * HOUR, utc).reason, "Schedule.OutsideWindows");
  assert.deepEqual(rule.check(dec23 + 10 * HOUR, utc), { allowed: true });
  // describe() lists windows then exceptions, and new Schedule(items) rebuilds the schedule.
  const items = schedule.describe();
  assert.deepEqual(items, [
    { type: "window", days: WEEKDAYS, start: "08:00", end: "18:00" },
    { type: "deny", from: "2026-12-24", to: "2026-12-26" },
    { type: "replace", from: "2026-12-31", to: "2026-12-31", ranges: [{ start: "10:00", end: "12:00" }] },
  ]);
  assert.equal(new Schedule(items).encode(), schedule.encode());
  assert.equal(schedule.windowCount, undefined); // not part of the API: describe() has it all
});

test("encode and decode: SPEC 13.7 worked example, round trips", () => {
  const gym = new Schedule();
  gym.addWindow({ days: WEEKDAYS, start: "06:00", end: "22:00" });
  gym.addWindow({ days: ["sat", "sun"], start: "08:00", end: "20:00" });
  gym.addDeny({ from: "2026-12-25", to: "2026-12-26" });
  gym.addReplace({ from: "2026-12-24", to: "2026-12-24", ranges: [{ start: "08:00", end: "12:00" }] });
  const hex = "01021f0b4528600f04b00207ea0c1807ea0c18110f02d007ea0c1907ea0c1a00";
  assert.equal(gym.encode(), hex);
  const decoded = Schedule.decode(hex);
  assert.equal(decoded.encode(), hex);
  assert.deepEqual(decoded.describe(), gym.describe());
  assert.equal(office().encode(), "01011f0f043800"); // 7 bytes: 480 << 11 | 1080 = 0x0f0438 (SPEC 13.6)
  assert.equal(new Schedule().encode(), "010000");
  // An access rule: the lease [2026-11-22T00:00Z, 2027-11-22T00:00Z) around the gym (50 bytes).
  const rule = new AccessRule({ notBefore: 1795305600, notAfter: 1826841600 });
  rule.addSchedule(gym);
  const ruleHex = "0103000000006b023080000000006ce3640001" + hex.slice(2);
  assert.equal(rule.encode(), ruleHex);
  const again = AccessRule.decode(ruleHex);
  assert.equal(again.encode(), ruleHex);
  assert.deepEqual(again.grant, { notBefore: 1795305600, notAfter: 1826841600 });
  assert.equal(again.schedules.length, 1);
  assert.equal(again.schedules[0].encode(), hex);
  assert.equal(new AccessRule().encode(), "010000"); // unrestricted
  assert.deepEqual(new AccessRule(null).grant, { notBefore: null, notAfter: null });
});

test("union and intersection", () => {
  const mornings = new Schedule([{ type: "window", days: WEEKDAYS, start: "08:00", end: "12:00" }]);
  const afternoons = new Schedule([{ type: "window", days: WEEKDAYS, start: "12:00", end: "18:00" }]);
  const union = mornings.union(afternoons);
  assert.equal(union.describe().length, 2);
  for (const hour of [7, 8, 11, 12, 17, 18]) {
    const t = MON23 + hour * HOUR + EST;
    assert.equal(union.allows(t, newYork), office().allows(t, newYork), `${hour}:00`);
  }
  const overlap = office().intersection(new Schedule([{ type: "window", days: ["mon", "sat"], start: "10:00", end: "20:00" }]));
  assert.deepEqual(overlap.describe(), [{ type: "window", days: ["mon"], start: "10:00", end: "18:00" }]);
  const holiday = office();
  holiday.addDeny({ from: "2026-12-25" });
  throwsWith(() => holiday.union(office()), /cannot compute the union: union of schedules with different exceptions/);
  throwsWith(() => holiday.intersection(office()), /cannot compute the intersection: intersection of schedules with exceptions/);
  throwsWith(() => office().union({}), /expected instance of Schedule/);
});

test("weekGrid: a week of wall-clock cells, DST gaps included", () => {
  const grid = office().weekGrid("2026-11-23", newYork, 60);
  assert.equal(grid.length, 7);
  for (const [day, row] of grid.entries()) {
    assert.equal(row.length, 24);
    for (const [hour, open] of row.entries()) {
      assert.equal(open, day < 5 && hour >= 8 && hour < 18, `day ${day} hour ${hour}`);
    }
  }
  assert.equal(office().weekGrid("2026-11-23", newYork, 15)[0].filter(Boolean).length, 40);
  assert.equal(office().weekGrid("2026-11-23", 0, 1440)[0][0], false);
  // Every day 01:00-04:00: on Sunday 2026-03-08 02:00 and 02:30 never happen in New York.
  const night = new Schedule([{ type: "window", days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start: "01:00", end: "04:00" }]);
  const week = night.weekGrid("2026-03-02", newYork, 30);
  const cells = (row) => row.slice(0, 10).map((open) => (open ? 1 : 0)).join("");
  assert.equal(cells(week[0]), "0011111100"); // 01:00..03:30 open
  assert.equal(cells(week[6]), "0011001100"); // 02:00 and 02:30 do not exist
  // An access rule's grid is clipped by its grant: from Wednesday 2026-11-25 12:00 EST on.
  const rule = new AccessRule({ notBefore: NOV22_UTC_MIDNIGHT + 3 * DAY + 12 * HOUR + EST });
  rule.addSchedule(office());
  const ruleGrid = rule.weekGrid("2026-11-23", newYork, 60);
  assert.deepEqual(ruleGrid.map((row) => row.filter(Boolean).length), [0, 0, 6, 10, 10, 0, 0]);
});

test("AccessRule.check: clock unknown, grant, schedules; nextChange", () => {
  // SPEC 13.2: the lease [2026-11-22T00:00Z, 2026-11-30T12:00Z) with weekdays 08:00-18:00.
  const notAfter = MON30 + 12 * HOUR;
  const rule = new AccessRule({ notBefore: NOV22_UTC_MIDNIGHT, notAfter });
  rule.addSchedule(office());
  const utc = 0;
  assert.deepEqual(rule.check(null, utc), { allowed: false, reason: "ClockUnknown", schedule: null, message: "clock not set" });
  assert.equal(rule.check(NOV22_UTC_MIDNIGHT - 1, utc).reason, "NotYetValid");
  assert.equal(rule.check(notAfter, utc).reason, "Expired");
  assert.equal(rule.check(MON30 + 11 * HOUR, utc).allowed, true);
  assert.deepEqual(rule.check(MON23 + 7 * HOUR, utc), {
    allowed: false,
    reason: "Schedule.OutsideWindows",
    schedule: 0,
    message: "schedule 0: outside the schedule's windows",
  });
  assert.equal(rule.nextChange(MON30 + 9 * HOUR, utc), notAfter);
  assert.equal(rule.nextChange(notAfter, utc), null);
  assert.equal(rule.nextChange(null, utc), null);
  // No schedule: the grant alone decides; a guest's rule intersects with its host's.
  const guest = new AccessRule({ notBefore: MON23, notAfter: MON23 + 3 * DAY });
  const derived = rule.intersection(guest);
  assert.deepEqual(derived.grant, { notBefore: MON23, notAfter: MON23 + 3 * DAY });
  assert.equal(derived.check(MON23 + 7 * HOUR, utc).reason, "Schedule.OutsideWindows");
  assert.equal(guest.check(MON23 + 7 * HOUR, utc).allowed, true);
  for (let i = 0; i < 3; i++) rule.addSchedule(office());
  throwsWith(() => rule.addSchedule(office()), /schedule: more than 4 schedules in an access rule/);
});

test("bad input throws clear Errors and leaves the schedule unchanged", () => {
  const schedule = office();
  const before = schedule.encode();
  throwsWith(() => schedule.addWindow({ days: ["mon", "funday"], start: "08:00", end: "18:00" }), /window.days\[1\] "funday" is not a day name; expected one of mon, tue, wed, thu, fri, sat, sun/);
  throwsWith(() => schedule.addWindow({ days: ["Mon"], start: "08:00", end: "18:00" }), /"Mon" is not a day name/);
  throwsWith(() => schedule.addWindow({ days: [], start: "08:00", end: "18:00" }), /window.days is empty: a window must start on at least one day/);
  throwsWith(() => schedule.addWindow({ days: "mon", start: "08:00", end: "18:00" }), /window.days must be an array, got string/);
  throwsWith(() => schedule.addWindow({ days: ["mon"], start: "25:00", end: "18:00" }), /window.start "25:00" is not a time of day: allowed are 00:00 to 23:59/);
  throwsWith(() => schedule.addWindow({ days: ["mon"], start: "08:00", end: "25:00" }), /window.end "25:00" is not a time of day: allowed are 00:00 to 24:00/);
  throwsWith(() => schedule.addWindow({ days: ["mon"], start: "24:00", end: "06:00" }), /window.start "24:00" .*a start of 24:00 is 00:00 of the next day/);
  throwsWith(() => schedule.addWindow({ days: ["mon"], start: "08:60", end: "18:00" }), /window.start "08:60": minute 60 is above 59/);
  throwsWith(() => schedule.addWindow({ days: ["mon"], start: "8h", end: "18:00" }), /window.start "8h" is not a time of day "HH:MM"/);
  throwsWith(() => schedule.addWindow({ days: ["mon"], start: 8, end: "18:00" }), /window.start must be a string, got number/);
  throwsWith(() => schedule.addWindow({ days: ["mon"], start: "08:00", end: "18:00", note: "x" }), /window has an unknown field "note"/);
  throwsWith(() => schedule.addWindow({ type: "deny", days: ["mon"], start: "08:00", end: "18:00" }), /window.type is "deny" but this reads a "window"/);
  throwsWith(() => schedule.addWindow(null), /window must be an object, got null/);
  throwsWith(() => schedule.addDeny({ from: "2026-12-26", to: "2026-12-24" }), /deny 2026-12-26..=2026-12-24: exception ends before it starts/);
  throwsWith(() => schedule.addDeny({ from: "2026-02-30" }), /deny.from "2026-02-30": day does not exist in that month/);
  throwsWith(() => schedule.addReplace({ from: "2026-12-24" }), /replace.ranges must be an array, got undefined/);
  const five = Array.from({ length: 5 }, () => ({ start: "08:00", end: "09:00" }));
  throwsWith(() => schedule.addReplace({ from: "2026-12-24", ranges: five }), /replace.ranges has 5 elements; at most 4 allowed/);
  throwsWith(() => schedule.addReplace({ from: "2026-12-24", ranges: [{ start: "08:00" }] }), /replace.ranges\[0\].end must be a string, got undefined/);
  schedule.addDeny({ from: "2026-12-24", to: "2026-12-26" });
  throwsWith(() => schedule.addDeny({ from: "2026-12-26" }), /deny: two exceptions of the same kind share a date/);
  throwsWith(() => new Schedule([{ days: ["mon"], start: "08:00", end: "18:00" }]), /items\[0\].type must be a string, got undefined/);
  throwsWith(() => new Schedule([{ type: "holiday" }]), /items\[0\].type must be "window", "deny" or "replace", got "holiday"/);
  throwsWith(() => new Schedule("mon-fri"), /items must be an array, got string/);
  for (let i = 0; i < 15; i++) schedule.addWindow({ days: ["sun"], start: "00:00", end: "01:00" });
  throwsWith(() => schedule.addWindow({ days: ["sun"], start: "00:00", end: "01:00" }), /window: more than 16 windows/);
  assert.equal(schedule.describe().length, 17);
  assert.equal(Schedule.decode(schedule.encode()).describe().length, 17);
  assert.notEqual(schedule.encode(), before);
  // Encodings, zones, numbers.
  throwsWith(() => Schedule.decode("zz"), /hex is not valid hex: unexpected character at position 0/);
  throwsWith(() => Schedule.decode("0100"), /hex: schedule: encoding is truncated/);
  throwsWith(() => Schedule.decode("010100000000"), /hex: schedule: day mask has no day set/);
  throwsWith(() => Schedule.decode("02"), /unsupported version 0x02/);
  throwsWith(() => AccessRule.decode("0100"), /hex: access rule: encoding is truncated/);
  throwsWith(() => office().allows(MON23, {}), /zone must be a Zone or a number \(utcOffsetSeconds\), got object/);
  throwsWith(() => office().allows(MON23, "EST5EDT,M3.2.0,M11.1.0"), /zone must be a Zone or a number \(utcOffsetSeconds\), got string/);
  throwsWith(() => office().allows(MON23, office()), /zone must be a Zone or a number/);
  throwsWith(() => office().allows(MON23, 90000), /utcOffsetSeconds must be between -89999 and 89999, got 90000/);
  throwsWith(() => office().allows("now", newYork), /unixSeconds must be a number, got string/);
  throwsWith(() => office().nextChange(MON23), /zone must be a Zone or a number \(utcOffsetSeconds\), got undefined/);
  throwsWith(() => office().weekGrid("2026-11-23", newYork, 7), /stepMinutes must divide 1440 \(a day\), got 7/);
  throwsWith(() => office().weekGrid("2026-11-23", newYork, 0), /stepMinutes must be between 1 and 1440, got 0/);
  throwsWith(() => office().weekGrid("9999-12-30", newYork, 60), /firstDate: the week runs past 9999-12-31/);
  throwsWith(() => new AccessRule({ notBefore: 10, notAfter: 5 }), /grant: grant ends before it starts \(notAfter 5 < notBefore 10\)/);
  throwsWith(() => new AccessRule({ notbefore: 10 }), /grant has an unknown field "notbefore"/);
  throwsWith(() => new AccessRule({ notBefore: 1.5 }), /grant.notBefore must be an integer, got 1.5/);
  throwsWith(() => new AccessRule().check(undefined, 0), /clock must be a number \(Unix seconds\) or null \(clock unknown\), got undefined/);
  throwsWith(() => new AccessRule().addSchedule("01011f0f0438"), /expected instance of Schedule/);
});
