// Hover, in process: the language service's answer at a marked cursor, as offsets into the document.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixture, offsetOf } from "./fixture";
import { chatWorkspace, MAIN, mark, SITE } from "../support/chat-workspace";

describe("hover (language service)", () => {
  // CONTRIBUTING.md shows this test as the example of a cursor-marker fixture.
  it("hover on a variable the main config's map defines names the map's line", () => {
    const { service, uri, offset } = fixture({
      "nginx.conf":
        "events {}\nhttp {\n    map $http_upgrade $c { default upgrade; }\n    include site.conf;\n}\n",
      "site.conf": "server {\n    location / {\n        proxy_set_header Connection $⟨|⟩c;\n    }\n}\n",
    });
    assert.match(service.hover(uri, offset)?.markdown ?? "", /by `map` at nginx\.conf:3/);
  });

  it("on a directive: its syntax, default and contexts, over the directive's name", () => {
    const { service, uri, text, offset } = fixture(chatWorkspace(mark(SITE, "proxy_http_version", 3)));
    const hover = service.hover(uri, offset);
    assert.ok(hover);
    assert.match(hover.markdown, /```nginx\nproxy_http_version 1\.0 \| 1\.1[^\n]*;\n```/);
    assert.match(hover.markdown, /Allowed in: http, server, location/);
    assert.equal(text.slice(hover.start, hover.end), "proxy_http_version");
  });

  it("on a built-in variable: what nginx puts in it, over the variable with its $", () => {
    const { service, uri, text, offset } = fixture(chatWorkspace(mark(SITE, "$http_upgrade", 4)));
    const hover = service.hover(uri, offset);
    assert.ok(hover);
    assert.match(hover.markdown, /\*\*\$http_upgrade\*\* is built into nginx/);
    assert.equal(text.slice(hover.start, hover.end), "$http_upgrade");
  });

  it("on a variable the main config's map defines: the map, with the file and line it is at", () => {
    const { service, uri, offset } = fixture(chatWorkspace(mark(SITE, "$connection_upgrade", 5)));
    const markdown = service.hover(uri, offset)?.markdown ?? "";
    assert.match(markdown, /defined in this configuration by `map` at nginx\.conf:7/);
  });

  it("names lines as the diagnostics do, in a main config with CRLF line ends", () => {
    const crlf = MAIN.replace(/\n/g, "\r\n");
    const { service, uri, offset } = fixture(chatWorkspace(mark(SITE, "$connection_upgrade", 5), crlf));
    assert.match(service.hover(uri, offset)?.markdown ?? "", /by `map` at nginx\.conf:7/);
  });

  it("on proxy_set_header in a location: the headers in effect, and the server's it drops", () => {
    const { service, uri, offset } = fixture(chatWorkspace(mark(SITE, "proxy_set_header Upgrade", 4)));
    const markdown = service.hover(uri, offset)?.markdown ?? "";
    assert.match(markdown, /Headers nginx sends to the upstream from `location \/ws\/`/);
    assert.match(markdown, /\| Upgrade \| `\$http_upgrade` \| sites-enabled\/chat\.conf:10 \|/);
    assert.match(markdown, /Dropped here[\s\S]*`X-Real-IP \$remote_addr` from `server chat\.example\.com`/);
  });

  it("uses the record of the context: a stream server is not the http one", () => {
    const { service, uri, offset } = fixture({
      "nginx.conf": mark(MAIN, "server {\n        listen 5000", 2),
    });
    const markdown = service.hover(uri, offset)?.markdown ?? "";
    assert.match(markdown, /ngx_stream_core_module/);
    assert.doesNotMatch(markdown, /ngx_http_core_module/);
  });

  it("is empty on white space and in a comment", () => {
    const comment = fixture({ "nginx.conf": mark(MAIN, "# Global", 3) });
    assert.equal(comment.service.hover(comment.uri, comment.offset), undefined);
    const blank = fixture(chatWorkspace(mark(SITE, "\n\n    location /ws/", 1)));
    assert.equal(blank.service.hover(blank.uri, blank.offset), undefined);
  });

  it("answers for the text as it is now, even before the scheduled analysis runs", () => {
    const { session, service, uri } = fixture(chatWorkspace(mark(SITE, "listen")));
    const changed = SITE.replace("proxy_http_version 1.1;", "proxy_buffering off;");
    session.open("sites-enabled/chat.conf", changed, 2);
    const hover = service.hover(uri, offsetOf(changed, "proxy_buffering", 2));
    assert.match(hover?.markdown ?? "", /```nginx\nproxy_buffering on \| off;/);
  });

  it("is empty for a document that is not open", () => {
    const { session, service } = fixture(chatWorkspace(mark(SITE, "listen")));
    assert.equal(service.hover(session.uri("nginx.conf"), offsetOf(MAIN, "worker_processes")), undefined);
  });
});
