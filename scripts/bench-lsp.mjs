// The language server's part of `npm run bench`: for 5,000-line files of three shapes
// (scripts/bench-shapes.mjs: (a) typical servers, (b) every proxied location a WebSocket finding,
// (c) one server with all the locations), a session of random edits over a real stdio connection,
// each change sent alone and timed until the server publishes the diagnostics of that version.
// Prints the median and 95th percentile per shape against the goal. BENCH_LSP_EDITS sets the count.
// Needs `tsc -p .` (the test client and the edit generator are compiled from test/).

import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { SHAPES } from "./bench-shapes.mjs";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const { TestClient } = require(path.join(root, "out", "test", "lsp", "client.js"));
const { random, randomEdit, percentile } = require(path.join(root, "out", "test", "load", "edits.js"));
const P = require("vscode-languageserver-protocol");

const EDITS = Number(process.env.BENCH_LSP_EDITS ?? 1000);
const GOAL_P95_MS = 20;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-lsp-bench-"));

const rows = [];
for (const shape of SHAPES.filter((s) => "abc".includes(s.id))) {
  const dir = path.join(work, shape.id);
  fs.mkdirSync(dir, { recursive: true });
  const made = shape.make(5000, dir);
  const file = typeof made === "string" ? made : made.file;
  const client = await TestClient.start({ folders: [dir] });
  const uri = pathToFileURL(file).href;
  let text = fs.readFileSync(file, "utf8");
  let version = 1;
  const opened = client.waitForDiagnostics(uri, (p) => p.version === 1, { timeoutMs: 60_000 });
  await client.connection.sendNotification(P.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "nginx", version, text },
  });
  await opened;
  const next = random(20261129);
  const latencies = [];
  for (let i = 0; i < EDITS; i++) {
    const edit = randomEdit(text, next);
    text = edit.text;
    const wanted = ++version;
    const published = client.waitForDiagnostics(uri, (p) => p.version === wanted, { timeoutMs: 60_000 });
    const sent = performance.now();
    await client.connection.sendNotification(P.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: edit.range, text: edit.insert }],
    });
    await published;
    // The first tenth warms the server up (code compiled on the way is not what a user waits for).
    if (i >= EDITS / 10) latencies.push(performance.now() - sent);
  }
  await client.stop();
  latencies.sort((a, b) => a - b);
  rows.push({
    shape,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    count: latencies.length,
  });
}
fs.rmSync(work, { recursive: true, force: true });

console.log("");
console.log("language server, 5,000-line file | change -> diagnostics p50 ms | p95 ms");
console.log("---------------------------------|-----------------------------|-------");
for (const r of rows) {
  console.log(
    `(${r.shape.id}) ${r.shape.name.padEnd(29)} | ${r.p50.toFixed(1).padStart(27)} | ${r.p95.toFixed(1).padStart(6)}`,
  );
}
console.log(
  `(${rows[0]?.count ?? 0} timed edits per shape, after ${EDITS - (rows[0]?.count ?? 0)} to warm up)`,
);
for (const r of rows)
  if (r.p95 > GOAL_P95_MS)
    console.log(`goal missed: (${r.shape.id}) p95 ${r.p95.toFixed(1)} ms (goal ${GOAL_P95_MS} ms)`);
