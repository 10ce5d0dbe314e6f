// How the editor judges one open file: with its includes resolved from the workspace. A file that a main
// nginx.conf of the workspace (or the `mainConfig` setting) reaches is analysed through that main, in the
// place it is included, exactly as `nginx-lint` does for a folder; any other file is analysed on its own
// (a main config, or a fragment whose context is inferred). Main analyses are shared between the open
// files until something changes.

import * as path from "node:path";
import type { SourceFile } from "../analysis/config";
import { inferContext } from "../analysis/context";
import type { FileSystem } from "../analysis/files";
import type { Finding } from "../analysis/finding";
import { parse } from "../parser/parser";
import { analyze, defaultPrefix, type Analysis } from "../service";
import { capFindings } from "../analysis/finding";
import { PARSE_OPTIONS } from "../analysis/syntax";
import { DEFAULT_SETTINGS, type Settings } from "../settings";
import { walkFolders } from "../workspace";

/**
 * Where an open document lives: a file on disk; an untitled buffer (placed in the first workspace
 * folder, or nowhere); or a URI that names no local path, which is analysed on its own text alone.
 */
export type Placement = "file" | "untitled" | "unmapped";

/** The result for one open file. */
export interface DocumentAnalysis {
  readonly analysis: Analysis;
  /** The path under which the analysis knows the file (it may be reached through a link). */
  readonly file: string;
  /** The main config it was judged through, or undefined when it was analysed on its own. */
  readonly main: string | undefined;
  /** The findings in this file. */
  readonly findings: Finding[];
  /** Every file the analysis read (paths and their real paths): a change to one calls for a new analysis. */
  readonly dependencies: ReadonlySet<string>;
}

const SKIPPED_DIRECTORIES = new Set(["node_modules", "out", "dist"]);
/** How deep below a workspace folder nginx.conf files are looked for, and how many folders are read. */
const SEARCH_DEPTH = 3;
const SEARCH_BUDGET = 2000;
const MAX_CANDIDATES = 20;

/** The nginx.conf files in the workspace folders (a bounded search: shallow, skipping hidden folders). */
export function findMainConfigs(folders: readonly string[], fsys: FileSystem): string[] {
  return walkFolders(folders, fsys, {
    wants: (file) => path.basename(file) === "nginx.conf",
    enters: (name) => !name.startsWith(".") && !SKIPPED_DIRECTORIES.has(name),
    maxDepth: SEARCH_DEPTH,
    budget: SEARCH_BUDGET,
  });
}

function realOf(fsys: FileSystem, file: string): string {
  try {
    return fsys.realPath(file);
  } catch {
    return file;
  }
}

