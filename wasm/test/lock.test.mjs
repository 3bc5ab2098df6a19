// Door updates (SPEC.md 15.7) through buildDoorUpdate: the bytes of every valid LockUpdateTest
// case of vectors/doorcode_lock_test.json (independently written field by field by the vector
// generator), the factory update's size, the TypeScript declarations, and bad input.
// DOORCODE_VECTORS_DIR points the vector check at another directory, as in vectors.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { doorcode, doorcodeLock, fromHex } from "../test-support/doorcode.mjs";

const { buildDoorUpdate } = doorcodeLock;
const { Schedule } = doorcode;

const vectorsDir =
  process.env.DOORCODE_VECTORS_DIR ?? fileURLToPath(new URL("../../vectors", import.meta.url));
const lockFile = join(vectorsDir, "doorcode_lock_test.json");

const DOOR_KEY_HEX = "42".repeat(32);
const T0 = 1795338000; // 2026-11-22T09:00:00Z

function toHex(bytes) {
  return Buffer.from(bytes).toString("hex");
}

/** The options for a vector's `config` object (field names of doorcode_lock_test.json). */
function optionsFor(doorKey, test) {
  const c = test.config;
  return {
    doorKeyHex: doorKey,
    doorId: fromHex(c.doorId),
    counter: test.counter,
    issuedAt: test.issuedAt,
    policy: {
      digits: c.digits,
      dailySlots: c.dailySlots,
      singleUseSlots: c.singleUseSlots,
      graceSeconds: c.graceSeconds,
    },
    issuers: c.issuers,
    singleUseMinutes: c.singleUseMinutes,
    throttle: {
      limit: c.wrongCodeLimit,
      baseSeconds: c.lockoutBaseSeconds,
      capSeconds: c.lockoutCapSeconds,
      quietSeconds: c.quietSeconds,
    },
    clockToleranceSeconds: c.clockToleranceSeconds,
    zoneHex: c.zone,
    schedules: c.schedules,
    permanent: c.entries.map((e) => ({
      code: e.code,
      person: e.person,
      notBefore: e.notBefore,
      notAfter: e.notAfter,
      schedule: e.schedule,
    })),
    deniedPersons: c.deniedPersons,
  };
}

test("every valid door update of the lock vectors", { skip: !existsSync(lockFile) }, () => {
  const file = JSON.parse(readFileSync(lockFile, "utf8"));
  let checked = 0;
  for (const group of file.testGroups) {
    if (group.type !== "LockUpdateTest") continue;
    for (const t of group.tests) {
      if (t.result !== "valid") continue;
      const bytes = buildDoorUpdate(optionsFor(group.doorKey, t));
      assert.ok(bytes instanceof Uint8Array);
      assert.equal(toHex(bytes), t.update, `tcId ${t.tcId}: ${t.comment}`);
      checked += 1;
    }
  }
  assert.ok(checked >= 2, `only ${checked} valid updates checked`);
});

test("factory update: defaults for every omitted field", () => {
  const bytes = buildDoorUpdate({ doorKeyHex: DOOR_KEY_HEX, doorId: "lobby", counter: 1, issuedAt: T0 });
  // SPEC 15.8: the factory update of door `lobby` is 118 bytes.
  assert.equal(bytes.length, 118);
  // Version 1, total length 118, counter 1, issued_at T0 (big-endian).
  assert.equal(toHex(bytes.subarray(0, 21)), "01" + "00000076" + "0000000000000001" + "000000006b02af10");
  // The same fields spelled out give the same bytes.
  const explicit = buildDoorUpdate({
    doorKeyHex: DOOR_KEY_HEX,
    doorId: "lobby",
    counter: 1,
    issuedAt: T0,
    policy: { digits: 7, dailySlots: 100, singleUseSlots: 100, graceSeconds: 900 },
    issuers: [{ issuer: 0, epoch: 0 }],
    singleUseMinutes: 15,
    throttle: { limit: 5, baseSeconds: 60, capSeconds: 86400, quietSeconds: 86400 },
    clockToleranceSeconds: 300,
    zone: "UTC0",
    schedules: [],
    permanent: [],
    deniedPersons: [],
  });
  assert.equal(toHex(explicit), toHex(bytes));
});

