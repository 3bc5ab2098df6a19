// Mobile credentials (SPEC.md section 16): issueCredential, openCredential, delegateCredential
// and answerChallenge against every applicable case of vectors/doorcode_credential_test.json
// (generated and checked independently of this package), and their errors.
// DOORCODE_VECTORS_DIR points the test at another directory, as in vectors.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { doorcodeLock, fromHex } from "../test-support/doorcode.mjs";

const { issueCredential, openCredential, delegateCredential, answerChallenge } = doorcodeLock;

const VECTORS_DIR = process.env.DOORCODE_VECTORS_DIR ?? fileURLToPath(new URL("../../vectors", import.meta.url));
const file = JSON.parse(readFileSync(join(VECTORS_DIR, "doorcode_credential_test.json"), "utf8"));
const group = (type) => file.testGroups.find((g) => g.type === type).tests;

/** JSON's i64 extremes (an unbounded window) are null in the API. */
const bound = (value) => (Number.isSafeInteger(value) ? value : null);

/** IssueCredentialOptions from a vector's inputs. */
function issueOptions(t) {
  const f = t.fields;
  return {
    siteSecretHex: t.siteKey,
    issuer: t.issuer,
    epoch: t.epoch,
    doors: t.doors.map(fromHex),
    credentialIdHex: f.credentialId,
    holder: f.holder,
    key: f.key,
    notBefore: bound(f.notBefore),
    notAfter: bound(f.notAfter),
    scheduleHex: f.schedule,
    role: f.role,
    mayShare: f.mayShare,
    entropyHex: t.entropy,
  };
}

const proofs = (list) => list.map((p) => ({ doorHex: p.door, slot: p.slot, proofKeyHex: p.proofKey }));

test("issueCredential reproduces the issue vectors", () => {
  let checked = 0;
  for (const t of group("CredentialIssueTest")) {
    const at = `tcId ${t.tcId}`;
    if (t.result === "valid") {
      const got = issueCredential(issueOptions(t));
      assert.equal(got.credentialHex, t.credential, at);
      assert.equal(got.contentKeyHex, t.contentKey, at);
      assert.deepEqual(got.proofKeys, proofs(t.proofKeys), at);
      assert.equal(got.bundleHex, t.bundle, at);
    } else {
      assert.throws(() => issueCredential(issueOptions(t)), { message: new RegExp(`\\[${t.error}\\]`) }, at);
    }
    checked++;
  }
  assert.equal(checked, 8);
});

test("openCredential shows the bundle vectors' fields and rights", () => {
  for (const t of group("CredentialBundleTest")) {
    const at = `tcId ${t.tcId}`;
    if (t.result !== "valid") {
      assert.throws(() => openCredential(t.bundle), { message: new RegExp(`\\[${t.error}\\]`) }, at);
      continue;
    }
    const got = openCredential(t.bundle);
    const f = t.fields;
    assert.equal(got.issuer, t.issuer, at);
    assert.equal(got.epoch, t.epoch, at);
    assert.equal(got.doorCount, t.doorCount, at);
    assert.equal(got.credentialIdHex, f.credentialId, at);
    assert.equal(got.holder, f.holder, at);
    assert.equal(got.key, f.key, at);
    assert.equal(got.role, f.role, at);
    assert.equal(got.mayShare, f.mayShare, at);
    assert.equal(got.notBefore, f.notBefore, at);
    assert.equal(got.notAfter, f.notAfter, at);
    assert.equal(got.scheduleHex, f.schedule, at);
    assert.deepEqual(
      got.caveats,
      t.caveats.map((c) => ({
        linkHex: c.link,
        guest: c.guest,
        doors: c.doors,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        scheduleHex: c.schedule,
        mayShare: c.mayShare,
      })),
      at,
    );
    assert.deepEqual(got.rights, t.rights, at);
    assert.equal(got.credentialBytes * 2 + 6 + 32 < t.bundle.length, true, at);
  }
});

test("delegateCredential reproduces the delegation vectors", () => {
  let checked = 0;
  for (const t of group("CredentialDelegateTest")) {
    const at = `tcId ${t.tcId}`;
    const parent = openCredential(t.parent);
    const c = t.caveat;
    // The caveat names doors by slot; the API takes the holder's door ids.
    const held = parent.doors.filter((d) => (c.doors >>> d.slot) & 1);
    if (held.reduce((mask, d) => mask | (1 << d.slot), 0) !== c.doors) {
      // A slot the holder has no proof key for: not expressible with door ids.
      assert.equal(t.result, "invalid", at);
      continue;
    }
    const options = {
      linkHex: c.link,
      guest: c.guest,
      doors: held.map((d) => fromHex(d.doorHex)),
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      scheduleHex: c.schedule,
      mayShare: c.mayShare,
    };
    if (t.result === "valid") {
      const guest = delegateCredential(t.parent, options);
      assert.equal(guest, t.bundle, at);
      assert.equal(openCredential(guest).caveats.length, parent.caveats.length + 1, at);
    } else {
      assert.throws(() => delegateCredential(t.parent, options), { message: new RegExp(`\\[${t.error}\\]`) }, at);
    }
    checked++;
  }
  assert.equal(checked, 7); // the two slot-only widenings are covered in the next test and by the vectors
});

