// Which server block a request reaches: the listen socket first (a specific address beats the wildcard
// on the same port, and only the servers listening on that very socket take part), then the Host
// (ngx_http_validate_host's rules), then nginx's name order: exact names, the longest leading
// wildcard, the longest trailing wildcard, regexes in the order written, and finally the socket's
// default server (the one marked `default_server`, else the first one listening there).

import type { ConfigNode } from "../analysis/config";
import { compileNginxRegex, execNginxRegex, type NginxRegex } from "./regex";

/** One socket a `listen` names, as nginx groups servers by it. */
export interface ListenSocket {
  /** "*" for the wildcard address, else the IPv4 text; IPv6 and unix sockets are kept but never match. */
  readonly address: string;
  readonly port: number;
  readonly family: "ipv4" | "ipv6" | "unix";
  readonly defaultServer: boolean;
  readonly ssl: boolean;
  /** The `listen` directive, or undefined for a server without one (nginx's implied `*:80`). */
  readonly node: ConfigNode | undefined;
}

/** A server block with what routing needs of it. */
export interface ServerInfo {
  readonly node: ConfigNode;
  readonly index: number;
  readonly sockets: readonly ListenSocket[];
  /** The names in the order written, lower-cased (regexes keep their case); "" when none is written. */
  readonly names: readonly string[];
  readonly nameNodes: readonly ConfigNode[];
}

/** Reads one `listen` directive's socket. */
export function parseListen(node: ConfigNode | undefined, implicitPort: number): ListenSocket {
  if (!node)
    return { address: "*", port: implicitPort, family: "ipv4", defaultServer: false, ssl: false, node };
  const args = node.directive.args.map((a) => a.value);
  const first = args[0] ?? "";
  const params = new Set(args.slice(1));
  const defaultServer = params.has("default_server") || params.has("default");
  const ssl = params.has("ssl");
  const base = { defaultServer, ssl, node };
  if (first.startsWith("unix:")) return { ...base, address: first, port: 0, family: "unix" };
  if (first.startsWith("[")) {
    const close = first.indexOf("]");
    const port = first.slice(close + 1).startsWith(":") ? Number(first.slice(close + 2)) : 80;
    return { ...base, address: first.slice(0, close + 1), port, family: "ipv6" };
  }
  if (/^\d+$/.test(first)) return { ...base, address: "*", port: Number(first), family: "ipv4" };
  const colon = first.lastIndexOf(":");
  const host = colon >= 0 ? first.slice(0, colon) : first;
  const port = colon >= 0 ? Number(first.slice(colon + 1)) : 80;
  const address = host === "*" || host === "0.0.0.0" ? "*" : host === "localhost" ? "127.0.0.1" : host;
  return { ...base, address, port, family: "ipv4" };
}

/** The server blocks of an `http` block (or of a fragment's top level), in order. */
export function collectServers(top: readonly ConfigNode[], implicitPort: number): ServerInfo[] {
  const servers: ServerInfo[] = [];
  const visit = (nodes: readonly ConfigNode[]): void => {
    for (const node of nodes) {
      const name = node.directive.name.value;
      if (name === "http") visit(node.children);
      else if (
        name === "server" &&
        node.directive.block &&
        (node.context === "http" || node.context.startsWith("http"))
      )
        servers.push(describeServer(node, servers.length, implicitPort));
    }
  };
  visit(top);
  return servers;
}

function describeServer(node: ConfigNode, index: number, implicitPort: number): ServerInfo {
  const listens = node.children.filter((c) => c.directive.name.value === "listen");
  const sockets =
    listens.length > 0
      ? listens.map((l) => parseListen(l, implicitPort))
      : [parseListen(undefined, implicitPort)];
  const nameNodes = node.children.filter((c) => c.directive.name.value === "server_name");
  const names: string[] = [];
  for (const n of nameNodes)
    for (const arg of n.directive.args)
      names.push(arg.value.startsWith("~") ? arg.value : arg.value.toLowerCase());
  return { node, index, sockets, names: names.length > 0 ? names : [""], nameNodes };
}

/** The servers listening on the socket a connection to address:port arrives at. */
export interface SocketGroup {
  readonly address: string;
  readonly port: number;
  readonly servers: readonly ServerInfo[];
  readonly defaultServer: ServerInfo;
  /** The listen that made the default server the default (or its first listen on the socket). */
  readonly defaultListen: ListenSocket;
  readonly ssl: boolean;
}

/** One IPv4 socket a server listens on. */
export interface PortEntry {
  readonly server: ServerInfo;
  readonly socket: ListenSocket;
}

/**
 * The IPv4 sockets of every server by port, in the order written: read once per configuration, so
 * finding a port's servers does not walk every server (thousands of servers each on a port of its
 * own would otherwise make routing each of them quadratic).
 */
export function serversByPort(servers: readonly ServerInfo[]): Map<number, PortEntry[]> {
  const byPort = new Map<number, PortEntry[]>();
  for (const server of servers)
    for (const socket of server.sockets) {
      if (socket.family !== "ipv4") continue;
      let list = byPort.get(socket.port);
      if (!list) byPort.set(socket.port, (list = []));
      list.push({ server, socket });
    }
  return byPort;
}

/**
 * The group of servers a connection to `address:port` is handled by, or undefined when nothing
 * listens there. An undefined address means "the wildcard socket if there is one, else the first
 * specific address listening on the port".
 */
