// Judges each proxied level's WebSocket setup from the settings in effect there: complete, missing
// entirely, incomplete (and exactly what is missing or wrong), or lost because an inner
// proxy_set_header list shadows the outer one that had the upgrade headers.

import type { ConfigNode } from "../../analysis/config";
import type { HeaderList, HeaderSetting, ProxyLevel } from "../../analysis/proxy";
import { compareVersions, formatVersion, type Version } from "../../model/version";

/** From this version on, nginx speaks HTTP/1.1 to upstreams by default (changes, 1.29.7). */
export const HTTP11_DEFAULT_SINCE: Version = [1, 29, 7];

/** What nginx.org's WebSocket page calls the map idiom, for Connection values that follow it. */
export const CONNECTION_MAP =
  "map $http_upgrade $connection_upgrade {\n    default upgrade;\n    '' close;\n}";

export type ConnectionState = "missing" | "upgrade" | "wrong" | "keepalive";

/** What is wrong at a level, each as a short phrase for messages, with what a fix must change. */
export interface Problems {
  readonly phrases: string[];
  /**
   * The Upgrade header is absent, or its value does not come from $http_upgrade. "literal": the fixed
   * value `websocket` in a location that also serves plain requests (each would ask for an upgrade).
   */
  readonly upgrade: "ok" | "missing" | "wrong" | "literal";
  readonly connection: ConnectionState;
  /** The proxy_http_version in effect is not 1.1 (or absent where nginx defaults to 1.0). */
  readonly version: boolean;
  /** proxy_cache is in effect without proxy_cache_bypass $http_upgrade. */
  readonly cacheBypass: boolean;
}

export type Verdict =
  | { readonly kind: "ok" }
  | { readonly kind: "keepalive" }
  | { readonly kind: "missing"; readonly problems: Problems }
  | { readonly kind: "incomplete"; readonly problems: Problems }
  | {
      readonly kind: "shadowed";
      readonly problems: Problems;
      /** The outer list that had the upgrade headers. */
      readonly lost: HeaderList;
      /** The upgrade headers of that list. */
      readonly lostHeaders: readonly HeaderSetting[];
    };

/** The variables a `map` defines from `$http_upgrade` / `$http_connection` in a way that yields "upgrade". */
export function upgradeMaps(nodes: readonly ConfigNode[]): { good: Set<string>; bad: Set<string> } {
  const good = new Set<string>();
  const bad = new Set<string>();
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as ConfigNode;
    const d = node.directive;
    if (d.name.value !== "map" || !d.block || d.args.length !== 2) continue;
    const source = d.args[0]?.value ?? "";
    const target = (d.args[1]?.value ?? "").replace(/^\$\{?|\}$/g, "");
    const values = node.children
      .filter((c) => c.context === "table")
      .map((c) => c.directive.args[0]?.value ?? "");
    const yieldsUpgrade = values.some((v) => v.toLowerCase() === "upgrade" || PASSES_CONNECTION.test(v));
    if (/^\$\{?http_(upgrade|connection)\}?$/.test(source) && yieldsUpgrade) good.add(target);
    else bad.add(target);
  }
  return { good, bad };
}

/** The setting of a header (lower-case name) in a list: the first, as the judgement reads it. */
export function header(list: HeaderList, name: string): HeaderSetting | undefined {
  const headers = list.headers;
  for (let i = 0; i < headers.length; i++) if ((headers[i] as HeaderSetting).name === name) return headers[i];
  return undefined;
}

