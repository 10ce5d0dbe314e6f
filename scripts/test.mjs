// The one test command (`npm test`): type-check and compile, lint, format check, bundle, then every
// `*.test.js` under out/test with Node's test runner. `--only DIR` (repeatable) limits the run to
// test/DIR; `--skip-checks` skips lint and format (for quick local loops).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync, rmSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === "--only" ? [args[i + 1]] : []));
const skipChecks = args.includes("--skip-checks");

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { stdio: "inherit", shell: false });
  if (result.status !== 0) {
    console.error(`test: '${command} ${commandArgs.join(" ")}' failed`);
    process.exit(result.status ?? 1);
  }
}

function findTests(dir) {
  let found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(findTests(path));
    else if (name.endsWith(".test.js")) found.push(path);
  }
  return found;
}

const npx = (tool, toolArgs) => run(process.execPath, [join("node_modules", tool), ...toolArgs]);

rmSync("out", { recursive: true, force: true });
npx("typescript/bin/tsc", ["-p", "."]);
if (!skipChecks) {
  npx("eslint/bin/eslint.js", ["--max-warnings", "0", "."]);
  npx("prettier/bin/prettier.cjs", ["--check", "."]);
}
run(process.execPath, ["esbuild.mjs"]);

const roots = only.length > 0 ? only.map((d) => join("out", "test", d)) : [join("out", "test")];
const files = roots.flatMap(findTests).sort();
if (files.length === 0) {
  console.error("test: no test files found");
  process.exit(1);
}
run(process.execPath, ["--test", "--test-reporter=spec", "--test-concurrency=2", ...files]);
