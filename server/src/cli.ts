// nginx-lint: the command line. Same engine as the language server; text output for people, JSON for
// tools, --fix to apply the preferred quick fixes. Exit 0 clean, 1 warnings or errors, 2 usage or I/O.

import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import { parseArgs } from "node:util";
import { diskFileSystem, errorCode, overlayFileSystem } from "./analysis/files";
import { Severity, type Fix, type TextEdit } from "./analysis/finding";
import { PositionMapper, toDiagnostic } from "./diagnostics";
import { parseVersion, type Version } from "./model/version";
import { applyEdits } from "./service";
import { DEFAULT_SETTINGS, readSettings, SettingsError, type Settings } from "./settings";
import { collectFiles, lintFiles, PathError, type LintResult } from "./workspace";

const USAGE = `Usage: nginx-lint [--format text|json] [--fix] [--nginx-version X.Y.Z] [--prefix DIR] [--config FILE] PATH...

Checks nginx configuration files (folders are searched for them) and reports problems,
including proxied locations whose WebSocket setup is missing or broken.

Options:
  --format text|json     output format (default: text)
  --fix                  apply the preferred quick fix of each finding, in place
  --nginx-version X.Y.Z  the nginx version the configuration targets (default: 1.22.1)
  --prefix DIR           directory that relative include paths resolve against
                         (default: the directory of the nearest nginx.conf)
  --config FILE          settings as JSON (the same keys as the editor's nginx.* settings:
                         targetVersion, build, severity, websocket.missingSeverity,
                         websocket.endpointPatterns); --nginx-version overrides targetVersion
  -h, --help             show this help
  -v, --version          show the version of nginx-lint

Exit status: 0 no warnings or errors, 1 warnings or errors found, 2 usage or I/O error.`;

/** A failure that ends the run with exit status 2 and one line on stderr. */
class UsageError extends Error {}

interface CliOptions {
  readonly format: "text" | "json";
  readonly fix: boolean;
  readonly target: Version | undefined;
  readonly prefix: string | undefined;
  readonly settings: Settings;
  readonly paths: string[];
}

function parseCommandLine(argv: string[]): CliOptions | "help" | "version" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        fix: { type: "boolean" },
        "nginx-version": { type: "string" },
        prefix: { type: "string" },
        config: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    // parseArgs explains the problem in its message; keep its first line only.
    throw new UsageError(String(error instanceof Error ? error.message : error).split("\n")[0]);
  }
  const values = parsed.values;
  if (values.help) return "help";
  if (values.version) return "version";
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json")
    throw new UsageError(`--format must be "text" or "json", not "${format}"`);
  let target: Version | undefined;
  if (values["nginx-version"] !== undefined) {
    target = parseVersion(values["nginx-version"]);
    if (!target)
      throw new UsageError(`--nginx-version must look like 1.22.1, not "${values["nginx-version"]}"`);
  }
  let prefix: string | undefined;
  if (values.prefix !== undefined) {
    prefix = path.resolve(values.prefix);
    if (diskFileSystem.kind(prefix) !== "directory")
      throw new UsageError(`--prefix ${values.prefix}: not a directory`);
  }
  let settings = DEFAULT_SETTINGS;
  if (values.config !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(values.config, "utf8");
    } catch (error) {
      const code = errorCode(error) ? ` (${errorCode(error)})` : "";
      throw new UsageError(`--config ${values.config}: cannot be read${code}`);
    }
    try {
      settings = readSettings(JSON.parse(text));
    } catch (error) {
      const why = error instanceof SettingsError ? error.message : "not valid JSON";
      throw new UsageError(`--config ${values.config}: ${why}`);
    }
  }
  if (parsed.positionals.length === 0) throw new UsageError("no PATH given (try nginx-lint --help)");
  return { format, fix: values.fix ?? false, target, prefix, settings, paths: parsed.positionals };
}

/**
 * Up to this many bytes of files to lint, V8's allocation-site pretenuring is turned off. Pretenuring
 * watches whether the objects an allocation site makes survive, and moves sites whose objects do to
 * the old generation. Every node of the syntax tree survives, so part-way through the parse V8 flips
 * the parser's and the loader's sites: the hot functions are deoptimized and compiled again, and the
 * moved nodes point at young strings that every later scavenge must visit. On a few megabytes that
 * churn costs more than the copying it saves (100k lines, 3 MB: 40 ms of 330 measured); on tens of
 * megabytes the saved copying wins (1M lines, 30 MB: 8% faster with it). They cross near 9 MB.
 */
