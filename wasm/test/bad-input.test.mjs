// Bad arguments from JavaScript throw an Error naming the problem; nothing traps, and the module
// (and every live instance) keeps working afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { doorcode, SITE_SECRET_HEX, NOV22_UTC_MIDNIGHT } from "../test-support/doorcode.mjs";

const { deriveDoorKey, deriveIssuerKey, issueDaily, DailyIssuer, DailyVerifier, guessOdds, checkPolicy, localDate } =
  doorcode;

const DOOR = "lobby";
const DOOR_KEY = deriveDoorKey(SITE_SECRET_HEX, DOOR);
const BACKEND = [{ issuer: 0, epoch: 0 }];
const NOW = NOV22_UTC_MIDNIGHT + 12 * 3600; // 2026-11-22T12:00:00Z
const GOOD = { doorKeyHex: DOOR_KEY, doorId: DOOR, issuer: 0, epoch: 0, date: "2026-11-22", kind: "daily", slot: 3 };

// Live instances that every failing call below must leave usable.
const verifier = new DailyVerifier(DOOR_KEY, DOOR, null, BACKEND);
const issuer = new DailyIssuer(DOOR_KEY, DOOR, 0, 0);

/** Assert that `fn` throws a plain Error (not a wasm trap) whose message matches `pattern`. */
function throwsWith(fn, pattern, label = String(pattern)) {
  assert.throws(
    fn,
    (error) => {
      assert.ok(!(error instanceof WebAssembly.RuntimeError), `${label}: wasm trap: ${error}`);
      assert.ok(error instanceof Error, `${label}: not an Error: ${error}`);
      assert.doesNotMatch(error.message, /unreachable|recursive use|null pointer/, label);
      assert.match(error.message, pattern, label);
      return true;
    },
    label,
  );
  stillWorks(label);
}

/** Calls that do not depend on anything but argument handling and key derivation. */
function stillWorks(label) {
  assert.equal(deriveDoorKey(SITE_SECRET_HEX, DOOR), DOOR_KEY, `after ${label}`);
  assert.equal(verifier.verify("123", NOW, 0).reason, "Malformed.WrongLength", `after ${label}`);
  assert.equal(verifier.issuerCount, 1, `after ${label}`);
  assert.equal(issuer.policy.digits, 7, `after ${label}`);
}

test("deriveDoorKey: site secret and door id", () => {
  throwsWith(() => deriveDoorKey(123, DOOR), /siteSecretHex must be a string, got number/);
  throwsWith(() => deriveDoorKey(undefined, DOOR), /siteSecretHex must be a string, got undefined/);
  throwsWith(() => deriveDoorKey(null, DOOR), /siteSecretHex must be a string, got null/);
  throwsWith(() => deriveDoorKey("zz".repeat(16), DOOR), /siteSecretHex: site secret: key is not valid hex/);
  throwsWith(() => deriveDoorKey("abc", DOOR), /not valid hex/);
  throwsWith(() => deriveDoorKey("00".repeat(15), DOOR), /key material is 15 bytes; at least 16 required/);
  throwsWith(() => deriveDoorKey("00".repeat(65), DOOR), /at most 64 allowed/);
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX, ""), /doorId: door id is empty/);
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX, "x".repeat(33)), /doorId: door id is 33 bytes; at most 32 allowed/);
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX, "\u00e9".repeat(17)), /doorId: door id is 34 bytes/); // 2 UTF-8 bytes each
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX, new Uint8Array(0)), /door id is empty/);
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX, new Uint8Array(33)), /doorId: door id is 33 bytes; at most 32 allowed/);
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX, new Uint8Array(1 << 20)), /doorId: door id is 1048576 bytes/);
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX, 42), /doorId must be a string or a Uint8Array, got number/);
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX, [1, 2, 3]), /doorId must be a string or a Uint8Array, got array/);
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX, null), /got null/);
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX, "\ud800"), /doorId is not valid Unicode/);
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX), /doorId must be a string or a Uint8Array, got undefined/);
});

