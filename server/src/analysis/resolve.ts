// Decides, once per node, what a directive is at its place: a known directive allowed there, an unknown
// name, a known name in the wrong context, or one the target nginx version does not have yet. The
// directive rules all read this instead of each looking facts up again.

import {
  allowsContext,
  factAtVersion,
  factsFor,
  allDirectiveNames,
  invalidKeywords,
  keywordArguments,
  type Context,
  type DirectiveFact,
} from "../model/directives";
import { sharedObjectOf, type Build } from "../model/build";
import type { Version } from "../model/version";
import type { ConfigNode } from "./config";
import { judgeParameters, parameterTable } from "../model/parameters";
import { quoteOf } from "../parser/ast";

export type Resolution =
  /** Not a directive nginx checks: table entries, Lua, blocks nginx does not describe, nameless blocks. */
  | { readonly kind: "skip" }
  | { readonly kind: "ok"; readonly fact: DirectiveFact }
  | { readonly kind: "unknown" }
  /** Exists only outside open-source nginx (NGINX Plus) or in a module that is not built in (njs). */
  | { readonly kind: "not-built-in"; readonly fact: DirectiveFact }
  /** Exists in newer (or only older) nginx than the target. */
  | { readonly kind: "version"; readonly fact: DirectiveFact }
  | { readonly kind: "not-allowed"; readonly facts: readonly DirectiveFact[] }
  /** Of a module the target build ships as a dynamic module that the configuration does not load. */
  | {
      readonly kind: "needs-module";
      readonly fact: DirectiveFact;
      readonly module: string;
      /** True when the build does not have the module at all (no load_module can bring it). */
      readonly absent: boolean;
    };

/** What the engine knows of the build: the modules it ships as dynamic ones, and which are loaded. */
export interface ModuleState {
  readonly build: Build;
  /** The `.so` names (without extension) the configuration loads with `load_module`. */
  readonly loaded: ReadonlySet<string>;
}

/** Contexts in which names are not directives, or which nginx itself does not describe. */
function isCheckedContext(context: Context): boolean {
  return context !== "table" && context !== "unknown";
}

/** Resolves a node's directive against the facts at the target version (and build, when given). */
export function resolveDirective(node: ConfigNode, target: Version, modules?: ModuleState): Resolution {
  let resolution = resolveFacts(node, target);
  if (!modules) return resolution;
  // A directive the build has ahead of its version is what it is in the newer nginx.
  if (resolution.kind === "version" && modules.build.backported.has(resolution.fact.name)) {
    const newer = resolution.fact;
    resolution = allowsContext(newer, node.context)
      ? { kind: "ok", fact: newer }
      : { kind: "not-allowed", facts: [newer] };
  }
  if (resolution.kind !== "ok" && resolution.kind !== "version" && resolution.kind !== "not-allowed")
    return resolution;
  const fact = resolution.kind === "not-allowed" ? resolution.facts[0] : resolution.fact;
  if (!fact) return resolution;
  if (modules.build.absent.has(fact.module))
    return { kind: "needs-module", fact, module: fact.module, absent: true };
  const module = sharedObjectOf(fact);
  if (module && modules.build.dynamic.has(module) && !modules.loaded.has(module))
    return { kind: "needs-module", fact, module, absent: false };
  return resolution;
}

function resolveFacts(node: ConfigNode, target: Version): Resolution {
  const name = node.directive.name;
  if (name.value === "" || !isCheckedContext(node.context)) return { kind: "skip" };
  const all = factsFor(name.value);
  if (all.length === 0) return { kind: "unknown" };
  const open = all.filter((f) => f.origin === "nginx" || f.origin === "docs_only");
  const available = open
    .map((f) => factAtVersion(f, target))
    .filter((f): f is DirectiveFact => f !== undefined);
  const here = available.find((f) => allowsContext(f, node.context));
  if (here) return { kind: "ok", fact: here };
  if (available.length > 0) return { kind: "not-allowed", facts: available };
  const inOtherVersion = open.find((f) => allowsContext(f, node.context)) ?? open[0];
  if (inOtherVersion) return { kind: "version", fact: inOtherVersion };
  return { kind: "not-built-in", fact: all[0] as DirectiveFact };
}

