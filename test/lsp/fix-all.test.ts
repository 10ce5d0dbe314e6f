// The plain helpers behind code actions and completion snippets, without a server: how fix-all merges
// the preferred fixes of WebSocket diagnostics (whole fixes only, overlaps skipped, identical edits
// once), and how a directive's syntax line becomes a snippet.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Diagnostic, DiagnosticFix } from "../../server/src/diagnostics";
import {
  ADD_WEBSOCKET_TITLE,
  addWebSocketFixes,
  FIX_ALL_TITLE,
  fixAllWebSocket,
  quickFixes,
} from "../../server/src/features/code-actions";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { analyze } from "../../server/src/service";
import { applyEdits } from "../../server/src/analysis/edits";
import { directiveSnippet } from "../../server/src/features/completion";
import { factsFor } from "../../server/src/model/directives";

const URI = "file:///etc/nginx/nginx.conf";

function at(line: number, from: number, to = from): Diagnostic["range"] {
  return { start: { line, character: from }, end: { line, character: to } };
}

function diagnostic(code: string, line: number, fixes: DiagnosticFix[]): Diagnostic {
  return { range: at(line, 4, 12), severity: 2, code, source: "nginx", message: code, data: { fixes } };
}

function fix(title: string, preferred: boolean, ...edits: [number, number, number, string][]): DiagnosticFix {
  return {
    title,
    preferred,
    edits: edits.map(([line, from, to, newText]) => ({ uri: URI, range: at(line, from, to), newText })),
  };
}

describe("fix all WebSocket findings", () => {
  it("takes the preferred fix of each websocket-* diagnostic, and nothing of other codes", () => {
    const action = fixAllWebSocket([
      diagnostic("websocket-missing", 3, [
        fix("other", false, [3, 0, 0, "no"]),
        fix("a", true, [4, 0, 0, "A\n"]),
      ]),
      diagnostic("unknown-directive", 8, [fix("typo", true, [8, 4, 15, "proxy_pass"])]),
      diagnostic("websocket-incomplete", 10, [fix("b", true, [11, 0, 0, "B\n"])]),
    ]);
    assert.ok(action);
    assert.equal(action.title, FIX_ALL_TITLE);
    assert.deepEqual(action.changes, {
      [URI]: [
        { range: at(4, 0), newText: "A\n" },
        { range: at(11, 0), newText: "B\n" },
      ],
    });
    assert.deepEqual(
      action.diagnostics.map((d) => d.code),
      ["websocket-missing", "websocket-incomplete"],
    );
  });

  it("leaves hints and information alone, as nginx-lint --fix does", () => {
    const hint = { ...diagnostic("websocket-missing", 3, [fix("a", true, [4, 0, 0, "A\n"])]), severity: 4 };
    const info = { ...diagnostic("websocket-missing", 6, [fix("c", true, [7, 0, 0, "C\n"])]), severity: 3 };
    const warning = diagnostic("websocket-missing", 10, [fix("b", true, [11, 0, 0, "B\n"])]);
    const action = fixAllWebSocket([hint, info, warning]);
    assert.deepEqual(action?.changes, { [URI]: [{ range: at(11, 0), newText: "B\n" }] });
    assert.equal(fixAllWebSocket([hint, info]), undefined);
  });

  it("applies an edit two fixes share once, and skips a fix that overlaps one already taken", () => {
    const map = [1, 0, 0, "map $http_upgrade $connection_upgrade { ... }\n"] as [
      number,
      number,
      number,
      string,
    ];
    const action = fixAllWebSocket([
      diagnostic("websocket-incomplete", 5, [fix("first", true, map, [6, 8, 20, "upgrade"])]),
      diagnostic("websocket-incomplete", 9, [fix("second", true, map, [10, 8, 20, "upgrade"])]),
      // Rewrites a range the first fix already rewrites: the whole fix waits for the next round.
      diagnostic("websocket-headers-shadowed", 6, [fix("third", true, [6, 10, 30, "x"], [12, 0, 0, "y"])]),
      // Inserts where the shared edit inserts, with other text: their order would be a guess.
      diagnostic("websocket-missing", 1, [fix("fourth", true, [1, 0, 0, "other\n"])]),
    ]);
    assert.ok(action);
    assert.deepEqual(action.changes[URI], [
      { range: at(1, 0), newText: map[3] },
      { range: at(6, 8, 20), newText: "upgrade" },
      { range: at(10, 8, 20), newText: "upgrade" },
    ]);
    assert.deepEqual(
      action.diagnostics.map((d) => d.range.start.line),
      [5, 9],
    );
  });

  it("offers nothing when no WebSocket diagnostic has a preferred fix", () => {
    assert.equal(
      fixAllWebSocket([diagnostic("websocket-missing", 1, [fix("maybe", false, [1, 0, 0, "x"])])]),
      undefined,
    );
    assert.equal(fixAllWebSocket([]), undefined);
  });

  it("quick fixes: one per fix, edits merged per document", () => {
    const other = "file:///etc/nginx/snippets/ws.conf";
    const two = fix("two files", true, [1, 0, 0, "a"], [2, 0, 0, "b"]);
    const actions = quickFixes([
      diagnostic("websocket-missing", 1, [
        { ...two, edits: [...two.edits, { uri: other, range: at(0, 0), newText: "c" }] },
        fix("alternative", false, [1, 0, 0, "z"]),
      ]),
    ]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.preferred, Object.keys(a.changes)]),
      [
        ["two files", true, [URI, other]],
        ["alternative", false, [URI]],
      ],
    );
    assert.equal(actions[0]?.changes[URI]?.length, 2);
  });
});

