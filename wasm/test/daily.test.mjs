// Issue and verify daily codes end to end through the JavaScript API.
import { test } from "node:test";
import assert from "node:assert/strict";
import { doorcode, SITE_SECRET_HEX, NOV22_UTC_MIDNIGHT, HOUR, MINUTE } from "../test-support/doorcode.mjs";

const { deriveDoorKey, deriveIssuerKey, issueDaily, DailyIssuer, DailyVerifier, localDate, defaultPolicy } =
  doorcode;

const DOOR = "lobby";
const DOOR_KEY = deriveDoorKey(SITE_SECRET_HEX, DOOR);
const OTHER_DOOR = "garage";
const OTHER_DOOR_KEY = deriveDoorKey(SITE_SECRET_HEX, OTHER_DOOR);
const BACKEND = [{ issuer: 0, epoch: 0 }];

// Instants, all derived from 2026-11-22T00:00:00Z = 1795305600 (see test-support/doorcode.mjs).
// 2026-11-22T09:00:00Z = 1795305600 + 9 * 3600 = 1795338000: 10:00 at a UTC+01:00 door.
const NOV22_0900Z = NOV22_UTC_MIDNIGHT + 9 * HOUR;
assert.equal(NOV22_0900Z, 1795338000);

function issue(date, kind, slot, extra = {}) {
  return issueDaily({ doorKeyHex: DOOR_KEY, doorId: DOOR, issuer: 0, epoch: 0, date, kind, slot, ...extra });
}

function lobbyVerifier(policy = null, issuers = BACKEND) {
  return new DailyVerifier(DOOR_KEY, DOOR, policy, issuers);
}

test("keys: door keys are 64 hex digits, deterministic and per door", () => {
  assert.match(DOOR_KEY, /^[0-9a-f]{64}$/);
  assert.equal(deriveDoorKey(SITE_SECRET_HEX, DOOR), DOOR_KEY);
  assert.equal(deriveDoorKey(SITE_SECRET_HEX.toUpperCase(), new TextEncoder().encode(DOOR)), DOOR_KEY);
  assert.notEqual(OTHER_DOOR_KEY, DOOR_KEY);
  const a = deriveIssuerKey(DOOR_KEY, 7, 2);
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.notEqual(deriveIssuerKey(DOOR_KEY, 7, 3), a, "a new epoch is a new key");
  assert.notEqual(deriveIssuerKey(DOOR_KEY, 8, 2), a, "another issuer is another key");
});

test("round trip: a daily code verifies with its date, slot, kind and issuer", () => {
  const code = issue("2026-11-22", "daily", 3);
  assert.match(code, /^[0-9]{7}$/);
  const result = lobbyVerifier().verify(code, NOV22_0900Z, 3600);
  assert.deepEqual(result, { accepted: true, date: "2026-11-22", slot: 3, kind: "daily", issuer: 0 });
});

test("round trip: single-use codes", () => {
  const verifier = lobbyVerifier();
  for (const slot of [0, 42, 99]) {
    const code = issue("2026-11-22", "single-use", slot);
    assert.deepEqual(verifier.verify(code, NOV22_0900Z, 3600), {
      accepted: true,
      date: "2026-11-22",
      slot,
      kind: "single-use",
      issuer: 0,
    });
  }
});

test("every slot of one door-day gets a distinct code, and each verifies as itself", () => {
  const issuer = new DailyIssuer(DOOR_KEY, DOOR, 0, 0);
  const verifier = lobbyVerifier();
  const seen = new Map();
  for (const kind of ["daily", "single-use"]) {
    for (let slot = 0; slot < 100; slot++) {
      const code = issuer.issue("2026-11-22", kind, slot);
      assert.ok(!seen.has(code), `${kind} ${slot} repeats ${seen.get(code)}`);
      seen.set(code, `${kind} ${slot}`);
      const result = verifier.verify(code, NOV22_0900Z, 3600);
      assert.equal(result.accepted, true);
      assert.equal(result.kind, kind);
      assert.equal(result.slot, slot);
    }
  }
  assert.equal(seen.size, 200);
});

