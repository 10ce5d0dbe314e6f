// `nginx-lint route`: which server and location of a configuration serve a URL, as a trace with file
// and line, in text or JSON; `--check FILE` compares a file of expectations and prints one line per
// mismatch. Exit 0 done (or every expectation met), 1 an expectation failed, 2 usage or I/O error.

import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { ConfigNode, LoadedConfig } from "./analysis/config";
import { errorCode } from "./analysis/files";
import { parseVersion, type Version } from "./model/version";
import { lineNumberAt } from "./parser/lines";
import type { HeaderList } from "./analysis/proxy";
import { route, type RouteRequest, type RouteResult } from "./routing/route";
import { requestOfUrl, UrlError } from "./routing/url";
import { analyze } from "./service";

export const ROUTE_USAGE = `Usage: nginx-lint route [--nginx-version X.Y.Z] [--prefix DIR] [--method M]
                        [-H 'Name: value']... [--format text|json] [--case-insensitive]
                        [--address IP] CONFIG URL...
       nginx-lint route [options] --check FILE CONFIG

Shows which server and location of CONFIG serve each URL, step by step in nginx's
order (listen, server name, URI normalization, location search, redirects and
rewrites), with the directives in effect there and the file and line of each.

Options:
  --method M             the request method (default GET)
  -H, --header 'N: v'    a request header (repeatable); "Host: x" replaces the URL's host
  --format FORMAT        text (default) or json
  --nginx-version X.Y.Z  the nginx version the configuration targets (default: 1.22.1)
  --prefix DIR           directory that relative include paths resolve against
  --case-insensitive     route as nginx built for macOS or Windows does (locations
                         compare without case)
  --address IP           the local IPv4 address the request arrives at (default: the
                         wildcard socket of the URL's port, else the first address on it)
  --check FILE           read expectations, one per line: "GET https://host/path -> WHAT",
                         WHAT being a location as written ("^~ /ws/", "= /", "@app"), a
                         status ("301", "301 https://host/x/"), "none" or "undecidable";
                         print each mismatch as one line and exit 1 if there is any
  -h, --help             show this help

Exit status: 0 done (every expectation met), 1 an expectation failed, 2 usage or I/O error.`;

/** A failure that ends the command with exit status 2 and one line on stderr. */
export class RouteUsageError extends Error {}

interface RouteOptions {
  readonly format: "text" | "json";
  readonly method: string;
  readonly headers: [string, string][];
  readonly target: Version | undefined;
  readonly prefix: string | undefined;
  readonly caseInsensitive: boolean;
  readonly address: string | undefined;
  readonly check: string | undefined;
  readonly config: string;
  readonly urls: string[];
}

function parseRouteArgs(argv: string[]): RouteOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        method: { type: "string" },
        header: { type: "string", short: "H", multiple: true },
        "nginx-version": { type: "string" },
        prefix: { type: "string" },
        "case-insensitive": { type: "boolean" },
        address: { type: "string" },
        check: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new RouteUsageError(String(error instanceof Error ? error.message : error).split("\n")[0]);
  }
  const values = parsed.values;
  if (values.help) return "help";
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json")
    throw new RouteUsageError(`--format must be text or json for route, not "${format}"`);
  const method = values.method ?? "GET";
  if (!/^[A-Z_-]{1,20}$/.test(method))
    throw new RouteUsageError(`--method must be an upper-case HTTP method, not "${method}"`);
  const headers: [string, string][] = [];
  for (const header of values.header ?? []) {
    const colon = header.indexOf(":");
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header.slice(0, colon)))
      throw new RouteUsageError(`-H must look like 'Name: value', not "${header}"`);
    headers.push([header.slice(0, colon), header.slice(colon + 1).trim()]);
  }
  let target: Version | undefined;
  if (values["nginx-version"] !== undefined) {
    target = parseVersion(values["nginx-version"]);
    if (!target)
      throw new RouteUsageError(`--nginx-version must look like 1.22.1, not "${values["nginx-version"]}"`);
  }
  let prefix: string | undefined;
  if (values.prefix !== undefined) {
    prefix = path.resolve(values.prefix);
    let isDirectory = false;
    try {
      isDirectory = fs.statSync(prefix).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (!isDirectory) throw new RouteUsageError(`--prefix ${values.prefix}: not a directory`);
  }
  const address = values.address;
  if (address !== undefined && !/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(address))
    throw new RouteUsageError(`--address must be an IPv4 address, not "${address}"`);
  const [config, ...urls] = parsed.positionals;
  if (config === undefined) throw new RouteUsageError("route: no CONFIG given (try nginx-lint route --help)");
  if (values.check === undefined && urls.length === 0)
    throw new RouteUsageError("route: no URL given (try nginx-lint route --help)");
  if (values.check !== undefined && urls.length > 0)
    throw new RouteUsageError("route: give either URLs or --check FILE, not both");
  return {
    format,
    method,
    headers,
    target,
    prefix,
    caseInsensitive: values["case-insensitive"] ?? false,
    address,
    check: values.check,
    config,
    urls,
  };
}

