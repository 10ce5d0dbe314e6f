// A small LSP client for the tests: starts the built server (dist/server.js) over stdio, exactly as an
// editor does, with vscode-jsonrpc's stream connection and the protocol types (vscode-languageclient
// needs VS Code itself).
// It declares the capabilities VS Code declares, answers the server's requests (workspace/configuration,
// client/registerCapability), and records every publishDiagnostics so tests can wait on events.

import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
// The protocol package re-exports the vscode-jsonrpc it was built with (8.2.0, while the top-level
// vscode-jsonrpc is 8.2.1): the protocol's message types only work with that copy's connection.
import * as P from "vscode-languageserver-protocol/node";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-languageserver-protocol/node";
import { LineIndex } from "../../server/src/parser/lines";
import { cursor as cursorOffset } from "../support/cursor";

export const ROOT = path.resolve(__dirname, "../../..");
export const SERVER = path.join(ROOT, "dist", "server.js");

/** The capabilities VS Code 1.100 declares, as far as this server looks at them. */
export const VSCODE_CAPABILITIES: P.ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true, willSave: true },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: true,
      codeDescriptionSupport: true,
      dataSupport: true,
      tagSupport: { valueSet: [1, 2] },
    },
    hover: { contentFormat: [P.MarkupKind.Markdown, P.MarkupKind.PlainText] },
    completion: {
      completionItem: {
        snippetSupport: true,
        documentationFormat: [P.MarkupKind.Markdown, P.MarkupKind.PlainText],
        insertReplaceSupport: true,
      },
      contextSupport: true,
    },
    codeAction: {
      codeActionLiteralSupport: {
        codeActionKind: {
          valueSet: ["", "quickfix", "refactor", "source", "source.organizeImports", "source.fixAll"],
        },
      },
      isPreferredSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ["edit"] },
    },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    foldingRange: { lineFoldingOnly: true },
    definition: { linkSupport: true },
  },
  window: { workDoneProgress: true, showMessage: {} },
  general: { positionEncodings: ["utf-16"] },
};

/** The text with the cursor marker `⟨|⟩` removed, and the marker's position. */
export function cursor(marked: string): { text: string; position: P.Position } {
  const { text, offset } = cursorOffset(marked);
  return { text, position: new LineIndex(text).positionAt(offset) };
}

/** The position of the first `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): P.Position {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in the text`);
  const lines = text.slice(0, at).split("\n");
  return { line: lines.length - 1, character: (lines[lines.length - 1] as string).length + delta };
}

/** A temporary workspace folder with the given files (relative path -> text). */
export function makeWorkspace(files: Record<string, string>): { dir: string; uri(relative: string): string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "nginx-lsp-test-")));
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return { dir, uri: (relative: string) => pathToFileURL(path.join(dir, relative)).href };
}

export interface StartOptions {
  readonly folders?: readonly string[];
  /** The `nginx` section the client answers workspace/configuration with. */
  readonly settings?: unknown;
  readonly capabilities?: P.ClientCapabilities;
  /** The server's working directory (by default the tests'). */
  readonly cwd?: string;
  /** The server to start (by default dist/server.js). */
  readonly server?: string;
}

