// The proxy_set_header trap: an outer level sets Upgrade/Connection, but a level on the way defines
// proxy_set_header of its own (written there or through `include proxy_params;`), and nginx then
// inherits none of the outer ones. Names where the headers were lost and what shadowed them.

import { Severity } from "../analysis/finding";
import { describeLevel } from "../analysis/levels";
import { type Rule } from "./rule";
import { judgedLevels, reportLevel, shortLabel, shortProblems, summary, writtenAs } from "./websocket/levels";

export const websocketHeadersShadowed: Rule = {
  id: "websocket-headers-shadowed",
  defaultSeverity: Severity.Warning,
  description:
    "Upgrade/Connection headers set at an outer level are not inherited, because an inner level sets proxy_set_header of its own.",
  check(ctx, severity) {
    const { levels, mapDefined } = judgedLevels(ctx);
    for (const { level, verdict } of levels) {
      if (verdict.kind !== "shadowed") continue;
      const shadowing = level.headers.definedAt;
      const first = level.headers.headers[0];
      if (!shadowing || !first) continue;
      const by = writtenAs(first.node);
      const byText =
        by.directive.name.value === "include"
          ? `include ${by.directive.args[0]?.value ?? ""}`
          : "proxy_set_header " + (by.directive.args[0]?.value ?? "");
      // A fragment's own top level has no name of its own: it is some level of the file that includes it.
      const setIn = verdict.lost.definedAt
        ? `set in "${describeLevel(verdict.lost.definedAt)}"`
        : "set at an outer level";
      const where = shadowing === level.level ? "here" : `in "${describeLevel(shadowing)}"`;
      const others = verdict.problems.phrases.filter((p) => !/Upgrade|Connection/.test(p));
      const lost = verdict.lostHeaders.map((h) => h.node.directive.args[0]?.value ?? h.name);
      reportLevel(
        ctx,
        {
          code: this.id,
          severity,
          // Where and what first (a list of problems shows about 100 characters), then why.
          message:
            summary(`WebSocket headers lost in "${shortLabel(level.level)}": `, [
              `${lost.join(" and ")} ${lost.length === 1 ? "is" : "are"} not inherited`,
              ...shortProblems(level, verdict.problems, false),
            ]) +
            ` The ${lost.join("/")} headers ${setIn} are not inherited, because "${byText}" ${where} starts a new proxy_set_header list` +
            (others.length > 0 ? `; also ${others.join("; ")}` : "") +
            ".",
          related: [
            ...verdict.lostHeaders.map((h) => ({
              file: writtenAs(h.node).file.path,
              start: writtenAs(h.node).directive.name.start,
              end: writtenAs(h.node).directive.end,
              message: `${setIn}, not inherited`,
            })),
            {
              file: by.file.path,
              start: by.directive.name.start,
              end: by.directive.end,
              message: "this starts a new proxy_set_header list",
            },
          ],
        },
        { level, verdict },
        mapDefined,
        `Add the WebSocket headers ${where === "here" ? "to this location" : `to "${describeLevel(shadowing)}"`}`,
      );
    }
  },
};
