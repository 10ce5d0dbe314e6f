// Diagnostic codes are a stable interface documented in the README: every code any part of the
// engine can report must have a row there, and every row must be a real code.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { it } from "node:test";
import { RULES } from "../../server/src/rules";
import { SYNTAX_ERROR_CODES } from "../../server/src/parser/ast";
import { INCLUDE_CODES } from "../../server/src/analysis/config";
import { TOO_MANY_FINDINGS } from "../../server/src/analysis/finding";
import { DIAGNOSTIC_CODES, FILE_TOO_LARGE_CODE } from "../../server/src/codes";

it("README documents every diagnostic code, and only those", () => {
  const readme = fs.readFileSync(path.resolve(__dirname, "../../..", "README.md"), "utf8");
  const section = readme.slice(
    readme.indexOf("## Diagnostic codes"),
    readme.indexOf("\n## ", readme.indexOf("## Diagnostic codes") + 5),
  );
  const documented = [...section.matchAll(/^\| `([a-z0-9-]+)`\s+\|/gm)].map((m) => m[1]).sort();
  const codes = [
    ...RULES.map((r) => r.id),
    ...SYNTAX_ERROR_CODES,
    ...INCLUDE_CODES,
    FILE_TOO_LARGE_CODE,
    TOO_MANY_FINDINGS,
  ].sort();
  assert.deepEqual(documented, codes);
  assert.equal(new Set(codes).size, codes.length, "codes are unique");
  // The command line's list (what --config accepts in severity, SARIF's rules) is the same list.
  assert.deepEqual(DIAGNOSTIC_CODES.map((c) => c.code).sort(), codes);
  for (const rule of RULES)
    assert.ok(
      fs.existsSync(path.resolve(__dirname, "../../..", "server/src/rules", `${rule.id}.ts`)),
      `rule file for ${rule.id}`,
    );
});
