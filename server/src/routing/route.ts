// route(config, request): which server and location nginx picks for a request, and what it does there,
// as a trace of nginx's own steps in nginx's order. Everything stays in offsets (each step names the
// node it is about); the command line turns nodes into file:line. See README.md beside this file for
// the corner cases and what is not modelled.

import type { ConfigNode, LoadedConfig } from "../analysis/config";
import { effectiveDirectives, effectiveProxyHeaders, type EffectiveDirective } from "./effective";
import {
  buildLocationTable,
  describe,
  findLocation,
  type LocationInfo,
  type LocationTable,
  type SearchResult,
  type SearchStep,
} from "./locations";
import { CONTENT_HANDLERS } from "./handlers";
import { toBytes } from "./regex";
import { expand, runScript, isRedirectCode, type ScriptState, type ScriptStep } from "./script";
import {
  collectServers,
  serverForHost,
  serversByPort,
  socketGroup,
  validateHost,
  type PortEntry,
  type ServerInfo,
  type SocketGroup,
} from "./servers";
import { parseTarget } from "./uri";
import type { HeaderList } from "../analysis/proxy";

/** A request as it reaches nginx. */
export interface RouteRequest {
  readonly method: string;
  readonly scheme: "http" | "https";
  /** The Host header as sent; undefined when there is none. */
  readonly host: string | undefined;
  /** The local port the connection arrives at. */
  readonly port: number;
  /** The local address it arrives at; undefined: the wildcard socket, else the first one on the port. */
  readonly address?: string;
  /** The request target exactly as sent: path and query, nothing decoded. */
  readonly target: string;
  readonly headers?: readonly (readonly [string, string])[];
  /** The TLS server name; it picks the certificate's server, the Host picks the one that answers. */
  readonly sni?: string;
  /** "1.0" requests may omit Host; "1.1" ones may not. */
  readonly httpVersion?: "1.0" | "1.1";
  /** The client's address, for $remote_addr. */
  readonly remoteAddress?: string;
}

export interface RouteOptions {
  /** Case-insensitive builds (macOS, Windows): prefix locations compare and regexes match without case. */
  readonly caseInsensitive?: boolean;
  /** The port of a server without `listen` (80 for nginx run as root, 8000 otherwise). */
  readonly implicitPort?: number;
}

/** One step of the trace: what nginx decided, and the directive it is about. */
export interface RouteStep {
  readonly phase:
    | "listen"
    | "server"
    | "uri"
    | "server-rewrite"
    | "location"
    | "rewrite"
    | "redirect"
    | "error-page"
    | "content";
  readonly text: string;
  readonly node: ConfigNode | undefined;
}

/** How the request ends. */
export type RouteOutcome =
  /** A response nginx itself makes: `return`, a rewrite redirect, the automatic redirect, an error. */
  | {
      readonly kind: "response";
      readonly status: number;
      /** For redirects, the Location header nginx sends (made absolute as nginx does). */
      readonly location?: string;
      /** The body text of `return CODE "text"`. */
      readonly body?: string;
      readonly node: ConfigNode | undefined;
    }
  /** nginx closes the connection without answering (`return 444`). */
  | { readonly kind: "close"; readonly node: ConfigNode }
  /** A content handler answers; what it answers depends on files or an upstream. */
  | { readonly kind: "content"; readonly handler: string; readonly node: ConfigNode | undefined }
  /** Nothing listens on the address and port. */
  | { readonly kind: "no-server" }
  /** The engine cannot tell exactly what nginx does; `why` says what stops it. */
  | { readonly kind: "undecidable"; readonly why: string; readonly node: ConfigNode | undefined };

