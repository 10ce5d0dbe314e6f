// nginx refuses a known directive in a block where no module accepts it: `"proxy_pass" directive is
// not allowed here`. The message says where it is allowed.

import { Severity } from "../analysis/finding";
import { describeContexts } from "../model/directives";
import { statementLineSpan, type Rule } from "./rule";

/** How a context key reads in a message. */
export function contextLabel(context: string): string {
  const [subsystem, place] = context.split(":");
  if (place === "main") return "the main (top) level";
  if (subsystem === "stream" || subsystem === "mail") return `${subsystem} ${place}`;
  return place ?? context;
}

export const directiveNotAllowed: Rule = {
  id: "directive-not-allowed",
  defaultSeverity: Severity.Error,
  description: "A known directive placed in a block where nginx does not accept it.",
  visits: { kinds: ["not-allowed"] },
  visit(node, ctx) {
    const severity = ctx.severity(this.id, this.defaultSeverity);
    if (severity === "off") return;
    const resolution = ctx.resolver.resolve(node);
    if (resolution.kind !== "not-allowed") return;
    const name = node.directive.name.value;
    ctx.report({
      ...statementLineSpan(node),
      code: this.id,
      severity,
      message: `"${name}" is not allowed in ${contextLabel(node.context)}; it is allowed in: ${describeContexts(resolution.facts)}`,
    });
  },
};
