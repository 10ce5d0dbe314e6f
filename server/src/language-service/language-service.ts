// What the editor's language server knows and answers, without the protocol: the open documents, the
// project they are judged in (settings, workspace folders, main configs), when each document is
// analysed (on a clock it is handed), the diagnostics it publishes, and every feature the editor asks
// for. Questions come in as a document's URI and an offset into its text; answers about that
// document are offsets too. Only what points into other files (definitions, the edits of fixes) and
// diagnostics come as positions, converted by `diagnostics.ts`, the one place that converts.
// `lsp/connection.ts` turns LSP requests into these calls and the answers back.

import type { FileSystem } from "../analysis/files";
import type { Span } from "../analysis/finding";
import { FILE_TOO_LARGE_CODE } from "../codes";
import { convertFixes, PositionMapper, toDiagnostic, type Diagnostic, type Range } from "../diagnostics";
import { completeAt, type CompletionEntry } from "../features/completion";
import { definitionAt } from "../features/definition";
import { foldingRanges, type Fold } from "../features/folding";
import { hoverAt, type HoverResult } from "../features/hover";
import { Project, type DocumentAnalysis } from "../features/project";
import { routeUrl, routingLenses } from "../features/routing";
import { documentSymbols, type OutlineSymbol } from "../features/symbols";
import { UrlError } from "../routing/url";
import type { ParsedFile } from "../parser/ast";
import { parse } from "../parser/parser";
import { PARSE_OPTIONS } from "../analysis/syntax";
import { DEFAULT_SETTINGS, targetOf, type Settings } from "../settings";
import { systemClock, type Clock } from "./clock";
import { codeActionsAt, type ActionRequest, type PlannedCodeAction } from "./code-actions";
import { OpenDocuments, type OpenDocument } from "./documents";
import { AnalysisScheduler } from "./scheduler";

/** What the service needs from the server around it. */
export interface LanguageServiceOptions {
  /** Sends a document's diagnostics to the client (an undefined version: the document closed). */
  readonly publish: (uri: string, version: number | undefined, diagnostics: readonly Diagnostic[]) => void;
  /** Reports a failure the user should not see as a broken editor. */
  readonly log: (message: string) => void;
  /** When analyses run; the process's clock unless a test hands its own. */
  readonly clock?: Clock;
  /** What lies under the open documents; the disk unless a test hands its own files. */
  readonly disk?: FileSystem;
}

/** Where a definition is: a document's URI and the range to select there. */
export interface DefinitionTarget {
  readonly uri: string;
  readonly range: Range;
}

/** One step of a routed URL's trace, pointing at the directive that decided it. */
export interface TraceStepAt {
  readonly phase: string;
  readonly text: string;
  readonly at: DefinitionTarget | undefined;
}

/** A URL routed through the configuration an open document is judged in. */
export interface RouteTrace {
  readonly method: string;
  readonly url: string;
  readonly summary: string;
  readonly steps: readonly TraceStepAt[];
  readonly location: DefinitionTarget | undefined;
}

/** A code lens of a document: offsets into it, a title, and the URL it routes. */
export interface RouteLens {
  readonly start: number;
  readonly end: number;
  readonly title: string;
  readonly url: string;
}

/** What the service keeps about the analysis of an open document. */
interface AnalysisState {
  /** The version the stored analysis and diagnostics are for; undefined when they are out of date. */
  version: number | undefined;
  result: DocumentAnalysis | undefined;
  /** The diagnostics last published (without their fixes: see `withFixes`). */
  diagnostics: readonly Diagnostic[];
  /** The published diagnostic at an index with its fixes, built when a code action asks for them. */
  withFixes: (index: number) => Diagnostic;
  /** True while the document is over the size limit (its notice is published once). */
  tooLarge: boolean;
}

/** What a document's last publish holds: its diagnostics, and each one's fixes when asked for. */
export interface Published {
  readonly diagnostics: readonly Diagnostic[];
  readonly withFixes: (index: number) => Diagnostic;
}