export interface RouteResult {
  readonly outcome: RouteOutcome;
  readonly steps: readonly RouteStep[];
  readonly server: ConfigNode | undefined;
  /** The location that was chosen last (undefined when none matched or the search was not reached). */
  readonly location: ConfigNode | undefined;
  /** The block whose configuration is in effect at the end: an `if`, a location, or the server. */
  readonly level: ConfigNode | undefined;
  /** The normalized $uri and $args when the target was accepted. */
  readonly uri: string | undefined;
  readonly args: string | undefined;
  readonly effective: readonly EffectiveDirective[];
  /** When a proxy_pass answers: the header list it sends upstream. */
  readonly proxyHeaders: HeaderList | undefined;
  /**
   * When `try_files` ends in a named location: that location, what answers there and the headers it
   * would send upstream, for a request no file matches (its rewrite directives are not run).
   */
  readonly fallback?: {
    readonly location: ConfigNode;
    readonly handler: ConfigNode | undefined;
    readonly effective: readonly EffectiveDirective[];
    readonly proxyHeaders: HeaderList | undefined;
  };
}

/** Said by a step that sent the request back through the phases (an error_page's redirect). */
const FOLLOW = Symbol("follow");

/** nginx's limit on URI changes (rewrites and internal redirects) for one request. */
const MAX_URI_CHANGES = 10;

/** Per configuration: its servers, built once. */
interface Prepared {
  readonly servers: readonly ServerInfo[];
  /** Their IPv4 sockets by port. */
  readonly byPort: ReadonlyMap<number, readonly PortEntry[]>;
  /** The server group of each address and port asked about. */
  readonly groups: Map<string, SocketGroup | undefined>;
}

const prepared = new WeakMap<LoadedConfig, Map<string, Prepared>>();

function prepare(config: LoadedConfig, caseless: boolean, implicitPort: number): Prepared {
  let byOptions = prepared.get(config);
  if (!byOptions) prepared.set(config, (byOptions = new Map()));
  const key = `${caseless}:${implicitPort}`;
  let found = byOptions.get(key);
  if (!found) {
    const servers = collectServers(config.nodes, implicitPort);
    found = { servers, byPort: serversByPort(servers), groups: new Map() };
    byOptions.set(key, found);
  }
  return found;
}

/**
 * Each server's location tables, by configuration and case mode: built when a server is first asked
 * about, apart from the servers' listen sockets (the location search alone needs none of those).
 */
const locationTables = new WeakMap<LoadedConfig, Map<boolean, Map<ConfigNode, LocationTable>>>();

function tableOf(config: LoadedConfig, server: ConfigNode, caseless: boolean): LocationTable {
  let byMode = locationTables.get(config);
  if (!byMode) locationTables.set(config, (byMode = new Map()));
  let tables = byMode.get(caseless);
  if (!tables) byMode.set(caseless, (tables = new Map()));
  let table = tables.get(server);
  if (!table) tables.set(server, (table = buildLocationTable(server.children, caseless)));
  return table;
}

const declaredByConfig = new WeakMap<LoadedConfig, Set<string>>();

/** The names every `set` of the configuration declares. */
function declaredVariables(config: LoadedConfig): Set<string> {
  let names = declaredByConfig.get(config);
  if (!names) {
    names = new Set();
    for (const node of config.allNodes)
      if (node.directive.name.value === "set" && node.directive.args[0]?.value.startsWith("$"))
        names.add(node.directive.args[0].value.slice(1));
    declaredByConfig.set(config, names);
  }
  return names;
}

/** Per block, the last value of each plain directive it writes (read once: a server can hold thousands of statements). */
const ownSettings = new WeakMap<ConfigNode, Map<string, string | undefined>>();

/** The last value of a plain directive in effect at a level ("on"/"off" switches and the like). */
function setting(level: ConfigNode, name: string): string | undefined {
  for (let at: ConfigNode | undefined = level; at; at = at.parent) {
    let own = ownSettings.get(at);
    if (!own) {
      own = new Map();
      for (const child of at.children)
        if (!child.directive.block) own.set(child.directive.name.value, child.directive.args[0]?.value);
      ownSettings.set(at, own);
    }
    if (own.has(name)) return own.get(name);
  }
  return undefined;
}

/** Whether a location is internal: `internal` is inherited by the locations nested in one that has it. */
function isInternal(location: ConfigNode): boolean {
  for (
    let at: ConfigNode | undefined = location;
    at && at.directive.name.value === "location";
    at = at.parent
  )
    if (at.children.some((c) => c.directive.name.value === "internal")) return true;
  return false;
}

