// Assertions on the scopes the committed grammar gives to the constructs themes colour, tokenized with
// vscode-textmate and vscode-oniguruma as VS Code does. A stand-in Lua grammar (see support.ts) shows
// the hand-off to source.lua inside *_by_lua_block bodies.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { corpusCases, directivesPath, tokenize, type Token } from "./support";

/**
 * Where to look: a plain string is the text itself; `[context, focus]` finds `context` and then looks
 * only at `focus` inside it (for one brace among many, say).
 */
type Needle = string | readonly [context: string, focus: string];

/** The tokens covering the `nth` occurrence of the needle in `text`. */
async function tokensAt(text: string, needle: Needle, nth = 0): Promise<Token[]> {
  const [context, focus] = typeof needle === "string" ? [needle, needle] : needle;
  const inner = context.indexOf(focus);
  assert.ok(inner >= 0, `${JSON.stringify(focus)} is not inside ${JSON.stringify(context)}`);
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(context, offset + 1);
    assert.ok(offset >= 0, `${JSON.stringify(context)} (occurrence ${nth}) not found in the snippet`);
  }
  offset += inner;
  const before = text.slice(0, offset).split("\n");
  const line = before.length - 1;
  const column = (before[before.length - 1] ?? "").length;
  const end = column + focus.length;
  const { tokens } = await tokenize(text);
  const covering = tokens.filter((t) => t.line === line && t.start < end && t.end > column);
  assert.ok(covering.length > 0, `no token at ${JSON.stringify(needle)}`);
  return covering;
}

/** A scope matches when it is `name` or a more specific `name.*`. */
function hasScope(token: Token, name: string): boolean {
  return token.scopes.some((s) => s === name || s.startsWith(`${name}.`));
}

function describe(tokens: Token[]): string {
  return tokens.map((t) => `${JSON.stringify(t.text)}: ${t.scopes.join(" ")}`).join("\n  ");
}

/** Every token of the needle carries `scope`. */
async function expectScope(text: string, needle: Needle, scope: string, nth = 0): Promise<void> {
  const tokens = await tokensAt(text, needle, nth);
  assert.ok(
    tokens.every((t) => hasScope(t, scope)),
    `${JSON.stringify(needle)} should be ${scope}:\n  ${describe(tokens)}`,
  );
}

/** No token of the needle carries `scope`. */
async function expectNoScope(text: string, needle: Needle, scope: string, nth = 0): Promise<void> {
  const tokens = await tokensAt(text, needle, nth);
  assert.ok(
    tokens.every((t) => !hasScope(t, scope)),
    `${JSON.stringify(needle)} should not be ${scope}:\n  ${describe(tokens)}`,
  );
}

test("known directive names, unknown names and block keywords", async () => {
  const text = [
    "http {",
    "    proxy_pass http://backend;",
    "    more_set_headers 'X: y';",
    "    upstream app { server 127.0.0.1:8080 weight=2; }",
    "    server {",
    "        location / { }",
    "    }",
    "}",
    "events { }",
  ].join("\n");
  await expectScope(text, "proxy_pass", "support.function.directive.nginx");
  await expectScope(text, "more_set_headers", "entity.name.function.directive.unknown.nginx");
  await expectNoScope(text, "more_set_headers", "support.function");
  for (const keyword of ["http", "upstream", "location", "events"]) {
    await expectScope(text, keyword, "keyword.control.block.nginx");
  }
  await expectScope(text, ["server {", "server"], "keyword.control.block.nginx");
  // Inside upstream, `server` takes arguments: it is a directive, not a block.
  await expectScope(text, ["server 127", "server"], "support.function.directive.nginx");
  await expectNoScope(text, ["server 127", "server"], "keyword.control");
  await expectScope(text, "app", "entity.name.type.upstream.nginx");
});

test("every directive in the data file is known to the grammar", async () => {
  const records = JSON.parse(readFileSync(directivesPath, "utf8")) as { name: string }[];
  const names = [...new Set(records.map((r) => r.name))];
  assert.ok(names.length > 800, `only ${names.length} directive names`);
  const { tokens } = await tokenize(names.map((n) => `${n} x;`).join("\n"));
  const unknown = names.filter((name, line) => {
    const first = tokens.find((t) => t.line === line && t.start === 0);
    return !first || first.text !== name || hasScope(first, "entity.name.function.directive.unknown.nginx");
  });
  assert.deepEqual(unknown, []);
});

