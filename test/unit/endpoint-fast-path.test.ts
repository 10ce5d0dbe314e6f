// websocket-endpoint-unreachable skips the whole route() for a location that wins its own plain path
// in the location search with nothing around it that could divert the request. That shortcut must
// never disagree with route(): on generated configurations (the routing oracle's generator, whose
// route() answers are checked against the real nginx), every location the shortcut says wins its
// path is where route() ends a request for that path.

import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import type { ConfigNode } from "../../server/src/analysis/config";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { route } from "../../server/src/routing/route";
import { requestToServer, serverOf } from "../../server/src/routing/samples";
import { winsItsPathPlainly } from "../../server/src/rules/websocket-endpoint-unreachable";
import { analyze } from "../../server/src/service";
import { generatedConfig } from "../routing/generate";

const FILE = "/virtual-fast-path/nginx.conf";

it("the endpoint rule's shortcut agrees with route() on 300 generated configurations", () => {
  let shortcuts = 0;
  for (const sample of fc.sample(generatedConfig(), { seed: 20261129, numRuns: 300 })) {
    const text = `events {}\nhttp {\n${sample.config}\n}\n`;
    const { config } = analyze(FILE, {
      fs: overlayFileSystem(new Map([[FILE, text]])),
      text,
      prefix: "/virtual-fast-path",
      allowedRoots: ["/virtual-fast-path"],
    });
    for (const node of config.allNodes) {
      const args = node.directive.args.map((a) => a.value);
      if (node.directive.name.value !== "location" || args.length !== 1) continue;
      const path = args[0] as string;
      if (/^(=|\^~|~|@)/.test(path)) continue;
      const server = serverOf(node);
      if (!server || !winsItsPathPlainly(config, server, node, path)) continue;
      const request = requestToServer(server, path);
      if (!request) continue;
      const result = route(config, request);
      if (result.server !== server || result.outcome.kind === "undecidable") continue;
      shortcuts++;
      assert.equal(
        result.location,
        node,
        `GET ${path} ends in "${describe(result.location)}", not in the location the shortcut names\n${text}`,
      );
    }
  }
  assert.ok(shortcuts > 100, `the shortcut was taken ${shortcuts} times: too few to tell`);
});

function describe(node: ConfigNode | undefined): string {
  return node ? [node.directive.name.value, ...node.directive.args.map((a) => a.value)].join(" ") : "none";
}
