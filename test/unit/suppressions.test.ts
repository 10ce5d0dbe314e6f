// Suppression comments, as the engine applies them for both front ends: which statement a
// disable-next-line comment covers, and that nothing else is silenced.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { analyze } from "../../server/src/service";

const FILE = "/nonexistent-suppressions/site.conf";

/** Each finding as "code@line" (1-based), in order. */
function findings(text: string): string[] {
  const fs = overlayFileSystem(new Map([[FILE, text]]));
  return analyze(FILE, { fs, text, prefix: "/nonexistent-suppressions" }).findings.map(
    (f) => `${f.code}@${text.slice(0, f.start).split("\n").length}`,
  );
}

describe("suppression comments", () => {
  it("a comment above a block covers the block's head, not the statements inside it", () => {
    const text = [
      "server {",
      "    listen 80;",
      "    # nginx-lint: disable-next-line websocket-missing unknown-directive",
      "    location /ws/ {",
      "        proxy_pass http://127.0.0.1:1;",
      "        gzipp on;",
      "    }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(findings(text), ["unknown-directive@6"]);
  });

  it("covers only the codes it lists; a comment that lists none silences nothing", () => {
    const text =
      "server {\n    # nginx-lint: disable-next-line\n    gzipp on;\n    # nginx-lint: disable-next-line invalid-value\n    gzipp off;\n}\n";
    assert.deepEqual(findings(text), ["unknown-directive@3", "unknown-directive@5"]);
  });

  it("reaches past comments and blank lines to the next statement, also into the next block", () => {
    const text =
      "# nginx-lint: disable-next-line unknown-directive\n\n# another comment\nserver {\n    gzipp on;\n}\nserverr {\n}\n";
    // The next statement is `server`, which has no such finding; its child and the later typo stay.
    assert.deepEqual(findings(text), ["unknown-directive@5", "unknown-directive@7"]);
    const inner = "server {\n    # nginx-lint: disable-next-line unknown-directive\n}\nserverr {\n}\n";
    // Nothing follows in the block: the next statement is the one after it.
    assert.deepEqual(findings(inner), []);
  });

  it("disable-file covers the whole file; a comment at the end of a file is harmless", () => {
    const text =
      "server {\n    gzipp on;\n    location / {\n        gzipp off;\n    }\n}\n# nginx-lint: disable-file unknown-directive\n";
    assert.deepEqual(findings(text), []);
    assert.deepEqual(
      findings("server {\n    gzipp on;\n}\n# nginx-lint: disable-next-line unknown-directive"),
      ["unknown-directive@2"],
    );
  });

  it("a '#' inside a quoted argument is not a comment", () => {
    const text =
      'server {\n    return 200 "# nginx-lint: disable-file unknown-directive";\n    gzipp on;\n}\n';
    assert.deepEqual(findings(text), ["unknown-directive@3"]);
  });
});
