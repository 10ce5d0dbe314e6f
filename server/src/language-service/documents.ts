// The documents the editor has open: their text and version as the client last sent them, and the path
// the engine knows each by. A document is judged as the file it shadows on disk; an untitled buffer
// or a URI that names no local path gets a made-up path of its own, so one strange URI can never stop
// the other documents or read what the workspace does not allow.

import * as crypto from "node:crypto";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { diskFileSystem, overlayFileSystem, type FileSystem } from "../analysis/files";
import { fileUri, type Diagnostic } from "../diagnostics";
import type { Placement } from "../features/project";
import { LineIndex } from "../parser/lines";

/**
 * The folder documents that are not files on disk are placed in (untitled buffers without a
 * workspace, URIs that name no local path). It is never an include root, so such a document reads
 * only what the workspace and the include roots allow.
 */
export const DETACHED_FOLDER = path.join(path.parse(process.cwd()).root, "nginx-language-server:detached");

/** One open document. */
export interface OpenDocument {
  readonly uri: string;
  /** The path the engine knows the document by (a made-up one for untitled and unmappable documents). */
  readonly file: string;
  /** Whether the document is a file on disk, an untitled buffer, or a URI no local path matches. */
  readonly placement: Placement;
  readonly text: string;
  readonly version: number;
}

const lineIndexes = new WeakMap<OpenDocument, LineIndex>();

/** The line index of a document's text, built once per version, when first asked for. */
export function linesOf(document: OpenDocument): LineIndex {
  let index = lineIndexes.get(document);
  if (!index) {
    index = new LineIndex(document.text);
    lineIndexes.set(document, index);
  }
  return index;
}

/** A short, stable digest of a string, to tell made-up file names apart. */
function hashOf(text: string): string {
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/** A file name for a URI's last segment, whatever its encoding, unique per URI. */
function detachedName(uri: string): string {
  const raw = uri.slice(uri.indexOf(":") + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  const base = path.basename(decoded).replace(/[^\w.-]+/g, "_") || "untitled";
  return uri.startsWith("untitled:") && !/%/.test(raw) ? base : `${base}-${hashOf(uri)}`;
}

/**
 * The path a document is analysed under. Never throws: a URI that names no local path (an encoded
 * `/`, a remote host, bad percent-encoding) gets a made-up path of its own, and is analysed on its
 * own text. An untitled buffer is placed in the first workspace folder, so relative includes resolve
 * there; without a workspace it has no folder (the server's working directory is no place of the user's).
 */
export function placeOf(
  uri: string,
  firstFolder: string | undefined,
): { file: string; placement: Placement } {
  if (uri.startsWith("file:")) {
    try {
      return { file: fileURLToPath(uri), placement: "file" };
    } catch {
      return { file: path.join(DETACHED_FOLDER, detachedName(uri)), placement: "unmapped" };
    }
  }
  // Any other scheme (a virtual file system, a remote) names no local path either.
  if (!uri.startsWith("untitled:"))
    return { file: path.join(DETACHED_FOLDER, detachedName(uri)), placement: "unmapped" };
  return {
    file: path.join(firstFolder ?? DETACHED_FOLDER, `${detachedName(uri)}.untitled`),
    placement: "untitled",
  };
}

/** The open documents by URI. */
export class OpenDocuments {
  private readonly byUri = new Map<string, OpenDocument>();

  /**
   * @param firstFolder the first workspace folder when a document opens (where an untitled buffer goes)
   * @param disk what lies under the open documents (the real disk; a test's own files)
   */
  constructor(
    private readonly firstFolder: () => string | undefined,
    private readonly disk: FileSystem = diskFileSystem,
  ) {}

  /** Records a document's new text; a document seen for the first time is placed now, once. */
  update(uri: string, text: string, version: number): OpenDocument {
    const known = this.byUri.get(uri);
    const place = known ?? placeOf(uri, this.firstFolder());
    const document: OpenDocument = { uri, file: place.file, placement: place.placement, text, version };
    this.byUri.set(uri, document);
    return document;
  }

  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  /** Forgets a closed document and returns what it was. */
  close(uri: string): OpenDocument | undefined {
    const document = this.byUri.get(uri);
    this.byUri.delete(uri);
    return document;
  }

  all(): IterableIterator<OpenDocument> {
    return this.byUri.values();
  }

  get size(): number {
    return this.byUri.size;
  }

  /** The disk, with every open document's buffer in place of its file. */
  fileSystem(): FileSystem {
    const open = new Map<string, string>();
    for (const document of this.byUri.values()) open.set(document.file, document.text);
    return overlayFileSystem(open, this.disk);
  }

  /** The URI to show for a path: the open document's own (untitled, or spelled differently), else file://. */
  uriOf(file: string): string {
    for (const document of this.byUri.values()) if (document.file === file) return document.uri;
    return fileUri(file);
  }

  /** A diagnostic with the file:// URIs of open documents replaced by the URIs the client knows them by. */
  withClientUris(diagnostic: Diagnostic): Diagnostic {
    const known = new Map<string, string>();
    for (const { uri, file } of this.byUri.values()) if (fileUri(file) !== uri) known.set(fileUri(file), uri);
    if (known.size === 0) return diagnostic;
    const map = (uri: string): string => known.get(uri) ?? uri;
    return {
      ...diagnostic,
      ...(diagnostic.relatedInformation
        ? {
            relatedInformation: diagnostic.relatedInformation.map((r) => ({
              ...r,
              location: { ...r.location, uri: map(r.location.uri) },
            })),
          }
        : {}),
      ...(diagnostic.data
        ? {
            data: {
              fixes: diagnostic.data.fixes.map((fix) => ({
                ...fix,
                edits: fix.edits.map((e) => ({ ...e, uri: map(e.uri) })),
              })),
            },
          }
        : {}),
    };
  }
}
