// Permanent codes (SPEC.md section 14): the SPEC 14.9 worked example, collision resolution,
// bad input, the TypeScript declarations, and, when vectors/doorcode_permanent_test.json exists,
// every case of it through derivePermanentCode. DOORCODE_VECTORS_DIR points the vector check at
// another directory, as in vectors.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { doorcode, fromHex } from "../test-support/doorcode.mjs";

const { derivePermanentCode } = doorcode;

/** SPEC 11 and 14.9: the ASCII bytes of `doorcode-demo-site-key-INSECURE!`. */
const DEMO_SECRET_HEX = Buffer.from("doorcode-demo-site-key-INSECURE!", "ascii").toString("hex");
const ALICE = { siteSecretHex: DEMO_SECRET_HEX, person: "alice", generation: 0, digits: 7 };
const AT_DOOR = { ...ALICE, door: "demo-door" };

test("SPEC 14.9 worked example", () => {
  assert.equal(DEMO_SECRET_HEX, "646f6f72636f64652d64656d6f2d736974652d6b65792d494e53454355524521");
  assert.deepEqual(derivePermanentCode(AT_DOOR), { code: "2405636", attempt: 0 });
  assert.deepEqual(derivePermanentCode({ ...AT_DOOR, taken: [] }), { code: "2405636", attempt: 0 });
  // 2405636 already taken at the door: attempt 1.
  assert.deepEqual(derivePermanentCode({ ...AT_DOOR, taken: ["1234567", "2405636"] }), {
    code: "5422029",
    attempt: 1,
  });
  // Re-derived from the stored attempt, without the table.
  assert.deepEqual(derivePermanentCode({ ...AT_DOOR, attempt: 1 }), { code: "5422029", attempt: 1 });
  assert.deepEqual(derivePermanentCode({ ...AT_DOOR, generation: 1 }), { code: "1961857", attempt: 0 });
  assert.deepEqual(derivePermanentCode({ ...AT_DOOR, digits: 12 }), { code: "569192733708", attempt: 0 });
  assert.deepEqual(derivePermanentCode({ ...ALICE, common: true }), { code: "8725622", attempt: 0 });
  // Ids as bytes name the same person and door.
  assert.deepEqual(
    derivePermanentCode({ ...ALICE, person: fromHex("616c696365"), door: fromHex("64656d6f2d646f6f72") }),
    { code: "2405636", attempt: 0 },
  );
  // `common: false` next to a door is the same as leaving it out.
  assert.deepEqual(derivePermanentCode({ ...AT_DOOR, common: false }), { code: "2405636", attempt: 0 });
});

test("resolution: every candidate taken throws NoFreeCode; one fewer gives attempt 63", () => {
  const candidates = Array.from({ length: 64 }, (_, attempt) => derivePermanentCode({ ...AT_DOOR, attempt }).code);
  assert.throws(
    () => derivePermanentCode({ ...AT_DOOR, taken: candidates }),
    (e) => e instanceof Error && /all 64 candidate codes are already taken/.test(e.message),
  );
  const last = derivePermanentCode({ ...AT_DOOR, taken: candidates.slice(0, 63) });
  assert.equal(last.attempt, 63);
  assert.equal(last.code, candidates[63]);
  // Separators in taken codes are accepted as at the keypad.
  assert.deepEqual(derivePermanentCode({ ...AT_DOOR, taken: ["240-5636"] }), { code: "5422029", attempt: 1 });
});

