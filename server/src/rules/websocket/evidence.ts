// What says that a proxied location serves WebSockets, beyond nothing at all: its path (the endpoint
// patterns, or a well-known application's WebSocket path), its upstream (a well-known application's
// name or distinctive port, from model/data/websocket-apps.json, when that application's WebSocket
// requests would be routed to this location), and the rest of the configuration (the same upstream
// at the same path proxied with a complete WebSocket setup elsewhere). A missing setup is a warning
// only with evidence: most proxied locations serve plain HTTP and need none.
//
// Everything is indexed once per analysis (upstream blocks by name, routing tables per block, `set`
// values per level) and only levels that lack WebSocket support are examined, so the cost stays
// linear in the size of the configuration.

import { RE2JS } from "re2js";
import rawApps from "../../model/data/websocket-apps.json";
import type { ConfigNode } from "../../analysis/config";
import type { ProxyLevel } from "../../analysis/proxy";
import { compileEndpointPattern, type EndpointPattern, type NamedPattern } from "../../settings";

/** One well-known application, as the data table describes it. */
interface AppRecord {
  readonly app: string;
  readonly names: readonly string[];
  readonly ports: readonly number[];
  readonly paths: readonly string[];
  readonly source: string;
}

interface App extends AppRecord {
  /** Any of its names, as a word of a host or upstream name. */
  readonly nameRe: RegExp;
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const APPS: readonly App[] = (rawApps as AppRecord[]).map((a) => ({
  ...a,
  nameRe: new RegExp(`(^|[^a-z0-9])(${a.names.map(escapeRe).join("|")})([^a-z0-9]|$)`, "i"),
}));

const ANY_NAME = new RegExp(APPS.map((a) => a.nameRe.source).join("|"), "i");
const ANY_PORT = new Set(APPS.flatMap((a) => a.ports));

/**
 * The applications' specific WebSocket paths (not "/", which only says where one is mounted): a
 * location path that contains one as whole segments (`/comms`, not `/communications`) is a WebSocket
 * endpoint whatever its upstream.
 */
const APP_PATHS: readonly { readonly app: string; readonly path: string; readonly re: RegExp }[] =
  APPS.flatMap((a) =>
    a.paths
      .filter((p) => p.length > 1)
      .map((p) => ({
        app: a.app,
        path: p,
        re: new RegExp(escapeRe(p.replace(/\/$/, "")) + "(?![A-Za-z0-9_-])"),
      })),
  );

/** The well-known applications (for tests and documentation). */
export function knownApps(): readonly AppRecord[] {
  return APPS;
}

/** Where a proxy_pass sends requests: host (or upstream name) and port, with variables resolved by `set`. */
interface Target {
  /** The URL with `set` variables resolved. */
  readonly url: string;
  readonly host: string;
  readonly port: number | undefined;
  /** `host:port` as written after resolution, the key for "the same upstream". */
  readonly key: string;
}

/** A location's match as nginx reads it (`location = /x`, `location ^~ /x`, `location ~* re`, ...). */
interface LocationMatch {
  readonly node: ConfigNode;
  readonly kind: "exact" | "prefix" | "prefix-stop" | "regex" | "named";
  readonly path: string;
  readonly regex?: EndpointPattern | undefined;
}

/** The locations of one block, to route a URI among them as nginx does. */
interface Router {
  readonly exact: Map<string, ConfigNode>;
  readonly prefixes: Map<string, LocationMatch>;
  /** The lengths of those prefixes, longest first: only slices of these lengths can match. */
  readonly prefixLengths: number[];
  readonly regexes: readonly LocationMatch[];
  readonly routes: Map<string, ConfigNode | undefined>;
}

/**
 * How many regular-expression locations routing may test in one analysis. Routing runs only for
 * levels whose upstream is a known application; the bound keeps a pathological configuration (many
 * thousands of regex locations, all to such an upstream) from turning quadratic. Past it, routing
 * goes by prefixes alone.
 */
const REGEX_TEST_BUDGET = 200_000;

function matchOf(node: ConfigNode): LocationMatch | undefined {
  const args = node.directive.args;
  const first = args[0]?.value;
  const second = args[1]?.value;
  if (first === undefined) return undefined;
  if (args.length === 1) {
    if (first.startsWith("@")) return { node, kind: "named", path: first };
    if (first.startsWith("=") && first.length > 1) return { node, kind: "exact", path: first.slice(1) };
    return { node, kind: "prefix", path: first };
  }
  if (second === undefined) return undefined;
  if (first === "=") return { node, kind: "exact", path: second };
  if (first === "^~") return { node, kind: "prefix-stop", path: second };
  if (first === "~" || first === "~*") {
    let regex: EndpointPattern | undefined;
    try {
      // RE2's engine (linear time: the configuration's own regexes must not stall the editor). PCRE's
      // (?P<name>...) is RE2's too; PCRE-only syntax (lookaround, backreferences) fails to compile and
      // the location is then taken to match nothing.
      regex = RE2JS.compile(second, first === "~*" ? RE2JS.CASE_INSENSITIVE : 0);
    } catch {
      regex = undefined;
    }
    return { node, kind: "regex", path: second, regex };
  }
  return undefined;
}

/** The location a level belongs to: itself, or the one around an `if`/`limit_except`. */
function locationOf(level: ConfigNode): ConfigNode | undefined {
  let at: ConfigNode | undefined = level;
  while (at && at.directive.name.value !== "location") at = at.parent;
  return at;
}

/** One reason a location is taken to serve WebSockets, as a phrase for messages. */
export type Evidence = string;

export class WebSocketEvidence {
  private readonly upstreams = new Map<string, { host: string; port: number | undefined }[]>();
  /** Routing tables by the block that holds the locations (undefined: a fragment's top level). */
  private readonly routers = new Map<ConfigNode | undefined, Router>();
  private readonly sets = new Map<ConfigNode, Map<string, string>>();
  private readonly serverNames = new Map<ConfigNode, readonly string[]>();
  /** Upstream key and location path of every level with a complete WebSocket setup. */
  private readonly complete = new Map<string, ConfigNode>();
  private regexTests = 0;
  /** All endpoint patterns in one expression: most subjects match none, and one test says so. */
  private readonly anyPattern: EndpointPattern | undefined;

