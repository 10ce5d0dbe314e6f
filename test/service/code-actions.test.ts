// Code actions, in process: the language service's plan at a marked cursor, applied to the text and
// judged again by the service itself.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ActionKind, PlannedCodeAction } from "../../server/src/language-service/code-actions";
import type { Diagnostic } from "../../server/src/diagnostics";
import { applyEdits, fixture, offsetOf, Session } from "./fixture";

const ALL: ReadonlySet<ActionKind> = new Set(["quick-fix", "rewrite", "fix-all"]);
const QUICK: ReadonlySet<ActionKind> = new Set(["quick-fix"]);

const websocketCodes = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((d) => d.code).filter((c) => c.startsWith("websocket-"));

/** The text after an action's edits, which must all be in the document `uri`. */
function applied(text: string, action: PlannedCodeAction | undefined, uri: string): string {
  assert.ok(action, "no such action");
  assert.deepEqual(Object.keys(action.changes), [uri], "the action edits this document only");
  return applyEdits(text, action.changes[uri] ?? []);
}

const CHAT = `server {
    listen 80;
    server_name chat.example.com;

    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
    }
}
`;

describe("code actions (language service)", () => {
  it("the preferred quick fix of a published WebSocket finding, applied, leaves no WebSocket finding", () => {
    const session = new Session();
    const uri = session.open("chat.conf", CHAT);
    const [missing] = session.diagnostics(uri).filter((d) => d.code === "websocket-missing");
    assert.ok(missing);
    assert.equal(missing.data, undefined, "published without its fixes");
    const actions = session.service.codeActions(uri, {
      offset: offsetOf(CHAT, "location /ws/"),
      diagnostics: [missing],
      kinds: QUICK,
    });
    const preferred = actions.filter((a) => a.preferred);
    assert.equal(preferred.length, 1, actions.map((a) => a.title).join(", "));
    assert.deepEqual(preferred[0]?.diagnostics, [missing]);
    const fixed = applied(CHAT, preferred[0], uri);
    session.open("chat.conf", fixed, 2);
    assert.deepEqual(websocketCodes(session.diagnostics(uri)), []);
  });

  it("offers a block's WebSocket fixes with the cursor on its proxy_pass, with no diagnostic sent", () => {
    const { session, service, uri, text, offset } = fixture({
      "chat.conf": CHAT.replace("proxy_pass http", "proxy_⟨|⟩pass http"),
    });
    const [missing] = session.diagnostics(uri).filter((d) => d.code === "websocket-missing");
    const actions = service.codeActions(uri, { offset, diagnostics: [], kinds: QUICK });
    assert.ok(actions.length > 0);
    for (const action of actions) assert.deepEqual(action.diagnostics, [missing]);
    // Outside the location nothing is offered.
    assert.deepEqual(
      service.codeActions(uri, { offset: offsetOf(text, "listen"), diagnostics: [], kinds: QUICK }),
      [],
    );
  });

  it("'Disable CODE for this line' puts the suppression comment above the statement, indented like it", () => {
    const session = new Session();
    const uri = session.open("chat.conf", CHAT);
    const [missing] = session.diagnostics(uri).filter((d) => d.code === "websocket-missing");
    assert.ok(missing);
    const actions = session.service.codeActions(uri, {
      offset: offsetOf(CHAT, "location /ws/"),
      diagnostics: [missing],
      kinds: QUICK,
    });
    const disable = actions.find((a) => a.title === "Disable websocket-missing for this line");
    const fixed = applied(CHAT, disable, uri);
    assert.match(fixed, /\n {4}# nginx-lint: disable-next-line websocket-missing\n {4}location \/ws\/ \{/);
    session.open("chat.conf", fixed, 2);
    assert.deepEqual(websocketCodes(session.diagnostics(uri)), []);
  });

  it("quick fixes from the fixes a client sends back in a diagnostic it did not get from this session", () => {
    const session = new Session();
    const uri = session.open("typo.conf", "server {\n    listen 80;\n    gzipp on;\n}\n");
    const [typo] = session.diagnostics(uri);
    assert.equal(typo?.code, "unknown-directive");
    const edit = { range: typo.range, newText: "gzip" };
    const sent = {
      ...typo,
      message: "as another server put it",
      data: { fixes: [{ title: "Rename", preferred: true, edits: [{ uri, ...edit }] }] },
    };
    const actions = session.service.codeActions(uri, { offset: 0, diagnostics: [sent], kinds: QUICK });
    const rename = actions.find((a) => a.title === "Rename");
    assert.deepEqual(rename?.changes, { [uri]: [edit] });
    // So does a document that is not open (any more): the fixes travel with the diagnostic.
    session.service.close(uri);
    const closed = session.service.codeActions(uri, { offset: 0, diagnostics: [sent], kinds: ALL });
    assert.deepEqual(
      closed.map((a) => [a.title, a.changes]),
      [["Rename", { [uri]: [edit] }]],
    );
    // A diagnostic of another source is none of this server's business.
    assert.deepEqual(
      session.service.codeActions(uri, {
        offset: 0,
        diagnostics: [{ ...sent, source: "other" }],
        kinds: QUICK,
      }),
      [],
    );
  });

  it("'Add WebSocket support' as a rewrite on a proxied location with no finding, and nowhere else", () => {
    const text = `server {
    listen 80;
    location /api/ {
        proxy_pass http://127.0.0.1:5000;
    }
    location /static/ {
        root /srv;
    }
}
`;
    const session = new Session({}, { settings: { websocket: { missingSeverity: "off" } } });
    const uri = session.open("api.conf", text);
    assert.deepEqual(websocketCodes(session.diagnostics(uri)), []);
    const actions = session.service.codeActions(uri, {
      offset: offsetOf(text, "proxy_pass"),
      diagnostics: [],
      kinds: ALL,
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [
        ["Add WebSocket support to this location", "rewrite"],
        ["Add WebSocket support to this location (with the $connection_upgrade map)", "rewrite"],
      ],
    );
    assert.match(
      applied(text, actions[0], uri),
      /proxy_pass http:\/\/127\.0\.0\.1:5000;\n\s+proxy_http_version 1\.1;/,
    );
    assert.deepEqual(
      session.service.codeActions(uri, { offset: offsetOf(text, "root /srv"), diagnostics: [], kinds: ALL }),
      [],
    );
    assert.deepEqual(
      session.service.codeActions(uri, {
        offset: offsetOf(text, "proxy_pass"),
        diagnostics: [],
        kinds: QUICK,
      }),
      [],
    );
  });

  it("fix-all takes every WebSocket warning's preferred fix, judged on the text as it is now", () => {
    const text = `server {
    listen 80;
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
    const session = new Session();
    // Never analysed before the request: fix-all analyses the change first.
    const uri = session.open("two.conf", text);
    assert.deepEqual(session.published, []);
    const [fixAll, ...rest] = session.service.codeActions(uri, {
      offset: 0,
      diagnostics: [],
      kinds: new Set(["fix-all"]),
    });
    assert.deepEqual(rest, []);
    assert.equal(fixAll?.kind, "fix-all");
    assert.deepEqual(fixAll?.diagnostics.map((d) => d.code).sort(), [
      "websocket-incomplete",
      "websocket-missing",
    ]);
    const fixed = applied(text, fixAll, uri);
    session.open("two.conf", fixed, 2);
    const after = session.diagnostics(uri);
    assert.deepEqual(websocketCodes(after), []);
    assert.deepEqual(
      after.map((d) => d.code),
      ["unknown-directive"],
      "other findings are left alone",
    );
  });
});