test("the DailyIssuer class, fromIssuerKey and the one-shot function agree", () => {
  const oneShot = issue("2026-11-22", "daily", 17);
  const fromDoorKey = new DailyIssuer(DOOR_KEY, DOOR, 0, 0).issue("2026-11-22", "daily", 17);
  const fromIssuerKey = DailyIssuer.fromIssuerKey(deriveIssuerKey(DOOR_KEY, 0, 0), 0, DOOR).issue(
    "2026-11-22",
    "daily",
    17,
  );
  assert.equal(fromDoorKey, oneShot);
  assert.equal(fromIssuerKey, oneShot);
});

test("a code for another door is rejected", () => {
  const code = issue("2026-11-22", "daily", 3);
  const garage = new DailyVerifier(OTHER_DOOR_KEY, OTHER_DOOR, null, BACKEND);
  assert.deepEqual(garage.verify(code, NOV22_0900Z, 3600), {
    accepted: false,
    reason: "NoMatch",
    message: "no enabled issuer issued this code for a valid day",
  });
  // The right key but the wrong door id (the door id is in the tweak) is also rejected.
  const confused = new DailyVerifier(DOOR_KEY, OTHER_DOOR, null, BACKEND);
  assert.equal(confused.verify(code, NOV22_0900Z, 3600).reason, "NoMatch");
});

test("yesterday's code: accepted within the 900 s grace after local midnight, rejected after", () => {
  const verifier = lobbyVerifier();
  const yesterday = issue("2026-11-21", "daily", 5);
  const accepted = { accepted: true, date: "2026-11-21", slot: 5, kind: "daily", issuer: 0 };

  // UTC door: local midnight of the 22nd is 1795305600.
  // 00:10:00Z = 1795305600 + 600 = 1795306200: now - 900 = 23:55 on the 21st, so the 21st is a candidate.
  assert.deepEqual(verifier.verify(yesterday, NOV22_UTC_MIDNIGHT + 10 * MINUTE, 0), accepted);
  // 00:14:59Z = 1795306499: now - 900 = 1795305599 = 23:59:59 on the 21st: still accepted.
  assert.deepEqual(verifier.verify(yesterday, 1795306499, 0), accepted);
  // 00:15:00Z = 1795306500: now - 900 = 1795305600 = 00:00:00 on the 22nd: the 21st is no longer a candidate.
  assert.equal(verifier.verify(yesterday, 1795306500, 0).reason, "NoMatch");
  // 01:00:00Z = 1795309200: far outside the grace.
  assert.equal(verifier.verify(yesterday, NOV22_UTC_MIDNIGHT + HOUR, 0).reason, "NoMatch");
  // At 12:00 on the 21st itself it is of course valid: 1795305600 - 12 * 3600 = 1795262400.
  assert.deepEqual(verifier.verify(yesterday, 1795262400, 0), accepted);

  // A UTC+01:00 door: local midnight of the 22nd is 2026-11-21T23:00:00Z = 1795305600 - 3600 = 1795302000.
  assert.deepEqual(verifier.verify(yesterday, 1795302000 + 899, 3600), accepted);
  assert.equal(verifier.verify(yesterday, 1795302000 + 900, 3600).reason, "NoMatch");
  // ... and at 00:30Z on the 22nd (01:30 local) the UTC reading would still be in grace, the local one is not.
  assert.equal(verifier.verify(yesterday, NOV22_UTC_MIDNIGHT + 10 * MINUTE, 3600).reason, "NoMatch");
});

test("tomorrow's code: accepted within the grace before local midnight", () => {
  const verifier = lobbyVerifier();
  const tomorrow = issue("2026-11-23", "daily", 8);
  // 2026-11-22T23:50:00Z = 1795305600 + 86400 - 600 = 1795391400: now + 900 is 00:05 on the 23rd.
  assert.deepEqual(verifier.verify(tomorrow, 1795391400, 0), {
    accepted: true,
    date: "2026-11-23",
    slot: 8,
    kind: "daily",
    issuer: 0,
  });
  // 23:44:59Z = 1795391099: now + 900 = 23:59:59 on the 22nd: not yet.
  assert.equal(verifier.verify(tomorrow, 1795391099, 0).reason, "NoMatch");
});

