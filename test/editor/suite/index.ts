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
// `[editor-suite] PASS|FAIL <name>[: reason]` that test/editor/editor.test.ts reads back, and `run()`
// throws at the end when any failed (VS Code turns that into exit code 1).
//
// Every feature is tested through the commands VS Code's own UI uses (vscode.executeHoverProvider,
// executeCodeActionProvider, ...): the VS Code API cannot see the server's capabilities, so an empty
// answer is a failure here, not a skip. Waiting is always on events, never on sleeps.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

/** The marker every line of this suite starts with, so launchers can pick them out of the host's log. */
export const LOG_PREFIX = "[editor-suite]";

const EXTENSION_ID = "nginx-websocket-lsp.nginx-websocket-lsp";
const DIAGNOSTIC_TIMEOUT_MS = 20_000;

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

/** The websocket-missing diagnostic of the /ws/ location (the one the fixture is about). */
function wsWarning(
  document: vscode.TextDocument,
  diagnostics: readonly vscode.Diagnostic[],
): vscode.Diagnostic | undefined {
  const line = rangeOf(document, "location /ws/").start.line;
  return diagnostics.find((d) => codeOf(d) === "websocket-missing" && d.range.start.line === line);
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
 * Resolves with the visible ranges of `editor` as soon as `predicate` holds for them: at once if it
 * already does, otherwise on the `onDidChangeTextEditorVisibleRanges` event that makes it hold.
 */
function waitForVisibleRanges(
  editor: vscode.TextEditor,
  predicate: (ranges: readonly vscode.Range[]) => boolean,
  timeoutMs = 10_000,
): Promise<readonly vscode.Range[]> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!predicate(editor.visibleRanges)) return;
      cleanup();
      resolve(editor.visibleRanges);
    };
    const subscription = vscode.window.onDidChangeTextEditorVisibleRanges((event) => {
      if (event.textEditor === editor) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const seen = editor.visibleRanges.map((r) => `${r.start.line + 1}-${r.end.line + 1}`).join(", ");
      reject(new Error(`timed out after ${timeoutMs} ms waiting for the visible lines; seen: [${seen}]`));
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

/**
 * When the launcher asked for a screenshot of `scene` (run-code-server.mjs --screenshot or
 * --screenshot-highlighting), says so in the log and waits until the launcher has written `signalFile`:
 * the screen must not change while it is taken.
 */
async function handOverForScreenshot(
  scene: "websocket-quickfix" | "highlighting",
  signalFile: string,
  timeoutMs = 60_000,
): Promise<void> {
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
    log(`screenshot-ready ${scene}`);
    // The launcher may have been quick: the watcher only sees changes after it started.
    if (fs.existsSync(signalFile)) done();
  });
}

// --- tests --------------------------------------------------------------------------------------------

const APP = "sites-available/app.conf";
const CLEAN = "sites-available/static.conf";
const HIGHLIGHTING = "highlighting.conf";

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
  assert.ok(websocket.length > 0, "no websocket-missing diagnostic");
  const wsLocation = rangeOf(editor.document, "location /ws/");
  assert.ok(
    websocket.some((d) => d.range.start.line >= wsLocation.start.line),
    "websocket-missing is not reported in the /ws/ location",
  );
});

const screenshotSignal = process.env.NGINX_EDITOR_SCREENSHOT_SIGNAL;
if (screenshotSignal) {
  test("the WebSocket warning and its quick-fix menu are staged for the screenshot", async () => {
    const editor = await openFixture(APP);
    const document = editor.document;
    const diagnostics = await waitForDiagnostics(document.uri, (ds) => wsWarning(document, ds) !== undefined);
    const warning = wsWarning(document, diagnostics);
    assert.ok(warning);
    await vscode.commands.executeCommand("workbench.actions.view.problems");
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand("workbench.action.focusActiveEditorGroup");
    // The cursor on the `location /ws/` line, inside the warning's range: where the lightbulb appears.
    const cursor = warning.range.start.translate(0, "location /w".length);
    editor.selection = new vscode.Selection(cursor, cursor);
    editor.revealRange(warning.range, vscode.TextEditorRevealType.InCenter);
    // The menu lists what the server answers; the same question first proves there is an answer.
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        "vscode.executeCodeActionProvider",
        document.uri,
        warning.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    assert.ok(actions.length > 0, "no quick fix for the WebSocket warning");
    await vscode.commands.executeCommand("editor.action.quickFix");
    await handOverForScreenshot("websocket-quickfix", screenshotSignal);
    await vscode.commands.executeCommand("hideCodeActionWidget").then(undefined, () => undefined);
  });
}

