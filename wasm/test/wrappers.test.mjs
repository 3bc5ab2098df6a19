// The JavaScript layer's wrapped classes and functions behave like the classes they wrap:
// constructors and statics return real instances, subclasses keep their prototype, a Zone and
// the equivalent fixed offset give the same answers, and results have the documented shapes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { doorcode, SITE_SECRET_HEX, NOV22_UTC_MIDNIGHT, HOUR } from "../test-support/doorcode.mjs";

const { deriveDoorKey, deriveIssuerKey, DailyIssuer, DailyVerifier, Zone, parseZone, Schedule, AccessRule, localDate } =
  doorcode;

const DOOR = "lobby";
const DOOR_KEY = deriveDoorKey(SITE_SECRET_HEX, DOOR);

test("constructors and statics return instances of the exported classes", () => {
  const issuer = new DailyIssuer(DOOR_KEY, DOOR, 0, 0);
  assert.ok(issuer instanceof DailyIssuer);
  const partner = DailyIssuer.fromIssuerKey(deriveIssuerKey(DOOR_KEY, 1, 0), 1, new TextEncoder().encode(DOOR));
  assert.ok(partner instanceof DailyIssuer);
  const verifier = new DailyVerifier(DOOR_KEY, DOOR, null, [{ issuer: 0, epoch: 0 }, { issuer: 1, epoch: 0 }]);
  assert.ok(verifier instanceof DailyVerifier);
  assert.equal(verifier.issuerCount, 2);
  const zone = new Zone("UTC0");
  assert.ok(zone instanceof Zone);
  assert.ok(parseZone("UTC0") instanceof Zone);
  assert.ok(Zone.fixed(3600) instanceof Zone);
  assert.ok(Zone.decode(zone.encode()) instanceof Zone);
  assert.equal(Zone.fixed.name, "fixed");
  assert.equal(Zone.decode.name, "decode");
  // A partner's code (a Uint8Array door id) verifies at the door, with a Zone or an offset.
  const code = partner.issue("2026-11-22", "single-use", 7);
  const noon = NOV22_UTC_MIDNIGHT + 12 * HOUR;
  const accepted = { accepted: true, date: "2026-11-22", slot: 7, kind: "single-use", issuer: 1 };
  assert.deepEqual(verifier.verify(code, noon, zone), accepted);
  assert.deepEqual(verifier.verify(code, noon, 0), accepted);
  assert.deepEqual(verifier.oddsAt(noon, zone), verifier.oddsAt(noon, 0));
  for (const instance of [issuer, partner, verifier, zone]) instance.free();
});

test("subclasses of the wrapped classes keep their own prototype", () => {
  class NamedVerifier extends DailyVerifier {
    get name() {
      return "front door";
    }
  }
  const verifier = new NamedVerifier(DOOR_KEY, DOOR, null, [{ issuer: 0, epoch: 0 }]);
  assert.ok(verifier instanceof NamedVerifier);
  assert.ok(verifier instanceof DailyVerifier);
  assert.equal(verifier.name, "front door");
  assert.equal(verifier.verify("123", NOV22_UTC_MIDNIGHT, 0).reason, "Malformed.WrongLength");
  verifier.free();
});

test("a rejected entry's message keeps its spaces", () => {
  const verifier = new DailyVerifier(DOOR_KEY, DOOR, null, [{ issuer: 0, epoch: 0 }]);
  const result = verifier.verify("12 34", NOV22_UTC_MIDNIGHT, 0);
  assert.equal(result.accepted, false);
  assert.equal(result.reason, "Malformed.WrongLength");
  assert.match(result.message, / /);
  assert.deepEqual(Object.keys(result), ["accepted", "reason", "message"]);
  verifier.free();
});

test("zone results: a fixed zone never changes, an access rule names the denying schedule", () => {
  const plusOne = Zone.fixed(3600);
  assert.equal(plusOne.nextTransition(NOV22_UTC_MIDNIGHT), null);
  assert.deepEqual(plusOne.localDateTime(NOV22_UTC_MIDNIGHT), {
    date: "2026-11-22",
    time: "01:00:00",
    weekday: "sun", // 2026-11-22 is a Sunday
    offsetSeconds: 3600,
    isDst: false,
  });
  assert.equal(localDate(NOV22_UTC_MIDNIGHT - 1, plusOne), localDate(NOV22_UTC_MIDNIGHT - 1, 3600));
  const closed = new AccessRule();
  closed.addSchedule(new Schedule());
  const denied = closed.check(NOV22_UTC_MIDNIGHT, plusOne);
  assert.equal(denied.allowed, false);
  assert.equal(denied.schedule, 0);
  assert.equal(denied.reason, "Schedule.OutsideWindows");
  assert.deepEqual(new AccessRule().check(NOV22_UTC_MIDNIGHT, plusOne), { allowed: true });
  assert.equal(new AccessRule().check(null, plusOne).schedule, null);
  plusOne.free();
});
