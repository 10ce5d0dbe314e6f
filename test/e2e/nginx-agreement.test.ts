// Real `nginx -t` (Debian's) judges mutated copies of valid configurations: a dropped `;` or `}`, a
// misspelt directive, a missing argument, a directive moved where it is not allowed, a wrong on/off
// value, a statement written twice. For every mutant our Error diagnostics must agree with nginx's verdict, and when nginx names a
// line, one of our Errors must cover it.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { parse } from "../../server/src/parser/parser";
import type { Directive } from "../../server/src/parser/ast";
import { analyze } from "../../server/src/service";
import { PARSE_OPTIONS } from "../../server/src/analysis/syntax";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { Severity } from "../../server/src/analysis/finding";
import { LineIndex } from "../../server/src/parser/lines";
import { nginxBinary, nginxTest, withLocalHosts, wrapHttp, type NginxTestResult } from "../support/nginx";
import { skipUnless } from "../support/requirements";
import { CORPUS_DIR, readManifest } from "../support/corpus";

const root = path.resolve(__dirname, "../../..");

interface Base {
  readonly name: string;
  /** The files nginx -t reads, by path relative to the prefix. */
  readonly files: Record<string, string>;
  readonly main: string;
  /** The file the mutations change. */
  readonly subject: string;
}

function bases(): Base[] {
  const out: Base[] = [];
  const dir = path.join(root, "test", "e2e", "bases");
  for (const name of fs.readdirSync(dir).sort()) {
    out.push({
      name,
      files: { "nginx.conf": fs.readFileSync(path.join(dir, name), "utf8") },
      main: "nginx.conf",
      subject: "nginx.conf",
    });
  }
  // Corpus files that need nothing but an http wrapper (no certificates, hosts or stub files).
  for (const entry of readManifest()) {
    if (entry.nginxT !== "pass" || !/^(http|server)$/.test(entry.contextKind)) continue;
    const text = withLocalHosts(fs.readFileSync(path.join(CORPUS_DIR, entry.file), "utf8"));
    if (/\binclude\b|ssl_certificate|listen[^;]*\bssl\b|resolver|\bssl on/.test(text)) continue;
    out.push({
      name: entry.file,
      files: { "nginx.conf": wrapHttp("    include subject.conf;"), "subject.conf": text },
      main: "nginx.conf",
      subject: "subject.conf",
    });
  }
  return out;
}

interface Mutant {
  readonly kind: string;
  readonly description: string;
  readonly text: string;
}

function allDirectives(list: readonly Directive[], out: Directive[] = [], inTable = false): Directive[] {
  for (const d of list) {
    if (!inTable) out.push(d);
    if (d.block)
      allDirectives(d.block.children, out, ["map", "types", "geo", "split_clients"].includes(d.name.value));
  }
  return out;
}

/** Picks at most `count` items spread evenly over a list (deterministic). */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)] as T);
}

const splice = (text: string, start: number, end: number, insert: string) =>
  text.slice(0, start) + insert + text.slice(end);

/** Directives to plant where nginx refuses them, and the block names they are planted in. */
const MISPLACED: readonly [string, string][] = [
  ["listen 8099;", "location"],
  ["worker_connections 10;", "server"],
  ["proxy_pass http://127.0.0.1:9;", "server"],
  ["server_name misplaced.example;", "location"],
  ["upstream misplaced { server 127.0.0.1:9; }", "server"],
  ["events { }", "http"],
  ["location /x { }", "http"],
];

function mutants(text: string): Mutant[] {
  const parsed = parse(text, PARSE_OPTIONS);
  const directives = allDirectives(parsed.directives);
  const out: Mutant[] = [];
  for (const d of spread(
    directives.filter((x) => x.semicolon !== undefined),
    16,
  )) {
    out.push({
      kind: "drop-semicolon",
      description: `drop ";" of ${d.name.value}`,
      text: splice(text, d.semicolon as number, (d.semicolon as number) + 1, ""),
    });
  }
  for (const d of spread(
    directives.filter((x) => x.block?.close !== undefined),
    10,
  )) {
    const close = d.block?.close as number;
    out.push({
      kind: "drop-brace",
      description: `drop "}" of ${d.name.value}`,
      text: splice(text, close, close + 1, ""),
    });
  }
  for (const d of spread(directives, 16)) {
    const name = d.name.value;
    const misspelt =
      name.length > 3
        ? name.slice(0, 2) + (name[3] as string) + (name[2] as string) + name.slice(4)
        : name + "x";
    if (misspelt === name) continue;
    out.push({
      kind: "misspell",
      description: `misspell ${name} as ${misspelt}`,
      text: splice(text, d.name.start, d.name.end, misspelt),
    });
  }
  for (const d of spread(
    directives.filter((x) => x.args.length > 0),
    16,
  )) {
    const last = d.args[d.args.length - 1] as { start: number; end: number };
    const from = d.args.length > 1 ? (d.args[d.args.length - 2] as { end: number }).end : d.name.end;
    out.push({
      kind: "drop-argument",
      description: `drop the last argument of ${d.name.value}`,
      text: splice(text, from, last.end, ""),
    });
  }
  // A statement written twice in its block: nginx refuses the second copy of most directives ("is
  // duplicate") and accepts it for array-like ones (add_header, listen, ...); both verdicts are compared.
  for (const d of spread(
    directives.filter((x) => x.semicolon !== undefined && !x.block && x.name.value !== "include"),
    12,
  )) {
    const end = (d.semicolon as number) + 1;
    out.push({
      kind: "duplicate",
      description: `write ${d.name.value} twice`,
      text: splice(text, end, end, `\n${text.slice(d.name.start, end)}`),
    });
  }
  // A location written twice at its level: nginx refuses a repeated prefix or exact one.
  for (const d of spread(
    directives.filter((x) => x.name.value === "location" && x.block?.close !== undefined),
    4,
  )) {
    const end = (d.block?.close as number) + 1;
    out.push({
      kind: "duplicate",
      description: `write location ${d.args.map((a) => a.value).join(" ")} twice`,
      text: splice(text, end, end, `\n${text.slice(d.name.start, end)}`),
    });
  }
  for (const [line, where] of MISPLACED) {
    const host = directives.find((x) => x.name.value === where && x.block);
    if (!host?.block) continue;
    out.push({
      kind: "misplace",
      description: `put "${line}" in ${where}`,
      text: splice(text, host.block.open + 1, host.block.open + 1, `\n${line}`),
    });
  }
  for (const d of spread(
    directives.filter((x) =>
      ["gzip", "sendfile", "tcp_nopush", "access_log", "proxy_buffering"].includes(x.name.value),
    ),
    2,
  )) {
    const arg = d.args[0];
    if (arg)
      out.push({
        kind: "bad-value",
        description: `${d.name.value} yes`,
        text: splice(text, arg.start, arg.end, "yes"),
      });
  }
  return out;
}