test("the quick fix for proxy_passs changes it to proxy_pass", async () => {
  const editor = await openFixture(APP);
  const uri = editor.document.uri;
  const diagnostics = await waitForDiagnostics(uri, hasCode("unknown-directive"));
  const diagnostic = diagnostics.find((d) => codeOf(d) === "unknown-directive");
  assert.ok(diagnostic);
  // The server builds a diagnostic's fixes when a code action asks for them: only its code actions
  // bring them to the editor.
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
  assert.ok(fixes.length > 0, "the server returned no code actions");
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
  const text = hoverText(hovers);
  assert.match(text, /\*\*proxy_pass\*\*/);
  assert.match(text, /proxy_pass URL;/, "the syntax line");
  assert.match(text, /https:\/\/nginx\.org\/en\/docs\/http\/ngx_http_proxy_module\.html#proxy_pass/);
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
  const labels = items.map((item) => (typeof item.label === "string" ? item.label : item.label.label));
  assert.ok(labels.includes("proxy_pass"), `proxy_pass not among ${labels.slice(0, 20).join(", ")}`);
  assert.ok(!labels.includes("worker_processes"), "worker_processes is not allowed in a location");
  const proxyPass = items.find((item) => item.label === "proxy_pass");
  assert.equal(proxyPass?.kind, vscode.CompletionItemKind.Keyword);
  assert.ok(proxyPass?.insertText instanceof vscode.SnippetString, "proxy_pass inserts a snippet");
  assert.equal(proxyPass.insertText.value, "proxy_pass ${1:URL};");
});

test("the WebSocket quick fix adds the upgrade headers and the warning goes away", async () => {
  const editor = await openFixture(APP);
  const document = editor.document;
  const diagnostics = await waitForDiagnostics(document.uri, (ds) => wsWarning(document, ds) !== undefined);
  const warning = wsWarning(document, diagnostics);
  assert.ok(warning);
  assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      document.uri,
      warning.range,
      vscode.CodeActionKind.QuickFix.value,
    )) ?? [];
  // The command's answer does not carry the actions' diagnostics; the range holds only this warning.
  const fix = actions.find((a) => a.isPreferred);
  assert.ok(fix?.edit, `no preferred WebSocket fix among: ${actions.map((a) => a.title).join(", ")}`);
  assert.match(fix.title, /WebSocket/);
  try {
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, "applyEdit refused the fix");
    const ws = document.getText().slice(document.getText().indexOf("location /ws/"));
    assert.match(ws, /proxy_http_version 1\.1;/);
    assert.match(ws, /proxy_set_header Upgrade \$http_upgrade;/);
    // The server re-validates the edited buffer: the warning of /ws/ must go, whatever else stays.
    await waitForDiagnostics(document.uri, (ds) => wsWarning(document, ds) === undefined);
  } finally {
    await revert(editor);
  }
});

