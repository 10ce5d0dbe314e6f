// The VS Code extension: starts the bundled language server (dist/server.js) for nginx documents and
// passes it the `nginx.*` settings. It knows nothing of parsing; everything it shows comes from the
// server. When the server cannot start, or keeps crashing, the user is told once, with a button to the
// "nginx" output channel where the server's log is, and the server is not restarted in a loop.

import * as path from "node:path";
import { commands, window, workspace, type ExtensionContext, type OutputChannel } from "vscode";
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
  );
  await startClient(context, channel);
}

/** Stops the server with the extension. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
