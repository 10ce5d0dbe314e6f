// nginx's rules for a location inside a location: not inside an exact (`=`) or named (`@`) location,
// a named location only at server level, and a nested prefix location must start with its parent's
// path (`location "/ws/" is outside location "/api/"`) — typically the sign of a missing `}`.

import type { ConfigNode } from "../analysis/config";
import { Severity } from "../analysis/finding";
import { nameSpan, type Rule } from "./rule";

interface LocationMatch {
  readonly modifier: string;
  readonly path: string;
}

/** A location's modifier (`=`, `~`, `~*`, `^~`, `@`, or "" for a prefix) and its path or regex. */
export function locationMatch(node: ConfigNode): LocationMatch | undefined {
  const args = node.directive.args.map((a) => a.value);
  if (args.length === 2) return { modifier: args[0] as string, path: args[1] as string };
  const only = args[0];
  if (only === undefined) return undefined;
  // nginx also accepts the modifier glued to the path: `location =/x`, `location ~^/x`.
  for (const modifier of ["=", "~*", "^~", "~"]) {
    if (only.startsWith(modifier) && only.length > modifier.length)
      return { modifier, path: only.slice(modifier.length) };
  }
  if (only.startsWith("@")) return { modifier: "@", path: only };
  return { modifier: "", path: only };
}

export const locationNesting: Rule = {
  id: "location-nesting",
  defaultSeverity: Severity.Error,
  description:
    "A nested location nginx refuses: inside an exact or named location, a named one not at server level, or a path outside its parent's.",
  visits: { names: ["location"] },
  visit(node, ctx, { severity }) {
    if (node.context !== "http:location" || !node.parent) return;
    if (node.parent.directive.name.value !== "location") return;
    const inner = locationMatch(node);
    const outer = locationMatch(node.parent);
    if (!inner || !outer) return;
    let message: string | undefined;
    if (outer.modifier === "=")
      message = `location "${inner.path}" cannot be inside the exact location "${outer.path}"`;
    else if (outer.modifier === "@")
      message = `location "${inner.path}" cannot be inside the named location "${outer.path}"`;
    else if (inner.modifier === "@")
      message = `named location "${inner.path}" can be on the server level only`;
    else if (inner.modifier !== "~" && inner.modifier !== "~*" && !inner.path.startsWith(outer.path)) {
      message = `location "${inner.path}" is outside location "${outer.path}": a nested location must start with its parent's path`;
    }
    if (!message) return;
    ctx.report({
      ...nameSpan(node),
      code: this.id,
      severity,
      message: message + ' (is a "}" missing above?)',
      related: [{ ...nameSpan(node.parent), message: "the enclosing location" }],
    });
  },
};
