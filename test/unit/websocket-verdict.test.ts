// The WebSocket judgement of one proxied level, asked directly: how Connection values and upgrade maps
// read, which outer header lists count as lost WebSocket headers, the HTTP version at each target,
// the cache bypass, and the verdict a code action asks for where the user wants WebSockets.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { forEachProxyLevel, proxyLevel, type ProxyLevel } from "../../server/src/analysis/proxy";
import { parseVersion, type Version } from "../../server/src/model/version";
import {
  connectionState,
  isLiteralWebSocketUpgrade,
  judgeWebSocket,
  upgradeMaps,
  type Verdict,
} from "../../server/src/rules/websocket/verdict";
import { websocketFixes } from "../../server/src/rules/websocket/fix";
import { analyze } from "../../server/src/service";

const V1_22 = parseVersion("1.22.1") as Version;

/** The proxied levels of a main configuration, by their header (`location /ws/`), with the maps. */
function levelsOf(text: string) {
  const file = "/virtual/nginx.conf";
  const analysis = analyze(file, {
    fs: overlayFileSystem(new Map([[file, text]])),
    text,
    prefix: "/virtual",
  });
  const levels = new Map<string, ProxyLevel>();
  forEachProxyLevel(analysis.config.nodes, (level) => {
    const d = level.level.directive;
    levels.set([d.name.value, ...d.args.map((a) => a.value)].join(" "), level);
  });
  return { levels, maps: upgradeMaps(analysis.config.allNodes) };
}

function judge(text: string, at: string, target = V1_22, websocketOnly = false, wanted = false): Verdict {
  const { levels, maps } = levelsOf(text);
  const level = levels.get(at);
  assert.ok(level, `no proxied level ${at}: ${[...levels.keys()].join(", ")}`);
  return judgeWebSocket(level, target, maps, () => websocketOnly, wanted);
}

/** A verdict in short: its kind, what is wrong, and the names of the lost headers. */
function brief(verdict: Verdict) {
  if (verdict.kind === "ok" || verdict.kind === "keepalive") return { kind: verdict.kind };
  const { upgrade, connection, version, cacheBypass } = verdict.problems;
  return {
    kind: verdict.kind,
    upgrade,
    connection,
    version,
    cacheBypass,
    ...(verdict.kind === "shadowed" ? { lost: verdict.lostHeaders.map((h) => h.name) } : {}),
  };
}

describe("how a Connection value reads", () => {
  const maps = { good: new Set(["conn"]), bad: new Set(["connection_upgrade"]) };
  for (const [value, expected] of [
    [undefined, "missing"],
    ["upgrade", "upgrade"],
    ["Upgrade", "upgrade"],
    [" upgrade ", "upgrade"],
    // The client's own Connection header, passed on: "Upgrade" on a handshake.
    ["$http_connection", "upgrade"],
    ["${http_connection}", "upgrade"],
    [" $http_connection", "upgrade"],
    ["x$http_connection", "wrong"],
    ["$http_connection_x", "wrong"],
    // Upstream keep-alive.
    ["", "keepalive"],
    ["keep-alive", "keepalive"],
    ["Keep-Alive", "keepalive"],
    ["close", "wrong"],
    // A list of connection options, as HTTP allows.
    ["keep-alive, Upgrade", "upgrade"],
    ["keep-alive,upgrade", "upgrade"],
    ["Upgrade, keep-alive", "upgrade"],
    ["keep-alive, close", "wrong"],
    // A variable: what a map in the configuration makes of it, else its name taken at its word.
    ["$conn", "upgrade"],
    ["${conn}", "upgrade"],
    [" $conn", "upgrade"],
    ["x$conn", "wrong"],
    ["$conn x", "wrong"],
    ["$connection_upgrade", "wrong"],
    ["$my_upgrade", "upgrade"],
    ["$other", "wrong"],
  ] as const) {
    it(`${JSON.stringify(value)} is ${expected}`, () => assert.equal(connectionState(value, maps), expected));
  }
});

it("Upgrade: websocket is a fixed WebSocket upgrade however it is written", () => {
  assert.equal(isLiteralWebSocketUpgrade("websocket"), true);
  assert.equal(isLiteralWebSocketUpgrade(" WebSocket "), true);
  assert.equal(isLiteralWebSocketUpgrade("h2c"), false);
  assert.equal(isLiteralWebSocketUpgrade("$http_upgrade"), false);
});

