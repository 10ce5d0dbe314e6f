// The committed grammar JSON is generated: it must equal what syntaxes/src/nginx.grammar.ts produces
// from the current directive data, or an edit was made to the wrong file (or the build was not rerun).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  buildGrammar,
  serializeGrammar,
  wordsToRegex,
  type DirectiveRecord,
} from "../../syntaxes/src/nginx.grammar";
import { directivesPath, grammarPath } from "./support";

test("syntaxes/nginx.tmLanguage.json equals the generator's output", () => {
  const directives = JSON.parse(readFileSync(directivesPath, "utf8")) as DirectiveRecord[];
  const expected = serializeGrammar(buildGrammar(directives));
  const actual = readFileSync(grammarPath, "utf8");
  assert.ok(actual === expected, "out of date: run `node scripts/build-grammar.mjs`");
});

test("wordsToRegex matches exactly the given words", () => {
  const words = ["map", "match", "ma", "server", "server_name", "types", "types_hash_max_size"];
  const re = new RegExp(`^(?:${wordsToRegex(words)})$`);
  for (const w of words) assert.ok(re.test(w), w);
  for (const w of ["m", "mat", "serve", "server_", "type", "types_hash", "maps", ""])
    assert.ok(!re.test(w), w);
});
