// The headline, end to end with real programs: a WebSocket backend on loopback, Debian's nginx in
// front of it, and `nginx-lint --fix` in between. For a location with no WebSocket setup and for one
// whose headers are shadowed, the handshake through nginx fails before the fix and succeeds after it
// (101 and the message echoed), and `nginx -t` accepts every fixed file, including every fixture's
// expected fixed text.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { freePort, nginxBinary, nginxTest, startNginx, withLocalHosts, wrapHttp } from "../support/nginx";
import { skipUnless } from "../support/requirements";
import { startEchoBackend, websocketRoundTrip, type EchoBackend } from "../support/websocket";
import { analyze } from "../../server/src/service";
import { applyEdits } from "../../server/src/analysis/edits";
import { PARSE_OPTIONS } from "../../server/src/analysis/syntax";
import { inferContext } from "../../server/src/analysis/context";
import { parse } from "../../server/src/parser/parser";
import { overlayFileSystem } from "../../server/src/analysis/files";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist", "cli.js");

/** Runs the built nginx-lint with `--fix` on a folder and returns its exit status and output. */
function lintFix(dir: string) {
  const result = spawnSync(process.execPath, [cli, "--fix", dir], { encoding: "utf8" });
  return { status: result.status, output: result.stdout + result.stderr };
}

const SITES: Record<string, (backend: number, port: number) => string> = {
  // No WebSocket setup at all: nginx sends HTTP/1.0 and "Connection: close", the backend sees no upgrade.
  missing: (backend, port) => `server {
    listen 127.0.0.1:${port};
    location /ws/ {
        proxy_pass http://127.0.0.1:${backend};
    }
}
`,
  // The trap: the server sets everything, the location sets Host and so inherits none of it.
  shadowed: (backend, port) => `server {
    listen 127.0.0.1:${port};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    location /ws/ {
        proxy_pass http://127.0.0.1:${backend};
        proxy_set_header Host $host;
    }
}
`,
};

describe(
  "nginx-lint --fix repairs WebSocket proxying through real nginx",
  { skip: skipUnless(nginxBinary() !== undefined, "nginx is not installed (apt-get install -y nginx)") },
  () => {
    let backend: EchoBackend | undefined;
    const dirs: string[] = [];
    after(async () => {
      await backend?.close();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    });

    for (const [name, site] of Object.entries(SITES)) {
      it(`${name}: the handshake fails before the fix and succeeds after it`, async () => {
        backend ??= await startEchoBackend();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ws-fix-${name}-`));
        dirs.push(dir);
        const main = path.join(dir, "nginx.conf");
        const siteFile = path.join(dir, "sites-enabled", "app.conf");
        fs.mkdirSync(path.dirname(siteFile));
        fs.writeFileSync(main, wrapHttp("    include sites-enabled/*.conf;"));
        // The port is chosen up front: the files on disk are what nginx-lint reads and fixes.
        const port = await freePort();
        const original = site(backend.port, port);
        fs.writeFileSync(siteFile, original);
        const files = () => ({
          "nginx.conf": fs.readFileSync(main, "utf8"),
          "sites-enabled/app.conf": fs.readFileSync(siteFile, "utf8"),
        });

        const before = await startNginx({ files: files(), main: "nginx.conf", port });
        try {
          const result = await websocketRoundTrip(`ws://127.0.0.1:${before.port}/ws/`, "hello");
          assert.notEqual(result.status, 101, "the handshake should fail before the fix");
          assert.equal(result.echoed, undefined);
        } finally {
          await before.stop();
        }

        const lint = lintFix(dir);
        assert.equal(lint.status, 0, `nginx-lint --fix left findings:\n${lint.output}`);
        const fixed = fs.readFileSync(siteFile, "utf8");
        assert.notEqual(fixed, original, "the site file was fixed");
        assert.equal(
          fs.readFileSync(main, "utf8"),
          wrapHttp("    include sites-enabled/*.conf;"),
          "the main file was not touched",
        );
        const verdict = await nginxTest({ files: files(), main: "nginx.conf" });
        assert.ok(verdict.ok, verdict.output);

        const afterFix = await startNginx({ files: files(), main: "nginx.conf", port });
        try {
          const result = await websocketRoundTrip(`ws://127.0.0.1:${afterFix.port}/ws/`, `hello ${name}`);
          assert.equal(result.status, 101, result.error);
          assert.equal(result.echoed, `hello ${name}`);
        } finally {
          await afterFix.stop();
        }
      });
    }

    it("the alternative fix adds the $connection_upgrade map to http and uses it; nginx -t accepts it", async () => {
      const text = wrapHttp(
        "    server {\n        listen 127.0.0.1:8099;\n        location /ws/ {\n            proxy_pass http://127.0.0.1:9;\n        }\n    }",
      );
      const file = "/virtual/nginx.conf";
      const virtual = overlayFileSystem(new Map([[file, text]]));
      const finding = analyze(file, { fs: virtual, text, prefix: "/virtual" }).findings.find(
        (f) => f.code === "websocket-missing",
      );
      const alternative = finding?.fixes?.find((f) => !f.preferred);
      assert.ok(alternative, "a map-based fix is offered");
      assert.match(alternative.title, /\$connection_upgrade map/);
      const fixed = applyEdits(text, alternative.edits);
      assert.match(
        fixed,
        /http \{\n\s+map \$http_upgrade \$connection_upgrade \{\n\s+default upgrade;\n\s+'' close;\n\s+\}/,
      );
      assert.match(fixed, /proxy_set_header Connection \$connection_upgrade;/);
      const after = analyze(file, {
        fs: overlayFileSystem(new Map([[file, fixed]])),
        text: fixed,
        prefix: "/virtual",
      });
      assert.deepEqual(
        after.findings.map((f) => f.code),
        [],
      );
      const verdict = await nginxTest({ files: { "nginx.conf": fixed }, main: "nginx.conf" });
      assert.ok(verdict.ok, verdict.output);
    });

    it("nginx -t accepts every fixture's expected fixed text", async () => {
      const dir = path.join(root, "test", "fixtures", "websocket");
      const fixed = fs.readdirSync(dir).filter((f) => f.endsWith(".fixed.conf"));
      assert.ok(fixed.length >= 5);
      for (const file of fixed) {
        const text = fs.readFileSync(path.join(dir, file), "utf8");
        // A fragment of locations is included in a server, the rest in http: as the engine judged it.
        const inServer = inferContext(parse(text, PARSE_OPTIONS)) === "http:server";
        const body = inServer ? `server {\n  listen 127.0.0.1:9;\n${text}\n}` : text;
        const verdict = await nginxTest({
          files: { "nginx.conf": wrapHttp(withLocalHosts(body)) },
          main: "nginx.conf",
        });
        assert.ok(verdict.ok, `${file}: ${verdict.output}`);
      }
    });
  },
);
