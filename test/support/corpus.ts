// Reads the real-world corpus (test/corpus, with MANIFEST.tsv) and builds the file system its
// `nginx -t` verdicts were made in: includes the manifest resolved are served from their corpus copies,
// and other include targets are empty stub files, as the manifest's wrapper provided them.

import * as fs from "node:fs";
import * as path from "node:path";
import { diskFileSystem, type FileSystem } from "../../server/src/analysis/files";

export const CORPUS_DIR = path.resolve(__dirname, "../../../test/corpus");

/** One row of MANIFEST.tsv (the columns the tests use). */
export interface CorpusEntry {
  readonly file: string;
  readonly path: string;
  readonly contextKind: string;
  /** "pass", or the first [emerg] line of `nginx -t`. */
  readonly nginxT: string;
  readonly websocketLocations: string;
  readonly websocketIncomplete: string;
  readonly proxiedPlain: string;
  readonly notes: string;
}

/** The manifest's rows. */
export function readManifest(): CorpusEntry[] {
  const lines = fs
    .readFileSync(path.join(CORPUS_DIR, "MANIFEST.tsv"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const header = (lines.shift() as string).split("\t");
  const column = (cells: string[], name: string) => cells[header.indexOf(name)] ?? "";
  return lines.map((line) => {
    const cells = line.split("\t");
    return {
      file: column(cells, "file"),
      path: path.join(CORPUS_DIR, column(cells, "file")),
      contextKind: column(cells, "context_kind"),
      nginxT: column(cells, "nginx_t"),
      websocketLocations: column(cells, "websocket_locations"),
      websocketIncomplete: column(cells, "websocket_incomplete"),
      proxiedPlain: column(cells, "proxied_plain"),
      notes: column(cells, "notes"),
    };
  });
}

/** The 1-based line nginx named in a failing verdict (`... in <file>:29`). */
export function nginxLine(verdict: string): number | undefined {
  const match = /<file>:(\d+)/.exec(verdict);
  return match ? Number(match[1]) : undefined;
}

/** Where a corpus file stood in its own project, for the includes of its siblings to find it. */
function originalPaths(): Map<string, string> {
  const map = new Map<string, string>();
  for (const name of fs.readdirSync(CORPUS_DIR)) {
    if (name.startsWith("h5bp__"))
      map.set(path.join(CORPUS_DIR, name.slice("h5bp__".length).replace(/__/g, "/")), name);
    if (name.startsWith("debian__"))
      map.set("/etc/nginx/" + name.slice("debian__".length).replace(/__/g, "/"), name);
  }
  // SWAG's site configs include its proxy.conf from the container's /config.
  map.set("/config/nginx/proxy.conf", "linuxserver-docker-swag__root__defaults__nginx__proxy.conf.sample");
  map.set("/etc/nginx/fastcgi.conf", "nginx__conf__fastcgi.conf");
  return map;
}

/**
 * The file system of the manifest's `nginx -t` runs: corpus copies at their original paths, and an
 * empty stub for any other include target that does not exist (the wrapper provided those).
 */
export function corpusFileSystem(): FileSystem {
  const virtual = originalPaths();
  const real = (file: string) => virtual.get(file);
  return {
    readText(file) {
      const copy = real(file);
      if (copy) return fs.readFileSync(path.join(CORPUS_DIR, copy), "utf8");
      return diskFileSystem.kind(file) === "file" ? diskFileSystem.readText(file) : "";
    },
    kind(file) {
      if (real(file)) return "file";
      return diskFileSystem.kind(file) ?? (path.basename(file) === "nginx.conf" ? undefined : "file");
    },
    list(directory) {
      return diskFileSystem.kind(directory) === "directory" ? diskFileSystem.list(directory) : [];
    },
    realPath(file) {
      return real(file) || diskFileSystem.kind(file) === undefined ? file : diskFileSystem.realPath(file);
    },
  };
}
