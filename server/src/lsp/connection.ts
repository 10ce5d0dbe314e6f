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
  DidChangeConfigurationNotification,
  ErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeLens,
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
import { describeError, LanguageService } from "../language-service/language-service";
import { DEFAULT_SETTINGS, readSettings, SettingsError, type Settings } from "../settings";
import {
  ACTION_KINDS,
  flatten,
  requestedKinds,
  supportOf,
  toCodeAction,
  toCompletionItem,
  toDocumentSymbol,
  toFoldingRange,
  toHover,
  type ClientSupport,
} from "./convert";

// Set by the bundle (esbuild.mjs) from package.json; the compiled tests' copy has none.
declare const NGINX_LINT_VERSION: string | undefined;
const VERSION = typeof NGINX_LINT_VERSION === "string" ? NGINX_LINT_VERSION : "development";

/** The client command a routing code lens runs: the VS Code extension's "nginx: Test a URL…". */
const ROUTE_COMMAND = "nginx.testUrl";

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

/** A workspace folder's path, or nothing when its URI names no local absolute path. */
function folderPath(uri: string): string[] {
  try {
    const folder = uri.startsWith("file:") ? fileURLToPath(uri) : uri;
    return path.isAbsolute(folder) ? [folder] : [];
  } catch {
    return [];
  }
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
        codeLensProvider: { resolveProvider: false },
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
        const hover = document && service.hover(document.uri, document.offsetAt(params.position));
        return document && hover ? toHover(hover, document, support) : null;
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
          .map((entry) => toCompletionItem(entry, document, support));
      }),
  );

  connection.onCodeAction(
    (params): CodeAction[] | ResponseError<void> =>
      notInitialized() ??
      guard("code action", [], () => {
        const uri = params.textDocument.uri;
        // A document that is not open still gets the quick fixes its diagnostics carry.
        const document = documents.get(uri);
        return service
          .codeActions(uri, {
            offset: document ? document.offsetAt(params.range.start) : 0,
            diagnostics: params.context.diagnostics,
            kinds: requestedKinds(params.context.only),
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
      guard("folding ranges", [], () => service.foldingRanges(params.textDocument.uri).map(toFoldingRange)),
  );

  connection.onDefinition(
    (params): Location[] | ResponseError<void> =>
      notInitialized() ??
      guard("definition", [], () => {
        const document = documents.get(params.textDocument.uri);
        return document ? service.definition(document.uri, document.offsetAt(params.position)) : [];
      }),
  );

  // The routing preview: a code lens on each server and location with a URL that reaches it (its
  // command is the VS Code extension's "nginx: Test a URL…", given that URL and the document), and
  // `nginx/route` to route any URL through the configuration a document is judged in.
  connection.onCodeLens(
    (params): CodeLens[] | ResponseError<void> =>
      notInitialized() ??
      guard("code lens", [], () => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return [];
        return service.routeLenses(document.uri).map((lens) => ({
          range: { start: document.positionAt(lens.start), end: document.positionAt(lens.end) },
          command: { title: lens.title, command: ROUTE_COMMAND, arguments: [lens.url, document.uri] },
        }));
      }),
  );

  connection.onRequest(
    "nginx/route",
    (params: { textDocument?: { uri?: unknown }; url?: unknown; method?: unknown } | undefined) =>
      notInitialized() ??
      guard("route", null, () => {
        const uri = params?.textDocument?.uri;
        const url = params?.url;
        const method = typeof params?.method === "string" && params.method !== "" ? params.method : "GET";
        if (typeof uri !== "string" || typeof url !== "string")
          return new ResponseError(ErrorCodes.InvalidParams, "nginx/route needs textDocument.uri and url");
        return service.route(uri, url, method) ?? null;
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
