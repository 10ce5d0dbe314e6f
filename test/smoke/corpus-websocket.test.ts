// The WebSocket checks against the corpus manifest's hand-checked labels: every location labelled
// incomplete gets a websocket-incomplete or websocket-headers-shadowed finding, no location labelled
// correct or plain gets one, and precision and recall are printed. One deliberate difference: the
// manifest does not require proxy_cache_bypass $http_upgrade, our rule does when proxy_cache is on.

import assert from "node:assert/strict";
import { describe, it, after } from "node:test";
import { analyze } from "../../server/src/service";
import { LineIndex } from "../../server/src/parser/lines";
import { CORPUS_DIR, corpusFileSystem, readManifest } from "../support/corpus";

const PROBLEM_CODES = new Set(["websocket-incomplete", "websocket-headers-shadowed"]);

/** The 1-based lines of the locations listed in a manifest cell (`/ws (L34); @proxy (L73)`). */
function lines(cell: string): number[] {
  return [...cell.matchAll(/\(L(\d+)\)/g)].map((m) => Number(m[1]));
}

describe("WebSocket findings on the corpus match the manifest", () => {
  const fsys = corpusFileSystem();
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let cacheOnly = 0;
  let correctLocations = 0;
  let missingWarnings = 0;
  after(() => {
    const precision = truePositives / Math.max(1, truePositives + falsePositives);
    const recall = truePositives / Math.max(1, truePositives + falseNegatives);
    console.log(
      `corpus WebSocket findings: ${truePositives} true positives, ${falsePositives} false positives ` +
        `(${cacheOnly} of them only for proxy_cache without proxy_cache_bypass, which the manifest does not require), ` +
        `${falseNegatives} false negatives; precision ${(precision * 100).toFixed(1)}%, recall ${(recall * 100).toFixed(1)}%; ` +
        `${correctLocations} correct WebSocket locations; ${missingWarnings} websocket-missing warnings on plain locations`,
    );
  });
  for (const entry of readManifest()) {
    it(entry.file, () => {
      const analysis = analyze(entry.path, { fs: fsys, prefix: CORPUS_DIR });
      const index = new LineIndex(fsys.readText(entry.path));
      const byLine = new Map<number, { code: string; message: string }[]>();
      for (const f of analysis.findings) {
        if (f.file !== entry.path || !f.code.startsWith("websocket-")) continue;
        const line = index.positionAt(f.start).line + 1;
        byLine.set(line, [...(byLine.get(line) ?? []), { code: f.code, message: f.message }]);
      }
      const problems: string[] = [];
      for (const line of lines(entry.websocketIncomplete)) {
        const found = (byLine.get(line) ?? []).some((f) => PROBLEM_CODES.has(f.code));
        if (found) truePositives++;
        else {
          falseNegatives++;
          problems.push(`L${line}: labelled incomplete, no finding`);
        }
      }
      for (const line of lines(entry.websocketLocations)) {
        correctLocations++;
        const flagged = (byLine.get(line) ?? []).filter((f) => f.code.startsWith("websocket-"));
        for (const f of flagged) {
          falsePositives++;
          if (
            f.code === "websocket-incomplete" &&
            /^Incomplete[^:]*: proxy_cache is on without proxy_cache_bypass \$http_upgrade$/.test(f.message)
          ) {
            cacheOnly++;
          } else problems.push(`L${line}: labelled correct, got ${f.code}: ${f.message}`);
        }
      }
      for (const line of lines(entry.proxiedPlain)) {
        for (const f of byLine.get(line) ?? []) {
          if (PROBLEM_CODES.has(f.code)) {
            falsePositives++;
            problems.push(`L${line}: labelled plain, got ${f.code}: ${f.message}`);
          } else if (f.code === "websocket-missing" && /looks like a WebSocket endpoint/.test(f.message))
            missingWarnings++;
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
