// Files in memory for the language service's in-process tests: a workspace is a literal object, and
// nothing on this machine (an nginx.conf at its root, a slow disk) can change an answer.

import * as path from "node:path";
import { FileError, isInsideRoots, type FileSystem } from "../../server/src/analysis/files";

function notFound(file: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, '${file}'`), { code: "ENOENT" });
}

/**
 * A file system holding `files` (absolute path -> text) and the folders above them. It reads the map
 * on every call, so a test that writes to the map has changed the "disk".
 */
export function memoryFileSystem(files: ReadonlyMap<string, string>): FileSystem {
  const isFolder = (dir: string): boolean => {
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const file of files.keys()) if (file.startsWith(prefix)) return true;
    return false;
  };
  const kind = (file: string) => (files.has(file) ? "file" : isFolder(file) ? "directory" : undefined);
  return {
    readText(file, limits) {
      const text = files.get(file);
      if (text === undefined) throw notFound(file);
      if (limits?.roots && !isInsideRoots(file, limits.roots))
        throw new FileError("EOUTSIDE", `${file} is outside the allowed folders`);
      const max = limits?.maxBytes ?? Number.POSITIVE_INFINITY;
      if (Buffer.byteLength(text) > max) throw new FileError("EFBIG", `${file} is larger than ${max} bytes`);
      return text;
    },
    kind,
    list(directory) {
      if (!isFolder(directory)) throw notFound(directory);
      const prefix = directory.endsWith(path.sep) ? directory : directory + path.sep;
      const names = new Set<string>();
      for (const file of files.keys())
        if (file.startsWith(prefix)) names.add(file.slice(prefix.length).split(path.sep)[0] as string);
      return [...names];
    },
    realPath(file) {
      if (kind(file) === undefined) throw notFound(file);
      return file;
    },
  };
}
