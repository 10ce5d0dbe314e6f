// vsce as `npm run package` runs it, for the tests that build a .vsix of their own (into a temporary
// folder, from the dist/ the test run built, without the production build the script adds).

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "../../..");
export const vsce = path.join(root, "node_modules", "@vscode", "vsce", "vsce");

/** The vsce flags of the `package` script, without its --out (each test writes its own). */
export function packageFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const script = pkg.scripts.package ?? "";
  const match = /\bvsce package (.*)$/.exec(script);
  assert.ok(match, `the package script does not run vsce package: ${script}`);
  const flags = (match[1] as string).split(/\s+/);
  const out = flags.indexOf("--out");
  if (out >= 0) flags.splice(out, 2);
  return flags;
}
