// The three WebSocket findings in full: which location gets which verdict, the exact message and
// related places, the severity, and what each offered fix (the preferred literal form and the map
// idiom) makes of the files. The fixtures check a part of each message; these pin all of it.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { applyEdits } from "../../server/src/analysis/edits";
import type { TextEdit } from "../../server/src/analysis/finding";
import { readSettings } from "../../server/src/settings";
import { lintFiles } from "../../server/src/workspace";

interface Summary {
  code: string;
  severity: number;
  /** The text the finding's range covers. */
  at: string;
  message: string;
  related: [string, string][];
  fixes: { title: string; preferred: boolean; files: Record<string, string> }[];
}

const SEVERITY: Record<number, string> = { 1: "error", 2: "warning", 3: "information", 4: "hint" };

/** Lints `/virtual/nginx.conf` among `files` and summarizes the WebSocket findings in `file`. */
function websocketFindings(
  files: Record<string, string>,
  settings?: unknown,
  file = "nginx.conf",
): Summary[] {
  const texts = new Map(Object.entries(files).map(([name, text]) => [`/virtual/${name}`, text]));
  const main = "/virtual/nginx.conf";
  const target = `/virtual/${file}`;
  const result = lintFiles([main], {
    fs: overlayFileSystem(texts),
    settings: settings === undefined ? undefined : readSettings(settings),
  });
  const text = texts.get(target) as string;
  return (result.get(target) ?? [])
    .filter((f) => f.code.startsWith("websocket-"))
    .map((f) => ({
      code: f.code,
      severity: f.severity,
      at: text.slice(f.start, f.end),
      message: f.message,
      related: (f.related ?? []).map((r) => [(texts.get(r.file) as string).slice(r.start, r.end), r.message]),
      fixes: (f.fixes ?? []).map((fix) => {
        const byFile = new Map<string, TextEdit[]>();
        for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
        const changed: Record<string, string> = {};
        for (const [file, edits] of byFile)
          changed[file.replace("/virtual/", "")] = applyEdits(texts.get(file) as string, edits);
        return { title: fix.title, preferred: fix.preferred === true, files: changed };
      }),
    }));
}

const MAP = "map $http_upgrade $connection_upgrade {\n    default upgrade;\n    '' close;\n}";
const indent = (text: string, by: string) => text.replace(/^(?=.)/gm, by);
const NO_VERSION_1_22 =
  "no proxy_http_version 1.1 (nginx 1.22.1 talks HTTP/1.0 to upstreams, which cannot upgrade)";

