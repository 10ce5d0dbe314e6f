// Checks the hand-written model data: directive explanations and built-in variable facts.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { DIRECTIVE_DOCS } from "../../server/src/model/directive-docs";
import { BUILTIN_VARIABLES } from "../../server/src/model/variables";

interface DirectiveRecord {
  readonly name: string;
  readonly module: string;
  readonly origin: string;
}

/** Read from the repository, not the build output: tsc does not copy the JSON next to the compiled test. */
function loadDirectives(): readonly DirectiveRecord[] {
  const candidates = [
    path.resolve(__dirname, "../../..", "server/src/model/data/nginx-directives.json"),
    path.resolve(process.cwd(), "server/src/model/data/nginx-directives.json"),
  ];
  const file = candidates.find((candidate) => fs.existsSync(candidate));
  assert.ok(file, "nginx-directives.json not found");
  return JSON.parse(fs.readFileSync(file, "utf8")) as DirectiveRecord[];
}

const directives = loadDirectives();
const directiveNames = new Set(directives.map((record) => record.name));
const docEntries = Object.entries(DIRECTIVE_DOCS);

test("every documented directive exists in nginx-directives.json", () => {
  const unknown = docEntries.map(([name]) => name).filter((name) => !directiveNames.has(name));
  assert.deepEqual(unknown, []);
});

test("at least 150 directives are documented", () => {
  assert.ok(docEntries.length >= 150, `only ${docEntries.length} entries`);
});

test("every open-source ngx_http_proxy_module directive is documented", () => {
  const missing = directives
    .filter((record) => record.module === "ngx_http_proxy_module" && record.origin === "nginx")
    .map((record) => record.name)
    .filter((name) => !Object.hasOwn(DIRECTIVE_DOCS, name));
  assert.deepEqual(missing, []);
});

test("no explanation is empty or longer than 700 characters", () => {
  for (const [name, text] of docEntries) {
    assert.ok(text.trim().length > 0, `${name}: empty`);
    assert.ok(text.length <= 700, `${name}: ${text.length} characters`);
  }
});

test("the WebSocket-relevant directives explain the WebSocket point", () => {
  const websocket = ["proxy_http_version", "proxy_set_header", "proxy_read_timeout", "proxy_cache", "map"];
  for (const name of websocket) {
    assert.match(DIRECTIVE_DOCS[name] ?? "", /WebSocket/, name);
  }
  assert.match(DIRECTIVE_DOCS["proxy_http_version"] ?? "", /1\.29\.7/);
  assert.match(DIRECTIVE_DOCS["proxy_read_timeout"] ?? "", /60s/);
});

test("built-in variables are unique per name and subsystem", () => {
  const seen = new Set<string>();
  for (const fact of BUILTIN_VARIABLES) {
    const key = `${fact.subsystem}:${fact.name}`;
    assert.ok(!seen.has(key), `duplicate ${key}`);
    seen.add(key);
  }
});

test("built-in variables are well-formed", () => {
  for (const fact of BUILTIN_VARIABLES) {
    assert.match(fact.name, /^[a-z0-9_]+$/, fact.name);
    assert.ok(!fact.name.startsWith("$"), fact.name);
    assert.match(fact.module, /^ngx_(http|stream)_[a-z0-9_]+_module$/, `${fact.name}: ${fact.module}`);
    assert.ok(fact.module.startsWith(`ngx_${fact.subsystem}_`), `${fact.name}: ${fact.module}`);
    assert.ok(fact.summary.trim().length > 0, `${fact.name}: empty summary`);
    if (fact.since !== undefined) assert.match(fact.since, /^\d+\.\d+\.\d+$/, `${fact.name}: ${fact.since}`);
  }
});

function find(name: string, subsystem: "http" | "stream" = "http") {
  return BUILTIN_VARIABLES.find((fact) => fact.name === name && fact.subsystem === subsystem);
}

test("the variables the WebSocket checks rely on are present", () => {
  for (const name of ["http_upgrade", "remote_addr", "host", "request_uri", "proxy_add_x_forwarded_for"]) {
    const fact = find(name);
    assert.ok(fact, `missing ${name}`);
    assert.equal(fact.prefix, false, name);
  }
  assert.ok(find("remote_addr", "stream"), "missing stream remote_addr");
});

test("prefix families are flagged as prefixes", () => {
  for (const name of ["http_", "arg_", "cookie_", "sent_http_", "upstream_http_"]) {
    const fact = find(name);
    assert.ok(fact, `missing ${name}`);
    assert.equal(fact.prefix, true, name);
  }
});

test("connection_upgrade is not built in", () => {
  assert.equal(
    BUILTIN_VARIABLES.some((fact) => fact.name === "connection_upgrade"),
    false,
  );
});
