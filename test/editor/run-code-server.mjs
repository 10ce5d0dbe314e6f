// Runs the extension's tests (out/test/editor/suite/index.js) inside a real VS Code, offline: code-server
// (VS Code 1.100 served to a browser, installed by scripts/setup-code-server.sh) on a free loopback port,
// and its workbench in headless Chromium driven by playwright-core. The workbench's test payload names the
// extension (this repository, whose package.json is the manifest) and the tests module, exactly what
// @vscode/test-electron passes to a desktop VS Code; the workbench reports the tests' exit code through
// `window.codeAutomationExit` and the extension host's console through `window.codeAutomationLog`.
//
//   node test/editor/run-code-server.mjs [--screenshot [FILE]] [--screenshot-highlighting [FILE]]
//                                        [--timeout SECONDS] [--verbose]
//
// --screenshot               also writes docs/images/websocket-quickfix.png (or FILE): the fixture with
//                            its squiggles, the quick-fix menu of the WebSocket warning and the Problems
//                            panel (the suite sets that scene up and waits for it).
// --screenshot-highlighting  also writes docs/images/highlighting.png (or FILE): the sample config
//                            test/editor/workspace/highlighting.conf alone on screen, syntax-highlighted,
//                            without panel or hover (the suite stages it after all the tests).
// --timeout                  watchdog for the whole run, 180 s by default.
// --verbose                  prints every workbench log line, not only the suite's.
//
// Exit code: the tests' (0 all passed or skipped, 1 a test failed), 1 on the watchdog, 2 when something
// it needs is missing. code-server and Chromium are always stopped, whatever happens.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import {
  chromiumPath,
  codeServerBinary,
  delay,
  freePort,
  launchChromium,
  startCodeServer,
  stopCodeServer,
  waitHealthy,
  writeSettings,
} from "./code-server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const timeoutIndex = args.indexOf("--timeout");
const timeoutSeconds = timeoutIndex >= 0 ? Number(args[timeoutIndex + 1]) : 180;
if (!(timeoutSeconds > 0)) {
  console.error("run-code-server: --timeout needs a number of seconds");
  process.exit(2);
}

const codeServerBin = codeServerBinary(root);
const workspace = path.join(root, "test", "editor", "workspace");
const testsModule = path.join(root, "out", "test", "editor", "suite", "index.js");
const SUITE_PREFIX = "[editor-suite]";
/** What the suite logs, followed by the scene's name, once it has staged a scene for a screenshot. */
const READY_MARKER = `${SUITE_PREFIX} screenshot-ready `;

const started = Date.now();
const seconds = (from = started) => ((Date.now() - from) / 1000).toFixed(1);
const say = (line) => console.log(`run-code-server: ${line}`);

function requireFiles() {
  const missing = [];
  for (const [file, how] of [
    ["dist/client.js", "npm run build"],
    ["dist/server.js", "npm run build"],
    ["out/test/editor/suite/index.js", "npx tsc -p ."],
  ]) {
    if (!fs.existsSync(path.join(root, file))) missing.push(`${file} (made by \`${how}\`)`);
  }
  if (!fs.existsSync(codeServerBin)) {
    missing.push(
      `${path.relative(root, codeServerBin)} (installed by \`bash scripts/setup-code-server.sh\`)`,
    );
  }
  if (!fs.existsSync(chromiumPath)) missing.push(`${chromiumPath} (apt-get install chromium)`);
  if (missing.length > 0) {
    console.error(
      `run-code-server: missing, run \`npm run build && npx tsc -p .\` first:\n  ${missing.join("\n  ")}`,
    );
    process.exit(2);
  }
}

requireFiles();

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-code-server-"));
const serverLog = path.join(temp, "code-server.log");
const signalDir = path.join(temp, "signal");

/**
 * The scenes the suite can stage, by the name it logs in `[editor-suite] screenshot-ready NAME`. A scene
 * is staged only when its flag is given: the launcher then passes the suite (in `env`) the file to write
 * once the picture is taken, and `settle` waits in the page for what the suite cannot see rendered.
 */