test("answerChallenge gives the session vectors' accepted presentations", () => {
  const bundle = group("CredentialIssueTest")[0].bundle;
  const session = group("BleSessionTest")[0];
  let answered = 0;
  session.steps.forEach((step, i) => {
    if (step.op !== "present" || step.answer !== "accept") return;
    const challenge = session.steps[i - 1];
    assert.equal(challenge.op, "challenge");
    assert.equal(answerChallenge(bundle, challenge.challenge), step.presentation, `step ${i}`);
    answered++;
  });
  assert.equal(answered, 2);
});

test("a delegated guest answers only for its doors; a non-sharing guest cannot delegate", () => {
  const resident = group("CredentialIssueTest")[1];
  const gymRoof = delegateCredential(resident.bundle, { linkHex: "aa".repeat(16), guest: 5, doors: ["gym", "roof"] });
  const opened = openCredential(gymRoof);
  assert.equal(opened.rights.doors, 0b110);
  assert.equal(opened.rights.role, "non-resident");
  assert.equal(opened.rights.mayShare, false);
  assert.equal(opened.rights.notBefore, resident.fields.notBefore);
  // Challenge = 01 nonce(16) u8(len) door id (SPEC 16).
  const challenge = (door) => "01" + "07".repeat(16) + door.length.toString(16).padStart(2, "0") + Buffer.from(door).toString("hex");
  const presentation = answerChallenge(gymRoof, challenge("roof"));
  assert.equal(presentation.slice(0, 4), "0102"); // version 1, slot 2
  assert.throws(() => answerChallenge(gymRoof, challenge("lobby")), { message: /\[DoorNotHeld\]/ });
  assert.throws(() => delegateCredential(gymRoof, { linkHex: "bb".repeat(16) }), {
    message: /\[Widening\.NotShareable\]/,
  });
  assert.throws(() => delegateCredential(resident.bundle, { linkHex: "bb".repeat(16), doors: ["attic"] }), {
    message: /options\.doors: the bundle holds no door 6174746963/,
  });
});

test("bad arguments throw errors naming the argument", () => {
  const t = group("CredentialIssueTest")[0];
  const options = issueOptions(t);
  assert.throws(() => openCredential("zz"), { message: /bundleHex/ });
  assert.throws(() => openCredential(42), { message: /bundleHex/ });
  assert.throws(() => openCredential("02"), { message: /\[UnknownVersion\]/ });
  assert.throws(() => issueCredential({ ...options, extra: 1 }), { message: /unknown field "extra"/ });
  assert.throws(() => issueCredential({ ...options, credentialIdHex: "00" }), { message: /credentialIdHex/ });
  assert.throws(() => issueCredential({ ...options, holder: 1.5 }), { message: /options\.holder/ });
  assert.throws(() => issueCredential({ ...options, holder: -1 }), { message: /options\.holder/ });
  assert.throws(() => issueCredential({ ...options, role: "owner" }), { message: /options\.role/ });
  assert.throws(() => issueCredential({ ...options, notAfter: options.notBefore - 1 }), { message: /notBefore/ });
  assert.throws(() => issueCredential({ ...options, scheduleHex: "ff" }), { message: /scheduleHex/ });
  assert.throws(() => issueCredential({ ...options, doors: "lobby" }), { message: /options\.doors/ });
  assert.throws(() => issueCredential({ ...options, doors: [""] }), { message: /options\.doors\[0\]/ });
  assert.throws(() => issueCredential({ ...options, entropyHex: "00" }), { message: /\[WeakEntropy\]/ });
  assert.throws(() => answerChallenge(t.bundle, "01"), { message: /\[Truncated\]/ });
  assert.throws(() => delegateCredential(t.bundle, null), { message: /options/ });
  // Unbounded windows round-trip as null.
  const always = issueCredential({ ...options, notBefore: null, notAfter: null });
  const opened = openCredential(always.bundleHex);
  assert.equal(opened.notBefore, null);
  assert.equal(opened.notAfter, null);
});

test("TypeScript declarations describe the credential API", () => {
  const dts = readFileSync(fileURLToPath(new URL("../pkg/doorcode_lock.d.ts", import.meta.url)), "utf8");
  for (const name of ["IssueCredentialOptions", "IssuedCredential", "OpenedCredential", "DelegateOptions", "CredentialCaveat"]) {
    assert.match(dts, new RegExp(`export interface ${name}`), name);
  }
  assert.match(dts, /export function issueCredential\(options: IssueCredentialOptions\): IssuedCredential;/);
  assert.match(dts, /export function openCredential\(bundleHex: string\): OpenedCredential;/);
  assert.match(dts, /export function delegateCredential\(bundleHex: string, options: DelegateOptions\): string;/);
  assert.match(dts, /export function answerChallenge\(bundleHex: string, challengeHex: string\): string;/);
});
