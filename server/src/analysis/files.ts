// How the engine reaches files: through a small interface, so the language server can serve unsaved
// editor buffers and tests can use memory, while the command line reads the disk. Also nginx-style
// glob expansion for `include`.

import * as fs from "node:fs";
import * as path from "node:path";

/** What the engine needs from a file system. All calls are synchronous and may throw `FileError`. */
export interface FileSystem {
  /** The file's text. Throws when it cannot be read. */
  readText(file: string): string;
  /** "file", "directory", or undefined when nothing is there. */
  kind(file: string): "file" | "directory" | undefined;
  /** Names in a directory (not paths). Throws when it cannot be read. */
  list(directory: string): string[];
  /** The path with every symbolic link resolved. Throws on a loop or a missing target. */
  realPath(file: string): string;
}

/** The real disk, read synchronously. A file that is not valid UTF-8 is read with replacement characters. */
export const diskFileSystem: FileSystem = {
  readText(file) {
    return fs.readFileSync(file, "utf8");
  },
  kind(file) {
    try {
      const stat = fs.statSync(file);
      return stat.isDirectory() ? "directory" : stat.isFile() ? "file" : undefined;
    } catch {
      return undefined;
    }
  },
  list(directory) {
    return fs.readdirSync(directory);
  },
  realPath(file) {
    return fs.realpathSync(file);
  },
};

/** A file system whose open documents (path -> text) shadow the disk: what the language server uses. */
export function overlayFileSystem(
  open: ReadonlyMap<string, string>,
  base: FileSystem = diskFileSystem,
): FileSystem {
  return {
    readText: (file) => open.get(file) ?? base.readText(file),
    kind: (file) => (open.has(file) ? "file" : base.kind(file)),
    list: (directory) => base.list(directory),
    realPath: (file) => {
      try {
        return base.realPath(file);
      } catch (error) {
        if (open.has(file)) return file;
        throw error;
      }
    },
  };
}

/** The system error code of a failed file operation (`ENOENT`, `EACCES`, ...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error ? String((error as { code: unknown }).code) : undefined;
}

/** True when a path contains glob characters, which makes nginx expand it with glob(3). */
export function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** Converts one glob path segment to a regular expression (`*`, `?`, `[...]`, as glob(3) reads them). */
function segmentPattern(segment: string): RegExp {
  let source = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[") {
      const close = segment.indexOf("]", i + 2);
      if (close === -1) source += "\\[";
      else {
        let body = segment.slice(i + 1, close);
        if (body.startsWith("!")) body = "^" + body.slice(1);
        source += "[" + body.replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp("^" + source + "$");
}

/**
 * Expands an absolute glob into the sorted list of existing paths it matches, like glob(3) without
 * GLOB_PERIOD: wildcards never match a leading dot. Stops after `limit` matches.
 */
export function expandGlob(
  fsys: FileSystem,
  pattern: string,
  limit: number,
): { matches: string[]; truncated: boolean } {
  const root = path.parse(pattern).root;
  const segments = pattern
    .slice(root.length)
    .split("/")
    .filter((s) => s.length > 0);
  let current = [root];
  let truncated = false;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] as string;
    const last = index === segments.length - 1;
    const next: string[] = [];
    for (const base of current) {
      if (!hasGlob(segment)) {
        const candidate = path.join(base, segment);
        if (fsys.kind(candidate) !== undefined) next.push(candidate);
        continue;
      }
      let names: string[];
      try {
        names = fsys.list(base);
      } catch {
        continue;
      }
      const regex = segmentPattern(segment);
      for (const name of names.sort()) {
        if (name.startsWith(".") && !segment.startsWith(".")) continue;
        if (!regex.test(name)) continue;
        const candidate = path.join(base, name);
        if (!last && fsys.kind(candidate) !== "directory") continue;
        next.push(candidate);
      }
    }
    current = next;
    if (current.length > limit) {
      current = current.slice(0, limit);
      truncated = true;
    }
  }
  return { matches: current.sort(), truncated };
}
