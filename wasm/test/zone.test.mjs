// Zones from JavaScript: parseZone / Zone, New York's DST days worked by hand, gap and fold
// resolution, encodings, zones accepted by the daily-code API, and bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { doorcode, SITE_SECRET_HEX, NOV22_UTC_MIDNIGHT, HOUR, MINUTE } from "../test-support/doorcode.mjs";

const { parseZone, Zone, Schedule, DailyIssuer, DailyVerifier, deriveDoorKey, localDate } = doorcode;

const NEW_YORK = "EST5EDT,M3.2.0,M11.1.0";
const DAY = 86400;

// 2026-03-08 (spring forward, 02:00 EST -> 03:00 EDT). Days from 1970-01-01 to 2026-01-01:
// 56 * 365 + 14 leap days = 20,454; plus 31 (Jan) + 28 (Feb) + 7 = 20,520 days, so 00:00Z is
// 20,520 * 86,400 = 1,772,928,000.
const MAR8_UTC_MIDNIGHT = 1772928000;
// 00:00 EST = 05:00Z.
const MAR8_START = MAR8_UTC_MIDNIGHT + 5 * HOUR; // 1,772,946,000
// 2026-03-09 00:00 EDT = 04:00Z on the 9th.
const MAR8_END = MAR8_UTC_MIDNIGHT + DAY + 4 * HOUR; // 1,773,028,800
// 2026-11-01 (fall back, 02:00 EDT -> 01:00 EST): 20,454 + 304 (Jan..Oct) = 20,758 days,
// 20,758 * 86,400 = 1,793,491,200.
const NOV1_UTC_MIDNIGHT = 1793491200;
const NOV1_START = NOV1_UTC_MIDNIGHT + 4 * HOUR; // 00:00 EDT = 04:00Z: 1,793,505,600
const NOV1_END = NOV1_UTC_MIDNIGHT + DAY + 5 * HOUR; // 11-02 00:00 EST = 05:00Z: 1,793,595,600

/** Assert that `fn` throws a plain Error (not a wasm trap) whose message matches `pattern`. */
function throwsWith(fn, pattern) {
  assert.throws(fn, (error) => {
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `wasm trap: ${error}`);
    assert.ok(error instanceof Error, `not an Error: ${error}`);
    assert.doesNotMatch(error.message, /unreachable|recursive use|null pointer/);
    assert.match(error.message, pattern);
    return true;
  });
  // The module and the zones made before keep working.
  assert.equal(newYork.localDate(MAR8_START), "2026-03-08");
  assert.equal(parseZone("UTC0").toString(), "UTC0");
}

const newYork = parseZone(NEW_YORK);

test("parseZone and new Zone: canonical POSIX form, encoding, fixed zones", () => {
  assert.ok(newYork instanceof Zone);
  assert.equal(newYork.toString(), NEW_YORK);
  assert.equal(`${newYork}`, NEW_YORK);
  assert.equal(newYork.rule, NEW_YORK);
  assert.equal(newYork.transitionCount, 0);
  assert.equal(new Zone("EST+5EDT4,M3.2.0/2:00:00,M11.1.0").toString(), NEW_YORK);
  // SPEC 5.1.4, worked example 1 (36 bytes).
  const hex = "010103455354ffffb9b003454454ffffc7c00303020000001c20030b010000001c200000";
  assert.equal(newYork.encode(), hex);
  assert.equal(Zone.decode(hex).toString(), NEW_YORK);
  assert.equal(Zone.decode(hex.toUpperCase()).encode(), hex);
  assert.equal(Zone.fixed(19800).toString(), "<+0530>-5:30");
  assert.equal(Zone.fixed(0).toString(), "UTC0");
  assert.equal(parseZone("UTC0").encode(), "010003555443000000000000"); // SPEC: 12 bytes
});

test("SPEC 5.1.4 worked example 2: a zone with an explicit transition decodes", () => {
  const hex =
    "010103455354ffffb9b003454454ffffc7c00303020000001c20030b010000001c20" +
    "0001" + "ffffb9b000" + "0000000045f3a8f0" + "ffffc7c001";
  const zone = Zone.decode(hex);
  assert.equal(zone.transitionCount, 1);
  assert.equal(zone.rule, NEW_YORK);
  assert.equal(zone.toString(), `${NEW_YORK} [+1 transitions until 2007-03-11T07:00:00Z]`);
  assert.equal(zone.encode(), hex);
  // Before the transition: the initial offset (EST), even in summer.
  assert.equal(zone.localDateTime(1150000000).offsetSeconds, -18000); // 2006-06-11
  assert.equal(zone.localDateTime(1173596400).offsetSeconds, -14400); // at the transition
});

