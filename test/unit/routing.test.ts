// route() without nginx: the steps of the decision pinned on small configurations (the oracle in
// test/routing proves the same engine against the real nginx), the URI rules, the Host rules, and the
// regexes RE2 cannot run exactly as PCRE, which must come out undecidable.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyze } from "../../server/src/service";
import { route, type RouteRequest, type RouteResult } from "../../server/src/routing/route";
import { parseTarget } from "../../server/src/routing/uri";
import { validateHost } from "../../server/src/routing/servers";
import { compileNginxRegex, execNginxRegex } from "../../server/src/routing/regex";
import { scratchFolder } from "../support/scratch";

const { write } = scratchFolder("routing-unit-");
let count = 0;

function routeIn(
  config: string,
  target: string,
  extra: Partial<RouteRequest> = {},
  caseInsensitive = false,
): RouteResult {
  const file = write(`c${count++}/nginx.conf`, `events {}\nhttp {\n${config}\n}\n`);
  const loaded = analyze(file).config;
  return route(
    loaded,
    { method: "GET", scheme: "http", host: "a.test", port: 80, target, ...extra },
    { caseInsensitive },
  );
}

/** The chosen location as written ("~ ^/api", "= /"), or "none". */
function where(result: RouteResult): string {
  return result.location ? result.location.directive.args.map((a) => a.value).join(" ") : "none";
}

describe("routing: the URI", () => {
  it("decodes, merges slashes and resolves dot segments as nginx does", () => {
    const cases: [string, boolean, string | number][] = [
      ["/a%2Fb", true, "/a/b"],
      ["/a//b", true, "/a/b"],
      ["/a//b", false, "/a//b"],
      ["/a%2F%2Fb", true, "/a/b"],
      ["/a/./b", true, "/a/b"],
      ["/a/x/../b", true, "/a/b"],
      ["/a/x/%2e%2E/b", true, "/a/b"],
      ["/a/b/.", true, "/a/b/"],
      ["/a/b/..", true, "/a/"],
      ["/..", true, 400],
      ["/../a", true, 400],
      ["/%zz", true, 400],
      ["/%2", true, 400],
      ["/%00", true, 400],
      ["/%25", true, "/%"],
      ["/a%3Fb", true, "/a?b"],
      ["/a#frag", true, "/a"],
      ["/a b", true, 400],
      ["a", true, 400],
    ];
    for (const [raw, merge, expected] of cases) {
      const parsed = parseTarget(raw, merge);
      if (typeof expected === "number") assert.equal(parsed.ok, false, raw);
      else assert.deepEqual(parsed.ok && parsed.uri, expected, raw);
    }
    const withArgs = parseTarget("/p/../q?x=/../y#z", true);
    assert.ok(withArgs.ok);
    assert.equal(withArgs.uri, "/q");
    assert.equal(withArgs.args, "x=/../y");
  });

  it("validates the Host: lower case, no port, no trailing dot; refuses '..', '/' and an empty name", () => {
    assert.equal(validateHost("Example.COM:8080"), "example.com");
    assert.equal(validateHost("example.com."), "example.com");
    assert.equal(validateHost("[::1]:80"), "[::1]");
    assert.equal(validateHost("a..b"), undefined);
    assert.equal(validateHost("a/b"), undefined);
    assert.equal(validateHost(":80"), undefined);
  });
});

describe("routing: the location search", () => {
  const ws = `server { listen 80; server_name a.test;
    location /socket.io/ { proxy_pass http://127.0.0.1:1; }
    location ~ ^/(api|socket) { proxy_pass http://127.0.0.1:1; }
    location = /exact { }
    location ^~ /static/ { }
    location ~ \\.css$ { }
  }`;

  it("tries the regexes after the longest prefix, unless it is ^~; an exact match ends the search", () => {
    assert.equal(where(routeIn(ws, "/socket.io/?EIO=4")), "~ ^/(api|socket)");
    assert.equal(where(routeIn(ws, "/static/a.css")), "^~ /static/");
    assert.equal(where(routeIn(ws, "/other/a.css")), "~ \\.css$");
    assert.equal(where(routeIn(ws, "/exact")), "= /exact");
    assert.equal(where(routeIn(ws, "/nothing")), "none");
  });

  it("redirects a proxied prefix's name without its slash, before any regex", () => {
    // The port in the Location is the local socket's (80: left out), not the one the Host names.
    const result = routeIn(ws, "/socket.io?x=1", { host: "A.test:8080" });
    assert.equal(result.outcome.kind, "response");
    assert.deepEqual(result.outcome.kind === "response" && [result.outcome.status, result.outcome.location], [
      301,
      "http://a.test/socket.io/?x=1",
    ]);
  });

  it("searches nested locations first, and a nested ^~ does not stop the outer regexes", () => {
    const nested = `server { listen 80;
      location /a/ { location ^~ /a/b/ { } location ~ \\.php$ { } }
      location ~ /a/b/c { }
    }`;
    assert.equal(where(routeIn(nested, "/a/b/c")), "~ /a/b/c");
    assert.equal(where(routeIn(nested, "/a/b/x")), "^~ /a/b/");
    assert.equal(where(routeIn(nested, "/a/x.php")), "~ \\.php$");
  });

  it("files a dozen regexes by their literal start without losing order, case or UTF-8", () => {
    const regexes = Array.from({ length: 10 }, (_, i) => `location ~ ^/r${i}/ { }`).join("\n");
    const conf = `server { listen 80;
      location ~ ^/café/ { }
      ${regexes}
      location ~* ^/UP/ { }
      location ~ \\.txt$ { }
      location ~ ^/r1/x { }
    }`;
    assert.equal(where(routeIn(conf, "/caf%C3%A9/x")), "~ ^/café/");
    assert.equal(where(routeIn(conf, "/r1/x.txt")), "~ ^/r1/");
    assert.equal(where(routeIn(conf, "/up/a")), "~* ^/UP/");
    assert.equal(where(routeIn(conf, "/q/a.txt")), "~ \\.txt$");
    assert.equal(where(routeIn(conf, "/r10/")), "none");
  });

  it("on a case-insensitive build compares prefixes without case", () => {
    const conf = `server { listen 80; location /Docs/ { } location / { } }`;
    assert.equal(where(routeIn(conf, "/docs/x")), "/");
    assert.equal(where(routeIn(conf, "/docs/x", {}, true)), "/Docs/");
  });
});

