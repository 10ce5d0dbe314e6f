// The language server under load, over a real stdio connection: 10,000 random edits (LOAD_EDITS
// changes the count) replayed on a 5,000-line configuration, each sent as an incremental change and
// followed by waiting for the diagnostics of that version. Prints p50/p95/max latency from the change
// to its diagnostics, and the server's memory at the start, after the edits, and after the document is
// closed. Asserts the budget: p95 under 50 ms, and memory back within 10% of its start after close.

import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import * as P from "vscode-languageserver-protocol";
import { makeWorkspace, TestClient } from "../lsp/client";

const EDITS = Number(process.env.LOAD_EDITS ?? "10000");

/** A realistic 5,000-line configuration: servers with plain, WebSocket and static locations. */
function config(lines: number): string {
  const out = ["map $http_upgrade $connection_upgrade {", "    default upgrade;", "    '' close;", "}"];
  for (let n = 0; out.length < lines; n++) {
    out.push(
      "server {",
      `    listen 127.0.0.1:${10000 + (n % 50)};`,
      `    server_name s${n}.example.com;`,
      "    proxy_set_header Host $host;",
      "    location / {",
      "        proxy_pass http://127.0.0.1:9000;",
      "    }",
      "    location /ws/ {",
      "        proxy_pass http://127.0.0.1:9001;",
      "        proxy_http_version 1.1;",
      "        proxy_set_header Upgrade $http_upgrade;",
      "        proxy_set_header Connection $connection_upgrade;",
      "    }",
      "    location /static/ {",
      "        root /srv;",
      "    }",
      "}",
    );
  }
  return out.join("\n") + "\n";
}

/** A deterministic pseudo-random sequence (xorshift), so every run replays the same edits. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const PIECES = [
  "a",
  " ",
  ";",
  "\n",
  "$",
  "{",
  "}",
  '"',
  "#",
  "proxy_pass",
  "location /x {",
  "}",
  "upgrade",
  "1.1",
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

describe("language server under load", () => {
  let client: TestClient | undefined;
  after(async () => client?.stop());

  it(`replays ${EDITS} random edits on a 5,000-line configuration`, { timeout: 20 * 60_000 }, async () => {
    process.env.NGINX_LSP_TEST_HOOKS = "1";
    const workspace = makeWorkspace({ "sites-available/load.conf": "" });
    client = await TestClient.start({ folders: [workspace.dir] });
    const uri = pathToFileURL(`${workspace.dir}/sites-available/load.conf`).href;
    const memory = async () =>
      (await client?.connection.sendRequest<{ heapUsed: number; rss: number }>("nginx/memoryUsage")) ?? {
        heapUsed: 0,
        rss: 0,
      };
    let version = 1;
    /** Opens the document with a fresh configuration and waits for its first diagnostics. */
    const open = async (text: string) => {
      const opened = client?.waitForDiagnostics(uri, (p) => p.version === version);
      await client?.connection.sendNotification(P.DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: "nginx", version, text },
      });
      await opened;
    };
    const close = async () => {
      const cleared = client?.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
      await client?.connection.sendNotification(P.DidCloseTextDocumentNotification.type, {
        textDocument: { uri },
      });
      await cleared;
      await client?.connection.sendRequest("nginx/collectGarbage");
    };
    /** One editing session: open a fresh configuration, replay `count` random edits, report latencies. */
    const session = async (count: number, seed: number): Promise<number[]> => {
      version = 1;
      let text = config(5000);
      await open(text);
      const next = random(seed);
      const latencies: number[] = [];
      for (let i = 0; i < count; i++) {
        // Random places, mostly typing, sometimes deleting: what an editing session does to a file.
        const lines = text.split("\n");
        const line = Math.floor(next() * lines.length);
        const lineText = lines[line] ?? "";
        const character = Math.floor(next() * (lineText.length + 1));
        const deleting = next() < 0.3 && character > 0;
        const insert = deleting ? "" : (PIECES[Math.floor(next() * PIECES.length)] as string);
        const range = deleting
          ? { start: { line, character: character - 1 }, end: { line, character } }
          : { start: { line, character }, end: { line, character } };
        const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
        text =
          text.slice(0, offset + range.start.character) + insert + text.slice(offset + range.end.character);
        version++;
        const wanted = version;
        const published = client?.waitForDiagnostics(uri, (p) => p.version === wanted, { timeoutMs: 30_000 });
        const sent = performance.now();
        await client?.connection.sendNotification(P.DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [{ range, text: insert }],
        });
        await published;
        latencies.push(performance.now() - sent);
      }
      return latencies;
    };
    // A first, shorter session warms the server up: code compiled on the way is part of a running
    // server, not growth. Memory is measured from its end, after closing the document.
    await session(Math.min(1500, EDITS), 1);
    await close();
    const start = await memory();
    const latencies = await session(EDITS, 20261125);
    const afterEdits = await memory();

    await close();
    const afterClose = await memory();

    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
    console.log(
      `lsp load: ${EDITS} edits on 5,000 lines; change -> diagnostics p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, ` +
        `max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} ms; heap ${mib(start.heapUsed)} MiB at start, ` +
        `${mib(afterEdits.heapUsed)} MiB after the edits, ${mib(afterClose.heapUsed)} MiB after close (rss ${mib(afterClose.rss)} MiB)`,
    );
    assert.ok(p95 < 50, `p95 ${p95.toFixed(1)} ms is over the 50 ms budget`);
    assert.ok(
      afterClose.heapUsed <= start.heapUsed * 1.1,
      `heap grew from ${mib(start.heapUsed)} to ${mib(afterClose.heapUsed)} MiB after close`,
    );
  });
});
