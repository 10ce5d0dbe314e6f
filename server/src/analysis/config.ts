// Loads a configuration as nginx sees it: the root file, every `include` resolved against the prefix
// (the main config's directory) and spliced in where it stands, and the context of every directive.
// Cycles, missing files and huge globs become findings, never hangs.

import * as path from "node:path";
import { quoteOf, type Directive, type ParsedFile } from "../parser/ast";
import { parse, type ParseOptions } from "../parser/parser";
import { type Context, innerContext } from "../model/directives";
import { Severity, type Finding } from "./finding";
import { describeReadFailure, expandGlob, hasGlob, isInsideRoots, type FileSystem } from "./files";

/** A parsed file of the configuration. */
export interface SourceFile {
  readonly path: string;
  readonly parsed: ParsedFile;
}

/** A directive where it stands in the effective configuration (after include expansion). */
export interface ConfigNode {
  readonly directive: Directive;
  readonly file: SourceFile;
  /** The context the directive stands in (`http:location`, `table`, ...). */
  readonly context: Context;
  /** The block directive whose body holds it (through includes), or undefined at the top. */
  readonly parent: ConfigNode | undefined;
  /** The innermost `include` it came through, or undefined when written in the block's own file. */
  readonly via: ConfigNode | undefined;
  /** Its block's effective body, with each `include` node followed by what it brought in. */
  children: readonly ConfigNode[];
}

/**
 * The limits that keep a hostile or huge configuration from hanging the engine. Files that include
 * each other through globs form a graph whose paths multiply at every level, so the total work is
 * bounded, not only each step: how many files are brought in (a file included twice counts twice),
 * how many bytes they hold together, and how many include targets are looked at in all.
 */
export interface LoadLimits {
  /** Files brought in by includes, in all. */
  readonly maxFiles: number;
  /** Includes inside included files, deepest. */
  readonly maxDepth: number;
  /** Matches of one glob. */
  readonly maxGlobMatches: number;
  /** Include targets looked at (cycles and refusals included), and include directives met, in all. */
  readonly maxTargets: number;
  /** Directory entries listed to expand globs, in all. */
  readonly maxListed: number;
  /** Bytes of one included file (the editor's and the command line's `maxFileSize`). */
  readonly maxFileBytes: number;
  /** Bytes brought in by includes, in all. */
  readonly maxTotalBytes: number;
}

/**
 * Large enough for a host with ten thousand sites in `sites-enabled/*` (nginx itself has no limit);
 * small enough that files including each other through globs end in seconds.
 */
export const DEFAULT_LIMITS: LoadLimits = {
  maxFiles: 20_000,
  maxDepth: 32,
  maxGlobMatches: 20_000,
  maxTargets: 50_000,
  maxListed: 1_000_000,
  maxFileBytes: 5 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
};

export interface LoadOptions {
  readonly fs: FileSystem;
  /** Absolute path of the root file. */
  readonly file: string;
  /** The root file's text when the caller already has it (an editor buffer). */
  readonly text?: string;
  /** Where relative includes are resolved: the main config's directory. */
  readonly prefix: string;
  /** The context the root file's top level stands in (`core:main` for a whole nginx.conf). */
  readonly context: Context;
  readonly parseOptions?: ParseOptions;
  readonly limits?: LoadLimits;
  /** Parsed files to reuse, keyed by path (the language server keeps them between edits). */
  readonly cache?: Map<string, SourceFile>;
  /** When set, include targets must resolve (through links) inside one of these directories. */
  readonly allowedRoots?: readonly string[];
}

