// The language server over a connection: the protocol's side of the language service
// (server/src/language-service/). Each capability is a thin adapter here: it takes the request's
// positions to offsets in the document, asks the service, and turns the answer into LSP's types. The
// lifecycle (initialize, settings read from the client, workspace folders, watched files) and the
// document sync are wired to the service the same way. With server.ts, the only code that imports
// vscode-languageserver.

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
import type { CompletionKind } from "../features/completion";
import type { OutlineSymbol, SymbolCategory } from "../features/symbols";
import type { ActionKind, PlannedCodeAction } from "../language-service/code-actions";
import { describeError, LanguageService } from "../language-service/language-service";
import { DEFAULT_SETTINGS, readSettings, SettingsError, type Settings } from "../settings";

// Set by the bundle (esbuild.mjs) from package.json; the compiled tests' copy has none.
declare const NGINX_LINT_VERSION: string | undefined;
const VERSION = typeof NGINX_LINT_VERSION === "string" ? NGINX_LINT_VERSION : "development";

/** The code action kind of "fix all WebSocket findings". */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.nginx`;

/** The service's kinds of code action, as LSP names them. */
const ACTION_KINDS: Readonly<Record<ActionKind, string>> = {
  "quick-fix": CodeActionKind.QuickFix,
  rewrite: CodeActionKind.RefactorRewrite,
  "fix-all": FIX_ALL_KIND,
};

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

/** True when `kind` is `requested` or one of its sub-kinds (`source.fixAll.nginx` is in `source`). */
function kindContains(requested: string, kind: string): boolean {
  return requested === "" || kind === requested || kind.startsWith(requested + ".");
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

/** What the client can do, read from its `initialize` capabilities. */
function supportOf(params: InitializeParams): ClientSupport {
  const caps = params.capabilities;
  return {
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
}

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

/** The outline as a flat list, for clients without hierarchical symbols. */
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

function toCodeAction(action: PlannedCodeAction): CodeAction {
  const kind = ACTION_KINDS[action.kind];
  return {
    title: action.title,
    kind,
    diagnostics: action.diagnostics as LspDiagnostic[],
    ...(action.kind === "quick-fix" ? { isPreferred: action.preferred } : {}),
    edit: { changes: action.changes },
  };
}

/** Wires the handlers onto a connection and starts listening. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let support: ClientSupport = supportOf({ capabilities: {} } as InitializeParams);
  /** Set by `initialize`: before it, every request is refused as the protocol says. */
  let initialized = false;
  const reportedSettingsErrors = new Set<string>();

  const log = (message: string): void => connection.console.error(`nginx-language-server: ${message}`);
  // What the editor's output channel shows when nothing went wrong: which server, on which Node, for
  // which folders and settings, so a report of odd behaviour can start from it.
  const info = (message: string): void => connection.console.info(`nginx-language-server: ${message}`);

  const service = new LanguageService({
    log,
    publish: (uri, version, diagnostics) =>
      void connection.sendDiagnostics({
        uri,
        ...(version !== undefined ? { version } : {}),
        diagnostics: diagnostics as LspDiagnostic[],
      }),
  });

  /** Runs a handler; a bug in it is logged and answered with `fallback`, never with a dead server. */
  function guard<T>(name: string, fallback: T, run: () => T): T {
    try {
      return run();
    } catch (error) {
      log(`${name} failed: ${describeError(error)}`);
      return fallback;
    }
  }

  /** The protocol's answer to a request before `initialize`, or undefined once initialized. */
  function notInitialized(): ResponseError<void> | undefined {
    return initialized
      ? undefined
      : new ResponseError(ErrorCodes.ServerNotInitialized, "the server has not been initialized yet");
  }

  // A stray exception in a timer must not end the process either: the editor would lose every feature.
  process.on("uncaughtException", (error) => log(`uncaught: ${describeError(error)}`));

  // --- settings -----------------------------------------------------------------------------------

  async function loadSettings(pushed: unknown): Promise<void> {
    let raw = pushed;
    if (support.configuration) {
      try {
        raw = await connection.workspace.getConfiguration({ section: "nginx" });
      } catch (error) {
        log(`workspace/configuration failed: ${describeError(error)}`);
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
    service.configure(settings);
  }

  // --- lifecycle ----------------------------------------------------------------------------------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    support = supportOf(params);
    const given =
      params.workspaceFolders?.map((f) => f.uri) ??
      (params.rootUri ? [params.rootUri] : params.rootPath ? [params.rootPath] : []);
    // Only a client that says the workspace is trusted (the VS Code extension) lets `auto` run nginx.
    const trusted =
      (params.initializationOptions as { trustedWorkspace?: unknown } | null | undefined)
        ?.trustedWorkspace === true;
    service.initialize(given.flatMap(folderPath), trusted);
    initialized = true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["$"], resolveProvider: false },
        codeActionProvider: { codeActionKinds: Object.values(ACTION_KINDS) },
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
          service.setFolders([
            ...service.workspaceFolders.filter((f) => !removed.has(f)),
            ...event.added.flatMap((f) => folderPath(f.uri)),
          ]);
        }),
      );
    }
    loadSettings(undefined)
      .catch((error: unknown) => log(`reading settings failed: ${describeError(error)}`))
      .finally(() => {
        const folders = service.workspaceFolders;
        info(
          `${VERSION} started (Node ${process.version}, ${process.platform}); ` +
            `workspace folders: ${folders.length > 0 ? folders.join(", ") : "none"}; ${settingsSummary(service.settings)}`,
        );
        service.settingsLoaded();
      });
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as { nginx?: unknown } | null | undefined)?.nginx;
    loadSettings(pushed)
      .then(() => {
        info(`settings changed; ${settingsSummary(service.settings)}`);
        service.revalidateAll();
      })
      .catch((error: unknown) => log(`reading settings failed: ${describeError(error)}`));
  });

  connection.onDidChangeWatchedFiles(() => guard("watched files", undefined, () => service.filesChanged()));

  // TextDocuments applies the incremental changes and reports an opened document as a change too.
  documents.onDidChangeContent(({ document }) =>
    guard("change", undefined, () => service.change(document.uri, document.getText(), document.version)),
  );
  documents.onDidClose(({ document }) => guard("close", undefined, () => service.close(document.uri)));

  connection.onShutdown(() => {
    const refused = notInitialized();
    if (refused) return refused;
    service.shutdown();
    return undefined;
  });
  // Requests no handler takes: refused before `initialize` like every other, unknown after it.
  connection.onRequest(
    (method) =>
      notInitialized() ?? new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`),
  );

  // --- features: one adapter each -----------------------------------------------------------------

  connection.onHover(
    (params): Hover | null | ResponseError<void> =>
      notInitialized() ??
      guard("hover", null, () => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return null;
        const hover = service.hover(document.uri, document.offsetAt(params.position));
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
        const document = documents.get(params.textDocument.uri);
        if (!document) return [];
        return service
          .completion(document.uri, document.offsetAt(params.position))
          .map((entry): CompletionItem => {
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
          });
      }),
  );

  connection.onCodeAction(
    (params): CodeAction[] | ResponseError<void> =>
      notInitialized() ??
      guard("code action", [], () => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return [];
        const only = params.context.only;
        const kinds = new Set(
          (Object.keys(ACTION_KINDS) as ActionKind[]).filter((kind) =>
            // Without `only`, every kind but fix-all, which a client asks for by name.
            only ? only.some((k) => kindContains(k, ACTION_KINDS[kind])) : kind !== "fix-all",
          ),
        );
        return service
          .codeActions(document.uri, {
            offset: document.offsetAt(params.range.start),
            diagnostics: params.context.diagnostics,
            kinds,
          })
          .map(toCodeAction);
      }),
  );

  connection.onDocumentSymbol(
    (params): DocumentSymbol[] | SymbolInformation[] | ResponseError<void> =>
      notInitialized() ??
      guard("document symbols", [], () => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return [];
        const symbols = service.documentSymbols(document.uri).map((s) => toDocumentSymbol(s, document));
        return support.hierarchicalSymbols ? symbols : flatten(symbols, document.uri);
      }),
  );

  connection.onFoldingRanges(
    (params): FoldingRange[] | ResponseError<void> =>
      notInitialized() ??
      guard("folding ranges", [], () =>
        service.foldingRanges(params.textDocument.uri).map((fold) => ({
          startLine: fold.startLine,
          endLine: fold.endLine,
          ...(fold.kind === "comment" ? { kind: FoldingRangeKind.Comment } : {}),
        })),
      ),
  );

  connection.onDefinition(
    (params): Location[] | ResponseError<void> =>
      notInitialized() ??
      guard("definition", [], () => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return [];
        return service.definition(document.uri, document.offsetAt(params.position));
      }),
  );

  documents.listen(connection);
  if (process.env.NGINX_LSP_TEST_HOOKS === "1") addMeasurementHooks(connection);
  connection.listen();
}

/**
 * Measurement hooks for the load test (NGINX_LSP_TEST_HOOKS=1): the server's own memory, and a full
 * garbage collection so "memory after close" measures what is retained, not what is not yet collected.
 */
function addMeasurementHooks(connection: Connection): void {
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
