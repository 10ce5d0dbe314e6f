// nginx-lint: the command line. Same engine as the language server; text output for people, JSON,
// SARIF and GitHub workflow commands for tools, --fix to apply the preferred quick fixes.
// Exit 0 clean, 1 warnings or errors, 2 usage or I/O.

import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tty from "node:tty";
import * as v8 from "node:v8";
import { parseArgs } from "node:util";
import { diskFileSystem, errorCode, overlayFileSystem } from "./analysis/files";
import { Severity, type Finding, type Fix, type TextEdit } from "./analysis/finding";
import { PositionMapper, toDiagnostic } from "./diagnostics";
import { parseVersion, type Version } from "./model/version";
import { KNOWN_CODES } from "./codes";
import { writeGithub, writeSarif } from "./report-formats";
import { applyEdits } from "./analysis/edits";
import { DEFAULT_SETTINGS, readSettings, SettingsError, type Settings } from "./settings";
import { collectFiles, lintFiles, PathError, type LintResult } from "./workspace";
import { routeCommand } from "./route-cli";

const USAGE = `Usage: nginx-lint [--format text|json|sarif|github] [--fix] [--quiet] [--hints]
                  [--nginx-version X.Y.Z] [--prefix DIR] [--config FILE] PATH...
       nginx-lint [options] --stdin-filename PATH -
       nginx-lint route [options] CONFIG URL...   (see nginx-lint route --help)

Checks nginx configuration files (folders are searched for them) and reports problems,
including proxied locations whose WebSocket setup is missing or broken.

Options:
  --format FORMAT        text (default), json, sarif (SARIF 2.1.0) or github
                         (GitHub Actions workflow commands)
  --fix                  apply the preferred quick fix of each finding, in place
                         (how many, in how many files, is said on stderr)
  --quiet                report errors only; the exit status then follows errors only
  --stdin-filename PATH  with the PATH "-": read the text from standard input and
                         report it as PATH (includes resolve as if it were there)
  --hints                also print hints (a plain proxied location with nothing saying it
                         serves WebSockets is a hint; they are left out by default)
  --nginx-version X.Y.Z  the nginx version the configuration targets (default: 1.22.1)
  --prefix DIR           directory that relative include paths resolve against
                         (default: the directory of the nearest nginx.conf)
  --config FILE          settings as JSON (the same keys as the editor's nginx.* settings:
                         targetVersion, build, severity, websocket.missingSeverity,
                         websocket.endpointPatterns, includeRoots, maxFileSize);
                         --nginx-version overrides targetVersion
  -h, --help             show this help
  -v, --version          show the version of nginx-lint

Suppression comments: "# nginx-lint: disable-next-line CODE[,CODE...]" silences those
codes on the next statement; "# nginx-lint: disable-file CODE[,CODE...]" in the whole file.
Colours: on a terminal, unless NO_COLOR is set (FORCE_COLOR=1 asks for them anyway).

Exit status: 0 no warnings or errors, 1 warnings or errors found, 2 usage or I/O error.`;

/** A failure that ends the run with exit status 2 and one line on stderr. */
class UsageError extends Error {}

const FORMATS = ["text", "json", "sarif", "github"] as const;
type Format = (typeof FORMATS)[number];

