// The language server under Neovim's built-in LSP client (Debian 12's Neovim 0.7), configured by the
// README's own Neovim 0.7 snippet (lsp.lua reads it from README.md): runs test/nvim/lsp.lua headless on
// test/nvim/fixture.conf and turns each PASS/SKIP/FAIL line it prints into a node:test subtest.
// Skips when `nvim` is not installed (`apt-get install neovim`), so a plain local `npm test` works.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { need } from "../support/requirements";

const root = path.resolve(__dirname, "../../..");
const script = path.join(root, "test", "nvim", "lsp.lua");
const fixture = path.join(root, "test", "nvim", "fixture.conf");
const server = path.join(root, "dist", "server.js");

function nvimVersion(): string | undefined {
  const result = spawnSync("nvim", ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.split("\n")[0] : undefined;
}

/** Runs lsp.lua in a headless Neovim with its state in `home`; resolves with exit code and stdout. */
function runNeovim(home: string, signal: AbortSignal): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("nvim", ["--headless", "--clean", "-c", `luafile ${script}`, fixture], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      signal,
      // Neovim writes shada, logs (lsp.log) and swap files under these: keep them out of root's home.
      env: {
        ...process.env,
        XDG_STATE_HOME: home,
        XDG_CACHE_HOME: home,
        XDG_DATA_HOME: home,
        XDG_CONFIG_HOME: home,
        NGINX_LSP_SERVER: server,
      },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

const version = nvimVersion();

test("the server works under Neovim's LSP client", { timeout: 60_000 }, async (t) => {
  const missing = "nvim is not installed (apt-get install -y --no-install-recommends neovim)";
  if (!need(t, version !== undefined, missing) || version === undefined) return;
  if (!fs.existsSync(server)) assert.fail(`${server} is missing; run \`npm run build\` first`);
  t.diagnostic(version);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-nvim-"));
  try {
    const { code, output } = await runNeovim(home, t.signal);
    for (const line of output.split("\n")) {
      if (line.startsWith("INFO ")) t.diagnostic(line.slice(5));
    }
    for (const line of output.split("\n")) {
      const match = /^(PASS|SKIP|FAIL) (.*)$/.exec(line);
      if (!match) continue;
      const [, status, rest = ""] = match;
      const cut = rest.indexOf(": ");
      const name = cut >= 0 && status !== "PASS" ? rest.slice(0, cut) : rest;
      const detail = cut >= 0 ? rest.slice(cut + 2) : "";
      await t.test(name, (sub) => {
        if (status === "SKIP") sub.skip(detail);
        else if (status === "FAIL") assert.fail(detail);
      });
    }
    assert.equal(code, 0, `nvim exited with ${code}:\n${output}`);
    // The server offers every feature these checks need: none of them may skip.
    for (const check of [
      "README filetype rules make sites-available/chat nginx",
      "filetype of etc/nginx/snippets/ssl.conf",
      "filetype of etc/nginx/proxy_params",
      "filetype of etc/nginx/sites-enabled/default",
      "filetype of project/app.conf",
      "unknown-directive diagnostic",
      "websocket-missing diagnostic",
      "hover on proxy_pass",
      "completion offers proxy_pass",
      "quick fix changes proxy_passs to proxy_pass",
      "document symbols name the server and its locations",
      "source.fixAll.nginx is offered",
      "websocket quick fix removes the warning",
      "hover on $http_upgrade",
    ]) {
      assert.ok(output.split("\n").includes(`PASS ${check}`), `"${check}" did not pass:\n${output}`);
    }
    assert.match(output, /^DONE pass=\d+ fail=0 skip=\d+$/m, output);
    // Neovim edits only its buffer; the fixture on disk must be as committed.
    assert.match(fs.readFileSync(fixture, "utf8"), /proxy_passs http/);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
