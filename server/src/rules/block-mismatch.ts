// A block directive written without `{` (`directive "location" has no opening "{"`) or a plain
// directive given a block (`directive "root" is not terminated by ";"`): both refused by nginx.

import { Severity } from "../analysis/finding";
import { nodeRule, statementSpan } from "./rule";

export const blockMismatch = nodeRule({
  id: "block-mismatch",
  defaultSeverity: Severity.Error,
  description: 'A block directive without "{ }", or a plain directive followed by a block.',
  visits: { kinds: ["ok"] },
  visit(node, ctx, { severity, resolution }) {
    const d = node.directive;
    const hasBlock = d.block !== undefined || d.raw !== undefined;
    if (resolution.fact.block && !hasBlock && d.semicolon !== undefined) {
      ctx.report({
        ...statementSpan(node),
        code: this.id,
        severity,
        message: `"${d.name.value}" opens a block: it needs "{ ... }" instead of ";"`,
      });
    } else if (!resolution.fact.block && hasBlock) {
      const open = d.block?.open ?? d.raw?.open ?? d.name.end;
      ctx.report({
        file: node.file.path,
        start: d.name.start,
        end: open + 1,
        code: this.id,
        severity,
        message: `"${d.name.value}" takes no block: it must end with ";" (is a ";" missing before "{"?)`,
      });
    }
  },
});
