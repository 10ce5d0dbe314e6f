// A directive the target nginx version does not have (for example `http2 on;` before 1.25.1): nginx of
// that version says `unknown directive`. The message names the version that has it.

import { Severity } from "../analysis/finding";
import { compareVersions, formatVersion, parseVersion } from "../model/version";
import { nodeRule, statementLineSpan } from "./rule";

export const unsupportedInVersion = nodeRule({
  id: "unsupported-in-version",
  defaultSeverity: Severity.Error,
  description: "A directive that the target nginx version does not have yet (or no longer has).",
  visits: { kinds: ["version"] },
  visit(node, ctx, { severity, resolution }) {
    const fact = resolution.fact;
    // A directive documented as older than 1.22.1 but absent from its source came from the commercial
    // NGINX Plus (the docs' version is a Plus one) and reached open-source nginx later.
    const plusOnly =
      fact.origin === "nginx" &&
      !fact.in_1_22_1 &&
      fact.since !== null &&
      compareVersions(parseVersion(fact.since) ?? [0, 0, 0], [1, 22, 1]) <= 0;
    const when =
      fact.origin === "docs_only"
        ? "it was removed in later nginx versions"
        : plusOnly
          ? "it existed only in the commercial NGINX Plus then, and came to open-source nginx later"
          : fact.since
            ? `it appeared in nginx ${fact.since}`
            : "it appeared after nginx 1.22.1";
    ctx.report({
      ...statementLineSpan(node),
      code: this.id,
      severity,
      message: `"${fact.name}" is not available in the target nginx ${formatVersion(ctx.target)}: ${when}`,
    });
  },
});
