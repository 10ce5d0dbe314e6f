// The header check of the routing oracle: with no markers, requests reach the real proxy_pass, whose
// upstream is a local echo that answers with the headers nginx sent it. Those must be what route()'s
// proxy_set_header list (the engine's inheritance model, analysis/proxy.ts) predicts: the list in
// effect plus nginx's defaults, an empty value not sent, and the client's other headers passed on.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { nginxBinary } from "../support/nginx";
import { skipUnless } from "../support/requirements";
import { scratchFolder } from "../support/scratch";
import {
  loadRunnable,
  makeRunnable,
  route,
  routeRequest,
  send,
  startRunnable,
  type OracleRequest,
  type TopContext,
} from "./oracle";
import { requestsFor } from "./requests";
import type { RouteResult } from "../../server/src/routing/route";

const skip = skipUnless(nginxBinary() !== undefined, "nginx is not installed (apt-get install -y nginx)");
const scratch = scratchFolder("routing-headers-");

let echoPort = 0;
let echo: http.Server | undefined;

/** The headers a request arrived with, as JSON pairs (names lower-cased). */
function echoBody(req: http.IncomingMessage): string {
  const pairs: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    pairs.push([(req.rawHeaders[i] as string).toLowerCase(), req.rawHeaders[i + 1] as string]);
  return JSON.stringify(pairs);
}

