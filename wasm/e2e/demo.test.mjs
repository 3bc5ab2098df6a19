// End to end: the demo console (demo/index.html + demo/app.mjs, using the browser build in
// pkg-web/) served on localhost, driven in headless Chromium through playwright-core.
//
// What the page shows is compared with values computed here, outside the page: codes and
// verdicts from the Node build of the package (pkg/, itself checked against the committed
// vectors below and in test/vectors.test.mjs), and schedule cells and odds derived by hand.
//
// Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM=/path). A missing browser FAILS
// the test: it does not skip.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { doorcode, fromHex } from "../test-support/doorcode.mjs";
import { startServer } from "../demo/serve.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// The `doorcode demo` site secret, as written in cli/src/demo.rs (DEMO_SITE_SECRET).
const DEMO_SITE_SECRET_HEX = Buffer.from("doorcode-demo-site-key-INSECURE!", "ascii").toString("hex");
const DATE = "2026-11-22"; // a Sunday
// 2026-11-22T12:00 at UTC+01:00 = 2026-11-22T11:00:00Z = 1795305600 + 11 * 3600
// (1795305600 = 2026-11-22T00:00:00Z, derived in test-support/doorcode.mjs).
const NOON_AT_DEMO_DOOR = 1795305600 + 11 * 3600;

const { deriveDoorKey, issueDaily, DailyVerifier, Zone } = doorcode;

/** The codes the backend issues for a demo door, computed with the Node build. */
function expectedCode(door, date, kind, slot, digits = 7) {
  return issueDaily({
    doorKeyHex: deriveDoorKey(DEMO_SITE_SECRET_HEX, door),
    doorId: door,
    issuer: 0,
    epoch: 0,
    date,
    kind,
    slot,
    policy: { digits },
  });
}

let server;
let context;
let page;
let profile;
const pageErrors = [];

before(async () => {
  for (const built of ["../pkg-web/doorcode_wasm.js", "../pkg-web/doorcode_wasm_bg.wasm"]) {
    const path = fileURLToPath(new URL(built, import.meta.url));
    assert.ok(existsSync(path), `${path} is missing: run \`bash build.sh\` in wasm/ first`);
  }
  assert.ok(
    existsSync(CHROMIUM),
    `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM`,
  );
  server = await startServer(0);
  // A fresh, empty profile each run: Chromium otherwise reuses state and reaches for the network.
  profile = mkdtempSync(join(tmpdir(), "doorcode-e2e-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(`console.error: ${message.text()}`);
  });
  await page.goto(server.url);
  await page.locator('[data-testid="status"][data-ready="true"]').waitFor({ timeout: 20_000 });
});

