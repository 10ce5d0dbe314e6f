// Photographs the extension's page as someone who installed the .vsix sees it in VS Code: the Extension
// details editor with its name, icon and description, and the README rendered below it with its images.
// The extension is installed from the .vsix (code-server --install-extension into a fresh extensions
// folder), not loaded from this repository as the tests do, so the picture shows what the package ships:
// a README image missing from the .vsix, or one the page cannot load (a relative path: see
// scripts/page-readme.mjs), would be a broken image here.
//
//   node test/editor/extension-page.mjs [--vsix FILE] [--out FILE] [--timeout SECONDS] [--verbose]
//
// --vsix     the .vsix to install; without it, `npm run package` builds nginx-websocket-lsp.vsix first.
// --out      where the picture goes, docs/images/extension-page.png by default.
// --timeout  watchdog for the whole run, 120 s by default.
// --verbose  prints vsce's and code-server's output, code-server's log at the end, and the browser's console.
//
// Fails (exit 1, no picture written) when a README image of the page does not load, or when the page
// does not open; exit 2 when something it needs is missing. code-server and Chromium are always stopped.

/* global document, window, Node -- read inside the page by frame.evaluate, not in Node */

import { spawnSync } from "node:child_process";
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
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const verbose = args.includes("--verbose");
const timeoutSeconds = Number(option("--timeout") ?? 120);
const out = path.resolve(option("--out") ?? path.join(root, "docs", "images", "extension-page.png"));
const givenVsix = option("--vsix");

const started = Date.now();
const seconds = (from = started) => ((Date.now() - from) / 1000).toFixed(1);
const say = (line) => console.log(`extension-page: ${line}`);
const shown = (file) => (file.startsWith(root + path.sep) ? path.relative(root, file) : file);

const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const extensionId = `${manifest.publisher}.${manifest.name}`;
const codeServerBin = codeServerBinary(root);

if (!(timeoutSeconds > 0)) {
  console.error("extension-page: --timeout needs a number of seconds");
  process.exit(2);
}
for (const [file, how] of [
  [codeServerBin, "bash scripts/setup-code-server.sh"],
  [chromiumPath, "apt-get install chromium"],
  ...(givenVsix ? [[path.resolve(givenVsix), "npm run package"]] : []),
]) {
  if (!fs.existsSync(file)) {
    console.error(`extension-page: missing ${file} (made by \`${how}\`)`);
    process.exit(2);
  }
}

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-extension-page-"));
const serverLog = path.join(temp, "code-server.log");
const extensionsDir = path.join(temp, "extensions");
const userDataDir = path.join(temp, "user-data");
// An empty folder: the picture is about the page, and nothing in the workbench should compete with it.
const folder = path.join(temp, "folder");
let codeServer;
let browser;
let finished = false;

async function finish(code, reason) {
  if (finished) return;
  finished = true;
  if (reason) say(reason);
  if ((code !== 0 || verbose) && fs.existsSync(serverLog)) {
    const tail = fs.readFileSync(serverLog, "utf8").split("\n").slice(-40).join("\n");
    say(`last lines of the code-server log:\n${tail}`);
  }
  if (browser) await browser.close().catch(() => undefined);
  await stopCodeServer(codeServer);
  fs.rmSync(temp, { recursive: true, force: true });
  say(`total ${seconds()} s, exit code ${code}`);
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void finish(130, `got ${signal}`));

const watchdog = setTimeout(async () => {
  // Keep a picture of what the workbench showed when it hung; test-results/ is git-ignored.
  const page = browser?.contexts()[0]?.pages()[0];
  if (page) {
    const file = path.join(root, "test-results", "extension-page-timeout.png");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file }).catch(() => undefined);
    say(`screenshot of the hung workbench: ${shown(file)}`);
  }
  await finish(1, `watchdog: no picture after ${timeoutSeconds} s`);
}, timeoutSeconds * 1000);
watchdog.unref();

/**
 * Runs a command to its end; its output (vsce lists every file it packs) is shown only with --verbose
 * or when it fails.
 */
function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: verbose ? "inherit" : "pipe",
    encoding: "utf8",
    ...options,
  });
  if (result.status !== 0) {
    if (!verbose) process.stdout.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    throw new Error(`${[command, ...commandArgs].join(" ")} failed (${result.status ?? result.signal})`);
  }
}

