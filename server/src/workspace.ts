// Lints a set of paths the way a person means it: folders are searched for nginx files, a whole
// nginx.conf is analysed with its includes, and each included file is judged in the place it is
// included (never as a stray main file). Files no main config reaches are judged on their own.

import * as path from "node:path";
import { inferContext } from "./analysis/context";
import { diskFileSystem, errorCode, type FileSystem } from "./analysis/files";
import type { Finding } from "./analysis/finding";
import { parse } from "./parser/parser";
import { analyze, defaultPrefix, phaseTimer, type AnalyzeOptions } from "./service";
import { capFindings, dedupe } from "./analysis/finding";
import { PARSE_OPTIONS } from "./analysis/syntax";
import type { SourceFile } from "./analysis/config";

/** File names nginx setups use that carry no telling extension. */
const KNOWN_NAMES = new Set([
  "nginx.conf",
  "proxy_params",
  "fastcgi_params",
  "fastcgi.conf",
  "uwsgi_params",
  "scgi_params",
  "mime.types",
]);
const KNOWN_EXTENSIONS = [".conf", ".nginx", ".nginxconf", ".conf.template", ".conf.sample"];
const FRAGMENT_DIRS = new Set(["sites-available", "sites-enabled", "snippets"]);
const SKIPPED_DIRS = new Set(["node_modules", ".git", ".hg", ".svn"]);

/** True when a file found while walking a folder looks like nginx configuration. */
export function looksLikeNginxFile(file: string): boolean {
  const base = path.basename(file);
  if (KNOWN_NAMES.has(base)) return true;
  if (KNOWN_EXTENSIONS.some((ext) => base.endsWith(ext))) return true;
  return FRAGMENT_DIRS.has(path.basename(path.dirname(file)));
}

/** Thrown for a path that cannot be linted (missing, unreadable): the CLI turns it into one line. */
export class PathError extends Error {}

/** What a folder walk looks for, and how far it goes. */
export interface WalkOptions {
  /** Whether a file (its full path) is wanted; its kind is asked of the file system only then. */
  readonly wants: (file: string) => boolean;
  /** Whether a directory by this name is entered. */
  readonly enters: (name: string) => boolean;
  /** Entries by this name are never looked at, whether files or folders. */
  readonly skips?: (name: string) => boolean;
  /** How many levels below a root are read (a root is level 0). */
  readonly maxDepth: number;
  /** How many directories the whole walk may read, over all its roots. */
  readonly budget?: number;
}

/**
 * The wanted files under each root folder, in a stable order (names sorted at each level). Each real
 * directory is read once per root: a link back up the tree would otherwise be walked until the depth
 * runs out. Unreadable directories are passed over.
 */
export function walkFolders(roots: readonly string[], fsys: FileSystem, options: WalkOptions): string[] {
  const found: string[] = [];
  let budget = options.budget ?? Number.POSITIVE_INFINITY;
  const visit = (dir: string, depth: number, visited: Set<string>): void => {
    if (budget-- <= 0) return;
    let real: string;
    try {
      real = fsys.realPath(dir);
    } catch {
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let names: string[];
    try {
      names = fsys.list(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (options.skips?.(name)) continue;
      const full = path.join(dir, name);
      const wanted = options.wants(full);
      const entered = depth < options.maxDepth && options.enters(name);
      // Asking an entry's kind is a system call: only for a name that could be used.
      if (!wanted && !entered) continue;
      const kind = fsys.kind(full);
      if (kind === "directory" && entered) visit(full, depth + 1, visited);
      else if (kind === "file" && wanted) found.push(full);
    }
  };
  for (const root of roots) visit(root, 0, new Set());
  return found;
}

/** How deep `nginx-lint DIR` looks: any real configuration tree, but not a runaway one. */
const LINT_DEPTH = 32;

/** Expands the given paths into the nginx files to lint, in a stable order. */
export function collectFiles(paths: readonly string[], fsys: FileSystem = diskFileSystem): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      out.push(file);
    }
  };
  const walk: WalkOptions = {
    wants: looksLikeNginxFile,
    enters: () => true,
    skips: (name) => SKIPPED_DIRS.has(name),
    maxDepth: LINT_DEPTH,
  };
  for (const given of paths) {
    const absolute = path.resolve(given);
    const kind = fsys.kind(absolute);
    if (kind === undefined) throw new PathError(`${given}: no such file or directory`);
    // A device or FIFO would never end or never answer.
    if (kind === "other") throw new PathError(`${given}: not a regular file or folder`);
    if (kind === "file") add(absolute);
    else for (const file of walkFolders([absolute], fsys, walk)) add(file);
  }
  return out;
}

