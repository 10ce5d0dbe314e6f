// The VS Code extension: starts the bundled language server (dist/server.js) for nginx documents and
// passes it the `nginx.*` settings. It knows nothing of parsing; everything it shows comes from the
// server. When the server cannot start, or keeps crashing, the user is told once, with a button to the
// "nginx" output channel where the server's log is, and the server is not restarted in a loop.

import * as path from "node:path";
import {
  commands,
  Range,
  Selection,
  TextEditorRevealType,
  Uri,
  window,
  workspace,
  type ExtensionContext,
  type OutputChannel,
  type QuickPickItem,
} from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

/** Crashes tolerated within CRASH_WINDOW_MS before the server is left stopped. */
const MAX_CRASHES = 4;
const CRASH_WINDOW_MS = 3 * 60 * 1000;
/** Files whose change on disk can change what an open nginx file includes. */
const WATCHED_FILES = "**/{*.conf,nginx.conf,*_params,mime.types,*.nginx,*.nginxconf,sites-*/*,snippets/*}";

let client: NginxLanguageClient | undefined;
let output: OutputChannel | undefined;

/** Tells the user something went wrong, once per message, with a way to the server's log. */
async function showFailure(message: string): Promise<void> {
  const choice = await window.showErrorMessage(message, "Show Output");
  if (choice === "Show Output") output?.show(true);
}

/**
 * The library's client, except that its forced error notifications (a server that cannot start) become
 * one message of ours with a "Show Output" button, shown once, instead of its generic one each time.
 */
class NginxLanguageClient extends LanguageClient {
  private reported = false;

  override error(message: string, data?: unknown, showNotification: boolean | "force" = true): void {
    if (showNotification !== "force") {
      super.error(message, data, showNotification);
      return;
    }
    super.error(message, data, false);
    if (this.reported) return;
    this.reported = true;
    void showFailure("The nginx language server could not start. The output shows why.");
  }
}

/** Whether the server has come up once: a server that dies while starting would die again. */
interface Life {
  started: boolean;
}

