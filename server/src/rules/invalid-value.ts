// nginx checks the values of on/off flags and of fixed keyword lists when it reads them:
// `invalid value "yes" in "gzip" directive, it must be "on" or "off"`.

import { Severity } from "../analysis/finding";
import { type Rule } from "./rule";

const lowered = new Map<readonly string[], ReadonlySet<string>>();

/** The allowed keywords in lower case, computed once per list (they are shared by every use). */
function lowerCased(values: readonly string[]): ReadonlySet<string> {
  let set = lowered.get(values);
  if (!set) {
    set = new Set(values.map((v) => v.toLowerCase()));
    lowered.set(values, set);
  }
  return set;
}

const ON_OFF: readonly string[] = ["on", "off"];

export const invalidValue: Rule = {
  id: "invalid-value",
  defaultSeverity: Severity.Error,
  description:
    'A value nginx does not accept for an on/off flag or a fixed list of keywords (e.g. "gzip yes").',
  visits: { kinds: ["ok"] },
  visit(node, ctx) {
    const severity = ctx.severity(this.id, this.defaultSeverity);
    if (severity === "off") return;
    const resolution = ctx.resolver.resolve(node);
    if (resolution.kind !== "ok") return;
    const fact = resolution.fact;
    const args = node.directive.args;
    const name = node.directive.name.value;
    let allowed: readonly string[] | undefined;
    let checkAll = false;
    if (fact.source_handler === "ngx_conf_set_flag_slot" && args.length === 1) allowed = ON_OFF;
    else if (fact.enum_values && args.length === 1) allowed = fact.enum_values;
    else if (fact.bitmask_values) {
      allowed = fact.bitmask_values;
      checkAll = true;
    }
    if (!allowed) return;
    const lower = lowerCased(allowed);
    for (const arg of checkAll ? args : args.slice(0, 1)) {
      // nginx compares these keywords without regard to case.
      if (lower.has(arg.value.toLowerCase())) continue;
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
};
