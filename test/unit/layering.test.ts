// The layering ARCHITECTURE.md draws, checked on the imports: the protocol stays at the edge, and the
// language service, which the in-process tests drive, never reaches back into it.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { it } from "node:test";

const SERVER = path.resolve(__dirname, "../../..", "server", "src");

/** Every TypeScript file under the server's sources, by path relative to server/src. */
function sources(dir = SERVER): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [path.relative(SERVER, full)] : [];
  });
}

/** The modules a source file imports (the strings after `from`). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(SERVER, file), "utf8");
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1] as string);
}

it("only lsp/ and server.ts import vscode-languageserver", () => {
  const importers = sources()
    .filter((file) => importsOf(file).some((module) => module.startsWith("vscode-languageserver")))
    .sort();
  assert.ok(importers.length > 0, "the protocol is imported somewhere");
  assert.deepEqual(
    importers.filter((file) => !file.startsWith(`lsp${path.sep}`) && file !== "server.ts"),
    [],
  );
});

it("nothing outside lsp/ and server.ts imports lsp/", () => {
  const reaching = sources().filter(
    (file) =>
      !file.startsWith(`lsp${path.sep}`) &&
      file !== "server.ts" &&
      importsOf(file).some((module) => /(^|\/)lsp\//.test(module)),
  );
  assert.deepEqual(reaching, []);
});