const SCENES = {
  "websocket-quickfix": {
    flag: "--screenshot",
    env: "NGINX_EDITOR_SCREENSHOT_SIGNAL",
    defaultFile: path.join(root, "docs", "images", "websocket-quickfix.png"),
    signalFile: path.join(signalDir, "screenshot-taken"),
    settle: settleQuickFix,
  },
  highlighting: {
    flag: "--screenshot-highlighting",
    env: "NGINX_EDITOR_HIGHLIGHTING_SIGNAL",
    defaultFile: path.join(root, "docs", "images", "highlighting.png"),
    signalFile: path.join(signalDir, "highlighting-taken"),
    settle: settleHighlighting,
  },
};
/** The scenes asked for: name -> { file, taken } (`FLAG FILE` writes elsewhere, as editor.test.ts does). */
const requested = new Map();
for (const [name, scene] of Object.entries(SCENES)) {
  const index = args.indexOf(scene.flag);
  if (index < 0) continue;
  const file = args[index + 1];
  requested.set(name, {
    file: file && !file.startsWith("--") ? path.resolve(file) : scene.defaultFile,
    taken: false,
  });
}

let codeServer;
let browser;
let finished = false;

/** Stops Chromium and the whole code-server process group (its server, extension host, language server). */
async function cleanup() {
  if (browser) await browser.close().catch(() => undefined);
  browser = undefined;
  await stopCodeServer(codeServer);
  fs.rmSync(temp, { recursive: true, force: true });
}

/** Stops everything and exits; `showLog` adds code-server's log, for failures that are not the tests'. */
async function finish(code, reason, showLog = code !== 0) {
  if (finished) return;
  finished = true;
  if (reason) say(reason);
  if (showLog && fs.existsSync(serverLog)) {
    const tail = fs.readFileSync(serverLog, "utf8").split("\n").slice(-40).join("\n");
    say(`last lines of the code-server log:\n${tail}`);
  }
  await cleanup();
  say(`total ${seconds()} s, exit code ${code}`);
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void finish(130, `got ${signal}`));

const watchdog = setTimeout(async () => {
  // Keep a picture of what the workbench showed when it hung; test-results/ is git-ignored.
  if (browser) {
    const page = browser.contexts()[0]?.pages()[0];
    const file = path.join(root, "test-results", "editor-timeout.png");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page?.screenshot({ path: file }).catch(() => undefined);
    say(`screenshot of the hung workbench: ${path.relative(root, file)}`);
  }
  await finish(1, `watchdog: no result after ${timeoutSeconds} s`);
}, timeoutSeconds * 1000);
watchdog.unref();