/**
 * The location search alone: the block a server's location search picks for a URI (a byte string
 * nginx has already normalized), before any rewrite and without a trace. For callers that ask about
 * thousands of paths and need the whole route() only where the search says something notable.
 */
export function searchLocation(
  config: LoadedConfig,
  server: ConfigNode,
  uri: string,
  options: RouteOptions = {},
): SearchResult {
  const caseless = options.caseInsensitive ?? false;
  return findLocation(tableOf(config, server, caseless), uri, caseless, []);
}

/** Routes one request through a loaded configuration. Never throws for a strange configuration or request. */
export function route(config: LoadedConfig, request: RouteRequest, options: RouteOptions = {}): RouteResult {
  const caseless = options.caseInsensitive ?? false;
  const { servers, byPort, groups } = prepare(config, caseless, options.implicitPort ?? 80);
  const steps: RouteStep[] = [];
  const tableFor = (server: ConfigNode): LocationTable => tableOf(config, server, caseless);
  let server: ConfigNode | undefined;
  let location: ConfigNode | undefined;
  let level: ConfigNode | undefined;
  let uri: string | undefined;
  let args: string | undefined;
  /** The request's state once the rewrite module may change its URI. */
  const live: { state?: ScriptState } = {};
  const finish = (outcome: RouteOutcome): RouteResult => {
    if (live.state) [uri, args] = [live.state.uri, live.state.args];
    const at = level;
    // Read only when asked: a caller that wants the location alone (a check routing every WebSocket
    // location of a large server) does not pay for the merge of every level.
    let effective: readonly EffectiveDirective[] | undefined;
    let proxyHeaders: HeaderList | undefined | null = null;
    return {
      outcome,
      steps,
      server,
      location,
      level,
      uri,
      args,
      get effective() {
        return (effective ??= at ? effectiveDirectives(at) : []);
      },
      get proxyHeaders() {
        if (proxyHeaders === null)
          proxyHeaders =
            outcome.kind === "content" && outcome.handler === "proxy_pass" && outcome.node && at
              ? effectiveProxyHeaders(at, outcome.node)
              : undefined;
        return proxyHeaders;
      },
    };
  };

  const groupKey = `${request.address ?? ""}:${request.port}`;
  if (!groups.has(groupKey)) groups.set(groupKey, socketGroup(byPort, request.address, request.port));
  const group = groups.get(groupKey);
  if (!group) {
    steps.push({
      phase: "listen",
      text:
        servers.length === 0
          ? "the configuration has no server block (a fragment: route the nginx.conf that includes it)"
          : `nothing listens on ${request.address ?? "*"}:${request.port}`,
      node: undefined,
    });
    return finish({ kind: "no-server" });
  }
  const defaultServer = group.defaultServer;
  steps.push({
    phase: "listen",
    text: `${group.address}:${group.port}: ${group.servers.length} server(s) listen here; the default is the one ${group.defaultListen.defaultServer ? "marked default_server" : "listed first"}`,
    node: group.defaultListen.node ?? defaultServer.node,
  });
  server = defaultServer.node;
  level = defaultServer.node;

  // The request line is read before the Host: its checks and merge_slashes come from the default server.
  const mergeSlashes = (setting(defaultServer.node, "merge_slashes") ?? "on") === "on";
  const target = parseTarget(toBytes(request.target), mergeSlashes);
  if (!target.ok) {
    steps.push({ phase: "uri", text: `400: ${target.why}`, node: undefined });
    return finish({ kind: "response", status: 400, node: undefined });
  }
  uri = target.uri;
  args = target.args;
  steps.push({
    phase: "uri",
    text: `$uri is "${target.uri}"${target.hasArgs ? `, $args "${target.args}"` : ""}${mergeSlashes ? "" : " (merge_slashes off)"}`,
    node: undefined,
  });

  let host = "";
  if (request.host !== undefined) {
    const valid = validateHost(request.host);
    if (valid === undefined) {
      steps.push({ phase: "server", text: `400: the Host "${request.host}" is invalid`, node: undefined });
      return finish({ kind: "response", status: 400, node: undefined });
    }
    host = valid;
  } else if ((request.httpVersion ?? "1.1") === "1.1") {
    steps.push({ phase: "server", text: "400: an HTTP/1.1 request without a Host header", node: undefined });
    return finish({ kind: "response", status: 400, node: undefined });
  }
  const chosen = serverForHost(group, host);
  if (chosen.match.how === "undecidable") {
    steps.push({ phase: "server", text: chosen.match.why, node: undefined });
    return finish({ kind: "undecidable", why: chosen.match.why, node: undefined });
  }
  const how =
    chosen.match.how === "default"
      ? `no name matches "${host}": the default server`
      : `${chosen.match.how.replace("-", " ")} name "${chosen.match.name}"`;
  steps.push({ phase: "server", text: how, node: chosen.server.nameNodes[0] ?? chosen.server.node });
  server = chosen.server.node;
  level = server;
  const serverName = (chosen.server.names[0] ?? "").startsWith("~") ? "" : (chosen.server.names[0] ?? "");
  if (request.sni !== undefined && request.sni.toLowerCase() !== host && host !== "")
    steps.push({
      phase: "server",
      text: `the TLS name "${request.sni}" only picks the certificate; the Host picks the server`,
      node: undefined,
    });

  const state: ScriptState = {
    uri: target.uri,
    args: target.args,
    hasArgs: target.hasArgs,
    method: request.method,
    rawTarget: toBytes(request.target),
    headers: (request.headers ?? []).map(([n, v]) => [n.toLowerCase(), toBytes(v)] as const),
    host,
    serverName,
    scheme: request.scheme,
    serverPort: request.port,
    serverAddress: request.address,
    remoteAddress: request.remoteAddress,
    quotedTarget: /[%+]/.test(request.target.split("?")[0] ?? ""),
    captures: [],
    variables: new Map(),
    declared: declaredVariables(config),
    unknown: new Set(),
    internal: false,
  };
  live.state = state;
  const table = tableFor(server);
  let changes = MAX_URI_CHANGES;
  let errorPageUsed = false;
  /** The status an error_page keeps for the answer (0: the answer's own), once one was followed. */
  let errorStatus: number | undefined;
  const redirectLocation = (text: string, at: ConfigNode): string => {
    if (!text.startsWith("/") || (setting(at, "absolute_redirect") ?? "on") === "off") return text;
    const nameInRedirect = (setting(at, "server_name_in_redirect") ?? "off") === "on";
    const hostPart = nameInRedirect ? serverName : host !== "" ? host : (request.address ?? group.address);
    const portOn = (setting(at, "port_in_redirect") ?? "on") === "on";
    const standard = request.scheme === "https" ? 443 : 80;
    const port = portOn && request.port !== standard ? `:${request.port}` : "";
    return `${request.scheme}://${hostPart}${port}${text}`;
  };

  // The phases repeat after an internal redirect (from the server rewrite phase) or a `rewrite ... last`
  // (from the location search).
  let startAt: "server-rewrite" | "find" | "rewrite" = "server-rewrite";
  let named: LocationInfo | undefined;
  for (;;) {
    if (startAt === "server-rewrite") {
      const outcome = runScript(server, state, scriptSteps("server-rewrite"));
      const ended = handleScript(outcome, "server-rewrite");
      if (ended === FOLLOW) continue;
      if (ended) return ended;
      startAt = "find";
    }
    let current: LocationInfo | undefined = named;
    if (startAt === "find") {
      const searchSteps: SearchStep[] = [];
      const found = findLocation(table, state.uri, caseless, searchSteps);
      for (const s of searchSteps) steps.push({ phase: "location", text: s.text, node: s.node });
      if (found.kind === "undecidable") {
        steps.push({ phase: "location", text: found.why, node: undefined });
        return finish({ kind: "undecidable", why: found.why, node: undefined });
      }
      if (found.kind === "none") {
        steps.push({
          phase: "location",
          text: `no location matches "${state.uri}": the server's own configuration serves it`,
          node: server,
        });
        location = undefined;
        level = server;
        return finish({ kind: "content", handler: "static files of the server", node: undefined });
      }
      current = found.location;
      location = current.node;
      level = current.node;
      if (!state.internal && isInternal(current.node)) {
        steps.push({
          phase: "location",
          text: `${describe(current)} is internal: 404 for a request from outside`,
          node: current.node,
        });
        const page = errorPage(404, current.node);
        if (page === FOLLOW) continue;
        if (page) return page;
        return finish({ kind: "response", status: 404, node: current.node });
      }
      if (found.kind === "auto-redirect") {
        // nginx sends the location's own name (with the arguments), made absolute like any redirect.
        const relative = `${current.name}${state.args !== "" ? `?${state.args}` : ""}`;
        const absolute = redirectLocation(relative, current.node);
        steps.push({ phase: "redirect", text: `301 to "${absolute}"`, node: current.node });
        return finish({ kind: "response", status: 301, location: absolute, node: current.node });
      }
      if (found.groups.length > 0) state.captures = found.groups;
    }
    named = undefined;
    if (!current) return finish({ kind: "undecidable", why: "no location to run", node: undefined });
    const outcome = runScript(current.node, state, scriptSteps("rewrite"));
    const ended = handleScript(outcome, "rewrite");
    if (ended === FOLLOW) continue;
    if (ended) return ended;
    if (outcome.kind === "last" || (outcome.kind === "end" && outcome.uriChanged)) {
      if (--changes <= 0) {
        steps.push({ phase: "rewrite", text: "500: the URI changed more than ten times", node: undefined });
        return finish({ kind: "response", status: 500, node: undefined });
      }
      startAt = "find";
      continue;
    }
    // The content phase: what serves the request depends on files or an upstream.
    const at = outcome.kind === "end" || outcome.kind === "break" ? outcome.level : current.node;
    level = at;
    const home = at.directive.name.value === "if" ? at : current.node;
    const handler =
      home.children.find((c) => CONTENT_HANDLERS.has(c.directive.name.value)) ??
      current.node.children.find((c) => CONTENT_HANDLERS.has(c.directive.name.value));
    if (handler?.directive.name.value === "try_files") {
      const branches = handler.directive.args.map((a) => a.value);
      steps.push({
        phase: "content",
        text: `stops here: try_files depends on files (tries ${branches.slice(0, -1).join(", ")}, else ${branches[branches.length - 1] ?? "nothing"})`,
        node: handler,
      });
      // The last branch is where a request goes when no file matches: name the block it reaches.
      const last = branches[branches.length - 1] ?? "";
      const fallback = last.startsWith("@") ? tableFor(server).named.get(last) : undefined;
      if (fallback) {
        const pass = fallback.node.children.find((c) => CONTENT_HANDLERS.has(c.directive.name.value));
        steps.push({
          phase: "content",
          text: `when no file matches: ${describe(fallback)}${pass ? `, answered by ${pass.directive.name.value} ${pass.directive.args.map((a) => a.value).join(" ")}` : ""}`,
          node: fallback.node,
        });
        const result = finish({ kind: "content", handler: "try_files", node: handler });
        const fallbackNode = fallback.node;
        // Built when read, like the effective directives.
        Object.defineProperty(result, "fallback", {
          enumerable: true,
          get: () => ({
            location: fallbackNode,
            handler: pass,
            effective: effectiveDirectives(fallbackNode),
            proxyHeaders:
              pass?.directive.name.value === "proxy_pass"
                ? effectiveProxyHeaders(fallbackNode, pass)
                : undefined,
          }),
        });
        return result;
      } else if (/^=\d{3}$/.test(last))
        steps.push({ phase: "content", text: `when no file matches: ${last.slice(1)}`, node: handler });
      else if (last.startsWith("/"))
        steps.push({
          phase: "content",
          text: `when no file matches: an internal redirect to "${last}"`,
          node: handler,
        });
      return finish({ kind: "content", handler: "try_files", node: handler });
    }
    steps.push({
      phase: "content",
      text: handler
        ? `${handler.directive.name.value} ${handler.directive.args.map((a) => a.value).join(" ")} answers`
        : "static files (root/alias) answer",
      node: handler,
    });
    return finish({ kind: "content", handler: handler?.directive.name.value ?? "static", node: handler });
  }

  /** Lands the rewrite module's steps in the trace under a phase. */
  function scriptSteps(phase: "server-rewrite" | "rewrite"): (step: ScriptStep) => void {
    return (step) => steps.push({ phase, ...step });
  }

  function handleScript(
    outcome: ReturnType<typeof runScript>,
    phase: "server-rewrite" | "rewrite",
  ): RouteResult | typeof FOLLOW | undefined {
    switch (outcome.kind) {
      case "undecidable":
        steps.push({ phase, text: outcome.why, node: outcome.node });
        return finish({ kind: "undecidable", why: outcome.why, node: outcome.node });
      case "return": {
        level = outcome.level;
        if (outcome.status === 444) return finish({ kind: "close", node: outcome.node });
        if (isRedirectCode(outcome.status) && outcome.text !== undefined)
          return finish({
            kind: "response",
            status: outcome.status,
            location: redirectLocation(outcome.text, outcome.level),
            node: outcome.node,
          });
        if (outcome.text === undefined && outcome.status >= 300) {
          const page = errorPage(outcome.status, outcome.level);
          if (page) return page;
        }
        // After an error_page redirect nginx answers a body with the error's status (unless "=" said otherwise).
        const status =
          outcome.text !== undefined && errorStatus !== undefined && errorStatus !== 0
            ? errorStatus
            : outcome.status;
        return finish({
          kind: "response",
          status,
          // A HEAD request gets the headers only.
          ...(outcome.text !== undefined && state.method !== "HEAD" ? { body: outcome.text } : {}),
          node: outcome.node,
        });
      }
      default:
        return undefined;
    }
  }

  /**
   * Looks up an error_page for a status at a level. A URI is an internal redirect (the phases start
   * again from the server's rewrites, as GET), a named location runs from its own rewrites, a URL is a
   * redirect. Once per request unless recursive_error_pages is on.
   */
  function errorPage(status: number, at: ConfigNode): RouteResult | typeof FOLLOW | undefined {
    if (errorPageUsed && (setting(at, "recursive_error_pages") ?? "off") !== "on") return undefined;
    const pages = effectiveDirectives(at).filter((d) => d.name === "error_page");
    for (const page of pages) {
      const words = [...page.args];
      const uriArg = words.pop();
      let overwrite: number | undefined;
      if (words.length > 0 && (words[words.length - 1] as string).startsWith("=")) {
        const eq = words.pop() as string;
        overwrite = eq === "=" ? 0 : Number(eq.slice(1));
      }
      if (!words.includes(String(status)) || uriArg === undefined) continue;
      errorPageUsed = true;
      if (--changes <= 0) {
        steps.push({
          phase: "error-page",
          text: "500: the URI changed more than ten times",
          node: page.node,
        });
        return finish({ kind: "response", status: 500, node: page.node });
      }
      const expanded = expand(state, uriArg);
      if (!expanded.ok) {
        steps.push({ phase: "error-page", text: expanded.why, node: page.node });
        return finish({ kind: "undecidable", why: expanded.why, node: page.node });
      }
      const value = expanded.value;
      errorStatus = overwrite ?? status;
      steps.push({ phase: "error-page", text: `error_page ${status} -> ${value}`, node: page.node });
      state.internal = true;
      if (value.startsWith("/")) {
        const question = value.indexOf("?");
        state.uri = question < 0 ? value : value.slice(0, question);
        state.args = question < 0 ? "" : value.slice(question + 1);
        if (state.method !== "HEAD") state.method = "GET";
        startAt = "server-rewrite";
        return FOLLOW;
      }
      if (value.startsWith("@")) {
        const target = tableFor(server as ConfigNode).named.get(value);
        if (!target) return finish({ kind: "response", status: 500, node: page.node });
        named = target;
        location = target.node;
        level = target.node;
        startAt = "rewrite";
        return FOLLOW;
      }
      const redirect = overwrite !== undefined && isRedirectCode(overwrite) ? overwrite : 302;
      return finish({ kind: "response", status: redirect, location: value, node: page.node });
    }
    return undefined;
  }
}
