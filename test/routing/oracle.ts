// The routing oracle: a configuration is made runnable on loopback (every location and `if` inside a
// location answers with its own marker, every listen moves to a free loopback port, what needs files or
// other machines is dropped), started under the real nginx, and sent raw HTTP/1.x requests over plain
// TCP so that no client normalizes the path. Each answer (status, body marker, Location, the X-Srv
// header every server adds) is compared with what route() predicts for the same runnable text.

import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { loadConfig, type LoadedConfig } from "../../server/src/analysis/config";
import { diskFileSystem } from "../../server/src/analysis/files";
import { parse } from "../../server/src/parser/parser";
import type { Directive } from "../../server/src/parser/ast";
import { PARSE_OPTIONS } from "../../server/src/analysis/syntax";
import { route, type RouteRequest, type RouteResult } from "../../server/src/routing/route";
import { toBytes } from "../../server/src/routing/regex";
import { freePort, nginxBinary, startNginx, type RunningNginx } from "../support/nginx";
import { spawnSync } from "node:child_process";
import * as os from "node:os";

/** Where a configuration's top level belongs, as the corpus manifest names it. */
export type TopContext = "main" | "http" | "server" | "location";

/** Directives that need files, other machines or privileges this test does not have. */
const DROPPED = new Set([
  "user",
  "pid",
  "error_log",
  "access_log",
  "load_module",
  "daemon",
  "master_process",
  "lock_file",
  "ssl",
  "http2",
  "http3",
  "quic",
  "proxy_cache_path",
  "proxy_cache",
  "fastcgi_cache",
  "uwsgi_cache",
  "scgi_cache",
  "fastcgi_cache_path",
  "uwsgi_cache_path",
  "scgi_cache_path",
  "client_body_temp_path",
  "proxy_temp_path",
  "fastcgi_temp_path",
  "uwsgi_temp_path",
  "scgi_temp_path",
  "auth_basic_user_file",
  "resolver",
  "worker_processes",
  "include",
  "ssl_certificate",
  "ssl_certificate_key",
  "ssl_trusted_certificate",
  "ssl_client_certificate",
  "ssl_dhparam",
  "ssl_stapling",
  "ssl_stapling_verify",
  "ssl_session_ticket_key",
  "ssl_crl",
  "ssl_password_file",
]);

const PASS = /^(proxy|fastcgi|uwsgi|scgi|grpc|memcached)_pass$/;