describe("websocket-headers-shadowed", () => {
  it("include proxy_params in the location shadows the server's headers; the fix adds them after the include's level", () => {
    const conf = `http {
    server {
        listen 80;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        location /ws/ {
            include proxy_params;
            proxy_pass http://app;
            proxy_http_version 1.0;
        }
    }
}
`;
    const proxyParams = "proxy_set_header Host $http_host;\nproxy_set_header X-Real-IP $remote_addr;\n";
    const fixedLocation = `        location /ws/ {
            include proxy_params;
            proxy_pass http://app;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection CONNECTION;
            proxy_http_version 1.1;
        }`;
    const fixed = (connection: string) =>
      conf.replace(/ {8}location \/ws\/ \{[^}]*\}/, fixedLocation.replace("CONNECTION", connection));
    assert.deepEqual(websocketFindings({ "nginx.conf": conf, proxy_params: proxyParams }), [
      {
        code: "websocket-headers-shadowed",
        severity: 2,
        at: "location /ws/",
        message:
          'WebSocket headers lost in "location /ws/": Upgrade and Connection are not inherited and HTTP/1.0.' +
          ' The Upgrade/Connection headers set in "server" are not inherited, because "include proxy_params"' +
          " here starts a new proxy_set_header list; also proxy_http_version is 1.0, and an upgrade needs 1.1.",
        related: [
          ["proxy_set_header Upgrade $http_upgrade;", 'set in "server", not inherited'],
          ['proxy_set_header Connection "upgrade";', 'set in "server", not inherited'],
          ["include proxy_params;", "this starts a new proxy_set_header list"],
        ],
        fixes: [
          {
            title: "Add the WebSocket headers to this location",
            preferred: true,
            files: { "nginx.conf": fixed('"upgrade"') },
          },
          {
            title: "Add the WebSocket headers to this location (with the $connection_upgrade map)",
            preferred: false,
            files: {
              "nginx.conf": fixed("$connection_upgrade").replace(
                "http {\n",
                `http {\n${indent(MAP, "    ")}\n\n`,
              ),
            },
          },
        ],
      },
    ]);
  });

  it("a list started in the server shadows the http level's Upgrade; the fix completes the server's list", () => {
    const conf = `http {
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    server {
        listen 80;
        server_name chat.example.com;
        proxy_set_header Host $host;
        location /ws/ {
            proxy_pass http://app;
        }
    }
}
`;
    const fixed = (connection: string) =>
      conf.replace(
        "        proxy_set_header Host $host;\n",
        "        proxy_set_header Host $host;\n" +
          "        proxy_set_header Upgrade $http_upgrade;\n" +
          `        proxy_set_header Connection ${connection};\n`,
      );
    assert.deepEqual(websocketFindings({ "nginx.conf": conf }), [
      {
        code: "websocket-headers-shadowed",
        severity: 2,
        at: "location /ws/",
        // One header lost: "is"; the missing Connection is not repeated as a further problem.
        message:
          'WebSocket headers lost in "location /ws/": Upgrade is not inherited. The Upgrade headers set in "http"' +
          ' are not inherited, because "proxy_set_header Host" in "server chat.example.com" starts a new' +
          " proxy_set_header list.",
        related: [
          ["proxy_set_header Upgrade $http_upgrade;", 'set in "http", not inherited'],
          ["proxy_set_header Host $host;", "this starts a new proxy_set_header list"],
        ],
        fixes: [
          {
            title: 'Add the WebSocket headers to "server chat.example.com"',
            preferred: true,
            files: { "nginx.conf": fixed('"upgrade"') },
          },
          {
            title:
              'Add the WebSocket headers to "server chat.example.com" (with the $connection_upgrade map)',
            preferred: false,
            files: {
              "nginx.conf": fixed("$connection_upgrade").replace(
                "http {\n",
                `http {\n${indent(MAP, "    ")}\n\n`,
              ),
            },
          },
        ],
      },
    ]);
  });

  it("headers lost from a fragment's own top level are said to come from an outer level", () => {
    // A server-level fragment (included into a server block): its top level is the server's body.
    const conf = `proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection upgrade;
proxy_http_version 1.1;
location /ws/ {
    proxy_set_header Host $host;
    proxy_pass http://app;
}
`;
    assert.deepEqual(websocketFindings({ "nginx.conf": conf }), [
      {
        code: "websocket-headers-shadowed",
        severity: 2,
        at: "location /ws/",
        message:
          'WebSocket headers lost in "location /ws/": Upgrade and Connection are not inherited. The' +
          " Upgrade/Connection headers set at an outer level are not inherited, because" +
          ' "proxy_set_header Host" here starts a new proxy_set_header list.',
        related: [
          ["proxy_set_header Upgrade $http_upgrade;", "set at an outer level, not inherited"],
          ["proxy_set_header Connection upgrade;", "set at an outer level, not inherited"],
          ["proxy_set_header Host $host;", "this starts a new proxy_set_header list"],
        ],
        // No http block is visible to hold the map: only the literal form is offered.
        fixes: [
          {
            title: "Add the WebSocket headers to this location",
            preferred: true,
            files: {
              "nginx.conf": conf.replace(
                "    proxy_pass http://app;\n",
                "    proxy_pass http://app;\n" +
                  "    proxy_set_header Upgrade $http_upgrade;\n" +
                  '    proxy_set_header Connection "upgrade";\n',
              ),
            },
          },
        ],
      },
    ]);
  });
  it("every other problem of a level whose headers were lost is named after them", () => {
    const conf = `server {
    listen 80;
    proxy_cache zone;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    location /ws/ {
        proxy_pass http://app;
        proxy_set_header Host $host;
    }
}
`;
    const [finding] = websocketFindings({ "nginx.conf": conf });
    assert.equal(
      finding?.message,
      // The first sentence stays within 100 characters: the rest is counted.
      'WebSocket headers lost in "location /ws/": Upgrade and Connection are not inherited and 2 more. The' +
        ' Upgrade/Connection headers set in "server" are not inherited, because "proxy_set_header Host"' +
        " here starts a new proxy_set_header list; also" +
        ` ${NO_VERSION_1_22}; proxy_cache is on without proxy_cache_bypass $http_upgrade.`,
    );
  });
});

