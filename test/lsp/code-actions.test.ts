// Quick fixes and "fix all WebSocket findings" of the real server: the actions come from the fixes that
// travel in `diagnostic.data`; the test applies their WorkspaceEdit to the text itself, sends the change
// as an editor would, and checks the re-validation.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import type { CodeAction, Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { applyTextEdits, makeWorkspace, positionOf, TestClient } from "./client";

const TWO_SOCKETS = `map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
}

server {
    listen 80;
    server_name chat.example.com;

    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
    }

    location /socket.io/ {
        proxy_pass http://127.0.0.1:3001;
        proxy_set_header Upgrade $http_upgrade;
    }

    location / {
        proxy_passs http://127.0.0.1:3002;
    }
}
`;

const websocketCodes = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((d) => String(d.code)).filter((c) => c.startsWith("websocket-"));

/** The edits of an action for one document (the fixes here stay in the file they are about). */
function editsFor(action: CodeAction, uri: string): TextEdit[] {
  const changes = action.edit?.changes ?? {};
  assert.deepEqual(Object.keys(changes), [uri], "the edit changes only this document");
  return changes[uri] ?? [];
}

describe("code actions", () => {
  const workspace = makeWorkspace({});
  let client: TestClient;

  before(async () => {
    client = await TestClient.start({ folders: [workspace.dir] });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(workspace.dir, { recursive: true, force: true });
  });

  it("the quick fix of a WebSocket finding, applied, leaves no WebSocket finding", async () => {
    const uri = workspace.uri("quickfix.conf");
    let since = await client.open(uri, TWO_SOCKETS);
    const published = await client.waitForDiagnostics(uri, () => true, { since });
    const missing = published.diagnostics.find((d) => d.code === "websocket-missing");
    assert.ok(missing, `no websocket-missing in ${JSON.stringify(published.diagnostics)}`);
    const actions = await client.codeActions(uri, missing.range, [missing], ["quickfix"]);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, `one preferred action among ${actions.map((a) => a.title).join(", ")}`);
    const [action] = preferred as [CodeAction];
    assert.equal(action.kind, "quickfix");
    assert.deepEqual(action.diagnostics, [missing], "the action names the diagnostic it fixes");
    const fixed = applyTextEdits(TWO_SOCKETS, editsFor(action, uri));
    assert.match(
      fixed,
      /location \/ws\/ \{\n\s+proxy_pass http:\/\/127\.0\.0\.1:3000;\n\s+proxy_http_version 1\.1;/,
    );
    since = await client.change(uri, fixed, 2);
    const after = await client.waitForDiagnostics(uri, () => true, { since });
    // The /socket.io/ location still has its own (incomplete) finding; /ws/ has none any more.
    const wsLine = fixed.split("\n").findIndex((line) => line.includes("location /ws/"));
    const inWs = after.diagnostics.filter(
      (d) => String(d.code).startsWith("websocket-") && d.range.start.line === wsLine,
    );
    assert.deepEqual(inWs, []);
    assert.deepEqual(websocketCodes(after.diagnostics), ["websocket-incomplete"]);
    await client.close(uri);
  });

  it("source.fixAll.nginx fixes every WebSocket finding of the file at once, and nothing else", async () => {
    const uri = workspace.uri("fixall.conf");
    let since = await client.open(uri, TWO_SOCKETS);
    const published = await client.waitForDiagnostics(uri, () => true, { since });
    assert.deepEqual(websocketCodes(published.diagnostics).sort(), [
      "websocket-incomplete",
      "websocket-missing",
    ]);
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = await client.codeActions(uri, whole, [], ["source.fixAll"]);
    assert.equal(actions.length, 1, JSON.stringify(actions));
    const [fixAll] = actions as [CodeAction];
    assert.equal(fixAll.title, "Fix all WebSocket findings in this file");
    assert.equal(fixAll.kind, "source.fixAll.nginx");
    const fixed = applyTextEdits(TWO_SOCKETS, editsFor(fixAll, uri));
    assert.match(fixed, /proxy_passs/, "the typo is not a WebSocket finding: fix-all leaves it");
    since = await client.change(uri, fixed, 2);
    const after = await client.waitForDiagnostics(uri, () => true, { since });
    assert.deepEqual(websocketCodes(after.diagnostics), []);
    assert.deepEqual(
      after.diagnostics.map((d) => d.code),
      ["unknown-directive"],
    );
    // With nothing left to fix, there is no fix-all action.
    assert.deepEqual(await client.codeActions(uri, whole, [], ["source.fixAll.nginx"]), []);
    await client.close(uri);
  });

  it("quick fixes of other findings: the did-you-mean of a typo, with the diagnostic's data dropped", async () => {
    const uri = workspace.uri("typo.conf");
    let since = await client.open(uri, TWO_SOCKETS);
    const published = await client.waitForDiagnostics(uri, () => true, { since });
    const typo = published.diagnostics.find((d) => d.code === "unknown-directive");
    assert.ok(typo);
    // Some clients do not send `data` back; the server finds the fixes of the diagnostic it published.
    const withoutData: Diagnostic = { ...typo, data: undefined };
    const actions = await client.codeActions(uri, typo.range, [withoutData]);
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, JSON.stringify(actions));
    assert.match(preferred.title, /proxy_pass/);
    const fixed = applyTextEdits(TWO_SOCKETS, editsFor(preferred, uri));
    since = await client.change(uri, fixed, 2);
    const after = await client.waitForDiagnostics(uri, () => true, { since });
    assert.ok(!after.diagnostics.some((d) => d.code === "unknown-directive"));
    // Only quick fixes were asked for: no fix-all among them.
    assert.ok(actions.every((a) => a.kind === "quickfix"));
    await client.close(uri);
  });

  it("offers Add WebSocket support on every proxied location without it, finding or not", async () => {
    const text = `server {
    listen 80;
    location /api/ {
        proxy_pass http://127.0.0.1:5000;
        proxy_set_header Host $host;
    }
    location /done/ {
        proxy_pass http://127.0.0.1:5001;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
    location /static/ {
        root /srv;
    }
}
`;
    // With websocket-missing off there is no finding on /api/ at all; the action is still there.
    const quietClient = await TestClient.start({
      folders: [workspace.dir],
      settings: { websocket: { missingSeverity: "off" } },
    });
    try {
      const uri = workspace.uri("add-websocket.conf");
      const since = await quietClient.open(uri, text);
      const quiet = await quietClient.waitForDiagnostics(uri, () => true, { since });
      assert.deepEqual(websocketCodes(quiet.diagnostics), []);
      const client = quietClient;
      const inside = {
        start: positionOf(text, "proxy_pass http://127.0.0.1:5000"),
        end: positionOf(text, "proxy_pass http://127.0.0.1:5000"),
      };
      const actions = await client.codeActions(uri, inside, []);
      const add = actions.filter((a) => a.title.startsWith("Add WebSocket support to this location"));
      assert.deepEqual(
        add.map((a) => [a.title, a.kind]),
        [
          ["Add WebSocket support to this location", "refactor.rewrite"],
          ["Add WebSocket support to this location (with the $connection_upgrade map)", "refactor.rewrite"],
        ],
      );
      const fixed = applyTextEdits(text, editsFor(add[0] as CodeAction, uri));
      assert.match(
        fixed,
        /proxy_pass http:\/\/127\.0\.0\.1:5000;\n\s+proxy_http_version 1\.1;\n\s+proxy_set_header Upgrade \$http_upgrade;\n\s+proxy_set_header Connection "upgrade";\n\s+proxy_cache_bypass \$http_upgrade;\n\s+proxy_set_header Host \$host;/,
      );
      // A complete location, and one that does not proxy, get none; nor does a request for quick fixes only.
      for (const needle of ["proxy_pass http://127.0.0.1:5001", "root /srv"]) {
        const at = positionOf(text, needle);
        const none = await client.codeActions(uri, { start: at, end: at }, []);
        assert.deepEqual(
          none.map((a) => a.title),
          [],
          needle,
        );
      }
      assert.deepEqual(await client.codeActions(uri, inside, [], ["quickfix"]), []);
    } finally {
      await quietClient.stop();
    }
  });

  it("offers a block's WebSocket fixes with the cursor anywhere inside it, each edit once", async () => {
    const text = `server {
    listen 80;
    server_name chat.example.com;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";

    location /ws/ {
        proxy_set_header Host $host;
        proxy_pass http://127.0.0.1:3000;
    }

    location /socket.io/ {
        proxy_pass http://127.0.0.1:3001;
        proxy_http_version 1.0;
    }
}
`;
    const uri = workspace.uri("inside.conf");
    let since = await client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, () => true, { since });
    const shadowed = published.diagnostics.find((d) => d.code === "websocket-headers-shadowed");
    assert.ok(shadowed, JSON.stringify(published.diagnostics));
    // What the header offers, with the diagnostic given as an editor gives it there.
    const onHeader = await client.codeActions(uri, shadowed.range, [shadowed], ["quickfix"]);
    const headerFixes = onHeader.filter((a) => !a.title.startsWith("Disable"));
    assert.ok(headerFixes.length > 0, JSON.stringify(onHeader));
    // On the proxy_pass, on the line that shadows the headers, and on the block's closing brace.
    const closing = positionOf(text, "}\n\n    location /socket.io/");
    for (const [needle, at] of [
      ["proxy_pass", positionOf(text, "proxy_pass http://127.0.0.1:3000", 3)],
      ["proxy_set_header Host", positionOf(text, "proxy_set_header Host")],
      ["}", closing],
    ] as const) {
      // The editor sends no diagnostic here: the line holds none.
      const actions = await client.codeActions(uri, { start: at, end: at }, []);
      assert.deepEqual(
        actions.filter((a) => a.kind === "quickfix").map((a) => [a.title, a.isPreferred, a.edit]),
        headerFixes.map((a) => [a.title, a.isPreferred, a.edit]),
        needle,
      );
      for (const action of actions.filter((a) => a.kind === "quickfix"))
        assert.deepEqual(action.diagnostics, [shadowed], "the action names the finding it fixes");
      const edits = actions.map((a) => JSON.stringify(a.edit));
      assert.equal(
        new Set(edits).size,
        edits.length,
        `an edit offered twice: ${actions.map((a) => a.title).join(", ")}`,
      );
    }
    // The preferred one, applied from inside the block, fixes the finding on its header.
    const inside = positionOf(text, "proxy_pass http://127.0.0.1:3000");
    const preferred = (await client.codeActions(uri, { start: inside, end: inside }, [], ["quickfix"])).find(
      (a) => a.isPreferred,
    );
    assert.ok(preferred);
    const fixed = applyTextEdits(text, editsFor(preferred, uri));
    since = await client.change(uri, fixed, 2);
    const after = await client.waitForDiagnostics(uri, () => true, { since });
    assert.deepEqual(websocketCodes(after.diagnostics), ["websocket-incomplete"]);
    // Outside every flagged block, no WebSocket quick fix.
    const listen = positionOf(fixed, "listen 80");
    assert.deepEqual(await client.codeActions(uri, { start: listen, end: listen }, [], ["quickfix"]), []);
    // Inside the other block, its own finding's fixes, and only those.
    const other = positionOf(fixed, "proxy_http_version 1.0");
    const incomplete = after.diagnostics.find((d) => d.code === "websocket-incomplete");
    const otherActions = await client.codeActions(uri, { start: other, end: other }, [], ["quickfix"]);
    assert.ok(otherActions.length > 0);
    for (const action of otherActions) assert.deepEqual(action.diagnostics, [incomplete]);
    await client.close(uri);
  });

  it("fix-all leaves a plain proxied location with only an information finding alone, as --fix does", async () => {
    const text = `server {
    listen 80;
    location /api/ {
        proxy_pass http://127.0.0.1:5000;
    }
    location /socket.io/ {
        proxy_pass http://127.0.0.1:5001;
        proxy_set_header Upgrade $http_upgrade;
    }
}
`;
    // Plain locations reported as information rather than hints, as a user may choose.
    const informed = await TestClient.start({
      folders: [workspace.dir],
      settings: { websocket: { missingSeverity: "information" } },
    });
    try {
      const uri = workspace.uri("fixall-information.conf");
      const since = await informed.open(uri, text);
      const published = await informed.waitForDiagnostics(uri, () => true, { since });
      assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]).sort(), [
        ["websocket-incomplete", 2],
        ["websocket-missing", 3],
      ]);
      const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const [fixAll, ...rest] = await informed.codeActions(uri, whole, [], ["source.fixAll.nginx"]);
      assert.ok(fixAll);
      assert.deepEqual(rest, []);
      assert.deepEqual(
        fixAll.diagnostics?.map((d) => d.code),
        ["websocket-incomplete"],
      );
      const fixed = applyTextEdits(text, editsFor(fixAll, uri));
      assert.ok(fixed.includes("location /api/ {\n        proxy_pass http://127.0.0.1:5000;\n    }"), fixed);
      assert.match(fixed, /location \/socket\.io\/ \{[^}]*Connection "upgrade";/);
      // Its own quick fix is still there for the information finding.
      const info = published.diagnostics.find((d) => d.code === "websocket-missing") as Diagnostic;
      const own = await informed.codeActions(uri, info.range, [info], ["quickfix"]);
      assert.ok(
        own.some((a) => a.isPreferred),
        own.map((a) => a.title).join(", "),
      );
    } finally {
      await informed.stop();
    }
  });

  it("'Disable CODE for this line' adds a suppression comment that the server honours", async () => {
    const uri = workspace.uri("disable.conf");
    let since = await client.open(uri, TWO_SOCKETS);
    const published = await client.waitForDiagnostics(uri, () => true, { since });
    const missing = published.diagnostics.find((d) => d.code === "websocket-missing");
    assert.ok(missing);
    const actions = await client.codeActions(uri, missing.range, [missing], ["quickfix"]);
    const disable = actions.find((a) => a.title === "Disable websocket-missing for this line");
    assert.ok(disable, actions.map((a) => a.title).join(", "));
    assert.equal(disable.isPreferred, false);
    const fixed = applyTextEdits(TWO_SOCKETS, editsFor(disable, uri));
    assert.match(fixed, /\n {4}# nginx-lint: disable-next-line websocket-missing\n {4}location \/ws\/ \{/);
    since = await client.change(uri, fixed, 2);
    const after = await client.waitForDiagnostics(uri, () => true, { since });
    assert.deepEqual(websocketCodes(after.diagnostics), ["websocket-incomplete"]);
    assert.ok(
      after.diagnostics.some((d) => d.code === "unknown-directive"),
      "other findings stay",
    );
    await client.close(uri);
  });

  it("offers no disable comment where it could not work: a statement after another on its line", async () => {
    const uri = workspace.uri("one-line.conf");
    const text = "server { listen 80; gzipp on; }\n";
    const since = await client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, () => true, { since });
    const typo = published.diagnostics.find((d) => d.code === "unknown-directive");
    assert.ok(typo);
    const actions = await client.codeActions(uri, typo.range, [typo], ["quickfix"]);
    assert.ok(actions.length > 0, "the did-you-mean fix is still there");
    assert.ok(!actions.some((a) => a.title.startsWith("Disable")), actions.map((a) => a.title).join(", "));
    await client.close(uri);
  });
});
