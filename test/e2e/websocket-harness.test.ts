// Proves the end-to-end harness with hand-written configs, before any product code relies on it: the echo
// backend and client speak real WebSocket, a real nginx breaks the handshake exactly in the cases the
// linter flags (missing upgrade headers, proxy_set_header shadowing) and passes it with the full setup, and
// `nginxTest` reports nginx's own errors with the right file and line.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import type { Duplex } from "node:stream";
import { after, before, describe, test, type TestContext } from "node:test";
import {
  PORT_PLACEHOLDER,
  WRAP_HTTP_BODY_LINE,
  freePort,
  nginxBinary,
  nginxTest,
  nginxVersion,
  parseNginxOutput,
  startNginx,
  wrapHttp,
} from "../support/nginx";
import {
  FrameReader,
  acceptKey,
  encodeFrame,
  startEchoBackend,
  websocketRoundTrip,
  type EchoBackend,
} from "../support/websocket";
import { need } from "../support/requirements";

const hasNginx = nginxBinary() !== undefined;

/** Skips the test when nginx is missing (fails it in CI); returns false so the caller can stop. */
function needNginx(t: TestContext): boolean {
  return need(t, hasNginx, "nginx is not installed (apt-get install -y nginx)");
}

/** One server on the placeholder port with the given server-level and `/ws/` location directives. */
function wsConfig(backendPort: number, serverDirectives: string, locationDirectives: string): string {
  return wrapHttp(
    [
      "  server {",
      `    listen 127.0.0.1:${PORT_PLACEHOLDER};`,
      serverDirectives,
      "    location /ws/ {",
      locationDirectives,
      `      proxy_pass http://127.0.0.1:${backendPort};`,
      "    }",
      "  }",
    ].join("\n"),
  );
}

/** Starts nginx on `config`, runs one round trip through /ws/ and always stops nginx. */
async function roundTripThroughNginx(config: string, message: string) {
  const nginx = await startNginx({ files: { "nginx.conf": config }, main: "nginx.conf" });
  try {
    const result = await websocketRoundTrip(`ws://127.0.0.1:${nginx.port}/ws/echo`, message);
    return { result, logs: nginx.logs() };
  } finally {
    await nginx.stop();
    assert.equal(fs.existsSync(nginx.prefix), false, "stop() removes the prefix");
  }
}

function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(needle));
  assert.notEqual(index, -1, `${needle} not in config`);
  return index + 1;
}

function httpGet(port: number, headers: http.OutgoingHttpHeaders): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: "/", headers, agent: false, timeout: 5000 });
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", reject);
    request.on("upgrade", (_response, socket) => {
      socket.destroy();
      reject(new Error("unexpected upgrade"));
    });
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
  });
}