/** The 1-based line of a node (or an offset in its file). */
function lineOf(node: ConfigNode, offset = node.directive.name.start): number {
  return lineNumberAt(node.file.parsed, offset);
}

/** A file as shown: relative to the working directory when inside it, else absolute. */
function shown(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

function where(node: ConfigNode | undefined, cwd: string): string {
  if (!node) return "";
  return `${shown(node.file.path, cwd)}:${lineOf(node)}`;
}

/** A block as written ("location ^~ /ws/", "if ($x)", "server"). */
function blockLabel(node: ConfigNode | undefined): string {
  if (!node) return "none";
  const args = node.directive.args.map((a) => a.value).join(" ");
  return args ? `${node.directive.name.value} ${args}` : node.directive.name.value;
}

function outcomeText(result: RouteResult): string {
  const o = result.outcome;
  switch (o.kind) {
    case "response":
      return `${o.status}${o.location !== undefined ? ` Location: ${o.location}` : ""}${o.body !== undefined ? ` ${JSON.stringify(o.body)}` : ""}`;
    case "close":
      return "connection closed without a response (444)";
    case "content":
      return `answered by ${o.handler}`;
    case "no-server":
      return "nothing listens there";
    case "undecidable":
      return `undecidable: ${o.why}`;
  }
}

function headerText(list: HeaderList): string {
  return list.headers.length === 0
    ? "nginx's defaults (Host $proxy_host, Connection close)"
    : list.headers.map((h) => `${h.name}: ${h.value}`).join(", ");
}

function textReport(url: string, method: string, result: RouteResult, cwd: string): string {
  const lines = [`${method} ${url}`];
  for (const step of result.steps) {
    const at = where(step.node, cwd);
    lines.push(`  ${step.phase.padEnd(14)} ${step.text}${at ? `  (${at})` : ""}`);
  }
  const served = result.location
    ? `${blockLabel(result.location)} (${where(result.location, cwd)})`
    : "no location";
  lines.push(
    `  => ${outcomeText(result)}; ${result.server ? `server at ${where(result.server, cwd)}, ` : ""}${served}`,
  );
  if (result.effective.length > 0) {
    lines.push("  in effect:");
    for (const d of result.effective)
      lines.push(`    ${d.name} ${d.args.join(" ")};  (${where(d.node, cwd)})`);
  }
  if (result.proxyHeaders) lines.push(`  proxy_set_header sent upstream: ${headerText(result.proxyHeaders)}`);
  const fallback = result.fallback;
  if (fallback) {
    lines.push(
      `  when no file matches, ${blockLabel(fallback.location)} (${where(fallback.location, cwd)}):`,
    );
    for (const d of fallback.effective)
      lines.push(`    ${d.name} ${d.args.join(" ")};  (${where(d.node, cwd)})`);
    if (fallback.proxyHeaders)
      lines.push(`    proxy_set_header sent upstream: ${headerText(fallback.proxyHeaders)}`);
  }
  return lines.join("\n") + "\n";
}

function jsonReport(url: string, method: string, result: RouteResult, cwd: string): unknown {
  const place = (node: ConfigNode | undefined) =>
    node
      ? {
          file: path.relative(cwd, node.file.path) || node.file.path,
          line: lineOf(node),
          block: blockLabel(node),
        }
      : null;
  const o = result.outcome;
  return {
    method,
    url,
    outcome: {
      kind: o.kind,
      ...(o.kind === "response"
        ? { status: o.status, location: o.location ?? null, body: o.body ?? null }
        : {}),
      ...(o.kind === "content" ? { handler: o.handler } : {}),
      ...(o.kind === "undecidable" ? { why: o.why } : {}),
    },
    uri: result.uri ?? null,
    args: result.args ?? null,
    server: place(result.server),
    location: place(result.location),
    level: place(result.level),
    steps: result.steps.map((s) => ({ phase: s.phase, text: s.text, at: place(s.node) })),
    effective: result.effective.map((d) => ({ name: d.name, args: d.args, ...place(d.node) })),
    proxyHeaders: result.proxyHeaders
      ? result.proxyHeaders.headers.map((h) => ({ name: h.name, value: h.value, ...place(h.node) }))
      : null,
    fallback: result.fallback
      ? {
          location: place(result.fallback.location),
          handler: place(result.fallback.handler),
          effective: result.fallback.effective.map((d) => ({ name: d.name, args: d.args, ...place(d.node) })),
          proxyHeaders: result.fallback.proxyHeaders
            ? result.fallback.proxyHeaders.headers.map((h) => ({
                name: h.name,
                value: h.value,
                ...place(h.node),
              }))
            : null,
        }
      : null,
  };
}

/** Whether a result meets an expectation's right-hand side. */
function meets(result: RouteResult, expected: string): boolean {
  const want = expected
    .replace(/^location\s+/, "")
    .replace(/\s+/g, " ")
    .trim();
  const o = result.outcome;
  if (want === "undecidable") return o.kind === "undecidable";
  if (want === "none") return result.location === undefined && o.kind !== "undecidable";
  const status = /^(\d{3})(?: (.+))?$/.exec(want);
  if (status) {
    if (o.kind !== "response" || o.status !== Number(status[1])) return false;
    return status[2] === undefined || o.location === status[2];
  }
  if (!result.location || o.kind === "undecidable") return false;
  return result.location.directive.args.map((a) => a.value).join(" ") === want;
}

function actualOf(result: RouteResult): string {
  const o = result.outcome;
  if (o.kind === "undecidable") return `undecidable (${o.why})`;
  if (o.kind === "response" && (o.location !== undefined || !result.location))
    return `${o.status}${o.location !== undefined ? ` ${o.location}` : ""}`;
  return result.location ? result.location.directive.args.map((a) => a.value).join(" ") : "none";
}

function loadFor(options: RouteOptions): LoadedConfig {
  const file = path.resolve(options.config);
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new RouteUsageError(`${options.config}: not a file`);
  } catch (error) {
    if (error instanceof RouteUsageError) throw error;
    throw new RouteUsageError(`${options.config}: cannot be read (${errorCode(error) ?? "error"})`);
  }
  try {
    return analyze(file, { target: options.target, prefix: options.prefix }).config;
  } catch (error) {
    throw new RouteUsageError(
      `${options.config}: cannot be read (${errorCode(error) ?? (error instanceof Error ? error.message : "error")})`,
    );
  }
}

