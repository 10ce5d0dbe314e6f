// nginx parses the parameters of `listen`, of `server` in an upstream and of `resolver` itself and
// refuses a word it does not know: `invalid parameter "quic"` (quic arrived in 1.25.0). Parameters
// of the target version are checked against the table of ../model/parameters.ts; those of NGINX Plus
// say so; one nginx still reads but warns about is a warning.

import { Severity } from "../analysis/finding";
import { judgeParameters, parameterTable } from "../model/parameters";
import { formatVersion } from "../model/version";
import { nodeRule } from "./rule";

// The table holds every parameter the handlers of nginx 1.22.1 parse (each checked against its
// nginx -t by test/e2e/parameters.test.ts); a newer nginx may parse words it does not list yet.

export const invalidParameter = nodeRule({
  id: "invalid-parameter",
  defaultSeverity: Severity.Error,
  description:
    'A parameter of "listen", an upstream "server" or "resolver" that the target nginx does not accept.',
  visits: { kinds: ["ok"], names: ["listen", "server", "resolver"] },
  visit(node, ctx, { severity: configured }) {
    const name = node.directive.name.value;
    const table = parameterTable(name, node.context);
    if (!table) return;
    const version = formatVersion(ctx.target);
    const args = node.directive.args;
    for (const [i, verdict] of judgeParameters(table, args, ctx.target)) {
      const arg = args[i];
      if (!arg) continue;
      // What nginx says: resolver takes a word it does not know for a host name.
      const says = name === "resolver" ? "host not found in resolver" : "invalid parameter";
      const severity = verdict.refused ? Severity.Error : Severity.Warning;
      let message: string;
      if (verdict.kind === "unknown")
        // A word missing from the table is an error only for targets it is known to list completely;
        // a newer nginx may have gained parameters it does not know yet.
        message = `"${arg.value}" is not a parameter of "${name}" in nginx ${version} (nginx says "${says}")`;
      else if (verdict.kind === "commercial")
        message = `"${arg.value}" is a parameter of "${name}" only in the commercial NGINX Plus; nginx ${version} refuses it ("${says}")`;
      else if (verdict.kind === "too-new")
        message = `"${arg.value}" is not a parameter of "${name}" in the target nginx ${version}: it appeared in nginx ${verdict.fact.since}`;
      else if (verdict.kind === "removed")
        message = `"${arg.value}" is no longer a parameter of "${name}" since nginx ${verdict.fact.until}${verdict.fact.removal === "warning" ? " (nginx ignores it with a warning)" : ""}`;
      else
        message = `"${arg.value}" on "${name}" is deprecated since nginx ${verdict.fact.deprecated}${verdict.fact.instead ? `: use ${verdict.fact.instead} instead` : ""}`;
      ctx.report({
        file: node.file.path,
        start: arg.start,
        end: arg.end,
        code: this.id,
        // A severity the user chose wins; otherwise the one nginx's own behaviour calls for.
        severity: configured === this.defaultSeverity ? severity : configured,
        message,
      });
    }
  },
});
