// The diagnostics lifecycle of the language service on a clock the test moves: what is published,
// when, and for which version. The stdio tests (test/lsp/diagnostics.test.ts) check the same over the
// protocol; here nothing depends on how fast the machine is.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FILE_TOO_LARGE_CODE } from "../../server/src/codes";
import { MIN_DEBOUNCE_MS } from "../../server/src/language-service/scheduler";
import { offsetOf, Session } from "./fixture";

const CHAT = `server {
    listen 80;
    server_name chat.example.com;

    location /ws/ {
        proxy_pass http://127.0.0.1:3000;
    }
}
`;

const CHAT_FIXED = CHAT.replace(
  "proxy_pass http://127.0.0.1:3000;",
  'proxy_pass http://127.0.0.1:3000;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection "upgrade";',
);

const codes = (diagnostics: readonly { code: string }[]): string[] => diagnostics.map((d) => d.code);

describe("diagnostics (language service)", () => {
  it("publishes a document's findings once the input received with it is handled, for its version", () => {
    const session = new Session();
    const uri = session.open("chat.conf", CHAT, 7);
    assert.deepEqual(session.published, []);
    session.clock.runImmediates();
    assert.equal(session.clock.now(), 0, "no time had to pass");
    const [publish, ...rest] = session.publishedFor(uri);
    assert.deepEqual(rest, []);
    assert.equal(publish?.version, 7);
    assert.deepEqual(codes(publish?.diagnostics ?? []), ["websocket-missing"]);
    assert.deepEqual(publish?.diagnostics[0]?.range.start, { line: 4, character: 4 });
  });

  it("analyses only the newest of changes received together: stale versions are never published", () => {
    const session = new Session();
    const uri = session.open("chat.conf", CHAT, 1);
    session.open("chat.conf", CHAT.replace("/ws/", "/socket/"), 2);
    session.open("chat.conf", CHAT_FIXED, 3);
    session.settle();
    assert.deepEqual(
      session.publishedFor(uri).map((p) => [p.version, codes(p.diagnostics)]),
      [[3, []]],
    );
  });

  it("in a burst of typing, waits for a pause, then publishes the last version only", () => {
    const session = new Session();
    const uri = session.open("chat.conf", CHAT, 1);
    session.clock.runImmediates();
    // Analyses on this clock take no time: the pause is the shortest one.
    for (let version = 2; version <= 5; version++) {
      session.clock.advance(MIN_DEBOUNCE_MS - 1);
      session.open("chat.conf", version === 5 ? CHAT_FIXED : CHAT, version);
    }
    session.clock.advance(MIN_DEBOUNCE_MS - 1);
    assert.deepEqual(
      session.publishedFor(uri).map((p) => p.version),
      [1],
    );
    session.clock.advance(1);
    assert.deepEqual(
      session.publishedFor(uri).map((p) => [p.version, codes(p.diagnostics)]),
      [
        [1, ["websocket-missing"]],
        [5, []],
      ],
    );
  });

  it("a request analyses a pending change at once, and the scheduled run then has nothing to do", () => {
    const session = new Session();
    const uri = session.open("chat.conf", CHAT, 1);
    session.settle();
    session.clock.advance(1);
    session.open("chat.conf", CHAT_FIXED, 2);
    assert.ok(session.service.hover(uri, offsetOf(CHAT_FIXED, "proxy_http_version")));
    assert.deepEqual(
      session.publishedFor(uri).map((p) => p.version),
      [1, 2],
    );
    session.settle();
    assert.equal(session.publishedFor(uri).length, 2, "version 2 is not published twice");
  });

  it("clears a closed document's diagnostics and never publishes for it again", () => {
    const session = new Session();
    const uri = session.open("chat.conf", CHAT, 1);
    session.settle();
    session.clock.advance(1);
    session.open("chat.conf", CHAT_FIXED, 2);
    session.service.close(uri);
    session.settle();
    assert.deepEqual(
      session.publishedFor(uri).map((p) => [p.version, p.diagnostics.length]),
      [
        [1, 1],
        [undefined, 0],
      ],
    );
  });

  it("judges an open include in its main config, and the main again when the include changes", () => {
    const main = `events {}
http {
    server {
        listen 80;
        location /ws/ {
            proxy_pass http://127.0.0.1:3000;
            include snippets/ws.conf;
        }
    }
}
`;
    const snippet = "# WebSocket headers go here\n";
    const session = new Session({ "nginx.conf": main, "snippets/ws.conf": snippet });
    const mainUri = session.open("nginx.conf", main);
    const snippetUri = session.open("snippets/ws.conf", snippet);
    assert.deepEqual(codes(session.diagnostics(mainUri)), ["websocket-missing"]);
    assert.deepEqual(codes(session.diagnostics(snippetUri)), []);
    session.clock.advance(1000);
    session.open(
      "snippets/ws.conf",
      'proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection "upgrade";\n',
      2,
    );
    assert.deepEqual(codes(session.diagnostics(mainUri)), [], "the main read the snippet's unsaved text");
    // Closed, the snippet is read from the disk again.
    session.clock.advance(1000);
    session.service.close(snippetUri);
    assert.deepEqual(codes(session.diagnostics(mainUri)), ["websocket-missing"]);
  });

  it("looks for main configs again when files change on disk, and judges an open site through a new one", () => {
    const site =
      "server {\n    location /ws/ {\n        proxy_pass http://127.0.0.1:3000;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n    }\n}\n";
    const session = new Session({ "sites-enabled/chat.conf": site });
    const uri = session.open("sites-enabled/chat.conf", site);
    assert.deepEqual(
      codes(session.diagnostics(uri)),
      ["undefined-variable"],
      "alone, nothing defines the map",
    );
    session.write(
      "nginx.conf",
      "events {}\nhttp {\n    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        '' close;\n    }\n    include sites-enabled/*.conf;\n}\n",
    );
    session.service.filesChanged();
    assert.deepEqual(codes(session.diagnostics(uri)), [], "the new nginx.conf defines it");
  });

  it("judges documents again when the workspace folders change", () => {
    const main = "events {}\nhttp {\n    include /elsewhere/site.conf;\n}\n";
    const session = new Session({
      "nginx.conf": main,
      "../elsewhere/site.conf": "server {\n    listen 80;\n}\n",
    });
    const uri = session.open("nginx.conf", main);
    const [outside, ...rest] = session.diagnostics(uri);
    assert.deepEqual(rest, []);
    assert.match(outside?.message ?? "", /outside the workspace and the configured include roots/);
    session.service.setFolders(["/workspace", "/elsewhere"]);
    assert.deepEqual(codes(session.diagnostics(uri)), [], "a workspace folder may be read");
  });

  it("waits for the client's settings before the first analysis, then uses them", () => {
    const session = new Session({}, { settingsLoaded: false });
    const uri = session.open("chat.conf", CHAT);
    session.settle();
    assert.deepEqual(session.published, [], "nothing is judged with settings about to change");
    session.service.configure({
      ...session.service.settings,
      websocket: { ...session.service.settings.websocket, missingSeverity: "off" },
    });
    session.service.settingsLoaded();
    assert.deepEqual(
      session.publishedFor(uri).map((p) => [p.version, codes(p.diagnostics)]),
      [[1, []]],
    );
  });

  it("a file over nginx.maxFileSize gets one notice, not an analysis, however often it changes", () => {
    const session = new Session({}, { settings: { maxFileSize: 100 } });
    const uri = session.open("chat.conf", CHAT, 1);
    session.settle();
    session.open("chat.conf", CHAT + "# more\n", 2);
    session.settle();
    const [notice, ...rest] = session.publishedFor(uri);
    assert.deepEqual(rest, []);
    assert.deepEqual(codes(notice?.diagnostics ?? []), [FILE_TOO_LARGE_CODE]);
    assert.match(notice?.diagnostics[0]?.message ?? "", /more than nginx\.maxFileSize \(100\)/);
    assert.equal(session.service.hover(uri, offsetOf(CHAT, "listen")), undefined);
  });

  it("shutting down calls off every analysis still waiting", () => {
    const session = new Session();
    session.open("chat.conf", CHAT);
    session.service.shutdown();
    session.settle();
    assert.deepEqual(session.published, []);
  });
});
