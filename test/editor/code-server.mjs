// What the scripts that drive a real VS Code share: code-server (installed by scripts/setup-code-server.sh)
// started on a free loopback port with its own settings, extensions and XDG folders, and headless Chromium
// (Debian's, through playwright-core) to open its workbench. run-code-server.mjs runs the extension's
// tests with it; extension-page.mjs photographs the installed extension's page.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import { chromium } from "playwright-core";

/** Where code-server is installed: CODE_SERVER_DIR, else the repository's git-ignored .code-server/. */
export function codeServerBinary(root) {
  const dir = process.env.CODE_SERVER_DIR ?? path.join(root, ".code-server");
  return path.join(dir, "node_modules", ".bin", "code-server");
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: "/healthz", timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

export async function waitHealthy(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} while starting`);
    if (await healthy(port)) return;
    await delay(100);
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms`);
}

/** Writes the user settings that keep the workbench quiet: no welcome page, no trust prompt, no chat. */
export function writeSettings(userDataDir) {
  const settings = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "chat.commandCenter.enabled": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "update.mode": "none",
    // The workspace lies inside this repository: no "open the parent repository?" toast in the picture.
    "git.openRepositoryInParentFolders": "never",
    "workbench.reduceMotion": "on",
    "editor.hover.delay": 100,
    // A blinking cursor may be off in the picture.
    "editor.cursorBlinking": "solid",
    "window.zoomLevel": 0,
  };
  fs.mkdirSync(path.join(userDataDir, "User"), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, "User", "settings.json"), JSON.stringify(settings, null, 2));
}

/**
 * Starts code-server on 127.0.0.1:port with everything it writes under `temp` (XDG folders included, so
 * that it never touches ~/.config/code-server), logging to the file `log`, and opening `folder`. `env`
 * is added to its environment, which the extension host inherits.
 */
export function startCodeServer({ bin, port, temp, extensionsDir, userDataDir, folder, log, env = {} }) {
  const fd = fs.openSync(log, "w");
  return spawn(
    bin,
    [
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--auth",
      "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--extensions-dir",
      extensionsDir,
      "--user-data-dir",
      userDataDir,
      folder,
    ],
    {
      // Its own process group, so that stopCodeServer() reaches the extension host and the language server too.
      detached: true,
      stdio: ["ignore", fd, fd],
      env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(temp, "xdg-config"),
        XDG_DATA_HOME: path.join(temp, "xdg-data"),
        ...env,
      },
    },
  );
}

/** Stops the whole process group of a code-server started by startCodeServer(): SIGTERM, SIGKILL after 3 s. */
export async function stopCodeServer(codeServer) {
  if (!codeServer || codeServer.exitCode !== null || codeServer.signalCode !== null) return;
  const exited = new Promise((resolve) => codeServer.once("exit", resolve));
  try {
    process.kill(-codeServer.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-codeServer.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }, 3000);
  await exited;
  clearTimeout(timer);
}

/** Headless Chromium, offline and quiet. */
export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // The callers' SIGINT/SIGTERM handlers close the browser and also stop code-server; Playwright's own
    // would exit the process first and leave code-server running.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
