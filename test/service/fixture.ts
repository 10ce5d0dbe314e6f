// In-process fixtures for the language service: a workspace written as an object of files, one of them
// holding the cursor marker ⟨|⟩ (test/support/cursor.ts), opened as the editor would open it. The
// service runs on files in memory and on a clock the test moves, so every answer is decided by the
// fixture alone.

import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic, Range } from "../../server/src/diagnostics";
import { LanguageService } from "../../server/src/language-service/language-service";
import { LineIndex } from "../../server/src/parser/lines";
import { readSettings } from "../../server/src/settings";
import { FakeClock } from "../support/fake-clock";
import { cursor, MARKER } from "../support/cursor";
import { memoryFileSystem } from "../support/memory-fs";

/** The workspace folder every fixture lives in. */
export const WORKSPACE = "/workspace";

/** The offset of the first `needle` in `text` (plus `delta` characters); throws when it is not there. */
export function offsetOf(text: string, needle: string, delta = 0): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in the text`);
  return at + delta;
}

/** What the service published, in order. */
export interface Publish {
  readonly uri: string;
  readonly version: number | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export interface SessionOptions {
  /** The `nginx.*` settings, as a client sends them. */
  readonly settings?: unknown;
  /** False to leave the service waiting for the client's settings. */
  readonly settingsLoaded?: boolean;
}

/** A language service over files in memory, a fake clock, and a record of what it published and logged. */
export class Session {
  readonly clock = new FakeClock();
  readonly published: Publish[] = [];
  readonly logged: string[] = [];
  /** The files on "disk", by absolute path: a test may write to it, then tell the service. */
  readonly disk = new Map<string, string>();
  readonly service: LanguageService;

  /** @param files the workspace's files on "disk", by path relative to WORKSPACE */
  constructor(files: Readonly<Record<string, string>> = {}, options: SessionOptions = {}) {
    for (const [name, text] of Object.entries(files)) this.disk.set(path.join(WORKSPACE, name), text);
    this.service = new LanguageService({
      publish: (uri, version, diagnostics) => this.published.push({ uri, version, diagnostics }),
      log: (message) => this.logged.push(message),
      clock: this.clock,
      disk: memoryFileSystem(this.disk),
    });
    this.service.initialize([WORKSPACE], false);
    if (options.settings !== undefined) this.service.configure(readSettings(options.settings));
    if (options.settingsLoaded !== false) this.service.settingsLoaded();
  }

  /** The URI of a workspace file. */
  uri(relative: string): string {
    return pathToFileURL(path.join(WORKSPACE, relative)).href;
  }

  /** Opens (or changes) a workspace file with this text, as the editor reports it. */
  open(relative: string, text: string, version = 1): string {
    const uri = this.uri(relative);
    this.service.change(uri, text, version);
    return uri;
  }

  /** Writes a workspace file on "disk" (the service learns of it only through `filesChanged`). */
  write(relative: string, text: string): void {
    this.disk.set(path.join(WORKSPACE, relative), text);
  }

  /** Lets every analysis scheduled so far run, however long it waits. */
  settle(): void {
    this.clock.advance(1000);
  }

  /** What was published for a document, in order. */
  publishedFor(uri: string): Publish[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /** The diagnostics last published for a document (analysing any change still waiting first). */
  diagnostics(uri: string): readonly Diagnostic[] {
    this.settle();
    return this.publishedFor(uri).at(-1)?.diagnostics ?? [];
  }
}

/** A workspace whose one marked file is open, with the cursor's offset in it. */
export interface Fixture {
  readonly session: Session;
  readonly service: LanguageService;
  readonly uri: string;
  readonly text: string;
  readonly offset: number;
}

/**
 * Writes the files and opens the one holding ⟨|⟩ (saved on disk as well, as an opened file is),
 * e.g. `fixture({ "nginx.conf": MAIN, "sites-enabled/chat.conf": "server { gzi⟨|⟩ }" })`.
 */
export function fixture(files: Readonly<Record<string, string>>, options: SessionOptions = {}): Fixture {
  const marked = Object.entries(files).filter(([, text]) => text.includes(MARKER));
  const [only, ...others] = marked;
  if (!only || others.length > 0) throw new Error(`exactly one file must hold ${MARKER}`);
  const [name, source] = only;
  const { text, offset } = cursor(source);
  const session = new Session({ ...files, [name]: text }, options);
  const uri = session.open(name, text);
  return { session, service: session.service, uri, text, offset };
}

/** The text after applying LSP-shaped edits (positions, in this text's lines) to it. */
export function applyEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const lines = new LineIndex(text);
  const spans = edits
    .map((e) => ({
      start: lines.offsetAt(e.range.start),
      end: lines.offsetAt(e.range.end),
      newText: e.newText,
    }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const { start, end, newText } of spans) result = result.slice(0, start) + newText + result.slice(end);
  return result;
}
