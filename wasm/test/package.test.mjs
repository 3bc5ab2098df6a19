// The package surface: exports, TypeScript declarations (typed, never `any`) and package.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { doorcode, doorcodeLock } from "../test-support/doorcode.mjs";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const pkg = JSON.parse(readFileSync(here("../package.json"), "utf8"));
const dts = readFileSync(here("../pkg/doorcode_wasm.d.ts"), "utf8");

test("package.json points at the generated files", () => {
  assert.equal(pkg.name, "doorcode");
  assert.equal(pkg.version, "0.1.0");
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  assert.equal(pkg.main, "pkg/doorcode_wasm.js");
  assert.equal(pkg.types, "pkg/doorcode_wasm.d.ts");
  for (const file of pkg.files) {
    assert.ok(existsSync(here(`../${file}`)), `${file} listed in "files" does not exist`);
  }
});

test("every documented export is there", () => {
  for (const name of [
    "deriveDoorKey",
    "deriveIssuerKey",
    "defaultPolicy",
    "issueDaily",
    "DailyIssuer",
    "DailyVerifier",
    "guessOdds",
    "checkPolicy",
    "localDate",
    "parseZone",
    "Zone",
    "Schedule",
    "AccessRule",
  ]) {
    assert.equal(typeof doorcode[name], "function", name);
  }
  assert.equal(typeof doorcode.DailyIssuer.fromIssuerKey, "function");
  assert.equal(typeof doorcode.Zone.decode, "function");
  assert.equal(typeof doorcode.Zone.fixed, "function");
  assert.equal(typeof doorcode.Schedule.decode, "function");
  assert.equal(typeof doorcode.AccessRule.decode, "function");
});

test("TypeScript declarations are typed, not `any`", () => {
  assert.doesNotMatch(dts, /\bany\b/, "an `any` slipped into the .d.ts");
  for (const declaration of [
    "export function deriveDoorKey(siteSecretHex: string, doorId: DoorIdInput): string;",
    "export function deriveIssuerKey(doorKeyHex: string, issuer: number, epoch: number): string;",
    "export function issueDaily(options: IssueDailyOptions): string;",
    "export function guessOdds(policy: DailyPolicyInit | null | undefined, issuers: number): GuessOdds;",
    "export function checkPolicy(policy: DailyPolicyInit | null | undefined, issuers: number): void;",
    "export function localDate(nowUnixSeconds: number, zone: Zone | number): string;",
    "verify(code: string, nowUnixSeconds: number, zone: Zone | number): VerifyResult;",
    "oddsAt(nowUnixSeconds: number, zone: Zone | number): GuessOdds;",
    "export function parseZone(posix: string): Zone;",
    "static decode(hex: string): Zone;",
    "localDateTime(unixSeconds: number): LocalDateTimeInfo;",
    "dayBounds(date: string): DayBounds | null;",
    "resolve(localDateTime: string, choice?: Disambiguation): number;",
    "nextTransition(unixSeconds: number): ZoneTransition | null;",
    'export type Disambiguation = "compatible" | "earlier" | "later" | "reject";',
    "addWindow(window: WindowInit): void;",
    "addDeny(deny: DenyInit): void;",
    "addReplace(replace: ReplaceInit): void;",
    "allows(unixSeconds: number, zone: Zone | number): boolean;",
    "weekGrid(firstDate: string, zone: Zone | number, stepMinutes: number): boolean[][];",
    "describe(): ScheduleItem[];",
    "union(other: Schedule): Schedule;",
    "check(clock: number | null, zone: Zone | number): AccessCheck;",
    "nextChange(clock: number | null, zone: Zone | number): number | null;",
    "issue(date: string, kind: DailyKind, slot: number): string;",
    "export type VerifyResult = VerifyAccepted | VerifyRejected;",
    'export type DailyKind = "daily" | "single-use";',
    "accepted: true;",
    "accepted: false;",
    "expectedGuesses: number | null;",
  ]) {
    assert.ok(dts.includes(declaration), `missing from the .d.ts: ${declaration}`);
  }
});

test("ES modules can import the CommonJS build by name", async () => {
  const esm = await import(new URL("../pkg/doorcode_wasm.js", import.meta.url).href);
  assert.equal(esm.deriveDoorKey, doorcode.deriveDoorKey);
  assert.equal(esm.DailyVerifier, doorcode.DailyVerifier);
  assert.equal(esm.Zone, doorcode.Zone);
  assert.equal(esm.Schedule, doorcode.Schedule);
  assert.equal(esm.default, doorcode);
});

