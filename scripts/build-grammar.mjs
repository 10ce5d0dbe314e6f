// Writes syntaxes/nginx.tmLanguage.json from syntaxes/src/nginx.grammar.ts and the directive facts in
// server/src/model/data/nginx-directives.json. `--check` writes nothing and exits 1 when the committed
// JSON is out of date. The TypeScript source is transpiled in memory with esbuild, so this script needs
// no prior `tsc` run.
import * as esbuild from "esbuild";
import { Buffer } from "node:buffer";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sourcePath = join(root, "syntaxes", "src", "nginx.grammar.ts");
const outputPath = join(root, "syntaxes", "nginx.tmLanguage.json");
const directivesPath = join(root, "server", "src", "model", "data", "nginx-directives.json");

const { code } = await esbuild.transform(readFileSync(sourcePath, "utf8"), {
  loader: "ts",
  format: "esm",
  target: "node20",
});
const { buildGrammar, serializeGrammar } = await import(
  `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`
);

const directives = JSON.parse(readFileSync(directivesPath, "utf8"));
const text = serializeGrammar(buildGrammar(directives));

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(outputPath, "utf8");
  } catch {
    // A missing file is reported as out of date below.
  }
  if (current !== text) {
    console.error("syntaxes/nginx.tmLanguage.json is out of date: run `node scripts/build-grammar.mjs`");
    process.exit(1);
  }
  console.log("syntaxes/nginx.tmLanguage.json is up to date");
} else {
  writeFileSync(outputPath, text);
  console.log(`wrote syntaxes/nginx.tmLanguage.json (${text.length} bytes)`);
}
