// The real-world corpus as a smoke test against nginx's own verdicts (MANIFEST.tsv, Debian 12's
// nginx -t 1.22.1): a file nginx accepts gets no Error, a file it rejects gets an Error on the line
// nginx names, and each file's top level is judged in the context the manifest says it belongs to.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyze } from "../../server/src/service";
import { Severity } from "../../server/src/analysis/finding";
import { LineIndex } from "../../server/src/parser/lines";
import { CORPUS_DIR, corpusFileSystem, nginxLine, readManifest } from "../support/corpus";

/** The contexts the manifest's context_kind allows for a file's top level. */
function expectedContexts(kind: string): string[] {
  if (kind.startsWith("main")) return ["core:main"];
  if (kind === "http" || kind === "server") return ["http:http"];
  if (kind.startsWith("location")) return ["http:server"];
  // "directives (...)": a list for include; any of http, server or location is where it can go.
  return ["http:http", "http:server", "http:location"];
}

describe("real-world corpus", () => {
  const entries = readManifest();
  it("has the whole manifest", () => assert.equal(entries.length, 49));
  const fsys = corpusFileSystem();
  for (const entry of entries) {
    it(`${entry.file} (${entry.nginxT === "pass" ? "nginx -t passes" : "nginx -t fails"})`, () => {
      const analysis = analyze(entry.path, { fs: fsys, prefix: CORPUS_DIR });
      assert.ok(
        expectedContexts(entry.contextKind).includes(analysis.config.context),
        `context ${analysis.config.context} for ${entry.contextKind}`,
      );
      const index = new LineIndex(fsys.readText(entry.path));
      const errors = analysis.findings.filter((f) => f.severity === Severity.Error && f.file === entry.path);
      const shown = errors
        .map((f) => `${index.positionAt(f.start).line + 1}: ${f.code} ${f.message}`)
        .join("\n");
      if (entry.nginxT === "pass") {
        assert.deepEqual(shown, "", `nginx -t accepts this file, but:\n${shown}`);
      } else {
        const line = nginxLine(entry.nginxT);
        assert.ok(line !== undefined, `no line in verdict ${entry.nginxT}`);
        const atLine = errors.filter((f) => {
          const start = index.positionAt(f.start).line + 1;
          const end = index.positionAt(f.end).line + 1;
          return start <= line && line <= end;
        });
        assert.ok(atLine.length > 0, `nginx says "${entry.nginxT}"; our errors:\n${shown}`);
      }
    });
  }
});
