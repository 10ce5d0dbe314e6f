// The tests `npm run mutate` runs once per mutant: the unit, rule-fixture and corpus tests of the
// compiled build (out/test), loaded into this one process. `node --test DIR` would start a process
// per test file, which for thousands of mutants costs more than the tests themselves. node:test
// sets a failing exit code when any test fails, which is how Stryker tells a mutant was caught.

const fs = require("node:fs");
const path = require("node:path");

for (const layer of ["unit", "rules", "smoke"]) {
  const dir = path.resolve(__dirname, "..", "out", "test", layer);
  for (const file of fs.readdirSync(dir).sort()) {
    if (file.endsWith(".test.js")) require(path.join(dir, file));
  }
}