describe("websocket-missing", () => {
  const site = `server {
    listen 80;
    location /socket.io/ {
        proxy_pass http://ws_backend;
    }
}
`;
  const added = (connection: string) =>
    site.replace(
      "        proxy_pass http://ws_backend;\n",
      "        proxy_pass http://ws_backend;\n" +
        "        proxy_http_version 1.1;\n" +
        "        proxy_set_header Upgrade $http_upgrade;\n" +
        `        proxy_set_header Connection ${connection};\n` +
        "        proxy_cache_bypass $http_upgrade;\n",
    );
  const message =
    'No WebSocket setup in "location /socket.io/": needs Upgrade, Connection and HTTP/1.1. It proxies to' +
    " http://ws_backend, although its path looks like a WebSocket endpoint (pattern socket\\.io), and its" +
    " upstream http://ws_backend looks like a WebSocket service (pattern (^|[/_.-])ws([/_.-]|$)): no Upgrade" +
    ' header (proxy_set_header Upgrade $http_upgrade); no Connection header, so nginx sends "Connection:' +
    ` close"; ${NO_VERSION_1_22}.`;

  it("a WebSocket path and upstream without any setup: a warning naming both reasons, and the four lines as the fix", () => {
    assert.deepEqual(websocketFindings({ "nginx.conf": site }), [
      {
        code: "websocket-missing",
        severity: 2,
        at: "location /socket.io/",
        message,
        related: [["proxy_pass http://ws_backend;", "Proxied here without the WebSocket headers"]],
        fixes: [
          { title: "Add WebSocket proxying", preferred: true, files: { "nginx.conf": added('"upgrade"') } },
          {
            // A file of server blocks is an http-level fragment: the map goes at its top.
            title: "Add WebSocket proxying (with the $connection_upgrade map)",
            preferred: false,
            files: { "nginx.conf": `${MAP}\n\n${added("$connection_upgrade")}` },
          },
        ],
      },
    ]);
  });

  it("websocket.missingSeverity sets the severity whatever the evidence, and off drops the finding", () => {
    for (const [setting, severity] of [
      ["error", 1],
      ["warning", 2],
      ["information", 3],
      ["hint", 4],
    ] as const) {
      const found = websocketFindings({ "nginx.conf": site }, { websocket: { missingSeverity: setting } });
      assert.deepEqual(
        found.map((f) => [f.code, SEVERITY[f.severity], f.message]),
        [["websocket-missing", SEVERITY[severity], message]],
        setting,
      );
    }
    assert.deepEqual(
      websocketFindings({ "nginx.conf": site }, { websocket: { missingSeverity: "off" } }),
      [],
    );
    assert.deepEqual(
      websocketFindings({ "nginx.conf": site }, { severity: { "websocket-missing": "off" } }),
      [],
    );
    // A severity set for the code overrides the automatic one.
    assert.deepEqual(
      websocketFindings({ "nginx.conf": site }, { severity: { "websocket-missing": "information" } }).map(
        (f) => f.severity,
      ),
      [3],
    );
  });

  it("from nginx 1.29.7 on, HTTP/1.1 is the default and is not asked for", () => {
    const found = websocketFindings({ "nginx.conf": site }, { targetVersion: "1.29.7" });
    assert.equal(found.length, 1);
    assert.equal(
      found[0]?.message,
      'No WebSocket setup in "location /socket.io/": needs Upgrade and Connection. It proxies to' +
        " http://ws_backend, although its path looks like a WebSocket endpoint (pattern socket\\.io), and its" +
        " upstream http://ws_backend looks like a WebSocket service (pattern (^|[/_.-])ws([/_.-]|$)): no Upgrade" +
        ' header (proxy_set_header Upgrade $http_upgrade); no Connection header, so nginx sends "Connection:' +
        ' close".',
    );
    assert.equal(
      found[0]?.fixes[0]?.files["nginx.conf"],
      site.replace(
        "        proxy_pass http://ws_backend;\n",
        "        proxy_pass http://ws_backend;\n" +
          "        proxy_set_header Upgrade $http_upgrade;\n" +
          '        proxy_set_header Connection "upgrade";\n' +
          "        proxy_cache_bypass $http_upgrade;\n",
      ),
    );
  });
});

