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

/** What one level writes itself (its block's effective body, includes expanded in place). */
interface OwnSettings {
  readonly headers: HeaderSetting[];
  readonly pass: ConfigNode | undefined;
  readonly version: Inherited | undefined;
  readonly cache: Inherited | undefined;
  readonly bypass: Inherited[];
}

/** An Inherited whose argument values are read only when asked for (most never are). */
class InheritedDirective implements Inherited {
  constructor(readonly node: ConfigNode) {}
  get args(): readonly string[] {
    return this.node.directive.args.map((a) => a.value);
  }
}

const inherited = (node: ConfigNode): Inherited => new InheritedDirective(node);

/** What a block that sets none of the proxy directives contributes: nothing, shared. */
const NOTHING: OwnSettings = {
  headers: [],
  pass: undefined,
  version: undefined,
  cache: undefined,
  bypass: [],
};

/** Shared empty lists: most levels set no headers or bypass of their own, and need no array of their own. */
const NO_HEADERS: HeaderSetting[] = [];
const NO_BYPASS: Inherited[] = [];

/** Reads a level's own proxy settings in one pass over its body. */
function ownSettings(children: readonly ConfigNode[]): OwnSettings {
  let headers = NO_HEADERS;
  let bypass = NO_BYPASS;
  let pass: ConfigNode | undefined;
  let version: ConfigNode | undefined;
  let cache: ConfigNode | undefined;
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as ConfigNode;
    switch (child.directive.name.value) {
      case "proxy_set_header":
        if (headers === NO_HEADERS) headers = [];
        headers.push({
          name: (child.directive.args[0]?.value ?? "").toLowerCase(),
          value: child.directive.args[1]?.value ?? "",
          node: child,
        });
        break;
      case "proxy_pass":
        pass ??= child;
        break;
      case "proxy_http_version":
        version = child;
        break;
      case "proxy_cache":
        cache = child;
        break;
      case "proxy_cache_bypass":
        if (bypass === NO_BYPASS) bypass = [];
        bypass.push(inherited(child));
        break;
    }
  }
  if (headers === NO_HEADERS && bypass === NO_BYPASS && !pass && !version && !cache) return NOTHING;
  return {
    headers,
    pass,
    version: version && inherited(version),
    cache: cache && inherited(cache),
    bypass,
  };
}

/** The settings in effect at a level, inherited from above and overridden by what it writes. */
interface State {
  readonly headers: HeaderList;
  readonly shadowed: readonly HeaderList[];
  readonly version: Inherited | undefined;
  readonly cache: Inherited | undefined;
  readonly bypass: readonly Inherited[];
}

const TOP: State = {
  headers: { headers: [], definedAt: undefined },
  shadowed: [],
  version: undefined,
  cache: undefined,
  bypass: [],
};

/**
 * Applies nginx's inheritance: proxy_set_header and proxy_cache_bypass lists are inherited only when a
 * level defines none of its own; proxy_http_version and proxy_cache, when it does not set them.
 */
function descend(state: State, own: OwnSettings, definedAt: ConfigNode | undefined): State {
  const startsList = own.headers.length > 0;
  // Most blocks set none of these: they share their parent's state instead of copying it.
  if (!startsList && !own.version && !own.cache && own.bypass.length === 0) return state;
  const outerList = state.headers.headers.length > 0 ? [state.headers, ...state.shadowed] : state.shadowed;
  return {
    headers: startsList ? { headers: own.headers, definedAt } : state.headers,
    shadowed: startsList ? outerList : state.shadowed,
    version: own.version ?? state.version,
    cache: own.cache ?? state.cache,
    bypass: own.bypass.length > 0 ? own.bypass : state.bypass,
  };
}

function toLevel(level: ConfigNode, proxyPass: ConfigNode, state: State): ProxyLevel {
  return {
    level,
    proxyPass,
    headers: state.headers,
    shadowedLists: state.shadowed,
    httpVersion: state.version,
    cache: state.cache,
    cacheBypass: state.bypass,
  };
}

/** The proxy settings in effect at one level, given the proxy_pass that serves it. */
export function proxyLevel(level: ConfigNode, proxyPass: ConfigNode): ProxyLevel {
  const chain: ConfigNode[] = [];
  for (let at: ConfigNode | undefined = level; at; at = at.parent) chain.unshift(at);
  let state = TOP;
  for (const at of chain) state = descend(state, ownSettings(at.children), at);
  return toLevel(level, proxyPass, state);
}

/**
 * Calls `visit` for every level whose requests reach an http proxy_pass — each location (or named
 * location) with a proxy_pass of its own, and each `if`/`limit_except` with its own proxy_pass in a
 * location without one — in file order, as it is found, in one pass down the tree carrying what each
 * level inherits. A caller that keeps only the levels it needs lets the rest be collected at once.
 */
export function forEachProxyLevel(top: readonly ConfigNode[], visit: (level: ProxyLevel) => void): void {
  // A fragment's own top level (an included http- or server-level file) is a level too.
  const pending: { node: ConfigNode; state: State; parentPass: boolean }[] = [];
  const rootState = descend(TOP, ownSettings(top), undefined);
  for (let i = top.length - 1; i >= 0; i--)
    pending.push({ node: top[i] as ConfigNode, state: rootState, parentPass: false });
  while (pending.length > 0) {
    const { node, state: outer, parentPass } = pending.pop() as (typeof pending)[number];
    if (!node.directive.block || node.children.length === 0) continue;
    const own = ownSettings(node.children);
    const state = descend(outer, own, node);
    const name = node.directive.name.value;
    if (
      LEVEL_BLOCKS.has(name) &&
      node.context.startsWith("http:") &&
      own.pass &&
      own.pass.directive.args.length > 0
    ) {
      // An if/limit_except cannot set headers (nginx refuses proxy_set_header there): it runs on its
      // location's settings, so when the location proxies too, judging the location covers both.
      // A proxy_pass without its URL is already an error; there is nothing to judge there yet.
      const inLocation = node.parent?.directive.name.value === "location";
      if (name === "location" || (inLocation && !parentPass)) visit(toLevel(node, own.pass, state));
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i] as ConfigNode;
      // Only blocks can be levels or hold them; statements need no visit.
      if (child.directive.block && child.children.length > 0) {
        pending.push({ node: child, state, parentPass: own.pass !== undefined });
      }
    }
  }
}