test("deriveIssuerKey: door key, issuer and epoch numbers", () => {
  throwsWith(() => deriveIssuerKey(DOOR_KEY.slice(0, 62), 0, 0), /doorKeyHex: door key: key is 31 bytes; exactly 32 required/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY + "00", 0, 0), /key is 33 bytes; exactly 32 required/);
  throwsWith(() => deriveIssuerKey("g" + DOOR_KEY.slice(1), 0, 0), /doorKeyHex: door key: key is not valid hex/);
  throwsWith(() => deriveIssuerKey("", 0, 0), /key is 0 bytes/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, -1, 0), /issuer must be between 0 and 4294967295, got -1/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, 2 ** 32, 0), /issuer must be between 0 and 4294967295, got 4294967296/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, 1.5, 0), /issuer must be an integer, got 1.5/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, NaN, 0), /issuer must be an integer, got NaN/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, Infinity, 0), /issuer must be an integer, got Infinity/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, -Infinity, 0), /got -Infinity/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, 2 ** 53, 0), /issuer must be a safe integer .*got 9007199254740992/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, "7", 0), /issuer must be a number, got string/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, 7n, 0), /issuer must be a number, got bigint/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, { valueOf: () => 7 }, 0), /issuer must be a number, got object/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, 0), /epoch must be a number, got undefined/);
  throwsWith(() => deriveIssuerKey(DOOR_KEY, 0, -0.5), /epoch must be an integer, got -0.5/);
  // Boundaries that are fine.
  assert.match(deriveIssuerKey(DOOR_KEY, 2 ** 32 - 1, 2 ** 32 - 1), /^[0-9a-f]{64}$/);
  assert.equal(deriveIssuerKey(DOOR_KEY, -0, 0), deriveIssuerKey(DOOR_KEY, 0, 0));
});

