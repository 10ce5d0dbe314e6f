// The WebSocket checks against the corpus manifest's hand-checked labels, code by code:
// - websocket-incomplete and websocket-headers-shadowed: every location labelled incomplete gets one
//   of them, and no location labelled correct or plain does;
// - websocket-missing: a warning claims the location serves WebSockets, so one on a location labelled
//   plain (or correct) is a false alarm; a hint claims nothing and is not counted as a prediction.
// Precision and recall per code, and the information and hint findings per file, are printed. One
// deliberate difference: the manifest does not require proxy_cache_bypass $http_upgrade, our rule does
// when proxy_cache is on.

import assert from "node:assert/strict";
import { describe, it, after } from "node:test";
import { Severity } from "../../server/src/analysis/finding";
import { analyze } from "../../server/src/service";
import { LineIndex } from "../../server/src/parser/lines";
import { CORPUS_DIR, corpusFileSystem, readManifest } from "../support/corpus";

const PROBLEM_CODES = new Set(["websocket-incomplete", "websocket-headers-shadowed"]);
const CODES = ["websocket-missing", "websocket-incomplete", "websocket-headers-shadowed"] as const;

/** The 1-based lines of the locations listed in a manifest cell (`/ws (L34); @proxy (L73)`). */
function lines(cell: string): number[] {
  return [...cell.matchAll(/\(L(\d+)\)/g)].map((m) => Number(m[1]));
}

interface Tally {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

function ratio(n: number, d: number): string {
  return d === 0 ? "n/a" : `${((n / d) * 100).toFixed(1)}%`;
}

describe("WebSocket findings on the corpus match the manifest", () => {
  const fsys = corpusFileSystem();
  const tally = new Map<string, Tally>(
    CODES.map((c) => [c, { truePositives: 0, falsePositives: 0, falseNegatives: 0 }]),
  );
  let cacheOnly = 0;
  let correctLocations = 0;
  const quiet: string[] = [];
  after(() => {
    for (const code of CODES) {
      const t = tally.get(code) as Tally;
      console.log(
        `corpus ${code}: ${t.truePositives} true positives, ${t.falsePositives} false positives, ` +
          `${t.falseNegatives} false negatives; precision ${ratio(t.truePositives, t.truePositives + t.falsePositives)}, ` +
          `recall ${ratio(t.truePositives, t.truePositives + t.falseNegatives)}`,
      );
    }
    console.log(
      `corpus: ${correctLocations} correct WebSocket locations; ${cacheOnly} false positive(s) only for proxy_cache ` +
        `without proxy_cache_bypass, which the manifest does not require`,
    );
    console.log(`corpus information / hint findings per file:\n${quiet.join("\n")}`);
  });
  for (const entry of readManifest()) {
    it(entry.file, () => {
      const analysis = analyze(entry.path, { fs: fsys, prefix: CORPUS_DIR });
      const index = new LineIndex(fsys.readText(entry.path));
      const byLine = new Map<number, { code: string; message: string; severity: Severity }[]>();
      let information = 0;
      let hints = 0;
      for (const f of analysis.findings) {
        if (f.file !== entry.path) continue;
        if (f.severity === Severity.Information) information++;
        if (f.severity === Severity.Hint) hints++;
        if (!f.code.startsWith("websocket-")) continue;
        const line = index.positionAt(f.start).line + 1;
        byLine.set(line, [
          ...(byLine.get(line) ?? []),
          { code: f.code, message: f.message, severity: f.severity },
        ]);
      }
      if (information + hints > 0) quiet.push(`  ${entry.file}: ${information} information, ${hints} hint`);
      // A prediction that the location serves WebSockets and lacks something: any finding of the two
      // problem codes, and websocket-missing from warning up.
      const predicted = (line: number) =>
        (byLine.get(line) ?? []).filter(
          (f) =>
            PROBLEM_CODES.has(f.code) || (f.code === "websocket-missing" && f.severity <= Severity.Warning),
        );
      const problems: string[] = [];
      // By default a WebSocket finding is a warning (evidence) or a hint (none): never the blue squiggle.
      for (const [line, found] of byLine) {
        for (const f of found) {
          if (f.severity === Severity.Information)
            problems.push(`L${line}: information ${f.code}: ${f.message}`);
        }
      }
      for (const line of lines(entry.websocketIncomplete)) {
        const found = predicted(line).filter((f) => PROBLEM_CODES.has(f.code));
        if (found.length > 0) (tally.get((found[0] as { code: string }).code) as Tally).truePositives++;
        else {
          // Labelled incomplete, missed: counted against the code the manifest's reason points to.
          const code = /shadowed/.test(entry.websocketIncomplete)
            ? "websocket-headers-shadowed"
            : "websocket-incomplete";
          (tally.get(code) as Tally).falseNegatives++;
          problems.push(`L${line}: labelled incomplete, no finding`);
        }
      }
      for (const line of lines(entry.websocketLocations)) {
        correctLocations++;
        for (const f of predicted(line)) {
          (tally.get(f.code) as Tally).falsePositives++;
          if (
            f.code === "websocket-incomplete" &&
            /^Incomplete WebSocket setup in .*: no cache bypass\. In detail: proxy_cache is on without proxy_cache_bypass \$http_upgrade\.$/.test(
              f.message,
            )
          ) {
            cacheOnly++;
          } else problems.push(`L${line}: labelled correct, got ${f.code}: ${f.message}`);
        }
      }
      for (const line of lines(entry.proxiedPlain)) {
        for (const f of predicted(line)) {
          (tally.get(f.code) as Tally).falsePositives++;
          problems.push(`L${line}: labelled plain, got ${f.code} (severity ${f.severity}): ${f.message}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
