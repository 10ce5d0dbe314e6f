// What the three WebSocket rules share: the proxied levels of the configuration and each one's
// verdict, computed once per analysis, and the words their messages use.

import type { ConfigNode } from "../analysis/config";
import { forEachProxyLevel, type ProxyLevel } from "../analysis/proxy";
import { judgeWebSocket, levelLabel, upgradeMaps, type Verdict } from "../analysis/websocket";
import { WebSocketEvidence } from "../analysis/websocket-evidence";
import { endpointPatternsOf } from "../settings";
import type { RuleContext } from "./rule";

export interface JudgedLevel {
  readonly level: ProxyLevel;
  readonly verdict: Verdict;
}

/** Every proxied level with its verdict (computed once per analysis run). */
export function judgedLevels(ctx: RuleContext): {
  levels: readonly JudgedLevel[];
  mapDefined: boolean;
  evidence: WebSocketEvidence;
} {
  return ctx.shared("websocket", () => {
    const maps = upgradeMaps(ctx.nodes);
    const unreadProxyIncludes = blocksWithUnreadProxyInclude(ctx.config.unresolvedNodes);
    const evidence = new WebSocketEvidence(ctx.nodes, ctx.config.nodes, endpointPatternsOf(ctx.settings));
    // Only levels with something to report are kept: the complete ones are most of a large config.
    const levels: JudgedLevel[] = [];
    forEachProxyLevel(ctx.config.nodes, (level) => {
      // An include we could not read may hold the very headers in question: no verdict then.
      if (inBlocks(level.level, unreadProxyIncludes)) return;
      const verdict = judgeWebSocket(level, ctx.target, maps, () => evidence.servesOnlyWebSockets(level));
      if (verdict.kind === "ok") evidence.noteComplete(level);
      else if (verdict.kind !== "keepalive") levels.push({ level, verdict });
    });
    return { levels, mapDefined: maps.good.has("connection_upgrade"), evidence };
  });
}

/**
 * The blocks that include a file we could not read whose name suggests proxy settings (`proxy.conf`,
 * `proxy_params`, `websocket.conf`): a level in one of them, or below one, may get the very headers in
 * question from it. Other unread includes (`ssl.conf`, `resolver.conf`) are assumed not to touch
 * proxy headers, as is usual. Found once from the unread includes, not by reading each level's
 * siblings (a server with tens of thousands of locations would make that quadratic).
 */
function blocksWithUnreadProxyInclude(unknown: ReadonlySet<ConfigNode>): ReadonlySet<ConfigNode> {
  const blocks = new Set<ConfigNode>();
  for (const include of unknown) {
    if (
      include.parent &&
      /proxy|websocket|upgrade|(^|[/_.-])ws([/_.-]|$)/i.test(include.directive.args[0]?.value ?? "")
    )
      blocks.add(include.parent);
  }
  return blocks;
}

/** True when a level or one above it is one of `blocks`. */
function inBlocks(level: ConfigNode, blocks: ReadonlySet<ConfigNode>): boolean {
  if (blocks.size === 0) return false;
  for (let at: ConfigNode | undefined = level; at; at = at.parent) if (blocks.has(at)) return true;
  return false;
}

/** The span of a level's header (`location /ws/`), where its findings are shown. */
export function headerSpan(node: ConfigNode): { file: string; start: number; end: number } {
  const d = node.directive;
  const last = d.args[d.args.length - 1] ?? d.name;
  return { file: node.file.path, start: d.name.start, end: last.end };
}

const serverLabels = new WeakMap<ConfigNode, string>();

/** How a level reads in a message: `location /ws/`, `server example.com`, `http`. */
export function describeLevel(node: ConfigNode): string {
  const name = node.directive.name.value;
  if (name === "server") {
    // Looked up once per server: its name is in every message about its locations, and a server can
    // hold tens of thousands of them.
    let label = serverLabels.get(node);
    if (label === undefined) {
      const serverName = node.children.find((c) => c.directive.name.value === "server_name")?.directive
        .args[0]?.value;
      label = serverName ? `server ${serverName}` : "server";
      serverLabels.set(node, label);
    }
    return label;
  }
  return name === "location" || name === "if" || name === "limit_except" ? levelLabel(node) : name;
}

/** The include that brought a node into the level's file, or the node itself when written there. */
export function writtenAs(node: ConfigNode): ConfigNode {
  let at = node;
  while (at.via) at = at.via;
  return at;
}