/** True when `dir` is `file`'s directory or one above it. */
function isAncestor(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** Options that stay the same between analyses until the user changes them. */
export interface ProjectOptions {
  readonly folders: readonly string[];
  readonly settings: Settings;
  /** Whether the `auto` build may run `nginx -V` (a workspace the user trusts). */
  readonly mayRunNginx?: boolean;
}

/** The open files' shared state: settings, the workspace's main configs, parsed files, main analyses. */
export class Project {
  private options: ProjectOptions = { folders: [], settings: DEFAULT_SETTINGS };
  private generation = 0;
  private mains: string[] | undefined;
  private readonly mainAnalyses = new Map<string, { generation: number; analysis: Analysis | undefined }>();
  /** Parsed files by path, reused while their text is unchanged. */
  readonly cache = new Map<string, SourceFile>();

  get settings(): Settings {
    return this.options.settings;
  }

  /** New settings or workspace folders: everything is looked at again. */
  configure(options: ProjectOptions): void {
    this.options = options;
    this.mains = undefined;
    this.cache.clear();
    this.changed();
  }

  /** Drops a file's parse (its document was closed). */
  forget(file: string): void {
    this.cache.delete(file);
  }

  /** Some text changed (an open document, or a file on disk): main analyses must be redone. */
  changed(): void {
    this.generation++;
    this.mainAnalyses.clear();
  }

  /** A file was created or deleted on disk: the set of main configs may differ too. */
  filesChanged(): void {
    this.mains = undefined;
    this.changed();
  }

  /** The folders includes may read: the workspace's and the configured include roots (by real path). */
  private allowedRoots(fsys: FileSystem, root: string, placement: Placement = "file"): string[] {
    // A document with no path of its own reads nothing at all.
    if (placement === "unmapped") return [];
    const roots = [...this.options.folders, ...this.options.settings.includeRoots];
    // A file opened without a workspace may still read the files beside it; an untitled buffer has
    // no folder of its own (its made-up folder must never become one).
    if (this.options.folders.length === 0 && placement === "file") roots.push(path.dirname(root));
    return [...new Set(roots.flatMap((r) => [r, realOf(fsys, r)]))];
  }

  private candidates(file: string, fsys: FileSystem): string[] {
    const folders = this.options.folders;
    const setting = this.options.settings.mainConfig;
    if (setting !== "") {
      const paths = path.isAbsolute(setting) ? [setting] : folders.map((f) => path.resolve(f, setting));
      return paths.filter((p) => fsys.kind(p) === "file");
    }
    this.mains ??= findMainConfigs(folders, fsys);
    const near = path.join(defaultPrefix(file, fsys), "nginx.conf");
    const all = [...new Set([...(fsys.kind(near) === "file" ? [near] : []), ...this.mains])];
    // The mains in folders above the file are the likely includers; the nearest first.
    const above = all.filter((m) => isAncestor(path.dirname(m), file)).sort((a, b) => b.length - a.length);
    const others = all.filter((m) => !above.includes(m));
    return [...above, ...others].filter((m) => m !== file).slice(0, MAX_CANDIDATES);
  }

  private analyzeMain(main: string, fsys: FileSystem): Analysis | undefined {
    const memo = this.mainAnalyses.get(main);
    if (memo && memo.generation === this.generation) return memo.analysis;
    let analysis: Analysis | undefined;
    try {
      analysis = analyze(main, {
        fs: fsys,
        settings: this.options.settings,
        mayRunNginx: this.options.mayRunNginx ?? false,
        cache: this.cache,
        prefix: path.dirname(main),
        allowedRoots: this.allowedRoots(fsys, main),
      });
    } catch {
      // An unreadable main config reaches nothing.
      analysis = undefined;
    }
    this.mainAnalyses.set(main, { generation: this.generation, analysis });
    return analysis;
  }

  /** Analyses an open file (`text` is its buffer) in its workspace. Never throws for bad input. */
  analyzeDocument(
    file: string,
    text: string,
    fsys: FileSystem,
    placement: Placement = "file",
  ): DocumentAnalysis {
    const settings = this.options.settings;
    const parsed = parse(text, PARSE_OPTIONS);
    this.cache.set(file, { path: file, parsed });
    const isMain = inferContext(parsed) === "core:main";
    const real = realOf(fsys, file);
    if (!isMain && placement === "file") {
      for (const main of this.candidates(file, fsys)) {
        const analysis = this.analyzeMain(main, fsys);
        if (!analysis) continue;
        const known = [...analysis.config.files.keys()].find((f) => f === file || realOf(fsys, f) === real);
        if (known) return this.result(analysis, known, main, fsys);
      }
    }
    const analysis = analyze(file, {
      fs: fsys,
      text,
      settings,
      mayRunNginx: this.options.mayRunNginx ?? false,
      cache: this.cache,
      allowedRoots: this.allowedRoots(fsys, file, placement),
      ...(isMain || placement !== "file" ? { prefix: path.dirname(file) } : {}),
    });
    return this.result(analysis, file, undefined, fsys);
  }

  private result(
    analysis: Analysis,
    file: string,
    main: string | undefined,
    fsys: FileSystem,
  ): DocumentAnalysis {
    const dependencies = new Set<string>();
    for (const f of analysis.config.files.keys()) {
      dependencies.add(f);
      dependencies.add(realOf(fsys, f));
    }
    const findings = capFindings(analysis.findings.filter((f) => f.file === file));
    return { analysis, file, main, findings, dependencies };
  }
}
