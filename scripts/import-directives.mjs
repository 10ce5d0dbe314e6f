// Regenerates server/src/model/data/nginx-directives.json from the project's shared directive facts
// (../shared/data/nginx-directives.json). Only this developer script reads ../shared; the product reads
// the copy. It keeps the fields the engine and hover use and drops the tracing fields.
import { readFileSync, writeFileSync } from "node:fs";

const source = process.argv[2] ?? "../shared/data/nginx-directives.json";
const records = JSON.parse(readFileSync(source, "utf8"));
const keep = [
  "name",
  "module",
  "doc_module",
  "subsystem",
  "contexts",
  "block",
  "arity",
  "syntax",
  "default",
  "since",
  "url",
  "origin",
  "in_1_22_1",
  "at_1_22_1",
  "enum_values",
  "bitmask_values",
  "source_handler",
  "deprecated_by",
  "obsolete",
];
const trimmed = records.map((record) => {
  const out = {};
  for (const key of keep) if (record[key] !== undefined) out[key] = record[key];
  return out;
});
// One record per line keeps diffs reviewable when the upstream facts change.
const text = "[\n" + trimmed.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n";
writeFileSync("server/src/model/data/nginx-directives.json", text);
console.log(`wrote ${trimmed.length} directive records`);
