// The extension's tests inside a real VS Code: the module that VS Code loads as `extensionTestsPath` and
// whose `run()` it awaits (the @vscode/test-electron contract). It runs inside the extension host, next to
// the extension under test, so `vscode` is the real API and the language server is the real dist/server.js
// started by the real client.
//
// Two launchers load it: test/editor/run-code-server.mjs (code-server + headless Chromium, offline, CI)
// and test/editor/electron.mjs (`npm run test:electron`, downloads VS Code, needs a network). Both open
// test/editor/workspace/ as the folder.
//
// No mocha in this project, so a tiny runner: tests run one after another, each logs one line
// `[editor-suite] PASS|SKIP|FAIL <name>[: reason]` that test/editor/editor.test.ts reads back, and `run()`
// throws at the end when any failed (VS Code turns that into exit code 1).
//
// Features the server does not have yet (code actions, hover, completion, the WebSocket rule) are tested
// already, and skip with a reason while the server offers nothing: the VS Code API cannot see the
// server's capabilities, so "the command returned nothing" is the signal.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

/** The marker every line of this suite starts with, so launchers can pick them out of the host's log. */
export const LOG_PREFIX = "[editor-suite]";

const EXTENSION_ID = "nginx-websocket-lsp.nginx-websocket-lsp";
const DIAGNOSTIC_TIMEOUT_MS = 20_000;

/** Thrown by `skip()`; the runner reports the test as skipped with the message as reason. */
class Skip extends Error {}

/** Ends the current test as skipped, with a reason that says what is missing. */
function skip(reason: string): never {
  throw new Skip(reason);
}

interface Test {
  name: string;
  fn: () => Promise<void>;
}

const tests: Test[] = [];

function test(name: string, fn: () => Promise<void>): void {
  // editor.test.ts splits "SKIP name: reason" at the first ": ", so a name must not contain one.
  if (name.includes(": ")) throw new Error(`test name must not contain ": " (${name})`);
  tests.push({ name, fn });
}

function log(line: string): void {
  console.log(`${LOG_PREFIX} ${line}`);
}

// --- helpers ------------------------------------------------------------------------------------------

function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "VS Code was started without a workspace folder (expected test/editor/workspace)");
  return folder.uri;
}

function fixture(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), relative);
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return String(typeof code === "object" ? code.value : code);
}

/**
 * Resolves with the diagnostics of `uri` as soon as `predicate` holds for them: at once if it already
 * does, otherwise on the `onDidChangeDiagnostics` event that makes it hold. Rejects after `timeoutMs`
 * with the diagnostics last seen, so a failure says what the server did publish.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = DIAGNOSTIC_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!predicate(diagnostics)) return false;
      cleanup();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line}`);
      reject(
        new Error(`timed out after ${timeoutMs} ms waiting for diagnostics of ${uri.path}; seen: [${seen}]`),
      );
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

/**
 * Resolves on the next diagnostics change for `uri`, whatever it is; for proving that the server did
 * publish (possibly an empty list) for a document. Subscribe before the action that triggers it.
 */
function nextDiagnostics(uri: vscode.Uri, timeoutMs = DIAGNOSTIC_TIMEOUT_MS): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString())) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(vscode.languages.getDiagnostics(uri));
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no diagnostics were published for ${uri.path} within ${timeoutMs} ms`));
    }, timeoutMs);
  });
}

/** The range of the first occurrence of `needle` in the document (fails when it is not there). */
function rangeOf(document: vscode.TextDocument, needle: string, from = 0): vscode.Range {
  const offset = document.getText().indexOf(needle, from);
  assert.notEqual(offset, -1, `"${needle}" not found in ${document.uri.path}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + needle.length));
}

function hasCode(code: string): (diagnostics: readonly vscode.Diagnostic[]) => boolean {
  return (diagnostics) => diagnostics.some((d) => codeOf(d) === code);
}

async function openFixture(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixture(relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Throws away unsaved edits of the active editor, so later tests (and the disk) see the fixture as is. */
async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { preview: false });
  await vscode.commands.executeCommand("workbench.action.files.revert");
  assert.equal(editor.document.isDirty, false, "revert left the fixture dirty");
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === "string" ? content : content.value))
    .join("\n");
}

