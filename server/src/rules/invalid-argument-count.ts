// nginx checks each directive's argument count before running it: `invalid number of arguments in
// "listen" directive`. The counts come from the directive facts (NGX_CONF_TAKE*, 1MORE, FLAG, ...).

import { Severity } from "../analysis/finding";
import { nodeRule, statementLineSpan } from "./rule";

function expected(min: number, max: number | null): string {
  if (max === null) return `at least ${min}`;
  if (min === max) return `exactly ${min}`;
  return `${min} to ${max}`;
}

export const invalidArgumentCount = nodeRule({
  id: "invalid-argument-count",
  defaultSeverity: Severity.Error,
  description: "A directive given more or fewer arguments than nginx accepts.",
  visits: { kinds: ["ok"] },
  visit(node, ctx, { severity, resolution }) {
    if (!resolution.fact.arity) return;
    const d = node.directive;
    // A statement cut short by a syntax error is already reported there.
    if (d.semicolon === undefined && !d.block && !d.raw) return;
    const { min, max, flag } = resolution.fact.arity;
    const count = d.args.length;
    const low = flag ? 1 : min;
    const high = flag ? 1 : max;
    if (count >= low && (high === null || count <= high)) return;
    const plural = high === 1 && low === 1 ? "argument" : "arguments";
    ctx.report({
      ...statementLineSpan(node, "statement"),
      code: this.id,
      severity,
      message: `"${d.name.value}" takes ${expected(low, high)} ${plural}, but has ${count}`,
    });
  },
});