test("the WebSocket quick fixes are offered with the cursor on the proxy_pass inside the location", async () => {
  const editor = await openFixture(APP);
  const document = editor.document;
  const diagnostics = await waitForDiagnostics(document.uri, (ds) => wsWarning(document, ds) !== undefined);
  const warning = wsWarning(document, diagnostics);
  assert.ok(warning);
  const quickFixes = async (range: vscode.Range): Promise<string[]> =>
    (
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        "vscode.executeCodeActionProvider",
        document.uri,
        range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? []
    )
      .filter((a) => !a.title.startsWith("Disable"))
      .map((a) => `${a.title}${a.isPreferred ? " (preferred)" : ""}`);
  const onHeader = await quickFixes(warning.range);
  assert.ok(
    onHeader.some((t) => t.endsWith("(preferred)")),
    onHeader.join(", "),
  );
  // The proxy_pass line of /ws/ holds no diagnostic of its own: what VS Code shows there comes from
  // the location's finding.
  const pass = rangeOf(document, "proxy_pass", document.offsetAt(warning.range.start));
  const inside = new vscode.Range(pass.start, pass.start);
  assert.deepEqual(await quickFixes(inside), onHeader);
});

test("fix all WebSocket findings is offered as source.fixAll.nginx", async () => {
  const editor = await openFixture(APP);
  const document = editor.document;
  await waitForDiagnostics(document.uri, (ds) => wsWarning(document, ds) !== undefined);
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      document.uri,
      whole,
      "source.fixAll.nginx",
    )) ?? [];
  const fixAll = actions.find((a) => a.title === "Fix all WebSocket findings in this file");
  assert.ok(fixAll?.edit, `no fix-all among: ${actions.map((a) => a.title).join(", ")}`);
  assert.equal(fixAll.kind?.value, "source.fixAll.nginx");
  assert.ok(fixAll.edit.get(document.uri).length > 0, "the fix-all edits this document");
});

test("hover on a location shows the headers nginx sends from it", async () => {
  const editor = await openFixture(APP);
  const position = rangeOf(editor.document, "location /").start.translate(0, 2);
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      editor.document.uri,
      position,
    )) ?? [];
  const text = hoverText(hovers);
  assert.match(text, /Headers nginx sends to the upstream from `location \/`/);
  assert.match(text, /\| Host \| `\$host` \|/);
});

test("go to definition in an untitled document reaches the upstream and the map", async () => {
  // An unsaved buffer is served as well as a file (documentSelector has the untitled scheme).
  const document = await vscode.workspace.openTextDocument({
    language: "nginx",
    content: [
      "map $http_upgrade $connection_upgrade {",
      "    default upgrade;",
      "    '' close;",
      "}",
      "upstream chat {",
      "    server 127.0.0.1:3000;",
      "}",
      "server {",
      "    location /ws/ {",
      "        proxy_pass http://chat;",
      "        proxy_set_header Connection $connection_upgrade;",
      "    }",
      "}",
      "",
    ].join("\n"),
  });
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  try {
    const definition = async (needle: string): Promise<number[]> => {
      const position = rangeOf(document, needle).start.translate(0, 2);
      const found =
        (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          "vscode.executeDefinitionProvider",
          document.uri,
          position,
        )) ?? [];
      return found.map((l) => ("targetRange" in l ? l.targetRange : l.range).start.line);
    };
    assert.deepEqual(await definition("chat;"), [4]);
    assert.deepEqual(await definition("$connection_upgrade;"), [0]);
  } finally {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  }
});

test("each location has a code lens with a URL that reaches it, which nginx.testUrl routes there", async () => {
  const editor = await openFixture(APP);
  const lenses =
    (await vscode.commands.executeCommand<vscode.CodeLens[]>(
      "vscode.executeCodeLensProvider",
      editor.document.uri,
    )) ?? [];
  const ws = lenses.find((l) => l.range.start.line === rangeOf(editor.document, "location /ws/").start.line);
  assert.ok(ws?.command, `no code lens on location /ws/ (${lenses.length} lenses)`);
  assert.equal(ws.command.title, "GET http://app.example.com/ws/");
  assert.equal(ws.command.command, "nginx.testUrl");
  // The lens's own command, as clicking it runs it: the trace ends in the location it sits on.
  const trace = await vscode.commands.executeCommand<{
    summary: string;
    location?: { uri: string; range: { start: { line: number } } };
  }>(ws.command.command, ...(ws.command.arguments ?? []));
  assert.ok(trace, "nginx.testUrl returned nothing");
  assert.equal(trace.summary, "proxy_pass in location /ws/");
  assert.equal(trace.location?.uri, editor.document.uri.toString());
  assert.equal(trace.location?.range.start.line, ws.range.start.line);
  await vscode.commands.executeCommand("workbench.action.closeQuickOpen");
});