/** A configuration made runnable, with the listen sockets a request can be sent to. */
export interface Runnable {
  readonly text: string;
  /** The wrapped original the edits were made to (same lines as `text`). */
  readonly body: string;
  /** Loopback ports, one per distinct socket of the original (`listen 80` and `listen 8080` differ). */
  readonly ports: readonly number[];
  /** The markers written, each with a short description of its block. */
  readonly markers: ReadonlyMap<string, string>;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Rewrites a configuration so it runs here and says which block answered: markers, loopback listens
 * (each distinct original socket gets its own port; IPv6 and unix sockets are dropped, a server left
 * with none listens where `listen 80` would), *_pass pointed at a stub, file-bound directives dropped.
 */
export async function makeRunnable(
  original: string,
  context: TopContext,
  stubPort: number,
  drop: ReadonlySet<number> = new Set(),
  withMarkers = true,
): Promise<Runnable> {
  let body = original;
  if (context === "location") body = `server {\nlisten 80;\n${body}\n}\n`;
  if (context !== "main") body = `http {\n${body}\n}\n`;
  if (!/^\s*events\b/m.test(body) || context !== "main") body = `events {}\n${body}`;
  const parsed = parse(body, PARSE_OPTIONS);
  const edits: Edit[] = [];
  const sockets = new Map<string, number>();
  const markers = new Map<string, string>();
  const portFor = async (key: string): Promise<number> => {
    let port = sockets.get(key);
    if (port === undefined) sockets.set(key, (port = await freePort()));
    return port;
  };
  const upstreams = new Set<string>();
  const collectUpstreams = (list: readonly Directive[]): void => {
    for (const d of list) {
      if (d.name.value === "upstream" && d.args[0]) upstreams.add(d.args[0].value);
      if (d.block) collectUpstreams(d.block.children);
    }
  };
  collectUpstreams(parsed.directives);
  let serverIndex = 0;
  // A removed statement leaves its line breaks, so nginx's line numbers stay those of the text read.
  const remove = (d: Directive): void =>
    void edits.push({
      start: d.name.start,
      end: d.end + 1,
      text: body.slice(d.name.start, d.end + 1).replace(/[^\n]/g, ""),
    });

  const visit = async (
    list: readonly Directive[],
    where: "main" | "http" | "server" | "location" | "if" | "upstream" | "other",
    serverTag: string,
  ): Promise<void> => {
    let locationIndex = 0;
    for (const d of list) {
      const name = d.name.value;
      if (drop.has(d.name.start)) {
        remove(d);
        continue;
      }
      if (DROPPED.has(name) || (name.startsWith("ssl_") && !d.block)) {
        remove(d);
        continue;
      }
      if (name === "listen" && where === "server") {
        const first = d.args[0]?.value ?? "";
        if (first.startsWith("[") || first.startsWith("unix:")) {
          remove(d);
          continue;
        }
        const key = /^\d+$/.test(first)
          ? `*:${first}`
          : first.includes(":")
            ? first.replace(/^(0\.0\.0\.0|\*):/, "*:")
            : `${first}:80`;
        const port = await portFor(key);
        const isDefault = d.args.some((a) => a.value === "default_server" || a.value === "default");
        const breaks = body.slice(d.name.start, d.end + 1).replace(/[^\n]/g, "");
        edits.push({
          start: d.name.start,
          end: d.end + 1,
          text: `listen 127.0.0.1:${port}${isDefault ? " default_server" : ""};${breaks}`,
        });
        continue;
      }
      if (PASS.test(name) && d.args[0]) {
        const target = d.args[0];
        const value = target.value;
        const scheme = /^[a-z]+:\/\//.exec(value)?.[0] ?? "";
        const rest = value.slice(scheme.length);
        const hostEnd = rest.search(/[/$]/);
        const host = hostEnd < 0 ? rest : rest.slice(0, hostEnd);
        if (/^[a-z]+:\/\/unix:/.test(value) || value.startsWith("unix:")) {
          edits.push({
            start: target.start,
            end: target.end,
            text: `"${scheme || "http://"}127.0.0.1:${stubPort}"`,
          });
        } else if (!value.includes("$") && !upstreams.has(host.replace(/:\d+$/, ""))) {
          const tail = hostEnd < 0 ? "" : rest.slice(hostEnd);
          edits.push({
            start: target.start,
            end: target.end,
            text: `"${scheme}127.0.0.1:${stubPort}${tail}"`,
          });
        } else if (value.includes("$")) {
          edits.push({ start: target.start, end: target.end, text: `"http://127.0.0.1:${stubPort}"` });
        }
        continue;
      }
      if (where === "upstream" && name === "server" && d.args[0]) {
        edits.push({ start: d.args[0].start, end: d.args[0].end, text: `127.0.0.1:${stubPort}` });
        continue;
      }
      if (!d.block) continue;
      if (name === "server" && where === "http") {
        const tag = `S${++serverIndex}`;
        const hasListen = d.block.children.some(
          (c) => c.name.value === "listen" && !/^(\[|unix:)/.test(c.args[0]?.value ?? ""),
        );
        const implicit = hasListen ? "" : `listen 127.0.0.1:${await portFor("*:80")};`;
        edits.push({
          start: d.block.open + 1,
          end: d.block.open + 1,
          text: ` add_header X-Srv ${tag} always; ${implicit}`,
        });
        await visit(d.block.children, "server", tag);
        continue;
      }
      if (
        (name === "location" && (where === "server" || where === "location")) ||
        (name === "if" && where === "location")
      ) {
        const marker = `${serverTag}L${++locationIndex}${where === "location" ? "n" : ""}${name === "if" ? "i" : ""}`;
        const unique = `${marker}-${d.name.start}`;
        markers.set(unique, `${name} ${d.args.map((a) => a.value).join(" ")}`);
        if (d.block.close !== undefined && withMarkers)
          edits.push({ start: d.block.close, end: d.block.close, text: ` return 200 "${unique}"; ` });
        await visit(d.block.children, name === "if" ? "if" : "location", serverTag);
        continue;
      }
      // Tables hold key/value lines, not directives.
      if (["map", "geo", "types", "split_clients", "charset_map", "match"].includes(name)) continue;
      const inner =
        name === "http" ? "http" : name === "upstream" ? "upstream" : name === "if" ? "if" : "other";
      await visit(d.block.children, inner, serverTag);
    }
  };
  await visit(parsed.directives, "main", "");
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let text = body;
  for (const edit of edits) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return { text, body, ports: [...sockets.values()], markers };
}

/** Starts nginx on a runnable text; a directive nginx refuses is dropped and the start retried. */
export async function startRunnable(
  build: (drop: ReadonlySet<number>) => Promise<Runnable>,
): Promise<{ nginx: RunningNginx; runnable: Runnable; dropped: string[] } | { error: string }> {
  const drop = new Set<number>();
  const dropped: string[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const runnable = await build(drop);
    const refusal = testConfig(runnable.text);
    if (refusal) {
      // Edits keep every line where it was, so nginx's line is a line of the wrapped original.
      const offset = refusal.line === undefined ? undefined : directiveAtLine(runnable.body, refusal.line);
      if (offset === undefined || drop.has(offset)) return { error: refusal.message };
      drop.add(offset);
      dropped.push(refusal.message);
      continue;
    }
    if (runnable.ports.length === 0) return { error: "no server block to send requests to" };
    try {
      const nginx = await startNginx({
        files: { "nginx.conf": runnable.text },
        main: "nginx.conf",
        port: runnable.ports[0] ?? 0,
      });
      return { nginx, runnable, dropped };
    } catch (error) {
      return {
        error: String(error instanceof Error ? error.message : error)
          .split("\n")
          .slice(0, 3)
          .join(" "),
      };
    }
  }
  return { error: "too many directives refused" };
}

/** `nginx -t` on a text; undefined when accepted, else the message and line. */
function testConfig(text: string): { message: string; line: number | undefined } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "routing-t-"));
  try {
    fs.writeFileSync(path.join(dir, "nginx.conf"), text);
    const result = spawnSync(
      nginxBinary() as string,
      ["-t", "-p", `${dir}/`, "-c", "nginx.conf", "-e", path.join(dir, "error.log"), "-g", "pid nginx.pid;"],
      { encoding: "utf8" },
    );
    if (result.status === 0) return undefined;
    const output = `${result.stderr}${result.stdout}`;
    const emerg = /\[emerg\] (.*?)(?: in (\/\S+):(\d+))?$/m.exec(output);
    return {
      message: emerg?.[1] ?? output.trim().split("\n")[0] ?? "refused",
      line: emerg?.[3] ? Number(emerg[3]) : undefined,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The innermost statement of a text that spans a line (by the offset of its name). */
function directiveAtLine(text: string, line: number): number | undefined {
  const lineOf = (offset: number): number => text.slice(0, offset).split("\n").length;
  let best: Directive | undefined;
  const visit = (list: readonly Directive[]): void => {
    for (const d of list) {
      const last = d.block ? d.block.open : d.end;
      if (lineOf(d.name.start) <= line && line <= lineOf(last)) {
        if (!best || d.end - d.name.start < best.end - best.name.start) best = d;
      }
      if (d.block) visit(d.block.children);
    }
  };
  visit(parse(text, PARSE_OPTIONS).directives);
  return best?.name.start;
}

/** Loads a runnable text the way the engine loads any configuration. */
export function loadRunnable(dir: string, text: string): LoadedConfig {
  const file = path.join(dir, "nginx.conf");
  fs.writeFileSync(file, text);
  return loadConfig({
    fs: diskFileSystem,
    file,
    prefix: dir,
    context: "core:main",
    parseOptions: PARSE_OPTIONS,
  });
}

/** One raw request and how it is sent. */
export interface OracleRequest {
  readonly method: string;
  readonly target: string;
  /** undefined: no Host header (sent as HTTP/1.0). */
  readonly host: string | undefined;
  readonly port: number;
  readonly headers?: readonly (readonly [string, string])[];
}

/** What came back. */
export interface Answer {
  readonly closed: boolean;
  readonly status: number | undefined;
  readonly location: string | undefined;
  readonly server: string | undefined;
  readonly body: string;
}

/** Sends one request over a plain TCP connection and reads the whole answer. */
export function send(request: OracleRequest): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: request.port });
    const chunks: Buffer[] = [];
    const version = request.host === undefined ? "HTTP/1.0" : "HTTP/1.1";
    const lines = [`${request.method} ${request.target} ${version}`];
    if (request.host !== undefined) lines.push(`Host: ${request.host}`);
    for (const [n, v] of request.headers ?? []) lines.push(`${n}: ${v}`);
    lines.push("Connection: close", "", "");
    socket.setTimeout(5000, () => socket.destroy());
    // Text is sent as its UTF-8 bytes, as route() reads it (toBytes).
    socket.on("connect", () => socket.write(Buffer.from(toBytes(lines.join("\r\n")), "latin1")));
    socket.on("data", (chunk) => chunks.push(chunk));
    const done = (): void => {
      const raw = Buffer.concat(chunks).toString("latin1");
      if (raw === "")
        return resolve({ closed: true, status: undefined, location: undefined, server: undefined, body: "" });
      const split = raw.indexOf("\r\n\r\n");
      const head = split < 0 ? raw : raw.slice(0, split);
      let body = split < 0 ? "" : raw.slice(split + 4);
      if (/^transfer-encoding: *chunked/im.test(head)) body = unchunk(body);
      const status = Number(/^HTTP\/1\.\d (\d{3})/.exec(head)?.[1]);
      const headerValue = (name: string): string | undefined =>
        new RegExp(`^${name}: (.*)$`, "im").exec(head)?.[1]?.trim();
      resolve({
        closed: false,
        status,
        location: headerValue("Location"),
        server: headerValue("X-Srv"),
        body,
      });
    };
    socket.on("close", done);
    socket.on("error", () => undefined);
  });
}

