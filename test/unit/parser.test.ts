// The parser reads text exactly as nginx's tokenizer does and never throws: error codes and offsets,
// not message texts, are what these tests pin.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "../../server/src/parser/parser";
import { quoteOf, type Directive, type Word } from "../../server/src/parser/ast";
import { PARSE_OPTIONS } from "../../server/src/analysis/syntax";

const args = (d: Directive | undefined) => d?.args.map((a) => a.value);
const codes = (text: string) => parse(text, PARSE_OPTIONS).errors.map((e) => e.code);

describe("parser: tokens as nginx reads them", () => {
  it("splits words at white space, ';' and '{' only", () => {
    const [d] = parse("return 200 a}b#c;").directives;
    assert.deepEqual(args(d), ["200", "a}b#c"]);
  });

  it("starts a comment with '#' only at the start of a token", () => {
    const file = parse("set $a b#c; # real comment\nset $d e;");
    assert.deepEqual(file.directives.map(args), [
      ["$a", "b#c"],
      ["$d", "e"],
    ]);
    assert.equal(file.comments.length, 1);
    assert.equal(file.text.slice(file.comments[0]?.start, file.comments[0]?.end), "# real comment");
  });

  it("keeps ${var} together: '{' after '$' does not open a block", () => {
    const [d] = parse('set $x "${host}y";\nset $z ${host}w;').directives;
    assert.deepEqual(args(d), ["$x", "${host}y"]);
    assert.equal(parse("set $z ${host}w;").directives[0]?.args[1]?.value, "${host}w");
  });

  it("unescapes quotes, backslashes, \\t \\r \\n and keeps other escapes", () => {
    const text = String.raw`add_header X "a\"b\\c\td\q" 'it\'s';`;
    const [d] = parse(text).directives;
    assert.deepEqual(args(d), ["X", 'a"b\\c\td\\q', "it's"]);
    assert.equal(quoteOf(d?.args[0] as Word, text), null);
    assert.equal(quoteOf(d?.args[1] as Word, text), '"');
    assert.equal(quoteOf(d?.args[2] as Word, text), "'");
  });

  it("lets quoted strings span lines", () => {
    const file = parse("log_format main 'a\n  b';");
    assert.deepEqual(file.errors, []);
    assert.equal(file.directives[0]?.args[1]?.value, "a\n  b");
  });

  it("reads if conditions and regex locations as plain words", () => {
    const file = parse('if ($http_x ~* "^(a|b)$") { return 403; }\nlocation ~ ^/(api|ws)/v[0-9]+$ { }');
    assert.deepEqual(file.errors, []);
    assert.deepEqual(args(file.directives[0]), ["($http_x", "~*", "^(a|b)$", ")"]);
    assert.deepEqual(args(file.directives[1]), ["~", "^/(api|ws)/v[0-9]+$"]);
  });

  it("an unquoted regex with {n} opens a block, as in nginx", () => {
    const file = parse("location ~ ^/a{2}$ { }");
    assert.equal(file.directives[0]?.block !== undefined, true);
    assert.deepEqual(args(file.directives[0]), ["~", "^/a"]);
  });

  it("keeps *_by_lua_block bodies as raw text, with Lua strings and comments", () => {
    const text = 'content_by_lua_block {\n  local t = { a = "}" } -- }\n  ngx.say([[ } ]])\n}\nroot /srv;';
    const file = parse(text);
    assert.deepEqual(file.errors, []);
    assert.equal(file.directives.length, 2);
    const raw = file.directives[0]?.raw;
    assert.ok(raw && raw.close !== undefined);
    assert.equal(text[raw.close], "}");
    assert.equal(file.directives[1]?.name.value, "root");
  });

  it("handles set_by_lua_block with a variable before the body", () => {
    const file = parse("set_by_lua_block $v { return 1 }\nroot /srv;");
    assert.deepEqual(file.errors, []);
    assert.deepEqual(args(file.directives[0]), ["$v"]);
  });

  it("keeps exact offsets for names, arguments and blocks", () => {
    const text = "http {\n  server { listen 80; }\n}\n";
    const http = parse(text).directives[0] as Directive;
    const server = http.block?.children[0] as Directive;
    const listen = server.block?.children[0] as Directive;
    assert.equal(text.slice(listen.name.start, listen.name.end), "listen");
    assert.equal(text.slice(listen.name.start, listen.end), "listen 80;");
    assert.equal(text.slice(server.name.start, server.end), "server { listen 80; }");
    assert.equal(text.slice(http.name.start, http.end), text.trimEnd());
  });
});