test("statement punctuation: terminator and block braces", async () => {
  const text = "server { listen 80; }";
  await expectScope(text, ";", "punctuation.terminator.statement.nginx");
  await expectScope(text, "{", "punctuation.section.block.begin.nginx");
  await expectScope(text, "}", "punctuation.section.block.end.nginx");
  // nginx rejects `};`; the stray terminator is marked.
  await expectScope("location / { };", ";", "invalid.illegal.unexpected-terminator.nginx");
});

test("comments start only where a word can start", async () => {
  const text = [
    "# whole line",
    "server_name a#b;  # trailing",
    "add_header X \"#quoted\" '#single';",
    "listen 80;#tight",
  ].join("\n");
  await expectScope(text, "# whole line", "comment.line.number-sign.nginx");
  await expectScope(text, "# trailing", "comment.line.number-sign.nginx");
  await expectScope(text, "#tight", "comment.line.number-sign.nginx");
  await expectNoScope(text, "a#b", "comment");
  await expectNoScope(text, "#quoted", "comment");
  await expectScope(text, "#quoted", "string.quoted.double.nginx");
  await expectNoScope(text, "#single", "comment");
  await expectScope(text, "#single", "string.quoted.single.nginx");
});

test("strings in both quotes, with escapes, spanning lines", async () => {
  const text = [
    'add_header X "say \\"hi\\"";',
    "add_header Y 'it\\'s';",
    'return 200 "first',
    'second";',
    "listen 80;",
  ].join("\n");
  await expectScope(text, '"say', "string.quoted.double.nginx");
  await expectScope(text, '\\"', "constant.character.escape.nginx");
  await expectScope(text, "'it", "string.quoted.single.nginx");
  await expectScope(text, "\\'", "constant.character.escape.nginx");
  await expectScope(text, "second", "string.quoted.double.nginx");
  // The string closed on the line before: `listen` is a directive again.
  await expectScope(text, "listen", "support.function.directive.nginx");
});

test("variables inside and outside strings", async () => {
  const text = [
    "proxy_set_header Host $host;",
    'add_header A "x $remote_addr y";',
    "add_header B '$request_uri';",
    "root /srv/${host}_site/$uri;",
  ].join("\n");
  await expectScope(text, "$host", "variable.other.nginx");
  await expectScope(text, ["$host", "$"], "punctuation.definition.variable.nginx");
  await expectScope(text, "$remote_addr", "variable.other.nginx");
  await expectScope(text, "$remote_addr", "string.quoted.double.nginx");
  await expectScope(text, "$request_uri", "variable.other.nginx");
  await expectScope(text, "$request_uri", "string.quoted.single.nginx");
  await expectScope(text, "${host}", "variable.other.nginx");
  await expectScope(text, "$uri", "variable.other.nginx");
  await expectNoScope(text, "_site/", "variable");
});

test("multi-line statements keep their arguments coloured", async () => {
  const text = [
    "log_format main '$remote_addr - $remote_user [$time_local] '",
    "                '\"$request\" $status';",
    "access_log /var/log/nginx/access.log main;",
  ].join("\n");
  await expectScope(text, "'\"$request", "string.quoted.single.nginx");
  await expectScope(text, "$status", "variable.other.nginx");
  await expectScope(text, "$status", "meta.statement.directive.nginx");
  await expectScope(text, "access_log", "support.function.directive.nginx");
});

test("location modifiers, regexes and named locations", async () => {
  const text = [
    "location ~ \\.php$ { }",
    "location ~* \\.(png|jpg)$ { }",
    "location = /exact { }",
    "location ^~ /static/ { }",
    'location ~ "^/a{2}$" { return 204; }',
    "location @fallback { }",
    "try_files $uri @fallback;",
  ].join("\n");
  await expectScope(text, "~", "keyword.operator.location-modifier.nginx");
  await expectScope(text, "\\.php$", "string.regexp");
  await expectScope(text, "~*", "keyword.operator.location-modifier.nginx");
  await expectScope(text, "(png|jpg)$", "string.regexp");
  await expectScope(text, "=", "keyword.operator.location-modifier.nginx");
  await expectScope(text, "^~", "keyword.operator.location-modifier.nginx");
  await expectNoScope(text, "/exact", "string.regexp");
  // The quoted regex holds `{2}`; the block still opens at the `{` after the closing quote.
  await expectScope(text, '"^/a{2}$"', "string.regexp.quoted.double.nginx");
  await expectScope(text, ['$" { return', "{"], "punctuation.section.block.begin.nginx");
  await expectNoScope(text, ["{2}", "{"], "punctuation.section.block");
  await expectScope(text, ["return 204", "return"], "support.function.directive.nginx");
  await expectScope(text, "@fallback", "entity.name.type.location.named.nginx");
  await expectScope(text, "@fallback", "entity.name.type.location.named.nginx", 1);
});

