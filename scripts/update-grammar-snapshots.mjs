// Regenerates the grammar snapshot files with vscode-tmgrammar-snap from the committed
// syntaxes/nginx.tmLanguage.json (`npm run grammar:snapshots` builds the grammar and compiles the tests
// first): test/grammar/samples/<name>.conf.snap for the hand-written samples, and
// test/grammar/corpus-snapshots/<file>.snap for the real-world configs listed in test/corpus/MANIFEST.tsv.
// The cases and the staging are the snapshot test's own (test/grammar/support.ts), so what this writes
// is what the test compares. Snapshots whose source is gone are deleted. Review the diff before committing.
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { corpusCases, corpusSnapshotsDir, runSnapshots, sampleCases, samplesDir, staleSnapshots } = require(
  join(root, "out", "test", "grammar", "support.js"),
);

const samples = sampleCases();
const corpus = corpusCases();
const run = runSnapshots([...samples, ...corpus], true);
if (run.status !== 0) {
  process.stderr.write(run.output);
  console.error(`vscode-tmgrammar-snap failed (exit ${run.status})`);
  process.exit(1);
}
for (const [dir, cases] of [
  [samplesDir, samples],
  [corpusSnapshotsDir, corpus],
]) {
  for (const file of staleSnapshots(dir, cases)) {
    rmSync(file);
    console.log(`removed stale ${file}`);
  }
}
console.log(`wrote ${samples.length} sample and ${corpus.length} corpus snapshots`);