describe("verdicts under proxy_cache, keep-alive and fixed values", () => {
  const conf = `http {
    proxy_cache_path /tmp/c keys_zone=c:1m;
    server {
        listen 80;
        proxy_cache c;
        location / {
            proxy_pass http://backend;
        }
        location /api/ {
            proxy_pass http://backend;
            proxy_set_header Connection $http_connection;
            proxy_cache_bypass $cookie_nocache;
        }
        location /plain/ {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_cache off;
        }
        location /lit/ {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Upgrade websocket;
            proxy_set_header Connection upgrade;
            proxy_cache_bypass $http_upgrade;
        }
        location /odd/ {
            proxy_pass http://backend;
            proxy_http_version 1.0;
            proxy_set_header Upgrade "h2c";
            proxy_set_header Connection keep-alive;
        }
    }
}
`;
  const found = () => websocketFindings({ "nginx.conf": conf });
  const CACHE = "proxy_cache is on without proxy_cache_bypass $http_upgrade";
  const withMap = (text: string) => text.replace("http {\n", `http {\n${indent(MAP, "    ")}\n\n`);

  it('each location gets its verdict; upstream keep-alive (Connection "" with HTTP/1.1) is left alone', () => {
    assert.deepEqual(
      found().map((f) => [f.code, f.at, SEVERITY[f.severity]]),
      [
        // No evidence of WebSockets: a hint.
        ["websocket-missing", "location /", "hint"],
        // Passing the client's Connection on is not WebSocket intent by itself.
        ["websocket-missing", "location /api/", "hint"],
        // A fixed Upgrade: websocket alone is worth a hint.
        ["websocket-incomplete", "location /lit/", "hint"],
        ["websocket-incomplete", "location /odd/", "warning"],
      ],
    );
  });

  it("proxy_cache in effect asks for a cache bypass, and an unrelated bypass does not count", () => {
    const [root, api] = found();
    assert.equal(
      root?.message,
      'No WebSocket setup in "location /": needs Upgrade, Connection, HTTP/1.1 and a cache bypass. It proxies' +
        " to http://backend: no Upgrade header (proxy_set_header Upgrade $http_upgrade); no Connection header," +
        ` so nginx sends "Connection: close"; ${NO_VERSION_1_22}; ${CACHE}.`,
    );
    assert.deepEqual(root?.related, [
      ["proxy_pass http://backend;", "Proxied here without the WebSocket headers"],
    ]);
    assert.equal(
      api?.message,
      'No WebSocket setup in "location /api/": needs Upgrade, HTTP/1.1 and a cache bypass. It proxies to' +
        ` http://backend: no Upgrade header (proxy_set_header Upgrade $http_upgrade); ${NO_VERSION_1_22}; ${CACHE}.`,
    );
    // The passed-through Connection is kept; what is missing is added after proxy_pass, and the
    // upgrade bypass beside the existing one (proxy_cache_bypass adds to the conditions).
    const apiFixed = conf.replace(
      "            proxy_pass http://backend;\n            proxy_set_header Connection $http_connection;\n",
      "            proxy_pass http://backend;\n" +
        "            proxy_http_version 1.1;\n" +
        "            proxy_set_header Upgrade $http_upgrade;\n" +
        "            proxy_cache_bypass $http_upgrade;\n" +
        "            proxy_set_header Connection $http_connection;\n",
    );
    // Connection needs nothing, so the map form would be the same edits: it is not offered twice.
    assert.deepEqual(api?.fixes, [
      { title: "Add WebSocket proxying", preferred: true, files: { "nginx.conf": apiFixed } },
    ]);
  });

  it("a fixed Upgrade: websocket is replaced by $http_upgrade, keeping the rest", () => {
    const lit = found()[2];
    assert.equal(
      lit?.message,
      'Incomplete WebSocket setup in "location /lit/": fixed Upgrade "websocket". In detail: Upgrade is always' +
        ' "websocket", so plain requests to this location are sent as upgrade requests too ($http_upgrade sends' +
        " it only on a handshake).",
    );
    assert.deepEqual(lit?.related, []);
    assert.deepEqual(lit?.fixes, [
      {
        title: "Complete the WebSocket setup",
        preferred: true,
        files: {
          "nginx.conf": conf.replace(
            "proxy_set_header Upgrade websocket;",
            "proxy_set_header Upgrade $http_upgrade;",
          ),
        },
      },
    ]);
  });

  it("wrong values are named and replaced in place, not duplicated", () => {
    const odd = found()[3];
    assert.equal(
      odd?.message,
      'Incomplete WebSocket setup in "location /odd/": Upgrade "h2c" and 3 more. In detail: Upgrade is set to' +
        ' "h2c" instead of $http_upgrade; Connection is set to "keep-alive" instead of "upgrade"; proxy_http_version' +
        ` is 1.0, and an upgrade needs 1.1; ${CACHE}.`,
    );
    const fixed = (connection: string) =>
      conf.replace(
        `            proxy_pass http://backend;
            proxy_http_version 1.0;
            proxy_set_header Upgrade "h2c";
            proxy_set_header Connection keep-alive;`,
        `            proxy_pass http://backend;
            proxy_cache_bypass $http_upgrade;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection ${connection};`,
      );
    assert.deepEqual(odd?.fixes, [
      { title: "Complete the WebSocket setup", preferred: true, files: { "nginx.conf": fixed('"upgrade"') } },
      {
        title: "Complete the WebSocket setup (with the $connection_upgrade map)",
        preferred: false,
        files: { "nginx.conf": withMap(fixed("$connection_upgrade")) },
      },
    ]);
  });

  it("a severity set for websocket-incomplete applies to both kinds, and off drops them", () => {
    const codes = (settings: unknown) =>
      websocketFindings({ "nginx.conf": conf }, settings).map((f) => [f.at, SEVERITY[f.severity]]);
    assert.deepEqual(codes({ severity: { "websocket-incomplete": "error" } }), [
      ["location /", "hint"],
      ["location /api/", "hint"],
      ["location /lit/", "error"],
      ["location /odd/", "error"],
    ]);
    assert.deepEqual(codes({ severity: { "websocket-incomplete": "off" } }), [
      ["location /", "hint"],
      ["location /api/", "hint"],
    ]);
  });
});