test("if conditions: variables, operators, file tests and regexes", async () => {
  const text = [
    "if ($uri ~ ^(?:/|.*\\.html)$) { set $html 1; }",
    'if ($http_cookie ~* "id=([^;]+)(?:;|$)") { }',
    "if (!-f $request_filename) { }",
    "if (-d $dir) { }",
    "if ($host != $server_name) { }",
    "if ($a !~* ^x) { }",
    "if ($request_method = POST) { }",
  ].join("\n");
  await expectScope(text, "if", "keyword.control.conditional.nginx");
  await expectScope(text, "$uri", "variable.other.nginx");
  await expectScope(text, "~", "keyword.operator.regex.nginx");
  // The regex keeps its own parentheses; only the last `)` closes the condition.
  await expectScope(text, "^(?:/|.*\\.html)$", "string.regexp");
  await expectScope(text, ["html)$)", ")"], "string.regexp");
  await expectScope(text, ["$) {", ")"], "punctuation.section.condition.end.nginx");
  await expectScope(text, ["set $html", "set"], "support.function.directive.nginx");
  await expectScope(text, "~*", "keyword.operator.regex.nginx");
  await expectScope(text, '"id=([^;]+)(?:;|$)"', "string.regexp.quoted.double.nginx");
  await expectScope(text, "!-f", "keyword.operator.file-test.nginx");
  await expectScope(text, "-d", "keyword.operator.file-test.nginx");
  await expectScope(text, "!=", "keyword.operator.comparison.nginx");
  await expectScope(text, "!~*", "keyword.operator.regex.nginx");
  await expectScope(text, ["= POST", "="], "keyword.operator.comparison.nginx");
});

test("map, geo, types and split_clients bodies hold keys, not directives", async () => {
  const text = [
    "map $http_upgrade $connection_upgrade {",
    "    default upgrade;",
    "    ''      close;",
    "    listen  $fallback;",
    "    ~*^/api  backend;",
    "}",
    "types { text/html html; }",
    "geo $geo { 10.0.0.0/8 1; }",
    'split_clients "${remote_addr}" $v { 50% a; * b; }',
    "proxy_pass http://x;",
  ].join("\n");
  await expectScope(text, "map", "keyword.control.block.nginx");
  await expectScope(text, "default", "constant.language.default.nginx");
  await expectScope(text, "listen", "entity.name.tag.key.nginx");
  await expectNoScope(text, "listen", "support.function");
  await expectScope(text, "$fallback", "variable.other.nginx");
  await expectScope(text, "^/api", "string.regexp");
  await expectScope(text, "text/html", "entity.name.tag.key.nginx");
  await expectScope(text, "10.0.0.0/8", "entity.name.tag.key.nginx");
  await expectScope(text, "50%", "entity.name.tag.key.nginx");
  // After the bodies close, statements are directives again.
  await expectScope(text, "proxy_pass", "support.function.directive.nginx");
});

