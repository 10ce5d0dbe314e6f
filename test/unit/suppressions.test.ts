// Suppression comments, as the engine applies them for both front ends: which statement a
// disable-next-line comment covers, and that nothing else is silenced; and the editor's action
// that writes one.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { overlayFileSystem } from "../../server/src/analysis/files";
import type { Diagnostic } from "../../server/src/diagnostics";
import { disableForLine } from "../../server/src/features/code-actions";
import { LineIndex } from "../../server/src/parser/lines";
import { parse } from "../../server/src/parser/parser";
import { analyze } from "../../server/src/service";
import { PARSE_OPTIONS } from "../../server/src/analysis/syntax";

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

describe("the 'Disable CODE for this line' action", () => {
  /** The text after the action for the first finding of `code`, or undefined when none is offered. */
  function disabled(text: string, code: string): string | undefined {
    const fs = overlayFileSystem(new Map([[FILE, text]]));
    const analysis = analyze(FILE, { fs, text, prefix: "/nonexistent-suppressions" });
    const finding = analysis.findings.find((f) => f.code === code);
    assert.ok(finding, `no ${code} in ${JSON.stringify(analysis.findings.map((f) => f.code))}`);
    const lines = new LineIndex(text);
    const diagnostic: Diagnostic = {
      range: { start: lines.positionAt(finding.start), end: lines.positionAt(finding.end) },
      severity: finding.severity,
      code,
      source: "nginx",
      message: finding.message,
    };
    const parsed = parse(text, PARSE_OPTIONS);
    const action = disableForLine(
      diagnostic,
      "file:///x",
      parsed,
      (p) => lines.offsetAt(p),
      (o) => lines.positionAt(o),
    );
    const edit = action?.changes["file:///x"]?.[0];
    if (!edit) return undefined;
    const at = lines.offsetAt(edit.range.start);
    return text.slice(0, at) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
  }

  it("inserts the comment above the statement, with its indentation and line ending, and it works", () => {
    const text = "server {\r\n    listen 80;\r\n    gzipp on;\r\n}\r\n";
    const after = disabled(text, "unknown-directive");
    assert.equal(
      after,
      "server {\r\n    listen 80;\r\n    # nginx-lint: disable-next-line unknown-directive\r\n    gzipp on;\r\n}\r\n",
    );
    assert.deepEqual(findings(after ?? ""), []);
  });

  it("adds the code to a disable-next-line comment right above instead of a second comment", () => {
    const text = "server {\n    # nginx-lint: disable-next-line websocket-missing\n    gzipp on;\n}\n";
    assert.equal(
      disabled(text, "unknown-directive"),
      "server {\n    # nginx-lint: disable-next-line websocket-missing,unknown-directive\n    gzipp on;\n}\n",
    );
  });

  it("is not offered where the comment could not work", () => {
    assert.equal(disabled("server { listen 80; gzipp on; }\n", "unknown-directive"), undefined);
  });
});