test("no grace: the day's codes work exactly during the local day", () => {
  const policy = { graceSeconds: 0 };
  const verifier = lobbyVerifier(policy);
  const code = issue("2026-11-22", "daily", 1, { policy });
  assert.equal(verifier.verify(code, NOV22_UTC_MIDNIGHT, 0).accepted, true);
  assert.equal(verifier.verify(code, NOV22_UTC_MIDNIGHT - 1, 0).reason, "NoMatch");
  assert.equal(verifier.verify(code, NOV22_UTC_MIDNIGHT + 86400 - 1, 0).accepted, true);
  assert.equal(verifier.verify(code, NOV22_UTC_MIDNIGHT + 86400, 0).reason, "NoMatch");
});

test("changing any one digit gets the code rejected", () => {
  const verifier = lobbyVerifier();
  const code = issue("2026-11-22", "daily", 3);
  for (let position = 0; position < code.length; position++) {
    for (let delta = 1; delta <= 9; delta += 4) {
      const digit = (Number(code[position]) + delta) % 10;
      const changed = code.slice(0, position) + digit + code.slice(position + 1);
      const result = verifier.verify(changed, NOV22_0900Z, 3600);
      assert.equal(result.accepted, false, `${changed} (from ${code}) was accepted: ${JSON.stringify(result)}`);
      assert.equal(result.reason, "NoMatch");
    }
  }
});

test("spaces and dashes typed inside a code are ignored", () => {
  const verifier = lobbyVerifier();
  const code = issue("2026-11-22", "daily", 3);
  for (const typed of [
    `${code.slice(0, 3)} ${code.slice(3)}`,
    `${code.slice(0, 3)}-${code.slice(3)}`,
    ` ${code.split("").join(" ")} `,
    `--${code}--`,
  ]) {
    assert.deepEqual(
      verifier.verify(typed, NOV22_0900Z, 3600),
      { accepted: true, date: "2026-11-22", slot: 3, kind: "daily", issuer: 0 },
      JSON.stringify(typed),
    );
  }
});

test("malformed entries are rejections with a reason, not exceptions", () => {
  const verifier = lobbyVerifier();
  const cases = [
    ["123456", "Malformed.WrongLength", /6 digits entered; codes have 7/],
    ["12345678", "Malformed.WrongLength", /8 digits/],
    ["", "Malformed.Empty", /no digits/],
    [" - ", "Malformed.Empty", /no digits/],
    ["123a567", "Malformed.InvalidCharacter", /byte 3/],
    ["123\u0663567", "Malformed.InvalidCharacter", /byte 3/], // ARABIC-INDIC DIGIT THREE is not a digit here
    ["1".repeat(65), "Malformed.TooLong", /65 bytes/],
  ];
  for (const [input, reason, message] of cases) {
    const result = verifier.verify(input, NOV22_0900Z, 3600);
    assert.equal(result.accepted, false, JSON.stringify(input));
    assert.equal(result.reason, reason, JSON.stringify(input));
    assert.match(result.message, message);
    assert.deepEqual(Object.keys(result), ["accepted", "reason", "message"]);
  }
});

test("a clock outside 1900..=9999 fails closed", () => {
  const verifier = lobbyVerifier();
  const code = issue("2026-11-22", "daily", 3);
  // 1900-01-01T00:00:00Z = -2208988800; a UTC door at that instant has now - grace in 1899.
  const result = verifier.verify(code, -2208988800, 0);
  assert.equal(result.reason, "ClockOutOfRange");
  assert.match(result.message, /clock/);
  // Year 10000 and beyond.
  assert.equal(verifier.verify(code, 253402300800, 0).reason, "ClockOutOfRange");
});

