// The configurations of nginx's own test suite (./cases) against what nginx -t 1.22.1 said about each
// (./expected.tsv, see ./README.md). The engine's errors must agree: none where nginx accepts, and
// where it refuses, an error at nginx's line. Where nginx is installed the stored verdicts are asked
// again, so they cannot drift from the nginx they describe (on CI, CI=true, nginx must be there).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { Severity } from "../../server/src/analysis/finding";
import { LineIndex } from "../../server/src/parser/lines";
import { DEFAULT_SETTINGS, readSettings, type Settings } from "../../server/src/settings";
import { lintFiles } from "../../server/src/workspace";
import { nginxBinary, nginxVersion } from "../support/nginx";

const source = path.resolve(__dirname, "../../../test/nginx-tests");

interface Verdict {
  readonly name: string;
  readonly verdict: "accept" | "reject";
  readonly line: number | null;
  readonly file: string | null;
  readonly category: string;
  readonly message: string;
}

function readVerdicts(): Verdict[] {
  return fs
    .readFileSync(path.join(source, "expected.tsv"), "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const [name = "", verdict = "", line = "", file = "", category = "", message = ""] = l.split("\t");
      return {
        name,
        verdict: verdict === "reject" ? "reject" : "accept",
        line: line === "" ? null : Number(line),
        file: file === "" ? null : file,
        category: category === "" ? "accept" : category,
        message,
      };
    });
}

/** Copies the cases to a scratch folder, `%%TESTDIR%%` standing for each case's own folder. */
function copyCases(verdicts: readonly Verdict[]): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-tests-"));
  const copy = (from: string, to: string, testdir: string): void => {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const src = path.join(from, entry.name);
      const dst = path.join(to, entry.name);
      if (entry.isDirectory()) copy(src, dst, testdir);
      else fs.writeFileSync(dst, fs.readFileSync(src, "latin1").split("%%TESTDIR%%").join(testdir), "latin1");
    }
  };
  for (const v of verdicts)
    copy(path.join(source, "cases", v.name), path.join(work, v.name), path.join(work, v.name));
  return work;
}

interface Error1 {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

/** The engine's errors for one case, as the command line reports them (the whole configuration). */
function engineErrors(dir: string, settings: Settings): Error1[] {
  const main = path.join(dir, "nginx.conf");
  const result = lintFiles([main], { prefix: dir, settings });
  const out: Error1[] = [];
  for (const [file, findings] of result) {
    const text = fs.readFileSync(file, "latin1");
    const index = new LineIndex(text);
    for (const f of findings) {
      if (f.severity !== Severity.Error) continue;
      const line = index.positionAt(f.start).line + 1;
      out.push({
        file: path.relative(dir, file),
        line,
        code: f.code,
        message: f.message,
      });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

type Outcome = "agree" | "false error" | "miss" | "wrong line";

function judge(v: Verdict, errors: readonly Error1[]): { outcome: Outcome; detail: string } {
  const first = errors[0];
  const shown = (e: Error1 | undefined) => (e ? `${e.file}:${e.line} [${e.code}] ${e.message}` : "none");
  if (v.verdict === "accept")
    return errors.length === 0
      ? { outcome: "agree", detail: "" }
      : { outcome: "false error", detail: shown(first) };
  if (!first) return { outcome: "miss", detail: `nginx: ${v.file ?? "?"}:${v.line ?? "?"} ${v.message}` };
  if (v.line === null) return { outcome: "agree", detail: "" };
  const same = errors.filter((e) => e.file === v.file);
  const at = same[0];
  if (at && at.line === v.line) return { outcome: "agree", detail: "" };
  return {
    outcome: "wrong line",
    detail: `nginx: ${v.file}:${v.line} ${v.message}; ours: ${shown(at ?? first)}`,
  };
}

const verdicts = readVerdicts();
const BUILD_DEPENDENT = "dynamic-module-not-loaded";

describe("nginx's own test configurations against nginx -t's stored verdicts", () => {
  const work = copyCases(verdicts);
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("agrees on at least 99% of the cases that do not depend on the build, with no false error", () => {
    const outcomes = new Map<Outcome, string[]>();
    let agreed = 0;
    const cases = verdicts.filter((v) => v.category !== BUILD_DEPENDENT);
    for (const v of cases) {
      const dir = path.join(work, v.name);
      const { outcome, detail } = judge(v, engineErrors(dir, DEFAULT_SETTINGS));
      if (outcome === "agree") agreed++;
      else outcomes.set(outcome, [...(outcomes.get(outcome) ?? []), `${v.name}: ${detail}`]);
    }
    const report = [...outcomes]
      .map(([k, list]) => `${k} (${list.length}):\n  ${list.join("\n  ")}`)
      .join("\n");
    console.log(`nginx-tests: ${agreed}/${cases.length} agree without build-dependent cases\n${report}`);
    assert.deepEqual(outcomes.get("false error") ?? [], [], report);
    assert.ok(agreed >= 0.99 * cases.length, `${agreed}/${cases.length}\n${report}`);
  });

  it("agrees on the build-dependent cases under Debian's build (stream, mail, perl, ... as dynamic modules)", () => {
    const settings = readSettings({ build: "debian" });
    const wrong: string[] = [];
    for (const v of verdicts.filter((x) => x.category === BUILD_DEPENDENT)) {
      const dir = path.join(work, v.name);
      const { outcome, detail } = judge(v, engineErrors(dir, settings));
      if (outcome !== "agree") wrong.push(`${v.name}: ${outcome} ${detail}`);
    }
    assert.deepEqual(wrong, [], wrong.join("\n"));
  });

  const bin = nginxBinary();
  const version = bin ? nginxVersion() : undefined;
  const missing = !bin
    ? "nginx is not installed"
    : version !== "1.22.1"
      ? `nginx is ${version}, not 1.22.1`
      : undefined;
  if (missing && process.env["CI"] === "true") {
    it("needs nginx 1.22.1 on CI to re-derive the stored verdicts", () => {
      assert.fail(`${missing}: the stored verdicts cannot be checked`);
    });
  } else {
    it(
      "the stored verdicts are what the installed nginx -t says",
      { skip: missing ? `${missing}: stored verdicts not re-derived` : false },
      () => {
        const wrong: string[] = [];
        for (const v of verdicts) {
          const dir = path.join(work, v.name);
          const r = spawnSync(
            bin as string,
            [
              "-t",
              "-q",
              "-p",
              `${dir}/`,
              "-c",
              path.join(dir, "nginx.conf"),
              "-e",
              path.join(dir, "error.log"),
            ],
            {
              encoding: "utf8",
              timeout: 10_000,
            },
          );
          const output = `${r.stderr ?? ""}${r.stdout ?? ""}`;
          const emerg = /\[emerg\] (.*?)(?: in (\S+):(\d+))?$/m.exec(output);
          const got = r.status === 0 ? "accept" : "reject";
          if (got !== v.verdict) {
            wrong.push(`${v.name}: stored ${v.verdict}, nginx now ${got} ${emerg?.[1] ?? ""}`);
            continue;
          }
          if (got === "accept") continue;
          const file = emerg?.[2] ? path.relative(dir, emerg[2]) : null;
          const line = emerg?.[3] ? Number(emerg[3]) : null;
          if (emerg?.[1] !== v.message || file !== v.file || line !== v.line)
            wrong.push(
              `${v.name}: stored ${v.file}:${v.line} ${v.message}; nginx now ${file}:${line} ${emerg?.[1]}`,
            );
        }
        assert.deepEqual(wrong, [], wrong.join("\n"));
      },
    );
  }
});
