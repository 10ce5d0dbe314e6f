// The bodies of map, geo, split_clients and types are tables read line by line by their block's own
// handler: a block inside one is `unexpected "{"`, and a map line must be `key value;`.

import { Severity } from "../analysis/finding";
import { nodeRule } from "./rule";

/** How many words each table's lines may have (the key included), besides its special one-word lines. */
const WORDS: Readonly<Record<string, { min: number; max: number | null; single: readonly string[] }>> = {
  map: { min: 2, max: 2, single: ["hostnames", "volatile"] },
  geo: { min: 2, max: 2, single: ["ranges", "proxy_recursive"] },
  split_clients: { min: 2, max: 2, single: [] },
  types: { min: 1, max: null, single: [] },
};

export const invalidTableEntry = nodeRule({
  id: "invalid-table-entry",
  defaultSeverity: Severity.Error,
  description:
    "A line of a map, geo, split_clients or types body that nginx refuses (a block, or the wrong number of words).",
  visits: { kinds: ["skip"] },
  visit(node, ctx, { severity }) {
    if (node.context !== "table" || !node.parent) return;
    const d = node.directive;
    const table = node.parent.directive.name.value;
    if (d.block || d.raw) {
      const open = d.block?.open ?? d.raw?.open ?? d.name.end;
      ctx.report({
        file: node.file.path,
        start: open,
        end: open + 1,
        code: this.id,
        severity,
        message: `Unexpected "{" in a ${table} body: its lines are "key value;" pairs (is a "}" missing above?)`,
      });
      return;
    }
    const shape = WORDS[table];
    if (!shape || d.name.value === "include" || d.semicolon === undefined) return;
    const words = d.args.length + 1;
    if (words === 1 && shape.single.includes(d.name.value)) return;
    if (words < shape.min || (shape.max !== null && words > shape.max)) {
      ctx.report({
        file: node.file.path,
        start: d.name.start,
        end: d.semicolon + 1,
        code: this.id,
        severity,
        message: `A ${table} line takes ${shape.max === shape.min ? `exactly ${shape.min}` : `at least ${shape.min}`} words ("key value;"), but this one has ${words}`,
      });
    }
  },
});
