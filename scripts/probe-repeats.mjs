// Regenerates server/src/model/data/directive-repeats.json: for every directive of nginx 1.22.1 whose
// handler is not a generic setter, asks the installed nginx (Debian's 1.22.1) whether it accepts the
// same directive twice in one block (test/support/repeat-probe.ts does the asking).
// usage: npx tsc -p . && node scripts/probe-repeats.mjs
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { probeRepeat } = require("../out/test/support/repeat-probe.js");
const { ALL_DIRECTIVES } = require("../out/server/src/model/directives.js");
const { nginxBinary } = require("../out/test/support/nginx.js");

const bin = nginxBinary();
if (!bin) {
  console.error("probe-repeats: nginx is not installed");
  process.exit(2);
}
const out = {};
for (const fact of ALL_DIRECTIVES) {
  if (fact.origin !== "nginx" || !fact.in_1_22_1) continue;
  if (fact.source_handler?.startsWith("ngx_conf_set_")) continue;
  const { value, off } = probeRepeat(bin, fact);
  const key = `${fact.subsystem} ${fact.name}`;
  // false: any repeat is refused; "off": only a repeat involving `off`; true: repeats are accepted.
  if (value === "refused") out[key] = false;
  else if (off === "refused") out[key] = "off";
  else if (value === "accepted" || off === "accepted") out[key] = true;
}
const keys = Object.keys(out).sort();
const text =
  "{\n" + keys.map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(out[k])}`).join(",\n") + "\n}\n";
writeFileSync(new URL("../server/src/model/data/directive-repeats.json", import.meta.url), text);
console.log(`wrote ${keys.length} directives`);
