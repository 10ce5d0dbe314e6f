// Requests to ask route() about, for the editor's routing preview and the endpoint rule: one that
// reaches a given server (through its first listen and a name that picks it), and the paths at the
// edges of a location's own path (the path itself, one level inside it, without its final slash, one
// character past it), where another location most often takes over. These only choose what to ask;
// which block answers is always route()'s answer.

import type { ConfigNode } from "../analysis/config";
import type { RouteRequest } from "./route";
import { parseListen, type ListenSocket } from "./servers";

/** The server block a node is in, if any. */
export function serverOf(node: ConfigNode): ConfigNode | undefined {
  let at = node.parent;
  while (at && at.directive.name.value !== "server") at = at.parent;
  return at;
}

/** A Host that picks this server by one of its names: an exact one, else one a wildcard covers. */
function hostFor(server: ConfigNode): string | undefined {
  const names = server.children
    .filter((c) => c.directive.name.value === "server_name")
    .flatMap((c) => c.directive.args.map((a) => a.value.toLowerCase()));
  const exact = names.find((n) => n !== "" && n !== "_" && !/[*~$]/.test(n) && !n.startsWith("."));
  if (exact) return exact;
  for (const name of names) {
    if (name.startsWith(".") && name.length > 1) return name.slice(1);
    if (name.startsWith("*.") && name.length > 2) return `www.${name.slice(2)}`;
    if (name.endsWith(".*") && name.length > 2) return `${name.slice(0, -2)}.com`;
  }
  return undefined;
}

/** How a server is reached: its first IPv4 listen socket and a Host that picks it. */
interface Entrance {
  readonly socket: ListenSocket;
  readonly host: string | undefined;
}

/**
 * Read once per server: a server can hold tens of thousands of locations, and asking about each must
 * not read its list of statements again.
 */
const entrances = new WeakMap<ConfigNode, Entrance | null>();

function entranceOf(server: ConfigNode): Entrance | null {
  let entrance = entrances.get(server);
  if (entrance !== undefined) return entrance;
  const listens = server.children.filter((c) => c.directive.name.value === "listen");
  const socket = (listens.length > 0 ? listens : [undefined])
    .map((listen) => parseListen(listen, 80))
    .find((s) => s.family === "ipv4");
  entrance = socket ? { socket, host: hostFor(server) } : null;
  entrances.set(server, entrance);
  return entrance;
}

/**
 * A request for `target` that arrives at the server's first IPv4 listen socket with a Host that picks
 * it (HTTP/1.0 without a Host when it has no usable name, which reaches the socket's default server).
 * Undefined for a server that listens only on IPv6 or a UNIX socket.
 */
export function requestToServer(
  server: ConfigNode,
  target: string,
  headers: readonly (readonly [string, string])[] = [],
): RouteRequest | undefined {
  const entrance = entranceOf(server);
  if (!entrance) return undefined;
  const { socket, host } = entrance;
  return {
    method: "GET",
    scheme: socket.ssl ? "https" : "http",
    host,
    port: socket.port,
    address: socket.address === "*" ? undefined : socket.address,
    target,
    headers,
    httpVersion: host === undefined ? "1.0" : "1.1",
  };
}

/** The URL a request stands for: scheme, Host (or the socket's address) with a port unless the default. */
export function urlOf(request: RouteRequest): string {
  const defaultPort = request.scheme === "https" ? 443 : 80;
  const host = request.host ?? request.address ?? "localhost";
  const port = request.port === defaultPort || /:\d+$/.test(host) ? "" : `:${request.port}`;
  return `${request.scheme}://${host}${port}${request.target}`;
}

/** A path to ask about, and what it probes. */
export interface SamplePath {
  readonly path: string;
  readonly why: "own" | "inside" | "no-slash" | "longer";
}

/** Characters that end the literal start of a regular expression. */
const REGEX_META = new Set([..."^$.[]()*+?{}|\\"]);

/** One character of a pattern read as literal text: itself, or escaped punctuation; undefined otherwise. */
function literalAt(pattern: string, i: number): { text: string; next: number } | undefined {
  const c = pattern[i] as string;
  if (c === "\\") {
    const escaped = pattern[i + 1];
    return escaped !== undefined && /[./\-_~]/.test(escaped) ? { text: escaped, next: i + 2 } : undefined;
  }
  return REGEX_META.has(c) ? undefined : { text: c, next: i + 1 };
}

/**
 * The literal text a regex location's pattern starts with after `^` (escaped punctuation included,
 * and the first alternative of a group of plain words: `^/(api|socket)` starts with `/api`).
 */
function literalStart(pattern: string): string | undefined {
  if (!pattern.startsWith("^")) return undefined;
  let out = "";
  let i = 1;
  while (i < pattern.length) {
    const literal = literalAt(pattern, i);
    if (literal) {
      out += literal.text;
      i = literal.next;
      continue;
    }
    if (pattern[i] !== "(") break;
    // A group of plain alternatives: follow its first one.
    let j = pattern.startsWith("(?:", i) ? i + 3 : i + 1;
    let first = "";
    let inFirst = true;
    while (j < pattern.length && pattern[j] !== ")") {
      if (pattern[j] === "|") {
        inFirst = false;
        j++;
        continue;
      }
      const inner = literalAt(pattern, j);
      if (!inner) return out.startsWith("/") ? out : undefined;
      if (inFirst) first += inner.text;
      j = inner.next;
    }
    // A group that is optional or repeated (`(a|b)?`) may match nothing: stop before it.
    if (j >= pattern.length || /[?*+{]/.test(pattern[j + 1] ?? "")) break;
    out += first;
    i = j + 1;
  }
  return out.startsWith("/") ? out : undefined;
}

/** The paths at the edges of a location's own path; none for a named location or an opaque regex. */
export function samplePaths(location: ConfigNode): SamplePath[] {
  const args = location.directive.args.map((a) => a.value);
  const [first, second] = args;
  if (first === undefined) return [];
  const modifier = second !== undefined ? first : "";
  const name = second ?? first;
  if (name.startsWith("@")) return [];
  const samples: SamplePath[] = [];
  const add = (path: string, why: SamplePath["why"]) => {
    if (path.startsWith("/") && !samples.some((s) => s.path === path)) samples.push({ path, why });
  };
  if (modifier === "~" || modifier === "~*") {
    const literal = literalStart(name);
    if (literal === undefined) return [];
    add(literal, "own");
    add(literal.endsWith("/") ? `${literal}x` : `${literal}/x`, "inside");
    return samples;
  }
  add(name, "own");
  if (modifier === "=") {
    add(`${name}x`, "longer");
    return samples;
  }
  if (name.endsWith("/")) {
    add(`${name}x`, "inside");
    if (name.length > 1) add(name.slice(0, -1), "no-slash");
  } else {
    add(`${name}/x`, "inside");
    add(`${name}x`, "longer");
  }
  return samples;
}