/** A chunked body's data. */
function unchunk(body: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const eol = body.indexOf("\r\n", at);
    const size = eol < 0 ? NaN : parseInt(body.slice(at, eol), 16);
    if (!(size > 0)) return out;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** route()'s request for an oracle request. */
export function routeRequest(request: OracleRequest): RouteRequest {
  return {
    method: request.method,
    scheme: "http",
    host: request.host,
    port: request.port,
    address: "127.0.0.1",
    target: request.target,
    headers: request.headers,
    httpVersion: request.host === undefined ? "1.0" : "1.1",
    remoteAddress: "127.0.0.1",
  };
}

export type Verdict =
  | { kind: "agree" }
  | { kind: "undecidable"; why: string }
  | { kind: "mismatch"; expected: string; actual: string };

/** The X-Srv value route() predicts: the add_header list in effect where the answer is made. */
function predictedServerTag(result: RouteResult): string | undefined {
  const header = result.effective.find(
    (d) => d.name === "add_header" && d.args[0]?.toLowerCase() === "x-srv",
  );
  return header?.args[1];
}

/** Compares nginx's answer with route()'s prediction. */
export function judge(result: RouteResult, answer: Answer): Verdict {
  const outcome = result.outcome;
  if (outcome.kind === "undecidable") return { kind: "undecidable", why: outcome.why };
  if (outcome.kind === "content") return { kind: "undecidable", why: `content handler (${outcome.handler})` };
  if (outcome.kind === "no-server")
    return { kind: "mismatch", expected: "nothing listening", actual: describeAnswer(answer) };
  const expected = describePrediction(result);
  if (outcome.kind === "close")
    return answer.closed ? { kind: "agree" } : { kind: "mismatch", expected, actual: describeAnswer(answer) };
  const tag = predictedServerTag(result);
  const bodyOk = outcome.body === undefined || answer.body === outcome.body;
  const locationOk = outcome.location === undefined || answer.location === outcome.location;
  const ok =
    !answer.closed && answer.status === outcome.status && bodyOk && locationOk && answer.server === tag;
  return ok ? { kind: "agree" } : { kind: "mismatch", expected, actual: describeAnswer(answer) };
}

function describePrediction(result: RouteResult): string {
  const o = result.outcome;
  if (o.kind !== "response") return o.kind;
  return `${o.status}${o.body !== undefined ? ` body=${JSON.stringify(o.body)}` : ""}${o.location !== undefined ? ` Location=${o.location}` : ""} X-Srv=${predictedServerTag(result) ?? "-"}`;
}

function describeAnswer(answer: Answer): string {
  if (answer.closed) return "connection closed";
  const marker = /^S\d+L[\w-]+$/.test(answer.body) ? ` body=${JSON.stringify(answer.body)}` : "";
  return `${answer.status}${marker}${answer.location !== undefined ? ` Location=${answer.location}` : ""} X-Srv=${answer.server ?? "-"}`;
}

export { route };