after(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const byTestId = (id) => page.locator(`[data-testid="${id}"]`);

/** Choose a door, a date and a code length, as a manager would. */
async function choose({ door = "demo-door", date = DATE, digits = "7" } = {}) {
  await byTestId("door").selectOption(door);
  await byTestId("date").fill(date);
  await byTestId("date").dispatchEvent("change");
  await byTestId("digits").selectOption(digits);
}

test("the Node build that computes the expected values reproduces the committed vectors", () => {
  const vectors = JSON.parse(
    readFileSync(fileURLToPath(new URL("../../vectors/doorcode_daily_issue_test.json", import.meta.url)), "utf8"),
  );
  let checked = 0;
  for (const group of vectors.testGroups) {
    for (const t of group.tests.filter((t) => t.result === "valid")) {
      const code = issueDaily({
        doorKeyHex: t.doorKey,
        doorId: fromHex(t.doorId),
        issuer: t.issuer,
        epoch: t.epoch,
        date: t.date,
        kind: t.kind,
        slot: t.slot,
        policy: group.policy,
      });
      assert.equal(code, t.code, `tcId ${t.tcId}`);
      checked++;
    }
  }
  assert.ok(checked > 20, `only ${checked} vectors checked`);
});

test("the page loads the browser build and starts without errors", async () => {
  assert.equal(await byTestId("status").textContent(), "Ready.");
  assert.match(await byTestId("demo-warning").textContent(), /INSECURE/);
  assert.deepEqual(pageErrors, []);
});

// What `cargo run -p doorcode-cli -- demo` printed on 2026-11-22 for "demo-door" (the Rust
// CLI, not this package): daily slots 0..3, single-use slots 0..1.
const CLI_DEMO_CODES_2026_11_22 = {
  daily: ["9636440", "4451766", "3851784", "0898207"],
  "single-use": ["8099180", "7331759"],
};

test("issuing codes for a door and a date shows the backend's codes", async () => {
  await choose();
  await byTestId("slots").fill("4");
  await byTestId("issue").click();
  for (const [kind, codes] of Object.entries(CLI_DEMO_CODES_2026_11_22)) {
    for (const [slot, code] of codes.entries()) {
      assert.equal(await byTestId(`code-${kind}-${slot}`).textContent(), code, `CLI ${kind} slot ${slot}`);
    }
  }
  for (const kind of ["daily", "single-use"]) {
    for (let slot = 0; slot < 4; slot++) {
      const shown = await byTestId(`code-${kind}-${slot}`).textContent();
      assert.equal(shown, expectedCode("demo-door", DATE, kind, slot), `${kind} slot ${slot}`);
      assert.match(shown, /^\d{7}$/);
    }
  }
  // Another door of the same site gets other codes (the door id is in the key and the tweak).
  await choose({ door: "demo-door-2" });
  await byTestId("issue").click();
  const other = await byTestId("code-daily-0").textContent();
  assert.equal(other, expectedCode("demo-door-2", DATE, "daily", 0));
  assert.notEqual(other, expectedCode("demo-door", DATE, "daily", 0));
  // And a 9-digit policy gives 9-digit codes.
  await choose({ digits: "9" });
  await byTestId("issue").click();
  assert.equal(await byTestId("code-single-use-3").textContent(), expectedCode("demo-door", DATE, "single-use", 3, 9));
  assert.deepEqual(pageErrors, []);
});

test("checking a correct code accepts it with its slot and kind", async () => {
  await choose();
  const code = expectedCode("demo-door", DATE, "daily", 2);
  await byTestId("check-code").fill(`${code.slice(0, 3)}-${code.slice(3)}`); // as typed, with a dash
  await byTestId("check-time").fill("12:00");
  await byTestId("check").click();
  const result = byTestId("check-result");
  assert.equal(await result.getAttribute("data-accepted"), "true");
  assert.equal(await result.getAttribute("data-kind"), "daily");
  assert.equal(await result.getAttribute("data-slot"), "2");
  assert.equal(await result.getAttribute("data-date"), DATE);
  assert.match(await result.textContent(), /^Accepted: daily code, slot 2, issued for 2026-11-22 by issuer 0\.$/);

  const single = expectedCode("demo-door", DATE, "single-use", 1);
  await byTestId("check-code").fill(single);
  await byTestId("check").click();
  assert.equal(await result.getAttribute("data-kind"), "single-use");
  assert.equal(await result.getAttribute("data-slot"), "1");
});

test("checking a wrong code rejects it with the typed reason", async () => {
  await choose();
  const code = expectedCode("demo-door", DATE, "daily", 0);
  // Change one digit, and make sure (with the Node build, at the same instant) that the changed
  // code is not some other valid code.
  const wrong = code.slice(0, 6) + String((Number(code[6]) + 1) % 10);
  const zone = Zone.fixed(3600);
  const lock = new DailyVerifier(deriveDoorKey(DEMO_SITE_SECRET_HEX, "demo-door"), "demo-door", null, [
    { issuer: 0, epoch: 0 },
  ]);
  const expected = lock.verify(wrong, NOON_AT_DEMO_DOOR, zone);
  assert.equal(expected.accepted, false);
  assert.equal(expected.reason, "NoMatch");
  assert.equal(lock.verify(code, NOON_AT_DEMO_DOOR, zone).accepted, true);
  assert.equal(lock.verify(code, NOON_AT_DEMO_DOOR + 2 * 86400, zone).reason, "NoMatch"); // 2026-11-24
  lock.free();
  zone.free();

  await byTestId("check-code").fill(wrong);
  await byTestId("check-time").fill("12:00");
  await byTestId("check").click();
  const result = byTestId("check-result");
  assert.equal(await result.getAttribute("data-accepted"), "false");
  assert.equal(await result.getAttribute("data-reason"), "NoMatch");
  assert.match(await result.textContent(), /^Rejected \(NoMatch\): /);

  // The right code on another day is rejected too: codes are valid for their date only.
  await choose({ date: "2026-11-24" });
  await byTestId("check-code").fill(code);
  await byTestId("check").click();
  assert.equal(await result.getAttribute("data-reason"), "NoMatch");

  // Malformed entries get their own reasons.
  await byTestId("check-code").fill("12a4567");
  await byTestId("check").click();
  assert.equal(await result.getAttribute("data-reason"), "Malformed.InvalidCharacter");
  await byTestId("check-code").fill("123");
  await byTestId("check").click();
  assert.equal(await result.getAttribute("data-reason"), "Malformed.WrongLength");
  assert.deepEqual(pageErrors, []);
});

/** The grid as shown: 7 rows (Monday first) of 24 hourly cells, true where open. */
async function shownGrid() {
  const rows = [];
  for (let day = 0; day < 7; day++) {
    const row = [];
    for (let hour = 0; hour < 24; hour++) {
      row.push((await byTestId(`cell-${day}-${hour}`).getAttribute("data-open")) === "true");
    }
    rows.push(row);
  }
  return rows;
}

/** A grid with the given (day, hour) cells open, written by hand from a Key's description. */
function gridWith(openCells) {
  const rows = Array.from({ length: 7 }, () => Array(24).fill(false));
  for (const [day, hour] of openCells) rows[day][hour] = true;
  return rows;
}

const range = (from, to) => Array.from({ length: to - from }, (_, i) => from + i);

test("a Key's schedule is shown as a weekly grid", async () => {
  await choose();
  await byTestId("key").selectOption("staff");
  await byTestId("key").dispatchEvent("change");
  // Staff: Monday to Friday 08:00-18:00 -> hours 8..17 of days 0..4.
  const staff = gridWith(range(0, 5).flatMap((day) => range(8, 18).map((hour) => [day, hour])));
  assert.deepEqual(await shownGrid(), staff);
  // 2026-11-22 is a Sunday: its week starts on Monday 2026-11-16.
  assert.match(await byTestId("schedule-grid").textContent(), /week of 2026-11-16/);

  await byTestId("key").selectOption("cleaner");
  await byTestId("key").dispatchEvent("change");
  // Tuesday and Thursday 10:00-12:30 (cells 10, 11 and 12: 12:00 is inside), Saturday 22:00 to
  // Sunday 02:00 (Saturday 22, 23; Sunday 0, 1).
  const cleaner = gridWith([
    [1, 10], [1, 11], [1, 12],
    [3, 10], [3, 11], [3, 12],
    [5, 22], [5, 23],
    [6, 0], [6, 1],
  ]);
  assert.deepEqual(await shownGrid(), cleaner);
  assert.deepEqual(pageErrors, []);
});

test("a spring-forward day in New York: the skipped hour is closed", async () => {
  // 2026-03-08 (a Sunday) 02:00-03:00 does not exist in US Eastern time. The weekend guest's
  // Key opens Friday to Sunday 15:00 until 11:00 the next morning, so Sunday 00:00-11:00 is open
  // from Saturday's window, except 02:00, which never happens that night.
  await choose({ door: "lobby-new-york", date: "2026-03-08" });
  await byTestId("key").selectOption("guest");
  await byTestId("key").dispatchEvent("change");
  const open = [
    ...range(0, 11).map((hour) => [0, hour]), // Monday morning, from Sunday's window
    ...range(15, 24).map((hour) => [4, hour]),
    ...range(0, 11).map((hour) => [5, hour]),
    ...range(15, 24).map((hour) => [5, hour]),
    ...range(0, 11).filter((hour) => hour !== 2).map((hour) => [6, hour]),
    ...range(15, 24).map((hour) => [6, hour]),
  ];
  const expected = gridWith(open);
  // The week of 2026-03-08 starts on Monday 2026-03-02; its Monday morning is open only if the
  // window of Sunday 2026-03-01 covers it, which it does (Sunday is one of the guest's days).
  assert.deepEqual(await shownGrid(), expected);
});

test("the guessing odds are shown for the configuration", async () => {
  await choose({ digits: "7" });
  const odds = byTestId("odds");
  // Worst case, inside the midnight grace: 2 candidate days x 1 issuer x (100 + 100) slots =
  // 400 accepted codes among 10^7: 1 in 25,000, within the 1-in-10,000 ceiling.
  assert.equal(await odds.getAttribute("data-accepted"), "400");
  assert.equal(await odds.getAttribute("data-space"), "10000000");
  assert.equal(await odds.getAttribute("data-expected-guesses"), "25000");
  assert.equal(await odds.getAttribute("data-within-ceiling"), "true");
  assert.match(await odds.textContent(), /odds of 400 in 10,000,000, about 1 in 25,000 .*Within the library's ceiling/);

  // 6 digits: 400 among 10^6 = 1 in 2,500, above the ceiling: the library refuses it.
  await choose({ digits: "6" });
  assert.equal(await odds.getAttribute("data-expected-guesses"), "2500");
  assert.equal(await odds.getAttribute("data-within-ceiling"), "false");
  assert.match(await odds.textContent(), /Refused by the library: /);
  // ... and so does issuing.
  await byTestId("issue").click();
  assert.equal(await byTestId("codes").isVisible(), false);
  assert.match(await byTestId("error").textContent(), /invalid policy/);
});