try {
  const port = await freePort();
  const userDataDir = path.join(temp, "user-data");
  writeSettings(userDataDir);
  fs.mkdirSync(signalDir, { recursive: true });

  codeServer = startCodeServer({
    bin: codeServerBin,
    port,
    temp,
    extensionsDir: path.join(temp, "extensions"),
    userDataDir,
    folder: workspace,
    log: serverLog,
    // Read by the suite (inherited by the extension host): only then does it stage a scene.
    env: Object.fromEntries([...requested.keys()].map((name) => [SCENES[name].env, SCENES[name].signalFile])),
  });
  await waitHealthy(port, codeServer, 30_000);
  say(`code-server up on 127.0.0.1:${port} after ${seconds()} s`);

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();

  let suiteStarted = 0;
  let reportExit;
  const exitCode = new Promise((resolve) => (reportExit = resolve));
  // Both bindings must exist before the workbench loads: it looks for them once, at start.
  await page.exposeFunction("codeAutomationExit", (code) => reportExit(Number(code)));
  await page.exposeFunction("codeAutomationLog", async (level, message) => {
    const text = Array.isArray(message) ? message.join(" ") : String(message);
    const at = text.indexOf(SUITE_PREFIX);
    // One message is one console.log of the suite (a FAIL line carries its stack on the next lines).
    if (at >= 0) console.log(verbose ? text : text.slice(at));
    else if (verbose) console.log(`[workbench ${level}] ${text}`);
    if (text.includes(`${SUITE_PREFIX} running`)) suiteStarted = Date.now();
    const ready = text.indexOf(READY_MARKER);
    if (ready >= 0) await takeScreenshot(page, text.slice(ready + READY_MARKER.length).trim());
    // The extension gallery lookup fails offline, harmlessly; other workbench errors may explain a failure.
    if (
      level === "error" &&
      !verbose &&
      !text.includes(SUITE_PREFIX) &&
      !/ENOTFOUND open-vsx\.org/.test(text)
    ) {
      console.log(`[workbench error] ${text}`);
    }
  });
  if (verbose) page.on("console", (message) => console.log(`[browser ${message.type()}] ${message.text()}`));
  page.on("pageerror", (error) => console.log(`[page error] ${error.message}`));

  const remote = (file) => `vscode-remote://127.0.0.1:${port}${file}`;
  const payload = [
    ["extensionDevelopmentPath", remote(root)],
    ["extensionTestsPath", remote(testsModule)],
  ];
  const url =
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const opened = Date.now();
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  say(`workbench up in ${seconds(opened)} s`);

  const code = await exitCode;
  say(`suite finished in ${seconds(suiteStarted || opened)} s with exit code ${code}`);
  for (const [name, { taken }] of requested) {
    if (!taken) await finish(1, `${SCENES[name].flag} was given but no screenshot was taken`);
  }
  // A test's failure is in the suite's lines above; code-server's log would only bury it.
  await finish(code, undefined, false);
} catch (error) {
  await finish(2, `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

/** The WebSocket scene: the suite has opened the quick-fix menu (or a hover), which renders asynchronously. */
async function settleQuickFix(page) {
  await page.waitForSelector(".squiggly-warning", { state: "attached", timeout: 10_000 });
  await page
    .waitForSelector(".action-widget, .monaco-hover:not(.hidden)", { state: "visible", timeout: 10_000 })
    .catch(() => say("no quick-fix menu or hover visible; screenshot without it"));
}

/**
 * The highlighting scene: the suite has waited for the file's diagnostics and for all its lines to be in
 * view; the squiggle and the grammar's colours reach the DOM a little later. Tokens are coloured by
 * `mtkN` classes on the spans of `.view-lines`: wait until they use several colours (the grammar ran,
 * not plain text) and their count stops changing (a short bounded poll, there is no event for it).
 */
async function settleHighlighting(page) {
  const editor = ".part.editor .monaco-editor";
  await page.waitForSelector(`${editor} .squiggly-error`, { state: "attached", timeout: 10_000 });
  const tokens = () =>
    page.$$eval(`${editor} .view-lines span[class^="mtk"]`, (spans) => ({
      spans: spans.length,
      colours: new Set(spans.map((span) => span.className)).size,
    }));
  const deadline = Date.now() + 5_000;
  let last = "";
  let stableSince = Date.now();
  for (;;) {
    const now = await tokens();
    const key = `${now.spans}/${now.colours}`;
    if (key !== last) {
      last = key;
      stableSince = Date.now();
    } else if (now.colours >= 6 && Date.now() - stableSince >= 500) {
      break;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the highlighting did not settle within 5 s (${now.spans} spans, ${now.colours} colours)`,
      );
    }
    await delay(100);
  }
  if (await page.isVisible(".monaco-hover:not(.hidden)")) say("a hover is visible in the picture");
}

/** Photographs the scene the suite staged, then tells the suite (through the signal file) to go on. */
async function takeScreenshot(page, name) {
  const scene = SCENES[name];
  const wanted = requested.get(name);
  if (!scene || !wanted) {
    // The suite stages only the scenes whose signal file it was given; this is a bug in one of the two.
    say(`the suite staged the scene "${name}", which was not asked for`);
    return;
  }
  try {
    await scene.settle(page);
    fs.mkdirSync(path.dirname(wanted.file), { recursive: true });
    // Menus and hovers fade in: without animations the picture never catches them half drawn.
    await page.screenshot({ path: wanted.file, animations: "disabled" });
    wanted.taken = true;
    say(
      `screenshot: ${wanted.file.startsWith(root + path.sep) ? path.relative(root, wanted.file) : wanted.file}`,
    );
  } catch (error) {
    say(`screenshot failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    fs.writeFileSync(scene.signalFile, "done\n");
  }
}