describe("which maps yield Connection: upgrade", () => {
  const setup = (maps: string) => `http {
${maps}
    server {
        listen 80;
        location /a/ {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $conn;
        }
    }
}
`;
  it("nginx.org's idiom from $http_upgrade, under any variable name", () => {
    const text = setup("    map $http_upgrade $conn {\n        default upgrade;\n        '' close;\n    }");
    assert.deepEqual(upgradeMaps(analyzeNodes(text)), { good: new Set(["conn"]), bad: new Set() });
    assert.deepEqual(brief(judge(text, "location /a/")), { kind: "ok" });
  });
  it("a map from $http_connection that passes the client's header on", () => {
    const text = setup("    map $http_connection $conn {\n        default $http_connection;\n    }");
    assert.deepEqual(brief(judge(text, "location /a/")), { kind: "ok" });
  });
  it("a map that never yields upgrade is wrong", () => {
    const text = setup("    map $http_upgrade $conn {\n        default close;\n    }");
    assert.deepEqual(upgradeMaps(analyzeNodes(text)), { good: new Set(), bad: new Set(["conn"]) });
    assert.deepEqual(brief(judge(text, "location /a/")), {
      kind: "incomplete",
      upgrade: "ok",
      connection: "wrong",
      version: false,
      cacheBypass: false,
    });
  });
  it("a map from another header is not the upgrade idiom", () => {
    const text = setup(
      "    map $http_upgrade_x $conn {\n        default close;\n        websocket upgrade;\n    }",
    );
    assert.deepEqual(upgradeMaps(analyzeNodes(text)).bad, new Set(["conn"]));
  });
});

function analyzeConfig(text: string) {
  const file = "/virtual/nginx.conf";
  return analyze(file, { fs: overlayFileSystem(new Map([[file, text]])), text, prefix: "/virtual" }).config;
}

function analyzeNodes(text: string) {
  const file = "/virtual/nginx.conf";
  return analyze(file, { fs: overlayFileSystem(new Map([[file, text]])), text, prefix: "/virtual" }).config
    .allNodes;
}

describe("verdicts of proxied levels", () => {
  it("a location with its own complete headers but no HTTP/1.1 is incomplete, not shadowed", () => {
    const text = `server {
    listen 80;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    location /ws/ {
        proxy_pass http://app;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        proxy_set_header Host $host;
    }
}
`;
    assert.deepEqual(brief(judge(text, "location /ws/")), {
      kind: "incomplete",
      upgrade: "ok",
      connection: "upgrade",
      version: true,
      cacheBypass: false,
    });
  });

  it("only the Connection header lost: shadowed, naming just that one", () => {
    const text = `server {
    listen 80;
    proxy_http_version 1.1;
    proxy_set_header Connection "upgrade";
    location /ws/ {
        proxy_pass http://app;
        proxy_set_header Upgrade $http_upgrade;
    }
}
`;
    assert.deepEqual(brief(judge(text, "location /ws/")), {
      kind: "shadowed",
      upgrade: "ok",
      connection: "missing",
      version: false,
      cacheBypass: false,
      lost: ["connection"],
    });
  });

  it("an outer list without upgrade headers is no lost WebSocket setup, nor is upstream keep-alive", () => {
    const text = `server {
    listen 80;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    location /a/ {
        proxy_pass http://app;
        proxy_set_header X-Real-IP $remote_addr;
    }
    location /b/ {
        proxy_pass http://app;
    }
}
`;
    const missing = {
      kind: "missing",
      upgrade: "missing",
      connection: "missing",
      version: false,
      cacheBypass: false,
    };
    assert.deepEqual(brief(judge(text, "location /a/")), missing);
    // Inheriting `Connection ""` with HTTP/1.1 is the upstream keep-alive idiom: deliberate.
    assert.deepEqual(brief(judge(text, "location /b/")), { kind: "keepalive" });
    // Unless the user asks for WebSockets there (the code action): then it is incomplete.
    assert.deepEqual(brief(judge(text, "location /b/", V1_22, false, true)), {
      kind: "incomplete",
      upgrade: "missing",
      connection: "keepalive",
      version: false,
      cacheBypass: false,
    });
  });

  it("a fixed Upgrade: websocket is complete only where every request is a handshake", () => {
    const text = `server {
    listen 80;
    location /ws/ {
        proxy_pass http://app;
        proxy_http_version 1.1;
        proxy_set_header Upgrade websocket;
        proxy_set_header Connection upgrade;
    }
}
`;
    assert.deepEqual(brief(judge(text, "location /ws/")), {
      kind: "incomplete",
      upgrade: "literal",
      connection: "upgrade",
      version: false,
      cacheBypass: false,
    });
    // The default: not known to serve only WebSockets.
    const { levels, maps } = levelsOf(text);
    assert.equal(judgeWebSocket(levels.get("location /ws/") as ProxyLevel, V1_22, maps).kind, "incomplete");
    assert.deepEqual(brief(judge(text, "location /ws/", V1_22, true)), { kind: "ok" });
  });

  it("HTTP/1.1 is needed before 1.29.7 and the default from then on; a written version always counts", () => {
    const text = `server {
    listen 80;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection upgrade;
    location /a/ {
        proxy_pass http://app;
    }
    location /b/ {
        proxy_pass http://app;
        proxy_http_version 1.0;
    }
}
`;
    const at = (version: string, where: string) => judge(text, where, parseVersion(version) as Version).kind;
    assert.equal(at("1.29.6", "location /a/"), "incomplete");
    assert.equal(at("1.29.7", "location /a/"), "ok");
    assert.equal(at("1.30.0", "location /a/"), "ok");
    assert.equal(at("1.29.7", "location /b/"), "incomplete");
  });

  it("proxy_cache asks for a bypass on $http_upgrade, among the bypass's conditions; proxy_cache off does not", () => {
    const text = `server {
    listen 80;
    proxy_cache zone;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection upgrade;
    location /a/ {
        proxy_pass http://app;
        proxy_cache_bypass $cookie_nocache $http_upgrade;
    }
    location /b/ {
        proxy_pass http://app;
        proxy_cache_bypass $cookie_nocache;
    }
    location /c/ {
        proxy_pass http://app;
        proxy_cache off;
    }
    location /d/ {
        proxy_pass http://app;
        proxy_http_version 1.1;
        proxy_cache_bypass $http_upgrade;
    }
    location /e/ {
        proxy_pass http://app;
        proxy_cache_bypass $http_upgrade;
        proxy_cache_bypass $cookie_nocache;
    }
}
`;
    const cache = (where: string) => {
      const verdict = judge(text, where);
      return verdict.kind === "incomplete" ? verdict.problems.cacheBypass : verdict.kind;
    };
    // Each also lacks HTTP/1.1, so the full judgement runs.
    assert.equal(cache("location /a/"), false);
    assert.equal(cache("location /b/"), true);
    assert.equal(cache("location /c/"), false);
    assert.equal(cache("location /d/"), "ok");
    // Several proxy_cache_bypass lines in one level add up.
    assert.equal(cache("location /e/"), false);
  });
});

