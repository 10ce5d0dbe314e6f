// What the three WebSocket rules share: the proxied levels of the configuration and each one's
// verdict, computed once per analysis, and the words their messages use.

import type { ConfigNode } from "../../analysis/config";
import { describeLevel } from "../../analysis/levels";
import { forEachProxyLevel, type ProxyLevel } from "../../analysis/proxy";
import { header, judgeWebSocket, upgradeMaps, type Problems, type Verdict } from "./verdict";
import { WebSocketEvidence } from "./evidence";
import { endpointPatternsOf } from "../../settings";
import { withLazyFixes, type Severity, type Span } from "../../analysis/finding";
import { websocketFixes } from "./fix";
import type { RuleContext } from "../rule";

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

/** The include that brought a node into the level's file, or the node itself when written there. */
export function writtenAs(node: ConfigNode): ConfigNode {
  let at = node;
  while (at.via) at = at.via;
  return at;
}

// --- messages --------------------------------------------------------------------------------------
// The Problems panel and a one-line CLI report show about the first hundred characters of a
// message. So each WebSocket message starts with one sentence that says where and what, within that
// (a location's long regex is cut, a long list ends in "and N more"); the explanation follows it.

/** The most characters a message's first sentence takes. */
export const SUMMARY_LIMIT = 100;
const LABEL_LIMIT = 32;
const VALUE_LIMIT = 20;

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : text.slice(0, limit - 1) + "…";
}

/** A level as the first sentence names it: `location /ws/`, a long one cut. */
export function shortLabel(node: ConfigNode): string {
  return cut(describeLevel(node), LABEL_LIMIT);
}

/** "a", "a and b", "a, b and c". */
function joinList(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] as string}`;
}

/** `head` followed by as many items as fit in SUMMARY_LIMIT (at least one), as a sentence. */
export function summary(head: string, items: readonly string[]): string {
  const sentence = (shown: number): string =>
    `${head}${joinList(items.slice(0, shown))}${shown < items.length ? ` and ${items.length - shown} more` : ""}.`;
  let shown = items.length;
  while (shown > 1 && sentence(shown).length > SUMMARY_LIMIT) shown--;
  return sentence(shown);
}

/**
 * What is missing or wrong at a level, each in a few words for the first sentence (the problems'
 * phrases, which explain each, follow it). `headers: false` leaves Upgrade and Connection out, for
 * a message that names them otherwise.
 */
export function shortProblems(level: ProxyLevel, problems: Problems, headers = true): string[] {
  const items: string[] = [];
  const value = (name: string): string => cut(header(level.headers, name)?.value ?? "", VALUE_LIMIT);
  if (headers) {
    if (problems.upgrade === "missing") items.push("no Upgrade header");
    else if (problems.upgrade === "literal") items.push(`fixed Upgrade "${value("upgrade")}"`);
    else if (problems.upgrade === "wrong") items.push(`Upgrade "${value("upgrade")}"`);
    if (problems.connection === "missing") items.push("no Connection header");
    else if (problems.connection !== "upgrade") items.push(`Connection "${value("connection")}"`);
  }
  if (problems.version) {
    const version = level.httpVersion?.args[0];
    items.push(version !== undefined ? `HTTP/${cut(version, VALUE_LIMIT)}` : "no HTTP/1.1");
  }
  if (problems.cacheBypass) items.push("no cache bypass");
  return items;
}

/** The problems' phrases, which explain each, after a lead-in: ` In detail: a; b.` */
export function details(lead: string, phrases: readonly string[]): string {
  return phrases.length === 0 ? "" : ` ${lead}: ${phrases.join("; ")}.`;
}

/**
 * Reports a finding on a proxied level's header (`location /ws/`), carrying the fixes that complete
 * its WebSocket setup, built only when read.
 */
export function reportLevel(
  ctx: RuleContext,
  finding: {
    readonly code: string;
    readonly severity: Severity;
    readonly message: string;
    readonly related?: readonly (Span & { readonly message: string })[];
  },
  judged: JudgedLevel,
  mapDefined: boolean,
  fixTitle: string,
): void {
  ctx.report(
    withLazyFixes({ ...headerSpan(judged.level.level), ...finding }, () =>
      websocketFixes(judged.level, judged.verdict, mapDefined, fixTitle),
    ),
  );
}
