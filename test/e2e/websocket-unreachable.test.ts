// websocket-endpoint-unreachable with real programs: a complete WebSocket location whose path a later
// regex location takes. Through Debian's nginx the handshake fails, nginx-lint says why, its preferred
// fix (`^~`) makes the handshake succeed, and `nginx-lint route` agrees with what nginx did both times.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { freePort, nginxBinary, startNginx, wrapHttp } from "../support/nginx";
import { skipUnless } from "../support/requirements";
import { startEchoBackend, websocketRoundTrip, type EchoBackend } from "../support/websocket";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist", "cli.js");

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe(
  "a WebSocket location that a regex location takes, through real nginx",
  { skip: skipUnless(nginxBinary() !== undefined, "nginx is not installed (apt-get install -y nginx)") },
  () => {
    let backend: EchoBackend | undefined;
    let dir: string | undefined;
    after(async () => {
      await backend?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("fails the handshake, is reported, and works after the ^~ fix", async () => {
      backend = await startEchoBackend();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "ws-unreachable-"));
      const port = await freePort();
      const site = `    server {
        listen 127.0.0.1:${port};
        location /socket.io/ {
            proxy_pass http://127.0.0.1:${backend.port};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
        location ~ ^/(api|socket) {
            return 403;
        }
    }`;
      const main = path.join(dir, "nginx.conf");
      fs.writeFileSync(main, wrapHttp(site));
      const url = `http://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`;

      const before = await startNginx({
        files: { "nginx.conf": fs.readFileSync(main, "utf8") },
        main: "nginx.conf",
        port,
      });
      try {
        const result = await websocketRoundTrip(url, "hello");
        assert.equal(result.status, 403, "the regex location answers the handshake");
      } finally {
        await before.stop();
      }
      const traced = run("route", main, url);
      assert.match(traced.output, /=> 403; server at .*, location ~ \^\/\(api\|socket\)/, traced.output);
      const lint = run(main);
      assert.equal(lint.status, 1);
      assert.match(lint.output, /websocket-endpoint-unreachable/);

      const fixed = run("--fix", main);
      assert.equal(fixed.status, 0, fixed.output);
      assert.match(fs.readFileSync(main, "utf8"), /location \^~ \/socket\.io\/ \{/);
      const afterFix = await startNginx({
        files: { "nginx.conf": fs.readFileSync(main, "utf8") },
        main: "nginx.conf",
        port,
      });
      try {
        const result = await websocketRoundTrip(url, "hello again");
        assert.equal(result.status, 101, result.error);
        assert.equal(result.echoed, "hello again");
      } finally {
        await afterFix.stop();
      }
      const tracedAfter = run("route", main, url);
      assert.match(
        tracedAfter.output,
        /=> answered by proxy_pass; server at .*, location \^~ \/socket\.io\//,
        tracedAfter.output,
      );
    });
  },
);