/** Findings for every linted file (files with none are listed with an empty array). */
export type LintResult = Map<string, Finding[]>;

/** Lints files: main configs with their includes first, then each file no main config reached. */
export function lintFiles(files: readonly string[], options: AnalyzeOptions = {}): LintResult {
  const fsys = options.fs ?? diskFileSystem;
  const cache = options.cache ?? new Map<string, SourceFile>();
  const result: LintResult = new Map(files.map((f) => [f, []]));
  const wanted = new Set(files);
  const covered = new Set<string>();
  /** Real paths of the files a linted main config loaded. */
  const coveredReal = new Set<string>();
  const realOf = (file: string) => {
    try {
      return fsys.realPath(file);
    } catch {
      return file;
    }
  };
  const wantedByReal = new Map<string, string>();
  for (const file of files) wantedByReal.set(realOf(file), file);

  const texts = new Map<string, string>();
  const readText = (file: string): string => {
    let text = texts.get(file);
    if (text === undefined) {
      try {
        text = fsys.readText(file);
      } catch (error) {
        const code = errorCode(error) ? ` (${errorCode(error)})` : "";
        throw new PathError(`${file}: cannot be read${code}`);
      }
      texts.set(file, text);
    }
    return text;
  };

  // Main configs: the linted files that are whole nginx.conf files, plus the nginx.conf a linted
  // fragment's folder belongs to (so sites-available/x is judged inside the http block including it).
  const mains: string[] = [];
  const timing = phaseTimer();
  const started = timing ? performance.now() : 0;
  for (const file of files) {
    const parsed = parse(readText(file), PARSE_OPTIONS);
    cache.set(file, { path: file, parsed });
    if (inferContext(parsed) === "core:main") mains.push(file);
  }
  timing?.("read and parse the given files", started);
  for (const file of files) {
    const candidate = path.join(defaultPrefix(file, fsys), "nginx.conf");
    if (!wanted.has(candidate) && !mains.includes(candidate) && fsys.kind(candidate) === "file")
      mains.push(candidate);
  }

  for (const main of mains) {
    let analysis;
    try {
      analysis = analyze(main, {
        ...options,
        fs: fsys,
        cache,
        text: wanted.has(main) ? readText(main) : undefined,
        prefix: options.prefix ?? path.dirname(main),
      });
    } catch {
      continue;
    }
    if (wanted.has(main)) {
      // A configuration given to lint is judged whole, as nginx -t judges it: every file it loads is
      // reported, under the name it is loaded by (a linked site once, where the main config includes it).
      for (const file of analysis.config.files.keys()) {
        covered.add(file);
        coveredReal.add(realOf(file));
        if (!result.has(file)) result.set(file, []);
      }
      for (const finding of analysis.findings) result.get(finding.file)?.push(finding);
      continue;
    }
    // A main config found beside a linted fragment only gives that fragment its context: only the
    // linted files are reported, under the names they were given.
    const reached = new Set<string>();
    for (const file of analysis.config.files.keys()) {
      const linted = wanted.has(file) ? file : wantedByReal.get(realOf(file));
      if (linted) reached.add(linted);
    }
    for (const file of reached) covered.add(file);
    for (const finding of analysis.findings) {
      const linted = wanted.has(finding.file) ? finding.file : wantedByReal.get(realOf(finding.file));
      if (linted && reached.has(linted))
        result.get(linted)?.push(linted === finding.file ? finding : { ...finding, file: linted });
    }
  }

  for (const file of files) {
    if (covered.has(file)) continue;
    if (coveredReal.has(realOf(file))) {
      // The same file (through a link) was judged in the place a linted main config includes it.
      result.delete(file);
      continue;
    }
    const analysis = analyze(file, { ...options, fs: fsys, cache, text: readText(file) });
    // Files it includes are judged on their own turn (or were judged inside a main config).
    for (const finding of analysis.findings) if (finding.file === file) result.get(file)?.push(finding);
  }
  for (const [file, findings] of result) result.set(file, capFindings(dedupe(findings)));
  return result;
}