interface CliOptions {
  readonly format: Format;
  readonly fix: boolean;
  /** Whether hints are printed (an editor shows them faintly; a report of every plain location is noise). */
  readonly hints: boolean;
  readonly quiet: boolean;
  /** Set when the text comes from standard input: the path it is reported as. */
  readonly stdinFilename: string | undefined;
  readonly target: Version | undefined;
  readonly prefix: string | undefined;
  readonly settings: Settings;
  /** Set when the settings name `includeRoots`: includes may then read only there and beside the given paths. */
  readonly includeRoots: readonly string[] | undefined;
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
        hints: { type: "boolean" },
        quiet: { type: "boolean" },
        "stdin-filename": { type: "string" },
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
  const format = (values.format ?? "text") as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${format}"`);
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
  let includeRoots: readonly string[] | undefined;
  if (values.config !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(values.config, "utf8");
    } catch (error) {
      const code = errorCode(error) ? ` (${errorCode(error)})` : "";
      throw new UsageError(`--config ${values.config}: cannot be read${code}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
      settings = readSettings(raw);
    } catch (error) {
      const why = error instanceof SettingsError ? error.message : "not valid JSON";
      throw new UsageError(`--config ${values.config}: ${why}`);
    }
    const given = raw as Record<string, unknown>;
    // A misspelt key or code would otherwise change nothing, silently: refuse it, naming it.
    const unknown = unknownSetting(given);
    if (unknown) throw new UsageError(`--config ${values.config}: ${unknown}`);
    // The command line reads what the configuration names, as nginx would on this machine; a file
    // that names include roots asks for the editor's confinement, and gets it.
    if (given.includeRoots !== undefined) includeRoots = settings.includeRoots.map((r) => path.resolve(r));
    // The main configuration is what the command line is given: a setting it cannot honour is refused
    // rather than ignored.
    if (given.mainConfig !== undefined && given.mainConfig !== "")
      throw new UsageError(
        `--config ${values.config}: mainConfig is an editor setting; give the main nginx.conf as a PATH instead`,
      );
  }
  if (parsed.positionals.length === 0) throw new UsageError("no PATH given (try nginx-lint --help)");
  const stdinFilename = values["stdin-filename"];
  const readsStdin = parsed.positionals.includes("-");
  if (readsStdin && parsed.positionals.length > 1)
    throw new UsageError('"-" (standard input) must be the only PATH');
  if (stdinFilename !== undefined && !readsStdin)
    throw new UsageError('--stdin-filename names standard input: give "-" as the PATH');
  if (readsStdin && values.fix) throw new UsageError("--fix cannot write back to standard input");
  return {
    format,
    fix: values.fix ?? false,
    hints: values.hints ?? false,
    quiet: values.quiet ?? false,
    stdinFilename: readsStdin ? (stdinFilename ?? "<stdin>") : undefined,
    target,
    prefix,
    settings,
    includeRoots,
    // Standard input stands for the file it is reported as (where includeRoots confine includes, too).
    paths: readsStdin ? [stdinFilename ?? "<stdin>"] : parsed.positionals,
  };
}

/** Names the first key of a `--config` object that no setting has, or the first unknown code in `severity`. */
function unknownSetting(given: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(given)) if (!(key in DEFAULT_SETTINGS)) return `unknown setting "${key}"`;
  const websocket = given.websocket as Record<string, unknown> | undefined;
  for (const key of Object.keys(websocket ?? {}))
    if (!(key in DEFAULT_SETTINGS.websocket)) return `unknown setting "websocket.${key}"`;
  const severity = given.severity as Record<string, unknown> | undefined;
  for (const code of Object.keys(severity ?? {}))
    if (!KNOWN_CODES.has(code)) return `severity names an unknown diagnostic code "${code}"`;
  return undefined;
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

/**
 * The folders includes may read: everywhere, unless the settings name include roots; then those and
 * the folders of the given paths (and of the prefix), by their real paths as the gate compares them.
 */
function allowedRoots(options: CliOptions): string[] | undefined {
  if (!options.includeRoots) return undefined;
  const given = options.paths.map((p) => {
    const absolute = path.resolve(p);
    return diskFileSystem.kind(absolute) === "directory" ? absolute : path.dirname(absolute);
  });
  const roots = [...options.includeRoots, ...given, ...(options.prefix ? [options.prefix] : [])];
  return [
    ...new Set(
      roots.flatMap((r) => {
        try {
          return [r, diskFileSystem.realPath(r)];
        } catch {
          return [r];
        }
      }),
    ),
  ];
}

/** A file as --fix read it: its text, and what tells whether it changed since. */
interface ReadFile {
  readonly text: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  /** False when the bytes are not valid UTF-8: writing the decoded text back would change them. */
  readonly roundTrips: boolean;
}

/** Reads a file's bytes once, with the size and time of that very read (one descriptor). */
function readFile(file: string): ReadFile {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new PathError(`${file}: not a regular file`);
    const bytes = fs.readFileSync(fd);
    const text = bytes.toString("utf8");
    return {
      text,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      hash: crypto.createHash("sha256").update(bytes).digest("hex"),
      roundTrips: Buffer.byteLength(text, "utf8") === bytes.length && Buffer.from(text, "utf8").equals(bytes),
    };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes a fixed file over the file it was read from, keeping what makes it that file. A link is
 * written through to the file it leads to. A file with one name is replaced by a new file created
 * exclusively beside it under an unpredictable name (a link planted under a guessable name would
 * otherwise redirect the write), given the old owner, group and mode, then renamed over it, so an
 * interrupted run leaves the old text or the new, never half of one. A file with several names (hard
 * links), or whose owner cannot be given to a new file, is rewritten in place instead: a rename
 * would split the links or change the owner, and keeping them matters more than atomicity there.
 * Right before the text is replaced, the file must still be what was read (size, time, content);
 * otherwise someone changed it meanwhile and it is left alone.
 */
function writeFixed(file: string, text: string, read: ReadFile): void {
  let temp: string | undefined;
  try {
    const real = fs.realpathSync.native(file);
    const assertUnchanged = (): void => {
      const now = readFile(real);
      if (now.size !== read.size || now.mtimeMs !== read.mtimeMs || now.hash !== read.hash)
        throw new PathError(`${file}: changed while it was being fixed, so it is left as it is`);
    };
    const bytes = Buffer.from(text, "utf8");
    const stat = fs.statSync(real);
    assertUnchanged();
    if (stat.nlink > 1) {
      writeInPlace(real, bytes);
      return;
    }
    let fd: number | undefined;
    for (let attempt = 0; fd === undefined; attempt++) {
      const candidate = path.join(
        path.dirname(real),
        `.${path.basename(real)}.${crypto.randomBytes(8).toString("hex")}.nginx-lint.tmp`,
      );
      try {
        fd = fs.openSync(candidate, "wx", 0o600);
        temp = candidate;
      } catch (error) {
        if (errorCode(error) !== "EEXIST" || attempt >= 4) throw error;
      }
    }
    let keptOwner = true;
    try {
      fs.writeFileSync(fd, bytes);
      try {
        // Owner first: changing the owner clears the set-user and set-group bits the mode restores.
        if (stat.uid !== process.getuid?.() || stat.gid !== process.getgid?.())
          fs.fchownSync(fd, stat.uid, stat.gid);
      } catch {
        keptOwner = false;
      }
      fs.fchmodSync(fd, stat.mode & 0o7777);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (!keptOwner) {
      fs.rmSync(temp as string, { force: true });
      temp = undefined;
      assertUnchanged();
      writeInPlace(real, bytes);
      return;
    }
    assertUnchanged();
    fs.renameSync(temp as string, real);
    temp = undefined;
  } catch (error) {
    if (temp !== undefined) fs.rmSync(temp, { force: true });
    if (error instanceof PathError) throw error;
    const code = errorCode(error) ? ` (${errorCode(error)})` : "";
    throw new PathError(`${file}: cannot write the fixed file${code}`);
  }
}

/** Replaces a file's content through its own inode: its names, owner and mode stay as they are. */
function writeInPlace(real: string, bytes: Buffer): void {
  const fd = fs.openSync(real, fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW);
  try {
    for (let written = 0; written < bytes.length;)
      written += fs.writeSync(fd, bytes, written, bytes.length - written, written);
    fs.ftruncateSync(fd, bytes.length);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
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
): {
  result: LintResult;
  changed: Map<string, string>;
  read: Map<string, ReadFile>;
  /** How many fixes were applied whole, by the files each changed (a fix can change more than one). */
  fixes: { files: readonly string[] }[];
} {
  const texts = new Map<string, string>();
  const read = new Map<string, ReadFile>();
  for (const file of files) {
    let content: ReadFile;
    try {
      content = readFile(file);
    } catch (error) {
      if (error instanceof PathError) throw error;
      const code = errorCode(error) ? ` (${errorCode(error)})` : "";
      throw new PathError(`${file}: cannot be read${code}`);
    }
    read.set(file, content);
    texts.set(file, content.text);
  }
  const original = new Map(texts);
  let result = lint(texts);
  const fixes: { files: readonly string[] }[] = [];
  /** Counts the fixes whose every edit took effect (an edit overlapping another is skipped). */
  const count = (list: readonly Fix[], applied: ReadonlySet<TextEdit>): void => {
    for (const fix of list)
      if (fix.edits.every((e) => applied.has(e)))
        fixes.push({ files: [...new Set(fix.edits.map((e) => e.file))] });
  };
  const apply = (
    base: Map<string, string>,
    list: readonly Fix[],
    applied?: Set<TextEdit>,
  ): Map<string, string> => {
    const editsByFile = new Map<string, TextEdit[]>();
    for (const fix of list) {
      for (const edit of fix.edits) {
        const list = editsByFile.get(edit.file) ?? [];
        list.push(edit);
        editsByFile.set(edit.file, list);
      }
    }
    const next = new Map(base);
    for (const [file, edits] of editsByFile)
      next.set(file, applyEdits(base.get(file) as string, edits, applied));
    return next;
  };
  const rounds = 5;
  for (let round = 0; round < rounds; round++) {
    // Fixes of errors first: when two clash, repairing what nginx refuses comes before completing
    // what it accepts (a misspelt proxy_http_version is renamed, not set a second time).
    const offered: Fix[] = [];
    for (const severity of [Severity.Error, Severity.Warning]) {
      for (const findings of result.values()) {
        for (const finding of findings) {
          if (finding.severity !== severity) continue;
          const fix = finding.fixes?.find((f) => f.preferred);
          if (fix && fix.edits.every((e) => texts.has(e.file))) offered.push(fix);
        }
      }
    }
    if (offered.length === 0) break;
    const applied = new Set<TextEdit>();
    const together = apply(texts, offered, applied);
    const next = lint(together);
    if (!addsError(result, next)) {
      for (const [file, text] of together) texts.set(file, text);
      result = next;
      count(offered, applied);
      continue;
    }
    // One at a time, each added to those kept so far and judged with them: all are applied to the
    // round's text, where their offsets hold. A fix that clashes with the kept ones waits for the next
    // round's analysis, which offers it afresh (or no longer, when a kept fix made it moot).
    const kept: Fix[] = [];
    let keptTexts = texts;
    let keptResult = result;
    for (const fix of offered) {
      const candidate = apply(texts, [...kept, fix]);
      const after = lint(candidate);
      if (addsError(result, after)) continue;
      kept.push(fix);
      keptTexts = candidate;
      keptResult = after;
    }
    const progressed = kept.length > 0;
    if (progressed) {
      const keptApplied = new Set<TextEdit>();
      apply(texts, kept, keptApplied);
      count(kept, keptApplied);
    }
    for (const [file, text] of keptTexts) texts.set(file, text);
    result = keptResult;
    if (!progressed) break;
  }
  const changed = new Map<string, string>();
  for (const [file, text] of texts) if (text !== original.get(file)) changed.set(file, text);
  return { result, changed, read, fixes };
}

/** The findings without hints, for a report that was not asked to show them. */
function withoutHints(result: LintResult): LintResult {
  const out: LintResult = new Map();
  for (const [file, findings] of result) {
    out.set(
      file,
      findings.filter((f) => f.severity !== Severity.Hint),
    );
  }
  return out;
}

/**
 * Whether the text report is coloured: on a terminal, unless NO_COLOR is set (no-color.org);
 * FORCE_COLOR asks for colours anywhere (FORCE_COLOR=0 for none). A pipe or file gets plain text.
 */
function wantsColour(env: NodeJS.ProcessEnv, onTerminal: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return onTerminal && env.TERM !== "dumb";
}

/** SGR sequences for the few styles the text report uses (a handful of codes needs no library). */
const STYLES = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39] } as const;
type Style = keyof typeof STYLES;
type Paint = (style: Style, text: string) => string;
const plain: Paint = (_style, text) => text;
const colourful: Paint = (style, text) => `\u001b[${STYLES[style][0]}m${text}\u001b[${STYLES[style][1]}m`;
const SEVERITY_STYLES: Record<number, Style> = { 1: "red", 2: "yellow", 3: "cyan", 4: "dim" };

function formatText(result: LintResult, mapper: PositionMapper, cwd: string, paint: Paint = plain): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let other = 0;
  let hints = 0;
  for (const [file, findings] of result) {
    const shown = path.relative(cwd, file) || file;
    for (const finding of findings) {
      const start = mapper.index(file).positionAt(finding.start);
      const severity = SEVERITY_NAMES[finding.severity] ?? "error";
      lines.push(
        `${paint("bold", `${shown}:${start.line + 1}:${start.character + 1}`)}  ` +
          `${paint(SEVERITY_STYLES[finding.severity] ?? "red", severity)}  ${finding.message}  ${paint("dim", finding.code)}`,
      );
      if (finding.severity === Severity.Error) errors++;
      else if (finding.severity === Severity.Warning) warnings++;
      else if (finding.severity === Severity.Hint) hints++;
      else other++;
    }
  }
  const total = errors + warnings + other + hints;
  if (total > 0) {
    lines.push("");
    lines.push(
      paint(
        "bold",
        `${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}, ${other} info${hints > 0 ? `, ${hints} hint${hints === 1 ? "" : "s"}` : ""})`,
      ),
    );
  }
  return lines.join("\n") + (lines.length > 0 ? "\n" : "");
}

/**
 * Writes the JSON report, `[{ "file", "diagnostics": [...] }, ...]` on one line, in pieces of about a
 * megabyte: a configuration with a hundred thousand findings makes a report of hundreds of
 * megabytes, which is never held whole (nor its diagnostics as objects, nor their fixes).
 */
function writeJson(result: LintResult, mapper: PositionMapper, out: (s: string) => void): void {
  let pending = "[";
  let firstFile = true;
  for (const [file, findings] of result) {
    pending += `${firstFile ? "" : ","}{"file":${JSON.stringify(file)},"diagnostics":[`;
    firstFile = false;
    for (let i = 0; i < findings.length; i++) {
      pending += (i === 0 ? "" : ",") + JSON.stringify(toDiagnostic(findings[i] as Finding, mapper));
      if (pending.length > 1 << 20) {
        out(pending);
        pending = "";
      }
    }
    pending += "]}";
  }
  out(pending + "]\n");
}

/** Runs the command line; returns the exit status. Output goes to the given streams. */
export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  // "route" as the first word is the routing preview; a file of that name is linted as "./route".
  if (argv[0] === "route") return routeCommand(argv.slice(1), out, err);
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
    let stdin: Map<string, string> | undefined;
    let files: string[];
    if (options.stdinFilename !== undefined) {
      const file = path.resolve(options.stdinFilename);
      let text: string;
      try {
        text = fs.readFileSync(0, "utf8");
      } catch (error) {
        const code = errorCode(error) ? ` (${errorCode(error)})` : "";
        throw new PathError(`standard input cannot be read${code}`);
      }
      // The text stands in for the file at that path (which need not exist): its includes resolve
      // from there, and a main nginx.conf beside it that includes it sees this text.
      stdin = new Map([[file, text]]);
      files = [file];
    } else {
      files = collectFiles(options.paths);
      if (files.length === 0)
        throw new PathError(`${options.paths.join(" ")}: no nginx configuration files found`);
      tuneHeapFor(files);
    }
    // The command line runs where the user runs it: the `auto` build may ask the nginx on PATH.
    const analyzeOptions = {
      target: options.target,
      prefix: options.prefix,
      settings: options.settings,
      allowedRoots: allowedRoots(options),
      mayRunNginx: true,
      ...(stdin ? { fs: overlayFileSystem(stdin) } : {}),
    };
    let result: LintResult;
    let texts: Map<string, string> | undefined;
    /** Files --fix could not write: one line each, after the report, and exit status 2. */
    const unwritten: string[] = [];
    if (options.fix) {
      const fixed = fixFiles(files, (current) =>
        lintFiles(files, { ...analyzeOptions, fs: overlayFileSystem(current) }),
      );
      for (const [file, text] of fixed.changed) {
        const read = fixed.read.get(file) as ReadFile;
        if (!read.roundTrips) {
          unwritten.push(`${file}: not valid UTF-8, so it is not fixed (its bytes would change)`);
          continue;
        }
        try {
          writeFixed(file, text, read);
        } catch (error) {
          if (!(error instanceof PathError)) throw error;
          unwritten.push(error.message);
        }
      }
      result = fixed.result;
      // Positions are those of the text that was linted last, written or not.
      texts = fixed.changed;
      // On stderr, so a JSON or SARIF report on stdout stays whole. A run that could not write a file
      // says so instead, in one line per file, and exits 2.
      if (unwritten.length === 0) {
        const count = fixed.fixes.length;
        const fixedFiles = new Set(fixed.fixes.flatMap((f) => f.files)).size;
        err(
          `nginx-lint: applied ${count} fix${count === 1 ? "" : "es"} in ${fixedFiles} file${fixedFiles === 1 ? "" : "s"}\n`,
        );
      }
    } else {
      result = lintFiles(files, analyzeOptions);
    }
    if (options.quiet) {
      // Errors only: what is reported, and what the exit status follows.
      const errorsOnly: LintResult = new Map();
      for (const [file, findings] of result)
        errorsOnly.set(
          file,
          findings.filter((f) => f.severity === Severity.Error),
        );
      result = errorsOnly;
    }
    const mapper = new PositionMapper(
      (file) => texts?.get(file) ?? stdin?.get(file) ?? diskFileSystem.readText(file),
    );
    const cwd = process.cwd();
    const shown = options.hints ? result : withoutHints(result);
    if (options.format === "json") writeJson(shown, mapper, out);
    else if (options.format === "sarif") writeSarif(shown, mapper, cwd, VERSION, out);
    else if (options.format === "github") writeGithub(shown, mapper, cwd, out);
    else {
      const colour = wantsColour(process.env, tty.isatty(1));
      out(formatText(shown, mapper, cwd, colour ? colourful : plain));
    }
    for (const line of unwritten) err(`nginx-lint: ${line}\n`);
    if (unwritten.length > 0) return 2;
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

/** Descriptors that once refused more (EAGAIN): what follows goes through their stream, in order. */
const throughStream = new Set<1 | 2>();

/**
 * Writes to standard output or error directly. Setting up `process.stdout` (a stream over a pipe,
 * file or terminal) costs a few milliseconds of a run (3 ms measured on a pipe), and nginx-lint
 * writes each report in a few large pieces anyway.
 * A descriptor that cannot take more right now (EAGAIN) gets the rest, and every later piece, through
 * the stream; a reader that went away (EPIPE, as in `nginx-lint ... | head`) ends the writing quietly.
 */
function writeTo(fd: 1 | 2, text: string): void {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (throughStream.has(fd)) {
    stream.write(text);
    return;
  }
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(fd, bytes, offset);
    } catch (error) {
      const code = errorCode(error);
      if (code === "EPIPE") return;
      if (code !== "EAGAIN") throw error;
      throughStream.add(fd);
      stream.write(bytes.subarray(offset));
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
