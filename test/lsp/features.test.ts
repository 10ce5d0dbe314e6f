// Hover, completion, outline, folding and go to definition of the real server over stdio, on a small
// workspace: a main nginx.conf with an upstream, a map and includes, and the site it includes.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CompletionItem, DocumentSymbol } from "vscode-languageserver-protocol";
import { chatWorkspace, MAIN, SITE } from "../support/chat-workspace";
import { cursor, hoverText, makeWorkspace, positionOf, TestClient } from "./client";

const labels = (items: readonly CompletionItem[]): string[] => items.map((i) => i.label);

describe("features", () => {
  const workspace = makeWorkspace(chatWorkspace());
  const main = workspace.uri("nginx.conf");
  const site = workspace.uri("sites-enabled/chat.conf");
  let client: TestClient;
  let siteVersion = 1;

  before(async () => {
    client = await TestClient.start({ folders: [workspace.dir] });
    const since = await client.open(main, MAIN);
    await client.open(site, SITE);
    await client.waitForDiagnostics(main, () => true, { since });
    await client.waitForDiagnostics(site, () => true, { since });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(workspace.dir, { recursive: true, force: true });
  });

  describe("hover", () => {
    it("on a directive: syntax, default, contexts, explanation and the nginx.org link", async () => {
      const text = hoverText(await client.hover(site, positionOf(SITE, "proxy_http_version", 3)));
      assert.match(text, /```nginx\nproxy_http_version 1\.0 \| 1\.1[^\n]*;\n```/);
      assert.match(text, /Default: `proxy_http_version 1\.[01];`/);
      assert.match(text, /Allowed in: http, server, location/);
      assert.match(text, /ngx_http_proxy_module/);
      assert.match(
        text,
        /\(https:\/\/nginx\.org\/en\/docs\/http\/ngx_http_proxy_module\.html#proxy_http_version\)/,
      );
    });

    it("uses the record of the context: a stream server is not the http one", async () => {
      const stream = hoverText(
        await client.hover(main, positionOf(MAIN, "server {\n        listen 5000", 2)),
      );
      assert.match(stream, /ngx_stream_core_module/);
      assert.match(stream, /Allowed in: stream stream/);
      const upstream = hoverText(await client.hover(main, positionOf(MAIN, "server 127.0.0.1:3000", 2)));
      assert.match(upstream, /ngx_http_upstream_module/);
      assert.match(upstream, /server address \[parameters\];/);
    });

    it("on $http_upgrade: what nginx puts in it", async () => {
      const hover = await client.hover(site, positionOf(SITE, "$http_upgrade", 4));
      const text = hoverText(hover);
      assert.match(text, /\*\*\$http_upgrade\*\* is built into nginx/);
      assert.match(text, /Upgrade` request header/);
      assert.deepEqual(hover?.range?.start, positionOf(SITE, "$http_upgrade"));
    });

    it("on ${host} and a family member such as $arg_page", async () => {
      assert.match(
        hoverText(await client.hover(site, positionOf(SITE, "${host}", 3))),
        /requested host name/,
      );
      const family = hoverText(await client.hover(site, positionOf(SITE, "$arg_page", 2)));
      assert.match(family, /one of nginx's `\$arg_\*` variables/);
    });

    it("on a variable the configuration defines: the map, with its file and line", async () => {
      const text = hoverText(await client.hover(site, positionOf(SITE, "$connection_upgrade", 5)));
      assert.match(text, /defined in this configuration by `map` at nginx\.conf:7/);
      assert.match(text, /map \$http_upgrade \$connection_upgrade \{\n {4}default upgrade;/);
      const set = hoverText(await client.hover(site, positionOf(SITE, '$tenant"', 2)));
      assert.match(set, /by `set` at sites-enabled\/chat\.conf:5/);
    });

    it("on proxy_set_header in a location: the headers in effect and the outer ones it drops", async () => {
      const text = hoverText(await client.hover(site, positionOf(SITE, "proxy_set_header Upgrade", 4)));
      assert.match(text, /Headers nginx sends to the upstream from `location \/ws\/`/);
      assert.match(text, /This level's own list/);
      assert.match(text, /\| Upgrade \| `\$http_upgrade` \| sites-enabled\/chat\.conf:10 \|/);
      assert.match(text, /\| Connection \| `\$connection_upgrade` \| sites-enabled\/chat\.conf:11 \|/);
      assert.match(text, /Dropped here[\s\S]*`X-Real-IP \$remote_addr` from `server chat\.example\.com`/);
      assert.match(text, /nginx adds its defaults for the rest: `Host: \$proxy_host`/);
    });

    it("on a location's name: what it inherits when it sets no header of its own", async () => {
      const text = hoverText(await client.hover(site, positionOf(SITE, "location /api/", 2)));
      assert.match(text, /Inherited from `server chat\.example\.com` \(sites-enabled\/chat\.conf:1\)/);
      assert.match(text, /\| X-Real-IP \| `\$remote_addr` \|/);
      assert.match(text, /Without an `Upgrade` header/);
    });

    it("on proxy_set_header: both defaults, one statement a line, and both Connection forms", async () => {
      const text = hoverText(await client.hover(site, positionOf(SITE, "proxy_set_header Upgrade", 4)));
      assert.ok(
        text.includes(
          "Defaults, together:  \n`proxy_set_header Host $proxy_host;`  \n`proxy_set_header Connection close;`",
        ),
        text,
      );
      assert.doesNotMatch(text, /;`, `/, "no list of statements after their semicolons");
      // What the quick fix inserts, and the map idiom, both named.
      assert.match(text, /`proxy_set_header Connection "upgrade";` \(what the quick fix adds\)/);
      assert.match(text, /`proxy_set_header Connection \$connection_upgrade;` with the `map`/);
    });

    it("on a location: the headers first, then the block's documentation, brief", async () => {
      const text = hoverText(await client.hover(site, positionOf(SITE, "location /api/", 2)));
      const headers = text.indexOf("**Headers nginx sends to the upstream from `location /api/`**");
      const docs = text.indexOf("**location** — ");
      assert.ok(headers === 0, text);
      assert.ok(docs > headers, text);
      assert.match(text.slice(docs), /^\*\*location\*\* — ngx_http_core_module\n\n```nginx\nlocation /);
      assert.match(text.slice(docs), /\[location on nginx\.org\]\(https:\/\/nginx\.org\/[^)]*#location\)$/);
      // The explanation and the list of facts are for a hover on the name alone, not after a table.
      assert.doesNotMatch(text, /Configures how matching request URIs/);
      assert.doesNotMatch(text, /Allowed in:/);
      // Where the Upgrade header is missing, the fix is named in both its forms.
      assert.match(
        text,
        /add `proxy_set_header Upgrade \$http_upgrade;` and a `Connection` of `"upgrade"` \(or `\$connection_upgrade`/,
      );
    });

    it("on a fixed Upgrade websocket and a passed-through Connection: what they send", async () => {
      const text = `server {
    listen 80;
    location /kernels/ws {
        proxy_pass http://127.0.0.1:8888;
        proxy_http_version 1.1;
        proxy_set_header Upgrade "websocket";
        proxy_set_header Connection $http_connection;
    }
}
`;
      const uri = workspace.uri("sites-enabled/literal.conf");
      const since = await client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, () => true, { since });
      // A WebSocket-only path: the fixed value and the passed-through Connection are complete.
      assert.deepEqual(published.diagnostics, []);
      const hover = hoverText(await client.hover(uri, positionOf(text, "proxy_set_header Upgrade", 4)));
      assert.match(hover, /`Upgrade` is the fixed value `websocket`, not `\$http_upgrade`/);
      assert.match(hover, /every plain request into an upgrade request/);
      assert.match(hover, /`Connection \$http_connection` passes the client's own `Connection` header on/);
      await client.close(uri);
    });

    it("on a server-level proxy_set_header: which locations inherit it and which drop it", async () => {
      const text = hoverText(await client.hover(site, positionOf(SITE, "proxy_set_header X-Real-IP", 2)));
      assert.match(text, /Inherited by:\n- `location \/api\/`/);
      assert.match(text, /Not sent[\s\S]*- `location \/ws\/`/);
    });

    it("is empty on white space and comments", async () => {
      assert.equal(await client.hover(main, positionOf(MAIN, "# Global", 3)), null);
      assert.equal(await client.hover(site, { line: 5, character: 0 }), null);
    });
  });

  describe("completion", () => {
    it("in a location: directives of a location, with snippet arguments, not main-only ones", async () => {
      const uri = workspace.uri("sites-enabled/typing.conf");
      const { text, position } = cursor("server {\n    location / {\n        prox⟨|⟩\n    }\n}\n");
      await client.open(uri, text);
      const items = await client.completion(uri, position);
      const names = labels(items);
      assert.ok(names.includes("proxy_pass"), `no proxy_pass in ${names.length} items`);
      assert.ok(!names.includes("worker_processes"), "worker_processes is not allowed in a location");
      assert.ok(!names.includes("server_name"), "server_name is not allowed in a location");
      const proxyPass = items.find((i) => i.label === "proxy_pass");
      assert.equal(proxyPass?.kind, 14, "CompletionItemKind.Keyword");
      assert.equal(proxyPass?.insertTextFormat, 2, "a snippet");
      assert.deepEqual(proxyPass?.textEdit, {
        range: { start: { line: 2, character: 8 }, end: position },
        newText: "proxy_pass ${1:URL};",
      });
      assert.match(JSON.stringify(proxyPass?.documentation), /nginx\.org/);
      const ifItem = items.find((i) => i.label === "if");
      assert.match(String(ifItem?.textEdit?.newText), /^if \$\{1:\(condition\)\} \{\n\t\$0\n\}$/);
      await client.close(uri);
    });

    it("at the top of the main config: main directives", async () => {
      const position = { line: 2, character: 0 };
      const names = labels(await client.completion(main, position));
      assert.ok(names.includes("worker_processes"));
      assert.ok(names.includes("http"));
      assert.ok(!names.includes("proxy_pass"));
    });

    it("after $: built-in variables and the configuration's own", async () => {
      // In the site the main includes, so the main's map is part of the configuration it sees.
      const { text, position } = cursor(SITE.replace('return 200 "${host} $tenant";', "return 200 $⟨|⟩;"));
      await client.change(site, text, ++siteVersion);
      const items = await client.completion(site, position);
      const names = labels(items);
      assert.ok(names.includes("http_upgrade"));
      assert.ok(names.includes("remote_addr"));
      assert.ok(names.includes("connection_upgrade"), "the main's map defines it");
      assert.ok(names.includes("tenant"), "chat.conf's set defines it");
      assert.ok(names.includes("arg_*"), "families are offered too");
      assert.ok(!names.includes("proxy_pass"), "no directives after $");
      assert.equal(items.find((i) => i.label === "http_upgrade")?.kind, 6, "CompletionItemKind.Variable");
      await client.change(site, SITE, ++siteVersion);
    });

    it("an argument: on/off, and upstream names after proxy_pass http://", async () => {
      const uri = workspace.uri("sites-enabled/values.conf");
      const flag = cursor("server {\n    gzip ⟨|⟩\n}\n");
      await client.open(uri, flag.text);
      assert.deepEqual(labels(await client.completion(uri, flag.position)), ["on", "off"]);
      await client.close(uri);
      // The upstream is the main's: ask in the site it includes.
      const pass = cursor(SITE.replace("proxy_pass http://chat_backend;", "proxy_pass http://⟨|⟩"));
      await client.change(site, pass.text, ++siteVersion);
      assert.deepEqual(labels(await client.completion(site, pass.position)), ["chat_backend"]);
      await client.change(site, SITE, ++siteVersion);
    });
  });

  it("document symbols: blocks named as people look for them", async () => {
    const symbols = await client.symbols(main);
    const names = (list: readonly DocumentSymbol[]): string[] => list.map((s) => s.name);
    assert.deepEqual(names(symbols), ["events", "http", "stream"]);
    const http = symbols.find((s) => s.name === "http");
    assert.deepEqual(names(http?.children ?? []), [
      "map $http_upgrade $connection_upgrade",
      "upstream chat_backend",
    ]);
    const siteSymbols = await client.symbols(site);
    assert.deepEqual(names(siteSymbols), ["server chat.example.com"]);
    assert.equal(siteSymbols[0]?.detail, "listen 80");
    assert.deepEqual(names(siteSymbols[0]?.children ?? []), ["location /ws/", "location /api/"]);
    assert.deepEqual(siteSymbols[0]?.range, {
      start: { line: 0, character: 0 },
      end: { line: SITE.split("\n").length - 2, character: 1 },
    });
  });

  it("folding: blocks to the line before their brace, and comment runs", async () => {
    const folds = await client.folding(main);
    const simple = folds.map((f) => [f.startLine, f.endLine, f.kind ?? "block"]);
    assert.deepEqual(simple, [
      [3, 4, "comment"],
      [5, 14, "block"],
      [6, 8, "block"],
      [10, 11, "block"],
      [17, 21, "block"],
      [18, 20, "block"],
    ]);
  });

  describe("definition", () => {
    it("on an include: the file, and every file of a glob", async () => {
      const one = await client.definition(main, positionOf(MAIN, "sites-enabled/chat.conf", 3));
      assert.deepEqual(
        one.map((l) => l.uri),
        [site],
      );
      const glob = await client.definition(main, positionOf(MAIN, "conf.d/*.conf", 3));
      assert.deepEqual(
        glob.map((l) => path.basename(l.uri)),
        ["gzip.conf", "log.conf"],
      );
    });

    it("on proxy_pass http://NAME: the upstream block", async () => {
      const [location, ...rest] = await client.definition(
        site,
        positionOf(SITE, "http://chat_backend/api/", 9),
      );
      assert.deepEqual(rest, []);
      assert.equal(location?.uri, main);
      assert.deepEqual(location?.range.start, positionOf(MAIN, "upstream chat_backend"));
    });

    it("on a variable: its map or set", async () => {
      const [map] = await client.definition(site, positionOf(SITE, "$connection_upgrade", 3));
      assert.equal(map?.uri, main);
      assert.deepEqual(map?.range.start, positionOf(MAIN, "map $http_upgrade"));
      const [set] = await client.definition(site, positionOf(SITE, '$tenant"', 3));
      assert.equal(set?.uri, site);
      assert.deepEqual(set?.range.start, positionOf(SITE, "set $tenant"));
      assert.deepEqual(await client.definition(site, positionOf(SITE, "$http_upgrade", 3)), []);
    });
  });
});