/** A loaded configuration: the effective tree plus what went wrong while following includes. */
export interface LoadedConfig {
  readonly root: SourceFile;
  readonly prefix: string;
  readonly context: Context;
  readonly nodes: ConfigNode[];
  /** Every node of the effective tree in file order: depth first, included nodes in place (as `walk` visits them). */
  readonly allNodes: readonly ConfigNode[];
  /**
   * For each `include` that brought something in, the top-level nodes of the files it brought in
   * (kept here rather than on every node: a large configuration has few includes and many nodes).
   */
  readonly included: ReadonlyMap<ConfigNode, readonly ConfigNode[]>;
  readonly files: Map<string, SourceFile>;
  readonly findings: Finding[];
  /** Includes that could not be followed; a configuration with any is not fully known. */
  readonly unresolvedIncludes: number;
  /** The include directives that could not be followed (what they hold is unknown). */
  readonly unresolvedNodes: ReadonlySet<ConfigNode>;
}

/** The codes of the findings the loader reports while following includes. */
export const INCLUDE_CODES = [
  "include-not-found",
  "include-cycle",
  "include-too-many",
  "include-outside-roots",
] as const;

/** The deepest nesting of blocks, counted through includes, that is expanded. */
const MAX_TOTAL_DEPTH = 400;

/** The shared (never written) children of statements without a block. */
const NO_NODES: ConfigNode[] = [];