before(async () => {
  if (skip) return;
  echo = http.createServer((req, res) => {
    const body = echoBody(req);
    res.writeHead(200, { "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
  // A handshake nginx passes on is answered like any request: the test reads headers, not frames.
  echo.on("upgrade", (req, socket) => {
    const body = echoBody(req);
    socket.end(
      `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve) => echo?.listen(0, "127.0.0.1", resolve));
  const address = echo.address();
  echoPort = typeof address === "object" && address ? address.port : 0;
});

after(() => echo?.close());

/** nginx's own proxy headers, which a list in effect overrides name by name (ngx_http_proxy_headers). */
const DEFAULTS: readonly [string, string][] = [
  ["host", "$proxy_host"],
  ["connection", "close"],
  ["content-length", "$proxy_internal_body_length"],
  ["transfer-encoding", "$proxy_internal_chunked"],
  ["te", ""],
  ["keep-alive", ""],
  ["expect", ""],
  ["upgrade", ""],
];

/** A header value for the request, undefined when the test cannot know it. */
function valueOf(text: string, request: OracleRequest, result: RouteResult): string | undefined {
  const client = (name: string): string =>
    (request.headers ?? []).find(([n]) => n.toLowerCase() === name)?.[1] ??
    (name === "host" ? (request.host ?? "") : "");
  let unknown = false;
  const value = text.replace(
    /\$\{([A-Za-z0-9_]+)\}|\$([A-Za-z0-9_]+)/g,
    (_, braced?: string, bare?: string) => {
      const name = (braced ?? bare) as string;
      switch (name) {
        case "host":
          return (request.host ?? "").replace(/:\d+$/, "").toLowerCase();
        case "remote_addr":
          return "127.0.0.1";
        case "scheme":
          return "http";
        case "request_uri":
          return request.target;
        case "proxy_host": {
          // The proxy_pass URL's host as written (an upstream's name), without the default port.
          const pass =
            result.outcome.kind === "content" ? result.outcome.node?.directive.args[0]?.value : undefined;
          const host = /^https?:\/\/([^/$]+)/.exec(pass ?? "")?.[1];
          if (host === undefined) unknown = true;
          return (host ?? "").replace(/:80$/, "");
        }
        case "proxy_add_x_forwarded_for": {
          const before = client("x-forwarded-for");
          return before ? `${before}, 127.0.0.1` : "127.0.0.1";
        }
        case "proxy_internal_body_length":
        case "proxy_internal_chunked":
          return "";
      }
      if (name.startsWith("http_")) return client(name.slice(5).replace(/_/g, "-"));
      unknown = true;
      return "";
    },
  );
  return unknown ? undefined : value;
}

/** What nginx must send upstream, as name -> value (undefined: present, value not known; "": absent). */
function predicted(result: RouteResult, request: OracleRequest): Map<string, string | undefined> {
  const expected = new Map<string, string | undefined>();
  const list = result.proxyHeaders?.headers ?? [];
  const listed = new Set(list.map((h) => h.name));
  for (const [name, value] of DEFAULTS)
    if (!listed.has(name)) expected.set(name, valueOf(value, request, result));
  for (const h of list) expected.set(h.name, valueOf(h.value, request, result));
  // The client's headers go on, unless the list (or a default) names them.
  for (const [name, value] of request.headers ?? [])
    if (!expected.has(name.toLowerCase())) expected.set(name.toLowerCase(), value);
  return expected;
}

function compare(expected: Map<string, string | undefined>, received: [string, string][]): string[] {
  const got = new Map(received);
  const problems: string[] = [];
  for (const [name, value] of expected) {
    if (value === undefined) continue;
    if (value === "" && got.has(name))
      problems.push(`${name} sent as "${got.get(name)}", predicted not sent`);
    else if (value !== "" && got.get(name) !== value)
      problems.push(
        `${name} predicted "${value}", nginx sent ${got.has(name) ? `"${got.get(name)}"` : "nothing"}`,
      );
  }
  for (const [name] of received) if (!expected.has(name)) problems.push(`${name} sent, not predicted`);
  return problems;
}

const HEADER_CASES: { name: string; config: string; context: TopContext }[] = [
  {
    name: "lists inherited whole or not at all, through nested locations and if",
    context: "http",
    config: `proxy_set_header X-Http http-level;
    server { listen 80; server_name h.test;
      proxy_set_header X-Server server-level;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      location /inherit/ { proxy_pass http://app:1; }
      location /own/ { proxy_pass http://app:1; proxy_set_header X-Own own; }
      location /ws/ {
        proxy_pass http://app:1;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        proxy_set_header Host $host;
        location /ws/nested/ { proxy_pass http://app:1; }
      }
      location /empty/ { proxy_pass http://app:1; proxy_set_header X-Client-Test ""; proxy_set_header Accept-Encoding ""; }
      location /cond/ {
        proxy_set_header X-Cond cond;
        proxy_pass http://app:1;
        if ($arg_x) { proxy_pass http://app:1; }
      }
    }
    server { listen 81; server_name plain.test; location / { proxy_pass http://app:1; } }`,
  },
];

async function runHeaders(
  name: string,
  original: string,
  context: TopContext,
  cap: number,
): Promise<{ checked: number; failures: string[] }> {
  const started = await startRunnable((drop) => makeRunnable(original, context, echoPort, drop, false));
  if ("error" in started) return { checked: 0, failures: [] };
  const { nginx, runnable } = started;
  try {
    const dir = fs.mkdtempSync(path.join(scratch.dir, "cfg-"));
    const config = loadRunnable(dir, runnable.text);
    const failures: string[] = [];
    let checked = 0;
    const clientHeaders: (readonly [string, string])[][] = [
      [["X-Client-Test", "1"]],
      [
        ["X-Client-Test", "2"],
        ["Upgrade", "websocket"],
        ["Connection", "Upgrade"],
        ["X-Forwarded-For", "10.0.0.1"],
      ],
    ];
    const base = requestsFor(config, runnable.ports, { cap: 400 });
    for (const request of base) {
      if (checked >= cap) break;
      for (const headers of clientHeaders) {
        const full: OracleRequest = { ...request, headers };
        const result = route(config, routeRequest(full));
        if (result.outcome.kind !== "content" || result.outcome.handler !== "proxy_pass") continue;
        const answer = await send(full);
        if (answer.status !== 200) {
          failures.push(
            `${full.method} ${full.target} (Host ${full.host}): nginx answered ${answer.status}, route() says proxy_pass`,
          );
          continue;
        }
        let received: [string, string][];
        try {
          received = JSON.parse(answer.body) as [string, string][];
        } catch {
          failures.push(
            `${full.method} ${full.target}: the upstream's answer is not the echo: ${answer.body.slice(0, 80)}`,
          );
          continue;
        }
        checked++;
        const problems = compare(predicted(result, full), received);
        if (problems.length > 0)
          failures.push(
            `${name}: ${full.method} ${full.target} (Host ${full.host}; ${headers.map(([n, v]) => `${n}: ${v}`).join(", ")}): ${problems.join("; ")}`,
          );
      }
    }
    return { checked, failures };
  } finally {
    await nginx.stop();
  }
}

describe("routing oracle: proxy headers", { skip }, () => {
  test("the headers nginx sends upstream are the proxy_set_header list route() predicts", async () => {
    let checked = 0;
    const failures: string[] = [];
    for (const c of HEADER_CASES) {
      const outcome = await runHeaders(c.name, c.config, c.context, 200);
      checked += outcome.checked;
      failures.push(...outcome.failures);
    }
    const corpus = path.resolve(__dirname, "../../../test/corpus");
    const manifest = fs.readFileSync(path.join(corpus, "MANIFEST.tsv"), "utf8").trim().split("\n").slice(1);
    let corpusChecked = 0;
    for (const row of manifest) {
      const [file, , , , , kind] = row.split("\t");
      if (!file || !kind) continue;
      const context = (["main", "http", "server", "location"] as const).find((c) => kind.startsWith(c));
      const text = fs.readFileSync(path.join(corpus, file), "utf8");
      if (
        !context ||
        !/proxy_pass/.test(text) ||
        !/\bserver\s*\{/.test(text + (context === "location" ? "server {" : ""))
      )
        continue;
      const outcome = await runHeaders(file, text, context, 12);
      corpusChecked += outcome.checked;
      failures.push(...outcome.failures);
    }
    console.log(
      `routing oracle: proxy headers agree on ${checked + corpusChecked - failures.length}/${checked + corpusChecked} proxied requests (${corpusChecked} from the corpus)`,
    );
    assert.deepEqual(failures, [], failures.slice(0, 20).join("\n"));
  });
});
