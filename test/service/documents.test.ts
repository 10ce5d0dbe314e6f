// Where the language service places documents, and how it finds the workspace's main configs: the
// parts of the service that decide which files a document is judged with.

import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { findMainConfigs } from "../../server/src/features/project";
import { DETACHED_FOLDER, placeOf } from "../../server/src/language-service/documents";
import { memoryFileSystem } from "../support/memory-fs";
import { Session, WORKSPACE } from "./fixture";

describe("document placement", () => {
  it("a file: URI is the file it names", () => {
    assert.deepEqual(placeOf("file:///etc/nginx/nginx.conf", WORKSPACE), {
      file: "/etc/nginx/nginx.conf",
      placement: "file",
    });
  });

  it("an untitled buffer goes in the first workspace folder, or in no folder of the user's", () => {
    assert.deepEqual(placeOf("untitled:Untitled-1", WORKSPACE), {
      file: path.join(WORKSPACE, "Untitled-1.untitled"),
      placement: "untitled",
    });
    assert.equal(path.dirname(placeOf("untitled:Untitled-1", undefined).file), DETACHED_FOLDER);
  });

  it("a URI that names no local path gets a made-up file of its own, one per URI", () => {
    const remote = placeOf("vscode-vfs://github/owner/repo/nginx.conf", WORKSPACE);
    const other = placeOf("vscode-vfs://github/other/repo/nginx.conf", WORKSPACE);
    assert.equal(remote.placement, "unmapped");
    assert.equal(path.dirname(remote.file), DETACHED_FOLDER);
    assert.notEqual(remote.file, other.file);
    assert.equal(placeOf("file://remote-host/%2F", WORKSPACE).placement, "unmapped");
  });

  it("an unmapped document reads nothing, not even a file its include names", () => {
    const session = new Session({ "secret.conf": "gzip on;\n" });
    const uri = "vscode-vfs://github/owner/repo/site.conf";
    session.service.change(uri, `server {\n    include ${WORKSPACE}/secret.conf;\n}\n`, 1);
    const messages = session.diagnostics(uri).map((d) => d.message);
    assert.deepEqual(messages, [
      `Included file "${WORKSPACE}/secret.conf" is outside the workspace and the configured include roots, so it is not read`,
    ]);
    // The same text in a file of the workspace reads it.
    const inside = session.open("site.conf", `server {\n    include ${WORKSPACE}/secret.conf;\n}\n`);
    assert.deepEqual(session.diagnostics(inside), []);
  });
});

describe("the workspace's main configs", () => {
  const tree = memoryFileSystem(
    new Map(
      Object.entries({
        "/w/nginx.conf": "",
        "/w/a/b/c/nginx.conf": "",
        "/w/a/b/c/d/nginx.conf": "",
        "/w/.git/nginx.conf": "",
        "/w/node_modules/pkg/nginx.conf": "",
        "/w/etc/nginx/nginx.conf": "",
        "/w/etc/nginx/sites-enabled/site.conf": "",
        "/v/nginx.conf": "",
      }),
    ),
  );

  it("are the nginx.conf files up to three folders down, hidden and package folders left out", () => {
    assert.deepEqual(findMainConfigs(["/w"], tree), [
      "/w/a/b/c/nginx.conf",
      "/w/etc/nginx/nginx.conf",
      "/w/nginx.conf",
    ]);
  });

  it("are searched in every workspace folder, in the folders' order", () => {
    assert.deepEqual(findMainConfigs(["/v", "/w/etc"], tree), ["/v/nginx.conf", "/w/etc/nginx/nginx.conf"]);
  });
});