test("issueDaily: options object, date, kind, slot and policy", () => {
  const bad = (changes) => () => issueDaily({ ...GOOD, ...changes });
  throwsWith(() => issueDaily(), /options must be an object, got undefined/);
  throwsWith(() => issueDaily(null), /options must be an object, got null/);
  throwsWith(() => issueDaily([GOOD]), /options must be an object, got array/);
  throwsWith(() => issueDaily("lobby"), /options must be an object, got string/);
  throwsWith(bad({ date: "2026-13-01" }), /options.date "2026-13-01": month outside 1..=12/);
  throwsWith(bad({ date: "2026-02-29" }), /options.date "2026-02-29": day does not exist in that month/);
  throwsWith(bad({ date: "22.11.2026" }), /date is not of the form YYYY-MM-DD/);
  throwsWith(bad({ date: "2026-11-22T00:00" }), /YYYY-MM-DD/);
  throwsWith(bad({ date: "" }), /YYYY-MM-DD/);
  throwsWith(bad({ date: "1899-12-31" }), /year outside 1900..=9999/);
  throwsWith(bad({ date: 20261122 }), /options.date must be a string, got number/);
  throwsWith(bad({ date: new Date(0) }), /options.date must be a string, got object/);
  throwsWith(bad({ kind: "weekly" }), /options.kind must be "daily" or "single-use", got "weekly"/);
  throwsWith(bad({ kind: "Daily" }), /got "Daily"/);
  throwsWith(bad({ kind: undefined }), /options.kind must be a string, got undefined/);
  throwsWith(bad({ slot: 100 }), /slot 100 is out of range; the policy has 100 slots of that kind/);
  throwsWith(bad({ slot: 100, kind: "single-use" }), /slot 100 is out of range/);
  throwsWith(bad({ slot: 5, policy: { singleUseSlots: 5 }, kind: "single-use" }), /slot 5 is out of range; the policy has 5/);
  throwsWith(bad({ slot: -1 }), /options.slot must be between 0 and 4294967295, got -1/);
  throwsWith(bad({ slot: 2.5 }), /options.slot must be an integer, got 2.5/);
  throwsWith(bad({ slot: NaN }), /options.slot must be an integer, got NaN/);
  throwsWith(bad({ issuer: undefined }), /options.issuer must be a number, got undefined/);
  throwsWith(bad({ epoch: "0" }), /options.epoch must be a number, got string/);
  throwsWith(bad({ doorKeyHex: "00" }), /options.doorKeyHex: door key: key is 1 bytes; exactly 32 required/);
  throwsWith(bad({ doorId: "" }), /options.doorId: door id is empty/);
  throwsWith(bad({ doorId: "d".repeat(33) }), /options.doorId: door id is 33 bytes/);
  throwsWith(bad({ slots: 3 }), /options has an unknown field "slots"/);
  throwsWith(bad({ policy: { digits: 5 } }), /options.policy.digits: code length 5 is outside 6..=12/);
  throwsWith(bad({ policy: { digits: 13 } }), /code length 13 is outside 6..=12/);
  throwsWith(bad({ policy: { digits: 7.5 } }), /options.policy.digits must be an integer, got 7.5/);
  throwsWith(bad({ policy: { digits: 256 } }), /options.policy.digits must be between 0 and 255, got 256/);
  throwsWith(bad({ policy: { dailySlots: 5000 } }), /invalid policy: a random guess would be accepted with odds .*above the ceiling/);
  throwsWith(bad({ policy: { dailySlots: 0, singleUseSlots: 0 } }), /invalid policy: policy has no slots of either kind/);
  throwsWith(bad({ policy: { dailySlots: 5_000_001 } }), /5000001 daily slots configured; at most 5000000/);
  throwsWith(bad({ policy: { graceSeconds: 6 * 3600 + 1 } }), /grace of 21601 s exceeds the maximum of 21600 s/);
  throwsWith(bad({ policy: { graceSeconds: "900" } }), /options.policy.graceSeconds must be a number, got string/);
  throwsWith(bad({ policy: { graceSeconds: null } }), /options.policy.graceSeconds must be a number, got null/);
  throwsWith(bad({ policy: "default" }), /options.policy must be an object, got string/);
  throwsWith(bad({ policy: { dailyslots: 10 } }), /options.policy has an unknown field "dailyslots"/);
  // Omitted and null policies mean the default.
  assert.equal(issueDaily({ ...GOOD, policy: undefined }).length, 7);
  assert.equal(issueDaily({ ...GOOD, policy: null }).length, 7);
});

test("DailyIssuer: constructor, fromIssuerKey and issue", () => {
  throwsWith(() => new DailyIssuer(DOOR_KEY, DOOR, 0, 0, { digits: 6 }), /invalid policy: a random guess would be accepted/);
  throwsWith(() => new DailyIssuer(DOOR_KEY.toUpperCase().slice(2), DOOR, 0, 0), /doorKeyHex: door key: key is 31 bytes/);
  throwsWith(() => new DailyIssuer(DOOR_KEY, "", 0, 0), /doorId: door id is empty/);
  throwsWith(() => new DailyIssuer(DOOR_KEY, DOOR, -1, 0), /issuer must be between/);
  throwsWith(() => new DailyIssuer(DOOR_KEY, DOOR, 0, 0, 7), /policy must be an object, got number/);
  throwsWith(() => DailyIssuer.fromIssuerKey("00", 0, DOOR), /issuerKeyHex: issuer key: key is 1 bytes; exactly 32 required/);
  throwsWith(() => DailyIssuer.fromIssuerKey(DOOR_KEY, "0", DOOR), /issuer must be a number, got string/);
  throwsWith(() => issuer.issue("2026-11-22", "daily", 100), /slot 100 is out of range/);
  throwsWith(() => issuer.issue(undefined, "daily", 0), /date must be a string, got undefined/);
  throwsWith(() => issuer.issue("2026-11-31", "daily", 0), /date "2026-11-31": day does not exist/);
  throwsWith(() => issuer.issue("2026-11-22", "permanent", 0), /kind must be "daily" or "single-use", got "permanent"/);
  throwsWith(() => issuer.issue("2026-11-22", "daily", 2 ** 32), /slot must be between 0 and 4294967295/);
  throwsWith(() => issuer.issue("2026-11-22", "daily"), /slot must be a number, got undefined/);
});