describe("directive snippets", () => {
  const snippet = (name: string, index = 0): string => {
    const fact = factsFor(name)[index];
    assert.ok(fact, name);
    return directiveSnippet(fact);
  };

  it("turn required arguments into placeholders and leave optional ones out", () => {
    assert.equal(snippet("proxy_pass"), "proxy_pass ${1:URL};");
    assert.equal(snippet("proxy_set_header"), "proxy_set_header ${1:field} ${2:value};");
    assert.equal(snippet("location"), "location ${1:uri} {\n\t$0\n}");
    assert.equal(snippet("http"), "http {\n\t$0\n}");
  });

  it("offer a choice where the syntax line or the flag lists the values", () => {
    assert.equal(snippet("gzip"), "gzip ${1|on,off|};");
    assert.match(snippet("worker_processes"), /^worker_processes \$\{1\|number,auto\|\};$/);
  });
});

describe("Add WebSocket support to this location", () => {
  const text = `server {
    listen 80;
    location /keepalive/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
    }
    location /done/ {
        proxy_pass http://127.0.0.1:3000;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
}
`;
  const file = "/virtual/site.conf";
  const analysis = analyze(file, {
    fs: overlayFileSystem(new Map([[file, text]])),
    text,
    prefix: "/virtual",
  });
  const at = (needle: string) => text.indexOf(needle);

  it("is offered on a keep-alive location, which has no finding, and replaces its Connection value", () => {
    assert.deepEqual(
      analysis.findings.filter((f) => f.code.startsWith("websocket-")),
      [],
    );
    const fixes = addWebSocketFixes(analysis, file, at("proxy_set_header Connection"), [1, 22, 1], []);
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred]),
      [
        [ADD_WEBSOCKET_TITLE, true],
        [`${ADD_WEBSOCKET_TITLE} (with the $connection_upgrade map)`, false],
      ],
    );
    const fixed = applyEdits(text, (fixes[0] as (typeof fixes)[number]).edits);
    assert.match(
      fixed,
      /location \/keepalive\/ \{[^}]*proxy_set_header Upgrade \$http_upgrade;[^}]*Connection "upgrade";/,
    );
  });

  it("is not offered where the setup is complete, nor outside a proxied location", () => {
    assert.deepEqual(addWebSocketFixes(analysis, file, at("location /done/"), [1, 22, 1], []), []);
    assert.deepEqual(addWebSocketFixes(analysis, file, at("listen 80"), [1, 22, 1], []), []);
  });
});
