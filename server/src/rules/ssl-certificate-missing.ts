// nginx refuses a server that listens with `ssl` but has no certificate in effect: `no
// "ssl_certificate" is defined for the "listen ... ssl" directive`, reported at the server block.

import type { ConfigNode, LoadedConfig } from "../analysis/config";
import { Severity } from "../analysis/finding";
import { nameSpan, type Rule } from "./rule";

/** True when a level holds the directive, or an include we could not follow (which might hold it). */
function levelMayDefine(children: readonly ConfigNode[], name: string, config: LoadedConfig): boolean {
  return children.some(
    (c) =>
      c.directive.name.value === name ||
      (c.directive.name.value === "include" && (config.included.get(c)?.length ?? 0) === 0),
  );
}

export const sslCertificateMissing: Rule = {
  id: "ssl-certificate-missing",
  defaultSeverity: Severity.Error,
  description: 'A server that listens with "ssl" but has no ssl_certificate in effect.',
  visits: { names: ["server"] },
  visit(node, ctx) {
    const severity = ctx.severity(this.id, this.defaultSeverity);
    if (severity === "off") return;
    if (node.directive.name.value !== "server" || node.context !== "http:http" || !node.directive.block)
      return;
    const sslListen = node.children.find(
      (c) => c.directive.name.value === "listen" && c.directive.args.slice(1).some((a) => a.value === "ssl"),
    );
    if (!sslListen) return;
    if (levelMayDefine(node.children, "ssl_certificate", ctx.config)) return;
    // The certificate may also be inherited from the http level. For a fragment whose servers stand
    // at its top level, that level is the includer's, which is assumed to have none (as usual).
    const http = node.parent;
    if (http && levelMayDefine(http.children, "ssl_certificate", ctx.config)) return;
    ctx.report({
      ...nameSpan(node),
      code: this.id,
      severity,
      message:
        'This server listens with "ssl" but no ssl_certificate is defined for it (nginx refuses to start)',
      related: [
        { ...nameSpan(sslListen), end: sslListen.directive.end, message: "the listen ... ssl directive" },
      ],
    });
  },
};