const FROM_HTTP_UPGRADE = /\$\{?http_upgrade\b/;
/** The client's own Connection header, passed through: on a handshake it says "Upgrade". */
const PASSES_CONNECTION = /^\$\{?http_connection\}?$/;

/**
 * A fixed `Upgrade: websocket`. A handshake asks for exactly that protocol, so where every request is a
 * handshake it is the same as passing $http_upgrade on; where plain requests arrive too, each of them is
 * sent to the upstream as an upgrade request.
 */
export function isLiteralWebSocketUpgrade(value: string): boolean {
  return value.trim().toLowerCase() === "websocket";
}

/** How the Upgrade header value in effect reads, given whether the location only serves WebSockets. */
function upgradeState(value: string | undefined, websocketOnly: () => boolean): Problems["upgrade"] {
  if (value === undefined) return "missing";
  if (FROM_HTTP_UPGRADE.test(value)) return "ok";
  if (isLiteralWebSocketUpgrade(value)) return websocketOnly() ? "ok" : "literal";
  return "wrong";
}

/** Whether a Connection value asks for the upgrade, explicitly or through a known map. */
export function connectionState(
  value: string | undefined,
  maps: ReturnType<typeof upgradeMaps>,
): ConnectionState {
  if (value === undefined) return "missing";
  const lower = value.trim().toLowerCase();
  if (lower === "upgrade" || PASSES_CONNECTION.test(value.trim())) return "upgrade";
  if (lower === "" || lower === "keep-alive") return "keepalive";
  const variable = /^\$\{?([A-Za-z0-9_]+)\}?$/.exec(value.trim());
  if (variable) {
    const name = variable[1] as string;
    if (maps.good.has(name)) return "upgrade";
    if (maps.bad.has(name)) return "wrong";
    // Defined elsewhere (SWAG's $connection_upgrade): a name about upgrades is taken at its word.
    return /upgrade/i.test(name) ? "upgrade" : "wrong";
  }
  return lower.split(/\s*,\s*/).includes("upgrade") ? "upgrade" : "wrong";
}

function isUpgradeHeader(h: HeaderSetting, maps: ReturnType<typeof upgradeMaps>): boolean {
  if (h.name === "upgrade") return FROM_HTTP_UPGRADE.test(h.value) || isLiteralWebSocketUpgrade(h.value);
  return h.name === "connection" && connectionState(h.value, maps) === "upgrade";
}

/** Whether the level speaks HTTP/1.1 to the upstream at the target version. */
export function speaksHttp11(level: ProxyLevel, target: Version): boolean {
  if (level.httpVersion) return level.httpVersion.node.directive.args[0]?.value === "1.1";
  return compareVersions(target, HTTP11_DEFAULT_SINCE) >= 0;
}

function problemsAt(
  level: ProxyLevel,
  target: Version,
  maps: ReturnType<typeof upgradeMaps>,
  websocketOnly: () => boolean,
): Problems {
  const phrases: string[] = [];
  const upgradeHeader = header(level.headers, "upgrade");
  const connectionHeader = header(level.headers, "connection");
  const upgrade = upgradeState(upgradeHeader?.value, websocketOnly);
  if (upgrade === "missing") phrases.push("no Upgrade header (proxy_set_header Upgrade $http_upgrade)");
  else if (upgrade === "literal") {
    phrases.push(
      `Upgrade is always "${upgradeHeader?.value}", so plain requests to this location are sent as upgrade requests too ($http_upgrade sends it only on a handshake)`,
    );
  } else if (upgrade === "wrong")
    phrases.push(`Upgrade is set to "${upgradeHeader?.value}" instead of $http_upgrade`);
  const connection = connectionState(connectionHeader?.value, maps);
  if (connection === "missing") phrases.push('no Connection header, so nginx sends "Connection: close"');
  else if (connection !== "upgrade") {
    phrases.push(`Connection is set to "${connectionHeader?.value}" instead of "upgrade"`);
  }
  const version = !speaksHttp11(level, target);
  if (version) {
    phrases.push(
      level.httpVersion
        ? `proxy_http_version is ${level.httpVersion.args[0]}, and an upgrade needs 1.1`
        : `no proxy_http_version 1.1 (nginx ${formatVersion(target)} talks HTTP/1.0 to upstreams, which cannot upgrade)`,
    );
  }
  const cacheOn = level.cache !== undefined && level.cache.args[0] !== "off";
  const cacheBypass =
    cacheOn && !level.cacheBypass.some((b) => b.args.some((a) => FROM_HTTP_UPGRADE.test(a)));
  if (cacheBypass) phrases.push("proxy_cache is on without proxy_cache_bypass $http_upgrade");
  return { phrases, upgrade, connection, version, cacheBypass };
}

const OK: Verdict = { kind: "ok" };
const KEEPALIVE: Verdict = { kind: "keepalive" };

/**
 * Judges one proxied level. `websocketOnly`: whether the location serves nothing but WebSocket
 * handshakes (its path is a WebSocket endpoint), where a fixed `Upgrade: websocket` is as good as
 * $http_upgrade; asked only when that header is fixed. `wanted`: the user asks for WebSocket support
 * here, so a location on upstream keep-alive is judged incomplete rather than deliberate.
 */
export function judgeWebSocket(
  level: ProxyLevel,
  target: Version,
  maps: ReturnType<typeof upgradeMaps>,
  websocketOnly: () => boolean = () => false,
  wanted = false,
): Verdict {
  // The common case, a complete setup, is decided without building any message.
  const upgradeValue = header(level.headers, "upgrade")?.value;
  const cacheOn = level.cache !== undefined && level.cache.node.directive.args[0]?.value !== "off";
  if (
    upgradeState(upgradeValue, websocketOnly) === "ok" &&
    connectionState(header(level.headers, "connection")?.value, maps) === "upgrade" &&
    speaksHttp11(level, target) &&
    (!cacheOn || level.cacheBypass.some((b) => b.args.some((a) => FROM_HTTP_UPGRADE.test(a))))
  ) {
    return OK;
  }
  const problems = problemsAt(level, target, maps, websocketOnly);
  const headersOk = problems.upgrade === "ok" && problems.connection === "upgrade";
  if (!headersOk) {
    // An outer header is lost only when the list in effect does not set that header right itself.
    const inEffect = (h: HeaderSetting) =>
      h.name === "upgrade" ? problems.upgrade === "ok" : problems.connection === "upgrade";
    for (const list of level.shadowedLists) {
      const lostHeaders = list.headers.filter((h) => isUpgradeHeader(h, maps) && !inEffect(h));
      if (lostHeaders.length > 0) return { kind: "shadowed", problems, lost: list, lostHeaders };
    }
  }
  // Passing the client's Connection header on is WebSocket intent only beside an Upgrade header:
  // alone it is as likely to be about keep-alive.
  const connectionIntent =
    problems.connection === "upgrade" &&
    !PASSES_CONNECTION.test((header(level.headers, "connection")?.value ?? "").trim());
  const intent = problems.upgrade !== "missing" || connectionIntent;
  if (intent) return problems.phrases.length === 0 ? OK : { kind: "incomplete", problems };
  // HTTP/1.1 with Connection "" or keep-alive is upstream keep-alive: a deliberate choice, not a WebSocket.
  if (problems.connection === "keepalive") return wanted ? { kind: "incomplete", problems } : KEEPALIVE;
  return { kind: "missing", problems };
}
