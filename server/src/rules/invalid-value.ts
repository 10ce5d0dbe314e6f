// nginx checks the values of on/off flags and of fixed keyword lists when it reads them:
// `invalid value "yes" in "gzip" directive, it must be "on" or "off"`.

import { Severity } from "../analysis/finding";
import { invalidKeywords, keywordArguments } from "../model/directives";
import { nodeRule } from "./rule";

export const invalidValue = nodeRule({
  id: "invalid-value",
  defaultSeverity: Severity.Error,
  description:
    'A value nginx does not accept for an on/off flag or a fixed list of keywords (e.g. "gzip yes").',
  visits: { kinds: ["ok"] },
  visit(node, ctx, { severity, resolution }) {
    const fact = resolution.fact;
    const args = node.directive.args;
    const name = node.directive.name.value;
    const keywords = keywordArguments(fact, args.length);
    if (!keywords) return;
    const allowed = keywords.allowed;
    for (const arg of invalidKeywords(keywords, args)) {
      const list = allowed.map((v) => `"${v}"`).join(allowed.length === 2 ? " or " : ", ");
      ctx.report({
        file: node.file.path,
        start: arg.start,
        end: arg.end,
        code: this.id,
        severity,
        message: `Invalid value "${arg.value}" for "${name}": it must be ${allowed.length === 2 ? "" : "one of "}${list}`,
        fixes:
          allowed.length <= 3
            ? allowed.map((value) => ({
                title: `Change to "${value}"`,
                edits: [{ file: node.file.path, start: arg.start, end: arg.end, newText: value }],
                preferred: false,
              }))
            : undefined,
      });
    }
  },
});