/**
 * When the launcher asked for a screenshot (run-code-server.mjs --screenshot), says so in the log and
 * waits until the launcher has written `signalFile`: the screen must not change while it is taken.
 */
async function handOverForScreenshot(signalFile: string, timeoutMs = 60_000): Promise<void> {
  const directory = path.dirname(signalFile);
  await new Promise<void>((resolve, reject) => {
    const watcher = fs.watch(directory, () => {
      if (fs.existsSync(signalFile)) done();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`the launcher did not confirm the screenshot within ${timeoutMs} ms`));
    }, timeoutMs);
    function done(): void {
      clearTimeout(timer);
      watcher.close();
      resolve();
    }
    log("screenshot-ready");
    // The launcher may have been quick: the watcher only sees changes after it started.
    if (fs.existsSync(signalFile)) done();
  });
}

// --- tests --------------------------------------------------------------------------------------------

const APP = "sites-available/app.conf";
const CLEAN = "sites-available/static.conf";

test("the fixture opens as an nginx document and activates the extension", async () => {
  const editor = await openFixture(APP);
  assert.equal(editor.document.languageId, "nginx");
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repo?)`);
  // Activation is by language (onLanguage:nginx, implied by contributes.languages); activate() is a no-op
  // when that already happened and otherwise waits for it.
  await extension.activate();
  assert.equal(extension.isActive, true);
});

test("the server reports the unknown directive proxy_passs with its exact range", async () => {
  const editor = await openFixture(APP);
  const diagnostics = await waitForDiagnostics(editor.document.uri, hasCode("unknown-directive"));
  const unknown = diagnostics.filter((d) => codeOf(d) === "unknown-directive");
  assert.equal(unknown.length, 1, `one unknown-directive expected, got ${unknown.length}`);
  const [diagnostic] = unknown;
  assert.ok(diagnostic);
  assert.deepEqual(diagnostic.range, rangeOf(editor.document, "proxy_passs"));
  assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(diagnostic.source, "nginx");
  assert.match(diagnostic.message, /Unknown directive "proxy_passs"\. Did you mean "proxy_pass"\?/);
});

test("a clean file gets an empty diagnostics list", async () => {
  const uri = fixture(CLEAN);
  // Subscribe first: the publish for a clean file is an empty list, which only an event can prove.
  const published = nextDiagnostics(uri);
  const editor = await openFixture(CLEAN);
  assert.equal(editor.document.languageId, "nginx");
  assert.deepEqual(
    (await published).map((d) => `${codeOf(d)}: ${d.message}`),
    [],
  );
});

test("the /ws/ location without upgrade headers gets websocket-missing", async () => {
  const editor = await openFixture(APP);
  // All diagnostics of a document arrive in one publish, so once unknown-directive is there, a missing
  // websocket-missing means the server has no such rule yet, not that it is slow.
  const diagnostics = await waitForDiagnostics(editor.document.uri, hasCode("unknown-directive"));
  const websocket = diagnostics.filter((d) => codeOf(d) === "websocket-missing");
  if (websocket.length === 0) skip("the server has no websocket-missing rule yet");
  const wsLocation = rangeOf(editor.document, "location /ws/");
  assert.ok(
    websocket.some((d) => d.range.start.line >= wsLocation.start.line),
    "websocket-missing is not reported in the /ws/ location",
  );
});

const screenshotSignal = process.env.NGINX_EDITOR_SCREENSHOT_SIGNAL;
if (screenshotSignal) {
  test("the squiggle, its hover and the Problems panel are staged for the screenshot", async () => {
    const editor = await openFixture(APP);
    await waitForDiagnostics(editor.document.uri, hasCode("unknown-directive"));
    await vscode.commands.executeCommand("workbench.actions.view.problems");
    await vscode.window.showTextDocument(editor.document, { preview: false });
    await vscode.commands.executeCommand("workbench.action.focusActiveEditorGroup");
    const range = rangeOf(editor.document, "proxy_passs");
    editor.selection = new vscode.Selection(range.start.translate(0, 3), range.start.translate(0, 3));
    editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
    // The hover over a diagnostic shows its message (and "Quick Fix..." once the server offers fixes).
    await vscode.commands.executeCommand("editor.action.showHover");
    await handOverForScreenshot(screenshotSignal);
    await vscode.commands.executeCommand("editor.action.hideHover").then(undefined, () => undefined);
  });
}

test("the quick fix for proxy_passs changes it to proxy_pass", async () => {
  const editor = await openFixture(APP);
  const uri = editor.document.uri;
  const diagnostics = await waitForDiagnostics(uri, hasCode("unknown-directive"));
  const diagnostic = diagnostics.find((d) => codeOf(d) === "unknown-directive");
  assert.ok(diagnostic);
  // The fixes travel in the diagnostic's `data`, which the VS Code API does not expose: only the server's
  // code actions can bring them to the editor.
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      "vscode.executeCodeActionProvider",
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    )) ?? [];
  const fixes = actions.filter(
    (a): a is vscode.CodeAction & { edit: vscode.WorkspaceEdit } => "edit" in a && a.edit !== undefined,
  );
  if (fixes.length === 0) skip("the server returned no code actions (no codeActionProvider yet)");
  const fix = fixes.find((a) => a.isPreferred) ?? fixes.find((a) => a.title.includes('"proxy_pass"'));
  assert.ok(fix, `no preferred fix among: ${fixes.map((a) => a.title).join(", ")}`);
  assert.match(fix.title, /proxy_pass/);
  const line = diagnostic.range.start.line;
  try {
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, "applyEdit refused the fix");
    assert.equal(editor.document.lineAt(line).text.trim(), "proxy_pass http://app_backend;");
    await waitForDiagnostics(uri, (ds) => !hasCode("unknown-directive")(ds));
  } finally {
    await revert(editor);
  }
});

test("hover on proxy_pass explains the directive", async () => {
  const editor = await openFixture(APP);
  // Inside the name of `proxy_pass` in the /ws/ location (the other line has the typo).
  const position = rangeOf(editor.document, "proxy_pass http://127.0.0.1:3001").start.translate(0, 4);
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      editor.document.uri,
      position,
    )) ?? [];
  if (hovers.length === 0) skip("the server returned no hover (no hoverProvider yet)");
  assert.match(hoverText(hovers), /proxy_pass/);
});

test("completion at the start of a directive offers proxy_pass", async () => {
  const editor = await openFixture(APP);
  const position = rangeOf(editor.document, "proxy_set_header").start;
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    "vscode.executeCompletionItemProvider",
    editor.document.uri,
    position,
  );
  // VS Code adds word-based suggestions (kind Text) for every language; only the server's count.
  const items = (list?.items ?? []).filter((item) => item.kind !== vscode.CompletionItemKind.Text);
  if (items.length === 0) skip("the server returned no completions (no completionProvider yet)");
  const labels = items.map((item) => (typeof item.label === "string" ? item.label : item.label.label));
  assert.ok(labels.includes("proxy_pass"), `proxy_pass not among ${labels.slice(0, 20).join(", ")}`);
});

// --- runner -------------------------------------------------------------------------------------------

/** Runs every test in order and throws when any failed: the @vscode/test-electron `run()` contract. */
export async function run(): Promise<void> {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  log(`running ${tests.length} tests in VS Code ${vscode.version}`);
  for (const { name, fn } of tests) {
    const started = Date.now();
    try {
      await fn();
      passed++;
      log(`PASS ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      if (error instanceof Skip) {
        skipped++;
        log(`SKIP ${name}: ${error.message}`);
      } else {
        failed++;
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`FAIL ${name}: ${detail.replace(/\n/g, "\n    ")}`);
      }
    }
  }
  // Not "N passed, N failed" alone on a line: CI reads such lines as the closing line of a runner, and
  // the closing line belongs to node:test, which runs this suite through editor.test.ts.
  log(`done: ${passed} pass, ${failed} fail, ${skipped} skip`);
  if (failed > 0) throw new Error(`${failed} of ${tests.length} editor tests failed`);
}
