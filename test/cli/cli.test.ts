// The built command line (dist/cli.js), run as a user would: exit codes, text and JSON output, --fix,
// --nginx-version and --prefix, and one clear line (never a stack trace) for every usage or I/O error.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { need } from "../support/requirements";
import { scratchFolder } from "../support/scratch";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist", "cli.js");
const { dir: work, write } = scratchFolder("nginx-lint-cli-");

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: work });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CLEAN = "server {\n    listen 80;\n    location / {\n        return 204;\n    }\n}\n";

describe("nginx-lint", () => {
  it("exits 0 and prints nothing for a clean file", () => {
    const file = write("clean/site.conf", CLEAN);
    const result = run(file);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "");
  });

  it("exits 1 and prints file:line:col severity message code", () => {
    const file = write("bad/site.conf", "server {\n    listen 80;\n    proxy_passs http://127.0.0.1:1;\n}\n");
    const result = run(file);
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      /site\.conf:3:5 {2}error {2}Unknown directive "proxy_passs"\. Did you mean "proxy_pass"\? {2}unknown-directive/,
    );
    assert.match(result.stdout, /1 problem \(1 error, 0 warnings, 0 info\)/);
  });

  it("prints a JSON report of many megabytes, written in pieces, that parses whole with every fix", () => {
    // 3,000 WebSocket findings in three files (under the per-file cap), each with two fixes:
    // several megabytes, so several pieces. The report goes through a pipe, read a piece at a time.
    const site = (file: number) =>
      Array.from(
        { length: 333 },
        (_, n) =>
          `server {\n    listen ${10000 + (n % 16)};\n    server_name w${file}-${n}.example.com;\n` +
          ["/ws/", "/socket.io/", "/live/"]
            .map((p) => `    location ${p} {\n        proxy_pass http://127.0.0.1:9000;\n    }\n`)
            .join("") +
          "}\n",
      ).join("");
    const files = [0, 1, 2].map((n) => write(`large-json/site${n}.conf`, site(n)));
    const result = spawnSync(process.execPath, [cli, "--format", "json", ...files], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    assert.ok(result.stdout.length > 3 << 20, `only ${result.stdout.length} bytes`);
    const json = JSON.parse(result.stdout) as {
      file: string;
      diagnostics: { code: string; data?: { fixes: unknown[] } }[];
    }[];
    assert.deepEqual(
      json.map((f) => f.file),
      files,
    );
    const diagnostics = json.flatMap((f) => f.diagnostics);
    assert.equal(diagnostics.length, 2997);
    assert.ok(diagnostics.every((d) => d.code === "websocket-missing" && (d.data?.fixes.length ?? 0) === 2));
  });

  it("prints JSON: files with LSP diagnostics (string code, numeric severity, 0-based range)", () => {
    const file = write("json/site.conf", "server {\n    listen 80;\n    gzip yes;\n}\n");
    const result = run("--format", "json", file);
    assert.equal(result.status, 1);
    const json = JSON.parse(result.stdout) as { file: string; diagnostics: Record<string, unknown>[] }[];
    assert.equal(json.length, 1);
    assert.equal(json[0]?.file, file);
    const [diagnostic] = json[0]?.diagnostics ?? [];
    assert.deepEqual(diagnostic?.range, {
      start: { line: 2, character: 9 },
      end: { line: 2, character: 12 },
    });
    assert.equal(diagnostic?.code, "invalid-value");
    assert.equal(diagnostic?.severity, 1);
    assert.equal(diagnostic?.source, "nginx");
  });

  it("walks folders for nginx files and judges fragments in their include context", () => {
    write("tree/nginx.conf", "events {}\nhttp {\n    include sites-enabled/*;\n}\n");
    write("tree/sites-enabled/app", CLEAN);
    write("tree/README.md", "not nginx");
    const result = run("--format", "json", path.join(work, "tree"));
    assert.equal(result.status, 0, result.stdout);
    const files = (JSON.parse(result.stdout) as { file: string }[])
      .map((f) => path.relative(work, f.file))
      .sort();
    assert.deepEqual(files, ["tree/nginx.conf", "tree/sites-enabled/app"]);
  });

  it("--nginx-version changes what exists", () => {
    const file = write("version/site.conf", "server {\n    listen 8443;\n    http2 on;\n}\n");
    assert.equal(run(file).status, 1);
    assert.equal(run("--nginx-version", "1.25.1", file).status, 0);
  });

  it("--prefix is where relative includes resolve", () => {
    write("prefix/conf/extra.conf", "gzip on;\n");
    const file = write("prefix/site/main.conf", "events {}\nhttp {\n    include extra.conf;\n}\n");
    assert.equal(run(file).status, 1);
    assert.equal(run("--prefix", path.join(work, "prefix", "conf"), file).status, 0);
  });

  it("--fix applies the preferred fixes in place and leaves no temporary file", () => {
    const before =
      "server {\n    listen 80;\n    root /srv\n    location / {\n        proxy_passs http://127.0.0.1:1;\n    }\n}\n";
    const file = write("fix/site.conf", before);
    const result = run("--fix", file);
    assert.equal(result.status, 0, result.stdout);
    assert.equal(fs.readFileSync(file, "utf8"), before.replace("/srv", "/srv;").replace("passs", "pass"));
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ["site.conf"]);
  });

  for (const [name, args, pattern] of [
    ["an unknown flag", ["--bogus", "x"], /^nginx-lint: .*bogus.*\n$/],
    [
      "a bad format",
      ["--format", "xml", "x"],
      /^nginx-lint: --format must be one of text, json, sarif, github, not "xml"\n$/,
    ],
    [
      "a bad version",
      ["--nginx-version", "latest", "x"],
      /^nginx-lint: --nginx-version must look like 1\.22\.1/,
    ],
    ["no path", [], /^nginx-lint: no PATH given/],
    [
      "a missing file",
      ["does-not-exist.conf"],
      /^nginx-lint: does-not-exist\.conf: no such file or directory\n$/,
    ],
    ["a folder without nginx files", ["empty"], /^nginx-lint: empty: no nginx configuration files found\n$/],
    [
      "a prefix that is not a folder",
      ["--prefix", "nowhere", "x"],
      /^nginx-lint: --prefix nowhere: not a directory\n$/,
    ],
  ] as const) {
    it(`exits 2 with one line for ${name}`, () => {
      fs.mkdirSync(path.join(work, "empty"), { recursive: true });
      const result = run(...args);
      assert.equal(result.status, 2);
      assert.match(result.stderr, pattern);
      assert.equal(result.stderr.trim().split("\n").length, 1);
      assert.equal(result.stdout, "");
    });
  }

  it("leaves hints out unless --hints is given, and hints never fail the run", () => {
    // A plain proxied location with nothing saying it serves WebSockets is a hint; one whose upstream is
    // a known WebSocket application (Home Assistant's port) is a warning either way.
    const plain = write(
      "hints/plain.conf",
      "server {\n    listen 80;\n    location /api/ {\n        proxy_pass http://127.0.0.1:5000;\n    }\n}\n",
    );
    const quiet = run(plain);
    assert.equal(quiet.status, 0, quiet.stderr);
    assert.equal(quiet.stdout, "");
    const shown = run("--hints", plain);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(
      shown.stdout,
      /plain\.conf:3:5 {2}hint {2}No WebSocket setup in "location \/api\/": needs Upgrade, .*websocket-missing/,
    );
    assert.match(shown.stdout, /1 problem \(0 errors, 0 warnings, 0 info, 1 hint\)/);
    const json = JSON.parse(run("--format", "json", plain).stdout) as { diagnostics: unknown[] }[];
    assert.deepEqual(
      json.map((f) => f.diagnostics.length),
      [0],
    );
    const withHints = JSON.parse(run("--format", "json", "--hints", plain).stdout) as {
      diagnostics: { severity: number; code: string }[];
    }[];
    assert.deepEqual(
      withHints[0]?.diagnostics.map((d) => [d.severity, d.code]),
      [[4, "websocket-missing"]],
    );
    const app = write(
      "hints/home.conf",
      "server {\n    listen 80;\n    location / {\n        proxy_pass http://192.168.1.20:8123;\n    }\n}\n",
    );
    const warned = run(app);
    assert.equal(warned.status, 1);
    assert.match(warned.stdout, /warning {2}.*looks like Home Assistant \(port 8123\).*websocket-missing/);
  });

  it("--config reads settings: severities, WebSocket endpoint patterns, the target version", () => {
    const site =
      "server {\n    listen 80;\n    location /stream/ {\n        proxy_pass http://127.0.0.1:1;\n    }\n}\n";
    const file = write("config/site.conf", site);
    // A plain proxied location is only a hint: exit 0.
    assert.equal(run(file).status, 0);
    const patterns = write(
      "config/ws.json",
      JSON.stringify({ websocket: { endpointPatterns: ["^/stream/"] } }),
    );
    const result = run("--config", patterns, file);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /warning .*looks like a WebSocket endpoint.*websocket-missing/);
    const off = write(
      "config/off.json",
      JSON.stringify({ websocket: { endpointPatterns: ["^/stream/"], missingSeverity: "off" } }),
    );
    assert.equal(run("--config", off, file).stdout, "");
    const http2 = write("config/http2.conf", "server {\n    listen 8443;\n    http2 on;\n}\n");
    const newer = write("config/newer.json", JSON.stringify({ targetVersion: "1.25.1" }));
    assert.equal(run("--config", newer, http2).status, 0);
    const silenced = write(
      "config/silenced.json",
      JSON.stringify({ severity: { "unsupported-in-version": "off" } }),
    );
    assert.equal(run("--config", silenced, http2).status, 0);
  });

  it("exits 2 with one line for a config file that is not valid", () => {
    const bad = write("config/bad.json", JSON.stringify({ websocket: { missingSeverity: "loud" } }));
    const result = run("--config", bad, "x");
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      /^nginx-lint: --config .*bad\.json: websocket\.missingSeverity must be "auto" or one of/,
    );
    const broken = write("config/broken.json", "{");
    assert.match(
      run("--config", broken, "x").stderr,
      /^nginx-lint: --config .*broken\.json: not valid JSON\n$/,
    );
  });

  it("exits 2 with one line when --fix cannot write, and leaves the file as it was", (t) => {
    // Root may write anywhere, so the run is made as the unprivileged user "nobody".
    const runuser = ["/usr/sbin/runuser", "/sbin/runuser"].find((p) => fs.existsSync(p));
    const canSwitchUser = process.getuid?.() === 0 && runuser !== undefined;
    if (!need(t, canSwitchUser, "needs root and runuser to run as another user") || !runuser) return;
    const dir = path.join(work, "readonly");
    const before = "server {\n    listen 80;\n    root /srv\n}\n";
    const file = write("readonly/site.conf", before);
    fs.chmodSync(dir, 0o555);
    fs.chmodSync(file, 0o444);
    fs.chmodSync(work, 0o755);
    // The bundle is self-contained: a copy beside the files is readable by "nobody" wherever the checkout is.
    const copy = path.join(work, "nginx-lint.js");
    fs.copyFileSync(cli, copy);
    fs.chmodSync(copy, 0o755);
    const result = spawnSync(runuser, ["-u", "nobody", "--", process.execPath, copy, "--version"], {
      encoding: "utf8",
    });
    if (!need(t, result.status === 0, `"nobody" cannot run node here: ${result.stderr.trim()}`)) return;
    const fixing = spawnSync(runuser, ["-u", "nobody", "--", process.execPath, copy, "--fix", file], {
      encoding: "utf8",
    });
    assert.equal(fixing.status, 2, fixing.stderr);
    assert.match(fixing.stderr, /^nginx-lint: .*site\.conf: cannot write the fixed file \(EACCES\)\n$/);
    assert.equal(fs.readFileSync(file, "utf8"), before);
    assert.deepEqual(fs.readdirSync(dir), ["site.conf"]);
  });

  it("reports every file the given nginx.conf loads, each once, as nginx -t judges it", () => {
    const main = write(
      "whole/nginx.conf",
      "events {}\nhttp {\n    include conf.d/*.conf;\n    include sites-enabled/*;\n}\n",
    );
    write(
      "whole/conf.d/app.conf",
      "server {\n    listen 80;\n    location / {\n        proxy_passs http://127.0.0.1:1;\n    }\n}\n",
    );
    const result = run(main);
    assert.equal(result.status, 1, result.stdout);
    assert.match(result.stdout, /conf\.d\/app\.conf:4:9 {2}error {2}Unknown directive "proxy_passs"/);
    // Given directly too, the included file is still reported once.
    const both = run(main, path.join(work, "whole/conf.d/app.conf"));
    assert.equal(both.stdout.match(/proxy_passs/g)?.length, 1, both.stdout);
  });

  it("judges a linked site once, where the main config includes it", () => {
    write(
      "linked/nginx.conf",
      "events {}\nhttp {\n    include conf.d/*.conf;\n    include sites-enabled/*;\n}\n",
    );
    write(
      "linked/conf.d/map.conf",
      "map $http_upgrade $connection_upgrade {\n    default upgrade;\n    '' close;\n}\n",
    );
    write(
      "linked/sites-available/app",
      "server {\n    listen 80;\n    location / {\n        add_header X-Upgrade $connection_upgrade;\n        return 204;\n    }\n}\n",
    );
    fs.mkdirSync(path.join(work, "linked/sites-enabled"), { recursive: true });
    fs.symlinkSync("../sites-available/app", path.join(work, "linked/sites-enabled/app"));
    const result = run("--format", "json", path.join(work, "linked"));
    assert.equal(result.status, 0, result.stdout);
    const files = (JSON.parse(result.stdout) as { file: string }[]).map((f) => path.relative(work, f.file));
    assert.ok(files.includes("linked/sites-enabled/app"), files.join(", "));
    assert.ok(!files.includes("linked/sites-available/app"), files.join(", "));
  });

  it("--fix never keeps a fix that adds an error, judged with every rule (duplicates included)", () => {
    // Renaming the typo and completing the WebSocket setup would each set proxy_http_version: together
    // they write it twice, which nginx refuses.
    const file = write(
      "fix-clash/nginx.conf",
      "events {}\nhttp {\n    server {\n        listen 80;\n        location /ws {\n            proxy_http_verison 1.1;\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n",
    );
    const result = run("--fix", file);
    const fixed = fs.readFileSync(file, "utf8");
    assert.equal(fixed.match(/proxy_http_version/g)?.length, 1, fixed);
    assert.doesNotMatch(fixed, /verison/);
    assert.match(fixed, /proxy_set_header Connection "upgrade";/);
    assert.equal(result.status, 0, result.stdout);
  });

  it("offers no rename that would repeat a directive the block already sets", () => {
    const file = write(
      "rename-repeat/site.conf",
      "server {\n    listen 80;\n    gzip on;\n    gzpi off;\n}\n",
    );
    const result = run("--format", "json", file);
    const json = JSON.parse(result.stdout) as {
      diagnostics: { code: string; data?: { fixes?: unknown[] } }[];
    }[];
    const unknown = json[0]?.diagnostics.find((d) => d.code === "unknown-directive");
    assert.ok(unknown, result.stdout);
    assert.deepEqual(unknown.data?.fixes ?? [], []);
  });

  it("prints help and version", () => {
    assert.match(run("--help").stdout, /^Usage: nginx-lint/);
    assert.match(run("--version").stdout, /^nginx-lint \d+\.\d+\.\d+/);
  });
});
