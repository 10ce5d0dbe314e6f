// The language server over a connection: diagnostics for open nginx documents (debounced, judged with
// their includes through the workspace's main config), quick fixes from the fixes that travel with the
// diagnostics, hover, completion, outline, folding and go to definition. This is the only code that
// imports vscode-languageserver; the features themselves work on offsets (server/src/features/), and
// this file converts LSP positions to offsets and back.

import * as crypto from "node:crypto";
import * as path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { fileURLToPath } from "node:url";
import {
  CodeActionKind,
  CompletionItemKind,
  DidChangeConfigurationNotification,
  ErrorCodes,
  FoldingRangeKind,
  InsertTextFormat,
  MarkupKind,
  ResponseError,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type SymbolInformation,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { overlayFileSystem, type FileSystem } from "../analysis/files";
import {
  convertFix,
  convertFixes,
  fileUri,
  PositionMapper,
  toDiagnostic,
  type Diagnostic,
} from "../diagnostics";
import {
  addWebSocketFixes,
  disableForLine,
  enclosingWebSocketFindings,
  fixAllWebSocket,
  fixesOf,
  quickFixes,
  type PlannedAction,
} from "../features/code-actions";
import { completeAt, type CompletionKind } from "../features/completion";
import { definitionAt } from "../features/definition";
import { foldingRanges } from "../features/folding";
import { hoverAt } from "../features/hover";
import { Project, type DocumentAnalysis, type Placement } from "../features/project";
import { documentSymbols, type OutlineSymbol, type SymbolCategory } from "../features/symbols";
import { parse } from "../parser/parser";
import { PARSE_OPTIONS } from "../analysis/syntax";
import {
  DEFAULT_SETTINGS,
  endpointPatternsOf,
  readSettings,
  SettingsError,
  targetOf,
  type Settings,
} from "../settings";

/**
 * How long a document must stay unchanged, in the middle of a burst of changes, before it is
 * analysed again: about as long as its last analysis took (so a burst of typing costs at most half
 * the CPU in analyses of versions it skips), between MIN_DEBOUNCE_MS and MAX_DEBOUNCE_MS. A change
 * after a quiet spell of that length is analysed at once, once the messages already received are
 * handled (see `afterReceivedMessages`).
 */
const MIN_DEBOUNCE_MS = 10;
const MAX_DEBOUNCE_MS = 150;

/** A scheduled analysis that a newer change can call off. */
interface Pending {
  cancel(): void;
}

/**
 * Runs `run` once the messages already read from the client are handled: vscode-jsonrpc handles
 * one queued message per `setImmediate` and queues the next turn after the handler returns, so a
 * second hop lands behind it. Changes that arrived together are analysed once, at their last
 * version, with no timer to wait for and nothing that depends on the machine's speed.
 */
function afterReceivedMessages(run: () => void): Pending {
  let cancelled = false;
  setImmediate(() => setImmediate(() => cancelled || run()));
  return { cancel: () => (cancelled = true) };
}

function afterDelay(ms: number, run: () => void): Pending {
  const timer = setTimeout(run, ms);
  return { cancel: () => clearTimeout(timer) };
}

// Set by the bundle (esbuild.mjs) from package.json; the compiled tests' copy has none.
declare const NGINX_LINT_VERSION: string | undefined;
const VERSION = typeof NGINX_LINT_VERSION === "string" ? NGINX_LINT_VERSION : "development";

/** The code action kind of "fix all WebSocket findings". */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.nginx`;

/** The code of the one diagnostic a file too large to analyse gets. */
export const FILE_TOO_LARGE = "file-too-large";

/**
 * The folder documents that are not files on disk are placed in (untitled buffers without a
 * workspace, URIs that name no local path). It is never an include root, so such a document reads
 * only what the workspace and the include roots allow.
 */
const DETACHED_FOLDER = path.join(path.parse(process.cwd()).root, "nginx-language-server:detached");

/** What the server keeps per open document. */
interface DocumentState {
  /** The path the engine knows the document by (a made-up one for untitled and unmappable documents). */
  readonly file: string;
  /** Whether the document is a file on disk, an untitled buffer, or a URI no local path matches. */
  readonly placement: Placement;
  timer: Pending | undefined;
  /** The version the stored analysis and diagnostics are for. */
  version: number | undefined;
  result: DocumentAnalysis | undefined;
  /** The diagnostics last published (without their fixes: see `withFixes`). */
  diagnostics: Diagnostic[];
  /** The published diagnostic at an index with its fixes, built when a code action asks for them. */
  withFixes: (index: number) => Diagnostic;
  /** True while the document is over the size limit (its notice is published once). */
  tooLarge: boolean;
  /** How long its last analysis took, which sets how long the next one waits for typing to pause. */
  lastAnalysisMs: number;
  /** When the last change was scheduled (performance.now()). */
  lastChangeAt: number;
}

/** What the client said it can do, as far as the answers depend on it. */
interface ClientSupport {
  configuration: boolean;
  configurationRegistration: boolean;
  workspaceFolders: boolean;
  snippets: boolean;
  hierarchicalSymbols: boolean;
  markdownHover: boolean;
  markdownCompletion: boolean;
}

const SYMBOL_KINDS: Readonly<Record<SymbolCategory, SymbolKind>> = {
  namespace: SymbolKind.Namespace,
  server: SymbolKind.Class,
  location: SymbolKind.Method,
  upstream: SymbolKind.Struct,
  variable: SymbolKind.Variable,
  condition: SymbolKind.Operator,
  block: SymbolKind.Object,
};

const COMPLETION_KINDS: Readonly<Record<CompletionKind, CompletionItemKind>> = {
  directive: CompletionItemKind.Keyword,
  variable: CompletionItemKind.Variable,
  value: CompletionItemKind.Value,
  upstream: CompletionItemKind.Module,
};

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The settings in one line, for the log. */
function settingsSummary(settings: Settings): string {
  const overrides = Object.entries(settings.severity).map(([code, severity]) => `${code}=${severity}`);
  return (
    `settings: nginx ${settings.targetVersion} (${settings.build} build), ` +
    `main config ${settings.mainConfig === "" ? "found in the workspace" : settings.mainConfig}, ` +
    `websocket.missingSeverity ${settings.websocket.missingSeverity}, ` +
    `${settings.websocket.endpointPatterns.length} endpoint patterns, ` +
    `include roots ${settings.includeRoots.length > 0 ? settings.includeRoots.join(", ") : "none"}, ` +
    `maxFileSize ${settings.maxFileSize}, severity overrides ${overrides.length > 0 ? overrides.join(" ") : "none"}`
  );
}

/** A short, stable digest of a string, to tell made-up file names apart. */
function hashOf(text: string): string {
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/** True when `kind` is `requested` or one of its sub-kinds (`source.fixAll.nginx` is in `source`). */
function kindContains(requested: string, kind: string): boolean {
  return requested === "" || kind === requested || kind.startsWith(requested + ".");
}

/** Wires the handlers onto a connection and starts listening. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocumentState>();
  const project = new Project();
  let folders: string[] = [];
  let support: ClientSupport = {
    configuration: false,
    configurationRegistration: false,
    workspaceFolders: false,
    snippets: false,
    hierarchicalSymbols: false,
    markdownHover: true,
    markdownCompletion: true,
  };
  /** Set by `initialize`: before it, every request is refused as the protocol says. */
  let initialized = false;
  let settingsLoaded: () => void = () => undefined;
  const settingsReady = new Promise<void>((resolve) => (settingsLoaded = resolve));
  const reportedSettingsErrors = new Set<string>();

  const log = (message: string): void => connection.console.error(`nginx-language-server: ${message}`);
  // What the editor's output channel shows when nothing went wrong: which server, on which Node, for
  // which folders and settings, so a report of odd behaviour can start from it.
  const info = (message: string): void => connection.console.info(`nginx-language-server: ${message}`);

  /** Runs a handler; a bug in it is logged and answered with `fallback`, never with a dead server. */
  function guard<T>(name: string, fallback: T, run: () => T): T {
    try {
      return run();
    } catch (error) {
      log(`${name} failed: ${describe(error)}`);
      return fallback;
    }
  }

  /** The protocol's answer to a request before `initialize`, or undefined once initialized. */
  function notInitialized(): ResponseError<void> | undefined {
    return initialized
      ? undefined
      : new ResponseError(ErrorCodes.ServerNotInitialized, "the server has not been initialized yet");
  }

  /** A workspace folder's path, or nothing when its URI names no local absolute path. */
  function folderPath(uri: string): string[] {
    try {
      const folder = uri.startsWith("file:") ? fileURLToPath(uri) : uri;
      return path.isAbsolute(folder) ? [folder] : [];
    } catch {
      return [];
    }
  }

  // A stray exception in a timer must not end the process either: the editor would lose every feature.
  process.on("uncaughtException", (error) => log(`uncaught: ${describe(error)}`));

  // --- paths and file systems ---------------------------------------------------------------------

  /**
   * The path a document is analysed under. Never throws: a URI that names no local path (an encoded
   * `/`, a remote host, bad percent-encoding) gets a made-up path of its own, and is analysed on its
   * own text, so one strange document cannot stop the others.
   */
  function placeOf(uri: string): { file: string; placement: Placement } {
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
    // An untitled buffer gets a name in the first workspace folder, so relative includes resolve there.
    // Without a workspace it has no folder: the server's working directory is no place of the user's.
    return {
      file: path.join(folders[0] ?? DETACHED_FOLDER, `${detachedName(uri)}.untitled`),
      placement: "untitled",
    };
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

  function stateOf(uri: string): DocumentState {
    let state = states.get(uri);
    if (!state) {
      const place = placeOf(uri);
      state = {
        file: place.file,
        placement: place.placement,
        timer: undefined,
        version: undefined,
        result: undefined,
        diagnostics: [],
        withFixes: (index) => (states.get(uri)?.diagnostics[index] ?? {}) as Diagnostic,
        tooLarge: false,
        lastAnalysisMs: MAX_DEBOUNCE_MS,
        lastChangeAt: Number.NEGATIVE_INFINITY,
      };
      states.set(uri, state);
    }
    return state;
  }

  /** The disk, with every open document's buffer in place of its file. */
  function fileSystem(): FileSystem {
    const open = new Map<string, string>();
    for (const document of documents.all()) open.set(stateOf(document.uri).file, document.getText());
    return overlayFileSystem(open);
  }

  /** The URI to show for a path: the open document's own (untitled, or spelled differently), else file://. */
  function uriOf(file: string): string {
    for (const [uri, state] of states) if (state.file === file) return uri;
    return fileUri(file);
  }

  /** Replaces file:// URIs of open documents by the URIs the client knows them by. */
  function clientUris(diagnostic: Diagnostic): Diagnostic {
    const known = new Map<string, string>();
    for (const [uri, state] of states) if (fileUri(state.file) !== uri) known.set(fileUri(state.file), uri);
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

  // --- validation ---------------------------------------------------------------------------------

  function publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    const state = stateOf(uri);
    state.diagnostics = diagnostics;
    state.withFixes = (index) => diagnostics[index] as Diagnostic;
    void connection.sendDiagnostics({
      uri,
      ...(version !== undefined ? { version } : {}),
      diagnostics: diagnostics as unknown as LspDiagnostic[],
    });
  }

  function byteLength(text: string, limit: number): number {
    // Counting bytes walks the text; a text this many characters long is within the limit anyway.
    return text.length * 3 <= limit ? text.length : Buffer.byteLength(text, "utf8");
  }

  /** Analyses a document now and publishes its diagnostics. */
  function validateNow(document: TextDocument): void {
    const state = stateOf(document.uri);
    state.timer?.cancel();
    state.timer = undefined;
    const text = document.getText();
    const settings = project.settings;
    const size = byteLength(text, settings.maxFileSize);
    if (size > settings.maxFileSize) {
      state.result = undefined;
      state.version = document.version;
      if (state.tooLarge) return;
      state.tooLarge = true;
      const zero = { line: 0, character: 0 };
      publish(document.uri, document.version, [
        {
          range: { start: zero, end: zero },
          severity: 3,
          code: FILE_TOO_LARGE,
          source: "nginx",
          message: `This file is ${size} bytes, more than nginx.maxFileSize (${settings.maxFileSize}): it is not analysed.`,
        },
      ]);
      return;
    }
    state.tooLarge = false;
    const fsys = fileSystem();
    const started = performance.now();
    const result = project.analyzeDocument(state.file, text, fsys, state.placement);
    state.lastAnalysisMs = performance.now() - started;
    // Other files' positions come from the text the analysis read (through its gate), not a new read.
    const mapper = new PositionMapper((f) =>
      f === result.file || f === state.file ? text : (result.analysis.config.files.get(f)?.parsed.text ?? ""),
    );
    // Fixes stay off the wire: on a file with a thousand findings they would be most of every
    // publish, and a client reads them only for the code action under the cursor.
    const diagnostics = result.findings.map((finding) => clientUris(toDiagnostic(finding, mapper, false)));
    state.result = result;
    state.version = document.version;
    publish(document.uri, document.version, diagnostics);
    state.withFixes = (index) => {
      const finding = result.findings[index];
      const published = diagnostics[index] as Diagnostic;
      return finding?.fixes && finding.fixes.length > 0
        ? clientUris({ ...published, data: { fixes: convertFixes(finding, mapper) } })
        : published;
    };
  }

  async function validateLater(uri: string): Promise<void> {
    await settingsReady;
    const document = documents.get(uri);
    // Closed meanwhile, or already analysed at this version (a request flushed it): nothing to do.
    if (!document) return;
    const state = stateOf(uri);
    if (state.version === document.version && state.result) return;
    guard("validation", undefined, () => validateNow(document));
  }

  function schedule(uri: string): void {
    const state = stateOf(uri);
    const pause = Math.min(MAX_DEBOUNCE_MS, Math.max(MIN_DEBOUNCE_MS, state.lastAnalysisMs));
    // A change after a quiet spell is analysed at once (changes received together still coalesce);
    // a change in the middle of a burst waits for the burst to pause.
    const now = performance.now();
    const quiet = now - state.lastChangeAt >= pause;
    state.lastChangeAt = now;
    state.timer?.cancel();
    // The version of a newer change replaces the pending one: stale versions are never analysed.
    state.version = undefined;
    const run = () => {
      state.timer = undefined;
      void validateLater(uri);
    };
    state.timer = quiet ? afterReceivedMessages(run) : afterDelay(pause, run);
  }

  /** Schedules every other open document whose last analysis read `file`. */
  function scheduleDependents(file: string, except: string): void {
    for (const document of documents.all()) {
      if (document.uri === except) continue;
      if (stateOf(document.uri).result?.dependencies.has(file)) schedule(document.uri);
    }
  }

  /** The analysis of a document at its current version (analysed now if a change is pending). */
  function current(uri: string): { document: TextDocument; result: DocumentAnalysis } | undefined {
    const document = documents.get(uri);
    if (!document) return undefined;
    const state = stateOf(uri);
    if (state.version !== document.version || (!state.result && !state.tooLarge)) validateNow(document);
    return state.result ? { document, result: state.result } : undefined;
  }

  function revalidateAll(): void {
    for (const document of documents.all()) schedule(document.uri);
  }

  // --- settings -----------------------------------------------------------------------------------

  let trustedWorkspace = false;

  function configure(settings: Settings): void {
    project.configure({ folders, settings, mayRunNginx: trustedWorkspace });
  }

  async function loadSettings(pushed: unknown): Promise<void> {
    let raw = pushed;
    if (support.configuration) {
      try {
        raw = await connection.workspace.getConfiguration({ section: "nginx" });
      } catch (error) {
        log(`workspace/configuration failed: ${describe(error)}`);
      }
    }
    let settings = DEFAULT_SETTINGS;
    try {
      settings = readSettings(raw ?? undefined);
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      const message = `the nginx settings are not valid, so the defaults are used: ${error.message}`;
      log(message);
      if (!reportedSettingsErrors.has(message)) {
        reportedSettingsErrors.add(message);
        void connection.window.showWarningMessage(`nginx: ${message}`);
      }
    }
    configure(settings);
  }

  // --- lifecycle ----------------------------------------------------------------------------------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    // Only a client that says the workspace is trusted (the VS Code extension) lets `auto` run nginx.
    trustedWorkspace =
      (params.initializationOptions as { trustedWorkspace?: unknown } | null | undefined)
        ?.trustedWorkspace === true;
    support = {
      configuration: caps.workspace?.configuration === true,
      configurationRegistration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      workspaceFolders: caps.workspace?.workspaceFolders === true,
      snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
      hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
      markdownHover: caps.textDocument?.hover?.contentFormat?.includes(MarkupKind.Markdown) ?? true,
      markdownCompletion:
        caps.textDocument?.completion?.completionItem?.documentationFormat?.includes(MarkupKind.Markdown) ??
        true,
    };
    const given =
      params.workspaceFolders?.map((f) => f.uri) ??
      (params.rootUri ? [params.rootUri] : params.rootPath ? [params.rootPath] : []);
    folders = given.flatMap(folderPath);
    initialized = true;
    configure(DEFAULT_SETTINGS);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["$"], resolveProvider: false },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND],
        },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        ...(support.workspaceFolders
          ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } }
          : {}),
      },
      serverInfo: { name: "nginx-language-server" },
    };
  });

  connection.onInitialized(() => {
    if (support.configurationRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: "nginx" });
    }
    if (support.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) =>
        guard("workspace folders", undefined, () => {
          const removed = new Set(event.removed.flatMap((f) => folderPath(f.uri)));
          folders = [
            ...folders.filter((f) => !removed.has(f)),
            ...event.added.flatMap((f) => folderPath(f.uri)),
          ];
          configure(project.settings);
          revalidateAll();
        }),
      );
    }
    loadSettings(undefined)
      .catch((error: unknown) => log(`reading settings failed: ${describe(error)}`))
      .finally(() => {
        info(
          `${VERSION} started (Node ${process.version}, ${process.platform}); ` +
            `workspace folders: ${folders.length > 0 ? folders.join(", ") : "none"}; ${settingsSummary(project.settings)}`,
        );
        settingsLoaded();
      });
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as { nginx?: unknown } | null | undefined)?.nginx;
    loadSettings(pushed)
      .then(() => {
        info(`settings changed; ${settingsSummary(project.settings)}`);
        revalidateAll();
      })
      .catch((error: unknown) => log(`reading settings failed: ${describe(error)}`));
  });

  connection.onDidChangeWatchedFiles(() =>
    guard("watched files", undefined, () => {
      project.filesChanged();
      revalidateAll();
    }),
  );

  // TextDocuments reports an opened document as a change too, so this handles opening as well.
  documents.onDidChangeContent((event) =>
    guard("change", undefined, () => {
      const uri = event.document.uri;
      project.changed();
      schedule(uri);
      scheduleDependents(stateOf(uri).file, uri);
    }),
  );

  documents.onDidClose((event) =>
    guard("close", undefined, () => {
      const uri = event.document.uri;
      const state = states.get(uri);
      state?.timer?.cancel();
      states.delete(uri);
      // A closed document's parse is not kept: an editor open for hours must not accumulate them.
      if (state) project.forget(state.file);
      if (documents.all().length === 0) project.cache.clear();
      project.changed();
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      // Files that read its unsaved buffer now read the disk.
      if (state) scheduleDependents(state.file, uri);
    }),
  );

  connection.onShutdown(() => {
    const refused = notInitialized();
    if (refused) return refused;
    for (const state of states.values()) state.timer?.cancel();
    return undefined;
  });
  // Requests no handler takes: refused before `initialize` like every other, unknown after it.
  connection.onRequest(
    (method) =>
      notInitialized() ?? new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`),
  );

  // --- features -----------------------------------------------------------------------------------

  connection.onHover(
    (params): Hover | null | ResponseError<void> =>
      notInitialized() ??
      guard("hover", null, () => {
        const found = current(params.textDocument.uri);
        if (!found) return null;
        const { document, result } = found;
        const hover = hoverAt(
          result.analysis,
          result.file,
          document.offsetAt(params.position),
          targetOf(project.settings),
        );
        if (!hover) return null;
        return {
          contents: {
            kind: support.markdownHover ? MarkupKind.Markdown : MarkupKind.PlainText,
            value: hover.markdown,
          },
          range: { start: document.positionAt(hover.start), end: document.positionAt(hover.end) },
        };
      }),
  );

  connection.onCompletion(
    (params): CompletionItem[] | ResponseError<void> =>
      notInitialized() ??
      guard("completion", [], () => {
        const found = current(params.textDocument.uri);
        if (!found) return [];
        const { document, result } = found;
        const parsed =
          result.analysis.config.files.get(result.file)?.parsed ?? parse(document.getText(), PARSE_OPTIONS);
        const offset = document.offsetAt(params.position);
        return completeAt(result.analysis, result.file, parsed, offset, targetOf(project.settings)).map(
          (entry): CompletionItem => {
            const snippet = support.snippets && entry.snippet !== undefined;
            const newText = snippet ? (entry.snippet as string) : entry.insertText;
            return {
              label: entry.label,
              kind: COMPLETION_KINDS[entry.kind],
              ...(entry.detail !== undefined ? { detail: entry.detail } : {}),
              ...(entry.documentation !== undefined
                ? {
                    documentation: {
                      kind: support.markdownCompletion ? MarkupKind.Markdown : MarkupKind.PlainText,
                      value: entry.documentation,
                    },
                  }
                : {}),
              ...(entry.sortText !== undefined ? { sortText: entry.sortText } : {}),
              filterText: entry.insertText,
              insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
              textEdit: {
                range: { start: document.positionAt(entry.start), end: document.positionAt(entry.end) },
                newText,
              },
            };
          },
        );
      }),
  );

  function toCodeAction(action: PlannedAction, kind: string, attach: readonly LspDiagnostic[]): CodeAction {
    return {
      title: action.title,
      kind,
      diagnostics: [...attach],
      ...(kind === CodeActionKind.QuickFix ? { isPreferred: action.preferred } : {}),
      edit: { changes: action.changes },
    };
  }

  /** "Disable CODE for this line" for a diagnostic of the document's current text, where it can work. */
  function disableLineAction(uri: string, given: LspDiagnostic): CodeAction | undefined {
    const found = current(uri);
    if (!found) return undefined;
    const text = found.document.getText();
    const analysed = found.result.analysis.config.files.get(found.result.file)?.parsed;
    const parsed = analysed?.text === text ? analysed : parse(text, PARSE_OPTIONS);
    const action = disableForLine(
      given as unknown as Diagnostic,
      uri,
      parsed,
      (p) => found.document.offsetAt(p),
      (o) => found.document.positionAt(o),
    );
    return action && toCodeAction(action, CodeActionKind.QuickFix, [given]);
  }

  connection.onCodeAction(
    (params): CodeAction[] | ResponseError<void> =>
      notInitialized() ??
      guard("code action", [], () => {
        const uri = params.textDocument.uri;
        const only = params.context.only;
        const wantsQuickFix = !only || only.some((k) => kindContains(k, CodeActionKind.QuickFix));
        const wantsFixAll = only?.some((k) => kindContains(k, FIX_ALL_KIND)) ?? false;
        const wantsRewrite = !only || only.some((k) => kindContains(k, CodeActionKind.RefactorRewrite));
        const actions: CodeAction[] = [];
        if (wantsQuickFix) {
          const state = states.get(uri);
          const stored = state?.diagnostics ?? [];
          for (const given of params.context.diagnostics) {
            if (given.source !== undefined && given.source !== "nginx") continue;
            // The fixes of a diagnostic this server published are built now, from its analysis.
            const index = stored.findIndex(
              (d) =>
                d.code === String(given.code) &&
                d.message === given.message &&
                d.range.start.line === given.range.start.line &&
                d.range.start.character === given.range.start.character &&
                d.range.end.line === given.range.end.line &&
                d.range.end.character === given.range.end.character,
            );
            const withFixes =
              index >= 0 && state
                ? state.withFixes(index)
                : fixesOf(given).length > 0
                  ? (given as unknown as Diagnostic)
                  : undefined;
            if (withFixes)
              for (const action of quickFixes([withFixes]))
                actions.push(toCodeAction(action, CodeActionKind.QuickFix, [given]));
            const disable = disableLineAction(uri, given);
            if (disable) actions.push(disable);
          }
          // A WebSocket finding is shown on its block's header, but the cursor is as likely on the
          // proxy_pass or include inside it: the fixes of the blocks around the cursor are offered too
          // (built for those findings only), unless the same edits are already offered.
          const found = current(uri);
          if (found && state) {
            const offered = new Set(actions.map((a) => JSON.stringify(a.edit?.changes)));
            const indexes = enclosingWebSocketFindings(
              found.result.analysis,
              found.result.file,
              found.result.findings,
              found.document.offsetAt(params.range.start),
            );
            for (const index of indexes) {
              const published = state.diagnostics[index];
              if (!published) continue;
              for (const action of quickFixes([state.withFixes(index)])) {
                const key = JSON.stringify(action.changes);
                if (offered.has(key)) continue;
                offered.add(key);
                actions.push(
                  toCodeAction(action, CodeActionKind.QuickFix, [published as unknown as LspDiagnostic]),
                );
              }
            }
          }
        }
        if (wantsRewrite) {
          const found = current(uri);
          if (found) {
            const { document, result } = found;
            const text = document.getText();
            const fsys = fileSystem();
            const mapper = new PositionMapper((f) => (f === result.file ? text : fsys.readText(f)));
            const patterns = endpointPatternsOf(project.settings);
            const fixes = addWebSocketFixes(
              result.analysis,
              result.file,
              document.offsetAt(params.range.start),
              targetOf(project.settings),
              patterns,
            );
            // Carried like a diagnostic's fixes, so URIs of open documents read as the client knows them.
            const carrier = clientUris({
              range: params.range,
              severity: 4,
              code: "",
              message: "",
              source: "nginx",
              data: { fixes: fixes.map((f) => convertFix(f, mapper)) },
            });
            // A quick fix already offered with the same edits (the finding's own) is not repeated.
            const offered = new Set(actions.map((a) => JSON.stringify(a.edit?.changes)));
            for (const action of quickFixes([carrier])) {
              if (offered.has(JSON.stringify(action.changes))) continue;
              actions.push(toCodeAction({ ...action, diagnostics: [] }, CodeActionKind.RefactorRewrite, []));
            }
          }
        }
        if (wantsFixAll) {
          // Fix-all must fit the current text: a change still waiting for analysis is analysed first.
          const found = current(uri);
          const state = stateOf(uri);
          const diagnostics = found
            ? state.diagnostics.map((d, i) =>
                String(d.code).startsWith("websocket-") ? state.withFixes(i) : d,
              )
            : [];
          const action = fixAllWebSocket(diagnostics);
          if (action) {
            actions.push(
              toCodeAction(action, FIX_ALL_KIND, action.diagnostics as unknown as LspDiagnostic[]),
            );
          }
        }
        return actions;
      }),
  );

  function toDocumentSymbol(symbol: OutlineSymbol, document: TextDocument): DocumentSymbol {
    return {
      name: symbol.name,
      detail: symbol.detail,
      kind: SYMBOL_KINDS[symbol.category],
      range: { start: document.positionAt(symbol.start), end: document.positionAt(symbol.end) },
      selectionRange: {
        start: document.positionAt(symbol.selectionStart),
        end: document.positionAt(symbol.selectionEnd),
      },
      children: symbol.children.map((child) => toDocumentSymbol(child, document)),
    };
  }

  function flatten(symbols: readonly DocumentSymbol[], uri: string, container?: string): SymbolInformation[] {
    return symbols.flatMap((symbol) => [
      {
        name: symbol.name,
        kind: symbol.kind,
        location: { uri, range: symbol.range },
        ...(container !== undefined ? { containerName: container } : {}),
      },
      ...flatten(symbol.children ?? [], uri, symbol.name),
    ]);
  }

  /** The parsed text of a document within the size limit (outline and folding need no analysis). */
  function parsedOf(uri: string): { document: TextDocument; parsed: ReturnType<typeof parse> } | undefined {
    const document = documents.get(uri);
    if (!document) return undefined;
    const text = document.getText();
    if (byteLength(text, project.settings.maxFileSize) > project.settings.maxFileSize) return undefined;
    const state = stateOf(uri);
    const known = state.version === document.version ? state.result : undefined;
    const parsed = known?.analysis.config.files.get(known.file)?.parsed;
    return { document, parsed: parsed && parsed.text === text ? parsed : parse(text, PARSE_OPTIONS) };
  }

  connection.onDocumentSymbol(
    (params): DocumentSymbol[] | SymbolInformation[] | ResponseError<void> =>
      notInitialized() ??
      guard("document symbols", [], () => {
        const found = parsedOf(params.textDocument.uri);
        if (!found) return [];
        const symbols = documentSymbols(found.parsed).map((s) => toDocumentSymbol(s, found.document));
        return support.hierarchicalSymbols ? symbols : flatten(symbols, params.textDocument.uri);
      }),
  );

  connection.onFoldingRanges(
    (params): FoldingRange[] | ResponseError<void> =>
      notInitialized() ??
      guard("folding ranges", [], () => {
        const found = parsedOf(params.textDocument.uri);
        if (!found) return [];
        return foldingRanges(found.parsed).map((fold) => ({
          startLine: fold.startLine,
          endLine: fold.endLine,
          ...(fold.kind === "comment" ? { kind: FoldingRangeKind.Comment } : {}),
        }));
      }),
  );

  connection.onDefinition(
    (params): Location[] | ResponseError<void> =>
      notInitialized() ??
      guard("definition", [], () => {
        const found = current(params.textDocument.uri);
        if (!found) return [];
        const { document, result } = found;
        const fsys = fileSystem();
        const targets = definitionAt(result.analysis, result.file, document.offsetAt(params.position), fsys);
        const mapper = new PositionMapper((f) =>
          f === result.file ? document.getText() : (result.analysis.config.files.get(f)?.parsed.text ?? ""),
        );
        return targets.map((target) => ({
          uri: target.file === result.file ? document.uri : uriOf(target.file),
          range:
            target.start === 0 && target.end === 0
              ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }
              : mapper.range(target.file, target.start, target.end),
        }));
      }),
  );

  documents.listen(connection);
  // Measurement hooks for the load test (NGINX_LSP_TEST_HOOKS=1): the server's own memory, and a full
  // garbage collection so "memory after close" measures what is retained, not what is not yet collected.
  if (process.env.NGINX_LSP_TEST_HOOKS === "1") {
    connection.onRequest("nginx/memoryUsage", () => {
      const { heapUsed, rss } = process.memoryUsage();
      return { heapUsed, rss };
    });
    connection.onRequest("nginx/collectGarbage", () => {
      setFlagsFromString("--expose-gc");
      const gc = runInNewContext("gc") as (() => void) | undefined;
      gc?.();
      gc?.();
      return null;
    });
  }

  connection.listen();
}
