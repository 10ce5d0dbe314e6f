// A location proxies with none of the WebSocket setup in effect. Information by default (most proxied
// locations serve plain HTTP); a Warning when the location or its upstream looks like a WebSocket
// endpoint (settings: websocket.missingSeverity, websocket.endpointPatterns).

import { Severity, withLazyFixes } from "../analysis/finding";
import { looksLikeEndpoint } from "../analysis/websocket";
import { websocketFixes } from "../analysis/websocket-fix";
import { endpointPatternsOf, severityFromName } from "../settings";
import { type Rule } from "./rule";
import { describeLevel, headerSpan, judgedLevels } from "./websocket-common";

export const websocketMissing: Rule = {
  id: "websocket-missing",
  defaultSeverity: Severity.Information,
  description:
    "A proxied location with no WebSocket setup at all (Information; Warning when it looks like a WebSocket endpoint).",
  check(ctx) {
    const { levels, mapDefined } = judgedLevels(ctx);
    const setting = ctx.settings.websocket.missingSeverity;
    const patterns = endpointPatternsOf(ctx.settings);
    for (const { level, verdict } of levels) {
      if (verdict.kind !== "missing") continue;
      const endpoint = looksLikeEndpoint(level, patterns);
      const fallback =
        setting === "auto" ? (endpoint ? Severity.Warning : Severity.Information) : severityFromName(setting);
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
              (endpoint ? " although it looks like a WebSocket endpoint" : "") +
              `: ${verdict.problems.phrases.join("; ")}`,
          },
          () => websocketFixes(level, verdict, mapDefined, "Add WebSocket proxying"),
        ),
      );
    }
  },
};