function clientOptions(channel: OutputChannel, life: Life): LanguageClientOptions {
  const crashes: number[] = [];
  return {
    // The server may run `nginx -V` for the `auto` build only in a workspace the user trusts.
    initializationOptions: { trustedWorkspace: workspace.isTrusted },
    documentSelector: [
      { scheme: "file", language: "nginx" },
      { scheme: "untitled", language: "nginx" },
    ],
    synchronize: {
      configurationSection: "nginx",
      fileEvents: workspace.createFileSystemWatcher(WATCHED_FILES),
    },
    outputChannel: channel,
    // A failed initialize is not retried: the same server would fail the same way.
    initializationFailedHandler: (error: unknown) => {
      channel.appendLine(`initialize failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    },
    errorHandler: {
      error: (_error, _message, count): ErrorHandlerResult => ({
        // A few garbled messages are survivable; a stream that keeps failing is not.
        action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
        handled: true,
      }),
      closed: (): CloseHandlerResult => {
        if (!life.started) {
          channel.appendLine("The nginx language server exited while starting; it is not restarted.");
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && now - (crashes[0] as number) > CRASH_WINDOW_MS) crashes.shift();
        if (crashes.length <= MAX_CRASHES) {
          channel.appendLine(
            `The nginx language server stopped unexpectedly; restarting it (${crashes.length}).`,
          );
          return { action: CloseAction.Restart, handled: true };
        }
        void showFailure(
          `The nginx language server stopped ${crashes.length} times in 3 minutes and is not restarted. ` +
            'Run "nginx: Restart Language Server" once the cause (see the output) is fixed.',
        );
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };
}

async function startClient(context: ExtensionContext, channel: OutputChannel): Promise<void> {
  const module = context.asAbsolutePath(path.join("dist", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ["--nolazy", "--inspect=6010"] } },
  };
  const life: Life = { started: false };
  client = new NginxLanguageClient(
    "nginx",
    "nginx language server",
    serverOptions,
    clientOptions(channel, life),
  );
  try {
    await client.start();
    life.started = true;
  } catch (error) {
    // Already shown to the user by NginxLanguageClient.error; the extension itself stays active.
    channel.appendLine(
      `start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}

/** A place in a document, as the server sends it. */
interface Place {
  readonly uri: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** The server's answer to `nginx/route` (see server/src/language-service/language-service.ts). */
interface RouteTrace {
  readonly method: string;
  readonly url: string;
  readonly summary: string;
  readonly steps: readonly { phase: string; text: string; at: Place | null | undefined }[];
  readonly location: Place | null | undefined;
}

/** The URL last tested, offered again next time. */
let lastUrl = "http://localhost/";

async function reveal(place: Place): Promise<void> {
  const { start, end } = place.range;
  const range = new Range(start.line, start.character, end.line, end.character);
  const editor = await window.showTextDocument(Uri.parse(place.uri), { preview: true });
  editor.selection = new Selection(range.start, range.end);
  editor.revealRange(range, TextEditorRevealType.InCenterIfOutsideViewport);
}

/**
 * "nginx: Test a URL…": routes a URL through the configuration the nginx document is judged in and
 * shows nginx's steps as a list; picking a step opens the directive that decided it. A code lens
 * passes its URL and document; from the palette, the URL is asked for. Resolves with the trace once
 * it is shown (not when the list closes), so a test can read it.
 */
async function testUrl(url?: unknown, documentUri?: unknown): Promise<RouteTrace | undefined> {
  const uri =
    typeof documentUri === "string"
      ? documentUri
      : window.activeTextEditor?.document.languageId === "nginx"
        ? window.activeTextEditor.document.uri.toString()
        : undefined;
  if (!uri) {
    void window.showWarningMessage("Open an nginx configuration file to test a URL against it.");
    return undefined;
  }
  const asked =
    typeof url === "string"
      ? url
      : await window.showInputBox({
          title: "nginx: Test a URL",
          prompt: "A URL to route through this configuration (http:// or https://, with host, port and path)",
          value: lastUrl,
        });
  if (asked === undefined || asked.trim() === "") return undefined;
  lastUrl = asked.trim();
  if (!client) {
    void window.showWarningMessage("The nginx language server is not running.");
    return undefined;
  }
  const answer = await client.sendRequest<RouteTrace | { error: string } | null>("nginx/route", {
    textDocument: { uri },
    url: lastUrl,
  });
  if (!answer) {
    void window.showWarningMessage("This document is not open in the nginx language server.");
    return undefined;
  }
  if ("error" in answer) {
    void window.showErrorMessage(answer.error);
    return undefined;
  }
  const items: (QuickPickItem & { place?: Place })[] = [
    {
      label: `$(arrow-right) ${answer.summary}`,
      description: "where the request ends",
      place: answer.location ?? undefined,
    },
    ...answer.steps.map((step) => ({
      label: step.text,
      description: step.phase,
      detail: step.at
        ? `${workspace.asRelativePath(Uri.parse(step.at.uri))}:${step.at.range.start.line + 1}`
        : undefined,
      place: step.at ?? undefined,
    })),
  ];
  const pick = window.createQuickPick<(typeof items)[number]>();
  pick.title = `${answer.method} ${answer.url}`;
  pick.placeholder = "nginx's steps for this request; pick one to open the directive that decided it";
  pick.items = items;
  pick.matchOnDescription = true;
  pick.onDidAccept(() => {
    const place = pick.selectedItems[0]?.place;
    pick.hide();
    if (place) void reveal(place);
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
  return answer;
}

/** Activates on the first nginx document: the output channel, the commands, then the server. */
export async function activate(context: ExtensionContext): Promise<void> {
  const channel = window.createOutputChannel("nginx");
  output = channel;
  context.subscriptions.push(
    channel,
    commands.registerCommand("nginx.restartServer", async () => {
      const previous = client;
      client = undefined;
      await previous?.dispose().catch(() => undefined);
      await startClient(context, channel);
    }),
    commands.registerCommand("nginx.showOutput", () => channel.show(true)),
    commands.registerCommand("nginx.testUrl", testUrl),
  );
  await startClient(context, channel);
}

/** Stops the server with the extension. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