/** Loads and expands a configuration starting at one file. Never throws for bad input. */
export function loadConfig(options: LoadOptions): LoadedConfig {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const files = new Map<string, SourceFile>();
  const findings: Finding[] = [];
  let unresolved = 0;
  const unresolvedNodes = new Set<ConfigNode>();
  const markUnresolved = (node: ConfigNode): void => {
    unresolved++;
    unresolvedNodes.add(node);
  };
  let fileBudget = limits.maxFiles;

  const parseFile = (file: string, text: string): SourceFile => {
    const cached = options.cache?.get(file);
    if (cached && cached.parsed.text === text) return cached;
    const source: SourceFile = { path: file, parsed: parse(text, options.parseOptions) };
    options.cache?.set(file, source);
    return source;
  };

  const root = parseFile(
    options.file,
    options.text ??
      options.fs.readText(options.file, { maxBytes: limits.maxFileBytes, roots: options.allowedRoots }),
  );
  files.set(root.path, root);

  const report = (node: ConfigNode, code: string, severity: Severity, message: string): void => {
    const name = node.directive.name;
    const last = node.directive.args[node.directive.args.length - 1] ?? name;
    findings.push({ file: node.file.path, start: name.start, end: last.end, code, severity, message });
  };

  const isAllowed = (real: string): boolean =>
    !options.allowedRoots || isInsideRoots(real, options.allowedRoots);

  let targetBudget = limits.maxTargets;
  let byteBudget = limits.maxTotalBytes;
  /** Set once a budget runs out: every later include is reported, not followed. */
  let exhausted: string | undefined;
  // Within one load a glob or a path means the same every time it is met; a graph of files
  // including each other meets the same ones thousands of times.
  const globs = new Map<string, { matches: string[]; truncated: boolean }>();
  // Globs that match nothing cost no target, but listing their folders is work all the same.
  let listBudget = limits.maxListed;
  const listingFs: FileSystem = {
    ...options.fs,
    list: (directory) => {
      if (listBudget <= 0) throw new Error("listing budget exhausted");
      const names = options.fs.list(directory);
      listBudget -= names.length;
      return names;
    },
  };
  const reals = new Map<string, string | undefined>();
  const realOf = (file: string): string | undefined => {
    if (reals.has(file)) return reals.get(file);
    let real: string | undefined;
    try {
      real = options.fs.realPath(file);
    } catch {
      real = undefined;
    }
    reals.set(file, real);
    return real;
  };

  let blockDepth = 0;
  /** Nodes in the order they are made, which is `walk`'s order: each before its body and what follows. */
  const allNodes: ConfigNode[] = [];
  const included = new Map<ConfigNode, ConfigNode[]>();
  /** The include stack, by real path, to catch cycles. */
  const stack: string[] = [];

  const expandInclude = (node: ConfigNode): void => {
    const arg = node.directive.args[0];
    if (!arg || node.directive.args.length !== 1) return;
    if (exhausted === undefined && targetBudget-- <= 0)
      exhausted = `The includes reach more than ${limits.maxTargets} files in all; the rest are not checked`;
    if (exhausted === undefined && listBudget <= 0)
      exhausted = `The include globs list more than ${limits.maxListed} folder entries in all; the rest are not checked`;
    if (exhausted !== undefined) {
      markUnresolved(node);
      report(node, "include-too-many", Severity.Warning, exhausted);
      return;
    }
    if (stack.length >= limits.maxDepth) {
      markUnresolved(node);
      report(
        node,
        "include-cycle",
        Severity.Error,
        `Includes are nested more than ${limits.maxDepth} levels deep`,
      );
      return;
    }
    const target = path.resolve(options.prefix, arg.value);
    let targets: string[];
    if (hasGlob(arg.value)) {
      let expanded = globs.get(target);
      if (!expanded) {
        const { matches, truncated } = expandGlob(listingFs, target, limits.maxGlobMatches);
        if (listBudget <= 0) {
          // The listing stopped part-way: what it found is not what the glob matches.
          exhausted = `The include globs list more than ${limits.maxListed} folder entries in all; the rest are not checked`;
          markUnresolved(node);
          report(node, "include-too-many", Severity.Warning, exhausted);
          return;
        }
        expanded = { matches: matches.filter((m) => options.fs.kind(m) === "file"), truncated };
        globs.set(target, expanded);
      }
      const { matches, truncated } = expanded;
      targets = matches;
      if (truncated) {
        markUnresolved(node);
        report(
          node,
          "include-too-many",
          Severity.Warning,
          `"${arg.value}" matches more than ${limits.maxGlobMatches} files; only the first ${limits.maxGlobMatches} are checked`,
        );
      }
    } else {
      const kind = options.fs.kind(target);
      if (kind === undefined) {
        markUnresolved(node);
        report(node, "include-not-found", Severity.Error, `Included file "${target}" does not exist`);
        return;
      }
      if (kind === "other") {
        markUnresolved(node);
        report(
          node,
          "include-not-found",
          Severity.Error,
          `Included path "${target}" is not a regular file (a device, FIFO or socket), so it is not read`,
        );
        return;
      }
      if (kind === "directory") {
        markUnresolved(node);
        report(
          node,
          "include-not-found",
          Severity.Error,
          `Included path "${target}" is a directory, not a file`,
        );
        return;
      }
      targets = [target];
    }
    const collected: ConfigNode[] = [];
    included.set(node, collected);
    let cycles = 0;
    for (const file of targets) {
      if (targetBudget-- <= 0) {
        exhausted = `The includes reach more than ${limits.maxTargets} files in all; the rest are not checked`;
        markUnresolved(node);
        report(node, "include-too-many", Severity.Warning, exhausted);
        return;
      }
      const real = realOf(file);
      if (real === undefined) {
        markUnresolved(node);
        report(
          node,
          "include-not-found",
          Severity.Error,
          `Included file "${file}" cannot be resolved (broken or looping link)`,
        );
        continue;
      }
      if (!isAllowed(real)) {
        markUnresolved(node);
        report(
          node,
          "include-outside-roots",
          Severity.Warning,
          `Included file "${real}" is outside the workspace and the configured include roots, so it is not read`,
        );
        continue;
      }
      if (stack.includes(real)) {
        markUnresolved(node);
        // One finding per include: a glob that matches its own file and its includers would
        // otherwise report each of them.
        if (cycles++ === 0)
          report(
            node,
            "include-cycle",
            Severity.Error,
            `Include cycle: "${file}" is already being included (${stack.map((s) => path.basename(s)).join(" -> ")} -> ${path.basename(real)})`,
          );
        continue;
      }
      if (fileBudget <= 0) {
        exhausted = `More than ${limits.maxFiles} included files; the rest are not checked`;
        markUnresolved(node);
        report(node, "include-too-many", Severity.Warning, exhausted);
        return;
      }
      fileBudget--;
      let source = files.get(file);
      if (!source) {
        let text: string;
        try {
          text = options.fs.readText(file, { maxBytes: limits.maxFileBytes, roots: options.allowedRoots });
        } catch (error) {
          markUnresolved(node);
          report(
            node,
            "include-not-found",
            Severity.Error,
            `Included file "${file}" cannot be read (${describeReadFailure(error)})`,
          );
          continue;
        }
        source = parseFile(file, text);
        files.set(file, source);
      }
      byteBudget -= source.parsed.text.length;
      if (byteBudget < 0) {
        exhausted = `The includes bring in more than ${limits.maxTotalBytes} bytes in all; the rest are not checked`;
        markUnresolved(node);
        report(node, "include-too-many", Severity.Warning, exhausted);
        return;
      }
      stack.push(real);
      const top = expandList(source.parsed.directives, source, node.context, node.parent, node);
      stack.pop();
      for (const included of top) collected.push(included);
    }
  };

  const expandList = (
    directives: readonly Directive[],
    file: SourceFile,
    context: Context,
    parent: ConfigNode | undefined,
    via: ConfigNode | undefined,
  ): ConfigNode[] => {
    const out: ConfigNode[] = [];
    // Index loops, here and in the other per-node loops: until V8 optimizes a function, `for...of`
    // allocates an iterator result per element, megabytes of garbage on a large configuration.
    for (let i = 0; i < directives.length; i++) {
      const directive = directives[i] as Directive;
      const name = directive.name.value;
      const inner = directive.block ? innerContext(name, context) : undefined;
      const isInclude =
        name === "include" && !directive.block && quoteOf(directive.name, file.parsed.text) === null;
      // Most nodes are plain statements: they share one empty array instead of allocating two each.
      const node: ConfigNode = {
        directive,
        file,
        context,
        parent,
        via,
        children: NO_NODES,
      };
      out.push(node);
      allNodes.push(node);
      if (isInclude) {
        expandInclude(node);
        // A loop, not push(...spread): an included file of a million lines would overflow the stack.
        const brought = included.get(node) ?? NO_NODES;
        for (let k = 0; k < brought.length; k++) out.push(brought[k] as ConfigNode);
      } else if (directive.block) {
        if (blockDepth >= MAX_TOTAL_DEPTH) {
          // Blocks inside included files inside blocks: past this depth the stack, not nginx, is the limit.
          report(
            node,
            "nesting-too-deep",
            Severity.Error,
            `Blocks (through includes) are nested more than ${MAX_TOTAL_DEPTH} levels deep; this block is not checked`,
          );
        } else {
          blockDepth++;
          node.children = expandList(directive.block.children, file, inner ?? "unknown", node, undefined);
          blockDepth--;
        }
      }
    }
    // Stored at an exact size: arrays grown by push keep spare room.
    return out.slice();
  };

  stack.push(safeRealPath(options.fs, root.path));
  const nodes = expandList(root.parsed.directives, root, options.context, undefined, undefined);
  return {
    root,
    prefix: options.prefix,
    context: options.context,
    nodes,
    allNodes,
    included,
    files,
    findings,
    unresolvedIncludes: unresolved,
    unresolvedNodes,
  };
}

function safeRealPath(fsys: FileSystem, file: string): string {
  try {
    return fsys.realPath(file);
  } catch {
    return file;
  }
}

/** Visits every node of the effective tree, depth first, in file order (included nodes once, in place). */
export function walk(nodes: readonly ConfigNode[], visit: (node: ConfigNode) => void): void {
  const pending: ConfigNode[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) pending.push(nodes[i] as ConfigNode);
  while (pending.length > 0) {
    const node = pending.pop() as ConfigNode;
    visit(node);
    for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i] as ConfigNode);
  }
}