  /**
   * `nodes`: every node of the configuration; `top`: its top level, where a fragment of `location`
   * blocks (a file included in a server) has its locations.
   */
  constructor(
    nodes: readonly ConfigNode[],
    private readonly top: readonly ConfigNode[],
    private readonly patterns: readonly NamedPattern[],
  ) {
    // RE2's engine, like each pattern's: the patterns come from settings a workspace can set.
    this.anyPattern =
      patterns.length > 0
        ? compileEndpointPattern(patterns.map((p) => `(?:${p.source})`).join("|"))
        : undefined;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as ConfigNode;
      if (node.directive.name.value !== "upstream" || !node.directive.block) continue;
      const name = node.directive.args[0]?.value;
      if (name === undefined) continue;
      const servers: { host: string; port: number | undefined }[] = [];
      for (const child of node.children) {
        if (child.directive.name.value !== "server") continue;
        const address = child.directive.args[0]?.value ?? "";
        const m = /^([^:]+|\[[^\]]*\])(?::(\d+))?$/.exec(address);
        if (m) servers.push({ host: (m[1] as string).toLowerCase(), port: m[2] ? Number(m[2]) : undefined });
      }
      this.upstreams.set(name.toLowerCase(), servers);
    }
  }

  /** Records a level whose WebSocket setup is complete, for "the same upstream elsewhere". */
  noteComplete(level: ProxyLevel): void {
    const target = this.targetOf(level);
    const location = locationOf(level.level);
    if (!target || !location) return;
    const key = sameKey(target, location);
    if (!this.complete.has(key)) this.complete.set(key, level.level);
  }

  /** True when the location's path is a WebSocket endpoint, so it serves nothing but handshakes. */
  servesOnlyWebSockets(level: ProxyLevel): boolean {
    const location = locationOf(level.level);
    if (!location) return false;
    return this.pathEvidence(location) !== undefined;
  }

  /**
   * Every reason to think the level serves WebSockets (empty: none), and the location elsewhere whose
   * WebSocket setup is one of them.
   */
  evidenceFor(level: ProxyLevel): { reasons: Evidence[]; elsewhere: ConfigNode | undefined } {
    const out: Evidence[] = [];
    const location = locationOf(level.level);
    const path = location ? this.pathEvidence(location) : undefined;
    if (path) out.push(path);
    const target = this.targetOf(level);
    if (target && location) {
      const upstream = this.upstreamEvidence(location, target) ?? this.serverNameEvidence(location, target);
      if (upstream) out.push(upstream);
      else {
        const pattern = this.patternMatching(target.url);
        if (pattern)
          out.push(`its upstream ${target.url} looks like a WebSocket service (pattern ${pattern})`);
      }
    }
    const key = target && location ? sameKey(target, location) : undefined;
    const other = key !== undefined ? this.complete.get(key) : undefined;
    const elsewhere = other && other !== level.level ? other : undefined;
    if (elsewhere) {
      out.push(
        `the same upstream is proxied at the same path with WebSocket support elsewhere (${describeAt(elsewhere)})`,
      );
    }
    return { reasons: out, elsewhere };
  }

  /** The first endpoint pattern that matches, as written. */
  private patternMatching(subject: string): string | undefined {
    if (!this.anyPattern || !this.anyPattern.test(subject)) return undefined;
    for (const pattern of this.patterns) if (pattern.compiled.test(subject)) return pattern.source;
    return undefined;
  }

  private pathEvidence(location: ConfigNode): Evidence | undefined {
    const args = location.directive.args;
    const subject = args[args.length - 1]?.value ?? "";
    if (subject.startsWith("@")) return undefined;
    const pattern = this.patternMatching(subject);
    if (pattern) return `its path looks like a WebSocket endpoint (pattern ${pattern})`;
    for (let i = 0; i < APP_PATHS.length; i++) {
      const known = APP_PATHS[i] as (typeof APP_PATHS)[number];
      if (known.re.test(subject))
        return `its path is where ${known.app} takes WebSocket connections (${known.path})`;
    }
    return undefined;
  }

  private upstreamEvidence(location: ConfigNode, target: Target): Evidence | undefined {
    const servers = this.upstreams.get(target.host);
    const hosts = [target.host, ...(servers ?? []).map((s) => s.host)];
    const ports = [target.port, ...(servers ?? []).map((s) => s.port)];
    // Most upstreams are no known application: one test of every name and port settles that.
    if (!hosts.some((h) => ANY_NAME.test(h)) && !ports.some((p) => p !== undefined && ANY_PORT.has(p))) {
      return undefined;
    }
    for (const app of APPS) {
      const byName = hosts.find((h) => app.nameRe.test(h));
      const byPort =
        byName === undefined ? ports.find((p) => p !== undefined && app.ports.includes(p)) : undefined;
      if (byName === undefined && byPort === undefined) continue;
      const what = byName !== undefined ? `the name "${byName}"` : `port ${byPort}`;
      const served = this.servedPath(app, location, target);
      if (served === undefined) continue;
      return `its upstream looks like ${app.app} (${what}), whose WebSocket requests (${served}) reach this location`;
    }
    return undefined;
  }

  /**
   * The server is named for a known application (`server_name homeassistant.*`, as linuxserver's
   * samples name theirs) whose WebSocket requests reach this location: the upstream may be a bare
   * address with a port many programs use.
   */
  /**
   * The server's names that look like a known application's, read once per server: a server holds
   * every location, and one with tens of thousands of them must not be read again for each.
   */
  private applicationNames(server: ConfigNode): readonly string[] {
    let names = this.serverNames.get(server);
    if (!names) {
      const found: string[] = [];
      for (const child of server.children) {
        if (child.directive.name.value !== "server_name") continue;
        for (const arg of child.directive.args)
          if (ANY_NAME.test(arg.value)) found.push(arg.value.toLowerCase());
      }
      names = found;
      this.serverNames.set(server, names);
    }
    return names;
  }

  private serverNameEvidence(location: ConfigNode, target: Target): Evidence | undefined {
    let server: ConfigNode | undefined = location.parent;
    while (server && server.directive.name.value !== "server") server = server.parent;
    if (!server) return undefined;
    const names = this.applicationNames(server);
    if (names.length === 0) return undefined;
    for (const app of APPS) {
      const named = names.find((n) => app.nameRe.test(n));
      if (named === undefined) continue;
      const served = this.servedPath(app, location, target);
      if (served === undefined) continue;
      return `its server is named "${named}" like ${app.app}, whose WebSocket requests (${served}) reach this location`;
    }
    return undefined;
  }

  /**
   * One of the application's WebSocket paths that nginx would route to this location, if any. A prefix
   * location whose proxy_pass has a path of its own replaces its prefix by it: the application is
   * mounted there, and its paths are looked for under the prefix too.
   */
  private servedPath(app: App, location: ConfigNode, target: Target): string | undefined {
    const own = matchOf(location);
    const replacesPrefix = /^[^:]+:\/\/[^/]+\//.test(target.url);
    const mount =
      replacesPrefix && own && (own.kind === "prefix" || own.kind === "prefix-stop") && own.path.endsWith("/")
        ? own.path
        : "";
    for (const p of app.paths) {
      const candidates = mount && mount !== "/" ? [p, mount + p.slice(1)] : [p];
      for (const uri of candidates) if (this.routesTo(uri, location)) return uri;
    }
    return undefined;
  }

  /** Whether nginx would hand a request for `uri` to `location` (through the locations around it). */
  private routesTo(uri: string, location: ConfigNode): boolean {
    const parent = location.parent;
    const own = matchOf(location);
    const chosen = this.route(parent, uri);
    if (own?.kind === "named") {
      // A named location is reached through the try_files of the location the request lands in.
      if (!chosen) return false;
      const tryFiles = chosen.children.find((c) => c.directive.name.value === "try_files");
      const last = tryFiles?.directive.args[tryFiles.directive.args.length - 1]?.value;
      return last === own.path;
    }
    if (chosen !== location) return false;
    return parent?.directive.name.value === "location" ? this.routesTo(uri, parent) : true;
  }

  private route(block: ConfigNode | undefined, uri: string): ConfigNode | undefined {
    const router = this.routerOf(block);
    if (router.routes.has(uri)) return router.routes.get(uri);
    let chosen: ConfigNode | undefined = router.exact.get(uri);
    if (!chosen) {
      let longest: LocationMatch | undefined;
      const lengths = router.prefixLengths;
      for (let i = 0; i < lengths.length && !longest; i++) {
        const length = lengths[i] as number;
        if (length <= uri.length) longest = router.prefixes.get(uri.slice(0, length));
      }
      if (longest?.kind === "prefix-stop") chosen = longest.node;
      else {
        for (const r of router.regexes) {
          if (this.regexTests++ > REGEX_TEST_BUDGET) break;
          if (r.regex?.test(uri)) {
            chosen = r.node;
            break;
          }
        }
        chosen ??= longest?.node;
      }
    }
    router.routes.set(uri, chosen);
    return chosen;
  }

  private routerOf(block: ConfigNode | undefined): Router {
    let router = this.routers.get(block);
    if (router) return router;
    const children = block ? block.children : this.top;
    const regexes: LocationMatch[] = [];
    const prefixLengths: number[] = [];
    router = { exact: new Map(), prefixes: new Map(), prefixLengths, regexes, routes: new Map() };
    for (const child of children) {
      if (child.directive.name.value !== "location") continue;
      const m = matchOf(child);
      if (!m) continue;
      if (m.kind === "exact") {
        if (!router.exact.has(m.path)) router.exact.set(m.path, child);
      } else if (m.kind === "prefix" || m.kind === "prefix-stop") {
        if (!router.prefixes.has(m.path)) {
          router.prefixes.set(m.path, m);
          prefixLengths.push(m.path.length);
        }
      } else if (m.kind === "regex") regexes.push(m);
    }
    prefixLengths.sort((a, b) => b - a);
    this.routers.set(block, router);
    return router;
  }

  /** The proxy_pass target, with `$name` parts replaced by the values `set` gives them around it. */
  private targetOf(level: ProxyLevel): Target | undefined {
    let url = level.proxyPass.directive.args[0]?.value ?? "";
    if (url.includes("$")) url = this.resolveVariables(level.level, url);
    const m = /^[a-z$][a-z0-9_${}]*:\/\/(\[[^\]]*\]|[^/:?]+)(?::(\d+))?/i.exec(url);
    if (!m) return undefined;
    const host = (m[1] as string).toLowerCase();
    const port = m[2] ? Number(m[2]) : undefined;
    return { url, host, port, key: port === undefined ? host : `${host}:${port}` };
  }

  private resolveVariables(level: ConfigNode, text: string): string {
    return text.replace(/\$\{?([A-Za-z0-9_]+)\}?/g, (whole, name: string) => {
      for (let at: ConfigNode | undefined = level; at; at = at.parent) {
        const value = this.setsOf(at).get(name);
        if (value !== undefined && !value.includes("$")) return value;
      }
      return whole;
    });
  }

  private setsOf(block: ConfigNode): Map<string, string> {
    let sets = this.sets.get(block);
    if (sets) return sets;
    sets = new Map();
    for (const child of block.children) {
      if (child.directive.name.value !== "set") continue;
      const name = child.directive.args[0]?.value.replace(/^\$/, "");
      const value = child.directive.args[1]?.value;
      // The last `set` of a level is what a request sees after the rewrite phase runs them in order.
      if (name !== undefined && value !== undefined) sets.set(name, value);
    }
    this.sets.set(block, sets);
    return sets;
  }
}

/** "The same upstream at the same path": the target and the location's arguments as written. */
function sameKey(target: Target, location: ConfigNode): string {
  let key = target.key;
  const args = location.directive.args;
  for (let i = 0; i < args.length; i++) key += "\u0000" + (args[i] as { value: string }).value;
  return key;
}

function describeAt(node: ConfigNode): string {
  const d = node.directive;
  const label = [d.name.value, ...d.args.map((a) => a.value)].join(" ");
  let server: ConfigNode | undefined = node.parent;
  while (server && server.directive.name.value !== "server") server = server.parent;
  const serverName = server?.children.find((c) => c.directive.name.value === "server_name")?.directive.args[0]
    ?.value;
  return serverName ? `"${label}" in server ${serverName}` : `"${label}"`;
}
