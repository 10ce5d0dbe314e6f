// Forms of WebSocket proxying the checks accept without a finding, proved through real nginx: a
// handshake through Debian's nginx reaches the backend (101, the message echoed back), and the engine
// reports nothing about the location. `Connection $http_connection` passes the client's own header
// (it says "Upgrade" on a handshake); a fixed `Upgrade "websocket"` in a location that only takes
// WebSockets sends what every handshake asks for anyway.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { analyze } from "../../server/src/service";
import { nginxBinary, startNginx, wrapHttp } from "../support/nginx";
import { startEchoBackend, websocketRoundTrip, type EchoBackend } from "../support/websocket";

const FORMS: Record<string, (backend: number) => string> = {
  "Connection $http_connection": (backend) => `    server {
        listen 127.0.0.1:{{PORT}};
        location /ws/ {
            proxy_pass http://127.0.0.1:${backend};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $http_connection;
        }
    }`,
  'a fixed Upgrade "websocket" in a WebSocket-only location': (backend) => `    server {
        listen 127.0.0.1:{{PORT}};
        location /ws/ {
            proxy_pass http://127.0.0.1:${backend};
            proxy_http_version 1.1;
            proxy_set_header Upgrade "websocket";
            proxy_set_header Connection "Upgrade";
        }
    }`,
};

describe(
  "accepted WebSocket forms work through real nginx",
  { skip: nginxBinary() ? false : "nginx is not installed" },
  () => {
    let backend: EchoBackend | undefined;
    after(async () => {
      await backend?.close();
    });

    for (const [name, form] of Object.entries(FORMS)) {
      it(`${name}: no finding, and the handshake goes through`, async () => {
        backend ??= await startEchoBackend();
        const text = wrapHttp(form(backend.port));
        const file = "/virtual/nginx.conf";
        const findings = analyze(file, {
          fs: overlayFileSystem(new Map([[file, text]])),
          text,
          prefix: "/virtual",
        }).findings;
        assert.deepEqual(
          findings.filter((f) => f.code.startsWith("websocket-")).map((f) => f.message),
          [],
        );
        const nginx = await startNginx({ files: { "nginx.conf": text }, main: "nginx.conf" });
        try {
          const result = await websocketRoundTrip(`ws://127.0.0.1:${nginx.port}/ws/`, `hello ${name}`);
          assert.equal(result.status, 101, `${result.error ?? ""}\n${nginx.logs()}`);
          assert.equal(result.echoed, `hello ${name}`);
        } finally {
          await nginx.stop();
        }
      });
    }
  },
);
