// Go to definition, outline and folding, in process, on the shared chat workspace.

import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { OutlineSymbol } from "../../server/src/features/symbols";
import { LineIndex } from "../../server/src/parser/lines";
import { fixture, Session } from "./fixture";
import { chatWorkspace, MAIN, mark, SITE } from "../support/chat-workspace";

const positionIn = (text: string, needle: string) => new LineIndex(text).positionAt(text.indexOf(needle));

describe("definition (language service)", () => {
  it("on an include: the file, and every file of a glob, at their top", () => {
    const one = fixture({ ...chatWorkspace(), "nginx.conf": mark(MAIN, "sites-enabled/chat.conf", 3) });
    const [site, ...rest] = one.service.definition(one.uri, one.offset);
    assert.deepEqual(rest, []);
    assert.equal(site?.uri, one.session.uri("sites-enabled/chat.conf"));
    assert.deepEqual(site?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    const glob = fixture({ ...chatWorkspace(), "nginx.conf": mark(MAIN, "conf.d/*.conf", 3) });
    assert.deepEqual(
      glob.service.definition(glob.uri, glob.offset).map((t) => path.basename(t.uri)),
      ["gzip.conf", "log.conf"],
    );
  });

  it("on proxy_pass http://NAME: the upstream block in the main config", () => {
    const { session, service, uri, offset } = fixture(
      chatWorkspace(mark(SITE, "http://chat_backend/api/", 9)),
    );
    const [upstream, ...rest] = service.definition(uri, offset);
    assert.deepEqual(rest, []);
    assert.equal(upstream?.uri, session.uri("nginx.conf"));
    assert.deepEqual(upstream?.range.start, positionIn(MAIN, "upstream chat_backend"));
  });

  it("on a variable: its map in another file, its set in this one; a built-in has none", () => {
    const map = fixture(chatWorkspace(mark(SITE, "$connection_upgrade", 3)));
    const [inMain] = map.service.definition(map.uri, map.offset);
    assert.equal(inMain?.uri, map.session.uri("nginx.conf"));
    assert.deepEqual(inMain?.range.start, positionIn(MAIN, "map $http_upgrade"));
    const set = fixture(chatWorkspace(mark(SITE, '$tenant"', 3)));
    const [here] = set.service.definition(set.uri, set.offset);
    assert.equal(here?.uri, set.uri);
    assert.deepEqual(here?.range.start, positionIn(SITE, "set $tenant"));
    const builtin = fixture(chatWorkspace(mark(SITE, "$http_upgrade", 3)));
    assert.deepEqual(builtin.service.definition(builtin.uri, builtin.offset), []);
  });

  it("names an open untitled buffer by its own URI, not a made-up file's", () => {
    const session = new Session({ "nginx.conf": "events {}\nhttp {\n    include site.conf;\n}\n" });
    const untitled = "untitled:Untitled-1";
    const text =
      "upstream app {\n    server 127.0.0.1:1;\n}\nserver {\n    location / {\n        proxy_pass http://app;\n    }\n}\n";
    session.service.change(untitled, text, 1);
    const [target] = session.service.definition(untitled, text.indexOf("http://app") + 8);
    assert.equal(target?.uri, untitled);
    assert.deepEqual(target?.range.start, positionIn(text, "upstream app"));
  });
});

describe("outline and folding (language service)", () => {
  const names = (symbols: readonly OutlineSymbol[]): string[] => symbols.map((s) => s.name);

  it("outline: blocks named as people look for them, spanning their text", () => {
    const session = new Session(chatWorkspace());
    const main = session.open("nginx.conf", MAIN);
    const site = session.open("sites-enabled/chat.conf", SITE);
    const symbols = session.service.documentSymbols(main);
    assert.deepEqual(names(symbols), ["events", "http", "stream"]);
    assert.deepEqual(names(symbols.find((s) => s.name === "http")?.children ?? []), [
      "map $http_upgrade $connection_upgrade",
      "upstream chat_backend",
    ]);
    const [server] = session.service.documentSymbols(site);
    assert.equal(server?.name, "server chat.example.com");
    assert.equal(server?.detail, "listen 80");
    assert.deepEqual(names(server?.children ?? []), ["location /ws/", "location /api/"]);
    assert.equal(SITE.slice(server?.start, server?.end), SITE.trimEnd());
  });

  it("folding: blocks to the line before their brace, and runs of comment lines", () => {
    const session = new Session();
    const main = session.open("nginx.conf", MAIN);
    assert.deepEqual(
      session.service.foldingRanges(main).map((f) => [f.startLine, f.endLine, f.kind]),
      [
        [3, 4, "comment"],
        [5, 14, "block"],
        [6, 8, "block"],
        [10, 11, "block"],
        [17, 21, "block"],
        [18, 20, "block"],
      ],
    );
  });

  it("neither for a document over nginx.maxFileSize", () => {
    const session = new Session({}, { settings: { maxFileSize: 100 } });
    const main = session.open("nginx.conf", MAIN);
    assert.deepEqual(session.service.documentSymbols(main), []);
    assert.deepEqual(session.service.foldingRanges(main), []);
  });
});
