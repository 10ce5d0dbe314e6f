// The server's log, which the VS Code extension shows in its "nginx" output channel ("nginx: Show
// Output"): a line at start saying which server runs, on which Node, for which folders and settings.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { makeWorkspace, ROOT, TestClient } from "./client";

describe("the server's log", () => {
  it("says at start which version runs, on which Node, for which folders and settings", async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    const workspace = makeWorkspace({});
    const client = await TestClient.start({
      folders: [workspace.dir],
      settings: { targetVersion: "1.25.3", severity: { "websocket-missing": "warning" } },
    });
    try {
      const line = await client.waitForMessage((m) => m.includes(" started "));
      assert.ok(line.startsWith(`nginx-language-server: ${version} started (Node ${process.version}`), line);
      assert.ok(line.includes(`workspace folders: ${workspace.dir};`), line);
      // The settings the client answered with, not the defaults.
      assert.match(line, /settings: nginx 1\.25\.3 /);
      assert.match(line, /severity overrides websocket-missing=warning/);
      assert.equal(client.messages.filter((m) => m.includes(" started ")).length, 1, "one start line");
    } finally {
      await client.stop();
      fs.rmSync(workspace.dir, { recursive: true, force: true });
    }
  });

  it("logs a settings change with what is now in effect", async () => {
    const client = await TestClient.start({});
    try {
      await client.waitForMessage((m) => m.includes(" started "));
      client.settings = { websocket: { missingSeverity: "off" } };
      await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
      const line = await client.waitForMessage((m) => m.includes("settings changed"));
      assert.match(line, /websocket\.missingSeverity off/);
    } finally {
      await client.stop();
    }
  });
});
