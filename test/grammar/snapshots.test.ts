// Snapshot tests: vscode-tmgrammar-snap compares the committed .snap files with what the committed grammar
// produces now, for the hand-written samples and for every real-world config in test/corpus.
// Regenerate with `node scripts/update-grammar-snapshots.mjs` and review the diff.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import {
  runSnapshots,
  corpusCases,
  corpusSnapshotsDir,
  sampleCases,
  samplesDir,
  staleSnapshots,
  type SnapshotCase,
} from "./support";

function checkSet(cases: readonly SnapshotCase[], snapshotDir: string, minimum: number): void {
  assert.ok(cases.length >= minimum, `expected at least ${minimum} files, found ${cases.length}`);
  // The tool quietly writes a missing snapshot and passes, so a missing one must fail here first.
  const missing = cases.filter((c) => !existsSync(c.snapshot)).map((c) => c.snapshot);
  assert.deepEqual(missing, [], "snapshots missing: run `node scripts/update-grammar-snapshots.mjs`");
  assert.deepEqual(staleSnapshots(snapshotDir, cases), [], "snapshots without a source file");
  const run = runSnapshots(cases);
  assert.equal(run.status, 0, `vscode-tmgrammar-snap reported differences:\n${run.output}`);
}

test("grammar snapshots of the samples match", () => {
  checkSet(sampleCases(), samplesDir, 7);
});

test("grammar snapshots of the real-world corpus match", () => {
  checkSet(corpusCases(), corpusSnapshotsDir, 49);
});
