// Shared setup for the tests in ../test: loads the package's two modules the way a Node user does
// (CommonJS output of `wasm-bindgen --target nodejs`, through createRequire) and fixes the test keys.
// It lives outside test/ so that `node --test test/` does not count it as a test file.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
function load(file) {
  const entry = fileURLToPath(new URL(`../pkg/${file}`, import.meta.url));
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run \`bash build.sh\` (or \`npm run build\`) in wasm/ first`);
  }
  return require(entry);
}

/** The package's main module, `doorcode`. */
export const doorcode = load("doorcode_wasm.js");

/** The package's second module, `doorcode/lock` (door updates and mobile credentials). */
export const doorcodeLock = load("doorcode_lock.js");

/** 32-byte site secret 00 01 02 .. 1f. */
export const SITE_SECRET_HEX = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, "0")).join("");

/** 2026-11-22T00:00:00Z. Days from 1970-01-01: 56 years with 14 leap days (1972..2024) =
 * 56 * 365 + 14 = 20454 days to 2026-01-01, plus 304 days for Jan..Oct (31+28+31+30+31+30+31+31+30+31)
 * and 21 for Nov 1..21 = 20779 days; 20779 * 86400 = 1795305600. */
export const NOV22_UTC_MIDNIGHT = 1795305600;
export const HOUR = 3600;
export const MINUTE = 60;

/** Lowercase hex -> Uint8Array. */
export function fromHex(hex) {
  if (hex.length % 2 !== 0) throw new Error(`odd-length hex ${hex}`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
