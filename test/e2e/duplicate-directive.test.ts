// Every directive of the data is asked of the real nginx -t: written once with arguments it accepts,
// then twice in the same block. Whether nginx says "is duplicate" must be exactly what the engine's
// `repeatRule` says, and the engine must report the second copy (and nothing else) as an Error.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { Severity } from "../../server/src/analysis/finding";
import { ALL_DIRECTIVES, repeatRule, type RepeatRule } from "../../server/src/model/directives";
import { analyze } from "../../server/src/service";
import { nginxBinary } from "../support/nginx";
import { probeRepeat } from "../support/repeat-probe";

const bin = nginxBinary();

describe(
  "duplicate directives against real nginx -t",
  { skip: bin ? false : "nginx is not installed" },
  () => {
    it("repeatRule matches nginx for every directive nginx 1.22.1 lets us place", () => {
      const wrong: string[] = [];
      let probed = 0;
      let refused = 0;
      for (const fact of ALL_DIRECTIVES) {
        if (fact.origin !== "nginx" || !fact.in_1_22_1) continue;
        const { value, off, detail } = probeRepeat(bin as string, fact);
        if (value === "untested" && off === "untested") continue;
        probed++;
        // What nginx's answers mean, in the engine's terms.
        const observed: RepeatRule =
          value === "refused" ? "refused" : off === "refused" ? "refused-with-off" : "accepted";
        if (observed !== "accepted") refused++;
        const ours = repeatRule(fact);
        // A generic setter refuses `off` and values alike; only one of the two may have been placeable.
        const agrees =
          ours === observed ||
          (ours === "refused" && observed === "refused-with-off" && value === "untested");
        if (!agrees)
          wrong.push(
            `${fact.module} ${fact.name} (${fact.source_handler}): nginx ${observed} (${detail}), ours ${ours}`,
          );
      }
      console.log(
        `duplicate directives: ${probed} directives probed, ${refused} refuse a repeat under nginx -t`,
      );
      // Most of the data must be placeable, or the comparison proves little.
      assert.ok(probed >= 450, `only ${probed} directives could be probed`);
      assert.deepEqual(wrong, [], wrong.join("\n"));
    });

    it("the engine reports the second copy, and only it, as an Error", () => {
      const text =
        "events {}\nhttp {\n    gzip on;\n    add_header X-A 1;\n    add_header X-A 1;\n    gzip on;\n    proxy_cookie_domain a b;\n    proxy_cookie_domain c d;\n}\n";
      const file = "/virtual/nginx.conf";
      const analysis = analyze(file, {
        fs: overlayFileSystem(new Map([[file, text]])),
        prefix: "/virtual",
        text,
      });
      const errors = analysis.findings.filter((f) => f.severity === Severity.Error);
      assert.deepEqual(
        errors.map((f) => [f.code, f.start]),
        [["duplicate-directive", text.lastIndexOf("gzip on;")]],
      );
    });
  },
);
