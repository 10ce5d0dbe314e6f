// A location has part of the WebSocket setup in effect but not all of it: the message names exactly
// what is missing or wrong (the Upgrade or Connection header, the HTTP version, the cache bypass).

import { Severity } from "../analysis/finding";
import { type Rule } from "./rule";
import { details, judgedLevels, reportLevel, shortLabel, shortProblems, summary } from "./websocket/levels";

export const websocketIncomplete: Rule = {
  id: "websocket-incomplete",
  defaultSeverity: Severity.Warning,
  description:
    "A proxied location with part of the WebSocket setup; the message names what is missing or wrong.",
  check(ctx, baseSeverity) {
    // A fixed `Upgrade: websocket` outside a WebSocket-only location works for the handshake; only
    // plain requests are affected, so alone it is worth a hint, not a warning.
    const literalSeverity = ctx.severity(this.id, Severity.Hint);
    const { levels, mapDefined } = judgedLevels(ctx);
    for (const { level, verdict } of levels) {
      if (verdict.kind !== "incomplete") continue;
      const onlyLiteral = verdict.problems.upgrade === "literal" && verdict.problems.phrases.length === 1;
      const severity = onlyLiteral ? literalSeverity : baseSeverity;
      if (severity === "off") continue;
      reportLevel(
        ctx,
        {
          code: this.id,
          severity,
          // Where and what first (a list of problems shows about 100 characters), then each explained.
          message:
            summary(
              `Incomplete WebSocket setup in "${shortLabel(level.level)}": `,
              shortProblems(level, verdict.problems),
            ) + details("In detail", verdict.problems.phrases),
        },
        { level, verdict },
        mapDefined,
        "Complete the WebSocket setup",
      );
    }
  },
};
