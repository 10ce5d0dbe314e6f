// nginx parses the parameters of `listen`, of `server` in an upstream and of `resolver` itself and
// refuses a word it does not know: `invalid parameter "quic"` (quic arrived in 1.25.0). Parameters
// of the target version are checked against the table of ../model/parameters.ts; those of NGINX Plus
// say so; one nginx still reads but warns about is a warning.

import { Severity } from "../analysis/finding";
import { atOrAfter, findParameter, parameterTable } from "../model/parameters";
import { formatVersion } from "../model/version";
import { type Rule } from "./rule";

/**
 * The table holds every parameter the handlers of nginx 1.22.1 parse (each checked against its
 * nginx -t by test/e2e/parameters.test.ts); a newer nginx may parse words it does not list yet.
 */
const NEWER_THAN_COMPLETE = "1.22.2";

export const invalidParameter: Rule = {
  id: "invalid-parameter",
  defaultSeverity: Severity.Error,
  description:
    'A parameter of "listen", an upstream "server" or "resolver" that the target nginx does not accept.',
  visits: { kinds: ["ok"], names: ["listen", "server", "resolver"] },
  visit(node, ctx) {
    const configured = ctx.severity(this.id, this.defaultSeverity);
    if (configured === "off") return;
    const name = node.directive.name.value;
    const table = parameterTable(name, node.context);
    if (!table) return;
    const target = ctx.target;
    const version = formatVersion(target);
    const args = node.directive.args;
    for (let i = table.skipFirst ? 1 : 0; i < args.length; i++) {
      const arg = args[i];
      if (!arg || arg.value.includes("$")) continue;
      if (table.onlyNamed && !arg.value.includes("=")) continue;
      const fact = findParameter(table, arg.value);
      let message: string | undefined;
      // What nginx says: resolver takes a word it does not know for a host name.
      const says = name === "resolver" ? "host not found in resolver" : "invalid parameter";
      let severity: Severity = Severity.Error;
      if (!fact) {
        // A word missing from the table is an error only for targets it is known to list completely;
        // a newer nginx may have gained parameters it does not know yet.
        if (atOrAfter(target, NEWER_THAN_COMPLETE)) severity = Severity.Warning;
        message = `"${arg.value}" is not a parameter of "${name}" in nginx ${version} (nginx says "${says}")`;
      } else if (fact.platform) {
        continue;
      } else if (fact.commercial) {
        message = `"${arg.value}" is a parameter of "${name}" only in the commercial NGINX Plus; nginx ${version} refuses it ("${says}")`;
      } else if (fact.since && !atOrAfter(target, fact.since)) {
        message = `"${arg.value}" is not a parameter of "${name}" in the target nginx ${version}: it appeared in nginx ${fact.since}`;
      } else if (fact.until && atOrAfter(target, fact.until)) {
        if (fact.removal === "warning") severity = Severity.Warning;
        message = `"${arg.value}" is no longer a parameter of "${name}" since nginx ${fact.until}${fact.removal === "warning" ? " (nginx ignores it with a warning)" : ""}`;
      } else if (fact.deprecated && atOrAfter(target, fact.deprecated)) {
        severity = Severity.Warning;
        message = `"${arg.value}" on "${name}" is deprecated since nginx ${fact.deprecated}${fact.instead ? `: use ${fact.instead} instead` : ""}`;
      }
      if (!message) continue;
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
};