describe("routing: servers", () => {
  const servers = `server { listen 80; server_name exact.test; location / { } }
    server { listen 80; server_name *.wild.test; location / { } }
    server { listen 80; server_name www.tail.*; location / { } }
    server { listen 80; server_name ~^r\\d+\\.test$; location / { } }
    server { listen 80 default_server; server_name dflt.test; location / { } }
    server { listen 8080; location / { } }`;
  const line = (result: RouteResult): number | undefined => {
    const server = result.server;
    return server
      ? server.file.parsed.text.slice(0, server.directive.name.start).split("\n").length
      : undefined;
  };

  it("picks exact, leading wildcard, trailing wildcard, regex, then the default server", () => {
    assert.equal(line(routeIn(servers, "/", { host: "exact.test" })), 3);
    assert.equal(line(routeIn(servers, "/", { host: "x.wild.test" })), 4);
    assert.equal(line(routeIn(servers, "/", { host: "www.tail.org" })), 5);
    assert.equal(line(routeIn(servers, "/", { host: "r42.test" })), 6);
    assert.equal(line(routeIn(servers, "/", { host: "nobody.test" })), 7);
    assert.equal(line(routeIn(servers, "/", { host: undefined, httpVersion: "1.0" })), 7);
    assert.equal(line(routeIn(servers, "/", { host: "exact.test", port: 8080 })), 8);
  });

  it("answers 400 for an invalid Host or an HTTP/1.1 request without one, and says when nothing listens", () => {
    const bad = routeIn(servers, "/", { host: "a..b" });
    assert.equal(bad.outcome.kind === "response" && bad.outcome.status, 400);
    const none = routeIn(servers, "/", { host: undefined });
    assert.equal(none.outcome.kind === "response" && none.outcome.status, 400);
    assert.equal(routeIn(servers, "/", { port: 9 }).outcome.kind, "no-server");
  });
});

describe("routing: what cannot be decided", () => {
  it("calls a regex RE2 cannot run as PCRE undecidable, and a subject where they differ", () => {
    for (const pattern of ["(?!x)a", "(a)\\1", "a++", "\\Ka", "(?<=a)b"]) {
      const outcome = execNginxRegex(compileNginxRegex(pattern, false), "aa");
      assert.equal(outcome.kind, "undecidable", pattern);
    }
    assert.equal(execNginxRegex(compileNginxRegex("^/a$", false), "/a\n").kind, "undecidable");
    assert.equal(execNginxRegex(compileNginxRegex("^/a$", false), "/a").kind, "match");
    assert.equal(execNginxRegex(compileNginxRegex("\\s", false), "\x0b").kind, "undecidable");
    assert.equal(execNginxRegex(compileNginxRegex("é", true), "\xc3\x89").kind, "undecidable");
    assert.equal(execNginxRegex(compileNginxRegex("(?<name>a)", false), "a").kind, "match");
  });

  it("stops at try_files and at file tests, and names what it is", () => {
    const conf = `server { listen 80;
      location / { try_files $uri $uri/ @app; }
      location @app { proxy_pass http://127.0.0.1:2; proxy_set_header Upgrade $http_upgrade; }
      location /f/ { if (-f $request_filename) { return 200; } }
      location /m/ { return 200 $mapped; }
    }`;
    const tried = routeIn(conf, "/x");
    assert.equal(tried.outcome.kind, "content");
    assert.match(tried.steps[tried.steps.length - 2]?.text ?? "", /stops here: try_files depends on files/);
    assert.match(
      tried.steps[tried.steps.length - 1]?.text ?? "",
      /when no file matches: "location @app", answered by proxy_pass http:\/\/127\.0\.0\.1:2/,
    );
    assert.equal(tried.fallback?.location.directive.args[0]?.value, "@app");
    assert.deepEqual(
      tried.fallback?.proxyHeaders?.headers.map((h) => `${h.name} ${h.value}`),
      ["upgrade $http_upgrade"],
    );
    const file = routeIn(conf, "/f/x");
    assert.equal(file.outcome.kind === "undecidable" && file.outcome.why, '"-f" tests the file system');
    assert.equal(routeIn(conf, "/m/x").outcome.kind, "undecidable");
  });

  it("lists the directives in effect with the proxy headers of the analysis model", () => {
    const conf = `server { listen 80; proxy_set_header X-A 1; proxy_read_timeout 5s;
      location /ws/ { proxy_pass http://127.0.0.1:1; proxy_set_header Upgrade $http_upgrade; }
    }`;
    const result = routeIn(conf, "/ws/");
    assert.deepEqual(
      result.effective.map((d) => `${d.name} ${d.args.join(" ")}`),
      ["proxy_read_timeout 5s", "proxy_set_header Upgrade $http_upgrade"],
    );
    assert.deepEqual(
      result.proxyHeaders?.headers.map((h) => h.name),
      ["upgrade"],
    );
  });
});