/** Runs `nginx-lint route ARGS`; returns the exit status. */
export function routeCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const options = parseRouteArgs(argv);
    if (options === "help") {
      out(ROUTE_USAGE + "\n");
      return 0;
    }
    const cwd = process.cwd();
    if (options.check !== undefined) {
      let text: string;
      try {
        text = fs.readFileSync(options.check, "utf8");
      } catch (error) {
        throw new RouteUsageError(
          `--check ${options.check}: cannot be read (${errorCode(error) ?? "error"})`,
        );
      }
      const expectations: { line: number; method: string; url: string; expected: string }[] = [];
      text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.replace(/(^|\s)#.*$/, "").trim();
        if (line === "") return;
        const match = /^(?:([A-Z]+)\s+)?(\S+)\s*->\s*(.+)$/.exec(line);
        if (!match)
          throw new RouteUsageError(
            `${options.check}:${i + 1}: expected "METHOD URL -> LOCATION", got "${raw.trim()}"`,
          );
        expectations.push({
          line: i + 1,
          method: match[1] ?? options.method,
          url: match[2] as string,
          expected: (match[3] as string).trim(),
        });
      });
      const config = loadFor(options);
      let failed = 0;
      for (const e of expectations) {
        let request: RouteRequest;
        try {
          request = requestOfUrl(e.url, e.method, options.headers, options.address);
        } catch (error) {
          throw new RouteUsageError(
            `${options.check}:${e.line}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        const result = route(config, request, { caseInsensitive: options.caseInsensitive });
        if (!meets(result, e.expected)) {
          failed++;
          out(
            `${options.check}:${e.line}: ${e.method} ${e.url}: expected ${e.expected}, got ${actualOf(result)}\n`,
          );
        }
      }
      return failed > 0 ? 1 : 0;
    }
    const requests = options.urls.map((url) => ({
      url,
      request: requestOfUrl(url, options.method, options.headers, options.address),
    }));
    const config = loadFor(options);
    const results = requests.map(({ url, request }) => ({
      url,
      result: route(config, request, { caseInsensitive: options.caseInsensitive }),
    }));
    if (options.format === "json")
      out(
        JSON.stringify(
          results.map(({ url, result }) => jsonReport(url, options.method, result, cwd)),
          null,
          2,
        ) + "\n",
      );
    else out(results.map(({ url, result }) => textReport(url, options.method, result, cwd)).join("\n"));
    return 0;
  } catch (error) {
    if (error instanceof RouteUsageError || error instanceof UrlError) {
      err(`nginx-lint: ${error.message}\n`);
      return 2;
    }
    err(`nginx-lint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
