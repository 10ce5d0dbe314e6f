// A WebSocket setup that requests never reach. nginx tries the regex locations of a level after the
// longest prefix, unless that prefix is `^~`: a `location /socket.io/` with the upgrade headers loses
// its own paths to a later `location ~ ^/(api|socket)` without them. And a proxied prefix ending in
// "/" answers its name without the slash with a 301, which WebSocket clients do not follow. Both are
// found by routing the location's own path through the configuration (server/src/routing).

import type { ConfigNode, LoadedConfig } from "../analysis/config";
import { lineNumberAt } from "../parser/lines";
import { Severity, withLazyFixes, type Fix } from "../analysis/finding";
import { forEachProxyLevel, type ProxyLevel } from "../analysis/proxy";
import { connectionState, header, upgradeMaps } from "./websocket/verdict";
import { knownApps } from "./websocket/evidence";
import { websocketFixes } from "./websocket/fix";
import { route, searchLocation, type RouteRequest } from "../routing/route";
import { requestToServer, serverOf } from "../routing/samples";
import type { Rule, RuleContext } from "./rule";
import { describeLevel } from "../analysis/levels";
import { headerSpan, judgedLevels } from "./websocket/levels";

/** Whether a level passes the upgrade on (the setup this rule protects, complete or not). */
function setUpForWebSockets(level: ProxyLevel, maps: ReturnType<typeof upgradeMaps>): boolean {
  if (header(level.headers, "upgrade") !== undefined) return true;
  return connectionState(header(level.headers, "connection")?.value, maps) === "upgrade";
}

/** What a WebSocket client sends with its handshake, besides the path. */
const UPGRADE_HEADERS: readonly (readonly [string, string])[] = [
  ["Upgrade", "websocket"],
  ["Connection", "Upgrade"],
];

/** A WebSocket handshake for `target` that reaches the server. */
function requestFor(server: ConfigNode, target: string): RouteRequest | undefined {
  return requestToServer(server, target, UPGRADE_HEADERS);
}

export const websocketEndpointUnreachable: Rule = {
  id: "websocket-endpoint-unreachable",
  defaultSeverity: Severity.Warning,
  description:
    "A location set up for WebSockets whose own path another location serves (a regex tried after it, no ^~), or that answers a known client's path without the slash only with nginx's automatic redirect.",
  check(ctx, severity) {
    const ready = new Set<ConfigNode>();
    const candidates: ProxyLevel[] = [];
    const maps = upgradeMaps(ctx.nodes);
    forEachProxyLevel(ctx.config.nodes, (level) => {
      if (!setUpForWebSockets(level, maps)) return;
      ready.add(level.level);
      // Exact and prefix locations can redirect; a regex or named location has no path of its own.
      const args = level.level.directive.args.map((a) => a.value);
      const regexOrNamed = args[0] === "~" || args[0] === "~*" || /^[~@]/.test(args[0] ?? "");
      if (level.level.directive.name.value === "location" && !regexOrNamed) candidates.push(level);
    });
    for (const level of candidates) checkLocation(ctx, level, ready, severity);
  },
};

/** Statements that can send a request somewhere other than where the location search put it. */
const DIVERTING = new Set(["rewrite", "return", "if", "set", "break", "error_page", "try_files", "internal"]);

/** Paths nginx does not change when it normalizes the URI. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9._~-]+)*\/?$/;

/**
 * Whether route() would end a request for the location's own path in the location itself, decided
 * from the location search alone. True only where nothing else can intervene: a path normalization
 * leaves alone (no `.` or `..` segment), no rewrite-module statement in the server or the location,
 * no nested location, no regex location around it. Otherwise the caller routes the request whole.
 * (test/unit/endpoint-fast-path.test.ts checks it against route() on generated configurations.)
 */
export function winsItsPathPlainly(
  config: LoadedConfig,
  server: ConfigNode,
  location: ConfigNode,
  path: string,
): boolean {
  if (!PLAIN_PATH.test(path) || /\/\.\.?(\/|$)/.test(path)) return false;
  if (server.children.some((c) => DIVERTING.has(c.directive.name.value))) return false;
  for (const c of location.children) {
    const name = c.directive.name.value;
    if (DIVERTING.has(name) || name === "location") return false;
  }
  for (let at = location.parent; at && at !== server; at = at.parent) {
    const first = at.directive.args[0]?.value ?? "";
    if (at.directive.name.value !== "location" || first.startsWith("~")) return false;
    if (at.children.some((c) => DIVERTING.has(c.directive.name.value))) return false;
  }
  const found = searchLocation(config, server, path);
  return found.kind === "location" && found.location.node === location;
}

