// The proxy settings in effect at each level that proxies: which proxy_set_header list applies (nginx
// inherits the list only when a level defines none of its own, and `include proxy_params;` counts),
// the proxy_http_version, proxy_cache and proxy_cache_bypass in effect, and the upgrade headers an
// outer level set but this level lost.

import type { ConfigNode } from "./config";

/** One `proxy_set_header NAME VALUE;` in effect. */
export interface HeaderSetting {
  /** Lower-cased header name. */
  readonly name: string;
  readonly value: string;
  readonly node: ConfigNode;
}

/** The proxy_set_header list a level uses, and the level that defined it (undefined: nginx's defaults). */
export interface HeaderList {
  readonly headers: readonly HeaderSetting[];
  readonly definedAt: ConfigNode | undefined;
}

/** A plain directive's value in effect (the innermost definition), or undefined when none is written. */
export interface Inherited {
  readonly node: ConfigNode;
  readonly args: readonly string[];
}

/** The location that holds a level's proxy settings (the level itself, or the location around an `if`). */
export function settingsHome(level: ConfigNode): ConfigNode {
  // proxy_set_header and proxy_http_version are not allowed in if/limit_except: their location holds them.
  let at = level;
  while (at.directive.name.value !== "location" && at.parent) at = at.parent;
  return at;
}

/** A level whose requests reach proxy_pass (a location, or an `if`/`limit_except` inside one), with the settings in effect. */
export interface ProxyLevel {
  readonly level: ConfigNode;
  /** The proxy_pass that serves it (its own, or its location's for an `if`/`limit_except`). */
  readonly proxyPass: ConfigNode;
  readonly headers: HeaderList;
  /** For each level above the effective list's level that set headers, its list: the ones lost here. */
  readonly shadowedLists: readonly HeaderList[];
  readonly httpVersion: Inherited | undefined;
  readonly cache: Inherited | undefined;
  readonly cacheBypass: readonly Inherited[];
}

const LEVEL_BLOCKS = new Set(["location", "if", "limit_except"]);

/** The directives written at a level (its block's effective body, includes expanded in place). */
function own(level: ConfigNode | undefined, name: string): ConfigNode[] {
  if (!level) return [];
  return level.children.filter((c) => c.directive.name.value === name);
}

/** The chain of enclosing levels, innermost first: the level itself, its locations, server, http. */
function chain(level: ConfigNode): ConfigNode[] {
  const out: ConfigNode[] = [];
  for (let at: ConfigNode | undefined = level; at; at = at.parent) out.push(at);
  return out;
}

function headerList(level: ConfigNode): HeaderList {
  const headers = own(level, "proxy_set_header").map((node) => ({
    name: (node.directive.args[0]?.value ?? "").toLowerCase(),
    value: node.directive.args[1]?.value ?? "",
    node,
  }));
  return { headers, definedAt: level };
}

function innermost(levels: readonly ConfigNode[], name: string): Inherited | undefined {
  for (const level of levels) {
    const found = own(level, name);
    const last = found[found.length - 1];
    if (last) return { node: last, args: last.directive.args.map((a) => a.value) };
  }
  return undefined;
}

/** The proxy settings in effect at one level, given the proxy_pass that serves it. */
export function proxyLevel(level: ConfigNode, proxyPass: ConfigNode): ProxyLevel {
  const levels = chain(level);
  let headers: HeaderList = { headers: [], definedAt: undefined };
  const shadowedLists: HeaderList[] = [];
  for (const at of levels) {
    const list = headerList(at);
    if (list.headers.length === 0) continue;
    if (headers.definedAt === undefined) headers = list;
    else shadowedLists.push(list);
  }
  let cacheBypass: Inherited[] = [];
  for (const at of levels) {
    const found = own(at, "proxy_cache_bypass");
    if (found.length > 0) {
      cacheBypass = found.map((node) => ({ node, args: node.directive.args.map((a) => a.value) }));
      break;
    }
  }
  return {
    level,
    proxyPass,
    headers,
    shadowedLists,
    httpVersion: innermost(levels, "proxy_http_version"),
    cache: innermost(levels, "proxy_cache"),
    cacheBypass,
  };
}

/**
 * Every level whose requests reach an http proxy_pass: each location (or named location) with a
 * proxy_pass of its own, and each `if`/`limit_except` with its own proxy_pass in a location without one.
 */
export function proxyLevels(nodes: readonly ConfigNode[]): ProxyLevel[] {
  const out: ProxyLevel[] = [];
  for (const node of nodes) {
    const name = node.directive.name.value;
    if (!LEVEL_BLOCKS.has(name) || !node.directive.block || !node.context.startsWith("http:")) continue;
    if (name !== "location" && !(node.parent && node.parent.directive.name.value === "location")) continue;
    const pass = own(node, "proxy_pass")[0];
    // A proxy_pass without its URL is already an error; there is nothing to judge yet.
    if (!pass || pass.directive.args.length === 0) continue;
    // An if/limit_except cannot set headers (nginx refuses proxy_set_header there): it runs on its
    // location's settings, so when the location proxies too, judging the location covers both.
    if (name !== "location" && own(node.parent, "proxy_pass").length > 0) continue;
    out.push(proxyLevel(node, pass));
  }
  return out;
}