describe("levels inside a location", () => {
  const conf = `http {
    server {
        listen 80;
        location /ws/ {
            proxy_set_header Host $host;
            proxy_read_timeout 3600s;
            if ($http_upgrade) {
                proxy_pass http://app;
            }
            limit_except GET {
                proxy_pass http://app;
            }
        }
        location /both/ {
            proxy_pass http://app;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection upgrade;
            if ($arg_x) {
                proxy_pass http://other;
            }
        }
    }
}
`;
  it("an if or limit_except proxying in a location without proxy_pass is judged; one in a proxying location is not", () => {
    const found = websocketFindings({ "nginx.conf": conf });
    assert.deepEqual(
      found.map((f) => [f.code, f.at]),
      [
        ["websocket-missing", "if ($http_upgrade)"],
        ["websocket-missing", "limit_except GET"],
        // The if runs on its location's settings: judging the location covers both.
        ["websocket-incomplete", "location /both/"],
      ],
    );
    assert.match(
      found[0]?.message ?? "",
      /^No WebSocket setup in "if \(\$http_upgrade\)": needs Upgrade, Connection and HTTP\/1\.1\./,
    );
    // proxy_set_header, proxy_http_version and proxy_cache_bypass are not allowed in if or
    // limit_except: the fix writes them in the location, after its last directive.
    const fixed = conf.replace(
      "            proxy_read_timeout 3600s;\n",
      "            proxy_read_timeout 3600s;\n" +
        "            proxy_http_version 1.1;\n" +
        "            proxy_set_header Upgrade $http_upgrade;\n" +
        '            proxy_set_header Connection "upgrade";\n' +
        "            proxy_cache_bypass $http_upgrade;\n",
    );
    for (const finding of found.slice(0, 2))
      assert.equal(finding.fixes[0]?.files["nginx.conf"], fixed, finding.at);
  });
});