export function socketGroup(
  byPort: ReadonlyMap<number, readonly PortEntry[]>,
  address: string | undefined,
  port: number,
): SocketGroup | undefined {
  const onPort = byPort.get(port) ?? [];
  if (onPort.length === 0) return undefined;
  let chosen: string;
  if (address !== undefined && onPort.some((e) => e.socket.address === address)) chosen = address;
  else if (onPort.some((e) => e.socket.address === "*")) chosen = "*";
  else if (address === undefined) chosen = (onPort[0] as { socket: ListenSocket }).socket.address;
  else return undefined;
  const entries = onPort.filter((e) => e.socket.address === chosen);
  // A port can have tens of thousands of servers: each is kept once, in order, without a scan.
  const members = [...new Set(entries.map((e) => e.server))];
  const marked = entries.find((e) => e.socket.defaultServer) ?? (entries[0] as (typeof entries)[number]);
  return {
    address: chosen,
    port,
    servers: members,
    defaultServer: marked.server,
    defaultListen: marked.socket,
    ssl: entries.some((e) => e.socket.ssl),
  };
}

/** A Host header as nginx validates it: lower-cased, port and trailing dot removed; undefined when invalid. */
export function validateHost(raw: string): string | undefined {
  let dotAt = -2;
  let hostLength = raw.length;
  let state: "usual" | "literal" | "rest" = "usual";
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    const code = raw.charCodeAt(i);
    if (ch === ".") {
      if (dotAt === i - 1) return undefined;
      dotAt = i;
    } else if (ch === ":") {
      if (state === "usual") {
        hostLength = i;
        state = "rest";
      }
    } else if (ch === "[") {
      if (i === 0) state = "literal";
    } else if (ch === "]") {
      if (state === "literal") {
        hostLength = i + 1;
        state = "rest";
      }
    } else if (code === 0 || ch === "/" || code < 0x20 || code === 0x7f) {
      return undefined;
    }
  }
  if (dotAt === hostLength - 1) hostLength--;
  if (hostLength <= 0) return undefined;
  return raw.slice(0, hostLength).toLowerCase();
}

/** How a server was chosen by name. */
export type NameMatch =
  | { readonly how: "exact" | "leading-wildcard" | "trailing-wildcard"; readonly name: string }
  | { readonly how: "regex"; readonly name: string; readonly groups: readonly (string | undefined)[] }
  | { readonly how: "default" }
  | { readonly how: "undecidable"; readonly why: string };

/** A socket's names sorted by kind once, so a lookup does not walk every server each time. */
interface NameIndex {
  readonly exact: Map<string, { server: ServerInfo; name: string }>;
  readonly leading: { server: ServerInfo; name: string; suffix: string }[];
  readonly trailing: { server: ServerInfo; name: string; prefix: string }[];
  readonly regexes: { server: ServerInfo; name: string }[];
}

const indexes = new WeakMap<SocketGroup, NameIndex>();

function indexOf(group: SocketGroup): NameIndex {
  let index = indexes.get(group);
  if (index) return index;
  index = { exact: new Map(), leading: [], trailing: [], regexes: [] };
  for (const server of group.servers)
    for (const name of server.names) {
      if (name.startsWith("~")) index.regexes.push({ server, name });
      else if (name.startsWith("*.")) index.leading.push({ server, name, suffix: name.slice(1) });
      else if (name.endsWith(".*")) index.trailing.push({ server, name, prefix: name.slice(0, -1) });
      else if (!name.includes("*")) {
        // A ".example.com" name also stands for "example.com"; the first server to claim a name keeps it.
        const exact = name.startsWith(".") ? name.slice(1) : name;
        if (!index.exact.has(exact)) index.exact.set(exact, { server, name });
        if (name.startsWith(".")) index.leading.push({ server, name, suffix: name });
      }
    }
  indexes.set(group, index);
  return index;
}

/** Picks the server for a (validated) host among a socket's servers, in nginx's order. */
export function serverForHost(group: SocketGroup, host: string): { server: ServerInfo; match: NameMatch } {
  const fallback = { server: group.defaultServer, match: { how: "default" } as NameMatch };
  const index = indexOf(group);
  const exact = index.exact.get(host);
  if (exact) return { server: exact.server, match: { how: "exact", name: exact.name } };
  if (host === "") return fallback;
  let best: { server: ServerInfo; name: string; size: number } | undefined;
  for (const { server, name, suffix } of index.leading)
    if (
      suffix.length >= 2 &&
      host.endsWith(suffix) &&
      host.length > suffix.length &&
      (!best || suffix.length > best.size)
    )
      best = { server, name, size: suffix.length };
  if (best) return { server: best.server, match: { how: "leading-wildcard", name: best.name } };
  for (const { server, name, prefix } of index.trailing)
    if (host.startsWith(prefix) && host.length > prefix.length && (!best || prefix.length > best.size))
      best = { server, name, size: prefix.length };
  if (best) return { server: best.server, match: { how: "trailing-wildcard", name: best.name } };
  for (const { server, name } of index.regexes) {
    const outcome = execNginxRegex(serverNameRegex(name.slice(1)), host);
    if (outcome.kind === "undecidable")
      return { server: group.defaultServer, match: { how: "undecidable", why: outcome.why } };
    if (outcome.kind === "match") return { server, match: { how: "regex", name, groups: outcome.groups } };
  }
  return fallback;
}

/** A regex server name is caseless exactly when it holds an upper-case letter (the host is lower-cased). */
function serverNameRegex(pattern: string): NginxRegex {
  return compileNginxRegex(pattern, /[A-Z]/.test(pattern));
}
