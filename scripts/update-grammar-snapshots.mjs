// Regenerates the grammar snapshot files with vscode-tmgrammar-snap from the committed
// syntaxes/nginx.tmLanguage.json (run `node scripts/build-grammar.mjs` first after editing the grammar):
//   test/grammar/samples/<name>.conf.snap          for the hand-written samples
//   test/grammar/corpus-snapshots/<file>.snap      for the real-world configs listed in test/corpus/MANIFEST.tsv
// The tool writes a snapshot next to its source, and test/corpus is not the grammar's folder, so every
// source is copied to a temporary folder, snapshotted there, and the .snap files are copied back.
// Snapshots whose source is gone are deleted. Review the diff before committing.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const grammarPath = join(root, "syntaxes", "nginx.tmLanguage.json");
const samplesDir = join(root, "test", "grammar", "samples");
const corpusDir = join(root, "test", "corpus");
const corpusSnapshotsDir = join(root, "test", "grammar", "corpus-snapshots");

const samples = readdirSync(samplesDir)
  .filter((name) => name.endsWith(".conf"))
  .sort()
  .map((name) => ({
    group: "samples",
    source: join(samplesDir, name),
    snapshot: join(samplesDir, `${name}.snap`),
  }));

const corpus = readFileSync(join(corpusDir, "MANIFEST.tsv"), "utf8")
  .split("\n")
  .slice(1)
  .map((row) => row.split("\t")[0] ?? "")
  .filter((name) => name !== "")
  .sort()
  .map((name) => ({
    group: "corpus",
    source: join(corpusDir, name),
    snapshot: join(corpusSnapshotsDir, `${name}.snap`),
  }));

const cases = [...samples, ...corpus];
const stage = mkdtempSync(join(tmpdir(), "nginx-grammar-snap-"));
try {
  const staged = cases.map((c) => {
    const dir = join(stage, c.group);
    mkdirSync(dir, { recursive: true });
    const target = join(dir, basename(c.source));
    copyFileSync(c.source, target);
    return { ...c, target };
  });
  const tool = join(root, "node_modules", "vscode-tmgrammar-test", "dist", "snapshot.js");
  const result = spawnSync(
    process.execPath,
    [
      tool,
      "--updateSnapshot",
      "--scope",
      "source.nginx",
      "--grammar",
      grammarPath,
      ...staged.map((s) => s.target),
    ],
    { cwd: root, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } },
  );
  if (result.status !== 0) {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    console.error(`vscode-tmgrammar-snap failed (exit ${result.status})`);
    process.exit(1);
  }
  mkdirSync(corpusSnapshotsDir, { recursive: true });
  for (const s of staged) copyFileSync(`${s.target}.snap`, s.snapshot);

  const wanted = new Set(cases.map((c) => c.snapshot));
  for (const dir of [samplesDir, corpusSnapshotsDir]) {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (name.endsWith(".snap") && !wanted.has(file) && existsSync(file)) {
        rmSync(file);
        console.log(`removed stale ${file}`);
      }
    }
  }
  console.log(`wrote ${samples.length} sample and ${corpus.length} corpus snapshots`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