describe("websocket harness", () => {
  let backend: EchoBackend;
  before(async () => {
    backend = await startEchoBackend();
  });
  after(async () => {
    await backend.close();
  });

  test("frame codec: accept key from RFC 6455 and 7/16/64-bit lengths round trip", () => {
    assert.equal(acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    for (const size of [0, 125, 126, 300, 65535, 65536, 70000]) {
      const payload = Buffer.alloc(size, "x");
      const frames = new FrameReader().push(encodeFrame(0x1, payload, true));
      assert.equal(frames.length, 1);
      assert.equal(frames[0]?.masked, true);
      assert.deepEqual(frames[0]?.payload, payload);
    }
    // Split across chunks, as TCP may deliver it.
    const reader = new FrameReader();
    const bytes = encodeFrame(0x1, Buffer.from("hello"), false);
    assert.deepEqual(reader.push(bytes.subarray(0, 3)), []);
    assert.equal(reader.push(bytes.subarray(3))[0]?.payload.toString(), "hello");
  });

  test("(a) backend directly: 101 and the message echoed, including 16-bit and 64-bit lengths", async () => {
    const before = backend.upgrades;
    for (const message of ["hello", "y".repeat(300), "z".repeat(70000)]) {
      const result = await websocketRoundTrip(`ws://127.0.0.1:${backend.port}/ws/echo`, message);
      assert.deepEqual(result, { status: 101, echoed: message });
    }
    assert.equal(backend.upgrades, before + 3);
  });

  test("(a) backend refuses what is not a WebSocket handshake", async () => {
    assert.deepEqual(await httpGet(backend.port, {}), { status: 200, body: "plain" });
    // `Upgrade: websocket` without `Connection: upgrade` is what nginx without the headers would send at best.
    assert.deepEqual(await httpGet(backend.port, { Upgrade: "websocket", "Sec-WebSocket-Key": "x" }), {
      status: 200,
      body: "plain",
    });
    assert.deepEqual(await httpGet(backend.port, { Connection: "Upgrade", Upgrade: "h2c" }), {
      status: 400,
      body: "",
    });
  });

  test("client never hangs: closed port and silent server both resolve", async () => {
    const closed = await websocketRoundTrip(`ws://127.0.0.1:${await freePort()}/`, "x", 2000);
    assert.equal(closed.status, 0);
    assert.match(closed.error ?? "", /request failed/);

    // A server that accepts the connection but never answers. Its sockets are destroyed by hand: an
    // upgraded socket is no longer the HTTP server's, and it stays half-open after the client leaves.
    const sockets: Duplex[] = [];
    const silent = http.createServer(() => undefined);
    silent.on("upgrade", (_request, socket: Duplex) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const address = silent.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const started = Date.now();
      const result = await websocketRoundTrip(`ws://127.0.0.1:${port}/`, "x", 300);
      assert.equal(result.status, 0);
      assert.match(result.error ?? "", /timed out after 300 ms/);
      assert.ok(Date.now() - started < 2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test("(b) nginx location without upgrade headers: handshake fails", async (t) => {
    if (!needNginx(t)) return;
    const plainBefore = backend.plainRequests;
    const { result, logs } = await roundTripThroughNginx(wsConfig(backend.port, "", ""), "hello");
    assert.notEqual(result.status, 101, logs);
    assert.equal(result.echoed, undefined);
    // nginx reached the backend, but as a plain HTTP/1.0 request (it drops Upgrade, sends Connection: close).
    assert.equal(result.status, 200, logs);
    assert.equal(backend.plainRequests, plainBefore + 1);
  });

  test("(c) nginx location with the full upgrade setup: 101 and the message echoed", async (t) => {
    if (!needNginx(t)) return;
    const location = [
      "      proxy_http_version 1.1;",
      "      proxy_set_header Upgrade $http_upgrade;",
      '      proxy_set_header Connection "upgrade";',
    ].join("\n");
    const upgradesBefore = backend.upgrades;
    const { result, logs } = await roundTripThroughNginx(
      wsConfig(backend.port, "", location),
      "through nginx",
    );
    assert.deepEqual(result, { status: 101, echoed: "through nginx" }, logs);
    assert.equal(backend.upgrades, upgradesBefore + 1);
  });

  test("(d) location-level proxy_set_header shadows the server-level upgrade headers: handshake fails", async (t) => {
    if (!needNginx(t)) return;
    const server = [
      "    proxy_http_version 1.1;",
      "    proxy_set_header Upgrade $http_upgrade;",
      '    proxy_set_header Connection "upgrade";',
    ].join("\n");
    const location = "      proxy_set_header Host $host;";
    const { result, logs } = await roundTripThroughNginx(wsConfig(backend.port, server, location), "hello");
    assert.notEqual(result.status, 101, logs);
    assert.equal(result.echoed, undefined);

    // Control: the same server-level headers without the shadowing line do work.
    const control = await roundTripThroughNginx(wsConfig(backend.port, server, ""), "hello");
    assert.deepEqual(control.result, { status: 101, echoed: "hello" }, control.logs);
  });

  test("(e) nginxTest: valid config is ok", async (t) => {
    if (!needNginx(t)) return;
    assert.match(nginxVersion() ?? "", /^\d+\.\d+\.\d+$/);
    const config = wsConfig(backend.port, "", "      proxy_http_version 1.1;").replace(
      PORT_PLACEHOLDER,
      "8080",
    );
    const result = await nginxTest({ files: { "nginx.conf": config }, main: "nginx.conf" });
    assert.equal(result.ok, true, result.output);
    assert.deepEqual(
      result.messages.filter((m) => m.level === "emerg"),
      [],
    );
  });

  test("(e) nginxTest: unknown directive is an [emerg] at its file and line", async (t) => {
    if (!needNginx(t)) return;
    const config = wsConfig(backend.port, "", "      proxy_passs http://127.0.0.1:1;").replace(
      PORT_PLACEHOLDER,
      "8080",
    );
    const result = await nginxTest({ files: { "nginx.conf": config }, main: "nginx.conf" });
    assert.equal(result.ok, false);
    assert.deepEqual(result.messages, [
      {
        level: "emerg",
        text: 'unknown directive "proxy_passs"',
        file: "nginx.conf",
        line: lineOf(config, "proxy_passs"),
      },
    ]);
  });

  test("(e) nginxTest: error in an included file names that file, relative to the prefix", async (t) => {
    if (!needNginx(t)) return;
    const site = [
      "server {",
      "  listen 127.0.0.1:8080;",
      "  location / {",
      "    proxy_passs http://x;",
      "  }",
      "}",
      "",
    ];
    const result = await nginxTest({
      files: { "nginx.conf": wrapHttp("  include conf.d/*.conf;"), "conf.d/site.conf": site.join("\n") },
      main: "nginx.conf",
    });
    assert.equal(result.ok, false);
    assert.deepEqual(result.messages, [
      { level: "emerg", text: 'unknown directive "proxy_passs"', file: "conf.d/site.conf", line: 4 },
    ]);
  });

  test("(e) nginxTest: $connection_upgrade without a map is an error without file or line", async (t) => {
    if (!needNginx(t)) return;
    const location = "      proxy_set_header Connection $connection_upgrade;";
    const config = wsConfig(backend.port, "", location).replace(PORT_PLACEHOLDER, "8080");
    const result = await nginxTest({ files: { "nginx.conf": config }, main: "nginx.conf" });
    assert.equal(result.ok, false);
    assert.deepEqual(result.messages, [{ level: "emerg", text: 'unknown "connection_upgrade" variable' }]);
  });

  test("wrapHttp puts the body on WRAP_HTTP_BODY_LINE", () => {
    assert.equal(lineOf(wrapHttp("# body marker"), "# body marker"), WRAP_HTTP_BODY_LINE);
  });

  test("parseNginxOutput: levels, locations inside and outside the prefix, other lines ignored", () => {
    const output = [
      "nginx: [warn] could not build optimal types_hash in /tmp/p/nginx.conf:3",
      'nginx: [emerg] open() "/tmp/p/x.conf" failed (2: No such file or directory) in /tmp/p/nginx.conf:7',
      'nginx: [emerg] unknown directive "a" in /etc/nginx/other.conf:2',
      'nginx: [emerg] unknown "connection_upgrade" variable',
      "nginx: configuration file /tmp/p/nginx.conf test failed",
    ].join("\n");
    assert.deepEqual(parseNginxOutput(output, "/tmp/p"), [
      { level: "warn", text: "could not build optimal types_hash", file: "nginx.conf", line: 3 },
      {
        level: "emerg",
        text: 'open() "/tmp/p/x.conf" failed (2: No such file or directory)',
        file: "nginx.conf",
        line: 7,
      },
      { level: "emerg", text: 'unknown directive "a"', file: "/etc/nginx/other.conf", line: 2 },
      { level: "emerg", text: 'unknown "connection_upgrade" variable' },
    ]);
  });

  test("startNginx rejects a config nginx refuses, quoting nginx's error", async (t) => {
    if (!needNginx(t)) return;
    const config = wsConfig(backend.port, "", "      proxy_passs http://x;");
    await assert.rejects(
      startNginx({ files: { "nginx.conf": config }, main: "nginx.conf", startTimeoutMs: 5000 }),
      /nginx did not start[\s\S]*unknown directive "proxy_passs"/,
    );
  });
});