it("the settings of one level, asked alone, are those the walk over the configuration finds", () => {
  const text = `http {
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    server {
        listen 80;
        proxy_cache zone;
        location /a/ {
            proxy_set_header Host $host;
            location /a/b/ {
                proxy_pass http://app;
                proxy_cache_bypass $http_upgrade;
            }
        }
    }
}
`;
  const { levels } = levelsOf(text);
  const walked = levels.get("location /a/b/") as ProxyLevel;
  const alone = proxyLevel(walked.level, walked.proxyPass);
  const names = (level: ProxyLevel) => ({
    headers: level.headers.headers.map((h) => `${h.name} ${h.value}`),
    definedAt: level.headers.definedAt?.directive.name.value,
    shadowed: level.shadowedLists.map((l) => l.headers.map((h) => h.name)),
    version: level.httpVersion?.args,
    cache: level.cache?.args,
    bypass: level.cacheBypass.map((b) => b.args),
  });
  const expected = {
    headers: ["host $host"],
    definedAt: "location",
    shadowed: [["upgrade"]],
    version: ["1.1"],
    cache: ["zone"],
    bypass: [["$http_upgrade"]],
  };
  assert.deepEqual(names(walked), expected);
  assert.deepEqual(names(alone), expected);
  assert.equal(alone.level, walked.level);
});

it("a complete setup, or upstream keep-alive, gets no WebSocket fix", () => {
  const text = `server {
    listen 80;
    location /a/ {
        proxy_pass http://app;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection upgrade;
    }
    location /b/ {
        proxy_pass http://app;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
    }
}
`;
  const { levels, maps } = levelsOf(text);
  for (const [at, kind] of [
    ["location /a/", "ok"],
    ["location /b/", "keepalive"],
  ] as const) {
    const level = levels.get(at) as ProxyLevel;
    const verdict = judgeWebSocket(level, V1_22, maps);
    assert.equal(verdict.kind, kind);
    assert.deepEqual(websocketFixes(level, verdict, false, "Add WebSocket proxying"), [], at);
  }
});

it("a level that sets only proxy_http_version, proxy_cache or proxy_cache_bypass passes it down", () => {
  const text = `http {
    proxy_cache zone;
    server {
        listen 80;
        proxy_http_version 1.1;
        location /ws/ {
            proxy_pass http://app;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection upgrade;
            proxy_cache_bypass $http_upgrade;
        }
    }
    server {
        listen 81;
        proxy_cache_bypass $http_upgrade;
        location /ws/ {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection upgrade;
        }
    }
}
`;
  const { levels, maps } = levelsOf(text);
  assert.equal(levels.size, 1, "both locations are named alike");
  const verdicts: string[] = [];
  forEachProxyLevel(analyzeConfig(text).nodes, (level) =>
    verdicts.push(judgeWebSocket(level, V1_22, maps).kind),
  );
  assert.deepEqual(verdicts, ["ok", "ok"]);
  // What each location has in effect, each from a level that sets nothing else.
  const cached = (level: ProxyLevel) => level.cache?.args;
  const all: ProxyLevel[] = [];
  forEachProxyLevel(analyzeConfig(text).nodes, (level) => all.push(level));
  assert.deepEqual(all.map(cached), [["zone"], ["zone"]]);
  assert.deepEqual(
    all.map((l) => l.httpVersion?.args),
    [["1.1"], ["1.1"]],
  );
  assert.deepEqual(
    all.map((l) => l.cacheBypass.map((b) => b.args)),
    [[["$http_upgrade"]], [["$http_upgrade"]]],
  );
});
