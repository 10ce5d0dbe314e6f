// What a test needs from the machine (nginx, Neovim, code-server with Chromium, root). On a
// developer's machine a test that cannot run skips with one line saying what to install. Where
// NGINX_LSP_TESTS_REQUIRE_ALL=1 (`.ci/run` sets it) nothing may skip for that reason: a broken install
// step must turn CI red, not quietly shrink the test suite.

import assert from "node:assert/strict";
import type { TestContext } from "node:test";

/** True where every test must run (CI). */
export const REQUIRE_ALL = process.env.NGINX_LSP_TESTS_REQUIRE_ALL === "1";

/**
 * For a test's `skip` option: false when `available`, else the reason, or, where every test must
 * run, a failure at load time naming what is missing.
 */
export function skipUnless(available: boolean, missing: string): string | false {
  if (available) return false;
  if (REQUIRE_ALL) throw new Error(`${missing}; NGINX_LSP_TESTS_REQUIRE_ALL=1 does not allow skipping`);
  return missing;
}

/**
 * Inside a test: skips it (returning false, so the caller stops) when the requirement is missing, or
 * fails it where every test must run.
 */
export function need(t: TestContext, available: boolean, missing: string): boolean {
  if (available) return true;
  if (REQUIRE_ALL) assert.fail(`${missing}; NGINX_LSP_TESTS_REQUIRE_ALL=1 does not allow skipping`);
  t.skip(missing);
  return false;
}
