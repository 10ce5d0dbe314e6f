// nginx refuses a name no module defines: `unknown directive "proxy_passs"`. Offers the closest names
// allowed at that place as fixes, and explains names that need NGINX Plus or a module.

import * as path from "node:path";
import type { ConfigNode } from "../analysis/config";
import { hasGlob } from "../analysis/files";
import { Severity } from "../analysis/finding";
import { fitsAsWritten, suggestDirectives } from "../analysis/resolve";
import { wouldRepeat } from "./duplicate-directive";
import { nameSpan, nodeRule, type RuleContext, statementLineSpan } from "./rule";

export const unknownDirective = nodeRule({
  id: "unknown-directive",
  defaultSeverity: Severity.Error,
  description: "A directive name that no module of the target nginx defines (with did-you-mean fixes).",
  visits: { kinds: ["unknown", "not-built-in", "needs-module"] },
  // Its severity depends on the configuration (dynamic modules may define the name), so it asks
  // ctx.severity with that fallback rather than taking the default handed in.
  visit(node, ctx, { resolution }) {
    if (resolution.kind === "needs-module") {
      reportNeedsModule(node, ctx, this.id, resolution.module, resolution.absent);
      return;
    }
    const name = node.directive.name.value;
    const span = nameSpan(node);
    // Directives from modules the engine cannot see may be loaded by `load_module`.
    const fallback = ctx.loadsDynamicModules ? Severity.Warning : Severity.Error;
    const severity = ctx.severity(this.id, fallback);
    if (severity === "off") return;
    let message = `Unknown directive "${name}"`;
    if (resolution.kind === "not-built-in") {
      message +=
        resolution.fact.origin === "commercial"
          ? ": it exists only in the commercial NGINX Plus"
          : ": it comes from the njs module, which must be loaded with load_module";
    } else if (/_by_lua(_block|_file)?$|^lua_/.test(name)) {
      message += ": it comes from the third-party Lua module (OpenResty), which must be loaded";
    }
    const here = resolution.kind === "unknown" ? suggestDirectives(name, node.context, ctx.target) : [];
    // A near name that belongs elsewhere is still worth naming, but not worth applying unasked.
    const suggestions =
      here.length > 0 || resolution.kind !== "unknown"
        ? here
        : suggestDirectives(name, undefined, ctx.target);
    // Applied unasked (--fix, fix all) only when the renamed statement is then valid as written, in a
    // file whose structure is not in doubt (with a brace missing, a rename can land anywhere).
    const preferable =
      node.file.parsed.errors.length === 0 &&
      here.length === 1 &&
      fitsAsWritten(node, here[0] as string, ctx.target, node.directive.semicolon !== undefined) &&
      (here[0] !== "include" || includedFileExists(node, ctx)) &&
      // The body of a block with an unknown name is not checked; renamed unasked, what is wrong
      // inside would surface only then.
      node.children.length === 0;
    if (suggestions.length > 0) message += `. Did you mean "${suggestions.slice(0, 3).join('", "')}"?`;
    ctx.report({
      ...statementLineSpan(node),
      code: this.id,
      severity,
      message,
      // A rename is offered only when nginx would accept the renamed statement as written: one that
      // trades this error for another (a wrong value, a missing block, "is duplicate" beside the
      // same directive) is not a fix. The message still names the near names.
      fixes: suggestions
        .slice(0, 3)
        .map((suggestion, index) => ({
          title: `Change to "${suggestion}"`,
          edits: [{ ...span, newText: suggestion }],
          preferred: index === 0 && preferable,
        }))
        .filter((fix) => {
          const renamed = fix.edits[0]?.newText ?? "";
          return (
            fitsAsWritten(node, renamed, ctx.target, node.directive.semicolon !== undefined) &&
            !wouldRepeat(node, renamed, ctx)
          );
        }),
    });
  },
});

/**
 * Whether the file a statement would include, once renamed to `include`, is there: renamed unasked,
 * a misspelt `include` of a missing file would turn into nginx failing to open it. A glob is fine
 * either way (nginx accepts one that matches nothing).
 */
function includedFileExists(node: ConfigNode, ctx: RuleContext): boolean {
  const target = node.directive.args[0]?.value;
  if (target === undefined) return false;
  if (hasGlob(target)) return true;
  return ctx.fs.kind(path.resolve(ctx.config.prefix, target)) === "file";
}

/**
 * A directive of a module the target build ships as a dynamic one, in a configuration that does not
 * load it: nginx says `unknown directive`. Reported once, at the outermost such directive (nginx
 * stops there; what is inside a `stream { }` it does not know is never read).
 */
function reportNeedsModule(
  node: ConfigNode,
  ctx: RuleContext,
  code: string,
  module: string,
  absent: boolean,
): void {
  const parent = node.parent;
  if (parent && ctx.resolver.resolve(parent).kind === "needs-module") return;
  // An include of a modules folder may load it where the engine cannot see.
  // (A module the build does not have cannot be loaded at all.)
  const fallback = ctx.complete && (absent || !ctx.loadsDynamicModules) ? Severity.Error : Severity.Warning;
  const severity = ctx.severity(code, fallback);
  if (severity === "off") return;
  const name = node.directive.name.value;
  const build = ctx.resolver.modules?.build.name ?? "";
  ctx.report({
    ...statementLineSpan(node),
    code,
    severity,
    message: absent
      ? `Unknown directive "${name}" in this nginx build (${build}): it comes from ${module}, which the build does not have`
      : `Unknown directive "${name}" in this nginx build (${build}): it comes from ${module}, a dynamic module, which needs "load_module modules/${module}.so;"`,
  });
}