test("localDateTime and localDate", () => {
  // SPEC example: 2026-11-22T03:00:00Z is still the 21st in New York.
  assert.equal(newYork.localDate(NOV22_UTC_MIDNIGHT + 3 * HOUR), "2026-11-21");
  assert.deepEqual(newYork.localDateTime(NOV22_UTC_MIDNIGHT + 3 * HOUR), {
    date: "2026-11-21",
    time: "22:00:00",
    weekday: "sat",
    offsetSeconds: -18000,
    isDst: false,
  });
  // The last second of EST and the first of EDT on 2026-03-08 (07:00Z).
  const change = MAR8_UTC_MIDNIGHT + 7 * HOUR;
  assert.deepEqual(newYork.localDateTime(change - 1), {
    date: "2026-03-08", time: "01:59:59", weekday: "sun", offsetSeconds: -18000, isDst: false,
  });
  assert.deepEqual(newYork.localDateTime(change), {
    date: "2026-03-08", time: "03:00:00", weekday: "sun", offsetSeconds: -14400, isDst: true,
  });
});

test("dayBounds: 2026-03-08 lasts 23 hours and 2026-11-01 25 hours in New York", () => {
  assert.deepEqual(newYork.dayBounds("2026-03-08"), { start: MAR8_START, end: MAR8_END });
  assert.equal(MAR8_END - MAR8_START, 23 * HOUR);
  assert.deepEqual(newYork.dayBounds("2026-11-01"), { start: NOV1_START, end: NOV1_END });
  assert.equal(NOV1_END - NOV1_START, 25 * HOUR);
  // An ordinary day, and consecutive days tile the time line.
  const nov22 = newYork.dayBounds("2026-11-22");
  assert.deepEqual(nov22, { start: NOV22_UTC_MIDNIGHT + 5 * HOUR, end: NOV22_UTC_MIDNIGHT + DAY + 5 * HOUR });
  assert.equal(newYork.dayBounds("2026-11-23").start, nov22.end);
});

test("dayBounds: null for a date that never occurs (Pacific/Apia 2011-12-30)", () => {
  // Built with Zone::from_iana("Pacific/Apia", 2011-12-01, 2012-01-01): -10 until
  // 2011-12-30T10:00:00Z, then +14, then the rule <+13>-13 (from vectors/doorcode_zone_test.json).
  const apia = Zone.decode("0100032b31330000b6d00002ffff736001000000004efd8ba00000c4e001000000004effa2000000b6d000");
  assert.equal(apia.dayBounds("2011-12-30"), null);
  assert.equal(apia.localDate(1325239199), "2011-12-29"); // 2011-12-30T09:59:59Z = 23:59:59 -10
  assert.equal(apia.localDate(1325239200), "2011-12-31"); // one second later, at +14
});

test("resolve 02:30 on 2026-03-08 (a gap) with each choice", () => {
  // Wall clock 2026-03-08T02:30 = 1,772,928,000 + 9,000. Read with EDT (-4 h, after the jump):
  // 06:30Z = 01:30 EST; read with EST (-5 h, before): 07:30Z = 03:30 EDT.
  const earlier = MAR8_UTC_MIDNIGHT + 6 * HOUR + 30 * MINUTE; // 1,772,951,400
  const later = MAR8_UTC_MIDNIGHT + 7 * HOUR + 30 * MINUTE; // 1,772,955,000
  assert.equal(newYork.resolve("2026-03-08T02:30"), later); // compatible is the default
  assert.equal(newYork.resolve("2026-03-08T02:30", "compatible"), later);
  assert.equal(newYork.resolve("2026-03-08T02:30:00", "earlier"), earlier);
  assert.equal(newYork.resolve("2026-03-08T02:30", "later"), later);
  throwsWith(
    () => newYork.resolve("2026-03-08T02:30", "reject"),
    /localDateTime 2026-03-08T02:30:00 is in a gap: the clocks jumped forward over it, so it never happens; choice "earlier" gives 1772951400, "later" gives 1772955000/,
  );
  assert.equal(newYork.localDateTime(later).time, "03:30:00");
  assert.equal(newYork.localDateTime(earlier).time, "01:30:00");
});

