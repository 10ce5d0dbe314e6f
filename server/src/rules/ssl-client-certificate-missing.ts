// nginx refuses a server that verifies client certificates (`ssl_verify_client on` or `optional`)
// without the CA certificates to verify them with: `no ssl_client_certificate for
// ssl_verify_client`, reported without a line. It checks this for each server that has TLS set up
// (a certificate, or `ssl_reject_handshake on`), with settings inherited from the http level.
// nginx 1.22.1 needs `ssl_client_certificate` itself (checked); later versions also accept
// `ssl_trusted_certificate`, so for them either one will do.

import type { ConfigNode } from "../analysis/config";
import { Severity } from "../analysis/finding";
import { compareVersions } from "../model/version";
import { inheritedInServer, nameSpan, type Rule } from "./rule";

export const sslClientCertificateMissing: Rule = {
  id: "ssl-client-certificate-missing",
  defaultSeverity: Severity.Error,
  description: "A server that verifies client certificates without ssl_client_certificate in effect.",
  visits: { names: ["server"] },
  visit(node, ctx, { severity }) {
    if (node.context !== "http:http" || !node.directive.block) return;
    /** The last statement of a name in effect in the server ("unknown" when an unread include may set it). */
    const effective = (name: string): ConfigNode | "unknown" | undefined => {
      const list = inheritedInServer(ctx, node, name);
      return list === "unknown" ? list : list[list.length - 1];
    };
    const verify = effective("ssl_verify_client");
    if (verify === undefined || verify === "unknown") return;
    const mode = verify.directive.args[0]?.value.toLowerCase();
    if (mode !== "on" && mode !== "optional") return;
    const certificate = effective("ssl_certificate");
    const reject = effective("ssl_reject_handshake");
    const rejects =
      reject !== undefined &&
      (reject === "unknown" || reject.directive.args[0]?.value.toLowerCase() === "on");
    // Without TLS set up for the server nginx does not look at its verification settings.
    if (certificate === undefined && !rejects) return;
    if (effective("ssl_client_certificate") !== undefined) return;
    const newer = compareVersions(ctx.target, [1, 22, 1]) > 0;
    if (newer && effective("ssl_trusted_certificate") !== undefined) return;
    ctx.report({
      ...nameSpan(verify),
      code: this.id,
      severity,
      message: `"ssl_verify_client ${mode}" needs the CA certificates to verify clients with: no ssl_client_certificate is in effect for this server (nginx refuses to start)`,
    });
  },
};
