// The server over a real connection against hostile input: URIs that name no local path, untitled
// buffers without a workspace, regular expressions from settings that a backtracking engine would
// never finish, a document of a million-findings kind, and requests before `initialize`.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import * as P from "vscode-languageserver-protocol/node";
import { hoverText, makeWorkspace, SERVER, TestClient } from "./client";

const SITE = "server {\n    listen 80;\n    gzip yes;\n}\n";

describe("language server safety", () => {
  const cleanup: string[] = [];
  after(() => {
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a URI that names no local path is analysed on its own and stops no other document", async () => {
    const workspace = makeWorkspace({ "good.conf": SITE });
    cleanup.push(workspace.dir);
    const client = await TestClient.start({ folders: [workspace.dir] });
    try {
      for (const uri of [
        "file:///x/a%2Fb.conf",
        "file://remotehost/share/x.conf",
        "untitled:%E0%A4%A",
        "vscode-vfs://github/owner/repo/nginx.conf",
      ]) {
        const since = await client.open(uri, `include /etc/passwd;\n${SITE}`);
        const published = await client.waitForDiagnostics(uri, () => true, { since });
        assert.deepEqual(
          published.diagnostics.map((d) => d.code).sort(),
          ["include-outside-roots", "invalid-value"],
          uri,
        );
      }
      const good = workspace.uri("good.conf");
      let since = await client.open(good, SITE);
      const first = await client.waitForDiagnostics(good, () => true, { since });
      assert.deepEqual(
        first.diagnostics.map((d) => d.code),
        ["invalid-value"],
      );
      since = await client.change(good, SITE.replace("yes", "on"), 2);
      const second = await client.waitForDiagnostics(good, (p) => p.version === 2, { since });
      assert.deepEqual(second.diagnostics, []);
      assert.deepEqual(
        client.messages.filter((m) => /failed:|uncaught/.test(m)),
        [],
      );
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it("an include of a device or a FIFO inside the include roots is not read, and hover answers", async (t) => {
    const workspace = makeWorkspace({});
    cleanup.push(workspace.dir);
    const fifo = path.join(workspace.dir, "pipe");
    if (spawnSync("mkfifo", [fifo]).status !== 0) {
      t.skip("mkfifo is not available");
      return;
    }
    const client = await TestClient.start({ folders: [workspace.dir], settings: { includeRoots: ["/dev"] } });
    try {
      const uri = workspace.uri("site.conf");
      const text = `include /dev/zero;\ninclude ${fifo};\nserver {\n    gzip on;\n}\n`;
      const since = await client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, () => true, { since });
      assert.deepEqual(
        published.diagnostics.map((d) => [d.code, /not a regular file/.test(d.message)]),
        [
          ["include-not-found", true],
          ["include-not-found", true],
        ],
      );
      assert.match(hoverText(await client.hover(uri, { line: 3, character: 6 })), /\*\*gzip\*\*/);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it("publishes the findings of a document whose glob has a class a regular expression refuses", async () => {
    const workspace = makeWorkspace({ "conf.d/a.conf": "gzip on;\n" });
    cleanup.push(workspace.dir);
    const client = await TestClient.start({ folders: [workspace.dir] });
    try {
      const uri = workspace.uri("nginx.conf");
      const since = await client.open(
        uri,
        "events {}\nhttp {\n    include conf.d/[z-a].conf;\n    gzip yes;\n}\n",
      );
      const published = await client.waitForDiagnostics(uri, () => true, { since });
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        ["invalid-value"],
      );
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it("an untitled buffer without a workspace reads nothing from the server's working directory", async () => {
    const cwd = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "nginx-lsp-cwd-")));
    cleanup.push(cwd);
    fs.writeFileSync(path.join(cwd, "secret.conf"), "worker_processes 1;\n");
    const client = await TestClient.start({ cwd });
    try {
      const uri = "untitled:Untitled-1";
      const text = `include secret.conf;\ninclude ${path.join(cwd, "secret.conf")};\nserver { listen 80; }\n`;
      const since = await client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, () => true, { since });
      // Read, the secret's main-only directive would make the buffer a main file; neither include is followed.
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        ["include-not-found", "include-outside-roots"],
      );
      const definition = await client.definition(uri, { line: 1, character: 10 });
      assert.deepEqual(definition, []);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it("matches endpoint patterns from settings in linear time, and refuses what RE2 cannot match", async () => {
    const workspace = makeWorkspace({});
    cleanup.push(workspace.dir);
    const text =
      "server {\n    listen 80;\n" +
      `    location /${"a".repeat(60)}! {\n        proxy_pass http://127.0.0.1:1;\n    }\n` +
      "    location /aaa {\n        proxy_pass http://127.0.0.1:1;\n    }\n}\n";
    const client = await TestClient.start({
      folders: [workspace.dir],
      settings: { websocket: { endpointPatterns: ["^/(a+)+$"] } },
    });
    try {
      const uri = workspace.uri("redos.conf");
      const since = await client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, () => true, { since });
      const missing = published.diagnostics.filter((d) => d.code === "websocket-missing");
      // A backtracking engine would take 2^60 steps on the first location; RE2 answers, and the
      // second location, which the pattern matches, is a warning.
      assert.deepEqual(
        missing.map((d) => [d.range.start.line, d.severity]),
        [
          [2, P.DiagnosticSeverity.Hint],
          [5, P.DiagnosticSeverity.Warning],
        ],
      );
      client.settings = { websocket: { endpointPatterns: ["^/(?=a)"] } };
      await client.connection.sendNotification(P.DidChangeConfigurationNotification.type, { settings: {} });
      // Polled like waitForDiagnostics, with the same 10 s bound on a message that never comes.
      const shown = await new Promise<string>((resolve, reject) => {
        const giveUp = Date.now() + 10_000;
        const check = (): void => {
          const found = client.messages.find((m) => /RE2 syntax/.test(m));
          if (found) resolve(found);
          else if (Date.now() > giveUp)
            reject(new Error(`no settings warning; seen ${client.messages.join(" | ")}`));
          else setTimeout(check, 20);
        };
        check();
      });
      assert.match(shown, /websocket\.endpointPatterns: "\^\/\(\?=a\)" is not a valid regular expression/);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it("caps the findings of one document at 1,000, then says how many more", async () => {
    const workspace = makeWorkspace({});
    cleanup.push(workspace.dir);
    const client = await TestClient.start({ folders: [workspace.dir] });
    try {
      const uri = workspace.uri("semicolons.conf");
      const since = await client.open(uri, ";".repeat(5000));
      const published = await client.waitForDiagnostics(uri, () => true, { since });
      assert.equal(published.diagnostics.length, 1001);
      const last = published.diagnostics[1000];
      assert.equal(last?.code, "too-many-findings");
      assert.match(last?.message ?? "", /^4000 more findings/);
      assert.equal(last?.severity, P.DiagnosticSeverity.Error);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it("answers requests before initialize with -32002, then works once initialized", async () => {
    const child = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    const connection = P.createMessageConnection(
      new P.StreamMessageReader(child.stdout),
      new P.StreamMessageWriter(child.stdin),
    );
    connection.listen();
    try {
      const params = { textDocument: { uri: "file:///x.conf" }, position: { line: 0, character: 0 } };
      for (const request of [
        connection.sendRequest(P.HoverRequest.type, params),
        connection.sendRequest(P.CompletionRequest.type, params),
        connection.sendRequest(P.DocumentSymbolRequest.type, { textDocument: params.textDocument }),
        connection.sendRequest("nginx/unknown", {}),
      ]) {
        await assert.rejects(request, (error: unknown) => {
          assert.ok(error instanceof P.ResponseError);
          assert.equal(error.code, P.ErrorCodes.ServerNotInitialized);
          return true;
        });
      }
      // A workspace folder whose URI names no local path is left out, not a failed initialize.
      await connection.sendRequest(P.InitializeRequest.type, {
        processId: process.pid,
        rootUri: "file://remotehost/share",
        workspaceFolders: [{ uri: "file:///x/a%2Fb", name: "strange" }],
        capabilities: {},
      });
      assert.equal(await connection.sendRequest(P.HoverRequest.type, params), null);
      await assert.rejects(connection.sendRequest("nginx/unknown", {}), (error: unknown) => {
        assert.ok(error instanceof P.ResponseError);
        assert.equal(error.code, P.ErrorCodes.MethodNotFound);
        return true;
      });
    } finally {
      await connection.sendRequest(P.ShutdownRequest.type);
      await connection.sendNotification(P.ExitNotification.type);
      connection.dispose();
    }
  });
});
