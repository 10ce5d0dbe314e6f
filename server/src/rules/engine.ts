// Runs every check over a loaded configuration: the per-node rules in one walk over the nodes (each
// node handed only to the rules whose selector wants it, with its resolution and the rule's severity),
// then the whole-configuration checks. A rule turned off in the settings is never called.

import type { ConfigNode, LoadedConfig } from "../analysis/config";
import type { FileSystem } from "../analysis/files";
import type { Finding, Severity } from "../analysis/finding";
import type { Resolver } from "../analysis/resolve";
import type { Version } from "../model/version";
import type { Settings } from "../settings";
import { RULES } from "./index";
import { selects, type Rule, type RuleContext, type Visit } from "./rule";

/** What the rules run on, besides the configuration's own nodes. */
export interface RuleRun {
  readonly config: LoadedConfig;
  readonly fs: FileSystem;
  readonly resolver: Resolver;
  readonly target: Version;
  /** True when the root is a whole nginx.conf (not a fragment meant to be included). */
  readonly isMain: boolean;
  readonly settings: Settings;
  /** The severity of each code, where the settings or the caller change its default ("off" silences it). */
  readonly severities: Readonly<Record<string, Severity | "off">>;
  /** Receives every finding, in the order the rules report them. */
  readonly report: (finding: Finding) => void;
  /** Prints how long a phase took (NGINX_LINT_TIMING), when given. */
  readonly timing?: (label: string, since: number) => void;
  /** The rules to run; every rule unless a test narrows them. */
  readonly rules?: readonly Rule[];
}

/** Whether the configuration loads modules the engine cannot see (`load_module`, a modules folder). */
function loadsDynamicModules(nodes: readonly ConfigNode[]): boolean {
  for (let i = 0; i < nodes.length; i++) {
    const d = (nodes[i] as ConfigNode).directive;
    const name = d.name.value;
    if (name === "load_module") return true;
    if (name === "include" && /modules-(enabled|available)|\/modules\//.test(d.args[0]?.value ?? ""))
      return true;
  }
  return false;
}

/** A per-node rule with its configured severity, ready to be handed nodes. */
interface Visitor {
  readonly rule: Rule;
  readonly severity: Severity;
}

export function runRules(run: RuleRun): void {
  const { config, resolver, severities, timing } = run;
  const rules = run.rules ?? RULES;
  const nodes = config.allNodes;
  const shared = new Map<string, unknown>();
  const context: RuleContext = {
    config,
    fs: run.fs,
    resolver,
    target: run.target,
    complete: run.isMain && config.unresolvedIncludes === 0,
    isMain: run.isMain,
    loadsDynamicModules: loadsDynamicModules(nodes),
    nodes,
    settings: run.settings,
    shared: <T>(key: string, compute: () => T): T => {
      if (!shared.has(key)) shared.set(key, compute());
      return shared.get(key) as T;
    },
    severity: (ruleId, fallback) => severities[ruleId] ?? fallback,
    report: run.report,
  };

  let started = timing ? performance.now() : 0;
  const visitors: Visitor[] = [];
  for (const rule of rules) {
    if (!rule.visit) continue;
    const severity = severities[rule.id] ?? rule.defaultSeverity;
    if (severity !== "off") visitors.push({ rule, severity });
  }
  // The rules each node needs, by what its directive resolves to and its name: a few hundred pairs
  // in any configuration, each worked out once, so a node meets only the rules that look at it.
  const dispatch = new Map<string, Map<string, readonly Visitor[]>>();
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as ConfigNode;
    const resolution = resolver.resolve(node);
    const kind = resolution.kind;
    const name = node.directive.name.value;
    let byName = dispatch.get(kind);
    if (!byName) {
      byName = new Map();
      dispatch.set(kind, byName);
    }
    let wanted = byName.get(name);
    if (!wanted) {
      wanted = visitors.filter((v) => selects(v.rule.visits, kind, name));
      byName.set(name, wanted);
    }
    for (let r = 0; r < wanted.length; r++) {
      const visitor = wanted[r] as Visitor;
      const here: Visit = { severity: visitor.severity, resolution };
      visitor.rule.visit?.(node, context, here);
    }
  }
  timing?.(`${visitors.length} per-node rules`, started);

  for (const rule of rules) {
    const severity = severities[rule.id] ?? rule.defaultSeverity;
    // A check turned off would report nothing; it is not run at all.
    if (!rule.check || severity === "off") continue;
    started = timing ? performance.now() : 0;
    rule.check(context, severity);
    timing?.(rule.id, started);
  }
}
