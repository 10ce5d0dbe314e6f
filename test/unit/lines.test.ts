// Offsets become LSP positions in one place; these pin CRLF, lone CR and UTF-16 (non-BMP) handling.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LineIndex, lineStartOf } from "../../server/src/parser/lines";

describe("LineIndex", () => {
  it("maps offsets to lines and UTF-16 characters with LF, CRLF and CR", () => {
    const text = "a\nbc\r\nd\re";
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.positionAt(text.indexOf("c")), { line: 1, character: 1 });
    assert.deepEqual(index.positionAt(text.indexOf("d")), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(text.indexOf("e")), { line: 3, character: 0 });
  });

  it("counts a non-BMP character as two UTF-16 units, as LSP does", () => {
    const text = "set $a 😀x;";
    const index = new LineIndex(text);
    assert.deepEqual(index.positionAt(text.indexOf("x")), { line: 0, character: 9 });
  });

  it("round-trips offsets and clamps out-of-range input", () => {
    const text = "http {\r\n  listen 80;\r\n}\r\n";
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === "\r" && text[offset] === "\n") continue;
      assert.equal(index.offsetAt(index.positionAt(offset)), offset);
    }
    assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
    assert.equal(index.offsetAt({ line: 99, character: 0 }), text.length);
    assert.equal(index.offsetAt({ line: 1, character: 999 }), text.indexOf("\r\n}"));
  });
});

describe("lineStartOf", () => {
  it("finds the start of the line holding an offset after LF, CRLF or a lone CR, as LineIndex does", () => {
    const text = "a {\n    b;\r\n    c;\r    d;\n";
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      // The middle of a CRLF is no place a token starts.
      if (text[offset - 1] === "\r" && text[offset] === "\n") continue;
      assert.equal(
        lineStartOf(text, offset),
        index.lineStart(index.positionAt(offset).line),
        `offset ${offset}`,
      );
    }
  });

  it("is the start of the text on the first line, and clamps offsets past the end", () => {
    assert.equal(lineStartOf("server {", 5), 0);
    assert.equal(lineStartOf("a;\nb;", 99), 3);
  });
});