test("resolve 01:30 on 2026-11-01 (a fold) with each choice, and ordinary times", () => {
  // Wall clock 01:30 = 1,793,491,200 + 5,400: EDT gives 05:30Z, EST 06:30Z.
  const edt = NOV1_UTC_MIDNIGHT + 5 * HOUR + 30 * MINUTE; // 1,793,511,000
  const est = NOV1_UTC_MIDNIGHT + 6 * HOUR + 30 * MINUTE; // 1,793,514,600
  assert.equal(newYork.resolve("2026-11-01T01:30"), edt);
  assert.equal(newYork.resolve("2026-11-01T01:30", "earlier"), edt);
  assert.equal(newYork.resolve("2026-11-01T01:30", "later"), est);
  throwsWith(() => newYork.resolve("2026-11-01T01:30", "reject"), /is in a fold: the clocks went back, so it happens twice; choice "earlier" gives 1793511000, "later" gives 1793514600/);
  for (const choice of ["compatible", "earlier", "later", "reject"]) {
    assert.equal(newYork.resolve("2026-11-22T00:00:00", choice), NOV22_UTC_MIDNIGHT + 5 * HOUR);
  }
});

test("nextTransition", () => {
  assert.deepEqual(newYork.nextTransition(NOV22_UTC_MIDNIGHT - 365 * DAY), {
    at: MAR8_UTC_MIDNIGHT + 7 * HOUR, // 02:00 EST becomes 03:00 EDT
    offsetSeconds: -14400,
    isDst: true,
  });
  assert.deepEqual(newYork.nextTransition(NOV22_UTC_MIDNIGHT - 30 * DAY), {
    at: 1793512800, // 2026-11-01T06:00:00Z: 02:00 EDT becomes 01:00 EST
    offsetSeconds: -18000,
    isDst: false,
  });
  assert.deepEqual(newYork.nextTransition(NOV1_END), {
    at: 1805007600, // 2027-03-14T07:00:00Z
    offsetSeconds: -14400,
    isDst: true,
  });
  assert.equal(Zone.fixed(3600).nextTransition(0), null);
});

test("DailyVerifier.verify, oddsAt and localDate take a Zone as well as an offset", () => {
  const doorKey = deriveDoorKey(SITE_SECRET_HEX, "lobby");
  const issuer = new DailyIssuer(doorKey, "lobby", 0, 0);
  const verifier = new DailyVerifier(doorKey, "lobby", null, [{ issuer: 0, epoch: 0 }]);
  const code = issuer.issue("2026-11-21", "daily", 3);
  const lateEvening = NOV22_UTC_MIDNIGHT + 3 * HOUR; // 22:00 EST on the 21st
  assert.equal(verifier.verify(code, lateEvening, newYork).accepted, true);
  assert.equal(verifier.verify(code, lateEvening, -18000).accepted, true);
  assert.equal(verifier.verify(code, lateEvening, 0).accepted, false); // the 22nd already
  assert.equal(verifier.verify(code, lateEvening, Zone.fixed(0)).accepted, false);
  assert.equal(localDate(lateEvening, newYork), "2026-11-21");
  assert.equal(localDate(lateEvening, -18000), "2026-11-21");
  assert.deepEqual(verifier.oddsAt(lateEvening, newYork), verifier.oddsAt(lateEvening, -18000));
  // On the 23-hour day, the day's code works from 00:00 EST - grace to 00:00 EDT + grace.
  const mar8 = issuer.issue("2026-03-08", "daily", 0);
  assert.equal(verifier.verify(mar8, MAR8_END + 899, newYork).accepted, true);
  assert.equal(verifier.verify(mar8, MAR8_END + 900, newYork).accepted, false);
  assert.equal(verifier.verify(mar8, MAR8_START - 900, newYork).accepted, true);
  assert.equal(verifier.verify(mar8, MAR8_START - 901, newYork).accepted, false);
  // The zone passed in is not consumed: it still works afterwards.
  assert.equal(newYork.toString(), NEW_YORK);
  issuer.free();
  verifier.free();
});

