// Guessing odds, derived by hand: a random entry is accepted with probability
// candidate days x issuers x (daily slots + single-use slots) / 10^digits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { doorcode, SITE_SECRET_HEX, NOV22_UTC_MIDNIGHT, HOUR } from "../test-support/doorcode.mjs";

const { guessOdds, checkPolicy, DailyVerifier, deriveDoorKey } = doorcode;

test("default policy, one issuer: 2 days x 200 slots = 400 / 10^7 at worst", () => {
  // Inside the 15-minute grace around midnight two dates are candidates; 100 daily + 100
  // single-use slots each; 7 digits give 10^7 codes. 400 / 10^7 = 4e-5, one in 25000.
  assert.deepEqual(guessOdds(null, 1), {
    accepted: 400,
    space: 10_000_000,
    probability: 400 / 10_000_000,
    expectedGuesses: 25_000,
    withinCeiling: true, // 4e-5 <= 1e-4
  });
  assert.deepEqual(guessOdds({}, 1), guessOdds(undefined, 1));
});

test("odds scale with issuers, slots, grace and digits", () => {
  // Two issuers: 2 x 2 x 200 = 800 / 10^7, still within 1 / 10^4.
  assert.equal(guessOdds(null, 2).accepted, 800);
  assert.equal(guessOdds(null, 2).withinCeiling, true);
  // Three issuers: 1200 / 10^7 > 1000 / 10^7 = the ceiling.
  assert.equal(guessOdds(null, 3).accepted, 1200);
  assert.equal(guessOdds(null, 3).withinCeiling, false);
  // No grace: one candidate day: 200 / 10^7.
  assert.equal(guessOdds({ graceSeconds: 0 }, 1).accepted, 200);
  // 6 digits: 400 / 10^6 = 4e-4, one in 2500: above the ceiling.
  assert.deepEqual(guessOdds({ digits: 6 }, 1), {
    accepted: 400,
    space: 1_000_000,
    probability: 4e-4,
    expectedGuesses: 2500,
    withinCeiling: false,
  });
  // Exactly at the ceiling: 6 digits, 25 + 25 slots: 2 x 50 = 100 / 10^6 = 1 / 10^4.
  assert.equal(guessOdds({ digits: 6, dailySlots: 25, singleUseSlots: 25 }, 1).withinCeiling, true);
  assert.equal(guessOdds({ digits: 6, dailySlots: 26, singleUseSlots: 25 }, 1).withinCeiling, false);
  // 12 digits, a million slots of each kind, 8 issuers: 2 x 8 x 2e6 = 3.2e7 / 10^12.
  const big = guessOdds({ digits: 12, dailySlots: 1e6, singleUseSlots: 1e6 }, 8);
  assert.equal(big.accepted, 32_000_000);
  assert.equal(big.space, 1e12);
  assert.equal(big.expectedGuesses, 31_250);
  // No issuers: nothing is accepted.
  assert.deepEqual(guessOdds(null, 0), {
    accepted: 0,
    space: 10_000_000,
    probability: 0,
    expectedGuesses: null,
    withinCeiling: true,
  });
});

test("checkPolicy agrees with withinCeiling", () => {
  for (const [policy, issuers] of [
    [null, 1],
    [null, 2],
    [null, 3],
    [{ digits: 6 }, 1],
    [{ digits: 6, dailySlots: 25, singleUseSlots: 25 }, 1],
    [{ digits: 6, dailySlots: 26, singleUseSlots: 25 }, 1],
    [{ digits: 8, dailySlots: 1000, singleUseSlots: 1000 }, 8],
  ]) {
    const { withinCeiling } = guessOdds(policy, issuers);
    if (withinCeiling) {
      assert.equal(checkPolicy(policy, issuers), undefined);
    } else {
      assert.throws(() => checkPolicy(policy, issuers), /above the ceiling/);
    }
  }
});

test("a verifier's odds at an instant: 2 days inside the grace, 1 outside", () => {
  const doorKey = deriveDoorKey(SITE_SECRET_HEX, "lobby");
  const verifier = new DailyVerifier(doorKey, "lobby", null, [
    { issuer: 0, epoch: 0 },
    { issuer: 7, epoch: 2 },
  ]);
  // 2026-11-22T12:00:00Z = 1795305600 + 43200: noon in UTC, far from midnight: 1 x 2 x 200 = 400.
  assert.equal(verifier.oddsAt(NOV22_UTC_MIDNIGHT + 12 * HOUR, 0).accepted, 400);
  // 2026-11-22T00:05:00Z: 5 minutes after midnight: 2 x 2 x 200 = 800, the worst case.
  assert.deepEqual(verifier.oddsAt(NOV22_UTC_MIDNIGHT + 300, 0), guessOdds(null, 2));
  // The same instant is 01:05 at a UTC+01:00 door: outside the grace again.
  assert.equal(verifier.oddsAt(NOV22_UTC_MIDNIGHT + 300, HOUR).accepted, 400);
});
