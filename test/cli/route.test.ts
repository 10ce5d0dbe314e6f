// `nginx-lint route` as a user runs it (the built dist/cli.js): the trace in text and JSON, --check's
// one line per mismatch and its exit status, one clear line and exit 2 for every usage or I/O error,
// and the linting command line left exactly as it was.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";
import { scratchFolder } from "../support/scratch";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist", "cli.js");
const { dir: work, write } = scratchFolder("nginx-lint-route-");

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: work });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SITE = `server {
    listen 80;
    server_name example.com;
    location /socket.io/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Upgrade $http_upgrade;
    }
    location ~ ^/(api|socket) {
        proxy_pass http://127.0.0.1:3000;
    }
    location = / {
        return 200 "home";
    }
    location ^~ /live/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_set_header Upgrade $http_upgrade;
    }
}
server {
    listen 80 default_server;
    server_name _;
    return 444;
}
`;

describe("nginx-lint route", () => {
  const site = write("site.conf", SITE);

  it("traces a URL: the regex after the prefix location wins, with file and line", () => {
    const result = run("route", site, "http://example.com/socket.io/?EIO=4");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /longest prefix "location \/socket\.io\/" {2}\(site\.conf:4\)/);
    assert.match(result.stdout, /regex "location ~ \^\/\(api\|socket\)" matches {2}\(site\.conf:8\)/);
    assert.match(
      result.stdout,
      /=> answered by proxy_pass; server at site\.conf:1, location ~ \^\/\(api\|socket\) \(site\.conf:8\)/,
    );
  });

  it("shows the automatic redirect and the unknown Host's default server", () => {
    const result = run("route", site, "http://example.com/socket.io", "http://other.test/");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /=> 301 Location: http:\/\/example\.com\/socket\.io\//);
    assert.match(result.stdout, /no name matches "other\.test": the default server/);
    assert.match(result.stdout, /connection closed without a response \(444\)/);
  });

  it("prints JSON with the outcome, the location and the directives in effect", () => {
    const result = run(
      "route",
      "--format",
      "json",
      "-H",
      "Host: example.com",
      site,
      "http://127.0.0.1/live/x",
    );
    assert.equal(result.status, 0, result.stderr);
    const [report] = JSON.parse(result.stdout) as {
      outcome: { kind: string; handler: string };
      location: { file: string; line: number; block: string };
      effective: { name: string; args: string[]; line: number }[];
    }[];
    assert.equal(report?.outcome.kind, "content");
    assert.equal(report?.outcome.handler, "proxy_pass");
    assert.deepEqual(report?.location, { file: "site.conf", line: 14, block: "location ^~ /live/" });
    assert.deepEqual(
      report?.effective.map((d) => [d.name, d.args, d.line]),
      [["proxy_set_header", ["Upgrade", "$http_upgrade"], 16]],
    );
  });

  it("--check exits 0 when every expectation holds and 1 with one line per mismatch", () => {
    const good = write(
      "good.txt",
      "# comments and blank lines are skipped\n\nGET http://example.com/ -> = /\nGET http://example.com/socket.io -> 301 http://example.com/socket.io/\nGET http://example.com/api/x -> ~ ^/(api|socket)\n",
    );
    const ok = run("route", "--check", good, site);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.equal(ok.stdout, "");
    const bad = write(
      "bad.txt",
      "GET http://example.com/socket.io/ -> /socket.io/\nGET http://example.com/ -> = /\nPOST http://example.com/api -> location /api\n",
    );
    const failed = run("route", "--check", bad, site);
    assert.equal(failed.status, 1);
    assert.deepEqual(failed.stdout.trim().split("\n"), [
      `${bad}:1: GET http://example.com/socket.io/: expected /socket.io/, got ~ ^/(api|socket)`,
      `${bad}:3: POST http://example.com/api: expected location /api, got ~ ^/(api|socket)`,
    ]);
  });

  it("says so when the configuration is a fragment without a server block", () => {
    const snippet = write("snippet.conf", "location /ws/ {\n    proxy_pass http://127.0.0.1:3000;\n}\n");
    const result = run("route", snippet, "http://x.test/ws/");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /no server block \(a fragment: route the nginx\.conf that includes it\)/);
    assert.match(result.stdout, /=> nothing listens there/);
  });

  it("follows try_files to the named location it ends in, with the headers sent from there", () => {
    const app = write(
      "app.conf",
      "server {\n    listen 80;\n    location / {\n        try_files $uri @app;\n    }\n    location @app {\n        proxy_pass http://127.0.0.1:3000;\n        proxy_set_header Upgrade $http_upgrade;\n    }\n}\n",
    );
    const result = run("route", app, "http://x.test/cable");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /stops here: try_files depends on files \(tries \$uri, else @app\)/);
    assert.match(result.stdout, /when no file matches, location @app \(app\.conf:6\):/);
    assert.match(result.stdout, /proxy_set_header sent upstream: upgrade: \$http_upgrade/);
  });

  it("--address picks the socket a request arrives at", () => {
    const sockets = write(
      "sockets.conf",
      "server {\n    listen 10.0.0.1:80;\n    location / { return 200 specific; }\n}\nserver {\n    listen 80;\n    location / { return 200 wildcard; }\n}\n",
    );
    const wildcard = run("route", sockets, "http://x.test/");
    assert.match(wildcard.stdout, /=> 200 "wildcard"/);
    const specific = run("route", "--address", "10.0.0.1", sockets, "http://x.test/");
    assert.match(specific.stdout, /=> 200 "specific"/);
  });

  it("reports every usage or I/O error as one line with exit 2", () => {
    const cases: [string[], RegExp][] = [
      [["route"], /^nginx-lint: route: no CONFIG given/],
      [["route", site], /^nginx-lint: route: no URL given/],
      [
        ["route", site, "example.com/x"],
        /^nginx-lint: "example\.com\/x" is not an http:\/\/ or https:\/\/ URL$/,
      ],
      [
        ["route", "--format", "sarif", site, "http://a/"],
        /^nginx-lint: --format must be text or json for route/,
      ],
      [["route", "-H", "nocolon", site, "http://a/"], /^nginx-lint: -H must look like 'Name: value'/],
      [
        ["route", "--method", "get", site, "http://a/"],
        /^nginx-lint: --method must be an upper-case HTTP method/,
      ],
      [
        ["route", "--nginx-version", "x", site, "http://a/"],
        /^nginx-lint: --nginx-version must look like 1\.22\.1/,
      ],
      [
        ["route", "--prefix", "nowhere", site, "http://a/"],
        /^nginx-lint: --prefix nowhere: not a directory$/,
      ],
      [["route", "missing.conf", "http://a/"], /^nginx-lint: missing\.conf: cannot be read \(ENOENT\)$/],
      [
        ["route", "--check", "missing.txt", site],
        /^nginx-lint: --check missing\.txt: cannot be read \(ENOENT\)$/,
      ],
      [
        ["route", "--check", write("garbled.txt", "what is this\n"), site],
        /garbled\.txt:1: expected "METHOD URL -> LOCATION"/,
      ],
      [
        ["route", "--check", write("x.txt", "GET http://a/ -> /\n"), site, "http://a/"],
        /give either URLs or --check FILE, not both/,
      ],
      [["route", "--bogus", site, "http://a/"], /^nginx-lint: Unknown option '--bogus'/],
      [["route", site, "http://a:99999/"], /the port must be 1-65535/],
      [["route", "--address", "::1", site, "http://a/"], /^nginx-lint: --address must be an IPv4 address/],
    ];
    for (const [args, message] of cases) {
      const result = run(...args);
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stdout}${result.stderr}`);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      assert.match(result.stderr.trim(), message);
      assert.equal(result.stdout, "");
    }
  });

  it("leaves the linting command line as it was: a file named route is linted as ./route", () => {
    write("route", "server {\n    listen 80;\n    proxy_passs http://127.0.0.1:1;\n}\n");
    const linted = run("./route");
    assert.equal(linted.status, 1);
    assert.match(linted.stdout, /unknown-directive/);
    const help = run("--help");
    assert.equal(help.status, 0);
    assert.match(help.stdout, /nginx-lint route \[options\] CONFIG URL\.\.\./);
    const routeHelp = run("route", "--help");
    assert.equal(routeHelp.status, 0);
    assert.match(routeHelp.stdout, /--check FILE/);
  });
});
