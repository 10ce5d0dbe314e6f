// The facade the language server and the command line both call: analyse a file (with its includes)
// or a set of paths, and apply fixes. Plain types and offsets only; no LSP here.

import * as path from "node:path";
import {
  DEFAULT_LIMITS,
  loadConfig,
  type ConfigNode,
  type LoadedConfig,
  type LoadLimits,
  type SourceFile,
} from "./analysis/config";
import { inferContext } from "./analysis/context";
import { diskFileSystem, expandGlob, hasGlob, type FileSystem, type ReadLimits } from "./analysis/files";
import { Severity, type Finding, type TextEdit } from "./analysis/finding";
import { fitsAsWritten, Resolver } from "./analysis/resolve";
import { factsFor, TABLE_BLOCKS, type Context } from "./model/directives";
import type { Version } from "./model/version";
import { buildOf, DEFAULT_SETTINGS, severityFromName, targetOf, type Settings } from "./settings";
import { parse, type ParseOptions } from "./parser/parser";
import { lineEndingOf, withLineEnding } from "./parser/lines";
import type { Directive, ParsedFile } from "./parser/ast";
import { RULES } from "./rules";
import { selects, type Rule, type RuleContext } from "./rules/rule";
import { withoutSuppressed } from "./suppressions";

/** How a run is configured; every field has a sensible default. */
export interface AnalyzeOptions {
  readonly fs?: FileSystem;
  readonly target?: Version;
  /** Where relative includes resolve; by default the directory of the nearest nginx.conf. */
  readonly prefix?: string;
  /** The root file's top-level context; by default inferred from its content. */
  readonly context?: Context;
  /** Per-code severity overrides ("off" silences a rule). */
  readonly severities?: Readonly<Record<string, Severity | "off">>;
  readonly cache?: Map<string, SourceFile>;
  readonly allowedRoots?: readonly string[];
  /** The user's settings (target version, build, severities, WebSocket endpoint patterns). */
  readonly settings?: Settings;
  /** Bounds of the include tree other than the defaults (the file size comes from the settings). */
  readonly limits?: Partial<LoadLimits>;
  /** Whether the `auto` build may run `nginx -V` (the command line; an editor only in a trusted workspace). */
  readonly mayRunNginx?: boolean;
}

/** The result of analysing one root file: its effective configuration and every finding, in any file. */
export interface Analysis {
  readonly config: LoadedConfig;
  readonly findings: Finding[];
}

/** Words that are directive names but also common argument values, so a line starting with one is not a new statement. */
const ARGUMENT_WORDS = new Set([
  "deny",
  "allow",
  "break",
  "ssl",
  "http2",
  "http3",
  "quic",
  "internal",
  "index",
  "types",
]);

/** The parser's hint: a bare word at the start of a line that is a directive name starts a new statement. */
export const PARSE_OPTIONS: ParseOptions = {
  startsStatement(word, enclosing) {
    if (TABLE_BLOCKS.has(enclosing) || ARGUMENT_WORDS.has(word)) return false;
    return factsFor(word).some((f) => f.origin === "nginx");
  },
};

const FRAGMENT_DIRECTORIES = new Set([
  "sites-available",
  "sites-enabled",
  "conf.d",
  "snippets",
  "modules-available",
  "modules-enabled",
]);

/**
 * The directory relative includes resolve against: nginx resolves them against the main config's
 * directory. Guessed as the nearest directory (up to three levels up) that holds an nginx.conf, else
 * the parent of a sites-available / conf.d / snippets directory, else the file's own directory.
 */