function checkLocation(
  ctx: RuleContext,
  level: ProxyLevel,
  ready: ReadonlySet<ConfigNode>,
  severity: Severity,
): void {
  const location = level.level;
  const server = serverOf(location);
  const args = location.directive.args;
  const path = args[args.length - 1]?.value.replace(/^(=|\^~)/, "");
  if (!server || path === undefined || path === "") return;
  // Only a plain prefix location lets the regexes of its level take its paths.
  const plainPrefix = args.length === 1 && !/^(=|\^~)/.test(args[0]?.value ?? "");
  // An exact or ^~ location keeps its own path from the regexes: only the redirect below can apply.
  // A location that wins its own plain path in the location search, with nothing before or after the
  // search that could send the request elsewhere, is not routed whole: most are such.
  const request =
    plainPrefix && !winsItsPathPlainly(ctx.config, server, location, path)
      ? requestFor(server, path)
      : undefined;
  const result = request && route(ctx.config, request);
  const winner =
    result && result.server === server && result.outcome.kind !== "undecidable" ? result.location : undefined;
  if (winner && winner !== location && !ready.has(winner) && !isInside(winner, location)) {
    const name = describeLevel(winner);
    const sameLevel = winner.parent === location.parent;
    const line = lineNumberAt(winner.file.parsed, winner.directive.name.start);
    ctx.report(
      withLazyFixes(
        {
          ...headerSpan(location),
          code: "websocket-endpoint-unreachable",
          severity,
          message:
            `WebSocket requests for "${path}" never reach this location: "${name}" (line ${line}) serves them without the WebSocket setup. ` +
            (sameLevel
              ? `nginx tries regex locations after the longest prefix unless the prefix is marked "^~".`
              : `A regex location of an outer level is tried after the nested search.`),
          related: [{ ...headerSpan(winner), message: "serves the WebSocket location's requests" }],
        },
        () => fixesFor(ctx, location, winner, sameLevel),
      ),
    );
    return;
  }
  // The path without its slash gets a 301, which WebSocket clients do not follow. Most clients ask for
  // the path with the slash, so this is said only where the location proxies to a well-known
  // application (by its upstream's name or port) whose clients ask for exactly the path without it.
  if (path.length > 1 && path.endsWith("/")) {
    const bare = path.slice(0, -1);
    const upstream = upstreamOf(level);
    const apps = knownApps().filter((app) => app.paths.includes(bare) && isUpstreamOf(app, upstream));
    if (apps.length === 0) return;
    const request = requestFor(server, bare);
    if (!request) return;
    const redirected = route(ctx.config, request);
    const outcome = redirected.outcome;
    if (outcome.kind === "response" && outcome.status === 301 && redirected.location === location)
      ctx.report({
        ...headerSpan(location),
        code: "websocket-endpoint-unreachable",
        severity,
        message:
          `"${bare}" (without the final "/") only gets nginx's automatic 301 redirect to "${path}": ` +
          `${apps.map((a) => a.app).join(" and ")} WebSocket clients request "${bare}" and do not follow redirects. ` +
          `A location for "${bare}" itself (for example "location = ${bare}") with the same setup serves them.`,
      });
  }
}

/** The host (or upstream name) and port a level's proxy_pass names. */
function upstreamOf(level: ProxyLevel): { host: string; port: number | undefined } {
  const url = level.proxyPass.directive.args[0]?.value ?? "";
  const match = /^[a-z]+:\/\/([^/:$]+)(?::(\d+))?/i.exec(url);
  return {
    host: (match?.[1] ?? "").toLowerCase(),
    port: match?.[2] !== undefined ? Number(match[2]) : undefined,
  };
}

function isUpstreamOf(
  app: { names: readonly string[]; ports: readonly number[] },
  upstream: { host: string; port: number | undefined },
): boolean {
  // A name counts as a word of the host: "zammad" in "zammad-websocket", not in "notzammad".
  const isWord = (name: string): boolean => {
    const at = upstream.host.indexOf(name.toLowerCase());
    if (at < 0) return false;
    const before = upstream.host[at - 1];
    const after = upstream.host[at + name.length];
    return (
      (before === undefined || !/[a-z0-9]/.test(before)) && (after === undefined || !/[a-z0-9]/.test(after))
    );
  };
  return app.names.some(isWord) || (upstream.port !== undefined && app.ports.includes(upstream.port));
}

function isInside(node: ConfigNode, ancestor: ConfigNode): boolean {
  for (let at = node.parent; at; at = at.parent) if (at === ancestor) return true;
  return false;
}

/** Mark the location `^~` (preferred, when the winning regex is of its level), or give the winner the setup. */
function fixesFor(ctx: RuleContext, location: ConfigNode, winner: ConfigNode, sameLevel: boolean): Fix[] {
  const fixes: Fix[] = [];
  const path = location.directive.args[0];
  const isRegex = /^~/.test(winner.directive.args[0]?.value ?? "");
  if (sameLevel && isRegex && path && location.file.parsed.errors.length === 0)
    fixes.push({
      title: `Mark "${describeLevel(location)}" with ^~ so regex locations are not tried for its paths`,
      edits: [{ file: location.file.path, start: path.start, end: path.start, newText: "^~ " }],
      preferred: true,
    });
  const { levels, mapDefined } = judgedLevels(ctx);
  const judged = levels.find((l) => l.level.level === winner);
  if (judged)
    for (const fix of websocketFixes(
      judged.level,
      judged.verdict,
      mapDefined,
      `Add the WebSocket setup to "${describeLevel(winner)}"`,
    ))
      fixes.push({ ...fix, preferred: fix.preferred && fixes.length === 0 });
  return fixes;
}