const PRETENURING_FROM_BYTES = 8 * 1024 * 1024;

function tuneHeapFor(files: readonly string[]): void {
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += fs.statSync(file).size;
    } catch {
      // An unreadable file is reported when it is read; it weighs nothing here.
    }
  }
  if (bytes < PRETENURING_FROM_BYTES) v8.setFlagsFromString("--no-allocation-site-pretenuring");
}

const SEVERITY_NAMES: Record<number, string> = { 1: "error", 2: "warning", 3: "info", 4: "hint" };

/** Writes a file so that an interrupted run leaves either the old or the new text, never half of one. */
function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.nginx-lint-${process.pid}.tmp`);
  try {
    let mode: number | undefined;
    try {
      mode = fs.statSync(file).mode;
    } catch {
      mode = undefined;
    }
    fs.writeFileSync(temp, text, mode !== undefined ? { mode } : undefined);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    const code = errorCode(error) ? ` (${errorCode(error)})` : "";
    throw new PathError(`${file}: cannot write the fixed file${code}`);
  }
}

/** The errors of a lint result, by file, code and message (positions move as edits land). */
function errorKeys(result: LintResult): Map<string, number> {
  const keys = new Map<string, number>();
  for (const [file, findings] of result) {
    for (const f of findings) {
      if (f.severity !== Severity.Error) continue;
      const key = `${file}\0${f.code}\0${f.message}`;
      keys.set(key, (keys.get(key) ?? 0) + 1);
    }
  }
  return keys;
}

/** True when `after` holds an error `before` did not (judged by the whole rule set, duplicates included). */
function addsError(before: LintResult, after: LintResult): boolean {
  const had = errorKeys(before);
  for (const [key, count] of errorKeys(after)) if (count > (had.get(key) ?? 0)) return true;
  return false;
}

/**
 * Applies preferred fixes until none is left (at most a few rounds, since one fix can reveal another).
 * Only the linted files are changed, and no fix is kept that adds an error: a round's fixes are first
 * tried together; when together they add one (two fixes can each be right and clash, such as a
 * renamed typo and an inserted line setting the same directive), each is tried on its own, in turn.
 */
function fixFiles(
  files: readonly string[],
  lint: (texts: Map<string, string>) => LintResult,
): { result: LintResult; changed: Map<string, string> } {
  const texts = new Map<string, string>();
  for (const file of files) texts.set(file, diskFileSystem.readText(file));
  const original = new Map(texts);
  let result = lint(texts);
  const apply = (base: Map<string, string>, fixes: readonly Fix[]): Map<string, string> => {
    const editsByFile = new Map<string, TextEdit[]>();
    for (const fix of fixes) {
      for (const edit of fix.edits) {
        const list = editsByFile.get(edit.file) ?? [];
        list.push(edit);
        editsByFile.set(edit.file, list);
      }
    }
    const next = new Map(base);
    for (const [file, edits] of editsByFile) next.set(file, applyEdits(base.get(file) as string, edits));
    return next;
  };
  const rounds = 5;
  for (let round = 0; round < rounds; round++) {
    // Fixes of errors first: when two clash, repairing what nginx refuses comes before completing
    // what it accepts (a misspelt proxy_http_version is renamed, not set a second time).
    const fixes: Fix[] = [];
    for (const severity of [Severity.Error, Severity.Warning]) {
      for (const findings of result.values()) {
        for (const finding of findings) {
          if (finding.severity !== severity) continue;
          const fix = finding.fixes?.find((f) => f.preferred);
          if (fix && fix.edits.every((e) => texts.has(e.file))) fixes.push(fix);
        }
      }
    }
    if (fixes.length === 0) break;
    const together = apply(texts, fixes);
    const next = lint(together);
    if (!addsError(result, next)) {
      for (const [file, text] of together) texts.set(file, text);
      result = next;
      continue;
    }
    // One at a time, each added to those kept so far and judged with them: all are applied to the
    // round's text, where their offsets hold. A fix that clashes with the kept ones waits for the next
    // round's analysis, which offers it afresh (or no longer, when a kept fix made it moot).
    const kept: Fix[] = [];
    let keptTexts = texts;
    let keptResult = result;
    for (const fix of fixes) {
      const candidate = apply(texts, [...kept, fix]);
      const after = lint(candidate);
      if (addsError(result, after)) continue;
      kept.push(fix);
      keptTexts = candidate;
      keptResult = after;
    }
    const progressed = kept.length > 0;
    for (const [file, text] of keptTexts) texts.set(file, text);
    result = keptResult;
    if (!progressed) break;
  }
  const changed = new Map<string, string>();
  for (const [file, text] of texts) if (text !== original.get(file)) changed.set(file, text);
  return { result, changed };
}

function formatText(result: LintResult, mapper: PositionMapper, cwd: string): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let other = 0;
  for (const [file, findings] of result) {
    const shown = path.relative(cwd, file) || file;
    for (const finding of findings) {
      const start = mapper.index(file).positionAt(finding.start);
      const severity = SEVERITY_NAMES[finding.severity] ?? "error";
      lines.push(
        `${shown}:${start.line + 1}:${start.character + 1}  ${severity}  ${finding.message}  ${finding.code}`,
      );
      if (finding.severity === Severity.Error) errors++;
      else if (finding.severity === Severity.Warning) warnings++;
      else other++;
    }
  }
  const total = errors + warnings + other;
  if (total > 0) {
    lines.push("");
    lines.push(
      `${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}, ${other} info)`,
    );
  }
  return lines.join("\n") + (lines.length > 0 ? "\n" : "");
}

/** Runs the command line; returns the exit status. Output goes to the given streams. */
export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const options = parseCommandLine(argv);
    if (options === "help") {
      out(USAGE + "\n");
      return 0;
    }
    if (options === "version") {
      out(`nginx-lint ${VERSION}\n`);
      return 0;
    }
    const files = collectFiles(options.paths);
    if (files.length === 0)
      throw new PathError(`${options.paths.join(" ")}: no nginx configuration files found`);
    tuneHeapFor(files);
    // The command line runs where the user runs it: the `auto` build may ask the nginx on PATH.
    const analyzeOptions = {
      target: options.target,
      prefix: options.prefix,
      settings: options.settings,
      mayRunNginx: true,
    };
    let result: LintResult;
    let texts: Map<string, string> | undefined;
    if (options.fix) {
      const fixed = fixFiles(files, (current) =>
        lintFiles(files, { ...analyzeOptions, fs: overlayFileSystem(current) }),
      );
      for (const [file, text] of fixed.changed) writeAtomically(file, text);
      result = fixed.result;
      texts = undefined;
    } else {
      result = lintFiles(files, analyzeOptions);
    }
    const mapper = new PositionMapper((file) => texts?.get(file) ?? diskFileSystem.readText(file));
    if (options.format === "json") {
      const json = [...result].map(([file, findings]) => ({
        file,
        diagnostics: findings.map((f) => toDiagnostic(f, mapper)),
      }));
      out(JSON.stringify(json, null, 2) + "\n");
    } else {
      out(formatText(result, mapper, process.cwd()));
    }
    const failing = [...result.values()].some((findings) =>
      findings.some((f) => f.severity <= Severity.Warning),
    );
    return failing ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof PathError) {
      err(`nginx-lint: ${error.message}\n`);
      return 2;
    }
    // An engine bug must still end in one clear line, never a stack trace.
    err(`nginx-lint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

declare const NGINX_LINT_VERSION: string | undefined;
const VERSION = typeof NGINX_LINT_VERSION === "string" ? NGINX_LINT_VERSION : "0.1.0";

/**
 * Writes to standard output or error directly. Setting up `process.stdout` (a stream over a pipe,
 * file or terminal) costs a few milliseconds of a run (3 ms measured on a pipe), and nginx-lint
 * writes each report in one piece anyway.
 * A descriptor that cannot take more right now (EAGAIN) gets the rest through the stream; a reader
 * that went away (EPIPE, as in `nginx-lint ... | head`) ends the writing quietly.
 */
function writeTo(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(fd, bytes, offset);
    } catch (error) {
      const code = errorCode(error);
      if (code === "EPIPE") return;
      if (code !== "EAGAIN") throw error;
      (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(offset));
      return;
    }
  }
}

if (require.main === module) {
  const status = main(
    process.argv.slice(2),
    (s) => writeTo(1, s),
    (s) => writeTo(2, s),
  );
  process.exitCode = status;
}