test("bad input throws clear Errors and the module keeps working", () => {
  throwsWith(() => parseZone("EST5EDT"), /posix "EST5EDT": invalid POSIX TZ string: DST abbreviation without a ',start,end' rule at byte 7/);
  throwsWith(() => parseZone("EST5EDT,M3.2.0"), /expected ',' at byte 14/);
  throwsWith(() => parseZone("EST5EDT,M13.2.0,M11.1.0"), /month outside 1..12 at byte \d+/);
  throwsWith(() => parseZone(""), /empty TZ string at byte 0/);
  throwsWith(() => parseZone("America/New_York"), /at byte \d+/);
  throwsWith(() => new Zone("EST"), /invalid POSIX TZ string/);
  throwsWith(() => parseZone(5), /posix must be a string, got number/);
  throwsWith(() => Zone.fixed(90000), /offsetSeconds must be between -89999 and 89999, got 90000/);
  throwsWith(() => Zone.fixed("0"), /offsetSeconds must be a number, got string/);
  // Bad hex and bad encodings.
  throwsWith(() => Zone.decode("zz"), /hex is not valid hex: unexpected character at position 0/);
  throwsWith(() => Zone.decode("010"), /hex is not valid hex: odd number of digits \(3\)/);
  throwsWith(() => Zone.decode(""), /hex: encoded zone truncated at byte 0/);
  throwsWith(() => Zone.decode("02"), /hex: unknown zone encoding version 0x02/);
  throwsWith(() => Zone.decode(newYork.encode() + "00"), /unexpected bytes from offset 36/);
  throwsWith(() => Zone.decode(null), /hex must be a string, got null/);
  // Local date-times and choices.
  throwsWith(() => newYork.resolve("2026-03-08 02:30"), /localDateTime "2026-03-08 02:30" is not of the form YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS/);
  throwsWith(() => newYork.resolve("2026-03-08T2:30"), /not of the form/);
  throwsWith(() => newYork.resolve("2026-03-08T24:00"), /time of day outside 00:00:00..=23:59:59/);
  throwsWith(() => newYork.resolve("2026-02-30T10:00"), /day does not exist in that month/);
  throwsWith(() => newYork.resolve("2026-03-08T02:30", "nearest"), /choice must be "compatible", "earlier", "later" or "reject", got "nearest"/);
  throwsWith(() => newYork.dayBounds("2026-3-8"), /date "2026-3-8": date is not of the form YYYY-MM-DD/);
  throwsWith(() => newYork.localDateTime(1.5), /unixSeconds must be an integer, got 1.5/);
  throwsWith(() => newYork.localDateTime(-1e13), /unixSeconds: instant is outside the supported years/);
  throwsWith(() => newYork.nextTransition(1e13), /unixSeconds: instant is outside the supported years/);
  // Things that are not zones where a zone is expected.
  const doorKey = deriveDoorKey(SITE_SECRET_HEX, "lobby");
  const verifier = new DailyVerifier(doorKey, "lobby", null, [{ issuer: 0, epoch: 0 }]);
  throwsWith(() => verifier.verify("1234567", NOV22_UTC_MIDNIGHT, {}), /zone must be a Zone or a number \(utcOffsetSeconds\), got object \(not a Zone, or a Zone already freed\)/);
  throwsWith(() => verifier.verify("1234567", NOV22_UTC_MIDNIGHT, "EST5EDT,M3.2.0,M11.1.0"), /zone must be a Zone or a number \(utcOffsetSeconds\), got string/);
  throwsWith(() => verifier.verify("1234567", NOV22_UTC_MIDNIGHT, null), /got null/);
  throwsWith(() => localDate(0, new Schedule()), /zone must be a Zone or a number/);
  throwsWith(() => localDate(0, { __doorcodeZoneHex: () => "zz" }), /zone is not valid hex/);
  throwsWith(
    () => localDate(0, { __doorcodeZoneHex: () => { throw new Error("boom"); } }),
    /zone must be a Zone or a number/,
  );
  const freed = parseZone(NEW_YORK);
  freed.free();
  throwsWith(() => localDate(0, freed), /got object \(not a Zone, or a Zone already freed\)/);
  assert.throws(() => freed.localDate(0), Error); // wasm-bindgen: "null pointer passed to rust"
  // Still fine afterwards.
  assert.equal(verifier.verify("1234567", NOV22_UTC_MIDNIGHT, newYork).reason, "NoMatch");
  verifier.free();
});
