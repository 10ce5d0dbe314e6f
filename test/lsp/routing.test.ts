// The routing preview over stdio: the server announces code lenses, each server and location gets one
// whose command is the extension's "nginx: Test a URL…" with a URL and the document, and the
// `nginx/route` request routes a URL through the main config that includes the open site.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import * as P from "vscode-languageserver-protocol";
import { makeWorkspace, TestClient } from "./client";

const MAIN = "events {}\nhttp {\n    include sites-enabled/*.conf;\n}\n";
const SITE = `server {
    listen 8080;
    server_name chat.example.com;
    location /socket.io/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
    location ~ ^/(api|socket) {
        proxy_pass http://127.0.0.1:3001;
    }
}
`;

interface RouteTrace {
  summary: string;
  steps: { phase: string; text: string; at: P.Location | null | undefined }[];
  location: P.Location | null | undefined;
}

describe("routing preview (stdio)", () => {
  const workspace = makeWorkspace({ "nginx.conf": MAIN, "sites-enabled/chat.conf": SITE });
  const site = workspace.uri("sites-enabled/chat.conf");
  let client: TestClient;

  before(async () => {
    client = await TestClient.start({ folders: [workspace.dir] });
    const since = await client.open(site, SITE);
    await client.waitForDiagnostics(site, () => true, { since });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(workspace.dir, { recursive: true, force: true });
  });

  it("announces code lenses and gives each server and location one that runs nginx.testUrl", async () => {
    assert.deepEqual(client.serverCapabilities.codeLensProvider, { resolveProvider: false });
    const lenses = await client.connection.sendRequest(P.CodeLensRequest.type, {
      textDocument: { uri: site },
    });
    assert.deepEqual(
      lenses?.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [
        [0, "GET http://chat.example.com:8080/", "nginx.testUrl", ["http://chat.example.com:8080/", site]],
        [
          3,
          "Not reached: /socket.io/ → location ~ ^/(api|socket)",
          "nginx.testUrl",
          ["http://chat.example.com:8080/socket.io/", site],
        ],
        [
          9,
          "GET http://chat.example.com:8080/api",
          "nginx.testUrl",
          ["http://chat.example.com:8080/api", site],
        ],
      ],
    );
  });

  it("nginx/route answers with the trace, each step at its directive, through the main config", async () => {
    const trace = await client.connection.sendRequest<RouteTrace | null>("nginx/route", {
      textDocument: { uri: site },
      url: "http://chat.example.com:8080/socket.io/?EIO=4",
    });
    assert.ok(trace);
    assert.match(trace.summary, /^proxy_pass in location ~ \^\/\(api\|socket\)$/);
    assert.deepEqual(trace.location, {
      uri: site,
      range: { start: { line: 9, character: 4 }, end: { line: 9, character: 12 } },
    });
    const server = trace.steps.find((s) => s.phase === "server");
    assert.equal(server?.at?.uri, site);
    assert.equal(server?.at?.range.start.line, 2);
  });

  it("nginx/route refuses a request without a document or URL, and names a URL it cannot take", async () => {
    await assert.rejects(
      client.connection.sendRequest("nginx/route", { url: "http://x/" }),
      (error: { code?: number }) => error.code === P.ErrorCodes.InvalidParams,
    );
    const refused = await client.connection.sendRequest("nginx/route", {
      textDocument: { uri: site },
      url: "chat.example.com/",
    });
    assert.deepEqual(refused, { error: '"chat.example.com/" is not an http:// or https:// URL' });
  });
});