describe("where the fixes write", () => {
  const conf = `http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
    server {
        listen 80;
        include proxy_params;
        proxy_http_version 1.0;
        location /ws/ {
            proxy_pass http://app;
        }
        location /chat/ { proxy_pass http://app; }
        location /live/ {
            if ($http_upgrade) {
                proxy_pass http://app;
            }
        }
    }
}
`;
  const proxyParams = "proxy_set_header Host $http_host;\nproxy_set_header X-Real-IP $remote_addr;\n";
  const found = () => websocketFindings({ "nginx.conf": conf, proxy_params: proxyParams });
  /** The server's list gets the headers right after the include that started it. */
  const serverFixed = (connection: string) =>
    conf.replace(
      "        include proxy_params;\n",
      "        include proxy_params;\n" +
        "        proxy_set_header Upgrade $http_upgrade;\n" +
        `        proxy_set_header Connection ${connection};\n`,
    );

  it("a list from an include in the server is completed after that include; HTTP/1.1 goes to each location", () => {
    const all = found();
    assert.deepEqual(
      all.map((f) => [f.code, f.at]),
      [
        ["websocket-headers-shadowed", "location /ws/"],
        ["websocket-headers-shadowed", "location /chat/"],
        ["websocket-headers-shadowed", "if ($http_upgrade)"],
      ],
    );
    const [ws, chat, live] = all;
    assert.equal(
      ws?.message,
      'WebSocket headers lost in "location /ws/": Upgrade and Connection are not inherited and HTTP/1.0. The' +
        ' Upgrade/Connection headers set in "http" are not inherited, because "include proxy_params" in "server"' +
        " starts a new proxy_set_header list; also proxy_http_version is 1.0, and an upgrade needs 1.1.",
    );
    assert.deepEqual(ws?.related, [
      ["proxy_set_header Upgrade $http_upgrade;", 'set in "http", not inherited'],
      ["proxy_set_header Connection $connection_upgrade;", 'set in "http", not inherited'],
      ["include proxy_params;", "this starts a new proxy_set_header list"],
    ]);
    // The server's proxy_http_version 1.0 serves other locations too: 1.1 is set in the location.
    const wsFixed = (connection: string) =>
      serverFixed(connection).replace(
        "            proxy_pass http://app;\n        }\n        location /chat/",
        "            proxy_pass http://app;\n            proxy_http_version 1.1;\n        }\n        location /chat/",
      );
    // The map is already defined: the map form uses it and adds no second one.
    assert.deepEqual(ws?.fixes, [
      {
        title: 'Add the WebSocket headers to "server"',
        preferred: true,
        files: { "nginx.conf": wsFixed('"upgrade"') },
      },
      {
        title: 'Add the WebSocket headers to "server" (with the $connection_upgrade map)',
        preferred: false,
        files: { "nginx.conf": wsFixed("$connection_upgrade") },
      },
    ]);
    // A location on one line: the new line is indented one step inside it.
    assert.equal(
      chat?.fixes[0]?.files["nginx.conf"],
      serverFixed('"upgrade"').replace(
        "location /chat/ { proxy_pass http://app; }",
        "location /chat/ { proxy_pass http://app;\n            proxy_http_version 1.1; }",
      ),
    );
    // A location with no directive of its own to follow: the line opens its block.
    assert.equal(
      live?.fixes[0]?.files["nginx.conf"],
      serverFixed('"upgrade"').replace(
        "        location /live/ {\n",
        "        location /live/ {\n            proxy_http_version 1.1;\n",
      ),
    );
  });

  it("tab indentation is followed", () => {
    const tabbed = "server {\n\tlisten 80;\n\tlocation /ws/ {\n\t\tproxy_pass http://app;\n\t}\n}\n";
    const fixes = websocketFindings({ "nginx.conf": tabbed })[0]?.fixes;
    assert.equal(
      fixes?.[0]?.files["nginx.conf"],
      tabbed.replace(
        "\t\tproxy_pass http://app;\n",
        "\t\tproxy_pass http://app;\n" +
          "\t\tproxy_http_version 1.1;\n" +
          "\t\tproxy_set_header Upgrade $http_upgrade;\n" +
          '\t\tproxy_set_header Connection "upgrade";\n' +
          "\t\tproxy_cache_bypass $http_upgrade;\n",
      ),
    );
  });
});

