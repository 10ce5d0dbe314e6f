// nginx refuses a server with more certificates than keys in effect: `no "ssl_certificate_key" is
// defined for certificate "x.crt"` (each `ssl_certificate` pairs with the `ssl_certificate_key` of
// the same rank). Both lists are inherited from the http level, each on its own, only when the server
// sets none of that directive.

import type { ConfigNode } from "../analysis/config";
import { Severity } from "../analysis/finding";
import { nameSpan, statementsAt, type Rule } from "./rule";

export const sslCertificateKeyMissing: Rule = {
  id: "ssl-certificate-key-missing",
  defaultSeverity: Severity.Error,
  description: "An ssl_certificate with no ssl_certificate_key of the same rank in effect.",
  visits: { names: ["server"] },
  visit(node, ctx) {
    if (node.context !== "http:http" || !node.directive.block) return;
    const severity = ctx.severity(this.id, this.defaultSeverity);
    if (severity === "off") return;
    const http = node.parent;
    // The http level's lists, read once per http block: it can hold thousands of servers.
    const httpLevel = ctx.shared(
      "ssl-certificate-key-missing:http",
      () => new Map<ConfigNode, { certificates: ConfigNode[] | "unknown"; keys: ConfigNode[] | "unknown" }>(),
    );
    let inherited = http ? httpLevel.get(http) : undefined;
    if (http && !inherited) {
      inherited = {
        certificates: statementsAt(http.children, "ssl_certificate", ctx.config),
        keys: statementsAt(http.children, "ssl_certificate_key", ctx.config),
      };
      httpLevel.set(http, inherited);
    }
    const own = (name: string, fallback: ConfigNode[] | "unknown" | undefined): ConfigNode[] | "unknown" => {
      const here = statementsAt(node.children, name, ctx.config);
      return here !== "unknown" && here.length === 0 ? (fallback ?? []) : here;
    };
    const certificates = own("ssl_certificate", inherited?.certificates);
    const keys = own("ssl_certificate_key", inherited?.keys);
    if (certificates === "unknown" || keys === "unknown" || keys.length >= certificates.length) return;
    const unpaired = certificates[keys.length] as ConfigNode;
    // Reported where the server is when the certificate comes from the http level.
    const at = unpaired.parent === node ? unpaired : node;
    ctx.report({
      ...nameSpan(at),
      code: this.id,
      severity,
      message: `No ssl_certificate_key is in effect for the certificate "${unpaired.directive.args[0]?.value ?? ""}" (nginx refuses to start)`,
    });
  },
};