test("Lua blocks are embedded and end at the right brace", async () => {
  const text = [
    "location /lua {",
    "    content_by_lua_block {",
    '        local t = { a = { b = "}" } } -- a } in a comment',
    "        ngx.say('{') ; --[[ } ]]",
    "        local s = [[ } ]]",
    "    }",
    "    add_header X-After yes;",
    "    set_by_lua_block $v { return 1 }",
    "    return 200 $v;",
    "}",
  ].join("\n");
  await expectScope(text, "content_by_lua_block", "keyword.control.block.lua.nginx");
  await expectScope(text, "local t", "meta.embedded.block.lua");
  // The stand-in Lua grammar colours `local`: the body is handed to source.lua.
  await expectScope(text, "local", "keyword.control.lua");
  await expectScope(text, '"}"', "string.quoted.double.lua");
  await expectScope(text, "-- a }", "comment.line.double-dash.lua");
  await expectScope(text, "--[[ } ]]", "comment.block.lua");
  await expectScope(text, "[[ } ]]", "string.quoted.other.multiline.lua", 1);
  // Nested table braces stay Lua, even though the stand-in Lua grammar has its own brace rule.
  await expectScope(text, ["t = { a", "{"], "punctuation.section.table.begin.lua");
  for (const context of ['" }', "} --"]) {
    await expectScope(text, [context, "}"], "punctuation.section.table.end.lua");
    await expectNoScope(text, [context, "}"], "punctuation.section.block");
  }
  // The lone `}` line closes the nginx block, outside the embedded region.
  await expectScope(text, ["    }\n    add_header", "}"], "punctuation.section.block.end.nginx");
  await expectNoScope(text, ["    }\n    add_header", "}"], "meta.embedded");
  await expectScope(text, "add_header", "support.function.directive.nginx");
  await expectNoScope(text, "add_header", "meta.embedded");
  await expectScope(text, "set_by_lua_block", "keyword.control.block.lua.nginx");
  await expectScope(text, ["$v {", "$v"], "variable.other.nginx");
  await expectScope(text, "return 1", "meta.embedded.block.lua");
  await expectScope(text, ["1 }", "1"], "meta.embedded.block.lua");
  await expectScope(text, ["1 }", "}"], "punctuation.section.block.end.nginx");
  await expectNoScope(text, ["1 }", "}"], "meta.embedded");
  await expectScope(text, ["return 200", "return"], "support.function.directive.nginx");
  await expectNoScope(text, "return 200", "meta.embedded");
});

test("numbers, units and literal words", async () => {
  const text = [
    "client_max_body_size 10m;",
    "proxy_read_timeout 100ms;",
    "expires 1h30m;",
    "client_body_buffer_size 512k;",
    "worker_connections 1024;",
    "ssl_protocols TLSv1.2;",
    "sendfile on; tcp_nopush off;",
    "listen 80 default_server;",
  ].join("\n");
  await expectScope(text, "10m", "constant.numeric.nginx");
  await expectScope(text, ["10m", "m"], "keyword.other.unit.nginx");
  await expectScope(text, "100ms", "constant.numeric.nginx");
  await expectScope(text, ["100ms", "ms"], "keyword.other.unit.nginx");
  await expectScope(text, "1h30m", "constant.numeric.nginx");
  await expectScope(text, "512k", "constant.numeric.nginx");
  await expectScope(text, "1024", "constant.numeric.nginx");
  await expectNoScope(text, "1024", "keyword.other.unit");
  await expectNoScope(text, "TLSv1.2", "constant.numeric");
  await expectScope(text, ["sendfile on", "on"], "constant.language.boolean.nginx");
  await expectScope(text, ["nopush off", "off"], "constant.language.boolean.nginx");
  await expectScope(text, "default_server", "constant.language.nginx");
});

test("addresses, sockets and URLs", async () => {
  const text = [
    "listen 127.0.0.1:8080;",
    "listen [::1]:443 ssl;",
    "allow 10.0.0.0/8;",
    "allow 2001:db8::/32;",
    "fastcgi_pass unix:/run/php.sock;",
    "proxy_pass https://$host$request_uri;",
  ].join("\n");
  await expectScope(text, "127.0.0.1", "constant.numeric.ip-address.v4.nginx");
  await expectScope(text, "8080", "constant.numeric.port.nginx");
  await expectScope(text, "::1", "constant.numeric.ip-address.v6.nginx");
  await expectScope(text, "443", "constant.numeric.port.nginx");
  await expectScope(text, "10.0.0.0", "constant.numeric.ip-address.v4.nginx");
  await expectScope(text, ["/8;", "/"], "punctuation.separator.cidr.nginx");
  await expectScope(text, ["/8;", "8"], "constant.numeric.cidr.nginx");
  await expectScope(text, "2001:db8::", "constant.numeric.ip-address.v6.nginx");
  await expectScope(text, "unix", "constant.language.unix-socket.nginx");
  await expectScope(text, "/run/php.sock", "string.unquoted.path.nginx");
  await expectScope(text, "https://$host$request_uri", "markup.underline.link.nginx");
  await expectScope(text, "$host$", "variable.other.nginx");
});

test("every real-world corpus file ends at the top level with no invalid tokens", async () => {
  for (const c of corpusCases()) {
    const { tokens, finalDepth } = await tokenize(readFileSync(c.source, "utf8"));
    const name = path.basename(c.source);
    assert.equal(finalDepth, 1, `${name}: a block, string or statement is still open at the end`);
    const invalid = tokens.filter((t) => hasScope(t, "invalid"));
    assert.deepEqual(invalid, [], `${name}: unexpected invalid tokens`);
  }
});