/**
 * Memoizes resolutions for one analysis run. A resolution depends only on the context and the name,
 * so a config of a million lines resolves a few hundred distinct pairs. The node asked about last is
 * remembered too: the engine and then each rule interested in a node ask about it in turn.
 */
export class Resolver {
  private readonly byContext = new Map<string, Map<string, Resolution>>();
  private lastNode: ConfigNode | undefined;
  private lastResolution: Resolution = { kind: "skip" };
  constructor(
    readonly target: Version,
    readonly modules?: ModuleState,
  ) {}

  resolve(node: ConfigNode): Resolution {
    if (node === this.lastNode) return this.lastResolution;
    const name = node.directive.name;
    let resolution: Resolution;
    if (quoteOf(name, node.file.parsed.text) !== null)
      resolution = resolveDirective(node, this.target, this.modules);
    else {
      let names = this.byContext.get(node.context);
      if (!names) {
        names = new Map();
        this.byContext.set(node.context, names);
      }
      let known = names.get(name.value);
      if (!known) {
        known = resolveDirective(node, this.target, this.modules);
        names.set(name.value, known);
      }
      resolution = known;
    }
    this.lastNode = node;
    this.lastResolution = resolution;
    return resolution;
  }
}

/** Edit distance with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      // A swap of two neighbours counts as one edit (proxy_psas -> proxy_pass).
      const swapped =
        i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]
          ? (previous[j - 2] ?? value) + 1
          : value;
      current.push(Math.min(value, swapped));
      rowMin = Math.min(rowMin, current[j] as number);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * Known directive names close to `name`, best first: those allowed in `context` at the target, or
 * with `context` undefined, those allowed anywhere at the target.
 */
export function suggestDirectives(name: string, context: Context | undefined, target: Version): string[] {
  const max = name.length <= 4 ? 1 : 2;
  const scored: [string, number][] = [];
  for (const candidate of allDirectiveNames()) {
    const distance = editDistance(name, candidate, max);
    if (distance > max) continue;
    const usable = factsFor(candidate).some((f) => {
      const at = factAtVersion(f, target);
      return (
        at !== undefined &&
        (f.origin === "nginx" || f.origin === "docs_only") &&
        (context === undefined || allowsContext(at, context))
      );
    });
    if (usable) scored.push([candidate, distance]);
  }
  return scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).map(([n]) => n);
}

/**
 * True when directive `name`, at this node's place and target version, accepts the node's arguments
 * (their number, and their values where they are on/off or keywords) and its block — or, when the
 * statement has no block, a `;` (`terminated` says whether it has one).
 * Fixes use it: a rename or an inserted `;` is applied unasked only when nginx would accept the result.
 */
export function fitsAsWritten(node: ConfigNode, name: string, target: Version, terminated: boolean): boolean {
  const d = node.directive;
  const hasBlock = d.block !== undefined || d.raw !== undefined;
  if (!hasBlock && !terminated) return false;
  return factsFor(name).some((f) => {
    const fact = factAtVersion(f, target);
    if (!fact || !fact.arity || !allowsContext(fact, node.context) || fact.block !== hasBlock) return false;
    const count = d.args.length;
    const min = fact.arity.flag ? 1 : fact.arity.min;
    const max = fact.arity.flag ? 1 : fact.arity.max;
    if (count < min || (max !== null && count > max)) return false;
    const keywords = keywordArguments(fact, count);
    if (keywords && invalidKeywords(keywords, d.args).length > 0) return false;
    // Parameters nginx refuses (`listen` reading the next line's words as its parameters, say).
    const table = parameterTable(name, node.context);
    return !table || ![...judgeParameters(table, d.args, target).values()].some((v) => v.refused);
  });
}
