// The shape every check has: an id (which is also its diagnostic code and its file name), a default
// severity, a one-line description for the README, and either `visit` (one node at a time, for the
// nodes its `visits` selector names, with the node's resolution and the rule's severity handed in by
// the engine, rules/engine.ts) or `check` (the whole configuration at once), both reporting findings
// through the context.

import type { ConfigNode, LoadedConfig } from "../analysis/config";
import type { FileSystem } from "../analysis/files";
import type { Finding, Severity } from "../analysis/finding";
import type { Resolution, Resolver } from "../analysis/resolve";
import type { Version } from "../model/version";
import type { Settings } from "../settings";

/** What a check sees: the loaded configuration, facts resolved per node, and the target version. */
export interface RuleContext {
  readonly config: LoadedConfig;
  /** The files the configuration was read from (an editor's unsaved buffers included). */
  readonly fs: FileSystem;
  readonly resolver: Resolver;
  readonly target: Version;
  /** True when the root is a whole nginx.conf whose includes were all followed. */
  readonly complete: boolean;
  /** True when the root is a whole nginx.conf (not a fragment meant to be included). */
  readonly isMain: boolean;
  /** True when the configuration loads modules the engine cannot see (`load_module`, modules-enabled). */
  readonly loadsDynamicModules: boolean;
  /** Every node of the effective tree, in file order. */
  readonly nodes: readonly ConfigNode[];
  readonly settings: Settings;
  /** A value computed once per analysis and shared by the rules that need it. */
  shared<T>(key: string, compute: () => T): T;
  /**
   * The severity configured for a rule, else `fallback`: for checks whose default depends on the
   * situation (a fragment, dynamic modules). Per-node rules with a fixed default are handed theirs.
   */
  severity(ruleId: string, fallback: Severity): Severity | "off";
  report(finding: Finding): void;
}

/**
 * A check. Most look at one node at a time (`visit`): the engine walks the nodes once and hands each
 * to every such rule, which keeps a million-line analysis to one hot loop. Checks that need the whole
 * configuration at once (the WebSocket ones) implement `check` instead.
 */
export interface Rule {
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly description: string;
  /**
   * Which nodes `visit` is for (like an ESLint rule's node selectors): the engine hands it only those.
   * Most checks care about one kind of resolution or a few directive names; omitted, every node.
   */
  readonly visits?: NodeSelector;
  visit?(node: ConfigNode, context: RuleContext, here: Visit): void;
  /** `severity`: the rule's configured severity (a rule turned off is never run). */
  check?(context: RuleContext, severity: Severity): void;
}

/** What a directive can resolve to at its place (see `Resolver`): `ok`, `unknown`, `not-allowed`, ... */
export type ResolutionKind = Resolution["kind"];

/** Nodes a per-node rule wants; a node must match every field given. */
export interface NodeSelector<K extends ResolutionKind = ResolutionKind> {
  /** The directive names it looks at. */
  readonly names?: readonly string[];
  /** What the directive resolves to there. */
  readonly kinds?: readonly K[];
}

/**
 * What the engine hands a per-node rule with each node, so that no rule repeats the look-ups: the
 * rule's configured severity (a rule turned off is never called) and the node's resolution, narrowed
 * to the kinds its selector names.
 */
export interface Visit<K extends ResolutionKind = ResolutionKind> {
  readonly severity: Severity;
  readonly resolution: Extract<Resolution, { kind: K }>;
}

/** A per-node rule whose selector names resolution kinds, so its `visit` sees only those. */
export interface NodeRule<K extends ResolutionKind> {
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly description: string;
  readonly visits: NodeSelector<K>;
  visit(node: ConfigNode, context: RuleContext, here: Visit<K>): void;
}

/**
 * Declares a per-node rule: `nodeRule({ visits: { kinds: ["ok"] }, visit(node, ctx, { resolution }) })`
 * types `resolution` as an `ok` one, which the engine guarantees.
 */
export function nodeRule<const K extends ResolutionKind>(rule: NodeRule<K>): Rule {
  // Sound because the engine calls `visit` only for nodes whose resolution kind is in `visits.kinds`.
  return rule as unknown as Rule;
}

/** Whether a node with this resolution kind and name is one a selector wants. */
export function selects(selector: NodeSelector | undefined, kind: Resolution["kind"], name: string): boolean {
  if (!selector) return true;
  if (selector.kinds && !selector.kinds.includes(kind)) return false;
  return !selector.names || selector.names.includes(name);
}

/**
 * The statements of a name written at a level (in the order nginx reads them), or "unknown" when the
 * level holds an include we could not follow, which may add some.
 */
export function statementsAt(
  children: readonly ConfigNode[],
  name: string,
  config: LoadedConfig,
): ConfigNode[] | "unknown" {
  const found: ConfigNode[] = [];
  for (const c of children) {
    const n = c.directive.name.value;
    if (n === name) found.push(c);
    else if (n === "include" && (config.included.get(c)?.length ?? 0) === 0) return "unknown";
  }
  return found;
}

/**
 * The statements of a name in effect in a server: its own, or, when it writes none, those of the http
 * block around it (nginx inherits such a list whole or not at all). "unknown" when an include we could
 * not follow may add some. The http block's lists are read once per analysis: it can hold thousands of
 * servers.
 */
export function inheritedInServer(
  ctx: RuleContext,
  server: ConfigNode,
  name: string,
): ConfigNode[] | "unknown" {
  const here = statementsAt(server.children, name, ctx.config);
  if (here === "unknown" || here.length > 0) return here;
  const http = server.parent;
  if (!http) return here;
  const lists = ctx.shared(
    "http-level statements",
    () => new Map<ConfigNode, Map<string, ConfigNode[] | "unknown">>(),
  );
  let byName = lists.get(http);
  if (!byName) {
    byName = new Map();
    lists.set(http, byName);
  }
  let list = byName.get(name);
  if (!list) {
    list = statementsAt(http.children, name, ctx.config);
    byName.set(name, list);
  }
  return list;
}

/** The span of a node's name, for findings about the directive as a whole. */
export function nameSpan(node: ConfigNode): { file: string; start: number; end: number } {
  return { file: node.file.path, start: node.directive.name.start, end: node.directive.name.end };
}

/** The span from a node's name to its last argument. */
export function statementSpan(node: ConfigNode): { file: string; start: number; end: number } {
  const d = node.directive;
  const last = d.args[d.args.length - 1] ?? d.name;
  return {
    file: node.file.path,
    start: d.name.start,
    end: d.semicolon !== undefined ? d.semicolon + 1 : last.end,
  };
}

/**
 * Where a finding about a statement as a whole goes. nginx names the line on which it has read the
 * whole statement (its `;` or `{`): for a statement on one line that is its name's line, and the
 * finding marks the name (or, with `oneLine: "statement"`, the statement); for one written over
 * several lines it is the last, and the finding marks that line's part of the statement, so that the
 * line reported is nginx's.
 */
export function statementLineSpan(
  node: ConfigNode,
  oneLine: "name" | "statement" = "name",
): { file: string; start: number; end: number } {
  const d = node.directive;
  const text = node.file.parsed.text;
  const end = d.semicolon ?? d.block?.open ?? d.raw?.open;
  const name = oneLine === "name" ? nameSpan(node) : statementSpan(node);
  if (end === undefined) return name;
  let lineStart = end;
  while (lineStart > d.name.end && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
  if (lineStart <= d.name.end) return name;
  // The first word of the statement on that line (a line may start with white space).
  let start = lineStart;
  while (start < end && (text[start] === " " || text[start] === "\t")) start++;
  return { file: node.file.path, start, end: end + 1 };
}
