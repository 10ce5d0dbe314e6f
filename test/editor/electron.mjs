// `npm run test:electron`: the same extension tests as test/editor/run-code-server.mjs, in a desktop VS Code
// that @vscode/test-electron downloads (into the git-ignored .vscode-test/) and starts. For people with a
// network and a display (or xvfb-run); it fails offline with ENOTFOUND update.code.visualstudio.com, which
// is why CI runs the suite in code-server instead. Needs `npm run build` and `npx tsc -p .` first.

import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { runTests } from "@vscode/test-electron";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const extensionTestsPath = path.join(root, "out", "test", "editor", "suite", "index.js");
const workspace = path.join(root, "test", "editor", "workspace");

for (const [file, how] of [
  ["dist/client.js", "npm run build"],
  ["dist/server.js", "npm run build"],
  [path.relative(root, extensionTestsPath), "npx tsc -p ."],
]) {
  if (!fs.existsSync(path.join(root, file))) {
    console.error(`test:electron: ${file} is missing; run \`${how}\` first`);
    process.exit(2);
  }
}

try {
  const code = await runTests({
    // The VS Code that code-server 4.100.3 is, so both launchers test against the same editor.
    version: "1.100.3",
    extensionDevelopmentPath: root,
    extensionTestsPath,
    // --disable-extensions: only the extension under development (and the built-ins) load.
    launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust"],
  });
  process.exit(code);
} catch (error) {
  console.error(`test:electron: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