interface Outcome {
  readonly base: string;
  readonly mutant: Mutant;
  readonly nginx: NginxTestResult;
  readonly agrees: boolean;
  readonly why: string;
}

/** Compares nginx's verdict on a mutant with ours. */
function judge(base: Base, mutant: Mutant, nginx: NginxTestResult): { agrees: boolean; why: string } {
  const prefix = "/virtual-prefix";
  const files = new Map(
    Object.entries({ ...base.files, [base.subject]: mutant.text }).map(([k, v]) => [path.join(prefix, k), v]),
  );
  const main = path.join(prefix, base.main);
  const analysis = analyze(main, { fs: overlayFileSystem(files), prefix, text: files.get(main) });
  const subject = path.join(prefix, base.subject);
  const errors = analysis.findings.filter((f) => f.severity === Severity.Error);
  const index = new LineIndex(mutant.text);
  const ours = errors
    .map((f) => `${path.basename(f.file)}:${index.positionAt(f.start).line + 1} ${f.code}`)
    .join("; ");
  const emerg = nginx.messages.find((m) => m.level === "emerg");
  if (nginx.ok) return { agrees: errors.length === 0, why: `nginx accepts; ours: ${ours || "none"}` };
  if (errors.length === 0)
    return { agrees: false, why: `nginx: ${emerg?.text ?? nginx.output.trim()}; ours: none` };
  if (!emerg?.line || emerg.file !== base.subject)
    return { agrees: true, why: `nginx: ${emerg?.text}; ours: ${ours}` };
  const line = emerg.line;
  const lastLine = index.positionAt(mutant.text.length).line + 1;
  const covered = errors.some((f) => {
    if (f.file !== subject) return false;
    const start = index.positionAt(f.start).line + 1;
    const end = index.positionAt(f.end).line + 1;
    // nginx names the line after the last one for an unexpected end of file.
    if (/end of file/.test(emerg.text) && line >= lastLine)
      return f.code === "unclosed-block" || f.code === "missing-semicolon";
    return start <= line && line <= end;
  });
  return { agrees: covered, why: `nginx: ${emerg.text} at ${line}; ours: ${ours}` };
}

describe(
  "agreement with real nginx -t on mutated configurations",
  { skip: skipUnless(nginxBinary() !== undefined, "nginx is not installed (apt-get install -y nginx)") },
  () => {
    const outcomes: Outcome[] = [];
    after(() => {
      const agreed = outcomes.filter((o) => o.agrees).length;
      const byKind = new Map<string, number>();
      for (const o of outcomes) byKind.set(o.mutant.kind, (byKind.get(o.mutant.kind) ?? 0) + 1);
      console.log(
        `nginx -t agreement: ${agreed}/${outcomes.length} mutants (${[...byKind].map(([k, n]) => `${k} ${n}`).join(", ")})`,
      );
    });
    for (const base of bases()) {
      it(base.name, async () => {
        const clean = await nginxTest({ files: base.files, main: base.main });
        // A base nginx refuses as it is would test nothing: that is a defect of the test's data.
        assert.ok(clean.ok, `nginx -t rejects the unmutated base: ${clean.messages[0]?.text}`);
        const failures: string[] = [];
        for (const mutant of mutants(base.files[base.subject] as string)) {
          const nginx = await nginxTest({
            files: { ...base.files, [base.subject]: mutant.text },
            main: base.main,
          });
          const verdict = judge(base, mutant, nginx);
          outcomes.push({ base: base.name, mutant, nginx, ...verdict });
          if (!verdict.agrees) failures.push(`${mutant.description}: ${verdict.why}`);
        }
        assert.deepEqual(failures, [], failures.join("\n"));
      });
    }
  },
);
