// A location proxies with none of the WebSocket setup in effect. Most proxied locations serve plain
// HTTP, so by default (`websocket.missingSeverity: auto`) this is a Warning only with evidence that the
// location serves WebSockets (its path, its upstream, the rest of the configuration: see
// analysis/websocket-evidence.ts), each reason named in the message, and a Hint without.

import { Severity, withLazyFixes } from "../analysis/finding";
import { websocketFixes } from "../analysis/websocket-fix";
import { severityFromName } from "../settings";
import { type Rule } from "./rule";
import { describeLevel, headerSpan, judgedLevels } from "./websocket-common";

export const websocketMissing: Rule = {
  id: "websocket-missing",
  defaultSeverity: Severity.Hint,
  description:
    "A proxied location with no WebSocket setup at all (Warning when something says it serves WebSockets, else Hint).",
  check(ctx) {
    const { levels, mapDefined, evidence } = judgedLevels(ctx);
    const setting = ctx.settings.websocket.missingSeverity;
    for (const { level, verdict } of levels) {
      if (verdict.kind !== "missing") continue;
      const { reasons, elsewhere } = evidence.evidenceFor(level);
      const fallback =
        setting === "auto"
          ? reasons.length > 0
            ? Severity.Warning
            : Severity.Hint
          : severityFromName(setting);
      const severity = fallback === "off" ? "off" : ctx.severity(this.id, fallback);
      if (severity === "off") continue;
      const target = level.proxyPass.directive.args[0]?.value ?? "";
      ctx.report(
        withLazyFixes(
          {
            ...headerSpan(level.level),
            code: this.id,
            severity,
            message:
              `"${describeLevel(level.level)}" proxies to ${target} without WebSocket support` +
              (reasons.length > 0 ? `, although ${reasons.join(", and ")}` : "") +
              `: ${verdict.problems.phrases.join("; ")}`,
            ...(elsewhere
              ? {
                  related: [
                    {
                      ...headerSpan(elsewhere),
                      message: "The same upstream and path, with WebSocket support",
                    },
                  ],
                }
              : {}),
          },
          () => websocketFixes(level, verdict, mapDefined, "Add WebSocket proxying"),
        ),
      );
    }
  },
};