test("bad input throws an Error naming the argument", () => {
  const cases = [
    [undefined, /options must be an object/],
    [{ ...AT_DOOR, siteSecretHex: "abcd" }, /options\.siteSecretHex: site secret/],
    [{ ...AT_DOOR, siteSecretHex: 42 }, /options\.siteSecretHex must be a string/],
    [{ ...AT_DOOR, person: "" }, /options\.person: person id is empty/],
    [{ ...AT_DOOR, person: "p".repeat(33) }, /options\.person: person id is 33 bytes; at most 32 allowed/],
    [{ ...AT_DOOR, person: new Uint8Array(33) }, /options\.person: person id is 33 bytes/],
    [{ ...AT_DOOR, person: 7 }, /options\.person must be a string or a Uint8Array/],
    [{ ...ALICE }, /options\.door is missing/],
    [{ ...AT_DOOR, common: true }, /not both/],
    [{ ...ALICE, common: "yes" }, /options\.common must be true or false/],
    [{ ...AT_DOOR, door: "" }, /options\.door: door id is empty/],
    [{ ...AT_DOOR, door: "d".repeat(33) }, /door id is 33 bytes/],
    [{ ...AT_DOOR, digits: 5 }, /options\.digits: code length 5 is outside 6\.\.=12/],
    [{ ...AT_DOOR, digits: 13 }, /options\.digits: code length 13 is outside 6\.\.=12/],
    [{ ...AT_DOOR, digits: undefined }, /options\.digits must be a number/],
    [{ ...AT_DOOR, generation: -1 }, /options\.generation/],
    [{ ...AT_DOOR, generation: 1.5 }, /options\.generation/],
    [{ ...AT_DOOR, generation: undefined }, /options\.generation must be a number/],
    [{ ...AT_DOOR, taken: "2405636" }, /options\.taken must be an array/],
    [{ ...AT_DOOR, taken: ["123"] }, /options\.taken\[0\]: "123" is not a 7-digit code/],
    [{ ...AT_DOOR, taken: [2405636] }, /options\.taken\[0\] must be a string/],
    [{ ...AT_DOOR, attempt: 64 }, /options\.attempt: 64 is outside 0\.\.=63/],
    [{ ...AT_DOOR, attempt: 0, taken: [] }, /not both/],
    [{ ...AT_DOOR, Digits: 7 }, /options has an unknown field "Digits"/],
    // Checked in the JavaScript layer (js/common.js, js/console.js) with the messages the Rust checks gave.
    [{ ...AT_DOOR, person: "\ud800" }, /options\.person is not valid Unicode \(it contains a lone surrogate\)/],
    [{ ...AT_DOOR, person: [1, 2] }, /options\.person must be a string or a Uint8Array, got object/],
    [{ ...AT_DOOR, door: [1, 2] }, /options\.door must be a string or a Uint8Array, got array/],
    [{ ...AT_DOOR, door: "" }, /options\.door: door id is empty/],
    [{ ...AT_DOOR, common: "yes" }, /options\.common must be true or false \(or omitted\)/],
    [{ ...AT_DOOR, common: true }, /give either options\.door .* not both/],
    [{ ...AT_DOOR, door: undefined }, /options\.door is missing/],
    [{ ...AT_DOOR, generation: 1.5 }, /options\.generation must be an integer, got 1\.5/],
    [{ ...AT_DOOR, generation: 2 ** 32 }, /options\.generation must be between 0 and 4294967295, got 4294967296/],
    [{ ...AT_DOOR, digits: 13 }, /options\.digits: code length 13 is outside 6\.\.=12/],
    [{ ...AT_DOOR, taken: [undefined] }, /options\.taken\[0\] must be a string, got undefined/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => derivePermanentCode(options),
      (e) => e instanceof Error && message.test(e.message),
      `${JSON.stringify(options)} should throw ${message}`,
    );
  }
});

test("a throwing getter is reported as an error naming the field", () => {
  const options = Object.defineProperty({ ...AT_DOOR }, "digits", {
    enumerable: true,
    get() {
      throw new Error("boom");
    },
  });
  assert.throws(
    () => derivePermanentCode(options),
    (e) => e instanceof Error && /reading options\.digits threw an exception/.test(e.message),
  );
});

test("TypeScript declarations", () => {
  const dts = readFileSync(fileURLToPath(new URL("../pkg/doorcode_wasm.d.ts", import.meta.url)), "utf8");
  assert.ok(
    dts.includes("export function derivePermanentCode(options: DerivePermanentCodeOptions): PermanentCodeResult;"),
    "derivePermanentCode is typed",
  );
  for (const name of ["interface DerivePermanentCodeOptions", "interface PermanentCodeResult", "type PersonIdInput"]) {
    assert.ok(dts.includes(name), name);
  }
});

// ------------------------------------------------------------------------------------------
// vectors/doorcode_permanent_test.json

const VECTORS_DIR = process.env.DOORCODE_VECTORS_DIR ?? fileURLToPath(new URL("../../vectors", import.meta.url));
const VECTORS_PATH = join(VECTORS_DIR, "doorcode_permanent_test.json");
const vectors = existsSync(VECTORS_PATH) ? JSON.parse(readFileSync(VECTORS_PATH, "utf8")) : null;

// How each refusal of the vectors reads in the thrown Error's message.
const ERRORS = {
  EmptyPersonId: /person id is empty/,
  PersonIdTooLong: /person id is 33 bytes; at most 32 allowed/,
  EmptyDoorId: /door id is empty/,
  DoorIdTooLong: /door id is 33 bytes; at most 32 allowed/,
  UnsupportedLength: /code length 1?[0-9] is outside 6\.\.=12/,
  NoFreeCode: /all 64 candidate codes are already taken/,
};

test(
  "permanent vectors: every case through derivePermanentCode",
  { skip: vectors ? false : `${VECTORS_PATH} is absent (not generated yet): nothing to cross-check` },
  () => {
    assert.equal(vectors.algorithm, "doorcode-permanent-v1");
    let checked = 0;
    for (const group of vectors.testGroups) {
      for (const t of group.tests) {
        const label = `tcId ${t.tcId}: ${t.comment}`;
        const options = {
          siteSecretHex: t.siteSecret,
          person: fromHex(t.person),
          generation: t.generation,
          digits: t.digits,
          ...(t.scope === "common" ? { common: true } : { door: fromHex(t.scope) }),
        };
        if (group.type === "PermanentDeriveTest") {
          options.attempt = t.attempt;
        } else {
          assert.equal(group.type, "PermanentResolveTest", label);
          options.taken = t.taken;
        }
        if (t.result === "valid") {
          assert.deepEqual(derivePermanentCode(options), { code: t.code, attempt: t.attempt }, label);
        } else {
          const message = ERRORS[t.error];
          assert.ok(message, `${label}: unknown error ${t.error}`);
          assert.throws(
            () => derivePermanentCode(options),
            (e) => e instanceof Error && message.test(e.message),
            `${label}: should throw ${t.error}`,
          );
        }
        checked += 1;
      }
    }
    assert.equal(checked, vectors.numberOfTests);
  },
);
