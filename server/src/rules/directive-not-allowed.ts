// nginx refuses a known directive in a block where no module accepts it: `"proxy_pass" directive is
// not allowed here`. The message says where it is allowed.

import { Severity } from "../analysis/finding";
import { describeContexts } from "../model/directives";
import { nodeRule, statementLineSpan } from "./rule";

/** How a context key reads in a message. */
export function contextLabel(context: string): string {
  const [subsystem, place] = context.split(":");
  if (place === "main") return "the main (top) level";
  if (subsystem === "stream" || subsystem === "mail") return `${subsystem} ${place}`;
  return place ?? context;
}

export const directiveNotAllowed = nodeRule({
  id: "directive-not-allowed",
  defaultSeverity: Severity.Error,
  description: "A known directive placed in a block where nginx does not accept it.",
  visits: { kinds: ["not-allowed"] },
  visit(node, ctx, { severity, resolution }) {
    const name = node.directive.name.value;
    ctx.report({
      ...statementLineSpan(node),
      code: this.id,
      severity,
      message: `"${name}" is not allowed in ${contextLabel(node.context)}; it is allowed in: ${describeContexts(resolution.facts)}`,
    });
  },
});
