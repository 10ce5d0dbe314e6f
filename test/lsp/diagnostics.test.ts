// The diagnostics lifecycle of the real server over stdio: published on open and on change (debounced,
// only for the newest version), cleared on close, judged with includes through the workspace's main
// nginx.conf (and again when an included open file changes), size limit and settings.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as fs from "node:fs";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { makeWorkspace, positionOf, TestClient } from "./client";

const CHAT = `server {
    listen 80;
    server_name chat.example.com;

    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
    }
}
`;

const CHAT_FIXED = `server {
    listen 80;
    server_name chat.example.com;

    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
}
`;

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => String(d.code));
const websocket = (diagnostics: readonly Diagnostic[]): Diagnostic[] =>
  diagnostics.filter((d) => String(d.code).startsWith("websocket-"));

describe("diagnostics", () => {
  const workspace = makeWorkspace({
    "sites-available/chat.conf": CHAT,
    "nginx.conf": `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            include snippets/ws.conf;
        }
    }
}
`,
    "snippets/ws.conf": "# WebSocket headers go here\n",
  });
  let client: TestClient;

  before(async () => {
    client = await TestClient.start({ folders: [workspace.dir] });
  });
  after(async () => {
    assert.equal(await client.stop(), 0, "the server exits with 0 after shutdown + exit");
    fs.rmSync(workspace.dir, { recursive: true, force: true });
  });

  it("publishes the WebSocket warning of a location when the document opens", async () => {
    const uri = workspace.uri("sites-available/chat.conf");
    const since = await client.open(uri, CHAT);
    const published = await client.waitForDiagnostics(uri, () => true, { since });
    assert.equal(published.version, 1);
    const [warning, ...rest] = websocket(published.diagnostics);
    assert.ok(warning, `no websocket finding in ${codes(published.diagnostics)}`);
    assert.deepEqual(rest, []);
    assert.equal(warning.code, "websocket-missing");
    assert.equal(warning.severity, 2, "a /ws/ location is a WebSocket endpoint: a warning");
    assert.equal(warning.source, "nginx");
    assert.deepEqual(warning.range.start, positionOf(CHAT, "location /ws/"));
    // Fixes stay off the wire (a large file's publish would be mostly fixes); a code action builds them.
    assert.equal(warning.data, undefined, "no fixes in the published diagnostic");
    const actions = await client.codeActions(uri, warning.range, [warning]);
    assert.ok(
      actions.some((a) => a.isPreferred === true && a.edit !== undefined),
      `no preferred quick fix among ${actions.map((a) => a.title).join(", ")}`,
    );
  });

  it("publishes again on change: the fixed text has no WebSocket finding", async () => {
    const uri = workspace.uri("sites-available/chat.conf");
    const since = await client.change(uri, CHAT_FIXED, 2);
    const published = await client.waitForDiagnostics(uri, () => true, { since });
    assert.equal(published.version, 2);
    assert.deepEqual(codes(published.diagnostics), []);
  });

  it("ends a burst of changes with the newest version's diagnostics, never a stale one after it", async () => {
    const uri = workspace.uri("sites-available/chat.conf");
    // After a quiet spell (longer than the longest wait in a burst), so the first change would be
    // analysed at once if the others had not arrived with it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const since = await client.changeTogether(uri, [
      { text: CHAT, version: 3 },
      { text: CHAT.replace("/ws/", "/socket/"), version: 4 },
      { text: CHAT_FIXED, version: 5 },
    ]);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 5, { since });
    assert.deepEqual(codes(published.diagnostics), []);
    // Whether the three arrive in one read is up to the pipe and a busy machine, so this checks only
    // what holds either way: versions are published in order, ending at the newest. That changes
    // received together are analysed once is the language service's test (test/service/).
    const versions = client.published
      .slice(since)
      .filter((p) => p.uri === uri)
      .map((p) => p.version ?? 0);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
      "no version published after a newer one",
    );
    assert.equal(versions.at(-1), 5);
  });

  it("clears the diagnostics when the document closes", async () => {
    const uri = workspace.uri("sites-available/chat.conf");
    let since = await client.change(uri, CHAT, 6);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, { since });
    since = await client.close(uri);
    const cleared = await client.waitForDiagnostics(uri, () => true, { since });
    assert.deepEqual(cleared.diagnostics, []);
  });

  it("re-validates the main config when an open file it includes changes", async () => {
    const main = workspace.uri("nginx.conf");
    const snippet = workspace.uri("snippets/ws.conf");
    let since = await client.open(main, fs.readFileSync(`${workspace.dir}/nginx.conf`, "utf8"));
    const before = await client.waitForDiagnostics(main, () => true, { since });
    assert.deepEqual(codes(websocket(before.diagnostics)), ["websocket-missing"]);
    since = await client.open(snippet, "# WebSocket headers go here\n");
    await client.waitForDiagnostics(snippet, () => true, { since });
    // Unsaved: the main must read the buffer, not the disk. $connection_upgrade is the main's map, so
    // the snippet is judged inside the main (alone it would be an unknown variable).
    since = await client.change(
      snippet,
      "proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection $connection_upgrade;\n",
      2,
    );
    // The open of the snippet may have re-published the main meanwhile: wait for the publish that
    // follows the change (it times out, and fails, if the warning never goes away).
    await client.waitForDiagnostics(main, (p) => p.diagnostics.length === 0, { since });
    const own = await client.waitForDiagnostics(snippet, (p) => p.version === 2, { since });
    assert.deepEqual(codes(own.diagnostics), [], "the snippet is judged where the main includes it");
    since = await client.close(snippet);
    // Closed unsaved: the main reads the disk again, where the snippet has no headers.
    const reverted = await client.waitForDiagnostics(main, (p) => p.diagnostics.length > 0, { since });
    assert.deepEqual(codes(websocket(reverted.diagnostics)), ["websocket-missing"]);
    await client.close(main);
  });

  it("judges a file no main config reaches on its own", async () => {
    const uri = workspace.uri("sites-available/other.conf");
    const since = await client.open(
      uri,
      "location /api/ {\n    proxy_pass http://app;\n    proxy_set_header Connection $connection_upgrade;\n}\n",
    );
    const published = await client.waitForDiagnostics(uri, () => true, { since });
    // As a fragment, a variable its includer may define is only a warning.
    const variable = published.diagnostics.find((d) => d.code === "undefined-variable");
    assert.equal(variable?.severity, 2, JSON.stringify(published.diagnostics));
    await client.close(uri);
  });

  it("starts each WebSocket message with one short sentence naming the location and what is missing", async () => {
    const text = `server {
    listen 80;
    server_name cloud.example.com;

    location ^~ /push/ {
        proxy_pass http://127.0.0.1:7867/;
    }

    location ~* ^/(api/v1/streaming|socket\\.io|cable|hub/signalr)/?$ {
        proxy_pass http://127.0.0.1:4000;
    }

    location /live/ {
        proxy_pass http://127.0.0.1:3001;
        proxy_http_version 1.0;
        proxy_set_header Upgrade h2c;
        proxy_set_header Connection close;
        proxy_cache off;
    }
}

server {
    listen 81;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";

    location /ws/ {
        proxy_set_header Host $host;
        proxy_pass http://127.0.0.1:3002;
    }
}
`;
    const uri = workspace.uri("messages.conf");
    const since = await client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, () => true, { since });
    const found = websocket(published.diagnostics);
    const firstSentence = (message: string): string => /^.*?\.(?=\s|$)/.exec(message)?.[0] ?? message;
    const byLine = new Map(found.map((d) => [text.split("\n")[d.range.start.line]?.trim() ?? "", d]));
    const expected: [string, string, RegExp][] = [
      [
        "location ^~ /push/ {",
        "websocket-missing",
        /^No WebSocket setup in "location \^~ \/push\/": needs Upgrade, Connection and HTTP\/1\.1\.$/,
      ],
      [
        "location ~* ^/(api",
        "websocket-missing",
        /^No WebSocket setup in "location ~\* \^\/\(api[^"]*…": needs Upgrade, Connection and HTTP\/1\.1\.$/,
      ],
      [
        "location /live/ {",
        "websocket-incomplete",
        /^Incomplete WebSocket setup in "location \/live\/": Upgrade "h2c", Connection "close" and HTTP\/1\.0\.$/,
      ],
      [
        "location /ws/ {",
        "websocket-headers-shadowed",
        /^WebSocket headers lost in "location \/ws\/": Upgrade and Connection are not inherited and no HTTP\/1\.1\.$/,
      ],
    ];
    assert.equal(found.length, expected.length, found.map((d) => d.message).join("\n"));
    for (const [line, code, summary] of expected) {
      const diagnostic = [...byLine].find(([l]) => l.startsWith(line))?.[1];
      assert.ok(diagnostic, `no finding on ${line}`);
      assert.equal(diagnostic.code, code);
      const first = firstSentence(diagnostic.message);
      assert.ok(first.length <= 100, `${first.length} characters: ${first}`);
      assert.match(first, summary);
      // The explanation follows the first sentence rather than being dropped.
      assert.ok(diagnostic.message.length > first.length + 20, diagnostic.message);
    }
    const push = [...byLine].find(([l]) => l.startsWith("location ^~ /push/"))?.[1] as Diagnostic;
    assert.match(
      push.message,
      /It proxies to http:\/\/127\.0\.0\.1:7867\/, although its upstream looks like Nextcloud/,
    );
    assert.deepEqual(
      push.relatedInformation?.map((r) => [r.location.range.start.line, r.message]),
      [
        [
          positionOf(text, "proxy_pass http://127.0.0.1:7867").line,
          "Proxied here without the WebSocket headers",
        ],
      ],
    );
    await client.close(uri);
  });
});

