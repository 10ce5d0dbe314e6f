// nginx refuses a server with more certificates than keys in effect: `no "ssl_certificate_key" is
// defined for certificate "x.crt"` (each `ssl_certificate` pairs with the `ssl_certificate_key` of
// the same rank). Both lists are inherited from the http level, each on its own, only when the server
// sets none of that directive.

import type { ConfigNode } from "../analysis/config";
import { Severity } from "../analysis/finding";
import { inheritedInServer, nameSpan, type Rule } from "./rule";

export const sslCertificateKeyMissing: Rule = {
  id: "ssl-certificate-key-missing",
  defaultSeverity: Severity.Error,
  description: "An ssl_certificate with no ssl_certificate_key of the same rank in effect.",
  visits: { names: ["server"] },
  visit(node, ctx, { severity }) {
    if (node.context !== "http:http" || !node.directive.block) return;
    const certificates = inheritedInServer(ctx, node, "ssl_certificate");
    const keys = inheritedInServer(ctx, node, "ssl_certificate_key");
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
