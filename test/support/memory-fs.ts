// Files in memory for the language service's in-process tests: a workspace is a literal object, and
// nothing on this machine (an nginx.conf at its root, a slow disk) can change an answer.

import * as path from "node:path";
import { FileError, isInsideRoots, type FileSystem } from "../../server/src/analysis/files";

function notFound(file: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, '${file}'`), { code: "ENOENT" });
}

/** A read-only file system holding `files` (absolute path -> text) and the folders above them. */
export function memoryFileSystem(files: Readonly<Record<string, string>>): FileSystem {
  const texts = new Map(Object.entries(files));
  const folders = new Set<string>();
  for (const file of texts.keys()) {
    for (let dir = path.dirname(file); !folders.has(dir); dir = path.dirname(dir)) {
      folders.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  const kind = (file: string) => (texts.has(file) ? "file" : folders.has(file) ? "directory" : undefined);
  return {
    readText(file, limits) {
      const text = texts.get(file);
      if (text === undefined) throw notFound(file);
      if (limits?.roots && !isInsideRoots(file, limits.roots))
        throw new FileError("EOUTSIDE", `${file} is outside the allowed folders`);
      const max = limits?.maxBytes ?? Number.POSITIVE_INFINITY;
      if (Buffer.byteLength(text) > max) throw new FileError("EFBIG", `${file} is larger than ${max} bytes`);
      return text;
    },
    kind,
    list(directory) {
      if (!folders.has(directory)) throw notFound(directory);
      const names = new Set<string>();
      for (const entry of [...texts.keys(), ...folders])
        if (entry !== directory && path.dirname(entry) === directory) names.add(path.basename(entry));
      return [...names];
    },
    realPath(file) {
      if (kind(file) === undefined) throw notFound(file);
      return file;
    },
  };
}
