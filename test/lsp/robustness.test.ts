// The server survives whatever an editor sends it: binary garbage, a 1 MB line, unbalanced braces, NUL
// bytes, positions past the end of a document, requests for documents it never saw. After each, it
// still answers a hover, and at the end it shuts down cleanly.

import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { hoverText, makeWorkspace, TestClient } from "./client";

const SANE = "server {\n    location / {\n        proxy_pass http://127.0.0.1:3000;\n    }\n}\n";

/** Deterministic bytes, read as text the way an editor shows a binary file. */
function randomText(size: number, seed: string): string {
  const bytes = Buffer.alloc(size);
  let block = crypto.createHash("sha256").update(seed).digest();
  for (let i = 0; i < size; i++) {
    if (i % 32 === 0 && i > 0) block = crypto.createHash("sha256").update(block).digest();
    bytes[i] = block[i % 32] as number;
  }
  return bytes.toString("latin1");
}

const GARBAGE: Record<string, string> = {
  "random bytes": randomText(64 * 1024, "nginx"),
  "a 1 MB line": `server_name ${"a".repeat(1024 * 1024)};\n`,
  "unbalanced braces": "http {\n server {\n location / {\n }}}}}}\n{{{{ { {\nlocation {\n" + "}".repeat(100),
  "NUL bytes":
    "server {\u0000\n    listen\u0000 80;\u0000\n    location /\u0000 { proxy_pass http://\u0000; }\n}\n\u0000",
  "deep nesting": "location / {\n".repeat(2000) + "}\n".repeat(1000),
  "quotes and escapes": `server { return 200 "unterminated\\"; location '/x { "\n${"\\".repeat(1000)}`,
  "only a dollar": "$",
  empty: "",
};

describe("robustness", () => {
  const workspace = makeWorkspace({});
  let client: TestClient;
  const sane = (): string => workspace.uri("sane.conf");

  /** The server is alive and answers a real question. */
  async function stillAnswers(): Promise<void> {
    assert.ok(client.alive, "the server process is still running");
    const hover = await client.hover(sane(), { line: 2, character: 10 });
    assert.match(hoverText(hover), /\*\*proxy_pass\*\*/);
  }

  before(async () => {
    client = await TestClient.start({ folders: [workspace.dir] });
    const since = await client.open(sane(), SANE);
    await client.waitForDiagnostics(sane(), () => true, { since });
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    const crashes = client.messages.filter((m) => /failed:|uncaught/.test(m));
    fs.rmSync(workspace.dir, { recursive: true, force: true });
    assert.deepEqual(crashes, [], "no handler had to catch an error of its own");
  });

  for (const [name, text] of Object.entries(GARBAGE)) {
    it(`${name}: diagnostics, and every request answered`, async () => {
      const uri = workspace.uri(`${name.replace(/\W+/g, "-")}.conf`);
      const since = await client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, () => true, { since, timeoutMs: 20_000 });
      assert.ok(Array.isArray(published.diagnostics));
      const lines = text.split("\n").length;
      const positions = [
        { line: 0, character: 0 },
        { line: 0, character: 5 },
        { line: Math.floor(lines / 2), character: 3 },
        { line: lines - 1, character: 0 },
      ];
      for (const position of positions) {
        await client.hover(uri, position);
        await client.completion(uri, position);
        await client.definition(uri, position);
        const range = { start: position, end: position };
        await client.codeActions(uri, range, published.diagnostics);
      }
      await client.codeActions(uri, { start: positions[0]!, end: positions[0]! }, [], ["source.fixAll"]);
      await client.symbols(uri);
      await client.folding(uri);
      await client.close(uri);
      await stillAnswers();
    });
  }

  it("positions out of range and unknown documents get empty answers", async () => {
    const far = { line: 1_000_000, character: 1_000_000 };
    const negative = { line: -1, character: -5 };
    // Past the end is the end of the text (white space there); before the start is the start.
    assert.equal(await client.hover(sane(), far), null);
    for (const position of [far, negative, { line: 0, character: 1_000_000 }]) {
      await client.hover(sane(), position);
      await client.completion(sane(), position);
      assert.deepEqual(await client.definition(sane(), position), []);
      await client.codeActions(sane(), { start: position, end: far }, []);
    }
    const unknown = workspace.uri("never-opened.conf");
    assert.equal(await client.hover(unknown, { line: 0, character: 0 }), null);
    assert.deepEqual(await client.completion(unknown, { line: 0, character: 0 }), []);
    assert.deepEqual(await client.symbols(unknown), []);
    assert.deepEqual(await client.folding(unknown), []);
    // A diagnostic that is not the server's (or is malformed) is ignored, not trusted.
    const foreign = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      message: "x",
      data: { fixes: [{ title: 1, edits: "no" }] },
    };
    assert.deepEqual(await client.codeActions(sane(), foreign.range, [foreign]), []);
    await stillAnswers();
  });
});