/** A document's analysis at its current version, and what was published for it. */
export interface CurrentAnalysis {
  readonly document: OpenDocument;
  readonly result: DocumentAnalysis;
  readonly published: Published;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function byteLength(text: string, limit: number): number {
  // Counting bytes walks the text; a text this many characters long is within the limit anyway.
  return text.length * 3 <= limit ? text.length : Buffer.byteLength(text, "utf8");
}

/** The language service of one editor session. */
export class LanguageService {
  readonly documents: OpenDocuments;
  private readonly project = new Project();
  private readonly scheduler: AnalysisScheduler;
  private readonly states = new Map<string, AnalysisState>();
  private folders: readonly string[] = [];
  private mayRunNginx = false;
  /** False until the client's settings are read: analyses scheduled before wait for them. */
  private settingsRead = false;
  private readonly waitingForSettings = new Set<string>();

  constructor(private readonly options: LanguageServiceOptions) {
    this.scheduler = new AnalysisScheduler(options.clock ?? systemClock);
    this.documents = new OpenDocuments(() => this.folders[0], options.disk);
  }

  // --- workspace and settings ---------------------------------------------------------------------

  get settings(): Settings {
    return this.project.settings;
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /**
   * Sets the workspace folders and whether the workspace is trusted (only then may the `auto` build
   * run `nginx -V`), with the default settings until the client's are read.
   */
  initialize(folders: readonly string[], trusted: boolean): void {
    this.folders = folders;
    this.mayRunNginx = trusted;
    this.configure(DEFAULT_SETTINGS);
  }

  /** New settings: everything is looked at again, once analysed. */
  configure(settings: Settings): void {
    this.project.configure({ folders: this.folders, settings, mayRunNginx: this.mayRunNginx });
  }

  /** The workspace folders changed: every open document is judged again. */
  setFolders(folders: readonly string[]): void {
    this.folders = folders;
    this.configure(this.settings);
    this.revalidateAll();
  }

  /** The client's settings are read (or could not be): the analyses that waited for them run. */
  settingsLoaded(): void {
    this.settingsRead = true;
    const waiting = [...this.waitingForSettings];
    this.waitingForSettings.clear();
    for (const uri of waiting) this.validateLater(uri);
  }

  // --- documents ----------------------------------------------------------------------------------

  /** A document opened or changed: it is analysed soon, and so is every open document that reads it. */
  change(uri: string, text: string, version: number): void {
    const document = this.documents.update(uri, text, version);
    if (!this.states.has(uri)) this.states.set(uri, this.freshState(uri));
    this.project.changed();
    this.schedule(uri);
    this.scheduleDependents(document.file, uri);
  }

  /** A document closed: its diagnostics are cleared, and files that read its buffer read the disk again. */
  close(uri: string): void {
    const document = this.documents.close(uri);
    this.scheduler.forget(uri);
    this.states.delete(uri);
    // A closed document's parse is not kept: an editor open for hours must not accumulate them.
    if (document) this.project.forget(document.file);
    if (this.documents.size === 0) this.project.cache.clear();
    this.project.changed();
    this.options.publish(uri, undefined, []);
    if (document) this.scheduleDependents(document.file, uri);
  }

  /** Files were created, changed or deleted on disk: every open document is judged again. */
  filesChanged(): void {
    this.project.filesChanged();
    this.revalidateAll();
  }

  /** Schedules every open document again (new settings, folders or files). */
  revalidateAll(): void {
    for (const document of this.documents.all()) this.schedule(document.uri);
  }

  /** Calls off every analysis still waiting: the server is shutting down. */
  shutdown(): void {
    this.scheduler.cancelAll();
  }

  // --- analysis and diagnostics -------------------------------------------------------------------

  private freshState(uri: string): AnalysisState {
    return {
      version: undefined,
      result: undefined,
      diagnostics: [],
      withFixes: (index) => (this.states.get(uri)?.diagnostics[index] ?? {}) as Diagnostic,
      tooLarge: false,
    };
  }

  private schedule(uri: string): void {
    const state = this.states.get(uri);
    // The stored analysis no longer fits: a request before the scheduled run analyses at once.
    if (state) state.version = undefined;
    this.scheduler.schedule(uri, () => this.validateLater(uri));
  }

  /** Schedules every other open document whose last analysis read `file`. */
  private scheduleDependents(file: string, except: string): void {
    for (const document of this.documents.all()) {
      if (document.uri === except) continue;
      if (this.states.get(document.uri)?.result?.dependencies.has(file)) this.schedule(document.uri);
    }
  }

  private validateLater(uri: string): void {
    if (!this.settingsRead) {
      this.waitingForSettings.add(uri);
      return;
    }
    const document = this.documents.get(uri);
    const state = this.states.get(uri);
    // Closed meanwhile, or already analysed at this version (a request flushed it): nothing to do.
    if (!document || !state) return;
    if (state.version === document.version && state.result) return;
    try {
      this.validateNow(document, state);
    } catch (error) {
      this.options.log(`validation failed: ${describeError(error)}`);
    }
  }

  private publish(
    uri: string,
    version: number,
    state: AnalysisState,
    diagnostics: readonly Diagnostic[],
  ): void {
    state.diagnostics = diagnostics;
    state.withFixes = (index) => diagnostics[index] as Diagnostic;
    this.options.publish(uri, version, diagnostics);
  }

  /** Analyses a document now and publishes its diagnostics. */
  private validateNow(document: OpenDocument, state: AnalysisState): void {
    this.scheduler.cancel(document.uri);
    const text = document.text;
    const settings = this.project.settings;
    const size = byteLength(text, settings.maxFileSize);
    if (size > settings.maxFileSize) {
      state.result = undefined;
      state.version = document.version;
      if (state.tooLarge) return;
      state.tooLarge = true;
      const zero = { line: 0, character: 0 };
      this.publish(document.uri, document.version, state, [
        {
          range: { start: zero, end: zero },
          severity: 3,
          code: FILE_TOO_LARGE_CODE,
          source: "nginx",
          message: `This file is ${size} bytes, more than nginx.maxFileSize (${settings.maxFileSize}): it is not analysed.`,
        },
      ]);
      return;
    }
    state.tooLarge = false;
    const fsys = this.documents.fileSystem();
    const result = this.scheduler.measure(document.uri, () =>
      this.project.analyzeDocument(document.file, text, fsys, document.placement),
    );
    // Other files' positions come from the text the analysis read (through its gate), not a new read.
    const mapper = new PositionMapper((f) =>
      f === result.file || f === document.file
        ? text
        : (result.analysis.config.files.get(f)?.parsed.text ?? ""),
    );
    // Fixes stay off the wire: on a file with a thousand findings they would be most of every
    // publish, and a client reads them only for the code action under the cursor.
    const diagnostics = result.findings.map((finding) =>
      this.documents.withClientUris(toDiagnostic(finding, mapper, false)),
    );
    state.result = result;
    state.version = document.version;
    this.publish(document.uri, document.version, state, diagnostics);
    state.withFixes = (index) => {
      const finding = result.findings[index];
      const published = diagnostics[index] as Diagnostic;
      return finding?.fixes && finding.fixes.length > 0
        ? this.documents.withClientUris({ ...published, data: { fixes: convertFixes(finding, mapper) } })
        : published;
    };
  }

  /** The analysis of a document at its current version (analysed now if a change is pending). */
  current(uri: string): CurrentAnalysis | undefined {
    const document = this.documents.get(uri);
    const state = this.states.get(uri);
    if (!document || !state) return undefined;
    if (state.version !== document.version || (!state.result && !state.tooLarge))
      this.validateNow(document, state);
    return state.result ? { document, result: state.result, published: state } : undefined;
  }

  /** What was last published for an open document, as it stands (nothing is analysed). */
  published(uri: string): Published | undefined {
    const state = this.states.get(uri);
    return state && { diagnostics: state.diagnostics, withFixes: state.withFixes };
  }

  // --- features -----------------------------------------------------------------------------------

  /** What to show on hover at an offset of a document. */
  hover(uri: string, offset: number): HoverResult | undefined {
    const found = this.current(uri);
    if (!found) return undefined;
    return hoverAt(found.result.analysis, found.result.file, offset, targetOf(this.settings));
  }

  /** What may be typed at an offset of a document. */
  completion(uri: string, offset: number): CompletionEntry[] {
    const found = this.current(uri);
    if (!found) return [];
    const { document, result } = found;
    const parsed =
      result.analysis.config.files.get(result.file)?.parsed ?? parse(document.text, PARSE_OPTIONS);
    return completeAt(result.analysis, result.file, parsed, offset, targetOf(this.settings));
  }

  /** Where what is at an offset of a document is defined. */
  definition(uri: string, offset: number): DefinitionTarget[] {
    const found = this.current(uri);
    if (!found) return [];
    const { result } = found;
    const targets = definitionAt(result.analysis, result.file, offset, this.documents.fileSystem());
    // A whole file (an include's target) is the span 0..0: its top, whatever its text.
    return targets.map(this.placesIn(found));
  }

  /**
   * Turns spans of the files an analysis read into places an editor opens: the open document's own
   * text and URI for its file, the analysed text and a file URI for the others.
   */
  private placesIn(found: CurrentAnalysis): (span: Span) => DefinitionTarget {
    const { document, result } = found;
    const mapper = new PositionMapper((f) =>
      f === result.file ? document.text : (result.analysis.config.files.get(f)?.parsed.text ?? ""),
    );
    return (span) => ({
      uri: span.file === result.file ? document.uri : this.documents.uriOf(span.file),
      range: mapper.range(span.file, span.start, span.end),
    });
  }

  /**
   * Routes a URL through the configuration a document is judged in (its main nginx.conf when one
   * includes it). A URL route() cannot take gives `{ error }`; a document not open, undefined.
   */
  route(uri: string, url: string, method = "GET"): RouteTrace | { readonly error: string } | undefined {
    const found = this.current(uri);
    if (!found) return undefined;
    const { result } = found;
    let answer;
    try {
      answer = routeUrl(result.analysis, url.trim(), method);
    } catch (error) {
      if (error instanceof UrlError) return { error: error.message };
      throw error;
    }
    const place = this.placesIn(found);
    const target = (span: Span | undefined) => span && place(span);
    return {
      method: answer.method,
      url: answer.url,
      summary: answer.summary,
      steps: answer.steps.map((step) => ({ phase: step.phase, text: step.text, at: target(step.at) })),
      location: target(answer.location),
    };
  }

  /** A code lens on each server and location of a document, with a URL that reaches it. */
  routeLenses(uri: string): RouteLens[] {
    const found = this.current(uri);
    if (!found) return [];
    return routingLenses(found.result.analysis, found.result.file).map(({ start, end, title, url }) => ({
      start,
      end,
      title,
      url,
    }));
  }

  /** The outline of a document. */
  documentSymbols(uri: string): OutlineSymbol[] {
    const parsed = this.parsedOf(uri);
    return parsed ? documentSymbols(parsed) : [];
  }

  /** The folds of a document. */
  foldingRanges(uri: string): Fold[] {
    const parsed = this.parsedOf(uri);
    return parsed ? foldingRanges(parsed) : [];
  }

  /** The code actions at an offset of a document, for the diagnostics the client sent with the request. */
  codeActions(uri: string, request: ActionRequest): PlannedCodeAction[] {
    return codeActionsAt(this, uri, request);
  }

  /** The parsed text of a document within the size limit (outline and folding need no analysis). */
  private parsedOf(uri: string): ParsedFile | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const text = document.text;
    if (byteLength(text, this.settings.maxFileSize) > this.settings.maxFileSize) return undefined;
    const state = this.states.get(uri);
    const known = state && state.version === document.version ? state.result : undefined;
    const parsed = known?.analysis.config.files.get(known.file)?.parsed;
    return parsed && parsed.text === text ? parsed : parse(text, PARSE_OPTIONS);
  }
}