describe("fixes and included files", () => {
  const files = {
    "nginx.conf": "events {}\nhttp {\n    include sites/app.conf;\n}\n",
    "sites/app.conf": `server {
    listen 80;
    proxy_set_header Host $host;
    proxy_set_header Upgrade h2c;
    location /ws/ {
        include ws.conf;
        proxy_pass http://app;
    }
    location /a/ {
        proxy_pass http://app;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        include version.conf;
    }
    location /b/ {
        proxy_pass http://app;
    }
}
`,
    "ws.conf": "proxy_set_header Upgrade websocket-x;\n",
    "version.conf": "proxy_http_version 1.0;\n",
  };
  const found = () => websocketFindings(files, undefined, "sites/app.conf");

  it("what arrives through an include is never edited: no fix is offered for it", () => {
    const [ws, a] = found();
    assert.equal(ws?.at, "location /ws/");
    assert.equal(ws?.code, "websocket-incomplete");
    assert.equal(
      ws?.message,
      'Incomplete WebSocket setup in "location /ws/": Upgrade "websocket-x" and 2 more. In detail: Upgrade is set' +
        ' to "websocket-x" instead of $http_upgrade; no Connection header, so nginx sends "Connection: close";' +
        ` ${NO_VERSION_1_22}.`,
    );
    assert.deepEqual(ws?.fixes, []);
    // nginx refuses a second proxy_http_version in one level, and the first is in version.conf.
    assert.equal(a?.at, "location /a/");
    assert.equal(a?.code, "websocket-missing");
    assert.match(a?.message ?? "", /; proxy_http_version is 1\.0, and an upgrade needs 1\.1\.$/);
    assert.deepEqual(a?.fixes, []);
  });

  it("starting a list in the location copies the inherited headers but not a wrong Upgrade; the map goes to the http block in the main file", () => {
    const b = found()[2];
    assert.equal(b?.at, "location /b/");
    assert.equal(
      b?.message,
      'Incomplete WebSocket setup in "location /b/": Upgrade "h2c", no Connection header and no HTTP/1.1. In' +
        ' detail: Upgrade is set to "h2c" instead of $http_upgrade; no Connection header, so nginx sends' +
        ` "Connection: close"; ${NO_VERSION_1_22}.`,
    );
    const fixed = (connection: string) =>
      files["sites/app.conf"].replace(
        "    location /b/ {\n        proxy_pass http://app;\n",
        "    location /b/ {\n        proxy_pass http://app;\n" +
          "        proxy_http_version 1.1;\n" +
          "        proxy_set_header Host $host;\n" +
          "        proxy_set_header Upgrade $http_upgrade;\n" +
          `        proxy_set_header Connection ${connection};\n`,
      );
    assert.deepEqual(b?.fixes, [
      {
        title: "Complete the WebSocket setup",
        preferred: true,
        files: { "sites/app.conf": fixed('"upgrade"') },
      },
      {
        title: "Complete the WebSocket setup (with the $connection_upgrade map)",
        preferred: false,
        files: {
          "sites/app.conf": fixed("$connection_upgrade"),
          "nginx.conf": files["nginx.conf"].replace("http {\n", `http {\n${indent(MAP, "    ")}\n\n`),
        },
      },
    ]);
  });

  it("while the file has a syntax error no fix is offered", () => {
    const text =
      "server {\n    listen 80;\n    location /ws/ {\n        proxy_pass http://app;\n    }\n    listen 81\n}\n";
    const [finding] = websocketFindings({ "nginx.conf": text });
    assert.equal(finding?.code, "websocket-missing");
    assert.deepEqual(finding?.fixes, []);
  });
});

describe("lists at several levels", () => {
  const conf = `http {
    proxy_set_header Upgrade $http_upgrade;
    server {
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        listen 80;
        location /ws/ {
            proxy_pass http://app;
            proxy_http_version 1.1;
        }
    }
    server {
        listen 81;
        proxy_set_header Host $host;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection close;
        proxy_http_version 1.1;
        location /ws/ {
            proxy_pass http://app;
        }
        location /x/ {
            proxy_pass http://app;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_cache_bypass $http_upgrade;
        }
    }
}
`;
  const found = () => websocketFindings({ "nginx.conf": conf });
  const second = (text: string) => text.slice(text.indexOf("listen 81"));

  it("the headers go after the last header the list's level writes", () => {
    const first = found()[0];
    assert.equal(first?.code, "websocket-headers-shadowed");
    assert.equal(
      first?.fixes[0]?.files["nginx.conf"],
      conf.replace(
        "        proxy_set_header X-Real-IP $remote_addr;\n        listen 80;\n",
        "        proxy_set_header X-Real-IP $remote_addr;\n" +
          "        proxy_set_header Upgrade $http_upgrade;\n" +
          '        proxy_set_header Connection "upgrade";\n' +
          "        listen 80;\n",
      ),
    );
  });

  it("an outer Upgrade is not lost where the list in effect sets Upgrade itself: only the wrong Connection is reported", () => {
    const ws81 = found()[1];
    assert.equal(ws81?.code, "websocket-incomplete");
    assert.equal(ws81?.at, "location /ws/");
    assert.equal(
      ws81?.message,
      'Incomplete WebSocket setup in "location /ws/": Connection "close". In detail: Connection is set to "close"' +
        ' instead of "upgrade".',
    );
    // A list of its own for the location: the inherited Host is kept, the inherited Upgrade and
    // Connection are not copied (they are written anew).
    assert.equal(
      second(ws81?.fixes[0]?.files["nginx.conf"] ?? ""),
      second(conf).replace(
        "        location /ws/ {\n            proxy_pass http://app;\n",
        "        location /ws/ {\n            proxy_pass http://app;\n" +
          "            proxy_set_header Host $host;\n" +
          "            proxy_set_header Upgrade $http_upgrade;\n" +
          '            proxy_set_header Connection "upgrade";\n',
      ),
    );
  });

  it("a location that starts its own list loses the server's Upgrade; a bypass already there is not added again", () => {
    const x = found()[2];
    assert.equal(x?.code, "websocket-headers-shadowed");
    assert.equal(
      x?.message,
      'WebSocket headers lost in "location /x/": Upgrade is not inherited. The Upgrade headers set in "server"' +
        ' are not inherited, because "proxy_set_header X-Real-IP" here starts a new proxy_set_header list.',
    );
    assert.equal(
      x?.fixes[0]?.files["nginx.conf"],
      conf.replace(
        "            proxy_pass http://app;\n            proxy_set_header X-Real-IP",
        "            proxy_pass http://app;\n" +
          "            proxy_set_header Upgrade $http_upgrade;\n" +
          '            proxy_set_header Connection "upgrade";\n' +
          "            proxy_set_header X-Real-IP",
      ),
    );
  });
});