test("the outline lists the upstream, the server and its locations", async () => {
  const editor = await openFixture(APP);
  const symbols =
    (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      "vscode.executeDocumentSymbolProvider",
      editor.document.uri,
    )) ?? [];
  assert.deepEqual(
    symbols.map((s) => s.name),
    ["upstream app_backend", "server app.example.com"],
  );
  assert.deepEqual(
    symbols[1]?.children.map((s) => s.name),
    ["location /", "location /ws/"],
  );
});

// Last, so that no test above sees its editor layout: the sample config alone in the editor, top to
// bottom on screen, for docs/images/highlighting.png.
const highlightingSignal = process.env.NGINX_EDITOR_HIGHLIGHTING_SIGNAL;
if (highlightingSignal) {
  test("the highlighting sample is staged for the screenshot", async () => {
    // Closing a dirty editor would ask whether to save, a dialog nobody answers.
    const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.path);
    assert.deepEqual(dirty, [], "unsaved documents left by the tests above");
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    // A *.conf at the workspace's top matches none of the extension's filenamePatterns.
    let document = await vscode.workspace.openTextDocument(fixture(HIGHLIGHTING));
    if (document.languageId !== "nginx") {
      document = await vscode.languages.setTextDocumentLanguage(document, "nginx");
    }
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    // One publish holds all the file's diagnostics; the sample is valid nginx except for the OpenResty
    // directive (the only squiggle in the picture), so anything else is a finding to fix in the sample.
    const diagnostics = await waitForDiagnostics(document.uri, hasCode("unknown-directive"));
    assert.deepEqual(
      diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}`),
      [`unknown-directive@${rangeOf(document, "content_by_lua_block").start.line + 1}`],
    );
    await vscode.commands.executeCommand("workbench.action.closePanel");
    await vscode.commands.executeCommand("notifications.clearAll");
    await vscode.commands.executeCommand("workbench.action.focusActiveEditorGroup");
    // The cursor on the first empty line: on a word, the editor would box all its occurrences.
    let empty = 0;
    while (empty < document.lineCount - 1 && !document.lineAt(empty).isEmptyOrWhitespace) empty++;
    const cursor = new vscode.Position(empty, 0);
    editor.selection = new vscode.Selection(cursor, cursor);
    const top = new vscode.Position(0, 0);
    editor.revealRange(new vscode.Range(top, top), vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand("editor.action.hideHover");
    // The whole file on screen, from line 1 to the last line that is not empty.
    let last = document.lineCount - 1;
    while (last > 0 && document.lineAt(last).isEmptyOrWhitespace) last--;
    await waitForVisibleRanges(
      editor,
      (ranges) => ranges.length === 1 && ranges[0]?.start.line === 0 && (ranges[0]?.end.line ?? -1) >= last,
    );
    await handOverForScreenshot("highlighting", highlightingSignal);
  });
}

// --- runner -------------------------------------------------------------------------------------------

/** Runs every test in order and throws when any failed: the @vscode/test-electron `run()` contract. */
export async function run(): Promise<void> {
  let passed = 0;
  let failed = 0;
  log(`running ${tests.length} tests in VS Code ${vscode.version}`);
  for (const { name, fn } of tests) {
    const started = Date.now();
    try {
      await fn();
      passed++;
      log(`PASS ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`FAIL ${name}: ${detail.replace(/\n/g, "\n    ")}`);
    }
  }
  // Not "N passed, N failed" alone on a line: CI reads such lines as the closing line of a runner, and
  // the closing line belongs to node:test, which runs this suite through editor.test.ts.
  log(`done: ${passed} pass, ${failed} fail`);
  if (failed > 0) throw new Error(`${failed} of ${tests.length} editor tests failed`);
}