test("schedules and windows: one entry adds 57 bytes, a schedule its encoding", () => {
  const office = new Schedule();
  office.addWindow({ days: ["mon", "tue", "wed", "thu", "fri"], start: "08:00", end: "18:00" });
  const base = { doorKeyHex: DOOR_KEY_HEX, doorId: "lobby", counter: 2, issuedAt: T0 };
  const plain = buildDoorUpdate(base);
  const withEntry = buildDoorUpdate({
    ...base,
    schedules: [office.encode()],
    permanent: [{ code: "4815162", person: 77, notBefore: T0, notAfter: null, schedule: 0 }],
  });
  const scheduleLen = office.encode().length / 2;
  assert.equal(withEntry.length, plain.length + 2 + scheduleLen + 57);
});

test("bad input throws an Error naming the argument", () => {
  const base = { doorKeyHex: DOOR_KEY_HEX, doorId: "lobby", counter: 1, issuedAt: T0 };
  const cases = [
    [{ ...base, doorKeyHex: "00" }, /doorKeyHex/],
    [{ ...base, counter: -1 }, /counter/],
    [{ ...base, counter: 1.5 }, /counter/],
    [{ ...base, extra: 1 }, /unknown field "extra"/],
    [{ ...base, throttle: { limit: 0 } }, /wrong-code limit must be at least 1/],
    [{ ...base, throttle: { limit: 256 } }, /throttle.limit/],
    [{ ...base, throttle: { quietSeconds: 10 } }, /quiet period shorter than the lockout cap/],
    [{ ...base, zone: "UTC0", zoneHex: "00" }, /not both/],
    [{ ...base, zone: "nonsense" }, /options.zone/],
    [{ ...base, permanent: [{ code: "123", person: 1 }] }, /permanent\[0\].code/],
    [{ ...base, permanent: [{ code: "4815162", person: -2 }] }, /permanent\[0\].person/],
    [{ ...base, permanent: [{ code: "4815162", person: 1, schedule: 0 }] }, /missing schedule/],
    [
      { ...base, permanent: [{ code: "4815162", person: 1 }, { code: "4815162", person: 2 }] },
      /repeats an earlier code/,
    ],
    [{ ...base, permanent: [{ code: "4815162", person: 1, notBefore: T0, notAfter: T0 - 1 }] }, /permanent\[0\]/],
    [{ ...base, deniedPersons: new Array(17).fill(1) }, /deniedPersons has 17 elements/],
    [{ ...base, schedules: ["zz"] }, /schedules\[0\]/],
    [{ ...base, issuers: [{ issuer: 0, epoch: 0 }, { issuer: 0, epoch: 1 }] }, /issuer/],
  ];
  for (const [options, pattern] of cases) {
    assert.throws(() => buildDoorUpdate(options), pattern, JSON.stringify(options));
  }
  // Odds ceiling over daily and permanent codes: 6 digits, 25 + 25 slots, no grace (50 / 10^6)
  // plus 51 permanent codes is above 1 in 10,000 (SPEC 15.2).
  const permanent = Array.from({ length: 51 }, (_, i) => ({ code: String(100000 + i), person: i }));
  const policy = { digits: 6, dailySlots: 25, singleUseSlots: 25, graceSeconds: 0 };
  assert.throws(() => buildDoorUpdate({ ...base, policy, permanent }), /ceiling/);
  assert.equal(buildDoorUpdate({ ...base, policy, permanent: permanent.slice(0, 50) }).length > 0, true);
  assert.throws(() => buildDoorUpdate(null), /options/);
});

test("TypeScript declarations", () => {
  const dts = readFileSync(fileURLToPath(new URL("../pkg/doorcode_lock.d.ts", import.meta.url)), "utf8");
  assert.match(dts, /export function buildDoorUpdate\(options: DoorUpdateOptions\): Uint8Array;/);
  for (const name of ["DoorUpdateOptions", "ThrottleInit", "PermanentEntryInit"]) {
    assert.match(dts, new RegExp(`export interface ${name} \\{`));
  }
});
