// The language server under Emacs's eglot, configured by the README's own eglot snippet
// (eglot-test.el reads it from README.md): opens a copy of the Neovim test's fixture as a
// sites-available file, checks the README's auto-mode-alist gives it nginx-mode, connects eglot
// with the README's server program and waits for Flymake to show the typo as an error.
// Needs `emacs` with eglot (Emacs 29+, or Debian 12's emacs-nox with elpa-eglot).

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { need } from "../support/requirements";

const root = path.resolve(__dirname, "../../..");
const script = path.join(root, "test", "emacs", "eglot-test.el");
const fixture = path.join(root, "test", "nvim", "fixture.conf");
const server = path.join(root, "dist", "server.js");

/** Whether `emacs` runs and has eglot (built in from Emacs 29, a package before). */
function emacsWithEglot(): string | undefined {
  const result = spawnSync(
    "emacs",
    [
      "--batch",
      "-Q",
      "--eval",
      '(progn (require \'package) (add-to-list \'package-directory-list "/usr/share/emacs/site-lisp/elpa") (package-initialize) (princ (if (locate-library "eglot") emacs-version "")))',
    ],
    { encoding: "utf8" },
  );
  return result.status === 0 && result.stdout.trim() !== "" ? result.stdout.trim() : undefined;
}

const version = emacsWithEglot();

test(
  "the server works under Emacs's eglot, configured as the README says",
  { timeout: 90_000 },
  async (t) => {
    const missing =
      "emacs with eglot is not installed (apt-get install -y --no-install-recommends emacs-nox elpa-eglot)";
    if (!need(t, version !== undefined, missing)) return;
    if (!fs.existsSync(server)) assert.fail(`${server} is missing; run \`npm run build\` first`);
    t.diagnostic(`Emacs ${version}`);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-emacs-"));
    try {
      // The README's configuration starts `nginx-language-server` from the PATH: here, the server under test.
      const bin = path.join(home, "bin");
      fs.mkdirSync(bin);
      fs.symlinkSync(server, path.join(bin, "nginx-language-server"));
      const file = path.join(home, "etc", "nginx", "sites-available", "chat");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.copyFileSync(fixture, file);
      const { code, output } = await new Promise<{ code: number | null; output: string }>(
        (resolve, reject) => {
          const child = spawn("emacs", ["--batch", "-Q", "-l", script], {
            cwd: home,
            stdio: ["ignore", "pipe", "pipe"],
            signal: t.signal,
            env: {
              ...process.env,
              HOME: home,
              PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
              NGINX_LSP_README: path.join(root, "README.md"),
              NGINX_LSP_FILE: file,
            },
          });
          let text = "";
          child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
          child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
          child.on("error", reject);
          child.on("close", (status) => resolve({ code: status, output: text }));
        },
      );
      const lines = output.split("\n");
      for (const check of [
        "README eglot snippet found",
        "README auto-mode-alist opens sites-available files in nginx-mode",
        "eglot connects to nginx-language-server",
        "flymake shows the unknown-directive error",
      ]) {
        assert.ok(lines.includes(`PASS ${check}`), `"${check}" did not pass:\n${output}`);
      }
      assert.ok(lines.includes("DONE fail=0"), output);
      assert.equal(code, 0, output);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  },
);
