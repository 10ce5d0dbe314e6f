// The facade the language server and the command line both call: analyse one root file with its
// includes (read, parse, load, then the syntax findings, the loader's findings and the rules', less
// what suppression comments silence). Plain types and offsets only; no LSP here.

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
import { dedupe, Severity, type Finding } from "./analysis/finding";
import { Resolver } from "./analysis/resolve";
import { PARSE_OPTIONS, syntaxFindings } from "./analysis/syntax";
import type { Context } from "./model/directives";
import type { Version } from "./model/version";
import { buildOf, DEFAULT_SETTINGS, severityFromName, targetOf, type Settings } from "./settings";
import { parse } from "./parser/parser";
import type { Directive, ParsedFile } from "./parser/ast";
import { runRules } from "./rules/engine";
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
  const started = timing ? performance.now() : 0;
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
  for (const finding of syntaxFindings(config, target)) findings.push(finding);
  for (const finding of config.findings) {
    // A fragment's includes resolve in a deployment we cannot see, so a missing one is only a warning.
    const softened =
      !isMain && finding.code === "include-not-found" ? { ...finding, severity: Severity.Warning } : finding;
    findings.push(softened);
  }
  const severities: Record<string, Severity | "off"> = {};
  for (const [code, name] of Object.entries(settings.severity)) severities[code] = severityFromName(name);
  Object.assign(severities, options.severities ?? {});
  runRules({
    config,
    fs: fsys,
    resolver,
    target,
    isMain,
    settings,
    severities,
    report: (finding) => findings.push(finding),
    timing,
  });
  timing?.("analysis since the process started", 0);
  // Suppression comments apply after every rule has run, so no rule needs to know about them.
  const kept = withoutSuppressed(dedupe(findings), (f) => config.files.get(f)?.parsed);
  return { config, findings: kept };
}
