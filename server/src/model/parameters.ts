// The named parameters nginx parses itself after a directive's first argument: `listen` (http),
// `server` in an http or stream `upstream`, `resolver`. Facts from each directive's handler in the
// nginx source (which words it compares against) and from nginx's change log (when each arrived or
// left); the parameters of the commercial NGINX Plus are marked so. `test/e2e/parameters.test.ts`
// asks the real nginx 1.22.1 about every one.

import { compareVersions, parseVersion, type Version } from "./version";

/** One parameter: a bare word (`ssl`) or a `name=` prefix (`backlog=`). */
export interface ParameterFact {
  readonly name: string;
  /** The first open-source nginx version that accepts it. */
  readonly since?: string;
  /** The version from which nginx no longer accepts it as it did (see `removal`). */
  readonly until?: string;
  /** What nginx does with it from `until` on: refuses it, or warns and ignores it. */
  readonly removal?: "error" | "warning";
  /** The version from which nginx warns that it is deprecated (and still honours it). */
  readonly deprecated?: string;
  /** The advice of the deprecation warning. */
  readonly instead?: string;
  /** Accepted only by the commercial NGINX Plus (at least up to the newest version described here). */
  readonly commercial?: boolean;
  /** Parsed only on some platforms (FreeBSD's accept filters and routing tables): never reported. */
  readonly platform?: boolean;
}

/** The parameters of one directive, and which of its arguments are parameters. */
export interface ParameterTable {
  readonly params: readonly ParameterFact[];
  /** Arguments that are not parameters: the address of `listen` and `server`. */
  readonly skipFirst: boolean;
  /** `resolver` takes any number of addresses: an argument without `=` is one. */
  readonly onlyNamed: boolean;
}

const UPSTREAM_SERVER: readonly ParameterFact[] = [
  { name: "weight=" },
  { name: "max_conns=", since: "1.11.5" },
  { name: "max_fails=" },
  { name: "fail_timeout=" },
  { name: "backup" },
  { name: "down" },
  { name: "resolve", since: "1.27.3" },
  { name: "service=", since: "1.27.3" },
  { name: "route=", commercial: true },
  { name: "slow_start=", commercial: true },
  { name: "drain", commercial: true },
];

const TABLES: Readonly<Record<string, ParameterTable>> = {
  "http:server listen": {
    skipFirst: true,
    onlyNamed: false,
    params: [
      { name: "default_server" },
      { name: "default" },
      { name: "ssl" },
      { name: "http2", since: "1.9.5", deprecated: "1.25.1", instead: 'the "http2" directive' },
      // Releases right after 1.9.5 warned and ignored it; 1.22.1 refuses it (checked).
      { name: "spdy", until: "1.9.5", removal: "error" },
      { name: "quic", since: "1.25.0" },
      { name: "proxy_protocol", since: "1.5.12" },
      { name: "bind" },
      { name: "deferred" },
      { name: "reuseport", since: "1.9.1" },
      { name: "backlog=" },
      { name: "rcvbuf=" },
      { name: "sndbuf=" },
      { name: "fastopen=", since: "1.5.8" },
      { name: "ipv6only=" },
      { name: "so_keepalive=", since: "1.1.11" },
      { name: "accept_filter=", platform: true },
      { name: "setfib=", platform: true },
    ],
  },
  "http:upstream server": { skipFirst: true, onlyNamed: false, params: UPSTREAM_SERVER },
  "stream:upstream server": { skipFirst: true, onlyNamed: false, params: UPSTREAM_SERVER },
  resolver: {
    skipFirst: false,
    onlyNamed: true,
    params: [
      { name: "valid=" },
      { name: "ipv6=", since: "1.5.8" },
      { name: "ipv4=", since: "1.23.1" },
      { name: "status_zone=", commercial: true },
    ],
  },
};

/** The parameter table for a directive at its place, or undefined when nginx parses none there. */
export function parameterTable(name: string, context: string): ParameterTable | undefined {
  // Called for every listen and server of a configuration: no string is built to look it up.
  if (name === "resolver") return TABLES["resolver"];
  if (name === "listen") return context === "http:server" ? TABLES["http:server listen"] : undefined;
  if (name !== "server") return undefined;
  if (context === "http:upstream") return TABLES["http:upstream server"];
  return context === "stream:upstream" ? TABLES["stream:upstream server"] : undefined;
}

/** The fact an argument names, matching `name=` parameters by prefix. */
export function findParameter(table: ParameterTable, arg: string): ParameterFact | undefined {
  const eq = arg.indexOf("=");
  const key = eq === -1 ? arg : arg.slice(0, eq + 1);
  return table.params.find((p) => p.name === key);
}

/** Versions compared with a target, from the `since`/`until` strings of the table. */
export function atOrAfter(target: Version, version: string): boolean {
  const v = parseVersion(version);
  return v !== undefined && compareVersions(target, v) >= 0;
}

/**
 * Above this version a word missing from the tables may be a parameter nginx gained since: the tables
 * list every parameter the handlers of nginx 1.22.1 parse.
 */
const NEWER_THAN_COMPLETE = "1.22.2";

/** What the target nginx does with one argument of a directive that takes parameters. */
export type ParameterVerdict =
  | { readonly kind: "unknown"; readonly refused: boolean }
  | { readonly kind: "commercial"; readonly refused: true }
  | { readonly kind: "too-new"; readonly refused: true; readonly fact: ParameterFact }
  | { readonly kind: "removed"; readonly refused: boolean; readonly fact: ParameterFact }
  | { readonly kind: "deprecated"; readonly refused: false; readonly fact: ParameterFact };

/**
 * The verdict on each parameter argument nginx would look at (variables and, where only `name=`
 * parameters count, bare words are skipped), by argument index; arguments nginx accepts are left out.
 * `refused`: nginx refuses the configuration (rather than warning, or a word a newer nginx may know).
 */
export function judgeParameters(
  table: ParameterTable,
  args: readonly { readonly value: string }[],
  target: Version,
): Map<number, ParameterVerdict> {
  const verdicts = new Map<number, ParameterVerdict>();
  for (let i = table.skipFirst ? 1 : 0; i < args.length; i++) {
    const value = (args[i] as { readonly value: string }).value;
    if (value.includes("$")) continue;
    if (table.onlyNamed && !value.includes("=")) continue;
    const fact = findParameter(table, value);
    if (!fact) verdicts.set(i, { kind: "unknown", refused: !atOrAfter(target, NEWER_THAN_COMPLETE) });
    else if (fact.platform) continue;
    else if (fact.commercial) verdicts.set(i, { kind: "commercial", refused: true });
    else if (fact.since && !atOrAfter(target, fact.since))
      verdicts.set(i, { kind: "too-new", refused: true, fact });
    else if (fact.until && atOrAfter(target, fact.until))
      verdicts.set(i, { kind: "removed", refused: fact.removal !== "warning", fact });
    else if (fact.deprecated && atOrAfter(target, fact.deprecated))
      verdicts.set(i, { kind: "deprecated", refused: false, fact });
  }
  return verdicts;
}
