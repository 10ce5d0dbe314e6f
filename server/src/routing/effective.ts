// The directives in effect for a request at the block that serves it. nginx merges each level into the
// next: a directive written at an inner level replaces the outer one, and a list directive
// (proxy_set_header, add_header, error_page, ...) is taken whole from the innermost level that writes
// any of it, never merged with the outer lists. The proxy headers come from analysis/proxy.ts, the
// engine's model of that rule, so the routing preview and the WebSocket checks cannot disagree.

import type { ConfigNode } from "../analysis/config";
import { proxyLevel, type HeaderList } from "../analysis/proxy";
import { CONTENT_HANDLERS } from "./handlers";

/** One directive in effect, with the node (file and offsets) it comes from. */
export interface EffectiveDirective {
  readonly name: string;
  readonly args: readonly string[];
  readonly node: ConfigNode;
}

/**
 * Directives that belong to the block that writes them and are not inherited: blocks, the rewrite
 * module's sequence, and the content handlers (a nested location without its own proxy_pass does not
 * proxy). `internal` is not among them: a location nested in an internal one is internal too.
 */
const NOT_INHERITED = new Set([
  "location",
  "if",
  "limit_except",
  "server",
  "http",
  "upstream",
  "map",
  "geo",
  "types",
  "include",
  "rewrite",
  "return",
  "set",
  "break",
  ...CONTENT_HANDLERS,
  "listen",
  "server_name",
]);

/** The blocks from the outermost (http) to `level`, the configuration levels nginx merges. */
export function levelsOf(level: ConfigNode): ConfigNode[] {
  const chain: ConfigNode[] = [];
  for (let at: ConfigNode | undefined = level; at; at = at.parent) chain.unshift(at);
  return chain;
}

/** The directives in effect at a level: for each name, the innermost level's occurrences. */
export function effectiveDirectives(level: ConfigNode): EffectiveDirective[] {
  const byName = new Map<string, EffectiveDirective[]>();
  for (const at of levelsOf(level)) {
    const own = new Map<string, EffectiveDirective[]>();
    for (const child of at.children) {
      const name = child.directive.name.value;
      if (child.directive.block || NOT_INHERITED.has(name)) continue;
      let list = own.get(name);
      if (!list) own.set(name, (list = []));
      list.push({ name, args: child.directive.args.map((a) => a.value), node: child });
    }
    for (const [name, list] of own) byName.set(name, list);
  }
  return [...byName.values()].flat().sort((a, b) => order(a.node) - order(b.node));
}

function order(node: ConfigNode): number {
  let depth = 0;
  for (let at = node.parent; at; at = at.parent) depth++;
  return depth * 1e9 + node.directive.name.start;
}

/** The proxy_set_header list nginx sends with a proxy_pass at this level (its defaults when none is written). */
export function effectiveProxyHeaders(level: ConfigNode, proxyPass: ConfigNode): HeaderList {
  return proxyLevel(level, proxyPass).headers;
}
