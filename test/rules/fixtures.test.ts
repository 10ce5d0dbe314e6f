// Runs every fixture under test/fixtures: each `*.conf` file (or each `*.case` folder, linted as a
// whole) must produce exactly the findings annotated inline, every related place annotated with
// tildes must be one a finding names, and where a `*.fixed.conf` sits beside a fixture (a `*.fixed`
// folder beside a `*.case` folder, holding the files the fixes change), applying the preferred
// fixes must give that text. A case whose fixes change something must have its expected result.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { readExpectations, type Expectation, type RelatedExpectation } from "../support/annotations";
import { lintFiles, collectFiles } from "../../server/src/workspace";
import { LineIndex } from "../../server/src/parser/lines";
import { applyEdits } from "../../server/src/analysis/edits";
import { parseVersion } from "../../server/src/model/version";
import { overlayFileSystem } from "../../server/src/analysis/files";
import type { Finding, TextEdit } from "../../server/src/analysis/finding";

const root = path.resolve(__dirname, "../../..");
const fixtures = path.join(root, "test", "fixtures");
const SEVERITIES: Record<number, string> = { 1: "error", 2: "warning", 3: "info", 4: "hint" };

interface Case {
  readonly name: string;
  readonly files: string[];
  /** The expected text after the fixes, by file (a file not listed must stay as it is). */
  readonly fixed: Map<string, string> | undefined;
}

/** A `NAME.case` folder's expected results: `NAME.fixed/` beside it, holding the files that change. */
function fixedFolder(caseDir: string, files: readonly string[]): Map<string, string> | undefined {
  const dir = caseDir.replace(/\.case$/, ".fixed");
  if (!fs.existsSync(dir)) return undefined;
  const expected = new Map<string, string>();
  for (const file of files) {
    const fixed = path.join(dir, path.relative(caseDir, file));
    if (fs.existsSync(fixed)) expected.set(file, fs.readFileSync(fixed, "utf8"));
  }
  return expected;
}

function findCases(dir: string): Case[] {
  const cases: Case[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) {
      if (name.endsWith(".case")) {
        const files = collectFiles([full]);
        cases.push({ name: path.relative(fixtures, full), files, fixed: fixedFolder(full, files) });
      } else if (!name.endsWith(".fixed")) cases.push(...findCases(full));
    } else if (name.endsWith(".conf") && !name.endsWith(".fixed.conf")) {
      const fixed = full.replace(/\.conf$/, ".fixed.conf");
      cases.push({
        name: path.relative(fixtures, full),
        files: [full],
        fixed: fs.existsSync(fixed) ? new Map([[full, fs.readFileSync(fixed, "utf8")]]) : undefined,
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

function matchesRelated(
  expected: RelatedExpectation,
  file: string,
  finding: Finding,
  index: LineIndex,
): boolean {
  if (finding.code !== expected.code) return false;
  return (finding.related ?? []).some((r) => {
    const start = index.positionAt(r.start);
    const end = index.positionAt(r.end);
    return (
      r.file === file &&
      start.line === expected.line &&
      start.character === expected.startCharacter &&
      end.line === expected.line &&
      end.character === expected.endCharacter &&
      (expected.messagePart === undefined || r.message.includes(expected.messagePart))
    );
  });
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
        const { findings: expected, related } = readExpectations(text);
        const findings = [...(result.get(file) ?? [])];
        const all = [...result.values()].flat();
        for (const place of related) {
          if (!all.some((f) => matchesRelated(place, file, f, index)))
            problems.push(
              `${path.basename(file)}:${place.annotationLine}: no ${place.code} finding names this place (exactly) as related`,
            );
        }
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
      const fixedTexts = fixAll(testCase.files, options);
      const changed = testCase.files.filter((f) => fixedTexts.get(f) !== fs.readFileSync(f, "utf8"));
      if (testCase.fixed) {
        for (const file of testCase.files) {
          const want: string = testCase.fixed.get(file) ?? fs.readFileSync(file, "utf8");
          assert.equal(fixedTexts.get(file), want, `${path.relative(fixtures, file)} after the fixes`);
        }
      } else {
        assert.deepEqual(
          changed.map((f) => path.relative(fixtures, f)),
          [],
          "the fixes change these files: write what they should become beside the fixture (.fixed.conf, or a .fixed folder for a .case)",
        );
      }
    });
  }
});
