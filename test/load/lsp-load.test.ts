// The language server under load, over a real stdio connection: 2,000 random edits (LOAD_EDITS
// changes the count) replayed on a 5,000-line configuration, each sent as an incremental change and
// followed by waiting for the diagnostics of that version. Asserts behaviour, never speed (a busy
// machine must not fail a test; `npm run bench` times the same sessions): every change gets the
// diagnostics of its own version, the last ones are what `nginx-lint` reports for the final text, and
// the heap the server retains after the document is closed is back within 10% of its start.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import * as P from "vscode-languageserver-protocol";
import { makeWorkspace, ROOT, TestClient } from "../lsp/client";
import { random, randomEdit } from "./edits";

const EDITS = Number(process.env.LOAD_EDITS ?? "2000");
const CLI = path.join(ROOT, "dist", "cli.js");

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

describe("language server under load", () => {
  let client: TestClient | undefined;
  after(async () => client?.stop());

  it(`replays ${EDITS} random edits on a 5,000-line configuration`, { timeout: 20 * 60_000 }, async () => {
    process.env.NGINX_LSP_TEST_HOOKS = "1";
    const workspace = makeWorkspace({ "sites-available/load.conf": "" });
    client = await TestClient.start({ folders: [workspace.dir] });
    const file = `${workspace.dir}/sites-available/load.conf`;
    const uri = pathToFileURL(file).href;
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
    /** One editing session: open a fresh configuration, replay `count` random edits; the final text. */
    const session = async (count: number, seed: number): Promise<{ text: string; last: P.Diagnostic[] }> => {
      version = 1;
      let text = config(5000);
      await open(text);
      const next = random(seed);
      let last: P.Diagnostic[] = [];
      for (let i = 0; i < count; i++) {
        const edit = randomEdit(text, next);
        text = edit.text;
        version++;
        const wanted = version;
        const published = client?.waitForDiagnostics(uri, (p) => p.version === wanted, { timeoutMs: 60_000 });
        await client?.connection.sendNotification(P.DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [{ range: edit.range, text: edit.insert }],
        });
        last = (await published)?.diagnostics ?? [];
      }
      return { text, last };
    };
    // A first, shorter session warms the server up: code compiled on the way is part of a running
    // server, not growth. Memory is measured from its end, after closing the document.
    await session(Math.min(1500, EDITS), 1);
    await close();
    const start = await memory();
    const final = await session(EDITS, 20261125);

    // The last diagnostics are the command line's for the same text at the same path (hints included:
    // the editor shows them, the command line only when asked).
    fs.writeFileSync(file, final.text);
    const cli = spawnSync(process.execPath, [CLI, "--hints", "--format", "json", file], { encoding: "utf8" });
    const expected = (JSON.parse(cli.stdout) as { diagnostics: P.Diagnostic[] }[])[0]?.diagnostics ?? [];
    const shape = (d: P.Diagnostic) =>
      `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`;
    assert.deepEqual(final.last.map(shape), expected.map(shape));
    assert.ok(final.last.length > 0, "random edits of a configuration leave findings to compare");

    await close();
    const afterClose = await memory();
    const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
    assert.ok(
      afterClose.heapUsed <= start.heapUsed * 1.1,
      `heap grew from ${mib(start.heapUsed)} to ${mib(afterClose.heapUsed)} MiB after close`,
    );
  });
});
