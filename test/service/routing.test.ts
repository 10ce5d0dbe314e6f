// The routing preview in the language service: "Test a URL" as a trace pointing at the directives
// that decided it, a code lens on each server and location with a URL that reaches it (or the block
// that takes its own path instead), and a location's hover listing the requests it wins and loses.
// The configuration is the issue's own example: a WebSocket location whose paths a later regex takes.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixture, offsetOf } from "./fixture";

const MAIN = `events {}
http {
    include sites-enabled/*.conf;
}
`;

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

    location = /health {
        return 200 "ok";
    }

    location / {
        root /srv/www;
    }
}
`;

/** The workspace with the cursor on `needle` in the site file. */
function open(needle = "server {", delta = 0) {
  const at = offsetOf(SITE, needle, delta);
  return fixture({
    "nginx.conf": MAIN,
    "sites-enabled/chat.conf": SITE.slice(0, at) + "⟨|⟩" + SITE.slice(at),
  });
}

describe("routing preview (language service)", () => {
  it("routes a URL through the main config, each step pointing at the directive that decided it", () => {
    const { service, uri } = open();
    const trace = service.route(uri, "http://chat.example.com:8080/socket.io/?EIO=4");
    assert.ok(trace && !("error" in trace));
    assert.match(trace.summary, /proxy_pass in location ~ \^\/\(api\|socket\)/);
    // The regex location is where the request ends up: line 12 (0-based 11) of the site file.
    assert.equal(trace.location?.uri, uri);
    assert.equal(trace.location?.range.start.line, 11);
    // nginx's order: the socket, the request line ($uri), the Host's server, then the location search.
    const phases = trace.steps.map((s) => s.phase);
    const order = ["listen", "uri", "server", "location"].map((phase) => phases.indexOf(phase));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      phases.join(", "),
    );
    assert.ok(!order.includes(-1), phases.join(", "));
    const server = trace.steps.find((s) => s.phase === "server");
    assert.match(server?.text ?? "", /chat\.example\.com/);
    assert.equal(server?.at?.range.start.line, 2, "the server step points at its server_name");
  });

  it("a URL it cannot take is an error with the URL in it; a document not open, nothing", () => {
    const { service, uri } = open();
    assert.deepEqual(service.route(uri, "ftp://x/"), {
      error: '"ftp://x/" is not an http:// or https:// URL',
    });
    assert.equal(service.route("file:///workspace/not-open.conf", "http://x/"), undefined);
  });

  it("gives each server and location a lens with a URL that reaches it, or names the block that takes its path", () => {
    const { service, uri, text } = open();
    const lenses = service
      .routeLenses(uri)
      .map((l) => `${text.slice(l.start, l.end)}@${l.start}: ${l.title}`);
    const at = (needle: string) => offsetOf(text, needle);
    assert.deepEqual(lenses, [
      `server@${at("server {")}: GET http://chat.example.com:8080/`,
      // /socket.io/ itself goes to the regex; no sample of its own reaches it.
      `location@${at("location /socket.io/")}: Not reached: /socket.io/ → location ~ ^/(api|socket)`,
      `location@${at("location ~")}: GET http://chat.example.com:8080/api`,
      `location@${at("location = /health")}: GET http://chat.example.com:8080/health`,
      `location@${at("location / {")}: GET http://chat.example.com:8080/`,
    ]);
  });

  it("a lens's URL is the one it names, and routing it lands where the lens says", () => {
    const { service, uri, text } = open();
    for (const lens of service.routeLenses(uri)) {
      const trace = service.route(uri, lens.url);
      assert.ok(trace && !("error" in trace));
      const block = text.slice(lens.start, lens.end);
      if (lens.title.startsWith("Not reached")) {
        assert.notEqual(trace.location?.range.start.line, undefined);
        continue;
      }
      assert.ok(lens.title.endsWith(lens.url.replace(/^GET /, "")), lens.title);
      if (block === "location") {
        const line = text.slice(0, lens.start).split("\n").length - 1;
        assert.equal(trace.location?.range.start.line, line, `${lens.url} lands on line ${line}`);
      }
    }
  });

  it("hover on a location lists the requests near its path: those it wins and the block that takes the others", () => {
    const { service, uri } = open("location /socket.io/", 10);
    const markdown = service.hover(uri, offsetOf(SITE, "location /socket.io/", 10))?.markdown ?? "";
    assert.match(markdown, /\*\*Requests\*\* to `http:\/\/chat\.example\.com:8080\/`/);
    assert.match(
      markdown,
      /`GET \/socket\.io\/`: `location ~ \^\/\(api\|socket\)` \(sites-enabled\/chat\.conf:12\)/,
    );
    // Without its slash, the prefix location's automatic redirect answers before any regex is tried.
    assert.match(markdown, /`GET \/socket\.io`: redirected here: 301/);
  });

  it("hover on a location that wins its own path says so, and names the redirect a path without its slash gets", () => {
    const site = SITE.replace("location ~ ^/(api|socket)", "location ~ ^/api");
    const at = offsetOf(site, "location /socket.io/", 2);
    const { service, uri } = fixture({
      "nginx.conf": MAIN,
      "sites-enabled/chat.conf": site.slice(0, at) + "⟨|⟩" + site.slice(at),
    });
    const markdown = service.hover(uri, at)?.markdown ?? "";
    assert.match(markdown, /`GET \/socket\.io\/`: this location/);
    assert.match(markdown, /`GET \/socket\.io\/x`: this location/);
    assert.match(
      markdown,
      /`GET \/socket\.io`: redirected here: 301 → `http:\/\/chat\.example\.com:8080\/socket\.io\/`/,
    );
    const lens = service.routeLenses(uri).find((l) => l.start === offsetOf(site, "location /socket.io/"));
    assert.equal(lens?.title, "GET http://chat.example.com:8080/socket.io/");
  });
});
