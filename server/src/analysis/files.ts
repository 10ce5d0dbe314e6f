// How the engine reaches files: through a small interface, so the language server can serve unsaved
// editor buffers and tests can use memory, while the command line reads the disk. Also nginx-style
// glob expansion for `include`.

import * as fs from "node:fs";
import * as path from "node:path";

/**
 * What a read of a file the user did not open must satisfy. Every such read goes through
 * `readText(file, limits)`, the one gate: a configuration is untrusted input, and `include` can name
 * any path (a device that never ends, a FIFO that never answers, a secret outside the workspace).
 */
export interface ReadLimits {
  /** A file larger than this many bytes is refused (`EFBIG`). */
  readonly maxBytes?: number;
  /** When set, the file's real path (links resolved) must lie inside one of these directories. */
  readonly roots?: readonly string[];
}

/** A read refused by the gate; `code` says why, like a system error's code. */
export class FileError extends Error {
  constructor(
    readonly code: "ENOTREG" | "EFBIG" | "EOUTSIDE",
    message: string,
  ) {
    super(message);
  }
}

/** What the engine needs from a file system. All calls are synchronous and may throw `FileError`. */
export interface FileSystem {
  /**
   * The file's text. Throws when it cannot be read. Only regular files are read; `limits` adds a
   * size limit and the folders the file must be in.
   */
  readText(file: string, limits?: ReadLimits): string;
  /** "file" (a regular file), "directory", "other" (a device, FIFO or socket), or undefined when nothing is there. */
  kind(file: string): "file" | "directory" | "other" | undefined;
  /** Names in a directory (not paths). Throws when it cannot be read. */
  list(directory: string): string[];
  /** The path with every symbolic link resolved. Throws on a loop or a missing target. */
  realPath(file: string): string;
}

/** True when `file` (an absolute, resolved path) is one of `roots` or inside one. */
export function isInsideRoots(file: string, roots: readonly string[]): boolean {
  return roots.some((root) => file === root || file.startsWith(root.endsWith("/") ? root : root + "/"));
}

/** The path an open descriptor really refers to, where the system tells (Linux's /proc), else undefined. */
function openedPath(fd: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/**
 * Reads a file through the gate. The path is resolved first and the roots are checked on the result;
 * the resolved path is opened without following a last link and without blocking (a FIFO would
 * otherwise wait for a writer for ever), and what was opened is checked again on the descriptor:
 * a regular file, within the size limit, and the very file that was checked (a link swapped in
 * between the check and the open must not leak a file outside the roots).
 */
function readGated(file: string, limits: ReadLimits | undefined): string {
  const real = fs.realpathSync.native(file);
  const roots = limits?.roots;
  if (roots && !isInsideRoots(real, roots))
    throw new FileError("EOUTSIDE", `${real} is outside the allowed folders`);
  const checked = roots ? fs.statSync(real) : undefined;
  const fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FileError("ENOTREG", `${real} is not a regular file`);
    if (roots && checked) {
      const opened = openedPath(fd);
      const same =
        opened !== undefined
          ? isInsideRoots(opened, roots)
          : stat.dev === checked.dev && stat.ino === checked.ino;
      if (!same) throw new FileError("EOUTSIDE", `${real} changed while it was opened`);
    }
    const max = limits?.maxBytes ?? Number.POSITIVE_INFINITY;
    if (stat.size > max) throw new FileError("EFBIG", `${real} is larger than ${max} bytes`);
    // Read what is there, never more than the limit allows: a file growing while it is read is cut
    // at the limit and refused rather than followed.
    const capacity = Math.min(stat.size, max) + 1;
    let buffer = Buffer.allocUnsafe(Math.max(capacity, 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > max) throw new FileError("EFBIG", `${real} is larger than ${max} bytes`);
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, max + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > max) throw new FileError("EFBIG", `${real} is larger than ${max} bytes`);
    return buffer.toString("utf8", 0, length);
  } finally {
    fs.closeSync(fd);
  }
}

/** Why a read failed, in a few words for a finding. */
export function describeReadFailure(error: unknown): string {
  if (error instanceof FileError) {
    if (error.code === "ENOTREG") return "not a regular file";
    if (error.code === "EFBIG") return "larger than the size limit (maxFileSize)";
    return "outside the allowed folders";
  }
  return errorCode(error) ?? "unreadable";
}

/** The real disk, read synchronously. A file that is not valid UTF-8 is read with replacement characters. */
export const diskFileSystem: FileSystem = {
  readText(file, limits) {
    return readGated(file, limits);
  },
  kind(file) {
    try {
      const stat = fs.statSync(file);
      return stat.isDirectory() ? "directory" : stat.isFile() ? "file" : "other";
    } catch {
      return undefined;
    }
  },
  list(directory) {
    return fs.readdirSync(directory);
  },
  realPath(file) {
    return fs.realpathSync.native(file);
  },
};

/** A file system whose open documents (path -> text) shadow the disk: what the language server uses. */
export function overlayFileSystem(
  open: ReadonlyMap<string, string>,
  base: FileSystem = diskFileSystem,
): FileSystem {
  return {
    readText: (file, limits) => open.get(file) ?? base.readText(file, limits),
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
  try {
    return new RegExp("^" + source + "$");
  } catch {
    // A class glob(3) accepts but a regular expression refuses (`[z-a]`, a reversed range) matches
    // nothing, as in nginx.
    return /(?!)/;
  }
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