describe("parser: errors and recovery", () => {
  it("reports a missing ';' before '}' and keeps the tree", () => {
    const file = parse("server { listen 80 }");
    assert.deepEqual(
      file.errors.map((e) => e.code),
      ["missing-semicolon"],
    );
    assert.deepEqual(args(file.directives[0]?.block?.children[0]), ["80"]);
  });

  it("reports a missing ';' when a directive name starts the next line", () => {
    const text = "server {\n  root /srv\n  location / { }\n}";
    const file = parse(text, PARSE_OPTIONS);
    assert.deepEqual(
      file.errors.map((e) => e.code),
      ["missing-semicolon"],
    );
    const error = file.errors[0];
    assert.equal(text.slice(error?.start, error?.end).trimEnd(), "/srv");
    assert.deepEqual(
      file.directives[0]?.block?.children.map((d) => d.name.value),
      ["root", "location"],
    );
  });

  it("does not split map bodies on directive-like keys", () => {
    assert.deepEqual(codes("map $a $b {\n  default\n  root;\n}"), []);
  });

  it("reports an unclosed block at the last token, pointing at the block", () => {
    const text = "http {\n  server {\n    listen 80;\n  }\n# trailing comment\n";
    const file = parse(text);
    assert.deepEqual(
      file.errors.map((e) => e.code),
      ["unclosed-block"],
    );
    const error = file.errors[0];
    assert.equal(text[error?.start ?? -1], "}");
    assert.equal(text.slice(error?.related?.start, error?.related?.end), "{");
  });

  it("reports a stray '}' and goes on", () => {
    const file = parse("}\nlisten 80;");
    assert.deepEqual(
      file.errors.map((e) => e.code),
      ["unexpected-closing-brace"],
    );
    assert.equal(file.directives[0]?.name.value, "listen");
  });

  it("ends an unterminated string at its line so the rest still parses", () => {
    const file = parse('add_header X "oops;\nroot /srv;\n', PARSE_OPTIONS);
    assert.deepEqual(
      file.errors.map((e) => e.code),
      ["unterminated-string"],
    );
    assert.equal(file.directives.at(-1)?.name.value, "root");
  });

  it("reports ';' or '{' with no directive, and text glued to a closing quote", () => {
    assert.deepEqual(codes(";"), ["unexpected-token"]);
    assert.deepEqual(codes("{ }"), ["unexpected-token"]);
    assert.deepEqual(codes('return 200 "a"b;'), ["unexpected-token"]);
  });

  it("stops following blocks nested deeper than MAX_DEPTH instead of exhausting the stack", () => {
    const text = "a {".repeat(100_000) + "}".repeat(100_000) + "\nroot /srv;";
    const file = parse(text);
    assert.deepEqual(
      file.errors.map((e) => e.code),
      ["nesting-too-deep"],
    );
    assert.equal(file.directives.at(-1)?.name.value, "root", "parsing goes on after the skipped block");
  });

  it("reports an unclosed Lua block", () => {
    assert.deepEqual(codes("content_by_lua_block {\n ngx.say(1)\n"), ["unclosed-block"]);
  });

  it("never throws, and keeps every range inside the text, on hostile input", () => {
    for (const text of [
      "",
      "\u0000",
      "{{{{",
      "}}}}",
      '"',
      "'",
      "\\",
      "${",
      "a ${",
      "\uFEFFhttp {}",
      "x\r\ny;\r\n",
      "💥 {",
      "#",
    ]) {
      const file = parse(text, PARSE_OPTIONS);
      for (const error of file.errors) {
        assert.ok(
          error.start >= 0 && error.end <= text.length && error.start <= error.end,
          `${JSON.stringify(text)}`,
        );
      }
    }
  });
});
