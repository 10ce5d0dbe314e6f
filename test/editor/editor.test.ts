// The extension in a real VS Code, as part of `npm test`: runs test/editor/run-code-server.mjs (code-server
// + headless Chromium, see that file) and turns each line the in-editor suite printed into a node:test
// subtest, so that its passes, skips (features the server does not offer yet) and failures show here.
//
// A second test installs a .vsix into code-server and checks that the extension's page shows the
// README's images (test/editor/extension-page.mjs).
//
// Skips when code-server is not installed (`bash scripts/setup-code-server.sh`, which CI runs) or Chromium
// is missing, so a plain local `npm test` works without them.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { need } from "../support/requirements";
import { packageFlags, vsce } from "../support/vsce";

const root = path.resolve(__dirname, "../../..");
const harness = path.join(root, "test", "editor", "run-code-server.mjs");
const pageScript = path.join(root, "test", "editor", "extension-page.mjs");

/** Runs one of the editor harness's Node scripts from the repository root, with its output. */
async function runScript(
  script: string,
  args: readonly string[],
  signal: AbortSignal,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    signal,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode) => resolve(exitCode));
  });
  return { code, output };
}
const codeServerDir = process.env.CODE_SERVER_DIR ?? path.join(root, ".code-server");
const codeServerBin = path.join(codeServerDir, "node_modules", ".bin", "code-server");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// The same marker as LOG_PREFIX in suite/index.ts (which cannot be imported here: it imports `vscode`).
const SUITE_PREFIX = "[editor-suite] ";

function missingReason(): string | undefined {
  if (!fs.existsSync(codeServerBin)) {
    return `code-server is not installed in ${codeServerDir} (run: bash scripts/setup-code-server.sh)`;
  }
  if (!fs.existsSync(chromiumPath)) return `${chromiumPath} is missing (apt-get install chromium)`;
  return undefined;
}

interface SuiteResult {
  status: "PASS" | "SKIP" | "FAIL";
  name: string;
  detail: string;
}

/** Reads the suite's `[editor-suite] PASS|SKIP|FAIL name[: detail]` lines (a FAIL's stack follows indented). */
function parseSuite(output: string): SuiteResult[] {
  const results: SuiteResult[] = [];
  for (const line of output.split("\n")) {
    const match = /^\[editor-suite\] (PASS|SKIP|FAIL) (.*)$/.exec(line);
    if (match) {
      const status = match[1] as SuiteResult["status"];
      const rest = match[2] ?? "";
      const cut = status === "PASS" ? rest.lastIndexOf(" (") : rest.indexOf(": ");
      results.push({
        status,
        name: cut >= 0 ? rest.slice(0, cut) : rest,
        detail: cut >= 0 ? rest.slice(cut + (status === "PASS" ? 1 : 2)) : "",
      });
    } else if (line.startsWith("    ") && results.at(-1)?.status === "FAIL") {
      const last = results.at(-1);
      if (last) last.detail += `\n${line}`;
    }
  }
  return results;
}

test(
  "the extension's tests pass inside VS Code 1.100 (code-server + headless Chromium)",
  { timeout: 300_000 },
  async (t) => {
    const reason = missingReason();
    if (!need(t, reason === undefined, reason ?? "")) return;
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-editor-test-"));
    const screenshot = path.join(temp, "editor.png");
    try {
      // The screenshot goes to a temp file: it proves that the scene renders (squiggle included) without
      // rewriting docs/images/ on every run.
      const { code, output } = await runScript(harness, ["--screenshot", screenshot], t.signal);

      for (const line of output.split("\n")) {
        if (line.startsWith("run-code-server: ") && /up|finished|screenshot:/.test(line)) t.diagnostic(line);
      }
      const results = parseSuite(output);
      for (const result of results) {
        await t.test(result.name, (sub) => {
          if (result.status === "SKIP") sub.skip(result.detail);
          else if (result.status === "FAIL") assert.fail(result.detail);
        });
      }
      assert.equal(code, 0, `run-code-server.mjs exited with ${code}:\n${output}`);
      assert.ok(results.length > 0, `the suite printed no results:\n${output}`);
      assert.ok(output.includes(`${SUITE_PREFIX}done:`), `the suite did not finish:\n${output}`);
      const png = fs.readFileSync(screenshot);
      assert.equal(png.subarray(1, 4).toString(), "PNG", "the screenshot is not a PNG");
      assert.ok(png.length > 10_000, `the screenshot is suspiciously small (${png.length} bytes)`);
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  },
);

test(
  "the extension's page, installed from a .vsix, shows the README with every image loaded",
  { timeout: 180_000 },
  async (t) => {
    const reason = missingReason();
    if (!need(t, reason === undefined, reason ?? "")) return;
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-page-test-"));
    try {
      // A .vsix of this run's build, made as `npm run package` makes it, without its production build:
      // the page is about the README and what the package carries, not about minified bundles.
      const vsix = path.join(temp, "extension.vsix");
      const packed = spawnSync(process.execPath, [vsce, "package", ...packageFlags(), "--out", vsix], {
        cwd: root,
        encoding: "utf8",
      });
      assert.equal(packed.status, 0, packed.stdout + packed.stderr);
      // extension-page.mjs fails when an image of the page has no pixels or went missing.
      const screenshot = path.join(temp, "page.png");
      const { code, output } = await runScript(pageScript, ["--vsix", vsix, "--out", screenshot], t.signal);
      for (const line of output.split("\n")) {
        if (/^extension-page: (the page shows|total)/.test(line)) t.diagnostic(line);
      }
      assert.equal(code, 0, `extension-page.mjs exited with ${code}:\n${output}`);
      assert.match(output, /the page shows the README's \d+ images, all loaded/);
      assert.equal(fs.readFileSync(screenshot).subarray(1, 4).toString(), "PNG");
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  },
);
