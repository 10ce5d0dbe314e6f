// The table of well-known WebSocket applications (server/src/model/data/websocket-apps.json) is data
// the warnings cite: every entry must say where its facts come from, and hold facts the evidence code
// can use (names to match hosts, ports as numbers, paths as request paths).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { knownApps } from "../../server/src/rules/websocket/evidence";

describe("well-known WebSocket applications", () => {
  const apps = knownApps();

  it("covers the applications the checks are expected to recognise", () => {
    const names = apps.map((a) => a.app).join("; ");
    for (const expected of [
      "Home Assistant",
      "Uptime Kuma",
      "Jupyter",
      "code-server",
      "Grafana",
      "notify_push",
      "Socket.IO",
      "SignalR",
      "Action Cable",
      "Phoenix",
      "Mattermost",
      "Rocket.Chat",
    ]) {
      assert.ok(names.includes(expected), `${expected} is not in the table`);
    }
  });

  for (const app of apps) {
    it(`${app.app}: a source, names, ports and request paths`, () => {
      assert.match(app.source, /https?:\/\/\S+/, "the source names a page");
      assert.ok(app.names.length > 0);
      for (const name of app.names) assert.match(name, /^[a-z0-9][a-z0-9._-]*$/, name);
      for (const port of app.ports) assert.ok(Number.isInteger(port) && port > 0 && port < 65536, `${port}`);
      assert.ok(app.paths.length > 0);
      for (const p of app.paths) assert.match(p, /^\/\S*$/, p);
    });
  }

  it("lists a port only once: a port two applications share says nothing", () => {
    const seen = new Map<number, string>();
    for (const app of apps) {
      for (const port of app.ports) {
        assert.ok(!seen.has(port), `port ${port}: ${seen.get(port)} and ${app.app}`);
        seen.set(port, app.app);
      }
    }
  });
});
