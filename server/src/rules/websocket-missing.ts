// A location proxies with none of the WebSocket setup in effect. Most proxied locations serve plain
// HTTP, so by default (`websocket.missingSeverity: auto`) this is a Warning only with evidence that the
// location serves WebSockets (its path, its upstream, the rest of the configuration: see
// rules/websocket/evidence.ts), each reason named in the message, and a Hint without.

import { Severity } from "../analysis/finding";
import { severityFromName } from "../settings";
import { type Rule } from "./rule";
import { headerSpan, judgedLevels, reportLevel, shortLabel, summary, writtenAs } from "./websocket/levels";

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
      const pass = writtenAs(level.proxyPass);
      reportLevel(
        ctx,
        {
          code: this.id,
          severity,
          // Where and what first (a list of problems shows about 100 characters), then why it
          // matters here and what each missing piece does.
          message:
            summary(`No WebSocket setup in "${shortLabel(level.level)}": needs `, [
              "Upgrade",
              // A passed-through `Connection $http_connection` alone is complete, and not WebSocket intent.
              ...(verdict.problems.connection !== "upgrade" ? ["Connection"] : []),
              ...(verdict.problems.version ? ["HTTP/1.1"] : []),
              ...(verdict.problems.cacheBypass ? ["a cache bypass"] : []),
            ]) +
            ` It proxies to ${target}` +
            (reasons.length > 0 ? `, although ${reasons.join(", and ")}` : "") +
            `: ${verdict.problems.phrases.join("; ")}.`,
          related: [
            ...(elsewhere
              ? [
                  {
                    ...headerSpan(elsewhere),
                    message: "The same upstream and path, with WebSocket support",
                  },
                ]
              : []),
            {
              file: pass.file.path,
              start: pass.directive.name.start,
              end: pass.directive.end,
              message: "Proxied here without the WebSocket headers",
            },
          ],
        },
        { level, verdict },
        mapDefined,
        "Add WebSocket proxying",
      );
    }
  },
};
