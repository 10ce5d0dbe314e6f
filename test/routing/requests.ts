// The requests the oracle sends to a configuration: paths made from its locations (each name, one
// character more and less, a doubled or encoded slash, encoded dots, the case flipped, a query) and
// Host values made from its server names (exact, a name a wildcard matches, absent, unknown, with a
// port, a trailing dot, upper case). Deterministic for a configuration, and capped.

import type { ConfigNode, LoadedConfig } from "../../server/src/analysis/config";
import { walk } from "../../server/src/analysis/config";
import type { OracleRequest } from "./oracle";

/** Whether a text holds a space or a control character (not sent: the request line would break). */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** A literal path a regex location probably matches: its leading literal part, one per alternative. */
function samplesOfRegex(pattern: string): string[] {
  const body = pattern.replace(/^\^/, "");
  const group = /^([^()[\]\\*+?|{}.$]*)\((?:\?:)?([^()]*)\)/.exec(body);
  if (group)
    return (group[2] as string).split("|").map((alt) => `${group[1]}${alt.replace(/[\\^$*+?]/g, "")}`);
  const literal = /^[^()[\]*+?|{}$]*/.exec(body.replace(/\\\./g, "."))?.[0] ?? "";
  const suffix = /\\\.([A-Za-z0-9|()]+)\$?$/.exec(pattern);
  const out = [literal];
  if (suffix)
    for (const ext of (suffix[1] as string).replace(/[()]/g, "").split("|")) out.push(`/x/file.${ext}`);
  return out.filter((s) => s.startsWith("/"));
}

/** Paths worth asking for, given a configuration's location names. */
export function pathsFor(config: LoadedConfig, extra: readonly string[] = []): string[] {
  const names = new Set<string>(["/", "/zz", ...extra]);
  walk(config.nodes, (node) => {
    if (node.directive.name.value !== "location") return;
    const args = node.directive.args.map((a) => a.value);
    const last = args[args.length - 1] ?? "";
    if (last.startsWith("@")) return;
    const isRegex = args[0] === "~" || args[0] === "~*" || (args.length === 1 && last.startsWith("~"));
    if (isRegex) for (const s of samplesOfRegex(last.replace(/^~\*?/, ""))) names.add(s);
    else names.add(last.replace(/^(=|\^~)/, ""));
  });
  const paths = new Set<string>();
  for (const name of names) {
    if (!name.startsWith("/") || /[\s"]/.test(name)) continue;
    paths.add(name);
    paths.add(`${name}x`);
    if (name.length > 1) paths.add(name.slice(0, -1));
    paths.add(name.endsWith("/") ? `${name}sub/file` : `${name}/`);
    paths.add(`${name}?a=1&b=2`);
    paths.add(name.replace(/^\//, "//"));
    paths.add(name.toUpperCase());
    if (name.length > 2) paths.add(name.replace(/\/([^/]*)$/, "%2F$1"));
    paths.add(`/x/..${name}`);
    paths.add(`/%2e%2e${name}`);
    paths.add(`${name.replace(/\/$/, "")}/./`);
    if (name.length > 1)
      paths.add(`${name.slice(0, 1)}%${name.charCodeAt(1).toString(16).toUpperCase()}${name.slice(2)}`);
  }
  return [...paths].filter((p) => !hasControl(p));
}

/** Host values worth sending, from the server names (undefined: no Host at all). */
export function hostsFor(config: LoadedConfig, extra: readonly string[] = []): (string | undefined)[] {
  const hosts = new Set<string | undefined>([undefined, "unknown.invalid", ...extra]);
  walk(config.nodes, (node: ConfigNode) => {
    if (node.directive.name.value !== "server_name") return;
    for (const arg of node.directive.args) {
      const name = arg.value;
      if (name === "" || name === "_" || name.startsWith("~") || name.startsWith("$")) continue;
      if (name.startsWith("*.")) hosts.add(`a${name.slice(1)}`);
      else if (name.startsWith(".")) {
        hosts.add(name.slice(1));
        hosts.add(`b${name}`);
      } else if (name.endsWith(".*")) hosts.add(`${name.slice(0, -2)}.org`);
      else {
        hosts.add(name);
        hosts.add(name.toUpperCase());
        hosts.add(`${name}:8443`);
        hosts.add(`${name}.`);
      }
    }
  });
  return [...hosts].filter((h) => h === undefined || (!hasControl(h) && !h.includes("$")));
}

/** A deterministic mix of ports, hosts and paths, at most `cap` requests. */
export function requestsFor(
  config: LoadedConfig,
  ports: readonly number[],
  options: {
    paths?: readonly string[];
    hosts?: readonly string[];
    cap?: number;
    methods?: readonly string[];
  } = {},
): OracleRequest[] {
  const paths = pathsFor(config, options.paths);
  const hosts = hostsFor(config, options.hosts);
  const methods = options.methods ?? ["GET"];
  const out: OracleRequest[] = [];
  const seen = new Set<string>();
  const add = (request: OracleRequest): void => {
    const key = `${request.method} ${request.port} ${request.host ?? "-"} ${request.target}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(request);
    }
  };
  let turn = 0;
  for (const port of ports) {
    // Every path against the first named host, every host against a few paths.
    const main = hosts.find((h) => h !== undefined && h !== "unknown.invalid") ?? "localhost";
    for (const target of paths)
      add({ method: methods[turn++ % methods.length] as string, target, host: main, port });
    for (const host of hosts)
      for (const target of paths.filter((_, i) => i % Math.max(1, Math.floor(paths.length / 4)) === 0))
        add({ method: "GET", target, host, port });
  }
  const cap = options.cap ?? 400;
  if (out.length <= cap) return out;
  // Keep an even spread rather than the first ones.
  const step = out.length / cap;
  return Array.from({ length: cap }, (_, i) => out[Math.floor(i * step)] as OracleRequest);
}
