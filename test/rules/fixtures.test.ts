// Runs every fixture under test/fixtures: each `*.conf` file (or each `*.case` folder, linted as a
// whole) must produce exactly the findings annotated inline, and where a `*.fixed.conf` sits beside a
// fixture, applying the preferred fixes must give that text.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { readExpectations, type Expectation } from "../support/annotations";
import { lintFiles, collectFiles } from "../../server/src/workspace";
import { LineIndex } from "../../server/src/parser/lines";
import { applyEdits } from "../../server/src/service";
import { parseVersion } from "../../server/src/model/version";
import { overlayFileSystem } from "../../server/src/analysis/files";
import type { Finding, TextEdit } from "../../server/src/analysis/finding";

const root = path.resolve(__dirname, "../../..");
const fixtures = path.join(root, "test", "fixtures");
const SEVERITIES: Record<number, string> = { 1: "error", 2: "warning", 3: "info", 4: "hint" };

interface Case {
  readonly name: string;
  readonly files: string[];
  readonly fixed: string | undefined;
}

function findCases(dir: string): Case[] {
  const cases: Case[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) {
      if (name.endsWith(".case"))
        cases.push({ name: path.relative(fixtures, full), files: collectFiles([full]), fixed: undefined });
      else cases.push(...findCases(full));
    } else if (name.endsWith(".conf") && !name.endsWith(".fixed.conf")) {
      const fixed = full.replace(/\.conf$/, ".fixed.conf");
      cases.push({
        name: path.relative(fixtures, full),
        files: [full],
        fixed: fs.existsSync(fixed) ? fixed : undefined,
      });
    }
  }
  return cases;
}

/** Options a fixture can set in a `# test: nginx-version=1.29.7` comment. */
function caseOptions(texts: readonly string[]) {
  const version = texts
    .map((t) => /#\s*test:.*nginx-version=([\d.]+)/.exec(t)?.[1])
    .find((v) => v !== undefined);
  return { target: version ? parseVersion(version) : undefined };
}

function describeFinding(f: Finding, index: LineIndex): string {
  const s = index.positionAt(f.start);
  const e = index.positionAt(f.end);
  return `${s.line + 1}:${s.character}-${e.line + 1}:${e.character} ${SEVERITIES[f.severity]}[${f.code}] ${f.message}`;
}

function matches(expected: Expectation, finding: Finding, index: LineIndex, lineLength: number): boolean {
  const start = index.positionAt(finding.start);
  const end = index.positionAt(finding.end);
  if (SEVERITIES[finding.severity] !== expected.severity || finding.code !== expected.code) return false;
  if (start.line !== expected.line || start.character !== expected.startCharacter) return false;
  if (expected.endCharacter !== undefined) {
    const endOnLine = end.line === start.line ? end.character : lineLength;
    if (endOnLine !== expected.endCharacter) return false;
  }
  return expected.messagePart === undefined || finding.message.includes(expected.messagePart);
}

/** Applies preferred fixes round after round, as `nginx-lint --fix` does. */
function fixAll(files: readonly string[], options: ReturnType<typeof caseOptions>): Map<string, string> {
  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, "utf8")]));
  for (let round = 0; round < 5; round++) {
    const result = lintFiles(files, { ...options, fs: overlayFileSystem(texts) });
    const edits = new Map<string, TextEdit[]>();
    for (const findings of result.values()) {
      for (const finding of findings) {
        if (finding.severity > 2) continue;
        const fix = finding.fixes?.find((x) => x.preferred);
        if (!fix) continue;
        for (const edit of fix.edits) edits.set(edit.file, [...(edits.get(edit.file) ?? []), edit]);
      }
    }
    if (edits.size === 0) break;
    for (const [file, list] of edits) texts.set(file, applyEdits(texts.get(file) as string, list));
  }
  return texts;
}

describe("rule fixtures", () => {
  const cases = findCases(fixtures);
  it("has fixtures", () => assert.ok(cases.length >= 20, `only ${cases.length} fixtures`));
  for (const testCase of cases) {
    it(testCase.name, () => {
      const texts = testCase.files.map((f) => fs.readFileSync(f, "utf8"));
      const options = caseOptions(texts);
      const result = lintFiles(testCase.files, options);
      const problems: string[] = [];
      for (const file of testCase.files) {
        const text = fs.readFileSync(file, "utf8");
        const index = new LineIndex(text);
        const lines = text.split(/\r?\n/);
        const expected = readExpectations(text);
        const findings = [...(result.get(file) ?? [])];
        for (const expectation of expected) {
          const at = findings.findIndex((f) =>
            matches(expectation, f, index, (lines[expectation.line] ?? "").length),
          );
          if (at === -1) {
            problems.push(
              `${path.basename(file)}:${expectation.annotationLine}: expected ${expectation.severity}[${expectation.code}] not found`,
            );
          } else findings.splice(at, 1);
        }
        for (const extra of findings)
          problems.push(`${path.basename(file)}: unexpected ${describeFinding(extra, index)}`);
      }
      assert.deepEqual(problems, [], problems.join("\n"));
      if (testCase.fixed) {
        const fixedTexts = fixAll(testCase.files, options);
        assert.equal(fixedTexts.get(testCase.files[0] as string), fs.readFileSync(testCase.fixed, "utf8"));
      }
    });
  }
});