test("DailyVerifier: constructor arguments", () => {
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, null, []), /invalid policy: no issuer is enabled/);
  const nine = Array.from({ length: 9 }, (_, issuer) => ({ issuer, epoch: 0 }));
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, null, nine), /invalid policy: 9 issuers enabled; .*at most 8/);
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, null, new Array(1e6)), /1000000 issuers enabled; .*at most 8/);
  throwsWith(
    () => new DailyVerifier(DOOR_KEY, DOOR, null, [{ issuer: 0, epoch: 0 }, { issuer: 0, epoch: 1 }]),
    /invalid policy: issuer 0 is listed twice/,
  );
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, null, BACKEND[0]), /issuers must be an array of \{issuer, epoch\}, got object/);
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, null), /issuers must be an array .*got undefined/);
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, null, [{ issuer: 0 }]), /issuers\[0\].epoch must be a number, got undefined/);
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, null, [0]), /issuers\[0\] must be an object, got number/);
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, null, [null]), /issuers\[0\] must be an object, got null/);
  throwsWith(
    () => new DailyVerifier(DOOR_KEY, DOOR, null, [{ issuer: 0, epoch: 0 }, { issuer: 1, epoch: 0, name: "x" }]),
    /issuers\[1\] has an unknown field "name"/,
  );
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, null, [{ issuer: 1.5, epoch: 0 }]), /issuers\[0\].issuer must be an integer, got 1.5/);
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, { digits: 6 }, BACKEND), /invalid policy: a random guess/);
  // 4 issuers x 2 days x 200 slots = 1600 / 10^7 > 1 / 10^4.
  const four = Array.from({ length: 4 }, (_, issuer) => ({ issuer, epoch: 0 }));
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, null, four), /invalid policy: a random guess would be accepted with odds 1600\/10000000/);
  throwsWith(() => new DailyVerifier("", DOOR, null, BACKEND), /doorKeyHex: door key: key is 0 bytes/);
  throwsWith(() => new DailyVerifier(DOOR_KEY, 7, null, BACKEND), /doorId must be a string or a Uint8Array, got number/);
});

test("DailyVerifier.verify and oddsAt: argument types and ranges", () => {
  throwsWith(() => verifier.verify(1234567, NOW, 0), /code must be a string, got number/);
  throwsWith(() => verifier.verify(undefined, NOW, 0), /code must be a string, got undefined/);
  throwsWith(() => verifier.verify("1234567", "1795305600", 0), /nowUnixSeconds must be a number, got string/);
  throwsWith(() => verifier.verify("1234567", new Date(), 0), /nowUnixSeconds must be a number, got object/);
  throwsWith(() => verifier.verify("1234567", Date.now() / 1000 + 0.5, 0), /nowUnixSeconds must be an integer/);
  throwsWith(() => verifier.verify("1234567", NaN, 0), /nowUnixSeconds must be an integer, got NaN/);
  throwsWith(() => verifier.verify("1234567", 2 ** 53, 0), /nowUnixSeconds must be a safe integer/);
  throwsWith(() => verifier.verify("1234567", NOW), /zone must be a Zone or a number \(utcOffsetSeconds\), got undefined/);
  throwsWith(() => verifier.verify("1234567", NOW, 90000), /utcOffsetSeconds must be between -89999 and 89999, got 90000/);
  throwsWith(() => verifier.verify("1234567", NOW, -90000), /got -90000/);
  throwsWith(() => verifier.verify("1234567", NOW, 3600.5), /utcOffsetSeconds must be an integer, got 3600.5/);
  throwsWith(() => verifier.verify("12\ud80034567", NOW, 0), /code is not valid Unicode/);
  throwsWith(() => verifier.oddsAt(NaN, 0), /nowUnixSeconds must be an integer, got NaN/);
  throwsWith(() => verifier.oddsAt(NOW, "UTC"), /zone must be a Zone or a number \(utcOffsetSeconds\), got string/);
  throwsWith(() => verifier.oddsAt(-1e13, 0), /nowUnixSeconds: instant is outside the supported years/);
});

