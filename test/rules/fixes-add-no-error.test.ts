// Every fix the engine offers, applied on its own, must add no error: the text after it is judged
// again by every rule (duplicates included) and may hold no error the text before it did not. Run on
// every fixture and every configuration of the real-world corpus.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { Severity, type Finding } from "../../server/src/analysis/finding";
import { applyEdits } from "../../server/src/analysis/edits";
import { lintFiles } from "../../server/src/workspace";
import { CORPUS_DIR } from "../support/corpus";

const fixtures = path.resolve(__dirname, "../../../test/fixtures");

function confFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) {
      if (!name.endsWith(".case")) out.push(...confFiles(full));
    } else if (!name.endsWith(".fixed.conf") && !name.endsWith(".tsv") && !name.endsWith(".md"))
      out.push(full);
  }
  return out;
}

/** Errors by file, code and message (offsets move with the edits). */
function errorKeys(result: Map<string, Finding[]>): Map<string, number> {
  const keys = new Map<string, number>();
  for (const [file, findings] of result)
    for (const f of findings) {
      if (f.severity !== Severity.Error) continue;
      const key = `${path.basename(file)} ${f.code}: ${f.message}`;
      keys.set(key, (keys.get(key) ?? 0) + 1);
    }
  return keys;
}

describe("no offered fix adds an error", () => {
  const files = [...confFiles(fixtures), ...confFiles(CORPUS_DIR)];
  it("has files to check", () => assert.ok(files.length >= 60, `only ${files.length}`));
  for (const file of files) {
    it(path.relative(path.resolve(fixtures, ".."), file), () => {
      const text = fs.readFileSync(file, "utf8");
      const options = { prefix: path.dirname(file), fs: overlayFileSystem(new Map([[file, text]])) };
      const before = lintFiles([file], options);
      const had = errorKeys(before);
      const wrong: string[] = [];
      for (const finding of before.get(file) ?? []) {
        for (const fix of finding.fixes ?? []) {
          if (!fix.edits.every((e) => e.file === file)) continue;
          // Renaming an unknown block directive (`locaton / {`) makes its body judged for the first
          // time: what is wrong there was wrong before, unseen (nginx stopped at the name), not added.
          const only = fix.edits.length === 1 ? fix.edits[0] : undefined;
          if (finding.code === "unknown-directive" && only && /^[^;{}]*\{/.test(text.slice(only.end)))
            continue;
          const after = applyEdits(text, fix.edits);
          const result = lintFiles([file], {
            prefix: path.dirname(file),
            fs: overlayFileSystem(new Map([[file, after]])),
          });
          for (const [key, count] of errorKeys(result))
            if (count > (had.get(key) ?? 0)) wrong.push(`"${fix.title}" (for ${finding.code}) adds: ${key}`);
        }
      }
      assert.deepEqual(wrong, [], wrong.join("\n"));
    });
  }
});