try {
  let vsix = givenVsix ? path.resolve(givenVsix) : undefined;
  if (!vsix) {
    const from = Date.now();
    run("npm", ["run", "--silent", "package"]);
    vsix = path.join(root, `${manifest.name}.vsix`);
    say(`packaged ${shown(vsix)} in ${seconds(from)} s`);
  }

  writeSettings(userDataDir);
  fs.mkdirSync(folder);
  const xdg = {
    XDG_CONFIG_HOME: path.join(temp, "xdg-config"),
    XDG_DATA_HOME: path.join(temp, "xdg-data"),
  };
  run(
    codeServerBin,
    ["--install-extension", vsix, "--extensions-dir", extensionsDir, "--user-data-dir", userDataDir],
    { env: { ...process.env, ...xdg } },
  );
  if (!fs.readdirSync(extensionsDir).some((name) => name.startsWith(`${extensionId}-`))) {
    throw new Error(`code-server installed no ${extensionId} into ${extensionsDir}`);
  }
  say(`installed ${extensionId} from the .vsix`);

  const port = await freePort();
  codeServer = startCodeServer({
    bin: codeServerBin,
    port,
    temp,
    extensionsDir,
    userDataDir,
    folder,
    log: serverLog,
  });
  await waitHealthy(port, codeServer, 30_000);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  if (verbose) page.on("console", (message) => console.log(`[browser ${message.type()}] ${message.text()}`));
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  say(`workbench up after ${seconds()} s`);

  await openExtensionPage(page);
  const { frame, images } = await waitForReadmeImages(page);
  const sizes = images.map((image) => `"${image.alt}" ${image.width}x${image.height}`);
  say(`the page shows the README's ${images.length} images, all loaded: ${sizes.join(", ")}`);
  await scrollToFirstImage(frame);

  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out, animations: "disabled" });
  say(`screenshot: ${shown(out)}`);
  await finish(0);
} catch (error) {
  await finish(1, `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

/** Opens the installed extension's details editor the way a person does: Extensions view, search, click. */
async function openExtensionPage(page) {
  // The workbench takes keys only once it has focus somewhere inside it.
  // The empty editor area: clicking it opens nothing (the status bar's corner is the remote menu).
  await page.click(".part.editor").catch(() => undefined);
  await page.keyboard.press("Control+Shift+X");
  const search = ".extensions-viewlet .suggest-input-container .monaco-editor textarea";
  await page.waitForSelector(search, { state: "attached", timeout: 15_000 });
  // The view focuses its search box itself; focusing it again is harmless and covers a slow start.
  await page.focus(search);
  await page.keyboard.type(`@installed ${manifest.displayName}`);
  const entry = `.extensions-viewlet .monaco-list-row[aria-label*="${manifest.displayName}"]`;
  await page.waitForSelector(entry, { timeout: 15_000 });
  await page.click(entry);
  await page.waitForSelector(".extension-editor .header .name", { timeout: 15_000 });
  const name = (await page.textContent(".extension-editor .header .name"))?.trim();
  if (name !== manifest.displayName) {
    throw new Error(`the details editor shows "${name}", not "${manifest.displayName}"`);
  }
}

/**
 * The README is rendered in a webview: an iframe (the webview's host page) holding another (the content).
 * Finds the content frame, the one whose h1 is the README's title, then waits until each of its images
 * has finished loading and checks that each has pixels (a broken image completes with naturalWidth 0)
 * and that none went missing on the way (the page's sanitizer drops what it does not trust).
 */
async function waitForReadmeImages(page) {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const title = /^# (.+)$/m.exec(readme)?.[1]?.trim();
  const expected = [...readme.matchAll(/!\[([^\]]*)\]\(/g)].map((match) => match[1]);
  const deadline = Date.now() + 30_000;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const state = await frame
        .evaluate((title) => {
          if (document.querySelector("h1")?.textContent?.trim() !== title) return undefined;
          return [...document.images].map((img) => ({
            alt: img.alt,
            src: img.src.startsWith("data:") ? `${img.src.slice(0, 30)}...` : img.src,
            complete: img.complete,
            width: img.naturalWidth,
            height: img.naturalHeight,
          }));
        }, title)
        .catch(() => undefined);
      if (!state || state.length === 0 || !state.every((img) => img.complete)) continue;
      const broken = state.filter((img) => img.width === 0);
      if (broken.length > 0 || state.length !== expected.length) {
        // The picture of the broken page shows what a user would see; test-results/ is git-ignored.
        const file = path.join(root, "test-results", "extension-page-broken.png");
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await page.screenshot({ path: file, animations: "disabled" });
        throw new Error(
          `the page shows ${state.length} of the README's ${expected.length} images, ` +
            `${broken.length} broken (picture: ${shown(file)}): ${broken.map((img) => img.src).join(", ")}`,
        );
      }
      return { frame, images: state };
    }
    if (Date.now() > deadline) throw new Error("the README with its images did not render within 30 s");
    await delay(200);
  }
}

/**
 * Scrolls the README (not the page's header, which stays put) to the heading above its first image, so
 * that the picture shows the name, icon and description and, below them, a rendered image.
 */
async function scrollToFirstImage(frame) {
  const box = await frame.evaluate(() => {
    const image = document.images[0];
    const headings = [...document.querySelectorAll("h2, h3")].filter(
      (heading) => heading.compareDocumentPosition(image) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    (headings.at(-1) ?? image).scrollIntoView({ block: "start" });
    // A little air above the heading, as a person scrolling would leave.
    window.scrollBy(0, -16);
    const { top, bottom } = image.getBoundingClientRect();
    return { top, bottom, height: window.innerHeight };
  });
  // One frame for the scroll to be painted before the screenshot.
  await delay(300);
  if (box.top < 0 || box.top > box.height / 2) {
    throw new Error(`the first image is not in view after scrolling (top ${box.top} of ${box.height})`);
  }
}