test("guessOdds, checkPolicy and localDate: arguments", () => {
  throwsWith(() => guessOdds({ digits: 99 }, 1), /policy.digits: code length 99 is outside 6..=12/);
  throwsWith(() => guessOdds(null, -1), /issuers must be between 0 and 4294967295, got -1/);
  throwsWith(() => guessOdds(null, "1"), /issuers must be a number, got string/);
  throwsWith(() => guessOdds(3, 1), /policy must be an object, got number/);
  throwsWith(() => checkPolicy(null, 0), /^no issuer is enabled$/);
  throwsWith(() => checkPolicy(null, 9), /^9 issuers enabled; .*at most 8\)?$/);
  throwsWith(() => checkPolicy({ digits: 6 }, 1), /^a random guess would be accepted with odds 400\/1000000 .*above the ceiling/);
  throwsWith(() => checkPolicy({ graceSeconds: 86400 }, 1), /^grace of 86400 s exceeds the maximum of 21600 s$/);
  throwsWith(() => checkPolicy(null, 1.5), /issuers must be an integer/);
  throwsWith(() => localDate(-1e13, 0), /nowUnixSeconds: instant is outside the supported years 1900..=9999/);
  throwsWith(() => localDate(0, 1e6), /utcOffsetSeconds must be between/);
  throwsWith(() => localDate("0", 0), /nowUnixSeconds must be a number, got string/);
  throwsWith(() => localDate(), /nowUnixSeconds must be a number, got undefined/);
  assert.equal(checkPolicy(null, 1), undefined);
  // 8 issuers x 2 days x 600 slots = 9600 / 10^8, just under 1 / 10^4.
  assert.equal(checkPolicy({ digits: 8, dailySlots: 300, singleUseSlots: 300 }, 8), undefined);
});

test("hostile objects: throwing getters and proxies become errors, not broken state", () => {
  const throwingGetter = {
    get digits() {
      throw new Error("boom");
    },
  };
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, throwingGetter, BACKEND), /reading policy.digits threw an exception/);
  throwsWith(() => guessOdds(throwingGetter, 1), /reading policy.digits threw an exception/);
  const proxy = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error("no keys for you");
      },
    },
  );
  throwsWith(() => checkPolicy(proxy, 1), /listing the fields of policy threw an exception/);
  const lyingArray = new Proxy([], {
    get(target, key) {
      if (key === "length") return 1;
      throw new Error("no elements");
    },
  });
  throwsWith(() => new DailyVerifier(DOOR_KEY, DOOR, null, lyingArray), /reading issuers\[0\] threw an exception/);
  const weirdBytes = new Uint8Array(4);
  Object.defineProperty(weirdBytes, "length", { value: -1 });
  throwsWith(() => deriveDoorKey(SITE_SECRET_HEX, weirdBytes), /doorId.length must be between 0 and 4294967295, got -1/);
});

test("after all of the above, issuing and verifying still work", () => {
  const code = issuer.issue("2026-11-22", "daily", 3);
  assert.deepEqual(verifier.verify(code, NOW, 0), { accepted: true, date: "2026-11-22", slot: 3, kind: "daily", issuer: 0 });
  assert.equal(issueDaily(GOOD), code);
});