it("a new setup gets a cache bypass only when it has none on $http_upgrade yet", () => {
  const conf = `server {
    listen 80;
    location /ws/ {
        proxy_pass http://app;
        proxy_cache_bypass $http_upgrade;
    }
}
`;
  const [finding] = websocketFindings({ "nginx.conf": conf });
  assert.equal(finding?.code, "websocket-missing");
  assert.equal(
    finding?.fixes[0]?.files["nginx.conf"],
    conf.replace(
      "        proxy_pass http://app;\n",
      "        proxy_pass http://app;\n" +
        "        proxy_http_version 1.1;\n" +
        "        proxy_set_header Upgrade $http_upgrade;\n" +
        '        proxy_set_header Connection "upgrade";\n',
    ),
  );
});

it("an outer Upgrade that is no WebSocket setup is not reported lost; a broken inherited header is not copied", () => {
  const conf = `server {
    listen 80;
    proxy_set_header Upgrade h2c;
    location /a/ {
        proxy_pass http://app;
        proxy_set_header Host $host;
    }
}
server {
    listen 81;
    proxy_set_header X-Real-IP;
    location /b/ {
        proxy_pass http://app;
    }
}
`;
  const [a, b] = websocketFindings({ "nginx.conf": conf });
  assert.deepEqual([a?.code, a?.at], ["websocket-missing", "location /a/"]);
  assert.equal(a?.fixes.length, 2);
  // Starting a list in /b/ would copy `proxy_set_header X-Real-IP;`, which nginx refuses: no fix
  // until that line is repaired.
  assert.deepEqual([b?.code, b?.at, b?.fixes], ["websocket-missing", "location /b/", []]);
});

it("a right Upgrade is left as written (quotes kept) while the missing Connection is added", () => {
  const conf = `server {
    listen 80;
    location /ws/ {
        proxy_pass http://app;
        proxy_http_version 1.1;
        proxy_set_header Upgrade "$http_upgrade";
    }
}
`;
  const [finding] = websocketFindings({ "nginx.conf": conf });
  assert.equal(finding?.code, "websocket-incomplete");
  assert.equal(
    finding?.fixes[0]?.files["nginx.conf"],
    conf.replace(
      "        proxy_pass http://app;\n",
      '        proxy_pass http://app;\n        proxy_set_header Connection "upgrade";\n',
    ),
  );
});

it("a wrong Connection that an include brings is not edited: no fix", () => {
  const conf = `server {
    listen 80;
    location /ws/ {
        proxy_pass http://app;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        include conn.conf;
    }
}
`;
  const [finding] = websocketFindings({
    "nginx.conf": conf,
    "conn.conf": "proxy_set_header Connection close;\n",
  });
  assert.deepEqual(
    [finding?.code, finding?.message, finding?.fixes],
    [
      "websocket-incomplete",
      'Incomplete WebSocket setup in "location /ws/": Connection "close". In detail: Connection is set to "close"' +
        ' instead of "upgrade".',
      [],
    ],
  );
});