export function defaultPrefix(file: string, fsys: FileSystem = diskFileSystem): string {
  let dir = path.dirname(file);
  for (let level = 0; level < 4; level++) {
    if (fsys.kind(path.join(dir, "nginx.conf")) === "file") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const own = path.dirname(file);
  return FRAGMENT_DIRECTORIES.has(path.basename(own)) ? path.dirname(own) : own;
}

/**
 * Directives that take any number of free-form words: when one of them runs into the next line's
 * directive, nginx reads the whole as one valid statement, so a missing `;` there is only a warning.
 */
function takesFreeFormWords(name: string): boolean {
  return (
    ["server_name", "index", "try_files", "log_format", "valid_referers", "ssl_ciphers"].includes(name) ||
    name.endsWith("_types")
  );
}

/** Whether the `;` a missing-semicolon fix would insert at an offset yields a statement nginx accepts. */
type InsertCheck = (file: string, insertAt: number) => boolean;

function parserFindings(file: SourceFile, insertFits: InsertCheck): Finding[] {
  return file.parsed.errors.map((error) => {
    const finding: Finding = {
      file: file.path,
      start: error.start,
      end: error.end,
      code: error.code,
      severity:
        error.assumedFor !== undefined && takesFreeFormWords(error.assumedFor)
          ? Severity.Warning
          : Severity.Error,
      message: error.message,
      related: error.related ? [{ file: file.path, ...error.related }] : undefined,
    };
    if (error.code !== "missing-semicolon") return finding;
    // Insert the ";" right after the statement's last word.
    const at = error.insertAt ?? error.start;
    const edit: TextEdit = { file: file.path, start: at, end: at, newText: ";" };
    return {
      ...finding,
      fixes: [{ title: 'Insert ";"', edits: [edit], preferred: insertFits(file.path, at) }],
    };
  });
}

/** How many files guessing a fragment's context may read in all (its includes, and theirs). */
const PEEK_BUDGET = 40;

/**
 * Reads the files includes name, for context inference only (no diagnostics, at most 20 files per
 * include and PEEK_BUDGET in all). The reads go through the same gate as the loader's: the allowed
 * roots, regular files only, the size limit.
 */
function includePeeker(
  prefix: string,
  fsys: FileSystem,
  cache: Map<string, SourceFile>,
  limits: ReadLimits,
): (include: Directive) => ParsedFile[] {
  let budget = PEEK_BUDGET;
  return (include) => {
    const arg = include.args[0];
    if (!arg || include.args.length !== 1) return [];
    const target = path.resolve(prefix, arg.value);
    const files = hasGlob(arg.value) ? expandGlob(fsys, target, 20).matches : [target];
    const out: ParsedFile[] = [];
    for (const file of files) {
      if (budget-- <= 0) break;
      try {
        let source = cache.get(file);
        if (!source) {
          source = { path: file, parsed: parse(fsys.readText(file, limits), PARSE_OPTIONS) };
          cache.set(file, source);
        }
        out.push(source.parsed);
      } catch {
        // Unreadable includes are reported by the loader; here they just tell nothing.
      }
    }
    return out;
  };
}

/** The modules `load_module` lines load, by file name without `.so` (`modules/ngx_stream_module.so`). */
function loadedModules(nodes: readonly ConfigNode[]): Set<string> {
  const loaded = new Set<string>();
  for (let i = 0; i < nodes.length; i++) {
    const d = (nodes[i] as ConfigNode).directive;
    if (d.name.value !== "load_module") continue;
    const file = path.basename(d.args[0]?.value ?? "");
    loaded.add(file.replace(/\.so$/, ""));
  }
  return loaded;
}

function loadsDynamicModules(nodes: readonly ConfigNode[]): boolean {
  for (let i = 0; i < nodes.length; i++) {
    const d = (nodes[i] as ConfigNode).directive;
    const name = d.name.value;
    if (name === "load_module") return true;
    if (name === "include" && /modules-(enabled|available)|\/modules\//.test(d.args[0]?.value ?? ""))
      return true;
  }
  return false;
}

/**
 * With NGINX_LINT_TIMING=1, prints how long a phase took since `since` (performance.now()), to
 * stderr, for `npm run bench` and profiling; undefined otherwise.
 */
export function phaseTimer(): ((label: string, since: number) => void) | undefined {
  return process.env.NGINX_LINT_TIMING
    ? (label, since) => process.stderr.write(`timing ${label} ${(performance.now() - since).toFixed(1)} ms\n`)
    : undefined;
}

/** Analyses one root file with its includes. Never throws for bad input; I/O errors of the root do throw. */
export function analyze(file: string, options: AnalyzeOptions & { text?: string } = {}): Analysis {
  const timing = phaseTimer();
  let started = timing ? performance.now() : 0;
  const fsys = options.fs ?? diskFileSystem;
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const target = options.target ?? targetOf(settings);
  const cache = options.cache ?? new Map<string, SourceFile>();
  const limits = { ...DEFAULT_LIMITS, ...options.limits, maxFileBytes: settings.maxFileSize };
  const readLimits: ReadLimits = { maxBytes: limits.maxFileBytes, roots: options.allowedRoots };
  const text = options.text ?? fsys.readText(file, readLimits);
  let root = cache.get(file);
  if (!root || root.parsed.text !== text) {
    root = { path: file, parsed: parse(text, PARSE_OPTIONS) };
    cache.set(file, root);
  }
  const prefix = options.prefix ?? defaultPrefix(file, fsys);
  const context =
    options.context ?? inferContext(root.parsed, includePeeker(prefix, fsys, cache, readLimits));
  const config = loadConfig({
    fs: fsys,
    file,
    text,
    prefix,
    context,
    parseOptions: PARSE_OPTIONS,
    cache,
    allowedRoots: options.allowedRoots,
    limits,
  });
  timing?.("read, parse and load", started);
  const isMain = context === "core:main";
  const findings: Finding[] = [];
  const resolver = new Resolver(target, {
    build: buildOf(settings, options.mayRunNginx ?? false),
    loaded: loadedModules(config.allNodes),
  });
  const nodes = config.allNodes;
  // Statements cut short by a syntax error, by where their `;` belongs (only files with errors have any).
  const unterminated = new Map<string, ConfigNode>();
  const withErrors = new Set(
    [...config.files.values()].filter((f) => f.parsed.errors.length > 0).map((f) => f.path),
  );
  if (withErrors.size > 0) {
    for (const node of nodes) {
      const d = node.directive;
      if (d.semicolon !== undefined || d.block || d.raw || !withErrors.has(node.file.path)) continue;
      const last = d.args[d.args.length - 1] ?? d.name;
      unterminated.set(`${node.file.path}\0${last.end}`, node);
    }
  }
  const insertFits: InsertCheck = (path, at) => {
    const node = unterminated.get(`${path}\0${at}`);
    return node !== undefined && fitsAsWritten(node, node.directive.name.value, target, true);
  };
  for (const source of config.files.values()) {
    for (const finding of parserFindings(source, insertFits)) findings.push(finding);
  }
  for (const finding of config.findings) {
    // A fragment's includes resolve in a deployment we cannot see, so a missing one is only a warning.
    const softened =
      !isMain && finding.code === "include-not-found" ? { ...finding, severity: Severity.Warning } : finding;
    findings.push(softened);
  }
  const overrides: Record<string, Severity | "off"> = {};
  for (const [code, name] of Object.entries(settings.severity)) overrides[code] = severityFromName(name);
  Object.assign(overrides, options.severities ?? {});
  const shared = new Map<string, unknown>();
  const ruleContext: RuleContext = {
    config,
    fs: fsys,
    resolver,
    target,
    complete: isMain && config.unresolvedIncludes === 0,
    isMain,
    loadsDynamicModules: loadsDynamicModules(nodes),
    nodes,
    settings,
    shared: <T>(key: string, compute: () => T): T => {
      if (!shared.has(key)) shared.set(key, compute());
      return shared.get(key) as T;
    },
    severity: (ruleId, fallback) => overrides[ruleId] ?? fallback,
    report: (finding) => findings.push(finding),
  };
  started = timing ? performance.now() : 0;
  const visitors = RULES.filter((rule) => rule.visit);
  // The rules each node needs, by what its directive resolves to and its name: a few hundred pairs
  // in any configuration, each worked out once, so a node meets only the rules that look at it.
  const dispatch = new Map<string, Map<string, readonly Rule[]>>();
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as ConfigNode;
    const kind = resolver.resolve(node).kind;
    const name = node.directive.name.value;
    let byName = dispatch.get(kind);
    if (!byName) {
      byName = new Map();
      dispatch.set(kind, byName);
    }
    let rules = byName.get(name);
    if (!rules) {
      rules = visitors.filter((rule) => selects(rule.visits, kind, name));
      byName.set(name, rules);
    }
    for (let r = 0; r < rules.length; r++) (rules[r] as Rule).visit?.(node, ruleContext);
  }
  timing?.(`${visitors.length} per-node rules`, started);
  for (const rule of RULES) {
    if (!rule.check) continue;
    started = timing ? performance.now() : 0;
    rule.check(ruleContext);
    timing?.(rule.id, started);
  }
  timing?.("analysis since the process started", 0);
  // Suppression comments apply after every rule has run, so no rule needs to know about them.
  const kept = withoutSuppressed(dedupe(findings), (f) => config.files.get(f)?.parsed);
  return { config, findings: kept };
}

/** The code of the one finding that stands for those past the per-file cap. */
export const TOO_MANY_FINDINGS = "too-many-findings";

/** How many findings one file reports at most: past this, a list is noise and its output a burden. */
export const MAX_FINDINGS_PER_FILE = 1000;

/**
 * At most `max` findings per file (the first, in the order given), and for a file with more, one
 * more finding where the first left out stands, saying how many were left out; it is as severe as
 * the most severe of them, so the exit status and the editor's badge still tell the truth.
 */
export function capFindings(findings: readonly Finding[], max = MAX_FINDINGS_PER_FILE): Finding[] {
  const counts = new Map<string, number>();
  const hidden = new Map<string, { first: Finding; count: number; severity: Severity }>();
  const out: Finding[] = [];
  for (const finding of findings) {
    const seen = counts.get(finding.file) ?? 0;
    counts.set(finding.file, seen + 1);
    if (seen < max) {
      out.push(finding);
      continue;
    }
    const rest = hidden.get(finding.file);
    if (rest) {
      rest.count++;
      rest.severity = Math.min(rest.severity, finding.severity) as Severity;
    } else hidden.set(finding.file, { first: finding, count: 1, severity: finding.severity });
  }
  for (const [file, rest] of hidden) {
    out.push({
      file,
      start: rest.first.start,
      end: rest.first.start,
      code: TOO_MANY_FINDINGS,
      severity: rest.severity,
      message: `${rest.count} more finding${rest.count === 1 ? "" : "s"} in this file ${rest.count === 1 ? "is" : "are"} not shown (at most ${max} are reported per file)`,
    });
  }
  return out;
}

/** Findings without repeats (same file, span, code and message), sorted by file and position. */
export function dedupe(findings: readonly Finding[]): Finding[] {
  // Sorted first (stable: findings at the same span keep their order), so repeats stand side by
  // side in runs of one span: no key string per finding, which a file of a million errors would
  // otherwise build a million of.
  const sorted = [...findings].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start || a.end - b.end,
  );
  const out: Finding[] = [];
  /** Where the kept findings of the current span begin in `out`. */
  let runStart = 0;
  for (let i = 0; i < sorted.length; i++) {
    const finding = sorted[i] as Finding;
    const first = out[runStart];
    if (
      first === undefined ||
      finding.file !== first.file ||
      finding.start !== first.start ||
      finding.end !== first.end
    ) {
      runStart = out.length;
      out.push(finding);
      continue;
    }
    let repeated = false;
    for (let k = runStart; k < out.length; k++) {
      const kept = out[k] as Finding;
      if (kept.code === finding.code && kept.message === finding.message) {
        repeated = true;
        break;
      }
    }
    if (!repeated) out.push(finding);
  }
  return out;
}

/**
 * Applies edits to a text. Edits are applied from the end backwards; an edit overlapping one already
 * taken is skipped (it will be offered again on the next analysis). `applied`, when given, receives
 * every edit that took effect (so a caller can tell which fixes were applied whole).
 */
export function applyEdits(text: string, edits: readonly TextEdit[], applied?: Set<TextEdit>): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  const ending = lineEndingOf(text);
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  let previous: TextEdit | undefined;
  for (const edit of sorted) {
    // Two findings can carry the same edit (two locations shadowed by one server list): apply it once.
    if (
      previous &&
      edit.start === previous.start &&
      edit.end === previous.end &&
      edit.newText === previous.newText
    ) {
      applied?.add(edit);
      continue;
    }
    if (edit.end > limit) continue;
    if (edit.start < 0 || edit.end > text.length || edit.start > edit.end) continue;
    result = result.slice(0, edit.start) + withLineEnding(edit.newText, ending) + result.slice(edit.end);
    limit = edit.start;
    previous = edit;
    applied?.add(edit);
  }
  return result;
}