describe("settings", () => {
  const workspace = makeWorkspace({ "chat.conf": CHAT });
  after(() => fs.rmSync(workspace.dir, { recursive: true, force: true }));

  it("reads the nginx section: missingSeverity off silences websocket-missing, and a change applies", async () => {
    const client = await TestClient.start({
      folders: [workspace.dir],
      settings: { websocket: { missingSeverity: "off" } },
    });
    try {
      const uri = workspace.uri("chat.conf");
      let since = await client.open(uri, CHAT);
      const first = await client.waitForDiagnostics(uri, () => true, { since });
      assert.deepEqual(codes(first.diagnostics), []);
      client.settings = { websocket: { missingSeverity: "error" } };
      since = client.published.length;
      await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
      const second = await client.waitForDiagnostics(uri, () => true, { since });
      assert.deepEqual(
        second.diagnostics.map((d) => [d.code, d.severity]),
        [["websocket-missing", 1]],
      );
    } finally {
      await client.stop();
    }
  });

  it("falls back to the defaults on invalid settings and says why", async () => {
    const client = await TestClient.start({ folders: [workspace.dir], settings: { maxFileSize: "huge" } });
    try {
      const uri = workspace.uri("chat.conf");
      const since = await client.open(uri, CHAT);
      const published = await client.waitForDiagnostics(uri, () => true, { since });
      assert.deepEqual(codes(published.diagnostics), ["websocket-missing"]);
      assert.ok(
        // The start line names maxFileSize too: the warning is the one saying the settings are not valid.
        client.messages.some((m) => /not valid.*maxFileSize/.test(m)),
        `no message about the bad setting in ${client.messages.join(" | ")}`,
      );
    } finally {
      await client.stop();
    }
  });

  it("does not analyse a file over nginx.maxFileSize, and says so once", async () => {
    const client = await TestClient.start({ folders: [workspace.dir], settings: { maxFileSize: 2000 } });
    try {
      const uri = workspace.uri("big.conf");
      const big = CHAT + `# ${"x".repeat(3000)}\n`;
      let since = await client.open(uri, big);
      const notice = await client.waitForDiagnostics(uri, () => true, { since });
      assert.equal(notice.diagnostics.length, 1);
      const [only] = notice.diagnostics;
      assert.equal(only?.severity, 3);
      assert.equal(only?.code, "file-too-large");
      assert.deepEqual(only?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      since = await client.change(uri, big + "# still too big\n", 2);
      // A request makes the server look at version 2 at once; any publish would arrive before the answer.
      assert.equal(await client.hover(uri, { line: 0, character: 2 }), null, "no analysis, so no hover");
      assert.deepEqual(
        client.published.slice(since).filter((p) => p.uri === uri),
        [],
        "the notice is not published again while the file stays too large",
      );
      since = await client.change(uri, CHAT, 3);
      const normal = await client.waitForDiagnostics(uri, () => true, { since });
      assert.equal(normal.version, 3);
      assert.deepEqual(codes(normal.diagnostics), ["websocket-missing"]);
      assert.notEqual(await client.hover(uri, { line: 0, character: 2 }), null, "analysed again once small");
    } finally {
      await client.stop();
    }
  });
});