test("package.json exports: Node gets the CommonJS build, browsers the ES module build", async () => {
  assert.equal(pkg.exports["."].node.default, "./pkg/doorcode_wasm.js");
  assert.equal(pkg.exports["."].default.default, "./pkg-web/doorcode_wasm.js");
  assert.equal(pkg.browser, "pkg-web/doorcode_wasm.js");
  assert.equal(pkg.module, "pkg-web/doorcode_wasm.js");
  for (const entry of Object.values(pkg.exports).flatMap((e) =>
    typeof e === "string" ? [e] : Object.values(e).flatMap((c) => (typeof c === "string" ? [c] : Object.values(c))),
  )) {
    assert.ok(existsSync(here(`../${entry}`)), `${entry} named in "exports" does not exist`);
  }
  for (const file of ["pkg-web/doorcode_wasm.js", "pkg-web/doorcode_wasm.d.ts", "pkg-web/doorcode_wasm_bg.wasm"]) {
    assert.ok(pkg.files.includes(file), `${file} missing from "files"`);
  }
  // The package resolves itself by name (Node's self-reference through "exports").
  const byName = await import("doorcode");
  assert.equal(byName.deriveDoorKey, doorcode.deriveDoorKey);
  const web = await import("doorcode/web");
  assert.equal(typeof web.default, "function", "the web build's default export is init()");
  assert.equal(typeof web.initSync, "function");
});

test("the browser build works once initialised, and agrees with the Node build", async () => {
  const web = await import("doorcode/web");
  web.initSync({ module: readFileSync(here("../pkg-web/doorcode_wasm_bg.wasm")) });
  const secret = "00".repeat(32);
  assert.equal(web.deriveDoorKey(secret, "lobby"), doorcode.deriveDoorKey(secret, "lobby"));
  const webDts = readFileSync(here("../pkg-web/doorcode_wasm.d.ts"), "utf8");
  assert.match(webDts, /export default function __wbg_init/);
  assert.match(webDts, /export function issueDaily\(options: IssueDailyOptions\): string;/);
});

test("doorcode/lock: its own module, exports, declarations and browser build", async () => {
  for (const name of ["buildDoorUpdate", "issueCredential", "openCredential", "delegateCredential", "answerChallenge", "deriveDoorKey"]) {
    assert.equal(typeof doorcodeLock[name], "function", name);
  }
  // The main module leaves them out (a console page does not download them), and vice versa.
  for (const name of ["buildDoorUpdate", "issueCredential", "answerChallenge"]) {
    assert.equal(doorcode[name], undefined, name);
  }
  for (const name of ["DailyVerifier", "Schedule", "Zone", "issueDaily"]) {
    assert.equal(doorcodeLock[name], undefined, name);
  }
  const secret = "00".repeat(32);
  assert.equal(doorcodeLock.deriveDoorKey(secret, "lobby"), doorcode.deriveDoorKey(secret, "lobby"));
  assert.equal(pkg.exports["./lock"].node.default, "./pkg/doorcode_lock.js");
  assert.equal(pkg.exports["./lock"].default.default, "./pkg-web/doorcode_lock.js");
  const lockDts = readFileSync(here("../pkg/doorcode_lock.d.ts"), "utf8");
  assert.doesNotMatch(lockDts, /\bany\b/, "an `any` slipped into the lock module's .d.ts");
  assert.match(lockDts, /export function buildDoorUpdate\(options: DoorUpdateOptions\): Uint8Array;/);
  assert.match(lockDts, /export type DoorIdInput = string \| Uint8Array;/);
  const byName = await import("doorcode/lock");
  assert.equal(byName.issueCredential, doorcodeLock.issueCredential);
  const web = await import("doorcode/lock/web");
  web.initSync({ module: readFileSync(here("../pkg-web/doorcode_lock_bg.wasm")) });
  assert.equal(web.deriveDoorKey(secret, "lobby"), doorcode.deriveDoorKey(secret, "lobby"));
  const options = { doorKeyHex: "42".repeat(32), doorId: "lobby", counter: 1, issuedAt: 1795338000 };
  assert.deepEqual(web.buildDoorUpdate(options), doorcodeLock.buildDoorUpdate(options));
});
