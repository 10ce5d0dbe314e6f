// Where a variable comes from: nginx itself (one of BUILTIN_VARIABLES, or a family such as `$http_*`), or
// the configuration (the `map`, `set`, `geo`, ... that defines it). Shared by hover, completion and
// go to definition.

import type { ConfigNode } from "../analysis/config";
import { definedName } from "../analysis/variables";
import { subsystemOf, type Context } from "../model/directives";
import { BUILTIN_VARIABLES, type VariableFact } from "../model/variables";

/** Every node that defines a variable, by name, in configuration order. */
export function variableDefinitions(nodes: readonly ConfigNode[]): Map<string, ConfigNode[]> {
  const out = new Map<string, ConfigNode[]>();
  for (const node of nodes) {
    const name = definedName(node);
    if (name === undefined) continue;
    const list = out.get(name);
    if (list) list.push(node);
    else out.set(name, [node]);
  }
  return out;
}

/** The subsystem whose variables apply in a context (`stream` in a stream block, else `http`). */
export function variableSubsystem(context: Context): "http" | "stream" {
  return subsystemOf(context) === "stream" ? "stream" : "http";
}

/**
 * The built-in fact for a name in a subsystem: the variable itself, or else the longest prefix family
 * it belongs to (`$arg_page` is one of `$arg_*`).
 */
export function builtinVariable(name: string, subsystem: "http" | "stream"): VariableFact | undefined {
  let family: VariableFact | undefined;
  for (const fact of BUILTIN_VARIABLES) {
    if (fact.subsystem !== subsystem) continue;
    if (!fact.prefix && fact.name === name) return fact;
    if (
      fact.prefix &&
      name.length > fact.name.length &&
      name.startsWith(fact.name) &&
      (!family || fact.name.length > family.name.length)
    ) {
      family = fact;
    }
  }
  return family;
}

/** The built-in variables (and families) of a subsystem. */
export function builtinVariables(subsystem: "http" | "stream"): VariableFact[] {
  return BUILTIN_VARIABLES.filter((fact) => fact.subsystem === subsystem);
}
