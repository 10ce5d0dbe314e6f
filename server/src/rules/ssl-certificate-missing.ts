// nginx refuses an address that listens with `ssl` when its default server has no certificate:
// `no "ssl_certificate" is defined for the "listen ... ssl" directive`. Only the default server of
// each address is checked (the one marked `default_server`, else the first to listen there; the
// `ssl` flag of an address is set when any server's listen on it says `ssl`), and not when that
// server rejects handshakes (`ssl_reject_handshake on`). Other servers on the address start without a
// certificate and fail only the handshakes that reach them.

import type { ConfigNode, LoadedConfig } from "../analysis/config";
import { Severity } from "../analysis/finding";
import { listenAddress } from "./duplicate-directive";
import { nameSpan, type Rule } from "./rule";

/** True when a level holds the directive, or an include we could not follow (which might hold it). */
function levelMayDefine(children: readonly ConfigNode[], name: string, config: LoadedConfig): boolean {
  return children.some(
    (c) =>
      c.directive.name.value === name ||
      (c.directive.name.value === "include" && (config.included.get(c)?.length ?? 0) === 0),
  );
}

/** The value of an on/off directive at a level, or undefined when the level does not set it. */
function flagAt(children: readonly ConfigNode[], name: string): boolean | undefined {
  let value: boolean | undefined;
  for (const c of children)
    if (c.directive.name.value === name) value = c.directive.args[0]?.value.toLowerCase() === "on";
  return value;
}

interface Address {
  ssl: ConfigNode | undefined;
  first: ConfigNode;
  defaultServer: ConfigNode | undefined;
}

const ADDRESSES = "ssl-certificate-missing:addresses";

export const sslCertificateMissing: Rule = {
  id: "ssl-certificate-missing",
  defaultSeverity: Severity.Error,
  description: 'An address listened on with "ssl" whose default server has no ssl_certificate in effect.',
  // The listens are collected as the engine walks the nodes; the addresses are judged at the end.
  visits: { names: ["listen"] },
  visit(listen, ctx) {
    if (listen.context !== "http:server") return;
    const server = listen.parent;
    if (!server) return;
    const address = listenAddress(listen.directive.args[0]?.value ?? "");
    if (address === undefined) return;
    const addresses = ctx.shared(ADDRESSES, () => new Map<string, Address>());
    const args = listen.directive.args;
    let entry = addresses.get(address);
    if (!entry) {
      entry = { ssl: undefined, first: server, defaultServer: undefined };
      addresses.set(address, entry);
    }
    for (let i = 1; i < args.length; i++) {
      const param = (args[i] as { value: string }).value;
      if (param === "ssl") entry.ssl ??= listen;
      else if (param === "default_server" || param === "default") entry.defaultServer ??= server;
    }
  },
  check(ctx, severity) {
    const addresses = ctx.shared(ADDRESSES, () => new Map<string, Address>());
    const reported = new Set<ConfigNode>();
    // What the http level sets, read once per http block (it can hold thousands of servers).
    const httpLevel = new Map<ConfigNode, { certificate: boolean; reject: boolean | undefined }>();
    const httpOf = (http: ConfigNode) => {
      let level = httpLevel.get(http);
      if (!level) {
        level = {
          certificate: levelMayDefine(http.children, "ssl_certificate", ctx.config),
          reject: flagAt(http.children, "ssl_reject_handshake"),
        };
        httpLevel.set(http, level);
      }
      return level;
    };
    for (const entry of addresses.values()) {
      if (!entry.ssl) continue;
      const server = entry.defaultServer ?? entry.first;
      if (reported.has(server)) continue;
      if (levelMayDefine(server.children, "ssl_certificate", ctx.config)) continue;
      // The certificate and ssl_reject_handshake may also come from the http level. For a fragment
      // whose servers stand at its top level, that level is the includer's, assumed to have neither.
      const http = server.parent;
      if (http && httpOf(http).certificate) continue;
      const reject =
        flagAt(server.children, "ssl_reject_handshake") ?? (http ? httpOf(http).reject : undefined);
      if (reject === true) continue;
      reported.add(server);
      const sslListen = server.children.find((c) => c === entry.ssl) ?? entry.ssl;
      ctx.report({
        ...nameSpan(server),
        code: this.id,
        severity,
        message:
          'This server is the default for an address that listens with "ssl" but no ssl_certificate is defined for it (nginx refuses to start)',
        related: [
          { ...nameSpan(sslListen), end: sslListen.directive.end, message: "the listen ... ssl directive" },
        ],
      });
    }
  },
};
