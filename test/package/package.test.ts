// Packaging never rots: `vsce package` (version 3, which runs on Node 20) builds the .vsix from a
// production bundle, and the .vsix ships only what runs: the three bundles, the grammar, the language
// configuration, the manifest, README, CHANGELOG and LICENSE.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { it } from "node:test";

const root = path.resolve(__dirname, "../../..");

it("vsce packages the extension with only the files that run", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-vsix-"));
  try {
    const vsix = path.join(out, "extension.vsix");
    const vsce = path.join(root, "node_modules", "@vscode", "vsce", "vsce");
    const result = spawnSync(
      process.execPath,
      [vsce, "package", "--no-dependencies", "--no-rewrite-relative-links", "--out", vsix],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const listing = spawnSync("unzip", ["-Z1", vsix], { encoding: "utf8" });
    assert.equal(listing.status, 0, listing.stderr);
    const files = listing.stdout
      .trim()
      .split("\n")
      .filter((f) => f.startsWith("extension/"))
      .sort();
    assert.deepEqual(files, [
      "extension/LICENSE.txt",
      "extension/changelog.md",
      "extension/dist/cli.js",
      "extension/dist/client.js",
      "extension/dist/server.js",
      "extension/language-configuration.json",
      "extension/package.json",
      "extension/readme.md",
      "extension/syntaxes/nginx.tmLanguage.json",
    ]);
    const size = fs.statSync(vsix).size;
    console.log(`vsix: ${(size / 1024).toFixed(0)} KiB, ${files.length} files`);
    assert.ok(size < 2 * 1024 * 1024, `the .vsix is ${size} bytes`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