/** A running server with a client connection to it. */
export class TestClient {
  /** Every publishDiagnostics, in arrival order. */
  readonly published: P.PublishDiagnosticsParams[] = [];
  /** Every window/logMessage and showMessage text. */
  readonly messages: string[] = [];
  settings: unknown;
  /** What the server said it can do, in its answer to initialize. */
  serverCapabilities: P.ServerCapabilities = {};
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    settings: unknown,
  ) {
    this.settings = settings;
  }

  /** Starts dist/server.js, initializes it and waits until it has asked for its settings. */
  static async start(options: StartOptions = {}): Promise<TestClient> {
    const server = options.server ?? SERVER;
    if (!fs.existsSync(server)) throw new Error(`${server} is missing; run \`npm run build\` first`);
    const child = spawn(process.execPath, [server, "--stdio"], {
      stdio: ["pipe", "pipe", "pipe"],
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout as NodeJS.ReadableStream),
      new StreamMessageWriter(child.stdin as NodeJS.WritableStream),
    );
    const client = new TestClient(child, connection, options.settings);
    child.stderr?.on("data", (chunk: Buffer) => client.messages.push(`stderr: ${chunk.toString()}`));
    let configured: () => void = () => undefined;
    const askedForSettings = new Promise<void>((resolve) => (configured = resolve));
    connection.onNotification(P.PublishDiagnosticsNotification.type, (params) => {
      client.published.push(params);
      for (const listener of [...client.listeners]) listener();
    });
    connection.onNotification(P.LogMessageNotification.type, (params) => {
      client.messages.push(params.message);
      for (const listener of [...client.listeners]) listener();
    });
    connection.onNotification(P.ShowMessageNotification.type, (params) => {
      client.messages.push(params.message);
      for (const listener of [...client.listeners]) listener();
    });
    connection.onRequest(P.ConfigurationRequest.type, (params) => {
      configured();
      return params.items.map((item) => (item.section === "nginx" ? (client.settings ?? null) : null));
    });
    connection.onRequest(P.RegistrationRequest.type, () => null);
    connection.onRequest(P.UnregistrationRequest.type, () => null);
    connection.onRequest(P.WorkDoneProgressCreateRequest.type, () => null);
    connection.listen();
    const folders = options.folders ?? [];
    const capabilities = options.capabilities ?? VSCODE_CAPABILITIES;
    const initialized = await connection.sendRequest(P.InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders[0] ? pathToFileURL(folders[0]).href : null,
      workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })),
      capabilities,
    });
    client.serverCapabilities = initialized.capabilities;
    await connection.sendNotification(P.InitializedNotification.type, {});
    if (capabilities.workspace?.configuration) await askedForSettings;
    return client;
  }

  /** Resolves with the first publish for `uri` (from now on, or already received after `since`) that passes. */
  waitForDiagnostics(
    uri: string,
    predicate: (params: P.PublishDiagnosticsParams) => boolean = () => true,
    options: { since?: number; timeoutMs?: number } = {},
  ): Promise<P.PublishDiagnosticsParams> {
    const since = options.since ?? this.published.length;
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      let checked = since;
      const check = (): boolean => {
        for (; checked < this.published.length; checked++) {
          const params = this.published[checked] as P.PublishDiagnosticsParams;
          if (params.uri === uri && predicate(params)) {
            done();
            resolve(params);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        const seen = this.published
          .slice(since)
          .filter((p) => p.uri === uri)
          .map((p) => `v${p.version}: [${p.diagnostics.map((d) => d.code).join(", ")}]`);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for diagnostics of ${uri}; seen ${seen.join("; ")}`,
          ),
        );
      }, timeoutMs);
      const listener = (): void => void check();
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      check();
    });
  }

  /** Resolves with the first window/logMessage or showMessage text, received so far or later, that passes. */
  waitForMessage(predicate: (message: string) => boolean, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.messages.find(predicate);
        if (found === undefined) return;
        done();
        resolve(found);
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for a message; seen ${this.messages.join(" | ")}`,
          ),
        );
      }, timeoutMs);
      const listener = (): void => check();
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      check();
    });
  }

  /** Opens a document and returns the index of the next publish (to wait from). */
  async open(uri: string, text: string, version = 1): Promise<number> {
    const mark = this.published.length;
    await this.connection.sendNotification(P.DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "nginx", version, text },
    });
    return mark;
  }

  /** Replaces a document's whole text (a full-content change, which incremental sync also allows). */
  async change(uri: string, text: string, version: number): Promise<number> {
    const mark = this.published.length;
    await this.connection.sendNotification(P.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return mark;
  }

  /**
   * Sends full-text changes in one write to the server's input, so they arrive together: what an
   * editor's burst of changes looks like when the server is busy. Returns the index of the next publish.
   */
  changeTogether(uri: string, changes: readonly { text: string; version: number }[]): Promise<number> {
    const mark = this.published.length;
    const frames = changes.map(({ text, version }) => {
      const body = JSON.stringify({
        jsonrpc: "2.0",
        method: P.DidChangeTextDocumentNotification.method,
        params: { textDocument: { uri, version }, contentChanges: [{ text }] },
      });
      return `Content-Length: ${Buffer.byteLength(body, "utf8")}\r\n\r\n${body}`;
    });
    return new Promise((resolve, reject) =>
      this.process.stdin?.write(frames.join(""), (error) => (error ? reject(error) : resolve(mark))),
    );
  }

  /** Sends edits as an editor does after applying them (incremental changes, last first). */
  async edit(uri: string, edits: readonly P.TextEdit[], version: number): Promise<number> {
    const mark = this.published.length;
    const sorted = [...edits].sort(
      (a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
    );
    await this.connection.sendNotification(P.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: sorted.map((e) => ({ range: e.range, text: e.newText })),
    });
    return mark;
  }

  async close(uri: string): Promise<number> {
    const mark = this.published.length;
    await this.connection.sendNotification(P.DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
    return mark;
  }

  hover(uri: string, position: P.Position): Promise<P.Hover | null> {
    return this.connection.sendRequest(P.HoverRequest.type, { textDocument: { uri }, position });
  }

  async completion(uri: string, position: P.Position): Promise<P.CompletionItem[]> {
    const result = await this.connection.sendRequest(P.CompletionRequest.type, {
      textDocument: { uri },
      position,
    });
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  async codeActions(
    uri: string,
    range: P.Range,
    diagnostics: P.Diagnostic[],
    only?: string[],
  ): Promise<P.CodeAction[]> {
    const result = await this.connection.sendRequest(P.CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
    return (result ?? []).filter(
      (a): a is P.CodeAction => "title" in a && !("command" in a && typeof a.command === "string"),
    );
  }

  async symbols(uri: string): Promise<P.DocumentSymbol[]> {
    const result = await this.connection.sendRequest(P.DocumentSymbolRequest.type, { textDocument: { uri } });
    return (result ?? []) as P.DocumentSymbol[];
  }

  async folding(uri: string): Promise<P.FoldingRange[]> {
    return (await this.connection.sendRequest(P.FoldingRangeRequest.type, { textDocument: { uri } })) ?? [];
  }

  async definition(uri: string, position: P.Position): Promise<P.Location[]> {
    const result = await this.connection.sendRequest(P.DefinitionRequest.type, {
      textDocument: { uri },
      position,
    });
    if (!result) return [];
    return (Array.isArray(result) ? result : [result]).map((l) =>
      "targetUri" in l ? { uri: l.targetUri, range: l.targetSelectionRange } : l,
    );
  }

  /** True while the server process runs. */
  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** shutdown + exit, as an editor ends a session; resolves with the exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (!this.alive) resolve(this.process.exitCode);
      else this.process.once("exit", (code) => resolve(code));
    });
    try {
      await this.connection.sendRequest(P.ShutdownRequest.type);
      await this.connection.sendNotification(P.ExitNotification.type);
    } catch {
      // A dead server cannot shut down; the exit code tells.
    }
    const timer = setTimeout(() => this.process.kill("SIGKILL"), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

/** Applies LSP edits to a text, as an editor does (edits are in the original text's coordinates). */
export function applyTextEdits(text: string, edits: readonly P.TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const offset = (p: P.Position): number =>
    Math.min((lineStarts[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted)
    out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

/** The markdown of a hover, whatever shape its contents take. */
export function hoverText(hover: P.Hover | null): string {
  if (!hover) return "";
  const contents = hover.contents;
  const parts = Array.isArray(contents) ? contents : [contents];
  return parts.map((c) => (typeof c === "string" ? c : c.value)).join("\n");
}