test("partners: listed issuers at their current epoch are accepted, others are not", () => {
  const partnerCode = issue("2026-11-22", "daily", 9, { issuer: 7, epoch: 2 });
  const both = lobbyVerifier(null, [
    { issuer: 0, epoch: 0 },
    { issuer: 7, epoch: 2 },
  ]);
  assert.equal(both.issuerCount, 2);
  assert.deepEqual(both.verify(partnerCode, NOV22_0900Z, 3600), {
    accepted: true,
    date: "2026-11-22",
    slot: 9,
    kind: "daily",
    issuer: 7,
  });
  // The backend's own codes still work alongside.
  assert.equal(both.verify(issue("2026-11-22", "daily", 9), NOV22_0900Z, 3600).issuer, 0);
  // Partner removed from the door: rejected.
  assert.equal(lobbyVerifier().verify(partnerCode, NOV22_0900Z, 3600).reason, "NoMatch");
  // Partner's epoch bumped to 3 (its old key revoked): rejected.
  const bumped = lobbyVerifier(null, [
    { issuer: 0, epoch: 0 },
    { issuer: 7, epoch: 3 },
  ]);
  assert.equal(bumped.verify(partnerCode, NOV22_0900Z, 3600).reason, "NoMatch");
  // A partner holding only its issuer key issues the same code.
  const partner = DailyIssuer.fromIssuerKey(deriveIssuerKey(DOOR_KEY, 7, 2), 7, DOOR);
  assert.equal(partner.issue("2026-11-22", "daily", 9), partnerCode);
});

test("other code lengths and policies", () => {
  const policy = { digits: 8, dailySlots: 1000, singleUseSlots: 0 };
  const issuer = new DailyIssuer(DOOR_KEY, DOOR, 0, 0, policy);
  assert.deepEqual(issuer.policy, { digits: 8, dailySlots: 1000, singleUseSlots: 0, graceSeconds: 900 });
  const code = issuer.issue("2026-11-22", "daily", 999);
  assert.match(code, /^[0-9]{8}$/);
  const verifier = lobbyVerifier(policy);
  assert.deepEqual(verifier.policy, issuer.policy);
  assert.equal(verifier.verify(code, NOV22_0900Z, 3600).slot, 999);
  // A 7-digit entry is the wrong length for this lock.
  assert.equal(verifier.verify(code.slice(1), NOV22_0900Z, 3600).reason, "Malformed.WrongLength");
});

test("binary door ids (Uint8Array) work like their string form", () => {
  const bytes = new TextEncoder().encode(DOOR);
  const code = issueDaily({
    doorKeyHex: DOOR_KEY,
    doorId: bytes,
    issuer: 0,
    epoch: 0,
    date: "2026-11-22",
    kind: "daily",
    slot: 3,
  });
  assert.equal(code, issue("2026-11-22", "daily", 3));
  const id32 = Uint8Array.from({ length: 32 }, (_, i) => i);
  const key32 = deriveDoorKey(SITE_SECRET_HEX, id32);
  const code32 = new DailyIssuer(key32, id32, 0, 0).issue("2026-11-22", "daily", 0);
  assert.equal(new DailyVerifier(key32, id32, null, BACKEND).verify(code32, NOV22_0900Z, 3600).accepted, true);
});

test("localDate follows the door's offset", () => {
  assert.equal(localDate(NOV22_UTC_MIDNIGHT, 0), "2026-11-22");
  assert.equal(localDate(NOV22_UTC_MIDNIGHT - 1, 0), "2026-11-21");
  // 2026-11-22T03:00:00Z = 1795305600 + 10800 = 1795316400 is still the 21st in New York (UTC-5).
  assert.equal(localDate(1795316400, -5 * HOUR), "2026-11-21");
  // 2026-11-21T23:00:00Z = 1795302000 is already the 22nd at UTC+01:00.
  assert.equal(localDate(1795302000, HOUR), "2026-11-22");
  assert.equal(localDate(0, 0), "1970-01-01");
  assert.deepEqual(defaultPolicy(), { digits: 7, dailySlots: 100, singleUseSlots: 100, graceSeconds: 900 });
});

test("instances can be freed, and a freed instance throws instead of trapping", () => {
  const verifier = lobbyVerifier();
  const code = issue("2026-11-22", "daily", 3);
  assert.equal(verifier.verify(code, NOV22_0900Z, 3600).accepted, true);
  verifier.free();
  assert.throws(() => verifier.verify(code, NOV22_0900Z, 3600), Error);
  // The module still works.
  assert.equal(lobbyVerifier().verify(code, NOV22_0900Z, 3600).accepted, true);
});
