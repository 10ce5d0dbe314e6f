// The rule engine's contract with the rules: a per-node rule sees only the nodes its selector names,
// once each, in file order, with their resolution and its configured severity; a rule turned off is
// never called; whole-configuration checks run once, after the walk, with their severity.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { Severity } from "../../server/src/analysis/finding";
import { Resolver } from "../../server/src/analysis/resolve";
import { runRules } from "../../server/src/rules/engine";
import { nodeRule, type Rule } from "../../server/src/rules/rule";
import { analyze } from "../../server/src/service";
import { DEFAULT_SETTINGS } from "../../server/src/settings";

const FILE = "/nonexistent-engine/nginx.conf";
const TEXT = [
  "events {}",
  "http {",
  "    gzip on;",
  "    gzipp on;",
  "    server {",
  "        listen 80;",
  "        location / { gzip off; }",
  "    }",
  "}",
  "",
].join("\n");

/** The configuration of TEXT, and a run of `rules` over it with these severity overrides. */
function run(rules: readonly Rule[], severities: Record<string, Severity | "off"> = {}) {
  const fs = overlayFileSystem(new Map([[FILE, TEXT]]));
  const { config } = analyze(FILE, { fs, text: TEXT, prefix: "/nonexistent-engine" });
  const reported: string[] = [];
  runRules({
    config,
    fs,
    resolver: new Resolver([1, 22, 1]),
    target: [1, 22, 1],
    isMain: true,
    settings: DEFAULT_SETTINGS,
    severities,
    report: (f) => reported.push(f.message),
    rules,
  });
  return reported;
}

describe("rule engine", () => {
  it("hands a per-node rule the nodes its selector names, in file order, with their resolution and its severity", () => {
    const seen: string[] = [];
    const rule = nodeRule({
      id: "test-gzip",
      defaultSeverity: Severity.Warning,
      description: "",
      visits: { kinds: ["ok"], names: ["gzip"] },
      visit(node, _ctx, { severity, resolution }) {
        // `resolution` is typed as an `ok` one: its fact is there without a check.
        seen.push(`${node.directive.args[0]?.value}:${resolution.fact.name}:${severity}`);
      },
    });
    run([rule]);
    assert.deepEqual(seen, [`on:gzip:${Severity.Warning}`, `off:gzip:${Severity.Warning}`]);
    seen.length = 0;
    run([rule], { "test-gzip": Severity.Error });
    assert.deepEqual(seen, [`on:gzip:${Severity.Error}`, `off:gzip:${Severity.Error}`]);
  });

  it("selects by resolution kind alone, and by name alone", () => {
    const unknown: string[] = [];
    const servers: string[] = [];
    run([
      nodeRule({
        id: "test-unknown",
        defaultSeverity: Severity.Error,
        description: "",
        visits: { kinds: ["unknown"] },
        visit: (node) => unknown.push(node.directive.name.value),
      }),
      {
        id: "test-server",
        defaultSeverity: Severity.Error,
        description: "",
        visits: { names: ["server"] },
        visit: (node, _ctx, { resolution }) => servers.push(`${node.context}:${resolution.kind}`),
      },
    ]);
    assert.deepEqual(unknown, ["gzipp"]);
    assert.deepEqual(servers, ["http:http:ok"]);
  });

  it("never calls a rule turned off, per-node or whole-configuration", () => {
    let calls = 0;
    const rules: Rule[] = [
      { id: "a", defaultSeverity: Severity.Error, description: "", visit: () => calls++ },
      { id: "b", defaultSeverity: Severity.Error, description: "", check: () => calls++ },
    ];
    run(rules, { a: "off", b: "off" });
    assert.equal(calls, 0);
    run(rules);
    assert.ok(calls > 1, "on, the per-node rule sees every node and the check runs");
  });

  it("runs a whole-configuration check once, after the walk, with its configured severity", () => {
    const order: string[] = [];
    const reported = run(
      [
        {
          id: "check",
          defaultSeverity: Severity.Warning,
          description: "",
          check(ctx, severity) {
            order.push(`check:${severity}:${ctx.nodes.length}`);
            ctx.report({ file: FILE, start: 0, end: 1, code: "check", severity, message: "whole" });
          },
        },
        nodeRule({
          id: "walk",
          defaultSeverity: Severity.Error,
          description: "",
          visits: { kinds: ["ok"], names: ["listen"] },
          visit: () => order.push("visit"),
        }),
      ],
      { check: Severity.Information },
    );
    assert.deepEqual(order, ["visit", `check:${Severity.Information}:8`]);
    assert.deepEqual(reported, ["whole"]);
  });
});
